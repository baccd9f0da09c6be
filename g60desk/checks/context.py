"""What the rules look at, computed once per node or department: lines with their places, numbers, names.

Everything a rule needs more than once is worked out here in one pass, so a full check of 1,000 forms
stays linear and cheap.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import cast

from ..domain.budget import Exact, amount_of, formula_fen
from ..domain.frameworks import FRAMEWORKS, Framework
from ..domain.model import BudgetLine, DeclarationForm, Department, Document, FundingExplanation, Node
from ..domain.templates import TEMPLATES, Template
from .amounts import money_unit, yuan
from .findings import Finding, Operand, make_finding
from .places import line_field


def squeeze(text: str) -> str:
    """Text compared as the same spelling: NFKC (only when it is not already), without any whitespace."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """:func:`squeeze`, memoised, for the short names that recur (指标 levels, units, 单位名称); "" for None."""
    return squeeze(text) if text else ""


#: Numbers beyond 10^±30 are no indicator values anyone writes; they are treated as unreadable.
MAX_EXPONENT = 30


@lru_cache(maxsize=4096)
def decimal_of(number: str | None) -> Decimal | None:
    """The number of a stored indicator value, or None when there is none or it is not a sane finite number."""
    if number is None:
        return None
    try:
        value = Decimal(number)
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not value.is_finite() or (value and abs(value.adjusted()) > MAX_EXPONENT):
        return None
    return value


_UNSET = object()


class LineEntry:
    """A budget line with its place (group index, index path inside the group) and its formula's value:
    None without a formula, (numerator, denominator) in 分, or the message saying why it cannot be computed."""

    __slots__ = ("group", "indices", "line", "value")

    def __init__(self, group: int, indices: tuple[int, ...], line: BudgetLine, value: object = _UNSET):
        self.group = group
        self.indices = indices
        self.line = line
        if value is _UNSET:
            formula = line.formula
            value = formula_fen(formula, line.formula_unit) if formula and not formula.isspace() else None
        self.value = cast("Exact | str | None", value)   # given by the caller, or computed above

    def field(self, column: str) -> str:
        return line_field(self.group, self.indices, column)


@lru_cache(maxsize=16)
def framework_levels(framework_id: str) -> dict[str, frozenset[str]] | None:
    """一级 → the set of its 二级 names in a framework; None for an unknown framework."""
    framework = FRAMEWORKS.get(framework_id)
    if framework is None:
        return None
    return {name: frozenset(subs) for name, subs in framework.levels}


class RowFacts:
    """What an indicator row's content says, read once per distinct content and shared by equal rows:
    the names compacted, the operator, the number read (``number``: a Decimal, ``ratio``: the same as an
    exact (numerator, denominator); None without a number), the unit compacted, whether it is a cost row, and
    the unit as money (``money``: (分 per unit, the counted thing or None), None when it is no money unit)."""

    __slots__ = ("level1", "level2", "op", "number", "unit", "cost", "money", "ratio")

    def __init__(self, level1: str, level2: str, op: str | None, number: Decimal | None, unit: str, cost: bool,
                 money: tuple[int, str | None] | None, ratio: tuple[int, int] | None):
        self.level1 = level1
        self.level2 = level2
        self.op = op
        self.number = number
        self.unit = unit
        self.cost = cost
        self.money = money
        self.ratio = ratio


#: The row lists of :meth:`NodeContext._sort_rows`, by their place in the ``buckets`` of :func:`_row_facts`.
MISPLACED, SATISFACTION, OPERATOR, QUALITATIVE, NO_VALUE, COST, QUANTITY, DEADLINE = range(8)


@lru_cache(maxsize=16384)
def _row_facts(level1: str, level2: str, number: str | None, unit: str, op: str | None, has_text: bool,
               framework_id: str) -> tuple[RowFacts, tuple[int, ...]]:
    """(:class:`RowFacts`, the row lists the row goes in) of an indicator; shared by equal rows. The lists:
    misplaced (一级/二级 not of the framework; never for an unknown framework), satisfaction, with an
    operator ≥ > ≤ <, qualitative (a text, no number), without a value, cost, 数量指标, 时效指标."""
    level1, level2 = compact(level1), compact(level2)
    framework = FRAMEWORKS.get(framework_id)
    cost = level1 == "成本指标" or (framework is not None and level2 in framework.cost_level2)
    value = decimal_of(number)
    unit = compact(unit)
    levels = framework_levels(framework_id)
    facts = RowFacts(level1, level2, op, value, unit, cost, money_unit(unit),
                     None if value is None else value.as_integer_ratio())
    buckets = []
    if levels is not None and (level1 not in levels or level2 not in levels[level1]):
        buckets.append(MISPLACED)
    if level1 == "满意度指标":
        buckets.append(SATISFACTION)
    if op in _INEQUALITIES:
        buckets.append(OPERATOR)
    if number is None:
        buckets.append(QUALITATIVE if has_text else NO_VALUE)
    if cost:
        buckets.append(COST)
    if level2 == "数量指标":
        buckets.append(QUANTITY)
    elif level2 == "时效指标":
        buckets.append(DEADLINE)
    return facts, tuple(buckets)


_INEQUALITIES = frozenset(("≥", ">", "≤", "<"))


def _walk(out: list[LineEntry], group: int, prefix: tuple[int, ...], lines: list[BudgetLine]) -> None:
    for index, line in enumerate(lines):
        indices = prefix + (index,)
        out.append(LineEntry(group, indices, line))
        if line.children:
            _walk(out, group, indices, line.children)


def _walk_lines(explanation: FundingExplanation) -> list[LineEntry]:
    """Every budget line, sub-lines right after their parent, with its place."""
    out: list[LineEntry] = []
    for group_index, group in enumerate(explanation.budget_groups):
        _walk(out, group_index, (), group.lines)
    return out


class NodeContext:
    """A declared node as its rules see it."""

    def __init__(self, doc: Document, dept: Department, path: tuple[str, ...], node: Node):
        self.doc = doc
        self.dept = dept
        self.path = tuple(path)
        self.node = node
        assert node.form is not None, "only a declared node has rules to check"
        self.form: DeclarationForm = node.form
        self.explanation: FundingExplanation = node.explanation or FundingExplanation()
        self.template: Template | None = TEMPLATES.get(self.form.template)
        self.framework: Framework | None = FRAMEWORKS.get(self.form.framework)
        self.budget_year = doc.budget_year
        self._lines: list[LineEntry] | None = None
        #: lines that need a rule's attention: with a formula, with sub-lines, without an amount
        self.formula_lines: list[LineEntry] = []
        self.parent_lines: list[LineEntry] = []
        self.unstated_lines: list[LineEntry] = []
        self._amounts: dict[int, int] = {}
        self._children_totals: dict[int, int] = {}
        group_totals: list[int] = []
        has_lines = False
        for index, group in enumerate(self.explanation.budget_groups):
            lines = group.lines
            if lines:
                has_lines = True
            group_totals.append(self._group_amount(index, lines))
        self.group_totals = group_totals
        self.has_lines = has_lines
        self.budget_total = sum(group_totals)
        self._sort_rows()
        start, end, year = self.form.planned_start, self.form.planned_end, self.budget_year
        #: planned dates (where given) inside the budget year: the project's whole money is this year's
        self.single_year = ((not isinstance(start, date) or start.year == year)
                            and (not isinstance(end, date) or end.year == year))
        self.memo: dict[str, object] = {}

    # ---- findings ---------------------------------------------------------------------------------
    def finding(self, rule_id: str, field: str | None, message: str, looked_at: object,
                severity: str | None = None, evidence: Iterable[Operand] = (), fix: str = "") -> Finding:
        """A finding at ``field`` of this node; ``evidence``: the :class:`Operand` cells the message names."""
        return make_finding(rule_id, self.path, field, message, looked_at, severity, evidence, fix)

    def yuan(self, fen: int | None) -> str:
        return yuan(fen or 0, self.form.template)

    def section_text(self, key: str) -> str:
        section = self.explanation.sections.get(key)
        return section.text if section is not None else ""

    # ---- funding ----------------------------------------------------------------------------------
    def fen(self, name: str) -> int:
        """A funding amount with a blank cell counted as 0."""
        return getattr(self.form.funding, name) or 0

    # ---- budget lines -----------------------------------------------------------------------------
    def _group_amount(self, group: int, lines: list[BudgetLine], prefix: tuple[int, ...] = ()) -> int:
        """Sum of ``lines`` (each counted by domain.budget.amount_of); lines that need attention are sorted into
        the lists above on the way."""
        total = 0
        evaluate = formula_fen
        value: Exact | str | None
        for index, line in enumerate(lines):
            stated = line.stated_fen
            formula = line.formula
            if stated is not None and not line.children:  # the common line: an amount, no sub-lines
                if not formula:
                    total += stated  # nothing to look at
                    continue
                value = evaluate(formula, line.formula_unit)
                if value.__class__ is tuple and stated * value[1] == value[0]:
                    total += stated  # the formula gives exactly the stated amount
                    continue
                if formula.isspace():
                    value = None
            elif formula:
                value = evaluate(formula, line.formula_unit)
                if formula.isspace():
                    value = None
            else:
                value = None
            children = line.children
            entry = LineEntry(group, prefix + (index,), line, value)
            if value is not None:
                self.formula_lines.append(entry)
            children_total = None
            if children:
                self.parent_lines.append(entry)
                children_total = self._group_amount(group, children, entry.indices)
                self._children_totals[id(line)] = children_total
            elif stated is None:
                self.unstated_lines.append(entry)
            amount = amount_of(stated, children_total, value)   # the one rule (domain/budget.py)
            self._amounts[id(line)] = amount
            total += amount
        return total

    @property
    def lines(self) -> list[LineEntry]:
        """Every budget line with its place, sub-lines after their parent (built when a rule asks)."""
        if self._lines is None:
            self._lines = _walk_lines(self.explanation)
        return self._lines

    def line_amount(self, line: BudgetLine) -> int:
        """What a line adds to its total: its stated amount, else its sub-lines, else its formula, else 0."""
        if line.stated_fen is not None:
            return line.stated_fen
        return self._amounts.get(id(line), 0)

    def children_total(self, line: BudgetLine) -> int:
        """The sum of a parent line's sub-lines (each as :meth:`line_amount` counts it)."""
        return self._children_totals[id(line)]

    def group_total(self, group_index: int) -> int:
        return self.group_totals[group_index]

    # ---- indicators -------------------------------------------------------------------------------
    def _sort_rows(self) -> None:
        """One pass over the 绩效指标 grid: ``indicator_rows[i]`` are the facts of row i, and the rows the
        indicator rules look at are sorted into lists of row indices."""
        framework_id = self.form.framework if isinstance(self.form.framework, str) else ""
        rows: list[RowFacts] = []
        self.indicator_rows = rows
        lists: tuple[list[int], ...] = ([], [], [], [], [], [], [], [])
        (self.misplaced_rows, self.satisfaction_rows, self.operator_rows, self.qualitative_rows,
         self.incomplete_rows, self.cost_rows, self.quantity_rows, self.deadline_rows) = lists
        facts_of = _row_facts
        indicators = self.form.indicators
        for index, ind in enumerate(indicators):
            value = ind.value
            facts, buckets = facts_of(ind.level1, ind.level2, value.number, value.unit, value.op, bool(value.text),
                                      framework_id)
            rows.append(facts)
            for bucket in buckets:
                lists[bucket].append(index)
        #: (row, index of the first row with the same 一级, 二级 and name)
        self.duplicate_rows: list[tuple[int, int]] = []
        # the names all at once: every row named, in letters and digits only (compared as typed), none twice —
        # the usual grid — leaves nothing to look at row by row
        names = [ind.name for ind in indicators]
        if all(names) and "".join(names).isalnum() and len(set(names)) == len(names):
            self.present_level1: set[str] = {facts.level1 for facts in rows}
        else:
            self._sort_names(names)

    def _sort_names(self, names: list[str]) -> None:
        """The rows' names one by one: rows without a name (into ``incomplete_rows``), the 一级指标 of the named
        rows, and duplicates (the same 一级, 二级 and name as compared: letters and digits as typed, other
        names without spaces and NFKC)."""
        rows = self.indicator_rows
        incomplete = self.incomplete_rows
        present: set[str] = set()
        self.present_level1 = present
        seen: dict[tuple[str, str, str], int] = {}
        duplicates = self.duplicate_rows
        unnamed = False
        for index, name in enumerate(names):
            if not name or name.isspace():
                if index not in incomplete:
                    incomplete.append(index)
                    unnamed = True
                continue
            facts = rows[index]
            present.add(facts.level1)
            first = seen.setdefault((facts.level1, facts.level2, name if name.isalnum() else squeeze(name)), index)
            if first != index:
                duplicates.append((index, first))
        if unnamed:
            incomplete.sort()


class DepartmentContext:
    """A department as its cross-node rules see it."""

    def __init__(self, doc: Document, dept: Department, nodes: list[tuple[tuple[str, ...], Node]] | None = None):
        self.doc = doc
        self.dept = dept
        self.path = (dept.name,)
        self.nodes = nodes if nodes is not None else [((dept.name,) + path, node) for path, node in dept.iter_nodes()]
        self.declared = [(path, node) for path, node in self.nodes if node.form is not None]
        self.overview_text: str | None = None

    def finding(self, rule_id: str, path: tuple[str, ...], field: str | None, message: str,
                looked_at: object, severity: str | None = None, evidence: Iterable[Operand] = (),
                fix: str = "") -> Finding:
        return make_finding(rule_id, path, field, message, looked_at, severity, evidence, fix)
