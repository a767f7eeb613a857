"""Presenting: every control key, deal and random within the filter, black and white, the
countdown, a screen going away, the session record, and nothing private on the audience
window at any point."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from leadcards.journal.exchange import export_json, parse_json_export
from leadcards.journal.model import EntryFilter
from leadcards.session import SESSION_TAG
from leadcards.ui.appearance import INKS
from leadcards.ui.audience_window import AudienceWindow
from leadcards.ui.presenter import AMBER, RED, Presenter

pytestmark = pytest.mark.gui
SECRET = "SECRET-REFLECTION-4711"


@pytest.fixture
def presenter(qtbot, make_window) -> Presenter:
    window = make_window()
    window.journal.add_entry(f"{SECRET} about trust", deck_id=window.deck.id, card_id="trust")
    window.journal.set_card_marks(window.deck.id, "trust", {"trust.p1": "plus"})
    window.card_view.set_marks("trust", {"trust.p1"})  # ticked on the coach's own screen
    found = window.present()
    qtbot.addWidget(found)
    qtbot.addWidget(found.audience)
    return found


def key(qtbot, widget: QWidget, which: Qt.Key, text: str = "") -> None:
    qtbot.keyClick(widget, which)


def shown(presenter: Presenter) -> str:
    card = presenter.audience.card_view.card
    assert card is not None
    return card.id


def test_clicker_keys_move_flip_and_jump(qtbot, presenter: Presenter) -> None:
    audience = presenter.audience
    first = shown(presenter)
    for which in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
        before = presenter.index
        qtbot.keyClick(presenter, which)
        assert presenter.index == before + 1
    for which in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
        before = presenter.index
        qtbot.keyClick(audience, which)  # the audience window takes the clicker too
        assert presenter.index == before - 1
    assert presenter.index == 1 and shown(presenter) != first
    audience.card_view.animated = False
    qtbot.keyClick(presenter, Qt.Key.Key_F)
    assert audience.card_view.showing_back
    qtbot.keyClicks(presenter, "12")
    qtbot.keyClick(presenter, Qt.Key.Key_Return)
    assert presenter.index == 11 and shown(presenter) == presenter.cards[11].id
    qtbot.waitUntil(lambda: presenter.position.text().startswith("12 of 13"))  # just after
    assert presenter.next_label.text() == f"Next: {presenter.cards[12].title}"


def test_black_and_white_toggle_and_return(qtbot, presenter: Presenter) -> None:
    audience = presenter.audience
    qtbot.keyClick(presenter, Qt.Key.Key_B)
    assert audience.mode == "#000000" and audience.stack.currentWidget() is audience.blank
    qtbot.keyClick(presenter, Qt.Key.Key_B)
    assert audience.mode == "card"
    qtbot.keyClick(presenter, Qt.Key.Key_W)
    assert audience.mode == "#FFFFFF"
    image = audience.grab().toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2).name() == "#ffffff"
    qtbot.keyClick(presenter, Qt.Key.Key_W)
    assert audience.mode == "card" and audience.stack.currentWidget() is audience.card_view


def test_theme_filter_random_and_deal_stay_in_the_filter(qtbot, presenter: Presenter) -> None:
    qtbot.keyClick(presenter, Qt.Key.Key_T)
    assert presenter.theme == "being" and len(presenter.cards) == 3
    allowed = {c.id for c in presenter.cards}
    for _ in range(12):
        qtbot.keyClick(presenter, Qt.Key.Key_R)
        assert shown(presenter) in allowed
    qtbot.keyClick(presenter, Qt.Key.Key_D)
    spread = presenter.audience.spread_row
    titles = {spread.itemAt(i).widget().card.title for i in range(spread.count())}
    assert presenter.audience.mode == "spread" and len(titles) == 3
    assert titles == {c.title for c in presenter.cards}
    for _ in range(4):  # round the themes, back to every card
        qtbot.keyClick(presenter, Qt.Key.Key_T)
    assert presenter.theme is None and len(presenter.cards) == 13


def test_the_countdown_turns_amber_then_red(qtbot, presenter: Presenter) -> None:
    now = [1000.0]
    presenter.session.clock = lambda: now[0]
    presenter.minutes.setValue(5)
    presenter.start_countdown()
    assert presenter.countdown_label.text() == "5:00 left"
    assert presenter.countdown_label.styleSheet() == ""
    now[0] += 4 * 60
    presenter.tick()
    assert (
        presenter.countdown_label.text() == "1:00 left"
        and AMBER in presenter.countdown_label.styleSheet()
    )
    now[0] += 61
    presenter.tick()
    assert (
        presenter.countdown_label.text() == "Time is up"
        and RED in presenter.countdown_label.styleSheet()
    )


def test_a_screen_going_away_keeps_the_session(qtbot, presenter: Presenter) -> None:
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    shown_before = len(presenter.session.shown)
    presenter.screen_removed(presenter.audience.screen())
    assert presenter.audience.isVisible() and presenter.isVisible()
    assert "went away" in presenter.status.text()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    assert len(presenter.session.shown) == shown_before + 1


def test_the_session_record_is_saved_only_when_asked_and_travels_with_the_journal(
    qtbot, presenter: Presenter, tmp_path
) -> None:
    journal = presenter.journal
    before = journal.count()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    presenter.notes.setPlainText("Private: they want more on trust.")
    presenter.close()
    assert journal.count() == before  # nothing is saved without being asked
    uuid = presenter.save_record()
    entry = journal.entry(uuid)
    assert entry.tags == (SESSION_TAG,) and "Cards shown:" in entry.text
    assert "Private: they want more on trust." in entry.text
    exported = parse_json_export(export_json(journal).encode(), "x")
    assert any(e.uuid == uuid and e.text == entry.text for e in exported.entries)
    assert json.loads(export_json(journal))  # a complete, readable export


def test_nothing_private_ever_reaches_the_audience_window(qtbot, presenter: Presenter) -> None:
    presenter.notes.setPlainText(f"{SECRET} in the coach's notes")
    audience = presenter.audience
    audience.card_view.animated = False

    def audience_text() -> str:
        parts = [audience.windowTitle(), audience.accessibleName()]
        for widget in audience.findChildren(QWidget):
            parts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
            if isinstance(widget, (QLabel, QAbstractButton)):
                parts.append(widget.text())
        return "\n".join(parts)

    def ticked_boxes() -> int:
        from PySide6.QtWidgets import QCheckBox

        return sum(1 for box in audience.findChildren(QCheckBox) if box.isChecked())

    script = [
        Qt.Key.Key_Right, Qt.Key.Key_F, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_B,
        Qt.Key.Key_B, Qt.Key.Key_W, Qt.Key.Key_W, Qt.Key.Key_R, Qt.Key.Key_D, Qt.Key.Key_T,
        Qt.Key.Key_R, Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_F, Qt.Key.Key_T,
    ]  # fmt: skip

    def same_as_a_window_made_without_a_journal() -> bool:
        """The audience's picture equals that of a window given only the deck and the
        cards on show: so no pixel of it can have come from the journal."""
        reference = AudienceWindow(audience.scheme)
        qtbot.addWidget(reference)
        reference.resize(audience.size())
        reference.card_view.animated = False
        if audience.mode == "card":
            reference.show_card(presenter.deck, presenter.cards, shown(presenter))
            if audience.card_view.showing_back:
                reference.card_view.flip()
            for _ in range(audience.page()[0] - 1):  # the same page of a long face
                assert reference.turn(1)
        elif audience.mode == "spread":
            row = audience.spread_row
            dealt = [row.itemAt(i).widget().card for i in range(row.count())]
            reference.deal(presenter.deck, dealt)
        else:
            reference.black_or_white(audience.mode)
        QApplication.processEvents()
        return audience.grab().toImage() == reference.grab().toImage()

    for which in script:
        qtbot.keyClick(presenter, which)
        assert SECRET not in audience_text()
        assert ticked_boxes() == 0  # the coach's ticks are journal data too
        assert same_as_a_window_made_without_a_journal(), which
    assert presenter.theme == "relating-communicating"  # T pressed twice
    qtbot.keyClicks(presenter, "3")
    qtbot.keyClick(presenter, Qt.Key.Key_Return)  # Trust, whose back the journal ticked
    qtbot.keyClick(presenter, Qt.Key.Key_F)
    assert shown(presenter) == "trust" and audience.card_view.showing_back
    assert SECRET not in audience_text() and ticked_boxes() == 0
    # The same card on the coach's main window does show the tick: the check can see one.
    from leadcards.ui.main_window import MainWindow

    (coach,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    coach.open_card("trust", back=True)
    assert sum(1 for b in coach.card_view.findChildren(QCheckBox) if b.isChecked()) == 1
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    question = presenter.findChild(QMessageBox, "endQuestion")
    assert question is not None and question.isVisible()
    question.button(QMessageBox.StandardButton.Discard).click()
    assert not presenter.isVisible() and not audience.isVisible()
    assert SECRET not in audience_text()


def test_a_clicker_session_ends_with_its_record_saved_by_esc_then_enter(
    qtbot, presenter: Presenter
) -> None:
    journal = presenter.journal
    before = journal.count()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    question = presenter.findChild(QMessageBox, "endQuestion")
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Save)
    qtbot.keyClick(question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not presenter.isVisible())
    assert journal.count() == before + 1
    record = journal.entries(EntryFilter(tags=(SESSION_TAG,)))[0]
    assert "1. Authenticity" in record.text and "2. Mindset" in record.text


def test_the_audience_can_be_put_on_a_screen_or_in_a_window(qtbot, presenter: Presenter) -> None:
    box = presenter.screen_box
    assert box.count() == 1 + len(QGuiApplication.screens())
    full = next(i for i in range(box.count()) if box.itemData(i) is not None)
    box.activated.emit(full)
    assert presenter.audience.isFullScreen()
    box.activated.emit(0)
    assert not presenter.audience.isFullScreen() and presenter.audience.isVisible()


def test_typing_notes_drives_nothing_but_esc_still_leaves(qtbot, presenter: Presenter) -> None:
    presenter.notes.setFocus()
    qtbot.keyClicks(presenter.notes, "b w r d t 5 f")
    assert presenter.audience.mode == "card" and presenter.index == 0 and presenter.theme is None
    assert presenter.notes.toPlainText() == "b w r d t 5 f"
    assert presenter.session.notes == "b w r d t 5 f"
    qtbot.keyClick(presenter.notes, Qt.Key.Key_Escape)
    question = presenter.findChild(QMessageBox, "endQuestion")
    question.button(QMessageBox.StandardButton.Discard).click()
    assert not presenter.isVisible()


def test_keys_reach_the_session_wherever_focus_is(qtbot, presenter: Presenter) -> None:
    audience = presenter.audience
    qtbot.mouseClick(audience.card_view, Qt.MouseButton.LeftButton)  # a click on the card
    qtbot.keyClick(audience.card_view, Qt.Key.Key_Right)
    assert presenter.index == 1 and shown(presenter) == presenter.cards[1].id
    journal = presenter.journal
    count = journal.count()
    qtbot.mouseClick(presenter.save_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(presenter.save_button, Qt.Key.Key_Space)  # the clicker, not Save again
    assert presenter.index == 2 and journal.count() == count + 1
    presenter.deal_count.setFocus()
    qtbot.keyClick(presenter.deal_count, Qt.Key.Key_PageDown)
    assert presenter.index == 3 and presenter.deal_count.value() == 3
    qtbot.keyClick(presenter.deal_count, Qt.Key.Key_Up)  # its own arrows still set it
    assert presenter.deal_count.value() == 4 and presenter.index == 3


def test_while_the_end_question_is_open_keys_wait_and_one_record_grows(
    qtbot, presenter: Presenter
) -> None:
    journal = presenter.journal
    before = journal.count()
    presenter.save_record()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    presenter.notes.setPlainText("more notes")
    question = presenter.leave()
    assert question is not None and presenter.leave() is question  # never two
    qtbot.keyClick(presenter.audience, Qt.Key.Key_Right)
    assert presenter.index == 1  # the clicker waits for the answer
    question.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not presenter.isVisible())
    assert journal.count() == before + 1  # saved twice, one record
    record = journal.entries(EntryFilter(tags=(SESSION_TAG,)))[0]
    assert "2. Mindset" in record.text and "more notes" in record.text


def test_the_close_button_asks_too_and_a_closed_journal_is_said(
    qtbot, presenter: Presenter
) -> None:
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    presenter.close()
    assert presenter.isVisible() and presenter.question is not None
    presenter.question.button(QMessageBox.StandardButton.Cancel).click()
    assert presenter.isVisible() and presenter.question is None
    presenter.journal_closing()
    assert presenter.save_record() is None and not presenter.save_button.isEnabled()
    presenter.close()  # nothing can be saved now: it just ends
    assert not presenter.isVisible()


def test_on_one_screen_the_audience_fills_it_and_c_brings_the_console(
    qtbot, presenter: Presenter
) -> None:
    assert len(QGuiApplication.screens()) == 1  # the offscreen platform has one
    assert presenter.audience.isFullScreen()
    assert "Press C" in presenter.status.text()
    presenter.showMinimized()
    qtbot.keyClick(presenter.audience, Qt.Key.Key_C)
    assert presenter.isVisible() and not presenter.isMinimized()
    assert presenter.index == 0  # C changed nothing on show


# ---------------------------------------------------------------- a room, keys, a screen reader


def on_a_screen(qtbot, presenter: Presenter, width: int, height: int) -> AudienceWindow:
    """The audience as a window of this size (as on a projector of that resolution)."""
    presenter.put_audience(None)
    audience = presenter.audience
    audience.resize(width, height)
    audience.card_view.animated = False
    qtbot.waitUntil(lambda: audience.card_view.front.width() >= width - 40)
    return audience


def test_the_room_reads_the_card_at_1920x1080(qtbot, presenter: Presenter) -> None:
    audience = on_a_screen(qtbot, presenter, 1920, 1080)
    face = audience.card_view.visible_face()
    plan = face.plan()
    card = presenter.cards[0]
    sizes = {p.block.text: p.layout.font().pixelSize() for page in plan.pages for p in page.lines}
    assert sizes[card.summary] >= 44 and sizes[card.title] > sizes[card.summary]
    audience.resize(1280, 720)
    qtbot.waitUntil(lambda: audience.card_view.front.width() <= 1280)
    smaller = audience.card_view.visible_face().plan()
    assert smaller.body_px < plan.body_px  # set again for the window it is now on


def test_down_and_up_page_a_long_face_and_the_clicker_goes_on_after_the_last(
    qtbot, presenter: Presenter
) -> None:
    audience = on_a_screen(qtbot, presenter, 1920, 1080)
    assert audience.page() == (1, 1)
    qtbot.keyClick(presenter, Qt.Key.Key_Down)  # a front that fits: nothing to page
    assert presenter.index == 0 and audience.page() == (1, 1)
    presenter.jump(5)  # Collaboration & Co-creation: a long back
    qtbot.keyClick(presenter, Qt.Key.Key_F)
    page, pages = audience.page()
    assert page == 1 and pages > 1
    assert presenter.announced.startswith("Collaboration & Co-creation, back, page 1 of")
    qtbot.keyClick(presenter, Qt.Key.Key_Down)
    assert audience.page() == (2, pages) and presenter.announced == f"Page 2 of {pages}"
    qtbot.keyClick(presenter, Qt.Key.Key_Up)
    assert audience.page() == (1, pages)
    for number in range(2, pages + 1):
        qtbot.keyClick(presenter, Qt.Key.Key_PageDown)  # the clicker turns the pages
        assert audience.page() == (number, pages) and presenter.index == 4
    qtbot.keyClick(presenter, Qt.Key.Key_PageDown)  # then goes on to the next card
    assert presenter.index == 5 and not audience.card_view.showing_back
    assert presenter.announced == f"Card 6 of 13: {presenter.cards[5].title}"
    qtbot.keyClick(presenter, Qt.Key.Key_PageUp)
    assert presenter.index == 4


def test_tab_reaches_every_console_control_in_order_and_leaves_the_notes(
    qtbot, presenter: Presenter
) -> None:
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)
    qtbot.waitUntil(lambda: presenter.back_preview.findChildren(QCheckBox) != [])
    presenter.setFocus()
    qtbot.keyClick(presenter, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is presenter.prompts  # the questions come first
    seen: list[QWidget] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        if focused in seen:
            break
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    buttons = [b for b in presenter.findChildren(QPushButton) if b.isVisibleTo(presenter)]
    assert buttons and all(b in seen for b in buttons)
    assert not any(isinstance(w, QCheckBox) for w in seen)  # the previews are pictures
    names = [w.text() for w in seen if isinstance(w, QPushButton)]
    assert names == [
        "Previous", "Flip", "Next", "Random", "Deal", "Theme", "Black", "White",
        "Start countdown", "Save Session to Journal", "End Presenting (Esc)",
    ]  # fmt: skip
    assert presenter.index == 0 and presenter.audience.mode == "card"  # Tab moved nothing
    presenter.notes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(presenter.notes, "ask")
    qtbot.keyClick(presenter.notes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is presenter.screen_box
    assert presenter.notes.toPlainText() == "ask"  # no tab typed: no trap
    presenter.notes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(presenter.notes, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is presenter.list


def test_enter_and_space_press_a_focused_button_and_the_clicker_still_works(
    qtbot, presenter: Presenter
) -> None:
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)
    black = presenter.buttons["Black"]
    black.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(black, Qt.Key.Key_Return)
    assert presenter.audience.mode == "#000000"
    assert "black screen" in presenter.announced
    qtbot.keyClick(black, Qt.Key.Key_Space)
    assert presenter.audience.mode == "card"
    flip = presenter.buttons["Flip"]
    flip.setFocus(Qt.FocusReason.TabFocusReason)
    for which, index in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_PageDown, 2), (Qt.Key.Key_Left, 1)):
        qtbot.keyClick(flip, which)
        assert presenter.index == index and QApplication.focusWidget() is flip
    qtbot.keyClick(flip, Qt.Key.Key_W)
    assert presenter.audience.mode == "#FFFFFF"
    qtbot.keyClick(flip, Qt.Key.Key_W)
    qtbot.keyClicks(flip, "4")
    qtbot.keyClick(flip, Qt.Key.Key_Return)  # a number waiting: Enter jumps, not Flip
    assert presenter.index == 3 and not presenter.audience.card_view.showing_back
    qtbot.waitUntil(lambda: presenter.list.currentRow() == 3)
    presenter.list.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(presenter.list, Qt.Key.Key_Down)  # the list's arrows choose in it
    qtbot.keyClick(presenter.list, Qt.Key.Key_Return)
    assert presenter.index == 4


def test_a_screen_reader_hears_the_clock_the_questions_and_the_card_shown(
    qtbot, presenter: Presenter
) -> None:
    now = [500.0]
    presenter.session.clock = lambda: now[0]
    presenter.session.started = now[0]
    now[0] += 65
    presenter.minutes.setValue(3)
    presenter.start_countdown()
    assert presenter.announced == "Countdown started: 3 minutes"

    def said(widget: QWidget, what: QAccessible.Text = QAccessible.Text.Name) -> str:
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None
        return interface.text(what)

    assert said(presenter.clock_label) == "Session time 1:05"
    assert said(presenter.countdown_label) == "Time left 3:00 left"
    now[0] += 61
    presenter.tick()
    assert said(presenter.countdown_label) == "Time left 1:59 left"
    assert presenter.announced == "Two minutes left"
    now[0] += 120
    presenter.tick()
    assert presenter.announced == "Time is up"
    qtbot.waitUntil(lambda: presenter.prompts.text() != "")
    card = presenter.cards[0]
    assert said(presenter.prompts) == presenter.prompts.text()
    assert card.group_prompts()
    assert all(p.text in said(presenter.prompts) for p in card.group_prompts())
    assert presenter.prompts.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    assert presenter.announced == f"Card 2 of 13: {presenter.cards[1].title}"
    assert said(presenter.status, QAccessible.Text.Description) == presenter.announced
    for window in (presenter, presenter.audience):  # frames, not fillers
        assert QAccessible.queryAccessibleInterface(window).role() == QAccessible.Role.Window
    unnamed = [
        w
        for w in presenter.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(presenter)
        and not isinstance(w.parentWidget(), QAbstractSpinBox)  # its box has the name
        and not said(w).strip()
    ]
    assert unnamed == []


def test_the_console_asks_only_group_safe_questions_with_their_follow_ups(
    qtbot, presenter: Presenter
) -> None:
    card = presenter.cards[0]
    private = [p for p in card.prompts if not p.group_safe]
    assert private  # the first behaviour's self question is for private reflection
    qtbot.waitUntil(lambda: presenter.prompts.text() != "")
    shown = presenter.prompts.text()
    for prompt in card.group_prompts():
        assert prompt.text in shown
        if prompt.follow_up:
            assert f"Then: {prompt.follow_up}" in shown
    assert all(p.text not in shown for p in private)
    assert "1 question is for private reflection" in shown
    previewed = "\n".join(label.text() for label in presenter.back_preview.findChildren(QLabel))
    assert card.group_prompts()[0].text in previewed
    assert all(p.text not in previewed for p in private), previewed


def test_the_focus_ring_is_drawn_round_a_focused_button(qtbot, presenter: Presenter) -> None:
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)
    deal = presenter.buttons["Deal"]
    deal.setFocus(Qt.FocusReason.TabFocusReason)
    ring = presenter.focus_ring.ring()
    assert ring is not None
    central = presenter.centralWidget()
    image = central.grab().toImage()
    left_edge = ring.left() + 1
    focus = QColor(INKS[presenter.scheme].focus)
    middle = ring.center().y()
    assert image.pixelColor(left_edge, middle).name() == focus.name()
    presenter.setFocus()
    assert presenter.focus_ring.ring() is None


def test_ending_the_session_lets_go_of_the_audience_drawings(qtbot, presenter: Presenter) -> None:
    card = presenter.audience.card_view
    presenter.audience.resize(1280, 720)
    presenter.next()
    qtbot.waitUntil(lambda: bool(card._prepared))  # the cards either side, made ahead
    assert card.front is not None
    card.front.picture()
    presenter.ending = True  # the coach said how to end
    presenter.close()
    qtbot.wait(10)  # a making-ahead posted before the end does nothing after it
    assert not card._prepared
    assert card.front._picture is None and (card.back is None or card.back._picture is None)


def test_the_console_buttons_name_the_keys_the_presenter_takes(presenter: Presenter) -> None:
    from leadcards.ui import keymap

    names = {keymap.key_name(key): action for key, action in keymap.PRESENTER.items()}
    expected = {
        "Previous": {"previous", "page up"},
        "Next": {"next", "page down"},
        "Flip": {"flip"},
        "Black": {"black"},
        "White": {"white"},
    }
    for text, actions in expected.items():
        tip = presenter.buttons[text].toolTip()
        keys = tip[tip.index("(") + 1 : tip.rindex(")")].split(" or ")
        assert keys and all(names[key] in actions for key in keys), tip


def test_a_teams_results_on_the_audience_window_are_aggregated_figures_alone(
    qtbot, presenter: Presenter
) -> None:
    """The coach puts a closed round's results on the audience window: with a journal full
    of reflections, ticks and notes, and one person's answer standing out, the room sees
    the round's aggregated figures and the invitation's own text, and nothing else."""
    from leadcards.checkin import ledger, service
    from leadcards.checkin.files import invitation_json, read_invitation
    from leadcards.checkin.ledger import CheckIn, Round
    from leadcards.checkin.results import Answer, results_from_text, results_text
    from leadcards.ui.checkin_charts import MedianRadar, spread_words
    from leadcards.ui.checkin_results import present_results

    journal, deck = presenter.journal, presenter.deck
    for card in deck.cards:
        journal.add_entry(f"{SECRET} about {card.title}", deck_id=deck.id, card_id=card.id)
    journal.set_card_marks(deck.id, "mindset", {"mindset.p1": "plus", "mindset.n1": "minus"})
    presenter.notes.setPlainText(f"{SECRET} in the coach's notes")
    checkin = service.start(journal, service.new_invitation(deck, title="Ward 7 pulse"))
    for _ in range(6):
        ledger.add_answer(journal, checkin.id, Answer(frozenset({"trust.p1"}), {"trust": 1}))
    ledger.add_answer(  # one person's answer, unlike anyone else's
        journal, checkin.id, Answer(frozenset({"trust.n3"}), {"trust": -5, "mindset": 4})
    )
    ledger.close_round(journal, checkin.id)
    kept = ledger.checkin(journal, checkin.id)
    round_ = kept.rounds[-1]
    found = round_.results
    assert found is not None
    audience = on_a_screen(qtbot, presenter, 1920, 1080)
    assert present_results(kept, round_, found, audience=audience) is audience
    assert audience.mode == "results"
    view = audience.results
    qtbot.wait(20)  # laid out for the window's size
    assert audience.page()[1] > 1

    def audience_text() -> str:
        parts = [audience.windowTitle(), audience.accessibleName()]
        for widget in view.findChildren(QWidget) + audience.findChildren(QWidget):
            parts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
            if isinstance(widget, (QLabel, QAbstractButton)):
                parts.append(widget.text())
        return "\n".join(parts)

    # The same results made from plain values, with no journal anywhere: the invitation as
    # its file, the results as kept, the round's count and dates.
    plain = CheckIn(
        read_invitation(invitation_json(kept.invitation), "invitation"),
        kept.created,
        (Round(1, round_.opened, round_.closed, round_.people, None),),
    )
    plain_results = results_from_text(results_text(found))
    reference = AudienceWindow(audience.scheme)
    qtbot.addWidget(reference)
    reference.resize(audience.size())
    reference.show()
    present_results(plain, plain.rounds[0], plain_results, audience=reference)
    qtbot.waitUntil(lambda: reference.page() == audience.page())

    def same_picture() -> bool:
        QApplication.processEvents()
        return audience.grab().toImage() == reference.grab().toImage()

    radar = view.findChild(MedianRadar)
    titles = {card.card_id: card.title for card in kept.invitation.cards}
    assert radar.accessibleDescription() == (
        "; ".join(spread_words(titles[s.card_id], s) for s in found.spreads) + "."
    )
    assert "Trust: median 1, middle half 1 to 1, 7 answers" in radar.accessibleDescription()
    # Mindset was placed by one person only: no figure of theirs is shown or said.
    assert "Mindset" not in radar.accessibleDescription() and found.too_few == ("mindset",)
    assert "Fewer than 5 placed Mindset" in audience_text()
    page, pages = audience.page()
    while True:  # the clicker's Down turns the pages, each seen and heard
        text = audience_text()
        assert SECRET not in text and "coach's notes" not in text
        assert audience.findChildren(QCheckBox) == []  # no tick box at all, let alone ticked
        assert same_picture(), page
        if page == pages:
            break
        qtbot.keyClick(presenter, Qt.Key.Key_Down)
        assert audience.page() == (page + 1, pages)
        assert presenter.announced == f"Page {page + 1} of {pages}"
        page += 1
        assert reference.turn(1)
    qtbot.keyClick(presenter, Qt.Key.Key_B)  # black, and back to the results
    qtbot.keyClick(presenter, Qt.Key.Key_B)
    assert audience.mode == "results" and same_picture()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)  # the next card: the results give way
    assert audience.mode == "card" and presenter.index == 1
    assert SECRET not in audience_text()
