"""导出Excel and 导入Excel in the window. 导入 shows a preview first: per form, how many indicator and budget
rows would replace the current ones, and every refused cell with its reason; only then is anything applied
(through the session, so 撤销 takes it back)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Department, Node, explanation_of, form_of
from ...errors import UserError
from ...exchange.submit import default_name
from ...exchange.xlsx import export_xlsx
from ...exchange.xlsx_import import ApplyResult, NodeImport, RefusedCell, XlsxImport, apply_import, read_xlsx
from ...services.session import Session
from .. import file_dialogs
from ..shell import settings_state
from .columns_model import ColumnsTableModel

XLSX_FILTER = "Excel 文件 (*.xlsx)"
Index = QModelIndex | QPersistentModelIndex


def suggested_xlsx(session: Session) -> Path:
    return Path(session.path).with_name(default_name(session.doc).removesuffix(".g60") + ".xlsx")


class _Table(ColumnsTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, rows: list, parent=None):
        super().__init__(parent)
        self.rows = rows

    def row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells(self.rows[index.row()])[index.column()]
        return self.other(self.rows[index.row()], index.column(), role)

    def cells(self, row) -> tuple[str, ...]:
        raise NotImplementedError

    def other(self, row, column: int, role: int) -> Any:
        return None


class PreviewModel(_Table):
    """One row per form the workbook speaks of."""

    COLUMNS = ("项目", "绩效指标（行）", "预算明细（行）", "未通过的单元格", "导入后")

    def cells(self, item: NodeImport) -> tuple[str, ...]:
        old_indicators = len(form_of(item.node).indicators)
        indicators = "不变" if item.indicators is None else f"{len(item.indicators)}（原 {old_indicators}）"
        old_lines = sum(1 for _ in explanation_of(item.node).iter_lines())
        budget = "不变" if item.budget is None else f"{item.budget_rows}（原 {old_lines}）"
        outcome = "替换为表中各行" if item.applicable else "不导入：请先改正未通过的单元格"
        return (item.title, indicators, budget, str(len(item.refused)), outcome)

    def other(self, item: NodeImport, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and not item.applicable:
            return QBrush(QColor("#B00020"))
        return None


class RefusedModel(_Table):
    """Every refused cell: where, what it held, why."""

    COLUMNS = ("工作表", "行", "列", "内容", "原因")

    def cells(self, cell: RefusedCell) -> tuple[str, ...]:
        return (cell.sheet, str(cell.row), cell.column, cell.text, cell.message)


class XlsxPreviewDialog(QDialog):
    def __init__(self, plan: XlsxImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"导入Excel：{plan.source.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self._summary()))
        self.preview_model = PreviewModel(plan.nodes, self)
        self.refused_model = RefusedModel(plan.all_refused(), self)
        layout.addWidget(_view(self.preview_model, "previewView"))
        if self.refused_model.rows:
            layout.addWidget(QLabel("未通过的单元格（不会导入；在 Excel 中改正后可重新导入）："))
            layout.addWidget(_view(self.refused_model, "refusedView"), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(f"导入 {len(plan.applicable())} 个项目")
        self.ok_button.setEnabled(bool(plan.applicable()))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settings_state.resize_within_screen(self, 900, 560)

    def _summary(self) -> str:
        plan = self.plan
        text = (f"表中涉及 {len(plan.nodes)} 个申报项目，其中 {len(plan.applicable())} 个可以导入；"
                f"未通过的单元格 {len(plan.all_refused())} 个。导入会用表中的行替换该项目现有的绩效指标和预算明细，"
                "可以用“撤销”恢复。")
        if plan.skipped_rows:
            text += f"\n只导入当前项目：其他项目的 {plan.skipped_rows} 行没有导入。"
        return text


def _view(model: ColumnsTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)   # a list to read: ↑↓ move in it, Tab goes on to the buttons
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class XlsxFlow:
    """The steps of 导出Excel / 导入Excel; each dialog a method so a test can answer it."""

    def __init__(self, parent: QWidget | None, session: Session):
        self.parent, self.session = parent, session

    def export(self) -> Path | None:
        target = self.ask_save_path(suggested_xlsx(self.session))
        if target is None:
            return None
        try:
            export_xlsx(self.session.doc, target)
        except UserError as exc:
            self.warn("导出Excel", exc.message)
            return None
        self.inform("导出Excel", f"已导出：\n{target}\n\n每张申报表一个工作表；“绩效指标”“预算明细”两张清单可修改后"
                                 "用“导入Excel”读回。")
        return target

    def import_(self, node=None) -> ApplyResult | None:
        source = self.ask_open_path(suggested_xlsx(self.session).parent)
        if source is None:
            return None
        try:
            plan = read_xlsx(source, self.session.doc, only=node)
        except UserError as exc:
            self.warn("导入Excel", exc.message)
            return None
        if not self.preview(plan):
            return None
        result = apply_import(self.session, plan)
        text = f"已导入 {len(result.applied)} 个项目的绩效指标和预算明细（可撤销）。"
        if result.session_refusals:
            text += "\n以下单元格未导入：\n" + "\n".join(r.message for r in result.session_refusals[:10])
        self.inform("导入Excel", text)
        return result

    # dialogs a test replaces
    def ask_save_path(self, suggested: Path) -> Path | None:
        return file_dialogs.ask_save(self.parent, "导出Excel", suggested, XLSX_FILTER, ".xlsx")

    def ask_open_path(self, folder: Path) -> Path | None:
        return file_dialogs.ask_open(self.parent, "导入Excel", XLSX_FILTER, folder)

    def preview(self, plan: XlsxImport) -> bool:
        return XlsxPreviewDialog(plan, self.parent).exec() == QDialog.DialogCode.Accepted

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)


def export_xlsx_from_window(parent: QWidget | None, session: Session) -> Path | None:
    """导出Excel of the open document; the path written, or None."""
    return XlsxFlow(parent, session).export() if session is not None else None


def import_xlsx_from_window(parent: QWidget | None, session: Session,
                            node: Department | Node | None = None) -> ApplyResult | None:
    """导入Excel into the open document after a preview; with ``node`` (a department, project or sub-project)
    only the forms at or below it. None when cancelled."""
    if session is None:
        return None
    if session.readonly:
        QMessageBox.warning(parent, "导入Excel", "文件以只读方式打开，不能导入：请用“另存为”保存一份副本后再导入。")
        return None
    return XlsxFlow(parent, session).import_(node)
