"""What every edit of an open document shares: the change it announces, the refusal it raises, and the
session's plumbing (push an undo command, re-run the checks the change touches, tell the listeners)."""
from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from ...domain import limits
from ...domain.model import (
    BudgetGroup,
    Department,
    Document,
    HistoryEntry,
    Indicator,
    Node,
    Section,
    explanation_of,
    form_of,
)
from ...domain.serialize import digest
from ...domain.status import UNLOCK_KIND, FileStatus, status_of, unlock_reason_problem
from ...domain.textnorm import ParseError
from ...domain.validate import InvalidDocument, check_form_limits, department_size, form_size
from ...errors import UserError
from ...store import Store, repository
from ..undo import Command, UndoHistory, ValueCommand

if TYPE_CHECKING:   # the checks load when first asked for (a window shows the file before it checks it)
    from ...checks import LiveChecker

MAX_TEXT = limits.TEXT_CHARS
R = TypeVar("R")


class EditRefused(UserError):
    """An edit the rules do not allow; ``message`` is the Chinese reason for the clerk."""


class OversizeRefused(EditRefused, limits.LimitExceeded):
    """An edit that would take the document beyond domain/limits.py (what is refused on every open)."""


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
    acknowledgement changes), ``fields`` the fields or section keys when the scope has them. For BUDGET,
    ``fields`` names the rows whose values changed ("line:0:2", "line:0:2.1", "group:1") when the budget kept
    its shape; () means the whole budget (rows added, removed or moved)."""

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


def limit_name(text: str, what: str) -> str:
    """A name: one line of visible text, at most limits.NAME_CHARS characters (domain/limits.py)."""
    if len(text) > limits.NAME_CHARS:
        raise EditRefused(f"{what}太长（{len(text)} 个字符，上限 {limits.NAME_CHARS}）。")
    problem = limits.name_problem(text)
    if problem:
        raise EditRefused(f"{what}：{problem}。")
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
    _checker: LiveChecker | None
    undo_stack: UndoHistory
    listeners: list[Listener]
    #: id(node) → the department it was last found in (checked on every use: nodes move and go)
    _department_memo: dict[int, Department]
    #: the window asks the clerk; scripts and the command line have none, and a locked file stays locked
    unlock_asker: UnlockAsker | None = None
    #: while set (:meth:`merging`), the steps pushed carry this key and the undo stack keeps them as one
    _merge_key: object = None

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    @property
    def checker(self) -> LiveChecker:
        """The live 审核 of the document, run over the whole file the first time it is asked for."""
        if self._checker is None:
            from ...checks import LiveChecker
            self._checker = LiveChecker(self.doc)
            self.checks_done()
        return self._checker

    @checker.setter
    def checker(self, checker: LiveChecker) -> None:
        self._checker = checker

    @property
    def checked(self) -> bool:
        """True once the whole file has been checked (:attr:`checker` asked for)."""
        return self._checker is not None

    def checks_done(self) -> None:
        """Called once the whole file is checked (the session freezes a large document's objects then)."""

    def _push(self, command: Command) -> None:
        """Run the command (its first redo: one transaction) and keep it for undo."""
        if self.readonly:
            raise EditRefused("文件以只读方式打开，不能修改：请用“另存为”保存一份副本后再编辑。")
        self._ensure_unlocked()
        if self._merge_key is not None and isinstance(command, ValueCommand):
            command.merge_key = self._merge_key
        self.undo_stack.push(command)

    @contextmanager
    def merging(self, key: object) -> Iterator[None]:
        """The edits made inside belong to one stint of typing in one field (``key``: the field and the stint):
        each is on disk at once, and the undo stack keeps the stint's edits as one step — the window saves an
        amount shortly after the clerk stops typing, then again on Tab, and 撤销 undoes both."""
        self._merge_key = key
        try:
            yield
        finally:
            self._merge_key = None

    def cancel_stint(self, key: object) -> bool:
        """Esc in a field: undo what this stint of typing (``key``) has saved, if it is the last step; True if
        something was undone."""
        last = self.undo_stack.last_done()
        if key is None or getattr(last, "merge_key", None) != key:
            return False
        self.undo_stack.undo()
        return True

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

    def _refuse_oversize(self, node: Node, indicators: list[Indicator] | None = None,
                         groups: list[BudgetGroup] | None = None, section: Section | None = None,
                         texts: dict[str, str] | None = None) -> None:
        """Refuse an edit that would take the 申报 or its department beyond domain/limits.py: what the
        services accept must always open again (the same limits are checked on every open)."""
        form, explanation = copy.copy(form_of(node)), copy.copy(explanation_of(node))
        probe = Node(name=node.name, kind=node.kind, form=form, explanation=explanation)
        if indicators is not None:
            form.indicators = indicators
        if groups is not None:
            explanation.budget_groups = groups
        if section is not None:
            explanation.sections = {**explanation.sections, section.key: section}
        for name, text in (texts or {}).items():
            setattr(form, name, text)
        try:
            new = check_form_limits(probe, "")
        except InvalidDocument as exc:
            raise OversizeRefused(f"“{node.name}”{exc.message.lstrip('：')}：不能再增加。") from None
        old = form_size(node)
        if all(n <= o for n, o in zip(new, old)):
            return
        _nodes, inds, lines, chars = department_size(self.department_of(node))
        for found, limit, what, unit in ((inds - old[0] + new[0], limits.INDICATORS_PER_DEPARTMENT, "绩效指标", "行"),
                                         (lines - old[1] + new[1], limits.LINES_PER_DEPARTMENT, "预算明细", "条"),
                                         (chars - old[2] + new[2], limits.DEPARTMENT_TEXT_CHARS, "文字", "字")):
            if found > limit:
                raise OversizeRefused(f"本部门的{limits.too_many(what, found, limit, unit)}：不能再增加。")

    # ---- where a node sits ------------------------------------------------------------------------
    def department_of(self, node: Node) -> Department:
        """The department ``node`` is in. The one it was found in last time is looked at first, so that an
        edit costs what its department costs, not what the whole file does."""
        known = self._department_memo.get(id(node))
        if known is not None and any(d is known for d in self.doc.departments) \
                and any(n is node for _, n in known.iter_nodes()):
            return known
        for dept in self.doc.departments:
            for _, candidate in dept.iter_nodes():
                if candidate is node:
                    self._department_memo[id(node)] = dept
                    return dept
        raise LookupError("node is not in this document")

    def parent_of(self, node: Node) -> Department | Node:
        dept = self.department_of(node)
        if any(n is node for n in dept.projects):
            return dept
        for _, candidate in dept.iter_nodes():
            if any(child is node for child in candidate.children):
                return candidate
        raise LookupError("node is not in this document")

    def path_of(self, node: Node) -> tuple[str, ...]:
        dept = self.department_of(node)
        for path, candidate in dept.iter_nodes():
            if candidate is node:
                return (dept.name,) + path
        raise LookupError("node is not in this document")
