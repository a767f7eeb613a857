"""Beside the card: write a reflection on it, pick the space, see the ones written before.

Above the box are the questions to reflect on: every prompt on the card (this is a person
alone, so the ones for private reflection too) with its follow-up, and the deck's coaching
questions for any card.

The panel is thin over :class:`leadcards.journal.store.Journal`: drafts are saved about a second
after typing stops (and at least every 5 seconds while typing goes on), so a crash loses at
most that; "Saved" appears only once the journal has committed the reflection. When the
journal cannot be written (a full disk, a read-only file) the text stays in the box, the
user is told once, and the draft is retried every few seconds until it goes through.
"""

from __future__ import annotations

import time
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from leadcards.deck import Card, Deck
from leadcards.journal.model import SPACES, Entry, EntryFilter, JournalError, Mark, parse_tags
from leadcards.journal.store import Journal
from leadcards.limits import local
from leadcards.ui.appearance import SPACING, TypeScale, font

DRAFT_IDLE_MS = 1000
DRAFT_MAX_S = 5.0
DRAFT_RETRY_MS = 5000


def draft_key(deck_id: str, card_id: str) -> str:
    return f"{deck_id}/{card_id}"


def questions_html(deck: Deck, card: Card) -> str:
    """The card's prompts, each under its space with its follow-up, then the deck's
    questions for any card: what the panel offers to reflect on."""
    parts = []
    for prompt in card.prompts:
        space = ""
        if prompt.space:
            try:
                space = deck.space(prompt.space).title
            except KeyError:
                space = prompt.space
        lead = f"<b>{escape(space)}:</b> " if space else ""
        follow = f"<br><i>Then: {escape(prompt.follow_up)}</i>" if prompt.follow_up else ""
        parts.append(f"<p>{lead}{escape(prompt.text)}{follow}</p>")
    if deck.questions:
        parts.append("<p><b>For any card</b></p><ul>")
        for question in deck.questions:
            follow = f" <i>Then: {escape(question.follow_up)}</i>" if question.follow_up else ""
            parts.append(f"<li>{escape(question.text)}{follow}</li>")
        parts.append("</ul>")
    return "".join(parts) or "<p>No questions on this card.</p>"


class ReflectionPanel(QFrame):
    reflection_saved = Signal(str)  # entry uuid
    problem_reported = Signal(str)  # a message for the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reflectionPanel")
        self.journal: Journal | None = None
        self.deck: Deck | None = None
        self.card: Card | None = None
        self.marks: dict[str, Mark] = {}
        self._dirty_since: float | None = None
        self._loading = False
        self._failing = False  # the last save failed; the user has been told

        column = QVBoxLayout(self)
        column.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING * 2)
        column.setSpacing(SPACING)
        self.heading = QLabel("Reflect")
        self.heading.setFont(font(TypeScale.LEAD, bold=True))
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.questions = QTextBrowser()
        self.questions.setAccessibleName("Questions to reflect on")
        self.questions.setOpenLinks(False)
        self.questions.setProperty("focusRing", True)
        self.questions.setFont(font(TypeScale.BODY))
        # Room for a card's questions to be read without scrolling on most screens.
        self.questions.setMinimumHeight(self.questions.fontMetrics().lineSpacing() * 9)
        column.addWidget(self.questions, 2)
        row = QHBoxLayout()
        space_label = QLabel("&Space")
        self.space = QComboBox()
        self.space.setAccessibleName("Space this reflection is about")
        self.space.addItem("Not a particular space", None)
        for space in SPACES:
            self.space.addItem(space.capitalize(), space)
        space_label.setBuddy(self.space)
        row.addWidget(space_label)
        row.addWidget(self.space, 1)
        column.addLayout(row)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("What happened, what you noticed, what you will try next…")
        self.text.setAccessibleName("Reflection text")
        self.text.setTabChangesFocus(True)
        column.addWidget(self.text, 2)
        tag_row = QHBoxLayout()
        tag_label = QLabel("T&ags")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Comma-separated, e.g. appraisal, team day")
        self.tags.setAccessibleName("Tags for this reflection, separated by commas")
        self.tags.setMaxLength(1000)
        self._tag_completer = QCompleter([], self.tags)
        self._tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(self._tag_completer)
        tag_label.setBuddy(self.tags)
        tag_row.addWidget(tag_label)
        tag_row.addWidget(self.tags, 1)
        column.addLayout(tag_row)
        self.linked = QLabel()  # named as it is filled in, polarity in words
        self.linked.setWordWrap(True)
        column.addWidget(self.linked)
        actions = QHBoxLayout()
        self.status = QLabel()  # "Saved 15:41": the text is what a reader says
        self.save_button = QPushButton("Save reflection")
        self.save_button.setToolTip("Save to the journal (Ctrl+Return)")
        self.save_button.setAccessibleName("Save reflection")
        actions.addWidget(self.status, 1)
        actions.addWidget(self.save_button)
        column.addLayout(actions)
        earlier = QLabel("Earlier reflections on this card")
        earlier.setFont(font(TypeScale.BODY, bold=True))
        column.addWidget(earlier)
        self.history = QListWidget()
        self.history.setAccessibleName("Earlier reflections on this card")
        self.history.setWordWrap(True)
        self.history.setProperty("focusRing", True)
        column.addWidget(self.history, 1)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(DRAFT_IDLE_MS)
        self._idle.timeout.connect(self.save_draft)
        self.text.textChanged.connect(self._typed)
        self.space.currentIndexChanged.connect(lambda _: self._typed())
        self.tags.textEdited.connect(lambda _: self._typed())
        self.save_button.clicked.connect(self.save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.text)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.save)
        self._show_linked()
        self.setEnabled(False)

    # ------------------------------------------------------------------ binding

    def set_journal(self, journal: Journal | None) -> None:
        self.save_draft()
        self.journal = journal
        self.setEnabled(journal is not None)
        if self.deck and self.card:
            self.show_card(self.deck, self.card)

    def show_card(self, deck: Deck, card: Card) -> None:
        """Keep any draft of the card being left, then load this card's draft and history."""
        self.save_draft()
        self.deck, self.card = deck, card
        self.heading.setText(f"Reflect on {card.title}")
        self.questions.setHtml(questions_html(deck, card))
        self._loading = True
        draft = self.journal.draft(draft_key(deck.id, card.id)) if self.journal else None
        self.text.setPlainText(draft.text if draft else "")
        self.space.setCurrentIndex(max(0, self.space.findData(draft.space if draft else None)))
        self.tags.setText(", ".join(draft.tags) if draft else "")
        self._refresh_tag_choices()
        self._loading = False
        self._dirty_since = None
        self.status.setText("Draft restored" if draft and draft.text else "")
        self._refresh_history()

    def set_marks(self, marks: dict[str, Mark]) -> None:
        """The indicators currently marked on the card; a saved reflection links to them."""
        self.marks = dict(marks)
        self._show_linked()

    def _show_linked(self) -> None:
        if not self.marks or self.card is None:
            self.linked.setText("Tick indicators on the back of the card to link them.")
            self.linked.setAccessibleName(self.linked.text())
            return
        names = {i.id: i.text for _, i in self.card.indicators()}
        signs = {Mark.PLUS: "+", Mark.MINUS: "\u2212", Mark.TICK: "\u2713"}
        words = {Mark.PLUS: "positive: ", Mark.MINUS: "negative: ", Mark.TICK: ""}
        listed = "; ".join(f"{signs[m]} {names.get(i, i)}" for i, m in self.marks.items())
        said = "; ".join(f"{words[m]}{names.get(i, i)}" for i, m in self.marks.items())
        self.linked.setText(f"Linked indicators: {listed}")
        self.linked.setAccessibleName(f"Linked indicators: {said}")  # signs said as words

    # ------------------------------------------------------------------ saving

    def _typed(self) -> None:
        if self._loading:
            return
        now = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        self.status.setText("Editing…")
        if now - self._dirty_since >= DRAFT_MAX_S:
            self.save_draft()
        else:
            self._idle.start()

    def save_draft(self) -> bool:
        """Write the draft now if it changed; True once it is committed."""
        self._idle.stop()
        if self._dirty_since is None or self.journal is None or not self.deck or not self.card:
            return False
        key = draft_key(self.deck.id, self.card.id)
        try:
            if self.text.toPlainText().strip():
                self.journal.save_draft(
                    key,
                    self.text.toPlainText(),
                    space=self.space.currentData(),
                    marks=self.marks,
                    tags=parse_tags(self.tags.text()),
                )
            else:
                self.journal.discard_draft(key)
        except JournalError as exc:
            self._save_failed(f"The draft could not be saved: {exc}", "Draft not saved")
            return False
        self._dirty_since = None
        self.status.setText(
            f"Draft kept {time.strftime('%H:%M')}"
            + (" — saving works again" if self._failing else "")
        )
        self._failing = False
        return True

    def _save_failed(self, message: str, status: str) -> None:
        """Keep the text, say so once per run of failures, and try again in a while."""
        self.status.setText(f"{status}; your text is kept here and saving is retried")
        if not self._failing:
            self.problem_reported.emit(
                f"{message}\n\nYour text stays in the reflection box and LeadCards keeps "
                "trying to save it as a draft."
            )
        self._failing = True
        if self._dirty_since is None:
            self._dirty_since = time.monotonic()
        self._idle.start(DRAFT_RETRY_MS)

    def save(self) -> Entry | None:
        if self.journal is None or not self.deck or not self.card:
            return None
        text = self.text.toPlainText()
        if not text.strip():
            self.status.setText("Write something first")
            return None
        try:
            entry = self.journal.add_entry(
                text,
                deck_id=self.deck.id,
                card_id=self.card.id,
                space=self.space.currentData(),
                marks=self.marks,
                tags=parse_tags(self.tags.text()),
                replaces_draft=draft_key(self.deck.id, self.card.id),
            )
        except JournalError as exc:
            self._save_failed(f"The reflection was not saved: {exc}", "Not saved")
            return None
        self._idle.stop()
        self._loading = True
        self.text.clear()
        self.tags.clear()
        self._loading = False
        self._dirty_since = None
        self._failing = False
        self.status.setText(f"Saved {local(entry.created):%H:%M}")
        self._refresh_tag_choices()
        self._refresh_history()
        self.reflection_saved.emit(entry.uuid)
        return entry

    def _refresh_tag_choices(self) -> None:
        model = self._tag_completer.model()
        choices = self.journal.tags() if self.journal else []
        model.setStringList(choices)  # type: ignore[attr-defined]

    def _refresh_history(self) -> None:
        self.history.clear()
        if self.journal is None or not self.deck or not self.card:
            return
        on_card = EntryFilter(cards=((self.deck.id, self.card.id),))
        for entry in self.journal.entries(on_card, limit=50):
            when = local(entry.created).strftime("%d %b %Y %H:%M")
            space = f" · {entry.space}" if entry.space else ""
            first = " ".join(entry.text.split())
            item = QListWidgetItem(f"{when}{space}\n{first[:160]}")
            item.setData(Qt.ItemDataRole.UserRole, entry.uuid)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{when}{space}: {first[:300]}")
            self.history.addItem(item)
        if self.history.count() == 0:
            placeholder = QListWidgetItem("None yet.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.history.addItem(placeholder)
