"""Random documents survive the .g60 file and the JSON interchange unchanged; the digest sees every value.

Property tests (hypothesis) build documents with every kind of field — blanks and zeros, CJK and odd
characters, nested sub-projects and sub-lines — and check what the clerk and the bureau rely on: saving,
reopening and exporting change nothing, and changing any single value changes the 校验码.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g60desk.domain.frameworks import FRAMEWORKS
from g60desk.domain.limits import BIDI_CONTROLS
from g60desk.domain.model import (
    FUNDING_FIELDS,
    SECTION_KEYS,
    Acknowledgement,
    BudgetGroup,
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    FundingBlock,
    FundingExplanation,
    HistoryEntry,
    Indicator,
    Node,
    Section,
)
from g60desk.domain.serialize import digest, document_from_data, document_to_data
from g60desk.domain.templates import TEMPLATES
from g60desk.domain.validate import InvalidDocument, validate_document
from g60desk.domain.values import OPERATORS, IndicatorValue
from g60desk.exchange import jsonio
from g60desk.exchange.samples import sample_document
from g60desk.store import Store

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOCS = Path(__file__).resolve().parents[2] / "docs" / "json-format.md"

# ---- strategies ------------------------------------------------------------------------------------

_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_common = st.sampled_from(list("G60 ，。、；：“”（）《》—-\n0123456789%.万元"))
#: anything UTF-8 can carry except NUL (which validate_document refuses)
_any = st.characters(codec="utf-8", exclude_characters="\x00")
texts = st.text(alphabet=st.one_of(_cjk, _cjk, _common, _any), max_size=24)
#: names are one line of visible text (domain/limits.py): no control, line-break or bidi characters
_one_line = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"),
                          exclude_characters="".join(BIDI_CONTROLS))
names = st.text(alphabet=st.one_of(_cjk, _common.filter(lambda c: c != "\n")), min_size=1, max_size=12)
line_texts = st.text(alphabet=st.one_of(_cjk, _cjk, _one_line), max_size=24)
fen = st.one_of(st.none(), st.just(0), st.integers(min_value=0, max_value=10**15 - 1))
dates = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))


@st.composite
def numbers(draw) -> str:
    """A canonical decimal string as values.parse_value stores it: "85", "2.5", "0.0001"."""
    whole = draw(st.integers(min_value=0, max_value=10**9))
    fraction = draw(st.text(alphabet="0123456789", max_size=4)).rstrip("0")
    text = f"{whole}.{fraction}" if fraction else str(whole)
    return f"-{text}" if draw(st.booleans()) and draw(st.booleans()) and text != "0" else text


quantitative = st.builds(IndicatorValue, op=st.one_of(st.none(), st.sampled_from(OPERATORS)), number=numbers(),
                         unit=st.sampled_from(["", "%", "万元", "万元/次", "万", "个", "次", "人/场", "天", "家"]))
qualitative = st.builds(IndicatorValue, text=st.one_of(st.sampled_from(["完成", "匹配", "通过", "否", "及时"]),
                                                       names))
indicator_values = st.one_of(quantitative, qualitative, st.just(IndicatorValue.empty()))
indicators = st.builds(Indicator, level1=texts, level2=texts, name=texts, value=indicator_values)


def budget_lines(level: int = 1) -> st.SearchStrategy[BudgetLine]:
    children = st.lists(st.deferred(lambda: budget_lines(level + 1)), max_size=2) if level < 3 else st.just([])
    return st.builds(BudgetLine, label=texts, basis=texts, formula=st.sampled_from(["", "0.9*12", "1469*16*12"]),
                     formula_unit=st.sampled_from(["wan", "yuan"]), stated_fen=fen, remark=texts,
                     children=children)


groups = st.builds(BudgetGroup, title=texts, text=texts, lines=st.lists(budget_lines(), max_size=3))


@st.composite
def explanations(draw) -> FundingExplanation:
    sections = {key: Section(key, text=draw(texts), heading=draw(st.one_of(st.none(), names)))
                for key in SECTION_KEYS}
    return FundingExplanation(sections=sections, budget_groups=draw(st.lists(groups, max_size=2)))


forms = st.builds(
    DeclarationForm, template=st.sampled_from(sorted(TEMPLATES)), framework=st.sampled_from(sorted(FRAMEWORKS)),
    nature=line_texts, category=line_texts, supervising_dept=line_texts, implementing_unit=line_texts,
    planned_start=dates, planned_end=dates,
    funding=st.builds(FundingBlock, **dict.fromkeys(FUNDING_FIELDS, fen)),
    overall_goal=texts, annual_goal=texts, indicators=st.lists(indicators, max_size=4))


@st.composite
def nodes(draw, level: int = 1) -> Node:
    node = Node(name=draw(names), kind="project" if level == 1 else "sub_project")
    if draw(st.booleans()):
        node.form, node.explanation = draw(forms), draw(explanations())
    if level < 3:
        node.children = draw(st.lists(nodes(level + 1), max_size=2, unique_by=lambda n: n.name))
    return node


departments = st.builds(Department, name=names, budget_units=st.integers(0, 1000), overview=texts,
                        projects=st.lists(nodes(), max_size=3, unique_by=lambda n: n.name))
acknowledgements = st.builds(Acknowledgement, rule=names, path=st.lists(names, max_size=3).map(tuple),
                             field=st.one_of(st.none(), names), fingerprint=names, reason=texts, created=names)
history = st.builds(HistoryEntry, time=names, kind=names, digest=names, detail=texts)
documents = st.builds(Document, budget_year=st.integers(1900, 2999), template=st.sampled_from(sorted(TEMPLATES)),
                      departments=st.lists(departments, min_size=1, max_size=2, unique_by=lambda d: d.name),
                      acknowledgements=st.lists(acknowledgements, max_size=2), history=st.lists(history, max_size=2))


# ---- round trips -----------------------------------------------------------------------------------

@FAST
@given(documents)
def test_random_documents_are_valid(doc):
    validate_document(doc)


@FAST
@given(documents)
def test_store_round_trip_keeps_every_value(doc):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.g60"
        Store.create(path, doc).close()
        with Store.open(path) as store:
            again = store.load()
    assert digest(again) == digest(doc)
    assert jsonio.dumps(again) == jsonio.dumps(doc)   # acknowledgements and history too


@FAST
@given(documents)
def test_json_round_trip_is_byte_identical(doc):
    text = jsonio.dumps(doc)
    again = jsonio.loads(text)
    assert jsonio.dumps(again) == text
    assert digest(again) == digest(doc)


# ---- the digest sees every value -------------------------------------------------------------------

Path_ = tuple[tuple[str, Any], ...]
#: a replacement for a blank (None) of each field that may be blank
_FOR_NONE = {"op": "=", "number": "1", "heading": "标题", "field": "字段", "planned_start": date(2000, 1, 1),
             "planned_end": date(2000, 1, 1), "stated_fen": 0, **dict.fromkeys(FUNDING_FIELDS, 0)}
#: parts of a Document the digest deliberately leaves out (docs/json-format.md)
_NOT_DATA = {"id", "acknowledgements", "history"}


def leaves(obj: Any, path: Path_ = ()) -> list[tuple[Path_, str]]:
    """(path, field name) of every stored value below ``obj``: dataclass fields, list items, dict values."""
    found: list[tuple[Path_, str]] = []
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if f.name in _NOT_DATA:
                continue
            value = getattr(obj, f.name)
            step = path + (("attr", f.name),)
            if dataclasses.is_dataclass(value) or isinstance(value, (list, dict)):
                found += leaves(value, step)
            elif f.name in ("form", "explanation"):
                continue   # an undeclared node's missing form is not a value; see test_declaring_…
            else:
                found.append((step, f.name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            found += leaves(item, path + (("item", i),))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            found += leaves(item, path + (("item", key),))
    return found


def _get(obj: Any, step: tuple[str, Any]) -> Any:
    kind, key = step
    return getattr(obj, key) if kind == "attr" else obj[key]


def replaced(obj: Any, path: Path_, value: Any) -> Any:
    """``obj`` with the value at ``path`` replaced (frozen dataclasses such as IndicatorValue are rebuilt)."""
    if not path:
        return value
    (kind, key), rest = path[0], path[1:]
    new_child = replaced(_get(obj, path[0]), rest, value)
    if kind == "item":
        obj[key] = new_child
    elif type(obj).__dataclass_params__.frozen:
        return dataclasses.replace(obj, **{key: new_child})
    else:
        setattr(obj, key, new_child)
    return obj


def changed(value: Any, name: str) -> Any:
    if value is None:
        return _FOR_NONE[name]
    if isinstance(value, str):
        return value + "改"
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, int):
        return value + 1
    raise AssertionError(f"no change known for {name}={value!r}")


@FAST
@given(documents, st.data())
def test_changing_any_single_value_changes_the_digest(doc, data):
    before = digest(doc)
    path, name = data.draw(st.sampled_from(leaves(doc)), label="field")
    edited = copy.deepcopy(doc)
    target = edited
    for step in path:
        target = _get(target, step)
    edited = replaced(edited, path, changed(target, name))
    assert digest(edited) != before, (path, target)


def test_every_field_of_the_model_is_reached_by_the_digest_test():
    """The leaf walk above must see every field of every data class (so a new field cannot hide)."""
    doc = sample_document("2022")
    doc.departments[0].projects[0].children.append(copy.deepcopy(doc.departments[0].projects[1]))
    seen = {name for _, name in leaves(doc)}
    expected = set()
    for cls in (Document, Department, Node, DeclarationForm, FundingBlock, Indicator, IndicatorValue,
                FundingExplanation, Section, BudgetGroup, BudgetLine):
        expected |= {f.name for f in dataclasses.fields(cls)}
    containers = {"departments", "projects", "children", "form", "explanation", "funding", "indicators",
                  "value", "sections", "budget_groups", "lines"}
    assert seen == expected - _NOT_DATA - containers


def test_declaring_or_undeclaring_a_node_changes_the_digest():
    doc = sample_document("2026")
    before = digest(doc)
    project = doc.departments[0].projects[0]
    project.form, project.explanation = DeclarationForm(), FundingExplanation()
    assert digest(doc) != before
    project.form = project.explanation = None
    assert digest(doc) == before
    sub = project.children[0]
    sub.form = sub.explanation = None
    assert digest(doc) != before


def test_digest_ignores_acknowledgements_and_history():
    doc = sample_document("2026")
    before = digest(doc)
    doc.history.append(HistoryEntry(time="2026-01-05T10:00:00", kind="submit", digest=before))
    doc.acknowledgements.append(Acknowledgement("R1", ("部门",), None, "f", "理由", "2026-01-05"))
    assert digest(doc) == before


# ---- what jsonio.loads refuses ---------------------------------------------------------------------

def _sample_data() -> dict:
    return document_to_data(sample_document("2026"))


def _form(data: dict) -> dict:
    return data["departments"][0]["projects"][0]["children"][0]["form"]


def _explanation(data: dict) -> dict:
    return data["departments"][0]["projects"][0]["children"][0]["explanation"]


def _first_line(data: dict) -> dict:
    """A budget line (with its amount as typed) put into the first explanation, to be spoilt by the caller."""
    line = {"label": "保洁服务：", "basis": "", "formula": "", "formula_unit": "wan", "stated_fen": 10_800_000,
            "remark": "", "stated_text": "10.8万", "ending": "；", "children": []}
    _explanation(data)["budget_groups"] = [{"title": "日常办公", "text": "", "numbering": "（1）", "lines": [line]}]
    return line


def _refused(data: Any) -> str:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(jsonio.JsonRefused) as refusal:
        jsonio.loads(text, "x.json")
    message = refusal.value.message
    assert "“x.json”" in message and "\n" not in message
    assert "Error" not in message and "Traceback" not in message
    return message


HOSTILE = {
    "float for money": (lambda d: _form(d)["funding"].__setitem__("fiscal_fen", 7.5), "fiscal_fen"),
    "float that is whole": (lambda d: _form(d)["funding"].__setitem__("fiscal_fen", 78000000.0), "fiscal_fen"),
    "string for money": (lambda d: _form(d)["funding"].__setitem__("fiscal_fen", "78000000"), "fiscal_fen"),
    "bool for money": (lambda d: _form(d)["funding"].__setitem__("fiscal_fen", True), "fiscal_fen"),
    "bool for budget_units": (lambda d: d["departments"][0].__setitem__("budget_units", False), "budget_units"),
    "string for year": (lambda d: d.__setitem__("budget_year", "2026"), "budget_year"),
    "float for year": (lambda d: d.__setitem__("budget_year", 2026.5), "budget_year"),
    "money too large": (lambda d: _form(d)["funding"].__setitem__("fiscal_fen", 10**15), "金额过大"),
    "negative money": (lambda d: _form(d)["funding"].__setitem__("fiscal_fen", -100), "负"),
    "number as float": (lambda d: _form(d)["indicators"][0]["value"].__setitem__("number", 20), "number"),
    "number not canonical": (lambda d: _form(d)["indicators"][0]["value"].__setitem__("number", "20.00"), "规范"),
    "number with exponent": (lambda d: _form(d)["indicators"][0]["value"].__setitem__("number", "1e5"), "规范"),
    "op unknown": (lambda d: _form(d)["indicators"][0]["value"].__setitem__("op", ">="), "比较符"),
    "unit with digits": (lambda d: _form(d)["indicators"][0]["value"].__setitem__("unit", "2万元"), "单位"),
    "date not ISO": (lambda d: _form(d).__setitem__("planned_start", "2026/01/01"), "planned_start"),
    "date as int": (lambda d: _form(d).__setitem__("planned_start", 20260101), "planned_start"),
    "unknown template": (lambda d: _form(d).__setitem__("template", "北京2026"), "模板"),
    "unknown framework": (lambda d: _form(d).__setitem__("framework", "2030"), "指标体系"),
    "unknown kind": (lambda d: d["departments"][0]["projects"][0].__setitem__("kind", "program"), "类型"),
    "unknown formula unit": (lambda d: d["departments"][0]["projects"][0]["children"][0]["explanation"][
        "budget_groups"].append({"title": "", "text": "", "lines": [
            {"label": "", "basis": "", "formula": "", "formula_unit": "元", "stated_fen": None, "remark": "",
             "children": []}]}), "公式单位"),
    "form without explanation": (lambda d: d["departments"][0]["projects"][0]["children"][0].__setitem__(
        "explanation", None), "同时有"),
    "six sections": (lambda d: d["departments"][0]["projects"][0]["children"][0]["explanation"][
        "sections"].pop(), "七个部分"),
    "unknown key": (lambda d: _form(d).__setitem__("colour", "red"), "colour"),
    "missing key": (lambda d: _form(d).pop("annual_goal"), "annual_goal"),
    "duplicate sibling": (lambda d: d["departments"][0]["projects"][0]["children"].append(
        copy.deepcopy(d["departments"][0]["projects"][0]["children"][0])), "同名的子项目"),
    "duplicate department": (lambda d: d["departments"].append(copy.deepcopy(d["departments"][0])), "同名的部门"),
    "text with NUL": (lambda d: _form(d).__setitem__("category", "其他\x00运转类"), "空字符"),
    "lone surrogate": (lambda d: _form(d).__setitem__("category", "其他\ud800"), "代理项"),
    "newer format": (lambda d: d.__setitem__("format_version", 3), "更新版本"),
    "a wording flag that is no bool": (lambda d: _first_line(d).__setitem__("runs_on", 1), "true 或 false"),
    "an unknown numbering": (lambda d: _first_line(d).__setitem__("numbering", "甲"), "不是可用的取值"),
    "an amount text that says another amount": (lambda d: _first_line(d).__setitem__("stated_text", "12万"),
                                                 "不一致"),
    "an unknown wording": (lambda d: _explanation(d).__setitem__("wording", "pretty"), "不是可用的取值"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_json_is_refused_naming_the_place(kind):
    mutate, words = HOSTILE[kind]
    data = _sample_data()
    mutate(data)
    assert words in _refused(data)


def _nested_nodes(levels: int) -> dict:
    data = _sample_data()
    project = data["departments"][0]["projects"][0]
    for i in range(levels - 1):
        child = {"name": f"层{i}", "kind": "sub_project", "form": None, "explanation": None, "children": []}
        project["children"] = [child]
        project = child
    return data


def test_node_nesting_is_limited_to_three_levels():
    jsonio.loads(json.dumps(_nested_nodes(3)))
    assert "嵌套超过 3 层" in _refused(_nested_nodes(4))
    assert "嵌套超过 3 层" in _refused(_nested_nodes(150))


def test_budget_line_nesting_is_limited_to_three_levels():
    def nested(levels: int) -> dict:
        data = _sample_data()
        line = {"label": "", "basis": "", "formula": "", "formula_unit": "wan", "stated_fen": 1, "remark": "",
                "children": []}
        top = copy.deepcopy(line)
        current = top
        for _ in range(levels - 1):
            current["children"] = [copy.deepcopy(line)]
            current = current["children"][0]
        data["departments"][0]["projects"][0]["children"][0]["explanation"]["budget_groups"] = [
            {"title": "", "text": "", "lines": [top]}]
        return data
    jsonio.loads(json.dumps(nested(3)))
    assert "嵌套超过 3 层" in _refused(nested(4))


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "嵌套"),
    ('{"format": "g60desk-document", "format_version": 1, "budget_year": Infinity}', "Infinity"),
    ('{"format": "g60desk-document", "format": "g60desk-document"}', "两次"),
    ('{"format": "g60desk-document", "format_version": 1, "budget_year": ' + "9" * 5000 + "}", "数字"),
    ("not json at all", "不是有效的 JSON"),
    ("[1, 2, 3]", "不是 g60desk"),
    ('{"format": "g60desk-document", "format_version": true}', "版本"),
])
def test_malformed_json_is_refused(text, words):
    assert words in _refused(text)


def test_oversized_input_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)   # sparse: 100 MB without writing them
    with pytest.raises(jsonio.JsonRefused, match="太大"):
        jsonio.read(big)
    assert "太大" in _refused(" " * (jsonio.MAX_JSON_BYTES + 1))


def test_a_bom_from_notepad_is_tolerated(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + jsonio.dumps(sample_document("2022")).encode("utf-8"))
    assert digest(jsonio.read(path)) == digest(sample_document("2022"))


def test_validate_document_refuses_a_float_in_memory():
    doc = sample_document("2026")
    doc.departments[0].projects[0].children[0].form.funding.fiscal_fen = 78000000.0
    with pytest.raises(InvalidDocument, match="金额应为以分为单位的整数"):
        validate_document(doc)
    doc = sample_document("2026")
    doc.departments[0].projects[0].children[1].explanation.budget_groups = [
        BudgetGroup(lines=[BudgetLine(stated_fen=True)])]
    with pytest.raises(ValueError, match="产业创新"):
        validate_document(doc)


def test_the_example_in_the_format_document_imports():
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/json-format.md has no JSON example"
    for block in blocks:
        doc = jsonio.loads(block, "example")
        assert jsonio.dumps(jsonio.loads(jsonio.dumps(doc))) == jsonio.dumps(doc)
        assert document_to_data(doc) == document_to_data(document_from_data(json.loads(block)))


def test_the_wording_keys_load_when_sound_and_are_written_only_when_set():
    data = _sample_data()
    line = _first_line(data)
    doc = jsonio.loads(json.dumps(data, ensure_ascii=False), "x.json")
    loaded = doc.departments[0].projects[0].children[0].explanation
    assert loaded.wording == "typed" and loaded.budget_groups[0].numbering == "（1）"
    first = loaded.budget_groups[0].lines[0]
    assert (first.stated_text, first.ending, first.runs_on, first.numbering) == ("10.8万", "；", False, "")
    written = document_to_data(doc)
    assert _explanation(written)["budget_groups"][0]["lines"][0] == line   # no runs_on/numbering at defaults
    assert "text_runs_on" not in _explanation(written)["budget_groups"][0]


def test_format_1_json_reads_as_format_1_wording_with_its_check_code():
    """A JSON of format 1 has no wording keys: its explanations keep format 1's wording and its 校验码."""
    doc = sample_document("2022")
    for node in doc.departments[0].declared_nodes():
        node.explanation.wording = "legacy"
        for line in node.explanation.iter_lines():
            line.stated_text, line.ending, line.runs_on, line.numbering = "", "", False, ""
        for group in node.explanation.budget_groups:
            group.numbering, group.text_runs_on = "", False
    data = document_to_data(doc)
    data["format_version"] = 1
    text = json.dumps(data, ensure_ascii=False)
    assert '"wording"' not in text and '"stated_text"' not in text and '"runs_on"' not in text
    loaded = jsonio.loads(text, "old.json")
    assert all(n.explanation.wording == "legacy" for n in loaded.departments[0].declared_nodes())
    assert digest(loaded) == digest(doc)


def test_the_digest_is_the_hash_of_the_canonical_data_of_the_whole_document():
    """The 校验码 is hashed a department at a time; it is still SHA-256 of the canonical bytes of data_of(doc)."""
    import copy
    import hashlib

    from g60desk.domain.serialize import canonical_bytes, data_of, digest
    from g60desk.exchange.samples import sample_document

    for year in ("2022", "2026"):
        doc = sample_document(year)
        second = copy.deepcopy(doc.departments[0])
        second.name = "第二个部门"
        for departments in ([], doc.departments, doc.departments + [second]):
            doc.departments = departments
            assert digest(doc) == hashlib.sha256(canonical_bytes(data_of(doc))).hexdigest()
