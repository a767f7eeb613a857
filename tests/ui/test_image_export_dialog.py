"""File ▸ Export Card Images…, from the keyboard only: presets, sides, a folder or a zip,
asking before anything is replaced, the export in the background."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTreeWidget,
)

from leadcards.ui.image_export_dialog import ImageExportDialog

pytestmark = pytest.mark.gui
WAIT_MS = 30_000
ALT = Qt.KeyboardModifier.AltModifier


def open_dialog(qtbot, make_window) -> ImageExportDialog:
    window = make_window()
    window.deck_box.setCurrentIndex(1)  # TRACE
    for action in window.menuBar().actions():
        for entry in action.menu().actions():
            if entry.text() == "Export Card I&mages…":
                entry.trigger()
    dialogs = window.findChildren(ImageExportDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def type_into(qtbot, widget: QLineEdit, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def test_slides_fronts_into_a_folder_then_asked_before_replacing(
    qtbot, make_window, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, make_window)
    assert dialog.tree.hasFocus()
    assert "10 images, each 896 \N{MULTIPLICATION SIGN} 1496 pixels" in dialog.size_note.text()
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # the preset
    assert focused() is dialog.preset
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)
    assert (dialog.dpi.value(), dialog.bleed.value()) == (192, 0)
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # the sides
    qtbot.keyClick(dialog.sides, Qt.Key.Key_Down)  # fronts only
    assert "5 images, each 528 \N{MULTIPLICATION SIGN} 912 pixels" in dialog.size_note.text()
    assert "rounded corners" in dialog.size_note.text()
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    assert focused() is dialog.target
    folder = tmp_path / "slides"
    type_into(qtbot, dialog.target, str(folder))
    with qtbot.waitSignal(dialog.images_saved, timeout=WAIT_MS):
        qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "01-task-front.png",
        "02-route-front.png",
        "03-alignment-front.png",
        "04-capability-front.png",
        "05-energy-front.png",
    ]
    assert dialog.saved.label.text() == f"Saved 5 images to {folder}."
    (folder / "01-task-front.png").write_bytes(b"mine")
    # Again: asked first; Enter keeps the files.
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
    assert "5 files are there already" in dialog.confirm.text()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm is None)
    assert dialog.saved.label.text() == "Nothing was replaced."
    assert (folder / "01-task-front.png").read_bytes() == b"mine"
    # And again: Alt+R replaces them.
    dialog.activateWindow()  # the question closed: the dialog has the keyboard again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
    dialog.confirm.activateWindow()  # as a question opened on screen is
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog.confirm)
    with qtbot.waitSignal(dialog.images_saved, timeout=WAIT_MS):
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_R, ALT)
    assert (folder / "01-task-front.png").read_bytes()[:4] == b"\x89PNG"


def test_print_preset_into_one_zip_with_an_explicit_resolution(
    qtbot, make_window, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, make_window)
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
    assert focused() is dialog.dpi
    qtbot.keyClick(dialog.dpi, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.dpi, "100")
    assert dialog.options().dpi == 100 and dialog.options().bleed == 3
    qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # save as
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # one zip file
    assert dialog.target.text().endswith(".zip")
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    type_into(qtbot, dialog.target, str(tmp_path / "cards"))
    assert dialog.destination() == str(tmp_path / "cards.zip")
    with qtbot.waitSignal(dialog.images_saved, timeout=WAIT_MS):
        qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    archive = zipfile.ZipFile(tmp_path / "cards.zip")
    assert len(archive.namelist()) == 10
    assert archive.namelist()[:2] == ["01-task-front.png", "01-task-back.png"]


def test_refusals_are_said_in_the_dialog(qtbot, make_window, resolved_paths) -> None:
    dialog = open_dialog(qtbot, make_window)
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    type_into(qtbot, dialog.target, str(resolved_paths.config_dir / "images"))
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    assert "keeps its own files" in dialog.saved.label.text()
    assert dialog.task is None


def test_every_control_has_a_name_and_tab_reaches_them_all(qtbot, make_window) -> None:
    dialog = open_dialog(qtbot, make_window)
    unnamed = [
        type(widget).__name__
        for kind in (QComboBox, QAbstractSpinBox, QTreeWidget, QLineEdit)
        for widget in dialog.findChildren(kind)
        if not widget.accessibleName()
        and widget.isVisible()
        and not isinstance(widget.parent(), QAbstractSpinBox)  # a spin box's own text
    ]
    assert unnamed == []
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert all(b.text() or b.accessibleName() for b in buttons)
    reached = []
    for _ in range(20):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        reached.append(focused())
    for control in (
        dialog.preset,
        dialog.dpi,
        dialog.bleed,
        dialog.sides,
        dialog.kind,
        dialog.target,
        dialog.browse,
        dialog.export_button,
    ):
        assert control in reached, control.accessibleName()
