"""The editors as a clerk uses them: typing, IME input, paste from Excel, Delete, undo, jumping to a place."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from g60desk.domain.templates import framework_of
from g60desk.qt.editors import budget_model as bm
from g60desk.qt.editors.indicator_model import LEVEL1, LEVEL2, NAME, VALUE, MarkRole
from g60desk.qt.editors.node_editor import BASIC_TAB, EXPLANATION_TAB, GOALS_TAB, NodeEditor

Tip = Qt.ItemDataRole.ToolTipRole


def _ime(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _type_into_cell(qtbot, view, text: str) -> None:
    """Type as a clerk does: the first key opens the editor, the rest go to the editor (it has focus)."""
    qtbot.keyClicks(view, text[0])
    qtbot.keyClicks(QApplication.focusWidget(), text[1:])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def _goals_grid(make_editor, session, declared):
    """The first declared node of ``session`` in an editor showing its 绩效指标 grid: (node, editor, grid)."""
    node = declared(session)
    editor = make_editor(session, node)
    editor.form.tabs.setCurrentIndex(GOALS_TAB)
    return node, editor, editor.goals_page.form.indicatorView


def _select(view, top, left, bottom, right):
    model = view.model()
    view.setCurrentIndex(model.index(top, left))
    view.selectionModel().select(QItemSelection(model.index(top, left), model.index(bottom, right)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


# ---- 基本信息 -------------------------------------------------------------------------------------
def test_full_width_amount_is_stored_in_fen_and_shown_formatted(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    edit = editor.form_page.editors["annual_request_fen"]
    edit.setFocus()
    edit.selectAll()
    _ime(edit, "７８，０００．００")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert node.form.funding.annual_request_fen == 7_800_000
    assert edit.text() == "78,000.00"
    assert "≠ 年度资金申请总额 78,000.00" in editor.form_page.right_sum_text


def test_blank_and_zero_look_different(make_editor, session2026, declared):
    editor = make_editor(session2026, declared(session2026))
    cells = editor.form_page.editors
    assert cells["other_fen"].text() == "" and cells["other_fen"].placeholderText() == "（空白）"
    assert cells["annual_other_fen"].text() == "0"


def test_refused_amount_stays_red_with_the_reason(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    messages = []
    editor.status_message.connect(messages.append)
    edit = editor.form_page.editors["carryover_fen"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "12abc")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert node.form.funding.carryover_fen == 0
    assert edit.text() == "12abc" and edit.refused
    assert "不是金额" in edit.toolTip() and "#fbd3d3" in edit.styleSheet()
    assert messages and "上年结转资金" in messages[-1]
    editor.form_page.editors["fiscal_fen"].setFocus()  # leaving the field keeps the refused text
    assert edit.text() == "12abc"
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert node.form.funding.carryover_fen == 1200 and not edit.refused


def test_blank_date_is_allowed(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    date_edit = editor.form_page.editors["planned_end"].edit
    date_edit.setFocus()
    date_edit.clear()
    qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    assert node.form.planned_end is None
    session2026.undo_stack.undo()
    assert date_edit.text() == "2026-12-31"


def test_2022_form_has_no_nature_field(make_editor, session2022, declared):
    editor = make_editor(session2022, declared(session2022))
    assert "nature" not in editor.form_page.editors
    assert editor.form_page.editors["project_total_fen"].text() == "10,580,000.00"


# ---- 绩效目标 -------------------------------------------------------------------------------------
def test_goal_headers_follow_the_template(make_editor, session2022, declared):
    editor = make_editor(session2022, declared(session2022))
    assert editor.goals_page.form.overallHeader.text() == "项目总目标（2022 年- 2022 年）"
    assert editor.goals_page.form.annualHeader.text() == "年度总目标"


def test_pasting_a_3x4_block_fills_12_cells_in_one_undo_step(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    view = editor.goals_page.form.indicatorView
    steps = session2026.undo_stack.index()
    QGuiApplication.clipboard().setText(
        "产出指标\t数量指标\t论坛场次\t≥2场\r\n"
        "产出指标\t质量指标\t报告验收\t通过\r\n"
        "效益指标\t社会效益指标\t\"企业\n对接\"\t>=30家\r\n")
    _select(view, 4, 0, 4, 0)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    model = view.model()
    assert session2026.undo_stack.index() == steps + 1
    assert [[model.index(r, c).data() for c in range(4)] for r in range(4, 7)] == [
        ["产出指标", "数量指标", "论坛场次", "≥2.00(场)"],
        ["产出指标", "质量指标", "报告验收", "通过"],
        ["效益指标", "社会效益指标", "企业\n对接", "≥30.00(家)"],
    ]
    session2026.undo_stack.undo()
    assert model.index(4, NAME).data() == "产融对接活动次数"
    session2026.undo_stack.redo()
    assert model.index(4, NAME).data() == "论坛场次"


def test_paste_past_the_last_row_adds_rows(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    view = editor.goals_page.form.indicatorView
    QGuiApplication.clipboard().setText("甲\t≥1个\n乙\t≥2个\n丙\t≥3个\n")
    _select(view, 7, NAME, 7, NAME)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [i.name for i in node.form.indicators[7:]] == ["甲", "乙", "丙"]
    assert view.model().rowCount() == 11  # 10 indicators and the empty row


def test_refused_pasted_cell_stays_visible(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    view = editor.goals_page.form.indicatorView
    QGuiApplication.clipboard().setText("新指标\t≥abc\n")
    _select(view, 2, NAME, 2, NAME)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    cell = view.model().index(2, VALUE)
    assert node.form.indicators[2].name == "新指标"
    assert cell.data() == "≥abc" and cell.data(MarkRole) == "refused" and cell.data(Tip)


def test_delete_clears_selected_cells_in_one_step(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    view = editor.goals_page.form.indicatorView
    steps = session2026.undo_stack.index()
    _select(view, 0, NAME, 2, VALUE)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert session2026.undo_stack.index() == steps + 1
    assert all(node.form.indicators[r].name == "" for r in range(3))
    assert node.form.indicators[0].level1 == "成本指标"
    session2026.undo_stack.undo()
    assert view.model().index(0, NAME).data().startswith("开展 2026")


def test_copy_gives_excel_tsv(make_editor, session2026, declared, qtbot):
    editor = make_editor(session2026, declared(session2026))
    view = editor.goals_page.form.indicatorView
    _select(view, 6, LEVEL2, 7, VALUE)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == (
        "社会效益指标\t促进金融要素与企业精准对接\t促进\r\n服务对象满意度指标\t企业满意度\t≥85.00(%)\r\n")


def test_ime_commit_string_lands_in_the_indicator_name(make_editor, session2026, declared, qtbot):
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, NAME))
    _ime(view, "金融赋能")  # typing with an IME starts editing, as a key press does
    assert view.state() == view.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: node.form.indicators[1].name == "金融赋能")
    assert view.currentIndex().row() == 2  # Enter moves down after committing, as in Excel


@pytest.mark.qt_log_ignore("This plugin does not support")  # the unit suggestions popup, offscreen
def test_typing_a_value_shows_the_normal_form_and_tab_moves_right(make_editor, session2026, declared, qtbot):
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    view.setFocus()
    view.setCurrentIndex(view.model().index(4, VALUE))
    _type_into_cell(qtbot, view, ">=15")
    qtbot.waitUntil(lambda: node.form.indicators[4].value.number == "15")
    assert view.model().index(4, VALUE).data() == "≥15.00"
    view.setCurrentIndex(view.model().index(0, LEVEL1))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex().column() == LEVEL2


def test_esc_in_a_goal_puts_back_its_text_and_nothing_is_saved(make_editor, session2026, declared, qtbot):
    # words typed into 年度总体目标 by mistake (Ctrl+L pressed there opens nothing) stayed after Esc and were saved
    # when the cursor left the field; the one-line fields already put their value back
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    goal = editor.goals_page.form.annualEdit
    before = node.form.annual_goal
    goal.setFocus()
    qtbot.waitUntil(goal.hasFocus)
    goal.moveCursor(QTextCursor.MoveOperation.End)
    _ime(goal, "满意")
    assert goal.toPlainText() == before + "满意"
    qtbot.keyClick(goal, Qt.Key.Key_Escape)
    assert goal.toPlainText() == before
    view.setFocus()                                          # leaving the field
    qtbot.waitUntil(view.hasFocus)
    assert node.form.annual_goal == before


def test_level2_choices_cascade_from_level1(make_editor, session2026, declared):
    from g60desk.qt.editors.delegates import level2_choices
    node = declared(session2026)
    editor = make_editor(session2026, node)
    model = editor.goals_page.form.indicatorView.model()
    choices = level2_choices(lambda: framework_of(node.form))
    assert tuple(choices(model.index(4, LEVEL2))) == ("数量指标", "质量指标", "时效指标")
    assert tuple(choices(model.index(7, LEVEL2))) == ("服务对象满意度指标",)


def test_finding_marks_update_after_an_edit(make_editor, session2026, declared, fake_checker, finding):
    node = declared(session2026)
    session2026.checker = fake_checker
    fake_checker.by_path[session2026.path_of(node)] = [finding("indicator:3:value", "error", "超过预算")]
    editor = make_editor(session2026, node)
    model = editor.goals_page.form.indicatorView.model()
    assert model.index(3, VALUE).data(MarkRole) == "error"
    fake_checker.by_path[session2026.path_of(node)] = []
    model.setData(model.index(3, VALUE), "≤9万元")
    assert model.index(3, VALUE).data(MarkRole) is None


# ---- 经费情况说明 ---------------------------------------------------------------------------------
def test_typed_formula_shows_result_and_difference(make_editor, session2022, declared, qtbot):
    node = declared(session2022)
    editor = make_editor(session2022, node)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    view = editor.explanation_page.form.budgetView
    model = view.model()
    group = model.index(0, 0)
    view.setFocus()
    view.setCurrentIndex(model.index(2, bm.FORMULA, group))
    _type_into_cell(qtbot, view, "0.9*12")
    qtbot.waitUntil(lambda: node.explanation.budget_groups[0].lines[2].formula == "0.9*12")
    assert model.index(2, bm.RESULT, group).data() == "10.8"
    assert model.index(2, bm.DIFFERENCE, group).data() == "-8.4"  # stated 2.4 万元 − 10.8 万元
    assert model.index(2, bm.DIFFERENCE, group).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "1058" in editor.explanation_page.total_text


def test_add_line_and_move_are_single_undo_steps(make_editor, session2022, declared):
    node = declared(session2022)
    editor = make_editor(session2022, node)
    page = editor.explanation_page
    view = page.form.budgetView
    view.setCurrentIndex(view.model().index(0, bm.LABEL, view.model().index(0, 0)))
    count = len(node.explanation.budget_groups[0].lines)
    page.add_line()
    assert len(node.explanation.budget_groups[0].lines) == count + 1
    assert node.explanation.budget_groups[0].lines[1].label == ""
    page.move_current(1)
    assert node.explanation.budget_groups[0].lines[2].label == ""
    session2022.undo_stack.undo()
    session2022.undo_stack.undo()
    assert len(node.explanation.budget_groups[0].lines) == count


def test_budget_total_compares_with_the_annual_request(make_editor, session2022, declared):
    node = declared(session2022, 1)
    editor = make_editor(session2022, node)
    text = editor.explanation_page.total_text
    assert "合计" in text and "年度资金申请总额 70 万元" in text and "相差 15 万元" in text   # 85 ≠ 70
    session2022.set_form_field(node, "annual_request_fen", "100万")
    editor.show_target(node)
    assert "年度资金申请总额 100 万元，相差 15 万元" in editor.explanation_page.total_text   # never "相差 -15"


def test_budget_stated_only_in_words_is_compared_without_crying_wolf(make_editor, session2026, declared):
    node = declared(session2026, 2)                      # 建设方案成效阶段性评估: "…金额 23.965 万元。"
    editor = make_editor(session2026, node)
    text = editor.explanation_page.total_text
    assert "未分明细，文字写明 <b>23.965 万元</b>" in text
    assert "＝ 年度资金申请总额 23.965 万元" in text and "≠" not in text


# ---- places, pages ------------------------------------------------------------------------------
def test_focus_place_selects_the_indicator_cell(make_editor, session2026, declared):
    node = declared(session2026)
    editor = make_editor(session2026, session2026.doc.departments[0])
    editor.focus_place(node, "indicator:3:value")
    assert editor.form.tabs.currentIndex() == GOALS_TAB
    view = editor.goals_page.form.indicatorView
    assert (view.currentIndex().row(), view.currentIndex().column()) == (3, VALUE)


def test_focus_place_selects_the_budget_cell(make_editor, session2022, declared):
    node = declared(session2022)
    editor = make_editor(session2022, node)
    editor.focus_place(node, "line:0:2:stated_fen")
    assert editor.form.tabs.currentIndex() == EXPLANATION_TAB
    view = editor.explanation_page.form.budgetView
    current = view.currentIndex()
    assert (current.parent().row(), current.row(), current.column()) == (0, 2, bm.STATED)
    editor.focus_place(node, "annual_request_fen")
    assert editor.form.tabs.currentIndex() == BASIC_TAB


def test_the_tab_shown_is_built_first_and_the_others_on_the_next_turn(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    editor.show_target(declared(session2026, 1))   # another node opens on the tab shown, built at once
    assert [type(page).__name__ for page in editor.pages()] == ["ExplanationPage"]
    assert editor.building                          # (the window is loading until they are there)
    # the others on the next turn of the event loop: before Ctrl+Tab can switch to them (keyboard_session.py)
    qtbot.waitUntil(lambda: len(editor.pages()) == 3)
    assert not editor.building
    editor.show_target(session2026.doc.departments[0])
    assert editor.form_page is None and editor.goals_page is None and editor.explanation_page is None


def test_going_to_a_place_on_a_tab_not_built_yet_puts_the_cursor_there_at_once(make_editor, session2026, declared):
    node = declared(session2026)
    editor = make_editor(session2026, node)
    editor.focus_place(node, "annual_goal")   # no turn of the event loop between building the page and the focus
    edit = editor.goals_page.form.annualEdit
    assert QApplication.focusWidget() is edit and edit.isVisible()   # on screen at once: Tab goes on from it


def test_department_shows_the_derived_overview(make_editor, session2026):
    dept = session2026.doc.departments[0]
    editor = make_editor(session2026, dept)
    derived = editor.department_editor.form.derivedLabel.text()
    assert "<b>6</b>" in derived and "<b>287.97</b>" in derived
    # the printed paragraph words things differently, but its figures agree with the data
    note = editor.department_editor.form.differenceLabel
    assert note.text() == "左边文字中的项目数和资金与填报数据一致。"
    session2026.set_department_field(dept, "overview", dept.overview.replace("287.97", "300.00"))
    assert "300.00" in note.text() and "287.97" in note.text()


def test_project_without_form_offers_to_declare(make_editor, session2026, qtbot):
    project = session2026.doc.departments[0].projects[0]
    assert not project.declared
    editor = make_editor(session2026, project)
    assert editor.form.stack.currentWidget() is editor.form.undeclaredPage
    assert "金融赋能" in editor.form.childrenLabel.text()
    qtbot.mouseClick(editor.form.declareButton, Qt.MouseButton.LeftButton)
    assert project.declared
    assert editor.form.stack.currentWidget() is editor.form.declaredPage
    session2026.undo_stack.undo()
    assert editor.form.stack.currentWidget() is editor.form.undeclaredPage


def test_form_fields_show_their_findings(make_editor, session2026, declared, fake_checker, finding):
    node = declared(session2026)
    session2026.checker = fake_checker
    fake_checker.by_path[session2026.path_of(node)] = [
        finding("annual_request_fen", "error", "年度资金申请总额 ≠ 当年财政拨款＋上年结转资金＋其他资金"),
        finding("section:period", "warning", "实施周期与计划日期不一致"),
    ]
    editor = make_editor(session2026, node)
    edit = editor.form_page.editors["annual_request_fen"]
    assert "#fbd3d3" in edit.styleSheet() and "≠" in edit.toolTip()
    period = editor.explanation_page.section_edits["period"]
    assert "#fff1b8" in period.styleSheet() and period.toolTip() == "实施周期与计划日期不一致"
    fake_checker.by_path[session2026.path_of(node)] = []
    session2026.set_form_field(node, "category", "其他运转类项目")
    assert edit.styleSheet() == "" and period.styleSheet() == ""


@pytest.mark.qt_log_ignore("This plugin does not support")  # the unit suggestions popup, offscreen
def test_a_new_indicator_is_entered_from_the_keyboard_alone(make_editor, session2026, declared, qtbot):
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    view.setFocus()
    view.setCurrentIndex(view.model().index(8, LEVEL1))  # the empty row under the last indicator
    for text in ("chan", "shu", "hui", "12"):
        qtbot.keyClicks(view, text[0])
        qtbot.keyClicks(QApplication.focusWidget(), text[1:])
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert [(i.level1, i.level2, i.name, i.value.number) for i in node.form.indicators[8:]] == [
        ("chan", "shu", "hui", "12")]
    assert view.model().rowCount() == 10


def test_a_new_budget_line_is_entered_from_the_keyboard_alone(make_editor, session2022, declared, qtbot):
    node = declared(session2022, 1)
    editor = make_editor(session2022, node)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    view = editor.explanation_page.form.budgetView
    model = view.model()
    group = model.index(0, 0)
    count = len(node.explanation.budget_groups[0].lines)
    view.setFocus()
    view.setCurrentIndex(model.index(model.rowCount(group) - 1, bm.LABEL, group))
    for text in ("Print", "2*1000", "0.2*12"):
        qtbot.keyClicks(view, text[0])
        qtbot.keyClicks(QApplication.focusWidget(), text[1:])
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    line = node.explanation.budget_groups[0].lines[count]
    assert (line.label, line.basis, line.formula) == ("Print", "2*1000", "0.2*12")


def test_home_end_and_left_stay_in_the_budget_row_as_in_excel(make_editor, session2022, declared, qtbot):
    # QTreeView's own keys: Home went to the first group and ← from a line's 名称 to its group, so the text a
    # clerk typed next renamed 一、… instead of going into her line
    node = declared(session2022, 1)
    editor = make_editor(session2022, node)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    view = editor.explanation_page.form.budgetView
    model = view.model()
    group = model.index(0, 0)
    line = model.index(1, bm.STATED, group)
    last = model.columnCount(group) - 1
    view.setFocus()
    view.setCurrentIndex(line)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex() == line.siblingAtColumn(bm.LABEL)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.currentIndex() == line.siblingAtColumn(bm.LABEL)         # not up to the group's row
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex() == line.siblingAtColumn(last)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex() == line.siblingAtColumn(last)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.currentIndex() == line.siblingAtColumn(last - 1)          # ← in the middle of a row still moves
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    bottom = view.currentIndex()
    assert (bottom.parent().isValid(), bottom.row(), bottom.column()) == (False, model.rowCount() - 1, last)
    qtbot.keyClick(view, Qt.Key.Key_Home)                                 # the 新分组 row's 名称: type a group
    assert (view.currentIndex().row(), view.currentIndex().column()) == (model.rowCount() - 1, bm.LABEL)
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex() == model.index(0, bm.LABEL)


def test_sort_button_orders_the_grid_like_the_printed_form(make_editor, session2022, declared):
    node = declared(session2022, 1)
    editor = make_editor(session2022, node)
    session2022.set_indicator_cells(node, 0, 0, [["满意度指标", "服务对象满意度指标", "先写的满意度", ">=90%"]],)
    model = editor.goals_page.model
    assert model.index(0, 0).data() == "满意度指标"
    editor.goals_page.form.sortButton.click()
    assert model.index(0, 0).data() == "产出指标"
    assert [i.level1 for i in node.form.indicators][-2:] == ["满意度指标", "满意度指标"]


def _value_editor_with_suggestions(qtbot, view, row: int, text: str):
    """Type a number into a 指标值 cell so that the unit suggestions open; the popup as a real desktop routes
    keys to it (it holds the keyboard while it is open)."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, VALUE))
    qtbot.keyClicks(view, text[0])
    qtbot.keyClicks(QApplication.focusWidget(), text[1:])
    popup = QApplication.focusWidget().completer().popup()
    qtbot.waitUntil(popup.isVisible)
    return popup


def test_one_enter_commits_a_number_while_the_unit_suggestions_are_open(make_editor, session2026, declared, qtbot):
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    popup = _value_editor_with_suggestions(qtbot, view, 4, "15")
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert (node.form.indicators[4].value.number, node.form.indicators[4].value.unit) == ("15", "")
    assert view.currentIndex() == view.model().index(5, VALUE)          # and down, as Enter does in Excel


def test_enter_on_a_picked_suggestion_commits_it(make_editor, session2026, declared, qtbot):
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    popup = _value_editor_with_suggestions(qtbot, view, 4, "90")
    qtbot.keyClick(popup, Qt.Key.Key_Down)                              # the first suggestion: 90%
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert (node.form.indicators[4].value.number, node.form.indicators[4].value.unit) == ("90", "%")


def test_enter_takes_the_one_choice_the_typed_text_begins(make_editor, session2026, declared, qtbot):
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    view.setFocus()
    view.setCurrentIndex(view.model().index(8, LEVEL1))      # the empty row under the last indicator
    qtbot.keyClick(view, Qt.Key.Key_F2)                      # opens the cell's editor
    combo = QApplication.focusWidget()
    _ime(combo.lineEdit(), "产出")                            # as a Chinese IME commits it
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert node.form.indicators[8].level1 == "产出指标"


def test_tab_takes_the_one_choice_the_typed_text_begins_as_enter_does(make_editor, session2026, declared, qtbot):
    # a clerk types a row along with Tab: “产出” Tab “数量” Tab kept 产出 and 数量 (two 错误), Enter completed them
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    view.setFocus()
    view.setCurrentIndex(view.model().index(8, LEVEL1))      # the empty row under the last indicator
    for column, typed in ((LEVEL1, "产出"), (LEVEL2, "数量")):
        assert view.currentIndex() == view.model().index(8, column)
        qtbot.keyClick(view, Qt.Key.Key_F2)
        combo = QApplication.focusWidget()
        _ime(combo.lineEdit(), typed)
        popup = combo.completer().popup()
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert (node.form.indicators[8].level1, node.form.indicators[8].level2) == ("产出指标", "数量指标")
    assert view.currentIndex() == view.model().index(8, NAME)            # and on to the right, as Tab does


def test_indicator_rows_fit_their_text_once_the_grid_is_laid_out(make_editor, session2026, declared, qtbot):
    # the stretched 三级指标 column widens after the rows were first measured; they must shrink to fit again
    node, editor, view = _goals_grid(make_editor, session2026, declared)
    qtbot.waitUntil(lambda: view.isVisible() and view.columnWidth(NAME) > 600)   # every name fits on one line
    heights = lambda: [view.rowHeight(r) for r in range(view.model().rowCount())]  # noqa: E731
    qtbot.waitUntil(lambda: max(heights()) == min(heights()), timeout=2000)


def test_budget_lines_copied_from_excel_or_from_the_grid_both_paste_right(make_editor, session2022, declared, qtbot):
    node = declared(session2022)
    editor = make_editor(session2022, node)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    view = editor.explanation_page.form.budgetView
    model = view.model()
    group = model.index(1, 0)
    lines = node.explanation.budget_groups[1].lines
    count = len(lines)
    # from Excel: 名称, 测算依据, 计算公式, 申报金额, 备注 (no 公式结果 or 差额 columns)
    QGuiApplication.clipboard().setText("评审费\t3人×2天\t0.2*3\t0.6\t走电子集市\r\n")
    view.setFocus()
    view.setCurrentIndex(model.index(model.rowCount(group) - 1, bm.LABEL, group))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    new = node.explanation.budget_groups[1].lines[count]
    assert (new.label, new.basis, new.formula, new.stated_fen, new.remark) == (
        "评审费", "3人×2天", "0.2*3", 600_000, "走电子集市")
    # copied from the grid itself (all its columns, 公式结果 and 差额 included) it pastes back the same
    group = model.index(1, 0)                                  # the paste rebuilt the rows: fresh indexes
    first = model.index(count, bm.LABEL, group)
    view.setCurrentIndex(first)
    view.selectionModel().select(QItemSelection(first, first.siblingAtColumn(bm.REMARK)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().count("\t") == bm.REMARK         # all seven columns
    view.selectionModel().setCurrentIndex(model.index(model.rowCount(group) - 1, bm.LABEL, group),
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    again = node.explanation.budget_groups[1].lines[count + 1]
    assert (again.label, again.formula, again.stated_fen, again.remark) == ("评审费", "0.2*3", 600_000, "走电子集市")


def test_a_formula_only_line_counts_the_same_in_the_sum_line_the_grid_and_the_checks(make_editor, session2022,
                                                                                       declared):
    """A line with only "0.9*12" (no amount typed): the page, the group row and 审核 all count 10.8 万元."""
    from g60desk.checks import check_document
    from g60desk.domain.budget import budget_total_fen

    node = declared(session2022)
    editor = make_editor(session2022, node)
    lines = node.explanation.budget_groups[0].lines
    session2022.set_line_cells(node, 0, len(lines), 2, [["0.9*12"]])   # 计算公式 only
    editor.show_target(node)
    lines = node.explanation.budget_groups[0].lines
    assert lines[-1].formula == "0.9*12" and lines[-1].stated_fen is None
    text = editor.explanation_page.total_text
    assert "合计 <b>1068.8 万元</b>" in text and "≠" in text and "年度资金申请总额 1058 万元" in text
    model = editor.explanation_page.model
    assert model.index(0, bm.STATED).data() == "113.3"        # 一、G60日常办公经费: 102.5 + 10.8
    assert model.node_total_fen() == budget_total_fen(node.explanation) == 1_068_800_000
    [finding] = [f for f in check_document(session2022.doc) if f.rule == "F-SUM-01" and f.path[-1] == node.name]
    assert "合计 1,068.80 万元" in finding.message


# ---- what the paper will say -----------------------------------------------------------------------
def test_the_page_previews_the_budget_lines_as_they_print(make_editor, session2022, declared):
    node = declared(session2022)
    editor = make_editor(session2022, node)
    page = editor.explanation_page
    assert "八城市派驻干部每人每月0.3万元*16人*12月=57.60万" in page.printed_text
    assert "（3）央行“15+1条”例会费用预估20万；“一网通办”深化10万。" in page.printed_text
    assert not page.legacy_bar.isVisibleTo(page)
    view = page.form.budgetView
    view.setCurrentIndex(view.model().index(3, bm.LABEL, view.model().index(1, 0)))   # “一网通办”深化
    [runs_on] = [a for a in page.context_menu().actions() if a.objectName() == "runsOnAction"]
    assert runs_on.isChecked()
    runs_on.trigger()                                          # a paragraph of its own now: （4）
    assert not node.explanation.budget_groups[1].lines[3].runs_on
    assert "\n（4）“一网通办”深化10万。" in page.printed_text
    session2022.undo_stack.undo()
    assert "（4）“一网通办”" not in page.printed_text and "；“一网通办”深化10万。" in page.printed_text


def test_a_format_1_explanation_prints_as_before_until_the_clerk_turns_it_into_typed_text(
        make_editor, session2022, declared):
    from g60desk.domain.model import BudgetGroup, BudgetLine
    node = declared(session2022, 1)
    node.explanation.wording = "legacy"        # as a file of format 1 opens
    session2022.set_budget(node, [BudgetGroup(title="九城巡礼", lines=[
        BudgetLine(label="报道费用", basis="超50家媒体", formula="0.5*60", stated_fen=30_000_000, remark="走电子集市"),
        BudgetLine(label="其他", stated_fen=1_000_000)])], "旧文件")
    editor = make_editor(session2022, node)
    page = editor.explanation_page
    assert page.legacy_bar.isVisibleTo(page)
    legacy = page.printed_text
    assert legacy == "一、九城巡礼\n（1）报道费用：超50家媒体，0.5*60=30万元（走电子集市）；\n（2）其他：1万元。"
    page.use_typed_button.click()
    assert node.explanation.wording == "typed" and not page.legacy_bar.isVisibleTo(page)
    first = node.explanation.budget_groups[0].lines[0]
    assert (first.label, first.basis, first.stated_text, first.ending) == ("报道费用：", "超50家媒体，", "30万元", "；")
    # the same words, now the clerk's own (a remark follows the ending)
    assert page.printed_text == ("一、九城巡礼\n（1）报道费用：超50家媒体，0.5*60=30万元；（走电子集市）\n"
                                 "（2）其他：1万元。")
    session2022.undo_stack.undo()
    assert node.explanation.wording == "legacy" and page.printed_text == legacy


def test_a_blank_overview_is_a_proposal_until_accepted(make_editor, session2026, tmp_path):
    from g60desk.report import PrintOptions, render_pdf
    dept = session2026.doc.departments[0]
    session2026.set_department_field(dept, "overview", "")
    editor = make_editor(session2026, dept)
    form = editor.department_editor.form
    assert "不印" in form.differenceLabel.text() and "采用推导的文字" in form.differenceLabel.text()
    assert render_pdf(session2026.doc, tmp_path / "a.pdf", options=PrintOptions(prefer_system_font=False)) == 12
    form.useDerivedButton.click()
    assert dept.overview == editor.department_editor.derived_text()
    assert render_pdf(session2026.doc, tmp_path / "b.pdf", options=PrintOptions(prefer_system_font=False)) == 13


@pytest.mark.parametrize("sample, keys", [
    ("甘肃2023", ["project_total_fen", "central_fen", "provincial_fen", "other_fen", "annual_request_fen"]),
    ("2026", ["project_total_fen", "fiscal_fen", "other_fen",
              "annual_request_fen", "appropriation_fen", "carryover_fen", "annual_other_fen"]),
])
def test_tab_goes_through_the_amounts_as_their_sums_read(qtbot, tmp_path, sample, keys):
    """Each identity's total, then its parts: 甘肃's Tab went 项目总投资 → 省级财政安排 → 预算申报数 → 中央补助安排, so
    a clerk typing the paper's figures row by row put them into the wrong cells; 上海 stays column by column."""
    from g60desk.exchange.samples import sample_document
    from g60desk.services.session import Session
    from g60desk.store import Store
    path = tmp_path / "f.g60"
    Store.create(path, sample_document(sample)).close()
    session = Session.open(path)
    try:
        node = next(n for d in session.doc.departments for _, n in d.iter_nodes() if n.declared)
        editor = NodeEditor(session)
        qtbot.addWidget(editor)
        editor.show_target(node)
        editor.show()
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)
        page = editor.form_page
        page.editors[keys[0]].setFocus()
        seen = [keys[0]]
        for _ in keys[1:]:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            seen.append(next((k for k, e in page.editors.items() if e is QApplication.focusWidget()), "?"))
        assert seen == keys
    finally:
        session.close()


def test_rows_copied_from_the_printed_sichuan_table_paste_into_the_grid_columns(qtbot, tmp_path):
    """四川 prints the value in three columns (指标性质 · 指标值 · 度量单位), the grid has one 指标值: rows copied from
    the clerk's sheet of the printed table went one column too far right from 指标值 on (“≥” refused, 120 as 权重)."""
    from g60desk.exchange.samples import sample_document
    from g60desk.services.session import Session
    from g60desk.store import Store
    path = tmp_path / "f.g60"
    Store.create(path, sample_document("四川井研2023")).close()
    session = Session.open(path)
    try:
        node = next(n for d in session.doc.departments for _, n in d.iter_nodes() if n.declared)
        editor = NodeEditor(session)
        qtbot.addWidget(editor)
        editor.show_target(node)
        editor.form.tabs.setCurrentIndex(GOALS_TAB)
        view = editor.goals_page.form.indicatorView
        end = len(node.form.indicators)
        QGuiApplication.clipboard().setText("产出指标\t数量指标\t养护里程\t≥\t120\t公里\t30\t正向指标\n"
                                            "效益指标\t社会效益指标\t出行便利度\t\t提升\t\t20\t正向指标\n")
        view.setCurrentIndex(view.model().index(end, LEVEL1))
        view.paste_clipboard()
        rows = node.form.indicators[end:]
        assert [(r.name, r.value.op, r.value.number, r.value.unit, r.value.text, r.extra) for r in rows] == [
            ("养护里程", "≥", "120", "公里", "", {"weight": "30", "direction": "正向指标"}),
            ("出行便利度", None, None, "", "提升", {"weight": "20", "direction": "正向指标"})]
        assert not view.model()._refused
    finally:
        session.close()


def test_the_grid_has_the_columns_in_the_order_the_form_prints_them(qtbot, tmp_path):
    """国家2021 prints 中期指标值 before 年度指标值; the grid had 年度 first, so a row copied from the printed table
    (中期 ≥6台, 年度 ≥2台) was stored with the two values swapped, and nothing said so."""
    from g60desk.domain.templates import get_template
    from g60desk.exchange.samples import sample_document
    from g60desk.services.session import Session
    from g60desk.store import Store
    doc = sample_document("2026")
    node = next(n for _, n in doc.departments[0].iter_nodes() if n.declared)
    node.form.template = "国家2021"
    doc.templates["国家2021"] = get_template("国家2021")
    path = tmp_path / "f.g60"
    Store.create(path, doc).close()
    session = Session.open(path)
    try:
        node = next(n for _, n in session.doc.departments[0].iter_nodes() if n.declared)
        editor = NodeEditor(session)
        qtbot.addWidget(editor)
        editor.show_target(node)
        editor.form.tabs.setCurrentIndex(GOALS_TAB)
        view = editor.goals_page.form.indicatorView
        model = view.model()
        labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert labels[3:] == ["中期指标值", "年度指标值"]
        end = len(node.form.indicators)
        QGuiApplication.clipboard().setText("产出指标\t数量指标\t购置仪器台数\t≥6台\t≥2台\n")
        view.setCurrentIndex(model.index(end, LEVEL1))
        view.paste_clipboard()
        row = node.form.indicators[end]
        assert (row.extra.get("mid_value"), row.value.number, row.value.unit) == ("≥6台", "2", "台")
        assert model.data(model.index(end, 4)) == "≥2台"                 # 年度 shown in its own column
    finally:
        session.close()


@pytest.fixture
def bureau_editor(qtbot, tmp_path):
    """(editor, 上海 node, 湘潭 node): a NodeEditor on a bureau file holding a 上海2026 and a 湘潭2023 department."""
    from g60desk.exchange.samples import sample_document
    from g60desk.services.session import Session
    from g60desk.store import Store
    doc = sample_document("2026")
    doc.departments += sample_document("湘潭2023").departments
    path = tmp_path / "局.g60"
    Store.create(path, doc).close()
    session = Session.open(path)
    try:
        shanghai, xiangtan = (next(n for _, n in d.iter_nodes() if n.declared) for d in session.doc.departments)
        editor = NodeEditor(session)
        qtbot.addWidget(editor)
        yield editor, shanghai, xiangtan
    finally:
        session.close()


def test_a_form_without_an_explanation_shows_no_such_tab_even_coming_from_one(bureau_editor):
    """A bureau file holds forms of several templates: going from a 上海 node on its 经费情况说明 tab to a 湘潭 node
    (no 说明) shows another tab, the 说明 tab hidden and its page never built; back on 上海 the tab is there again."""
    editor, shanghai, xiangtan = bureau_editor
    editor.show_target(shanghai)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    assert editor.explanation_page is not None
    editor.show_target(xiangtan)
    tabs = editor.form.tabs
    assert not tabs.isTabVisible(EXPLANATION_TAB) and tabs.currentIndex() != EXPLANATION_TAB
    assert EXPLANATION_TAB not in editor._tab_pages and tabs.currentIndex() in editor._tab_pages
    editor.show_target(shanghai)
    assert tabs.isTabVisible(EXPLANATION_TAB)


def test_the_amount_hint_speaks_the_forms_own_unit(bureau_editor):
    """A 万元 form (湘潭) says a bare number is 万元 and shows 万元 examples; a 元 form (上海) shows 元 examples —
    "780000" on a 万元 form would be 78 亿元."""
    editor, shanghai, xiangtan = bureau_editor
    editor.show_target(xiangtan)
    hint = editor.form_page.form.hintLabel.text()
    assert hint.startswith("金额以万元计") and "780000" not in hint.replace("780000元", "")
    editor.show_target(shanghai)
    hint = editor.form_page.form.hintLabel.text()
    assert hint.startswith("金额以元计，可写 780000") and "留空表示“空白”" in hint


def test_a_table_template_previews_its_budget_lines_as_table_rows(make_editor, last_year_file, declared):
    """budget_layout = "table": the 打印效果 box shows each line's cells in column order, not the sentence."""
    from g60desk.services.session import Session
    session = Session.open(last_year_file)
    try:
        editor = make_editor(session, declared(session))
        page = editor.explanation_page
        assert "（1）保洁服务：｜2名保洁员，每月9000元，全年合计｜0.9*12｜10.8万｜｜" in page.printed_text
        assert "0.9*12=10.8万" not in page.printed_text
        assert "申报金额｜上年预算数" in page.printed_view.toolTip()
    finally:
        session.close()
