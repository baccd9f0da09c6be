"""The two seed documents, as bundled, produce exactly the findings a careful reviewer would write down.

Worked out by reading the seeds (never by changing the samples to silence a rule):

2022 (上海市松江区科创发展办公室, two projects)
- 项目1 六、（2）绿化服务: 0.3276×12 = 3.9312 万元 but 3.9 万元 stated (rounded to 0.1 万元, 312 元 off).
- 项目1 六、展示馆: 保洁保安费 3.15万元×12 = 37.80 万元 but 37.83 stated (an arithmetic slip of 0.03 万元).
- 项目1 六、展示馆: 28.20 + 37.83 = 66.03 ≠ 66.04, and 15.87 + 21 = 36.87 ≠ 36.86 (one 0.01 万元 step each).
  1469×16×12 = 28.2048 → 28.20 and 1469×9×12 = 15.8652 → 15.87 are correct HALF_UP rounding: silent.
- 项目1 七、展示馆运维 "跨年项目，合计约360万元" while 项目资金总额 = 年度资金申请总额 = 10,580,000 元.
- 项目1 and 项目2 share their goals word for word (项目1's goals describe 宣传推广, project 2's subject).
- 项目2 六、年度预算安排 30 + 20 + 20 + 15 = 85 万元 but 年度资金申请总额 700000 元 (70 万元).
- 项目2 主管部门 blank; no 成本指标 row at all; qualitative values under 数量指标 in both forms.
- The overview's 2 projects and 1,128.00 万元 (10,580,000 + 700,000 元) are right: silent.
- 项目1 三、实施主体 puts 进博会 at “场地租金、场地履约保证金、活动费等预计 250 万” while 六、 budgets 进博会场地租赁费
  135 + 进博会配套活动经费 80 = 215 万元 (F-SUM-09). 二、立项依据's “全年合计 102.5万元” for G60日常办公经费 equals
  its group (10.8 + 3.9 + … + 7.4 = 102.5): silent.
- 24 budget lines carry an amount and nothing else: no 测算依据, no formula (“（12）疫情防控：2万；”,
  “八、重大活动经费：（1）…60万；（2）进博会场地租赁费：135万 …”, 科创云运营's four items “栏目信息更新稿费
  10 万，微信带货相关费用 30万…”, “2022年申请资金 180万元”, 宣传与推广's “展馆线上宣传推广费用 20 万元；宣传资料、
  手册设计与制作费用 20万元；微信公众号、官方网站运营费用 15万元”): one F-CALC-04 警告 each. Lines with a
  basis however thin (“全年预计”) are not reported.

2026 (…创新研究中心, one project with six declared sub-projects)
- 金融赋能: 主管部门 and 实施单位 "…创新中心" where the department and the other forms say "…创新研究中心";
  成本 ceilings 20 + 30 + 2.50 万元/次 × 12 次 + 10 = 90 万元 > 78 万元.
- 建设方案成效阶段性评估: 实施周期 "2025年9月-2026年6月" vs 2026-01-01 … 2026-12-31; ceilings 20.96 + 3 = 23.96
  vs 23.965 万元 (rounding level: 提示). "23.965 万元" in 六、 equals 239,650.00 元 exactly: silent.
- 创新合作: 12 + 10 万元/场 × 3 场 = 42 万元 > 40 万元; indicator says 第四届 where 概述 and 实施方案 say 第五届.
- 政策研究: cost units "万" instead of "万元" (their sums, 40 + 5 = 45, agree with the budget).
- 宣传推广: 四、实施方案 printed as "五、实施方案".
- All six: left 其他资金 blank while right 其他资金 and 上年结转资金 are 0 (hint only).
- The overview's 6 projects and 287.97 万元 (2,879,650 元 rounded HALF_UP) are right: silent.
"""
from __future__ import annotations

import pytest

from g60desk.checks import check_document
from g60desk.exchange.samples import sample_document

P1_2022, P2_2022 = "G60 科创走廊建设", "宣传与推广"

def _no_basis(path: str, field: str, name: str, amount: str) -> tuple:
    return ("F-CALC-04", "warning", path, field, [f"“{name}” {amount} 万元 没有测算依据"])


EXPECTED_2022 = [
    ("F-SUM-09", "warning", P1_2022, "section:implementer",
     ["三、实施主体写“进博会九城市配套活动（场地租金、场地履约保证金、活动费等预计250万）”，即 250.00 万元",
      "八、重大活动经费（2）进博会场地租赁费 135.00 + 八、重大活动经费（3）进博会配套活动经费 80.00 = 215.00 万元",
      "相差 35.00 万元"]),
    ("F-CALC-02", "warning", P1_2022, "line:0:1:stated_fen",
     ["“绿化服务”按公式", "0.3276×12 = 3.9312 万元", "填列 3.90 万元", "相差 0.0312 万元", "0.1 万元"]),
    _no_basis(P1_2022, "line:0:11:basis", "疫情防控", "2.00"),
    _no_basis(P1_2022, "line:0:12:basis", "采购台式计算机", "3.00"),
    _no_basis(P1_2022, "line:0:13:basis", "其他", "7.40"),
    _no_basis(P1_2022, "line:1:0:basis", "G60产融合作示范园区评估及建设费用预估", "10.00"),
    _no_basis(P1_2022, "line:1:1:basis", "科创板上市辅导费用预估", "10.00"),
    _no_basis(P1_2022, "line:1:2:basis", "央行“15+1条”例会费用预估", "20.00"),
    _no_basis(P1_2022, "line:1:3:basis", "“一网通办”深化", "10.00"),
    _no_basis(P1_2022, "line:2:0:basis", "产业联盟、产业合作示范园区相关活动", "45.00"),
    _no_basis(P1_2022, "line:2:1:basis", "跨区域产业协同创新和要素对接相关活动", "50.00"),
    _no_basis(P1_2022, "line:3:0.0:basis", "栏目信息更新稿费", "10.00"),
    _no_basis(P1_2022, "line:3:0.1:basis", "微信带货相关费用", "30.00"),
    _no_basis(P1_2022, "line:3:0.2:basis", "推广费", "20.00"),
    _no_basis(P1_2022, "line:3:0.3:basis", "宽带及服务器租赁费等其他费用", "15.00"),
    _no_basis(P1_2022, "line:3:1:basis", "科技创新券跨区域推进等创新要素自由流动", "40.00"),
    _no_basis(P1_2022, "line:3:2:basis", "工业互联网项目评选及调研", "5.00"),
    ("F-SUM-02", "info", P1_2022, "line:5:0:stated_fen",
     ["展示馆物业管理、保洁保安费", "66.04 万元 ≠ 其中各项之和 28.20 + 37.83 = 66.03 万元", "相差 0.01 万元"]),
    ("F-CALC-02", "error", P1_2022, "line:5:0.1:stated_fen",
     ["保洁保安费", "3.15万元×12 = 37.80 万元", "填列 37.83 万元", "相差 0.03 万元"]),
    ("F-SUM-02", "info", P1_2022, "line:5:1:stated_fen",
     ["展示馆能源费、水电费", "36.86 万元 ≠ 其中各项之和 15.87 + 21.00 = 36.87 万元", "相差 0.01 万元"]),
    _no_basis(P1_2022, "line:6:0:basis", "2022年申请资金", "180.00"),
    _no_basis(P1_2022, "line:7:0:basis", "G60科创走廊建设专责小组全体会议（G60科创走廊年度联席会议）", "60.00"),
    _no_basis(P1_2022, "line:7:1:basis", "进博会场地租赁费", "135.00"),
    _no_basis(P1_2022, "line:7:2:basis", "进博会配套活动经费", "80.00"),
    _no_basis(P1_2022, "line:7:3:basis", "产业链合作大会", "30.00"),
    _no_basis(P1_2022, "line:7:4:basis", "产学研用相关活动", "45.00"),
    ("F-FUND-05", "info", P1_2022, "project_total_fen",
     ["“七、展示馆运维”写有", "跨年项目，合计约360万元", "项目资金总额 10580000 元"]),
    ("F-CONS-05", "warning", P1_2022, "annual_goal",
     ["与“宣传与推广”", "完全相同", "做好线上长三角G60科创走廊展馆线上宣传推广"]),
    ("F-IND-07", "info", P1_2022, "indicator:1:value", ["15000人同时上线", "“完成”", "数量指标"]),
    ("F-IND-07", "info", P1_2022, "indicator:6:value", ["政策落实推进会", "“完成”", "数量指标"]),
    ("F-IND-07", "info", P1_2022, "indicator:16:value", ["控制在预算范围内", "“完成”", "成本指标"]),
    _no_basis(P2_2022, "line:1:0:basis", "展馆线上宣传推广费用", "20.00"),
    _no_basis(P2_2022, "line:1:1:basis", "宣传资料、手册设计与制作费用", "20.00"),
    _no_basis(P2_2022, "line:1:2:basis", "微信公众号、官方网站运营费用", "15.00"),
    ("F-REQ-01", "error", P2_2022, "supervising_dept", ["主管部门未填写"]),
    ("F-SUM-01", "error", P2_2022, "annual_request_fen",
     ["六、年度预算安排合计 85.00 万元", "一、九城巡礼 30.00 + 二、展馆线上宣传推广 55.00",
      "≠ 年度资金申请总额 70.00 万元（700000 元）", "相差 15.00 万元"]),
    ("F-CONS-05", "warning", P2_2022, "annual_goal", ["与“G60 科创走廊建设”", "完全相同"]),
    ("F-IND-09", "info", P2_2022, "indicators", ["没有成本指标", "≤70.00万元"]),
    ("F-IND-07", "info", P2_2022, "indicator:0:value", ["微信公众号", "“完成”", "数量指标"]),
]

EXPECTED_2026 = [
    ("F-CONS-01", "warning", "金融赋能", "supervising_dept",
     ["主管部门写作“上海市松江区长三角G60科创走廊创新中心”", "其他 10 处及部门名称",
      "“上海市松江区长三角G60科创走廊创新研究中心”"]),
    ("F-CONS-01", "warning", "金融赋能", "implementing_unit", ["实施单位写作“上海市松江区长三角G60科创走廊创新中心”"]),
    ("F-ZERO-01", "info", "金融赋能", "other_fen", ["其他资金（左栏）空白", "填了 0"]),
    ("F-COST-01", "error", "金融赋能", "indicator:0:value",
     [("成本指标上限合计 20.00（第1行）+ 30.00（第2行）+ 2.50 万元/次（第3行单价）× 12 次（第5行数量）"
       "+ 10.00（第4行）= 90.00 万元"), "> 年度资金申请总额 78.00 万元（780,000.00 元）", "超出 12.00 万元"]),
    ("F-ZERO-01", "info", "产业创新", "other_fen", ["其他资金（左栏）空白"]),
    ("F-DATE-03", "warning", "建设方案成效阶段性评估", "section:period",
     ["2025 年 9 月-2026 年 6 月", "开始 2025年9月 ≠ 计划开始日期 2026-01-01",
      "结束 2026年6月 ≠ 计划完成日期 2026-12-31"]),
    ("F-ZERO-01", "info", "建设方案成效阶段性评估", "other_fen", ["其他资金（左栏）空白"]),
    ("F-COST-02", "info", "建设方案成效阶段性评估", "indicator:0:value",
     ["20.96（第1行）+ 3.00（第2行）= 23.96 万元 < 年度资金申请总额 23.965 万元", "相差 0.005 万元", "舍入"]),
    ("F-ZERO-01", "info", "创新合作", "other_fen", ["其他资金（左栏）空白"]),
    ("F-COST-01", "error", "创新合作", "indicator:0:value",
     ["12.00（第1行）+ 10.00 万元/场（第2行单价）× 3 场（第3行数量）= 42.00 万元 > 年度资金申请总额 40.00 万元",
      "超出 2.00 万元"]),
    ("F-CONS-04", "warning", "创新合作", "indicator:2:name", ["第四届", "第五届", "一、项目概述、四、实施方案"]),
    ("F-ZERO-01", "info", "政策研究", "other_fen", ["其他资金（左栏）空白"]),
    ("F-IND-06", "warning", "政策研究", "indicator:0:value", ["委托业务费", "写成“万”，应为“万元”"]),
    ("F-IND-06", "warning", "政策研究", "indicator:1:value", ["评审劳务费", "写成“万”，应为“万元”"]),
    ("F-CONS-02", "warning", "宣传推广", "section:plan", ["第四节标题印作“五、实施方案”", "与“五、实施周期”重号"]),
    ("F-ZERO-01", "info", "宣传推广", "other_fen", ["其他资金（左栏）空白"]),
]


@pytest.mark.parametrize("year, expected", [("2022", EXPECTED_2022), ("2026", EXPECTED_2026)])
def test_sample_findings_are_exactly_the_documents_inconsistencies(year, expected):
    findings = check_document(sample_document(year))
    assert [(f.rule, f.severity, f.path[-1], f.field) for f in findings] == [e[:4] for e in expected]
    for finding, (*_, words) in zip(findings, expected):
        for word in words:
            assert word in finding.message, (finding.message, word)


def test_2026_paths_name_department_project_and_sub_project():
    finding = check_document(sample_document("2026"))[0]
    assert finding.path == ("上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设", "金融赋能")


@pytest.mark.parametrize("year", ["2022", "2026"])
def test_correct_rounding_in_the_samples_is_never_reported(year):
    messages = " ".join(f.message for f in check_document(sample_document(year)))
    assert "287.97" not in messages and "1,128.00" not in messages  # the overviews are right
    assert "28.2048" not in messages and "15.8652" not in messages  # 1469×16×12 → 28.20, 1469×9×12 → 15.87
    assert "23.965 万元 ≠" not in messages  # 23.965 万元 = 239,650.00 元 exactly


def test_2022_sample_has_errors_and_2026_sample_has_errors_too():
    for year in ("2022", "2026"):
        assert any(f.severity == "error" for f in check_document(sample_document(year)))
