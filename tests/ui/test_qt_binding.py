"""The Qt binding keeps Python's reference counts straight (a faulty release crashed the app)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QWidget

pytestmark = pytest.mark.gui


def test_void_qt_calls_do_not_drop_references_to_none(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(500):
        widget.update()
    # Other code may take or drop a few references meanwhile; a faulty binding drops 500.
    assert sys.getrefcount(None) > before - 100
