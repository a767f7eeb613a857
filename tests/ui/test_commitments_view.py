"""Commitments in the app: the list and its filters, Add…, How did it go?…, Delete, follow-
through by card, and the panel that asks about due ones without taking the focus."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListView, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from leadcards.commitments import (
    Commitment,
    add_commitment,
    commitments,
    delete_commitment,
    follow_through,
    follow_up,
)
from leadcards.journal.store import Journal
from leadcards.library import Library, load_library
from leadcards.ui import commitments_view
from leadcards.ui.commitments_view import (
    NO_JOURNAL,
    AddDialog,
    CommitmentsView,
    FollowUpPanel,
    HowDialog,
    card_titles,
)

pytestmark = pytest.mark.gui

TODAY = dt.date.today()
SLB = "system-leadership-behaviours"


@pytest.fixture
def library() -> Library:
    return load_library(None)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j.sqlite3") as opened:
        yield opened


@pytest.fixture
def made(journal: Journal) -> dict[str, Commitment]:
    """Six commitments: overdue, due today, due later, with no date, done, and partly."""
    days = dt.timedelta
    found = {
        "overdue": add_commitment(
            journal, "I will ask the team", due=TODAY - days(3), deck_id=SLB, card_ids=["trust"]
        ),
        "today": add_commitment(
            journal, "I will <b>stop</b> e-mail in meetings", due=TODAY, card_ids=["mindset"]
        ),
        "later": add_commitment(
            journal,
            "I will write the rota case",
            due=TODAY + days(10),
            deck_id=SLB,
            card_ids=["trust", "delivery", "gone-card"],
        ),
        "undated": add_commitment(journal, "I will thank the night team"),
        "done": add_commitment(journal, "I will book one-to-ones", card_ids=["trust"]),
        "partly": add_commitment(
            journal, "I will name a risk", due=TODAY - days(1), card_ids=["authenticity"]
        ),
    }
    follow_up(journal, found["done"].uuid, "not-yet", "Not this week")
    found["done"] = follow_up(journal, found["done"].uuid, "done", "All booked")
    found["partly"] = follow_up(journal, found["partly"].uuid, "partly", "Said it <i>softly</i>")
    return found


Show = Callable[..., QWidget]


@pytest.fixture
def shown_window(qtbot: QtBot) -> Iterator[Show]:
    """Puts widgets in a plain top-level window, shown and active (keys reach it)."""
    held: list[QWidget] = []

    def show(*widgets: QWidget) -> QWidget:
        window = QWidget()
        qtbot.addWidget(window)
        held.append(window)  # qtbot holds it weakly; the test needs it to the end
        column = QVBoxLayout(window)
        for widget in widgets:
            column.addWidget(widget)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield show
    held.clear()


@pytest.fixture
def view(library: Library, journal: Journal, shown_window: Show) -> CommitmentsView:
    made = CommitmentsView(library, lambda: journal)
    shown_window(made)
    return made


def uuids(view: CommitmentsView) -> set[str]:
    return {found.uuid for found in view.rows()}


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def short(day: dt.date) -> str:
    """A day as the panel says it: "2 Nov", with the year when it is not this year's."""
    return f"{day.day} {day:%b}" + ("" if day.year == TODAY.year else f" {day.year}")


def focus_in(window: QWidget) -> bool:
    widget = QApplication.focusWidget()
    return widget is not None and window.isAncestorOf(widget)


def row_of(view: CommitmentsView, uuid: str) -> list[str]:
    for row in range(view.tree.topLevelItemCount()):
        item = view.tree.topLevelItem(row)
        assert item is not None
        if item.data(0, Qt.ItemDataRole.UserRole + 1).uuid == uuid:
            view.tree.setCurrentItem(item)
            return [item.text(column) for column in range(4)]
    raise AssertionError(f"{uuid} is not listed")


# ---------------------------------------------------------------------- the list


def test_the_filters_show_the_right_commitments(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView
) -> None:
    view.refresh()
    ids = {name: found.uuid for name, found in made.items()}
    assert view.shown() == "open"
    assert uuids(view) == {ids[n] for n in ("overdue", "today", "later", "undated", "partly")}
    assert view.count.text() == "5 open commitments"
    assert view.rows()[0].uuid == ids["overdue"]  # soonest due first
    view.filters["open"].setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_Right)  # arrows move along the filters and choose
    assert view.shown() == "due"
    assert uuids(view) == {ids["overdue"], ids["today"], ids["partly"]}
    QTest.keyClick(focused(), Qt.Key.Key_Right)
    assert view.shown() == "done" and uuids(view) == {ids["done"]}
    assert view.count.text() == "1 commitment done"
    QTest.keyClick(focused(), Qt.Key.Key_Right)
    assert view.shown() == "all" and uuids(view) == set(ids.values())


def test_a_row_says_the_words_due_date_cards_and_how_it_went(
    made: dict[str, Commitment], view: CommitmentsView
) -> None:
    view.show_filter("all")
    words, due, cards, how = row_of(view, made["overdue"].uuid)
    overdue = TODAY - dt.timedelta(days=3)
    assert (words, how) == ("I will ask the team", "open")
    assert due == f"{overdue.day} {overdue:%b %Y}, overdue"  # in words, not colour alone
    assert cards == "Trust"
    assert row_of(view, made["today"].uuid)[:2] == [
        "I will <b>stop</b> e-mail in meetings",  # plain text, as written
        f"{TODAY.day} {TODAY:%b %Y}, due today",
    ]
    assert row_of(view, made["later"].uuid)[2] == "Delivery, gone-card, Trust"  # unknown: id
    assert row_of(view, made["undated"].uuid)[1:] == ["no due date", "none", "open"]
    assert row_of(view, made["done"].uuid)[3] == "done"
    row_of(view, made["partly"].uuid)
    item = view.tree.currentItem()
    assert item is not None and item.text(3) == "partly"
    assert "Said it &lt;i&gt;softly&lt;/i&gt;" in item.toolTip(3)  # shown as typed
    description = item.data(3, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert description.startswith("Partly, said ") and "Said it <i>softly</i>" in description
    said = item.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert said.startswith("I will name a risk; due ") and said.endswith(
        "from Authenticity; partly"
    )
    assert "Said it <i>softly</i>" in view.details.toPlainText()


# ---------------------------------------------------------------------- writing


def test_add_keeps_a_commitment_with_its_due_date_and_cards(
    qtbot: QtBot, view: CommitmentsView, journal: Journal
) -> None:
    view.set_deck(SLB, ["trust"])
    view.add_button.setFocus()
    QTest.keyClick(view.add_button, Qt.Key.Key_Return)  # Enter presses the focused button
    dialog = view.dialog
    assert isinstance(dialog, AddDialog)
    qtbot.waitUntil(lambda: focused() is dialog.words)
    QTest.keyClicks(dialog.words, "I will ask before I decide")
    dialog.due.setDate(dialog.due.date().addDays(3))
    dialog.cards.setFocus()
    assert dialog.deck is not None
    dialog.cards.setCurrentRow([c.id for c in dialog.deck.cards].index("delivery"))
    QTest.keyClick(dialog.cards, Qt.Key.Key_Space)  # Space ticks a card
    with qtbot.waitSignal(view.changed):
        QTest.keyClick(dialog.keep_button, Qt.Key.Key_Return)
    (kept,) = commitments(journal)
    assert kept.text == "I will ask before I decide"
    assert kept.due == TODAY + dt.timedelta(days=10)  # a week on, and three days more
    assert (kept.deck_id, kept.card_ids) == (SLB, ("delivery", "trust"))
    assert view.rows() == [kept] and view.selected() == kept
    assert view.status.text() == "Kept: I will ask before I decide"


def test_add_without_a_due_date_or_a_deck(
    qtbot: QtBot, library: Library, journal: Journal, shown_window: Show
) -> None:
    view = CommitmentsView(library, lambda: journal)
    shown_window(view)
    view.set_deck(None)
    dialog = view.add()
    assert dialog is not None and dialog.cards.isHidden()
    QTest.keyClicks(dialog.words, "I will rest")
    dialog.no_due.setFocus()
    QTest.keyClick(dialog.no_due, Qt.Key.Key_Space)
    assert not dialog.due.isEnabled()
    QTest.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    (kept,) = commitments(journal)
    assert (kept.text, kept.due, kept.deck_id, kept.card_ids) == ("I will rest", None, None, ())


def test_empty_words_are_refused_in_words_and_nothing_is_written(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView, journal: Journal
) -> None:
    before = commitments(journal)
    dialog = view.add()
    assert dialog is not None
    QTest.keyClicks(dialog.words, "   ")
    with qtbot.assertNotEmitted(view.changed):
        QTest.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and view.dialog is dialog  # still there to put right
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == 'Not kept: a commitment needs its words ("I will …")'
    assert commitments(journal) == before


def test_how_did_it_go_keeps_a_follow_up(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView, journal: Journal
) -> None:
    row_of(view, made["overdue"].uuid)
    view.tree.setFocus()
    QTest.keyClick(view.tree, Qt.Key.Key_Return)  # Enter on a commitment asks how it went
    dialog = view.dialog
    assert isinstance(dialog, HowDialog) and dialog.commitment.uuid == made["overdue"].uuid
    assert not dialog.keep_button.isEnabled()  # until how it went is chosen
    dialog.choices["partly"].setFocus()
    QTest.keyClick(dialog.choices["partly"], Qt.Key.Key_Space)
    assert dialog.keep_button.isEnabled()
    QTest.keyClicks(dialog.reflection, "Asked two of five")
    with qtbot.waitSignal(view.changed):
        QTest.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    (found,) = [c for c in commitments(journal) if c.uuid == made["overdue"].uuid]
    assert [(f.how, f.text) for f in found.follow_ups] == [("partly", "Asked two of five")]
    assert view.selected() == found and row_of(view, found.uuid)[3] == "partly"
    assert view.status.text() == "Kept how it went: partly."


def choose(view: CommitmentsView, uuid: str, how: str) -> HowDialog:
    """How did it go? asked about a commitment, with ``how`` chosen (not yet kept)."""
    row_of(view, uuid)
    dialog = view.how_did_it_go()
    assert dialog is not None
    QTest.mouseClick(dialog.choices[how], Qt.MouseButton.LeftButton)
    return dialog


def test_done_leaves_the_open_list(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView, journal: Journal
) -> None:
    dialog = choose(view, made["today"].uuid, "done")
    QTest.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert made["today"].uuid not in uuids(view)
    view.show_filter("done")
    assert made["today"].uuid in uuids(view)


def test_a_journal_problem_is_shown_and_nothing_is_written(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView, journal: Journal
) -> None:
    dialog = choose(view, made["later"].uuid, "done")
    delete_commitment(journal, made["later"].uuid)  # gone while the dialog was open
    QTest.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text().startswith(
        "Not kept: no commitment in this journal has the id"
    )
    assert all(not c.follow_ups or c.uuid != made["later"].uuid for c in commitments(journal))


def test_delete_asks_first_then_removes(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView, journal: Journal
) -> None:
    row_of(view, made["partly"].uuid)
    view.tree.setFocus()
    QTest.keyClick(view.tree, Qt.Key.Key_Delete)
    box = view.dialog
    assert isinstance(box, QMessageBox) and box.informativeText() == "I will name a risk"
    qtbot.waitUntil(lambda: focus_in(box))
    assert box.defaultButton() is box.escapeButton()  # Enter and Esc both keep it
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert len(commitments(journal)) == 6
    again = view.delete_selected()
    assert again is not None
    delete = next(b for b in again.buttons() if b.text() == "Delete")
    with qtbot.waitSignal(view.changed):
        QTest.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert made["partly"].uuid not in {c.uuid for c in commitments(journal)}
    assert made["partly"].uuid not in uuids(view)
    assert view.status.text() == "Commitment deleted."


def test_with_no_journal_it_says_so_and_the_actions_are_off(
    qtbot: QtBot,
    library: Library,
    journal: Journal,
    made: dict[str, Commitment],
    shown_window: Show,
) -> None:
    holder: list[Journal | None] = [None]
    view = CommitmentsView(library, lambda: holder[0])
    shown_window(view)
    assert view.status.text() == NO_JOURNAL and view.status.isVisible()
    assert view.rows() == [] and view.follow_rows() == []
    buttons = (view.add_button, view.how_button, view.delete_button)
    assert not any(button.isEnabled() for button in buttons)
    assert view.add() is None and view.status.text() == NO_JOURNAL
    holder[0] = journal
    view.refresh()
    assert all(button.isEnabled() for button in buttons) and view.status.isHidden()
    assert len(view.rows()) == 5


# ---------------------------------------------------------------------- follow-through


def test_follow_through_shows_the_core_figures(
    made: dict[str, Commitment], view: CommitmentsView, journal: Journal
) -> None:
    view.refresh()
    assert view.follow_rows() == follow_through(journal)
    trust = view.follow.topLevelItem(0)
    assert trust is not None and trust.text(0) == "Trust" and trust.text(1) == "1 of 3"
    said = trust.data(2, Qt.ItemDataRole.AccessibleTextRole)
    assert said == "Trust: 3 commitments, 1 kept, 0 partly, 0 not yet, 2 not asked about yet"
    rows = (view.follow.topLevelItem(row) for row in range(view.follow.topLevelItemCount()))
    titles = [item.text(0) for item in rows if item is not None]
    assert "gone-card" in titles  # a card no deck has is named by its id
    assert view.follow_summary.text().startswith("1 of 6 commitments kept, over all time.")


# ---------------------------------------------------------------------- keys only


def names_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def tab_round(qtbot: QtBot, start: QWidget) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = [focused()]
    for _ in range(40):
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        if focused() is seen[0]:
            break
        seen.append(focused())
    return seen


def test_tab_reaches_every_control_and_each_is_named(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView
) -> None:
    view.refresh()
    reached = tab_round(qtbot, view.filters["open"])
    wanted = [
        view.filters["open"],  # one stop for the filters (the chosen one); arrows move
        view.add_button,
        view.how_button,
        view.delete_button,
        view.tree,
        view.details,
        view.follow,
    ]
    assert [widget for widget in reached if widget in wanted] == wanted
    for widget in [*wanted, *view.filters.values()]:
        assert names_of(widget), widget


def test_space_and_enter_press_the_buttons(
    qtbot: QtBot, made: dict[str, Commitment], view: CommitmentsView
) -> None:
    view.how_button.setFocus()
    QTest.keyClick(view.how_button, Qt.Key.Key_Space)
    dialog = view.dialog
    assert isinstance(dialog, HowDialog)
    qtbot.waitUntil(lambda: focused() is dialog.choices["done"])  # the dialog has the keys
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.dialog is None)
    view.delete_button.setFocus()
    QTest.keyClick(view.delete_button, Qt.Key.Key_Return)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(lambda: focus_in(box))
    QTest.keyClick(focused(), Qt.Key.Key_Return)  # Cancel is the default
    assert len(view.rows()) == 5


# ---------------------------------------------------------------------- the panel


@pytest.fixture
def due(journal: Journal, made: dict[str, Commitment]) -> list[Commitment]:
    return [made["overdue"], made["partly"], made["today"]]


@pytest.fixture
def spoken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the panel says to a screen reader."""
    said: list[str] = []
    monkeypatch.setattr(commitments_view, "announce", lambda _widget, words: said.append(words))
    return said


@pytest.fixture
def asked(
    library: Library, due: list[Commitment], spoken: list[str], shown_window: Show
) -> tuple[QListView, FollowUpPanel]:
    """A window with a stand-in card grid, which has the focus, and the panel asking about
    three due commitments."""
    grid = QListView()
    grid.setAccessibleName("Cards")
    panel = FollowUpPanel()
    shown_window(grid, panel)
    grid.setFocus()
    assert panel.isHidden() and focused() is grid
    panel.show_due(due, card_titles(library))
    return grid, panel


def test_the_panel_appears_without_taking_the_focus(
    qtbot: QtBot,
    asked: tuple[QListView, FollowUpPanel],
    due: list[Commitment],
    spoken: list[str],
) -> None:
    grid, panel = asked
    qtbot.waitUntil(panel.isVisible)
    qtbot.wait(50)  # anything queued has run
    assert focused() is grid
    assert spoken == ["3 commitments are due: Commitments to follow up asks how they went."]
    assert names_of(panel) == "Commitments to follow up"
    assert panel.counter.text() == "1 of 3"
    made_on, due_on = due[0].created.astimezone().date(), due[0].due
    assert due_on is not None
    assert panel.question.text() == (
        f"You said on {short(made_on)}: I will ask the team (due {short(due_on)}). How did it go?"
    )
    assert panel.source.text() == "From Trust"
    assert panel.question.textFormat() == Qt.TextFormat.PlainText  # never markup
    QTest.keyClick(grid, Qt.Key.Key_Tab)  # Tab reaches it
    assert panel.isAncestorOf(focused())
    panel.next()
    assert len(spoken) == 1  # said once, when it appeared


def test_the_panel_answers_one_at_a_time(
    qtbot: QtBot, asked: tuple[QListView, FollowUpPanel], due: list[Commitment]
) -> None:
    grid, panel = asked
    panel.setFocus()  # the window's F6
    assert focused() is panel.reflection
    QTest.keyClicks(panel.reflection, "  Asked two  ")
    with qtbot.waitSignal(panel.answered) as answer:
        QTest.mouseClick(panel.buttons["done"], Qt.MouseButton.LeftButton)
    assert answer.args == [due[0].uuid, "done", "Asked two"]
    panel.next()
    assert panel.counter.text() == "2 of 3" and panel.reflection.text() == ""
    assert "<i>" not in panel.question.text()  # the words only, as plain text
    panel.buttons["partly"].setFocus()
    with qtbot.waitSignal(panel.answered) as answer:
        QTest.keyClick(panel.buttons["partly"], Qt.Key.Key_Space)
    assert answer.args == [due[1].uuid, "partly", ""]
    panel.next()
    assert "I will <b>stop</b> e-mail in meetings" in panel.question.text()  # as typed
    panel.buttons["not-yet"].setFocus()
    with qtbot.waitSignal(panel.answered) as answer:
        QTest.keyClick(panel.buttons["not-yet"], Qt.Key.Key_Return)
    assert answer.args == [due[2].uuid, "not-yet", ""]
    panel.next()
    assert panel.isHidden()
    assert focused() is grid  # the focus goes back where it came from


def test_ask_me_later_hides_the_panel_for_the_session(
    qtbot: QtBot, asked: tuple[QListView, FollowUpPanel], library: Library, due: list[Commitment]
) -> None:
    grid, panel = asked
    panel.later_button.setFocus()
    with qtbot.waitSignal(panel.later):
        QTest.keyClick(panel.later_button, Qt.Key.Key_Space)
    assert panel.isHidden() and focused() is grid
    panel.show_due(due, card_titles(library))
    assert panel.isHidden()


def test_tab_reaches_every_control_of_the_panel(
    qtbot: QtBot, asked: tuple[QListView, FollowUpPanel]
) -> None:
    grid, panel = asked
    reached = tab_round(qtbot, grid)
    wanted = [panel.reflection, *panel.buttons.values(), panel.later_button]
    assert [widget for widget in reached if widget in wanted] == wanted
    assert [names_of(button) for button in panel.buttons.values()] == [
        "Done",
        "Partly",
        "Not yet",
    ]
    assert all(names_of(widget) for widget in wanted)
