"""Hostile input through the command line, each command in a fresh process as a user
runs it: outputs that point at files LeadCards keeps, special files as inputs and
outputs, huge and malformed inputs, planted links, terminal escapes, dates at the
calendar's edges and file modes. Every refusal is one line, leaves every kept file's
bytes as they were and the journal intact (tests/hostile.py says how that is checked)."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from leadcards.journal.engine import sqlite3
from tests.hostile import Result, User, assert_refused, integrity_ok

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX files and modes")

# Every command that writes a file the user names, with the words before the file name.
WRITERS = {
    "print calibration": ("print", "calibration", "-o"),
    "print deck": ("print", "deck", "trace", "-o"),
    "print deck --separate-backs": ("print", "deck", "trace", "--separate-backs", "-o"),
    "print images": ("print", "images", "trace", "--card", "task", "--dpi", "40", "-o"),
    "print journal": ("print", "journal", "-o"),
    "print worksheets": ("print", "worksheets", "trace", "-o"),
    "journal export": ("journal", "export", "-o"),
    "journal export markdown": ("journal", "export", "--format", "markdown", "-o"),
    "decks export": ("decks", "export", "trace", "-o"),
    "checkin new": ("checkin", "new", "trace", "-o"),
    "checkin answer": ("checkin", "answer", "invite.json", "--tick", "task.i1", "-o"),
    "checkin export": ("checkin", "export", "Template team", "-o"),
    "print checkin": ("print", "checkin", "Template team", "-o"),
    "checkin invitation": ("checkin", "invitation", "Template team", "-o"),
    "remind": ("remind", "--every", "week", "--on", "monday", "--at", "18:00", "-o"),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's folder made once by the CLI itself: a journal with a reflection, a backup,
    saved print settings, a user deck and a client's journal elsewhere."""
    root = tmp_path_factory.mktemp("template")
    user = User(root, root / "data", root / "home")
    steps = [
        ("journal", "add", "--card", "task", "--tag", "rota", "--text", "precious"),
        ("journal", "backup"),
        ("print", "deck", "trace", "-o", root / "deck.pdf"),
        ("--journal", root / "client.sqlite3", "journal", "add", "--card", "trust", "--text", "x"),
        ("checkin", "new", "trace", "--title", "Template team", "--min-group", "3", "-o", "i.json"),
        *(("checkin", "answer", "i.json", "-o", f"r{n}.json") for n in range(3)),
        ("checkin", "add", "Template team", "r0.json", "r1.json", "r2.json"),
        ("checkin", "close", "Template team"),
        ("checkin", "reopen", "Template team"),  # round 2 open, round 1 with results
    ]
    for argv in steps:
        result = user.run(*argv)
        assert result.code == 0, result.err
    (root / "i.json").rename(root / "invite.json")
    for n in range(3):
        (root / f"r{n}.json").unlink()
    deck = json.loads(user.run("decks", "export", "trace").out)
    deck["id"] = "mine"
    (user.data / "decks").mkdir()
    (user.data / "decks" / "mine.json").write_text(json.dumps(deck), encoding="utf-8")
    (user.data / "logs").mkdir(mode=0o700)
    (user.data / "logs" / "old-report.txt").write_text("an old report\n", encoding="utf-8")
    (root / "deck.pdf").unlink()
    return root


@pytest.fixture
def user(template: Path, tmp_path: Path) -> User:
    root = tmp_path / "u"
    shutil.copytree(template, root, symlinks=True)
    return User(root, root / "data", root / "home")


# ------------------------------------------------------------------ outputs LeadCards keeps


def _backup(user: User) -> Path:
    return next((user.data / "backups").rglob("*.sqlite3"))


def _link(user: User, to: Path, name: str = "link.pdf") -> Path:
    link = user.root / name
    link.symlink_to(to)
    return link


def _hard(user: User, to: Path) -> Path:
    link = user.root / "hard.pdf"
    os.link(to, link)
    return link


KEPT: dict[str, Callable[[User], Path]] = {
    "the journal": lambda u: u.journal,
    "its write-ahead log": lambda u: u.data / "journal.sqlite3-wal",
    "its shared memory": lambda u: u.data / "journal.sqlite3-shm",
    "its lock": lambda u: u.data / "journal.sqlite3.lock",
    "a backup": _backup,
    "a new file among the backups": lambda u: _backup(u).with_name("new.pdf"),
    "the print settings": lambda u: u.data / "config" / "print.json",
    "a file in the logs folder": lambda u: u.data / "logs" / "old-report.txt",
    "a user deck": lambda u: u.data / "decks" / "mine.json",
    "a link to the journal": lambda u: _link(u, u.journal),
    "a relative link to the journal": lambda u: _link(u, Path("data/journal.sqlite3")),
    "a link to a link to the journal": lambda u: _link(u, _link(u, u.journal, "first")),
    "a hard link to the journal": lambda u: _hard(u, u.journal),
    "a hard link to a backup": lambda u: _hard(u, _backup(u)),
    "the journal through ..": lambda u: u.data / "decks" / ".." / "journal.sqlite3",
    "another journal LeadCards does not know": lambda u: u.root / "client.sqlite3",
    "that journal's log": lambda u: u.root / "client.sqlite3-wal",
    "a link to that journal": lambda u: _link(u, u.root / "client.sqlite3"),
}


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("kept", KEPT)
def test_no_output_replaces_a_file_leadcards_keeps(user: User, command: str, kept: str) -> None:
    target = KEPT[kept](user)
    before = user.snapshot()
    existed = target.exists()
    result = user.run(*WRITERS[command], target)
    assert target.exists() == existed  # nothing made where it was not
    assert_refused(result, user, before)
    assert len(result.err.strip().splitlines()) == 1
    assert integrity_ok(user.root / "client.sqlite3")


@pytest.mark.parametrize("command", WRITERS)
def test_the_journal_chosen_with_journal_is_kept_too(user: User, command: str) -> None:
    client = user.root / "client.sqlite3"
    before = user.snapshot() | {client: client.read_bytes().hex()}
    result = user.run("--journal", client, *WRITERS[command], client)
    assert_refused(result, user, {p: h for p, h in before.items() if p != client})
    assert client.read_bytes().hex() == before[client]


@pytest.mark.parametrize("command", WRITERS)
def test_standard_output_that_is_the_journal_is_refused(user: User, command: str) -> None:
    before = user.snapshot()
    with user.journal.open("ab") as journal:
        done = subprocess.run(
            [sys.executable, "-m", "leadcards", *WRITERS[command], "-"],
            stdout=journal,
            stderr=subprocess.PIPE,
            env=user.env(),
            cwd=user.root,
            timeout=90,
        )
    result = Result(done.returncode, b"", done.stderr.decode())
    assert_refused(result, user, before)


# ------------------------------------------------------------------ special outputs


def _fifo(user: User) -> Path:
    path = user.root / "pipe.pdf"
    os.mkfifo(path)
    return path


def _socket(user: User) -> Path:
    path = user.root / "s.pdf"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


def _others_link(user: User) -> Path:
    """A link another user put in a shared folder (sticky, writable by all, as /tmp)."""
    victim = user.root / "victim.txt"
    victim.write_text("another user's file\n", encoding="utf-8")
    shared = user.root / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    link = shared / "planted.pdf"
    link.symlink_to(victim)
    os.chown(link, 4242, 4242, follow_symlinks=False)
    return link


SPECIAL: dict[str, Callable[[User], Path]] = {
    "a device": lambda u: Path("/dev/null"),
    "a pipe": _fifo,
    "a link to a pipe": lambda u: _link(u, _fifo(u)),
    "a socket": _socket,
    "a folder": lambda u: u.root,
    "a folder that does not exist": lambda u: u.root / "missing" / "x.pdf",
    "an empty name": lambda u: Path(""),
}
if hasattr(os, "geteuid") and os.geteuid() == 0:
    SPECIAL["a link another user planted"] = _others_link


# Outputs that are folders: a folder is what they write into.
FOLDER_WRITERS = {"print images"}
# Outputs that are two files: standard output cannot hold them.
TWO_FILE_WRITERS = {"print deck --separate-backs"}


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("special", SPECIAL)
def test_special_outputs_are_refused_without_hanging(
    user: User, command: str, special: str
) -> None:
    if special == "a folder" and command in FOLDER_WRITERS:
        pytest.skip("a folder is what this command writes into")
    target = SPECIAL[special](user)
    before = user.snapshot()
    result = user.run(*WRITERS[command], "" if special == "an empty name" else target, timeout=30)
    assert_refused(result, user, before)
    if special == "a link another user planted":
        assert (user.root / "victim.txt").read_text(encoding="utf-8") == "another user's file\n"


@pytest.mark.parametrize("command", sorted(set(WRITERS) - TWO_FILE_WRITERS))
def test_standard_output_and_a_pipe_still_work(user: User, command: str) -> None:
    result = user.run(*WRITERS[command], "-")
    assert result.code == 0, result.err
    starts = (b"%PDF", b"format,", b"BEGIN:VCALENDAR", b"PK\x03\x04")
    assert result.out.startswith(starts) or result.out.lstrip()[:1] in (b"{", b"#")


def _folder_with(user: User, name: str, to: Path, hard: bool = False) -> Path:
    """A folder of images in which one of the names the export will write is a link (or a
    hard link) to a file LeadCards keeps."""
    folder = user.root / "cards"
    folder.mkdir(exist_ok=True)
    if hard:
        os.link(to, folder / name)
    else:
        (folder / name).symlink_to(to)
    return folder


# Each output of the image export and of the two-file print-shop export, planted on a file
# LeadCards keeps: the words after the command, and the output named.
PLANTED: dict[str, Callable[[User], tuple[tuple[str, ...], Path]]] = {
    "an image that is a link to the journal": lambda u: (
        ("print", "images", "trace", "--card", "task", "--overwrite", "-o"),
        _folder_with(u, "01-task-back.png", u.journal),
    ),
    "an image that is a hard link to a backup": lambda u: (
        ("print", "images", "trace", "--card", "task", "--overwrite", "-o"),
        _folder_with(u, "01-task-front.png", _backup(u), hard=True),
    ),
    "a zip that is a link to the journal": lambda u: (
        ("print", "images", "trace", "--overwrite", "-o"),
        _link(u, u.journal, "cards.zip"),
    ),
    "a zip among the backups": lambda u: (
        ("print", "images", "trace", "-o"),
        _backup(u).with_name("cards.zip"),
    ),
    "the backs file a link to the journal": lambda u: (
        ("print", "deck", "trace", "--separate-backs", "-o"),
        _link(u, u.journal, "shop-backs.pdf").with_name("shop.pdf"),
    ),
    "the fronts file a link to a backup": lambda u: (
        ("print", "deck", "trace", "--separate-backs", "-o"),
        _link(u, _backup(u), "shop-fronts.pdf").with_name("shop.pdf"),
    ),
}


@pytest.mark.parametrize("planted", PLANTED)
def test_no_image_or_separate_file_replaces_a_file_leadcards_keeps(
    user: User, planted: str
) -> None:
    argv, target = PLANTED[planted](user)
    before = user.snapshot()
    files_before = sorted(user.root.rglob("*"))
    result = user.run(*argv, target)
    assert_refused(result, user, before)
    assert len(result.err.strip().splitlines()) == 1
    assert sorted(user.root.rglob("*")) == files_before  # nothing written beside it either


def test_planted_temporary_names_are_never_followed(user: User) -> None:
    """Links planted for the temporary names a writer might use (any process id) are
    never written through: the temporary file is made new, beside the target."""
    victim = user.root / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    for pid in range(os.getpid(), os.getpid() + 400):
        (user.root / f".export.json.{pid}.tmp").symlink_to(victim)
    result = user.run("journal", "export", "-o", user.root / "export.json")
    assert result.code == 0, result.err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert json.loads((user.root / "export.json").read_bytes())["entries"]
    assert stat.S_IMODE((user.root / "export.json").stat().st_mode) == 0o600


# ------------------------------------------------------------------ inputs

READERS = {
    "journal import": ("journal", "import"),
    "journal import --dry-run": ("journal", "import", "--dry-run"),
    "journal restore": ("journal", "restore"),
    "decks validate": ("decks", "validate"),
    "checkin add": ("checkin", "add", "Template team"),
    "checkin answer": ("checkin", "answer", "-o", "response.json"),
}


def _sparse(user: User, size: int) -> Path:
    path = user.root / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


BAD_INPUTS: dict[str, Callable[[User], Path]] = {
    "a pipe": _fifo,
    "a link to a pipe": lambda u: _link(u, _fifo(u)),
    "a link to /dev/zero": lambda u: _link(u, Path("/dev/zero")),
    "/dev/urandom": lambda u: Path("/dev/urandom"),
    "a socket": _socket,
    "a folder": lambda u: u.root,
    "a missing file": lambda u: u.root / "missing.json",
    "a file of 5 GB": lambda u: _sparse(u, 5 * 1024**3),
    "an empty file": lambda u: _write(u, b""),
    "binary junk": lambda u: _write(u, bytes(range(256)) * 64),
    "not UTF-8": lambda u: _write(u, b'{"format": "\xff\xfe"}'),
    "JSON nested deeply": lambda u: _write(u, b"[" * 100_000),
    "a PDF": lambda u: _write(u, b"%PDF-1.4\n" + b"0" * 1000),
    "an SQLite file that is not a journal": lambda u: _sqlite(u),
}


def _write(user: User, data: bytes) -> Path:
    path = user.root / "input.json"
    path.write_bytes(data)
    return path


def _sqlite(user: User) -> Path:
    path = user.root / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO entries (text) VALUES ('x')")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_bad_inputs_are_refused_quickly_with_the_journal_unchanged(
    user: User, command: str, bad: str
) -> None:
    source = BAD_INPUTS[bad](user)
    before = user.snapshot()
    result = user.run(*READERS[command], source, timeout=30)
    assert_refused(result, user, before)
    # the journal is not left locked or changed: it still lists its reflection
    listed = user.run("journal", "list")
    assert listed.code == 0 and "precious" in listed.text


def test_a_refused_import_makes_no_backup(user: User) -> None:
    backups = sorted((user.data / "backups").rglob("*.sqlite3"))
    bad = _write(user, b'{"format": "leadcards-journal/1", "entries": [{"uuid": 5}]}')
    result = user.run("journal", "import", bad)
    assert result.code != 0
    assert sorted((user.data / "backups").rglob("*.sqlite3")) == backups


def test_reading_a_reflection_from_standard_input_is_bounded(user: User) -> None:
    before = user.snapshot()
    result = user.run("journal", "add", "--card", "trace/task", stdin=b"x" * (9 * 1024 * 1024))
    assert_refused(result, user, before)
    result = user.run("journal", "add", "--card", "trace/task", stdin=b"\xff\xfe not UTF-8")
    assert_refused(result, user, before)


# ------------------------------------------------------------------ what reaches the terminal

HOSTILE_TEXT = "red\x1b[31m clear\x1b[2J csi\x9b31m bidi\u202eevil\u2066 bell\x07 cr\rend"
RAW = ("\x1b", "\x9b", "\u202e", "\u2066", "\x07", "\r")


def test_terminal_output_shows_control_characters_and_never_obeys_them(user: User) -> None:
    deck = json.loads((user.data / "decks" / "mine.json").read_text(encoding="utf-8"))
    deck["title"] = "Deck bidi\u202eevil\u2066"  # the loader refuses control characters
    (user.data / "decks" / "mine.json").write_text(json.dumps(deck), encoding="utf-8")
    added = user.run("journal", "add", "--card", "trace/task", "--text", HOSTILE_TEXT)
    assert added.code == 0, added.err
    for argv in (("decks",), ("journal", "list"), ("print", "deck", HOSTILE_TEXT, "-o", "x.pdf")):
        result = user.run(*argv)
        shown = result.text + result.err
        assert not any(char in shown for char in RAW), (argv, shown)
    listed = user.run("journal", "list", "--json")
    rows = [json.loads(line) for line in listed.text.splitlines()]
    assert not any(char in listed.text for char in RAW)
    assert HOSTILE_TEXT in [row["text"] for row in rows]  # JSON still carries the text whole
    exported = user.run("decks", "export", "mine")
    assert not any(char in exported.text for char in RAW)
    assert json.loads(exported.out)["title"] == deck["title"]


# ------------------------------------------------------------------ numbers and dates


@pytest.mark.parametrize(
    "argv",
    [
        ("print", "journal", "-o", "j.pdf", "--from", "0001-01-01"),
        ("print", "journal", "-o", "j.pdf", "--to", "9999-12-31"),
        ("journal", "list", "--limit", "99999999999999999999999"),
        ("journal", "list", "--limit", "-1"),
        ("print", "deck", "trace", "-o", "d.pdf", "--copies", "99999999999999"),
        ("print", "deck", "trace", "-o", "d.pdf", "--bleed", "nan"),
        ("print", "deck", "trace", "-o", "d.pdf", "--back-offset", "1e400,0"),
        ("print", "deck", "trace", "-o", "d.pdf", "--back-scale", "inf"),
    ],
)
def test_numbers_and_dates_out_of_range_are_refused_in_words(
    user: User, argv: tuple[str, ...]
) -> None:
    before = user.snapshot()
    result = user.run(*argv)
    assert_refused(result, user, before)


def test_a_negative_back_offset_is_accepted(user: User) -> None:
    result = user.run("print", "deck", "trace", "-o", "d.pdf", "--back-offset", "-5,-5")
    assert result.code == 0, result.err
    assert (user.root / "d.pdf").read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------ private files


def test_private_files_are_private_under_any_umask(user: User) -> None:
    shutil.rmtree(user.data / "config")
    shutil.rmtree(user.data / "logs")
    for argv in (
        ("print", "deck", "trace", "-o", "d.pdf"),
        ("journal", "export", "-o", "e.json"),
        ("print", "journal", "-o", "j.pdf"),
    ):
        result = user.run(*argv, umask=0)
        assert result.code == 0, result.err
    for private in ("data/config/print.json", "e.json", "j.pdf"):
        assert stat.S_IMODE((user.root / private).stat().st_mode) == 0o600, private
    assert stat.S_IMODE((user.data / "config").stat().st_mode) == 0o700


@pytest.fixture
def crashing(user: User) -> Callable[..., Result]:
    """Runs a command in a fresh process in which one core call fails with an exception
    whose message, arguments and file name hold a marker."""
    script = user.root / "crash_with_marker.py"
    script.write_text(
        "import sqlite3, sys\n"
        "import leadcards.journal.store, leadcards.cli\n"
        "kind = sys.argv.pop(1)\n"
        "def fail(*args, **kwargs):\n"
        "    text = 'MARKER-' + kind\n"
        "    errors = {\n"
        "        'sqlite': sqlite3.OperationalError(\n"
        "            f\"Could not decode column 'text' with text '{text}'\"),\n"
        "        'lookup': LookupError('/home/MARKER/clients/Jane.sqlite3 ' + text),\n"
        "        'unicode': UnicodeDecodeError('utf-8', text.encode(), 0, 1, text),\n"
        "        'value': ValueError('paragraph text ' + repr(args)[:200] + text),\n"
        "    }\n"
        "    raise errors[kind]\n"
        "leadcards.journal.store.Journal.entries = fail\n"
        "leadcards.journal.store.Journal.add_entry = fail\n"
        "sys.argv[0] = 'leadcards'\n"
        "sys.exit(leadcards.cli.main())\n",
        encoding="utf-8",
    )

    def run(kind: str, *argv: str) -> Result:
        done = subprocess.run(
            [sys.executable, str(script), kind, *argv],
            capture_output=True,
            env=user.env(),
            cwd=user.root,
            timeout=90,
        )
        return Result(done.returncode, done.stdout, done.stderr.decode())

    return run


@pytest.mark.parametrize("kind", ["sqlite", "lookup", "unicode", "value"])
def test_a_crash_report_holds_no_user_data(
    user: User, crashing: Callable[..., Result], kind: str
) -> None:
    marked = user.root / "MARKER-dir"
    marked.mkdir()
    shutil.copy(user.journal, marked / "MARKER-Jane.sqlite3")
    runs = [
        crashing(kind, "journal", "add", "--card", "trace/task", "--tag", "MARKER-tag",
                 "--text", "MARKER-text"),
        crashing(kind, "--journal", str(marked / "MARKER-Jane.sqlite3"), "journal", "list"),
        crashing(kind, "--data-dir", str(user.data), "journal", "add", "--card", "trace/task",
                 "--text=MARKER-equals", "--tag=MARKER-t"),
        crashing(kind, "journal", "list", "--limit", "5"),
    ]  # fmt: skip
    for result in runs:
        assert result.code == 1 and "something went wrong" in result.err, result.err
        assert "MARKER" not in result.err.replace(str(user.data), "")
    reports = user.crash_reports()
    assert len(reports) == len(runs)  # each its own name, even within one second
    for report in reports:
        text = report.read_text(encoding="utf-8")
        assert "MARKER" not in text, text
        assert "Traceback" in text and "(message withheld)" in text
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
    shapes = sorted(r.read_text(encoding="utf-8").splitlines()[1] for r in reports)
    assert "command: journal list --limit <value>" in shapes


# ------------------------------------------------------------------ a journal given by --journal


@pytest.mark.parametrize(
    "content",
    [b"", b"%PDF-1.4 not a journal", b"plain text\n", b"SQLite format 3\x00" + b"\x00" * 84],
)
def test_a_refused_journal_file_is_left_exactly_as_it_was(user: User, content: bytes) -> None:
    path = user.root / "not-a-journal.sqlite3"
    path.write_bytes(content)
    path.chmod(0o644)
    for argv in (("journal", "list"), ("journal", "add", "--card", "trace/task", "--text", "x")):
        result = user.run("--journal", path, *argv)
        assert result.code != 0 and "Traceback" not in result.err, result.err
        assert path.read_bytes() == content
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        assert not path.with_name(path.name + ".lock").exists()
        assert not user.crash_reports()


def test_a_pipe_as_the_journal_is_refused_without_hanging(user: User) -> None:
    pipe = _fifo(user)
    result = user.run("--journal", pipe, "journal", "list", timeout=30)
    assert result.code != 0 and "Traceback" not in result.err
    assert stat.S_ISFIFO(pipe.stat().st_mode)


# ------------------------------------------------------------------ imports and restores


def _time_text() -> st.SearchStrategy[str]:
    edges = st.sampled_from(
        [
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "1971-01-01T00:00:00Z",
            "2999-12-31T23:59:59.999999Z",
            "3000-01-01T00:00:00Z",
            "2024-01-01T00:00:00+23:59",
            "2024-01-01T00:00:00-23:59",
            "2024-06-30T23:59:60Z",
            "2024-01-01T00:00:00",
            "10000-01-01T00:00:00Z",
            "",
            "2024-02-30T00:00:00Z",
        ]
    )
    zones = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
        lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
    )
    spread = st.datetimes(
        min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=zones
    ).map(dt.datetime.isoformat)
    return st.one_of(edges, spread)


_HARD_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from([HOSTILE_TEXT, "\x00", "😀" * 3, "\ud800", "x" * 70, " ", "a\u0301\u200d"]),
)
_UUID = st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u).upper()),
    st.uuids().map(lambda u: "{" + str(u) + "}"),
    st.uuids().map(lambda u: u.urn),
    _HARD_TEXT,
)
_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _HARD_TEXT)
_LIKELY_TIME = st.datetimes(
    min_value=dt.datetime(1971, 1, 2),
    max_value=dt.datetime(2999, 12, 30),
    timezones=st.just(dt.UTC),
).map(dt.datetime.isoformat)
# Each record is a plausible one with at most one field hostile, so both what is refused
# and what is accepted (then read back in every way) are explored.
_PLAIN_ENTRY = {
    "uuid": st.uuids().map(str),
    "created": _LIKELY_TIME,
    "updated": _LIKELY_TIME,
    "deck_id": st.just("trace"),
    "card_id": st.sampled_from(["task", "route"]),
    "space": st.sampled_from(["self", "team", None]),
    "text": st.text(min_size=1, max_size=40).filter(lambda t: "\x00" not in t),
    "marks": st.just({}),
    "tags": st.lists(
        st.text(min_size=1, max_size=10).filter(lambda t: "\x00" not in t), max_size=3
    ),
}
_HOSTILE_ENTRY = {
    "uuid": _UUID,
    "created": _time_text(),
    "updated": _time_text(),
    "deck_id": st.one_of(st.none(), _HARD_TEXT, _VALUE),
    "card_id": st.one_of(st.none(), _HARD_TEXT, st.just("c" * 5000), _VALUE),
    "space": _VALUE,
    "text": st.one_of(_HARD_TEXT, _VALUE, st.just("x" * 2_000_001)),
    "marks": st.dictionaries(_HARD_TEXT, st.sampled_from(["tick", "plus", "nope"]), max_size=3),
    "tags": st.one_of(st.lists(_HARD_TEXT, max_size=4), st.just(["t"] * 10_000), _VALUE),
}


@st.composite
def _entry(draw: st.DrawFn) -> dict[str, object]:
    entry = {key: draw(strategy) for key, strategy in _PLAIN_ENTRY.items()}
    hostile = draw(st.sampled_from([None] * 6 + list(_HOSTILE_ENTRY)))
    if hostile is not None:
        entry[hostile] = draw(_HOSTILE_ENTRY[hostile])
    return entry


_ENTRY = _entry()
_PLAIN_CHECK = st.fixed_dictionaries(
    {
        "uuid": st.uuids().map(str),
        "taken": _LIKELY_TIME,
        "deck_id": st.just("system-leadership-behaviours"),
        "card_id": st.just("trust"),
        "space": st.sampled_from(["self", None]),
        "measure": st.just("scale"),
        "position": st.integers(-5, 5),
        "target": st.one_of(st.none(), st.integers(-5, 5)),
        "marks": st.just({}),
    }
)
_HOSTILE_CHECK = st.fixed_dictionaries(
    {
        "uuid": _UUID,
        "taken": _time_text(),
        "deck_id": _HARD_TEXT,
        "card_id": _HARD_TEXT,
        "space": st.sampled_from(["self", None, "x"]),
        "measure": st.sampled_from(["scale", "count", "other"]),
        "position": _VALUE,
        "target": _VALUE,
        "marks": st.just({}),
    }
)
_CHECK = st.one_of(_PLAIN_CHECK, _PLAIN_CHECK, _PLAIN_CHECK, _HOSTILE_CHECK)
_EXPORT = st.fixed_dictionaries(
    {
        "format": st.just("leadcards-journal/1"),
        "name": _HARD_TEXT,
        "exported": st.just("2026-01-01T00:00:00Z"),
        "entries": st.lists(_ENTRY, min_size=1, max_size=2),
        "checks": st.lists(_CHECK, max_size=1),
    }
)

# The ends of the world's time zones (POSIX names count the other way round).
EAST, WEST = "Etc/GMT-14", "Etc/GMT+12"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_EXPORT)
def test_whatever_an_import_accepts_survives_every_later_read(
    template: Path, document: dict[str, object]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "u"
        shutil.copytree(template, root, symlinks=True)
        user = User(root, root / "data", root / "home")
        source = root / "import.json"
        source.write_text(json.dumps(document), encoding="ascii")  # lone surrogates too
        before = user.snapshot()
        result = user.run("journal", "import", source)
        event("refused" if result.code else "accepted")
        if result.code != 0:
            assert_refused(result, user, before)
            return
        assert not user.crash_reports()
        for zone, argv in (
            (EAST, ("journal", "list")),
            (WEST, ("journal", "list", "--json")),
            (EAST, ("journal", "export", "--format", "markdown", "-o", "-")),
            (WEST, ("print", "journal", "-o", "-")),
        ):
            later = user.run(*argv, TZ=zone)
            assert later.code == 0, (argv, zone, later.err)
        assert not user.crash_reports() and integrity_ok(user.journal)


def _backup_with(user: User, statement: str) -> Path:
    """A copy of the user's newest backup with one statement run on it."""
    source = user.root / "doctored.sqlite3"
    shutil.copy(_backup(user), source)
    db = sqlite3.connect(source)
    db.execute(statement)
    db.commit()
    db.close()
    return source


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE entries SET text = CAST(x'fffe41' AS TEXT)",
        "UPDATE entries SET text = CAST(x'4100ff' AS TEXT)",
        "UPDATE entries SET created_utc = '9999-12-31T23:59:59.000000Z'",
        "UPDATE entries SET created_utc = '0001-01-01T00:00:00.000000Z'",
        "UPDATE entries SET updated_utc = '2024-13-45T99:99:99.000000Z'",
        "UPDATE entries SET uuid = 'not a uuid'",
        "UPDATE entries SET card_id = printf('%.100000c', 'x')",
        "UPDATE entries SET text = printf('%.2000001c', 'x')",
        "UPDATE entry_tags SET tag = CAST(x'ff' AS TEXT)",
        "UPDATE entry_tags SET tag = 'a' || char(0) || 'b'",
        "INSERT INTO meta (key, value) VALUES ('name', CAST(x'c0' AS TEXT))",
        "CREATE TRIGGER evil AFTER INSERT ON entries BEGIN DELETE FROM entries; END",
    ],
)
def test_a_restore_refuses_what_could_not_be_read_back(user: User, statement: str) -> None:
    source = _backup_with(user, statement)
    before = user.snapshot()
    result = user.run("journal", "restore", source)
    assert_refused(result, user, before)
    for zone in (EAST, WEST):
        listed = user.run("journal", "list", TZ=zone)
        assert listed.code == 0 and "precious" in listed.text


# ------------------------------------------------------------------ found by a probe from outside


def test_a_pipe_where_the_journal_keeps_its_working_data_never_sets_it_aside(user: User) -> None:
    os.mkfifo(user.data / "journal.sqlite3-shm")
    before = user.snapshot()
    result = user.run("journal", "list", timeout=30)
    assert_refused(result, user, before)
    assert "journal.sqlite3-shm" in result.err and user.journal.exists()
    assert not (user.data / "damaged").exists()


def test_journal_text_sent_to_a_terminal_is_shown_not_obeyed(user: User) -> None:
    added = user.run("journal", "add", "--card", "trace/task", "--text", HOSTILE_TEXT)
    assert added.code == 0, added.err
    for argv in (
        ("journal", "export", "-o", "-"),
        ("journal", "export", "--format", "markdown", "-o", "-"),
    ):
        main, other = pty.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "leadcards", *argv],
                stdout=other,
                stderr=subprocess.PIPE,
                env=user.env(),
                cwd=user.root,
                timeout=90,
            )
            os.close(other)
            other = -1
            shown = b""
            while True:
                try:
                    chunk = os.read(main, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
        finally:
            os.close(main)
            if other >= 0:
                os.close(other)
        assert done.returncode == 0, done.stderr
        text = shown.decode("utf-8")
        assert "precious" in text and "\\u001b" in text
        assert not any(char in text for char in RAW if char != "\r"), argv
    piped = user.run("journal", "export", "-o", "-")
    assert HOSTILE_TEXT in [e["text"] for e in json.loads(piped.out)["entries"]]  # a pipe: whole


@pytest.mark.skipif(os.geteuid() != 0, reason="needs another user's link (root makes one)")
def test_a_folder_link_another_user_planted_in_a_shared_folder_is_not_followed(user: User) -> None:
    shared = user.root / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    private = user.root / "private"
    private.mkdir(mode=0o700)
    (private / "target.json").write_text("victim\n", encoding="utf-8")
    (shared / "dir").symlink_to(private)
    os.chown(shared / "dir", 4242, 4242, follow_symlinks=False)
    before = user.snapshot()
    result = user.run("journal", "export", "-o", shared / "dir" / "target.json")
    assert_refused(result, user, before)
    assert "another user" in result.err
    assert (private / "target.json").read_text(encoding="utf-8") == "victim\n"


def _closed(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


@pytest.mark.parametrize(
    ("argv", "stream"),
    [
        (("decks",), "closed stdout"),
        (("journal", "list"), "closed stdout"),
        (("journal", "export", "-o", "-"), "closed stdout"),
        (("print", "calibration", "-o", "-"), "closed stdout"),
        (("journal", "add", "--card", "trace/task"), "closed stdin"),
        (("decks",), "full stdout"),
        (("journal", "list"), "full stdout"),
        (("decks", "export", "trace"), "full stdout"),
        (("print", "calibration", "-o", "-"), "full stdout"),
    ],
)
def test_a_closed_or_full_standard_stream_is_a_message_not_a_crash(
    user: User, argv: tuple[str, ...], stream: str
) -> None:
    before = user.snapshot()
    kwargs: dict[str, object] = {"stderr": subprocess.PIPE, "env": user.env(), "cwd": user.root}
    if stream == "closed stdout":
        kwargs["preexec_fn"] = _closed(1)
    elif stream == "closed stdin":
        kwargs["preexec_fn"] = _closed(0)
    else:
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full here")
        kwargs["stdout"] = open("/dev/full", "wb")  # noqa: SIM115
    try:
        done = subprocess.run([sys.executable, "-m", "leadcards", *argv], timeout=90, **kwargs)
    finally:
        if "stdout" in kwargs:
            kwargs["stdout"].close()
    result = Result(done.returncode, b"", done.stderr.decode())
    assert_refused(result, user, before)
    assert "standard" in result.err and len(result.err.strip().splitlines()) == 1


def test_a_saved_reflection_exits_0_even_with_standard_error_closed(user: User) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "leadcards", "journal", "add", "--card", "trace/task",
         "--text", "kept"],
        capture_output=False, stdout=subprocess.DEVNULL, env=user.env(), cwd=user.root,
        preexec_fn=_closed(2), timeout=90,
    )  # fmt: skip
    assert done.returncode == 0
    assert "kept" in user.run("journal", "list").text and not user.crash_reports()


def test_a_long_file_name_is_written(user: User) -> None:
    target = user.root / ("a" * 240 + ".json")
    result = user.run("journal", "export", "-o", target)
    assert result.code == 0, result.err
    assert json.loads(target.read_bytes())["entries"]


def test_a_deck_loaded_through_a_link_is_kept_too(user: User) -> None:
    outside = user.root / "mydeck.json"
    shutil.move(user.data / "decks" / "mine.json", outside)
    (user.data / "decks" / "linked.json").symlink_to(outside)
    before = user.snapshot() | {outside: outside.read_bytes().hex()}
    result = user.run("decks", "export", "trace", "-o", outside)
    assert result.code == 2 and "reads from" in result.err, result.err
    assert outside.read_bytes().hex() == before[outside]


@pytest.mark.parametrize(
    "change",
    [
        {"created": "2999-01-01T00:00:00Z", "updated": "1971-06-01T00:00:00Z"},
        {"marks": {f"i{number}": "tick" for number in range(1001)}},
    ],
)
def test_an_import_the_apps_own_writes_would_refuse_is_refused(
    user: User, change: dict[str, object]
) -> None:
    entry = {
        "uuid": "7b0ed4e4-8a56-4b0e-9f3a-1d6f1c2b3a4d",
        "created": "2024-01-01T00:00:00Z",
        "updated": "2024-01-01T00:00:00Z",
        "deck_id": "trace",
        "card_id": "task",
        "space": None,
        "text": "imported",
        "marks": {},
        "tags": [],
        **change,
    }
    source = user.root / "in.json"
    source.write_text(
        json.dumps(
            {"format": "leadcards-journal/1", "name": "x", "entries": [entry], "checks": []}
        ),
        encoding="utf-8",
    )
    before = user.snapshot()
    assert_refused(user.run("journal", "import", source), user, before)


def test_a_reader_that_goes_away_is_not_a_journal_problem(user: User) -> None:
    for _ in range(3):
        assert user.run("journal", "add", "--card", "trace/task", "--text", "x" * 60_000).code == 0
    for argv in (("journal", "list", "--json"), ("journal", "export", "-o", "-")):
        with subprocess.Popen(
            [sys.executable, "-m", "leadcards", *argv],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=user.env(), cwd=user.root,
        ) as reader:  # fmt: skip
            assert reader.stdout is not None and reader.stderr is not None
            reader.stdout.read(10)
            reader.stdout.close()  # as `| head -c 10` does
            err = reader.stderr.read().decode()
            reader.wait(timeout=60)
        assert "journal" not in err and "Traceback" not in err, err
        assert not user.crash_reports()


@pytest.mark.parametrize("page_size", [512, 65536])
def test_a_backup_with_other_pages_is_restored(user: User, page_size: int) -> None:
    """A good backup another tool wrote with pages of another size restores whole."""
    source = user.root / "other-pages.sqlite3"
    shutil.copy(_backup(user), source)
    db = sqlite3.connect(source, isolation_level=None)
    db.execute(f"PRAGMA page_size = {page_size}")
    db.execute("VACUUM")
    assert db.execute("PRAGMA page_size").fetchone()[0] == page_size
    db.close()
    added = user.run("journal", "add", "--card", "trace/task", "--text", "written later")
    assert added.code == 0
    result = user.run("journal", "restore", source)
    assert result.code == 0, result.err
    listed = user.run("journal", "list")
    assert "precious" in listed.text and "written later" not in listed.text
    assert integrity_ok(user.journal)
    assert not list(user.data.rglob(".restoring-*"))  # the resized copy is gone
