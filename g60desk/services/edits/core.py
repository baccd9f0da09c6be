"""What every edit of an open document shares: the change it announces, the refusal it raises, and the
session's plumbing (push an undo command, re-run the checks the change touches, tell the listeners)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from ...checks import LiveChecker
from ...domain.model import Department, Document, HistoryEntry, Node
from ...domain.serialize import digest
from ...domain.status import UNLOCK_KIND, FileStatus, status_of, unlock_reason_problem
from ...domain.textnorm import ParseError
from ...errors import UserError
from ...store import Store, repository
from ..undo import Command, UndoHistory

MAX_TEXT = 20_000
R = TypeVar("R")


class EditRefused(UserError):
    """An edit the rules do not allow; ``message`` is the Chinese reason for the clerk."""


class Scope(StrEnum):
    """Which part of the document a change touched, so each view refreshes only what it shows."""

    DEPARTMENT = "department"              # a department's 名称, 预算单位数 or 绩效目标设置情况
    TREE = "tree"                          # nodes added, removed, renamed, moved, (un)declared
    FORM = "form"                          # a form's header, funding block or goals
    SECTIONS = "sections"                  # a text of the 项目经费情况说明
    INDICATORS = "indicators"              # the 绩效指标 rows
    BUDGET = "budget"                      # 六、年度预算安排
    ACKNOWLEDGEMENTS = "acknowledgements"  # 警告 accepted or withdrawn
    STATUS = "status"                      # 已报送 / 解锁: the file's history changed, not its data


@dataclass(frozen=True)
class Change:
    """What changed: ``node`` is the declared node concerned (None for department, tree and
    acknowledgement changes), ``fields`` the fields or section keys when the scope has them."""

    scope: Scope
    dept: Department | None = None
    node: Node | None = None
    fields: tuple[str, ...] = ()


#: A view told of every change (GUI models and editors; tests).
Listener = Callable[[Change], None]
#: Asked for the reason before the first edit of a submitted (已报送) file; None leaves the file locked.
UnlockAsker = Callable[[FileStatus], "str | None"]


@dataclass
class CellRefusal:
    """A pasted or typed cell that was not accepted: where, what was typed, and why."""

    row: int
    column: str
    text: str
    message: str


def locked_message(status: FileStatus) -> str:
    sub = status.last_submission
    when = sub.time.replace("T", " ") if sub else ""
    return (f"此文件已于 {when} 导出报送文件，已锁定：修改前请先解锁并写明理由（窗口中修改时会询问），"
            "修改后需要重新导出报送文件和打印。")


def limit_text(text: str, what: str) -> str:
    if len(text) > MAX_TEXT:
        raise EditRefused(f"{what}太长（{len(text)} 个字符，上限 {MAX_TEXT}）：请精简后再填写。")
    return text


def stored_id(item: Department | Node) -> int:
    """The row id of a department or node of the open document (every one read from the file has one)."""
    if item.id is None:
        raise LookupError(f"“{item.name}” is not stored in the file")
    return item.id


def fill_cells(rows: Sequence[Sequence[str]], top: int, left: int, columns: Sequence[str],
               row_at: Callable[[int], R], put: Callable[[R, str, str], None]) -> list[CellRefusal]:
    """Type or paste a block of text cells at (top, left): ``row_at`` gives (adding it when needed) the row
    object of a row number, ``put`` parses a cell's text into its column of that row, or raises ParseError or
    EditRefused and changes nothing. A refused cell is returned with its reason; cells right of the last column
    (an Excel paste's trailing blanks) are ignored."""
    refusals: list[CellRefusal] = []
    for r, cells in enumerate(rows):
        target = row_at(top + r)
        for column, cell in zip(columns[left:], cells):
            try:
                put(target, column, cell)
            except (ParseError, EditRefused) as exc:
                refusals.append(CellRefusal(top + r, column, cell, exc.message))
    return refusals


class EditCore:
    """The open document as every edit module sees it; :class:`g60desk.services.session.Session` fills it in."""

    store: Store
    doc: Document
    checker: LiveChecker
    undo_stack: UndoHistory
    listeners: list[Listener]
    #: the window asks the clerk; scripts and the command line have none, and a locked file stays locked
    unlock_asker: UnlockAsker | None = None

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    def _push(self, command: Command) -> None:
        """Run the command (its first redo: one transaction) and keep it for undo."""
        if self.readonly:
            raise EditRefused("文件以只读方式打开，不能修改：请用“另存为”保存一份副本后再编辑。")
        self._ensure_unlocked()
        self.undo_stack.push(command)

    # ---- 已报送 ------------------------------------------------------------------------------------
    def status(self) -> FileStatus:
        return status_of(self.doc)

    def _ensure_unlocked(self) -> None:
        status = self.status()
        if not status.locked:
            return
        reason = self.unlock_asker(status) if self.unlock_asker is not None else None
        if reason is None:
            raise EditRefused(locked_message(status))
        self.unlock(reason)

    def unlock(self, reason: str) -> None:
        """解锁: edit a submitted file again; the reason goes into the file's history (not undone by 撤销)."""
        problem = unlock_reason_problem(reason)
        if problem:
            raise EditRefused(problem)
        entry = HistoryEntry(time=datetime.now().isoformat(timespec="seconds"), kind=UNLOCK_KIND,
                             digest=digest(self.doc), detail=reason.strip()[:2000])
        self.record_history(entry)

    def record_history(self, entry: HistoryEntry) -> None:
        """Write a history entry (a submission, an unlock) and tell the views the file's state changed."""
        if self.readonly:
            raise EditRefused("文件以只读方式打开，不能记录：请用“另存为”保存一份副本。")
        with self.store.transaction() as db:
            repository.insert_history(db, entry)
        self.history_recorded(entry)

    def history_recorded(self, entry: HistoryEntry) -> None:
        """An entry already written to the file (by 导出报送文件): keep the open document in step."""
        self.doc.history.append(entry)
        self._notify(Change(Scope.STATUS))

    def _notify(self, change: Change, rechecked: bool = False) -> None:
        """Re-run the checks the change touches (unless the edit has just done so), then tell every listener."""
        if change.scope is Scope.STATUS or rechecked:
            pass                             # the data did not change: nothing to check again
        elif change.scope is Scope.TREE:
            self.checker.recheck_all()       # nodes came, went or were renamed: paths changed
        elif change.scope is Scope.DEPARTMENT and change.dept is not None:
            self.checker.recheck_node(change.dept, None)
        elif change.node is not None:
            self.checker.recheck_node(self.department_of(change.node), change.node)
        for listener in list(self.listeners):
            listener(change)

    # ---- where a node sits ------------------------------------------------------------------------
    def department_of(self, node: Node) -> Department:
        for dept in self.doc.departments:
            for _, candidate in dept.iter_nodes():
                if candidate is node:
                    return dept
        raise LookupError("node is not in this document")

    def parent_of(self, node: Node) -> Department | Node:
        for dept in self.doc.departments:
            if any(n is node for n in dept.projects):
                return dept
            for _, candidate in dept.iter_nodes():
                if any(child is node for child in candidate.children):
                    return candidate
        raise LookupError("node is not in this document")

    def path_of(self, node: Node) -> tuple[str, ...]:
        for path, candidate in self.doc.iter_nodes():
            if candidate is node:
                return path
        raise LookupError("node is not in this document")
