"""财政局 导入/汇总 window: choose received files (several, a folder, or drop them), import them into the
bureau file, see one row per file (imported / refused with the reason / duplicate with what changed), and
the 汇总 by department with drill-down into a department's forms; 打印汇总 (PDF) and 导出Excel."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.money import UNIT_WORDS, format_yuan
from ...domain.serialize import short_digest
from ...errors import UserError
from ...exchange.consolidation import (
    AMOUNT_HEADING,
    Consolidation,
    DepartmentRow,
    amount_text,
    consolidate,
    total_text,
    write_xlsx,
)
from ...exchange.merge import InputResult, MergeReport, files_in_folder, merge
from ...services.documents import being_written, load_readonly
from .. import file_dialogs
from ..shell import settings_state
from .columns_model import ColumnsTableModel

FILE_FILTER = "报送文件 (*.g60);;所有文件 (*)"
PENDING = "待导入"
STATUS_COLORS = {"imported": "#1B7F3B", "refused": "#B00020", "duplicate": "#9A6700"}
Index = QModelIndex | QPersistentModelIndex


class ResultsModel(ColumnsTableModel):
    """One row per input file: pending, then its result after 导入."""

    COLUMNS = ("文件", "状态", "部门", "年度", "申报表", "年度资金申请总额（元）", "错误", "警告", "校验码", "说明")
    FILE, STATUS, DEPARTMENTS, YEAR, FORMS, TOTAL, ERRORS, WARNINGS, DIGEST, REASON = range(10)
    ResultRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.paths: list[Path] = []
        self.results: dict[int, InputResult] = {}

    def row_count(self) -> int:
        return len(self.paths)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        result = self.results.get(index.row())
        if role == self.ResultRole:
            return result
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), index.column(), result)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (self.FILE, self.REASON):
            return str(self.paths[index.row()]) if index.column() == self.FILE else (result.reason if result else None)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.STATUS and result is not None:
            return QBrush(QColor(STATUS_COLORS[result.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and self.YEAR <= index.column() <= self.WARNINGS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: int, column: int, result: InputResult | None) -> str:
        if column == self.FILE:
            return self.paths[row].name or str(self.paths[row])
        if result is None:
            return PENDING if column == self.STATUS else ""
        has_content = bool(result.departments)
        values = {
            self.STATUS: result.status_label,
            self.DEPARTMENTS: "、".join(result.departments),
            self.YEAR: str(result.budget_year) if has_content else "",
            self.FORMS: str(result.forms) if has_content else "",
            self.TOTAL: format_yuan(result.total_fen, "thousands2") if has_content else "",
            self.ERRORS: str(result.errors) if has_content else "",
            self.WARNINGS: str(result.warnings) if has_content else "",
            self.DIGEST: result.short_digest,
            self.REASON: result.reason,
        }
        return values[column]

    def add_paths(self, paths: list[Path]) -> int:
        """Add files not listed yet; returns how many were added."""
        def key(path: Path) -> Path:
            return path.resolve() if path.exists() else path
        known = {key(p) for p in self.paths}
        new = []
        for path in paths:
            if key(path) not in known:
                known.add(key(path))
                new.append(path)
        if new:
            self.beginInsertRows(QModelIndex(), len(self.paths), len(self.paths) + len(new) - 1)
            self.paths += new
            self.endInsertRows()
        return len(new)

    def clear(self) -> None:
        self.beginResetModel()
        self.paths, self.results = [], {}
        self.endResetModel()

    def pending(self) -> list[Path]:
        return [p for i, p in enumerate(self.paths) if i not in self.results]

    def set_results(self, report: MergeReport) -> None:
        pending = [i for i in range(len(self.paths)) if i not in self.results]
        for row, result in zip(pending, report.results):   # merge reports in the order it was given
            self.results[row] = result
        if self.paths:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.paths) - 1, len(self.COLUMNS) - 1))


class DepartmentsModel(ColumnsTableModel):
    """The 汇总 by department (a last row of 合计)."""

    COLUMNS = ("部门", "项目", "申报表", "绩效指标", "预算明细", "年度资金申请总额（万元）", "错误", "警告", "校验码")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.consolidation: Consolidation | None = None

    def set_consolidation(self, consolidation: Consolidation | None) -> None:
        self.beginResetModel()
        self.consolidation = consolidation
        self.endResetModel()

    def row_count(self) -> int:
        return 0 if self.consolidation is None else len(self.consolidation.departments) + 1

    def department(self, row: int) -> DepartmentRow | None:
        if self.consolidation is None or not 0 <= row < len(self.consolidation.departments):
            return None
        return self.consolidation.departments[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.consolidation is None:
            return None
        dept = self.department(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if dept is None:
                c = self.consolidation
                return self._cells(f"合计（{len(c.departments)} 个部门）", sum(len(d.projects) for d in c.departments),
                                   c.totals, "")[index.column()]
            code = dept.digest and (short_digest(dept.digest) + ("" if dept.digest_matches else " 导入后已改动"))
            return self._cells(dept.name, len(dept.projects), dept.figures, code or "")[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= index.column() <= 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and dept is None:
            font = QApplication.font()
            font.setBold(True)
            return font
        return None

    def _cells(self, name: str, projects: int, f, code: str) -> tuple[str, ...]:
        c = self.consolidation
        assert c is not None   # rows exist only once there is a 汇总
        if f is c.totals:   # the 合计 says when the departments shown above add up to another figure
            amount = total_text(f.total_fen, [d.figures.total_fen for d in c.departments], c.unit)
        else:
            amount = amount_text(f.total_fen, c.unit)
        return (name, str(projects), str(f.forms), str(f.indicators), str(f.budget_lines),
                amount, str(f.errors), str(f.warnings), code)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 5
                and self.consolidation is not None):
            return AMOUNT_HEADING.format(unit=UNIT_WORDS[self.consolidation.unit])
        return super().headerData(section, orientation, role)


class FormsModel(ColumnsTableModel):
    """Drill-down: the 申报表 of one department."""

    COLUMNS = ("项目", "申报表", "年度资金申请总额（元）", "绩效指标", "预算明细", "错误", "警告")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.department: DepartmentRow | None = None

    def set_department(self, department: DepartmentRow | None) -> None:
        self.beginResetModel()
        self.department = department
        self.endResetModel()

    def row_count(self) -> int:
        return 0 if self.department is None else len(self.department.forms)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.department is None:
            return None
        form = self.department.forms[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            f = form.figures
            return (form.path[1], " › ".join(form.path[2:]) or form.path[1],
                    format_yuan(f.total_fen, "thousands2"), str(f.indicators), str(f.budget_lines),
                    str(f.errors), str(f.warnings))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _table(model: ColumnsTableModel, name: str, stretch_last: bool = True) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)   # a list to read: ↑↓ move in it, Tab goes on to the buttons
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model.modelReset.connect(view.resizeColumnsToContents)
    model.dataChanged.connect(view.resizeColumnsToContents)
    model.rowsInserted.connect(lambda *_: _fit_headings(view))
    view.setWordWrap(False)
    _fit_headings(view)
    return view


def _fit_headings(view: QTableView) -> None:
    """Every column at least as wide as its heading ("年度资金申请总额（元）" was cut), the last one stretching."""
    header = view.horizontalHeader()
    for column in range(view.model().columnCount() - 1):
        heading = header.sectionSizeFromContents(column).width()
        header.resizeSection(column, max(header.sectionSize(column), heading))


class MergeWindow(QMainWindow):
    """导入报送文件 / 汇总 for the 财政局."""

    merged = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导入报送文件 / 汇总")
        self.setAcceptDrops(True)
        self.results_model = ResultsModel(self)
        self.departments_model = DepartmentsModel(self)
        self.forms_model = FormsModel(self)
        self.consolidation: Consolidation | None = None
        self.last_report: MergeReport | None = None
        self._build()
        settings_state.resize_within_screen(self, 1200, 720)

    # ---- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._output_row())
        layout.addLayout(self._input_row())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._results_tab(), "导入结果")
        self.tabs.addTab(self._consolidation_tab(), "汇总")
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self._update_buttons()

    def _output_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("汇总文件："))
        self.output_edit = QLineEdit()
        self.output_edit.setObjectName("outputEdit")
        self.output_edit.setPlaceholderText("选择已有的汇总文件，或输入新文件名（导入时新建）")
        self.output_edit.textChanged.connect(self._output_changed)
        row.addWidget(self.output_edit, 1)
        choose = QPushButton("选择…")
        choose.clicked.connect(self.choose_output)
        row.addWidget(choose)
        return row

    def _input_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_files_button = QPushButton("添加文件…")
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton("添加文件夹…")
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton("清空列表")
        self.clear_button.clicked.connect(self.results_model.clear)
        self.merge_button = QPushButton("导入")
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.run_merge)
        for button in (self.add_files_button, self.add_folder_button, self.clear_button):
            row.addWidget(button)
        hint = QLabel("也可以把文件或文件夹拖到这个窗口里。")
        hint.setStyleSheet("color: gray")
        row.addWidget(hint, 1)
        row.addWidget(self.merge_button)
        self.results_model.rowsInserted.connect(self._update_buttons)
        self.results_model.modelReset.connect(self._update_buttons)
        self.results_model.dataChanged.connect(self._update_buttons)
        return row

    def _results_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.results_view = _table(self.results_model, "resultsView")
        self.results_view.selectionModel().currentRowChanged.connect(self._show_details)
        splitter.addWidget(self.results_view)
        self.details = QPlainTextEdit()
        self.details.setObjectName("detailsText")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("选中一行，查看未导入的原因或重复文件的不同之处。")
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.details)
        row = QHBoxLayout()
        row.addStretch(1)
        # a submission the bureau must decide on (its own dates contradict what the bureau saw): its choice
        self.prefer_button = QPushButton("改用这一份（替换已导入的）")
        self.prefer_button.setObjectName("preferButton")
        self.prefer_button.setEnabled(False)
        self.prefer_button.clicked.connect(self.prefer_selected)
        row.addWidget(self.prefer_button)
        column.addLayout(row)
        splitter.addWidget(lower)
        splitter.setSizes([420, 200])
        return splitter

    def _consolidation_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.summary_label = QLabel("尚未导入。")
        buttons.addWidget(self.summary_label, 1)
        self.print_button = QPushButton("打印汇总")
        self.print_button.clicked.connect(self.print_consolidation)
        self.excel_button = QPushButton("导出Excel")
        self.excel_button.clicked.connect(self.export_consolidation)
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitBox")
        self.unit_box.addItem("金额：万元（两位小数）", "wan")
        self.unit_box.addItem("金额：元（精确）", "yuan")
        self.unit_box.setToolTip("万元按四舍五入显示两位小数，合计与所列各项之和相差舍入尾差时注明“含尾差”；元精确到分。")
        self.unit_box.currentIndexChanged.connect(lambda _i: self.refresh_consolidation(quiet=True))
        buttons.addWidget(self.unit_box)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.excel_button)
        layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.departments_view = _table(self.departments_model, "departmentsView", stretch_last=False)
        self.departments_view.selectionModel().currentRowChanged.connect(self._drill_down)
        splitter.addWidget(self.departments_view)
        self.forms_view = _table(self.forms_model, "formsView", stretch_last=False)
        splitter.addWidget(self.forms_view)
        layout.addWidget(splitter)
        return page

    def _update_buttons(self, *args) -> None:
        self.merge_button.setEnabled(bool(self.results_model.pending()) and self.output_path() is not None)
        has = self.consolidation is not None
        self.print_button.setEnabled(has)
        self.excel_button.setEnabled(has)

    # ---- choosing --------------------------------------------------------------------------------
    def output_path(self) -> Path | None:
        """The 汇总文件 typed or chosen (".g60" added when missing); None while the text names no file yet — it
        is typed a character at a time: "C:", "/", "D:\\汇总\\" come before the name."""
        text = self.output_edit.text().strip()
        path = Path(text)
        if not text or path.name in ("", ".", "..") or text.endswith(("/", "\\")) or path.is_dir():
            return None
        return path if path.suffix.lower() == ".g60" else path.with_name(path.name + ".g60")

    def set_output(self, path: str | Path) -> None:
        self.output_edit.setText(str(path))

    def _output_changed(self, _text: str) -> None:
        self._update_buttons()
        path = self.output_path()
        if path is not None and path.is_file():
            self.refresh_consolidation(quiet=True)

    def choose_output(self) -> None:
        current = self.output_edit.text().strip()
        path = file_dialogs.ask_save(self, "汇总文件（已有的或新建）", current or "汇总.g60", FILE_FILTER, ".g60",
                                     confirm_overwrite=False)
        if path is not None:
            self.set_output(str(path))

    def choose_files(self) -> None:
        self.add_paths(file_dialogs.ask_open_many(self, "选择报送文件", FILE_FILTER))

    def choose_folder(self) -> None:
        folder = file_dialogs.ask_folder(self, "选择存放报送文件的文件夹")
        if folder is not None:
            self.add_paths([folder])

    def add_paths(self, paths: list[Path]) -> int:
        """Files as given; a folder stands for the .g60 files directly inside it."""
        expanded: list[Path] = []
        for path in paths:
            if path.is_dir():
                found = files_in_folder(path)
                if not found:
                    self.statusBar().showMessage(f"文件夹“{path.name}”中没有 .g60 文件。", 8000)
                expanded += found
            else:
                expanded.append(path)
        output = self.output_path()
        if output is not None:
            expanded = [p for p in expanded if not (p.exists() and output.exists() and p.resolve() == output.resolve())]
        added = self.results_model.add_paths(expanded)
        self.tabs.setCurrentIndex(0)
        return added

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    # ---- importing -------------------------------------------------------------------------------
    def run_merge(self) -> MergeReport | None:
        out = self.output_path()
        pending = self.results_model.pending()
        if out is None or not pending:
            return None
        if out.is_file() and being_written(out):   # merge() takes the writer lock itself; this answers at once
            self.warn("无法导入", f"汇总文件“{out.name}”正在另一个窗口或另一台电脑上打开：请先关闭它再导入。")
            return None
        return self._merge_into(out, pending)

    def _merge_into(self, out: Path, pending: list[Path]) -> MergeReport | None:
        # no 取消 button (None), which PySide6's stub does not allow
        progress = QProgressDialog("正在导入…", None, 0, 2 * len(pending), self)  # type: ignore[call-overload]
        progress.setWindowTitle("导入报送文件")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int, name: str) -> None:
            progress.setValue(done)
            progress.setLabelText(f"正在检查 {name}…" if name else "完成")
            QApplication.processEvents()
        try:
            report = merge(pending, out, progress=step)
        except UserError as exc:
            self.warn("无法导入", exc.message)
            return None
        finally:
            progress.close()
        self.last_report = report
        self.results_model.set_results(report)
        self.statusBar().showMessage(report.summary_line(), 15000)
        self.refresh_consolidation()
        self.merged.emit(report)
        return report

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = self._result_at(current.row()) if current.isValid() else None
        self.details.setPlainText(details_text(result) if result else "")
        self.prefer_button.setEnabled(bool(result and result.in_doubt))

    def _result_at(self, row: int) -> InputResult | None:
        return self.results_model.data(self.results_model.index(row, 0), ResultsModel.ResultRole)

    def prefer_selected(self) -> MergeReport | None:
        """The bureau's choice for a submission in doubt: it replaces the one imported before."""
        row = self.results_view.currentIndex().row()
        result = self._result_at(row) if row >= 0 else None
        out = self.output_path()
        if result is None or not result.in_doubt or out is None:
            return None
        try:
            report = merge([result.path], out, prefer=[result.path])
        except UserError as exc:
            self.warn("无法导入", exc.message)
            return None
        self.results_model.results[row] = report.results[0]
        self.results_model.dataChanged.emit(self.results_model.index(row, 0),
                                            self.results_model.index(row, len(ResultsModel.COLUMNS) - 1))
        self._show_details(self.results_view.currentIndex(), QModelIndex())
        self.statusBar().showMessage(report.summary_line(), 15000)
        self.refresh_consolidation()
        self.merged.emit(report)
        return report

    # ---- 汇总 --------------------------------------------------------------------------------------
    def refresh_consolidation(self, quiet: bool = False) -> Consolidation | None:
        out = self.output_path()
        if out is None or not out.is_file():
            return None
        try:
            doc = load_readonly(out)
        except UserError as exc:
            if not quiet:
                self.warn("无法打开汇总文件", exc.message)
            return None
        self.consolidation = consolidate(doc, unit=self.unit_box.currentData())
        self.consolidation.source = out.name
        self.departments_model.set_consolidation(self.consolidation)
        self.forms_model.set_department(None)
        c = self.consolidation
        total = total_text(c.totals.total_fen, [d.figures.total_fen for d in c.departments], c.unit)
        self.summary_label.setText(f"{c.title}：{len(c.departments)} 个部门，申报表 {c.totals.forms} 张，"
                                   f"年度资金申请总额 {total} {UNIT_WORDS[c.unit]}。")
        self._update_buttons()
        return self.consolidation

    def _drill_down(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.forms_model.set_department(self.departments_model.department(current.row()) if current.isValid() else None)

    def show_department(self, row: int) -> None:
        self.tabs.setCurrentIndex(1)
        self.departments_view.selectRow(row)
        self.forms_model.set_department(self.departments_model.department(row))

    def print_consolidation(self) -> Path | None:
        if self.consolidation is None:
            return None
        target = self.ask_save_path("打印汇总（保存为 PDF）", self._suggested("pdf"), "PDF 文件 (*.pdf)")
        if target is None:
            return None
        from ...report.consolidation import write_pdf  # reportlab loads when the 汇总 is printed
        try:
            write_pdf(self.consolidation, target)
        except (UserError, OSError) as exc:
            self.warn("打印汇总", getattr(exc, "message", str(exc)))
            return None
        self.open_file(target)
        return target

    def export_consolidation(self) -> Path | None:
        if self.consolidation is None:
            return None
        target = self.ask_save_path("导出汇总 Excel", self._suggested("xlsx"), "Excel 文件 (*.xlsx)")
        if target is None:
            return None
        try:
            write_xlsx(self.consolidation, target)
        except UserError as exc:
            self.warn("导出Excel", exc.message)
            return None
        self.statusBar().showMessage(f"已导出 {target}", 10000)
        return target

    def _suggested(self, suffix: str) -> Path:
        out = self.output_path() or Path.home() / "汇总.g60"
        year = self.consolidation.budget_year if self.consolidation else ""
        return out.with_name(f"{year}_绩效目标申报汇总表.{suffix}")

    # ---- dialogs (one place, so tests can answer them) -------------------------------------------
    def ask_save_path(self, title: str, suggested: Path, file_filter: str) -> Path | None:
        return file_dialogs.ask_save(self, title, suggested, file_filter, suggested.suffix)

    def open_file(self, path: Path) -> None:
        file_dialogs.show_on_desktop(self, path, "汇总表 PDF")

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)


def details_text(result: InputResult) -> str:
    lines = [f"{result.path}", f"状态：{result.status_label}"]
    if result.reason:
        lines.append(f"说明：{result.reason}")
    if result.departments:
        lines.append(f"校验码：{result.short_digest}（{result.digest}）")
        lines.append(f"文件时间（财政局看到的）：{result.file_time}；文件自称的报送时间：{result.submitted}"
                     f"（依据：{result.submitted_from}）")
    if result.in_doubt:
        lines.append("待确认：本文件自带的日期与财政局看到的不一致，没有替换已导入的一份；"
                     "核对两份后，如要用本文件，请点“改用这一份”。")
    lines += [f"注意：{note}" for note in result.notes]
    if result.changes:
        lines.append(f"与已导入的一份相比，共 {len(result.changes)} 处不同：")
        lines += [f"  {change}" for change in result.changes]
    return "\n".join(lines)


def open_merge_window(parent: QWidget | None = None) -> MergeWindow:
    """Open (and return) a 导入/汇总 window; it lives until closed."""
    window = MergeWindow(parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is not None:
        window.setWindowFlag(Qt.WindowType.Window)
    window.show()
    return window
