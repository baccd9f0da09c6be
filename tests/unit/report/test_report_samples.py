"""The printed samples carry every value exactly as the seed documents print them."""
from __future__ import annotations

import re
import subprocess

import pytest
from report_helpers import needs_poppler, squeeze

from g60desk.domain.money import format_yuan
from g60desk.domain.serialize import digest, short_digest
from g60desk.domain.templates import get_template
from g60desk.domain.values import format_value
from g60desk.report.render import declared_items

pytestmark = needs_poppler

#: pinned: a change means the layout moved (look at the pages, then update)
PAGE_COUNTS = {"2026": 13, "2022": 9}


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_page_count_is_stable(printed, year):
    assert printed[year].pages == PAGE_COUNTS[year]
    info = subprocess.run(["pdfinfo", str(printed[year].pdf)], capture_output=True, text=True).stdout
    assert re.search(rf"Pages:\s+{PAGE_COUNTS[year]}\b", info)
    assert "A4" in info


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_every_font_is_embedded(printed, year):
    out = subprocess.run(["pdffonts", str(printed[year].pdf)], capture_output=True, text=True, check=True).stdout
    fonts = out.splitlines()[2:]
    assert fonts, "no font listed"
    for line in fonts:
        emb = line.split()[-5]  # name type encoding emb sub uni id gen: emb is 5th from the end
        assert emb == "yes", line


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_header_fields_print_as_in_the_document(printed, year):
    raw = squeeze(printed[year].raw)
    for item in declared_items(printed[year].doc):
        form = item.node.form
        template = get_template(form.template)
        assert squeeze(f"{template.form_title} {item.number}") in raw
        for text in (item.node.name, form.category, form.supervising_dept, form.implementing_unit,
                     form.planned_start.isoformat(), form.planned_end.isoformat()):
            assert squeeze(text) in raw
        if "nature" in template.header_fields:
            assert squeeze(form.nature) in raw
    assert ("项目性质" in raw) == (year == "2026")


def test_2026_amounts_with_thousands_blank_and_zero(printed):
    layout = printed["2026"].layout
    for amount in ("780,000.00", "800,000.00", "239,650.00", "400,000.00", "450,000.00", "210,000.00"):
        assert re.search(rf"项目资金总额\s+{re.escape(amount)}\s+年度资金申请总额\s+{re.escape(amount)}", layout)
        assert re.search(rf"其中：财政资金\s+{re.escape(amount)}\s+其中：当年财政拨款\s+{re.escape(amount)}", layout)
    # the left 其他资金 is blank (None), the right one a printed 0, on each of the six forms
    assert len(re.findall(r"其他资金\s+其他资金\s+0\s*$", layout, re.M)) == 6
    assert len(re.findall(r"上年结转资金\s+0\s*$", layout, re.M)) == 6


def test_2022_amounts_plain_integers(printed):
    layout = printed["2022"].layout
    for amount in ("10580000", "700000"):
        assert re.search(rf"项目资金总额\s+{amount}\s+年度资金申请总额\s+{amount}", layout)
    assert len(re.findall(r"其他资金\s+0\s+其他资金\s+0\s*$", layout, re.M)) == 2
    assert ",000" not in layout.split("财政项目支出绩效目标填报表 1")[1]


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_every_indicator_prints_with_its_value(printed, year):
    raw = squeeze(printed[year].raw)
    layout = printed[year].layout
    for item in declared_items(printed[year].doc):
        style = get_template(item.node.form.template).value_style
        for ind in item.node.form.indicators:
            assert squeeze(ind.name) in raw, ind.name
            assert squeeze(ind.level1) in raw and squeeze(ind.level2) in raw
            value = format_value(ind.value, style)
            assert value in layout, value


def test_values_in_each_templates_style(printed):
    layout26, layout22 = printed["2026"].layout, printed["2022"].layout
    for value in ("≤20.00(万元)", "≤2.50(万元/次)", "≥85.00(%)", "=1.00(个)", "≥100.00(人/场)", "匹配", "≤40.00(万)"):
        assert value in layout26
    for value in (">=85%", "=100%", ">=10次", "<=30天", "=300篇", "有序", "及时"):
        assert value in layout22
    assert ">=" not in layout26 and "≥" not in layout22


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_goals_and_headers(printed, year):
    raw = squeeze(printed[year].raw)
    for item in declared_items(printed[year].doc):
        form = item.node.form
        for goal in (form.overall_goal, form.annual_goal):
            assert squeeze(goal) in raw
    if year == "2022":
        assert squeeze("项目总目标（2022 年- 2022 年）") in raw and "年度总目标" in raw and "年度指标值" in raw
        assert squeeze("财政项目支出绩效目标填报表 2") in raw and squeeze("（2022 年度）") in raw
    else:
        assert "年度总体目标" in raw and squeeze("年度(/项目)指标值") in raw and squeeze("(2026年度)") in raw


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_explanations_carry_every_section(printed, year):
    raw = squeeze(printed[year].raw)
    for item in declared_items(printed[year].doc):
        assert f"项目经费情况说明{item.number}" in raw
        for section in item.node.explanation.sections.values():
            for line in section.text.splitlines():
                assert squeeze(line) in raw, line


def test_a_heading_the_document_overrides_prints_as_written(printed):
    pages = printed["2026"].page_texts()
    explanation6 = next(p for p in pages if "项目经费情况说明 6" in p)
    assert explanation6.count("五、实施方案") == 1 and "五、实施周期" in explanation6
    assert "四、实施方案" not in explanation6


def test_budget_lines_read_like_the_document(printed):
    raw = squeeze(printed["2022"].raw)
    for text in ("一、G60日常办公经费", "（1）保洁服务：2名保洁员，每月9000元，0.9*12=10.8万元；",
                 "（11）复印纸和硒鼓：全年预计6万元（复印纸走电子集市）；", "（14）其他：7.4万元。",
                 "（1）G60科创云运营：75万元，其中：", "①栏目信息更新稿费：10万元；",
                 "①物业管理费：展示馆面积1,469平，物业管理费按16元/平/月，1469*16*12=28.2万元；",
                 "五、派驻干部费用", "八城市派驻干部每人每月0.3万元*16人*12月，0.3*16*12=57.6万元。",
                 "根据与上海临港企业服务有限公司的物业管理、能源合同约定。", "（1）2022年申请资金：180万元。",
                 "二、展馆线上宣传推广", "（3）微信公众号、官方网站运营费用：15万元。"):
        assert squeeze(text) in raw, text


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_overview_first(printed, year):
    doc = printed[year].doc
    first = squeeze(printed[year].page_texts()[0])
    assert "绩效目标设置情况" in first
    assert squeeze(doc.departments[0].overview) in first


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_every_page_has_its_number_and_the_check_code(printed, year):
    code = short_digest(digest(printed[year].doc))
    pages = printed[year].page_texts()
    total = printed[year].pages
    assert len(pages) == total
    for n, text in enumerate(pages, start=1):
        assert re.search(rf"第\s*{n}\s*页\s*共\s*{total}\s*页", text)
        assert f"校验码 {code}" in text


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_document_order(printed, year):
    raw = squeeze(printed[year].raw)
    items = declared_items(printed[year].doc)
    title = get_template(printed[year].doc.template).form_title
    marks = ["绩效目标设置情况"]
    for item in items:
        marks += [f"项目经费情况说明{item.number}", f"{title}{item.number}"]
    positions = [raw.index(m) for m in marks]
    assert positions == sorted(positions)


def test_signature_block_under_each_form(printed):
    pages = printed["2026"].page_texts()
    form_pages = [p for p in pages if "绩效指标" in p]
    assert len(form_pages) == 6
    for text in form_pages:
        for label in ("填报单位（盖章）", "单位负责人", "填报人", "联系电话", "填报日期"):
            assert label in text


def test_amount_printer_agrees_with_the_document(printed):
    # the form shows exactly what format_yuan gives for the template: the test above is not circular
    assert format_yuan(78_000_000, "thousands2") == "780,000.00"
    assert format_yuan(1_058_000_000, "plain") == "10580000"
