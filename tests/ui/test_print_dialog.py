"""File ▸ Print Cards…: the choices, the live preview drawn from the PDF, the fit warning,
saving in the background, and the choices kept as the next defaults."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from leadcards.library import load_library
from leadcards.paths import Paths
from leadcards.printing.layout import FlipEdge, Mode
from leadcards.ui.print_dialog import PREVIEW_PAGES, PrintDialog

pytestmark = pytest.mark.gui
WAIT_MS = 20_000


def settle(qtbot, dialog: PrintDialog) -> None:
    """Wait until the preview (or the warning) matches the dialog's choices."""
    qtbot.waitUntil(
        lambda: (
            not dialog.timer.isActive()
            and (dialog.preview_task is None or not dialog.preview_task.is_running())
            and not dialog.stale
        ),
        timeout=WAIT_MS,
    )


@pytest.fixture
def dialog(qtbot, resolved_paths: Paths) -> PrintDialog:
    found = PrintDialog(
        load_library(resolved_paths.decks_dir), resolved_paths, "system-leadership-behaviours"
    )
    qtbot.addWidget(found)
    with qtbot.waitSignal(found.preview_updated, timeout=WAIT_MS):
        found.show()
    return found


def choose(box, value: object) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def test_ctrl_p_opens_the_dialog_with_the_current_deck_ticked(qtbot, make_window) -> None:
    window = make_window()
    window.deck_box.setCurrentIndex(1)  # TRACE
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.print_dialog
    assert dialog is not None and dialog.isVisible()
    settle(qtbot, dialog)
    ((deck, cards),) = dialog.chosen()
    assert deck.id == "trace" and len(cards) == 5
    assert dialog.summary.text().startswith(
        "5 cards on 6 pages, 4 per page on 210 \N{MULTIPLICATION SIGN} 297 mm"
    )
    assert dialog.save_button.isEnabled()


def test_the_preview_shows_the_first_pages_of_the_real_file(qtbot, dialog: PrintDialog) -> None:
    assert len(dialog.preview.pages) == PREVIEW_PAGES
    assert dialog.preview.note.text() == f"The first {PREVIEW_PAGES} of 10 pages."
    assert dialog.summary.text().startswith("13 cards on 10 pages")
    # Page 3 is the first sheet of fronts: the Being theme's purple band is on it, and the
    # instructions page (page 1) has none of it.
    being = QColor(dialog.library.decks[0].theme("being").colour)

    def has_band(number: int) -> bool:
        image = dialog.preview.pages[number].pixmap().toImage()
        return any(
            abs(QColor(image.pixel(x, y)).hue() - being.hue()) < 8
            and QColor(image.pixel(x, y)).saturation() > 100
            for y in range(0, image.height(), 4)
            for x in range(0, image.width(), 4)
        )

    assert has_band(2) and not has_band(0)


def test_a_card_that_will_not_fit_is_named_and_save_waits(qtbot, dialog: PrintDialog) -> None:
    choose(dialog.card_size, "mini")
    settle(qtbot, dialog)
    assert dialog.warning.isVisible()
    assert "smaller than 7 pt at 44x68 mm" in dialog.warning.text()
    assert "Authenticity (back)" in dialog.warning.text()
    assert not dialog.save_button.isEnabled() and dialog.preview.pages == []
    assert dialog.save_to(Path("/nowhere.pdf")) is None
    choose(dialog.card_size, "a6")
    settle(qtbot, dialog)
    assert not dialog.warning.isVisible() and dialog.save_button.isEnabled()


def test_nothing_ticked_or_no_back_sections_says_what_to_do(qtbot, dialog: PrintDialog) -> None:
    dialog.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)
    settle(qtbot, dialog)
    assert dialog.warning.text() == "Tick the cards to print."
    assert not dialog.save_button.isEnabled()
    dialog.tree.topLevelItem(1).setCheckState(0, Qt.CheckState.Checked)
    for box in dialog.sections.values():
        box.setChecked(False)
    settle(qtbot, dialog)
    assert dialog.warning.text() == "Choose at least one thing to print on the backs."


def test_modes_enable_only_the_choices_that_apply(qtbot, dialog: PrintDialog) -> None:
    choose(dialog.mode, Mode.PRINT_SHOP)
    assert dialog.shop_order.isEnabled() and not dialog.flip.isEnabled()
    assert not dialog.crop_marks.isEnabled() and not dialog.paper.isEnabled()
    settle(qtbot, dialog)
    assert "one face per 76 \N{MULTIPLICATION SIGN} 127 mm page" in dialog.summary.text()
    choose(dialog.mode, Mode.GUTTERFOLD)
    assert not dialog.flip.isEnabled() and not dialog.shop_order.isEnabled()
    choose(dialog.card_size, "custom")
    assert dialog.custom_card.isVisible()
    dialog.card_w.setValue(60)
    dialog.card_h.setValue(100)
    assert dialog.options().geometry.card == (60, 100)


def test_saving_writes_the_chosen_pdf_off_the_gui_thread_and_keeps_the_choices(
    qtbot, dialog: PrintDialog, tmp_path: Path, resolved_paths: Paths
) -> None:
    choose(dialog.flip, FlipEdge.SHORT)
    dialog.copies.setValue(2)
    dialog.offset_x.setValue(1.2)
    settle(qtbot, dialog)
    target = tmp_path / "my cards.pdf"
    with qtbot.waitSignal(dialog.pdf_saved, timeout=WAIT_MS) as saved:
        dialog.save_to(target)
    assert saved.args == [str(tmp_path / "my cards.pdf")]
    reader = PdfReader(io.BytesIO((tmp_path / "my cards.pdf").read_bytes()))
    assert len(reader.pages) == 2 + 2 * 7  # 26 cards, 4 a sheet
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"
    assert "Saved 26 cards on 16 pages" in dialog.saved_note.text()
    assert dialog.open_button.isVisible()
    kept = json.loads((resolved_paths.config_dir / "print.json").read_text())
    assert kept["flip"] == "short" and kept["back_offset"] == [1.2, 0.0]
    # A new dialog starts from what was kept.
    again = PrintDialog(dialog.library, resolved_paths, "trace")
    qtbot.addWidget(again)
    assert again.flip.currentData() == "short" and again.offset_x.value() == pytest.approx(1.2)
    again.close()


def test_a_failed_save_says_why_and_the_dialog_keeps_its_choices(
    qtbot, dialog: PrintDialog, tmp_path: Path
) -> None:
    dialog.bleed.setValue(2)
    settle(qtbot, dialog)
    assert dialog.save_to(tmp_path / "missing" / "cards.pdf") is None  # said at once
    assert dialog.saved_note.text().startswith("The PDF was not saved: cannot write")
    assert "does not exist" in dialog.saved_note.text()
    assert not dialog.open_button.isVisible()
    assert dialog.bleed.value() == 2 and dialog.save_button.isEnabled()


def test_saving_over_a_file_leadcards_keeps_is_refused(
    qtbot, dialog: PrintDialog, resolved_paths
) -> None:
    from leadcards.journal.store import Journal

    with Journal.open(resolved_paths.default_journal) as journal:
        journal.add_entry("precious")
    before = resolved_paths.default_journal.read_bytes()
    settle(qtbot, dialog)
    assert dialog.save_to(resolved_paths.default_journal) is None
    assert dialog.save_calibration_to(resolved_paths.default_journal) is None
    assert "journal LeadCards keeps" in dialog.saved_note.text()
    assert resolved_paths.default_journal.read_bytes() == before


def test_the_calibration_sheet_is_saved_for_the_chosen_paper(
    qtbot, dialog: PrintDialog, tmp_path: Path
) -> None:
    choose(dialog.paper, "letter")
    target = tmp_path / "calibration.pdf"
    task = dialog.save_calibration_to(target)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == 2
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    assert "calibration sheet" in dialog.saved_note.text()


def test_damaged_saved_settings_are_named_and_the_defaults_used(
    qtbot, resolved_paths: Paths
) -> None:
    resolved_paths.config_dir.mkdir(parents=True)
    (resolved_paths.config_dir / "print.json").write_text('{"card": "poker", "bleed": "x"}')
    found = PrintDialog(load_library(None), resolved_paths, "trace")
    qtbot.addWidget(found)
    found.show()
    assert found.card_size.currentData() == "poker"
    assert found.bleed.value() == 3.0
    settle(qtbot, found)
    # Still said once the preview is there, apart from the preview's own warnings.
    assert found.settings_note.isVisible() and not found.warning.isVisible()
    assert "bleed: expected a number" in found.settings_note.text()


def test_every_control_has_a_name_for_screen_readers(dialog: PrintDialog) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QTreeWidget

    unnamed = [
        widget.objectName() or type(widget).__name__
        for kind in (QComboBox, QAbstractSpinBox, QTreeWidget)
        for widget in dialog.findChildren(kind)
        if not widget.accessibleName()
    ]
    assert unnamed == []
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert all(b.text() or b.accessibleName() for b in buttons)


def test_saved_settings_come_back_from_the_dialog_unchanged(qtbot, resolved_paths: Paths) -> None:
    from leadcards.printing import settings
    from leadcards.printing.layout import Geometry, Orientation
    from leadcards.printing.options import BackSection, PrintOptions, ShopOrder

    kept = PrintOptions(
        geometry=Geometry(
            card=(400.0, 500.0),
            paper=(1000.0, 999.5),
            orientation=Orientation.LANDSCAPE,
            mode=Mode.SINGLE,
            flip=FlipEdge.SHORT,
            bleed=2.25,
            crop_marks=False,
        ),
        back_sections=(BackSection.EXAMPLES, BackSection.INDICATORS),
        back_offset=(0.25, -0.05),
        back_scale=0.9955,
        cmyk=True,
        instructions=False,
        shop_order=ShopOrder.FRONTS_FIRST,
    )
    settings.save(resolved_paths.config_dir, kept)
    found = PrintDialog(load_library(None), resolved_paths, "trace")
    qtbot.addWidget(found)
    shown = found.options()
    # The dialog lists back sections in its own order; everything else is exactly kept.
    assert set(shown.back_sections) == set(kept.back_sections)
    assert shown.geometry == kept.geometry
    assert (shown.back_offset, shown.back_scale, shown.cmyk, shown.instructions) == (
        (0.25, -0.05),
        0.9955,
        True,
        False,
    )
    assert shown.shop_order is ShopOrder.FRONTS_FIRST


def test_save_waits_for_a_preview_of_the_choices_shown(qtbot, resolved_paths: Paths) -> None:
    found = PrintDialog(load_library(None), resolved_paths, "trace")
    qtbot.addWidget(found)
    assert not found.save_button.isEnabled()  # nothing has been laid out yet
    found.show()
    settle(qtbot, found)
    assert found.save_button.isEnabled()
    # A preview finishing after the choices changed is not taken for theirs.
    found.refresh_preview()
    task = found.preview_task
    assert task is not None
    choose(found.card_size, "mini")  # starts the wait before the next preview
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert not found.save_button.isEnabled() and not found.ready
    settle(qtbot, found)
    assert "smaller than 7 pt" in found.warning.text() and not found.save_button.isEnabled()


def test_reopened_after_closing_mid_preview_it_shows_a_preview(qtbot, dialog: PrintDialog) -> None:
    dialog.bleed.setValue(2)
    qtbot.waitUntil(lambda: dialog.preview_task is not None and dialog.preview_task.is_running())
    dialog.reject()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.preview_task.is_running(), timeout=WAIT_MS)
    dialog.show()
    settle(qtbot, dialog)
    assert dialog.ready and dialog.save_button.isEnabled()
    assert len(dialog.preview.pages) == PREVIEW_PAGES
    assert dialog.summary.text().startswith("13 cards on 10 pages")


def test_the_dialog_stays_open_while_it_saves(qtbot, dialog: PrintDialog, tmp_path: Path) -> None:
    dialog.copies.setValue(20)
    settle(qtbot, dialog)
    task = dialog.save_to(tmp_path / "many.pdf")
    assert task is not None
    dialog.reject()
    assert dialog.isVisible() and "Still saving" in dialog.saved_note.text()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert (tmp_path / "many.pdf").exists() and "Saved 260 cards" in dialog.saved_note.text()
    dialog.reject()
    assert not dialog.isVisible()


def test_printer_profiles_are_saved_chosen_and_deleted_from_the_keyboard(
    qtbot, resolved_paths: Paths, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from leadcards.printing import settings

    library = load_library(resolved_paths.decks_dir)
    dialog = PrintDialog(library, resolved_paths, "trace")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_updated, timeout=WAIT_MS):
        dialog.show()
    assert dialog.printer.currentText().startswith("None")
    dialog.offset_x.setFocus()
    qtbot.keyClick(dialog.offset_x, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.offset_x, "1.5")
    dialog.save_printer_button.setFocus()
    qtbot.keyClick(dialog.save_printer_button, Qt.Key.Key_Space)
    prompt = dialog.findChild(QInputDialog, "printerName")
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible)
    line = prompt.findChild(QLineEdit)
    qtbot.keyClicks(line, "Office laser, tray 2")
    with qtbot.waitSignal(dialog.printer_saved, timeout=WAIT_MS):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert dialog.chosen_printer() == "Office laser, tray 2"
    assert dialog.printer.currentText() == "Office laser, tray 2  (+1.5, +0.0 mm, 100.0%)"
    loaded = settings.load(resolved_paths.config_dir, None)
    assert loaded.printer == "Office laser, tray 2"
    assert loaded.printers[0].back_offset == (1.5, 0.0)
    # Choosing "None" then the profile again puts its offset back.
    dialog.offset_x.setValue(0)
    assert dialog.chosen_printer() is None  # an offset changed by hand is no profile's
    dialog.printer.setFocus()
    qtbot.keyClick(dialog.printer, Qt.Key.Key_Down)
    assert dialog.offset_x.value() == 1.5
    # Saved PDFs keep it as the one used last; a new dialog starts with it.
    settle(qtbot, dialog)
    with qtbot.waitSignal(dialog.pdf_saved, timeout=WAIT_MS):
        dialog.save_to(tmp_path / "cards.pdf")
    again = PrintDialog(library, resolved_paths, "trace")
    qtbot.addWidget(again)
    assert again.chosen_printer() == "Office laser, tray 2" and again.offset_x.value() == 1.5
    # Deleted from the keyboard.
    dialog.delete_printer_button.setFocus()
    qtbot.keyClick(dialog.delete_printer_button, Qt.Key.Key_Space)
    assert dialog.printer.count() == 1 and dialog.chosen_printer() is None
    assert "Deleted the printer profile" in dialog.printer_note.text()
    assert settings.load(resolved_paths.config_dir, None).printers == ()
