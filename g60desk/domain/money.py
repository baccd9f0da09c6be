"""Money: the one parser for typed or pasted amounts, and the printers of 元 and 万元 figures.

Inside the program money is always an ``int`` of 分 (fen); ``None`` is a blank cell, different from 0.
Only whole-number arithmetic is used here: 1 万元 = 1,000,000 分, so 万元 with 6 decimals is exact, and
rounding to print is 四舍五入 (half away from zero), never Python's ``round`` (which gives 23.96 for 23.965).
"""
from __future__ import annotations

import re

from .textnorm import ParseError, find_foreign_digit, normalize_number, quote, ungroup_thousands

__all__ = [
    "FEN_PER_WAN",
    "FEN_PER_YUAN",
    "MAX_FEN",
    "MAX_INPUT_CHARS",
    "fen_per_unit",
    "UNIT_WORDS",
    "format_money",
    "format_wan",
    "format_wan_exact",
    "format_yuan",
    "parse_money",
    "round_fen_to_wan_step",
]

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000
#: Amounts from 10^15 分 (10 万亿元) up are refused as typing mistakes.
MAX_FEN = 10**15
#: Longer input is refused before it is read.
MAX_INPUT_CHARS = 40

_UNIT_FEN = {"yuan": FEN_PER_YUAN, "wan": FEN_PER_WAN}
#: Suffixes that name the unit of the number, longest first.
_SUFFIXES = (("万元", FEN_PER_WAN), ("万", FEN_PER_WAN), ("元", FEN_PER_YUAN))
_NUMBER = re.compile(r"([0-9,]*)(?:\.([0-9]*))?")
_EXPONENT = re.compile(r"[0-9.][eE][+-]?[0-9]")
_NOT_A_NUMBER = re.compile(r"nan|inf", re.IGNORECASE)


def fen_per_unit(unit: str) -> int:
    """100 for ``"yuan"``, 1,000,000 for ``"wan"``; anything else is a programming error."""
    try:
        return _UNIT_FEN[unit]
    except KeyError:
        raise ValueError(f"unknown money unit {unit!r}; expected 'yuan' or 'wan'") from None


#: what a clerk may type into an amount cell, by the form's unit (a bare number is in that unit)
TYPING_EXAMPLES = {"yuan": "金额以元计，可写 780000、78万、７８，０００．００ 等",
                   "wan": "金额以万元计，可写 78、78.5万、780000元、７８ 等"}


def typing_hint(unit: str) -> str:
    """The line under a form's amounts: how to write one in this form's unit, blank ≠ 0, when it is saved."""
    return (f"{TYPING_EXAMPLES.get(unit, TYPING_EXAMPLES['yuan'])}；留空表示“空白”，与 0 不同。"
            "回车、Tab、离开输入框或停手半秒即保存；Esc 恢复原值。")


def parse_money(text: str, unit: str = "yuan") -> int | None:
    """An amount typed or pasted by a person → exact int 分; blank → None.

    ``unit`` ("yuan" or "wan") is the unit of a bare number; a 万/万元/元 suffix overrides it. Accepts
    thousands separators in groups of three, full-width characters, ``¥``, spaces and ``。`` as decimal
    point. Raises :class:`ParseError` for anything else (negative, 1e5, NaN, 1_000, 一百, finer than 1 分 …).
    """
    per_unit = fen_per_unit(unit)
    if not text.strip():
        return None
    if len(text.strip()) > MAX_INPUT_CHARS:
        raise ParseError(f"{quote(text)}不是金额：太长了（超过{MAX_INPUT_CHARS}个字符），请只填写一个数字。")
    foreign = find_foreign_digit(text)
    if foreign is not None:
        raise ParseError(f"{quote(text)}不是金额：含有“{foreign}”，请用阿拉伯数字0–9书写。")
    body = normalize_number(text)
    if body.startswith("¥"):
        body = body[1:]
    _refuse_special_forms(text, body)
    body, per_unit = _strip_suffix(body, per_unit)
    return _to_fen(text, body, per_unit)


def _refuse_special_forms(text: str, body: str) -> None:
    """Signs, scientific notation, NaN/inf and underscores each get their own explanation."""
    if body.startswith("-"):
        raise ParseError(f"{quote(text)}不是有效金额：金额不能为负。")
    if body.startswith("+"):
        raise ParseError(f"{quote(text)}不是金额：请去掉“+”号，直接写出数字。")
    if _NOT_A_NUMBER.search(body):
        raise ParseError(f"{quote(text)}不是金额：这不是一个具体的数字，请填写数字。")
    if _EXPONENT.search(body):
        raise ParseError(f"{quote(text)}不是金额：不接受科学计数法，请直接写出数字。")
    if "_" in body:
        raise ParseError(f"{quote(text)}不是金额：数字中不能有下划线“_”，请直接写出数字。")


def _strip_suffix(body: str, per_unit: int) -> tuple[str, int]:
    for suffix, fen in _SUFFIXES:
        if body.endswith(suffix):
            return body[: -len(suffix)], fen
    return body, per_unit


def _to_fen(text: str, body: str, per_unit: int) -> int:
    if body.count(".") > 1:
        raise ParseError(f"{quote(text)}不是金额：有两个以上小数点。")
    match = _NUMBER.fullmatch(body)
    if match is None:
        raise ParseError(_unreadable_message(text, body))
    integer_part, fraction = match.group(1), match.group(2) or ""
    digits = ungroup_thousands(integer_part)
    if digits is None:
        raise ParseError(f"{quote(text)}不是金额：千分位逗号的位置不对，应每三位一个，如“1,234,567.89”。")
    if not digits and not fraction:
        raise ParseError(f"{quote(text)}不是金额：没有数字。")
    scale: int = 10 ** len(fraction)
    numerator = int(digits or "0") * scale + int(fraction or "0")
    fen, remainder = divmod(numerator * per_unit, scale)
    if remainder:
        raise ParseError(f"{quote(text)}不是有效金额：精度细于1分，最多写到分（元的两位小数、万元的六位小数）。")
    if fen >= MAX_FEN:
        raise ParseError(f"{quote(text)}不是有效金额：金额过大（不能达到10万亿元），请检查是否多写了数字。")
    return fen


def _unreadable_message(text: str, body: str) -> str:
    bad = next((ch for ch in body if ch not in "0123456789,.万元¥"), None)
    if bad is not None:
        return f"{quote(text)}不是金额：含有不能识别的字符“{bad}”，请只填写数字（可带“元”或“万元”）。"
    if "万" in body or "元" in body or "¥" in body:
        return f"{quote(text)}不是金额：“¥”只能写在数字前面，“元”“万元”只能写在数字后面。"
    return f"{quote(text)}不是金额：小数部分不能有逗号，千分位逗号只用在整数部分。"


def _split_sign(fen: int) -> tuple[str, int]:
    return ("-", -fen) if fen < 0 else ("", fen)


#: 分 per unit and the most decimals an exact figure of the unit can need
_UNIT_PLACES = {"wan": (FEN_PER_WAN, 6), "yuan": (FEN_PER_YUAN, 2)}
#: the unit words a figure is followed by
UNIT_WORDS = {"wan": "万元", "yuan": "元"}


def format_money(fen: int | None, unit: str = "wan", *, places: int | None = None, min_places: int = 0,
                 grouping: bool = False) -> str:
    """THE formatter of amounts: 分 → a figure in 万元 (``unit="wan"``) or 元 (``"yuan"``); None → "".

    ``places=None`` is exact: every decimal the amount has (万元 to 6, 元 to 2), trailing zeros trimmed
    down to ``min_places`` — 23,965,000 分 → ``23.965`` 万元; ``min_places=2`` gives ``85.00``.
    ``places=n`` rounds 四舍五入 (halves away from zero) to n decimals: ``format_money(23_965_000, places=2)``
    → ``23.97``. ``grouping`` adds thousands separators (``1,058.00``). Every 万元/元 figure the program
    shows or prints is made here (the wrappers below give the named styles).
    """
    if fen is None:
        return ""
    try:
        per_unit, exact_places = _UNIT_PLACES[unit]
    except KeyError:
        raise ValueError(f"unknown money unit {unit!r}; expected 'yuan' or 'wan'") from None
    if places is not None:
        if not 0 <= places <= exact_places:
            raise ValueError(f"places must be 0..{exact_places} for {unit}, got {places}")
        fen = _round_to_step(fen, 10 ** (exact_places - places))
    sign, size = _split_sign(fen)
    whole, part = divmod(size, per_unit)
    whole_text = f"{whole:,}" if grouping else str(whole)
    digits = f"{part:0{exact_places}d}"
    if places is not None:
        decimals = digits[:places]
    else:
        decimals = digits.rstrip("0")
        decimals = decimals.ljust(min(max(min_places, 0), exact_places), "0")
    return f"{sign}{whole_text}.{decimals}" if decimals else f"{sign}{whole_text}"


def _round_to_step(fen: int, step: int) -> int:
    sign, size = _split_sign(fen)
    steps, remainder = divmod(size, step)
    if 2 * remainder >= step:
        steps += 1
    return -(steps * step) if sign else steps * step


def format_yuan(fen: int | None, style: str = "thousands2", zero: str = "0") -> str:
    """分 → 元 text. ``"thousands2"``: ``780,000.00``; ``"plain"``: ``10580000`` or ``10580000.5``.

    Exact, never rounded. None (blank) → "". Zero prints ``zero`` ("0" as in the 2026 document) in
    both styles.
    """
    if fen is None:
        return ""
    if fen == 0:
        return zero
    if style == "thousands2":
        return format_money(fen, "yuan", min_places=2, grouping=True)
    if style == "plain":
        return format_money(fen, "yuan")
    raise ValueError(f"unknown yuan style {style!r}; expected 'thousands2' or 'plain'")


def round_fen_to_wan_step(fen: int, places: int = 2) -> int:
    """``fen`` rounded 四舍五入 to a multiple of 0.01 万元 (places=2: of 10,000 分); halves go away from zero."""
    if not 0 <= places <= 6:
        raise ValueError(f"places must be 0..6 for 万元, got {places}")
    return _round_to_step(fen, 10 ** (6 - places))


def format_wan(fen: int | None, places: int = 2, grouping: bool = False) -> str:
    """分 → 万元 text rounded 四舍五入 to ``places`` decimals: 23,965,000 分 → ``"23.97"``; None → "".

    ``grouping=True`` adds thousands separators (``1,128.00``) as the overview paragraph prints them.
    """
    return format_money(fen, "wan", places=places, grouping=grouping)


def format_wan_exact(fen: int | None) -> str:
    """分 → 万元 with up to 6 decimals, trailing zeros trimmed: ``"23.965"``, ``"78"``, ``"0.3276"``."""
    return format_money(fen, "wan")
