"""The appraisal page read back: one page whatever it is given, the newest position on each
card, the strengths and development areas in their own columns, the evidence escaped and
shortened, and the rest named as "and N more in the journal"."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pypdfium2  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader

from leadcards.deck import Deck
from leadcards.journal.model import Entry, TemperatureCheck
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.printing.appraisal_pdf import appraisal_pdf, appraisal_pdf_bytes
from leadcards.printing.layout import MM
from leadcards.printing.text import PLACEHOLDER

UTC = dt.UTC
TODAY = dt.date(2026, 3, 6)
SIZES = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
# The newest check: Trust highest; Authenticity, Relationships & Advocacy and Lead/Enable
# Others tie at +4 (deck order takes the first two); Delivery lowest; Mindset, Community/
# Holistic Thinking and System Influence tie at -3 (the first two are taken).
NEWEST = {
    "authenticity": 4,
    "mindset": -3,
    "resilience-bravery-courage": 1,
    "relationships-advocacy": 4,
    "collaboration-co-creation": 0,
    "trust": 5,
    "community-holistic-thinking": -3,
    "vision-shared-direction": 2,
    "system-influence": -3,
    "lead-enable-others": 4,
    "ownership-accountability": 1,
    "delivery": -4,
    "doing-things-differently": 0,
}
HOSTILE = "Said <b>&amp; <font size=99> out loud \N{PARTY POPPER} HOSTILE"


@pytest.fixture(scope="module")
def deck() -> Deck:
    return builtin_decks()[0]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j.sqlite3") as opened:
        yield opened


def at(day: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=UTC)


def checked(journal: Journal, deck: Deck) -> list[TemperatureCheck]:
    """An older check that says the opposite of the newest, then the newest."""
    for card_id, position in NEWEST.items():
        journal.add_check(deck.id, card_id, -position, when=at(5, month=1))
    for card_id, position in NEWEST.items():
        journal.add_check(deck.id, card_id, position, when=at(5))
    return journal.checks(deck.id)


def reflections(journal: Journal, deck: Deck, count: int, size: int = 0) -> list[Entry]:
    for number in range(count):
        words = f"EVID{number:02d} showed what I did on the ward round. "
        text = (words * (size // len(words) + 1))[:size] if size else words
        journal.add_entry(
            text,
            deck_id=deck.id,
            card_id=deck.cards[number % len(deck.cards)].id,
            when=at(number % 28 + 1, month=2) + dt.timedelta(minutes=number),
        )
    return journal.entries(limit=count)


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def text_of(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def columns(data: bytes) -> tuple[str, str, str]:
    """The strengths column, the development column and the evidence, as text."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        strengths = page.search("My strengths")[0]
        development = page.search("My development areas")[0]
        evidence = page.search("Evidence from my journal")[0]
        top, middle, bottom = strengths["top"], development["x0"] - 1, evidence["top"] - 1
        return (
            page.crop((0, top, middle, bottom)).extract_text(),
            page.crop((middle, top, page.width, bottom)).extract_text(),
            page.crop((0, bottom, page.width, page.height)).extract_text(),
        )


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_one_page_with_the_newest_positions_the_two_sides_and_the_evidence(
    journal: Journal, deck: Deck, paper: str
) -> None:
    checks = checked(journal, deck)
    evidence = reflections(journal, deck, 3)
    evidence.append(journal.add_entry(HOSTILE, deck_id=deck.id, card_id="trust", when=at(1)))
    data = appraisal_pdf_bytes(
        deck,
        checks,
        evidence,
        strengths_text="STRONGWORDS I keep my word.",
        development_text="GROWWORDS I want to reach across the system.",
        owner="Sam Taylor",
        paper=paper,
        today=TODAY,
    )
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(SIZES[paper], abs=0.5)
    assert reader.metadata is not None and reader.metadata.title == "Preparing for my appraisal"
    whole = text_of(data)
    assert "Preparing for my appraisal" in whole
    assert "06 March 2026 · Sam Taylor" in whole
    # The radar's labels carry the newest position; the older check is not used.
    assert "Trust +5" in whole and "Delivery -4" in whole and "Trust -5" not in whole
    strengths, development, found = columns(data)
    assert re.findall(r"^(.+?) [+-]?\d$", strengths, re.M) == [
        "Trust",
        "Authenticity",
        "Relationships & Advocacy",
    ]
    assert re.findall(r"^(.+?) [+-]?\d$", development, re.M) == [
        "Delivery",
        "Mindset",
        "Community/Holistic Thinking",
    ]
    assert "STRONGWORDS I keep my word." in strengths and "GROWWORDS" not in strengths
    assert "GROWWORDS I want to reach across the system." in development
    for number in range(3):
        assert f"EVID{number:02d} showed what I did on the ward round." in found
    assert "03 February 2026 · Resilience, Bravery & Courage EVID02" in found
    # The reflection's markup prints as the characters typed, at the evidence's size.
    assert f"Said <b>&amp; <font size=99> out loud {PLACEHOLDER} HOSTILE" in found
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert max(char["size"] for char in pdf.pages[0].chars) <= 18.5
    assert "and 0 more" not in found and "more in the journal" not in found
    assert "System Leadership Behaviours by the NHS North West Leadership Academy" in whole
    assert "Made with LeadCards" in whole


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_forty_long_reflections_and_long_words_still_make_one_page(
    journal: Journal, deck: Deck, paper: str, tmp_path: Path
) -> None:
    checks = checked(journal, deck)
    evidence = reflections(journal, deck, 40, size=5_000)
    data = appraisal_pdf_bytes(
        deck,
        checks,
        evidence,
        strengths_text="STRONGWORDS keep my word. " * 2_000,
        development_text="GROWWORDS\n" * 2_000,
        owner="Sam " * 500,
        paper=paper,
        today=TODAY,
    )
    assert pages(data) == 1
    strengths, development, found = columns(data)
    assert strengths.rstrip().endswith("…") and development.rstrip().endswith("…")
    shown = sorted(set(re.findall(r"EVID(\d\d)", found)))
    left = re.search(r"and (\d+) more in the journal", found)
    assert left is not None and shown
    assert int(left.group(1)) == 40 - len(shown)
    # In the order given, none skipped before the last shown; each shortened.
    assert shown == sorted(entry.text[4:6] for entry in evidence[: len(shown)])
    assert found.count("…") >= len(shown)
    assert_inside_the_margins(data)


def test_no_temperature_check_still_makes_a_page_that_says_so(journal: Journal, deck: Deck) -> None:
    evidence = reflections(journal, deck, 2)
    data = appraisal_pdf_bytes(deck, [], evidence, today=TODAY)
    assert pages(data) == 1
    whole = text_of(data)
    assert "No temperature check yet" in whole
    assert "EVID00" in whole and "EVID01" in whole
    assert "Made with LeadCards" in whole
    empty = appraisal_pdf_bytes(deck, [], [], paper="letter", today=TODAY)
    assert pages(empty) == 1 and "No reflections chosen." in text_of(empty)


def test_two_placed_cards_are_listed_and_split_between_the_sides(
    journal: Journal, deck: Deck
) -> None:
    journal.add_check(deck.id, "trust", 3, when=at(1))
    journal.add_check(deck.id, "delivery", -2, when=at(1))
    data = appraisal_pdf_bytes(deck, journal.checks(deck.id), [], today=TODAY)
    assert "Trust +3; Delivery -2" in text_of(data)
    strengths, development, _ = columns(data)
    assert "Trust +3" in strengths and "Delivery" not in strengths
    assert "Delivery -2" in development and "Trust" not in development


def test_the_written_page_is_private(journal: Journal, deck: Deck, tmp_path: Path) -> None:
    target = tmp_path / "appraisal.pdf"
    evidence = reflections(journal, deck, 30, size=3_000)
    made = appraisal_pdf(deck, checked(journal, deck), evidence, today=TODAY)
    made.write(target)
    assert target.read_bytes() == made.data and pages(made.data) == 1
    assert made.evidence_shown + made.evidence_left_out == 30
    assert made.evidence_left_out > 0 and made.missing == 0
    assert f"and {made.evidence_left_out} more in the journal" in text_of(made.data)
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600


def assert_inside_the_margins(data: bytes) -> None:
    """Nothing is drawn within 15 mm of the page's edges (the margins are 20 mm)."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=1).to_pil().convert("L")
    finally:
        document.close()
    width, height = image.size
    edge = int(15 * MM)
    pixels = image.load()
    assert pixels is not None
    for y in range(height):
        for x in (*range(edge), *range(width - edge, width)):
            assert pixels[x, y] > 250, (x, y)
    for y in (*range(edge), *range(height - edge, height)):
        for x in range(width):
            assert pixels[x, y] > 250, (x, y)
