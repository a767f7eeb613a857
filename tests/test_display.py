"""Whether the window can open (leadcards/display.py), asked before Qt aborts the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from leadcards import display


def test_the_package_names_follow_debian() -> None:
    assert display.debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert display.debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert display.debian_package("libX11-xcb.so.1") == "libx11-xcb1"
    assert display.debian_package("libX11.so.6") == "libx11-6"


def test_no_display_is_said_in_words() -> None:
    said = display.problem({}, "linux", lambda _: True)
    assert said is not None and "no display was found" in said and "leadcards --help" in said


def test_missing_libraries_are_named_with_the_line_that_installs_them() -> None:
    present = {"libxcb.so.1", "libX11.so.6"}
    said = display.problem(
        {"DISPLAY": ":0"}, "linux", present.__contains__, ("libxcb.so.1", "libxcb-cursor.so.0")
    )
    assert said is not None
    assert "libxcb-cursor.so.0" in said and "sudo apt-get install libxcb-cursor0\n" in said
    assert "libxcb.so.1," not in said


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({}, "darwin"),
        ({}, "win32"),
        ({"DISPLAY": "otherhost:0"}, "linux"),
    ],
)
def test_what_only_qt_can_judge_is_left_to_qt(environ: dict[str, str], platform: str) -> None:
    assert display.problem(environ, platform, lambda _: True) is None


def test_a_local_display_with_no_server_is_named(tmp_path: Path) -> None:
    assert not display.answers(":4711")
    said = display.problem({"DISPLAY": ":4711"}, "linux", lambda _: True)
    assert said is not None and "no display answers at DISPLAY=:4711" in said


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux")
def test_with_no_display_the_app_says_so_and_exits_without_aborting(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["LEADCARDS_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "leadcards"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1  # not -6 (an abort)
    assert result.stderr.startswith("LeadCards cannot open its window: no display was found")
    assert "Traceback" not in result.stderr and not list(tmp_path.rglob("crash-*"))


def test_a_library_qt_itself_needs_is_named_with_its_package() -> None:
    said = display.missing_library(
        "libEGL.so.1: cannot open shared object file: No such file or directory"
    )
    assert "(libEGL.so.1)" in said and "sudo apt-get install libegl1\n" in said
    assert "could not be loaded" in display.missing_library("something else")
