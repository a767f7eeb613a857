"""Crash reports (leadcards/crash.py) keep the shape of a failure and none of the user's
data; tests/test_hostile_cli.py forces real ones in fresh processes."""

from __future__ import annotations

from leadcards import crash


def test_the_command_shape_keeps_names_and_drops_values() -> None:
    words = {"journal", "add", "--text", "--tag", "--space", "team"}
    argv = ["journal", "add", "--text", "secret", "--tag=private", "--space", "team", "/home/x"]
    assert crash.command_shape(argv, words) == [
        "journal", "add", "--text", "<value>", "--tag=<value>", "--space", "team", "<value>",
    ]  # fmt: skip


def test_a_report_of_a_chained_error_keeps_types_and_no_message() -> None:
    secret = "SECRET-" + "text"
    try:
        try:
            raise ValueError(secret)
        except ValueError as inner:
            raise KeyError(secret) from inner
    except KeyError as exc:
        text = crash.describe(exc)
    assert "builtins.ValueError (message withheld)" in text
    assert "builtins.KeyError (message withheld)" in text
    assert secret not in text and "test_crash.py" in text


def test_a_value_that_spells_a_command_is_still_withheld() -> None:
    words = {"journal", "add", "export", "--tag", "--text", "--format", "json"}
    argv = ["journal", "add", "--tag", "export", "--text", "journal", "--format", "json"]
    assert crash.command_shape(argv, words, free={"--tag", "--text"}) == [
        "journal", "add", "--tag", "<value>", "--text", "<value>", "--format", "json",
    ]  # fmt: skip


def test_values_after_options_spelt_short_are_withheld() -> None:
    from leadcards.cli import build_parser, known_words

    words, free = known_words(build_parser())
    argv = ["journal", "add", "--card", "trace/task", "--te", "print", "--ta", "journal"]
    shape = crash.command_shape(argv, words, free)
    assert "print" not in shape[4:] and "journal" not in shape[4:]
    assert shape[:4] == ["journal", "add", "--card", "<value>"]
