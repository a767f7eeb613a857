"""File ▸ Team Check-ins: starting a check-in, adding responses, closing and reopening,
exporting, from the window a coach uses (keys where a coach would use them)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from leadcards.checkin import ledger
from leadcards.checkin.files import response_json
from leadcards.checkin.results import Answer
from leadcards.ui.checkin_window import CheckInWindow, NewCheckInDialog
from leadcards.ui.main_window import MainWindow


@pytest.fixture
def window(make_window: Callable[..., MainWindow], qtbot) -> CheckInWindow:  # type: ignore[no-untyped-def]
    main = make_window()
    main.open_saved_journal()
    assert main.journal is not None
    checkins = main.team_checkins()
    qtbot.waitExposed(checkins)
    checkins.confirm = lambda *args: True  # type: ignore[method-assign]
    return checkins


def _start(window: CheckInWindow, qtbot, deck: str, **choices: object) -> ledger.CheckIn:  # type: ignore[no-untyped-def]
    dialog = NewCheckInDialog(window.library, window)
    qtbot.addWidget(dialog)
    dialog.deck_box.setCurrentIndex(dialog.deck_box.findData(deck))
    for name, value in choices.items():
        if name == "title":
            dialog.title_edit.setText(str(value))
        if name == "uncheck":
            for row in range(dialog.cards.count()):
                item = dialog.cards.item(row)
                if item.data(Qt.ItemDataRole.UserRole) in value:  # type: ignore[operator]
                    item.setCheckState(Qt.CheckState.Unchecked)
    dialog.start_checkin()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.problem.text()
    assert dialog.invitation is not None
    started = window.start(dialog.invitation)
    assert started is not None
    return started


def test_a_new_trace_check_in_is_about_the_team_and_lists_in_the_window(
    window: CheckInWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = NewCheckInDialog(window.library, window)
    qtbot.addWidget(dialog)
    dialog.deck_box.setCurrentIndex(dialog.deck_box.findData("trace"))
    assert dialog.space_box.currentData() == "team"
    dialog.deck_box.setCurrentIndex(dialog.deck_box.findData("system-leadership-behaviours"))
    assert dialog.space_box.currentData() is None
    assert dialog.min_group.minimum() == 3 and dialog.min_group.value() == 5
    started = _start(window, qtbot, "trace", title="Board, March")
    assert started.invitation.space == "team"
    assert window.list.count() == 1 and window.list.currentItem().text().startswith("Board")
    assert window.room_button.isEnabled() and not window.show_button.isEnabled()


def test_unticking_every_card_or_a_blank_title_is_refused_in_the_dialog(
    window: CheckInWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = NewCheckInDialog(window.library, window)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("   ")
    dialog.start_checkin()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "needs a title" in dialog.problem.text()
    for row in range(dialog.cards.count()):
        dialog.cards.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog.title_edit.setText("Fine")
    dialog.start_checkin()
    assert "at least one card" in dialog.problem.text()


def test_responses_added_closed_exported_and_reopened(
    window: CheckInWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    started = _start(
        window,
        qtbot,
        "system-leadership-behaviours",
        title="Ward 7",
        uncheck=[c.id for c in window.library.deck("system-leadership-behaviours").cards][2:],
    )
    assert len(started.invitation.cards) == 2  # the first two cards, as ticked
    card = started.invitation.cards[0].card_id
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        answer = Answer(frozenset(), {card: n - 2})
        (folder / f"r{n}.json").write_bytes(response_json(started.id, answer))
    (folder / "bad.json").write_text("{", encoding="utf-8")
    added = window.add_paths([folder])
    assert added is not None and (added.counted, len(added.refused)) == (6, 1)
    assert "6 responses counted, 1 refused" in window.status.text()
    assert "bad.json" in window.status.text()
    assert "6 answered" in window.list.currentItem().text()
    assert window.close_collection()
    assert window.show_button.isEnabled() and window.round_box.currentData() == 1
    target = tmp_path / "round.csv"
    window.choose_save_path = lambda *args: target  # type: ignore[method-assign]
    assert window.export_csv()
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    (position,) = [r for r in rows if r["kind"] == "position"]
    assert (position["people"], position["median"]) == ("6", "0.5")
    window.close_or_reopen()
    assert window.checkin is not None and window.checkin.current.number == 2
    again = window.add_paths([folder / "r0.json"])
    assert again is not None and again.again == 1 and again.counted == 0


def test_closing_below_the_minimum_says_so_and_keeps_no_figures(
    window: CheckInWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def confirm(title: str, text: str, yes: str) -> bool:
        asked.append(f"{text} [{yes}]")
        return True

    window.confirm = confirm  # type: ignore[method-assign]
    started = _start(window, qtbot, "trace", title="Tiny")
    journal = window.journal
    assert journal is not None
    ledger.add_answer(journal, started.id, Answer(frozenset({"task.i1"})))
    window.refresh()
    assert window.close_collection()
    assert "1 of the minimum 5" in asked[0] and "[Close Without Results]" in asked[0]
    assert window.round_box.count() == 0 and not window.show_button.isEnabled()
    assert "too few for results" in window.details.text()


def test_a_saved_invitation_is_refused_over_the_journal_and_saved_elsewhere(
    window: CheckInWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    started = _start(window, qtbot, "trace", title="Board")
    journal = window.journal
    assert journal is not None
    window.choose_save_path = lambda *args: journal.path  # type: ignore[method-assign]
    assert not window.save_invitation()
    assert "was not saved" in window.status.text()
    target = tmp_path / "invite.json"
    window.choose_save_path = lambda *args: target  # type: ignore[method-assign]
    assert window.save_invitation()
    assert json.loads(target.read_text(encoding="utf-8"))["checkin"] == started.id


def test_deleting_asks_and_removes_every_round(window: CheckInWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _start(window, qtbot, "trace", title="Gone")
    assert window.delete_checkin()
    assert window.list.count() == 0 and window.journal is not None
    assert ledger.checkins(window.journal) == []
    assert "No team check-in in this journal yet" in window.details.text()


def test_answers_given_in_the_room_are_counted_in_the_open_round(
    window: CheckInWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from leadcards.ui.checkin_answer import AnswerDialog

    started = _start(window, qtbot, "trace", title="Room")
    dialog = window.answer_in_room()
    assert isinstance(dialog, AnswerDialog)
    tick = started.invitation.cards[0].indicators[0].indicator_id
    for _ in range(3):
        dialog.answers.answered.emit(Answer(frozenset({tick})))
    dialog.answers.finish()  # nobody mid-answer: collection ends at once
    qtbot.waitUntil(lambda: window.answer_dialog is None)
    assert window.checkin is not None and window.checkin.current.people == 3
    assert "3 have answered this round" in window.status.text()


def test_an_invitation_given_to_the_app_opens_its_answer_screens(
    resolved_paths, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from leadcards.checkin.files import invitation_for, invitation_json
    from leadcards.library import builtin_decks
    from leadcards.ui.checkin_answer import AnswerDialog
    from leadcards.ui.launch import build_main_window

    deck = next(d for d in builtin_decks() if d.id == "trace")
    path = tmp_path / "invite.json"
    path.write_bytes(invitation_json(invitation_for(deck, title="Board, by file")))
    main = build_main_window(resolved_paths, path)
    qtbot.addWidget(main)
    main.show()

    def answering() -> list[AnswerDialog]:
        found = QApplication.topLevelWidgets()
        return [w for w in found if isinstance(w, AnswerDialog) and w.parent() is main]

    qtbot.waitUntil(lambda: bool(answering()))
    (dialog,) = answering()
    assert dialog.answers.invitation.title == "Board, by file"
    assert not dialog.answers.in_room
    assert list(main.library.ids()) == [d.id for d in builtin_decks()]  # not taken for a deck
    assert not main.library.problems


def _closed_round(window: CheckInWindow, qtbot) -> ledger.CheckIn:  # type: ignore[no-untyped-def]
    started = _start(window, qtbot, "system-leadership-behaviours", title="Shown")
    journal = window.journal
    assert journal is not None
    for n in range(5):
        ledger.add_answer(journal, started.id, Answer(frozenset({"trust.p1"}), {"trust": n - 1}))
    window.refresh()
    assert window.close_collection()
    return ledger.checkin(journal, started.id)


def test_results_trend_and_report_open_from_a_closed_round(
    window: CheckInWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from leadcards.ui.checkin_results import ResultsView
    from leadcards.ui.checkin_trend import TrendView

    _closed_round(window, qtbot)
    dialog = window.show_results()
    assert dialog is not None and dialog.findChild(ResultsView) is not None
    assert "round 1" in dialog.windowTitle()
    trend = window.show_trend()
    assert trend is not None and trend.findChild(TrendView) is not None
    target = tmp_path / "report.pdf"
    assert window.save_report(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert window.journal is not None and not window.save_report(window.journal.path)
    assert "was not saved" in window.status.text()


def test_results_shown_to_the_room_use_the_presenters_audience_window_when_it_runs(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    from leadcards.ui.checkin_results import ResultsView

    main = make_window()
    main.open_saved_journal()
    window = main.team_checkins()
    window.confirm = lambda *args: True  # type: ignore[method-assign]
    _closed_round(window, qtbot)
    alone = window.present_results()
    assert alone is not None and alone.findChild(ResultsView) is not None
    assert "on their own window" in window.status.text()
    alone.close()
    presenter = main.present()
    shown = window.present_results()
    assert shown is presenter.audience and shown.findChild(ResultsView) is not None
    assert "Next goes back to the cards" in window.status.text()
    presenter.ending = True
    presenter.close()


def test_a_check_in_started_from_a_plan_asks_about_the_plans_cards(
    window: CheckInWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = NewCheckInDialog(
        window.library,
        window,
        deck_id="system-leadership-behaviours",
        card_ids=["trust", "delivery"],
    )
    qtbot.addWidget(dialog)
    assert dialog.deck_box.currentData() == "system-leadership-behaviours"
    assert dialog.chosen_cards() == ["trust", "delivery"]
