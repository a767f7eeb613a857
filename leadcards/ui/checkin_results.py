"""A closed check-in round's results: in the app for the coach, and large for the room.

Everything shown comes from the round's aggregated :class:`Results` and the invitation's
own text (the cards and their indicators): never one person's answers, nothing of the
journal. For a check-in on the scale (the behaviours deck) a radar gives each card's
median with the middle half of answers shaded; for a checklist (TRACE) bars give the share
of each condition's indicators in place. A heat map gives every indicator's share, printed
as a percentage in a cell whose lightness follows the share, so it reads in greyscale; the
polarity is a symbol on every row and a word above each group. Where the team agrees and
differs most is said in words.

Each chart's accessible description says its figures in words. In the app the view scrolls
with the keys. ``large=True`` sets it for the audience window: text in proportion to the
window (the floor the audience's cards use, 44 px on 1920x1080), no scroll bar, paged by
the clicker's Down and Up, each page beginning at a whole line, chart or indicator.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QPalette,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from leadcards.checkin.ledger import CheckIn, Round
from leadcards.checkin.results import ANONYMITY, Results, too_few_words
from leadcards.colours import Scheme, palette
from leadcards.journal.model import SCALE
from leadcards.ui.appearance import INKS, SPACING, build_palette
from leadcards.ui.appearance import current_scheme as app_scheme
from leadcards.ui.audience_face import floor_px
from leadcards.ui.audience_window import AudienceWindow
from leadcards.ui.checkin_charts import (
    LONG_TITLE,
    TITLE_LINES,
    WIDE_FROM,
    Axis,
    HeatCard,
    HeatPages,
    InPlaceBars,
    MedianRadar,
    Sizer,
    cut_to_lines,
    figure,
    meta_line,
    standouts,
)

# --------------------------------------------------------------------------- the view


class ResultsView(QWidget):
    """One closed round's results; ``large`` for the audience window (paged by
    :meth:`turn`, no scroll bar, text in proportion to the window)."""

    def __init__(
        self,
        checkin: CheckIn,
        round_: Round,
        results: Results,
        *,
        large: bool = False,
        scheme: Scheme | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkinResults")
        self.checkin, self.round, self.results = checkin, round_, results
        self.large = large
        self.scheme = scheme if scheme is not None else app_scheme()
        self.sizer = Sizer(large)
        ink = INKS[self.scheme]
        colours = build_palette(self.scheme)
        colours.setColor(QPalette.ColorRole.Window, QColor(ink.surface))
        self.setPalette(colours)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            'QLabel[tabStop="true"] { border: 2px solid transparent; border-radius: 4px; }'
            f'QLabel[tabStop="true"]:focus {{ border-color: {ink.focus}; }}'
        )
        self._labels: list[tuple[QLabel, str, bool]] = []
        self._kept: dict[QWidget, QWidget] = {}  # a heading, kept on a page with what follows
        self.area = QScrollArea()
        self.area.setObjectName("checkinResultsScroll")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the arrow and page keys scroll
        self.area.setAccessibleName(f"Results of round {round_.number} of {checkin.title}")
        self.setFocusProxy(self.area)
        self.content = QWidget()
        self.content.setObjectName("checkinResultsContent")
        self.content.setAutoFillBackground(True)
        self.area.setWidget(self.content)
        for widget in (self.area, self.area.viewport(), self.content):  # a style sheet stops
            widget.setPalette(colours)  # the palette passing down by itself
        self._build()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.area, 1)
        self.page_label = self._label("", "small", bold=True, role="secondary")
        self.page_label.setObjectName("resultsPage")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_label.setContentsMargins(0, 0, SPACING * 4, SPACING)
        outer.addWidget(self.page_label)
        self.page_label.setVisible(large)
        self._starts: list[int] = [0]
        # Large, what begins the next page is covered, never shown cut through at the foot.
        self.cover = QWidget(self.area.viewport())
        self.cover.setObjectName("nextPageCover")
        self.cover.setPalette(colours)
        self.cover.setAutoFillBackground(True)
        self.cover.hide()
        bar = self.area.verticalScrollBar()
        bar.valueChanged.connect(lambda _: self._say_page())
        bar.rangeChanged.connect(lambda *_: self._paginate())
        if large:  # the room sees pages, turned by the clicker; nothing here takes focus
            self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            for widget in (self.area, *self.findChildren(QWidget)):
                widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # ------------------------------------------------------------------ building

    def _label(
        self, text: str, size: str, *, bold: bool = False, role: str = "", stop: bool = False
    ) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setFont(self.sizer.font(size, bold=bold))
        if role == "secondary":
            colours = label.palette()
            colours.setColor(QPalette.ColorRole.WindowText, QColor(INKS[self.scheme].secondary))
            label.setPalette(colours)
        if stop:  # reachable with Tab and read with the arrow keys, as the app's summaries
            label.setProperty("tabStop", True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # after the flags, which set it
        self._labels.append((label, size, bold))
        return label

    def _build(self) -> None:
        margin = SPACING * (4 if self.large else 2)
        self.column = column = QVBoxLayout(self.content)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(SPACING * 2)
        long_title = len(self.checkin.title) > LONG_TITLE
        self.title_label = self._label(
            self.checkin.title, "heading" if long_title else "title", bold=True
        )
        self.title_label.setObjectName("resultsTitle")
        self.title_label.setAccessibleName(self.checkin.title)  # in full, though cut short
        self.meta_label = self._label(meta_line(self.checkin, self.round), "label")
        self.privacy_label = self._label(ANONYMITY, "small", role="secondary")
        self.privacy_label.setObjectName("anonymityNote")
        self.header = QWidget()
        header = QVBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(SPACING // 2)
        for label in (self.title_label, self.meta_label, self.privacy_label):
            header.addWidget(label)
        column.addWidget(self.header)

        self.chart = self._chart()
        self.legend = self._label(self._legend_text(), "small", role="secondary")
        said = standouts(self.checkin, self.results)
        self.words = QWidget()
        words = QVBoxLayout(self.words)
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(SPACING)
        self.agree_label: QLabel | None = None
        self.differ_label: QLabel | None = None
        if said.agree or said.differ:
            for heading, lines in (
                (said.agree_heading, said.agree),
                (said.differ_heading, said.differ),
            ):
                above = self._label(heading, "heading", bold=True)
                words.addWidget(above)
                shown = "\n".join(f"\u2022 {line}" for line in lines) or "None"
                label = self._label(shown, "body", stop=True)
                self._kept[above] = label  # never the last line of a page
                label.setAccessibleName(f"{heading}: " + "; ".join(lines or ("none",)))
                words.addWidget(label)
                if heading == said.agree_heading:
                    self.agree_label = label
                else:
                    self.differ_label = label
            words.addWidget(self._label(said.why, "small", role="secondary"))
        else:
            words.addWidget(self._label(said.none, "body", stop=True))
        titles = {card.card_id: card.title for card in self.checkin.invitation.cards}
        unplaced = too_few_words(
            [titles.get(c, c) for c in self.results.too_few], self.checkin.invitation.min_group
        )
        self.too_few_label: QLabel | None = None
        if unplaced:
            self.too_few_label = self._label(unplaced, "body", stop=True)
            words.addWidget(self.too_few_label)
        self.pair = QWidget()
        self.pair_row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.pair)
        self.pair_row.setContentsMargins(0, 0, 0, 0)
        self.pair_row.setSpacing(SPACING * 4)
        chart_box = QVBoxLayout()
        chart_box.addWidget(self.chart, 1)
        if self.large and self.results.spreads:
            words.addWidget(self.legend)  # the radar takes the page's height
        else:
            chart_box.addWidget(self.legend)
        words.addStretch(1)
        self.pair_row.addLayout(chart_box, 3)
        self.pair_row.addWidget(self.words, 2)
        column.addWidget(self.pair)

        cards = [card for card in self.checkin.invitation.cards if card.indicators]
        self.heat_cards: list[HeatCard] = []
        self.heat_pages: HeatPages | None = None
        self.heat_grid = QGridLayout()
        if self.large:  # for the room: flowed into pages of two columns
            self.heat_pages = HeatPages(cards, self.results, self.sizer, self.scheme)
            column.addWidget(self.heat_pages)
        else:
            column.addWidget(
                self._label(
                    "Indicators: the share of the team who see each one", "heading", bold=True
                )
            )
            column.addWidget(
                self._label(
                    "Printed in each cell; the "
                    + ("darker" if self.scheme is Scheme.LIGHT else "lighter")
                    + " the cell, the more of the team see it.",
                    "small",
                    role="secondary",
                )
            )
            self.heat_cards = [
                HeatCard(card, self.results, self.sizer, self.scheme) for card in cards
            ]
            self.heat_grid.setHorizontalSpacing(SPACING * 5)
            self.heat_grid.setVerticalSpacing(SPACING * 3)
            column.addLayout(self.heat_grid)
        column.addStretch(1)
        self._columns = 0
        self._arrange(1)

    def _chart(self) -> QWidget:
        cards = {card.card_id: card for card in self.checkin.invitation.cards}

        def accent(card_id: str) -> str:
            return palette(
                cards[card_id].colour if card_id in cards else "#5a6570", self.scheme
            ).accent

        if self.results.spreads:
            axes = [
                Axis(
                    cards[s.card_id].title if s.card_id in cards else s.card_id,
                    accent(s.card_id),
                    s,
                )
                for s in self.results.spreads
            ]
            return MedianRadar(axes, self.sizer, self.scheme)
        rows = [
            (card.title, accent(card.card_id), self.results.in_place[card.card_id])
            for card in self.checkin.invitation.cards
            if card.card_id in self.results.in_place
        ]
        return InPlaceBars(rows, self.sizer, self.scheme)

    def _legend_text(self) -> str:
        if self.results.spreads:
            low, high = SCALE
            return (
                "Solid line and dots: each card's median. Shaded between dashed lines: the middle"
                f" half of answers. Dotted ring: 0. Centre {figure(low)}, edge"
                f" {figure(high, signed=True)}."
            )
        return "Each bar: on average, the share of the team who see the condition's indicators."

    def _arrange(self, columns: int) -> None:
        """The heat map's cards in ``columns`` columns, read across then down."""
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.heat_cards:
            self.heat_grid.removeWidget(card)
        for number, card in enumerate(self.heat_cards):
            self.heat_grid.addWidget(card, number // columns, number % columns)
        for column in range(2):
            self.heat_grid.setColumnStretch(column, 1 if column < columns else 0)

    # ------------------------------------------------------------------ size

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        width, height = event.size().width(), event.size().height()
        if self.large:
            floor = floor_px(width, height)
            if floor != self.sizer.floor:
                self.sizer.floor = floor
                for label, size, bold in self._labels:
                    label.setFont(self.sizer.font(size, bold=bold))
                for widget in (self.chart, *self.heat_cards, self.heat_pages):
                    if widget is not None:
                        widget.updateGeometry()
                        widget.update()
            inner = width - SPACING * 8
            font = self.title_label.font()
            self.title_label.setText(cut_to_lines(self.checkin.title, font, inner, TITLE_LINES))
        side_by_side = bool(self.results.spreads) and (self.large or width >= WIDE_FROM)
        self.pair_row.setDirection(
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        self._arrange(2 if width >= self.sizer.line("label") * 40 else 1)
        self._fit_chart(width, height)
        if self.large:  # room below the last line, so the last page can begin where it should
            margin = SPACING * 4
            self.column.setContentsMargins(margin, margin, margin, margin + height)
            footer = round(self.sizer.line("small")) + SPACING  # as tall with a number or none
            self.page_label.setFixedHeight(footer)
            if self.heat_pages is not None:
                self.heat_pages.set_band(height - footer - 4)

    def _fit_chart(self, width: int, height: int) -> None:
        """Large, the radar takes what the first page leaves below the header."""
        if isinstance(self.chart, InPlaceBars):
            self.chart.setMinimumHeight(self.chart.sizeHint().height())
            return
        if not self.large:
            self.chart.setMinimumHeight(480)
            return
        inner = width - SPACING * 8
        header = self.header.heightForWidth(inner)
        footer = self.page_label.sizeHint().height()
        room = height - footer - SPACING * 8 - SPACING * 2 - header
        self.chart.setMinimumHeight(max(320, room))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, self, self._paginate)  # not after the view is gone

    # ------------------------------------------------------------------ pages

    def atoms(self) -> list[tuple[int, int]]:
        """What a page must never cut through, top and bottom in the content: each line
        of words, the chart, each indicator."""
        found = []
        labels = [label for label, _, _ in self._labels if label is not self.page_label]
        for widget in (*labels, self.chart):
            if widget.isVisibleTo(self.content):
                top = widget.mapTo(self.content, QPoint(0, 0)).y()
                last = self._kept.get(widget, widget)
                found.append((top, last.mapTo(self.content, QPoint(0, last.height())).y()))
        for card in self.heat_cards:
            top = card.mapTo(self.content, card.rect().topLeft()).y()
            found += [
                (top + round(p.rect.top()), top + round(p.rect.bottom()))
                for p in card.plan(card.width())[0]
            ]
        if self.heat_pages is not None:  # each of its pages whole
            top = self.heat_pages.mapTo(self.content, QPoint(0, 0)).y()
            _, tops, bottom = self.heat_pages.plan()
            ends = [*tops[1:], bottom]
            found += [(top + round(a), top + round(b) - 3) for a, b in zip(tops, ends, strict=True)]
        return found

    def _paginate(self) -> None:
        self._say_page()

    def page_starts(self) -> list[int]:
        """Where each page begins in the content: as far on as a whole line, chart or
        indicator allows, each page the window's height."""
        bar = self.area.verticalScrollBar()
        view, end = self.area.viewport().height(), bar.maximum()
        if self.heat_pages is not None:  # its pages as tall as the window shows
            self.heat_pages.set_band(view - 4)
        atoms = self.atoms()
        breaks = sorted({max(0, top - 2) for top, _ in atoms})
        whole = [b for b in breaks if not any(top < b < bottom for top, bottom in atoms)]
        last = max([bottom for _, bottom in atoms] or [0])  # below it: only the margin
        starts = [0]
        while starts[-1] < end and starts[-1] + view < last and view > 0:
            limit = starts[-1] + view
            fits = [b for b in whole if starts[-1] < b <= limit]
            starts.append(min(end, max(fits) if fits else limit))
        return starts

    def page(self) -> tuple[int, int]:
        """The page on show and how many there are (as the audience's cards say it)."""
        self._starts = self.page_starts()
        value = self.area.verticalScrollBar().value()
        index = max([i for i, start in enumerate(self._starts) if start <= value] or [0])
        return index + 1, len(self._starts)

    def turn(self, step: int) -> bool:
        """The next (1) or previous (-1) page; False if there is none that way."""
        target = self.page()[0] - 1 + step
        if not 0 <= target < len(self._starts):
            return False
        self.area.verticalScrollBar().setValue(self._starts[target])
        return True

    def _say_page(self) -> None:
        if not self.large:  # the app has a scroll bar, and no pages to say
            return
        page, pages = self.page()
        self.page_label.setText(f"{page} of {pages}" if pages > 1 else "")
        viewport = self.area.viewport()
        if page < pages:
            top = self._starts[page] - self.area.verticalScrollBar().value()
            self.cover.setGeometry(0, top, viewport.width(), max(0, viewport.height() - top))
            self.cover.show()
            self.cover.raise_()
        else:
            self.cover.hide()


def present_results(
    checkin: CheckIn,
    round_: Round,
    results: Results,
    *,
    audience: AudienceWindow | None = None,
    screen: QScreen | None = None,
) -> AudienceWindow:
    """Put a round's results on the audience window, large for the room: on ``audience``
    (the presenter's), else on a new one, full screen on ``screen`` or as a window. The
    window's ``show_cards`` goes back to the cards; its Down and Up keys turn the pages."""
    window = audience if audience is not None else AudienceWindow(app_scheme())
    window.show_results(ResultsView(checkin, round_, results, large=True, scheme=window.scheme))
    if audience is None:
        if screen is not None:
            window.setScreen(screen)
            window.setGeometry(screen.geometry())
            window.showFullScreen()
        else:
            window.show()
    return window
