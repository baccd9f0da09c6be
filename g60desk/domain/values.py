"""Indicator values (指标值): one structured form, parsed from every spelling clerks type, printed per template."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .textnorm import OPERATOR_WORDS, ParseError, normalize_symbols, quote


@dataclass(frozen=True)
class IndicatorValue:
    """A target value: quantitative (op, number, unit) or qualitative (text); all blank is empty.

    ``number`` is a canonical decimal string ("85", "2.5", "20.96"), never a float.
    ``op`` is one of "=", "≥", "≤", ">", "<" or None (a bare number).
    """

    op: str | None = None
    number: str | None = None
    unit: str = ""
    text: str = ""

    @classmethod
    def empty(cls) -> IndicatorValue:
        return cls()

    @property
    def kind(self) -> str:
        if self.number is not None:
            return "quantitative"
        return "qualitative" if self.text else "empty"


__all__ = [
    "KNOWN_UNITS",
    "MAX_UNIT_CHARS",
    "MAX_VALUE_CHARS",
    "OPERATORS",
    "IndicatorValue",
    "canonical_number",
    "format_value",
    "parse_value",
    "value_number",
]

#: The operators a stored value may carry.
OPERATORS: tuple[str, ...] = ("=", "≥", "≤", ">", "<")
#: A value longer than this is refused as a paste mistake.
MAX_VALUE_CHARS = 200
#: A unit after an operator and a number may be anything this short without digits.
MAX_UNIT_CHARS = 12

#: Units recognised after a bare number with no operator (``5万元``, ``85%``, ``100人/场``). Without an
#: operator, a number followed by other words ("3个月内完成", "100%完成") is a qualitative text; with
#: an operator or in parentheses (``2.00(台套)``) any short unit is taken as typed.
KNOWN_UNITS: frozenset[str] = frozenset(
    """
    % ‰ 元 万元 万 亿元 千元 百万元 分 倍 级 星
    次 个 家 篇 场 人 人次 万人 万人次 名 位 户 所 座 处 间 条 项 件 份 台 套 台套 辆 艘 架 只 株 棵 头
    本 册 张 部 期 批 类 种 门 节 课时 学时 章 卷 组 支 队 个数
    天 日 工作日 月 个月 年 周 小时 分钟 秒 季度
    平方米 平 亩 公顷 公里 千米 米 吨 千克 公斤 立方米 千瓦 千瓦时 度
    km m kg t GB TB h
    """.split()
)

_OP_SIGNS = "=≥≤><"
_WORD_OPS = tuple(sorted((w for w, _ in OPERATOR_WORDS if not w.isascii()), key=len, reverse=True))
_WORD_OP_SIGN = dict(OPERATOR_WORDS)
_NUMBER = re.compile(r"(-?)(?:([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?|\.([0-9]+))")
_EXPONENT = re.compile(r"-?[0-9.]+[eE][+-]?[0-9]")
_NOT_A_NUMBER = re.compile(r"[+-]?(?:nan|inf(?:inity)?)(?![a-z])", re.IGNORECASE)
_UNIT_FORBIDDEN = re.compile(r"[0-9.,=≥≤<>\s]")
_SPACED_GE = re.compile(r">\s+=")  # "> =" and "＞ ＝" typed with a space
_SPACED_LE = re.compile(r"<\s+=")
_STYLES = ("2026", "2022")
_STYLE_2022_OPS = {"≥": ">=", "≤": "<="}


def canonical_number(sign: str, integer: str, fraction: str) -> str:
    """Digits → the stored form: no leading or trailing zeros, no exponent ("85.00" → "85", "100" → "100")."""
    integer = integer.replace(",", "").lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    text = f"{integer}.{fraction}" if fraction else integer
    return f"-{text}" if sign and text != "0" else text


def _split_op(text: str) -> tuple[str | None, bool, str]:
    """(op, came_from_a_word, rest) of a value after :func:`normalize_symbols`."""
    for word in _WORD_OPS:
        if text.startswith(word):
            return _WORD_OP_SIGN[word], True, text[len(word):]
    if text and text[0] in _OP_SIGNS:
        return text[0], False, text[1:]
    return None, False, text


def _parentheses_balanced(unit: str) -> bool:
    depth = 0
    for ch in unit:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _strip_parentheses(unit: str) -> tuple[str, bool]:
    """``"(万元/次)"`` → (``"万元/次"``, True) when one pair of parentheses encloses the whole (balanced) unit."""
    if not (unit.startswith("(") and unit.endswith(")")):
        return unit, False
    depth = 0
    for ch in unit[:-1]:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return unit, False
    return unit[1:-1], True


def _is_known_unit(unit: str) -> bool:
    return all(part in KNOWN_UNITS for part in unit.split("/"))


def _read_quantity(rest: str) -> tuple[str, str, bool] | None:
    """``"85.00(%)"`` → (``"85"``, ``"%"``, True: the unit was in parentheses).

    None when ``rest`` is not a number followed by an acceptable unit.
    """
    compact = "".join(rest.split())
    compact = re.sub(r"(?<=[0-9])。(?=[0-9])", ".", compact)
    match = _NUMBER.match(compact)
    if match is None:
        return None
    sign, integer, fraction, bare_fraction = match.groups()
    number = canonical_number(sign, integer or "", fraction or bare_fraction or "")
    tail = compact[match.end():]
    if not _parentheses_balanced(tail):
        return None
    unit, in_parentheses = _strip_parentheses(tail)
    if len(unit) > MAX_UNIT_CHARS or _UNIT_FORBIDDEN.search(unit):
        return None
    return number, unit, in_parentheses


def _refuse_non_numbers(text: str, rest: str) -> None:
    compact = "".join(rest.split())
    if _NOT_A_NUMBER.match(compact):
        raise ParseError(f"{quote(text)}不是有效的指标值：这不是一个具体的数字，请填写数字。")
    if _EXPONENT.match(compact):
        raise ParseError(f"{quote(text)}不是有效的指标值：不接受科学计数法，请直接写出数字。")


def parse_value(text: str) -> IndicatorValue:
    """Any spelling of an indicator value → its one stored form.

    ``">=85%"``, ``"≥85.00(%)"``, ``"＞＝85％"``, ``"不低于85%"`` → ``IndicatorValue("≥", "85", "%")``;
    bare ``"2"`` → ``(None, "2", "")``; words (完成, 否 …) → ``IndicatorValue(text=...)`` kept as typed;
    blank → empty. A sign (≥ ≤ > < =) must be followed by a number and an optional unit of at most
    12 characters without digits, else :class:`ParseError`. Without a sign, and after an operator
    *word* (不低于 …), the unit must be one of :data:`KNOWN_UNITS` (or in parentheses), else the whole
    input is a qualitative text as typed ("3个月内完成", "不低于去年水平"). 1e5, NaN and over-long
    input are refused.
    """
    stripped = text.strip()
    if not stripped:
        return IndicatorValue.empty()
    if len(stripped) > MAX_VALUE_CHARS:
        raise ParseError(f"{quote(text)}太长了：指标值不能超过{MAX_VALUE_CHARS}个字符，请精简后再填。")
    normalized = _SPACED_GE.sub("≥", _SPACED_LE.sub("≤", normalize_symbols(stripped)))
    op, from_word, rest = _split_op(normalized.strip())
    _refuse_non_numbers(text, rest)
    quantity = _read_quantity(rest)
    if quantity is not None:
        number, unit, in_parentheses = quantity
        strict_op = op is not None and not from_word
        if strict_op or in_parentheses or not unit or _is_known_unit(unit):
            return IndicatorValue(op=op, number=number, unit=unit)
    if op is not None and not from_word:
        raise ParseError(
            f"{quote(text)}不是有效的指标值：“{op}”后面应是一个数字和单位（单位最多{MAX_UNIT_CHARS}个字，"
            f"不含数字），如“≥85%”“≤2.50(万元/次)”；定性指标请直接写文字，不要加“{op}”。"
        )
    return IndicatorValue(text=stripped)


def _number_2026(number: str) -> str:
    integer, _, fraction = number.partition(".")
    return f"{integer}.{fraction.ljust(2, '0')}"


def format_value(v: IndicatorValue, style: str) -> str:
    """Print a value as a template does: ``"2026"`` → ``≥85.00(%)``; ``"2022"`` → ``>=85%``.

    Qualitative values print their text, empty values "".
    """
    if style not in _STYLES:
        raise ValueError(f"unknown value style {style!r}; expected one of {_STYLES}")
    if v.number is None:
        return v.text
    if style == "2026":
        unit = f"({v.unit})" if v.unit else ""
        return f"{v.op or ''}{_number_2026(v.number)}{unit}"
    op = _STYLE_2022_OPS.get(v.op or "", v.op or "")
    return f"{op}{v.number}{v.unit}"


def value_number(v: IndicatorValue) -> Decimal | None:
    """The number of a quantitative value as an exact Decimal; None for qualitative or empty values."""
    return None if v.number is None else Decimal(v.number)
