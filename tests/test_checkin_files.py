"""Check-in invitations and responses as files: they round-trip, and a hostile or damaged
file is refused with every problem named."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadcards.checkin.files import (
    MAX_RESPONSE_BYTES,
    CheckInFileError,
    Invitation,
    InvitedCard,
    InvitedIndicator,
    answer_hash,
    answer_problems,
    invitation_for,
    invitation_json,
    new_checkin_id,
    read_invitation,
    read_response,
    response_json,
    response_key,
)
from leadcards.checkin.results import Answer

INVITATION = Invitation(
    checkin_id=new_checkin_id(),
    title="Team day, March",
    deck_id="system-leadership-behaviours",
    deck_title="System Leadership Behaviours",
    credit="NHS North West Leadership Academy",
    space="team",
    scaled=True,
    min_group=5,
    cards=(
        InvitedCard(
            "trust",
            "Trust",
            "Builds trust to promote empathy",
            (
                InvitedIndicator("trust.p1", "Listens", "positive"),
                InvitedIndicator("trust.n1", "Blames others", "negative"),
            ),
        ),
        InvitedCard("vision", "Vision", "", (InvitedIndicator("vision.p1", "Shares", "positive"),)),
    ),
)


def test_an_invitation_round_trips() -> None:
    data = invitation_json(INVITATION)
    assert read_invitation(data, "invite.json") == INVITATION


def test_a_response_round_trips_and_its_hash_ignores_layout() -> None:
    answer = Answer(frozenset({"trust.p1", "vision.p1"}), {"trust": 3, "vision": -2})
    data = response_json(INVITATION.checkin_id, answer)
    stated, read = read_response(data, "r.json", INVITATION)
    response_id = json.loads(data)["response"]
    assert read == answer and stated == response_key(INVITATION.checkin_id, response_id)
    body = json.loads(data)
    assert body["hash"] == answer_hash(INVITATION.checkin_id, response_id, answer)
    compact = json.dumps(json.loads(data), separators=(",", ":")).encode()
    assert read_response(compact, "r.json", INVITATION)[0] == stated  # counted once


def test_a_response_edited_with_its_hash_made_again_is_still_the_same_response() -> None:
    """The hash catches damage, not forgery; but a response edited and re-hashed keeps its
    id, so it is counted once, not as another person."""
    first = json.loads(response_json(INVITATION.checkin_id, Answer(frozenset(), {"trust": 1})))
    edited = dict(first, positions={"trust": -5})
    edited["hash"] = answer_hash(
        INVITATION.checkin_id, first["response"], Answer(frozenset(), {"trust": -5})
    )
    key_first = read_response(json.dumps(first).encode(), "a", INVITATION)[0]
    key_edited = read_response(json.dumps(edited).encode(), "b", INVITATION)[0]
    assert key_first == key_edited


def test_a_name_from_a_file_is_shown_on_one_line() -> None:
    problems = refused(_response(positions={"x\nleadcards: counted 5": 1, "y" * 500: 1}))
    assert all("\n" not in problem and len(problem) < 200 for problem in problems)


def test_two_people_with_the_same_answers_send_two_responses() -> None:
    answer = Answer(frozenset({"trust.p1"}), {"trust": 1})
    first = read_response(response_json(INVITATION.checkin_id, answer), "a", INVITATION)
    second = read_response(response_json(INVITATION.checkin_id, answer), "b", INVITATION)
    assert first[1] == second[1] and first[0] != second[0]


def test_answer_problems_names_what_the_invitation_does_not_ask() -> None:
    assert answer_problems(INVITATION, Answer(frozenset({"trust.p1"}), {"trust": 5})) == []
    problems = answer_problems(INVITATION, Answer(frozenset({"x.y"}), {"trust": 9, "zz": 1}))
    assert len(problems) == 3


def _response(**changes: object) -> bytes:
    answer = Answer(frozenset({"trust.p1"}), {"trust": 2})
    body = json.loads(response_json(INVITATION.checkin_id, answer))
    body.update(changes)
    return json.dumps(body).encode()


def refused(data: bytes) -> tuple[str, ...]:
    with pytest.raises(CheckInFileError) as caught:
        read_response(data, "r.json", INVITATION)
    assert "nothing was changed" in str(caught.value)
    return caught.value.problems


def test_a_changed_or_damaged_response_is_refused_by_its_hash() -> None:
    (problem,) = refused(_response(positions={"trust": 3}))  # edited by hand
    assert "does not match" in problem
    data = response_json(INVITATION.checkin_id, Answer(frozenset(), {"trust": 1}))
    with pytest.raises(CheckInFileError):
        read_response(data[: len(data) // 2], "r.json", INVITATION)  # cut off on its way


def test_a_response_to_another_check_in_is_refused() -> None:
    (problem,) = refused(_response(checkin=new_checkin_id()))
    assert "another check-in's" in problem


def test_a_file_of_another_kind_is_named_as_what_it_is() -> None:
    (problem,) = refused(invitation_json(INVITATION))
    assert problem == "it is not a check-in response (it is a check-in invitation)"
    (problem,) = refused(b'{"format": "leadcards-deck/1"}')
    assert "its format is 'leadcards-deck/1'" in problem
    with pytest.raises(CheckInFileError) as caught:
        read_invitation(b'{"cards": []}', "i.json")
    assert caught.value.problems == ("it is not a check-in invitation (it has no format field)",)


def test_every_problem_of_a_hostile_response_is_named() -> None:
    problems = refused(
        _response(
            ticks=["trust.p1", "trust.p1", "no.such", 5, ["x"]],
            positions={"trust": 6, "vision": True, "nowhere": 1},
            extra="x",
        )
    )
    text = "\n".join(problems)
    for expected in (
        "$.extra: is not a field",
        '$.ticks[1]: "trust.p1" appears twice',
        '$.ticks[2]: "no.such" is not an indicator',
        "$.ticks[3]: it is not an indicator",
        "$.ticks[4]: it is not an indicator",
        "$.positions.trust: must be a whole number from -5 to 5",
        "$.positions.vision: must be a whole number",
        "$.positions.nowhere: is not a card of this check-in",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[]",
        b"null",
        b'{"format": "leadcards-checkin-response/1", "format": "x"}',  # a key twice
        b'{"checkin": NaN}',
        b"\xff\xfe",
        b"[" * 100_000,  # deep
        b" " * (MAX_RESPONSE_BYTES + 1),  # huge
    ],
    ids=["empty", "list", "null", "duplicate-key", "nan", "not-utf8", "deep", "huge"],
)
def test_a_malformed_response_is_refused_in_words(data: bytes) -> None:
    with pytest.raises(CheckInFileError) as caught:
        read_response(data, "r.json", INVITATION)
    assert caught.value.problems


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_any_bytes_are_a_response_or_refused_in_words(data: bytes) -> None:
    try:
        read_response(data, "r.json", INVITATION)
    except CheckInFileError as exc:
        assert exc.problems


def test_every_problem_of_a_hostile_invitation_is_named() -> None:
    body = json.loads(invitation_json(INVITATION))
    body["space"] = "family"
    body["min_group"] = 2
    body["scaled"] = "yes"
    body["checkin"] = "not-a-uuid"
    body["cards"][1]["id"] = "trust"
    body["cards"][0]["indicators"][1]["polarity"] = "sideways"
    with pytest.raises(CheckInFileError) as caught:
        read_invitation(json.dumps(body).encode(), "invite.json")
    text = "\n".join(caught.value.problems)
    for expected in (
        "$.space: must be one of",
        "$.min_group: must be a whole number from 3",
        "$.scaled: must be true or false",
        "$.checkin: must be an id made by LeadCards",
        '$.cards[1].id: "trust" appears twice',
        "$.cards[0].indicators[1].polarity: must be positive, negative or neutral",
    ):
        assert expected in text, expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["format", "checkin", "ticks", "positions", "hash", "other"]),
    json_values,
)
def test_any_value_in_any_field_is_refused_in_words_or_read(field: str, value: object) -> None:
    data = _response(**{field: value})
    try:
        read_response(data, "r.json", INVITATION)
    except CheckInFileError as exc:
        assert exc.problems
    body = json.loads(invitation_json(INVITATION))
    body[field] = value
    try:
        read_invitation(json.dumps(body).encode(), "invite.json")
    except CheckInFileError as exc:
        assert exc.problems


def test_an_invitation_over_a_built_in_deck_carries_its_cards_and_credit() -> None:
    from leadcards.library import builtin_decks

    behaviours, trace = (
        next(d for d in builtin_decks() if d.id == deck_id)
        for deck_id in ("system-leadership-behaviours", "trace")
    )
    whole = invitation_for(behaviours, title="Whole team")
    assert [c.card_id for c in whole.cards] == [c.id for c in behaviours.cards]
    assert whole.scaled and whole.min_group == 5
    assert whole.credit == behaviours.source.credit and whole.credit
    trust = next(c for c in whole.cards if c.card_id == "trust")
    deck_trust = behaviours.card("trust")
    assert [i.indicator_id for i in trust.indicators] == [i.id for _, i in deck_trust.indicators()]
    assert {i.polarity for i in trust.indicators} == {"positive", "negative"}
    some = invitation_for(trace, ["task", "energy"], title="Two", space="team", min_group=1)
    assert [c.card_id for c in some.cards] == ["task", "energy"]
    assert not some.scaled and some.min_group == 3 and some.space == "team"
    assert read_invitation(invitation_json(some), "i.json") == some  # it reads back
    assert whole.checkin_id != some.checkin_id
