"""validate_document looks at a document column by column first and walks it place by place only when that look finds
something: every bad value anywhere must still be refused, in the very words of the walk.

Each field of every class of the model is spoilt in turn with every kind of bad value (wrong types, too long, NUL, a
lone surrogate, a line break in a name, a number not in its stored form, an amount text that says another amount …),
and so is every container (a list that is no list, an object of another class, a level too deep, two siblings of
one name); the refusal with the look must be the refusal without it.
"""
from __future__ import annotations

import copy
import dataclasses
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g60desk.domain import limits
from g60desk.domain import validate as v
from g60desk.domain.model import (
    Acknowledgement,
    BudgetGroup,
    BudgetLine,
    Document,
    HistoryEntry,
    Indicator,
    Node,
    Section,
)
from g60desk.domain.templates import Template
from g60desk.domain.validate import InvalidDocument, sound_at_a_glance, validate_document
from g60desk.domain.values import IndicatorValue, parse_value
from g60desk.exchange.samples import sample_document

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from benchmarks.generate import Size, build_document  # noqa: E402


class Subclassed(str):
    """A str of another class: the walk takes it (isinstance), the look must leave it to the walk."""


#: values that something, somewhere in the model, must refuse — and some it must take
BAD_VALUES: list[Any] = [
    None, "", "正常的文字", 0, 7, -1, 10**15 - 1, 10**15, 1.5, 78000000.0, True, False, b"bytes", [], {}, (), ("元组",),
    date(2026, 1, 1), datetime(2026, 1, 1, 10, 0), 1899, 3000,
    "x" * (limits.NAME_CHARS + 1), "x" * (v.MAX_TEXT_CHARS + 1), "x" * (v.MAX_UNIT_CHARS + 1),
    "x" * (v.MAX_VALUE_CHARS + 1), "x" * 41, "文字\x00中间", "文字\ud800", "名\n称", "名\r称", "名\t称", "名\u202e称",
    "名\u2028称", "名\x85称", "名\x7f称", Subclassed("子类"),
    "20.00", "1e5", "-0", "085", "2.5", "12", "2万元", "万 元", "%", "万元", "=", "≥", ">=", "完成",
    "legacy", "typed", "pretty", "wan", "yuan", "元", "（1）", "甲", "project", "sub_project", "program",
    "上海2026", "上海2022", "北京2026", "2021", "legacy", "2030", "10.8万", "12万", "abc万",
]


def rich_document() -> Document:
    """Both samples in one document, with everything the samples lack: sub-lines to the third level, a typed
    amount, a quantitative value without an operator, an acknowledged warning and the history."""
    doc = sample_document("2026")
    for project in doc.departments[0].projects:   # two sub-projects are as good as six, and take a third of the time
        del project.children[2:]
    other = sample_document("2022")
    doc.departments += other.departments
    doc.departments[1].name += "（2022）"
    node = next(n for _, n in doc.iter_nodes() if n.declared)
    assert node.explanation is not None and node.form is not None
    third = BudgetLine(label="第三级", stated_fen=100)
    second = BudgetLine(label="第二级", stated_fen=100, children=[third])
    node.explanation.budget_groups.append(BudgetGroup(title="分组", lines=[
        BudgetLine(label="保洁服务：", stated_fen=10_800_000, stated_text="10.8万", ending="；", numbering="（1）",
                   runs_on=True, children=[second])]))
    node.form.indicators.append(Indicator("产出指标", "数量指标", "场次", IndicatorValue(number="2", unit="场")))
    node.explanation.sections["overview"].heading = "一、项目概述（另写）"
    doc.acknowledgements.append(Acknowledgement("F-IND-04", ("部门", "项目"), "indicator:0:value", "指纹", "理由",
                                                "2026-01-05T10:00:00"))
    doc.acknowledgements.append(Acknowledgement("F-SUM-01", ("部门",), None, "指纹", "理由", "2026-01-05T10:00:00"))
    doc.history.append(HistoryEntry(time="2026-01-05T10:00:00", kind="submit", digest="abc", detail="{}"))
    return doc


Step = tuple[str, Any]


def places(obj: Any, path: tuple[Step, ...] = ()) -> list[tuple[tuple[Step, ...], str]]:
    """(path, what) of every field, list item and dict value below ``obj`` — containers included; ``what`` names
    the field (``BudgetLine.label``) or the container (``BudgetLine.children[]``) and the depth."""
    found: list[tuple[tuple[Step, ...], str]] = []
    depth = sum(1 for kind, key in path if kind == "attr" and key in ("children", "lines"))
    if isinstance(obj, Template):
        return found   # a template's definition is checked by its reader (domain/template_file.py), not here
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if f.name == "id":
                continue
            step = path + (("attr", f.name),)
            what = f"{type(obj).__name__}.{f.name}@{depth}"
            found.append((step, what))
            value = getattr(obj, f.name)
            if isinstance(value, (list, tuple, dict)):
                for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
                    found.append((step + (("item", key),), what + "[]"))
                    found += places(item, step + (("item", key),))
            else:
                found += places(value, step)
    return found


_places: dict[int, list[tuple[tuple[Step, ...], str]]] = {}


def places_cache(doc: Document) -> list[tuple[tuple[Step, ...], str]]:
    return _places.setdefault(id(doc), places(doc))


def representative_places(doc: Document) -> list[tuple[Step, ...]]:
    """One place of each field of each class at each depth (every place of the rich document takes minutes)."""
    chosen: dict[str, tuple[Step, ...]] = {}
    for path, what in places_cache(doc):
        chosen.setdefault(what, path)
    return list(chosen.values())


def get(root: Any, path: tuple[Step, ...]) -> Any:
    for kind, key in path:
        root = getattr(root, key) if kind == "attr" else root[key]
    return root


def put(root: Any, path: tuple[Step, ...], value: Any) -> None:
    """Set the value at ``path`` (frozen values are changed in place, a tuple is made again: the document is the
    test's own)."""
    parent = get(root, path[:-1])
    kind, key = path[-1]
    if kind == "attr":
        object.__setattr__(parent, key, value)
    elif isinstance(parent, tuple):
        items = list(parent)
        items[key] = value
        put(root, path[:-1], tuple(items))
    else:
        parent[key] = value


def outcome(doc: Document, at_a_glance: bool) -> str | None:
    try:
        validate_document(doc, at_a_glance=at_a_glance)
    except InvalidDocument as exc:
        return exc.message
    return None


def same_refusal(doc: Document, beyond_limits: bool = False) -> tuple[str | None, bool]:
    """The refusal with the look and without it (the same); whether the look saw the document sound — never when
    the walk refuses something other than a limit."""
    walked = outcome(doc, at_a_glance=False)
    glanced = outcome(doc, at_a_glance=True)
    assert glanced == walked
    if walked is not None and not beyond_limits:
        assert not sound_at_a_glance(doc)
    return walked, sound_at_a_glance(doc)


@pytest.fixture(scope="module")
def rich() -> Document:
    return rich_document()


def test_a_sound_document_is_seen_sound_at_a_glance(rich):
    for doc in (sample_document("2022"), sample_document("2026"), rich, build_document(Size(departments=2))):
        validate_document(doc, at_a_glance=False)
        assert sound_at_a_glance(doc)


def test_every_bad_value_in_every_field_is_refused_in_the_words_of_the_walk(rich):
    refused = 0
    for path in representative_places(rich):
        before = get(rich, path)
        for bad in BAD_VALUES:
            put(rich, path, bad)
            try:
                walked, _ = same_refusal(rich)
            except (AttributeError, TypeError, KeyError, ValueError) as exc:   # the walk itself stumbles
                if isinstance(exc, InvalidDocument):
                    raise
                assert not sound_at_a_glance(rich), (path, bad)
                continue
            finally:
                put(rich, path, before)
            refused += walked is not None
    validate_document(rich, at_a_glance=False)   # put back whole
    assert refused > 1000


@pytest.mark.parametrize("spoil", [
    "a fourth level of projects", "a fourth level of budget lines", "two sub-projects of one name",
    "two departments of one name", "a section under another key", "a section missing", "a form without explanation",
    "an acknowledgement path that is a list", "an indicator value of another class",
])
def test_every_bad_structure_is_refused_in_the_words_of_the_walk(rich, spoil):
    doc = copy.deepcopy(rich)
    project = next(n for n in doc.departments[0].projects if n.children)
    node = next(n for _, n in doc.iter_nodes() if n.declared and n.explanation and n.explanation.budget_groups)
    assert node.explanation is not None and node.form is not None
    if spoil == "a fourth level of projects":
        project.children[0].children = [Node("三级", "sub_project", children=[Node("四级", "sub_project")])]
    elif spoil == "a fourth level of budget lines":
        line = node.explanation.budget_groups[-1].lines[0]
        while line.children:
            line = line.children[0]
        line.children = [BudgetLine(children=[BudgetLine(label="第五级")])]
    elif spoil == "two sub-projects of one name":
        project.children.append(copy.deepcopy(project.children[0]))
    elif spoil == "two departments of one name":
        doc.departments.append(copy.deepcopy(doc.departments[0]))
    elif spoil == "a section under another key":
        node.explanation.sections["overview"] = Section("basis")
    elif spoil == "a section missing":
        del node.explanation.sections["period"]
    elif spoil == "a form without explanation":
        node.explanation = None
    elif spoil == "an acknowledgement path that is a list":
        doc.acknowledgements[0].path = list(doc.acknowledgements[0].path)   # type: ignore[assignment]
    elif spoil == "an indicator value of another class":
        node.form.indicators[0].value = "≥85%"   # type: ignore[assignment]
    walked, _ = same_refusal(doc)
    assert walked is not None


@pytest.mark.parametrize("spoil, words", [
    ("indicators", "绩效指标太多"), ("lines", "预算明细太多"), ("groups", "预算分组太多"), ("text", "文字太多"),
])
def test_a_document_beyond_a_limit_is_refused_the_same_way(rich, spoil, words):
    doc = copy.deepcopy(rich)
    node = next(n for _, n in doc.iter_nodes() if n.declared)
    assert node.form is not None and node.explanation is not None
    if spoil == "indicators":
        node.form.indicators *= limits.INDICATORS_PER_FORM // len(node.form.indicators) + 1
    elif spoil == "lines":
        node.explanation.budget_groups = [BudgetGroup(lines=[BudgetLine() for _ in range(limits.LINES_PER_FORM + 1)])]
    elif spoil == "groups":
        node.explanation.budget_groups = [BudgetGroup() for _ in range(limits.GROUPS_PER_FORM + 1)]
    else:
        for key in node.explanation.sections:
            node.explanation.sections[key].text = "字" * v.MAX_TEXT_CHARS
        node.form.overall_goal = node.form.annual_goal = "字" * v.MAX_TEXT_CHARS
        node.form.indicators[0].name = "字" * v.MAX_TEXT_CHARS
    walked, glanced_sound = same_refusal(doc, beyond_limits=True)
    assert walked is not None and words in walked
    assert glanced_sound   # the look passed it; the limits refused it


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.data())
def test_any_bad_value_anywhere_is_refused_in_the_words_of_the_walk(rich, data):
    path, _ = data.draw(st.sampled_from(places_cache(rich)), label="place")
    bad = data.draw(st.one_of(st.sampled_from(BAD_VALUES), st.text(max_size=8), st.integers(),
                              st.none()), label="value")
    before = get(rich, path)
    put(rich, path, bad)
    try:
        same_refusal(rich)
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        if isinstance(exc, InvalidDocument):
            raise
        assert not sound_at_a_glance(rich)
    finally:
        put(rich, path, before)


def test_the_pattern_of_forbidden_name_characters_is_forbidden_in_name():
    wrong = [hex(c) for c in range(0x110000)
             if bool(limits.FORBIDDEN_IN_NAME.search(chr(c))) != limits.forbidden_in_name(chr(c))]
    assert wrong == []


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"-?(0|[1-9][0-9]{0,30})(\.[0-9]{0,12}[1-9])?", fullmatch=True) | st.text("-.0123456789e",
                                                                                                max_size=8))
def test_a_number_canonical_at_a_glance_is_the_parsers_stored_form(number):
    if v._canonical_at_a_glance(number):
        assert parse_value(number) == IndicatorValue(number=number)


def test_a_document_with_fields_of_its_templates_own_is_walked():
    """The look leaves a form, indicator or line holding fields its template adds to the walk, which checks each
    against its template — the same refusal either way."""
    doc = sample_document("湘潭2023")
    validate_document(doc, at_a_glance=False)
    assert not sound_at_a_glance(doc)
    validate_document(doc)
    indicator = next(i for _, n in doc.iter_nodes() if n.form for i in n.form.indicators if i.extra)
    indicator.extra = {"standard": 5}
    assert same_refusal(doc)[0] is not None and "standard" in same_refusal(doc)[0]
    indicator.extra = {"火星": "x"}
    assert "“火星”不是模板里的字段" in same_refusal(doc)[0]
