"""Print geometry on its own: sizes, papers, orientation, the grid and the back mirror."""

from __future__ import annotations

import pytest

from leadcards.printing.layout import (
    CARD_SIZES,
    MM,
    PAPERS,
    FlipEdge,
    Geometry,
    LayoutError,
    Mode,
    Orientation,
    default_paper,
    parse_size,
    sheet_for,
)


def test_named_and_custom_sizes() -> None:
    assert parse_size("Tarot", CARD_SIZES, "card size") == (69.85, 120.65)
    assert parse_size("63x88", CARD_SIZES, "card size") == (63.0, 88.0)
    assert parse_size("70.5 x 100.25 mm", CARD_SIZES, "card size") == (70.5, 100.25)
    with pytest.raises(LayoutError, match=r"unknown card size 'huge'.*tarot, poker"):
        parse_size("huge", CARD_SIZES, "card size")
    with pytest.raises(LayoutError, match="20 to 1000 mm"):
        parse_size("5x5", PAPERS, "paper")


@pytest.mark.parametrize(
    ("locale", "paper"),
    [
        ("en_US.UTF-8", "letter"),
        ("en_CA", "letter"),
        ("en_GB.UTF-8", "a4"),
        ("de_DE", "a4"),
        ("C", "a4"),
        (None, "a4"),
        ("es-MX", "letter"),
    ],
)
def test_the_default_paper_follows_the_locale(locale: str | None, paper: str) -> None:
    assert default_paper(locale) == paper


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_tarot_gives_the_same_centred_two_by_two_grid_on_a4_and_letter(paper: str) -> None:
    sheet = sheet_for(Geometry(paper=PAPERS[paper]))
    assert sheet.height > sheet.width  # portrait
    assert sheet.per_page == 4
    xs = sorted({round(s.trim.x, 3) for s in sheet.fronts})
    ys = sorted({round(s.trim.y, 3) for s in sheet.fronts})
    assert len(xs) == len(ys) == 2
    width, height = sheet.width, sheet.height
    right = max(s.trim.right for s in sheet.fronts)
    top = max(s.trim.top for s in sheet.fronts)
    assert xs[0] == pytest.approx(width - right, abs=0.01)
    assert ys[0] == pytest.approx(height - top, abs=0.01)


def test_orientation_is_chosen_for_the_most_upright_cards_unless_set() -> None:
    mini = Geometry(card=CARD_SIZES["mini"])
    auto = sheet_for(mini)
    portrait = sheet_for(Geometry(card=CARD_SIZES["mini"], orientation=Orientation.PORTRAIT))
    assert auto.width > auto.height
    assert auto.per_page > portrait.per_page
    assert portrait.height > portrait.width


def test_long_edge_mirrors_columns_and_short_edge_mirrors_rows_turned() -> None:
    long = sheet_for(Geometry(flip=FlipEdge.LONG))
    for front, back in zip(long.fronts, long.backs, strict=True):
        assert back.trim.x == pytest.approx(long.width - front.trim.x - front.trim.w)
        assert back.trim.y == pytest.approx(front.trim.y)
        assert not back.turned
    short = sheet_for(Geometry(flip=FlipEdge.SHORT))
    for front, back in zip(short.fronts, short.backs, strict=True):
        assert back.trim.x == pytest.approx(front.trim.x)
        assert back.trim.y == pytest.approx(short.height - front.trim.y - front.trim.h)
        assert back.turned


def test_without_bleed_cards_share_their_cuts() -> None:
    sheet = sheet_for(Geometry(bleed=0))
    first, second = sheet.fronts[0], sheet.fronts[1]
    assert second.trim.x == pytest.approx(first.trim.right)


def test_a_card_that_cannot_fit_the_paper_is_refused_in_words() -> None:
    with pytest.raises(LayoutError, match=r"does not fit on 215\.9x279\.4 mm paper"):
        sheet_for(Geometry(paper=PAPERS["letter"], mode=Mode.GUTTERFOLD))
    with pytest.raises(LayoutError, match="bleed must be 0 to 6 mm"):
        sheet_for(Geometry(bleed=9))


def test_print_shop_pages_are_the_card_plus_bleed() -> None:
    sheet = sheet_for(Geometry(mode=Mode.PRINT_SHOP))
    assert sheet.width == pytest.approx((69.85 + 6) * MM)
    assert sheet.height == pytest.approx((120.65 + 6) * MM)
    assert sheet.marks == ()
