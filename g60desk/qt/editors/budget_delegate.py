"""The cell editor of the budget grid: what is typed in 计算公式 or 申报金额 shows at once in its row and the
totals (the model's preview), is saved and checked a moment after typing stops, and Esc undoes the stint."""
from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemDelegate, QLineEdit

from .budget_model import BudgetTableModel
from .delegates import GridDelegate
from .fields import PAUSE_MS


class BudgetDelegate(GridDelegate):
    def __init__(self, model: BudgetTableModel, parent=None):
        super().__init__(parent)
        self.model = model
        self._serial = 0
        #: editor → (its cell, the undo key of its stint)
        self._stints: dict[QLineEdit, tuple[QPersistentModelIndex, tuple]] = {}
        self.closeEditor.connect(self._closed)

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        self._serial += 1
        cell = QPersistentModelIndex(index)
        self._stints[editor] = (cell, self.model.stint_key(index, self._serial))
        self.model.editing = self.model.key_of(index)
        if self.model.previews(index):
            pause = QTimer(editor)
            pause.setSingleShot(True)
            pause.setInterval(PAUSE_MS)
            pause.timeout.connect(lambda: self._paused(editor))
            editor.textEdited.connect(lambda text: self._typed(editor, text, pause))
        editor.destroyed.connect(lambda *_: self._stints.pop(editor, None))
        return editor

    def _typed(self, editor: QLineEdit, text: str, pause: QTimer) -> None:
        cell, _key = self._stints[editor]
        self.model.preview(self.model.index(cell.row(), cell.column(), cell.parent()), text)
        pause.start()

    def _paused(self, editor: QLineEdit) -> None:
        """Typing stopped: save what reads (the cell stays open, the text as typed); 审核 follows the save."""
        if editor not in self._stints or self.model.preview_unread or not editor.hasFocus():
            return
        self.commitData.emit(editor)

    def setModelData(self, editor, model, index) -> None:
        stint = self._stints.get(editor)
        with self.model.session.merging(stint[1] if stint is not None else None):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def _closed(self, editor, hint) -> None:
        stint = self._stints.get(editor)
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache and stint is not None:
            self.model.session.cancel_stint(stint[1])   # Esc: what this stint saved goes back
        self.model.editing = None
        self.model.end_preview()
