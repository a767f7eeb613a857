"""Answering a team check-in by keys alone, in the room and by file: the answer given is the
answer sent; after "Done, pass it on" nothing of the person before can be seen, reached or
brought back; a refused file keeps the answers; finishing part-way through asks first."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QImage, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from leadcards.checkin.files import Invitation, invitation_for, read_response
from leadcards.checkin.results import Answer
from leadcards.colours import Scheme
from leadcards.deck import Deck
from leadcards.library import builtin_decks
from leadcards.ui import appearance, checkin_answer
from leadcards.ui.appearance import INKS, Appearance
from leadcards.ui.card_faces import IndicatorRow
from leadcards.ui.checkin_answer import AnswerDialog, AskTarget, PersonAnswer, PositionScale

pytestmark = pytest.mark.gui
SLB = "system-leadership-behaviours"
Key = Qt.Key
NONE = Qt.KeyboardModifier.NoModifier

# Distinctive answers: ticks on three themes, positions high, low, zero and set-then-cleared.
TICKS = {"authenticity.p1", "authenticity.n3", "trust.p2", "trust.n1", "delivery.p4"}
POSITIONS: dict[str, int | None] = {
    "trust": 4,
    "mindset": -3,
    "delivery": 0,
    "vision-shared-direction": None,
}
TRACE_TICKS = {"task.i1", "route.i3", "energy.i7", "energy.i2"}


def deck(deck_id: str) -> Deck:
    return next(d for d in builtin_decks() if d.id == deck_id)


def behaviours() -> Invitation:
    return invitation_for(deck(SLB), title="Spring away day", space="team")


def trace() -> Invitation:
    return invitation_for(deck("trace"), title="TRACE in May", space="team")


def open_dialog(
    qtbot: QtBot,
    invitation: Invitation,
    *,
    in_room: bool,
    choice: Appearance = Appearance.LIGHT,
    size: tuple[int, int] = (1000, 760),
    ask_target: AskTarget | None = None,
) -> AnswerDialog:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    scheme = appearance.apply(app, choice)
    dialog = AnswerDialog(invitation, in_room=in_room, scheme=scheme, ask_target=ask_target)
    qtbot.addWidget(dialog)
    dialog.resize(*size)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> QWidget:
    QTest.keyClick(focus(), key, modifier)
    return focus()


def button_text(widget: QWidget) -> str:
    return widget.text().replace("&", "") if isinstance(widget, QPushButton) else ""


def tab_to(qtbot: QtBot, text: str, modifier: Qt.KeyboardModifier = NONE) -> QWidget:
    """Tab (or Shift+Tab) on to the button reading ``text``."""
    for _ in range(400):
        if button_text(focus()) == text:
            return focus()
        press(qtbot, Key.Key_Tab, modifier)
    raise AssertionError(f"{text} is not reached by Tab")


def name_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def question(qtbot: QtBot, dialog: AnswerDialog) -> QMessageBox:
    """The question Finish (or closing) asks, once it shows."""
    found: list[QMessageBox] = []

    def shown() -> bool:
        found[:] = [
            box
            for box in dialog.answers.findChildren(QMessageBox, "discardQuestion")
            if box.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def person(dialog: AnswerDialog) -> PersonAnswer:
    found = dialog.answers.person
    assert isinstance(found, PersonAnswer)
    return found


def answer_by_keys(
    qtbot: QtBot,
    invitation: Invitation,
    ticks: Iterable[str],
    positions: dict[str, int | None],
    last: str,
) -> None:
    """From the cover, with Tab, Space, the arrows, Delete and Enter only: tick ``ticks``,
    set ``positions`` (None: set, then cleared with Delete), page on with Next, and stop
    with the focus on the last page's ``last`` button. Tab reaches a page's controls before
    its Next, so each page is answered before it is left."""
    card_ids = {card.title: card.card_id for card in invitation.cards}
    assert button_text(focus()) == "Start my answers"
    press(qtbot, Key.Key_Return)
    pending_ticks, pending_positions = set(ticks), dict(positions)
    for _ in range(2000):
        widget = focus()
        row = widget.parentWidget()
        if isinstance(widget, QCheckBox) and isinstance(row, IndicatorRow):
            if row.indicator_id in pending_ticks and not widget.isChecked():
                press(qtbot, Key.Key_Space)
                assert widget.isChecked()
                pending_ticks.discard(row.indicator_id)
        elif isinstance(widget, PositionScale):
            card_id = card_ids[widget.card_title]
            if card_id in pending_positions and widget.position() is None:
                wanted = pending_positions.pop(card_id)
                press(qtbot, Key.Key_Right)  # from not set, an arrow sets 0
                assert widget.position() == 0
                step = Key.Key_Right if (wanted or 0) > 0 else Key.Key_Left
                for _ in range(abs(wanted or 0)):
                    press(qtbot, step)
                if wanted is None:
                    press(qtbot, Key.Key_Delete)
                assert widget.position() == wanted
        elif button_text(widget) == "Next":  # after every control of its page, by Tab
            press(qtbot, Key.Key_Return)
            continue
        elif button_text(widget) == last:
            assert not pending_ticks and not pending_positions, "not reached by Tab"
            return
        press(qtbot, Key.Key_Tab)
    raise AssertionError(f"{last} never reached")


def expected(ticks: set[str], positions: dict[str, int | None]) -> Answer:
    return Answer(frozenset(ticks), {k: v for k, v in positions.items() if v is not None})


# --------------------------------------------------------------------------- answers


def test_a_behaviours_check_in_answered_by_keys_alone(qtbot: QtBot) -> None:
    invitation = behaviours()
    dialog = open_dialog(qtbot, invitation, in_room=True)
    answer_by_keys(qtbot, invitation, TICKS, POSITIONS, "Done, pass it on")
    with qtbot.waitSignal(dialog.answers.answered) as sent:
        press(qtbot, Key.Key_Return)
    assert sent.args == [expected(TICKS, POSITIONS)]
    assert dialog.isVisible()  # the next person's turn


def test_a_trace_check_in_is_ticks_alone(qtbot: QtBot) -> None:
    invitation = trace()
    dialog = open_dialog(qtbot, invitation, in_room=True)
    assert dialog.findChildren(PositionScale) == []  # no scale is asked
    answer_by_keys(qtbot, invitation, TRACE_TICKS, {}, "Done, pass it on")
    with qtbot.waitSignal(dialog.answers.answered) as sent:
        press(qtbot, Key.Key_Return)
    assert sent.args == [Answer(frozenset(TRACE_TICKS), {})]


def test_every_control_is_named_and_pages_are_announced(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(checkin_answer, "announce", lambda _widget, text: said.append(text))
    dialog = open_dialog(qtbot, behaviours(), in_room=True)
    press(qtbot, Key.Key_Return)
    assert said[-1] == "Theme 1 of 4: Being. Authenticity; Mindset; Resilience, Bravery & Courage"
    box = focus()
    assert name_of(box) == "positive: Leads by example"  # the first control has the focus
    negative = next(r.box for r in person(dialog).cards[0].checklist.rows if ".n" in r.indicator_id)
    assert name_of(negative) == "negative: Individual reputation management"
    scale = person(dialog).cards[0].scale
    assert scale is not None
    assert name_of(scale) == "Position for Authenticity: not set"
    scale.setFocus()
    press(qtbot, Key.Key_End)
    assert name_of(scale) == "Position for Authenticity: +5"
    press(qtbot, Key.Key_Left)
    assert name_of(scale) == "Position for Authenticity: +4"
    press(qtbot, Key.Key_Home)
    assert name_of(scale) == "Position for Authenticity: -5"
    press(qtbot, Key.Key_Backspace)
    assert scale.position() is None
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
            assert name_of(widget).strip(), widget
    tab_to(qtbot, "Back", Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Key.Key_Return)  # Back, to this person's cover
    assert button_text(focus()) == "Start my answers"
    press(qtbot, Key.Key_Return)
    for _ in range(3):
        tab_to(qtbot, "Next")
        press(qtbot, Key.Key_Return)
    assert said[-1].startswith("Theme 4 of 4: Delivering. ")
    assert isinstance(focus(), QCheckBox)


def test_the_clear_button_is_reached_by_tab_only_once_there_is_a_position(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, behaviours(), in_room=True)
    press(qtbot, Key.Key_Return)
    card = person(dialog).cards[0]
    assert card.scale is not None
    while focus() is not card.scale:
        press(qtbot, Key.Key_Tab)
    after = press(qtbot, Key.Key_Tab)
    assert after is not card.clear_button and isinstance(after, QCheckBox)  # Clear is off
    press(qtbot, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Key.Key_Left)
    press(qtbot, Key.Key_Left)
    assert card.readout.text() == "\u22121"
    assert press(qtbot, Key.Key_Tab) is card.clear_button
    press(qtbot, Key.Key_Return)
    assert card.scale.position() is None and focus() is card.scale
    assert card.readout.text() == "Not set"


# --------------------------------------------------------------------------- privacy


def everything_under(widget: QWidget) -> list[QWidget]:
    return [widget, *widget.findChildren(QWidget)]


def nothing_answered(dialog: AnswerDialog) -> None:
    for widget in everything_under(dialog):
        if isinstance(widget, QCheckBox):
            assert not widget.isChecked(), name_of(widget)
        if isinstance(widget, PositionScale):
            assert widget.position() is None, widget.card_title
            assert widget.value() == 0


def gone(ref: weakref.ref[QWidget], dialog: QWidget) -> bool:
    """Deleted, or at least no longer anywhere under the dialog."""
    widget = ref()
    return widget is None or not shiboken6.isValid(widget) or not dialog.isAncestorOf(widget)


def picture(qtbot: QtBot, dialog: AnswerDialog) -> QImage:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QApplication.processEvents()
    return dialog.grab().toImage()


def no_undo(dialog: AnswerDialog) -> None:
    assert dialog.findChildren(QUndoStack) == []
    for field in dialog.findChildren(QLineEdit):
        assert not field.isUndoAvailable()
    for box in dialog.findChildren(QTextEdit):
        assert not box.document().isUndoAvailable()
    for plain in dialog.findChildren(QPlainTextEdit):
        assert not plain.document().isUndoAvailable()


def test_after_pass_it_on_nothing_of_the_person_before_is_left(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(checkin_answer, "announce", lambda _widget, text: said.append(text))
    invitation = behaviours()
    dialog = open_dialog(qtbot, invitation, in_room=True)
    answer_by_keys(qtbot, invitation, TICKS, POSITIONS, "Done, pass it on")
    first = person(dialog)
    theirs = [weakref.ref(w) for w in everything_under(first)]
    ticked = [w for w in first.findChildren(QCheckBox) if w.isChecked()]
    assert len(ticked) == len(TICKS)  # the test saw their answers on screen
    del ticked
    said.clear()
    with qtbot.waitSignal(dialog.answers.answered) as sent:
        press(qtbot, Key.Key_Return)
    assert sent.args == [expected(TICKS, POSITIONS)]
    del first, sent
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()

    # (a) nothing ticked or placed anywhere, the cover shows, and what was said names nothing
    nothing_answered(dialog)
    now = person(dialog)
    assert now.pages.currentIndex() == 0 and focus() is now.start_button
    assert said == [
        "Your answers are put away. Ready for the next person: Team check-in: Spring away day"
    ]
    # (b) every widget of theirs is deleted, or out of the dialog
    assert all(gone(ref, dialog) for ref in theirs)
    # (d) nothing to undo
    no_undo(dialog)

    # (c) the screen is, pixel for pixel, a screen made new: the cover, then the first page
    fresh = open_dialog(qtbot, invitation, in_room=True, size=(dialog.width(), dialog.height()))
    assert fresh.size() == dialog.size()
    assert picture(qtbot, dialog) == picture(qtbot, fresh)
    for shown in (dialog, fresh):
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        assert isinstance(press(qtbot, Key.Key_Return), QCheckBox)  # Start, on each
    assert picture(qtbot, dialog) == picture(qtbot, fresh)
    fresh.close()

    # (e) from the cover, no key reaches anything of theirs, or anything they answered
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    tab_to(qtbot, "Back", Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Key.Key_Return)  # back to the cover
    assert focus() is person(dialog).start_button
    seen: set[int] = set()
    for _ in range(40):
        widget = press(qtbot, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        assert person(dialog).isAncestorOf(widget)
        seen.add(id(widget))
    assert len(seen) == 2  # the cover's Start and the coach's Finish, nothing more
    shift = Qt.KeyboardModifier.ShiftModifier
    control = Qt.KeyboardModifier.ControlModifier
    alt = Qt.KeyboardModifier.AltModifier
    keys = [
        (Key.Key_Left, NONE), (Key.Key_Up, NONE), (Key.Key_PageUp, NONE),
        (Key.Key_Home, NONE), (Key.Key_End, NONE), (Key.Key_Backspace, NONE),
        (Key.Key_Delete, NONE), (Key.Key_Z, control), (Key.Key_Z, control | shift),
        (Key.Key_Y, control), (Key.Key_B, alt), (Key.Key_Left, alt), (Key.Key_Back, NONE),
        (Key.Key_Backtab, NONE), (Key.Key_D, alt), (Key.Key_N, alt), (Key.Key_Tab, NONE),
    ]  # fmt: skip
    for key, modifier in keys:
        widget = press(qtbot, key, modifier)
        assert person(dialog).isAncestorOf(widget), (key, modifier)
        assert person(dialog).pages.currentIndex() == 0, (key, modifier)
        nothing_answered(dialog)
    assert all(gone(ref, dialog) for ref in theirs)


def test_a_person_who_started_is_asked_about_before_finish_discards(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, behaviours(), in_room=True)
    finished: list[bool] = []
    answered: list[Answer] = []
    dialog.answers.finished.connect(lambda: finished.append(True))
    dialog.answers.answered.connect(answered.append)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Space)  # a tick
    tab_to(qtbot, "Finish collecting")
    press(qtbot, Key.Key_Return)  # the coach's Finish
    box = question(qtbot, dialog)
    assert "discards their unfinished answer" in box.text()
    assert box.defaultButton().text() == "&Keep answering"
    QTest.keyClick(box, Key.Key_Escape)  # keep answering
    qtbot.waitUntil(lambda: dialog.answers.confirm is None)
    assert not finished and dialog.isVisible()
    assert sum(b.isChecked() for b in dialog.findChildren(QCheckBox)) == 1
    QTest.keyClick(focus(), Key.Key_Escape)  # the window's close asks the same
    box = question(qtbot, dialog)
    discard = next(b for b in box.buttons() if "Discard" in b.text())
    discard.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert finished == [True] and answered == []  # nothing of the unfinished answer is sent
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    nothing_answered(dialog)


def test_an_empty_answer_is_asked_about_before_it_counts_as_a_person(qtbot: QtBot) -> None:
    """A stray key on Done must not count a person: an answer with nothing ticked or
    placed is passed on only when that is meant."""
    dialog = open_dialog(qtbot, trace(), in_room=True)
    answered: list[Answer] = []
    dialog.answers.answered.connect(answered.append)
    answer_by_keys(qtbot, trace(), set(), {}, last="Done, pass it on")
    press(qtbot, Key.Key_Return)
    box = dialog.answers.findChild(QMessageBox, "emptyQuestion")
    assert box is not None and box.isVisible() and "counts as one person" in box.text()
    assert box.defaultButton().text() == "&Go back and answer"
    QTest.keyClick(box, Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.answers.confirm is None)
    assert answered == [] and button_text(focus()) == "Done, pass it on"
    press(qtbot, Key.Key_Return)
    box = dialog.answers.findChild(QMessageBox, "emptyQuestion")
    assert box is not None
    next(b for b in box.buttons() if "empty" in b.text()).click()
    qtbot.waitUntil(lambda: answered == [Answer(frozenset(), {})])


def test_finish_from_the_cover_ends_at_once(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, trace(), in_room=True)
    tab_to(qtbot, "Finish collecting", Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(dialog.answers.finished):
        QTest.keyClick(focus(), Key.Key_Return)
    assert dialog.answers.findChild(QMessageBox, "discardQuestion") is None
    assert not dialog.isVisible()


# --------------------------------------------------------------------------- by file


def test_a_response_saved_by_file_reads_back_as_the_answer(qtbot: QtBot, tmp_path: Path) -> None:
    invitation = behaviours()
    asked: list[str] = []

    def ask(parent: QWidget, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "my answer")  # no suffix: .json is added

    dialog = open_dialog(qtbot, invitation, in_room=False, ask_target=ask)
    assert all("Finish" not in button_text(b) for b in dialog.findChildren(QPushButton))
    notes = [w for w in dialog.findChildren(QLabel, "fileNote") if w.isVisible()]
    assert notes and "whoever receives the file may know who sent it" in notes[0].text()
    answer_by_keys(qtbot, invitation, TICKS, POSITIONS, "Save my response…")
    with qtbot.waitSignal(dialog.answers.response_saved) as saved:
        press(qtbot, Key.Key_Return)
    target = tmp_path / "my answer.json"
    assert saved.args == [str(target)]
    assert asked == [str(Path.home() / "Spring away day - my response.json")]
    _, answer = read_response(target.read_bytes(), target.name, invitation)
    assert answer == expected(TICKS, POSITIONS)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    nothing_answered(dialog)  # saved, the answers are off the screen
    assert button_text(focus()) == "Close"
    with qtbot.waitSignal(dialog.answers.finished):
        QTest.keyClick(focus(), Key.Key_Return)
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    "refused",
    [lambda tmp: tmp / "a folder.json", lambda tmp: tmp / "missing" / "answer.json"],
    ids=["a folder", "a missing folder"],
)
def test_a_refused_file_says_why_and_keeps_the_answers(
    qtbot: QtBot, tmp_path: Path, refused: Callable[[Path], Path]
) -> None:
    invitation = trace()
    (tmp_path / "a folder.json").mkdir()
    targets = [str(refused(tmp_path)), str(tmp_path / "second try.json")]
    dialog = open_dialog(qtbot, invitation, in_room=False, ask_target=lambda *_: targets.pop(0))
    saved: list[str] = []
    dialog.answers.response_saved.connect(saved.append)
    answer_by_keys(qtbot, invitation, TRACE_TICKS, {}, "Save my response…")
    press(qtbot, Key.Key_Return)
    problem = dialog.findChild(QLabel, "saveProblem")
    assert problem is not None and problem.isVisible()
    assert problem.text().startswith("Your response was not saved: ")
    assert "Your answers are still here" in problem.text()
    assert saved == [] and dialog.isVisible()
    assert button_text(focus()) == "Save my response…"  # to try again at once
    assert sum(b.isChecked() for b in dialog.findChildren(QCheckBox)) == len(TRACE_TICKS)
    press(qtbot, Key.Key_Return)  # another place
    assert saved == [str(tmp_path / "second try.json")] and not targets
    data = (tmp_path / "second try.json").read_bytes()
    assert read_response(data, "second try.json", invitation)[1] == Answer(
        frozenset(TRACE_TICKS), {}
    )


def test_leaving_an_unsaved_answer_by_file_asks_first(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, trace(), in_room=False, ask_target=lambda *_: "")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Space)
    QTest.keyClick(focus(), Key.Key_Escape)
    box = question(qtbot, dialog)
    assert box.windowTitle() == "Leave without saving?"
    QTest.keyClick(box, Key.Key_Return)  # the default: keep answering
    qtbot.waitUntil(lambda: dialog.answers.confirm is None)
    assert dialog.isVisible()
    assert sum(b.isChecked() for b in dialog.findChildren(QCheckBox)) == 1


# --------------------------------------------------------------------------- how it looks


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_pages_fit_and_scroll_at_both_sizes(qtbot: QtBot, size: tuple[int, int]) -> None:
    invitation = behaviours()
    dialog = open_dialog(qtbot, invitation, in_room=True, size=size)
    press(qtbot, Key.Key_Return)
    now = person(dialog)
    for index in range(1, now.pages.count()):
        now.go(index)
        page = now.page_widgets[index]
        own = ("&Back", "&Next", now.done_button.text())
        buttons = [b for b in page.findChildren(QPushButton) if b.text() in own]
        assert len(buttons) == 2
        for button in buttons:  # the page's own buttons always show, whole
            corner = button.mapTo(dialog, QPoint(0, 0))
            assert dialog.rect().contains(corner)
            assert dialog.rect().contains(corner + QPoint(button.width(), button.height()))
        area = page.findChild(QScrollArea)
        assert area is not None
        last = page.findChildren(QCheckBox)[-1]
        while focus() is not last:  # by Tab, from the page's first control
            press(qtbot, Key.Key_Tab)
        # the focused control is on screen, scrolled to where it is needed
        top = last.mapTo(area.viewport(), QPoint(0, 0))
        assert area.viewport().rect().contains(top)
    if size == (800, 600):
        area = now.page_widgets[1].findChild(QScrollArea)
        assert area is not None and area.verticalScrollBar().maximum() > 0  # it scrolls


@pytest.mark.parametrize("choice", [Appearance.LIGHT, Appearance.DARK])
def test_a_focused_scale_is_ringed_in_the_focus_colour(qtbot: QtBot, choice: Appearance) -> None:
    dialog = open_dialog(qtbot, behaviours(), in_room=True, choice=choice)
    press(qtbot, Key.Key_Return)
    scale = person(dialog).cards[0].scale
    assert scale is not None
    while focus() is not scale:
        press(qtbot, Key.Key_Tab)
    ring = person(dialog).focus_ring.ring()
    assert ring is not None
    image = person(dialog).grab().toImage()
    scheme = Scheme.DARK if choice is Appearance.DARK else Scheme.LIGHT
    colour = image.pixelColor(ring.left() + 1, ring.center().y())
    assert colour.name() == QColor(INKS[scheme].focus).name()
