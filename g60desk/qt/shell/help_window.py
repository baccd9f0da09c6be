"""帮助 → 使用说明: how to declare, check, print and submit, with pictures of the window (resources/help)."""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ...resources_path import resource
from .settings_state import resize_within_screen

GUIDE = ("help", "guide.html")


class HelpWindow(QDialog):
    """A reader for the guide; not modal, so the clerk can follow it while working in the window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.setObjectName("helpWindow")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(resource(*GUIDE))))   # pictures beside it load too
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        resize_within_screen(self, 820, 900)
