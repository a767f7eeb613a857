"""The main window: decks, theme filter, search, the keyboard path, state, names, About."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget

from leadcards.colours import AA_NORMAL, Scheme, contrast_ratio
from leadcards.deck import deck_to_dict
from leadcards.library import builtin_deck, load_library
from leadcards.ui.about import about_html
from leadcards.ui.appearance import INKS
from leadcards.ui.card_faces import CardBack
from leadcards.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def grid_titles(window: MainWindow) -> list[str]:
    return [card.title for card in window.grid.card_model.cards]


def test_deck_switcher_lists_both_decks_and_switches_the_grid(qtbot, make_window) -> None:
    window = make_window()
    assert [window.deck_box.itemText(i) for i in range(window.deck_box.count())] == [
        "System Leadership Behaviours",
        "TRACE",
    ]
    assert len(grid_titles(window)) == 13
    window.deck_box.setCurrentIndex(1)
    assert grid_titles(window) == ["Task", "Route", "Alignment", "Capability", "Energy"]
    buttons = [b.text() for b in window.theme_buttons.buttons()]
    assert buttons == ["All", "Task", "Route", "Alignment", "Capability", "Energy"]


def test_theme_filter_and_search_narrow_the_grid(qtbot, make_window) -> None:
    window = make_window()
    being = next(b for b in window.theme_buttons.buttons() if b.text() == "Being")
    qtbot.mouseClick(being, Qt.MouseButton.LeftButton)
    assert grid_titles(window) == ["Authenticity", "Mindset", "Resilience, Bravery & Courage"]
    qtbot.keyClicks(window.search, "failure")
    assert grid_titles(window) == ["Mindset", "Resilience, Bravery & Courage"]
    everything = window.theme_buttons.buttons()[0]
    qtbot.mouseClick(everything, Qt.MouseButton.LeftButton)
    window.search.clear()
    qtbot.keyClicks(window.search, "scape goats")
    assert grid_titles(window) == ["Ownership & Accountability"]
    window.search.setText("no such words anywhere")
    assert grid_titles(window) == []
    assert window.empty.isVisible() and not window.grid.isVisible()


def test_theme_buttons_show_the_theme_colours_readably(qtbot, make_window) -> None:
    window = make_window()
    for button in window.theme_buttons.buttons()[1:]:
        button.setChecked(True)
        QApplication.processEvents()
        image = button.grab().toImage()
        fill = image.pixelColor(image.width() // 2, 4).name().upper()
        sheet = button.styleSheet().split("QToolButton:checked")[1]
        text = sheet.split("color:")[1].split(";")[0].strip()
        assert contrast_ratio(text, fill) >= AA_NORMAL, button.text()


@pytest.mark.parametrize("deck_id", ["system-leadership-behaviours", "trace"])
def test_theme_names_show_in_full_at_the_smallest_size(qtbot, make_window, deck_id) -> None:
    window = make_window(800, 600)
    window.select_deck(deck_id)
    QApplication.processEvents()
    for button in window.theme_buttons.buttons():
        assert button.width() >= button.sizeHint().width(), button.text()
        assert button.geometry().right() <= window.width()


def test_a_new_user_finds_trust_flips_ticks_and_jumps_by_keyboard(qtbot, make_window) -> None:
    """The issue's walk-through, from the keyboard only."""
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "trust")
    assert grid_titles(window) == ["Trust"]
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # Enter opens the only match
    view = window.card_view
    assert view.card.id == "trust" and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_F)
    back = view.visible_face()
    assert isinstance(back, CardBack)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert view.marks() == {"trust.p1", "trust.p2"}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.showing_card()
    qtbot.keyClick(window.grid, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    window.search.clear()
    qtbot.keyClick(window.search, Qt.Key.Key_Tab)
    delivering = next(b for b in window.theme_buttons.buttons() if b.text() == "Delivering")
    delivering.setFocus()
    qtbot.keyClick(delivering, Qt.Key.Key_Space)
    qtbot.keyClick(delivering, Qt.Key.Key_R)
    assert window.showing_card()
    assert view.card.theme == "delivering"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    all_button = window.theme_buttons.buttons()[0]
    all_button.setFocus()
    qtbot.keyClick(all_button, Qt.Key.Key_Space)
    window.grid.setFocus()
    window.grid.select_card("trust")
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    assert view.card.id == "trust"
    assert view.marks() == {"trust.p1", "trust.p2"}


def test_window_remembers_size_deck_and_card(qtbot, make_window) -> None:
    window = make_window(800, 600)  # the offscreen screen is 800x600; restoring clamps to it
    window.select_deck("trace")
    window.open_card("energy")
    window.close()
    again = make_window()  # no size given: the remembered one applies
    qtbot.waitUntil(again.showing_card)
    assert again.deck.id == "trace"
    assert again.card_view.card.id == "energy"
    assert (again.width(), again.height()) == (800, 600)  # not the default 1280x800


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface else ""


def _unnamed_focusable(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        if not _accessible_name(widget).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_focusable_widget_has_an_accessible_name(qtbot, make_window) -> None:
    window = make_window()
    assert _unnamed_focusable(window) == []
    window.open_card("trust")
    assert _unnamed_focusable(window) == []
    window.card_view.flip()
    assert _unnamed_focusable(window) == []
    window.select_deck("trace")
    window.open_card("route", back=True)
    assert _unnamed_focusable(window) == []
    back = window.card_view.visible_face()
    assert _accessible_name(back.rows[0].box) == back.card.indicator_groups[0].indicators[0].text


def test_grid_items_are_named_for_screen_readers(qtbot, make_window) -> None:
    window = make_window()
    index = window.grid.card_model.index(5)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "Trust, Relating & Communicating theme"


@pytest.mark.parametrize("scheme", list(Scheme))
def test_ink_colours_meet_aa_on_the_card_surface(scheme: Scheme) -> None:
    ink = INKS[scheme]
    for colour in (ink.text, ink.secondary, ink.positive, ink.negative, ink.focus):
        assert contrast_ratio(colour, ink.surface) >= AA_NORMAL, colour


def test_about_credits_frameworks_prompts_and_licences(qtbot, resolved_paths) -> None:
    text = about_html(load_library(resolved_paths.decks_dir))
    assert "NHS North West Leadership Academy" in text
    assert "Doing Things Differently: Rethinking Leadership Behaviours" in text
    assert "Kscope Health &amp; Care" in text
    assert "written for LeadCards" in text
    assert "SIL Open Font License" in text
    assert "LGPL" in text


def test_a_broken_user_deck_is_named_and_the_rest_still_load(
    qtbot, make_window, resolved_paths
) -> None:
    resolved_paths.decks_dir.mkdir(parents=True)
    document = deck_to_dict(builtin_deck("trace"))
    document["id"] = "<b>bold</b>"
    (resolved_paths.decks_dir / "broken.json").write_text(json.dumps(document), encoding="utf-8")
    window = make_window()
    assert window.deck_box.count() == 2
    summary = window.findChild(QLabel, "problemSummary")
    assert summary is not None
    assert summary.text().startswith("1 deck file could not be loaded")
    assert "broken.json" in window.problems_text()
    assert "$.id: expected an id" in window.problems_text()


def test_smoke_option_reports_first_paint_and_exits_zero(tmp_path: Path) -> None:
    env = {**os.environ, "LEADCARDS_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "leadcards", "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "2 decks, first paint after" in result.stdout
    assert result.stdout.strip().endswith("ms, ok")


def test_appearance_and_animation_choices_apply_and_persist(qtbot, make_window) -> None:
    window = make_window()
    dark = next(a for a in window.appearance_group.actions() if a.text() == "Dark")
    dark.trigger()
    assert window.scheme is Scheme.DARK
    assert QApplication.palette().window().color().name().upper() == INKS[Scheme.DARK].window
    off = next(a for a in window.motion_group.actions() if a.text() == "Off")
    off.trigger()
    assert window.card_view.animated is False
    window.close()
    again = make_window(animated=None)  # as the saved preference says
    assert again.scheme is Scheme.DARK
    assert again.card_view.animated is False
    assert [a.text() for a in again.appearance_group.actions() if a.isChecked()] == ["Dark"]


def test_switching_deck_then_zooming_is_safe(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("trust")
    window.show_grid()
    window.select_deck("trace")
    assert window.card_view.card is None
    window.zoom_by(1)
    dark = next(a for a in window.appearance_group.actions() if a.text() == "Dark")
    dark.trigger()
    window.open_card("task")
    assert window.card_view.visible_face().card.id == "task"


def _odd_deck() -> dict:
    document = deck_to_dict(builtin_deck("trace"))
    document.update(id="odd", title="An odd deck " + "with a very long title " * 6)
    document["themes"] = [
        {"id": f"t{n}", "title": f"Risks & Rewards {n}", "colour": "#8A5A00"} for n in range(26)
    ]
    long_word = "Supercalifragilisticexpialidocious" * 4
    for number, card in enumerate(document["cards"]):
        card["theme"] = f"t{number}"
        card["title"] = f"{long_word} {number}"
        card["summary"] = f"{long_word} in the summary. " * 3
        card["sections"][0]["title"] = "Risks & Rewards"
        card["indicator_groups"][0]["indicators"][0]["text"] = long_word
    return document


def test_a_user_deck_with_long_words_and_many_themes_still_fits(
    qtbot, make_window, resolved_paths
) -> None:
    resolved_paths.decks_dir.mkdir(parents=True)
    (resolved_paths.decks_dir / "odd.json").write_text(json.dumps(_odd_deck()), encoding="utf-8")
    window = make_window(800, 600)
    window.select_deck("odd")
    QApplication.processEvents()
    assert window.deck_box.width() <= 380
    for button in window.theme_buttons.buttons():
        assert button.width() >= button.sizeHint().width(), button.text()
        assert button.geometry().right() <= window.width()
    assert [b.text() for b in window.theme_buttons.buttons()][1] == "Risks && Rewards 0"
    window.grid.grab()  # paints every card without raising
    from tests.ui.test_card_view import _overflows

    window.open_card("task")
    QApplication.processEvents()
    assert _overflows(window.card_view.visible_face()) == []
    window.card_view.flip()
    QApplication.processEvents()
    back = window.card_view.visible_face()
    assert _overflows(back) == []
    tabs = back.findChild(QTabWidget)
    assert tabs.tabText(1) == "Risks && Rewards"


def test_a_deck_file_given_at_start_is_shown(qtbot, resolved_paths, tmp_path: Path) -> None:
    from leadcards.ui.launch import build_main_window

    document = deck_to_dict(builtin_deck("trace"))
    document.update(id="client-trace", title="Client TRACE")
    deck_file = tmp_path / "client.json"
    deck_file.write_text(json.dumps(document), encoding="utf-8")
    window = build_main_window(resolved_paths, deck_file)
    qtbot.addWidget(window)
    assert window.deck.id == "client-trace"
    assert window.deck_box.currentText() == "Client TRACE"
    broken = tmp_path / "broken.json"
    broken.write_text("[]")
    other = build_main_window(resolved_paths, broken)
    qtbot.addWidget(other)
    assert other.findChild(QWidget, "problemBanner") is not None
    assert "broken.json" in other.problems_text()  # what Details… shows


def test_start_up_builds_the_grid_and_leaves_other_screens_for_first_use(
    qtbot, make_window
) -> None:
    window = make_window(animated=None)  # as the app starts: nothing asked of the card page
    assert len(grid_titles(window)) == 13
    assert QApplication.focusWidget() is window.grid
    assert window._card_view is None and window._journal_view is None
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)  # the first card opens the card page
    assert window.showing_card() and window.card_view.card is not None
    assert window.position.accessibleName() == "Behaviour 1 of 13"
    # The page built late keeps the Tab order as seen: card, reflection, then the buttons.
    order = [QApplication.focusWidget()]
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order.index(window.panel.text) < order.index(window.back_button)
    assert order.index(window.card_view) < order.index(window.panel.text)


def test_the_journal_view_built_on_first_use_undoes_with_ctrl_z(qtbot, make_window) -> None:
    window = make_window(animated=None)
    assert window._journal_view is None
    assert window.journal is not None
    window.journal.add_entry(
        "a reflection to delete", deck_id="system-leadership-behaviours", card_id="trust"
    )
    qtbot.keyClick(
        window,
        Qt.Key.Key_J,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    view = window.journal_view
    assert window.pages.currentWidget() is view
    assert view.count.text() == "1 reflection"
    assert QApplication.focusWidget() is view.list
    view.list.setCurrentIndex(view.model.index(0))
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert window.journal.count() == 0
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.journal.count() == 1
    assert view.count.text() == "1 reflection"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentIndex() == 0 and not window.showing_card()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_settings_files_are_private_under_any_umask(qtbot, make_window, resolved_paths) -> None:
    old = os.umask(0)
    try:
        window = make_window()
        window.preferences.sync()
        window.close()
    finally:
        os.umask(old)
    for name in ("settings.ini", "window-state.ini"):
        found = resolved_paths.config_dir / name
        assert found.exists() and stat.S_IMODE(found.stat().st_mode) == 0o600, name


def test_the_view_menu_shows_the_keys_a_card_takes(qtbot, make_window) -> None:
    from leadcards.ui import keymap

    window = make_window()
    shown = {
        window.grid_action: "grid",
        window.flip_action: "flip",
        window.prev_action: "previous",
        window.next_action: "next",
        window.first_action: "first",
        window.last_action: "last",
    }
    for action, name in shown.items():
        text, _, key = action.text().partition("\t")
        assert key in [keymap.key_name(k) for k in keymap.keys_for(keymap.CARD, name)], text
    window.open_card("trust")
    view = window.card_view
    assert not view.showing_back
    qtbot.keyClick(view, Qt.Key.Key_F)  # the key the menu shows for Flip Card
    qtbot.waitUntil(lambda: view.showing_back)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.card is not None and view.card.id != "trust"
