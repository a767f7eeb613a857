"""``python -m bench.images``: card images against their target, the plain PDF beside them.

Both built-in decks, every card, both sides, at 300 dpi with the 3 mm bleed (the print
preset), written as PNG files into a fresh folder through the guarded writer: under 10 s
on this 2-core machine. The baseline, in the same run, is the plain PDF export of the same
decks (home duplex, the defaults). Each run is a fresh interpreter, so the typefaces and
PDFium are loaded every time, as they are for a user. Also shown, without a target: the
slides preset, and the images into one zip. Medians of several runs, with min and max.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import ROOT, Figure, report

_IMAGES = """
import sys, time
from pathlib import Path
from leadcards.library import builtin_decks
from leadcards.printing.images import Preset, export_images, preset_options
from leadcards.printing.options import PrintOptions
decks = builtin_decks()
chosen = [(d, d.cards) for d in decks]
began = time.perf_counter()
count = export_images(sys.argv[1], chosen, preset_options(Preset(sys.argv[2]), PrintOptions()))
print(time.perf_counter() - began, count)
"""

_PDF = """
import sys, time
from pathlib import Path
from leadcards.library import builtin_decks
from leadcards.printing.deck_pdf import PrintOptions, write_deck_pdf
decks = builtin_decks()
began = time.perf_counter()
write_deck_pdf([(d, d.cards) for d in decks], Path(sys.argv[1]), PrintOptions())
print(time.perf_counter() - began)
"""


def _run(script: str, *argv: str, env: dict[str, str]) -> list[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True, text=True, env=env, check=True, timeout=300,
    ).stdout.split()  # fmt: skip


def image_figures(runs: int) -> list[Figure]:
    images = Figure(
        "card images, both decks, 300 dpi, bleed, both sides", "< 10 s", unit="s", limit=10.0
    )
    baseline = Figure("  baseline: the plain deck PDF, both decks", "-", unit="s")
    slides = Figure("  card images, slides preset (192 dpi)", "-", unit="s")
    zipped = Figure("  card images, print preset, into one zip", "-", unit="s")
    for figure in (baseline, slides, zipped):
        figure.status = "no target"
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "LEADCARDS_DATA_DIR": folder, "PYTHONPATH": str(ROOT)}
        for run in range(runs):
            out = _run(_IMAGES, str(Path(folder) / f"print-{run}"), "print", env=env)
            assert out[1] == "36", out
            images.samples.append(float(out[0]))
            baseline.samples.append(float(_run(_PDF, str(Path(folder) / "deck.pdf"), env=env)[0]))
            slides.samples.append(
                float(_run(_IMAGES, str(Path(folder) / f"slides-{run}"), "slides", env=env)[0])
            )
            zipped.samples.append(
                float(_run(_IMAGES, str(Path(folder) / f"cards-{run}.zip"), "print", env=env)[0])
            )
    return [images, baseline, slides, zipped]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures = image_figures(args.runs)
    failed = report(figures, width=54)
    median = statistics.median
    print(
        f"\nimages take {median(figures[0].samples) / median(figures[1].samples):.1f} times "
        "as long as the plain PDF"
    )
    return failed


if __name__ == "__main__":
    sys.exit(main())
