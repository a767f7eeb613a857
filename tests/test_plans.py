"""Session plans as data: the built-in plans load and write back the same, a plan file is
read whole with every problem named, and a bad plan is listed and skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leadcards.library import builtin_decks
from leadcards.plans import (
    BUILTIN_PLAN_IDS,
    FORMAT,
    PlanError,
    builtin_plans,
    load_plan_bytes,
    load_plans,
    plan_json,
)
from tests.hostile import User

DECKS = {deck.id: deck for deck in builtin_decks()}


def test_the_built_in_plans_load_and_write_back_the_same() -> None:
    plans = builtin_plans(DECKS)
    assert [p.id for p in plans] == list(BUILTIN_PLAN_IDS)
    assert {p.audience for p in plans} == {"solo", "one-to-one", "team"}
    for plan in plans:
        assert plan.author == "LeadCards" and plan.builtin  # the built-in plans say so
        again = load_plan_bytes(plan_json(plan).encode(), plan.id, DECKS, builtin=True)
        assert again == plan
    by_id = {p.id: p for p in plans}
    trace = by_id["trace-in-one-space"]
    assert [s.cards.cards for s in trace.steps[1:]] == [
        (c.id,) for c in DECKS["trace"].cards
    ]  # the five conditions, one step each
    assert by_id["team-check-in-with-a-spread"].steps[2].does == "start-checkin"
    assert by_id["one-to-one-coaching"].steps[0].does == "review-commitments"


def _plan(**changes: Any) -> dict[str, Any]:
    plan = json.loads(plan_json(builtin_plans(DECKS)[0]))
    plan.update(changes)
    return plan


def _refused(document: Any, decks: Any = DECKS) -> str:
    with pytest.raises(PlanError) as caught:
        load_plan_bytes(json.dumps(document).encode(), "plan.json", decks)
    return caught.value.describe()


def test_every_problem_of_a_hostile_plan_is_named() -> None:
    text = _refused(
        _plan(
            format="leadcards-deck/1",
            id="Not An Id",
            title=5,
            minutes=10**9,
            steps=[
                {"title": "", "instruction": "x", "timer": 10**9, "extra": 1},
                {
                    "title": "Named",
                    "instruction": "x",
                    "cards": {"action": "named", "cards": ["nope", "trust"]},
                    "captures": ["reflection", "reflection", "dreams"],
                    "does": "launch",
                },
                {"title": "Theme", "instruction": "x", "cards": {"action": "theme"}},
                {"title": "Deal", "instruction": "x", "cards": {"action": "deal", "count": 0}},
            ],
            deck="system-leadership-behaviours",
            colour="#fff",
        )
    )
    for expected in (
        '$.format: expected "leadcards-plan/1"',
        "$.id: expected an id",
        "$.title: expected text, found the number 5",
        "$.minutes: expected a whole number from 1 to 480",
        "$.steps[0].title: expected text, found an empty string",
        "$.steps[0].timer: expected a whole number from 10 to 14,400",
        '$.steps[0].extra: unknown key "extra"',
        '$.steps[1].cards.cards[0]: System Leadership Behaviours has no card "nope"',
        '$.steps[1].captures[1]: "reflection" is named twice',
        '$.steps[1].captures[2]: expected one of "reflection"',
        '$.steps[1].does: expected one of "review-commitments"',
        '$.steps[2].cards: "theme" needs "theme"',
        "$.steps[3].cards.count: expected a whole number from 1 to 20",
        '$.colour: unknown key "colour"',
    ):
        assert expected in text, expected


def test_a_plan_for_a_deck_that_is_not_there_is_refused() -> None:
    assert 'no deck has the id "nowhere"' in _refused(_plan(deck="nowhere"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[" * 100_000,
        b'{"format": "leadcards-plan/1", "format": "x"}',
        b" " * (3 * 1024 * 1024),
        b'{"minutes": NaN}',
        "\ufeff{".encode(),
        b"\xff\xfe",
    ],
)
def test_files_that_are_not_plans_are_refused_in_words(data: bytes) -> None:
    with pytest.raises(PlanError) as caught:
        load_plan_bytes(data, "plan.json", DECKS)
    assert caught.value.problems


def test_a_bad_plan_in_the_folder_is_listed_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a-good.json").write_text(json.dumps(_plan(id="mine", title="Mine")), "utf-8")
    (folder / "b-bad.json").write_text(json.dumps(_plan(id="bad", steps=[])), "utf-8")
    (folder / "c-taken.json").write_text(json.dumps(_plan()), "utf-8")
    (folder / "d-folder.json").mkdir()
    library = load_plans(folder, DECKS.values())
    assert library.ids() == (*BUILTIN_PLAN_IDS, "mine")
    problems = {Path(p.source).name: p.summary() for p in library.problems}
    assert set(problems) == {"b-bad.json", "c-taken.json"}
    assert "at least one entry" in problems["b-bad.json"]
    assert "a built-in plan's id" in problems["c-taken.json"]


def test_the_command_line_lists_validates_and_exports_plans(tmp_path: Path) -> None:
    user = User(tmp_path, tmp_path / "data", tmp_path / "home")
    listed = user.run("plans")
    assert listed.code == 0 and all(plan_id in listed.text for plan_id in BUILTIN_PLAN_IDS)
    exported = user.run("plans", "export", "one-to-one-coaching", "-o", "mine.json")
    assert exported.code == 0, exported.err
    document = json.loads((tmp_path / "mine.json").read_text("utf-8"))
    assert document["format"] == FORMAT
    document["id"] = "my-coaching"
    (tmp_path / "data" / "plans").mkdir(parents=True)
    (tmp_path / "data" / "plans" / "my.json").write_text(json.dumps(document), "utf-8")
    assert "my-coaching" in user.run("plans").text
    (tmp_path / "bad.json").write_text(json.dumps(_plan(minutes=0)), "utf-8")
    refused = user.run("plans", "validate", "bad.json")
    assert refused.code == 2 and "$.minutes" in refused.err and "Traceback" not in refused.err
    taken = user.run("plans", "validate", "mine.json")  # still the built-in plan's id
    assert taken.code == 2 and "a built-in plan's id; give your plan its own" in taken.err
    valid = user.run("plans", "validate", tmp_path / "data" / "plans" / "my.json")
    assert valid.code == 0 and "valid plan" in valid.text
    missing = user.run("plans", "export", "nope")
    assert missing.code == 2 and 'no plan has the id "nope"' in missing.err


def test_a_named_step_names_a_card_and_a_users_plan_names_no_author_unless_it_says() -> None:
    text = _refused(
        _plan(steps=[{"title": "x", "instruction": "x", "cards": {"action": "named", "cards": []}}])
    )
    assert "name at least one card" in text
    mine = _plan(id="mine")
    del mine["author"]
    plan = load_plan_bytes(json.dumps(mine).encode(), "mine.json", DECKS)
    assert plan.author == "" and "author" not in json.loads(plan_json(plan))
