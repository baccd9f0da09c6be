"""Editing 六、年度预算安排: its groups and their (nested) budget lines — typing and pasting cells, inserting,
clearing, deleting and moving.

Every operation builds the node's new list of groups from a copy and writes it with :meth:`BudgetEdits._replace_budget`
as one undo step: the one place where the budget reaches the file."""
from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from ...domain.formula import evaluate_fen
from ...domain.model import AmountUnit, BudgetGroup, BudgetLine, Node, explanation_of
from ...domain.money import parse_money
from ...domain.vocabulary import drop_typed_number
from ...store import repository
from ..undo import ValueCommand
from .core import CellRefusal, Change, EditCore, Scope, fill_cells, limit_text, stored_id

LINE_COLUMNS = ("label", "basis", "formula", "stated_fen", "remark")
GROUP_COLUMNS = ("title", "text")

#: A cell of the budget grid: (group, line indices — None for the group's own row —, column).
BudgetCell = tuple[int, tuple[int, ...] | None, str]


@dataclass
class LinePath:
    """Where a budget line sits: group index, then indices down the children."""

    group: int
    indices: tuple[int, ...]


def parse_line_cell(column: str, text: str, unit: AmountUnit) -> int | str | None:
    """What was typed into a line's column → its stored value; ``unit`` is what a bare number means."""
    if column == "stated_fen":
        return parse_money(text, unit)
    if column == "formula":
        body = text.strip()
        if body:
            evaluate_fen(body, unit)   # refuse a formula that cannot be computed
        return body
    if column == "label":   # the form numbers the lines itself: a typed "（1）" would print twice
        return limit_text(drop_typed_number(text.strip()), "预算明细")
    if column in ("basis", "remark"):
        return limit_text(text.strip(), "预算明细")
    raise KeyError(column)


def group_text(column: str, text: str) -> str:
    assert column in GROUP_COLUMNS
    return limit_text(drop_typed_number(text.strip()) if column == "title" else text, "分组")


def line_at(groups: list[BudgetGroup], where: LinePath) -> BudgetLine:
    return line_list(groups, where)[where.indices[-1]]


def line_list(groups: list[BudgetGroup], where: LinePath) -> list[BudgetLine]:
    """The list that holds the line at ``where`` (its siblings)."""
    lines = groups[where.group].lines
    for i in where.indices[:-1]:
        lines = lines[i].children
    return lines


class BudgetEdits(EditCore):
    def budget_copy(self, node: Node) -> list[BudgetGroup]:
        return copy.deepcopy(explanation_of(node).budget_groups)

    def set_budget(self, node: Node, groups: list[BudgetGroup], text: str) -> None:
        """Replace the node's whole 六、年度预算安排 (groups and lines) as one undo step."""
        self._replace_budget(node, groups, text)

    def add_group(self, node: Node, title: str, index: int | None = None) -> None:
        after = self.budget_copy(node)
        index = len(after) if index is None else max(0, min(index, len(after)))
        after.insert(index, BudgetGroup(title=group_text("title", title)))
        self._replace_budget(node, after, f"新建预算分组“{title}”")

    def set_group_field(self, node: Node, index: int, name: str, text: str) -> None:
        after = self.budget_copy(node)
        setattr(after[index], name, group_text(name, text))
        self._replace_budget(node, after, "修改预算分组")

    def set_line_cells(self, node: Node, group: int, top: int, left: int, rows: Sequence[Sequence[str]],
                       parent: tuple[int, ...] = (), unit: AmountUnit = "wan") -> list[CellRefusal]:
        """Type or paste a block into the lines of a group (or of a line's children, ``parent``).

        ``unit`` is the unit a bare amount typed in the 申报金额 column means (the template's); a formula's
        numbers are in its line's own unit."""
        after = self.budget_copy(node)
        siblings = line_list(after, LinePath(group, parent + (0,)))

        def row_at(row: int) -> BudgetLine:
            while len(siblings) <= row:
                siblings.append(BudgetLine(formula_unit=unit))
            return siblings[row]

        def parse(line: BudgetLine, column: str, text: str) -> int | str | None:
            return parse_line_cell(column, text, line.formula_unit if column == "formula" else unit)
        refusals = fill_cells(rows, top, left, LINE_COLUMNS, row_at, parse)
        if after != explanation_of(node).budget_groups:
            self._replace_budget(node, after, "修改预算明细")
        return refusals

    def set_line_formula_unit(self, node: Node, where: LinePath, unit: AmountUnit) -> None:
        assert unit in ("wan", "yuan")
        after = self.budget_copy(node)
        line_at(after, where).formula_unit = unit
        self._replace_budget(node, after, "修改公式单位")

    def insert_lines(self, node: Node, where: LinePath, count: int = 1, unit: AmountUnit = "wan") -> None:
        """Insert ``count`` empty lines before ``where`` (index may equal the length to append)."""
        after = self.budget_copy(node)
        siblings = line_list(after, where)
        index = max(0, min(where.indices[-1], len(siblings)))
        for _ in range(count):
            siblings.insert(index, BudgetLine(formula_unit=unit))
        self._replace_budget(node, after, f"插入 {count} 行预算明细")

    def clear_budget_cells(self, node: Node, cells: Sequence[BudgetCell]) -> None:
        """Delete key on the budget grid: empty the given cells as one undo step.

        Group rows take "title"/"text", line rows a LINE_COLUMNS name (an amount becomes blank, not 0)."""
        after = self.budget_copy(node)
        for group, indices, column in cells:
            if indices is None:
                assert column in GROUP_COLUMNS
                setattr(after[group], column, "")
            else:
                assert column in LINE_COLUMNS
                setattr(line_at(after, LinePath(group, indices)), column, None if column == "stated_fen" else "")
        if after != explanation_of(node).budget_groups:
            self._replace_budget(node, after, "清除预算明细")

    def remove_budget_items(self, node: Node, groups: Sequence[int], lines: Sequence[LinePath]) -> None:
        """Delete whole groups and lines (any mix, any depth) as one undo step."""
        after = self.budget_copy(node)
        doomed_groups = set(groups)
        kept_lines = [w for w in lines if w.group not in doomed_groups]
        for where in sorted(kept_lines, key=lambda w: (w.group, w.indices), reverse=True):
            del line_list(after, where)[where.indices[-1]]   # deepest and last first: indices stay valid
        after = [g for i, g in enumerate(after) if i not in doomed_groups]
        count = len(doomed_groups) + len(kept_lines)
        if count:
            self._replace_budget(node, after, f"删除 {count} 项预算明细")

    def move_group(self, node: Node, index: int, step: int) -> int | None:
        """Move a group up (step -1) or down (+1); returns its new index, or None at the edge."""
        after = self.budget_copy(node)
        target = index + step
        if not (0 <= index < len(after) and 0 <= target < len(after)):
            return None
        after.insert(target, after.pop(index))
        self._replace_budget(node, after, "移动预算分组")
        return target

    def move_line(self, node: Node, where: LinePath, step: int) -> LinePath | None:
        """Move a line among its siblings; returns its new place, or None at the edge."""
        after = self.budget_copy(node)
        siblings = line_list(after, where)
        index, target = where.indices[-1], where.indices[-1] + step
        if not 0 <= target < len(siblings):
            return None
        siblings.insert(target, siblings.pop(index))
        self._replace_budget(node, after, "移动预算明细")
        return LinePath(where.group, where.indices[:-1] + (target,))

    def _replace_budget(self, node: Node, after: list[BudgetGroup], text: str) -> None:
        """Write ``after`` as the node's whole budget: one transaction per redo and undo."""
        def apply(groups: list[BudgetGroup]) -> None:
            groups = copy.deepcopy(groups)
            with self.store.transaction() as db:
                repository.replace_budget(db, stored_id(node), groups)
            explanation_of(node).budget_groups = groups
            self._notify(Change(Scope.BUDGET, node=node))
        self._push(ValueCommand(text, apply, self.budget_copy(node), after))
