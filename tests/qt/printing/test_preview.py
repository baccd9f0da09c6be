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


def raster(pdf, page: int, folder, name: str, dpi: int = 100):
    """Page ``page`` (1-based) of ``pdf`` as poppler renders it: a grey-scale PIL image."""
    from PIL import Image
    stem = folder / name
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True)
    with Image.open(stem.with_suffix(".png")) as image:
        return image.convert("L")


def mean(image) -> float:
    histogram = image.histogram()
    return sum(value * count for value, count in enumerate(histogram)) / sum(histogram)


def page_figures(image) -> tuple[float, float, float]:
    """(mean brightness 0–255, ink: the share of pixels darker than mid-grey, mean brightness of a 4 % border)."""
    histogram = image.histogram()
    width, height = image.size
    bx, by = max(1, width // 25), max(1, height // 25)
    bands = [image.crop(box) for box in ((0, 0, width, by), (0, height - by, width, height),
                                          (0, 0, bx, height), (width - bx, 0, width, height))]
    return mean(image), sum(histogram[:128]) / sum(histogram), min(mean(band) for band in bands)


def assert_same_page(printed, source) -> None:
    """The printed page is the PDF's page: brightness and ink within a few percent, white paper around it,
    and the ink where the PDF has it."""
    assert abs(printed.size[0] - source.size[0]) <= 2 and abs(printed.size[1] - source.size[1]) <= 2
    printed = printed.resize(source.size)
    brightness, ink, border = page_figures(printed)
    want_brightness, want_ink, _ = page_figures(source)
    assert abs(brightness - want_brightness) <= 0.02 * 255, (brightness, want_brightness)
    assert abs(ink - want_ink) <= max(0.005, 0.15 * want_ink), (ink, want_ink)
    assert border >= 250, border  # white paper at every edge, not a black or grey page
    small = (16, 24)  # tiles of about 13 × 12 mm: each as dark as the PDF's
    differences = [abs(x - y) for x, y in zip(printed.resize(small).tobytes(), source.resize(small).tobytes())]
    assert sum(differences) / len(differences) <= 4 and max(differences) <= 40, differences


@needs_poppler
@pytest.mark.parametrize("page", [1, 3, 13])   # the overview, a 申报表, the last 申报表
def test_the_printed_page_is_the_pdf_page_on_white_paper(qtbot, sample_pdf, tmp_path, page):
    doc = QPdfDocument()
    doc.load(str(sample_pdf))
    printer = file_printer(tmp_path / "printed.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(page, page)
    assert printing.print_document(printer, doc) == 1
    doc.close()
    printed = raster(tmp_path / "printed.pdf", 1, tmp_path, "printed")
    assert_same_page(printed, raster(sample_pdf, page, tmp_path, "source"))


@needs_poppler
def test_a_black_page_fails_the_comparison(sample_pdf, tmp_path):
    """The comparison above cannot pass a solid black page (what 打印 printed before the white fill)."""
    from PIL import Image
    source = raster(sample_pdf, 3, tmp_path, "source")
    with pytest.raises(AssertionError):
        assert_same_page(Image.new("L", source.size, 0), source)
    assert_same_page(source.copy(), source)


@needs_poppler
def test_the_preview_thumbnails_show_the_pages_on_white(qtbot, preview, sample_pdf, tmp_path):
    qtbot.waitUntil(preview.thumbnails_ready)
    assert preview.thumbnails.count() == 13
    from PIL import Image
    for page in (0, 2):
        image = preview.thumbnail_image(page)
        path = tmp_path / f"thumb{page}.png"
        assert image.save(str(path))
        with Image.open(path) as thumb:
            thumb = thumb.convert("L")
        # poppler at the thumbnail's own size (hairlines of a tiny picture are darker than scaled-down ones)
        stem = tmp_path / f"source{page}"
        subprocess.run(["pdftoppm", "-gray", "-png", "-singlefile", "-f", str(page + 1), "-l", str(page + 1),
                        "-scale-to-x", str(thumb.size[0]), "-scale-to-y", str(thumb.size[1]), str(sample_pdf),
                        str(stem)], check=True)
        with Image.open(stem.with_suffix(".png")) as source:
            source = source.convert("L")
        brightness, _, border = page_figures(thumb)
        want_brightness, _, _ = page_figures(source)
        assert abs(brightness - want_brightness) <= 0.08 * 255, (brightness, want_brightness)
        assert border >= 245, border
        small = (8, 12)
        differences = [abs(x - y) for x, y in zip(thumb.resize(small).tobytes(), source.resize(small).tobytes())]
        assert sum(differences) / len(differences) <= 16, differences
    assert not preview.thumbnails.item(0).icon().isNull()


def test_a_click_on_a_thumbnail_shows_its_page(qtbot, preview):
    preview.thumbnails.setCurrentRow(4)
    qtbot.waitUntil(lambda: preview.current_page() == 4)
    assert preview.page_box.value() == 5
    preview.go_to_page(7)
    assert preview.thumbnails.currentRow() == 7


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
    node = ("上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设", "政策研究")
    dialog = printing.open_print_preview(None, sample_document("2026"), [node])
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


# ---- the 审核清单 page and printing one node from the window -------------------------------------------
@needs_poppler
def test_the_review_list_box_remakes_the_pdf_with_the_findings_page(qtbot, messages, isolated_home):
    dialog = printing.open_print_preview(None, sample_document("2026"))
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 13 and not dialog.findings_box.isChecked()
    dialog.findings_box.setChecked(True)                        # 附审核清单
    assert dialog.page_count() == 14 and dialog.page_label.text() == "/ 共 14 页"
    last = subprocess.run(["pdftotext", "-f", "14", "-l", "14", str(dialog.pdf_path), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "审核清单" in last and "F-COST-01" in last
    assert settings.get("print.with_findings") is True          # remembered for the next preview
    qtbot.waitUntil(dialog.thumbnails_ready)
    assert dialog.thumbnails.count() == 14
    folder = dialog.pdf_path.parent
    assert len(list(folder.glob("*.pdf"))) == 1                 # the PDF it replaced is gone
    dialog.findings_box.setChecked(False)
    assert dialog.page_count() == 13
    dialog.close()
    again = printing.open_print_preview(None, sample_document("2026"), with_findings=True)
    qtbot.addWidget(again)
    assert again.findings_box.isChecked() and again.page_count() == 14
    again.close()
    assert messages == []


def test_the_window_prints_the_current_node(qtbot, qapp, sample_copy, messages):
    from g60desk.qt.shell.app import configure_application
    from g60desk.qt.shell.main_window import MainWindow

    configure_application(qapp)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(sample_copy("2026"))
    project = window.session.doc.departments[0].projects[0]
    window.select(project.children[4])                          # 政策研究
    assert window.form.actionPrintNode.isEnabled()
    window.form.actionPrintNode.trigger()
    previews = [w for w in qapp.topLevelWidgets() if isinstance(w, printing.PrintPreviewDialog) and w.isVisible()]
    assert len(previews) == 1 and previews[0].page_count() == 2
    assert previews[0].suggested_name == "政策研究2026年绩效目标申报表.pdf"
    previews[0].close()
    window.select(project)                                      # a project: all its sub-projects
    window.form.actionPrintNode.trigger()
    previews = [w for w in qapp.topLevelWidgets() if isinstance(w, printing.PrintPreviewDialog) and w.isVisible()]
    assert len(previews) == 1 and previews[0].page_count() == 12   # six explanations and six forms
    previews[0].close()
    window.close()
    assert messages == []
