"""Whether this system can show LeadCards' window, asked before Qt is: Qt that finds no
display, or lacks the X11 libraries its xcb platform needs, stops the process with an
abort and a core dump. The check starts no process and costs a few library loads that Qt
would make anyway, and a look for the display's socket.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence

# What Qt's xcb platform loads from the system (read off libQt6XcbQpa with ldd); the
# PySide6 wheels bring Qt itself, not these.
XCB_LIBRARIES = (
    "libxcb.so.1",
    "libX11.so.6",
    "libX11-xcb.so.1",
    "libxkbcommon.so.0",
    "libxkbcommon-x11.so.0",
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-image.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-randr.so.0",
    "libxcb-render.so.0",
    "libxcb-render-util.so.0",
    "libxcb-shape.so.0",
    "libxcb-shm.so.0",
    "libxcb-sync.so.1",
    "libxcb-util.so.1",
    "libxcb-xfixes.so.0",
    "libxcb-xkb.so.1",
)


def debian_package(library: str) -> str:
    """The Debian and Ubuntu package that ships a library: ``libxcb-cursor.so.0`` is in
    ``libxcb-cursor0``, ``libxkbcommon-x11.so.0`` in ``libxkbcommon-x11-0``."""
    name, _, version = library.partition(".so.")
    name = name.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def _loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def answers(display: str) -> bool:
    """Whether an X server on this machine takes connections for ``display`` (":0",
    "unix:1.0"); True for a display elsewhere, which only Qt can try (LeadCards itself
    opens no network connection). Its socket is a file, or an abstract name on Linux."""
    host, _, number = display.rpartition(":")
    if host not in ("", "unix") or not number.split(".")[0].isdigit():
        return True
    name = f"/tmp/.X11-unix/X{number.split('.')[0]}"
    if os.path.exists(name):
        return True
    import socket  # only here: most systems have the file

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            probe.connect("\0" + name)
    except OSError:
        return False
    return True


def problem(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    loads: Callable[[str], bool] = _loads,
    libraries: Sequence[str] = XCB_LIBRARIES,
) -> str | None:
    """Why the window cannot open here, in words for the person starting LeadCards, or
    None when Qt should manage (or when only Qt itself can tell)."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # a platform the person chose (offscreen, wayland, vnc): Qt's to judge
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return (
            "LeadCards cannot open its window: no display was found (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set). Start it from a desktop session. The command line works "
            "without one: see leadcards --help."
        )
    missing = [library for library in libraries if not loads(library)]
    if not missing:
        if not answers(env["DISPLAY"]):
            return (
                f"LeadCards cannot open its window: no display answers at DISPLAY="
                f"{env['DISPLAY']}. Start it from a desktop session, or set DISPLAY to a "
                "running one. The command line works without one: see leadcards --help."
            )
        return None
    packages = " ".join(debian_package(library) for library in missing)
    return (
        "LeadCards cannot open its window: the X11 libraries Qt needs to show it are "
        f"missing ({', '.join(missing)}). On Debian or Ubuntu, install them with:\n\n"
        f"    sudo apt-get install {packages}\n\n"
        "On other systems, install the packages that provide those files. The command line "
        "works without them: see leadcards --help."
    )


_LIBRARY = re.compile(r"lib[\w.+-]*?\.so(?:\.\d+)*")


def missing_library(message: str) -> str:
    """Words for Qt that failed to load because a system library is missing: only the
    library's name is taken from ``message`` (the import error's text)."""
    found = _LIBRARY.search(message)
    if found is None:
        return (
            "LeadCards cannot open its window: Qt could not be loaded on this system. "
            "Reinstalling LeadCards may help; the command line works without it: see "
            "leadcards --help."
        )
    library = found.group()
    return (
        f"LeadCards cannot open its window: a library Qt needs is missing ({library}). "
        "On Debian or Ubuntu, install it with:\n\n"
        f"    sudo apt-get install {debian_package(library)}\n\n"
        "The command line works without it: see leadcards --help."
    )
