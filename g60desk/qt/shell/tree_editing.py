"""The tree of the main window as the clerk edits it: the current target, select, 新建/插入/重命名/删除/移动
项目 and 子项目, 编报申报表 on or off, the context menu, and selecting what 撤销/重做 brought back."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QMenu, QMessageBox

from ...domain.model import Department, Node
from ...domain.vocabulary import NODE_KIND_LABELS
from ...services.edits.tree import ParentForm
from .tree_model import NAME, NODE_ROLE
from .window_parts import WindowParts


def unique_name(base: str, taken: list[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


class TreeEditing(WindowParts):
    """The part of MainWindow that edits the tree 部门 → 项目 → 子项目 through the session."""

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
            return self.open_session.department_of(target)
        departments = self.session.doc.departments if self.session else []
        return departments[0] if departments else None

    def _step(self, step: Callable[[], None]) -> None:
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

    def _sub_project_parent(self, target: Department | Node | None) -> Node | None:
        if isinstance(target, Node):
            parent = target if target.kind == "project" else self.open_session.parent_of(target)
            return parent if isinstance(parent, Node) else None
        return None

    def _add(self, parent: Department | Node, kind: str, index: int | None = None) -> Node | None:
        siblings = parent.projects if isinstance(parent, Department) else parent.children
        name = unique_name(f"新{NODE_KIND_LABELS[kind]}", [n.name for n in siblings])
        session = self.open_session
        parent_form: ParentForm = "auto"
        if isinstance(parent, Node) and session.parent_form_question(parent):
            choice = self.ask_parent_form(parent)
            if choice is None:
                return None
            parent_form = choice
        was_declared = isinstance(parent, Node) and parent.declared
        node = self._attempt(f"新建{NODE_KIND_LABELS[kind]}",
                             lambda: session.add_node(parent, name, index, parent_form=parent_form))
        if node is not None and was_declared and isinstance(parent, Node) and not parent.declared:
            self.statusBar().showMessage(f"项目“{parent.name}”有了子项目申报表，本身改为不单独编报，合计按子项目计算"
                                         "（编辑 → 编报申报表 可改回；Ctrl+Z 撤销）。", 15000)
        if node is not None:
            view_index = self.select(node)
            self.form.nodeTree.edit(view_index)   # the clerk types the real name straight away
        return node

    def ask_parent_form(self, parent: Node) -> ParentForm | None:
        """The project's own 申报表 is filled in: keep it beside its sub-projects', or make it a grouping node."""
        box = QMessageBox(QMessageBox.Icon.Question, "新建子项目",
                          f"项目“{parent.name}”已经填写了自己的申报表。\n\n"
                          "项目下有子项目申报表时，通常项目本身不再单独编报：部门合计按子项目的申报表计算。"
                          "如果项目和子项目都要编报，部门合计按项目本身的年度资金申请总额计算，它应等于各子项目之和。",
                          parent=self)
        group = box.addButton("项目改为不单独编报", QMessageBox.ButtonRole.AcceptRole)
        both = box.addButton("项目和子项目都编报", QMessageBox.ButtonRole.ActionRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(group)
        box.exec()
        clicked = box.clickedButton()
        return "drop" if clicked is group else "keep" if clicked is both else None

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
        parent = self.open_session.parent_of(target)
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
            self._attempt(f"删除{kind}", lambda: self.open_session.delete_node(target))

    def move_current(self, step: int) -> None:
        target = self.current_target()
        if not isinstance(target, Node):
            return
        parent = self.open_session.parent_of(target)
        row = self.form.nodeTree.currentIndex().row()
        if self._attempt("移动", lambda: self.open_session.move_node(target, parent, row + step)) is None:
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
        self._attempt("编报申报表", lambda: self.open_session.set_declared(target, checked))
        self._update_actions()
        if self.editor is not None:
            self.editor.show_target(target)
