"""The journal service: every operation on a journal file, the same for the app and the
command line. Users meet the CLI as a fresh process, so the ways in are run as one."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leadcards.fileio import UserFileError
from leadcards.journal import backup
from leadcards.journal.engine import sqlite3
from leadcards.journal.exchange import JournalFileError, export_json, parse_json_export
from leadcards.journal.model import JournalError
from leadcards.journal.schema import SCHEMA_VERSION
from leadcards.journal.service import JournalService
from leadcards.library import builtin_decks
from leadcards.paths import Paths, resolve
from tests.test_journal_schema import _first_schema_journal


@pytest.fixture
def service(tmp_path: Path) -> JournalService:
    return JournalService(resolve(str(tmp_path / "data")))


def _leadcards(data: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadcards", "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["journal", "list"],
        ["journal", "backup"],
        ["journal", "export", "-o", "{out}.json"],
        ["print", "journal", "-o", "{out}.pdf"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_every_way_in_backs_up_a_journal_of_an_older_format_before_upgrading(
    tmp_path: Path, command: list[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    journal = data / "journal.sqlite3"
    _first_schema_journal(journal)
    argv = [part.replace("{out}", str(tmp_path / "out")) for part in command]
    done = _leadcards(data, *argv)
    assert done.returncode == 0, done.stderr
    folder = backup.folder_for(resolve(str(data)).data_dir, journal)
    upgraded = [made for made in folder.iterdir() if made.name.endswith("-before-upgrade.sqlite3")]
    assert len(upgraded) == 1, sorted(p.name for p in folder.iterdir())
    kept = sqlite3.connect(upgraded[0])
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    kept.close()
    now = sqlite3.connect(journal)
    assert now.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    now.close()


def test_the_default_journal_is_made_in_a_new_data_folder(service: JournalService) -> None:
    with service.open(service.paths.default_journal) as journal:
        assert journal.path == service.paths.default_journal
    assert service.paths.default_journal.is_file()


def test_a_new_journal_is_named_after_its_file_and_never_replaces_one(
    service: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "Team days.sqlite3"
    with service.create(path) as journal:
        assert journal.name == "Team days"
        journal.add_entry("kept")
    with pytest.raises(JournalError, match="already exists"):
        service.create(path)
    with service.open(path) as journal:
        assert journal.count() == 1


def test_closing_a_changed_journal_backs_it_up_and_an_unchanged_one_not(
    service: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    folder = service.backup_folder(path)
    service.close(service.open(path))
    assert backup.backups(folder) == []
    journal = service.open(path)
    journal.add_entry("a change")
    service.close(journal)
    assert len(backup.backups(folder)) == 1
    with service.open(path) as again:  # closed: it opens again
        assert again.count() == 1


def test_a_backup_is_due_only_after_a_change_and_half_an_hour(
    service: JournalService, tmp_path: Path
) -> None:
    with service.open(tmp_path / "j.sqlite3") as journal:
        assert service.back_up_if_due(journal) is None  # nothing changed
        journal.add_entry("a change")
        assert service.back_up_if_due(journal) is not None
        journal.add_entry("minutes later")
        assert service.back_up_if_due(journal) is None
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=31)
        assert service.back_up_if_due(journal, later) is not None


def test_a_damaged_journal_is_set_aside_and_its_good_backup_put_back(
    service: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    with service.open(path) as journal:
        journal.add_entry("worth keeping")
        service.back_up(journal)
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # damaged
    recovery = service.set_aside(path)
    assert (recovery.aside / path.name).is_file() and not path.exists()  # moved whole
    assert recovery.good is not None and recovery.taken is not None
    service.recover(recovery, path)
    with service.open(path) as journal:
        assert [e.text for e in journal.entries()] == ["worth keeping"]


def test_a_restore_is_from_a_checked_private_copy_and_keeps_what_was_there(
    service: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    with service.open(path) as journal:
        journal.add_entry("in the backup")
        made = service.back_up(journal)
        journal.add_entry("after the backup")
        with service.staged(path, made) as staged:
            assert staged.copy != made and staged.entries == 1 and staged.name == made.name
            safety = service.restore(journal, staged)
        assert not staged.copy.exists()  # the private copy is gone
        assert [e.text for e in journal.entries()] == ["in the backup"]
    with sqlite3.connect(safety) as kept:
        assert kept.execute("SELECT count(*) FROM entries").fetchone()[0] == 2


def test_a_file_that_is_no_backup_is_refused_and_its_copy_removed(
    service: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    service.close(service.open(path))
    fake = tmp_path / "fake.sqlite3"
    fake.write_text("not a database", encoding="utf-8")
    with pytest.raises(backup.BackupError):
        service.stage_restore(path, fake)
    assert not any(p.name.startswith(".incoming") for p in service.backup_folder(path).iterdir())
    with pytest.raises(UserFileError):
        service.stage_restore(path, tmp_path)  # a folder


def test_export_is_private_and_refuses_to_replace_the_journal(
    service: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    with service.open(path) as journal:
        journal.add_entry("private")
        with pytest.raises(UserFileError):
            service.check_export(path, path)
        target = tmp_path / "out.json"
        keep = service.check_export(target, path)
        assert service.export(journal, target, "json", builtin_decks(), keep) == 1
        assert target.stat().st_mode & 0o777 == 0o600
        with pytest.raises(JournalError, match="format"):
            service.export(journal, target, "pdf", builtin_decks(), keep)
    assert parse_json_export(target.read_bytes(), "out.json").entries[0].text == "private"


def test_an_import_is_backed_up_first_and_a_refused_one_leaves_no_backup(
    service: JournalService, tmp_path: Path
) -> None:
    source = tmp_path / "source.sqlite3"
    with service.open(source) as journal:
        journal.add_entry("from elsewhere")
        exported = tmp_path / "export.json"
        exported.write_text(export_json(journal), encoding="utf-8")
    path = tmp_path / "j.sqlite3"
    with service.open(path) as journal:
        incoming = service.read_export(exported, "export.json")
        assert service.preview_import(journal, incoming).describe().startswith("1 new")
        assert journal.count() == 0
        service.import_export(journal, incoming)
        assert journal.count() == 1
        names = [p.name for p in backup.backups(service.backup_folder(path))]
        assert len(names) == 1 and names[0].endswith("-before-import.sqlite3")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "leadcards-journal/1", "entries": [{"uuid": 1}]}', "utf-8")
    with pytest.raises(JournalFileError):
        service.read_export(bad, "bad.json")


def test_the_service_works_over_any_data_folder(tmp_path: Path) -> None:
    paths: Paths = resolve(str(tmp_path / "elsewhere"))
    service = JournalService(paths)
    assert service.backup_folder(paths.default_journal).is_relative_to(paths.data_dir)


def test_printing_a_journal_that_is_not_there_leaves_no_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "never-used"
    done = _leadcards(data, "print", "journal", "-o", str(tmp_path / "out.pdf"))
    assert done.returncode == 2 and "no journal" in done.stderr
    assert not data.exists()
