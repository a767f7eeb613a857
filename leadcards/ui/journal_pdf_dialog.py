"""File ▸ Export Journal as PDF… and File ▸ Print Worksheets…: choose, save, open.

Both are thin over the core: the journal report is ``journal_pdf_bytes`` and the
worksheets ``worksheets_pdf``, written by the guarded writer, run off the GUI thread with a
progress bar and Cancel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from leadcards.fileio import Keep, write_bytes
from leadcards.journal.model import SPACES
from leadcards.journal.report import PERIODS, JournalReport, JournalSelection, period
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.paths import Paths
from leadcards.printing import settings
from leadcards.printing.layout import default_paper
from leadcards.progress import Progress
from leadcards.ui.background import Task, run_task
from leadcards.ui.card_picker import CardPicker
from leadcards.ui.dates import day_of
from leadcards.ui.focus_ring import rings_from_the_start
from leadcards.ui.passphrase_dialog import ask_before_writing_plain

if TYPE_CHECKING:
    from leadcards.printing.worksheets import WorksheetsReport
from leadcards.ui.saved_pdf import (
    ButtonRow,
    SavedNote,
    ask_for_pdf,
    failure_text,
    keep_focus_style,
)
from leadcards.ui.settings import WindowState, WindowStateMixin

CHOOSE_DATES = "choose"
PRIVATE_NOTE = (
    "This PDF holds your personal reflections. It is saved readable by you only; keep it "
    "somewhere private and think before you share it."
)


def _paper_box() -> QComboBox:
    box = QComboBox()
    box.setAccessibleName("Paper")
    box.addItem("A4", "a4")
    box.addItem("Letter", "letter")
    box.setCurrentIndex(box.findData(default_paper(settings.system_locale())))
    return box


def _ticked(widget: QListWidget) -> list[str]:
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def _checklist(name: str, items: list[tuple[str, str]], checked: bool) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.setProperty("focusRing", True)
    for value, label in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(24 * max(2, min(len(items), 5)) + 8)
    return widget


class _PdfDialog(WindowStateMixin, QDialog):
    """What both dialogs share: a form, the save button, the note of what was saved."""

    pdf_saved = Signal(str)

    def __init__(
        self,
        paths: Paths,
        name: str,
        title: str,
        parent: QWidget | None,
        kept: Callable[[], Keep] | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.kept = kept or (lambda: Keep.of(paths))
        self.window_state = WindowState(paths, name)
        self.setWindowTitle(title)
        self.task: Task | None = None
        self.form = QFormLayout()
        self.saved = SavedNote()
        self.buttons = ButtonRow()
        self.save_button = self.buttons.addButton(
            "Save PDF…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.choose_file)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        self.problem = QLabel()
        self.problem.setObjectName("pdfProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()

    def _finish_layout(self, *top: QWidget) -> None:
        column = QVBoxLayout(self)
        for widget in top:
            column.addWidget(widget)
        column.addLayout(self.form)
        column.addWidget(self.problem)
        footer = QHBoxLayout()
        footer.addWidget(self.saved, 1)
        footer.addWidget(self.buttons)
        column.addLayout(footer)
        self.restore_window_state()
        keep_focus_style(self)
        rings_from_the_start(self)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark followed
            keep_focus_style(self)

    def _folder(self) -> Path:
        folder = Path(self.window_state.value("folder", str(Path.home())))
        return folder if folder.is_dir() else Path.home()

    def suggested_name(self) -> str:
        raise NotImplementedError

    def choose_file(self) -> None:
        target = ask_for_pdf(self, self.windowTitle(), self._folder() / self.suggested_name())
        if target is not None:
            self.save_to(target)

    def save_to(self, target: Path) -> Task | None:
        raise NotImplementedError

    def _run(self, target: Path, label: str, work: object, done: object) -> Task:
        def finished(result: object) -> None:
            self.window_state.set_value("folder", str(target.parent))
            done(result)  # type: ignore[operator]
            self.pdf_saved.emit(str(target))

        def failed(exc: BaseException) -> None:
            self.saved.failed(f"The PDF was not saved: {failure_text(exc)}")

        self.problem.hide()
        self.task = run_task(self, label, work, finished, failed)  # type: ignore[arg-type]
        self.save_button.setEnabled(False)
        self.task.finished.connect(self._finished)
        return self.task

    def _finished(self) -> None:
        if self.task is not None and self.task.cancelled:
            self.saved.failed("Cancelled: nothing was saved.")
        self.task = None
        self.save_button.setEnabled(True)

    def _refuse(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def done(self, result: int) -> None:
        if self.task is not None and self.task.is_running():
            self.saved.say("Still saving: wait for it to finish, or cancel it.")
            return
        self.save_window_state()
        super().done(result)


class JournalPdfDialog(_PdfDialog):
    def __init__(
        self,
        library: Library,
        journal: Journal,
        paths: Paths,
        parent: QWidget | None = None,
        kept: Callable[[], Keep] | None = None,
    ) -> None:
        kept = kept or (lambda: Keep.of(paths, journals=(journal.path,)))
        super().__init__(paths, "journal-pdf", "Export Journal as PDF", parent, kept)
        self.library, self.journal = library, journal
        self.question: QMessageBox | None = None  # "write it unencrypted?", when asked
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for key, label in PERIODS.items():
            self.period.addItem(label, key)
        self.period.addItem("Choose dates…", CHOOSE_DATES)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addMonths(-3))
        self.since.setAccessibleName("From")
        self.until = QDateEdit(today)
        self.until.setAccessibleName("To")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMMM yyyy")
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.since)
        row.addWidget(QLabel("to"))
        row.addWidget(self.until)
        self.dates = dates
        self.cards = CardPicker(library.decks)
        for deck in library.decks:
            self.cards.check_deck(deck.id)
        self.include_loose = QCheckBox("Reflections on no card")
        self.include_loose.setChecked(True)
        self.spaces = _checklist("Spaces", [(s, s.capitalize()) for s in SPACES], True)
        self.no_space = QCheckBox("Reflections with no space")
        self.no_space.setChecked(True)
        tags = journal.tags()
        self.tags = _checklist("Tags", [(t, t) for t in tags], False)
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Your name, for the cover")
        self.owner.setPlaceholderText("optional")
        self.owner.setText(self.window_state.value("owner"))
        self.paper = _paper_box()
        self.form.addRow("Period:", self.period)
        self.form.addRow("", self.dates)
        self.form.addRow("Cards:", self.cards)
        self.form.addRow("", self.include_loose)
        self.form.addRow("Spaces:", self.spaces)
        self.form.addRow("", self.no_space)
        if tags:
            self.form.addRow("Only with tags:", self.tags)
        self.form.addRow("Name on the cover:", self.owner)
        self.form.addRow("Paper:", self.paper)
        note = QLabel(PRIVATE_NOTE)
        note.setObjectName("privacyNote")
        note.setWordWrap(True)
        journal_name = QLabel(f"Journal: {journal.name}")
        journal_name.setTextFormat(Qt.TextFormat.PlainText)
        self.period.currentIndexChanged.connect(self._period_changed)
        self._period_changed()
        self._finish_layout(journal_name, note)

    def _period_changed(self) -> None:
        self.form.setRowVisible(self.dates, self.period.currentData() == CHOOSE_DATES)

    def selection(self) -> JournalSelection | str:
        """The choices as a selection, or what is wrong with them."""
        key = self.period.currentData()
        if key == CHOOSE_DATES:
            since: dt.date | None = day_of(self.since.date())
            until: dt.date | None = day_of(self.until.date())
        else:
            since, until = period(key, dt.date.today())
        chosen = self.cards.chosen()
        if not chosen and not self.include_loose.isChecked():
            return "Tick the cards whose reflections to include."
        spaces = _ticked(self.spaces)
        if not spaces and not self.no_space.isChecked():
            return "Tick at least one space."
        every_card = self.cards.everything() and self.include_loose.isChecked()
        every_space = len(spaces) == len(SPACES) and self.no_space.isChecked()
        return JournalSelection(
            since=since,
            until=until,
            card_ids=None
            if every_card
            else tuple(f"{d.id}/{c.id}" for d, cs in chosen for c in cs),
            spaces=() if every_space else tuple(spaces),
            tags=tuple(_ticked(self.tags)),
            loose=self.include_loose.isChecked(),
            no_space=self.no_space.isChecked(),
        )

    def suggested_name(self) -> str:
        return f"{self.journal.name} journal.pdf"

    def choose_file(self) -> None:
        """The file, and for an encrypted journal a yes to writing it unencrypted."""
        target = ask_for_pdf(self, self.windowTitle(), self._folder() / self.suggested_name())
        if target is None:
            return
        if self.journal.encrypted:
            self.question = ask_before_writing_plain(
                self, target, lambda: self.save_to(target), "plainPdfQuestion"
            )
            return
        self.save_to(target)

    def save_to(self, target: Path) -> Task | None:
        selection = self.selection()
        if isinstance(selection, str):
            self._refuse(selection)
            return None
        keep = self.kept()
        if not self.saved.may_write(target, keep):
            return None
        journal, decks = self.journal, self.library.decks
        owner = self.owner.text().strip() or None
        paper = self.paper.currentData()
        self.window_state.set_value("owner", owner or "")

        def work(progress: Progress) -> JournalReport:
            from leadcards.printing.journal_pdf import journal_pdf_bytes  # loads reportlab

            data, report = journal_pdf_bytes(
                journal, decks, selection, owner=owner, paper=paper, progress=progress
            )
            write_bytes(target, data, private=True, keep=keep)
            return report

        def done(report: JournalReport) -> None:
            text = (
                f"Saved {report.entries} reflections on {report.pages} pages to {target} "
                "(readable by you only)."
            )
            if report.missing:
                from leadcards.printing.text import placeholder_note  # loaded by then

                text += f" {placeholder_note(report.missing)}."
            self.saved.saved(target, text)

        return self._run(target, f"Writing {target.name}…", work, done)


class WorksheetsDialog(_PdfDialog):
    def __init__(
        self,
        library: Library,
        paths: Paths,
        deck_id: str,
        parent: QWidget | None = None,
        kept: Callable[[], Keep] | None = None,
    ) -> None:
        super().__init__(paths, "worksheets", "Print Worksheets", parent, kept)
        self.library = library
        self.cards = CardPicker(library.decks)
        self.cards.check_deck(deck_id)
        self.paper = _paper_box()
        self.form.addRow("Cards:", self.cards)
        self.form.addRow("Paper:", self.paper)
        explain = QLabel(
            "A sheet for each card, to print two-sided: the card with its indicators to tick "
            "and the temperature-check scale, then the questions with room to write."
        )
        explain.setWordWrap(True)
        self._finish_layout(explain)

    def suggested_name(self) -> str:
        chosen = self.cards.chosen()
        return "-".join(deck.id for deck, _ in chosen) + "-worksheets.pdf"

    def save_to(self, target: Path) -> Task | None:
        chosen = self.cards.chosen()
        if not chosen:
            self._refuse("Tick the cards to make worksheets for.")
            return None
        keep = self.kept()
        if not self.saved.may_write(target, keep):
            return None
        paper = self.paper.currentData()
        count = sum(len(cards) for _, cards in chosen)

        def work(progress: Progress) -> WorksheetsReport:
            from leadcards.printing.worksheets import worksheets_pdf  # loads reportlab

            data, report = worksheets_pdf(chosen, paper=paper, progress=progress)
            write_bytes(target, data, keep=keep)
            return report

        def done(report: WorksheetsReport) -> None:
            noun = "worksheet" if count == 1 else "worksheets"
            text = f"Saved {count} {noun} on {report.pages} pages to {target}."
            if report.missing:
                from leadcards.printing.text import placeholder_note  # loaded by then

                text += f" {placeholder_note(report.missing)}."
            self.saved.saved(target, text)

        return self._run(target, f"Writing {target.name}…", work, done)
