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


def loaded_by(modules: list[str], *wanted: str) -> list[str]:
    """What importing ``modules`` in a fresh interpreter loads of ``wanted``: top-level
    package names, or module names ending in ``.`` (that module and everything under it)."""
    code = (
        "import importlib, os, sys\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    under = tuple(w for w in wanted if w.endswith("."))
    return [
        name
        for name in result.stdout.strip().split(",")
        if name.split(".")[0] in wanted or f"{name}.".startswith(under)
    ]


def test_importing_the_core_does_not_load_qt() -> None:
    assert loaded_by(core_modules(), "PySide6", "shiboken6") == []


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
    started = ["leadcards.cli", "leadcards.ui.main_window"]
    assert loaded_by(started, "reportlab", "pypdfium2") == []


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


def _module_name(source: Path) -> str:
    parts = ["leadcards", *source.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Which LeadCards module imports which, counting every import: at the top, inside a
    function (loaded later is still a dependency) and for type checking only."""
    modules = {_module_name(source): source for source in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, source in modules.items():
        package = name if source.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                    ).strip(".")
                for alias in node.names:  # a submodule, or a name in the module
                    whole = f"{base}.{alias.name}"
                    targets.append(whole if whole in modules else base)
            for target in targets:
                if target in modules and target != name and target != "leadcards":
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_is_found() -> None:
    graph = import_graph()
    assert "leadcards.journal.store" in graph["leadcards.journal.service"]
    assert "leadcards.journal.backup" in graph["leadcards.journal.opening"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No import circle anywhere in the tree, however indirect, lazy or for types only."""
    assert _cycles(import_graph()) == []


def test_the_journal_model_loads_no_store() -> None:
    """The temperature check, the worksheets and the journal's types need no SQLite."""
    users = ["leadcards.journal.model", "leadcards.temperature", "leadcards.printing.worksheets"]
    engines = ("sqlite3", "sqlcipher3")  # the store's SQLite (see leadcards.journal.engine)
    assert loaded_by(users, *engines, "leadcards.journal.store.") == []
    store = loaded_by(["leadcards.journal.store"], *engines, "leadcards.journal.store.")
    assert {"leadcards.journal.store", "sqlcipher3"} <= set(store)  # seen when they are loaded


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_audience_window_imports_nothing_of_the_journal() -> None:
    """What the room sees is built from deck content alone: no module the audience window
    reaches, however indirectly, is the journal's (or the presenter's console)."""
    reached = _reachable(import_graph(), "leadcards.ui.audience_window")
    assert "leadcards.ui.audience_face" in reached
    assert not {m for m in reached if m.startswith("leadcards.journal")}
    assert "leadcards.ui.presenter" not in reached
    assert loaded_by(["leadcards.ui.audience_window"], "sqlite3", "leadcards.journal.") == []


def test_the_journal_export_dialog_loads_no_pdf_library_until_it_writes() -> None:
    dialog = ["leadcards.ui.journal_pdf_dialog"]
    assert loaded_by(dialog, "reportlab", "pypdfium2") == []
