"""The Chinese words the window, the PDF and the messages share: one label per field, one place."""
from __future__ import annotations

import re

FIELD_LABELS: dict[str, str] = {
    "name": "项目名称",
    "nature": "项目性质",
    "category": "项目类别",
    "supervising_dept": "主管部门",
    "implementing_unit": "实施单位",
    "planned_start": "计划开始日期",
    "planned_end": "计划完成日期",
    "project_total_fen": "项目资金总额",
    "fiscal_fen": "其中：财政资金",
    "other_fen": "其他资金",
    "annual_request_fen": "年度资金申请总额",
    "appropriation_fen": "其中：当年财政拨款",
    "carryover_fen": "上年结转资金",
    "annual_other_fen": "其他资金",
    "overall_goal": "项目总目标",
    "annual_goal": "年度总体目标",
    "level1": "一级指标",
    "level2": "二级指标",
    "indicator_name": "三级指标",
    "value": "指标值",
    "label": "名称",
    "basis": "测算依据",
    "formula": "计算公式",
    "stated_fen": "申报金额",
    "remark": "备注",
    "ending": "结尾",
    "budget_units": "预算单位数",
    "overview": "绩效目标设置情况",
}

#: funding fields with the column they sit in, for messages that must say which 其他资金
FUNDING_PLACE: dict[str, str] = {
    "project_total_fen": "项目资金总额",
    "fiscal_fen": "项目资金·财政资金",
    "other_fen": "项目资金·其他资金（左栏）",
    "annual_request_fen": "年度资金申请总额",
    "appropriation_fen": "年度·当年财政拨款",
    "carryover_fen": "年度·上年结转资金",
    "annual_other_fen": "年度·其他资金（右栏）",
}

SECTION_HEADINGS: dict[str, str] = {
    "overview": "一、项目概述",
    "basis": "二、立项依据",
    "implementer": "三、实施主体",
    "plan": "四、实施方案",
    "period": "五、实施周期",
    "budget": "六、年度预算安排",
    "targets": "七、绩效目标",
}

NODE_KIND_LABELS = {"project": "项目", "sub_project": "子项目"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (group numbers of 六、年度预算安排)."""
    if n <= 0:
        return str(n)
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    if n < 100:
        tens, ones = divmod(n, 10)
        return CHINESE_NUMERALS[tens - 1] + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")
    return str(n)


#: An item number typed before a budget group's title or a line's name ("一、", "（一）", "（1）", "1、", "2.",
#: "①"): the form numbers groups and lines itself, by their place.
_TYPED_ITEM_NUMBER = re.compile(
    r"\s*(?:[（(]\s*(?:[一二三四五六七八九十]{1,3}|[0-9]{1,3})\s*[)）][、.．]?"
    r"|(?:[一二三四五六七八九十]{1,3}|[0-9]{1,3})\s*(?:[、．]|\.(?![0-9]))"
    r"|[①-⑳])\s*")


def drop_typed_number(text: str) -> str:
    """A group title or line name without the item number a clerk typed or pasted before it ("一、课题研究" →
    "课题研究", "（1）保洁服务" → "保洁服务"), which the printed form would otherwise show twice ("一、一、课题研究").
    Text that is only a number, or has none ("1.5万吨运输", "十大工程"), stays as it is."""
    match = _TYPED_ITEM_NUMBER.match(text)
    if match is None or match.end() == len(text):
        return text
    return text[match.end():]
