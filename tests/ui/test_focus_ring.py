"""The focus ring: visible around whatever has focus, at 3:1 or more in light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from leadcards.colours import Scheme, contrast_ratio
from leadcards.ui.appearance import INKS, build_palette
from leadcards.ui.focus_ring import FocusRing

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("scheme", list(Scheme))
def test_the_ring_stands_out_from_the_window_in_light_and_dark(qtbot, scheme: Scheme) -> None:
    ink = INKS[scheme]
    assert contrast_ratio(ink.focus, ink.window) >= 3
    button = build_palette(scheme).color(build_palette(scheme).ColorRole.Button).name()
    assert contrast_ratio(ink.focus, button) >= 3  # and from a button beside it
    window = QWidget()
    window.setPalette(build_palette(scheme))
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    first, second = QPushButton("First"), QPushButton("Second")
    for button_widget in (first, second):
        button_widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row.addWidget(button_widget)
    ring = FocusRing(window, scheme)
    window.resize(400, 120)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    second.setFocus(Qt.FocusReason.TabFocusReason)
    drawn = ring.ring()
    assert drawn is not None and drawn.contains(second.geometry())
    image = window.grab().toImage()
    edge = image.pixelColor(drawn.left() + 1, drawn.center().y())
    assert edge.name() == QColor(ink.focus).name()
    assert image.pixelColor(first.geometry().left() - 3, first.geometry().center().y()) != edge
