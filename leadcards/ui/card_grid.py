"""The grid of card fronts: a list model over the filtered cards and a delegate that paints
each front small (theme band, title, description). It reflows with the window's width."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from leadcards.colours import Scheme, palette
from leadcards.deck import Card, Deck
from leadcards.ui.appearance import INKS, TypeScale, font

CARD_SIZE = QSize(232, 280)
CardRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class CardListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deck: Deck | None = None
        self.cards: tuple[Card, ...] = ()

    def set_cards(self, deck: Deck, cards: tuple[Card, ...]) -> None:
        self.beginResetModel()
        self.deck, self.cards = deck, cards
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.cards)

    def row_of(self, card_id: str) -> int:
        for row, card in enumerate(self.cards):
            if card.id == card_id:
                return row
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.deck is None or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return card.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            theme = self.deck.theme(card.theme).title
            return f"{card.title}, {theme} {self.deck.terms.theme.lower()}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return card.summary
        if role == Qt.ItemDataRole.ToolTipRole:
            return card.headline or card.summary
        if role == CardRole:
            return card
        return None


class CardDelegate(QStyledItemDelegate):
    """Paints a card front in miniature; the focus ring is drawn clearly around it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = Scheme.LIGHT
        self.deck: Deck | None = None

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return CARD_SIZE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CardRole)
        if not isinstance(card, Card) or self.deck is None:
            return
        ink = INKS[self.scheme]
        theme = self.deck.theme(card.theme)
        colours = palette(theme.colour, self.scheme, theme.colour_dark)
        rect: QRect = option.rect.adjusted(6, 6, -6, -6)
        # Focus and selection come from the view, not ``option.state``: reading that loads
        # QStyle's many enums, which the start-up's first paint of the grid can do without.
        view = self.parent()
        chosen = focused = False
        if isinstance(view, QAbstractItemView):
            chosen = view.currentIndex() == index
            focused = chosen and view.hasFocus()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(rect, 10, 10)
        painter.fillPath(path, QColor(ink.surface))
        painter.setPen(QPen(QColor(ink.rule), 1))
        painter.drawPath(path)

        band = QRect(rect.left(), rect.top(), rect.width(), 34)
        painter.setClipPath(path)  # nothing drawn for this card reaches outside it
        painter.fillRect(band, QColor(colours.band))
        painter.setPen(QColor(colours.on_band))
        painter.setFont(font(TypeScale.CAPTION, bold=True))
        metrics = QFontMetrics(painter.font())
        label = metrics.elidedText(
            theme.title.upper(), Qt.TextElideMode.ElideRight, band.width() - 24
        )
        painter.drawText(band.adjusted(12, 0, -12, 0), Qt.AlignmentFlag.AlignVCenter, label)

        inner = rect.adjusted(14, 46, -14, -12)
        painter.setPen(QColor(ink.text))
        title_font = font(TypeScale.HEADING, bold=True)
        painter.setFont(title_font)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        title_rect = painter.boundingRect(inner, flags, card.title)
        painter.drawText(inner, flags, card.title)
        below = inner.adjusted(0, title_rect.height() + 8, 0, 0)
        if card.headline:
            painter.setPen(QColor(colours.accent))
            painter.setFont(font(TypeScale.BODY - 1, bold=True))
            head_rect = painter.boundingRect(below, flags, card.headline)
            painter.drawText(below, flags, card.headline)
            below = below.adjusted(0, head_rect.height() + 6, 0, 0)
        painter.setPen(QColor(ink.secondary))
        painter.setFont(font(TypeScale.BODY - 1))
        _draw_clamped(painter, below, card.summary)

        painter.setClipping(False)
        # The focus ring only while the grid has the keyboard focus (a ring elsewhere would
        # say the focus is here when it is not); the chosen card keeps a quieter outline.
        if focused:
            ring = QPainterPath()
            ring.addRoundedRect(rect.adjusted(-3, -3, 3, 3), 12, 12)
            painter.setPen(QPen(QColor(ink.focus), 3))
            painter.drawPath(ring)
        elif chosen:
            ring = QPainterPath()
            ring.addRoundedRect(rect.adjusted(-2, -2, 2, 2), 11, 11)
            painter.setPen(QPen(QColor(ink.secondary), 1, Qt.PenStyle.DashLine))
            painter.drawPath(ring)
        painter.restore()


def _draw_clamped(painter: QPainter, rect: QRect, text: str) -> None:
    """Draw wrapped text in ``rect``, whole lines only, with an ellipsis if it is cut short."""
    metrics = painter.fontMetrics()
    line_height = metrics.lineSpacing()
    max_lines = max(rect.height() // line_height, 0)
    words, lines, current = text.split(), [], ""
    for word in words:
        if metrics.horizontalAdvance(word) > rect.width():
            word = metrics.elidedText(word, Qt.TextElideMode.ElideRight, rect.width())
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= rect.width():
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines and max_lines > 0:
        lines = lines[:max_lines]
        lines[-1] = metrics.elidedText(
            lines[-1] + " \u2026", Qt.TextElideMode.ElideRight, rect.width()
        )
        if not lines[-1].endswith("\u2026"):
            lines[-1] = lines[-1].rstrip(" .,;") + "\u2026"
    for number, line in enumerate(lines[:max_lines]):
        y = rect.top() + number * line_height + metrics.ascent()
        painter.drawText(rect.left(), y, line)


class CardGrid(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardGrid")
        self.setAccessibleName("Cards")
        self.setAccessibleDescription("Arrow keys move between cards; Enter opens one.")
        self.card_model = CardListModel(self)
        self.delegate = CardDelegate(self)
        self.setModel(self.card_model)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(8)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QListView.Shape.NoFrame)

    def set_cards(self, deck: Deck, cards: tuple[Card, ...], scheme: Scheme) -> None:
        self.delegate.deck = deck
        self.delegate.scheme = scheme
        self.card_model.set_cards(deck, cards)
        if cards:
            self.setCurrentIndex(self.card_model.index(0))

    def select_card(self, card_id: str) -> None:
        row = self.card_model.row_of(card_id)
        if row >= 0:
            index = self.card_model.index(row)
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def current_card(self) -> Card | None:
        card = self.currentIndex().data(CardRole)
        return card if isinstance(card, Card) else None
