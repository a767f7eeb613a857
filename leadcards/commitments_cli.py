"""``leadcards commitments ...``: the journal's commitments, listed, added and followed up.

Every operation is :mod:`leadcards.commitments`' over the journal the journal service opens
(backed up on closing when it changed), as in the app."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leadcards import limits, passphrase_cli, paths
from leadcards.commitments import (
    HOW_WORDS,
    HOWS,
    Commitment,
    add_commitment,
    commitments,
    follow_up,
    parse_due,
)
from leadcards.fileio import UserFileError
from leadcards.journal import backup
from leadcards.journal.model import JournalError
from leadcards.journal.store import Journal
from leadcards.journal_cli import find_card, journal_path, read_text
from leadcards.library import load_library

ErrorFactory = Callable[[str], Exception]


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    secret = passphrase_cli.options(type(common))
    listing = commands.add_parser(
        "commitments",
        parents=[common, secret],
        help="list, add and follow up commitments",
        description="Lists the open commitments, soonest due first, with no further command.",
    )
    listing.add_argument("--due", action="store_true", help="only those whose due date has come")
    listing.add_argument("--all", action="store_true", help="done ones too")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    actions = listing.add_subparsers(
        dest="commitments_command", metavar="ACTION", parser_class=type(common)
    )
    add = actions.add_parser("add", parents=[common, secret], help='keep a commitment ("I will …")')
    add.add_argument(
        "--card", action="append", default=[], metavar="ID", help="CARD or DECK/CARD it came from"
    )
    add.add_argument("--text", help="the commitment (read from standard input if left out)")
    add.add_argument("--due", type=_due, metavar="DATE", help="YYYY-MM-DD")
    done = actions.add_parser("done", parents=[common, secret], help="say how a commitment went")
    done.add_argument("commitment", metavar="ID", help="its id, or its first 6+ characters")
    done.add_argument("--how", choices=HOWS, default="done")
    done.add_argument("--text", default="", help="a reflection on how it went")


def add_remind_parser(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    remind = commands.add_parser(
        "remind",
        parents=[common],
        help="write a reflection reminder for your calendar (an .ics file to import)",
        description="The file holds no reflection or commitment text; LeadCards opens and "
        "sends nothing. Writing it again with other settings updates the same reminder.",
    )
    remind.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="- for standard output"
    )
    remind.add_argument("--every", required=True, metavar="week|month")
    remind.add_argument("--on", required=True, metavar="DAY", help="monday... or 1 to 28")
    remind.add_argument("--at", required=True, metavar="HH:MM")


def run_remind(args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory) -> int:
    from leadcards import remind
    from leadcards.journal_cli import keep_for

    try:
        reminder = remind.parse_reminder(args.every, args.on, args.at)
    except remind.ReminderError as exc:
        raise user_error(str(exc)) from None
    done = remind.write_reminder(
        reminder,
        args.output,
        resolved.config_dir,
        keep_for(args, resolved),
        dt.datetime.now().astimezone(),
    )
    if done.note:
        print(f"leadcards: {done.note}", file=sys.stderr)
    if str(args.output) != "-":
        print(
            f"Wrote a reminder {remind.describe(reminder)} to {args.output}: import it into "
            "your calendar (again after a change: it updates the one reminder).",
            file=sys.stderr,
        )
    return 0


def _due(text: str) -> dt.date:
    try:
        return parse_due(text)
    except JournalError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory) -> int:
    target = journal_path(args, resolved)
    action = args.commitments_command
    try:
        text = read_text(args) if action == "add" else None
        # The cards are found before the journal is opened: a mistake changes nothing.
        cards = _cards(args, resolved, user_error) if action == "add" else []
        with passphrase_cli.service_for(args, resolved).opened(
            target, holding="commitment", create=action == "add"
        ) as journal:
            if action == "add":
                assert text is not None
                return _add(journal, args, text, cards)
            if action == "done":
                found = follow_up(journal, args.commitment, args.how, args.text)
                print(f"Kept how {found.uuid[:8]} went: {HOW_WORDS[args.how]}.", file=sys.stderr)
                return 0
            return _list(journal, args)
    except (JournalError, backup.BackupError) as exc:
        raise user_error(str(exc)) from None
    except (UserFileError, BrokenPipeError):
        raise
    except OSError as exc:
        raise user_error(f"cannot use the journal {target}: {exc.strerror or exc}") from None


def _cards(
    args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory
) -> list[tuple[str, str]]:
    library = load_library(resolved.decks_dir)
    cards = [find_card(library, card, user_error) for card in args.card]
    if len({deck_id for deck_id, _ in cards}) > 1:
        raise user_error("a commitment's cards come from one deck")
    return cards


def _add(
    journal: Journal, args: argparse.Namespace, text: str, cards: list[tuple[str, str]]
) -> int:
    made = add_commitment(
        journal,
        text,
        due=args.due,
        deck_id=cards[0][0] if cards else None,
        card_ids=[card_id for _, card_id in cards],
    )
    print(made.uuid)
    due = f", due {made.due.isoformat()}" if made.due else ""
    print(f"Kept commitment {made.uuid[:8]}{due}", file=sys.stderr)
    return 0


def _list(journal: Journal, args: argparse.Namespace) -> int:
    today = limits.local(dt.datetime.now(dt.UTC)).date()
    shown = [c for c in commitments(journal) if args.all or not c.done]
    if args.due:
        shown = [c for c in shown if c.is_due(today)]
    shown.sort(key=lambda c: (c.done, c.due or dt.date.max, -c.created.timestamp()))
    for found in shown:
        if args.json:
            print(json.dumps(commitment_json(found), ensure_ascii=False))
            continue
        state = HOW_WORDS[found.last.how] if found.last else "open"
        due = found.due.isoformat() if found.due else "-"
        if found.is_due(today):
            due += " due"
        cards = ",".join(found.card_ids) or "-"
        first = found.text.splitlines()[0] if found.text else ""
        print(f"{found.uuid[:8]}  {due:<14}  {state:<8}  {cards:<30}  {first[:60]}")
    return 0


def commitment_json(found: Commitment) -> dict[str, Any]:
    return {
        "uuid": found.uuid,
        "text": found.text,
        "created": found.created.isoformat(),
        "updated": found.updated.isoformat(),
        "due": found.due.isoformat() if found.due else None,
        "deck_id": found.deck_id,
        "card_ids": list(found.card_ids),
        "indicator_ids": list(found.indicator_ids),
        "plan_id": found.plan_id,
        "done": found.done,
        "follow_ups": [
            {"uuid": f.uuid, "taken": f.taken.isoformat(), "how": f.how, "text": f.text}
            for f in found.follow_ups
        ],
    }
