"""文件 → 与上次报送比较: every place changed since the last 导出报送文件 (项目, 内容, 报送时 → 现在), printable."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...exchange.diff import FieldChange
from ...services.changes import Changes, compare
from ...services.session import Session
from ..exchange.columns_model import ColumnsTableModel
from .settings_state import resize_within_screen

Index = QModelIndex | QPersistentModelIndex


class ChangesModel(ColumnsTableModel):
    COLUMNS = ("项目", "内容", "报送时", "现在")

    def __init__(self, changes: list[FieldChange], parent: QWidget | None = None):
        super().__init__(parent)
        self.changes = changes

    def row_count(self) -> int:
        return len(self.changes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        change = self.changes[index.row()]
        return (" › ".join(change.path) or "（部门）", change.field, change.old, change.new)[index.column()]


class ChangesDialog(QDialog):
    """Not modal: the clerk can keep it open beside the form while she checks each change."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("与上次报送比较")
        self.setObjectName("changesDialog")
        self.session = session
        self.result_: Changes = compare(session.doc, session.store.submitted_copy())
        layout = QVBoxLayout(self)
        lines = self.result_.lines()
        self.heading = QLabel(lines[0])
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.model = ChangesModel(self.result_.changes, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.setTabKeyNavigation(False)          # Tab goes on to the buttons
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setVisible(bool(self.result_.changes))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.print_button = QPushButton("打印(&P)…")
        self.print_button.setEnabled(bool(self.result_.changes))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_changes)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        resize_within_screen(self, 980, 560)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.view.resizeRowsToContents()     # once the columns have their shown widths

    def print_changes(self) -> QDialog:
        """The comparison as a PDF in the print preview (打印… to a printer, 导出PDF…)."""
        from ...report.changes import render_changes_pdf  # reportlab loads when printing
        from ..printing.preview import PrintPreviewDialog
        folder = Path(tempfile.mkdtemp(prefix="g60changes-"))
        pdf = folder / "与上次报送比较.pdf"
        try:
            render_changes_pdf(self.session.doc, self.heading.text(), self.result_.changes, pdf)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        preview = PrintPreviewDialog(pdf, self, suggested_name=f"{self.session.path.stem}_与上次报送比较.pdf",
                                     owns_file=True)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.show()
        return preview
