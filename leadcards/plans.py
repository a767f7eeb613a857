"""Session plans: the shape of a reflection or a coaching session, as data.

A plan (``leadcards-plan/1``, documented in ``docs/plan-format.md``) has a title, who it is
for, an estimated length and steps. A step has a title, an instruction, an optional timer,
what it does with cards (choose, draw at random, deal some, every card of a theme, the
cards of the most recent temperature check, lowest position first, or named cards), what
it captures (a reflection, indicator ticks, a temperature position, a commitment, notes)
and, for some, one thing more it does (review the last commitments, start a team
check-in…). LeadCards ships five plans; users add their own in the data folder's
``plans`` folder. A plan is read whole by one typed loader that names every problem, as a
deck file is: a bad plan is listed with its problems and skipped, never half-loaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadcards import resources
from leadcards.deck import (
    MAX_FILE_BYTES,
    MISSING,
    Deck,
    DeckError,
    Problem,
    Reader,
    parse_json,
)
from leadcards.fileio import UserFileError, read_bytes

FORMAT = "leadcards-plan/1"
BUILTIN_PLAN_IDS = (
    "ten-minutes-with-one-card",
    "one-to-one-coaching",
    "team-check-in-with-a-spread",
    "preparing-for-an-appraisal",
    "trace-in-one-space",
)
AUDIENCES = ("solo", "one-to-one", "team")
CARD_ACTIONS = ("same", "choose", "draw", "deal", "theme", "last-check", "lowest-first", "named")
CAPTURES = ("reflection", "ticks", "position", "commitment", "notes")
DOES = (
    "review-commitments",
    "temperature-check",
    "start-checkin",
    "pick-evidence",
    "appraisal-pdf",
    "choose-space",
)
MAX_STEPS = 30
MAX_TIMER = 4 * 60 * 60  # seconds: a step's timer, at most four hours
MAX_MINUTES = 8 * 60
MAX_COUNT = 20  # cards dealt or drawn in one step
MAX_USER_PLANS = 200


class PlanError(DeckError):
    """A plan file that cannot be used, with every problem found in it."""


@dataclass(frozen=True)
class CardAction:
    """What a step does with cards. ``same``: the cards of the step before."""

    action: str = "same"
    count: int = 1  # draw, deal, lowest-first: how many
    theme: str | None = None  # theme: which one
    cards: tuple[str, ...] = ()  # named: which cards


@dataclass(frozen=True)
class Step:
    title: str
    instruction: str
    timer: int | None = None  # seconds
    cards: CardAction = field(default_factory=CardAction)
    captures: tuple[str, ...] = ()
    does: str | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    audience: str  # solo, one-to-one or team
    minutes: int  # the estimated length
    summary: str
    steps: tuple[Step, ...]
    deck: str | None = None  # the deck it is written for (None: the deck in use)
    author: str = ""  # who wrote the plan (the built-in ones: LeadCards), if it says
    builtin: bool = False


@dataclass(frozen=True)
class PlanLibrary:
    plans: tuple[Plan, ...]
    problems: tuple[PlanError, ...] = ()

    def plan(self, plan_id: str) -> Plan:
        for plan in self.plans:
            if plan.id == plan_id:
                return plan
        raise KeyError(plan_id)

    def ids(self) -> tuple[str, ...]:
        return tuple(plan.id for plan in self.plans)


# --------------------------------------------------------------------------- reading


_REQUIRED = {"format", "id", "title", "for", "minutes", "summary", "steps"}
_OPTIONAL = {"deck", "author"}
_STEP_REQUIRED = {"title", "instruction"}
_STEP_OPTIONAL = {"timer", "cards", "captures", "does"}


def parse_plan(
    document: Any, source: str, decks: Mapping[str, Deck] | None = None, *, builtin: bool = False
) -> Plan:
    """A plan from a parsed JSON document, or :class:`PlanError` naming every problem.
    With ``decks``, a deck the plan names must be one of them, and its themes and cards
    the deck's."""
    r = Reader()
    d = r.obj(document, "$", _REQUIRED, _OPTIONAL)
    if d.get("format", MISSING) is not MISSING and d.get("format") != FORMAT:
        r.problem("$.format", f'expected "{FORMAT}" (this is not a LeadCards session plan)')
    plan_id = r.ident(d.get("id", MISSING), "$.id")
    deck_id = r.ident(d["deck"], "$.deck") if "deck" in d else None
    deck = None
    if deck_id and decks is not None:
        deck = decks.get(deck_id)
        if deck is None:
            known = ", ".join(sorted(decks))
            r.problem("$.deck", f'no deck has the id "{deck_id}" (known: {known})')
    steps = [
        _step(r, raw, f"$.steps[{n}]", deck)
        for n, raw in enumerate(r.array(d.get("steps", MISSING), "$.steps", allow_empty=False))
    ]
    if len(steps) > MAX_STEPS:
        r.problem("$.steps", f"a plan has at most {MAX_STEPS} steps; this has {len(steps)}")
    plan = Plan(
        id=plan_id,
        title=r.text(d.get("title", MISSING), "$.title", max_len=200),
        audience=r.choice(d.get("for", MISSING), "$.for", list(AUDIENCES)),
        minutes=_whole(r, d.get("minutes", MISSING), "$.minutes", 1, MAX_MINUTES),
        summary=r.text(d.get("summary", MISSING), "$.summary", max_len=2_000),
        steps=tuple(steps),
        deck=deck_id,
        author=r.text(d["author"], "$.author", max_len=200) if "author" in d else "",
        builtin=builtin,
    )
    if r.problems:
        raise PlanError(source, r.problems)
    return plan


def _whole(r: Reader, value: Any, path: str, low: int, high: int) -> int:
    if value is MISSING:
        return low
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        r.problem(path, f"expected a whole number from {low:,} to {high:,}, found {_shown(value)}")
        return low
    return value


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _step(r: Reader, raw: Any, path: str, deck: Deck | None) -> Step:
    s = r.obj(raw, path, _STEP_REQUIRED, _STEP_OPTIONAL)
    timer = _whole(r, s["timer"], f"{path}.timer", 10, MAX_TIMER) if "timer" in s else None
    captures: list[str] = []
    for n, item in enumerate(r.array(s.get("captures", []), f"{path}.captures")):
        chosen = r.choice(item, f"{path}.captures[{n}]", list(CAPTURES))
        if chosen in captures:
            r.problem(f"{path}.captures[{n}]", f'"{chosen}" is named twice')
        captures.append(chosen)
    does = r.choice(s["does"], f"{path}.does", list(DOES)) if "does" in s else None
    return Step(
        title=r.text(s.get("title", MISSING), f"{path}.title", max_len=200),
        instruction=r.text(s.get("instruction", MISSING), f"{path}.instruction", max_len=2_000),
        timer=timer,
        cards=_cards(r, s["cards"], f"{path}.cards", deck) if "cards" in s else CardAction(),
        captures=tuple(captures),
        does=does,
    )


def _cards(r: Reader, raw: Any, path: str, deck: Deck | None) -> CardAction:
    c = r.obj(raw, path, {"action"}, {"count", "theme", "cards"})
    action = r.choice(c.get("action", MISSING), f"{path}.action", list(CARD_ACTIONS))
    wanted = {
        "count": action in ("draw", "deal", "lowest-first"),
        "theme": action == "theme",
        "cards": action == "named",
    }
    for key, needed in wanted.items():
        if needed and key not in c and c:
            r.problem(path, f'"{action}" needs "{key}"')
        elif not needed and key in c:
            r.problem(f"{path}.{key}", f'"{action}" takes no "{key}"')
    count = _whole(r, c["count"], f"{path}.count", 1, MAX_COUNT) if "count" in c else 1
    theme = r.ident(c["theme"], f"{path}.theme") if "theme" in c else None
    if theme and deck is not None and theme not in {t.id for t in deck.themes}:
        r.problem(f"{path}.theme", f'{deck.title} has no theme "{theme}"')
    cards: list[str] = []
    for n, card_id in enumerate(r.array(c.get("cards", []), f"{path}.cards")):
        where = f"{path}.cards[{n}]"
        card_id = r.ident(card_id, where)
        if card_id and deck is not None and card_id not in {card.id for card in deck.cards}:
            r.problem(where, f'{deck.title} has no card "{card_id}"')
        cards.append(card_id)
    if len(cards) > MAX_COUNT:
        r.problem(f"{path}.cards", f"a step names at most {MAX_COUNT} cards")
    if action == "named" and "cards" in c and not cards:
        r.problem(f"{path}.cards", "name at least one card")
    return CardAction(action, count, theme, tuple(cards))


def load_plan_bytes(
    data: bytes, source: str, decks: Mapping[str, Deck] | None = None, *, builtin: bool = False
) -> Plan:
    try:
        document = parse_json(data, source, max_bytes=MAX_FILE_BYTES)
    except DeckError as exc:
        raise PlanError(source, exc.problems) from None
    return parse_plan(document, source, decks, builtin=builtin)


def load_plan_file(path: Path, decks: Mapping[str, Deck] | None = None) -> Plan:
    """A plan file read through the guarded reader (a regular file, not too large). A
    user's plan may not take a built-in plan's id."""
    try:
        data = read_bytes(path, limit=MAX_FILE_BYTES, what="plan file")
    except UserFileError as exc:
        raise PlanError(str(path), [Problem("$", f"cannot read the file: {exc.reason}")]) from None
    plan = load_plan_bytes(data, str(path), decks)
    if plan.id in BUILTIN_PLAN_IDS:
        raise PlanError(
            str(path),
            [Problem("$.id", f'"{plan.id}" is a built-in plan\'s id; give your plan its own')],
        )
    return plan


def builtin_plans(decks: Mapping[str, Deck] | None = None) -> tuple[Plan, ...]:
    return tuple(
        load_plan_bytes(
            resources.file("plans", f"{plan_id}.json").read_bytes(),
            f"built-in plan {plan_id}",
            decks,
            builtin=True,
        )
        for plan_id in BUILTIN_PLAN_IDS
    )


def load_plans(plans_dir: Path | None, decks: Iterable[Deck]) -> PlanLibrary:
    """The built-in plans, then the user's valid plans (``*.json`` in ``plans_dir``, in name
    order); a plan that cannot be used, or whose id is taken, is in ``problems`` instead."""
    by_id = {deck.id: deck for deck in decks}
    plans = list(builtin_plans(by_id))
    problems: list[PlanError] = []
    taken = {plan.id: "a built-in plan" for plan in plans}
    try:
        files = sorted(p for p in plans_dir.glob("*.json") if p.is_file()) if plans_dir else []
    except OSError:
        files = []
    for index, path in enumerate(files):
        if index >= MAX_USER_PLANS:
            left = len(files) - index
            problems.append(
                PlanError(
                    str(path),
                    [
                        Problem(
                            "$",
                            f"only {MAX_USER_PLANS} plan files are read; this and "
                            f"{left - 1} more after it (in name order) were not",
                        )
                    ],
                )
            )
            break
        try:
            plan = load_plan_file(path, by_id)
        except PlanError as exc:
            problems.append(exc)
            continue
        if plan.id in taken:
            problems.append(
                PlanError(str(path), [Problem("$.id", f'"{plan.id}" is {taken[plan.id]}\'s id')])
            )
            continue
        taken[plan.id] = str(path)
        plans.append(plan)
    return PlanLibrary(tuple(plans), tuple(problems))


# --------------------------------------------------------------------------- writing


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready document in the ``leadcards-plan/1`` format."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "id": plan.id,
        "title": plan.title,
        "for": plan.audience,
        "minutes": plan.minutes,
        "summary": plan.summary,
    }
    if plan.deck is not None:
        out["deck"] = plan.deck
    if plan.author:
        out["author"] = plan.author
    steps = []
    for step in plan.steps:
        item: dict[str, Any] = {"title": step.title, "instruction": step.instruction}
        if step.timer is not None:
            item["timer"] = step.timer
        if step.cards != CardAction():
            cards: dict[str, Any] = {"action": step.cards.action}
            if step.cards.action in ("draw", "deal", "lowest-first"):
                cards["count"] = step.cards.count
            if step.cards.theme is not None:
                cards["theme"] = step.cards.theme
            if step.cards.cards:
                cards["cards"] = list(step.cards.cards)
            item["cards"] = cards
        if step.captures:
            item["captures"] = list(step.captures)
        if step.does is not None:
            item["does"] = step.does
        steps.append(item)
    out["steps"] = steps
    return out


def plan_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"
