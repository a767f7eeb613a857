"""How LeadCards looks: the bundled typeface, the type scale, light and dark palettes.

The app uses one typeface, Atkinson Hyperlegible (SIL Open Font License, shipped in
``leadcards/resources/fonts``), and one type scale. Light and dark follow the system unless
the user picks one; the palettes are explicit so both look the same on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from leadcards import resources
from leadcards.colours import SURFACE, Scheme

FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FILES = (
    "AtkinsonHyperlegible-Regular.ttf",
    "AtkinsonHyperlegible-Bold.ttf",
    "AtkinsonHyperlegible-Italic.ttf",
    "AtkinsonHyperlegible-BoldItalic.ttf",
)


class Appearance(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class TypeScale:
    """Point sizes used across the app; card text multiplies them by the user's zoom."""

    CAPTION = 9.0
    BODY = 11.0
    LEAD = 13.0
    HEADING = 15.0
    TITLE = 24.0


SPACING = 8  # the spacing unit: margins and gaps are multiples of it


@dataclass(frozen=True)
class Ink:
    """Text and line colours for a scheme (all at WCAG AA or better on their surface)."""

    surface: str
    window: str
    text: str
    secondary: str
    rule: str
    focus: str
    positive: str
    negative: str


INKS = {
    Scheme.LIGHT: Ink(
        surface=SURFACE[Scheme.LIGHT],
        window="#EEF0F3",
        text="#1A1A1A",
        secondary="#4D4D4D",
        rule="#C9CDD3",
        focus="#005EB8",
        positive="#1E6B2F",
        negative="#A4262C",
    ),
    Scheme.DARK: Ink(
        surface=SURFACE[Scheme.DARK],
        window="#141518",
        text="#ECECEC",
        secondary="#B9BBC0",
        rule="#44464D",
        focus="#7DB7F0",
        positive="#7FD18F",
        negative="#FF9A9E",
    ),
}

_fonts_loaded: set[str] = set()


def load_fonts(*, italic: bool = True) -> bool:
    """Register the bundled typeface with Qt once. False if it could not be loaded.

    ``italic=False`` (the start-up's first paint has no italic text) leaves the two italic
    faces for a later call: each face costs about 1 ms."""
    wanted = FONT_FILES if italic else FONT_FILES[:2]
    for name in wanted:
        if name not in _fonts_loaded:
            data = resources.file("fonts", name).read_bytes()
            if QFontDatabase.addApplicationFontFromData(data) >= 0:
                _fonts_loaded.add(name)
    return all(name in _fonts_loaded for name in wanted)


def font(size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    result = QFont(FONT_FAMILY)
    result.setPointSizeF(size)
    result.setBold(bold)
    result.setItalic(italic)
    result.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return result


def system_scheme() -> Scheme:
    hints = QGuiApplication.styleHints()
    return Scheme.DARK if hints.colorScheme() == Qt.ColorScheme.Dark else Scheme.LIGHT


def effective_scheme(choice: Appearance) -> Scheme:
    if choice is Appearance.LIGHT:
        return Scheme.LIGHT
    if choice is Appearance.DARK:
        return Scheme.DARK
    return system_scheme()


def build_palette(scheme: Scheme) -> QPalette:
    ink = INKS[scheme]
    dark = scheme is Scheme.DARK
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: ink.window,
        QPalette.ColorRole.WindowText: ink.text,
        QPalette.ColorRole.Base: ink.surface,
        QPalette.ColorRole.AlternateBase: "#26272C" if dark else "#F6F7F9",
        QPalette.ColorRole.Text: ink.text,
        QPalette.ColorRole.PlaceholderText: ink.secondary,
        QPalette.ColorRole.Button: "#2A2B30" if dark else "#FFFFFF",
        QPalette.ColorRole.ButtonText: ink.text,
        QPalette.ColorRole.BrightText: "#FFFFFF",
        # Fusion draws its keyboard focus ring in Highlight made darker: on the dark window
        # that ring only reaches 3:1 from a light blue, which then takes dark text.
        QPalette.ColorRole.Highlight: "#5A9BDB" if dark else "#005EB8",
        QPalette.ColorRole.HighlightedText: ink.window if dark else "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: ink.surface,
        QPalette.ColorRole.ToolTipText: ink.text,
        QPalette.ColorRole.Link: ink.focus,
        QPalette.ColorRole.Light: "#3A3B41" if dark else "#FFFFFF",
        QPalette.ColorRole.Midlight: "#33343A" if dark else "#E4E7EB",
        QPalette.ColorRole.Mid: ink.rule,
        QPalette.ColorRole.Dark: "#0C0C0E" if dark else "#9AA0A8",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(ink.secondary)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def current_scheme() -> Scheme:
    """The scheme the application's palette is in now (for windows made after ``apply``)."""
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return Scheme.DARK if window.lightness() < 128 else Scheme.LIGHT


def focus_style(scheme: Scheme) -> str:
    """A style sheet for a window: the focus ring Fusion leaves out (tick boxes, and the
    lists, trees and previews marked with the ``focusRing`` property), in the focus colour,
    at 3:1 or more against the window in light and dark."""
    ink = INKS[scheme]
    return (
        "QCheckBox { border: 2px solid transparent; border-radius: 4px; padding: 1px 2px; }"
        f"QCheckBox:focus {{ border-color: {ink.focus}; }}"
        f'*[focusRing="true"] {{ border: 2px solid {ink.rule}; border-radius: 2px; }}'
        f'*[focusRing="true"]:focus {{ border-color: {ink.focus}; }}'
        # Text boxes one types in: Fusion marks a focused one only by its caret.
        f'QPlainTextEdit[readOnly="false"], QTextEdit[readOnly="false"] {{'
        f" border: 2px solid {ink.rule}; border-radius: 2px; background: {ink.surface}; }}"
        f'QPlainTextEdit[readOnly="false"]:focus, QTextEdit[readOnly="false"]:focus {{'
        f" border-color: {ink.focus}; }}"
    )


def apply(app: QApplication, choice: Appearance, *, outlined: bool = True) -> Scheme:
    """Set the style, font and palette for ``choice``; returns the scheme now in use.

    ``outlined=False`` (the app's start-up) keeps the Fusion style the application was
    created with (``launch.create_application``) and leaves the outlined tick boxes
    (:func:`outline_tick_boxes`, the same Fusion otherwise) and the italic faces until
    after the first paint: the grid has neither, and setting a style from Python costs the
    start-up about 10 ms."""
    load_fonts(italic=outlined)
    if outlined:
        outline_tick_boxes(app)
    body = font(TypeScale.BODY - 0.5)
    if app.font() != body:  # set once, before windows are built; later calls change colours
        app.setFont(body)
    scheme = effective_scheme(choice)
    app.setPalette(build_palette(scheme))
    return scheme


def outline_tick_boxes(app: QApplication) -> None:
    """Fusion with the tick boxes outlined at 3:1 (:class:`ContrastStyle`), once, and the
    italic faces (what ``apply(outlined=False)`` left for after the first paint)."""
    from leadcards.ui.contrast_style import ContrastStyle

    load_fonts()

    if not isinstance(app.style(), ContrastStyle):
        app.setStyle(ContrastStyle.over_fusion())


def colour_problem(label: QLabel, window: QWidget) -> None:
    """A problem's words in the scheme's colour for bad news (AA on ``window``)."""
    dark = window.palette().window().color().lightness() < 128
    ink = INKS[Scheme.DARK if dark else Scheme.LIGHT]
    label.setStyleSheet(f"color: {ink.negative}; font-weight: bold")
