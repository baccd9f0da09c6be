"""The declaration document as plain dataclasses: departments, projects, forms, indicators, budget lines.

Nothing here knows about Qt or SQL. Money is always int 分 (fen); ``None`` means "left blank", which
is different from 0. Ids are the store's row ids; a node built in memory has ``id is None`` until saved.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .values import IndicatorValue

NodeKind = Literal["project", "sub_project"]
AmountUnit = Literal["wan", "yuan"]

#: Keys of the seven sections of a 项目经费情况说明, in printed order.
SECTION_KEYS: tuple[str, ...] = ("overview", "basis", "implementer", "plan", "period", "budget", "targets")

#: The funding block's fields, in the order of the printed form (left column, then right column).
FUNDING_FIELDS: tuple[str, ...] = (
    "project_total_fen",
    "fiscal_fen",
    "other_fen",
    "annual_request_fen",
    "appropriation_fen",
    "carryover_fen",
    "annual_other_fen",
)


@dataclass
class FundingBlock:
    """项目资金（元）: two columns of amounts in 分; ``None`` is a blank cell."""

    project_total_fen: int | None = None
    fiscal_fen: int | None = None
    other_fen: int | None = None
    annual_request_fen: int | None = None
    appropriation_fen: int | None = None
    carryover_fen: int | None = None
    annual_other_fen: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in FUNDING_FIELDS}


@dataclass
class Indicator:
    """One row of the 绩效指标 grid."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    value: IndicatorValue = field(default_factory=IndicatorValue.empty)
    id: int | None = None


@dataclass
class BudgetLine:
    """A line of 六、年度预算安排: label, basis text, optional formula, stated amount, remark.

    Every text is kept as the clerk typed it and printed so (docs/printing.md): ``formula`` as written
    ("1,469平*16*12"), ``stated_text`` the amount as typed ("57.60万"; "" when none was typed, e.g. a number
    cell from Excel), ``ending`` what the clerk wrote right after the amount ("；", "。", "：包括"). ``stated_fen``
    is the exact amount read from ``stated_text`` and is what 审核 and totals use. ``formula_unit`` says whether
    bare numbers in ``formula`` are 万元 or 元. A line may carry sub-lines (``children``), numbered as
    ``numbering`` says ("" none, "（1）", "①" …); ``runs_on`` prints the line in the paragraph of the line
    before it instead of starting a new one.
    """

    label: str = ""
    basis: str = ""
    formula: str = ""
    formula_unit: AmountUnit = "wan"
    stated_fen: int | None = None
    remark: str = ""
    children: list[BudgetLine] = field(default_factory=list)
    id: int | None = None
    stated_text: str = ""
    ending: str = ""
    runs_on: bool = False
    numbering: str = ""


@dataclass
class BudgetGroup:
    """A group of budget lines (一、G60日常办公经费 …) with an optional lead text.

    ``numbering`` says how its lines are numbered ("" none — the default —, "（1）", "①" …);
    ``text_runs_on`` prints the lead text on the title's line ("七、展示馆运维：该项目为跨年项目……")."""

    title: str = ""
    text: str = ""
    lines: list[BudgetLine] = field(default_factory=list)
    id: int | None = None
    numbering: str = ""
    text_runs_on: bool = False

    def iter_lines(self) -> Iterator[BudgetLine]:
        """Every line of the group, sub-lines included, depth first."""
        stack = list(reversed(self.lines))
        while stack:
            line = stack.pop()
            yield line
            stack.extend(reversed(line.children))


def copy_lines(lines: list[BudgetLine]) -> list[BudgetLine]:
    """A deep copy of budget lines and their sub-lines — what ``copy.deepcopy`` gives, about twenty times faster
    (every field but ``children`` is immutable)."""
    copies = []
    for line in lines:
        new = object.__new__(BudgetLine)
        new.__dict__.update(line.__dict__)
        new.children = copy_lines(line.children) if line.children else []
        copies.append(new)
    return copies


def copy_groups(groups: list[BudgetGroup]) -> list[BudgetGroup]:
    """A deep copy of budget groups and their lines (see :func:`copy_lines`)."""
    copies = []
    for group in groups:
        new = object.__new__(BudgetGroup)
        new.__dict__.update(group.__dict__)
        new.lines = copy_lines(group.lines)
        copies.append(new)
    return copies


def copy_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """A deep copy of indicator rows (their values are immutable)."""
    copies = []
    for indicator in indicators:
        new = object.__new__(Indicator)
        new.__dict__.update(indicator.__dict__)
        copies.append(new)
    return copies


@dataclass
class Section:
    """One of the seven sections; ``heading`` is set only when the document prints a different one."""

    key: str
    text: str = ""
    heading: str | None = None


#: How the budget lines of an explanation are worded on paper: "typed" prints the clerk's texts as typed
#: (format 2 on); "legacy" composes them as g60desk format 1 did — numbers, "：", "，" and "；"/"。" added by
#: the program — and is what a format-1 file keeps until the clerk turns it into typed text.
WORDINGS: tuple[str, ...] = ("typed", "legacy")


@dataclass
class FundingExplanation:
    """项目经费情况说明: seven section texts and the budget groups of 六、年度预算安排."""

    sections: dict[str, Section] = field(default_factory=lambda: {k: Section(k) for k in SECTION_KEYS})
    budget_groups: list[BudgetGroup] = field(default_factory=list)
    wording: str = "typed"

    def text(self, key: str) -> str:
        return self.sections[key].text

    def iter_lines(self) -> Iterator[BudgetLine]:
        for group in self.budget_groups:
            yield from group.iter_lines()


@dataclass
class DeclarationForm:
    """财政项目支出绩效目标申报表 of one declared node (its 项目名称 is the node's name)."""

    template: str = "上海2026"
    framework: str = "2021"
    nature: str = ""
    category: str = ""
    supervising_dept: str = ""
    implementing_unit: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    funding: FundingBlock = field(default_factory=FundingBlock)
    overall_goal: str = ""
    annual_goal: str = ""
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Node:
    """A 项目 or 子项目. A declared node has a form and an explanation; others only group children."""

    name: str
    kind: NodeKind = "project"
    form: DeclarationForm | None = None
    explanation: FundingExplanation | None = None
    children: list[Node] = field(default_factory=list)
    id: int | None = None

    @property
    def declared(self) -> bool:
        return self.form is not None


@dataclass
class Department:
    """部门 / 预算单位: root of the tree. ``overview`` is the 绩效目标设置情况 text as written (may be blank)."""

    name: str
    budget_units: int = 1
    overview: str = ""
    projects: list[Node] = field(default_factory=list)
    id: int | None = None

    def iter_nodes(self) -> Iterator[tuple[tuple[str, ...], Node]]:
        """(path below the department, node) for every project and sub-project, in tree order."""
        def walk(prefix: tuple[str, ...], nodes: list[Node]) -> Iterator[tuple[tuple[str, ...], Node]]:
            for node in nodes:
                path = prefix + (node.name,)
                yield path, node
                yield from walk(path, node.children)
        yield from walk((), self.projects)

    def declared_nodes(self) -> list[Node]:
        return [node for _, node in self.iter_nodes() if node.declared]


@dataclass
class Acknowledgement:
    """A 警告 accepted with a written reason; valid while ``fingerprint`` still matches the data."""

    rule: str
    path: tuple[str, ...]
    field: str | None
    fingerprint: str
    reason: str
    created: str


@dataclass
class HistoryEntry:
    """Something that happened to the file but is not its data (a submission, an import)."""

    time: str
    kind: str
    digest: str
    detail: str = ""


@dataclass
class Document:
    """One .g60 file: one budget year, one or more departments."""

    budget_year: int
    template: str = "上海2026"
    departments: list[Department] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)

    def iter_nodes(self) -> Iterator[tuple[tuple[str, ...], Node]]:
        """(full path starting with the department name, node) for every node of the file."""
        for dept in self.departments:
            for path, node in dept.iter_nodes():
                yield (dept.name,) + path, node

    def find(self, path: tuple[str, ...] | list[str]) -> Department | Node | None:
        """The department or node at ``path`` (names from the department down), or None."""
        path = tuple(path)
        if not path:
            return None
        dept = next((d for d in self.departments if d.name == path[0]), None)
        if dept is None or len(path) == 1:
            return dept
        nodes, found = dept.projects, None
        for name in path[1:]:
            found = next((n for n in nodes if n.name == name), None)
            if found is None:
                return None
            nodes = found.children
        return found


def form_of(node: Node) -> DeclarationForm:
    """The 申报表 of a node the caller knows is declared (ValueError for one that is not)."""
    if node.form is None:
        raise ValueError(f"“{node.name}” has no 申报表")
    return node.form


def explanation_of(node: Node) -> FundingExplanation:
    """The 项目经费情况说明 of a node the caller knows is declared (ValueError for one that is not)."""
    if node.explanation is None:
        raise ValueError(f"“{node.name}” has no 项目经费情况说明")
    return node.explanation
