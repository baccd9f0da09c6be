"""PySide6's look into every imported module for the word "PySide6" is answered from the module's file
(g60desk/qt/source_scan.py) — the same answer as PySide6's own, for every module a session of the window loads."""
from __future__ import annotations

import sys

import g60desk.qt  # noqa: F401 - installs the quick scan
import g60desk.qt.shell.main_window  # noqa: F401 - the window's modules, Qt and not
from g60desk.qt import source_scan


def test_the_quick_scan_is_installed():
    feature = sys.modules["PySide6.support.feature"]
    assert getattr(feature._mod_uses_pyside, "quick", False)


def test_the_quick_scan_answers_as_pyside_for_every_module_loaded():
    slow = sys.modules["PySide6.support.feature"]._mod_uses_pyside.slow
    modules = [m for m in list(sys.modules.values()) if m is not None]
    answers = {getattr(m, "__name__", "?"): (source_scan.quick_uses_pyside(m, slow), slow(m)) for m in modules}
    assert {name: pair for name, pair in answers.items() if pair[0] != pair[1]} == {}
    assert answers["g60desk.qt.shell.main_window"] == (True, True)
    assert answers["g60desk.domain.model"] == (False, False)
    assert sum(quick for quick, _ in answers.values()) >= 20
