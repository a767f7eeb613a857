"""Preferences and window state, kept apart, in ini files under the config folder.

``Preferences`` holds what the user chose (appearance, animation, card text size);
``WindowStateMixin`` gives any top-level window a remembered size and position.
"""

from __future__ import annotations

import contextlib
import os
from enum import StrEnum

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from leadcards.filelock import private_file
from leadcards.paths import Paths, ensure_dir
from leadcards.ui.appearance import Appearance

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
LOCK_MINUTES = (0, 1, 5, 15, 30, 60)  # File ▸ Lock Journal When Idle; 0 is never


class Motion(StrEnum):
    """Whether cards animate when they flip: as the platform says, always, or never."""

    SYSTEM = "system"
    ON = "on"
    OFF = "off"


def _open(paths: Paths, name: str) -> QSettings:
    with contextlib.suppress(OSError):  # then settings last for this run only
        ensure_dir(paths.config_dir)
        # Made private before Qt first writes it (Qt keeps an existing file's mode).
        private_file(paths.config_dir / name)
    return QSettings(str(paths.config_dir / name), QSettings.Format.IniFormat)


def _sync(store: QSettings) -> None:
    """Write the settings out, readable by the user only: a window's folder and a
    journal report's cover name are the user's own."""
    store.sync()
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(store.fileName(), 0o600)


class Preferences:
    def __init__(self, paths: Paths) -> None:
        self._store = _open(paths, "settings.ini")

    def _text(self, key: str, default: str) -> str:
        value = self._store.value(key, default)
        return value if isinstance(value, str) else default

    @property
    def appearance(self) -> Appearance:
        try:
            return Appearance(self._text("appearance", Appearance.SYSTEM.value))
        except ValueError:
            return Appearance.SYSTEM

    @appearance.setter
    def appearance(self, value: Appearance) -> None:
        self._store.setValue("appearance", value.value)

    @property
    def motion(self) -> Motion:
        try:
            return Motion(self._text("motion", Motion.SYSTEM.value))
        except ValueError:
            return Motion.SYSTEM

    @motion.setter
    def motion(self, value: Motion) -> None:
        self._store.setValue("motion", value.value)

    @property
    def zoom(self) -> float:
        try:
            value = float(self._text("card_zoom", "1.0"))
        except ValueError:
            return 1.0
        return value if value in ZOOM_STEPS else 1.0

    @zoom.setter
    def zoom(self, value: float) -> None:
        self._store.setValue("card_zoom", str(value))

    @property
    def look_back_on_open(self) -> bool:
        """Look Back opens just after the first paint (the user's choice; off by default)."""
        return self._text("look_back_on_open", "false") == "true"

    @look_back_on_open.setter
    def look_back_on_open(self, value: bool) -> None:
        self._store.setValue("look_back_on_open", "true" if value else "false")

    @property
    def lock_minutes(self) -> int:
        """Lock an encrypted journal after this many minutes idle (0: never, the default)."""
        try:
            value = int(self._text("lock_minutes", "0"))
        except ValueError:
            return 0
        return value if value in LOCK_MINUTES else 0

    @lock_minutes.setter
    def lock_minutes(self, value: int) -> None:
        self._store.setValue("lock_minutes", str(value if value in LOCK_MINUTES else 0))

    def sync(self) -> None:
        _sync(self._store)


class WindowState:
    """The remembered state of one window: geometry plus a few named values."""

    def __init__(self, paths: Paths, window_name: str) -> None:
        self._store = _open(paths, "window-state.ini")
        self._group = window_name

    def value(self, key: str, default: str = "") -> str:
        found = self._store.value(f"{self._group}/{key}", default)
        return found if isinstance(found, str) else default

    def set_value(self, key: str, value: str) -> None:
        self._store.setValue(f"{self._group}/{key}", value)

    def geometry(self) -> QByteArray | None:
        found = self._store.value(f"{self._group}/geometry")
        return found if isinstance(found, QByteArray) and not found.isEmpty() else None

    def set_geometry(self, data: QByteArray) -> None:
        self._store.setValue(f"{self._group}/geometry", data)

    def sync(self) -> None:
        _sync(self._store)


class WindowStateMixin:
    """Restores a window's size and position on start and saves them on close.

    Use with a ``QWidget`` subclass: call ``restore_window_state()`` once built, and keep
    ``closeEvent`` calling ``super().closeEvent``.
    """

    window_state: WindowState

    def restore_window_state(self) -> bool:
        geometry = self.window_state.geometry()
        widget = self._as_widget()
        return geometry is not None and widget.restoreGeometry(geometry)

    def save_window_state(self) -> None:
        self.window_state.set_geometry(self._as_widget().saveGeometry())
        self.window_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.save_window_state()
        super().closeEvent(event)  # type: ignore[misc]

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
