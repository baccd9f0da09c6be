"""The 文件 menu of the main window: 新建, 打开 (and a refused file), 另存为, and the printing and exchange
windows, which load on first use so that the main window starts without them."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from ... import settings
from ...domain.model import Department
from ...errors import UserError
from ...services.documents import new_document, next_year
from ...services.files import same_file, save_as
from . import files
from .window_parts import WindowParts


class FileMenu(WindowParts):
    """The part of MainWindow that opens, creates and copies files and starts the print and exchange windows."""

    def open_path(self, path: str | Path, first_paint: bool = False) -> bool:
        """Open ``path`` in this window (read-only when locked elsewhere); False when refused.

        ``first_paint`` (the program's start): the tree is shown at once and the window painted, and only then
        are the file checked and the editors built (``loading`` is True until then)."""
        path = Path(path)
        if self.opened is not None and same_file(path, self.opened.session.path):
            return True
        self._save_typing()
        if not self.give_up_refused("打开另一个文件"):
            return False
        try:
            opened = files.open_document(path, undo_stack=self.undo, check=not first_paint)
        except UserError as exc:
            self.file_refused(path, exc.message)   # the file that was open stays open
            return False
        self.close_document()
        self.install(opened, first_paint)
        if first_paint:
            self.after_first_paint(lambda: settings.remember_file(path))
        else:
            settings.remember_file(path)
        return True

    def file_refused(self, path: Path, message: str) -> None:
        """A file that cannot be opened: say why, offer 打开其他文件 / 新建, keep the window."""
        box = QMessageBox(QMessageBox.Icon.Warning, "无法打开文件", message, parent=self)
        box.setObjectName("refusedBox")
        other = box.addButton("打开其他文件…", QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton("新建…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is other:
            QTimer.singleShot(0, self.open_file)
        elif box.clickedButton() is new:
            QTimer.singleShot(0, self.new_file)

    def new_file(self) -> None:
        dialog = files.NewFileDialog(self)
        if dialog.exec() != files.NewFileDialog.DialogCode.Accepted:
            return
        try:
            path = new_document(dialog.request())
        except UserError as exc:
            self.warn("新建", exc.message)
            return
        self.open_path(path)

    def open_file(self) -> None:
        path = files.choose_open_path(self)
        if path is not None:
            self.open_path(path)

    def save_as(self) -> None:
        session = self.session
        if session is None:
            return
        target = files.choose_save_path(self, f"{session.path.stem}（副本）.g60")
        if target is not None:
            self.save_as_path(target)

    def next_year(self) -> Path | None:
        """文件 → 下一年度申报: next year's file from this one; opened in the window when the clerk wants."""
        from .next_year_dialog import NextYearDialog
        session = self.session
        if session is None:
            return None
        self._save_typing()          # the new file is made from what is on disk
        dialog = NextYearDialog(session.doc, session.path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or (target := dialog.target()) is None:
            return None
        return self.make_next_year(target, dialog.year(), dialog.options())

    def make_next_year(self, target: Path, year: int, options) -> Path | None:
        try:
            report = next_year(self.open_session.path, target, year, options)
        except UserError as exc:
            self.warn("下一年度申报", exc.message)
            return None
        text = (f"已生成 {year} 年度申报文件：\n{target}\n\n{report.describe(options)}\n\n"
                "现在打开新文件吗？")
        if self.confirm("下一年度申报", text, "打开新文件"):
            self.open_path(target)
        return target

    def save_as_path(self, target: Path) -> bool:
        """Write a copy to ``target`` and continue editing the copy (the dialog already asked to overwrite)."""
        session = self.open_session
        if files.lock_is_held(target):
            self.warn("另存为", f"“{target.name}”正在另一个窗口中打开，不能覆盖：请换一个文件名。")
            return False
        try:
            new_session = save_as(session, target, overwrite=target.exists(), undo_stack=self.undo)
        except UserError as exc:
            self.warn("另存为", exc.message)
            return False
        self.close_document()
        self.install(files.adopt(new_session))
        settings.remember_file(target)
        self.statusBar().showMessage(f"已另存为 {target}，现在编辑的是这份副本。", 10000)
        return True

    def print_preview(self) -> None:
        if self.session is not None:
            from ..printing.preview import open_print_preview
            open_print_preview(self, self.session.doc, None)

    def print_current_node(self) -> None:
        """打印当前项目: the preview of the node chosen in the tree (a project with its sub-projects; a
        department with all its forms)."""
        target = self.current_target()
        if self.session is None or target is None:
            return
        from ..printing.preview import open_print_preview
        path = (target.name,) if isinstance(target, Department) else self.session.path_of(target)
        open_print_preview(self, self.session.doc, [path])

    def export_pdf(self) -> None:
        if self.session is not None:
            from ..printing.preview import export_pdf
            export_pdf(self, self.session.doc, None)

    def submit(self) -> None:
        if self.session is not None:
            from ..exchange.submit_dialog import submit_from_window
            submit_from_window(self, self.session)

    def export_xlsx(self) -> None:
        if self.session is not None:
            from ..exchange.xlsx_dialogs import export_xlsx_from_window
            export_xlsx_from_window(self, self.session)

    def import_xlsx(self) -> None:
        if self.session is not None:
            from ..exchange.xlsx_dialogs import import_xlsx_from_window
            import_xlsx_from_window(self, self.session, self.current_target())

    def open_merge(self) -> None:
        from ..exchange.merge_window import open_merge_window
        self._merge_window = open_merge_window(self)
