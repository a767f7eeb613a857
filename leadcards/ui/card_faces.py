"""The two faces of a card, drawn from deck data: front (what it is) and back (how it shows).

Each face is a rounded card with the theme band at the top and its content in a scroll area,
so long content scrolls inside the face instead of spilling out of it. Text sizes come from
the type scale times the user's card zoom; colours from the theme palette (AA contrast).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leadcards import resources
from leadcards.colours import WHITE, Scheme, palette, text_on
from leadcards.deck import Card, Deck, IndicatorGroup, Origin, Polarity, Section
from leadcards.ui.appearance import INKS, SPACING, TypeScale, font

RADIUS = 14


def check_icon(colour: str) -> str:
    """Path of the bundled tick image drawn in white or black (for a style sheet url)."""
    name = "check-white.svg" if colour == WHITE else "check-black.svg"
    return str(resources.file("icons", name)).replace("\\", "/")


MARKERS = {Polarity.POSITIVE: "+", Polarity.NEGATIVE: "\u2212", Polarity.NEUTRAL: ""}
POLARITY_WORDS = {
    Polarity.POSITIVE: "positive indicator",
    Polarity.NEGATIVE: "negative indicator",
    Polarity.NEUTRAL: "indicator",
}
# Said before an indicator's text, so a screen reader gives the polarity the sign shows.
POLARITY_NAMES = {Polarity.POSITIVE: "positive: ", Polarity.NEGATIVE: "negative: "}


_LONG_WORD = re.compile(r"\S{24,}")


def breakable(text: str) -> str:
    """Text whose very long words may wrap: a zero-width space every 16 characters inside
    them, so a label never needs to be wider than the card (nothing visible changes)."""
    return _LONG_WORD.sub(
        lambda m: "\u200b".join(m.group()[i : i + 16] for i in range(0, len(m.group()), 16)),
        text,
    )


def _label(
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    role: str = "",
) -> QLabel:
    label = QLabel(breakable(text))
    label.setTextFormat(Qt.TextFormat.PlainText)  # deck text is never interpreted as markup
    label.setAccessibleName(text)
    label.setWordWrap(True)
    label.setFont(font(size, bold=bold, italic=italic))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if role:
        label.setProperty("role", role)
    return label


class _ClickLabel(QLabel):
    """An indicator's text: clicking it toggles the checkbox beside it."""

    def __init__(self, text: str, box: QCheckBox, size: float) -> None:
        super().__init__(breakable(text))
        self._box = box
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setFont(font(size))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self._box.toggle()
            event.accept()
            return
        super().mousePressEvent(event)


class IndicatorRow(QWidget):
    """A checkbox, a plus or minus sign (polarity reads without colour) and the wrapped text."""

    def __init__(self, group: IndicatorGroup, indicator_id: str, text: str, size: float) -> None:
        super().__init__()
        self.indicator_id = indicator_id
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(SPACING)
        self.box = QCheckBox()
        self.box.setAccessibleName(POLARITY_NAMES.get(group.polarity, "") + text)
        self.box.setAccessibleDescription(f"{POLARITY_WORDS[group.polarity]}, {group.title}")
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        marker = MARKERS[group.polarity]
        if marker:
            sign = _label(marker, size, bold=True, role=group.polarity.value)
            sign.setFixedWidth(round(size * 1.3))
            sign.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            sign.setAccessibleName("")
            row.addWidget(sign, 0, Qt.AlignmentFlag.AlignTop)
        self.text = _ClickLabel(text, self.box, size)
        if group.polarity is Polarity.NEGATIVE:
            self.text.setFont(font(size, italic=True))
        row.addWidget(self.text, 1)


class CardFace(QFrame):
    """The frame every face shares: theme band, then content that scrolls inside the card."""

    def __init__(self, deck: Deck, card: Card, scheme: Scheme, zoom: float, side: str) -> None:
        super().__init__()
        self.deck, self.card, self.zoom, self.side = deck, card, zoom, side
        self.setObjectName("cardFace")
        theme = deck.theme(card.theme)
        colours = palette(theme.colour, scheme, theme.colour_dark)
        ink = INKS[scheme]
        box = round(18 * zoom)
        tick = check_icon(text_on(ink.focus))
        self.setStyleSheet(
            f"""
            #cardFace {{ background: {ink.surface}; border: 1px solid {ink.rule};
                         border-radius: {RADIUS}px; }}
            #band {{ background: {colours.band}; border-top-left-radius: {RADIUS - 1}px;
                     border-top-right-radius: {RADIUS - 1}px; }}
            #band QLabel {{ color: {colours.on_band}; background: transparent; }}
            #faceBody {{ background: transparent; border: none; }}
            #faceBody > #qt_scrollarea_viewport, #faceContent {{ background: transparent; }}
            #faceBody QScrollBar:vertical {{ background: transparent; width: 12px;
                                            margin: 4px 2px 4px 0; }}
            #faceBody QScrollBar::handle:vertical {{ background: {ink.rule};
                                                    border-radius: 5px; min-height: 32px; }}
            #faceBody QScrollBar::add-line, #faceBody QScrollBar::sub-line {{ height: 0; }}
            #faceBody QScrollBar::add-page, #faceBody QScrollBar::sub-page {{
                background: transparent; }}
            QCheckBox::indicator {{ width: {box}px; height: {box}px; border-radius: 4px;
                                    border: 2px solid {ink.secondary};
                                    background: {ink.surface}; }}
            QCheckBox::indicator:checked {{ background: {ink.focus}; border-color: {ink.focus};
                                            image: url("{tick}"); }}
            QCheckBox {{ border: 2px solid transparent; border-radius: 6px; padding: 2px; }}
            QCheckBox:focus {{ border-color: {ink.focus}; outline: none; }}
            QLabel {{ color: {ink.text}; background: transparent; }}
            QLabel[role="secondary"] {{ color: {ink.secondary}; }}
            QLabel[role="accent"] {{ color: {colours.accent}; }}
            QLabel[role="positive"] {{ color: {ink.positive}; }}
            QLabel[role="negative"] {{ color: {ink.negative}; }}
            QFrame[role="rule"] {{ background: {ink.rule}; border: none; }}
            QTabWidget::pane {{ border: none; border-top: 1px solid {ink.rule}; }}
            QTabBar::tab {{ color: {ink.secondary}; background: transparent;
                            padding: 6px 12px; border: none;
                            border-bottom: 3px solid transparent; }}
            QTabBar::tab:selected {{ color: {ink.text}; border-bottom: 3px solid
                                     {colours.accent}; }}
            QTabBar::tab:focus {{ text-decoration: underline; }}
            """
        )
        outer = self.outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.setSpacing(0)
        outer.addWidget(self._band(theme.title))

    def scroll_by(self, pages: float) -> None:
        """Scroll the visible page of this face by a number of pages (or fractions)."""
        areas = [a for a in self.findChildren(QScrollArea) if a.isVisibleTo(self)]
        if areas:
            bar = areas[0].verticalScrollBar()
            bar.setValue(bar.value() + round(pages * bar.pageStep()))

    def s(self, size: float) -> float:
        """A type-scale size at this face's zoom."""
        return size * self.zoom

    def _band(self, theme_title: str) -> QWidget:
        band = QFrame()
        band.setObjectName("band")
        # A column (not a row), so wrapped names get the height they need at any width.
        column = QVBoxLayout(band)
        pad = round(SPACING * 1.5 * self.zoom)
        column.setContentsMargins(pad * 2, pad, pad * 2, pad)
        column.setSpacing(2)
        name = _label(theme_title.upper(), self.s(TypeScale.CAPTION + 1), bold=True)
        column.addWidget(name)
        if self.side == "back" and self.card.title != theme_title:
            column.addWidget(_label(self.card.title, self.s(TypeScale.BODY), bold=True))
        return band

    def scroll_page(self) -> tuple[QScrollArea, QVBoxLayout]:
        """A scroll area whose content is as wide as the face (never scrolls sideways)."""
        area = QScrollArea()
        area.setObjectName("faceBody")
        area.setAccessibleName(f"{self.card.title}, {self.side} of the card")
        # The card view scrolls it with Up/Down/PageUp/PageDown; focus goes to the checkboxes
        # (and the scroll area follows the focused one into view).
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("faceContent")
        column = QVBoxLayout(content)
        pad = round(SPACING * 3 * self.zoom)
        column.setContentsMargins(pad, pad, pad, pad)
        column.setSpacing(round(SPACING * 1.25 * self.zoom))
        area.setWidget(content)
        return area, column

    def add_heading(self, column: QVBoxLayout, text: str, marker: str = "") -> QLabel:
        heading = _label(f"{marker}  {text}" if marker else text, self.s(TypeScale.LEAD), bold=True)
        heading.setAccessibleName(text)
        column.addSpacing(round(SPACING * self.zoom))
        column.addWidget(heading)
        return heading

    def add_section(self, column: QVBoxLayout, section: Section) -> None:
        if section.title:
            self.add_heading(column, section.title)
        for paragraph in section.paragraphs:
            column.addWidget(_label(paragraph, self.s(TypeScale.BODY)))
        for number, item in enumerate(section.items, 1):
            bullet = f"{number}." if section.numbered else "\u2022"
            column.addWidget(_label(f"{bullet}  {item}", self.s(TypeScale.BODY)))

    def add_credit(self, column: QVBoxLayout) -> None:
        column.addStretch(1)
        credit = _label(self.deck.source.credit, self.s(TypeScale.CAPTION), role="secondary")
        column.addWidget(credit)


class CardFront(CardFace):
    def __init__(self, deck: Deck, card: Card, scheme: Scheme, zoom: float) -> None:
        super().__init__(deck, card, scheme, zoom, "front")
        area, column = self.scroll_page()
        kind = _label(deck.terms.card.upper(), self.s(TypeScale.CAPTION), role="secondary")
        column.addWidget(kind)
        title = _label(card.title, self.s(TypeScale.TITLE * 1.25), bold=True)
        title.setObjectName("cardTitle")
        column.addWidget(title)
        if card.headline:
            column.addWidget(_label(card.headline, self.s(TypeScale.HEADING), role="accent"))
        rule = QFrame()
        rule.setProperty("role", "rule")
        rule.setFixedHeight(2)
        column.addWidget(rule)
        column.addWidget(_label(card.summary, self.s(TypeScale.HEADING + 2)))
        self.add_credit(column)
        self.outer.addWidget(area, 1)


class CardBack(CardFace):
    """Indicators (positive and negative apart) and the prompts; TRACE adds tabs for
    "Why it matters" and "Examples", one click or key away."""

    mark_toggled = Signal(str, bool)

    def __init__(
        self,
        deck: Deck,
        card: Card,
        scheme: Scheme,
        zoom: float,
        marks: frozenset[str],
        *,
        group_only: bool = False,
    ) -> None:
        super().__init__(deck, card, scheme, zoom, "back")
        self.rows: list[IndicatorRow] = []
        # In front of a group (the presenter's console) only the group-safe prompts show.
        self.asked = card.group_prompts() if group_only else card.prompts
        checklist, column = self.scroll_page()
        self._fill_checklist(column, marks)
        extra_pages = [(section.title or "More", section) for section in card.sections]
        if not extra_pages and not card.examples:
            self.tabs: QTabWidget | None = None
            self.outer.addWidget(checklist, 1)
            return
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setObjectName("backTabs")
        self.tabs.setAccessibleName(f"{card.title} back: sections")
        self.tabs.tabBar().setFont(font(self.s(TypeScale.BODY), bold=True))
        self.tabs.addTab(checklist, "Checklist")
        for title, section in extra_pages:
            page, page_column = self.scroll_page()
            self.add_section(
                page_column,
                Section(section.id, None, section.paragraphs, section.items, section.numbered),
            )
            page_column.addStretch(1)
            self.tabs.addTab(page, title.replace("&", "&&"))
        if card.examples:
            page, page_column = self.scroll_page()
            for example in card.examples:
                if example.subject:
                    page_column.addWidget(
                        _label(example.subject, self.s(TypeScale.LEAD), bold=True, role="accent")
                    )
                page_column.addWidget(_label(example.text, self.s(TypeScale.BODY)))
                page_column.addSpacing(round(SPACING * self.zoom))
            page_column.addStretch(1)
            self.tabs.addTab(page, "Examples")
        self.outer.addWidget(self.tabs, 1)

    def _fill_checklist(self, column: QVBoxLayout, marks: frozenset[str]) -> None:
        for group in self.card.indicator_groups:
            marker = MARKERS[group.polarity]
            self.add_heading(column, group.title, marker)
            for indicator in group.indicators:
                row = IndicatorRow(group, indicator.id, indicator.text, self.s(TypeScale.BODY))
                row.box.setChecked(indicator.id in marks)
                row.box.toggled.connect(
                    lambda checked, ident=indicator.id: self.mark_toggled.emit(ident, checked)
                )
                self.rows.append(row)
                column.addWidget(row)
        if self.asked:
            self.add_heading(column, "Questions")
            for prompt in self.asked:
                if prompt.space:
                    try:
                        space = self.deck.space(prompt.space).title
                    except KeyError:
                        space = prompt.space
                    column.addWidget(
                        _label(space.upper(), self.s(TypeScale.CAPTION), bold=True, role="accent")
                    )
                column.addWidget(_label(prompt.text, self.s(TypeScale.BODY)))
            if any(p.origin is Origin.LEADCARDS for p in self.asked):
                column.addWidget(
                    _label(
                        "Questions written by LeadCards, not by the framework's authors.",
                        self.s(TypeScale.CAPTION),
                        italic=True,
                        role="secondary",
                    )
                )
        self.add_credit(column)
