"""The exchange in the window: 导入/汇总 for a folder of received files, 导出报送文件, 导出/导入Excel."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableView

from g60desk.cli import main
from g60desk.exchange.submit import CheckCounts, SubmitResult, last_submission, override_reason_of, submit
from g60desk.qt.exchange.merge_window import PENDING, MergeWindow, open_merge_window
from g60desk.qt.exchange.submit_dialog import SubmitDialog, SubmitFlow, submit_from_window
from g60desk.qt.exchange.xlsx_dialogs import (
    XlsxFlow,
    XlsxPreviewDialog,
    export_xlsx_from_window,
    import_xlsx_from_window,
)
from g60desk.services.session import Session
from g60desk.store import Store

CENTRE = "上海市松江区长三角G60科创走廊创新研究中心"


def new_file(path: Path, department: str) -> Path:
    assert main(["new", str(path), "--year", "2026", "--department", department]) == 0
    return path


def load(path: Path):
    with Store.open(path, readonly=True) as store:
        return store.load()


@pytest.fixture
def inbox(tmp_path, sample_copy) -> Path:
    """A folder as the bureau saves email attachments: two good submissions and two broken files."""
    folder = tmp_path / "收件"
    folder.mkdir()
    submit(sample_copy("2026"), folder / "a_研究中心.g60", "成本指标上限按批复")
    submit(new_file(tmp_path / "t.g60", "测试局"), folder / "b_测试局.g60")
    (folder / "c_空文件.g60").write_bytes(b"")
    (folder / "d_乱码.g60").write_bytes(random.Random(3).randbytes(4096))
    (folder / "说明.txt").write_text("不是报送文件", encoding="utf-8")
    return folder


@pytest.fixture
def merge_window(qtbot, monkeypatch):
    opened, warnings = [], []
    monkeypatch.setattr(MergeWindow, "open_file", lambda self, path: opened.append(path))
    monkeypatch.setattr(MergeWindow, "warn", lambda self, title, text: warnings.append(text))
    window = MergeWindow()
    qtbot.addWidget(window)
    window.show()
    window.opened, window.warnings = opened, warnings
    return window


def cell(model, row: int, column: int) -> str:
    return model.index(row, column).data()


def test_the_merge_window_lists_results_for_a_folder(merge_window, inbox, tmp_path, qtbot, qtmodeltester):
    window = merge_window
    assert window.add_paths([inbox]) == 4                       # the .txt is not a submission
    model = window.results_model
    assert [cell(model, r, model.STATUS) for r in range(4)] == [PENDING] * 4
    assert not window.merge_button.isEnabled()                  # no bureau file chosen yet
    window.set_output(tmp_path / "财政局汇总")
    assert window.merge_button.isEnabled()
    qtbot.mouseClick(window.merge_button, Qt.MouseButton.LeftButton)
    assert window.last_report is not None and window.warnings == []
    statuses = [cell(model, r, model.STATUS) for r in range(4)]
    assert statuses == ["已导入", "已导入", "未导入", "未导入"]
    assert cell(model, 0, model.DEPARTMENTS) == CENTRE and cell(model, 0, model.FORMS) == "6"
    assert cell(model, 0, model.TOTAL) == "2,879,650.00"
    assert cell(model, 0, model.DIGEST) == window.last_report.results[0].short_digest
    assert "空" in cell(model, 2, model.REASON) and "c_空文件.g60" in cell(model, 2, model.REASON)
    window.results_view.selectRow(3)
    assert "d_乱码.g60" in window.details.toPlainText() and "未导入" in window.details.toPlainText()
    assert (tmp_path / "财政局汇总.g60").is_file()
    qtmodeltester.check(model)

    # 汇总 with drill-down into a department's forms
    departments = window.departments_model
    assert departments.rowCount() == 3                            # two departments and 合计
    assert cell(departments, 2, 0) == "合计（2 个部门）"
    assert cell(departments, 0, 5) == "287.97"
    window.show_department(0)
    assert window.forms_model.rowCount() == 6
    assert cell(window.forms_model, 0, 1) == "金融赋能"
    qtmodeltester.check(departments)
    qtmodeltester.check(window.forms_model)


def test_print_and_excel_of_the_consolidation(merge_window, inbox, tmp_path, monkeypatch):
    window = merge_window
    window.set_output(tmp_path / "b.g60")
    window.add_paths([inbox])
    window.run_merge()
    monkeypatch.setattr(MergeWindow, "ask_save_path", lambda self, title, suggested, f: tmp_path / suggested.name)
    pdf = window.print_consolidation()
    assert pdf.name == "2026_绩效目标申报汇总表.pdf" and pdf.read_bytes().startswith(b"%PDF")
    assert window.opened == [pdf]
    xlsx = window.export_consolidation()
    assert xlsx.is_file() and xlsx.suffix == ".xlsx"


def test_files_dropped_on_the_window_are_listed(merge_window, inbox):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(inbox / "a_研究中心.g60")), QUrl.fromLocalFile(str(inbox))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    merge_window.dropEvent(event)
    assert merge_window.results_model.rowCount() == 4           # the file once, then the rest of the folder


def test_a_second_merge_adds_to_the_same_bureau_file(merge_window, inbox, tmp_path):
    window = merge_window
    window.set_output(tmp_path / "b.g60")
    window.add_paths([inbox / "a_研究中心.g60"])
    window.run_merge()
    window.add_paths([inbox / "b_测试局.g60"])
    assert window.results_model.pending() == [inbox / "b_测试局.g60"]
    window.run_merge()
    assert [cell(window.results_model, r, 1) for r in range(2)] == ["已导入", "已导入"]
    assert window.departments_model.rowCount() == 3


def test_open_merge_window_shows_a_window(qtbot):
    window = open_merge_window(None)
    qtbot.addWidget(window)
    assert window.isVisible() and window.acceptDrops()


# ---- 导出报送文件 ----------------------------------------------------------------------------------

class Answered(SubmitFlow):
    """SubmitFlow with the clerk's answers instead of dialogs."""

    def __init__(self, parent, session, accept=True, reason=None, target=None):
        super().__init__(parent, session)
        self.answer, self.reason, self.target = accept, reason, target
        self.counts: CheckCounts | None = None
        self.opened: list[Path] = []
        self.shown: list[SubmitResult] = []
        self.warnings: list[str] = []

    def confirm(self, counts):
        self.counts = counts
        return self.answer, self.reason

    def ask_target(self, suggested):
        self.suggested = suggested
        return self.target or suggested

    def open_folder(self, folder):
        self.opened.append(folder)

    def show_result(self, result):
        self.shown.append(result)

    def warn(self, title, text):
        self.warnings.append(text)


def test_submit_from_the_window_writes_the_copy_and_shows_its_folder(tmp_path):
    session = Session.open(new_file(tmp_path / "t.g60", "测试局"))
    try:
        flow = Answered(None, session)
        result = flow.run()
        assert flow.suggested == tmp_path / "2026_测试局_绩效目标申报.g60"
        assert result.out_path.is_file() and flow.opened == [tmp_path] and flow.shown == [result]
        assert session.doc.history[-1] == result.entry                    # the open document follows
        assert last_submission(load(result.out_path)) == result.entry
    finally:
        session.close()


def test_submit_with_errors_needs_a_reason(sample_copy, tmp_path):
    session = Session.open(sample_copy("2022"))
    try:
        cancelled = Answered(None, session, accept=False)
        assert cancelled.run() is None and cancelled.counts.errors == 3
        assert not list(tmp_path.glob("2022_*"))
        flow = Answered(None, session, reason="金额以区财政批复为准", target=tmp_path / "out.g60")
        result = flow.run()
        assert override_reason_of(last_submission(load(tmp_path / "out.g60"))) == "金额以区财政批复为准"
        assert result.accept_errors_reason == "金额以区财政批复为准"
        refused = Answered(None, session, reason=None, target=tmp_path / "out2.g60")
        assert refused.run() is None and "3 条错误" in refused.warnings[0]
        assert not (tmp_path / "out2.g60").exists()
    finally:
        session.close()


def test_the_submit_dialog_enables_export_only_with_a_reason(qtbot, sample_files):
    from g60desk.exchange.submit import run_checks
    counts = run_checks(load(sample_files["2022"]))
    dialog = SubmitDialog(counts)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "错误 3 条" in dialog.summary.text()
    dialog.reason.setPlainText("已与财政局沟通")
    assert ok.isEnabled() and dialog.reason_text() == "已与财政局沟通"
    clean = SubmitDialog(CheckCounts())
    qtbot.addWidget(clean)
    assert clean.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled() and clean.reason.isHidden()


def test_submit_from_window_without_a_document_does_nothing():
    assert submit_from_window(None, None) is None


# ---- Excel -------------------------------------------------------------------------------------------

def test_excel_export_and_import_from_the_window(sample_copy, tmp_path, monkeypatch, qtbot, qtmodeltester):
    session = Session.open(sample_copy("2022"))
    informed, previews = [], []
    monkeypatch.setattr(XlsxFlow, "inform", lambda self, title, text: informed.append(text))
    monkeypatch.setattr(XlsxFlow, "ask_save_path", lambda self, suggested: tmp_path / suggested.name)
    workbook = tmp_path / "2022_上海市松江区科创发展办公室_绩效目标申报.xlsx"
    monkeypatch.setattr(XlsxFlow, "ask_open_path", lambda self, folder: workbook)

    def preview(self, plan):
        dialog = XlsxPreviewDialog(plan)
        qtbot.addWidget(dialog)
        qtmodeltester.check(dialog.preview_model)
        previews.append(dialog)
        return True
    monkeypatch.setattr(XlsxFlow, "preview", preview)
    try:
        written = export_xlsx_from_window(None, session)
        assert written.name == "2022_上海市松江区科创发展办公室_绩效目标申报.xlsx" and written.is_file()
        node = session.doc.departments[0].projects[1]
        before = [(i.name, i.value) for i in node.form.indicators]
        session.remove_indicators(node, [0, 1])
        result = import_xlsx_from_window(None, session, node)
        assert [n.node for n in result.applied] == [node]
        assert [(i.name, i.value) for i in node.form.indicators] == before
        dialog = previews[0]
        assert dialog.preview_model.rowCount() == 1 and dialog.ok_button.isEnabled()
        assert "替换" in dialog.preview_model.index(0, 4).data()
        assert "已导入 1 个项目" in informed[-1]
    finally:
        session.close()


def test_the_preview_lists_refused_cells_and_blocks_their_form(sample_files, tmp_path, qtbot, qtmodeltester):
    from openpyxl import load_workbook

    from g60desk.exchange.xlsx import INDICATOR_SHEET, export_xlsx
    from g60desk.exchange.xlsx_import import read_xlsx
    doc = load(sample_files["2022"])
    path = export_xlsx(doc, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book[INDICATOR_SHEET]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=4).value == "时效指标")
    for col in range(6, 11):
        sheet.cell(row=row, column=col).value = None
    sheet.cell(row=row, column=9).value = 44561
    book.save(path)
    dialog = XlsxPreviewDialog(read_xlsx(path, doc))
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.refused_model)
    assert dialog.refused_model.rowCount() == 1
    assert "日期序号" in dialog.refused_model.index(0, 4).data()
    assert dialog.preview_model.index(0, 4).data().startswith("不导入")
    assert dialog.ok_button.text() == "导入 1 个项目"          # the other form still goes in
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    view = dialog.findChild(QTableView, "previewView")
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Tab)                     # a list to read: Tab leaves it for the buttons
    assert QApplication.focusWidget() is not view


def test_a_bureau_file_open_in_another_window_is_not_written(merge_window, inbox, tmp_path):
    from g60desk.store.lock import WriterLock
    out = tmp_path / "b.g60"
    merge_window.set_output(out)
    merge_window.add_paths([inbox / "a_研究中心.g60"])
    merge_window.run_merge()
    before = out.read_bytes()
    elsewhere = WriterLock(out)
    assert elsewhere.try_acquire()
    try:
        merge_window.add_paths([inbox / "b_测试局.g60"])
        assert merge_window.run_merge() is None
        assert "正在" in merge_window.warnings[-1]
        assert out.read_bytes() == before
    finally:
        elsewhere.release()


def test_typing_the_bureau_file_a_character_at_a_time_never_fails(merge_window, inbox, tmp_path, qtbot):
    # "/" (or "C:" on Windows) names no file yet: the window waited for the name instead of failing at once
    window = merge_window
    window.add_paths([inbox])
    target = f"{tmp_path}/汇总/"
    window.output_edit.clear()
    for i in range(1, len(target) + 1):
        window.output_edit.setText(target[:i])
        assert window.merge_button.isEnabled() == (window.output_path() is not None)
    assert window.output_path() is None and not window.merge_button.isEnabled()   # a folder, still no name
    qtbot.keyClicks(window.output_edit, "2026")
    assert window.output_path() == tmp_path / "汇总" / "2026.g60" and window.merge_button.isEnabled()
    window.set_output(str(tmp_path))                                               # an existing folder
    assert window.output_path() is None and not window.merge_button.isEnabled()


def test_the_result_columns_show_their_whole_headings(merge_window, inbox):
    view = merge_window.results_view
    header = view.horizontalHeader()
    merge_window.add_paths([inbox])
    for column in range(view.model().columnCount() - 1):        # the last one stretches
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), \
            view.model().headerData(column, Qt.Orientation.Horizontal)


def test_the_bureau_chooses_yuan_or_wan_for_the_consolidation(merge_window, inbox, tmp_path):
    window = merge_window
    window.set_output(tmp_path / "b.g60")
    window.add_paths([inbox])
    window.run_merge()
    departments = window.departments_model
    assert cell(departments, 0, 5) == "287.97"
    assert departments.headerData(5, Qt.Orientation.Horizontal) == "年度资金申请总额（万元）"
    window.unit_box.setCurrentIndex(window.unit_box.findData("yuan"))
    assert cell(departments, 0, 5) == "2,879,650.00"
    assert departments.headerData(5, Qt.Orientation.Horizontal) == "年度资金申请总额（元）"
    assert "元。" in window.summary_label.text() and window.consolidation.unit == "yuan"


def test_a_pdf_no_program_can_open_is_named_with_its_folder(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from g60desk.qt import file_dialogs
    said: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)     # no PDF reader on this PC
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    pdf = tmp_path / "2026_绩效目标申报汇总表.pdf"
    assert file_dialogs.show_on_desktop(None, pdf, "汇总表 PDF") is False
    assert said and str(pdf) in said[0] and "没有能打开它的程序" in said[0]


def test_a_submission_in_doubt_is_shown_and_the_bureau_can_choose_it(merge_window, inbox, tmp_path, qtbot):
    """A file claiming a submission in 2099 does not replace the one imported: 待确认, both described,
    and 改用这一份 makes it the department's data (issue 14 §4)."""
    import os
    import sqlite3
    import time

    from g60desk.domain.serialize import digest
    genuine = inbox / "a_研究中心.g60"
    odd = tmp_path / "改过日期.g60"
    odd.write_bytes(genuine.read_bytes())
    conn = sqlite3.connect(odd)
    conn.execute("UPDATE form SET annual_request_fen = annual_request_fen + 100 WHERE annual_request_fen = 78000000")
    conn.execute("UPDATE history SET time = '2099-12-31T00:00:00' WHERE kind = 'submit'")
    conn.commit()
    conn.close()
    later = time.time() + 5
    os.utime(odd, (later, later))
    out = tmp_path / "b.g60"
    merge_window.set_output(out)
    merge_window.add_paths([genuine])
    merge_window.run_merge()
    merge_window.add_paths([odd])
    merge_window.run_merge()
    model, view = merge_window.results_model, merge_window.results_view
    assert cell(model, 1, model.STATUS) == "待确认"
    view.setCurrentIndex(model.index(1, 0))
    details = merge_window.details.toPlainText()
    assert "2099-12-31" in details and "已导入的一份" in details and "改用这一份" in details
    button = merge_window.prefer_button
    assert button.isEnabled()
    assert digest(load(out)) != digest(load(odd))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert cell(model, 1, model.STATUS) == "重复" and not button.isEnabled()
    bureau = load(out)
    assert bureau.departments[0].projects[0].children[0].form.funding.annual_request_fen == 78000100
    view.setCurrentIndex(model.index(0, 0))
    assert not button.isEnabled()
