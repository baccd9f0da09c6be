"""The right-hand side of the window: the editor of whatever is selected in the tree.

A department shows its fields and the derived overview; a declared node the tabs 基本信息 / 绩效目标 /
经费情况说明 (each tab's page built when the tab is first shown: a start builds one); a project without a form of its
own a page listing its sub-projects with a button to 编报申报表. Changes come back from the session as Change
notices; each page refreshes only what changed.
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, TypeVar, cast

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ...domain.model import Department, Node, form_of
from ...domain.templates import template_of
from ...domain.vocabulary import NODE_KIND_LABELS
from ...errors import UserError
from ...services.session import Change, Scope, Session
from ..shell.focus import chain, first_focusable, takes_tab_focus
from ..ui_generated.ui_node_editor import Ui_NodeEditor
from .department_editor import DepartmentEditor
from .refusals import refused_entries

if TYPE_CHECKING:   # each tab's page is imported when it is first shown
    from .explanation_page import ExplanationPage
    from .form_page import FormPage
    from .goals_page import GoalsPage

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
Page = TypeVar("Page", "DepartmentEditor", "FormPage", "GoalsPage", "ExplanationPage")


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
        #: a declared node shows three tabs; each one's page is built when it is first shown or asked for (a start
        #: shows one), by tab
        self._declared = False
        self._tab_pages: dict[int, FormPage | GoalsPage | ExplanationPage] = {}
        self._tabs_to_build = 0   # turns of the event loop still to come that build a node's other tab pages
        self.form.tabs.currentChanged.connect(self._tab_shown)
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
            self._declared = True
            # a template without a 项目经费情况说明 (湘潭, 甘肃 …) shows no such tab
            has_explanation = template_of(form_of(target)).has_explanation
            f.tabs.setTabVisible(EXPLANATION_TAB, has_explanation)
            if not has_explanation and f.tabs.currentIndex() == EXPLANATION_TAB:
                f.tabs.setCurrentIndex(BASIC_TAB)
            self._tab_page(f.tabs.currentIndex())
            # the other tabs' pages right after: built before Ctrl+Tab can reach them, so that Qt moves the
            # cursor into a page that has its fields (a page built as its tab is switched to is still empty then)
            self._tabs_to_build += 1
            QTimer.singleShot(0, lambda node=target: self._build_other_tabs(node))
            self._show_title()
            f.stack.setCurrentWidget(f.declaredPage)
        elif isinstance(target, Node):
            self._show_undeclared(target)
            f.stack.setCurrentWidget(f.undeclaredPage)
        else:
            f.stack.setCurrentWidget(f.emptyPage)
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        chain([self.tab_predecessor, *self.focus_widgets(), self.tab_successor])

    # ---- the tabs of a declared node ---------------------------------------------------------------------
    @property
    def form_page(self) -> FormPage | None:
        """基本信息 of the declared node shown (built now if it was not yet), or None."""
        return cast("FormPage | None", self._tab_page(BASIC_TAB))

    @property
    def goals_page(self) -> GoalsPage | None:
        """绩效目标 of the declared node shown (built now if it was not yet), or None."""
        return cast("GoalsPage | None", self._tab_page(GOALS_TAB))

    @property
    def explanation_page(self) -> ExplanationPage | None:
        """经费情况说明 of the declared node shown (built now if it was not yet), or None."""
        return cast("ExplanationPage | None", self._tab_page(EXPLANATION_TAB))

    def _tab_page(self, tab: int) -> FormPage | GoalsPage | ExplanationPage | None:
        if not self._declared or not isinstance(self.target, Node):
            return None
        page = self._tab_pages.get(tab)
        if page is None:
            page = self._tab_pages[tab] = self._build_tab_page(tab, self.target)
            self._chain_tab_order()
        return page

    def _build_tab_page(self, tab: int, node: Node) -> FormPage | GoalsPage | ExplanationPage:
        f = self.form
        if tab == GOALS_TAB:
            from .goals_page import GoalsPage
            return self._adopt(GoalsPage(self.session, node), f.goalsLayout)
        if tab == EXPLANATION_TAB:
            from .explanation_page import ExplanationPage
            return self._adopt(ExplanationPage(self.session, node), f.explanationLayout)
        from .form_page import FormPage
        return self._adopt(FormPage(self.session, node), f.basicLayout)

    @property
    def building(self) -> bool:
        """True until the pages of the node shown are all built (the other tabs' come on the next turn)."""
        return self._tabs_to_build > 0

    def _build_other_tabs(self, node: Node) -> None:
        if not shiboken6.isValid(self):
            return
        self._tabs_to_build -= 1
        if self.target is not node or not self._declared:
            return
        for tab in (BASIC_TAB, GOALS_TAB, EXPLANATION_TAB):
            if self.form.tabs.isTabVisible(tab):
                self._tab_page(tab)

    def _tab_shown(self, tab: int) -> None:
        if self._declared:
            self._tab_page(tab)

    def focus_widgets(self) -> list[QWidget]:
        """The editor's fields in Tab order: the tabs, then every page's fields (hidden ones are skipped)."""
        f = self.form
        if self.department_editor is not None:
            d = self.department_editor.form
            return [d.nameEdit, d.unitsEdit, d.overviewEdit, d.useDerivedButton]
        if self._declared:   # (the pages built so far: the others are not shown yet)
            built = [self._tab_pages[tab] for tab in sorted(self._tab_pages)]
            return [f.tabs.tabBar(), *(w for page in built for w in page.focus_widgets())]
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

    def _adopt(self, page: Page, layout) -> Page:
        layout.addWidget(page)
        # shown with its tab at once: a widget added to a shown window would show on the next turn only, and a
        # tab's page is built when the tab is switched to (the cursor may be put into it right away)
        page.show()
        page.status_message.connect(self.status_message)
        return page

    def _drop_pages(self) -> None:
        for page in self.pages():
            page.setParent(None)
            page.deleteLater()
        self.department_editor = None
        self._tab_pages = {}
        self._declared = False

    def pages(self) -> list[DepartmentEditor | FormPage | GoalsPage | ExplanationPage]:
        """The pages built (a declared node's tabs not shown yet have none to refresh)."""
        pages: list[DepartmentEditor | FormPage | GoalsPage | ExplanationPage] = [
            self._tab_pages[tab] for tab in sorted(self._tab_pages)]
        return [self.department_editor, *pages] if self.department_editor is not None else pages

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
        if not self._declared:
            return
        goals = {g.key for g in template_of(form_of(self.target)).goals} if isinstance(self.target, Node) else set()
        if field.startswith("indicator:") or field in goals or field == "indicators":
            tab = GOALS_TAB
        elif field.startswith(("line:", "group:", "section:")):
            tab = EXPLANATION_TAB
        else:
            tab = BASIC_TAB
        f.tabs.setCurrentIndex(tab)
        page = self._tab_page(tab)
        found = page is not None and page.focus_field(field)
        if not found:
            self.status_message.emit("找不到要定位的位置（可能已被删除）。")

    # ---- changes ---------------------------------------------------------------------------------
    def handle_change(self, change: Change) -> None:
        target = self.target
        if change.scope is Scope.TREE and target is not None:
            if not self._still_there(target):
                self.show_target(None)
                return
            if isinstance(target, Node) and target.declared != self._declared:
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
