"""The 审核清单 printed after the 申报材料: what a reviewer looks for on paper, as plain data.

The checks make the items (checks/report.py: ``review_list``), printing lays them out (report/review.py):
each open 错误 and 警告 with its place and message, and every acknowledged 警告 with the clerk's reason
and the time it was given.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReviewItem:
    severity: str            # "error" or "warning"
    rule: str                # F-SUM-01 …
    node: str                # 项目 › 子项目 (or the department)
    place: str               # 六、年度预算安排·一、…·金额
    message: str
    reason: str = ""         # the acknowledgement's reason (acknowledged 警告 only)
    acknowledged_at: str = ""


@dataclass(frozen=True)
class ReviewList:
    """The items of one print job and when 审核 ran."""

    checked_at: str
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def open_errors(self) -> int:
        return sum(1 for i in self.items if i.severity == "error")

    @property
    def open_warnings(self) -> int:
        return sum(1 for i in self.items if i.severity == "warning" and not i.acknowledged_at)

    @property
    def acknowledged(self) -> int:
        return sum(1 for i in self.items if i.acknowledged_at)

    def summary(self) -> str:
        if not self.items:
            return "审核未发现错误或警告。"
        return (f"未处理：错误 {self.open_errors} 个、警告 {self.open_warnings} 个；"
                f"已确认的警告 {self.acknowledged} 个（附确认理由和时间）。")
