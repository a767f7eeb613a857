"""User decks load beside the built-in ones; a bad one is reported and skipped, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

from leadcards.deck import deck_to_dict
from leadcards.library import builtin_deck, load_library


def _write_user_deck(folder: Path, name: str, **changes: object) -> Path:
    document = deck_to_dict(builtin_deck("trace"))
    document.update(changes)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def test_builtin_decks_without_a_user_folder(tmp_path: Path) -> None:
    library = load_library(tmp_path / "does-not-exist")
    assert library.ids() == ("system-leadership-behaviours", "trace")
    assert library.problems == ()


def test_valid_user_deck_loads_and_invalid_ones_are_skipped(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    _write_user_deck(decks, "mine.json", id="my-trace", title="My TRACE")
    _write_user_deck(decks, "broken.json", id="broken", themes="none")
    (decks / "garbage.json").write_bytes(b"\x00\xff not json")
    (decks / "notes.txt").write_text("ignored", encoding="utf-8")
    library = load_library(decks)
    assert library.ids() == ("system-leadership-behaviours", "trace", "my-trace")
    assert sorted(Path(p.source).name for p in library.problems) == ["broken.json", "garbage.json"]
    broken = next(p for p in library.problems if p.source.endswith("broken.json"))
    assert "$.themes: expected a list, found the text" in broken.summary()


def test_user_deck_cannot_replace_a_builtin_deck(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    _write_user_deck(decks, "impostor.json", title="Not the real TRACE")
    library = load_library(decks)
    assert library.deck("trace").title == "TRACE"
    (problem,) = library.problems
    assert 'a deck with the id "trace" is already loaded from built-in deck trace' in str(problem)


def test_a_deck_file_opened_directly_joins_the_library_or_says_why_not(tmp_path: Path) -> None:
    from leadcards.library import with_deck_file

    library = load_library(None)
    mine = _write_user_deck(tmp_path, "mine.json", id="my-trace", title="My TRACE")
    added, shown = with_deck_file(library, mine)
    assert shown == "my-trace" and added.ids()[-1] == "my-trace" and added.problems == ()
    # The built-in deck, exported and opened again, is the same deck: shown, not doubled.
    same = _write_user_deck(tmp_path, "trace.json")
    again, shown = with_deck_file(library, same)
    assert shown == "trace" and again.ids() == library.ids()
    # Another deck under a built-in id, or a broken file, is a problem to show instead.
    clash = _write_user_deck(tmp_path, "clash.json", title="Not TRACE at all")
    kept, shown = with_deck_file(library, clash)
    assert shown is None and kept.ids() == library.ids()
    assert 'a different deck with the id "trace"' in kept.problems[0].describe()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    kept, shown = with_deck_file(library, broken)
    assert shown is None and "broken.json" in kept.problems[0].describe()
