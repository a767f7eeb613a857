"""The main window: pick a deck, filter and search its cards, open one large and flip it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from leadcards.browse import filter_cards, plural
from leadcards.deck import Deck
from leadcards.fileio import Keep
from leadcards.library import Library
from leadcards.paths import Paths, ensure_dir
from leadcards.ui import appearance, keymap
from leadcards.ui.announce import announce
from leadcards.ui.appearance import SPACING, Appearance
from leadcards.ui.browse_bar import BrowseBar
from leadcards.ui.card_grid import CardGrid
from leadcards.ui.journal_lock import IdleWatcher, LockScreen, minutes_text
from leadcards.ui.settings import (
    LOCK_MINUTES,
    ZOOM_STEPS,
    Motion,
    Preferences,
    WindowState,
    WindowStateMixin,
)

if TYPE_CHECKING:  # the printing dialogs load reportlab and PDFium: only when asked for
    from PySide6.QtGui import QCloseEvent

    from leadcards.journal.model import Mark
    from leadcards.journal.store import Journal
    from leadcards.printing.images import CardImage
    from leadcards.ui.audience_window import AudienceWindow
    from leadcards.ui.background import Task
    from leadcards.ui.card_page import CardPage
    from leadcards.ui.card_view import CardView
    from leadcards.ui.checkin_window import CheckInWindow
    from leadcards.ui.commitments_controller import CommitmentsController
    from leadcards.ui.image_export_dialog import ImageExportDialog
    from leadcards.ui.journal_controller import JournalController
    from leadcards.ui.journal_pdf_dialog import JournalPdfDialog, WorksheetsDialog
    from leadcards.ui.journal_view import JournalView
    from leadcards.ui.look_back_view import LookBackView
    from leadcards.ui.plan_controller import PlanController
    from leadcards.ui.presenter import Presenter
    from leadcards.ui.print_dialog import PrintDialog
    from leadcards.ui.reflection_panel import ReflectionPanel
    from leadcards.ui.temperature_view import TemperatureDialog

Slot = Callable[[], object]  # what a menu entry does
# A menu entry: the window's attribute for it (or None), its text, its shortcut and what it
# does; None is a separator.
MenuEntry = tuple[str | None, str, QKeySequence.StandardKey | str | None, Slot] | None


class MainWindow(WindowStateMixin, QMainWindow):
    announced = Signal(str)  # what was just said to a screen reader
    # Menu entries the window uses again, made from the table in _build_menus.
    quit_action: QAction
    encrypt_action: QAction
    rekey_action: QAction
    decrypt_action: QAction
    recovery_key_action: QAction
    lock_action: QAction
    about_action: QAction
    journal_action: QAction
    present_action: QAction
    check_action: QAction
    panel_action: QAction
    find_action: QAction
    grid_action: QAction
    flip_action: QAction
    prev_action: QAction
    next_action: QAction
    first_action: QAction
    last_action: QAction
    random_action: QAction
    zoom_in_action: QAction
    zoom_out_action: QAction
    zoom_reset_action: QAction
    copy_image_action: QAction

    def __init__(self, library: Library, paths: Paths, *, start_up: bool = False) -> None:
        """``start_up``: built for the app's start-up, which paints the cards first; the
        journal and the outlined tick boxes wait for :meth:`after_first_paint`."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        preferences = Preferences(paths)
        # Style and typeface before any widget, this window included, so every widget is
        # built (and measured) with them: a window made first would keep the platform's
        # fonts for its menu bar and boxes until the next change of style.
        scheme = appearance.apply(app, preferences.appearance, outlined=not start_up)
        super().__init__()
        self.library = library
        self.paths = paths
        self.preferences = preferences
        self.scheme = scheme
        self.window_state = WindowState(paths, "main")
        self.deck: Deck = library.decks[0]
        self.theme_id: str | None = None
        self.setWindowTitle("LeadCards")
        self.setMinimumSize(800, 600)
        self.resize(1280, 800)

        self.grid = CardGrid()
        # The card page (the large card, the reflection panel) is built when a card is
        # first opened or just after the first paint (build_card_page): the start-up
        # paints the grid without it.
        self._card_view: CardView | None = None
        self._card_page: CardPage | None = None
        self._panel: ReflectionPanel | None = None
        # The journal and its File menu actions: made on first use (journals), which at
        # start-up is straight after the first paint.
        self._journals: JournalController | None = None
        self._closed = False  # the window was closed (the app is ending)
        # The journal view is built the first time it is shown (the start-up paints the
        # cards without it); its undo history is the window's, so Edit has it from the start.
        self.undo_stack = QUndoStack(self)
        self._journal_view: JournalView | None = None
        self.print_dialog: PrintDialog | None = None
        self.presenter: Presenter | None = None
        self.checkin_window: CheckInWindow | None = None
        self.look_back_view: LookBackView | None = None
        self._commitments: CommitmentsController | None = None
        self._plans: PlanController | None = None
        self.journal_label = QLabel()  # "Journal: name"; its text is what a reader says
        # An encrypted journal locked (closed, its key dropped): its path, to unlock it.
        self.locked_path: Path | None = None
        self.lock_screen: LockScreen | None = None
        self._build_ui()
        self._build_menus()
        self._connect()
        self._restore_deck()
        self.apply_appearance(self.preferences.appearance, outlined=not start_up)
        self.apply_motion(self.preferences.motion)
        self._restore_view()
        self.statusBar().addPermanentWidget(self.journal_label)
        if not start_up:
            self.open_saved_journal()
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(5 * 60 * 1000)
        self.backup_timer.timeout.connect(self._backup_if_due)
        self.backup_timer.start()
        self.idle = IdleWatcher(self)  # locks an encrypted journal after the minutes chosen
        self.idle.idle.connect(lambda: self.lock_journal(idle=True))
        self.idle.set_minutes(self.preferences.lock_minutes)
        self._enable_journal_actions()
        # The keyboard starts where the work is: arrows move through the cards, Enter opens.
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ building

    def _build_ui(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if self.library.problems:
            outer.addWidget(self._problem_banner())

        bar = self.browse_bar = BrowseBar(self.library.decks)
        self.deck_box, self.search = bar.deck_box, bar.search  # the window's own names
        self.theme_buttons = bar.theme_buttons
        outer.addWidget(bar)

        self.pages = QStackedWidget()
        self.empty = QLabel("No cards match. Clear the search or choose another theme.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("No matching cards")
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(SPACING * 2, SPACING, SPACING * 2, SPACING)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addWidget(self.empty, 1)
        self.pages.addWidget(grid_page)

        outer.addWidget(self.pages, 1)
        self._outer = outer  # the follow-up panel goes below the pages after the first paint
        # The window's screens: everything above, or the lock screen (built when first
        # locked) in its place.
        self.screens = QStackedWidget()
        self.screens.addWidget(central)
        self.setCentralWidget(self.screens)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Slot,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menus, from one table: a menu's entries in order (None for a separator), each
        the attribute it is kept as (if any), its text, its shortcut and what it does. The
        keys a card takes itself are shown beside its entries, from the key map."""
        keys = QKeySequence.StandardKey

        def card(text: str, action: str) -> str:  # the key a card takes, shown in the menu
            return f"{text}\t{keymap.label(keymap.CARD, action)}"

        table: dict[str, list[MenuEntry]] = {
            "&File": [
                (None, "&New Journal…", keys.New, lambda: self.journals.create_new()),
                (None, "&Open Journal…", keys.Open, lambda: self.journals.choose()),
                (None, "&Back Up Journal Now", None, lambda: self.journals.back_up_now()),
                (
                    None,
                    "&Restore Journal From Backup…",
                    None,
                    lambda: self.journals.choose_backup(),
                ),
                None,
                (None, "&Export Journal…", None, lambda: self.journals.choose_export()),
                (None, "&Import Journal…", None, lambda: self.journals.choose_import()),
                None,
                ("encrypt_action", "Encrypt &Journal…", None, lambda: self.journals.encrypt()),
                (
                    "rekey_action",
                    "Change Pa&ssphrase…",
                    None,
                    lambda: self.journals.change_passphrase(),
                ),
                ("decrypt_action", "Decr&ypt Journal…", None, lambda: self.journals.decrypt()),
                (
                    "recovery_key_action",
                    "Save Reco&very Key…",
                    None,
                    lambda: self.journals.save_recovery_key(),
                ),
                ("lock_action", "Loc&k Journal Now", "Ctrl+L", self.lock_journal),
                None,
                (None, "&Print Cards…", keys.Print, self.print_cards),
                (None, "Print &Worksheets…", None, self.print_worksheets),
                (None, "Export Card I&mages…", None, self.export_card_images),
                (None, "Export Journal as P&DF…", None, self.export_journal_pdf),
                None,
                (None, "Start a Session P&lan…", "Ctrl+Shift+L", lambda: self.plans.choose()),
                None,
                (None, "New &Team Check-in…", None, self.new_team_checkin),
                ("checkins_action", "Team &Check-ins…", "Ctrl+Shift+K", self.team_checkins),
                (None, "&Answer a Check-in Invitation…", None, lambda: self.answer_invitation()),
                None,
                (None, "Open Deck &Folder", None, self.open_deck_folder),
                None,
                ("quit_action", "&Quit", keys.Quit, self.close),
            ],
            "&Edit": [],  # the undo stack's own actions, below
            "&View": [
                ("journal_action", "&Journal", "Ctrl+Shift+J", self.show_journal),
                ("present_action", "&Present…", "F5", self.present),
                ("check_action", "&Temperature Check…", "Ctrl+T", self.start_temperature_check),
                ("look_back_action", "Look &Back", "Ctrl+Shift+B", lambda: self.look_back()),
                ("commitments_action", "Co&mmitments", "Ctrl+Shift+M", self.show_commitments),
                ("panel_action", "Reflection &Panel", "Ctrl+J", self.toggle_panel),
                ("find_action", "&Find", keys.Find, self.focus_search),
                # The card view takes these keys itself when it (or a child that leaves
                # them, like a checkbox) has focus, so a focused tab bar or text box keeps
                # its own arrow keys; the menu only shows them.
                ("grid_action", card("All &Cards", "grid"), None, self.show_grid),
                None,
                ("flip_action", card("&Flip Card", "flip"), None, lambda: self.card_view.flip()),
                (
                    "prev_action",
                    card("&Previous Card", "previous"),
                    None,
                    lambda: self.card_view.step(-1),
                ),
                ("next_action", card("&Next Card", "next"), None, lambda: self.card_view.step(1)),
                (
                    "first_action",
                    card("F&irst Card", "first"),
                    None,
                    lambda: self.card_view.first(),
                ),
                ("last_action", card("&Last Card", "last"), None, lambda: self.card_view.last()),
                ("random_action", "&Random Card", "R", self.random_card),
                None,
                ("zoom_in_action", "Larger Card Text", keys.ZoomIn, lambda: self.zoom_by(1)),
                ("zoom_out_action", "Smaller Card Text", keys.ZoomOut, lambda: self.zoom_by(-1)),
                ("zoom_reset_action", "Actual Card Text Size", "Ctrl+0", self.zoom_reset),
                None,
            ],
            "&Help": [("about_action", "&About LeadCards", None, self.show_about)],
        }
        menus: dict[str, QMenu] = {}
        for title, entries in table.items():
            menu = menus[title] = self.menuBar().addMenu(title)
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                    continue
                name, text, shortcut, slot = entry
                action = self._action(text, shortcut, slot)
                menu.addAction(action)
                if name is not None:
                    setattr(self, name, action)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.panel_action.setCheckable(True)
        self.panel_action.setChecked(True)
        self.zoom_in_action.setShortcuts([QKeySequence(keys.ZoomIn), QKeySequence("Ctrl+=")])
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(keys.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(keys.Redo)
        menus["&Edit"].addActions([undo, redo])
        self.lock_group = QActionGroup(self)
        self.lock_menu = QMenu("Lock Journal W&hen Idle", self)
        menus["&File"].insertMenu(self.lock_action, self.lock_menu)
        for minutes in LOCK_MINUTES:
            action = QAction(minutes_text(minutes), self, checkable=True)
            action.setData(minutes)
            action.setChecked(minutes == self.preferences.lock_minutes)
            action.triggered.connect(lambda _=False, m=minutes: self.set_lock_minutes(m))
            self.lock_group.addAction(action)
            self.lock_menu.addAction(action)
        menus["&Edit"].addSeparator()
        # Ctrl+Shift+C is free: no menu or key map here uses it, and text boxes copy text
        # with Ctrl+C.
        self.copy_image_action = self._action(
            "&Copy Card as Image", "Ctrl+Shift+C", self.copy_card_image
        )
        menus["&Edit"].addAction(self.copy_image_action)
        view = menus["&View"]
        self.motion_group = self._choice_menu(
            view.addMenu("Card &Animation"),
            ((Motion.SYSTEM, "Follow System"), (Motion.ON, "On"), (Motion.OFF, "Off")),
            self.set_motion,
        )
        self.appearance_group = self._choice_menu(
            view.addMenu("&Appearance"),
            (
                (Appearance.SYSTEM, "Follow System"),
                (Appearance.LIGHT, "Light"),
                (Appearance.DARK, "Dark"),
            ),
            self.set_appearance,
        )

    def show_about(self) -> None:
        from leadcards.ui.about import show_about  # the About box, on first use

        show_about(self, self.library)

    def _choice_menu(self, menu: QMenu, options: tuple, choose: object) -> QActionGroup:  # type: ignore[type-arg]
        """Checkable, exclusive menu entries; each carries its value as the action's data."""
        group = QActionGroup(self)
        for value, text in options:
            action = QAction(text, self, checkable=True)
            action.setData(value.value)
            action.triggered.connect(lambda _=False, v=value: choose(v))  # type: ignore[operator]
            group.addAction(action)
            menu.addAction(action)
        return group

    def _connect(self) -> None:
        self.browse_bar.deck_chosen.connect(self._deck_chosen)
        self.browse_bar.search_changed.connect(lambda _: self.refresh_cards())
        self.browse_bar.search_entered.connect(self._search_entered)
        self.browse_bar.theme_chosen.connect(self._theme_chosen)
        self.grid.clicked.connect(self._open_index)
        self.grid.activated.connect(self._open_index)
        hints = QApplication.styleHints()
        hints.colorSchemeChanged.connect(
            lambda _: self.apply_appearance(self.preferences.appearance)
        )

    @property
    def card_view(self) -> CardView:
        """The large card, built on first use (see build_card_page)."""
        if self._card_view is None:
            self.build_card_page()
        assert self._card_view is not None
        return self._card_view

    @property
    def panel(self) -> ReflectionPanel:
        """The reflection panel beside the large card, built with it."""
        if self._panel is None:
            self.build_card_page()
        assert self._panel is not None
        return self._panel

    # ------------------------------------------------------------------ the journal

    @property
    def journals(self) -> JournalController:
        """The journal open in this window and its File menu actions (made on first use:
        it loads the journal's modules)."""
        if self._journals is None:
            from leadcards.journal.service import JournalService
            from leadcards.ui.journal_controller import JournalController

            made = JournalController(
                self, JournalService(self.paths), self.library, self.save_draft
            )
            made.changed.connect(self._journal_changed)
            made.key_changed.connect(lambda _: self._enable_journal_actions())
            made.closing.connect(self._journal_closing)
            made.imported.connect(self._imported)
            made.status.connect(self.statusBar().showMessage)
            made.problem.connect(self.report_problem)
            self._journals = made
        return self._journals

    @property
    def journal(self) -> Journal | None:
        """The journal open now, if any."""
        return self._journals.journal if self._journals is not None else None

    def kept_files(self) -> Keep:
        """What no file saved from the app may replace: LeadCards' own files and the
        journal open now."""
        if self._journals is None:
            return Keep.of(self.paths)
        return self._journals.kept_files()

    def open_saved_journal(self) -> None:
        """Open the journal used last (or the default one), unless one is open already."""
        if self.journal is None:
            saved = self.window_state.value("journal", str(self.paths.default_journal))
            self.journals.open(Path(saved))

    def _journal_changed(self, journal: Journal | None) -> None:
        self._enable_journal_actions()
        if journal is not None:
            self._leave_lock_screen()
            self.window_state.set_value("journal", str(journal.path))
            if self.presenter is not None:
                self.presenter.journal_opened(journal)
            if self._card_view is not None:  # else it loads them as it is built
                self._card_view.load_marks(
                    {key: set(marks) for key, marks in journal.all_card_marks().items()}
                )
            if self._panel is not None:
                self._panel.set_journal(journal)
            self.undo_stack.clear()
            if self._journal_view is not None:
                self._journal_view.set_journal(journal)
            self._sync_panel()
        if self.checkin_window is not None:
            self.checkin_window.refresh()
        if self._commitments is not None:  # after the first paint: asked there first
            self._commitments.ask_about_due()
        self._show_journal_name()

    def _imported(self) -> None:
        """Reflections, commitments and runs arrived: every view of them shows them."""
        self.refresh_journal_view(tags=True)
        if self._commitments is not None:
            self._commitments.refresh()
        if self.look_back_view is not None and self.look_back_view.isVisible():
            self.look_back_view.refresh()

    def _journal_closing(self, journal: Journal) -> None:
        if self._plans is not None and self._plans.session is not None:
            self._plans.leave()  # what the plan captured goes into the journal it began in
        if self._commitments is not None:
            self._commitments.journal_closing()
        if self.look_back_view is not None:
            self.look_back_view.close()
        if self.presenter is not None and self.presenter.journal is journal:
            self.presenter.journal_closing()
        self.save_draft()
        if self._panel is not None:
            self._panel.set_journal(None)
        self.undo_stack.clear()
        if self._journal_view is not None:
            self._journal_view.set_journal(None)
        if self._card_view is not None:  # no tick of the closed journal stays on a card
            self._card_view.load_marks({})
        QTimer.singleShot(0, self._enable_journal_actions)  # once it is closed

    # ------------------------------------------------------------------ encryption, locking

    def _enable_journal_actions(self) -> None:
        """The File menu's encryption entries follow the journal open now."""
        journal = self.journal
        encrypted = journal is not None and journal.encrypted
        self.encrypt_action.setEnabled(journal is not None and not encrypted)
        for action in (self.rekey_action, self.decrypt_action, self.recovery_key_action):
            action.setEnabled(encrypted)
        self.lock_action.setEnabled(encrypted)

    def set_lock_minutes(self, minutes: int) -> None:
        """File ▸ Lock Journal When Idle: kept as a preference, and the timer follows it."""
        self.preferences.lock_minutes = minutes
        self.preferences.sync()
        self.idle.set_minutes(self.preferences.lock_minutes)
        for action in self.lock_group.actions():
            action.setChecked(action.data() == minutes)

    def lock_journal(self, *, idle: bool = False) -> bool:
        """File ▸ Lock Journal Now (and the idle timer): the encrypted journal is closed, its
        key dropped, every window showing it closed, and the lock screen shown in their
        place until its passphrase is typed. Nothing for a plain journal."""
        if self._journals is None or self.journal is None or not self.journal.encrypted:
            return False
        if self._plans is not None and self._plans.session is not None:
            self._plans.leave()
        path = self._journals.lock()
        if path is None:
            return False
        self.locked_path = path
        for window in (self.checkin_window, self.look_back_view):
            if window is not None:
                window.close()
        for dialog in self.findChildren(QDialog):  # a journal PDF, a temperature check, a box
            if dialog.isVisible():
                dialog.reject()
        if self._journal_view is not None and self.pages.currentWidget() is self._journal_view:
            self.show_grid()
        if self.lock_screen is None:
            self.lock_screen = LockScreen()
            self.lock_screen.unlock_requested.connect(self.unlock_journal)
            self.lock_screen.browse_requested.connect(self._browse_while_locked)
            self.screens.addWidget(self.lock_screen)
        self.screens.setCurrentWidget(self.lock_screen)
        minutes = self.preferences.lock_minutes
        why = (
            f" after {minutes} {plural('minute', minutes)} without use" if idle and minutes else ""
        )
        self.lock_screen.show_locked(path.name, why)
        self._show_journal_name()
        self.journal_label.setText(f"Journal: {path.name} (locked)")
        self._enable_journal_actions()
        announce(self, f"{path.name} is locked")
        return True

    def unlock_journal(self, passphrase: object) -> bool:
        """The lock screen's Unlock: the same journal opened again with the passphrase."""
        from leadcards.journal.cipher import Passphrase

        path = self.locked_path
        if path is None or self.lock_screen is None or not isinstance(passphrase, Passphrase):
            return False
        problem = self.journals.unlock(path, passphrase)
        if problem is not None:
            self.lock_screen.say(problem)
            return False
        return True

    def _leave_lock_screen(self) -> None:
        if self.screens.currentWidget() is not self.screens.widget(0):
            self.screens.setCurrentIndex(0)
            self.focus_cards()
        self.locked_path = None

    def _browse_while_locked(self) -> None:
        """The cards without the journal: it stays closed (open it again from File)."""
        self._leave_lock_screen()
        self._show_journal_name()

    def _show_journal_name(self) -> None:
        name = self.journal.name if self.journal else "no journal open"
        self.journal_label.setText(f"Journal: {name}")
        self.setWindowTitle(name)  # Qt adds " — LeadCards" (the application's display name)

    def _backup_if_due(self) -> None:
        if self._journals is not None:
            self._journals.back_up_if_due()

    def after_first_paint(self) -> None:
        """What the start-up leaves until the cards are on screen: the tick boxes' outline,
        the journal, then the card page (so the first card opens at once). Nothing, if
        the window was closed first."""
        if self._closed:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        appearance.outline_tick_boxes(app)
        self.open_saved_journal()
        self.build_card_page()
        self.commitments.ask_about_due()  # a panel below the cards; the keyboard stays
        if self.preferences.look_back_on_open and self.journal is not None:
            self.look_back(quietly=True)  # the cards keep the keyboard

    def build_card_page(self) -> None:
        """Build the card page (the large card, the reflection panel and the buttons under
        them) if not yet built: when a card is first opened, or just after the window's
        first paint (launch asks for that, so the first card opens at once)."""
        if self._card_view is not None:
            return
        from leadcards.ui.card_page import CardPage

        page = self._card_page = CardPage(
            self.preferences.zoom, self.scheme, self.panel_action.isChecked()
        )
        view, panel = self._card_view, self._panel = page.view, page.panel
        self.splitter, self.position = page.splitter, page.position
        self.back_button = page.back_button
        self.pages.insertWidget(1, page)  # after the grid, before the journal if it is built
        page.back_button.clicked.connect(self.show_grid)
        page.random_button.clicked.connect(self.random_card)
        view.close_requested.connect(self.show_grid)
        view.card_changed.connect(self._card_changed)
        view.card_flipped.connect(self._card_flipped)
        view.indicator_marked.connect(self._indicator_marked)
        panel.problem_reported.connect(self.report_problem)
        panel.reflection_saved.connect(lambda _: self.refresh_journal_view())
        panel.reflection_saved.connect(lambda _: self.tell("Reflection saved", panel.status, 4000))
        self.apply_motion(self.preferences.motion)
        view.set_cards(self.deck, self.filtered())
        self._update_position()
        if self.journal is not None:
            view.load_marks(
                {key: set(marks) for key, marks in self.journal.all_card_marks().items()}
            )
            panel.set_journal(self.journal)

    def save_draft(self) -> None:
        """Keep the reflection being written, if the panel has been built."""
        if self._panel is not None:
            self._panel.save_draft()

    # ------------------------------------------------------------------ decks and filters

    def select_deck(self, deck_id: str) -> None:
        index = self.deck_box.findData(deck_id)
        if index >= 0:
            self.deck_box.setCurrentIndex(index)
            self._deck_chosen(deck_id)

    def _deck_chosen(self, deck_id: str) -> None:
        if self.deck.id == deck_id and self.theme_buttons.buttons():
            return
        self.deck = self.library.deck(deck_id)
        self.theme_id = None
        self._build_theme_buttons()
        self.refresh_cards()
        self.show_grid()
        self.window_state.set_value("deck", deck_id)

    def _build_theme_buttons(self) -> None:
        self.browse_bar.show_themes(self.deck, self.theme_id, self.scheme, after=self.grid)

    def _theme_chosen(self, theme_id: str) -> None:
        self.theme_id = theme_id or None
        self.refresh_cards()

    def filtered(self) -> tuple:  # type: ignore[type-arg]
        return filter_cards(self.deck, self.theme_id, self.search.text())

    def refresh_cards(self) -> None:
        cards = self.filtered()
        shown_card = self._card_view.card if self._card_view is not None else None
        current = shown_card.id if shown_card else None
        self.grid.set_cards(self.deck, cards, self.scheme)
        if self._card_view is not None:
            self._card_view.set_cards(self.deck, cards)
        self.grid.setVisible(bool(cards))
        self.empty.setVisible(not cards)
        if current:
            self.grid.select_card(current)
        total = len(self.deck.cards)
        shown = "all" if len(cards) == total else f"{len(cards)} of"
        self.statusBar().showMessage(
            f"{self.deck.title}: {shown} {total} {plural(self.deck.terms.card, total)}"
        )
        self._update_position()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_entered(self) -> None:
        """Enter in the search box: open the only match, or go to the matching cards."""
        cards = self.grid.card_model.cards
        if len(cards) == 1:
            self.open_card(cards[0].id)
        elif cards:
            if not self.grid.currentIndex().isValid():
                self.grid.setCurrentIndex(self.grid.card_model.index(0))
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
            self.tell(f"{len(cards)} {plural(self.deck.terms.card, len(cards))}", self.grid)
        else:
            self.tell("No cards match", self.search)

    def tell(self, message: str, about: QWidget, timeout: int = 4000) -> None:
        """Show ``message`` in the status bar and say it to a screen reader."""
        self.statusBar().showMessage(message, timeout)
        announce(about, message)
        self.announced.emit(message)

    # ------------------------------------------------------------------ the card page

    def _open_index(self, index: QModelIndex) -> None:
        card = self.grid.card_model.cards[index.row()] if index.isValid() else None
        if card is not None:
            self.open_card(card.id)

    def open_card(self, card_id: str, *, back: bool = False) -> None:
        self.card_view.set_cards(self.deck, self.filtered())
        self.card_view.show_card(card_id, back=back)
        self.browse_bar.show()
        self.pages.setCurrentWidget(self.card_page)
        self._enable_card_actions(True)
        self.card_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_grid(self) -> None:
        self.browse_bar.show()
        self.pages.setCurrentIndex(0)
        self._enable_card_actions(False)
        if self._card_view is not None and self._card_view.card is not None:
            self.grid.select_card(self._card_view.card.id)
        self.window_state.set_value("page", "grid")
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def journal_view(self) -> JournalView:
        """The journal's page, built on first use (View ▸ Journal)."""
        if self._journal_view is None:
            from leadcards.ui.journal_view import JournalView

            view = self._journal_view = JournalView(self.library, undo_stack=self.undo_stack)
            self.pages.addWidget(view)
            view.close_requested.connect(self.show_grid)
            view.problem_reported.connect(self.report_problem)
            view.entry_deleted.connect(
                lambda _: self.tell("Reflection deleted. Undo with Ctrl+Z.", view.list, 8000)
            )
            view.set_scheme(self.scheme)
            view.set_journal(self.journal)
        return self._journal_view

    def refresh_journal_view(self, *, tags: bool = False) -> None:
        """Show the journal's current reflections in its view, if it has been built."""
        if self._journal_view is not None:
            if tags:
                self._journal_view.refresh_tags()
            self._journal_view.refresh()

    def show_journal(self) -> None:
        self.save_draft()
        view = self.journal_view
        view.refresh_tags()
        view.refresh()
        self.pages.setCurrentWidget(view)
        self.browse_bar.hide()  # the journal has filters of its own
        self._enable_card_actions(False)
        view.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def present(self) -> Presenter:
        """View ▸ Present: the filtered cards on an audience window, the console here."""
        from leadcards.ui.presenter import Presenter

        if self.presenter is not None and self.presenter.isVisible():
            self.presenter.raise_()
            self.presenter.activateWindow()
            return self.presenter  # one session at a time
        self.save_draft()
        start = self.card_view.card.id if self.showing_card() and self.card_view.card else None
        self.presenter = Presenter(
            self.deck, self.filtered() or self.deck.cards, self.journal, self.scheme, start=start
        )
        self.presenter.show_windows()
        if self._plans is not None and self._plans.session is not None:
            self._plans.present_in(self.presenter)  # the console shows the step
        return self.presenter

    def print_cards(self) -> PrintDialog:
        """File ▸ Print Cards…: one dialog, kept for the session so its choices stay."""
        if self.print_dialog is None:
            from leadcards.ui.print_dialog import PrintDialog

            self.print_dialog = PrintDialog(
                self.library, self.paths, self.deck.id, self, kept=self.kept_files
            )
        self.print_dialog.show()
        self.print_dialog.raise_()
        self.print_dialog.activateWindow()
        return self.print_dialog

    def export_card_images(self) -> ImageExportDialog:
        """File ▸ Export Card Images…: a PNG per card and side, into a folder or a zip."""
        from leadcards.ui.image_export_dialog import ImageExportDialog

        dialog = ImageExportDialog(
            self.library, self.paths, self.deck.id, self, kept=self.kept_files
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def copy_card_image(self) -> Task | None:
        """Edit ▸ Copy Card as Image: the card shown, the side shown, on the clipboard."""
        view = self._card_view
        shown = self._card_page is not None and self.pages.currentWidget() is self._card_page
        if view is None or view.card is None or view.deck is None or not shown:
            self.tell("Open a card first: Copy Card as Image copies the card shown.", self.grid)
            return None
        from leadcards.ui.card_clipboard import copy_card_image

        card, back = view.card, view.showing_back

        def copied(image: CardImage) -> None:
            side = "back" if back else "front"
            self.tell(
                f"Copied the {side} of {card.title} as an image "
                f"({image.width} by {image.height} pixels).",
                view,
            )

        return copy_card_image(
            self,
            self.paths,
            view.deck,
            card,
            back,
            copied,
            lambda exc: self.report_problem(f"The card was not copied: {exc}"),
        )

    def print_worksheets(self) -> WorksheetsDialog:
        from leadcards.ui.journal_pdf_dialog import WorksheetsDialog

        dialog = WorksheetsDialog(
            self.library, self.paths, self.deck.id, self, kept=self.kept_files
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_journal_pdf(self) -> JournalPdfDialog | None:
        if self.journal is None:
            self.report_problem("Open a journal first.")
            return None
        self.save_draft()
        from leadcards.ui.journal_pdf_dialog import JournalPdfDialog

        dialog = JournalPdfDialog(
            self.library, self.journal, self.paths, self, kept=self.kept_files
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def start_temperature_check(self) -> TemperatureDialog | None:
        if self.journal is None:
            self.report_problem("Open a journal first: temperature checks are kept in it.")
            return None
        self.save_draft()
        marks = {
            card: found
            for (deck, card), found in self.journal.all_card_marks().items()
            if deck == self.deck.id
        }
        from leadcards.ui.temperature_view import TemperatureDialog  # loaded on first use

        dialog = TemperatureDialog(self.deck, self.journal, marks, self.scheme, self)
        dialog.setObjectName("temperatureDialog")
        dialog.check_saved.connect(
            lambda count: self.statusBar().showMessage(f"Temperature check saved ({count})", 6000)
        )
        dialog.marks_changed.connect(self._marks_changed_elsewhere)
        dialog.finished.connect(lambda _: self.activateWindow())  # the keys come back here
        dialog.open()
        return dialog

    def _marks_changed_elsewhere(self, deck_id: str, card_id: str, marks: dict[str, Mark]) -> None:
        """Ticks made in the temperature check (already kept in the journal) show on the
        card's back at once, so the next tick there starts from them."""
        if deck_id != self.deck.id or self._card_view is None:
            return  # a card page built later loads the marks from the journal
        self.card_view.set_marks(card_id, set(marks))
        shown = self.card_view.card
        if shown is not None and shown.id == card_id:
            self.panel.set_marks(self._current_marks(card_id))

    @property
    def card_page(self) -> CardPage:
        """The card page, built on first use (see build_card_page)."""
        if self._card_page is None:
            self.build_card_page()
        assert self._card_page is not None
        return self._card_page

    def showing_card(self) -> bool:
        return self._card_view is not None and self.pages.currentWidget() is self.card_page

    def random_card(self) -> None:
        if not self.showing_card():
            cards = self.filtered()
            if not cards:
                return
            self.open_card(self.card_view.rng.choice(cards).id)
            return
        self.card_view.random_card()

    def _enable_card_actions(self, on: bool) -> None:
        for action in (
            self.grid_action,
            self.flip_action,
            self.prev_action,
            self.next_action,
            self.first_action,
            self.last_action,
        ):
            action.setEnabled(on)

    # ------------------------------------------------------------------ team check-ins

    def team_checkins(self) -> CheckInWindow:
        """File ▸ Team Check-ins: the open journal's check-ins (the window is made once)."""
        if self.checkin_window is None:
            from leadcards.ui.checkin_window import CheckInWindow

            self.checkin_window = CheckInWindow(
                self.library,
                lambda: self.journal,
                self.kept_files,
                self,
                audience=self._presenting_audience,
            )
        self.checkin_window.refresh()
        self.checkin_window.show()
        self.checkin_window.raise_()
        self.checkin_window.activateWindow()
        return self.checkin_window

    def look_back(self, *, quietly: bool = False) -> LookBackView:
        """View ▸ Look Back (one window, made on first use). ``quietly``: shown without
        taking the keyboard from the cards (as it opens after the first paint)."""
        if self.look_back_view is None:
            from leadcards.ui.look_back_view import LookBackView

            view = LookBackView(
                self.library,
                lambda: self.journal,
                show_on_open=self.preferences.look_back_on_open,
                parent=self,
            )
            view.show_on_open_changed.connect(self._look_back_on_open)
            self.look_back_view = view
        view = self.look_back_view
        view.refresh()
        view.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, quietly)
        focused = QApplication.focusWidget()
        view.show()
        if quietly:  # a window manager may activate it all the same: take the keys back
            self.activateWindow()
            if focused is not None:
                focused.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            view.raise_()
            view.activateWindow()
        return view

    @property
    def commitments(self) -> CommitmentsController:
        """The follow-up panel and View ▸ Commitments (made on first use, which at
        start-up is just after the first paint)."""
        if self._commitments is None:
            from leadcards.ui.commitments_controller import CommitmentsController

            made = CommitmentsController(self.library, lambda: self.journal, self)
            made.problem.connect(self.report_problem)
            self._outer.addWidget(made.panel)
            self._commitments = made
        return self._commitments

    @property
    def plans(self) -> PlanController:
        """The session plan running in this window, if any (made on first use)."""
        if self._plans is None:
            from leadcards.ui.plan_controller import PlanController

            self._plans = PlanController(self, self)
        return self._plans

    def focus_cards(self) -> None:
        """The keyboard back on the cards: the card shown, or the grid."""
        target = self.card_view if self.showing_card() else self.grid
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_commitments(self) -> QWidget:
        """View ▸ Commitments."""
        return self.commitments.show_window(self, self.deck.id)

    def _look_back_on_open(self, on: bool) -> None:
        self.preferences.look_back_on_open = on
        self.preferences.sync()

    def _presenting_audience(self) -> AudienceWindow | None:
        """The audience window of a presentation running now, if one is."""
        if self.presenter is not None and self.presenter.isVisible():
            return self.presenter.audience
        return None

    def new_team_checkin(self, *, deck_id: str | None = None, card_ids: Sequence[str] = ()) -> None:
        self.team_checkins().new_checkin(deck_id=deck_id, card_ids=card_ids)

    def answer_invitation(self, path: Path | None = None) -> QDialog | None:
        from leadcards.ui.checkin_window import answer_invitation

        return answer_invitation(self, path, self.kept_files(), self.report_problem)

    def open_checkin_file(self, path: Path) -> None:
        """A check-in file opened with the app: an invitation is answered; a response is
        added to its check-in in the journal (opened first if need be)."""
        from leadcards.checkin.service import file_kind

        found = file_kind(path)
        if found is not None and found[0] == "response":
            self.open_saved_journal()
            self.team_checkins().add_response_to_its_checkin(path, found[1])
        else:
            self.answer_invitation(path)

    def report_problem(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # loaded when first needed

        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "LeadCards", message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("problemBox")
        box.open()

    def _indicator_marked(self, card_id: str, indicator_id: str, ticked: bool) -> None:
        from leadcards.journal.model import JournalError  # loaded with the journal, after start-up

        marks = self._current_marks(card_id)
        if self.journal is not None:
            try:
                self.journal.set_card_marks(self.deck.id, card_id, marks)
            except JournalError as exc:
                self.report_problem(f"The tick could not be saved: {exc}")
        self.panel.set_marks(marks)

    def _current_marks(self, card_id: str) -> dict[str, Mark]:
        from leadcards.journal.model import mark_for

        card = self.deck.card(card_id)
        ticked = self.card_view.marks(card_id)
        return {i.id: mark_for(g.polarity.value) for g, i in card.indicators() if i.id in ticked}

    def _sync_panel(self) -> None:
        if self._card_view is None:
            return
        card = self.card_view.card
        if card is not None and self.deck.card(card.id) is card:
            self.panel.show_card(self.deck, card)
            self.panel.set_marks(self._current_marks(card.id))

    def toggle_panel(self) -> None:
        if self._panel is not None:
            self._panel.setVisible(self.panel_action.isChecked())

    def _card_changed(self, card_id: str) -> None:
        self._sync_panel()
        self.window_state.set_value("card", card_id)
        self.window_state.set_value("page", "card")
        self.grid.select_card(card_id)
        self._update_position()
        if self.showing_card():  # the next card on the same page (opening one moves focus)
            card = self.deck.card(card_id)
            self.tell(f"{card.title}, {self.position.accessibleName()}", self.card_view)

    def _card_flipped(self, card_id: str, back: bool) -> None:
        card = self.deck.card(card_id)
        self.tell(f"{card.title}: {'back' if back else 'front'}", self.card_view)

    def _update_position(self) -> None:
        if self._card_view is not None:  # else its buttons are set as it is built
            self.card_page.show_position(self.deck.terms.card)

    # ------------------------------------------------------------------ preferences

    def set_appearance(self, choice: Appearance) -> None:
        self.preferences.appearance = choice
        self.apply_appearance(choice)

    def apply_appearance(self, choice: Appearance, *, outlined: bool = True) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.scheme = appearance.apply(app, choice, outlined=outlined)
        for action in self.appearance_group.actions():
            action.setChecked(action.data() == choice.value)
        self._build_theme_buttons()
        self.browse_bar.set_scheme(self.scheme)
        self.setStyleSheet(appearance.focus_style(self.scheme))
        self.grid.delegate.scheme = self.scheme
        if self.grid.isVisible():  # a grid not yet shown paints in the new colours anyway
            self.grid.viewport().update()
        if self._card_view is not None:
            self._card_view.set_scheme(self.scheme)
        if self._journal_view is not None:
            self._journal_view.set_scheme(self.scheme)

    def set_motion(self, value: Motion) -> None:
        self.preferences.motion = value
        self.apply_motion(value)

    def apply_motion(self, value: Motion) -> None:
        if self._card_view is None:
            pass  # the card view takes the motion preference as it is built
        elif value == Motion.SYSTEM:
            self._card_view.animated = QApplication.isEffectEnabled(Qt.UIEffect.UI_General)
        else:
            self._card_view.animated = value == Motion.ON
        for action in self.motion_group.actions():
            action.setChecked(action.data() == value.value)

    def zoom_by(self, steps: int) -> None:
        current = self.card_view.zoom
        index = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - current))
        self.set_zoom(ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, index + steps))])

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self.preferences.zoom = zoom
        self.card_view.set_zoom(zoom)
        self.statusBar().showMessage(f"Card text {round(zoom * 100)}%", 3000)

    # ------------------------------------------------------------------ state

    def _restore_deck(self) -> None:
        self.restore_window_state()
        deck_id = self.window_state.value("deck", self.library.decks[0].id)
        if deck_id not in self.library.ids():
            deck_id = self.library.decks[0].id
        self.deck = self.library.deck(deck_id)
        with QSignalBlocker(self.deck_box):
            self.deck_box.setCurrentIndex(self.deck_box.findData(deck_id))

    def _restore_view(self) -> None:
        self.refresh_cards()
        self._enable_card_actions(False)
        card_id = self.window_state.value("card")
        if card_id and card_id in {c.id for c in self.deck.cards}:
            if self.window_state.value("page") == "card":
                QTimer.singleShot(0, lambda: self.open_card(card_id))
            else:
                self.grid.select_card(card_id)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        presenter = self.presenter
        if presenter is not None and presenter.isVisible() and presenter.leave() is not None:
            # it asks about its record
            event.ignore()
            return
        from leadcards.ui import background

        self._closed = True
        background.wait_for_all()  # an export or import in flight finishes first
        if self._plans is not None and self._plans.session is not None:
            self._plans.leave()  # what the running plan captured is kept before the journal closes
        if self._journals is not None:
            self._journals.close()
        self.preferences.sync()
        super().closeEvent(event)

    # ------------------------------------------------------------------ problems, folders

    def _problem_banner(self) -> QWidget:
        count = len(self.library.problems)
        banner = QFrame()
        banner.setObjectName("problemBanner")
        banner.setStyleSheet(
            "#problemBanner { background: #FFF4CE; border-bottom: 1px solid #C8A600; }"
            "#problemBanner QLabel { color: #1A1A1A; }"
        )
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 8, 16, 8)
        noun = "deck file" if count == 1 else "deck files"
        label = QLabel(
            f"{count} {noun} could not be loaded and {'was' if count == 1 else 'were'} "
            "skipped. The other decks are ready to use."
        )
        label.setWordWrap(True)
        label.setObjectName("problemSummary")
        row.addWidget(label, 1)
        details = QPushButton("Details…")
        details.setAccessibleName("Show why deck files were skipped")
        details.clicked.connect(self.show_problems)
        row.addWidget(details)
        return banner

    def problems_text(self) -> str:
        return "\n\n".join(problem.describe() for problem in self.library.problems)

    def show_problems(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Deck files skipped")
        box.setText(
            "These deck files were not loaded. Fix them and restart LeadCards, "
            "or check them with “leadcards decks validate FILE”."
        )
        box.setDetailedText(self.problems_text())
        box.open()

    def open_deck_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        try:
            folder = ensure_dir(self.paths.decks_dir)
        except OSError as exc:
            QMessageBox.warning(
                self, "Deck folder", f"Cannot create {self.paths.decks_dir}: {exc.strerror or exc}"
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
