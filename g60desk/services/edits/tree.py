"""Editing the tree: a department's 名称, 预算单位数 and 绩效目标设置情况; adding, deleting, renaming and moving
项目 and 子项目, and giving a node its own 申报表 or taking it away."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from ...domain import limits
from ...domain.model import DeclarationForm, Department, FundingExplanation, Node, NodeKind, explanation_of, form_of
from ...domain.templates import get_template
from ...domain.textnorm import ParseError, normalize
from ...domain.vocabulary import FIELD_LABELS, NODE_KIND_LABELS
from ...store import repository
from ...store.repository import Connected
from ..undo import FunctionCommand, ValueCommand
from .acknowledgements import carried_acknowledgements
from .core import Change, EditCore, EditRefused, OversizeRefused, Scope, limit_name, limit_text, stored_id

Parent = Department | Node
#: what becomes of a 项目's own 申报表 when its first declared 子项目 is added (see TreeEdits.add_node)
ParentForm = Literal["auto", "keep", "drop"]
Declaration = tuple[DeclarationForm, FundingExplanation]


def parse_count(text: str, what: str) -> int:
    body = normalize(text).strip()
    if not body.isascii() or not body.isdigit() or len(body) > 6:
        raise ParseError(f"“{text}”不是{what}：请填写一个不小于 0 的整数。")
    return int(body)


def checked_name(text: str, siblings: Sequence[str], what: str) -> str:
    name = text.strip()
    if not name:
        raise EditRefused(f"{what}名称不能为空。")
    limit_name(name, f"{what}名称")
    if name in siblings:
        raise EditRefused(f"同一级已有名为“{name}”的{what}：请换一个名称。")
    return name


def siblings_under(parent: Parent) -> list[Node]:
    return parent.projects if isinstance(parent, Department) else parent.children


def kind_under(parent: Parent) -> NodeKind:
    return "project" if isinstance(parent, Department) else "sub_project"


def parent_id(parent: Parent) -> int | None:
    """The node's parent_id column: None for a 项目 (its parent is the department)."""
    return None if isinstance(parent, Department) else stored_id(parent)


def index_among(siblings: list[Node], node: Node) -> int:
    return next(i for i, n in enumerate(siblings) if n is node)


def sibling_ids(parent: Parent) -> list[int]:
    """The ids of the nodes under ``parent`` in their order (what their positions are written from)."""
    return [stored_id(n) for n in siblings_under(parent)]


class TreeEdits(EditCore):
    # ---- department -------------------------------------------------------------------------------
    def set_department_field(self, dept: Department, name: str, text: str) -> None:
        """名称, 预算单位数 or the 绩效目标设置情况 text, from what was typed."""
        value = self._department_value(dept, name, text)
        old: int | str = getattr(dept, name)
        if old == value:
            return

        def apply(v: int | str) -> None:
            if name == "name":
                self._rename(dept, str(v), lambda db: repository.update_department(db, stored_id(dept), {name: v}),
                             Change(Scope.DEPARTMENT, dept=dept, fields=(name,)))
                return
            with self.store.transaction() as db:
                repository.update_department(db, stored_id(dept), {name: v})
            setattr(dept, name, v)
            self._notify(Change(Scope.DEPARTMENT, dept=dept, fields=(name,)))
        self._push(ValueCommand(f"修改{FIELD_LABELS.get(name, name)}", apply, old, value))

    def _department_value(self, dept: Department, name: str, text: str) -> int | str:
        if name == "budget_units":
            return parse_count(text, FIELD_LABELS["budget_units"])
        if name == "name":
            return checked_name(text, [d.name for d in self.doc.departments if d is not dept], "部门")
        if name == "overview":
            return limit_text(text, FIELD_LABELS["overview"])
        raise KeyError(name)

    # ---- nodes ------------------------------------------------------------------------------------
    def add_node(self, parent: Parent, name: str, index: int | None = None, declared: bool = True,
                 parent_form: ParentForm = "auto") -> Node:
        """A new 项目 (parent is a department) or 子项目 (parent is a project), declared by default.

        The first declared 子项目 of a declared 项目 makes the 项目 a grouping node (its 申报表 goes, and the
        totals add up its 子项目) when its own form is still as it was made ("auto"), or when asked ("drop");
        "keep" leaves both declared. Either way it is one undo step."""
        if isinstance(parent, Node) and parent.kind != "project":
            raise EditRefused("子项目下不能再建子项目：请在项目下新建子项目。")
        kind = kind_under(parent)
        siblings = siblings_under(parent)
        node = Node(name=checked_name(name, [n.name for n in siblings], NODE_KIND_LABELS[kind]), kind=kind)
        dept = self._department_under(parent)
        if sum(1 for _ in dept.iter_nodes()) >= limits.NODES_PER_DEPARTMENT:
            raise OversizeRefused(f"部门“{dept.name}”已有 {limits.NODES_PER_DEPARTMENT:,} 个项目和子项目，"
                                  "达到上限：不能再新建。")
        if declared:
            node.form, node.explanation = self.new_declaration(self._department_under(parent))
        at = len(siblings) if index is None else max(0, min(index, len(siblings)))
        text = f"新建{NODE_KIND_LABELS[kind]}“{node.name}”"
        if declared and isinstance(parent, Node) and parent.declared and (
                parent_form == "drop" or (parent_form == "auto" and self.declaration_untouched(parent))):
            kept: Declaration = (form_of(parent), explanation_of(parent))

            def insert_and_group() -> None:
                self._insert_node(parent, at, node)
                self._set_declaration(parent, None)

            def ungroup_and_remove() -> None:
                self._set_declaration(parent, kept)
                self._remove_node(node)
            self._push(FunctionCommand(f"{text}（项目改为不单独编报）", insert_and_group, ungroup_and_remove))
            return node
        self._push(FunctionCommand(text, lambda: self._insert_node(parent, at, node),
                                   lambda: self._remove_node(node)))
        return node

    def declaration_untouched(self, node: Node) -> bool:
        """True when ``node``'s 申报表 and 说明 are still exactly as 新建 made them (nothing typed)."""
        if node.form is None or node.explanation is None:
            return False
        fresh_form, fresh_explanation = self.new_declaration(self.department_of(node))
        return node.form == fresh_form and node.explanation == fresh_explanation

    def parent_form_question(self, parent: Parent) -> bool:
        """True when adding a declared 子项目 under ``parent`` needs the clerk's choice (its own form is filled)."""
        return isinstance(parent, Node) and parent.declared and not any(c.declared for c in parent.children) \
            and not self.declaration_untouched(parent)

    def new_declaration(self, dept: Department) -> Declaration:
        """An empty form in the document's template, with the department's names filled in."""
        template = get_template(self.doc.template)
        form = DeclarationForm(template=template.id, framework=template.framework,
                               supervising_dept=dept.name, implementing_unit=dept.name,
                               planned_start=date(self.doc.budget_year, 1, 1),
                               planned_end=date(self.doc.budget_year, 12, 31))
        return form, FundingExplanation()

    def delete_node(self, node: Node) -> None:
        parent = self.parent_of(node)
        index = index_among(siblings_under(parent), node)
        self._push(FunctionCommand(f"删除{NODE_KIND_LABELS[node.kind]}“{node.name}”",
                                   lambda: self._remove_node(node),
                                   lambda: self._insert_node(parent, index, node)))

    def rename_node(self, node: Node, text: str) -> None:
        others = [n.name for n in siblings_under(self.parent_of(node)) if n is not node]
        name = checked_name(text, others, NODE_KIND_LABELS[node.kind])
        if name == node.name:
            return

        def apply(v: str) -> None:
            self._rename(node, v, lambda db: repository.update_node(db, stored_id(node), {"name": v}),
                         Change(Scope.TREE, dept=self.department_of(node)))
        self._push(ValueCommand(f"重命名为“{name}”", apply, node.name, name))

    def _rename(self, item: Department | Node, name: str, write: Callable[[Connected], None], change: Change) -> None:
        """Give ``item`` its new name, and move the acknowledged 警告 under it along (their places are paths of
        names): each follows its finding when the data the rule looked at is unchanged. The name and the
        acknowledgements are written in one transaction."""
        old_name, old_prefix = item.name, self._path_of_item(item)
        before = self.checker.findings()
        item.name = name
        try:
            self.checker.recheck_all()
            acks = carried_acknowledgements(self.doc.acknowledgements, before, self.checker.findings(),
                                            old_prefix, self._path_of_item(item))
            with self.store.transaction() as db:
                write(db)
                if acks != self.doc.acknowledgements:
                    repository.replace_acknowledgements(db, acks)
        except BaseException:
            item.name = old_name
            self.checker.recheck_all()
            raise
        self.doc.acknowledgements = acks
        self._notify(change, rechecked=True)

    def _path_of_item(self, item: Department | Node) -> tuple[str, ...]:
        return (item.name,) if isinstance(item, Department) else self.path_of(item)

    def move_node(self, node: Node, new_parent: Parent, index: int) -> None:
        """Reorder among siblings or re-parent (project ↔ sub-project) within the same department."""
        old_parent = self.parent_of(node)
        old_index = index_among(siblings_under(old_parent), node)
        self._refuse_move(node, old_parent, new_parent)
        target_len = len(siblings_under(new_parent)) - (1 if new_parent is old_parent else 0)
        index = max(0, min(index, target_len))
        if new_parent is old_parent and index == old_index:
            return
        self._push(FunctionCommand(f"移动“{node.name}”",
                                   lambda: self._relocate(node, new_parent, index),
                                   lambda: self._relocate(node, old_parent, old_index)))

    def _refuse_move(self, node: Node, old_parent: Parent, new_parent: Parent) -> None:
        if isinstance(new_parent, Node):
            if new_parent is node or new_parent.kind != "project":
                raise EditRefused("只能把子项目放在项目下面。")
            if node.children:
                raise EditRefused(f"“{node.name}”下面还有子项目，不能变成子项目：请先移走它的子项目。")
        if self._department_under(new_parent) is not self._department_under(old_parent):
            raise EditRefused("不能把项目移到另一个部门。")
        if node.name in [n.name for n in siblings_under(new_parent) if n is not node]:
            raise EditRefused(f"目标位置已有名为“{node.name}”的项目：请先改名。")

    def set_declared(self, node: Node, declared: bool) -> None:
        """Give a node its own 申报表 and 经费情况说明, or take them away (undo brings them back)."""
        if node.declared == declared:
            return
        dept = self.department_of(node)
        kept: Declaration
        if node.form is not None and node.explanation is not None:
            kept = (node.form, node.explanation)
        else:
            kept = self.new_declaration(dept)

        before, after = (kept, None) if node.declared else (None, kept)
        self._push(ValueCommand("编报申报表" if declared else "取消编报申报表",
                                lambda pair: self._set_declaration(node, pair), before, after))

    # ---- what the undo commands run ---------------------------------------------------------------
    def _set_declaration(self, node: Node, pair: Declaration | None) -> None:
        with self.store.transaction() as db:
            if pair is None:
                repository.delete_declaration(db, stored_id(node))
            else:
                node.form, node.explanation = pair
                repository.insert_declaration(db, node)
        if pair is None:
            node.form, node.explanation = None, None
        self._notify(Change(Scope.TREE, dept=self.department_of(node)))

    def _department_under(self, parent: Parent) -> Department:
        return parent if isinstance(parent, Department) else self.department_of(parent)

    def _insert_node(self, parent: Parent, index: int, node: Node) -> None:
        dept = self._department_under(parent)
        siblings = siblings_under(parent)
        node.kind = kind_under(parent)
        with self.store.transaction() as db:
            siblings.insert(index, node)
            try:
                repository.insert_node(db, stored_id(dept), parent_id(parent), index, node)
                repository.renumber(db, "node", sibling_ids(parent))
            except BaseException:
                siblings.remove(node)
                raise
        self._notify(Change(Scope.TREE, dept=dept))

    def _remove_node(self, node: Node) -> None:
        parent = self.parent_of(node)
        dept = self._department_under(parent)
        siblings = siblings_under(parent)
        index = index_among(siblings, node)
        with self.store.transaction() as db:
            repository.delete_node(db, stored_id(node))
            del siblings[index]
            try:
                repository.renumber(db, "node", sibling_ids(parent))
            except BaseException:
                siblings.insert(index, node)
                raise
        self._notify(Change(Scope.TREE, dept=dept))

    def _relocate(self, node: Node, parent: Parent, index: int) -> None:
        old_parent = self.parent_of(node)
        siblings_under(old_parent).remove(node)
        siblings_under(parent).insert(index, node)
        node.kind = kind_under(parent)
        with self.store.transaction() as db:
            repository.update_node(db, stored_id(node), {"parent_id": parent_id(parent), "kind": node.kind})
            repository.renumber(db, "node", sibling_ids(old_parent))
            repository.renumber(db, "node", sibling_ids(parent))
        self._notify(Change(Scope.TREE, dept=self._department_under(parent)))
