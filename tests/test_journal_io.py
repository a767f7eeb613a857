"""Journal export and import: complete round trips, merges that never lose newer edits."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from leadcards.journal.exchange import (
    JournalFileError,
    export_json,
    export_markdown,
    parse_json_export,
)
from leadcards.journal.model import JournalError, Mark
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks

T0 = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


def filled(path: Path) -> Journal:
    journal = Journal.open(path)
    journal.add_entry(
        "Owned the budget conversation 😀",
        deck_id="system-leadership-behaviours",
        card_id="ownership-accountability",
        space="organisation",
        marks={"ownership-accountability.p1": "plus"},
        tags=["budget"],
        when=T0,
    )
    journal.add_entry("שלום — a line\nand another", when=T0 + dt.timedelta(hours=1))
    journal.add_check(
        "system-leadership-behaviours", "trust", 3, target=4, marks={"trust.p1": "plus"}, when=T0
    )
    return journal


def test_export_then_import_into_an_empty_journal_is_complete(tmp_path: Path) -> None:
    with filled(tmp_path / "a.sqlite3") as source:
        exported = export_json(source)
        originals = source.entries()
        checks = source.checks("system-leadership-behaviours")
    incoming = parse_json_export(exported.encode(), "export.json")
    with Journal.open(tmp_path / "b.sqlite3") as target:
        summary = target.merge(incoming.entries, incoming.checks)
        assert (summary.added, summary.added_checks) == (2, 1)
        assert target.entries() == originals
        assert target.checks("system-leadership-behaviours") == checks
        again = target.merge(incoming.entries, incoming.checks)
        assert (again.added, again.unchanged, again.unchanged_checks) == (0, 2, 1)
        assert target.count() == 2  # never duplicated


def test_a_newer_edit_here_is_never_overwritten(tmp_path: Path) -> None:
    with filled(tmp_path / "a.sqlite3") as source:
        exported = parse_json_export(export_json(source).encode(), "x")
    with Journal.open(tmp_path / "b.sqlite3") as target:
        target.merge(exported.entries)
        mine = target.entries(newest_first=False)[0]
        edited = target.update_entry(mine.uuid, text="my later edit")
        summary = target.merge(exported.entries)
        assert summary.kept_newer == 1
        assert target.entry(mine.uuid).text == "my later edit"
        assert target.entry(mine.uuid).updated == edited.updated


def test_a_newer_incoming_edit_replaces_the_older_copy(tmp_path: Path) -> None:
    with filled(tmp_path / "a.sqlite3") as source:
        first = source.entries(newest_first=False)[0]
        old = parse_json_export(export_json(source).encode(), "x")
        source.update_entry(
            first.uuid, text="edited elsewhere", marks={"ownership-accountability.n1": "minus"}
        )
        new = parse_json_export(export_json(source).encode(), "x")
    with Journal.open(tmp_path / "b.sqlite3") as target:
        target.merge(old.entries)
        summary = target.merge(new.entries)
        assert (summary.updated, summary.unchanged) == (1, 1)
        assert target.entry(first.uuid).text == "edited elsewhere"
        assert target.entry(first.uuid).marks == {"ownership-accountability.n1": Mark.MINUS}


def test_dry_run_reports_and_changes_nothing(tmp_path: Path) -> None:
    with filled(tmp_path / "a.sqlite3") as source:
        incoming = parse_json_export(export_json(source).encode(), "x")
    with Journal.open(tmp_path / "b.sqlite3") as target:
        summary = target.merge(incoming.entries, incoming.checks, dry_run=True)
        assert (summary.added, summary.added_checks) == (2, 1)
        assert target.count() == 0
        assert target.check_decks() == []


def _document(tmp_path: Path) -> dict:
    with filled(tmp_path / "a.sqlite3") as source:
        return json.loads(export_json(source))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a LeadCards journal export"),
        (lambda d: d["entries"][0].update(created="yesterday"), "$.entries[0].created"),
        (lambda d: d["entries"][0].update(text=5), "$.entries[0].text: expected text"),
        (lambda d: d["entries"][1]["marks"].update(x="maybe"), "expected tick, plus or minus"),
        (lambda d: d["checks"][0].update(position="3"), "expected a whole number"),
        (lambda d: d["entries"][0].update(created="2026-05-01T08:00:00"), "no time zone"),
    ],
)
def test_hostile_imports_are_refused_clearly(tmp_path: Path, change, message: str) -> None:
    document = _document(tmp_path)
    change(document)
    with pytest.raises(JournalFileError, match=message.replace("[", r"\[").replace("$", r"\$")):
        parse_json_export(json.dumps(document).encode(), "in.json")


def test_bad_values_inside_an_import_change_zero_rows(tmp_path: Path) -> None:
    document = _document(tmp_path)
    document["entries"][1]["space"] = "galaxy"
    with pytest.raises(JournalFileError, match=r"^\$\.entries\[1\]\.space: unknown space"):
        parse_json_export(json.dumps(document).encode(), "in.json")
    document["entries"][1]["space"] = None
    incoming = parse_json_export(json.dumps(document).encode(), "in.json")
    entries = [incoming.entries[0], replace(incoming.entries[1], space="galaxy")]
    with Journal.open(tmp_path / "b.sqlite3") as target:
        with pytest.raises(JournalError, match="unknown space"):
            target.merge(entries, incoming.checks)
        assert target.count() == 0  # the first, valid entry was not written either


def test_duplicate_keys_and_broken_json_are_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalFileError, match="appears twice"):
        parse_json_export(b'{"format": "leadcards-journal/1", "format": "x"}', "x")
    with pytest.raises(JournalFileError, match="not valid JSON"):
        parse_json_export(b'{"format": ', "x")


def test_markdown_names_the_cards_and_keeps_the_text(tmp_path: Path) -> None:
    with filled(tmp_path / "a.sqlite3") as source:
        text = export_markdown(source, builtin_decks())
    assert "· Ownership & Accountability" in text
    assert "Space: organisation · Tags: budget" in text
    assert "Owned the budget conversation 😀" in text
    assert "שלום — a line\nand another" in text


HARD_TEXTS = [
    "x" * 1_000_000,  # a megabyte
    "e\u0301 n\u0303 a\u0308 \u0915\u094d\u0937",  # combining marks, a Devanagari conjunct
    "control \x01\x07\x1b\x7f characters\tand\r\nline ends\r",
    "\u202eright-to-left override\u202c, עברית, العربية, \U0001f9d1\u200d\U0001f4bb",
]


def test_hard_text_round_trips_exactly_through_json_export_and_import(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "from.sqlite3") as source:
        made = [source.add_entry(text, when=T0) for text in HARD_TEXTS]
        exported = export_json(source)
    incoming = parse_json_export(exported.encode("utf-8"), "export.json")
    with Journal.open(tmp_path / "to.sqlite3") as target:
        summary = target.merge(incoming.entries, incoming.checks)
        assert summary.added == len(HARD_TEXTS)
        for entry in made:
            assert target.entry(entry.uuid).text == entry.text


def test_an_export_with_a_nul_character_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "from.sqlite3") as source:
        source.add_entry("fine", when=T0)
        document = json.loads(export_json(source))
    document["entries"][0]["text"] = "sneaky \x00 nul"
    data = json.dumps(document).encode()
    with pytest.raises(JournalFileError, match=r"^\$\.entries\[0\]\.text: .*NUL"):
        parse_json_export(data, "export.json")
    with Journal.open(tmp_path / "to.sqlite3") as target:
        target.add_entry("already here")
        good = parse_json_export(export_json(target).encode(), "export.json").entries[0]
        with pytest.raises(JournalError, match="NUL"):
            target.merge([replace(good, uuid=str(uuid.uuid4()), text="sneaky \x00 nul")])
        assert [e.text for e in target.entries()] == ["already here"]
