"""The reflection reminder: an iCalendar file that a calendar imports (and imports again
without doubling it), read back with a tested RFC 5545 parser."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadcards.fileio import NOTHING_KEPT, Keep, UserFileError
from leadcards.journal.store import Journal
from leadcards.remind import (
    DESCRIPTION,
    MAX_STATE_BYTES,
    STATE_FILE,
    TITLE,
    WEEKDAYS,
    Reminder,
    ReminderError,
    fold,
    ics_bytes,
    next_occurrence,
    parse_reminder,
    reminder_state,
    write_reminder,
)

LONDON_WINTER = dt.timezone(dt.timedelta(0))
NOW = dt.datetime(2025, 3, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # a Wednesday
UID = "0b6f9a52-3d1e-4c9a-9a57-6c1f0e2d4b11@leadcards"


def event_of(data: bytes) -> Any:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def written(tmp_path: Path, reminder: Reminder, name: str = "reminder.ics") -> tuple[Any, Any]:
    """Write ``reminder`` as the command does and parse the file: (written, event)."""
    target = tmp_path / name
    done = write_reminder(reminder, target, tmp_path / "config", NOTHING_KEPT, NOW)
    return done, event_of(target.read_bytes())


# --------------------------------------------------------------------------- the file


def test_a_weekly_reminder_is_an_event_a_calendar_reads() -> None:
    data = ics_bytes(parse_reminder("week", "Fri", "19:00"), uid=UID, sequence=4, now=NOW)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["PRODID"] == "-//LeadCards//Reflection reminder//EN"
    assert (calendar["VERSION"], calendar["CALSCALE"], calendar["METHOD"]) == (
        "2.0",
        "GREGORIAN",
        "PUBLISH",
    )
    event = event_of(data)
    assert str(event["UID"]) == UID and int(event["SEQUENCE"]) == 4
    assert event["RRULE"] == {"FREQ": ["WEEKLY"], "BYDAY": ["FR"]}
    assert event["DTSTART"].dt == dt.datetime(2025, 3, 14, 19, 0)  # floating: no zone
    assert event["DURATION"].dt == dt.timedelta(minutes=15)
    assert event["DTSTAMP"].dt == dt.datetime(2025, 3, 12, 8, 30, tzinfo=dt.UTC)
    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"])) == (TITLE, DESCRIPTION)
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == dt.timedelta(0)
    assert str(alarm["DESCRIPTION"]) == TITLE


def test_a_monthly_reminder_falls_on_its_day_of_the_month() -> None:
    event = event_of(ics_bytes(parse_reminder("month", "3", "08:05"), uid=UID, sequence=0, now=NOW))
    assert event["RRULE"] == {"FREQ": ["MONTHLY"], "BYMONTHDAY": [3]}
    assert event["DTSTART"].dt == dt.datetime(2025, 4, 3, 8, 5)  # the 3rd of March is past


def test_the_start_is_floating_local_time_and_the_stamp_utc() -> None:
    data = ics_bytes(parse_reminder("week", "monday", "07:00"), uid=UID, sequence=0, now=NOW)
    assert b"\r\nDTSTART:20250317T070000\r\n" in data
    assert b"TZID" not in data and b"VTIMEZONE" not in data
    assert b"\r\nDTSTAMP:20250312T083000Z\r\n" in data


def test_lines_end_in_crlf_and_are_at_most_75_octets() -> None:
    data = ics_bytes(parse_reminder("month", "28", "23:59"), uid=UID, sequence=7, now=NOW)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the description is folded
    assert b"DESCRIPTION:Time to reflect: open LeadCards\\, choose" in data  # escaped comma


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_a_folded_line_is_the_line_again_when_unfolded(text: str) -> None:
    folded = fold("DESCRIPTION:" + text.replace("\r", "").replace("\n", ""))
    assert folded.endswith(b"\r\n")
    lines = folded[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:])
    for line in lines:
        line.decode("utf-8")  # no character is split across a fold
    unfolded = lines[0] + b"".join(line[1:] for line in lines[1:])
    assert unfolded.decode("utf-8") == "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")


def test_the_file_holds_no_reflection_only_leadcards_words(
    tmp_path: Path, network_attempts: list[str]
) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    try:
        journal.add_entry("SECRET-MARKER: I will speak to Sam about the rota", card_id="trust")
    finally:
        journal.close()
    _, event = written(tmp_path, parse_reminder("week", "tue", "12:30"))
    data = (tmp_path / "reminder.ics").read_bytes()
    assert b"SECRET-MARKER" not in data and b"Sam" not in data
    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"])) == (TITLE, DESCRIPTION)
    assert str(event.walk("VALARM")[0]["DESCRIPTION"]) == TITLE
    assert not re.search(rb"ATTACH|URL|ATTENDEE|ORGANIZER|LOCATION", data)
    assert network_attempts == []


def test_the_title_cannot_be_given() -> None:
    with pytest.raises(TypeError):
        Reminder("week", "monday", dt.time(9), title="my commitment")  # type: ignore[call-arg]
    assert parse_reminder("week", "monday", "09:00").title == TITLE


# --------------------------------------------------------------------------- when it falls

settings = st.one_of(
    st.builds(lambda d: ("week", d), st.sampled_from([*WEEKDAYS, *(d[:3] for d in WEEKDAYS)])),
    st.builds(lambda d: ("month", str(d)), st.integers(1, 28)),
)
zones = st.builds(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)), st.integers(-12 * 60, 14 * 60)
)
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(dt.datetime(1971, 1, 2), dt.datetime(2999, 12, 30)),
    zones,
)


@given(settings, st.times().map(lambda t: t.replace(second=0, microsecond=0)), moments)
def test_the_event_starts_at_the_next_occurrence_on_or_after_now(
    asked: tuple[str, str], at: dt.time, now: dt.datetime
) -> None:
    every, on = asked
    reminder = parse_reminder(every, on, f"{at:%H:%M}")
    start = event_of(ics_bytes(reminder, uid=UID, sequence=0, now=now))["DTSTART"].dt
    assert start == next_occurrence(reminder, now)
    wall_clock = now.replace(tzinfo=None)
    assert start.tzinfo is None and start >= wall_clock
    assert start.time() == at
    if every == "week":
        assert WEEKDAYS[start.weekday()][:3] == on[:3]
        assert start - dt.timedelta(days=7) < wall_clock  # no occurrence skipped
    else:
        assert start.day == int(on)
        year, month = (start.year, start.month - 1) if start.month > 1 else (start.year - 1, 12)
        assert start.replace(year=year, month=month) < wall_clock  # the one before is past


def test_a_reminder_due_this_very_minute_starts_now() -> None:
    now = dt.datetime(2025, 3, 12, 19, 0, tzinfo=dt.UTC)
    assert next_occurrence(parse_reminder("week", "wed", "19:00"), now) == dt.datetime(
        2025, 3, 12, 19, 0
    )
    later = now + dt.timedelta(seconds=1)
    assert next_occurrence(parse_reminder("week", "wed", "19:00"), later) == dt.datetime(
        2025, 3, 19, 19, 0
    )
    december = dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC)
    assert next_occurrence(parse_reminder("month", "28", "09:00"), december) == dt.datetime(
        2026, 1, 28, 9, 0
    )


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        ics_bytes(
            parse_reminder("week", "mon", "09:00"), uid=UID, sequence=0, now=dt.datetime(2025, 1, 1)
        )


# --------------------------------------------------------------------------- UID and SEQUENCE


def test_the_same_reminder_again_keeps_its_uid_and_sequence(tmp_path: Path) -> None:
    reminder = parse_reminder("week", "monday", "19:00")
    first, event = written(tmp_path, reminder, "one.ics")
    again, event_again = written(tmp_path, parse_reminder("Week", "MON", "19:00"), "two.ics")
    assert first.note is None and again.note is None
    assert re.fullmatch(r"[0-9a-f-]{36}@leadcards", first.uid)
    assert (again.uid, again.sequence) == (first.uid, first.sequence) == (first.uid, 0)
    assert str(event["UID"]) == str(event_again["UID"]) == first.uid
    assert int(event["SEQUENCE"]) == int(event_again["SEQUENCE"]) == 0


def test_a_changed_reminder_keeps_its_uid_with_the_sequence_one_higher(tmp_path: Path) -> None:
    first, _ = written(tmp_path, parse_reminder("week", "monday", "19:00"))
    moved, event = written(tmp_path, parse_reminder("week", "monday", "19:30"))
    monthly, _ = written(tmp_path, parse_reminder("month", "1", "19:30"))
    unchanged, _ = written(tmp_path, parse_reminder("month", "1st", "19:30"))
    back, _ = written(tmp_path, parse_reminder("week", "monday", "19:00"))
    assert {moved.uid, monthly.uid, unchanged.uid, back.uid} == {first.uid}
    assert [moved.sequence, monthly.sequence, unchanged.sequence, back.sequence] == [1, 2, 2, 3]
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == first.uid
    kept = json.loads((tmp_path / "config" / STATE_FILE).read_text(encoding="utf-8"))
    assert kept == {
        "uid": first.uid,
        "sequence": 3,
        "reminder": {"every": "week", "on": "monday", "at": "19:00"},
    }


def test_the_state_is_read_without_writing(tmp_path: Path) -> None:
    state = reminder_state(tmp_path / "config")
    assert (state.sequence, state.last, state.note) == (0, None, None)
    assert not (tmp_path / "config").exists()


def _good_state(**changes: object) -> bytes:
    kept: dict[str, object] = {
        "uid": UID,
        "sequence": 5,
        "reminder": {"every": "week", "on": "monday", "at": "19:00"},
    }
    kept.update(changes)
    return json.dumps(kept).encode("utf-8")


DAMAGED = {
    "not JSON": b"{uid: nope",
    "not UTF-8": b"\xff\xfe{}",
    "a list": b"[]",
    "empty": b"",
    "nested deep": b"[" * (MAX_STATE_BYTES - 1),
    "too large": _good_state() + b" " * MAX_STATE_BYTES,
    "no uid": json.dumps({"sequence": 1, "reminder": {}}).encode(),
    "uid a number": _good_state(uid=5),
    "uid not ours": _good_state(uid="someone-else@example.com"),
    "uid breaking a line": _good_state(uid=UID + "\r\nATTACH:http://example.com/x"),
    "negative sequence": _good_state(sequence=-1),
    "enormous sequence": _good_state(sequence=10**40),
    "sequence as text": _good_state(sequence="5"),
    "sequence true": _good_state(sequence=True),
    "sequence a float": _good_state(sequence=5.0),
    "settings not a reminder": _good_state(reminder={"every": "year", "on": "x", "at": "y"}),
    "settings a list": _good_state(reminder=["week"]),
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_state_file_is_replaced_and_said(tmp_path: Path, content: bytes) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / STATE_FILE).write_bytes(content)
    done, event = written(tmp_path, parse_reminder("week", "monday", "19:00"))
    assert done.uid != UID and re.fullmatch(r"[0-9a-f-]{36}@leadcards", done.uid)
    assert done.sequence == 0 and str(event["UID"]) == done.uid
    assert done.note is not None and "new reminder" in done.note and STATE_FILE in done.note
    assert b"ATTACH" not in (tmp_path / "reminder.ics").read_bytes()
    again = write_reminder(
        parse_reminder("week", "monday", "19:00"), tmp_path / "b.ics", config, NOTHING_KEPT, NOW
    )
    assert (again.uid, again.sequence, again.note) == (done.uid, 0, None)  # replaced


def test_a_good_state_file_is_used(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / STATE_FILE).write_bytes(_good_state())
    same, _ = written(tmp_path, parse_reminder("week", "monday", "19:00"))
    changed, _ = written(tmp_path, parse_reminder("week", "sunday", "19:00"))
    assert (same.uid, same.sequence, same.note) == (UID, 5, None)
    assert (changed.uid, changed.sequence) == (UID, 6)


def test_a_state_that_cannot_count_higher_starts_a_new_reminder(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / STATE_FILE).write_bytes(_good_state(sequence=2**31 - 1))
    done, event = written(tmp_path, parse_reminder("week", "friday", "19:00"))
    assert done.uid != UID and done.sequence == 0 and done.note is not None
    assert int(event["SEQUENCE"]) == 0


# --------------------------------------------------------------------------- where it goes


def test_a_kept_file_is_refused_and_the_state_left_as_it_was(tmp_path: Path) -> None:
    config = tmp_path / "config"
    journal = tmp_path / "journal.sqlite3"
    Journal.open(journal).close()
    before = journal.read_bytes()
    keep = Keep(files=(journal,), folders=(config,))
    reminder = parse_reminder("week", "monday", "19:00")
    for target in (journal, config / "reminder.ics", config / STATE_FILE):
        with pytest.raises(UserFileError, match="LeadCards keeps"):
            write_reminder(reminder, target, config, keep, NOW)
    assert journal.read_bytes() == before
    assert not config.exists()  # no state is kept for a file that was not written
    config.mkdir()
    (config / STATE_FILE).write_bytes(_good_state())
    with pytest.raises(UserFileError):
        write_reminder(parse_reminder("month", "2", "10:00"), journal, config, keep, NOW)
    assert (config / STATE_FILE).read_bytes() == _good_state()


def test_the_reminder_can_go_to_standard_output(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    done = write_reminder(
        parse_reminder("week", "thu", "16:45"), "-", tmp_path / "config", NOTHING_KEPT, NOW
    )
    out = capsysbinary.readouterr().out
    assert str(event_of(out)["UID"]) == done.uid
    assert reminder_state(tmp_path / "config").uid == done.uid


def test_a_state_that_cannot_be_kept_is_said_after_the_file_is_written(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / STATE_FILE).mkdir(parents=True)  # a folder where the state file goes
    with pytest.raises(UserFileError, match="second one in your calendar") as caught:
        write_reminder(
            parse_reminder("week", "mon", "19:00"), tmp_path / "r.ics", config, NOTHING_KEPT, NOW
        )
    assert caught.value.failed
    assert event_of((tmp_path / "r.ics").read_bytes())["SUMMARY"] == TITLE


# --------------------------------------------------------------------------- what is asked


def test_weekdays_and_days_are_read_in_the_forms_people_type() -> None:
    assert parse_reminder("week", " Wednesday ", "7:05").on == "wednesday"
    assert parse_reminder("WEEKLY", "sAt", "00:00").on == "saturday"
    assert parse_reminder("month", "28th", "23:59") == Reminder("month", 28, dt.time(23, 59))
    assert parse_reminder("monthly", "1", "09:00").every == "month"


BAD = {
    "funday": (("week", "funday", "19:00"), ['"funday" is not a weekday (did you mean sunday?)']),
    "31 monthly": (
        ("month", "31", "19:00"),
        ["day 31 is missing from some months", "choose 28 for the end of the month"],
    ),
    "25:00": (("week", "mon", "25:00"), ['"25:00" is not a time of day: hours run from 00']),
    "7pm": (("week", "mon", "7pm"), ['"7pm": give the time on the 24-hour clock', "19:00"]),
    "year": (("year", "mon", "19:00"), ['"year" is not how often: say week or month']),
    "weekday monthly": (("month", "monday", "19:00"), ['"monday" is a weekday']),
    "day weekly": (("week", "15", "19:00"), ['"15": a weekly reminder falls on a weekday']),
    "seconds": (("week", "mon", "19:00:30"), ["whole minutes", "19:00"]),
    "minutes": (("week", "mon", "19:75"), ["minutes run from 00 to 59"]),
}


@pytest.mark.parametrize(("asked", "said"), BAD.values(), ids=BAD.keys())
def test_a_bad_setting_is_named(asked: tuple[str, str, str], said: list[str]) -> None:
    with pytest.raises(ReminderError) as caught:
        parse_reminder(*asked)
    assert len(caught.value.problems) == 1
    for words in said:
        assert words in str(caught.value)


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(ReminderError) as caught:
        parse_reminder("year", "funday", "7:30pm")
    problems = caught.value.problems
    assert len(problems) == 3
    assert '"year"' in problems[0] and "sunday" in problems[1] and "19:30" in problems[2]
    with pytest.raises(ReminderError) as caught:
        parse_reminder("month", "31", "25:00")
    assert len(caught.value.problems) == 2 and isinstance(caught.value, ValueError)


def test_a_long_or_broken_setting_is_quoted_short_and_on_one_line() -> None:
    with pytest.raises(ReminderError) as caught:
        parse_reminder("week", "x" * 500 + "\nINJECTED", "19:00")
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 200


def test_a_link_where_the_settings_are_kept_is_replaced_never_written_through(
    tmp_path: Path,
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("my precious notes\n", encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "reminder.json").symlink_to(precious)
    reminder = parse_reminder("week", "friday", "08:00")
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    write_reminder(reminder, tmp_path / "r.ics", config, NOTHING_KEPT, now)
    assert precious.read_text(encoding="utf-8") == "my precious notes\n"
    assert not (config / "reminder.json").is_symlink()
    assert json.loads((config / "reminder.json").read_text(encoding="utf-8"))["uid"]
