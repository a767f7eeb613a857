"""The core never imports Qt: checked in a fresh interpreter, module by module."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import leadcards

ROOT = Path(leadcards.__file__).parent


def core_modules() -> list[str]:
    names = ["leadcards"]
    for info in pkgutil.walk_packages([str(ROOT)], prefix="leadcards."):
        if info.name == "leadcards.ui" or info.name.startswith("leadcards.ui."):
            continue
        if info.name == "leadcards.__main__":
            continue  # runs the app when imported
        names.append(info.name)
    return names


def test_core_modules_are_found() -> None:
    found = core_modules()
    assert {
        "leadcards.cli",
        "leadcards.deck",
        "leadcards.library",
        "leadcards.paths",
        "leadcards.colours",
    } <= set(found)


def test_importing_the_core_does_not_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_cli_lists_decks_without_loading_qt() -> None:
    code = (
        "import sys\n"
        "from leadcards.cli import main\n"
        "main(['decks'])\n"
        "assert 'PySide6' not in sys.modules, 'PySide6 was loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


def test_ui_code_holds_no_sql_or_reportlab() -> None:
    for source in (ROOT / "ui").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from) (sqlite3|reportlab)\b", text, re.M), source
