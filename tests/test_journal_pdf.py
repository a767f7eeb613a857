"""Journal PDFs read back: what is selected appears exactly once, in order, with contents,
bookmarks and page numbers that agree; every script survives; the file is private."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from leadcards.deck import Deck
from leadcards.journal.model import Mark
from leadcards.journal.report import JournalPdfError, JournalSelection
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.printing.journal_pdf import HEADING_CHARS, journal_pdf_bytes, write_journal_pdf
from leadcards.printing.text import PLACEHOLDER, markup, pieces

UTC = dt.UTC


@pytest.fixture(scope="module")
def decks() -> tuple[Deck, ...]:
    return builtin_decks()


def at(day: int, month: int = 3, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=UTC)


# (token, deck, card, space, tag, when): tokens are unique words to find in the PDF.
ENTRIES = [
    ("TOKENA", "system-leadership-behaviours", "trust", "team", "q1", at(5)),
    ("TOKENB", "system-leadership-behaviours", "authenticity", "self", None, at(9)),
    ("TOKENC", "system-leadership-behaviours", "authenticity", None, "q1", at(2)),
    ("TOKEND", "trace", "energy", "system", "q1", at(20)),
    ("TOKENE", "trace", "task", "team", None, at(15)),
    ("TOKENF", None, None, None, None, at(11)),  # on no card
    ("TOKENG", "system-leadership-behaviours", "delivery", "self", "q1", at(3, month=1)),
    ("TOKENH", "trace", "route", "team", "q1", at(1, month=5)),
]


@pytest.fixture
def journal(tmp_path: Path, decks: tuple[Deck, ...]) -> Journal:
    with Journal.open(tmp_path / "journal.sqlite3") as found:
        found.set_name("Coaching with Sam")
        behaviours = decks[0]
        first_positive = next(i.id for _, i in behaviours.card("trust").indicators())
        for token, deck_id, card_id, space, tag, when in ENTRIES:
            marks = {first_positive: Mark.PLUS} if card_id == "trust" else None
            found.add_entry(
                f"{token} wrote this.",
                deck_id=deck_id,
                card_id=card_id,
                space=space,
                tags=[tag] if tag else [],
                when=when,
                marks=marks,
            )
        yield found


def text_of(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def tokens(pages: list[str]) -> list[str]:
    return re.findall(r"TOKEN[A-Z]", "\n".join(pages))


def outline(data: bytes) -> list[tuple[str, int, int]]:
    reader = PdfReader(io.BytesIO(data))
    found: list[tuple[str, int, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((item.title, level, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_everything_selected_appears_once_in_deck_order_and_date_order(
    journal: Journal, decks: tuple[Deck, ...]
) -> None:
    data, report = journal_pdf_bytes(journal, decks, JournalSelection())
    pages = text_of(data)
    assert report.entries == len(ENTRIES) and report.pages == len(pages)
    # Deck order (Authenticity, Trust, Delivery; Task, Route, Energy), then no card; within
    # a card, oldest first (C on 2 March before B on 9 March).
    assert tokens(pages[2:]) == [
        "TOKENC", "TOKENB", "TOKENA", "TOKENG", "TOKENE", "TOKENH", "TOKEND", "TOKENF"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (JournalSelection(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31)), "ABCDEF"),
        (JournalSelection(deck_ids=("trace",)), "DEH"),
        (JournalSelection(card_ids=("authenticity", "trace/energy")), "BCD"),
        (JournalSelection(spaces=("team", "system")), "ADEH"),
        (JournalSelection(tags=("q1",)), "ACDGH"),
        (JournalSelection(since=dt.date(2026, 3, 10), tags=("q1",)), "DH"),
        (JournalSelection(card_ids=(), loose=True), "F"),  # only reflections on no card
        (JournalSelection(spaces=("team",), no_space=True), "ACEFH"),
        (JournalSelection(deck_ids=("trace",), loose=True), "DEFH"),
    ],
)
def test_a_selection_prints_exactly_its_entries(
    journal: Journal, decks: tuple[Deck, ...], selection: JournalSelection, expected: str
) -> None:
    data, report = journal_pdf_bytes(journal, decks, selection)
    found = tokens(text_of(data))
    assert sorted(found) == [f"TOKEN{letter}" for letter in expected]
    assert report.entries == len(expected)


def test_contents_bookmarks_and_page_numbers_agree(
    journal: Journal, decks: tuple[Deck, ...]
) -> None:
    journal.add_check("system-leadership-behaviours", "trust", 2, target=4, when=at(6))
    data, report = journal_pdf_bytes(journal, decks, JournalSelection())
    pages = text_of(data)
    marks = outline(data)
    titles = [title for title, _, _ in marks]
    assert titles == [
        "Temperature checks",
        "System Leadership Behaviours", "Authenticity", "Trust", "Delivery",
        "TRACE", "Task", "Route", "Energy",
        "Other reflections", "Reflections on no card",
    ]  # fmt: skip
    assert [level for _, level, _ in marks] == [0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1]
    # The contents page lists the same titles with the same page numbers...
    contents = pages[1]
    for title, _, page in marks:
        assert re.search(rf"{re.escape(title)}\s*\n?\s*{page}\b", contents), (title, page)
    # ...and each bookmark opens the page its section starts on.
    for title, _, page in marks[2:]:
        assert title in pages[page - 1]
    # Page X of Y on every page after the cover.
    assert "Page 1 of" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {report.pages}" in text


def test_checks_give_a_chart_page_and_none_give_none(
    journal: Journal, decks: tuple[Deck, ...]
) -> None:
    plain, _ = journal_pdf_bytes(journal, decks, JournalSelection())
    assert "Temperature checks" not in "\n".join(text_of(plain))
    for days, position in ((1, -2), (8, 1), (15, 3)):
        for card in decks[0].cards:
            journal.add_check(decks[0].id, card.id, position, target=4, when=at(days))
    charted, _ = journal_pdf_bytes(journal, decks, JournalSelection())
    with pdfplumber.open(io.BytesIO(charted)) as pdf:
        page = pdf.pages[2]
        text = page.extract_text()
        assert "Temperature checks" in text and "latest 15 March 2026" in text
        assert "Dashed: the previous check" in text
        # Vector drawing, not a picture: rings, spokes and series are lines.
        assert len(page.lines) > 13 * 3 and not page.images
        for card in decks[0].cards[:6]:
            assert card.title[:20] in text


SCRIPTS = (
    "Markup stays text: <b>bold</b> &amp; <img src='http://example.invalid/x.png'/> 5 < 6\n"
    "Ελληνικά και κείμενο. Кириллица и текст. עברית וטקסט. العربية والنص.\n"
    "中文文本. 日本語のテキスト.\n"
    "Combining: e\u0301 a\u0308 n\u0303. Emoji: \U0001f600 and \U0001f984 end."
)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_every_script_and_markup_character_prints_and_emoji_are_counted(
    tmp_path: Path, decks: tuple[Deck, ...]
) -> None:
    with Journal.open(tmp_path / "scripts.sqlite3") as journal:
        journal.add_entry(SCRIPTS, deck_id=decks[0].id, card_id="trust", when=at(4))
        data, report = journal_pdf_bytes(journal, decks, JournalSelection())
    assert report.missing == 2  # the two emoji
    expected = squeeze(
        SCRIPTS.replace("\U0001f600", PLACEHOLDER).replace("\U0001f984", PLACEHOLDER)
    )
    printed = squeeze("".join(text_of(data)[2:]))
    assert expected in printed


def test_every_font_is_an_embedded_subset(journal: Journal, decks: tuple[Deck, ...]) -> None:
    journal.add_entry(SCRIPTS, deck_id=decks[0].id, card_id="trust", when=at(4))
    data, _ = journal_pdf_bytes(journal, decks, JournalSelection())
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+\S+", name) for name in names)
    assert {name.split("+")[1] for name in names} >= {
        "AtkinsonHyperlegible-Regular", "DejaVuSans", "DroidSansFallback"
    }  # fmt: skip
    assert b"Helvetica" not in data


def test_a_one_megabyte_reflection_prints_whole(tmp_path: Path, decks: tuple[Deck, ...]) -> None:
    words = [f"w{n}" for n in range(200_000)]
    text = " ".join(words)[:1_000_000]
    last = text.split()[-1]
    with Journal.open(tmp_path / "big.sqlite3") as journal:
        journal.add_entry(text, deck_id="trace", card_id="task", when=at(4))
        data, report = journal_pdf_bytes(journal, decks, JournalSelection())
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]  # quicker here
    assert report.pages == len(pages) > 100
    printed = " ".join(pages)
    for word in ("w0", "w1000", "w99999", last):
        assert re.search(rf"\b{word}\b", printed), word


def test_the_file_is_private_and_nothing_is_left_in_temporary_folders(
    journal: Journal, decks: tuple[Deck, ...], tmp_path: Path
) -> None:
    temporary = Path(tempfile.gettempdir())
    before = set(temporary.iterdir())
    old = os.umask(0o022)
    try:
        target = tmp_path / "out" / "journal.pdf"
        target.parent.mkdir()
        write_journal_pdf(journal, decks, target, JournalSelection())
    finally:
        os.umask(old)
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["journal.pdf"]
    assert set(temporary.iterdir()) - before == set()


@pytest.mark.parametrize(
    ("selection", "words"),
    [
        (JournalSelection(deck_ids=("nope",)), 'no deck has the id "nope"'),
        (JournalSelection(card_ids=("nope",)), 'no card "nope"'),
        (JournalSelection(spaces=("garden",)), '"garden" is not a space'),
        (JournalSelection(since=dt.date(2026, 5, 1), until=dt.date(2026, 4, 1)), "ends before"),
        (JournalSelection(tags=("never-used",)), "no reflections match"),
    ],
)
def test_a_selection_that_cannot_print_says_why(
    journal: Journal, decks: tuple[Deck, ...], selection: JournalSelection, words: str
) -> None:
    with pytest.raises(JournalPdfError, match=re.escape(words)):
        journal_pdf_bytes(journal, decks, selection)


def test_markup_escapes_and_pieces_keep_every_character() -> None:
    marked = markup("a < b & <font face='x'>")
    assert "<font face='x'>" not in marked.markup and "&lt;font" in marked.markup
    assert markup("\x07").missing == 1
    text = ("word " * 3000) + ("\n\nparagraph " * 500)
    parts = pieces(text, 1000)
    assert "".join(parts) == text and all(len(p) <= 1000 for p in parts)


@pytest.mark.parametrize(
    ("name", "today", "expected"),
    [
        ("all", dt.date(2026, 11, 23), (None, None)),
        ("last-quarter", dt.date(2026, 11, 23), (dt.date(2026, 7, 1), dt.date(2026, 9, 30))),
        ("last-quarter", dt.date(2026, 2, 1), (dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
        ("last-3-months", dt.date(2026, 11, 23), (dt.date(2026, 8, 24), dt.date(2026, 11, 23))),
        ("last-3-months", dt.date(2026, 5, 31), (dt.date(2026, 3, 1), dt.date(2026, 5, 31))),
        ("last-3-months", dt.date(2026, 2, 10), (dt.date(2025, 11, 11), dt.date(2026, 2, 10))),
        ("this-year", dt.date(2026, 11, 23), (dt.date(2026, 1, 1), dt.date(2026, 11, 23))),
        ("last-year", dt.date(2026, 11, 23), (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    ],
)
def test_named_periods(name: str, today: dt.date, expected: tuple) -> None:
    from leadcards.journal.report import period

    assert period(name, today) == expected


def test_long_titles_unknown_cards_and_look_alike_ids_keep_their_own_bookmarks(
    tmp_path: Path, decks: tuple[Deck, ...]
) -> None:
    import dataclasses

    long_title = "Long title " * 30  # a user deck's card may have a title this long
    task = dataclasses.replace(decks[1].card("task"), title=long_title)
    trace = dataclasses.replace(decks[1], cards=(task,))
    with Journal.open(tmp_path / "odd.sqlite3") as journal:
        journal.add_entry("LOOKALIKE1", deck_id="a", card_id="b-c", when=at(1))
        journal.add_entry("LOOKALIKE2", deck_id="a-b", card_id="c", when=at(2))
        journal.add_entry("LONGID", deck_id="gone", card_id="x" * 80, when=at(3))
        journal.add_entry("LONGTITLE", deck_id="trace", card_id="task", when=at(3))
        for number in range(60):  # reflections on sixty cards of a deck no longer loaded
            journal.add_entry(f"MANY{number}", deck_id="old", card_id=f"card-{number}", when=at(4))
        data, report = journal_pdf_bytes(journal, (decks[0], trace), JournalSelection())
    marks = outline(data)
    titles = [title for title, _, _ in marks]
    assert titles.count("Other reflections") == 1
    assert "a/b-c" in titles and "a-b/c" in titles and f"gone/{'x' * 80}" in titles
    shortened = next(t for t in titles if t.startswith("Long title"))
    assert shortened.endswith("\N{HORIZONTAL ELLIPSIS}") and len(shortened) <= HEADING_CHARS
    pages = text_of(data)
    # Each bookmark opens its own section: no two share a name and so a page by mistake.
    for title, _, page in marks[1:]:
        assert title[:20] in pages[page - 1].replace("\n", "")
    # Sixty-five card sections and two deck headings: the contents run to two pages, both used.
    contents = [p for p in pages if p.startswith("Contents")]
    assert len(contents) == 2 and all(len(p.splitlines()) > 5 for p in contents)
    assert report.entries == 64


def test_progress_comes_while_the_pages_are_laid_out_so_cancel_is_heard(
    journal: Journal, decks: tuple[Deck, ...]
) -> None:
    from leadcards.progress import CancelledError

    seen: list[tuple[int, int]] = []

    def watch(done: int, total: int) -> None:
        seen.append((done, total))

    journal_pdf_bytes(journal, decks, JournalSelection(), progress=watch)
    assert seen == [(n, len(ENTRIES)) for n in range(1, len(ENTRIES) + 1)]

    def cancel_late(done: int, total: int) -> None:
        if done == total:  # the last reflection is being laid out
            raise CancelledError

    with pytest.raises(CancelledError):
        journal_pdf_bytes(journal, decks, JournalSelection(), progress=cancel_late)


def test_checks_of_decks_left_out_are_left_out(journal: Journal, decks: tuple[Deck, ...]) -> None:
    journal.add_check("trace", "task", 3, when=at(6), measure="count")
    only_behaviours = JournalSelection(
        card_ids=tuple(f"{decks[0].id}/{c.id}" for c in decks[0].cards)
    )
    data, _ = journal_pdf_bytes(journal, decks, only_behaviours)
    assert "Temperature checks" not in "\n".join(text_of(data))
    data, _ = journal_pdf_bytes(journal, decks, JournalSelection())
    assert "Temperature checks" in "\n".join(text_of(data))


def test_a_noncharacter_is_counted_not_lost(tmp_path: Path, decks: tuple[Deck, ...]) -> None:
    with Journal.open(tmp_path / "nc.sqlite3") as journal:
        journal.add_entry("before \uffff after", deck_id="trace", card_id="task", when=at(4))
        data, report = journal_pdf_bytes(journal, decks, JournalSelection())
    assert report.missing == 1
    assert f"before{PLACEHOLDER}after" in squeeze("".join(text_of(data)))


def test_many_short_lines_are_cut_into_pieces_of_few_lines() -> None:
    text = "\n".join(f"line {n}" for n in range(1000))
    parts = pieces(text)
    assert "".join(parts) == text
    assert max(part.count("\n") for part in parts) <= 40
    marked = "& < > " * 2000
    assert all(len(part) <= 1000 for part in pieces(marked)) and "".join(pieces(marked)) == marked


def test_thousands_of_tags_print_every_one(decks: tuple[Deck, ...]) -> None:
    """However many tags a reflection holds (the journal keeps it to a few now, but a
    list of any length lays out in pieces: its cost grows in step with its length)."""
    from leadcards.journal.model import Entry

    tags = tuple(f"tag{n}" for n in range(5000))
    entry = Entry(
        uuid="u", created=at(4), updated=at(4), text="TAGGED", deck_id="trace",
        card_id="task", space=None, marks={}, tags=tags,
    )  # fmt: skip

    class Held:
        name = "Held"

        def entries(self, *_: object, **__: object) -> list[Entry]:
            return [entry]

        def check_decks(self) -> list[str]:
            return []

        def query(self, *_: object) -> list[object]:  # no commitments
            return []

    data, _ = journal_pdf_bytes(Held(), decks, JournalSelection())
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert set(re.findall(r"\btag\d+\b", printed)) == set(tags)
    assert printed.count("Tags:") == 1  # laid out in pieces, read as one list


def test_a_deck_title_with_controls_keeps_them_as_placeholders_in_headings(
    tmp_path: Path, decks: tuple[Deck, ...]
) -> None:
    import dataclasses

    odd = dataclasses.replace(decks[1], title="Next\u0085line \U0001f600")
    with Journal.open(tmp_path / "odd.sqlite3") as journal:
        journal.add_entry("TOKEN", deck_id="trace", card_id="task", when=at(4))
        data, report = journal_pdf_bytes(journal, (decks[0], odd), JournalSelection())
    pages = text_of(data)
    assert f"Next{PLACEHOLDER}line {PLACEHOLDER}" in pages[2]
    assert report.missing == 2
    assert f"Next{PLACEHOLDER}line {PLACEHOLDER}" in [title for title, _, _ in outline(data)]


def test_the_journal_pdf_is_never_written_over_the_journal_it_prints(tmp_path: Path) -> None:
    from leadcards.fileio import UserFileError
    from leadcards.journal.store import Journal
    from leadcards.library import builtin_decks

    path = tmp_path / "plain-name.sqlite3"
    with Journal.open(path) as journal:
        journal.add_entry("kept", deck_id="trace", card_id="task")
        with pytest.raises(UserFileError, match="journal LeadCards keeps"):
            write_journal_pdf(journal, builtin_decks(), path, JournalSelection())
    with Journal.open(path) as journal:
        assert [entry.text for entry in journal.entries()] == ["kept"]
        assert journal.integrity_ok()
