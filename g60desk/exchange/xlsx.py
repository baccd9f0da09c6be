"""导出Excel: one sheet per 申报表 laid out like the printed form, and two flat sheets with real numbers.

The form sheets follow DESIGN.md Appendix A (merged cells as on paper, amounts as numbers in 元 with the
template's format). The flat sheets 绩效指标 and 预算明细 are the layout 导入Excel reads back
(xlsx_import.py): one row per indicator or budget line, numbers as number cells, never text.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.budget import line_amount_fen
from ..domain.fields import edit_text, form_value, shown
from ..domain.layout import column_places, goal_years, printed_order, value_part
from ..domain.model import BudgetLine, Department, Document, Indicator, Node, explanation_of, form_of
from ..domain.templates import Amounts, Column, Field, Slot, Template, template_of, templates_in
from ..domain.values import format_value
from .atomic import save_atomically

INDICATOR_SHEET = "绩效指标"
BUDGET_SHEET = "预算明细"
#: every field of every form (header, amounts, goals, the template's own), one row each, read back by 导入Excel
HEADER_SHEET = "表头"
HEADER_HEADERS = ("部门", "项目路径", "键", "字段", "值")
INDICATOR_HEADERS = ("部门", "项目路径", "一级指标", "二级指标", "三级指标", "运算符", "数值", "单位", "定性值",
                     "指标值")
BUDGET_HEADERS = ("路径", "分组", "序号", "名称", "测算依据", "计算公式", "公式单位", "申报金额（万元）", "备注")
#: the clerk's wording of each line (docs/printing.md), read back when present (older workbooks lack them),
#: then what the line adds to its group's total — worked out, never read back
BUDGET_WORDING_HEADERS = ("金额原文", "结尾", "接排", "子项编号")
BUDGET_COUNTED_HEADER = "计入合计（万元）"
PATH_SEPARATOR = " / "
FORMULA_UNIT_WORDS = {"wan": "万元", "yuan": "元"}
def amount_format(amounts: Amounts) -> str:
    """The Excel number format of the form's amounts: ``#,##0.00`` (780,000.00), ``0.##########`` (10580000),
    a suffix in quotes (``0"万"``); a zero shows as the template prints it."""
    if amounts.decimals == 0 and not amounts.grouping:
        body = "0.##########"
    else:
        exact = 6 if amounts.unit == "wan" else 2
        fraction = "0" * amounts.decimals + "#" * (exact - amounts.decimals)
        body = ("#,##0" if amounts.grouping else "0") + (f".{fraction}" if fraction else "")
    suffix = f'"{amounts.suffix}"' if amounts.suffix else ""
    zero = amounts.zero.replace('"', "")
    return f'{body}{suffix};-{body}{suffix};"{zero}"' if zero != "0" else f"{body}{suffix};-{body}{suffix};0"
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
    write_header_sheet(workbook.create_sheet(HEADER_SHEET), doc)
    write_indicator_sheet(workbook.create_sheet(INDICATOR_SHEET), doc)
    write_budget_sheet(workbook.create_sheet(BUDGET_SHEET), doc)
    return workbook


def _sheet_title(text: str, used: set[str]) -> str:
    base = text.translate(_INVALID_SHEET_CHARS).strip("'")[:31] or "表"
    title, n = base, 2
    while title in used or title in (HEADER_SHEET, INDICATOR_SHEET, BUDGET_SHEET):
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
    """One 申报表 on a sheet laid out as its template prints it (docs/templates.md): the paper's columns, each row of
    label/value pairs in the template's slots, a funding block's label spanning its rows, the goals, the indicator
    grid with the template's columns (一级/二级 merged where the template groups rows), rows after it and the line
    below. Amounts are number cells in the form's unit and print style; dates are date cells."""

    def __init__(self, sheet: Worksheet, doc: Document, form: DeclaredForm):
        self.sheet, self.doc, self.form = sheet, doc, form
        self.node = form.node
        self.template: Template = template_of(form_of(self.node))
        self.columns = len(self.template.geometry.columns_mm)
        self.row = 1

    def write(self) -> None:
        self._title()
        if self.template.layout == "list":
            self._list_rows()
        else:
            self._top_rows()
            self._goals()
            self._indicators()
            self._after_rows()
            self._below()
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

    def _line(self, text: str, size: int, bold: bool = False, align: str = "center") -> None:
        """A line across the sheet (title, year line)."""
        cell = self.sheet.cell(row=self.row, column=1, value=text)
        cell.font = Font(name=FONT_NAME, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="center")
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.columns)
        self.row += 1

    def _title(self) -> None:
        t = self.template
        title = t.title.format(year=self.doc.budget_year)
        self._line(f"{title} {self.form.number}" if t.numbered else title, 14, bold=True)
        if t.year_line:
            self._line(t.year_line.format(year=self.doc.budget_year), 11)
        left, right = t.geometry.unit_line
        if left or right:
            self.sheet.cell(row=self.row, column=1, value=left or None).font = Font(name=FONT_NAME, size=10)
            self.sheet.cell(row=self.row, column=self.columns, value=right or None).font = Font(name=FONT_NAME,
                                                                                             size=10)
            self.row += 1

    # values
    def _value(self, field: Field) -> tuple[object, str | None]:
        """(cell value, number format) of a field: an amount as a number in the form's unit, a date as a date,
        anything else as the form shows it (joined fields in one cell: 2023.07-2024.01)."""
        form = form_of(self.node)
        value = form_value(form, field.key)
        joined = [f for f in self.template.form_fields if f.join and f.row == field.row and f.pair == field.pair
                  and f.place == field.place and f is not field]
        if field.key == "name":
            return self.node.name, None
        if field.type == "amount":
            return amount_in_unit(value if isinstance(value, int) else None, self.template.amounts.unit), \
                amount_format(self.template.amounts)
        if field.type == "date" and isinstance(value, date) and not joined:
            return value, "yyyy-mm-dd"
        text = shown(self.template, field, value)
        for other in joined:
            text += other.join + shown(self.template, other, form_value(form, other.key))
        return text or None, None

    def _pair(self, field: Field, slot: Slot) -> None:
        self.put(self.row, slot.label_col + 1, field.label.replace("\n", ""), label=True,
                 to_col=slot.label_col + slot.label_span)
        value, number_format = self._value(field)
        self.put(self.row, slot.value_col + 1, value, to_col=slot.value_col + slot.value_span,
                 number_format=number_format)

    def _top_rows(self) -> None:
        t = self.template
        top = [f for f in t.header + t.funding if f.place == "top" and not f.join]
        funding = set(t.funding_keys)
        block_rows: list[int] = []
        for number in sorted({f.row for f in top}):
            fields = sorted((f for f in top if f.row == number), key=lambda f: f.pair)
            block = bool(t.funding_label) and any(f.key in funding for f in fields)
            slots = t.geometry.funding_pairs if block else t.geometry.pairs[max(f.pair for f in fields) - 1]
            if block:
                block_rows.append(self.row)
            for field in fields:
                self._pair(field, slots[field.pair - 1])
            self.row += 1
        if block_rows:
            self.put(block_rows[0], 1, t.funding_label.replace("\n", ""), to_row=block_rows[-1], label=True)

    def _goals(self) -> None:
        t, form = self.template, form_of(self.node)
        if not t.goals:
            return
        start, end = goal_years(form, self.doc.budget_year)
        if t.goals_layout == "stacked" or t.layout == "list":
            for goal in t.goals:
                self._stacked(goal.label.format(start=start, end=end), str(form_value(form, goal.key)))
            return
        first = 2 if t.goals_label else 1
        if t.goals_label:
            self.put(self.row, 1, t.goals_label, to_row=self.row + 1, label=True)
        for (left, right), goal in zip(_chunks(first, self.columns, len(t.goals)), t.goals):
            self.put(self.row, left, goal.label.format(start=start, end=end), to_col=right, label=True)
            self.put(self.row + 1, left, str(form_value(form, goal.key)) or None, to_col=right)
        longest = max(len(str(form_value(form, g.key))) for g in t.goals)
        self.sheet.row_dimensions[self.row + 1].height = min(409, max(30, 15 * (longest // 24 + 1)))
        self.row += 2

    def _stacked(self, label: str, text: str) -> None:
        slot = self.template.geometry.pairs[0][0] if self.template.geometry.pairs else Slot(0, 1, 1, self.columns - 1)
        self.put(self.row, slot.label_col + 1, label, to_col=slot.label_col + slot.label_span, label=True)
        self.put(self.row, slot.value_col + 1, text or None, to_col=slot.value_col + slot.value_span)
        self.row += 1

    def _indicators(self) -> None:
        t = self.template
        if not t.indicator_columns:
            return
        form = form_of(self.node)
        rows = printed_order(form) if t.grouped else list(form.indicators)
        places = _sheet_columns(t)
        r = self.row
        if t.indicators_label:
            self.put(r, 1, t.indicators_label.replace("\n", ""), to_row=r + max(1, len(rows)), label=True)
        for column, (left, right) in places:
            self.put(r, left, column.label, to_col=right, label=True)
        first = r + 1
        for i, ind in enumerate(rows):
            for column, (left, right) in places:
                if column.key in ("level1", "level2") and t.grouped:
                    continue
                self.put(first + i, left, _indicator_text(ind, t, column) or None, to_col=right,
                         label=column.key != "name")
        if t.grouped:
            for key in ("level1", "level2"):
                left, right = next(span for column, span in places if column.key == key)
                group = (lambda x: (x.level1,)) if key == "level1" else (lambda x: (x.level1, x.level2))
                for start, end, sample in _runs(rows, group):
                    self.put(first + start, left, getattr(sample, key) or None, to_col=right, to_row=first + end,
                             label=True)
        if not rows:
            for _, (left, right) in places:
                self.put(first, left, None, to_col=right)
        self.row = first + max(1, len(rows))

    def _after_rows(self) -> None:
        slot = self.template.geometry.pairs[0][0] if self.template.geometry.pairs else Slot(0, 1, 1, self.columns - 1)
        for field in (f for f in self.template.form_fields if f.place == "after" and not f.join):
            self._pair(field, slot)
            self.row += 1

    def _below(self) -> None:
        below = [f for f in self.template.form_fields if f.place == "below" and not f.join]
        if below:
            separator = self.template.geometry.below_separator
            self._line("　　".join(f"{f.label}{separator}{self._value(f)[0] or ''}" for f in below), 10,
                       align="left")

    def _list_rows(self) -> None:
        """A list-layout form: its header row, then its fields spanning its indicator rows."""
        t, form = self.template, form_of(self.node)
        fields = [f for f in t.header + t.funding + t.goals if f.place == "top" and not f.join]
        columns = [(c, col + 1) for c, col in enumerate_columns(t, len(fields))]
        for i, field in enumerate(fields, 1):
            self.put(self.row, i, field.label, label=True)
        for column, col in columns:
            self.put(self.row, col, column.label, label=True)
        rows = printed_order(form) if t.grouped else list(form.indicators)
        first, count = self.row + 1, max(1, len(rows))
        for i, field in enumerate(fields, 1):
            value, number_format = self._value(field)
            self.put(first, i, value, to_row=first + count - 1, number_format=number_format)
        for r, ind in enumerate(rows):
            for column, col in columns:
                self.put(first + r, col, _indicator_text(ind, t, column) or None, label=column.key != "name")
        self.row = first + count

    def _page_setup(self) -> None:
        s = self.sheet
        for i, width in enumerate(self.template.geometry.columns_mm, 1):
            s.column_dimensions[get_column_letter(i)].width = round(width / 1.9, 1)
        s.page_setup.paperSize = s.PAPERSIZE_A4
        s.page_setup.orientation = "portrait"
        s.page_setup.fitToWidth, s.page_setup.fitToHeight = 1, 0
        setup = s.sheet_properties.pageSetUpPr
        assert setup is not None   # openpyxl gives every sheet one
        setup.fitToPage = True
        s.print_options.horizontalCentered = True


def amount_in_unit(fen: int | None, unit: str) -> int | float | None:
    """An amount as a number cell in the form's unit (元 or 万元); blank stays blank."""
    return wan_cell_value(fen) if unit == "wan" else amount_cell_value(fen)


def _chunks(first: int, last: int, parts: int) -> list[tuple[int, int]]:
    """Columns first..last split into ``parts`` runs, the later ones taking the remainder (B:C, D:F)."""
    width = last - first + 1
    sizes = [width // parts] * parts
    for i in range(width % parts):
        sizes[-1 - i] += 1
    out, col = [], first
    for size in sizes:
        out.append((col, col + size - 1))
        col += size
    return out


def _sheet_columns(template: Template) -> list[tuple[Column, tuple[int, int]]]:
    """The sheet columns (from 1) each indicator column spans: the paper's grid mapped onto the form's columns (the
    nearest column edge when the grid has widths of its own)."""
    geometry = template.geometry
    if not geometry.indicator_columns_mm or len(geometry.indicator_columns_mm) == len(geometry.columns_mm):
        return [(column, (col + 1, col + column.span)) for column, col in column_places(template)]
    edges = [sum(geometry.columns_mm[:i]) for i in range(len(geometry.columns_mm) + 1)]
    grid = geometry.indicator_columns_mm
    out = []
    for column, col in column_places(template):
        start = sum(grid[:col])
        end = sum(grid[:col + column.span])
        left = min(range(len(edges)), key=lambda i: abs(edges[i] - start))
        right = max(left + 1, min(range(len(edges)), key=lambda i: abs(edges[i] - end)))
        out.append((column, (left + 1, right)))
    return out


def enumerate_columns(template: Template, shift: int) -> list[tuple[Column, int]]:
    """The indicator columns of a list-layout form after its ``shift`` own columns (from 0)."""
    return [(column, shift + i) for i, column in enumerate(template.indicator_columns)]


def _indicator_text(ind: Indicator, template: Template, column: Column) -> str:
    if column.key in ("level1", "level2", "name"):
        return str(getattr(ind, column.key))
    if column.key == "value":
        return value_part(ind, template, column.part)
    return ind.extra.get(column.key, "")


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


def extra_headers(columns: list[Column], fixed: tuple[str, ...]) -> dict[str, str]:
    """key → header of the template columns the flat sheet adds after its own (a label that is already a header
    gets its key added)."""
    out: dict[str, str] = {}
    for column in columns:
        if column.key not in out:
            label = column.label.replace("\n", "")
            out[column.key] = label if label not in fixed and label not in out.values() else f"{label}（{column.key}）"
    return out


def indicator_extras(doc: Document) -> dict[str, str]:
    """The indicator columns the document's templates add (key → header), in order of first use."""
    columns = [c for t in templates_in(doc).values() for c in t.indicator_columns if c.extra]
    return extra_headers(columns, INDICATOR_HEADERS)


def budget_extras(doc: Document) -> dict[str, str]:
    columns = [c for t in templates_in(doc).values() for c in t.budget_columns if c.extra]
    return extra_headers(columns, BUDGET_HEADERS + BUDGET_WORDING_HEADERS + (BUDGET_COUNTED_HEADER,))


def write_header_sheet(sheet: Worksheet, doc: Document) -> None:
    """Every field of every form as the window shows it (amounts as numbers in the form's unit)."""
    _header_row(sheet, HEADER_HEADERS, (24, 30, 20, 24, 60))
    for form in declared_forms(doc):
        template = template_of(form_of(form.node))
        for field in template.form_fields:
            if field.key == "name":
                continue   # the node's name is its place in the tree (项目路径)
            value = form_value(form_of(form.node), field.key)
            cell: object = (amount_in_unit(value if isinstance(value, int) else None, template.amounts.unit)
                            if field.type == "amount" else edit_text(template, field, value) or None)
            _append(sheet, [form.department.name, form.path_text, field.key, field.label.replace("\n", ""), cell])
            if field.type == "amount":
                sheet.cell(row=sheet.max_row, column=5).number_format = amount_format(template.amounts)


def write_indicator_sheet(sheet: Worksheet, doc: Document) -> None:
    extras = indicator_extras(doc)
    _header_row(sheet, INDICATOR_HEADERS + tuple(extras.values()),
                (24, 30, 12, 16, 40, 8, 12, 10, 14, 16) + (14,) * len(extras))
    for form in declared_forms(doc):
        style = template_of(form_of(form.node)).value_style
        for ind in form_of(form.node).indicators:
            v = ind.value
            _append(sheet, [form.department.name, form.path_text, ind.level1, ind.level2, ind.name,
                          v.op or None, number_cell_value(v.number), v.unit or None, v.text or None,
                          format_value(v, style) or None] + [ind.extra.get(key) for key in extras])
            if v.number is not None:
                sheet.cell(row=_last_row(sheet), column=7).number_format = "General"


def write_budget_sheet(sheet: Worksheet, doc: Document) -> None:
    extras = budget_extras(doc)
    _header_row(sheet, BUDGET_HEADERS + BUDGET_WORDING_HEADERS + (BUDGET_COUNTED_HEADER,) + tuple(extras.values()),
                (40, 24, 8, 30, 40, 20, 10, 16, 20, 12, 10, 6, 10, 16) + (14,) * len(extras))
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
                              wan_cell_value(line_amount_fen(line))]
                        + [_line_extra(line, key) for key in extras])
                sheet.cell(row=_last_row(sheet), column=8).number_format = WAN_FORMAT
                sheet.cell(row=_last_row(sheet), column=counted).number_format = WAN_FORMAT


def _line_extra(line: BudgetLine, key: str) -> object:
    """A budget column the template adds: an amount in 万元 as a number, a text as it is."""
    value = line.extra.get(key)
    return wan_cell_value(value) if isinstance(value, int) else value


def _numbered(lines: list[BudgetLine], prefix: tuple[int, ...]) -> Iterator[tuple[str, BudgetLine]]:
    """("1", line), ("1.1", sub-line) … — the 序号 column, which also carries the nesting."""
    for i, line in enumerate(lines, 1):
        here = prefix + (i,)
        yield ".".join(map(str, here)), line
        yield from _numbered(line.children, here)
