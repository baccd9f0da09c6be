"""Reading dates out of free Chinese text: 五、实施周期 ("2025年9月-2026年6月") and 时效 targets ("12月31日前").

A date in prose has a precision: a year, a month or a day. A period is compared with the form's planned
dates at the precision it is written in: "2026年1月—2026年12月" agrees with 2026-01-01 … 2026-12-31.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..domain.textnorm import normalize


@dataclass(frozen=True)
class TextDate:
    """A date as written: ``month``/``day`` None when the text does not say them."""

    year: int
    month: int | None = None
    day: int | None = None

    def text(self) -> str:
        out = f"{self.year}年"
        if self.month is not None:
            out += f"{self.month}月"
            if self.day is not None:
                out += f"{self.day}日"
        return out

    def agrees_with(self, value: date) -> bool:
        """Same year, and same month and day where the text gives them."""
        if self.year != value.year:
            return False
        if self.month is not None and self.month != value.month:
            return False
        return self.day is None or self.day == value.day

    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


_RANGE = "[-~至到]"
#: 2024-2026年, 2024年至2026年 (years only)
_YEAR_RANGE = re.compile(rf"(\d{{4}})年?{_RANGE}(\d{{4}})年(?![0-9]|\d{{1,2}}月)")
#: 2026年1-12月, 2026年1月至12月
_MONTH_RANGE = re.compile(rf"(\d{{4}})年(\d{{1,2}})月?{_RANGE}(\d{{1,2}})月(?:(\d{{1,2}})[日号])?")
_TOKEN = re.compile(
    r"(?P<cy>\d{4})年(?:(?P<cm>\d{1,2})月(?:份)?(?:(?P<cd>\d{1,2})[日号])?)?"
    r"|(?<!\d)(?P<ny>\d{4})[./-](?P<nm>\d{1,2})(?:[./-](?P<nd>\d{1,2}))?(?!\d)"
    r"|(?<!\d)(?P<om>\d{1,2})月(?:(?P<od>\d{1,2})[日号])?"
)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text or ""))


def _valid(d: TextDate) -> bool:
    if not 1900 <= d.year <= 2999:
        return False
    if d.month is None:
        return d.day is None
    if not 1 <= d.month <= 12:
        return False
    return d.day is None or 1 <= d.day <= calendar.monthrange(d.year, d.month)[1]


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def dates_in_text(text: str) -> list[TextDate]:
    """Every date written in ``text``, in order; a month without a year takes the year before it."""
    body = _compact(text)
    found: list[TextDate] = []
    for match in _TOKEN.finditer(body):
        if match.group("cy"):
            d = TextDate(int(match.group("cy")), _int(match.group("cm")), _int(match.group("cd")))
        elif match.group("ny"):
            d = TextDate(int(match.group("ny")), _int(match.group("nm")), _int(match.group("nd")))
        elif found:
            d = TextDate(found[-1].year, _int(match.group("om")), _int(match.group("od")))
        else:
            continue
        if _valid(d):
            found.append(d)
    return found


@lru_cache(maxsize=4096)
def parse_period(text: str) -> tuple[TextDate, TextDate] | None:
    """五、实施周期 → (start, end) as written, or None when the text names no date."""
    body = _compact(text)
    if not body:
        return None
    years = _YEAR_RANGE.search(body)
    if years:
        start, end = TextDate(int(years.group(1))), TextDate(int(years.group(2)))
        return (start, end) if _valid(start) and _valid(end) else None
    months = _MONTH_RANGE.search(body)
    if months:
        year = int(months.group(1))
        start = TextDate(year, int(months.group(2)))
        end = TextDate(year, int(months.group(3)), _int(months.group(4)))
        if _valid(start) and _valid(end):
            return start, end
    found = dates_in_text(body)
    if not found:
        return None
    return found[0], found[-1]


_DEADLINE = re.compile(
    r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?(?:底|末|前|之前|以前)?"
    r"|(?<!\d)(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
)


@lru_cache(maxsize=4096)
def deadline_dates(text: str) -> tuple[date, ...]:
    """Deadlines a 时效 target names ("2022年12月31日前完成", "2026年6月底前") as the last day they allow."""
    if "年" not in text and "-" not in text:
        return ()
    body = _compact(text)
    out = []
    for match in _DEADLINE.finditer(body):
        y, m, d = (match.group("y"), match.group("m"), match.group("d")) if match.group("y") else (
            match.group("iy"), match.group("im"), match.group("id"))
        written = TextDate(int(y), int(m), _int(d))
        if _valid(written):
            out.append(written.last_day())
    return tuple(out)
