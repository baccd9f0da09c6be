"""Editing 六、年度预算安排: its groups and their (nested) budget lines — typing and pasting cells, inserting,
clearing, deleting and moving.

Every operation builds the node's new list of groups from a copy and writes it with :meth:`BudgetEdits._replace_budget`
as one undo step: the one place where the budget reaches the file. Only what differs is written
(``repository.sync_budget``: a typed cell is one UPDATE of one row), and the Change names the rows that changed
when the shape of the budget stayed the same, so that a view repaints only those."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...domain.formula import evaluate_fen
from ...domain.formula_unit import UnitReading, formula_unit_from_words
from ...domain.model import AmountUnit, BudgetGroup, BudgetLine, Node, copy_groups, explanation_of
from ...domain.money import parse_money
from ...domain.vocabulary import drop_typed_number
from ...domain.wording import MAX_ENDING_CHARS, NUMBERING_STYLES, amount_as_typed, typed_from_legacy, typed_numbering
from ...store import repository
from ..undo import ValueCommand
from .core import CellRefusal, Change, EditCore, EditRefused, Scope, fill_cells, limit_text, stored_id

#: the typed columns of a budget line, in the grid's (and a pasted block's) order; "ending" comes last so that
#: blocks of five columns pasted from Excel (名称 … 备注) land where they always did
LINE_COLUMNS = ("label", "basis", "formula", "stated_fen", "remark", "ending")
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
    if column == "ending":
        ending = text.strip()
        if len(ending) > MAX_ENDING_CHARS:
            raise EditRefused(f"结尾最多 {MAX_ENDING_CHARS} 个字（如“；”“。”“：包括”），请把其余的话写在测算依据里。")
        return ending
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


#: the columns whose words decide a formula's unit (domain/formula_unit.py)
WORDED_COLUMNS = ("label", "basis", "formula")


def put_line_cell(line: BudgetLine, column: str, text: str, unit: AmountUnit) -> None:
    """Put what was typed into one column of ``line`` (raises ParseError/EditRefused, ``line`` unchanged);
    ``unit`` is what a bare amount in 申报金额 means. A formula's numbers are in the line's own unit."""
    value = parse_line_cell(column, text, line.formula_unit if column == "formula" else unit)
    setattr(line, column, value)
    if column == "stated_fen":   # the amount as typed is what prints ("57.60万", "28.20")
        line.stated_text = amount_as_typed(text, unit) if value is not None else ""


def follow_words(line: BudgetLine, formula_typed: bool = True) -> UnitReading | None:
    """Give ``line``'s formula the unit its words say (“按 16 元/平/月” → 元); the reading when it changed it.

    When only the words were typed (not the formula), only words naming a number of the formula itself with its
    unit decide: a unit price elsewhere in new words does not re-read a formula written before."""
    reading = formula_unit_from_words(line.formula, line.basis, line.label)
    if reading is None or reading.unit == line.formula_unit or not (formula_typed or reading.direct):
        return None
    line.formula_unit = reading.unit
    return reading


def numbering_style(style: str) -> str:
    if style not in NUMBERING_STYLES:
        raise EditRefused(f"“{style}”不是可用的编号样式。")
    return style


def group_text(column: str, text: str) -> str:
    assert column in GROUP_COLUMNS
    return limit_text(drop_typed_number(text.strip()) if column == "title" else text, "分组")


def line_at(groups: list[BudgetGroup], where: LinePath) -> BudgetLine:
    return line_list(groups, where)[where.indices[-1]]


def _line_values(line: BudgetLine) -> tuple[object, ...]:
    """What a line shows of its own (its sub-lines and row id aside)."""
    return (line.label, line.basis, line.formula, line.formula_unit, line.stated_fen, line.remark, line.stated_text,
            line.ending, line.runs_on, line.numbering)


def changed_places(before: list[BudgetGroup], after: list[BudgetGroup]) -> tuple[str, ...]:
    """The rows that differ between two budgets of the same shape ("group:1", "line:0:2", "line:0:2.1" — the
    places findings name); () when the shape differs (lines or groups added, removed or moved): everything."""
    places: list[str] = []

    def lines(group: int, prefix: tuple[int, ...], old: list[BudgetLine], new: list[BudgetLine]) -> bool:
        if len(old) != len(new):
            return False
        for i, (a, b) in enumerate(zip(old, new)):
            indices = prefix + (i,)
            if _line_values(a) != _line_values(b):
                places.append(f"line:{group}:{'.'.join(map(str, indices))}")
            if not lines(group, indices, a.children, b.children):
                return False
        return True

    if len(before) != len(after):
        return ()
    for g, (old, new) in enumerate(zip(before, after)):
        if (old.title, old.text, old.numbering, old.text_runs_on) != (new.title, new.text, new.numbering,
                                                                       new.text_runs_on):
            places.append(f"group:{g}")
        if not lines(g, (), old.lines, new.lines):
            return ()
    return tuple(places)


def line_list(groups: list[BudgetGroup], where: LinePath) -> list[BudgetLine]:
    """The list that holds the line at ``where`` (its siblings)."""
    lines = groups[where.group].lines
    for i in where.indices[:-1]:
        lines = lines[i].children
    return lines


class BudgetEdits(EditCore):
    def budget_copy(self, node: Node) -> list[BudgetGroup]:
        return copy_groups(explanation_of(node).budget_groups)

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
        owner = after[group] if not parent else line_at(after, LinePath(group, parent))
        typed_wording = explanation_of(node).wording == "typed"

        def row_at(row: int) -> BudgetLine:
            while len(siblings) <= row:
                siblings.append(BudgetLine(formula_unit=unit))
            return siblings[row]

        worded: dict[int, tuple[BudgetLine, bool]] = {}   # id → (line, its formula typed)

        def put(line: BudgetLine, column: str, text: str) -> None:
            put_line_cell(line, column, text, unit)
            if column == "label" and not owner.numbering and typed_wording:
                # "（1）保洁服务": the clerk asks for numbering; the number itself follows the line's place
                owner.numbering = typed_numbering(text)
            if column in WORDED_COLUMNS:
                worded[id(line)] = (line, worded.get(id(line), (line, False))[1] or column == "formula")
        refusals = fill_cells(rows, top, left, LINE_COLUMNS, row_at, put)
        for line, formula_typed in worded.values():    # the words typed decide the formula's unit where they can
            follow_words(line, formula_typed)
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
                line = line_at(after, LinePath(group, indices))
                setattr(line, column, None if column == "stated_fen" else "")
                if column == "stated_fen":
                    line.stated_text = ""
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

    # ---- how lines print (docs/printing.md) ---------------------------------------------------------
    def set_group_numbering(self, node: Node, index: int, style: str) -> None:
        """Number the group's lines as ``style`` ("" none, "（1）", "①" …): only numbering asked for prints."""
        after = self.budget_copy(node)
        after[index].numbering = numbering_style(style)
        self._replace_budget(node, after, f"预算分组编号：{NUMBERING_STYLES[style]}")

    def set_line_numbering(self, node: Node, where: LinePath, style: str) -> None:
        """Number the sub-lines of the line at ``where`` as ``style``."""
        after = self.budget_copy(node)
        line_at(after, where).numbering = numbering_style(style)
        self._replace_budget(node, after, f"子明细编号：{NUMBERING_STYLES[style]}")

    def set_line_runs_on(self, node: Node, where: LinePath, runs_on: bool) -> None:
        """Print the line in the paragraph of the line before it (True) or as a paragraph of its own."""
        after = self.budget_copy(node)
        line_at(after, where).runs_on = bool(runs_on)
        self._replace_budget(node, after, "接排" if runs_on else "另起一段")

    def set_group_text_runs_on(self, node: Node, index: int, runs_on: bool) -> None:
        """Print the group's lead text on its title's line (True) or below it."""
        after = self.budget_copy(node)
        after[index].text_runs_on = bool(runs_on)
        self._replace_budget(node, after, "分组说明接在标题后" if runs_on else "分组说明另起一段")

    def use_typed_wording(self, node: Node, unit: AmountUnit = "wan") -> bool:
        """A format-1 explanation's lines in typed wording that prints the same words (the numbers, "：",
        "，" and "；"/"。" format 1 added become the clerk's own text) — one undo step. False when typed already."""
        explanation = explanation_of(node)
        if explanation.wording != "legacy":
            return False
        converted = typed_from_legacy(explanation, unit)

        def apply(state: tuple[str, list[BudgetGroup]]) -> None:
            wording, groups = state
            groups = copy_groups(groups)
            with self.store.transaction() as db:
                repository.sync_budget(db, stored_id(node), groups)
                repository.update_budget_wording(db, stored_id(node), wording)
            explanation.budget_groups = groups
            explanation.wording = wording
            self._notify(Change(Scope.BUDGET, node=node))
        self._push(ValueCommand("按填写的文字打印预算明细", apply, ("legacy", self.budget_copy(node)),
                                ("typed", converted.budget_groups)))
        return True

    def _replace_budget(self, node: Node, after: list[BudgetGroup], text: str) -> None:
        """Make ``after`` the node's budget: one transaction per redo and undo, writing only the rows that
        differ; the undo command holds the budget before and after (values, never rows or widgets)."""
        self._refuse_oversize(node, groups=after)
        def apply(groups: list[BudgetGroup]) -> None:
            groups = copy_groups(groups)
            explanation = explanation_of(node)
            with self.store.transaction() as db:
                repository.sync_budget(db, stored_id(node), groups)
            places = changed_places(explanation.budget_groups, groups)
            explanation.budget_groups = groups
            self._notify(Change(Scope.BUDGET, node=node, fields=places))
        self._push(ValueCommand(text, apply, self.budget_copy(node), after))
