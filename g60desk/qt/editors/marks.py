"""Findings and refused entries as cell marks: which cell, how bad, what to say in the tooltip."""
from __future__ import annotations

import weakref
from dataclasses import dataclass

from PySide6.QtGui import QColor

from ...domain.model import Node
from ...services.session import Session

#: background of a cell by the worst thing about it; "refused" is a typed text that was not accepted
BACKGROUNDS = {
    "refused": QColor("#f6b4b4"),
    "error": QColor("#fbd3d3"),
    "warning": QColor("#fff1b8"),
}
REFUSED_TEXT = QColor("#9b0000")
REPEATED_TEXT = QColor("#a0a0a0")
DIFFERENCE_BACKGROUND = QColor("#ffe4c4")
_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Mark:
    severity: str  # error | warning | info
    message: str


#: checker → {id(node): (checker version, node path, marks)}: the marks of a node are worked out once per run of
#: the checks, however many editors of the node ask (the form, goals and explanation pages, both grids)
_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def node_marks(session: Session, node: Node) -> dict[str, Mark]:
    """The findings of ``node`` by their field ("indicator:3:value", "line:0:2:stated_fen" …); the same dict
    for every caller until the checks run again (do not change it).

    Several findings on one field join their messages; the worst severity colours the cell."""
    try:
        path = tuple(session.path_of(node))
    except LookupError:
        return {}
    checker = session.checker
    version = getattr(checker, "version", None)   # a stand-in checker of the tests has none: no memo
    if version is None:
        return _marks(checker.for_path(path))
    memo = _MEMO.setdefault(checker, {})
    known = memo.get(id(node))
    if known is not None and known[0] == version and known[1] == path:
        return known[2]
    marks = _marks(checker.for_path(path))
    memo[id(node)] = (version, path, marks)
    return marks


def _marks(found) -> dict[str, Mark]:
    marks: dict[str, Mark] = {}
    for finding in found:
        key = finding.field or ""
        severity = finding.severity
        message = finding.message
        old = marks.get(key)
        if old is None:
            marks[key] = Mark(severity, message)
        else:
            worst = severity if _RANK.get(severity, 0) > _RANK.get(old.severity, 0) else old.severity
            marks[key] = Mark(worst, old.message + "\n" + message)
    return marks


def worse(a: Mark | None, b: Mark | None) -> Mark | None:
    if a is None or b is None:
        return a or b
    severity = a.severity if _RANK.get(a.severity, 0) >= _RANK.get(b.severity, 0) else b.severity
    return Mark(severity, a.message + "\n" + b.message)
