"""Screenshots of the app for the README, made from the app itself with a sample journal.

    .venv/bin/python packaging/screenshots.py      (writes docs/screenshots/*.png)

It runs off screen in a throwaway data folder; nothing of the user's is read or written.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from leadcards.journal.model import Mark
from leadcards.paths import resolve
from leadcards.ui.launch import build_main_window

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def settle(rounds: int = 30) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def save(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / f"{name}.png"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        window = build_main_window(resolve(data))
        window.resize(1280, 800)
        window.show()
        journal = window.journal
        assert journal is not None
        now = dt.datetime.now(dt.UTC)
        notes = {
            "trust": "Told the team what I could not share yet, and why. The room eased.",
            "mindset": "Asked for challenge on the plan before the board paper went out.",
            "delivery": "We agreed the three steps and who owns each; first one done.",
        }
        for days, (card, text) in enumerate(notes.items()):
            journal.add_entry(
                text,
                deck_id="system-leadership-behaviours",
                card_id=card,
                space="team",
                when=now - dt.timedelta(days=3 * days + 1),
            )
        deck = window.library.deck("system-leadership-behaviours")
        for month, shift in ((3, -1), (2, 0), (1, 1), (0, 2)):
            for number, card in enumerate(deck.cards):
                journal.add_check(
                    deck.id,
                    card.id,
                    max(-5, min(5, (number % 5) - 2 + shift)),
                    target=3,
                    when=now - dt.timedelta(days=30 * month + 1),
                )
        save(window, "browse")
        window.open_card("trust", back=True)
        ticked = {i.id for _, i in list(deck.card("trust").indicators())[:2]}
        window.card_view.set_marks("trust", ticked)
        first = next(i for _, i in deck.card("trust").indicators())
        journal.set_card_marks(deck.id, "trust", {first.id: Mark.PLUS})
        window.panel.text.setPlainText("Held the line on the budget without hiding the numbers.")
        save(window, "reflect")
        window.show_journal()
        save(window, "journal")
        printing = window.print_cards()
        printing.resize(1180, 780)
        deadline = time.monotonic() + 20
        while not printing.ready and time.monotonic() < deadline:
            settle(5)
            time.sleep(0.05)
        save(printing, "print")
        printing.close()
        window.show_grid()
        presenter = window.present()
        presenter.audience.card_view.animated = False
        presenter.go(5)
        presenter.minutes.setValue(30)
        presenter.start_countdown()
        presenter.notes.setPlainText("Ask about the board meeting; they want more on trust.")
        settle()
        save(presenter, "present-console")
        presenter.audience.showNormal()
        presenter.audience.resize(1280, 720)
        save(presenter.audience, "present-audience")
        presenter.close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
