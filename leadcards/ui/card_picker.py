"""A tree of decks, themes and cards with tick boxes, for choosing what to print."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from leadcards.deck import Card, Deck

ROLE = Qt.ItemDataRole.UserRole


class CardPicker(QTreeWidget):
    def __init__(self, decks: Sequence[Deck], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decks = tuple(decks)
        self.setHeaderHidden(True)
        self.setAccessibleName("Cards to print")
        self.setProperty("focusRing", True)
        self.setMinimumHeight(160)
        tristate = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
        for deck in self.decks:
            deck_item = QTreeWidgetItem([deck.title])
            deck_item.setData(0, ROLE, ("deck", deck.id))
            deck_item.setFlags(deck_item.flags() | tristate)
            for theme in deck.themes:
                theme_item = QTreeWidgetItem([theme.title])
                theme_item.setFlags(theme_item.flags() | tristate)
                for card in deck.cards_in_theme(theme.id):
                    card_item = QTreeWidgetItem([card.title])
                    card_item.setData(0, ROLE, ("card", deck.id, card.id))
                    card_item.setFlags(card_item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    card_item.setCheckState(0, Qt.CheckState.Unchecked)
                    theme_item.addChild(card_item)
                if theme_item.childCount():
                    deck_item.addChild(theme_item)
            self.addTopLevelItem(deck_item)

    def deck_item(self, deck_id: str) -> QTreeWidgetItem | None:
        for item in self._children(None):
            if item.data(0, ROLE) == ("deck", deck_id):
                return item
        return None

    def _children(self, parent: QTreeWidgetItem | None) -> list[QTreeWidgetItem]:
        """The items under ``parent`` (the top level for None), in order."""
        if parent is None:
            found = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        else:
            found = [parent.child(i) for i in range(parent.childCount())]
        return [item for item in found if item is not None]

    def check_deck(self, deck_id: str, checked: bool = True) -> None:
        item = self.deck_item(deck_id)
        if item is not None:
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            item.setExpanded(checked)

    def chosen(self) -> list[tuple[Deck, tuple[Card, ...]]]:
        """The ticked cards, deck by deck, in deck order."""
        ticked: set[tuple[str, str]] = set()
        for deck_item in self._children(None):
            for theme_item in self._children(deck_item):
                for item in self._children(theme_item):
                    if item.checkState(0) == Qt.CheckState.Checked:
                        _, deck_id, card_id = item.data(0, ROLE)
                        ticked.add((deck_id, card_id))
        picked = []
        for deck in self.decks:
            cards = tuple(card for card in deck.cards if (deck.id, card.id) in ticked)
            if cards:
                picked.append((deck, cards))
        return picked

    def everything(self) -> bool:
        """Whether every card of every deck is ticked."""
        return sum(len(cards) for _, cards in self.chosen()) == sum(
            len(deck.cards) for deck in self.decks
        )
