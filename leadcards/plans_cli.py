"""``leadcards plans ...``: list, check and export session plans (``docs/plan-format.md``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from leadcards import paths
from leadcards.fileio import Keep, shown, write_json_document
from leadcards.library import load_library
from leadcards.plans import PlanError, PlanLibrary, load_plan_file, load_plans, plan_json

EXIT_OK, EXIT_USAGE = 0, 2
ErrorFactory = Callable[[str], Exception]


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    plans = commands.add_parser(
        "plans",
        parents=[common],
        help="list, check and export session plans",
        description="Lists the session plans (id, who for, minutes, title) with no further "
        "command. Your own plans go in the data folder's plans folder.",
    )
    actions = plans.add_subparsers(
        dest="plans_command", metavar="ACTION", parser_class=type(common)
    )
    validate = actions.add_parser(
        "validate", parents=[common], help="check a plan file and list every problem in it"
    )
    validate.add_argument("file", type=Path, metavar="FILE")
    export = actions.add_parser(
        "export", parents=[common], help="write a plan file (to start your own from it)"
    )
    export.add_argument("plan_id", metavar="ID", help="the plan's id, as `leadcards plans` lists")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="(standard output)")


def run(
    args: argparse.Namespace, resolved: paths.Paths, keep: Keep, user_error: ErrorFactory
) -> int:
    decks = load_library(resolved.decks_dir).decks
    if args.plans_command == "validate":
        try:
            plan = load_plan_file(args.file, {deck.id: deck for deck in decks})
        except PlanError as exc:
            print(exc.describe(), file=sys.stderr)
            return EXIT_USAGE
        print(f'{args.file}: valid plan "{plan.title}" (id {plan.id}): {len(plan.steps)} steps')
        return EXIT_OK
    library = load_plans(resolved.plans_dir, decks)
    for problem in library.problems:
        print(f"leadcards: skipped {problem.summary()}", file=sys.stderr)
    if args.plans_command == "export":
        return _export(library, args.plan_id, args.output, keep, user_error)
    rows = [(p.id, p.audience, f"{p.minutes} min", p.title) for p in library.plans]
    width = max(len("ID"), *(len(r[0]) for r in rows))
    print(f"{'ID':<{width}}  {'FOR':<10}  {'LENGTH':>7}  TITLE")
    for plan_id, audience, minutes, title in rows:
        print(f"{plan_id:<{width}}  {audience:<10}  {minutes:>7}  {title}")
    return EXIT_OK


def _export(
    library: PlanLibrary, plan_id: str, output: Path | None, keep: Keep, user_error: ErrorFactory
) -> int:
    try:
        plan = library.plan(plan_id)
    except KeyError:
        known = ", ".join(library.ids())
        raise user_error(f'no plan has the id "{plan_id}" (known: {known})') from None
    target = "-" if output is None else output
    if write_json_document(target, plan_json(plan), keep):
        print(f"Wrote {plan.title} ({len(plan.steps)} steps) to {shown(target)}", file=sys.stderr)
    return EXIT_OK
