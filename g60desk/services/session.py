"""An open document and the one door for every change to it (GUI and CLI alike).

Each edit: parse what the person typed (one parser per kind of value), build an undo command holding
old and new values, push it (redo = one transaction, on disk when it returns), re-run the checks that
touch what changed, and tell the listeners what changed so each view refreshes only that.

The edits live in ``services/edits/``, one module per part of the document; this facade opens the file
and holds what they share.
"""
from __future__ import annotations

import gc
from pathlib import Path

from ..domain.fields import FormValue
from ..domain.model import Document
from ..store import LOCK_WAIT_SECONDS, Store
from ..store.repository import gc_paused
from .edits.acknowledgements import MIN_ACK_REASON_CHARS, AcknowledgementEdits
from .edits.budget import (
    LINE_COLUMNS,
    BudgetCell,
    BudgetEdits,
    LinePath,
    follow_words,
    line_at,
    line_list,
    put_line_cell,
)
from .edits.core import CellRefusal, Change, EditRefused, Listener, OversizeRefused, Scope
from .edits.form import DATE_FORM_FIELDS, TEXT_FORM_FIELDS, FormEdits
from .edits.indicators import INDICATOR_COLUMNS, IndicatorEdits
from .edits.tree import TreeEdits
from .undo import UndoHistory, UndoStack

#: A document with this many rows (budget lines and indicators) or more is large: once it is loaded and checked,
#: gc.freeze() takes its objects out of the collector's full passes, which would otherwise walk all of them again
#: and again (82–194 ms inside an edit of a 1,000-form file). Frozen objects are still freed when no longer used.
LARGE_DOCUMENT_ROWS = 2_000

__all__ = ["DATE_FORM_FIELDS", "INDICATOR_COLUMNS", "LINE_COLUMNS", "MIN_ACK_REASON_CHARS", "TEXT_FORM_FIELDS",
           "BudgetCell", "CellRefusal", "Change", "EditRefused", "FormValue", "LinePath", "Listener",
           "OversizeRefused", "Scope",
           "Session", "follow_words", "line_at", "line_list", "put_line_cell"]


class Session(TreeEdits, FormEdits, IndicatorEdits, BudgetEdits, AcknowledgementEdits):
    """The open document: store, in-memory Document, live checks, undo stack and change listeners.

    Its edits come from the part they change: :class:`TreeEdits` (departments and nodes),
    :class:`FormEdits` (header, funding, goals, explanation texts), :class:`IndicatorEdits`,
    :class:`BudgetEdits` (六、年度预算安排) and :class:`AcknowledgementEdits`."""

    def __init__(self, store: Store, undo_stack: UndoHistory | None = None, check: bool = True):
        self.store = store
        with gc_paused():   # a large document is frozen before the collector's first pass could walk all of it
            self.doc = store.load()
            self._large = document_rows(self.doc) >= LARGE_DOCUMENT_ROWS
            if self._large:
                gc.freeze()
        self._checker = None
        self.undo_stack = undo_stack if undo_stack is not None else UndoStack()
        self.listeners = []
        self._department_memo = {}
        if check:
            self.checker.counts()   # the whole file checked now

    def checks_done(self) -> None:
        if self._large:
            gc.freeze()   # the checker's findings and memos too

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, undo_stack: UndoHistory | None = None,
             if_locked: str = "refuse", wait: float = LOCK_WAIT_SECONDS, check: bool = True) -> Session:
        """Open a document to edit. Its writer lock is held until :meth:`close`: another writer is waited
        for up to ``wait`` seconds, then refused (FileLocked names it) or, with ``if_locked="readonly"``,
        the document opens read-only (``store.locked_by`` names it). ``check=False`` leaves the 审核 until
        :attr:`checker` is first asked for (a window shows the file before it checks it)."""
        store = Store.open(path, readonly=readonly, if_locked=if_locked, wait=wait)
        try:
            return cls(store, undo_stack, check)
        except BaseException:
            store.close()
            raise

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()


def document_rows(doc: Document) -> int:
    """Indicators and (top-level) budget lines of the whole file: its size, roughly and quickly."""
    return sum(len(node.form.indicators) + sum(len(group.lines) for group in node.explanation.budget_groups)
               for _, node in doc.iter_nodes() if node.form is not None and node.explanation is not None)
