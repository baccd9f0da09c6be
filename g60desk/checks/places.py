"""Places inside a node that a finding points at: the field syntax, its parser and a Chinese describer.

Syntax of ``Finding.field`` (the window jumps with it; the review list prints it):

- a form field: ``annual_request_fen``, ``supervising_dept``, ``planned_start``, ``annual_goal`` …
  (see ``DeclarationForm``/``FundingBlock``); ``name`` is the node's name; with a department path
  (one element), ``overview`` / ``budget_units`` / ``name`` are the department's;
- ``section:<key>``: a section of the 项目经费情况说明 (overview/basis/implementer/plan/period/budget/targets);
- ``indicators``: the 绩效指标 grid as a whole (e.g. a missing 一级指标);
- ``indicator:<row>:<column>``: a row of the grid (row from 0), column level1|level2|name|value;
- ``group:<group>``: a budget group of 六、年度预算安排 (group from 0) and its total;
- ``line:<group>:<line>[.<child>…]:<column>``: a budget line (indices from 0; ``.child`` for sub-lines),
  column label|basis|formula|stated_fen|remark.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..domain.model import FUNDING_FIELDS, SECTION_KEYS, BudgetLine, Department, Node
from ..domain.templates import TEMPLATES
from ..domain.vocabulary import FIELD_LABELS, FUNDING_PLACE, SECTION_HEADINGS, chinese_number
from ..domain.wording import name_of

INDICATOR_COLUMNS = ("level1", "level2", "name", "value")
LINE_COLUMNS = ("label", "basis", "formula", "stated_fen", "remark")
HEADER_FIELDS = ("name", "nature", "category", "supervising_dept", "implementing_unit",
                 "planned_start", "planned_end")
GOAL_FIELDS = ("overall_goal", "annual_goal")
FORM_FIELDS = HEADER_FIELDS + FUNDING_FIELDS + GOAL_FIELDS + ("template", "framework")
DEPARTMENT_FIELDS = ("name", "budget_units", "overview")

_INDICATOR_COLUMN_LABELS = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "value": "指标值"}
_LINE_COLUMN_LABELS = {"label": "名称", "basis": "测算依据", "formula": "计算公式", "stated_fen": "金额",
                       "remark": "备注"}


@dataclass(frozen=True)
class Place:
    """A parsed field. ``kind`` is form|section|indicators|indicator|group|line; it says which parts are
    used, the others keep their empty defaults."""

    kind: str
    name: str = ""                # form field name or section key
    row: int = 0                  # indicator row
    group: int = 0                # budget group
    line: tuple[int, ...] = ()    # budget line: index in the group, then child indices
    column: str = ""              # indicator or line column


def _index(text: str, field: str) -> int:
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"not a place: {field!r} ({text!r} is not an index)")
    return int(text)


def parse_field(text: str) -> Place:
    """``"line:5:0.1:stated_fen"`` → ``Place("line", group=5, line=(0, 1), column="stated_fen")``.

    Raises ValueError for text that is not in the syntax of this module's docstring.
    """
    parts = text.split(":")
    head = parts[0]
    if len(parts) == 1:
        if head == "indicators":
            return Place("indicators")
        if head in FORM_FIELDS or head in DEPARTMENT_FIELDS:
            return Place("form", name=head)
    elif head == "section" and len(parts) == 2 and parts[1] in SECTION_KEYS:
        return Place("section", name=parts[1])
    elif head == "indicator" and len(parts) == 3 and parts[2] in INDICATOR_COLUMNS:
        return Place("indicator", row=_index(parts[1], text), column=parts[2])
    elif head == "group" and len(parts) == 2:
        return Place("group", group=_index(parts[1], text))
    elif head == "line" and len(parts) == 4 and parts[3] in LINE_COLUMNS:
        indices = tuple(_index(p, text) for p in parts[2].split("."))
        return Place("line", group=_index(parts[1], text), line=indices, column=parts[3])
    raise ValueError(f"not a place: {text!r}")


def line_field(group: int, line: tuple[int, ...], column: str) -> str:
    return f"line:{group}:{'.'.join(map(str, line))}:{column}"


def indicator_field(row: int, column: str) -> str:
    return f"indicator:{row}:{column}"


# ---- describing ----------------------------------------------------------------------------------

def _group_label(node: Node | None, group: int) -> str:
    title = ""
    if node is not None and node.explanation is not None and group < len(node.explanation.budget_groups):
        title = name_of(node.explanation.budget_groups[group].title)
    return f"{chinese_number(group + 1)}、{title}" if title else f"第{group + 1}组"


def _line_labels(node: Node | None, group: int, indices: tuple[int, ...]) -> list[str]:
    lines: list[BudgetLine] | None = None
    if node is not None and node.explanation is not None and group < len(node.explanation.budget_groups):
        lines = node.explanation.budget_groups[group].lines
    labels = []
    for depth, index in enumerate(indices):
        line = lines[index] if lines is not None and index < len(lines) else None
        number = f"（{index + 1}）" if depth == 0 else f"其中第{index + 1}项"
        label = name_of(line.label) if line is not None else ""
        labels.append(f"{number}{label}" if depth == 0 else (f"{number}“{label}”" if label else number))
        lines = line.children if line is not None else None
    return labels


def describe_field(node: Node | Department | None, field: str | None) -> str:
    """Where a field is, in the clerk's words: ``"indicator:2:value"`` → ``"第3行指标·指标值"``."""
    if field is None:
        return "本部门" if isinstance(node, Department) else "本项目"
    try:
        place = parse_field(field)
    except ValueError:
        return field
    if place.kind == "form":
        if isinstance(node, Department):
            return {"overview": "绩效目标设置情况", "budget_units": "预算单位数", "name": "部门名称"}[place.name]
        if place.name == "annual_goal" and node is not None and node.form is not None:
            template = TEMPLATES.get(node.form.template)
            if template is not None:
                return template.annual_goal_header
        return FUNDING_PLACE.get(place.name) or FIELD_LABELS.get(place.name, place.name)
    if place.kind == "section":
        return f"项目经费情况说明·{SECTION_HEADINGS[place.name]}"
    if place.kind == "indicators":
        return "绩效指标"
    if place.kind == "indicator":
        return f"第{place.row + 1}行指标·{_INDICATOR_COLUMN_LABELS[place.column]}"
    budget = SECTION_HEADINGS["budget"]
    if place.kind == "group":
        return f"{budget}·{_group_label(node if isinstance(node, Node) else None, place.group)}"
    labels = _line_labels(node if isinstance(node, Node) else None, place.group, place.line)
    return "·".join([budget, _group_label(node if isinstance(node, Node) else None, place.group),
                     " › ".join(labels), _LINE_COLUMN_LABELS[place.column]])


# ---- ordering ------------------------------------------------------------------------------------

_SECTION_RANK = {key: 100 + 10 * i for i, key in enumerate(SECTION_KEYS)}
_FORM_RANK = {name: 1000 + i for i, name in enumerate(FORM_FIELDS)}


@lru_cache(maxsize=4096)
def field_rank(field: str | None) -> tuple[int | str | tuple[int, ...], ...]:
    """Sort key putting a node's findings in printed order: explanation 一…七 (budget lines under 六), then the form
    (memoised: the same places recur from form to form)."""
    if field is None:
        return (0,)
    try:
        place = parse_field(field)
    except ValueError:
        return (9999, field)
    if place.kind == "section":
        return (_SECTION_RANK[place.name],)
    if place.kind == "group":
        return (_SECTION_RANK["budget"], place.group)
    if place.kind == "line":
        return (_SECTION_RANK["budget"], place.group, place.line, LINE_COLUMNS.index(place.column))
    if place.kind == "form":
        if place.name in DEPARTMENT_FIELDS and place.name not in FORM_FIELDS:
            return (1,)
        return (_FORM_RANK[place.name],)
    if place.kind == "indicators":
        return (_FORM_RANK["annual_goal"], 0)
    return (_FORM_RANK["annual_goal"], 1, place.row, INDICATOR_COLUMNS.index(place.column))
