"""汇总: the bureau's totals by department and project, printable as a PDF and exported to xlsx.

Figures per department, per project and per 申报表: 年度资金申请总额, counts of forms, indicators and
budget lines, and the 错误/警告 of the 审核. A department brought in by 导入 also shows the 校验码 it
arrived with, and whether its data still matches it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.limits import safe_line
from ..domain.model import Department, Document, Node, explanation_of, form_of
from ..domain.money import UNIT_WORDS, format_money, round_fen_to_wan_step
from ..domain.serialize import canonical_bytes, department_to_data, digest_of_parts, short_digest
from ..store import Store
from .atomic import save_atomically

TITLE = "{year} 年度项目支出绩效目标申报汇总表"
#: the amount column's heading is AMOUNT_HEADING with the unit chosen (万元 or 元)
AMOUNT_HEADING = "年度资金申请总额（{unit}）"
COLUMNS = ("部门 / 项目", "申报表", "绩效指标", "预算明细", AMOUNT_HEADING.format(unit="万元"), "错误", "警告",
           "校验码")
#: what the table says under its figures when a 万元 total differs from the sum of the figures shown above it
TAIL_NOTE = ("金额以万元保留两位小数（四舍五入）显示；合计按各申报表的精确金额相加后再舍入，"
             "标有“含尾差”的合计与其上所列各项之和相差舍入尾差。")


def amount_text(fen: int, unit: str = "wan") -> str:
    """An amount of the 汇总: 万元 rounded 四舍五入 to two decimals (1,427.97), or 元 exact (14,279,650.00)."""
    if unit == "yuan":
        return format_money(fen, "yuan", min_places=2, grouping=True)
    return format_money(fen, "wan", places=2, grouping=True)


def tail_fen(total_fen: int, parts_fen: Iterable[int], unit: str = "wan") -> int:
    """How far the shown total is from the sum of the shown parts (0 in 元, which are exact)."""
    if unit == "yuan":
        return 0
    return round_fen_to_wan_step(total_fen) - sum(round_fen_to_wan_step(p) for p in parts_fen)


def total_text(total_fen: int, parts_fen: Iterable[int], unit: str = "wan") -> str:
    """A total shown with its parts: "72.01（含尾差 +0.01）" when the rounded parts add up to another figure."""
    text = amount_text(total_fen, unit)
    tail = tail_fen(total_fen, parts_fen, unit)
    if tail:
        text += f"（含尾差 {'+' if tail > 0 else ''}{format_money(tail, 'wan', places=2)}）"
    return text


@dataclass
class Figures:
    """What the 汇总 adds up; the same for a form, a project, a department and the whole file."""

    forms: int = 0
    total_fen: int = 0
    indicators: int = 0
    budget_lines: int = 0
    errors: int = 0
    warnings: int = 0

    def add(self, other: Figures) -> None:
        for name in ("forms", "total_fen", "indicators", "budget_lines", "errors", "warnings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @classmethod
    def total(cls, parts: Iterable[Figures]) -> Figures:
        result = cls()
        for part in parts:
            result.add(part)
        return result


@dataclass
class FormRow:
    path: tuple[str, ...]
    node: Node
    figures: Figures

    @property
    def name(self) -> str:
        return " › ".join(self.path[2:]) or self.path[-1]


@dataclass
class ProjectRow:
    name: str
    forms: list[FormRow]
    figures: Figures


@dataclass
class DepartmentRow:
    name: str
    projects: list[ProjectRow]
    figures: Figures
    #: the 校验码 the department arrived with (导入) and whether its data still has it
    digest: str = ""
    digest_matches: bool | None = None

    @property
    def forms(self) -> list[FormRow]:
        return [form for project in self.projects for form in project.forms]


@dataclass
class Consolidation:
    budget_year: int
    departments: list[DepartmentRow]
    totals: Figures
    source: str = ""
    made: str = field(default_factory=lambda: datetime.now().strftime("%Y-%m-%d %H:%M"))
    file_digest: str = ""
    #: the unit amounts are shown in: "wan" (万元, two decimals, 尾差 said) or "yuan" (元, exact)
    unit: str = "wan"

    @property
    def title(self) -> str:
        return TITLE.format(year=self.budget_year)

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS[:4] + (AMOUNT_HEADING.format(unit=UNIT_WORDS[self.unit]),) + COLUMNS[5:]

    def amount_cells(self) -> list[str]:
        """The amount of each of :meth:`rows` as shown: a department with the sum of its projects above it
        checked, the 合计 with the departments'; a total whose shown parts add up to another figure says so."""
        cells = []
        for dept in self.departments:
            cells.append(total_text(dept.figures.total_fen, [p.figures.total_fen for p in dept.projects], self.unit))
            cells += [amount_text(p.figures.total_fen, self.unit) for p in dept.projects]
        cells.append(total_text(self.totals.total_fen, [d.figures.total_fen for d in self.departments], self.unit))
        return cells

    def has_tail(self) -> bool:
        return any("含尾差" in cell for cell in self.amount_cells())

    def rows(self) -> list[tuple[int, str, Figures, str]]:
        """(level 0 department / 1 project / 2 total, label, figures, 校验码) in printed order."""
        out = []
        for dept in self.departments:
            out.append((0, dept.name, dept.figures, _digest_cell(dept)))
            out += [(1, project.name, project.figures, "") for project in dept.projects]
        out.append((2, f"合计（{len(self.departments)} 个部门）", self.totals, ""))
        return out

    def text(self) -> str:
        lines = [self.title]
        unit = UNIT_WORDS[self.unit]
        for (level, label, f, code), amount in zip(self.rows(), self.amount_cells()):
            indent = "    " if level == 1 else ""
            lines.append(f"{indent}{safe_line(label)}：申报表 {f.forms} 张，指标 {f.indicators} 条，"
                         f"预算明细 {f.budget_lines} 条，"
                         f"年度资金申请总额 {amount} {unit}，错误 {f.errors} 条，"
                         f"警告 {f.warnings} 条" + (f"，校验码 {code}" if code else ""))
        if self.has_tail():
            lines.append(TAIL_NOTE)
        return "\n".join(lines)


def _digest_cell(dept: DepartmentRow) -> str:
    if not dept.digest:
        return ""
    return short_digest(dept.digest) + ("" if dept.digest_matches else "（导入后已改动）")


# ---- building -----------------------------------------------------------------------------------------

def consolidate_file(path: Path, unit: str = "wan") -> Consolidation:
    with Store.open(path, readonly=True) as store:
        doc = store.load()
    result = consolidate(doc, unit=unit)
    result.source = Path(path).name
    return result


def consolidate(doc: Document, findings: list | None = None, unit: str = "wan") -> Consolidation:
    """The 汇总 of ``doc``; ``findings`` are its 审核 results (run here when not given); amounts shown in
    ``unit`` ("wan" or "yuan")."""
    from ..checks import check_document, is_acknowledged
    if findings is None:
        findings = check_document(doc)
    counted = [f for f in findings if f.severity == "error"
               or (f.severity == "warning" and not is_acknowledged(f, doc.acknowledgements))]
    imports = _import_records(doc)
    parts = [canonical_bytes(department_to_data(dept)) for dept in doc.departments]   # serialized once for both
    departments = [_department_row(doc, dept, counted, imports.get(dept.name), part)
                   for dept, part in zip(doc.departments, parts)]
    return Consolidation(budget_year=doc.budget_year, departments=departments,
                         totals=Figures.total(d.figures for d in departments),
                         file_digest=digest_of_parts(doc.budget_year, doc.template, parts), unit=unit)


def _severities(findings: Iterable, figures: Figures) -> Figures:
    for finding in findings:
        if finding.severity == "error":
            figures.errors += 1
        else:
            figures.warnings += 1
    return figures


def _under(findings: list, prefix: tuple[str, ...]) -> list:
    return [f for f in findings if tuple(f.path[:len(prefix)]) == prefix]


def _department_row(doc: Document, dept: Department, findings: list, record: dict | None,
                    part: bytes) -> DepartmentRow:
    mine = _under(findings, (dept.name,))
    node_paths = {(dept.name,) + path for path, _ in dept.iter_nodes()}
    projects = []
    for project in dept.projects:
        in_project = _under(mine, (dept.name, project.name))
        forms = [FormRow(path, node, _severities(_at_node(in_project, path, node_paths), _form_figures(node)))
                 for path, node in _walk((dept.name, project.name), project) if node.declared]
        figures = Figures.total(f.figures for f in forms)
        figures.errors = figures.warnings = 0
        projects.append(ProjectRow(project.name, forms, _severities(in_project, figures)))
    figures = Figures.total(p.figures for p in projects)
    figures.errors = figures.warnings = 0
    row = DepartmentRow(dept.name, projects, _severities(mine, figures))
    if record:
        row.digest = record.get("digest", "")
        alone = digest_of_parts(doc.budget_year, record.get("template") or doc.template, [part])
        row.digest_matches = alone == row.digest
    return row


def _at_node(findings: list, path: tuple[str, ...], node_paths: set[tuple[str, ...]]) -> list:
    """Findings whose deepest node is ``path`` (a finding's path may go on below the node: a row, a line)."""
    def deepest(finding_path: tuple[str, ...]) -> tuple[str, ...]:
        for n in range(len(finding_path), 0, -1):
            if finding_path[:n] in node_paths:
                return finding_path[:n]
        return ()
    return [f for f in findings if deepest(tuple(f.path)) == path]


def _walk(path: tuple[str, ...], node: Node):
    yield path, node
    for child in node.children:
        yield from _walk(path + (child.name,), child)


def _form_figures(node: Node) -> Figures:
    return Figures(forms=1, total_fen=form_of(node).funding.annual_request_fen or 0,
                   indicators=len(form_of(node).indicators),
                   budget_lines=sum(1 for _ in explanation_of(node).iter_lines()))


def _import_records(doc: Document) -> dict[str, dict]:
    """Department name → the latest 导入 record (its detail, plus the digest it arrived with)."""
    records: dict[str, dict] = {}
    for entry in doc.history:
        if entry.kind != "import":
            continue
        try:
            detail = json.loads(entry.detail)
        except ValueError:
            continue
        if isinstance(detail, dict) and isinstance(detail.get("department"), str):
            records[detail["department"]] = {**detail, "digest": entry.digest}
    return records


# ---- xlsx ---------------------------------------------------------------------------------------------

def write_xlsx(consolidation: Consolidation, out: Path) -> Path:
    """The 汇总 as an Excel workbook: the table as printed (汇总) and one row per 申报表 (申报表明细). Written
    in openpyxl's write-only mode, row after row (asking a sheet for its last row at every row was quadratic)."""
    from openpyxl import Workbook
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook.create_sheet("汇总"), consolidation)
    _forms_sheet(workbook.create_sheet("申报表明细"), consolidation)
    return save_atomically(out, workbook.save)


def _summary_sheet(sheet: Any, consolidation: Consolidation) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    def cell(value: str | float | None, font: Font | None = None, number_format: str | None = None,
             alignment: Alignment | None = None) -> Any:
        written = WriteOnlyCell(sheet, value)
        if font is not None:
            written.font = font
        if number_format is not None:
            written.number_format = number_format
        if alignment is not None:
            written.alignment = alignment
        return written

    for i, width in enumerate((50, 8, 10, 10, 22, 8, 8, 24, 20), 1):   # before the first row (write-only)
        sheet.column_dimensions[chr(64 + i)].width = width
    sheet.freeze_panes = "A3"
    bold = Font(name="宋体", bold=True)
    sheet.append([cell(consolidation.title, Font(name="宋体", size=14, bold=True))])
    centred = Alignment(horizontal="center", wrap_text=True)
    sheet.append([cell(text, bold, alignment=centred) for text in list(consolidation.columns) + ["说明"]])
    wan = consolidation.unit == "wan"
    for (level, label, f, code), shown in zip(consolidation.rows(), consolidation.amount_cells()):
        note = shown[shown.index("（") + 1:-1] if "含尾差" in shown else None
        font = bold if level != 1 else None
        values: list[str | float | None] = [
            ("　　" if level == 1 else "") + label, f.forms, f.indicators, f.budget_lines,
            f.total_fen / (1_000_000 if wan else 100), f.errors, f.warnings, code or None, note]
        sheet.append([cell(value, font, "#,##0.00" if column == 4 else None) if font or column == 4 else value
                      for column, value in enumerate(values)])
    if consolidation.has_tail():
        sheet.append([TAIL_NOTE])


def _forms_sheet(sheet: Any, consolidation: Consolidation) -> None:
    from openpyxl.cell import WriteOnlyCell

    for i, width in enumerate((40, 40, 8, 10, 10, 22, 8, 8), 1):
        sheet.column_dimensions[chr(64 + i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(["部门", "项目 / 子项目", "申报表", "绩效指标", "预算明细", "年度资金申请总额（元）", "错误", "警告"])
    for dept in consolidation.departments:
        for form in dept.forms:
            f = form.figures
            amount = WriteOnlyCell(sheet, f.total_fen / 100)
            amount.number_format = "#,##0.00"
            sheet.append([dept.name, form.name, f.forms, f.indicators, f.budget_lines, amount, f.errors, f.warnings])


def format_total_wan(fen: int) -> str:
    return amount_text(fen, "wan")
