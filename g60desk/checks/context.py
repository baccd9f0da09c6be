"""What the rules look at, computed once per node or department: lines with their places, numbers, names."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cached_property

from ..domain.formula import round_half_up
from ..domain.frameworks import FRAMEWORKS, Framework
from ..domain.model import BudgetLine, DeclarationForm, Department, Document, FundingExplanation, Node
from ..domain.templates import TEMPLATES, Template
from .amounts import formula_fen, yuan
from .findings import Finding, make_finding
from .places import line_field


def compact(text: str) -> str:
    """Text compared as the same spelling: NFKC, without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def decimal_of(number: str | None) -> Decimal | None:
    """The number of a stored indicator value, or None when there is none or it is not a finite number."""
    if number is None:
        return None
    try:
        value = Decimal(number)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return value if value.is_finite() else None


@dataclass(frozen=True)
class LineEntry:
    """A budget line with its place: group index, index path inside the group, and the line itself."""

    group: int
    indices: tuple[int, ...]
    line: BudgetLine

    def field(self, column: str) -> str:
        return line_field(self.group, self.indices, column)


class NodeContext:
    """A declared node as its rules see it."""

    def __init__(self, doc: Document, dept: Department, path: tuple[str, ...], node: Node):
        self.doc = doc
        self.dept = dept
        self.path = tuple(path)
        self.node = node
        self.form: DeclarationForm = node.form
        self.explanation: FundingExplanation = node.explanation or FundingExplanation()
        self.template: Template | None = TEMPLATES.get(self.form.template)
        self.framework: Framework | None = FRAMEWORKS.get(self.form.framework)
        self.budget_year = doc.budget_year

    # ---- findings ---------------------------------------------------------------------------------
    def finding(self, rule_id: str, field: str | None, message: str, operands: object,
                severity: str | None = None) -> Finding:
        return make_finding(rule_id, self.path, field, message, operands, severity)

    def yuan(self, fen: int | None) -> str:
        return yuan(fen or 0, self.form.template)

    # ---- funding ----------------------------------------------------------------------------------
    def fen(self, name: str) -> int:
        """A funding amount with a blank cell counted as 0."""
        return getattr(self.form.funding, name) or 0

    @cached_property
    def single_year(self) -> bool:
        """Planned dates (where given) inside the budget year: the project's whole money is this year's."""
        dates = [d for d in (self.form.planned_start, self.form.planned_end) if isinstance(d, date)]
        return all(d.year == self.budget_year for d in dates)

    # ---- budget lines -----------------------------------------------------------------------------
    @cached_property
    def lines(self) -> list[LineEntry]:
        """Every budget line, sub-lines included, depth first, with its place."""
        out: list[LineEntry] = []

        def walk(group: int, prefix: tuple[int, ...], lines: list[BudgetLine]) -> None:
            for index, line in enumerate(lines):
                entry = LineEntry(group, prefix + (index,), line)
                out.append(entry)
                walk(group, entry.indices, line.children)

        for group_index, group in enumerate(self.explanation.budget_groups):
            walk(group_index, (), group.lines)
        return out

    def line_amount(self, line: BudgetLine) -> int:
        """What a line adds to its total: its stated amount, else its sub-lines, else its formula, else 0."""
        if line.stated_fen is not None:
            return line.stated_fen
        if line.children:
            return sum(self.line_amount(child) for child in line.children)
        if line.formula.strip():
            value = formula_fen(line.formula, line.formula_unit)
            if isinstance(value, Fraction):
                return round_half_up(value)
        return 0

    def group_total(self, group_index: int) -> int:
        return sum(self.line_amount(line) for line in self.explanation.budget_groups[group_index].lines)

    @cached_property
    def has_lines(self) -> bool:
        return any(group.lines for group in self.explanation.budget_groups)

    @cached_property
    def budget_total(self) -> int:
        return sum(self.group_total(i) for i in range(len(self.explanation.budget_groups)))

    # ---- indicators -------------------------------------------------------------------------------
    @cached_property
    def numbers(self) -> list[Decimal | None]:
        return [decimal_of(ind.value.number) for ind in self.form.indicators]

    def is_cost(self, level1: str, level2: str) -> bool:
        if level1 == "成本指标":
            return True
        return self.framework is not None and level2 in self.framework.cost_level2

    def rows(self, level2: str) -> list[int]:
        return self._rows_by_level2.get(level2, [])

    @cached_property
    def _rows_by_level2(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for i, ind in enumerate(self.form.indicators):
            rows.setdefault(compact(ind.level2), []).append(i)
        return rows


class DepartmentContext:
    """A department as its cross-node rules see it."""

    def __init__(self, doc: Document, dept: Department):
        self.doc = doc
        self.dept = dept
        self.path = (dept.name,)
        self.nodes = [((dept.name,) + path, node) for path, node in dept.iter_nodes()]
        self.declared = [(path, node) for path, node in self.nodes if node.form is not None]

    def finding(self, rule_id: str, path: tuple[str, ...], field: str | None, message: str,
                operands: object, severity: str | None = None) -> Finding:
        return make_finding(rule_id, path, field, message, operands, severity)
