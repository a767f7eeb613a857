"""Team check-ins kept in a journal: answers without a trail, each response counted once,
rounds whose results never change after closing, and files refused in words."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadcards.checkin import ledger, service
from leadcards.checkin.files import answer_text, invitation_json, response_json
from leadcards.checkin.ledger import CheckInError
from leadcards.checkin.results import Answer, results
from leadcards.fileio import NOTHING_KEPT
from leadcards.journal import backup
from leadcards.journal.engine import sqlite3
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks

BEHAVIOURS = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
TRACE = next(d for d in builtin_decks() if d.id != "system-leadership-behaviours")


@pytest.fixture
def journal(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Journal.open(tmp_path / "j.sqlite3") as opened:
        yield opened


def _answers(count: int, seed: int = 1) -> list[Answer]:
    rng = random.Random(seed)
    return [
        Answer(
            frozenset(i for i in ("trust.p1", "trust.n1", "mindset.p1") if rng.random() < 0.5),
            {"trust": rng.randint(-5, 5), "mindset": rng.randint(-5, 5)},
        )
        for _ in range(count)
    ]


def _behaviours_checkin(journal: Journal, **options: object) -> ledger.CheckIn:
    invitation = service.new_invitation(
        BEHAVIOURS,
        ["trust", "mindset"],
        title="Ward 7, March",
        **options,  # type: ignore[arg-type]
    )
    return service.start(journal, invitation)


def test_a_closed_round_keeps_the_results_of_its_answers_and_drops_the_answers(
    journal: Journal, tmp_path: Path
) -> None:
    checkin = _behaviours_checkin(journal)
    answers = _answers(7)
    for answer in answers:
        ledger.add_answer(journal, checkin.id, answer)
    assert ledger.checkin(journal, checkin.id).current.people == 7
    marker = answer_text(answers[0]).encode()
    assert marker in (tmp_path / "j.sqlite3").read_bytes()  # written to the file itself
    closed = ledger.close_round(journal, checkin.id)
    assert closed.results == results(answers, ledger.cards_asked(checkin.invitation), minimum=5)
    assert journal.query("SELECT count(*) FROM checkin_answers") == [(0,)]
    for name in ("j.sqlite3", "j.sqlite3-wal"):  # with the journal still open
        path = tmp_path / name
        assert not path.exists() or marker not in path.read_bytes(), name


def test_a_closed_round_never_changes_and_reopening_starts_an_empty_round(
    journal: Journal,
) -> None:
    checkin = _behaviours_checkin(journal)
    for answer in _answers(5):
        ledger.add_answer(journal, checkin.id, answer)
    first = ledger.close_round(journal, checkin.id)
    with pytest.raises(CheckInError, match="closed"):
        ledger.add_answer(journal, checkin.id, _answers(1)[0])
    with pytest.raises(sqlite3.IntegrityError, match="never changes"), journal.transaction() as db:
        db.execute("UPDATE checkin_rounds SET people = 99")
    second = ledger.reopen(journal, checkin.id)
    assert (second.number, second.people, second.is_open) == (2, 0, True)
    ledger.add_answer(journal, checkin.id, Answer(frozenset(), {"trust": 5}))
    again = ledger.checkin(journal, checkin.id)
    assert again.round(1) == first and again.round(None) == first  # newest closed
    assert again.current.people == 1


def test_below_the_minimum_there_are_no_results_unless_closed_without_them(
    journal: Journal,
) -> None:
    checkin = _behaviours_checkin(journal, min_group=4)
    for answer in _answers(3):
        ledger.add_answer(journal, checkin.id, answer)
    with pytest.raises(CheckInError, match="3 of the minimum 4"):
        ledger.close_round(journal, checkin.id)
    assert ledger.checkin(journal, checkin.id).is_open
    closed = ledger.close_round(journal, checkin.id, below_minimum=True)
    assert (closed.people, closed.results) == (3, None)
    with pytest.raises(CheckInError, match="no results"):
        service.round_results(ledger.checkin(journal, checkin.id))


def test_the_minimum_group_is_never_below_three() -> None:
    with pytest.raises(CheckInError, match="at least 3"):
        service.new_invitation(BEHAVIOURS, title="Too small", min_group=2)
    assert service.new_invitation(BEHAVIOURS, title="Default").min_group == 5


def test_answers_are_kept_without_names_times_or_order(journal: Journal, tmp_path: Path) -> None:
    columns = [row[1] for row in journal.query("PRAGMA table_info(checkin_answers)")]
    assert columns == ["checkin_id", "key", "answer"]
    sql = journal.query("SELECT sql FROM sqlite_master WHERE name = 'checkin_answers'")[0][0]
    assert "WITHOUT ROWID" in sql  # no rowid that would count up in the order of answers
    counted = [row[1] for row in journal.query("PRAGMA table_info(checkin_counted)")]
    assert counted == ["checkin_id", "hash", "round"]
    checkin = _behaviours_checkin(journal)
    given = [Answer(frozenset(), {"trust": n - 5, "mindset": 5 - n}) for n in range(11)]
    wal = tmp_path / "j.sqlite3-wal"
    for answer in given:
        ledger.add_answer(journal, checkin.id, answer)
        # the log keeps no copy of the answers as they stood after each one
        assert not wal.exists() or wal.stat().st_size == 0
    # SQLite lays rows out in a page in the order they are written: where each answer
    # sits in the file must say nothing of the order they came in.
    data = (tmp_path / "j.sqlite3").read_bytes()
    places = [data.find(answer_text(answer).encode()) for answer in given]
    assert all(place >= 0 for place in places)
    arrival = sorted(range(len(given)), key=places.__getitem__)
    assert arrival not in (list(range(11)), list(range(10, -1, -1)))  # 2 in 11! by chance


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=5, max_size=12))
def test_results_are_the_same_whatever_order_people_answer_in(
    tmp_path: Path, positions: list[tuple[int, int]]
) -> None:
    answers = [Answer(frozenset(), {"trust": a, "mindset": b}) for a, b in positions]
    found = []
    for order, folder in ((answers, "a"), (answers[::-1], "b")):
        path = tmp_path / folder / "j.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        with Journal.open(path) as journal:
            checkin = _behaviours_checkin(journal)
            for answer in order:
                ledger.add_answer(journal, checkin.id, answer)
            found.append(ledger.close_round(journal, checkin.id).results)
    assert found[0] == found[1]


def test_a_response_is_counted_once_however_often_it_is_added(
    journal: Journal, tmp_path: Path
) -> None:
    checkin = _behaviours_checkin(journal)
    folder = tmp_path / "responses"
    folder.mkdir()
    for n, answer in enumerate(_answers(6)):
        (folder / f"r{n}.json").write_bytes(response_json(checkin.id, answer))
    (folder / ".hidden.json").write_text("not read")
    added = service.add_response_files(journal, checkin, [folder, folder / "r0.json"])
    assert (added.counted, added.again, added.refused, added.people) == (6, 1, (), 6)
    again = service.add_response_files(journal, ledger.checkin(journal, checkin.id), [folder])
    assert (again.counted, again.again, again.people) == (0, 6, 6)
    ledger.close_round(journal, checkin.id)
    ledger.reopen(journal, checkin.id)
    later = service.add_response_files(journal, ledger.checkin(journal, checkin.id), [folder])
    assert (later.counted, later.again, later.people) == (0, 6, 0)  # counted in round 1


def test_responses_that_cannot_be_used_are_refused_in_words_and_change_nothing(
    journal: Journal, tmp_path: Path
) -> None:
    checkin = _behaviours_checkin(journal)
    other = _behaviours_checkin(journal)
    good = tmp_path / "good.json"
    good.write_bytes(response_json(checkin.id, _answers(1)[0]))
    elsewhere = tmp_path / "other.json"
    elsewhere.write_bytes(response_json(other.id, _answers(1)[0]))
    edited = tmp_path / "edited.json"
    body = json.loads(response_json(checkin.id, _answers(1)[0]))
    body["positions"]["trust"] = -body["positions"]["trust"] or 1
    edited.write_text(json.dumps(body))
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": ')
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (300 * 1024))
    missing = tmp_path / "missing.json"
    before = journal.query("SELECT count(*) FROM checkin_answers")
    added = service.add_response_files(
        journal, checkin, [elsewhere, edited, broken, huge, missing, tmp_path / "nothing"]
    )
    assert added.counted == 0 and journal.query("SELECT count(*) FROM checkin_answers") == before
    why = dict(added.refused)
    assert "another check-in's" in why[str(elsewhere)]
    assert "does not match the answers" in why[str(edited)]
    assert "JSON" in why[str(broken)] or "json" in why[str(broken)].lower()
    assert "large" in why[str(huge)]
    assert len(why) == 6
    assert service.add_response_files(journal, checkin, [good]).counted == 1


def test_a_check_in_is_found_by_id_or_title_and_a_shared_title_is_refused_with_the_list(
    journal: Journal,
) -> None:
    with pytest.raises(CheckInError, match="no check-in yet"):
        ledger.find(journal, "Ward 7")
    first = _behaviours_checkin(journal)
    assert ledger.find(journal, "ward 7, march").id == first.id
    assert ledger.find(journal, "  Ward  7,   March ").id == first.id  # spaced as typed
    assert ledger.find(journal, first.id.upper()).id == first.id
    second = _behaviours_checkin(journal)
    with pytest.raises(CheckInError) as caught:
        ledger.find(journal, "Ward 7, March")
    assert first.id in str(caught.value) and second.id in str(caught.value)
    with pytest.raises(CheckInError, match="no check-in in this journal"):
        ledger.find(journal, "Ward 8")


def test_a_trace_check_in_is_about_the_team_by_default_and_asks_no_positions(
    journal: Journal,
) -> None:
    invitation = service.new_invitation(TRACE, title="Leadership team")
    assert invitation.space == "team" and not invitation.scaled
    assert len(invitation.cards) == len(TRACE.cards)
    checkin = service.start(journal, invitation)
    with pytest.raises(CheckInError, match="asks for no positions"):
        ledger.add_answer(journal, checkin.id, Answer(frozenset(), {"task": 1}))
    with pytest.raises(CheckInError) as caught:
        service.new_invitation(TRACE, ["nope", "task", "task"], title=" ", space="family")
    for part in ("no card 'nope'", "named twice", "no space 'family'", "needs a title"):
        assert part in str(caught.value)


def test_a_backup_keeps_no_answer_of_a_round_still_collecting(
    journal: Journal, tmp_path: Path
) -> None:
    """Backups are kept for months: two taken as answers came in would show which answers
    came between them. A round restored is empty, and its responses can be added again."""
    checkin = _behaviours_checkin(journal)
    for answer in _answers(5):
        ledger.add_answer(journal, checkin.id, answer)
    ledger.close_round(journal, checkin.id)
    ledger.reopen(journal, checkin.id)
    late = Answer(frozenset({"trust.n1"}), {"trust": -4, "mindset": 4})
    ledger.add_answer(journal, checkin.id, late)
    response = tmp_path / "r.json"
    response.write_bytes(response_json(checkin.id, _answers(1, seed=9)[0]))
    assert service.add_response_files(journal, ledger.checkin(journal, checkin.id), [response])
    made = journal.backup(tmp_path / "backups")
    assert answer_text(late).encode() not in made.read_bytes()
    backup.check_backup(made)
    journal.restore_from(made, safety_dir=tmp_path / "safety")
    restored = ledger.checkin(journal, checkin.id)
    assert restored.round(1).results is not None  # closed rounds are kept whole
    assert (restored.current.number, restored.current.people) == (2, 0)
    again = service.add_response_files(journal, restored, [response])
    assert again.counted == 1  # not refused as counted before


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ("UPDATE checkins SET title = 'Other'", "its id or title is not its invitation's"),
        ("DELETE FROM checkin_rounds", "not numbered"),
        ("UPDATE checkin_rounds SET people = 'many' WHERE number = 1", "how many answered"),
        ("UPDATE checkin_rounds SET people = 2 WHERE number = 1", "the round had"),
        (
            "UPDATE checkin_rounds SET results = replace(results, '\"trust\"', '\"nope\"')"
            " WHERE number = 1",
            "a card not asked",
        ),
        ("UPDATE checkin_rounds SET results = '[[[[' WHERE number = 1", "cannot be read"),
        (
            'UPDATE checkin_answers SET answer = \'{"ticks":["x"],"positions":{}}\'',
            "not one it asks for",
        ),
        ("UPDATE checkin_counted SET round = 7", "hash and round"),
    ],
)
def test_a_backup_with_a_damaged_check_in_is_refused_with_the_journal_unchanged(
    journal: Journal, tmp_path: Path, damage: str, problem: str
) -> None:
    checkin = _behaviours_checkin(journal)
    response = tmp_path / "r.json"
    response.write_bytes(response_json(checkin.id, _answers(1)[0]))
    service.add_response_files(journal, checkin, [response])  # counted in round 1
    for answer in _answers(4):
        ledger.add_answer(journal, checkin.id, answer)
    ledger.close_round(journal, checkin.id)
    ledger.reopen(journal, checkin.id)
    made = journal.backup(tmp_path / "backups")
    backup.check_backup(made)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(made.read_bytes())
    db = sqlite3.connect(damaged)
    kept = "SELECT sql FROM sqlite_master WHERE name = 'checkin_rounds_kept'"
    (trigger,) = db.execute(kept).fetchone()
    db.execute("DROP TRIGGER checkin_rounds_kept")  # damage a closed round, as a disk might
    answer = answer_text(_answers(1)[0])  # an answer in the open round, as LeadCards keeps it
    db.execute("INSERT INTO checkin_answers VALUES (1, 'k', ?)", (answer,))
    db.execute(damage)
    db.execute(trigger)
    db.commit()
    db.close()
    before = ledger.checkins(journal)
    with pytest.raises(backup.BackupError, match="team check-in") as caught:
        journal.restore_from(damaged, safety_dir=tmp_path / "safety")
    assert problem in str(caught.value)
    assert ledger.checkins(journal) == before


def test_one_unreadable_check_in_is_named_and_the_others_still_read(journal: Journal) -> None:
    first = _behaviours_checkin(journal)
    second = service.start(journal, service.new_invitation(TRACE, title="Board"))
    with journal.transaction() as db:
        db.execute("UPDATE checkins SET invitation = '{}' WHERE uuid = ?", (first.id,))
    found, problems = ledger.read_all(journal)
    assert [c.id for c in found] == [second.id]
    (problem,) = problems
    assert problem.startswith("'Ward 7, March' cannot be read")


def test_an_invitation_saved_is_the_one_kept(journal: Journal, tmp_path: Path) -> None:
    checkin = _behaviours_checkin(journal)
    target = tmp_path / "invite.json"
    service.save_invitation(checkin.invitation, target, NOTHING_KEPT)
    assert target.read_bytes() == invitation_json(checkin.invitation)
    assert service.open_invitation(target, "invite.json") == checkin.invitation
