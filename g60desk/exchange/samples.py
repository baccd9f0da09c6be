"""The bundled samples: the seed documents written as TOML (docs/sample-format.md), built through the
same parsers as typing, so the sample files prove the parsers read what real forms print."""
from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

from ..domain.model import (
    AmountUnit,
    BudgetGroup,
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    FundingBlock,
    FundingExplanation,
    Indicator,
    Node,
    NodeKind,
    Section,
)
from ..domain.money import parse_money
from ..domain.templates import get_template
from ..domain.values import parse_value
from ..domain.wording import amount_as_typed
from ..resources_path import resource

SAMPLES = {"2026": "2026.toml", "2022": "2022.toml"}
FUNDING_KEYS = {
    "project_total": "project_total_fen", "fiscal": "fiscal_fen", "other": "other_fen",
    "annual_request": "annual_request_fen", "appropriation": "appropriation_fen",
    "carryover": "carryover_fen", "annual_other": "annual_other_fen",
}
UNIT_WORDS: dict[str, AmountUnit] = {"万元": "wan", "万": "wan", "元": "yuan"}


def sample_document(year: str) -> Document:
    """The bundled sample of ``year`` ("2026" or "2022") as a Document."""
    if year not in SAMPLES:
        raise KeyError(f"没有 {year} 年的样例，可用：{'、'.join(SAMPLES)}")
    with resource("samples", SAMPLES[year]).open("rb") as handle:
        return document_from_toml(tomllib.load(handle))


def document_from_toml(data: dict[str, Any]) -> Document:
    template = data.get("template", "上海2026")
    doc = Document(budget_year=int(data["budget_year"]), template=template)
    for d in data.get("department", []):
        dept = Department(name=d["name"], budget_units=int(d.get("budget_units", 1)),
                          overview=d.get("overview", ""))
        dept.projects = [_node(p, "project", template) for p in d.get("project", [])]
        doc.departments.append(dept)
    return doc


def _node(data: dict[str, Any], kind: NodeKind, template: str) -> Node:
    node = Node(name=data["name"], kind=kind)
    if "form" in data:
        node.form = _form(data["form"], template)
        node.explanation = _explanation(data.get("explanation", {}))
    node.children = [_node(s, "sub_project", template) for s in data.get("sub_project", [])]
    return node


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _form(data: dict[str, Any], template: str) -> DeclarationForm:
    funding = data.get("funding", {})
    form = DeclarationForm(
        template=template,
        framework=data.get("framework", get_template(template).framework),
        nature=data.get("nature", ""), category=data.get("category", ""),
        supervising_dept=data.get("supervising_dept", ""),
        implementing_unit=data.get("implementing_unit", ""),
        planned_start=_date(data.get("planned_start", "")), planned_end=_date(data.get("planned_end", "")),
        funding=FundingBlock(**{FUNDING_KEYS[k]: parse_money(v, "yuan") for k, v in funding.items()}),
        overall_goal=data.get("overall_goal", ""), annual_goal=data.get("annual_goal", ""),
    )
    form.indicators = [Indicator(level1=row[0], level2=row[1], name=row[2], value=parse_value(row[3]))
                       for row in data.get("indicators", [])]
    return form


def _explanation(data: dict[str, Any]) -> FundingExplanation:
    explanation = FundingExplanation(wording=data.get("wording", "typed"))
    headings = data.get("headings", {})
    for key in explanation.sections:
        explanation.sections[key] = Section(key=key, text=data.get(key, ""), heading=headings.get(key))
    explanation.budget_groups = [
        BudgetGroup(title=g.get("title", ""), text=g.get("text", ""), lines=[_line(x) for x in g.get("line", [])],
                    numbering=g.get("numbering", ""), text_runs_on=bool(g.get("text_runs_on", False)))
        for g in data.get("budget_group", [])
    ]
    return explanation


def _line(data: dict[str, Any]) -> BudgetLine:
    unit = UNIT_WORDS[data.get("formula_unit", "万元")]
    stated = data.get("stated", "")
    return BudgetLine(label=data.get("label", ""), basis=data.get("basis", ""),
                      formula=data.get("formula", ""), formula_unit=unit,
                      stated_fen=parse_money(stated, "wan"), stated_text=amount_as_typed(stated, "wan"),
                      remark=data.get("remark", ""), ending=data.get("ending", ""),
                      runs_on=bool(data.get("runs_on", False)), numbering=data.get("numbering", ""),
                      children=[_line(c) for c in data.get("child", [])])
