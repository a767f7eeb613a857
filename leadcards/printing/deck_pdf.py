"""Print-ready PDFs of card decks, and the calibration sheet.

:func:`write_deck_pdf` lays every chosen card out first (so a card that cannot fit is
reported before anything is written), then draws the instructions page and the sheets for
the chosen mode with one drawing of a card face. Fonts are embedded subsets of the bundled
typefaces only; a character none of them draws prints as a placeholder, counted in the
report. The viewer is asked not to scale the pages when printing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from leadcards import __version__
from leadcards.colours import INK
from leadcards.deck import Card, Deck
from leadcards.fileio import NOTHING_KEPT, Keep, write_bytes
from leadcards.printing import fonts
from leadcards.printing.face import (
    SECONDARY,
    Face,
    Fitted,
    Ink,
    Sizes,
    draw_face,
    layout_face,
)
from leadcards.printing.layout import (
    MM,
    PAPERS,
    FlipEdge,
    Geometry,
    LayoutError,
    Mark,
    Mode,
    Rect,
    Sheet,
    chunks,
    page_size,
    sheet_for,
)
from leadcards.printing.options import PrintOptions, ShopOrder
from leadcards.printing.text import markup, plain
from leadcards.progress import Progress, no_progress

MARK_WIDTH = 0.5  # points
TEST_SQUARE_MM = 50.0


class CardsDoNotFitError(LayoutError):
    """Some faces do not fit at the minimum type size; ``faces`` names them."""

    def __init__(self, faces: list[tuple[str, str]], message: str) -> None:
        super().__init__(message)
        self.faces = faces


@dataclass(frozen=True)
class DeckReport:
    pages: int
    cards: int
    per_page: int
    page_size: tuple[float, float]  # points
    smallest_text: float  # points: the smallest body text on any face
    missing: int = 0  # characters shown as the placeholder: no bundled face draws them


Chosen = Sequence[tuple[Deck, Sequence[Card]]]


def fit_all(chosen: Chosen, options: PrintOptions) -> list[tuple[Fitted, Fitted]]:
    """Lay out the front and back of every chosen card, or refuse naming those that do
    not fit. Every front of a deck shares one type size, and every back another (the
    largest that fits them all), so the printed deck looks of a piece."""
    ink = Ink(options.cmyk)
    width, height = (v * MM for v in options.geometry.card)
    sections = options.back_sections
    failed: list[tuple[str, str]] = []
    fitted: list[tuple[Fitted, Fitted]] = []
    for deck, cards in chosen:
        if not cards:
            continue
        first: list[tuple[Fitted | None, Fitted | None]] = [
            (
                layout_face(deck, card, Face.FRONT, width, height, ink=ink),
                layout_face(deck, card, Face.BACK, width, height, sections=sections, ink=ink),
            )
            for card in cards
        ]
        for card, (front, back) in zip(cards, first, strict=True):
            failed.extend(
                (card.title, face)
                for face, got in (("front", front), ("back", back))
                if got is None
            )
        if failed:
            continue
        front_scale = min(pair[0].scale for pair in first if pair[0])
        back_scale = min(pair[1].scale for pair in first if pair[1])
        for card in cards:
            front = layout_face(
                deck, card, Face.FRONT, width, height, ink=ink, max_scale=front_scale
            )
            back = layout_face(
                deck,
                card,
                Face.BACK,
                width,
                height,
                sections=sections,
                ink=ink,
                max_scale=back_scale,
            )
            if front is None or back is None:  # a smaller size that wraps worse: rare
                failed.append((card.title, "front" if front is None else "back"))
                continue
            fitted.append((front, back))
    if failed:
        names = ", ".join(f"{title} ({face})" for title, face in failed)
        size = "x".join(f"{v:g}" for v in options.geometry.card)
        raise CardsDoNotFitError(
            failed,
            f"{len(failed)} card face{'s' if len(failed) != 1 else ''} would need type "
            f"smaller than 7 pt at {size} mm: {names}. Choose a larger card size, or put "
            "fewer sections on the back.",
        )
    return [pair for pair in fitted for _ in range(options.copies)]


def write_deck_pdf(
    chosen: Chosen,
    target: Path,
    options: PrintOptions,
    progress: Progress = no_progress,
    *,
    keep: Keep = NOTHING_KEPT,
) -> DeckReport:
    """Write the deck PDF to ``target`` through the guarded writer (never over what
    ``keep`` names); raise LayoutError before writing anything if the settings or some
    card cannot be printed."""
    data, report = deck_pdf_bytes(chosen, options, progress)
    write_bytes(target, data, keep=keep)
    return report


def deck_pdf_bytes(
    chosen: Chosen,
    options: PrintOptions,
    progress: Progress = no_progress,
    *,
    page_limit: int | None = None,
) -> tuple[bytes, DeckReport]:
    """The PDF and a report on it. With ``page_limit`` (for a preview) only about that many
    pages are drawn, but every card is still fitted and the report counts every page."""
    sheet, faces, ink = _prepared(chosen, options)
    buffer = io.BytesIO()
    canvas = _canvas(buffer, sheet, options, chosen)
    pages = 0
    total = len(faces)
    outline = _Outline(canvas, chosen)
    if options.geometry.mode is Mode.PRINT_SHOP:
        pages = _print_shop_pages(canvas, sheet, faces, options, ink, outline, progress, page_limit)
    else:
        if options.instructions:
            _instructions_page(canvas, sheet, options, ink)
            canvas.showPage()
            pages += 1
            if options.geometry.mode is Mode.DUPLEX:
                canvas.showPage()  # the instructions' back stays blank, keeping sides paired
                pages += 1
        sides = 1 if options.geometry.mode is Mode.GUTTERFOLD else 2
        for group in chunks(total, sheet.per_page):
            if page_limit is not None and pages >= page_limit:
                pages += sides  # counted, not drawn
                continue
            batch = [faces[i] for i in group]
            for slot, (front, _) in zip(sheet.fronts, batch, strict=False):
                outline.mark(front)
                _draw(canvas, front, slot.trim, slot.turned, options, ink)
            if options.geometry.mode is Mode.GUTTERFOLD:
                for slot, (_, back) in zip(sheet.backs, batch, strict=False):
                    _draw(canvas, back, slot.trim, slot.turned, options, ink)
                _marks(canvas, sheet.marks, ink)
                _fold_line(canvas, sheet, ink)
                canvas.showPage()
                pages += 1
            else:
                _marks(canvas, sheet.marks, ink)
                canvas.showPage()
                _back_transform(canvas, sheet, options)
                for slot, (_, back) in zip(sheet.backs, batch, strict=False):
                    _draw(canvas, back, slot.trim, slot.turned, options, ink)
                _marks(canvas, sheet.back_marks, ink)
                canvas.showPage()
                pages += 2
            progress(group.stop, total)
    canvas.save()
    return buffer.getvalue(), _report(faces, sheet, pages, sheet.per_page)


def _prepared(
    chosen: Chosen, options: PrintOptions
) -> tuple[Sheet, list[tuple[Fitted, Fitted]], Ink]:
    """The sheet, every chosen card's faces fitted, and the inks: what drawing starts from
    (a LayoutError when a setting cannot be used or no card was chosen)."""
    options.check()
    sheet = sheet_for(options.geometry)
    faces = fit_all(chosen, options)
    if not faces:
        raise LayoutError("no cards were chosen")
    fonts.register()
    return sheet, faces, Ink(options.cmyk)


def _report(
    faces: list[tuple[Fitted, Fitted]], sheet: Sheet, pages: int, per_page: int
) -> DeckReport:
    body = min(Sizes.at(face.face, face.scale).body for pair in faces for face in pair)
    missing = sum(face.missing for pair in faces for face in pair)
    size = (sheet.width, sheet.height)
    return DeckReport(pages, len(faces), per_page, size, round(body, 1), missing)


# --------------------------------------------------------------------------- pieces


def _canvas(buffer: io.BytesIO, sheet: Sheet, options: PrintOptions, chosen: Chosen) -> Canvas:
    canvas = Canvas(
        buffer,
        pagesize=(sheet.width, sheet.height),
        pageCompression=1,
        # Without it reportlab names Helvetica on every page. (The stubs mistype it.)
        initialFontName=fonts.REGULAR,  # type: ignore[arg-type]
        initialFontSize=10,
        enforceColorSpace="cmyk" if options.cmyk else None,
        invariant=0,
    )
    titles = [deck.title for deck, _ in chosen]
    canvas.setTitle(plain(f"{' and '.join(titles)}: printable cards"))
    canvas.setAuthor(plain("; ".join(deck.source.credit for deck, _ in chosen)))
    canvas.setSubject(
        plain(
            "Print-ready cards made with LeadCards. "
            + " ".join(f"{deck.title}: {deck.source.credit}." for deck, _ in chosen)
            + (" CMYK; PDF/X-ready, not certified." if options.cmyk else "")
        )
    )
    canvas.setCreator(f"LeadCards {__version__}")
    canvas.setKeywords("leadership cards, print")
    canvas.setViewerPreference("PrintScaling", "None")
    duplex = {
        Mode.DUPLEX: {FlipEdge.LONG: "DuplexFlipLongEdge", FlipEdge.SHORT: "DuplexFlipShortEdge"}[
            options.geometry.flip
        ],
    }.get(options.geometry.mode, "Simplex")
    canvas.setViewerPreference("Duplex", duplex)
    canvas.setFont(fonts.REGULAR, 10)
    return canvas


class _Outline:
    """Bookmarks: one per theme at the first page showing it (under its deck when the file
    holds more than one). Each has a numbered name: ids joined up could run together."""

    def __init__(self, canvas: Canvas, chosen: Chosen) -> None:
        self.canvas = canvas
        self.nested = len(chosen) > 1
        self.seen: set[tuple[str, str]] = set()
        self.decks: set[str] = set()

    def mark(self, fitted: Fitted) -> None:
        deck, theme = fitted.deck, fitted.card.theme
        if self.nested and deck.id not in self.decks:
            self.decks.add(deck.id)
            key = f"d{len(self.decks)}"
            self.canvas.bookmarkPage(key)
            self.canvas.addOutlineEntry(plain(deck.title), key, level=0)
        if (deck.id, theme) in self.seen:
            return
        self.seen.add((deck.id, theme))
        key = f"t{len(self.seen)}"
        self.canvas.bookmarkPage(key)
        title = plain(deck.theme(theme).title)
        self.canvas.addOutlineEntry(title, key, level=1 if self.nested else 0)


def _draw(
    canvas: Canvas, fitted: Fitted, trim: Rect, turned: bool, options: PrintOptions, ink: Ink
) -> None:
    draw_face(
        canvas,
        fitted,
        trim.x,
        trim.y,
        trim.w,
        trim.h,
        bleed=options.geometry.bleed * MM,
        turned=turned,
        ink=ink,
    )


def _marks(canvas: Canvas, marks: Sequence[Mark], ink: Ink) -> None:
    if not marks:
        return
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setStrokeColor(ink("#000000"))
    for mark in marks:
        canvas.line(mark.x1, mark.y1, mark.x2, mark.y2)
    canvas.restoreState()


def _fold_line(canvas: Canvas, sheet: Sheet, ink: Ink) -> None:
    if sheet.fold is None:
        return
    fold = sheet.fold
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.setStrokeColor(ink("#707070"))
    canvas.setDash(4, 3)
    # The line runs across the margins only, clear of every card.
    left = min(slot.trim.x for slot in sheet.fronts) - 6 * MM
    right = max(slot.trim.right for slot in sheet.fronts) + 6 * MM
    canvas.line(fold.x1 + 2 * MM, fold.y1, left, fold.y2)
    canvas.line(right, fold.y1, fold.x2 - 2 * MM, fold.y2)
    canvas.setFillColor(ink("#4D4D4D"))
    canvas.setFont(fonts.REGULAR, 7)
    canvas.drawString(fold.x1 + 2 * MM, fold.y1 + 1.5 * MM, "fold")
    canvas.restoreState()


def _back_transform(canvas: Canvas, sheet: Sheet, options: PrintOptions) -> None:
    """Move (and scale about the centre) everything on a back page, for printers whose
    backs land off their fronts."""
    dx, dy = (v * MM for v in options.back_offset)
    scale = options.back_scale
    cx, cy = sheet.width / 2, sheet.height / 2
    if dx or dy or scale != 1.0:
        canvas.transform(scale, 0, 0, scale, cx - scale * cx + dx, cy - scale * cy + dy)


def _print_shop_pages(
    canvas: Canvas,
    sheet: Sheet,
    faces: list[tuple[Fitted, Fitted]],
    options: PrintOptions,
    ink: Ink,
    outline: _Outline,
    progress: Progress,
    page_limit: int | None,
) -> int:
    order: list[tuple[Fitted, bool]]
    if options.shop_order is ShopOrder.INTERLEAVED:
        order = [(face, index == 0) for pair in faces for index, face in enumerate(pair)]
    else:
        order = [(front, True) for front, _ in faces] + [(back, False) for _, back in faces]
    return _shop_pages(canvas, sheet, order, options, ink, outline, progress, page_limit)


def _shop_pages(
    canvas: Canvas,
    sheet: Sheet,
    order: Sequence[tuple[Fitted, bool]],
    options: PrintOptions,
    ink: Ink,
    outline: _Outline,
    progress: Progress,
    page_limit: int | None,
) -> int:
    """One face per page, in ``order`` (each face with whether it starts a card in the
    bookmarks), with the page boxes a print shop reads."""
    bleed = options.geometry.bleed * MM
    slot = sheet.fronts[0]
    box = (0, 0, sheet.width, sheet.height)
    trim = (bleed, bleed, sheet.width - bleed, sheet.height - bleed)
    for number, (fitted, is_front) in enumerate(order, start=1):
        if page_limit is not None and number > page_limit:
            break
        canvas.setPageSize((sheet.width, sheet.height))
        canvas.setBleedBox(box)
        canvas.setTrimBox(trim)
        canvas.setCropBox(box)
        if is_front:
            outline.mark(fitted)
        _draw(canvas, fitted, slot.trim, False, options, ink)
        canvas.showPage()
        progress(number, len(order))
    return len(order)


def separate_pdf_bytes(
    chosen: Chosen, options: PrintOptions, progress: Progress = no_progress
) -> tuple[bytes, bytes, DeckReport]:
    """The print-shop file as two: every front, then every back, page for page in the same
    order (page n of the backs is the back of page n of the fronts), each page with the
    print-shop page boxes. The report counts the pages of one file."""
    options = replace(options, geometry=replace(options.geometry, mode=Mode.PRINT_SHOP))
    sheet, faces, ink = _prepared(chosen, options)
    total = len(faces)
    files: list[bytes] = []
    for index, side in enumerate(("fronts", "backs")):
        buffer = io.BytesIO()
        canvas = _canvas(buffer, sheet, options, chosen)
        titles = [deck.title for deck, _ in chosen]
        canvas.setTitle(plain(f"{' and '.join(titles)}: printable cards, {side}"))
        order = [(pair[index], True) for pair in faces]

        def step(done: int, _: int, offset: int = index * total) -> None:
            progress(offset + done, 2 * total)

        _shop_pages(canvas, sheet, order, options, ink, _Outline(canvas, chosen), step, None)
        canvas.save()
        files.append(buffer.getvalue())
    return files[0], files[1], _report(faces, sheet, total, 1)


# --------------------------------------------------------------------------- instructions


def _style(
    size: float, bold: bool = False, colour: str = INK, ink: Ink | None = None
) -> ParagraphStyle:
    ink = ink or Ink()
    return ParagraphStyle(
        "instructions",
        fontName=fonts.BOLD if bold else fonts.REGULAR,
        fontSize=size,
        leading=size * 1.3,
        textColor=ink(colour),
        alignment=TA_LEFT,
        spaceAfter=size * 0.5,
    )


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text, style.fontName).markup, style)


def _paper_name(geometry: Geometry) -> str:
    for name, size in PAPERS.items():
        if sorted(size) == sorted(geometry.paper):
            return {"a4": "A4", "letter": "Letter", "a3": "A3"}[name]
    return "x".join(f"{v:g}" for v in geometry.paper) + " mm"


def instruction_lines(options: PrintOptions, sheet: Sheet) -> list[str]:
    geometry = options.geometry
    landscape = sheet.width > sheet.height
    paper = f"{_paper_name(geometry)}, {'landscape' if landscape else 'portrait'}"
    card = "x".join(f"{v:g}" for v in geometry.card)
    lines = [
        f"Print at Actual size (100%), on {paper} paper. Do not choose 'Fit to page' or "
        "'Shrink oversized pages': the cards would come out smaller and the backs would "
        "not meet the fronts.",
    ]
    if geometry.mode is Mode.DUPLEX:
        edge = "long" if geometry.flip is FlipEdge.LONG else "short"
        lines.append(
            f"Print on both sides, flipping on the {edge} edge. Page 2 is the blank back of "
            "this page; every card sheet is followed by its backs."
        )
    elif geometry.mode is Mode.SINGLE:
        lines.append(
            "Each sheet of fronts is followed by a sheet of backs, placed so the two can be "
            "glued back to back, or printed one after the other on the same sheet (print "
            "the fronts, turn the sheet over and feed it again for the backs)."
        )
    else:
        lines.append(
            "Print on one side. Cut each column out, fold along the dashed line so the "
            "backs meet the fronts, glue, then cut the cards apart."
        )
    lines.append(
        f"Check the scale: the square below should measure exactly {TEST_SQUARE_MM:g} mm "
        "on each side. If it does not, the printer is scaling the page."
    )
    lines.append(
        "Cutting: cut along the crop marks in the margins, first all the long cuts from "
        "edge to edge, then the short ones."
        if geometry.crop_marks
        else "Cutting: there are no crop marks; cut along the card edges."
    )
    dx, dy = options.back_offset
    lines.append(
        f"Settings used: {card} mm cards, {sheet.per_page} per page, bleed "
        f"{geometry.bleed:g} mm, crop marks {'on' if geometry.crop_marks else 'off'}, back "
        f"offset {dx:+.1f} mm across and {dy:+.1f} mm up, back scale "
        f"{options.back_scale:.1%}, back sections: "
        f"{', '.join(s.value for s in options.back_sections)}, colour "
        f"{'CMYK' if options.cmyk else 'RGB'}. Made with LeadCards {__version__} on "
        f"{dt.date.today():%d %B %Y}."
    )
    if options.cmyk:
        lines.append(
            "Colour is CMYK only, with every font embedded: the file is PDF/X-ready, but it "
            "is not certified as PDF/X. Ask your print shop to check it."
        )
    lines.append(
        "If the backs land off their fronts, print the calibration sheet (leadcards print "
        "calibration), read the offset it shows and enter it as the back offset."
    )
    return lines


def _instructions_page(canvas: Canvas, sheet: Sheet, options: PrintOptions, ink: Ink) -> None:
    margin = 20 * MM
    width = sheet.width - 2 * margin
    top = sheet.height - margin
    heading = _paragraph("How to print these cards", _style(16, bold=True, ink=ink))
    _, used = heading.wrap(width, top)
    heading.drawOn(canvas, margin, top - used)
    top -= used + 4 * MM
    for line in instruction_lines(options, sheet):
        paragraph = _paragraph(line, _style(10, ink=ink))
        _, used = paragraph.wrap(width, top)
        paragraph.drawOn(canvas, margin, top - used)
        top -= used + 2.5 * MM
    side = TEST_SQUARE_MM * MM
    top -= 4 * MM
    canvas.saveState()
    canvas.setStrokeColor(ink("#000000"))
    canvas.setLineWidth(0.5)
    canvas.rect(margin, top - side, side, side, stroke=1, fill=0)
    canvas.setFillColor(ink(SECONDARY))
    canvas.setFont(fonts.REGULAR, 9)
    canvas.drawString(margin + side + 4 * MM, top - side / 2, f"{TEST_SQUARE_MM:g} mm test square")
    canvas.restoreState()


# --------------------------------------------------------------------------- calibration

LADDER_MM = [step / 2 for step in range(-6, 7)]  # -3 to +3 mm in 0.5 mm steps
LADDER_START_MM = 8.0  # from the centre to the first ladder line
ROW_MM, COLUMN_MM = 5.0, 6.0  # between the lines of the upright and the level ladder
EDGE_MM = 10.0  # the crosshairs stop this far from the paper's edge


def calibration_pdf_bytes(geometry: Geometry) -> bytes:
    """Two pages (the two sides of one sheet): crosshairs through the centre on the front,
    offset ladders on the back. Held to the light, the ladder line that continues the
    crosshair gives the back offset to enter. Refuses paper too small to hold the ladders."""
    fonts.register()
    geometry.check()
    width, height = page_size(replace(geometry, mode=Mode.DUPLEX))
    cx, cy = width / 2, height / 2
    reach_up = (LADDER_START_MM + (len(LADDER_MM) - 1) * ROW_MM + 3) * MM
    reach_across = (LADDER_START_MM + (len(LADDER_MM) - 1) * COLUMN_MM + 4) * MM
    if cy < reach_up + EDGE_MM * MM or cx < reach_across + EDGE_MM * MM:
        need = 2 * (reach_across / MM + EDGE_MM), 2 * (reach_up / MM + EDGE_MM)
        raise LayoutError(
            f"the calibration sheet needs paper at least {need[0]:.0f} x {need[1]:.0f} mm"
        )
    buffer = io.BytesIO()
    sheet = Sheet(width, height, (), (), ())
    options = PrintOptions(geometry=replace(geometry, mode=Mode.DUPLEX))
    canvas = _canvas(buffer, sheet, options, [])
    canvas.setTitle("LeadCards printer calibration sheet")
    ink = Ink()
    # Front: what to do, in the top left quarter, and crosshairs from edge to edge, so
    # every ladder line on the back has a line to continue whichever edge the sheet turns on.
    text = (
        "Calibration sheet. Print both pages as one two-sided sheet at Actual size (100%), "
        f"flipping on the {geometry.flip.value} edge. Hold the sheet up to the light. On "
        "the back, above the centre, find the short upright line that continues this "
        "sheet's upright line exactly: its number is the offset across. To the right of the "
        "centre, find the short level line that continues the level line: its number is "
        "the offset up. Enter both, in millimetres, as the back offset in LeadCards."
    )
    paragraph = _paragraph(text, _style(9, ink=ink))
    margin = 15 * MM
    _, used = paragraph.wrap(cx - margin - 8 * MM, height)
    if height - margin - used < cy + 5 * MM:
        raise LayoutError("the paper is too small for the calibration sheet's instructions")
    paragraph.drawOn(canvas, margin, height - margin - used)
    edge = EDGE_MM * MM
    canvas.setLineWidth(0.35)
    canvas.setStrokeColor(ink("#000000"))
    canvas.line(cx, edge, cx, height - edge)
    canvas.line(edge, cy, width - edge, cy)
    canvas.showPage()
    # Back: one short line per offset, each at its own place along the crosshair, so every
    # line has room for its number.
    canvas.setLineWidth(0.35)
    canvas.setStrokeColor(ink("#000000"))
    canvas.setFillColor(ink("#000000"))
    canvas.setFont(fonts.REGULAR, 7)
    for row, step in enumerate(LADDER_MM):
        label = "0" if step == 0 else f"{step:+.1f}"
        x, y = cx + step * MM, cy + (LADDER_START_MM + row * ROW_MM) * MM
        canvas.line(x, y, x, y + 3 * MM)
        canvas.drawString(cx + 5 * MM, y + 0.5 * MM, label)
        x, y = cx + (LADDER_START_MM + row * COLUMN_MM) * MM, cy + step * MM
        canvas.line(x, y, x + 4 * MM, y)
        canvas.drawCentredString(x + 2 * MM, cy - 7 * MM, label)
    canvas.setFont(fonts.BOLD, 8)
    canvas.drawString(cx + 15 * MM, cy + 40 * MM, "offset across (mm)")
    canvas.drawString(cx + 10 * MM, cy - 12 * MM, "offset up (mm)")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
