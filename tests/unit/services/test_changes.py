"""与上次报送比较: the file keeps a copy of what it submitted, and lists each place changed since."""
from __future__ import annotations

import sqlite3

from g60desk.exchange.submit import submit
from g60desk.services.changes import changes_in_file
from g60desk.services.session import Session


def declared(session):
    return next(node for _, node in session.doc.iter_nodes() if node.declared)


def test_a_draft_has_nothing_to_compare(sample_copy):
    result = changes_in_file(sample_copy("2026"))
    assert result.changes == [] and "还没有导出过报送文件" in result.problem


def test_right_after_a_submission_nothing_changed(sample_copy, tmp_path):
    path = sample_copy("2026")
    submit(path, tmp_path / "out.g60", "按批复")
    result = changes_in_file(path)
    assert result.problem is None and result.changes == []
    assert "没有变化" in result.lines()[0]


def test_each_change_since_the_submission_is_listed_with_both_values(sample_copy, tmp_path):
    path = sample_copy("2026")
    submit(path, tmp_path / "out.g60", "按批复")
    session = Session.open(path)
    session.unlock("财政局要求调整")
    node = declared(session)
    session.set_form_field(node, "annual_request_fen", "80万")
    session.set_indicator_cells(node, 0, 3, [["≤25万元"]])
    session.close()
    result = changes_in_file(path)
    assert [(c.path, c.field, c.old, c.new) for c in result.changes] == [
        (("G60 科创走廊建设", "金融赋能"), "年度资金申请总额", "780,000.00 元", "800,000.00 元"),
        (("G60 科创走廊建设", "金融赋能"),
         "绩效指标（成本指标/经济成本指标/开展 2026 年长三角 G60 科创走廊 ESG 发展指数编制）",
         "≤20.00(万元)", "≤25.00(万元)")]
    data = result.as_dict()
    assert data["status"] == "unlocked" and data["changes"][0]["submitted"] == "780,000.00 元"


def test_a_submission_without_a_kept_copy_says_why_it_cannot_compare(sample_copy, tmp_path):
    path = sample_copy("2022")
    submit(path, tmp_path / "out.g60", "按批复")
    conn = sqlite3.connect(path)                 # as a file submitted by an earlier version of the program
    conn.execute("DELETE FROM meta WHERE key = 'submitted_copy'")
    conn.commit()
    conn.close()
    assert "没有在文件中保存报送内容的副本" in changes_in_file(path).problem
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO meta VALUES ('submitted_copy', 'not base64 at all')")
    conn.commit()
    conn.close()
    assert "已损坏" in changes_in_file(path).problem


def test_changes_on_a_wan_form_show_its_amounts_in_wan(tmp_path):
    # 湘潭's form is in 万元 (250万): the comparison said 2,500,000.00 元 → 2,600,000.00 元 for 260 typed
    from g60desk.domain.model import form_of
    from g60desk.exchange.diff import diff_departments
    from g60desk.exchange.samples import sample_document
    before, after = sample_document("湘潭2023"), sample_document("湘潭2023")
    node = next(n for _, n in after.departments[0].iter_nodes() if n.declared)
    form_of(node).funding.annual_request_fen = 260 * 1_000_000
    [change] = diff_departments(before.departments[0], after.departments[0])
    assert (change.old, change.new) == ("250 万元", "260 万元")


def test_changes_are_named_and_shown_in_the_forms_own_words(tmp_path):
    """On a 湘潭 form the comparison says 年度本级 预算金额 and 实施期止 2024.02, as the form does — not 上海's words
    and an ISO date."""
    from g60desk.exchange.samples import sample_document
    from g60desk.store import Store
    path = tmp_path / "湘潭.g60"
    Store.create(path, sample_document("湘潭2023")).close()
    submit(path, tmp_path / "out.g60", "按批复")
    session = Session.open(path)
    session.unlock("财政局要求调整")
    node = declared(session)
    session.set_form_field(node, "annual_request_fen", "260")
    session.set_form_field(node, "planned_end", "2024.02")
    session.close()
    found = {c.field: (c.old, c.new) for c in changes_in_file(path).changes}
    assert found["年度本级 预算金额"][1] == "260 万元" and "年度资金申请总额" not in found
    assert found["实施期止"][1] == "2024.02" and "计划完成日期" not in found
