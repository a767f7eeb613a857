"""File ▸ Team Check-ins: the check-ins kept in the open journal, and everything a coach does
with them: start one, save its invitation, take answers in the room or add response files,
close and reopen collection, and show, present, compare, export and print a round's results.

Every operation is the check-in ledger's or service's (:mod:`leadcards.checkin`), as on the
command line; this window asks, shows and says what happened. Nothing here shows one
person's answers: a round's figures exist only once it is closed with enough answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from leadcards import limits
from leadcards.checkin import ledger, service
from leadcards.checkin.files import CheckInFileError, Invitation, asks_positions
from leadcards.checkin.ledger import CheckIn, CheckInError, Round
from leadcards.checkin.results import ANONYMITY, MIN_GROUP_DEFAULT, MIN_GROUP_FLOOR, Answer, Results
from leadcards.deck import Deck
from leadcards.fileio import Keep, UserFileError
from leadcards.journal.model import JournalError, utc_now
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.ui import focus_ring
from leadcards.ui.announce import announce
from leadcards.ui.appearance import TypeScale, font
from leadcards.ui.audience_window import AudienceWindow
from leadcards.ui.saved_pdf import ButtonRow, ask_for_pdf, keep_focus_style

SPACING = 8
_PROBLEMS = (CheckInError, CheckInFileError, JournalError, UserFileError, OSError)


def _when(moment: dt.datetime | None) -> str:
    return limits.local(moment).strftime("%d %b %Y") if moment else ""


def describe(checkin: CheckIn) -> str:
    """Two lines for the list: the title; the deck, the round and how far collection is."""
    current = checkin.current
    if current.is_open:
        state = f"round {current.number} collecting, {current.people} answered"
    else:
        state = f"round {current.number} closed {_when(current.closed)}"
    return f"{checkin.title}\n{checkin.invitation.deck_title}, {state}"


class NewCheckInDialog(QDialog):
    """File ▸ New Team Check-in…: the deck, the cards (all by default), the space (a TRACE
    check-in is about the team by default), a title and the minimum group (5, never below
    3). ``invitation`` holds the new check-in's invitation once accepted."""

    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        *,
        deck_id: str | None = None,
        card_ids: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Team Check-in")
        self.library = library
        self.invitation: Invitation | None = None
        form = QFormLayout()
        self.deck_box = QComboBox()
        self.deck_box.setAccessibleName("Deck")
        for deck in library.decks:
            self.deck_box.addItem(deck.title, deck.id)
        form.addRow("&Deck:", self.deck_box)
        self.cards = QListWidget()
        self.cards.setAccessibleName("Cards to ask about")
        self.cards.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        form.addRow("&Cards:", self.cards)
        self.space_box = QComboBox()
        self.space_box.setAccessibleName("Space")
        form.addRow("&Space:", self.space_box)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setMaxLength(service.MAX_TITLE)
        form.addRow("&Title:", self.title_edit)
        self.min_group = QSpinBox()
        self.min_group.setRange(MIN_GROUP_FLOOR, 1000)
        self.min_group.setValue(MIN_GROUP_DEFAULT)
        self.min_group.setAccessibleName("Minimum group")
        form.addRow("&Minimum group:", self.min_group)
        note = QLabel(
            "Results are shown only when at least this many have answered, so nobody's "
            f"answers stand out. Never fewer than {MIN_GROUP_FLOOR}."
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.problem)
        buttons = ButtonRow(QDialogButtonBox.StandardButton.Cancel)
        create = buttons.addButton("&Start Check-in", QDialogButtonBox.ButtonRole.AcceptRole)
        create.setDefault(True)
        buttons.accepted.connect(self.start_checkin)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.deck_box.currentIndexChanged.connect(lambda _: self._deck_chosen())
        if deck_id is not None and self.deck_box.findData(deck_id) >= 0:
            self.deck_box.setCurrentIndex(self.deck_box.findData(deck_id))
        self._deck_chosen()
        if card_ids:  # a plan's cards (a team check-in on the spread dealt): those alone
            for row in range(self.cards.count()):
                item = self.cards.item(row)
                wanted = item.data(Qt.ItemDataRole.UserRole) in card_ids
                item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        keep_focus_style(self)
        focus_ring.rings_from_the_start(self)
        self.resize(560, 560)

    @property
    def deck(self) -> Deck:
        return self.library.deck(str(self.deck_box.currentData()))

    def _deck_chosen(self) -> None:
        deck = self.deck
        self.cards.clear()
        for card in deck.cards:
            item = QListWidgetItem(card.title)
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked)
            self.cards.addItem(item)
        self.space_box.clear()
        self.space_box.addItem("Not one space", None)
        for space in deck.spaces:
            self.space_box.addItem(space.title, space.id)
        scaled = asks_positions(deck.cards)
        team = self.space_box.findData("team")
        self.space_box.setCurrentIndex(team if team >= 0 and not scaled else 0)
        self.title_edit.setText(f"{deck.title}, {limits.local(utc_now()):%d %B %Y}")

    def chosen_cards(self) -> list[str]:
        chosen = [
            str(self.cards.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.cards.count())
            if self.cards.item(row).checkState() == Qt.CheckState.Checked
        ]
        return [] if len(chosen) == self.cards.count() else chosen  # all: the default

    def start_checkin(self) -> None:
        if not any(
            self.cards.item(row).checkState() == Qt.CheckState.Checked
            for row in range(self.cards.count())
        ):
            self._refuse("Tick at least one card to ask about.")
            return
        try:
            self.invitation = service.new_invitation(
                self.deck,
                self.chosen_cards(),
                title=self.title_edit.text(),
                space=self.space_box.currentData(),
                min_group=self.min_group.value(),
            )
        except JournalError as exc:
            self._refuse(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        self.accept()

    def _refuse(self, message: str) -> None:
        self.problem.setText(message)
        announce(self.problem, message)


class CheckInWindow(QDialog):
    """The check-ins of the open journal, and what a coach does with them."""

    changed = Signal()  # a check-in was started, answered, closed, reopened or deleted

    def __init__(
        self,
        library: Library,
        journal: Callable[[], Journal | None],
        kept_files: Callable[[], Keep],
        parent: QWidget | None = None,
        *,
        audience: Callable[[], AudienceWindow | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team Check-ins")
        self._audience = audience  # the presenter's audience window, when it runs
        self.library = library
        self._journal = journal
        self._kept_files = kept_files
        self._checkins: list[CheckIn] = []
        self.answer_dialog: QDialog | None = None
        self.results_dialog: QDialog | None = None
        self.audience: QWidget | None = None

        self.list = QListWidget()
        self.list.setAccessibleName("Check-ins")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(lambda _: self._show_chosen())
        self.new_button = self._button("&New Team Check-in…", self.new_checkin)
        left = QVBoxLayout()
        left.addWidget(self.new_button)
        left.addWidget(self.list, 1)

        self.heading = QLabel()
        self.heading.setFont(font(TypeScale.HEADING, bold=True))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        collect = QGroupBox("Collect answers")
        grid = QGridLayout(collect)
        self.room_button = self._button("Answer in the &Room…", self.answer_in_room)
        self.invite_button = self._button("Save &Invitation…", self.save_invitation)
        self.add_button = self._button("&Add Responses…", self.add_responses)
        self.folder_button = self._button("Add a &Folder of Responses…", self.add_folder)
        self.close_button = self._button("&Close Collection…", self.close_or_reopen)
        grid.addWidget(self.room_button, 0, 0)
        grid.addWidget(self.invite_button, 0, 1)
        grid.addWidget(self.add_button, 1, 0)
        grid.addWidget(self.folder_button, 1, 1)
        grid.addWidget(self.close_button, 2, 0)
        results = QGroupBox("Results")
        rows = QGridLayout(results)
        self.round_box = QComboBox()
        self.round_box.setAccessibleName("Round")
        round_label = QLabel("R&ound:")
        round_label.setBuddy(self.round_box)
        self.show_button = self._button("&Show Results", self.show_results)
        self.present_button = self._button("Show to the Roo&m", self.present_results)
        self.trend_button = self._button("&Trend Over Rounds", self.show_trend)
        self.csv_button = self._button("&Export CSV…", self.export_csv)
        self.pdf_button = self._button("Save Team &Report PDF…", self.save_report)
        rows.addWidget(round_label, 0, 0)
        rows.addWidget(self.round_box, 0, 1)
        rows.addWidget(self.show_button, 1, 0)
        rows.addWidget(self.present_button, 1, 1)
        rows.addWidget(self.trend_button, 2, 0)
        rows.addWidget(self.csv_button, 2, 1)
        rows.addWidget(self.pdf_button, 3, 0)
        self.anonymity = QLabel(ANONYMITY)
        self.anonymity.setWordWrap(True)
        self.delete_button = self._button("&Delete Check-in…", self.delete_checkin)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.details)
        right.addWidget(collect)
        right.addWidget(results)
        right.addWidget(self.anonymity)
        right.addStretch(1)
        right.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Status")
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        buttons = ButtonRow(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        keep_focus_style(self)
        focus_ring.rings_from_the_start(self)
        self.resize(900, 600)
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        return button

    # ------------------------------------------------------------------ what is shown

    @property
    def journal(self) -> Journal | None:
        return self._journal()

    @property
    def checkin(self) -> CheckIn | None:
        row = self.list.currentRow()
        return self._checkins[row] if 0 <= row < len(self._checkins) else None

    def refresh(self, select: str | None = None) -> None:
        """Read the check-ins again (keeping the one chosen, or choosing ``select``)."""
        keep = select or (self.checkin.id if self.checkin else None)
        journal = self.journal
        problems: list[str] = []
        try:
            self._checkins, problems = ledger.read_all(journal) if journal is not None else ([], [])
        except JournalError as exc:
            self._checkins, problems = [], [str(exc)]
        if problems:
            self.say("Some check-ins in this journal could not be read: " + "; ".join(problems))
        self.list.blockSignals(True)
        self.list.clear()
        for checkin in self._checkins:
            item = QListWidgetItem(describe(checkin))
            self.list.addItem(item)
        ids = [c.id for c in self._checkins]
        self.list.setCurrentRow(ids.index(keep) if keep in ids else (0 if ids else -1))
        self.list.blockSignals(False)
        self.new_button.setEnabled(journal is not None)
        self.heading.setText("")
        if journal is None:
            self.details.setText("Open a journal first: check-ins are kept in it.")
        elif not self._checkins:
            self.details.setText(
                "No team check-in in this journal yet. Start one with New Team Check-in…: "
                "the team answers anonymously, in the room on this computer or by file."
            )
        self._show_chosen()

    def _show_chosen(self) -> None:
        checkin = self.checkin
        for button in (self.invite_button, self.close_button, self.delete_button):
            button.setEnabled(checkin is not None)
        collecting = checkin is not None and checkin.is_open
        for button in (self.room_button, self.add_button, self.folder_button):
            button.setEnabled(collecting)
        self.close_button.setText("&Close Collection…" if collecting or not checkin else "Re&open")
        self.round_box.clear()
        if checkin is None:
            for button in self._result_buttons():
                button.setEnabled(False)
            return
        invitation = checkin.invitation
        self.heading.setText(checkin.title)
        lines = [
            f"{invitation.deck_title}"
            + (f", {invitation.space} space" if invitation.space else "")
            + f"; {len(invitation.cards)} cards; results from {invitation.min_group} answers",
            f"Started {_when(checkin.created)}.",
        ]
        for found in checkin.rounds:
            if found.is_open:
                lines.append(f"Round {found.number}: collecting, {found.people} answered so far")
            elif found.results is None:
                lines.append(
                    f"Round {found.number}: closed {_when(found.closed)} with {found.people}"
                    " answers, too few for results"
                )
            else:
                lines.append(
                    f"Round {found.number}: closed {_when(found.closed)}, {found.people} answered"
                )
                self.round_box.insertItem(0, f"Round {found.number}", found.number)
        self.details.setText("\n".join(lines))
        self.round_box.setCurrentIndex(0)
        self.round_box.setEnabled(self.round_box.count() > 0)
        for button in self._result_buttons():
            button.setEnabled(self.round_box.count() > 0)
        self.trend_button.setEnabled(any(r.results for c in self._same_deck() for r in c.rounds))

    def _result_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.show_button,
            self.present_button,
            self.trend_button,
            self.csv_button,
            self.pdf_button,
        )

    def _same_deck(self) -> list[CheckIn]:
        checkin = self.checkin
        if checkin is None:
            return []
        return [c for c in self._checkins if c.invitation.deck_id == checkin.invitation.deck_id]

    def say(self, message: str) -> None:
        self.status.setText(message)
        announce(self.status, message)

    def _failed(self, what: str, exc: BaseException) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.say(f"{what}: {reason}")

    # ------------------------------------------------------------------ file choosers
    # (methods, so tests give a path instead of showing a dialog)

    def choose_save_path(self, title: str, suggested: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested), filters)
        return Path(path) if path else None

    def choose_open_paths(self, title: str, filters: str) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(self, title, str(Path.home()), filters)
        return [Path(p) for p in paths]

    def choose_folder(self, title: str) -> Path | None:
        path = QFileDialog.getExistingDirectory(self, title, str(Path.home()))
        return Path(path) if path else None

    def confirm(self, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    # ------------------------------------------------------------------ starting

    def new_checkin(
        self, *, deck_id: str | None = None, card_ids: Sequence[str] = ()
    ) -> CheckIn | None:
        """Ask for a new check-in's choices, keep it, and offer to save its invitation."""
        journal = self.journal
        if journal is None:
            self.say("Open a journal first: check-ins are kept in it.")
            return None
        dialog = NewCheckInDialog(self.library, self, deck_id=deck_id, card_ids=card_ids)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.invitation is None:
            return None
        return self.start(dialog.invitation)

    def start(self, invitation: Invitation) -> CheckIn | None:
        journal = self.journal
        if journal is None:
            return None
        try:
            checkin = service.start(journal, invitation)
        except _PROBLEMS as exc:
            self._failed("The check-in was not started", exc)
            return None
        self.refresh(select=checkin.id)
        self.changed.emit()
        self.say(
            f"Started {checkin.title}. Take answers in the room, or save the invitation "
            "to send to the team."
        )
        self.room_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return checkin

    def save_invitation(self) -> bool:
        checkin = self.checkin
        if checkin is None:
            return False
        target = self.choose_save_path(
            "Save Invitation", f"{_file_name(checkin.title)}-invitation.json", "JSON (*.json)"
        )
        if target is None:
            return False
        try:
            service.save_invitation(checkin.invitation, target, self._kept_files())
        except _PROBLEMS as exc:
            self._failed("The invitation was not saved", exc)
            return False
        self.say(
            f"Saved the invitation to {target}. Send it to the team: each opens it in "
            "LeadCards, answers, and sends back the response file it saves."
        )
        return True

    # ------------------------------------------------------------------ collecting

    def answer_in_room(self) -> QDialog | None:
        """One device passed round: each person answers privately, then passes it on."""
        checkin = self.checkin
        if checkin is None or not checkin.is_open:
            return None
        from leadcards.ui.checkin_answer import AnswerDialog  # on first use

        dialog = AnswerDialog(checkin.invitation, in_room=True, kept=self._kept_files, parent=self)
        dialog.answers.answered.connect(lambda answer: self._answered(checkin.id, answer))
        dialog.finished.connect(lambda _: self._room_finished())
        self.answer_dialog = dialog
        dialog.open()
        return dialog

    def _answered(self, checkin_id: str, answer: Answer) -> None:
        journal = self.journal
        try:
            if journal is None:
                raise CheckInError("the journal was closed")
            ledger.add_answer(journal, checkin_id, answer)
        except _PROBLEMS as exc:
            # Said on the answer screen, where the person is: their answer is not kept,
            # and collection stops until it is put right.
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Answer Not Kept",
                f"That answer could not be kept: {reason}. Collection has stopped; please "
                "answer again once it is put right.",
                parent=self.answer_dialog or self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()
            self._failed("That answer was not kept", exc)
            if self.answer_dialog is not None:
                self.answer_dialog.done(QDialog.DialogCode.Rejected)
            return
        self.changed.emit()

    def _room_finished(self) -> None:
        self.answer_dialog = None
        self.refresh()
        checkin = self.checkin
        if checkin is not None:
            people = checkin.current.people
            have = "has" if people == 1 else "have"
            self.say(f"{checkin.title}: {people} {have} answered this round.")
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_responses(self) -> None:
        paths = self.choose_open_paths("Add Responses", "Check-in responses (*.json)")
        if paths:
            self.add_paths(paths)

    def add_folder(self) -> None:
        folder = self.choose_folder("Add a Folder of Responses")
        if folder is not None:
            self.add_paths([folder])

    def add_paths(self, paths: list[Path]) -> service.Added | None:
        """Count the responses in ``paths`` (files or folders); say what was counted, what
        had been counted before and what was refused, and why."""
        journal, checkin = self.journal, self.checkin
        if journal is None or checkin is None:
            return None
        try:
            added = service.add_response_files(journal, checkin, paths)
        except _PROBLEMS as exc:
            self._failed("No response was added", exc)
            return None
        self.refresh()
        if added.counted:
            self.changed.emit()
        message = f"{added.describe()[:1].upper()}{added.describe()[1:]}."
        if added.refused:
            shown = "\n".join(f"{Path(name).name}: {why}" for name, why in added.refused[:10])
            more = len(added.refused) - 10
            message += "\n" + shown + (f"\n…and {more} more" if more > 0 else "")
        self.say(message)
        return added

    def add_response_to_its_checkin(self, path: Path, checkin_id: str) -> None:
        """A response file opened with the app: added to its own check-in, if this journal
        keeps it."""
        if self.journal is None:
            self.say(f"{path.name} was not added: no journal is open (see the message).")
            return
        ids = [c.id for c in self._checkins]
        if checkin_id not in ids:
            self.say(
                f"{path.name} answers a check-in that is not in this journal. Open the "
                "journal that keeps it (File ▸ Open Journal), then add it here."
            )
            return
        self.list.setCurrentRow(ids.index(checkin_id))
        self.add_paths([path])

    def close_or_reopen(self) -> None:
        checkin = self.checkin
        if checkin is None:
            return
        if checkin.is_open:
            self.close_collection()
        else:
            self.reopen()

    def close_collection(self) -> bool:
        journal, checkin = self.journal, self.checkin
        if journal is None or checkin is None or not checkin.is_open:
            return False
        people, minimum = checkin.current.people, checkin.invitation.min_group
        below = people < minimum
        if below:
            text = (
                f"{people} of the minimum {minimum} have answered. A round with fewer has "
                "no results: closing it now drops its answers and keeps only how many "
                "answered. Close anyway?"
            )
            yes = "Close Without Results"
        else:
            text = (
                f"{people} have answered. Closing makes this round's results, which never "
                "change afterwards; its answers are dropped. Answers that come later go "
                "into a new round."
            )
            yes = "Close and Make Results"
        if not self.confirm("Close Collection", text, yes):
            return False
        try:
            closed = ledger.close_round(journal, checkin.id, below_minimum=below)
        except _PROBLEMS as exc:
            self._failed("Collection was not closed", exc)
            return False
        self.refresh()
        self.changed.emit()
        if closed.results is None:
            self.say(f"Closed round {closed.number} with {closed.people} answers: no results.")
        else:
            self.say(f"Closed round {closed.number}: {closed.people} answered.")
            self.show_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def reopen(self) -> bool:
        journal, checkin = self.journal, self.checkin
        if journal is None or checkin is None:
            return False
        try:
            opened = ledger.reopen(journal, checkin.id)
        except _PROBLEMS as exc:
            self._failed("Collection was not reopened", exc)
            return False
        self.refresh()
        self.changed.emit()
        self.say(f"Round {opened.number} is open for answers; earlier rounds stay as they were.")
        return True

    def delete_checkin(self) -> bool:
        journal, checkin = self.journal, self.checkin
        if journal is None or checkin is None:
            return False
        if not self.confirm(
            "Delete Check-in",
            f"Delete {checkin.title} and every round of it? This cannot be undone (the "
            "journal's backups still hold it).",
            "Delete",
        ):
            return False
        try:
            ledger.delete_checkin(journal, checkin.id)
        except _PROBLEMS as exc:
            self._failed("The check-in was not deleted", exc)
            return False
        self.refresh()
        self.changed.emit()
        self.say(f"Deleted {checkin.title}.")
        return True

    # ------------------------------------------------------------------ results

    def chosen_round(self) -> int | None:
        data = self.round_box.currentData()
        return int(data) if data is not None else None

    def _chosen_results(self, failing: str) -> tuple[CheckIn, Round, Results] | None:
        """The chosen check-in, round and results; else None, said with ``failing``."""
        checkin = self.checkin
        if checkin is None:
            return None
        try:
            found, results = service.round_results(checkin, self.chosen_round())
        except CheckInError as exc:
            self._failed(failing, exc)
            return None
        return checkin, found, results

    def show_results(self) -> QDialog | None:
        chosen = self._chosen_results("No results to show")
        if chosen is None:
            return None
        checkin, found, results = chosen
        from leadcards.ui.checkin_results import ResultsView  # on first use

        view = ResultsView(checkin, found, results)
        dialog = self.results_dialog = _view_dialog(
            self, f"Results: {checkin.title}, round {found.number}", view
        )
        return dialog

    def present_results(self) -> QWidget | None:
        """The round's aggregated results on the audience window (a projector, or a window
        to share), and nothing else of the journal."""
        chosen = self._chosen_results("No results to show")
        if chosen is None:
            return None
        checkin, found, results = chosen
        from leadcards.ui.checkin_results import present_results  # on first use

        presenting = self._audience()
        self.audience = present_results(checkin, found, results, audience=presenting)
        if presenting is None:
            self.say(
                "The results are on their own window: move it to the projector, or share "
                "it in a call. Down and Up turn its pages; close it when done."
            )
        else:
            self.say(
                "The results are on the audience window. Down and Up turn their pages; "
                "Next goes back to the cards."
            )
        return self.audience

    def show_trend(self) -> QDialog | None:
        checkins = [c for c in self._same_deck() if any(r.results for r in c.rounds)]
        if not checkins:
            return None
        from leadcards.ui.checkin_trend import TrendView  # on first use

        view = TrendView(sorted(checkins, key=lambda c: c.created))
        title = f"Trend: {checkins[0].invitation.deck_title}"
        return _view_dialog(self, title, view)

    def export_csv(self) -> bool:
        checkin = self.checkin
        if checkin is None:
            return False
        number = self.chosen_round()
        target = self.choose_save_path(
            "Export Results as CSV",
            f"{_file_name(checkin.title)}-round-{number}.csv",
            "CSV (*.csv)",
        )
        if target is None:
            return False
        try:
            service.export_csv(checkin, number, target, self._kept_files())
        except _PROBLEMS as exc:
            self._failed("The results were not exported", exc)
            return False
        self.say(f"Saved round {number}'s aggregated results to {target}.")
        return True

    def save_report(self, target: Path | None = None) -> bool:
        chosen = self._chosen_results("No results to print")
        if chosen is None:
            return False
        checkin, found, results = chosen
        target = target or ask_for_pdf(
            self,
            "Save Team Report",
            Path.home() / f"{_file_name(checkin.title)}-round-{found.number}.pdf",
        )
        if target is None:
            return False
        from leadcards.fileio import write_bytes
        from leadcards.printing.checkin_pdf import checkin_pdf_bytes  # loads reportlab

        try:
            write_bytes(target, checkin_pdf_bytes(checkin, found, results), keep=self._kept_files())
        except _PROBLEMS as exc:
            self._failed("The report was not saved", exc)
            return False
        self.say(f"Saved the team report to {target}.")
        return True


def _view_dialog(parent: QWidget, title: str, view: QWidget) -> QDialog:
    """A results or trend view in a window of its own, with Close."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    buttons = ButtonRow(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view, 1)
    layout.addWidget(buttons)
    keep_focus_style(dialog)
    focus_ring.rings_from_the_start(dialog)
    dialog.resize(1000, 760)
    dialog.open()
    view.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog


def _file_name(title: str) -> str:
    """A title as the start of a file name: letters, digits and hyphens."""
    kept = "".join(c if c.isalnum() else "-" for c in title.strip().lower())
    return "-".join(part for part in kept.split("-") if part)[:60] or "check-in"


def answer_invitation(
    parent: QWidget, path: Path | None, keep: Keep, report: Callable[[str], None]
) -> QDialog | None:
    """File ▸ Answer a Check-in Invitation… (or ``leadcards FILE``): the invitation's
    answer screens for one person, ending in a response file to send back."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Answer a Check-in Invitation", str(Path.home()), "Invitations (*.json)"
        )
        if not chosen:
            return None
        path = Path(chosen)
    try:
        invitation = service.open_invitation(path, path.name)
    except (CheckInFileError, UserFileError) as exc:
        report(f"That invitation cannot be answered. {exc}")
        return None
    from leadcards.ui.checkin_answer import AnswerDialog  # on first use

    # The response may never replace the invitation it answers.
    kept = dataclasses.replace(keep, inputs=(*keep.inputs, path))
    dialog = AnswerDialog(invitation, in_room=False, kept=lambda: kept, parent=parent)
    dialog.open()
    return dialog
