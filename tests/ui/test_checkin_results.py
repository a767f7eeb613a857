"""A check-in round's results on screen: the figures a screen reader hears, a heat map that
reads in greyscale with legible cells, the keys that scroll, the room's pages on the
audience window, and the trend over rounds with a round that has no results as a gap."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from leadcards.checkin import ledger, service
from leadcards.checkin.ledger import CheckIn, Round
from leadcards.checkin.results import ANONYMITY, Answer, Results
from leadcards.colours import Scheme, contrast_ratio
from leadcards.deck import Deck
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.ui import appearance
from leadcards.ui.appearance import Appearance
from leadcards.ui.audience_window import AudienceWindow
from leadcards.ui.checkin_charts import HeatCard, InPlaceBars, MedianRadar, spread_words
from leadcards.ui.checkin_results import ResultsView, present_results
from leadcards.ui.checkin_trend import TrendPlot, TrendView

pytestmark = pytest.mark.gui

DECKS = {deck.id: deck for deck in builtin_decks()}
BEHAVIOURS = DECKS["system-leadership-behaviours"]
TRACE = DECKS["trace"]
# Trust's positions: median 2, middle half 1 to 3 (quartiles, inclusive), 7 answers.
TRUST = (0, 1, 1, 2, 3, 3, 4)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j.sqlite3") as opened:
        yield opened


def scheme_is(choice: Appearance) -> Scheme:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return appearance.apply(app, choice)


@pytest.fixture
def light() -> Scheme:
    return scheme_is(Appearance.LIGHT)


def run_round(
    journal: Journal,
    deck: Deck,
    answers: Sequence[Answer],
    *,
    title: str = "Ward 7 pulse",
    min_group: int | None = None,
    checkin: CheckIn | None = None,
) -> tuple[CheckIn, Round, Results]:
    """A check-in's round answered and closed in a journal, as the coach does it."""
    if checkin is None:
        invitation = service.new_invitation(deck, title=title, min_group=min_group)
        checkin = service.start(journal, invitation)
    else:
        ledger.reopen(journal, checkin.id)
    for answer in answers:
        ledger.add_answer(journal, checkin.id, answer)
    below = len(answers) < checkin.invitation.min_group
    ledger.close_round(journal, checkin.id, below_minimum=below)
    found = ledger.checkin(journal, checkin.id)
    closed = found.rounds[-1]
    return found, closed, closed.results or Results(0, (), {}, {}, (), ())


def behaviour_answers(people: int = 7, shift: int = 0) -> list[Answer]:
    """Trust as TRUST (shifted), Mindset all at 1 (the team agrees), Delivery spread wide;
    trust.p1 ticked by everyone, trust.n1 by nobody."""
    answers = []
    for number in range(people):
        trust = max(-5, min(5, TRUST[number % len(TRUST)] + shift))
        ticks = {"trust.p1", "mindset.p1"} | ({"delivery.p1"} if number % 2 else set())
        answers.append(
            Answer(
                frozenset(ticks),
                {"trust": trust, "mindset": 1, "delivery": (-5, 5)[number % 2]},
            )
        )
    return answers


def trace_answers(people: int = 6) -> list[Answer]:
    return [
        Answer(frozenset({"task.i1", "task.i2"} | ({"energy.i1"} if number < 3 else set())))
        for number in range(people)
    ]


def shown_view(qtbot: QtBot, view: QWidget, width: int = 1200, height: int = 900) -> None:
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()


def press(widget: QWidget, key: Qt.Key) -> None:
    """A key pressed and let go, as the user does it (qtbot's own is untyped)."""
    QTest.keyClick(widget, key)


def words_of(widget: QWidget) -> str:
    parts = [widget.accessibleName(), widget.accessibleDescription()]
    for child in widget.findChildren(QWidget):
        parts += [child.accessibleName(), child.accessibleDescription(), child.toolTip()]
        if isinstance(child, QLabel):
            parts.append(child.text())
    return "\n".join(parts)


# ---------------------------------------------------------------------- what is said


def test_a_screen_reader_hears_every_cards_figures(
    qtbot: QtBot, journal: Journal, light: Scheme
) -> None:
    checkin, round_, found = run_round(journal, BEHAVIOURS, behaviour_answers())
    view = ResultsView(checkin, round_, found)
    shown_view(qtbot, view)
    radar = view.findChild(MedianRadar)
    assert radar is not None
    said = radar.accessibleDescription()
    assert "Trust: median 2, middle half 1 to 3, 7 answers" in said
    assert "Mindset: median 1, middle half 1 to 1, 7 answers" in said
    titles = {c.card_id: c.title for c in checkin.invitation.cards}
    for spread in found.spreads:
        assert spread_words(titles[spread.card_id], spread) in said
    assert found.agree[0] == "mindset" and found.differ[0] == "delivery"
    assert view.agree_label is not None and view.differ_label is not None
    assert view.agree_label.accessibleName().startswith("Agree most: Mindset: +1 to +1")
    assert "Delivery: \u22125 to +5" in view.differ_label.text()
    trust = next(card for card in view.heat_cards if card.card.card_id == "trust")
    assert "positive indicator" in trust.accessibleDescription()
    assert f"{trust.card.indicators[0].text}: 100%" in trust.accessibleDescription()
    header = [view.title_label.text(), view.meta_label.text(), view.privacy_label.text()]
    assert header[0] == "Ward 7 pulse" and header[2] == ANONYMITY
    assert "System Leadership Behaviours" in header[1] and "round 1" in header[1]
    assert "7 answered" in header[1] and "closed" in header[1]


def test_a_checklist_round_has_bars_not_a_radar(
    qtbot: QtBot, journal: Journal, light: Scheme
) -> None:
    checkin, round_, found = run_round(journal, TRACE, trace_answers())
    assert found.spreads == ()
    view = ResultsView(checkin, round_, found)
    shown_view(qtbot, view)
    view.grab()  # painted without a radar to draw
    assert view.findChild(MedianRadar) is None
    bars = view.findChild(InPlaceBars)
    assert bars is not None
    task = round(found.in_place["task"] * 100)
    assert f"Task: on average {task}% of the team see its indicators in place" in (
        bars.accessibleDescription()
    )
    indicators = {i.indicator_id: i.text for c in checkin.invitation.cards for i in c.indicators}
    assert view.agree_label is not None
    assert indicators[found.agree[0]] in view.agree_label.text()
    assert "Positive indicators" not in words_of(view)  # a checklist has no polarity


# ---------------------------------------------------------------------- the heat map


def cell_colours(
    qtbot: QtBot, view: ResultsView, card: HeatCard, indicator_id: str
) -> tuple[QColor, list[QColor]]:
    """The fill of a cell (its corner) and every pixel of its middle, as painted."""
    view.area.ensureWidgetVisible(card, 0, 0)
    QApplication.processEvents()
    rect = card.cell_rect(indicator_id).toRect()
    image: QImage = view.grab().toImage()
    corner = card.mapTo(view, rect.topLeft() + QPoint(3, 3))
    fill = image.pixelColor(corner)
    middle = card.mapTo(view, rect.center())
    pixels = [
        image.pixelColor(middle.x() + dx, middle.y() + dy)
        for dx in range(-rect.width() // 3, rect.width() // 3)
        for dy in range(-rect.height() // 4, rect.height() // 4)
    ]
    return fill, pixels


@pytest.mark.parametrize("choice", [Appearance.LIGHT, Appearance.DARK])
def test_the_heat_map_reads_in_greyscale_and_its_figures_read_on_every_fill(
    qtbot: QtBot, journal: Journal, choice: Appearance
) -> None:
    scheme = scheme_is(choice)
    checkin, round_, found = run_round(journal, BEHAVIOURS, behaviour_answers())
    assert found.shares["trust.p1"] == 1.0 and found.shares["trust.n1"] == 0.0
    view = ResultsView(checkin, round_, found, scheme=scheme)
    shown_view(qtbot, view)
    trust = next(card for card in view.heat_cards if card.card.card_id == "trust")
    high, high_pixels = cell_colours(qtbot, view, trust, "trust.p1")
    low, low_pixels = cell_colours(qtbot, view, trust, "trust.n1")
    # In grey, the share is the lightness: more of the team, further from the surface
    # (darker on light, lighter on dark).
    if scheme is Scheme.LIGHT:
        assert qGray(high) + 100 < qGray(low)
    else:
        assert qGray(high) > qGray(low) + 100
    for fill, pixels in ((high, high_pixels), (low, low_pixels)):
        best = max(contrast_ratio(fill.name(), p.name()) for p in pixels)
        assert best >= 4.5, (fill.name(), best)  # the printed share reads on its fill


def qGray(colour: QColor) -> int:  # noqa: N802 (as Qt names it)
    return (colour.red() * 11 + colour.green() * 16 + colour.blue() * 5) // 32


# ---------------------------------------------------------------------- keys


def test_the_keys_alone_scroll_the_results_and_reach_each_chart(
    qtbot: QtBot, journal: Journal, light: Scheme
) -> None:
    checkin, round_, found = run_round(journal, BEHAVIOURS, behaviour_answers())
    view = ResultsView(checkin, round_, found)
    shown_view(qtbot, view, 1000, 700)
    view.activateWindow()
    view.setFocus()
    bar = view.area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    press(view.area, Qt.Key.Key_PageDown)
    after_page = bar.value()
    assert after_page > 0
    press(view.area, Qt.Key.Key_Down)
    assert bar.value() > after_page
    press(view.area, Qt.Key.Key_PageUp)
    press(view.area, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    stops = []
    for _ in range(30):  # Tab goes on through the charts and the heat map, scrolled to
        press(QApplication.focusWidget() or view, Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    radar = view.findChild(MedianRadar)
    assert radar in stops and view.agree_label in stops
    last_card = view.heat_cards[-1]
    assert last_card in stops
    assert bar.value() > 0  # the area followed the focus down


# ---------------------------------------------------------------------- for the room


def test_the_room_reads_every_line_and_pages_with_the_clicker(
    qtbot: QtBot, journal: Journal, light: Scheme
) -> None:
    checkin, round_, found = run_round(journal, BEHAVIOURS, behaviour_answers())
    audience = AudienceWindow(Scheme.LIGHT)
    qtbot.addWidget(audience)
    audience.resize(1920, 1080)
    audience.show()
    shown = present_results(checkin, round_, found, audience=audience)
    assert shown is audience and audience.mode == "results"
    view = audience.results
    assert isinstance(view, ResultsView) and view.large
    qtbot.wait(20)  # laid out for the window's size
    labels = [label for label in view.findChildren(QLabel) if label.isVisibleTo(view)]
    assert labels and min(label.font().pixelSize() for label in labels) >= 33  # 0.75 x 44
    page, pages = audience.page()
    assert page == 1
    for number in range(2, pages + 1):
        assert audience.turn(1)
        assert audience.page() == (number, pages)
    assert not audience.turn(1)  # the last page: the presenter goes on to the next card
    audience.black_or_white("#000000")
    audience.black_or_white(None)
    assert audience.mode == "results" and audience.page() == (pages, pages)
    audience.show_cards()
    assert audience.mode == "card" and audience.stack.currentWidget() is audience.card_view


# ---------------------------------------------------------------------- the trend


def test_the_trend_shows_each_round_and_a_round_without_results_as_a_gap(
    qtbot: QtBot, journal: Journal, light: Scheme
) -> None:
    checkin, _, _ = run_round(journal, BEHAVIOURS, behaviour_answers(), min_group=5)
    for people, shift in ((7, 1), (3, 0), (8, -1)):  # round 3: below the minimum of 5
        checkin, _, _ = run_round(
            journal, BEHAVIOURS, behaviour_answers(people, shift), checkin=checkin
        )
    assert [r.results is None for r in checkin.rounds] == [False, False, True, False]
    view = TrendView([checkin])
    shown_view(qtbot, view, 1200, 800)
    trust = next(plot for plot in view.plots if plot.card.card_id == "trust")
    said = trust.accessibleDescription()
    for number in (1, 2, 4):
        assert f"round {number}, closed" in said
    assert "round 1, closed" in said and "median 2, middle half 1 to 3, 7 answers" in said
    assert "median 3, middle half 2 to 4, 7 answers" in said  # round 2, one step up
    assert "no results: 3 answered, fewer than the minimum of 5" in said
    assert "round 3" in view.note.text() and "gap" in view.note.text()
    view.picker.setFocus()
    for _ in range(6):  # Trust is the sixth card, after "Every card"
        press(view.picker, Qt.Key.Key_Down)
    single = view.single
    assert isinstance(single, TrendPlot) and single.card.card_id == "trust"
    assert view.stack.currentWidget() is single
    QApplication.processEvents()
    image = single.grab().toImage()
    assert single.runs() == [[0, 1], [3]]

    def darkest_run(x: float, y: float) -> int:
        """The longest upright run of near-black pixels about (x, y): the median line."""
        longest = run = 0
        for dy in range(-12, 13):
            colour = image.pixelColor(round(x), round(y) + dy)
            run = run + 1 if colour.lightness() < 60 else 0
            longest = max(longest, run)
        return longest

    def between(a: int, b: int) -> tuple[float, float]:
        one, two = single.values[a], single.values[b]
        assert one is not None and two is not None
        x = (single.x_of(a) + single.x_of(b)) / 2
        return x, (single.y_of(one.median) + single.y_of(two.median)) / 2

    assert darkest_run(*between(0, 1)) >= 2  # the line joins rounds 1 and 2
    assert darkest_run(*between(1, 3)) == 0  # and does not cross the gap
    gap = image.pixelColor(round(single.x_of(2)), round(single.y_of(4.5)))
    hatched = {
        image.pixelColor(round(single.x_of(2)) + dx, round(single.y_of(4.5))).name()
        for dx in range(12)
    }
    assert len(hatched) > 1 and gap.isValid()  # hatched, not blank


def test_a_trend_is_of_one_deck(journal: Journal, light: Scheme) -> None:
    behaviours, _, _ = run_round(journal, BEHAVIOURS, behaviour_answers())
    trace, _, _ = run_round(journal, TRACE, trace_answers())
    with pytest.raises(ValueError, match="one deck"):
        TrendView([behaviours, trace])
