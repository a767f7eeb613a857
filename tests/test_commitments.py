"""Commitments kept in a journal: "I will …" with a due date and the cards it came from, how
it went, follow-through by card, and plan runs; refused in words when wrong, and checked in
a backup before it is restored."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from leadcards import commitments as c
from leadcards.commitments import CommitmentError
from leadcards.journal import backup
from leadcards.journal.engine import sqlite3
from leadcards.journal.model import JournalError
from leadcards.journal.store import Journal
from tests.hostile import User

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def journal(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Journal.open(tmp_path / "j.sqlite3") as opened:
        yield opened


def test_a_commitment_is_open_until_a_follow_up_says_done(journal: Journal) -> None:
    made = c.add_commitment(
        journal,
        "  I will ask the team what they need from me  ",
        due=TODAY,
        deck_id="system-leadership-behaviours",
        card_ids=["trust", "trust", "vision-shared-direction"],
        indicator_ids=["trust.p1"],
    )
    assert made.text == "I will ask the team what they need from me"
    assert made.card_ids == ("trust", "vision-shared-direction") and not made.done
    assert made.is_due(TODAY) and not made.is_due(TODAY - dt.timedelta(days=1))
    partly = c.follow_up(journal, made.uuid[:8], "partly", "Asked two of five")
    assert not partly.done and partly.last is not None and partly.last.text == "Asked two of five"
    assert c.due_commitments(journal, TODAY) == [partly]
    done = c.follow_up(journal, made.uuid, "done")
    assert done.done and [f.how for f in done.follow_ups] == ["partly", "done"]
    assert c.due_commitments(journal, TODAY) == [] and c.open_commitments(journal) == []


def test_follow_through_counts_by_card(journal: Journal) -> None:
    for how in ("done", "done", "partly", None):
        made = c.add_commitment(journal, "I will", card_ids=["trust"])
        if how:
            c.follow_up(journal, made.uuid, how)
    c.add_commitment(journal, "I will", card_ids=["mindset"])
    (trust, mindset) = c.follow_through(journal)
    assert (trust.card_id, trust.made, trust.done, trust.partly, trust.unasked) == (
        "trust",
        4,
        2,
        1,
        1,
    )
    assert (mindset.made, mindset.unasked) == (1, 1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda j: c.add_commitment(j, "   "), "needs its words"),
        (lambda j: c.add_commitment(j, "x" * 2001), "at most 2,000"),
        (lambda j: c.add_commitment(j, "a\x00b"), "NUL"),
        (lambda j: c.add_commitment(j, "x", card_ids=["Not An Id"]), "card"),
        (lambda j: c.add_commitment(j, "x", due=dt.date(3001, 1, 1)), "due date"),
        (lambda j: c.follow_up(j, "abc", "done"), "at least 6 characters"),
        (lambda j: c.follow_up(j, "abcdef12", "done"), "no commitment"),
    ],
)
def test_mistakes_are_refused_in_words_and_change_nothing(
    journal: Journal, call, message: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(JournalError, match=message):  # CommitmentError is a JournalError
        call(journal)
    assert c.commitments(journal) == []


def test_how_it_went_is_one_of_three_and_the_schema_agrees(journal: Journal) -> None:
    made = c.add_commitment(journal, "I will")
    with pytest.raises(CommitmentError, match="done, partly, not-yet"):
        c.follow_up(journal, made.uuid, "maybe")
    for how in c.HOWS:
        c.follow_up(journal, made.uuid, how)
    with pytest.raises(sqlite3.IntegrityError), journal.transaction() as db:
        db.execute("UPDATE follow_ups SET how = 'maybe'")
    with pytest.raises(sqlite3.IntegrityError), journal.transaction() as db:
        db.execute("UPDATE commitments SET due = 'soon'")


def test_a_plan_run_keeps_where_it_is(journal: Journal) -> None:
    started = c.start_run(journal, "ten-minutes-with-one-card", "Ten minutes", "trace")
    assert started.step == 0 and started.finished is None
    assert c.set_step(journal, started.uuid, 3).step == 3
    finished = c.set_step(journal, started.uuid, 4, finished=True)
    assert finished.finished is not None and c.runs(journal) == [finished]


def test_a_backup_with_a_damaged_commitment_is_refused(journal: Journal, tmp_path: Path) -> None:
    made = c.add_commitment(journal, "I will", card_ids=["trust"], due=TODAY)
    c.follow_up(journal, made.uuid, "partly", "half")
    c.start_run(journal, "one-to-one-coaching", "One-to-one", None)
    good = journal.backup(tmp_path / "backups")
    backup.check_backup(good)
    for damage, problem in (
        ("UPDATE commitments SET text = ' padded '", "its words"),
        ("UPDATE commitment_cards SET card_id = 'Bad Id'", "card id"),
        ("UPDATE follow_ups SET taken_utc = 'yesterday'", "follow-up was taken"),
        ("UPDATE commitments SET due = '2026-02-31'", "day is out of range"),
        ("UPDATE plan_runs SET plan_title = ''", "plan's title"),
        ("UPDATE plan_runs SET step = 'abc'", "its step"),
        ("UPDATE plan_runs SET step = 5000", "its step"),
        ("UPDATE plan_runs SET deck_id = 'Not An Id!'", "deck id"),
        ("UPDATE commitments SET text = replace(hex(zeroblob(1100)), '0', 'ab')", "its words"),
        ("UPDATE commitments SET run_uuid = 'not-a-uuid'", "uuid"),
    ):
        damaged = tmp_path / "damaged.sqlite3"
        damaged.write_bytes(good.read_bytes())
        db = sqlite3.connect(damaged)
        db.execute(damage)
        db.commit()
        db.close()
        with pytest.raises(backup.BackupError) as caught:
            backup.check_backup(damaged)
        assert problem in str(caught.value), (damage, str(caught.value))


def test_the_command_line_adds_lists_and_follows_up(tmp_path: Path) -> None:
    user = User(tmp_path, tmp_path / "data", tmp_path / "home")
    added = user.run(
        "commitments",
        "add",
        "--card",
        "trust",
        "--text",
        "I will listen first",
        "--due",
        "2026-01-05",
    )
    assert added.code == 0, added.err
    made = added.text.strip()
    piped = user.run("commitments", "add", "--card", "trace/task", stdin=b"I will write it down\n")
    assert piped.code == 0, piped.err
    listed = [json.loads(line) for line in user.run("commitments", "--json").text.splitlines()]
    assert [(r["text"], r["due"]) for r in listed] == [
        ("I will listen first", "2026-01-05"),
        ("I will write it down", None),
    ]
    due = user.run("commitments", "--due").text
    assert "I will listen first" in due and "write it down" not in due
    done = user.run("commitments", "done", made[:8], "--how", "not-yet", "--text", "next week")
    assert done.code == 0, done.err
    row = json.loads(user.run("commitments", "--json").text.splitlines()[0])
    assert row["follow_ups"][0]["how"] == "not-yet" and not row["done"]
    assert user.run("commitments", "done", made).code == 0
    assert "I will listen first" not in user.run("commitments").text
    assert "I will listen first" in user.run("commitments", "--all").text
    for argv, message in (
        (("commitments", "add", "--text", "x", "--due", "2026-13-01"), "is not a date"),
        (("commitments", "add", "--card", "nope", "--text", "x"), 'no card has the id "nope"'),
        (("commitments", "done", "zzzzzzzz"), "no commitment in this journal"),
        (("commitments", "add", "--card", "trust", "--card", "task", "--text", "x"), "one deck"),
    ):
        result = user.run(*argv)
        assert result.code == 2 and message in result.err and "Traceback" not in result.err


def test_commitments_export_with_the_journal_and_import_back_once(tmp_path: Path) -> None:
    from leadcards.journal.exchange import export_json, export_markdown, parse_json_export
    from leadcards.journal.service import JournalService
    from leadcards.library import builtin_decks
    from leadcards.paths import resolve

    service = JournalService(resolve(tmp_path / "data"))
    with Journal.open(tmp_path / "a.sqlite3") as first:
        made = c.add_commitment(
            first, "I will ask\nthen listen", due=TODAY, deck_id="trace", card_ids=["task"]
        )
        c.follow_up(first, made.uuid, "partly", "asked two")
        data = export_json(first).encode()
        markdown = export_markdown(first, builtin_decks())
    assert "# Commitments" in markdown and "I will ask\nthen listen" in markdown
    assert "partly. asked two" in markdown and "From Task" in markdown
    incoming = parse_json_export(data, "a.json")
    with Journal.open(tmp_path / "b.sqlite3") as second:
        summary = service.import_export(second, incoming)
        assert (summary.added_commitments, summary.added_follow_ups) == (1, 1)
        (copied,) = c.commitments(second)
        assert copied == c.commitment(second, made.uuid) and copied.text == made.text
        assert [f.text for f in copied.follow_ups] == ["asked two"] and copied.due == TODAY
        again = service.import_export(second, incoming)
        assert (again.added_commitments, again.added_follow_ups) == (0, 0)
    with Journal.open(tmp_path / "a.sqlite3") as first:
        c.follow_up(first, made.uuid, "done")
        later = parse_json_export(export_json(first).encode(), "a.json")
    with Journal.open(tmp_path / "b.sqlite3") as second:
        summary = service.import_export(second, later)
        assert (summary.added_commitments, summary.added_follow_ups) == (0, 1)
        assert c.commitment(second, made.uuid).done


@pytest.mark.parametrize(
    ("commitment", "place"),
    [
        ({"text": "   "}, "$.commitments[0]"),
        ({"due": "tomorrow"}, "$.commitments[0].due"),
        ({"follow_ups": [{"uuid": "x", "taken": "2026-01-01T00:00:00Z", "how": "done"}]}, "uuid"),
        ({"follow_ups": [{"how": "maybe"}]}, "$.commitments[0].follow_ups[0]"),
        ({"card_ids": "trust"}, "$.commitments[0].card_ids"),
    ],
)
def test_a_damaged_commitment_in_an_export_is_refused_naming_its_place(
    commitment: dict[str, object], place: str
) -> None:
    from leadcards.journal.exchange import JournalFileError, parse_json_export

    base: dict[str, object] = {
        "uuid": "6c5f0f0e-8d52-4b8f-9a31-0f0f0f0f0f0f",
        "created": "2026-01-01T00:00:00Z",
        "updated": "2026-01-01T00:00:00Z",
        "text": "I will",
    }
    document = {"format": "leadcards-journal/1", "commitments": [{**base, **commitment}]}
    with pytest.raises(JournalFileError) as caught:
        parse_json_export(json.dumps(document).encode(), "x.json")
    assert place in str(caught.value)


def test_commitments_appear_in_the_journal_pdf_as_written(journal: Journal) -> None:
    import io

    from pypdf import PdfReader

    from leadcards.journal.report import JournalSelection
    from leadcards.library import builtin_decks
    from leadcards.printing.journal_pdf import journal_pdf_bytes

    journal.add_entry("A reflection", deck_id="trace", card_id="task")
    made = c.add_commitment(
        journal, "I will <b>ask</b> & listen 🙂", due=TODAY, deck_id="trace", card_ids=["task"]
    )
    c.follow_up(journal, made.uuid, "partly", "asked two of <five>")
    data, _ = journal_pdf_bytes(journal, builtin_decks(), JournalSelection())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    squashed = " ".join(text.split())
    assert "Commitments" in squashed and "I will: I will <b>ask</b> & listen" in squashed
    assert "partly. asked two of <five>" in squashed and "from Task" in squashed


def test_an_answer_is_known_by_its_uuid_whichever_commitment_holds_it(tmp_path: Path) -> None:
    from leadcards.journal.exchange import JournalFileError, parse_json_export

    answer = {
        "uuid": "7c5f0f0e-8d52-4b8f-9a31-0f0f0f0f0f0f",
        "taken": "2026-01-02T00:00:00Z",
        "how": "done",
        "text": "",
    }

    def made(uuid_end: str, follow_ups: object) -> dict[str, object]:
        return {
            "uuid": f"6c5f0f0e-8d52-4b8f-9a31-0f0f0f0f0f{uuid_end}",
            "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z",
            "text": "I will",
            "follow_ups": follow_ups,
        }

    twice = {
        "format": "leadcards-journal/1",
        "commitments": [made("01", [answer]), made("02", [answer])],
    }
    with pytest.raises(JournalFileError, match=r"follow_ups\[0\].uuid: the same uuid"):
        parse_json_export(json.dumps(twice).encode(), "x.json")
    falsy = {"format": "leadcards-journal/1", "commitments": [made("01", 0)]}
    with pytest.raises(JournalFileError, match="follow_ups: expected a list"):
        parse_json_export(json.dumps(falsy).encode(), "x.json")
    once = {"format": "leadcards-journal/1", "commitments": [made("01", [answer])]}
    incoming = parse_json_export(json.dumps(once).encode(), "x.json")
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        assert c.merge(journal, incoming.commitments) == (1, 1)
        assert c.merge(journal, incoming.commitments) == (0, 0)  # again: nothing new
        moved = [dict(made("03", [answer]))]  # the same answer under another commitment
        again = parse_json_export(
            json.dumps({"format": "leadcards-journal/1", "commitments": moved}).encode(), "y"
        )
        assert c.merge(journal, again.commitments) == (1, 0)


@pytest.mark.parametrize("text", ["20260301", "2026-W10-1", "2026-3-1", " "])
def test_a_due_date_is_written_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(CommitmentError, match="YYYY-MM-DD"):
        c.parse_due(text)


def test_plan_runs_export_with_the_journal_and_import_back_once(tmp_path: Path) -> None:
    from leadcards.journal.exchange import JournalFileError, export_json, parse_json_export
    from leadcards.journal.service import JournalService
    from leadcards.paths import resolve

    service = JournalService(resolve(tmp_path / "data"))
    with Journal.open(tmp_path / "a.sqlite3") as first:
        started = c.start_run(first, "trace-in-one-space", "TRACE in one space", "trace")
        c.set_step(first, started.uuid, 3, finished=True)
        data = export_json(first)
    incoming = parse_json_export(data.encode(), "a.json")
    with Journal.open(tmp_path / "b.sqlite3") as second:
        assert service.import_export(second, incoming).added_runs == 1
        (copied,) = c.runs(second)
        assert (copied.uuid, copied.step, copied.plan_title) == (
            started.uuid,
            3,
            "TRACE in one space",
        )
        assert copied.finished is not None
        assert service.import_export(second, incoming).added_runs == 0
    document = json.loads(data)
    document["plan_runs"][0]["step"] = -1
    with pytest.raises(JournalFileError, match=r"\$\.plan_runs\[0\]\.step"):
        parse_json_export(json.dumps(document).encode(), "x.json")


def test_a_journal_pdf_narrowed_by_tag_holds_no_commitment(journal: Journal) -> None:
    import io

    from pypdf import PdfReader

    from leadcards.journal.report import JournalSelection
    from leadcards.library import builtin_decks
    from leadcards.printing.journal_pdf import journal_pdf_bytes

    journal.add_entry("Tagged reflection", deck_id="trace", card_id="task", tags=["appraisal"])
    c.add_commitment(journal, "I will look for another job", deck_id="trace", card_ids=["task"])
    data, _ = journal_pdf_bytes(journal, builtin_decks(), JournalSelection(tags=("appraisal",)))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Tagged reflection" in text and "another job" not in text


def test_a_commitment_on_a_card_that_is_not_there_makes_no_journal(tmp_path: Path) -> None:
    user = User(tmp_path, tmp_path / "data", tmp_path / "home")
    refused = user.run("commitments", "add", "--card", "nosuch", "--text", "I will")
    assert refused.code == 2 and 'no card has the id "nosuch"' in refused.err
    assert not user.journal.exists()


def test_an_import_that_fails_part_way_imports_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcards.journal.exchange import export_json, parse_json_export
    from leadcards.journal.service import JournalService
    from leadcards.paths import resolve

    with Journal.open(tmp_path / "a.sqlite3") as first:
        first.add_entry("A reflection to bring over", deck_id="trace", card_id="task")
        c.add_commitment(first, "I will bring this over too", deck_id="trace", card_ids=["task"])
        c.start_run(first, "trace-in-one-space", "TRACE in one space", "trace")
        incoming = parse_json_export(export_json(first).encode(), "a.json")

    def failing(*args: object, **kwargs: object) -> int:
        if kwargs.get("dry_run"):
            return 1
        raise sqlite3.OperationalError("disk I/O error")  # as a failing disk would

    monkeypatch.setattr(c, "merge_runs", failing)
    service = JournalService(resolve(tmp_path / "data"))
    with Journal.open(tmp_path / "b.sqlite3") as second:
        with pytest.raises((JournalError, sqlite3.OperationalError)):
            service.import_export(second, incoming)
        assert second.count() == 0 and c.commitments(second) == []
        assert c.runs(second) == []
