"""File ▸ Start a Session Plan…: a plan run solo in the main window, its step panel docked
beside the cards.

The panel (:mod:`leadcards.ui.plan_panel`) says where you are and what to do; this wires it
to the window and the journal: the step's cards are opened, a commitment is kept as it is
made (with the plan, the run and the cards), the run's step is kept as it moves, notes are
kept as reflections when the plan is finished or left (so leaving mid-plan keeps what was
captured), and a step's action opens what it names. Starting a plan first asks how due
commitments went, as opening the journal does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QInputDialog,
    QMainWindow,
    QStatusBar,
    QWidget,
)

from leadcards import commitments, limits
from leadcards.deck import card_titles
from leadcards.fileio import Keep, UserFileError
from leadcards.journal.model import SPACES, JournalError
from leadcards.plan_session import PlanSession, PlanSessionError, latest_positions
from leadcards.plans import Plan, load_plans
from leadcards.ui.plan_chooser import PlanChooser
from leadcards.ui.plan_panel import PlanPanel


class PlanHost(Protocol):
    """What a running plan asks of the main window."""

    library: Library
    paths: Paths
    presenter: Presenter | None

    def focus_cards(self) -> None: ...
    @property
    def deck(self) -> Deck: ...
    @property
    def journal(self) -> Journal | None: ...
    @property
    def commitments(self) -> CommitmentsController: ...
    def select_deck(self, deck_id: str) -> None: ...
    def open_card(self, card_id: str, *, back: bool = False) -> None: ...
    def report_problem(self, message: str) -> None: ...
    def start_temperature_check(self) -> TemperatureDialog | None: ...
    def show_commitments(self) -> object: ...
    def new_team_checkin(
        self, *, deck_id: str | None = None, card_ids: Sequence[str] = ()
    ) -> None: ...
    def show_journal(self) -> None: ...
    def export_journal_pdf(self) -> object: ...
    def refresh_journal_view(self, *, tags: bool = False) -> None: ...
    def kept_files(self) -> Keep: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


if TYPE_CHECKING:
    from collections.abc import Sequence

    from leadcards.deck import Deck
    from leadcards.journal.store import Journal
    from leadcards.library import Library
    from leadcards.paths import Paths
    from leadcards.ui.commitments_controller import CommitmentsController
    from leadcards.ui.presenter import Presenter
    from leadcards.ui.temperature_view import TemperatureDialog


EVIDENCE_FROM = 500  # the newest reflections offered as evidence
NOTES_TAG = "session-plan"  # the tag of the notes a plan keeps as reflections


class PlanController(QObject):
    """The plan running in a window, if any (one at a time)."""

    def __init__(self, window: PlanHost, frame: QMainWindow) -> None:
        super().__init__(frame)
        self.window = window
        self.frame = frame  # the window itself, where the step panel docks
        self.session: PlanSession | None = None
        self.panel: PlanPanel | None = None
        self.dock: QDockWidget | None = None
        self.evidence: list[str] = []  # reflections chosen as evidence (their uuids)
        self.journal: Journal | None = None  # the journal the running plan keeps to
        self.presenting: Presenter | None = None  # the presenter the panel is in, if any
        self.presenter_dock: QDockWidget | None = None

    def choose(self) -> PlanChooser:
        """Ask which plan to run; start it when chosen."""
        decks = self.window.library.decks
        chooser = PlanChooser(load_plans(self.window.paths.plans_dir, decks), self.frame)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.accepted.connect(lambda: chooser.chosen and self.start(chooser.chosen))
        chooser.open()
        return chooser

    def start(self, plan: Plan) -> PlanSession | None:
        """Run ``plan`` on its own deck (or the deck in use), the panel docked beside the
        cards; one running already is left first (what it captured is kept)."""
        window = self.window
        if self.session is not None:
            self.leave()
        if plan.deck is not None and plan.deck in window.library.ids():
            window.select_deck(plan.deck)
        deck = window.deck
        journal = window.journal
        if journal is None:
            window.report_problem(
                "Open a journal first: a plan keeps what you write and promise in it."
            )
            return None
        self.journal = journal  # what the plan captures goes here, even if another opens
        try:
            positions = latest_positions(deck, journal.checks(deck.id))
            session = PlanSession(
                plan,
                deck,
                last_check=positions,
                decks={d.id: d for d in window.library.decks},
            )
            session.run_uuid = commitments.start_run(journal, plan.id, plan.title, deck.id).uuid
        except (PlanSessionError, JournalError) as exc:
            window.report_problem(str(exc))
            return None
        self.session = session
        panel = self.panel = PlanPanel(session)
        panel.cards_wanted.connect(self._show_cards)
        panel.commitment_made.connect(self._commitment_made)
        panel.step_changed.connect(lambda step: self._keep_step(step))
        panel.action_requested.connect(self._act)
        panel.finished.connect(lambda: self._end(finished=True))
        panel.left.connect(lambda: self._end(finished=False))
        dock = self.dock = QDockWidget(plan.title, self.frame)
        dock.setObjectName("planDock")
        dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        dock.setWidget(panel)
        self.frame.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.frame.resizeDocks([dock], [380], Qt.Orientation.Horizontal)
        window.commitments.ask_about_due()  # as opening the journal does
        panel.begin()
        panel.next_button.setFocus(Qt.FocusReason.OtherFocusReason)  # a named control
        presenter = window.presenter
        if presenter is not None and presenter.isVisible():
            self.present_in(presenter)  # started while presenting: the console has it
        return session

    # ------------------------------------------------------------------ what the panel asks

    def _show_cards(self, card_ids: list[str]) -> None:
        presenter = self.window.presenter
        if presenter is not None and presenter.isVisible():
            presenter.show_plan_cards(card_ids)  # the room sees the cards, the console the step
        elif card_ids:
            focused = QApplication.focusWidget()
            self.window.open_card(card_ids[0])
            panel = self.panel
            if focused is not None and panel is not None and panel.isAncestorOf(focused):
                focused.setFocus(Qt.FocusReason.OtherFocusReason)  # the keys stay on the step

    def present_in(self, presenter: Presenter) -> None:
        """Move the step panel into the presenter's console while it runs; it comes back
        beside the cards when the presentation ends."""
        panel, session = self.panel, self.session
        if panel is None or session is None:
            return
        if self.dock is not None:
            self.dock.setWidget(QWidget())  # let go of the panel, keep the dock for later
            self.dock.hide()
        self.presenter_dock = presenter.attach_plan(panel, session.plan.title)
        self.presenting = presenter
        presenter.installEventFilter(self)
        self._show_cards(session.cards)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The presenter ending (its window hidden, not minimised): the step panel comes
        back beside the cards."""
        ended = (
            event.type() == QEvent.Type.Hide
            and isinstance(watched, QWidget)
            and not watched.isMinimized()
        )
        if ended and self.panel is not None and self.dock is not None:
            self._unpresent()
            self.dock.setWidget(self.panel)
            self.dock.show()
            self.panel.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def _unpresent(self) -> None:
        """Let go of the presenter: its dock for the step goes, with the event filter."""
        if self.presenting is not None:
            self.presenting.removeEventFilter(self)
            if self.presenter_dock is not None:
                self.presenter_dock.setWidget(QWidget())  # the panel is not deleted with it
                self.presenting.removeDockWidget(self.presenter_dock)
                self.presenter_dock.deleteLater()
        self.presenting = self.presenter_dock = None

    def _commitment_made(self, text: str, due: dt.date | None, card_ids: list[str]) -> None:
        window, session, journal = self.window, self.session, self.journal
        if journal is None or session is None or self.sender() is not self.panel:
            return  # a panel no longer running (it is being taken away)
        try:
            commitments.add_commitment(
                journal,
                text,
                due=due,
                deck_id=session.deck.id,
                card_ids=card_ids,
                plan_id=session.plan.id,
                run_uuid=session.run_uuid,
            )
        except JournalError as exc:
            window.report_problem(f"The commitment was not kept: {exc}")

    def _keep_step(self, step: int, *, finished: bool = False) -> None:
        window, session, journal = self.window, self.session, self.journal
        if journal is None or session is None or session.run_uuid is None:
            return
        try:
            commitments.set_step(journal, session.run_uuid, step, finished=finished)
        except JournalError as exc:
            window.report_problem(f"Where the plan is was not kept: {exc}")

    def _act(self, does: str) -> None:
        window, session = self.window, self.session
        if session is None:
            return
        if does == "temperature-check":
            dialog = window.start_temperature_check()
            if dialog is not None:  # the next steps' cards come from this check
                dialog.check_saved.connect(lambda _: self._checked())
        elif does == "review-commitments":
            window.show_commitments()
        elif does == "start-checkin":  # on the step's cards (the spread dealt)
            window.new_team_checkin(deck_id=session.deck.id, card_ids=session.cards)
        elif does == "pick-evidence":
            self.pick_evidence()
        elif does == "appraisal-pdf":
            self.save_appraisal()
        elif does == "choose-space":
            spaces = session.deck.spaces
            if not spaces:
                return
            titles = [space.title for space in spaces]
            chosen, ok = QInputDialog.getItem(
                self.frame, "Choose the Space", "Space:", titles, 0, False
            )
            if ok and chosen in titles:
                session.choose_space(spaces[titles.index(chosen)].id)
                if self.panel is not None:
                    self.panel.refresh_cards()

    def _titles(self) -> dict[tuple[str, str], str]:
        return card_titles(self.window.library.decks)

    def pick_evidence(self) -> QDialog | None:
        """Choose reflections from the journal as evidence (the appraisal plan)."""
        from leadcards.ui.evidence_picker import EvidencePicker

        journal = self.window.journal
        if journal is None:
            self.window.report_problem("Open a journal to pick evidence from it.")
            return None
        try:
            entries = journal.entries(limit=EVIDENCE_FROM)
        except JournalError as exc:
            self.window.report_problem(f"The journal could not be read: {exc}")
            return None
        picker = EvidencePicker(entries, self._titles(), chosen=self.evidence, parent=self.frame)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: setattr(self, "evidence", picker.chosen_uuids()))
        picker.open()
        return picker

    def save_appraisal(self, target: Path | None = None) -> Path | None:
        """The one page to take into an appraisal: positions, strengths, development areas
        and the evidence chosen (private: it holds personal text)."""
        from leadcards.printing.appraisal_pdf import appraisal_pdf
        from leadcards.ui.saved_pdf import ask_for_pdf

        window, session = self.window, self.session
        journal = window.journal
        if journal is None or session is None:
            window.report_problem("Open a journal to make the page from it.")
            return None
        today = limits.local(dt.datetime.now(dt.UTC)).date()
        target = target or ask_for_pdf(
            self.frame, "Save the Appraisal Page", Path.home() / f"appraisal-{today}.pdf"
        )
        if target is None:
            return None
        try:
            evidence = []
            for entry_uuid in self.evidence:
                with contextlib.suppress(JournalError):  # deleted since it was chosen
                    evidence.append(journal.entry(entry_uuid))
            page = appraisal_pdf(
                session.deck,
                journal.checks(session.deck.id),
                evidence,
                today=today,
                titles=self._titles(),
            )
            page.write(target, keep=window.kept_files())
        except (JournalError, UserFileError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            window.report_problem(f"The appraisal page was not saved: {reason}")
            return None
        window.statusBar().showMessage(
            f"Saved the appraisal page to {target}. It holds personal text: keep it private.",
            10000,
        )
        return target

    # ------------------------------------------------------------------ ending

    def _checked(self) -> None:
        session, journal = self.session, self.journal
        if session is None or journal is None:
            return
        try:
            session.set_last_check(latest_positions(session.deck, journal.checks(session.deck.id)))
        except JournalError as exc:
            self.window.report_problem(f"The temperature check could not be read: {exc}")
            return
        if self.panel is not None:
            self.panel.refresh_cards()

    def leave(self) -> None:
        if self.panel is not None:
            self.panel.leave()

    def _end(self, *, finished: bool) -> None:
        """Keep the run's end and the notes written (as reflections on the step's first
        card, tagged), then take the panel away."""
        window, session = self.window, self.session
        if session is None:
            return
        self._keep_step(session.step_index, finished=finished)
        journal = self.journal  # the journal the plan began in (closing, if it is)
        if journal is not None:
            for index, captured in sorted(session.captured.items()):
                notes = captured.notes.strip()
                draft = captured.commitment.strip()
                if draft:  # typed, never kept with Keep commitment: not lost either
                    notes = f"{notes}\n\nA commitment written, not kept: {draft}".strip()
                if not notes:
                    continue
                cards = session.resolve(index)
                step = session.plan.steps[index]
                try:
                    journal.add_entry(
                        f"{session.plan.title}: {step.title}\n\n{notes}",
                        deck_id=session.deck.id,
                        card_id=cards[0] if cards else None,
                        space=session.space if session.space in SPACES else None,
                        tags=[NOTES_TAG],
                    )
                except JournalError as exc:
                    window.report_problem(f"The notes of a step were not kept: {exc}")
        window.refresh_journal_view()
        self.session = self.journal = None
        self._unpresent()
        if self.dock is not None:
            self.frame.removeDockWidget(self.dock)
            self.dock.deleteLater()
        if self.panel is not None:
            self.panel.hide()
            self.panel.deleteLater()  # never drives a later plan
        self.dock = self.panel = None
        window.focus_cards()
