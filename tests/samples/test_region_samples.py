"""The samples made from real published forms of other regions (湘潭, 甘肃, 四川): each built in its bundled template,
checked — 审核 finds what the published form gets wrong, and names no field the form does not have — and printed
with the form's own words, values and layout."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from g60desk.checks import check_document
from g60desk.checks.context import NodeContext
from g60desk.checks.engine import run_node_rules
from g60desk.checks.places import names_absent
from g60desk.domain.serialize import digest
from g60desk.domain.validate import validate_document
from g60desk.exchange.samples import sample_document

REGIONS = ("湘潭2023", "甘肃2023", "四川井研2023")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.mark.parametrize("key", REGIONS)
def test_each_sample_is_in_its_template_and_sound(key):
    doc = sample_document(key)
    validate_document(doc)
    assert doc.template == key and all(n.form.template == key for _, n in doc.iter_nodes() if n.form)
    assert digest(sample_document(key)) == digest(doc)


@pytest.mark.parametrize("key", REGIONS)
def test_no_rule_of_a_sample_names_a_field_its_form_lacks(key):
    doc = sample_document(key)
    dept = doc.departments[0]
    for path, node in dept.iter_nodes():
        if node.form is not None:
            ctx = NodeContext(doc, dept, (dept.name, *path), node)
            assert [f for f in run_node_rules(ctx) if names_absent(ctx.template, f)] == []


def findings(key: str) -> list[tuple[str, str | None, str]]:
    return [(f.rule, f.field, f.message) for f in check_document(sample_document(key))]


def test_xiangtan_as_published_reaches_into_2024_and_prints_empty_rows():
    """The form prints every 二级 row, empty ones too (blank_rows), and writes its amounts 250万: neither is a
    finding there. What is left: the 实施期 reaches into 2024."""
    doc = sample_document("湘潭2023")
    form = next(n.form for _, n in doc.iter_nodes() if n.form)
    assert [i for i, ind in enumerate(form.indicators) if not ind.name] == [5, 7, 8]   # printed as published
    assert findings("湘潭2023") == [
        ("F-DATE-02", "planned_end", "实施期止 2024.01 不在 2023 年内（跨年度项目），请确认。")]


def test_a_blank_row_is_a_finding_where_the_form_does_not_print_blank_rows():
    """Only a template that prints every 二级 row has blank rows; a row with a value but no name is unfinished
    anywhere, and 万 for 万元 is a finding on a form that writes 万元."""
    from dataclasses import replace

    from g60desk.domain.model import Indicator
    from g60desk.domain.templates import get_template
    from g60desk.domain.values import IndicatorValue
    doc = sample_document("湘潭2023")
    node = next(n for _, n in doc.iter_nodes() if n.form)
    node.form.indicators[5] = Indicator(node.form.indicators[5].level1, node.form.indicators[5].level2, "",
                                        IndicatorValue(op="≥", number="1", unit="个"))
    found = [(f.rule, f.field) for f in check_document(doc)]
    assert ("F-IND-03", "indicator:5:name") in found and ("F-IND-03", "indicator:7:name") not in found
    node.form.spec = replace(get_template("湘潭2023"), blank_rows=False,
                             amounts=replace(get_template("湘潭2023").amounts, suffix=""))
    found = [(f.rule, f.field) for f in check_document(doc)]
    assert {("F-IND-03", "indicator:7:name"), ("F-IND-03", "indicator:8:value"), ("F-IND-06", "indicator:4:value")} \
        <= set(found)


def test_sichuan_as_published_has_no_cost_rows_and_weights_adding_up_to_90():
    found = findings("四川井研2023")
    assert [rule for rule, _, _ in found] == ["F-IND-01", "F-IND-10"]
    assert "缺少一级指标：成本指标" in found[0][2] and "权重合计 90" in found[1][2]


def test_gansu_as_published_states_costs_without_amounts():
    found = findings("甘肃2023")
    assert [(rule, field) for rule, field, _ in found] == [("F-IND-07", f"indicator:{row}:value") for row in (3, 4, 5)]


def printed(key: str, tmp_path) -> str:
    from g60desk.report import render_pdf
    pdf = tmp_path / "out.pdf"
    render_pdf(sample_document(key), pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())   # a label wrapped in its cell reads whole again


@needs_poppler
def test_xiangtan_prints_its_own_form(tmp_path):
    text = printed("湘潭2023", tmp_path)
    for words in ("2023年项目支出绩效目标申报表填报单位:(盖章)单位:万元", "项目支出名称雾炮车降尘抑尘服务",
                  "2023.07-2024.01", "250万", "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01", "指标值及单位",
                  "绩效标准", "计划标准", "财政部门审核意见", "填表人:宋云花", "联系电话:***********"):
        assert words in text, words
    assert "项目资金" not in text and "财政项目支出绩效目标申报表" not in text and "填报单位（盖章）" not in text
    assert "年度)" not in text   # the year is in the title: no year line


@needs_poppler
def test_sichuan_prints_one_list_table_for_the_department(tmp_path):
    text = printed("四川井研2023", tmp_path)
    for words in ("部门预算项目绩效目标申报表(2023年度)", "金额单位:元", "820-马踏镇部门", "3,309,840.00", "正向指标",
                  "按时发放村组干部报酬", "≥95%10正向指标"):
        assert words in text, words
    assert text.count("3,309,840.00") == 2   # the department's row and the project's


@needs_poppler
def test_gansu_prints_its_header_fields_and_amounts(tmp_path):
    text = printed("甘肃2023", tmp_path)
    for words in ("省级部门预算项目支出绩效目标表(2023年度)", "一级项目名称", "中央补助安排", "20万元", "=300天",
                  "甘财科[2022]78号", "指标目标值"):
        assert words in text, words
