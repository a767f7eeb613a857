"""``leadcards journal ...``: add, list, export and import reflections from the command line.

Every operation on the journal file (opening, backing up, restoring, export, import) is the
journal service's (:mod:`leadcards.journal.service`), as in the app; this module reads the
command line and says what happened."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from leadcards import limits, paths
from leadcards.fileio import Keep, UserFileError, read_bytes, shown
from leadcards.journal import backup
from leadcards.journal.exchange import JournalFileError
from leadcards.journal.model import SPACES, JournalError
from leadcards.journal.service import JournalService
from leadcards.journal.store import Journal
from leadcards.library import Library, load_library

ErrorFactory = Callable[[str], Exception]


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    journal = commands.add_parser(
        "journal", parents=[common], help="add, list, export and import reflections"
    )
    actions = journal.add_subparsers(
        dest="journal_command", metavar="ACTION", required=True, parser_class=type(common)
    )
    add = actions.add_parser("add", parents=[common], help="write a reflection")
    add.add_argument(
        "--card",
        required=True,
        metavar="ID",
        help="the card, as CARD or DECK/CARD (see `leadcards decks export`)",
    )
    add.add_argument("--space", choices=SPACES, help="the space the reflection is about")
    add.add_argument("--tag", action="append", default=[], metavar="TAG")
    add.add_argument("--text", help="the reflection (read from standard input if left out)")
    listing = actions.add_parser("list", parents=[common], help="list reflections, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument("--limit", type=_count, default=None, metavar="N")
    export = actions.add_parser("export", parents=[common], help="write the whole journal")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="- for standard output"
    )
    export.add_argument("--format", choices=("json", "markdown"), default="json")
    importing = actions.add_parser(
        "import", parents=[common], help="merge a JSON export into this journal"
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument(
        "--dry-run", action="store_true", help="say what would change, and change nothing"
    )
    actions.add_parser("backup", parents=[common], help="make a checked backup now")
    restore = actions.add_parser(
        "restore",
        parents=[common],
        help="replace the journal with a backup (the current one is backed up first)",
    )
    restore.add_argument("file", type=Path, metavar="FILE")


MAX_LIST = 1_000_000_000
MAX_STDIN_BYTES = 8 * 1024 * 1024  # a reflection read from standard input (README: Limits)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_LIST:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to {MAX_LIST:,}")
    return value


def journal_path(args: argparse.Namespace, resolved: paths.Paths) -> Path:
    chosen = getattr(args, "journal", None)
    return Path(chosen).expanduser() if chosen else resolved.default_journal


def keep_for(args: argparse.Namespace, resolved: paths.Paths) -> Keep:
    """What this run's outputs must never replace: LeadCards' own files and the journal
    chosen for the run."""
    return JournalService(resolved).kept_files(journal_path(args, resolved))


def run(args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory) -> int:
    target = journal_path(args, resolved)
    service = JournalService(resolved)
    action = args.journal_command
    try:
        # Inputs are read (and outputs checked) before the journal is opened, so a file
        # that cannot be used is refused with the journal untouched and unlocked.
        incoming = service.read_export(args.file, shown(args.file)) if action == "import" else None
        keep = service.check_export(args.output, target) if action == "export" else None
        text = read_text(args) if action == "add" else None
        with contextlib.ExitStack() as stack:
            staged = None
            if action == "restore":
                staged = stack.enter_context(service.staged(target, Path(args.file)))
            journal = stack.enter_context(service.open(target))
            if action == "backup":
                made = service.back_up(journal)
                print(f"Backed up {journal.name} to {made}")
                return 0
            if staged is not None:
                safety = service.restore(journal, staged)
                print(
                    f"Restored {journal.name} from {args.file} ({journal.count()} reflections)."
                    f" What was there before is kept in {safety}"
                )
                return 0
            if action == "add":
                assert text is not None
                return _add(journal, args, text, load_library(resolved.decks_dir), user_error)
            if action == "list":
                return _list(journal, args)
            if action == "export":
                assert keep is not None
                count = service.export(
                    journal, args.output, args.format, load_library(resolved.decks_dir).decks, keep
                )
                where = shown(args.output)
                note = "" if str(args.output) == "-" else " (private: it holds personal text)"
                print(f"Wrote {count} reflections to {where}{note}", file=sys.stderr)
                return 0
            assert incoming is not None
            if args.dry_run:
                summary = service.preview_import(journal, incoming)
            else:
                summary = service.import_export(journal, incoming)
            prefix = "Would import" if args.dry_run else "Imported"
            print(f"{prefix}: {summary.describe()}.")
            return 0
    except (JournalError, JournalFileError, backup.BackupError) as exc:
        raise user_error(str(exc)) from None
    except (UserFileError, BrokenPipeError):
        raise  # the output's own failure, named by the caller (a broken pipe: quietly)
    except OSError as exc:
        raise user_error(f"cannot use the journal {target}: {exc.strerror or exc}") from None


def read_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return str(args.text)
    data = read_bytes("-", limit=MAX_STDIN_BYTES, what="reflection")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserFileError("standard input is not UTF-8 text, so it was not saved") from None


def find_card(library: Library, wanted: str, user_error: ErrorFactory) -> tuple[str, str]:
    deck_id, _, card_id = wanted.rpartition("/")
    found = [
        (deck.id, card.id)
        for deck in library.decks
        if not deck_id or deck.id == deck_id
        for card in deck.cards
        if card.id == card_id
    ]
    if not found:
        raise user_error(f'no card has the id "{wanted}"')
    if len(found) > 1:
        options = ", ".join(f"{d}/{c}" for d, c in found)
        raise user_error(f'"{wanted}" is in more than one deck; say which: {options}')
    return found[0]


def _add(
    journal: Journal,
    args: argparse.Namespace,
    text: str,
    library: Library,
    user_error: ErrorFactory,
) -> int:
    deck_id, card_id = find_card(library, args.card, user_error)
    if not text.strip():
        raise user_error("the reflection is empty; give --text or pipe it in")
    entry = journal.add_entry(
        text, deck_id=deck_id, card_id=card_id, space=args.space, tags=args.tag
    )
    print(f"Saved reflection {entry.uuid} on {deck_id}/{card_id}", file=sys.stderr)
    return 0


def _list(journal: Journal, args: argparse.Namespace) -> int:
    for entry in journal.entries(limit=args.limit):
        if args.json:
            print(
                json.dumps(
                    {
                        "uuid": entry.uuid,
                        "created": entry.created.isoformat(),
                        "updated": entry.updated.isoformat(),
                        "deck_id": entry.deck_id,
                        "card_id": entry.card_id,
                        "space": entry.space,
                        "tags": list(entry.tags),
                        "marks": {i: m.value for i, m in entry.marks.items()},
                        "text": entry.text,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        when = limits.local(entry.created).strftime("%Y-%m-%d %H:%M")
        about = f"{entry.deck_id}/{entry.card_id}" if entry.card_id else "-"
        first_line = entry.text.strip().splitlines()[0] if entry.text.strip() else ""
        print(f"{when}  {about:<40}  {entry.space or '-':<12}  {first_line[:60]}")
    return 0
