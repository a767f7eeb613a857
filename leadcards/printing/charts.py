"""Temperature-check charts for printed journals and team check-ins, as vector drawing.

A radar of every card (now, the previous check, the target; or a team's median with its
middle half shaded) and a small trend chart per card. Series differ by line style and
weight as well as colour, and the zero of the behaviours' scale is a heavier ring or line,
so the charts read in greyscale too. Labels are deck text, drawn straight onto the canvas
(no markup) run by run in a bundled face that draws them; what none draws is the
placeholder, counted in ``missing``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from reportlab.platypus import Flowable

from leadcards.colours import INK, WHITE, readable_on
from leadcards.printing import fonts
from leadcards.printing.face import SECONDARY, Ink
from leadcards.printing.text import draw_string, runs

NOW = "#005EB8"
BEFORE = "#6B6B6B"
BAND = "#C6D9EE"  # light, so lines and rings drawn over it still read (in greyscale too)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _missing(texts: list[str], face: str) -> int:
    return sum(runs(text, face)[1] for text in texts)


@dataclass(frozen=True)
class Axis:
    label: str
    colour: str  # the card's theme colour
    now: float | None
    previous: float | None
    target: float | None
    band: tuple[float, float] | None = None  # a range to shade (a team's middle half)


class Radar(Flowable):
    """Axes for each card around a circle, from the scale's low end (centre) to its top."""

    def __init__(self, axes: list[Axis], low: float, high: float, width: float, ink: Ink):
        super().__init__()
        self.axes, self.low, self.high, self.ink = axes, low, high, ink
        self.width = width
        self.height = min(width * 0.8, 110 * 72 / 25.4)
        self.labels = [_short(axis.label, 30) for axis in axes]
        self.missing = _missing(self.labels, fonts.REGULAR)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _point(self, index: int, value: float, radius: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / max(len(self.axes), 1)
        share = (value - self.low) / max(self.high - self.low, 1e-9)
        return (
            self.width / 2 + math.cos(angle) * radius * share,
            self.height / 2 + math.sin(angle) * radius * share,
        )

    def draw(self) -> None:
        canvas, ink = self.canv, self.ink
        radius = self.height / 2 - 22
        count = len(self.axes)
        canvas.saveState()
        self._band(radius)
        # Rings at each whole step (every step on a short scale), zero heavier.
        span = self.high - self.low
        step = 1 if span <= 10 else math.ceil(span / 10)
        for value in range(int(self.low), int(self.high) + 1, step):
            heavy = value == 0 and self.low < 0
            canvas.setStrokeColor(ink("#5A5A5A" if heavy else "#C8C8C8"))
            canvas.setLineWidth(1.4 if heavy else 0.4)
            ring = [self._point(i, value, radius) for i in range(count)]
            path = canvas.beginPath()
            path.moveTo(*ring[0])
            for point in ring[1:]:
                path.lineTo(*point)
            path.close()
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.setFont(fonts.REGULAR, 7)
        for index, axis in enumerate(self.axes):
            x, y = self._point(index, self.high, radius)
            canvas.setStrokeColor(ink("#C8C8C8"))
            canvas.setLineWidth(0.4)
            canvas.line(self.width / 2, self.height / 2, x, y)
            angle = math.pi / 2 - 2 * math.pi * index / max(count, 1)
            lx, ly = x + math.cos(angle) * 8, y + math.sin(angle) * 8 - 2.5
            canvas.setFillColor(ink(readable_on(axis.colour, WHITE)))
            if abs(math.cos(angle)) < 0.2:
                anchor = "centre"
            else:
                anchor = "left" if math.cos(angle) > 0 else "right"
            draw_string(canvas, lx, ly, self.labels[index], fonts.REGULAR, 7, anchor=anchor)
        for name, colour, width, dash in (
            ("target", BEFORE, 1.0, (1, 2)),
            ("previous", BEFORE, 1.2, (4, 2)),
            ("now", NOW, 2.0, ()),
        ):
            canvas.setStrokeColor(ink(colour))
            canvas.setFillColor(ink(colour))
            canvas.setLineWidth(width)
            canvas.setDash(list(dash))
            points = [
                self._point(i, value, radius) if value is not None else None
                for i, value in enumerate(getattr(a, name) for a in self.axes)
            ]
            _polyline(canvas, points, closed=True)
            canvas.setDash()
            for dot in points:
                if dot is not None and name == "now":
                    canvas.circle(*dot, 2.2, stroke=0, fill=1)
        canvas.restoreState()

    def _band(self, radius: float) -> None:
        """Each axis's band shaded between it and its neighbours that have one too."""
        canvas = self.canv
        canvas.setFillColor(self.ink(BAND))
        canvas.setStrokeColor(self.ink(BAND))  # hides the seams between the pieces
        canvas.setLineWidth(0.5)
        bands = [axis.band for axis in self.axes]
        if len(bands) < 3:  # no area between the axes
            return
        for index, (this, that) in enumerate(zip(bands, bands[1:] + bands[:1], strict=True)):
            if this is None or that is None:
                continue
            after = (index + 1) % len(bands)
            path = canvas.beginPath()
            path.moveTo(*self._point(index, this[0], radius))
            path.lineTo(*self._point(after, that[0], radius))
            path.lineTo(*self._point(after, that[1], radius))
            path.lineTo(*self._point(index, this[1], radius))
            path.close()
            canvas.drawPath(path, stroke=1, fill=1)


def _polyline(canvas: object, points: list[tuple[float, float] | None], closed: bool) -> None:
    """Lines between neighbouring points that both have a value (gaps stay gaps)."""
    following = points[1:] + points[:1] if closed else points[1:]
    pairs = list(zip(points, following, strict=False))
    for start, end in pairs:
        if start is not None and end is not None:
            canvas.line(*start, *end)  # type: ignore[attr-defined]


class Trend(Flowable):
    """One card's positions over time: dots joined by a line in its theme colour."""

    def __init__(
        self,
        title: str,
        colour: str,
        points: list[tuple[dt.datetime, int]],
        low: float,
        high: float,
        width: float,
        ink: Ink,
    ):
        super().__init__()
        self.title, self.colour, self.points = title, colour, points
        self.low, self.high, self.ink = low, high, ink
        self.width, self.height = width, 62.0
        self.label = _short(title, 40)
        self.missing = _missing([self.label], fonts.BOLD)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, ink = self.canv, self.ink
        left, bottom, top = 22.0, 10.0, self.height - 14
        right = self.width - 6
        canvas.saveState()
        canvas.setFillColor(ink(INK))
        draw_string(canvas, 0, self.height - 8, self.label, fonts.BOLD, 7.5)
        canvas.setFont(fonts.REGULAR, 6.5)
        canvas.setFillColor(ink(SECONDARY))

        def y_of(value: float) -> float:
            share = (value - self.low) / max(self.high - self.low, 1e-9)
            return bottom + share * (top - bottom)

        for value in {self.low, self.high, 0.0 if self.low < 0 else self.low}:
            canvas.drawRightString(left - 3, y_of(value) - 2, f"{value:+g}" if value else "0")
        canvas.setStrokeColor(ink("#C8C8C8"))
        canvas.setLineWidth(0.4)
        canvas.line(left, y_of(self.low), right, y_of(self.low))
        canvas.line(left, y_of(self.high), right, y_of(self.high))
        if self.low < 0:
            canvas.setStrokeColor(ink("#5A5A5A"))
            canvas.setLineWidth(1.0)
            canvas.line(left, y_of(0), right, y_of(0))
        if not self.points:
            canvas.drawString(left + 4, y_of((self.low + self.high) / 2), "no checks")
            canvas.restoreState()
            return
        first, last = self.points[0][0], self.points[-1][0]
        span = max((last - first).total_seconds(), 1.0)

        def x_of(moment: dt.datetime) -> float:
            if len(self.points) == 1:
                return (left + right) / 2
            return left + 4 + (moment - first).total_seconds() / span * (right - left - 8)

        placed = [(x_of(moment), y_of(value)) for moment, value in self.points]
        line_colour = readable_on(self.colour, WHITE)
        canvas.setStrokeColor(ink(line_colour))
        canvas.setFillColor(ink(line_colour))
        canvas.setLineWidth(1.4)
        _polyline(canvas, list(placed), closed=False)
        for x, y in placed:
            canvas.circle(x, y, 1.8, stroke=0, fill=1)
        canvas.setFillColor(ink(SECONDARY))
        # Month names may come from the locale: set like any other text.
        draw_string(canvas, left, 0, f"{first:%d %b %Y}", fonts.REGULAR, 6.5)
        if len(self.points) > 1:
            draw_string(canvas, right, 0, f"{last:%d %b %Y}", fonts.REGULAR, 6.5, anchor="right")
        canvas.restoreState()
