"""Text for a terminal: what a user typed or a file held is shown, never obeyed.

Deck titles, tags, reflections and file names can hold escape sequences (ESC, the C1
controls such as U+009B) that a terminal would act on, and bidirectional overrides that
make text read other than it is. :func:`safe` writes each as a visible ``\\uXXXX`` (which
is also how JSON writes it, so ``--json`` output stays valid); tabs and line breaks stay.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any, TextIO

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def safe(text: str) -> str:
    """``text`` with every control, format or direction character written as ``\\uXXXX``."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code > 0xFFFF:  # as JSON writes it: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


class StreamError(Exception):
    """Standard output is closed or cannot take more (a full disk); the message says so."""


class SafeStream(io.TextIOBase):
    """A text stream that passes everything written through :func:`safe`.

    ``inner`` may be None (the stream was closed when the program started). Standard
    output that is closed or full raises :class:`StreamError`; with ``quiet`` (standard
    error) what cannot be written is dropped, so a message never fails a command that
    has done its work.
    """

    def __init__(self, inner: TextIO | None, *, quiet: bool = False) -> None:
        super().__init__()
        self.inner = inner
        self.quiet = quiet

    def write(self, text: str) -> int:
        self._do(lambda inner: inner.write(safe(text)))
        return len(text)

    def flush(self) -> None:
        self._do(lambda inner: inner.flush())

    def _do(self, action: Callable[[TextIO], object]) -> None:
        if self.inner is None:
            if not self.quiet:
                raise StreamError("standard output is closed")
            return
        try:
            action(self.inner)
        except BrokenPipeError:
            if not self.quiet:
                raise
        except (OSError, ValueError) as exc:  # ValueError: written after it was closed
            if not self.quiet:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "closed"
                raise StreamError(f"cannot write to standard output: {reason}") from None

    def fileno(self) -> int:
        if self.inner is None:
            raise io.UnsupportedOperation("closed")
        return self.inner.fileno()

    def isatty(self) -> bool:
        return self.inner is not None and self.inner.isatty()

    def writable(self) -> bool:
        return True

    @property
    def buffer(self) -> Any:
        """The raw bytes underneath, for data written on purpose (a PDF to a pipe)."""
        if self.inner is None:
            raise StreamError("standard output is closed")
        return self.inner.buffer

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.inner.encoding if self.inner is not None else "utf-8"
