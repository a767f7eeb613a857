"""One card, large, that flips between front and back.

The flip turns the card about its vertical axis: both faces are captured as images and a
small overlay paints them through a perspective transform for about 300 ms with easing;
then the live face is shown. With animation off (by the user, or because the platform asks
for fewer UI effects) the flip is instant. Indicator ticks are the user's marks: the view
keeps them for the session and reports every change through ``indicator_marked``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEasingCurve, QRect, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QStackedLayout, QWidget

from leadcards.browse import neighbour
from leadcards.colours import Scheme
from leadcards.deck import Card, Deck
from leadcards.ui import keymap
from leadcards.ui.appearance import INKS
from leadcards.ui.card_faces import CardBack, CardFront

FLIP_MS = 300
_SCROLL_KEYS: dict[int, float] = {  # key, share of a face to scroll by
    Qt.Key.Key_Down: 0.15,
    Qt.Key.Key_Up: -0.15,
    Qt.Key.Key_PageDown: 0.9,
    Qt.Key.Key_PageUp: -0.9,
}
MAX_FACE_WIDTH = 820
PREPARED_AT_MOST = 4


SMOOTH_FLIP_PX = 1_200_000  # a flip frame up to this many device pixels is smoothed


class FlipOverlay(QWidget):
    """Paints one frame of the flip: the outgoing face turning away, then the incoming one."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.front = QPixmap()
        self.back = QPixmap()
        self.progress = 0.0

    def frame_transform(self, angle: float, width: float, height: float) -> QTransform:
        transform = QTransform()
        transform.translate(width / 2, height / 2)
        transform.rotate(angle, Qt.Axis.YAxis, max(width, height) * 2.5)
        transform.translate(-width / 2, -height / 2)
        return transform

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        angle = self.progress * 180.0
        pixmap, shown = (self.front, angle) if angle <= 90 else (self.back, angle - 180.0)
        if pixmap.isNull():
            return
        painter = QPainter(self)
        if self.width() * self.height() * self.devicePixelRatioF() ** 2 <= SMOOTH_FLIP_PX:
            # Smoothed on a window-sized card; a projector-sized one (the audience window)
            # turns without it, where it would cost a frame's whole budget and the room,
            # metres away, sees no difference in a turn of a third of a second.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setTransform(self.frame_transform(shown, self.width(), self.height()))
        painter.drawPixmap(QRect(0, 0, self.width(), self.height()), pixmap)
        painter.end()

    def begin(self, faces: QStackedLayout, holder: QWidget, incoming: QWidget) -> None:
        """Take pictures of the face shown and of ``incoming``, and cover ``holder`` with
        the flip's first frame (the caller then starts its animation)."""
        shown = faces.currentWidget()
        self.front = shown.grab() if shown is not None else QPixmap()
        # Show the incoming face once (the holder is hidden next) so that it is laid out
        # (tabs included) before its picture is taken.
        faces.setCurrentWidget(incoming)
        QCoreApplication.sendPostedEvents()
        self.back = incoming.grab()
        self.progress = 0.0
        self.setGeometry(holder.geometry())
        self.show()
        self.raise_()
        holder.hide()

    def set_progress(self, value: object) -> None:
        """One step of the flip's animation (0 to 1)."""
        self.progress = float(value)  # type: ignore[arg-type]
        self.update()


class CardView(QWidget):
    card_changed = Signal(str)  # card id
    card_flipped = Signal(str, bool)  # card id, True when the back is now showing
    indicator_marked = Signal(str, str, bool)  # card id, indicator id, ticked
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("cardView")
        self.deck: Deck | None = None
        self.cards: tuple[Card, ...] = ()
        self.card: Card | None = None
        self.showing_back = False
        self.scheme = Scheme.LIGHT
        self.zoom = 1.0
        self.animated = True
        self.rng = random.Random()
        self._marks: dict[tuple[str, str], set[str]] = {}
        self.front: CardFront | None = None
        self.back: CardBack | None = None
        # Faces made ahead (see prepare), keyed by what they were made for.
        self._prepared: dict[
            tuple[str, str, Scheme, float, frozenset[str]], tuple[CardFront, CardBack]
        ] = {}

        self.holder = QWidget(self)
        self.stack = QStackedLayout(self.holder)
        self.overlay = FlipOverlay(self)
        self.overlay.hide()
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(FLIP_MS)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self.overlay.set_progress)
        self.animation.finished.connect(self._finish_flip)
        self._target_back = False

    # ------------------------------------------------------------------ content

    def set_cards(self, deck: Deck, cards: Sequence[Card]) -> None:
        """The deck and the cards (the current filter) that next/previous/random walk.

        A different deck clears the card on show: it belongs to the deck being left.
        """
        if self.deck is not None and deck.id != self.deck.id:
            self.clear()
            self._drop_prepared()
        self.deck = deck
        self.cards = tuple(cards)

    def clear(self) -> None:
        """Show no card (for example after the deck changed)."""
        self._cancel_flip()
        for old in (self.front, self.back):
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.front = self.back = None
        self.card = None
        self.showing_back = False

    def _cancel_flip(self) -> None:
        """Stop a flip under way and show the live face again."""
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
        self.overlay.hide()
        self.holder.show()

    def show_card(self, card_id: str, *, back: bool = False) -> None:
        if self.deck is None:
            return
        self._cancel_flip()
        self.card = self.deck.card(card_id)
        self.showing_back = back
        self._rebuild()
        self.card_changed.emit(card_id)

    def set_scheme(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self._rebuild()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._rebuild()

    def marks(self, card_id: str | None = None) -> frozenset[str]:
        """The indicator ids the user has ticked on a card (the current one by default)."""
        if self.deck is None:
            return frozenset()
        ident = card_id or (self.card.id if self.card else "")
        return frozenset(self._marks.get((self.deck.id, ident), set()))

    def load_marks(self, marks: dict[tuple[str, str], set[str]]) -> None:
        """Replace every remembered mark, keyed by (deck id, card id), e.g. from a journal."""
        self._marks = {key: set(ids) for key, ids in marks.items()}
        self._rebuild()

    def set_marks(self, card_id: str, indicator_ids: set[str] | frozenset[str]) -> None:
        if self.deck is None:
            return
        self._marks[(self.deck.id, card_id)] = set(indicator_ids)
        if self.card is not None and self.card.id == card_id:
            self._rebuild()

    def prepare(self, card_id: str) -> None:
        """Make a card's faces ahead of time (while nothing else is happening), so showing
        it later is only a switch: the presenter does this for the next cards."""
        if self.deck is None:
            return
        key = (self.deck.id, card_id, self.scheme, self.zoom, self.marks(card_id))
        if key in self._prepared:
            return
        card = self.deck.card(card_id)
        front = CardFront(self.deck, card, self.scheme, self.zoom)
        back = CardBack(self.deck, card, self.scheme, self.zoom, key[4])
        self.stack.addWidget(front)  # in place already (hidden): showing is a switch
        self.stack.addWidget(back)
        self._prepared[key] = (front, back)
        while len(self._prepared) > PREPARED_AT_MOST:
            oldest = next(iter(self._prepared))
            for face in self._prepared.pop(oldest):
                face.deleteLater()

    def _drop_prepared(self) -> None:
        for faces in self._prepared.values():
            for face in faces:
                face.deleteLater()
        self._prepared.clear()

    def _rebuild(self) -> None:
        if self.deck is None or self.card is None:
            return
        focus_inside = self.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        same_card = self.back is not None and self.back.card.id == self.card.id
        tab = self.back.tabs.currentIndex() if same_card and self.back and self.back.tabs else 0
        for old in (self.front, self.back):
            if old is not None:
                old.hide()
                old.deleteLater()  # it leaves the stack as it goes
        key = (self.deck.id, self.card.id, self.scheme, self.zoom, self.marks())
        ready = self._prepared.pop(key, None)
        if ready is not None:
            self.front, self.back = ready
        else:
            self.front = CardFront(self.deck, self.card, self.scheme, self.zoom)
            self.back = CardBack(self.deck, self.card, self.scheme, self.zoom, self.marks())
            self.stack.addWidget(self.front)
            self.stack.addWidget(self.back)
        self.back.mark_toggled.connect(self._on_mark)
        if self.back.tabs is not None:
            self.back.tabs.setCurrentIndex(tab)
        self.stack.setCurrentWidget(self.back if self.showing_back else self.front)
        self._chain_focus(self.back)
        self._place()
        self._describe()
        if focus_inside:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chain_focus(self, back: CardBack) -> None:
        """Tab from the card goes into its back (tabs, then checkboxes), then on as before.

        The faces are rebuilt for every card, which would put them at the end of the
        window's focus chain; this puts them straight after the card view.
        """
        previous: QWidget = self
        stops: list[QWidget] = [back.tabs.tabBar()] if back.tabs is not None else []
        stops += [row.box for row in back.rows]
        for widget in stops:
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def _on_mark(self, indicator_id: str, checked: bool) -> None:
        if self.deck is None or self.card is None:
            return
        marked = self._marks.setdefault((self.deck.id, self.card.id), set())
        if checked:
            marked.add(indicator_id)
        else:
            marked.discard(indicator_id)
        self.indicator_marked.emit(self.card.id, indicator_id, checked)

    def visible_face(self) -> CardFront | CardBack | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, (CardFront, CardBack)) else None

    def _describe(self) -> None:
        if self.deck is None or self.card is None:
            return
        theme = self.deck.theme(self.card.theme).title
        side = "back" if self.showing_back else "front"
        self.setAccessibleName(
            f"{self.card.title}, {theme} {self.deck.terms.theme.lower()}, {side}"
        )
        card = self.card
        if self.showing_back:
            counts = ", ".join(
                f"{len(g.indicators)} {g.title.lower()}" for g in card.indicator_groups
            )
            text = f"{counts}. Press Tab to reach them." if counts else ""
        else:
            text = " ".join(part for part in (card.headline, card.summary) if part)
        self.setAccessibleDescription(
            f"{text} Space or F flips the card; Left and Right go to the previous and next "
            "card; R draws a random card; Escape returns to the grid."
        )

    # ------------------------------------------------------------------ flipping

    def flip(self) -> None:
        if self.card is None or self.front is None or self.back is None:
            return
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.setCurrentTime(FLIP_MS)  # finish the running flip at once
            return
        self._target_back = not self.showing_back
        if not self.animated or not self.isVisible():
            self._settle()
            return
        incoming = self.back if self._target_back else self.front
        self.overlay.begin(self.stack, self.holder, incoming)
        self.animation.start()

    def _finish_flip(self) -> None:
        self.overlay.hide()
        self.holder.show()
        self._settle()

    def _settle(self) -> None:
        assert self.card is not None
        self.showing_back = self._target_back
        face = self.back if self.showing_back else self.front
        if face is not None:
            self.stack.setCurrentWidget(face)
        self._describe()
        self.card_flipped.emit(self.card.id, self.showing_back)

    # ------------------------------------------------------------------ moving

    def step(self, offset: int) -> None:
        if self.card is None:
            return
        target = neighbour(self.cards, self.card.id, offset)
        if target is not None and target.id != self.card.id:
            self.show_card(target.id)

    def first(self) -> None:
        if self.cards:
            self.show_card(self.cards[0].id)

    def last(self) -> None:
        if self.cards:
            self.show_card(self.cards[-1].id)

    def random_card(self) -> None:
        """A random card from the current filter, other than the one showing if possible."""
        pool = [c for c in self.cards if self.card is None or c.id != self.card.id]
        pool = pool or list(self.cards)
        if pool:
            self.show_card(self.rng.choice(pool).id)

    # ------------------------------------------------------------------ Qt events

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key = event.key()
        actions: dict[str, Callable[[], object]] = {
            "flip": self.flip,
            "next": lambda: self.step(1),
            "previous": lambda: self.step(-1),
            "first": self.first,
            "last": self.last,
            "random": self.random_card,
            "grid": self.close_requested.emit,
        }
        action = keymap.CARD.get(Qt.Key(key)) if key in keymap.CARD else None
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif action is not None:
            actions[action]()
        elif key in _SCROLL_KEYS and (face := self.visible_face()) is not None:
            face.scroll_by(_SCROLL_KEYS[key])
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        """The second click of a double click does not flip again (nor does the click that
        opened the card from the grid flip it)."""
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        """A click on the card's band or empty space flips it (clicks on controls do not)."""
        if event.button() == Qt.MouseButton.LeftButton:
            if self.focusPolicy() != Qt.FocusPolicy.NoFocus:  # the audience's view takes none
                self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.flip()
            event.accept()
            return
        super().mousePressEvent(event)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self._place()

    def _place(self) -> None:
        margin = 16
        width = min(self.width() - 2 * margin, round(MAX_FACE_WIDTH * self.zoom))
        width = max(width, 0)
        x = (self.width() - width) // 2
        rect = QRect(x, margin, width, max(self.height() - 2 * margin, 0))
        self.holder.setGeometry(rect)
        self.overlay.setGeometry(rect)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(INKS[self.scheme].focus), 3)
        painter.setPen(pen)
        ring = self.holder.geometry().adjusted(-5, -5, 5, 5)
        painter.drawRoundedRect(ring, 18, 18)
        painter.end()

    def focusInEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.update()

    def focusOutEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.update()
