"""One page to take into an appraisal: where I placed myself, my strengths, my development
areas and the evidence from my journal.

The page is always one page, A4 or Letter, whatever it is given: the newest position on
each card (a radar from three placed cards, a line of positions below that), the three
highest-placed cards as strengths and the three lowest as development areas (ties in deck
order) with the person's own words about each side, then the reflections chosen as
evidence, each shortened to a few lines with an ellipsis. What does not fit is shortened,
and evidence beyond the room left is named as "and N more in the journal". Every text a
person wrote, and the deck's, goes through :mod:`leadcards.printing.text`: escaped before
it meets Paragraph markup, set in a bundled face that draws it, the rest a counted
placeholder. The page is drawn straight onto one canvas, so a second page cannot happen.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table, TableStyle

from leadcards import __version__
from leadcards.browse import plural
from leadcards.colours import WHITE, readable_on
from leadcards.deck import Deck
from leadcards.fileio import NOTHING_KEPT, Keep, write_bytes
from leadcards.journal.model import Entry, TemperatureCheck
from leadcards.journal.report import JournalPdfError, day_in_words
from leadcards.printing import fonts
from leadcards.printing.charts import Axis, Radar
from leadcards.printing.document import MARGIN, style
from leadcards.printing.face import SECONDARY, Ink
from leadcards.printing.layout import MM, PAPERS
from leadcards.printing.text import fitted, line_width, local, markup, plain
from leadcards.temperature import Reading, measure_for, readings, scale_of, shown

TITLE = "Preparing for my appraisal"
HOW_MANY = 3  # strengths, and development areas
RADAR_FROM = 3  # placed cards: fewer are listed in a line
RADAR_HEIGHT = 58 * MM
WORDS_LINES = 8  # the person's own words on each side, at the most
EVIDENCE_LINES = (6, 4, 3, 2)  # lines per reflection: the most with which every one fits
COLUMN_GAP = 8 * MM
ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"
_SPACES = re.compile(r"[ \t\r\n\u2028\u2029]+")
_ROOM = 1e6  # "as tall as it likes", for measuring


@dataclass(frozen=True)
class AppraisalPdf:
    """The page made: its PDF, how many reflections it prints and leaves out for room, and
    how many characters no bundled face draws (shown as the placeholder)."""

    data: bytes
    evidence_shown: int
    evidence_left_out: int
    missing: int

    def write(self, target: Path, keep: Keep = NOTHING_KEPT) -> None:
        """Write the page to ``target``, readable by its owner only (0600 on POSIX), through
        the guarded writer: never over what ``keep`` names (the journal among them)."""
        write_bytes(target, self.data, private=True, keep=keep)


def placed_sides(deck: Deck, found: Sequence[Reading]) -> tuple[list[Reading], list[Reading]]:
    """The strengths (highest placed first) and the development areas (lowest first),
    ``HOW_MANY`` each, ties in deck order, ranked on each card's own scale. With fewer
    than twice that many cards placed, the development areas take the lower half (rounded
    down) and the strengths the rest, so no card is both."""
    placed = [r for r in found if r.latest is not None]

    def share(reading: Reading) -> float:
        assert reading.latest is not None
        low, high = scale_of(deck, reading.card)
        return (reading.latest.position - low) / max(high - low, 1)

    lowest = sorted(placed, key=share)  # stable: deck order among ties
    development = lowest[: min(HOW_MANY, len(placed) // 2)]
    rest = [r for r in placed if r not in development]
    strengths = sorted(rest, key=share, reverse=True)
    # sorted(reverse=True) keeps ties in their order too, so deck order holds.
    return strengths[:HOW_MANY], development


class _Styles:
    def __init__(self) -> None:
        self.title = style("appraisal-title", 18, bold=True, spaceAfter=2)
        self.subtitle = style("appraisal-subtitle", 10, colour=SECONDARY, spaceAfter=6)
        self.h2 = style("appraisal-h2", 12, bold=True, spaceBefore=8, spaceAfter=3)
        self.card = style("appraisal-card", 9.5, bold=True, spaceAfter=1)
        self.words = style("appraisal-words", 9.5, spaceBefore=3)
        self.body = style("appraisal-body", 9.5)
        self.note = style("appraisal-note", 8, colour=SECONDARY, spaceAfter=2)
        self.evidence = style("appraisal-evidence", 9, spaceAfter=4)
        self.more = style("appraisal-more", 9, colour=SECONDARY, spaceBefore=1)
        self.credit = style("appraisal-credit", 7.5, colour=SECONDARY)


def _height(flow: Sequence[Flowable], width: float) -> float:
    """How tall ``flow`` is in a frame ``width`` wide, counting every space before and
    after (the frame drops the first space before: this errs on the safe side)."""
    total = 0.0
    for item in flow:
        total += item.getSpaceBefore() + item.wrap(width, _ROOM)[1] + item.getSpaceAfter()
    return total


class _Setter:
    """Paragraphs from any text, counting the characters shown as the placeholder."""

    def __init__(self) -> None:
        self.missing = 0

    def text(self, value: str, style: ParagraphStyle) -> Paragraph:
        marked = markup(value, style.fontName)
        self.missing += marked.missing
        return Paragraph(marked.markup, style)

    def line(self, value: str, style: ParagraphStyle, width: float) -> Paragraph:
        """One line of ``value``, shortened with an ellipsis to fit ``width``."""
        return self.text(
            fitted(_SPACES.sub(" ", value).strip(), style.fontName, style.fontSize, width), style
        )


def _clamped(
    value: str,
    style: ParagraphStyle,
    width: float,
    lines: int,
    *,
    lead: str = "",
    flowing: bool = True,
) -> tuple[Paragraph, int]:
    """``value`` in at most ``lines`` lines of ``width``, shortened at a word with an
    ellipsis when it is longer; ``lead`` (one short line of text) set in bold before
    it. ``flowing`` runs its lines together; otherwise its line breaks are kept. With
    the paragraph comes its count of placeholders, for the caller to keep if it uses
    the paragraph (none is counted here)."""
    bold = fonts.ready(fonts.BOLD)
    head = f'<font face="{bold}">{markup(lead, fonts.BOLD).markup}</font> ' if lead else ""
    room = lines * style.leading + 0.5
    # No line holds more than about 300 characters at these sizes: a longer start of
    # the text is enough to fill ``lines`` lines, and the rest is never laid out.
    start = value[: 300 * lines]
    rest = value[len(start) :]
    cut_already = bool(rest) and not rest.isspace()
    work = (_SPACES.sub(" ", start) if flowing else start).strip()

    def made(count: int) -> tuple[Paragraph, int]:
        shown_text = work if count >= len(work) and not cut_already else _cut(work, count)
        marked = markup(shown_text, style.fontName)
        return Paragraph(head + marked.markup, style), marked.missing

    def fits(paragraph: Paragraph) -> bool:
        return bool(paragraph.wrap(width, _ROOM)[1] <= room)

    best, missing = made(len(work))
    if not fits(best):
        low, high = 0, len(work) - 1  # made(low) fits (the lead alone does)
        while low < high:
            middle = (low + high + 1) // 2
            if fits(made(middle)[0]):
                low = middle
            else:
                high = middle - 1
        best, missing = made(low)
    return best, missing + (markup(lead, fonts.BOLD).missing if lead else 0)


def _cut(text: str, count: int) -> str:
    """The first ``count`` characters of ``text``, back to the last word break when one is
    near, with an ellipsis."""
    start = text[:count]
    if count < len(text) and not text[count].isspace():
        space = max(start.rfind(" "), start.rfind("\n"))
        if space > count * 0.6:
            start = start[:space]
    return start.rstrip().rstrip(".,;:") + ELLIPSIS  # never "word.…"


class _Page:
    def __init__(
        self,
        deck: Deck,
        checks: Sequence[TemperatureCheck],
        titles: Mapping[tuple[str, str], str],
        width: float,
        ink: Ink,
    ) -> None:
        self.deck, self.titles, self.width, self.ink = deck, titles, width, ink
        self.found = readings(deck, checks)
        self.placed = [r for r in self.found if r.latest is not None]
        self.styles = _Styles()
        self.setter = _Setter()

    def header(self, today: dt.date, owner: str | None) -> list[Flowable]:
        s = self.styles
        line = day_in_words(today) + (f" \N{MIDDLE DOT} {owner}" if owner else "")
        return [Paragraph(TITLE, s.title), self.setter.line(line, s.subtitle, self.width)]

    def positions(self) -> list[Flowable]:
        s, deck = self.styles, self.deck
        noun = deck.terms.card.lower()
        flow: list[Flowable] = [Paragraph("Where I placed myself", s.h2)]
        if not self.placed:
            flow.append(
                self.setter.text(
                    f"No temperature check yet: take one to place yourself on each {noun}.",
                    s.body,
                )
            )
            return flow
        newest = max(r.latest.taken for r in self.placed if r.latest is not None)
        if measure_for(deck) == "scale":
            low, high = scale_of(deck, deck.cards[0])
            measure = f"from {low} to +{high}"
        else:
            measure = "how many of its indicators are in place"
            low, high = 0, max(scale_of(deck, c)[1] for c in deck.cards)
        targets = any(r.target is not None for r in self.placed)
        flow.append(
            self.setter.text(
                f"The newest position on each {noun}, {measure} (latest check "
                f"{day_in_words(local(newest))})."
                + (" Dotted line: the targets set." if targets else ""),
                s.note,
            )
        )
        if len(self.placed) < RADAR_FROM:
            listed = "; ".join(
                f"{r.card.title} {shown(deck, r.latest.position)}"
                for r in self.placed
                if r.latest is not None
            )
            flow.append(self.setter.text(listed, s.body))
            return flow
        colours = {t.id: t.colour for t in deck.themes}
        axes = [
            Axis(
                r.card.title,
                colours[r.card.theme],
                r.latest.position if r.latest else None,
                None,
                r.target,
            )
            for r in self.found
        ]
        radar = Radar(axes, low, high, self.width, self.ink)
        radar.height = RADAR_HEIGHT
        # Each label says its position too, and whole: the radar's own labels stop at 30
        # characters, and a position after a long title would be lost.
        radar.labels = [
            f"{r.card.title} {shown(deck, r.latest.position)}" if r.latest else r.card.title
            for r in self.found
        ]
        self.setter.missing += sum(markup(label).missing for label in radar.labels)
        flow.append(radar)
        return flow

    def sides(self, strengths_text: str, development_text: str) -> list[Flowable]:
        strengths, development = placed_sides(self.deck, self.found)
        column = (self.width - COLUMN_GAP) / 2
        cells = [
            self._side("My strengths", strengths, strengths_text, column),
            self._side("My development areas", development, development_text, column),
        ]
        table = Table([cells], colWidths=[column + COLUMN_GAP / 2] * 2)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR),  # not reportlab's Helvetica
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("LEFTPADDING", (1, 0), (1, 0), COLUMN_GAP / 2),
                    ("RIGHTPADDING", (0, 0), (0, 0), COLUMN_GAP / 2),
                ]
            )
        )
        # A table lays its cells out without their first space before: the gap goes here.
        return [Spacer(1, self.styles.h2.spaceBefore), table]

    def _side(self, title: str, cards: list[Reading], words: str, width: float) -> list[Flowable]:
        s = self.styles
        flow: list[Flowable] = [Paragraph(title, s.h2)]
        if not cards:
            noun = plural(self.deck.terms.card.lower(), 2)
            why = "No temperature check yet." if not self.placed else f"Too few {noun} placed."
            flow.append(self.setter.text(why, s.note))
        for reading in cards:
            assert reading.latest is not None
            colour = readable_on(self.deck.theme(reading.card.theme).colour, WHITE)
            card_style = ParagraphStyle(
                f"appraisal-card-{reading.card.theme}", parent=s.card, textColor=self.ink(colour)
            )
            value = shown(self.deck, reading.latest.position)
            room = width - line_width(f" {value}", card_style.fontName, card_style.fontSize)
            title = fitted(reading.card.title, card_style.fontName, card_style.fontSize, room)
            flow.append(self.setter.text(f"{title} {value}", card_style))
        if words.strip():
            said, missing = _clamped(words, s.words, width, WORDS_LINES, flowing=False)
            self.setter.missing += missing
            flow.append(said)
        return flow

    def evidence(self, entries: Sequence[Entry], room: float) -> tuple[list[Flowable], int]:
        """The evidence heading and as many reflections as fit ``room``, each in as many
        lines as lets every one fit (two at the least), and "and N more" for the rest."""
        s = self.styles
        heading = Paragraph("Evidence from my journal", s.h2)
        if not entries:
            return [heading, Paragraph("No reflections chosen.", s.note)], 0
        room -= _height([heading], self.width)
        chosen: list[tuple[Paragraph, int]] = []
        for lines in EVIDENCE_LINES:
            chosen = []
            used = 0.0
            for entry in entries:
                item, missing = self._reflection(entry, lines)
                left = len(entries) - len(chosen) - 1
                more = [self._more(left)] if left else []
                if used + _height([item, *more], self.width) > room:
                    break
                chosen.append((item, missing))
                used += _height([item], self.width)
            if len(chosen) == len(entries):
                break
        self.setter.missing += sum(missing for _, missing in chosen)
        left_out = len(entries) - len(chosen)
        flow: list[Flowable] = [heading, *(item for item, _ in chosen)]
        if left_out:
            flow.append(self._more(left_out))
        return flow, len(chosen)

    def _more(self, count: int) -> Paragraph:
        return Paragraph(f"and {count} more in the journal", self.styles.more)

    def _reflection(self, entry: Entry, lines: int) -> tuple[Paragraph, int]:
        when = day_in_words(local(entry.created))
        about = ""
        if entry.card_id:
            key = (entry.deck_id or "", entry.card_id)
            about = self.titles.get(key, entry.card_id)
        lead = fitted(
            f"{when} \N{MIDDLE DOT} {about}" if about else when,
            fonts.BOLD,
            self.styles.evidence.fontSize,
            self.width * 0.6,
        )
        return _clamped(entry.text, self.styles.evidence, self.width, lines, lead=lead)

    def footer(self, credit: str, page_width: float) -> tuple[Paragraph, float]:
        """The deck's credit, laid out (as many lines as it takes) beside "Made with"."""
        paragraph = self.setter.text(credit, self.styles.credit)
        room = page_width - 2 * MARGIN - 40 * MM
        return paragraph, paragraph.wrap(room, _ROOM)[1]


def appraisal_pdf(
    deck: Deck,
    checks: Sequence[TemperatureCheck],
    evidence: Sequence[Entry],
    *,
    strengths_text: str = "",
    development_text: str = "",
    owner: str | None = None,
    paper: str = "a4",
    today: dt.date,
    titles: Mapping[tuple[str, str], str] | None = None,
) -> AppraisalPdf:
    """The appraisal page: always one page. ``checks`` may hold any deck's (``deck``'s are
    used, the newest per card); ``evidence`` prints in the order given (newest first, say)
    as far as it fits; ``titles`` names the cards of reflections on other decks ((deck id,
    card id) to title; ``deck``'s own are known)."""
    if paper not in ("a4", "letter"):
        raise JournalPdfError("the paper must be a4 or letter")
    fonts.register()
    page_width, page_height = (v * MM for v in PAPERS[paper])
    width = page_width - 2 * MARGIN
    ink = Ink()
    known = {(deck.id, card.id): card.title for card in deck.cards}
    known.update(titles or {})
    page = _Page(deck, checks, known, width, ink)
    credit, credit_height = page.footer(deck.source.credit, page_width)
    bottom = MARGIN + credit_height + 6
    height = page_height - MARGIN - bottom
    flow = (
        page.header(today, owner) + page.positions() + page.sides(strengths_text, development_text)
    )
    rest, printed = page.evidence(evidence, height - _height(flow, width))
    flow += rest

    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(page_width, page_height),
        pageCompression=1,
        # Without it reportlab names Helvetica on the page. (The stubs mistype it.)
        initialFontName=fonts.REGULAR,  # type: ignore[arg-type]
    )
    canvas.setTitle(TITLE)
    canvas.setAuthor(plain(owner or ""))
    canvas.setSubject(
        plain(f"One page for an appraisal, made with LeadCards. {deck.source.credit}")
    )
    canvas.setCreator(f"LeadCards {__version__}")
    frame = Frame(
        MARGIN, bottom, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    frame.addFromList(flow, canvas)
    # The footer: a rule, the credit below it, and what made the page.
    canvas.setStrokeColor(ink("#C8C8C8"))
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN + credit_height + 3, page_width - MARGIN, MARGIN + credit_height + 3)
    credit.drawOn(canvas, MARGIN, MARGIN)
    canvas.setFillColor(ink(SECONDARY))
    canvas.setFont(fonts.REGULAR, 7.5)
    canvas.drawRightString(
        page_width - MARGIN, MARGIN + credit_height - 7.5, f"Made with LeadCards {__version__}"
    )
    canvas.showPage()
    canvas.save()
    return AppraisalPdf(buffer.getvalue(), printed, len(evidence) - printed, page.setter.missing)


def appraisal_pdf_bytes(
    deck: Deck,
    checks: Sequence[TemperatureCheck],
    evidence: Sequence[Entry],
    *,
    strengths_text: str = "",
    development_text: str = "",
    owner: str | None = None,
    paper: str = "a4",
    today: dt.date,
    titles: Mapping[tuple[str, str], str] | None = None,
) -> bytes:
    """The appraisal page's PDF alone (see :func:`appraisal_pdf`)."""
    made = appraisal_pdf(
        deck,
        checks,
        evidence,
        strengths_text=strengths_text,
        development_text=development_text,
        owner=owner,
        paper=paper,
        today=today,
        titles=titles,
    )
    return made.data


__all__ = [
    "AppraisalPdf",
    "JournalPdfError",
    "appraisal_pdf",
    "appraisal_pdf_bytes",
    "placed_sides",
]
