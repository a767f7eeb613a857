"""Journals written by earlier versions of LeadCards open, are backed up first, and are
brought up to the current schema without losing anything."""

from __future__ import annotations

from pathlib import Path

from leadcards.journal.engine import sqlite3
from leadcards.journal.schema import MIGRATIONS, SCHEMA_VERSION, _statements
from leadcards.journal.store import Journal


def _first_schema_journal(path: Path) -> None:
    """A journal exactly as version 1 of the schema wrote it, with an entry and a draft."""
    db = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(MIGRATIONS[1]):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO entries (uuid, created_utc, updated_utc, deck_id, card_id, space, text)"
        " VALUES ('0f6b1a52-4bd6-4a8e-9b7c-1d2e3f405162', '2026-01-05T09:00:00.000000Z',"
        " '2026-01-05T09:00:00.000000Z', 'trace', 'task', 'team', 'Named the task aloud.')"
    )
    db.execute("INSERT INTO entry_tags (entry_id, tag) VALUES (1, 'quarter one')")
    db.execute(
        "INSERT INTO drafts (key, text, space, marks, updated_utc) VALUES"
        " ('trace/route', 'half written', 'self', 'route.i1=tick', '2026-01-06T10:00:00.000000Z')"
    )
    db.close()


def test_every_step_from_the_first_schema_is_applied(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _first_schema_journal(path)
    backups = tmp_path / "backups"
    with Journal.open(path, backup_dir=backups) as journal:
        assert journal._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (entry,) = journal.entries()
        assert (entry.card_id, entry.space, entry.text, entry.tags) == (
            "task",
            "team",
            "Named the task aloud.",
            ("quarter one",),
        )
        draft = journal.draft("trace/route")
        assert draft is not None
        assert (draft.text, draft.space, dict(draft.marks), draft.tags) == (
            "half written",
            "self",
            {"route.i1": "tick"},
            (),
        )
        journal.save_draft("trace/route", "now with tags", tags=["Offsite", "offsite ", "x"])
        assert journal.draft("trace/route").tags == ("Offsite", "offsite", "x")
        assert journal.integrity_ok()
    (made,) = backups.iterdir()
    assert made.name.endswith("-before-upgrade.sqlite3")
    kept = sqlite3.connect(made)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    assert kept.execute("SELECT text FROM entries").fetchall() == [("Named the task aloud.",)]
    kept.close()


def test_a_current_journal_is_not_backed_up_again_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    Journal.open(path).close()
    Journal.open(path, backup_dir=tmp_path / "backups").close()
    assert not (tmp_path / "backups").exists()


def test_the_schemas_constraints_agree_with_the_model(tmp_path: Path) -> None:
    """The CHECK constraints spell out the spaces, the marks and the scales; they must say
    what SPACES, Mark and MEASURES say, or a value one allows the other refuses."""
    from leadcards.journal.model import MEASURES, SPACES, Mark

    with Journal.open(tmp_path / "j.sqlite3") as journal:
        db = journal._db
        found = db.execute("SELECT name FROM sqlite_master WHERE sql GLOB '*CHECK (*'")
        tables = {row[0] for row in found}
        # A check-in round's checks are counts and states (tested in test_checkin_ledger),
        # a commitment's, a follow-up's and a plan run's are tested in test_commitments;
        # the others spell out the model's values.
        assert tables - {"checkin_rounds", "commitments", "follow_ups", "plan_runs"} == {
            "entries",
            "entry_marks",
            "checks",
            "check_marks",
            "card_marks",
        }

        def accepted(sql: str, params: tuple[object, ...]) -> bool:
            db.execute("SAVEPOINT probe")
            try:
                db.execute(sql, params)
                return True
            except sqlite3.IntegrityError:
                return False
            finally:
                db.execute("ROLLBACK TO probe")
                db.execute("RELEASE probe")

        entry = (
            "INSERT INTO entries (uuid, created_utc, updated_utc, space, text)"
            " VALUES ('u', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', ?, 't')"
        )
        for space in SPACES:
            assert accepted(entry, (space,)), space
        for space in ("", "Self", "family", "selfx"):
            assert not accepted(entry, (space,)), space
        check = (
            "INSERT INTO checks (uuid, taken_utc, deck_id, card_id, space, measure, position,"
            " target) VALUES ('c', '2026-01-01T00:00:00.000000Z', 'd', 'c', ?, ?, ?, ?)"
        )
        for space in SPACES:
            assert accepted(check, (space, "scale", 0, None)), space
        assert not accepted(check, ("family", "scale", 0, None))
        for measure, (low, high) in MEASURES.items():
            for value in (low, high):
                assert accepted(check, (None, measure, value, None)), (measure, value)
                assert accepted(check, (None, measure, 0 if low <= 0 else low, value))
            for value in (low - 1, high + 1):
                assert not accepted(check, (None, measure, value, None)), (measure, value)
                assert not accepted(check, (None, measure, low, value)), (measure, value)
        assert not accepted(check, (None, "percent", 0, None))
        db.execute(entry, ("self",))
        db.execute(check, (None, "scale", 0, None))
        marks = {
            "entry_marks": "INSERT INTO entry_marks (entry_id, indicator_id, mark)"
            " VALUES (1, 'i', ?)",
            "check_marks": "INSERT INTO check_marks (check_id, indicator_id, mark)"
            " VALUES (1, 'i', ?)",
            "card_marks": "INSERT INTO card_marks (deck_id, card_id, indicator_id, mark,"
            " updated_utc) VALUES ('d', 'c', 'i', ?, '2026-01-01T00:00:00.000000Z')",
        }
        for table, mark in marks.items():
            for value in Mark:
                assert accepted(mark, (value.value,)), (table, value)
            assert not accepted(mark, ("cross",)), table
