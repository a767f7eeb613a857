"""Check-in invitations and responses as files, for a team answering on their own devices.

An **invitation** carries the check-in's id, its title, the deck's credit and the chosen
cards' own text and indicators (a participant may not have the deck). A **response**
carries the check-in's id, one person's ticks and positions, and a SHA-256 hash of those.
Both are strict JSON (``leadcards-checkin-invitation/1``, ``leadcards-checkin-response/1``)
read with the deck loader's guards (size, UTF-8, no duplicate keys, no NaN), and checked
whole: every problem is named, and a file with any is refused.

The hash catches a response damaged on its way (a cut-off mail attachment, a file edited
by hand); it does not prove who wrote it or stop a forged one, which anyone with the
invitation could make. A response names nobody and holds no time.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from leadcards.checkin.results import MIN_GROUP_FLOOR, Answer, minimum_group
from leadcards.deck import Card, Deck, DeckError, Polarity, parse_json
from leadcards.journal.model import SCALE, SPACES

INVITATION_FORMAT = "leadcards-checkin-invitation/1"
RESPONSE_FORMAT = "leadcards-checkin-response/1"
MAX_INVITATION_BYTES = 2 * 1024 * 1024
MAX_RESPONSE_BYTES = 256 * 1024
MAX_CARDS = 100
MAX_INDICATORS = 100  # on one card
MAX_ALL_INDICATORS = 1_000  # on all the cards of an invitation (the decks have 148 and 77)
MAX_TEXT = 2_000
MAX_MIN_GROUP = 1_000
_ID = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?", re.ASCII)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_HEX = re.compile(r"[0-9a-f]{64}", re.ASCII)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}", re.ASCII)


class CheckInFileError(ValueError):
    """A check-in file that cannot be used, with every problem found in it."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        listed = "; ".join(self.problems)
        super().__init__(f"{source} cannot be used, and nothing was changed: {listed}")


@dataclass(frozen=True)
class InvitedIndicator:
    indicator_id: str
    text: str
    polarity: str  # positive, negative or neutral (a checklist)


@dataclass(frozen=True)
class InvitedCard:
    card_id: str
    title: str
    summary: str
    indicators: tuple[InvitedIndicator, ...]
    theme: str = ""  # the title of the card's theme, for answering theme by theme
    colour: str = "#5a6570"  # the theme's colour, as #rrggbb


@dataclass(frozen=True)
class Invitation:
    checkin_id: str
    title: str
    deck_id: str
    deck_title: str
    credit: str  # the framework's authors, as the deck credits them
    space: str | None
    scaled: bool  # a position on the -5..+5 scale per card (the behaviours deck)
    min_group: int
    cards: tuple[InvitedCard, ...]


def new_checkin_id() -> str:
    return str(uuid.uuid4())


def asks_positions(cards: Sequence[Card]) -> bool:
    """A check-in over ``cards`` asks a position on the scale per card when they have
    positive and negative indicators (the behaviours deck), not on a checklist (TRACE)."""
    return any(
        group.polarity is not Polarity.NEUTRAL for card in cards for group in card.indicator_groups
    )


def invitation_for(
    deck: Deck,
    card_ids: Sequence[str] = (),
    *,
    title: str,
    space: str | None = None,
    min_group: int | None = None,
) -> Invitation:
    """A new check-in's invitation over ``deck``'s cards (all of them by default), with
    their own text and indicators. Positions on the scale are asked where the deck's cards
    have positive and negative indicators (the behaviours deck); a checklist deck (TRACE)
    asks for ticks alone."""
    cards = [deck.card(card_id) for card_id in card_ids] if card_ids else list(deck.cards)
    scaled = asks_positions(cards)
    return Invitation(
        checkin_id=new_checkin_id(),
        title=title,
        deck_id=deck.id,
        deck_title=deck.title,
        credit=deck.source.credit,
        space=space,
        scaled=scaled,
        min_group=minimum_group(min_group),
        cards=tuple(
            InvitedCard(
                card.id,
                card.title,
                card.summary,
                tuple(
                    InvitedIndicator(indicator.id, indicator.text, group.polarity.value)
                    for group, indicator in card.indicators()
                ),
                theme=deck.theme(card.theme).title,
                colour=deck.theme(card.theme).colour.lower(),
            )
            for card in cards
        ),
    )


# --------------------------------------------------------------------------- invitations


def invitation_json(invitation: Invitation) -> bytes:
    body = {
        "format": INVITATION_FORMAT,
        "checkin": invitation.checkin_id,
        "title": invitation.title,
        "deck": {
            "id": invitation.deck_id,
            "title": invitation.deck_title,
            "credit": invitation.credit,
        },
        "space": invitation.space,
        "scaled": invitation.scaled,
        "min_group": invitation.min_group,
        "cards": [
            {
                "id": card.card_id,
                "title": card.title,
                "theme": card.theme,
                "colour": card.colour,
                "summary": card.summary,
                "indicators": [
                    {"id": i.indicator_id, "text": i.text, "polarity": i.polarity}
                    for i in card.indicators
                ],
            }
            for card in invitation.cards
        ],
    }
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class _Reader:
    """Reads fields of a parsed file, noting every problem with where it is."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def object(self, value: Any, where: str, keys: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.problem(where, "must be an object")
            return {}
        for key in sorted(set(value) - keys):
            self.problem(f"{where}.{shown_key(key)}", "is not a field of this file")
        for key in sorted(keys - set(value)):
            self.problem(f"{where}.{key}", "is missing")
        return value

    def text(self, value: Any, where: str, *, most: int = MAX_TEXT, blank: bool = False) -> str:
        if not isinstance(value, str):
            self.problem(where, "must be text")
            return ""
        if len(value) > most:
            self.problem(where, f"is {len(value):,} characters; at most {most:,}")
        elif not blank and not value.strip():
            self.problem(where, "is empty")
        return value

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.problem(where, "must be an id: a-z, 0-9, '.', '_' or '-', at most 80")
            return ""
        return value

    def checkin(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not _UUID.fullmatch(value):
            self.problem(where, "must be an id made by LeadCards (a lowercase UUID)")
            return ""
        return value

    def array(self, value: Any, where: str, most: int) -> list[Any]:
        if not isinstance(value, list):
            self.problem(where, "must be a list")
            return []
        if len(value) > most:
            self.problem(where, f"has {len(value):,} items; at most {most:,}")
            return []
        return value


def _parsed(data: bytes, source: str, limit: int) -> Any:
    try:
        return parse_json(data, source, max_bytes=limit)
    except DeckError as exc:
        raise CheckInFileError(source, [str(p) for p in exc.problems]) from None


_KINDS = {
    INVITATION_FORMAT: "a check-in invitation",
    RESPONSE_FORMAT: "a check-in response",
}


def _refuse_other_format(parsed: Any, source: str, wanted: str) -> None:
    """A file of another kind is named as what it is, in one problem, not field by field."""
    found = parsed.get("format") if isinstance(parsed, dict) else None
    if found == wanted:
        return
    if isinstance(found, str) and found in _KINDS:
        what = f"it is {_KINDS[found]}"
    elif isinstance(found, str):
        what = f"its format is {found[:80]!r}"
    else:
        what = "it has no format field"
    raise CheckInFileError(source, [f"it is not {_KINDS[wanted]} ({what})"])


def read_invitation(data: bytes, source: str) -> Invitation:
    """An invitation file read and checked whole, or :class:`CheckInFileError`."""
    read = _Reader()
    keys = {"format", "checkin", "title", "deck", "space", "scaled", "min_group", "cards"}
    parsed = _parsed(data, source, MAX_INVITATION_BYTES)
    _refuse_other_format(parsed, source, INVITATION_FORMAT)
    top = read.object(parsed, "$", keys)
    deck = read.object(top.get("deck"), "$.deck", {"id", "title", "credit"})
    space = top.get("space")
    if space is not None and space not in SPACES:
        read.problem("$.space", f"must be one of {', '.join(SPACES)}, or null")
    scaled = top.get("scaled")
    if not isinstance(scaled, bool):
        read.problem("$.scaled", "must be true or false")
    min_group = top.get("min_group")
    if (
        not isinstance(min_group, int)
        or isinstance(min_group, bool)
        or not MIN_GROUP_FLOOR <= min_group <= MAX_MIN_GROUP
    ):
        read.problem("$.min_group", f"must be a whole number from {MIN_GROUP_FLOOR} to 1000")
        min_group = MIN_GROUP_FLOOR
    cards: list[InvitedCard] = []
    seen: set[str] = set()  # indicator ids
    seen_cards: set[str] = set()
    listed = read.array(top.get("cards"), "$.cards", MAX_CARDS)
    if "cards" in top and not listed:
        read.problem("$.cards", "must name at least one card")
    for number, raw in enumerate(listed):
        where = f"$.cards[{number}]"
        card = read.object(raw, where, {"id", "title", "theme", "colour", "summary", "indicators"})
        colour = card.get("colour")
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            read.problem(f"{where}.colour", "must be a colour as #rrggbb")
            colour = "#5a6570"
        indicators = []
        listed_here = read.array(card.get("indicators"), f"{where}.indicators", MAX_INDICATORS)
        for n, item in enumerate(listed_here):
            at = f"{where}.indicators[{n}]"
            fields = read.object(item, at, {"id", "text", "polarity"})
            indicator_id = read.ident(fields.get("id"), f"{at}.id")
            if indicator_id and indicator_id in seen:
                read.problem(f"{at}.id", f'"{indicator_id}" appears twice')
            seen.add(indicator_id)
            polarity = fields.get("polarity")
            if polarity not in ("positive", "negative", "neutral"):
                read.problem(f"{at}.polarity", "must be positive, negative or neutral")
            indicators.append(
                InvitedIndicator(
                    indicator_id, read.text(fields.get("text"), f"{at}.text"), str(polarity)
                )
            )
        card_id = read.ident(card.get("id"), f"{where}.id")
        if card_id and card_id in seen_cards:
            read.problem(f"{where}.id", f'"{card_id}" appears twice')
        seen_cards.add(card_id)
        cards.append(
            InvitedCard(
                card_id,
                read.text(card.get("title"), f"{where}.title", most=300),
                read.text(card.get("summary"), f"{where}.summary", blank=True),
                tuple(indicators),
                theme=read.text(card.get("theme"), f"{where}.theme", most=300, blank=True),
                colour=colour.lower(),
            )
        )
    total = sum(len(card.indicators) for card in cards)
    if total > MAX_ALL_INDICATORS:
        read.problem("$.cards", f"hold {total:,} indicators; at most {MAX_ALL_INDICATORS:,}")
    invitation = Invitation(
        checkin_id=read.checkin(top.get("checkin"), "$.checkin"),
        title=read.text(top.get("title"), "$.title", most=300),
        deck_id=read.ident(deck.get("id"), "$.deck.id"),
        deck_title=read.text(deck.get("title"), "$.deck.title", most=300),
        credit=read.text(deck.get("credit"), "$.deck.credit"),
        space=space if isinstance(space, str) else None,
        scaled=bool(scaled),
        min_group=min_group,
        cards=tuple(cards),
    )
    if read.problems:
        raise CheckInFileError(source, read.problems)
    return invitation


# --------------------------------------------------------------------------- responses


def _body(checkin_id: str, response_id: str, answer: Answer) -> dict[str, Any]:
    return {
        "checkin": checkin_id,
        "response": response_id,
        "ticks": sorted(answer.ticks),
        "positions": {card: answer.positions[card] for card in sorted(answer.positions)},
    }


def answer_hash(checkin_id: str, response_id: str, answer: Answer) -> str:
    """The SHA-256 of a response's content, the same however it is laid out. The
    response's own random id is part of it, so two people who give the same answers send
    two responses, each counted once."""
    canonical = json.dumps(
        _body(checkin_id, response_id, answer),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def response_json(checkin_id: str, answer: Answer, response_id: str | None = None) -> bytes:
    """A response file for one person's answer, with a new random id unless one is given."""
    response_id = response_id or str(uuid.uuid4())
    body = {"format": RESPONSE_FORMAT, **_body(checkin_id, response_id, answer)}
    body["hash"] = answer_hash(checkin_id, response_id, answer)
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def answer_problems(invitation: Invitation, answer: Answer) -> list[str]:
    """What keeps ``answer`` from being one to ``invitation``: ticks of indicators it does
    not ask about, positions it does not ask for or off the scale (empty when none)."""
    read = _Reader()
    _check_ticks(read, invitation, sorted(answer.ticks))
    _check_positions(read, invitation, dict(answer.positions))
    return read.problems


def _check_ticks(read: _Reader, invitation: Invitation, listed: list[Any]) -> set[str]:
    indicators = {i.indicator_id for card in invitation.cards for i in card.indicators}
    ticks: set[str] = set()
    for n, tick in enumerate(listed):
        if not isinstance(tick, str) or tick not in indicators:
            what = f'"{shown_key(tick)}"' if isinstance(tick, str) else "it"
            read.problem(f"$.ticks[{n}]", f"{what} is not an indicator of this check-in's cards")
        elif tick in ticks:
            read.problem(f"$.ticks[{n}]", f'"{tick}" appears twice')
        else:
            ticks.add(tick)
    return ticks


def _check_positions(
    read: _Reader, invitation: Invitation, raw: Mapping[Any, Any]
) -> dict[str, int]:
    positions: dict[str, int] = {}
    low, high = SCALE
    cards = {card.card_id for card in invitation.cards}
    if raw and not invitation.scaled:
        read.problem("$.positions", "this check-in asks for no positions")
    for card_id, value in raw.items():
        where = f"$.positions.{shown_key(card_id)}"
        if card_id not in cards:
            listed = ", ".join(sorted(cards))
            read.problem(where, f"is not a card of this check-in (its cards: {listed})")
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            read.problem(where, f"must be a whole number from {low} to {high}")
            continue
        positions[card_id] = value
    return positions


def shown_key(value: str) -> str:
    """A name taken from a file, as a message shows it: on one line, control characters
    escaped, at most 60 characters."""
    escaped = json.dumps(value, ensure_ascii=False)[1:-1]
    return escaped if len(escaped) <= 60 else escaped[:59] + "…"


def response_key(checkin_id: str, response_id: str) -> str:
    """What a journal keeps of a response it counted: a hash of the response's own id,
    so it is counted once however it is laid out, or if its answers were changed."""
    return hashlib.sha256(f"{checkin_id}/{response_id}".encode("ascii")).hexdigest()


def read_response(data: bytes, source: str, invitation: Invitation) -> tuple[str, Answer]:
    """A response to ``invitation`` read and checked whole: the key that counts it once
    (:func:`response_key`) and its answer; or :class:`CheckInFileError`."""
    read = _Reader()
    keys = {"format", "checkin", "response", "ticks", "positions", "hash"}
    parsed = _parsed(data, source, MAX_RESPONSE_BYTES)
    _refuse_other_format(parsed, source, RESPONSE_FORMAT)
    top = read.object(parsed, "$", keys)
    checkin_id = read.checkin(top.get("checkin"), "$.checkin")
    if checkin_id and checkin_id != invitation.checkin_id:
        read.problem("$.checkin", f"is another check-in's, not {invitation.title!r}")
    response_id = read.checkin(top.get("response"), "$.response")
    listed = read.array(top.get("ticks"), "$.ticks", MAX_ALL_INDICATORS)
    ticks = _check_ticks(read, invitation, listed)
    raw = top.get("positions")
    if not isinstance(raw, dict):
        read.problem("$.positions", "must be an object")
        raw = {}
    answer = Answer(frozenset(ticks), _check_positions(read, invitation, raw))
    stated = top.get("hash")
    if not isinstance(stated, str) or not _HEX.fullmatch(stated):
        read.problem("$.hash", "must be a SHA-256 hash (64 hexadecimal digits)")
    elif not read.problems and stated != answer_hash(checkin_id, response_id, answer):
        read.problem("$.hash", "does not match the answers: the file was changed or damaged")
    if read.problems or not isinstance(stated, str):
        raise CheckInFileError(source, read.problems)
    return response_key(checkin_id, response_id), answer


def answer_text(answer: Answer) -> str:
    """An answer as a journal keeps it in an open round: ticks and positions, nothing else."""
    return json.dumps(
        {
            "ticks": sorted(answer.ticks),
            "positions": {k: answer.positions[k] for k in sorted(answer.positions)},
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def answer_from_text(text: str) -> Answer:
    """An answer read back from :func:`answer_text`; ``ValueError`` for anything else."""
    try:
        data = json.loads(text)
        ticks = data["ticks"]
        positions = data["positions"]
        if (
            set(data) != {"ticks", "positions"}
            or not isinstance(ticks, list)
            or not all(isinstance(t, str) for t in ticks)
            or not isinstance(positions, dict)
            or not all(type(v) is int for v in positions.values())
        ):
            raise ValueError("not an answer")
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        raise ValueError(f"an answer that cannot be read ({exc})") from None
    return Answer(frozenset(ticks), positions)
