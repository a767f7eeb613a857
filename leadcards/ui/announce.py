"""Telling a screen reader what just happened (a save, a flip, an error), without moving
the keyboard focus."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, message: str) -> None:
    """Have a screen reader say ``message`` now, as news about ``widget``.

    Qt 6.8 (the oldest LeadCards runs on) has announcements; should a binding lack them,
    the widget's accessible name carries the news and a changed name is reported instead.
    """
    # Loaded here, not at start-up: PySide sets up QAccessible's many enums on first use.
    from PySide6.QtGui import QAccessible, QAccessibleEvent

    if not QAccessible.isActive():
        return
    event_type = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_type is not None:
        QAccessible.updateAccessibility(event_type(widget, message))
    else:
        widget.setAccessibleName(message)
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.NameChanged))
