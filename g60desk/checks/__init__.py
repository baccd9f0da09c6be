"""审核: the rule catalog and how to run it — on a node, a department, a whole file, or live after edits.

No Qt and no SQL here: checks take domain objects only. Every rule is a small function registered with
a stable id, a family, a severity and a Chinese title (``RULES``); every finding says where (path and
field, see :mod:`g60desk.checks.places`) and what, with the operands in the unit the clerk sees.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: public name → submodule; loaded on first use so that `g60desk print` and friends do not pay for the
#: rule catalog when the CLI registers the `check` verb
_EXPORTS = {
    "check_department": "engine", "check_document": "engine", "check_node": "engine",
    "clear_caches": "engine",
    "FAMILIES": "findings", "RULES": "findings", "SEVERITIES": "findings", "Finding": "findings",
    "Rule": "findings", "Operand": "findings", "acknowledgement_for": "findings", "count_by_severity": "findings",
    "is_acknowledged": "findings", "stale_acknowledgements": "findings",
    "LiveChecker": "live",
    "Place": "places", "describe_field": "places", "parse_field": "places",
}

if TYPE_CHECKING:
    from .engine import check_department, check_document, check_node, clear_caches
    from .findings import (FAMILIES, RULES, SEVERITIES, Finding, Operand, Rule, acknowledgement_for,
                           count_by_severity, is_acknowledged, stale_acknowledgements)
    from .live import LiveChecker
    from .places import Place, describe_field, parse_field

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
