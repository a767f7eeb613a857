"""The large card: flipping, moving through the filter, marks, zoom, and text that fits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QTabWidget, QWidget

from leadcards.library import builtin_decks
from leadcards.ui.card_faces import CardBack, CardFront

pytestmark = pytest.mark.gui

ALL_CARDS = [(deck.id, card.id) for deck in builtin_decks() for card in deck.cards]
assert len(ALL_CARDS) == 18


def settle() -> None:
    QApplication.processEvents()
    QApplication.processEvents()


def test_f_flips_with_the_animation_and_reports_it(qtbot, make_window) -> None:
    window = make_window(animated=True)
    window.open_card("trust")
    view = window.card_view
    assert isinstance(view.visible_face(), CardFront)
    with qtbot.waitSignal(view.card_flipped, timeout=2000) as flipped:
        qtbot.keyClick(view, Qt.Key.Key_F)
        assert view.overlay.isVisible()  # the turning frames are being painted
    assert flipped.args == ["trust", True]
    face = view.visible_face()
    assert isinstance(face, CardBack)
    assert face.isVisible()
    assert face.rows[0].box.isVisible()
    assert not view.overlay.isVisible()
    assert view.accessibleName() == "Trust, Relating & Communicating theme, back"


def test_space_and_click_flip_back_and_forth(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("mindset")
    view = window.card_view
    with qtbot.waitSignal(view.card_flipped) as flipped:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert flipped.args == ["mindset", True]
    assert isinstance(view.visible_face(), CardBack)
    with qtbot.waitSignal(view.card_flipped) as flipped:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width() // 2, 40))
    assert flipped.args == ["mindset", False]
    assert isinstance(view.visible_face(), CardFront)


def test_flip_is_instant_when_animation_is_off(qtbot, make_window) -> None:
    window = make_window(animated=False)
    window.open_card("trust")
    with qtbot.waitSignal(window.card_view.card_flipped, timeout=50):
        window.card_view.flip()
    assert not window.card_view.overlay.isVisible()


def test_left_right_home_end_stay_in_the_filter(qtbot, make_window) -> None:
    window = make_window()
    delivering = next(b for b in window.theme_buttons.buttons() if b.text() == "Delivering")
    qtbot.mouseClick(delivering, Qt.MouseButton.LeftButton)
    window.open_card("ownership-accountability")
    view = window.card_view
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.card.id == "delivery"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # stays on the last card of the filter
    assert view.card.id == "doing-things-differently"
    assert window.position.text() == "3 of 3"
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.card.id == "ownership-accountability"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.card.id == "ownership-accountability"
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.card.id == "doing-things-differently"


def test_random_draws_only_from_the_filter(qtbot, make_window) -> None:
    window = make_window()
    being = next(b for b in window.theme_buttons.buttons() if b.text() == "Being")
    qtbot.mouseClick(being, Qt.MouseButton.LeftButton)
    window.open_card("authenticity")
    seen = set()
    for _ in range(30):
        qtbot.keyClick(window.card_view, Qt.Key.Key_R)
        seen.add(window.card_view.card.id)
    assert seen == {"authenticity", "mindset", "resilience-bravery-courage"}


def test_ticking_indicators_reports_marks_and_keeps_them_for_the_session(
    qtbot, make_window
) -> None:
    window = make_window()
    window.open_card("trust", back=True)
    view = window.card_view
    back = view.visible_face()
    assert isinstance(back, CardBack)
    with qtbot.waitSignal(view.indicator_marked) as marked:
        qtbot.mouseClick(back.rows[0].box, Qt.MouseButton.LeftButton)
    assert marked.args == ["trust", "trust.p1", True]
    with qtbot.waitSignal(view.indicator_marked) as marked:
        qtbot.mouseClick(back.rows[7].text, Qt.MouseButton.LeftButton)  # clicking the text
    assert marked.args == ["trust", "trust.n2", True]
    assert view.marks() == {"trust.p1", "trust.n2"}
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    window.card_view.flip()
    back = view.visible_face()
    assert isinstance(back, CardBack)
    assert [row.indicator_id for row in back.rows if row.box.isChecked()] == [
        "trust.p1",
        "trust.n2",
    ]


def test_positive_and_negative_read_apart_without_colour(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("trust", back=True)
    back = window.card_view.visible_face()
    headings = [label.text() for label in back.findChildren(QLabel) if "indicators" in label.text()]
    assert headings == ["+  Positive indicators", "\u2212  Negative indicators"]
    positive, negative = back.rows[0], back.rows[-1]
    assert positive.box.accessibleDescription().startswith("positive indicator")
    assert negative.box.accessibleDescription().startswith("negative indicator")
    assert negative.text.font().italic() and not positive.text.font().italic()


def test_trace_back_reaches_why_it_matters_and_examples_without_leaving(qtbot, make_window) -> None:
    window = make_window()
    window.select_deck("trace")
    window.open_card("task", back=True)
    back = window.card_view.visible_face()
    tabs = back.findChild(QTabWidget)
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Checklist",
        "Why it matters",
        "Examples",
    ]
    tabs.setCurrentIndex(2)
    texts = [label.text() for label in tabs.currentWidget().findChildren(QLabel)]
    assert "Buurtzorg" in texts
    assert len(back.rows) == 7


def test_ctrl_plus_and_minus_scale_the_card_text(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("trust")

    def title_size() -> float:
        face = window.card_view.visible_face()
        return face.findChild(QLabel, "cardTitle").font().pointSizeF()

    base = title_size()
    qtbot.keyClick(window.card_view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert title_size() > base
    qtbot.keyClick(window.card_view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert title_size() == base
    qtbot.keyClick(window.card_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert title_size() < base
    assert window.preferences.zoom < 1.0


def _overflows(face: QWidget) -> list[str]:
    """Text that does not fit: clipped labels, or labels reaching outside the face."""
    problems = []
    areas = face.findChildren(QScrollArea)
    for area in areas:
        if area.widget().width() > area.viewport().width():
            problems.append(f"content wider than the face in {area.objectName()}")
    for label in face.findChildren(QLabel):
        if not label.isVisibleTo(face) or not label.text():
            continue
        needed = label.heightForWidth(label.width()) if label.wordWrap() else -1
        if needed > label.height():
            problems.append(f"{label.text()[:30]!r} needs {needed}px, has {label.height()}")
        if label.minimumSizeHint().width() > label.width():
            problems.append(f"{label.text()[:30]!r} is cut at the side")
        left = label.mapTo(face, QPoint(0, 0)).x()
        if left < 0 or left + label.width() > face.width():
            problems.append(f"{label.text()[:30]!r} reaches outside the face")
    return problems


@pytest.mark.parametrize(
    "size", [(800, 600), (1920, 1080), (3840, 2160)], ids=["800x600", "1920x1080", "4K"]
)
def test_every_builtin_card_fits_front_and_back(qtbot, make_window, size) -> None:
    window = make_window(*size)
    for deck_id, card_id in ALL_CARDS:
        window.select_deck(deck_id)
        window.open_card(card_id)
        settle()
        for side in ("front", "back"):
            face = window.card_view.visible_face()
            assert face.width() > 0 and face.height() > 0
            pages = face.findChildren(QTabWidget)
            tab_count = pages[0].count() if pages else 1
            for tab in range(tab_count):
                if pages:
                    pages[0].setCurrentIndex(tab)
                    settle()
                assert _overflows(face) == [], f"{card_id} {side} tab {tab} at {size}"
            if side == "front":
                window.card_view.flip()
                settle()


def test_moving_on_during_a_flip_shows_the_next_card(qtbot, make_window) -> None:
    window = make_window(animated=True)
    window.open_card("trust")
    view = window.card_view
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.animation.state() == view.animation.State.Running
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.card.id == "community-holistic-thinking"
    assert view.holder.isVisible() and not view.overlay.isVisible()
    assert isinstance(view.visible_face(), CardFront)


def test_the_flip_pictures_a_tabbed_back_as_it_will_look(qtbot, make_window) -> None:
    window = make_window(animated=True)
    window.select_deck("trace")
    window.open_card("route")
    view = window.card_view
    view.flip()
    picture = view.overlay.back.toImage()
    view.animation.setCurrentTime(view.animation.duration())  # finish now
    live = view.visible_face().grab().toImage()
    assert picture.size() == live.size()
    same = sum(
        picture.pixel(x, y) == live.pixel(x, y)
        for x in range(0, live.width(), 7)
        for y in range(0, live.height(), 7)
    )
    total = len(range(0, live.width(), 7)) * len(range(0, live.height(), 7))
    assert same / total > 0.97


def test_double_click_opens_the_card_without_flipping_it(qtbot, make_window) -> None:
    window = make_window()
    settle()  # let the grid lay out its items
    rect = window.grid.visualRect(window.grid.card_model.index(1))
    qtbot.mouseClick(window.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.showing_card()  # the first click opened the card...
    # ...and the second click of the double click lands on the card: it must not flip it
    middle = QPoint(window.card_view.width() // 2, 40)
    qtbot.mouseDClick(window.card_view, Qt.MouseButton.LeftButton, pos=middle)
    assert window.card_view.showing_back is False


def test_arrow_keys_on_the_back_tabs_change_the_tab_not_the_card(qtbot, make_window) -> None:
    window = make_window()
    window.select_deck("trace")
    window.open_card("route", back=True)
    tabs = window.card_view.visible_face().findChild(QTabWidget)
    tabs.tabBar().setFocus()
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
    assert window.card_view.card.id == "route"
    assert tabs.currentIndex() == 1


def test_zoom_keeps_the_open_tab(qtbot, make_window) -> None:
    window = make_window()
    window.select_deck("trace")
    window.open_card("route", back=True)
    window.card_view.visible_face().findChild(QTabWidget).setCurrentIndex(2)
    window.zoom_by(1)
    assert window.card_view.visible_face().findChild(QTabWidget).currentIndex() == 2
