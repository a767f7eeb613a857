"""The user's print defaults: the last settings a deck was printed with, kept as JSON.

The command line and the print dialog read and write the same file, so a choice made in one
is the default in the other. Card and paper sizes are kept by name where they have one
(``tarot``, ``a4``) and as ``WxH`` millimetres otherwise. A damaged or hand-edited file never
stops printing: each value that does not make sense is left out and its default used, and
the reasons are returned so they can be shown.
"""

from __future__ import annotations

import json
import locale
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from leadcards.fileio import UserFileError, read_bytes, write_text
from leadcards.paths import ensure_dir
from leadcards.printing.layout import (
    CARD_SIZES,
    PAPERS,
    FlipEdge,
    Geometry,
    LayoutError,
    Mode,
    Orientation,
    default_paper,
    parse_size,
)
from leadcards.printing.options import BackSection, PrintOptions, ShopOrder

FILE_NAME = "print.json"
FORMAT = "leadcards-print-settings/1"
MAX_BYTES = 64 * 1024


def size_text(size: tuple[float, float], table: dict[str, tuple[float, float]]) -> str:
    """A size's name in ``table`` (either way round), or ``WxH`` in millimetres."""
    for name, known in table.items():
        if sorted(known) == sorted(size) and (table is PAPERS or known == size):
            return name
    return "x".join(f"{v:g}" for v in size)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _pair(value: Any) -> tuple[float, float]:
    if isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value):
        return float(value[0]), float(value[1])
    raise LayoutError("expected two numbers")


def _number(value: Any) -> float:
    if _is_number(value):
        return float(value)
    raise LayoutError("expected a number")


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise LayoutError("expected true or false")


def _sections(value: Any) -> tuple[BackSection, ...]:
    if not isinstance(value, list) or not value:
        raise LayoutError("expected a list of back sections")
    return tuple(dict.fromkeys(BackSection(v) for v in value))  # each once, in order


@dataclass(frozen=True)
class Loaded:
    options: PrintOptions
    problems: tuple[str, ...] = field(default=())


def to_dict(options: PrintOptions) -> dict[str, Any]:
    geometry = options.geometry
    return {
        "format": FORMAT,
        "card": size_text(geometry.card, CARD_SIZES),
        "paper": size_text(geometry.paper, PAPERS),
        "orientation": geometry.orientation.value,
        "mode": geometry.mode.value,
        "flip": geometry.flip.value,
        "bleed": geometry.bleed,
        "crop_marks": geometry.crop_marks,
        "back_sections": [s.value for s in options.back_sections],
        "back_offset": list(options.back_offset),
        "back_scale": options.back_scale,
        "cmyk": options.cmyk,
        "shop_order": options.shop_order.value,
        "instructions": options.instructions,
    }


# Each key, and how its value is read into the options.
_READERS: dict[str, Callable[[PrintOptions, Any], PrintOptions]] = {
    "card": lambda o, v: replace(
        o, geometry=replace(o.geometry, card=parse_size(str(v), CARD_SIZES, "card size"))
    ),
    "paper": lambda o, v: replace(
        o, geometry=replace(o.geometry, paper=parse_size(str(v), PAPERS, "paper"))
    ),
    "orientation": lambda o, v: replace(
        o, geometry=replace(o.geometry, orientation=Orientation(v))
    ),
    "mode": lambda o, v: replace(o, geometry=replace(o.geometry, mode=Mode(v))),
    "flip": lambda o, v: replace(o, geometry=replace(o.geometry, flip=FlipEdge(v))),
    "bleed": lambda o, v: replace(o, geometry=replace(o.geometry, bleed=_number(v))),
    "crop_marks": lambda o, v: replace(o, geometry=replace(o.geometry, crop_marks=_flag(v))),
    "back_sections": lambda o, v: replace(o, back_sections=_sections(v)),
    "back_offset": lambda o, v: replace(o, back_offset=_pair(v)),
    "back_scale": lambda o, v: replace(o, back_scale=_number(v)),
    "cmyk": lambda o, v: replace(o, cmyk=_flag(v)),
    "shop_order": lambda o, v: replace(o, shop_order=ShopOrder(v)),
    "instructions": lambda o, v: replace(o, instructions=_flag(v)),
}


def from_dict(document: Any, base: PrintOptions) -> Loaded:
    """Read saved settings over ``base``; every value that makes no sense is skipped."""
    if not isinstance(document, dict):
        return Loaded(base, ("the saved print settings are not a JSON object",))
    options = base
    problems: list[str] = []
    for key, read in _READERS.items():
        if key not in document:
            continue
        try:
            candidate = read(options, document[key])
            candidate.check()
        except (LayoutError, ValueError, TypeError) as exc:
            problems.append(f"{key}: {exc}")
            continue
        options = candidate
    return Loaded(options, tuple(problems))


def system_locale() -> str | None:
    """The locale that decides the paper size: LC_ALL, then LC_PAPER, then LANG."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(name)
        if value:
            return value
    try:
        return locale.getlocale()[0]
    except ValueError:
        return None


def default_options(locale_name: str | None) -> PrintOptions:
    return PrintOptions(geometry=Geometry(paper=PAPERS[default_paper(locale_name)]))


def load(config_dir: Path, locale_name: str | None) -> Loaded:
    """The saved defaults, or the built-in ones (paper from the locale) if none are saved."""
    base = default_options(locale_name)
    target = config_dir / FILE_NAME
    if not target.exists() and not target.is_symlink():
        return Loaded(base)
    try:
        data = read_bytes(target, limit=MAX_BYTES, what="print settings file")
    except UserFileError as exc:
        return Loaded(base, (str(exc),))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return Loaded(base, (f"{target} is not valid JSON; the defaults are used",))
    return from_dict(document, base)


def save(config_dir: Path, options: PrintOptions) -> None:
    """Keep ``options`` as the user's defaults (raises OSError or UserFileError if they
    cannot be written)."""
    ensure_dir(config_dir)
    text = json.dumps(to_dict(options), indent=2) + "\n"
    write_text(config_dir / FILE_NAME, text, private=True)
