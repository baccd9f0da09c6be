"""The limits of domain/limits.py on every way in (issue 14 §3): typing and pasting through the services,
导入Excel (import-json, merge and open are in the hostile corpus); names are one line; and work on anything
the limits let through ends in bounded time."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import UNDER_TEST, subprocess_env

from g60desk.domain import limits
from g60desk.services.session import EditRefused, Session
from g60desk.store import Store

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"


@pytest.fixture
def session(copy_of):
    opened = Session.open(copy_of("2026"))
    yield opened
    opened.close()


def _node(session):
    return session.doc.departments[0].projects[0].children[0]


def _reopened(session):
    with Store.open(session.path, readonly=True) as store:
        return store.load()


def test_typing_rows_beyond_a_forms_limit_is_refused_and_changes_nothing(session):
    node = _node(session)
    room = limits.INDICATORS_PER_FORM - len(node.form.indicators)
    rows = [["产出指标", "数量指标", f"指标{i}", "1"] for i in range(room + 1)]
    with pytest.raises(EditRefused) as refused:
        session.set_indicator_cells(node, len(node.form.indicators), 0, rows)
    assert "绩效指标太多" in refused.value.message and f"上限 {limits.INDICATORS_PER_FORM}" in refused.value.message
    assert len(_reopened(session).find(session.path_of(node)).form.indicators) == limits.INDICATORS_PER_FORM - room
    session.set_indicator_cells(node, len(node.form.indicators), 0, rows[:room])   # up to the limit is fine
    assert len(node.form.indicators) == limits.INDICATORS_PER_FORM
    with pytest.raises(EditRefused):
        session.insert_indicators(node, 0)


def test_pasting_budget_lines_beyond_the_limit_is_refused(session):
    node = _node(session)
    session.add_group(node, "分组")
    rows = [[f"明细{i}", "", "", "1", ""] for i in range(limits.LINES_PER_FORM + 1)]
    with pytest.raises(EditRefused) as refused:
        session.set_line_cells(node, 0, 0, 0, rows)
    assert "预算明细太多" in refused.value.message
    assert sum(len(g.lines) for g in node.explanation.budget_groups) == 0


def test_text_that_would_take_a_form_past_its_text_limit_is_refused(session):
    node = _node(session)
    long = "长" * limits.TEXT_CHARS
    for key in ("overview", "basis", "implementer", "plan", "period", "budget", "targets"):
        session.set_section_text(node, key, long)
    session.set_form_field(node, "overall_goal", long)
    session.set_form_field(node, "annual_goal", long)           # 180,000 characters so far
    rows = [["产出指标", "数量指标", "名" * 1000, "1"] for _ in range(20)]
    with pytest.raises(EditRefused) as refused:
        session.set_indicator_cells(node, len(node.form.indicators), 0, rows)
    assert "文字太多" in refused.value.message
    with pytest.raises(EditRefused):
        session.set_section_text(node, "overview", long + "")  # unchanged: no edit, so no refusal either
        session.set_indicator_cells(node, len(node.form.indicators), 0, rows)
    reopened = _reopened(session).find(session.path_of(node))   # what was saved opens again
    assert reopened.form.annual_goal == long and not any(i.name == "名" * 1000 for i in reopened.form.indicators)


def test_the_fields_a_template_adds_count_towards_the_forms_text_limit(tmp_path):
    """甘肃2023 adds a dozen narrative fields to its form: each may hold a text's limit, not all of them."""
    from g60desk.exchange.samples import sample_document
    path = tmp_path / "甘肃.g60"
    Store.create(path, sample_document("甘肃2023")).close()
    session = Session.open(path)
    try:
        node = next(n for _, n in session.doc.iter_nodes() if n.declared)
        keys = ["situation", "necessity", "measures", "policy_basis", "other_basis", "other_issues",
                "parent_project", "project_class", "fund_use", "fund_nature", "organizer", "overseer"]
        long = "长" * (limits.TEXT_CHARS - 100)
        session.set_form_values(node, dict.fromkeys(keys[:9], long))      # 179,100 characters: accepted
        before = node.form.extra.get("overseer")
        with pytest.raises(EditRefused) as refused:
            session.set_form_values(node, dict.fromkeys(keys[9:], long))
        assert "文字太多" in refused.value.message and node.form.extra.get("overseer") == before != long
    finally:
        session.close()
    with Store.open(path, readonly=True) as store:   # what was saved opens again
        assert next(n for _, n in store.load().iter_nodes() if n.declared).form.extra["fund_use"] == long


@pytest.mark.parametrize("text", ["伪造\n[已导入] 假部门", "部门\u202egpj.exe", "制表\t部门", "段落\u2029分隔"])
def test_names_are_one_line_wherever_they_are_typed(session, text):
    dept = session.doc.departments[0]
    node = _node(session)
    for edit in (lambda: session.set_department_field(dept, "name", text),
                 lambda: session.rename_node(node, text),
                 lambda: session.add_node(dept, text),
                 lambda: session.set_form_field(node, "implementing_unit", text),
                 lambda: session.set_form_field(node, "supervising_dept", text)):
        with pytest.raises(EditRefused) as refused:
            edit()
        assert "名称中不能有" in refused.value.message or "不能有" in refused.value.message
    assert dept.name != text and node.name != text


def test_the_default_submission_name_has_no_bidi_override():
    from g60desk.domain.model import Department, Document
    from g60desk.exchange.submit import default_name
    bidi = Department(name="部门\u202egpj.exe")
    name = default_name(Document(budget_year=2026, template="上海2026", departments=[bidi]))
    assert "\u202e" not in name and name.endswith("_绩效目标申报.g60")


def test_excel_import_refuses_a_form_with_more_rows_than_its_limit(session, tmp_path):
    from openpyxl import load_workbook

    from g60desk.exchange.xlsx import export_xlsx
    from g60desk.exchange.xlsx_import import apply_import, read_xlsx
    node = _node(session)
    book = tmp_path / "导出.xlsx"
    export_xlsx(session.doc, book)
    workbook = load_workbook(book)
    sheet = workbook["绩效指标"]
    template = [c.value for c in sheet[2]]
    for i in range(limits.INDICATORS_PER_FORM + 5):
        sheet.append(template[:4] + [f"新指标{i}", None, None, None, "完成", "完成"])
    workbook.save(book)
    plan = read_xlsx(book, session.doc)
    refused = [str(c) for c in plan.all_refused()]
    assert any("超过上限" in text for text in refused), refused[:3]
    before = [i.name for i in node.form.indicators]
    apply_import(session, plan)
    target = next(n for n in plan.nodes if any("超过上限" in c.message for c in n.refused)).node
    assert len(target.form.indicators) <= limits.INDICATORS_PER_FORM
    assert [i.name for i in node.form.indicators] == before or target is not node


def test_the_documented_table_is_the_one_in_domain_limits():
    text = DOCS.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (.+?) \| (.+?) \| (.+?) \|$", text, flags=re.M))
    for limit in limits.TABLE:
        value = (f"{limit.value // (1024 * 1024):,} MB" if limit.unit == "字节" else f"{limit.value:,} {limit.unit}")
        assert (limit.what, limit.scope, value) in rows, limit


BIG = """
import json, resource, sys, time
from g60desk.domain import limits
from g60desk.domain.model import BudgetGroup, BudgetLine, Indicator
from g60desk.domain.validate import validate_document
from g60desk.domain.values import IndicatorValue
from g60desk.exchange.samples import sample_document
doc = sample_document("2026")
per = (limits.FORM_TEXT_CHARS - 20000) // (limits.INDICATORS_PER_FORM + limits.LINES_PER_FORM)
for node in doc.departments[0].projects[0].children[:int(sys.argv[2])]:
    node.form.indicators = [Indicator("产出指标", "数量指标", ("指标名称" * 100)[:per],
                                      IndicatorValue(op="≥", number="1", unit="个"))
                            for _ in range(limits.INDICATORS_PER_FORM)]
    node.explanation.budget_groups = [BudgetGroup(title=f"分组{g}", lines=[
                                      BudgetLine(label=("明细" * 100)[:per], stated_fen=100)
                                       for _ in range(limits.LINES_PER_FORM // 10)]) for g in range(10)]
validate_document(doc)
started = time.monotonic()
if sys.argv[1] == "print":
    from g60desk.report.render import render_pdf
    render_pdf(doc, sys.argv[3])
else:
    from g60desk.exchange.xlsx import export_xlsx
    export_xlsx(doc, sys.argv[3])

def own_peak_kb():   # ru_maxrss would count the peak of the pytest process this one was forked from
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


print(json.dumps({"seconds": time.monotonic() - started, "mb": own_peak_kb() // 1024}))
"""


@pytest.mark.parametrize("verb", ["print", "xlsx"])
def test_forms_at_every_limit_print_and_export_in_bounded_time(verb, tmp_path):
    """Six 申报 each at every per-form limit (3,000 indicator rows, 12,000 budget lines): a guard against
    work that grows faster than the document (the Excel export took 16 s for one such form, quadratic in
    its rows); the speed itself is measured in benchmarks/."""
    out = tmp_path / ("out.pdf" if verb == "print" else "out.xlsx")
    done = subprocess.run([sys.executable, "-c", BIG, verb, "6", str(out)], capture_output=True, text=True,
                          timeout=300, env=subprocess_env(), cwd=UNDER_TEST or None)
    assert done.returncode == 0, done.stderr
    cost = json.loads(done.stdout.splitlines()[-1])
    assert cost["seconds"] < 45 and cost["mb"] < 1024, cost
    assert out.stat().st_size > 0
