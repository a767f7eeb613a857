"""Picking the evidence with keys only: typing narrows the list, Down goes into it, Space
ticks, Enter takes the ticks; a thirteenth tick is refused and said."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from leadcards.journal.model import Entry
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.ui.evidence_picker import MAX_EVIDENCE, EvidencePicker

pytestmark = pytest.mark.gui

DECK = "system-leadership-behaviours"
TITLES = {(d.id, c.id): c.title for d in builtin_decks() for c in d.cards}


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j.sqlite3") as opened:
        yield opened


def written(journal: Journal, texts: list[str]) -> list[Entry]:
    """Reflections on the first cards in turn, a day apart (the last written newest)."""
    cards = [card.id for card in builtin_decks()[0].cards]
    for number, text in enumerate(texts):
        journal.add_entry(
            text,
            deck_id=DECK,
            card_id=cards[number % len(cards)],
            when=dt.datetime(2026, 2, number + 1, 9, tzinfo=dt.UTC),
        )
    return journal.entries(newest_first=False)  # the picker puts the newest first itself


def opened(qtbot: QtBot, entries: list[Entry], chosen: list[str] = []) -> EvidencePicker:  # noqa: B006
    picker = EvidencePicker(entries, TITLES, chosen=chosen)
    qtbot.addWidget(picker)
    picker.show()
    picker.activateWindow()
    qtbot.waitUntil(picker.isActiveWindow)
    return picker


def press(key: Qt.Key) -> None:
    """A key to whatever has the keyboard focus, as a person presses it."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QWidget)
    QTest.keyClick(focused, key)


def shown_rows(picker: EvidencePicker) -> list[str]:
    return [
        item.text()
        for row in range(picker.list.count())
        if (item := picker.list.item(row)) is not None and not item.isHidden()
    ]


def test_typing_narrows_space_ticks_and_enter_takes_the_ticks(
    qtbot: QtBot, journal: Journal
) -> None:
    entries = written(
        journal,
        [
            "Ran the ward huddle and asked the quiet ones first.\nMore on the second line.",
            "Budget meeting went badly; I did not listen.",
            "Another ward round: I let the registrar lead it.",
            "Wrote the strategy paper with the partners.",
        ],
    )
    picker = opened(qtbot, entries)
    assert shown_rows(picker) == [
        "04 February 2026 · Relationships & Advocacy\nWrote the strategy paper with the partners.",
        "03 February 2026 · Resilience, Bravery & Courage\n"
        "Another ward round: I let the registrar lead it.",
        "02 February 2026 · Mindset\nBudget meeting went badly; I did not listen.",
        "01 February 2026 · Authenticity\nRan the ward huddle and asked the quiet ones first.",
    ]
    assert QApplication.focusWidget() is picker.search
    QTest.keyClicks(picker.search, "WAR")  # the start of a word, any case
    assert [row.split("\n")[1] for row in shown_rows(picker)] == [
        "Another ward round: I let the registrar lead it.",
        "Ran the ward huddle and asked the quiet ones first.",
    ]
    press(Qt.Key.Key_Down)
    assert QApplication.focusWidget() is picker.list
    press(Qt.Key.Key_Down)  # the second one shown: the oldest
    press(Qt.Key.Key_Space)
    assert picker.chosen_uuids() == [entries[0].uuid]
    assert picker.count.text() == f"1 of {MAX_EVIDENCE} chosen"
    picker.search.setFocus()
    picker.search.clear()
    QTest.keyClicks(picker.search, "budget listen")  # every word
    assert len(shown_rows(picker)) == 1
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Space)  # untick
    press(Qt.Key.Key_Space)  # and tick again
    press(Qt.Key.Key_Return)
    assert picker.result() == QDialog.DialogCode.Accepted and not picker.isVisible()
    # Newest first; a tick hidden by the search still counts.
    assert picker.chosen_uuids() == [entries[1].uuid, entries[0].uuid]
    item = picker.list.item(0)
    assert item is not None
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Relationships & Advocacy, 04 February 2026: Wrote the strategy paper with the partners."
    )
    assert picker.list.accessibleName() and picker.search.accessibleName()


def test_the_thirteenth_tick_is_refused_and_said(qtbot: QtBot, journal: Journal) -> None:
    entries = written(journal, [f"Reflection number {n}" for n in range(14)])
    newest_first = entries[::-1]
    wanted = [entry.uuid for entry in newest_first[:MAX_EVIDENCE]]
    picker = opened(qtbot, entries, wanted)
    assert picker.chosen_uuids() == wanted  # the ones chosen before come ticked
    assert picker.count.text() == f"{MAX_EVIDENCE} of {MAX_EVIDENCE} chosen"
    assert picker.problem.isHidden()
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_End)  # the oldest, not ticked
    press(Qt.Key.Key_Space)
    assert picker.chosen_uuids() == wanted
    assert picker.problem.isVisible()
    assert picker.problem.text().startswith(f"At most {MAX_EVIDENCE} reflections can be chosen")
    press(Qt.Key.Key_Home)
    press(Qt.Key.Key_Space)  # untick the newest: room for one more
    press(Qt.Key.Key_End)
    press(Qt.Key.Key_Space)
    assert picker.problem.isHidden()
    assert picker.chosen_uuids() == [*wanted[1:], newest_first[-1].uuid]
    press(Qt.Key.Key_Escape)
    assert picker.result() == QDialog.DialogCode.Rejected


def test_an_empty_journal_and_a_search_that_finds_nothing_say_so(
    qtbot: QtBot, journal: Journal
) -> None:
    picker = opened(qtbot, [])
    assert picker.empty.isVisible()
    assert picker.empty.text() == "No reflections in the journal yet."
    other = opened(qtbot, written(journal, ["Ran the ward huddle."]))
    QTest.keyClicks(other.search, "zebra")
    assert shown_rows(other) == [] and other.empty.isVisible()
    assert other.empty.text() == "No reflection holds these words."
    other.search.clear()
    assert len(shown_rows(other)) == 1 and other.empty.isHidden()
