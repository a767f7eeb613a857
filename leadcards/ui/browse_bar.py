"""The bar above the card grid: the deck, the search box and a button per theme.

It holds the choices and says when they change (``deck_chosen``, ``theme_chosen``,
``search_changed``, ``search_entered``); the main window filters the cards.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from leadcards.browse import plural
from leadcards.colours import Scheme, palette
from leadcards.deck import Deck
from leadcards.ui.appearance import INKS, SPACING
from leadcards.ui.flow_layout import FlowLayout

ALL_THEMES = ""


class BrowseBar(QFrame):
    deck_chosen = Signal(str)  # a deck id
    theme_chosen = Signal(str)  # a theme id, or ALL_THEMES
    search_changed = Signal(str)
    search_entered = Signal()

    def __init__(self, decks: tuple[Deck, ...]) -> None:
        super().__init__()
        self.setObjectName("browseBar")
        rows = QVBoxLayout(self)
        rows.setContentsMargins(SPACING * 2, 12, SPACING * 2, 4)
        rows.setSpacing(SPACING)
        row = QHBoxLayout()
        row.setSpacing(12)
        deck_label = QLabel("&Deck")
        self.deck_box = QComboBox()
        deck_label.setBuddy(self.deck_box)  # a reader says "Deck" with the box (and Alt+D)
        self.deck_box.setAccessibleName("Deck")
        self.deck_box.setToolTip("Choose a deck")
        self.deck_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.deck_box.setMinimumContentsLength(22)
        self.deck_box.setMaximumWidth(380)
        for deck in decks:
            self.deck_box.addItem(deck.title, deck.id)
        row.addWidget(deck_label)
        row.addWidget(self.deck_box)
        row.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search cards")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cards")
        self.search.setAccessibleDescription(
            "Shows only cards whose text contains every word; Enter opens the only match "
            "or moves to the cards"
        )
        self.search.setMinimumWidth(220)
        self.search.setMaximumWidth(420)
        self.search.setObjectName("search")
        row.addWidget(self.search, 1)
        rows.addLayout(row)
        # The theme filter has a row of its own, so every name shows in full at 800 px.
        self.theme_row = FlowLayout(spacing=SPACING // 2)
        rows.addLayout(self.theme_row)
        self.theme_buttons = QButtonGroup(self)
        self.theme_buttons.setExclusive(True)

        self.search.installEventFilter(self)  # Esc clears it
        self.deck_box.currentIndexChanged.connect(self._deck_index)
        self.search.textChanged.connect(self.search_changed)
        self.search.returnPressed.connect(self.search_entered)
        self.theme_buttons.idClicked.connect(self._theme_clicked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Esc in a search box with text clears it (and shows every card again)."""
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
            and self.search.text()
        ):
            self.search.clear()
            return True
        return False

    def _deck_index(self, index: int) -> None:
        deck_id = self.deck_box.itemData(index)
        if isinstance(deck_id, str):
            self.deck_chosen.emit(deck_id)

    def _theme_clicked(self, number: int) -> None:
        button = self.theme_buttons.button(number)
        theme_id = button.property("theme_id") if button else ALL_THEMES
        self.theme_chosen.emit(theme_id or ALL_THEMES)

    def show_themes(self, deck: Deck, theme_id: str | None, scheme: Scheme, after: QWidget) -> None:
        """A button per theme of ``deck`` (and All), ``theme_id`` chosen, in ``scheme``'s
        colours; in the Tab order between the search box and ``after`` (the cards)."""
        for button in self.theme_buttons.buttons():
            self.theme_buttons.removeButton(button)
            self.theme_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        entries = [(ALL_THEMES, "All", None), *((t.id, t.title, t) for t in deck.themes)]
        ink = INKS[scheme]
        for number, (theme, title, found) in enumerate(entries):
            button = QToolButton()
            button.setText(title.replace("&", "&&"))  # a literal "&", not a mnemonic
            button.setCheckable(True)
            button.setChecked(theme == (theme_id or ALL_THEMES))
            button.setProperty("theme_id", theme)
            noun = deck.terms.theme.lower()
            button.setAccessibleName(
                f"Show all {plural(noun, 2)}" if found is None else f"Show only the {title} {noun}"
            )
            button.setToolTip(button.accessibleName())
            if found is None:
                band, on_band, accent = ink.text, ink.surface, ink.text
            else:
                colours = palette(found.colour, scheme, found.colour_dark)
                band, on_band, accent = colours.band, colours.on_band, colours.accent
            button.setStyleSheet(
                f"QToolButton {{ color: {accent}; background: {ink.surface};"
                f" border: 2px solid {accent}; border-radius: 14px; padding: 4px 12px;"
                " font-weight: bold; }"
                f"QToolButton:checked {{ color: {on_band}; background: {band};"
                f" border-color: {band}; }}"
                f"QToolButton:focus {{ border: 2px solid {ink.focus}; }}"
            )
            self.theme_buttons.addButton(button, number)
            self.theme_row.addWidget(button)
        # Made again for every deck and scheme, the buttons would otherwise come last in the
        # Tab order; they belong between the search box and the cards, as they are seen.
        previous: QWidget = self.search
        for button in self.theme_buttons.buttons():
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, after)

    def set_scheme(self, scheme: Scheme) -> None:
        ink = INKS[scheme]
        self.search.setStyleSheet(
            f"#search {{ border: 1px solid {ink.secondary}; border-radius: 6px;"
            f" padding: 5px 8px; background: {ink.surface}; color: {ink.text}; }}"
            f"#search:focus {{ border: 2px solid {ink.focus}; }}"
        )
