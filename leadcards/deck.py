"""Decks: the typed domain objects and the loader that validates deck files.

A deck file is one JSON document in the ``leadcards-deck/2`` format (described in
``docs/deck-format.md``); files in the older ``leadcards-deck/1`` still load, their prompts
counted as private. :func:`load_deck_bytes` turns bytes into a :class:`Deck` or raises
:class:`DeckError` listing every problem found, each with the JSON path where it was found
and what was expected. Nothing is half-loaded: a deck either passes as a whole or not at all.
:func:`deck_to_json` writes a deck back out in the same format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from leadcards.fileio import UserFileError, read_bytes

FORMAT = "leadcards-deck/2"  # what LeadCards writes
FORMAT_1 = "leadcards-deck/1"  # still read: no audience marks, no deck-wide questions
READABLE = (FORMAT_1, FORMAT)
FORMAT_PREFIX = "leadcards-deck/"

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 16
MAX_TEXT = 10_000
MAX_ITEMS = 1_000
MAX_LINE = 300  # fields at most this long are titles or names: one line each

_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?$")
_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Control characters (C0 but tab and line breaks, DEL, C1), surrogates and noncharacters:
# never text a deck means to show.
_NONCHARACTERS = "".join(
    chr(plane * 0x10000 + 0xFFFE + end) for plane in range(17) for end in (0, 1)
)
_BAD_CHARS_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
_LINE_BREAKS_RE = re.compile(r"[\t\n\r\u2028\u2029]")
# Characters that show nothing: a field of only these (and spaces) is empty.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


class Polarity(StrEnum):
    """How an indicator group reads: behaviours that help, that hinder, or a plain checklist."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"


class Origin(StrEnum):
    """Who wrote a piece of text: the deck's source (the framework's authors) or LeadCards."""

    SOURCE = "source"
    LEADCARDS = "leadcards"


class Audience(StrEnum):
    """Where a question may be asked: in a group (the audience window, a team session, a
    workshop) or only in private reflection. Unmarked prompts (format 1) are private."""

    GROUP = "group"
    PRIVATE = "private"


class QuestionKind(StrEnum):
    """What a deck-wide coaching question does, so a screen or a plan step can pick one."""

    SCALING = "scaling"  # one step along the temperature-check scale
    STRENGTHS = "strengths"
    RESOURCES = "resources"  # support and resources
    NEXT_STEP = "next-step"  # a commitment
    PERSPECTIVE = "perspective"  # someone else's view, e.g. a patient's
    OTHER = "other"


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    credit: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Terms:
    """What the deck calls a card and a theme ("Behaviour" and "Theme", say)."""

    card: str = "Card"
    theme: str = "Theme"


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str | None = None
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    numbered: bool = False


@dataclass(frozen=True)
class Space:
    """A perspective a leader works from: self, team, organisation or system."""

    id: str
    title: str
    summary: str | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    colour: str
    colour_dark: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    text: str


@dataclass(frozen=True)
class IndicatorGroup:
    id: str
    title: str
    polarity: Polarity
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Prompt:
    """A question on a card, asked from one space, with an optional follow-up line."""

    id: str
    text: str
    origin: Origin
    space: str | None = None
    audience: Audience = Audience.PRIVATE
    follow_up: str | None = None

    @property
    def group_safe(self) -> bool:
        return self.audience is Audience.GROUP


@dataclass(frozen=True)
class Question:
    """A deck-wide coaching question: asked of any card in the deck (a scaling question,
    a strengths question, a next step…)."""

    id: str
    kind: QuestionKind
    text: str
    origin: Origin
    audience: Audience = Audience.PRIVATE
    follow_up: str | None = None

    @property
    def group_safe(self) -> bool:
        return self.audience is Audience.GROUP


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    subject: str | None = None


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    theme: str
    summary: str
    headline: str | None = None
    sections: tuple[Section, ...] = ()
    indicator_groups: tuple[IndicatorGroup, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    examples: tuple[Example, ...] = ()

    def indicators(self) -> Iterator[tuple[IndicatorGroup, Indicator]]:
        for group in self.indicator_groups:
            for indicator in group.indicators:
                yield group, indicator

    def group_prompts(self) -> tuple[Prompt, ...]:
        """The prompts safe to ask in a group: what a shared screen or sheet shows."""
        return tuple(prompt for prompt in self.prompts if prompt.group_safe)


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    source: Source
    themes: tuple[Theme, ...]
    cards: tuple[Card, ...]
    subtitle: str | None = None
    language: str = "en"
    terms: Terms = field(default_factory=Terms)
    epigraph: Quote | None = None
    introduction: tuple[Section, ...] = ()
    guidance: tuple[Section, ...] = ()
    spaces: tuple[Space, ...] = ()
    questions: tuple[Question, ...] = ()  # deck-wide coaching questions

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def space(self, space_id: str) -> Space:
        for space in self.spaces:
            if space.id == space_id:
                return space
        raise KeyError(space_id)

    def cards_in_theme(self, theme_id: str) -> tuple[Card, ...]:
        return tuple(card for card in self.cards if card.theme == theme_id)

    def group_questions(self) -> tuple[Question, ...]:
        """The deck-wide questions safe to ask in a group."""
        return tuple(question for question in self.questions if question.group_safe)


def card_titles(decks: Iterable[Deck]) -> dict[tuple[str, str], str]:
    """Every card's title by (deck id, card id): how views, exports and reports name the
    card a reflection, a commitment or a check is about."""
    return {(deck.id, card.id): card.title for deck in decks for card in deck.cards}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a deck file: where (a JSON path, ``$.cards[2].title``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DeckError(Exception):
    """A deck file that cannot be loaded, with every problem found in it."""

    def __init__(self, source: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        lines = [f"{self.source}: {len(self.problems)} problem(s)"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)

    def summary(self) -> str:
        """One line for a status bar or a list of skipped files."""
        first = self.problems[0] if self.problems else Problem("$", "unknown problem")
        more = len(self.problems) - 1
        tail = f" (and {more} more)" if more > 0 else ""
        return f"{self.source}: {first}{tail}"


# --------------------------------------------------------------------------- reading JSON


class _DuplicateKeyError(ValueError):
    pass


class _ConstantError(ValueError):
    pass


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise _ConstantError(name)


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_json(data: bytes, source: str, *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Parse the bytes of a deck file as strict JSON, or raise :class:`DeckError`."""
    if len(data) > max_bytes:
        raise DeckError(
            source,
            [
                Problem(
                    "$",
                    f"the file is {len(data):,} bytes; at most {max_bytes:,} are allowed",
                )
            ],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeckError(
            source, [Problem("$", f"the file is not valid UTF-8 text (byte {exc.start})")]
        ) from None
    try:
        value = json.loads(
            text, object_pairs_hook=_pairs_without_duplicates, parse_constant=_refuse_constant
        )
    except _DuplicateKeyError as exc:
        raise DeckError(
            source, [Problem("$", f'the key "{exc}" appears twice in one object')]
        ) from None
    except _ConstantError as exc:
        raise DeckError(
            source, [Problem("$", f"{exc} is not allowed; numbers must be finite")]
        ) from None
    except json.JSONDecodeError as exc:
        raise DeckError(
            source,
            [Problem("$", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")],
        ) from None
    except RecursionError:
        raise DeckError(
            source, [Problem("$", f"nested too deeply (at most {MAX_DEPTH} levels)")]
        ) from None
    except ValueError as exc:  # for example an integer with thousands of digits
        raise DeckError(source, [Problem("$", f"not valid JSON: {exc}")]) from None
    if _depth(value) > MAX_DEPTH:
        raise DeckError(source, [Problem("$", f"nested too deeply (at most {MAX_DEPTH} levels)")])
    return value


# --------------------------------------------------------------------------- validating


MISSING: Any = object()  # a required key that is absent: already reported by Reader.obj


class Reader:
    """Walks a parsed document (a deck, a session plan), collecting every problem with its
    JSON path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str, required: set[str], optional: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, found {_kind(value)}")
            return {}
        for key in sorted(required - value.keys()):
            self.problem(path, f'missing required key "{key}"')
        for key in sorted(value.keys() - required - optional):
            allowed = ", ".join(sorted(required | optional))
            self.problem(f"{path}.{key}", f'unknown key "{key}"; expected one of: {allowed}')
        return value

    def text(self, value: Any, path: str, *, max_len: int = MAX_TEXT) -> str:
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.problem(path, f"expected text, found {_kind(value)}")
            return ""
        if not value.strip().strip(_INVISIBLE).strip():
            self.problem(path, "expected text, found an empty string")
        elif len(value) > max_len:
            self.problem(path, f"text is {len(value):,} characters; at most {max_len:,} allowed")
        elif bad := _BAD_CHARS_RE.search(value):
            code = ord(bad.group())
            kind = "a control character" if code <= 0x9F else "a character that is not text"
            self.problem(path, f"contains {kind} (U+{code:04X})")
        elif max_len <= MAX_LINE and _LINE_BREAKS_RE.search(value):
            # Short fields (titles, names, labels) are shown on one line.
            self.problem(path, "a title or name must be one line (no tabs or line breaks)")
        return value

    def optional_text(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        if key not in obj:
            return None
        return self.text(obj[key], f"{path}.{key}")

    def ident(self, value: Any, path: str) -> str:
        if value is MISSING:
            return ""
        if not isinstance(value, str) or not _ID_RE.fullmatch(value):
            self.problem(
                path,
                f"expected an id (lower-case letters, digits, '.', '_' or '-', 1 to 80 "
                f"characters, starting and ending with a letter or digit), found {_show(value)}",
            )
            return value if isinstance(value, str) else ""
        return value

    def colour(self, value: Any, path: str) -> str:
        if value is MISSING:
            return "#000000"
        if not isinstance(value, str) or not _COLOUR_RE.fullmatch(value):
            self.problem(path, f'expected a colour such as "#005EB8", found {_show(value)}')
            return "#000000"
        return value.upper()

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, found {_kind(value)}")
            return False
        return value

    def array(self, value: Any, path: str, *, allow_empty: bool = True) -> list[Any]:
        if not isinstance(value, list):
            self.problem(path, f"expected a list, found {_kind(value)}")
            return []
        if not value and not allow_empty:
            self.problem(path, "expected a list with at least one entry, found an empty list")
        if len(value) > MAX_ITEMS:
            self.problem(
                path, f"the list has {len(value):,} entries; at most {MAX_ITEMS:,} allowed"
            )
            return []
        return value

    def choice(self, value: Any, path: str, allowed: list[str]) -> str:
        if value is MISSING:
            return allowed[0]
        if value not in allowed:
            choices = ", ".join(f'"{a}"' for a in allowed)
            self.problem(path, f"expected one of {choices}, found {_show(value)}")
            return allowed[0]
        return str(value)

    def unique(self, ids: list[tuple[str, str]], what: str) -> None:
        seen: dict[str, str] = {}
        for ident, path in ids:
            if not ident:
                continue  # a missing or malformed id, reported where it was read
            if ident in seen:
                self.problem(path, f'{what} id "{ident}" is already used at {seen[ident]}')
            else:
                seen[ident] = path


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown, ensure_ascii=True)
    return _kind(value)


_DECK_REQUIRED = {"format", "id", "title", "source", "themes", "cards"}
_DECK_OPTIONAL = {"subtitle", "language", "terms", "epigraph", "introduction", "guidance", "spaces"}
_DECK_OPTIONAL_2 = _DECK_OPTIONAL | {"questions"}


def parse_deck(document: Any, source: str) -> Deck:
    """Build a :class:`Deck` from a parsed JSON document, or raise :class:`DeckError`."""
    r = Reader()
    if not isinstance(document, dict):
        raise DeckError(source, [Problem("$", f"expected a deck object, found {_kind(document)}")])
    fmt = document.get("format", MISSING)
    if isinstance(fmt, str) and fmt.startswith(FORMAT_PREFIX) and fmt not in READABLE:
        raise DeckError(
            source,
            [
                Problem(
                    "$.format",
                    f'this version of LeadCards reads "{FORMAT_1}" and "{FORMAT}"; the file '
                    f'is "{fmt}", made by another version',
                )
            ],
        )
    version = 1 if fmt == FORMAT_1 else 2
    optional = _DECK_OPTIONAL if version == 1 else _DECK_OPTIONAL_2
    d = r.obj(document, "$", _DECK_REQUIRED, optional)
    if "format" in d and fmt not in READABLE:
        r.problem("$.format", f'expected "{FORMAT}" (or "{FORMAT_1}"), found {_show(fmt)}')

    spaces = _spaces(r, d.get("spaces", []), "$.spaces")
    themes = _themes(r, d.get("themes", MISSING), "$.themes") if "themes" in d else ()
    deck_ids = _IdRegistry()
    cards = _cards(r, d.get("cards", MISSING), "$.cards", deck_ids, version) if "cards" in d else ()
    questions = (
        _questions(r, d.get("questions", []), "$.questions", deck_ids) if version >= 2 else ()
    )
    theme_ids = {theme.id for theme in themes}
    space_ids = {space.id for space in spaces}
    for i, card in enumerate(cards):
        if card.theme and theme_ids and card.theme not in theme_ids:
            r.problem(f"$.cards[{i}].theme", f'no theme has the id "{card.theme}"')
        for j, prompt in enumerate(card.prompts):
            if prompt.space is not None and prompt.space not in space_ids:
                r.problem(
                    f"$.cards[{i}].prompts[{j}].space",
                    f'no space has the id "{prompt.space}" (see $.spaces)',
                )
    for kind, entries in deck_ids.by_kind.items():
        r.unique(entries, kind)

    deck = Deck(
        id=r.ident(d.get("id", MISSING), "$.id") if "id" in d else "",
        title=r.text(d.get("title", MISSING), "$.title", max_len=200) if "title" in d else "",
        subtitle=r.optional_text(d, "subtitle", "$"),
        language=r.text(d["language"], "$.language", max_len=35) if "language" in d else "en",
        source=_source(r, d.get("source", MISSING), "$.source")
        if "source" in d
        else Source("", "", ""),
        terms=_terms(r, d["terms"], "$.terms") if "terms" in d else Terms(),
        epigraph=_quote(r, d["epigraph"], "$.epigraph") if "epigraph" in d else None,
        introduction=_sections(r, d.get("introduction", []), "$.introduction"),
        guidance=_sections(r, d.get("guidance", []), "$.guidance"),
        spaces=spaces,
        themes=themes,
        cards=cards,
        questions=questions,
    )
    if r.problems:
        raise DeckError(source, sorted(r.problems, key=lambda problem: _path_key(problem.path)))
    return deck


# Keys in the order a deck file lists them, so problems are reported top to bottom.
_KEY_ORDER = [
    "format",
    "id",
    "title",
    "subtitle",
    "language",
    "terms",
    "card",
    "theme",
    "source",
    "publisher",
    "url",
    "credit",
    "note",
    "epigraph",
    "text",
    "attribution",
    "introduction",
    "guidance",
    "spaces",
    "summary",
    "themes",
    "colour",
    "colour_dark",
    "cards",
    "headline",
    "sections",
    "paragraphs",
    "items",
    "numbered",
    "indicator_groups",
    "polarity",
    "indicators",
    "prompts",
    "space",
    "kind",
    "audience",
    "follow_up",
    "origin",
    "examples",
    "questions",
    "subject",
]
_PATH_TOKEN_RE = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _path_key(path: str) -> tuple[tuple[int, int, str], ...]:
    key = []
    for name, index in _PATH_TOKEN_RE.findall(path):
        if index:
            key.append((0, int(index), ""))
        else:
            rank = _KEY_ORDER.index(name) if name in _KEY_ORDER else len(_KEY_ORDER)
            key.append((1, rank, name))
    return tuple(key)


class _IdRegistry:
    """Ids that must be unique across the whole deck, gathered per kind with their paths."""

    def __init__(self) -> None:
        self.by_kind: dict[str, list[tuple[str, str]]] = {}

    def add(self, kind: str, ident: str, path: str) -> str:
        self.by_kind.setdefault(kind, []).append((ident, path))
        return ident


def _source(r: Reader, value: Any, path: str) -> Source:
    s = r.obj(value, path, {"publisher", "title", "credit"}, {"url", "note"})
    return Source(
        publisher=r.text(s.get("publisher", MISSING), f"{path}.publisher", max_len=300),
        title=r.text(s.get("title", MISSING), f"{path}.title", max_len=300),
        credit=r.text(s.get("credit", MISSING), f"{path}.credit", max_len=300),
        url=r.optional_text(s, "url", path),
        note=r.optional_text(s, "note", path),
    )


def _terms(r: Reader, value: Any, path: str) -> Terms:
    t = r.obj(value, path, set(), {"card", "theme"})
    return Terms(
        card=r.text(t["card"], f"{path}.card", max_len=40) if "card" in t else Terms.card,
        theme=r.text(t["theme"], f"{path}.theme", max_len=40) if "theme" in t else Terms.theme,
    )


def _quote(r: Reader, value: Any, path: str) -> Quote:
    q = r.obj(value, path, {"text", "attribution"}, set())
    return Quote(
        text=r.text(q.get("text", MISSING), f"{path}.text"),
        attribution=r.text(q.get("attribution", MISSING), f"{path}.attribution", max_len=300),
    )


def _texts(r: Reader, value: Any, path: str) -> tuple[str, ...]:
    return tuple(r.text(item, f"{path}[{i}]") for i, item in enumerate(r.array(value, path)))


def _sections(r: Reader, value: Any, path: str) -> tuple[Section, ...]:
    sections = []
    ids: list[tuple[str, str]] = []
    for i, item in enumerate(r.array(value, path)):
        p = f"{path}[{i}]"
        s = r.obj(item, p, {"id"}, {"title", "paragraphs", "items", "numbered"})
        section = Section(
            id=r.ident(s.get("id", MISSING), f"{p}.id"),
            title=r.optional_text(s, "title", p),
            paragraphs=_texts(r, s.get("paragraphs", []), f"{p}.paragraphs"),
            items=_texts(r, s.get("items", []), f"{p}.items"),
            numbered=r.boolean(s["numbered"], f"{p}.numbered") if "numbered" in s else False,
        )
        typed = all(isinstance(s.get(k, []), list) for k in ("paragraphs", "items"))
        if s and typed and not section.paragraphs and not section.items:
            r.problem(p, 'a section needs at least one entry in "paragraphs" or "items"')
        ids.append((section.id, f"{p}.id"))
        sections.append(section)
    r.unique(ids, "section")
    return tuple(sections)


def _spaces(r: Reader, value: Any, path: str) -> tuple[Space, ...]:
    spaces = []
    ids: list[tuple[str, str]] = []
    for i, item in enumerate(r.array(value, path)):
        p = f"{path}[{i}]"
        s = r.obj(item, p, {"id", "title"}, {"summary"})
        space = Space(
            id=r.ident(s.get("id", MISSING), f"{p}.id"),
            title=r.text(s.get("title", MISSING), f"{p}.title", max_len=80),
            summary=r.optional_text(s, "summary", p),
        )
        ids.append((space.id, f"{p}.id"))
        spaces.append(space)
    r.unique(ids, "space")
    return tuple(spaces)


def _themes(r: Reader, value: Any, path: str) -> tuple[Theme, ...]:
    themes = []
    ids: list[tuple[str, str]] = []
    for i, item in enumerate(r.array(value, path, allow_empty=False)):
        p = f"{path}[{i}]"
        t = r.obj(item, p, {"id", "title", "colour"}, {"colour_dark"})
        theme = Theme(
            id=r.ident(t.get("id", MISSING), f"{p}.id"),
            title=r.text(t.get("title", MISSING), f"{p}.title", max_len=120),
            colour=r.colour(t.get("colour", MISSING), f"{p}.colour"),
            colour_dark=(
                r.colour(t["colour_dark"], f"{p}.colour_dark") if "colour_dark" in t else None
            ),
        )
        ids.append((theme.id, f"{p}.id"))
        themes.append(theme)
    r.unique(ids, "theme")
    return tuple(themes)


_CARD_REQUIRED = {"id", "title", "theme", "summary"}
_CARD_OPTIONAL = {"headline", "sections", "indicator_groups", "prompts", "examples"}


def _cards(r: Reader, value: Any, path: str, ids: _IdRegistry, version: int) -> tuple[Card, ...]:
    cards = []
    for i, item in enumerate(r.array(value, path, allow_empty=False)):
        p = f"{path}[{i}]"
        c = r.obj(item, p, _CARD_REQUIRED, _CARD_OPTIONAL)
        card = Card(
            id=ids.add("card", r.ident(c.get("id", MISSING), f"{p}.id"), f"{p}.id"),
            title=r.text(c.get("title", MISSING), f"{p}.title", max_len=200),
            theme=r.ident(c.get("theme", MISSING), f"{p}.theme"),
            summary=r.text(c.get("summary", MISSING), f"{p}.summary"),
            headline=r.optional_text(c, "headline", p),
            sections=_sections(r, c.get("sections", []), f"{p}.sections"),
            indicator_groups=_groups(
                r, c.get("indicator_groups", []), f"{p}.indicator_groups", ids
            ),
            prompts=_prompts(r, c.get("prompts", []), f"{p}.prompts", ids, version),
            examples=_examples(r, c.get("examples", []), f"{p}.examples", ids),
        )
        cards.append(card)
    return tuple(cards)


def _groups(r: Reader, value: Any, path: str, ids: _IdRegistry) -> tuple[IndicatorGroup, ...]:
    groups = []
    polarities = [p.value for p in Polarity]
    for i, item in enumerate(r.array(value, path)):
        p = f"{path}[{i}]"
        g = r.obj(item, p, {"id", "title", "polarity", "indicators"}, set())
        indicators = []
        listed = (
            r.array(g["indicators"], f"{p}.indicators", allow_empty=False)
            if "indicators" in g
            else []
        )
        for j, ind in enumerate(listed):
            q = f"{p}.indicators[{j}]"
            o = r.obj(ind, q, {"id", "text"}, set())
            indicators.append(
                Indicator(
                    id=ids.add("indicator", r.ident(o.get("id", MISSING), f"{q}.id"), f"{q}.id"),
                    text=r.text(o.get("text", MISSING), f"{q}.text", max_len=1000),
                )
            )
        groups.append(
            IndicatorGroup(
                id=ids.add("indicator group", r.ident(g.get("id", MISSING), f"{p}.id"), f"{p}.id"),
                title=r.text(g.get("title", MISSING), f"{p}.title", max_len=120),
                polarity=Polarity(
                    r.choice(g.get("polarity", MISSING), f"{p}.polarity", polarities)
                ),
                indicators=tuple(indicators),
            )
        )
    return tuple(groups)


_PROMPT_REQUIRED = {1: {"id", "text", "origin"}, 2: {"id", "text", "origin", "audience"}}
_PROMPT_OPTIONAL = {1: {"space"}, 2: {"space", "follow_up"}}


def _prompts(
    r: Reader, value: Any, path: str, ids: _IdRegistry, version: int
) -> tuple[Prompt, ...]:
    prompts = []
    origins = [o.value for o in Origin]
    for i, item in enumerate(r.array(value, path)):
        p = f"{path}[{i}]"
        o = r.obj(item, p, _PROMPT_REQUIRED[version], _PROMPT_OPTIONAL[version])
        prompts.append(
            Prompt(
                id=ids.add("prompt", r.ident(o.get("id", MISSING), f"{p}.id"), f"{p}.id"),
                text=r.text(o.get("text", MISSING), f"{p}.text", max_len=1000),
                origin=Origin(r.choice(o.get("origin", MISSING), f"{p}.origin", origins)),
                space=r.ident(o["space"], f"{p}.space") if "space" in o else None,
                # Format 1 says nothing of who may hear a prompt: private, the safe default.
                audience=_audience(r, o, p) if version >= 2 else Audience.PRIVATE,
                follow_up=_follow_up(r, o, p),
            )
        )
    return tuple(prompts)


def _audience(r: Reader, o: Mapping[str, Any], path: str) -> Audience:
    allowed = [a.value for a in Audience]
    return Audience(r.choice(o.get("audience", MISSING), f"{path}.audience", allowed))


def _follow_up(r: Reader, o: Mapping[str, Any], path: str) -> str | None:
    if "follow_up" not in o:
        return None
    return r.text(o["follow_up"], f"{path}.follow_up", max_len=1000)


def _questions(r: Reader, value: Any, path: str, ids: _IdRegistry) -> tuple[Question, ...]:
    questions = []
    origins = [o.value for o in Origin]
    kinds = [k.value for k in QuestionKind]
    for i, item in enumerate(r.array(value, path)):
        p = f"{path}[{i}]"
        o = r.obj(item, p, {"id", "kind", "text", "origin", "audience"}, {"follow_up"})
        questions.append(
            Question(
                id=ids.add("prompt", r.ident(o.get("id", MISSING), f"{p}.id"), f"{p}.id"),
                kind=QuestionKind(r.choice(o.get("kind", MISSING), f"{p}.kind", kinds)),
                text=r.text(o.get("text", MISSING), f"{p}.text", max_len=1000),
                origin=Origin(r.choice(o.get("origin", MISSING), f"{p}.origin", origins)),
                audience=_audience(r, o, p),
                follow_up=_follow_up(r, o, p),
            )
        )
    return tuple(questions)


def _examples(r: Reader, value: Any, path: str, ids: _IdRegistry) -> tuple[Example, ...]:
    examples = []
    for i, item in enumerate(r.array(value, path)):
        p = f"{path}[{i}]"
        o = r.obj(item, p, {"id", "text"}, {"subject"})
        examples.append(
            Example(
                id=ids.add("example", r.ident(o.get("id", MISSING), f"{p}.id"), f"{p}.id"),
                text=r.text(o.get("text", MISSING), f"{p}.text"),
                subject=r.optional_text(o, "subject", p),
            )
        )
    return tuple(examples)


# --------------------------------------------------------------------------- loading and writing


def load_deck_bytes(data: bytes, source: str) -> Deck:
    """Load a deck from the bytes of a deck file; ``source`` names it in problems."""
    return parse_deck(parse_json(data, source), source)


def load_deck_file(path: Path) -> Deck:
    """Load a deck file, refusing unreadable or oversized files, and anything that is not
    a regular file (a pipe, a device), with :class:`DeckError`."""
    source = str(path)
    try:
        data = read_bytes(path, limit=MAX_FILE_BYTES, what="deck file")
    except UserFileError as exc:
        raise DeckError(source, [Problem("$", f"cannot read the file: {exc.reason}")]) from None
    return load_deck_bytes(data, source)


def deck_to_dict(deck: Deck) -> dict[str, Any]:
    """The deck as a JSON-ready document in the ``leadcards-deck/2`` format (whatever
    format it was read from: a format-1 deck's prompts are written out as private)."""
    out: dict[str, Any] = {"format": FORMAT, "id": deck.id, "title": deck.title}
    _put(out, "subtitle", deck.subtitle)
    out["language"] = deck.language
    if deck.terms != Terms():
        out["terms"] = {"card": deck.terms.card, "theme": deck.terms.theme}
    source: dict[str, Any] = {
        "publisher": deck.source.publisher,
        "title": deck.source.title,
    }
    _put(source, "url", deck.source.url)
    source["credit"] = deck.source.credit
    _put(source, "note", deck.source.note)
    out["source"] = source
    if deck.epigraph:
        out["epigraph"] = {"text": deck.epigraph.text, "attribution": deck.epigraph.attribution}
    _put(out, "introduction", [_section_dict(s) for s in deck.introduction])
    _put(out, "guidance", [_section_dict(s) for s in deck.guidance])
    _put(out, "spaces", [_space_dict(s) for s in deck.spaces])
    out["themes"] = [_theme_dict(t) for t in deck.themes]
    out["cards"] = [_card_dict(c) for c in deck.cards]
    _put(out, "questions", [_question_dict(q) for q in deck.questions])
    return out


def deck_to_json(deck: Deck) -> str:
    """The deck file text: what :func:`load_deck_bytes` reads back to an equal deck."""
    return json.dumps(deck_to_dict(deck), indent=2, ensure_ascii=False) + "\n"


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value:
        out[key] = value


def _section_dict(section: Section) -> dict[str, Any]:
    out: dict[str, Any] = {"id": section.id}
    _put(out, "title", section.title)
    _put(out, "paragraphs", list(section.paragraphs))
    _put(out, "items", list(section.items))
    _put(out, "numbered", section.numbered)
    return out


def _space_dict(space: Space) -> dict[str, Any]:
    out: dict[str, Any] = {"id": space.id, "title": space.title}
    _put(out, "summary", space.summary)
    return out


def _theme_dict(theme: Theme) -> dict[str, Any]:
    out: dict[str, Any] = {"id": theme.id, "title": theme.title, "colour": theme.colour}
    _put(out, "colour_dark", theme.colour_dark)
    return out


def _card_dict(card: Card) -> dict[str, Any]:
    out: dict[str, Any] = {"id": card.id, "title": card.title, "theme": card.theme}
    _put(out, "headline", card.headline)
    out["summary"] = card.summary
    _put(out, "sections", [_section_dict(s) for s in card.sections])
    _put(
        out,
        "indicator_groups",
        [
            {
                "id": g.id,
                "title": g.title,
                "polarity": g.polarity.value,
                "indicators": [{"id": i.id, "text": i.text} for i in g.indicators],
            }
            for g in card.indicator_groups
        ],
    )
    prompts = []
    for prompt in card.prompts:
        entry: dict[str, Any] = {"id": prompt.id}
        _put(entry, "space", prompt.space)
        entry["text"] = prompt.text
        _put(entry, "follow_up", prompt.follow_up)
        entry["audience"] = prompt.audience.value
        entry["origin"] = prompt.origin.value
        prompts.append(entry)
    _put(out, "prompts", prompts)
    examples = []
    for example in card.examples:
        entry = {"id": example.id}
        _put(entry, "subject", example.subject)
        entry["text"] = example.text
        examples.append(entry)
    _put(out, "examples", examples)
    return out


def _question_dict(question: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": question.id, "kind": question.kind.value, "text": question.text}
    _put(out, "follow_up", question.follow_up)
    out["audience"] = question.audience.value
    out["origin"] = question.origin.value
    return out
