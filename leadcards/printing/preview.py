"""Pictures of a PDF's pages, for the print dialog's preview.

The preview shows the very file that will be saved, drawn by PDFium (pypdfium2), rather
than a second drawing of the cards that could drift from the PDF: what the person sees is
what prints. Pages come back as plain RGB bytes, for any toolkit to show.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pypdfium2  # type: ignore[import-untyped]


@dataclass(frozen=True)
class PagePicture:
    width: int  # pixels
    height: int
    stride: int  # bytes per row
    rgb: bytes  # 3 bytes a pixel, red first


# PDFium is not thread-safe: one thread at a time may use it, in this whole process (a
# preview cancelled a moment ago may still be drawing while the next one starts).
PDFIUM_LOCK = threading.Lock()


def render_pages(data: bytes, *, dpi: float, limit: int) -> list[PagePicture]:
    """The first ``limit`` pages of the PDF in ``data`` at ``dpi`` dots per inch."""
    with PDFIUM_LOCK:
        return _render(data, dpi, limit)


def _render(data: bytes, dpi: float, limit: int) -> list[PagePicture]:
    document = pypdfium2.PdfDocument(data)
    try:
        pictures = []
        for number in range(min(limit, len(document))):
            page = document[number]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=False)
            try:
                pictures.append(
                    PagePicture(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
                )
            finally:
                bitmap.close()
                page.close()
        return pictures
    finally:
        document.close()
