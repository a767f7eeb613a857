"""A card's indicators as a checklist, for the temperature check.

The rows are the card back's own (:class:`IndicatorRow`), and a tick is the same mark the
back makes (``mark_for`` the group's polarity), so ticking here and on the back are one
thing. Each checkbox is named with its polarity first ("positive: Leads by example"), so a
screen reader says which way it points. Positive and negative sit side by side when there is
room and one above the other when there is not.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from leadcards.deck import Card, IndicatorGroup, Polarity
from leadcards.journal.model import Mark, mark_for
from leadcards.ui.appearance import SPACING, TypeScale, font
from leadcards.ui.card_faces import MARKERS, IndicatorRow

SIDE_BY_SIDE_FROM = 760  # px: narrower than this, the groups stack


def spoken_name(group: IndicatorGroup, text: str) -> str:
    """What a screen reader says for an indicator's checkbox: its polarity, then its text."""
    if group.polarity is Polarity.NEUTRAL:
        return text
    return f"{group.polarity.value}: {text}"


class IndicatorChecklist(QWidget):
    """Every indicator of one card, ticked where the card has a mark."""

    marks_changed = Signal(dict)  # the card's marks now: indicator id -> Mark

    def __init__(self, card: Card, marks: Mapping[str, Mark], parent: QWidget | None = None):
        super().__init__(parent)
        self.card = card
        self.rows: list[IndicatorRow] = []
        self._polarity: dict[str, Polarity] = {}
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setSpacing(SPACING * 3)
        for group in card.indicator_groups:
            column = QVBoxLayout()
            column.setSpacing(2)
            marker = MARKERS[group.polarity]
            heading = QLabel(f"{marker}  {group.title}" if marker else group.title)
            heading.setFont(font(TypeScale.LEAD, bold=True))
            heading.setAccessibleName(group.title)
            heading.setWordWrap(True)
            if group.polarity is not Polarity.NEUTRAL:
                heading.setProperty("role", group.polarity.value)
            column.addWidget(heading)
            for indicator in group.indicators:
                row = IndicatorRow(group, indicator.id, indicator.text, TypeScale.BODY + 1)
                row.box.setAccessibleName(spoken_name(group, indicator.text))
                row.box.setAccessibleDescription(group.title)
                row.box.setChecked(indicator.id in marks)
                row.box.toggled.connect(lambda _=False: self.marks_changed.emit(self.marks()))
                self._polarity[indicator.id] = group.polarity
                self.rows.append(row)
                column.addWidget(row)
            column.addStretch(1)
            self.columns.addLayout(column, 1)

    def marks(self) -> dict[str, Mark]:
        """The marks the ticks make, as the card's back makes them."""
        return {
            row.indicator_id: mark_for(self._polarity[row.indicator_id].value)
            for row in self.rows
            if row.box.isChecked()
        }

    def counts(self) -> tuple[int, int, int]:
        """How many positive, negative and plain indicators are ticked."""
        found = {Polarity.POSITIVE: 0, Polarity.NEGATIVE: 0, Polarity.NEUTRAL: 0}
        for row in self.rows:
            if row.box.isChecked():
                found[self._polarity[row.indicator_id]] += 1
        return found[Polarity.POSITIVE], found[Polarity.NEGATIVE], found[Polarity.NEUTRAL]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        wide = self._wide(event.size().width())
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    def _wide(self, width: int) -> bool:
        return width >= SIDE_BY_SIDE_FROM and self.columns.count() > 1

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        """The height at ``width`` in the arrangement that width gives (side by side or
        stacked), even before the layout has been turned to it."""
        items = [self.columns.itemAt(i) for i in range(self.columns.count())]
        columns = [item.layout() for item in items if item is not None]
        gap = self.columns.spacing()
        if self._wide(width):
            share = (width - gap * (len(columns) - 1)) // len(columns)
            return max(c.totalHeightForWidth(share) for c in columns if c is not None)
        heights = [c.totalHeightForWidth(width) for c in columns if c is not None]
        return sum(heights) + gap * max(len(heights) - 1, 0)
