"""The right-hand side of the window: the editor of whatever is selected in the tree.

A department shows its fields and the derived overview; a declared node the tabs 基本信息 / 绩效目标 /
经费情况说明; a project without a form of its own a page listing its sub-projects with a button to
编报申报表. Changes come back from the session as Change notices; each page refreshes only what changed.
"""
from __future__ import annotations

import weakref
from typing import TypeVar

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ...domain.model import Department, Node
from ...domain.vocabulary import NODE_KIND_LABELS
from ...errors import UserError
from ...services.session import Change, Scope, Session
from ..shell.focus import chain, first_focusable, takes_tab_focus
from ..ui_generated.ui_node_editor import Ui_NodeEditor
from .department_editor import DepartmentEditor
from .explanation_page import ExplanationPage
from .form_page import FormPage
from .goals_page import GOAL_FIELDS, GoalsPage
from .refusals import refused_entries

BASIC_TAB, GOALS_TAB, EXPLANATION_TAB = range(3)


def _listen(session: Session, editor: NodeEditor) -> None:
    """Register a listener that does not keep the editor alive and drops itself once it is gone."""
    ref = weakref.ref(editor)

    def listener(change: Change) -> None:
        target = ref()
        if target is None or not shiboken6.isValid(target):
            if listener in session.listeners:
                session.listeners.remove(listener)
            return
        target.handle_change(change)
    session.listeners.append(listener)


#: a page the editor shows (each reports to the status bar through its status_message)
Page = TypeVar("Page", DepartmentEditor, FormPage, GoalsPage, ExplanationPage)


class NodeEditor(QWidget):
    #: a plain Chinese message for the status bar
    status_message = Signal(str)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.form = Ui_NodeEditor()
        self.form.setupUi(self)
        self.target: Department | Node | None = None
        #: the widgets Tab comes from into this editor (the window's tree) and goes on to after its last field
        #: (the 审核 list); set by the window
        self.tab_predecessor: QWidget | None = None
        self.tab_successor: QWidget | None = None
        self.department_editor: DepartmentEditor | None = None
        self.form_page: FormPage | None = None
        self.goals_page: GoalsPage | None = None
        self.explanation_page: ExplanationPage | None = None
        self.form.declareButton.clicked.connect(self.declare)
        self._tab_bar_only_stop()
        self.form.declareButton.setEnabled(not getattr(session, "readonly", False))
        self.form.titleLabel.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.form.undeclaredTitle.setStyleSheet("font-weight: bold; font-size: 11pt;")
        _listen(session, self)

    def _tab_bar_only_stop(self) -> None:
        """The tab bar is the Tab stop; the tab widget, whose focus proxy it is, would be a second stop
        after the pages (Tab follows a proxy whatever the proxied widget's policy), so it gets none."""
        tabs = self.form.tabs
        tabs.setFocusProxy(None)
        tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # ---- showing ---------------------------------------------------------------------------------
    def show_target(self, target: Department | Node | None) -> None:
        """Show the editor of a department, a node, or nothing (None)."""
        left = self.target
        if left is not None and left is not target:
            waiting = refused_entries(self.session).count(left)
            if waiting:
                self.status_message.emit(f"“{left.name}”有 {waiting} 处输入未被接受，仍按原样标红保留：回到那里改正，"
                                         "或在该处按 Esc 取消。")
        self._drop_pages()
        self.target = target
        f = self.form
        if isinstance(target, Department):
            self.department_editor = self._adopt(DepartmentEditor(self.session, target), f.departmentLayout)
            f.stack.setCurrentWidget(f.departmentPage)
        elif isinstance(target, Node) and target.declared:
            self.form_page = self._adopt(FormPage(self.session, target), f.basicLayout)
            self.goals_page = self._adopt(GoalsPage(self.session, target), f.goalsLayout)
            self.explanation_page = self._adopt(ExplanationPage(self.session, target), f.explanationLayout)
            self._show_title()
            f.stack.setCurrentWidget(f.declaredPage)
        elif isinstance(target, Node):
            self._show_undeclared(target)
            f.stack.setCurrentWidget(f.undeclaredPage)
        else:
            f.stack.setCurrentWidget(f.emptyPage)
        chain([self.tab_predecessor, *self.focus_widgets(), self.tab_successor])

    def focus_widgets(self) -> list[QWidget]:
        """The editor's fields in Tab order: the tabs, then every page's fields (hidden ones are skipped)."""
        f = self.form
        if self.department_editor is not None:
            d = self.department_editor.form
            return [d.nameEdit, d.unitsEdit, d.overviewEdit, d.useDerivedButton]
        declared = self._declared_pages()
        if declared is not None:
            return [f.tabs.tabBar(), *(w for page in declared for w in page.focus_widgets())]
        if f.stack.currentWidget() is f.undeclaredPage:
            return [f.declareButton]
        return []

    def focus_first(self) -> bool:
        """Put the cursor in the first field of what is shown (the current tab's page); False if none."""
        f = self.form
        page = f.tabs.currentWidget() if f.stack.currentWidget() is f.declaredPage else f.stack.currentWidget()
        fields = [w for w in self.focus_widgets() if page is not None and page.isAncestorOf(w)]
        widget = next((w for w in fields if takes_tab_focus(w)), None)
        if widget is None:
            widget = first_focusable(page) if page is not None else None
        if widget is None:
            return False
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def _declared_pages(self) -> tuple[FormPage, GoalsPage, ExplanationPage] | None:
        """The three pages of a declared node, or None while something else is shown."""
        if self.form_page is None or self.goals_page is None or self.explanation_page is None:
            return None
        return self.form_page, self.goals_page, self.explanation_page

    def _adopt(self, page: Page, layout) -> Page:
        layout.addWidget(page)
        page.status_message.connect(self.status_message)
        return page

    def _drop_pages(self) -> None:
        for name in ("department_editor", "form_page", "goals_page", "explanation_page"):
            page = getattr(self, name)
            if page is not None:
                page.setParent(None)
                page.deleteLater()
                setattr(self, name, None)

    def pages(self) -> list[DepartmentEditor | FormPage | GoalsPage | ExplanationPage]:
        return [p for p in (self.department_editor, self.form_page, self.goals_page, self.explanation_page)
                if p is not None]

    def _show_title(self) -> None:
        node = self.target
        if not isinstance(node, Node):
            return
        self.form.titleLabel.setText(f"{NODE_KIND_LABELS[node.kind]}：{node.name}")

    def _show_undeclared(self, node: Node) -> None:
        f = self.form
        f.undeclaredTitle.setText(f"{NODE_KIND_LABELS[node.kind]}：{node.name}")
        if node.children:
            f.undeclaredText.setText("这个项目没有自己的申报表和经费情况说明，由下面的子项目分别编报：")
            lines = [f"{i}. {child.name}" + ("" if child.declared else "（未编报）")
                     for i, child in enumerate(node.children, start=1)]
            f.childrenLabel.setText("\n".join(lines))
        else:
            f.undeclaredText.setText("这个项目还没有申报表和经费情况说明，也没有子项目。"
                                     "要为它编报，请点“编报申报表”；也可以在左侧为它新建子项目。")
            f.childrenLabel.setText("")

    def declare(self) -> None:
        node = self.target
        if not isinstance(node, Node):
            return
        try:
            self.session.set_declared(node, True)
        except UserError as exc:
            self.status_message.emit(exc.message)

    # ---- places ----------------------------------------------------------------------------------
    def focus_place(self, node: Department | Node, field: str | None) -> None:
        """Show ``node`` and put the cursor on ``field`` (a form field, "section:<key>", "indicator:…",
        "line:…", "group:…"), switching tab and selecting the cell."""
        if node is not self.target:
            self.show_target(node)
        if not field:
            return
        f = self.form
        if isinstance(node, Department):
            if self.department_editor is not None:
                self.department_editor.focus_field(field)
            return
        declared = self._declared_pages()
        if declared is None:
            return
        form_page, goals_page, explanation_page = declared
        if field.startswith("indicator:") or field in GOAL_FIELDS or field == "indicators":
            f.tabs.setCurrentIndex(GOALS_TAB)
            found = goals_page.focus_field(field)
        elif field.startswith(("line:", "group:", "section:")):
            f.tabs.setCurrentIndex(EXPLANATION_TAB)
            found = explanation_page.focus_field(field)
        else:
            f.tabs.setCurrentIndex(BASIC_TAB)
            found = form_page.focus_field(field)
        if not found:
            self.status_message.emit("找不到要定位的位置（可能已被删除）。")

    # ---- changes ---------------------------------------------------------------------------------
    def handle_change(self, change: Change) -> None:
        target = self.target
        if change.scope is Scope.TREE and target is not None:
            if not self._still_there(target):
                self.show_target(None)
                return
            if isinstance(target, Node) and target.declared != (self.form_page is not None):
                self.show_target(target)  # 编报 / 取消编报 (or its undo) changes which page it needs
                return
            if isinstance(target, Node):
                self._show_title() if target.declared else self._show_undeclared(target)
        for page in self.pages():
            page.handle_change(change)

    def _still_there(self, target: Department | Node) -> bool:
        if isinstance(target, Department):
            return any(d is target for d in self.session.doc.departments)
        return any(n is target for _, n in self.session.doc.iter_nodes())


__all__ = ["NodeEditor"]
