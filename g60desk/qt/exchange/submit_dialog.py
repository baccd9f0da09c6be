"""导出报送文件 in the window: the 审核 summary, a reason when there are 错误, where to save, progress,
then the file shown in its folder with its 校验码 (mail programs are separate on these PCs)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from ...errors import UserError
from ...exchange.submit import (
    FIRST_FINDINGS,
    MIN_REASON_CHARS,
    CheckCounts,
    SubmitResult,
    describe_finding,
    run_checks,
    submit_store,
    target_path,
)
from ...services.session import Session
from .. import file_dialogs
from ..editors.fields import ReasonEdit

FILE_FILTER = "报送文件 (*.g60)"


class SubmitDialog(QDialog):
    """The 审核 summary before exporting; with 错误 the clerk must write why the file goes anyway."""

    def __init__(self, counts: CheckCounts, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出报送文件")
        self.counts = counts
        layout = QVBoxLayout(self)
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.reason = ReasonEdit()
        self.reason.setObjectName("reasonEdit")
        self.reason.setPlaceholderText("写明为什么带着错误报送，例如：已与财政局电话沟通，金额以批复为准。")
        self.reason.setVisible(bool(counts.errors))
        self.reason.textChanged.connect(self._update_ok)
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "带错误报送…" if counts.errors else "导出报送文件…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reason.submitted.connect(lambda: self.accept() if ok.isEnabled() else None)   # Ctrl+Enter
        self._update_ok()
        self.resize(560, 360 if counts.errors else 180)

    def _summary_text(self) -> str:
        c = self.counts
        text = f"审核结果：{c.describe()}。"
        if not c.errors:
            return text + "\n可以导出报送文件。导出后请把它作为邮件附件发送。"
        listed = "\n".join(f"{i}. {describe_finding(f)}" for i, f in enumerate(c.error_findings[:FIRST_FINDINGS], 1))
        more = f"\n……还有 {c.errors - FIRST_FINDINGS} 条" if c.errors > FIRST_FINDINGS else ""
        return (f"{text}\n{listed}{more}\n\n有错误的文件原则上应改正后再报送。确需带错误报送的，"
                f"请在下面写明理由（至少 {MIN_REASON_CHARS} 个字）；理由会记入文件的历史记录，财政局可以看到。")

    def reason_text(self) -> str | None:
        return self.reason.toPlainText().strip() or None if self.counts.errors else None

    def _update_ok(self) -> None:
        ok = not self.counts.errors or len(self.reason.toPlainText().strip()) >= MIN_REASON_CHARS
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class SubmitFlow:
    """The steps, each a method so that a test can answer a dialog without showing it."""

    def __init__(self, parent: QWidget | None, session: Session):
        self.parent, self.session = parent, session

    def run(self) -> SubmitResult | None:
        counts = run_checks(self.session.doc)
        accepted, reason = self.confirm(counts)
        if not accepted:
            return None
        target = self.ask_target(target_path(self.session.path, self.session.doc, None))
        if target is None:
            return None
        try:
            result = self.export(Path(target), reason)
        except UserError as exc:
            self.warn("没有导出报送文件", exc.message)
            return None
        self.open_folder(result.out_path.parent)
        self.show_result(result)
        return result

    # steps a test replaces
    def confirm(self, counts: CheckCounts) -> tuple[bool, str | None]:
        dialog = SubmitDialog(counts, self.parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return accepted, dialog.reason_text()

    def ask_target(self, suggested: Path) -> Path | None:
        return file_dialogs.ask_save(self.parent, "导出报送文件", suggested, FILE_FILTER, ".g60")

    def export(self, target: Path, reason: str | None) -> SubmitResult:
        # no 取消 button (None), which PySide6's stub does not allow
        progress = QProgressDialog("正在导出报送文件…", None, 0, 5, self.parent)  # type: ignore[call-overload]
        progress.setWindowTitle("导出报送文件")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)

        def step(done: int, total: int, what: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"{what}…")
            QApplication.processEvents()
        try:
            return submit_store(self.session.store, target, reason, step, on_recorded=self._recorded)
        finally:
            progress.close()

    def _recorded(self, entry) -> None:
        # the file's history changed on disk; keep the open document in step (the data, and so the
        # 校验码, are unchanged)
        self.session.history_recorded(entry)   # 已报送: the window shows the lock

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))   # show_result has already said where it is

    def show_result(self, result: SubmitResult) -> None:
        text = (f"报送文件已导出：\n{result.out_path}\n\n校验码：{result.short_digest}\n\n"
                f"审核：{result.checks.describe()}。请把这个文件作为邮件附件发送；"
                "打印的申报表上印有同一个校验码，财政局据此核对。")
        if result.accept_errors_reason:
            text += f"\n\n带错误报送的理由已记录：{result.accept_errors_reason}"
        if not result.recorded_in_source:
            text += "\n\n注意：原文件以只读方式打开，报送记录只写入了报送文件。"
        box = QMessageBox(QMessageBox.Icon.Information, "导出报送文件", text, parent=self.parent)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)


def submit_from_window(parent: QWidget | None, session: Session) -> SubmitResult | None:
    """导出报送文件 of the open document; None when the clerk cancelled or it was refused."""
    if session is None:
        return None
    return SubmitFlow(parent, session).run()
