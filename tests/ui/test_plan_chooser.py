"""File ▸ Start a Session Plan…: every usable plan offered, chosen with keys; a plan that
cannot be used is named with its problem, never offered."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from leadcards.library import builtin_decks
from leadcards.plans import BUILTIN_PLAN_IDS, load_plans
from leadcards.ui.plan_chooser import PlanChooser


def test_a_plan_is_chosen_with_the_arrows_and_enter(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "bad.json").write_text(json.dumps({"format": "leadcards-plan/1"}), "utf-8")
    library = load_plans(folder, builtin_decks())
    chooser = PlanChooser(library)
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitExposed(chooser)
    assert chooser.list.count() == len(BUILTIN_PLAN_IDS)
    assert chooser.list.item(1).text().startswith("One-to-one coaching conversation\nOne to one")
    assert "bad.json" in chooser.skipped.toPlainText()
    assert any("1 plan file not offered" in label.text() for label in chooser.findChildren(QLabel))
    chooser.list.setFocus()
    QTest.keyClick(chooser.list, Qt.Key.Key_Down)
    assert chooser.summary.text() == library.plans[1].summary
    QTest.keyClick(chooser.list, Qt.Key.Key_Return)
    assert chooser.chosen is not None and chooser.chosen.id == BUILTIN_PLAN_IDS[1]
