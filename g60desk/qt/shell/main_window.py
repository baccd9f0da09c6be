"""The main window: the tree 部门 → 项目 → 子项目 on the left, the selected node's editor on the right,
the 审核 dock, the undo history and the status bar with live totals and counts — the window's wiring. Its
menus and actions (actions.py), the 文件 menu (file_menu.py), editing the tree (tree_editing.py) and F6
between panes (panes.py) are parts of the class kept in their own modules.

The window holds one open document at a time (OpenedDocument: session, lock, read-only reason); every
edit goes through the session, and every Change the session reports is passed on to the tree, the
审核 dock and the status bar, each refreshing only what reads differently.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QToolButton,
    QUndoView,
    QWidget,
)

from ...domain.model import Department, Node
from ...domain.status import MIN_UNLOCK_REASON_CHARS, FileStatus
from ...errors import UserError
from ...services.session import Change, Scope, Session
from ..editors.refusals import refused_entries
from ..ui_generated.ui_main_window import Ui_MainWindow
from . import files, settings_state
from .actions import APP_TITLE, WindowActions
from .file_menu import FileMenu
from .panes import PaneNavigation
from .severity import finding_counts, severity_icon
from .tree_editing import TreeEditing
from .tree_model import HEADERS, NAME, NODE_ROLE, TOTAL, BadgeDelegate, NodeTreeModel, requested_fen, wan_text
from .undo_bridge import UndoBridge

if TYPE_CHECKING:
    from ..editors.node_editor import NodeEditor
    from .findings_dock import FindingsPanel

STATE_NAME = "main"


class MainWindow(WindowActions, FileMenu, TreeEditing, PaneNavigation, QMainWindow):
    """One document at a time; ``open_path`` switches documents, ``opened`` is the current one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = Ui_MainWindow()
        self.form.setupUi(self)
        self.undo_stack = QUndoStack(self)
        self.undo = UndoBridge(self.undo_stack, self)
        self.opened: files.OpenedDocument | None = None
        #: True from a start's first paint of the tree until the 审核 and the editors are there (open_path)
        self._loading = False
        self._painted = False
        self._after_paint: list[Callable[[], object]] = []
        self.tree_model: NodeTreeModel | None = None
        self.editor: NodeEditor | None = None
        self.findings: FindingsPanel | None = None
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
        view.setUniformRowHeights(True)   # every row one line: the view need not ask each row its height
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

    # ---- state kept between runs -----------------------------------------------------------------
    def _restore_state(self) -> None:
        self._default_layout_pending = not settings_state.restore_window(STATE_NAME, self)
        if self._default_layout_pending:
            settings_state.place_first_time(self, 1280, 800)   # 1366×768: title bar and status bar on the screen
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
        settings_state.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_typing()
        if not self.give_up_refused("关闭"):
            event.ignore()
            return
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
        except UserError as exc:
            self.warn(title, exc.message)
            return None

    # ---- documents -------------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self.opened.session if self.opened else None

    @property
    def open_session(self) -> Session:
        """The session, for what runs only while a document is open (a node is selected, a step is undone)."""
        if self.opened is None:
            raise LookupError("no document is open")
        return self.opened.session

    @property
    def loading(self) -> bool:
        """True while the window is still building what it shows: from a start's first paint of the tree until the
        审核 and the editors are there (open_path), and until the editor's pages are all built."""
        return self._loading or (self.editor is not None and self.editor.building)

    def after_first_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the window has been painted for the first time (at once when it has been)."""
        if self._painted:
            work()
        else:
            self._after_paint.append(work)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._run_after_paint)   # after this paint pass, not inside it

    def _run_after_paint(self) -> None:
        work, self._after_paint = self._after_paint, []
        for item in work:
            item()

    def install(self, opened: files.OpenedDocument, first_paint: bool = False) -> None:
        """Show ``opened``: the tree at once; the 审核 and the editors too, or (``first_paint``) once the window
        has been painted, so that a clerk sees the window as soon as a bare Qt window would show."""
        self.opened = opened
        session = opened.session
        session.listeners.append(self._on_change)
        session.unlock_asker = self.ask_unlock_reason
        self.tree_model = NodeTreeModel(session, self)
        self.tree_model.refused.connect(lambda m: QTimer.singleShot(0, lambda: self.warn("修改没有完成", m)))
        self.tree_model.moved.connect(lambda node: QTimer.singleShot(0, lambda: self.select(node)))
        view = self.form.nodeTree
        view.setModel(self.tree_model)
        view.selectionModel().currentChanged.connect(self._current_changed)
        header = view.header()
        settings_state.restore_header(STATE_NAME, header)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TOTAL, QHeaderView.ResizeMode.Interactive)
        self._fit_total_column()
        view.expandAll()
        if first_paint:
            self._loading = True
            self._show_document_state()
            self.after_first_paint(lambda: self._install_editors(opened))
        else:
            self._install_editors(opened)

    def _install_editors(self, opened: files.OpenedDocument) -> None:
        """The 审核 (the whole file checked), the editor of the first declared node and the 审核 dock."""
        self._loading = False
        if opened is not self.opened:
            return   # closed (or another file opened) before the first paint
        session = opened.session
        view = self.form.nodeTree
        if self.tree_model is not None and not self.tree_model.badged:
            self.tree_model.apply_change(Change(Scope.ACKNOWLEDGEMENTS))   # the badges, now the file is checked
        from ..editors.node_editor import NodeEditor  # the editors load with the first document
        from .findings_dock import FindingsPanel
        self.editor = NodeEditor(session, self.form.editorPane)
        self.editor.tab_predecessor = view   # Tab goes from the tree into the editor
        self.editor.status_message.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.form.editorLayout.addWidget(self.editor)
        self.findings = FindingsPanel(session)
        settings_state.restore_header("findings", self.findings.form.findingsView.horizontalHeader())
        self.findings.place_requested.connect(self.go_to_place)
        self.findings.leave.connect(self.move_to_pane)   # Tab past the 审核 list goes round to the tree
        self.editor.tab_successor = self.findings.form.findingsView   # and the editor's last field to it
        self.findings.status_message.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.findings_dock.setWidget(self.findings)
        self._show_document_state()
        self.select(self._first_target())
        view.setFocus(Qt.FocusReason.OtherFocusReason)   # the keyboard starts in the tree
        recovered = session.store.recovery
        if recovered is not None:   # the last save had been interrupted: say what the file holds now
            self.statusBar().showMessage(recovered.message(), 30000)
            QTimer.singleShot(0, lambda: self.warn("文件已恢复", recovered.message()))

    def close_document(self) -> None:
        if self.opened is None:
            return
        self._save_typing()
        opened, self.opened = self.opened, None
        from ...services.library import remember_document  # (json, hashing: not at start)
        remember_document(opened.session.doc, opened.session.path)   # its indicators for next year's 指标库
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

    def give_up_refused(self, doing: str) -> bool:
        """True when no refused entry waits for correction, or the clerk agrees to lose them (they are not in
        the file: only what was accepted is)."""
        session = self.session
        if session is None:
            return True
        entries = refused_entries(session)
        count = entries.count()
        if not count:
            return True
        owners = entries.owners()
        names = "、".join(f"“{owner.name}”" for owner in owners[:3]) + ("等" if len(owners) > 3 else "")
        return self.confirm(doing, f"{names}有 {count} 处输入未被接受（标红的格子和栏目），这些文字不在文件中，"
                                   f"{doing}后将丢失。要回去改正，请点“取消”。", f"仍然{doing}")

    def _save_typing(self) -> None:
        """Text typed in a field but not yet saved (no Enter yet) is saved now, into the open file."""
        focus = QApplication.focusWidget()
        if focus is not None and self.editor is not None and self.editor.isAncestorOf(focus):
            focus.clearFocus()

    def _first_target(self) -> Department | Node | None:
        doc = self.open_session.doc
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
            status = session.status()
            state = "" if status.state == "draft" else f"【{status.label}】"
            self.setWindowTitle(f"{session.path.name}{mode}{state} — {session.doc.budget_year} 年度 — {APP_TITLE}")
        self._update_status()
        self._update_actions()
        self._update_undo_actions()

    # ---- following the document --------------------------------------------------------------------
    def _fit_total_column(self) -> None:
        """The 申请额 column as wide as its widest figure, a department's sum (no row's is larger): measured on
        the departments, where ResizeToContents measured every row of the tree (a fifth of opening a file of
        1,000 forms, and again when rows changed)."""
        session = self.session
        if session is None:
            return
        bold = QFont(self.form.nodeTree.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        texts = [HEADERS[TOTAL], *(wan_text(requested_fen(d)) for d in session.doc.departments)]
        width = max(metrics.horizontalAdvance(text) for text in texts) + 2 * metrics.horizontalAdvance("0") + 12
        header = self.form.nodeTree.header()
        if header.sectionSize(TOTAL) < width:
            header.resizeSection(TOTAL, width)

    def ask_unlock_reason(self, status: FileStatus) -> str | None:
        """The first edit of a submitted file: 解锁 with a reason, or 取消 (the edit is not made)."""
        from ...domain.serialize import short_digest
        from .findings_dock import ReasonDialog
        sub = status.last_submission
        when = sub.time.replace("T", " ") if sub else ""
        code = short_digest(sub.digest) if sub else ""
        dialog = ReasonDialog(self, title="解锁修改", ok_text="解锁并修改", min_chars=MIN_UNLOCK_REASON_CHARS,
                              about=f"此文件已于 {when} 导出报送文件（校验码 {code}），现已锁定。\n"
                                    "解锁后可以修改；修改后需要重新导出报送文件，并重新打印、签字盖章。",
                              prompt=f"请写明为什么要修改已报送的内容（至少 {MIN_UNLOCK_REASON_CHARS} 个字，"
                                     "记入文件的历史记录）。写完按 Ctrl+Enter：",
                              placeholder="例如：财政局审核意见要求调整成本指标。")
        dialog.setObjectName("unlockDialog")
        return dialog.reason_text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _on_change(self, change: Change) -> None:
        """Follow an edit: the tree's badges and totals and the 审核 list of the edited department only (the whole
        file for changes of the tree, departments and acknowledgements), the status bar and the actions."""
        if change.scope is Scope.STATUS:
            self._show_document_state()
        if self.tree_model is not None:
            self.tree_model.apply_change(change)
            if change.scope in (Scope.FORM, Scope.TREE, Scope.DEPARTMENT):   # a sum may have grown a digit
                self._fit_total_column()
        if self.findings is not None:
            self.findings.refresh(self._department_of_change(change))
        self._update_status()
        self._update_actions()

    def _department_of_change(self, change: Change) -> Department | None:
        """The one department an edit of a node's form, texts, indicators or budget touched; None: any."""
        session = self.session
        if session is None or change.node is None or change.scope not in (
                Scope.FORM, Scope.SECTIONS, Scope.INDICATORS, Scope.BUDGET):
            return None
        try:
            return session.department_of(change.node)
        except LookupError:
            return None

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
        if not session.checked:   # the first paint of a start: the counts come with the 审核, a moment later
            for button in self.count_buttons.values():
                button.setVisible(False)
            return
        counts = finding_counts(session)
        labels = {"error": "错误", "warning": "警告", "info": "提示"}
        for severity, button in self.count_buttons.items():
            button.setVisible(True)
            text = f"{labels[severity]} {counts[severity]}"
            if severity == "warning" and counts["acknowledged"]:
                text += f"（已确认 {counts['acknowledged']}）"
            button.setText(text)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        target = current.data(NODE_ROLE) if current.isValid() else None
        if target is not None and self.editor is not None:
            self.editor.show_target(target)
        if self.findings is not None:
            self.findings.set_current_path(self.open_session.path_of(target) if isinstance(target, Node)
                                           else (target.name,) if target is not None else None)
        self._update_status()
        self._update_actions()

    # ---- 审核 ----------------------------------------------------------------------------------------
    def check_all(self) -> None:
        session = self.session
        if session is None:
            return
        session.checker.recheck_all()
        self._on_change(Change(Scope.ACKNOWLEDGEMENTS))
        self.findings_dock.show()
        self.findings_dock.raise_()
        self.focus_pane(self.findings)   # ↑↓ through the findings, Enter jumps to one
        counts = finding_counts(session)
        self.statusBar().showMessage(
            f"审核完成：错误 {counts['error']} 条，警告 {counts['warning']} 条，提示 {counts['info']} 条。", 10000)
