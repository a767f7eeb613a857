"""Everyday use with the keys only or a screen reader: where the focus starts and goes, what
a reader hears, what it is told, and focus rings that can be seen (WCAG 2.2 AA)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from leadcards.colours import Scheme, contrast_ratio
from leadcards.journal.store import Journal
from leadcards.ui import appearance
from leadcards.ui.appearance import INKS, Appearance
from leadcards.ui.card_faces import CardBack
from leadcards.ui.main_window import MainWindow
from leadcards.ui.print_dialog import PrintDialog

pytestmark = pytest.mark.gui
WAIT_MS = 20_000


def name_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def labels_of(widget: QWidget) -> list[str]:
    """The texts of the labels a reader announces with ``widget`` (its buddies)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return [
        other.text(QAccessible.Text.Name)
        for other, relation in interface.relations(QAccessible.RelationFlag.Label)
    ]


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key: Qt.Key) -> QWidget:
    qtbot.keyClick(focus(), key)
    return focus()


# ---------------------------------------------------------------------- where focus goes


def test_a_fresh_window_starts_in_the_grid_arrows_move_and_enter_opens(qtbot, make_window) -> None:
    window = make_window()
    assert focus() is window.grid
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    assert window.showing_card() and window.card_view.card.id == window.deck.cards[0].id
    qtbot.keyClick(window.card_view, Qt.Key.Key_Escape)
    assert focus() is window.grid
    qtbot.keyClick(window.grid, Qt.Key.Key_Right)
    qtbot.keyClick(window.grid, Qt.Key.Key_Down)
    assert window.deck.id == "system-leadership-behaviours"  # Down no longer swaps decks
    moved_to = window.grid.current_card()
    assert moved_to is not None and moved_to.id != window.deck.cards[1].id
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    assert window.card_view.card.id == moved_to.id


def test_enter_in_the_search_opens_the_only_match_or_moves_into_the_results(
    qtbot, make_window
) -> None:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "trust")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.showing_card() and window.card_view.card.id == "trust"
    assert focus() is window.card_view
    qtbot.keyClick(window.card_view, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "others")
    assert len(window.grid.card_model.cards) > 1
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert not window.showing_card() and focus() is window.grid


def test_tab_goes_through_the_browse_bar_in_the_order_it_is_seen(qtbot, make_window) -> None:
    window = make_window()
    seen = [press(qtbot, Qt.Key.Key_Tab) for _ in range(4)]
    assert seen == [window.deck_box, window.search, window.theme_buttons.buttons()[0], window.grid]
    back = [press(qtbot, Qt.Key.Key_Backtab) for _ in range(4)]
    assert back == [window.theme_buttons.buttons()[0], window.search, window.deck_box, window.grid]


def tab_round(qtbot, start: QWidget, key: Qt.Key, limit: int = 80) -> list[QWidget]:
    """Press ``key`` until the focus is back on ``start``; the widgets it stopped on."""
    stops = []
    for _ in range(limit):
        widget = press(qtbot, key)
        if widget is start:
            return stops
        stops.append(widget)
    raise AssertionError(f"the focus never came back to {start!r}: a keyboard trap")


def settle(qtbot, dialog: PrintDialog) -> None:
    qtbot.waitUntil(
        lambda: (
            not dialog.timer.isActive()
            and (dialog.preview_task is None or not dialog.preview_task.is_running())
            and not dialog.stale
        ),
        timeout=WAIT_MS,
    )


def test_tab_cycles_through_the_print_dialog_reaching_every_button(qtbot, make_window) -> None:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.print_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    settle(qtbot, dialog)
    start = focus()
    assert start is dialog.tree and name_of(start) == "Cards to print"
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]
    texts = {b.text() for b in buttons}
    assert {"Calibration Sheet…", "Save PDF…", "Close"} <= texts
    forward = tab_round(qtbot, start, Qt.Key.Key_Tab)
    backward = tab_round(qtbot, start, Qt.Key.Key_Backtab)
    for button in buttons:
        assert button in forward and button in backward, button.text()
    assert backward == list(reversed(forward))
    assert all(name_of(w).strip() for w in forward)  # every stop is named


def _leaves(qtbot, widget: QWidget) -> None:
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        assert focus() is widget or widget.isAncestorOf(focus())
        after = press(qtbot, key)
        assert after is not widget and not widget.isAncestorOf(after), (widget, key)


def _text_and_tables(root: QWidget) -> list[QWidget]:
    kinds = (QPlainTextEdit, QTextEdit, QAbstractItemView)
    return [
        w
        for kind in kinds
        for w in root.findChildren(kind)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(w.parentWidget(), QComboBox)
    ]


def test_tab_and_shift_tab_leave_every_text_box_list_and_tree(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("trust")
    editable = _text_and_tables(window)
    assert window.panel.text in editable and window.panel.history in editable
    for widget in editable:
        _leaves(qtbot, widget)
    window.journal.add_entry("Named the trade-off out loud.", deck_id=window.deck.id)
    qtbot.keyClick(
        window,
        Qt.Key.Key_J,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    view = window.journal_view
    view.list.setCurrentIndex(view.model.index(0))  # the editor is enabled for an entry
    editable = _text_and_tables(window)
    assert view.list in editable and view.edit_text in editable
    for widget in editable:
        _leaves(qtbot, widget)
    dialog = window.print_cards()
    qtbot.waitUntil(dialog.isActiveWindow)
    editable = _text_and_tables(dialog)
    assert dialog.tree in editable
    for widget in editable:
        _leaves(qtbot, widget)
    dialog.close()


# ---------------------------------------------------------------------- what a reader hears


def test_combo_boxes_are_labelled_not_only_valued(qtbot, make_window) -> None:
    window = make_window()
    # On Linux Qt gives a combo box its value as its name and its label as a relation,
    # which is what Orca reads first; elsewhere the accessible name is the label.
    assert labels_of(window.deck_box) == ["Deck"]
    assert window.deck_box.accessibleName() == "Deck"
    view = window.journal_view
    expected = {
        view.deck: "Deck",
        view.theme: "Theme or condition",
        view.card: "Card",
        view.space: "Space",
        view.tag: "Tag",
        view.edit_space: "Space of the selected reflection",
    }
    for combo, label in expected.items():
        assert labels_of(combo) == [label]
    assert labels_of(window.panel.space) == ["Space"]


def test_labels_that_show_a_value_say_it(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("authenticity")
    assert name_of(window.position) == "Behaviour 1 of 13"
    qtbot.keyClick(window.card_view, Qt.Key.Key_Right)
    assert name_of(window.position) == "Behaviour 2 of 13"
    assert name_of(window.journal_label).startswith("Journal: ")
    qtbot.keyClick(window.card_view, Qt.Key.Key_F)
    back = window.card_view.visible_face()
    assert isinstance(back, CardBack)
    positive = next(r for r in back.rows if r.indicator_id.endswith("p1"))
    negative = next(r for r in back.rows if r.indicator_id.endswith("n1"))
    assert name_of(positive.box).startswith("positive: ")
    assert name_of(negative.box).startswith("negative: ")
    positive.box.click()
    negative.box.click()
    linked = name_of(window.panel.linked)
    assert "positive: " in linked and "negative: " in linked
    qtbot.keyClicks(window.panel.text, "Asked before assuming.")
    with qtbot.waitSignal(window.announced) as said:
        window.panel.save_button.click()
    assert said.args == ["Reflection saved"]
    assert name_of(window.panel.status).startswith("Saved ")
    window.show_journal()
    assert name_of(window.journal_view.count) == "1 reflection"
    item = window.journal_view.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert item.startswith("Mindset, ") and "Asked before assuming." in item


def test_flips_and_the_next_card_are_announced(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("trust")
    with qtbot.waitSignal(window.announced) as said:
        qtbot.keyClick(window.card_view, Qt.Key.Key_F)
    assert said.args == ["Trust: back"]
    with qtbot.waitSignal(window.announced) as said:
        qtbot.keyClick(window.card_view, Qt.Key.Key_Right)
    assert said.args == ["Community/Holistic Thinking, Behaviour 7 of 13"]


def test_windows_are_frames_and_dialogs(qtbot, make_window) -> None:
    window = make_window()
    assert QAccessible.queryAccessibleInterface(window).role() == QAccessible.Role.Window
    dialog = window.print_cards()
    assert QAccessible.queryAccessibleInterface(dialog).role() == QAccessible.Role.Dialog
    dialog.close()


# ---------------------------------------------------------------------- focus rings


def _ring_contrast(before: QImage, after: QImage, area: QRect, surface: str) -> float:
    """The contrast against ``surface`` of the colour focus painted most inside ``area``."""
    changed: Counter[str] = Counter()
    for y in range(max(area.top(), 0), min(area.bottom(), after.height() - 1) + 1):
        for x in range(max(area.left(), 0), min(area.right(), after.width() - 1) + 1):
            if before.pixelColor(x, y) != after.pixelColor(x, y):
                changed[after.pixelColor(x, y).name()] += 1
    assert changed, "focus changed nothing: no ring to see"
    ring, count = changed.most_common(1)[0]
    assert count >= area.width()  # a ring round the control, not a stray pixel
    return contrast_ratio(ring.upper(), surface)


@pytest.mark.parametrize("choice", [Appearance.LIGHT, Appearance.DARK])
def test_a_focused_indicator_checkbox_shows_a_ring_at_three_to_one(
    qtbot, make_window, choice: Appearance
) -> None:
    window: MainWindow = make_window()
    window.set_appearance(choice)
    window.open_card("trust", back=True)
    back = window.card_view.visible_face()
    assert isinstance(back, CardBack)
    box = back.rows[0].box
    before = back.grab().toImage()
    qtbot.keyClick(window.card_view, Qt.Key.Key_Tab)  # into the first indicator
    assert focus() is box
    after = back.grab().toImage()
    ratio = before.devicePixelRatio()
    corner = box.mapTo(back, QPoint(0, 0))
    area = QRect(corner * ratio, box.size() * ratio).adjusted(-4, -4, 4, 4)
    scheme = Scheme.DARK if choice is Appearance.DARK else Scheme.LIGHT
    assert _ring_contrast(before, after, area, INKS[scheme].surface) >= 3.0


@pytest.mark.parametrize("choice", [Appearance.LIGHT, Appearance.DARK])
def test_a_focused_button_shows_a_ring_at_three_to_one(qtbot, make_window, choice) -> None:
    window: MainWindow = make_window()
    window.set_appearance(choice)
    window.open_card("trust")
    button = window.back_button
    page = button.parentWidget()
    before = page.grab().toImage()
    for _ in range(40):  # by Tab, as a keyboard user gets there
        if press(qtbot, Qt.Key.Key_Tab) is button:
            break
    assert focus() is button
    after = page.grab().toImage()
    ratio = before.devicePixelRatio()
    area = QRect(button.pos() * ratio, button.size() * ratio)
    scheme = Scheme.DARK if choice is Appearance.DARK else Scheme.LIGHT
    assert _ring_contrast(before, after, area, INKS[scheme].window) >= 3.0


def test_the_grid_rings_a_card_only_while_it_has_the_focus(qtbot, make_window) -> None:
    window = make_window()
    grid = window.grid
    rect = grid.visualRect(grid.currentIndex())
    focused = grid.viewport().grab(rect).toImage()
    window.deck_box.setFocus(Qt.FocusReason.TabFocusReason)
    unfocused = grid.viewport().grab(rect).toImage()
    ring = INKS[Scheme.LIGHT].focus.lower()
    colours = lambda image: {  # noqa: E731
        image.pixelColor(x, y).name() for x in range(image.width()) for y in (4, 5, 6)
    }
    assert ring in colours(focused)
    assert ring not in colours(unfocused)


def test_every_button_of_the_journal_pdf_dialog_is_reachable(qtbot, make_window) -> None:
    window = make_window()
    assert isinstance(window.journal, Journal)
    dialog = window.export_journal_pdf()
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    start = focus()
    assert name_of(start).strip()
    forward = tab_round(qtbot, start, Qt.Key.Key_Tab)
    for button in (dialog.save_button, *dialog.buttons.buttons()):
        assert button in forward, button.text()
    dialog.close()


@pytest.mark.parametrize("scheme", [Scheme.LIGHT, Scheme.DARK])
def test_an_unticked_box_stands_out_from_its_window_at_3_to_1(qtbot, scheme: Scheme) -> None:
    """WCAG 2.2 non-text contrast: an empty tick box is still seen (Fusion alone outlines
    it in the window colour made darker, which vanishes on the dark window)."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    app = QApplication.instance()
    appearance.apply(app, Appearance.DARK if scheme is Scheme.DARK else Appearance.LIGHT)
    box = QCheckBox("Questions")
    qtbot.addWidget(box)
    box.show()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    window = INKS[scheme].window
    best = max(
        contrast_ratio(image.pixelColor(x, y).name().upper(), window)
        for x in range(indicator.left(), indicator.right() + 1)
        for y in range(indicator.top(), indicator.bottom() + 1)
    )
    assert best >= 3.0


@pytest.mark.parametrize("choice", [Appearance.LIGHT, Appearance.DARK])
def test_a_focused_text_box_shows_a_ring_at_three_to_one(qtbot, make_window, choice) -> None:
    window: MainWindow = make_window()
    window.set_appearance(choice)
    window.open_card("trust")
    box = window.panel.text
    holder = box.parentWidget()
    window.card_view.setFocus()
    before = holder.grab().toImage()
    for _ in range(40):  # by Tab, as a keyboard user gets there
        if press(qtbot, Qt.Key.Key_Tab) is box:
            break
    assert focus() is box
    after = holder.grab().toImage()
    ratio = before.devicePixelRatio()
    area = QRect(box.pos() * ratio, box.size() * ratio)
    scheme = Scheme.DARK if choice is Appearance.DARK else Scheme.LIGHT
    assert _ring_contrast(before, after, area, INKS[scheme].surface) >= 3.0


def test_a_dialog_opened_from_the_keyboard_rings_its_first_control(qtbot, make_window) -> None:
    window: MainWindow = make_window()
    dialog = window.start_temperature_check()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.next_button  # Start
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)  # Qt then rings it
    dialog.close()


def test_the_presenter_console_is_no_tab_stop_of_its_own(qtbot, make_window) -> None:
    window: MainWindow = make_window()
    presenter = window.present()
    qtbot.addWidget(presenter)
    qtbot.addWidget(presenter.audience)
    assert presenter.focusPolicy() == Qt.FocusPolicy.ClickFocus
    presenter.ending = True
    presenter.close()
