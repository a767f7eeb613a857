"""View ▸ Present: cards for an audience on one window, the coach's console on another.

The audience window is built from deck content alone (a deck and its cards): it is never
given the journal, the coach's notes or anything else personal, so sharing that one window
on a call, or putting it on a projector, shows cards and nothing more. The console holds
everything else: both sides of the card on show, the next card, the questions, a list to
jump to, the session clock, a countdown and private notes. Keys work from either window,
as a clicker sends them: Right/PageDown/Space next, Left/PageUp previous, F flip, B black,
W white, R random, D deal, T theme, a number then Enter to jump, C the console, Esc to
leave.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from leadcards.colours import Scheme
from leadcards.deck import Card, Deck
from leadcards.journal.model import JournalError
from leadcards.journal.store import Journal
from leadcards.session import SESSION_TAG, ScreenInfo, Session, audience_screen
from leadcards.ui import keymap
from leadcards.ui.appearance import TypeScale, font
from leadcards.ui.audience_window import AudienceWindow
from leadcards.ui.card_faces import CardBack, CardFront
from leadcards.ui.focus_ring import FocusRing
from leadcards.ui.saved_pdf import keep_focus_style

# The keys a box that takes numbers leaves to the session (its own arrows set it).
CLICKER_KEYS = set(keymap.PRESENTER) - {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_C}
# Keys a list or a box that takes a choice keeps for itself (when no number is being typed).
DATE_KEYS = {  # the keys a date box keeps for itself
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home,
    Qt.Key.Key_End,
}  # fmt: skip
CHOOSING_KEYS = {
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_F4,
    Qt.Key.Key_Return, Qt.Key.Key_Enter,
}  # fmt: skip
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
WARN_SECONDS = 120  # the countdown turns amber in its last two minutes
AMBER, RED = "#B35C00", "#B3261E"
DEAL_DEFAULT = 3


def console_questions(card: Card) -> str:
    """The questions the console offers the coach: the card's group-safe prompts, each
    with its follow-up, and how many are left for private reflection."""
    lines = []
    for prompt in card.group_prompts():
        lines.append(prompt.text)
        if prompt.follow_up:
            lines.append(f"    Then: {prompt.follow_up}")
    private = len(card.prompts) - len(card.group_prompts())
    if private:
        kept = "question is" if private == 1 else "questions are"
        lines.append(f"({private} {kept} for private reflection and not asked here.)")
    return "\n".join(lines) or "No questions on this card."


class Presenter(QMainWindow):
    """The coach's console, and the session it runs."""

    def __init__(
        self,
        deck: Deck,
        cards: Sequence[Card],
        journal: Journal | None,
        scheme: Scheme,
        *,
        start: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)  # a frame for a screen reader
        self.setObjectName("presenterConsole")
        self.setWindowTitle(f"Presenting {deck.title}: console")
        self.deck, self.all_cards, self.journal, self.scheme = deck, tuple(cards), journal, scheme
        self.theme: str | None = None
        self.cards = self.all_cards
        self.index = 0
        self.typed = ""
        self.session = Session()
        self.audience = AudienceWindow(scheme)
        self._build()
        # Focus comes back to the console itself (C, a click), never by Tab: a Tab stop on
        # the window would show nothing and be read as its title only.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        keep_focus_style(self)  # the notes box's ring, as the main window's boxes have
        self.question: QMessageBox | None = None
        self.entry_uuid: str | None = None  # the record, once saved (later saves update it)
        self.saved_state: tuple[int, str] = (0, "")
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self.tick)
        self.clock.start()
        self.countdown_from: float | None = None
        self.warnings: list[str] = []  # what the countdown has still to say aloud
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self.screen_removed)
            app.screenAdded.connect(lambda _: self._fill_screens())
            # Keys anywhere in either window reach the session, whatever has focus there
            # (a click on the audience card, a button just pressed).
            app.installEventFilter(self)
        if start and any(c.id == start for c in self.cards):
            self.index = next(i for i, c in enumerate(self.cards) if c.id == start)
        self.go(self.index)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.front_preview = QWidget()
        self.back_preview = QWidget()
        previews = QHBoxLayout()
        previews.addWidget(self.front_preview, 1)
        previews.addWidget(self.back_preview, 1)
        for preview in (self.front_preview, self.back_preview):
            preview.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # no ticks
        self.position = QLabel()
        self.position.setFont(font(TypeScale.HEADING, bold=True))
        self.next_label = QLabel()
        questions = QLabel("Questions on this card")
        questions.setFont(font(TypeScale.BODY, bold=True))
        self.prompts = QLabel()
        self.prompts.setWordWrap(True)
        # Its name is its text: a screen reader reads the questions themselves.
        self.prompts.setAccessibleDescription("Questions on this card")
        self.prompts.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        questions.setBuddy(self.prompts)
        self.list = QListWidget()
        self.list.setAccessibleName("Cards to jump to")
        self.list.itemActivated.connect(lambda item: self.go(self.list.row(item)))
        self.clock_label = QLabel("0:00")
        self.clock_label.setFont(font(TypeScale.TITLE, bold=True))
        self.clock_label.setAccessibleName("Session time 0:00")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 180)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Countdown minutes (0 for none)")
        self.countdown_label = QLabel("")
        self.countdown_label.setFont(font(TypeScale.HEADING, bold=True))
        self.countdown_label.setAccessibleName("Time left: no countdown")
        self.start_button = QPushButton("Start countdown")
        self.start_button.clicked.connect(self.start_countdown)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Private notes: never shown to the audience")
        self.notes.setAccessibleName("Private notes")
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes: no keyboard trap
        self.notes.textChanged.connect(
            lambda: setattr(self.session, "notes", self.notes.toPlainText())
        )
        self.deal_count = QSpinBox()
        self.deal_count.setRange(2, 6)
        self.deal_count.setValue(DEAL_DEFAULT)
        self.deal_count.setAccessibleName("Cards to deal")
        for spin in (self.minutes, self.deal_count):
            spin.editingFinished.connect(lambda spin=spin: self._set_with_the_mouse(spin))
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        keys = keymap.PRESENTER
        for text, slot, shown in (
            ("Previous", self.previous, keymap.label(keys, "previous", "page up")),
            ("Flip", self.flip, keymap.label(keys, "flip")),
            ("Next", self.next, keymap.label(keys, "next", "page down")),
            ("Random", self.random, keymap.label(keys, "random")),
            ("Deal", self.deal, keymap.label(keys, "deal")),
            ("Theme", self.cycle_theme, keymap.label(keys, "theme")),
            ("Black", self.black, keymap.label(keys, "black")),
            ("White", self.white, keymap.label(keys, "white")),
        ):
            button = QPushButton(text)
            button.setToolTip(f"{text} ({shown})")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[text] = button
            if text == "Deal":
                buttons.addWidget(self.deal_count)
        self.screen_box = QComboBox()
        self.screen_box.setAccessibleName("Where the audience sees the cards")
        self.screen_box.activated.connect(self._screen_chosen)
        self.save_button = QPushButton("Save Session to Journal")
        self.save_button.setEnabled(self.journal is not None)
        self.save_button.clicked.connect(self.save_record)
        self.leave_button = QPushButton("End Presenting (Esc)")
        self.leave_button.clicked.connect(self.leave)
        for button in (*self.buttons.values(), self.start_button, self.save_button):
            # Tab reaches them; a click leaves focus where it was, for the clicker.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.leave_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.status = QLabel()
        self.status.setObjectName("presenterStatus")
        self.status.setAccessibleName("Presenting")
        central = QWidget()
        central.setObjectName("presenterCentral")
        self.setCentralWidget(central)
        grid = QGridLayout(central)
        grid.addLayout(previews, 0, 0, 1, 2)
        grid.addWidget(self.position, 1, 0)
        grid.addWidget(self.next_label, 1, 1)
        asked = QVBoxLayout()
        asked.addWidget(questions)
        asked.addWidget(self.prompts)
        grid.addLayout(asked, 2, 0, 1, 2)
        grid.addLayout(buttons, 3, 0, 1, 2)
        side = QVBoxLayout()
        side.addWidget(self.clock_label)
        row = QHBoxLayout()
        row.addWidget(self.minutes)
        row.addWidget(self.start_button)
        side.addLayout(row)
        side.addWidget(self.countdown_label)
        side.addWidget(self.list, 1)
        grid.addLayout(side, 0, 2, 3, 1)
        grid.addWidget(self.notes, 4, 0, 1, 3)
        end = QHBoxLayout()
        audience = QLabel("&Audience:")
        audience.setBuddy(self.screen_box)
        end.addWidget(audience)
        end.addWidget(self.screen_box)
        end.addWidget(self.status, 1)
        end.addWidget(self.save_button)
        end.addWidget(self.leave_button)
        grid.addLayout(end, 5, 0, 1, 3)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(4, 1)
        # Tab follows the page: the questions, the card controls, the clock's, the list,
        # the notes, then where the audience is and how to end.
        chain: list[QWidget] = [
            self.prompts,
            self.buttons["Previous"],
            self.buttons["Flip"],
            self.buttons["Next"],
            self.buttons["Random"],
            self.buttons["Deal"],
            self.deal_count,
            self.buttons["Theme"],
            self.buttons["Black"],
            self.buttons["White"],
            self.minutes,
            self.start_button,
            self.list,
            self.notes,
            self.screen_box,
            self.save_button,
            self.leave_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.focus_ring = FocusRing(central, self.scheme)
        self.resize(1180, 800)

    def _set_with_the_mouse(self, spin: QSpinBox) -> None:
        """A box set with the mouse gives the keys back to the cards when Enter is pressed
        (a number then jumps to a card); one reached with Tab keeps focus."""
        if spin.hasFocus() and self._mouse_focused is spin:
            self.setFocus()

    _mouse_focused: QWidget | None = None

    # ------------------------------------------------------------------ showing

    def show_windows(self, screens: Sequence[QScreen] | None = None) -> None:
        """The audience full screen on the external screen if there is one, the console on
        the coach's; with one screen, the audience full screen on it and the console a key
        (C) away. The Audience box makes it an ordinary window, to share on a call."""
        found = list(screens if screens is not None else QGuiApplication.screens())
        chosen = audience_screen(
            [
                ScreenInfo(s.name(), s.size().width(), s.size().height(), s is found[0])
                for s in found
            ]
            if found
            else []
        )
        self._fill_screens(found)
        self.show()
        self.setFocus()
        if chosen is None and len(found) == 1:
            self.put_audience(found[0].name())  # one screen: the audience in front
            self.audience.raise_()
            self.audience.activateWindow()
            self.status.setText("Press C for this console; the Audience box makes a window.")
        else:
            self.put_audience(chosen)
            self.activateWindow()

    def _fill_screens(self, screens: Sequence[QScreen] | None = None) -> None:
        """The Audience box: a window, or full screen on each screen there is now."""
        current = self.screen_box.currentData()
        self.screen_box.clear()
        self.screen_box.addItem("A window to share or drag", None)
        found = screens if screens is not None else QGuiApplication.screens()
        for number, screen in enumerate(found, start=1):
            size = screen.size()
            name = screen.name() or f"screen {number}"
            self.screen_box.addItem(
                f"Full screen on {name} ({size.width()}x{size.height()})", screen.name()
            )
        self.screen_box.setCurrentIndex(max(self.screen_box.findData(current), 0))

    def put_audience(self, name: str | None) -> None:
        """Full screen on the named screen, or an ordinary window (None)."""
        target = next((s for s in QGuiApplication.screens() if s.name() == name), None)
        if target is not None:
            self.audience.setScreen(target)
            self.audience.setGeometry(target.geometry())
            self.audience.showFullScreen()
        else:
            self.audience.showNormal()
            self.audience.show()
        index = self.screen_box.findData(target.name() if target else None)
        self.screen_box.setCurrentIndex(max(index, 0))

    def _screen_chosen(self, index: int) -> None:
        self.put_audience(self.screen_box.itemData(index))
        if self._mouse_focused is self.screen_box:
            self.setFocus()  # chosen with the mouse: the keys go back to the cards

    def screen_removed(self, screen: QScreen) -> None:
        """The projector was unplugged: the audience window comes back as a window here."""
        if self.audience.isVisible() and self.audience.screen() is screen:
            self.audience.showNormal()
            primary = QGuiApplication.primaryScreen()
            if primary is not None and primary is not screen:
                self.audience.setScreen(primary)
                room = primary.availableGeometry()
                self.audience.setGeometry(
                    room.x() + room.width() // 8,
                    room.y() + room.height() // 8,
                    room.width() * 3 // 4,
                    room.height() * 3 // 4,
                )
            self.audience.show()
            self.status.setText("The audience screen went away: its window is back here.")
        QTimer.singleShot(0, self._fill_screens)  # once Qt has let the screen go

    def go(self, index: int) -> None:
        if not self.cards:
            return
        self.index = index % len(self.cards)
        card = self.cards[self.index]
        self.audience.show_card(self.deck, self.cards, card.id)
        self.audience.repaint()  # the room sees it now, before anything else is done
        self.session.show(self.deck.id, card.id)
        self.announce(f"Card {self.index + 1} of {len(self.cards)}: {card.title}")
        # The room sees the card first; the console and the next cards' faces follow.
        QTimer.singleShot(0, self._after_showing)

    def _after_showing(self) -> None:
        if not self.cards or not self.isVisible():  # ended meanwhile: nothing to make ahead
            return
        self._update_console()
        for step in (1, -1):
            neighbour = self.cards[(self.index + step) % len(self.cards)]
            self.audience.card_view.prepare(neighbour.id)

    def _update_console(self) -> None:
        card = self.cards[self.index]
        for holder, face in (
            (self.front_preview, CardFront(self.deck, card, self.scheme, 0.6)),
            (
                self.back_preview,
                CardBack(self.deck, card, self.scheme, 0.6, frozenset(), group_only=True),
            ),
        ):
            layout = holder.layout() or QVBoxLayout(holder)
            while layout.count():
                item = layout.takeAt(0)
                gone = item.widget() if item is not None else None
                if gone is not None:
                    gone.deleteLater()
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(face)
            for part in face.findChildren(QWidget):  # a picture of the card: no Tab stops
                part.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        theme = f" ({self.deck.theme(self.theme).title})" if self.theme else ""
        self.position.setText(f"{self.index + 1} of {len(self.cards)}{theme}: {card.title}")
        following = self.cards[(self.index + 1) % len(self.cards)]
        self.next_label.setText(f"Next: {following.title}")
        self.prompts.setText(console_questions(card))
        titles = [f"{n}. {c.title}" for n, c in enumerate(self.cards, start=1)]
        if [self.list.item(i).text() for i in range(self.list.count())] != titles:
            self.list.clear()
            self.list.addItems(titles)
        self.list.setCurrentRow(self.index)

    # ------------------------------------------------------------------ controls

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def flip(self) -> None:
        self.audience.flip()
        card = self.audience.card_view.card
        if self.audience.mode == "card" and card is not None:
            side = "back" if self.audience.card_view.showing_back else "front"
            self.announce(f"{card.title}, {side}{self._pages()}")

    def turn(self, step: int) -> bool:
        """Down and Up: the next or previous page of a face too long for one."""
        if not self.audience.turn(step):
            return False
        self.audience.repaint()
        self.announce(f"Page {self.audience.page()[0]} of {self.audience.page()[1]}")
        return True

    def page_down(self) -> None:
        """The clicker's forward key: the next page of this face, then the next card."""
        if not self.turn(1):
            self.next()

    def page_up(self) -> None:
        if not self.turn(-1):
            self.previous()

    def _pages(self) -> str:
        page, pages = self.audience.page()
        return f", page {page} of {pages}" if pages > 1 else ""

    def announce(self, text: str) -> None:
        """Say what the audience now sees to a screen reader, without moving focus."""
        self.announced = text
        self.status.setAccessibleDescription(text)
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.status, text))

    announced = ""

    def random(self) -> None:
        """A random card from the current filter (another than this one where there is)."""
        choices = [i for i in range(len(self.cards)) if i != self.index] or [self.index]
        self.go(self.audience.card_view.rng.choice(choices))

    def deal(self) -> None:
        count = min(self.deal_count.value(), len(self.cards))
        picked = self.audience.card_view.rng.sample(list(self.cards), count)
        self.audience.deal(self.deck, picked)
        self.session.deal(self.deck.id, [c.id for c in picked])
        self.status.setText("Dealt: " + ", ".join(c.title for c in picked))
        self.announce(self.status.text())

    # ------------------------------------------------------------------ a running plan

    def attach_plan(self, panel: QWidget, title: str) -> QDockWidget:
        """Put a running plan's step panel in the console (the room sees only cards)."""
        dock = QDockWidget(title, self)
        dock.setObjectName("presenterPlanDock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def show_plan_cards(self, card_ids: Sequence[str]) -> None:
        """A plan step's cards for the room: one shown, several dealt side by side."""
        known = {card.id: card for card in self.deck.cards}
        cards = [known[card_id] for card_id in card_ids if card_id in known]
        if len(cards) == 1:
            shown = [c.id for c in self.cards]
            if cards[0].id not in shown:
                self.cards = (*self.cards, cards[0])
                shown.append(cards[0].id)
            self.go(shown.index(cards[0].id))
        elif cards:
            self.audience.deal(self.deck, cards)
            self.session.deal(self.deck.id, [c.id for c in cards])
            self.status.setText("Dealt: " + ", ".join(c.title for c in cards))
            self.announce(self.status.text())

    def black(self) -> None:
        self._blank("#000000", "black")

    def white(self) -> None:
        self._blank("#FFFFFF", "white")

    def _blank(self, colour: str, name: str) -> None:
        if self.audience.mode == colour:
            self.audience.black_or_white(None)
            self.session.resume()
            self.status.setText("")
            self.announce(f"The audience sees the cards again, after a {name} screen.")
        else:
            self.audience.black_or_white(colour)
            self.session.pause()
            self.status.setText(f"The audience sees a {name} screen (press again to return).")
            self.announce(self.status.text())

    def cycle_theme(self) -> None:
        """All cards, then each theme in turn."""
        ids = [None, *(t.id for t in self.deck.themes)]
        self.theme = ids[(ids.index(self.theme) + 1) % len(ids)]
        chosen = [c for c in self.all_cards if self.theme is None or c.theme == self.theme]
        self.cards = tuple(chosen) or self.all_cards
        self.go(0)

    def jump(self, number: int) -> None:
        if 1 <= number <= len(self.cards):
            self.go(number - 1)

    def unsaved(self) -> bool:
        """Whether the session has cards or notes the journal does not have yet."""
        now = (len(self.session.shown), self.session.notes)
        return self.journal is not None and bool(self.session.shown) and now != self.saved_state

    def console_forward(self) -> None:
        """C: the console in front (with the audience full screen on the only screen)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def leave(self) -> QMessageBox | None:
        """End presenting; with something unsaved, ask first (Enter keeps the record, so a
        clicker session ends without the mouse)."""
        if self.question is not None:
            return self.question
        if not self.unsaved():
            self.ending = True
            self.close()
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "End Presenting",
            "Keep this session's record (the cards shown, the time on each and your notes) "
            "in the journal?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("endQuestion")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.finished.connect(self._ended)
        self.question = box
        box.open()
        return box

    def _ended(self, result: int) -> None:
        self.question = None
        if result == QMessageBox.StandardButton.Cancel:
            self.setFocus()
            return
        if result == QMessageBox.StandardButton.Save and self.save_record() is None:
            return  # not saved: the status says why, and the session stays open
        self.ending = True
        self.close()

    ending = False  # set once the coach has said how to end

    # ------------------------------------------------------------------ time

    def start_countdown(self) -> None:
        self.countdown_from = self.session.clock() if self.minutes.value() else None
        minutes = self.minutes.value()
        self.warnings = ["Time is up", "Two minutes left"][
            : 1 if minutes * 60 <= WARN_SECONDS else 2
        ]
        if self.countdown_from is not None:
            self.announce(f"Countdown started: {minutes} minute{'s' if minutes != 1 else ''}")
        self.tick()

    def remaining(self) -> float | None:
        if self.countdown_from is None:
            return None
        return self.minutes.value() * 60 - (self.session.clock() - self.countdown_from)

    def tick(self) -> None:
        elapsed = int(self.session.elapsed())
        self.clock_label.setText(f"{elapsed // 60}:{elapsed % 60:02d}")
        self.clock_label.setAccessibleName(f"Session time {self.clock_label.text()}")
        left = self.remaining()
        if left is None:
            self.countdown_label.setText("")
            self.countdown_label.setAccessibleName("Time left: no countdown")
            return
        shown = max(0, int(left))
        colour = RED if left <= 0 else AMBER if left <= WARN_SECONDS else ""
        self.countdown_label.setText(
            "Time is up" if left <= 0 else f"{shown // 60}:{shown % 60:02d} left"
        )
        self.countdown_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.countdown_label.setAccessibleName(f"Time left {self.countdown_label.text()}")
        due = "Time is up" if left <= 0 else "Two minutes left" if left <= WARN_SECONDS else ""
        if due in self.warnings:  # each said once, to a screen reader
            del self.warnings[self.warnings.index(due) :]
            self.announce(due)

    # ------------------------------------------------------------------ the record

    def save_record(self) -> str | None:
        """Keep the session in the journal (only when the coach asks)."""
        if self.journal is None:
            return None
        text = self.session.record_text([self.deck])
        try:
            if self.entry_uuid is not None:  # saved before: the one record grows
                entry = self.journal.update_entry(self.entry_uuid, text=text)
            else:
                entry = self.journal.add_entry(text, deck_id=self.deck.id, tags=[SESSION_TAG])
        except JournalError as exc:
            self.status.setText(f"The session was not saved: {exc}")
            self.announce(self.status.text())
            return None
        self.entry_uuid = entry.uuid
        self.saved_state = (len(self.session.shown), self.session.notes)
        self.status.setText("The session is saved in the journal.")
        self.announce(self.status.text())
        return entry.uuid

    def journal_closing(self) -> None:
        """The main window is letting the journal go: the record can no longer be kept."""
        self.journal = None
        self.let_go = True
        self.save_button.setEnabled(False)
        self.status.setText("The journal was closed: this session can no longer be saved.")

    let_go = False  # the journal this session had was closed

    def journal_opened(self, journal: Journal) -> None:
        """The window's journal opened after presenting began (the app was just starting):
        the record is kept there. One closed meanwhile is not replaced by another."""
        if self.journal is None and not self.let_go:
            self.journal = journal
            self.save_button.setEnabled(True)

    # ------------------------------------------------------------------ keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Keys pressed in either window drive the session, except typing in the notes and
        the number keys and arrows of the boxes that take numbers."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            reason = getattr(event, "reason", lambda: None)()
            if reason is Qt.FocusReason.MouseFocusReason:
                self._mouse_focused = watched
            elif reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
                self._mouse_focused = None
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() not in (self, self.audience):
            return False
        if self.question is not None:
            return watched.window() is self.audience  # answer the question first
        key = event.key()
        if watched is self.notes or isinstance(watched, (QLineEdit, QPlainTextEdit, QTextEdit)):
            # Typing (the notes, a running plan's boxes): Esc alone reaches the session.
            return key == Qt.Key.Key_Escape and self.handle_key(key)
        if isinstance(watched, QDateTimeEdit) and key in DATE_KEYS:
            return False  # a plan's due date: its arrows move between day, month and year
        if isinstance(watched, QAbstractSpinBox) and key not in CLICKER_KEYS:
            return False  # its numbers and arrows set it (a count, a plan's due date)
        if (
            isinstance(watched, QListWidget)
            and watched is not self.list
            and key == Qt.Key.Key_Space
        ):
            return False  # a plan's list of cards to choose: Space ticks one
        choosing = key in CHOOSING_KEYS and not (self.typed and key in ENTER_KEYS)
        if isinstance(watched, (QComboBox, QListWidget)) and choosing:
            return False  # its arrows choose, Enter takes the choice (unless a number waits)
        if isinstance(watched, QAbstractButton) and watched.hasFocus() and not self.typed:
            if key in ENTER_KEYS:
                watched.click()  # a button reached with Tab: Enter presses it, as Space does
                return True
            if key == Qt.Key.Key_Space:
                return False
        return self.handle_key(key, event.text())

    def handle_key(self, key: int, text: str = "") -> bool:
        if text.isdigit():
            self.typed += text
            self.status.setText(f"Go to card {self.typed}… (Enter)")
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.typed:
            self.jump(int(self.typed))
            self.typed = ""
            self.status.setText("")
            return True
        actions: dict[str, Callable[[], object]] = {
            "next": self.next,
            "page down": self.page_down,
            "turn down": lambda: self.turn(1),
            "previous": self.previous,
            "page up": self.page_up,
            "turn up": lambda: self.turn(-1),
            "flip": self.flip,
            "black": self.black,
            "white": self.white,
            "random": self.random,
            "deal": self.deal,
            "theme": self.cycle_theme,
            "leave": self.leave,
            "console": self.console_forward,
        }
        if key not in keymap.PRESENTER:
            return False
        action = actions[keymap.PRESENTER[Qt.Key(key)]]
        if self.typed:
            self.typed = ""
            self.status.setText("")
        action()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.ending and self.unsaved():
            event.ignore()  # the window's close button: ask, as Esc does
            self.leave()
            return
        self.clock.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.audience.close()
        self.audience.card_view.release()
        super().closeEvent(event)
