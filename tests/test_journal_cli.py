"""``leadcards journal``: add, list, export and import, with no network and private files."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from leadcards.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_from_text_and_stdin_then_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(
        capsys,
        "journal",
        "add",
        "--card",
        "trust",
        "--space",
        "team",
        "--tag",
        "rota",
        "--text",
        "Explained the rota decision.",
    )
    assert code == 0 and "on system-leadership-behaviours/trust" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("From standard input ✓\n"))
    assert run(capsys, "journal", "add", "--card", "trace/task")[0] == 0
    code, out, _ = run(capsys, "journal", "list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["card_id"], r["space"], r["text"]) for r in rows] == [
        ("task", None, "From standard input ✓\n"),
        ("trust", "team", "Explained the rota decision."),
    ]
    assert rows[1]["tags"] == ["rota"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--card", "nope", "--text", "x"], 'no card has the id "nope"'),
        (["--card", "trust", "--text", "  "], "the reflection is empty"),
        (["--card", "trust", "--text", "a\x00b"], "NUL character"),
    ],
)
def test_add_mistakes_get_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, "journal", "add", *argv)
    assert code == 2
    assert len(err.splitlines()) == 1 and message in err


def test_export_is_private_and_imports_into_another_journal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "journal", "add", "--card", "mindset", "--text", "Asked for challenge.")
    target = tmp_path / "export.json"
    assert run(capsys, "journal", "export", "-o", str(target))[0] == 0
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    other = tmp_path / "client.sqlite3"
    code, out, _ = run(
        capsys, "--journal", str(other), "journal", "import", str(target), "--dry-run"
    )
    assert code == 0 and out.startswith("Would import: 1 new reflections")
    code, out, _ = run(capsys, "--journal", str(other), "journal", "import", str(target))
    assert out.startswith("Imported: 1 new reflections")
    code, out, _ = run(capsys, "--journal", str(other), "journal", "list")
    assert "Asked for challenge." in out


def test_importing_a_broken_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "leadcards-journal/1", "entries": [{"uuid": 1}]}', encoding="utf-8")
    code, _, err = run(capsys, "journal", "import", str(bad))
    assert code == 2
    assert err.strip() == "leadcards: $.entries[0].uuid: expected text"


def test_a_journal_in_use_is_reported(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    from leadcards.journal.store import Journal

    data_dir.mkdir(parents=True, exist_ok=True)
    with Journal.open(data_dir / "journal.sqlite3"):
        code, _, err = run(capsys, "journal", "list")
    assert code == 2 and "open in another LeadCards window" in err


def test_no_network_connection_is_ever_attempted(
    capsys: pytest.CaptureFixture[str], network_attempts: list[str], tmp_path: Path
) -> None:
    export = tmp_path / "e.json"
    assert run(capsys, "journal", "add", "--card", "trust", "--text", "offline")[0] == 0
    assert run(capsys, "journal", "export", "-o", str(export))[0] == 0
    assert (
        run(capsys, "journal", "export", "-o", str(tmp_path / "e.md"), "--format", "markdown")[0]
        == 0
    )
    assert (
        run(capsys, "--journal", str(tmp_path / "x.sqlite3"), "journal", "import", str(export))[0]
        == 0
    )
    assert run(capsys, "decks")[0] == 0
    assert network_attempts == []
