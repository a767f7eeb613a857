"""Workshop worksheets: a sheet per card to fill in by hand (two pages, to print two-sided).

Each worksheet carries the card's title and description, every indicator with a tick box
(positive and negative apart, as on the card), the questions with lines to write on, the
temperature-check scale to mark (-5 to +5 with its zero, or for a checklist how many of its
indicators are in place), and room for notes. Deck text is escaped before it meets
Paragraph markup, and set in a bundled face that draws it; what none draws becomes a
placeholder, counted in the report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from leadcards import __version__
from leadcards.colours import INK, WHITE, readable_on, text_on
from leadcards.deck import Card, Deck, Origin, Polarity, Prompt, Question
from leadcards.fileio import NOTHING_KEPT, Keep, write_bytes
from leadcards.journal.model import SCALE
from leadcards.printing import fonts
from leadcards.printing.document import FOOTER, MARGIN, style
from leadcards.printing.face import (
    OURS_NOTE,
    SECONDARY,
    Ink,
    draw_marker,
    marker_for,
    space_title,
)
from leadcards.printing.layout import MM, PAPERS
from leadcards.printing.text import markup, plain
from leadcards.progress import Progress, no_progress
from leadcards.temperature import measure_for, scale_of

LINE_GAP = 8 * MM  # between writing lines
ALONE = "For you alone: no need to share"  # beside a question for private reflection


@dataclass(frozen=True)
class WorksheetsReport:
    pages: int
    missing: int  # characters shown as the placeholder because no bundled face draws them


class _Setter:
    """Sets text as paragraphs in a bundled face that draws it, counting placeholders."""

    def __init__(self) -> None:
        self.missing = 0

    def __call__(
        self,
        value: str,
        size: float,
        bold: bool = False,
        colour: str = INK,
        *,
        after: float = 0.0,
        indent: float = 0.0,
    ) -> Paragraph:
        face = fonts.BOLD if bold else fonts.REGULAR
        marked = markup(value, face)
        self.missing += marked.missing
        shape = style("w", size, bold=bold, colour=colour)
        if after or indent:
            shape = ParagraphStyle("w-spaced", parent=shape, spaceAfter=after, leftIndent=indent)
        return Paragraph(marked.markup, shape)


class WritingLines(Flowable):
    """Ruled lines to write on: ``count`` of them, or as many as fill the page (at least
    ``least``) when ``count`` is None."""

    def __init__(self, ink: Ink, count: int | None, least: int = 3) -> None:
        super().__init__()
        self.ink, self.count, self.least = ink, count, least

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self.count or max(self.least, int(avail_height // LINE_GAP))
        self.width, self.height = avail_width, lines * LINE_GAP
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self.ink("#B4B4B4"))
        self.canv.setLineWidth(0.5)
        for number in range(int(self.height // LINE_GAP)):
            y = number * LINE_GAP
            self.canv.line(0, y, self.width, y)


class Scale(Flowable):
    """Boxes from ``low`` to ``high`` with their numbers, zero marked, to circle by hand."""

    def __init__(self, low: int, high: int, ink: Ink, caption: str) -> None:
        super().__init__()
        self.low, self.high, self.ink, self.caption = low, high, ink, caption

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 17 * MM
        return self.width, self.height

    def draw(self) -> None:
        canvas, ink = self.canv, self.ink
        count = self.high - self.low + 1
        box = min(12 * MM, (self.width - 4) / count - 2)
        left = (self.width - count * (box + 2)) / 2
        canvas.setFont(fonts.REGULAR, 9)
        for index, value in enumerate(range(self.low, self.high + 1)):
            x = left + index * (box + 2)
            zero = value == 0 and self.low < 0
            canvas.setStrokeColor(ink(INK if zero else "#8A8A8A"))
            canvas.setLineWidth(1.6 if zero else 0.6)
            canvas.rect(x, 6 * MM, box, box, stroke=1, fill=0)
            canvas.setFillColor(ink(INK))
            label = f"{value:+d}" if value and self.low < 0 else str(value)
            canvas.drawCentredString(x + box / 2, 6 * MM + box / 2 - 3, label)
        canvas.setFillColor(ink(SECONDARY))
        canvas.setFont(fonts.REGULAR, 8)
        canvas.drawString(left, 1.5 * MM, self.caption)


class _Band(Flowable):
    """The theme's colour across the top, with the theme's name on it."""

    def __init__(self, paragraph: Paragraph, colour: str, ink: Ink) -> None:
        super().__init__()
        self.paragraph, self.colour, self.ink = paragraph, colour, ink

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 9 * MM
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(self.ink(self.colour))
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        _, used = self.paragraph.wrap(self.width - 8 * MM, self.height)
        self.paragraph.drawOn(self.canv, 4 * MM, (self.height - used) / 2)


def _worksheet(deck: Deck, card: Card, ink: Ink, text: _Setter) -> list[Flowable]:
    theme = deck.theme(card.theme)
    accent = readable_on(theme.colour, WHITE)
    band = text(f"{deck.terms.card} · {theme.title}".upper(), 10, True, text_on(theme.colour))
    flow: list[Flowable] = [
        _Band(band, theme.colour, ink),
        Spacer(1, 4 * MM),
        text(card.title, 22, bold=True),
        Spacer(1, 2 * MM),
    ]
    if card.headline:
        flow += [text(card.headline, 12, bold=True, colour=accent), Spacer(1, 1 * MM)]
    flow += [text(card.summary, 11), Spacer(1, 4 * MM)]
    for group in card.indicator_groups:
        flow += [text(group.title, 12, bold=True, colour=accent), Spacer(1, 1.5 * MM)]
        for indicator in group.indicators:
            kind = None if group.polarity is Polarity.NEUTRAL else marker_for(group.polarity)
            flow.append(_Ticked(kind, text(indicator.text, 10), ink))
        flow.append(Spacer(1, 3 * MM))
    low, high = scale_of(deck, card)
    if measure_for(deck) == "scale":
        caption = (
            "Temperature check: each positive indicator that fits moves you up a step, "
            "each negative one down. Mark where you are now."
        )
        low, high = SCALE
    else:
        caption = "How many of these indicators are in place? Mark the number."
    flow += [CondPageBreak(25 * MM), text("Temperature check", 12, bold=True, colour=accent)]
    flow.append(Scale(low, high, ink, caption))
    # The questions and notes on a page of their own: printed two-sided, each card's
    # worksheet is one sheet.
    flow.append(PageBreak())
    # A worksheet is filled in by one person, in their own hand: it keeps the questions for
    # private reflection, each saying so, so that neither the reader nor the facilitator
    # takes it into the room's round.
    if card.prompts:
        flow.append(text("Questions", 12, bold=True, colour=accent))
        for prompt in card.prompts:
            caption = space_title(deck, prompt.space).upper() if prompt.space else ""
            if not prompt.group_safe:
                caption = f"{caption} · {ALONE}" if caption else ALONE
            if caption:
                flow.append(text(caption, 8, bold=True, colour=SECONDARY))
            flow.append(text(prompt.text, 10))
            if prompt.follow_up:
                flow.append(text(f"Then: {prompt.follow_up}", 9, colour=SECONDARY))
            flow += [WritingLines(ink, 4 if len(card.prompts) <= 3 else 3), Spacer(1, 3 * MM)]
    if deck.questions:
        flow += [
            CondPageBreak(30 * MM),
            text("Questions for any card", 10, bold=True, colour=accent),
            Spacer(1, 1 * MM),
        ]
        flow += [_any_card(question, text) for question in deck.questions]
    asked: list[Prompt | Question] = [*card.prompts, *deck.questions]
    if any(p.origin is Origin.LEADCARDS for p in asked):
        flow += [Spacer(1, 1 * MM), text(OURS_NOTE, 8, colour=SECONDARY)]
    flow += [
        CondPageBreak(30 * MM),
        text("Notes", 12, bold=True, colour=accent),
        WritingLines(ink, None),
        PageBreak(),
    ]
    return flow


def _any_card(question: Question, text: _Setter) -> Paragraph:
    """A deck-wide question as a line of the list above the notes: answered there, if at all."""
    alone = f" ({ALONE.lower()})" if not question.group_safe else ""
    follow = f" Then: {question.follow_up}" if question.follow_up else ""
    return text(f"\u2022 {question.text}{follow}{alone}", 9, after=1.5, indent=3 * MM)


class _Ticked(Flowable):
    """A tick box to fill in, the indicator's plus or minus where it has one, its text."""

    def __init__(self, kind: str | None, paragraph: Paragraph, ink: Ink) -> None:
        super().__init__()
        self.kind, self.paragraph, self.ink = kind, paragraph, ink
        self.gutter = 30.0 if kind else 16.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.paragraph.wrap(avail_width - self.gutter, avail_height)
        self.width, self.height = avail_width, height + 3
        return self.width, self.height

    def draw(self) -> None:
        size = self.paragraph.style.fontSize
        top = self.height - size * 1.05
        draw_marker(self.canv, "box", 0, top, size, self.ink)
        if self.kind:
            draw_marker(self.canv, self.kind, 15, top + 0.75, size * 0.85, self.ink)
        self.paragraph.drawOn(self.canv, self.gutter, 3)


def worksheets_pdf(
    chosen: Sequence[tuple[Deck, Sequence[Card]]],
    *,
    paper: str = "a4",
    progress: Progress = no_progress,
) -> tuple[bytes, WorksheetsReport]:
    """The worksheets (one or more pages per card), how many pages they took and how many
    characters print as the placeholder."""
    if paper not in ("a4", "letter"):
        raise ValueError("the paper must be a4 or letter")
    fonts.register()  # the fallback faces load when some text needs them
    width, height = (v * MM for v in PAPERS[paper])
    ink = Ink()
    cards = [(deck, card) for deck, cards in chosen for card in cards]
    credit = " · ".join(dict.fromkeys(deck.source.credit for deck, _ in chosen))
    text = _Setter()
    flow: list[Flowable] = []
    for deck, card in cards:
        flow += _worksheet(deck, card, ink, text)
    buffer = io.BytesIO()
    pages = [0]
    marked = markup(f"{credit} · Worksheet made with LeadCards")  # counted once
    text.missing += marked.missing
    paragraph = Paragraph(marked.markup, style("credit", 7, colour=SECONDARY))

    def footer(canvas: Canvas, _: Any) -> None:
        pages[0] = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFillColor(ink(SECONDARY))
        _, used = paragraph.wrap(width - 2 * MARGIN, FOOTER)
        paragraph.drawOn(canvas, MARGIN, MARGIN - used)
        canvas.restoreState()
        progress(min(pages[0], len(cards)), len(cards))

    document = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        title=plain("Worksheets: " + ", ".join(dict.fromkeys(deck.title for deck, _ in chosen))),
        author=plain(credit),
        subject=plain("Workshop worksheets made with LeadCards. " + credit),
        creator=f"LeadCards {__version__}",
        initialFontName=fonts.REGULAR,
    )
    frame = Frame(MARGIN, MARGIN + 4 * MM, width - 2 * MARGIN, height - 2 * MARGIN - 4 * MM)
    document.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=footer)])
    document.build(flow[:-1])  # no blank page after the last worksheet
    return buffer.getvalue(), WorksheetsReport(pages[0], text.missing)


def worksheets_pdf_bytes(
    chosen: Sequence[tuple[Deck, Sequence[Card]]],
    *,
    paper: str = "a4",
    progress: Progress = no_progress,
) -> tuple[bytes, int]:
    """As :func:`worksheets_pdf`, with the page count alone (a caller that tells the
    person about placeholders uses :func:`worksheets_pdf`)."""
    data, report = worksheets_pdf(chosen, paper=paper, progress=progress)
    return data, report.pages


def write_worksheets(
    chosen: Sequence[tuple[Deck, Sequence[Card]]],
    target: Path,
    *,
    paper: str = "a4",
    progress: Progress = no_progress,
    keep: Keep = NOTHING_KEPT,
) -> int:
    """Write the worksheets through the guarded writer (never over what ``keep`` names)."""
    data, pages = worksheets_pdf_bytes(chosen, paper=paper, progress=progress)
    write_bytes(target, data, keep=keep)
    return pages
