"""The menus and actions of the main window: what each triggers, when each is enabled, 撤销/重做 texts,
帮助 → 键盘操作 and 关于."""
from __future__ import annotations

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from ...domain.model import Node
from ...paths import data_dir
from ...version import current as build_info
from . import files
from .window_keys import WindowKeysFirst
from .window_parts import WindowParts

APP_TITLE = "项目支出绩效目标申报"


class WindowActions(WindowParts):
    """The part of MainWindow that connects and enables its actions."""

    def _connect_actions(self) -> None:
        f = self.form
        f.actionNew.triggered.connect(self.new_file)
        f.actionOpen.triggered.connect(self.open_file)
        f.actionSaveAs.triggered.connect(self.save_as)
        f.actionNextYear.triggered.connect(self.next_year)
        f.actionChanges.triggered.connect(self.show_changes)
        f.readonlySaveAsButton.clicked.connect(self.save_as)
        f.actionQuit.triggered.connect(self.close)
        f.actionPrintPreview.triggered.connect(self.print_preview)
        f.actionPrintNode.triggered.connect(self.print_current_node)
        f.actionExportPdf.triggered.connect(self.export_pdf)
        f.actionSubmit.triggered.connect(self.submit)
        f.actionExportXlsx.triggered.connect(self.export_xlsx)
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
        f.actionGuide.triggered.connect(self.show_guide)
        # keys of the tree (F2, Del, Ins, Ctrl+↑/↓) and of editing (撤销/重做) stay with the field that has them
        local = {f.actionRename, f.actionDelete, f.actionInsertBefore, f.actionMoveUp, f.actionMoveDown,
                 f.actionUndo, f.actionRedo}
        self._window_keys = WindowKeysFirst(self, [a for a in self.findChildren(QAction)
                                                   if a.shortcuts() and a not in local])

    def _update_actions(self) -> None:
        f = self.form
        session = self.session
        target = self.current_target()
        writable = session is not None and not session.readonly
        is_node = isinstance(target, Node)
        f.actionSaveAs.setEnabled(session is not None)
        f.actionNextYear.setEnabled(session is not None)
        f.actionChanges.setEnabled(session is not None and session.status().state != "draft")
        f.actionPrintPreview.setEnabled(session is not None)
        f.actionPrintNode.setEnabled(session is not None and target is not None)
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
        f.actionToggleDeclared.setChecked(isinstance(target, Node) and target.declared)

    def _update_undo_actions(self) -> None:
        f, stack = self.form, self.undo_stack
        f.actionUndo.setEnabled(stack.canUndo())
        f.actionRedo.setEnabled(stack.canRedo())
        f.actionUndo.setText(f"撤销 {stack.undoText()}" if stack.canUndo() else "撤销")
        f.actionRedo.setText(f"重做 {stack.redoText()}" if stack.canRedo() else "重做")

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

    def show_changes(self) -> None:
        """文件 → 与上次报送比较."""
        from .changes_window import ChangesDialog
        session = self.session
        if session is None:
            return
        self._changes_dialog = ChangesDialog(session, self)
        self._changes_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._changes_dialog.show()

    def show_guide(self) -> None:
        """帮助 → 使用说明: one reader window, brought back to the front when asked again."""
        from .help_window import HelpWindow
        if getattr(self, "_guide", None) is None:
            self._guide = HelpWindow(self)
        self._guide.show()
        self._guide.raise_()
        self._guide.activateWindow()

    def about(self) -> None:
        QMessageBox.about(self, "关于 g60desk",
                          f"<b>{build_info().describe()}</b> — {APP_TITLE}<br>"
                          f"离线填写、审核、打印项目支出绩效目标申报表。<br><br>"
                          f"Qt {qVersion()}<br>数据文件夹：{data_dir()}<br>日志：{data_dir() / 'logs'}")
