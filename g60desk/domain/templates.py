"""Templates (模板) as data: which fields a region's 申报表 has, their labels, types and print places.

A template is a TOML file (docs/templates.md) read by :mod:`template_file`; this module holds what it becomes.
Every field is declared once, under a key: the keys the rules read (``name``, ``supervising_dept``,
``planned_start``, the funding cells, the goals, indicator ``level1``/``level2``/``name``/``value``, budget-line
columns) keep their meaning in every template, each template giving them its own labels; any other key is the
template's own and is stored generically (``extra`` of the form, the indicator row or the budget line).

The definition travels inside every .g60 file (and JSON export), so a file opens, checks and prints on a PC where
its template is not installed: a form carries its template as ``DeclarationForm.spec``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from .frameworks import Framework
from .money import format_money

if TYPE_CHECKING:
    from .model import DeclarationForm, Document

AmountUnit = Literal["wan", "yuan"]

FIELD_TYPES: tuple[str, ...] = ("text", "date", "month", "years", "choice", "checks", "amount")
COLUMN_TYPES: tuple[str, ...] = ("text", "value", "number", "choice", "amount")
#: where a header field prints: in the rows above the goals, in a row after the indicators, or on a line below
PLACES: tuple[str, ...] = ("top", "after", "below")
LAYOUTS: tuple[str, ...] = ("form", "list")
GOAL_LAYOUTS: tuple[str, ...] = ("side", "stacked")
#: how the budget lines of 六、年度预算安排 print: the clerk's sentences, or a table of the budget columns
BUDGET_LAYOUTS: tuple[str, ...] = ("text", "table")
VALUE_STYLES: tuple[str, ...] = ("2026", "2022", "plain")
VALUE_PARTS: tuple[str, ...] = ("op", "number", "unit")

#: The keys the rules read, with the types a template may give them.
HEADER_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("text",),
    "nature": ("text", "choice"),
    "category": ("text", "choice"),
    "supervising_dept": ("text", "choice"),
    "implementing_unit": ("text", "choice"),
    "planned_start": ("date", "month"),
    "planned_end": ("date", "month"),
}
FUNDING_KEYS: tuple[str, ...] = ("project_total_fen", "fiscal_fen", "other_fen", "annual_request_fen",
                                 "appropriation_fen", "carryover_fen", "annual_other_fen")
GOAL_KEYS: tuple[str, ...] = ("overall_goal", "annual_goal")
INDICATOR_KEYS: tuple[str, ...] = ("level1", "level2", "name", "value")
LINE_KEYS: tuple[str, ...] = ("label", "basis", "formula", "stated_fen", "remark")
SECTION_KEYS: tuple[str, ...] = ("overview", "basis", "implementer", "plan", "period", "budget", "targets")
#: keys no template field may take: they name other things of the form
RESERVED_KEYS: frozenset[str] = frozenset(
    {"template", "framework", "extra", "funding", "indicators", "id", "spec", "explanation", "children",
     "kind", "budget_groups", "sections", "wording"})


@dataclass(frozen=True)
class Slot:
    """Where a label/value pair prints in a row: label column and span, value column and span (from 0)."""

    label_col: int
    label_span: int
    value_col: int
    value_span: int


@dataclass(frozen=True)
class Field:
    """A header field, a funding cell or a goal: its key, label, type and where it prints.

    ``row`` numbers the printed rows above the goals (header and funding rows share one numbering); ``pair`` is
    the place in that row (from 1). ``extra``: the key is the template's own (stored in ``DeclarationForm.extra``).
    ``line`` is its line in the template file (for messages)."""

    key: str
    label: str
    type: str = "text"
    row: int = 0
    pair: int = 0
    place: str = "top"
    choices: tuple[str, ...] = ()
    extra: bool = False
    line: int = 0
    #: printed in the cell of the field before it, after this text ("-": 2023.07-2024.01); "" its own cell
    join: str = ""
    #: 审核 reports it blank (F-REQ-01); by default the header fields above the goals and the funding block's
    #: totals (the cells its identities add up to)
    required: bool = False
    #: a funding cell holding last year's figure of another cell (上年度预算安排 of 本年度申请金额): 下一年度申报
    #: can move this year's amount into it; "" none
    last_year_of: str = ""

    @property
    def short_label(self) -> str:
        """The label as a message names the cell: without a leading "其中："."""
        for head in ("其中：", "其中:"):
            if self.label.startswith(head):
                return self.label[len(head):]
        return self.label


@dataclass(frozen=True)
class Column:
    """A column of the 绩效指标 grid or of the budget lines: key, header, type, printed span.

    ``part`` prints one part of the indicator value (op, number, unit) in a column of its own."""

    key: str
    label: str
    type: str = "text"
    span: int = 1
    part: str = ""
    choices: tuple[str, ...] = ()
    extra: bool = False
    line: int = 0
    #: a column holding last year's figure of another column of the same grid (上年预算数 of 申报金额, 上年度实际
    #: 水平 of the 指标值): 下一年度申报 can move this year's figures into it; "" none
    last_year_of: str = ""


@dataclass(frozen=True)
class Identity:
    """Cells that add up: ``total`` = sum of ``parts`` (funding keys, blanks counted as 0)."""

    total: str
    parts: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class ColumnTotal:
    """An indicator column whose numbers must add up to ``equals`` (权重 to 100)."""

    column: str
    equals: str
    line: int = 0


@dataclass(frozen=True)
class SectionDef:
    """A section of the 项目经费情况说明: its key and its printed heading."""

    key: str
    heading: str
    extra: bool = False


@dataclass(frozen=True)
class Amounts:
    """How the form's amounts are typed and printed: unit, fewest decimals, thousands separators, suffix."""

    unit: AmountUnit = "yuan"
    decimals: int = 2
    grouping: bool = True
    suffix: str = ""
    zero: str = "0"

    def format(self, fen: int | None) -> str:
        """An amount as the form prints it: ``780,000.00``, ``10580000``, ``250万``; blank → "", 0 → ``zero``."""
        if fen is None:
            return ""
        if fen == 0:
            return self.zero
        return format_money(fen, self.unit, min_places=self.decimals, grouping=self.grouping) + self.suffix

    @property
    def unit_word(self) -> str:
        return "万元" if self.unit == "wan" else "元"

    def with_unit(self, fen: int) -> str:
        """An amount as a message names it: the figure in the form's style, then its unit (``780,000.00 元``)."""
        figure = self.zero if fen == 0 else format_money(fen, self.unit, min_places=self.decimals,
                                                          grouping=self.grouping)
        return f"{figure} {self.unit_word}"


#: (label col, label span, value col, value span) of the pairs of a row of 1, 2 and 3 pairs, on six columns
DEFAULT_PAIRS: tuple[tuple[Slot, ...], ...] = (
    (Slot(0, 1, 1, 5),),
    (Slot(0, 1, 1, 1), Slot(2, 1, 3, 3)),
    (Slot(0, 1, 1, 1), Slot(2, 1, 3, 1), Slot(4, 1, 5, 1)),
)
#: the pairs of a funding row whose block label takes the first column
DEFAULT_FUNDING_PAIRS: tuple[Slot, ...] = (Slot(1, 1, 2, 1), Slot(3, 1, 4, 2))
DEFAULT_COLUMNS_MM: tuple[float, ...] = (24.5, 30.0, 31.0, 46.0, 21.0, 21.5)


@dataclass(frozen=True)
class Geometry:
    """The paper: column widths (mm) of the form's grid, of side-by-side goals and of the indicator grid, the
    pair slots by number of pairs in a row, a unit line above the table (left, right)."""

    columns_mm: tuple[float, ...] = DEFAULT_COLUMNS_MM
    goal_columns_mm: tuple[float, ...] = (61.0, 88.5)
    indicator_columns_mm: tuple[float, ...] = ()
    #: the budget lines' table (``budget_layout = "table"``): one width per budget column; () shares the page out
    budget_columns_mm: tuple[float, ...] = ()
    pairs: tuple[tuple[Slot, ...], ...] = DEFAULT_PAIRS
    funding_pairs: tuple[Slot, ...] = DEFAULT_FUNDING_PAIRS
    unit_line: tuple[str, str] = ("", "")
    below_separator: str = "："
    #: the signature block of the print settings under the form (a form whose own line below carries 填表人 … may
    #: leave it out)
    signature: bool = True
    #: how dates and months print: YYYY, MM and DD replaced (2026-01-01, 2023.07)
    date_format: str = "YYYY-MM-DD"
    month_format: str = "YYYY-MM"

    @property
    def grid_columns_mm(self) -> tuple[float, ...]:
        """The indicator grid's columns: its own when declared, else the form's."""
        return self.indicator_columns_mm or self.columns_mm


@dataclass(frozen=True)
class Template:
    """One template file, read and checked. ``text`` is the file as written: what a .g60 file carries."""

    id: str
    version: int
    title: str
    year_line: str
    source: str
    text: str = field(repr=False, default="")
    document_title: str = ""
    layout: str = "form"
    numbered: bool = True
    header: tuple[Field, ...] = ()
    funding: tuple[Field, ...] = ()
    funding_label: str = ""
    identities: tuple[Identity, ...] = ()
    goals: tuple[Field, ...] = ()
    goals_layout: str = "side"
    goals_label: str = ""
    indicators_label: str = ""
    indicator_columns: tuple[Column, ...] = ()
    grouped: bool = True
    #: the form prints every 二级 of its framework: a row with only 一级 and 二级 is one of its blank lines
    blank_rows: bool = False
    column_totals: tuple[ColumnTotal, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    sections: tuple[SectionDef, ...] = ()
    budget_columns: tuple[Column, ...] = ()
    #: how 六、年度预算安排's lines print: "text" — the clerk's sentences (上海); "table" — a table with a column
    #: for each budget column, the template's own too (上年预算数 …)
    budget_layout: str = "text"
    overview: bool = False
    amounts: Amounts = Amounts()
    value_style: str = "2026"
    budget_unit: AmountUnit = "wan"
    geometry: Geometry = Geometry()
    #: list layout: the funding key added up on the department's row ("" none)
    list_total: str = ""

    def __deepcopy__(self, memo: dict[int, Any]) -> Template:
        return self   # immutable: a copied form shares its template

    # ---- fields ---------------------------------------------------------------------------------------
    @cached_property
    def form_fields(self) -> tuple[Field, ...]:
        """Every field of the form (header, funding, goals), in declaration order."""
        return self.header + self.funding + self.goals

    @cached_property
    def _by_key(self) -> dict[str, Field]:
        return {f.key: f for f in reversed(self.form_fields)} if self.form_fields else {}

    def field(self, key: str) -> Field | None:
        return self._by_key.get(key)

    def label(self, key: str) -> str:
        found = self.field(key)
        return found.label if found is not None else key

    @property
    def header_fields(self) -> tuple[str, ...]:
        """Keys of the header fields, in declaration order."""
        return tuple(f.key for f in self.header)

    @property
    def funding_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.funding)

    @cached_property
    def last_year_funding(self) -> tuple[tuple[str, str], ...]:
        """(last year's cell, this year's cell) of the funding block, e.g. ("last_budget_fen", "annual_request_fen")."""
        return tuple((f.key, f.last_year_of) for f in self.funding if f.last_year_of)

    @cached_property
    def last_year_budget(self) -> tuple[tuple[str, str], ...]:
        """(last year's column, this year's column) of the budget lines, e.g. ("last_year_fen", "stated_fen")."""
        return tuple((c.key, c.last_year_of) for c in self.budget_columns if c.last_year_of)

    @cached_property
    def last_year_indicators(self) -> tuple[tuple[str, str], ...]:
        """(last year's column, this year's column) of the indicator grid, e.g. ("last_level", "value")."""
        return tuple((c.key, c.last_year_of) for c in self.indicator_columns if c.last_year_of)

    @property
    def extra_keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.form_fields if f.extra) | frozenset(
            s.key for s in self.sections if s.extra)

    def has(self, name: str) -> bool:
        """Whether the form has ``name``: a field key, ``section:<key>``, ``indicators``, ``indicator:<column>``,
        ``budget`` (budget lines) or ``overview`` (the department's 绩效目标设置情况). (Answers are kept: the rules ask
        the same questions of every form.)"""
        known = self._has
        found = known.get(name)
        if found is None:
            found = known[name] = self._look_up(name)
        return found

    @cached_property
    def _has(self) -> dict[str, bool]:
        return {}

    def _look_up(self, name: str) -> bool:
        head, _, rest = name.partition(":")
        if head == "section" and rest:
            return any(s.key == rest for s in self.sections)
        if head == "indicator" and rest:
            return any(c.key == rest for c in self.indicator_columns)
        if name == "indicators":
            return bool(self.indicator_columns)
        if name == "budget":
            return self.has("section:budget")
        if name == "overview":
            return self.overview
        return self.field(name) is not None

    def goal(self, key: str) -> Field | None:
        found = self.field(key)
        return found if found is not None and found in self.goals else None

    # ---- frameworks ------------------------------------------------------------------------------------
    @property
    def framework(self) -> str:
        """The framework a new form gets: the first one declared."""
        return self.frameworks[0].id if self.frameworks else ""

    def framework_by_id(self, framework_id: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == framework_id), None)

    # ---- explanation -----------------------------------------------------------------------------------
    @property
    def has_explanation(self) -> bool:
        return bool(self.sections)

    @cached_property
    def _sections_by_key(self) -> dict[str, SectionDef]:
        return {s.key: s for s in self.sections}

    def section(self, key: str) -> SectionDef | None:
        return self._sections_by_key.get(key)

    def heading(self, key: str) -> str:
        found = self.section(key)
        return found.heading if found is not None else key

    # ---- what older code asked of a template -----------------------------------------------------------
    @property
    def form_title(self) -> str:
        return self.title

    @property
    def overall_goal_header(self) -> str:
        found = self.goal("overall_goal")
        return found.label if found is not None else ""

    @property
    def annual_goal_header(self) -> str:
        found = self.goal("annual_goal")
        return found.label if found is not None else ""

    @property
    def value_header(self) -> str:
        found = next((c for c in self.indicator_columns if c.key == "value"), None)
        return found.label if found is not None else ""

    @property
    def goal_widths_mm(self) -> tuple[float, ...]:
        return self.geometry.goal_columns_mm

    @property
    def amount_unit(self) -> AmountUnit:
        return self.amounts.unit

    def format_amount(self, fen: int | None) -> str:
        return self.amounts.format(fen)


class TemplateMissing(KeyError):
    """A form names a template that neither its file nor this PC has; ``message`` says which."""

    def __init__(self, ref: str):
        super().__init__(ref)
        self.ref = ref
        self.message = f"模板“{ref}”既不在文件中，也没有安装在这台电脑上：请用带有模板定义的文件，或安装这个模板。"

    def __str__(self) -> str:
        return self.message


DEFAULT_TEMPLATE = "上海2026"


def installed() -> dict[str, Template]:
    """The bundled templates (resources/templates/*.toml), by id."""
    from .template_catalog import bundled_templates
    return bundled_templates()


def get_template(ref: str) -> Template:
    """An installed template by id; :class:`TemplateMissing` when there is none."""
    found = installed().get(ref)
    if found is None:
        raise TemplateMissing(ref)
    return found


def template_of(form: DeclarationForm) -> Template:
    """The template a form is filled in: the copy its file carries, else the installed one of that id."""
    if form.spec is not None:
        return form.spec
    return get_template(form.template)


def document_template(doc: Document) -> Template:
    """The template new forms of ``doc`` get: the file's copy of ``doc.template``, else the installed one."""
    found = doc.templates.get(doc.template)
    return found if found is not None else get_template(doc.template)


def templates_in(doc: Document) -> dict[str, Template]:
    """Every template the document uses or names, by reference: what its file must carry."""
    out: dict[str, Template] = dict(doc.templates)
    for _, node in doc.iter_nodes():
        form = node.form
        if form is not None and form.template not in out:
            out[form.template] = template_of(form)
    if doc.template not in out:
        out[doc.template] = document_template(doc)
    return out


def attach_templates(doc: Document) -> Document:
    """Give every form of ``doc`` its template object and fill the document's catalog (from the file's copies,
    else the installed templates); :class:`TemplateMissing` names a template found nowhere."""
    catalog = templates_in(doc)
    doc.templates = catalog
    for _, node in doc.iter_nodes():
        if node.form is not None:
            node.form.spec = catalog[node.form.template]
    return doc


def framework_of(form: DeclarationForm) -> Framework | None:
    """The indicator framework a form uses, as its template declares it; None for one the template lacks."""
    return template_of(form).framework_by_id(form.framework)
