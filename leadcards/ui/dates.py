"""Qt's dates as Python's."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate


def day_of(date: QDate) -> dt.date:
    """The day a date field holds (QDate.toPython is typed as returning any object)."""
    return dt.date(date.year(), date.month(), date.day())
