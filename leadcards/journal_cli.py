"""``leadcards journal ...``: add, list, export and import reflections from the command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from leadcards import limits, paths
from leadcards.fileio import (
    Keep,
    UserFileError,
    check_output,
    copy_in,
    discard_copy,
    read_bytes,
    shown,
    write_text,
)
from leadcards.journal import backup
from leadcards.journal.exchange import (
    MAX_IMPORT_BYTES,
    JournalExport,
    JournalFileError,
    export_json,
    export_markdown,
    parse_json_export,
)
from leadcards.journal.model import SPACES, JournalError
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
    return Keep.of(resolved, journals=(journal_path(args, resolved),))


def run(args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory) -> int:
    target = journal_path(args, resolved)
    keep = keep_for(args, resolved)
    action = args.journal_command
    try:
        # Inputs are read (and outputs checked) before the journal is opened, so a file
        # that cannot be used is refused with the journal untouched and unlocked.
        incoming = _read_import(args) if action == "import" else None
        if action == "export":
            check_output(args.output, keep)
        text = _read_text(args) if action == "add" else None
        if target == resolved.default_journal:
            paths.ensure_dir(resolved.data_dir)
        backup_dir = backup.folder_for(resolved.data_dir, target)
        with contextlib.ExitStack() as stack:
            restoring = None
            if action == "restore":
                restoring = stack.enter_context(_private_copy(args.file, backup_dir))
            journal = stack.enter_context(Journal.open(target, backup_dir=backup_dir))
            if action == "backup":
                made = journal.backup(backup_dir)
                backup.prune(backup_dir)
                print(f"Backed up {journal.name} to {made}")
                return 0
            if restoring is not None:
                safety = journal.restore_from(
                    restoring, safety_dir=backup_dir, name=Path(args.file).name
                )
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
                return _export(journal, args, load_library(resolved.decks_dir), keep)
            assert incoming is not None
            return _import(journal, args, incoming, backup_dir)
    except (JournalError, JournalFileError, backup.BackupError) as exc:
        raise user_error(str(exc)) from None
    except (UserFileError, BrokenPipeError):
        raise  # the output's own failure, named by the caller (a broken pipe: quietly)
    except OSError as exc:
        raise user_error(f"cannot use the journal {target}: {exc.strerror or exc}") from None


def _read_import(args: argparse.Namespace) -> JournalExport:
    data = read_bytes(args.file, limit=MAX_IMPORT_BYTES, what="journal export")
    return parse_json_export(data, shown(args.file))


def _read_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return str(args.text)
    data = read_bytes("-", limit=MAX_STDIN_BYTES, what="reflection")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserFileError("standard input is not UTF-8 text, so it was not saved") from None


@contextlib.contextmanager
def _private_copy(source: Path, backup_dir: Path) -> Iterator[Path]:
    """A private copy of a backup the user names, for SQLite to read: it cannot change,
    grow or turn into a pipe while it is checked and restored."""
    copy = copy_in(source, backup_dir, limit=backup.MAX_BACKUP_BYTES, what="journal backup")
    try:
        yield copy
    finally:
        discard_copy(copy)


def _find_card(library: Library, wanted: str, user_error: ErrorFactory) -> tuple[str, str]:
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
    deck_id, card_id = _find_card(library, args.card, user_error)
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


def _export(journal: Journal, args: argparse.Namespace, library: Library, keep: Keep) -> int:
    text = (
        export_json(journal) if args.format == "json" else export_markdown(journal, library.decks)
    )
    write_text(args.output, text, private=True, keep=keep)
    where = shown(args.output)
    note = "" if str(args.output) == "-" else " (private: it holds personal text)"
    print(f"Wrote {journal.count()} reflections to {where}{note}", file=sys.stderr)
    return 0


def _import(
    journal: Journal, args: argparse.Namespace, incoming: JournalExport, backup_dir: Path
) -> int:
    entries, checks = incoming.entries, incoming.checks
    # Everything is checked (a dry run) before the backup, so a refused import leaves no
    # backup behind and the journal unchanged.
    summary = journal.merge(entries, checks, dry_run=True)
    if not args.dry_run:
        journal.backup(backup_dir, reason="before-import")
        summary = journal.merge(entries, checks)
    prefix = "Would import" if args.dry_run else "Imported"
    print(f"{prefix}: {summary.describe()}.")
    return 0
