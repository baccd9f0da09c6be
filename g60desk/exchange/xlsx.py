"""导出Excel: one sheet per 申报表 laid out like the printed form, and two flat sheets with real numbers.

The form sheets follow DESIGN.md Appendix A (merged cells as on paper, amounts as numbers in 元 with the
template's format). The flat sheets 绩效指标 and 预算明细 are the layout 导入Excel reads back
(xlsx_import.py): one row per indicator or budget line, numbers as number cells, never text.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.budget import line_amount_fen
from ..domain.model import BudgetLine, Department, Document, Indicator, Node, explanation_of, form_of
from ..domain.templates import TEMPLATES, Template, get_template
from ..domain.values import format_value
from ..domain.vocabulary import FIELD_LABELS
from .atomic import save_atomically

INDICATOR_SHEET = "绩效指标"
BUDGET_SHEET = "预算明细"
INDICATOR_HEADERS = ("部门", "项目路径", "一级指标", "二级指标", "三级指标", "运算符", "数值", "单位", "定性值",
                     "指标值")
BUDGET_HEADERS = ("路径", "分组", "序号", "名称", "测算依据", "计算公式", "公式单位", "申报金额（万元）", "备注")
#: the clerk's wording of each line (docs/printing.md), read back when present (older workbooks lack them),
#: then what the line adds to its group's total — worked out, never read back
BUDGET_WORDING_HEADERS = ("金额原文", "结尾", "接排", "子项编号")
BUDGET_COUNTED_HEADER = "计入合计（万元）"
PATH_SEPARATOR = " / "
FORMULA_UNIT_WORDS = {"wan": "万元", "yuan": "元"}
#: the form's amounts: 780,000.00 with a zero printed as 0 (2026), or 10580000 (2022)
AMOUNT_FORMATS = {"thousands2": "#,##0.00;-#,##0.00;0", "plain": "0.##########;-0.##########;0"}
WAN_FORMAT = "0.00####"
FONT_NAME = "宋体"
_INVALID_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")


@dataclass(frozen=True)
class DeclaredForm:
    """A declared node with where it sits: its number in the file, department and path below it."""

    number: int
    department: Department
    path: tuple[str, ...]
    node: Node

    @property
    def path_text(self) -> str:
        return PATH_SEPARATOR.join(self.path)


def declared_forms(doc: Document) -> list[DeclaredForm]:
    forms, number = [], 0
    for dept in doc.departments:
        for path, node in dept.iter_nodes():
            if node.declared:
                number += 1
                forms.append(DeclaredForm(number, dept, path, node))
    return forms


def export_xlsx(doc: Document, out: Path) -> Path:
    """Write the workbook to ``out`` (through a temp file beside it, then renamed into place)."""
    workbook = build_workbook(doc)
    return save_atomically(out, workbook.save, what=" Excel 文件", holder=" Excel/WPS ")


def build_workbook(doc: Document) -> Workbook:
    workbook = Workbook()
    if workbook.active is not None:   # the empty sheet a new workbook starts with
        workbook.remove(workbook.active)
    used: set[str] = set()
    for form in declared_forms(doc):
        sheet = workbook.create_sheet(_sheet_title(f"表{form.number} {form.node.name}", used))
        FormSheet(sheet, doc, form).write()
    write_indicator_sheet(workbook.create_sheet(INDICATOR_SHEET), doc)
    write_budget_sheet(workbook.create_sheet(BUDGET_SHEET), doc)
    return workbook


def _sheet_title(text: str, used: set[str]) -> str:
    base = text.translate(_INVALID_SHEET_CHARS).strip("'")[:31] or "表"
    title, n = base, 2
    while title in used or title in (INDICATOR_SHEET, BUDGET_SHEET):
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def amount_cell_value(fen: int | None) -> int | float | None:
    """分 → 元 as a number cell (None stays blank); int when whole, else the nearest double."""
    if fen is None:
        return None
    return fen // 100 if fen % 100 == 0 else fen / 100


def wan_cell_value(fen: int | None) -> int | float | None:
    if fen is None:
        return None
    return fen // 1_000_000 if fen % 1_000_000 == 0 else fen / 1_000_000


def number_cell_value(number: str | None) -> int | float | None:
    """An indicator number (canonical decimal text) as a number cell."""
    if number is None:
        return None
    value = Decimal(number)
    return int(value) if value == value.to_integral_value() else float(value)


# ---- the form sheet ---------------------------------------------------------------------------------

class FormSheet:
    """One 申报表 on a sheet of six columns A–F, rows as DESIGN.md Appendix A."""

    WIDTHS = (12, 16, 16, 20, 16, 22)

    def __init__(self, sheet: Worksheet, doc: Document, form: DeclaredForm):
        self.sheet, self.doc, self.form = sheet, doc, form
        self.node = form.node
        self.template: Template = TEMPLATES.get(form_of(self.node).template) or get_template(doc.template)
        self.row = 1

    def write(self) -> None:
        self._title()
        self._header()
        self._funding()
        self._goals()
        self._indicators()
        self._page_setup()

    # cells
    def put(self, row: int, col: int, value, *, to_col: int | None = None, to_row: int | None = None,
            label: bool = False, number_format: str | None = None) -> None:
        cell = self.sheet.cell(row=row, column=col, value=value)
        _as_text_if_formula_like(cell)
        cell.font = Font(name=FONT_NAME, size=10, bold=False)
        cell.alignment = WRAP_CENTER if label else WRAP_LEFT
        if number_format:
            cell.number_format = number_format
            cell.alignment = Alignment(vertical="center", horizontal="right")
        last_col, last_row = to_col or col, to_row or row
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                self.sheet.cell(row=r, column=c).border = BORDER
        if last_col != col or last_row != row:
            self.sheet.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)

    def _title(self) -> None:
        s = self.sheet
        s.cell(row=1, column=1, value=f"{self.template.form_title} {self.form.number}").font = Font(
            name=FONT_NAME, size=14, bold=True)
        s.cell(row=2, column=1, value=self.template.year_line.format(year=self.doc.budget_year)).font = Font(
            name=FONT_NAME, size=11)
        for r in (1, 2):
            s.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
            s.cell(row=r, column=1).alignment = Alignment(horizontal="center", vertical="center")
        self.row = 3

    def _header(self) -> None:
        form, fields = form_of(self.node), self.template.header_fields
        first = [f for f in ("name", "nature", "category") if f in fields]
        values = {"name": self.node.name, "nature": form.nature, "category": form.category}
        r = self.row
        if len(first) == 3:
            for i, name in enumerate(first):
                self.put(r, 1 + 2 * i, FIELD_LABELS[name], label=True)
                self.put(r, 2 + 2 * i, values[name])
        else:
            self.put(r, 1, FIELD_LABELS["name"], label=True)
            self.put(r, 2, values["name"], to_col=4)
            if "category" in first:
                self.put(r, 5, FIELD_LABELS["category"], label=True)
                self.put(r, 6, values["category"])
        self.put(r + 1, 1, FIELD_LABELS["supervising_dept"], label=True)
        self.put(r + 1, 2, form.supervising_dept, to_col=3)
        self.put(r + 1, 4, FIELD_LABELS["implementing_unit"], label=True)
        self.put(r + 1, 5, form.implementing_unit, to_col=6)
        self.put(r + 2, 1, FIELD_LABELS["planned_start"], label=True)
        self.put(r + 2, 2, form.planned_start, to_col=3, number_format="yyyy-mm-dd")
        self.put(r + 2, 4, FIELD_LABELS["planned_end"], label=True)
        self.put(r + 2, 5, form.planned_end, to_col=6, number_format="yyyy-mm-dd")
        self.row = r + 3

    def _funding(self) -> None:
        f, r = form_of(self.node).funding, self.row
        fmt = AMOUNT_FORMATS[self.template.amount_style]
        self.put(r, 1, "项目资金（元）", to_row=r + 3, label=True)
        pairs = (("项目资金总额", f.project_total_fen, "年度资金申请总额", f.annual_request_fen),
                 ("其中：财政资金", f.fiscal_fen, "其中：当年财政拨款", f.appropriation_fen),
                 (None, None, "上年结转资金", f.carryover_fen),
                 ("其他资金", f.other_fen, "其他资金", f.annual_other_fen))
        for i, (left_label, left, right_label, right) in enumerate(pairs):
            self.put(r + i, 2, left_label, label=True)
            self.put(r + i, 3, amount_cell_value(left), number_format=fmt)
            self.put(r + i, 4, right_label, label=True)
            self.put(r + i, 5, amount_cell_value(right), to_col=6, number_format=fmt)
        self.row = r + 4

    def _goal_years(self) -> tuple[int, int]:
        form, year = form_of(self.node), self.doc.budget_year
        return (form.planned_start.year if form.planned_start else year,
                form.planned_end.year if form.planned_end else year)

    def _goals(self) -> None:
        r, form = self.row, form_of(self.node)
        start, end = self._goal_years()
        self.put(r, 1, "项目绩效目标", to_row=r + 1, label=True)
        self.put(r, 2, self.template.overall_goal_header.format(start=start, end=end), to_col=3, label=True)
        self.put(r, 4, self.template.annual_goal_header.format(start=start, end=end), to_col=6, label=True)
        self.put(r + 1, 2, form.overall_goal, to_col=3)
        self.put(r + 1, 4, form.annual_goal, to_col=6)
        longest = max(len(form.overall_goal), len(form.annual_goal))
        self.sheet.row_dimensions[r + 1].height = min(409, max(30, 15 * (longest // 24 + 1)))
        self.row = r + 2

    def _indicators(self) -> None:
        r = self.row
        indicators = form_of(self.node).indicators
        self.put(r, 1, "绩效指标", to_row=r + max(1, len(indicators)), label=True)
        for col, text, last in ((2, "一级指标", 2), (3, "二级指标", 3), (4, "三级指标", 5),
                                (6, self.template.value_header, 6)):
            self.put(r, col, text, to_col=last, label=True)
        first = r + 1
        for i, ind in enumerate(indicators):
            self.put(first + i, 4, ind.name, to_col=5)
            self.put(first + i, 6, format_value(ind.value, self.template.value_style), label=True)
        for col, key in ((2, lambda x: (x.level1,)), (3, lambda x: (x.level1, x.level2))):
            for start, end, sample in _runs(indicators, key):
                self.put(first + start, col, sample.level1 if col == 2 else sample.level2,
                         to_row=first + end, label=True)
        if not indicators:
            for col in (2, 3, 4, 6):
                self.put(first, col, None, to_col=5 if col == 4 else col)
        self.row = first + max(1, len(indicators))

    def _page_setup(self) -> None:
        s = self.sheet
        for i, width in enumerate(self.WIDTHS, 1):
            s.column_dimensions[get_column_letter(i)].width = width
        s.page_setup.paperSize = s.PAPERSIZE_A4
        s.page_setup.orientation = "portrait"
        s.page_setup.fitToWidth, s.page_setup.fitToHeight = 1, 0
        setup = s.sheet_properties.pageSetUpPr
        assert setup is not None   # openpyxl gives every sheet one
        setup.fitToPage = True
        s.print_options.horizontalCentered = True


def _runs(items: list[Indicator], key) -> Iterator[tuple[int, int, Indicator]]:
    """(first index, last index, first item) of each run of consecutive items with the same key."""
    start = 0
    for i in range(1, len(items) + 1):
        if i == len(items) or key(items[i]) != key(items[start]):
            yield start, i - 1, items[start]
            start = i


# ---- flat sheets ------------------------------------------------------------------------------------

def _as_text_if_formula_like(cell) -> None:
    """A text such as "=100%" (a 2022 printed value) is a string cell, never a formula."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _last_row(sheet: Worksheet) -> int:
    """The row last appended: sheet.max_row scans every cell of the sheet, once per row it is quadratic
    (a department's 100,000 budget lines would take hours)."""
    return getattr(sheet, "_current_row", None) or sheet.max_row


def _append(sheet: Worksheet, values: list) -> None:
    sheet.append(values)
    row = _last_row(sheet)
    for column, value in enumerate(values, 1):
        if isinstance(value, str) and value.startswith("="):
            _as_text_if_formula_like(sheet.cell(row=row, column=column))


def _header_row(sheet: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    sheet.append(list(headers))
    for i, width in enumerate(widths, 1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.alignment = WRAP_CENTER
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"


def write_indicator_sheet(sheet: Worksheet, doc: Document) -> None:
    _header_row(sheet, INDICATOR_HEADERS, (24, 30, 12, 16, 40, 8, 12, 10, 14, 16))
    for form in declared_forms(doc):
        style = (TEMPLATES.get(form_of(form.node).template) or get_template(doc.template)).value_style
        for ind in form_of(form.node).indicators:
            v = ind.value
            _append(sheet, [form.department.name, form.path_text, ind.level1, ind.level2, ind.name,
                          v.op or None, number_cell_value(v.number), v.unit or None, v.text or None,
                          format_value(v, style) or None])
            if v.number is not None:
                sheet.cell(row=_last_row(sheet), column=7).number_format = "General"


def write_budget_sheet(sheet: Worksheet, doc: Document) -> None:
    _header_row(sheet, BUDGET_HEADERS + BUDGET_WORDING_HEADERS + (BUDGET_COUNTED_HEADER,),
                (40, 24, 8, 30, 40, 20, 10, 16, 20, 12, 10, 6, 10, 16))
    counted = len(BUDGET_HEADERS) + len(BUDGET_WORDING_HEADERS) + 1
    for form in declared_forms(doc):
        where = PATH_SEPARATOR.join((form.department.name,) + form.path)
        for group in explanation_of(form.node).budget_groups:
            if not group.lines:   # an empty group still has a row, so reading the sheet back keeps it
                _append(sheet, [where, group.title])
            for number, line in _numbered(group.lines, ()):
                _append(sheet, [where, group.title, number, line.label, line.basis or None, line.formula or None,
                              FORMULA_UNIT_WORDS[line.formula_unit], wan_cell_value(line.stated_fen),
                              line.remark or None, line.stated_text or None, line.ending or None,
                              "是" if line.runs_on else None, line.numbering or None,
                              wan_cell_value(line_amount_fen(line))])
                sheet.cell(row=_last_row(sheet), column=8).number_format = WAN_FORMAT
                sheet.cell(row=_last_row(sheet), column=counted).number_format = WAN_FORMAT


def _numbered(lines: list[BudgetLine], prefix: tuple[int, ...]) -> Iterator[tuple[str, BudgetLine]]:
    """("1", line), ("1.1", sub-line) … — the 序号 column, which also carries the nesting."""
    for i, line in enumerate(lines, 1):
        here = prefix + (i,)
        yield ".".join(map(str, here)), line
        yield from _numbered(line.children, here)
