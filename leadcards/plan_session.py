"""A session plan being run: which step it is on, the cards of each step, what was captured.

A :class:`PlanSession` walks a :class:`~leadcards.plans.Plan` over the deck in use: Next and
Back move between steps, each step's cards are resolved from its card action (the step
before's, chosen, drawn or dealt at random, a theme's, the most recent temperature check's,
lowest position first, or named), and what the user writes at a step (notes, a commitment
being typed, the commitments kept) stays in the session whichever way they move, so Back
never loses anything and leaving mid-plan keeps it all. The session keeps nothing on disk:
whoever runs it persists commitments as they are made (``add_commitment``) and the run's
step (``set_step``). Each step with a timer has its own :class:`StepTimer`, paused where it
was left. Plain Python, no Qt: the step panel and the presenter show it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from leadcards import limits
from leadcards.commitments import CommitmentError, clean_commitment_text
from leadcards.deck import Deck, Question, QuestionKind
from leadcards.journal.model import TemperatureCheck
from leadcards.library import BUILTIN_DECK_IDS, builtin_deck
from leadcards.plans import MAX_COUNT, Plan, Step
from leadcards.temperature import readings

ONE_MINUTE = 60  # a step's timer says so, and turns amber, in its last minute


class PlanSessionError(Exception):
    """A plan that cannot be run on this deck, or a move it does not allow, said in words."""


@dataclass(frozen=True)
class KeptCommitment:
    """A commitment made at a step: "I will …", its due date, the step's cards."""

    text: str
    due: dt.date | None
    card_ids: tuple[str, ...]
    step: int


@dataclass
class CapturedStep:
    """What the user wrote at one step: kept here whichever way they move."""

    notes: str = ""
    commitment: str = ""  # being typed, not kept yet
    due: dt.date | None = None  # the due date chosen for it
    kept: list[KeptCommitment] = field(default_factory=list)


class StepTimer:
    """A step's countdown, Qt-free: started, paused and resumed, read from ``clock``.

    It says "One minute left" (for a timer longer than a minute) and "Time is up" once each,
    through :meth:`news`; once the time is up it stops, and starting it again starts over.
    """

    def __init__(self, seconds: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._counted = 0.0  # seconds counted before the current run
        self._since: float | None = None
        self._said: set[str] = set()

    @property
    def running(self) -> bool:
        if self._since is not None and self.elapsed() >= self.seconds:
            self.pause()  # the time is up: it stops of itself
        return self._since is not None

    @property
    def started(self) -> bool:
        return self._since is not None or self._counted > 0

    def elapsed(self) -> float:
        now = self.clock() - self._since if self._since is not None else 0.0
        return min(self._counted + now, float(self.seconds))

    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    @property
    def over(self) -> bool:
        return self.remaining() <= 0

    def start(self) -> None:
        """Count down from where it was paused; from the full time once it is over."""
        if self.over:
            self._counted = 0.0
            self._said.clear()
        if self._since is None:
            self._since = self.clock()

    def pause(self) -> None:
        if self._since is not None:
            self._counted = min(self._counted + self.clock() - self._since, float(self.seconds))
            self._since = None

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def shown(self) -> str:
        """The time left as mm:ss, counted up to the next whole second ("04:00", "00:01")."""
        left = math.ceil(self.remaining())
        return f"{left // 60:02d}:{left % 60:02d}"

    def level(self) -> str:
        """ "" while there is time, "warn" in the last minute, "over" when the time is up."""
        if self.over:
            return "over"
        if self.seconds > ONE_MINUTE and self.remaining() <= ONE_MINUTE:
            return "warn"
        return ""

    def news(self) -> str | None:
        """What to say aloud now, once each: "One minute left", then "Time is up"."""
        level = self.level()
        message = {"warn": "One minute left", "over": "Time is up"}.get(level)
        if message is None or message in self._said:
            return None
        self._said.update({"One minute left", message})  # never the minute after the end
        return message


def latest_positions(deck: Deck, checks: Iterable[TemperatureCheck]) -> dict[str, int]:
    """The most recent temperature check on ``deck``: each card's latest position (the
    ``last_check`` a session takes), in deck order, cards never placed left out."""
    return {
        reading.card.id: reading.latest.position
        for reading in readings(deck, checks)
        if reading.latest is not None
    }


class PlanSession:
    """A plan being run over one deck. Raises :class:`PlanSessionError` when the plan is
    written for another deck ("This plan is written for TRACE; choose that deck first")."""

    def __init__(
        self,
        plan: Plan,
        deck: Deck,
        *,
        rng: random.Random | None = None,
        last_check: Mapping[str, int] | None = None,
        clock: Callable[[], float] = time.monotonic,
        decks: Mapping[str, Deck] | None = None,
    ) -> None:
        if plan.deck is not None and plan.deck != deck.id:
            other = decks.get(plan.deck) if decks else None
            name = other.title if other is not None else _builtin_title(plan.deck)
            raise PlanSessionError(f"This plan is written for {name}; choose that deck first")
        self.plan = plan
        self.deck = deck
        self.rng = rng or random.Random()
        self.last_check: dict[str, int] = dict(last_check or {})
        self.step_index = 0
        self.finished = False
        self.space: str | None = None  # the space chosen (TRACE's choose-space)
        self.run_uuid: str | None = None  # the journal's record of this run, if kept
        self.captured: dict[int, CapturedStep] = {i: CapturedStep() for i in range(len(self))}
        self.timers: dict[int, StepTimer] = {
            i: StepTimer(step.timer, clock)
            for i, step in enumerate(plan.steps)
            if step.timer is not None
        }
        self._chosen: dict[int, list[str]] = {}
        self._dealt: dict[int, list[str]] = {}  # draw and deal: drawn once, then kept
        self._card_ids = {card.id for card in deck.cards}

    # ------------------------------------------------------------------ where it is

    def __len__(self) -> int:
        return len(self.plan.steps)

    @property
    def step(self) -> Step:
        return self.plan.steps[self.step_index]

    @property
    def is_first(self) -> bool:
        return self.step_index == 0

    @property
    def is_last(self) -> bool:
        return self.step_index == len(self) - 1

    def position(self) -> str:
        """ "Step 2 of 5"."""
        return f"Step {self.step_index + 1} of {len(self)}"

    def next(self) -> int:
        if self.is_last:
            raise PlanSessionError("This is the last step: finish the plan instead")
        self._leave_step()
        self.step_index += 1
        return self.step_index

    def back(self) -> int:
        if self.is_first:
            raise PlanSessionError("This is the first step")
        self._leave_step()
        self.step_index -= 1
        return self.step_index

    def finish(self) -> None:
        if not self.is_last:
            raise PlanSessionError("Finish from the last step")
        self._leave_step()
        self.finished = True

    def _leave_step(self) -> None:
        timer = self.timer()
        if timer is not None:
            timer.pause()  # kept where it was, for Back

    def timer(self, index: int | None = None) -> StepTimer | None:
        """The step's countdown (this step's by default), or None for a step without one."""
        return self.timers.get(self.step_index if index is None else index)

    # ------------------------------------------------------------------ cards

    @property
    def cards(self) -> list[str]:
        """The card ids of the current step."""
        return self.resolve(self.step_index)

    def resolve(self, index: int) -> list[str]:
        """The card ids of step ``index``, as its card action says."""
        return self._resolve(index)[0]

    def card_notes(self, index: int | None = None) -> list[str]:
        """What a step's cards left out and why, in words (a card the deck lacks, no
        temperature check yet…)."""
        return self._resolve(self.step_index if index is None else index)[1]

    def _resolve(self, index: int) -> tuple[list[str], list[str]]:
        if not 0 <= index < len(self):
            raise IndexError(index)
        action = self.plan.steps[index].cards
        deck = self.deck
        match action.action:
            case "same":
                return (self.resolve(index - 1) if index > 0 else []), []
            case "choose":
                return list(self._chosen.get(index, [])), []
            case "draw" | "deal":
                if index in self._chosen:
                    return list(self._chosen[index]), []
                if index not in self._dealt:
                    count = min(action.count, len(deck.cards))
                    self._dealt[index] = [c.id for c in self.rng.sample(deck.cards, count)]
                return list(self._dealt[index]), []
            case "theme":
                theme = action.theme or ""
                if theme not in {t.id for t in deck.themes}:
                    return [], [f'{deck.title} has no theme "{theme}": no cards for this step']
                return [card.id for card in deck.cards_in_theme(theme)], []
            case "last-check" | "lowest-first":
                placed = [card.id for card in deck.cards if card.id in self.last_check]
                notes = _not_in(deck, [c for c in self.last_check if c not in self._card_ids])
                if not placed:
                    notes.append("No temperature check on this deck yet: take one first")
                if action.action == "lowest-first":
                    placed = sorted(placed, key=lambda c: self.last_check[c])[: action.count]
                return placed, notes
            case "named":
                named = list(dict.fromkeys(action.cards))
                return [c for c in named if c in self._card_ids], _not_in(
                    deck, [c for c in named if c not in self._card_ids]
                )
        return [], [f'"{action.action}" is not a card action LeadCards knows']

    def choose(self, card_ids: Sequence[str]) -> list[str]:
        """The cards chosen for this step (a choose step; a draw or deal step takes chosen
        cards instead of the random ones). Each must be the deck's, at most 20; none
        clears the choice. Returns the cards now on the step."""
        action = self.step.cards.action
        if action not in ("choose", "draw", "deal"):
            raise PlanSessionError("This step's cards are set by the plan, not chosen")
        if isinstance(card_ids, str):
            raise PlanSessionError("Give the chosen cards as a list of card ids")
        unknown = [c for c in card_ids if c not in self._card_ids]
        if unknown:
            raise PlanSessionError("; ".join(_not_in(self.deck, unknown, left_out=False)))
        chosen = list(dict.fromkeys(card_ids))
        if len(chosen) > MAX_COUNT:
            raise PlanSessionError(f"Choose at most {MAX_COUNT} cards")
        if chosen or action == "choose":
            self._chosen[self.step_index] = chosen
        else:
            self._chosen.pop(self.step_index, None)  # back to the cards drawn
        return self.cards

    def set_last_check(self, positions: Mapping[str, int]) -> None:
        """The most recent temperature check changed (the plan's own check was just taken)."""
        self.last_check = dict(positions)

    def choose_space(self, space_id: str | None) -> None:
        if space_id is not None and space_id not in {s.id for s in self.deck.spaces}:
            raise PlanSessionError(f'{self.deck.title} has no space "{space_id}"')
        self.space = space_id

    # ------------------------------------------------------------------ captured

    def questions(self) -> tuple[Question, ...]:
        """The deck's coaching questions that fit this step, by what it captures: the
        scaling question where a position is taken, strengths and another's view where
        something is written, a next step and support where a commitment is made. A team
        plan is run in front of colleagues, so it offers only the group-safe ones."""
        step = self.step
        kinds: list[QuestionKind] = []
        if "position" in step.captures or step.does == "temperature-check":
            kinds.append(QuestionKind.SCALING)
        if {"reflection", "notes", "ticks"} & set(step.captures):
            kinds += [QuestionKind.STRENGTHS, QuestionKind.PERSPECTIVE]
        if "commitment" in step.captures:
            kinds += [QuestionKind.NEXT_STEP, QuestionKind.RESOURCES]
        asked = self.deck.group_questions() if self.plan.audience == "team" else self.deck.questions
        return tuple(q for kind in kinds for q in asked if q.kind is kind)

    @property
    def here(self) -> CapturedStep:
        """What was captured at the current step."""
        return self.captured[self.step_index]

    def keep_commitment(self, text: str, due: dt.date | None = None) -> KeptCommitment:
        """Record a commitment made at this step, from this step's cards; the typed text
        is cleared. Whoever runs the plan keeps it in the journal."""
        if "commitment" not in self.step.captures:
            raise PlanSessionError("This step does not ask for a commitment")
        try:
            cleaned = clean_commitment_text(text)
        except CommitmentError as exc:
            raise PlanSessionError(_sentence(str(exc))) from None
        if due is not None and not limits.date_in_range(due):
            raise PlanSessionError(f"A due date is {limits.describe_range()}")
        kept = KeptCommitment(cleaned, due, tuple(self.cards), self.step_index)
        self.here.kept.append(kept)
        self.here.commitment, self.here.due = "", None
        return kept

    def commitments(self) -> list[KeptCommitment]:
        """Every commitment kept in this run, step by step."""
        return [kept for i in range(len(self)) for kept in self.captured[i].kept]


def _not_in(deck: Deck, card_ids: Iterable[str], *, left_out: bool = True) -> list[str]:
    tail = ": left out" if left_out else ""
    return [f'{deck.title} has no card "{card_id}"{tail}' for card_id in card_ids]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _builtin_title(deck_id: str) -> str:
    """A built-in deck's title (for the refusal), else its id."""
    return builtin_deck(deck_id).title if deck_id in BUILTIN_DECK_IDS else deck_id
