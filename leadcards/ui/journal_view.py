"""The journal as a timeline: filter, search with highlights, edit, delete with undo.

The list is a lazy model: it asks the journal for one page of entries at a time as the user
scrolls, so 10,000 reflections cost no more to show than 200. Deleting puts the entry on the
undo stack (Ctrl+Z brings it back exactly as it was).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeySequence,
    QPainter,
    QShortcut,
    QTextDocument,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from leadcards.browse import fold
from leadcards.colours import Scheme
from leadcards.deck import Deck, card_titles
from leadcards.journal.model import (
    EVERY_ENTRY,
    SPACES,
    Entry,
    EntryFilter,
    JournalError,
    parse_tags,
)
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.limits import local
from leadcards.ui.appearance import INKS, SPACING
from leadcards.ui.dates import day_of

PAGE = 200
EntryRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class EntryModel(QAbstractListModel):
    """Entries matching a filter, fetched a page at a time as the view needs them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal: Journal | None = None
        self.where = EVERY_ENTRY
        self.rows: list[Entry] = []
        self.total = 0
        self.titles: dict[tuple[str, str], str] = {}  # (deck id, card id) -> card title

    def reload(self, journal: Journal | None, where: EntryFilter) -> None:
        self.beginResetModel()
        self.journal, self.where = journal, where
        self.rows = []
        self.total = journal.count_matching(where) if journal else 0
        self.endResetModel()
        self.fetchMore(QModelIndex())  # the first page at once: the view opens filled

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802 (Qt's name)
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index) -> None:  # noqa: N802 (Qt's name)
        if self.journal is None or parent.isValid():
            return
        more = self.journal.entries(self.where, limit=PAGE, offset=len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entry = self.rows[index.row()]
        if role == EntryRole:
            return entry
        when = local(entry.created).strftime("%d %B %Y %H:%M")
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{when}: {entry.text[:300]}"
        if role == Qt.ItemDataRole.AccessibleTextRole:  # what is drawn: card, date, space, text
            key = (entry.deck_id or "", entry.card_id or "")
            about = self.titles.get(key, entry.card_id or "no card")
            space = f", {entry.space}" if entry.space else ""
            return f"{about}, {when}{space}: {entry.text[:300]}"
        return None

    def replace(self, entry: Entry) -> None:
        for row, old in enumerate(self.rows):
            if old.uuid == entry.uuid:
                self.rows[row] = entry
                self.dataChanged.emit(self.index(row), self.index(row))
                return


def highlighted(text: str, words: str, mark: str) -> str:
    """``text`` as escaped HTML with every occurrence of a search word's prefix marked."""
    escaped = html.escape(text)
    terms = [re.escape(html.escape(w)) for w in fold(words).split() if w]
    if not terms:
        return escaped.replace("\n", "<br>")
    pattern = re.compile(r"\b(" + "|".join(terms) + r")", re.IGNORECASE)
    marked = pattern.sub(lambda m: f'<span style="background:{mark}">{m.group(0)}</span>', escaped)
    return marked.replace("\n", "<br>")


class EntryDelegate(QStyledItemDelegate):
    """Date, card and space in small type, then the text with search matches marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = Scheme.LIGHT
        self.words = ""
        self.titles: dict[tuple[str, str], str] = {}

    def _document(self, entry: Entry, width: float) -> QTextDocument:
        ink = INKS[self.scheme]
        when = local(entry.created).strftime("%d %b %Y %H:%M")
        about = self.titles.get((entry.deck_id or "", entry.card_id or ""), entry.card_id or "")
        meta = " · ".join(html.escape(p) for p in (when, about, entry.space or "") if p)
        body = entry.text if len(entry.text) <= 600 else entry.text[:600] + "…"
        mark = "#FFE08A" if self.scheme is Scheme.LIGHT else "#7A5C00"
        document = QTextDocument()
        document.setDocumentMargin(8)
        document.setHtml(
            f'<div style="color:{ink.secondary}; font-size:small">{meta}</div>'
            f'<div style="color:{ink.text}">{highlighted(body, self.words, mark)}</div>'
        )
        document.setTextWidth(width)
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        entry = index.data(EntryRole)
        if not isinstance(entry, Entry):
            return QSize(0, 0)
        width = max(option.rect.width(), 200)
        height = self._document(entry, width).size().height()
        return QSize(int(width), int(min(height, 220)) + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        entry = index.data(EntryRole)
        if not isinstance(entry, Entry):
            return
        rect = option.rect
        state = option.state
        painter.save()
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.alternateBase())
            painter.fillRect(rect.adjusted(0, 0, -rect.width() + 4, 0), option.palette.highlight())
        painter.setClipRect(rect)
        painter.translate(rect.topLeft())
        document = self._document(entry, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, 0, rect.width(), rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()


class DeleteEntry(QUndoCommand):
    def __init__(self, view: JournalView, entry: Entry) -> None:
        super().__init__(f"Delete reflection of {local(entry.created):%d %b %H:%M}")
        self.view, self.entry = view, entry

    def redo(self) -> None:
        self.view.apply_delete(self.entry)

    def undo(self) -> None:
        self.view.apply_restore(self.entry)


class JournalView(QWidget):
    entry_deleted = Signal(str)
    entry_restored = Signal(str)
    problem_reported = Signal(str)
    close_requested = Signal()

    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journalView")
        self.library = library
        self.journal: Journal | None = None
        # The window's own history when it has one, so its Edit menu undoes here.
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        titles = card_titles(library.decks)

        self.model = EntryModel(self)
        self.model.titles = titles
        self.delegate = EntryDelegate(self)
        self.delegate.titles = titles
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setAccessibleName("Reflections")
        self.list.setSpacing(2)
        self.list.setProperty("focusRing", True)

        filters = QGridLayout()
        filters.setHorizontalSpacing(SPACING)
        filters.setVerticalSpacing(2)
        self.deck = self._combo(
            "Deck", [("Any deck", None)] + [(d.title, d.id) for d in library.decks]
        )
        self.theme = self._combo("Theme or condition", [("Any theme", None)])
        self.card = self._combo("Card", [("Any card", None)])
        self.space = self._combo(
            "Space", [("Any space", None)] + [(s.capitalize(), s) for s in SPACES]
        )
        self.tag = self._combo("Tag", [("Any tag", None)])
        self.use_dates = QCheckBox("From")
        self.use_dates.setAccessibleName("Only reflections in a date range")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-3))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "From date"), (self.date_to, "To date")):
            edit.setCalendarPopup(True)
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search reflections")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search reflections")
        # Each filter's label above it, as its buddy: a screen reader says "Deck" and then
        # "Any deck", where it said only the value before.
        for column, (text, widget) in enumerate(
            (
                ("&Deck", self.deck),
                ("&Theme or condition", self.theme),
                ("&Card", self.card),
                ("S&pace", self.space),
                ("Ta&g", self.tag),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label, 0, column)
            filters.addWidget(widget, 1, column)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.date_to)
        dates.addWidget(self.search, 1)
        filters.addLayout(dates, 2, 0, 1, 5)

        self.count = QLabel()  # "3 reflections": the text is what a reader says
        self.back_button = QPushButton("All cards")
        self.back_button.setToolTip("Back to the cards (Esc)")
        self.back_button.clicked.connect(self.close_requested)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_requested)
        editor = QFrame()
        editing = QVBoxLayout(editor)
        self.edit_heading = QLabel("Select a reflection to read or edit it")
        self.edit_heading.setWordWrap(True)
        self.edit_space = self._combo(
            "Space of the selected reflection",
            [("Not a particular space", None)] + [(s.capitalize(), s) for s in SPACES],
        )
        edit_space_label = QLabel("Space of the selected reflection")
        edit_space_label.setBuddy(self.edit_space)
        self.edit_text = QPlainTextEdit()
        self.edit_text.setAccessibleName("Text of the selected reflection")
        self.edit_text.setTabChangesFocus(True)
        self.edit_tags = QLineEdit()
        self.edit_tags.setAccessibleName("Tags of the selected reflection, separated by commas")
        self.edit_tags.setPlaceholderText("Tags, comma-separated")
        self.edit_tags.setMaxLength(1000)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save changes")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete this reflection (Delete); undo with Ctrl+Z")
        self.edit_status = QLabel()
        buttons.addWidget(self.edit_status, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        editing.addWidget(self.edit_heading)
        editing.addWidget(edit_space_label)
        editing.addWidget(self.edit_space)
        editing.addWidget(self.edit_text, 1)
        editing.addWidget(self.edit_tags)
        editing.addLayout(buttons)
        self._set_editing(None)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        page = QVBoxLayout(self)
        page.setContentsMargins(SPACING * 2, SPACING, SPACING * 2, SPACING)
        page.addLayout(filters)
        counting = QHBoxLayout()
        counting.addWidget(self.count, 1)
        counting.addWidget(self.back_button)
        page.addLayout(counting)
        page.addWidget(split, 1)

        for combo in (self.deck, self.theme, self.card, self.space, self.tag):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.deck.currentIndexChanged.connect(lambda _: self._deck_changed())
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(lambda _: self.refresh())
        self.date_to.dateChanged.connect(lambda _: self.refresh())
        self.search.textChanged.connect(lambda _: self.refresh())
        self.list.selectionModel().currentChanged.connect(
            lambda current, _: self._selected(current)
        )
        self.save_button.clicked.connect(self.save_changes)
        self.delete_button.clicked.connect(self.delete_selected)
        self._order_tabs()
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)

    def _order_tabs(self) -> None:
        """Tab goes as the eye does: the filters, the list, then the editor beside it."""
        chain: list[QWidget] = [
            self.deck,
            self.theme,
            self.card,
            self.space,
            self.tag,
            self.use_dates,
            self.date_from,
            self.date_to,
            self.search,
            self.back_button,
            self.list,
            self.edit_space,
            self.edit_text,
            self.edit_tags,
            self.delete_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _combo(self, name: str, options: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for text, value in options:
            combo.addItem(text, value)
        return combo

    # ------------------------------------------------------------------ filters

    def set_journal(self, journal: Journal | None) -> None:
        self.journal = journal
        self.undo_stack.clear()
        self.refresh_tags()
        self.refresh()

    def refresh_tags(self) -> None:
        """The tag filter's choices, from the journal; the chosen tag stays chosen."""
        chosen = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", None)
        for tag in self.journal.tags() if self.journal else []:
            self.tag.addItem(tag, tag)
        self.tag.setCurrentIndex(max(0, self.tag.findData(chosen)))
        self.tag.blockSignals(False)

    def set_scheme(self, scheme: Scheme) -> None:
        self.delegate.scheme = scheme
        self.list.viewport().update()

    def _deck(self) -> Deck | None:
        deck_id = self.deck.currentData()
        return self.library.deck(deck_id) if deck_id else None

    def _deck_changed(self) -> None:
        deck = self._deck()
        for combo, options in (
            (self.theme, [(t.title, t.id) for t in deck.themes] if deck else []),
            (self.card, [(c.title, c.id) for c in deck.cards] if deck else []),
        ):
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, value in options:
                combo.addItem(text, value)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.refresh()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.refresh()

    def filters(self) -> EntryFilter:
        """The reflections the filters choose."""
        deck = self._deck()
        cards: tuple[tuple[str, str], ...] | None = None
        if deck is not None:
            card_id, theme_id = self.card.currentData(), self.theme.currentData()
            if theme_id:  # the theme's cards (the card chosen, if it is one of them)
                ids = [card.id for card in deck.cards_in_theme(theme_id)]
                cards = tuple((deck.id, c) for c in ids if not card_id or c == card_id)
            elif card_id:
                cards = ((deck.id, card_id),)
        since = until = None
        if self.use_dates.isChecked():
            start, end = day_of(self.date_from.date()), day_of(self.date_to.date())
            zone = dt.datetime.now().astimezone().tzinfo
            since = dt.datetime.combine(start, dt.time(), zone)
            until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone)
        return EntryFilter(
            deck_ids=(deck.id,) if deck is not None else (),
            deck_wide=True,  # a deck's session records too, filed under it on no card
            cards=cards,
            spaces=(self.space.currentData(),) if self.space.currentData() else (),
            tags=(self.tag.currentData(),) if self.tag.currentData() else (),
            since=since,
            until=until,
            words=self.search.text(),
        )

    def refresh(self) -> None:
        self.delegate.words = self.search.text()
        try:
            self.model.reload(self.journal, self.filters())
        except JournalError as exc:
            self.problem_reported.emit(str(exc))
        shown = self.model.total
        self.count.setText(
            "No journal is open."
            if self.journal is None
            else f"{shown} reflection{'s' if shown != 1 else ''}"
        )
        self._set_editing(None)

    # ------------------------------------------------------------------ editing

    def _selected(self, index: QModelIndex) -> None:
        entry = index.data(EntryRole) if index.isValid() else None
        self._set_editing(entry if isinstance(entry, Entry) else None)

    def _set_editing(self, entry: Entry | None) -> None:
        self.editing = entry
        editors = (self.edit_space, self.edit_text, self.edit_tags)
        for widget in (*editors, self.save_button, self.delete_button):
            widget.setEnabled(entry is not None)
        if entry is None:
            self.edit_heading.setText("Select a reflection to read or edit it")
            self.edit_text.setPlainText("")
            self.edit_tags.setText("")
            return
        title = self.delegate.titles.get((entry.deck_id or "", entry.card_id or ""), "")
        when = local(entry.created).strftime("%d %B %Y %H:%M")
        self.edit_heading.setText(f"{title} · {when}" if title else when)
        self.edit_space.setCurrentIndex(max(0, self.edit_space.findData(entry.space)))
        self.edit_text.setPlainText(entry.text)
        self.edit_tags.setText(", ".join(entry.tags))
        self.edit_status.setText("")

    def save_changes(self) -> None:
        if self.journal is None or self.editing is None:
            return
        space: str | None = self.edit_space.currentData()
        try:
            changed = self.journal.update_entry(
                self.editing.uuid,
                text=self.edit_text.toPlainText(),
                space=space,
                tags=parse_tags(self.edit_tags.text()),
            )
        except JournalError as exc:
            self.edit_status.setText("Not saved")
            self.problem_reported.emit(f"The changes were not saved: {exc}")
            return
        self.model.replace(changed)
        self.refresh_tags()
        self.editing = changed
        self.edit_status.setText(f"Saved {local(changed.updated):%H:%M}")

    def delete_selected(self) -> None:
        if self.editing is not None:
            self.undo_stack.push(DeleteEntry(self, self.editing))

    def apply_delete(self, entry: Entry) -> None:
        if self.journal is None:
            return
        try:
            self.journal.delete_entry(entry.uuid)
        except JournalError as exc:
            self.problem_reported.emit(f"The reflection was not deleted: {exc}")
            return
        self.refresh()
        self.entry_deleted.emit(entry.uuid)

    def apply_restore(self, entry: Entry) -> None:
        if self.journal is None:
            return
        try:
            self.journal.restore_entry(entry)
        except JournalError as exc:
            self.problem_reported.emit(f"The reflection could not be brought back: {exc}")
            return
        self.refresh()
        self.entry_restored.emit(entry.uuid)
