"""Progress and cancelling for long core work (exports, imports, PDFs), without Qt.

Long functions take an optional ``progress`` callback, call it as ``progress(done, total)``
as they go, and let it raise :class:`CancelledError` to stop: whoever runs the work (the CLI, or
the UI's background helper) decides what progress looks like and when to stop.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


class CancelledError(Exception):
    """The person asked for the work to stop; nothing it would have written is kept."""


def no_progress(done: int, total: int) -> None:
    """The callback used when nobody is watching."""
