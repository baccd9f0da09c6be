"""文件 → 下一年度申报: one dialog for next year's file made from this one — the year, what happens to the
amounts, the planned dates and the 指标值, whether "2026年" in the texts becomes "2027年", and where to save."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Document
from ...domain.next_year import (
    AMOUNT_CHOICES,
    DATE_CHOICES,
    VALUE_CHOICES,
    NextYearOptions,
    movable,
    next_year_document,
)
from .. import file_dialogs
from .files import FILE_FILTER, SUFFIX


def _combo(choices: dict[str, str], can_move: bool = True, column: str = "") -> QComboBox:
    """The choices; "move" (移入上年列) is shown but cannot be picked when no form's template has such a column."""
    combo = QComboBox()
    for key, text in choices.items():
        combo.addItem(text, key)
        if key == "move" and not can_move:
            item = combo.model().item(combo.count() - 1)   # type: ignore[attr-defined]
            item.setEnabled(False)
            item.setToolTip(f"本文件的申报表所用的模板没有上年的列（如“{column}”），不能移入。")
    return combo


def year_mentions(doc: Document, year: int) -> int:
    """How many "YYYY年" of the document's year its texts hold (what the check box would change)."""
    _, report = next_year_document(doc, year, "", NextYearOptions(years_in_text=True))
    return report.years_replaced


class NextYearDialog(QDialog):
    """``options()``, ``year()`` and ``target()`` after exec() == Accepted."""

    def __init__(self, doc: Document, source: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("下一年度申报")
        self.setObjectName("nextYearDialog")
        self._doc, self._source = doc, source
        self._target_typed = False
        layout = QVBoxLayout(self)
        intro = QLabel(f"用“{source.name}”（{doc.budget_year} 年度）生成下一年度的申报文件：项目树、表头、绩效目标、"
                       "经费情况说明、绩效指标和预算明细全部带入。本文件不变；审核确认记录和报送记录不带入。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(doc.budget_year + 1, doc.budget_year + 10)
        self.year_spin.setValue(doc.budget_year + 1)
        form.addRow("预算年度(&Y)：", self.year_spin)
        move_amounts, move_values = movable(doc)
        self.amounts = _combo(AMOUNT_CHOICES, move_amounts, "上年预算数")
        form.addRow("金额(&M)：", self.amounts)
        self.dates = _combo(DATE_CHOICES)
        form.addRow("计划开始/完成日期(&D)：", self.dates)
        self.values = _combo(VALUE_CHOICES, move_values, "上年实际水平")
        form.addRow("指标值(&V)：", self.values)
        self.years_box = QCheckBox()
        form.addRow("", self.years_box)
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        browse = QPushButton("浏览(&B)…")
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        save_label = QLabel("保存为(&S)：")
        save_label.setBuddy(self.path_edit)
        form.addRow(save_label, path_row)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.year_spin.valueChanged.connect(self._year_changed)
        self.path_edit.textEdited.connect(self._path_edited)
        browse.clicked.connect(self._browse)
        self._year_changed()
        self.setMinimumWidth(620)

    # ---- what was chosen -------------------------------------------------------------------------
    def year(self) -> int:
        return self.year_spin.value()

    def options(self) -> NextYearOptions:
        return NextYearOptions(amounts=self.amounts.currentData(), dates=self.dates.currentData(),
                               values=self.values.currentData(), years_in_text=self.years_box.isChecked())

    def target(self) -> Path | None:
        text = self.path_edit.text().strip()
        return file_dialogs.with_suffix(text, SUFFIX) if text else None

    # ---- reacting --------------------------------------------------------------------------------
    def _year_changed(self) -> None:
        old, new = self._doc.budget_year, self.year()
        count = year_mentions(self._doc, new)
        self.years_box.setText(f"文字中的“{old}年”改为“{new}年”（共 {count} 处）")
        self.years_box.setEnabled(count > 0)
        if not self._target_typed:
            self.path_edit.setText(str(file_dialogs.usable_folder(self._source.parent) / self._suggested_name()))

    def _suggested_name(self) -> str:
        stem = self._source.stem
        old = str(self._doc.budget_year)
        name = stem.replace(old, str(self.year())) if old in stem else f"{self.year()}年{stem}"
        return name + SUFFIX

    def _path_edited(self, _text: str) -> None:
        self._target_typed = True

    def _browse(self) -> None:
        chosen = file_dialogs.ask_save(self, "下一年度申报文件", self.path_edit.text() or self._suggested_name(),
                                       FILE_FILTER, SUFFIX)
        if chosen is not None:
            self._target_typed = True
            self.path_edit.setText(str(chosen))

    def problem(self) -> str | None:
        target = self.target()
        if target is None:
            return "请选择新文件的保存位置。"
        if target.exists():
            return f"“{target.name}”已存在，没有覆盖：请换一个文件名。"
        if not target.parent.is_dir():
            return f"文件夹“{target.parent}”不存在：请选择一个已有的文件夹。"
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return
        super().accept()
