"""The house stays as issue 15 left it: the Session is a small facade over services/edits/, and the window's
code names the session and the changes it receives by their types, so a reader (and mypy) can follow them.

Read with ``ast`` like tests/unit/test_layers.py: nothing is imported.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "g60desk"
#: parameters the window passes around everywhere, and the one type each must be annotated with
TYPED_PARAMETERS = {"session": "Session", "change": "Change"}


def test_the_session_is_a_small_facade():
    lines = (PACKAGE / "services" / "session.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 250, "the edits belong in services/edits/, one module per part of the document"


def test_each_part_of_the_document_has_its_own_edit_module():
    edits = PACKAGE / "services" / "edits"
    assert {p.stem for p in edits.glob("*.py")} >= {"core", "tree", "form", "indicators", "budget",
                                                    "acknowledgements"}


def untyped_parameters(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
            wanted = TYPED_PARAMETERS.get(arg.arg)
            written = ast.unparse(arg.annotation) if arg.annotation is not None else None
            if wanted is not None and written != wanted:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}({arg.arg}: {written})")
    return found


@pytest.mark.parametrize("package", ["qt", "cli"])
def test_the_window_and_the_command_line_name_the_session_type(package):
    modules = sorted(p for p in (PACKAGE / package).rglob("*.py") if "ui_generated" not in p.parts)
    assert modules
    assert [found for p in modules for found in untyped_parameters(p)] == []


def test_the_checker_of_parameters_sees_an_untyped_session(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("def show(session, change: Change, other: int) -> None: ...\n"
                      "def edit(session: Any) -> None: ...\n", encoding="utf-8")
    assert untyped_parameters(module, tmp_path) == ["sample.py:1 show(session: None)",
                                                    "sample.py:2 edit(session: Any)"]
