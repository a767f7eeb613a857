"""A reflection journal as a PDF report: cover, contents, temperature-check summary, then
one section per card (in deck order) with what was marked and every reflection in date order.

The document is laid out in one pass, which keeps a journal of thousands of reflections
quick: pages are held back until the end, when the page count, the contents page and the
bookmarks (which need to know where each section landed) are drawn onto them. Everything a
person wrote goes through :mod:`leadcards.printing.text`, so it is escaped before it meets
Paragraph markup, and set in a bundled face that can draw it (or shown as a counted
placeholder). The work grows in step with the number of reflections, tags and characters:
long texts and tag lists are laid out in pieces.

What is selected, and how (the selection, the named periods, the reflections chosen), is
:mod:`leadcards.journal.report`'s, which loads no PDF library.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from leadcards.colours import INK, WHITE, readable_on
from leadcards.commitments import HOW_WORDS
from leadcards.deck import Deck, card_titles
from leadcards.fileio import NOTHING_KEPT, Keep, write_bytes
from leadcards.journal.model import Entry, Mark, TemperatureCheck
from leadcards.journal.report import (
    CardSection,
    JournalPdfError,
    JournalReport,
    JournalSelection,
    Selected,
    day_in_words,
    select,
)
from leadcards.journal.store import Journal
from leadcards.printing import fonts
from leadcards.printing.charts import Axis, Radar, Trend
from leadcards.printing.document import FOOTER, MARGIN, draw_footer, style
from leadcards.printing.face import SECONDARY, Ink, MarkedParagraph, marker_for
from leadcards.printing.layout import MM, PAPERS
from leadcards.printing.text import PLACEHOLDER, fitted, local, markup, pieces, plain
from leadcards.progress import Progress, no_progress
from leadcards.temperature import measure_for, readings, scale_of, trend

CONTENTS_LEADING = 15.0
HEADING_CHARS = 160  # a longer title (a user deck's, or an unknown card's id) is shortened
SIGNS = {Mark.PLUS: "+", Mark.MINUS: "\N{MINUS SIGN}", Mark.TICK: "\N{CHECK MARK}"}


# --------------------------------------------------------------------------- styles


class _Styles:
    def __init__(self, ink: Ink) -> None:
        self.cover_title = style("cover", 28, bold=True, spaceAfter=10)
        self.cover = style("coverline", 13, spaceAfter=6)
        self.h1 = style("h1", 18, bold=True, spaceBefore=4, spaceAfter=8)
        self.h2 = style("h2", 14, bold=True, spaceBefore=10, spaceAfter=4)
        self.body = style("body", 10.5, spaceAfter=4)
        self.small = style("small", 9, colour=SECONDARY, spaceAfter=2)
        self.meta = style("meta", 9, bold=True, colour=SECONDARY, spaceBefore=8, spaceAfter=2)
        self.indicator = style("indicator", 9.5)
        self._pieces: dict[tuple[str, bool, bool], ParagraphStyle] = {}

    def piece(self, whole: ParagraphStyle, first: bool, last: bool) -> ParagraphStyle:
        """``whole``'s style for one piece of a text laid out in pieces: the space before
        the text above the first piece only, the space after it below the last only."""
        key = (whole.name, first, last)
        if key not in self._pieces:
            self._pieces[key] = ParagraphStyle(
                f"{whole.name}-piece",
                parent=whole,
                spaceBefore=whole.spaceBefore if first else 0,
                spaceAfter=whole.spaceAfter if last else 0,
            )
        return self._pieces[key]


class _Heading(Paragraph):
    """A heading that becomes a bookmark and a line of the contents. (reportlab makes the
    parts of a split paragraph through the constructor: only the first part is marked.)"""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        key: str = "",
        title: str = "",
        level: int = 0,
        **more: Any,
    ) -> None:
        super().__init__(text, style, **more)
        self.key, self.title, self.level = key, title, level

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if parts and isinstance(parts[0], _Heading):
            parts[0].key, parts[0].title, parts[0].level = self.key, self.title, self.level
        return parts


class _ContentsPage(Flowable):
    """Holds a page for the contents, drawn once every section's page is known."""

    def __init__(self, book: _Book) -> None:
        super().__init__()
        self.book = book

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.book.contents_pages.append(self.canv.getPageNumber())


@dataclass
class _Book:
    """What the layout learns and the held-back pages need: bookmarks, contents pages."""

    credit: str
    bookmarks: list[tuple[int, str, str, int]] = field(default_factory=list)  # page, key…
    contents_pages: list[int] = field(default_factory=list)
    missing: int = 0
    done: int = 0
    pages: int = 0
    total: int = 0
    progress: Progress = no_progress
    keys: int = 0

    def key(self) -> str:
        """A bookmark name of its own (card and deck ids could run together)."""
        self.keys += 1
        return f"s{self.keys}"


def _held_back_canvas(book: _Book, ink: Ink, paper: tuple[float, float]) -> type[Canvas]:
    class HeldBack(Canvas):
        """Keeps every page until the end, then adds footers, contents and bookmarks."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = book.pages = len(self._pages)
            by_page: dict[int, list[tuple[str, str, int]]] = {}
            for page, key, title, level in book.bookmarks:
                by_page.setdefault(page, []).append((key, title, level))
            contents = _contents_lines(book)
            per_page = _contents_per_page(paper)
            contents_index = {page: index for index, page in enumerate(book.contents_pages)}
            room = paper[0] - 2 * MARGIN - 70
            one_line = fitted(book.credit, fonts.REGULAR, 7, room)  # the cover has it whole
            credit = Paragraph(markup(one_line).markup, style("credit", 7, colour=SECONDARY))
            credit.wrap(paper[0] - 2 * MARGIN - 70, FOOTER)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                for key, title, level in by_page.get(number, []):
                    self.bookmarkPage(key)
                    self.addOutlineEntry(plain(title), key, level=level, closed=level > 0)
                if number in contents_index:
                    index = contents_index[number]
                    chunk = contents[index * per_page : (index + 1) * per_page]
                    _draw_contents(self, chunk, paper, ink, first=index == 0)
                if number > 1:
                    draw_footer(self, number, total, credit, paper, ink)
                Canvas.showPage(self)
            Canvas.save(self)

    return HeldBack


_SPACES = re.compile(r"[ \t\r\n\u2028\u2029]+")  # not str.split(): it drops some controls


def _shortened(text: str, limit: int) -> str:
    text = _SPACES.sub(" ", text).strip(" ")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def _contents_lines(book: _Book) -> list[tuple[str, int, int]]:
    return [(title, level, page) for page, _, title, level in book.bookmarks]


def _contents_per_page(paper: tuple[float, float]) -> int:
    usable = paper[1] - 2 * MARGIN - FOOTER - 40
    return max(1, int(usable // CONTENTS_LEADING))


def _draw_contents(
    canvas: Canvas,
    lines: list[tuple[str, int, int]],
    paper: tuple[float, float],
    ink: Ink,
    *,
    first: bool,
) -> None:
    width, height = paper
    top = height - MARGIN
    canvas.saveState()
    canvas.setFillColor(ink(INK))
    canvas.setFont(fonts.BOLD, 18)
    canvas.drawString(MARGIN, top - 18, "Contents" if first else "Contents (continued)")
    y = top - 18 - 22
    for title, level, page in lines:
        indent = 14 * level
        line = style("contents", 10.5, bold=level == 0)
        room = width - 2 * MARGIN - indent - 40
        shown = fitted(title, line.fontName, 10.5, room)
        paragraph = Paragraph(markup(shown, line.fontName).markup, line)
        paragraph.wrap(room, CONTENTS_LEADING * 2)
        paragraph.drawOn(canvas, MARGIN + indent, y - 3)
        canvas.setFont(fonts.REGULAR, 10.5)
        canvas.drawRightString(width - MARGIN, y, str(page))
        y -= CONTENTS_LEADING
    canvas.restoreState()


# --------------------------------------------------------------------------- the story


class _Story:
    def __init__(
        self, selected: Selected, decks: Sequence[Deck], book: _Book, ink: Ink, width: float
    ):
        self.selected, self.decks, self.book, self.ink = selected, decks, book, ink
        self.width = width
        self.styles = _Styles(ink)
        self.flow: list[Flowable] = []
        # The checks of each card, gathered once (sections and charts look them up).
        self.checks: dict[tuple[str | None, str | None], list[TemperatureCheck]] = {}
        for check in selected.checks:
            self.checks.setdefault((check.deck_id, check.card_id), []).append(check)

    def text(self, value: str, style: ParagraphStyle) -> Paragraph:
        marked = markup(value, style.fontName)
        self.book.missing += marked.missing
        return Paragraph(marked.markup, style)

    def texts(self, value: str, style: ParagraphStyle) -> list[Paragraph]:
        """Paragraphs for a text of any length: pieces (see :func:`pieces`) that follow on
        without a gap, as one text, so the layout's work grows in step with the length."""
        parts = pieces(value)
        if len(parts) == 1:
            return [self.text(value, style)]
        last = len(parts) - 1
        return [
            self.text(part, self.styles.piece(style, number == 0, number == last))
            for number, part in enumerate(parts)
        ]

    def heading(self, title: str, style: ParagraphStyle, level: int) -> _Heading:
        title = _shortened(title, HEADING_CHARS)
        marked = markup(title, style.fontName)
        self.book.missing += marked.missing
        return _Heading(marked.markup, style, self.book.key(), title, level)

    def cover(self, name: str, owner: str | None, selection: JournalSelection) -> None:
        s = self.styles
        self.flow += [
            Spacer(1, 50 * MM),
            Paragraph("Reflection journal", s.cover_title),
            *self.texts(name, s.h1),
        ]
        if owner:
            self.flow += self.texts(owner, s.cover)
        count = self.selected.entries
        cards = sum(1 for section in self.selected.sections if section.card is not None)
        self.flow += [
            self.text(selection.describe(), s.cover),
            Paragraph(
                f"{count} reflection{'s' if count != 1 else ''} on {cards} "
                f"card{'s' if cards != 1 else ''}",
                s.cover,
            ),
            self.text(
                f"Made on {day_in_words(dt.date.today())} with LeadCards {__version__}", s.small
            ),
            Spacer(1, 30 * MM),
            Paragraph(
                "This document holds personal reflections. Keep it somewhere private.", s.small
            ),
        ]
        for deck in self.decks:
            self.flow += self.texts(f"{deck.source.credit}.", s.small)
        self.flow.append(PageBreak())

    def contents(self, lines: int, paper: tuple[float, float]) -> None:
        for _ in range(max(1, math.ceil(lines / _contents_per_page(paper)))):
            self.flow += [_ContentsPage(self.book), PageBreak()]

    def summary(self) -> None:
        checks = self.selected.checks
        if not checks:
            return
        s = self.styles
        self.flow.append(self.heading("Temperature checks", s.h1, 0))
        by_deck: dict[str, list[TemperatureCheck]] = {}
        for check in checks:
            by_deck.setdefault(check.deck_id, []).append(check)
        for deck in self.decks:
            mine = by_deck.get(deck.id)
            if not mine:
                continue
            spaces = sorted({c.space for c in mine}, key=lambda v: (v is None, v or ""))
            counted = measure_for(deck) == "count"
            for space in spaces if counted else [None]:
                self._radar(deck, mine, space)
        self.flow.append(PageBreak())

    def _radar(self, deck: Deck, checks: list[TemperatureCheck], space: str | None) -> None:
        s = self.styles
        found = readings(deck, checks, space)
        low, high = scale_of(deck, deck.cards[0])
        if measure_for(deck) == "count":
            high = max(scale_of(deck, c)[1] for c in deck.cards)
        where = f", {deck.space(space).title.lower()}" if space else ""
        latest = max((r.latest.taken for r in found if r.latest), default=None)
        when = f" (latest {day_in_words(local(latest))})" if latest else ""
        colours = {t.id: t.colour for t in deck.themes}
        self.flow.append(self.text(f"{deck.title}{where}{when}", s.h2))
        radar = Radar(
            [
                Axis(
                    r.card.title,
                    colours[r.card.theme],
                    r.latest.position if r.latest else None,
                    r.previous.position if r.previous else None,
                    r.target,
                )
                for r in found
            ],
            low,
            high,
            self.width,
            self.ink,
        )
        self.book.missing += radar.missing
        self.flow.append(radar)
        self.flow.append(
            Paragraph(
                "Heavy solid line: now. Dashed: the previous check. Dotted: target."
                + (" Heavy ring: zero." if low < 0 else ""),
                s.small,
            )
        )
        trends = [
            (card, points)
            for card in deck.cards
            if (points := trend(self.checks.get((deck.id, card.id), ()), card.id, space))
        ]
        column = (self.width - 12) / 2
        for index in range(0, len(trends), 2):
            row = []
            for card, points in trends[index : index + 2]:
                card_low, card_high = scale_of(deck, card)
                chart = Trend(
                    card.title,
                    colours[card.theme],
                    [(local(moment), value) for moment, value in points],
                    card_low,
                    card_high,
                    column,
                    self.ink,
                )
                self.book.missing += chart.missing
                row.append(chart)
            self.flow.append(_Row(row, 12))

    def sections(self) -> None:
        s = self.styles
        current_deck: str | None = "\0"
        for section in self.selected.sections:
            deck_id = section.deck.id if section.deck else None
            if deck_id != current_deck:
                current_deck = deck_id
                title = section.deck.title if section.deck else "Other reflections"
                self.flow += [CondPageBreak(80 * MM), self.heading(title, s.h1, 0)]
            self._section(section)

    def commitments(self, titles: dict[tuple[str, str], str]) -> None:
        """The commitments made in the period, each with how it went."""
        s = self.styles
        if not self.selected.commitments:
            return
        self.flow += [CondPageBreak(80 * MM), self.heading("Commitments", s.h1, 0)]
        for found in self.selected.commitments:
            made = local(found.created)
            parts = [f"Made {day_in_words(made)}"]
            if found.due:
                parts.append(f"due {found.due.day} {found.due:%B %Y}")
            cards = [titles.get((found.deck_id or "", c), c) for c in found.card_ids]
            if cards:
                parts.append("from " + ", ".join(cards))
            self.flow.append(CondPageBreak(28 * MM))
            self.flow.append(self.text(" · ".join(parts), s.meta))
            self.flow += self.texts(f"I will: {found.text}", s.body)
            for follow in found.follow_ups:
                said = f"{day_in_words(local(follow.taken))}: {HOW_WORDS[follow.how]}"
                self.flow += self.texts(said + (f". {follow.text}" if follow.text else ""), s.small)

    def _section(self, section: CardSection) -> None:
        s = self.styles
        colour = INK
        if section.deck and section.card:
            colour = readable_on(section.deck.theme(section.card.theme).colour, WHITE)
        heading_style = ParagraphStyle("card", parent=s.h2, textColor=self.ink(colour))
        head: list[Flowable] = [self.heading(section.title, heading_style, 1)]
        if section.card is not None and section.deck is not None:
            head += self.texts(section.card.summary, s.body)
            marked = self._marked(section)
            if marked:
                head.append(Paragraph("Marked in this period", s.meta))
                head += marked
        self.flow.append(CondPageBreak(60 * MM))
        self.flow += head
        for entry in section.entries:
            self._entry(section, entry)

    def _marked(self, section: CardSection) -> list[Flowable]:
        assert section.card is not None
        marks: dict[str, Mark] = {}
        for entry in section.entries:
            marks.update(entry.marks)
        for check in self.checks.get(section.key, ()):
            marks.update(check.marks)
        size = self.styles.indicator.fontSize * 0.85
        return [
            MarkedParagraph(
                marker_for(group.polarity),
                self.text(indicator.text, self.styles.indicator),
                size,
                self.ink,
            )
            for group, indicator in section.card.indicators()
            if indicator.id in marks
        ]

    def _entry(self, section: CardSection, entry: Entry) -> None:
        s = self.styles
        when = local(entry.created)
        parts = [f"{calendar.day_name[when.weekday()]} {day_in_words(when)}, {when:%H:%M}"]
        if entry.space:
            parts.append(entry.space.capitalize())
        header = self.text(" · ".join(parts), s.meta)
        header.starts_entry = True  # type: ignore[attr-defined]  # counted for progress
        block: list[Flowable] = [header]
        if entry.tags:
            block += self.texts("Tags: " + ", ".join(entry.tags), s.small)
        if entry.marks and section.card is not None:
            linked = [
                f"{SIGNS[entry.marks[i.id]]} {i.text}"
                for _, i in section.card.indicators()
                if i.id in entry.marks
            ]
            if linked:
                block += self.texts("About: " + "; ".join(linked), s.small)
        paragraphs = self.texts(entry.text, s.body)
        # Room for the heading and a few lines, or a new page (cheaper than keeping the
        # block together, which lays every reflection out twice).
        self.flow.append(CondPageBreak(28 * MM))
        self.flow += block
        self.flow += paragraphs


class _Row(Flowable):
    """Flowables side by side, each given the same width."""

    def __init__(self, items: Sequence[Flowable], gap: float) -> None:
        super().__init__()
        self.items, self.gap = items, gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = max(
            (item.wrap(avail_width, avail_height)[1] for item in self.items), default=0
        )
        return avail_width, self.height + 8

    def draw(self) -> None:
        x = 0.0
        for item in self.items:
            width, height = item.wrap(self.width, self.height)
            item.drawOn(self.canv, x, 8 + self.height - height)
            x += width + self.gap


# --------------------------------------------------------------------------- the document


class _Document(BaseDocTemplate):
    def __init__(self, target: io.BytesIO, book: _Book, paper: tuple[float, float], **kw: Any):
        super().__init__(
            target,
            pagesize=paper,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + FOOTER,
            **kw,
        )
        self.book = book
        frame = Frame(
            MARGIN,
            MARGIN + FOOTER,
            paper[0] - 2 * MARGIN,
            paper[1] - 2 * MARGIN - FOOTER,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, _Heading) and flowable.key:
            self.book.bookmarks.append((self.page, flowable.key, flowable.title, flowable.level))
        elif getattr(flowable, "starts_entry", False):
            # Progress as the layout goes (most of the time), so Cancel is heard.
            self.book.done += 1
            self.book.progress(self.book.done, self.book.total)


def journal_pdf_bytes(
    journal: Journal,
    decks: Sequence[Deck],
    selection: JournalSelection,
    *,
    owner: str | None = None,
    paper: str = "a4",
    progress: Progress = no_progress,
) -> tuple[bytes, JournalReport]:
    if paper not in ("a4", "letter"):
        raise JournalPdfError("the paper must be a4 or letter")
    selected = select(journal, decks, selection)
    if not selected.sections:
        raise JournalPdfError("no reflections match these choices")
    fonts.register()  # the fallback faces load when some text needs them
    size = tuple(v * MM for v in PAPERS[paper])
    page = (size[0], size[1])
    in_sections = {id(s.deck) for s in selected.sections}
    checked = {c.deck_id for c in selected.checks}
    used = [d for d in decks if id(d) in in_sections]
    used += [d for d in decks if id(d) not in in_sections and d.id in checked]
    credit = " · ".join(d.source.credit for d in used) or "LeadCards"
    book = _Book(credit)
    ink = Ink()
    story = _Story(selected, used, book, ink, page[0] - 2 * MARGIN)
    story.cover(journal.name, owner, selection)
    deck_headings = {s.deck.id if s.deck else None for s in selected.sections}
    lines = len(selected.sections) + len(deck_headings) + (1 if selected.checks else 0)
    lines += 1 if selected.commitments else 0
    story.contents(lines, page)
    story.summary()
    book.progress, book.total = progress, selected.entries
    story.sections()
    story.commitments(card_titles(decks))
    buffer = io.BytesIO()
    document = _Document(
        buffer,
        book,
        page,
        title=plain(f"Reflection journal: {journal.name}"),
        author=plain(owner or ""),
        subject=plain("Reflections and temperature checks, made with LeadCards. " + credit),
        creator=f"LeadCards {__version__}",
        initialFontName=fonts.REGULAR,
    )
    document.build(story.flow, canvasmaker=_held_back_canvas(book, ink, page))
    report = JournalReport(book.pages, selected.entries, len(selected.sections), book.missing)
    return buffer.getvalue(), report


def write_journal_pdf(
    journal: Journal,
    decks: Sequence[Deck],
    target: Path,
    selection: JournalSelection,
    *,
    owner: str | None = None,
    paper: str = "a4",
    progress: Progress = no_progress,
    keep: Keep = NOTHING_KEPT,
) -> JournalReport:
    """Write the journal PDF to ``target``, readable by its owner only (0600 on POSIX),
    through the guarded writer: never over the journal itself or what ``keep`` names."""
    data, report = journal_pdf_bytes(
        journal, decks, selection, owner=owner, paper=paper, progress=progress
    )
    kept = Keep((*keep.files, journal.path), keep.folders, keep.guarded, keep.inputs)
    write_bytes(target, data, private=True, keep=kept)
    return report


__all__ = ["PLACEHOLDER", "JournalPdfError", "JournalReport", "JournalSelection", "select"]
