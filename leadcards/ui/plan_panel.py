"""Beside the cards: the step panel that runs a session plan, one step at a time.

The panel shows a :class:`~leadcards.plan_session.PlanSession`: the plan's title, "Step 2 of
5", the step's title and instruction, its timer, and what the step captures (notes, a
commitment, or a line saying where to reflect, tick or set a position); a step that does
one thing more (the temperature check, a team check-in…) has a button that asks the window
holding the panel to do it. The panel keeps nothing itself: what is typed goes into the
session, so Back, Next and Leave plan lose nothing, and the holder keeps commitments in
the journal as :attr:`PlanPanel.commitment_made` says they are made.

Keys (the labels underline them): Alt+N Next (Finish on the last step), Alt+B Back,
Alt+L Leave plan, Alt+I start or pause the timer, Alt+W the step's action, Alt+R the cards
to choose, Alt+O notes, Alt+M the commitment, Alt+U its due date, Alt+K Keep commitment;
Ctrl+Right and Ctrl+Left, anywhere in the panel but a text box, Next and Back; Tab and
Shift+Tab go through it all, top to bottom.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from leadcards import limits
from leadcards.colours import readable_on
from leadcards.plan_session import PlanSession, PlanSessionError
from leadcards.ui.announce import announce
from leadcards.ui.appearance import INKS, SPACING, TypeScale, current_scheme, font
from leadcards.ui.dates import day_of

TICK_MS = 250  # how often a running timer is read
AMBER = "#B35C00"  # the last minute (as the presenter's countdown), made readable in dark
DOES_WORDS = {
    "review-commitments": "Review the last commitments",
    "temperature-check": "Take the temperature check",
    "start-checkin": "Start a team check-in",
    "pick-evidence": "Pick evidence from the journal",
    "appraisal-pdf": "Save the one-page summary",
    "choose-space": "Choose the space",
}
WHERE_WORDS = {
    "reflection": "Write your reflection beside the card.",
    "ticks": "Tick on the back of the card.",
    "position": "Set your position in the temperature check.",
}
DOES_KEY = "Alt+W"  # apart from the journal view's Alt+G (Tag), as Alt+I and Alt+M are


def _plain(text: str) -> str:
    """A label's text without its mnemonic mark."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(_plain(text))
    if tip:
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
    return button


def _wrapped(text: str = "", *, size: float = TypeScale.BODY, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setFont(font(size, bold=bold))
    label.setTextFormat(Qt.TextFormat.PlainText)  # a user's plan is never markup
    return label


class DueDate(QDateEdit):
    """A due date, "No due date" at its lowest. Tab leaves it at once (Left and Right move
    between day, month and year): showing "No due date", Qt's Tab would find no part to
    move to and stay, a trap for the keyboard."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        return QWidget.focusNextPrevChild(self, forward)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt's name)
        """Up from "No due date" is today, whatever the month: Qt would step the day of
        the lowest date (yesterday), which stays put on the 1st of a month (30 November
        has no 31st), so no due date could be chosen with the keys that day."""
        if steps > 0 and self.date() <= self.minimumDate():
            self.setDate(self.minimumDate().addDays(1))
            return
        super().stepBy(steps)


class PlanPanel(QFrame):
    """The step panel. Connect its signals, then call :meth:`begin` for the first step."""

    step_changed = Signal(int)  # the step now shown, from 0
    cards_wanted = Signal(list)  # the card ids to show for the step
    commitment_made = Signal(str, object, list)  # text, due date or None, card ids
    action_requested = Signal(str)  # the step's "does"
    finished = Signal()
    left = Signal()  # Leave plan: what was captured is kept in the session

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPanel")
        self.session = session
        self.announced = ""  # the last thing said to a screen reader
        self._loading = False
        self._build()
        self.clock = QTimer(self)
        self.clock.setInterval(TICK_MS)
        self.clock.timeout.connect(self.tick)
        self._show_step()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        plan, deck = self.session.plan, self.session.deck
        self.setMinimumWidth(300)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING * 2)
        outer.setSpacing(SPACING)

        self.plan_title = _wrapped(plan.title, size=TypeScale.LEAD, bold=True)
        self.plan_title.setAccessibleName(f"Plan: {plan.title}")
        self.position = _wrapped(size=TypeScale.BODY)
        self.step_title = _wrapped(size=TypeScale.HEADING, bold=True)
        self.instruction = _wrapped()
        # Reached with Tab, so a screen reader reads the instruction itself.
        self.instruction.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.instruction.setAccessibleDescription("What to do at this step")
        self.cards_line = _wrapped(size=TypeScale.BODY)
        self.cards_line.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        # The timer.
        self.time_label = QLabel()
        self.time_label.setFont(font(TypeScale.TITLE, bold=True))
        self.timer_button = _button("Start t&imer", "Start or pause the step's timer (Alt+I)")
        self.timer_button.clicked.connect(self.toggle_timer)
        self.timer_row = QWidget()
        row = QHBoxLayout(self.timer_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.time_label)
        row.addStretch(1)
        row.addWidget(self.timer_button)

        # One thing more the step does: the holder does it.
        self.does_button = _button("")
        self.does_button.clicked.connect(self._do)

        # Where reflections, ticks and positions are made (beside the panel).
        self.where = _wrapped()
        self.where.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # The deck's coaching questions that fit the step (its name is its text).
        self.asking = _wrapped()
        self.asking.setObjectName("planQuestions")
        self.asking.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        # Choosing the cards, on a choose step.
        self.choose_label = QLabel("Choose ca&rds (one to three is usual)")
        self.choose_list = QListWidget()
        self.choose_list.setAccessibleName("Cards to choose for this step")
        self.choose_list.setProperty("focusRing", True)
        self.choose_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        for card in deck.cards:
            item = QListWidgetItem(card.title)
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            theme = next((t.title for t in deck.themes if t.id == card.theme), "")
            if theme:
                item.setToolTip(f"{deck.terms.theme}: {theme}")
            self.choose_list.addItem(item)
        rows = max(1, min(self.choose_list.count(), 8))
        self.choose_list.setMinimumHeight(self.choose_list.sizeHintForRow(0) * rows + 8)
        self.choose_list.itemChanged.connect(self._ticked)
        self.choose_label.setBuddy(self.choose_list)

        # Notes.
        self.notes_label = QLabel("N&otes")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes for this step")
        self.notes.setPlaceholderText("What was said, what to pick up next time…")
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes: no keyboard trap
        self.notes.setMinimumHeight(96)
        self.notes.textChanged.connect(self._noted)
        self.notes_label.setBuddy(self.notes)

        # A commitment: "I will …", an optional due date, Keep.
        self.commitment_label = QLabel("Co&mmitment")
        self.commitment = QLineEdit()
        self.commitment.setPlaceholderText("I will …")
        self.commitment.setAccessibleName("Commitment: what you will do")
        self.commitment.setMaxLength(2_000)
        self.commitment.textEdited.connect(self._committing)
        self.commitment.returnPressed.connect(self.keep_commitment)
        self.commitment_label.setBuddy(self.commitment)
        self.due_label = QLabel("D&ue")
        self.due = DueDate()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("d MMM yyyy")
        self.due.setSpecialValueText("No due date")
        self.due.setAccessibleName("Due date")
        self.due.dateChanged.connect(self._committing)
        self.due_label.setBuddy(self.due)
        self.keep_button = _button("&Keep commitment", "Keep it in the journal (Alt+K)")
        self.keep_button.clicked.connect(self.keep_commitment)
        self.kept = _wrapped()
        self.kept.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.commitment_box = QWidget()
        commitment = QVBoxLayout(self.commitment_box)
        commitment.setContentsMargins(0, 0, 0, 0)
        commitment.addWidget(self.commitment_label)
        commitment.addWidget(self.commitment)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_label)
        due_row.addWidget(self.due, 1)
        commitment.addLayout(due_row)
        keep_row = QHBoxLayout()
        keep_row.addStretch(1)
        keep_row.addWidget(self.keep_button)
        commitment.addLayout(keep_row)
        commitment.addWidget(self.kept)

        self.status = _wrapped()  # what went wrong ("Write what you will do first")
        self.status.setObjectName("planStatus")

        body = QWidget()
        body.setObjectName("planBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, SPACING, 0)
        column.setSpacing(SPACING)
        column.addWidget(self.position)
        column.addWidget(self.step_title)
        column.addWidget(self.instruction)
        column.addWidget(self.cards_line)
        column.addWidget(self.timer_row)
        column.addWidget(self.does_button)
        column.addWidget(self.where)
        column.addWidget(self.asking)
        column.addWidget(self.choose_label)
        column.addWidget(self.choose_list, 1)
        column.addWidget(self.notes_label)
        column.addWidget(self.notes, 1)
        column.addWidget(self.commitment_box)
        column.addWidget(self.status)
        column.addStretch(0)
        self.scroller = QScrollArea()
        self.scroller.setWidget(body)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.setAutoFillBackground(False)
        self.scroller.viewport().setAutoFillBackground(False)

        self.back_button = _button("&Back", "The step before (Alt+B or Ctrl+Left)")
        self.next_button = _button("&Next", "The next step (Alt+N or Ctrl+Right)")
        self.finish_button = _button("Fi&nish", "Finish the plan (Alt+N)")
        self.leave_button = _button(
            "&Leave plan", "Stop here; what you wrote and kept stays (Alt+L)"
        )
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.finish_button.clicked.connect(self.finish)
        self.leave_button.clicked.connect(self.leave)
        moves = QHBoxLayout()
        moves.addWidget(self.leave_button)
        moves.addStretch(1)
        moves.addWidget(self.back_button)
        moves.addWidget(self.next_button)
        moves.addWidget(self.finish_button)

        outer.addWidget(self.plan_title)
        outer.addWidget(self.scroller, 1)
        outer.addLayout(moves)

        for keys, move in (("Ctrl+Right", self.next), ("Ctrl+Left", self.back)):
            shortcut = QShortcut(QKeySequence(keys), self)
            # Within the panel only: a text box keeps Ctrl+arrows to move by word.
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(move)

        # Tab goes down the panel as it reads, then Leave, Back, Next and Finish.
        chain: list[QWidget] = [
            self.instruction,
            self.cards_line,
            self.timer_button,
            self.does_button,
            self.where,
            self.asking,
            self.choose_list,
            self.notes,
            self.commitment,
            self.due,
            self.keep_button,
            self.kept,
            self.leave_button,
            self.back_button,
            self.next_button,
            self.finish_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ showing a step

    def begin(self) -> None:
        """Say the first step to whoever holds the panel (call once the signals are
        connected): :attr:`step_changed` and :attr:`cards_wanted`."""
        self.say(f"{self.session.plan.title}. {self._where_we_are()}")
        self._emit_step()

    def _where_we_are(self) -> str:
        return f"{self.session.position()}: {self.session.step.title}"

    def _emit_step(self) -> None:
        self.step_changed.emit(self.session.step_index)
        self.cards_wanted.emit(self.session.cards)

    def _show_step(self) -> None:
        """Fill the panel from the session's current step."""
        session, step = self.session, self.session.step
        here = session.here
        self._loading = True
        self.position.setText(session.position())
        self.step_title.setText(step.title)
        self.step_title.setAccessibleName(self._where_we_are())
        self.instruction.setText(step.instruction)
        self.instruction.setAccessibleName(step.instruction)

        self.timer_row.setVisible(session.timer() is not None)
        does = step.does
        self.does_button.setVisible(does is not None)
        if does is not None:
            words = DOES_WORDS.get(does, does)
            self.does_button.setText(words)
            self.does_button.setShortcut(QKeySequence(DOES_KEY))  # after setText
            self.does_button.setAccessibleName(words)
            self.does_button.setToolTip(f"{words} ({DOES_KEY})")
        where = [WHERE_WORDS[c] for c in step.captures if c in WHERE_WORDS]
        self.where.setText(" ".join(where))
        self.where.setAccessibleName(self.where.text())
        self.where.setVisible(bool(where))
        asked = session.questions()
        lines = ["Questions you might ask:"] + [f"\u2022 {q.text}" for q in asked]
        self.asking.setText("\n".join(lines) if asked else "")
        self.asking.setAccessibleName(self.asking.text())
        self.asking.setVisible(bool(asked))

        choosing = step.cards.action == "choose"
        self.choose_label.setVisible(choosing)
        self.choose_list.setVisible(choosing)
        self._tick_chosen(session.cards if choosing else [])

        noting = "notes" in step.captures
        self.notes_label.setVisible(noting)
        self.notes.setVisible(noting)
        self.notes.setPlainText(here.notes)
        committing = "commitment" in step.captures
        self.commitment_box.setVisible(committing)
        self.commitment.setText(here.commitment)
        today = QDate.currentDate()
        self.due.setMinimumDate(today.addDays(-1))  # the lowest day says "No due date"
        self.due.setMaximumDate(self._qdate(limits.LAST_DATE))
        self.due.setDate(self._qdate(here.due) if here.due else self.due.minimumDate())
        self._show_kept()

        self.back_button.setEnabled(not session.is_first)
        self.next_button.setVisible(not session.is_last)
        self.finish_button.setVisible(session.is_last)
        self.status.setText("")
        self.status.setVisible(False)
        self._loading = False
        self._show_cards()
        self.tick()
        self.scroller.verticalScrollBar().setValue(0)

    def _show_cards(self) -> None:
        titles = {card.id: card.title for card in self.session.deck.cards}
        cards = [titles[c] for c in self.session.cards]
        if cards:
            text = "Cards: " + ", ".join(cards)
        elif self.session.step.cards.action == "choose":
            text = "No cards chosen yet."
        else:
            text = ""
        space = self.session.space
        if space is not None:
            named = next((s.title for s in self.session.deck.spaces if s.id == space), space)
            text = f"Space: {named}. {text}".strip()
        notes = self.session.card_notes()
        if notes:
            text = " ".join([text, *(f"{note}." for note in notes)]).strip()
        self.cards_line.setText(text)
        self.cards_line.setAccessibleName(text)
        self.cards_line.setVisible(bool(text))

    def _show_kept(self) -> None:
        kept = self.session.here.kept
        lines = [f"Kept: {k.text}" + (f" (by {k.due:%d %b %Y})" if k.due else "") for k in kept]
        self.kept.setText("\n".join(lines))
        self.kept.setAccessibleName("; ".join(lines))
        self.kept.setVisible(bool(lines))

    @staticmethod
    def _qdate(day: dt.date) -> QDate:
        return QDate(day.year, day.month, day.day)

    # ------------------------------------------------------------------ moving

    def next(self) -> None:
        if self.session.is_last:
            return
        self._move(self.session.next)

    def back(self) -> None:
        if self.session.is_first:
            return
        self._move(self.session.back)

    def _move(self, move: Callable[[], int]) -> None:
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)
        self._stop_clock()
        move()
        self._show_step()
        if had_focus and (focused is None or not focused.isVisible()):
            # The control used is gone at this step (Next on the last, a box not asked
            # for): the finish button where Next was, else the step's instruction.
            landing = self.finish_button if focused is self.next_button else self.instruction
            landing.setFocus(Qt.FocusReason.OtherFocusReason)
        elif had_focus and focused is self.back_button and not focused.isEnabled():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.say(self._where_we_are())
        self._emit_step()

    def finish(self) -> None:
        if not self.session.is_last or self.session.finished:
            return
        self._stop_clock()
        self.session.finish()
        self.say(f"Finished {self.session.plan.title}")
        self.finished.emit()

    def leave(self) -> None:
        """Leave the plan where it is: nothing is asked, nothing is lost."""
        timer = self.session.timer()
        if timer is not None:
            timer.pause()
        self.tick()  # the button says Resume, should the panel be shown again
        self.left.emit()

    # ------------------------------------------------------------------ the timer

    def toggle_timer(self) -> None:
        timer = self.session.timer()
        if timer is None:
            return
        timer.toggle()
        if timer.running:
            self.clock.start()
            self.say(f"Timer started: {timer.shown()} left")
        else:
            self._stop_clock()
            self.say(f"Timer paused: {timer.shown()} left")
        self.tick()

    def _stop_clock(self) -> None:
        self.clock.stop()

    def tick(self) -> None:
        """Read the step's timer: the time left, its colour, the button's words, and what
        is said aloud (a minute left, time up). Never moves the focus."""
        timer = self.session.timer()
        if timer is None:
            self._stop_clock()
            return
        running = timer.running
        level = timer.level()
        shown = "Time is up" if level == "over" else timer.shown()
        self.time_label.setText(shown)
        self.time_label.setAccessibleName("Time is up" if level == "over" else f"Time left {shown}")
        ink = INKS[current_scheme()]
        colour = {
            "warn": readable_on(AMBER, ink.window),
            "over": ink.negative,
        }.get(level, "")
        sheet = f"color: {colour};" if colour else ""
        if self.time_label.styleSheet() != sheet:
            self.time_label.setStyleSheet(sheet)
        if running:
            words = "Pause t&imer"
        elif level == "over":
            words = "Start t&imer again"
        else:
            words = "Resume t&imer" if timer.started else "Start t&imer"
        if self.timer_button.text() != words:
            self.timer_button.setText(words)
            self.timer_button.setAccessibleName(_plain(words))
        news = timer.news()
        if news is not None:
            self.say(news)
        if not running:
            self._stop_clock()

    # ------------------------------------------------------------------ captures

    def _noted(self) -> None:
        if not self._loading:
            self.session.here.notes = self.notes.toPlainText()

    def _committing(self, *_: object) -> None:
        if not self._loading:
            self.session.here.commitment = self.commitment.text()
            self.session.here.due = self.due_date()

    def due_date(self) -> dt.date | None:
        """The due date chosen, or None ("No due date")."""
        if self.due.date() <= self.due.minimumDate():
            return None
        return day_of(self.due.date())

    def keep_commitment(self) -> None:
        """Keep the commitment typed (the holder keeps it in the journal)."""
        if "commitment" not in self.session.step.captures:
            return
        try:
            kept = self.session.keep_commitment(self.commitment.text(), self.due_date())
        except PlanSessionError as exc:
            self._tell(str(exc))
            return
        self._loading = True
        self.commitment.clear()
        self.due.setDate(self.due.minimumDate())
        self._loading = False
        self._show_kept()
        self.status.setVisible(False)
        self.say(f"Commitment kept: {kept.text}")
        self.commitment_made.emit(kept.text, kept.due, list(kept.card_ids))

    def _tell(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(True)
        self.say(message)

    def _ticked(self, _: QListWidgetItem) -> None:
        ticked = []
        for row in range(self.choose_list.count()):
            item = self.choose_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.append(item.data(Qt.ItemDataRole.UserRole))
        self.choose(ticked)

    def choose(self, card_ids: list[str]) -> None:
        """Cards chosen for this step (here, or by the holder from its own cards)."""
        try:
            self.session.choose(card_ids)
        except PlanSessionError as exc:
            self._tell(str(exc))
            return
        if self.session.step.cards.action == "choose":
            self._tick_chosen(self.session.cards)
        self._show_cards()
        self.cards_wanted.emit(self.session.cards)

    def _tick_chosen(self, card_ids: list[str]) -> None:
        """The list's ticks as the session has them (without choosing again)."""
        chosen = set(card_ids)
        with QSignalBlocker(self.choose_list):
            for row in range(self.choose_list.count()):
                item = self.choose_list.item(row)
                ticked = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def refresh_cards(self) -> None:
        """The step's cards again (a temperature check was just taken, a space chosen)."""
        self._show_cards()
        self.cards_wanted.emit(self.session.cards)

    def _do(self) -> None:
        does = self.session.step.does
        if does is not None:
            self.action_requested.emit(does)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark: the timer's colour
            self.tick()

    # ------------------------------------------------------------------ speech

    def say(self, text: str) -> None:
        """Tell a screen reader, without moving the focus."""
        self.announced = text
        announce(self, text)
