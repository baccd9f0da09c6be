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


#: 六、年度预算安排 of the 2022 seed, every paragraph as the document prints it (seeds/000_…, spaces of the
#: PDF extraction removed): the printed sample must say exactly this, inconsistencies included
SEED_2022_BUDGET = [
    "一、G60日常办公经费",
    "（1）保洁服务：2名保洁员，每月9000元，全年合计0.9*12=10.8万；",
    "（2）绿化服务：每月3276元，全年合计0.3276*12=3.9万元；",
    "（3）水电费（估）：每月2000元，全年合计0.2*12=2.4万元；",
    "（4）电信费：每月2000元，全年合计0.2*12=2.4万元；",
    "（5）EMS费用、挂号信、机要通道邮寄费（估）：每月3000元，全年合计0.3*12=3.6万元；",
    "（6）物料采购（办公用品等）：每月10000元，全年合计1*12=12万元；",
    "（7）档案用品采购费、档案数字化制作费用（估）：全年1万；",
    "（8）公务接待：每月10000元，全年合计1*12=12万元；",
    "（9）租车费用：每月10000元，全年合计1*12=12万元；",
    "（10）市内市外差旅费：每月20000元，全年合计2*12=24万元；",
    "（11）复印纸和硒鼓：全年预计6万元；（复印纸走电子集市）",
    "（12）疫情防控：2万；",
    "（13）采购台式计算机3万元；（走电子集市）",
    "（14）其他：7.4万。",
    "二、产融结合新高地建设",
    "（1）G60产融合作示范园区评估及建设费用预估10万；",
    "（2）科创板上市辅导费用预估10万；",
    "（3）央行“15+1条”例会费用预估20万；“一网通办”深化10万。",
    "三、产业要素对接",
    "（1）产业联盟、产业合作示范园区相关活动45万；",
    "（2）跨区域产业协同创新和要素对接相关活动50万。",
    "四、科创要素对接",
    "（1）G60科创云运营75万：包括栏目信息更新稿费10万，微信带货相关费用30万，推广费20万；宽带及服务器租赁费等其他费用15万。",
    "（2）科技创新券跨区域推进等创新要素自由流动40万。",
    "（3）工业互联网项目评选及调研5万；",
    "五、派驻干部费用",
    "八城市派驻干部每人每月0.3万元*16人*12月=57.60万",
    "六、展示馆物业管理、能源费、水电费：",
    "根据与上海临港企业服务有限公司的物业管理、能源合同约定。",
    ("（1）展示馆物业管理、保洁保安费66.04万元。其中，展示馆面积1,469平，物业管理费按16元/平/月，"
     "全年合计：1,469平*16*12=28.20万元；保洁保安费3.15万元/月，全年合计：3.15万元*12=37.83万元。"),
    ("（2）展示馆能源费、水电费36.86万元。其中，能源费按9元/平/月，全年合计：1469平*9*12=15.87万元；"
     "水电费预计1.75万元/月，水电费全年合计为21万元。"),
    "七、展示馆运维：该项目为跨年项目，合计约360万元；2022年申请资金180万元。",
    "八、重大活动经费：",
    "（1）G60科创走廊建设专责小组全体会议（G60科创走廊年度联席会议）：60万；",
    "（2）进博会场地租赁费：135万；",
    "（3）进博会配套活动经费：80万；",
    "（4）产业链合作大会：30万；",
    "（5）产学研用相关活动：45万。",
    "一、九城巡礼：",
    "2022年度G60科创走廊九城市科创和产业发展情况及九城市间内循环互动情况报道费用及超50家国内主流媒体超300篇报道费用30万元。",
    "二、展馆线上宣传推广；",
    "展馆线上宣传推广费用20万元；宣传资料、手册设计与制作费用20万元；微信公众号、官方网站运营费用15万元。",
]


def _budget_text(printed) -> str:
    """The printed 六、年度预算安排 parts of the 2022 sample, squeezed, in order."""
    raw = squeeze(printed["2022"].raw)
    parts = re.findall(r"六、年度预算安排(.*?)七、绩效目标", raw)
    assert len(parts) == 2
    return "".join(parts)


def test_budget_lines_print_as_the_seed_writes_them(printed):
    """Every paragraph of the seed's 六, in order and nothing between them: no "：" or "万元" added, no
    invented （4）, no ①–④, the formulas and decimals as written, the 派驻干部 formula once, no 水电费 formula."""
    assert _budget_text(printed) == "".join(squeeze(text) for text in SEED_2022_BUDGET)


def test_the_issues_examples_as_pdftotext_gives_them(printed):
    layout = printed["2022"].layout
    assert "八城市派驻干部每人每月0.3万元*16人*12月=57.60万" in layout   # one line on the page
    assert "1,469平" in layout and "28.20万元" in layout and "3.15万元*12" in layout
    for invented in ("（4）“一网通办”", "0.3*16*12", "1.75*12", "①", "28.2万", "57.6万"):
        assert invented not in layout, invented


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
