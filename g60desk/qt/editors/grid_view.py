"""Table and tree views that behave like an Excel sheet: type to edit, Enter moves down, Tab moves
right, Delete clears the selection, Ctrl+C / Ctrl+V copy and paste rectangular blocks as TSV.
Tab past the last cell (Shift+Tab before the first) leaves the grid for the next field, and Ctrl+Tab /
Ctrl+PgDn go on to the next tab of the page, as Ctrl+PgDn goes to the next sheet in Excel.

The model does the work (``set_cells``/``paste``, ``clear_cells``), each in one undo step; the view only
finds the anchor and the selection.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QTreeView,
    QWidget,
)

from .clipboard import format_tsv, parse_tsv

if TYPE_CHECKING:
    from .budget_model import BudgetTableModel
    from .indicator_model import IndicatorTableModel

    class _GridView(QAbstractItemView):
        """What the key handling uses of the view it is mixed into (declared for the type checker)."""

        def row_position(self, index: QModelIndex) -> int: ...
        def paste_block(self, anchor: QModelIndex, rows: list[list[str]], cells: list[QModelIndex],
                        own: bool = True) -> None: ...
        def clear_cells(self, cells: list[QModelIndex]) -> None: ...
        def drop_refusal(self, index: QModelIndex) -> bool: ...
        message: Signal
else:
    _GridView = object

_TRIGGERS = (QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
             | QAbstractItemView.EditTrigger.EditKeyPressed)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: with Ctrl: the page's tab widget switches tabs (the view must not take these keys)
_PAGE_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class _ExcelKeys(_GridView):
    """Key handling shared by both views (mixed into a QAbstractItemView subclass)."""

    def _setup_excel(self) -> None:
        self.setEditTriggers(_TRIGGERS)
        self.setTabKeyNavigation(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    # the Qt overrides live here once; super() reaches QTableView / QTreeView through the MRO
    def keyPressEvent(self, event) -> None:
        if not self._excel_key(event):
            super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:
        if not self._excel_input_method(event):
            super().inputMethodEvent(event)

    def closeEditor(self, editor, hint) -> None:
        self._close_excel(super().closeEditor, editor, hint)

    def focusInEvent(self, event) -> None:
        """Coming into the grid (Tab, F6, a click elsewhere and back), the current cell is shown selected, as
        in Excel, not only with a thin focus frame."""
        super().focusInEvent(event)
        current, selection = self.currentIndex(), self.selectionModel()
        if current.isValid() and selection is not None and not selection.hasSelection():
            selection.select(current, QItemSelectionModel.SelectionFlag.Select)

    def _excel_key(self, event) -> bool:
        if event.key() in _PAGE_KEYS and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.ignore()   # up to the QTabWidget: next / previous tab
            return True
        editing = self.state() == QAbstractItemView.State.EditingState
        if editing:
            return False
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
        elif event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.clear_selection()
        elif event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and self.drop_refusal(self.currentIndex()):
            self.message.emit("已取消未被接受的输入，恢复为原来的内容。")
        elif event.key() in _ENTER and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                             Qt.KeyboardModifier.KeypadModifier):
            self._enter_down()
        else:
            return False
        return True

    def _excel_input_method(self, event) -> bool:
        """An IME commit on a cell that is not being edited starts editing with the committed text,
        replacing the cell's text as typing does (Qt's own path drops the commit string)."""
        if self.state() == QAbstractItemView.State.EditingState or not event.commitString() \
                or event.preeditString():
            return False
        index = self.currentIndex()
        if not index.isValid() or not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        # Qt takes a null event here (no key started the edit); PySide6's stub insists on one
        if not self.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None):  # type: ignore[call-overload]
            return False
        editor = QApplication.focusWidget()
        line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
        if isinstance(line, QLineEdit):
            line.selectAll()
            QApplication.sendEvent(line, event)
        return True

    def move_current(self, action) -> None:
        target = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if target.isValid():
            self.setCurrentIndex(target)

    def _tab_step(self, forward: bool) -> bool:
        """Move one cell as Tab / Shift+Tab do; False (and no move) at the last / first cell."""
        current = self.currentIndex()
        if not current.isValid():
            return False
        before = (self.row_position(current), current.column())
        self.move_current(QAbstractItemView.CursorAction.MoveNext if forward
                          else QAbstractItemView.CursorAction.MovePrevious)
        after = self.currentIndex()
        place = (self.row_position(after), after.column()) if after.isValid() else before
        if (place > before) if forward else (place < before):
            run = getattr(self, "_tab_run", None)
            if place[0] != before[0]:
                self._tab_run = None
            elif run is None or run[0] != before[0]:
                self._tab_run = before   # where this row's Tab run began: Enter comes back to its column
            return True
        if after != current:   # Qt wraps round to the other end: stay on the edge instead
            self.setCurrentIndex(current)
        return False

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab moves along the cells; past the grid's last cell it goes on to the next field."""
        if self.tabKeyNavigation() and self._tab_step(forward):
            return True
        return QWidget.focusNextPrevChild(self, forward)

    def _close_excel(self, close, editor, hint) -> None:
        """Tab/Shift+Tab commit and move to the next/previous cell without opening its editor (Excel);
        Enter commits and moves down."""
        moves = {QAbstractItemDelegate.EndEditHint.EditNextItem: QAbstractItemView.CursorAction.MoveNext,
                 QAbstractItemDelegate.EndEditHint.EditPreviousItem: QAbstractItemView.CursorAction.MovePrevious}
        if hint in moves:
            close(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            forward = hint == QAbstractItemDelegate.EndEditHint.EditNextItem
            if not self._tab_step(forward):
                QWidget.focusNextPrevChild(self, forward)   # Tab on the last cell leaves the grid
            return
        close(editor, hint)
        self._after_close(hint)

    def _after_close(self, hint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: commit, then down
            self._enter_down()

    def _enter_down(self) -> None:
        """Enter goes down; after Tab along a row it goes to the column where the Tabs began, as in
        Excel, so the next row is typed from its start."""
        run, self._tab_run = getattr(self, "_tab_run", None), None
        current = self.currentIndex()
        self.move_current(QAbstractItemView.CursorAction.MoveDown)
        below = self.currentIndex()
        if run is not None and current.isValid() and below.isValid() and below != current \
                and run[0] == self.row_position(current):
            self.setCurrentIndex(below.siblingAtColumn(run[1]))

    def selected_cells(self) -> list[QModelIndex]:
        cells = [i for i in self.selectionModel().selectedIndexes() if i.isValid()]
        if not cells and self.currentIndex().isValid():
            cells = [self.currentIndex()]
        return cells

    def copy_selection(self) -> None:
        cells = self.selected_cells()
        if not cells:
            return
        rows = sorted({self.row_position(i) for i in cells})
        columns = sorted({i.column() for i in cells})
        by_place = {(self.row_position(i), i.column()): i for i in cells}
        block = [[(by_place[(r, c)].data(Qt.ItemDataRole.EditRole) or "") if (r, c) in by_place else ""
                  for c in range(columns[0], columns[-1] + 1)] for r in rows]
        self._copied = format_tsv(block)
        QGuiApplication.clipboard().setText(self._copied)

    def paste_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        rows = parse_tsv(text)
        cells = self.selected_cells()
        if not rows or not cells:
            return
        anchor = min(cells, key=lambda i: (self.row_position(i), i.column()))
        # a block copied from this very grid has its columns; one from Excel has only the cells one types
        self.paste_block(anchor, rows, cells, own=text == getattr(self, "_copied", None))

    def clear_selection(self) -> None:
        cells = self.selected_cells()
        if cells:
            self.clear_cells(cells)


class ExcelTableView(_ExcelKeys, QTableView):
    """The 绩效指标 grid's view; the model is an IndicatorTableModel."""

    message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._setup_excel()
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setHighlightSections(True)
        # rows fit their wrapped text again once a column changes width (the stretched 三级指标 column widens
        # when the window is laid out; rows measured before that stayed two or three lines too tall)
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.resizeRowsToContents)
        self.horizontalHeader().sectionResized.connect(self._fit_rows.start)

    def grid(self) -> IndicatorTableModel:
        return cast("IndicatorTableModel", self.model())

    def row_position(self, index: QModelIndex) -> int:
        return index.row()

    def paste_block(self, anchor: QModelIndex, rows: list[list[str]], cells: list[QModelIndex],
                    own: bool = True) -> None:
        top, left = anchor.row(), anchor.column()
        if len(rows) == 1 and len(rows[0]) == 1 and len(cells) > 1:
            # one copied value into a selected block fills the block, as Excel does
            bottom = max(i.row() for i in cells)
            right = max(i.column() for i in cells)
            rows = [[rows[0][0]] * (right - left + 1) for _ in range(bottom - top + 1)]
        self.grid().set_cells(top, left, rows, text=f"粘贴 {len(rows)} 行")
        self._select_block(top, left, len(rows), max(len(r) for r in rows))

    def _select_block(self, top: int, left: int, height: int, width: int) -> None:
        model = self.model()
        bottom = min(top + height, model.rowCount()) - 1
        right = min(left + width, model.columnCount()) - 1
        if bottom < top or right < left:
            return
        selection = QItemSelection(model.index(top, left), model.index(bottom, right))
        self.selectionModel().setCurrentIndex(model.index(top, left), QItemSelectionModel.SelectionFlag.NoUpdate)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def clear_cells(self, cells: list[QModelIndex]) -> None:
        self.grid().clear_cells([(i.row(), i.column()) for i in cells])

    def drop_refusal(self, index: QModelIndex) -> bool:
        return self.grid().drop_refusal(index)


class ExcelTreeView(_ExcelKeys, QTreeView):
    """The budget-line grid's view (groups with their lines); the model is a BudgetTableModel."""

    message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._setup_excel()
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(18)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAllColumnsShowFocus(False)
        self._saved_key = None
        self._had_focus = False

    def grid(self) -> BudgetTableModel:
        return cast("BudgetTableModel", self.model())

    def setModel(self, model) -> None:
        old = self.model()
        if old is not None and hasattr(old, "key_of"):
            old.modelAboutToBeReset.disconnect(self._save_current)
            old.modelReset.disconnect(self._restore_current)
        super().setModel(model)
        if model is not None and hasattr(model, "key_of"):
            model.modelAboutToBeReset.connect(self._save_current)
            model.modelReset.connect(self._restore_current)
        self.expandAll()

    def _save_current(self) -> None:
        self._saved_key = self.grid().key_of(self.currentIndex())
        focus = QApplication.focusWidget()
        self._had_focus = focus is not None and (focus is self or self.isAncestorOf(focus))

    def _restore_current(self) -> None:
        self.expandAll()
        index = self.grid().index_for_key(self._saved_key)
        if index.isValid():
            self.setCurrentIndex(index)
        if self._had_focus and not self.hasFocus():
            # the reset closed the cell editor that had the cursor, and Qt passed it to the next widget
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_current(self, action) -> None:
        """Tab and Shift+Tab go along the row (QTreeView would go down), wrapping to the next row."""
        current = self.currentIndex()
        step = {QAbstractItemView.CursorAction.MoveNext: 1, QAbstractItemView.CursorAction.MovePrevious: -1}
        if action not in step or not current.isValid():
            super().move_current(action)
            return
        column = current.column() + step[action]
        if 0 <= column < self.model().columnCount(current.parent()):
            self.setCurrentIndex(current.siblingAtColumn(column))
            return
        moves = QAbstractItemView.CursorAction
        vertical = moves.MoveDown if step[action] > 0 else moves.MoveUp
        target = self.moveCursor(vertical, Qt.KeyboardModifier.NoModifier)
        if target.isValid() and (target.row() != current.row() or target.parent() != current.parent()):
            last = self.model().columnCount(target.parent()) - 1
            self.setCurrentIndex(target.siblingAtColumn(0 if step[action] > 0 else last))

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 - Qt's name
        """← → go along the row and stop at its ends; Home / End go to its first / last cell (with Ctrl: of the
        first / last row), as in the 指标 grid and in Excel. QTreeView's own Home jumps to the first group and
        its ← from a line to the line's group, where the next key typed renamed the group."""
        current = self.currentIndex()
        moves = QAbstractItemView.CursorAction
        if not current.isValid() or action not in (moves.MoveHome, moves.MoveEnd, moves.MoveLeft, moves.MoveRight):
            return super().moveCursor(action, modifiers)
        shown = [c for c in range(self.model().columnCount(current.parent())) if not self.isColumnHidden(c)]
        if not shown:
            return current
        if action in (moves.MoveLeft, moves.MoveRight):
            place = shown.index(current.column()) if current.column() in shown else 0
            place = max(0, place - 1) if action == moves.MoveLeft else min(len(shown) - 1, place + 1)
            return current.siblingAtColumn(shown[place])
        row = current
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            row = super().moveCursor(action, modifiers)   # the first / last row of the tree
        return row.siblingAtColumn(shown[0] if action == moves.MoveHome else shown[-1]) if row.isValid() else current

    def row_position(self, index: QModelIndex) -> int:
        """The row's place from the top, counting groups and lines (the tree is always expanded)."""
        order = getattr(self, "_order_cache", None)
        if order is None or order[0] is not self.model() or order[1] != self.model().rowCount():
            positions = {item.key: n for n, item in enumerate(self.grid().iter_items())}
            order = (self.model(), self.model().rowCount(), positions)
        item = self.grid().item(index)
        return order[2].get(item.key, 0) if item is not None else 0

    def paste_block(self, anchor: QModelIndex, rows: list[list[str]], cells: list[QModelIndex],
                    own: bool = True) -> None:
        key = self.grid().key_of(anchor)
        self.grid().paste(anchor, rows, grid_columns=own)
        index = self.grid().index_for_key(key)
        if index.isValid():
            self.setCurrentIndex(index)

    def clear_cells(self, cells: list[QModelIndex]) -> None:
        self.grid().clear_cells(cells)

    def drop_refusal(self, index: QModelIndex) -> bool:
        return self.grid().drop_refusal(index)
