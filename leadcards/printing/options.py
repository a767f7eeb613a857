"""What a printed deck is made with: the layout, what goes on the backs, copies, the back
offset and scale, colour. Plain data (no reportlab), shared by the command line, the
saved defaults and the print dialog."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from leadcards.printing.layout import MAX_OFFSET_MM, SCALE_RANGE, Geometry, LayoutError


class BackSection(StrEnum):
    INDICATORS = "indicators"
    PROMPTS = "prompts"
    WHY = "why"  # the card's own sections, e.g. TRACE's "Why it matters"
    EXAMPLES = "examples"


# Indicators alone fit every built-in card at tarot size; questions and the rest are a
# choice for larger cards.
DEFAULT_BACK = (BackSection.INDICATORS,)


class ShopOrder(StrEnum):
    INTERLEAVED = "interleaved"  # front 1, back 1, front 2, back 2...
    FRONTS_FIRST = "fronts-first"  # every front, then every back


@dataclass(frozen=True)
class PrintOptions:
    geometry: Geometry = field(default_factory=Geometry)
    back_sections: tuple[BackSection, ...] = DEFAULT_BACK
    copies: int = 1
    back_offset: tuple[float, float] = (0.0, 0.0)  # mm, applied to back pages only
    back_scale: float = 1.0  # applied to back pages only, about the page centre
    cmyk: bool = False
    instructions: bool = True
    shop_order: ShopOrder = ShopOrder.INTERLEAVED

    def check(self) -> None:
        self.geometry.check()
        if not all(math.isfinite(v) for v in (*self.back_offset, self.back_scale)):
            raise LayoutError("the back offset and scale must be ordinary numbers")
        if len(set(self.back_sections)) != len(self.back_sections):
            raise LayoutError("each section can go on the backs only once")
        if not 1 <= self.copies <= 50:
            raise LayoutError("copies must be 1 to 50")
        if any(abs(v) > MAX_OFFSET_MM + 1e-9 for v in self.back_offset):
            raise LayoutError(f"the back offset must be within ±{MAX_OFFSET_MM:g} mm")
        low, high = SCALE_RANGE
        if not low - 1e-9 <= self.back_scale <= high + 1e-9:
            raise LayoutError(f"the back scale must be {low:.0%} to {high:.0%}")
