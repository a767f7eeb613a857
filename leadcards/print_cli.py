"""``leadcards print ...``: print-ready card decks, the printer calibration sheet, journal
reports and workshop worksheets.

Every layout option left out takes the user's saved default (the settings the last deck was
printed with, from here or from the print dialog); a deck printed successfully saves its
layout settings as the new defaults. The choice of cards, the copies and the file name are
not remembered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from leadcards import limits, passphrase_cli, paths
from leadcards.checkin_cli import whole_number
from leadcards.fileio import Keep, UserFileError, check_output, shown, write_bytes
from leadcards.journal import backup
from leadcards.journal.model import SPACES, JournalError
from leadcards.journal_cli import journal_path, keep_for
from leadcards.library import Library, load_library
from leadcards.printing.choice import choose
from leadcards.printing.layout import (
    CARD_SIZES,
    PAPERS,
    FlipEdge,
    LayoutError,
    Mode,
    Orientation,
    default_paper,
    parse_size,
)
from leadcards.printing.options import BackSection, PrintOptions, ShopOrder

# The names only (the module itself loads reportlab and PDFium when images are made).
MIN_DPI, MAX_DPI = 36, 1200
PRESETS = ("print", "slides")

if TYPE_CHECKING:
    from leadcards.deck import Card, Deck
    from leadcards.printing.deck_pdf import DeckReport

ErrorFactory = Callable[..., Exception]
_OUT = "the PDF to write (- for standard output)"


def _offset(text: str) -> tuple[float, float]:
    parts = text.replace(";", ",").split(",")
    try:
        x, y = (float(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an offset: give across and up in mm, e.g. 0.5,-1.2"
        ) from None
    return x, y


def _percent(text: str) -> float:
    try:
        return float(text.rstrip("%")) / 100
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage, e.g. 99.5") from None


def _layout_options(parser: argparse.ArgumentParser) -> None:
    """The options the deck and the calibration sheet share."""
    sizes = ", ".join(PAPERS)
    parser.add_argument("--paper", metavar="PAPER", help=f"{sizes}, or WxH in mm")
    parser.add_argument("--orientation", choices=[o.value for o in Orientation])
    parser.add_argument(
        "--flip",
        choices=[f.value for f in FlipEdge],
        help="the edge the printer turns the sheet over for two-sided printing",
    )


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    printing = commands.add_parser(
        "print", parents=[common], help="make print-ready PDFs of card decks"
    )
    actions = printing.add_subparsers(
        dest="print_command", metavar="WHAT", required=True, parser_class=type(common)
    )
    deck = actions.add_parser(
        "deck",
        parents=[common],
        help="print one or more decks as cards to cut out",
        description="Options left out take the settings the last deck was printed with.",
    )
    deck.add_argument("deck_ids", nargs="+", metavar="ID", help="deck ids, as `leadcards decks`")
    deck.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=_OUT)
    deck.add_argument(
        "--size", metavar="SIZE", help=f"card size: {', '.join(CARD_SIZES)}, or WxH in mm"
    )
    _layout_options(deck)
    deck.add_argument("--mode", choices=[m.value for m in Mode])
    deck.add_argument("--bleed", type=float, metavar="MM", help="0 to 6 mm (default 3)")
    deck.add_argument(
        "--crop-marks", action=argparse.BooleanOptionalAction, default=None, help="crop marks"
    )
    deck.add_argument(
        "--back-offset", type=_offset, metavar="X,Y", help="move the backs, in mm (±5)"
    )
    deck.add_argument(
        "--back-scale", type=_percent, metavar="PERCENT", help="scale the backs, 97 to 103"
    )
    deck.add_argument(
        "--back",
        action="append",
        choices=[s.value for s in BackSection],
        metavar="SECTION",
        help="a section on the back (repeat for more): " + ", ".join(s.value for s in BackSection),
    )
    deck.add_argument("--colour", choices=("rgb", "cmyk"), help="cmyk for print shops")
    deck.add_argument("--shop-order", choices=[o.value for o in ShopOrder])
    deck.add_argument(
        "--theme", action="append", default=[], metavar="ID", help="only this theme (repeatable)"
    )
    deck.add_argument(
        "--card", action="append", default=[], metavar="ID", help="only this card (repeatable)"
    )
    deck.add_argument("--copies", type=int, default=1, metavar="N", help="copies of each card")
    deck.add_argument(
        "--instructions",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="an instructions page first",
    )
    deck.add_argument(
        "--printer",
        metavar="NAME",
        help="the back offset and scale of a printer profile saved in the print dialog "
        "(default: the one used last; --back-offset and --back-scale win over it)",
    )
    deck.add_argument(
        "--separate-backs",
        action="store_true",
        help="a print-shop file as two, NAME-fronts.pdf and NAME-backs.pdf, page for page "
        "(files of those names are replaced only with --overwrite)",
    )
    deck.add_argument(
        "--overwrite",
        action="store_true",
        help="with --separate-backs: replace NAME-fronts.pdf and NAME-backs.pdf if there",
    )
    images = actions.add_parser(
        "images",
        parents=[common],
        help="a PNG image per card and side, for online card printers and slides",
        description="Images of the cards as they print: into a folder, or one zip "
        "(- for a zip on standard output). Options given win over the preset. Files "
        "already there are never replaced without --overwrite.",
    )
    images.add_argument("deck_ids", nargs="+", metavar="ID", help="deck ids, as `leadcards decks`")
    images.add_argument(
        "-o", "--output", required=True, metavar="DIR|FILE.zip", help="where to write"
    )
    images.add_argument(
        "--preset",
        choices=PRESETS,
        default="print",
        help="print: card plus 3 mm bleed, 300 dpi, RGB (default); slides: no bleed, "
        "rounded corners, transparent outside, 192 dpi",
    )
    images.add_argument("--dpi", type=float, metavar="N", help=f"{MIN_DPI} to {MAX_DPI}")
    images.add_argument("--bleed", type=float, metavar="MM", help="0 to 6 mm")
    images.add_argument("--side", choices=("front", "back", "both"), default=None)
    images.add_argument(
        "--size", metavar="SIZE", help=f"card size: {', '.join(CARD_SIZES)}, or WxH in mm"
    )
    images.add_argument(
        "--back",
        action="append",
        choices=[s.value for s in BackSection],
        metavar="SECTION",
        help="a section on the back (repeat for more); default: as the deck prints",
    )
    images.add_argument(
        "--theme", action="append", default=[], metavar="ID", help="only this theme (repeatable)"
    )
    images.add_argument(
        "--card", action="append", default=[], metavar="ID", help="only this card (repeatable)"
    )
    images.add_argument(
        "--overwrite", action="store_true", help="replace images already in the folder or zip"
    )
    calibration = actions.add_parser(
        "calibration",
        parents=[common],
        help="a two-sided sheet that shows how far your printer puts the backs off",
    )
    calibration.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=_OUT)
    _layout_options(calibration)
    secret = passphrase_cli.options(type(common))
    journal = actions.add_parser(
        "journal",
        parents=[common, secret],
        help="the journal as a report: reflections, marks and temperature checks",
        description="Writes a PDF of the journal (or part of it). It holds personal text: "
        "the file is readable by you only.",
    )
    journal.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=_OUT)
    journal.add_argument("--from", dest="since", type=_date, metavar="DATE", help="YYYY-MM-DD")
    journal.add_argument("--to", dest="until", type=_date, metavar="DATE", help="YYYY-MM-DD")
    journal.add_argument("--deck", action="append", default=[], metavar="ID")
    journal.add_argument("--card", action="append", default=[], metavar="ID")
    journal.add_argument("--space", action="append", default=[], choices=SPACES)
    journal.add_argument("--tag", action="append", default=[], metavar="TAG")
    journal.add_argument("--paper", choices=("a4", "letter"))
    journal.add_argument("--owner", metavar="NAME", help="a name for the cover")
    journal.add_argument(
        "--plain",
        action="store_true",
        help="print an encrypted journal (the PDF is plain: anyone with it can read it)",
    )
    worksheets = actions.add_parser(
        "worksheets", parents=[common], help="a worksheet per card, for workshops"
    )
    worksheets.add_argument("deck_id", metavar="DECK")
    worksheets.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=_OUT)
    worksheets.add_argument("--card", action="append", default=[], metavar="ID")
    worksheets.add_argument("--theme", action="append", default=[], metavar="ID")
    worksheets.add_argument("--paper", choices=("a4", "letter"))
    checkin = actions.add_parser(
        "checkin",
        parents=[common, secret],
        help="a team check-in round's report: figures and charts, nobody's answers",
    )
    checkin.add_argument("checkin", metavar="CHECKIN", help="the check-in's id or title")
    checkin.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=_OUT)
    checkin.add_argument("--round", type=whole_number, metavar="N", help="(the newest closed)")
    checkin.add_argument("--paper", choices=("a4", "letter"))


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD") from None
    if not limits.date_in_range(day):
        raise argparse.ArgumentTypeError(
            f"{text} is outside the dates a journal holds ({limits.describe_range()})"
        )
    return day


def options_from(args: argparse.Namespace, saved: PrintOptions) -> PrintOptions:
    """The saved options with every option given on the command line put over them."""
    geometry = saved.geometry
    if getattr(args, "size", None):
        geometry = replace(geometry, card=parse_size(args.size, CARD_SIZES, "card size"))
    if args.paper:
        geometry = replace(geometry, paper=parse_size(args.paper, PAPERS, "paper"))
    if args.orientation:
        geometry = replace(geometry, orientation=Orientation(args.orientation))
    if args.flip:
        geometry = replace(geometry, flip=FlipEdge(args.flip))
    if getattr(args, "mode", None):
        geometry = replace(geometry, mode=Mode(args.mode))
    if getattr(args, "bleed", None) is not None:
        geometry = replace(geometry, bleed=args.bleed)
    if getattr(args, "crop_marks", None) is not None:
        geometry = replace(geometry, crop_marks=args.crop_marks)
    options = replace(saved, geometry=geometry)
    if getattr(args, "back_offset", None) is not None:
        options = replace(options, back_offset=args.back_offset)
    if getattr(args, "back_scale", None) is not None:
        options = replace(options, back_scale=args.back_scale)
    if getattr(args, "back", None):
        sections = dict.fromkeys(BackSection(s) for s in args.back)  # each once, in order
        options = replace(options, back_sections=tuple(sections))
    if getattr(args, "colour", None):
        options = replace(options, cmyk=args.colour == "cmyk")
    if getattr(args, "instructions", None) is not None:
        options = replace(options, instructions=args.instructions)
    if getattr(args, "shop_order", None):
        options = replace(options, shop_order=ShopOrder(args.shop_order))
    return options


def run(args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory) -> int:
    # The PDF makers load reportlab: only here, so other commands start without it.
    from leadcards.printing.deck_pdf import calibration_pdf_bytes, deck_pdf_bytes

    keep = keep_for(args, resolved)
    if args.print_command == "images":
        return _images(args, resolved, keep, user_error)
    check_output(args.output, keep)  # a mistake in the file name is named before any work
    if args.print_command == "journal":
        return _journal(args, resolved, keep, user_error)
    if args.print_command == "worksheets":
        return _worksheets(args, resolved, keep, user_error)
    if args.print_command == "checkin":
        return _checkin(args, resolved, keep, user_error)
    from leadcards.printing import settings  # the saved defaults: only when printing

    loaded = settings.load(resolved.config_dir, settings.system_locale())
    for problem in loaded.problems:
        print(f"leadcards: ignored a saved print setting ({problem})", file=sys.stderr)
    output: Path = args.output
    profile: settings.PrinterProfile | None = None
    try:
        saved = loaded.options
        if args.print_command == "deck":
            profile = loaded.profile(args.printer) if args.printer else loaded.last_profile()
            saved = profile.apply(saved) if profile else saved
        options = options_from(args, saved)
        if args.print_command == "calibration":
            data = calibration_pdf_bytes(options.geometry)
            write_bytes(output, data, keep=keep)
            print(f"Wrote the calibration sheet to {shown(output)}", file=sys.stderr)
            return 0
        library = load_library(resolved.decks_dir)
        decks = []
        for deck_id in args.deck_ids:
            try:
                decks.append(library.deck(deck_id))
            except KeyError:
                known = ", ".join(library.ids())
                raise user_error(f'no deck has the id "{deck_id}" (known: {known})') from None
        chosen = choose(decks, themes=args.theme, cards=args.card)
        run_options = replace(options, copies=args.copies)
        if args.separate_backs:
            report = _separate(args, chosen, run_options, keep, user_error)
        else:
            data, report = deck_pdf_bytes(chosen, run_options)
            write_bytes(output, data, keep=keep)
    except LayoutError as exc:
        raise user_error(str(exc)) from None
    try:
        if args.printer and profile is not None:
            settings.save(resolved.config_dir, options, printer=profile.name)
        else:
            settings.save(resolved.config_dir, options)
    except (OSError, UserFileError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        print(f"leadcards: the print settings were not kept: {reason or exc}", file=sys.stderr)
    width, height = (round(v / 72 * 25.4) for v in report.page_size)
    if args.separate_backs:
        fronts, backs = separate_names(output)
        print(
            f"Wrote {report.cards} fronts to {fronts} and their backs to {backs}, one "
            f"{width}x{height} mm page each, page for page",
            file=sys.stderr,
        )
    else:
        print(
            f"Wrote {report.cards} cards on {report.pages} pages ({report.per_page} per page, "
            f"{width}x{height} mm) to {shown(output)}",
            file=sys.stderr,
        )
    _placeholders(report.missing)
    return 0


def separate_names(output: Path) -> tuple[Path, Path]:
    """NAME-fronts.pdf and NAME-backs.pdf beside ``-o NAME.pdf``."""
    stem = output.name[:-4] if output.name.lower().endswith(".pdf") else output.name
    return output.with_name(f"{stem}-fronts.pdf"), output.with_name(f"{stem}-backs.pdf")


def _separate(
    args: argparse.Namespace,
    chosen: list[tuple[Deck, tuple[Card, ...]]],
    options: PrintOptions,
    keep: Keep,
    user_error: ErrorFactory,
) -> DeckReport:
    """Fronts and backs of a print-shop file as two files, both checked before either is
    written."""
    from leadcards.printing.deck_pdf import separate_pdf_bytes

    if str(args.output) == "-":
        raise user_error("--separate-backs writes two files: give -o NAME.pdf")
    if args.mode and Mode(args.mode) is not Mode.PRINT_SHOP:
        raise user_error(
            "--separate-backs makes print-shop files: leave out --mode or use print-shop"
        )
    targets = separate_names(args.output)
    for target in targets:
        check_output(target, keep)
        if os.path.lexists(target) and not args.overwrite:
            raise user_error(
                f"{target} is already there; give --overwrite to replace it (LeadCards does "
                "not replace a file whose name you did not give)"
            )
    fronts, backs, report = separate_pdf_bytes(chosen, options)
    write_bytes(targets[0], fronts, keep=keep)
    write_bytes(targets[1], backs, keep=keep)
    return report


def _images(
    args: argparse.Namespace, resolved: paths.Paths, keep: Keep, user_error: ErrorFactory
) -> int:
    """``print images``: the chosen cards as PNG files, into a folder or a zip."""
    from leadcards.fileio import ExistingFilesError
    from leadcards.printing import images, settings

    loaded = settings.load(resolved.config_dir, settings.system_locale())
    for problem in loaded.problems:
        print(f"leadcards: ignored a saved print setting ({problem})", file=sys.stderr)
    output = str(args.output)
    library = load_library(resolved.decks_dir)
    try:
        saved = loaded.options
        if args.size:
            card = parse_size(args.size, CARD_SIZES, "card size")
            saved = replace(saved, geometry=replace(saved.geometry, card=card))
        if args.back:
            saved = replace(saved, back_sections=tuple(dict.fromkeys(map(BackSection, args.back))))
        options = images.preset_options(
            images.Preset(args.preset),
            saved,
            dpi=args.dpi,
            bleed=args.bleed,
            sides=images.Sides(args.side) if args.side else None,
        )
        decks = [_deck(library, deck_id, user_error) for deck_id in args.deck_ids]
        chosen = choose(decks, themes=args.theme, cards=args.card)
        count = images.export_images(output, chosen, options, keep=keep, overwrite=args.overwrite)
    except ExistingFilesError as exc:
        them = "it" if len(exc.names) == 1 else "them"
        raise user_error(f"{exc}; give --overwrite to replace {them}") from None
    except LayoutError as exc:
        raise user_error(str(exc)) from None
    width, height = options.pixel_size()
    where = "a zip on standard output" if output == "-" else output
    print(
        f"Wrote {count} image{'s' if count != 1 else ''} ({width}x{height} pixels, "
        f"{options.dpi:g} dpi, {options.bleed:g} mm bleed"
        f"{', rounded corners' if options.rounded else ''}) to {where}",
        file=sys.stderr,
    )
    return 0


def _deck(library: Library, deck_id: str, user_error: ErrorFactory) -> Deck:
    try:
        return library.deck(deck_id)
    except KeyError:
        known = ", ".join(library.ids())
        raise user_error(f'no deck has the id "{deck_id}" (known: {known})') from None


def _placeholders(missing: int) -> None:
    """Say how many characters were printed as the placeholder, if any were."""
    from leadcards.printing.text import placeholder_note

    if missing:
        print(f"leadcards: {placeholder_note(missing)}", file=sys.stderr)


def _paper(args: argparse.Namespace) -> str:
    from leadcards.printing.settings import system_locale

    return args.paper or default_paper(system_locale())


def _journal(
    args: argparse.Namespace, resolved: paths.Paths, keep: Keep, user_error: ErrorFactory
) -> int:
    from leadcards.journal.report import JournalPdfError, JournalSelection
    from leadcards.printing.journal_pdf import journal_pdf_bytes

    selection = JournalSelection(
        since=args.since,
        until=args.until,
        deck_ids=tuple(args.deck),
        card_ids=tuple(args.card) or None,
        spaces=tuple(args.space),
        tags=tuple(args.tag),
    )
    library = load_library(resolved.decks_dir)
    target = journal_path(args, resolved)
    try:
        # Opened as every way in opens a journal: one of an older format is backed up
        # before it is upgraded.
        with passphrase_cli.service_for(args, resolved).open(target, create=False) as journal:
            if journal.encrypted and not args.plain:
                raise JournalError(
                    f"{journal.path.name} is encrypted, and a PDF of it is not: anyone with "
                    "the file can read it. Add --plain to write it anyway."
                )
            data, report = journal_pdf_bytes(
                journal, library.decks, selection, owner=args.owner, paper=_paper(args)
            )
    except (JournalError, JournalPdfError, backup.BackupError) as exc:
        raise user_error(str(exc)) from None
    except OSError as exc:
        raise user_error(f"cannot use the journal {target}: {exc.strerror or exc}") from None
    write_bytes(args.output, data, private=True, keep=keep)
    print(
        f"Wrote {report.entries} reflections on {report.pages} pages to {shown(args.output)} "
        "(readable by you only: it holds personal text)",
        file=sys.stderr,
    )
    _placeholders(report.missing)
    return 0


def _checkin(
    args: argparse.Namespace, resolved: paths.Paths, keep: Keep, user_error: ErrorFactory
) -> int:
    from leadcards.checkin import ledger, service
    from leadcards.printing.checkin_pdf import checkin_pdf_bytes

    target = journal_path(args, resolved)
    try:
        journals = passphrase_cli.service_for(args, resolved)
        with journals.opened(target, holding="check-in", create=False) as journal:
            checkin = ledger.find(journal, args.checkin)
        found, results = service.round_results(checkin, args.round)
    except (JournalError, backup.BackupError) as exc:
        raise user_error(str(exc)) from None
    except OSError as exc:
        raise user_error(f"cannot use the journal {target}: {exc.strerror or exc}") from None
    data = checkin_pdf_bytes(checkin, found, results, paper=_paper(args))
    write_bytes(args.output, data, keep=keep)
    print(
        f"Wrote the report of round {found.number} of {checkin.title!r} "
        f"({results.people} answered) to {shown(args.output)}",
        file=sys.stderr,
    )
    return 0


def _worksheets(
    args: argparse.Namespace, resolved: paths.Paths, keep: Keep, user_error: ErrorFactory
) -> int:
    from leadcards.printing.worksheets import worksheets_pdf

    library = load_library(resolved.decks_dir)
    try:
        deck = library.deck(args.deck_id)
    except KeyError:
        known = ", ".join(library.ids())
        raise user_error(f'no deck has the id "{args.deck_id}" (known: {known})') from None
    try:
        chosen = choose([deck], themes=args.theme, cards=args.card)
        data, made = worksheets_pdf(chosen, paper=_paper(args))
    except LayoutError as exc:
        raise user_error(str(exc)) from None
    write_bytes(args.output, data, keep=keep)
    cards = sum(len(cards) for _, cards in chosen)
    noun = "worksheet" if cards == 1 else "worksheets"
    print(f"Wrote {cards} {noun} on {made.pages} pages to {shown(args.output)}", file=sys.stderr)
    _placeholders(made.missing)
    return 0
