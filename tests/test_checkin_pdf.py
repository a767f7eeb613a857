"""The team report of a closed check-in round, read back: every page opens, the figures the
results hold are printed, any title prints as itself, and the heat map reads in greyscale
(measured on the rendered page)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pypdfium2  # type: ignore[import-untyped]
import pytest

from leadcards.checkin import ledger, service
from leadcards.checkin.ledger import CheckIn, CheckInError, Round
from leadcards.checkin.results import Answer, Results
from leadcards.deck import Deck
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.printing.checkin_pdf import ANONYMITY, checkin_pdf_bytes
from leadcards.printing.text import PLACEHOLDER

PEOPLE = 5
DPI = 100
HOSTILE = "<b>&amp; <font size=80> \N{PARTY POPPER} \u0641\u0631\u064a\u0642 end"

Closed = tuple[CheckIn, Round, Results]


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return {deck.id: deck for deck in builtin_decks()}


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j.sqlite3") as found:
        yield found


def closed_round(
    journal: Journal, deck: Deck, title: str, card_ids: tuple[str, ...] = (), *, placed: int = 0
) -> Closed:
    """A round of ``PEOPLE`` answers, closed. Person k (0 to 4) ticks the first k + 1
    indicators of every card, so each card's indicators are ticked by 100%, 80%, 60%, 40%,
    20%, then 0% of the team; on the scale person k places each card (the first ``placed``
    of them, all by default) at k - 1."""
    invitation = service.new_invitation(deck, card_ids, title=title)
    checkin = service.start(journal, invitation)
    cards = invitation.cards[:placed] if placed else invitation.cards
    for k in range(PEOPLE):
        ticks = frozenset(i.indicator_id for c in invitation.cards for i in c.indicators[: k + 1])
        positions = {c.card_id: k - 1 for c in cards} if invitation.scaled else {}
        ledger.add_answer(journal, checkin.id, Answer(ticks, positions))
    ledger.close_round(journal, checkin.id)
    checkin = ledger.checkin(journal, checkin.id)
    found, results = service.round_results(checkin)
    return checkin, found, results


def texts(data: bytes) -> list[str]:
    """Each page's text, its white space made single spaces."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [" ".join(page.get_textpage().get_text_bounded().split()) for page in pdf]
    finally:
        pdf.close()


def test_a_behaviours_round_prints_its_figures(journal: Journal, decks: dict[str, Deck]) -> None:
    deck = decks["system-leadership-behaviours"]
    checkin, found, results = closed_round(journal, deck, "Ward 7 leadership team")
    pages = texts(checkin_pdf_bytes(checkin, found, results))
    whole = " ".join(pages)
    assert len(pages) >= 4
    cover = pages[0]
    assert "Ward 7 leadership team" in cover
    assert f"{PEOPLE} people answered" in cover and "Round 1" in cover
    assert ANONYMITY in cover and deck.source.credit in cover
    for number, page in enumerate(pages, start=1):  # the credit in every footer
        assert deck.source.credit in page and f"Page {number} of {len(pages)}" in page
    for card in deck.cards:
        assert card.title in whole
    # Every card placed at -1, 0, +1, +2, +3 by one person each: median +1, middle half
    # 0 to +2, and one answer at each of those five positions.
    assert re.search(r"Authenticity 5 \+1 0 to \+2 1 1 1 1 1", whole)
    for share in ("100%", "80%", "60%", "40%", "20%", "0%"):
        assert f" {share}" in whole
    assert "Where the team agrees most" in whole and "Where it differs most" in whole
    assert "Nothing stands out" in whole  # every card's middle half is as wide


def test_a_trace_round_prints_its_figures(journal: Journal, decks: dict[str, Deck]) -> None:
    deck = decks["trace"]
    checkin, found, results = closed_round(journal, deck, "Theatre team, autumn")
    pages = texts(checkin_pdf_bytes(checkin, found, results, paper="letter"))
    whole = " ".join(pages)
    cover = pages[0]
    assert "Theatre team, autumn" in cover and "TRACE" in cover and "Team" in cover
    assert f"{PEOPLE} people answered" in cover and ANONYMITY in cover
    assert all(deck.source.credit in page for page in pages)
    # Each condition's 7 indicators ticked by 100, 80, 60, 40, 20, 0 and 0%: 3/7 in place.
    assert "Indicators in place" in pages[1]
    for card in deck.cards:
        assert f"{card.title} 43%" in pages[1]
        for _, indicator in card.indicators():
            assert " ".join(indicator.text.split())[:40] in whole
    # The team agrees most where everyone ticked (or nobody), differs where 60% and 40%.
    agree = whole[whole.index("Where the team agrees most") : whole.index("Where it differs")]
    assert "everyone ticked it" in agree
    assert "60% ticked it" in whole[whole.index("Where it differs") :]
    size = pypdfium2.PdfDocument(checkin_pdf_bytes(checkin, found, results, paper="letter"))
    assert [round(v) for v in size[0].get_size()] == [612, 792]
    size.close()


def test_a_hostile_title_prints_as_itself(journal: Journal, decks: dict[str, Deck]) -> None:
    checkin, found, results = closed_round(journal, decks["trace"], HOSTILE)
    data = checkin_pdf_bytes(checkin, found, results)
    cover = texts(data)[0]
    assert "<b>&amp; <font size=80>" in cover
    assert PLACEHOLDER in cover  # the emoji: no bundled face draws it
    arabic = "\u0641\u0631\u064a\u0642"
    assert arabic in cover or arabic[::-1] in cover  # in logical or in visual order
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert max(char["size"] for char in pdf.pages[0].chars) <= 26.5  # no font size=80


def test_a_long_title_keeps_the_cover_to_one_page(journal: Journal, decks: dict[str, Deck]) -> None:
    title = ("Quarterly check-in of the community nursing leadership team " * 6)[:300].strip()
    checkin, found, results = closed_round(journal, decks["system-leadership-behaviours"], title)
    pages = texts(checkin_pdf_bytes(checkin, found, results))
    assert title in pages[0] and ANONYMITY in pages[0]
    assert re.search(r"Page 2 of \d+ Positions on the scale", pages[1])


def test_a_card_nobody_placed_and_a_chart_too_small_for_a_radar(
    journal: Journal, decks: dict[str, Deck]
) -> None:
    deck = decks["system-leadership-behaviours"]
    checkin, found, results = closed_round(
        journal, deck, "One placed", ("trust", "delivery"), placed=1
    )
    assert [s.card_id for s in results.spreads] == ["trust"]
    whole = " ".join(texts(checkin_pdf_bytes(checkin, found, results)))
    assert "Trust 5 +1 0 to +2" in whole and "Delivery 0 no positions given" in whole


def test_only_a_closed_round_and_known_paper(journal: Journal, decks: dict[str, Deck]) -> None:
    checkin, found, results = closed_round(journal, decks["trace"], "Paper")
    with pytest.raises(ValueError, match="a4 or letter"):
        checkin_pdf_bytes(checkin, found, results, paper="a3")
    still_open = Round(found.number, found.opened, None, found.people, None)
    with pytest.raises(CheckInError, match="still collecting"):
        checkin_pdf_bytes(checkin, still_open, results)


# --------------------------------------------------------------------------- greyscale


def lightness(pixels: bytes, width: int, x: float, y: float) -> int:
    """The grey level (0 black, 255 white) at (x, y) in points from the top left."""
    return pixels[round(y * DPI / 72) * width + round(x * DPI / 72)]


def contrast(a: int, b: int) -> float:
    """The WCAG contrast ratio of two grey levels."""

    def luminance(level: int) -> float:
        c = level / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_heat_map_reads_in_greyscale(journal: Journal, decks: dict[str, Deck]) -> None:
    """Rendered in greyscale at 100 dpi: a cell with a higher share is darker, and its
    figure keeps clear of its fill (white on the dark cells, ink on the light ones)."""
    checkin, found, results = closed_round(journal, decks["trace"], "Greyscale")
    data = checkin_pdf_bytes(checkin, found, results)
    number = next(n for n, text in enumerate(texts(data)) if "Indicator by indicator" in text)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[number].extract_words()
    pdf = pypdfium2.PdfDocument(data)
    bitmap = pdf[number].render(scale=DPI / 72, grayscale=True)
    assert bitmap.n_channels == 1
    width, pixels = bitmap.stride, bytes(bitmap.buffer)
    pdf.close()
    fills: dict[int, set[int]] = {}
    for word in words:
        if not re.fullmatch(r"\d+%", word["text"]):
            continue
        middle = (word["top"] + word["bottom"]) / 2
        fill = lightness(pixels, width, word["x1"] + 4, middle)  # beside the figure
        fills.setdefault(int(word["text"][:-1]), set()).add(fill)
        glyphs = [
            lightness(pixels, width, word["x0"] + step / 4, middle)
            for step in range(int((word["x1"] - word["x0"]) * 4))
        ]
        # The figure's strokes (the glyph pixels furthest from the fill) against the fill:
        # WCAG's 4.5:1 for text, on every fill, once made grey.
        ratio = max(contrast(fill, glyph) for glyph in glyphs)
        assert ratio >= 4.5, (word["text"], fill, ratio)
    assert sorted(fills) == [0, 20, 40, 60, 80, 100]
    assert all(len(found) == 1 for found in fills.values())  # a share has one fill
    by_share = [fills[share].pop() for share in sorted(fills)]
    assert by_share == sorted(by_share, reverse=True) and len(set(by_share)) == len(by_share)
    assert by_share[0] >= 245 and by_share[-1] <= 80  # white for none, dark for everyone
