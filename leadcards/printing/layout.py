"""Where cards go on paper: sizes, papers, the grid, and where each back lands.

Pure geometry in PDF points (1/72 inch), origin at the bottom left of the page as in PDF.
The grid depends only on the paper, the card size, the bleed and whether crop marks need
room: never on how many cards are on a page, so a slot left empty on a front page is the
same slot left empty on its back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

MM = 72 / 25.4  # points per millimetre

CARD_SIZES: dict[str, tuple[float, float]] = {
    "tarot": (69.85, 120.65),
    "poker": (63.5, 88.9),
    "bridge": (57.15, 88.9),
    "mini": (44.0, 68.0),
    "a6": (105.0, 148.0),
    "a7": (74.0, 105.0),
}
PAPERS: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "a3": (297.0, 420.0),
}
# Countries whose printers are loaded with Letter (the rest of the world uses A4).
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PR"})

SAFE_MM = 5.0  # text keeps this far inside the trim
PRINTER_MARGIN_MM = 4.0  # most home printers cannot print nearer the paper's edge
MARK_GAP_MM = 1.0  # crop marks start this far beyond the bleed
MARK_LENGTH_MM = 6.0
FOLD_CLEARANCE_MM = 5.0  # between a fold line and any bleed
MAX_BLEED_MM = 6.0
MAX_OFFSET_MM = 5.0
SCALE_RANGE = (0.97, 1.03)


class LayoutError(ValueError):
    """A size, paper or setting that cannot be printed; the message says why."""


class Mode(StrEnum):
    DUPLEX = "duplex"  # fronts and backs on alternate pages, for two-sided printing
    SINGLE = "single"  # the same pages, for printing one side at a time or gluing
    GUTTERFOLD = "gutterfold"  # fronts and backs on one side, folded along a line
    PRINT_SHOP = "print-shop"  # one face per page, page = trim + bleed


class FlipEdge(StrEnum):
    LONG = "long"
    SHORT = "short"


class Orientation(StrEnum):
    AUTO = "auto"
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def grown(self, by: float) -> Rect:
        return Rect(self.x - by, self.y - by, self.w + 2 * by, self.h + 2 * by)


@dataclass(frozen=True)
class Slot:
    """A card's trim rectangle on a page and whether its content is turned 180 degrees."""

    trim: Rect
    turned: bool = False


@dataclass(frozen=True)
class Mark:
    """A crop mark: a line from (x1, y1) to (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Sheet:
    """One sheet's layout: the page size, where fronts go, where their backs go (on the
    back page, or on the same page for fold-over), the crop marks of each side and any
    fold line."""

    width: float
    height: float
    fronts: tuple[Slot, ...]
    backs: tuple[Slot, ...]
    marks: tuple[Mark, ...]
    back_marks: tuple[Mark, ...] = ()
    fold: Mark | None = None

    @property
    def per_page(self) -> int:
        return len(self.fronts)


def parse_size(text: str, table: dict[str, tuple[float, float]], what: str) -> tuple[float, float]:
    """A named size from ``table`` or a custom ``WxH`` in millimetres (e.g. ``70x120``)."""
    key = text.strip().lower()
    if key in table:
        return table[key]
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[x\u00d7]\s*(\d+(?:\.\d+)?)(?:\s*mm)?", key)
    if not found:
        names = ", ".join(table)
        raise LayoutError(f"unknown {what} {text!r}: use one of {names}, or WxH in mm")
    width, height = float(found.group(1)), float(found.group(2))
    if not (20 <= width <= 1000 and 20 <= height <= 1000):
        raise LayoutError(f"a custom {what} must be 20 to 1000 mm on each side")
    return width, height


def default_paper(locale_name: str | None) -> str:
    """Letter where printers are loaded with it (from a locale like ``en_US.UTF-8``)."""
    if locale_name:
        found = re.match(r"^[a-z]{2,3}[_-]([A-Za-z]{2})\b", locale_name)
        if found and found.group(1).upper() in LETTER_COUNTRIES:
            return "letter"
    return "a4"


@dataclass(frozen=True)
class Geometry:
    """Everything the layout depends on, in millimetres (converted once to points)."""

    card: tuple[float, float] = CARD_SIZES["tarot"]
    paper: tuple[float, float] = PAPERS["a4"]
    orientation: Orientation = Orientation.AUTO
    mode: Mode = Mode.DUPLEX
    flip: FlipEdge = FlipEdge.LONG
    bleed: float = 3.0
    crop_marks: bool = True

    def check(self) -> None:
        if not all(math.isfinite(v) for v in (*self.card, *self.paper, self.bleed)):
            raise LayoutError("sizes and bleed must be ordinary numbers of millimetres")
        if not 0 <= self.bleed <= MAX_BLEED_MM:
            raise LayoutError(f"bleed must be 0 to {MAX_BLEED_MM:g} mm")
        width, height = self.card
        if min(width, height) <= 2 * SAFE_MM + 10:
            raise LayoutError("the card is too small to hold any text inside its safe zone")


def _grid_count(span: float, size: float, gap: float) -> int:
    return max(0, math.floor((span + gap + 1e-6) / (size + gap)))


def _placed(start: float, span: float, count: int, size: float, gap: float) -> list[float]:
    used = count * size + (count - 1) * gap
    first = start + (span - used) / 2
    return [first + index * (size + gap) for index in range(count)]


def _reserve(geometry: Geometry) -> float:
    """From the paper's edge to the nearest trim line, in points."""
    marks = MARK_GAP_MM + MARK_LENGTH_MM if geometry.crop_marks else 0.0
    return (PRINTER_MARGIN_MM + geometry.bleed + marks) * MM


def _home_sheet(geometry: Geometry, width: float, height: float) -> Sheet:
    card_w, card_h = geometry.card[0] * MM, geometry.card[1] * MM
    bleed = geometry.bleed * MM
    gap = 2 * bleed  # each card keeps its own bleed; with none, cards share their cuts
    reserve = _reserve(geometry)
    fold: Mark | None = None
    if geometry.mode is Mode.GUTTERFOLD:
        # Fronts above a fold across the middle; backs below, turned, mirrored across it.
        clearance = (FOLD_CLEARANCE_MM * MM) + bleed
        band_bottom, band_top = height / 2 + clearance, height - reserve
        rows = _grid_count(band_top - band_bottom, card_h, gap)
        ys = _placed(band_bottom, band_top - band_bottom, rows, card_h, gap)
        fold = Mark(0, height / 2, width, height / 2)
    else:
        rows = _grid_count(height - 2 * reserve, card_h, gap)
        ys = _placed(reserve, height - 2 * reserve, rows, card_h, gap)
    cols = _grid_count(width - 2 * reserve, card_w, gap)
    xs = _placed(reserve, width - 2 * reserve, cols, card_w, gap)
    fronts = tuple(Slot(Rect(x, y, card_w, card_h)) for y in sorted(ys, reverse=True) for x in xs)
    backs = tuple(_back_of(slot.trim, geometry, width, height) for slot in fronts)
    if not geometry.crop_marks:
        return Sheet(width, height, fronts, backs, (), (), fold)
    if geometry.mode is Mode.GUTTERFOLD:
        marks = crop_marks([slot.trim for slot in fronts + backs], bleed, width, height)
        return Sheet(width, height, fronts, backs, marks, (), fold)
    front_marks = crop_marks([slot.trim for slot in fronts], bleed, width, height)
    back_marks = crop_marks([slot.trim for slot in backs], bleed, width, height)
    return Sheet(width, height, fronts, backs, front_marks, back_marks, fold)


def _back_of(trim: Rect, geometry: Geometry, width: float, height: float) -> Slot:
    """Where a front's back goes. Turning the sheet over a vertical axis mirrors the
    columns; over a horizontal axis it mirrors the rows and turns the card's back
    upside down, so it is drawn turned 180 degrees to read upright in the hand."""
    if geometry.mode is Mode.GUTTERFOLD:
        return Slot(Rect(trim.x, height - trim.y - trim.h, trim.w, trim.h), turned=True)
    portrait = height >= width
    vertical_axis = (geometry.flip is FlipEdge.LONG) == portrait
    if vertical_axis:
        return Slot(Rect(width - trim.x - trim.w, trim.y, trim.w, trim.h))
    return Slot(Rect(trim.x, height - trim.y - trim.h, trim.w, trim.h), turned=True)


def crop_marks(trims: list[Rect], bleed: float, width: float, height: float) -> tuple[Mark, ...]:
    """Marks in the margins along every trim line, on all four sides, set off beyond the
    outermost bleed so they never touch a card."""
    if not trims:
        return ()
    gap, length = MARK_GAP_MM * MM, MARK_LENGTH_MM * MM
    left = min(t.x for t in trims) - bleed - gap
    right = max(t.right for t in trims) + bleed + gap
    bottom = min(t.y for t in trims) - bleed - gap
    top = max(t.top for t in trims) + bleed + gap
    xs = sorted({round(v, 4) for t in trims for v in (t.x, t.right)})
    ys = sorted({round(v, 4) for t in trims for v in (t.y, t.top)})
    marks: list[Mark] = []
    for x in xs:
        marks.append(Mark(x, top, x, top + length))
        marks.append(Mark(x, bottom - length, x, bottom))
    for y in ys:
        marks.append(Mark(left - length, y, left, y))
        marks.append(Mark(right, y, right + length, y))
    return tuple(m for m in marks if _on_paper(m, width, height))


def _on_paper(mark: Mark, width: float, height: float) -> bool:
    return (
        min(mark.x1, mark.x2) >= 0
        and min(mark.y1, mark.y2) >= 0
        and max(mark.x1, mark.x2) <= width
        and max(mark.y1, mark.y2) <= height
    )


def page_size(geometry: Geometry) -> tuple[float, float]:
    """The page in points, turned to the orientation that holds the most upright cards
    (portrait when both hold the same), unless one is chosen."""
    paper_w, paper_h = (round(v * MM, 3) for v in sorted(geometry.paper))
    portrait = (paper_w, paper_h)
    landscape = (paper_h, paper_w)
    if geometry.orientation is Orientation.PORTRAIT:
        return portrait
    if geometry.orientation is Orientation.LANDSCAPE:
        return landscape
    upright = _home_sheet(geometry, *portrait).per_page
    turned = _home_sheet(geometry, *landscape).per_page
    return landscape if turned > upright else portrait


def sheet_for(geometry: Geometry) -> Sheet:
    """The sheet every page of a home-printed deck uses; refuses when no card fits."""
    geometry.check()
    if geometry.mode is Mode.PRINT_SHOP:
        return print_shop_sheet(geometry)
    sheet = _home_sheet(geometry, *page_size(geometry))
    if sheet.per_page == 0:
        card = "x".join(f"{v:g}" for v in geometry.card)
        paper = "x".join(f"{v:g}" for v in geometry.paper)
        raise LayoutError(
            f"a {card} mm card does not fit on {paper} mm paper in this mode with its bleed "
            "and crop marks: choose a smaller card, larger paper, or less bleed"
        )
    return sheet


def print_shop_sheet(geometry: Geometry) -> Sheet:
    """One face per page: the page is the card plus its bleed on every side."""
    bleed = geometry.bleed * MM
    card_w, card_h = geometry.card[0] * MM, geometry.card[1] * MM
    slot = Slot(Rect(bleed, bleed, card_w, card_h))
    return Sheet(card_w + 2 * bleed, card_h + 2 * bleed, (slot,), (slot,), ())


def chunks(count: int, size: int) -> Iterator[range]:
    for start in range(0, count, size):
        yield range(start, min(start + size, count))
