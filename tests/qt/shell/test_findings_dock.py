"""The 审核 dock on the samples: what it lists, its filters, jumping to a finding, acknowledging a 警告."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from g60desk.checks import RULES
from g60desk.qt.shell.findings_dock import ACKNOWLEDGED, LEVEL, MESSAGE, PLACE, RULE, FindingsModel, finding_counts


def rows(panel) -> list[list[str]]:
    """The dock's table as the clerk reads it (visible rows, all columns)."""
    proxy = panel.proxy
    return [[proxy.index(r, c).data() or "" for c in range(proxy.columnCount())] for r in range(proxy.rowCount())]


def find_row(panel, rule: str, place_part: str) -> int:
    for r, row in enumerate(rows(panel)):
        finding = panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
        if finding.rule == rule and place_part in row[PLACE]:
            return r
    raise AssertionError(f"no {rule} at {place_part}: {rows(panel)}")


@pytest.mark.parametrize("year", ["2022", "2026"])
def test_dock_lists_every_finding_of_the_sample(make_window, sample_copy, qtmodeltester, year):
    window = make_window(sample_copy(year))
    panel = window.findings
    qtmodeltester.check(panel.model)
    findings = window.session.checker.findings()
    assert findings and panel.proxy.rowCount() == len(findings)
    shown = rows(panel)
    # errors first, then warnings, then hints
    levels = [row[LEVEL] for row in shown]
    assert levels == sorted(levels, key=["错误", "警告", "提示"].index)
    for finding in findings:
        said = finding.message + (f"　建议：{finding.fix}" if finding.fix else "")   # the correction, where known
        assert any(row[MESSAGE] == said and row[RULE] == RULES[finding.rule].title for row in shown)
    assert any(f.fix for f in findings) and any("建议：" in row[MESSAGE] for row in shown)
    assert window.findings_dock.isVisible()


def test_place_column_names_node_and_field_in_plain_words(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    row = rows(window.findings)[find_row(window.findings, "F-COST-01", "创新合作")]
    assert row[LEVEL] == "错误"
    assert row[PLACE] == "G60 科创走廊建设 › 创新合作 · 第1行指标·指标值"
    assert "42.00 万元 > 年度资金申请总额 40.00 万元" in row[MESSAGE]


def test_severity_and_node_filters(make_window, sample_copy, qtbot):
    window = make_window(sample_copy("2026"))
    panel = window.findings
    counts = window.session.checker.counts()
    panel.form.infoBox.setChecked(False)
    assert {row[LEVEL] for row in rows(panel)} == {"错误", "警告"}
    assert panel.proxy.rowCount() == counts["error"] + counts["warning"]
    panel.form.infoBox.setChecked(True)
    node = window.session.doc.departments[0].projects[0].children[4]     # 政策研究
    window.select(node)
    panel.form.currentNodeBox.setChecked(True)
    assert rows(panel) and all("政策研究" in row[PLACE] for row in rows(panel))
    window.select(window.session.doc.departments[0])                     # the department: everything
    assert panel.proxy.rowCount() == len(window.session.checker.findings())
    assert "共 " in panel.form.countLabel.text()


def test_double_click_selects_the_node_and_focuses_the_field(make_window, sample_copy, qtbot, monkeypatch):
    window = make_window(sample_copy("2026"))
    panel = window.findings
    calls = []
    original = window.editor.focus_place
    monkeypatch.setattr(window.editor, "focus_place", lambda node, field: (calls.append((node, field)),
                                                                           original(node, field)))
    window.select(window.session.doc.departments[0])
    view = panel.form.findingsView
    index = panel.proxy.index(find_row(panel, "F-COST-01", "创新合作"), MESSAGE)
    view.scrollTo(index)
    # a real double-click: the first click, then the second one that Qt turns into a double-click
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    node = window.session.doc.departments[0].projects[0].children[3]
    assert window.current_target() is node
    assert window.form.nodeTree.currentIndex().data() == "创新合作"
    assert calls == [(node, "indicator:0:value")]


def test_acknowledging_a_warning_keeps_the_reason_in_the_file(make_window, sample_copy, qtbot, reopen):
    path = sample_copy("2026")
    window = make_window(path)
    panel = window.findings
    before = finding_counts(window.session)
    reasons = []
    panel.ask_reason = lambda parent, finding: reasons.append(finding.message) or "财政局口径：单位写作“万”亦可"
    r = find_row(panel, "F-IND-06", "政策研究")
    panel.form.findingsView.setCurrentIndex(panel.proxy.index(r, 0))
    assert panel.form.acknowledgeButton.isEnabled()
    qtbot.mouseClick(panel.form.acknowledgeButton, Qt.MouseButton.LeftButton)
    assert reasons and "委托业务费" in reasons[0] or "评审劳务费" in reasons[0]
    acked = [row for row in rows(panel) if row[ACKNOWLEDGED]]
    assert [row[ACKNOWLEDGED] for row in acked] == ["已确认：财政局口径：单位写作“万”亦可"]
    after = finding_counts(window.session)
    assert after["warning"] == before["warning"] - 1 and after["acknowledged"] == 1
    assert window.count_buttons["warning"].text() == f"警告 {after['warning']}（已确认 1）"
    doc = reopen(path)
    assert [(a.rule, a.path[-1], a.reason) for a in doc.acknowledgements] == [
        ("F-IND-06", "政策研究", "财政局口径：单位写作“万”亦可")]
    # undo takes the acknowledgement back, in the window and in the file
    window.form.actionUndo.trigger()
    assert not any(row[ACKNOWLEDGED] for row in rows(panel))
    assert reopen(path).acknowledgements == []


def test_errors_cannot_be_acknowledged(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    panel = window.findings
    panel.form.findingsView.setCurrentIndex(panel.proxy.index(find_row(panel, "F-COST-01", "创新合作"), 0))
    assert not panel.form.acknowledgeButton.isEnabled()


def test_a_too_short_reason_is_refused_with_the_rule(make_window, sample_copy, monkeypatch, reopen):
    path = sample_copy("2026")
    window = make_window(path)
    panel = window.findings
    said = []
    monkeypatch.setattr("g60desk.qt.shell.findings_dock.QMessageBox.warning", lambda *a: said.append(a[2]))
    panel.ask_reason = lambda parent, finding: "好"
    panel.form.findingsView.setCurrentIndex(panel.proxy.index(find_row(panel, "F-IND-06", "政策研究"), 0))
    panel.acknowledge_selected()
    assert said == ["请写明确认这条警告的理由（至少 2 个字）。"]
    assert reopen(path).acknowledgements == []


def test_withdrawing_an_acknowledgement(make_window, sample_copy, reopen):
    path = sample_copy("2026")
    window = make_window(path)
    panel = window.findings
    panel.ask_reason = lambda parent, finding: "已与财政局核对"
    panel.form.findingsView.setCurrentIndex(panel.proxy.index(find_row(panel, "F-CONS-02", "宣传推广"), 0))
    panel.acknowledge_selected()
    panel.form.findingsView.setCurrentIndex(panel.proxy.index(find_row(panel, "F-CONS-02", "宣传推广"), 0))
    assert panel.form.withdrawButton.isEnabled()
    panel.withdraw_selected()
    assert reopen(path).acknowledgements == []


def test_findings_follow_an_edit_without_a_reset(sample_copy, qtbot, qtmodeltester):
    from g60desk.services.session import Session
    session = Session.open(sample_copy("2022"))
    try:
        model = FindingsModel(session)
        qtmodeltester.check(model)
        session.listeners.append(lambda change: model.refresh())
        node = session.doc.departments[0].projects[1]                 # 宣传与推广: 85 ≠ 70
        assert any(model.finding(r).rule == "F-SUM-01" for r in range(model.rowCount()))
        session.set_form_field(node, "annual_request_fen", "850000")
        assert not any(model.finding(r).rule == "F-SUM-01" for r in range(model.rowCount()))
        assert model.rowCount() == len(session.checker.findings())
    finally:
        session.close()


def test_return_on_a_finding_jumps_too(make_window, sample_copy, qtbot):
    window = make_window(sample_copy("2026"))
    panel = window.findings
    view = panel.form.findingsView
    view.setCurrentIndex(panel.proxy.index(find_row(panel, "F-CONS-02", "宣传推广"), 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.current_target().name == "宣传推广"


def test_an_edit_changes_the_rows_of_its_department_only(tmp_path, qtmodeltester, monkeypatch):
    """After an edit of one form the list looks at that department's findings only, and ends up as a full
    refresh would (the same rows, in the checker's order)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from benchmarks.generate import Size, build_document
    from g60desk.services.session import Session
    from g60desk.store import Store

    path = tmp_path / "bureau.g60"
    size = Size(departments=3, projects_per_department=2, subprojects_per_project=2)
    Store.create(path, build_document(size)).close()
    session = Session.open(path)
    try:
        model = FindingsModel(session)
        qtmodeltester.check(model)
        first, second, third = session.doc.departments
        session.listeners.append(lambda change: model.refresh(first))
        changed = []
        model.dataChanged.connect(lambda top, bottom, roles=(): changed.append(model.finding(top.row()).path[0]))
        model.rowsInserted.connect(lambda parent, a, b: changed.append(model.finding(a).path[0]))
        monkeypatch.setattr(session.checker, "findings", lambda: pytest.fail("the whole file was looked at"))
        node = first.projects[1].children[0]
        session.set_form_field(node, "annual_request_fen", "1")          # 年度资金申请总额 ≠ the budget lines
        session.set_form_field(node, "planned_end", "2025-01-01")       # before the start: an 错误 more
        assert changed and set(changed) == {first.name}
        monkeypatch.undo()
        assert model.findings() == session.checker.findings()
    finally:
        session.close()


def test_counts_of_the_status_bar_leave_out_acknowledged_warnings(sample_copy):
    from g60desk.checks import is_acknowledged
    from g60desk.services.session import Session

    session = Session.open(sample_copy("2026"))
    try:
        warning = next(f for f in session.checker.findings() if f.severity == "warning")
        session.acknowledge(warning, "已与财政局核对")
        counts = finding_counts(session)
        findings = session.checker.findings()
        acks = session.doc.acknowledgements
        accepted = sum(1 for f in findings if is_acknowledged(f, acks))
        assert accepted == 1 and counts["acknowledged"] == 1
        for severity in ("error", "warning", "info"):
            open_ = [f for f in findings if f.severity == severity and not is_acknowledged(f, acks)]
            assert counts[severity] == len(open_)
    finally:
        session.close()
