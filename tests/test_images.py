"""Card images (leadcards/printing/images.py): the pixel size each preset promises, the theme
colour at the bleed edge, the same pixels as the print-shop PDF, transparent corners for
slides, names that sort, the zip, and the folder writer that never replaces a file unasked."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2
import pytest

from leadcards import paths
from leadcards.colours import parse_hex
from leadcards.fileio import ExistingFilesError, Keep, UserFileError, write_into_folder
from leadcards.library import load_library
from leadcards.printing.deck_pdf import deck_pdf_bytes
from leadcards.printing.face import Face
from leadcards.printing.images import (
    ImageOptions,
    Preset,
    Sides,
    card_image,
    encode_png,
    plan,
    preset_options,
    render_images,
    slug,
    zip_bytes,
)
from leadcards.printing.layout import CARD_SIZES, Geometry, LayoutError, Mode
from leadcards.printing.options import BackSection, PrintOptions, ShopOrder


@dataclass
class Png:
    width: int
    height: int
    channels: int
    pixels: bytes
    dpi: float

    def at(self, x: int, y: int) -> tuple[int, ...]:
        start = (y * self.width + x) * self.channels
        return tuple(self.pixels[start : start + self.channels])


def read_png(data: bytes) -> Png:
    """A PNG as LeadCards writes it (8 bits, RGB or RGBA, rows unfiltered), read back
    chunk by chunk with every checksum checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, {}
    idat = b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IDAT":
            idat += body
        chunks[kind] = body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6)
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    row = width * channels
    assert len(raw) == (row + 1) * height
    assert all(raw[y * (row + 1)] == 0 for y in range(height))
    pixels = b"".join(raw[y * (row + 1) + 1 : (y + 1) * (row + 1)] for y in range(height))
    per_metre, _, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert unit == 1
    return Png(width, height, channels, pixels, per_metre * 0.0254)


@pytest.fixture(scope="module")
def decks():  # type: ignore[no-untyped-def]
    return load_library(paths.resolve().decks_dir).decks


def whole(decks):  # type: ignore[no-untyped-def]
    return [(deck, deck.cards) for deck in decks]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


# ------------------------------------------------------------------ sizes and colour


@pytest.mark.parametrize(
    ("card", "dpi", "bleed"),
    [("tarot", 300, 3.0), ("poker", 300, 0.0), ("a7", 150, 2.0), ("a6", 400, 6.0)],
)
def test_every_image_has_the_pixel_size_promised(decks, card: str, dpi: int, bleed: float) -> None:  # type: ignore[no-untyped-def]
    options = ImageOptions(card=CARD_SIZES[card], dpi=dpi, bleed=bleed, sides=Sides.FRONT)
    width_mm, height_mm = CARD_SIZES[card]
    expected = (
        round((width_mm + 2 * bleed) / 25.4 * dpi),
        round((height_mm + 2 * bleed) / 25.4 * dpi),
    )
    assert options.pixel_size() == expected
    trace = [d for d in decks if d.id == "trace"]
    for image in render_images([(trace[0], trace[0].cards[:2])], options):
        png = read_png(image.png)
        assert (png.width, png.height) == (image.width, image.height) == expected
        assert png.channels == 3
        assert png.dpi == pytest.approx(dpi, abs=0.05)


def test_the_print_preset_is_card_plus_bleed_at_300_dpi_rgb_and_options_win() -> None:
    saved = PrintOptions(geometry=Geometry(card=CARD_SIZES["poker"]))
    options = preset_options(Preset.PRINT, saved)
    assert (options.dpi, options.bleed, options.rounded, options.card) == (
        300,
        3.0,
        False,
        CARD_SIZES["poker"],
    )
    slides = preset_options(Preset.SLIDES, saved)
    assert (slides.bleed, slides.rounded) == (0.0, True)
    explicit = preset_options(Preset.SLIDES, saved, dpi=96, bleed=2, sides=Sides.BACK)
    assert (explicit.dpi, explicit.bleed, explicit.sides) == (96, 2, Sides.BACK)


def test_the_theme_colour_reaches_the_bleed_edge(decks) -> None:  # type: ignore[no-untyped-def]
    options = ImageOptions(dpi=150, bleed=3.0)
    for image in render_images(whole(decks), options):
        deck = next(d for d in decks if d.id == image.deck_id)
        card = deck.card(image.card_id)
        colour = parse_hex(deck.theme(card.theme).colour)
        png = read_png(image.png)
        edges = [
            (0, 0),
            (png.width - 1, 0),
            (png.width // 2, 0),
            (0, png.height - 1),
            (png.width - 1, png.height - 1),
            (png.width // 2, png.height - 1),
            (0, 2),  # down the sides, within the band at the top
            (png.width - 1, 2),
        ]
        for x, y in edges:
            assert close(png.at(x, y), colour), (image.name, x, y, png.at(x, y), colour)


def test_each_image_equals_its_page_of_the_print_shop_pdf(decks) -> None:  # type: ignore[no-untyped-def]
    """The images and the print-shop file (rendered independently, at the same dpi) show
    the same pixels, front and back, card for card."""
    dpi = 100
    options = ImageOptions(dpi=dpi, bleed=3.0)
    shop = PrintOptions(
        geometry=Geometry(mode=Mode.PRINT_SHOP, bleed=3.0), shop_order=ShopOrder.INTERLEAVED
    )
    data, _ = deck_pdf_bytes(whole(decks), shop)
    document = pypdfium2.PdfDocument(data)
    images = list(render_images(whole(decks), options))
    assert len(images) == len(document)
    worst = 0
    for number, image in enumerate(images):
        bitmap = document[number].render(scale=dpi / 72, rev_byteorder=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        page = bytes(bitmap.buffer)
        png = read_png(image.png)
        assert abs(width - png.width) <= 1 and abs(height - png.height) <= 1
        differing = 0
        for y in range(0, min(height, png.height), 3):
            for x in range(0, min(width, png.width), 3):
                theirs = tuple(page[y * stride + x * 3 : y * stride + x * 3 + 3])
                if not close(png.at(x, y), theirs, 8):
                    differing += 1
        checked = len(range(0, min(height, png.height), 3)) * len(
            range(0, min(width, png.width), 3)
        )
        worst = max(worst, differing / checked)
    document.close()
    assert worst < 0.01  # antialiased edges may differ by a pixel's rounding, no more


def test_slide_images_have_transparent_rounded_corners(decks) -> None:  # type: ignore[no-untyped-def]
    options = preset_options(Preset.SLIDES, PrintOptions())
    trace = next(d for d in decks if d.id == "trace")
    front = card_image(trace, trace.cards[0], Face.FRONT, options)
    png = read_png(front.png)
    assert png.channels == 4
    assert (png.width, png.height) == options.pixel_size() == (528, 912)
    for x, y in ((0, 0), (png.width - 1, 0), (0, png.height - 1), (png.width - 1, png.height - 1)):
        assert png.at(x, y)[3] == 0
    colour = parse_hex(trace.theme(trace.cards[0].theme).colour)
    middle_top = png.at(png.width // 2, 1)
    assert middle_top[3] == 255 and close(middle_top[:3], colour)
    centre = png.at(png.width // 2, png.height // 2)
    assert centre[3] == 255  # the card itself is opaque: white where nothing is printed
    # The smoothed rim of a rounded corner is the band's colour, fading: never a pale rim.
    rim = [png.at(x, 3) for x in range(png.width // 4) if 0 < png.at(x, 3)[3] < 255]
    assert rim and all(close(pixel[:3], colour, 8) for pixel in rim), rim


def test_the_back_shows_the_printed_sections(decks) -> None:  # type: ignore[no-untyped-def]
    trace = next(d for d in decks if d.id == "trace")
    card = trace.cards[0]
    one = ImageOptions(card=CARD_SIZES["a6"], dpi=72, sides=Sides.BACK)
    more = replace(one, back_sections=(BackSection.INDICATORS, BackSection.WHY))
    assert (
        card_image(trace, card, Face.BACK, one).png != card_image(trace, card, Face.BACK, more).png
    )


# ------------------------------------------------------------------ names and zip


def test_names_sort_in_deck_order_and_say_what_they_are(decks) -> None:  # type: ignore[no-untyped-def]
    planned = plan(whole(decks), Sides.BOTH)
    names = [p.name for p in planned]
    assert names[:2] == ["01-authenticity-front.png", "01-authenticity-back.png"]
    assert len(set(names)) == len(names) == 36
    assert [p.name.split("-")[0] for p in planned] == sorted(p.name.split("-")[0] for p in planned)
    fronts = [p.name for p in plan(whole(decks), Sides.FRONT)]
    assert fronts == sorted(fronts)
    assert all(name.endswith("-front.png") for name in fronts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Task", "task"), ("../../etc/passwd", "etc-passwd"), ("a b\x00c", "a-b-c"), ("…", "card")],
)
def test_a_card_id_never_becomes_a_path(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_the_zip_holds_every_image_by_name(decks) -> None:  # type: ignore[no-untyped-def]
    trace = next(d for d in decks if d.id == "trace")
    images = list(render_images([(trace, trace.cards)], ImageOptions(dpi=50)))
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(images)))
    assert archive.namelist() == [image.name for image in images]
    assert archive.testzip() is None
    for image in images:
        assert archive.read(image.name) == image.png


def test_bad_settings_are_refused_before_any_work() -> None:
    for options in (
        ImageOptions(dpi=float("nan")),
        ImageOptions(dpi=10),
        ImageOptions(dpi=5000),
        ImageOptions(bleed=-1),
        ImageOptions(back_sections=()),
    ):
        with pytest.raises(LayoutError):
            options.check()


def test_encode_png_refuses_pixels_that_do_not_fill_the_image() -> None:
    with pytest.raises(ValueError, match="fill"):
        encode_png(b"\x00" * 5, 2, 1, False, 72)
    png = read_png(encode_png(bytes(range(12)), 2, 2, False, 72))
    assert png.pixels == bytes(range(12)) and png.at(1, 1) == (9, 10, 11)


# ------------------------------------------------------------------ the folder writer


def test_files_already_in_the_folder_are_never_replaced_unasked(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    names = ["01-a-front.png", "01-a-back.png"]
    write_into_folder(folder, [(n, b"first") for n in names], names)
    with pytest.raises(ExistingFilesError) as refused:
        write_into_folder(folder, [(n, b"second") for n in names], names)
    assert refused.value.names == tuple(names)
    assert all((folder / n).read_bytes() == b"first" for n in names)
    write_into_folder(folder, [(n, b"second") for n in names], names, overwrite=True)
    assert all((folder / n).read_bytes() == b"second" for n in names)


def test_a_failure_part_way_leaves_nothing_it_made(tmp_path: Path) -> None:
    folder = tmp_path / "new"

    def files():  # type: ignore[no-untyped-def]
        yield "one.png", b"1"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="space"):
        write_into_folder(folder, files(), ["one.png", "two.png"])
    assert not folder.exists()


def test_the_folder_writer_refuses_what_leadcards_keeps(tmp_path: Path) -> None:
    resolved = paths.resolve()
    keep = Keep.of(resolved)
    paths.ensure_dir(resolved.config_dir)
    for target, words in (
        (resolved.config_dir, "keeps its own files"),
        (resolved.config_dir / "new", "keeps its own files"),
        (resolved.decks_dir, "reads decks from"),
    ):
        with pytest.raises(UserFileError, match=words):
            write_into_folder(target, [("a.png", b"x")], ["a.png"], keep=keep)
    file = tmp_path / "file"
    file.write_bytes(b"x")
    with pytest.raises(UserFileError, match="not a folder"):
        write_into_folder(file, [("a.png", b"x")], ["a.png"])
    with pytest.raises(UserFileError, match="plain file name"):
        write_into_folder(tmp_path / "d", [("../a.png", b"x")], ["../a.png"])
    journal = tmp_path / "journal.sqlite3"
    journal.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.png").symlink_to(journal)
    with pytest.raises(UserFileError, match="database"):
        write_into_folder(folder, [("a.png", b"x")], ["a.png"], overwrite=True)
    assert journal.read_bytes().startswith(b"SQLite format 3")


def test_a_card_keeps_its_name_whatever_is_exported_with_it(decks) -> None:  # type: ignore[no-untyped-def]
    trace = next(deck for deck in decks if deck.id == "trace")
    alone = [p.name for p in plan([(trace, trace.cards[1:2])], Sides.FRONT)]
    every = [p.name for p in plan([(trace, trace.cards)], Sides.FRONT)]
    assert alone == ["02-route-front.png"] and alone[0] in every
    twice = plan([(trace, trace.cards), (trace, trace.cards)], Sides.BOTH)
    assert len(twice) == 10  # a deck chosen twice is exported once


def test_a_failed_overwrite_gives_the_user_their_files_back(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "01-a-front.png").write_bytes(b"the user's own 1")
    (folder / "02-b-front.png").write_bytes(b"the user's own 2")
    names = ["01-a-front.png", "02-b-front.png", "03-c-front.png"]

    def files():  # type: ignore[no-untyped-def]
        yield names[0], b"new 1"
        yield names[1], b"new 2"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="space"):
        write_into_folder(folder, files(), names, overwrite=True)
    assert (folder / names[0]).read_bytes() == b"the user's own 1"
    assert (folder / names[1]).read_bytes() == b"the user's own 2"
    assert sorted(p.name for p in folder.iterdir()) == names[:2]  # nothing else left
    write_into_folder(folder, [(n, b"new") for n in names], names, overwrite=True)
    assert sorted(p.name for p in folder.iterdir()) == names
    assert all((folder / n).read_bytes() == b"new" for n in names)


def test_a_cancelled_export_leaves_pdfium_free_for_the_next(decks) -> None:  # type: ignore[no-untyped-def]
    from leadcards.printing.preview import PDFIUM_LOCK
    from leadcards.progress import CancelledError

    def cancel_at_the_second(done: int, total: int) -> None:
        if done == 2:
            raise CancelledError

    options = preset_options(Preset.SLIDES, PrintOptions(), dpi=72)
    kept = []
    try:
        for image in render_images(whole(decks), options, cancel_at_the_second):
            kept.append(image)
    except CancelledError as exc:
        held = exc  # kept, as the app's background task keeps it: its frames stay alive
    assert held is not None and len(kept) == 2
    assert PDFIUM_LOCK.acquire(timeout=2)  # the next export (or a preview) may draw
    PDFIUM_LOCK.release()
    assert len(list(render_images(whole(decks)[:1], options))) == 26


def test_the_folder_writer_replaces_no_file_that_appears_and_follows_no_link(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("precious", encoding="utf-8")
    names = ["01-a-front.png", "02-b-front.png"]

    def files():  # type: ignore[no-untyped-def]
        yield names[0], b"new 1"
        (folder / names[1]).write_bytes(b"appeared meanwhile")
        yield names[1], b"new 2"

    with pytest.raises(UserFileError, match="appeared"):
        write_into_folder(folder, files(), names)
    assert (folder / names[1]).read_bytes() == b"appeared meanwhile"
    assert not (folder / names[0]).exists()  # what this call made is gone again
    (folder / names[1]).unlink()
    (folder / names[0]).symlink_to(outside)
    write_into_folder(folder, [(n, b"new") for n in names], names, overwrite=True)
    assert outside.read_text(encoding="utf-8") == "precious"
    assert not (folder / names[0]).is_symlink() and (folder / names[0]).read_bytes() == b"new"


def test_zip_entries_are_regular_files(decks) -> None:  # type: ignore[no-untyped-def]
    import stat

    options = preset_options(Preset.SLIDES, PrintOptions(), dpi=36)
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(render_images(whole(decks)[:1], options))))
    assert all(stat.S_ISREG(info.external_attr >> 16) for info in archive.infolist())
