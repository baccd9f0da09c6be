"""Budget-line formulas as clerks write them evaluate exactly, and nothing else gets through."""
from __future__ import annotations

import contextlib
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from g60desk.domain import formula as formula_module
from g60desk.domain.formula import (
    MAX_FORMULA_CHARS,
    MEASURE_WORDS,
    FormulaError,
    evaluate_fen,
    evaluate_to_fen,
    round_half_up,
)
from g60desk.domain.textnorm import ParseError


class TestSeedFormulas:
    @pytest.mark.parametrize(
        ("text", "unit", "fen"),
        [
            ("0.9*12", "wan", 10_800_000),
            ("0.3276*12", "wan", 3_931_200),
            ("0.2*12", "wan", 2_400_000),
            ("1*12", "wan", 12_000_000),
            ("1469*16*12", "yuan", 28_204_800),
            ("1,469平*16*12", "yuan", 28_204_800),
            ("3.15万*12", "yuan", 37_800_000),
            ("3.15 万元*12", "yuan", 37_800_000),
            ("0.3*16*12", "wan", 57_600_000),
            ("0.3万元*16人*12月", "wan", 57_600_000),
            ("（1＋2）×3", "wan", 9_000_000),
            ("1,469平*9*12", "yuan", 15_865_200),
            ("1469 平*9*12", "yuan", 15_865_200),
            ("9000*2*12", "yuan", 21_600_000),
        ],
    )
    def test_examples(self, text, unit, fen):
        assert evaluate_fen(text, unit) == fen
        assert evaluate_to_fen(text, unit) == fen

    def test_default_unit_is_wan(self):
        assert evaluate_fen("0.9*12") == 10_800_000


class TestGrammar:
    @pytest.mark.parametrize(
        ("text", "wan"),
        [
            ("1+2*3", Fraction(7)),
            ("(1+2)*3", Fraction(9)),
            ("10-2-3", Fraction(5)),
            ("12/4/3", Fraction(1)),
            ("1/3", Fraction(1, 3)),
            ("-2*3", Fraction(-6)),
            ("2*-3", Fraction(-6)),
            ("--2", Fraction(2)),
            ("+2", Fraction(2)),
            ("-(1+2)", Fraction(-3)),
            (".5*2", Fraction(1)),
            ("1,000,000/1,000", Fraction(1000)),
            ("((((1))))", Fraction(1)),
            ("1 + 2", Fraction(3)),
            ("1\n+\t2", Fraction(3)),
        ],
    )
    def test_arithmetic(self, text, wan):
        assert evaluate_fen(text, "wan") == wan * 1_000_000

    def test_full_width_and_sign_variants(self):
        assert evaluate_fen("０．９＊１２") == 10_800_000
        assert evaluate_fen("0。9×12") == 10_800_000
        assert evaluate_fen("0.9x12") == evaluate_fen("0.9X12") == evaluate_fen("0.9✕12") == 10_800_000
        assert evaluate_fen("24÷2") == evaluate_fen("24／2") == 12_000_000
        assert evaluate_fen("−1+2") == 1_000_000

    @pytest.mark.parametrize("word", MEASURE_WORDS)
    def test_measure_words_are_ignored(self, word):
        assert evaluate_fen(f"2{word}*3", "yuan") == 600

    def test_square_metre_sign(self):
        assert evaluate_fen("1469㎡*16*12", "yuan") == 28_204_800


class TestMoneyUnits:
    def test_suffixed_numbers_convert_to_the_line_unit(self):
        assert evaluate_fen("3.15万*12", "yuan") == 37_800_000
        assert evaluate_fen("3.15万*12", "wan") == 37_800_000
        assert evaluate_fen("9000元*12", "wan") == 10_800_000
        assert evaluate_fen("12*3.15万", "yuan") == 37_800_000
        assert evaluate_fen("1万+2000元", "wan") == 1_200_000
        assert evaluate_fen("(1万+2000元)*12", "yuan") == 14_400_000
        assert evaluate_fen("6万/12", "yuan") == 500_000

    @pytest.mark.parametrize(
        ("text", "unit", "fen"),
        [
            ("0.45万元/人/月*24人*12月", "wan", 129_600_000),  # a unit price written with its units
            ("0.45万元/人/月×24人×12月", "wan", 129_600_000),
            ("16元/平/月*1469平*12", "yuan", 28_204_800),
            ("4500元/人/月*24*12", "wan", 129_600_000),
            ("0万元/人*8人", "wan", 0),
            ("2.5万/人*8", "yuan", 20_000_000),
        ],
    )
    def test_a_unit_price_keeps_its_per_unit(self, text, unit, fen):
        assert evaluate_fen(text, unit) == fen

    def test_a_number_after_the_slash_still_divides(self):
        assert evaluate_fen("36万/12", "wan") == 3_000_000
        assert evaluate_fen("36万/12月", "wan") == 3_000_000

    def test_a_per_unit_is_only_read_after_money(self):
        with pytest.raises(FormulaError) as caught:
            evaluate_fen("12/人", "wan")
        assert "第4个字符“人”无法识别" in caught.value.message and "单价可写成“0.3万元/人”" in caught.value.message

    @pytest.mark.parametrize(("text", "reason"), [("3万*2万", "相乘"), ("12/3万", "除数"), ("3万/2元", "除数")])
    def test_amounts_cannot_multiply_or_divide_amounts(self, text, reason):
        with pytest.raises(FormulaError) as caught:
            evaluate_fen(text, "yuan")
        assert reason in caught.value.message
        assert f"“{text}”" in caught.value.message


class TestRefusals:
    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("1/0", "除数为零"),
            ("5/(3-3)", "除数为零"),
            ("1/0.00", "除数为零"),
            ("(1+2", "缺少1个右括号"),
            ("((1", "缺少2个右括号"),
            ("1+2)", "第4个字符“)”没有对应的左括号"),
            (")(", "没有对应的左括号"),
            ("1=2", "第2个字符“=”无法识别"),
            ("0.9*12=10.8", "第7个字符“=”无法识别"),
            ("1469*a", "第6个字符“a”无法识别"),
            ("2**3", "前面缺少数字"),
            ("1+", "结尾缺少数字"),
            ("()", "前面缺少数字"),
            ("*2", "第1个字符“*”前面缺少数字"),
            ("2(3)", "前面缺少运算符"),
            ("5万3", "前面缺少运算符"),
            ("(1)2", "前面缺少运算符"),
            ("1,2*3", "千分位逗号"),
            ("1469,*2", "千分位逗号"),
            ("1²*2", "阿拉伯数字"),
            ("一百*2", "阿拉伯数字"),
            ("١٢*2", "阿拉伯数字"),
            ("1e5", "第2个字符“e”无法识别"),
            ("0.9。5", "第4个字符“。5”前面缺少运算符"),
            ("12。", "第3个字符“。”无法识别"),
            ("2^3", "第2个字符“^”无法识别"),
            ("__import__('os')", "第1个字符“_”无法识别"),
            ("1" * 16 + "*1", "结果过大"),
            ("(" * 21 + "1" + ")" * 21, "嵌套太深"),
            ("-" * 21 + "1", "嵌套太深"),
            ("1" * (MAX_FORMULA_CHARS + 1), "太长"),
        ],
    )
    def test_messages_name_the_formula_and_the_reason(self, text, reason):
        with pytest.raises(FormulaError) as caught:
            evaluate_fen(text, "wan")
        message = caught.value.message
        assert reason in message
        assert f"“{text[:24]}" in message

    @pytest.mark.parametrize("blank", ["", "   ", "\u3000", "\u200b"])
    def test_empty(self, blank):
        with pytest.raises(FormulaError, match="公式是空的"):
            evaluate_fen(blank)

    def test_twenty_levels_of_parentheses_are_allowed(self):
        assert evaluate_fen("(" * 20 + "1" + ")" * 20) == 1_000_000

    def test_two_hundred_characters_are_allowed(self):
        text = "+".join(["1"] * 100)[:MAX_FORMULA_CHARS].rstrip("+")
        assert len(text) <= MAX_FORMULA_CHARS
        assert evaluate_fen(text) == text.count("1") * 1_000_000

    def test_formula_error_is_a_parse_error(self):
        assert issubclass(FormulaError, ParseError)
        assert issubclass(FormulaError, ValueError)

    def test_never_uses_eval(self):
        source = Path(formula_module.__file__).read_text(encoding="utf-8")
        for forbidden in ("eval(", "exec(", "literal_eval", "compile("):
            assert forbidden not in source


class TestRounding:
    @pytest.mark.parametrize(
        ("value", "whole"),
        [(Fraction(5, 2), 3), (Fraction(-5, 2), -3), (Fraction(7, 3), 2), (Fraction(8, 3), 3), (Fraction(0), 0),
         (Fraction(-1, 3), 0), (Fraction(1, 2), 1)],
    )
    def test_round_half_up(self, value, whole):
        assert round_half_up(value) == whole

    def test_evaluate_to_fen_rounds_to_whole_fen(self):
        assert evaluate_fen("1/3", "yuan") == Fraction(100, 3)
        assert evaluate_to_fen("1/3", "yuan") == 33
        assert evaluate_to_fen("2/3", "yuan") == 67
        assert evaluate_to_fen("0.005", "yuan") == 1  # half a 分 rounds up


# --- properties ------------------------------------------------------------------------------------

@given(st.text(max_size=MAX_FORMULA_CHARS + 20))
@settings(max_examples=500)
def test_arbitrary_text_raises_only_formula_error(text):
    try:
        result = evaluate_fen(text, "yuan")
    except FormulaError as error:
        assert error.message
    else:
        assert isinstance(result, Fraction)


FORMULA_ALPHABET = st.sampled_from(list("0123456789+-*/()., 万元平人月×÷（）＋，。") + ["万元", "1,469"])


@given(st.lists(FORMULA_ALPHABET, max_size=80).map("".join))
@settings(max_examples=500)
def test_formula_like_text_raises_only_formula_error(text):
    try:
        evaluate_fen(text, "wan")
    except FormulaError as error:
        assert error.message


@given(st.text(min_size=MAX_FORMULA_CHARS + 1, max_size=MAX_FORMULA_CHARS * 50))
@settings(max_examples=50)
def test_over_long_text_is_refused_at_once(text):
    started = time.perf_counter()
    with pytest.raises(FormulaError, match="太长"):
        evaluate_fen(text)
    assert time.perf_counter() - started < 0.05


def test_worst_case_within_the_limit_is_fast():
    heavy = "/".join(["9999999"] * 25)[:MAX_FORMULA_CHARS]
    started = time.perf_counter()
    for text in (heavy, "(" * 20 + "-" * 20 + "1" + ")" * 20, "1/7+" * 49 + "1"):
        with contextlib.suppress(FormulaError):
            evaluate_fen(text, "yuan")
    assert time.perf_counter() - started < 0.5


def _render(tree) -> tuple[str, Fraction]:
    """A random expression tree → (formula text, exact value) computed independently with Fraction."""
    if isinstance(tree, str):
        return tree, Fraction(tree)
    op, left, right = tree
    left_text, left_value = _render(left)
    right_text, right_value = _render(right)
    value = {"+": left_value + right_value, "-": left_value - right_value,
             "*": left_value * right_value}[op]
    return f"({left_text}{op}{right_text})", value


LEAVES = st.from_regex(r"\A(0|[1-9][0-9]{0,3})(\.[0-9]{1,4})?\Z")
TREES = st.recursive(
    LEAVES,
    lambda children: st.tuples(st.sampled_from("+-*"), children, children),
    max_leaves=12,
)


@given(TREES)
def test_matches_exact_arithmetic(tree):
    text, value = _render(tree)
    if len(text) > MAX_FORMULA_CHARS or text.count("(") > 20:
        return
    if abs(value * 100) >= 10**15:
        with pytest.raises(FormulaError, match="结果过大"):
            evaluate_fen(text, "yuan")
    else:
        assert evaluate_fen(text, "yuan") == value * 100


@pytest.mark.parametrize(("text", "unit", "fen"), [
    ("60*5%", "wan", 3_000_000),                      # 60 万 × 5 %
    ("120万*2%", "yuan", 2_400_000),                  # 工会经费按工资总额 2% 计提 = 2.4 万, in a 元 line
    ("(100+20)*2.5%", "wan", 3_000_000),
    ("60*５％", "wan", 3_000_000),                    # full-width, as an IME types it
    ("1,000*12*10.5%", "yuan", 126_000),
])
def test_a_percentage_is_a_ratio(text, unit, fen):
    assert evaluate_fen(text, unit) == fen


@pytest.mark.parametrize("text", ["5%万元", "60*%", "%5", "60*5%%"])
def test_a_percentage_takes_no_unit_and_needs_its_number(text):
    with pytest.raises(FormulaError):
        evaluate_fen(text, "wan")
