"""Starting the Qt application: the normal run, and the ``--smoke`` check for installs."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from leadcards import __version__
from leadcards.library import load_library
from leadcards.paths import Paths
from leadcards.ui.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("LeadCards")
    app.setApplicationDisplayName("LeadCards")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("LeadCards")
    app.setDesktopFileName("leadcards")
    return app


def run(paths: Paths) -> int:
    app = create_application()
    window = MainWindow(load_library(paths.decks_dir), paths)
    window.show()
    return app.exec()


def smoke(paths: Paths) -> int:
    """Build the main window with both decks, paint it once off screen, and quit: 0 if fine."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_application()
    library = load_library(paths.decks_dir)
    window = MainWindow(library, paths)
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()
    painted = not window.grab().isNull()
    window.close()
    ok = painted and len(library.decks) >= 2
    print(
        f"LeadCards {__version__} smoke test: {len(library.decks)} decks, "
        f"{'ok' if ok else 'FAILED'}"
    )
    return 0 if ok else 1
