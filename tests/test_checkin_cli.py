"""``leadcards checkin``: a whole check-in from the command line, each command a fresh
process as a script or a user runs it, with mistakes refused in words and nothing changed."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from tests.hostile import User, assert_refused

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX files and modes")


@pytest.fixture
def user(tmp_path: Path) -> User:
    root = tmp_path / "u"
    root.mkdir()
    return User(root, root / "data", root / "home")


def _ok(user: User, *argv: str | Path) -> str:
    result = user.run(*argv)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return result.text


def test_a_behaviours_check_in_from_invitation_to_results(user: User) -> None:
    checkin_id = _ok(
        user,
        "checkin",
        "new",
        "system-leadership-behaviours",
        "--card",
        "trust",
        "--card",
        "mindset",
        "--title",
        "Ward 7 <b>&amp; 🙂",
        "-o",
        "invite.json",
    ).strip()
    invitation = json.loads((user.root / "invite.json").read_text(encoding="utf-8"))
    assert invitation["checkin"] == checkin_id and [c["id"] for c in invitation["cards"]] == [
        "trust",
        "mindset",
    ]
    answers = user.root / "answers"
    answers.mkdir()
    for n, position in enumerate((-2, 0, 1, 3, 3)):
        _ok(
            user,
            "checkin",
            "answer",
            "invite.json",
            "--tick",
            "trust.p1",
            "--position",
            f"trust={position}",
            "-o",
            answers / f"r{n}.json",
        )
        assert (answers / f"r{n}.json").stat().st_mode & 0o077 == 0  # private to the user
    added = user.run("checkin", "add", "Ward 7 <b>&amp; 🙂", answers, answers / "r0.json")
    assert added.code == 0 and "5 responses counted, 1 counted before" in added.text
    early = user.run("checkin", "results", checkin_id)
    assert early.code != 0 and "still collecting answers (5 so far)" in early.err
    assert "Closed round 1" in _ok(user, "checkin", "close", checkin_id)
    found = json.loads(_ok(user, "checkin", "results", checkin_id, "--json"))
    (trust,) = [p for p in found["positions"] if p["card"] == "trust"]
    assert (found["people"], trust["median"], trust["middle_half"]) == (5, 1, [0, 3])
    assert trust["counts"]["3"] == 2 and sum(trust["counts"].values()) == 5
    share = {i["indicator"]: i["share"] for i in found["indicators"]}
    assert share["trust.p1"] == 1.0 and share["trust.n1"] == 0.0
    text = _ok(user, "checkin", "results", checkin_id)
    assert "median +1, middle half +0 to +3" in text and "narrow down others'" in text
    _ok(user, "checkin", "export", checkin_id, "-o", "round.csv")
    rows = list(csv.DictReader(io.StringIO((user.root / "round.csv").read_text("utf-8"))))
    assert {r["title"] for r in rows} == {"Ward 7 <b>&amp; 🙂"}
    closed = user.run("checkin", "add", checkin_id, answers / "r1.json")
    assert closed.code != 0 and "closed; reopen it" in closed.err
    assert "Round 2" in _ok(user, "checkin", "reopen", checkin_id)
    again = user.run("checkin", "add", checkin_id, answers)
    assert again.code == 0 and "0 responses counted, 5 counted before" in again.text


def test_a_trace_check_in_is_about_the_team_and_asks_only_ticks(user: User) -> None:
    _ok(user, "checkin", "new", "trace", "--title", "Board", "-o", "invite.json")
    invitation = json.loads((user.root / "invite.json").read_text(encoding="utf-8"))
    assert invitation["space"] == "team" and invitation["scaled"] is False
    refused = user.run("checkin", "answer", "invite.json", "--position", "task=1", "-o", "r.json")
    assert refused.code != 0 and "asks for no positions" in refused.err
    assert not (user.root / "r.json").exists()
    listed = [json.loads(line) for line in _ok(user, "checkin", "list", "--json").splitlines()]
    assert [(c["title"], c["rounds"][0]["people"]) for c in listed] == [("Board", 0)]


def test_mistakes_are_named_and_change_nothing(user: User) -> None:
    _ok(user, "checkin", "new", "trace", "--title", "Same", "-o", "a.json")
    _ok(user, "checkin", "new", "trace", "--title", "Same", "-o", "b.json")
    before = user.snapshot()
    ambiguous = user.run("checkin", "close", "Same")
    assert_refused(ambiguous, user, before)
    assert "2 check-ins are called 'Same'; give the id" in ambiguous.err
    for argv, message in (
        (("checkin", "new", "nope", "-o", "c.json"), 'no deck has the id "nope"'),
        (("checkin", "new", "trace", "--card", "x", "-o", "c.json"), "has no card 'x'"),
        (("checkin", "new", "trace", "--min-group", "2", "-o", "c.json"), "at least 3"),
        (("checkin", "new", "trace", "--space", "moon", "-o", "c.json"), "no space 'moon'"),
        (("checkin", "answer", "a.json", "--tick", "no.such", "-o", "r.json"), "not an indi"),
        (
            ("checkin", "answer", "a.json", "--tick", "task.i1", "-o", "a.json"),
            "a.json is a file this command reads",
        ),
        (("checkin", "answer", "a.json", "--position", "task", "-o", "r.json"), "not CARD=N"),
        (("checkin", "close", "Nothing like it"), "no check-in in this journal"),
        (("checkin", "results", "Same", "--round", "0"), "from 1 to 1000"),
    ):
        result = user.run(*argv)
        assert_refused(result, user, before)
        assert message in result.err, (argv, result.err)
    assert not (user.root / "c.json").exists() and not (user.root / "r.json").exists()
    listed = _ok(user, "checkin", "list").splitlines()
    assert len(listed) == 2  # no check-in was started by a refused command


def test_closing_below_the_minimum_is_refused_unless_asked_and_keeps_no_figures(
    user: User,
) -> None:
    checkin_id = _ok(user, "checkin", "new", "trace", "--title", "Small", "-o", "i.json").strip()
    for n in range(2):
        _ok(user, "checkin", "answer", "i.json", "--tick", "task.i1", "-o", f"r{n}.json")
    _ok(user, "checkin", "add", checkin_id, "r0.json", "r1.json")
    refused = user.run("checkin", "close", checkin_id)
    assert refused.code != 0 and "2 of the minimum 5 have answered" in refused.err
    said = _ok(user, "checkin", "close", checkin_id, "--without-results")
    assert "no results, and its answers were dropped" in said
    none = user.run("checkin", "results", checkin_id)
    assert none.code != 0 and "fewer than its minimum of 5, so it has no results" in none.err
