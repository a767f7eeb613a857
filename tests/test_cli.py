"""The ``leadcards`` command: deck listing, export, validation, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leadcards import __version__
from leadcards.cli import main
from leadcards.deck import deck_to_dict, load_deck_file
from leadcards.library import builtin_deck


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"LeadCards {__version__}"


def test_decks_lists_id_title_and_card_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "decks")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "CARDS"]
    assert lines[1].split()[0] == "system-leadership-behaviours"
    assert lines[1].split()[-1] == "13"
    assert lines[1].split()[1:-1] == ["System", "Leadership", "Behaviours"]
    assert lines[2].split() == ["trace", "TRACE", "5"]


@pytest.mark.parametrize("deck_id", ["system-leadership-behaviours", "trace"])
def test_export_then_load_gives_the_same_deck(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, deck_id: str
) -> None:
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "decks", "export", deck_id, "-o", str(target))
    assert code == 0 and out == ""
    assert "Wrote" in err
    assert load_deck_file(target) == builtin_deck(deck_id)


def test_export_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decks", "export", "trace")
    assert code == 0
    document = json.loads(out)
    assert document["id"] == "trace"
    assert document["format"] == "leadcards-deck/2"  # with who may hear each question
    assert {p["audience"] for c in document["cards"] for p in c["prompts"]} <= {
        "group",
        "private",
    }
    assert document["questions"][0]["kind"] == "scaling"


def test_export_of_an_unknown_deck_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "decks", "export", "nope")
    assert code == 2 and out == ""
    assert (
        err == 'leadcards: no deck has the id "nope" (known: system-leadership-behaviours, trace)\n'
    )


def test_export_into_a_missing_folder_fails_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "decks", "export", "trace", "-o", str(tmp_path / "no" / "x.json"))
    assert code == 1
    assert err.startswith(f"leadcards: cannot write {tmp_path / 'no' / 'x.json'}: ")
    assert len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_validate_a_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(deck_to_dict(builtin_deck("trace"))), encoding="utf-8")
    code, out, err = run(capsys, "decks", "validate", str(good))
    assert code == 0 and err == ""
    assert out == (f'{good}: valid deck "TRACE" (id trace): 5 themes, 5 cards, 35 indicators\n')


def test_validate_lists_every_problem_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = deck_to_dict(builtin_deck("trace"))
    document["cards"][1]["theme"] = "nowhere"
    document["cards"][2]["indicator_groups"][0]["indicators"][3]["text"] = ""
    del document["source"]["credit"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(capsys, "decks", "validate", str(bad))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{bad}: 3 problem(s)",
        '  $.source: missing required key "credit"',
        '  $.cards[1].theme: no theme has the id "nowhere"',
        "  $.cards[2].indicator_groups[0].indicators[3].text: expected text, found an empty string",
    ]


def test_validate_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "decks", "validate", str(tmp_path / "missing.json"))
    assert code == 2
    assert "cannot read the file: no such file" in err


def test_user_decks_in_the_data_dir_are_listed_and_bad_ones_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    decks = tmp_path / "elsewhere" / "decks"
    decks.mkdir(parents=True)
    document = deck_to_dict(builtin_deck("trace"))
    document.update(id="team-trace", title="Team TRACE")
    (decks / "team.json").write_text(json.dumps(document), encoding="utf-8")
    (decks / "bad.json").write_text("{", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "elsewhere"), "decks")
    assert code == 0
    assert out.splitlines()[3].split() == ["team-trace", "Team", "TRACE", "5"]
    assert err.startswith(f"leadcards: skipped {decks / 'bad.json'}: $: not valid JSON")


def test_data_dir_option_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "decks", "--data-dir", str(tmp_path))
    assert code == 0 and "trace" in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["shuffle"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_unexpected_failure_becomes_one_line_and_a_crash_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    message = "MARKER-" + "boom"

    def explode(*_: object) -> None:
        raise RuntimeError(message)

    monkeypatch.setattr("leadcards.cli.load_library", explode)
    code, _, err = run(capsys, "decks")
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "something went wrong inside LeadCards; details are in" in err
    (report,) = (data_dir / "logs").glob("crash-*.txt")
    written = report.read_text(encoding="utf-8")
    assert "builtins.RuntimeError (message withheld)" in written
    assert "MARKER-boom" not in written


def test_a_crash_report_never_holds_reflection_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("leadcards.journal.store.Journal.add_entry", explode)
    secret = "my private reflection SECRET-4711"
    argv = ["journal", "add", "--card", "trust", "--text", secret]
    monkeypatch.setattr(sys, "argv", ["leadcards", *argv])
    code, _, _ = run(capsys, *argv)
    assert code == 1
    (report,) = (data_dir / "logs").glob("crash-*.txt")
    written = report.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in written and "--text <value>" in written
    assert "SECRET-4711" not in written


def test_python_dash_m_runs_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "LEADCARDS_DATA_DIR": str(tmp_path)}
    version = subprocess.run(
        [sys.executable, "-m", "leadcards", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert version.stdout.strip() == f"LeadCards {__version__}"
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "leadcards-deck/1", "id": "x", "id": "y"}')
    result = subprocess.run(
        [sys.executable, "-m", "leadcards", "decks", "validate", str(broken)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert 'the key "id" appears twice in one object' in result.stderr


def _leadcards(*argv: str, env_extra: dict[str, str] | None = None, **kwargs):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "leadcards", *argv], capture_output=True, env=env, **kwargs
    )


def test_export_to_stdout_is_utf8_whatever_the_console_encoding(tmp_path: Path) -> None:
    result = _leadcards(
        "decks",
        "export",
        "system-leadership-behaviours",
        env_extra={"PYTHONIOENCODING": "cp1252", "LEADCARDS_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0
    target = tmp_path / "out.json"
    target.write_bytes(result.stdout)
    assert load_deck_file(target) == builtin_deck("system-leadership-behaviours")


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "LEADCARDS_DATA_DIR": str(tmp_path)}
    with subprocess.Popen(
        [sys.executable, "-m", "leadcards", "decks", "export", "system-leadership-behaviours"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # before LeadCards has started writing
        err = child.stderr.read().decode()
        child.wait()
    assert "something went wrong" not in err and "Traceback" not in err
    assert not (tmp_path / "logs").exists()


def test_an_unknown_users_home_in_the_data_dir_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--data-dir", "~no-such-user-here/x", "decks"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "leadcards: cannot use that data folder: ~no-such-user-here/x: no such user's home folder\n"
    )


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_export_through_a_symlink_keeps_the_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["decks", "export", "trace", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert load_deck_file(real) == builtin_deck("trace")


def test_a_deck_file_on_the_command_line_opens_the_app_with_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from leadcards.ui import launch

    opened: list[tuple[object, object]] = []
    monkeypatch.setattr(launch, "run", lambda resolved, deck: opened.append((resolved, deck)) or 0)
    deck = tmp_path / "my deck.json"
    deck.write_text("{}")
    assert main(["--data-dir", str(tmp_path / "data"), str(deck)]) == 0
    assert opened[0][1] == deck and opened[0][0].data_dir == tmp_path / "data"


def test_a_missing_deck_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "nowhere/deck.json")
    assert code == 2 and out == ""
    assert err == "leadcards: nowhere/deck.json: no such deck file\n"
