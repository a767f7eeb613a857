"""Encrypted journals: the passphrase, changing it safely, backups and exports under it,
hostile files at the passphrase, no plain text anywhere on disk, and the command line."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from leadcards import commitments, paths
from leadcards.journal import backup
from leadcards.journal.cipher import (
    NotEncryptedError,
    Passphrase,
    PassphraseNeededError,
    WrongPassphraseError,
    is_encrypted,
    recovery_key,
)
from leadcards.journal.engine import sqlite3
from leadcards.journal.model import JournalDamagedError, JournalError
from leadcards.journal.service import JournalService
from leadcards.journal.store import Journal
from tests.hostile import User

PASS = Passphrase("correct horse 'battery' staple é")
OTHER = Passphrase("another one")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(journal: Journal, marker: str) -> None:
    """Something of every kind a journal keeps, each holding ``marker``."""
    journal.add_entry(f"{marker} reflection", deck_id="slb", card_id="trust", tags=[f"{marker}tag"])
    journal.save_draft("slb/trust", f"{marker} draft", tags=[f"{marker}drafttag"])
    journal.add_check("slb", "trust", 2, marks={"trust.p1": "plus"})
    commitments.add_commitment(journal, f"{marker} commitment", due=dt.date(2027, 1, 4))


def _contents(journal: Journal) -> tuple[object, ...]:
    return (
        [(e.uuid, e.text, e.tags) for e in journal.entries()],
        [(d.key, d.text, d.tags) for d in journal.drafts()],
        len(journal.checks("slb")),
        [c.text for c in commitments.commitments(journal)],
        journal.search("reflection")[0].uuid if journal.count() else None,
    )


# --------------------------------------------------------------------------- opening


def test_an_encrypted_journal_opens_with_its_passphrase_only(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path, passphrase=PASS) as journal:
        _fill(journal, "ZQXMARK")
        kept = _contents(journal)
    assert is_encrypted(path)
    assert b"ZQXMARK" not in path.read_bytes()
    before = _digest(path)
    with pytest.raises(PassphraseNeededError, match=r"j\.sqlite3 is encrypted"):
        Journal.open(path)
    with pytest.raises(WrongPassphraseError, match=r"does not open j\.sqlite3"):
        Journal.open(path, passphrase=OTHER)
    assert _digest(path) == before
    with Journal.open(path, passphrase=PASS) as journal:
        assert _contents(journal) == kept  # full-text search too


def test_a_recovery_key_opens_the_journal_until_the_passphrase_changes(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path, passphrase=PASS) as journal:
        journal.add_entry("kept")
    key = recovery_key(path, PASS)
    assert key.startswith("LCRK-") and len(key.split("-")) == 9
    with Journal.open(path, passphrase=Passphrase(key.lower())) as journal:
        assert journal.count() == 1
        journal.change_key(OTHER)
    with pytest.raises(WrongPassphraseError):
        Journal.open(path, passphrase=Passphrase(key))
    with Journal.open(path, passphrase=OTHER) as journal:
        assert journal.count() == 1


def test_a_passphrase_is_never_shown() -> None:
    assert "battery" not in repr(PASS) and "battery" not in str(PASS)
    with pytest.raises(JournalError, match="empty"):
        Passphrase("")
    with pytest.raises(JournalError, match="NUL"):
        Passphrase("a\x00b")


# --------------------------------------------------------------------------- hostile files


def test_hostile_files_at_the_passphrase_are_told_apart_and_left_alone(tmp_path: Path) -> None:
    plain = tmp_path / "plain.sqlite3"
    with Journal.open(plain) as journal:
        journal.add_entry("plain")
    encrypted = tmp_path / "encrypted.sqlite3"
    with Journal.open(encrypted, passphrase=PASS) as journal:
        for number in range(40):
            journal.add_entry(f"reflection {number} " + "words " * 200)
    data = encrypted.read_bytes()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(random.Random(1).randbytes(8 * 4096))
    odd = tmp_path / "odd.sqlite3"
    odd.write_bytes(random.Random(2).randbytes(5000))
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(data[:12345])
    cut_at_a_page = tmp_path / "cut-at-a-page.sqlite3"
    cut_at_a_page.write_bytes(data[: 4096 * 3])
    files = [plain, garbage, odd, cut, cut_at_a_page]
    before = {path: _digest(path) for path in files}
    with pytest.raises(NotEncryptedError, match=r"plain\.sqlite3 is not encrypted"):
        Journal.open(plain, passphrase=PASS)
    with pytest.raises(WrongPassphraseError, match="not an encrypted LeadCards journal"):
        Journal.open(garbage, passphrase=PASS)
    for path in (odd, cut):
        with pytest.raises(JournalDamagedError, match="not made of whole pages"):
            Journal.open(path, passphrase=PASS)
    with pytest.raises(JournalDamagedError, match=r"damaged|not a readable"):
        Journal.open(cut_at_a_page, passphrase=PASS)
    for path in files:
        assert _digest(path) == before[path], path
        assert not path.with_name(path.name + "-wal").exists(), path
        if path != plain:  # (the plain journal's lock is its own, from when it was made)
            assert not path.with_name(path.name + ".lock").exists(), path


# --------------------------------------------------------------------------- changing the key


def test_encrypting_rekeying_and_decrypting_keep_everything(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        _fill(journal, "ZQXMARK")
        kept = _contents(journal)
        journal.change_key(PASS)
        assert journal.encrypted and _contents(journal) == kept
        assert is_encrypted(path) and b"ZQXMARK" not in path.read_bytes()
        journal.add_entry("written after encrypting")
        journal.change_key(OTHER)
        assert journal.count() == 2
        journal.change_key(None)
        assert not journal.encrypted and journal.count() == 2
        assert journal.integrity_ok()
    assert not is_encrypted(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.sqlite3", "j.sqlite3.lock"]


_REKEYER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from leadcards.journal.cipher import Passphrase
    from leadcards.journal.store import Journal
    keys = [Passphrase("first key"), Passphrase("second key"), None]
    path = Path(sys.argv[1])
    for start, key in enumerate(keys):
        try:
            journal = Journal.open(path, passphrase=key)
            break
        except Exception:
            continue
    turn = start
    print("open", flush=True)
    while True:
        turn += 1
        journal.change_key(keys[turn % 3])
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_kill_while_the_key_changes_leaves_one_key_working(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        for number in range(200):
            journal.add_entry(f"reflection {number} " + "words " * 50)
    script = tmp_path / "rekeyer.py"
    script.write_text(_REKEYER, encoding="utf-8")
    chance = random.Random(20261130)
    keys = [Passphrase("first key"), Passphrase("second key"), None]
    seen: set[int] = set()
    for cycle in range(12):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "open", f"cycle {cycle}"
        time.sleep(chance.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        opened = []
        for index, key in enumerate(keys):
            try:
                with Journal.open(path, passphrase=key) as journal:
                    assert journal.integrity_ok() and journal.count() == 200, f"cycle {cycle}"
                    opened.append(index)
            except JournalError:
                continue
        assert len(opened) == 1, f"cycle {cycle}: opened with {opened}"
        seen.add(opened[0])
        assert not list(tmp_path.glob(".j.sqlite3.rekey-*")), "a left-over copy survived"
    assert len(seen) >= 2  # the kills landed under more than one key


# --------------------------------------------------------------------------- backups


def test_backups_are_encrypted_follow_the_key_and_restore(resolved_paths: paths.Paths) -> None:
    service = JournalService(resolved_paths)
    journal = service.open(resolved_paths.default_journal)
    _fill(journal, "ZQXMARK")
    plain_backup = service.back_up(journal)
    change = service.change_key(journal, PASS)
    assert change.converted == 1 and not change.left  # no plain "before-new-key" copy made
    folder = service.backup_folder(journal.path)
    assert plain_backup in backup.backups(folder)
    for made in backup.backups(folder):
        assert is_encrypted(made) and b"ZQXMARK" not in made.read_bytes(), made.name
    made = service.back_up(journal)
    assert is_encrypted(made)
    with pytest.raises(PassphraseNeededError):
        backup.check_backup(made)
    backup.check_backup(made, passphrase=PASS)
    journal.add_entry("after the backup")
    with service.staged(journal.path, made, PASS) as staged:
        assert staged.entries == 1
        service.restore(journal, staged)
    assert journal.count() == 1 and journal.encrypted
    service.close(journal)


def test_a_backup_restores_across_keys_and_into_a_plain_journal(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    with Journal.open(old, passphrase=OTHER) as journal:
        journal.add_entry("from the old backup")
        made = journal.backup(tmp_path / "backups")
    with Journal.open(tmp_path / "enc.sqlite3", passphrase=PASS) as journal:
        with pytest.raises(WrongPassphraseError, match="not the passphrase it was made with"):
            journal.restore_from(made, safety_dir=tmp_path / "safety")
        journal.restore_from(made, safety_dir=tmp_path / "safety", passphrase=OTHER)
        assert [e.text for e in journal.entries()] == ["from the old backup"]
    with Journal.open(tmp_path / "plain.sqlite3") as journal:
        journal.restore_from(made, safety_dir=tmp_path / "safety", passphrase=OTHER)
        assert [e.text for e in journal.entries()] == ["from the old backup"]
        plain_made = journal.backup(tmp_path / "backups")
    with Journal.open(tmp_path / "enc.sqlite3", passphrase=PASS) as journal:
        journal.add_entry("another")
        journal.restore_from(plain_made, safety_dir=tmp_path / "safety")
        assert journal.count() == 1 and journal.encrypted
        assert journal.search("backup")


# --------------------------------------------------------------------------- exports


def test_an_encrypted_export_is_a_copy_import_reads_with_its_passphrase(
    resolved_paths: paths.Paths, tmp_path: Path
) -> None:
    service = JournalService(resolved_paths)
    with service.opened(resolved_paths.default_journal, create=True) as journal:
        journal.change_key(PASS)
        _fill(journal, "ZQXMARK")
        target = tmp_path / "copy.sqlite3"
        keep = service.check_export(target, journal.path)
        assert service.export(journal, target, "encrypted", [], keep) == 1
    assert is_encrypted(target) and b"ZQXMARK" not in target.read_bytes()
    with pytest.raises(PassphraseNeededError):
        service.read_export(target, "copy.sqlite3")
    with pytest.raises(WrongPassphraseError, match="encrypted export"):
        service.read_export(target, "copy.sqlite3", OTHER)
    incoming = service.read_export(target, "copy.sqlite3", PASS)
    assert [e.text for e in incoming.entries] == ["ZQXMARK reflection"]
    assert [c.text for c in incoming.commitments] == ["ZQXMARK commitment"]
    with Journal.open(tmp_path / "other.sqlite3") as other:
        summary = service.import_export(other, incoming)
        assert summary.added == 1


# --------------------------------------------------------------------------- nothing plain


_MARKER_WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from leadcards import commitments, paths
    from leadcards.journal.cipher import Passphrase
    from leadcards.journal.service import JournalService
    marker = sys.argv[1]
    resolved = paths.resolve()
    service = JournalService(resolved)
    key = Passphrase("marker test passphrase")
    journal = service.open(resolved.default_journal, passphrase=key)
    number = 0
    while True:
        journal.add_entry(f"{marker} reflection {number}", deck_id="slb", card_id="trust",
                          tags=[f"{marker}tag{number}"])
        journal.save_draft(f"slb/card{number % 5}", f"{marker} draft {number}",
                           tags=[f"{marker}drafttag"])
        commitments.add_commitment(journal, f"{marker} commitment {number}")
        if number % 10 == 0:
            service.back_up(journal)
        print(number, flush=True)
        number += 1
    """
)


def _files_holding(marker: bytes, *folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink() and marker in path.read_bytes():
                found.append(path)
    return found


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_no_file_anywhere_holds_an_encrypted_journals_text(tmp_path: Path) -> None:
    user = User(tmp_path, tmp_path / "data", tmp_path / "home")
    user.home.mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    marker = "QZMARKER" + "7" * 6
    resolved = paths.resolve(user.data)
    secret = tmp_path / "home" / "passphrase.txt"
    secret.write_text("marker test passphrase\n", encoding="utf-8")
    env = user.env(TMPDIR=str(temp))
    # A journal made plain first, its text in a backup, then encrypted with the CLI: the
    # plain backup goes under the key too.
    assert user.run("journal", "add", "--card", "trust", "--text", f"{marker} plain").code == 0
    assert user.run("journal", "backup").code == 0
    done = user.run("journal", "encrypt", "--passphrase-file", secret, TMPDIR=str(temp))
    assert done.code == 0, done.err
    # A writer saving reflections, tags, drafts and commitments and making backups, killed
    # mid-write three times.
    script = tmp_path / "writer.py"
    script.write_text(_MARKER_WRITER, encoding="utf-8")
    for cycle in range(3):
        child = subprocess.Popen(
            [sys.executable, str(script), marker],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "0", f"cycle {cycle}"
        time.sleep(0.3 + cycle * 0.2)
        child.send_signal(signal.SIGKILL)
        child.communicate()
    # An encrypted export, a check-in and a reflection added through the CLI.
    steps = [
        ("journal", "export", "--format", "encrypted", "-o", tmp_path / "home" / "copy.db"),
        ("journal", "add", "--card", "trust", "--text", f"{marker} from the CLI"),
        ("journal", "list"),
        ("commitments", "add", "--text", f"{marker} commitment from the CLI"),
        ("journal", "backup"),
    ]
    for step in steps:
        result = user.run(*step, "--passphrase-file", secret, TMPDIR=str(temp))
        assert result.code == 0, (step, result.err)
        if step[1] == "list":
            assert marker in result.text  # what is read back is the text itself
    folders = [resolved.data_dir, resolved.config_dir, resolved.cache_dir, temp, user.home]
    found = _files_holding(marker.encode(), *folders)
    assert found == [], found
    assert len(backup.backups(JournalService(resolved).backup_folder(user.journal))) >= 3
    assert (tmp_path / "home" / "copy.db").stat().st_size > 0


# --------------------------------------------------------------------------- the command line


def _user(tmp_path: Path) -> tuple[User, Path, Path]:
    user = User(tmp_path, tmp_path / "data", tmp_path / "home")
    user.home.mkdir()
    one = tmp_path / "one.txt"
    one.write_text("first passphrase\n", encoding="utf-8")
    both = tmp_path / "both.txt"
    both.write_text("first passphrase\nsecond passphrase\n", encoding="utf-8")
    return user, one, both


def test_the_command_line_encrypts_rekeys_and_decrypts(tmp_path: Path) -> None:
    user, one, both = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "hello there").code == 0
    usb = tmp_path / "usb"
    usb.mkdir()
    done = user.run(
        "journal", "encrypt", "--passphrase-file", one, "--recovery-key", usb / "key.txt"
    )
    assert done.code == 0, done.err
    assert "Nobody can recover a forgotten passphrase" in done.err
    assert is_encrypted(user.journal)
    key = next(line for line in (usb / "key.txt").read_text().splitlines() if "LCRK" in line)
    refused = user.run("journal", "list")
    assert refused.code == 2 and "give its passphrase with --passphrase-stdin" in refused.err
    wrong = user.run("journal", "list", "--passphrase-stdin", stdin=b"not it\n")
    assert wrong.code == 2 and "does not open journal.sqlite3" in wrong.err
    assert "Traceback" not in wrong.err and "hmac" not in wrong.err.lower()
    listed = user.run("journal", "list", "--passphrase-stdin", stdin=key.encode() + b"\n")
    assert listed.code == 0 and "hello there" in listed.text
    done = user.run("journal", "rekey", "--passphrase-file", both)
    assert done.code == 0, done.err
    assert user.run("journal", "list", "--passphrase-file", one).code == 2
    listed = user.run("journal", "list", "--passphrase-stdin", stdin=b"second passphrase\n")
    assert listed.code == 0 and "hello there" in listed.text
    done = user.run("journal", "decrypt", "--passphrase-stdin", stdin=b"second passphrase\n")
    assert done.code == 0, done.err
    assert not is_encrypted(user.journal)
    assert "hello there" in user.run("journal", "list").text


def test_plain_text_from_an_encrypted_journal_is_written_only_when_asked(tmp_path: Path) -> None:
    user, one, _ = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "hello").code == 0
    assert user.run("journal", "encrypt", "--passphrase-file", one).code == 0
    for command in (
        ("journal", "export", "-o", tmp_path / "out.json"),
        ("journal", "export", "--format", "markdown", "-o", tmp_path / "out.md"),
        ("print", "journal", "-o", tmp_path / "out.pdf"),
    ):
        refused = user.run(*command, "--passphrase-file", one)
        assert refused.code == 2 and "--plain" in refused.err, command
        assert not Path(command[-1]).exists()
        done = user.run(*command, "--passphrase-file", one, "--plain")
        assert done.code == 0 and Path(command[-1]).exists(), (command, done.err)


def test_a_recovery_key_is_never_written_beside_the_journal(tmp_path: Path) -> None:
    user, one, _ = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "hello").code == 0
    before = user.snapshot()
    for place in (user.data / "key.txt", user.data / "backups" / "key.txt"):
        refused = user.run("journal", "encrypt", "--passphrase-file", one, "--recovery-key", place)
        assert refused.code == 2 and "Traceback" not in refused.err
        assert "beside the journal" in refused.err or "write somewhere else" in refused.err
        assert not place.exists()
    assert user.snapshot() == before  # refused before anything was encrypted
    assert not is_encrypted(user.journal)


def test_passphrases_are_never_arguments_and_bad_ones_are_named(tmp_path: Path) -> None:
    user, one, _ = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "hello").code == 0
    refused = user.run("journal", "encrypt", "--passphrase", "secret")
    assert refused.code == 2 and "usage:" in refused.err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    refused = user.run("journal", "encrypt", "--passphrase-file", empty)
    assert refused.code == 2 and "holds no passphrase" in refused.err
    refused = user.run("journal", "encrypt", "--passphrase-stdin", stdin=b"\xff\xfe\n")
    assert refused.code == 2 and "not UTF-8" in refused.err
    refused = user.run("journal", "encrypt", "--passphrase-file", tmp_path)
    assert refused.code == 2 and "Traceback" not in refused.err
    refused = user.run("journal", "encrypt")  # no terminal to ask at
    assert refused.code == 2 and "--passphrase-stdin" in refused.err
    assert not is_encrypted(user.journal)
    done = user.run("journal", "encrypt", "--passphrase-file", one)
    assert done.code == 0, done.err
    again = user.run("journal", "encrypt", "--passphrase-file", one)
    assert again.code == 2 and "encrypted already" in again.err
    assert (
        list((user.data / "logs").glob("crash-*")) == [] if (user.data / "logs").exists() else True
    )


def test_an_encrypted_export_imports_with_its_passphrase_on_the_command_line(
    tmp_path: Path,
) -> None:
    user, one, _ = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "exported").code == 0
    assert user.run("journal", "encrypt", "--passphrase-file", one).code == 0
    copy = tmp_path / "copy.sqlite3"
    done = user.run(
        "journal", "export", "--format", "encrypted", "-o", copy, "--passphrase-file", one
    )
    assert done.code == 0, done.err
    other = tmp_path / "other.sqlite3"
    done = user.run("journal", "import", copy, "--journal", other, "--passphrase-file", one)
    assert done.code == 0 and "Imported: 1 new reflection" in done.out.decode(), done.err
    wrong = user.run(
        "journal", "import", copy, "--journal", other, "--passphrase-stdin", stdin=b"x\n"
    )
    assert wrong.code == 2 and "encrypted export" in wrong.err
    with sqlite3.connect(other) as db:
        assert db.execute("SELECT text FROM entries").fetchall() == [("exported",)]


# --------------------------------------------------------------------------- from a review


def test_plain_backups_of_an_encrypted_journal_are_encrypted_when_it_opens(
    resolved_paths: paths.Paths, tmp_path: Path
) -> None:
    # What a crash between encrypting the journal and its backups leaves, or a plain backup
    # copied back into the folder.
    service = JournalService(resolved_paths)
    with service.opened(resolved_paths.default_journal, create=True) as journal:
        journal.add_entry("ZQXMARK plain")
        plain = service.back_up(journal)
        journal.change_key(PASS)  # the journal alone, as if killed before its backups
    assert not is_encrypted(plain)
    with service.opened(resolved_paths.default_journal, create=False, passphrase=PASS):
        pass
    assert is_encrypted(plain) and b"ZQXMARK" not in plain.read_bytes()
    backup.check_backup(plain, passphrase=PASS)


def test_encrypting_makes_no_plain_copy_and_a_failing_backup_is_left_not_fatal(
    resolved_paths: paths.Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = JournalService(resolved_paths)
    journal = service.open(resolved_paths.default_journal)
    journal.add_entry("kept")
    made = service.back_up(journal)

    def failing(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(backup, "change_key", failing)
    change = service.change_key(journal, PASS)
    assert change.converted == 0 and change.left == (made,)  # one backup: no plain copy made
    assert journal.encrypted and journal.count() == 1
    monkeypatch.undo()
    service.close(journal)
    with service.opened(journal.path, create=False, passphrase=PASS):
        assert is_encrypted(made)  # encrypted at the next open


def test_the_key_changes_even_if_flushing_the_folder_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcards.journal import store

    def failing(_: Path) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(store, "sync_folder", failing)  # the folder's flush after the rename
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        journal.add_entry("kept")
        journal.change_key(PASS)
        assert journal.encrypted and journal.count() == 1
        journal.add_entry("written after")
    with Journal.open(path, passphrase=PASS) as journal:
        assert journal.count() == 2


def test_backups_open_with_the_passphrase_and_the_recovery_key(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path, passphrase=PASS) as journal:
        journal.add_entry("kept")
        made = journal.backup(tmp_path / "backups")
    key = Passphrase(recovery_key(path, PASS))
    backup.check_backup(made, passphrase=PASS)
    backup.check_backup(made, passphrase=key)
    with Journal.open(path, passphrase=key) as journal:  # a session opened with the key
        again = journal.backup(tmp_path / "backups")
    backup.check_backup(again, passphrase=PASS)
    backup.check_backup(again, passphrase=key)


def test_an_encrypted_copy_that_starts_like_json_is_still_read_as_a_copy(
    resolved_paths: paths.Paths, tmp_path: Path
) -> None:
    from leadcards.journal import cipher

    # The salt is random; this copy's is chosen to start with "{", as 1 in 256 do.
    salt = b"{" + bytes(range(1, 16))
    derived = hashlib.pbkdf2_hmac("sha512", b"pass", salt, cipher.KDF_ROUNDS, cipher.KEY_BYTES)
    raw = "LCRK-" + "-".join(derived.hex().upper()[i : i + 8] for i in range(0, 64, 8))
    copy = tmp_path / "copy.sqlite3"
    with Journal.open(tmp_path / "source.sqlite3") as journal:
        journal.add_entry("from the copy")
    with Journal.open(tmp_path / "source.sqlite3") as journal:
        cipher.export_copy(journal._db, copy, Passphrase.derived(raw, salt))
    assert copy.read_bytes()[:1] == b"{"
    incoming = JournalService(resolved_paths).read_export(copy, "copy.sqlite3", Passphrase("pass"))
    assert [e.text for e in incoming.entries] == ["from the copy"]


def test_a_passphrase_sqlcipher_would_take_as_a_key_is_refused() -> None:
    with pytest.raises(JournalError, match="hexadecimal"):
        Passphrase("x'00112233'")
    Passphrase("x'not hex'")  # a passphrase like any other


def test_standard_input_holds_a_passphrase_or_text_never_both(tmp_path: Path) -> None:
    user, _one, _ = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "hello").code == 0
    for command in (
        ("commitments", "add"),
        ("journal", "add", "--card", "trust"),
        ("journal", "import", "-"),
    ):
        refused = user.run(*command, "--passphrase-stdin", stdin=b"pw1\nI will do it\n")
        assert refused.code != 0 and "standard input cannot hold both" in refused.err, command
    listed = user.run("commitments", "--json")
    assert "pw1" not in listed.text and "I will do it" not in listed.text
    spaced = tmp_path / "spaced.txt"
    spaced.write_bytes(b"pw one\x0cx \r\n")  # a form feed and a space are part of it
    assert user.run("journal", "encrypt", "--passphrase-file", spaced).code == 0
    assert user.run("journal", "list", "--passphrase-stdin", stdin=b"pw one\n").code == 2
    done = user.run("journal", "list", "--passphrase-stdin", stdin=b"pw one\x0cx \n")
    assert done.code == 0 and "hello" in done.text


# --------------------------------------------------------------------------- from an attack


def test_no_output_replaces_an_encrypted_journal_or_the_passphrase_file(tmp_path: Path) -> None:
    user, one, _ = _user(tmp_path)
    other = tmp_path / "clients" / "client.sqlite3"
    other.parent.mkdir()
    with Journal.open(other, passphrase=PASS) as journal:
        journal.add_entry("another client's")
    assert user.run("journal", "add", "--card", "trust", "--text", "hello").code == 0
    before = {path: _digest(path) for path in (other, one)}
    usb = tmp_path / "usb"
    usb.mkdir()
    for command in (
        ("journal", "encrypt", "--passphrase-file", one, "--recovery-key", other),
        ("journal", "encrypt", "--passphrase-file", one, "--recovery-key", one),
        ("journal", "export", "--format", "json", "--plain", "-o", other),
        ("print", "deck", "trace", "-o", other),
        ("print", "journal", "--plain", "-o", one, "--passphrase-file", one),
    ):
        refused = user.run(*command)
        assert refused.code == 2 and "Traceback" not in refused.err, (command, refused.err)
        assert {path: _digest(path) for path in (other, one)} == before, command
    existing = usb / "key.txt"
    existing.write_text("my notes", encoding="utf-8")
    refused = user.run("journal", "encrypt", "--passphrase-file", one, "--recovery-key", existing)
    assert refused.code == 2 and "already exists" in refused.err
    assert existing.read_text(encoding="utf-8") == "my notes" and not is_encrypted(user.journal)
    done = user.run("journal", "encrypt", "--passphrase-file", one)
    assert (done.code == 0 and "1 backup" not in done.err) or "backups" in done.err


def test_plain_backups_of_a_moved_data_folder_are_encrypted_with_the_journal(
    tmp_path: Path,
) -> None:
    user, one, _ = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "MOVEDMARK").code == 0
    assert user.run("journal", "backup").code == 0
    moved = User(tmp_path, tmp_path / "moved", user.home)
    user.data.rename(moved.data)
    # Another journal of the same name, not this one, keeps its plain backups.
    stranger = tmp_path / "elsewhere" / "journal.sqlite3"
    stranger.parent.mkdir()
    assert (
        moved.run(
            "journal", "add", "--card", "trust", "--text", "STRANGER", "--journal", stranger
        ).code
        == 0
    )
    assert moved.run("journal", "backup", "--journal", stranger).code == 0
    done = moved.run("journal", "encrypt", "--passphrase-file", one)
    assert done.code == 0, done.err
    assert _files_holding(b"MOVEDMARK", moved.data) == []
    strangers = _files_holding(b"STRANGER", moved.data)
    assert strangers and all("backups" in str(p) for p in strangers)


def test_new_passphrases_are_not_blank_or_short_and_an_ended_prompt_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcards import passphrase_cli

    user, _, _ = _user(tmp_path)
    assert user.run("journal", "add", "--card", "trust", "--text", "hello").code == 0
    for typed, words in ((b"   \t \n", "only spaces"), (b"a\n", "shorter than 8")):
        refused = user.run("journal", "encrypt", "--passphrase-stdin", stdin=typed)
        assert refused.code == 2 and words in refused.err, refused.err
    assert not is_encrypted(user.journal)

    def ended(_: str) -> str:
        raise EOFError

    monkeypatch.setattr(passphrase_cli.getpass, "getpass", ended)
    with pytest.raises(JournalError, match="no passphrase was typed"):
        passphrase_cli._prompt("Passphrase: ")
