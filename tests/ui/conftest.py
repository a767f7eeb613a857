"""Qt fixtures: a main window over the built-in decks, in the test's own data dir."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication

from leadcards.library import load_library
from leadcards.paths import Paths
from leadcards.ui import appearance
from leadcards.ui.appearance import Appearance
from leadcards.ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, resolved_paths: Paths) -> Callable[..., MainWindow]:
    def make(width: int = 0, height: int = 0, *, animated: bool | None = False) -> MainWindow:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        appearance.apply(app, Appearance.LIGHT)
        window = MainWindow(load_library(resolved_paths.decks_dir), resolved_paths)
        qtbot.addWidget(window)
        if animated is not None:
            window.card_view.animated = animated
        if width and height:
            window.resize(width, height)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach only the active window
        return window

    return make
