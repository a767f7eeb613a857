"""Every text a user can type prints, in every PDF LeadCards makes, in a fresh process.

What no bundled face draws (control characters, emoji, private-use characters,
noncharacters...) prints as the counted placeholder; the text around it prints as written.
The command-line tests run ``python -m leadcards`` in a new interpreter, so nothing a
test loaded before (a font registered by another test, say) can hide a fault: the first
text a process ever lays out must work on its own. The property tests then throw any
Unicode at every place a person's or a deck's text is laid out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from leadcards.deck import Deck, deck_to_dict
from leadcards.journal.report import JournalSelection, select
from leadcards.journal.store import Journal
from leadcards.library import builtin_deck, builtin_decks
from leadcards.limits import FIRST_TIME, LAST_TIME
from leadcards.printing.face import Face, draw_face, layout_face
from leadcards.printing.journal_pdf import journal_pdf_bytes
from leadcards.printing.layout import MM
from leadcards.printing.text import PLACEHOLDER, markup, plain, runs
from leadcards.printing.worksheets import worksheets_pdf

SCRIPTS = "Ελληνικά Кириллица 中文"
# Each hard kind of text between two words of its own, and what should print (compared
# after dropping white space and invisible format characters, composed as NFC).
HARD = [
    ("c0 \x1b[31m \x07 \x1c end", f"c0{PLACEHOLDER}[31m{PLACEHOLDER}{PLACEHOLDER}end"),
    ("c1 \u009b1m \u0085 end", f"c1{PLACEHOLDER}1m{PLACEHOLDER}end"),
    ("emoji \U0001f600 \U0001f984 end", f"emoji{PLACEHOLDER}{PLACEHOLDER}end"),
    ("zwj \U0001f469\u200d\U0001f4bb end", f"zwj{PLACEHOLDER}{PLACEHOLDER}end"),
    ("astral \U00010348 \U0002000b end", f"astral{PLACEHOLDER}{PLACEHOLDER}end"),
    ("nonchar \uffff \ufffe \ufdd0 end", f"nonchar{PLACEHOLDER}{PLACEHOLDER}{PLACEHOLDER}end"),
    ("private \ue000 \U000f0000 end", f"private{PLACEHOLDER}{PLACEHOLDER}end"),
    # No bundled face has the isolates (U+2066 to U+2069), DejaVu Sans has the others.
    ("bidi \u202eevil\u202c \u2067x\u2069 end", f"bidievil{PLACEHOLDER}x{PLACEHOLDER}end"),
    ("joiners a\u200db a\u200cb end", "ababend"),
    ("combining e\u0301 end", "combining\u00e9end"),
    ("markup <b>&amp; <img src='x'/> end", "markup<b>&amp;<imgsrc='x'/>end"),
    (f"scripts {SCRIPTS} end", "scripts" + SCRIPTS.replace(" ", "") + "end"),
]
HARD_MISSING = sum(expected.count(PLACEHOLDER) for _, expected in HARD)
LONG_WORD = "W" * 3000
# What a deck file may hold: the loader refuses control characters (C0 other than tab and
# breaks, C1) and noncharacters.
DECK_HARD = [
    (text, expected) for text, expected in HARD if not text.startswith(("c0", "c1", "nonchar"))
]


def squeeze(text: str) -> str:
    kept = "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFC", kept)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return squeeze("".join(page.extract_text() or "" for page in pdf.pages))


def environment(tmp_path: Path, tz: str | None = None) -> dict[str, str]:
    env = {**os.environ, "LEADCARDS_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    if tz is not None:
        env["TZ"] = tz
    return env


def leadcards(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m leadcards ARGV`` in a new interpreter; it must succeed."""
    result = subprocess.run(
        [sys.executable, "-m", "leadcards", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "went wrong" not in result.stderr
    return result


def python(tmp_path: Path, code: str, tz: str | None = None) -> str:
    """A small script in a new interpreter; what it prints."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(tmp_path, tz),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def user_deck(data_dir: Path, title: str, card_title: str, texts: list[str]) -> Deck:
    """A deck file in the data dir's decks folder: TRACE, renamed, with ``texts`` as the
    first card's summary and first indicators."""
    document = deck_to_dict(builtin_deck("trace"))
    document["id"], document["title"] = "mine", title
    document["cards"] = document["cards"][:1]  # no card beside it on the page
    card = document["cards"][0]
    card["title"], card["summary"] = card_title, " ".join(texts)
    for indicator, text in zip(card["indicator_groups"][0]["indicators"], texts, strict=False):
        indicator["text"] = text
    folder = data_dir / "decks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    from leadcards.deck import load_deck_file

    return load_deck_file(folder / "mine.json")


# --------------------------------------------------------------------------- fresh processes


def test_a_journal_with_an_emoji_prints_in_a_fresh_process(tmp_path: Path) -> None:
    leadcards(tmp_path, "journal", "add", "--card", "task", "--text", "I feel \U0001f600 great")
    target = tmp_path / "journal.pdf"
    result = leadcards(tmp_path, "print", "journal", "-o", str(target))
    assert f"Ifeel{PLACEHOLDER}great" in pdf_text(target.read_bytes())
    assert "1 character no bundled typeface can draw" in result.stderr


def test_a_journal_with_control_characters_prints_in_a_fresh_process(tmp_path: Path) -> None:
    text = "bell \x07 escape \x1b[2J csi \u009b31m next \u0085 end"
    leadcards(tmp_path, "journal", "add", "--card", "task", "--text", text)
    target = tmp_path / "journal.pdf"
    result = leadcards(tmp_path, "print", "journal", "-o", str(target))
    printed = pdf_text(target.read_bytes())
    p = PLACEHOLDER
    assert f"bell{p}escape{p}[2Jcsi{p}31mnext{p}end" in printed
    assert "4 characters no bundled typeface can draw" in result.stderr


def test_a_journal_with_every_hard_kind_of_text_prints_in_a_fresh_process(
    tmp_path: Path,
) -> None:
    reflection = "\n".join(text for text, _ in HARD) + "\n" + LONG_WORD
    leadcards(
        tmp_path, "journal", "add", "--card", "task", "--text", reflection,
        "--tag", "tag \U0001f600 \x07 end", "--tag", "\u202etag\u202c \ue000",
    )  # fmt: skip
    target = tmp_path / "journal.pdf"
    owner = "Owner \x1b \U0001f600 \u0301 end"
    result = leadcards(tmp_path, "print", "journal", "-o", str(target), "--owner", owner)
    printed = pdf_text(target.read_bytes())
    for text, expected in HARD:
        assert squeeze(expected) in printed, text
    assert printed.count("W") >= len(LONG_WORD)
    p = PLACEHOLDER
    assert f"Tags:tag{p}{p}end,tag{p}" in printed
    assert f"Owner{p}{p}" in printed
    # Every placeholder counted: the reflection's, the tags' and the owner's.
    assert f"{HARD_MISSING + 3 + 2} characters no bundled" in result.stderr


@pytest.mark.parametrize("kind", ["worksheets", "deck"])
def test_a_user_deck_with_emoji_prints_in_a_fresh_process(tmp_path: Path, kind: str) -> None:
    user_deck(
        tmp_path,
        "My \U0001f600 deck",
        "Card \U0001f984 one",
        ["Indicator \U0001f600 text", "Second \U0001f44d indicator"],
    )
    target = tmp_path / f"{kind}.pdf"
    leadcards(tmp_path, "print", kind, "mine", "-o", str(target))
    printed = pdf_text(target.read_bytes())
    p = PLACEHOLDER
    for expected in (f"Card{p}one", f"Indicator{p}text", f"Second{p}indicator"):
        assert expected in printed


def test_a_user_deck_with_every_hard_kind_of_text_prints_in_a_fresh_process(
    tmp_path: Path,
) -> None:
    texts = [text for text, _ in DECK_HARD]
    user_deck(tmp_path, "Hard \u202e \U0001f600", "Card \u202e\ue000 \u0301 end", texts)
    for kind in ("worksheets", "deck"):
        target = tmp_path / f"{kind}.pdf"
        leadcards(tmp_path, "print", kind, "mine", "-o", str(target))
        printed = pdf_text(target.read_bytes())
        for text, expected in DECK_HARD:
            assert squeeze(expected) in printed, (kind, text)
        assert f"Card{PLACEHOLDER}" in printed


def test_the_calibration_sheet_prints_in_a_fresh_process(tmp_path: Path) -> None:
    target = tmp_path / "calibration.pdf"
    leadcards(tmp_path, "print", "calibration", "-o", str(target))
    assert "Calibrationsheet" in pdf_text(target.read_bytes())


@pytest.mark.parametrize("face", ["REGULAR", "BOLD", "ITALIC", "BOLD_ITALIC"])
def test_markup_works_as_the_first_thing_a_process_lays_out(tmp_path: Path, face: str) -> None:
    """The markup names only faces it has registered, family and all: nothing else need
    have been loaded (the fault once hidden by a warm test process)."""
    code = f"""
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
import io
from leadcards.printing import fonts
from leadcards.printing.text import markup
name = fonts.{face}
marked = markup("a \\U0001f600 \\x07 end", name)  # placeholders only: no other script
paragraph = Paragraph(marked.markup, ParagraphStyle("s", fontName=name))
canvas = Canvas(io.BytesIO())
paragraph.wrap(300, 300)
paragraph.drawOn(canvas, 10, 10)
canvas.save()
print(marked.missing)
"""
    assert python(tmp_path, code).strip() == "2"


# --------------------------------------------------------------------------- any date, any zone

ZONE_SCRIPT = """
import datetime as dt, io, json, tempfile
from pathlib import Path
import pdfplumber
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.limits import FIRST_TIME, LAST_TIME
from leadcards.printing.journal_pdf import JournalSelection, journal_pdf_bytes, select

decks = builtin_decks()
found = {}
with tempfile.TemporaryDirectory() as folder, Journal.open(Path(folder) / "j.sqlite3") as j:
    j.add_entry("FIRST", deck_id="trace", card_id="task", when=FIRST_TIME)
    j.add_entry("LAST", deck_id="trace", card_id="task", when=LAST_TIME)
    j.add_check("trace", "task", 3, when=FIRST_TIME, measure="count")
    j.add_check("trace", "task", 4, when=LAST_TIME, measure="count")
    every = JournalSelection(since=dt.date.min, until=dt.date.max)
    data, report = journal_pdf_bytes(j, decks, every)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        found["text"] = "\\n".join(page.extract_text() or "" for page in pdf.pages)
    for name, since, until in [
        ("from_3000", dt.date(3000, 1, 1), None),
        ("to_1970", None, dt.date(1970, 12, 31)),
        ("year_1", dt.date(1, 1, 1), dt.date(1, 1, 1)),
        ("year_9999", dt.date(9999, 12, 31), dt.date(9999, 12, 31)),
    ]:
        chosen = select(j, decks, JournalSelection(since=since, until=until))
        found[name] = [e.text for s in chosen.sections for e in s.entries]
print(json.dumps(found))
"""


@pytest.mark.parametrize(
    ("zone", "first", "last", "from_3000", "to_1970"),
    [
        # POSIX signs are inverted: Etc/GMT+12 is UTC-12, Etc/GMT-14 is UTC+14.
        ("Etc/GMT+12", "31 December 1970, 12:00", "31 December 2999, 11:59", [], ["FIRST"]),
        ("Etc/GMT-14", "01 January 1971, 14:00", "01 January 3000, 13:59", ["LAST"], []),
    ],
)
def test_every_date_and_kept_time_prints_in_every_zone_in_a_fresh_process(
    tmp_path: Path, zone: str, first: str, last: str, from_3000: list[str], to_1970: list[str]
) -> None:
    found = json.loads(python(tmp_path, ZONE_SCRIPT, tz=zone))
    assert first in found["text"] and last in found["text"]
    assert "01 January 1 to 31 December 9999" in found["text"]
    assert found["from_3000"] == from_3000 and found["to_1970"] == to_1970
    assert found["year_1"] == [] and found["year_9999"] == []


@pytest.fixture
def zone() -> Iterator[Callable[[str], None]]:
    """Sets this process's local time zone (POSIX only); the old one comes back after."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    old = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.parametrize("name", ["Etc/GMT+12", "Etc/GMT-14", "UTC"])
def test_any_date_selects_without_overflow_in_this_process(
    tmp_path: Path, zone: Callable[[str], None], name: str
) -> None:
    zone(name)
    decks = builtin_decks()
    with Journal.open(tmp_path / "zones.sqlite3") as journal:
        journal.add_entry("FIRST", deck_id="trace", card_id="task", when=FIRST_TIME)
        journal.add_entry("LAST", deck_id="trace", card_id="task", when=LAST_TIME)
        days = [dt.date.min, dt.date(1970, 12, 30), dt.date(1971, 1, 1), dt.date(2999, 12, 31)]
        days += [dt.date(3000, 1, 1), dt.date.max]
        for since in [None, *days]:
            for until in [None, *days]:
                if since and until and since > until:
                    continue
                chosen = select(journal, decks, JournalSelection(since=since, until=until))
                for section in chosen.sections:
                    for entry in section.entries:
                        day = entry.created.astimezone().date()
                        assert (since or day) <= day <= (until or day)
        data, report = journal_pdf_bytes(
            journal, decks, JournalSelection(since=dt.date.min, until=dt.date.max)
        )
    assert report.entries == 2 and data.startswith(b"%PDF")


# --------------------------------------------------------------------------- any text at all

ANY_TEXT = st.text()  # every code point but surrogates: control characters included
JOURNAL_TEXT = ANY_TEXT.map(lambda text: text.replace("\x00", ""))  # the journal refuses NUL
LINE = st.text(min_size=1, max_size=80).filter(lambda text: text.strip())
PROPERTIES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(ANY_TEXT, st.sampled_from(["LeadCards-Regular", "LeadCards-Bold", "LeadCards-Italic"]))
@settings(max_examples=300, deadline=None)
def test_every_character_prints_as_itself_or_the_counted_placeholder(text: str, face: str) -> None:
    found, missing = runs(text, face)
    printed = "".join(chars for _, chars in found)
    written = re.sub("\r\n|[\r\u2028\u2029]", "\n", text).replace("\t", "    ")
    assert len(printed) == len(written)
    changed = [(a, b) for a, b in zip(written, printed, strict=True) if a != b]
    assert all(b == PLACEHOLDER for _, b in changed) and len(changed) == missing
    assert missing == markup(text, face).missing
    assert "<" not in re.sub(r"</?font[^>]*>|<br/>", "", markup(text, face).markup)
    assert not any(unicodedata.category(c) in ("Cc", "Cs", "Co") for c in plain(text))


def _deck_with(title: str, card_title: str, indicator: str) -> Deck:
    deck = builtin_deck("trace")
    card = deck.cards[0]
    group = card.indicator_groups[0]
    first = dataclasses.replace(group.indicators[0], text=indicator)
    groups = (
        dataclasses.replace(group, indicators=(first, *group.indicators[1:])),
        *card.indicator_groups[1:],
    )
    card = dataclasses.replace(card, title=card_title, indicator_groups=groups)
    return dataclasses.replace(deck, title=title, cards=(card, *deck.cards[1:]))


@given(
    reflection=JOURNAL_TEXT,
    tag=JOURNAL_TEXT.map(lambda text: text[:60]),
    owner=ANY_TEXT,
    card_title=LINE,
)
@PROPERTIES
def test_any_text_lays_out_into_a_journal_pdf(
    reflection: str, tag: str, owner: str, card_title: str
) -> None:
    deck = _deck_with("Deck", card_title, "Indicator")
    when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    card_id = deck.cards[0].id
    with (
        tempfile.TemporaryDirectory() as folder,
        Journal.open(Path(folder) / "j.sqlite3") as journal,
    ):
        journal.add_entry(
            reflection or "-", deck_id="trace", card_id=card_id, tags=[tag], when=when
        )
        journal.add_check("trace", card_id, 2, when=when, measure="count")
        data, report = journal_pdf_bytes(journal, [deck], JournalSelection(), owner=owner)
    assert data.startswith(b"%PDF") and report.entries == 1


@given(title=LINE, card_title=LINE, indicator=LINE)
@PROPERTIES
def test_any_deck_text_lays_out_into_a_worksheet_and_card_faces(
    title: str, card_title: str, indicator: str
) -> None:
    deck = _deck_with(title, card_title, indicator)
    data, report = worksheets_pdf([(deck, deck.cards[:1])])
    assert data.startswith(b"%PDF") and report.pages >= 2
    canvas = Canvas(io.BytesIO())
    for face in Face:
        fitted = layout_face(deck, deck.cards[0], face, 63 * MM, 88 * MM)
        if fitted is not None:  # too long to fit at 7 pt is reported, never an error
            draw_face(canvas, fitted, 0, 0, 63 * MM, 88 * MM, bleed=3 * MM)
    canvas.save()
