"""Locking an encrypted journal: the idle timer, and the screen shown while it is locked.

The window closes the journal when nobody has touched the app (no key, no click, no mouse
movement) for the minutes the person chose, or at File ▸ Lock Journal Now. The key goes
with the journal (the controller closes it); the window then shows :class:`LockScreen`,
which holds nothing of the journal but its file's name, until its passphrase is typed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leadcards.ui.appearance import SPACING, TypeScale, colour_problem, font

# What counts as someone using the app.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def minutes_text(minutes: int) -> str:
    if minutes == 0:
        return "Never"
    return f"After {minutes} Minute{'' if minutes == 1 else 's'} Idle"


class IdleWatcher(QObject):
    """Emits ``idle`` once the app has had no input for the interval (off at 0). The
    interval is in milliseconds, so tests need not wait minutes."""

    idle = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def set_interval(self, milliseconds: int) -> None:
        self.timer.stop()
        self.timer.setInterval(max(0, milliseconds))
        if milliseconds > 0:
            self.timer.start()

    def set_minutes(self, minutes: int) -> None:
        self.set_interval(minutes * 60 * 1000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _ACTIVITY and self.timer.interval() > 0:
            self.timer.start()  # from now again
        return False

    def stop_watching(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """The window's page while the journal is locked: its file's name, a passphrase field
    and Unlock; nothing read from the journal."""

    unlock_requested = Signal(object)  # the Passphrase typed
    browse_requested = Signal()  # the cards without the journal

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName("Journal locked")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACING * 4, SPACING * 4, SPACING * 4, SPACING * 4)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        # One column of reading width: a long message wraps into lines the eye can follow.
        panel = QWidget()
        panel.setMaximumWidth(600)
        middle.addWidget(panel, 20)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("Journal locked")
        self.heading.setFont(font(TypeScale.TITLE, bold=True))
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.heading)
        self.text = QLabel()
        self.text.setObjectName("lockText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.field = QLineEdit()
        self.field.setObjectName("lockPassphrase")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        self.field.setPlaceholderText("Passphrase")
        self.field.setMinimumWidth(320)
        self.field.returnPressed.connect(self._unlock)
        row.addWidget(self.field)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self._unlock)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        column.addLayout(row)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        column.addWidget(self.error)
        browse = QHBoxLayout()
        browse.addStretch(1)
        self.browse_button = QPushButton("&Browse Cards Without the Journal")
        self.browse_button.setObjectName("browseWithoutJournal")
        self.browse_button.clicked.connect(self.browse_requested)
        browse.addWidget(self.browse_button)
        browse.addStretch(1)
        column.addLayout(browse)
        self._colour_error()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark followed
            self._colour_error()

    def _colour_error(self) -> None:
        colour_problem(self.error, self)

    def show_locked(self, name: str, why: str) -> None:
        self.text.setText(f"{name} is locked{why}. Type its passphrase to open it again.")
        self.error.hide()
        self.field.clear()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleDescription(text)
        self.error.show()
        self.field.clear()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _unlock(self) -> None:
        # The journal's modules load here, on first use, not with the window at start-up.
        from leadcards.journal.cipher import Passphrase
        from leadcards.journal.model import JournalError

        text = self.field.text()
        self.field.clear()  # the passphrase stays in no widget
        try:
            passphrase = Passphrase(text)
        except JournalError as exc:
            self.say(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        self.unlock_requested.emit(passphrase)
