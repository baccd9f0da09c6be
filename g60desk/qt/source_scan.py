"""PySide6 looks into every module imported after it for the word "PySide6" (to know which modules may say
``from __feature__ import …``, PYSIDE-2029), and reads each one's source through ``inspect.getsource``: 20 ms of a
start that imports some 180 modules. The same answer from the module's file read as bytes costs a tenth of that.

Installed once, before the window's modules are imported (g60desk/qt/__init__.py); a PySide6 without that private
function is left as it is. tests/qt/test_source_scan.py compares the two answers for every module loaded.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - loads PySide6.support.feature, whose scan is replaced below

_FEATURE_MODULE = "PySide6.support.feature"


def quick_uses_pyside(module: ModuleType, slow: Callable[[ModuleType], bool]) -> bool:
    """Whether the source of ``module`` says "PySide6": its .py file searched as bytes, else PySide6's own way."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            pass
    return slow(module)


def install() -> None:
    feature = sys.modules.get(_FEATURE_MODULE)
    slow = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or slow is None or getattr(slow, "quick", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        return quick_uses_pyside(module, slow)

    uses_pyside.quick = True  # type: ignore[attr-defined]
    uses_pyside.slow = slow  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
