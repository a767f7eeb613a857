"""The main window's commitments: View ▸ Commitments, and the panel that asks how due ones
went when the journal is opened (or a plan is started), never before the first paint and
never taking the keyboard from the cards.

The window builds this after its first paint; it only wires :mod:`leadcards.ui.
commitments_view`'s widgets to the journal open in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QVBoxLayout, QWidget

from leadcards import limits
from leadcards.commitments import due_commitments, follow_up
from leadcards.journal.model import JournalError
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.ui import focus_ring
from leadcards.ui.commitments_view import CommitmentsView, FollowUpPanel, card_titles
from leadcards.ui.saved_pdf import ButtonRow, keep_focus_style


class CommitmentsController(QObject):
    """The follow-up panel (placed by the window) and the Commitments window."""

    problem = Signal(str)

    def __init__(
        self,
        library: Library,
        journal: Callable[[], Journal | None],
        parent: QWidget,
        *,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._journal = journal
        self._today = today or (lambda: limits.local(dt.datetime.now(dt.UTC)).date())
        self.titles = card_titles(library)
        self.panel = FollowUpPanel()
        self.panel.hide()
        self.panel.answered.connect(self._answered)
        self.window: QMainWindow | None = None
        self.view: CommitmentsView | None = None

    def ask_about_due(self) -> int:
        """Show the panel for the open journal's due commitments (none: it stays hidden);
        how many are due is returned."""
        journal = self._journal()
        if journal is None:
            self.panel.hide()
            return 0
        try:
            due = due_commitments(journal, self._today())
        except JournalError as exc:
            self.problem.emit(f"The commitments in this journal could not be read: {exc}")
            return 0
        self.panel.show_due(due, self.titles)
        return len(due)

    def refresh(self) -> None:
        """Read the journal again (after an import): the window and the panel."""
        if self.view is not None:
            self.view.refresh()
        self.ask_about_due()

    def journal_closing(self) -> None:
        """Nothing of a journal being closed stays on screen."""
        self.panel.hide()
        if self.window is not None:
            self.window.close()

    def _answered(self, commitment_uuid: str, how: str, text: str) -> None:
        journal = self._journal()
        try:
            if journal is None:
                raise JournalError("no journal is open")
            follow_up(journal, commitment_uuid, how, text)
        except JournalError as exc:
            self.problem.emit(f"How it went was not kept: {exc}")
            return
        self.panel.next()
        if self.view is not None:
            self.view.refresh()

    def show_window(self, parent: QWidget, deck_id: str | None) -> QWidget:
        """View ▸ Commitments: one window, made on first use."""
        if self.window is None:
            # A window, not a dialog: a dialog's Enter would also press a default button
            # (Enter on a commitment asks how it went, and nothing else). A main window is
            # a frame to a screen reader, as the app's other windows are.
            window = QMainWindow(parent)
            window.setWindowTitle("Commitments")
            body = QWidget()
            window.setCentralWidget(body)
            escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
            escape.activated.connect(window.close)
            view = CommitmentsView(self.library, self._journal)
            buttons = ButtonRow(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(window.close)
            layout = QVBoxLayout(body)
            layout.addWidget(view, 1)
            layout.addWidget(buttons)
            keep_focus_style(window)
            focus_ring.rings_from_the_start(window)
            window.resize(1000, 700)
            view.changed.connect(self.ask_about_due)
            self.window, self.view = window, view
        assert self.view is not None
        self.view.set_deck(deck_id)
        self.view.refresh()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.view.tree.setFocus(Qt.FocusReason.OtherFocusReason)  # the commitments
        return self.window
