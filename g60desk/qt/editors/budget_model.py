"""六、年度预算安排 of one declared node as a Qt tree model: numbered groups, their lines and sub-lines.

Top-level rows are the groups ("一、G60日常办公经费" with the group total), under each its lines
("（1）保洁服务") with their sub-lines, then an empty row where typing adds a line; a last empty
top-level row adds a group. The formula is evaluated live, the difference to the stated amount is
highlighted, and amounts show in the template's budget unit, exactly. Every change goes through the
Session; refused cells stay visible with the reason until corrected.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from ...domain.budget import budget_total_fen, computed_fen, difference_fen, group_total_fen, line_formula_fen
from ...domain.model import AmountUnit, BudgetGroup, BudgetLine, Node, explanation_of, form_of
from ...domain.money import format_money
from ...domain.templates import get_template
from ...domain.vocabulary import FIELD_LABELS, chinese_number
from ...domain.wording import number_text
from ...errors import UserError
from ...services.session import (
    LINE_COLUMNS,
    BudgetCell,
    CellRefusal,
    Change,
    EditRefused,
    LinePath,
    Scope,
    Session,
    line_at,
    line_list,
)
from .marks import BACKGROUNDS, DIFFERENCE_BACKGROUND, REFUSED_TEXT, REPEATED_TEXT, Mark, node_marks, worse

LABEL, BASIS, FORMULA, RESULT, STATED, DIFFERENCE, REMARK, ENDING = range(8)
COLUMN_COUNT = 8
HEADERS = ("名称", "测算依据", "计算公式", "公式结果", "申报金额", "差额", "备注", "结尾")
#: grid column → column of Session.set_line_cells (None: computed, read-only)
LINE_COLUMN_OF = {LABEL: "label", BASIS: "basis", FORMULA: "formula", STATED: "stated_fen", REMARK: "remark",
                  ENDING: "ending"}
GRID_COLUMN_OF = {name: column for column, name in LINE_COLUMN_OF.items()}
UNIT_WORDS = {"wan": "万元", "yuan": "元"}

#: "group", "line", "new_line" or "new_group"
KindRole = Qt.ItemDataRole.UserRole + 1
MarkRole = Qt.ItemDataRole.UserRole + 2

_PLACEHOLDERS = {"new_line": "（在此输入新明细）", "new_group": "（在此输入新分组名称）"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(eq=False)
class BudgetItem:
    """One row of the tree: a group, a line (path ``indices`` inside its group) or an empty new row."""

    kind: str
    group: int
    indices: tuple[int, ...] = ()
    parent: BudgetItem | None = None
    row: int = 0
    children: list[BudgetItem] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return self.kind, self.group, self.indices


class BudgetTableModel(QAbstractItemModel):
    """名称 / 测算依据 / 计算公式 / 公式结果 / 申报金额 / 差额 / 备注 of ``node``'s budget groups."""

    message = Signal(str)

    def __init__(self, session: Session, node: Node, parent=None):
        super().__init__(parent)
        self.session = session
        self.node = node
        self._roots: list[BudgetItem] = []
        self._refused: dict[tuple, CellRefusal] = {}
        self._marks: dict[tuple, Mark] = {}
        self._build()
        self.refresh_findings(emit=False)

    # ---- units -----------------------------------------------------------------------------------
    @property
    def unit(self) -> AmountUnit:
        """The unit amounts show in and a bare typed amount means ("wan" or "yuan")."""
        return get_template(form_of(self.node).template).budget_unit

    @property
    def unit_word(self) -> str:
        return UNIT_WORDS[self.unit]

    def format_amount(self, fen: int | None, signed: bool = False) -> str:
        if fen is None:
            return ""
        text = format_money(fen, self.unit, min_places=0 if self.unit == "wan" else 2,
                            grouping=self.unit == "yuan")
        return "+" + text if signed and fen > 0 else text

    @property
    def declared(self) -> bool:
        """False once the node's explanation was taken away (取消编报) while this model still lives."""
        return self.node.explanation is not None

    @property
    def editable(self) -> bool:
        return not getattr(self.session, "readonly", False)

    @property
    def groups(self) -> list[BudgetGroup]:
        return explanation_of(self.node).budget_groups

    def node_total_fen(self) -> int:
        """六、年度预算安排合计, counted as 审核 and printing count it (domain/budget.py)."""
        return budget_total_fen(self.node.explanation)

    # ---- the tree --------------------------------------------------------------------------------
    def _build(self) -> None:
        roots = []
        for g, group in enumerate(self.groups):
            item = BudgetItem("group", g, row=g)
            item.children = self._line_items(group.lines, g, (), item)
            if self.editable:
                item.children.append(BudgetItem("new_line", g, (len(group.lines),), item, len(group.lines)))
            roots.append(item)
        if self.editable:
            roots.append(BudgetItem("new_group", len(self.groups), row=len(self.groups)))
        self._roots = roots

    def _line_items(self, lines: list[BudgetLine], g: int, prefix: tuple[int, ...],
                    parent: BudgetItem) -> list[BudgetItem]:
        items = []
        for i, line in enumerate(lines):
            item = BudgetItem("line", g, prefix + (i,), parent, i)
            item.children = self._line_items(line.children, g, prefix + (i,), item)
            items.append(item)
        return items

    def _shape(self) -> list[tuple]:
        return [item.key for item in self.iter_items()]

    def iter_items(self):
        """Every row in display order (depth first)."""
        stack = list(reversed(self._roots))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))

    def item(self, index: QModelIndex) -> BudgetItem | None:
        return index.internalPointer() if index.isValid() else None

    def line(self, item: BudgetItem) -> BudgetLine:
        return line_at(self.groups, LinePath(item.group, item.indices))

    def index(self, row, column, parent=QModelIndex()):
        if not self.declared or not self.hasIndex(row, column, parent):
            return QModelIndex()
        siblings = self.item(parent).children if parent.isValid() else self._roots
        return self.createIndex(row, column, siblings[row])

    def parent(self, index=QModelIndex()):
        item = self.item(index)
        if item is None or item.parent is None:
            return QModelIndex()
        return self.createIndex(item.parent.row, 0, item.parent)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not self.declared:
            return 0
        if parent.isValid():
            item = self.item(parent)
            return len(item.children) if item is not None and parent.column() == 0 else 0
        return len(self._roots)

    def columnCount(self, parent=QModelIndex()) -> int:
        return COLUMN_COUNT

    def index_of(self, item: BudgetItem, column: int = 0) -> QModelIndex:
        return self.createIndex(item.row, column, item)

    def find(self, kind: str, group: int, indices: tuple[int, ...] = ()) -> BudgetItem | None:
        return next((i for i in self.iter_items() if i.key == (kind, group, indices)), None)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT or not self.declared:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == RESULT:
            return f"按计算公式算出的金额（{self.unit_word}），随输入即时更新；不能直接修改。"
        if role == Qt.ItemDataRole.ToolTipRole and section == STATED:
            return f"申报金额，单位{self.unit_word}；也可写“3.9万”“39000元”。"
        if role == Qt.ItemDataRole.ToolTipRole and section == DIFFERENCE:
            return "申报金额 − 公式结果；不为 0 时标出。"
        if role == Qt.ItemDataRole.ToolTipRole and section == ENDING:
            return "紧接在金额后打印的标点或文字，如“；”“。”“：包括”；打印时明细按填写的文字原样连接，不另加标点。"
        return None

    def flags(self, index):
        item = self.item(index)
        if item is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and self._editable_cell(item, index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @staticmethod
    def _editable_cell(item: BudgetItem, column: int) -> bool:
        if item.kind in ("group", "new_group"):
            return column in (LABEL, BASIS) if item.kind == "group" else column == LABEL
        return column in LINE_COLUMN_OF

    # ---- cell texts ------------------------------------------------------------------------------
    def stored_text(self, item: BudgetItem, column: int) -> str:
        """The stored value as text to edit or copy (an amount in the display unit)."""
        if item.kind == "group":
            group = self.groups[item.group]
            return {LABEL: group.title, BASIS: group.text}.get(column, "")
        if item.kind != "line":
            return ""
        line = self.line(item)
        if column == STATED:
            if line.stated_text:
                return line.stated_text
            return "" if line.stated_fen is None else self._plain_amount(line.stated_fen)
        if column in LINE_COLUMN_OF:
            return getattr(line, LINE_COLUMN_OF[column])
        return self._computed_text(line, column)

    def _plain_amount(self, fen: int) -> str:
        return format_money(fen, self.unit)

    def _computed_text(self, line: BudgetLine, column: int) -> str:
        value = line_formula_fen(line)
        if value is None:
            return ""
        if isinstance(value, str):
            return "公式有误"
        if column == RESULT:
            return self.format_amount(computed_fen(line))
        if column == DIFFERENCE:
            return self.format_amount(difference_fen(line), signed=True)
        return ""

    def difference_fen(self, item: BudgetItem) -> int | None:
        return difference_fen(self.line(item)) if item.kind == "line" else None

    def _display(self, item: BudgetItem, column: int) -> str:
        refused = self._refused.get((item.group, item.indices, item.kind, column))
        if refused is not None:
            return refused.text
        if item.kind in _PLACEHOLDERS:
            return _PLACEHOLDERS[item.kind] if column == LABEL else ""
        if item.kind == "group":
            group = self.groups[item.group]
            if column == LABEL:
                return f"{chinese_number(item.group + 1)}、{group.title}"
            if column == STATED:
                return self.format_amount(group_total_fen(group))
            return group.text if column == BASIS else ""
        line = self.line(item)
        if column == LABEL:
            return self.printed_number(item) + line.label
        if column == FORMULA and line.formula and line.formula_unit != self.unit:
            return f"{line.formula}〔{UNIT_WORDS[line.formula_unit]}〕"
        if column == STATED:
            return line.stated_text or self.format_amount(line.stated_fen)
        return self.stored_text(item, column)

    @property
    def legacy(self) -> bool:
        """The explanation prints in format 1's wording (numbers and punctuation added by the program)."""
        return explanation_of(self.node).wording == "legacy"

    def printed_number(self, item: BudgetItem) -> str:
        """The number the paper prints before a line: only numbering asked for (the group's or the parent line's),
        counting the lines that start a paragraph; format 1's wording numbers as it always did."""
        if self.legacy:
            if len(item.indices) > 1:
                return _CIRCLED[item.row % len(_CIRCLED)]
            group = self.groups[item.group]
            numbered = len(group.lines) > 1 or any(x.label for x in group.lines)
            return f"（{item.row + 1}）" if numbered else ""
        siblings = line_list(self.groups, LinePath(item.group, item.indices))
        owner = self.groups[item.group] if len(item.indices) == 1 else \
            line_at(self.groups, LinePath(item.group, item.indices[:-1]))
        line = siblings[item.indices[-1]]
        if line.runs_on or not owner.numbering:
            return ""
        count = sum(1 for x in siblings[:item.indices[-1] + 1] if not x.runs_on)
        return number_text(owner.numbering, count)

    def cell_text(self, index: QModelIndex) -> str:
        """What a copy takes: a refused entry as typed, else the stored text (computed cells as shown)."""
        item = self.item(index)
        if item is None:
            return ""
        refused = self._refused.get((item.group, item.indices, item.kind, index.column()))
        if refused is not None:
            return refused.text
        if item.kind in _PLACEHOLDERS:
            return ""
        return self.stored_text(item, index.column())

    def _mark(self, item: BudgetItem, column: int) -> Mark | None:
        refused = self._refused.get((item.group, item.indices, item.kind, column))
        if refused is not None:
            return Mark("refused", refused.message)
        mark = self._marks.get((item.kind, item.group, item.indices, column))
        if column == RESULT and item.kind == "line":
            value = line_formula_fen(self.line(item))
            if isinstance(value, str):  # a stored formula that no longer computes (imported file)
                mark = worse(mark, Mark("error", value))
        return mark

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.item(index)
        if item is None or not self.declared:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.EditRole:
            return self.cell_text(index)
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = self._mark(item, column)
            if mark:
                return mark.message
            if item.kind == "line" and column == FORMULA:
                return f"公式中的数字按{UNIT_WORDS[self.line(item).formula_unit]}计（右键可切换）"
            if item.kind == "line" and column == LABEL and not self.legacy and self.line(item).runs_on:
                return "接排：打印时接在上一条之后，不另起一段（右键可切换）"
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            mark = self._mark(item, column)
            if mark and mark.severity in BACKGROUNDS:
                return BACKGROUNDS[mark.severity]
            if column == DIFFERENCE and self.difference_fen(item):
                return DIFFERENCE_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if (item.group, item.indices, item.kind, column) in self._refused:
                return REFUSED_TEXT
            return REPEATED_TEXT if item.kind in _PLACEHOLDERS else None
        if role == Qt.ItemDataRole.FontRole:
            runs_on = item.kind == "line" and not self.legacy and self.line(item).runs_on
            if item.kind == "group" or item.kind in _PLACEHOLDERS or runs_on:
                font = QFont()
                font.setBold(item.kind == "group")
                font.setItalic(item.kind in _PLACEHOLDERS or runs_on)   # italic: printed in the line before
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RESULT, STATED, DIFFERENCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == KindRole:
            return item.kind
        if role == MarkRole:
            mark = self._mark(item, column)
            return mark.severity if mark else None
        return None

    # ---- edits -----------------------------------------------------------------------------------
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        item = self.item(index)
        if role != Qt.ItemDataRole.EditRole or item is None or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = "" if value is None else str(value)
        key = (item.group, item.indices, item.kind, index.column())
        if key not in self._refused and text == self.cell_text(index):
            return True
        if item.kind in ("line", "new_line"):
            self.paste(index, [[text]])
            return True
        try:
            if item.kind == "group":
                self.session.set_group_field(self.node, item.group, "title" if index.column() == LABEL else "text",
                                             text)
            elif text.strip():
                self.session.add_group(self.node, text)
        except UserError as exc:
            self.message.emit(exc.message)
        return True

    def paste(self, anchor: QModelIndex, rows: Sequence[Sequence[str]],
              grid_columns: bool = True) -> list[CellRefusal]:
        """Type or paste a block of text at ``anchor`` (a line or the new-line row): one undo step.

        ``grid_columns``: the block has this grid's columns (copied from it), so cells landing on 公式结果 or 差额
        are skipped and it pastes back; otherwise (from Excel: 名称, 测算依据, 计算公式, 申报金额, 备注) its cells
        fill the columns one can type in, left to right."""
        item = self.item(anchor)
        if item is None or item.kind not in ("line", "new_line"):
            self.message.emit("请选中一行预算明细（或分组下的空白行）再粘贴。")
            return []
        columns = [c for c in range(anchor.column(), COLUMN_COUNT) if c in LINE_COLUMN_OF]
        if not columns:
            return []
        if grid_columns:
            offsets = [c - anchor.column() for c in columns]
            block = [[cells[o] for o in offsets if o < len(cells)] for cells in rows]
        else:
            block = [list(cells[:len(columns)]) for cells in rows]
        left = LINE_COLUMNS.index(LINE_COLUMN_OF[columns[0]])
        parent, top = item.indices[:-1], item.indices[-1]
        try:
            refusals = self.session.set_line_cells(self.node, item.group, top, left, block, parent=parent,
                                                   unit=self.unit)
        except EditRefused as exc:
            self.message.emit(exc.message)
            return []
        self._record_refusals(item.group, parent, top, left, block, refusals)
        return refusals

    def _record_refusals(self, group: int, parent: tuple[int, ...], top: int, left: int,
                         block: Sequence[Sequence[str]], refusals: list[CellRefusal]) -> None:
        for r, cells in enumerate(block):
            for c in range(len(cells)):
                column = GRID_COLUMN_OF[LINE_COLUMNS[left + c]]
                self._refused.pop((group, parent + (top + r,), "line", column), None)
        for refusal in refusals:
            key = (group, parent + (refusal.row,), "line", GRID_COLUMN_OF[refusal.column])
            self._refused[key] = refusal
        self._emit_all()
        if refusals:
            first = refusals[0]
            more = f"（另有 {len(refusals) - 1} 处未接受）" if len(refusals) > 1 else ""
            self.message.emit(f"{FIELD_LABELS[first.column]}：{first.message}{more}")

    def clear_cells(self, indexes: Sequence[QModelIndex]) -> None:
        """Delete: empty the selected cells (texts, formulas, amounts, group titles) as one undo step."""
        cells: list[BudgetCell] = []
        changed = False
        for index in indexes:
            item = self.item(index)
            if item is None:
                continue
            changed |= self._refused.pop((item.group, item.indices, item.kind, index.column()), None) is not None
            if item.kind == "group" and index.column() in (LABEL, BASIS):
                cells.append((item.group, None, "title" if index.column() == LABEL else "text"))
            elif item.kind == "line" and index.column() in LINE_COLUMN_OF:
                cells.append((item.group, item.indices, LINE_COLUMN_OF[index.column()]))
        try:
            self.session.clear_budget_cells(self.node, cells)
        except EditRefused as exc:
            self.message.emit(exc.message)
            return
        if changed:
            self._emit_all()

    # ---- refresh ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Follow the node's budget after a change: same shape → repaint, else rebuild (views restore
        their current cell through ``modelAboutToBeReset``/``modelReset``)."""
        old_shape = self._shape()
        old_roots = self._roots
        self._build()
        if self._shape() == old_shape:
            self._roots = old_roots  # keep the items the views' indexes point at
        else:
            new_roots = self._roots
            self._roots = old_roots
            self.beginResetModel()
            self._roots = new_roots
            existing = {item.key for item in self.iter_items()}
            self._refused = {k: v for k, v in self._refused.items() if (k[2], k[0], k[1]) in existing}
            self.endResetModel()
        self.refresh_findings(emit=False)
        self._emit_all()

    def refresh_findings(self, emit: bool = True) -> None:
        marks: dict[tuple, Mark] = {}
        for field_name, mark in node_marks(self.session, self.node).items():
            for key in _budget_places(field_name):
                marks[key] = mark
        changed = marks != self._marks
        self._marks = marks
        if emit and changed:
            self._emit_all()

    def handle_change(self, change: Change) -> None:
        if not self.declared:
            return
        if change.scope is Scope.BUDGET and change.node is self.node:
            self.reload()
        elif change.scope is Scope.FORM and change.node is self.node and "template" in change.fields:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
            self._emit_all()
        else:
            self.refresh_findings()

    def _emit_all(self) -> None:
        def walk(items: list[BudgetItem], parent: QModelIndex):
            if not items:
                return
            self.dataChanged.emit(self.index(0, 0, parent), self.index(len(items) - 1, COLUMN_COUNT - 1, parent))
            for item in items:
                if item.children:
                    walk(item.children, self.index_of(item))
        walk(self._roots, QModelIndex())

    # ---- places ----------------------------------------------------------------------------------
    def index_for_field(self, field_name: str) -> QModelIndex:
        """"line:0:2:stated_fen" / "line:1:0.1:formula" / "group:3" → the cell's index."""
        keys = _budget_places(field_name)
        if not keys:
            return QModelIndex()
        kind, group, indices, column = keys[0]
        item = self.find(kind, group, indices)
        return self.index_of(item, column) if item is not None else QModelIndex()

    def key_of(self, index: QModelIndex) -> tuple | None:
        item = self.item(index)
        return (item.key, index.column()) if item is not None else None

    def index_for_key(self, key: tuple | None) -> QModelIndex:
        if key is None:
            return QModelIndex()
        (kind, group, indices), column = key
        # typing into an empty new row turns it into a line (or group): stay on what it became
        became = {"new_line": "line", "new_group": "group"}.get(kind)
        item = (self.find(became, group, indices) if became else None) or self.find(kind, group, indices)
        if item is None and kind == "line":
            item = self.find("line", group, indices[:-1] + (max(0, indices[-1] - 1),)) or \
                self.find("new_line", group, indices[:-1] + (indices[-1],))
        return self.index_of(item, column) if item is not None else QModelIndex()


def _budget_places(field_name: str) -> list[tuple]:
    """A finding's field → [(kind, group, indices, column)]."""
    parts = field_name.split(":")
    try:
        if parts[0] == "group" and len(parts) == 2:
            group = int(parts[1])
            return [("group", group, (), LABEL), ("group", group, (), STATED)]
        if parts[0] == "line" and len(parts) in (3, 4):
            group = int(parts[1])
            indices = tuple(int(p) for p in parts[2].split("."))
            if len(parts) == 3:
                return [("line", group, indices, c) for c in range(COLUMN_COUNT)]
            if parts[3] not in GRID_COLUMN_OF:
                return []
            return [("line", group, indices, GRID_COLUMN_OF[parts[3]])]
    except ValueError:
        return []
    return []
