"""A focus ring a keyboard user can find: 3 px of the focus ink around the focused control.

The style draws focus faintly, and differently for each kind of control; this ring is the
same everywhere in a window and keeps at least 3:1 against the window in light and dark
(WCAG 2.2, 1.4.11 and 2.4.7). It is a transparent layer over the window that paints only
the ring, so no control's own look changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QWidget

from leadcards.colours import Scheme
from leadcards.ui.appearance import INKS

WIDTH = 3
GAP = 1  # between the control and the ring


class FocusRing(QWidget):
    """Draws the ring around whichever control inside ``window`` has focus."""

    def __init__(self, window: QWidget, scheme: Scheme) -> None:
        super().__init__(window)
        self.setObjectName("focusRing")
        self.colour = QColor(INKS[scheme].focus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.raise_()

    def target(self) -> QWidget | None:
        """The control the ring is around (none when the window itself has focus)."""
        window = self.parentWidget()
        focused = QApplication.focusWidget()
        if window is None or focused is None or focused is window:
            return None
        if not window.isAncestorOf(focused) or not focused.isVisible():
            return None
        return focused

    def ring(self) -> QRect | None:
        """Where the ring is drawn, in the window's coordinates."""
        target = self.target()
        window = self.parentWidget()
        if target is None or window is None:
            return None
        top_left = target.mapTo(window, target.rect().topLeft())
        outset = GAP + WIDTH
        return QRect(top_left, target.size()).adjusted(-outset, -outset, outset, outset)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        self.raise_()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        parent = self.parentWidget()
        if (
            parent is not None
            and watched is parent
            and event.type()
            in (
                QEvent.Type.Resize,
                QEvent.Type.LayoutRequest,
            )
        ):
            self.setGeometry(parent.rect())
            self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        ring = self.ring()
        if ring is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.colour, WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = WIDTH / 2
        painter.drawRoundedRect(ring.toRectF().adjusted(half, half, -half, -half), 5, 5)
        painter.end()


def rings_from_the_start(window: QWidget) -> None:
    """Draw the focus ring on the control a window opens with, as Qt does only after a Tab:
    a dialog opened from the keyboard is used from the keyboard, and a keyboard user must
    see where they are at once. (Qt clears the mark when focus is set by the program, so
    it is set again each time the window shows, after its first control took the focus.)"""
    window.installEventFilter(_RINGS)


class _RingsFromTheStart(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(watched, QWidget) and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.WindowActivate,
        ):
            _mark(watched)
            QTimer.singleShot(0, watched, lambda: _mark(watched))  # after Qt's own focusing
        return False


def _mark(window: QWidget) -> None:
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
    focused = window.focusWidget()
    if focused is not None:
        focused.update()


_RINGS = _RingsFromTheStart()
