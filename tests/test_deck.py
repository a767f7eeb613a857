"""The deck loader: every problem reported with its path, hostile files refused, round trips."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadcards.deck import (
    FORMAT,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Audience,
    Deck,
    DeckError,
    Origin,
    Polarity,
    QuestionKind,
    deck_to_dict,
    deck_to_json,
    load_deck_bytes,
    load_deck_file,
    parse_deck,
)
from leadcards.library import builtin_deck


def minimal() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "id": "mini",
        "title": "Mini deck",
        "source": {"publisher": "A publisher", "title": "A title", "credit": "Mini by A"},
        "spaces": [{"id": "self", "title": "Self"}],
        "themes": [{"id": "t", "title": "Theme", "colour": "#005eb8"}],
        "cards": [
            {
                "id": "c1",
                "title": "Card one",
                "theme": "t",
                "summary": "What it is.",
                "indicator_groups": [
                    {
                        "id": "c1.good",
                        "title": "Good",
                        "polarity": "positive",
                        "indicators": [{"id": "c1.p1", "text": "Listens"}],
                    }
                ],
                "prompts": [
                    {
                        "id": "c1.q",
                        "space": "self",
                        "text": "What now?",
                        "audience": "group",
                        "origin": "leadcards",
                    }
                ],
            }
        ],
    }


def problems_of(document: Any) -> list[str]:
    with pytest.raises(DeckError) as caught:
        parse_deck(document, "test.json")
    return [str(p) for p in caught.value.problems]


def load_text(text: str | bytes) -> Deck:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_deck_bytes(data, "test.json")


def test_minimal_deck_loads_into_typed_frozen_objects() -> None:
    deck = parse_deck(minimal(), "test.json")
    assert deck.id == "mini"
    assert deck.theme("t").colour == "#005EB8"  # normalised to upper case
    card = deck.card("c1")
    assert card.indicator_groups[0].polarity is Polarity.POSITIVE
    assert card.prompts[0].origin is Origin.LEADCARDS
    assert [i.text for _, i in card.indicators()] == ["Listens"]
    with pytest.raises(AttributeError):
        card.title = "changed"


def test_every_problem_is_reported_with_its_path_and_what_was_expected() -> None:
    doc = minimal()
    doc["title"] = ""
    doc["themes"][0]["colour"] = "blue"
    doc["cards"][0]["theme"] = "missing"
    doc["cards"][0]["indicator_groups"][0]["polarity"] = "good"
    doc["cards"][0]["prompts"][0]["space"] = "galaxy"
    doc["cards"][0]["titel"] = "typo"
    del doc["cards"][0]["summary"]
    found = problems_of(doc)
    assert "$.title: expected text, found an empty string" in found
    assert '$.themes[0].colour: expected a colour such as "#005EB8", found "blue"' in found
    assert '$.cards[0].theme: no theme has the id "missing"' in found
    assert any(
        p.startswith('$.cards[0].indicator_groups[0].polarity: expected one of "positive"')
        for p in found
    )
    assert '$.cards[0].prompts[0].space: no space has the id "galaxy" (see $.spaces)' in found
    assert any(p.startswith('$.cards[0].titel: unknown key "titel"') for p in found)
    assert '$.cards[0]: missing required key "summary"' in found
    assert len(found) == 7


def test_a_section_with_nothing_in_it_is_refused() -> None:
    """Found by the property test: empty lists were accepted but not written back out."""
    doc = minimal()
    doc["guidance"] = [{"id": "empty", "title": "Nothing", "items": []}]
    assert problems_of(doc) == [
        '$.guidance[0]: a section needs at least one entry in "paragraphs" or "items"'
    ]


def test_error_message_names_the_file() -> None:
    with pytest.raises(DeckError) as caught:
        parse_deck({"format": FORMAT}, "my-deck.json")
    text = caught.value.describe()
    assert text.startswith("my-deck.json: ")
    assert '$: missing required key "cards"' in text


def test_duplicate_ids_are_reported_where_they_repeat() -> None:
    doc = minimal()
    card = copy.deepcopy(doc["cards"][0])
    card["id"] = "c2"
    card["prompts"][0]["id"] = "c2.q"
    card["indicator_groups"][0]["id"] = "c2.good"
    doc["cards"].append(card)  # its indicator keeps the id c1.p1
    found = problems_of(doc)
    assert found == [
        '$.cards[1].indicator_groups[0].indicators[0].id: indicator id "c1.p1" is already used '
        "at $.cards[0].indicator_groups[0].indicators[0].id"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (42, "expected text, found the number 42"),
        (None, "expected text, found null"),
        (["a"], "expected text, found a list"),
        ("bad\x00text", "contains a control character (U+0000)"),
    ],
)
def test_wrong_types_in_text_fields(value: Any, message: str) -> None:
    doc = minimal()
    doc["cards"][0]["summary"] = value
    assert problems_of(doc) == [f"$.cards[0].summary: {message}"]


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (("id",), "trace\n", "expected an id"),  # a trailing newline must not slip through
        (("themes", 0, "colour"), "#005EB8\n", "expected a colour"),
        (("title",), "Two\nlines", "must be one line"),
        (("cards", 0, "title"), "Tab\there", "must be one line"),
        (("cards", 0, "title"), "\u200b\u200b", "empty string"),
    ],
)
def test_ids_colours_and_titles_are_strict(where: tuple, value: str, message: str) -> None:
    doc = minimal()
    node = doc
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    found = problems_of(doc)
    assert len(found) == 1 and message in found[0], found


def test_booleans_are_not_numbers_and_ids_are_checked() -> None:
    doc = minimal()
    doc["id"] = "Not An Id"
    doc["cards"][0]["id"] = True
    found = problems_of(doc)
    assert any(p.startswith("$.id: expected an id") and '"Not An Id"' in p for p in found)
    assert any(p.startswith("$.cards[0].id: expected an id") and "found true" in p for p in found)


def test_a_newer_format_is_refused_with_a_clear_message() -> None:
    doc = minimal()
    doc["format"] = "leadcards-deck/3"
    assert problems_of(doc) == [
        f'$.format: this version of LeadCards reads "leadcards-deck/1" and "{FORMAT}"; the '
        'file is "leadcards-deck/3", made by another version'
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"a": 1, "a": 2}', 'the key "a" appears twice in one object'),
        (b'{"x": NaN}', "NaN is not allowed; numbers must be finite"),
        (b'{"x": -Infinity}', "-Infinity is not allowed; numbers must be finite"),
        (b"\xff\xfe{}", "the file is not valid UTF-8 text (byte 0)"),
        (b'{"title": "caf\xe9"}', "the file is not valid UTF-8 text (byte 14)"),
        (
            b'{"id": "x",}',
            "not valid JSON: Expecting property name enclosed in double quotes "
            "at line 1, column 12",
        ),
        (b"", "not valid JSON: Expecting value at line 1, column 1"),
        (b"[1, 2]", "expected a deck object, found a list"),
        (b"1" * 5000, "not valid JSON: Exceeds the limit (4300 digits)"),
    ],
)
def test_hostile_or_broken_bytes_are_refused(raw: bytes, expected: str) -> None:
    with pytest.raises(DeckError) as caught:
        load_text(raw)
    assert str(caught.value.problems[0]).startswith(f"$: {expected}")


def test_nesting_depth_is_limited() -> None:
    shallow_enough = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(DeckError, match="expected a deck object"):
        load_text(shallow_enough)
    with pytest.raises(DeckError, match="nested too deeply"):
        load_text(too_deep)
    with pytest.raises(DeckError, match="nested too deeply"):
        load_text("[" * 100_000 + "]" * 100_000)


def test_size_limit_is_checked_before_reading_everything(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_FILE_BYTES + 10))
    with pytest.raises(DeckError, match="larger than"):
        load_deck_file(big)


def test_unreadable_file_is_a_deck_error(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="cannot read the file"):
        load_deck_file(tmp_path / "nope.json")
    with pytest.raises(DeckError, match="cannot read the file"):
        load_deck_file(tmp_path)


def test_utf8_byte_order_mark_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + json.dumps(minimal()).encode()
    assert load_text(data).id == "mini"


@pytest.mark.parametrize("deck_id", ["system-leadership-behaviours", "trace"])
def test_builtin_deck_round_trips_through_export(deck_id: str) -> None:
    deck = builtin_deck(deck_id)
    exported = deck_to_json(deck)
    assert load_text(exported) == deck


@pytest.mark.parametrize("deck_id", ["system-leadership-behaviours", "trace"])
def test_builtin_deck_files_are_in_canonical_export_form(deck_id: str) -> None:
    """The shipped file is exactly what export writes, so diffs of exports stay readable."""
    from importlib import resources

    raw = (
        resources.files("leadcards.resources")
        .joinpath("decks", f"{deck_id}.json")
        .read_text(encoding="utf-8")
    )
    assert deck_to_json(builtin_deck(deck_id)) == raw


# --------------------------------------------------------------------------- property tests

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)

_DECK_KEYS = list(deck_to_dict(builtin_deck("trace")).keys())


def _mutate(document: Any, path: list[Any], replacement: Any) -> Any:
    """Replace the value found by walking ``path`` (indices wrap around) with ``replacement``."""
    doc = copy.deepcopy(document)
    node = doc
    for step in path[:-1]:
        if isinstance(node, dict) and node:
            node = node[sorted(node)[step % len(node)]]
        elif isinstance(node, list) and node:
            node = node[step % len(node)]
    if isinstance(node, dict) and node:
        node[sorted(node)[path[-1] % len(node)]] = replacement
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = replacement
    return doc


def _outcome(data: bytes) -> None:
    try:
        deck = load_deck_bytes(data, "fuzz.json")
    except DeckError as exc:
        assert exc.problems
        assert all(problem.path.startswith("$") for problem in exc.problems)
        exc.describe()
        return
    assert isinstance(deck, Deck)
    assert load_deck_bytes(deck_to_json(deck).encode("utf-8"), "again") == deck


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_deck_or_a_deck_error(data: bytes) -> None:
    _outcome(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_gives_a_deck_or_a_deck_error(value: Any) -> None:
    _outcome(json.dumps(value).encode("utf-8"))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=6),
    json_values | st.sampled_from(_DECK_KEYS),
)
def test_a_real_deck_with_one_value_replaced_gives_a_deck_or_a_deck_error(
    path: list[int], replacement: Any
) -> None:
    document = deck_to_dict(builtin_deck("trace"))
    _outcome(json.dumps(_mutate(document, path, replacement)).encode("utf-8"))


def test_the_example_in_the_format_documentation_loads() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "deck-format.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    deck = load_text(example)
    assert deck.card("attention").prompts[0].origin is Origin.SOURCE
    assert deck.card("attention").prompts[0].audience is Audience.GROUP
    assert deck.questions[0].kind is QuestionKind.NEXT_STEP


def test_a_format_1_deck_still_loads_and_its_prompts_count_as_private() -> None:
    doc = minimal()
    doc["format"] = "leadcards-deck/1"
    del doc["cards"][0]["prompts"][0]["audience"]
    deck = parse_deck(doc, "old.json")
    (prompt,) = deck.card("c1").prompts
    assert prompt.audience is Audience.PRIVATE
    assert not prompt.group_safe
    assert deck.card("c1").group_prompts() == ()
    assert deck.questions == ()
    # Written out again, it is a format-2 file that says so.
    out = deck_to_dict(deck)
    assert out["format"] == FORMAT == "leadcards-deck/2"
    assert out["cards"][0]["prompts"][0]["audience"] == "private"
    assert parse_deck(out, "again.json") == deck


def test_format_1_knows_nothing_of_audiences_follow_ups_or_deck_wide_questions() -> None:
    doc = minimal()
    doc["format"] = "leadcards-deck/1"
    doc["cards"][0]["prompts"][0]["follow_up"] = "And then?"
    doc["questions"] = []
    found = problems_of(doc)
    prompt = "$.cards[0].prompts[0]"
    assert any(p.startswith('$.questions: unknown key "questions"') for p in found)
    assert any(p.startswith(f'{prompt}.audience: unknown key "audience"') for p in found)
    assert any(p.startswith(f"{prompt}.follow_up: unknown key") for p in found)


def test_a_format_2_prompt_must_say_who_may_hear_it() -> None:
    doc = minimal()
    doc["cards"][0]["prompts"][0]["audience"] = "everyone"
    assert problems_of(doc) == [
        '$.cards[0].prompts[0].audience: expected one of "group", "private", found "everyone"'
    ]
    del doc["cards"][0]["prompts"][0]["audience"]
    assert problems_of(doc) == ['$.cards[0].prompts[0]: missing required key "audience"']


def test_deck_wide_questions_load_validated_and_round_trip() -> None:
    doc = minimal()
    doc["cards"][0]["prompts"][0]["follow_up"] = "What else?"
    doc["questions"] = [
        {
            "id": "mini.q-scale",
            "kind": "scaling",
            "text": "What would one step up look like?",
            "follow_up": "What keeps you where you are?",
            "audience": "private",
            "origin": "leadcards",
        }
    ]
    deck = parse_deck(doc, "test.json")
    (question,) = deck.questions
    assert question.kind is QuestionKind.SCALING
    assert question.follow_up == "What keeps you where you are?"
    assert deck.group_questions() == ()
    assert deck.card("c1").prompts[0].follow_up == "What else?"
    assert load_text(deck_to_json(deck)) == deck

    doc["questions"][0].update(kind="rating", audience=None, id="c1.q", follow_up="")
    assert problems_of(doc) == [
        '$.questions[0].id: prompt id "c1.q" is already used at $.cards[0].prompts[0].id',
        '$.questions[0].kind: expected one of "scaling", "strengths", "resources", '
        '"next-step", "perspective", "other", found "rating"',
        '$.questions[0].audience: expected one of "group", "private", found null',
        "$.questions[0].follow_up: expected text, found an empty string",
    ]
