"""The ``leadcards`` command: the desktop app by default, and subcommands for scripting.

User mistakes (an unknown deck, a broken file, a path that cannot be written) end with one
line on stderr and a non-zero exit; an unexpected failure is written to a crash report in
the log folder and summarised in one line, so no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from leadcards import __version__, paths
from leadcards.deck import DeckError, deck_to_json, load_deck_file
from leadcards.fileio import (
    Keep,
    UserFileError,
    shown,
    write_json_document,
)
from leadcards.library import Library, load_library
from leadcards.terminal import SafeStream, StreamError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class UserError(Exception):
    """A mistake the user can fix; its message is shown as it is."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with ``commands=False``, without the journal and print
    commands, whose choices load the journal and printing modules (the app's start-up
    needs neither)."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"keep journals, user decks and settings in DIR (also ${paths.ENV_DATA_DIR})",
    )
    common.add_argument(
        "--journal",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="use this journal file instead of the one in the data folder",
    )
    parser = _Parser(
        prog="leadcards",
        description="LeadCards: leadership conversation cards. "
        "With no command, opens the desktop app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"LeadCards {__version__}")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start the app without showing it, load both decks, and exit (for install checks)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    decks = subparsers.add_parser(
        "decks",
        parents=[common],
        help="list, export and validate decks",
        description="Lists the decks (id, title, number of cards) with no further command.",
    )
    deck_commands = decks.add_subparsers(
        dest="deck_command", metavar="ACTION", parser_class=_Parser
    )
    export = deck_commands.add_parser(
        "export",
        parents=[common],
        help="write a deck file in the format LeadCards reads",
    )
    export.add_argument("deck_id", metavar="ID", help="the deck's id, as `leadcards decks` lists")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    validate = deck_commands.add_parser(
        "validate",
        parents=[common],
        help="check a deck file and list every problem in it",
    )
    validate.add_argument("file", type=Path, metavar="FILE")
    if commands:
        from leadcards import checkin_cli, commitments_cli, journal_cli, plans_cli, print_cli

        journal_cli.add_parsers(subparsers, common)
        checkin_cli.add_parsers(subparsers, common)
        commitments_cli.add_parsers(subparsers, common)
        commitments_cli.add_remind_parser(subparsers, common)
        plans_cli.add_parsers(subparsers, common)
        print_cli.add_parsers(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # A console that cannot show a character gets an escape, never a crash.
            stream.reconfigure(errors="backslashreplace")
    # Whatever reaches the terminal is shown, never obeyed (escape sequences, bidi).
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr, quiet=True)
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout, sys.stderr = streams


def _main(argv: list[str]) -> int:
    rest, deck_file = _split_deck_file(_joined_values(argv))
    parser = build_parser(commands=not _opens_the_app(rest))
    args = parser.parse_args(rest)
    args.deck_file = deck_file
    try:
        resolved = paths.resolve(getattr(args, "data_dir", None))
    except (OSError, ValueError) as exc:
        print(f"leadcards: cannot use that data folder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        code = _dispatch(args, resolved)
        sys.stdout.flush()  # a closed or full standard output is named here, not at exit
        return code
    except StreamError as exc:
        print(f"leadcards: {exc}", file=sys.stderr)
        _quiet_stdout()
        return EXIT_FAILURE
    except UserError as exc:
        print(f"leadcards: {exc}", file=sys.stderr)
        return exc.exit_code
    except UserFileError as exc:
        print(f"leadcards: {exc}", file=sys.stderr)
        return EXIT_FAILURE if exc.failed else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``leadcards decks | head -1``): stop quietly.
        _quiet_stdout()
        return EXIT_FAILURE
    except Exception as exc:
        from leadcards import crash  # only when something went wrong

        shape = crash.command_shape(argv, *known_words(build_parser()))
        report = crash.write_report(resolved.log_dir, exc, shape)
        where = f"; details are in {report}" if report else ""
        print(f"leadcards: something went wrong inside LeadCards{where}", file=sys.stderr)
        return EXIT_FAILURE


def _quiet_stdout() -> None:
    """Standard output that failed takes nothing more (what is left in its buffer would
    fail again as the interpreter exits)."""
    with contextlib.suppress(OSError, ValueError, StreamError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def known_words(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """Every command, option name and fixed choice the parser knows (the words a crash
    report may keep of a command line), and the options whose value is the user's own
    (never kept, whatever it spells)."""
    words: set[str] = set()
    free: set[str] = set()
    for action in parser._actions:
        words.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words.add(name)
                more, more_free = known_words(sub)
                words |= more
                free |= more_free
        elif action.choices is not None:
            words.update(str(choice) for choice in action.choices)
        elif action.option_strings and action.nargs != 0:
            free.update(action.option_strings)
    return words, free


# Options whose value may begin with a minus that argparse would take for an option
# (``--back-offset -5,-5``): the value is joined to the option before parsing.
_SIGNED = ("--back-offset",)


def _joined_values(argv: list[str]) -> list[str]:
    joined: list[str] = []
    words: Iterator[str] = iter(argv)
    for word in words:
        if word in _SIGNED:
            value = next(words, None)
            joined.append(word if value is None else f"{word}={value}")
        else:
            joined.append(word)
    return joined


COMMANDS = ("decks", "journal", "checkin", "commitments", "plans", "print", "remind")
_VALUED = ("--data-dir", "--journal")
_APP_FLAGS = ("--smoke", "--version")


def _opens_the_app(argv: list[str]) -> bool:
    """True when ``argv`` is only the app's own options (``--smoke``, ``--data-dir DIR``…):
    no command, no help, nothing argparse would have to name as a mistake. The app then
    starts without loading the journal and print commands' modules."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            if next(words, None) is None:
                return False
        elif word not in _APP_FLAGS and not word.startswith(tuple(f"{v}=" for v in _VALUED)):
            return False
    return True


def _split_deck_file(argv: list[str]) -> tuple[list[str], Path | None]:
    """``leadcards FILE`` opens the app with a deck file (as a file manager starts it):
    take the first word that is not an option, an option's value or a command."""
    skip = False
    for index, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word in _VALUED:
            skip = True
            continue
        if word.startswith("-"):
            continue
        path = Path(word)
        try:
            looks_like_a_file = path.suffix.lower() == ".json" or os.sep in word or path.exists()
        except (OSError, ValueError):  # a name too long for the system, say
            looks_like_a_file = False
        if word in COMMANDS or not looks_like_a_file:
            return argv, None  # a command, or a mistake argparse will name
        return argv[:index] + argv[index + 1 :], path
    return argv, None


def _dispatch(args: argparse.Namespace, resolved: paths.Paths) -> int:
    if args.command == "journal":
        from leadcards import journal_cli

        return journal_cli.run(args, resolved, UserError)
    if args.command == "remind":
        from leadcards import commitments_cli

        return commitments_cli.run_remind(args, resolved, UserError)
    if args.command == "commitments":
        from leadcards import commitments_cli

        return commitments_cli.run(args, resolved, UserError)
    if args.command == "plans":
        from leadcards import plans_cli
        from leadcards.journal_cli import keep_for

        return plans_cli.run(args, resolved, keep_for(args, resolved), UserError)
    if args.command == "checkin":
        from leadcards import checkin_cli

        return checkin_cli.run(args, resolved, UserError)
    if args.command == "print":
        from leadcards import print_cli

        return print_cli.run(args, resolved, UserError)
    if args.command == "decks":
        from leadcards.journal_cli import keep_for

        if args.deck_command == "export":
            return _export(resolved, args.deck_id, args.output, keep_for(args, resolved))
        if args.deck_command == "validate":
            return _validate(args.file, sys.stdout, sys.stderr)
        return _list_decks(resolved, sys.stdout, sys.stderr)
    deck_file = args.deck_file
    if deck_file is not None and not deck_file.is_file():
        if deck_file.exists():
            raise UserError(f"{deck_file} is not a deck file (a folder, a pipe or a device)")
        raise UserError(f"{deck_file}: no such deck file")
    if not args.smoke:  # the smoke test runs off screen unless told otherwise
        from leadcards import display

        cannot = display.problem()
        if cannot is not None:
            print(cannot, file=sys.stderr)
            return EXIT_FAILURE
    try:
        from leadcards.ui import launch  # the only place the core reaches for Qt, and only here
    except ImportError as exc:  # Qt itself needs a system library that is missing
        from leadcards import display

        print(display.missing_library(str(exc)), file=sys.stderr)
        return EXIT_FAILURE

    if args.smoke:
        return int(launch.smoke(resolved))
    return int(launch.run(resolved, deck_file))


def _library(resolved: paths.Paths, err: TextIO) -> Library:
    library = load_library(resolved.decks_dir)
    for problem in library.problems:
        print(f"leadcards: skipped {problem.summary()}", file=err)
    return library


def _list_decks(resolved: paths.Paths, out: TextIO, err: TextIO) -> int:
    library = _library(resolved, err)
    rows = [(deck.id, deck.title, str(len(deck.cards))) for deck in library.decks]
    id_width = max(len("ID"), *(len(r[0]) for r in rows))
    title_width = max(len("TITLE"), *(len(r[1]) for r in rows))
    out.write(f"{'ID':<{id_width}}  {'TITLE':<{title_width}}  CARDS\n")
    for deck_id, title, count in rows:
        out.write(f"{deck_id:<{id_width}}  {title:<{title_width}}  {count:>5}\n")
    return EXIT_OK


def _export(resolved: paths.Paths, deck_id: str, output: Path | None, keep: Keep) -> int:
    library = _library(resolved, sys.stderr)
    try:
        deck = library.deck(deck_id)
    except KeyError:
        known = ", ".join(library.ids())
        raise UserError(f'no deck has the id "{deck_id}" (known: {known})') from None
    target = "-" if output is None else output
    if write_json_document(target, deck_to_json(deck), keep):
        print(f"Wrote {deck.title} ({len(deck.cards)} cards) to {shown(target)}", file=sys.stderr)
    return EXIT_OK


def _validate(file: Path, out: TextIO, err: TextIO) -> int:
    try:
        deck = load_deck_file(file)
    except DeckError as exc:
        print(exc.describe(), file=err)
        return EXIT_USAGE
    indicators = sum(1 for card in deck.cards for _ in card.indicators())
    out.write(
        f'{file}: valid deck "{deck.title}" (id {deck.id}): {len(deck.themes)} themes, '
        f"{len(deck.cards)} cards, {indicators} indicators\n"
    )
    return EXIT_OK
