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

EXPECTED_2022 = [
    ("F-CALC-02", "warning", P1_2022, "line:0:1:stated_fen",
     ["“绿化服务”按公式", "0.3276×12 = 3.9312 万元", "填列 3.90 万元", "相差 0.0312 万元", "0.1 万元"]),
    ("F-SUM-02", "info", P1_2022, "line:5:0:stated_fen",
     ["展示馆物业管理、保洁保安费", "66.04 万元 ≠ 其中各项之和 28.20 + 37.83 = 66.03 万元", "相差 0.01 万元"]),
    ("F-CALC-02", "error", P1_2022, "line:5:0.1:stated_fen",
     ["保洁保安费", "3.15万元×12 = 37.80 万元", "填列 37.83 万元", "相差 0.03 万元"]),
    ("F-SUM-02", "info", P1_2022, "line:5:1:stated_fen",
     ["展示馆能源费、水电费", "36.86 万元 ≠ 其中各项之和 15.87 + 21.00 = 36.87 万元", "相差 0.01 万元"]),
    ("F-FUND-05", "info", P1_2022, "project_total_fen",
     ["“七、展示馆运维”写有", "跨年项目，合计约360万元", "项目资金总额 10580000 元"]),
    ("F-CONS-05", "warning", P1_2022, "annual_goal",
     ["与“宣传与推广”", "完全相同", "做好线上长三角G60科创走廊展馆线上宣传推广"]),
    ("F-IND-07", "info", P1_2022, "indicator:1:value", ["15000人同时上线", "“完成”", "数量指标"]),
    ("F-IND-07", "info", P1_2022, "indicator:6:value", ["政策落实推进会", "“完成”", "数量指标"]),
    ("F-IND-07", "info", P1_2022, "indicator:16:value", ["控制在预算范围内", "“完成”", "成本指标"]),
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
     ["20.00 + 30.00 + 2.50 万元/次 × 12 次 + 10.00 = 90.00 万元", "> 年度资金申请总额 78.00 万元", "超出 12.00 万元"]),
    ("F-ZERO-01", "info", "产业创新", "other_fen", ["其他资金（左栏）空白"]),
    ("F-DATE-03", "warning", "建设方案成效阶段性评估", "section:period",
     ["2025 年 9 月-2026 年 6 月", "开始 2025年9月 ≠ 计划开始日期 2026-01-01",
      "结束 2026年6月 ≠ 计划完成日期 2026-12-31"]),
    ("F-ZERO-01", "info", "建设方案成效阶段性评估", "other_fen", ["其他资金（左栏）空白"]),
    ("F-COST-02", "info", "建设方案成效阶段性评估", "indicator:0:value",
     ["20.96 + 3.00 = 23.96 万元 < 年度资金申请总额 23.965 万元", "相差 0.005 万元", "舍入"]),
    ("F-ZERO-01", "info", "创新合作", "other_fen", ["其他资金（左栏）空白"]),
    ("F-COST-01", "error", "创新合作", "indicator:0:value",
     ["12.00 + 10.00 万元/场 × 3 场 = 42.00 万元 > 年度资金申请总额 40.00 万元", "超出 2.00 万元"]),
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
