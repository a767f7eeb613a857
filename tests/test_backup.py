"""Backups: checked copies, the keeping ladder, restore, and damaged journals set aside."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from leadcards.cli import main
from leadcards.journal import backup
from leadcards.journal.engine import sqlite3
from leadcards.journal.schema import migrate
from leadcards.journal.store import Journal

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def test_a_backup_is_a_checked_private_copy_outside_the_journal_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    journal_path = tmp_path / "clients" / "smith.sqlite3"
    journal_path.parent.mkdir()
    folder = backup.folder_for(data, journal_path)
    assert journal_path.parent not in folder.parents
    with Journal.open(journal_path) as journal:
        journal.add_entry("worth keeping")
        made = journal.backup(folder)
    assert made.parent == folder and made.name.startswith("smith-")
    backup.check_backup(made)
    with sqlite3.connect(made) as copy:
        assert copy.execute("SELECT text FROM entries").fetchall() == [("worth keeping",)]
    if os.name == "posix":
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert not list(folder.glob("*.partial"))


def test_same_file_names_in_different_folders_get_different_backup_folders(
    tmp_path: Path,
) -> None:
    one = backup.folder_for(tmp_path, tmp_path / "a" / "journal.sqlite3")
    two = backup.folder_for(tmp_path, tmp_path / "b" / "journal.sqlite3")
    assert one != two


def test_the_ladder_keeps_daily_weekly_and_monthly_backups() -> None:
    hourly = [NOW - dt.timedelta(hours=h) for h in range(0, 24 * 400, 6)]
    kept = backup.to_keep(hourly, NOW)
    assert max(kept) == NOW
    days = {(t.year, t.month, t.day) for t in kept if (NOW - t).days < 12}
    assert len(days) == 12
    months = {(t.year, t.month) for t in kept}
    assert len(months) >= 9
    assert len(kept) <= 12 + 10 + 9 + 3
    assert min(kept) > NOW - dt.timedelta(days=300)  # nothing older than 9 months


def test_prune_deletes_only_what_the_ladder_drops(tmp_path: Path) -> None:
    source = sqlite3.connect(":memory:", isolation_level=None)
    migrate(source, 0)
    for hours in range(0, 24 * 40, 12):
        backup.backup_connection(source, tmp_path, "j", now=NOW - dt.timedelta(hours=hours))
    before = backup.backups(tmp_path)
    removed = backup.prune(tmp_path, now=NOW)
    after = backup.backups(tmp_path)
    assert len(before) == 80
    assert len(after) + len(removed) == 80
    assert after[0] == before[0]  # the newest always stays
    assert {backup.backup_time(p) for p in after} == backup.to_keep(
        [backup.backup_time(p) for p in before if backup.backup_time(p)], NOW
    )


def test_an_automatic_backup_is_due_after_changes_at_most_every_half_hour() -> None:
    assert not backup.due(None, None, NOW)
    assert backup.due(None, NOW, NOW)
    last = NOW - dt.timedelta(minutes=10)
    assert not backup.due(last, NOW, NOW)
    assert backup.due(NOW - dt.timedelta(minutes=31), NOW - dt.timedelta(minutes=1), NOW)
    assert not backup.due(NOW - dt.timedelta(hours=2), NOW - dt.timedelta(hours=3), NOW)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all", "not a LeadCards journal backup"),
        (b"SQLite format 3\x00" + b"\x00" * 5000, "cannot be read|not a LeadCards"),
    ],
)
def test_bad_backups_are_refused_and_change_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.add_entry("still here")
        with pytest.raises(backup.BackupError, match=message):
            journal.restore_from(bad, safety_dir=tmp_path / "safety")
        assert [e.text for e in journal.entries()] == ["still here"]


def _hostile(path: Path, build: str, version: int = 2) -> Path:
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(build)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    return path


def _journal_with(path: Path, *statements: str) -> Path:
    """A real journal's schema, then rows no LeadCards would write."""
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, 0)
    for statement in statements:
        db.execute(statement)
    db.close()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: _hostile(p, "CREATE TABLE entries(x);"), "its tables are not a journal's"),
        (
            lambda p: _journal_with(p, "CREATE TABLE extra(x)"),
            "its tables are not a journal's",
        ),
        (
            lambda p: _journal_with(p, "DROP TRIGGER entries_ad"),
            "its tables are not a journal's",
        ),
        (
            lambda p: _journal_with(
                p,
                "INSERT INTO entries (uuid, created_utc, updated_utc, text) "
                "VALUES ('u', 'yesterday', 'yesterday', 'x')",
            ),
            "holds 1 reflection LeadCards could not read back.*'yesterday'",
        ),
        (
            lambda p: _journal_with(
                p,
                "INSERT INTO entries (uuid, created_utc, updated_utc, text) "
                "VALUES ('u', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', "
                "x'00ff')",
            ),
            "holds 1 reflection LeadCards could not read back.*binary data",
        ),
        (
            lambda p: _journal_with(
                p,
                "INSERT INTO checks (uuid, taken_utc, deck_id, card_id, position) "
                "VALUES ('c', '2026-01-01T00:00:00.000000Z', 'd', 'c', 2.5)",
            ),
            "holds 1 temperature check LeadCards could not read back.*a fraction",
        ),
        (lambda p: _hostile(p, "CREATE TABLE entries(x);", version=99), "newer version"),
    ],
    ids=[
        "foreign-table",
        "extra-table",
        "missing-trigger",
        "bad-date",
        "blob-text",
        "fractional-position",
        "too-new",
    ],
)
def test_hostile_backups_are_refused_in_words_and_change_no_row(
    tmp_path: Path, make: object, message: str
) -> None:
    hostile = make(tmp_path / "hostile.sqlite3")
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.add_entry("still here")
        before = journal.count()
        with pytest.raises(backup.BackupError, match=message):
            journal.restore_from(hostile, safety_dir=tmp_path / "safety")
        assert journal.count() == before and journal.entries()[0].text == "still here"
    assert not (tmp_path / "safety").exists()  # refused before anything was done


def test_a_backup_of_the_first_schema_is_accepted(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    db = sqlite3.connect(old, isolation_level=None)
    migrate(db, 0, to=1)
    db.close()
    backup.check_backup(old)


def test_restore_brings_back_the_backup_and_keeps_what_was_there(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.add_entry("first")
        saved = journal.backup(folder)
        journal.add_entry("second, after the backup")
        safety = journal.restore_from(saved, safety_dir=folder)
        assert [e.text for e in journal.entries()] == ["first"]
        assert journal.integrity_ok()
    with sqlite3.connect(safety) as before:
        assert before.execute("SELECT count(*) FROM entries").fetchone()[0] == 2


@pytest.mark.parametrize("folder", ["Client #2", "what?", "100%20 done", "ünï còdé"])
def test_restore_from_a_folder_with_any_name(tmp_path: Path, folder: str) -> None:
    backups = tmp_path / folder
    backups.mkdir()
    with Journal.open(tmp_path / folder / "j.sqlite3") as journal:
        journal.add_entry("first")
        saved = journal.backup(backups)
        journal.add_entry("second, after the backup")
        journal.restore_from(saved, safety_dir=backups)
        assert [e.text for e in journal.entries()] == ["first"]
    fresh = tmp_path / folder / "restored.sqlite3"
    backup.restore_into(saved, fresh)
    with Journal.open(fresh) as restored:
        assert [e.text for e in restored.entries()] == ["first"]
    # Nothing was opened at a path cut short at "#" or "?".
    assert [p.name for p in tmp_path.iterdir() if not p.is_dir()] == []


def test_set_aside_moves_a_damaged_journal_whole(tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        journal.with_name(journal.name + suffix).write_bytes(b"junk" + suffix.encode())
    folder = backup.set_aside(journal, tmp_path / "data", now=NOW)
    assert folder == tmp_path / "data" / "damaged" / "20261122-120000-000000"
    assert sorted(p.name for p in folder.iterdir()) == [
        "j.sqlite3",
        "j.sqlite3-shm",
        "j.sqlite3-wal",
    ]
    assert (folder / "j.sqlite3-wal").read_bytes() == b"junk-wal"
    assert not journal.exists()


def test_cli_backup_and_restore(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert main(["journal", "add", "--card", "trust", "--text", "before"]) == 0
    assert main(["journal", "backup"]) == 0
    made = Path(capsys.readouterr().out.strip().split(" to ")[-1])
    assert made.exists() and (data_dir / "backups") in made.parents
    assert main(["journal", "add", "--card", "trust", "--text", "after"]) == 0
    assert main(["journal", "restore", str(made)]) == 0
    assert "(1 reflections)" in capsys.readouterr().out
    assert main(["journal", "restore", str(data_dir / "nothing.sqlite3")]) == 2
    assert "nothing.sqlite3" in capsys.readouterr().err


def test_newest_good_skips_a_damaged_backup_and_restore_into_makes_a_new_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "backups"
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.add_entry("good")
        good = journal.backup(folder, reason="")
    newer = folder / good.name.replace(good.name[2:10], "29991231")
    newer.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert backup.backup_time(newer) is not None
    assert backup.newest_good(folder) == good
    target = tmp_path / "restored.sqlite3"
    backup.restore_into(good, target)
    with Journal.open(target) as restored:
        assert [e.text for e in restored.entries()] == ["good"]
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.restore_into(good, target)
