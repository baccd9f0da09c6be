"""Department rules — across the nodes of one department: the overview's figures, sums up the tree,
names spelled the same way, goals not copied between projects, unique names."""
from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from ...domain.model import DeclarationForm, Node
from ...domain.money import format_wan, parse_money, round_fen_to_wan_step
from ...domain.summary import derived_overview, requested_fen
from ...domain.textnorm import ParseError, normalize
from .. import evidence
from ..amounts import wan, wan_unit, within_step, yuan
from ..context import DepartmentContext, compact
from ..findings import Finding, Operand, rule
from .consistency import ordinal_value

# ---- overview: 绩效目标设置情况 -------------------------------------------------------------------------

_FORMS = re.compile(r"编报绩效目标的项目([0-9]+)个")
_MONEY = re.compile(r"涉及项目预算资金([0-9][0-9,]*(?:\.([0-9]+))?)万元")
_UNITS = re.compile(r"本部门([0-9]+)个预算单位")
_YEAR = re.compile(r"开展了([0-9]{4})年")
_SUBS = re.compile(r"(?:“([^”]{1,60})”)?项目?包含([一二三四五六七八九十两0-9]{1,4})个(?:二级项目|子项目)")


def _overview(ctx: DepartmentContext) -> str:
    """The overview paragraph normalised and without spaces (worked out once per department)."""
    if ctx.overview_text is None:
        ctx.overview_text = re.sub(r"\s+", "", normalize(ctx.dept.overview or ""))
    return ctx.overview_text


def _form(node: Node) -> DeclarationForm:
    """The form of a node of ``ctx.declared`` (each has one)."""
    assert node.form is not None
    return node.form


def _overview_cell(ctx: DepartmentContext, words: str | None = None) -> Operand:
    """The overview paragraph (or the words of it a rule read)."""
    return evidence.text("overview", words if words is not None else ctx.dept.overview, ctx.path)


def _declared_total(ctx: DepartmentContext) -> int:
    """The department's 年度资金申请总额 as domain.summary counts it (blank as 0; a declared 项目 stands for its
    declared 子项目)."""
    return requested_fen(ctx.dept) or 0


@rule("F-SUM-06", "sums", "error", "绩效目标设置情况中的项目数与申报表数不符", scope="department")
def overview_counts(ctx: DepartmentContext) -> list[Finding]:
    """绩效目标设置情况写的“编报绩效目标的项目 N 个”= 本部门申报表张数；“包含 N 个二级项目”= 该项目
    （或本部门）的子项目数。没写这句话的不查；整段空白为提示。"""
    results: list[Finding] = []
    text = _overview(ctx)
    if not text:
        derived = derived_overview(ctx.dept, ctx.doc.budget_year)
        results.append(ctx.finding("F-SUM-06", ctx.path, "overview",
                                   f"绩效目标设置情况未填写；按数据应为：{derived}",
                                   (), "info", evidence=(_overview_cell(ctx),), fix=derived))
        return results
    forms = len(ctx.declared)
    match = _FORMS.search(text)
    if match and int(match.group(1)) != forms:
        results.append(ctx.finding("F-SUM-06", ctx.path, "overview",
                                   f"绩效目标设置情况写“编报绩效目标的项目 {match.group(1)} 个”，但本部门有 "
                                   f"{forms} 张申报表。", (int(match.group(1)), forms),
                                   evidence=(_overview_cell(ctx, match.group(0)),
                                             Operand(None, f"{forms} 张申报表", ctx.path)),
                                   fix=f"改为“编报绩效目标的项目 {forms} 个”。"))
    match = _SUBS.search(text)
    if match:
        written = ordinal_value(match.group(2))
        project = next((n for p, n in ctx.nodes if len(p) == 2 and match.group(1)
                        and compact(n.name) == compact(match.group(1))), None)
        actual = (len(project.children) if project is not None
                  else sum(1 for _, n in ctx.nodes if n.kind == "sub_project"))
        if written is not None and written != actual:
            where = f"“{project.name}”" if project is not None else "本部门"
            results.append(ctx.finding("F-SUM-06", ctx.path, "overview",
                                       f"绩效目标设置情况写“包含{match.group(2)}个二级项目”，"
                                       f"但{where}有 {actual} 个子项目。",
                                       (written, actual),
                                       evidence=(_overview_cell(ctx, match.group(0)),
                                                 Operand(None, f"{actual} 个子项目", ctx.path))))
    return results


@rule("F-SUM-07", "sums", "error", "绩效目标设置情况中的资金与申报表合计不符", scope="department")
def overview_money(ctx: DepartmentContext) -> list[Finding]:
    """“涉及项目预算资金 X 万元”应等于各申报表年度资金申请总额之和按写出的小数位四舍五入（ROUND_HALF_UP）的
    结果：2,879,650 元写 287.97 万元无误。不等但相差不超过 0.01 万元为提示（舍入方向不对，如写 287.96），
    超过为错误。"""
    results: list[Finding] = []
    match = _MONEY.search(_overview(ctx))
    if not match:
        return results
    try:
        stated = parse_money(match.group(1), "wan")
    except ParseError:
        return results
    places = min(len(match.group(2) or ""), 6)
    total = _declared_total(ctx)
    expected = round_fen_to_wan_step(total, places)
    if stated == expected or stated is None:
        return results
    diff = stated - total
    rounding = f"，四舍五入到 {places} 位小数应为 {wan(expected)} 万元" if expected != total else ""
    results.append(ctx.finding(
        "F-SUM-07", ctx.path, "overview",
        f"绩效目标设置情况写“涉及项目预算资金 {match.group(1)} 万元”，而各申报表年度资金申请总额合计 "
        f"{wan_unit(total)}（{yuan(total)}）{rounding}；相差 {wan_unit(abs(diff))}。",
        (stated, total), "info" if within_step(diff) else "error",
        evidence=(_overview_cell(ctx, match.group(0)),)
        + tuple(evidence.funding(_form(node), "annual_request_fen", path) for path, node in ctx.declared[:12]),
        fix=f"改为“涉及项目预算资金 {format_wan(expected, places, grouping=True)} 万元”。"))
    return results


@rule("F-SUM-08", "sums", "error", "绩效目标设置情况中的预算单位数或年度不符", scope="department")
def overview_units_and_year(ctx: DepartmentContext) -> list[Finding]:
    """“本部门 N 个预算单位”= 部门的预算单位数；“开展了 YYYY 年……编报工作”= 文件的预算年度。"""
    results: list[Finding] = []
    text = _overview(ctx)
    match = _UNITS.search(text)
    if match and int(match.group(1)) != ctx.dept.budget_units:
        results.append(ctx.finding("F-SUM-08", ctx.path, "overview",
                                   f"绩效目标设置情况写“本部门 {match.group(1)} 个预算单位”，但预算单位数填的是 "
                                   f"{ctx.dept.budget_units}。", (int(match.group(1)), ctx.dept.budget_units),
                                   evidence=(_overview_cell(ctx, match.group(0)),
                                             Operand("budget_units", str(ctx.dept.budget_units), ctx.path))))
    match = _YEAR.search(text)
    if match and int(match.group(1)) != ctx.doc.budget_year:
        results.append(ctx.finding("F-SUM-08", ctx.path, "overview",
                                   f"绩效目标设置情况写“{match.group(1)} 年”，但本文件是 {ctx.doc.budget_year} 年度。",
                                   (int(match.group(1)), ctx.doc.budget_year),
                                   evidence=(_overview_cell(ctx, match.group(0)),),
                                   fix=f"改为“开展了 {ctx.doc.budget_year} 年”。"))
    return results


# ---- sums up the tree ------------------------------------------------------------------------------

@rule("F-SUM-05", "sums", "error", "项目的年度资金申请总额应等于其子项目之和", scope="department")
def parent_equals_children(ctx: DepartmentContext) -> list[Finding]:
    """项目和它的子项目都有申报表时：项目的年度资金申请总额 = 各有申报表的子项目的年度资金申请总额之和
    （精确到分；相差不超过 0.01 万元为提示）。"""
    results: list[Finding] = []
    for path, node in ctx.declared:
        children = [c for c in node.children if c.form is not None]
        request = _form(node).funding.annual_request_fen
        if not children or request is None:
            continue
        amounts = [_form(c).funding.annual_request_fen or 0 for c in children]
        diff = request - sum(amounts)
        if diff:
            parts = " + ".join(wan(a) for a in amounts) if len(amounts) <= 12 else f"{len(amounts)} 个子项目之和"
            results.append(ctx.finding("F-SUM-05", path, "annual_request_fen",
                                       f"年度资金申请总额 {wan_unit(request)} ≠ 子项目合计 {parts} = "
                                       f"{wan_unit(sum(amounts))}，"
                                       f"相差 {wan_unit(abs(diff))}。", (request, tuple(amounts)),
                                       "info" if within_step(diff) else "error",
                                       evidence=(evidence.funding(_form(node), "annual_request_fen", path),)
                                       + tuple(evidence.funding(_form(c), "annual_request_fen", path + (c.name,))
                                               for c in children[:12])))
    return results


# ---- names -----------------------------------------------------------------------------------------

@rule("F-REQ-04", "consistency", "error", "名称重复", scope="department")
def unique_names(ctx: DepartmentContext) -> list[Finding]:
    """同一部门下同一层级的项目（子项目）名称不能相同，文件中的部门名称不能相同：否则无法区分、无法定位。"""
    results: list[Finding] = []
    if sum(1 for d in ctx.doc.departments if d.name == ctx.dept.name) > 1:
        results.append(ctx.finding("F-REQ-04", ctx.path, "name", f"文件中有多个部门都叫“{ctx.dept.name}”。", (),
                                   evidence=(Operand("name", ctx.dept.name, ctx.path),),
                                   fix="给部门改一个能区分的名称。"))
    parents = [(ctx.path, ctx.dept.projects)] + [(path, node.children) for path, node in ctx.nodes if node.children]
    for path, siblings in parents:
        if len({node.name for node in siblings}) == len(siblings):
            continue
        counts = Counter(node.name for node in siblings)
        for name, count in counts.items():
            if count > 1:
                results.append(ctx.finding("F-REQ-04", path, None,
                                           f"下级项目名称“{name}”重复出现 {count} 次：请改名以便区分。",
                                           (name, count), evidence=(Operand(None, name, path + (name,)),),
                                           fix="给重名的项目改一个能区分的名称。"))
    return results


_NAME_FIELDS = (("supervising_dept", "主管部门"), ("implementing_unit", "实施单位"))
SIMILAR = 0.85


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


@rule("F-CONS-01", "consistency", "warning", "主管部门/实施单位写法不一致", scope="department")
def unit_names_spelled_alike(ctx: DepartmentContext) -> list[Finding]:
    """本部门各申报表的主管部门、实施单位和部门名称放在一起计数（忽略空格与全/半角）。一个写法与另一个更常用
    （或就是部门名称）的写法相似（相似度 ≥ 0.85）而不相同，多半是写错了一两个字：警告。完全不同的单位名称不算。"""
    results: list[Finding] = []
    spelled = [(compact(_form(node).supervising_dept), compact(_form(node).implementing_unit))
               for _, node in ctx.declared]
    counts: Counter[str] = Counter(value for pair in spelled for value in pair if value)
    dept_name = compact(ctx.dept.name)
    spellings = list(counts)
    if len(spellings) + (dept_name not in counts) < 2:
        return results
    # the department's own name outweighs any number of forms
    def weight(s: str) -> tuple[int, int]:
        return (s == dept_name, counts[s])
    better: dict[str, str] = {}
    candidates = sorted(set(spellings) | {dept_name}, key=weight, reverse=True)
    for spelling in spellings:
        for other in candidates:
            if weight(other) <= weight(spelling):
                break
            if _similar(spelling, other):
                better[spelling] = other
                break
    for (path, node), pair in zip(ctx.declared, spelled):
        if pair[0] not in better and pair[1] not in better:
            continue
        for (name, label), value in zip(_NAME_FIELDS, pair):
            typed = getattr(node.form, name)
            if value in better:
                other = better[value]
                others = counts[other]
                basis = f"本部门其他 {others} 处" + ("及部门名称" if other == dept_name else "")
                results.append(ctx.finding("F-CONS-01", path, name,
                                           f"{label}写作“{typed.strip()}”，而{basis}写作“{other}”：请核对是否写错。",
                                           (value, other), evidence=(evidence.text(name, typed, path),),
                                           fix=f"改为“{other}”。"))
    return results


# ---- goals copied between forms ---------------------------------------------------------------------

_MARKER = re.compile(r"^[0-9]{1,2}[、.．]")
MIN_CLAUSE = 15
MIN_SHARED = 30


@lru_cache(maxsize=8192)
def goal_clauses(text: str) -> frozenset[str]:
    """The sentences of a goal text, without numbering and spaces, long enough to tell apart (cached: after an
    edit the other forms' goals are read again unchanged). Copied text is copied verbatim: no NFKC needed."""
    out: set[str] = set()
    if not text:
        return frozenset()
    # split at 。；;！？!? (whitespace, newlines included, is gone first); str.replace is several times
    # faster than a regex split over Chinese text, and the empty parts between two marks are too short anyway
    body = "".join(text.split()).replace("；", "。").replace(";", "。").replace("！", "。").replace("？", "。")
    for part in body.replace("!", "。").replace("?", "。").split("。"):
        if part[:1].isdigit():
            marker = _MARKER.match(part)
            if marker:
                part = part[marker.end():]
        if len(part) >= MIN_CLAUSE:
            out.add(part)
    return frozenset(out)


@lru_cache(maxsize=8192)
def _form_clauses(overall_goal: str, annual_goal: str) -> frozenset[str]:
    return goal_clauses(overall_goal) | goal_clauses(annual_goal)


@rule("F-CONS-05", "consistency", "warning", "绩效目标与其他项目雷同", scope="department")
def goals_not_copied(ctx: DepartmentContext) -> list[Finding]:
    """两张申报表的项目总目标/年度总体目标有相同的整句（每句至少 15 字，合计至少 30 字，忽略编号和空格）时，
    多半是照抄了另一个项目的目标：在两张表上都报警告，并给出相同的第一句。"""
    results: list[Finding] = []
    owners: dict[str, list[int]] = {}
    for index, (_, node) in enumerate(ctx.declared):
        for clause in _form_clauses(_form(node).overall_goal, _form(node).annual_goal):
            owners.setdefault(clause, []).append(index)
    shared: dict[tuple[int, int], list[str]] = {}
    for clause, indices in owners.items():
        if len(indices) < 2:
            continue
        for a in indices:
            for b in indices:
                if a != b:
                    shared.setdefault((a, b), []).append(clause)
    for (a, b), clauses in sorted(shared.items()):
        size = sum(len(c) for c in clauses)
        if size < MIN_SHARED:
            continue
        path, node = ctx.declared[a]
        other = ctx.declared[b][1]
        own = "".join((_form(node).overall_goal + _form(node).annual_goal).split())
        first = min(clauses, key=lambda c: (own.find(c) % (len(own) + 1), c))
        shown = first if len(first) <= 30 else first[:30] + "…"
        field = "annual_goal" if goal_clauses(_form(node).annual_goal) & set(clauses) else "overall_goal"
        other_path = ctx.declared[b][0]
        other_field = "annual_goal" if goal_clauses(_form(other).annual_goal) & set(clauses) else "overall_goal"
        results.append(ctx.finding("F-CONS-05", path, field,
                                   f"绩效目标与“{other.name}”有 {len(clauses)} 句（共 {size} 字）完全相同，"
                                   f"如“{shown}”："
                                   f"请核对本项目的目标是否照抄了其他项目。", (other.name, tuple(sorted(clauses))),
                                   evidence=(evidence.text(field, getattr(_form(node), field), path),
                                             evidence.text(other_field, getattr(_form(other), other_field),
                                                           other_path)),
                                   fix="写出本项目自己的产出和效果目标。"))
    return results

