"""The core never imports Qt: checked in a fresh interpreter, module by module."""

from __future__ import annotations

import ast
import pkgutil
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


def test_starting_the_app_or_the_cli_loads_no_pdf_library() -> None:
    """reportlab and PDFium load when something is printed, not at every start."""
    code = (
        "import os, sys\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "import leadcards.cli, leadcards.ui.main_window\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pypdfium2'))\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def _imported_modules(source: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_file_imports_qt_anywhere_in_it() -> None:
    for source in ROOT.rglob("*.py"):
        if "ui" in source.relative_to(ROOT).parts:
            continue
        qt = {m for m in _imported_modules(source) if m.split(".")[0] in ("PySide6", "shiboken6")}
        assert not qt, f"{source.name} imports {qt}"
        ui = {m for m in _imported_modules(source) if m.startswith("leadcards.ui")}
        if source.name != "cli.py":  # the command line starts the app, lazily
            assert not ui, f"{source.name} imports {ui}"


def test_ui_code_holds_no_sql_or_reportlab() -> None:
    for source in (ROOT / "ui").rglob("*.py"):
        roots = {m.split(".")[0] for m in _imported_modules(source)}
        assert not roots & {"sqlite3", "reportlab"}, source.name
        assert "PySide6.QtSql" not in _imported_modules(source), source.name
