"""What reaches a terminal (leadcards/terminal.py): shown, never obeyed."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from leadcards.terminal import SafeStream, safe


def test_controls_and_direction_marks_are_shown_not_obeyed() -> None:
    text = "a\x1b[31mb\x9bc\u202ed\u2066e\x07f\rg\U000e0041h"
    shown = safe(text)
    assert shown == "a\\u001b[31mb\\u009bc\\u202ed\\u2066e\\u0007f\\u000dg\\udb40\\udc41h"
    assert safe("tab\tand\nline, é, 😀, ‌ZWNJ") == "tab\tand\nline, é, 😀, ‌ZWNJ"


@given(st.text())
def test_escaped_json_reads_back_the_same(text: str) -> None:
    written = safe(json.dumps({"t": text}, ensure_ascii=False))
    assert json.loads(written) == {"t": text}
    assert all(ch == "\n" or ch == "\t" or ch >= " " for ch in written)


def test_a_safe_stream_escapes_everything_written() -> None:
    inner = io.StringIO()
    SafeStream(inner).write("x\x1by")
    assert inner.getvalue() == "x\\u001by"
