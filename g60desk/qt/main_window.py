"""The main window: the tree 部门 → 项目 → 子项目 on the left, the selected node's editor on the right,
the 审核 dock, the undo history, the status bar with live totals and counts, and the file menu.

The window holds one open document at a time (OpenedDocument: session, lock, read-only reason); every
edit goes through the session, and every Change the session reports is passed on to the tree, the
审核 dock and the status bar, each refreshing only what reads differently.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QApplication, QDockWidget, QHeaderView, QLabel, QMainWindow, QMenu, QMessageBox,
                               QStyle, QToolButton, QUndoView, QWidget)

from .. import settings
from ..version import current as build_info
from ..domain.model import Department, Node
from ..domain.textnorm import ParseError
from ..domain.vocabulary import NODE_KIND_LABELS
from ..paths import data_dir
from ..services.files import same_file, save_as
from ..services.session import Change, EditRefused, Session
from ..store import FileRefused, StorageError
from . import files, settings_state
from .focus import alive_inside
from .findings_dock import FindingsPanel, finding_counts, severity_icon
from .tree_model import NAME, NODE_ROLE, TOTAL, BadgeDelegate, NodeTreeModel, requested_fen, wan_text
from .ui_generated.ui_main_window import Ui_MainWindow
from .undo_bridge import UndoBridge

APP_TITLE = "项目支出绩效目标申报"
STATE_NAME = "main"
REFUSALS = (EditRefused, ParseError, StorageError)


def default_editor_factory(session: Session, parent: QWidget) -> QWidget:
    """The node editor (g60desk/qt/node_editor.py), or a placeholder while that module is not there."""
    try:
        from .node_editor import NodeEditor
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.node_editor":
            raise
        return PlaceholderEditor(parent)
    return NodeEditor(session, parent)


class PlaceholderEditor(QLabel):
    """Stands in for NodeEditor: the same interface, no editing."""

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("请在左侧选择部门、项目或子项目。", parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def show_target(self, target) -> None:
        self.setText(f"{getattr(target, 'name', '')}")

    def focus_place(self, node, field) -> None:
        self.show_target(node)


def unique_name(base: str, taken: list[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


class MainWindow(QMainWindow):
    """One document at a time; ``open_path`` switches documents, ``opened`` is the current one."""

    def __init__(self, parent: QWidget | None = None,
                 editor_factory: Callable[[Session, QWidget], QWidget] = default_editor_factory):
        super().__init__(parent)
        self.form = Ui_MainWindow()
        self.form.setupUi(self)
        self.undo_stack = QUndoStack(self)
        self.undo = UndoBridge(self.undo_stack, self)
        self.opened: files.OpenedDocument | None = None
        self.tree_model: NodeTreeModel | None = None
        self.editor: QWidget | None = None
        self.findings: FindingsPanel | None = None
        self._editor_factory = editor_factory
        self._editor_focus: QWidget | None = None   # where the cursor was when F6 left the editor
        self._build_tree()
        self._build_docks()
        self._build_status_bar()
        self._connect_actions()
        self._restore_state()
        self._show_document_state()

    # ---- building --------------------------------------------------------------------------------
    def _build_tree(self) -> None:
        view = self.form.nodeTree
        view.setItemDelegateForColumn(NAME, BadgeDelegate(view))
        view.customContextMenuRequested.connect(self._tree_menu)
        f = self.form
        for action in (f.actionRename, f.actionDelete, f.actionMoveUp, f.actionMoveDown, f.actionInsertBefore):
            view.addAction(action)
        f.actionInsertBefore.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        f.actionInsertBefore.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        style = self.style()
        for button, action, icon in (
                (f.addProjectButton, f.actionAddProject, QStyle.StandardPixmap.SP_FileDialogNewFolder),
                (f.addSubProjectButton, f.actionAddSubProject, QStyle.StandardPixmap.SP_FileIcon),
                (f.moveUpButton, f.actionMoveUp, QStyle.StandardPixmap.SP_ArrowUp),
                (f.moveDownButton, f.actionMoveDown, QStyle.StandardPixmap.SP_ArrowDown),
                (f.deleteButton, f.actionDelete, QStyle.StandardPixmap.SP_TrashIcon)):
            action.setIcon(style.standardIcon(icon))
            button.setDefaultAction(action)
        f.mainSplitter.setStretchFactor(0, 0)
        f.mainSplitter.setStretchFactor(1, 1)
        f.mainSplitter.setSizes([340, 1000])

    def _build_docks(self) -> None:
        self.findings_dock = QDockWidget("审核结果", self)
        self.findings_dock.setObjectName("findingsDock")
        self.findings_dock.setWidget(QLabel("没有打开文件。"))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        self.undo_dock = QDockWidget("撤销历史", self)
        self.undo_dock.setObjectName("undoDock")
        self.undo_view = QUndoView(self.undo_stack)
        self.undo_view.setEmptyLabel("（打开文件时的状态）")
        self.undo_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()
        for dock, action in ((self.findings_dock, self.form.actionFindingsPanel),
                             (self.undo_dock, self.form.actionUndoHistory)):
            dock.visibilityChanged.connect(action.setChecked)
            action.toggled.connect(dock.setVisible)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        bar.addPermanentWidget(self.total_label)
        self.count_buttons: dict[str, QToolButton] = {}
        for severity in ("error", "warning", "info"):
            button = QToolButton()
            button.setObjectName(f"{severity}Count")
            button.setAutoRaise(True)
            button.setIcon(severity_icon(severity))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # no Tab stop between the tree and the editor
            button.clicked.connect(self.findings_dock.show)
            bar.addPermanentWidget(button)
            self.count_buttons[severity] = button

    def _connect_actions(self) -> None:
        f = self.form
        f.actionNew.triggered.connect(self.new_file)
        f.actionOpen.triggered.connect(self.open_file)
        f.actionSaveAs.triggered.connect(self.save_as)
        f.readonlySaveAsButton.clicked.connect(self.save_as)
        f.actionQuit.triggered.connect(self.close)
        f.actionPrintPreview.triggered.connect(lambda: self._print("open_print_preview"))
        f.actionExportPdf.triggered.connect(lambda: self._print("export_pdf"))
        f.actionSubmit.triggered.connect(lambda: self._exchange("submit_dialog", "submit_from_window"))
        f.actionExportXlsx.triggered.connect(lambda: self._exchange("xlsx_dialogs", "export_xlsx_from_window"))
        f.actionImportXlsx.triggered.connect(self.import_xlsx)
        f.actionMerge.triggered.connect(self.open_merge)
        f.menuRecent.aboutToShow.connect(lambda: files.fill_recent_menu(f.menuRecent, self.open_path))
        f.actionUndo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        f.actionRedo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        f.actionUndo.triggered.connect(lambda: self._step(self.undo_stack.undo))
        f.actionRedo.triggered.connect(lambda: self._step(self.undo_stack.redo))
        self.undo_stack.canUndoChanged.connect(lambda _=None: self._update_undo_actions())
        self.undo_stack.canRedoChanged.connect(lambda _=None: self._update_undo_actions())
        self.undo_stack.indexChanged.connect(lambda _=None: self._update_undo_actions())
        self.undo.failed.connect(lambda message: self.warn("撤销", message))
        f.actionAddProject.triggered.connect(self.add_project)
        f.actionAddSubProject.triggered.connect(self.add_sub_project)
        f.actionInsertBefore.triggered.connect(self.insert_before)
        f.actionRename.triggered.connect(self.rename_current)
        f.actionDelete.triggered.connect(self.delete_current)
        f.actionMoveUp.triggered.connect(lambda: self.move_current(-1))
        f.actionMoveDown.triggered.connect(lambda: self.move_current(+1))
        f.actionToggleDeclared.triggered.connect(self.toggle_declared)
        f.actionCheckAll.triggered.connect(self.check_all)
        f.actionNextPane.triggered.connect(lambda: self.move_to_pane(+1))
        f.actionPreviousPane.triggered.connect(lambda: self.move_to_pane(-1))
        f.actionAbout.triggered.connect(self.about)
        f.actionKeys.triggered.connect(self.show_keys)

    # ---- state kept between runs -----------------------------------------------------------------
    def _restore_state(self) -> None:
        self._default_layout_pending = not settings_state.restore_window(STATE_NAME, self)
        if self._default_layout_pending:
            self.resize(1280, 800)
            settings_state.clamp_to_screen(self)   # 1366×768: the status bar stays on the screen
        settings_state.restore_splitter(STATE_NAME, self.form.mainSplitter)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._default_layout_pending:   # first start: proportions that suit 1366×768 and 1920×1080 alike
            self._default_layout_pending = False
            width, height = self.width(), self.height()
            tree = max(340, min(460, int(width * 0.24)))
            self.form.mainSplitter.setSizes([tree, max(400, width - tree)])
            self.resizeDocks([self.findings_dock], [max(150, int(height * 0.26))], Qt.Orientation.Vertical)

    def save_state(self) -> None:
        settings_state.save_window(STATE_NAME, self)
        settings_state.save_splitter(STATE_NAME, self.form.mainSplitter)
        settings_state.save_header(STATE_NAME, self.form.nodeTree.header())
        if self.findings is not None:
            settings_state.save_header("findings", self.findings.form.findingsView.horizontalHeader())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.close_document()
        # the stack empties itself again while it is destroyed: nothing may listen then
        self.undo_stack.blockSignals(True)
        super().closeEvent(event)

    # ---- messages (one place, so tests can answer them) -------------------------------------------
    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def confirm(self, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok

    def _attempt(self, title: str, edit: Callable[[], Any]) -> Any:
        try:
            return edit()
        except REFUSALS as exc:
            self.warn(title, exc.message)
            return None

    # ---- documents -------------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self.opened.session if self.opened else None

    def open_path(self, path: str | Path) -> bool:
        """Open ``path`` in this window (read-only when locked elsewhere); False when refused."""
        path = Path(path)
        if self.opened is not None and same_file(path, self.opened.session.path):
            return True
        self._save_typing()
        try:
            opened = files.open_document(path, undo_stack=self.undo)
        except (FileRefused, StorageError) as exc:
            self.file_refused(path, exc.message)   # the file that was open stays open
            return False
        self.close_document()
        self.install(opened)
        settings.remember_file(path)
        return True

    def file_refused(self, path: Path, message: str) -> None:
        """A file that cannot be opened: say why, offer 打开其他文件 / 新建, keep the window."""
        box = QMessageBox(QMessageBox.Icon.Warning, "无法打开文件", message, parent=self)
        box.setObjectName("refusedBox")
        other = box.addButton("打开其他文件…", QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton("新建…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is other:
            QTimer.singleShot(0, self.open_file)
        elif box.clickedButton() is new:
            QTimer.singleShot(0, self.new_file)

    def install(self, opened: files.OpenedDocument) -> None:
        self.opened = opened
        session = opened.session
        session.listeners.append(self._on_change)
        self.tree_model = NodeTreeModel(session, self)
        self.tree_model.refused.connect(lambda m: QTimer.singleShot(0, lambda: self.warn("修改没有完成", m)))
        self.tree_model.moved.connect(lambda node: QTimer.singleShot(0, lambda: self.select(node)))
        view = self.form.nodeTree
        view.setModel(self.tree_model)
        view.selectionModel().currentChanged.connect(self._current_changed)
        header = view.header()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TOTAL, QHeaderView.ResizeMode.ResizeToContents)
        settings_state.restore_header(STATE_NAME, header)
        view.expandAll()
        self.editor = self._editor_factory(session, self.form.editorPane)
        if hasattr(self.editor, "tab_predecessor"):
            self.editor.tab_predecessor = view   # Tab goes from the tree into the editor
        if hasattr(self.editor, "status_message"):
            self.editor.status_message.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.form.editorLayout.addWidget(self.editor)
        self.findings = FindingsPanel(session)
        settings_state.restore_header("findings", self.findings.form.findingsView.horizontalHeader())
        self.findings.place_requested.connect(self.go_to_place)
        self.findings.leave.connect(self.move_to_pane)   # Tab past the 审核 list goes round to the tree
        if hasattr(self.editor, "tab_successor"):
            self.editor.tab_successor = self.findings.form.findingsView   # and the editor's last field to it
        self.findings.status_message.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.findings_dock.setWidget(self.findings)
        self._show_document_state()
        self.select(self._first_target())
        view.setFocus(Qt.FocusReason.OtherFocusReason)   # the keyboard starts in the tree

    def close_document(self) -> None:
        if self.opened is None:
            return
        self._save_typing()
        opened, self.opened = self.opened, None
        if self._on_change in opened.session.listeners:
            opened.session.listeners.remove(self._on_change)
        self.undo.clear()
        self.form.nodeTree.setModel(None)
        self.tree_model = None
        for widget in (self.editor, self.findings):
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.editor = self.findings = None
        self.findings_dock.setWidget(QLabel("没有打开文件。"))
        opened.close()
        self._show_document_state()

    def _save_typing(self) -> None:
        """Text typed in a field but not yet saved (no Enter yet) is saved now, into the open file."""
        focus = QApplication.focusWidget()
        if focus is not None and self.editor is not None and self.editor.isAncestorOf(focus):
            focus.clearFocus()

    def _first_target(self) -> Department | Node | None:
        doc = self.session.doc
        for _, node in doc.iter_nodes():
            if node.declared:
                return node
        return doc.departments[0] if doc.departments else None

    def _show_document_state(self) -> None:
        session = self.session
        f = self.form
        f.emptyLabel.setVisible(session is None)
        reason = self.opened.readonly_reason if self.opened else None
        f.readonlyLabel.setText(reason or "")
        f.readonlyBanner.setVisible(bool(reason))
        if session is None:
            self.setWindowTitle(APP_TITLE)
        else:
            mode = "（只读）" if session.readonly else ""
            self.setWindowTitle(f"{session.path.name}{mode} — {session.doc.budget_year} 年度 — {APP_TITLE}")
        self._update_status()
        self._update_actions()
        self._update_undo_actions()

    # ---- file menu -------------------------------------------------------------------------------
    def new_file(self) -> None:
        dialog = files.NewFileDialog(self)
        if dialog.exec() != files.NewFileDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        try:
            path = request.create()
        except (FileRefused, StorageError) as exc:
            self.warn("新建", exc.message)
            return
        self.open_path(path)

    def open_file(self) -> None:
        path = files.choose_open_path(self)
        if path is not None:
            self.open_path(path)

    def save_as(self) -> None:
        session = self.session
        if session is None:
            return
        target = files.choose_save_path(self, f"{session.path.stem}（副本）.g60")
        if target is not None:
            self.save_as_path(target)

    def save_as_path(self, target: Path) -> bool:
        """Write a copy to ``target`` and continue editing the copy (the dialog already asked to overwrite)."""
        session = self.session
        if files.lock_is_held(target):
            self.warn("另存为", f"“{target.name}”正在另一个窗口中打开，不能覆盖：请换一个文件名。")
            return False
        try:
            new_session = save_as(session, target, overwrite=target.exists(), undo_stack=self.undo)
        except (FileRefused, StorageError, EditRefused) as exc:
            self.warn("另存为", exc.message)
            return False
        self.close_document()
        self.install(files.adopt(new_session))
        settings.remember_file(target)
        self.statusBar().showMessage(f"已另存为 {target}，现在编辑的是这份副本。", 10000)
        return True

    def _window_function(self, module: str, name: str) -> Callable | None:
        """A function of another window module (printing, exchange), or None with a message when missing."""
        import importlib
        try:
            return getattr(importlib.import_module(f"{__package__}.{module}"), name)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module}":
                raise
            self.warn("功能不可用", "这个功能没有随程序安装。")
            return None

    def _print(self, name: str) -> None:
        function = self._window_function("printing", name) if self.session is not None else None
        if function is not None:
            function(self, self.session.doc, None)

    def _exchange(self, module: str, name: str) -> None:
        function = self._window_function(module, name) if self.session is not None else None
        if function is not None:
            function(self, self.session)

    def import_xlsx(self) -> None:
        function = self._window_function("xlsx_dialogs", "import_xlsx_from_window") if self.session else None
        if function is not None:
            function(self, self.session, self.current_target())

    def open_merge(self) -> None:
        function = self._window_function("merge_window", "open_merge_window")
        if function is not None:
            self._merge_window = function(self)

    def show_keys(self) -> None:
        """帮助 → 键盘操作 (F1): the keys read from the window's actions and, with a form open, the grids'."""
        from .keys_help import show_keyboard_help
        f = self.form
        window_actions = [a for menu in (f.menuFile, f.menuEdit, f.menuCheck, f.menuHelp) for a in menu.actions()]
        window_actions += f.nodeTree.actions()
        grid_actions = []
        for page, view in (("goals_page", "indicatorView"), ("explanation_page", "budgetView")):
            widget = getattr(self.editor, page, None)
            if widget is not None:
                grid_actions += getattr(widget.form, view).actions()
        self._keys_dialog = show_keyboard_help(self, window_actions, grid_actions)

    def about(self) -> None:
        QMessageBox.about(self, "关于 g60desk",
                          f"<b>{build_info().describe()}</b> — {APP_TITLE}<br>"
                          f"离线填写、审核、打印项目支出绩效目标申报表。<br><br>"
                          f"Qt {qVersion()}<br>数据文件夹：{data_dir()}<br>日志：{data_dir() / 'logs'}")

    # ---- following the document --------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if self.tree_model is not None:
            self.tree_model.apply_change(change)
        if self.findings is not None:
            self.findings.refresh()
        self._update_status()
        self._update_actions()

    def _update_status(self) -> None:
        session = self.session
        if session is None:
            self.total_label.setText("")
            for button in self.count_buttons.values():
                button.setText("")
                button.setVisible(False)
            return
        dept = self._current_department()
        total = wan_text(requested_fen(dept)) if dept is not None else ""
        self.total_label.setText(f"部门年度资金申请总额：{total or '0.00'} 万元")
        self.total_label.setToolTip(f"{dept.name if dept else ''}各申报表“年度资金申请总额”之和")
        counts = finding_counts(session)
        labels = {"error": "错误", "warning": "警告", "info": "提示"}
        for severity, button in self.count_buttons.items():
            button.setVisible(True)
            text = f"{labels[severity]} {counts[severity]}"
            if severity == "warning" and counts["acknowledged"]:
                text += f"（已确认 {counts['acknowledged']}）"
            button.setText(text)

    def _update_actions(self) -> None:
        f = self.form
        session = self.session
        target = self.current_target()
        writable = session is not None and not session.readonly
        is_node = isinstance(target, Node)
        f.actionSaveAs.setEnabled(session is not None)
        f.actionPrintPreview.setEnabled(session is not None)
        f.actionExportPdf.setEnabled(session is not None)
        f.actionSubmit.setEnabled(session is not None)
        f.actionExportXlsx.setEnabled(session is not None)
        f.actionImportXlsx.setEnabled(writable)
        f.actionCheckAll.setEnabled(session is not None)
        f.actionAddProject.setEnabled(writable and target is not None)
        f.actionAddSubProject.setEnabled(writable and self._sub_project_parent(target) is not None)
        f.actionInsertBefore.setEnabled(writable and is_node)
        f.actionRename.setEnabled(writable and target is not None)
        f.actionDelete.setEnabled(writable and is_node)
        index = self.form.nodeTree.currentIndex()
        rows = self.tree_model.rowCount(index.parent()) if self.tree_model and index.isValid() else 0
        f.actionMoveUp.setEnabled(writable and is_node and index.row() > 0)
        f.actionMoveDown.setEnabled(writable and is_node and index.row() < rows - 1)
        f.actionToggleDeclared.setEnabled(writable and is_node)
        f.actionToggleDeclared.setChecked(is_node and target.declared)

    def _update_undo_actions(self) -> None:
        f, stack = self.form, self.undo_stack
        f.actionUndo.setEnabled(stack.canUndo())
        f.actionRedo.setEnabled(stack.canRedo())
        f.actionUndo.setText(f"撤销 {stack.undoText()}" if stack.canUndo() else "撤销")
        f.actionRedo.setText(f"重做 {stack.redoText()}" if stack.canRedo() else "重做")

    # ---- the tree ----------------------------------------------------------------------------------
    def current_target(self) -> Department | Node | None:
        if self.tree_model is None:
            return None
        index = self.form.nodeTree.currentIndex()
        return index.data(NODE_ROLE) if index.isValid() else None

    def _current_department(self) -> Department | None:
        target = self.current_target()
        if isinstance(target, Department):
            return target
        if isinstance(target, Node):
            return self.session.department_of(target)
        departments = self.session.doc.departments if self.session else []
        return departments[0] if departments else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        target = current.data(NODE_ROLE) if current.isValid() else None
        if target is not None and self.editor is not None:
            self.editor.show_target(target)
        if self.findings is not None:
            self.findings.set_current_path(self.session.path_of(target) if isinstance(target, Node)
                                           else (target.name,) if target is not None else None)
        self._update_status()
        self._update_actions()

    def _step(self, step) -> None:
        """撤销 or 重做; a project that comes back (a deletion undone, an addition redone) is selected, so the
        clerk sees what the step brought back."""
        doc = self.session.doc if self.session is not None else None
        before = [node for _, node in doc.iter_nodes()] if doc is not None else []
        known = {id(node) for node in before}   # ``before`` keeps them alive, so no id is reused meanwhile
        step()
        if doc is not None:
            back = next((node for _, node in doc.iter_nodes() if id(node) not in known), None)
            if back is not None:
                self.select(back)

    def select(self, target: Department | Node | None) -> QModelIndex:
        if target is None or self.tree_model is None:
            return QModelIndex()
        index = self.tree_model.index_of(target)
        if index.isValid():
            view = self.form.nodeTree
            parent = index.parent()
            while parent.isValid():
                view.expand(parent)
                parent = parent.parent()
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            view.scrollTo(index)
        return index

    def tree_menu(self) -> QMenu:
        f = self.form
        menu = QMenu(self)
        for action in (f.actionAddProject, f.actionAddSubProject, f.actionInsertBefore, None, f.actionRename,
                       f.actionDelete, None, f.actionMoveUp, f.actionMoveDown, None, f.actionToggleDeclared):
            menu.addSeparator() if action is None else menu.addAction(action)
        return menu

    def _tree_menu(self, pos) -> None:
        menu = self.tree_menu()
        menu.exec(self.form.nodeTree.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _sub_project_parent(self, target) -> Node | None:
        if isinstance(target, Node):
            return target if target.kind == "project" else self.session.parent_of(target)
        return None

    def _add(self, parent: Department | Node, kind: str, index: int | None = None) -> Node | None:
        siblings = parent.projects if isinstance(parent, Department) else parent.children
        name = unique_name(f"新{NODE_KIND_LABELS[kind]}", [n.name for n in siblings])
        node = self._attempt(f"新建{NODE_KIND_LABELS[kind]}", lambda: self.session.add_node(parent, name, index))
        if node is not None:
            view_index = self.select(node)
            self.form.nodeTree.edit(view_index)   # the clerk types the real name straight away
        return node

    def add_project(self) -> Node | None:
        dept = self._current_department()
        return self._add(dept, "project") if dept is not None else None

    def add_sub_project(self) -> Node | None:
        parent = self._sub_project_parent(self.current_target())
        return self._add(parent, "sub_project") if parent is not None else None

    def insert_before(self) -> Node | None:
        target = self.current_target()
        if not isinstance(target, Node):
            return None
        parent = self.session.parent_of(target)
        index = self.form.nodeTree.currentIndex().row()
        return self._add(parent, target.kind, index)

    def rename_current(self) -> None:
        index = self.form.nodeTree.currentIndex()
        if index.isValid():
            self.form.nodeTree.setCurrentIndex(index.siblingAtColumn(NAME))
            self.form.nodeTree.edit(index.siblingAtColumn(NAME))

    def delete_current(self) -> None:
        target = self.current_target()
        if not isinstance(target, Node):
            return
        kind = NODE_KIND_LABELS[target.kind]
        below = f"及其下的 {len(target.children)} 个子项目" if target.children else ""
        text = (f"删除{kind}“{target.name}”{below}？\n\n它的申报表和经费情况说明会一并删除；"
                f"删除后可以用“撤销”（Ctrl+Z）恢复。")
        if self.confirm(f"删除{kind}", text, "删除"):
            self._attempt(f"删除{kind}", lambda: self.session.delete_node(target))

    def move_current(self, step: int) -> None:
        target = self.current_target()
        if not isinstance(target, Node):
            return
        parent = self.session.parent_of(target)
        row = self.form.nodeTree.currentIndex().row()
        if self._attempt("移动", lambda: self.session.move_node(target, parent, row + step)) is None:
            self.select(target)

    def toggle_declared(self, checked: bool) -> None:
        target = self.current_target()
        if not isinstance(target, Node):
            return
        if not checked and not self.confirm(
                "取消编报申报表", f"“{target.name}”将不再单独编报申报表，它的申报表和经费情况说明会被删除；"
                               "可以用“撤销”（Ctrl+Z）恢复。", "取消编报"):
            self._update_actions()
            return
        self._attempt("编报申报表", lambda: self.session.set_declared(target, checked))
        self._update_actions()
        if self.editor is not None:
            self.editor.show_target(target)

    # ---- 审核 ----------------------------------------------------------------------------------------
    def check_all(self) -> None:
        session = self.session
        if session is None:
            return
        session.checker.recheck_all()
        self._on_change(Change("acknowledgements"))
        self.findings_dock.show()
        self.findings_dock.raise_()
        self.focus_pane(self.findings)   # ↑↓ through the findings, Enter jumps to one
        counts = finding_counts(session)
        self.statusBar().showMessage(
            f"审核完成：错误 {counts['error']} 条，警告 {counts['warning']} 条，提示 {counts['info']} 条。", 10000)

    # ---- panes: F6 / Shift+F6 ------------------------------------------------------------------------
    def panes(self) -> list[QWidget]:
        """The tree, the editor and the 审核 list (when shown), in F6 order."""
        panes: list[QWidget] = [self.form.nodeTree]
        if self.editor is not None:
            panes.append(self.editor)
        if self.findings is not None and self.findings_dock.isVisible():
            panes.append(self.findings)
        return panes

    def move_to_pane(self, step: int) -> None:
        """F6: the cursor goes to the next pane (Shift+F6: the previous one); the editor gets back the
        field the cursor left."""
        if self.session is None:
            return
        panes = self.panes()
        focus = QApplication.focusWidget()
        here = next((i for i, p in enumerate(panes) if focus is not None and (focus is p or p.isAncestorOf(focus))),
                    None)
        if here is not None and panes[here] is self.editor:
            self._editor_focus = focus
        start = here if here is not None else (-1 if step > 0 else 0)
        for k in range(1, len(panes) + 1):
            if self.focus_pane(panes[(start + step * k) % len(panes)]):
                return

    def focus_pane(self, pane: QWidget | None) -> bool:
        if pane is None:
            return False
        reason = Qt.FocusReason.ShortcutFocusReason
        if pane is self.form.nodeTree:
            pane.setFocus(reason)
            return True
        if pane is self.editor:
            if alive_inside(self._editor_focus, self.editor):
                self._editor_focus.setFocus(reason)
                return True
            return bool(getattr(self.editor, "focus_first", lambda: False)())
        if pane is self.findings:
            view = self.findings.form.findingsView
            if not view.currentIndex().isValid() and view.model().rowCount() > 0:
                view.setCurrentIndex(view.model().index(0, 0))
            view.setFocus(reason)
            return True
        return False

    def go_to_place(self, path: tuple[str, ...], field: str | None) -> None:
        """Double-click on a finding: select its node in the tree, then the field or cell in the editor."""
        target = self.session.doc.find(path) if self.session else None
        if target is None:
            return
        self.select(target)
        if self.editor is not None:
            self.editor.focus_place(target, field)
