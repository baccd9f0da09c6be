"""The 审核清单 page at the end of the 申报材料 (``render_pdf(review=…)``, ``g60desk print --with-findings``):
the open 错误 and 警告 and every acknowledged 警告 with the clerk's reason and its time, so the paper shows
what 审核 found when it was printed."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..domain.review import ReviewList
from ..domain.vocabulary import SEVERITY_LABELS
from . import _reportlab  # noqa: F401 - first: reportlab.platypus without its slow URL pattern
from .grid import Cell, Grid, Row
from .styles import FRAME_HEIGHT, Styles

REVIEW_TITLE = "审核清单"
#: 序号 · 级别 · 项目与位置 · 审核结果 · 确认理由与时间 (174 mm)
REVIEW_COLUMNS = tuple(w * mm for w in (10.0, 15.0, 50.0, 61.0, 38.0))
REVIEW_HEADERS = ("序号", "级别", "项目与位置", "审核结果", "确认理由与时间")


class ReviewBuilder:
    def __init__(self, styles: Styles):
        self.styles = styles

    def _cell(self, text: str, col: int, center: bool = False) -> Cell:
        style = self.styles.cell_center if center else self.styles.cell
        return Cell(self.styles.lines(text, style), col, valign="TOP" if not center else "MIDDLE")

    def build(self, review: ReviewList) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [s.bold(REVIEW_TITLE, s.title),
                                 s.p(f"审核时间：{review.checked_at}　{review.summary()}", s.subtitle)]
        if not review.items:
            return story
        header = Row([self._cell(text, col, center=True) for col, text in enumerate(REVIEW_HEADERS)])
        rows = []
        for number, item in enumerate(review.items, start=1):
            severity = SEVERITY_LABELS[item.severity] + ("（已确认）" if item.acknowledged_at else "")
            confirmed = f"{item.reason}\n（{item.acknowledged_at.replace('T', ' ')}）" if item.acknowledged_at else ""
            rows.append(Row([self._cell(str(number), 0, center=True), self._cell(severity, 1, center=True),
                             self._cell(f"{item.node}\n{item.place}", 2),
                             self._cell(f"{item.message}\n〔{item.rule}〕", 3), self._cell(confirmed, 4)]))
        story.append(Grid(rows, REVIEW_COLUMNS, FRAME_HEIGHT, s.fonts.name, header=[header]))
        return story
