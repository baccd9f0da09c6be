"""经费情况说明 of a declared node: the seven sections and the 六、年度预算安排 budget-line grid with the
node total compared with 年度资金申请总额."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from ...checks.amounts import amount_in_text
from ...domain.model import AmountUnit, Node, explanation_of, form_of
from ...domain.templates import template_of
from ...domain.wording import NUMBERING_STYLES, budget_paragraphs, budget_table_rows
from ...errors import UserError
from ...services.session import Change, LinePath, Scope, Session
from ..shell.focus import no_tab_stop
from ..ui_generated.ui_explanation_page import Ui_ExplanationPage
from .budget_delegate import BudgetDelegate
from .budget_model import (
    BASIS,
    DIFFERENCE,
    ENDING,
    FORMULA,
    LABEL,
    REMARK,
    RESULT,
    STATED,
    UNIT_SWITCH_KEY,
    UNIT_WORDS,
    BudgetItem,
    BudgetTableModel,
)
from .fields import CommitPlainTextEdit, show_mark, tell_at
from .marks import node_marks

SECTION_HEIGHT = 64


class ExplanationPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: Session, node: Node, parent=None):
        super().__init__(parent)
        self.session = session
        self.node = node
        self.form = Ui_ExplanationPage()
        self.form.setupUi(self)
        self.section_edits: dict[str, CommitPlainTextEdit] = {}
        self.section_labels: dict[str, QLabel] = {}
        self._build_sections()
        self.model = BudgetTableModel(session, node, self)
        self.model.message.connect(self.status_message)
        self._setup_grid()
        self._setup_actions()
        self._setup_printed_view()
        self.form.budgetTitle.setText(f"六、年度预算安排 明细（金额单位：{self.model.unit_word}）")
        self.form.splitter.setStretchFactor(0, 2)
        self.form.splitter.setStretchFactor(1, 3)
        self.form.splitter.setSizes([220, 380])
        self._show_total()
        self._show_unit()
        self.refresh_findings()

    def refresh_findings(self) -> None:
        marks = node_marks(self.session, self.node)
        for key, edit in self.section_edits.items():
            show_mark(edit, marks.get(f"section:{key}"))

    # ---- sections --------------------------------------------------------------------------------
    def _build_sections(self) -> None:
        """The template's sections in its order (the seven of 上海: 一、项目概述 … 七、绩效目标); the budget-line grid
        shows when it has 年度预算安排."""
        layout = self.form.sectionsLayout
        readonly = getattr(self.session, "readonly", False)
        template = template_of(form_of(self.node))
        self.form.budgetPane.setVisible(template.has("budget"))
        for declared in template.sections:
            key = declared.key
            label = QLabel(self._heading(key), self.form.sectionsWidget)
            label.setStyleSheet("font-weight: bold;")
            edit = CommitPlainTextEdit(self.form.sectionsWidget)
            edit.setObjectName(f"section_{key}")
            edit.setMinimumHeight(SECTION_HEIGHT)
            edit.setReadOnly(readonly)
            edit.show_value(self._text(key))
            edit.committed.connect(lambda text, k=key: self._commit_section(k, text))
            layout.addWidget(label)
            layout.addWidget(edit)
            self.section_edits[key] = edit
            self.section_labels[key] = label

    def _text(self, key: str) -> str:
        section = explanation_of(self.node).sections.get(key)
        return section.text if section is not None else str(form_of(self.node).extra.get(key) or "")

    def _heading(self, key: str) -> str:
        section = explanation_of(self.node).sections.get(key)
        heading = (section.heading if section is not None else None) or template_of(form_of(self.node)).heading(key)
        return heading + ("（说明文字；明细在下面的表格中）" if key == "budget" else "")

    def _commit_section(self, key: str, text: str) -> None:
        try:
            self.session.set_section_text(self.node, key, text)
        except UserError as exc:
            self.status_message.emit(exc.message)

    # ---- grid ------------------------------------------------------------------------------------
    def _setup_grid(self) -> None:
        view = self.form.budgetView
        view.setModel(self.model)
        view.setItemDelegate(BudgetDelegate(self.model, view))
        self.model.previewed.connect(self._show_total)
        self.model.refused_at.connect(lambda index, text: tell_at(view.viewport(), text, view.visualRect(index)))
        header = view.header()
        header.setStretchLastSection(False)
        widths = {LABEL: 230, BASIS: 200, FORMULA: 150, RESULT: 80, STATED: 80, DIFFERENCE: 70, REMARK: 90,
                  ENDING: 56}
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(column, width)
        for column in self.model.hidden_columns():   # columns the template's budget table does not have
            view.setColumnHidden(column, True)
        header.setSectionResizeMode(BASIS, QHeaderView.ResizeMode.Stretch)
        view.customContextMenuRequested.connect(self._context_menu)
        if getattr(self.session, "readonly", False):
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def _setup_actions(self) -> None:
        f = self.form
        self.add_group_action = self._action("新建分组", self.add_group, "Ctrl+Shift+G")
        self.add_line_action = self._action("新增明细", self.add_line, "Ctrl+Shift+=")
        self.add_child_action = self._action("新增子明细", self.add_child, "Ctrl+Shift+L")
        self.remove_action = self._action("删除", self.remove_selected, "Ctrl+-")
        self.up_action = self._action("上移", lambda: self.move_current(-1), "Alt+Up")
        self.down_action = self._action("下移", lambda: self.move_current(1), "Alt+Down")
        self.switch_unit_action = self._action("切换公式单位", self.switch_formula_unit, UNIT_SWITCH_KEY)
        self.unit_button = QToolButton(self.form.budgetPane)
        self.unit_button.setObjectName("unitButton")
        self.unit_button.setDefaultAction(self.switch_unit_action)
        self.unit_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.form.budgetToolbar.insertWidget(self.form.budgetToolbar.indexOf(f.downButton) + 1, self.unit_button)
        no_tab_stop(self.unit_button)
        self.form.budgetView.selectionModel().currentChanged.connect(lambda *_: self._show_unit())
        self.unit_group = QActionGroup(self)
        self.unit_actions = {}
        for unit in ("wan", "yuan"):
            action = QAction(f"公式中的数字按{UNIT_WORDS[unit]}计", self, checkable=True)
            action.triggered.connect(lambda checked, u=unit: self.set_formula_unit(u))
            self.unit_group.addAction(action)
            self.unit_actions[unit] = action
        pairs = ((f.addGroupButton, self.add_group_action), (f.addLineButton, self.add_line_action),
                 (f.addChildButton, self.add_child_action), (f.removeButton, self.remove_action),
                 (f.upButton, self.up_action), (f.downButton, self.down_action))
        for button, action in pairs:
            button.setDefaultAction(action)
        no_tab_stop(*(button for button, _ in pairs))   # Tab: sections → grid; the actions have shortcuts
        readonly = getattr(self.session, "readonly", False)
        for _, action in pairs:
            action.setEnabled(not readonly)

    def _action(self, text: str, slot: Callable[[], None], shortcut: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text}（{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）")
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.form.budgetView.addAction(action)
        return action

    def _context_menu(self, pos) -> None:
        menu = self.context_menu()
        menu.popup(self.form.budgetView.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        """The grid's menu for the current row: structure, then how the row prints (numbering, run-on)."""
        menu = QMenu(self)
        for action in (self.add_group_action, self.add_line_action, self.add_child_action, self.remove_action,
                       self.up_action, self.down_action):
            menu.addAction(action)
        item = self.current_item()
        readonly = getattr(self.session, "readonly", False)
        if item is not None and item.kind == "line":
            menu.addSeparator()
            unit = self.model.line(item).formula_unit
            for u, action in self.unit_actions.items():
                action.setChecked(u == unit)
                action.setEnabled(not readonly)
                menu.addAction(action)
        if item is not None and item.kind in ("group", "line") and not self.model.legacy:
            menu.addSeparator()
            for action in self.wording_actions(item):
                action.setEnabled(not readonly)
                menu.addAction(action) if isinstance(action, QAction) else menu.addMenu(action)
        return menu

    # ---- how the lines print ------------------------------------------------------------------------
    def wording_actions(self, item: BudgetItem) -> list:
        """Numbering of the group's lines (or of a line's sub-lines) and printing a row on the line before."""
        actions: list = []
        if item.kind == "group":
            group = self.model.groups[item.group]
            actions.append(self._numbering_menu("本组明细编号", group.numbering,
                                                lambda style: self.session.set_group_numbering(self.node, item.group,
                                                                                               style)))
            text = QAction("说明文字接在分组标题后（不另起一段）", self, checkable=True)
            text.setChecked(group.text_runs_on)
            text.triggered.connect(lambda on: self._run(
                lambda: self.session.set_group_text_runs_on(self.node, item.group, on)))
            actions.append(text)
            return actions
        line = self.model.line(item)
        where = LinePath(item.group, item.indices)
        runs_on = QAction("接排：接在上一条之后打印（不另起一段、不编号）", self, checkable=True)
        runs_on.setObjectName("runsOnAction")
        runs_on.setChecked(line.runs_on)
        runs_on.triggered.connect(lambda on: self._run(lambda: self.session.set_line_runs_on(self.node, where, on)))
        actions.append(runs_on)
        if line.children:
            actions.append(self._numbering_menu("子明细编号", line.numbering,
                                                lambda style: self.session.set_line_numbering(self.node, where,
                                                                                              style)))
        return actions

    def _numbering_menu(self, title: str, current: str, choose: Callable[[str], None]) -> QMenu:
        menu = QMenu(title, self)
        group = QActionGroup(menu)
        for style, label in NUMBERING_STYLES.items():
            action = QAction(label, menu, checkable=True)
            action.setData(style)
            action.setChecked(style == current)
            action.triggered.connect(lambda _checked, s=style: self._run(lambda: choose(s)))
            group.addAction(action)
            menu.addAction(action)
        return menu

    def _setup_printed_view(self) -> None:
        """Below the grid: 六 as the paper will print it (the clerk's words, numbering asked for), and for a
        file of format 1 the offer to print the lines as typed."""
        self.legacy_bar = QWidget(self.form.budgetPane)
        bar = QHBoxLayout(self.legacy_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.legacy_label = QLabel("这份说明来自旧版文件：打印时程序按旧格式自动加编号“（1）”和“：”“，”“；”。",
                                   self.legacy_bar)
        self.legacy_label.setWordWrap(True)
        self.use_typed_button = QPushButton("改为按填写的文字打印", self.legacy_bar)
        self.use_typed_button.setObjectName("useTypedWording")
        self.use_typed_button.setToolTip("把旧格式自动加的编号和标点写进各行的文字里，"
                                         "以后打印的就是表中看到的文字（可撤销）")
        self.use_typed_button.clicked.connect(self.use_typed_wording)
        self.use_typed_button.setEnabled(not getattr(self.session, "readonly", False))
        bar.addWidget(self.legacy_label, 1)
        bar.addWidget(self.use_typed_button)
        self.printed_view = QPlainTextEdit(self.form.budgetPane)
        self.printed_view.setObjectName("printedView")
        self.printed_view.setReadOnly(True)
        self.printed_view.setMaximumHeight(110)
        self.printed_view.setToolTip("打印效果：六、年度预算安排的明细将按这里的文字打印（只加您要求的编号）")
        no_tab_stop(self.printed_view)
        self.form.budgetLayout.addWidget(self.legacy_bar)
        self.form.budgetLayout.addWidget(QLabel("打印效果：", self.form.budgetPane))
        self.form.budgetLayout.addWidget(self.printed_view)
        self._show_printed()

    def _show_printed(self) -> None:
        template = template_of(form_of(self.node))
        if template.budget_layout == "table":   # printed as a table: a row per line, its cells in column order
            rows = budget_table_rows(explanation_of(self.node), template.budget_columns, self.model.unit)
            self.printed_view.setToolTip("打印效果：六、年度预算安排的明细将印成表格，每行如下，“｜”分隔各列："
                                         + "｜".join(c.label for c in template.budget_columns))
            self.printed_view.setPlainText("\n".join("　　" * r.depth + "｜".join(r.cells) for r in rows))
        else:
            paragraphs = budget_paragraphs(explanation_of(self.node), self.model.unit)
            self.printed_view.setPlainText("\n".join("　　" * p.depth + p.text for p in paragraphs))
        self.legacy_bar.setVisible(self.model.legacy)

    @property
    def printed_text(self) -> str:
        return self.printed_view.toPlainText()

    def use_typed_wording(self) -> None:
        self._run(lambda: self.session.use_typed_wording(self.node, self.model.unit))

    # ---- structure -------------------------------------------------------------------------------
    def current_item(self) -> BudgetItem | None:
        return self.model.item(self.form.budgetView.currentIndex())

    def _run(self, action: Callable[[], object]) -> None:
        try:
            action()
        except UserError as exc:
            self.status_message.emit(exc.message)

    def _select(self, kind: str, group: int, indices: tuple[int, ...] = (), column: int = LABEL) -> None:
        item = self.model.find(kind, group, indices)
        if item is not None:
            index = self.model.index_of(item, column)
            self.form.budgetView.setCurrentIndex(index)
            self.form.budgetView.scrollTo(index)
            self.form.budgetView.setFocus()

    def add_group(self) -> None:
        item = self.current_item()
        index = item.group + 1 if item is not None and item.kind != "new_group" else len(self.model.groups)
        self._run(lambda: self.session.add_group(self.node, "", index))
        self._select("group", index)

    def add_line(self) -> None:
        """A new line below the current line (or at the end of the current group)."""
        item = self.current_item()
        indices: tuple[int, ...]
        if item is None or item.kind == "new_group":
            if not self.model.groups:
                self.status_message.emit("请先新建一个分组（一、…），再在分组下新增明细。")
                return
            group, indices = len(self.model.groups) - 1, (len(self.model.groups[-1].lines),)
        elif item.kind == "group":
            group, indices = item.group, (len(self.model.groups[item.group].lines),)
        else:
            group, indices = item.group, item.indices[:-1] + (item.indices[-1] + (item.kind == "line"),)
        self._run(lambda: self.session.insert_lines(self.node, LinePath(group, indices), 1, self.model.unit))
        self._select("line", group, indices)

    def add_child(self) -> None:
        item = self.current_item()
        if item is None or item.kind != "line":
            self.status_message.emit("请先选中一行明细，再新增它的子明细。")
            return
        where = item.indices + (len(self.model.line(item).children),)
        self._run(lambda: self.session.insert_lines(self.node, LinePath(item.group, where), 1, self.model.unit))
        self._select("line", item.group, where)

    def remove_selected(self) -> None:
        """Delete the selected groups and lines as one undo step."""
        selected = [self.model.item(i) for i in self.form.budgetView.selectedIndexes()]
        items = {i.key: i for i in selected if i is not None}
        item = self.current_item()
        if not items and item is not None:
            items = {item.key: item}
        doomed = [i for i in items.values() if i.kind in ("group", "line")]
        if not doomed:
            return
        groups = [i.group for i in doomed if i.kind == "group"]
        lines = [LinePath(i.group, i.indices) for i in doomed if i.kind == "line"]
        self._run(lambda: self.session.remove_budget_items(self.node, groups, lines))

    def move_current(self, step: int) -> None:
        item = self.current_item()
        if item is None or item.kind not in ("group", "line"):
            return
        column = self.form.budgetView.currentIndex().column()
        if item.kind == "group":
            group: list[int | None] = []
            self._run(lambda: group.append(self.session.move_group(self.node, item.group, step)))
            if group and group[0] is not None:
                self._select("group", group[0], (), column)
            return
        line: list[LinePath | None] = []
        self._run(lambda: line.append(self.session.move_line(self.node, LinePath(item.group, item.indices), step)))
        if line and line[0] is not None:
            self._select("line", item.group, line[0].indices, column)

    def switch_formula_unit(self) -> None:
        """Ctrl+Shift+U / the 公式单位 button: the current line's formula counts in the other unit."""
        item = self.current_item()
        if item is None or item.kind != "line":
            self.status_message.emit("请先选中一行预算明细，再切换它的公式单位。")
            return
        self.set_formula_unit("yuan" if self.model.line(item).formula_unit == "wan" else "wan")

    def _show_unit(self) -> None:
        """The 公式单位 button names the current line's unit (and is off where there is no line)."""
        item = self.current_item()
        line = self.model.line(item) if item is not None and item.kind == "line" else None
        readonly = getattr(self.session, "readonly", False)
        self.switch_unit_action.setEnabled(line is not None and not readonly)
        self.switch_unit_action.setText(f"公式单位：{UNIT_WORDS[line.formula_unit]}" if line is not None
                                        else "公式单位")

    def set_formula_unit(self, unit: AmountUnit) -> None:
        item = self.current_item()
        if item is not None and item.kind == "line":
            self._run(lambda: self.session.set_line_formula_unit(self.node, LinePath(item.group, item.indices), unit))

    # ---- totals, places, changes -----------------------------------------------------------------
    def _show_total(self) -> None:
        request = form_of(self.node).funding.annual_request_fen

        def amount(fen: int) -> str:
            return f"{self.model.format_amount(fen)} {self.model.unit_word}"
        total: int | None
        if explanation_of(self.node).budget_groups:
            total = self.model.node_total_fen()
            text = f"六、年度预算安排合计 <b>{amount(total)}</b>（各分组之和）"
        else:
            # no lines: the 2026 forms state the amount in one sentence; 审核 reads it the same way
            total = amount_in_text(explanation_of(self.node).sections["budget"].text)
            if total is None:
                self.form.totalLabel.setText("六、年度预算安排尚无明细：可在上表新建分组和明细，或在“六、年度预算安排”中写明金额。")
                return
            text = f"六、年度预算安排未分明细，文字写明 <b>{amount(total)}</b>"
        if request is None:
            text += "；年度资金申请总额（空白）"
        elif request == total:
            text += f" ＝ 年度资金申请总额 {amount(request)}"
        else:
            text += (f" <span style='color:#b00000'><b>≠</b> 年度资金申请总额 {amount(request)}，"
                     f"相差 {amount(abs(total - request))}</span>")
        self.form.totalLabel.setText(text)

    @property
    def total_text(self) -> str:
        return self.form.totalLabel.text()

    def focus_widgets(self) -> list[QWidget]:
        """Tab order: the sections 一 … 七, then the budget-line grid."""
        return [*self.section_edits.values(), self.form.budgetView]

    def focus_field(self, name: str) -> bool:
        if name.startswith("section:"):
            edit = self.section_edits.get(name.split(":", 1)[1])
            if edit is None:
                return False
            self.form.sectionsScroll.ensureWidgetVisible(edit)
            edit.setFocus()
            return True
        index = self.model.index_for_field(name)
        if not index.isValid():
            return False
        view = self.form.budgetView
        view.setCurrentIndex(index)
        view.scrollTo(index)
        view.setFocus()
        return True

    def handle_change(self, change: Change) -> None:
        if self.node.explanation is None:
            return
        self.model.handle_change(change)
        self.refresh_findings()
        if change.node is not self.node:
            return
        touched = [k for k in change.fields if k in self.section_edits]   # a section the template adds is a
        if change.scope is Scope.SECTIONS or (change.scope is Scope.FORM and touched):  # form field: Scope.FORM
            for key in touched:
                self.section_edits[key].show_value(self._text(key))
                self.section_labels[key].setText(self._heading(key))
        if change.scope in (Scope.BUDGET, Scope.FORM):
            self._show_total()
            self._show_printed()
            self._show_unit()

