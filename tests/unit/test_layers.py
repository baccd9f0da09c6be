"""The layers of DESIGN.md §7 hold: Qt only in qt/, SQL only in store/, the window and the command line reach
files only through services/, no float in money code, no REAL column.

Read with ``ast`` (nothing is imported), so a violation is found even in a module no test imports.
"""
from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from g60desk.store.schema import SCHEMAS

PACKAGE = Path(__file__).resolve().parents[2] / "g60desk"
QT_MODULES = {"PySide6", "shiboken6"}
SQL_MODULES = {"sqlite3", "sqlite_utils"}
SQL_CALLS = {"execute", "executemany", "executescript"}


def modules(*exclude: str) -> list[Path]:
    """Every .py under g60desk/, except those under the sub-packages named in ``exclude``."""
    skipped = [PACKAGE / name for name in exclude]
    return sorted(p for p in PACKAGE.rglob("*.py") if not any(s in p.parents for s in skipped))


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(module: ast.Module, path: Path) -> list[tuple[int, str]]:
    """(line, absolute dotted name) of every import, lazy ones inside functions included."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # "from .. import store" imports a package by name
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return found


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_the_checker_sees_every_package():
    seen = {p.relative_to(PACKAGE).parts[0] for p in modules() if len(p.relative_to(PACKAGE).parts) > 1}
    assert {"domain", "store", "exchange", "qt"} <= seen


def test_no_qt_outside_qt():
    offenders = [_where(p, line) + f" imports {name}"
                 for p in modules("qt") for line, name in imported_modules(tree(p), p)
                 if name.split(".")[0] in QT_MODULES]
    assert offenders == []


def test_no_sql_outside_store():
    offenders = []
    for path in modules("store"):
        module = tree(path)
        offenders += [_where(path, line) + f" imports {name}"
                      for line, name in imported_modules(module, path) if name.split(".")[0] in SQL_MODULES]
        offenders += [_where(path, node.lineno) + f" calls .{node.func.attr}("
                      for node in ast.walk(module)
                      if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr in SQL_CALLS]
    assert offenders == []


@pytest.mark.parametrize("package", ["qt", "cli"])
def test_window_and_command_line_reach_files_through_services(package):
    """qt/ and cli/ open, create and save files with services/ (one 新建, one validation), never the store."""
    offenders = [_where(p, line) + f" imports {name}"
                 for p in modules() if (PACKAGE / package) in p.parents
                 for line, name in imported_modules(tree(p), p)
                 if name == "g60desk.store" or name.startswith("g60desk.store.")]
    assert offenders == []


@pytest.mark.parametrize("package", ["domain", "store"])
def test_no_float_in_money_code(package):
    offenders = [_where(p, node.lineno)
                 for p in modules() if (PACKAGE / package) in p.parents
                 for node in ast.walk(tree(p))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float"]
    assert offenders == []


def test_the_error_base_imports_nothing():
    """g60desk/errors.py (UserError) sits below every layer, so every layer may raise it."""
    path = PACKAGE / "errors.py"
    assert [name for _, name in imported_modules(tree(path), path) if not name.startswith("__future__")] == []


def test_domain_imports_nothing_above_it():
    """domain/ is the bottom layer: plain Python, its own modules and the error base only."""
    offenders = [_where(p, line) + f" imports {name}"
                 for p in modules() if (PACKAGE / "domain") in p.parents
                 for line, name in imported_modules(tree(p), p)
                 if name.startswith("g60desk.") and not name.startswith(("g60desk.domain", "g60desk.errors"))]
    assert offenders == []


def test_store_imports_only_domain():
    # g60desk.paths (standard library only) names the user's data folder, where recovery backups go
    offenders = [_where(p, line) + f" imports {name}"
                 for p in modules() if (PACKAGE / "store") in p.parents
                 for line, name in imported_modules(tree(p), p)
                 if name.startswith("g60desk.") and name.split(".")[1] not in ("store", "domain", "errors", "paths")]
    assert offenders == []


@pytest.mark.parametrize("version", sorted(SCHEMAS))
def test_schema_has_no_real_column(version):
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMAS[version])
    columns = [(table, row[1], row[2].upper())
               for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
               for row in conn.execute(f"PRAGMA table_info({table})")]
    conn.close()
    assert columns
    # STRICT tables know INT, INTEGER, REAL, TEXT, BLOB and ANY; ANY would accept a float as well
    assert [c for c in columns if c[2] not in ("INTEGER", "TEXT", "BLOB")] == []
    assert "REAL" not in SCHEMAS[version].upper()
    money = [c for c in columns if c[1].endswith("_fen")]
    assert money and all(c[2] == "INTEGER" for c in money)


def test_the_import_reader_resolves_relative_and_lazy_imports():
    source = ("from ..store import Store\nfrom . import money\nimport sqlite3 as db\n"
              "def later():\n    from PySide6.QtWidgets import QWidget\n")
    names = {name for _, name in imported_modules(ast.parse(source), PACKAGE / "domain" / "fake.py")}
    assert {"g60desk.store", "g60desk.store.Store", "g60desk.domain", "g60desk.domain.money", "sqlite3",
            "PySide6.QtWidgets"} <= names
