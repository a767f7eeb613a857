"""The card page: a card shown large, the reflection panel beside it and the buttons under
them. Made the first time a card is opened (or just after the first paint); the main window
connects it to the journal and to the rest of the app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from leadcards.colours import Scheme
from leadcards.ui import keymap
from leadcards.ui.appearance import SPACING
from leadcards.ui.card_view import CardView
from leadcards.ui.reflection_panel import ReflectionPanel


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    # Reachable with Tab, but a click leaves the keyboard focus on the card, so the arrow
    # keys keep moving through the cards.
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setToolTip(tip)
    button.setAccessibleName(text)
    button.setAccessibleDescription(tip)
    return button


class CardPage(QWidget):
    def __init__(self, zoom: float, scheme: Scheme, panel_shown: bool) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, SPACING)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        view = self.view = CardView()
        panel = self.panel = ReflectionPanel()
        view.zoom = zoom
        view.set_scheme(scheme)
        self.splitter.addWidget(view)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        panel.setMinimumWidth(280)
        panel.setVisible(panel_shown)
        column.addWidget(self.splitter, 1)

        def keys(*actions: str) -> str:
            return keymap.label(keymap.CARD, *actions)

        controls = QHBoxLayout()
        controls.setContentsMargins(SPACING * 2, 0, SPACING * 2, 0)
        self.back_button = _button("All cards", f"Back to the grid of cards ({keys('grid')})")
        self.prev_button = _button("Previous", f"Previous card ({keys('previous')})")
        flip_keys = keymap.every_key(keymap.CARD, "flip")
        self.flip_button = _button("Flip", f"Turn the card over ({flip_keys})")
        self.next_button = _button("Next", f"Next card ({keys('next')})")
        self.random_button = _button("Random", f"A random card from this filter ({keys('random')})")
        self.position = QLabel()  # "3 of 13": named with its value as it changes
        controls.addWidget(self.back_button)
        controls.addStretch(1)
        for button in (self.prev_button, self.flip_button, self.next_button):
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(self.position)
        controls.addWidget(self.random_button)
        column.addLayout(controls)
        self.prev_button.clicked.connect(lambda: view.step(-1))
        self.next_button.clicked.connect(lambda: view.step(1))
        self.flip_button.clicked.connect(view.flip)

    def show_position(self, term: str) -> None:
        """Where the card shown is in the cards being walked ("Card 3 of 13"), and the
        Previous and Next buttons enabled where there is a card that way."""
        card = self.view.card
        ids = [c.id for c in self.view.cards]
        number = ids.index(card.id) + 1 if card is not None and card.id in ids else 0
        if card is None:
            self.position.setText("")
        else:
            self.position.setText(f"{number} of {len(ids)}" if number else "not in this filter")
        text = self.position.text()
        self.position.setAccessibleName(f"{term} {text}" if number else text)
        self.prev_button.setEnabled(number > 1 or (number == 0 and bool(ids)))
        self.next_button.setEnabled(0 < number < len(ids) or (number == 0 and bool(ids)))
