"""File ▸ Export Journal as PDF… and File ▸ Print Worksheets…: choices become the core's
selection, saving runs in the background, can be cancelled, and offers Open."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from leadcards.journal.report import JournalSelection
from leadcards.ui.journal_pdf_dialog import CHOOSE_DATES, PRIVATE_NOTE

pytestmark = pytest.mark.gui
WAIT_MS = 30_000


def fill(window, count: int = 3) -> None:
    for number in range(count):
        window.journal.add_entry(
            f"Reflection NUMBER{number}",
            deck_id="trace" if number % 2 else "system-leadership-behaviours",
            card_id="task" if number % 2 else "trust",
            space="team" if number % 3 else None,
            tags=["q3"] if number == 0 else [],
        )


def test_the_journal_exports_to_a_private_pdf_and_offers_to_open_it(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    fill(window)
    dialog = window.export_journal_pdf()
    assert dialog is not None and dialog.isVisible()
    assert PRIVATE_NOTE in [label.text() for label in dialog.findChildren(type(dialog.problem))]
    dialog.owner.setText("Sam <Lead>")
    target = tmp_path / "journal.pdf"
    with qtbot.waitSignal(dialog.pdf_saved, timeout=WAIT_MS):
        dialog.save_to(target)
    assert dialog.saved.label.text().startswith("Saved 3 reflections on")
    assert dialog.saved.open_button.isVisible()
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "NUMBER0" in text and "NUMBER2" in text and "Sam <Lead>" in text


def test_the_choices_become_the_selection(qtbot, make_window) -> None:
    window = make_window()
    fill(window)
    dialog = window.export_journal_pdf()
    assert dialog.selection() == JournalSelection(loose=True, no_space=True)
    dialog.period.setCurrentIndex(dialog.period.findData(CHOOSE_DATES))
    assert dialog.dates.isVisible()
    dialog.since.setDate(QDate(2026, 7, 1))
    dialog.until.setDate(QDate(2026, 9, 30))
    dialog.cards.check_deck("trace", False)
    dialog.include_loose.setChecked(False)
    dialog.spaces.item(0).setCheckState(Qt.CheckState.Unchecked)  # self
    dialog.no_space.setChecked(False)
    dialog.tags.item(0).setCheckState(Qt.CheckState.Checked)
    chosen = dialog.selection()
    assert isinstance(chosen, JournalSelection)
    assert (chosen.since, chosen.until) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert len(chosen.card_ids) == 13 and all(
        c.startswith("system-leadership-behaviours/") for c in chosen.card_ids
    )
    assert chosen.spaces == ("team", "organisation", "system")
    assert chosen.tags == ("q3",) and chosen.loose is False and chosen.no_space is False
    dialog.period.setCurrentIndex(dialog.period.findData("last-year"))
    chosen = dialog.selection()
    assert chosen.since == dt.date(dt.date.today().year - 1, 1, 1)


def test_nothing_to_print_is_said_and_nothing_runs(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    fill(window)
    dialog = window.export_journal_pdf()
    for deck in ("system-leadership-behaviours", "trace"):
        dialog.cards.check_deck(deck, False)
    dialog.include_loose.setChecked(False)
    assert dialog.save_to(tmp_path / "x.pdf") is None
    assert dialog.problem.isVisible() and "Tick the cards" in dialog.problem.text()
    dialog.include_loose.setChecked(True)
    dialog.tags.item(0).setCheckState(Qt.CheckState.Checked)
    task = dialog.save_to(tmp_path / "x.pdf")  # no loose reflection has the tag
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert "no reflections match" in dialog.saved.label.text()
    assert not (tmp_path / "x.pdf").exists() and not dialog.saved.open_button.isVisible()


def test_cancelling_saves_nothing(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    fill(window, 400)
    dialog = window.export_journal_pdf()
    out = tmp_path / "out"
    out.mkdir()
    task = dialog.save_to(out / "x.pdf")
    task.cancel()
    dialog.reject()  # refused while it runs
    assert dialog.isVisible()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert task.cancelled and dialog.saved.label.text() == "Cancelled: nothing was saved."
    assert list(out.iterdir()) == []  # no file, and no half-written one either


def test_export_needs_an_open_journal(qtbot, make_window) -> None:
    window = make_window()
    window.journals.close()
    assert window.export_journal_pdf() is None


def test_worksheets_for_the_ticked_cards(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    window.deck_box.setCurrentIndex(1)  # TRACE
    dialog = window.print_worksheets()
    target = tmp_path / "sheets.pdf"
    with qtbot.waitSignal(dialog.pdf_saved, timeout=WAIT_MS):
        dialog.save_to(target)
    assert dialog.saved.label.text().startswith("Saved 5 worksheets on 10 pages")
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) == 10
    dialog.cards.check_deck("trace", False)
    assert dialog.save_to(target) is None and "Tick the cards" in dialog.problem.text()
