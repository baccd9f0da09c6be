"""The 绩效指标 grid of one declared node as a Qt table model: 一级, 二级, 三级, 指标值 and the template's own columns
(绩效标准, 权重 …), headed as the template heads them; edits through the Session.

Rows are the node's indicators plus one empty row at the end where typing adds an indicator. A value
shows in the template's print style. A typed or pasted cell the session refuses stays visible with
its text, a red mark and the reason until it is corrected; findings of the 审核 colour their cells.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from ...domain.model import Indicator, Node, form_of
from ...domain.templates import template_of
from ...domain.values import format_value
from ...domain.vocabulary import FIELD_LABELS
from ...services.edits.indicators import grid_rows, indicator_columns
from ...services.session import INDICATOR_COLUMNS, CellRefusal, Change, EditRefused, Scope, Session
from .marks import BACKGROUNDS, REFUSED_TEXT, REPEATED_TEXT, Mark, node_marks
from .refusals import refused_entries

#: the first grid columns (指标值 is the fourth on most forms: ``IndicatorTableModel.value_column``)
LEVEL1, LEVEL2, NAME, VALUE = range(4)

#: the Indicator of a row (None on the empty row at the end)
IndicatorRole = Qt.ItemDataRole.UserRole + 1
#: "refused", "error", "warning", "info" or None
MarkRole = Qt.ItemDataRole.UserRole + 2
#: True for a 一级/二级 cell that repeats the row above (printed as one spanned cell)
RepeatedRole = Qt.ItemDataRole.UserRole + 3
#: True on the first row of a new 一级 (a line is drawn above it)
GroupStartRole = Qt.ItemDataRole.UserRole + 4



def _row_key(ind: Indicator) -> tuple:
    """What a row shows: a change of any of it (a template's own column too) repaints the row."""
    return ind.level1, ind.level2, ind.name, ind.value, tuple(sorted(ind.extra.items()))


class IndicatorTableModel(QAbstractTableModel):
    """一级指标 / 二级指标 / 三级指标 / 指标值 of ``node``; ``session`` makes every change."""

    #: a plain Chinese message for the status bar (refused cells, read-only file …)
    message = Signal(str)
    #: a typed or pasted cell was refused: its index and why (the page shows it at the cell)
    refused_at = Signal(QModelIndex, str)

    def __init__(self, session: Session, node: Node, parent=None):
        super().__init__(parent)
        self.session = session
        self.node = node
        self._rows: list[Indicator] = list(form_of(node).indicators)
        self.template = template_of(form_of(node))
        #: the column keys: INDICATOR_COLUMNS, then the template's own
        self.columns: tuple[str, ...] = indicator_columns(self.template)
        #: refused entries by (row, column), kept while the clerk is elsewhere (refusals.py)
        self._refused: dict[tuple[int, int], CellRefusal] = refused_entries(session).area(node, "indicators")
        for gone in [key for key in self._refused if key[0] > len(self._rows)]:   # rows undone meanwhile
            del self._refused[gone]
        self._marks: dict[tuple[int, int], Mark] = {}
        self.refresh_findings(emit=False)

    def drop_refusal(self, index: QModelIndex) -> bool:
        """Esc on a refused cell: the typed text is given up, the stored value shows again."""
        if self._refused.pop((index.row(), index.column()), None) is None:
            return False
        self._emit_cells({(index.row(), index.column())})
        return True

    # ---- shape -----------------------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return not getattr(self.session, "readonly", False)

    @property
    def indicator_count(self) -> int:
        return len(self._rows)

    @property
    def declared(self) -> bool:
        """False once the node's form was taken away (取消编报) while this model still lives."""
        return self.node.form is not None

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() or not self.declared:
            return 0
        return len(self._rows) + (1 if self.editable else 0)

    @property
    def value_column(self) -> int:
        """The 指标值 column: the fourth, or later where the form prints a column of its own before it (国家 中期)."""
        return self.columns.index("value")

    @property
    def column_count(self) -> int:
        return len(self.columns)

    def column_label(self, column: int) -> str:
        key = self.columns[column]
        declared = next((c for c in self.template.indicator_columns if c.key == key and not c.part), None)
        if declared is not None:
            return declared.label
        if key == "value":   # a template printing the value in parts (指标性质 · 指标值 · 度量单位)
            return "指标值"
        return FIELD_LABELS["indicator_name" if key == "name" else key]

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.column_count

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not self.declared:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self.column_count:
                return None
            return self.column_label(section)
        if 0 <= section < len(self._rows):
            return str(section + 1)
        return "＋" if section == len(self._rows) else None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.editable else flags

    # ---- data ------------------------------------------------------------------------------------
    @property
    def value_style(self) -> str:
        return template_of(form_of(self.node)).value_style

    def stored_text(self, row: int, column: int) -> str:
        """The cell as text to edit or copy (the stored value, not a refused entry)."""
        if not 0 <= row < len(self._rows):
            return ""
        ind = self._rows[row]
        key = self.columns[column]
        if key == "value":
            return format_value(ind.value, self.value_style)
        if key in INDICATOR_COLUMNS:
            return str(getattr(ind, key))
        return ind.extra.get(key, "")

    def cell_text(self, row: int, column: int) -> str:
        """What the cell shows: a refused entry as typed, else the stored value."""
        refused = self._refused.get((row, column))
        return refused.text if refused is not None else self.stored_text(row, column)

    def _repeated(self, row: int, column: int) -> bool:
        if column not in (LEVEL1, LEVEL2) or not 0 < row < len(self._rows):
            return False
        above, here = self._rows[row - 1], self._rows[row]
        same1 = here.level1 != "" and here.level1 == above.level1
        return same1 if column == LEVEL1 else same1 and here.level2 != "" and here.level2 == above.level2

    def _mark(self, row: int, column: int) -> Mark | None:
        refused = self._refused.get((row, column))
        if refused is not None:
            return Mark("refused", refused.message)
        return self._marks.get((row, column))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not self.declared:
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = self._mark(row, column)
            return mark.message if mark else None
        if role == Qt.ItemDataRole.BackgroundRole:
            mark = self._mark(row, column)
            return BACKGROUNDS.get(mark.severity) if mark else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if (row, column) in self._refused:
                return REFUSED_TEXT
            return REPEATED_TEXT if self._repeated(row, column) else None
        if role == Qt.ItemDataRole.FontRole and row == len(self._rows):
            font = QFont()
            font.setItalic(True)
            return font
        if role == MarkRole:
            mark = self._mark(row, column)
            return mark.severity if mark else None
        if role == IndicatorRole:
            return self._rows[row] if row < len(self._rows) else None
        if role == RepeatedRole:
            return self._repeated(row, column)
        if role == GroupStartRole:
            return 0 < row < len(self._rows) and self._rows[row].level1 != self._rows[row - 1].level1
        return None

    # ---- edits -----------------------------------------------------------------------------------
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        text = "" if value is None else str(value)
        if (index.row(), index.column()) not in self._refused and text == self.stored_text(index.row(),
                                                                                            index.column()):
            return True  # nothing changed: no undo step
        self.set_cells(index.row(), index.column(), [[text]])
        return True

    def set_cells(self, top: int, left: int, rows: Sequence[Sequence[str]],
                  text: str = "修改绩效指标") -> list[CellRefusal]:
        """Type or paste a block at (top, left) as one undo step; refused cells stay marked."""
        rows = [r[: max(0, self.column_count - left)] for r in grid_rows(self.template, left, rows)]
        try:
            refusals = self.session.set_indicator_cells(self.node, top, left, rows, text=text)
        except EditRefused as exc:
            self.message.emit(exc.message)
            return []
        self._record_refusals(top, left, rows, refusals)
        return refusals

    def _record_refusals(self, top: int, left: int, rows: Sequence[Sequence[str]],
                         refusals: list[CellRefusal]) -> None:
        touched = {(top + r, left + c) for r, cells in enumerate(rows) for c in range(len(cells))}
        for key in touched:
            self._refused.pop(key, None)
        for refusal in refusals:
            self._refused[(refusal.row, self.columns.index(refusal.column))] = refusal
        self._emit_cells(touched)
        if refusals:
            first = refusals[0]
            more = f"（另有 {len(refusals) - 1} 处未接受）" if len(refusals) > 1 else ""
            label = self.column_label(self.columns.index(first.column))
            self.message.emit(f"第 {first.row + 1} 行{label}：{first.message}{more}")
            self.refused_at.emit(self.index(first.row, self.columns.index(first.column)), first.message + more)

    def clear_cells(self, cells: Sequence[tuple[int, int]]) -> None:
        """Delete: empty the given cells as one undo step (other cells of their block keep their text)."""
        cells = [(r, c) for r, c in cells if 0 <= c < self.column_count and 0 <= r < len(self._rows)]
        refused_only = [(r, c) for r, c in cells if (r, c) in self._refused]
        for key in refused_only:
            del self._refused[key]
        self._emit_cells(refused_only)
        if not cells:
            return
        top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
        left, right = min(c for _, c in cells), max(c for _, c in cells)
        doomed = set(cells)
        block = [["" if (r, c) in doomed else self.stored_text(r, c) for c in range(left, right + 1)]
                 for r in range(top, bottom + 1)]
        self.set_cells(top, left, block, text="清除绩效指标")

    # ---- refresh from the session ------------------------------------------------------------------
    def reload(self) -> None:
        """Follow the node's indicators after a change (own edit, paste, undo, redo …)."""
        new = list(form_of(self.node).indicators)
        old = self._rows
        prefix = _splice_point([_row_key(i) for i in old], [_row_key(i) for i in new])
        delta = len(new) - len(old)
        if delta > 0 and prefix == len(old) and self.editable:
            # rows typed or pasted into the empty last row: that row becomes the first new indicator
            # (the cursor stays on it) and the new rows, with a fresh empty row, come after it
            prefix += 1
        if delta > 0:
            self.beginInsertRows(QModelIndex(), prefix, prefix + delta - 1)
            self._rows = new
            self._shift_refusals(prefix, delta)
            self.endInsertRows()
        elif delta < 0:
            self.beginRemoveRows(QModelIndex(), prefix, prefix - delta - 1)
            self._rows = new
            self._shift_refusals(prefix, delta)
            self.endRemoveRows()
        else:
            self._rows = new
        marked = self._take_marks()
        if delta:
            self._emit_rows(set(range(prefix, len(self._rows))) | marked)   # rows below the change moved up or down
            return
        changed = {i for i, (a, b) in enumerate(zip(old, new)) if _row_key(a) != _row_key(b)}
        # a row's 一级/二级 show as repeated or as a new group by the row above it: the row below may read differently
        self._emit_rows(changed | {i + 1 for i in changed} | marked)

    def _shift_refusals(self, at: int, delta: int) -> None:
        shifted = {}
        for (row, column), refusal in self._refused.items():
            if row < at:
                shifted[(row, column)] = refusal
            elif delta > 0 or row >= at - delta:
                refusal.row = row + delta
                shifted[(row + delta, column)] = refusal
        self._refused.clear()
        self._refused.update(shifted)

    def refresh_findings(self, emit: bool = True) -> None:
        """Take the node's findings as cell marks; repaint the rows whose marks changed."""
        marked = self._take_marks()
        if emit:
            self._emit_rows(marked)

    def _take_marks(self) -> set[int]:
        """Read the node's findings as cell marks; the rows whose marks changed."""
        marks: dict[tuple[int, int], Mark] = {}
        for field, mark in node_marks(self.session, self.node).items():
            place = self._indicator_place(field)
            if place is None:
                continue
            row, columns = place
            for column in columns:
                marks[(row, column)] = mark
        if marks == self._marks:
            return set()
        touched = {key[0] for key in marks.keys() ^ self._marks.keys()}
        touched |= {key[0] for key in marks.keys() & self._marks.keys() if marks[key] != self._marks[key]}
        self._marks = marks
        return touched

    def _emit_rows(self, rows: set[int]) -> None:
        """``dataChanged`` for these rows (all columns), one signal per run of neighbouring rows."""
        shown = sorted(r for r in rows if 0 <= r < self.rowCount())
        start = 0
        while start < len(shown):
            end = start
            while end + 1 < len(shown) and shown[end + 1] == shown[end] + 1:
                end += 1
            self.dataChanged.emit(self.index(shown[start], 0), self.index(shown[end], self.column_count - 1))
            start = end + 1

    def handle_change(self, change: Change) -> None:
        """A session Change: reload on this node's indicators, re-mark on anything that may move findings."""
        if not self.declared:
            return
        if change.scope is Scope.INDICATORS and change.node is self.node:
            self.reload()
        elif change.scope is not Scope.INDICATORS:   # another part changed: the findings on the rows may have
            if change.scope is Scope.FORM and change.node is self.node and "template" in change.fields:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.value_column, self.value_column)
            self.refresh_findings()

    def _emit_cells(self, cells) -> None:
        for row, column in cells:
            if 0 <= row < self.rowCount() and 0 <= column < self.column_count:
                index = self.index(row, column)
                self.dataChanged.emit(index, index)

    # ---- places ----------------------------------------------------------------------------------
    def index_for_field(self, field: str) -> QModelIndex:
        """"indicator:3:value" → the cell's index (invalid when it is not in this grid)."""
        place = self._indicator_place(field)
        if place is None or place[0] >= self.rowCount():
            return QModelIndex()
        return self.index(place[0], place[1][0])

    def _indicator_place(self, field: str) -> tuple[int, tuple[int, ...]] | None:
        """"indicator:<row>[:<column>]" → (row, columns); anything else → None."""
        parts = field.split(":")
        if len(parts) not in (2, 3) or parts[0] != "indicator" or not parts[1].isdigit():
            return None
        if len(parts) == 2:
            return int(parts[1]), tuple(range(self.column_count))
        if parts[2] not in self.columns:
            return None
        return int(parts[1]), (self.columns.index(parts[2]),)


def _splice_point(old: list, new: list) -> int:
    """Where rows were inserted or removed: the common prefix when the rest matches (one block
    inserted or removed there), else the end of the shorter list (rows added or cut at the end)."""
    shorter = min(len(old), len(new))
    prefix = 0
    while prefix < shorter and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shorter - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return prefix if prefix + suffix == shorter else shorter
