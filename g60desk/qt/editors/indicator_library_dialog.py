"""从指标库插入: search the indicators of this file, of files opened before and the standard list by 一级, 二级 and
words; each shows where it was used and with which value. Enter (or 插入) takes the row."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.frameworks import get_framework
from ...domain.indicator_library import LibraryEntry, search
from ...domain.values import format_value
from ..exchange.columns_model import ColumnsTableModel
from ..shell.settings_state import resize_within_screen

Index = QModelIndex | QPersistentModelIndex
ANY = "（全部）"


class LibraryModel(ColumnsTableModel):
    COLUMNS = ("三级指标", "指标值", "一级 / 二级", "用于", "来源")

    def __init__(self, value_style: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.value_style = value_style
        self.entries: list[LibraryEntry] = []

    def show(self, entries: list[LibraryEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.entries[index.row()]
        uses = f"（共 {e.uses} 处）" if e.uses > len(e.used_in) else ""
        return (e.name, format_value(e.value, self.value_style) or "（待填）", f"{e.level1} / {e.level2}",
                "；".join(e.used_in) + uses, e.source_label)[index.column()]


class IndicatorLibraryDialog(QDialog):
    """``picked()`` after exec() == Accepted."""

    def __init__(self, entries: list[LibraryEntry], framework_id: str, value_style: str,
                 level1: str = "", level2: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("从指标库插入")
        self.setObjectName("indicatorLibrary")
        self.entries = entries
        self.framework = get_framework(framework_id)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("输入关键词，如：满意度、场次、验收（空格分开几个词）")
        self.level1_combo = QComboBox()
        self.level2_combo = QComboBox()
        self.level1_combo.addItem(ANY, "")
        for name in self.framework.level1_names():
            self.level1_combo.addItem(name, name)
        for widget, label in ((self.search_edit, "查找(&F)："), (self.level1_combo, "一级(&1)："),
                              (self.level2_combo, "二级(&2)：")):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 2 if widget is self.search_edit else 1)
        layout.addLayout(filters)
        self.model = LibraryModel(value_style, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 110, 200, 220)):
            self.view.setColumnWidth(column, width)
        self.view.doubleClicked.connect(lambda _: self.accept())
        layout.addWidget(self.view, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("插入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search_edit.textChanged.connect(self.refresh)
        self.level1_combo.currentIndexChanged.connect(self._level1_changed)
        self.level2_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.installEventFilter(self)
        self._select_combo(self.level1_combo, level1)
        self._level1_changed()
        self._select_combo(self.level2_combo, level2)
        self.refresh()
        resize_within_screen(self, 1000, 560)

    @staticmethod
    def _select_combo(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _level1_changed(self) -> None:
        level1 = self.level1_combo.currentData() or ""
        self.level2_combo.blockSignals(True)
        self.level2_combo.clear()
        self.level2_combo.addItem(ANY, "")
        for name in (self.framework.level2_names(level1) if level1 else ()):
            self.level2_combo.addItem(name, name)
        self.level2_combo.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        found = search(self.entries, self.search_edit.text(), self.level1_combo.currentData() or "",
                       self.level2_combo.currentData() or "")
        self.model.show(found)
        self.count_label.setText(f"共 {len(found)} 条。回车或双击插入所选的一条；插入后仍可修改，Ctrl+Z 撤销。")
        if found:
            self.view.selectRow(0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(found))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        # ↓ from the search field goes into the list; Enter there takes the selected row
        if watched is self.search_edit and isinstance(event, QKeyEvent) and event.type() == event.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down:
            self.view.setFocus()
            return True
        return super().eventFilter(watched, event)

    def picked(self) -> LibraryEntry | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows else None
