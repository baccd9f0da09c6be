"""Imports reportlab.platypus without its slowest line: a URL pattern compiled at import time.

reportlab.platypus.paragraph compiles ``uri_pat`` when imported: case-insensitive over the whole BMP,
≈50 ms, a tenth of a whole ``g60desk print``. It is read only to hyphenate URLs in Latin text, which
the forms never do, so here it is compiled the first time it is used. Every module of this package
that imports reportlab.platypus imports this module first; any other pattern compiles as usual.
"""
from __future__ import annotations

import re
import sys

#: how reportlab's URL pattern begins (a later reportlab with another pattern is simply not affected)
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


class LazyPattern:
    """Stands for a compiled pattern and compiles it on first use."""

    def __init__(self, pattern: str, flags: int, compile_):
        self._args = (pattern, flags)
        self._compile = compile_
        self._compiled = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = self._compile(*self._args)
        return getattr(self._compiled, name)


def import_platypus() -> None:
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    real_compile = re.compile

    def compile_(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START):
            return LazyPattern(pattern, flags, real_compile)
        return real_compile(pattern, flags)

    re.compile = compile_
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = real_compile


import_platypus()
