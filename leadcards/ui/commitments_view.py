"""Commitments ("I will …") and how they went: the list with its filters, adding one, saying
how it went, deleting one, follow-through by card; and the panel that asks about the due
ones without taking the keyboard focus.

Thin over :mod:`leadcards.commitments`: every write is one core call, and a problem the
journal raises (:class:`JournalError`) is said in the view in the core's own words, with
nothing changed. What a user wrote is always shown as plain text.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from leadcards.commitments import (
    HOW_WORDS,
    HOWS,
    Commitment,
    FollowThrough,
    add_commitment,
    commitments,
    delete_commitment,
    follow_through,
    follow_up,
)
from leadcards.deck import Deck
from leadcards.deck import card_titles as deck_card_titles
from leadcards.journal.model import JournalError
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.limits import FIRST_DATE, LAST_DATE, local
from leadcards.ui.announce import announce
from leadcards.ui.appearance import INKS, SPACING, Ink, TypeScale, current_scheme, font
from leadcards.ui.dates import day_of
from leadcards.ui.focus_ring import rings_from_the_start
from leadcards.ui.saved_pdf import ButtonRow, keep_focus_style

FILTERS = (  # what the list shows: (key, button text, what a reader hears)
    ("open", "&Open", "Show open commitments"),
    ("due", "D&ue", "Show commitments due"),
    ("done", "Do&ne", "Show commitments done"),
    ("all", "A&ll", "Show all commitments"),
)
CommitmentRole = Qt.ItemDataRole.UserRole + 1
FollowRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
NO_JOURNAL = "No journal is open, so there are no commitments. Open or create one (File menu)."
SHOWN_CHARACTERS = 200  # of a commitment's words, in the panel's question
SOURCE_WIDTH = 320  # px: the panel's "From …" is cut to this
WEEK = dt.timedelta(days=7)


# --------------------------------------------------------------------------- in words


def today() -> dt.date:
    return dt.date.today()


def day_words(day: dt.date, *, year: bool = True) -> str:
    """A day as a person reads it: "3 Dec 2026", or "3 Dec"."""
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def _near_day(day: dt.date, on: dt.date) -> str:
    """A day, with its year only when it is not this year's."""
    return day_words(day, year=day.year != on.year)


def due_words(found: Commitment, on: dt.date) -> str:
    """Its due date, and whether it is due or overdue, in words (never colour alone)."""
    if found.due is None:
        return "no due date"
    when = day_words(found.due)
    if found.done or found.due > on:
        return when
    return f"{when}, due today" if found.due == on else f"{when}, overdue"


def how_words(found: Commitment) -> str:
    """How it went: open until a follow-up is kept, then the last follow-up's word."""
    return HOW_WORDS[found.last.how] if found.last is not None else "open"


def last_words(found: Commitment) -> str:
    """The last follow-up and its reflection, or that there is none yet."""
    if found.last is None:
        return "Not followed up yet."
    when = day_words(local(found.last.taken).date())
    said = f"{HOW_WORDS[found.last.how].capitalize()}, said {when}"
    return f"{said}: {found.last.text}" if found.last.text else f"{said}."


def said_words(found: Commitment, on: dt.date, *, limit: int = 0) -> str:
    """ "You said on 2 Nov: I will … (due 9 Nov)." with the words cut to ``limit``."""
    words = " ".join(found.text.split())
    if limit and len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    due = f" (due {_near_day(found.due, on)})" if found.due is not None else ""
    ending = "" if not due and words.endswith((".", "!", "?", "…")) else "."
    return f"You said on {_near_day(local(found.created).date(), on)}: {words}{due}{ending}"


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as it is: Qt would read markup in it otherwise."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def card_titles(library: Library) -> dict[str, str]:
    """Card id -> title over every deck (the first deck's where two decks share an id):
    the ``titles`` :meth:`FollowUpPanel.show_due` takes."""
    titles: dict[str, str] = {}
    for deck in library.decks:
        for card in deck.cards:
            titles.setdefault(card.id, card.title)
    return titles


def listed(names: Sequence[str]) -> str:
    """ "Trust", "Trust and Delivery", "Trust, Mindset and Delivery"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def chosen(every: Sequence[Commitment], shown: str, on: dt.date) -> list[Commitment]:
    """The commitments a filter shows, open before done, soonest due first, then newest."""
    wanted: dict[str, Callable[[Commitment], bool]] = {
        "open": lambda c: not c.done,
        "due": lambda c: c.is_due(on),
        "done": lambda c: c.done,
        "all": lambda c: True,
    }
    found = [c for c in every if wanted[shown](c)]
    return sorted(found, key=lambda c: (c.done, c.due or dt.date.max, -c.created.timestamp()))


def counted(count: int, shown: str) -> str:
    """How many the filter shows, in words: "3 open commitments", "No commitments due"."""
    if count == 0:
        return {
            "open": "No open commitments",
            "due": "No commitments due",
            "done": "None done yet",
            "all": "No commitments yet: Add… keeps one",
        }[shown]
    noun = "commitment" if count == 1 else "commitments"
    return {
        "open": f"{count} open {noun}",
        "due": f"{count} {noun} due",
        "done": f"{count} {noun} done",
        "all": f"{count} {noun} in all",
    }[shown]


def follow_words(title: str, found: FollowThrough) -> str:
    """One card's follow-through, every figure in words, for a screen reader."""
    made = "1 commitment" if found.made == 1 else f"{found.made} commitments"
    return (
        f"{title}: {made}, {found.done} kept, {found.partly} partly, {found.not_yet} not yet,"
        f" {found.unasked} not asked about yet"
    )


# --------------------------------------------------------------------------- follow-through


SEGMENTS = (  # (what, fill pattern, ink): solid, hatched, crossed, empty read in greyscale
    ("kept", Qt.BrushStyle.SolidPattern, "positive"),
    ("partly", Qt.BrushStyle.BDiagPattern, "positive"),
    ("not yet", Qt.BrushStyle.DiagCrossPattern, "negative"),
    ("not asked yet", Qt.BrushStyle.NoBrush, "secondary"),
)


def paint_segment(painter: QPainter, box: QRectF, what: int, ink: Ink) -> None:
    _, pattern, colour = SEGMENTS[what]
    painter.fillRect(box, QColor(ink.surface))
    painter.setBrush(QBrush(QColor(getattr(ink, colour)), pattern))
    painter.setPen(QPen(QColor(ink.text), 1))
    painter.drawRect(box)


class FollowBars(QStyledItemDelegate):
    """A card's commitments as one bar, as long as how many were made (the longest is the
    card with most), in segments: kept, partly, not yet, not asked yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.most = 1

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        found = index.data(FollowRole)
        if not isinstance(found, FollowThrough) or found.made <= 0:
            return
        ink = INKS[current_scheme()]
        rect = QRectF(option.rect).adjusted(4, 6, -6, -6)
        unit = rect.width() / max(self.most, 1)
        left = rect.left()
        painter.save()
        for what, count in enumerate((found.done, found.partly, found.not_yet, found.unasked)):
            if count > 0:
                paint_segment(
                    painter, QRectF(left, rect.top(), unit * count, rect.height()), what, ink
                )
                left += unit * count
        painter.restore()


class Legend(QWidget):
    """What the bars' segments mean, drawn with the same fills."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(font(TypeScale.CAPTION + 0.5))
        words = "; ".join(
            f"{pattern} means {what}"
            for (what, *_), pattern in zip(
                SEGMENTS, ("solid", "hatched", "crossed", "empty"), strict=True
            )
        )
        self.setAccessibleName(f"Key to the bars: {words}")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = self.fontMetrics()
        width = sum(metrics.horizontalAdvance(what) + 40 for what, *_ in SEGMENTS)
        return QSize(width, metrics.height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        ink = INKS[current_scheme()]
        painter = QPainter(self)
        metrics = self.fontMetrics()
        side = metrics.height() - 2
        left = 0.0
        top = (self.height() - side) / 2
        for what, (name, *_) in enumerate(SEGMENTS):
            paint_segment(painter, QRectF(left + 0.5, top + 0.5, side * 1.6, side), what, ink)
            left += side * 1.6 + 6
            painter.setPen(QColor(ink.text))
            painter.drawText(
                QRectF(left, 0, metrics.horizontalAdvance(name) + 2, self.height()),
                Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            left += metrics.horizontalAdvance(name) + 18
        painter.end()


# --------------------------------------------------------------------------- dialogs


class _Asking(QDialog):
    """A small dialog whose Keep button calls ``keep``: a journal problem is shown in it
    (and said), the dialog stays open and nothing is written."""

    def __init__(self, title: str, keep_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.keep: Callable[[], None] = lambda: None
        self.column = QVBoxLayout(self)
        self.column.setSpacing(SPACING)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("commitmentProblem")
        self.problem.setFont(font(TypeScale.BODY - 0.5, bold=True))
        self.problem.hide()
        self.buttons = ButtonRow()
        self.keep_button: QPushButton = self.buttons.addButton(
            keep_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.try_keep)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.clicked.connect(self.reject)

    def _finish_layout(self) -> None:
        self.column.addWidget(self.problem)
        self.column.addWidget(self.buttons)
        keep_focus_style(self)
        rings_from_the_start(self)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark followed
            keep_focus_style(self)

    def try_keep(self) -> None:
        try:
            self.keep()
        except JournalError as exc:
            self.problem.setText(f"Not kept: {exc}")
            self.problem.show()
            announce(self.problem, self.problem.text())
            return
        self.accept()


class AddDialog(_Asking):
    """ "I will …", an optional due date, and the cards of the deck in use it came from."""

    def __init__(
        self, deck: Deck | None, ticked: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__("Add a commitment", "Keep commitment", parent)
        words_label = QLabel("&I will …")
        self.words = QPlainTextEdit()
        self.words.setPlaceholderText("I will …")
        self.words.setAccessibleName("What you will do")
        self.words.setTabChangesFocus(True)
        self.words.setMinimumHeight(80)
        words_label.setBuddy(self.words)
        due_row = QHBoxLayout()
        due_label = QLabel("Du&e")
        self.due = QDateEdit(QDate.currentDate().addDays(WEEK.days))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("d MMM yyyy")
        self.due.setDateRange(_qdate(FIRST_DATE), _qdate(LAST_DATE))
        self.due.setAccessibleName("Due date")
        due_label.setBuddy(self.due)
        self.no_due = QCheckBox("&No due date")
        self.no_due.setAccessibleName("No due date")
        self.no_due.toggled.connect(lambda on: self.due.setEnabled(not on))
        due_row.addWidget(due_label)
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_due)
        due_row.addStretch(1)
        self.deck = deck
        self.cards = QListWidget()
        self.cards.setAccessibleName("Cards it came from")
        self.cards.setProperty("focusRing", True)
        if deck is not None:
            cards_label = QLabel(f"&Cards it came from ({deck.title}; Space ticks one)")
            cards_label.setBuddy(self.cards)
            for card in deck.cards:
                item = QListWidgetItem(card.title)
                item.setData(Qt.ItemDataRole.UserRole, card.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                ticks = card.id in ticked
                item.setCheckState(Qt.CheckState.Checked if ticks else Qt.CheckState.Unchecked)
                self.cards.addItem(item)
            self.cards.setCurrentRow(0)
        else:
            cards_label = QLabel("No deck is in use, so it comes from no card.")
            self.cards.hide()
        cards_label.setWordWrap(True)
        for widget in (words_label, self.words):
            self.column.addWidget(widget)
        self.column.addLayout(due_row)
        self.column.addWidget(cards_label)
        self.column.addWidget(self.cards, 1)
        self._finish_layout()
        self.resize(520, 560 if deck is not None else 300)
        self.words.setFocus()

    def text(self) -> str:
        return self.words.toPlainText()

    def due_date(self) -> dt.date | None:
        return None if self.no_due.isChecked() else day_of(self.due.date())

    def card_ids(self) -> list[str]:
        items = (self.cards.item(row) for row in range(self.cards.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]


class HowDialog(_Asking):
    """How a commitment went (done, partly, not yet) and a reflection on it."""

    def __init__(self, found: Commitment, parent: QWidget | None = None) -> None:
        super().__init__("How did it go?", "Keep", parent)
        self.commitment = found
        question = QLabel(f"{said_words(found, today())} How did it go?")
        question.setTextFormat(Qt.TextFormat.PlainText)
        question.setWordWrap(True)
        self.column.addWidget(question)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for how, text in zip(HOWS, ("&Done", "&Partly", "N&ot yet"), strict=True):
            button = QRadioButton(text)
            button.setAccessibleName(HOW_WORDS[how].capitalize())
            button.setAccessibleDescription("How it went")
            self.group.addButton(button)
            self.choices[how] = button
            row.addWidget(button)
        row.addStretch(1)
        self.column.addLayout(row)
        reflection_label = QLabel("&Reflection (optional)")
        self.reflection = QPlainTextEdit()
        self.reflection.setAccessibleName("Reflection on how it went")
        self.reflection.setPlaceholderText("What happened, what helped, what got in the way…")
        self.reflection.setTabChangesFocus(True)
        reflection_label.setBuddy(self.reflection)
        self.column.addWidget(reflection_label)
        self.column.addWidget(self.reflection, 1)
        self.keep_button.setEnabled(False)  # until how it went is chosen
        self.group.buttonToggled.connect(lambda *_: self.keep_button.setEnabled(bool(self.how())))
        self._finish_layout()
        self.resize(520, 380)
        self.choices["done"].setFocus()

    def how(self) -> str:
        return next((how for how, button in self.choices.items() if button.isChecked()), "")

    def text(self) -> str:
        return self.reflection.toPlainText()


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


Asked = TypeVar("Asked", AddDialog, HowDialog)


# --------------------------------------------------------------------------- the view


class CommitmentsView(QWidget):
    """Every commitment in the open journal, filtered, with Add…, How did it go?… and
    Delete, and follow-through by card. ``journal`` is asked each time (none: no journal
    is open); ``changed`` is emitted whenever something was written."""

    changed = Signal()

    def __init__(
        self,
        library: Library,
        journal: Callable[[], Journal | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("commitmentsView")
        self.library = library
        self.journal = journal
        self.deck_id: str | None = library.decks[0].id if library.decks else None
        self.ticked: tuple[str, ...] = ()
        self.titles = card_titles(library)
        self.deck_titles = deck_card_titles(library.decks)
        self.every: list[Commitment] = []
        self.dialog: QDialog | None = None  # the dialog (or Delete's question) open now

        heading = QLabel("Commitments")
        heading.setFont(font(TypeScale.HEADING, bold=True))
        filters = QHBoxLayout()
        filters.setSpacing(SPACING)
        show = QLabel("Show:")
        filters.addWidget(show)
        self.filter_group = QButtonGroup(self)
        self.filters: dict[str, QRadioButton] = {}
        for key, text, name in FILTERS:
            button = QRadioButton(text)
            button.setAccessibleName(name)
            self.filter_group.addButton(button)
            self.filters[key] = button
            filters.addWidget(button)
        self.filters["open"].setChecked(True)
        filters.addSpacing(SPACING * 2)
        self.count = QLabel()  # "3 open commitments": the text is what a reader says
        filters.addWidget(self.count, 1)
        self.add_button = self._button("&Add…", "Add a commitment (Alt+A)")
        self.how_button = self._button(
            "Ho&w did it go?…", "Say how the selected commitment went (Enter in the list)"
        )
        self.delete_button = self._button(
            "&Delete", "Delete the selected commitment (Delete in the list); asks first"
        )
        for action in (self.add_button, self.how_button, self.delete_button):
            filters.addWidget(action)
        self.status = QLabel()  # what was just done, or went wrong; said as well as shown
        self.status.setObjectName("commitmentsStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.hide()  # until there is something to say

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Commitments")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Commitment", "Due", "Cards it came from", "How it went"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setProperty("focusRing", True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, 200)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("The selected commitment in full")
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(150)
        self.details.setProperty("focusRing", True)

        self.follow_summary = QLabel()
        self.follow_summary.setWordWrap(True)
        self.follow = QTreeWidget()
        self.follow.setAccessibleName("Follow-through by card, over all time")
        self.follow.setColumnCount(3)
        self.follow.setHeaderLabels(["Card", "Kept", "How they went"])
        self.follow.setRootIsDecorated(False)
        self.follow.setUniformRowHeights(True)
        self.follow.setAllColumnsShowFocus(True)
        self.follow.setProperty("focusRing", True)
        self.bars = FollowBars(self.follow)
        self.follow.setItemDelegateForColumn(2, self.bars)
        follow_header = self.follow.header()
        follow_header.setStretchLastSection(True)
        follow_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        follow_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        follow_header.resizeSection(0, 190)
        self.legend = Legend()

        listing = QWidget()
        listing_column = QVBoxLayout(listing)
        listing_column.setContentsMargins(0, 0, 0, 0)
        listing_column.addWidget(self.tree, 1)
        listing_column.addWidget(self.details)
        following = QWidget()
        following_column = QVBoxLayout(following)
        following_column.setContentsMargins(SPACING, 0, 0, 0)
        follow_heading = QLabel("Follow-through by card (all time)")
        follow_heading.setFont(font(TypeScale.LEAD, bold=True))
        following_column.addWidget(follow_heading)
        following_column.addWidget(self.follow_summary)
        following_column.addWidget(self.follow, 1)
        following_column.addWidget(self.legend)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(listing)
        self.split.addWidget(following)
        self._sized = False  # the split is shared out once, when first shown
        page = QVBoxLayout(self)
        page.setContentsMargins(SPACING * 2, SPACING, SPACING * 2, SPACING)
        page.addWidget(heading)
        page.addLayout(filters)
        page.addWidget(self.status)
        page.addWidget(self.split, 1)

        self.filter_group.buttonToggled.connect(lambda _button, on: self.refresh() if on else None)
        self.tree.currentItemChanged.connect(lambda *_: self._selected())
        self.tree.itemActivated.connect(lambda *_: self.how_did_it_go())
        self.add_button.clicked.connect(self.add)
        self.how_button.clicked.connect(self.how_did_it_go)
        self.delete_button.clicked.connect(self.delete_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        chain: list[QWidget] = [
            *self.filters.values(),
            self.add_button,
            self.how_button,
            self.delete_button,
            self.tree,
            self.details,
            self.follow,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.refresh()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(True)  # Enter presses it, as Space does
        return button

    # ------------------------------------------------------------------ showing

    def set_deck(self, deck_id: str | None, card_ids: Sequence[str] = ()) -> None:
        """The deck in use (Add… offers its cards) and the cards to tick at first."""
        self.deck_id = deck_id if deck_id in self.library.ids() else None
        self.ticked = tuple(card_ids)

    def shown(self) -> str:
        return next(key for key, button in self.filters.items() if button.isChecked())

    def show_filter(self, key: str) -> None:
        self.filters[key].setChecked(True)

    def selected(self) -> Commitment | None:
        item = self.tree.currentItem()
        found = item.data(0, CommitmentRole) if item is not None else None
        return found if isinstance(found, Commitment) else None

    def rows(self) -> list[Commitment]:
        """The commitments listed now, in order."""
        items = (self.tree.topLevelItem(row) for row in range(self.tree.topLevelItemCount()))
        return [item.data(0, CommitmentRole) for item in items if item is not None]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.refresh()  # never stale when it comes into view
        if not self._sized and self.width() > 0:  # the list two thirds, follow-through one
            self._sized = True
            self.split.setSizes([self.width() * 2 // 3, self.width() // 3])
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the journal again and show what the filter chooses."""
        journal = self.journal()
        keep = self.selected()
        self.every, follow = [], []
        if journal is not None:
            try:
                self.every, follow = commitments(journal), follow_through(journal)
            except JournalError as exc:
                self._say(f"The commitments could not be read: {exc}")
        on = today()
        shown = chosen(self.every, self.shown(), on)
        self.tree.clear()
        for found in shown:
            self.tree.addTopLevelItem(self._item(found, on))
        kept = next((row for row, c in enumerate(shown) if keep and c.uuid == keep.uuid), 0)
        current = self.tree.topLevelItem(kept)
        if current is not None:
            self.tree.setCurrentItem(current)
        self._fill_follow(follow)
        self.add_button.setEnabled(journal is not None)
        self.count.setText(counted(len(shown), self.shown()) if journal is not None else "")
        if journal is None:
            self._status(NO_JOURNAL)
        elif self.status.text() == NO_JOURNAL:
            self._status("")
        self._selected()

    def _cards(self, found: Commitment) -> list[str]:
        deck = found.deck_id or ""
        return [
            self.deck_titles.get((deck, card)) or self.titles.get(card, card)
            for card in found.card_ids
        ]

    def _item(self, found: Commitment, on: dt.date) -> QTreeWidgetItem:
        cards = self._cards(found)
        due, how, last = due_words(found, on), how_words(found), last_words(found)
        words = " ".join(found.text.split())
        item = QTreeWidgetItem([words, due, ", ".join(cards) or "none", how])
        item.setData(0, CommitmentRole, found)
        item.setToolTip(0, plain_tip(found.text))
        item.setToolTip(2, plain_tip("\n".join(cards) or "From no card"))
        item.setToolTip(3, plain_tip(last))
        came = f"from {listed(cards)}" if cards else "from no card"
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{words}; due {due}; {came}; {how}")
        for column in (0, 3):
            item.setData(column, Qt.ItemDataRole.AccessibleDescriptionRole, last)
        if found.is_due(on):  # due and overdue stand out in bold too, not by colour alone
            bold = font(TypeScale.BODY - 0.5, bold=True)
            item.setFont(1, bold)
        return item

    def _fill_follow(self, follow: list[FollowThrough]) -> None:
        self.follow.clear()
        self.bars.most = max((f.made for f in follow), default=1)
        for found in follow:
            title = self.titles.get(found.card_id, found.card_id)
            item = QTreeWidgetItem([title, f"{found.done} of {found.made}", ""])
            item.setData(0, FollowRole, found)
            item.setData(2, FollowRole, found)
            words = follow_words(title, found)
            for column in range(3):
                item.setData(column, Qt.ItemDataRole.AccessibleTextRole, words)
            item.setToolTip(2, plain_tip(words))
            self.follow.addTopLevelItem(item)
        made = len(self.every)
        done = sum(1 for c in self.every if c.done)
        if self.journal() is None:
            self.follow_summary.setText("")
        elif not follow:
            self.follow_summary.setText("No commitment has come from a card yet.")
        else:
            self.follow_summary.setText(
                f"{done} of {made} commitment{'s' if made != 1 else ''} kept, over all time."
                " Each card counts the commitments that came from it."
            )

    def follow_rows(self) -> list[FollowThrough]:
        """The follow-through shown, card by card."""
        items = (self.follow.topLevelItem(row) for row in range(self.follow.topLevelItemCount()))
        return [item.data(0, FollowRole) for item in items if item is not None]

    def _selected(self) -> None:
        found = self.selected()
        can = found is not None and self.journal() is not None
        self.how_button.setEnabled(can)
        self.delete_button.setEnabled(can)
        self.details.setPlainText(self._details(found) if found is not None else "")

    def _details(self, found: Commitment) -> str:
        made = day_words(local(found.created).date())
        cards = self._cards(found)
        lines = [
            found.text,
            "",
            f"Made {made}; due: {due_words(found, today())}; now: {how_words(found)}.",
            f"From: {'; '.join(cards)}" if cards else "From no card.",
        ]
        for said in found.follow_ups:
            when = day_words(local(said.taken).date())
            words = f": {said.text}" if said.text else ""
            lines.append(f"{when}, {HOW_WORDS[said.how]}{words}")
        return "\n".join(lines)

    def _say(self, message: str) -> None:
        self._status(message)
        announce(self.status, message)

    def _status(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))

    def _open_journal(self) -> Journal:
        journal = self.journal()
        if journal is None:
            raise JournalError("no journal is open")
        return journal

    # ------------------------------------------------------------------ writing

    def add(self) -> AddDialog | None:
        """Ask for a new commitment (the dialog is window-modal, not blocking)."""
        if self.journal() is None:
            self._say(NO_JOURNAL)
            return None
        deck = self.library.deck(self.deck_id) if self.deck_id else None
        dialog = AddDialog(deck, self.ticked, self)

        def keep() -> None:
            made = add_commitment(
                self._open_journal(),
                dialog.text(),
                due=dialog.due_date(),
                deck_id=deck.id if deck is not None else None,
                card_ids=dialog.card_ids(),
            )
            self._written(f"Kept: {' '.join(made.text.split())[:120]}", made.uuid)

        return self._ask(dialog, keep)

    def how_did_it_go(self) -> HowDialog | None:
        found = self.selected()
        if found is None or self.journal() is None:
            return None
        dialog = HowDialog(found, self)

        def keep() -> None:
            how = dialog.how()
            follow_up(self._open_journal(), found.uuid, how, dialog.text())
            self._written(f"Kept how it went: {HOW_WORDS[how]}.", found.uuid)

        return self._ask(dialog, keep)

    def _ask(self, dialog: Asked, keep: Callable[[], None]) -> Asked:
        dialog.keep = keep
        self._open(dialog)
        return dialog

    def _open(self, dialog: QDialog) -> None:
        """Open ``dialog`` window-modal (without blocking), as ``self.dialog`` while open."""
        dialog.finished.connect(lambda _: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _written(self, message: str, uuid: str | None = None) -> None:
        self.refresh()
        if uuid is not None:
            self._select(uuid)
        self._say(message)
        self.changed.emit()

    def _select(self, uuid: str) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, CommitmentRole).uuid == uuid:
                self.tree.setCurrentItem(item)
                return

    def delete_selected(self) -> QMessageBox | None:
        """Ask, then delete the selected commitment and its follow-ups (there is no undo:
        the journal keeps no deleted commitment to bring back)."""
        found = self.selected()
        if found is None or self.journal() is None:
            return None
        words = " ".join(found.text.split())
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete commitment",
            "Delete this commitment and everything said about how it went? This cannot be undone.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(words if len(words) <= 400 else words[:399] + "…")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def answered(button: QAbstractButton) -> None:
            if button is delete:
                self._delete(found)

        box.buttonClicked.connect(answered)
        self._open(box)
        return box

    def _delete(self, found: Commitment) -> None:
        try:
            delete_commitment(self._open_journal(), found.uuid)
        except JournalError as exc:
            self._say(f"The commitment was not deleted: {exc}")
            return
        self._written("Commitment deleted.")
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)


# --------------------------------------------------------------------------- the panel


class FollowUpPanel(QFrame):
    """Asks how due commitments went, one at a time, beside whatever the window shows.

    Not a dialog: showing it never takes the keyboard focus (it is announced instead), and
    Tab or the window's F6 (``panel.setFocus()``) reaches it. ``answered(uuid, how, text)``
    is for the holder to keep with ``follow_up`` and then call :meth:`next`; ``later`` says
    the user asked to be asked later: the panel hides and stays hidden this session.
    """

    answered = Signal(str, str, str)  # commitment uuid, how (done/partly/not-yet), reflection
    later = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPanel")
        self.setAccessibleName("Commitments to follow up")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.queue: list[Commitment] = []
        self.at = 0
        self.titles: dict[str, str] = {}
        self.snoozed = False  # Ask me later: not shown again this session
        self._came_from: QWidget | None = None

        heading = QLabel("Follow up:")
        heading.setFont(font(TypeScale.BODY + 1, bold=True))
        self.counter = QLabel()  # "1 of 3"
        self.question = QLabel()
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        self.question.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.source = QLabel()  # "From Trust and Delivery"
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.reflection = QLineEdit()
        self.reflection.setPlaceholderText("A line on how it went (optional)")
        self.reflection.setAccessibleName("How it went, in a line (optional)")
        self.reflection.setMaxLength(2000)
        self.buttons: dict[str, QPushButton] = {}
        for how in HOWS:
            button = QPushButton(HOW_WORDS[how].capitalize())
            button.setAutoDefault(True)  # Enter presses it, as Space does
            button.clicked.connect(lambda _=False, how=how: self._answer(how))
            self.buttons[how] = button
        self.later_button = QPushButton("Ask me later")
        self.later_button.setAutoDefault(True)
        self.later_button.setToolTip("Hide this until LeadCards is next started")
        self.later_button.clicked.connect(self._later)

        top = QHBoxLayout()
        top.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.question, 1)
        top.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.source)
        bottom.addWidget(self.reflection, 1)
        for button in self.buttons.values():
            bottom.addWidget(button)
        bottom.addSpacing(SPACING * 2)
        bottom.addWidget(self.later_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(SPACING * 2 + 4, SPACING, SPACING * 2, SPACING)
        column.setSpacing(SPACING // 2)
        column.addLayout(top)
        column.addLayout(bottom)
        chain: list[QWidget] = [self.reflection, *self.buttons.values(), self.later_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.reflection)  # for the window's F6: panel.setFocus()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.hide()

    def current(self) -> Commitment | None:
        return self.queue[self.at] if 0 <= self.at < len(self.queue) else None

    def show_due(self, due: Sequence[Commitment], titles: Mapping[str, str]) -> None:
        """Ask about ``due`` from the first, showing the panel (without the focus) and
        saying that they are due; none hides it. After Ask me later it stays hidden."""
        self.queue, self.at, self.titles = list(due), 0, dict(titles)
        if not self.queue:
            self._leave()
            return
        if self.snoozed:
            return
        self._show_current()
        if self.isHidden():
            self.show()
            count = len(self.queue)
            some = "1 commitment is" if count == 1 else f"{count} commitments are"
            they = "it" if count == 1 else "they"
            announce(self, f"{some} due: {self.accessibleName()} asks how {they} went.")

    def next(self) -> None:
        """On to the next due commitment; after the last, the panel hides."""
        self.at += 1
        if self.current() is None:
            self._leave()
        else:
            self._show_current()

    def _show_current(self) -> None:
        found = self.current()
        if found is None:
            return
        on = today()
        question = f"{said_words(found, on, limit=SHOWN_CHARACTERS)} How did it go?"
        self.question.setText(question)
        self.question.setToolTip(plain_tip(found.text))
        cards = [self.titles.get(card, card) for card in found.card_ids]
        source = f"From {listed(cards)}" if cards else ""
        elided = Qt.TextElideMode.ElideRight
        self.source.setText(self.source.fontMetrics().elidedText(source, elided, SOURCE_WIDTH))
        self.source.setToolTip(plain_tip(source))
        self.source.setAccessibleName(source)
        self.source.setVisible(bool(cards))
        self.counter.setText(f"{self.at + 1} of {len(self.queue)}")
        self.reflection.clear()
        self.setAccessibleDescription(f"{question} {self.counter.text()}")
        for button in (*self.buttons.values(), self.later_button):
            button.setAccessibleDescription(question)

    def _answer(self, how: str) -> None:
        found = self.current()
        if found is not None:
            self.answered.emit(found.uuid, how, self.reflection.text().strip())

    def _later(self) -> None:
        self.snoozed = True
        self._leave()
        self.later.emit()

    def _leave(self) -> None:
        """Hide; the focus, if it was here, goes back where it came from."""
        focused = QApplication.focusWidget()
        inside = focused is not None and self.isAncestorOf(focused)
        self.hide()
        back = self._came_from
        if inside and back is not None and isValid(back) and back.isVisible():
            back.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        entering = new is not None and self.isAncestorOf(new)
        if entering and old is not None and not self.isAncestorOf(old):
            self._came_from = old

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        ink = INKS[current_scheme()]
        painter = QPainter(self)
        painter.fillRect(0, 0, 4, self.height(), QColor(ink.focus))  # an accent at its edge
        painter.fillRect(0, 0, self.width(), 1, QColor(ink.rule))
        painter.fillRect(0, self.height() - 1, self.width(), 1, QColor(ink.rule))
        painter.end()
