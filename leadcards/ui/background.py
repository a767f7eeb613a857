"""Long work off the GUI thread: one small helper for exports, imports, backups and PDFs.

``run_task(parent, "Exporting…", work, on_done)`` runs ``work(progress)`` on a worker
thread while a window-modal progress dialog (shown only if the work takes a moment) reports
``progress(done, total)`` and offers Cancel. ``on_done(result)`` or ``on_error(exception)``
then runs back on the GUI thread. Work is a core call: it never touches widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from leadcards.progress import CancelledError, Progress

SHOW_AFTER_MS = 400  # quicker work finishes without a dialog flashing up


class _Worker(QThread):
    progressed = Signal(int, int)

    def __init__(self, work: Callable[[Progress], Any], stop: threading.Event) -> None:
        super().__init__()
        self.work = work
        self.stop = stop
        self.result: Any = None
        self.error: BaseException | None = None

    def _progress(self, done: int, total: int) -> None:
        if self.stop.is_set():
            raise CancelledError
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            self.result = self.work(self._progress)
        except BaseException as exc:  # reported on the GUI thread, never lost
            self.error = exc


class Task(QObject):
    """One piece of work in the background; ``finished`` is emitted after the callbacks ran."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        cancellable: bool,
        quiet: bool = False,
    ) -> None:
        super().__init__(parent)
        self.on_done = on_done
        self.on_error = on_error
        self.cancelled = False
        self.reported = (0, 0)  # the last (done, total) the work reported
        self._stop = threading.Event()
        self.dialog: QProgressDialog | None = None
        if not quiet:
            self.dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
            self.dialog.setObjectName("taskProgress")
            self.dialog.setWindowTitle("LeadCards")
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(SHOW_AFTER_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            if not cancellable:
                self.dialog.setCancelButton(None)
            self.dialog.canceled.connect(self.cancel)
        self.worker = _Worker(work, self._stop)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        _RUNNING.add(self)
        if self.dialog is not None:
            self.dialog.setValue(0)  # starts the dialog's show-after timer
        self.worker.start()

    def cancel(self) -> None:
        self._stop.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Stopping…")

    def wait(self) -> None:
        """Block until the work is over (used when the window closes)."""
        self.worker.wait()

    def is_running(self) -> bool:
        return self in _RUNNING

    def _progressed(self, done: int, total: int) -> None:
        self.reported = (done, total)
        if total > 0 and self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _finished(self) -> None:
        _RUNNING.discard(self)
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)  # closing the dialog emits it too
            self.dialog.hide()
            self.dialog.deleteLater()
        error = self.worker.error
        try:
            if isinstance(error, CancelledError):
                self.cancelled = True
            elif error is not None:
                self.on_error(error)
            else:
                self.on_done(self.worker.result)
        finally:
            self.worker.deleteLater()
            self.finished.emit()


_RUNNING: set[Task] = set()  # tasks are kept alive here until they are done


def run_task(
    parent: QWidget,
    label: str,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    cancellable: bool = True,
    quiet: bool = False,
) -> Task:
    """With ``quiet``, no progress dialog: for work the window shows in its own way."""
    return Task(parent, label, work, on_done, on_error, cancellable=cancellable, quiet=quiet)


def wait_for_all() -> None:
    """Let every running task finish (the application is closing)."""
    for task in list(_RUNNING):
        task.wait()
