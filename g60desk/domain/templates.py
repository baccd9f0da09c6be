"""Print/entry templates (模板) as data: which header fields a form has, its labels and print styles.

Other regions' forms differ in the same ways (extra rows, amounts in 万元, other headers): add a
Template value here rather than branching on a template name anywhere else in the program.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import AmountUnit


@dataclass(frozen=True)
class Template:
    id: str
    #: printed title without the number: "财政项目支出绩效目标申报表 N"
    form_title: str
    #: the line under the title; {year} is the budget year
    year_line: str
    #: header fields the form has, in printed order (attribute names of DeclarationForm / Node)
    header_fields: tuple[str, ...]
    #: how amounts of the funding block print: "thousands2" (780,000.00) or "plain" (10580000)
    amount_style: str
    #: how indicator values print: "2026" (≥85.00(%)) or "2022" (>=85%)
    value_style: str
    #: indicator framework a new form gets
    framework: str
    #: goal headers; {start} and {end} are the years of the planned dates (or the budget year)
    overall_goal_header: str
    annual_goal_header: str
    value_header: str
    #: the unit budget-line amounts are shown in on screen and paper: "wan" or "yuan"
    budget_unit: AmountUnit = "wan"
    #: the title over the whole 申报材料 ({department}, {year}); "" when the document prints none
    document_title: str = ""
    #: paper widths (mm) of the 项目总目标 and 年度总体目标 columns, right of the 项目绩效目标 label (149.5 mm in all)
    goal_widths_mm: tuple[float, float] = (61.0, 88.5)


TEMPLATES: dict[str, Template] = {
    "上海2026": Template(
        id="上海2026",
        form_title="财政项目支出绩效目标申报表",
        year_line="({year}年度)",
        header_fields=("name", "nature", "category", "supervising_dept", "implementing_unit",
                       "planned_start", "planned_end"),
        amount_style="thousands2",
        value_style="2026",
        framework="2021",
        overall_goal_header="项目总目标",
        annual_goal_header="年度总体目标",
        value_header="年度(/项目)指标值",
        document_title="{department}{year}年财政支出项目绩效目标申报表",
    ),
    "上海2022": Template(
        id="上海2022",
        form_title="财政项目支出绩效目标填报表",
        year_line="（{year} 年度）",   # the 2022 document prints full-width brackets
        header_fields=("name", "category", "supervising_dept", "implementing_unit",
                       "planned_start", "planned_end"),
        amount_style="plain",
        value_style="2022",
        framework="legacy",
        overall_goal_header="项目总目标（{start} 年- {end} 年）",
        annual_goal_header="年度总目标",
        value_header="年度指标值",
        # the 2022 document's left goal column is the wider one: its lines hold about 18½ characters
        # against 14 in the right column (seeds/000_…, both goals printed in full)
        goal_widths_mm=(85.0, 64.5),
    ),
}

DEFAULT_TEMPLATE = "上海2026"


def get_template(template_id: str) -> Template:
    try:
        return TEMPLATES[template_id]
    except KeyError:
        raise KeyError(f"未知的模板“{template_id}”，可用：{'、'.join(TEMPLATES)}") from None
