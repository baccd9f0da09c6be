"""A clerk who never touches the mouse (issue 4: "a whole 申报表 from the keyboard alone"): Tab walks the
form in reading order and on to the 审核 list, F6 moves between the tree, the editor and the 审核 list, F9
puts the cursor in the findings, grids let Tab out and Ctrl+Tab on, Enter after Tab goes back to the row's
first column, combo and calendar lists open with Alt+↓, and a new budget group keeps the cursor in its grid."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QTextBrowser

from g60desk.qt.editors.indicator_model import LEVEL1, LEVEL2, NAME, VALUE
from g60desk.qt.editors.node_editor import BASIC_TAB, EXPLANATION_TAB, GOALS_TAB
from g60desk.qt.shell.findings_dock import FINDING_ROLE

FOCUS = QApplication.focusWidget


def new_file(tmp_path):
    from g60desk.services.documents import NewFile, new_document
    return new_document(NewFile(2027, "测试中心", tmp_path / "kb.g60", "上海2026"))


def shown(qtbot, window):
    """The editor is laid out and shown (Qt shows a widget added to a shown window on the next turn)."""
    qtbot.waitUntil(lambda: window.editor.isVisible())
    qtbot.wait(10)
    return window


def add_project(window, qtbot) -> None:
    """新建项目, keeping the proposed name (Enter in the tree's name editor)."""
    window.form.actionAddProject.trigger()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: FOCUS() is window.form.nodeTree)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(FOCUS(), key, modifier)


def name_of(widget) -> str:
    return widget.objectName() if widget is not None else "None"


def in_pane(widget, pane) -> bool:
    return widget is not None and (widget is pane or pane.isAncestorOf(widget))


def test_tab_walks_from_the_tree_through_the_form_in_reading_order_then_to_the_findings(make_window, sample_copy,
                                                                                        qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    editor = window.editor
    assert FOCUS() is window.form.nodeTree                       # the keyboard starts in the tree
    press(qtbot, Qt.Key.Key_Tab)
    assert FOCUS() is editor.form.tabs.tabBar()                  # not the status bar's counters
    stops = []
    for _ in range(15):
        press(qtbot, Qt.Key.Key_Tab)
        stops.append(FOCUS())
    page = editor.form_page
    header = ["nameEdit", "natureEdit", "categoryEdit", "supervising_deptEdit", "implementing_unitEdit"]
    assert [name_of(w) for w in stops[:5]] == header
    assert stops[5] is page.editors["planned_start"].edit and stops[6] is page.editors["planned_end"].edit
    assert [name_of(w) for w in stops[7:14]] == ["projectTotalEdit", "fiscalEdit", "otherEdit", "annualRequestEdit",
                                                 "appropriationEdit", "carryoverEdit", "annualOtherEdit"]
    assert in_pane(stops[14], window.findings)                   # on to the 审核 dock, not back to the tabs


def test_f6_goes_round_tree_editor_and_findings_and_back_to_the_field_left(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    press(qtbot, Qt.Key.Key_F6)
    assert FOCUS() is window.editor.form_page.editors["name"]    # the first field of the shown tab
    press(qtbot, Qt.Key.Key_Tab)
    nature = FOCUS()
    press(qtbot, Qt.Key.Key_F6)
    assert FOCUS() is window.findings.form.findingsView
    assert window.findings.form.findingsView.currentIndex().isValid()   # ↑↓ work at once
    press(qtbot, Qt.Key.Key_F6)
    assert FOCUS() is window.form.nodeTree
    press(qtbot, Qt.Key.Key_F6)
    assert FOCUS() is nature                                      # where the cursor was
    press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert FOCUS() is window.form.nodeTree
    assert window.form.actionNextPane.shortcut().toString() == "F6"


def test_tab_in_the_findings_list_goes_to_its_buttons_and_filters_then_round_to_the_tree(make_window, sample_copy,
                                                                                         qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    panel = window.findings
    view = panel.form.findingsView
    window.focus_pane(panel)
    view.setCurrentIndex(next(view.model().index(r, 0) for r in range(view.model().rowCount())
                              if view.model().index(r, 0).data(FINDING_ROLE).severity == "warning"))
    stops = []
    for _ in range(7):
        press(qtbot, Qt.Key.Key_Tab)
        stops.append(FOCUS())
    f = panel.form
    assert stops[:6] == [f.acknowledgeButton, f.errorBox, f.warningBox, f.infoBox, f.currentNodeBox,  # 取消确认 is off
                         window.form.nodeTree]                       # then round to the tree, as F6 goes
    assert in_pane(stops[6], window.editor)
    window.focus_pane(panel)
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert in_pane(FOCUS(), window.editor)                             # Shift+Tab: back to the editor


def test_tab_from_the_editors_last_field_goes_to_the_findings_list(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2022")))      # a form with budget lines
    window.editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    grid = window.editor.focus_widgets()[-1]
    assert grid is window.editor.explanation_page.form.budgetView
    grid.setFocus()
    model = grid.model()
    last_group = model.index(model.rowCount() - 1, 0)
    while model.rowCount(last_group):                               # the last row shown: the deepest last line
        last_group = model.index(model.rowCount(last_group) - 1, 0, last_group)
    grid.setCurrentIndex(last_group.siblingAtColumn(model.columnCount() - 1))
    press(qtbot, Qt.Key.Key_Tab)
    assert FOCUS() is window.findings.form.findingsView


def test_the_acknowledge_buttons_have_alt_keys_and_the_reason_dialog_is_kept_by_the_keyboard(make_window,
                                                                                             sample_copy, qtbot):
    from PySide6.QtGui import QKeySequence

    from g60desk.qt.shell.findings_dock import ReasonDialog

    window = shown(qtbot, make_window(sample_copy("2026")))
    f = window.findings.form
    assert QKeySequence.mnemonic(f.acknowledgeButton.text()) == QKeySequence("Alt+A")   # 确认(A)…, from anywhere
    assert QKeySequence.mnemonic(f.withdrawButton.text()) == QKeySequence("Alt+W")
    view = f.findingsView
    finding = next(view.model().index(r, 0).data(FINDING_ROLE) for r in range(view.model().rowCount())
                   if view.model().index(r, 0).data(FINDING_ROLE).severity == "warning")
    dialog = ReasonDialog(window, finding)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "a")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and not dialog.ok_button.isEnabled()        # one character is no reason yet
    qtbot.keyClicks(dialog.reason, "b")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert FOCUS() is not dialog.reason and dialog.reason.toPlainText() == "ab"   # Tab leaves, types no tab
    dialog.reason.setFocus()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.reason_text() == "ab"


def test_f9_puts_the_cursor_in_the_findings_and_enter_on_a_missing_level1_opens_the_indicator_grid(
        make_window, tmp_path, qtbot):
    window = shown(qtbot, make_window(new_file(tmp_path)))
    add_project(window, qtbot)
    node = window.current_target()
    press(qtbot, Qt.Key.Key_F9)
    view = window.findings.form.findingsView
    assert FOCUS() is view
    rows = [view.model().index(r, 0) for r in range(view.model().rowCount())]
    missing = next(i for i in rows if i.data(FINDING_ROLE).field == "indicators")
    view.setCurrentIndex(missing)
    press(qtbot, Qt.Key.Key_Return)
    grid = window.editor.goals_page.form.indicatorView
    assert window.editor.form.tabs.currentIndex() == GOALS_TAB and FOCUS() is grid
    assert grid.currentIndex().column() == LEVEL1 and window.current_target() is node


def test_shortcuts_add_a_project_and_a_sub_project(make_window, tmp_path, qtbot):
    window = shown(qtbot, make_window(new_file(tmp_path)))
    tree = window.form.nodeTree
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Return)                               # keep the proposed name
    qtbot.waitUntil(lambda: FOCUS() is tree)
    project = window.current_target()
    assert project.kind == "project"
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_target().kind == "sub_project" and window.current_target() in project.children
    assert window.form.actionAddProject.text() == "新建项目(&P)"


def _goals_grid(window):
    window.editor.form.tabs.setCurrentIndex(GOALS_TAB)
    grid = window.editor.goals_page.form.indicatorView
    grid.setFocus()
    return grid


def test_tab_past_the_last_cell_leaves_the_grid_and_ctrl_tab_goes_to_the_next_tab(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    grid = _goals_grid(window)
    model = grid.model()
    grid.setCurrentIndex(model.index(model.rowCount() - 1, VALUE))
    press(qtbot, Qt.Key.Key_Tab)
    assert FOCUS() is not grid and not grid.isAncestorOf(FOCUS())
    assert grid.currentIndex() == model.index(model.rowCount() - 1, VALUE)   # no wrap to the top
    grid.setFocus()
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.form.tabs.currentIndex() == EXPLANATION_TAB


def test_enter_after_tabbing_along_a_row_goes_to_the_first_column_of_the_next_row(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    grid = _goals_grid(window)
    model = grid.model()
    start = model.indicator_count
    grid.setCurrentIndex(model.index(start, LEVEL1))
    for column, _text in ((LEVEL1, "产出指标"), (LEVEL2, "数量指标"), (NAME, "场次")):
        assert grid.currentIndex().column() == column
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)
    assert grid.currentIndex() == model.index(start, VALUE)
    qtbot.keyClicks(grid, "1")
    qtbot.keyClicks(FOCUS(), "2")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)
    assert grid.currentIndex().row() == start + 1 and grid.currentIndex().column() == LEVEL1


def test_alt_down_in_a_choice_cell_opens_its_list_instead_of_moving_the_row(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    grid = _goals_grid(window)
    node = window.current_target()
    before = [(i.level1, i.name) for i in node.form.indicators]
    grid.setCurrentIndex(grid.model().index(1, LEVEL2))
    press(qtbot, Qt.Key.Key_F2)
    combo = FOCUS()
    assert isinstance(combo, QComboBox)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    assert [(i.level1, i.name) for i in node.form.indicators] == before   # no row moved
    combo.hidePopup()


def test_a_date_opens_its_calendar_with_alt_down_and_the_calendar_button_is_no_tab_stop(make_window, sample_copy,
                                                                                       qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    page = window.editor.form_page
    start = page.editors["planned_start"]
    start.edit.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert FOCUS() is page.editors["planned_end"].edit             # not the 日历 button
    seen = {}

    def look() -> None:
        menu = start.button.menu()
        seen["shown"] = menu.isVisible()
        seen["focus"] = FOCUS()
        menu.close()
    QTimer.singleShot(150, look)
    start.edit.setFocus()
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "shown" in seen)
    assert seen["shown"] and in_pane(seen["focus"], start.calendar)   # arrows move the calendar's day


def test_naming_a_new_budget_group_keeps_the_cursor_in_the_grid(make_window, tmp_path, qtbot):
    window = shown(qtbot, make_window(new_file(tmp_path)))
    add_project(window, qtbot)
    window.editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    view = window.editor.explanation_page.form.budgetView
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))               # （在此输入新分组名称）
    qtbot.keyClicks(view, "A")
    qtbot.keyClicks(FOCUS(), "bc")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert window.current_target().explanation.budget_groups[0].title == "Abc"
    assert FOCUS() is view                                        # Ctrl+Shift+= adds a line from here
    assert window.editor.form.tabs.currentIndex() == EXPLANATION_TAB and BASIC_TAB != EXPLANATION_TAB


def test_ctrl_z_in_a_field_after_enter_undoes_the_committed_edit_and_ctrl_y_redoes_it(make_window, sample_copy,
                                                                                      qtbot):
    # Qt's line edits claim Ctrl+Z even with nothing of their own to undo; after Enter it must reach 撤销
    window = shown(qtbot, make_window(sample_copy("2026")))
    node = window.current_target()
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Tab)
    nature = window.editor.form_page.editors["nature"]
    assert FOCUS() is nature
    before = node.form.nature
    press(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(nature, "X")
    press(qtbot, Qt.Key.Key_Return)
    assert node.form.nature == before + "X"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert node.form.nature == before and nature.text() == before and FOCUS() is nature
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert node.form.nature == before + "X" and nature.text() == before + "X"


def test_ctrl_z_while_typing_undoes_the_typing_in_the_field_only(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    node = window.current_target()
    editors = window.editor.form_page.editors
    editors["category"].setFocus()
    qtbot.waitUntil(lambda: FOCUS() is editors["category"])
    before, stack = node.form.category, window.undo_stack.count()
    press(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(editors["category"], "A1")
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editors["category"].text() == before                    # the typing is gone, nothing else undone
    assert window.undo_stack.count() == stack and node.form.category == before


def test_ctrl_z_in_a_goal_text_after_ctrl_enter_undoes_the_goal(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    node = window.current_target()
    window.editor.form.tabs.setCurrentIndex(GOALS_TAB)
    goal = window.editor.goals_page.goal_edits()["annual_goal"]
    goal.setFocus()
    qtbot.waitUntil(lambda: FOCUS() is goal)
    before = node.form.annual_goal
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(goal, "A1")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)   # Ctrl+Enter commits
    assert node.form.annual_goal == before + "A1"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert node.form.annual_goal == before and goal.toPlainText() == before


def test_tabbing_into_the_indicator_grid_shows_its_current_cell_selected(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    window.editor.form.tabs.setCurrentIndex(GOALS_TAB)
    grid = window.editor.goals_page.form.indicatorView
    grid.selectionModel().clearSelection()
    window.editor.goals_page.goal_edits()["annual_goal"].setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert FOCUS() is grid
    assert grid.selectionModel().selectedIndexes() == [grid.currentIndex()]   # as in Excel, not a thin frame


def test_f1_lists_the_keys_the_window_really_has(make_window, sample_copy, qtbot):
    window = shown(qtbot, make_window(sample_copy("2026")))
    window.editor.form.tabs.setCurrentIndex(GOALS_TAB)
    press(qtbot, Qt.Key.Key_F1)
    dialog = window._keys_dialog
    qtbot.waitExposed(dialog)
    text = dialog.findChild(QTextBrowser, "keysText").toPlainText()
    for words in ("撤销", "Ctrl+Z", "全部审核", "F9", "新建项目", "Ctrl+Shift+N", "插入行", "新建分组", "Ctrl+Shift+G",
                  "F6", "Alt+↓", "Ctrl+Enter"):
        assert words in text, words
    assert "&" not in text and "新建(N)" not in text and "新建" in text   # menu keys shown as words only
    dialog.close()
