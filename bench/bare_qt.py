"""Baseline for start-up: a bare PySide6 window showing one label, timed to first paint.

It imports nothing of LeadCards (not even a helper), so the ratio compares LeadCards with
what any PySide6 program pays; the process-age reading is copied here for that reason.
"""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

_T0 = time.perf_counter()


def seconds_since_process_start() -> float | None:
    """How long this process has run, from the kernel's record (Linux), else None."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class FirstPaint(QObject):
    elapsed: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self.elapsed is None:
            self.elapsed = seconds_since_process_start() or (time.perf_counter() - _T0)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv[:1])
label = QLabel("Hello")
watcher = FirstPaint()
label.installEventFilter(watcher)
label.show()
app.exec()
print(f"first paint after {watcher.elapsed * 1000:.0f} ms")
