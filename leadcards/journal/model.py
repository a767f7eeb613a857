"""What a journal holds, apart from how it is stored: the reflections (``Entry``), the
temperature checks, drafts and marks, the limits every one of them keeps, and the
validation (the ``clean_*`` functions) that every way in (the app, the CLI, an import, a
backup) holds them to. No SQLite here: the temperature check, the worksheets and the PDFs
use these types without loading the store.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
import uuid as uuidlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from leadcards.limits import describe_range, time_in_range

SPACES = ("self", "team", "organisation", "system")
MAX_TEXT_CHARS = 2_000_000  # a reflection's text
MAX_TAG_CHARS = 60  # one tag
MAX_TAGS = 50  # tags on one reflection (or draft)
MAX_ID_CHARS = 80  # a deck, card or indicator id: the deck files' rule
MAX_NAME_CHARS = 255  # a journal's name (a file name's length)
MAX_MARKS = 1_000  # marks on one reflection or check (a card has a few dozen indicators)
SCALE = (-5, 5)


class JournalError(Exception):
    """A journal that cannot be used as asked; the message says why in plain words."""


class JournalLockedError(JournalError):
    pass


class JournalTooNewError(JournalError):
    pass


class JournalDamagedError(JournalError):
    pass


class Mark(StrEnum):
    """A user's mark on an indicator: a tick, or plus/minus for behaviour indicators."""

    TICK = "tick"
    PLUS = "plus"
    MINUS = "minus"


def mark_for(polarity: str) -> Mark:
    """The mark a tick makes on an indicator: plus on a positive behaviour indicator, minus
    on a negative one, a plain tick on a checklist."""
    return {"positive": Mark.PLUS, "negative": Mark.MINUS}.get(polarity, Mark.TICK)


@dataclass(frozen=True)
class Entry:
    uuid: str
    created: dt.datetime
    updated: dt.datetime
    text: str
    deck_id: str | None = None
    card_id: str | None = None
    space: str | None = None
    marks: Mapping[str, Mark] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemperatureCheck:
    """A dated position for one card. ``measure`` is "scale" (the behaviours' -5 to +5, zero
    in the middle) or "count" (how many of a TRACE condition's indicators are in place)."""

    uuid: str
    taken: dt.datetime
    deck_id: str
    card_id: str
    position: int
    target: int | None = None
    space: str | None = None
    marks: Mapping[str, Mark] = field(default_factory=dict)
    measure: str = "scale"


@dataclass(frozen=True)
class Draft:
    key: str
    text: str
    space: str | None
    marks: Mapping[str, Mark]
    updated: dt.datetime
    tags: tuple[str, ...] = ()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def time_to_db(moment: dt.datetime) -> str:
    """A time as the journal keeps it: UTC, to the microsecond, text that sorts in order."""
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def time_from_db(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- validation
#
# Every value a journal keeps passes one of these, whichever way it comes in: typed in the
# app or the CLI, merged from an import, or found in a backup being restored (see
# leadcards/backup.py). Each raises JournalError saying what is wrong, never repeating more
# than a few dozen characters of the value.

_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 40
_SHOWN.maxlist = _SHOWN.maxdict = _SHOWN.maxlevel = 3


def shown(value: object) -> str:
    """A value as a message may quote it: short, whatever its size."""
    return _SHOWN.repr(value)


# The deck loader's rule for ids (leadcards/deck.py): every deck, card and indicator id a
# deck file may hold fits it, so every card a reflection can be about does too.
_ID = re.compile(rf"[a-z0-9](?:[a-z0-9._-]{{0,{MAX_ID_CHARS - 2}}}[a-z0-9])?", re.ASCII)
_ID_RULE = (
    f"lower-case letters, digits, '.', '_' or '-', 1 to {MAX_ID_CHARS} characters, starting "
    "and ending with a letter or digit"
)
_HEX = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}"
_UUID = re.compile(rf"urn:uuid:(?:{_HEX})|\{{(?:{_HEX})\}}|{_HEX}", re.ASCII | re.IGNORECASE)


def canonical_uuid(value: object) -> str:
    """A uuid in the one form a journal keeps (lower case with hyphens), from any usual
    spelling of it: upper case, braces, ``urn:uuid:``, or 32 digits without hyphens."""
    if not isinstance(value, str):
        raise JournalError("a uuid must be text")
    if len(value) > 45 or not _UUID.fullmatch(value):
        raise JournalError(f"{shown(value)} is not a uuid")
    digits = value[-38:].strip("{}").replace("-", "")[-32:]
    return str(uuidlib.UUID(hex=digits))


def lookup_uuid(value: str) -> str:
    """The form to look a uuid up by: canonical when it is one."""
    try:
        return canonical_uuid(value)
    except JournalError:
        return value


def clean_time(moment: object, what: str) -> dt.datetime:
    """A time a journal can keep: aware, and within :mod:`leadcards.limits`' range, so it
    shows in local time everywhere from UTC-12 to UTC+14."""
    if not isinstance(moment, dt.datetime):
        raise JournalError(f"{what} must be a date and time")
    try:
        aware = moment.utcoffset() is not None
        kept = aware and time_in_range(moment)
    except (OverflowError, ValueError, TypeError):
        aware = kept = False
    if not aware:
        raise JournalError(f"{what} has no time zone")
    if not kept:
        raise JournalError(
            f"{what}, {moment.isoformat()}, is outside the times a journal keeps "
            f"({describe_range()})"
        )
    return moment


def checked_now() -> dt.datetime:
    """Now, for a time a journal keeps; a clock set far out is refused, not written."""
    moment = utc_now()
    if not time_in_range(moment):
        raise JournalError(
            f"the computer's clock says it is {moment:%Y-%m-%d}, outside the times a journal "
            f"keeps ({describe_range()}). Set the clock right and try again; nothing was saved."
        )
    return moment


def _unicode(text: str, what: str) -> str:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise JournalError(f"{what} contains characters that are not valid Unicode") from None
    return text


def clean_text(text: object) -> str:
    if not isinstance(text, str):
        raise JournalError("a reflection must be text")
    if len(text) > MAX_TEXT_CHARS:
        raise JournalError(f"a reflection may be at most {MAX_TEXT_CHARS:,} characters")
    if "\x00" in text:
        raise JournalError("the text contains a NUL character, which cannot be kept")
    return _unicode(text, "the text")


def clean_id(value: object, what: str) -> str:
    """A deck, card or indicator id, by the deck files' rule."""
    if not isinstance(value, str):
        raise JournalError(f"{what} must be text")
    if not _ID.fullmatch(value):
        raise JournalError(f"{what} {shown(value)} is not an id ({_ID_RULE})")
    return value


def clean_optional_id(value: object, what: str) -> str | None:
    return None if value is None else clean_id(value, what)


def clean_space(space: object) -> str | None:
    if space is not None and (not isinstance(space, str) or space not in SPACES):
        raise JournalError(f"unknown space {shown(space)}; use one of {', '.join(SPACES)}")
    return space


MEASURES = {"scale": SCALE, "count": (0, 1000)}


def clean_measure(measure: object) -> str:
    if not isinstance(measure, str) or measure not in MEASURES:
        raise JournalError(f"unknown measure {shown(measure)}; use scale or count")
    return measure


def clean_position(value: object, what: str, measure: object = "scale") -> int | None:
    """A position or target on a check's measure (None stays None)."""
    low, high = MEASURES[clean_measure(measure)]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise JournalError(f"{what} must be a whole number from {low} to {high}")
    return value


def parse_tags(text: str) -> list[str]:
    """Tags as a person types them: separated by commas."""
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def clean_tag(tag: object) -> str:
    """One tag with its spaces tidied ("" for a blank one)."""
    if not isinstance(tag, str):
        raise JournalError("a tag must be text")
    if "\x00" in tag:
        raise JournalError("a tag contains a NUL character, which cannot be kept")
    tag = " ".join(tag.split())
    if len(tag) > MAX_TAG_CHARS:
        raise JournalError(f"a tag may be at most {MAX_TAG_CHARS} characters")
    return _unicode(tag, "a tag")


def clean_tags(tags: object) -> tuple[str, ...]:
    """Tags tidied, blanks and repeats dropped, in the order given; at most MAX_TAGS."""
    if isinstance(tags, str | bytes) or not isinstance(tags, Iterable):
        raise JournalError("tags must be a list of text")
    cleaned: dict[str, None] = {}
    for raw in tags:
        tag = clean_tag(raw)
        if tag and tag not in cleaned:
            if len(cleaned) == MAX_TAGS:
                raise JournalError(f"a reflection may have at most {MAX_TAGS} tags")
            cleaned[tag] = None
    return tuple(cleaned)


_MARKS = frozenset(mark.value for mark in Mark)


def clean_mark(mark: object) -> Mark:
    if isinstance(mark, Mark):
        return mark
    if not isinstance(mark, str) or mark not in _MARKS:
        raise JournalError(f"unknown mark {shown(mark)}; use tick, plus or minus")
    return Mark(mark)


def clean_marks(marks: object) -> dict[str, Mark]:
    if marks is None:
        return {}
    if not isinstance(marks, Mapping):
        raise JournalError("marks must pair indicator ids with tick, plus or minus")
    if len(marks) > MAX_MARKS:
        raise JournalError(f"at most {MAX_MARKS:,} indicators may be marked at once")
    return {clean_id(ident, "an indicator id"): clean_mark(mark) for ident, mark in marks.items()}


def clean_name(name: object) -> str:
    """A journal's name: one line of text, spaces tidied."""
    if not isinstance(name, str):
        raise JournalError("a journal's name must be text")
    if "\x00" in name:
        raise JournalError("the name contains a NUL character, which cannot be kept")
    name = " ".join(name.split())
    if not name:
        raise JournalError("a journal needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise JournalError(f"a journal's name may be at most {MAX_NAME_CHARS} characters")
    return _unicode(name, "the name")


def clean_draft_key(key: object) -> str:
    """A draft belongs to a card: its key is DECK/CARD."""
    if not isinstance(key, str):
        raise JournalError("a draft's key must be text")
    deck_id, slash, card_id = key.partition("/")
    if not slash or not _ID.fullmatch(deck_id) or not _ID.fullmatch(card_id):
        raise JournalError(f"a draft's key is DECK/CARD, not {shown(key)}")
    return key


def encode_draft_marks(marks: Mapping[str, Mark]) -> str:
    return ",".join(f"{ident}={mark.value}" for ident, mark in sorted(marks.items()))


def decode_draft_marks(text: object) -> dict[str, Mark]:
    if not isinstance(text, str):
        raise JournalError("a draft's marks must be text")
    marks = {}
    for pair in filter(None, text.split(",")):
        ident, _, mark = pair.partition("=")
        marks[clean_id(ident, "an indicator id")] = clean_mark(mark)
    if encode_draft_marks(marks) != text:
        raise JournalError(f"a draft's marks are not as LeadCards writes them: {shown(text)}")
    return marks


@dataclass(frozen=True)
class EntryFilter:
    """Which reflections: each field given narrows the choice, and the default is every
    reflection. The one filter of the journal view, the CLI and the journal PDF; the store
    turns it into one SQL condition.

    ``cards`` are (deck id, card id) pairs; ``loose`` says whether reflections on no card
    are kept, and by default they are when no deck and no card is chosen; ``deck_wide``
    keeps, with decks chosen and no cards, a chosen deck's reflections on no card of it
    (a presenting session's record): the journal view's deck filter shows everything
    filed under the deck. ``no_space`` keeps reflections with no space, by default when no
    space is chosen. ``since`` and ``until`` are aware times (``until`` is the first moment
    left out).
    """

    deck_ids: tuple[str, ...] = ()  # any of these decks; none: every deck
    cards: tuple[tuple[str, str], ...] | None = None  # any of these cards; None: every card
    spaces: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # reflections with any of these tags
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    words: str = ""  # reflections holding every word (a prefix each)
    loose: bool | None = None
    no_space: bool | None = None
    deck_wide: bool = False

    @property
    def keeps_loose(self) -> bool:
        """Whether reflections on no card are chosen."""
        if self.loose is not None:
            return self.loose
        return not self.deck_ids and self.cards is None

    @property
    def keeps_no_space(self) -> bool:
        """Whether reflections with no space are chosen."""
        return self.no_space if self.no_space is not None else not self.spaces


EVERY_ENTRY = EntryFilter()


@dataclass
class MergeSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0  # known here with a later edit than the incoming copy: kept
    added_checks: int = 0
    unchanged_checks: int = 0
    added_commitments: int = 0
    added_follow_ups: int = 0  # how commitments went, new here
    added_runs: int = 0  # session plans run

    def describe(self) -> str:
        text = (
            f"{self.added} new reflections, {self.updated} updated with a newer edit, "
            f"{self.unchanged} already here, {self.kept_newer} kept because the copy here "
            f"is newer; {self.added_checks} new temperature checks, "
            f"{self.unchanged_checks} already here"
        )
        if self.added_commitments or self.added_follow_ups:
            text += (
                f"; {self.added_commitments} new commitments, "
                f"{self.added_follow_ups} new answers to how they went"
            )
        if self.added_runs:
            text += f"; {self.added_runs} session plans run"
        return text


def clean_entry(entry: Entry) -> Entry:
    """The reflection as a journal keeps it (uuid in canonical form, tags tidied), or
    :class:`JournalError` saying what no journal may hold."""
    created = clean_time(entry.created, "the time the reflection was written")
    updated = clean_time(entry.updated, "the time the reflection was last edited")
    if updated < created:
        raise JournalError("a reflection cannot be edited before it was written")
    return Entry(
        uuid=canonical_uuid(entry.uuid),
        created=created,
        updated=updated,
        text=clean_text(entry.text),
        deck_id=clean_optional_id(entry.deck_id, "the deck id"),
        card_id=clean_optional_id(entry.card_id, "the card id"),
        space=clean_space(entry.space),
        marks=clean_marks(entry.marks),
        tags=clean_tags(entry.tags),
    )


def clean_check(check: TemperatureCheck) -> TemperatureCheck:
    """The temperature check as a journal keeps it, or :class:`JournalError`."""
    measure = clean_measure(check.measure)
    position = clean_position(check.position, "the position", measure)
    if position is None:
        raise JournalError("a temperature check needs a position")
    return TemperatureCheck(
        uuid=canonical_uuid(check.uuid),
        taken=clean_time(check.taken, "the time the check was taken"),
        deck_id=clean_id(check.deck_id, "the deck id"),
        card_id=clean_id(check.card_id, "the card id"),
        position=position,
        target=clean_position(check.target, "the target", measure),
        space=clean_space(check.space),
        marks=clean_marks(check.marks),
        measure=measure,
    )


def cleaned_once(items: Iterable[Any], clean: Callable[[Any], Any], what: str) -> list[Any]:
    """Every item cleaned, refusing a uuid that comes twice (in any spelling)."""
    result, seen = [], set()
    for item in items:
        cleaned = clean(item)
        if cleaned.uuid in seen:
            raise JournalError(
                f"the {what} {cleaned.uuid} comes twice; each may come once, so nothing was changed"
            )
        seen.add(cleaned.uuid)
        result.append(cleaned)
    return result
