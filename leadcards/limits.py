"""The limits every part of LeadCards holds user data to, in one place (the README states them).

Times: whatever LeadCards keeps must be shown, listed, exported and printed in every time
zone (UTC-12 to UTC+14) on every platform. Python's local-time conversion fails before
1970 on Windows and its calendar ends in 9999, so a time a journal holds lies between
:data:`FIRST_TIME` and :data:`LAST_TIME`; a date a user asks for (``--from``, ``--to``)
between :data:`FIRST_DATE` and :data:`LAST_DATE`.
"""

from __future__ import annotations

import datetime as dt

FIRST_DATE = dt.date(1971, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)
FIRST_TIME = dt.datetime(1971, 1, 1, tzinfo=dt.UTC)
LAST_TIME = dt.datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)


def time_in_range(moment: dt.datetime) -> bool:
    """True for an aware time LeadCards can keep (see the module's note)."""
    return moment.tzinfo is not None and FIRST_TIME <= moment <= LAST_TIME


def date_in_range(day: dt.date) -> bool:
    return FIRST_DATE <= day <= LAST_DATE


def describe_range() -> str:
    """The range in words, for messages: "from 1971-01-01 to 2999-12-31"."""
    return f"from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def local(moment: dt.datetime) -> dt.datetime:
    """A kept time in the local time zone, held to the range first: a journal written
    before the limits (an old import of year 9999, say) still shows, never overflows."""
    return min(max(moment, FIRST_TIME), LAST_TIME).astimezone()
