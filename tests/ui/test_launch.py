"""Starting the app: the first paint is the filled card grid; the tick boxes' outline, the
journal and the card page come after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from leadcards.colours import palette
from leadcards.paths import Paths
from leadcards.ui import launch
from leadcards.ui.appearance import FONT_FAMILY
from leadcards.ui.contrast_style import ContrastStyle

pytestmark = pytest.mark.gui


def colours_in(image: QImage, step: int = 4) -> set[int]:
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_the_first_paint_shows_the_filled_grid_then_builds_the_card_page(
    qtbot, resolved_paths: Paths
) -> None:
    window = launch.build_main_window(resolved_paths, start_up=True)
    qtbot.addWidget(window)
    seen: list[QImage] = []
    built_before: list[bool] = []

    def painted() -> None:  # what the smoke test and the app do once the first paint is done
        built_before.append(window._card_view is not None)
        seen.append(window.grab().toImage())
        window.after_first_paint()

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


def test_the_start_up_opens_the_journal_and_outlines_tick_boxes_after_the_first_paint(
    qtbot, resolved_paths: Paths
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")  # as create_application starts it (the session's is outlined)
    window = launch.build_main_window(resolved_paths, start_up=True)
    qtbot.addWidget(window)
    assert not isinstance(app.style(), ContrastStyle)
    assert window.journal is None  # not yet: the cards paint first
    assert window.journal_label.text() == ""
    window.after_first_paint()
    assert window.journal is not None
    assert window.journal.path == resolved_paths.default_journal
    assert window.journal_label.text() == f"Journal: {window.journal.name}"
    assert isinstance(app.style(), ContrastStyle)
    assert window._card_view is not None
    journal = window.journal
    window.after_first_paint()  # a second call changes nothing
    assert window.journal is journal


def test_a_journal_opened_before_the_saved_one_loads_is_kept(
    qtbot, resolved_paths: Paths, tmp_path
) -> None:
    window = launch.build_main_window(resolved_paths, start_up=True)
    qtbot.addWidget(window)
    chosen = tmp_path / "chosen.sqlite3"
    assert window.journals.open(chosen)  # File > Open, in the moment before the first paint
    window.after_first_paint()
    assert window.journal is not None and window.journal.path == chosen


def test_the_window_built_for_tests_and_dialogs_opens_its_journal_at_once(
    qtbot, resolved_paths: Paths
) -> None:
    window = launch.build_main_window(resolved_paths)
    qtbot.addWidget(window)
    assert window.journal is not None


def _smoke(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEADCARDS_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "leadcards", "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_smoke_paints_then_opens_the_journal_as_the_app_does(tmp_path: Path) -> None:
    done = _smoke(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "smoke test: 2 decks, first paint after" in done.stdout
    assert (tmp_path / "journal.sqlite3").is_file()  # opened (made) after the first paint


def test_smoke_says_when_the_journal_was_not_opened_and_still_passes(tmp_path: Path) -> None:
    """A journal in use elsewhere (or, here, a folder in its place) is the user's matter,
    said in the window as in the app: the installation itself is fine."""
    (tmp_path / "journal.sqlite3").mkdir()
    done = _smoke(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ok; the journal was not opened" in done.stdout
    assert "Traceback" not in done.stderr


SMOKE_WITH_A_FAILING_CARD_PAGE = """
import sys
from leadcards.ui.main_window import MainWindow

def fail(self):
    raise RuntimeError("the card page could not be built")

MainWindow.build_card_page = fail
from leadcards.cli import main
sys.exit(main(["--smoke"]))
"""


def test_smoke_fails_at_once_when_the_work_after_the_first_paint_fails(tmp_path: Path) -> None:
    env = {**os.environ, "LEADCARDS_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SMOKE_WITH_A_FAILING_CARD_PAGE],
        capture_output=True,
        text=True,
        env=env,
        timeout=15,  # not the 20 s the smoke test waits for a paint that never comes
    )
    assert done.returncode == 1
    assert "smoke test FAILED" in done.stderr
    assert ", ok" not in done.stdout


FIRST_PAINT_FONTS = """
import sys
from leadcards.paths import resolve
from leadcards.ui import launch
from leadcards.ui.appearance import FONT_FAMILY
from PySide6.QtWidgets import QApplication
app = launch.create_application()
window = launch.build_main_window(resolve(sys.argv[1]), start_up=True)
window.show()
QApplication.processEvents()
print(window.menuBar().font().family(), window.deck_box.font().family(), sep="|")
"""


def test_the_first_paint_is_in_the_app_typeface_everywhere(tmp_path: Path) -> None:
    """In a fresh process (as users start it), the menu bar and the deck box are set in
    the app's typeface from the first paint, not the platform's until later."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_FONTS, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().split("|") == [FONT_FAMILY, FONT_FAMILY]


def test_a_window_closed_before_its_journal_opened_opens_none(qtbot, resolved_paths: Paths) -> None:
    window = launch.build_main_window(resolved_paths, start_up=True)
    qtbot.addWidget(window)
    window.show()
    window.close()
    window.after_first_paint()  # posted before the close was handled
    assert window.journal is None and window._card_view is None


def test_presenting_before_the_journal_opened_keeps_the_record_in_it(
    qtbot, resolved_paths: Paths
) -> None:
    window = launch.build_main_window(resolved_paths, start_up=True)
    qtbot.addWidget(window)
    presenter = window.present()  # F5 in the moment before the journal opened
    qtbot.addWidget(presenter)
    assert presenter.journal is None and not presenter.save_button.isEnabled()
    window.after_first_paint()
    assert presenter.journal is window.journal is not None
    assert presenter.save_button.isEnabled()
    presenter.ending = True
    presenter.close()
