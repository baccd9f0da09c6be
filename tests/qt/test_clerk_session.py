"""A clerk's whole session in the window (issue 4): a new department file, a project with two sub-projects,
header and funding, six indicators across all 一级 (three typed, a 3×4 block pasted from Excel), five
budget lines with formulas; totals and findings follow the typing; a finding is fixed by jumping to it;
undo and redo; the window is closed and the file opened again: everything is there.

Chinese is typed as an IME delivers it (a commit string); digits and formulas with the keyboard."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialogButtonBox, QLineEdit

from g60desk.qt.editors import budget_model as bm
from g60desk.qt.editors.indicator_model import LEVEL1, LEVEL2, NAME, VALUE
from g60desk.qt.editors.node_editor import BASIC_TAB, EXPLANATION_TAB, GOALS_TAB
from g60desk.qt.shell.files import NewFileDialog
from g60desk.qt.shell.findings_dock import FINDING_ROLE, MESSAGE

FOCUS = QApplication.focusWidget


def ime(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_text(qtbot, widget, text: str) -> None:
    """Into the focused widget: ASCII with the keys, Chinese (or anything else) as an IME commit."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        ime(widget, text)


def fill_field(qtbot, edit, text: str, key=Qt.Key.Key_Tab) -> None:
    edit.setFocus()
    edit.selectAll()
    type_text(qtbot, edit, text)
    qtbot.keyClick(edit, key)


def fill_cell(qtbot, view, index, text: str) -> None:
    """Select a grid cell and type over it, as in Excel; Tab commits."""
    view.setFocus()
    view.setCurrentIndex(index)
    if text.isascii():
        qtbot.keyClicks(view, text[0])               # the first key opens the cell editor
        qtbot.keyClicks(FOCUS(), text[1:])
    else:
        ime(view, text)                              # an IME commit opens it too
    qtbot.keyClick(FOCUS(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def name_in_place(qtbot, window, text: str) -> None:
    """The tree has just added a row and opened its name for editing: type the real name."""
    editor = FOCUS()
    assert isinstance(editor, QLineEdit) and window.form.nodeTree.isAncestorOf(editor)
    editor.selectAll()
    ime(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_target().name == text)


def dock_rows(window) -> list[tuple[str, str, str | None, str]]:
    proxy = window.findings.proxy
    out = []
    for r in range(proxy.rowCount()):
        finding = proxy.index(r, 0).data(FINDING_ROLE)
        out.append((finding.rule, finding.path[-1], finding.field, proxy.index(r, MESSAGE).data()))
    return out


def create_file_with_the_dialog(qtbot, window, target) -> None:
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewFileDialog):
            QTimer.singleShot(20, fill)
            return
        try:
            f = dialog.form
            fill_field(qtbot, f.yearSpin.lineEdit(), "2027")
            fill_field(qtbot, f.departmentEdit, "上海市松江区科创服务中心")
            f.pathEdit.setFocus()
            f.pathEdit.selectAll()
            qtbot.keyClicks(f.pathEdit, str(target))
            qtbot.mouseClick(f.buttonBox.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():
                dialog.reject()
    QTimer.singleShot(0, fill)
    window.form.actionNew.trigger()


def test_a_clerks_whole_session(make_window, tmp_path, qtbot, answers, reopen):
    window = make_window()
    target = tmp_path / "center2027.g60"

    # ---- 新建: the department's file for 2027 ------------------------------------------------------
    create_file_with_the_dialog(qtbot, window, target)
    assert window.session is not None and window.session.path == target, answers.warnings
    window.activateWindow()                             # a window manager does this when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    session = window.session
    dept = session.doc.departments[0]
    assert dept.name == "上海市松江区科创服务中心" and session.doc.budget_year == 2027
    assert window.current_target() is dept

    # ---- a project that groups two sub-projects -----------------------------------------------------
    window.form.actionAddProject.trigger()
    name_in_place(qtbot, window, "长三角科创服务")
    project = window.current_target()
    window.form.actionToggleDeclared.trigger()           # the sub-projects carry the forms, as in 2026
    assert not project.declared
    window.form.actionAddSubProject.trigger()
    name_in_place(qtbot, window, "科创论坛")
    forum = window.current_target()
    window.select(project)
    window.form.actionAddSubProject.trigger()
    name_in_place(qtbot, window, "政策研究")
    policy = window.current_target()
    assert [n.name for n in project.children] == ["科创论坛", "政策研究"]

    # ---- 基本信息 of 科创论坛: header and funding ------------------------------------------------------
    window.select(forum)
    editor = window.editor
    assert editor.form.tabs.currentIndex() == BASIC_TAB
    page = editor.form_page
    fill_field(qtbot, page.editors["nature"], "其他经常性项目")
    fill_field(qtbot, page.editors["category"], "其他运转类项目")
    for name, amount in (("project_total_fen", "450000"), ("fiscal_fen", "450000"), ("other_fen", "0"),
                         ("annual_request_fen", "450000"), ("appropriation_fen", "450000"),
                         ("carryover_fen", "0"), ("annual_other_fen", "0")):
        fill_field(qtbot, page.editors[name], amount)
    funding = forum.form.funding
    assert (funding.annual_request_fen, funding.other_fen, funding.carryover_fen) == (45_000_000, 0, 0)
    assert page.editors["annual_request_fen"].text() == "450,000.00"
    # the totals follow at once: status bar, the tree's 申请额, the grouping project's sum
    assert window.total_label.text() == "部门年度资金申请总额：45.00 万元"
    assert window.tree_model.index_of(forum).siblingAtColumn(1).data() == "45.00"
    assert window.tree_model.index_of(project).siblingAtColumn(1).data() == "45.00"

    # ---- 绩效目标: goals, three indicators typed, a 3×4 block pasted ------------------------------------
    editor.form.tabs.setCurrentIndex(GOALS_TAB)
    goals = editor.goals_page
    for name, text in (("overall_goal", "举办长三角G60科创论坛，促进产业合作。"),
                       ("annual_goal", "2027年举办论坛2场，促成合作项目不少于10个。")):
        edit = goals.goal_edits()[name]
        edit.setFocus()
        ime(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert forum.form.annual_goal.startswith("2027年举办论坛2场")
    view = goals.form.indicatorView
    model = view.model()
    typed = [("成本指标", "经济成本指标", "论坛场地租赁费用", "≤6万元"),
             ("产出指标", "数量指标", "举办论坛场次", ">=2场"),
             ("效益指标", "社会效益指标", "促成合作项目", ">=10个")]
    for row, cells in enumerate(typed):
        for column, text in enumerate(cells):
            fill_cell(qtbot, view, model.index(row, column), text)
    assert [(i.level1, i.level2, i.name) for i in forum.form.indicators] == [c[:3] for c in typed]
    assert model.index(1, VALUE).data() == "≥2.00(场)"                  # the normal form is shown
    steps = session.undo_stack.index()
    QGuiApplication.clipboard().setText(
        "产出指标\t质量指标\t论坛成果报告验收\t通过\r\n"
        "产出指标\t时效指标\t按计划完成\t及时\r\n"
        "满意度指标\t服务对象满意度指标\t参会企业满意度\t>=90%\r\n")
    view.setFocus()
    view.setCurrentIndex(model.index(3, LEVEL1))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert session.undo_stack.index() == steps + 1                       # the paste is one undo step
    assert len(forum.form.indicators) == 6
    assert {i.level1 for i in forum.form.indicators} == {"成本指标", "产出指标", "效益指标", "满意度指标"}
    assert [model.index(5, c).data() for c in (LEVEL1, LEVEL2, NAME, VALUE)] == [
        "满意度指标", "服务对象满意度指标", "参会企业满意度", "≥90.00(%)"]

    # ---- 经费情况说明: a group and five budget lines, one stated amount mistyped ---------------------------
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    budget_view = editor.explanation_page.form.budgetView
    budget = budget_view.model()
    fill_cell(qtbot, budget_view, budget.index(budget.rowCount() - 1, bm.LABEL), "论坛组织")
    lines = [("场地租赁", "2天，每天3万元", "3*2", "6"),
             ("会务服务", "会务公司", "", "20"),
             ("专家劳务", "10人，每人0.5万元", "10*0.5", "5"),
             ("宣传资料", "印刷500册", "500*0.02", "10"),
             ("餐饮", "200人，每人每餐100元，2餐", "200*2*0.01", "40")]     # 4 万元 meant: a typo
    for row, (label, basis, formula, stated) in enumerate(lines):
        for column, text in ((bm.LABEL, label), (bm.BASIS, basis), (bm.FORMULA, formula), (bm.STATED, stated)):
            if text:
                group = budget.index(0, 0)                # the model is rebuilt after each edit
                fill_cell(qtbot, budget_view, budget.index(row, column, group), text)
    explanation = forum.explanation
    assert [(line.label, line.formula, line.stated_fen) for line in explanation.budget_groups[0].lines] == [
        ("场地租赁", "3*2", 6_000_000), ("会务服务", "", 20_000_000), ("专家劳务", "10*0.5", 5_000_000),
        ("宣传资料", "500*0.02", 10_000_000), ("餐饮", "200*2*0.01", 40_000_000)]
    assert budget.index(4, bm.RESULT, budget.index(0, 0)).data() == "4"              # the formula, evaluated live
    # the 审核 dock already says what is wrong, with the numbers
    rows = dock_rows(window)
    calc = [r for r in rows if r[0] == "F-CALC-02" and r[1] == "科创论坛"]
    assert calc and calc[0][2] == "line:0:4:stated_fen" and "40" in calc[0][3]
    assert any(r[0] == "F-SUM-01" and r[1] == "科创论坛" for r in rows)
    assert window.tree_model.index_of(forum).data(Qt.ItemDataRole.UserRole + 2).errors >= 2

    # ---- the finding is fixed by jumping to it ------------------------------------------------------------
    panel = window.findings
    table = panel.form.findingsView
    row = next(r for r in range(panel.proxy.rowCount())
               if panel.proxy.index(r, 0).data(FINDING_ROLE).rule == "F-CALC-02")
    index = panel.proxy.index(row, MESSAGE)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert window.current_target() is forum and editor.form.tabs.currentIndex() == EXPLANATION_TAB
    current = budget_view.currentIndex()
    assert (current.parent().row(), current.row(), current.column()) == (0, 4, bm.STATED)
    qtbot.keyClicks(budget_view, "4")
    qtbot.keyClick(FOCUS(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: explanation.budget_groups[0].lines[4].stated_fen == 4_000_000)
    rows = dock_rows(window)
    assert not any(r[0] in ("F-CALC-02", "F-SUM-01") and r[1] == "科创论坛" for r in rows)
    assert "45 万元" in editor.explanation_page.total_text and "≠" not in editor.explanation_page.total_text

    # ---- undo and redo from the keyboard -------------------------------------------------------------------
    # the offscreen platform has no window manager: a helper window hidden after the edit (a tooltip)
    # leaves no active window, which a real desktop never does; give the window back its activation
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    budget_view.setFocus()
    qtbot.keyClick(budget_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert explanation.budget_groups[0].lines[4].stated_fen == 40_000_000
    assert reopen(target).departments[0].projects[0].children[0].explanation.budget_groups[0].lines[4] \
        .stated_fen == 40_000_000
    assert any(r[0] == "F-CALC-02" for r in dock_rows(window))
    qtbot.keyClick(budget_view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert explanation.budget_groups[0].lines[4].stated_fen == 4_000_000

    # ---- the second sub-project: its request adds to the department total ----------------------------------
    window.select(policy)
    fill_field(qtbot, window.editor.form_page.editors["annual_request_fen"], "300000")
    assert window.total_label.text() == "部门年度资金申请总额：75.00 万元"
    assert window.tree_model.index_of(project).siblingAtColumn(1).data() == "75.00"

    # ---- close, open again: everything is there ------------------------------------------------------------
    window.close()
    assert not (tmp_path / "center2027.g60.lock").exists()
    again = make_window(target)
    assert not again.session.readonly
    names = [again.tree_model.index(r, 0, again.tree_model.index(0, 0, again.tree_model.index(0, 0))).data()
             for r in range(2)]
    assert names == ["科创论坛", "政策研究"]
    doc = reopen(target)
    forum2 = doc.departments[0].projects[0].children[0]
    assert doc.departments[0].projects[0].name == "长三角科创服务" and not doc.departments[0].projects[0].declared
    assert (forum2.form.nature, forum2.form.category) == ("其他经常性项目", "其他运转类项目")
    assert forum2.form.funding.as_dict() == {
        "project_total_fen": 45_000_000, "fiscal_fen": 45_000_000, "other_fen": 0,
        "annual_request_fen": 45_000_000, "appropriation_fen": 45_000_000, "carryover_fen": 0,
        "annual_other_fen": 0}
    assert forum2.form.overall_goal == "举办长三角G60科创论坛，促进产业合作。"
    assert [(i.level1, i.name, i.value.op, i.value.number, i.value.unit) for i in forum2.form.indicators] == [
        ("成本指标", "论坛场地租赁费用", "≤", "6", "万元"), ("产出指标", "举办论坛场次", "≥", "2", "场"),
        ("效益指标", "促成合作项目", "≥", "10", "个"), ("产出指标", "论坛成果报告验收", None, None, ""),
        ("产出指标", "按计划完成", None, None, ""), ("满意度指标", "参会企业满意度", "≥", "90", "%")]
    assert [i.value.text for i in forum2.form.indicators[3:5]] == ["通过", "及时"]
    group2 = forum2.explanation.budget_groups[0]
    assert group2.title == "论坛组织"
    assert [(line.label, line.basis, line.formula, line.stated_fen) for line in group2.lines] == [
        ("场地租赁", "2天，每天3万元", "3*2", 6_000_000), ("会务服务", "会务公司", "", 20_000_000),
        ("专家劳务", "10人，每人0.5万元", "10*0.5", 5_000_000), ("宣传资料", "印刷500册", "500*0.02", 10_000_000),
        ("餐饮", "200人，每人每餐100元，2餐", "200*2*0.01", 4_000_000)]
    assert doc.departments[0].projects[0].children[1].form.funding.annual_request_fen == 30_000_000
    assert again.total_label.text() == "部门年度资金申请总额：75.00 万元"
