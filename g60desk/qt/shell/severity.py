"""The three severities as the window shows them — colours, the round icon, the counts of the status bar — apart
from the 审核 dock, so that the window can show its status bar before the dock is built."""
from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from ...services.session import Session
from .tree_model import ERROR_COLOR, WARNING_COLOR

INFO_COLOR = QColor("#1565c0")
SEVERITY_COLORS = {"error": ERROR_COLOR, "warning": WARNING_COLOR, "info": INFO_COLOR}

_ICONS: dict[str, QIcon] = {}


def severity_icon(severity: str) -> QIcon:
    if severity not in _ICONS:
        pixmap = QPixmap(28, 28)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SEVERITY_COLORS[severity])
        painter.drawEllipse(QRectF(2, 2, 24, 24))
        painter.setPen(QColor("white"))
        font = QFont(QApplication.font())
        font.setPixelSize(18)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRect(0, 0, 28, 28), Qt.AlignmentFlag.AlignCenter, "i" if severity == "info" else "!")
        painter.end()
        _ICONS[severity] = QIcon(pixmap)
    return _ICONS[severity]


def finding_counts(session: Session) -> dict[str, int]:
    """Open 错误/警告/提示 of the file; an acknowledged 警告 is counted apart, not as open. From the checker's
    counts and the acknowledgements (each looked up at its place), not from every finding of the file."""
    counts = {"error": 0, "warning": 0, "info": 0, **session.checker.counts()}
    accepted: set[int] = set()
    for ack in session.doc.acknowledgements:
        for finding in session.checker.for_path(tuple(ack.path)):
            if (finding.severity == "warning" and finding.rule == ack.rule and finding.field == ack.field
                    and finding.fingerprint == ack.fingerprint):
                accepted.add(id(finding))
    counts["warning"] -= len(accepted)
    counts["acknowledged"] = len(accepted)
    return counts
