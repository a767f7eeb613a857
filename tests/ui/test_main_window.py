"""The decks window: both decks shown with their themes and credits; bad user decks named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from leadcards.colours import AA_NORMAL, contrast_ratio
from leadcards.deck import deck_to_dict
from leadcards.library import builtin_deck, load_library
from leadcards.paths import Paths
from leadcards.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def make_window(qtbot, resolved_paths: Paths) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(load_library(resolved_paths.decks_dir), resolved_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_both_decks_are_listed_with_counts_themes_and_credits(qtbot, resolved_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, resolved_paths)
    assert [tile.deck.id for tile in window.tiles] == ["system-leadership-behaviours", "trace"]
    slb, trace = window.tiles
    assert slb.findChild(QLabel, "deckCounts").text() == "13 behaviours in 4 themes"
    assert trace.findChild(QLabel, "deckCounts").text() == "5 conditions"
    chips = [c.text() for c in slb.findChildren(QLabel, "themeChip")]
    assert chips == ["Being", "Relating & Communicating", "Leading & Visioning", "Delivering"]
    assert "NHS North West Leadership Academy" in slb.findChild(QLabel, "deckCredit").text()
    assert "Kscope Health & Care" in trace.findChild(QLabel, "deckCredit").text()
    assert window.findChild(QLabel, "problemSummary") is None


def test_theme_chips_render_readable_text(qtbot, resolved_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, resolved_paths)
    for chip in window.findChildren(QLabel, "themeChip"):
        image = chip.grab().toImage()
        background = image.pixelColor(2, image.height() // 2).name()
        sheet = chip.styleSheet()
        text = sheet.split("color:")[1].split(";")[0].strip()
        assert contrast_ratio(text, background) >= AA_NORMAL, chip.text()


def test_about_box_credits_both_frameworks_and_marks_our_prompts(qtbot, resolved_paths) -> None:  # type: ignore[no-untyped-def]
    text = make_window(qtbot, resolved_paths).about_text()
    assert "NHS North West Leadership Academy" in text
    assert "Kscope Health &amp; Care" in text
    assert "question prompts on the cards are written by LeadCards" in text


def test_a_broken_user_deck_is_named_and_the_rest_still_load(qtbot, resolved_paths) -> None:  # type: ignore[no-untyped-def]
    resolved_paths.decks_dir.mkdir(parents=True)
    document = deck_to_dict(builtin_deck("trace"))
    document["id"] = "<b>bold</b>"
    (resolved_paths.decks_dir / "broken.json").write_text(json.dumps(document), encoding="utf-8")
    window = make_window(qtbot, resolved_paths)
    assert len(window.tiles) == 2
    summary = window.findChild(QLabel, "problemSummary")
    assert summary is not None and summary.text().startswith("1 deck file could not be loaded")
    assert "broken.json" in window.problems_text()
    assert "$.id: expected an id" in window.problems_text()
    assert window.findChild(QPushButton) is not None


def test_window_screenshot_is_painted(qtbot, resolved_paths, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, resolved_paths)
    window.resize(900, 640)
    shot = tmp_path / "main-window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 5_000


def test_smoke_option_exits_zero(tmp_path: Path) -> None:
    env = {**os.environ, "LEADCARDS_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "leadcards", "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "2 decks, ok" in result.stdout
