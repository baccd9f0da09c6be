"""The window as a clerk uses it: the tree's add / rename / delete / move / undo, from menus and keys,
each checked in what the window shows and in what the file holds afterwards."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from g60desk.domain.model import Department, Node


def type_chinese(widget, text: str) -> None:
    """What a Chinese IME does when the clerk picks the characters: one commit string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def row_names(model, parent) -> list[str]:
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_window_opens_on_the_2026_sample(make_window, sample_copy, tree_rows):
    window = make_window(sample_copy("2026"))
    assert window.windowTitle().startswith("copy2026.g60 — 2026 年度")
    assert tree_rows(window)[0] == "上海市松江区长三角G60科创走廊创新研究中心 287.965"
    assert window.form.nodeTree.isExpanded(window.tree_model.index_of(window.session.doc.departments[0].projects[0]))
    # the first declared node is selected and shown on the right
    assert window.current_target().name == "金融赋能"
    assert window.total_label.text() == "部门年度资金申请总额：287.965 万元"
    assert not window.form.readonlyBanner.isVisible()
    assert not window.form.emptyLabel.isVisible()


def test_add_project_and_type_its_name_in_place(make_window, sample_copy, qtbot, reopen):
    path = sample_copy("2022")
    window = make_window(path)
    window.select(window.session.doc.departments[0])
    window.form.actionAddProject.trigger()
    view = window.form.nodeTree
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "新项目"       # editing in place straight away
    editor.selectAll()
    type_chinese(editor, "科技成果转化")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    dept_index = window.tree_model.index_of(window.session.doc.departments[0])
    qtbot.waitUntil(lambda: row_names(window.tree_model, dept_index)[-1] == "科技成果转化")
    assert row_names(window.tree_model, dept_index) == ["G60 科创走廊建设", "宣传与推广", "科技成果转化"]
    assert window.current_target().name == "科技成果转化"
    doc = reopen(path)
    added = doc.departments[0].projects[2]
    assert added.name == "科技成果转化" and added.declared
    assert added.form.supervising_dept == "上海市松江区科创发展办公室"


def test_add_sub_project_under_the_selected_project(make_window, sample_copy, reopen):
    path = sample_copy("2026")
    window = make_window(path)
    project = window.session.doc.departments[0].projects[0]
    window.select(project.children[2])                      # a sub-project: its project gets the new one
    window.form.actionAddSubProject.trigger()
    assert row_names(window.tree_model, window.tree_model.index_of(project))[-1] == "新子项目"
    window.form.actionAddSubProject.trigger()
    assert row_names(window.tree_model, window.tree_model.index_of(project))[-2:] == ["新子项目", "新子项目2"]
    assert [c.name for c in reopen(path).departments[0].projects[0].children][-2:] == ["新子项目", "新子项目2"]


def test_insert_before_the_selected_node(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    project = window.session.doc.departments[0].projects[0]
    window.select(project.children[1])
    window.form.actionInsertBefore.trigger()
    assert row_names(window.tree_model, window.tree_model.index_of(project))[:3] == ["金融赋能", "新子项目", "产业创新"]


def test_f2_renames_in_place(make_window, sample_copy, qtbot, reopen):
    path = sample_copy("2022")
    window = make_window(path)
    view = window.form.nodeTree
    node = window.session.doc.departments[0].projects[1]
    window.select(node)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    type_chinese(editor, "宣传推广")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tree_model.index_of(node).data() == "宣传推广")
    assert reopen(path).departments[0].projects[1].name == "宣传推广"


def test_clicking_the_selected_node_again_does_not_start_renaming_it(make_window, sample_copy, qtbot):
    window = make_window(sample_copy("2022"))
    view = window.form.nodeTree
    node = window.session.doc.departments[0].projects[1]
    window.select(node)
    view.setFocus()
    where = view.visualRect(window.tree_model.index_of(node)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.wait(QApplication.doubleClickInterval() + 150)   # a second click on a selected item edits after this
    assert view.state() != view.State.EditingState
    assert view.findChild(QLineEdit) is None or not view.findChild(QLineEdit).isVisible()


def test_rename_to_a_taken_name_is_refused_with_the_reason(make_window, sample_copy, qtbot, answers):
    window = make_window(sample_copy("2022"))
    index = window.tree_model.index_of(window.session.doc.departments[0].projects[1])
    assert not window.tree_model.setData(index, "G60 科创走廊建设")
    qtbot.waitUntil(lambda: bool(answers.warnings))
    assert "同一级已有名为“G60 科创走廊建设”" in answers.warnings[0][1]
    assert index.data() == "宣传与推广"


def test_delete_asks_then_ctrl_z_brings_it_back_and_ctrl_y_removes_it_again(make_window, sample_copy, qtbot,
                                                                              answers, reopen):
    path = sample_copy("2026")
    window = make_window(path)
    project = window.session.doc.departments[0].projects[0]
    project_index = window.tree_model.index_of(project)
    window.select(project.children[2])
    view = window.form.nodeTree
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "删除子项目“建设方案成效阶段性评估”" in answers.confirmations[0]
    assert "撤销" in answers.confirmations[0]
    assert "建设方案成效阶段性评估" not in row_names(window.tree_model, project_index)
    assert window.total_label.text() == "部门年度资金申请总额：264.00 万元"
    assert len(reopen(path).departments[0].projects[0].children) == 5
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert row_names(window.tree_model, project_index)[2] == "建设方案成效阶段性评估"
    assert window.total_label.text() == "部门年度资金申请总额：287.965 万元"
    restored = reopen(path).departments[0].projects[0].children[2]
    assert restored.name == "建设方案成效阶段性评估" and restored.form.funding.annual_request_fen == 23_965_000
    assert len(restored.form.indicators) == len(project.children[2].form.indicators)
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert "建设方案成效阶段性评估" not in row_names(window.tree_model, project_index)
    assert len(reopen(path).departments[0].projects[0].children) == 5


def test_delete_declined_keeps_the_node(make_window, sample_copy, answers):
    window = make_window(sample_copy("2022"))
    answers.confirm = False
    window.select(window.session.doc.departments[0].projects[0])
    window.form.actionDelete.trigger()
    assert len(window.session.doc.departments[0].projects) == 2


def test_ctrl_up_and_down_move_the_selected_node(make_window, sample_copy, qtbot, reopen):
    path = sample_copy("2026")
    window = make_window(path)
    project = window.session.doc.departments[0].projects[0]
    project_index = window.tree_model.index_of(project)
    view = window.form.nodeTree
    window.select(project.children[3])                      # 创新合作
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert row_names(window.tree_model, project_index)[:3] == ["金融赋能", "创新合作", "产业创新"]
    assert window.current_target().name == "创新合作"     # the selection follows the moved row
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert row_names(window.tree_model, project_index)[:3] == ["金融赋能", "产业创新", "创新合作"]
    on_disk = reopen(path).departments[0].projects[0].children
    assert [c.name for c in on_disk][:3] == ["金融赋能", "产业创新", "创新合作"]
    window.select(project.children[0])
    assert not window.form.actionMoveUp.isEnabled()


def test_undo_history_lists_the_steps(make_window, sample_copy):
    window = make_window(sample_copy("2022"))
    window.select(window.session.doc.departments[0])
    window.form.actionAddProject.trigger()
    window.form.nodeTree.closePersistentEditor(window.form.nodeTree.currentIndex())
    window.form.actionUndoHistory.trigger()
    assert window.undo_dock.isVisible()
    view_model = window.undo_view.model()
    assert view_model.rowCount() == 2                        # the clean state and one step
    assert view_model.index(1, 0).data() == "新建项目“新项目”"
    assert window.form.actionUndo.text() == "撤销 新建项目“新项目”"
    window.form.actionUndo.trigger()
    assert window.form.actionRedo.text() == "重做 新建项目“新项目”"
    assert len(window.session.doc.departments[0].projects) == 2


def test_declared_toggle_removes_and_restores_the_form(make_window, sample_copy, reopen):
    path = sample_copy("2022")
    window = make_window(path)
    node = window.session.doc.departments[0].projects[1]
    window.select(node)
    assert window.form.actionToggleDeclared.isChecked()
    window.form.actionToggleDeclared.trigger()
    assert not node.declared and not reopen(path).departments[0].projects[1].declared
    assert window.tree_model.index_of(node).siblingAtColumn(1).data() == ""
    window.undo_stack.undo()
    assert reopen(path).departments[0].projects[1].form.funding.annual_request_fen == 70_000_000


def test_department_row_offers_no_delete_but_add_project(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    window.select(window.session.doc.departments[0])
    assert isinstance(window.current_target(), Department)
    assert window.form.actionAddProject.isEnabled()
    assert not window.form.actionDelete.isEnabled()
    assert not window.form.actionAddSubProject.isEnabled()
    window.select(window.session.doc.departments[0].projects[0])
    assert isinstance(window.current_target(), Node)
    assert window.form.actionAddSubProject.isEnabled() and window.form.actionDelete.isEnabled()


def test_status_bar_counts_follow_the_checker(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    from g60desk.qt.shell.findings_dock import finding_counts
    counts = finding_counts(window.session)
    assert window.count_buttons["error"].text() == f"错误 {counts['error']}"
    assert window.count_buttons["info"].text() == f"提示 {counts['info']}"
    node = window.session.doc.departments[0].projects[0].children[0]
    window.session.set_form_field(node, "annual_request_fen", "1")
    after = finding_counts(window.session)
    assert window.count_buttons["error"].text() == f"错误 {after['error']}"
    assert window.total_label.text() == "部门年度资金申请总额：209.9651 万元"


def test_file_menu_reaches_printing_and_exchange(make_window, sample_copy, monkeypatch):
    from g60desk.qt.exchange import merge_window, submit_dialog, xlsx_dialogs
    from g60desk.qt.printing import preview as printing
    window = make_window(sample_copy("2026"))
    calls = []
    monkeypatch.setattr(printing, "open_print_preview", lambda parent, doc, nodes=None: calls.append(("preview", doc)))
    monkeypatch.setattr(printing, "export_pdf", lambda parent, doc, nodes=None: calls.append(("pdf", doc)))
    monkeypatch.setattr(submit_dialog, "submit_from_window", lambda parent, session: calls.append(("submit", session)))
    monkeypatch.setattr(xlsx_dialogs, "export_xlsx_from_window", lambda parent, s: calls.append(("xlsx", s)))
    monkeypatch.setattr(xlsx_dialogs, "import_xlsx_from_window",
                        lambda parent, s, node=None: calls.append(("import", node)))
    monkeypatch.setattr(merge_window, "open_merge_window", lambda parent=None: calls.append(("merge", parent)))
    f = window.form
    menu_texts = [a.text() for a in f.menuFile.actions() if a.text()]
    assert menu_texts[:4] == ["新建(&N)…", "打开(&O)…", "最近打开(&R)", "另存为(&A)…"]
    for action in (f.actionPrintPreview, f.actionExportPdf, f.actionSubmit, f.actionExportXlsx, f.actionImportXlsx,
                   f.actionMerge):
        action.trigger()
    doc, session = window.session.doc, window.session
    assert calls == [("preview", doc), ("pdf", doc), ("submit", session), ("xlsx", session),
                     ("import", window.current_target()), ("merge", window)]
    assert f.actionPrintPreview.shortcut().toString() == "Ctrl+P"


def test_context_menu_offers_the_tree_operations(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    window.select(window.session.doc.departments[0].projects[0].children[1])
    menu = window.tree_menu()
    enabled = [a.text() for a in menu.actions() if a.text() and a.isEnabled()]
    assert enabled == ["新建项目(&P)", "新建子项目(&S)", "在此前插入", "重命名", "删除…", "上移", "下移", "编报申报表"]


def test_delete_key_in_an_editor_grid_never_deletes_the_node(make_window, sample_copy, qtbot, answers):
    from g60desk.qt.editors.node_editor import GOALS_TAB
    window = make_window(sample_copy("2026"))
    node = window.current_target()
    window.editor.form.tabs.setCurrentIndex(GOALS_TAB)
    view = window.editor.goals_page.form.indicatorView
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 2))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert answers.confirmations == []                      # no "删除子项目…?" question
    assert node in window.session.doc.departments[0].projects[0].children
    assert node.form.indicators[0].name == ""               # the grid cleared its cell instead


def test_undoing_a_deletion_selects_what_came_back_and_other_undos_leave_the_selection(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    project = window.session.doc.departments[0].projects[0]
    doomed = project.children[2]
    window.select(doomed)
    window.form.actionDelete.trigger()
    assert doomed not in project.children and window.current_target() is not doomed
    window.form.actionUndo.trigger()
    restored = project.children[2]
    assert restored.name == doomed.name and window.current_target() is restored
    other = project.children[4]
    window.select(other)
    window.session.rename_node(other, "政策研究（改）")
    window.form.actionUndo.trigger()                          # a rename brings no project back
    assert other.name == "政策研究" and window.current_target() is other


def test_text_typed_but_not_yet_saved_is_saved_when_the_window_closes(sample_copy, reopen, qtbot):
    # the clerk types and closes the window (Ctrl+Q) without Enter: the text is in the file and nothing fails
    from g60desk.qt.shell.main_window import MainWindow

    path = sample_copy("2026")
    window = MainWindow()                                     # not qtbot's: this test destroys it itself
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.open_path(path)
    node = window.current_target()
    nature = window.editor.form_page.editors["nature"]
    nature.setFocus()
    qtbot.waitUntil(nature.hasFocus)
    nature.end(False)
    qtbot.keyClicks(nature, "Q")
    window.close()
    window.deleteLater()                                      # the window and its undo stack go now, in the test
    qtbot.wait(20)
    saved = {n.name: n.form.nature for _, n in reopen(path).iter_nodes() if n.declared}
    assert saved[node.name] == "其他经常性项目Q"


class X11LineEdit(QLineEdit):
    """A line edit as on a 信创 Linux desktop: the X11 key scheme makes Ctrl+E "end of line"."""

    def event(self, event):
        from PySide6.QtCore import QEvent
        if (event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_E
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
            event.accept()
            return True
        return super().event(event)


def test_file_keys_work_while_the_cursor_is_in_a_text_field(make_window, sample_copy, qtbot):
    window = make_window(sample_copy("2026"))
    field = X11LineEdit(window.centralWidget())
    field.show()
    field.setFocus()
    window.form.actionSubmit.triggered.disconnect()   # the key is what is tested here, not the export
    with qtbot.waitSignal(window.form.actionSubmit.triggered, timeout=1000):
        qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)


def test_file_keys_follow_the_cursor_from_field_to_field(make_window, sample_copy, qtbot):
    """The window takes its keys back at the field that has the cursor (its filter moves with the focus, instead of
    seeing every event of the program): after the cursor moved to another field, Ctrl+E works there too."""
    window = make_window(sample_copy("2026"))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    first, second = X11LineEdit(window.centralWidget()), X11LineEdit(window.centralWidget())
    for field in (first, second):
        field.show()
    window.form.actionSubmit.triggered.disconnect()
    for field in (first, second, first):
        field.setFocus()
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f)
        with qtbot.waitSignal(window.form.actionSubmit.triggered, timeout=1000):
            qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)


def test_typing_an_amount_repaints_what_changed_without_laying_out_the_window(make_window, sample_copy, qtbot):
    """An amount typed in the budget grid: the grid's row and total, the tree's sums and the 审核 list change;
    no request for new room travels up from the grid's pane to the window (that would lay out and repaint every
    pane after each keystroke)."""
    from PySide6.QtCore import QEvent, QObject

    from g60desk.qt.editors.budget_model import STATED
    window = make_window(sample_copy("2022"))
    node = window.session.doc.departments[0].projects[0]
    window.select(node)
    window.editor.form.tabs.setCurrentIndex(2)
    page = window.editor.explanation_page
    qtbot.wait(300)   # the first layout of the window (its docks animate) is over
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop
    while QAbstractEventDispatcher.instance().processEvents(QEventLoop.ProcessEventsFlag.AllEvents):
        pass

    class Requests(QObject):
        seen: list = []

        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.LayoutRequest and watched in above:
                self.seen.append(watched.objectName())
            return False
    above = []   # the grid's pane and every widget above it below the window (which the status bar may ask too)
    widget = page.form.budgetPane
    while widget is not None and widget is not window:
        above.append(widget)
        widget = widget.parentWidget()
    requests = Requests()
    app = QApplication.instance()
    app.installEventFilter(requests)
    total = page.total_text
    page.model.setData(page.model.index(6, STATED, page.model.index(0, 0)), "1.5")   # a line without a formula
    qtbot.wait(100)
    app.removeEventFilter(requests)
    assert page.total_text != total
    assert requests.seen == []


def test_a_sub_project_under_a_filled_project_asks_what_becomes_of_the_projects_form(make_window, sample_copy,
                                                                                   monkeypatch):
    from g60desk.qt.shell.main_window import MainWindow
    asked = []
    monkeypatch.setattr(MainWindow, "ask_parent_form", lambda self, parent: asked.append(parent.name) or "drop")
    window = make_window(sample_copy("2022"))
    project = window.session.doc.departments[0].projects[0]          # G60 科创走廊建设, its form filled
    window.select(project)
    child = window.add_sub_project()
    assert asked == ["G60 科创走廊建设"] and child is not None and not project.declared
    assert "本身改为不单独编报" in window.statusBar().currentMessage()
    window.form.actionUndo.trigger()
    assert project.declared and project.children == []


def test_undo_of_a_new_project_while_its_name_is_being_typed(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    dept = window.session.doc.departments[0]
    node = window.add_project()                    # the name editor opens on the new row
    assert node is not None and window.form.nodeTree.state() == window.form.nodeTree.State.EditingState
    window.form.actionUndo.trigger()               # Ctrl+Z before the name is typed
    assert node not in dept.projects and len(dept.projects) == 1


def test_at_start_the_tree_is_painted_first_and_the_checks_and_editors_come_after(sample_copy, qtbot):
    """g60desk FILE: the window shows the file's tree as soon as it can be painted; the 审核 (the whole file
    checked), the editor and the 审核 list are made after that first paint."""
    from g60desk.qt.shell.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(sample_copy("2026"), first_paint=True)
    assert window.loading and window.editor is None and window.findings is None
    assert not window.session.checked                       # nothing checked before the window is painted
    assert window.tree_model.rowCount() == 1                 # the tree is there for the first paint
    window.show()
    for _turn in range(10_000):   # a turn of the event loop at a time: loading ends when all is built
        if not window.loading:
            break
        QApplication.processEvents()
    assert window.session.checked and window.editor is not None and window.findings is not None
    # and only once the declared node's other tab pages are there too (they come a turn after the shown one)
    assert len(window.editor.pages()) == 3
    assert window.current_target() is not None
    assert any(window.tree_model.badge(n) for _, n in window.session.doc.iter_nodes())   # the badges came
    window.close_document()


def test_closing_the_window_writes_its_state_once(make_window, monkeypatch):
    from g60desk.qt.shell import settings_state
    syncs = []
    monkeypatch.setattr(settings_state.QSettings, "sync", lambda self: syncs.append(self.fileName()))
    window = make_window()
    window.save_state()
    assert len(syncs) == 1
