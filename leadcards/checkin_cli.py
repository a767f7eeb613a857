"""``leadcards checkin ...``: team check-ins from the command line, for scripts and bulk use.

Every operation is the check-in service's (:mod:`leadcards.checkin.service`), as in the app;
this module reads the command line and says what happened. Files named are read and
written through the guarded reader and writer, and checked before the journal is opened,
so a mistake in a file name is named with nothing changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leadcards import limits, passphrase_cli, paths
from leadcards.checkin import ledger, service
from leadcards.checkin.files import CheckInFileError, Invitation, answer_problems
from leadcards.checkin.ledger import CheckIn, Round
from leadcards.checkin.results import ANONYMITY, Answer, Results, too_few_words
from leadcards.fileio import Keep, UserFileError, check_output, shown
from leadcards.journal import backup
from leadcards.journal.model import JournalError, utc_now
from leadcards.journal.store import Journal
from leadcards.journal_cli import journal_path
from leadcards.library import load_library

ErrorFactory = Callable[[str], Exception]


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    secret = passphrase_cli.options(type(common))
    checkin = commands.add_parser(
        "checkin",
        parents=[common, secret],
        help="team check-ins: invitations, responses, rounds and results",
        description="An anonymous temperature check or TRACE diagnostic for a whole team. "
        "CHECKIN is a check-in's id or its title.",
    )
    actions = checkin.add_subparsers(
        dest="checkin_command", metavar="ACTION", required=True, parser_class=type(common)
    )
    new = actions.add_parser(
        "new",
        parents=[common, secret],
        help="start a check-in in the journal and write its invitation file",
    )
    new.add_argument("deck_id", metavar="DECK", help="the deck's id, as `leadcards decks` lists")
    new.add_argument("--card", action="append", default=[], metavar="ID", help="(all by default)")
    new.add_argument("--space", metavar="SPACE", help="the space it is about (TRACE: team)")
    new.add_argument(
        "--min-group", type=whole_number, metavar="N", help="results from N answers (5)"
    )
    new.add_argument("--title", metavar="TITLE", help="(the deck and today's date by default)")
    new.add_argument("-o", "--output", type=Path, required=True, metavar="INVITE")
    answer = actions.add_parser(
        "answer", parents=[common, secret], help="answer an invitation and write a response file"
    )
    answer.add_argument("invitation", type=Path, metavar="INVITE")
    answer.add_argument("-o", "--output", type=Path, required=True, metavar="RESPONSE")
    answer.add_argument(
        "--tick", action="append", default=[], metavar="INDICATOR", help="an indicator in place"
    )
    answer.add_argument(
        "--position", action="append", default=[], metavar="CARD=N", help="-5..5 (behaviours)"
    )
    add = actions.add_parser(
        "add", parents=[common, secret], help="count response files (or folders)"
    )
    add.add_argument("checkin", metavar="CHECKIN")
    add.add_argument("responses", type=Path, nargs="+", metavar="RESPONSE")
    close = actions.add_parser(
        "close", parents=[common, secret], help="close collection: make results"
    )
    close.add_argument("checkin", metavar="CHECKIN")
    close.add_argument(
        "--without-results",
        action="store_true",
        help="close a round that has fewer answers than its minimum (its answers are dropped)",
    )
    invite = actions.add_parser(
        "invitation", parents=[common, secret], help="write a check-in's invitation file again"
    )
    invite.add_argument("checkin", metavar="CHECKIN")
    invite.add_argument("-o", "--output", type=Path, required=True, metavar="INVITE")
    reopen = actions.add_parser("reopen", parents=[common, secret], help="start the next round")
    reopen.add_argument("checkin", metavar="CHECKIN")
    listing = actions.add_parser(
        "list", parents=[common, secret], help="list the journal's check-ins"
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    results = actions.add_parser(
        "results", parents=[common, secret], help="a closed round's results"
    )
    results.add_argument("checkin", metavar="CHECKIN")
    results.add_argument("--round", type=whole_number, metavar="N", help="(the newest closed)")
    results.add_argument("--json", action="store_true", help="as one JSON object")
    export = actions.add_parser(
        "export",
        parents=[common, secret],
        help="a closed round's results as CSV (docs/checkin-csv.md)",
    )
    export.add_argument("checkin", metavar="CHECKIN")
    export.add_argument("--round", type=whole_number, metavar="N", help="(the newest closed)")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="- for standard output"
    )


def whole_number(text: str) -> int:
    """A command line's round number or group size: a whole number from 1 to 1000."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 1000")
    return value


def run(args: argparse.Namespace, resolved: paths.Paths, user_error: ErrorFactory) -> int:
    target = journal_path(args, resolved)
    journals = passphrase_cli.service_for(args, resolved)
    action = args.checkin_command
    try:
        if action == "answer":
            return _answer(args, journals.kept_files(target), user_error)
        keep = journals.kept_files(target, inputs=passphrase_cli.inputs(args))
        if action in ("new", "export", "invitation"):
            check_output(args.output, keep)  # a mistake in the name is named before any work
        with journals.opened(target, holding="check-in", create=action == "new") as journal:
            if action == "new":
                return _new(journal, args, resolved, keep, user_error)
            if action == "list":
                return _list(journal, args)
            found = ledger.find(journal, args.checkin)
            if action == "add":
                return _add(journal, found, args.responses)
            if action == "close":
                closed = ledger.close_round(journal, found.id, below_minimum=args.without_results)
                _say_closed(found, closed)
                return 0
            if action == "reopen":
                opened = ledger.reopen(journal, found.id)
                print(f"Round {opened.number} of {found.title!r} is open for answers.")
                return 0
            if action == "results":
                return _results(found, args)
            if action == "invitation":
                service.save_invitation(found.invitation, args.output, keep)
                print(
                    f"Wrote the invitation to {found.title!r} to {shown(args.output)}",
                    file=sys.stderr,
                )
                return 0
            done = service.export_csv(found, args.round, args.output, keep)
            print(
                f"Wrote round {done.number} of {found.title!r} to {shown(args.output)}",
                file=sys.stderr,
            )
            return 0
    except (JournalError, CheckInFileError, backup.BackupError) as exc:
        raise user_error(str(exc)) from None
    except (UserFileError, BrokenPipeError):
        raise
    except OSError as exc:
        raise user_error(f"cannot use the journal {target}: {exc.strerror or exc}") from None


def _new(
    journal: Journal,
    args: argparse.Namespace,
    resolved: paths.Paths,
    keep: Keep,
    user_error: ErrorFactory,
) -> int:
    library = load_library(resolved.decks_dir)
    try:
        deck = library.deck(args.deck_id)
    except KeyError:
        known = ", ".join(library.ids())
        raise user_error(f'no deck has the id "{args.deck_id}" (known: {known})') from None
    today = limits.local(utc_now())
    title = args.title if args.title is not None else f"{deck.title}, {today:%d %B %Y}"
    invitation = service.new_invitation(
        deck, args.card, title=title, space=args.space, min_group=args.min_group
    )
    checkin = service.start(journal, invitation)
    try:
        service.save_invitation(invitation, args.output, keep)
    except BaseException:
        ledger.delete_checkin(journal, checkin.id)  # no check-in without its invitation
        raise
    if str(args.output) != "-":  # the id for a script, unless the invitation went there
        print(checkin.id)
    print(
        f"Started {checkin.title!r}, id {checkin.id} ({len(invitation.cards)} cards; results from "
        f"{invitation.min_group} answers) and wrote its invitation to {shown(args.output)}",
        file=sys.stderr,
    )
    return 0


def _answer(args: argparse.Namespace, keep: Keep, user_error: ErrorFactory) -> int:
    invitation = service.open_invitation(args.invitation, shown(args.invitation))
    keep = dataclasses.replace(keep, inputs=(args.invitation,))
    check_output(args.output, keep)
    answer = _answer_from(invitation, args.tick, args.position, user_error)
    service.save_response(invitation, answer, args.output, keep)
    print(
        f"Wrote your response to {invitation.title!r} to {shown(args.output)}. It names "
        "nobody, but whoever receives it may know who sent it.",
        file=sys.stderr,
    )
    return 0


def _answer_from(
    invitation: Invitation, ticks: list[str], positions: list[str], user_error: ErrorFactory
) -> Answer:
    problems = []
    chosen: dict[str, int] = {}
    for item in positions:
        card, sep, value = item.partition("=")
        try:
            number = int(value) if sep else None
        except ValueError:
            number = None
        if number is None:
            problems.append(f"--position {item!r} is not CARD=N, e.g. trust=2")
        elif card in chosen:
            problems.append(f"--position gives {card!r} twice")
        else:
            chosen[card] = number
    if len(set(ticks)) != len(ticks):
        problems.append("an indicator is ticked twice")
    answer = Answer(frozenset(ticks), chosen)
    problems += answer_problems(invitation, answer)
    if problems:
        raise user_error("; ".join(problems))
    return answer


def _add(journal: Journal, checkin: CheckIn, sources: list[Path]) -> int:
    added = service.add_response_files(journal, checkin, sources)
    for name, why in added.refused:
        print(f"leadcards: refused {name}, and counted nothing of it: {why}", file=sys.stderr)
    print(f"{checkin.title}: {added.describe()}.")
    return 1 if added.refused else 0


def _say_closed(checkin: CheckIn, closed: Round) -> None:
    if closed.results is None:
        print(
            f"Closed round {closed.number} of {checkin.title!r} with {closed.people} answers, "
            "fewer than its minimum: it has no results, and its answers were dropped."
        )
    else:
        print(
            f"Closed round {closed.number} of {checkin.title!r}: {closed.people} answered. "
            f"See `leadcards checkin results {checkin.id}`."
        )


def _list(journal: Journal, args: argparse.Namespace) -> int:
    for checkin in ledger.checkins(journal):
        state = "open" if checkin.is_open else "closed"
        if args.json:
            print(json.dumps(_listing(checkin), ensure_ascii=False))
            continue
        when = limits.local(checkin.created).strftime("%Y-%m-%d")
        print(
            f"{checkin.id}  {when}  {checkin.invitation.deck_id:<30}  round "
            f"{checkin.current.number} {state:<6} {checkin.current.people:>4}  {checkin.title}"
        )
    return 0


def _listing(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.id,
        "title": checkin.title,
        "deck": checkin.invitation.deck_id,
        "space": checkin.invitation.space,
        "created": checkin.created.isoformat(),
        "min_group": checkin.invitation.min_group,
        "rounds": [
            {
                "number": r.number,
                "opened": r.opened.isoformat(),
                "closed": r.closed.isoformat() if r.closed else None,
                "people": r.people,
                "results": r.results is not None,
            }
            for r in checkin.rounds
        ],
    }


def _results(checkin: CheckIn, args: argparse.Namespace) -> int:
    found, results = service.round_results(checkin, args.round)
    if args.json:
        print(json.dumps(results_json(checkin, found, results), ensure_ascii=False, indent=2))
        return 0
    titles = {card.card_id: card.title for card in checkin.invitation.cards}
    texts = {i.indicator_id: i.text for c in checkin.invitation.cards for i in c.indicators}
    closed = limits.local(found.closed).strftime("%d %B %Y") if found.closed else ""
    print(f"{checkin.title}: round {found.number}, closed {closed}; {results.people} answered.")
    print(ANONYMITY)
    if results.spreads:
        print("\nPositions (-5 to +5): median, middle half, and how many chose each position")
        for spread in results.spreads:
            low, high = spread.middle_half
            counts = " ".join(str(n) for n in spread.counts)
            print(
                f"  {titles[spread.card_id]:<34} median {spread.median:+g}, middle half "
                f"{low:+g} to {high:+g}  [{counts}]"
            )
    print("\nIndicators seen in place (share of the team)")
    for card in checkin.invitation.cards:
        print(f"  {card.title}: {results.in_place.get(card.card_id, 0):.0%} in place overall")
        for indicator in card.indicators:
            mark = {"positive": "+", "negative": "-"}.get(indicator.polarity, " ")
            share = results.shares.get(indicator.indicator_id, 0.0)
            print(f"    {share:>4.0%} {mark} {indicator.text}")
    unplaced = too_few_words(
        [titles.get(c, c) for c in results.too_few], checkin.invitation.min_group
    )
    if unplaced:
        print(f"  {unplaced}")
    named = titles if results.spreads else texts
    for heading, ids in (("Agrees most", results.agree), ("Differs most", results.differ)):
        if ids:
            print(f"\n{heading}: " + "; ".join(named.get(i, i) for i in ids))
    return 0


def results_json(checkin: CheckIn, found: Round, results: Results) -> dict[str, Any]:
    """A closed round's results as the ``--json`` output gives them (aggregates only)."""
    return {
        "checkin": checkin.id,
        "title": checkin.title,
        "deck": checkin.invitation.deck_id,
        "space": checkin.invitation.space,
        "round": found.number,
        "closed": found.closed.isoformat() if found.closed else None,
        "people": results.people,
        "positions": [
            {
                "card": s.card_id,
                "answers": s.answers,
                "median": s.median,
                "middle_half": list(s.middle_half),
                "counts": dict(zip(range(-5, 6), s.counts, strict=True)),
            }
            for s in results.spreads
        ],
        "in_place": dict(results.in_place),
        "indicators": [
            {
                "card": card.card_id,
                "indicator": i.indicator_id,
                "polarity": i.polarity,
                "share": results.shares.get(i.indicator_id, 0.0),
            }
            for card in checkin.invitation.cards
            for i in card.indicators
        ],
        "agree": list(results.agree),
        "differ": list(results.differ),
        "too_few_placed": list(results.too_few),
    }
