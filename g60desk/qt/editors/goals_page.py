"""绩效目标 of a declared node: the two goal texts and the 绩效指标 grid (Excel-like)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMenu, QToolButton, QWidget

from ...domain.fields import form_value
from ...domain.frameworks import Framework
from ...domain.model import Node, form_of
from ...domain.templates import framework_of, template_of
from ...errors import UserError
from ...services.session import Change, Scope, Session
from ..shell.focus import no_tab_stop
from ..ui_generated.ui_goals_page import Ui_GoalsPage
from .delegates import ChoiceDelegate, GridDelegate, ValueDelegate, level1_choices, level2_choices
from .fields import CommitPlainTextEdit, show_mark, tell_at
from .indicator_model import LEVEL1, LEVEL2, NAME, IndicatorTableModel
from .marks import node_marks

GOAL_FIELDS = ("overall_goal", "annual_goal")


def goal_years(session: Session, node: Node) -> tuple[int, int]:
    """{start} and {end} of the goal headers: the planned dates' years, else the budget year."""
    year = session.doc.budget_year
    form = form_of(node)
    return (form.planned_start.year if form.planned_start else year,
            form.planned_end.year if form.planned_end else year)


def fixed_choices(choices: tuple[str, ...]) -> Callable[[QModelIndex], Sequence[str]]:
    """A column's choices, the same on every row (指标方向: 正向指标、反向指标)."""
    def of(index: QModelIndex) -> Sequence[str]:
        return choices
    return of


class GoalsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: Session, node: Node, parent=None):
        super().__init__(parent)
        self.session = session
        self.node = node
        self.form = Ui_GoalsPage()
        self.form.setupUi(self)
        self.model = IndicatorTableModel(session, node, self)
        self.model.message.connect(self.status_message)
        self._setup_goals()
        self._setup_grid()
        self._setup_actions()
        self.form.splitter.setStretchFactor(0, 1)
        self.form.splitter.setStretchFactor(1, 3)
        self.form.splitter.setSizes([150, 450])

    # ---- goals -----------------------------------------------------------------------------------
    def _setup_goals(self) -> None:
        """The template's goals side by side: the .ui's 项目总目标 and 年度总体目标 where the template has them,
        a column of their own for goals the template adds; the pane is hidden when it has none."""
        readonly = getattr(self.session, "readonly", False)
        template = template_of(form_of(self.node))
        fixed = {"overall_goal": (self.form.overallHeader, self.form.overallEdit),
                 "annual_goal": (self.form.annualHeader, self.form.annualEdit)}
        self._goals: dict[str, tuple[QLabel, Any]] = {}
        for key, (header, edit) in fixed.items():
            header.setVisible(template.goal(key) is not None)
            edit.setVisible(template.goal(key) is not None)
        for goal in template.goals:
            if goal.key in fixed:
                self._goals[goal.key] = fixed[goal.key]
                continue
            column = self.form.goalsGrid.columnCount()
            header, edit = QLabel(self.form.goalsPane), CommitPlainTextEdit(self.form.goalsPane)
            edit.setObjectName(f"{goal.key}Edit")
            self.form.goalsGrid.addWidget(header, 0, column)
            self.form.goalsGrid.addWidget(edit, 1, column)
            self._goals[goal.key] = (header, edit)
        self.form.goalsPane.setVisible(bool(template.goals))
        for name, edit in self.goal_edits().items():
            edit.setReadOnly(readonly)
            edit.committed.connect(lambda text, n=name: self._commit_goal(n, text))
        self._show_goals()

    def goal_edits(self) -> dict[str, Any]:
        return {key: edit for key, (_, edit) in self._goals.items()}

    def _show_goals(self, fields: tuple[str, ...] | None = None) -> None:
        template = template_of(form_of(self.node))
        start, end = goal_years(self.session, self.node)
        marks = node_marks(self.session, self.node)
        for goal in template.goals:
            header, edit = self._goals[goal.key]
            header.setText(goal.label.format(start=start, end=end))
            if fields is None or goal.key in fields:
                edit.show_value(str(form_value(form_of(self.node), goal.key)))
            show_mark(edit, marks.get(goal.key))

    def _commit_goal(self, name: str, text: str) -> None:
        try:
            self.session.set_form_field(self.node, name, text)
        except UserError as exc:
            self.status_message.emit(exc.message)

    # ---- grid ------------------------------------------------------------------------------------
    def _setup_grid(self) -> None:
        view = self.form.indicatorView
        view.setModel(self.model)
        self.model.refused_at.connect(lambda index, text: tell_at(view.viewport(), text, view.visualRect(index)))
        framework = lambda: framework_of(form_of(self.node))  # noqa: E731 - read at edit time: it may change
        self._delegates = {
            LEVEL1: ChoiceDelegate(level1_choices(framework), view),
            LEVEL2: ChoiceDelegate(level2_choices(framework), view),
            NAME: GridDelegate(view),
            self.model.value_column: ValueDelegate(view),
        }
        for column in range(NAME + 1, self.model.column_count):   # the template's own columns
            if column == self.model.value_column:
                continue
            declared = next(c for c in self.model.template.indicator_columns if c.key == self.model.columns[column])
            self._delegates[column] = (ChoiceDelegate(fixed_choices(declared.choices), view) if declared.choices
                                       else GridDelegate(view))
        for column, delegate in self._delegates.items():
            view.setItemDelegateForColumn(column, delegate)
        header = view.horizontalHeader()
        header.setSectionResizeMode(LEVEL1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LEVEL2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.model.value_column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(LEVEL1, 100)
        view.setColumnWidth(LEVEL2, 150)
        view.setColumnWidth(self.model.value_column, 150)
        view.customContextMenuRequested.connect(self._context_menu)
        if getattr(self.session, "readonly", False):
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def _setup_actions(self) -> None:
        f = self.form
        self.insert_action = self._action("插入行", self.insert_row, "Ctrl+Shift+=")
        self.remove_action = self._action("删除行", self.remove_rows, "Ctrl+-")
        self.up_action = self._action("上移", lambda: self.move_row(-1), "Alt+Up")
        self.down_action = self._action("下移", lambda: self.move_row(1), "Alt+Down")
        self.sort_action = self._action("按表排序", self.sort_rows, "Ctrl+Shift+O")
        self.library_action = self._action("从指标库插入…", self.insert_from_library, "Ctrl+L")
        library_button = QToolButton()
        library_button.setDefaultAction(self.library_action)
        self.form.indicatorToolbar.insertWidget(self.form.indicatorToolbar.indexOf(f.sortButton) + 1, library_button)
        no_tab_stop(library_button)
        for button, action in ((f.insertButton, self.insert_action), (f.removeButton, self.remove_action),
                               (f.upButton, self.up_action), (f.downButton, self.down_action),
                               (f.sortButton, self.sort_action)):
            button.setDefaultAction(action)
        no_tab_stop(f.insertButton, f.removeButton, f.upButton, f.downButton, f.sortButton)   # Tab: goals → grid
        readonly = getattr(self.session, "readonly", False)
        for action in (self.insert_action, self.remove_action, self.up_action, self.down_action, self.sort_action,
                       self.library_action):
            action.setEnabled(not readonly)

    def _action(self, text: str, slot, shortcut: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text}（{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）")
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.form.indicatorView.addAction(action)
        return action

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.insert_action, self.library_action, self.remove_action, self.up_action, self.down_action,
                       self.sort_action):
            menu.addAction(action)
        menu.popup(self.form.indicatorView.viewport().mapToGlobal(pos))

    def sort_rows(self) -> None:
        try:
            if not self.session.sort_indicators(self.node):
                self.status_message.emit("指标已按指标体系的顺序排列。")
        except UserError as exc:
            self.status_message.emit(exc.message)

    def _selected_rows(self) -> list[int]:
        view = self.form.indicatorView
        rows = {i.row() for i in view.selectionModel().selectedIndexes()}
        if not rows and view.currentIndex().isValid():
            rows = {view.currentIndex().row()}
        return sorted(r for r in rows if r < self.model.indicator_count)

    def _run(self, action) -> None:
        try:
            action()
        except UserError as exc:
            self.status_message.emit(exc.message)

    def insert_row(self) -> None:
        """A new row above the current one, with the same 一级/二级 (most rows are added inside a group)."""
        current = self.form.indicatorView.currentIndex()
        row = current.row() if current.isValid() else self.model.indicator_count
        rows = form_of(self.node).indicators
        level1, level2 = (rows[row].level1, rows[row].level2) if row < len(rows) else ("", "")
        self._run(lambda: self.session.insert_indicators(self.node, row, 1, level1, level2))
        self.select_cell(row, NAME)

    def insert_from_library(self) -> None:
        """从指标库插入 (Ctrl+L): the picked row fills the current blank row or goes in above the current one."""
        from ...services.library import library_for
        current = self.form.indicatorView.currentIndex()
        row = current.row() if current.isValid() else self.model.indicator_count
        rows = form_of(self.node).indicators
        level1, level2 = (rows[row].level1, rows[row].level2) if row < len(rows) else ("", "")
        form = form_of(self.node)
        template, framework = template_of(form), framework_of(form)
        entries = library_for(self.session.doc, self.session.path, framework)
        picked = self.pick_from_library(entries, framework, template.value_style, level1, level2)
        if picked is None:
            return
        try:
            placed = self.session.place_indicator(self.node, row, picked.indicator())
        except UserError as exc:
            self.status_message.emit(exc.message)
            return
        self.select_cell(placed, self.model.value_column)
        self.status_message.emit(f"已从指标库插入“{picked.name}”（{picked.source_label}）：请按本项目修改指标值。")

    def pick_from_library(self, entries, framework: Framework | None, value_style: str, level1: str, level2: str):
        """The dialog (a test answers it)."""
        from .indicator_library_dialog import IndicatorLibraryDialog
        dialog = IndicatorLibraryDialog(entries, framework, value_style, level1, level2, self)
        return dialog.picked() if dialog.exec() == IndicatorLibraryDialog.DialogCode.Accepted else None

    def remove_rows(self) -> None:
        rows = self._selected_rows()
        if rows:
            self._run(lambda: self.session.remove_indicators(self.node, rows))

    def move_row(self, step: int) -> None:
        current = self.form.indicatorView.currentIndex()
        if not current.isValid() or current.row() >= self.model.indicator_count:
            return
        target = current.row() + step
        if 0 <= target < self.model.indicator_count:
            self._run(lambda: self.session.move_indicator(self.node, current.row(), target))
            self.select_cell(target, current.column())

    # ---- places and changes ----------------------------------------------------------------------
    def select_cell(self, row: int, column: int) -> QModelIndex:
        index = self.model.index(row, column)
        view = self.form.indicatorView
        if index.isValid():
            view.setCurrentIndex(index)
            view.scrollTo(index)
            view.setFocus()
        return index

    def focus_widgets(self) -> list[QWidget]:
        """Tab order: the goals (项目总目标, 年度总体目标 …), then the grid."""
        return [*self.goal_edits().values(), self.form.indicatorView]

    def focus_field(self, name: str) -> bool:
        if name in self.goal_edits():
            edit = self.goal_edits()[name]
            edit.setFocus()
            return True
        if name == "indicators":   # the grid as a whole (a 一级 missing): the first empty row, to type it
            self.select_cell(self.model.indicator_count, LEVEL1)
            return True
        index = self.model.index_for_field(name)
        if index.isValid():
            self.select_cell(index.row(), index.column())
            return True
        return False

    def handle_change(self, change: Change) -> None:
        if self.node.form is None:
            return
        self.model.handle_change(change)
        fields = tuple(change.fields) if change.node is self.node and change.scope is Scope.FORM else ()
        self._show_goals(tuple(f for f in fields if f in self._goals))
