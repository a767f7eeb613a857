"""How LeadCards looks: the bundled typeface, the type scale, light and dark palettes.

The app uses one typeface, Atkinson Hyperlegible (SIL Open Font License, shipped in
``leadcards/resources/fonts``), and one type scale. Light and dark follow the system unless
the user picks one; the palettes are explicit so both look the same on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

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

_fonts_loaded = False


def load_fonts() -> bool:
    """Register the bundled typeface with Qt once. False if it could not be loaded."""
    global _fonts_loaded
    if _fonts_loaded:
        return True
    folder = resources.files("leadcards.resources").joinpath("fonts")
    loaded = 0
    for name in FONT_FILES:
        data = folder.joinpath(name).read_bytes()
        if QFontDatabase.addApplicationFontFromData(data) >= 0:
            loaded += 1
    _fonts_loaded = loaded == len(FONT_FILES)
    return _fonts_loaded


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
    )


class ContrastStyle(QProxyStyle):
    """Fusion, with tick boxes and option buttons outlined at 3:1 or more against their
    background (WCAG 2.2 non-text contrast): Fusion outlines them in the window colour
    made darker, which all but vanishes on the dark window."""

    _OUTLINED = (
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
        QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    )

    def drawPrimitive(  # noqa: N802 (Qt's name)
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._OUTLINED:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), 1))
        box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element is QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 2, 2)
        painter.restore()


def apply(app: QApplication, choice: Appearance) -> Scheme:
    """Set the style, font and palette for ``choice``; returns the scheme now in use."""
    load_fonts()
    if not isinstance(app.style(), ContrastStyle):
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(ContrastStyle(fusion))
    body = font(TypeScale.BODY - 0.5)
    if app.font() != body:  # set once, before windows are built; later calls change colours
        app.setFont(body)
    scheme = effective_scheme(choice)
    app.setPalette(build_palette(scheme))
    return scheme
