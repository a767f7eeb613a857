"""File ▸ Start a Session Plan…: the plans to choose from (the built-in ones and the user's
own), each with who it is for, its length and what it does; the user's plans that cannot
be used are listed with their problems, never offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from leadcards.plans import Plan, PlanLibrary
from leadcards.ui import focus_ring
from leadcards.ui.saved_pdf import ButtonRow, keep_focus_style

AUDIENCE_WORDS = {"solo": "on your own", "one-to-one": "one to one", "team": "with a team"}


def describe(plan: Plan) -> str:
    """Two lines for the list: the title; who it is for, how long, how many steps."""
    steps = f"{len(plan.steps)} step{'s' if len(plan.steps) != 1 else ''}"
    who = AUDIENCE_WORDS.get(plan.audience, plan.audience)
    mine = f" · by {plan.author}" if plan.author and not plan.builtin else ""
    return f"{plan.title}\n{who.capitalize()}, about {plan.minutes} minutes, {steps}{mine}"


class PlanChooser(QDialog):
    """The plans, one chosen with the arrows and started with Enter. ``chosen`` holds the
    plan once accepted."""

    def __init__(self, library: PlanLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start a Session Plan")
        self.library = library
        self.chosen: Plan | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Session plans")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for plan in library.plans:
            item = QListWidgetItem(describe(plan))
            item.setData(Qt.ItemDataRole.UserRole, plan.id)
            item.setToolTip(plan.summary)
            self.list.addItem(item)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName("What the plan does")
        self.list.currentRowChanged.connect(lambda _: self._show())
        self.list.itemActivated.connect(lambda _: self.accept())
        layout = QVBoxLayout(self)
        label = QLabel("&Plans:")
        label.setBuddy(self.list)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        if library.problems:
            count = len(library.problems)
            heading = QLabel(
                f"{count} plan file{'s' if count != 1 else ''} not offered, because "
                f"{'they' if count != 1 else 'it'} cannot be used:"
            )
            heading.setWordWrap(True)
            # Every problem of every file, in a box of its own height that scrolls: however
            # many files there are, the dialog stays on the screen.
            self.skipped = QPlainTextEdit(
                "\n".join(problem.describe() for problem in library.problems)
            )
            self.skipped.setReadOnly(True)
            self.skipped.setTabChangesFocus(True)
            self.skipped.setAccessibleName("Plan files not offered, and why")
            self.skipped.setMaximumHeight(110)
            layout.addWidget(heading)
            layout.addWidget(self.skipped)
        buttons = ButtonRow(QDialogButtonBox.StandardButton.Cancel)
        start = buttons.addButton("&Start", QDialogButtonBox.ButtonRole.AcceptRole)
        start.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        keep_focus_style(self)
        focus_ring.rings_from_the_start(self)
        self.list.setCurrentRow(0)
        self.resize(560, 520)

    def _show(self) -> None:
        row = self.list.currentRow()
        plan = self.library.plans[row] if 0 <= row < len(self.library.plans) else None
        self.summary.setText(plan.summary if plan else "")

    def accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.library.plans):
            self.chosen = self.library.plans[row]
            super().accept()
