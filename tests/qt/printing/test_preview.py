"""打印预览, 打印 and 导出PDF from the window, offscreen: the dialog, page navigation, zoom, a printer."""
from __future__ import annotations

import shutil
import subprocess

import pytest

pytest.importorskip("PySide6.QtPdf")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtPdfWidgets import QPdfView  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog  # noqa: E402

from g60desk import settings  # noqa: E402
from g60desk.exchange.samples import sample_document  # noqa: E402
from g60desk.qt.printing import preview as printing  # noqa: E402
from g60desk.report import PrintOptions, render_pdf  # noqa: E402

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) not installed")

#: the offscreen platform cannot resize a native window to its size hints and says so (not our fault)
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("qtprint") / "sample2026.pdf"
    render_pdf(sample_document("2026"), path, options=PrintOptions(prefer_system_font=False))
    return path


@pytest.fixture
def messages(monkeypatch):
    shown = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, _k=kind: shown.append((_k, text)))
    return shown


@pytest.fixture
def preview(qtbot, sample_pdf):
    dialog = printing.PrintPreviewDialog(sample_pdf)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pdf_pages(path) -> int:
    doc = QPdfDocument()
    doc.load(str(path))
    try:
        return doc.pageCount()
    finally:
        doc.close()


def test_the_preview_shows_every_page_of_the_2026_sample(preview):
    assert preview.page_count() == 13
    assert isinstance(preview.view, QPdfView) and preview.view.document() is preview.document
    assert preview.page_label.text() == "/ 共 13 页"
    assert preview.current_page() == 0 and preview.page_box.value() == 1
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()


def test_page_navigation_with_the_buttons_and_the_page_box(qtbot, preview):
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.current_page() == 1)
    assert preview.page_box.value() == 2
    preview.page_box.setValue(13)
    qtbot.waitUntil(lambda: preview.current_page() == 12)
    assert not preview.next_button.isEnabled()
    qtbot.mouseClick(preview.previous_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.current_page() == 11)
    preview.go_to_page(99)
    assert preview.current_page() == 12


def test_zoom_in_out_and_fit(qtbot, preview):
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth and preview.zoom_label.text() == "适合宽度"
    preview.set_zoom(1.0)
    qtbot.mouseClick(preview.findChild(type(preview.next_button), "zoomIn"), Qt.MouseButton.LeftButton)
    assert preview.zoom_factor() == pytest.approx(1.25)
    assert preview.zoom_label.text() == "125%"
    preview.zoom_out()
    preview.zoom_out()
    assert preview.zoom_factor() == pytest.approx(0.8)
    for _ in range(20):
        preview.zoom_out()
    assert preview.zoom_factor() == pytest.approx(printing.ZOOM_MIN)
    preview.fit_page()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitInView and preview.zoom_label.text() == "整页"
    fitted = preview.zoom_factor()
    assert 0.1 < fitted < 2
    preview.zoom_in()  # from the scale shown, not from 100 %
    assert preview.zoom_factor() == pytest.approx(max(printing.ZOOM_MIN, fitted * 1.25))
    preview.fit_width()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_zooming_keeps_the_page_in_view(qtbot, preview):
    preview.go_to_page(2)
    qtbot.waitUntil(lambda: preview.current_page() == 2)
    for change in (preview.fit_page, preview.zoom_in, preview.zoom_in, preview.fit_width, preview.zoom_out):
        change()
        qtbot.wait(50)
        assert preview.current_page() == 2 and preview.page_box.value() == 3


def file_printer(path, copies: int = 1) -> QPrinter:
    printer = printing.configured_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setCopyCount(copies)
    return printer


def test_printing_to_a_pdf_printer_sends_every_page(qtbot, sample_pdf, tmp_path):
    doc = QPdfDocument()
    doc.load(str(sample_pdf))
    out = tmp_path / "printed.pdf"
    assert printing.print_document(file_printer(out), doc) == 13
    doc.close()
    assert pdf_pages(out) == 13


def test_a_page_range_prints_only_those_pages(qtbot, sample_pdf, tmp_path):
    doc = QPdfDocument()
    doc.load(str(sample_pdf))
    printer = file_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(3, 4)
    assert printing.pages_to_print(printer, 13) == [2, 3]
    assert printing.print_document(printer, doc) == 2
    doc.close()
    assert pdf_pages(tmp_path / "range.pdf") == 2


@needs_poppler
def test_the_printed_page_carries_the_form(qtbot, sample_pdf, tmp_path):
    doc = QPdfDocument()
    doc.load(str(sample_pdf))
    printer = file_printer(tmp_path / "form.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(3, 3)
    printing.print_document(printer, doc)
    doc.close()
    png = tmp_path / "form"
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", "-singlefile", str(tmp_path / "form.pdf"), str(png)],
                   check=True)
    from PIL import Image
    with Image.open(png.with_suffix(".png")) as image:
        dark = sum(image.convert("L").histogram()[:128])
    assert dark > 500  # the grid and its text are on paper, not a blank page


class FakePrintDialog:
    """Stands for the system dialog: the clerk picks a file printer, pages 1–2 and 2 copies, then 打印."""

    PrintDialogOption = printing.QPrintDialog.PrintDialogOption
    target = None

    def __init__(self, printer, parent=None):
        self.printer = printer

    def setWindowTitle(self, title):  # noqa: N802 - Qt's names
        pass

    def setMinMax(self, low, high):  # noqa: N802
        self.range = (low, high)

    def setOption(self, option, on=True):  # noqa: N802
        pass

    def exec(self):
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(FakePrintDialog.target))
        self.printer.setCopyCount(2)
        self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
        self.printer.setFromTo(1, 2)
        return QDialog.DialogCode.Accepted


def test_print_remembers_the_copies(qtbot, preview, tmp_path, monkeypatch):
    FakePrintDialog.target = tmp_path / "two-copies.pdf"
    monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
    assert settings.get("print.copies") == 1
    assert preview.print_() is True
    assert settings.get("print.copies") == 2
    assert printing.configured_printer().copyCount() == 2
    pages = pdf_pages(FakePrintDialog.target)
    assert pages in (2, 4)  # the PDF driver may print copies itself or leave them to us


def test_a_cancelled_print_dialog_prints_nothing(qtbot, preview, monkeypatch):
    class Cancel(FakePrintDialog):
        def exec(self):
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(printing, "QPrintDialog", Cancel)
    assert preview.print_() is False


def test_open_print_preview_makes_and_shows_the_pdf(qtbot, messages):
    dialog = printing.open_print_preview(None, sample_document("2026"))
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.page_count() == 13
    assert "13" in dialog.windowTitle()
    folder = dialog.pdf_path.parent
    assert folder.is_dir()
    dialog.close()
    qtbot.waitUntil(lambda: not folder.exists())
    assert messages == []


def test_preview_of_chosen_nodes(qtbot):
    dialog = printing.open_print_preview(None, sample_document("2026"),
                                         [("上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设", "政策研究")])
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 2
    assert dialog.suggested_name == "政策研究2026年绩效目标申报表.pdf"
    dialog.close()


def test_export_pdf_writes_where_the_clerk_chose(qtbot, tmp_path, monkeypatch, messages):
    chosen = tmp_path / "申报材料"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), printing.PDF_FILTER))
    path = printing.export_pdf(None, sample_document("2022"))
    assert path == tmp_path / "申报材料.pdf"  # the extension is added
    assert pdf_pages(path) == 9
    assert messages and messages[-1][0] == "information" and "9 页" in messages[-1][1]


def test_export_pdf_cancelled_in_the_file_dialog(qtbot, monkeypatch, messages):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert printing.export_pdf(None, sample_document("2022")) is None
    assert messages == []


def test_export_from_the_preview_copies_the_shown_pdf(qtbot, preview, tmp_path, monkeypatch, messages):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "copy.pdf"), printing.PDF_FILTER))
    assert preview.export() == tmp_path / "copy.pdf"
    assert (tmp_path / "copy.pdf").read_bytes() == preview.pdf_path.read_bytes()


def test_cancel_during_rendering_leaves_no_file(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    target = tmp_path / "cancelled.pdf"
    assert printing.render_with_progress(None, sample_document("2026"), target) is None
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_node_is_explained(qtbot, tmp_path, messages):
    assert printing.render_with_progress(None, sample_document("2026"), tmp_path / "x.pdf",
                                         [("上海市松江区长三角G60科创走廊创新研究中心", "没有")]) is None
    assert messages[-1][0] == "warning" and "没有" in messages[-1][1]


def test_suggested_names():
    doc = sample_document("2026")
    assert printing.suggested_pdf_name(doc) == "上海市松江区长三角G60科创走廊创新研究中心2026年绩效目标申报材料.pdf"


def test_the_window_menu_opens_the_preview(qtbot, qapp, sample_copy, messages):
    """打印预览 of the main window reaches this module (the window engineer's menu entry)."""
    from g60desk.qt.shell.app import configure_application
    from g60desk.qt.shell.main_window import MainWindow

    configure_application(qapp)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(sample_copy("2026"))
    window.form.actionPrintPreview.trigger()
    previews = [w for w in qapp.topLevelWidgets() if isinstance(w, printing.PrintPreviewDialog) and w.isVisible()]
    assert len(previews) == 1 and previews[0].page_count() == 13
    previews[0].close()
    window.close()


def test_the_preview_fits_the_screen_it_opens_on(preview):
    # 900×1000 is wanted, but a 1366×768 laptop (or the test platform's smaller screen) must show its lower edge
    available = preview.screen().availableGeometry()
    assert preview.width() == min(900, available.width() - 16)
    assert preview.height() == min(1000, available.height() - 48)
    assert preview.height() < available.height()
