"""Driving ``leadcards`` as a user meets it: a fresh process for every command, with the
data folder, the time zone and the umask a test chooses, and a snapshot of every file
LeadCards keeps, so a test can say that a refusal changed none of them."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from leadcards.journal.engine import sqlite3

TIMEOUT = 90  # a command that hangs (on a pipe, say) fails its test instead of the run


@dataclass
class Result:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


@dataclass
class User:
    """A user's data folder, with the environment to run commands against it."""

    root: Path
    data: Path
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("LEADCARDS_", "XDG_")) and key not in ("TZ", "HOME")
        }
        env.update(
            LEADCARDS_DATA_DIR=str(self.data),
            HOME=str(self.home),
            QT_QPA_PLATFORM="offscreen",
            PYTHONIOENCODING="utf-8",
            TZ="UTC",
        )
        env.update(extra)
        return env

    def run(
        self,
        *argv: str | Path,
        stdin: bytes | None = None,
        umask: int | None = None,
        timeout: float = TIMEOUT,
        **env: str,
    ) -> Result:
        def before() -> None:
            if umask is not None:
                os.umask(umask)

        done = subprocess.run(
            [sys.executable, "-m", "leadcards", *map(str, argv)],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            env=self.env(**env),
            cwd=self.root,
            timeout=timeout,
            preexec_fn=before if os.name == "posix" else None,
        )
        return Result(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))

    @property
    def journal(self) -> Path:
        return self.data / "journal.sqlite3"

    def kept_files(self) -> list[Path]:
        """Every file in the data folder (journal, backups, settings, logs, decks)."""
        return sorted(
            p
            for p in self.data.rglob("*")
            if p.is_file() and not p.is_symlink() and not p.name.endswith(".lock")
        )

    def snapshot(self) -> dict[Path, str]:
        return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in self.kept_files()}

    def crash_reports(self) -> list[Path]:
        return sorted((self.data / "logs").glob("crash-*"))


def integrity_ok(journal: Path) -> bool:
    """SQLite's integrity check, run on a copy (with its log) so the check itself leaves
    no working files beside the journal."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / journal.name
        shutil.copy(journal, copy)
        wal = journal.with_name(journal.name + "-wal")
        if wal.exists():
            shutil.copy(wal, copy.with_name(copy.name + "-wal"))
        db = sqlite3.connect(copy)
        try:
            return bool(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
        finally:
            db.close()


def assert_refused(result: Result, user: User, before: dict[Path, str]) -> None:
    """A refusal as a user should meet it: a line on stderr naming the problem (after
    the usage, for a mistake in the command line), a non-zero exit, no traceback, no
    crash report, every kept file as it was."""
    assert result.code != 0, result.err
    lines = result.err.strip().splitlines()
    assert lines and (lines[-1].startswith("leadcards") or ": 1 problem" in lines[0]), lines
    assert "Traceback" not in result.err and "something went wrong" not in result.err, result.err
    assert not user.crash_reports()
    after = user.snapshot()
    assert after == before, {
        p for p in after.keys() | before.keys() if after.get(p) != before.get(p)
    }
    assert integrity_ok(user.journal)
    leftovers = [p for p in user.root.rglob(".*.tmp")] + list(user.data.rglob(".incoming-*"))
    assert not leftovers, leftovers
