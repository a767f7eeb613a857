"""Charts for temperature checks: a radar of every card and small trend lines, drawn with
QPainter in the theme colours. Series differ by line style as well as colour, so they read
in greyscale; every chart has a table beside it for screen readers."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from leadcards.colours import Scheme
from leadcards.limits import local
from leadcards.ui.appearance import INKS, TypeScale, font


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per axis; None where there is no value
    style: Qt.PenStyle
    colour: str


class RadarChart(QWidget):
    """Axes for each card around a circle, from the scale's low end (centre) to its top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axes: list[tuple[str, str]] = []  # (label, colour)
        self.series: list[Series] = []
        self.low, self.high = -5.0, 5.0
        self.scheme = Scheme.LIGHT
        self.setMinimumSize(QSize(360, 320))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Radar chart of the latest temperature check")

    def set_data(
        self,
        axes: list[tuple[str, str]],
        series: list[Series],
        low: float,
        high: float,
        scheme: Scheme,
    ) -> None:
        self.axes, self.series, self.low, self.high, self.scheme = axes, series, low, high, scheme
        self.update()

    def _point(self, centre: QPointF, radius: float, axis: int, value: float) -> QPointF:
        angle = -math.pi / 2 + 2 * math.pi * axis / max(len(self.axes), 1)
        share = (value - self.low) / max(self.high - self.low, 1e-9)
        return QPointF(
            centre.x() + math.cos(angle) * radius * share,
            centre.y() + math.sin(angle) * radius * share,
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.axes:
            return
        ink = INKS[self.scheme]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.width() / 2, self.height() / 2)
        radius = min(self.width(), self.height()) / 2 - 80
        painter.setPen(QPen(QColor(ink.rule), 1))
        rings = 4
        for ring in range(1, rings + 1):
            value = self.low + (self.high - self.low) * ring / rings
            polygon = QPolygonF(
                [self._point(centre, radius, i, value) for i in range(len(self.axes))]
            )
            painter.drawPolygon(polygon)
        if self.low < 0 < self.high:  # the visible zero: a heavier ring, labelled
            painter.setPen(QPen(QColor(ink.secondary), 2))
            painter.drawPolygon(
                QPolygonF([self._point(centre, radius, i, 0) for i in range(len(self.axes))])
            )
            zero = self._point(centre, radius, 0, 0)
            painter.setFont(font(TypeScale.CAPTION - 1))
            painter.drawText(QPointF(zero.x() + 4, zero.y() - 3), "0")
        painter.setFont(font(TypeScale.CAPTION))
        # Each label gets the room between its neighbours on the ring it sits on, so long
        # names wrap instead of running into the next one.
        arc = 2 * math.pi * (radius + 48) / max(len(self.axes), 1)
        wide = max(72.0, min(150.0, arc * 0.92))
        for axis, (label, colour) in enumerate(self.axes):
            end = self._point(centre, radius, axis, self.high)
            painter.setPen(QPen(QColor(ink.rule), 1))
            painter.drawLine(centre, end)
            outside = self._point(centre, radius + 48, axis, self.high)
            box = QRectF(outside.x() - wide / 2, outside.y() - 24, wide, 48)
            painter.setPen(QColor(colour))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, label)
        for series in self.series:
            points = [
                self._point(centre, radius, i, v)
                for i, v in enumerate(series.values)
                if v is not None
            ]
            if not points:
                continue
            painter.setPen(QPen(QColor(series.colour), 2.5, series.style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if len(points) == len(self.axes):
                painter.drawPolygon(QPolygonF(points))
            for point in points:
                painter.drawEllipse(point, 3, 3)
        painter.end()


class TrendChart(QWidget):
    """One card's positions over time, with the zero line and the scale's ends marked."""

    def __init__(
        self,
        title: str,
        colour: str,
        points: list[tuple[dt.datetime, int]],
        low: int,
        high: int,
        scheme: Scheme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title, self.colour, self.points = title, colour, points
        self.low, self.high, self.scheme = low, high, scheme
        self.setMinimumSize(QSize(200, 110))
        values = ", ".join(f"{local(when):%d %b %Y}: {value}" for when, value in points)
        self.setAccessibleName(f"Trend for {title}")
        self.setAccessibleDescription(values or "no checks yet")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        ink = INKS[self.scheme]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font(TypeScale.CAPTION, bold=True))
        painter.setPen(QColor(self.colour))
        painter.drawText(QRectF(4, 0, self.width() - 8, 18), Qt.AlignmentFlag.AlignLeft, self.title)
        plot = QRectF(28, 22, self.width() - 36, self.height() - 30)
        painter.setPen(QPen(QColor(ink.rule), 1))
        painter.drawRect(plot)
        painter.setFont(font(TypeScale.CAPTION - 1))
        painter.setPen(QColor(ink.secondary))
        for value in (self.low, self.high):
            y = self._y(plot, value)
            painter.drawText(
                QRectF(0, y - 7, 24, 14),
                Qt.AlignmentFlag.AlignRight,
                f"{value:+d}" if self.low < 0 else str(value),
            )
        if self.low < 0 < self.high:
            painter.setPen(QPen(QColor(ink.secondary), 1, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(plot.left(), self._y(plot, 0)), QPointF(plot.right(), self._y(plot, 0))
            )
        if not self.points:
            painter.end()
            return
        first, last = self.points[0][0], self.points[-1][0]
        span = max((last - first).total_seconds(), 1.0)
        pts = [
            QPointF(
                plot.left()
                + plot.width()
                * ((when - first).total_seconds() / span if len(self.points) > 1 else 0.5),
                self._y(plot, value),
            )
            for when, value in self.points
        ]
        painter.setPen(QPen(QColor(self.colour), 2.5))
        painter.drawPolyline(QPolygonF(pts))
        painter.setBrush(QColor(self.colour))
        for point in pts:
            painter.drawEllipse(point, 3, 3)
        painter.end()

    def _y(self, plot: QRectF, value: float) -> float:
        share = (value - self.low) / max(self.high - self.low, 1)
        return plot.bottom() - plot.height() * share
