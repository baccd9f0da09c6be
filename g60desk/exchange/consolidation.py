"""汇总: the bureau's totals by department and project, printable as a PDF and exported to xlsx.

Figures per department, per project and per 申报表: 年度资金申请总额, counts of forms, indicators and
budget lines, and the 错误/警告 of the 审核. A department brought in by 导入 also shows the 校验码 it
arrived with, and whether its data still matches it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable

from ..domain.limits import safe_line
from ..domain.model import Department, Document, Node
from ..domain.money import format_wan, format_yuan
from ..domain.serialize import digest, short_digest
from ..store import Store
from .atomic import save_atomically

TITLE = "{year} 年度项目支出绩效目标申报汇总表"
COLUMNS = ("部门 / 项目", "申报表", "绩效指标", "预算明细", "年度资金申请总额（万元）", "错误", "警告", "校验码")


@dataclass
class Figures:
    """What the 汇总 adds up; the same for a form, a project, a department and the whole file."""

    forms: int = 0
    total_fen: int = 0
    indicators: int = 0
    budget_lines: int = 0
    errors: int = 0
    warnings: int = 0

    def add(self, other: "Figures") -> None:
        for name in ("forms", "total_fen", "indicators", "budget_lines", "errors", "warnings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @classmethod
    def total(cls, parts: Iterable["Figures"]) -> "Figures":
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

    @property
    def title(self) -> str:
        return TITLE.format(year=self.budget_year)

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
        for level, label, f, code in self.rows():
            indent = "    " if level == 1 else ""
            lines.append(f"{indent}{safe_line(label)}：申报表 {f.forms} 张，指标 {f.indicators} 条，预算明细 {f.budget_lines} 条，"
                         f"年度资金申请总额 {format_yuan(f.total_fen, 'thousands2')} 元，错误 {f.errors} 条，"
                         f"警告 {f.warnings} 条" + (f"，校验码 {code}" if code else ""))
        return "\n".join(lines)


def _digest_cell(dept: DepartmentRow) -> str:
    if not dept.digest:
        return ""
    return short_digest(dept.digest) + ("" if dept.digest_matches else "（导入后已改动）")


# ---- building -----------------------------------------------------------------------------------------

def consolidate_file(path: Path) -> Consolidation:
    with Store.open(path, readonly=True) as store:
        doc = store.load()
    result = consolidate(doc)
    result.source = Path(path).name
    return result


def consolidate(doc: Document, findings: list | None = None) -> Consolidation:
    """The 汇总 of ``doc``; ``findings`` are its 审核 results (run here when not given)."""
    from ..checks import check_document, is_acknowledged
    if findings is None:
        findings = check_document(doc)
    counted = [f for f in findings if f.severity == "error"
               or (f.severity == "warning" and not is_acknowledged(f, doc.acknowledgements))]
    imports = _import_records(doc)
    departments = [_department_row(doc, dept, counted, imports.get(dept.name)) for dept in doc.departments]
    return Consolidation(budget_year=doc.budget_year, departments=departments,
                         totals=Figures.total(d.figures for d in departments), file_digest=digest(doc))


def _severities(findings: Iterable, figures: Figures) -> Figures:
    for finding in findings:
        if finding.severity == "error":
            figures.errors += 1
        else:
            figures.warnings += 1
    return figures


def _under(findings: list, prefix: tuple[str, ...]) -> list:
    return [f for f in findings if tuple(f.path[:len(prefix)]) == prefix]


def _department_row(doc: Document, dept: Department, findings: list, record: dict | None) -> DepartmentRow:
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
        alone = Document(budget_year=doc.budget_year, template=record.get("template") or doc.template,
                         departments=[dept])
        row.digest_matches = digest(alone) == row.digest
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
    return Figures(forms=1, total_fen=node.form.funding.annual_request_fen or 0,
                   indicators=len(node.form.indicators),
                   budget_lines=sum(1 for _ in node.explanation.iter_lines()))


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
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总"
    sheet.append([consolidation.title])
    sheet.cell(row=1, column=1).font = Font(name="宋体", size=14, bold=True)
    sheet.append(list(COLUMNS))
    for level, label, f, code in consolidation.rows():
        sheet.append([("　　" if level == 1 else "") + label, f.forms, f.indicators, f.budget_lines,
                      f.total_fen / 1_000_000, f.errors, f.warnings, code or None])
        row = sheet.max_row
        sheet.cell(row=row, column=5).number_format = "#,##0.00"
        if level != 1:
            for cell in sheet[row]:
                cell.font = Font(name="宋体", bold=True)
    for i, width in enumerate((50, 8, 10, 10, 22, 8, 8, 24), 1):
        sheet.column_dimensions[chr(64 + i)].width = width
    for cell in sheet[2]:
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.freeze_panes = "A3"
    _forms_sheet(workbook.create_sheet("申报表明细"), consolidation)
    return save_atomically(out, workbook.save)


def _forms_sheet(sheet, consolidation: Consolidation) -> None:
    sheet.append(["部门", "项目 / 子项目", "申报表", "绩效指标", "预算明细", "年度资金申请总额（元）", "错误", "警告"])
    for dept in consolidation.departments:
        for form in dept.forms:
            f = form.figures
            sheet.append([dept.name, form.name, f.forms, f.indicators, f.budget_lines, f.total_fen / 100,
                          f.errors, f.warnings])
            sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0.00"
    for i, width in enumerate((40, 40, 8, 10, 10, 22, 8, 8), 1):
        sheet.column_dimensions[chr(64 + i)].width = width
    sheet.freeze_panes = "A2"


# ---- PDF ----------------------------------------------------------------------------------------------

def write_pdf(consolidation: Consolidation, out: Path, prefer_system_font: bool | None = None) -> Path:
    """The 汇总表 as an A4 landscape PDF with an embedded CJK font, headers repeated on every page."""
    if prefer_system_font is None:
        from .. import settings
        prefer_system_font = bool(settings.get("print.prefer_system_font"))
    return save_atomically(out, lambda tmp: _render_pdf(consolidation, tmp, prefer_system_font))


def _pdf_font(prefer_system: bool):
    """(font name, markup function) from the printing package's font finder (embedded TrueType)."""
    try:
        from ..report.fonts import load_fonts
    except ImportError:
        load_fonts = None
    if load_fonts is not None:
        fonts = load_fonts(prefer_system)
        return fonts.name, fonts.markup
    from xml.sax.saxutils import escape

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    try:
        from ..report import find_cjk_font
    except ImportError:
        from ..report.fonts import find_cjk_font
    path = Path(find_cjk_font(prefer_system))
    extra = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
    pdfmetrics.registerFont(TTFont("G60Consolidation", str(path), **extra))
    return "G60Consolidation", escape


def _render_pdf(consolidation: Consolidation, out: str, prefer_system: bool) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font, markup = _pdf_font(prefer_system)
    body = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)
    right = ParagraphStyle("num", parent=body, alignment=2)
    center = ParagraphStyle("head", parent=body, alignment=1)
    indented = ParagraphStyle("project", parent=body, leftIndent=5 * mm)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    source = f"汇总文件：{consolidation.source}　" if consolidation.source else ""
    footer_text = f"{source}校验码 {short_digest(consolidation.file_digest)}　制表时间 {consolidation.made}"

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(markup(text), style)

    data = [[para(c, center) for c in COLUMNS]]
    shading = []
    for level, label, f, code in consolidation.rows():
        data.append([para(label, indented if level == 1 else body), para(str(f.forms), right),
                     para(str(f.indicators), right), para(str(f.budget_lines), right),
                     para(format_total_wan(f.total_fen), right), para(str(f.errors), right),
                     para(str(f.warnings), right), para(code, body)])
        if level != 1:
            shading.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1),
                            colors.HexColor("#EEEEEE" if level == 0 else "#DDDDDD")))
    widths = [88 * mm, 16 * mm, 18 * mm, 18 * mm, 44 * mm, 14 * mm, 14 * mm, 55 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#CCCCCC")), *shading]))

    class NumberedCanvas(Canvas):
        """Holds the pages back so that each can print 第 N 页 共 M 页."""

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", font)     # no page refers to a non-embedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for page in self._pages:
                self.__dict__.update(page)
                self.setFont(font, 8)
                width = landscape(A4)[0]
                self.drawString(15 * mm, 8 * mm, footer_text)
                self.drawRightString(width - 15 * mm, 8 * mm, f"第 {self._pageNumber} 页 共 {len(self._pages)} 页")
                super().showPage()
            super().save()

    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=consolidation.title,
                            author="g60desk")
    doc.build([para(consolidation.title, title), Spacer(1, 6 * mm), table], canvasmaker=NumberedCanvas)


def format_total_wan(fen: int) -> str:
    return format_wan(fen, 2, grouping=True)
