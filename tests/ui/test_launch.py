"""Starting the app: the first paint is the filled card grid; the card page comes after."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from leadcards.colours import palette
from leadcards.paths import Paths
from leadcards.ui import launch

pytestmark = pytest.mark.gui


def colours_in(image: QImage, step: int = 4) -> set[int]:
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_the_first_paint_shows_the_filled_grid_then_builds_the_card_page(
    qtbot, resolved_paths: Paths
) -> None:  # type: ignore[no-untyped-def]
    window = launch.build_main_window(resolved_paths)
    qtbot.addWidget(window)
    seen: list[QImage] = []
    built_before: list[bool] = []

    def painted() -> None:  # what the smoke test and the app do once the first paint is done
        built_before.append(window._card_view is not None)
        seen.append(window.grab().toImage())
        window.build_card_page()

    watcher = launch._FirstPaint(window, painted)
    window.installEventFilter(watcher)
    window.show()
    qtbot.waitUntil(lambda: bool(seen))
    assert watcher.elapsed is not None and watcher.elapsed > 0
    assert built_before == [False]  # the grid was painted without the card page
    assert window.grid.card_model.rowCount() == 13
    # The grid's area holds the cards: every theme's band, and their text.
    top_left = window.grid.mapTo(window, QPoint(0, 0))
    area = seen[0].copy(top_left.x(), top_left.y(), window.grid.width(), window.grid.height())
    shown = colours_in(area)
    for theme in window.deck.themes:
        band = palette(theme.colour, window.scheme, theme.colour_dark).band
        assert QColor(band).rgb() in shown, theme.title
    assert len(shown) > 150  # text set in them, not flat boxes
    first = window.grid.visualRect(window.grid.card_model.index(0))
    assert first.isValid() and window.grid.viewport().rect().contains(first)
    assert window._card_view is not None  # built straight after, so a card opens at once
    QApplication.processEvents()
