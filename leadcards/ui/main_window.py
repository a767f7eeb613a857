"""The main window: for now, the decks LeadCards has loaded, with their themes and credits."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from leadcards import __version__
from leadcards.colours import Scheme, palette
from leadcards.deck import Deck
from leadcards.library import Library
from leadcards.paths import Paths, ensure_dir


def current_scheme() -> Scheme:
    hints = QGuiApplication.styleHints()
    return Scheme.DARK if hints.colorScheme() == Qt.ColorScheme.Dark else Scheme.LIGHT


class DeckTile(QFrame):
    """One deck: title, subtitle, size, its themes in their colours, and who wrote it."""

    def __init__(self, deck: Deck, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deck = deck
        self.setObjectName("deckTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        cards = f"{len(deck.cards)} {_plural(deck.terms.card, len(deck.cards))}"
        themes = f"{len(deck.themes)} {_plural(deck.terms.theme, len(deck.themes))}"
        self.setAccessibleName(f"{deck.title}: {cards}")
        self.setAccessibleDescription(deck.source.credit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        title = QLabel(deck.title)
        title.setObjectName("deckTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        if deck.subtitle:
            subtitle = QLabel(deck.subtitle)
            subtitle.setWordWrap(True)
            layout.addWidget(subtitle)
        counts = QLabel(
            cards if deck.themes and len(deck.themes) == len(deck.cards) else f"{cards} in {themes}"
        )
        counts.setObjectName("deckCounts")
        layout.addWidget(counts)

        chips = QHBoxLayout()
        chips.setSpacing(6)
        for theme in deck.themes:
            colours = palette(theme.colour, scheme, theme.colour_dark)
            chip = QLabel(theme.title)
            chip.setObjectName("themeChip")
            chip.setStyleSheet(
                f"QLabel {{ background: {colours.band}; color: {colours.on_band};"
                " border-radius: 4px; padding: 3px 8px; }"
            )
            chips.addWidget(chip)
        chips.addStretch(1)
        layout.addLayout(chips)

        credit = QLabel(deck.source.credit)
        credit.setObjectName("deckCredit")
        credit.setWordWrap(True)
        small = credit.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        credit.setFont(small)
        layout.addWidget(credit)


def _plural(word: str, count: int) -> str:
    return word.lower() if count == 1 else f"{word.lower()}s"


class MainWindow(QMainWindow):
    def __init__(self, library: Library, paths: Paths) -> None:
        super().__init__()
        self.library = library
        self.paths = paths
        self.setWindowTitle("LeadCards")
        self.resize(880, 640)
        self.setMinimumSize(640, 480)
        self._build_menus()

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if library.problems:
            outer.addWidget(self._problem_banner())

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(14)
        heading = QLabel("Decks")
        heading_font = heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading_font.setBold(True)
        heading.setFont(heading_font)
        column.addWidget(heading)
        scheme = current_scheme()
        self.tiles = [DeckTile(deck, scheme) for deck in library.decks]
        for tile in self.tiles:
            tile.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            column.addWidget(tile)
        column.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.setCentralWidget(central)
        self.statusBar().showMessage(
            f"{len(library.decks)} decks loaded. User decks are read from {paths.decks_dir}"
        )

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_folder = QAction("Open &Deck Folder", self)
        open_folder.setStatusTip("Show the folder LeadCards reads your own deck files from")
        open_folder.triggered.connect(self.open_deck_folder)
        file_menu.addAction(open_folder)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About LeadCards", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

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
        try:
            folder = ensure_dir(self.paths.decks_dir)
        except OSError as exc:
            QMessageBox.warning(
                self, "Deck folder", f"Cannot create {self.paths.decks_dir}: {exc.strerror or exc}"
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about_text(self) -> str:
        credits = "".join(
            f"<p><b>{html.escape(deck.title)}</b>: {html.escape(deck.source.credit)}"
            f" (<i>{html.escape(deck.source.title)}</i>).</p>"
            for deck in self.library.decks
            if deck.id in self.library.builtin_ids
        )
        return (
            f"<h3>LeadCards {html.escape(__version__)}</h3>"
            "<p>Leadership conversation cards to browse, reflect on, present and print. "
            "Everything stays on this computer.</p>"
            f"{credits}"
            "<p>The framework content belongs to its authors and is reproduced with credit. "
            "The question prompts on the cards are written by LeadCards.</p>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, "About LeadCards", self.about_text())
