"""The bundled samples: the seed documents written as TOML (docs/sample-format.md), built through the
same parsers as typing, so the sample files prove the parsers read what real forms print."""
from __future__ import annotations

import tomllib
from typing import Any

from ..domain.fields import parse_column, parse_field, set_form_value
from ..domain.model import (
    AmountUnit,
    BudgetGroup,
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    FundingExplanation,
    Indicator,
    Node,
    NodeKind,
    Section,
)
from ..domain.money import parse_money
from ..domain.templates import Template, attach_templates, get_template
from ..domain.values import parse_value
from ..domain.wording import amount_as_typed
from ..resources_path import resource

#: the bundled samples: the two seed documents (by year) and a real published form of each other region's template
SAMPLES = {"2026": "2026.toml", "2022": "2022.toml", "湘潭2023": "xiangtan-2023.toml", "甘肃2023": "gansu-2023.toml",
           "四川井研2023": "sichuan-jingyan-2023.toml"}
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
        return attach_templates(document_from_toml(tomllib.load(handle)))


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


def _form(data: dict[str, Any], template_id: str) -> DeclarationForm:
    """A form of ``template_id`` from the sample's printed strings, each read as its field's type (docs/templates.md);
    a key the template does not declare is refused (a typo in a sample must not pass silently)."""
    template = get_template(template_id)
    form = DeclarationForm(template=template_id, framework=data.get("framework", template.framework), spec=template)
    for key, text in data.items():
        if key in ("framework", "indicators", "funding"):
            continue
        field = template.field(key)
        if field is None and key not in ("nature", "category", "supervising_dept", "implementing_unit"):
            raise KeyError(f"样例的字段“{key}”不在模板“{template_id}”中")
        set_form_value(form, key, parse_field(template, field, text) if field is not None else text)
    for short, text in data.get("funding", {}).items():
        key = FUNDING_KEYS.get(short, short)
        field = template.field(key)
        if field is None:
            raise KeyError(f"样例的金额“{short}”不在模板“{template_id}”中")
        set_form_value(form, key, parse_field(template, field, text))
    form.indicators = [_indicator(template, row) for row in data.get("indicators", [])]
    return form


def _indicator(template: Template, row: list[str]) -> Indicator:
    """An indicator from its printed cells, in the order of the template's columns (a value printed in parts —
    指标性质 · 指标值 · 度量单位 — is read as one)."""
    ind = Indicator()
    value = ""
    for column, text in zip(template.indicator_columns, row, strict=True):
        if column.key == "value":
            value += text
        elif column.key in ("level1", "level2", "name"):
            setattr(ind, column.key, text)
        elif text:
            ind.extra[column.key] = str(parse_column(template, column, text))
    ind.value = parse_value(value)
    return ind


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
