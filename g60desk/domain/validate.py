"""Is a Document sound enough to store? Types, ranges and unambiguous paths, for documents from outside.

A document that comes from a JSON file (or any other import) is checked here before it becomes a .g60
file: money is int 分 in range or None, texts are text, values are in their stored normal form, names are
unique among siblings so that every place has one path. Rules a clerk may break on purpose (sums,
ceilings, dates against the budget year …) are 审核 checks, not refusals, and do not belong here.
"""
from __future__ import annotations

import functools
import gc
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import chain, compress
from operator import attrgetter
from typing import Any

from ..errors import UserError
from . import limits
from .model import (
    FUNDING_FIELDS,
    SECTION_KEYS,
    WORDINGS,
    Acknowledgement,
    BudgetGroup,
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    FundingExplanation,
    HistoryEntry,
    Indicator,
    Node,
    NoExtra,
    Section,
    explanation_of,
    form_of,
)
from .money import MAX_FEN, parse_money
from .money import MAX_INPUT_CHARS as MAX_AMOUNT_TEXT_CHARS
from .templates import Column, Template, TemplateMissing, document_template, template_of
from .textnorm import ParseError
from .values import MAX_UNIT_CHARS, MAX_VALUE_CHARS, OPERATORS, IndicatorValue, parse_value
from .vocabulary import FUNDING_PLACE, NODE_KIND_LABELS, SECTION_HEADINGS
from .wording import MAX_ENDING_CHARS, NUMBERING_STYLES

__all__ = ["InvalidDocument", "MAX_LINE_LEVELS", "MAX_NODE_LEVELS", "MAX_TEXT_CHARS",
           "sound_at_a_glance", "validate_document"]

#: 项目 → 子项目 → 子项目: deeper trees cannot be printed or summed sensibly.
MAX_NODE_LEVELS = 3
#: a budget line, its sub-line and the sub-line's sub-line.
MAX_LINE_LEVELS = 3
#: the longest text a field may hold (a whole section of prose is a few thousand characters).
MAX_TEXT_CHARS = limits.TEXT_CHARS
FORMULA_UNITS = ("wan", "yuan")
NODE_KINDS = ("project", "sub_project")
MIN_YEAR, MAX_YEAR = 1900, 2999
#: the longest value of a field a template adds (a 基本情况 text is a paragraph or two)
MAX_EXTRA_CHARS = limits.TEXT_CHARS
#: the stored form of a template field's value by its type (blank is always allowed)
_EXTRA_FORMATS = {
    "date": (re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"), "“YYYY-MM-DD”格式的日期"),
    "month": (re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])"), "“YYYY-MM”格式的年月"),
    "years": (re.compile(r"[1-9][0-9]{0,2}"), "年数（1 到 999 的整数）"),
}


class InvalidDocument(UserError, ValueError):
    """A document that cannot be stored; ``message`` is one Chinese sentence naming the place."""


def _refuse(place: str, reason: str) -> InvalidDocument:
    return InvalidDocument(f"{place}：{reason}")


def _join(place: str, part: str) -> str:
    return f"{place} › {part}" if place else part


def _type_name(value: object) -> str:
    names = {bool: "真假值", int: "整数", float: "小数", str: "文字", list: "列表", dict: "对象",
             type(None): "空值"}
    return names.get(type(value), type(value).__name__)


# ---- leaves ----------------------------------------------------------------------------------------

def check_text(value: object, place: str, limit: int = MAX_TEXT_CHARS) -> None:
    """A str that SQLite and UTF-8 can hold: no NUL, no lone surrogate, at most ``limit`` characters."""
    if not isinstance(value, str):
        raise _refuse(place, f"应为文字，实际是{_type_name(value)}")
    if len(value) > limit:
        raise _refuse(place, f"文字太长（{len(value)} 个字符，上限 {limit}）")
    if "\x00" in value:
        raise _refuse(place, "文字中含有空字符（\\0）")
    if not value.isascii() and _SURROGATE.search(value):   # a search, not an encode: every open runs this
        raise _refuse(place, "文字中含有无法编码的字符（孤立的代理项）")


def check_name(value: object, place: str) -> None:
    """A name: text of at most NAME_CHARS characters on one line (no control or bidi characters)."""
    check_text(value, place, limits.NAME_CHARS)
    assert isinstance(value, str)   # check_text refused anything else
    problem = limits.name_problem(value)
    if problem:
        raise _refuse(place, problem)


def check_int(value: object, place: str, low: int, high: int) -> None:
    """An int (never a bool, never a float) with ``low <= value <= high``."""
    if type(value) is not int:
        raise _refuse(place, f"应为整数，实际是{_type_name(value)}")
    if not low <= value <= high:
        raise _refuse(place, f"数值 {value} 超出范围 {low}–{high}")


def check_fen(value: object, place: str) -> None:
    """Money: int 分 with 0 <= value < 10^15, or None for a blank cell."""
    if value is None:
        return
    if type(value) is not int:
        raise _refuse(place, f"金额应为以分为单位的整数或空白，实际是{_type_name(value)}")
    if value < 0:
        raise _refuse(place, f"金额不能为负（{value} 分）")
    if value >= MAX_FEN:
        raise _refuse(place, f"金额过大（{value} 分，不能达到 10 万亿元）")


def check_date(value: object, place: str) -> None:
    # datetime is a subclass of date: a time of day has no place in a planned date
    if value is not None and type(value) is not date:
        raise _refuse(place, f"应为日期或空白，实际是{_type_name(value)}")


def check_choice(value: object, allowed: Iterable[str], place: str) -> None:
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise _refuse(place, f"“{value}”不是可用的取值（可用：{'、'.join(allowed)}）")


def check_value(value: object, place: str) -> None:
    """An indicator value in its stored normal form (what :func:`values.parse_value` produces)."""
    if not isinstance(value, IndicatorValue):
        raise _refuse(place, f"应为指标值，实际是{_type_name(value)}")
    check_text(value.unit, _join(place, "单位"), MAX_UNIT_CHARS)
    check_text(value.text, _join(place, "文字"), MAX_VALUE_CHARS)
    if value.op is not None and value.op not in OPERATORS:
        raise _refuse(place, f"比较符“{value.op}”无效（可用：{' '.join(OPERATORS)}）")
    if value.number is None:
        if value.op is not None or value.unit:
            raise _refuse(place, "有比较符或单位却没有数字")
        return
    check_text(value.number, _join(place, "数字"), MAX_VALUE_CHARS)
    if value.text:
        raise _refuse(place, "同时有数字和文字，只能有其一")
    if not _is_canonical_number(value.number):
        raise _refuse(place, f"数字“{value.number}”不是规范写法（应如 85、2.5、20.96）")
    if any(ch.isdigit() or ch.isspace() or ch in "=≥≤<>.," for ch in value.unit):
        raise _refuse(place, f"单位“{value.unit}”中不能有数字、空格或比较符")


_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.lru_cache(maxsize=4096)
def _is_canonical_number(text: str) -> bool:
    """The number as values.parse_value stores it (a file repeats the same few numbers: asked once each)."""
    try:
        return parse_value(text) == IndicatorValue(number=text)
    except ParseError:
        return False


def _unique(names: list[str], place: str, what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise _refuse(place, f"有两个同名的{what}“{name}”，名称必须各不相同")
        seen.add(name)


# ---- the tree --------------------------------------------------------------------------------------

def _check_line(line: object, place: str, level: int, line_types: dict[str, str]) -> None:
    if not isinstance(line, BudgetLine):
        raise _refuse(place, f"应为预算明细，实际是{_type_name(line)}")
    if level > MAX_LINE_LEVELS:
        raise _refuse(place, f"预算明细嵌套超过 {MAX_LINE_LEVELS} 层")
    for name, label in (("label", "名称"), ("basis", "测算依据"), ("formula", "计算公式"), ("remark", "备注")):
        check_text(getattr(line, name), _join(place, label))
    check_choice(line.formula_unit, FORMULA_UNITS, _join(place, "公式单位"))
    check_fen(line.stated_fen, _join(place, "申报金额"))
    _check_wording(line, place)
    check_text(line.ending, _join(place, "结尾"), MAX_ENDING_CHARS)
    check_text(line.stated_text, _join(place, "申报金额原文"), MAX_AMOUNT_TEXT_CHARS)
    if line.stated_text:
        try:
            read = parse_money(line.stated_text, "wan")
        except ParseError as exc:
            raise _refuse(_join(place, "申报金额原文"), exc.message) from None
        if read != line.stated_fen:
            raise _refuse(_join(place, "申报金额原文"),
                          f"“{line.stated_text}”与申报金额 {line.stated_fen} 分不一致")
    check_extra(line.extra, place, line_types)
    _check_list(line.children, place, "下级明细")
    for i, child in enumerate(line.children, 1):
        _check_line(child, _join(place, f"第 {i} 条下级明细"), level + 1, line_types)


def _check_wording(item: BudgetLine | BudgetGroup, place: str) -> None:
    check_choice(item.numbering, NUMBERING_STYLES, _join(place, "编号"))
    flag = item.runs_on if isinstance(item, BudgetLine) else item.text_runs_on
    if not isinstance(flag, bool):
        raise _refuse(_join(place, "接排"), f"应为真假值，实际是{_type_name(flag)}")


def _check_group(group: object, place: str, line_types: dict[str, str]) -> None:
    if not isinstance(group, BudgetGroup):
        raise _refuse(place, f"应为预算分组，实际是{_type_name(group)}")
    check_text(group.title, _join(place, "标题"))
    check_text(group.text, _join(place, "说明"))
    _check_wording(group, place)
    _check_list(group.lines, place, "预算明细")
    for i, line in enumerate(group.lines, 1):
        _check_line(line, _join(place, f"第 {i} 条明细"), 1, line_types)


def _check_explanation(explanation: object, place: str, line_types: dict[str, str]) -> None:
    if not isinstance(explanation, FundingExplanation) or not isinstance(explanation.sections, dict):
        raise _refuse(place, f"应为项目经费情况说明，实际是{_type_name(explanation)}")
    keys = set(explanation.sections)
    if keys != set(SECTION_KEYS):
        missing = "、".join(SECTION_HEADINGS[k] for k in SECTION_KEYS if k not in keys)
        extra = "、".join(sorted(str(k) for k in keys - set(SECTION_KEYS)))
        raise _refuse(place, "七个部分不完整" + (f"（缺少 {missing}）" if missing else "")
                      + (f"（多出 {extra}）" if extra else ""))
    for key in SECTION_KEYS:
        section = explanation.sections[key]
        where = _join(place, SECTION_HEADINGS[key])
        if not isinstance(section, Section) or section.key != key:
            raise _refuse(where, "部分的标识与位置不符")
        check_text(section.text, where)
        if section.heading is not None:
            check_text(section.heading, _join(where, "标题"))
    check_choice(explanation.wording, WORDINGS, _join(place, "预算明细的印法"))
    _check_list(explanation.budget_groups, place, "预算分组")
    for i, group in enumerate(explanation.budget_groups, 1):
        _check_group(group, _join(place, f"六、年度预算安排第 {i} 组"), line_types)


def _check_indicator(ind: object, place: str, columns: dict[str, Column]) -> None:
    if not isinstance(ind, Indicator):
        raise _refuse(place, f"应为绩效指标，实际是{_type_name(ind)}")
    check_text(ind.level1, _join(place, "一级指标"))
    check_text(ind.level2, _join(place, "二级指标"))
    check_text(ind.name, _join(place, "三级指标"))
    check_value(ind.value, _join(place, "指标值"))
    check_extra(ind.extra, place, dict.fromkeys(columns, "text"))


def check_extra(extra: object, place: str, types: dict[str, str]) -> None:
    """The template's own fields of a form, an indicator or a budget line: only keys the template declares, an
    amount (int 分 or None) where it declares an amount, text (at most MAX_EXTRA_CHARS) elsewhere."""
    if not isinstance(extra, dict):
        raise _refuse(place, f"模板字段应为对象，实际是{_type_name(extra)}")
    for key, value in extra.items():
        kind = types.get(key) if isinstance(key, str) else None
        if kind is None:
            known = "、".join(types) or "无"
            raise _refuse(place, f"“{key}”不是模板里的字段（这里可用：{known}）")
        where = _join(place, key)
        if kind == "amount":
            check_fen(value, where)
            continue
        check_text(value, where, MAX_EXTRA_CHARS)
        assert isinstance(value, str)
        pattern = _EXTRA_FORMATS.get(kind)
        if value and pattern is not None and not pattern[0].fullmatch(value):
            raise _refuse(where, f"“{value[:20]}”不是{pattern[1]}")


def _check_form(form: object, place: str) -> Template:
    if not isinstance(form, DeclarationForm):
        raise _refuse(place, f"应为申报表，实际是{_type_name(form)}")
    template = _template(form, place)
    check_choice(form.framework, [f.id for f in template.frameworks], _join(place, "指标体系"))
    for name, label in (("nature", "项目性质"), ("category", "项目类别"), ("supervising_dept", "主管部门"),
                        ("implementing_unit", "实施单位")):
        check_name(getattr(form, name), _join(place, label))
    for name, label in (("overall_goal", "项目总目标"), ("annual_goal", "年度总体目标")):
        check_text(getattr(form, name), _join(place, label))
    check_date(form.planned_start, _join(place, "计划开始日期"))
    check_date(form.planned_end, _join(place, "计划完成日期"))
    for name in FUNDING_FIELDS:
        check_fen(getattr(form.funding, name, None), _join(place, FUNDING_PLACE[name]))
    types = {f.key: f.type for f in template.form_fields if f.extra}
    types.update({s.key: "text" for s in template.sections if s.extra})
    check_extra(form.extra, place, types)
    _check_list(form.indicators, place, "绩效指标")
    columns = {c.key: c for c in template.indicator_columns if c.extra}
    for i, ind in enumerate(form.indicators, 1):
        _check_indicator(ind, _join(place, f"绩效指标第 {i} 行"), columns)
    return template


def _template(form: DeclarationForm, place: str) -> Template:
    check_text(form.template, _join(place, "模板"), 200)
    try:
        return template_of(form)
    except TemplateMissing as exc:
        raise _refuse(_join(place, "模板"), exc.message) from None


def _check_node(node: object, place: str, level: int) -> None:
    if not isinstance(node, Node):
        raise _refuse(place, f"应为项目，实际是{_type_name(node)}")
    check_name(node.name, _join(place, "项目名称"))
    check_choice(node.kind, NODE_KINDS, _join(place, f"“{node.name}”的类型"))
    place = _join(place, f"{NODE_KIND_LABELS[node.kind]}“{node.name}”")
    if level > MAX_NODE_LEVELS:
        raise _refuse(place, f"项目层级超过 {MAX_NODE_LEVELS} 层（项目 › 子项目 › 子项目）")
    if (node.form is None) != (node.explanation is None):
        raise _refuse(place, "申报表和项目经费情况说明必须同时有或同时没有")
    if node.form is not None:
        template = _check_form(node.form, _join(place, "申报表"))
        _check_explanation(node.explanation, _join(place, "项目经费情况说明"),
                           {c.key: c.type for c in template.budget_columns if c.extra})
    _check_nodes(node.children, place, level + 1)


def _check_nodes(nodes: object, place: str, level: int) -> None:
    _check_list(nodes, place, "项目")
    assert isinstance(nodes, list)   # for the type checker: _check_list refused anything else
    for node in nodes:
        _check_node(node, place, level)
    _unique([n.name for n in nodes], place or "文件", "项目" if level == 1 else "子项目")


def _check_department(dept: object, place: str) -> None:
    if not isinstance(dept, Department):
        raise _refuse(place, f"应为部门，实际是{_type_name(dept)}")
    check_name(dept.name, _join(place, "部门名称"))
    place = f"部门“{dept.name}”"
    check_int(dept.budget_units, _join(place, "预算单位数"), 0, 1_000_000)
    check_text(dept.overview, _join(place, "绩效目标设置情况"))
    _check_nodes(dept.projects, place, 1)


def _check_list(items: object, place: str, what: str) -> None:
    if not isinstance(items, list):
        raise _refuse(place or "文件", f"{what}应为列表，实际是{_type_name(items)}")


def _check_acknowledgement(ack: object, place: str) -> None:
    if not isinstance(ack, Acknowledgement) or not isinstance(ack.path, tuple):
        raise _refuse(place, f"应为已确认的警告，实际是{_type_name(ack)}")
    for name in ("rule", "fingerprint", "reason", "created"):
        check_text(getattr(ack, name), _join(place, name))
    if ack.field is not None:
        check_text(ack.field, _join(place, "field"))
    for part in ack.path:
        check_text(part, _join(place, "path"))


def _check_history(entry: object, place: str) -> None:
    if not isinstance(entry, HistoryEntry):
        raise _refuse(place, f"应为历史记录，实际是{_type_name(entry)}")
    for name in ("time", "kind", "digest", "detail"):
        check_text(getattr(entry, name), _join(place, name))


def validate_document(doc: Document, at_a_glance: bool = True) -> None:
    """Raise :class:`InvalidDocument` (a ValueError) naming the first place that cannot be stored.

    A sound document is seen column by column first (:func:`sound_at_a_glance`: every value of a kind at once, at
    C speed); only a document in which that look finds anything is walked place by place below, to name the first
    place — the same refusal, word for word, as when every document was walked (``at_a_glance=False``)."""
    if at_a_glance and sound_at_a_glance(doc):
        check_limits(doc)
        return
    if not isinstance(doc, Document):
        raise _refuse("文件", f"应为申报文档，实际是{_type_name(doc)}")
    check_int(doc.budget_year, "预算年度", MIN_YEAR, MAX_YEAR)
    check_text(doc.template, "文件的模板", 200)
    try:
        document_template(doc)
    except TemplateMissing as exc:
        raise _refuse("文件的模板", exc.message) from None
    _check_list(doc.departments, "文件", "部门")
    for i, dept in enumerate(doc.departments, 1):
        _check_department(dept, f"第 {i} 个部门")
    _unique([d.name for d in doc.departments], "文件", "部门")
    _check_list(doc.acknowledgements, "文件", "已确认的警告")
    for i, ack in enumerate(doc.acknowledgements, 1):
        _check_acknowledgement(ack, f"第 {i} 条已确认的警告")
    _check_list(doc.history, "文件", "历史记录")
    for i, entry in enumerate(doc.history, 1):
        _check_history(entry, f"第 {i} 条历史记录")
    check_limits(doc)


# ---- a sound document at a glance --------------------------------------------------------------------------
# Walking a document place by place costs a Python call and a place name per value (0.8 s for 5,000 forms). A sound
# document — every file g60desk opens, nearly every import — is seen here instead a column at a time: all its texts
# in one list, checked by C loops (types, lengths, NUL, lone surrogates), all its names searched with one pattern,
# all its amounts, dates, flags and choices as sets. Whatever the walk would refuse makes this look say False, and
# the walk then names the place (tests/unit/domain/test_validate_screen.py spoils every field of the model with
# every kind of bad value and compares the two).

_AMOUNT_TYPES = frozenset((int, type(None)))
_EXTRA_TYPES: frozenset[type] = frozenset((dict, NoExtra))
_DATE_TYPES = frozenset((date, type(None)))
_OPERATOR_CHOICES = frozenset((*OPERATORS, None))
_UNIT_FORBIDDEN = "=≥≤<>.,"


def _texts_sound(values: Sequence[Any], limit: int) -> bool:
    """Every value a str that check_text would take, at most ``limit`` characters."""
    try:
        joined = "".join(values)   # a TypeError names anything but a str
    except TypeError:
        return False
    if len(joined) > limit and max(map(len, values)) > limit:
        return False
    if "\x00" in joined:
        return False
    if not joined.isascii():
        try:
            joined.encode("utf-16-le")   # refuses a lone surrogate, as _SURROGATE finds one
        except UnicodeEncodeError:
            return False
    return True


def _names_sound(values: list[Any]) -> bool:
    return (_texts_sound(values, limits.NAME_CHARS)
            and not limits.FORBIDDEN_IN_NAME.search("".join(values)))


def _unique_names(items: list[Any]) -> bool:
    names = [item.name for item in items]
    return len(set(names)) == len(names)


def _amounts_sound(column: Iterable[Any]) -> bool:
    values = list(column)
    if not set(map(type, values)) <= _AMOUNT_TYPES:
        return False
    amounts = list(filter(None, values))   # (and without the zeros, which are in range)
    return not amounts or (min(amounts) >= 0 and max(amounts) < MAX_FEN)


@functools.lru_cache(maxsize=4096)
def _amount_text_reads(text: str, fen: int | None) -> bool:
    try:
        return parse_money(text, "wan") == fen
    except ParseError:
        return False


def _columns(items: list[Any], *names: str) -> list[tuple[Any, ...]]:
    """The values of ``names`` of every item, a tuple per name: each item is visited once (the items of a big
    document lie all over the memory; a pass per attribute waited for each of them again)."""
    if not items:
        return [() for _ in names]
    return list(zip(*map(attrgetter(*names), items)))


class _Columns:
    """The values of a document gathered by kind, each kind checked at once."""

    def __init__(self) -> None:
        self.texts: list[Sequence[object]] = []
        self.names: list[Iterable[object]] = []
        self.amounts: list[Iterable[object]] = []
        self.flags: list[Iterable[object]] = []
        self.dates: list[Iterable[object]] = []
        self.choices: list[tuple[Iterable[object], Iterable[object]]] = []

    def sound(self) -> bool:
        return (all(_texts_sound(column, MAX_TEXT_CHARS) for column in self.texts)
                and _names_sound(list(chain.from_iterable(self.names)))
                and _amounts_sound(chain.from_iterable(self.amounts))
                and set(map(type, chain.from_iterable(self.flags))) <= {bool}
                and set(map(type, chain.from_iterable(self.dates))) <= _DATE_TYPES
                and all(set(values) <= set(allowed) for allowed, values in self.choices))


def sound_at_a_glance(doc: object) -> bool:
    """True when :func:`validate_document` would find nothing to refuse in ``doc`` short of its limits
    (:func:`check_limits`); False when it might (a subclass where the walk takes any instance, say)."""
    enabled = gc.isenabled()
    gc.disable()   # the look makes a tuple per object of the document and no cycle
    try:
        return _glance(doc)
    except (AttributeError, TypeError, ValueError, KeyError, RecursionError):
        return False   # something the walk will name
    finally:
        if enabled:
            gc.enable()


def _glance(doc: object) -> bool:
    if type(doc) is not Document:
        return False
    year = doc.budget_year
    if type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR or type(doc.template) is not str:
        return False
    if not _texts_sound([doc.template], 200) or not _template_known(doc):
        return False
    departments = doc.departments
    if type(departments) is not list or set(map(type, departments)) - {Department} or not _unique_names(departments):
        return False
    columns = _Columns()
    names, units, overviews, projects = _columns(departments, "name", "budget_units", "overview", "projects")
    if set(map(type, units)) - {int} or (units and not 0 <= min(units) <= max(units) <= 1_000_000):
        return False
    columns.names.append(names)
    columns.texts.append(overviews)
    declared = _glance_nodes(list(projects), columns)
    if declared is None or not _glance_declarations(declared, columns):
        return False
    return _glance_records(doc, columns) and columns.sound()


def _glance_nodes(sibling_lists: list[Any], columns: _Columns) -> list[Node] | None:
    """Every node level by level (kinds, names unique among siblings, depth); the declared ones, or None."""
    declared: list[Node] = []
    level = 1
    while sibling_lists:
        if set(map(type, sibling_lists)) - {list}:
            return None
        nodes = list(chain.from_iterable(sibling_lists))
        if not nodes:
            break
        if level > MAX_NODE_LEVELS or set(map(type, nodes)) - {Node}:
            return None
        if not all(_unique_names(siblings) for siblings in sibling_lists if len(siblings) > 1):
            return None
        names, kinds, forms, explanations, children = _columns(nodes, "name", "kind", "form", "explanation",
                                                               "children")
        columns.names.append(names)
        columns.choices.append((NODE_KINDS, kinds))
        if any((form is None) != (explanation is None) for form, explanation in zip(forms, explanations)):
            return None
        declared += [node for node, form in zip(nodes, forms) if form is not None]
        sibling_lists = list(children)
        level += 1
    return declared


def _glance_declarations(nodes: list[Node], columns: _Columns) -> bool:
    forms, explanations = _columns(nodes, "form", "explanation")
    if set(map(type, forms)) - {DeclarationForm} or set(map(type, explanations)) - {FundingExplanation}:
        return False
    (templates, frameworks, nature, category, supervising, implementing, overall, annual, start, end, funding,
     indicator_lists) = _columns(list(forms), "template", "framework", "nature", "category", "supervising_dept",
                                 "implementing_unit", "overall_goal", "annual_goal", "planned_start", "planned_end",
                                 "funding", "indicators")
    if not _templates_at_a_glance(list(forms), templates, frameworks):
        return False
    columns.names += [nature, category, supervising, implementing]
    columns.texts += [overall, annual]
    columns.dates += [start, end]
    columns.amounts.append([getattr(block, name, None) for block in funding for name in FUNDING_FIELDS])
    if set(map(type, indicator_lists)) - {list} or not _glance_indicators(
            list(chain.from_iterable(indicator_lists)), columns):
        return False
    sections, wordings, group_lists = _columns(list(explanations), "sections", "wording", "budget_groups")
    keys = set(SECTION_KEYS)
    every: list[Any] = []
    for stored in sections:
        if type(stored) is not dict or stored.keys() != keys:
            return False
        every += stored.items()
    keys_, parts = zip(*every) if every else ((), ())
    if set(map(type, parts)) - {Section}:
        return False
    section_keys, section_texts, headings = _columns(list(parts), "key", "text", "heading")
    if section_keys != keys_:
        return False
    columns.texts += [section_texts, [heading for heading in headings if heading is not None]]
    columns.choices.append((WORDINGS, wordings))
    return not set(map(type, group_lists)) - {list} and _glance_budget(list(chain.from_iterable(group_lists)),
                                                                       columns)


def _glance_indicators(indicators: list[Any], columns: _Columns) -> bool:
    if set(map(type, indicators)) - {Indicator}:
        return False
    level1, level2, names, values, extras = _columns(indicators, "level1", "level2", "name", "value", "extra")
    columns.texts += [level1, level2, names]
    if not _no_extras(extras):
        return False
    if set(map(type, values)) - {IndicatorValue}:
        return False
    # a big file holds a few thousand different values: each is looked at once (as a tuple: a dataclass hashes in
    # Python)
    distinct = set(map(attrgetter("op", "number", "unit", "text"), values))
    ops, _, units, texts = zip(*distinct) if distinct else ((), (), (), ())
    if not _texts_sound(units, MAX_UNIT_CHARS) or not _texts_sound(texts, MAX_VALUE_CHARS):
        return False
    if not set(ops) <= _OPERATOR_CHOICES:
        return False
    if any((op is not None or unit) for op, number, unit, _ in distinct if number is None):
        return False   # an operator or a unit without a number
    quantities = [(number, unit, text) for _, number, unit, text in distinct if number is not None]
    numbers = [number for number, _, _ in quantities]
    if not _texts_sound(numbers, MAX_VALUE_CHARS) or any(text for _, _, text in quantities):
        return False
    if not all(map(_canonical_at_a_glance, numbers)):
        return False
    return not any(ch.isdigit() or ch.isspace() or ch in _UNIT_FORBIDDEN
                   for unit in {unit for _, unit, _ in quantities} for ch in unit)


#: numbers as values.parse_value stores them ("85", "2.5", "-0.04"): no leading or trailing zeros, no exponent
_CANONICAL_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")


def _canonical_at_a_glance(number: str) -> bool:
    """:func:`_is_canonical_number` without parsing the number when it is plainly so (a big file holds thousands of
    different numbers; the parser takes 15 µs each)."""
    if _CANONICAL_NUMBER.fullmatch(number) and number != "-0":
        return True
    return _is_canonical_number(number)


def _glance_budget(groups: list[Any], columns: _Columns) -> bool:
    if set(map(type, groups)) - {BudgetGroup}:
        return False
    titles, texts, numberings, flags, line_lists = _columns(groups, "title", "text", "numbering", "text_runs_on",
                                                            "lines")
    columns.texts += [titles, texts]
    columns.choices.append((NUMBERING_STYLES, numberings))
    columns.flags.append(flags)
    level = 1
    while line_lists:
        if set(map(type, line_lists)) - {list}:
            return False
        lines = list(chain.from_iterable(line_lists))
        if not lines:
            break
        if level > MAX_LINE_LEVELS or set(map(type, lines)) - {BudgetLine}:
            return False
        (labels, bases, formulas, remarks, units, numberings, flags, stated, endings, amount_texts, extras,
         line_lists) = _columns(lines, "label", "basis", "formula", "remark", "formula_unit", "numbering", "runs_on",
                                "stated_fen", "ending", "stated_text", "extra", "children")
        if not _no_extras(extras):
            return False
        columns.texts += [labels, bases, formulas, remarks]
        columns.choices += [(FORMULA_UNITS, units), (NUMBERING_STYLES, numberings)]
        columns.flags.append(flags)
        if not _amounts_sound(stated) or not _texts_sound(endings, MAX_ENDING_CHARS):
            return False
        if not _texts_sound(amount_texts, MAX_AMOUNT_TEXT_CHARS):
            return False
        typed = set(zip(compress(amount_texts, amount_texts), compress(stated, amount_texts)))
        if not all(_amount_text_reads(text, fen) for text, fen in typed):
            return False
        level += 1
    return True


def _template_known(doc: Document) -> bool:
    try:
        document_template(doc)
    except TemplateMissing:
        return False
    return True


def _templates_at_a_glance(forms: list[DeclarationForm], templates: tuple[Any, ...],
                           frameworks: tuple[Any, ...]) -> bool:
    """Every form's template known (carried or installed) and its framework one of that template's; no form holds
    fields of its template's own (a document with any is walked: the walk checks them against their template)."""
    if set(map(type, templates)) - {str} or not _texts_sound(templates, 200):
        return False
    if not _no_extras(map(attrgetter("extra"), forms)):
        return False
    # forms of one template share its definition (attach_templates): each (template, its copy, framework) once
    specs = list(map(id, map(attrgetter("spec"), forms)))
    example = dict(zip(zip(templates, specs), forms))
    for template_id, spec, framework in set(zip(templates, specs, frameworks)):
        try:
            template = template_of(example[template_id, spec])
        except TemplateMissing:
            return False
        if framework not in {f.id for f in template.frameworks}:
            return False
    return True


def _no_extras(extras: Iterable[object]) -> bool:
    """Every ``extra`` an empty dict (NO_EXTRA or one of its own)."""
    values = list(extras)
    return not set(map(type, values)) - _EXTRA_TYPES and not any(values)


def _glance_records(doc: Document, columns: _Columns) -> bool:
    """The acknowledged warnings and the history."""
    acknowledgements, history = doc.acknowledgements, doc.history
    if type(acknowledgements) is not list or type(history) is not list:
        return False
    if set(map(type, acknowledgements)) - {Acknowledgement} or set(map(type, history)) - {HistoryEntry}:
        return False
    texts: list[object] = []
    for ack in acknowledgements:
        if type(ack.path) is not tuple:
            return False
        texts += (ack.rule, ack.fingerprint, ack.reason, ack.created, *ack.path)
        if ack.field is not None:
            texts.append(ack.field)
    columns.texts.append(texts)
    columns.texts += _columns(history, "time", "kind", "digest", "detail")
    return True

# ---- how much a file holds (domain/limits.py) ---------------------------------------------------------

def _line_count(lines: list[BudgetLine]) -> tuple[int, int]:
    """(lines at every level, characters of their texts)."""
    count = chars = 0
    stack = list(lines)
    while stack:
        line = stack.pop()
        count += 1
        chars += len(line.label) + len(line.basis) + len(line.formula) + len(line.remark)
        if line.extra:   # (most lines have none: no call for them)
            chars += _extra_chars(line.extra)
        stack.extend(line.children)
    return count, chars


def _extra_chars(extra: Mapping[str, object]) -> int:
    """The characters of the texts among a template's own fields (amounts are numbers)."""
    return sum(len(value) for value in extra.values() if isinstance(value, str)) if extra else 0


def form_size(node: Node) -> tuple[int, int, int]:
    """(绩效指标 rows, 预算明细 lines, characters) of a declared node's 申报."""
    form, explanation = form_of(node), explanation_of(node)
    chars = sum(len(text) for text in (form.nature, form.category, form.supervising_dept, form.implementing_unit,
                                       form.overall_goal, form.annual_goal))
    chars += sum(len(i.level1) + len(i.level2) + len(i.name) + len(i.value.text) for i in form.indicators)
    chars += sum(_extra_chars(i.extra) for i in form.indicators if i.extra)
    chars += _extra_chars(form.extra)
    chars += sum(len(s.text) + len(s.heading or "") for s in explanation.sections.values())
    lines = 0
    for group in explanation.budget_groups:
        count, text = _line_count(group.lines)
        lines += count
        chars += text + len(group.title) + len(group.text)
    return len(form.indicators), lines, chars


def check_form_limits(node: Node, place: str) -> tuple[int, int, int]:
    """Refuse a 申报 beyond the per-form limits; returns its size (indicators, lines, characters)."""
    indicators, lines, chars = form_size(node)
    if indicators > limits.INDICATORS_PER_FORM:
        raise _refuse(place, limits.too_many("绩效指标", indicators, limits.INDICATORS_PER_FORM, "行"))
    if lines > limits.LINES_PER_FORM:
        raise _refuse(place, limits.too_many("预算明细", lines, limits.LINES_PER_FORM, "条"))
    groups = len(explanation_of(node).budget_groups)
    if groups > limits.GROUPS_PER_FORM:
        raise _refuse(place, limits.too_many("预算分组", groups, limits.GROUPS_PER_FORM, "组"))
    if chars > limits.FORM_TEXT_CHARS:
        raise _refuse(place, limits.too_many("文字", chars, limits.FORM_TEXT_CHARS, "字"))
    return indicators, lines, chars


def department_size(dept: Department, place: str | None = None) -> tuple[int, int, int, int]:
    """(nodes, 绩效指标, 预算明细, characters) of a department; with ``place`` each 申报 is checked too."""
    nodes = indicators = lines = 0
    chars = len(dept.name) + len(dept.overview)
    for path, node in dept.iter_nodes():
        nodes += 1
        chars += len(node.name)
        if node.declared:
            where = _join(place, f"“{' › '.join(path)}”") if place is not None else ""
            size = check_form_limits(node, where) if place is not None else form_size(node)
            indicators, lines, chars = indicators + size[0], lines + size[1], chars + size[2]
    return nodes, indicators, lines, chars


def check_department_limits(dept: Department, place: str) -> tuple[int, int, int, int]:
    nodes, indicators, lines, chars = size = department_size(dept, place)
    for found, limit, what, unit in ((nodes, limits.NODES_PER_DEPARTMENT, "项目和子项目", "个"),
                                     (indicators, limits.INDICATORS_PER_DEPARTMENT, "绩效指标", "行"),
                                     (lines, limits.LINES_PER_DEPARTMENT, "预算明细", "条"),
                                     (chars, limits.DEPARTMENT_TEXT_CHARS, "文字", "字")):
        if found > limit:
            raise _refuse(place, limits.too_many(what, found, limit, unit))
    return size


def check_limits(doc: Document) -> None:
    """Refuse a document beyond any limit of domain/limits.py, naming the first place."""
    totals = [0, 0, 0, 0]
    if len(doc.departments) > limits.DEPARTMENTS_PER_FILE:
        raise _refuse("文件", limits.too_many("部门", len(doc.departments), limits.DEPARTMENTS_PER_FILE, "个"))
    for dept in doc.departments:
        size = check_department_limits(dept, f"部门“{dept.name}”")
        totals = [a + b for a, b in zip(totals, size)]
    for found, limit, what, unit in (
            (totals[0], limits.NODES_PER_FILE, "项目和子项目", "个"),
            (totals[1], limits.INDICATORS_PER_FILE, "绩效指标", "行"),
            (totals[2], limits.LINES_PER_FILE, "预算明细", "条"),
            (totals[3], limits.FILE_TEXT_CHARS, "文字", "字"),
            (len(doc.acknowledgements), limits.ACKNOWLEDGEMENTS_PER_FILE, "已确认的警告", "条"),
            (len(doc.history), limits.HISTORY_PER_FILE, "历史记录", "条"),
            (len(doc.templates), limits.TEMPLATES_PER_FILE, "携带的模板", "个")):
        if found > limit:
            raise _refuse("文件", limits.too_many(what, found, limit, unit))
