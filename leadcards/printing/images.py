"""Card images: one PNG per card and side, for online card printers and for slides.

An image is not a second drawing of a card. Every face is drawn by
:mod:`leadcards.printing.face` (the drawing the PDFs use) onto a page of a PDF made in
memory, one face per page, exactly as the print-shop file draws it, and PDFium rasterises
each page at the resolution asked for: paper and image never disagree. Two presets:

- ``print``, for online card printers: the card plus its bleed on every side, 300 dpi, RGB.
- ``slides``, for presentations and documents: the card alone with rounded corners,
  transparent outside them, at a size that sits well on a slide.

PNG files are written here with zlib (no imaging library): each carries its resolution, so
a document places it at the card's real size. Images are named so they sort and say what
they are: ``01-authenticity-front.png``.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pypdfium2  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas

from leadcards import __version__
from leadcards.deck import Card, Deck
from leadcards.fileio import (
    NOTHING_KEPT,
    STDIO,
    ExistingFilesError,
    Keep,
    check_folder_names,
    check_output,
    write_bytes,
    write_into_folder,
)
from leadcards.printing import fonts
from leadcards.printing.deck_pdf import Chosen, fit_all
from leadcards.printing.face import FOOT_MM, Face, Fitted, Ink, draw_face
from leadcards.printing.layout import (
    CARD_SIZES,
    MM,
    Geometry,
    LayoutError,
    Mode,
)
from leadcards.printing.options import DEFAULT_BACK, BackSection, PrintOptions
from leadcards.printing.preview import PDFIUM_LOCK
from leadcards.progress import Progress, no_progress

MIN_DPI, MAX_DPI = 36, 1200
MAX_PIXELS = 60_000_000  # one image: a tarot card with bleed at 1200 dpi is 22 million
PRINT_DPI = 300
PRINT_BLEED_MM = 3.0
# A tarot card 912 pixels tall: most of a 1080-line slide, and the card's own size when a
# document places it at this resolution.
SLIDE_DPI = 192
CORNER_MM = 3.0  # the rounded corners of a slide image


class Preset(StrEnum):
    PRINT = "print"  # online card printers: card size plus bleed, 300 dpi, RGB
    SLIDES = "slides"  # no bleed, rounded corners, transparent outside them


class Sides(StrEnum):
    FRONT = "front"
    BACK = "back"
    BOTH = "both"

    def faces(self) -> tuple[Face, ...]:
        return {
            Sides.FRONT: (Face.FRONT,),
            Sides.BACK: (Face.BACK,),
            Sides.BOTH: (Face.FRONT, Face.BACK),
        }[self]


@dataclass(frozen=True)
class ImageOptions:
    """How card images are made: card size and back sections as the printed deck has
    them, resolution, bleed (mm), rounded transparent corners, and which sides."""

    card: tuple[float, float] = CARD_SIZES["tarot"]
    back_sections: tuple[BackSection, ...] = DEFAULT_BACK
    dpi: float = PRINT_DPI
    bleed: float = PRINT_BLEED_MM
    rounded: bool = False
    sides: Sides = Sides.BOTH

    def geometry(self) -> Geometry:
        return Geometry(card=self.card, bleed=self.bleed, mode=Mode.PRINT_SHOP, crop_marks=False)

    def check(self) -> None:
        self.geometry().check()
        if not math.isfinite(self.dpi) or not MIN_DPI <= self.dpi <= MAX_DPI:
            raise LayoutError(f"the resolution must be {MIN_DPI} to {MAX_DPI} dpi")
        if not self.back_sections:
            raise LayoutError("choose at least one thing to print on the backs")
        width, height = self.pixel_size()
        if width * height > MAX_PIXELS:
            raise LayoutError(
                f"{width} x {height} pixels is too large for one image: choose a lower resolution"
            )

    def page_size(self) -> tuple[float, float]:
        """One image's page in points: the card plus its bleed on every side."""
        return tuple((v + 2 * self.bleed) * MM for v in self.card)  # type: ignore[return-value]

    def pixel_size(self) -> tuple[int, int]:
        """An image's size in pixels: the card plus its bleed at the resolution, rounded."""
        width, height = ((v + 2 * self.bleed) / 25.4 * self.dpi for v in self.card)
        return max(1, round(width)), max(1, round(height))

    def print_options(self) -> PrintOptions:
        """The print-shop options whose pages these images are."""
        return PrintOptions(geometry=self.geometry(), back_sections=self.back_sections)


def preset_options(
    preset: Preset,
    saved: PrintOptions,
    *,
    dpi: float | None = None,
    bleed: float | None = None,
    sides: Sides | None = None,
) -> ImageOptions:
    """A preset over the card size and back sections the user prints with; every value
    given explicitly wins over the preset."""
    if preset is Preset.SLIDES:
        base = ImageOptions(dpi=SLIDE_DPI, bleed=0.0, rounded=True)
    else:
        base = ImageOptions(dpi=PRINT_DPI, bleed=PRINT_BLEED_MM, rounded=False)
    return ImageOptions(
        card=saved.geometry.card,
        back_sections=saved.back_sections,
        dpi=base.dpi if dpi is None else dpi,
        bleed=base.bleed if bleed is None else bleed,
        rounded=base.rounded,
        sides=sides or Sides.BOTH,
    )


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Planned:
    """One image to make: its file name and the face it shows."""

    name: str
    deck: Deck
    card: Card
    face: Face


def slug(text: str) -> str:
    """A card id as a safe, readable part of a file name: lower case letters, digits and
    hyphens only (never a path), at most 60 characters."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return cleaned or "card"


def plan(chosen: Chosen, sides: Sides) -> list[Planned]:
    """The images of the chosen cards, named ``NN-card-side.png`` with NN the card's place
    among all the cards of the chosen decks (so the names sort in deck order, both decks
    in one folder too, and a card has the same name whichever others are exported with
    it). A deck chosen twice is exported once."""
    seen: set[str] = set()
    decks = []
    for deck, picked in chosen:
        if deck.id not in seen:
            seen.add(deck.id)
            decks.append((deck, picked))
    digits = max(2, len(str(sum(len(deck.cards) for deck, _ in decks))))
    planned: list[Planned] = []
    before = 0
    for deck, picked in decks:
        place = {card.id: index for index, card in enumerate(deck.cards, start=1)}
        for card in picked:
            number = before + place.get(card.id, 0)
            for face in sides.faces():
                name = f"{number:0{digits}d}-{slug(card.id)}-{face.value}.png"
                planned.append(Planned(name, deck, card, face))
        before += len(deck.cards)
    return planned


# --------------------------------------------------------------------------- drawing


@dataclass(frozen=True)
class CardImage:
    name: str
    deck_id: str
    card_id: str
    face: Face
    width: int  # pixels
    height: int
    png: bytes = field(repr=False)


def fitted_faces(chosen: Chosen, options: ImageOptions) -> dict[tuple[str, str, Face], Fitted]:
    """Every chosen face laid out as the print-shop file lays it out. Type sizes are shared
    across each whole deck (as a printed deck shares them), so a card's image is the same
    whichever cards are exported with it."""
    whole = [(deck, deck.cards) for deck, _ in chosen]
    faces: dict[tuple[str, str, Face], Fitted] = {}
    for front, back in fit_all(whole, options.print_options()):
        for fitted in (front, back):
            faces[(fitted.deck.id, fitted.card.id, fitted.face)] = fitted
    return faces


def pages_pdf(faces: Sequence[Fitted], options: ImageOptions) -> bytes:
    """One page per face: the card plus its bleed, the face drawn by face.py exactly as
    on a print-shop page; for rounded images, on white inside the rounded trim only."""
    fonts.register()
    width, height = options.page_size()
    bleed = options.bleed * MM
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(width, height),
        pageCompression=0,  # read back at once by PDFium: no need to squeeze it
        initialFontName=fonts.REGULAR,  # type: ignore[arg-type]
        initialFontSize=10,
        invariant=1,
    )
    canvas.setCreator(f"LeadCards {__version__}")
    ink = Ink()
    card_w, card_h = (v * MM for v in options.card)
    for fitted in faces:
        if options.rounded:
            canvas.saveState()
            path = canvas.beginPath()
            path.roundRect(0, 0, width, height, CORNER_MM * MM)
            canvas.clipPath(path, stroke=0, fill=0)
            # White between the coloured band and foot only: under them, a white edge
            # smoothed twice would show as a pale rim on the rounded corners.
            foot = bleed + FOOT_MM * MM
            band_bottom = bleed + card_h - fitted.band_height
            canvas.setFillColorRGB(1, 1, 1)
            canvas.rect(0, foot - 0.5, width, band_bottom - foot + 1, stroke=0, fill=1)
        draw_face(canvas, fitted, bleed, bleed, card_w, card_h, bleed=bleed, ink=ink)
        if options.rounded:
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_images(
    chosen: Chosen,
    options: ImageOptions,
    progress: Progress = no_progress,
    *,
    workers: int = 2,
) -> Iterator[CardImage]:
    """The chosen cards' images, in name order, made as they are asked for (so a folder
    of them never has to be held in memory at once). Raises LayoutError before the first
    image if a setting or a card cannot be drawn."""
    options.check()
    planned = plan(chosen, options.sides)
    fitted = fitted_faces(chosen, options)
    faces = [fitted[(p.deck.id, p.card.id, p.face)] for p in planned]
    data = pages_pdf(faces, options)
    width, height = options.pixel_size()
    return _rasterised(planned, data, options, width, height, progress, workers)


def _rasterised(
    planned: list[Planned],
    data: bytes,
    options: ImageOptions,
    width: int,
    height: int,
    progress: Progress,
    workers: int,
) -> Iterator[CardImage]:
    # PDFium draws one page at a time (it is not thread-safe); the PNG compression of the
    # pages before runs meanwhile on the other cores (zlib lets go of the interpreter lock).
    alpha = options.rounded
    total = len(planned)
    done = 0
    ahead = max(1, workers)
    with ThreadPoolExecutor(max_workers=ahead) as pool:
        pending: list[tuple[Planned, Future[bytes]]] = []
        pages = rasterise(data, width, height, alpha=alpha)
        try:
            for item, pixels in zip(planned, pages, strict=True):
                pending.append(
                    (item, pool.submit(encode_png, pixels, width, height, alpha, options.dpi))
                )
                while len(pending) > ahead:
                    yield _image(*pending.pop(0), width, height)
                    done += 1
                    progress(done, total)
            for entry in pending:
                yield _image(*entry, width, height)
                done += 1
                progress(done, total)
        finally:
            pages.close()  # the document is closed now, even on a cancel or a failure


def _image(item: Planned, encoded: Future[bytes], width: int, height: int) -> CardImage:
    return CardImage(
        item.name, item.deck.id, item.card.id, item.face, width, height, encoded.result()
    )


def rasterise(data: bytes, width: int, height: int, *, alpha: bool) -> Generator[bytes]:
    """Each page of the PDF in ``data`` drawn on exactly ``width`` by ``height`` pixels, as
    rows of RGB (or RGBA, transparent where nothing is drawn) bytes, top row first."""
    channels = 4 if alpha else 3
    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(data)
        count = len(document)
    try:
        for number in range(count):
            with PDFIUM_LOCK:
                pixels = _render_page(document, number, width, height, channels)
            yield pixels  # never while holding the lock: a caller may stop here for good
    finally:
        with PDFIUM_LOCK:
            document.close()


def _render_page(
    document: pypdfium2.PdfDocument, number: int, width: int, height: int, channels: int
) -> bytes:
    page = document[number]
    bitmap_format = pdfium_c.FPDFBitmap_BGRA if channels == 4 else pdfium_c.FPDFBitmap_BGR
    bitmap = pypdfium2.PdfBitmap.new_native(width, height, bitmap_format, rev_byteorder=True)
    try:
        bitmap.fill_rect((255, 255, 255, 0 if channels == 4 else 255), 0, 0, width, height)
        flags = pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_REVERSE_BYTE_ORDER
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, flags)
        row = width * channels
        buffer = bitmap.buffer
        stride = bitmap.stride
        if stride == row:
            return bytes(buffer)
        raw = bytes(buffer)
        return b"".join(raw[y * stride : y * stride + row] for y in range(height))
    finally:
        bitmap.close()
        page.close()


# --------------------------------------------------------------------------- PNG


def encode_png(pixels: bytes, width: int, height: int, alpha: bool, dpi: float) -> bytes:
    """A PNG of ``pixels`` (rows of RGB or RGBA bytes, top first), 8 bits a channel, with
    its resolution recorded so documents place it at its real size."""
    channels = 4 if alpha else 3
    row = width * channels
    if len(pixels) != row * height:
        raise ValueError("the pixels do not fill the image")
    # Every row starts with its filter type: 0, none (flat colour squeezes well without).
    raw = b"".join(b"\x00" + pixels[y * row : (y + 1) * row] for y in range(height))
    per_metre = round(dpi / 0.0254)
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"tEXt", b"Software\x00LeadCards " + __version__.encode("ascii")),
            _chunk(b"IDAT", zlib.compress(raw, 6)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


# --------------------------------------------------------------------------- one card


def card_image(
    deck: Deck, card: Card, face: Face, options: ImageOptions, *, name: str = "card.png"
) -> CardImage:
    """One face of one card as a PNG (the copy of a card for the clipboard)."""
    options.check()
    fitted = fitted_faces([(deck, (card,))], options)[(deck.id, card.id, face)]
    data = pages_pdf([fitted], options)
    width, height = options.pixel_size()
    pixels = next(rasterise(data, width, height, alpha=options.rounded))
    png = encode_png(pixels, width, height, options.rounded, options.dpi)
    return CardImage(name, deck.id, card.id, face, width, height, png)


# --------------------------------------------------------------------------- zip


def zip_bytes(images: Iterator[CardImage] | Sequence[CardImage]) -> bytes:
    """The images in one zip (stored as they are: a PNG is compressed already)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for image in images:
            info = zipfile.ZipInfo(image.name, date_time=_now())
            info.external_attr = (stat.S_IFREG | 0o644) << 16  # a regular file, rw-r--r--
            archive.writestr(info, image.png)
    return buffer.getvalue()


def _now() -> tuple[int, int, int, int, int, int]:
    import time

    year, month, day, hour, minute, second = time.localtime()[:6]
    return max(1980, year), month, day, hour, minute, second


# --------------------------------------------------------------------------- export


def is_zip(target: Path | str) -> bool:
    """Whether an export to ``target`` is one zip (a name ending .zip, or - for a zip on
    standard output) rather than a folder of images."""
    text = str(target)
    return text == STDIO or text.lower().endswith(".zip")


def check_export(
    target: Path | str,
    chosen: Chosen,
    options: ImageOptions,
    *,
    keep: Keep = NOTHING_KEPT,
    overwrite: bool = False,
) -> list[str]:
    """Refuse in words, before any drawing, anything that would stop the export or replace
    a file unasked (:class:`ExistingFilesError` names them); the names to be written."""
    options.check()
    names = [item.name for item in plan(chosen, options.sides)]
    if not names:
        raise LayoutError("no cards were chosen")
    if is_zip(target):
        check_output(target, keep)
        text = str(target)
        if text != STDIO and os.path.lexists(os.path.expanduser(text)) and not overwrite:
            raise ExistingFilesError(f"{text} is there already", (Path(text).name,))
    else:
        check_folder_names(target, names, keep=keep, overwrite=overwrite)
    return names


def export_images(
    target: Path | str,
    chosen: Chosen,
    options: ImageOptions,
    progress: Progress = no_progress,
    *,
    keep: Keep = NOTHING_KEPT,
    overwrite: bool = False,
) -> int:
    """Write the chosen cards' images into the folder ``target`` or, for a name ending
    .zip (or -), one zip, through the guarded writer; how many images were written."""
    names = check_export(target, chosen, options, keep=keep, overwrite=overwrite)
    made = render_images(chosen, options, progress)
    if is_zip(target):
        write_bytes(target, zip_bytes(made), keep=keep)
    else:
        files = ((image.name, image.png) for image in made)
        write_into_folder(target, files, names, keep=keep, overwrite=overwrite)
    return len(names)
