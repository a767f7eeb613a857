"""What people install: the sdist and wheel carry every resource and a fresh environment
runs the app from the wheel; the desktop entry, AppStream data and icons are valid."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from leadcards import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "leadcards" / "resources"


def _resource_names() -> set[str]:
    return {
        str(path.relative_to(ROOT))
        for path in RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py"
    }


def test_every_icon_size_is_there_at_its_size() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "leadcards.png"
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)
    assert (RESOURCES / "icons" / "leadcards.svg").read_text().startswith("<svg")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no validator here")
def test_the_desktop_entry_validates() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "leadcards.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="no validator here")
def test_the_appstream_metadata_validates() -> None:
    done = subprocess.run(
        [
            "appstreamcli",
            "validate",
            "--no-net",
            str(PACKAGING / "io.github.leadcards.LeadCards.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.packaging
def test_sdist_and_wheel_carry_every_resource_and_the_wheel_runs_in_a_fresh_venv(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("leadcards-*.whl")
    (sdist,) = dist.glob("leadcards-*.tar.gz")
    assert wheel.name.startswith(f"leadcards-{__version__}-")
    wanted = _resource_names()
    assert {"leadcards/resources/fonts/OFL.txt", "leadcards/resources/decks/trace.json"} <= wanted
    with zipfile.ZipFile(wheel) as archive:
        assert wanted <= set(archive.namelist())
    with tarfile.open(sdist) as archive:
        inside = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert wanted <= inside and "LICENSE" in inside
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    command = venv / ("Scripts" if os.name == "nt" else "bin") / "leadcards"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LEADCARDS_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": "",
    }
    outside = tmp_path  # not the checkout, so the installed package is the one that runs

    def run(*args: str) -> str:
        return subprocess.run(
            [str(command), *args], capture_output=True, text=True, check=True, env=env, cwd=outside
        ).stdout

    assert run("--version").strip() == f"LeadCards {__version__}"
    listed = run("decks").split()
    assert "system-leadership-behaviours" in listed and "trace" in listed
    assert "smoke test: 2 decks" in run("--smoke")
    deck_pdf = tmp_path / "deck.pdf"
    run("print", "deck", "trace", "-o", str(deck_pdf))
    assert deck_pdf.read_bytes().startswith(b"%PDF")
