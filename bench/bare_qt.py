"""Baseline for start-up: a bare PySide6 window showing one label, timed to first paint."""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from leadcards.ui.launch import seconds_since_process_start

_T0 = time.perf_counter()


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
