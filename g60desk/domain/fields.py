"""The value of a template's field on a form: read and written by key, parsed from what a person types, shown as
the template prints it — one place for every type (text, date, month, years, choice, checks, amount).

A field's key is either one the rules read (a ``DeclarationForm`` attribute, a funding cell) or the template's own,
kept in ``DeclarationForm.extra``: callers never need to know which.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date

from .dates import parse_date
from .model import FUNDING_FIELDS, DeclarationForm, ExtraValue
from .money import parse_money
from .templates import Column, Field, Template
from .textnorm import ParseError, normalize, quote
from .values import format_value, parse_value

__all__ = ["FormValue", "edit_text", "form_value", "indicator_grid_columns", "parse_column", "parse_field", "set_extra",
           "set_form_value", "show_date", "show_month", "shown", "sole_choice"]

#: A stored form value: an amount in 分 (None: blank), a date (None: blank) or a text.
FormValue = int | date | str | None
#: the keys of the form's own attributes (the funding cells are in ``funding``)
_ATTRIBUTES = ("nature", "category", "supervising_dept", "implementing_unit", "planned_start", "planned_end",
               "overall_goal", "annual_goal")
#: separators a person may put between chosen check boxes
_CHOICE_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
_YEARS = re.compile(r"^(\d{1,3})(?:年|个年度)?$")


# ---- reading and writing by key ----------------------------------------------------------------------------

def form_value(form: DeclarationForm, key: str) -> FormValue:
    """The stored value of ``key`` on ``form`` (a blank extra: None for an amount key, else "")."""
    if key in FUNDING_FIELDS:
        fen: int | None = getattr(form.funding, key)
        return fen
    if key in _ATTRIBUTES:
        value: date | str | None = getattr(form, key)
        return value
    return form.extra.get(key, _blank_of(form, key))


def _blank_of(form: DeclarationForm, key: str) -> FormValue:
    spec = form.spec
    found = spec.field(key) if spec is not None else None
    return None if found is not None and found.type == "amount" else ""


def set_form_value(form: DeclarationForm, key: str, value: FormValue) -> None:
    """Store ``value`` under ``key``; a blank extra is removed, so a form without its own fields has no ``extra``."""
    if key in FUNDING_FIELDS:
        setattr(form.funding, key, value)
    elif key in _ATTRIBUTES:
        setattr(form, key, value)
    elif value is None or value == "":
        form.extra.pop(key, None)
    else:
        assert not isinstance(value, date)   # extras keep dates as ISO text (parse_field)
        extra: ExtraValue = value
        form.extra[key] = extra


# ---- parsing ------------------------------------------------------------------------------------------------

def parse_field(template: Template, field: Field, text: str) -> FormValue:
    """What a person typed into ``field`` → the stored value; ParseError says why it cannot be."""
    kind = field.type
    if kind == "amount":
        return parse_money(text, template.amounts.unit)
    if kind == "date":
        day = parse_date(text)
        if not field.extra:
            return day
        return day.isoformat() if day else ""
    if kind == "month":
        return _parse_month(field, text)
    if kind == "years":
        return _parse_years(field, text)
    if kind == "choice":
        return _parse_choice(field, text)
    if kind == "checks":
        return _parse_checks(field, text)
    return text


def _parse_month(field: Field, text: str) -> date | str | None:
    """2023.07, 2023-07, 2023年7月, 202307 → the month; a start is its first day, an end (planned_end) its last."""
    body = re.sub(r"\s+", "", normalize(text or ""))
    if not body:
        return "" if field.extra else None
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(body)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise ParseError(f"{quote(text)}不是有效的年月（没有 {month} 月）。")
            if field.extra:
                return f"{year:04d}-{month:02d}"
            last = field.key == "planned_end"
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    raise ParseError(f"{quote(text)}不是年月：请写成 2023.07 或 2023-07 的形式。")


def _parse_years(field: Field, text: str) -> str:
    body = re.sub(r"\s+", "", normalize(text or ""))
    if not body:
        return ""
    match = _YEARS.match(body)
    if match is None or int(match.group(1)) == 0:
        raise ParseError(f"{quote(text)}不是年数：请写一个 1 到 999 的整数，如“3”或“3年”。")
    return str(int(match.group(1)))


def sole_choice(text: str, choices: Sequence[str]) -> str:
    """The one choice ``text`` begins ("延续" → 延续项目, "产出" → 产出指标), as Excel's AutoComplete takes its
    proposal; ``text`` itself when it is a choice, blank, or begins none or several of them."""
    if not text or text in choices:
        return text
    matches = [choice for choice in choices if choice.casefold().startswith(text.casefold())]
    return matches[0] if len(matches) == 1 else text


def _parse_choice(field: Field, text: str) -> str:
    value = sole_choice(text.strip(), field.choices)
    if value and value not in field.choices:
        raise ParseError(f"{quote(text)}不是“{field.label}”的可选值（可选：{'、'.join(field.choices)}）。")
    return value


def _parse_checks(field: Field, text: str) -> str:
    """Chosen boxes, typed or pasted in any order with 、 ， ; or spaces between → the choices' order, joined by 、."""
    chosen = [sole_choice(part, field.choices) for part in _CHOICE_SEPARATORS.split(text.strip()) if part]
    unknown = [part for part in chosen if part not in field.choices]
    if unknown:
        raise ParseError(f"“{unknown[0]}”不是“{field.label}”的选项（可选：{'、'.join(field.choices)}）。")
    return "、".join(choice for choice in field.choices if choice in chosen)


# ---- showing ------------------------------------------------------------------------------------------------

def show_date(value: date, pattern: str) -> str:
    """A date in the template's pattern of YYYY, MM and DD (2026-01-01, 2023.07.01 …)."""
    return pattern.replace("YYYY", f"{value.year:04d}").replace("MM", f"{value.month:02d}").replace(
        "DD", f"{value.day:02d}")


def show_month(year: int, month: int, pattern: str) -> str:
    return pattern.replace("YYYY", f"{year:04d}").replace("MM", f"{month:02d}")


def shown(template: Template, field: Field, value: FormValue) -> str:
    """A stored value as the template prints it (and as the window shows it): amounts in the form's style, dates
    and months in the template's patterns, check boxes ticked (□ / √), years with 年."""
    if value is None or value == "":
        return ""
    kind = field.type
    if kind == "amount":
        assert isinstance(value, int)
        return template.format_amount(value)
    if kind in ("date", "month"):
        return _shown_day(template, kind, value)
    if kind == "checks":
        chosen = set(str(value).split("、"))
        return " ".join(f"{choice}{'√' if choice in chosen else '□'}" for choice in field.choices)
    if kind == "years":
        return f"{value}年"
    return str(value)


def _shown_day(template: Template, kind: str, value: FormValue) -> str:
    geometry = template.geometry
    if isinstance(value, date):
        if kind == "month":
            return show_month(value.year, value.month, geometry.month_format)
        return show_date(value, geometry.date_format)
    text = str(value)
    if kind == "month" and re.fullmatch(r"\d{4}-\d{2}", text):
        return show_month(int(text[:4]), int(text[5:]), geometry.month_format)
    if kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return show_date(date.fromisoformat(text), geometry.date_format)
    return text


def edit_text(template: Template, field: Field, value: FormValue) -> str:
    """What a field shows for editing: the printed form, except check boxes as the chosen names and years bare."""
    if field.type in ("checks", "years"):
        return "" if value is None else str(value)
    return shown(template, field, value)


# ---- the template's own columns of the indicator grid and of budget lines ---------------------------------

def indicator_grid_columns(template: Template) -> tuple[str, ...]:
    """The indicator grid's columns by key: 一级, 二级, 三级, then 指标值 and the template's own (绩效标准, 权重 …)
    in the order the form prints them — 国家2021 prints 中期指标值 before 年度指标值, and a row copied from its table
    pasted into a grid with 年度 first swapped the two values without a word."""
    first = ("level1", "level2", "name")
    keys: list[str] = []
    for c in template.indicator_columns:
        if (c.key == "value" or c.extra and c.key not in first) and c.key not in keys:
            keys.append(c.key)
    if "value" not in keys:
        keys.insert(0, "value")
    return first + tuple(keys)


def parse_column(template: Template, column: Column, text: str) -> ExtraValue:
    """What a person typed into a column the template adds → its stored text (an amount column: 分 or None):
    ``number`` a plain number ("10"), ``value`` an indicator value in the template's print style, ``choice`` one
    of its choices, ``text`` as typed (stripped)."""
    if column.type == "amount":
        return parse_money(text, template.budget_unit)
    body = text.strip()
    if not body:
        return ""
    if column.type == "number":
        value = parse_value(body)
        if value.number is None or value.op is not None or value.unit:
            raise ParseError(f"{quote(text)}不是数字：“{column.label}”请只写一个数，如“10”。")
        return value.number
    if column.type == "value":
        return format_value(parse_value(body), template.value_style)
    if column.type == "choice":
        body = sole_choice(body, column.choices)
    if column.type == "choice" and body not in column.choices:
        raise ParseError(f"{quote(text)}不是“{column.label}”的可选值（可选：{'、'.join(column.choices)}）。")
    return body


def set_extra(extra: dict[str, ExtraValue], key: str, value: ExtraValue) -> None:
    """Store a column's value; a blank one is removed (a row without the template's own values has no extra)."""
    if value is None or value == "":
        extra.pop(key, None)
    else:
        extra[key] = value
