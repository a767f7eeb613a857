"""A closed team check-in round as a PDF report for the coach to share with the team.

A cover (the check-in, its deck, the round, how many answered, when it closed, what
anonymity does and does not promise, the framework's credit); for the behaviours deck a
radar of the cards' medians with their middle halves shaded and a table of each card's
positions, or for a checklist deck (TRACE) the share of each condition's indicators in
place; a heat map of every indicator's share; and, in words, where the team agrees most
and differs most. Only the round's :class:`~leadcards.checkin.results.Results` are drawn:
aggregated figures, never one person's answers.

Shares are printed as percentages and also set as a fill whose lightness follows the share
(one hue, from white to dark), so the heat map reads in greyscale; text on a dark fill is
white. Everything a person or a deck wrote (the check-in's title above all) goes through
:mod:`leadcards.printing.text`: escaped before it meets Paragraph markup, and set in a
bundled face that draws it, or shown as the placeholder.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from leadcards import __version__
from leadcards.checkin.files import Invitation, InvitedCard, InvitedIndicator
from leadcards.checkin.ledger import CheckIn, CheckInError, Round
from leadcards.checkin.results import ANONYMITY, Results, Spread
from leadcards.colours import BLACK, INK, WHITE, parse_hex, readable_on, text_on, to_hex
from leadcards.deck import Polarity
from leadcards.journal.model import SCALE
from leadcards.journal.report import day_in_words
from leadcards.printing import fonts
from leadcards.printing.charts import BAND, NOW, Axis, Radar
from leadcards.printing.document import FOOTER, MARGIN, draw_footer, style
from leadcards.printing.face import SECONDARY, Ink, MarkedParagraph, marker_for
from leadcards.printing.layout import MM, PAPERS
from leadcards.printing.text import draw_string, fitted, local, markup, plain

HEAT = "#003087"  # the heat map's fill at a share of 1 (white at 0)
GRID = "#B8B8B8"
SHARE_COLUMN = 24 * MM
TITLE_CHARS = 200  # a longer card title (an invitation's may be) is shortened in tables
LOW, HIGH = SCALE


# --------------------------------------------------------------------------- words


def position(value: float) -> str:
    """A position on the scale as the report prints it: +2, -1.5, 0."""
    return f"{value:+g}" if value else "0"


def percent(share: float) -> str:
    """A share as a whole percentage: 100% only if everyone, 0% only if nobody."""
    shown = round(share * 100)
    if 0 < share < 1:
        shown = min(max(shown, 1), 99)
    return f"{shown}%"


def heat(share: float) -> str:
    """The heat map's fill for ``share`` (0 to 1): white mixed towards :data:`HEAT`, so
    every channel, and the lightness in greyscale, falls as the share grows."""
    share = min(max(share, 0.0), 1.0)
    r, g, b = parse_hex(HEAT)
    return to_hex((255 + (r - 255) * share, 255 + (g - 255) * share, 255 + (b - 255) * share))


def _figure_on(fill: str) -> str:
    """White on a dark fill, else black (not the body's near-black: a mid-grey fill, the
    hardest, then keeps 4.5:1 when printed in greyscale too)."""
    return WHITE if text_on(fill) == WHITE else BLACK


def _middle_words(spread: Spread) -> str:
    low, high = spread.middle_half
    if low == high:
        return f"middle half at {position(low)}"
    return f"middle half from {position(low)} to {position(high)}"


def _ticked_words(share: float) -> str:
    if share >= 1:
        return "everyone ticked it"
    if share <= 0:
        return "nobody ticked it"
    return f"{percent(share)} ticked it"


# --------------------------------------------------------------------------- drawings


class _Counts(Flowable):
    """How many chose each position, as a row of small bars from the scale's low end to its
    top, each with its count, over the middle half shaded; without a spread, the positions
    themselves (a heading). Bars of one table share a scale: ``most`` is the tallest."""

    def __init__(self, spread: Spread | None, most: int, ink: Ink) -> None:
        super().__init__()
        self.spread, self.most, self.ink = spread, most, ink

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 9.0 if self.spread is None else 26.0
        return self.width, self.height

    def draw(self) -> None:
        canvas, ink, spread = self.canv, self.ink, self.spread
        slot = self.width / (HIGH - LOW + 1)
        canvas.saveState()
        if spread is None:
            canvas.setFillColor(ink(SECONDARY))
            canvas.setFont(fonts.BOLD, 7)
            for index, value in enumerate(range(LOW, HIGH + 1)):
                canvas.drawCentredString((index + 0.5) * slot, 1, position(value))
            canvas.restoreState()
            return
        base, top = 2.0, self.height - 9
        low, high = ((v - LOW + 0.5) * slot for v in spread.middle_half)
        canvas.setFillColor(ink(BAND))
        canvas.rect(low - slot * 0.45, base, high - low + slot * 0.9, top - base, stroke=0, fill=1)
        canvas.setStrokeColor(ink(GRID))
        canvas.setLineWidth(0.5)
        canvas.line(0, base, self.width, base)
        canvas.setFont(fonts.REGULAR, 6.5)
        for index, count in enumerate(spread.counts):
            if not count:
                continue
            x = index * slot
            height = (top - base) * count / max(self.most, 1)
            canvas.setFillColor(ink(NOW))
            canvas.rect(x + slot * 0.25, base, slot * 0.5, height, stroke=0, fill=1)
            canvas.setFillColor(ink(INK))
            canvas.drawCentredString(x + slot / 2, base + height + 1.5, str(count))
        canvas.restoreState()


class _ShareBars(Flowable):
    """One bar a card: the share of its indicators in place, with the share in figures."""

    ROW = 22.0

    def __init__(self, rows: Sequence[tuple[str, str, float]], ink: Ink) -> None:
        super().__init__()
        self.rows, self.ink = rows, ink  # (title, colour, share)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.ROW * len(self.rows) + 12
        return self.width, self.height

    def draw(self) -> None:
        canvas, ink = self.canv, self.ink
        label = self.width * 0.3
        track = self.width - label - 40
        canvas.saveState()
        for index, (title, colour, share) in enumerate(self.rows):
            y = self.height - 12 - (index + 1) * self.ROW + 5
            canvas.setFillColor(ink(INK))
            draw_string(canvas, 0, y + 4, fitted(title, fonts.BOLD, 10, label - 8), fonts.BOLD, 10)
            canvas.setFillColor(ink(readable_on(colour, WHITE, 3.0)))
            canvas.rect(label, y, track * share, 14, stroke=0, fill=1)
            canvas.setStrokeColor(ink(INK))
            canvas.setLineWidth(0.6)
            canvas.rect(label, y, track, 14, stroke=1, fill=0)
            canvas.setFillColor(ink(INK))
            canvas.setFont(fonts.REGULAR, 10)
            canvas.drawString(label + track + 6, y + 4, percent(share))
        canvas.setFillColor(ink(SECONDARY))
        canvas.setFont(fonts.REGULAR, 7)
        for tick in (0.0, 0.5, 1.0):
            x = label + track * tick
            canvas.drawCentredString(x, self.height - 8, percent(tick))
            canvas.setStrokeColor(ink(GRID))
            canvas.setLineWidth(0.4)
            canvas.line(x, 0, x, self.height - 11)
        canvas.restoreState()


# --------------------------------------------------------------------------- the story


class _Story:
    def __init__(self, invitation: Invitation, found: Results, ink: Ink, width: float) -> None:
        self.invitation, self.found, self.ink, self.width = invitation, found, ink, width
        self.spreads = {s.card_id: s for s in found.spreads}
        self.kicker = style("kicker", 12, bold=True, colour=SECONDARY, spaceAfter=6)
        self.cover_line = style("coverline", 13, spaceAfter=6)
        self.h1 = style("h1", 18, bold=True, spaceBefore=4, spaceAfter=6)
        self.h2 = style("h2", 13, bold=True, spaceBefore=12, spaceAfter=4)
        self.body = style("body", 10.5, spaceAfter=4)
        self.small = style("small", 9, colour=SECONDARY, spaceAfter=4)
        self.cell = style("cell", 9)
        self.item = style("item", 10.5, leftIndent=12, bulletIndent=0, spaceAfter=3)

    def text(self, value: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(markup(value, style.fontName).markup, style)

    def title(self, card: InvitedCard, size: float) -> Paragraph:
        """A card's title for a table row (which cannot split across pages): shortened if
        it is longer than a deck's card title may be (an invitation allows more)."""
        shown = card.title if len(card.title) <= TITLE_CHARS else card.title[:TITLE_CHARS]
        if shown != card.title:
            shown = shown.rstrip() + "\N{HORIZONTAL ELLIPSIS}"
        return self.text(shown, self.card_style(card, size))

    def cover_title(self, title: str) -> ParagraphStyle:
        """Smaller for a long title, so the cover keeps to one page (at 300 characters)."""
        size = 26 if len(title) <= 70 else 20 if len(title) <= 160 else 16
        return style("cover", size, bold=True, spaceAfter=12)

    def card_style(self, card: InvitedCard, size: float) -> ParagraphStyle:
        colour = readable_on(card.colour, WHITE)
        return style(f"card-{size}", size, bold=True, colour=colour)

    def story(self, closed: dt.datetime, number: int) -> list[Flowable]:
        flow = self.cover(closed, number)
        flow += self.positions() if self.invitation.scaled else self.in_place()
        return flow + self.heat_map() + self.agreement()

    def cover(self, closed: dt.datetime, number: int) -> list[Flowable]:
        invitation, people = self.invitation, self.found.people
        about = invitation.deck_title
        holds = "what share of the team ticked each indicator"
        if invitation.scaled:
            holds = "how many chose each position on the scale, and " + holds
        if invitation.space:
            about += f" \N{MIDDLE DOT} {invitation.space.capitalize()}"
        return [
            Spacer(1, 40 * MM),
            Paragraph("Team check-in", self.kicker),
            self.text(invitation.title, self.cover_title(invitation.title)),
            self.text(about, self.cover_line),
            Paragraph(
                f"Round {number}, closed on {day_in_words(local(closed).date())}", self.cover_line
            ),
            Paragraph(
                f"{people} {'person' if people == 1 else 'people'} answered", self.cover_line
            ),
            Paragraph(
                f"Made on {day_in_words(dt.date.today())} with LeadCards {__version__}", self.small
            ),
            Spacer(1, 25 * MM),
            Paragraph(f"This report holds the team's figures only: {holds}.", self.body),
            Paragraph(ANONYMITY, self.body),
            Spacer(1, 6 * MM),
            self.text(f"{invitation.credit}.", self.small),
            PageBreak(),
        ]

    def positions(self) -> list[Flowable]:
        cards, people = self.invitation.cards, self.found.people
        flow: list[Flowable] = [
            Paragraph("Positions on the scale", self.h1),
            Paragraph(
                f"Where the {people} people who answered placed the team on each card, from "
                f"{LOW} to +{HIGH}.",
                self.body,
            ),
        ]
        if len(self.spreads) >= 3:  # fewer placed make no shape: the table says it all
            axes = [
                Axis(
                    card.title,
                    card.colour,
                    spread.median if spread else None,
                    None,
                    None,
                    spread.middle_half if spread else None,
                )
                for card in cards
                for spread in [self.spreads.get(card.card_id)]
            ]
            flow += [
                Radar(axes, LOW, HIGH, self.width, self.ink),
                Paragraph(
                    f"From {LOW} at the centre to +{HIGH} at the edge; the heavy ring is zero. "
                    "Heavy line and dots: each card's median. Shaded: the middle half (from "
                    "the lower to the upper quartile).",
                    self.small,
                ),
            ]
        # On the next page unless it fits whole (a table longer than a page splits).
        flow.append(KeepTogether([Paragraph("Card by card", self.h2), self._positions_table()]))
        return [*flow, PageBreak()]

    def _positions_table(self) -> Table:
        head = style("head", 8, bold=True, colour=SECONDARY)
        rows: list[list[Any]] = [
            [
                Paragraph("Card", head),
                Paragraph("Answers", head),
                Paragraph("Median", head),
                Paragraph("Middle half", head),
                _Counts(None, 0, self.ink),
            ]
        ]
        most = max((max(s.counts) for s in self.spreads.values()), default=1)
        for card in self.invitation.cards:
            spread = self.spreads.get(card.card_id)
            title = self.title(card, 9.5)
            if spread is None and card.card_id in self.found.too_few:
                fewer = f"< {self.invitation.min_group}"  # a count would point at people
                why = Paragraph("too few placed it to show its positions", self.small)
                rows.append([title, fewer, "", "", why])
                continue
            if spread is None:
                rows.append([title, "0", "", "", Paragraph("no positions given", self.small)])
                continue
            low, high = spread.middle_half
            rows.append(
                [
                    title,
                    str(spread.answers),
                    position(spread.median),
                    position(low) if low == high else f"{position(low)} to {position(high)}",
                    _Counts(spread, most, self.ink),
                ]
            )
        widths = [0.3, 0.1, 0.1, 0.16, 0.34]
        table = Table(rows, colWidths=[self.width * w for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 10),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                    ("ALIGN", (1, 1), (3, -1), "CENTER"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.ink(INK)),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.4, self.ink(GRID)),
                ]
            )
        )
        return table

    def in_place(self) -> list[Flowable]:
        rows = [
            (card.title, card.colour, self.found.in_place[card.card_id])
            for card in self.invitation.cards
            if card.card_id in self.found.in_place
        ]
        return [
            Paragraph("Indicators in place", self.h1),
            Paragraph(
                "For each card, the share of its indicators the team sees in place: over its "
                f"indicators, the mean share of the {self.found.people} people who ticked each.",
                self.body,
            ),
            Spacer(1, 4 * MM),
            # In pieces that fit on a page, for a deck of many cards.
            *(_ShareBars(rows[at : at + 24], self.ink) for at in range(0, len(rows), 24)),
            PageBreak(),
        ]

    def heat_map(self) -> list[Flowable]:
        flow: list[Flowable] = [
            Paragraph("Indicator by indicator", self.h1),
            Paragraph(
                "The share of the team who ticked each indicator: the darker the cell, the "
                "more people ticked it.",
                self.body,
            ),
        ]
        if self.invitation.scaled:
            flow += [
                self._marked(Polarity.POSITIVE, Paragraph("A positive indicator", self.small)),
                self._marked(Polarity.NEGATIVE, Paragraph("A negative indicator", self.small)),
            ]
        flow.append(Spacer(1, 3 * MM))
        for card in self.invitation.cards:
            shown = [i for i in card.indicators if i.indicator_id in self.found.shares]
            if shown:  # a card starts a page rather than leave a row or two at its foot
                flow += [CondPageBreak(40 * MM), self._heat_table(card, shown)]
        return [*flow, PageBreak()]

    def _marked(self, polarity: Polarity, paragraph: Paragraph) -> MarkedParagraph:
        size = paragraph.style.fontSize * 0.85
        return MarkedParagraph(marker_for(polarity), paragraph, size, self.ink)

    def _heat_table(self, card: InvitedCard, shown: Sequence[InvitedIndicator]) -> Table:
        """A card's indicators with their shares; its title row repeats if it splits."""
        head = ParagraphStyle(
            "ticked", style("head", 8, bold=True, colour=SECONDARY), alignment=TA_CENTER
        )
        rows: list[list[Any]] = [[self.title(card, 11), Paragraph("Ticked by", head)]]
        commands: list[Any] = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("FONT", (1, 1), (1, -1), fonts.BOLD, 10),
            ("ALIGN", (1, 0), (1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, 0), 10),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.ink(INK)),
            ("LINEBELOW", (0, 1), (0, -1), 0.4, self.ink(GRID)),
            ("BOX", (1, 1), (1, -1), 0.4, self.ink(GRID)),
            ("LINEBELOW", (1, 1), (1, -1), 0.4, self.ink(GRID)),
        ]
        for row, indicator in enumerate(shown, start=1):
            share = self.found.shares[indicator.indicator_id]
            paragraph = self.text(indicator.text, self.cell)
            if indicator.polarity != Polarity.NEUTRAL:
                rows.append([self._marked(Polarity(indicator.polarity), paragraph), ""])
            else:
                rows.append([paragraph, ""])
            rows[-1][1] = percent(share)
            fill = heat(share)
            commands += [
                ("BACKGROUND", (1, row), (1, row), self.ink(fill)),
                ("TEXTCOLOR", (1, row), (1, row), self.ink(_figure_on(fill))),
            ]
        table = Table(
            rows, colWidths=[self.width - SHARE_COLUMN, SHARE_COLUMN], repeatRows=1, spaceAfter=6
        )
        table.setStyle(TableStyle(commands))
        return table

    def agreement(self) -> list[Flowable]:
        """Cards (by their middle halves) where positions were given, else indicators (by
        their shares), as the results name them."""
        cards = {card.card_id: card for card in self.invitation.cards}
        indicators = {
            i.indicator_id: (i, card) for card in self.invitation.cards for i in card.indicators
        }

        def items(keys: Sequence[str]) -> list[Flowable]:
            found: list[Flowable] = []
            for key in keys:
                if key in self.spreads and key in cards:
                    spread = self.spreads[key]
                    words = f"{_middle_words(spread)}, median {position(spread.median)}"
                    found.append(self.line(cards[key].title, words, bold=True))
                elif key in indicators and key in self.found.shares:
                    indicator, card = indicators[key]
                    words = f"{card.title}: {_ticked_words(self.found.shares[key])}"
                    found.append(self.line(indicator.text, words, bold=False))
            return found

        if self.spreads:
            agree_note = "The cards whose middle half is narrowest: the team placed them closest."
            differ_note = (
                "The cards whose middle half is widest: the team placed them furthest apart."
            )
            none = "Nothing stands out: every card's middle half is as wide as the others."
        else:
            agree_note = "The indicators nearly everyone, or nearly nobody, ticked."
            differ_note = "The indicators the team was most evenly split on."
            none = "Nothing stands out: every indicator is as evenly split as the others."
        agree, differ = items(self.found.agree), items(self.found.differ)
        return [
            Paragraph("Where the team agrees most", self.h1),
            Paragraph(agree_note if agree else none, self.small),
            *agree,
            Spacer(1, 6 * MM),
            Paragraph("Where it differs most", self.h1),
            Paragraph(differ_note if differ else none, self.small),
            *differ,
        ]

    def line(self, what: str, words: str, *, bold: bool) -> Paragraph:
        """``what`` (a card's title in bold, or an indicator), then ``words``: an item."""
        first = markup(what, fonts.BOLD if bold else fonts.REGULAR).markup
        if bold:
            first = f'<font face="{fonts.ready(fonts.BOLD)}">{first}</font>'
        rest = markup(f" \N{EM DASH} {words}", self.item.fontName).markup
        return Paragraph(first + rest, self.item, bulletText="\N{BULLET}")


# --------------------------------------------------------------------------- the document


def _laid_out(
    flow: list[Flowable],
    page: tuple[float, float],
    footer: Callable[[Canvas, int], None],
    title: str,
    subject: str,
) -> tuple[bytes, int]:
    """The PDF of ``flow`` and its page count, ``footer`` drawn on every page."""
    buffer = io.BytesIO()
    pages = [0]

    def on_page(canvas: Canvas, _: Any) -> None:
        pages[0] = canvas.getPageNumber()
        footer(canvas, pages[0])

    document = BaseDocTemplate(
        buffer,
        pagesize=page,
        title=title,
        subject=subject,
        creator=f"LeadCards {__version__}",
        initialFontName=fonts.REGULAR,
    )
    frame = Frame(MARGIN, MARGIN + FOOTER, page[0] - 2 * MARGIN, page[1] - 2 * MARGIN - FOOTER)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    document.build(flow)
    return buffer.getvalue(), pages[0]


def checkin_pdf_bytes(
    checkin: CheckIn, round_: Round, results: Results, *, paper: str = "a4"
) -> bytes:
    """The team report of a closed round (``round_``, whose ``results`` these are) on A4 or
    Letter paper (``paper``, ``a4`` or ``letter``)."""
    if paper not in ("a4", "letter"):
        raise ValueError("the paper must be a4 or letter")
    if round_.closed is None:
        raise CheckInError(
            f"round {round_.number} of {checkin.title!r} is still collecting answers; "
            "its report is made when collection is closed"
        )
    fonts.register()  # the fallback faces load when some text needs them
    width, height = (v * MM for v in PAPERS[paper])
    page = (width, height)
    invitation, ink = checkin.invitation, Ink()
    story = _Story(invitation, results, ink, width - 2 * MARGIN)
    room = width - 2 * MARGIN - 70  # the page number takes the rest
    one_line = fitted(invitation.credit, fonts.REGULAR, 7, room)  # the cover has it whole
    credit = Paragraph(markup(one_line).markup, style("credit", 7, colour=SECONDARY))
    credit.wrap(room, FOOTER)
    title = plain(f"Team check-in: {invitation.title}")
    subject = plain(
        f"Round {round_.number} of a team check-in on {invitation.deck_title}, made with "
        f"LeadCards. {invitation.credit}"
    )
    closed, number = round_.closed, round_.number
    # Laid out twice: the first time to count the pages each footer names.
    _, total = _laid_out(story.story(closed, number), page, lambda *_: None, title, subject)

    def footer(canvas: Canvas, page_number: int) -> None:
        draw_footer(canvas, page_number, total, credit, page, ink)

    data, _ = _laid_out(story.story(closed, number), page, footer, title, subject)
    return data


__all__ = ["ANONYMITY", "checkin_pdf_bytes"]
