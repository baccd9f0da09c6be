"""A line of rich text whose text changes with every edit (六、年度预算安排合计 and what it is compared with), shown
without laying out the window again.

A QLabel asks its layout for room on every ``setText`` (``updateGeometry``), and Qt passes that request up one
parent per pass of the event loop to the main window, which then lays out and repaints every pane: after each
amount typed, some fifteen passes and a repaint of the whole editor. This line asks for room only when the text
needs another line of height.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QWidget


class RichTextLine(QWidget):
    """Rich text (HTML) wrapped to the width it is given; ``setText``/``text`` as a QLabel's."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._document = QTextDocument(self)
        self._document.setDocumentMargin(0)
        self._document.setDefaultFont(self.font())
        self._height = 0
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        if text == self._text:
            return
        self._text = text
        self._document.setHtml(text)
        height = self.heightForWidth(self.width())
        if height != self._height:   # another line (or one fewer): the layout must make room
            self._height = height
            self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        self._document.setTextWidth(max(width, 1))
        return max(self.fontMetrics().height(), math.ceil(self._document.size().height()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = self.width() if self.width() > 1 else 400
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance("六") * 8, self.fontMetrics().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._height = self.heightForWidth(self.width())

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._document.setDefaultFont(self.font())
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        self._document.setTextWidth(max(self.width(), 1))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self.palette()
        self._document.documentLayout().draw(painter, context)
        painter.end()
