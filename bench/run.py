"""``make bench``: every speed and memory figure against its target, in one table.

Each figure runs several times; the table gives the median with min and max, the target and
pass/fail, and the results are written as JSON for comparing runs. Benchmarks use their own
temporary data dir, never the user's. Figures whose feature has not been built yet are
listed as "not built".
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Figure:
    name: str
    target: str
    unit: str = "ms"
    samples: list[float] = field(default_factory=list)
    limit: float | None = None  # the measured median must be at most this
    detail: dict[str, list[float]] = field(default_factory=dict)
    status: str = "not built"

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    def judge(self) -> None:
        if self.median is not None and self.limit is not None:
            self.status = "pass" if self.median <= self.limit else "FAIL"


def _smoke_ms(command: list[str], env: dict[str, str]) -> float:
    out = subprocess.run(
        command, capture_output=True, text=True, env=env, check=True, timeout=120
    ).stdout
    match = re.search(r"first paint after (\d+) ms", out)
    if not match:
        raise RuntimeError(f"no timing in: {out!r}")
    return float(match.group(1))


def startup(runs: int) -> Figure:
    """Start-up to first paint, as a ratio to a bare PySide6 window, runs interleaved."""
    # The target is 1.75x (1.5x is where LeadCards wants to be): both whole processes, side
    # by side, the baseline importing nothing of LeadCards.
    figure = Figure("start-up to first paint (ratio to bare Qt)", "<= 1.75x", unit="x", limit=1.75)
    # As installed (pip and the standalone app both ship compiled modules): compiled once
    # here, and read compiled, even where PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(ROOT / "leadcards", quiet=1)
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "LEADCARDS_DATA_DIR": data, "PYTHONPATH": str(ROOT)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours, bare = [], []
        for _ in range(runs):
            ours.append(_smoke_ms([sys.executable, "-m", "leadcards", "--smoke"], env))
            bare.append(_smoke_ms([sys.executable, str(ROOT / "bench" / "bare_qt.py")], env))
    figure.samples = [o / b for o, b in zip(ours, bare, strict=True)]
    figure.detail = {"leadcards_ms": ours, "bare_qt_ms": bare}
    return figure


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _application():  # type: ignore[no-untyped-def]
    from leadcards.ui.launch import create_application

    return create_application()


def _window_1080p(data_dir: str):  # type: ignore[no-untyped-def]
    """The main window at 1920x1080 over its own data dir, shown and settled."""
    from PySide6.QtWidgets import QApplication

    from leadcards.library import load_library
    from leadcards.paths import resolve
    from leadcards.ui.main_window import MainWindow

    paths = resolve(data_dir)
    window = MainWindow(load_library(paths.decks_dir), paths)
    window.resize(1920, 1080)
    window.show()
    QApplication.processEvents()
    return window


def gui_figures(runs: int) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    app = _application()
    with tempfile.TemporaryDirectory() as data:
        window = _window_1080p(data)

        frame = Figure("flip frame paint, card in a 1920x1080 window", "<= 8 ms median", limit=8)
        full = Figure("flip frame paint, card filling 1920x1080", "<= 8 ms median", limit=8)
        window.open_card("trust")
        app.processEvents()
        view = window.card_view
        view.animated = True
        for figure, fill in ((frame, False), (full, True)):
            view.show_card("trust")
            app.processEvents()
            view.flip()
            view.animation.stop()  # drive the frames by hand, one synchronous paint each
            if fill:  # the whole window's size, as a projector-sized card would be
                view.overlay.setGeometry(0, 0, 1920, 1080)
                view.overlay.front = view.overlay.front.scaled(1920, 1080)
                view.overlay.back = view.overlay.back.scaled(1920, 1080)
            for _ in range(runs):
                for step in range(1, 19):
                    view.overlay.progress = step / 19
                    start = time.perf_counter()
                    view.overlay.repaint()
                    figure.samples.append((time.perf_counter() - start) * 1000)
            figure.detail = {"frame_px": [view.overlay.width(), view.overlay.height()]}
        view.show_card("trust")  # ends the hand-driven flip

        switch = Figure("switch deck or filter (18 cards)", "< 50 ms", limit=50)

        def switch_all() -> None:
            window.show_grid()
            window.select_deck("trace")
            app.processEvents()
            window.select_deck("system-leadership-behaviours")
            window.search.setText("trust")
            window.search.clear()
            app.processEvents()

        switch.samples = _timed(switch_all, runs * 5)
        window.close()
        QApplication.processEvents()
    return [frame, full, switch]


def idle_memory() -> Figure:
    """Resident memory of the idle main window (Linux: /proc; elsewhere "not measured")."""
    figure = Figure(
        "idle memory, main window with both decks", "< 150 MB RSS", unit="MB", limit=150
    )
    code = (
        "import os, resource\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "from leadcards.paths import resolve\n"
        "from leadcards.ui.launch import build_main_window\n"
        "from PySide6.QtWidgets import QApplication\n"
        "w = build_main_window(resolve(os.environ['LEADCARDS_DATA_DIR']))\n"
        "w.show()\n"
        "for _ in range(20): QApplication.processEvents()\n"
        "print(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])\n"
    )
    if not Path("/proc/self/status").exists():
        figure.status = "not measured on this system"
        return figure
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "LEADCARDS_DATA_DIR": data, "PYTHONPATH": str(ROOT)}
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
            ).stdout
            figure.samples.append(int(out.split()[-1]) / 1024)
    return figure


_WORDS = [
    "team",
    "budget",
    "trust",
    "listened",
    "decision",
    "system",
    "partners",
    "rota",
    "board",
    "challenge",
    "vision",
    "people",
    "learning",
    "feedback",
    "risk",
    "council",
    "community",
    "patients",
    "staff",
    "meeting",
    "plan",
    "route",
    "energy",
    "capability",
    "alignment",
    "task",
    "honest",
    "difficult",
    "conversation",
    "priority",
    "change",
]


def journal_entries() -> list:  # type: ignore[type-arg]
    """10,000 generated reflections of realistic lengths (the same every run)."""
    import random

    from leadcards.journal.model import Entry, utc_now

    chance = random.Random(9)
    start = utc_now()
    entries = []
    for number in range(10_000):
        words = chance.choices(_WORDS, k=int(chance.lognormvariate(4.3, 0.8)) + 5)
        moment = start.replace(microsecond=0) - dt.timedelta(hours=number)
        entries.append(
            Entry(
                uuid=str(uuid.UUID(int=chance.getrandbits(128), version=4)),
                created=moment,
                updated=moment,
                text=" ".join(words),
                deck_id="system-leadership-behaviours",
                card_id="trust",
                space=chance.choice(["self", "team", "organisation", "system"]),
            )
        )
    return entries


def journal_figures(runs: int) -> list[Figure]:
    """Import, search and opening with 10,000 generated reflections of realistic lengths."""
    from leadcards.journal.exchange import export_json, parse_json_export
    from leadcards.journal.store import Journal

    entries = journal_entries()
    importing = Figure("journal import, 10,000 entries", "< 2 s", unit="s", limit=2)
    search = Figure("journal full-text search over 10,000", "< 20 ms", limit=20)
    opening = Figure("opening a 10,000-entry journal", "< 100 ms", limit=100)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with Journal.open(base / "source.sqlite3") as source:
            source.merge(entries)
            data = export_json(source).encode()
        for run in range(min(runs, 3)):
            began = time.perf_counter()
            incoming = parse_json_export(data, "bench")
            with Journal.open(base / f"import-{run}.sqlite3") as target:
                target.merge(incoming.entries, incoming.checks)
            importing.samples.append(time.perf_counter() - began)
        with Journal.open(base / "source.sqlite3") as journal:
            for query in ["budget", "trust partners", "difficult conversation", "rota", "vis"]:
                search.samples += _timed(lambda q=query: journal.search(q), runs)
        for _ in range(runs):
            began = time.perf_counter()
            Journal.open(base / "source.sqlite3").close()
            opening.samples.append((time.perf_counter() - began) * 1000)
    importing.detail = {"json_bytes": [len(data)]}
    return [importing, search, opening, journal_view_paint(entries, runs)]


def journal_view_paint(entries: list, runs: int) -> Figure:  # type: ignore[type-arg]
    """From asking for the journal view to its list painted, with 10,000 reflections."""
    from PySide6.QtWidgets import QApplication

    figure = Figure("journal view first paint with 10,000", "< 300 ms", limit=300)
    app = _application()
    with tempfile.TemporaryDirectory() as data:
        window = _window_1080p(data)
        assert window.journal is not None
        window.journal.merge(entries)
        for _ in range(runs):
            window.show_grid()
            app.processEvents()
            began = time.perf_counter()
            window.show_journal()
            window.journal_view.list.viewport().repaint()
            figure.samples.append((time.perf_counter() - began) * 1000)
        window.close()
        QApplication.processEvents()
    return figure


_DECK_PDF = """
import sys, time
from pathlib import Path
from leadcards.library import builtin_decks
from leadcards.printing.deck_pdf import PrintOptions, write_deck_pdf
decks = builtin_decks()
began = time.perf_counter()
write_deck_pdf([(d, d.cards) for d in decks], Path(sys.argv[1]), PrintOptions())
print(time.perf_counter() - began, Path(sys.argv[1]).stat().st_size)
"""


def deck_pdf_figures(runs: int) -> list[Figure]:
    """Both built-in decks, home duplex with crop marks (the defaults), each run in a fresh
    interpreter so the typeface is loaded every time, as it is for a user."""
    seconds = Figure("deck PDF, both built-in decks, duplex", "< 1.5 s", unit="s", limit=1.5)
    size = Figure("deck PDF size, both built-in decks", "< 1 MB", unit="MB", limit=1.0)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "LEADCARDS_DATA_DIR": folder, "PYTHONPATH": str(ROOT)}
        target = str(Path(folder) / "deck.pdf")
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", _DECK_PDF, target],
                capture_output=True, text=True, env=env, check=True, timeout=120,
            ).stdout.split()  # fmt: skip
            seconds.samples.append(float(out[0]))
            size.samples.append(int(out[1]) / 1e6)
    return [seconds, size]


_JOURNAL_PDF = """
import resource, sys, time
from pathlib import Path
from leadcards.journal.store import Journal
from leadcards.library import builtin_decks
from leadcards.journal.report import JournalSelection
from leadcards.printing.journal_pdf import write_journal_pdf
decks = builtin_decks()
with Journal.open(Path(sys.argv[1])) as journal:
    began = time.perf_counter()
    report = write_journal_pdf(journal, decks, Path(sys.argv[2]), JournalSelection())
    took = time.perf_counter() - began
try:  # this process's own high-water mark (ru_maxrss can carry the parent's across exec)
    status = Path("/proc/self/status").read_text()
    peak = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(took, peak / 1024, report.pages)
"""


def _generated_journal(path: Path, count: int, seed: int) -> None:
    """``count`` reflections of realistic lengths over every card of both decks, a year of
    monthly temperature checks, some tags and marks."""
    import random

    from leadcards.journal.model import Entry, Mark, utc_now
    from leadcards.journal.store import Journal
    from leadcards.library import builtin_decks

    chance = random.Random(seed)
    decks = builtin_decks()
    cards = [(deck, card) for deck in decks for card in deck.cards]
    start = utc_now().replace(microsecond=0)
    entries = []
    for number in range(count):
        deck, card = chance.choice(cards)
        indicator = chance.choice([i for _, i in card.indicators()])
        moment = start - dt.timedelta(hours=number * 2)
        entries.append(
            Entry(
                uuid=str(uuid.UUID(int=chance.getrandbits(128), version=4)),
                created=moment,
                updated=moment,
                text=" ".join(chance.choices(_WORDS, k=int(chance.lognormvariate(4.3, 0.8)) + 5)),
                deck_id=deck.id,
                card_id=card.id,
                space=chance.choice(["self", "team", "organisation", "system", None]),
                marks={indicator.id: Mark.PLUS}
                if deck.id != "trace"
                else {indicator.id: Mark.TICK},
                tags=("quarter",) if number % 7 == 0 else (),
            )
        )
    with Journal.open(path) as journal:
        journal.merge(entries)
        for month in range(12):
            for card in decks[0].cards:
                journal.add_check(
                    decks[0].id,
                    card.id,
                    chance.randint(-5, 5),
                    target=3,
                    when=start - dt.timedelta(days=30 * month),
                )


def journal_pdf_figures(runs: int) -> list[Figure]:
    """The journal PDF of 5,000 and 10,000 reflections and of one 1 MB reflection, each in
    a fresh interpreter (so the peak memory is the report's own)."""
    small = Figure("journal PDF, 5,000 reflections", "< 10 s", unit="s", limit=10)
    memory = Figure("journal PDF, 5,000: peak memory", "< 300 MB", unit="MB", limit=300)
    ratio = Figure("journal PDF, 10,000 vs 5,000", "<= 2.2x", unit="x", limit=2.2)
    big = Figure("journal PDF, one 1 MB reflection", "< 5 s", unit="s", limit=5)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        env = {**os.environ, "LEADCARDS_DATA_DIR": folder, "PYTHONPATH": str(ROOT)}
        for count in (5_000, 10_000):
            _generated_journal(base / f"j{count}.sqlite3", count, seed=count)
        from leadcards.journal.store import Journal

        with Journal.open(base / "big.sqlite3") as journal:
            words = (" ".join(_WORDS) + ". ") * 20_000
            journal.add_entry(words[:1_000_000], deck_id="trace", card_id="task")

        def run(name: str) -> list[float]:
            out = subprocess.run(
                [sys.executable, "-c", _JOURNAL_PDF, str(base / name), str(base / "out.pdf")],
                capture_output=True, text=True, env=env, check=True, timeout=300,
            ).stdout.split()  # fmt: skip
            return [float(v) for v in out]

        tens = []
        for _ in range(min(runs, 3)):
            seconds, peak, pages = run("j5000.sqlite3")
            small.samples.append(seconds)
            memory.samples.append(peak)
            tens.append(run("j10000.sqlite3")[0])
            ratio.samples.append(tens[-1] / seconds)
            big.samples.append(run("big.sqlite3")[0])
        small.detail = {"pages": [pages]}
        ratio.detail = {"seconds_10000": tens}
    return [small, memory, ratio, big]


def presenter_figures(runs: int) -> list[Figure]:
    """The next card shown on the audience window: the console's Next, which shows the
    card and paints the audience window before anything else, at 1920x1080 and 3840x2160."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    figures = []
    with tempfile.TemporaryDirectory() as data:
        window = _window_1080p(data)
        presenter = window.present()
        audience = presenter.audience
        audience.card_view.animated = False
        for width, height in ((1920, 1080), (3840, 2160)):
            figure = Figure(f"presenter next card, {width}x{height}", "< 16 ms median", limit=16)
            audience.showNormal()
            audience.resize(width, height)
            presenter.go(0)
            for _ in range(10):
                QApplication.processEvents()

            for _ in range(max(runs, 5) * 4):
                # Between clicks the app is idle: the console catches up and the next
                # cards' faces are made (untimed, as a coach's pause is).
                for _ in range(5):
                    QApplication.processEvents()
                # Outside an event loop Qt never deletes what deleteLater left; the app's
                # loop does, so the faces let go are deleted here as there.
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                began = time.perf_counter()
                presenter.next()  # shows the card and paints the audience window at once
                figure.samples.append((time.perf_counter() - began) * 1000)
            figures.append(figure)
        presenter.close()
        window.close()
        QApplication.processEvents()
    return figures


NOT_BUILT: list[Figure] = []


def report(figures: list[Figure], width: int = 50) -> int:
    """Judge ``figures`` and print them as one table (median, min, max, result), with any
    details under it, for a benchmark module run on its own; 1 if one failed."""
    for figure in figures:
        figure.judge()
    print(f"{'figure':<{width}} {'target':<10} {'median':>10} {'min':>10} {'max':>10}  result")
    for f in figures:
        cells = [f"{v:.3f}{f.unit}" for v in (f.median or 0, min(f.samples), max(f.samples))]
        print(
            f"{f.name:<{width}} {f.target:<10} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10}"
            f"  {f.status}"
        )
    for f in figures:
        for name, values in f.detail.items():
            print(f"  {f.name}: {name} median {statistics.median(values):.3f}")
    return 0 if all(f.status != "FAIL" for f in figures) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    from bench.checkin import adding_responses, trend_of_many  # they build on this module
    from bench.encryption import encryption_figures
    from bench.images import image_figures

    figures = [
        startup(args.runs),
        *gui_figures(args.runs),
        idle_memory(),
        *journal_figures(args.runs),
        *deck_pdf_figures(args.runs),
        *image_figures(args.runs),
        *journal_pdf_figures(args.runs),
        *presenter_figures(args.runs),
        *adding_responses(args.runs),
        *trend_of_many(args.runs),
        *encryption_figures(args.runs),
        *NOT_BUILT,
    ]
    for figure in figures:
        figure.judge()
    first = figures[0].detail
    if first:
        print(
            f"start-up medians: LeadCards {statistics.median(first['leadcards_ms']):.0f} ms, "
            f"bare PySide6 window {statistics.median(first['bare_qt_ms']):.0f} ms\n"
        )
    print(f"{'figure':<46} {'target':<24} {'median':>9} {'min':>9} {'max':>9}  result")
    for f in figures:
        if f.samples:
            cells = [f"{v:.2f}{f.unit}" for v in (f.median, min(f.samples), max(f.samples))]
        else:
            cells = ["-", "-", "-"]
        print(f"{f.name:<46} {f.target:<24} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9}  {f.status}")
    record = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "figures": [{**asdict(f), "median": f.median} for f in figures],
    }
    args.json.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.json}")
    return 0 if all(f.status != "FAIL" for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
