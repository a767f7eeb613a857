"""The audience's faces: set as large as a room needs, never clipped, paged when too long."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from leadcards.colours import Scheme
from leadcards.deck import Card, Deck
from leadcards.library import builtin_decks
from leadcards.ui import appearance
from leadcards.ui.appearance import Appearance
from leadcards.ui.audience_face import (
    PREPARED_AT_MOST,
    AudienceCard,
    AudienceFace,
    Placed,
    Plan,
    Spread,
    floor_px,
)

pytestmark = pytest.mark.gui
SIZES = ((1280, 720), (1920, 1080), (3840, 2160))
EVERY_CARD = [(deck, card) for deck in builtin_decks() for card in deck.cards]


@pytest.fixture(autouse=True)
def fonts(qapp: QApplication) -> None:
    appearance.apply(qapp, Appearance.LIGHT)


def face(qtbot, deck: Deck, card: Card, side: str, size: tuple[int, int]) -> AudienceFace:
    made = AudienceFace(deck, card, Scheme.LIGHT, side)
    qtbot.addWidget(made)
    made.resize(*size)
    return made


def lines_of(plan: Plan) -> list[Placed]:
    return [*plan.band_lines, *(p for page in plan.pages for p in page.lines), *plan.footer]


def line_of(plan: Plan, text: str) -> Placed:
    return next(p for p in lines_of(plan) if p.block.text == text)


def test_a_room_reads_the_front_at_1920x1080(qtbot) -> None:
    for deck, card in EVERY_CARD:
        plan = face(qtbot, deck, card, "front", (1920, 1080)).plan()
        description = line_of(plan, card.summary).layout.font().pixelSize()
        title = line_of(plan, card.title).layout.font().pixelSize()
        assert description >= 44, card.id
        assert title > description, card.id
        assert len(plan.pages) == 1, card.id  # every built-in front fits one page


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nothing_is_clipped_hidden_or_set_below_the_floor(qtbot, size: tuple[int, int]) -> None:
    width, height = size
    for deck, card in EVERY_CARD:
        for side in ("front", "back"):
            plan = face(qtbot, deck, card, side, size).plan()
            assert plan.body_px >= floor_px(width, height), (card.id, side)
            assert plan.card.left() >= 0 and plan.card.right() <= width
            assert plan.card.top() >= 0 and plan.card.bottom() <= height
            by_block: dict[int, list[Placed]] = {}
            for placed in lines_of(plan):
                room, rect = placed.room, placed.rect
                font = placed.layout.font()
                drawn = QFontMetricsF(font).horizontalAdvance(placed.text.rstrip())
                assert drawn <= room.right() - rect.left() + 0.5, (card.id, side, placed.text)
                assert room.left() - 0.01 <= rect.left(), (card.id, side, placed.text)
                assert room.top() - 0.01 <= rect.top(), (card.id, side, placed.text)
                assert rect.bottom() <= room.bottom() + 0.01, (card.id, side, placed.text)
                assert plan.card.contains(room), (card.id, side)
                by_block.setdefault(id(placed.block), []).append(placed)
            # Every word of every block is set somewhere, once, in order.
            for lines in by_block.values():
                block = lines[0].block
                joined = "".join("".join(p.text.split()) for p in lines)
                assert joined == "".join(block.text.split()), (card.id, side, block.text)
            texts = {lines[0].block.text for lines in by_block.values()}
            if side == "front":
                assert {card.title, card.summary} <= texts, card.id
            else:
                indicators = {i.text for g in card.indicator_groups for i in g.indicators}
                assert indicators <= texts, card.id
                # The room is asked only what is safe to ask in a group.
                assert {p.text for p in card.group_prompts()} <= texts, card.id
                private = {p.text for p in card.prompts if not p.group_safe}
                assert not private & texts, card.id


def test_paging_only_where_the_floor_cannot_hold_the_face(qtbot) -> None:
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    long_back = face(qtbot, deck, deck.card("collaboration-co-creation"), "back", (1920, 1080))
    assert long_back.page_count() > 1
    assert long_back.plan().body_px >= 44  # paged at or above the floor, never shrunk
    long_back.show()  # a face is described as it shows (one in waiting is not read)
    assert "(page 1 of" in long_back.accessibleDescription()
    assert long_back.turn(1) and long_back.page == 1
    assert "(page 2 of" in long_back.accessibleDescription()
    assert long_back.turn(-1) and long_back.page == 0
    assert not long_back.turn(-1) and long_back.page == 0
    short_front = face(qtbot, deck, deck.card("trust"), "front", (1920, 1080))
    assert short_front.page_count() == 1 and not short_front.turn(1)
    short_front.show()
    assert "page" not in short_front.accessibleDescription()
    # A window large enough holds the same back on one page.
    assert face(qtbot, deck, deck.card("trust"), "back", (3840, 4000)).page_count() == 1


def test_the_back_sets_positive_and_negative_side_by_side_on_a_wide_window(qtbot) -> None:
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    card = deck.card("trust")
    positive, negative = (g.indicators[0].text for g in card.indicator_groups)
    wide = face(qtbot, deck, card, "back", (1920, 1080)).plan()
    left, right = line_of(wide, positive).rect, line_of(wide, negative).rect
    assert right.left() > left.right() and abs(right.top() - left.top()) < 1
    tall = face(qtbot, deck, card, "back", (1080, 1920)).plan()
    assert line_of(tall, negative).rect.top() > line_of(tall, positive).rect.bottom()


def test_a_spread_is_set_at_one_size_and_refit_when_the_window_changes(qtbot) -> None:
    deck = next(d for d in builtin_decks() if d.id == "trace")
    spread = Spread()
    qtbot.addWidget(spread)
    spread.resize(1280, 720)
    spread.deal(deck, deck.cards, Scheme.DARK)  # five, titles of one word
    spread.show()
    qtbot.waitExposed(spread)
    small = {f.plan().body_px for f in spread.faces}
    spread.resize(1920, 1080)
    qtbot.waitUntil(lambda: min(f.plan().body_px for f in spread.faces) > max(small))
    large = {f.plan().body_px for f in spread.faces}
    assert max(large) > max(small) and max(large) - min(large) <= 1
    for dealt in spread.faces:
        plan = dealt.plan()
        assert len(plan.pages) == 1 and plan.broken_words() == 0  # "Authenticit-y" is not
        for placed in lines_of(plan):
            assert placed.rect.bottom() <= placed.room.bottom() + 0.01


def test_a_card_made_ahead_shows_as_a_switch_with_its_front_already_drawn(qtbot) -> None:
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    view = AudienceCard(Scheme.LIGHT)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    view.set_cards(deck, deck.cards)
    view.show_card("trust")
    view.prepare("delivery")
    made = view._prepared["delivery"]
    assert made[0]._picture is not None  # drawn while the room was reading
    view.show_card("delivery")
    assert (view.front, view.back) == made and "delivery" not in view._prepared
    qtbot.waitExposed(view)
    picture = view.front._picture
    view.front.repaint()
    assert view.front._picture is picture  # painted from the drawing, not drawn again
    # Made for another size, it is made again for this one.
    view.prepare("trust")
    view.resize(1600, 900)
    view.show_card("trust")
    assert view.front.size() == view.holder.size() and view.front.width() == 1600
    # Only the cards either side are kept.
    for card in deck.cards[:5]:
        view.prepare(card.id)
    assert len(view._prepared) == PREPARED_AT_MOST


def test_a_turned_page_is_drawn_again(qtbot) -> None:
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    long_back = face(qtbot, deck, deck.card("collaboration-co-creation"), "back", (1920, 1080))
    first = long_back.picture().toImage()
    assert long_back.turn(1)
    assert long_back.picture().toImage() != first


def test_a_face_set_at_another_size_in_a_spread_is_drawn_again(qtbot) -> None:
    deck = next(d for d in builtin_decks() if d.id == "system-leadership-behaviours")
    made = face(qtbot, deck, deck.card("trust"), "front", (660, 1206))
    made.centred = False
    made.least, made.cap = 30, 49
    at_49 = made.picture()
    assert made.picture() is at_49  # nothing changed: the same drawing
    made.cap = 50  # the spread around it was set again, one size larger
    assert made.picture() is not at_49
    assert made.picture().toImage() != at_49.toImage()
