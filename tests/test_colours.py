"""Text on every theme colour reads at WCAG AA (4.5:1), in light and dark."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadcards.colours import AA_NORMAL, SURFACE, Scheme, contrast_ratio, palette, text_on
from leadcards.library import builtin_decks

THEMES = [(deck.id, theme) for deck in builtin_decks() for theme in deck.themes]


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#FFFFFF") < AA_NORMAL


@pytest.mark.parametrize("scheme", list(Scheme))
@pytest.mark.parametrize(("deck_id", "theme"), THEMES, ids=[f"{d}:{t.id}" for d, t in THEMES])
def test_builtin_theme_colours_read_in_both_schemes(deck_id: str, theme, scheme: Scheme) -> None:
    colours = palette(theme.colour, scheme, theme.colour_dark)
    assert contrast_ratio(colours.on_band, colours.band) >= AA_NORMAL
    assert contrast_ratio(colours.accent, SURFACE[scheme]) >= AA_NORMAL


def test_builtin_light_bands_are_the_deck_colours_and_take_white_text() -> None:
    """The chosen theme colours are dark enough for white text as they are."""
    for _, theme in THEMES:
        colours = palette(theme.colour, Scheme.LIGHT)
        assert colours.band == theme.colour
        assert colours.on_band == "#FFFFFF"
        assert colours.accent == theme.colour


hex_colours = st.integers(min_value=0, max_value=0xFFFFFF).map(lambda v: f"#{v:06X}")


@given(hex_colours, st.sampled_from(list(Scheme)))
def test_any_deck_colour_gets_a_readable_palette(colour: str, scheme: Scheme) -> None:
    """User decks may pick any colour; the palette still keeps every text pair at AA."""
    colours = palette(colour, scheme)
    assert contrast_ratio(colours.on_band, colours.band) >= AA_NORMAL
    assert contrast_ratio(colours.accent, colours.surface) >= AA_NORMAL


@given(hex_colours)
def test_text_on_picks_the_better_of_light_and_dark(colour: str) -> None:
    chosen = text_on(colour)
    assert contrast_ratio(chosen, colour) >= AA_NORMAL
