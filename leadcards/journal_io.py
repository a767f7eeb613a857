"""Journals in and out: a complete, versioned JSON export that imports back, and Markdown.

The JSON (``leadcards-journal/1``) carries every reflection and temperature check with its
uuid and times, so importing it into any journal merges by uuid (see
:meth:`leadcards.journal.Journal.merge`). Reading one gets the deck loader's guards: a size
limit, nesting depth, duplicate keys, strict types, and a clear message naming the place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from leadcards.deck import Deck, DeckError, parse_json
from leadcards.journal import Entry, Journal, Mark, TemperatureCheck, utc_now

FORMAT = "leadcards-journal/1"
MAX_IMPORT_BYTES = 512 * 1024 * 1024


class JournalFileError(Exception):
    """A journal export that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class JournalExport:
    name: str
    entries: tuple[Entry, ...]
    checks: tuple[TemperatureCheck, ...]


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
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class _Fields:
    """Typed reads from one JSON object, each failure naming its place."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise JournalFileError(f"{where}: expected an object")
        self.value, self.where = value, where

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.value.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise JournalFileError(f"{self.where}.{key}: expected text")
        return value

    def time(self, key: str) -> dt.datetime:
        raw = self.text(key) or ""
        try:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise JournalFileError(f"{self.where}.{key}: expected a time, found {raw!r}") from None
        if moment.tzinfo is None:
            raise JournalFileError(f"{self.where}.{key}: the time has no time zone")
        return moment.astimezone(dt.UTC)

    def integer(self, key: str, *, optional: bool = False) -> int | None:
        value = self.value.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise JournalFileError(f"{self.where}.{key}: expected a whole number")
        return value

    def marks(self, key: str) -> dict[str, Mark]:
        value = self.value.get(key, {})
        if not isinstance(value, dict):
            raise JournalFileError(f"{self.where}.{key}: expected an object of marks")
        result = {}
        for ident, mark in value.items():
            try:
                result[ident] = Mark(mark)
            except ValueError:
                raise JournalFileError(
                    f"{self.where}.{key}.{ident}: expected tick, plus or minus"
                ) from None
        return result

    def tags(self, key: str) -> tuple[str, ...]:
        value = self.value.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise JournalFileError(f"{self.where}.{key}: expected a list of text")
        return tuple(value)


def parse_json_export(data: bytes, source: str) -> JournalExport:
    """Read a JSON export, or raise :class:`JournalFileError` saying what is wrong."""
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
    entries_raw = document.get("entries", [])
    checks_raw = document.get("checks", [])
    if not isinstance(entries_raw, list) or not isinstance(checks_raw, list):
        raise JournalFileError(f"{source}: entries and checks must be lists")
    entries = []
    for number, raw in enumerate(entries_raw):
        f = _Fields(raw, f"$.entries[{number}]")
        entries.append(
            Entry(
                uuid=f.text("uuid") or "",
                created=f.time("created"),
                updated=f.time("updated"),
                text=f.text("text") or "",
                deck_id=f.text("deck_id", optional=True),
                card_id=f.text("card_id", optional=True),
                space=f.text("space", optional=True),
                marks=f.marks("marks"),
                tags=f.tags("tags"),
            )
        )
    checks = []
    for number, raw in enumerate(checks_raw):
        f = _Fields(raw, f"$.checks[{number}]")
        checks.append(
            TemperatureCheck(
                uuid=f.text("uuid") or "",
                taken=f.time("taken"),
                deck_id=f.text("deck_id") or "",
                card_id=f.text("card_id") or "",
                position=f.integer("position") or 0,
                target=f.integer("target", optional=True),
                space=f.text("space", optional=True),
                marks=f.marks("marks"),
                measure=f.text("measure", optional=True) or "scale",
            )
        )
    return JournalExport(top.text("name", optional=True) or "", tuple(entries), tuple(checks))


def export_markdown(journal: Journal, decks: Iterable[Deck]) -> str:
    """The journal for reading: entries by date, with the card they are about."""
    titles = {(deck.id, card.id): card.title for deck in decks for card in deck.cards}
    lines = [f"# {journal.name}", "", f"Exported {utc_now().astimezone():%d %B %Y %H:%M}", ""]
    for entry in journal.entries(newest_first=False):
        when = entry.created.astimezone()
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
    return "\n".join(lines)
