"""``python -m bench.checkin``: team check-ins, each figure against its target.

(a) 1,000 response files (written beforehand, not timed) added to a fresh journal with the
check-in service, the round closed, and its results shown and painted once (off screen, a
1280x900 view). The baseline reads and parses the same files with the standard library
alone, in its own interpreter (it imports nothing of LeadCards). (b) 50 check-ins of 30
people each, one closed round apiece, in the trend view: made, shown and painted once.
Medians of several runs, with min and max, as ``make bench`` reports them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import Figure, _application, report

_BASELINE = """
import json, os, sys, time
folder = sys.argv[1]
began = time.perf_counter()
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        json.loads(handle.read().decode("utf-8"))
print(time.perf_counter() - began)
"""

PEOPLE = 1_000
CHECKINS, TEAM = 50, 30


def _answers(invitation, people: int, seed: int):  # type: ignore[no-untyped-def]
    """``people`` answers spread over the scale, about half of the indicators ticked."""
    from leadcards.checkin.results import Answer

    chance = random.Random(seed)
    indicators = [i.indicator_id for card in invitation.cards for i in card.indicators]
    return [
        Answer(
            frozenset(i for i in indicators if chance.random() < 0.5),
            {c.card_id: chance.randint(-5, 5) for c in invitation.cards}
            if invitation.scaled
            else {},
        )
        for _ in range(people)
    ]


def adding_responses(runs: int) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from leadcards.checkin import ledger, service
    from leadcards.checkin.files import response_json
    from leadcards.journal.store import Journal
    from leadcards.library import builtin_decks
    from leadcards.ui.checkin_results import ResultsView

    _application()
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    whole = Figure("1,000 response files: add, close, results shown", "< 2 s", unit="s", limit=2.0)
    baseline = Figure("baseline: read and parse 1,000 files (stdlib)", "-", unit="s")
    baseline.status = "baseline"
    parts: dict[str, list[float]] = {
        "add_s": [],
        "close_s": [],
        "view_s": [],
        "audience_view_1080p_s": [],  # the same results large, for the room (not in the sum)
    }
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        invitation = service.new_invitation(deck, title="Bench pulse")
        responses = base / "responses"
        responses.mkdir()
        for number, answer in enumerate(_answers(invitation, PEOPLE, seed=1)):
            (responses / f"{number:04d}.json").write_bytes(
                response_json(invitation.checkin_id, answer)
            )
        for run in range(runs):
            with Journal.open(base / f"j{run}.sqlite3") as journal:
                checkin = service.start(journal, invitation)
                began = time.perf_counter()
                added = service.add_response_files(journal, checkin, [responses])
                counted = time.perf_counter()
                ledger.close_round(journal, checkin.id)
                kept = ledger.checkin(journal, checkin.id)
                round_, found = service.round_results(kept)
                closed = time.perf_counter()
                view = ResultsView(kept, round_, found)
                view.resize(1280, 900)
                view.show()
                QApplication.processEvents()
                view.repaint()
                done = time.perf_counter()
                if added.counted != PEOPLE or found.people != PEOPLE:
                    raise RuntimeError(f"{added.describe()}; the results have {found.people}")
                whole.samples.append(done - began)
                parts["add_s"].append(counted - began)
                parts["close_s"].append(closed - counted)
                parts["view_s"].append(done - closed)
                view.close()
                view.deleteLater()
                began = time.perf_counter()
                large = ResultsView(kept, round_, found, large=True)
                large.resize(1920, 1080)
                large.show()
                QApplication.processEvents()
                large.repaint()
                parts["audience_view_1080p_s"].append(time.perf_counter() - began)
                large.close()
                large.deleteLater()
                QApplication.processEvents()
            out = subprocess.run(
                [sys.executable, "-c", _BASELINE, str(responses)],
                capture_output=True, text=True, check=True, timeout=120,
            ).stdout  # fmt: skip
            baseline.samples.append(float(out))
    whole.detail = parts
    return [whole, baseline]


def trend_of_many(runs: int) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from leadcards.checkin.files import invitation_for
    from leadcards.checkin.ledger import CheckIn, Round, cards_asked
    from leadcards.checkin.results import results
    from leadcards.library import builtin_decks
    from leadcards.ui.checkin_trend import TrendView

    _application()
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    checkins = []
    for number in range(CHECKINS):
        invitation = invitation_for(deck, title=f"Team pulse {number + 1}")
        opened = start + dt.timedelta(days=7 * number)
        found = results(
            _answers(invitation, TEAM, seed=number),
            cards_asked(invitation),
            minimum=invitation.min_group,
        )
        closed = Round(1, opened, opened + dt.timedelta(days=2), TEAM, found)
        checkins.append(CheckIn(invitation, opened, (closed,)))
    figure = Figure("trend view, 50 check-ins of 30 people", "< 300 ms", unit="ms", limit=300)
    one = Figure("trend view, then one card large", "-", unit="ms")
    one.status = "no target"
    for _ in range(max(runs, 5)):
        began = time.perf_counter()
        view = TrendView(checkins)
        view.resize(1280, 900)
        view.show()
        QApplication.processEvents()
        view.repaint()
        painted = time.perf_counter()
        view.picker.setCurrentIndex(6)
        view.repaint()
        single = time.perf_counter()
        figure.samples.append((painted - began) * 1000)
        one.samples.append((single - painted) * 1000)
        view.close()
        view.deleteLater()
        QApplication.processEvents()
    return [figure, one]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    return report([*adding_responses(args.runs), *trend_of_many(args.runs)])


if __name__ == "__main__":
    sys.exit(main())
