"""Looking back: what was written and promised a week, a month, three months and a year ago,
and how the temperature on those cards has moved since."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from leadcards import commitments as c
from leadcards.journal.store import Journal
from leadcards.look_back import look_back

UTC = dt.UTC
TODAY = dt.date(2026, 11, 30)


def _at(days_back: int, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_back), dt.time(hour), UTC)


def test_each_period_holds_what_was_written_and_promised_then(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        deck = "system-leadership-behaviours"
        journal.add_entry("a week ago", deck_id=deck, card_id="trust", when=_at(8))
        journal.add_entry("too recent", deck_id=deck, card_id="trust", when=_at(3))
        journal.add_entry("a month ago", when=_at(28))
        journal.add_entry("a year ago", deck_id=deck, card_id="mindset", when=_at(370))
        journal.add_check(deck, "trust", -2, when=_at(9))
        journal.add_check(deck, "trust", 1, when=_at(1))
        journal.add_check(deck, "mindset", 3, when=_at(2))  # none before a year ago
        promised = c.Commitment(
            uuid="6c5f0f0e-8d52-4b8f-9a31-0f0f0f0f0f0f",
            text="I will listen first",
            created=_at(92),
            updated=_at(92),
            deck_id=deck,
            card_ids=("trust",),
        )
        c.merge(journal, [promised])
        week, month, quarter, year = look_back(journal, TODAY, UTC)
        assert [e.text for e in week.entries] == ["a week ago"]
        assert week.first == TODAY - dt.timedelta(days=8) and week.last == TODAY - dt.timedelta(6)
        (moved,) = week.movements
        assert (moved.card_id, moved.then, moved.now, moved.change) == ("trust", -2, 1, 3)
        assert [e.text for e in month.entries] == ["a month ago"] and not month.movements
        assert [p.text for p in quarter.commitments] == ["I will listen first"]
        assert quarter.entries == () and not quarter.empty
        assert [e.text for e in year.entries] == ["a year ago"] and year.movements == ()


def test_an_empty_journal_looks_back_on_nothing(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        assert all(period.empty for period in look_back(journal, TODAY, UTC))


def test_a_period_in_summer_starts_at_local_midnight_of_summer(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    from leadcards.look_back import _midnight

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        summer = _midnight(dt.date(2026, 8, 6), None)
        winter = _midnight(dt.date(2026, 11, 10), None)
        assert summer.utcoffset() == dt.timedelta(hours=1)  # BST, not today's GMT
        assert winter.utcoffset() == dt.timedelta(0)
        assert summer.astimezone(UTC).hour == 23  # 5 Aug 23:00 UTC
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
