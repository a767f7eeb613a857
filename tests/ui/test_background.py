"""The background helper: work runs off the GUI thread, reports progress, can be cancelled,
and its result or error comes back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from leadcards.progress import Progress
from leadcards.ui.background import run_task

pytestmark = pytest.mark.gui


def test_the_result_comes_back_on_the_gui_thread_and_the_work_ran_off_it(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(progress: Progress) -> int:
        seen["worker"] = threading.current_thread()
        for step in range(5):
            progress(step + 1, 5)
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    task = run_task(parent, "Working…", work, done, pytest.fail)
    with qtbot.waitSignal(task.finished):
        pass
    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert task.reported == (5, 5)
    assert task.dialog.maximum() == 5 and task.dialog.value() == 5
    assert not task.is_running()


def test_cancel_stops_the_work_at_its_next_progress_report(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started, release = threading.Event(), threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> None:
        started.set()
        release.wait(10)
        for step in range(100):
            progress(step, 100)
            steps.append(step)

    task = run_task(parent, "Working…", work, lambda _: pytest.fail("finished"), pytest.fail)
    assert started.wait(10)
    task.dialog.findChild(QPushButton).click()  # the dialog's Cancel
    release.set()
    with qtbot.waitSignal(task.finished):
        pass
    assert task.cancelled
    assert steps == []


def test_an_error_in_the_work_is_handed_to_on_error(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []

    def work(progress: Progress) -> None:
        raise OSError(28, "No space left on device")

    task = run_task(parent, "Working…", work, lambda _: pytest.fail("finished"), errors.append)
    with qtbot.waitSignal(task.finished):
        pass
    assert len(errors) == 1 and isinstance(errors[0], OSError)
    assert errors[0].strerror == "No space left on device"
