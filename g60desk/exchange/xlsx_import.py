"""导入Excel: indicators and budget lines read back from the flat sheets 绩效指标 and 预算明细.

Every cell goes through the parsers typing uses (values.parse_value, money.parse_money, the formula
evaluator). Nothing is applied while reading: the result is a preview — rows per form and refused cells
with their reasons. A form with a refused cell is not applied at all (never half of it); the others are
applied through the session, which replaces a form's indicators and its budget each as one undo step.
An Excel date (a date-typed cell, or a bare 5-digit serial such as 44561 as a 时效 value) is refused.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from ..domain import limits
from ..domain.fields import FormValue, form_value, indicator_grid_columns, parse_column, parse_field, set_extra
from ..domain.formula import evaluate_fen
from ..domain.model import (
    AmountUnit,
    BudgetGroup,
    BudgetLine,
    Department,
    Document,
    ExtraValue,
    Indicator,
    Node,
    explanation_of,
    form_of,
)
from ..domain.money import parse_money
from ..domain.serialize import line_to_data
from ..domain.templates import template_of
from ..domain.textnorm import ParseError
from ..domain.values import IndicatorValue, parse_value
from ..domain.wording import MAX_ENDING_CHARS, NUMBERING_STYLES, amount_as_typed
from ..store import FileRefused
from .xlsx import (
    BUDGET_HEADERS,
    BUDGET_SHEET,
    BUDGET_WORDING_HEADERS,
    HEADER_HEADERS,
    HEADER_SHEET,
    INDICATOR_HEADERS,
    INDICATOR_SHEET,
    PATH_SEPARATOR,
    budget_extras,
    declared_forms,
    indicator_extras,
)

MAX_XLSX_BYTES = limits.XLSX_BYTES
MAX_ROWS = limits.XLSX_ROWS
MAX_CELL_CHARS = limits.TEXT_CHARS
EXCEL_EPOCH = date(1899, 12, 30)
UNIT_WORDS: dict[str, AmountUnit] = {"万元": "wan", "万": "wan", "元": "yuan", "": "wan"}
_SERIAL = re.compile(r"[0-9]{5}")
_NUMBERING = re.compile(r"[0-9]{1,4}(\.[0-9]{1,4}){0,2}")


@dataclass(frozen=True)
class RefusedCell:
    """A cell that was not accepted: sheet, Excel row number, column header, what it held, why."""

    sheet: str
    row: int
    column: str
    text: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet} 第 {self.row} 行「{self.column}」：{self.message}"


@dataclass
class IndicatorRow:
    row: int
    level1: str
    level2: str
    name: str
    value: IndicatorValue
    #: the value as text, read by the session's own parser when applied
    value_text: str
    #: the template's own columns, as text (read by the session's parser when applied), in the template's order
    extra: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        return [self.level1, self.level2, self.name, self.value_text, *self.extra]


@dataclass
class NodeImport:
    """What the workbook holds for one declared form."""

    path: tuple[str, ...]
    node: Node
    indicators: list[IndicatorRow] | None = None
    budget: list[BudgetGroup] | None = None
    #: the form's fields read from 表头 (key → stored value), None when the workbook has no such sheet
    header: dict[str, FormValue] | None = None
    budget_rows: int = 0
    refused: list[RefusedCell] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return not self.refused and (self.indicators is not None or self.budget is not None
                                     or self.header is not None)

    @property
    def title(self) -> str:
        return " › ".join(self.path)


@dataclass
class XlsxImport:
    source: Path
    nodes: list[NodeImport] = field(default_factory=list)
    #: cells refused outside any form (unknown project path, missing sheet, …)
    refused: list[RefusedCell] = field(default_factory=list)
    #: rows of other forms left out because only one form was being imported
    skipped_rows: int = 0

    def all_refused(self) -> list[RefusedCell]:
        return self.refused + [cell for n in self.nodes for cell in n.refused]

    def applicable(self) -> list[NodeImport]:
        return [n for n in self.nodes if n.applicable]


@dataclass
class ApplyResult:
    applied: list[NodeImport]
    session_refusals: list[Any]


# ---- reading ----------------------------------------------------------------------------------------

def read_xlsx(path: Path, doc: Document, only: Department | Node | None = None) -> XlsxImport:
    """Read ``path`` against ``doc``: which forms get which indicators and budget lines, what is refused.

    With ``only`` (a department, project or sub-project of ``doc``), rows of forms elsewhere are skipped."""
    path = Path(path)
    prefix = _path_of(doc, only) if only is not None else ()
    values_book, formulas_book = _open_workbooks(path)
    result = XlsxImport(source=path)
    targets = _targets(doc)
    by_node: dict[int, NodeImport] = {}

    def node_import(key: str, sheet: str, row: int, column: str) -> NodeImport | None:
        found = targets.get(key)
        if found is None:
            shown = key.replace("\x1f", PATH_SEPARATOR)
            result.refused.append(RefusedCell(sheet, row, column, shown, f"本文件中没有申报项目“{shown}”："
                                              "请不要修改部门和路径列，或先在程序中建立这个项目。"))
            return None
        path_, node = found
        if path_[:len(prefix)] != prefix:
            result.skipped_rows += 1
            return None
        if id(node) not in by_node:
            by_node[id(node)] = NodeImport(path=path_, node=node)
            result.nodes.append(by_node[id(node)])
        return by_node[id(node)]

    try:
        if not any(name in values_book.sheetnames for name in (INDICATOR_SHEET, BUDGET_SHEET)):
            raise FileRefused(f"Excel 文件“{path.name}”中没有“{INDICATOR_SHEET}”或“{BUDGET_SHEET}”工作表："
                              "请使用 g60desk“导出Excel”生成的文件。")
        if HEADER_SHEET in values_book.sheetnames:
            _read_header(values_book[HEADER_SHEET], formulas_book[HEADER_SHEET], node_import, result)
        if INDICATOR_SHEET in values_book.sheetnames:
            _read_indicators(values_book[INDICATOR_SHEET], formulas_book[INDICATOR_SHEET], node_import, result,
                             indicator_extras(doc))
        if BUDGET_SHEET in values_book.sheetnames:
            _read_budget(values_book[BUDGET_SHEET], formulas_book[BUDGET_SHEET], node_import, result,
                         budget_extras(doc))
    finally:
        values_book.close()
        formulas_book.close()
    return result


def _path_of(doc: Document, target: Department | Node) -> tuple[str, ...]:
    if isinstance(target, Department):
        return (target.name,)
    return next(path for path, node in doc.iter_nodes() if node is target)


def _open_workbooks(path: Path):
    from openpyxl import load_workbook

    from ..store.safe_open import check_regular_file
    name = f"“{limits.safe_line(path.name)}”"
    size = check_regular_file(path, "Excel 文件")
    if size > MAX_XLSX_BYTES:
        raise FileRefused(f"Excel 文件{name}太大（{limits.megabytes(size)}，上限 {limits.megabytes(MAX_XLSX_BYTES)}）："
                          "请确认选择的文件。")
    _refuse_bombs(path, name)
    try:
        # values as Excel last computed them, and the formulas themselves (to spot uncomputed ones)
        return (load_workbook(path, read_only=True, data_only=True),
                load_workbook(path, read_only=True, data_only=False))
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not xlsx
        raise FileRefused(f"文件{name}不是能读取的 Excel（.xlsx）文件："
                          "请在 Excel/WPS 中另存为 .xlsx 后再导入。") from None


def _refuse_bombs(path: Path, name: str) -> None:
    """An xlsx is a zip: refuse one whose parts unpack to more than the limit before openpyxl reads them
    (openpyxl keeps the shared strings in memory even in read-only mode)."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(max(info.file_size, 0) for info in archive.infolist())
            if unpacked > limits.XLSX_UNPACKED_BYTES:
                raise FileRefused(f"Excel 文件{name}解压后有 {limits.megabytes(unpacked)}，超过上限 "
                                  f"{limits.megabytes(limits.XLSX_UNPACKED_BYTES)}："
                                  "请确认选择的是 g60desk 导出的文件。")
            _refuse_crowded_sheets(path, archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise FileRefused(f"文件{name}不是能读取的 Excel（.xlsx）文件："
                          "请在 Excel/WPS 中另存为 .xlsx 后再导入。") from None


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def _refuse_crowded_sheets(path: Path, archive) -> None:
    """Count the cells of every sheet in the raw XML before openpyxl reads any: a small file can hold
    millions of cells, and reading each takes time even where none is used (openpyxl even walks a whole
    sheet when it opens the workbook)."""
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        count, tail = 0, b""
        with archive.open(info) as handle:
            while chunk := handle.read(1 << 20):
                data = tail + chunk
                count += len(_CELL_TAG.findall(data))
                tail = data[-40:]
                count -= len(_CELL_TAG.findall(tail))   # counted again with the next chunk
                if count > limits.XLSX_CELLS:
                    raise FileRefused(f"Excel 文件“{limits.safe_line(path.name)}”的一个工作表有超过 "
                                      f"{limits.XLSX_CELLS:,} 个单元格，超过上限：请确认选择的是 g60desk 导出的文件。")


def _targets(doc: Document) -> dict[str, tuple[tuple[str, ...], Node]]:
    """Both spellings of a form's place → (path, node): 部门 + 项目路径 of 绩效指标, and 预算明细's 路径."""
    found = {}
    for form in declared_forms(doc):
        full = (form.department.name,) + form.path
        found["\x1f".join((form.department.name, form.path_text))] = (full, form.node)
        found[PATH_SEPARATOR.join(full)] = (full, form.node)
    return found


def _rows(values_sheet, formulas_sheet, headers: tuple[str, ...], result: XlsxImport,
          optional: tuple[str, ...] = ()):
    """(Excel row number, {header: cell value}) of each non-empty data row; checks the header row.
    ``optional`` columns are read when the sheet has them (else they are blank)."""
    name = values_sheet.title
    # never more columns than a sheet of ours can have: a cell at XFD1 would make every row 16,384 wide
    values = values_sheet.iter_rows(values_only=True, max_col=limits.XLSX_COLUMNS)
    formulas = formulas_sheet.iter_rows(values_only=True, max_col=limits.XLSX_COLUMNS)
    head = [str(c).strip() if c is not None else "" for c in next(values, ())]
    next(formulas, None)
    missing = [h for h in headers if h not in head]
    if missing:
        result.refused.append(RefusedCell(name, 1, "表头", "、".join(head), f"缺少列：{'、'.join(missing)}；"
                                          "请不要改动表头（可以先导出一份作为模板）。"))
        return
    index = {h: head.index(h) for h in headers + tuple(h for h in optional if h in head)}
    for number, (row, formula_row) in enumerate(zip(values, formulas), start=2):
        if number > MAX_ROWS + 1:
            result.refused.append(RefusedCell(name, number, "", "", f"行数超过 {MAX_ROWS}，其余各行没有读取。"))
            return
        cells = {h: (row[i] if i < len(row) else None) for h, i in index.items()}
        cells.update({h: None for h in optional if h not in index})
        if all(_blank(v) for v in cells.values()):
            continue
        for h, i in index.items():
            formula = formula_row[i] if i < len(formula_row) else None
            if cells[h] is None and isinstance(formula, str) and formula.startswith("="):
                cells[h] = _Uncomputed(formula)
        yield number, cells


class _Uncomputed:
    """A formula cell saved without its value (a file written by a program that does not calculate)."""

    def __init__(self, formula: str):
        self.formula = formula


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---- cell values -------------------------------------------------------------------------------------

class CellRefused(Exception):
    column = "指标值"   # the refused column, when not 指标值 (_refusal names it)

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _Uncomputed):
        return value.formula
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _text(value: Any) -> str:
    """A text cell (numbers written as they read); dates and uncomputed formulas are refused."""
    if value is None:
        return ""
    _refuse_dates_and_formulas(value)
    if isinstance(value, bool):
        raise CellRefused("这是一个真假值（TRUE/FALSE），不是文字。")
    text = _number_text(value) if isinstance(value, (int, float)) else str(value).strip()
    if len(text) > MAX_CELL_CHARS:
        raise CellRefused(f"内容太长（{len(text)} 个字符，上限 {MAX_CELL_CHARS}）。")
    return text


def _refuse_dates_and_formulas(value: Any) -> None:
    if isinstance(value, _Uncomputed):
        raise CellRefused(f"公式“{value.formula}”没有计算结果：请在 Excel/WPS 中打开、保存后再导入，或直接填写数值。")
    if isinstance(value, (datetime, date, time, timedelta)):
        raise CellRefused(f"这是一个 Excel 日期（{_shown(value)}），不是数值或文字：请把单元格格式设为“文本”，"
                          "写成“2026年12月31日前完成”这样的文字。")


def _number_text(value: int | float) -> str:
    """A number cell as the digits a person would type: 10.8, not 10.800000000000001."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise CellRefused("这不是一个有限的数字。")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    whole, _, decimals = text.partition(".")
    if len(decimals) > 8:      # binary noise of a calculation (=0.3276*12 gives 3.9312000000000005)
        cleaned = repr(round(value, 8))
        if abs(float(cleaned) - value) <= 1e-9 * max(1.0, abs(value)):
            text = cleaned
    return text[:-2] if text.endswith(".0") else text


# ---- 表头 ---------------------------------------------------------------------------------------------

def _read_header(values_sheet, formulas_sheet, node_import, result: XlsxImport) -> None:
    """Each row's field read with its template's type (键 names it, 值 holds it as the window shows it)."""
    sheet = values_sheet.title
    for number, cells in _rows(values_sheet, formulas_sheet, HEADER_HEADERS, result):
        where = "\x1f".join((_shown(cells["部门"]).strip(), _shown(cells["项目路径"]).strip()))
        target = node_import(where, sheet, number, "项目路径")
        if target is None:
            continue
        if target.header is None:
            target.header = {}
        key = _shown(cells["键"]).strip()
        template = template_of(form_of(target.node))
        declared = template.field(key)
        if declared is None or key == "name":
            target.refused.append(RefusedCell(sheet, number, "键", key, f"模板“{template.id}”没有“{key}”这个字段："
                                              "请不要修改“键”列。"))
            continue
        try:
            text = _text(cells["值"])
            target.header[key] = parse_field(template, declared, text) if declared.type != "text" else text
        except (CellRefused, ParseError) as exc:
            target.refused.append(RefusedCell(sheet, number, "值", _shown(cells["值"]), exc.message))


# ---- 绩效指标 ------------------------------------------------------------------------------------------

def _read_indicators(values_sheet, formulas_sheet, node_import, result: XlsxImport,
                     extras: dict[str, str]) -> None:
    sheet = values_sheet.title
    for number, cells in _rows(values_sheet, formulas_sheet, INDICATOR_HEADERS, result, tuple(extras.values())):
        where = "\x1f".join((_shown(cells["部门"]).strip(), _shown(cells["项目路径"]).strip()))
        target = node_import(where, sheet, number, "项目路径")
        if target is None:
            continue
        if target.indicators is None:
            target.indicators = []
        if len(target.indicators) >= limits.INDICATORS_PER_FORM:
            _too_many_rows(target, sheet, number, "绩效指标", limits.INDICATORS_PER_FORM, "行")
            continue
        row = _indicator_row(sheet, number, cells, target)
        if row is not None:
            row.extra = _extra_texts(sheet, number, cells, target, extras)
            target.indicators.append(row)


def _extra_texts(sheet: str, number: int, cells: dict[str, Any], target: NodeImport,
                 extras: dict[str, str]) -> list[str]:
    """The row's texts in the template's own indicator columns, in the template's order."""
    template = template_of(form_of(target.node))
    out = []
    for column in (c for c in template.indicator_columns if c.extra):
        header = extras[column.key]
        try:
            out.append(_text(cells.get(header)))
        except CellRefused as exc:
            target.refused.append(RefusedCell(sheet, number, header, _shown(cells.get(header)), exc.message))
            out.append("")
    return out


def _too_many_rows(target: NodeImport, sheet: str, number: int, what: str, limit: int, unit: str) -> None:
    """One refusal for the first row beyond a form's limit; the rest are not read."""
    if not any(cell.column == "（行数）" for cell in target.refused):
        target.refused.append(RefusedCell(sheet, number, "（行数）", "",
                                          f"这张申报表的{what}超过上限 {limit:,} {unit}，"
                                          "从这一行起没有读取。"))


def _indicator_row(sheet: str, number: int, cells: dict[str, Any], target: NodeImport) -> IndicatorRow | None:
    texts: dict[str, str] = {}
    ok = True
    for column in INDICATOR_HEADERS[2:]:
        try:
            texts[column] = _text(cells[column])
        except CellRefused as exc:
            target.refused.append(RefusedCell(sheet, number, column, _shown(cells[column]), exc.message))
            ok = False
    if not ok:
        return None
    try:
        value, value_text = _indicator_value(texts, texts["二级指标"])
    except (CellRefused, ParseError) as exc:
        column = getattr(exc, "column", "指标值")
        target.refused.append(RefusedCell(sheet, number, column, _shown(cells.get(column)), exc.message))
        return None
    return IndicatorRow(number, texts["一级指标"], texts["二级指标"], texts["三级指标"], value, value_text)


def _refusal(message: str, column: str) -> CellRefused:
    exc = CellRefused(message)
    exc.column = column
    return exc


def _indicator_value(texts: dict[str, str], level2: str) -> tuple[IndicatorValue, str]:
    """The value the structured columns (运算符/数值/单位/定性值) say, checked against 指标值 as printed."""
    op, number, unit, words, printed = (texts[c] for c in ("运算符", "数值", "单位", "定性值", "指标值"))
    if number and words:
        raise _refusal("“数值”和“定性值”只能填一个：定量指标填运算符、数值、单位，定性指标只填定性值。", "定性值")
    if (op or unit) and not number:
        raise _refusal("填了运算符或单位却没有数值：请填写数值，或清空运算符和单位。", "数值")
    if number:
        value_text = f"{op}{number}" + (f"({unit})" if unit else "")
        column = "数值"
    else:
        value_text, column = (words, "定性值") if words else (printed, "指标值")
    try:
        value = parse_value(value_text)
    except ParseError as exc:
        raise _refusal(exc.message, column) from None
    if (number or words) and printed:
        try:
            shown = parse_value(printed)
        except ParseError:
            shown = None
        if shown != value:
            raise _refusal(f"“指标值”列（{printed}）与运算符、数值、单位、定性值各列（{value_text}）不一致："
                           "请只改其中一处（改了“指标值”列就清空另外几列）。", "指标值")
    _refuse_serial(value, level2, column)
    return value, value_text


def _refuse_serial(value: IndicatorValue, level2: str, column: str) -> None:
    if "时效" not in level2 or value.number is None or value.unit or not _SERIAL.fullmatch(value.number):
        return
    serial = int(value.number)
    shown = (EXCEL_EPOCH + timedelta(days=serial)).isoformat() if 10000 <= serial < 2958466 else ""
    raise _refusal(f"时效指标的值“{value.number}”像是 Excel 的日期序号（即 {shown}），不是指标值："
                   "请写成文字，如“2026年12月31日前完成”或“及时”。", column)


# ---- 预算明细 ------------------------------------------------------------------------------------------

@dataclass
class _GroupBuild:
    group: BudgetGroup
    by_number: dict[str, BudgetLine] = field(default_factory=dict)


def _read_budget(values_sheet, formulas_sheet, node_import, result: XlsxImport, extras: dict[str, str]) -> None:
    sheet = values_sheet.title
    groups: dict[int, dict[str, _GroupBuild]] = {}
    for number, cells in _rows(values_sheet, formulas_sheet, BUDGET_HEADERS, result,
                               BUDGET_WORDING_HEADERS + tuple(extras.values())):
        target = node_import(_shown(cells["路径"]).strip(), sheet, number, "路径")
        if target is None:
            continue
        if target.budget is None:
            target.budget = []
            groups[id(target)] = {}
        if target.budget_rows >= limits.LINES_PER_FORM:
            _too_many_rows(target, sheet, number, "预算明细", limits.LINES_PER_FORM, "条")
            continue
        _budget_row(sheet, number, cells, target, groups[id(target)], extras)
    for n in result.nodes:
        if n.budget is not None:
            _keep_group_texts(n)


def _budget_row(sheet: str, number: int, cells: dict[str, Any], target: NodeImport,
                groups: dict[str, _GroupBuild], extras: dict[str, str]) -> None:
    texts: dict[str, str] = {}
    refused_before = len(target.refused)
    for column in BUDGET_HEADERS[1:] + BUDGET_WORDING_HEADERS:
        if column == "申报金额（万元）":
            continue
        try:
            texts[column] = _text(cells[column])
        except CellRefused as exc:
            target.refused.append(RefusedCell(sheet, number, column, _shown(cells[column]), exc.message))
    if len(target.refused) > refused_before:
        return
    title = texts["分组"]
    build = groups.get(title)
    if build is None:
        build = groups[title] = _GroupBuild(BudgetGroup(title=title))
        assert target.budget is not None   # the caller started the list
        target.budget.append(build.group)
    texts_blank = not any(texts[c] for c in ("序号", "名称", "测算依据", "计算公式", "备注"))
    if texts_blank and _blank(cells["申报金额（万元）"]):
        return  # the row of a group without lines
    target.budget_rows += 1
    line = _budget_line(sheet, number, cells, texts, target)
    if line is not None:
        line.extra = _line_extras(sheet, number, cells, target, extras)
        _place_line(sheet, number, texts["序号"], line, build, target)


def _line_extras(sheet: str, number: int, cells: dict[str, Any], target: NodeImport,
                 extras: dict[str, str]) -> dict[str, ExtraValue]:
    """The template's own budget columns of a row (an amount read in 万元, as the sheet writes it)."""
    template = template_of(form_of(target.node))
    out: dict[str, ExtraValue] = {}
    for column in (c for c in template.budget_columns if c.extra):
        header = extras[column.key]
        try:
            text = _text(cells.get(header))
            value = parse_money(text, "wan") if column.type == "amount" else parse_column(template, column, text)
        except (CellRefused, ParseError) as exc:
            target.refused.append(RefusedCell(sheet, number, header, _shown(cells.get(header)), exc.message))
            continue
        set_extra(out, column.key, value)
    return out


def _budget_line(sheet: str, number: int, cells: dict[str, Any], texts: dict[str, str],
                 target: NodeImport) -> BudgetLine | None:
    def refuse(column: str, shown: str, message: str) -> None:
        target.refused.append(RefusedCell(sheet, number, column, shown, message))

    unit = UNIT_WORDS.get(texts["公式单位"])
    if unit is None:
        refuse("公式单位", texts["公式单位"], "公式单位只能是“万元”或“元”。")
        return None
    amount_cell = cells["申报金额（万元）"]
    try:
        stated = parse_money(_text(amount_cell), "wan")
    except (CellRefused, ParseError) as exc:
        refuse("申报金额（万元）", _shown(amount_cell), exc.message)
        return None
    wording = _line_wording(texts, stated, refuse)
    if wording is None:
        return None
    if wording["stated_text"] and stated is None:
        stated = parse_money(wording["stated_text"], "wan")
    formula = texts["计算公式"]
    if formula:
        try:
            evaluate_fen(formula, unit)
        except ParseError as exc:
            refuse("计算公式", formula, exc.message)
            return None
    return BudgetLine(label=texts["名称"], basis=texts["测算依据"], formula=formula, formula_unit=unit,
                      stated_fen=stated, remark=texts["备注"], **wording)


def _line_wording(texts: dict[str, str], stated: int | None, refuse) -> dict[str, Any] | None:
    """金额原文, 结尾, 接排 and 子项编号 of a row (blank in workbooks written before they existed)."""
    typed = amount_as_typed(texts["金额原文"], "wan")
    if typed:
        try:
            read = parse_money(typed, "wan")
        except ParseError as exc:
            refuse("金额原文", texts["金额原文"], exc.message)
            return None
        if stated is not None and read != stated:
            typed = ""   # the amount was changed in Excel: the number cell wins and prints as it reads
    runs_on = texts["接排"].strip()
    if runs_on not in ("", "是"):
        refuse("接排", runs_on, "接排只能填“是”（接在上一条之后排印）或留空。")
        return None
    numbering = texts["子项编号"].strip()
    styles = {**{label: style for style, label in NUMBERING_STYLES.items()}, **{s: s for s in NUMBERING_STYLES}}
    if numbering not in styles:
        refuse("子项编号", numbering, "子项编号应为“（1）”“(1)”“①”“1.”“1、”之一，或留空（不编号）。")
        return None
    ending = texts["结尾"]
    if len(ending) > MAX_ENDING_CHARS:
        refuse("结尾", ending, f"结尾最多 {MAX_ENDING_CHARS} 个字。")
        return None
    return {"stated_text": typed, "ending": ending, "runs_on": runs_on == "是", "numbering": styles[numbering]}


def _place_line(sheet: str, number: int, numbering: str, line: BudgetLine, build: _GroupBuild,
                target: NodeImport) -> None:
    """Put the line under its parent by 序号 (1, 1.1, 1.1.1); a blank 序号 follows the last top line."""
    numbering = numbering.strip()
    if not numbering:
        numbering = str(sum(1 for key in build.by_number if "." not in key) + 1)
    if not _NUMBERING.fullmatch(numbering):
        target.refused.append(RefusedCell(sheet, number, "序号", numbering,
                                          "序号应写成 1、1.1 或 1.1.1（最多三级）。"))
        return
    if numbering in build.by_number:
        target.refused.append(RefusedCell(sheet, number, "序号", numbering,
                                          f"分组“{build.group.title}”中序号 {numbering} 重复。"))
        return
    parent_number, _, _ = numbering.rpartition(".")
    if parent_number:
        parent = build.by_number.get(parent_number)
        if parent is None:
            target.refused.append(RefusedCell(sheet, number, "序号", numbering,
                                              f"上一级序号 {parent_number} 不在它前面的行中。"))
            return
        parent.children.append(line)
    else:
        build.group.lines.append(line)
    build.by_number[numbering] = line


def _keep_group_texts(target: NodeImport) -> None:
    """The flat sheet has no column for a group's lead text, numbering or text run-on: keep those of the
    group of that title."""
    existing = {g.title: g for g in explanation_of(target.node).budget_groups}
    for group in target.budget or []:
        old = existing.get(group.title)
        if old is not None:
            group.text, group.numbering, group.text_runs_on = old.text, old.numbering, old.text_runs_on


# ---- applying ---------------------------------------------------------------------------------------

class EditsForms(Protocol):
    """What applying an import needs of the open document: g60desk.services.session.Session's edits (named
    here, not imported: the services sit above exchange)."""

    def set_indicator_cells(self, node: Node, top: int, left: int, rows: Sequence[Sequence[str]],
                            text: str = ...) -> Sequence[object]: ...

    def replace_indicators(self, node: Node, indicators: list[Indicator], text: str = ...) -> None: ...

    def set_budget(self, node: Node, groups: list[BudgetGroup], text: str) -> None: ...

    def set_form_values(self, node: Node, values: Mapping[str, FormValue]) -> None: ...


def apply_import(session: EditsForms, plan: XlsxImport) -> ApplyResult:
    """Apply every form without refused cells: its indicators and its budget, each one undo step."""
    applied, refusals = [], []
    for item in plan.applicable():
        node = item.node
        try:
            if item.header:
                changed = {k: v for k, v in item.header.items() if form_value(form_of(node), k) != v}
                if changed:
                    session.set_form_values(node, changed)
            if item.indicators is not None:
                refusals += _apply_indicators(session, node, item.indicators)
            if item.budget is not None and budget_data(item.budget) != budget_data(explanation_of(node).budget_groups):
                session.set_budget(node, copy.deepcopy(item.budget), "导入Excel：预算明细")
        except limits.LimitExceeded as exc:   # beyond a limit of the department (domain/limits.py)
            refusals.append(RefusedCell("", 0, "", item.title, exc.message))
            continue
        applied.append(item)
    return ApplyResult(applied, refusals)


def budget_data(groups: list[BudgetGroup]) -> list:
    """Groups and lines as plain data (without row ids), to compare what the clerk sees."""
    return [(g.title, g.text, [line_to_data(line) for line in g.lines]) for g in groups]


def _apply_indicators(session: EditsForms, node: Node, rows: list[IndicatorRow]) -> list[Any]:
    template = template_of(form_of(node))
    columns = [c for c in template.indicator_columns if c.extra]
    order = indicator_grid_columns(template)          # the grid's columns: 国家's 中期 before 年度
    cells = [[dict(zip(("level1", "level2", "name", "value", *(c.key for c in columns)), row.cells())).get(key, "")
              for key in order] for row in rows]
    text = "导入Excel：绩效指标"
    if len(rows) >= len(form_of(node).indicators):
        return list(session.set_indicator_cells(node, 0, 0, cells, text=text))
    # fewer rows than the form has: the whole list is replaced in one step
    after = [Indicator(level1=r.level1, level2=r.level2, name=r.name, value=r.value,
                       extra={c.key: str(parse_column(template, c, t)) for c, t in zip(columns, r.extra) if t})
             for r in rows]
    session.replace_indicators(node, after, text)
    return []
