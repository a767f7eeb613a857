"""Pick the evidence: the reflections to take into an appraisal, ticked in a list.

The reflections are listed newest first (the date, the card, the first line), each with a
tick box; a search box narrows the list to those holding every word typed (as the start of
a word, in the text or the card's title). Everything is done from the keyboard: Down from
the search box goes into the list, the arrows move, Space ticks, Enter takes the choice.
At most ``MAX_EVIDENCE`` can be ticked; a tick beyond that is refused and said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leadcards.browse import fold
from leadcards.journal.model import Entry
from leadcards.limits import local
from leadcards.ui.announce import announce
from leadcards.ui.appearance import TypeScale, font
from leadcards.ui.focus_ring import rings_from_the_start
from leadcards.ui.saved_pdf import ButtonRow, keep_focus_style

MAX_EVIDENCE = 12
FIRST_LINE_CHARS = 160
UuidRole = Qt.ItemDataRole.UserRole
WordsRole = Qt.ItemDataRole.UserRole + 1  # the folded text the search looks in


def first_line(text: str) -> str:
    """The first line with words on it, shortened to ``FIRST_LINE_CHARS``."""
    for line in text[: FIRST_LINE_CHARS * 8].splitlines():
        line = " ".join(line.split())
        if line:
            if len(line) > FIRST_LINE_CHARS:
                return line[: FIRST_LINE_CHARS - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
            return line
    return "(no words)"


def matches(words: str, haystack: str) -> bool:
    """Whether ``haystack`` (folded) holds every word of ``words`` as the start of a word."""
    return all(
        re.search(r"(?<!\w)" + re.escape(word), haystack) is not None
        for word in fold(words).split()
    )


class EvidencePicker(QDialog):
    """The reflections with tick boxes; ``chosen_uuids()`` once accepted."""

    def __init__(
        self,
        entries: Sequence[Entry],
        titles: Mapping[tuple[str, str], str],
        *,
        chosen: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pick the evidence")
        wanted = set(chosen)
        newest_first = sorted(entries, key=lambda entry: entry.created, reverse=True)
        intro = QLabel(
            f"Tick the reflections that show your strengths and development areas best, up "
            f"to {MAX_EVIDENCE}. Space ticks; Enter takes the ones ticked."
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by words")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the reflections")
        self.search.installEventFilter(self)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName("Reflections to choose as evidence")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setProperty("focusRing", True)
        ticked = 0
        for entry in newest_first:
            when = local(entry.created).strftime("%d %B %Y")
            title = titles.get((entry.deck_id or "", entry.card_id or ""), entry.card_id or "")
            head = f"{when} \N{MIDDLE DOT} {title}" if title else when
            line = first_line(entry.text)
            item = QListWidgetItem(f"{head}\n{line}")
            item.setData(UuidRole, entry.uuid)
            item.setData(WordsRole, fold(f"{title} {entry.text}"))
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{title or 'No card'}, {when}: {line}",
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            tick = entry.uuid in wanted and ticked < MAX_EVIDENCE
            ticked += tick
            item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.count = QLabel()
        self.count.setObjectName("evidenceCount")
        self.problem = QLabel()
        self.problem.setObjectName("evidenceProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setFont(font(TypeScale.BODY - 0.5, bold=True))
        self.problem.hide()
        self.empty = QLabel(
            "No reflections in the journal yet."
            if not entries
            else "No reflection holds these words."
        )
        self.empty.setWordWrap(True)
        self.buttons = ButtonRow(QDialogButtonBox.StandardButton.Cancel)
        use = self.buttons.addButton("&Use These", QDialogButtonBox.ButtonRole.AcceptRole)
        use.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.count)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._filter)
        self.list.itemChanged.connect(self._ticked)
        self._filter("")
        keep_focus_style(self)
        rings_from_the_start(self)
        self.search.setFocus()  # typing searches at once; Down goes into the list
        self.resize(620, 560)

    # ------------------------------------------------------------------ choosing

    def chosen_uuids(self) -> list[str]:
        """The uuids ticked, newest first (hidden by the search or not)."""
        return [str(item.data(UuidRole)) for item in self._items() if self._is_ticked(item)]

    def _items(self) -> list[QListWidgetItem]:
        found = [self.list.item(row) for row in range(self.list.count())]
        return [item for item in found if item is not None]

    @staticmethod
    def _is_ticked(item: QListWidgetItem) -> bool:
        return bool(item.checkState() == Qt.CheckState.Checked)

    def _ticked(self, item: QListWidgetItem) -> None:
        count = len(self.chosen_uuids())
        if self._is_ticked(item) and count > MAX_EVIDENCE:
            self.list.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.blockSignals(False)
            self._say(
                f"At most {MAX_EVIDENCE} reflections can be chosen: untick one to choose this one."
            )
        else:
            self.problem.hide()
        self._show_count()

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        announce(self.problem, message)

    def _show_count(self) -> None:
        chosen = len(self.chosen_uuids())
        self.count.setText(f"{chosen} of {MAX_EVIDENCE} chosen")

    # ------------------------------------------------------------------ the search

    def _filter(self, words: str) -> None:
        shown = 0
        for row, item in enumerate(self._items()):
            hidden = not matches(words, str(item.data(WordsRole)))
            self.list.setRowHidden(row, hidden)
            shown += not hidden
        current = self.list.currentItem()
        if current is None or current.isHidden():
            visible = [item for item in self._items() if not item.isHidden()]
            self.list.setCurrentItem(visible[0] if visible else None)  # type: ignore[arg-type]
        self.empty.setVisible(shown == 0)
        self._show_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Down (or Page Down) in the search box goes into the list."""
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            and self.list.currentItem() is not None
        ):
            self.list.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark followed
            keep_focus_style(self)
