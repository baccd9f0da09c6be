"""The services: every edit is on disk when it returns, one undo step each, refusals change nothing."""
from __future__ import annotations

import pytest

from g60desk.domain.serialize import digest
from g60desk.domain.textnorm import ParseError
from g60desk.services.session import EditRefused, LinePath, Session, line_at
from g60desk.store import Store


def reopened(path):
    with Store.open(path, readonly=True) as store:
        return store.load()


@pytest.fixture
def session2026(sample_copy):
    session = Session.open(sample_copy("2026"))
    yield session
    session.close()


def first_form(session):
    return session.doc.departments[0].projects[0].children[0]


def test_typed_amount_is_parsed_stored_and_on_disk(session2026):
    node = first_form(session2026)
    session2026.set_form_field(node, "annual_request_fen", "７８，０００．００")
    assert node.form.funding.annual_request_fen == 7_800_000
    again = reopened(session2026.path).find(session2026.path_of(node))
    assert again.form.funding.annual_request_fen == 7_800_000


def test_clearing_an_amount_leaves_it_blank_on_disk_and_undo_brings_it_back(session2026):
    node = first_form(session2026)
    assert node.form.funding.annual_request_fen == 78_000_000
    session2026.set_form_field(node, "annual_request_fen", "")
    assert node.form.funding.annual_request_fen is None
    assert reopened(session2026.path).find(session2026.path_of(node)).form.funding.annual_request_fen is None
    session2026.undo_stack.undo()
    assert reopened(session2026.path).find(session2026.path_of(node)).form.funding.annual_request_fen == 78_000_000


def test_refused_amount_changes_nothing(session2026):
    node = first_form(session2026)
    before = digest(session2026.doc)
    with pytest.raises(ParseError) as refusal:
        session2026.set_form_field(node, "annual_request_fen", "12abc")
    assert "12abc" in refusal.value.message
    assert digest(session2026.doc) == before == digest(reopened(session2026.path))
    assert not session2026.undo_stack.can_undo()


def test_undo_and_redo_go_to_disk_too(session2026):
    node = first_form(session2026)
    original = digest(session2026.doc)
    session2026.set_form_field(node, "planned_end", "2026年6月30日")
    changed = digest(session2026.doc)
    session2026.undo_stack.undo()
    assert digest(session2026.doc) == original == digest(reopened(session2026.path))
    session2026.undo_stack.redo()
    assert digest(session2026.doc) == changed == digest(reopened(session2026.path))


def test_paste_block_grows_rows_is_one_step_and_reports_refusals(session2026):
    node = first_form(session2026)
    rows_before = len(node.form.indicators)
    block = [["产出指标", "数量指标", "新指标甲", ">=3次"],
             ["产出指标", "时效指标", "新指标乙", "≥ 85 %"],
             ["效益指标", "社会效益指标", "新指标丙", "≤1e5"]]
    refusals = session2026.set_indicator_cells(node, rows_before, 0, block)
    assert [(r.row, r.column) for r in refusals] == [(rows_before + 2, "value")]
    assert len(node.form.indicators) == rows_before + 3
    assert node.form.indicators[rows_before].value.number == "3"
    assert node.form.indicators[rows_before + 1].value.op == "≥"
    assert len(reopened(session2026.path).find(session2026.path_of(node)).form.indicators) == rows_before + 3
    session2026.undo_stack.undo()
    assert len(node.form.indicators) == rows_before
    assert len(reopened(session2026.path).find(session2026.path_of(node)).form.indicators) == rows_before


def test_tree_add_rename_move_delete_and_undo(session2026):
    dept = session2026.doc.departments[0]
    project = dept.projects[0]
    new = session2026.add_node(dept, "新项目")
    sub = session2026.add_node(new, "子项目一")
    assert [n.name for n in dept.projects] == ["G60 科创走廊建设", "新项目"]
    with pytest.raises(EditRefused):
        session2026.add_node(new, "子项目一")
    session2026.rename_node(sub, "子项目甲")
    session2026.move_node(sub, project, 0)
    assert project.children[0] is sub and sub.kind == "sub_project"
    session2026.move_node(sub, dept, 0)
    assert dept.projects[0] is sub and sub.kind == "project"
    disk = reopened(session2026.path)
    assert [n.name for n in disk.departments[0].projects] == ["子项目甲", "G60 科创走廊建设", "新项目"]
    session2026.delete_node(new)
    assert [n.name for n in reopened(session2026.path).departments[0].projects] == ["子项目甲", "G60 科创走廊建设"]
    while session2026.undo_stack.can_undo():
        session2026.undo_stack.undo()
    assert [n.name for n in reopened(session2026.path).departments[0].projects] == ["G60 科创走廊建设"]
    assert len(project.children) == 6


def test_budget_lines_with_formula(session2026):
    node = first_form(session2026)
    session2026.add_group(node, "日常办公")
    refusals = session2026.set_line_cells(node, 0, 0, 0, [["保洁服务", "2名保洁员，每月9000元", "0.9*12", "10.8", ""],
                                                          ["坏公式", "", "(1+", "1", ""]])
    assert [(r.row, r.column) for r in refusals] == [(1, "formula")]
    line = line_at(node.explanation.budget_groups, LinePath(0, (0,)))
    assert (line.formula, line.stated_fen) == ("0.9*12", 10_800_000)
    disk = reopened(session2026.path).find(session2026.path_of(node))
    assert disk.explanation.budget_groups[0].lines[0].stated_fen == 10_800_000


def test_readonly_session_refuses_edits(sample_copy):
    session = Session.open(sample_copy("2022"), readonly=True)
    node = session.doc.departments[0].projects[0]
    with pytest.raises(EditRefused, match="只读"):
        session.set_form_field(node, "category", "新类别")
    session.close()


def test_acknowledged_warning_is_kept_in_the_file(session2026):
    from g60desk.checks import is_acknowledged
    warning = next(f for f in session2026.checker.findings() if f.severity == "warning")
    session2026.acknowledge(warning, "经办人已与财政局核对")
    disk = reopened(session2026.path)
    assert is_acknowledged(warning, disk.acknowledgements)
    assert disk.acknowledgements[0].reason == "经办人已与财政局核对"


def test_live_findings_follow_edits(session2026):
    node = first_form(session2026)
    path = session2026.path_of(node)
    before = len(session2026.checker.for_path(path))
    session2026.set_form_field(node, "appropriation_fen", "1")
    assert len(session2026.checker.for_path(path)) > before
    session2026.undo_stack.undo()
    assert len(session2026.checker.for_path(path)) == before


def test_sort_indicators_puts_rows_in_printed_order_in_one_step(session2026):
    node = first_form(session2026)
    session2026.set_indicator_cells(node, len(node.form.indicators), 0,
                                    [["成本指标", "经济成本指标", "后补的成本", "≤1万元"]])
    assert node.form.indicators[-1].name == "后补的成本"
    assert session2026.sort_indicators(node) is True
    assert [i.level1 for i in node.form.indicators] == ["成本指标"] * 5 + ["产出指标"] * 2 + ["效益指标", "满意度指标"]
    assert node.form.indicators[4].name == "后补的成本"          # stable: after the four earlier 成本 rows
    assert session2026.sort_indicators(node) is False
    session2026.undo_stack.undo()
    assert node.form.indicators[-1].name == "后补的成本"


def test_typed_item_numbers_are_dropped_because_the_form_numbers_groups_and_lines_itself(session2026):
    node = first_form(session2026)
    session2026.add_group(node, "一、课题研究")
    session2026.set_line_cells(node, 0, 0, 0, [["（1）专家咨询费", "（1）10人次", "", "3", ""],
                                               ["2、评审劳务费", "", "", "1", ""],
                                               ["1.5万吨运输", "", "", "1", ""]])
    group = node.explanation.budget_groups[0]
    assert group.title == "课题研究"                       # printed "一、课题研究", not "一、一、课题研究"
    assert [line.label for line in group.lines] == ["专家咨询费", "评审劳务费", "1.5万吨运输"]
    assert group.lines[0].basis == "（1）10人次"             # only the name is numbered by the form
    session2026.set_group_field(node, 0, "title", "（二）课题研究与评审")
    assert node.explanation.budget_groups[0].title == "课题研究与评审"


def test_a_large_document_is_taken_out_of_the_collectors_full_passes(tmp_path):
    """After a large file is loaded and checked its objects are frozen (gc.freeze): full collections inside the
    edits that follow do not walk them again. A small file is left as it is."""
    import gc
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from benchmarks.generate import Size, build_document
    from g60desk.services.session import LARGE_DOCUMENT_ROWS, document_rows

    gc.unfreeze()
    try:
        small, large = tmp_path / "small.g60", tmp_path / "large.g60"
        Store.create(small, build_document(Size(departments=1, projects_per_department=1))).close()
        Store.create(large, build_document(Size(departments=4))).close()
        Session.open(small).close()
        assert gc.get_freeze_count() == 0
        session = Session.open(large)
        assert document_rows(session.doc) >= LARGE_DOCUMENT_ROWS
        assert gc.get_freeze_count() > 0
        session.close()
    finally:
        gc.unfreeze()


def acknowledged_rules(session):
    from g60desk.checks import is_acknowledged
    return sorted((f.rule, f.path[-1]) for f in session.checker.findings()
                  if f.severity == "warning" and is_acknowledged(f, session.doc.acknowledgements))


def test_acknowledged_warnings_follow_a_rename_of_the_department_or_a_project(session2026):
    session = session2026
    warnings = [f for f in session.checker.findings() if f.severity == "warning"]
    for finding in warnings:
        session.acknowledge(finding, "已与财政局核对")
    everything = acknowledged_rules(session)
    assert len(everything) == len(warnings) >= 5
    dept = session.doc.departments[0]
    session.set_department_field(dept, "name", "长三角G60科创走廊创新研究中心")
    project = dept.projects[0]
    session.rename_node(project, "G60科创走廊建设项目")
    kept = acknowledged_rules(session)
    # a warning that reads the department's own name (主管部门/实施单位 written otherwise) looked at other
    # data after the rename and is open again; every other acknowledgement followed its place
    names_read = {f.rule for f in warnings if f.rule == "F-CONS-01"}
    assert [r for r in everything if r[0] not in names_read] == [r for r in kept if r[0] not in names_read]
    on_disk = reopened(session.path).acknowledgements
    assert all(ack.path[0] == "长三角G60科创走廊创新研究中心" for ack in on_disk if ack.rule not in names_read)
    assert any(ack.path[1:2] == ("G60科创走廊建设项目",) for ack in on_disk)
    session.undo_stack.undo()
    session.undo_stack.undo()                        # undo brings names and places back together
    assert acknowledged_rules(session) == everything
    assert {tuple(a.path[:1]) for a in reopened(session.path).acknowledgements} == {(dept.name,)}


def test_the_first_declared_sub_project_of_a_fresh_project_makes_it_a_grouping_node(session2026):
    from g60desk.domain.summary import summarize_department
    session = session2026
    dept = session.doc.departments[0]
    before = summarize_department(dept).total_fen
    project = session.add_node(dept, "新项目")                    # declared, nothing typed
    assert project.declared and session.declaration_untouched(project)
    child = session.add_node(project, "新子项目")
    assert child.declared and not project.declared               # the project now only groups
    session.set_form_field(child, "annual_request_fen", "10万")
    assert summarize_department(dept).total_fen == before + 10_000_000
    session.undo_stack.undo()
    session.undo_stack.undo()                                    # one step: the child goes, the form comes back
    assert project.declared and project.children == []
    again = reopened(session.path).find(session.path_of(project))
    assert again.declared and again.children == []


def test_a_filled_project_form_is_kept_unless_the_clerk_asks(session2026):
    session = session2026
    dept = session.doc.departments[0]
    project = session.add_node(dept, "新项目")
    session.set_form_field(project, "annual_request_fen", "30万")
    assert session.parent_form_question(project)
    session.add_node(project, "甲")                              # "auto": a filled form stays
    assert project.declared and not session.parent_form_question(project)
    other = session.add_node(dept, "另一个项目")
    session.set_form_field(other, "annual_request_fen", "5万")
    session.add_node(other, "乙", parent_form="drop")
    assert not other.declared


def test_a_declared_project_stands_for_its_declared_sub_projects_in_the_totals():
    from g60desk.domain.model import DeclarationForm, Department, FundingBlock, Node
    from g60desk.domain.summary import requested_fen, summarize_department

    def declared(name, fen, children=()):
        return Node(name, form=DeclarationForm(funding=FundingBlock(annual_request_fen=fen)), children=list(children))
    project = declared("项目", 300, [declared("甲", 100), declared("乙", 200)])
    dept = Department("局", projects=[project, declared("另一项目", 50)])
    assert requested_fen(dept) == 350 and summarize_department(dept).total_fen == 350   # not 650
    assert summarize_department(dept).declared_forms == 4


def test_typed_words_give_a_formula_its_unit_and_a_switch_by_hand_stays_until_they_are_typed_again(session2026):
    node = first_form(session2026)
    session2026.set_budget(node, [], "清空")
    session2026.add_group(node, "物业")
    session2026.set_line_cells(node, 0, 0, 0, [["物业管理费", "面积 1,469 平，按 16 元/平/月", "1469*16*12", "28.20"]])
    line = lambda: node.explanation.budget_groups[0].lines[0]   # noqa: E731
    assert line().formula_unit == "yuan"
    session2026.set_line_formula_unit(node, LinePath(0, (0,)), "wan")
    session2026.set_line_cells(node, 0, 0, 3, [["28.2"]])          # the amount: no words typed, the switch stays
    assert line().formula_unit == "wan"
    session2026.set_line_cells(node, 0, 0, 1, [["面积 1,469 平，按 16 元/平/月（含税）"]])
    assert line().formula_unit == "yuan"
    assert reopened(session2026.store.path).departments[0].projects[0].children[0].explanation \
        .budget_groups[0].lines[0].formula_unit == "yuan"


def test_the_saves_of_one_stint_of_typing_are_one_undo_step(session2026):
    node = first_form(session2026)
    before = node.form.funding.annual_request_fen
    steps = session2026.undo_stack.index()
    with session2026.merging(("stint", 1)):
        session2026.set_form_field(node, "annual_request_fen", "5")
    with session2026.merging(("stint", 1)):
        session2026.set_form_field(node, "annual_request_fen", "500")
    with session2026.merging(("stint", 2)):                        # another stint: its own step
        session2026.set_form_field(node, "annual_request_fen", "600")
    assert session2026.undo_stack.index() == steps + 2
    session2026.undo_stack.undo()
    assert node.form.funding.annual_request_fen == 50_000
    session2026.undo_stack.undo()
    assert node.form.funding.annual_request_fen == before
    assert reopened(session2026.store.path).departments[0].projects[0].children[0].form.funding \
        .annual_request_fen == before
    with session2026.merging(("stint", 3)):
        session2026.set_form_field(node, "annual_request_fen", "7")
    assert session2026.cancel_stint(("stint", 3)) and node.form.funding.annual_request_fen == before
    assert not session2026.cancel_stint(("stint", 3))


def test_new_words_with_a_unit_price_do_not_re_read_a_formula_written_before(session2026):
    node = first_form(session2026)
    session2026.set_budget(node, [], "清空")
    session2026.add_group(node, "办公")
    session2026.set_line_cells(node, 0, 0, 0, [["电费", "", "0.2*12", "2.4"]])
    session2026.set_line_cells(node, 0, 0, 1, [["另含保洁 16 元/平/月"]])        # a price, not this formula's number
    assert node.explanation.budget_groups[0].lines[0].formula_unit == "wan"
    session2026.set_line_cells(node, 0, 0, 1, [["每月 0.2 元"]])                 # the formula's own number, in 元
    assert node.explanation.budget_groups[0].lines[0].formula_unit == "yuan"
