"""An open document and the one door for every change to it (GUI and CLI alike).

Each edit: parse what the person typed (one parser per kind of value), build an undo command holding
old and new values, push it (redo = one transaction, on disk when it returns), re-run the checks that
touch what changed, and tell the listeners what changed so each view refreshes only that.

The edits live in ``services/edits/``, one module per part of the document; this facade opens the file
and holds what they share.
"""
from __future__ import annotations

from pathlib import Path

from ..checks import LiveChecker
from ..store import Store
from .edits.acknowledgements import MIN_ACK_REASON_CHARS, AcknowledgementEdits
from .edits.budget import LINE_COLUMNS, BudgetCell, BudgetEdits, LinePath, line_at, line_list
from .edits.core import CellRefusal, Change, EditRefused, Listener, Scope
from .edits.form import DATE_FORM_FIELDS, TEXT_FORM_FIELDS, FormEdits, FormValue
from .edits.indicators import INDICATOR_COLUMNS, IndicatorEdits
from .edits.tree import TreeEdits
from .undo import UndoHistory, UndoStack

__all__ = ["DATE_FORM_FIELDS", "INDICATOR_COLUMNS", "LINE_COLUMNS", "MIN_ACK_REASON_CHARS", "TEXT_FORM_FIELDS",
           "BudgetCell", "CellRefusal", "Change", "EditRefused", "FormValue", "LinePath", "Listener", "Scope",
           "Session", "line_at", "line_list"]


class Session(TreeEdits, FormEdits, IndicatorEdits, BudgetEdits, AcknowledgementEdits):
    """The open document: store, in-memory Document, live checks, undo stack and change listeners.

    Its edits come from the part they change: :class:`TreeEdits` (departments and nodes),
    :class:`FormEdits` (header, funding, goals, explanation texts), :class:`IndicatorEdits`,
    :class:`BudgetEdits` (六、年度预算安排) and :class:`AcknowledgementEdits`."""

    def __init__(self, store: Store, undo_stack: UndoHistory | None = None):
        self.store = store
        self.doc = store.load()
        self.checker = LiveChecker(self.doc)
        self.undo_stack = undo_stack if undo_stack is not None else UndoStack()
        self.listeners = []

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, undo_stack: UndoHistory | None = None) -> Session:
        return cls(Store.open(path, readonly=readonly), undo_stack)

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()
