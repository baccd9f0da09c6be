"""An open document and the one door for every change to it (GUI and CLI alike).

Each edit: parse what the person typed (one parser per kind of value), build an undo command holding
old and new values, push it (redo = one transaction, on disk when it returns), re-run the checks that
touch what changed, and tell the listeners what changed so each view refreshes only that.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from ..domain.dates import parse_date
from ..domain.model import (FUNDING_FIELDS, SECTION_KEYS, Acknowledgement, BudgetGroup, BudgetLine,
                            DeclarationForm, Department, Document, FundingExplanation, Indicator, Node, Section)
from ..domain.money import parse_money
from ..domain.wording import (MAX_ENDING_CHARS, NUMBERING_STYLES, amount_as_typed, typed_from_legacy,
                              typed_numbering)
from ..domain.templates import get_template
from ..domain.textnorm import ParseError
from ..domain.values import parse_value
from ..domain.vocabulary import FIELD_LABELS, NODE_KIND_LABELS, SECTION_HEADINGS, drop_typed_number
from ..errors import UserError
from ..store import Store, repository
from .undo import FunctionCommand, UndoStack, ValueCommand

TEXT_FORM_FIELDS = ("nature", "category", "supervising_dept", "implementing_unit", "overall_goal", "annual_goal")
DATE_FORM_FIELDS = ("planned_start", "planned_end")
INDICATOR_COLUMNS = ("level1", "level2", "name", "value")
#: the typed columns of a budget line, in the grid's (and a pasted block's) order; "ending" comes last so that
#: blocks of five columns pasted from Excel (名称 … 备注) land where they always did
LINE_COLUMNS = ("label", "basis", "formula", "stated_fen", "remark", "ending")
MAX_TEXT = 20_000
#: The fewest characters of the reason that accepts a 警告.
MIN_ACK_REASON_CHARS = 2


class EditRefused(UserError):
    """An edit the rules do not allow; ``message`` is the Chinese reason for the clerk."""


@dataclass(frozen=True)
class Change:
    """What changed: ``scope`` is one of department, tree, form, sections, indicators, budget,
    acknowledgements; ``node`` is the declared node concerned (None for department/tree scopes)."""

    scope: str
    dept: Department | None = None
    node: Node | None = None
    fields: tuple[str, ...] = ()


@dataclass
class CellRefusal:
    """A pasted or typed cell that was not accepted: where, what was typed, and why."""

    row: int
    column: str
    text: str
    message: str


@dataclass
class LinePath:
    """Where a budget line sits: group index, then indices down the children."""

    group: int
    indices: tuple[int, ...]


def _limit_text(text: str, what: str) -> str:
    if len(text) > MAX_TEXT:
        raise EditRefused(f"{what}太长（{len(text)} 个字符，上限 {MAX_TEXT}）：请精简后再填写。")
    return text


class Session:
    """The open document: store, in-memory Document, checks, undo stack and change listeners."""

    def __init__(self, store: Store, undo_stack: Any | None = None):
        from ..checks import LiveChecker  # checks import domain only; imported here to keep start-up lean

        self.store = store
        self.doc: Document = store.load()
        self.checker = LiveChecker(self.doc)
        self.undo_stack = undo_stack if undo_stack is not None else UndoStack()
        self.listeners: list[Callable[[Change], None]] = []

    # ---- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, undo_stack: Any | None = None) -> "Session":
        return cls(Store.open(path, readonly=readonly), undo_stack)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    def close(self) -> None:
        self.store.close()

    # ---- plumbing ---------------------------------------------------------------------------------
    def _notify(self, change: Change) -> None:
        if change.scope == "tree":
            self.checker.recheck_all()       # nodes came, went or were renamed: paths changed
        elif change.scope == "department":
            self.checker.recheck_node(change.dept, None)
        elif change.node is not None:
            self.checker.recheck_node(self.department_of(change.node), change.node)
        for listener in list(self.listeners):
            listener(change)

    def _push(self, command) -> None:
        if self.readonly:
            raise EditRefused("文件以只读方式打开，不能修改：请用“另存为”保存一份副本后再编辑。")
        self.undo_stack.push(command)

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

    # ---- department -------------------------------------------------------------------------------
    def set_department_field(self, dept: Department, name: str, text: str) -> None:
        """名称, 预算单位数 or the 绩效目标设置情况 text, from what was typed."""
        if name == "budget_units":
            value: Any = self._parse_count(text, FIELD_LABELS["budget_units"])
        elif name == "name":
            value = self._checked_name(text, [d.name for d in self.doc.departments if d is not dept], "部门")
        elif name == "overview":
            value = _limit_text(text, FIELD_LABELS["overview"])
        else:
            raise KeyError(name)
        old = getattr(dept, name)
        if old == value:
            return

        def apply(v):
            with self.store.transaction() as db:
                repository.update_department(db, dept.id, {name: v})
            setattr(dept, name, v)
            self._notify(Change("department", dept=dept, fields=(name,)))
        self._push(ValueCommand(f"修改{FIELD_LABELS.get(name, name)}", apply, old, value))

    @staticmethod
    def _parse_count(text: str, what: str) -> int:
        from ..domain.textnorm import normalize
        body = normalize(text).strip()
        if not body.isascii() or not body.isdigit() or len(body) > 6:
            raise ParseError(f"“{text}”不是{what}：请填写一个不小于 0 的整数。")
        return int(body)

    @staticmethod
    def _checked_name(text: str, siblings: Sequence[str], what: str) -> str:
        name = text.strip()
        if not name:
            raise EditRefused(f"{what}名称不能为空。")
        if len(name) > 200:
            raise EditRefused(f"{what}名称太长（{len(name)} 个字符，上限 200）。")
        if name in siblings:
            raise EditRefused(f"同一级已有名为“{name}”的{what}：请换一个名称。")
        return name

    # ---- tree -------------------------------------------------------------------------------------
    def _siblings(self, parent: Department | Node) -> list[Node]:
        return parent.projects if isinstance(parent, Department) else parent.children

    def _dept_of_parent(self, parent: Department | Node) -> Department:
        return parent if isinstance(parent, Department) else self.department_of(parent)

    def _write_sibling_positions(self, db, parent: Department | Node) -> None:
        repository.renumber(db, "node", [n.id for n in self._siblings(parent)])

    def _insert_node(self, parent: Department | Node, index: int, node: Node) -> None:
        dept = self._dept_of_parent(parent)
        siblings = self._siblings(parent)
        node.kind = "project" if isinstance(parent, Department) else "sub_project"
        with self.store.transaction() as db:
            siblings.insert(index, node)
            try:
                repository.insert_node(db, dept.id, None if isinstance(parent, Department) else parent.id,
                                       index, node)
                self._write_sibling_positions(db, parent)
            except BaseException:
                siblings.remove(node)
                raise
        self._notify(Change("tree", dept=dept))

    def _remove_node(self, node: Node) -> tuple[Department | Node, int]:
        parent = self.parent_of(node)
        dept = self._dept_of_parent(parent)
        siblings = self._siblings(parent)
        index = next(i for i, n in enumerate(siblings) if n is node)
        with self.store.transaction() as db:
            repository.delete_node(db, node.id)
            del siblings[index]
            try:
                self._write_sibling_positions(db, parent)
            except BaseException:
                siblings.insert(index, node)
                raise
        self._notify(Change("tree", dept=dept))
        return parent, index

    def add_node(self, parent: Department | Node, name: str, index: int | None = None,
                 declared: bool = True) -> Node:
        """A new 项目 (parent is a department) or 子项目 (parent is a project), declared by default."""
        if isinstance(parent, Node) and parent.kind != "project":
            raise EditRefused("子项目下不能再建子项目：请在项目下新建子项目。")
        kind = "project" if isinstance(parent, Department) else "sub_project"
        siblings = self._siblings(parent)
        name = self._checked_name(name, [n.name for n in siblings], NODE_KIND_LABELS[kind])
        node = Node(name=name, kind=kind)
        if declared:
            node.form, node.explanation = self.new_declaration(self._dept_of_parent(parent))
        index = len(siblings) if index is None else max(0, min(index, len(siblings)))
        self._push(FunctionCommand(f"新建{NODE_KIND_LABELS[kind]}“{name}”",
                                   lambda: self._insert_node(parent, index, node),
                                   lambda: self._remove_node(node)))
        return node

    def new_declaration(self, dept: Department) -> tuple[DeclarationForm, FundingExplanation]:
        """An empty form in the document's template, with the department's names filled in."""
        template = get_template(self.doc.template)
        form = DeclarationForm(template=template.id, framework=template.framework,
                               supervising_dept=dept.name, implementing_unit=dept.name,
                               planned_start=date(self.doc.budget_year, 1, 1),
                               planned_end=date(self.doc.budget_year, 12, 31))
        return form, FundingExplanation()

    def delete_node(self, node: Node) -> None:
        parent = self.parent_of(node)
        index = next(i for i, n in enumerate(self._siblings(parent)) if n is node)
        self._push(FunctionCommand(f"删除{NODE_KIND_LABELS[node.kind]}“{node.name}”",
                                   lambda: self._remove_node(node),
                                   lambda: self._insert_node(parent, index, node)))

    def rename_node(self, node: Node, text: str) -> None:
        parent = self.parent_of(node)
        name = self._checked_name(text, [n.name for n in self._siblings(parent) if n is not node],
                                  NODE_KIND_LABELS[node.kind])
        if name == node.name:
            return

        def apply(v):
            with self.store.transaction() as db:
                repository.update_node(db, node.id, {"name": v})
            node.name = v
            self._notify(Change("tree", dept=self.department_of(node)))
        self._push(ValueCommand(f"重命名为“{name}”", apply, node.name, name))

    def move_node(self, node: Node, new_parent: Department | Node, index: int) -> None:
        """Reorder among siblings or re-parent (project ↔ sub-project) within the same department."""
        old_parent = self.parent_of(node)
        old_index = next(i for i, n in enumerate(self._siblings(old_parent)) if n is node)
        if isinstance(new_parent, Node):
            if new_parent is node or new_parent.kind != "project":
                raise EditRefused("只能把子项目放在项目下面。")
            if node.children:
                raise EditRefused(f"“{node.name}”下面还有子项目，不能变成子项目：请先移走它的子项目。")
        if self._dept_of_parent(new_parent) is not self._dept_of_parent(old_parent):
            raise EditRefused("不能把项目移到另一个部门。")
        others = [n.name for n in self._siblings(new_parent) if n is not node]
        if node.name in others:
            raise EditRefused(f"目标位置已有名为“{node.name}”的项目：请先改名。")
        target_len = len(self._siblings(new_parent)) - (1 if new_parent is old_parent else 0)
        index = max(0, min(index, target_len))
        if new_parent is old_parent and index == old_index:
            return
        self._push(FunctionCommand(f"移动“{node.name}”",
                                   lambda: self._relocate(node, new_parent, index),
                                   lambda: self._relocate(node, old_parent, old_index)))

    def _relocate(self, node: Node, parent: Department | Node, index: int) -> None:
        old_parent = self.parent_of(node)
        dept = self._dept_of_parent(parent)
        old_siblings = self._siblings(old_parent)
        old_siblings.remove(node)
        self._siblings(parent).insert(index, node)
        node.kind = "project" if isinstance(parent, Department) else "sub_project"
        with self.store.transaction() as db:
            repository.update_node(db, node.id, {
                "parent_id": None if isinstance(parent, Department) else parent.id, "kind": node.kind})
            self._write_sibling_positions(db, old_parent)
            self._write_sibling_positions(db, parent)
        self._notify(Change("tree", dept=dept))

    def set_declared(self, node: Node, declared: bool) -> None:
        """Give a node its own 申报表 and 经费情况说明, or take them away (undo brings them back)."""
        if node.declared == declared:
            return
        dept = self.department_of(node)
        kept = (node.form, node.explanation) if node.declared else self.new_declaration(dept)

        def apply(pair):
            with self.store.transaction() as db:
                if pair is None:
                    repository.delete_declaration(db, node.id)
                else:
                    node.form, node.explanation = pair
                    repository.insert_declaration(db, node)
            if pair is None:
                node.form, node.explanation = None, None
            self._notify(Change("tree", dept=dept))
        before, after = (kept, None) if node.declared else (None, kept)
        self._push(ValueCommand("编报申报表" if declared else "取消编报申报表", apply, before, after))

    # ---- form header, funding, goals --------------------------------------------------------------
    def parse_form_field(self, name: str, text: str) -> Any:
        """What a person typed into a form field → the stored value (raises ParseError/EditRefused)."""
        if name in FUNDING_FIELDS:
            return parse_money(text, "yuan")
        if name in DATE_FORM_FIELDS:
            return parse_date(text)
        if name in TEXT_FORM_FIELDS:
            return _limit_text(text.strip() if name not in ("overall_goal", "annual_goal") else text,
                               FIELD_LABELS.get(name, name))
        raise KeyError(name)

    def set_form_field(self, node: Node, name: str, text: str) -> None:
        self.set_form_values(node, {name: self.parse_form_field(name, text)})

    def set_form_values(self, node: Node, values: dict[str, Any]) -> None:
        """Set several already-parsed form values as one undo step."""
        form = node.form
        assert form is not None
        changed = {k: v for k, v in values.items() if getattr(form, k, None) != v
                   and not (k in FUNDING_FIELDS and getattr(form.funding, k) == v)}
        if not changed:
            return
        before = {k: (getattr(form.funding, k) if k in FUNDING_FIELDS else getattr(form, k)) for k in changed}

        def apply(vals):
            with self.store.transaction() as db:
                repository.update_form(db, node.id, vals)
            for k, v in vals.items():
                setattr(form.funding if k in FUNDING_FIELDS else form, k, v)
            self._notify(Change("form", node=node, fields=tuple(vals)))
        label = "、".join(FIELD_LABELS.get(k, k) for k in changed)
        self._push(ValueCommand(f"修改{label}", apply, before, dict(changed)))

    # ---- explanation sections ---------------------------------------------------------------------
    def set_section_text(self, node: Node, key: str, text: str) -> None:
        assert key in SECTION_KEYS and node.explanation is not None
        old = node.explanation.sections[key]
        new = Section(key=key, text=_limit_text(text, SECTION_HEADINGS[key]), heading=old.heading)
        if new == old:
            return

        def apply(section):
            with self.store.transaction() as db:
                repository.update_section(db, node.id, section)
            node.explanation.sections[key] = section
            self._notify(Change("sections", node=node, fields=(key,)))
        self._push(ValueCommand(f"修改{SECTION_HEADINGS[key]}", apply, copy.copy(old), new))

    # ---- indicators -------------------------------------------------------------------------------
    def _replace_indicators_command(self, node: Node, after: list[Indicator], text: str) -> None:
        before = copy.deepcopy(node.form.indicators)

        def apply(rows):
            rows = copy.deepcopy(rows)
            with self.store.transaction() as db:
                repository.replace_indicators(db, node.id, rows)
            node.form.indicators = rows
            self._notify(Change("indicators", node=node))
        self._push(ValueCommand(text, apply, before, after))

    def replace_indicators(self, node: Node, indicators: list[Indicator], text: str = "替换绩效指标") -> None:
        """Replace the form's whole indicator list (e.g. from an Excel sheet) as one undo step."""
        if not _indicators_equal(indicators, node.form.indicators):
            self._replace_indicators_command(node, copy.deepcopy(indicators), text)

    @staticmethod
    def parse_indicator_cell(column: str, text: str) -> Any:
        if column == "value":
            return parse_value(text)
        if column in ("level1", "level2", "name"):
            return _limit_text(text.strip(), "指标名称")
        raise KeyError(column)

    def set_indicator_cells(self, node: Node, top: int, left: int, rows: Sequence[Sequence[str]],
                            text: str = "修改绩效指标") -> list[CellRefusal]:
        """Type or paste a block of text cells at (top, left); rows beyond the end are added.

        Good cells are applied as one undo step; refused cells are returned with their reasons and
        change nothing, so the window can keep them visible for correction."""
        after = copy.deepcopy(node.form.indicators)
        refusals: list[CellRefusal] = []
        for r, cells in enumerate(rows):
            row = top + r
            while len(after) <= row:
                after.append(Indicator())
            for c, cell in enumerate(cells):
                column_index = left + c
                if column_index >= len(INDICATOR_COLUMNS):
                    break  # trailing empty columns of an Excel paste
                column = INDICATOR_COLUMNS[column_index]
                try:
                    value = self.parse_indicator_cell(column, cell)
                except (ParseError, EditRefused) as exc:
                    refusals.append(CellRefusal(row, column, cell, exc.message))
                    continue
                setattr(after[row], column, value)
        if _indicators_equal(after, node.form.indicators):
            return refusals
        self._replace_indicators_command(node, after, text)
        return refusals

    def insert_indicators(self, node: Node, index: int, count: int = 1, level1: str = "",
                          level2: str = "") -> None:
        after = copy.deepcopy(node.form.indicators)
        index = max(0, min(index, len(after)))
        for _ in range(count):
            after.insert(index, Indicator(level1=level1, level2=level2))
        self._replace_indicators_command(node, after, f"插入 {count} 行指标")

    def remove_indicators(self, node: Node, rows: Sequence[int]) -> None:
        doomed = set(rows)
        after = [copy.deepcopy(ind) for i, ind in enumerate(node.form.indicators) if i not in doomed]
        if len(after) != len(node.form.indicators):
            self._replace_indicators_command(node, after, f"删除 {len(doomed)} 行指标")

    def sort_indicators(self, node: Node) -> bool:
        """Put the rows in the printed order of the form's framework (一级, then 二级; stable within),
        as one undo step. Returns False when they already are."""
        from ..domain.frameworks import get_framework
        framework = get_framework(node.form.framework)
        rows = node.form.indicators
        ordered = sorted(rows, key=lambda ind: framework.order_key(ind.level1, ind.level2))
        if all(a is b for a, b in zip(ordered, rows)):
            return False
        self._replace_indicators_command(node, copy.deepcopy(ordered), "按指标体系排序")
        return True

    def move_indicator(self, node: Node, row: int, new_row: int) -> None:
        after = copy.deepcopy(node.form.indicators)
        if not (0 <= row < len(after)) or not (0 <= new_row < len(after)) or row == new_row:
            return
        after.insert(new_row, after.pop(row))
        self._replace_indicators_command(node, after, "移动指标")

    # ---- budget groups and lines ------------------------------------------------------------------
    def _replace_budget_command(self, node: Node, after: list[BudgetGroup], text: str) -> None:
        before = copy.deepcopy(node.explanation.budget_groups)

        def apply(groups):
            groups = copy.deepcopy(groups)
            with self.store.transaction() as db:
                repository.replace_budget(db, node.id, groups)
            node.explanation.budget_groups = groups
            self._notify(Change("budget", node=node))
        self._push(ValueCommand(text, apply, before, after))

    def budget_copy(self, node: Node) -> list[BudgetGroup]:
        return copy.deepcopy(node.explanation.budget_groups)

    def set_budget(self, node: Node, groups: list[BudgetGroup], text: str) -> None:
        """Replace the node's whole 六、年度预算安排 (groups and lines) as one undo step."""
        self._replace_budget_command(node, groups, text)

    def add_group(self, node: Node, title: str, index: int | None = None) -> None:
        after = self.budget_copy(node)
        index = len(after) if index is None else max(0, min(index, len(after)))
        after.insert(index, BudgetGroup(title=_limit_text(drop_typed_number(title.strip()), "分组名称")))
        self._replace_budget_command(node, after, f"新建预算分组“{title}”")

    def set_group_field(self, node: Node, index: int, name: str, text: str) -> None:
        assert name in ("title", "text")
        after = self.budget_copy(node)
        setattr(after[index], name, _limit_text(drop_typed_number(text.strip()) if name == "title" else text, "分组"))
        self._replace_budget_command(node, after, "修改预算分组")

    @staticmethod
    def parse_line_cell(column: str, text: str, unit: str) -> Any:
        if column == "stated_fen":
            return parse_money(text, unit)
        if column == "ending":
            ending = text.strip()
            if len(ending) > MAX_ENDING_CHARS:
                raise EditRefused(f"结尾最多 {MAX_ENDING_CHARS} 个字（如“；”“。”“：包括”），请把其余的话写在测算依据里。")
            return ending
        if column == "formula":
            from ..domain.formula import evaluate_fen
            body = text.strip()
            if body:
                evaluate_fen(body, unit)   # refuse a formula that cannot be computed
            return body
        if column == "label":   # the form numbers the lines itself: a typed "（1）" would print twice
            return _limit_text(drop_typed_number(text.strip()), "预算明细")
        if column in ("basis", "remark"):
            return _limit_text(text.strip(), "预算明细")
        raise KeyError(column)

    @staticmethod
    def line_at(groups: list[BudgetGroup], where: LinePath) -> BudgetLine:
        lines = groups[where.group].lines
        line = None
        for i in where.indices:
            line = lines[i]
            lines = line.children
        assert line is not None
        return line

    @staticmethod
    def _line_list(groups: list[BudgetGroup], where: LinePath) -> list[BudgetLine]:
        """The list that holds the line at ``where`` (its siblings)."""
        lines = groups[where.group].lines
        for i in where.indices[:-1]:
            lines = lines[i].children
        return lines

    def set_line_cells(self, node: Node, group: int, top: int, left: int, rows: Sequence[Sequence[str]],
                       parent: tuple[int, ...] = (), unit: str = "wan") -> list[CellRefusal]:
        """Type or paste a block into the lines of a group (or of a line's children, ``parent``).

        ``unit`` is the unit a bare amount typed in the 申报金额 column means (the template's)."""
        after = self.budget_copy(node)
        siblings = self._line_list(after, LinePath(group, parent + (0,)))
        owner = after[group] if not parent else self.line_at(after, LinePath(group, parent))
        refusals: list[CellRefusal] = []
        for r, cells in enumerate(rows):
            row = top + r
            while len(siblings) <= row:
                siblings.append(BudgetLine(formula_unit=unit))
            line = siblings[row]
            for c, cell in enumerate(cells):
                if left + c >= len(LINE_COLUMNS):
                    break
                column = LINE_COLUMNS[left + c]
                try:
                    value = self.parse_line_cell(column, cell, line.formula_unit if column == "formula" else unit)
                except (ParseError, EditRefused) as exc:
                    refusals.append(CellRefusal(row, column, cell, exc.message))
                    continue
                setattr(line, column, value)
                if column == "stated_fen":   # the amount as typed is what prints ("57.60万", "28.20")
                    line.stated_text = amount_as_typed(cell, unit) if value is not None else ""
                if column == "label" and not owner.numbering and node.explanation.wording == "typed":
                    # "（1）保洁服务": the clerk asks for numbering; the number itself follows the line's place
                    owner.numbering = typed_numbering(cell)
        if after != node.explanation.budget_groups:
            self._replace_budget_command(node, after, "修改预算明细")
        return refusals

    # ---- how lines print (docs/printing.md) ---------------------------------------------------------
    def set_group_numbering(self, node: Node, index: int, style: str) -> None:
        """Number the group's lines as ``style`` ("" none, "（1）", "①" …): only numbering asked for prints."""
        if style not in NUMBERING_STYLES:
            raise EditRefused(f"“{style}”不是可用的编号样式。")
        after = self.budget_copy(node)
        after[index].numbering = style
        self._replace_budget_command(node, after, f"预算分组编号：{NUMBERING_STYLES[style]}")

    def set_line_numbering(self, node: Node, where: LinePath, style: str) -> None:
        """Number the sub-lines of the line at ``where`` as ``style``."""
        if style not in NUMBERING_STYLES:
            raise EditRefused(f"“{style}”不是可用的编号样式。")
        after = self.budget_copy(node)
        self.line_at(after, where).numbering = style
        self._replace_budget_command(node, after, f"子明细编号：{NUMBERING_STYLES[style]}")

    def set_line_runs_on(self, node: Node, where: LinePath, runs_on: bool) -> None:
        """Print the line in the paragraph of the line before it (True) or as a paragraph of its own."""
        after = self.budget_copy(node)
        self.line_at(after, where).runs_on = bool(runs_on)
        self._replace_budget_command(node, after, "接排" if runs_on else "另起一段")

    def set_group_text_runs_on(self, node: Node, index: int, runs_on: bool) -> None:
        """Print the group's lead text on its title's line (True) or below it."""
        after = self.budget_copy(node)
        after[index].text_runs_on = bool(runs_on)
        self._replace_budget_command(node, after, "分组说明接在标题后" if runs_on else "分组说明另起一段")

    def use_typed_wording(self, node: Node, unit: str = "wan") -> bool:
        """A format-1 explanation's lines in typed wording that prints the same words (the numbers, "：",
        "，" and "；"/"。" format 1 added become the clerk's own text) — one undo step. False when typed already."""
        if node.explanation.wording != "legacy":
            return False
        before = copy.deepcopy(node.explanation.budget_groups)
        converted = typed_from_legacy(node.explanation, unit)

        def apply(state):
            wording, groups = state
            groups = copy.deepcopy(groups)
            with self.store.transaction() as db:
                repository.replace_budget(db, node.id, groups)
                repository.update_budget_wording(db, node.id, wording)
            node.explanation.budget_groups = groups
            node.explanation.wording = wording
            self._notify(Change("budget", node=node))
        self._push(ValueCommand("按填写的文字打印预算明细", apply, ("legacy", before),
                                ("typed", converted.budget_groups)))
        return True

    def set_line_formula_unit(self, node: Node, where: LinePath, unit: str) -> None:
        assert unit in ("wan", "yuan")
        after = self.budget_copy(node)
        self.line_at(after, where).formula_unit = unit
        self._replace_budget_command(node, after, "修改公式单位")

    def insert_lines(self, node: Node, where: LinePath, count: int = 1, unit: str = "wan") -> None:
        """Insert ``count`` empty lines before ``where`` (index may equal the length to append)."""
        after = self.budget_copy(node)
        siblings = self._line_list(after, where)
        index = max(0, min(where.indices[-1], len(siblings)))
        for _ in range(count):
            siblings.insert(index, BudgetLine(formula_unit=unit))
        self._replace_budget_command(node, after, f"插入 {count} 行预算明细")

    def clear_budget_cells(self, node: Node, cells: Sequence[tuple[int, tuple[int, ...] | None, str]]) -> None:
        """Delete key on the budget grid: empty the given cells as one undo step.

        A cell is (group, line indices or None for the group row, column); group rows take
        "title"/"text", line rows take a LINE_COLUMNS name (an amount becomes blank, not 0)."""
        after = self.budget_copy(node)
        for group, indices, column in cells:
            if indices is None:
                assert column in ("title", "text")
                setattr(after[group], column, "")
            else:
                assert column in LINE_COLUMNS
                line = self.line_at(after, LinePath(group, indices))
                setattr(line, column, None if column == "stated_fen" else "")
                if column == "stated_fen":
                    line.stated_text = ""
        if after != node.explanation.budget_groups:
            self._replace_budget_command(node, after, "清除预算明细")

    def remove_budget_items(self, node: Node, groups: Sequence[int], lines: Sequence[LinePath]) -> None:
        """Delete whole groups and lines (any mix, any depth) as one undo step."""
        after = self.budget_copy(node)
        doomed_groups = set(groups)
        kept_lines = [w for w in lines if w.group not in doomed_groups]
        for where in sorted(kept_lines, key=lambda w: (w.group, w.indices), reverse=True):
            del self._line_list(after, where)[where.indices[-1]]   # deepest and last first: indices stay valid
        after = [g for i, g in enumerate(after) if i not in doomed_groups]
        count = len(doomed_groups) + len(kept_lines)
        if count:
            self._replace_budget_command(node, after, f"删除 {count} 项预算明细")

    def move_group(self, node: Node, index: int, step: int) -> int | None:
        """Move a group up (step -1) or down (+1); returns its new index, or None at the edge."""
        after = self.budget_copy(node)
        target = index + step
        if not (0 <= index < len(after) and 0 <= target < len(after)):
            return None
        after.insert(target, after.pop(index))
        self._replace_budget_command(node, after, "移动预算分组")
        return target

    def move_line(self, node: Node, where: LinePath, step: int) -> LinePath | None:
        """Move a line among its siblings; returns its new place, or None at the edge."""
        after = self.budget_copy(node)
        siblings = self._line_list(after, where)
        index, target = where.indices[-1], where.indices[-1] + step
        if not 0 <= target < len(siblings):
            return None
        siblings.insert(target, siblings.pop(index))
        self._replace_budget_command(node, after, "移动预算明细")
        return LinePath(where.group, where.indices[:-1] + (target,))

    # ---- history ----------------------------------------------------------------------------------
    # ---- acknowledgements ---------------------------------------------------------------------------
    def acknowledge(self, finding, reason: str) -> None:
        """Accept a 警告 with a written reason; kept until the data the finding looked at changes."""
        reason = reason.strip()
        if finding.severity != "warning":
            raise EditRefused("只有“警告”可以确认；“错误”必须改正。")
        if len(reason) < MIN_ACK_REASON_CHARS:
            raise EditRefused(f"请写明确认这条警告的理由（至少 {MIN_ACK_REASON_CHARS} 个字）。")
        ack = Acknowledgement(rule=finding.rule, path=tuple(finding.path), field=finding.field,
                              fingerprint=finding.fingerprint, reason=_limit_text(reason, "理由"),
                              created=datetime.now().isoformat(timespec="seconds"))
        before = list(self.doc.acknowledgements)
        after = [a for a in before if (a.rule, a.path, a.field) != (ack.rule, ack.path, ack.field)] + [ack]
        self._push(ValueCommand(f"确认警告 {finding.rule}", self._apply_acknowledgements, before, after))

    def withdraw_acknowledgement(self, finding) -> None:
        before = list(self.doc.acknowledgements)
        after = [a for a in before if (a.rule, a.path, a.field) != (finding.rule, tuple(finding.path), finding.field)]
        if after != before:
            self._push(ValueCommand(f"撤销确认 {finding.rule}", self._apply_acknowledgements, before, after))

    def _apply_acknowledgements(self, acks: list[Acknowledgement]) -> None:
        with self.store.transaction() as db:
            repository.replace_acknowledgements(db, acks)
        self.doc.acknowledgements = list(acks)
        for listener in list(self.listeners):
            listener(Change("acknowledgements"))


def _indicators_equal(a: list[Indicator], b: list[Indicator]) -> bool:
    strip = lambda rows: [(i.level1, i.level2, i.name, i.value) for i in rows]  # noqa: E731 - ids differ
    return strip(a) == strip(b)
