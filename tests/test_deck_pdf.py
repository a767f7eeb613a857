"""Deck PDFs read back: pypdf for structure, pdfplumber for where everything landed.

Card positions are measured from the drawing itself: every face has a coloured band at its
head and a thin one at its foot, both running into the bleed, so the two together span
exactly the card's bleed rectangle.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from leadcards.deck import Card, Deck
from leadcards.library import builtin_decks
from leadcards.printing.deck_pdf import (
    CardsDoNotFitError,
    calibration_pdf_bytes,
    deck_pdf_bytes,
    fit_all,
    write_deck_pdf,
)
from leadcards.printing.layout import (
    CARD_SIZES,
    MM,
    PAPERS,
    FlipEdge,
    Geometry,
    LayoutError,
    Mode,
    Orientation,
)
from leadcards.printing.options import BackSection, PrintOptions, ShopOrder

TOLERANCE = 0.1 * MM
BASE14 = {
    "Courier", "Helvetica", "Times-Roman", "Symbol", "ZapfDingbats", "Times-Bold",
    "Helvetica-Bold", "Courier-Bold", "Times-Italic", "Helvetica-Oblique",
}  # fmt: skip


@pytest.fixture(scope="module")
def decks() -> tuple[Deck, ...]:
    return builtin_decks()


def chosen(
    decks: tuple[Deck, ...], count: int | None = None
) -> list[tuple[Deck, tuple[Card, ...]]]:
    if count is None:
        return [(deck, deck.cards) for deck in decks]
    return [(decks[0], decks[0].cards[:count])]


def make(decks: tuple[Deck, ...], count: int | None = None, **options: object) -> bytes:
    geometry = options.pop("geometry", Geometry())
    data, _ = deck_pdf_bytes(chosen(decks, count), PrintOptions(geometry=geometry, **options))
    return data


@dataclasses.dataclass(frozen=True)
class Box:
    x0: float
    top: float  # from the top of the page, as pdfplumber measures
    x1: float
    bottom: float

    def shrunk(self, by: float) -> Box:
        return Box(self.x0 + by, self.top + by, self.x1 - by, self.bottom - by)

    def holds(self, x0: float, top: float, x1: float, bottom: float, slack: float = 0.05) -> bool:
        return (
            x0 >= self.x0 - slack
            and x1 <= self.x1 + slack
            and top >= self.top - slack
            and bottom <= self.bottom + slack
        )

    def meets(self, x0: float, top: float, x1: float, bottom: float) -> bool:
        return x0 < self.x1 and x1 > self.x0 and top < self.bottom and bottom > self.top


def bleed_boxes(page: pdfplumber.page.Page) -> list[Box]:
    """Each face's bleed rectangle: its head band and foot band joined, column by column."""
    bands = [r for r in page.rects if r["fill"] and not r["stroke"]]
    columns: dict[tuple[float, float], list[dict]] = {}
    for band in bands:
        columns.setdefault((round(band["x0"], 2), round(band["x1"], 2)), []).append(band)
    boxes = []
    for (x0, x1), found in columns.items():
        found.sort(key=lambda r: r["top"])
        assert len(found) % 2 == 0, f"unpaired bands in column {x0}-{x1}"
        for head, foot in zip(found[::2], found[1::2], strict=True):
            boxes.append(Box(x0, head["top"], x1, foot["bottom"]))
    return sorted(boxes, key=lambda b: (round(b.top), b.x0))


def trims(page: pdfplumber.page.Page, bleed_mm: float) -> list[Box]:
    return [box.shrunk(bleed_mm * MM) for box in bleed_boxes(page)]


def crop_marks(page: pdfplumber.page.Page) -> list[dict]:
    return [line for line in page.lines if line["linewidth"] == 0.5 and not line.get("dash")]


def chars_in(page: pdfplumber.page.Page, box: Box) -> Counter[str]:
    return Counter(
        c["text"] for c in page.chars if box.holds(c["x0"], c["top"], c["x1"], c["bottom"])
    )


def shows(page: pdfplumber.page.Page, box: Box, text: str) -> bool:
    wanted = Counter(text.replace(" ", ""))
    return not wanted - chars_in(page, box)


def open_pdf(data: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(data))


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.276, 841.89)), ("letter", (612.0, 792.0))])
def test_pages_are_exactly_the_paper(
    decks: tuple[Deck, ...], paper: str, size: tuple[float, float]
) -> None:
    reader = PdfReader(io.BytesIO(make(decks, geometry=Geometry(paper=PAPERS[paper]))))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=0.01)


@pytest.mark.parametrize("count", [1, 4, 5, 13])
def test_duplex_has_an_even_page_count(decks: tuple[Deck, ...], count: int) -> None:
    reader = PdfReader(io.BytesIO(make(decks, count)))
    assert len(reader.pages) % 2 == 0
    assert len(reader.pages) == 2 + 2 * -(-count // 4)


def pairs(
    data: bytes, bleed_mm: float = 3.0
) -> Iterator[tuple[pdfplumber.page.Page, pdfplumber.page.Page]]:
    pdf = open_pdf(data)
    pages = pdf.pages[2:]  # after the instructions and their blank back
    yield from zip(pages[::2], pages[1::2], strict=True)


@pytest.mark.parametrize("flip", list(FlipEdge))
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("count", [4, 6], ids=["four", "six"])
@pytest.mark.parametrize("orientation", [Orientation.AUTO, Orientation.LANDSCAPE])
def test_every_back_lands_on_its_front(
    decks: tuple[Deck, ...], flip: FlipEdge, paper: str, count: int, orientation: Orientation
) -> None:
    cards = decks[0].cards[:count]
    geometry = Geometry(paper=PAPERS[paper], flip=flip, orientation=orientation)
    data = make(decks, count, geometry=geometry)
    position = 0
    for front_page, back_page in pairs(data):
        width, height = float(front_page.width), float(front_page.height)
        assert (width > height) == (orientation is Orientation.LANDSCAPE)
        fronts, backs = trims(front_page, 3), trims(back_page, 3)
        assert len(fronts) == len(backs) > 0
        # A sheet turns over about an axis along its flip edge: on a portrait page the
        # long edge is upright, so the columns mirror; on a landscape page it lies level,
        # so the rows mirror (and the short edge the other way about).
        rows_mirror = (flip is FlipEdge.SHORT) == (height >= width)
        for front in fronts:
            card = cards[position]
            position += 1
            assert shows(front_page, front, card.title)
            if rows_mirror:
                expected = Box(front.x0, height - front.bottom, front.x1, height - front.top)
            else:
                expected = Box(width - front.x1, front.top, width - front.x0, front.bottom)
            (back,) = [
                b for b in backs if abs(b.x0 - expected.x0) < 5 and abs(b.top - expected.top) < 5
            ]
            for got, want in zip(
                dataclasses.astuple(back), dataclasses.astuple(expected), strict=True
            ):
                assert got == pytest.approx(want, abs=TOLERANCE)
            assert shows(back_page, back, card.title)  # the back's band names its card
    assert position == count


def test_short_edge_backs_are_turned_and_long_edge_backs_are_not(decks: tuple[Deck, ...]) -> None:
    for flip, upright in ((FlipEdge.LONG, True), (FlipEdge.SHORT, False)):
        _, back_page = next(pairs(make(decks, 4, geometry=Geometry(flip=flip))))
        # Text turned 180 degrees runs right to left: its matrix has a = -1.
        assert {c["matrix"][0] > 0 for c in back_page.chars} == {upright}


def test_the_grid_is_centred_and_independent_of_how_many_cards(decks: tuple[Deck, ...]) -> None:
    full = trims(next(pairs(make(decks, 4)))[0], 3)
    partial = trims(next(pairs(make(decks, 1)))[0], 3)
    assert partial == full[:1]
    page_width, page_height = 595.276, 841.89
    left, right = min(b.x0 for b in full), max(b.x1 for b in full)
    top, bottom = min(b.top for b in full), max(b.bottom for b in full)
    assert left == pytest.approx(page_width - right, abs=TOLERANCE)
    assert top == pytest.approx(page_height - bottom, abs=TOLERANCE)
    # The empty slots on a partial sheet stay empty on the back too.
    _, back_page = next(pairs(make(decks, 1)))
    assert len(trims(back_page, 3)) == 1


@pytest.mark.parametrize("mode", [Mode.DUPLEX, Mode.GUTTERFOLD])
def test_crop_marks_sit_outside_every_bleed_on_every_trim_line(
    decks: tuple[Deck, ...], mode: Mode
) -> None:
    pdf = open_pdf(make(decks, 4, geometry=Geometry(mode=mode)))
    for page in pdf.pages[1:]:
        boxes = bleed_boxes(page)
        if not boxes:
            continue  # the blank back of the instructions
        marks = crop_marks(page)
        assert marks
        for mark in marks:
            length = max(mark["width"], mark["height"])
            assert length >= 3 * MM
            assert length == pytest.approx(6 * MM, abs=0.01)
            for box in boxes:
                assert not box.meets(mark["x0"], mark["top"], mark["x1"], mark["bottom"] + 1e-3)
        trim_boxes = [box.shrunk(3 * MM) for box in boxes]
        xs = {round(v, 1) for b in trim_boxes for v in (b.x0, b.x1)}
        ys = {round(v, 1) for b in trim_boxes for v in (b.top, b.bottom)}
        vertical = Counter(round(m["x0"], 1) for m in marks if m["width"] == 0)
        horizontal = Counter(round(m["top"], 1) for m in marks if m["height"] == 0)
        # Every trim line has a mark at both ends, and every mark is on a trim line.
        assert set(vertical) == xs and set(vertical.values()) == {2}
        assert set(horizontal) == ys and set(horizontal.values()) == {2}


def test_every_character_is_inside_its_cards_safe_zone(decks: tuple[Deck, ...]) -> None:
    every = (BackSection.INDICATORS, BackSection.PROMPTS)
    for size, sections in (("tarot", None), ("a6", every)):
        options: dict[str, object] = {"geometry": Geometry(card=CARD_SIZES[size])}
        if sections:
            options["back_sections"] = sections
        pdf = open_pdf(make(decks, **options))
        checked = 0
        for page in pdf.pages[2:]:
            boxes = trims(page, 3)
            safe = [box.shrunk(5 * MM) for box in boxes]
            for char in page.chars:
                if char["text"].isspace():
                    continue
                where = (char["x0"], char["top"], char["x1"], char["bottom"])
                assert any(zone.holds(*where) for zone in safe), (size, char["text"], where)
                checked += 1
        assert checked > 5000


def test_fonts_are_embedded_subsets_and_no_base14_font_appears(decks: tuple[Deck, ...]) -> None:
    for data in (
        make(decks),
        make(decks, geometry=Geometry(mode=Mode.PRINT_SHOP)),
        calibration_pdf_bytes(Geometry()),
    ):
        reader = PdfReader(io.BytesIO(data))
        seen = set()
        for page in reader.pages:
            fonts = page["/Resources"].get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                name = str(font["/BaseFont"]).lstrip("/")
                seen.add(name)
                assert re.fullmatch(r"[A-Z]{6}\+\S+", name), name
                assert name.split("+")[1] not in BASE14
                descendant = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, name
        assert seen
        assert b"Helvetica" not in data and b"Times-Roman" not in data


def test_viewer_preferences_and_metadata(decks: tuple[Deck, ...]) -> None:
    for geometry, duplex in (
        (Geometry(), "/DuplexFlipLongEdge"),
        (Geometry(flip=FlipEdge.SHORT), "/DuplexFlipShortEdge"),
        (Geometry(mode=Mode.SINGLE), "/Simplex"),
    ):
        reader = PdfReader(io.BytesIO(make(decks, geometry=geometry)))
        preferences = reader.trailer["/Root"]["/ViewerPreferences"]
        assert preferences["/PrintScaling"] == "/None"
        assert preferences["/Duplex"] == duplex
        meta = reader.metadata
        assert meta is not None
        assert "System Leadership Behaviours" in (meta.title or "")
        assert "NHS North West Leadership Academy" in (meta.author or "")
        assert "Kscope" in (meta.author or "")
        assert meta.subject and meta.creator and meta.creator.startswith("LeadCards")


def test_bookmarks_name_each_theme_under_its_deck(decks: tuple[Deck, ...]) -> None:
    reader = PdfReader(io.BytesIO(make(decks)))
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == [deck.title for deck in decks]
    behaviours = outline[1]
    assert [item.title for item in behaviours] == [t.title for t in decks[0].themes]
    # Each theme's bookmark opens the page holding its first card.
    pdf = open_pdf(make(decks))
    for item in behaviours:
        page = pdf.pages[reader.get_destination_page_number(item)]
        theme = next(t for t in decks[0].themes if t.title == item.title)
        first = next(c for c in decks[0].cards if c.theme == theme.id)
        assert any(shows(page, box, first.title) for box in trims(page, 3))


def test_print_shop_pages_carry_trim_and_bleed_boxes(decks: tuple[Deck, ...]) -> None:
    data = make(
        decks, 2, geometry=Geometry(mode=Mode.PRINT_SHOP), shop_order=ShopOrder.FRONTS_FIRST
    )
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4
    bleed = 3 * MM
    width, height = 69.85 * MM + 2 * bleed, 120.65 * MM + 2 * bleed
    for page in reader.pages:
        media = [float(v) for v in page.mediabox]
        assert media == pytest.approx([0, 0, width, height], abs=0.01)
        assert [float(v) for v in page.bleedbox] == pytest.approx(media, abs=0.01)
        assert [float(v) for v in page.trimbox] == pytest.approx(
            [bleed, bleed, width - bleed, height - bleed], abs=0.01
        )
    pdf = open_pdf(data)
    cards = decks[0].cards[:2]
    kinds = ["BEHAVIOUR" in page.extract_text() for page in pdf.pages]
    assert kinds == [True, True, False, False]  # fronts first, then backs
    assert shows(pdf.pages[0], Box(0, 0, width, height), cards[0].title)
    assert shows(pdf.pages[3], Box(0, 0, width, height), cards[1].title)


def test_the_back_offset_moves_only_back_pages_by_exactly_the_offset(
    decks: tuple[Deck, ...],
) -> None:
    plain = open_pdf(make(decks, 4))
    moved = open_pdf(make(decks, 4, back_offset=(1.5, -2.3)))
    for number, (before, after) in enumerate(zip(plain.pages, moved.pages, strict=True)):
        is_back = number >= 2 and number % 2 == 1
        dx, dy = (1.5 * MM, 2.3 * MM) if is_back else (0.0, 0.0)  # "up" is -top
        old = [(c["x0"], c["top"]) for c in before.chars]  # in drawing order
        new = [(c["x0"], c["top"]) for c in after.chars]
        if number == 0:
            continue  # the instructions page states the offset, so its text differs
        assert len(old) == len(new)
        for (x0, top), (x1, top1) in zip(old, new, strict=True):
            assert x1 - x0 == pytest.approx(dx, abs=0.01)
            assert top1 - top == pytest.approx(dy, abs=0.01)
        for mark0, mark1 in zip(crop_marks(before), crop_marks(after), strict=True):
            assert mark1["x0"] - mark0["x0"] == pytest.approx(dx, abs=0.01)
            assert mark1["top"] - mark0["top"] == pytest.approx(dy, abs=0.01)


def test_the_back_scale_scales_back_pages_about_their_centre(decks: tuple[Deck, ...]) -> None:
    plain = open_pdf(make(decks, 4))
    scaled = open_pdf(make(decks, 4, back_scale=1.02))
    front = trims(plain.pages[2], 3)
    assert trims(scaled.pages[2], 3) == front
    centre = 595.276 / 2
    for before, after in zip(
        bleed_boxes(plain.pages[3]), bleed_boxes(scaled.pages[3]), strict=True
    ):
        assert after.x0 - centre == pytest.approx((before.x0 - centre) * 1.02, abs=0.01)


def test_fold_over_puts_turned_backs_below_a_fold_clear_of_every_bleed(
    decks: tuple[Deck, ...],
) -> None:
    pdf = open_pdf(make(decks, 4, geometry=Geometry(mode=Mode.GUTTERFOLD)))
    page = pdf.pages[1]  # no blank back for fold-over
    height = float(page.height)
    boxes = bleed_boxes(page)
    fold = height / 2
    above = [b for b in boxes if b.bottom < fold]
    below = [b for b in boxes if b.top > fold]
    assert len(above) == len(below) == 2
    for box in boxes:
        assert min(abs(box.top - fold), abs(box.bottom - fold)) >= 5 * MM - 0.01
    for front in above:
        mirrored = Box(front.x0, 2 * fold - front.bottom, front.x1, 2 * fold - front.top)
        assert any(
            all(
                abs(a - b) < TOLERANCE
                for a, b in zip(
                    dataclasses.astuple(back), dataclasses.astuple(mirrored), strict=True
                )
            )
            for back in below
        )
    dashed = [line for line in page.lines if line.get("dash")]
    assert dashed and all(line["top"] == pytest.approx(fold, abs=0.01) for line in dashed)
    turned = [c for c in page.chars if c["top"] > fold and c["matrix"][0] < 0]
    assert turned  # the backs are upside down, to read upright once folded


def test_the_test_square_measures_fifty_millimetres(decks: tuple[Deck, ...]) -> None:
    page = open_pdf(make(decks)).pages[0]
    squares = [r for r in page.rects if r["stroke"] and not r["fill"]]
    assert len(squares) == 1
    assert squares[0]["width"] / MM == pytest.approx(50.00, abs=0.005)
    assert squares[0]["height"] / MM == pytest.approx(50.00, abs=0.005)
    text = page.extract_text()
    assert "Actual size (100%)" in text and "long edge" in text and "A4" in text


def content_streams(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.get_contents().get_data().decode("latin-1") for page in reader.pages]


def test_cmyk_mode_has_no_rgb_operator(decks: tuple[Deck, ...]) -> None:
    cmyk = make(decks, cmyk=True)
    for stream in content_streams(cmyk):
        assert not re.search(r"(^|\s)(rg|RG)(\s|$)", stream)
        if len(stream) > 100:  # not the blank back of the instructions
            assert re.search(r"\s(k|K)(\s|$)", stream)
    assert "PDF/X-ready" in open_pdf(cmyk).pages[0].extract_text()
    rgb = make(decks)
    assert any(re.search(r"\s(rg|RG)(\s|$)", s) for s in content_streams(rgb))


def test_every_built_in_card_fits_at_tarot_and_smaller_sizes_are_refused_by_name(
    decks: tuple[Deck, ...],
) -> None:
    assert len(fit_all(chosen(decks), PrintOptions())) == 18
    with pytest.raises(CardsDoNotFitError) as refused:
        fit_all(chosen(decks), PrintOptions(geometry=Geometry(card=CARD_SIZES["mini"])))
    message = str(refused.value)
    assert "smaller than 7 pt at 44x68 mm" in message
    assert "Task (front)" in message and "Delivery (back)" in message
    assert "larger card size" in message and "fewer sections on the back" in message
    assert ("Task", "front") in refused.value.faces


def test_deck_text_is_escaped_before_paragraph_markup(
    decks: tuple[Deck, ...], tmp_path: Path
) -> None:
    deck = decks[0]
    hostile = '<img src="http://example.invalid/x.png"/> & <b>bold</b> <font size=40>'
    card = dataclasses.replace(deck.cards[0], title="Hostile & <odd>", summary=hostile)
    target = tmp_path / "hostile.pdf"
    write_deck_pdf([(deck, (card,))], target, PrintOptions())
    text = open_pdf(target.read_bytes()).pages[2].extract_text()
    squeezed = "".join(text.split())  # line breaks fall where they fall
    assert "Hostile&<odd>" in squeezed
    assert "".join(hostile.split()) in squeezed


def test_bad_settings_are_refused_before_anything_is_written(
    decks: tuple[Deck, ...], tmp_path: Path
) -> None:
    target = tmp_path / "never.pdf"
    for options, words in (
        (PrintOptions(back_offset=(6.0, 0.0)), "within ±5 mm"),
        (PrintOptions(back_scale=1.1), "97% to 103%"),
        (PrintOptions(copies=0), "copies"),
        (PrintOptions(geometry=Geometry(card=CARD_SIZES["mini"])), "smaller than 7 pt"),
    ):
        with pytest.raises(LayoutError, match=words):
            write_deck_pdf(chosen(decks), target, options)
        assert not target.exists()
    with pytest.raises(LayoutError, match="no cards"):
        write_deck_pdf([(decks[0], ())], target, PrintOptions())


def test_copies_repeat_each_card(decks: tuple[Deck, ...]) -> None:
    _, report = deck_pdf_bytes(chosen(decks, 2), PrintOptions(copies=3))
    assert report.cards == 6
    assert report.pages == 2 + 2 * 2


@pytest.mark.parametrize("orientation", [Orientation.PORTRAIT, Orientation.LANDSCAPE])
@pytest.mark.parametrize("flip", list(FlipEdge))
def test_the_calibration_sheet_has_crosshairs_and_ladders_from_minus_three_to_three(
    orientation: Orientation, flip: FlipEdge
) -> None:
    pdf = open_pdf(calibration_pdf_bytes(Geometry(orientation=orientation, flip=flip)))
    assert len(pdf.pages) == 2
    front, back = pdf.pages
    width, height = float(front.width), float(front.height)
    assert (width > height) == (orientation is Orientation.LANDSCAPE)
    centre_x, centre_y = width / 2, height / 2
    (upright,) = [line for line in front.lines if line["width"] == 0]
    (level,) = [line for line in front.lines if line["height"] == 0]
    assert upright["x0"] == pytest.approx(centre_x, abs=0.01)
    assert level["top"] == pytest.approx(centre_y, abs=0.01)
    # The crosshairs keep clear of the words.
    for c in front.chars:
        assert not c["x0"] <= centre_x <= c["x1"] and not c["top"] <= centre_y <= c["bottom"]
    steps = [step / 2 for step in range(-6, 7)]
    across = [line for line in back.lines if line["width"] == 0]
    up = [line for line in back.lines if line["height"] == 0]
    assert sorted(round((line["x0"] - centre_x) / MM, 3) for line in across) == steps
    assert sorted(round((centre_y - line["top"]) / MM, 3) for line in up) == steps
    # Seen through the sheet, every ladder line lies along a crosshair line to continue:
    # turned on the short edge the back's rows land upside down, on the long edge its
    # columns land mirrored (a portrait sheet; the other way round for landscape).
    turned = (flip is FlipEdge.SHORT) == (height >= width)
    for line in across:
        top, bottom = (
            (height - line["bottom"], height - line["top"])
            if turned
            else (
                line["top"],
                line["bottom"],
            )
        )
        assert upright["top"] <= top and bottom <= upright["bottom"]
    for line in up:
        x0, x1 = (line["x0"], line["x1"]) if turned else (width - line["x1"], width - line["x0"])
        assert level["x0"] <= x0 and x1 <= level["x1"]
    words = [word["text"] for word in back.extract_words()]
    for label in ("-3.0", "-0.5", "0", "+0.5", "+3.0"):
        assert words.count(label) == 2  # one per ladder, each readable on its own


def test_paper_too_small_for_the_calibration_sheet_is_refused_in_words() -> None:
    with pytest.raises(LayoutError, match=r"needs paper at least 188 x 162 mm"):
        calibration_pdf_bytes(Geometry(paper=(148.0, 210.0)))
    with pytest.raises(LayoutError, match="ordinary numbers"):
        calibration_pdf_bytes(Geometry(paper=(float("nan"), 210.0)))


def test_the_bundled_typeface_draws_every_character_of_the_built_in_decks(
    decks: tuple[Deck, ...],
) -> None:
    from leadcards.printing import fonts

    text = "".join(
        json_text
        for deck in decks
        for json_text in (
            deck.title,
            deck.source.credit,
            *(t.title for t in deck.themes),
            *(c.title + c.summary + (c.headline or "") for c in deck.cards),
            *(i.text for c in deck.cards for _, i in c.indicators()),
            *(p.text for c in deck.cards for p in c.prompts),
            *(e.text for c in deck.cards for e in c.examples),
        )
    )
    assert fonts.covers(text)
    assert not fonts.covers("\U0001f600")  # the check itself can say no


def test_what_no_face_draws_prints_as_the_placeholder_and_is_counted(
    decks: tuple[Deck, ...],
) -> None:
    from leadcards.printing.text import PLACEHOLDER

    card = dataclasses.replace(decks[1].cards[0], title="Card \U0001f600 \u009b one")
    deck = dataclasses.replace(decks[1], cards=(card,))
    data, report = deck_pdf_bytes([(deck, (card,))], PrintOptions(copies=2))
    # On the front as its title and on the back in the band, twice over for two copies.
    assert report.missing == 2 * 2 * 2
    printed = "".join(
        "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )
    assert printed.count(f"Card{PLACEHOLDER}{PLACEHOLDER}one") == 4
