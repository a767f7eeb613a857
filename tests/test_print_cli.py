"""``leadcards print``: decks and the calibration sheet from the command line, with the
layout settings remembered between runs."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from leadcards.cli import main
from leadcards.printing.layout import MM
from tests.hostile import User


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def page_count_and_size(path: Path) -> tuple[int, tuple[float, float]]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    box = reader.pages[0].mediabox
    return len(reader.pages), (round(float(box.width) / MM), round(float(box.height) / MM))


def test_both_decks_print_with_the_defaults(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    target = tmp_path / "deck.pdf"
    code, out, err = run(
        capsys, "print", "deck", "system-leadership-behaviours", "trace", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert "Wrote 18 cards on 12 pages (4 per page, 210x297 mm)" in err
    assert page_count_and_size(target) == (12, (210, 297))


def test_a_us_locale_prints_on_letter_by_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    target = tmp_path / "deck.pdf"
    assert run(capsys, "print", "deck", "trace", "-o", str(target))[0] == 0
    assert page_count_and_size(target)[1] == (216, 279)


def test_options_given_once_become_the_defaults(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    code, _, _ = run(
        capsys, "print", "deck", "trace", "-o", str(first),
        "--size", "poker", "--paper", "letter", "--mode", "single", "--flip", "short",
        "--bleed", "2", "--no-crop-marks", "--back-offset", "0.5,-1.2", "--back-scale", "99.5",
        "--colour", "cmyk", "--copies", "2", "--card", "task",
    )  # fmt: skip
    assert code == 0
    saved = json.loads((data_dir / "config" / "print.json").read_text())
    assert saved["card"] == "poker" and saved["paper"] == "letter"
    assert saved["mode"] == "single" and saved["flip"] == "short"
    assert saved["bleed"] == 2 and saved["crop_marks"] is False
    assert saved["back_offset"] == [0.5, -1.2] and saved["back_scale"] == pytest.approx(0.995)
    assert saved["cmyk"] is True
    assert "copies" not in saved and "card_ids" not in saved  # a choice for one run only
    code, _, err = run(capsys, "print", "deck", "trace", "-o", str(second))
    assert code == 0
    assert "5 cards" in err  # not 2 copies of one card: those were not remembered
    text = PdfReader(io.BytesIO(second.read_bytes())).pages[0].extract_text()
    assert "63.5x88.9 mm cards" in text and "Letter" in text and "CMYK" in text
    assert "+0.5 mm across and -1.2 mm up" in text and "99.5%" in text


def test_themes_and_cards_choose_what_is_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "some.pdf"
    code, _, err = run(
        capsys, "print", "deck", "system-leadership-behaviours", "trace", "-o", str(target),
        "--theme", "being", "--card", "trace/energy", "--no-instructions",
    )  # fmt: skip
    assert code == 0 and "Wrote 4 cards on 2 pages" in err
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    front = reader.pages[0].extract_text()
    for title in ("Authenticity", "Mindset", "Resilience", "Energy"):
        assert title in front
    assert "Trust" not in front


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["print", "deck", "nope", "-o", "x.pdf"], 'no deck has the id "nope"'),
        (["print", "deck", "trace", "-o", "x.pdf", "--card", "tsk"], 'no card "tsk"'),
        (["print", "deck", "trace", "-o", "x.pdf", "--theme", "being"], 'no theme "being"'),
        (["print", "deck", "trace", "-o", "x.pdf", "--size", "mini"], "smaller than 7 pt"),
        (["print", "deck", "trace", "-o", "x.pdf", "--size", "huge"], "unknown card size"),
        (["print", "deck", "trace", "-o", "x.pdf", "--back-offset", "6,0"], "within ±5 mm"),
        (["print", "deck", "trace", "-o", "x.pdf", "--back-scale", "90"], "97% to 103%"),
        (["print", "deck", "trace", "-o", "x.pdf", "--copies", "0"], "copies must be 1 to 50"),
        (["print", "deck", "trace", "-o", "x.pdf", "--bleed", "-1"], "bleed must be 0 to 6"),
        (["print", "deck", "trace", "-o", "x.pdf", "--back-offset", "nan,0"], "ordinary numbers"),
        (["print", "deck", "trace", "-o", "x.pdf", "--bleed", "inf"], "ordinary numbers"),
        (["print", "calibration", "-o", "x.pdf", "--paper", "35x35"], "needs paper at least"),
    ],
)
def test_mistakes_get_one_line_and_write_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    argv: list[str],
    words: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("leadcards: ") and words in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()
    assert not (data_dir / "config" / "print.json").exists()  # a failed run changes no default


def test_an_unwritable_target_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "print", "deck", "trace", "-o", str(tmp_path / "no" / "x.pdf"))
    assert code == 1 and err.startswith("leadcards: cannot write") and "Traceback" not in err
    code, _, err = run(capsys, "print", "deck", "trace", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_a_damaged_settings_file_is_reported_and_the_defaults_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    config = data_dir / "config"
    config.mkdir(parents=True)
    (config / "print.json").write_text('{"card": "huge", "bleed": 4, "flip": 7}')
    target = tmp_path / "deck.pdf"
    code, _, err = run(capsys, "print", "deck", "trace", "-o", str(target))
    assert code == 0
    assert "ignored a saved print setting (card: unknown card size 'huge'" in err
    assert "(flip:" in err
    text = PdfReader(io.BytesIO(target.read_bytes())).pages[0].extract_text()
    assert "69.85x120.65 mm cards" in text and "bleed 4 mm" in text


def test_the_calibration_sheet_uses_the_saved_flip_edge(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "print", "deck", "trace", "-o", str(tmp_path / "deck.pdf"), "--flip", "short")
    target = tmp_path / "calibration.pdf"
    code, _, err = run(capsys, "print", "calibration", "-o", str(target))
    assert code == 0 and "calibration sheet" in err
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == 2
    assert "short edge" in reader.pages[0].extract_text()
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"


def test_a_section_asked_for_twice_goes_on_the_backs_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    target = tmp_path / "deck.pdf"
    code, _, err = run(
        capsys, "print", "deck", "trace", "-o", str(target),
        "--back", "indicators", "--back", "indicators", "--no-instructions",
    )  # fmt: skip
    assert code == 0, err
    saved = json.loads((data_dir / "config" / "print.json").read_text())
    assert saved["back_sections"] == ["indicators"] and saved["instructions"] is False
    back = PdfReader(io.BytesIO(target.read_bytes())).pages[1].extract_text()
    assert back.count("Indicators") == 4  # one checklist heading for each of the 4 backs


def test_print_journal_writes_a_private_report_of_the_chosen_reflections(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from leadcards.journal.store import Journal

    journal = tmp_path / "client.sqlite3"
    with Journal.open(journal) as opened:
        opened.add_entry("Kept UNIQUEONE", deck_id="trace", card_id="task", space="team")
        opened.add_entry("Left out UNIQUETWO", deck_id="trace", card_id="route", space="self")
        opened.add_entry("Emoji \U0001f600", deck_id="trace", card_id="task", space="team")
    target = tmp_path / "report.pdf"
    code, out, err = run(
        capsys, "print", "journal", "-o", str(target), "--journal", str(journal),
        "--space", "team", "--owner", "Sam", "--paper", "letter",
    )  # fmt: skip
    assert code == 0 and out == "", err
    assert "Wrote 2 reflections" in err and "readable by you only" in err
    assert "1 character no bundled typeface can draw" in err
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "UNIQUEONE" in text and "UNIQUETWO" not in text and "Sam" in text
    assert round(float(reader.pages[0].mediabox.width)) == 612


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--journal", "missing.sqlite3"], "there is no journal at"),
        (["--deck", "nope"], 'no deck has the id "nope"'),
        (["--from", "2026-05-01", "--to", "2026-04-01"], "the period ends before it starts"),
        (["--tag", "never"], "no reflections match"),
    ],
)
def test_print_journal_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    words: str,
) -> None:
    from leadcards.journal.store import Journal

    monkeypatch.chdir(tmp_path)
    with Journal.open(tmp_path / "j.sqlite3") as opened:
        opened.add_entry("text", deck_id="trace", card_id="task")
    argv = ["--journal", "j.sqlite3", *argv] if "--journal" not in argv else argv
    code, _, err = run(capsys, "print", "journal", "-o", "x.pdf", *argv)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_a_date_that_is_not_a_date_is_refused_by_the_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["print", "journal", "-o", "x.pdf", "--from", "31/12/2026"])
    assert caught.value.code == 2
    assert "'31/12/2026' is not a date: use YYYY-MM-DD" in capsys.readouterr().err


def test_print_worksheets_for_chosen_cards(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "sheets.pdf"
    code, _, err = run(
        capsys, "print", "worksheets", "system-leadership-behaviours", "-o", str(target),
        "--card", "trust", "--theme", "being",
    )  # fmt: skip
    assert code == 0 and "Wrote 4 worksheets on 8 pages" in err
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert [reader.pages[n].extract_text().split("\n")[2] for n in (0, 2, 4, 6)] == [
        "Authenticity", "Mindset", "Resilience, Bravery & Courage", "Trust"
    ]  # fmt: skip
    code, _, err = run(capsys, "print", "worksheets", "nope", "-o", str(target))
    assert code == 2 and 'no deck has the id "nope"' in err


def test_a_private_report_written_through_a_link_is_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from leadcards.journal.store import Journal

    journal = tmp_path / "j.sqlite3"
    with Journal.open(journal) as opened:
        opened.add_entry("private words", deck_id="trace", card_id="task")
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    real.chmod(0o644)
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    code, _, err = run(capsys, "print", "journal", "-o", str(link), "--journal", str(journal))
    assert code == 0, err
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF")
    assert real.stat().st_mode & 0o777 == 0o600


# ------------------------------------------------------------------ images, printers, two files
# Each in a fresh process, as a user runs it (tests/hostile.py).


@pytest.fixture
def user(tmp_path: Path) -> User:
    return User(tmp_path, tmp_path / "data", tmp_path / "home")


def test_print_images_writes_a_folder_of_sorted_pngs(user: User) -> None:
    result = user.run("print", "images", "system-leadership-behaviours", "trace", "-o", "cards")
    assert result.code == 0, result.err
    assert "Wrote 36 images (896x1496 pixels, 300 dpi, 3 mm bleed) to cards" in result.err
    names = sorted(p.name for p in (user.root / "cards").iterdir())
    assert names[:2] == ["01-authenticity-back.png", "01-authenticity-front.png"]
    assert names[-1] == "18-energy-front.png"
    assert all((user.root / "cards" / n).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for n in names)


def test_print_images_never_replaces_a_file_without_overwrite(user: User) -> None:
    argv = ("print", "images", "trace", "--card", "task", "-o")
    assert user.run(*argv, "cards").code == 0
    front = user.root / "cards" / "01-task-front.png"
    front.write_bytes(b"the user's own")
    refused = user.run(*argv, "cards")
    assert refused.code != 0 and "Traceback" not in refused.err
    assert refused.err.strip().splitlines()[-1].endswith("give --overwrite to replace them")
    assert front.read_bytes() == b"the user's own"
    assert user.run(*argv, "cards", "--overwrite").code == 0
    assert front.read_bytes()[:4] == b"\x89PNG"
    assert user.run(*argv, "cards.zip").code == 0
    again = user.run(*argv, "cards.zip")
    assert again.code != 0 and "--overwrite" in again.err


def test_print_images_into_a_zip_and_to_standard_output(user: User) -> None:
    result = user.run(
        "print", "images", "trace", "--preset", "slides", "--side", "front", "-o", "s.zip"
    )
    assert result.code == 0, result.err
    archive = zipfile.ZipFile(user.root / "s.zip")
    assert archive.namelist() == [f"0{n}-{c}-front.png" for n, c in enumerate(
        ("task", "route", "alignment", "capability", "energy"), start=1)]  # fmt: skip
    piped = user.run("print", "images", "trace", "--card", "energy", "-o", "-", "--dpi", "50")
    assert piped.code == 0 and piped.out[:4] == b"PK\x03\x04"
    assert zipfile.ZipFile(io.BytesIO(piped.out)).namelist() == [
        "05-energy-front.png",
        "05-energy-back.png",
    ]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("--dpi", "9999"), "36 to 1200 dpi"),
        (("--dpi", "nan"), "36 to 1200 dpi"),
        (("--bleed", "7"), "bleed must be 0 to 6 mm"),
        (("--card", "nope"), 'no card "nope"'),
        (("--size", "huge"), "unknown card size"),
        (("--size", "mini", "--back", "why"), "smaller than 7 pt"),
    ],
)
def test_print_images_mistakes_are_one_line(user: User, argv: tuple[str, ...], words: str) -> None:
    result = user.run("print", "images", "trace", "-o", "out", *argv)
    assert result.code != 0 and "Traceback" not in result.err
    assert words in result.err.strip().splitlines()[-1], result.err
    assert not (user.root / "out").exists()


def test_separate_backs_are_two_files_page_for_page(user: User) -> None:
    result = user.run(
        "print", "deck", "system-leadership-behaviours", "trace", "-o", "shop.pdf",
        "--separate-backs", "--copies", "2",
    )  # fmt: skip
    assert result.code == 0, result.err
    fronts = PdfReader(user.root / "shop-fronts.pdf")
    backs = PdfReader(user.root / "shop-backs.pdf")
    assert len(fronts.pages) == len(backs.pages) == 36
    assert not (user.root / "shop.pdf").exists()
    for front, back in zip(fronts.pages, backs.pages, strict=True):
        # A front names its theme and card; its back names the same card in its band.
        back_title = back.extract_text().splitlines()[0].split()
        assert "".join(back_title) in "".join(front.extract_text().split())
        for page in (front, back):
            assert page.trimbox != page.mediabox and page.bleedbox == page.mediabox
            width = float(page.mediabox.width) / MM
            assert width == pytest.approx(69.85 + 6, abs=0.01)


def test_separate_backs_refuse_standard_output_and_home_modes(user: User) -> None:
    for argv, words in (
        (("-o", "-"), "two files"),
        (("-o", "x.pdf", "--mode", "duplex"), "print-shop"),
    ):
        result = user.run("print", "deck", "trace", "--separate-backs", *argv)
        assert result.code != 0 and words in result.err and "Traceback" not in result.err


def test_separate_backs_replace_files_of_their_names_only_when_told(user: User) -> None:
    mine = user.root / "x-backs.pdf"
    mine.write_bytes(b"mine")
    refused = user.run("print", "deck", "trace", "-o", "x.pdf", "--separate-backs")
    assert refused.code != 0 and "--overwrite" in refused.err and "Traceback" not in refused.err
    assert mine.read_bytes() == b"mine" and not (user.root / "x-fronts.pdf").exists()
    done = user.run("print", "deck", "trace", "-o", "x.pdf", "--separate-backs", "--overwrite")
    assert done.code == 0, done.err
    assert mine.read_bytes()[:4] == b"%PDF"


def test_a_printer_profile_is_chosen_by_name_and_is_then_the_default(user: User) -> None:
    from leadcards.printing.settings import PrinterProfile, save_printer

    config = user.data / "config"
    save_printer(config, PrinterProfile("Office laser, tray 2", (1.5, -0.5), 1.0))
    save_printer(config, PrinterProfile("Home inkjet", (0.0, 0.0), 1.0))
    unknown = user.run("print", "deck", "trace", "-o", "d.pdf", "--printer", "Nowhere")
    assert unknown.code != 0
    assert unknown.err.strip().splitlines()[-1] == (
        'leadcards: no printer profile is named "Nowhere" '
        '(known: "Home inkjet", "Office laser, tray 2")'
    )
    chosen = user.run("print", "deck", "trace", "-o", "d.pdf", "--printer", "office laser, tray 2")
    assert chosen.code == 0, chosen.err
    assert "back offset +1.5 mm across and -0.5 mm up" in _instructions(user.root / "d.pdf")
    # The one used last is the default; an offset given explicitly wins over it.
    assert user.run("print", "deck", "trace", "-o", "e.pdf").code == 0
    assert "back offset +1.5 mm across" in _instructions(user.root / "e.pdf")
    explicit = user.run("print", "deck", "trace", "-o", "f.pdf", "--back-offset", "0.2,0.3")
    assert explicit.code == 0
    assert "back offset +0.2 mm across and +0.3 mm up" in _instructions(user.root / "f.pdf")


def _instructions(path: Path) -> str:
    return " ".join(PdfReader(path).pages[0].extract_text().split())
