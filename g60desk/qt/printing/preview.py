"""打印预览, 打印 and 导出PDF in the window: the PDF of g60desk.report shown with QtPdf, printed page by
page as 300-dpi images through QPrinter, or saved where the clerk chooses.

The main window calls :func:`open_print_preview` and :func:`export_pdf`; :func:`print_pdf` prints an
already written PDF. Printer and copies are remembered in the settings (print.printer, print.copies).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ... import settings
from ...domain.model import Document
from ...errors import UserError
from ...report import PrintOptions, render_pdf
from ...report.errors import os_error_text
from .. import file_dialogs
from ..shell import settings_state

#: printing renders each page to an image at this resolution (DESIGN.md §8: 600 dpi is slow and gains nothing)
PRINT_DPI = 300
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
#: width of a page thumbnail in the preview's page list, in pixels
THUMBNAIL_WIDTH = 110
PDF_FILTER = "PDF 文件 (*.pdf)"

NodePaths = list[tuple[str, ...]] | None


class Cancelled(Exception):
    """The clerk pressed 取消 while the PDF was being made or printed."""


# ---- making the PDF ---------------------------------------------------------------------------------

def review_for(doc: Document, nodes: NodePaths = None):
    """The 审核清单 of a print job: 审核 run now over the file, kept for the printed nodes."""
    from ...checks import check_document
    from ...checks.report import review_list
    return review_list(doc, check_document(doc), nodes)


def render_with_progress(parent: QWidget | None, doc: Document, target: Path, nodes: NodePaths = None,
                         options: PrintOptions | None = None, with_findings: bool = False) -> int | None:
    """``render_pdf`` with a progress dialog (shown when it takes a while); None when cancelled or refused.
    ``with_findings`` adds the 审核清单 page at the end."""
    progress = QProgressDialog("正在生成 PDF……", "取消", 0, 1, parent)
    progress.setWindowTitle("打印")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)

    def advance(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        if progress.wasCanceled():
            raise Cancelled

    try:
        return render_pdf(doc, target, nodes=nodes, options=options or PrintOptions.from_settings(),
                          progress=advance, review=review_for(doc, nodes) if with_findings else None)
    except Cancelled:
        return None
    except UserError as exc:
        QMessageBox.warning(parent, "打印", exc.message)
        return None
    except OSError as exc:
        QMessageBox.warning(parent, "打印", f"无法写出 PDF 文件 {target}：{os_error_text(exc)}。")
        return None
    finally:
        progress.close()
        progress.deleteLater()


def suggested_pdf_name(doc: Document, nodes: NodePaths = None) -> str:
    """"部门2026年绩效目标申报材料.pdf", or the chosen node's name when one node is printed."""
    if nodes and len(nodes) == 1 and len(nodes[0]) > 1:
        return f"{nodes[0][-1]}{doc.budget_year}年绩效目标申报表.pdf"
    name = doc.departments[0].name if len(doc.departments) == 1 else "申报材料"
    return f"{name}{doc.budget_year}年绩效目标申报材料.pdf"


def ask_pdf_target(parent: QWidget | None, name: str) -> Path | None:
    last = settings.get("last_file")   # beside the document, unless that is the program's own folder
    folder = Path(last).parent if last else None
    return file_dialogs.ask_save(parent, "导出PDF", (folder / name) if folder else name, PDF_FILTER, ".pdf")


def export_pdf(parent: QWidget | None, doc: Document, nodes: NodePaths = None) -> Path | None:
    """导出PDF: ask where, write the 申报材料 (or the chosen nodes) there; the path written or None."""
    target = ask_pdf_target(parent, suggested_pdf_name(doc, nodes))
    if target is None:
        return None
    pages = render_with_progress(parent, doc, target, nodes)
    if pages is None:
        return None
    QMessageBox.information(parent, "导出PDF", f"已导出 {pages} 页到\n{target}")
    return target


def copy_atomically(source: Path, target: Path) -> None:
    """The PDF appears at ``target`` whole or not at all."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---- printing -------------------------------------------------------------------------------------

def configured_printer() -> QPrinter:
    """A QPrinter for A4 at full-page coordinates, on the printer and with the copies used last time."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    name = settings.get("print.printer")
    if name:
        printer.setPrinterName(name)
    printer.setCopyCount(max(1, int(settings.get("print.copies"))))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    return printer


def remember_printer(printer: QPrinter) -> None:
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
        settings.set("print.printer", printer.printerName())
    settings.set("print.copies", printer.copyCount())


def pages_to_print(printer: QPrinter, page_count: int) -> list[int]:
    """0-based page indexes the printer's range asks for (all pages when no range is chosen)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), printer.toPage() or page_count
        return list(range(max(first, 1) - 1, min(last, page_count)))
    return list(range(page_count))


def print_document(printer: QPrinter, pdf: QPdfDocument, parent: QWidget | None = None) -> int:
    """Paint the chosen pages of ``pdf`` on ``printer`` as PRINT_DPI images; return the pages sent."""
    pages = pages_to_print(printer, pdf.pageCount())
    copies = 1 if printer.supportsMultipleCopies() else printer.copyCount()
    sheets = [page for _ in range(copies) for page in pages]
    progress = QProgressDialog("正在打印……", "取消", 0, len(sheets), parent)
    progress.setWindowTitle("打印")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)
    painter = QPainter()
    if not sheets or not painter.begin(printer):
        progress.close()
        return 0
    sent = 0
    try:
        for i, page in enumerate(sheets):
            if progress.wasCanceled():
                printer.abort()
                break
            if i:
                printer.newPage()
            _paint_page(painter, printer, pdf, page)
            sent += 1
            progress.setValue(sent)
    finally:
        painter.end()
        progress.close()
        progress.deleteLater()
    return sent


def page_image(pdf: QPdfDocument, page: int, pixels: QSize) -> QImage:
    """Page ``page`` of ``pdf`` as an opaque image on white paper.

    QtPdf renders onto a transparent image; converting that to an opaque format (what printers and
    icons take) turns every transparent pixel black, so the page is painted over white instead."""
    rendered = pdf.render(page, pixels)
    paper = QImage(pixels, QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return paper


def _paint_page(painter: QPainter, printer: QPrinter, pdf: QPdfDocument, page: int) -> None:
    size_pt = pdf.pagePointSize(page)
    pixels = QSize(round(size_pt.width() * PRINT_DPI / 72), round(size_pt.height() * PRINT_DPI / 72))
    image = page_image(pdf, page, pixels)
    target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
    scale = min(target.width() / pixels.width(), target.height() / pixels.height())
    width, height = pixels.width() * scale, pixels.height() * scale
    painter.drawImage(QRectF(target.x() + (target.width() - width) / 2, target.y(), width, height), image)


def print_pdf(pdf_path, parent: QWidget | None = None) -> bool:
    """打印…: the system's print dialog (printer, copies, range), then the pages; True when sent."""
    pdf = QPdfDocument(parent)  # type: ignore[arg-type]  # no parent is a null one, which the stub does not allow
    try:
        if pdf.load(str(pdf_path)) != QPdfDocument.Error.None_ or pdf.pageCount() == 0:
            QMessageBox.warning(parent, "打印", f"无法读取要打印的 PDF：{pdf_path}")
            return False
        printer = configured_printer()
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, pdf.pageCount())
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        remember_printer(printer)
        return print_document(printer, pdf, parent) > 0
    finally:
        pdf.close()
        pdf.deleteLater()


# ---- the preview ------------------------------------------------------------------------------------

class PrintPreviewDialog(QDialog):
    """打印预览 of a PDF: page navigation, zoom, 打印… and 导出PDF…."""

    def __init__(self, pdf_path, parent: QWidget | None = None, *, suggested_name: str = "申报材料.pdf",
                 owns_file: bool = False, remake: Callable[[bool], Path | None] | None = None,
                 with_findings: bool = False):
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.suggested_name = suggested_name
        self.owns_file = owns_file  # a temporary PDF made for this preview is removed with it
        #: makes the PDF again with or without the 审核清单 page (None: this preview shows a given PDF)
        self.remake = remake
        self.with_findings = with_findings
        self.setWindowTitle("打印预览")
        self.document = QPdfDocument(self)
        self.document.load(str(self.pdf_path))
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.thumbnails = self._thumbnail_list()
        layout = QVBoxLayout(self)
        layout.addLayout(self._toolbar())
        pages = QHBoxLayout()
        pages.addWidget(self.thumbnails)
        pages.addWidget(self.view, 1)
        layout.addLayout(pages, 1)
        layout.addLayout(self._buttons())
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self.view.zoomModeChanged.connect(self._show_zoom)
        self.finished.connect(self._cleanup)
        self._show_page(0)
        self._show_zoom()
        settings_state.resize_within_screen(self, 900, 1000)

    def _button(self, text: str, slot, name: str, tool: bool = True) -> QToolButton | QPushButton:
        button = QToolButton(self) if tool else QPushButton(text, self)
        button.setText(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.previous_button = self._button("上一页", self.previous_page, "previousPage")
        self.next_button = self._button("下一页", self.next_page, "nextPage")
        self.page_box = QSpinBox(self)
        self.page_box.setObjectName("pageBox")
        self.page_box.setRange(1, max(1, self.page_count()))
        self.page_box.valueChanged.connect(lambda n: self.go_to_page(n - 1))
        self.page_label = QLabel(f"/ 共 {self.page_count()} 页", self)
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        for widget in (self.previous_button, self.next_button, QLabel("第", self), self.page_box, self.page_label,
                       self._button("缩小", self.zoom_out, "zoomOut"), self._button("放大", self.zoom_in, "zoomIn"),
                       self._button("适合宽度", self.fit_width, "fitWidth"),
                       self._button("整页", self.fit_page, "fitPage"), self.zoom_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    def _buttons(self) -> QHBoxLayout:
        """Below the pages: 附审核清单, then 打印… 导出PDF… 关闭."""
        bar = QHBoxLayout()
        self.findings_box = QCheckBox("附审核清单", self)
        self.findings_box.setObjectName("findingsBox")
        self.findings_box.setToolTip("在最后附一页审核清单：未处理的错误和警告，以及已确认的警告及其理由和时间")
        self.findings_box.setChecked(self.with_findings)
        self.findings_box.setEnabled(self.remake is not None)
        self.findings_box.toggled.connect(self.set_with_findings)
        bar.addWidget(self.findings_box)
        bar.addStretch(1)
        self.print_button = self._button("打印…", self.print_, "printButton", tool=False)
        self.export_button = self._button("导出PDF…", self.export, "exportButton", tool=False)
        self.close_button = self._button("关闭", self.reject, "closeButton", tool=False)
        for widget in (self.print_button, self.export_button, self.close_button):
            bar.addWidget(widget)
        return bar

    # -- the 审核清单 page
    def set_with_findings(self, on: bool) -> None:
        """附审核清单: make the PDF again with (or without) the review list and show it; remembered."""
        if self.remake is None or on == self.with_findings:
            return
        path = self.remake(on)
        if path is None:   # cancelled or refused: the box shows what the preview shows
            self.findings_box.blockSignals(True)
            self.findings_box.setChecked(self.with_findings)
            self.findings_box.blockSignals(False)
            return
        self.with_findings = on
        settings.set("print.with_findings", on)
        self.show_pdf(path)

    def show_pdf(self, path: Path) -> None:
        """Show another PDF in this preview (the one made again), from its first page."""
        old = self.pdf_path
        self.pdf_path = Path(path)
        self.document.load(str(self.pdf_path))
        if self.owns_file and old != self.pdf_path and old.parent == self.pdf_path.parent:
            old.unlink(missing_ok=True)
        self.page_box.setRange(1, max(1, self.page_count()))
        self.page_label.setText(f"/ 共 {self.page_count()} 页")
        self.setWindowTitle(f"打印预览（共 {self.page_count()} 页）")
        self._fill_thumbnails(self.thumbnails)
        self.go_to_page(0)
        self._show_page(0)

    # -- thumbnails
    def _thumbnail_list(self) -> QListWidget:
        """The pages as small pictures on the left; a click shows that page. Drawn one per event-loop
        pass after the dialog opens, so a long document does not hold the preview back."""
        thumbnails = QListWidget(self)
        thumbnails.setObjectName("thumbnails")
        thumbnails.setViewMode(QListWidget.ViewMode.IconMode)
        thumbnails.setFlow(QListWidget.Flow.TopToBottom)
        thumbnails.setWrapping(False)
        thumbnails.setMovement(QListWidget.Movement.Static)
        icon = QSize(THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH * 297 / 210))
        thumbnails.setIconSize(icon)
        # every page has the same cell from the start: pictures drawn later do not move the others
        thumbnails.setGridSize(QSize(icon.width() + 16, icon.height() + 28))
        thumbnails.setUniformItemSizes(True)
        thumbnails.setFixedWidth(THUMBNAIL_WIDTH + 40)
        thumbnails.currentRowChanged.connect(lambda row: self.go_to_page(row) if row >= 0 else None)
        self._fill_thumbnails(thumbnails)
        return thumbnails

    def _fill_thumbnails(self, thumbnails: QListWidget) -> None:
        thumbnails.blockSignals(True)
        thumbnails.clear()
        blank = QPixmap(thumbnails.iconSize())
        blank.fill(Qt.GlobalColor.white)
        for page in range(self.page_count()):
            item = QListWidgetItem(QIcon(blank), f"第 {page + 1} 页")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            thumbnails.addItem(item)
        thumbnails.blockSignals(False)
        self._thumbnails_drawn = 0
        QTimer.singleShot(0, self, self._draw_next_thumbnail)

    def thumbnail_image(self, page: int) -> QImage:
        size = self.document.pagePointSize(page)
        scale = THUMBNAIL_WIDTH / max(1.0, size.width())
        return page_image(self.document, page, QSize(THUMBNAIL_WIDTH, max(1, round(size.height() * scale))))

    def _draw_next_thumbnail(self) -> None:
        page = self._thumbnails_drawn
        if self.document.status() != QPdfDocument.Status.Ready or page >= min(self.page_count(),
                                                                               self.thumbnails.count()):
            return
        self.thumbnails.item(page).setIcon(QIcon(QPixmap.fromImage(self.thumbnail_image(page))))
        self._thumbnails_drawn += 1
        QTimer.singleShot(0, self, self._draw_next_thumbnail)

    def thumbnails_ready(self) -> bool:
        return self._thumbnails_drawn >= self.page_count()

    # -- pages
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """0-based page shown (at the top of the view)."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count() - 1))
        if page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._show_page(page)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _show_page(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count() - 1)
        if self.thumbnails.currentRow() != page:
            self.thumbnails.blockSignals(True)
            self.thumbnails.setCurrentRow(page)
            self.thumbnails.blockSignals(False)

    # -- zoom
    def zoom_factor(self) -> float:
        """The scale shown: the set factor, or in the fit modes the one the view computes."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self.view.zoomFactor()
        page = self.document.pagePointSize(max(0, self.current_page()))
        margins = self.view.documentMargins()
        dpi = self.view.logicalDpiX() / 72
        viewport = self.view.viewport()
        by_width = (viewport.width() - margins.left() - margins.right()) / (page.width() * dpi)
        if mode == QPdfView.ZoomMode.FitToWidth:
            return by_width
        by_height = (viewport.height() - margins.top() - margins.bottom()) / (page.height() * dpi)
        return min(by_width, by_height)

    def set_zoom(self, factor: float) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
        self._stay_on(page)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    def fit_width(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._stay_on(page)

    def fit_page(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._stay_on(page)

    def _stay_on(self, page: int) -> None:
        """After a zoom change the view keeps its scroll offset, which is another page now: go back to
        ``page`` once the view has laid the pages out again (on the next event-loop pass)."""
        self._show_page(page)

        def jump() -> None:
            # QPdfView scrolls only when the current page *changes*: step off the page and back
            navigator = self.view.pageNavigator()
            other = page + 1 if page + 1 < self.page_count() else page - 1
            if other >= 0:
                navigator.jump(other, QPointF(), navigator.currentZoom())
            navigator.jump(page, QPointF(), navigator.currentZoom())
            self._show_page(page)

        QTimer.singleShot(0, self, jump)

    def _show_zoom(self, *_args) -> None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            self.zoom_label.setText("适合宽度")
        elif mode == QPdfView.ZoomMode.FitInView:
            self.zoom_label.setText("整页")
        else:
            self.zoom_label.setText(f"{self.zoom_factor():.0%}")

    # -- actions
    def print_(self) -> bool:
        return print_pdf(self.pdf_path, self)

    def export(self) -> Path | None:
        target = ask_pdf_target(self, self.suggested_name)
        if target is None:
            return None
        try:
            copy_atomically(self.pdf_path, target)
        except OSError as exc:
            QMessageBox.warning(self, "导出PDF", f"无法写出 {target}：{os_error_text(exc)}。")
            return None
        QMessageBox.information(self, "导出PDF", f"已导出 {self.page_count()} 页到\n{target}")
        return target

    def _cleanup(self, *_args) -> None:
        self.document.close()
        if self.owns_file:
            shutil.rmtree(self.pdf_path.parent, ignore_errors=True)


def open_print_preview(parent: QWidget | None, doc: Document, nodes: NodePaths = None,
                       with_findings: bool | None = None) -> PrintPreviewDialog | None:
    """打印预览: make the PDF (with progress) in a private temporary folder and show it; None when cancelled.
    ``with_findings`` (default: the setting print.with_findings) adds the 审核清单 page; the preview's
    附审核清单 box makes the PDF again with or without it."""
    folder = Path(tempfile.mkdtemp(prefix="g60print-"))
    made = [0]

    def make(findings: bool) -> Path | None:
        made[0] += 1
        pdf = folder / f"preview-{made[0]}.pdf"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = render_with_progress(parent, doc, pdf, nodes, with_findings=findings)
        finally:
            QApplication.restoreOverrideCursor()
        return pdf if pages is not None else None

    if with_findings is None:
        with_findings = bool(settings.get("print.with_findings"))
    pdf = make(with_findings)
    if pdf is None:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    dialog = PrintPreviewDialog(pdf, parent, suggested_name=suggested_pdf_name(doc, nodes), owns_file=True,
                                remake=make, with_findings=with_findings)
    pages = dialog.page_count()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(f"打印预览（共 {pages} 页）")
    dialog.show()
    return dialog
