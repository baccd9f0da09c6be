"""Budget-line formulas ("0.9*12", "1,469平*16*12", "3.15万*12"): a small exact evaluator, never ``eval``.

Grammar (whitespace is ignored everywhere, as inside typed amounts)::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := ("+" | "-") unary | primary
    primary := NUMBER ["%" | SUFFIX] | "(" expr ")"
    NUMBER  := digits with optional thousands commas in groups of three, optional decimals
    SUFFIX  := MONEY ("/" MEASURE)* | MEASURE
    MONEY   := 万元 | 万 | 元
    MEASURE := a measure word (平, 人, 月, 个, 次 … see MEASURE_WORDS)

Full-width input and × ✕ x X ÷ are read through :mod:`textnorm`. Units:

- a bare number is in the line's unit (``unit``: "wan" or "yuan");
- a number written with 万元/万/元 is converted into the line's unit first ("3.15万*12" in a 元 line is
  31500*12 元);
- a measure word (``1469平``, ``16人``, ``12月``) is only a label and is ignored, and so is the per-unit of a
  unit price (``0.3万元/人*16人*12月``, ``16元/平/月*1469平*12``): a "/" right after 万元/万/元 and followed by
  a measure word is part of the price's unit, not a division (a number after the "/" still divides:
  ``36万/12``);
- a percentage is a ratio: ``60*5%`` is 60 × 0.05 (工会经费按工资总额 2% 计提: ``120万*2%``); it takes no unit;
- one product may hold at most one number with a money unit, and such a number may not be a divisor
  ("3万*2万" and "12/3万" are refused: their result is no amount).

All arithmetic is on :class:`fractions.Fraction`; the result is an exact number of 分.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .money import FEN_PER_WAN, FEN_PER_YUAN, MAX_FEN, fen_per_unit
from .textnorm import ParseError, find_foreign_digit, normalize_formula_char, quote, ungroup_thousands

__all__ = [
    "MAX_FORMULA_CHARS",
    "MAX_NESTING",
    "MEASURE_WORDS",
    "FormulaError",
    "evaluate_fen",
    "evaluate_to_fen",
    "round_half_up",
]

MAX_FORMULA_CHARS = 200
#: Parentheses and unary signs nested deeper than this are refused.
MAX_NESTING = 20

#: Labels glued to numbers in real formulas; ignored when evaluating. Longest first.
MEASURE_WORDS: tuple[str, ...] = tuple(
    sorted(
        "平方米 平米 平 人次 人 个月 月 个 次 场 天 日 年 名 家 篇 小时 周 期 项 件 份 台 套 户 张 本 间 批 辆".split(),
        key=len,
        reverse=True,
    )
)
_MONEY_SUFFIXES: tuple[tuple[str, int], ...] = (("万元", FEN_PER_WAN), ("万", FEN_PER_WAN), ("元", FEN_PER_YUAN))
#: Characters mapped before NFKC, which would otherwise turn them into letters and digits.
_PRE_MAP = {"㎡": "平方米"}
_DIGITS = "0123456789"
_OPERATORS = "+-*/"


class FormulaError(ParseError):
    """A formula that cannot be evaluated; ``message`` names the formula and what is wrong."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "op", "(", ")"
    position: int  # 1-based position of its first character in the formula as typed
    text: str = ""
    value: Fraction = Fraction(0)
    money: bool = False  # written with 万元/万/元


@dataclass(frozen=True)
class _Quantity:
    value: Fraction  # in the line's unit
    money: bool


def round_half_up(value: Fraction) -> int:
    """四舍五入 to a whole number; halves go away from zero (-2.5 → -3)."""
    whole, remainder = divmod(abs(value.numerator), value.denominator)
    if 2 * remainder >= value.denominator:
        whole += 1
    return -whole if value < 0 else whole


def evaluate_fen(formula: str, unit: str = "wan") -> Fraction:
    """The exact value of ``formula`` in 分; bare numbers are in ``unit`` ("wan" or "yuan")."""
    line_fen = fen_per_unit(unit)
    tokens = _tokenize(formula, line_fen)
    _check_parentheses(formula, tokens)
    result = _Parser(formula, tokens).parse()
    fen = result.value * line_fen
    if abs(fen) >= MAX_FEN:
        raise FormulaError(f"公式{quote(formula)}的结果过大（不能达到10万亿元），请检查是否多写了数字。")
    return fen


def evaluate_to_fen(formula: str, unit: str = "wan") -> int:
    """:func:`evaluate_fen` rounded 四舍五入 to whole 分."""
    return round_half_up(evaluate_fen(formula, unit))


def _normalized_chars(formula: str) -> list[tuple[str, int]]:
    """Each character after normalising, with the 1-based position of the character typed; no whitespace."""
    chars: list[tuple[str, int]] = []
    for index, typed in enumerate(formula, start=1):
        for ch in normalize_formula_char(_PRE_MAP.get(typed, typed)):
            if not ch.isspace():
                chars.append((ch, index))
    return chars


def _tokenize(formula: str, line_fen: int) -> list[_Token]:
    if len(formula) > MAX_FORMULA_CHARS:
        raise FormulaError(f"公式{quote(formula)}太长了：不能超过{MAX_FORMULA_CHARS}个字符。")
    foreign = find_foreign_digit("".join(_PRE_MAP.get(ch, ch) for ch in formula))
    if foreign is not None:
        raise FormulaError(f"公式{quote(formula)}含有“{foreign}”：请用阿拉伯数字0–9书写。")
    chars = _normalized_chars(formula)
    if not chars:
        raise FormulaError("公式是空的：请填写算式，如“0.9*12”，或清空公式栏。")
    tokens: list[_Token] = []
    index = 0
    while index < len(chars):
        ch, position = chars[index]
        if ch in _DIGITS or (ch in ".。" and _digit_at(chars, index + 1)):
            token, index = _read_number(formula, chars, index, line_fen)
            tokens.append(token)
        elif ch in _OPERATORS:
            tokens.append(_Token("op", position, ch))
            index += 1
        elif ch in "()":
            tokens.append(_Token(ch, position, ch))
            index += 1
        else:
            raise FormulaError(
                f"公式{quote(formula)}第{position}个字符“{formula[position - 1]}”无法识别："
                "公式只能含数字、+ - * /、百分号和括号，数字后可带“万元”“元”或“平”“人”“月”等量词，"
                "单价可写成“0.3万元/人”。"
            )
    return tokens


def _digit_at(chars: list[tuple[str, int]], index: int) -> bool:
    return index < len(chars) and chars[index][0] in _DIGITS


def _read_number(formula: str, chars: list[tuple[str, int]], start: int, line_fen: int) -> tuple[_Token, int]:
    index = start
    integer = ""
    while index < len(chars) and (chars[index][0] in _DIGITS or chars[index][0] == ","):
        integer += chars[index][0]
        index += 1
    fraction = ""
    if index < len(chars) and chars[index][0] in ".。" and _digit_at(chars, index + 1):
        index += 1
        while _digit_at(chars, index):
            fraction += chars[index][0]
            index += 1
    position = chars[start][1]
    typed = formula[position - 1 : chars[index - 1][1]]
    digits = None if integer.endswith(",") else ungroup_thousands(integer)
    if digits is None:
        raise FormulaError(
            f"公式{quote(formula)}中的“{typed}”：千分位逗号的位置不对，应每三位一个，如“1,469”。"
        )
    value = Fraction(int((digits or "0") + fraction), 10 ** len(fraction))
    if index < len(chars) and chars[index][0] == "%":   # a ratio (2%), never an amount
        return _Token("num", position, typed + "%", value / 100, False), index + 1
    suffix, suffix_fen, index = _read_suffix(chars, index)
    if suffix_fen:
        value = value * suffix_fen / line_fen
    return _Token("num", position, typed + suffix, value, bool(suffix_fen)), index


def _read_suffix(chars: list[tuple[str, int]], index: int) -> tuple[str, int, int]:
    """(suffix, 分 per unit of a money suffix or 0, index after it) of the suffix at ``index``, if any; a money
    suffix takes the per-units that follow it ("万元/人/月")."""
    rest = "".join(ch for ch, _ in chars[index : index + 3])
    for suffix, fen in _MONEY_SUFFIXES:
        if rest.startswith(suffix):
            index += len(suffix)
            while index < len(chars) and chars[index][0] == "/":
                word = _measure_word_at(chars, index + 1)
                if not word:
                    break
                suffix += "/" + word
                index += 1 + len(word)
            return suffix, fen, index
    word = _measure_word_at(chars, index)
    return word, 0, index + len(word)


def _measure_word_at(chars: list[tuple[str, int]], index: int) -> str:
    """The measure word starting at ``index`` ("" when there is none)."""
    rest = "".join(ch for ch, _ in chars[index : index + 3])
    for word in MEASURE_WORDS:
        if rest.startswith(word):
            return word
    return ""


def _check_parentheses(formula: str, tokens: list[_Token]) -> None:
    depth = 0
    for token in tokens:
        if token.kind == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise FormulaError(f"公式{quote(formula)}的括号嵌套太深（超过{MAX_NESTING}层），请简化算式。")
        elif token.kind == ")":
            depth -= 1
            if depth < 0:
                raise FormulaError(f"公式{quote(formula)}第{token.position}个字符“)”没有对应的左括号。")
    if depth > 0:
        raise FormulaError(f"公式{quote(formula)}的括号不配对：缺少{depth}个右括号“)”。")


class _Parser:
    """Recursive descent over the tokens; ``depth`` counts open parentheses and unary signs."""

    def __init__(self, formula: str, tokens: list[_Token]) -> None:
        self.formula = formula
        self.tokens = tokens
        self.index = 0

    def parse(self) -> _Quantity:
        result = self._expr(0)
        if self.index < len(self.tokens):
            token = self.tokens[self.index]
            raise self._error(f"第{token.position}个字符“{token.text}”前面缺少运算符（+ - * /）")
        return result

    def _error(self, reason: str) -> FormulaError:
        return FormulaError(f"公式{quote(self.formula)}{reason}。")

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _peek_op(self, ops: str) -> str | None:
        token = self._peek()
        if token is not None and token.kind == "op" and token.text in ops:
            self.index += 1
            return token.text
        return None

    def _expr(self, depth: int) -> _Quantity:
        left = self._term(depth)
        while (op := self._peek_op("+-")) is not None:
            right = self._term(depth)
            value = left.value + right.value if op == "+" else left.value - right.value
            left = _Quantity(value, left.money or right.money)
        return left

    def _term(self, depth: int) -> _Quantity:
        left = self._unary(depth)
        while (op := self._peek_op("*/")) is not None:
            right = self._unary(depth)
            left = self._multiply(left, right) if op == "*" else self._divide(left, right)
        return left

    def _multiply(self, left: _Quantity, right: _Quantity) -> _Quantity:
        if left.money and right.money:
            raise self._error("把两个带“万元/元”的金额相乘，结果不是金额；单价×数量中只有一个数可以带金额单位")
        return _Quantity(left.value * right.value, left.money or right.money)

    def _divide(self, left: _Quantity, right: _Quantity) -> _Quantity:
        if right.money:
            raise self._error("除数带有“万元/元”，结果不是金额；金额单位只能写在被除数上")
        if right.value == 0:
            raise self._error("中除数为零，无法计算")
        return _Quantity(left.value / right.value, left.money)

    def _unary(self, depth: int) -> _Quantity:
        op = self._peek_op("+-")
        if op is None:
            return self._primary(depth)
        if depth + 1 > MAX_NESTING:
            raise self._error(f"的正负号或括号嵌套太深（超过{MAX_NESTING}层），请简化算式")
        operand = self._unary(depth + 1)
        return operand if op == "+" else _Quantity(-operand.value, operand.money)

    def _primary(self, depth: int) -> _Quantity:
        token = self._peek()
        if token is None:
            raise self._error("不完整：结尾缺少数字")
        self.index += 1
        if token.kind == "num":
            return _Quantity(token.value, token.money)
        if token.kind == "(":
            inner = self._expr(depth + 1)
            closing = self._peek()
            if closing is None or closing.kind != ")":
                raise self._error(f"第{token.position}个字符“(”的括号内算式不完整")
            self.index += 1
            return inner
        raise self._error(f"第{token.position}个字符“{token.text}”前面缺少数字")
