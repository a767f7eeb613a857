"""Worksheets read back: a sheet per card with every indicator ticked off apart by sign,
the scale to mark, the questions with lines, and notes."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from leadcards.deck import Deck, Polarity
from leadcards.library import builtin_decks
from leadcards.printing.face import OURS_NOTE
from leadcards.printing.layout import MM
from leadcards.printing.worksheets import ALONE, worksheets_pdf, worksheets_pdf_bytes


@pytest.fixture(scope="module")
def decks() -> tuple[Deck, ...]:
    return builtin_decks()


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_thirteen_behaviours_make_thirteen_two_page_sheets(decks: tuple[Deck, ...]) -> None:
    deck = decks[0]
    data, report = worksheets_pdf([(deck, deck.cards)])
    assert report.pages == 26 and report.missing == 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 26
        assert [round(float(v)) for v in (pdf.pages[0].width, pdf.pages[0].height)] == [595, 842]
        for number, card in enumerate(deck.cards):
            front, back = pdf.pages[2 * number], pdf.pages[2 * number + 1]
            front_text = squeeze(front.extract_text())
            assert squeeze(card.title) in front_text and squeeze(card.summary) in front_text
            indicators = [(g.polarity, i) for g, i in card.indicators()]
            for _, indicator in indicators:
                assert squeeze(indicator.text) in front_text
            # One empty tick box per indicator, plus the eleven boxes of the scale.
            boxes = [r for r in front.rects if r["stroke"] and not r["fill"]]
            ticks = [b for b in boxes if b["width"] < 5 * MM]
            scale = [b for b in boxes if b["width"] >= 5 * MM]
            assert len(ticks) == len(indicators) and len(scale) == 11
            assert "Positiveindicators" in front_text and "Negativeindicators" in front_text
            # The scale's numbers sit in its boxes, zero in the middle one.
            labels = [
                w["text"]
                for w in front.extract_words()
                if scale[0]["top"] <= w["top"] and w["bottom"] <= scale[0]["bottom"]
            ]
            assert labels == [f"{v:+d}" if v else "0" for v in range(-5, 6)]
            back_text = back.extract_text()
            for prompt in card.prompts:
                assert squeeze(prompt.text) in squeeze(back_text)
                if prompt.follow_up:
                    assert squeeze(f"Then: {prompt.follow_up}") in squeeze(back_text)
            # A question for private reflection says so on the sheet; the others do not.
            alone = squeeze(back_text).count(squeeze(ALONE.lower())) + squeeze(back_text).count(
                squeeze(ALONE)
            )
            private = [p for p in card.prompts if not p.group_safe]
            private += [q for q in deck.questions if not q.group_safe]
            assert alone == len(private)
            # The deck-wide coaching questions are offered under the card's own.
            assert "Questions for any card" in back_text
            for question in deck.questions:
                assert squeeze(question.text) in squeeze(back_text)
            assert squeeze(OURS_NOTE) in squeeze(back_text)
            assert "Notes" in back_text
            # Lines to write on: three or four under each question, and the notes.
            assert len(back.lines) >= 3 * len(card.prompts) + 3
            assert deck.source.credit in front.extract_text()


def test_trace_sheets_count_the_indicators_in_place(decks: tuple[Deck, ...]) -> None:
    trace = decks[1]
    data, pages = worksheets_pdf_bytes([(trace, trace.cards[:1])], paper="letter")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert pages == 2 and [round(float(pdf.pages[0].width))] == [612]
        front = pdf.pages[0]
        scale = [r for r in front.rects if r["stroke"] and r["width"] >= 5 * MM]
        indicators = sum(1 for _ in trace.cards[0].indicators())
        assert len(scale) == indicators + 1  # 0 to 7
        assert "How many of these indicators are in place" in front.extract_text()
        assert all(g.polarity is Polarity.NEUTRAL for g in trace.cards[0].indicator_groups)


def test_what_no_face_draws_prints_as_the_placeholder_and_is_counted(
    decks: tuple[Deck, ...],
) -> None:
    import dataclasses

    from leadcards.printing.text import PLACEHOLDER

    trace = decks[1]
    card = dataclasses.replace(trace.cards[0], summary="Before \U0001f600 \x07 after.")
    deck = dataclasses.replace(trace, cards=(card,), title="Title \U0001f600")
    data, report = worksheets_pdf([(deck, (card,))])
    assert report.missing == 2  # the title is the file's, not printed
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        printed = squeeze(pdf.pages[0].extract_text())
    assert f"Before{PLACEHOLDER}{PLACEHOLDER}after." in printed


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_with_every_question_each_card_still_takes_one_two_sided_sheet(
    decks: tuple[Deck, ...], paper: str
) -> None:
    for deck in decks:
        _, pages = worksheets_pdf_bytes([(deck, deck.cards)], paper=paper)
        assert pages == 2 * len(deck.cards), (deck.id, paper)
