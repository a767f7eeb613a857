"""A round's aggregated results as CSV, for a leadership programme that analyses many teams
in a spreadsheet or a database. The layout is versioned and documented in
``docs/checkin-csv.md``; it holds only aggregated figures, never one person's answers.
"""

from __future__ import annotations

import csv
import io

from leadcards.checkin.files import Invitation
from leadcards.checkin.results import Results
from leadcards.journal.model import SCALE

CSV_FORMAT = "leadcards-checkin-results/1"
_LOW, _HIGH = SCALE
COLUMNS = (
    "format",
    "checkin",
    "title",
    "round",
    "deck",
    "space",
    "people",
    "kind",
    "card",
    "indicator",
    "polarity",
    "answers",
    "median",
    "lower_quartile",
    "upper_quartile",
    *(f"at_{n}".replace("-", "minus_") for n in range(_LOW, _HIGH + 1)),
    "share",
)


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text: one that would begin a formula (``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, as spreadsheets
    themselves mark typed text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(invitation: Invitation, round_number: int, found: Results) -> str:
    """One row per card with positions (kind ``position``) and one per indicator (kind
    ``indicator``), each with the check-in's columns repeated, so files from many teams and
    rounds can be read as one table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    common = [
        CSV_FORMAT,
        invitation.checkin_id,
        spreadsheet_safe(invitation.title),
        round_number,
        invitation.deck_id,
        invitation.space or "",
        found.people,
    ]
    blank_counts = [""] * (_HIGH - _LOW + 1)
    for spread in found.spreads:
        low, high = spread.middle_half
        writer.writerow(
            [
                *common,
                "position",
                spread.card_id,
                "",
                "",
                spread.answers,
                spread.median,
                low,
                high,
                *spread.counts,
                "",
            ]
        )
    for card in invitation.cards:
        for indicator in card.indicators:
            share = found.shares.get(indicator.indicator_id)
            if share is None:
                continue
            writer.writerow(
                [
                    *common,
                    "indicator",
                    card.card_id,
                    indicator.indicator_id,
                    indicator.polarity,
                    found.people,
                    "",
                    "",
                    "",
                    *blank_counts,
                    round(share, 6),
                ]
            )
    return out.getvalue()
