"""Starting the Qt application: the normal run, and ``--smoke`` for installs and benchmarks."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from leadcards import __version__, resources
from leadcards.library import load_library, with_deck_file
from leadcards.paths import Paths
from leadcards.ui.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fusion on every platform, set by Qt as it starts: set from Python, a style costs the
    # first paint the set-up of QStyle's enums (ContrastStyle replaces it after that paint).
    app = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "Fusion"])
    app.setApplicationName("LeadCards")
    app.setApplicationDisplayName("LeadCards")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("LeadCards")
    app.setDesktopFileName("leadcards")
    icon = resources.file("icons", "leadcards.svg")
    app.setWindowIcon(QIcon(str(icon)))
    return app


def build_main_window(
    paths: Paths, deck_file: Path | None = None, *, start_up: bool = False
) -> MainWindow:
    """The main window over the built-in and user decks (it applies the saved appearance),
    showing the deck in ``deck_file`` if one is given (or why it cannot be shown).
    ``start_up``: built for the app's start-up (see :class:`MainWindow`)."""
    create_application()
    library = load_library(paths.decks_dir)
    shown = checkin_file = None
    if deck_file is not None and _is_checkin_file(deck_file):
        checkin_file = deck_file  # answered, or added, once the window is on screen
    elif deck_file is not None:
        library, shown = with_deck_file(library, deck_file)
    window = MainWindow(library, paths, start_up=start_up)
    if shown is not None:
        window.select_deck(shown)
    if checkin_file is not None:
        QTimer.singleShot(0, lambda: window.open_checkin_file(checkin_file))
    return window


def _is_checkin_file(path: Path) -> bool:
    """A team check-in's invitation or response (given as ``leadcards FILE``, or opened
    from a file manager), rather than a deck file. Read only when the name ends in .json."""
    if path.suffix.lower() != ".json":
        return False
    from leadcards.checkin.service import file_kind  # only for a file that may be one

    return file_kind(path) is not None


def run(paths: Paths, deck_file: Path | None = None) -> int:
    app = create_application()
    install_crash_handler(paths)
    window = build_main_window(paths, deck_file, start_up=True)
    # The grid paints first; the journal opens and the card page is built straight after,
    # so the first card opens at once.
    after_paint = _FirstPaint(window, window.after_first_paint)
    window.installEventFilter(after_paint)
    window.show()
    return app.exec()


def install_crash_handler(paths: Paths) -> None:
    """An error nothing caught (in a slot, say) is written to a crash report with none of
    the user's text, and said once in words; the app goes on, and the journal's saves
    are transactions, so nothing half-written is kept."""
    told: list[bool] = []

    def handle(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        from PySide6.QtWidgets import QMessageBox

        from leadcards import crash  # only when something went wrong

        report = crash.write_report(paths.log_dir, exc.with_traceback(tb), ["(app)"])
        where = f" Details (none of your text) are in {report}." if report else ""
        print(f"leadcards: something went wrong inside LeadCards.{where}", file=sys.stderr)
        if told:
            return
        told.append(True)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "LeadCards",
            "Something went wrong inside LeadCards. What you saved is safe in your "
            f"journal; the last thing you did may not have finished.{where}",
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    sys.excepthook = handle


def seconds_since_process_start() -> float | None:
    """How long this process has run, from the kernel's record (Linux), else None."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
        return uptime - int(fields[19]) / ticks
    except (OSError, ValueError, IndexError):
        return None


class _FirstPaint(QObject):
    """Waits for ``target``'s first paint; once that paint is done (the window and every
    widget in it, the filled card grid too), notes the time and calls ``then``."""

    def __init__(self, target: QObject, then: Callable[[], object]) -> None:
        super().__init__(target)
        self.target = target
        self.then = then
        self.painting = False
        self.elapsed: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.target and event.type() == QEvent.Type.Paint and not self.painting:
            self.painting = True
            QTimer.singleShot(0, self._painted)  # after the children it paints with it
        return False

    def _painted(self) -> None:
        self.elapsed = seconds_since_process_start() or (time.perf_counter() - _IMPORTED)
        self.target.removeEventFilter(self)
        self.then()


_IMPORTED = time.perf_counter()


def smoke(paths: Paths) -> int:
    """Start the GUI, wait for the main window's first paint, report the time; then open
    the journal and build the card page as the app does, and exit 0 if all went well."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_application()
    window = build_main_window(paths, start_up=True)

    opened: list[bool] = []

    def finish() -> None:  # what the app does after its first paint, then stop
        try:
            window.after_first_paint()
            opened.append(window.journal is not None)
        finally:
            QApplication.quit()  # which closes the window, and so the journal

    watcher = _FirstPaint(window, finish)
    window.installEventFilter(watcher)
    window.show()
    QTimer.singleShot(20_000, app.quit)  # never hang an install check
    app.exec()
    decks = len(window.library.decks)
    window.close()
    if watcher.elapsed is None:
        print("LeadCards smoke test FAILED: the main window was never painted", file=sys.stderr)
        return 1
    if not opened:
        print(
            "LeadCards smoke test FAILED: the start-up's work after the first paint failed",
            file=sys.stderr,
        )
        return 1
    # A journal that is not opened (in use in another LeadCards window, say) is said in
    # the window, as in the app, and does not fail the check of the installation.
    note = "" if opened[0] else "; the journal was not opened (said in the window)"
    print(
        f"LeadCards {__version__} smoke test: {decks} decks, first paint after "
        f"{watcher.elapsed * 1000:.0f} ms, ok{note}"
    )
    return 0
