"""The user's print defaults: the last settings a deck was printed with, kept as JSON.

The command line and the print dialog read and write the same file, so a choice made in one
is the default in the other. Card and paper sizes are kept by name where they have one
(``tarot``, ``a4``) and as ``WxH`` millimetres otherwise. A damaged or hand-edited file never
stops printing: each value that does not make sense is left out and its default used, and
the reasons are returned so they can be shown.
"""

from __future__ import annotations

import contextlib
import json
import locale
import math
import os
import time
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
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float (10**400)
        return False


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


MAX_PRINTERS = 50
MAX_NAME = 80


@dataclass(frozen=True)
class PrinterProfile:
    """How one printer (or one tray) puts the backs off their fronts, as the calibration
    sheet showed it: the back offset (mm across, up) and scale, under the user's name."""

    name: str
    back_offset: tuple[float, float] = (0.0, 0.0)
    back_scale: float = 1.0

    def apply(self, options: PrintOptions) -> PrintOptions:
        return replace(options, back_offset=self.back_offset, back_scale=self.back_scale)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "back_offset": list(self.back_offset),
            "back_scale": self.back_scale,
        }


def profile_name(text: str) -> str:
    """A printer profile's name as kept: trimmed, one line, at most 80 characters; refuses
    an empty one."""
    name = " ".join(text.split())
    if not name:
        raise LayoutError("give the printer profile a name")
    if len(name) > MAX_NAME or any(not c.isprintable() for c in name):
        raise LayoutError(f"a printer profile's name is one line of at most {MAX_NAME} characters")
    return name


def _profile(value: Any) -> PrinterProfile:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise LayoutError("expected a name, a back offset and a back scale")
    profile = PrinterProfile(
        profile_name(value["name"]),
        _pair(value.get("back_offset", [0, 0])),
        _number(value.get("back_scale", 1.0)),
    )
    profile.apply(PrintOptions()).check()
    return profile


def read_printers(document: Any) -> tuple[tuple[PrinterProfile, ...], str | None, list[str]]:
    """The printer profiles in a settings document, the one used last (if it is one of
    them) and what was skipped, and why."""
    problems: list[str] = []
    found: dict[str, PrinterProfile] = {}
    entries = document.get("printers", []) if isinstance(document, dict) else []
    if not isinstance(entries, list):
        problems.append("printers: expected a list of printer profiles")
        entries = []
    for number, entry in enumerate(entries[:MAX_PRINTERS], start=1):
        try:
            profile = _profile(entry)
        except (LayoutError, ValueError, TypeError, ArithmeticError) as exc:
            problems.append(f"printer profile {number}: {exc} (kept in the file, not used)")
            continue
        found.setdefault(profile.name.casefold(), profile)  # the first of a name is kept
    last = document.get("printer") if isinstance(document, dict) else None
    chosen = None
    if isinstance(last, str) and last.casefold() in found:
        chosen = found[last.casefold()].name
    elif last is not None:
        problems.append("printer: not one of the printer profiles; none is used")
    return tuple(found.values()), chosen, problems


@dataclass(frozen=True)
class Loaded:
    options: PrintOptions
    problems: tuple[str, ...] = field(default=())
    printers: tuple[PrinterProfile, ...] = field(default=())
    printer: str | None = None  # the profile used last: the default

    def profile(self, name: str) -> PrinterProfile:
        """The profile of that name (any case), or a LayoutError listing those there are."""
        for profile in self.printers:
            if profile.name.casefold() == " ".join(name.split()).casefold():
                return profile
        known = ", ".join(f'"{p.name}"' for p in self.printers)
        raise LayoutError(
            f'no printer profile is named "{name}" '
            + (
                f"(known: {known})"
                if known
                else "(none is saved yet: save one in the print dialog)"
            )
        )

    def last_profile(self) -> PrinterProfile | None:
        return self.profile(self.printer) if self.printer else None


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
    printers, printer, problems = read_printers(document)
    loaded = _options(document, base)
    return Loaded(loaded.options, (*loaded.problems, *problems), printers, printer)


def _options(document: dict[str, Any], base: PrintOptions) -> Loaded:
    options = base
    problems: list[str] = []
    for key, read in _READERS.items():
        if key not in document:
            continue
        try:
            candidate = read(options, document[key])
            candidate.check()
        except (LayoutError, ValueError, TypeError, ArithmeticError) as exc:
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


class _Unchanged:
    pass


UNCHANGED = _Unchanged()


def save(
    config_dir: Path,
    options: PrintOptions,
    *,
    printer: str | _Unchanged | None = UNCHANGED,
    printers: tuple[PrinterProfile, ...] | _Unchanged = UNCHANGED,
) -> None:
    """Keep ``options`` as the user's defaults, with the printer profiles and the one used
    last as they were unless given (raises OSError or UserFileError if they cannot be
    written)."""
    ensure_dir(config_dir)
    if isinstance(printer, _Unchanged) or isinstance(printers, _Unchanged):
        kept = load(config_dir, None)
        printer = kept.printer if isinstance(printer, _Unchanged) else printer
        printers = kept.printers if isinstance(printers, _Unchanged) else printers
    unreadable = _unreadable_profiles(config_dir)
    document = to_dict(options)
    if printers or unreadable:
        document["printers"] = [profile.to_dict() for profile in printers] + unreadable
    names = {profile.name.casefold() for profile in printers}
    if printer is not None and printer.casefold() in names:
        document["printer"] = printer
    text = json.dumps(document, indent=2) + "\n"
    write_text(config_dir / FILE_NAME, text, private=True)


def _unreadable_profiles(config_dir: Path) -> list[Any]:
    """The printer profiles of the settings file that cannot be used as they are (a value
    out of range, a name too long), kept as they were when the file is written again: they
    are the user's, to mend by hand. A file that is not a settings document at all is
    moved aside (``print-unreadable-….json``) before it is replaced."""
    target = config_dir / FILE_NAME
    if not target.exists():
        return []
    try:
        data = read_bytes(target, limit=MAX_BYTES, what="print settings file")
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict):
            raise ValueError("not an object")
    except (UserFileError, UnicodeDecodeError, ValueError, RecursionError):
        stamp = time.strftime("%Y%m%d-%H%M%S")
        with contextlib.suppress(OSError):
            target.replace(config_dir / f"print-unreadable-{stamp}.json")
        return []
    entries = document.get("printers")
    if not isinstance(entries, list):
        return []
    unreadable = []
    for entry in entries[:MAX_PRINTERS]:
        try:
            _profile(entry)
        except (LayoutError, ValueError, TypeError, KeyError, ArithmeticError):
            unreadable.append(entry)
    return unreadable


def save_printer(config_dir: Path, profile: PrinterProfile) -> Loaded:
    """Keep ``profile`` (replacing one of the same name) and make it the one used last;
    the other settings stay as they were. Returns the settings as now saved."""
    profile = replace(profile, name=profile_name(profile.name))
    profile.apply(PrintOptions()).check()
    current = load(config_dir, system_locale())
    others = tuple(p for p in current.printers if p.name.casefold() != profile.name.casefold())
    if len(others) >= MAX_PRINTERS:
        raise LayoutError(f"at most {MAX_PRINTERS} printer profiles are kept: delete one first")
    printers = tuple(sorted((*others, profile), key=lambda p: p.name.casefold()))
    save(config_dir, current.options, printer=profile.name, printers=printers)
    return replace(current, printers=printers, printer=profile.name)


def delete_printer(config_dir: Path, name: str) -> Loaded:
    """Forget the profile called ``name``; the other settings stay as they were."""
    current = load(config_dir, system_locale())
    gone = current.profile(name)
    printers = tuple(p for p in current.printers if p is not gone)
    printer = current.printer if current.printer != gone.name else None
    save(config_dir, current.options, printer=printer, printers=printers)
    return replace(current, printers=printers, printer=printer)
