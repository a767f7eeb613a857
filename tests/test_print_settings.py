"""Print defaults saved and read back, and what a damaged settings file does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from leadcards.library import builtin_decks
from leadcards.printing import settings
from leadcards.printing.choice import ChoiceError, choose
from leadcards.printing.layout import (
    CARD_SIZES,
    PAPERS,
    FlipEdge,
    Geometry,
    LayoutError,
    Mode,
    Orientation,
)
from leadcards.printing.options import BackSection, PrintOptions, ShopOrder


def test_every_setting_round_trips(tmp_path: Path) -> None:
    options = PrintOptions(
        geometry=Geometry(
            card=(70.0, 110.5),
            paper=PAPERS["a3"],
            orientation=Orientation.LANDSCAPE,
            mode=Mode.GUTTERFOLD,
            flip=FlipEdge.SHORT,
            bleed=0.0,
            crop_marks=False,
        ),
        back_sections=(BackSection.PROMPTS, BackSection.INDICATORS),
        back_offset=(-1.3, 2.0),
        back_scale=1.015,
        cmyk=True,
        shop_order=ShopOrder.FRONTS_FIRST,
    )
    settings.save(tmp_path, options)
    loaded = settings.load(tmp_path, "en_US")
    assert loaded.problems == ()
    assert loaded.options == options
    assert settings.to_dict(options)["card"] == "70x110.5"


def test_nothing_saved_gives_the_defaults_with_the_locales_paper(tmp_path: Path) -> None:
    assert settings.load(tmp_path, "en_US.UTF-8").options.geometry.paper == PAPERS["letter"]
    loaded = settings.load(tmp_path, "fr_FR")
    assert loaded.options == PrintOptions(geometry=Geometry(paper=PAPERS["a4"]))
    assert loaded.options.geometry.card == CARD_SIZES["tarot"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe not text", "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"bleed": "lots"}', "bleed: expected a number"),
        (b'{"bleed": 40}', "bleed: bleed must be 0 to 6 mm"),
        (b'{"back_sections": ["indicators", "gossip"]}', "back_sections:"),
        (b'{"back_offset": [1, true]}', "back_offset: expected two numbers"),
        (b'{"mode": null}', "mode:"),
        (b'{"back_offset": [NaN, 0]}', "back_offset: expected two numbers"),
        (b'{"bleed": Infinity}', "bleed: expected a number"),
        (b"[" * 60_000, "not valid JSON"),
        (b"{" + b" " * 70_000 + b"}", "larger than 64 KB"),
    ],
)
def test_a_bad_value_is_skipped_and_named(tmp_path: Path, content: bytes, words: str) -> None:
    (tmp_path / settings.FILE_NAME).write_bytes(content)
    loaded = settings.load(tmp_path, "en_GB")
    assert any(words in problem for problem in loaded.problems), loaded.problems
    assert loaded.options == settings.default_options("en_GB")


def test_good_values_beside_a_bad_one_are_kept(tmp_path: Path) -> None:
    (tmp_path / settings.FILE_NAME).write_text('{"card": "poker", "flip": "sideways"}')
    loaded = settings.load(tmp_path, None)
    assert loaded.options.geometry.card == CARD_SIZES["poker"]
    assert loaded.options.geometry.flip is FlipEdge.LONG
    assert len(loaded.problems) == 1 and loaded.problems[0].startswith("flip:")


def test_chosen_cards_keep_deck_order_and_ambiguous_names_are_refused() -> None:
    behaviours, trace = builtin_decks()
    picked = choose(
        [behaviours, trace], cards=["trust", "authenticity", "energy"], themes=["trace/task"]
    )
    assert [(d.id, [c.id for c in cards]) for d, cards in picked] == [
        ("system-leadership-behaviours", ["authenticity", "trust"]),
        ("trace", ["task", "energy"]),
    ]
    copy = dataclasses.replace(trace, id="trace-copy")
    with pytest.raises(ChoiceError, match="more than one deck; say which: trace/task, trace-copy"):
        choose([trace, copy], cards=["task"])
    ((deck, cards),) = choose([trace, copy], cards=["trace-copy/task"])
    assert deck.id == "trace-copy" and [c.id for c in cards] == ["task"]


def test_options_refuse_a_section_twice_and_numbers_that_are_not_numbers() -> None:
    from leadcards.printing.layout import LayoutError

    twice = (BackSection.INDICATORS, BackSection.INDICATORS)
    with pytest.raises(LayoutError, match="only once"):
        PrintOptions(back_sections=twice).check()
    with pytest.raises(LayoutError, match="ordinary numbers"):
        PrintOptions(back_offset=(float("nan"), 0.0)).check()
    with pytest.raises(LayoutError, match="ordinary numbers"):
        PrintOptions(geometry=Geometry(card=(70.0, float("inf")))).check()


def test_pages_can_be_drawn_from_several_threads_at_once() -> None:
    """PDFium may be used by one thread at a time: previews that overlap must not crash."""
    import threading

    from leadcards.printing.deck_pdf import deck_pdf_bytes
    from leadcards.printing.preview import render_pages

    _, trace = builtin_decks()
    data, _ = deck_pdf_bytes([(trace, trace.cards)], PrintOptions())
    results: list[int] = []

    def draw() -> None:
        for _ in range(5):
            results.append(len(render_pages(data, dpi=30, limit=4)))

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [4] * 20


# ------------------------------------------------------------------ printer profiles


def test_printer_profiles_are_saved_loaded_and_deleted(tmp_path: Path) -> None:
    from leadcards.printing.settings import PrinterProfile, delete_printer, save_printer

    first = PrinterProfile("Office laser, tray 2", (0.5, -1.2), 0.995)
    save_printer(tmp_path, first)
    save_printer(tmp_path, PrinterProfile("Home inkjet", (-1.0, 0.0), 1.0))
    loaded = settings.load(tmp_path, "en_GB")
    assert [p.name for p in loaded.printers] == ["Home inkjet", "Office laser, tray 2"]
    assert loaded.printer == "Home inkjet"  # the one saved last is the default
    assert loaded.profile("office laser,  TRAY 2") == first
    # Saving the print defaults keeps the profiles and the one used last.
    settings.save(tmp_path, dataclasses.replace(loaded.options, copies=1))
    again = settings.load(tmp_path, "en_GB")
    assert again.printers == loaded.printers and again.printer == "Home inkjet"
    # A profile saved under a name there is already replaces it.
    save_printer(tmp_path, PrinterProfile("office laser, tray 2", (1.0, 1.0), 1.01))
    assert settings.load(tmp_path, None).profile("Office laser, tray 2").back_offset == (1.0, 1.0)
    deleted = delete_printer(tmp_path, "Office laser, tray 2")
    assert [p.name for p in deleted.printers] == ["Home inkjet"]
    assert deleted.printer is None  # the deleted one was the one used last
    assert [p.name for p in settings.load(tmp_path, None).printers] == ["Home inkjet"]
    with pytest.raises(LayoutError, match='known: "Home inkjet"'):
        settings.load(tmp_path, None).profile("Nowhere")


def test_a_profile_applies_its_offset_and_scale_only(tmp_path: Path) -> None:
    from leadcards.printing.settings import PrinterProfile

    options = PrintOptions(copies=3, cmyk=True)
    applied = PrinterProfile("x", (2.0, -3.0), 1.02).apply(options)
    assert (applied.back_offset, applied.back_scale, applied.copies, applied.cmyk) == (
        (2.0, -3.0),
        1.02,
        3,
        True,
    )


@pytest.mark.parametrize(
    ("printers", "words"),
    [
        ('"not a list"', "expected a list"),
        ('[{"name": "", "back_offset": [0, 0], "back_scale": 1}]', "give the printer"),
        ('[{"name": "A", "back_offset": [99, 0], "back_scale": 1}]', "within"),
        ('[{"name": "A", "back_offset": "left", "back_scale": 1}]', "two numbers"),
        ('[{"name": "A", "back_offset": [0, 0], "back_scale": 7}]', "back scale"),
        ('[{"name": 5}]', "expected a name"),
        ("[[1, 2]]", "expected a name"),
    ],
)
def test_bad_printer_profiles_are_skipped_and_named(
    tmp_path: Path, printers: str, words: str
) -> None:
    good = '{"name": "Good", "back_offset": [1, 2], "back_scale": 1.0}'
    listed = printers if printers.startswith('"') else printers[:-1] + ", " + good + "]"
    (tmp_path / "print.json").write_text(
        f'{{"bleed": 2, "printers": {listed}, "printer": "Missing"}}', encoding="utf-8"
    )
    loaded = settings.load(tmp_path, None)
    assert loaded.options.geometry.bleed == 2
    assert any(words in problem for problem in loaded.problems), loaded.problems
    assert any("printer:" in problem for problem in loaded.problems)
    assert loaded.printer is None
    if not printers.startswith('"'):
        assert [p.name for p in loaded.printers] == ["Good"]


def test_profile_names_are_one_short_line() -> None:
    from leadcards.printing.settings import profile_name

    assert profile_name("  Office   laser\n") == "Office laser"
    for bad in ("", "   ", "x" * 81, "bell\x07"):
        with pytest.raises(LayoutError):
            profile_name(bad)


def test_a_profile_that_cannot_be_used_is_kept_in_the_file_and_a_broken_file_aside(
    tmp_path: Path,
) -> None:
    import json

    from leadcards.printing import settings as kept

    config = tmp_path / "config"
    config.mkdir()
    document = {
        "printers": [
            {"name": "Office", "back_offset": [0.5, 0], "back_scale": 1.0},
            {"name": "Home tray 2", "back_offset": [55.5, 0], "back_scale": 1.0},
        ]
    }
    (config / kept.FILE_NAME).write_text(json.dumps(document), encoding="utf-8")
    loaded = kept.load(config, None)
    assert [p.name for p in loaded.printers] == ["Office"]
    assert any("kept in the file" in problem for problem in loaded.problems)
    kept.save(config, loaded.options, printer="Office")
    saved = json.loads((config / kept.FILE_NAME).read_text(encoding="utf-8"))
    assert [p["name"] for p in saved["printers"]] == ["Office", "Home tray 2"]
    (config / kept.FILE_NAME).write_text("{ not json", encoding="utf-8")
    kept.save(config, loaded.options)
    aside = list(config.glob("print-unreadable-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ not json"


def test_a_number_too_large_for_a_float_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    from leadcards.printing import settings as kept

    config = tmp_path / "config"
    config.mkdir()
    huge = "1" + "0" * 400
    (config / kept.FILE_NAME).write_text(
        f'{{"back_scale": {huge}, "printers": [{{"name": "A", "back_scale": {huge}}}]}}',
        encoding="utf-8",
    )
    loaded = kept.load(config, None)
    assert loaded.printers == () and len(loaded.problems) == 2
