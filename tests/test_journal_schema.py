"""Journals written by earlier versions of LeadCards open, are backed up first, and are
brought up to the current schema without losing anything."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
        assert journal.draft("trace/route").tags == ("Offsite", "offsite", "x")  # type: ignore[union-attr]
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
