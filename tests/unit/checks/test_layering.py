"""The checks take domain objects only: no Qt, no SQL, nothing from the layers above."""
from __future__ import annotations

import ast
from pathlib import Path

import g60desk.checks

FORBIDDEN = ("PySide6", "sqlite3", "sqlite_utils", "g60desk.store", "g60desk.qt", "g60desk.services",
             "g60desk.report", "g60desk.exchange", "g60desk.cli")
#: sibling packages of g60desk reached with relative imports (..store from checks, ...store from checks.rules)
FORBIDDEN_RELATIVE = ("store", "qt", "services", "report", "exchange", "cli")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
    return names


def test_checks_import_no_qt_and_no_sql():
    folder = Path(g60desk.checks.__file__).parent
    for path in folder.rglob("*.py"):
        depth = len(path.relative_to(folder).parts)  # 1 for checks/x.py, 2 for checks/rules/x.py
        for name in _imports(path):
            assert not any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN), (path.name, name)
            if name.startswith("." * (depth + 1)) and not name.startswith("." * (depth + 2)):
                top = name.lstrip(".").split(".")[0]
                assert top not in FORBIDDEN_RELATIVE, (path.name, name)
