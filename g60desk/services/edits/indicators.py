"""Editing the 绩效指标 rows of a 申报表: typing and pasting cells, inserting, deleting, moving and sorting rows.

Every operation builds the whole new list and makes it the form's as one undo step, writing only the rows that
differ (``repository.sync_indicators``: a typed cell is one UPDATE of one row)."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain.fields import indicator_grid_columns, parse_column
from ...domain.model import Indicator, Node, copy_indicators, form_of
from ...domain.templates import Column, Template, framework_of, template_of
from ...domain.values import IndicatorValue, parse_value
from ...store import repository
from ..undo import ValueCommand
from .core import CellRefusal, Change, EditCore, Scope, fill_cells, limit_text, stored_id

INDICATOR_COLUMNS = ("level1", "level2", "name", "value")


def indicator_columns(template: Template) -> tuple[str, ...]:
    """The grid's columns (domain.fields.indicator_grid_columns): 一级, 二级, 三级, then 指标值 and the template's own
    in the order the form prints them."""
    return indicator_grid_columns(template)


def grid_rows(template: Template, left: int, rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """A block copied from the form as it prints — 四川's 指标性质 · 指标值 · 度量单位 in three columns of their own —
    and pasted at the grid's first column, in the grid's columns: the value's parts joined into its one 指标值 cell
    ("≥" "120" "公里" → "≥120公里"). Pasted as it was, each cell from 指标值 on went one column too far right (“≥”
    refused as a value, 120 taken as the 权重). Any other block is returned as it is."""
    printed = template.indicator_columns
    if left != 0 or not any(c.part for c in printed) or not rows or any(len(r) != len(printed) for r in rows):
        return [list(r) for r in rows]
    columns = indicator_columns(template)
    joined = []
    for row in rows:
        cells = {c.key: text for c, text in zip(printed, row) if not c.part}
        cells["value"] = "".join(text.strip() for c, text in zip(printed, row) if c.part)
        joined.append([cells.get(key, "") for key in columns])
    return joined


def extra_column(template: Template, key: str) -> Column:
    return next(c for c in template.indicator_columns if c.key == key)


def parse_indicator_cell(column: str, text: str, template: Template | None = None) -> IndicatorValue | str:
    if column == "value":
        return parse_value(text)
    if column in ("level1", "level2", "name"):
        return limit_text(text.strip(), "指标名称")
    if template is None:
        raise KeyError(column)
    value = parse_column(template, extra_column(template, column), text)
    return limit_text(str(value), extra_column(template, column).label)


def same_rows(a: list[Indicator], b: list[Indicator]) -> bool:
    """The same rows in the same order (row ids aside: a copy has none)."""
    def strip(rows: list[Indicator]) -> list[tuple[str, str, str, IndicatorValue, list[tuple[str, str]]]]:
        return [(i.level1, i.level2, i.name, i.value, sorted(i.extra.items())) for i in rows]
    return strip(a) == strip(b)


class IndicatorEdits(EditCore):
    def replace_indicators(self, node: Node, indicators: list[Indicator], text: str = "替换绩效指标") -> None:
        """Replace the form's whole indicator list (e.g. from an Excel sheet) as one undo step."""
        if not same_rows(indicators, form_of(node).indicators):
            self._replace_indicators(node, copy_indicators(indicators), text)

    def set_indicator_cells(self, node: Node, top: int, left: int, rows: Sequence[Sequence[str]],
                            text: str = "修改绩效指标") -> list[CellRefusal]:
        """Type or paste a block of text cells at (top, left); rows beyond the end are added.

        Good cells are applied as one undo step; refused cells are returned with their reasons and
        change nothing, so the window can keep them visible for correction."""
        after = copy_indicators(form_of(node).indicators)

        def row_at(row: int) -> Indicator:
            while len(after) <= row:
                after.append(Indicator())
            return after[row]
        template = template_of(form_of(node))
        rows = grid_rows(template, left, rows)

        def put(row: Indicator, column: str, text: str) -> None:
            value = parse_indicator_cell(column, text, template)
            if column in INDICATOR_COLUMNS:
                setattr(row, column, value)
            else:
                row.extra = {k: v for k, v in row.extra.items() if k != column}
                if value:
                    row.extra[column] = str(value)
        refusals = fill_cells(rows, top, left, indicator_columns(template), row_at, put)
        if not same_rows(after, form_of(node).indicators):
            self._replace_indicators(node, after, text)
        return refusals

    def insert_indicators(self, node: Node, index: int, count: int = 1, level1: str = "",
                          level2: str = "") -> None:
        after = copy_indicators(form_of(node).indicators)
        index = max(0, min(index, len(after)))
        for _ in range(count):
            after.insert(index, Indicator(level1=level1, level2=level2))
        self._replace_indicators(node, after, f"插入 {count} 行指标")

    def place_indicator(self, node: Node, row: int, picked: Indicator) -> int:
        """A row picked from the 指标库: it fills row ``row`` when that row is blank, else goes in above it (or
        at the end); one undo step. Returns the row it is in."""
        after = copy_indicators(form_of(node).indicators)
        row = max(0, min(row, len(after)))
        fresh = Indicator(level1=picked.level1, level2=picked.level2, name=picked.name, value=picked.value)
        if row < len(after) and not (after[row].name.strip() or after[row].value.kind != "empty"):
            after[row] = fresh
        else:
            after.insert(row, fresh)
        self._replace_indicators(node, after, f"从指标库插入“{picked.name}”")
        return row

    def remove_indicators(self, node: Node, rows: Sequence[int]) -> None:
        doomed = set(rows)
        before = form_of(node).indicators
        after = copy_indicators([ind for i, ind in enumerate(before) if i not in doomed])
        if len(after) != len(before):
            self._replace_indicators(node, after, f"删除 {len(doomed)} 行指标")

    def sort_indicators(self, node: Node) -> bool:
        """Put the rows in the printed order of the form's framework (一级, then 二级; stable within),
        as one undo step. Returns False when they already are."""
        form = form_of(node)
        framework = framework_of(form)
        if framework is None:
            return False
        ordered = sorted(form.indicators, key=lambda ind: framework.order_key(ind.level1, ind.level2))
        if all(a is b for a, b in zip(ordered, form.indicators)):
            return False
        self._replace_indicators(node, copy_indicators(ordered), "按指标体系排序")
        return True

    def move_indicator(self, node: Node, row: int, new_row: int) -> None:
        after = copy_indicators(form_of(node).indicators)
        if not (0 <= row < len(after)) or not (0 <= new_row < len(after)) or row == new_row:
            return
        after.insert(new_row, after.pop(row))
        self._replace_indicators(node, after, "移动指标")

    def _replace_indicators(self, node: Node, after: list[Indicator], text: str) -> None:
        self._refuse_oversize(node, indicators=after)
        def apply(rows: list[Indicator]) -> None:
            rows = copy_indicators(rows)
            form = form_of(node)
            with self.store.transaction() as db:
                repository.sync_indicators(db, stored_id(node), rows)
            form.indicators = rows
            self._notify(Change(Scope.INDICATORS, node=node))
        self._push(ValueCommand(text, apply, copy_indicators(form_of(node).indicators), after))
