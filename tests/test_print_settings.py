"""Print defaults saved and read back, and what a damaged settings file does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from leadcards.library import builtin_decks
from leadcards.printing import settings
from leadcards.printing.choice import ChoiceError, choose
from leadcards.printing.layout import CARD_SIZES, PAPERS, FlipEdge, Geometry, Mode, Orientation
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
