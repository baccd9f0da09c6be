"""Realistic 申报表 of other regions, entered as a clerk would, for the 审核 tests — not the bundled samples.

Each form is modelled on a public 项目支出绩效目标表 from a 预算公开 document (numbers and wording adapted, structure
kept) and written on the Shanghai 2026 template, correct in every respect as built here; the tests then change one
thing as a clerk or a reviewer would find it. Sources (public pages read for the model, not copied):

- 党校主体班培训: 中共黄石市委党校《项目支出绩效目标批复表（2022年度）·主体班》(czj.huangshi.gov.cn): 项目金额
  164 万元, 其中当年财政资金 132 万元; goal “主体班培训280人次；邀请校外名师、领导授课25人次；情景教学或外训批次
  6批次；开设课程数量220门”, indicators in 人次/次/门/%.
- 办公大楼运行保障: 鄂州市2022年市直部门预算项目支出绩效目标表·滨湖大楼办公大楼运行保障 (desk33.com/d-245426):
  保安服务费 191 万元 / 保洁服务费 99 万元 “依据招标文件”, 水电气、维修维护费 524 万元 “根据三定方案，各项费用据实
  结算”, 合计 814 万元; 日常维修维护 2280 次, 安检巡察 200 次.
- 场馆委托运营费结算: 上海市普陀区体育事业管理中心《财政项目支出绩效自评表（2022年度）》(pdf.chddh.cn):
  年度资金总额 250,000.00 元, goals of the kind “完成与委托运营方的费用结算”.
- 数字城管信息采集服务: 岳阳市城市管理监督指挥中心 2018 绩效自评·数字城管信息采集服务费专项 (yueyang.gov.cn):
  a service bought per collector and month.
- 科普活动: a district 科协's 科普日/科技活动周/青少年科技节 project, written like the numbered items of a
  项目经费情况说明 (“1、…项目实施主体：…（场地搭建、展品运输等预计 N 万元）”).
"""
from __future__ import annotations

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
from g60desk.domain.money import parse_money
from g60desk.domain.summary import derived_overview
from g60desk.domain.values import parse_value

WAN = 1_000_000


def yuan(text: str) -> int:
    return parse_money(text, "yuan")


def funding(total: str, appropriation: str | None = None, carryover: str = "0") -> FundingBlock:
    """A single-year block: left = right; ``appropriation`` defaults to the whole total."""
    appropriation = appropriation or total
    return FundingBlock(project_total_fen=yuan(total), fiscal_fen=yuan(total), other_fen=0,
                        annual_request_fen=yuan(total), appropriation_fen=yuan(appropriation),
                        carryover_fen=yuan(carryover), annual_other_fen=0)


def indicators(rows) -> list[Indicator]:
    return [Indicator(a, b, c, parse_value(d)) for a, b, c, d in rows]


def explanation(texts: dict[str, str], groups: list[BudgetGroup]) -> FundingExplanation:
    out = FundingExplanation()
    for key, text in texts.items():
        out.sections[key] = Section(key, text)
    out.budget_groups = groups
    return out


def line(label: str, basis: str, stated: str, formula: str = "", unit: str = "wan") -> BudgetLine:
    return BudgetLine(label=label, basis=basis, formula=formula, formula_unit=unit,
                      stated_fen=parse_money(stated, "wan"))


def form(unit: str, request: FundingBlock, goal: str, rows) -> DeclarationForm:
    return DeclarationForm(template="上海2026", framework="2021", nature="其他经常性项目", category="其他运转类",
                           supervising_dept=unit, implementing_unit=unit,
                           planned_start=date(2026, 1, 1), planned_end=date(2026, 12, 31), funding=request,
                           annual_goal=goal, indicators=indicators(rows))


def document(unit: str, *nodes: Node) -> Document:
    dept = Department(name=unit, budget_units=1, projects=list(nodes))
    dept.overview = derived_overview(dept, 2026)
    return Document(budget_year=2026, template="上海2026", departments=[dept])


PERIOD = "2026年1月—2026年12月"
TARGETS = "见财政项目支出绩效目标申报表。"

# ---- 党校主体班培训 ------------------------------------------------------------------------------------------

SCHOOL = "中共某市委党校"


def party_school_training() -> Document:
    """164 万元, of which 32 万元 carried over from last year and named in the budget text; a 项目总成本 row with
    its parts (人均培训成本 × 培训人次 + 师资费); every count of the goal measured by an indicator."""
    rows = [
        ("成本指标", "经济成本指标", "项目总成本", "≤164(万元)"),
        ("成本指标", "经济成本指标", "人均培训成本", "≤0.5(万元/人次)"),
        ("成本指标", "经济成本指标", "师资费", "≤24(万元)"),
        ("产出指标", "数量指标", "主体班培训人次", "≥280(人次)"),
        ("产出指标", "数量指标", "邀请校外名师、领导授课人次", "≥25(人次)"),
        ("产出指标", "数量指标", "情景教学或外训批次", "≥6(批次)"),
        ("产出指标", "数量指标", "开设课程数量", "≥220(门)"),
        ("产出指标", "质量指标", "培训完成率", "=100%"),
        ("产出指标", "时效指标", "2026年12月31日前完成全部班次", "完成"),
        ("效益指标", "社会效益指标", "干部理论素养和履职能力", "提升"),
        ("满意度指标", "服务对象满意度指标", "培训学员对培训效果满意度", "≥95%"),
    ]
    goal = ("主体班培训280人次；邀请校外名师、领导授课25人次；情景教学或外训6批次；开设课程220门；"
            "学员对培训效果满意度不低于95%。")
    texts = {
        "overview": ("“主体班培训”项目主要实施内容为举办县处级干部进修班、中青年干部培训班等主体班次，"
                     "开展理论教育和党性教育。"),
        "basis": "《干部教育培训工作条例》、《全国干部教育培训规划》。",
        "implementer": SCHOOL + "。",
        "plan": "1、按年度教学计划举办主体班次；\n2、邀请校外名师、领导授课；\n3、组织情景教学和外训。",
        "period": PERIOD, "budget": "", "targets": TARGETS,
    }
    groups = [BudgetGroup(title="培训费", text="本项目使用上年结转资金32万元，用于情景教学及外训。", lines=[
        line("学员食宿费", "280人次×5天×300元/人天", "42万元", "280*5*300", "yuan"),
        line("师资费", "25人次，按9600元/人次", "24万元", "25*9600", "yuan"),
        line("教材资料费", "280人次×200元", "5.6万元", "280*200", "yuan"),
        line("情景教学及外训费", "6批次×10万元/批次", "60万元", "6*10"),
        line("场地及教学设施运维费", "按上年实际执行数32.4万元", "32.4万元"),
    ])]
    node = Node(name="主体班培训", form=form(SCHOOL, funding("1640000.00", "1320000.00", "320000.00"), goal, rows),
                explanation=explanation(texts, groups))
    return document(SCHOOL, node)


# ---- 办公大楼运行保障 ------------------------------------------------------------------------------------------

AFFAIRS = "某市机关事务服务中心"


def office_building() -> Document:
    """814 万元 in three lines, each with its basis (“依据招标文件”); cost indicators written “=” without any
    ceiling words (planned amounts) that add up to the request."""
    rows = [
        ("成本指标", "经济成本指标", "保安服务费", "=191(万元)"),
        ("成本指标", "经济成本指标", "保洁服务费", "=99(万元)"),
        ("成本指标", "经济成本指标", "水电气、维修维护费", "=524(万元)"),
        ("产出指标", "数量指标", "办公大楼日常维修维护次数", "≥2280(次)"),
        ("产出指标", "数量指标", "大楼安检巡查次数", "≥200(次)"),
        ("产出指标", "质量指标", "重要设备维修维保验收合格率", "≥95%"),
        ("产出指标", "时效指标", "维修响应及时性", "及时"),
        ("效益指标", "社会效益指标", "机关办公环境", "改善"),
        ("满意度指标", "服务对象满意度指标", "办公大楼服务对象满意度", "≥90%"),
    ]
    goal = ("保障办公大楼安全、整洁、正常运转：全年日常维修维护不少于2280次，安检巡查不少于200次，"
            "重要设备维修维保验收合格率不低于95%，服务对象满意度不低于90%。")
    texts = {
        "overview": "“办公大楼运行保障”项目主要实施内容为办公大楼的安保、保洁、水电气供应和日常维修维护。",
        "basis": "市机关事务服务中心“三定”方案。",
        "implementer": AFFAIRS + "。",
        "plan": "通过公开招标确定安保、保洁服务单位，水电气及维修维护费用据实结算。",
        "period": PERIOD, "budget": "", "targets": TARGETS,
    }
    groups = [
        BudgetGroup(title="物业服务", lines=[
            line("保安服务费", "依据招标文件（保安服务合同）", "191万元"),
            line("保洁服务费", "依据招标文件（保洁服务合同）", "99万元"),
        ]),
        BudgetGroup(title="运行维护", lines=[
            line("水电气、维修维护费", "根据三定方案，各项费用据实结算（上年实际执行504.55万元）", "524万元"),
        ]),
    ]
    node = Node(name="办公大楼运行保障", form=form(AFFAIRS, funding("8140000.00"), goal, rows),
                explanation=explanation(texts, groups))
    return document(AFFAIRS, node)


# ---- 场馆委托运营费结算 ----------------------------------------------------------------------------------------

SPORTS = "某区体育事业管理中心"


def venue_operation() -> Document:
    """250,000.00 元 for the year's fee of a venue run by a contractor; a goal written as results."""
    rows = [
        ("成本指标", "经济成本指标", "委托运营管理费", "≤25(万元)"),
        ("产出指标", "数量指标", "与委托运营方结算完成率", "=100%"),
        ("产出指标", "质量指标", "合同结算条款完成率", "=100%"),
        ("产出指标", "时效指标", "费用结算及时性", "及时"),
        ("效益指标", "社会效益指标", "场馆全年开放天数", "≥300(天)"),
        ("满意度指标", "服务对象满意度指标", "场馆开放满意度", "≥90%"),
    ]
    goal = "完成与委托运营方的年度合同结算，场馆全年开放不少于300天，场馆开放满意度不低于90%。"
    texts = {
        "overview": "“场馆委托运营费结算”项目主要实施内容为按委托运营合同与运营方结算年度服务费。",
        "basis": "《某区体育中心委托运营合同》。",
        "implementer": SPORTS + "。",
        "plan": "按合同约定的考核结果结算委托运营管理费。",
        "period": PERIOD, "budget": "", "targets": TARGETS,
    }
    groups = [BudgetGroup(title="委托运营费", lines=[
        line("委托运营管理费", "按委托运营合同约定的年度服务费", "25万元")])]
    node = Node(name="场馆委托运营费结算", form=form(SPORTS, funding("250000.00"), goal, rows),
                explanation=explanation(texts, groups))
    return document(SPORTS, node)


# ---- 数字城管信息采集服务 -------------------------------------------------------------------------------------

CITY = "某市城市管理监督指挥中心"


def city_information_collection() -> Document:
    """129.6 万元 for 24 collectors: a budget line whose formula is a unit price × quantity written with its units
    (“0.45万元/人/月*24人*12月”), and a 总成本 row with 人均成本 × 人数 under it."""
    rows = [
        ("成本指标", "经济成本指标", "信息采集服务总成本", "≤129.6(万元)"),
        ("成本指标", "经济成本指标", "人均采集成本", "≤5.4(万元/人)"),
        ("产出指标", "数量指标", "信息采集员人数", "≥24(人)"),
        ("产出指标", "数量指标", "采集上报问题数量", "≥30000(件)"),
        ("产出指标", "质量指标", "问题立案准确率", "≥95%"),
        ("产出指标", "时效指标", "问题按时结案率", "≥90%"),
        ("效益指标", "社会效益指标", "城市管理问题发现处置能力", "提升"),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥85%"),
    ]
    goal = ("委托第三方采集城市管理问题信息，全年采集上报问题不少于30000件，问题立案准确率不低于95%，"
            "按时结案率不低于90%。")
    texts = {
        "overview": "“数字城管信息采集服务”项目主要实施内容为购买城市管理问题信息采集服务。",
        "basis": "《数字化城市管理信息系统》相关标准。",
        "implementer": CITY + "。",
        "plan": "通过政府采购确定信息采集服务单位，按月考核、按季支付。",
        "period": PERIOD, "budget": "", "targets": TARGETS,
    }
    groups = [BudgetGroup(title="信息采集服务费", lines=[
        line("信息采集员劳务费", "24名信息采集员，每人每月4500元", "129.6万元", "0.45万元/人/月*24人*12月")])]
    node = Node(name="数字城管信息采集服务", form=form(CITY, funding("1296000.00"), goal, rows),
                explanation=explanation(texts, groups))
    return document(CITY, node)


# ---- 科普活动 --------------------------------------------------------------------------------------------------

SCIENCE = "某区科学技术协会"


def science_outreach() -> Document:
    """60 万元 in four lines; the explanation's prose ties 60 万元 to the numbered item 科普活动 (its group's total)
    and 35 万元 to 青少年科技节 (the two lines named after it)."""
    rows = [
        ("成本指标", "经济成本指标", "科普活动费用", "≤60(万元)"),
        ("产出指标", "数量指标", "科普活动场次", "≥12(场)"),
        ("产出指标", "质量指标", "活动内容科学性", "通过"),
        ("产出指标", "时效指标", "2026年11月底前完成全部活动", "完成"),
        ("效益指标", "社会效益指标", "公众科学素质", "提升"),
        ("满意度指标", "服务对象满意度指标", "参与公众满意度", "≥90%"),
    ]
    goal = "全年举办科普活动不少于12场，受众不少于5万人次，提升公众科学素质。"
    texts = {
        "overview": "1、科普活动项目：组织全国科普日、科技活动周、青少年科技节等群众性科普活动。",
        "basis": "1、科普活动项目：根据《全民科学素质行动规划纲要》和年度工作计划，全年合计 60 万元。",
        "implementer": ("1、科普活动项目实施主体：科普部。主要职能是组织全国科普日、科技活动周、青少年科技节"
                        "（场地搭建、展品运输等预计 35 万元）等活动。"),
        "plan": "区财政安排 60 万元，按活动计划分批实施。",
        "period": PERIOD, "budget": "", "targets": TARGETS,
    }
    groups = [BudgetGroup(title="科普活动", lines=[
        line("青少年科技节场地搭建费", "2个展区×12.5万元", "25万元", "2*12.5"),
        line("青少年科技节展品运输费", "按运输合同约定", "10万元"),
        line("全国科普日活动费", "3场×5万元", "15万元", "3*5"),
        line("科技活动周宣传费", "宣传品2万份×5元", "10万元", "20000*5", "yuan"),
    ])]
    node = Node(name="科普活动", form=form(SCIENCE, funding("600000.00"), goal, rows),
                explanation=explanation(texts, groups))
    return document(SCIENCE, node)


ALL_FORMS = {
    "党校主体班培训": party_school_training,
    "办公大楼运行保障": office_building,
    "场馆委托运营费结算": venue_operation,
    "数字城管信息采集服务": city_information_collection,
    "科普活动": science_outreach,
}


def first_node(doc: Document) -> Node:
    return doc.departments[0].projects[0]
