"""A generator of large, realistic declaration documents (domain objects), for benchmarks and load tests.

The default document is what a finance bureau's merged file of a big district looks like: 40 departments
of 25 declared sub-projects each (1,000 forms), 20 budget lines (20,000) and 15 indicators (15,000) per
form, worded like the seeds, with a few genuine mistakes sprinkled in so the checks have work to report.
Deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date

from g60desk.domain.model import (
    BudgetGroup,
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    FundingBlock,
    FundingExplanation,
    Indicator,
    Node,
    Section,
)
from g60desk.domain.money import format_wan
from g60desk.domain.values import IndicatorValue

TOPICS = ("金融赋能", "产业创新", "政策研究", "宣传推广", "创新合作", "人才服务", "园区建设", "数字治理",
          "科技成果转化", "知识产权", "标准化建设", "国际交流", "营商环境", "品牌活动", "专家评审")
ITEMS = ("保洁服务", "绿化服务", "水电费", "电信费", "邮寄费", "物料采购", "档案用品", "公务接待", "租车费用",
         "差旅费", "复印纸和硒鼓", "专家咨询费", "会议场地租赁", "宣传资料印制", "委托业务费", "评审劳务费",
         "平台运维费", "数据采购费", "培训费", "课题研究费")
QUALITY = ("活动内容与主题匹配度", "研究成果验收通过情况", "宣传内容与品牌主题匹配度")
BENEFIT = ("促进金融要素与企业精准对接", "强化区域联动发展", "健全区域政策协同机制", "助力企业发展")
VERBS = ("深化", "推进", "举办", "编制", "开展", "完善", "拓展", "服务")


@dataclass(frozen=True)
class Size:
    departments: int = 40
    projects_per_department: int = 5
    subprojects_per_project: int = 5
    groups_per_form: int = 4
    lines_per_group: int = 5
    indicators_per_form: int = 15

    @property
    def forms(self) -> int:
        return self.departments * self.projects_per_department * self.subprojects_per_project


def _wan(rng: random.Random, low: int, high: int) -> int:
    """A 万元 amount with up to 4 decimals, in 分."""
    return rng.randint(low * 100, high * 100) * 100


def _line(rng: random.Random, serial: int) -> BudgetLine:
    label = f"{rng.choice(ITEMS)}{serial}"
    kind = rng.random()
    if kind < 0.45:  # monthly amount × 12, in 万元
        monthly = rng.randint(1000, 30000)  # 元
        formula = f"{monthly / 10000:g}*12"
        fen = monthly * 100 * 12
        return BudgetLine(label=label, basis=f"每月{monthly}元", formula=formula, formula_unit="wan", stated_fen=fen)
    if kind < 0.6:  # area × price × months, in 元
        area, price = rng.randint(300, 3000), rng.randint(5, 30)
        fen = area * price * 12 * 100
        return BudgetLine(label=label, basis=f"面积{area}平，按{price}元/平/月", formula=f"{area}*{price}*12",
                          formula_unit="yuan", stated_fen=(fen + 5000) // 10000 * 10000)
    return BudgetLine(label=label, basis="全年预计", stated_fen=_wan(rng, 1, 40))


def _explanation(rng: random.Random, name: str, size: Size) -> FundingExplanation:
    explanation = FundingExplanation()
    verb = rng.choice(VERBS)
    texts = {
        "overview": f"“{name}”项目主要实施内容为{verb}{name}相关工作，常态化、项目化、精细化开展对接活动。",
        "basis": "《长江三角洲区域一体化发展规划纲要》、《长三角 G60 科创走廊建设方案》。",
        "implementer": "上海市松江区某某单位。",
        "plan": f"1、{verb}{name}工作；\n2、组织专家评审；\n3、形成成果报告并公开发布。",
        "period": rng.choice(("2026年1月—2026年12月", "2026 年 1 月-2026 年 12 月", "2026年1月1日至2026年12月31日")),
        "budget": "",
        "targets": "见财政项目支出绩效目标申报表。",
    }
    for key, text in texts.items():
        explanation.sections[key] = Section(key=key, text=text)
    serial = 0
    for _g in range(size.groups_per_form):
        lines = []
        for _ in range(size.lines_per_group):
            serial += 1
            lines.append(_line(rng, serial))
        # one line in ten gets two sub-lines that add up to it
        if rng.random() < 0.4:
            first = lines[0]
            half = first.stated_fen // 2 // 10000 * 10000
            first.children = [BudgetLine(label="其中甲", basis="按合同首期付款", stated_fen=half),
                              BudgetLine(label="其中乙", basis="按合同尾款", stated_fen=first.stated_fen - half)]
            first.formula, first.basis = "", ""
        explanation.budget_groups.append(BudgetGroup(title=f"{rng.choice(ITEMS)}类支出", lines=lines))
    return explanation


def _indicators(rng: random.Random, request: int, size: Size) -> list[Indicator]:
    rows: list[Indicator] = []
    times = rng.randint(3, 12)
    unit_cost = rng.randint(1, 5) * 10000  # 0.01 万元 steps, in 分 per 次 → keep small
    unit_total = unit_cost * times
    fixed = max(request - unit_total, 0)
    first = fixed // 2 // 10000 * 10000
    rows.append(Indicator("成本指标", "经济成本指标", "委托业务费", IndicatorValue("≤", _num(first), "万元")))
    rows.append(Indicator("成本指标", "经济成本指标", "专家评审费", IndicatorValue("≤", _num(fixed - first), "万元")))
    rows.append(Indicator("成本指标", "经济成本指标", "举办活动成本", IndicatorValue("≤", _num(unit_cost), "万元/次")))
    rows.append(Indicator("产出指标", "数量指标", "举办活动次数", IndicatorValue("≥", str(times), "次")))
    rows.append(Indicator("产出指标", "数量指标", "研究报告数量", IndicatorValue("≥", str(rng.randint(1, 5)), "个")))
    rows.append(Indicator("产出指标", "时效指标", "2026年12月31日前完成", IndicatorValue(text="完成")))
    while len(rows) < size.indicators_per_form - 2:
        rows.append(Indicator("产出指标", "质量指标", f"{rng.choice(QUALITY)}{len(rows)}", IndicatorValue(text="匹配")))
    rows.append(Indicator("效益指标", "社会效益指标", rng.choice(BENEFIT), IndicatorValue(text="促进")))
    rows.append(Indicator("满意度指标", "服务对象满意度指标", "单位满意度",
                          IndicatorValue("≥", str(rng.choice((85, 90, 95))), "%")))
    return rows


def _num(fen: int) -> str:
    whole, part = divmod(fen, 1_000_000)
    text = f"{whole}.{part:06d}".rstrip("0").rstrip(".")
    return text or "0"


def _form(rng: random.Random, dept_name: str, name: str, request: int, serial: int, size: Size) -> DeclarationForm:
    funding = FundingBlock(project_total_fen=request, fiscal_fen=request, other_fen=0, annual_request_fen=request,
                           appropriation_fen=request, carryover_fen=0, annual_other_fen=0)
    indicators = _indicators(rng, request, size)
    times, reports = indicators[3].value.number, indicators[4].value.number
    # every count the goal promises is measured by an indicator (F-GOAL-02), as a careful clerk writes it
    goal = (f"{serial}. 围绕{name}，{rng.choice(VERBS)}第{serial}号任务的各项工作，全年举办对接活动{times}次，"
            f"形成研究报告{reports}个。为{dept_name}第{serial}项重点工作提供支撑，服务企业满意度不低于90%。")
    return DeclarationForm(template="上海2026", framework="2021", nature="其他经常性项目", category="其他运转类",
                           supervising_dept=dept_name, implementing_unit=dept_name,
                           planned_start=date(2026, 1, 1), planned_end=date(2026, 12, 31), funding=funding,
                           annual_goal=goal, indicators=indicators)


def _sprinkle_mistakes(rng: random.Random, node: Node) -> None:
    """About one form in twenty gets a real mistake of the kinds the seeds have."""
    roll = rng.random()
    if roll < 0.02:
        node.form.funding.annual_request_fen += 150_000_000  # 150 万元 more than the lines
    elif roll < 0.035:
        line = node.explanation.budget_groups[0].lines[-1]
        line.stated_fen = (line.stated_fen or 0) + 300_000
    elif roll < 0.05:
        node.form.supervising_dept = node.form.supervising_dept.replace("中心", "研究中心", 1) + "x"


def build_document(size: Size = Size(), seed: int = 2026) -> Document:
    rng = random.Random(seed)
    doc = Document(budget_year=2026, template="上海2026")
    serial = 0
    for d in range(size.departments):
        dept_name = f"上海市松江区第{d + 1}科创服务中心"
        dept = Department(name=dept_name, budget_units=1)
        total = 0
        for p in range(size.projects_per_department):
            project = Node(name=f"{rng.choice(TOPICS)}工程{p + 1}", kind="project")
            for _s in range(size.subprojects_per_project):
                serial += 1
                name = f"{rng.choice(TOPICS)}{serial}"
                explanation = _explanation(rng, name, size)
                sub = Node(name=name, kind="sub_project", explanation=explanation)
                probe = NodeProbe(explanation)
                sub.form = _form(rng, dept_name, name, probe.total(), serial, size)
                _sprinkle_mistakes(rng, sub)
                total += sub.form.funding.annual_request_fen
                project.children.append(sub)
            dept.projects.append(project)
        forms = size.projects_per_department * size.subprojects_per_project
        wan_total = format_wan(total, grouping=True)
        dept.overview = (f"按照本市预算绩效管理工作的总体要求，本部门 1 个预算单位开展了 2026 年"
                         f"项目预算绩效目标编报工作，编报绩效目标的项目 {forms} 个，"
                         f"涉及项目预算资金 {wan_total} 万元。")
        doc.departments.append(dept)
    return doc


def forms_size(forms: int) -> Size:
    """A document of ``forms`` declared forms (25 per department, as the default)."""
    return Size(departments=max(1, forms // 25))


def widen_budget(node: Node, lines: int = 40, seed: int = 40) -> None:
    """Give a declared node a larger 六、年度预算安排 (four groups of ``lines`` / 4 lines, no sub-lines) and a
    funding block that matches it: the node the edit benchmarks type into."""
    rng = random.Random(seed)
    explanation, form = node.explanation, node.form
    assert explanation is not None and form is not None
    groups = []
    for g in range(4):
        rows = [_line(rng, g * 100 + i + 1) for i in range(lines // 4)]
        groups.append(BudgetGroup(title=f"{ITEMS[g]}类支出", lines=rows))
    explanation.budget_groups = groups
    total = NodeProbe(explanation).total()
    funding = form.funding
    funding.project_total_fen = funding.fiscal_fen = funding.annual_request_fen = funding.appropriation_fen = total


def middle_node(doc: Document) -> Node:
    """The declared node in the middle of the document (its department's rules see a typical department)."""
    nodes = [node for _, node in doc.iter_nodes() if node.declared]
    return nodes[len(nodes) // 2]


def bureau_document(departments: int = 500, forms_per_department: int = 2, seed: int = 2026) -> Document:
    """A finance bureau's merged file: ``departments`` departments as 导入 brought them in, each with the import
    record (its 校验码 and where it came from) that merge writes, so 汇总 checks every department's 校验码."""
    from g60desk.domain.model import HistoryEntry
    from g60desk.exchange.merge import department_digest

    doc = build_document(Size(departments=departments, projects_per_department=forms_per_department,
                              subprojects_per_project=1), seed=seed)
    for dept in doc.departments:
        detail = {"department": dept.name, "file": f"{dept.name}.g60", "file_digest": "", "template": doc.template,
                  "submitted": "2025-11-20T10:00:00", "submitted_from": "", "file_time": "2025-11-20T10:00:00",
                  "errors": 0, "warnings": 0}
        doc.history.append(HistoryEntry(time="2025-11-21T09:00:00", kind="import",
                                        digest=department_digest(doc, dept),
                                        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))
    return doc


class NodeProbe:
    """The budget total of an explanation, summed the way the checks sum it (stated amounts)."""

    def __init__(self, explanation: FundingExplanation):
        self.explanation = explanation

    def total(self) -> int:
        return sum(line.stated_fen or 0 for group in self.explanation.budget_groups for line in group.lines)


def main() -> None:
    from g60desk.domain.summary import summarize
    doc = build_document()
    s = summarize(doc)
    print(f"departments {len(s)}, forms {sum(x.declared_forms for x in s)}, "
          f"budget lines {sum(x.budget_lines for x in s)}, indicators {sum(x.indicators for x in s)}")


if __name__ == "__main__":
    main()
