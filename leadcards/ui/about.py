"""The About box: version, credits for the frameworks, and the licences LeadCards ships."""

from __future__ import annotations

import html
import platform

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from leadcards import __version__
from leadcards.library import Library


def about_html(library: Library) -> str:
    credits = "".join(
        f"<p><b>{html.escape(deck.title)}</b><br>{html.escape(deck.source.publisher)}, "
        f"<i>{html.escape(deck.source.title)}</i>"
        + (f" ({html.escape(deck.source.url)})" if deck.source.url else "")
        + (f"<br>{html.escape(deck.source.note)}" if deck.source.note else "")
        + "</p>"
        for deck in library.decks
        if deck.id in library.builtin_ids
    )
    return (
        f"<h3>LeadCards {html.escape(__version__)}</h3>"
        "<p>Leadership conversation cards to browse, reflect on, present and print. "
        "LeadCards opens no network connection; what you write stays on this computer.</p>"
        f"{credits}"
        "<p>The framework content belongs to its authors and is reproduced with credit. "
        "The question prompts on the cards were written for LeadCards.</p>"
        "<p><b>Licences</b><br>"
        "LeadCards: MIT licence.<br>"
        "Atkinson Hyperlegible typeface © 2020 Braille Institute of America, Inc., "
        "SIL Open Font License 1.1.<br>"
        "DejaVu Sans (other scripts in printed journals): Bitstream Vera licence; "
        "Droid Sans Fallback (Chinese and Japanese): Apache 2.0.<br>"
        f"Qt {html.escape(qVersion())} and PySide6 {html.escape(PySide6.__version__)}: "
        "LGPL v3.<br>"
        "reportlab: BSD licence. platformdirs: MIT licence. "
        "pypdfium2 and PDFium (the print preview): Apache 2.0 and BSD licences.<br>"
        f"Python {html.escape(platform.python_version())}: PSF licence.</p>"
    )


def show_about(parent: QWidget, library: Library) -> None:
    QMessageBox.about(parent, "About LeadCards", about_html(library))
