"""Cell editors of the grids: cascading 一级/二级 choices, a value editor with unit suggestions.

Every editor is a QLineEdit (or an editable combo box around one), so a Chinese IME commit string
lands in it like typed text, and Tab/Enter commit as in Excel.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
)

from ...domain.fields import sole_choice
from ...domain.frameworks import Framework
from .indicator_model import LEVEL1, GroupStartRole

#: units offered after a typed number in the 指标值 column
UNIT_SUGGESTIONS: tuple[str, ...] = ("%", "万元", "万元/次", "万元/场", "次", "个", "家", "篇", "场", "人/场", "天")


class EnterCommits(QObject):
    """Enter while a completer's list is open commits the cell and moves down, as Enter does everywhere in
    the grid: with the suggestion picked with ↑↓, else with the text typed, or — in a cell of fixed choices
    (``only_match``) — with the one choice the typed text begins ("产出" → 产出指标), as Excel's
    AutoComplete does. (Qt's completer takes the key from the delegate and only closes its list, so a clerk
    had to press Enter twice after every number.)"""

    def __init__(self, delegate: QStyledItemDelegate, editor: QLineEdit | QComboBox, only_match: bool = False):
        super().__init__(editor)
        self.delegate = delegate
        self.editor = editor
        self.only_match = only_match
        # installed after the completer's own filter, so it runs first (the completer is looked up each time:
        # a combo box's completer wrapper does not stay valid in PySide)
        self._popup().installEventFilter(self)

    def _line(self) -> QLineEdit:
        line = self.editor.lineEdit() if isinstance(self.editor, QComboBox) else self.editor
        assert line is not None   # the combo boxes here are editable: they have a line edit
        return line

    def _popup(self) -> QAbstractItemView:
        popup = self._line().completer().popup()   # made by the completer on first use
        assert popup is not None
        return popup

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        line = self._line()
        completer = line.completer()
        popup = self._popup()
        picked = popup.currentIndex()
        if picked.isValid():
            line.setText(picked.data())
        elif self.only_match and completer.completionCount() == 1:
            line.setText(completer.currentCompletion())
        popup.hide()
        self.delegate.commitData.emit(self.editor)
        self.delegate.closeEditor.emit(self.editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
        return True


class GridDelegate(QStyledItemDelegate):
    """Plain text cells; a darker line above the first row of each 一级 group, as on paper."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        if index.data(GroupStartRole):
            painter.save()
            painter.setPen(QPen(Qt.GlobalColor.darkGray, 1))
            painter.drawLine(option.rect.topLeft(), option.rect.topRight())
            painter.restore()

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor, index) -> None:
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ChoiceEditor(QComboBox):
    """The editable combo box of a choice cell: Alt+↓ / Alt+↑ open and close its list while it is being
    edited (the grid's 上移/下移 rows use the same keys when no cell is being edited)."""

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and \
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.AltModifier:
            event.accept()   # the key reaches the combo box, not the grid's shortcut
            return True
        return super().event(event)


class ChoiceDelegate(GridDelegate):
    """An editable combo box: the choices fit the row, other words may still be typed."""

    def __init__(self, choices: Callable[[QModelIndex], Sequence[str]], parent=None):
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent, option, index):
        combo = ChoiceEditor(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(self._choices(index)))
        combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        EnterCommits(self, combo, only_match=True)
        return combo

    def setEditorData(self, editor, index) -> None:
        editor.setEditText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.lineEdit().selectAll()

    def setModelData(self, editor, model, index) -> None:
        choices = [editor.itemText(i) for i in range(editor.count())]
        model.setData(index, sole_choice(editor.currentText(), choices), Qt.ItemDataRole.EditRole)


def level1_choices(framework_of: Callable[[], Framework | None]) -> Callable[[QModelIndex], Sequence[str]]:
    def choices(index: QModelIndex) -> Sequence[str]:
        framework = framework_of()
        return framework.level1_names() if framework is not None else ()
    return choices


def level2_choices(framework_of: Callable[[], Framework | None]) -> Callable[[QModelIndex], Sequence[str]]:
    """二级 choices cascade from the row's 一级 (all 二级 of the framework when the 一级 is unknown)."""
    def choices(index: QModelIndex) -> Sequence[str]:
        framework = framework_of()
        if framework is None:
            return ()
        level1 = index.siblingAtColumn(LEVEL1).data(Qt.ItemDataRole.EditRole) or ""
        names = framework.level2_names(level1)
        return names or tuple(n for _, subs in framework.levels for n in subs)
    return choices


class ValueDelegate(GridDelegate):
    """指标值: any spelling is accepted (the session parses it); after a number, units are offered."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setFrame(False)
        suggestions = QStringListModel(editor)
        completer = QCompleter(suggestions, editor)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        editor.setCompleter(completer)
        EnterCommits(self, editor)
        editor.textEdited.connect(lambda text: self._suggest(editor, suggestions, text))
        return editor

    @staticmethod
    def unit_completions(text: str) -> list[str]:
        """"≥85" → ["≥85%", "≥85万元", …]; nothing unless the text ends in a digit."""
        stripped = text.rstrip()
        if not stripped or not stripped[-1].isdigit():
            return []
        return [stripped + unit for unit in UNIT_SUGGESTIONS]

    def _suggest(self, editor: QLineEdit, suggestions: QStringListModel, text: str) -> None:
        options = self.unit_completions(text)
        if not options:
            return
        suggestions.setStringList(options)
        completer = editor.completer()
        completer.setCompletionPrefix(text.rstrip())
        if editor.isVisible():
            completer.complete()
