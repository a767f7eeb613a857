"""What the journal and worksheet PDFs share: margins, paragraph styles and the footer."""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from leadcards.colours import INK
from leadcards.printing import fonts
from leadcards.printing.face import SECONDARY, Ink
from leadcards.printing.layout import MM

MARGIN = 20 * MM
FOOTER = 12 * MM
_INK = Ink()


def style(
    name: str, size: float, *, bold: bool = False, colour: str = INK, **more: Any
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=fonts.BOLD if bold else fonts.REGULAR,
        fontSize=size,
        leading=round(size * 1.32, 2),
        textColor=_INK(colour),  # a colour object: a hex string is parsed again each time
        alignment=TA_LEFT,
        **more,
    )


def draw_footer(
    canvas: Canvas, number: int, total: int, credit: Paragraph, paper: tuple[float, float], ink: Ink
) -> None:
    """The page number and the source credit (laid out once, drawn on every page)."""
    width, _ = paper
    canvas.saveState()
    canvas.setStrokeColor(ink("#C8C8C8"))
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN, width - MARGIN, MARGIN)
    canvas.setFillColor(ink(SECONDARY))
    canvas.setFont(fonts.REGULAR, 8)
    canvas.drawRightString(width - MARGIN, MARGIN - 11, f"Page {number} of {total}")
    credit.drawOn(canvas, MARGIN, MARGIN - 4 - credit.height)
    canvas.restoreState()
