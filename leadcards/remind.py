"""A reflection reminder as an iCalendar file (RFC 5545) that any calendar imports.

The file holds LeadCards' own words only: a fixed title and a fixed sentence, never a
reflection or a commitment. Writing it opens nothing and sends nothing.

The event repeats every week or every month at the user's wall-clock time. Its start is in
*floating* local time (no TZID, no VTIMEZONE): the calendar places it at that time in
whatever zone it is in, so the reminder stays at 19:00 after a clock change or a move, and
LeadCards needs no time zone database to write it (Python's zoneinfo has none on Windows
without the tzdata package, which is not a LeadCards dependency).

Importing the file again must change the reminder, never add a second one: the event's UID
is made once and kept in ``reminder.json`` in the settings folder with the SEQUENCE and the
settings it was last written with; changed settings write the same UID with SEQUENCE + 1.
A state file that cannot be trusted is replaced by a fresh one, and the caller is told.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

from leadcards import limits
from leadcards.fileio import Keep, UserFileError, read_bytes, shown, write_bytes
from leadcards.paths import ensure_dir

TITLE = "Reflect with LeadCards"
DESCRIPTION = (
    "Time to reflect: open LeadCards, choose a card and write what you noticed. "
    "Nothing you write in LeadCards is in this calendar entry."
)
PRODID = "-//LeadCards//Reflection reminder//EN"
STATE_FILE = "reminder.json"
MAX_STATE_BYTES = 4096
MAX_SEQUENCE = 2**31 - 1  # SEQUENCE is an RFC 5545 INTEGER: a signed 32-bit number
LAST_MONTH_DAY = 28  # every month has it

Every = Literal["week", "month"]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@leadcards")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?")
_ORDINAL = re.compile(r"(\d{1,3})(?:st|nd|rd|th)?")


class ReminderError(ValueError):
    """Settings that make no reminder; ``problems`` names each one in words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Reminder:
    """When to be reminded. ``on`` is a weekday name (``"monday"``) for ``every="week"``
    and a day of the month (1 to 28) for ``every="month"``; ``at`` is in whole minutes.
    The title is LeadCards' own and cannot be given."""

    every: Every
    on: str | int
    at: dt.time
    title: str = field(default=TITLE, init=False)

    def __post_init__(self) -> None:
        if self.every == "week":
            good_day = isinstance(self.on, str) and self.on in WEEKDAYS
        elif self.every == "month":
            good_day = type(self.on) is int and 1 <= self.on <= LAST_MONTH_DAY
        else:
            raise ReminderError(
                [f"a reminder repeats every week or every month, not {self.every!r}"]
            )
        if not good_day:
            raise ReminderError([f"{self.on!r} is not a day for a reminder every {self.every}"])
        if self.at.tzinfo is not None or self.at.second or self.at.microsecond:
            raise ReminderError(["the time is a wall-clock time in whole minutes"])


def parse_reminder(every: str, on: str, at: str) -> Reminder:
    """The reminder the command line's words ask for; :class:`ReminderError` names every
    problem at once."""
    problems: list[str] = []
    kind = every.strip().lower()
    if kind in ("weekly", "monthly"):
        kind = kind[: -len("ly")]
    if kind not in ("week", "month"):
        problems.append(f"{_quoted(every)} is not how often: say week or month")
    day = _parse_day(kind, on, problems)
    time = _parse_time(at, problems)
    if problems:
        raise ReminderError(problems)
    assert day is not None
    assert time is not None
    return Reminder("week" if kind == "week" else "month", day, time)


def _parse_day(kind: str, text: str, problems: list[str]) -> str | int | None:
    word = text.strip().lower()
    weekday = next((d for d in WEEKDAYS if word in (d, d[:3])), None)
    number = _ORDINAL.fullmatch(word)
    if kind == "week":
        if weekday is not None:
            return weekday
        if number is not None:
            problems.append(
                f"{_quoted(text)}: a weekly reminder falls on a weekday (monday to sunday), "
                "not a day of the month"
            )
            return None
        problems.append(f"{_quoted(text)} is not a weekday{_did_you_mean(word)}")
        return None
    if number is not None:
        value = int(number[1])
        if 1 <= value <= LAST_MONTH_DAY:
            return value
        if LAST_MONTH_DAY < value <= 31:
            problems.append(
                f"day {value} is missing from some months, so a monthly reminder falls on "
                f"a day from 1 to {LAST_MONTH_DAY}; choose {LAST_MONTH_DAY} for the end of "
                "the month"
            )
        else:
            problems.append(f"{_quoted(text)} is not a day of the month: give 1 to 28")
        return None
    if kind == "month":
        detail = "a weekday" if weekday is not None else "not a day of the month"
        problems.append(
            f"{_quoted(text)} is {detail}: a monthly reminder falls on a day of the month "
            f"from 1 to {LAST_MONTH_DAY}"
        )
    elif weekday is None:  # how often is wrong too: say what a day looks like
        problems.append(
            f"{_quoted(text)} is not a day: give a weekday (monday to sunday) or a day of "
            f"the month (1 to {LAST_MONTH_DAY}){_did_you_mean(word)}"
        )
    return None


def _did_you_mean(word: str) -> str:
    close = difflib.get_close_matches(word, WEEKDAYS, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else " (monday to sunday, or mon to sun)"


def _parse_time(text: str, problems: list[str]) -> dt.time | None:
    word = text.strip().lower()
    found = _TIME.fullmatch(word)
    if found is not None:
        hour, minute = int(found[1]), int(found[2])
        wrong = [
            *(["hours run from 00 to 23"] if hour > 23 else []),
            *(["minutes run from 00 to 59"] if minute > 59 else []),
        ]
        if wrong:
            problems.append(f"{_quoted(text)} is not a time of day: {' and '.join(wrong)}")
            return None
        return dt.time(hour, minute)
    clock = _CLOCK.fullmatch(word)
    if clock is not None and 1 <= int(clock[1]) <= 12 and int(clock[2] or 0) <= 59:
        hour = int(clock[1]) % 12 + (12 if clock[3] == "p" else 0)
        suggestion = f"{hour:02d}:{int(clock[2] or 0):02d}"
        problems.append(
            f"{_quoted(text)}: give the time on the 24-hour clock as HH:MM, here {suggestion}"
        )
        return None
    seconds = re.fullmatch(r"(\d{1,2}):(\d{2}):\d{2}", word)
    if seconds is not None and int(seconds[1]) <= 23 and int(seconds[2]) <= 59:
        problems.append(
            f"{_quoted(text)}: a reminder is set in whole minutes; give HH:MM, here "
            f"{int(seconds[1]):02d}:{seconds[2]}"
        )
        return None
    problems.append(f"{_quoted(text)} is not a time: give HH:MM on the 24-hour clock, as 19:00")
    return None


def _quoted(text: str) -> str:
    """What the user typed, as a message quotes it: on one line and cut short."""
    one_line = " ".join(text.split())
    return f'"{one_line[:40]}…"' if len(one_line) > 40 else f'"{one_line}"'


def describe(reminder: Reminder) -> str:
    """The reminder in words: "every Monday at 19:00", "on the 3rd of every month at 08:30"."""
    at = reminder.at.strftime("%H:%M")
    if isinstance(reminder.on, str):
        return f"every {reminder.on.capitalize()} at {at}"
    day = reminder.on
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"on the {day}{suffix} of every month at {at}"


# --------------------------------------------------------------------------- the calendar


def next_occurrence(reminder: Reminder, now: dt.datetime) -> dt.datetime:
    """The first time the reminder falls on or after ``now``, as a wall-clock (naive) time
    in the zone ``now`` is given in."""
    local = now.replace(tzinfo=None)
    if reminder.every == "week":
        assert isinstance(reminder.on, str)
        ahead = (WEEKDAYS.index(reminder.on) - local.weekday()) % 7
        start = dt.datetime.combine(local.date() + dt.timedelta(days=ahead), reminder.at)
        return start if start >= local else start + dt.timedelta(days=7)
    assert isinstance(reminder.on, int)
    start = dt.datetime.combine(local.date().replace(day=reminder.on), reminder.at)
    if start >= local:
        return start
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return start.replace(year=year, month=month)


def ics_bytes(reminder: Reminder, *, uid: str, sequence: int, now: dt.datetime) -> bytes:
    """The reminder as an iCalendar file: one repeating event with an alarm at its start.

    ``now`` is an aware time: the event starts at the first occurrence on or after it (in
    floating time, see the module's note), and it is the DTSTAMP (in UTC)."""
    if not limits.time_in_range(now):
        raise ValueError(f"now must be an aware time {limits.describe_range()}")
    if not _UID.fullmatch(uid) or not 0 <= sequence <= MAX_SEQUENCE:
        raise ValueError("the UID or SEQUENCE is not one LeadCards made")
    if reminder.every == "week":
        assert isinstance(reminder.on, str)
        rule = f"FREQ=WEEKLY;BYDAY={_BYDAY[WEEKDAYS.index(reminder.on)]}"
    else:
        rule = f"FREQ=MONTHLY;BYMONTHDAY={reminder.on}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_stamp(now.astimezone(dt.UTC))}Z",
        f"DTSTART:{_stamp(next_occurrence(reminder, now))}",
        "DURATION:PT15M",
        f"RRULE:{rule}",
        f"SUMMARY:{escape_text(reminder.title)}",
        f"DESCRIPTION:{escape_text(DESCRIPTION)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(reminder.title)}",
        "TRIGGER:PT0M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(fold(line) for line in lines)


def _stamp(moment: dt.datetime) -> str:
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def escape_text(text: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) writes it."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> bytes:
    """One content line, folded so no line is longer than 75 octets (a fold never splits
    a UTF-8 character), ending in CRLF."""
    out: list[bytes] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 75:
            out.append(current)
            current = b" "
        current += encoded
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


# --------------------------------------------------------------------------- kept state


class ReminderState(NamedTuple):
    """The reminder as it was last written: its UID, SEQUENCE and settings (None when
    none was written), and ``note``, what the user should be told (a damaged file)."""

    uid: str
    sequence: int
    last: Reminder | None
    note: str | None = None


class Written(NamedTuple):
    """What :func:`write_reminder` wrote: the event's UID and SEQUENCE, and a note for the
    user, or None."""

    uid: str
    sequence: int
    note: str | None


def fresh_state(note: str | None = None) -> ReminderState:
    return ReminderState(f"{uuid.uuid4()}@leadcards", 0, None, note)


def reminder_state(config_dir: Path) -> ReminderState:
    """The kept state in ``config_dir``, or a fresh one (a new UID) when there is none or
    it cannot be trusted; then ``note`` says so. Nothing is written here."""
    path = config_dir / STATE_FILE
    try:
        data = read_bytes(path, limit=MAX_STATE_BYTES, what="reminder settings file")
    except UserFileError as exc:
        if not os.path.lexists(path):
            return fresh_state()
        return fresh_state(_damaged(path, exc.reason))
    try:
        return _state_from(json.loads(data.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return fresh_state(_damaged(path, "it is not JSON text"))
    except (ValueError, TypeError, KeyError):  # ReminderError is a ValueError
        return fresh_state(_damaged(path, "it does not hold a reminder LeadCards wrote"))


def _damaged(path: Path, reason: str) -> str:
    return (
        f"the reminder's settings in {path} could not be used ({reason}), so this is a new "
        "reminder: if your calendar has an older LeadCards reminder, delete it there"
    )


def _state_from(found: object) -> ReminderState:
    if not isinstance(found, dict):
        raise TypeError("not an object")
    uid, sequence, last = found["uid"], found["sequence"], found["reminder"]
    if not isinstance(uid, str) or not _UID.fullmatch(uid):
        raise ValueError("not a LeadCards UID")
    if type(sequence) is not int or not 0 <= sequence <= MAX_SEQUENCE:
        raise ValueError("not a sequence number")
    if not isinstance(last, dict) or not all(
        isinstance(last.get(key), str) for key in ("every", "on", "at")
    ):
        raise TypeError("not reminder settings")
    return ReminderState(uid, sequence, parse_reminder(last["every"], last["on"], last["at"]))


def next_sequence(state: ReminderState, reminder: Reminder) -> int:
    """The SEQUENCE to write ``reminder`` with: the kept one for the same settings (and for
    the first), one more for changed settings."""
    if state.last is None or state.last == reminder:
        return state.sequence
    return state.sequence + 1


def state_bytes(uid: str, sequence: int, reminder: Reminder) -> bytes:
    settings = {"every": reminder.every, "on": str(reminder.on), "at": f"{reminder.at:%H:%M}"}
    kept = {"uid": uid, "sequence": sequence, "reminder": settings}
    return (json.dumps(kept, indent=2) + "\n").encode("utf-8")


def write_reminder(
    reminder: Reminder, target: Path | str, config_dir: Path, keep: Keep, now: dt.datetime
) -> Written:
    """Write the reminder's calendar file to ``target`` (``-``: standard output), guarded
    as every output is (:func:`leadcards.fileio.write_bytes` with ``keep``), then keep its
    state in ``config_dir``, only once the file is written.

    Raises :class:`UserFileError` when the file is refused or fails (the state is then
    unchanged), or when the state cannot be kept after the file was written."""
    state = reminder_state(config_dir)
    sequence = next_sequence(state, reminder)
    if sequence > MAX_SEQUENCE:  # changed two billion times: start again rather than overflow
        state = fresh_state(
            "the reminder was changed more often than a calendar counts, so this is a new "
            "reminder: delete the older LeadCards reminder in your calendar"
        )
        sequence = 0
    data = ics_bytes(reminder, uid=state.uid, sequence=sequence, now=now)
    write_bytes(target, data, keep=keep)
    path = config_dir / STATE_FILE
    try:
        ensure_dir(config_dir)
        if path.is_symlink() or (os.path.lexists(path) and not path.is_file()):
            # LeadCards' own file: a link (or anything else) in its place is replaced,
            # never written through to whatever it points at.
            path.unlink()
        write_bytes(path, state_bytes(state.uid, sequence, reminder))
    except (UserFileError, OSError) as exc:
        reason = exc.reason if isinstance(exc, UserFileError) else exc.strerror or str(exc)
        raise UserFileError(
            f"wrote {shown(target)}, but could not keep the reminder's settings in {path} "
            f"({reason}): writing the reminder again will make a second one in your "
            "calendar, not change this one",
            failed=True,
        ) from None
    return Written(state.uid, sequence, state.note)
