"""Dates as clerks type them (2026-01-01, 2026/1/1, 2026.1.1, 2026年1月1日, 20260101) → datetime.date."""
from __future__ import annotations

import re
from datetime import date

from .textnorm import ParseError, normalize, quote

_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(text: str) -> date | None:
    """Blank → None; a real calendar date → date; anything else → ParseError saying why."""
    body = re.sub(r"\s+", "", normalize(text or ""))
    if not body:
        return None
    if len(body) > 20:
        raise ParseError(f"{quote(text)}不是日期：太长了，请写成 2026-01-01 的形式。")
    if re.fullmatch(r"\d{5}(\.\d+)?", body):
        raise ParseError(f"{quote(text)}像是 Excel 的日期序号，不是日期：请写成 2026-01-01 的形式。")
    for pattern in _PATTERNS:
        match = pattern.match(body)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ParseError(f"{quote(text)}不是有效的日期（{year}年没有{month}月{day}日）。") from None
    raise ParseError(f"{quote(text)}不是日期：请写成 2026-01-01 的形式。")
