"""``leadcards journal ...``: add, list, export and import reflections from the command line.

Every operation on the journal file (opening, backing up, restoring, export, import) is the
journal service's (:mod:`leadcards.journal.service`), as in the app; this module reads the
command line and says what happened."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from leadcards import limits, passphrase_cli, paths
from leadcards.fileio import Keep, UserFileError, read_bytes, shown, write_text
from leadcards.journal import backup
from leadcards.journal.exchange import JournalFileError
from leadcards.journal.model import SPACES, JournalError
from leadcards.journal.service import JournalService
from leadcards.journal.store import Journal
from leadcards.library import Library, load_library

ErrorFactory = Callable[[str], Exception]


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    secret = passphrase_cli.options(type(common))
    journal = commands.add_parser(
        "journal", parents=[common, secret], help="add, list, export and import reflections"
    )
    actions = journal.add_subparsers(
        dest="journal_command", metavar="ACTION", required=True, parser_class=type(common)
    )
    add = actions.add_parser("add", parents=[common, secret], help="write a reflection")
    add.add_argument(
        "--card",
        required=True,
        metavar="ID",
        help="the card, as CARD or DECK/CARD (see `leadcards decks export`)",
    )
    add.add_argument("--space", choices=SPACES, help="the space the reflection is about")
    add.add_argument("--tag", action="append", default=[], metavar="TAG")
    add.add_argument("--text", help="the reflection (read from standard input if left out)")
    listing = actions.add_parser(
        "list", parents=[common, secret], help="list reflections, newest first"
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument("--limit", type=_count, default=None, metavar="N")
    export = actions.add_parser("export", parents=[common, secret], help="write the whole journal")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="- for standard output"
    )
    export.add_argument(
        "--format",
        choices=("json", "markdown", "encrypted"),
        default="json",
        help="encrypted: a copy of an encrypted journal under its passphrase",
    )
    export.add_argument(
        "--plain",
        action="store_true",
        help="write JSON or Markdown from an encrypted journal (plain text anyone can read)",
    )
    importing = actions.add_parser(
        "import", parents=[common, secret], help="merge a JSON export into this journal"
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument(
        "--dry-run", action="store_true", help="say what would change, and change nothing"
    )
    actions.add_parser("backup", parents=[common, secret], help="make a checked backup now")
    restore = actions.add_parser(
        "restore",
        parents=[common, secret],
        help="replace the journal with a backup (the current one is backed up first)",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    recovery = (
        "also write a recovery key to FILE: it opens the journal in place of the passphrase "
        "(print it or keep it away from the journal)"
    )
    encrypt = actions.add_parser(
        "encrypt",
        parents=[common, secret],
        help="encrypt the journal with a passphrase (and its backups)",
        description="Nobody can recover a forgotten passphrase, LeadCards included: keep it "
        "safe, or keep a recovery key (--recovery-key) somewhere else.",
    )
    encrypt.add_argument("--recovery-key", type=Path, metavar="FILE", help=recovery)
    actions.add_parser(
        "decrypt", parents=[common, secret], help="store the journal (and its backups) plain"
    )
    rekey = actions.add_parser(
        "rekey", parents=[common, secret], help="change an encrypted journal's passphrase"
    )
    rekey.add_argument("--recovery-key", type=Path, metavar="FILE", help=recovery)


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
    """What this run's outputs must never replace: LeadCards' own files, the journal
    chosen for the run and the passphrase file it reads."""
    return JournalService(resolved).kept_files(
        journal_path(args, resolved), inputs=passphrase_cli.inputs(args)
    )


def run(args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory) -> int:
    target = journal_path(args, resolved)
    passphrases = passphrase_cli.Passphrases(args)
    service = JournalService(resolved, ask=passphrases)
    action = args.journal_command
    if action == "import" and str(args.file) == "-" and passphrase_cli.uses_stdin(args):
        raise user_error(
            "standard input cannot hold both the export and the passphrase: give the export "
            "as a file, or the passphrase with --passphrase-file"
        )
    try:
        # Inputs are read (and outputs checked) before the journal is opened, so a file
        # that cannot be used is refused with the journal untouched and unlocked.
        incoming = service.read_export(args.file, shown(args.file)) if action == "import" else None
        inputs = passphrase_cli.inputs(args)
        keep = None
        if action == "export":
            keep = service.check_export(args.output, target, inputs=inputs)
        if action in ("encrypt", "rekey") and args.recovery_key is not None:
            keep = service.check_recovery_key_target(args.recovery_key, target, inputs)
            if str(args.recovery_key) != "-" and os.path.lexists(args.recovery_key):
                raise user_error(
                    f"{args.recovery_key} already exists: a recovery key is written to a new "
                    "file only, never over one"
                )
        text = read_text(args) if action == "add" else None
        with contextlib.ExitStack() as stack:
            staged = None
            if action == "restore":
                staged = stack.enter_context(service.staged(target, Path(args.file)))
            journal = stack.enter_context(service.open(target))
            if action in ("encrypt", "decrypt", "rekey"):
                return _change_key(service, passphrases, journal, args, keep)
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
                _refuse_plain(journal, args)
                key = None
                if args.format == "encrypted" and not journal.encrypted:
                    key = passphrases.new(f"the encrypted copy of {journal.name}")
                count = service.export(
                    journal,
                    args.output,
                    args.format,
                    load_library(resolved.decks_dir).decks,
                    keep,
                    passphrase=key,
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
            if incoming.encrypted and not journal.encrypted:
                print(
                    f"{journal.path.name} is not encrypted: what came from the encrypted copy "
                    "is kept in it as plain text (leadcards journal encrypt encrypts it).",
                    file=sys.stderr,
                )
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
    if passphrase_cli.uses_stdin(args):
        raise UserFileError(
            "standard input cannot hold both the text and the passphrase: give the text "
            "with --text, or the passphrase with --passphrase-file"
        )
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


def _refuse_plain(journal: Journal, args: argparse.Namespace) -> None:
    """An encrypted journal is written as plain text only when ``--plain`` says so."""
    if journal.encrypted and args.format != "encrypted" and not args.plain:
        raise JournalError(
            f"{journal.path.name} is encrypted, and a {args.format} export is plain text that "
            "anyone with the file can read: add --plain to write it anyway, or use "
            "--format encrypted for an encrypted copy"
        )


def _change_key(
    service: JournalService,
    passphrases: passphrase_cli.Passphrases,
    journal: Journal,
    args: argparse.Namespace,
    keep: Keep | None,
) -> int:
    action = args.journal_command
    if action == "encrypt" and journal.encrypted:
        raise JournalError(
            f"{journal.path.name} is encrypted already (rekey changes its passphrase)"
        )
    if action in ("decrypt", "rekey") and not journal.encrypted:
        raise JournalError(f"{journal.path.name} is not encrypted")
    new = None
    if action != "decrypt":
        if action == "encrypt":
            print(
                "Nobody can recover a forgotten passphrase, LeadCards included. Keep it safe, "
                "or keep a recovery key (--recovery-key FILE) away from the journal.",
                file=sys.stderr,
            )
        new = passphrases.new(journal.name)
        if new == journal.passphrase:
            raise JournalError("the new passphrase is the current one; nothing has been changed")
    try:
        done = service.change_key(journal, new)
    except KeyboardInterrupt:
        if journal.passphrase is None:
            now = "plain"
        elif journal.passphrase == new:
            now = "under the new passphrase"
        else:
            now = "under its passphrase of before"
        raise JournalError(f"interrupted: {journal.path.name} is whole, {now}") from None
    state = {"encrypt": "Encrypted", "decrypt": "Decrypted", "rekey": "Changed the passphrase of"}
    left = ""
    if done.left:
        left = f"; {len(done.left)} made under an earlier passphrase are left as they were"
    backups = f"{done.converted} backup{'' if done.converted == 1 else 's'}"
    print(f"{state[action]} {journal.name} and {backups}{left}.", file=sys.stderr)
    if new is not None and getattr(args, "recovery_key", None) is not None:
        assert keep is not None
        key = service.recovery_key(journal)
        write_text(args.recovery_key, recovery_text(journal.name, key), private=True, keep=keep)
        print(
            f"Wrote the recovery key to {shown(args.recovery_key)}: it opens {journal.name} "
            "in place of the passphrase until the passphrase is changed. Keep it away from "
            "the journal.",
            file=sys.stderr,
        )
    return 0


def recovery_text(name: str, key: str) -> str:
    """A recovery key's file: the key, and what it is for."""
    return (
        f"LeadCards recovery key for the journal {name}\n\n{key}\n\n"
        "Type it in place of the passphrase to open the journal, then choose a new "
        "passphrase. Whoever has this key and the journal can read it: keep it apart from "
        "the journal (printed, or on another device). It stops working when the passphrase "
        "is changed.\n"
    )
