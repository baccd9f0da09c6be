"""六、年度预算安排 of one declared node as a Qt tree model: numbered groups, their lines and sub-lines.

Top-level rows are the groups ("一、G60日常办公经费" with the group total), under each its lines
("（1）保洁服务") with their sub-lines, then an empty row where typing adds a line; a last empty
top-level row adds a group. The formula is evaluated live, the difference to the stated amount is
highlighted, and amounts show in the template's budget unit, exactly. Every change goes through the
Session; refused cells stay visible with the reason until corrected.

What a row shows is worked out once (RowView) and kept until the row changes: after an edit only the rows of the
edited group, and the rows whose findings changed, are worked out again, and only those whose view differs are
announced (``dataChanged``), so the grid repaints them and nothing else.
"""
from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from ...domain.budget import computed_fen, difference_fen, group_total_fen, line_formula_fen
from ...domain.formula_unit import formula_unit_from_words, writes_own_unit
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
    follow_words,
    line_at,
    line_list,
    put_line_cell,
)
from .marks import BACKGROUNDS, DIFFERENCE_BACKGROUND, REFUSED_TEXT, REPEATED_TEXT, Mark, node_marks, worse
from .refusals import refused_entries

LABEL, BASIS, FORMULA, RESULT, STATED, DIFFERENCE, REMARK, ENDING = range(8)
COLUMN_COUNT = 8
HEADERS = ("名称", "测算依据", "计算公式", "公式结果", "申报金额", "差额", "备注", "结尾")
#: grid column → column of Session.set_line_cells (None: computed, read-only)
LINE_COLUMN_OF = {LABEL: "label", BASIS: "basis", FORMULA: "formula", STATED: "stated_fen", REMARK: "remark",
                  ENDING: "ending"}
GRID_COLUMN_OF = {name: column for column, name in LINE_COLUMN_OF.items()}
UNIT_WORDS = {"wan": "万元", "yuan": "元"}
#: the grid's key that switches the current line's formula unit between 万元 and 元
UNIT_SWITCH_KEY = "Ctrl+Shift+U"
#: cells whose typing shows at once in the row's 公式结果/差额 and in the totals, before anything is saved
PREVIEWED = (FORMULA, STATED)
#: 公式结果/差额 of a row whose formula or amount being typed does not read yet
UNREAD = "…"

#: "group", "line", "new_line" or "new_group"
KindRole = Qt.ItemDataRole.UserRole + 1
MarkRole = Qt.ItemDataRole.UserRole + 2

_PLACEHOLDERS = {"new_line": "（在此输入新明细）", "new_group": "（在此输入新分组名称）"}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class RowView:
    """What a row shows, column by column: texts, marks (findings, refused entries), which texts were refused,
    whether 差额 is not zero, and the row's style ("group", "placeholder", "runs_on" or "")."""

    texts: tuple[str, ...]
    marks: tuple[Mark | None, ...]
    refused: tuple[bool, ...]
    different: bool
    style: str


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
    #: what is being typed changed the totals shown (or stopped changing them)
    previewed = Signal()
    #: a typed or pasted cell was refused: its index and why (the page shows it at the cell)
    refused_at = Signal(QModelIndex, str)

    def __init__(self, session: Session, node: Node, parent=None):
        super().__init__(parent)
        self.session = session
        self.node = node
        self._roots: list[BudgetItem] = []
        #: refused entries by (group, indices, kind, column), kept while the clerk is elsewhere (refusals.py)
        self._refused: dict[tuple, CellRefusal] = refused_entries(session).area(node, "budget")
        self._marks: dict[tuple, Mark] = {}
        #: each shown row's view, until the row changes (rows never shown have none: they are worked out when asked)
        self._views: dict[BudgetItem, RowView] = {}
        self._fonts: dict[str, QFont] = {}
        #: the cell being typed in (item key, column) and the budget as it reads with the typing (None: none)
        self._preview: tuple[tuple, int] | None = None
        self._preview_groups: list[BudgetGroup] | None = None
        #: the typing does not read yet ("1469*16*"): 公式结果/差额 of its row show UNREAD
        self.preview_unread = False
        #: (item key, column) of the cell a clerk is typing in (set by the grid's delegate), or None
        self.editing: tuple[tuple, int] | None = None
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
        """The node's budget groups — as they read with what is being typed, while a cell is typed in."""
        if self._preview_groups is not None:
            return self._preview_groups
        return explanation_of(self.node).budget_groups

    def node_total_fen(self) -> int:
        """六、年度预算安排合计, counted as 审核 and printing count it (domain/budget.py), with the typing."""
        return sum(group_total_fen(group) for group in self.groups)

    # ---- typing ----------------------------------------------------------------------------------
    def previews(self, index: QModelIndex) -> bool:
        item = self.item(index)
        return item is not None and item.kind == "line" and index.column() in PREVIEWED and self.editable

    def preview(self, index: QModelIndex, text: str) -> None:
        """A keystroke in a line's 计算公式 or 申报金额: its row's 公式结果 and 差额, its group's total and the
        node's total show the budget as it reads with ``text`` — in the same frame, nothing saved."""
        item = self.item(index)
        if item is None or not self.previews(index):
            return
        stored = explanation_of(self.node).budget_groups
        line = line_at(stored, LinePath(item.group, item.indices))
        typed = copy.copy(line)
        try:
            put_line_cell(typed, LINE_COLUMN_OF[index.column()], text, self.unit)
            if index.column() == FORMULA:
                follow_words(typed)
            self.preview_unread = False
        except UserError:
            typed, self.preview_unread = line, True
        self._preview = (item.key, index.column())
        self._preview_groups = _with_line(stored, item.group, item.indices, typed)
        self._refresh_rows(_ancestry(item))
        self.previewed.emit()

    def end_preview(self, emit: bool = True) -> None:
        """The typing was saved or given up: show the budget as saved."""
        if self._preview is None:
            return
        (kind, group, indices), _column = self._preview
        self._preview, self._preview_groups, self.preview_unread = None, None, False
        if emit:
            item = self.find(kind, group, indices)
            if item is not None:
                self._refresh_rows(_ancestry(item))
            self.previewed.emit()

    def stint_key(self, index: QModelIndex, serial: int) -> tuple:
        """The undo key of one stint of typing in a cell (its saves are one step)."""
        item = self.item(index)
        return id(self.node), item.key if item is not None else None, index.column(), serial

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
        if column in (RESULT, DIFFERENCE) and self.preview_unread and self._preview is not None \
                and self._preview[0] == item.key:
            return UNREAD
        if column == FORMULA and line.formula and not writes_own_unit(line.formula):
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

    def view(self, item: BudgetItem) -> RowView:
        """What ``item``'s row shows (worked out on first use, kept until the row changes)."""
        view = self._views.get(item)
        if view is None:
            view = self._views[item] = self._compute_view(item)
        return view

    def _compute_view(self, item: BudgetItem) -> RowView:
        columns = range(COLUMN_COUNT)
        runs_on = item.kind == "line" and not self.legacy and self.line(item).runs_on
        style = "group" if item.kind == "group" else "placeholder" if item.kind in _PLACEHOLDERS else \
            "runs_on" if runs_on else ""
        return RowView(texts=tuple(self._display(item, c) for c in columns),
                       marks=tuple(self._mark(item, c) for c in columns),
                       refused=tuple((item.group, item.indices, item.kind, c) in self._refused for c in columns),
                       different=bool(self.difference_fen(item)), style=style)

    def _font(self, style: str) -> QFont | None:
        if style not in ("group", "placeholder", "runs_on"):
            return None
        font = self._fonts.get(style)
        if font is None:
            font = self._fonts[style] = QFont()
            font.setBold(style == "group")
            font.setItalic(style != "group")   # italic: a new row to type into, or printed in the line before
        return font

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.item(index)
        if item is None or not self.declared:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.view(item).texts[column]
        if role == Qt.ItemDataRole.EditRole:
            return self.cell_text(index)
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = self.view(item).marks[column]
            if mark:
                return mark.message
            if item.kind == "line" and column == FORMULA:
                return (f"公式中的数字按{UNIT_WORDS[self.line(item).formula_unit]}计"
                        f"（{UNIT_SWITCH_KEY} 或表格上方的“公式单位”按钮切换）")
            if item.kind == "line" and column == LABEL and self.view(item).style == "runs_on":
                return "接排：打印时接在上一条之后，不另起一段（右键可切换）"
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            view = self.view(item)
            mark = view.marks[column]
            if mark and mark.severity in BACKGROUNDS:
                return BACKGROUNDS[mark.severity]
            if column == DIFFERENCE and view.different:
                return DIFFERENCE_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            view = self.view(item)
            if view.refused[column]:
                return REFUSED_TEXT
            return REPEATED_TEXT if view.style == "placeholder" else None
        if role == Qt.ItemDataRole.FontRole:
            return self._font(self.view(item).style)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RESULT, STATED, DIFFERENCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == KindRole:
            return item.kind
        if role == MarkRole:
            mark = self.view(item).marks[column]
            return mark.severity if mark else None
        return None

    # ---- edits -----------------------------------------------------------------------------------
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        item = self.item(index)
        if role != Qt.ItemDataRole.EditRole or item is None or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = "" if value is None else str(value)
        self.end_preview(emit=False)   # what is saved now replaces what was shown while typing
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
        units_before = self._formula_units(item.group, parent, top, len(block))
        try:
            refusals = self.session.set_line_cells(self.node, item.group, top, left, block, parent=parent,
                                                   unit=self.unit)
        except EditRefused as exc:
            self.message.emit(exc.message)
            return []
        self._record_refusals(item.group, parent, top, left, block, refusals)
        if not refusals:
            self._say_units(item.group, parent, top, units_before)
        return refusals

    def _formula_units(self, group: int, parent: tuple[int, ...], top: int, count: int) -> list[str | None]:
        siblings = line_list(self.groups, LinePath(group, parent + (0,))) if self.groups else []
        return [siblings[i].formula_unit if i < len(siblings) else None for i in range(top, top + count)]

    def _say_units(self, group: int, parent: tuple[int, ...], top: int, before: list[str | None]) -> None:
        """When the words typed gave a formula another unit, say so (and how to switch it back)."""
        siblings = line_list(self.groups, LinePath(group, parent + (0,)))
        for offset, unit in enumerate(before):
            row = top + offset
            if row >= len(siblings):
                break
            line = siblings[row]
            if line.formula_unit == unit or not line.formula:
                continue
            reading = formula_unit_from_words(line.formula, line.basis, line.label)
            why = f"（依据“{reading.evidence}”）" if reading is not None else ""
            label = line.label.rstrip("：:，,；;。 ")
            name = f"“{label}”的" if label else ""
            self.message.emit(f"{name}计算公式中的数字按{UNIT_WORDS[line.formula_unit]}计{why}；"
                              f"如不对，按 {UNIT_SWITCH_KEY} 切换公式单位。")
            return

    def _record_refusals(self, group: int, parent: tuple[int, ...], top: int, left: int,
                         block: Sequence[Sequence[str]], refusals: list[CellRefusal]) -> None:
        rows: set[tuple[int, tuple[int, ...]]] = set()
        for r, cells in enumerate(block):
            for c in range(len(cells)):
                column = GRID_COLUMN_OF[LINE_COLUMNS[left + c]]
                if self._refused.pop((group, parent + (top + r,), "line", column), None) is not None:
                    rows.add((group, parent + (top + r,)))
        for refusal in refusals:
            key = (group, parent + (refusal.row,), "line", GRID_COLUMN_OF[refusal.column])
            self._refused[key] = refusal
            rows.add((group, parent + (refusal.row,)))
        self._refresh_rows([item for item in self.iter_items() if (item.group, item.indices) in rows])
        if refusals:
            first = refusals[0]
            more = f"（另有 {len(refusals) - 1} 处未接受）" if len(refusals) > 1 else ""
            self.message.emit(f"{FIELD_LABELS[first.column]}：{first.message}{more}")
            item = self.find("line", group, parent + (first.row,))
            if item is not None:
                self.refused_at.emit(self.index_of(item, GRID_COLUMN_OF[first.column]), first.message + more)

    def drop_refusal(self, index: QModelIndex) -> bool:
        """Esc on a refused cell: the typed text is given up, the stored value shows again."""
        item = self.item(index)
        if item is None or self._refused.pop((item.group, item.indices, item.kind, index.column()), None) is None:
            return False
        self._refresh_rows([item])
        return True

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
            self._refresh_rows(list(self.iter_items()))

    # ---- refresh ---------------------------------------------------------------------------------
    def reload(self, places: Sequence[str] = ()) -> None:
        """Follow the node's budget after a change: same shape → the rows of the groups named in ``places``
        (a Change's fields: "line:0:2", "group:1"; all rows when empty) are worked out again and those that read
        differently repainted; another shape → rebuild (views restore their current cell through
        ``modelAboutToBeReset``/``modelReset``)."""
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
            self._views = {}
            existing = {item.key for item in self.iter_items()}
            for gone in [k for k in self._refused if (k[2], k[0], k[1]) not in existing]:
                del self._refused[gone]
            self.endResetModel()
            self._take_marks()
            return
        groups = {int(place.split(":")[1]) for place in places if place.startswith(("line:", "group:"))}
        marked = self._take_marks()
        self._refresh_rows([item for item in self.iter_items()
                            if not groups or item.group in groups or item.key in marked])

    def refresh_findings(self, emit: bool = True) -> None:
        """Take the node's current findings as cell marks; repaint the rows whose marks changed."""
        marked = self._take_marks()
        if marked and emit:
            self._refresh_rows([item for item in self.iter_items() if item.key in marked])
        elif marked:
            self._views = {}

    def _take_marks(self) -> set[tuple]:
        """Read the node's findings as cell marks; the keys of the rows whose marks changed."""
        marks: dict[tuple, Mark] = {}
        for field_name, mark in node_marks(self.session, self.node).items():
            for key in _budget_places(field_name):
                marks[key] = mark
        if marks == self._marks:
            return set()
        touched = {key[:3] for key in marks.keys() ^ self._marks.keys()}
        touched |= {key[:3] for key in marks.keys() & self._marks.keys() if marks[key] != self._marks[key]}
        self._marks = marks
        return touched

    def _refresh_rows(self, items: Sequence[BudgetItem]) -> None:
        """Work out again what ``items`` show; announce those that now read differently. A row never shown has
        no view yet and is left to be worked out when it is."""
        changed = []
        for item in items:
            old = self._views.get(item)
            if old is None:
                continue
            new = self._compute_view(item)
            if new != old:
                self._views[item] = new
                changed.append(item)
        self._emit_rows(changed)

    def _emit_rows(self, items: Sequence[BudgetItem]) -> None:
        """``dataChanged`` for these rows, one signal per run of neighbouring rows — leaving out the cell being
        typed in (Qt 6 puts the model's text back into an open editor whose cell a dataChanged covers)."""
        by_parent: dict[int, tuple[BudgetItem | None, list[int]]] = {}
        for item in items:
            by_parent.setdefault(id(item.parent), (item.parent, []))[1].append(item.row)
        for parent, rows in by_parent.values():
            parent_index = self.index_of(parent) if parent is not None else QModelIndex()
            rows.sort()
            start = previous = rows[0]
            for row in rows[1:] + [None]:
                if row is not None and row == previous + 1:
                    previous = row
                    continue
                self._emit_range(parent, parent_index, start, previous)
                if row is not None:
                    start = previous = row

    def _emit_range(self, parent: BudgetItem | None, parent_index: QModelIndex, first: int, last: int) -> None:
        last_column = self.columnCount() - 1
        editing = self._editing_cell(parent)
        if editing is None or not first <= editing[0] <= last:
            self.dataChanged.emit(self.index(first, 0, parent_index), self.index(last, last_column, parent_index))
            return
        row, column = editing
        for top, left, bottom, right in ((first, 0, row - 1, last_column), (row, 0, row, column - 1),
                                         (row, column + 1, row, last_column), (row + 1, 0, last, last_column)):
            if top <= bottom and left <= right:
                self.dataChanged.emit(self.index(top, left, parent_index), self.index(bottom, right, parent_index))

    def _editing_cell(self, parent: BudgetItem | None) -> tuple[int, int] | None:
        """(row, column) under ``parent`` of the cell an editor is open on, if it is there."""
        if self.editing is None:
            return None
        (kind, group, indices), column = self.editing
        item = self.find(kind, group, indices)
        return (item.row, column) if item is not None and item.parent is parent else None

    def handle_change(self, change: Change) -> None:
        if not self.declared:
            return
        if change.scope is Scope.BUDGET and change.node is self.node:
            self.reload(change.fields)
        elif change.scope is Scope.FORM and change.node is self.node and "template" in change.fields:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
            self._views = {}
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


def _ancestry(item: BudgetItem) -> list[BudgetItem]:
    """The row and the rows whose totals include it (its parent lines, its group)."""
    rows = []
    walker: BudgetItem | None = item
    while walker is not None:
        rows.append(walker)
        walker = walker.parent
    return rows


def _with_line(groups: list[BudgetGroup], group: int, indices: tuple[int, ...],
               line: BudgetLine) -> list[BudgetGroup]:
    """``groups`` with the line at ``group``/``indices`` replaced (the path to it copied, the rest shared)."""
    out = list(groups)
    copied = out[group] = copy.copy(groups[group])
    lines = copied.lines = list(copied.lines)
    for i in indices[:-1]:
        parent = lines[i] = copy.copy(lines[i])
        lines = parent.children = list(parent.children)
    lines[indices[-1]] = line
    return out


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
