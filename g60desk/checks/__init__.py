"""审核: the rule catalog and how to run it — on a node, a department, a whole file, or live after edits.

No Qt and no SQL here: checks take domain objects only. Every rule is a small function registered with
a stable id, a family, a severity and a Chinese title (``RULES``); every finding says where (path and
field, see :mod:`g60desk.checks.places`) and what, with the operands in the unit the clerk sees.
"""
from __future__ import annotations

from .engine import check_department, check_document, check_node, clear_caches
from .findings import (
    FAMILIES,
    RULES,
    SEVERITIES,
    Finding,
    Operand,
    Rule,
    acknowledgement_for,
    count_by_severity,
    is_acknowledged,
    stale_acknowledgements,
)
from .live import LiveChecker
from .places import Place, describe_field, parse_field

__all__ = ["FAMILIES", "RULES", "SEVERITIES", "Finding", "LiveChecker", "Operand", "Place", "Rule",
           "acknowledgement_for", "check_department", "check_document", "check_node", "clear_caches",
           "count_by_severity",
           "describe_field", "is_acknowledged", "parse_field", "stale_acknowledgements"]
