"""The passphrase of an encrypted journal: asked for to open one, or chosen to encrypt one.

One dialog, two uses. *Asking* (a journal to open, a backup, an encrypted export): one
field; the caller's ``check`` tries the passphrase and returns what went wrong, in words,
which the dialog shows and then waits for another try (a wrong passphrase never closes it).
*Choosing* a new passphrase: two fields that must match, the plain warning that nobody can
recover a forgotten passphrase (said before anything is encrypted), and, when offered, the
choice to write a recovery key to a file. Enter accepts, Escape cancels; the fields are
cleared whenever the dialog closes, so no passphrase text stays in a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leadcards.journal.cipher import Passphrase, check_new
from leadcards.journal.model import JournalError
from leadcards.ui.appearance import colour_problem

FORGOTTEN_WARNING = (
    "Nobody can recover a forgotten passphrase: not LeadCards, not its makers, not anyone. "
    "Without it (or a recovery key) the journal and its backups cannot be read again."
)
RECOVERY_KEY_NOTE = (
    "A recovery key opens the journal in place of the passphrase. Keep it away from the "
    "journal (printed, or on a USB stick): whoever has both can read it. It stops working "
    "if the passphrase changes."
)
LEFT_PLAIN = 2  # the dialog's result when "Leave it plain" was pressed

# What a caller checks a passphrase with: None when it did its work, else why not, in words.
Check = Callable[[Passphrase], str | None]


def _field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setObjectName(name.lower().replace(" ", "_"))
    field.setMinimumWidth(320)
    return field


class PassphraseDialog(QDialog):
    """Ask for a passphrase (``new=False``) or choose one (``new=True``).

    ``check`` is called with the passphrase when the person accepts; what it returns (if
    anything) is shown in the dialog, which stays open for another try. ``chosen`` is
    emitted with the passphrase once it was accepted (after ``check`` passed)."""

    chosen = Signal(object)  # the Passphrase accepted
    left_plain = Signal()  # "Leave it plain" (a new journal not encrypted)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        new: bool = False,
        check: Check | None = None,
        accept_text: str = "",
        current: Check | None = None,
        offer_plain: bool = False,
        offer_recovery_key: bool = False,
    ) -> None:
        """``current``: also ask for the passphrase in use now (changing it), checked with
        this before anything else."""
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.new = new
        self.check = check
        self.current_check = current
        column = QVBoxLayout(self)
        intro = QLabel(text)
        intro.setObjectName("passphraseText")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # a file's name is never markup
        column.addWidget(intro)
        form = QFormLayout()
        self.current: QLineEdit | None = None
        if current is not None:
            self.current = _field("Current passphrase")
            form.addRow("C&urrent passphrase:", self.current)
        self.field = _field("New passphrase" if new else "Passphrase")
        form.addRow("&New passphrase:" if new else "&Passphrase:", self.field)
        self.confirm: QLineEdit | None = None
        if new:
            self.confirm = _field("Confirm new passphrase")
            form.addRow("&Confirm:", self.confirm)
        column.addLayout(form)
        self.show_box = QCheckBox("&Show passphrase")
        self.show_box.setAccessibleName("Show passphrase")
        self.show_box.toggled.connect(self._show_text)
        column.addWidget(self.show_box)
        self.warning: QLabel | None = None
        self.recovery_box: QCheckBox | None = None
        if new:
            self.warning = QLabel(FORGOTTEN_WARNING)
            self.warning.setObjectName("passphraseWarning")
            self.warning.setWordWrap(True)
            self.warning.setTextFormat(Qt.TextFormat.PlainText)
            self.warning.setStyleSheet("font-weight: bold")
            column.addWidget(self.warning)
            if offer_recovery_key:
                self.recovery_box = QCheckBox("Write a &recovery key to a file…")
                self.recovery_box.setObjectName("recoveryKeyBox")
                self.recovery_box.setToolTip(RECOVERY_KEY_NOTE)
                self.recovery_box.setAccessibleDescription(RECOVERY_KEY_NOTE)
                column.addWidget(self.recovery_box)
        self.error = QLabel()
        self.error.setObjectName("passphraseError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        self._colour_error()
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(
            accept_text or ("Encrypt" if new else "Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setObjectName("passphraseAccept")
        self.accept_button.setDefault(True)
        self.plain_button: QPushButton | None = None
        if offer_plain:
            self.plain_button = buttons.addButton(
                "Leave It &Plain", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.plain_button.setObjectName("passphrasePlain")
            self.plain_button.setAutoDefault(False)
            self.plain_button.clicked.connect(self._leave_plain)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        column.addLayout(row)
        (self.current or self.field).setFocus(Qt.FocusReason.OtherFocusReason)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark followed
            self._colour_error()

    def _colour_error(self) -> None:
        colour_problem(self.error, self)

    # ------------------------------------------------------------------ what it holds

    def fields(self) -> list[QLineEdit]:
        return [f for f in (self.current, self.field, self.confirm) if f is not None]

    @property
    def wants_recovery_key(self) -> bool:
        return self.recovery_box is not None and self.recovery_box.isChecked()

    def _show_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in self.fields():
            field.setEchoMode(mode)

    def say(self, text: str) -> None:
        """Show what went wrong, in the dialog, and wait for another try."""
        self.error.setText(text)
        self.error.show()
        self.error.setAccessibleDescription(text)
        self.adjustSize()

    def _clear(self) -> None:
        for field in self.fields():
            field.clear()

    # ------------------------------------------------------------------ accepting

    def _retry(self, text: str, field: QLineEdit) -> None:
        """Say what went wrong and clear the fields from ``field`` on (a wrong current
        passphrase clears the new one too: all is typed again)."""
        self.say(text)
        fields = self.fields()
        for later in fields[fields.index(field) :]:
            later.clear()
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        if self.current is not None and self.current_check is not None:
            try:
                problem = self.current_check(Passphrase(self.current.text()))
            except JournalError as exc:
                problem = f"The current passphrase: {exc}."
            if problem is not None:
                self._retry(problem, self.current)
                return
        text = self.field.text()
        if self.confirm is not None and text != self.confirm.text():
            self._retry("The two passphrases are not the same: type it again, twice.", self.field)
            return
        try:
            passphrase = Passphrase(text)
        except JournalError as exc:
            self._retry(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", self.field)
            return
        if self.new:
            try:
                check_new(passphrase)
            except JournalError as exc:
                self._retry(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", self.field)
                return
        if self.check is not None:
            problem = self.check(passphrase)
            if problem is not None:
                self._retry(problem, self.field)
                return
        self._clear()
        self.chosen.emit(passphrase)
        super().accept()

    def _leave_plain(self) -> None:
        self._clear()
        self.left_plain.emit()
        self.done(LEFT_PLAIN)

    def done(self, result: int) -> None:
        self._clear()  # whatever way it closes, no passphrase stays in a field
        super().done(result)


def ask_before_writing_plain(
    parent: QWidget, target: Path, then: Callable[[], object], name: str
) -> QMessageBox:
    """Ask before an encrypted journal's reflections are written unencrypted (a JSON or
    Markdown export, a PDF); ``then`` runs only on Yes. No is the default."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Write Unencrypted?",
        f"This writes your reflections unencrypted to {target}. Anyone who can read that "
        "file can read them, whatever the journal's passphrase. Continue?",
        yes | no,
        parent,
    )
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a file's name is never markup
    box.setDefaultButton(no)
    box.finished.connect(lambda result: then() if result == yes else None)
    box.open()
    return box
