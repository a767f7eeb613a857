"""Saving a PDF from a dialog: the file chooser, and a note of what was saved with Open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from leadcards.fileio import Keep, UserFileError, check_output
from leadcards.ui import appearance
from leadcards.ui.announce import announce


def ask_for_pdf(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """A file name to save a PDF to; the overwrite question covers the .pdf it adds."""
    chooser = QFileDialog(parent, title, str(suggested), "PDF (*.pdf)")
    chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chooser.setDefaultSuffix("pdf")
    if chooser.exec() != QFileDialog.DialogCode.Accepted or not chooser.selectedFiles():
        return None
    return Path(chooser.selectedFiles()[0])


class ButtonRow(QDialogButtonBox):
    """A dialog's buttons, each one a stop for Tab.

    Qt makes the first button in the row the box's focus proxy, and Tab from the widget
    before the box then lands on that proxy and skips the buttons laid out before it
    ("Calibration Sheet…", "Close"). Without the proxy Tab visits every button in order.
    """

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if self.focusProxy() is not None:  # set again whenever Qt lays the buttons out
            self.setFocusProxy(None)  # type: ignore[arg-type]  # None clears it (Qt's API)
        return handled


def keep_focus_style(window: QWidget) -> None:
    """Give ``window`` the focus ring of the scheme in use (again after it changes)."""
    sheet = appearance.focus_style(appearance.current_scheme())
    if window.styleSheet() != sheet:
        window.setStyleSheet(sheet)


class SavedNote(QWidget):
    """What happened to the last file saved, with a button to open it when it was."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("savedNote")
        self.label.setWordWrap(True)
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open the saved PDF")
        self.open_button.hide()
        self.open_button.clicked.connect(self.open_saved)
        self.path: Path | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.open_button)

    def saved(self, path: Path, text: str) -> None:
        self.path = path
        self.label.setText(text)
        self.open_button.show()
        announce(self.label, text)

    def failed(self, text: str) -> None:
        self.label.setText(text)
        self.open_button.hide()
        announce(self.label, text)

    def may_write(self, target: Path, keep: Keep) -> bool:
        """Whether ``target`` may be written; a file that must not be (the journal, say) is
        named here at once, before any work."""
        try:
            check_output(target, keep)
        except UserFileError as exc:
            self.failed(f"The PDF was not saved: {exc}")
            return False
        return True

    def say(self, text: str) -> None:
        self.label.setText(text)

    def open_saved(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))


def failure_text(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
