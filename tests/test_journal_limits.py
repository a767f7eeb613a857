"""What a journal accepts from outside (imports, restores, a file named with --journal) is
held to the rules its own writes keep, and whatever is accepted reads back everywhere: in
the list, in both exports, and in local time from UTC-12 to UTC+14."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import signal
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from leadcards.filelock import FileLock, LockedError
from leadcards.journal import backup
from leadcards.journal.backup import BackupError
from leadcards.journal.engine import sqlite3
from leadcards.journal.exchange import (
    JournalFileError,
    export_json,
    export_markdown,
    parse_json_export,
)
from leadcards.journal.model import (
    MAX_ID_CHARS,
    MAX_TAGS,
    Entry,
    EntryFilter,
    JournalError,
    TemperatureCheck,
    canonical_uuid,
)
from leadcards.journal.schema import SCHEMA_VERSION, migrate
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.limits import FIRST_TIME, LAST_TIME

T0 = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
TIME = "2026-05-01T08:00:00.000000Z"
U1 = "0b6e2f4c-6a53-4d2a-9a57-3a1e8b0f9c11"
U2 = "5d1c7b9a-2f0e-4c1b-8e6d-7a9b0c1d2e3f"
HUGE = float("inf")  # written into a JSON file as 1e400, which reads back as infinity
ZONES = [dt.timezone(dt.timedelta(hours=hours)) for hours in range(-12, 15)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "journal.sqlite3") as opened:
        opened.add_entry("already here", deck_id="trace", card_id="task", when=T0)
        yield opened


def _state(journal: Journal) -> tuple[object, ...]:
    """Everything a journal holds, but the time of the export."""
    document = json.loads(export_json(journal))
    del document["exported"]
    return document, journal.all_card_marks(), journal.drafts(), journal.integrity_ok()


def reads_back_everywhere(journal: Journal) -> None:
    """Every later read of the journal works: the list, both exports, local times in every
    zone, checks, marks, drafts and tags."""
    entries = journal.entries()
    assert journal.count() == len(entries)
    for entry in entries:
        assert journal.entry(entry.uuid) == entry
        assert entry.uuid == canonical_uuid(entry.uuid)
        for zone in ZONES:
            entry.created.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            entry.updated.astimezone(zone).strftime("%d %B %Y %H:%M")
    export_markdown(journal, builtin_decks())
    again = parse_json_export(export_json(journal).encode("utf-8"), "again.json")
    assert list(again.entries) == journal.entries(newest_first=False)
    for deck_id in journal.check_decks():
        for check in journal.checks(deck_id):
            for zone in ZONES:
                check.taken.astimezone(zone)
    journal.all_card_marks()
    for draft in journal.drafts():
        for zone in ZONES:
            draft.updated.astimezone(zone)
    journal.tags()
    assert journal.name
    assert journal.integrity_ok()


# --------------------------------------------------------------------------- 1. restore


def _backup_with(path: Path, *statements: str, version: int = SCHEMA_VERSION) -> Path:
    """A real journal's schema, then rows no LeadCards would write."""
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, 0, to=version)
    for statement in statements:
        db.execute(statement)
    db.close()
    return path


ENTRY = (
    "INSERT INTO entries (id, uuid, created_utc, updated_utc, deck_id, card_id, space, text)"
    " VALUES "
)
GOOD_ENTRY = f"{ENTRY}(1, '{U1}', '{TIME}', '{TIME}', 'trace', 'task', 'team', 'fine')"
CHECK = (
    "INSERT INTO checks (id, uuid, taken_utc, deck_id, card_id, space, measure, position,"
    " target) VALUES "
)
GOOD_CHECK = f"{CHECK}(1, '{U2}', '{TIME}', 'trace', 'task', NULL, 'count', 3, 4)"

BAD_BACKUPS: dict[str, tuple[list[str], str]] = {
    "text-not-utf8": (
        [f"{ENTRY}(1, '{U1}', '{TIME}', '{TIME}', NULL, NULL, NULL, CAST(x'ff' AS TEXT))"],
        "1 reflection LeadCards could not read back",
    ),
    "text-a-blob": (
        [f"{ENTRY}(1, '{U1}', '{TIME}', '{TIME}', NULL, NULL, NULL, x'6869')"],
        "1 reflection ",
    ),
    "text-with-nul": (
        [f"{ENTRY}(1, '{U1}', '{TIME}', '{TIME}', NULL, NULL, NULL, CAST(x'610062' AS TEXT))"],
        "1 reflection ",
    ),
    "text-a-surrogate": (
        [f"{ENTRY}(1, '{U1}', '{TIME}', '{TIME}', NULL, NULL, NULL, CAST(x'eda080' AS TEXT))"],
        "1 reflection ",
    ),
    "uuid-not-a-uuid": (
        [f"{ENTRY}(1, 'u', '{TIME}', '{TIME}', NULL, NULL, NULL, 'x')"],
        "1 reflection ",
    ),
    "card-id-not-utf8": (
        [f"{ENTRY}(1, '{U1}', '{TIME}', '{TIME}', 'trace', CAST(x'c3' AS TEXT), NULL, 'x')"],
        "1 reflection ",
    ),
    "card-id-too-long": (
        [f"{ENTRY}(1, '{U1}', '{TIME}', '{TIME}', 'trace', '{'c' * 81}', NULL, 'x')"],
        "1 reflection ",
    ),
    "year-9999": (
        [f"{ENTRY}(1, '{U1}', '9999-12-31T00:00:00.000000Z', '{TIME}', NULL, NULL, NULL, 'x')"],
        "1 reflection ",
    ),
    "year-1900": (
        [f"{ENTRY}(1, '{U1}', '{TIME}', '1900-01-01T00:00:00.000000Z', NULL, NULL, NULL, 'x')"],
        "1 reflection ",
    ),
    "time-not-in-the-journal-form": (
        [f"{ENTRY}(1, '{U1}', '2026-5-1T8:00:00.0Z', '{TIME}', NULL, NULL, NULL, 'x')"],
        "1 reflection ",
    ),
    "leap-second": (
        [f"{ENTRY}(1, '{U1}', '2016-12-31T23:59:60.000000Z', '{TIME}', NULL, NULL, NULL, 'x')"],
        "1 reflection ",
    ),
    "tag-not-utf8": (
        [GOOD_ENTRY, "INSERT INTO entry_tags VALUES (1, CAST(x'fe' AS TEXT))"],
        "1 reflection ",
    ),
    "tag-with-nul": (
        [GOOD_ENTRY, "INSERT INTO entry_tags VALUES (1, CAST(x'610062' AS TEXT))"],
        "1 reflection ",
    ),
    "tag-too-long": (
        [GOOD_ENTRY, f"INSERT INTO entry_tags VALUES (1, '{'t' * 61}')"],
        "1 reflection ",
    ),
    "tag-with-spaces-round-it": (
        [GOOD_ENTRY, "INSERT INTO entry_tags VALUES (1, ' spaced ')"],
        "1 reflection ",
    ),
    "too-many-tags": (
        [GOOD_ENTRY]
        + [f"INSERT INTO entry_tags VALUES (1, 'tag{n}')" for n in range(MAX_TAGS + 1)],
        "1 reflection ",
    ),
    "tag-of-no-reflection": (
        ["INSERT INTO entry_tags VALUES (7, 'loose')"],
        "1 tag or mark that belongs to no reflection",
    ),
    "mark-on-a-bad-indicator": (
        [GOOD_ENTRY, "INSERT INTO entry_marks VALUES (1, 'Not An Id', 'tick')"],
        "1 reflection ",
    ),
    "check-card-not-utf8": (
        [f"{CHECK}(1, '{U2}', '{TIME}', 'trace', CAST(x'ff' AS TEXT), NULL, 'count', 3, 4)"],
        "1 temperature check ",
    ),
    "check-in-year-2": (
        [
            f"{CHECK}(1, '{U2}', '0002-01-01T00:00:00.000000Z', 'trace', 'task', NULL, 'count', 3,"
            " NULL)"
        ],
        "1 temperature check ",
    ),
    "check-mark-bad": (
        [GOOD_CHECK, "INSERT INTO check_marks VALUES (1, CAST(x'80' AS TEXT), 'tick')"],
        "1 temperature check ",
    ),
    "check-uuid-not-utf8": (
        [f"{CHECK}(1, CAST(x'ff' AS TEXT), '{TIME}', 'trace', 'task', NULL, 'count', 3, NULL)"],
        "1 temperature check ",
    ),
    "draft-not-utf8": (
        [f"INSERT INTO drafts VALUES ('trace/task', CAST(x'ff' AS TEXT), NULL, '', '{TIME}', '')"],
        "1 draft ",
    ),
    "draft-marks-unreadable": (
        [f"INSERT INTO drafts VALUES ('trace/task', 'x', NULL, 'a=b=maybe', '{TIME}', '')"],
        "1 draft ",
    ),
    "draft-time-in-3000": (
        [
            "INSERT INTO drafts VALUES ('trace/task', 'x', NULL, '',"
            " '3000-01-01T00:00:00.000000Z', '')"
        ],
        "1 draft ",
    ),
    "draft-key-not-a-card": (
        [f"INSERT INTO drafts VALUES (CAST(x'00' AS TEXT), 'x', NULL, '', '{TIME}', '')"],
        "1 draft ",
    ),
    "card-mark-not-utf8": (
        [f"INSERT INTO card_marks VALUES ('trace', CAST(x'ff' AS TEXT), 'a', 'tick', '{TIME}')"],
        "1 mark on a card ",
    ),
    "card-mark-time": (
        ["INSERT INTO card_marks VALUES ('trace', 'task', 'a', 'tick', 'soon')"],
        "1 mark on a card ",
    ),
    "name-not-utf8": (
        ["INSERT INTO meta VALUES ('name', CAST(x'ff' AS TEXT))"],
        "1 journal setting ",
    ),
    "unknown-setting": (
        ["INSERT INTO meta VALUES ('colour', 'blue')"],
        "1 journal setting ",
    ),
    "uuid-twice": (
        [
            GOOD_ENTRY,
            f"{ENTRY}(2, '{U1.upper()}', '{TIME}', '{TIME}', NULL, NULL, NULL, 'y')",
        ],
        "1 reflection ",
    ),
}


@pytest.mark.parametrize("case", list(BAD_BACKUPS), ids=list(BAD_BACKUPS))
def test_a_backup_holding_anything_the_app_would_not_write_is_refused_in_words(
    tmp_path: Path, journal: Journal, case: str
) -> None:
    statements, message = BAD_BACKUPS[case]
    bad = _backup_with(tmp_path / "bad.sqlite3", *statements)
    before = _state(journal)
    with pytest.raises(BackupError, match=f"{message}.*so it is not restored"):
        backup.check_backup(bad)
    with pytest.raises(BackupError, match="so it is not restored"):
        journal.restore_from(bad, safety_dir=tmp_path / "safety")
    assert _state(journal) == before
    assert not (tmp_path / "safety").exists()
    with pytest.raises(BackupError):
        backup.restore_into(bad, tmp_path / "new.sqlite3")
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_refusal_counts_every_bad_row_and_says_what_the_first_was(tmp_path: Path) -> None:
    bad = _backup_with(
        tmp_path / "bad.sqlite3",
        *[
            f"{ENTRY}({n}, '{uuid.uuid4()}', '{TIME}', '{TIME}', NULL, NULL, NULL,"
            " CAST(x'ff' AS TEXT))"
            for n in range(1, 4)
        ],
        f"{CHECK}(1, '{U2}', '{TIME}', 'trace', 'Task', NULL, 'count', 3, 4)",
    )
    with pytest.raises(BackupError) as refused:
        backup.check_backup(bad)
    said = str(refused.value)
    assert "bad.sqlite3 holds 3 reflections and 1 temperature check LeadCards could not" in said
    assert "not valid UTF-8" in said


def test_a_backup_of_every_kind_of_row_the_app_writes_is_restored_and_reads_back(
    tmp_path: Path,
) -> None:
    with Journal.open(tmp_path / "source.sqlite3") as source:
        source.set_name("Coaching 2026")
        source.add_entry(
            "all of it 😀",
            deck_id="trace",
            card_id="task",
            space="team",
            marks={"task.i1": "tick"},
            tags=["a", "b c"],
            when=T0,
        )
        source.add_check("trace", "task", 3, target=4, measure="count", when=T0)
        source.set_card_marks("trace", "task", {"task.i1": "tick"})
        source.save_draft("trace/route", "half", marks={"route.i2": "tick"}, tags=["x"])
        made = source.backup(tmp_path / "backups")
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.restore_from(made, safety_dir=tmp_path / "safety")
        assert journal.name == "Coaching 2026"
        assert journal.entries()[0].tags == ("a", "b c")
        assert journal.draft("trace/route") is not None
        reads_back_everywhere(journal)


def test_a_restored_backup_of_the_first_schema_is_brought_up_to_date(tmp_path: Path) -> None:
    old = _backup_with(tmp_path / "old.sqlite3", GOOD_ENTRY, version=1)
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.restore_from(old, safety_dir=tmp_path / "safety")
        version = journal._db.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        journal.save_draft("trace/task", "drafts work after restoring", tags=["t"])
        reads_back_everywhere(journal)


def test_a_restore_makes_uuids_canonical_and_rebuilds_the_search_index(tmp_path: Path) -> None:
    braced = "{" + U1.upper() + "}"
    bad = _backup_with(
        tmp_path / "b.sqlite3",
        f"{ENTRY}(1, '{braced}', '{TIME}', '{TIME}', NULL, NULL, NULL, 'findable words')",
        "INSERT INTO entries_fts (entries_fts) VALUES ('delete-all')",
    )
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.restore_from(bad, safety_dir=tmp_path / "safety")
        assert [e.uuid for e in journal.search("findable")] == [U1]
        journal.delete_entry(U1)
        assert journal.integrity_ok()


def test_a_refusal_names_the_file_the_user_chose(tmp_path: Path, journal: Journal) -> None:
    copy = _backup_with(tmp_path / ".incoming-1234.sqlite3", BAD_BACKUPS["year-9999"][0][0])
    with pytest.raises(BackupError, match=r"^mine\.sqlite3 holds 1 reflection"):
        backup.check_backup(copy, name="mine.sqlite3")
    with pytest.raises(BackupError, match=r"^mine\.sqlite3 holds 1 reflection"):
        journal.restore_from(copy, safety_dir=tmp_path / "safety", name="mine.sqlite3")


def test_a_journal_holding_rows_an_earlier_version_let_in_is_still_backed_up(
    tmp_path: Path, journal: Journal
) -> None:
    journal._db.execute(
        "UPDATE entries SET created_utc = '9999-12-31T00:00:00.000000Z'"
    )  # as an import before this version could leave it
    made = journal.backup(tmp_path / "backups")
    with pytest.raises(BackupError, match="1 reflection LeadCards could not read back"):
        backup.check_backup(made)


def test_uuids_an_earlier_version_kept_in_another_spelling_are_made_canonical(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    with Journal.open(path) as old:
        old.add_entry("kept upper-case", when=T0)
        old._db.execute("UPDATE entries SET uuid = ?", ("{" + U1.upper() + "}",))
        old.add_entry("its lower-case twin", when=T0)
        old._db.execute(
            "UPDATE entries SET uuid = ? WHERE text = 'its lower-case twin'", (U2.upper(),)
        )
    with Journal.open(path) as journal:
        assert sorted(e.uuid for e in journal.entries()) == sorted([U1, U2])
        summary = journal.merge([Entry(U1.upper(), T0, T0, "kept upper-case")])
        assert summary.unchanged == 1 and journal.count() == 2


# --------------------------------------------------------------------------- 2. times

EDGE_TIMES: list[Any] = [
    "9999-12-31T00:00:00Z",
    "9999-12-31T23:59:59.999999+00:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "2026-05-01T08:00:00+23:59",
    "2026-05-01T08:00:00+14:01",
    "2026-05-01T08:00:00-12:01",
    "2026-05-01T08:00:00+05:30:15",
    "2016-12-31T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "1970-12-31T23:59:59.999999Z",
    "3000-01-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-05-01",
    "2026-05-01T08:00:00",
    "\uff12\uff10\uff12\uff16-05-01T08:00:00Z",  # full-width digits
    "2026-05-01T08:00:00Z" + " " * 100,
    "2" * 5_000_000,
    20260501,
    HUGE,
    True,
    None,
    ["2026-05-01T08:00:00Z"],
    {"at": "2026-05-01T08:00:00Z"},
]


def _export_document(**changes: Any) -> dict[str, Any]:
    entry = {
        "uuid": U1,
        "created": "2026-05-01T08:00:00.000000Z",
        "updated": "2026-05-01T08:00:00.000000Z",
        "deck_id": "trace",
        "card_id": "task",
        "space": "team",
        "text": "words",
        "marks": {"task.i1": "tick"},
        "tags": ["a"],
    }
    check = {
        "uuid": U2,
        "taken": "2026-05-01T08:00:00.000000Z",
        "deck_id": "trace",
        "card_id": "task",
        "space": None,
        "measure": "count",
        "position": 3,
        "target": 4,
        "marks": {},
    }
    document: dict[str, Any] = {
        "format": "leadcards-journal/1",
        "name": "j",
        "exported": "2026-05-01T08:00:00Z",
        "entries": [entry],
        "checks": [check],
    }
    for key, value in changes.items():
        where, _, field = key.partition("__")
        target = {"entry": entry, "check": check, "top": document}[where]
        target[field] = value
    return document


def _encode(document: Any) -> bytes:
    return json.dumps(document).replace("Infinity", "1e400").encode()


@pytest.mark.parametrize("value", EDGE_TIMES, ids=[repr(v)[:30] for v in EDGE_TIMES])
@pytest.mark.parametrize("field", ["entry__created", "entry__updated", "check__taken"])
def test_times_at_the_calendars_edges_are_refused_naming_the_place(
    tmp_path: Path, field: str, value: Any
) -> None:
    data = _encode(_export_document(**{field: value}))
    where = {"entry": "$.entries[0]", "check": "$.checks[0]"}[field.split("__")[0]]
    with pytest.raises(JournalFileError) as refused:
        parse_json_export(data, "in.json")
    said = str(refused.value)
    assert said.startswith(f"{where}.{field.split('__')[1]}: "), said
    assert len(said) < 300  # a huge value is not repeated back


def test_the_first_and_last_times_a_journal_keeps_are_accepted_and_read_everywhere(
    journal: Journal,
) -> None:
    for moment in (FIRST_TIME, LAST_TIME):
        for zone in (ZONES[0], ZONES[-1]):
            text = moment.astimezone(zone).isoformat()
            document = _export_document(entry__created=text, entry__updated=text)
            document["entries"][0]["uuid"] = str(uuid.uuid4())
            incoming = parse_json_export(_encode(document), "x")
            journal.merge(incoming.entries)
    reads_back_everywhere(journal)


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(9999, 12, 31, tzinfo=dt.UTC),
        dt.datetime(1970, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=23))),
        dt.datetime(2026, 5, 1),
    ],
    ids=["9999", "1970", "year-1-east", "9999-west", "naive"],
)
def test_every_write_refuses_times_out_of_range(journal: Journal, moment: dt.datetime) -> None:
    with pytest.raises(JournalError, match="time"):
        journal.add_entry("x", when=moment)
    with pytest.raises(JournalError, match="time"):
        journal.add_check("trace", "task", 1, when=moment)
    entry = Entry(uuid=U1, created=moment, updated=T0, text="x")
    with pytest.raises(JournalError, match="time"):
        journal.merge([entry])
    with pytest.raises(JournalError, match="time"):
        journal.merge([], [TemperatureCheck(U2, moment, "trace", "task", 1)])
    assert journal.count() == 1 and journal.check_decks() == []


def test_a_draft_is_not_kept_with_a_clock_out_of_range(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcards.journal import model as module  # where checked_now reads the clock

    monkeypatch.setattr(module, "utc_now", lambda: dt.datetime(3001, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(JournalError, match="clock"):
        journal.save_draft("trace/task", "text")
    with pytest.raises(JournalError, match="clock"):
        journal.add_entry("text")
    assert journal.drafts() == [] and journal.count() == 1


def test_periods_reaching_past_the_kept_times_are_asked_for_without_a_crash(
    journal: Journal,
) -> None:
    east = dt.timezone(dt.timedelta(hours=23, minutes=59))
    west = dt.timezone(-dt.timedelta(hours=23, minutes=59))
    since, until = dt.datetime(1, 1, 1, tzinfo=east), dt.datetime(9999, 12, 31, 23, tzinfo=west)
    assert [e.text for e in journal.entries(EntryFilter(since=since, until=until))] == [
        "already here"
    ]
    assert journal.count_matching(EntryFilter(since=since, until=until)) == 1
    assert journal.entries(EntryFilter(since=dt.datetime(9999, 1, 1, tzinfo=dt.UTC))) == []
    assert journal.entries(EntryFilter(until=dt.datetime(2, 1, 1, tzinfo=dt.UTC))) == []
    with pytest.raises(JournalError, match="time zone"):
        journal.entries(EntryFilter(since=dt.datetime(2026, 1, 1)))


# --------------------------------------------------------------------------- 3. imports


def test_a_nul_in_a_tag_is_called_a_nul(journal: Journal) -> None:
    data = _encode(_export_document(entry__tags=["fine", "bad\x00tag"]))
    with pytest.raises(JournalFileError, match=r"^\$\.entries\[0\]\.tags\[1\]: .*NUL"):
        parse_json_export(data, "in.json")
    with pytest.raises(JournalError, match="NUL"):
        journal.add_entry("x", tags=["bad\x00tag"])


@pytest.mark.parametrize(
    "spelling",
    [U1.upper(), "{" + U1 + "}", "urn:uuid:" + U1, U1.replace("-", ""), "{" + U1.upper() + "}"],
)
def test_every_spelling_of_a_uuid_is_the_same_reflection(journal: Journal, spelling: str) -> None:
    journal.merge(parse_json_export(_encode(_export_document()), "a").entries)
    document = _export_document(entry__uuid=spelling)
    incoming = parse_json_export(_encode(document), "b")
    assert incoming.entries[0].uuid == U1
    summary = journal.merge(incoming.entries)
    assert (summary.added, summary.unchanged) == (0, 1)
    assert journal.merge([Entry(spelling, T0, T0, "words")]).unchanged == 1
    other = spelling.replace("6a53", "aaaa").replace("6A53", "AAAA")
    added = journal.add_entry("by hand", entry_uuid=other)
    assert added.uuid == canonical_uuid(added.uuid) == U1.replace("6a53", "aaaa")
    with pytest.raises(JournalError, match="already"):
        journal.add_entry("again", entry_uuid=other.upper())
    assert journal.count() == 3


@pytest.mark.parametrize(
    "spelling",
    [U1 + " ", "+" + U1[1:], U1[:8] + "_" + U1[9:], "urn:uuid:{" + U1 + "}", "x" * 1_000_000],
)
def test_near_uuids_are_refused(spelling: str) -> None:
    with pytest.raises(JournalFileError, match=r"\$\.entries\[0\]\.uuid: "):
        parse_json_export(_encode(_export_document(entry__uuid=spelling)), "in.json")


def test_the_same_reflection_twice_in_one_import_is_refused_in_words(journal: Journal) -> None:
    document = _export_document()
    copy = dict(document["entries"][0], uuid=U1.upper(), text="other")
    document["entries"].append(copy)
    with pytest.raises(JournalFileError, match=r"\$\.entries\[1\]\.uuid: .*\$\.entries\[0\]"):
        parse_json_export(_encode(document), "in.json")
    document["entries"].pop()
    document["checks"].append(dict(document["checks"][0]))
    with pytest.raises(JournalFileError, match=r"\$\.checks\[1\]\.uuid: "):
        parse_json_export(_encode(document), "in.json")
    twice = [Entry(U1, T0, T0, "a"), Entry(U1.upper(), T0, T0, "b")]
    with pytest.raises(JournalError, match="twice"):
        journal.merge(twice)
    assert journal.count() == 1


@pytest.mark.parametrize("field", ["deck_id", "card_id"])
@pytest.mark.parametrize("value", ["x" * (MAX_ID_CHARS + 1), "Trust", "a/b", "", " a", "a\x00"])
def test_deck_and_card_ids_follow_the_deck_files_rules(
    journal: Journal, field: str, value: str
) -> None:
    for where in ("entry", "check"):
        data = _encode(_export_document(**{f"{where}__{field}": value}))
        with pytest.raises(JournalFileError, match=rf"\.{field}: "):
            parse_json_export(data, "in.json")
    with pytest.raises(JournalError):
        journal.add_entry("x", **{field: value})
    with pytest.raises(JournalError):
        journal.set_card_marks(value, value, {})


def test_indicator_ids_follow_the_deck_files_rules(journal: Journal) -> None:
    data = _encode(_export_document(entry__marks={"x" * 81: "tick"}))
    with pytest.raises(JournalFileError, match=r"\$\.entries\[0\]\.marks"):
        parse_json_export(data, "in.json")
    with pytest.raises(JournalError, match="indicator"):
        journal.add_entry("x", marks={"a=b,c": "tick"})
    with pytest.raises(JournalError, match="indicator"):
        journal.save_draft("trace/task", "x", marks={"a=b,c": "tick"})


def test_every_id_of_the_built_in_decks_fits_the_journal(journal: Journal) -> None:
    for deck in builtin_decks():
        for card in deck.cards:
            marks = {indicator.id: "tick" for _, indicator in card.indicators()}
            journal.add_entry("x", deck_id=deck.id, card_id=card.id, marks=marks)
            journal.set_card_marks(deck.id, card.id, marks)
            journal.save_draft(f"{deck.id}/{card.id}", "x", marks=marks)
    reads_back_everywhere(journal)


def test_tags_per_reflection_are_capped(journal: Journal) -> None:
    many = [f"t{n}" for n in range(MAX_TAGS)]
    journal.add_entry("as many as allowed", tags=[*many, *many])  # repeats count once
    with pytest.raises(JournalError, match=f"at most {MAX_TAGS} tags"):
        journal.add_entry("one too many", tags=[*many, "one more"])
    data = _encode(_export_document(entry__tags=[f"t{n}" for n in range(100_000)]))
    with pytest.raises(JournalFileError, match=rf"\$\.entries\[0\]\.tags: .*{MAX_TAGS}"):
        parse_json_export(data, "in.json")


BAD_TYPES: list[tuple[str, Any, str]] = [
    ("top__entries", {"a": 1}, "$.entries"),
    ("top__checks", "none", "$.checks"),
    ("top__name", 5, "$.name"),
    ("top__name", "x" * 10_000, "$.name"),
    ("entry__text", 5, "$.entries[0].text"),
    ("entry__text", {"nested": ["junk"]}, "$.entries[0].text"),
    ("entry__text", None, "$.entries[0].text"),
    ("entry__uuid", 5, "$.entries[0].uuid"),
    ("entry__space", True, "$.entries[0].space"),
    ("entry__space", "galaxy", "$.entries[0].space"),
    ("entry__space", ["team"], "$.entries[0].space"),
    ("entry__marks", ["tick"], "$.entries[0].marks"),
    ("entry__marks", {"task.i1": 1}, "$.entries[0].marks"),
    ("entry__marks", {"task.i1": ["tick"]}, "$.entries[0].marks"),
    ("entry__tags", "a,b", "$.entries[0].tags"),
    ("entry__tags", [1], "$.entries[0].tags[0]"),
    ("entry__tags", [["a"]], "$.entries[0].tags[0]"),
    ("entry__tags", ["x" * 61], "$.entries[0].tags[0]"),
    ("entry__tags", ["\ud800"], "$.entries[0].tags[0]"),
    ("entry__text", "\ud800 lone", "$.entries[0].text"),
    ("entry__text", "x" * 2_000_001, "$.entries[0].text"),
    ("check__position", True, "$.checks[0].position"),
    ("check__position", HUGE, "$.checks[0].position"),
    ("check__position", 3.0, "$.checks[0].position"),
    ("check__position", 10**30, "$.checks[0].position"),
    ("check__position", None, "$.checks[0].position"),
    ("check__position", 1001, "$.checks[0].position"),
    ("check__target", False, "$.checks[0].target"),
    ("check__target", -1, "$.checks[0].target"),
    ("check__measure", 1, "$.checks[0].measure"),
    ("check__measure", ["scale"], "$.checks[0].measure"),
    ("check__measure", "degrees", "$.checks[0].measure"),
    ("check__deck_id", None, "$.checks[0].deck_id"),
    ("check__marks", {"a": "maybe"}, "$.checks[0].marks"),
]


@pytest.mark.parametrize(("field", "value", "where"), BAD_TYPES, ids=[b[0] for b in BAD_TYPES])
def test_bad_types_anywhere_are_refused_naming_the_place(
    field: str, value: Any, where: str
) -> None:
    with pytest.raises(JournalFileError) as refused:
        parse_json_export(_encode(_export_document(**{field: value})), "in.json")
    said = str(refused.value)
    assert re.match(re.escape(where) + r"[:.\[]", said), said
    assert len(said) < 400


@pytest.mark.parametrize(
    "data",
    [b'{"format": "leadcards-journal/1", "entries": [{"text": NaN}]}', b"[1, 2]", b"5"],
)
def test_documents_of_the_wrong_shape_are_refused(data: bytes) -> None:
    with pytest.raises(JournalFileError):
        parse_json_export(data, "in.json")


def test_an_import_refused_after_reading_changes_nothing(journal: Journal) -> None:
    before = _state(journal)
    entries = [Entry(str(uuid.uuid4()), T0, T0, "fine") for _ in range(5)]
    entries.append(Entry(str(uuid.uuid4()), T0, T0, "bad", tags=["x\x00"]))
    for dry_run in (True, False):
        with pytest.raises(JournalError, match="NUL"):
            journal.merge(entries, dry_run=dry_run)
    assert _state(journal) == before


# --------------------------------------------------------------------------- 4. --journal FILE


def _newer(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()


def _other_programs(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE places (url TEXT)")
    db.commit()
    db.close()


NOT_JOURNALS: dict[str, Callable[[Path], object]] = {
    "pdf": lambda p: p.write_bytes(b"%PDF-1.7\n" + b"x" * 2000),
    "empty": lambda p: p.write_bytes(b""),
    "text": lambda p: p.write_text("dear diary\n" * 100),
    "newer": _newer,
    "another-programs-database": _other_programs,
}


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize("kind", list(NOT_JOURNALS))
def test_a_file_that_is_not_a_journal_is_left_exactly_as_it_was(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "not-a-journal.sqlite3"
    NOT_JOURNALS[kind](path)
    path.chmod(0o644)
    before = _digest(path)
    with pytest.raises(JournalError):
        Journal.open(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-journal.sqlite3"]


@pytest.mark.parametrize("kind", ["newer", "another-programs-database"])
def test_a_database_in_wal_mode_that_is_not_a_journal_gets_no_files_beside_it(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "db.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    NOT_JOURNALS[kind](path)
    before = _digest(path)
    with pytest.raises(JournalError):
        Journal.open(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite3"]


def test_a_folder_is_refused_and_no_lock_is_left(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(JournalError, match="folder"):
        Journal.open(tmp_path / "folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.sqlite3"
    os.mkfifo(pipe, 0o644)

    def stuck(*_: object) -> None:
        raise AssertionError("Journal.open waited on a named pipe")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(10)
    try:
        with pytest.raises(JournalError, match="not a regular file"):
            Journal.open(pipe)
        with pytest.raises(BackupError):
            backup.check_backup(pipe)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert stat.S_IMODE(pipe.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.sqlite3"]


def test_a_journal_that_opens_leaves_its_lock_and_a_refusal_after_it_does_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path):
        assert path.with_name("j.sqlite3.lock").exists()
    data = path.read_bytes()
    path.with_name("j.sqlite3.lock").unlink()
    half = tmp_path / "half.sqlite3"
    half.write_bytes(data[:4096] + b"\xff" * 4096)
    with pytest.raises(JournalError):
        Journal.open(half)
    assert not half.with_name("half.sqlite3.lock").exists()


def test_a_lock_file_taken_away_after_a_refusal_is_never_held_twice(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3.lock"
    first = FileLock(path)
    first.acquire()
    late = FileLock(path)
    with pytest.raises(LockedError):
        late.acquire()  # opened the file, found it held
    first.release(remove=True)
    assert not path.exists()
    second, third = FileLock(path), FileLock(path)
    second.acquire()
    with pytest.raises(LockedError):
        third.acquire()
    second.release()
    assert path.exists()  # a lock that did not make the file leaves it
    third.acquire()
    third.release(remove=True)
    assert path.exists()


# --------------------------------------------------------------------------- 5. dry run


def test_a_dry_run_refuses_everything_a_merge_refuses_and_writes_nothing(
    tmp_path: Path, journal: Journal
) -> None:
    bad_entries = [
        Entry(U1, T0, T0, "x", space="galaxy"),
        Entry(U1, T0, T0, "x", tags=["x" * 61]),
        Entry(U1, T0, T0, "x", deck_id="Deck"),
        Entry(U1, T0, T0, "x", marks={"a": "maybe"}),
        Entry("nope", T0, T0, "x"),
        Entry(U1, dt.datetime(9999, 1, 1, tzinfo=dt.UTC), T0, "x"),
    ]
    bad_checks = [
        TemperatureCheck(U2, T0, "trace", "task", 6),
        TemperatureCheck(U2, T0, "trace", "task", 1, measure="degrees"),
        TemperatureCheck(U2, T0, "trace", "", 1),
    ]
    path = journal.path
    journal._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(path), path.with_name(path.name + "-wal").stat().st_size
    for entry in bad_entries:
        with pytest.raises(JournalError):
            journal.merge([entry], dry_run=True)
    for check in bad_checks:
        with pytest.raises(JournalError):
            journal.merge([], [check], dry_run=True)
    good = [Entry(str(uuid.uuid4()), T0, T0, f"new {n}") for n in range(50)]
    assert journal.merge(good, dry_run=True).added == 50
    assert (_digest(path), path.with_name(path.name + "-wal").stat().st_size) == before
    assert journal.count() == 1


# --------------------------------------------------------------------------- properties
#
# Values are mostly of the right shape (so that many examples are accepted and read back)
# and now and then anything at all: any Unicode, times of any year 1 to 9999 at any offset,
# numbers, None, nested junk; in backups, any SQLite type, blobs and text that is not UTF-8.


def _mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``bad`` about one time in 15 (one_of alone would draw it half the time)."""
    return st.integers(min_value=0, max_value=14).flatmap(lambda n: bad if n == 7 else good)


_OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
_WORLD_OFFSETS = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
_ANY_MOMENT = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=_OFFSETS
)
_KEPT_MOMENT = st.datetimes(
    min_value=dt.datetime(1971, 1, 2),
    max_value=dt.datetime(2999, 12, 30),
    timezones=_WORLD_OFFSETS,
)
_TIME_TEXTS = _mostly(
    st.one_of(
        _KEPT_MOMENT.map(lambda m: m.isoformat()),
        _KEPT_MOMENT.map(lambda m: m.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    ),
    st.one_of(_ANY_MOMENT.map(lambda m: m.isoformat()), st.text(max_size=40)),
)
_JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_IDS = st.sampled_from(["trace", "task", "system-leadership-behaviours", "trust.p1", "a"])
_UUIDS = _mostly(
    st.one_of(
        st.uuids().map(str),
        st.uuids().map(lambda u: str(u).upper()),
        st.uuids().map(lambda u: "{" + str(u) + "}"),
        st.sampled_from([U1, U1.upper(), U2]),
    ),
    st.text(max_size=40),
)


def _either(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return _mostly(good, _JUNK)


_ENTRY_DOCS = st.fixed_dictionaries(
    {
        "uuid": _either(_UUIDS),
        "created": _either(_TIME_TEXTS),
        "updated": _either(_TIME_TEXTS),
        "text": _either(st.text()),
        "deck_id": _either(st.one_of(st.none(), _IDS, st.text(max_size=90))),
        "card_id": _either(st.one_of(st.none(), _IDS)),
        "space": _either(st.sampled_from([None, "self", "team", "organisation", "system", "x"])),
        "marks": _either(st.dictionaries(_IDS, st.sampled_from(["tick", "plus", "minus", "?"]))),
        "tags": _either(st.lists(st.text(max_size=70), max_size=8)),
    }
)
_CHECK_DOCS = st.fixed_dictionaries(
    {
        "uuid": _either(_UUIDS),
        "taken": _either(_TIME_TEXTS),
        "deck_id": _either(_IDS),
        "card_id": _either(_IDS),
        "space": _either(st.sampled_from([None, "self", "system", "moon"])),
        "measure": _either(st.sampled_from(["scale", "count", None, "x"])),
        "position": _either(st.integers(min_value=-10, max_value=1010)),
        "target": _either(st.one_of(st.none(), st.integers(min_value=-10, max_value=1010))),
        "marks": _either(st.dictionaries(_IDS, st.sampled_from(["tick", "minus", "no"]))),
    }
)
_DOCUMENTS = st.fixed_dictionaries(
    {
        "format": st.just("leadcards-journal/1"),
        "name": _either(st.text(max_size=40)),
        "entries": st.lists(_ENTRY_DOCS, max_size=4),
        "checks": st.lists(_CHECK_DOCS, max_size=3),
    }
)


def _as_text(raw: bytes) -> str:
    """SQL for TEXT holding exactly these bytes, valid UTF-8 or not."""
    return f"CAST(x'{raw.hex()}' AS TEXT)"


_SQL_JUNK = st.one_of(
    st.just("NULL"),
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.binary(max_size=12).map(lambda b: f"x'{b.hex()}'"),
    st.binary(max_size=12).map(_as_text),
    st.text(max_size=20).map(lambda t: _as_text(t.encode("utf-8", "surrogatepass"))),
)


def _sql(good: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return _mostly(good.map(lambda t: _as_text(t.encode("utf-8", "surrogatepass"))), _SQL_JUNK)


_DB_TIMES = _mostly(
    _KEPT_MOMENT.map(lambda m: m.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    _ANY_MOMENT.map(lambda m: m.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
)
_ROWS = st.fixed_dictionaries(
    {
        "entries": st.lists(
            st.tuples(
                _sql(_UUIDS),
                _sql(_DB_TIMES),
                _sql(_DB_TIMES),
                _sql(_IDS),
                _sql(_IDS),
                _sql(st.sampled_from(["self", "team"])),
                _sql(st.text()),
            ),
            max_size=3,
        ),
        "tags": st.lists(st.tuples(st.integers(1, 3), _sql(st.text(max_size=65))), max_size=4),
        "marks": st.lists(
            st.tuples(st.integers(1, 3), _sql(_IDS), _sql(st.sampled_from(["tick", "plus"]))),
            max_size=3,
        ),
        "checks": st.lists(
            st.tuples(
                _sql(st.uuids().map(str)),
                _sql(_DB_TIMES),
                _sql(_IDS),
                _sql(_IDS),
                _sql(st.sampled_from(["scale", "count"])),
                _mostly(st.integers(-6, 6).map(str), _SQL_JUNK),
            ),
            max_size=2,
        ),
        "drafts": st.lists(
            st.tuples(
                _sql(_mostly(st.sampled_from(["trace/task", "trace/route"]), st.text())),
                _sql(st.text()),
                _sql(st.sampled_from(["", "task.i1=tick", "a=minus,b=plus", "a=b=c"])),
                _sql(_DB_TIMES),
                _sql(_mostly(st.sampled_from(["", "x\ny", "one tag"]), st.text())),
            ),
            max_size=2,
        ),
        "card_marks": st.lists(
            st.tuples(_sql(_IDS), _sql(_IDS), _sql(_IDS), _sql(_DB_TIMES)), max_size=2
        ),
        "name": st.one_of(st.none(), _sql(st.text(min_size=1, max_size=30))),
    }
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    with Journal.open(tmp_path_factory.mktemp("shared") / "j.sqlite3") as opened:
        yield opened


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_DOCUMENTS)
def test_any_import_is_refused_untouched_or_reads_back_everywhere(
    shared: Journal, document: dict[str, Any]
) -> None:
    before = _state(shared)
    try:
        incoming = parse_json_export(_encode(document), "in.json")
        shared.merge(incoming.entries, incoming.checks, dry_run=True)
        shared.merge(incoming.entries, incoming.checks)
    except (JournalFileError, JournalError) as exc:
        event(f"refused: {str(exc)[:70]}")
        assert _state(shared) == before
        return
    event("accepted")
    reads_back_everywhere(shared)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_ROWS)
def test_any_backup_is_refused_untouched_or_restores_and_reads_back_everywhere(
    tmp_path_factory: pytest.TempPathFactory, shared: Journal, rows: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("backup")
    path = folder / "b.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, 0)
    statements = [
        f"INSERT INTO entries VALUES ({n}, {', '.join(row)})"
        for n, row in enumerate(rows["entries"], start=1)
    ]
    entries = len(rows["entries"])
    statements += [
        f"INSERT INTO entry_tags VALUES ({n}, {tag})" for n, tag in rows["tags"] if n <= entries
    ]
    statements += [
        f"INSERT INTO entry_marks VALUES ({n}, {i}, {m})"
        for n, i, m in rows["marks"]
        if n <= entries
    ]
    statements += [
        f"INSERT INTO checks (uuid, taken_utc, deck_id, card_id, measure, position) VALUES"
        f" ({', '.join(row)})"
        for row in rows["checks"]
    ]
    statements += [
        f"INSERT INTO drafts (key, text, marks, updated_utc, tags) VALUES ({', '.join(row)})"
        for row in rows["drafts"]
    ]
    statements += [
        f"INSERT INTO card_marks VALUES ({d}, {c}, {i}, 'tick', {t})"
        for d, c, i, t in rows["card_marks"]
    ]
    if rows["name"] is not None:
        statements.append(f"INSERT INTO meta VALUES ('name', {rows['name']})")
    for statement in statements:
        with contextlib.suppress(sqlite3.Error):  # a constraint the schema itself keeps
            db.execute(statement)
    db.close()
    before = _state(shared)
    try:
        shared.restore_from(path, safety_dir=folder / "safety")
    except BackupError as exc:
        event("refused: " + str(exc).split("(the first: ")[-1].split(":")[0])
        assert _state(shared) == before
        return
    event(f"restored {shared.count()} reflections")
    reads_back_everywhere(shared)
    saved = os.environ.get("TZ")
    try:
        for zone in ("<-12>12", "<+14>-14"):
            os.environ["TZ"] = zone
            time.tzset()
            export_markdown(shared, builtin_decks())
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
