"""Journals in and out: a complete, versioned JSON export that imports back, and Markdown.

The JSON (``leadcards-journal/1``) carries every reflection and temperature check with its
uuid and times, so importing it into any journal merges by uuid (see
:meth:`leadcards.journal.store.Journal.merge`). Reading one gets the deck loader's guards: a size
limit, nesting depth, duplicate keys, strict types, and a clear message naming the place.
Every value is then held to the rules the journal's own writes keep (the ``clean_*``
functions of :mod:`leadcards.journal.model`): times are RFC 3339 with a zone offset from -12:00
to +14:00, no leap second, within :mod:`leadcards.limits`' range; ids follow the deck
files' rule; a reflection has at most ``MAX_TAGS`` tags. A uuid may be spelled any usual
way (upper case, braces, ``urn:uuid:``) and is kept in canonical form; one that comes twice
in an export, in whatever spelling, is refused, naming both places.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from leadcards import limits
from leadcards.commitments import (
    HOW_WORDS,
    HOWS,
    Commitment,
    FollowUp,
    PlanRun,
    clean_commitment,
    clean_run,
    commitments,
    parse_due,
    runs,
)
from leadcards.deck import Deck, DeckError, card_titles, parse_json
from leadcards.journal.model import (
    MAX_TAGS,
    Entry,
    JournalError,
    Mark,
    TemperatureCheck,
    canonical_uuid,
    clean_check,
    clean_entry,
    clean_id,
    clean_measure,
    clean_name,
    clean_optional_id,
    clean_position,
    clean_space,
    clean_tag,
    clean_text,
    clean_time,
    shown,
    utc_now,
)
from leadcards.journal.store import Journal

FORMAT = "leadcards-journal/1"
MAX_IMPORT_BYTES = 512 * 1024 * 1024


class JournalFileError(Exception):
    """A journal export that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class JournalExport:
    name: str
    entries: tuple[Entry, ...]
    checks: tuple[TemperatureCheck, ...]
    commitments: tuple[Commitment, ...] = ()
    runs: tuple[PlanRun, ...] = ()
    encrypted: bool = False  # read from an encrypted copy of a journal


def _time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def export_json(journal: Journal) -> str:
    checks = [check for deck in journal.check_decks() for check in journal.checks(deck)]
    document = {
        "format": FORMAT,
        "name": journal.name,
        "exported": _time(utc_now()),
        "entries": [
            {
                "uuid": e.uuid,
                "created": _time(e.created),
                "updated": _time(e.updated),
                "deck_id": e.deck_id,
                "card_id": e.card_id,
                "space": e.space,
                "text": e.text,
                "marks": {ident: mark.value for ident, mark in sorted(e.marks.items())},
                "tags": list(e.tags),
            }
            for e in journal.entries(newest_first=False)
        ],
        "checks": [
            {
                "uuid": c.uuid,
                "taken": _time(c.taken),
                "deck_id": c.deck_id,
                "card_id": c.card_id,
                "space": c.space,
                "measure": c.measure,
                "position": c.position,
                "target": c.target,
                "marks": {ident: mark.value for ident, mark in sorted(c.marks.items())},
            }
            for c in checks
        ],
        "commitments": [
            {
                "uuid": c.uuid,
                "created": _time(c.created),
                "updated": _time(c.updated),
                "text": c.text,
                "due": c.due.isoformat() if c.due else None,
                "deck_id": c.deck_id,
                "card_ids": list(c.card_ids),
                "indicator_ids": list(c.indicator_ids),
                "plan_id": c.plan_id,
                "run_uuid": c.run_uuid,
                "follow_ups": [
                    {"uuid": f.uuid, "taken": _time(f.taken), "how": f.how, "text": f.text}
                    for f in c.follow_ups
                ],
            }
            for c in reversed(commitments(journal))  # oldest first, as the entries
        ],
        "plan_runs": [
            {
                "uuid": r.uuid,
                "plan_id": r.plan_id,
                "plan_title": r.plan_title,
                "deck_id": r.deck_id,
                "started": _time(r.started),
                "updated": _time(r.updated),
                "step": r.step,
                "finished": _time(r.finished) if r.finished else None,
            }
            for r in reversed(runs(journal))
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# A time as an export writes it ("2026-05-01T08:00:00.000000Z"), or any RFC 3339 time.
_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))?",
    re.ASCII,
)
_MAX_TIME_CHARS = 40
_EARLIEST_OFFSET, _LATEST_OFFSET = -12 * 60, 14 * 60  # the world's time zones, in minutes


def parse_time(value: object) -> dt.datetime:
    """A time from an export, in UTC; :class:`JournalError` says what is wrong with it."""
    if not isinstance(value, str):
        raise JournalError("expected a time as text, such as 2026-05-01T08:00:00Z")
    if len(value) > _MAX_TIME_CHARS:
        raise JournalError(f"expected a time, found text of {len(value):,} characters")
    match = _TIME.fullmatch(value)
    if match is None:
        raise JournalError(f"expected a time such as 2026-05-01T08:00:00Z, found {shown(value)}")
    year, month, day, hour, minute, second, fraction, utc, sign, zone_h, zone_m = match.groups()
    if not utc and not sign:
        raise JournalError(
            f"the time {value} has no time zone (add Z for UTC, or an offset such as +01:00)"
        )
    if second == "60":
        raise JournalError(f"{value} is a leap second, which a journal cannot keep (use :59)")
    offset = 0
    if sign:
        offset = (int(zone_h) * 60 + int(zone_m)) * (-1 if sign == "-" else 1)
        if int(zone_m) >= 60 or not _EARLIEST_OFFSET <= offset <= _LATEST_OFFSET:
            raise JournalError(
                f"{sign}{zone_h}:{zone_m} is no time zone's offset (they run from -12:00 to +14:00)"
            )
    try:
        moment = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=dt.timezone(dt.timedelta(minutes=offset)),
        )
    except ValueError:
        raise JournalError(f"{value} is not a date and time in the calendar") from None
    return clean_time(moment, "the time").astimezone(dt.UTC)


class _Fields:
    """Typed reads from one JSON object, each failure naming its place."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise JournalFileError(f"{where}: expected an object")
        self.value, self.where = value, where

    def read(self, key: str, clean: Callable[[Any], _T]) -> _T:
        """The value at ``key`` put through ``clean``; a JournalError names the place."""
        try:
            return clean(self.value.get(key))
        except JournalError as exc:
            raise JournalFileError(f"{self.where}.{key}: {exc}") from None

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.value.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise JournalFileError(f"{self.where}.{key}: expected text")
        return value

    def ident(self, key: str, *, optional: bool = False) -> str | None:
        value = self.text(key, optional=optional)
        with _at(f"{self.where}.{key}"):
            return clean_optional_id(value, "the id")

    def integer(self, key: str, *, optional: bool = False) -> int | None:
        value = self.value.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise JournalFileError(f"{self.where}.{key}: expected a whole number")
        return value

    def marks(self, key: str) -> dict[str, Mark]:
        value = self.value.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise JournalFileError(f"{self.where}.{key}: expected an object of marks")
        result = {}
        for ident, mark in value.items():
            where = f"{self.where}.{key}[{json.dumps(ident[:40], ensure_ascii=False)}]"
            with _at(where):
                ident = clean_id(ident, "an indicator id")
            if not isinstance(mark, str) or mark not in _MARKS:
                raise JournalFileError(f"{where}: expected tick, plus or minus")
            result[ident] = Mark(mark)
        return result

    def tags(self, key: str) -> tuple[str, ...]:
        value = self.value.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise JournalFileError(f"{self.where}.{key}: expected a list of text")
        tags: dict[str, None] = {}
        for number, raw in enumerate(value):
            with _at(f"{self.where}.{key}[{number}]"):
                tag = clean_tag(raw)
            if tag and tag not in tags:
                if len(tags) == MAX_TAGS:
                    raise JournalFileError(
                        f"{self.where}.{key}: a reflection may have at most {MAX_TAGS} tags"
                    )
                tags[tag] = None
        return tuple(tags)


_MARKS = frozenset(mark.value for mark in Mark)
_T = TypeVar("_T")


@contextlib.contextmanager
def _at(where: str) -> Iterator[None]:
    """Turn a journal rule's refusal into one naming the place in the file."""
    try:
        yield
    except JournalError as exc:
        raise JournalFileError(f"{where}: {exc}") from None


def _entry(raw: Any, where: str) -> Entry:
    f = _Fields(raw, where)
    entry = Entry(
        uuid=f.read("uuid", _uuid),
        created=f.read("created", parse_time),
        updated=f.read("updated", parse_time),
        text=f.read("text", _text),
        deck_id=f.ident("deck_id", optional=True),
        card_id=f.ident("card_id", optional=True),
        space=f.read("space", clean_space),
        marks=f.marks("marks"),
        tags=f.tags("tags"),
    )
    with _at(where):
        return clean_entry(entry)


def _check(raw: Any, where: str) -> TemperatureCheck:
    f = _Fields(raw, where)
    measure = f.read("measure", lambda value: "scale" if value is None else clean_measure(value))
    position, target = f.integer("position") or 0, f.integer("target", optional=True)
    with _at(f"{where}.position"):
        clean_position(position, "the position", measure)
    with _at(f"{where}.target"):
        clean_position(target, "the target", measure)
    check = TemperatureCheck(
        uuid=f.read("uuid", _uuid),
        taken=f.read("taken", parse_time),
        deck_id=f.ident("deck_id") or "",
        card_id=f.ident("card_id") or "",
        position=position,
        target=target,
        space=f.read("space", clean_space),
        marks=f.marks("marks"),
        measure=measure,
    )
    with _at(where):
        return clean_check(check)


def _uuid(value: Any) -> str:
    if not isinstance(value, str):
        raise JournalError("expected text")
    return canonical_uuid(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise JournalError("expected text")
    return clean_text(value)


def _name(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return clean_name(value)


def _once(items: list[_U], where: str) -> list[_U]:
    """Refuse a uuid that comes twice in one list (in whatever spelling: by now each is in
    canonical form): an export holds each reflection and check once, and guessing which
    copy was meant could lose an edit."""
    seen: dict[str, int] = {}
    for number, item in enumerate(items):
        uuid = item.uuid
        if uuid in seen:
            raise JournalFileError(
                f"{where}[{number}].uuid: the same uuid as {where}[{seen[uuid]}] ({uuid}); "
                "an export holds each once, so nothing was imported"
            )
        seen[uuid] = number
    return items


_U = TypeVar("_U", Entry, TemperatureCheck, Commitment, PlanRun)


def parse_json_export(data: bytes, source: str) -> JournalExport:
    """Read a JSON export, or raise :class:`JournalFileError` saying what is wrong and where.

    Every value is held to the rules the journal's own writes keep (the journal's
    ``clean_*`` functions), so what this returns merges without a refusal, and a uuid that
    comes twice (in any spelling) is refused here."""
    if len(data) > MAX_IMPORT_BYTES:
        raise JournalFileError(f"{source}: the file is larger than {MAX_IMPORT_BYTES:,} bytes")
    try:
        document = parse_json(data, source, max_bytes=MAX_IMPORT_BYTES)
    except DeckError as exc:
        raise JournalFileError(exc.summary()) from None
    top = _Fields(document, "$")
    if document.get("format") != FORMAT:
        raise JournalFileError(
            f'{source}: not a LeadCards journal export (expected format "{FORMAT}")'
        )
    lists = {}
    for key in ("entries", "checks", "commitments", "plan_runs"):
        lists[key] = document.get(key, [])
        if not isinstance(lists[key], list):
            raise JournalFileError(f"$.{key}: expected a list")
    entries = [_entry(raw, f"$.entries[{n}]") for n, raw in enumerate(lists["entries"])]
    checks = [_check(raw, f"$.checks[{n}]") for n, raw in enumerate(lists["checks"])]
    kept = [_commitment(raw, f"$.commitments[{n}]") for n, raw in enumerate(lists["commitments"])]
    answers: dict[str, str] = {}  # a follow-up's uuid -> where it was first
    for n, found in enumerate(kept):
        for m, follow in enumerate(found.follow_ups):
            where = f"$.commitments[{n}].follow_ups[{m}]"
            if follow.uuid in answers:
                raise JournalFileError(
                    f"{where}.uuid: the same uuid as {answers[follow.uuid]} ({follow.uuid}); "
                    "an export holds each answer once, so nothing was imported"
                )
            answers[follow.uuid] = where
    return JournalExport(
        top.read("name", _name),
        tuple(_once(entries, "$.entries")),
        tuple(_once(checks, "$.checks")),
        tuple(_once(kept, "$.commitments")),
        tuple(
            _once(
                [_run(raw, f"$.plan_runs[{n}]") for n, raw in enumerate(lists["plan_runs"])],
                "$.plan_runs",
            )
        ),
    )


def _run(raw: Any, where: str) -> PlanRun:
    f = _Fields(raw, where)
    step = f.integer("step")
    if step is None or not 0 <= step <= 1000:
        raise JournalFileError(f"{where}.step: expected a whole number from 0 to 1000")
    found = PlanRun(
        uuid=f.read("uuid", _uuid),
        plan_id=f.ident("plan_id") or "",
        plan_title=f.text("plan_title") or "",
        deck_id=f.ident("deck_id", optional=True),
        started=f.read("started", parse_time),
        updated=f.read("updated", parse_time),
        step=step,
        finished=f.read("finished", lambda value: None if value is None else parse_time(value)),
    )
    with _at(where):
        return clean_run(found)


def _commitment(raw: Any, where: str) -> Commitment:
    f = _Fields(raw, where)
    due_text = f.text("due", optional=True)
    with _at(f"{where}.due"):
        due = parse_due(due_text) if due_text is not None else None
    follow_ups = []
    listed = f.value.get("follow_ups")
    listed = [] if listed is None else listed
    if not isinstance(listed, list):
        raise JournalFileError(f"{where}.follow_ups: expected a list")
    for n, item in enumerate(listed):
        g = _Fields(item, f"{where}.follow_ups[{n}]")
        how = g.text("how")
        if how not in HOWS:
            raise JournalFileError(f"{g.where}.how: expected one of {', '.join(HOWS)}")
        follow_ups.append(
            FollowUp(g.read("uuid", _uuid), g.read("taken", parse_time), how, g.read("text", _text))
        )
    ids = {}
    for key in ("card_ids", "indicator_ids"):
        value = f.value.get(key)
        value = [] if value is None else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise JournalFileError(f"{where}.{key}: expected a list of ids")
        ids[key] = tuple(value)
    run = f.read("run_uuid", lambda value: None if value is None else _uuid(value))
    found = Commitment(
        uuid=f.read("uuid", _uuid),
        text=f.read("text", _text),
        created=f.read("created", parse_time),
        updated=f.read("updated", parse_time),
        due=due,
        deck_id=f.ident("deck_id", optional=True),
        card_ids=ids["card_ids"],
        indicator_ids=ids["indicator_ids"],
        plan_id=f.ident("plan_id", optional=True),
        run_uuid=run,
        follow_ups=tuple(follow_ups),
    )
    with _at(where):
        return clean_commitment(found)


def export_markdown(journal: Journal, decks: Iterable[Deck]) -> str:
    """The journal for reading: entries by date, with the card they are about."""
    titles = card_titles(decks)
    lines = [f"# {journal.name}", "", f"Exported {utc_now().astimezone():%d %B %Y %H:%M}", ""]
    for entry in journal.entries(newest_first=False):
        when = limits.local(entry.created)
        about = titles.get((entry.deck_id or "", entry.card_id or ""), entry.card_id or "")
        heading = f"## {when:%d %B %Y %H:%M}"
        if about:
            heading += f" · {about}"
        lines += [heading, ""]
        details = []
        if entry.space:
            details.append(f"Space: {entry.space}")
        if entry.tags:
            details.append("Tags: " + ", ".join(entry.tags))
        if entry.marks:
            signs = {Mark.TICK: "✓", Mark.PLUS: "+", Mark.MINUS: "\u2212"}
            details.append(
                "Indicators: " + ", ".join(f"{signs[m]} {i}" for i, m in entry.marks.items())
            )
        if details:
            lines += [f"*{' · '.join(details)}*", ""]
        lines += [entry.text, ""]
    kept = list(reversed(commitments(journal)))
    if kept:
        lines += ["# Commitments", ""]
    for found in kept:
        named = [titles.get((found.deck_id or "", card), card) for card in found.card_ids]
        heading = f"## {limits.local(found.created):%d %B %Y} · I will"
        lines += [heading, "", found.text, ""]
        details = []
        if found.due:
            details.append(f"Due {found.due:%d %B %Y}")
        if named:
            details.append("From " + ", ".join(named))
        if details:
            lines += [f"*{' · '.join(details)}*", ""]
        for follow in found.follow_ups:
            said = f"{limits.local(follow.taken):%d %B %Y}: {HOW_WORDS[follow.how]}"
            lines += [f"- {said}" + (f". {follow.text}" if follow.text else "")]
        if found.follow_ups:
            lines.append("")
    return "\n".join(lines)
