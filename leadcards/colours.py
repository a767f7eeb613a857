"""Colours that read: WCAG contrast arithmetic and the palette a theme colour is drawn with.

A deck gives each theme one colour (and optionally a dark-mode variant). The screen and the
printed cards never put text on it without going through :func:`palette`, which picks text
that meets WCAG AA (4.5:1) on the band and an accent shade of the theme colour that meets
AA as text on the card surface, in light and in dark mode.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from enum import StrEnum

AA_NORMAL = 4.5

WHITE = "#FFFFFF"
INK = "#1A1A1A"
BLACK = "#000000"


class Scheme(StrEnum):
    LIGHT = "light"
    DARK = "dark"


# The surface cards are drawn on in each scheme (also the printed card's paper colour).
SURFACE = {Scheme.LIGHT: "#FFFFFF", Scheme.DARK: "#1F1F23"}


@dataclass(frozen=True)
class Palette:
    band: str  # fill of the theme band / card edge
    on_band: str  # text drawn on the band
    accent: str  # the theme colour as text or lines on the card surface
    surface: str  # the card surface


def parse_hex(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected #RRGGBB, got {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    r, g, b = (max(0, min(255, round(c))) for c in rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_on(background: str) -> str:
    """The text colour for ``background``: white or near-black, whichever reads better.

    Falls back to pure black where near-black would miss AA; one of white and black always
    reaches at least 4.58:1 on any colour.
    """
    white, ink = contrast_ratio(WHITE, background), contrast_ratio(INK, background)
    if white >= ink and white >= AA_NORMAL:
        return WHITE
    if ink >= AA_NORMAL:
        return INK
    return WHITE if white >= contrast_ratio(BLACK, background) else BLACK


def _shift_lightness(colour: str, target_lightness: float) -> str:
    r, g, b = (v / 255 for v in parse_hex(colour))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    nr, ng, nb = colorsys.hls_to_rgb(h, target_lightness, s)
    return to_hex((nr * 255, ng * 255, nb * 255))


def readable_on(colour: str, surface: str, minimum: float = AA_NORMAL) -> str:
    """``colour`` itself if it reads as text on ``surface``; else the nearest shade that does.

    The hue and saturation stay; only the lightness moves, towards black on a light surface
    and towards white on a dark one, in small steps until the contrast reaches ``minimum``.
    """
    if contrast_ratio(colour, surface) >= minimum:
        return colour
    r, g, b = (v / 255 for v in parse_hex(colour))
    _, lightness, _ = colorsys.rgb_to_hls(r, g, b)
    towards_dark = relative_luminance(surface) > 0.18
    steps = 200
    for step in range(1, steps + 1):
        t = step / steps
        target = lightness * (1 - t) if towards_dark else lightness + (1 - lightness) * t
        candidate = _shift_lightness(colour, target)
        if contrast_ratio(candidate, surface) >= minimum:
            return candidate
    return BLACK if towards_dark else WHITE


def darken(colour: str, amount: float) -> str:
    """Mix ``colour`` towards black by ``amount`` (0 to 1)."""
    r, g, b = parse_hex(colour)
    return to_hex((r * (1 - amount), g * (1 - amount), b * (1 - amount)))


def palette(colour: str, scheme: Scheme, colour_dark: str | None = None) -> Palette:
    """How a theme colour is drawn in a colour scheme, with every text pair at AA or better."""
    surface = SURFACE[scheme]
    band = colour if scheme is Scheme.LIGHT else (colour_dark or darken(colour, 0.2))
    return Palette(
        band=band,
        on_band=text_on(band),
        accent=readable_on(colour, surface),
        surface=surface,
    )
