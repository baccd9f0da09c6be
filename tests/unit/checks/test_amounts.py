"""Money as the checks compare it, formulas evaluated exactly, and dates read out of Chinese prose."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60desk.checks.amounts import amount_in_text, exact_round, formula_fen, wan
from g60desk.checks.periods import TextDate, deadline_dates, parse_period
from g60desk.domain.formula import FormulaError, evaluate_fen


@pytest.mark.parametrize("fen, text", [
    (85_000_000, "85.00"), (1_058_000_000, "1,058.00"), (23_965_000, "23.965"), (28_204_800, "28.2048"),
    (3_931_200, "3.9312"), (0, "0.00"), (-10_000, "-0.01"), ((39_312_004, 10), "3.9312"),
    ((39_312_005, 10), "3.931201"), ((1, 3), "0.00"),
])
def test_wan_shows_two_decimals_or_every_decimal_down_to_fen(fen, text):
    assert wan(fen) == text


def test_exact_round_is_half_up_away_from_zero():
    assert exact_round((23_965_000, 1), 10_000) == 23_970_000
    assert exact_round((-23_965_000, 1), 10_000) == -23_970_000
    assert exact_round((5, 2), 1) == 3  # 2.5 分 → 3 分


@pytest.mark.parametrize("formula, unit, fen", [
    ("0.9*12", "wan", 10_800_000), ("0.3276*12", "wan", 3_931_200), ("1469*16*12", "yuan", 28_204_800),
    ("1,469平*9*12", "yuan", 15_865_200), ("3.15万*12", "yuan", 37_800_000), ("0.3*16*12", "wan", 57_600_000),
])
def test_formula_values(formula, unit, fen):
    assert formula_fen(formula, unit) == (fen, 1) or Fraction(*formula_fen(formula, unit)) == fen


def test_unreadable_formula_gives_the_evaluators_message():
    message = formula_fen("0.9*12#", "wan")
    assert isinstance(message, str) and "0.9*12#" in message


@given(st.lists(st.decimals(min_value=0, max_value=100000, places=4, allow_nan=False), min_size=1, max_size=4),
       st.sampled_from(["wan", "yuan"]))
def test_fast_path_agrees_with_the_evaluator(factors, unit):
    formula = "*".join(format(f, "f") for f in factors)
    value = formula_fen(formula, unit)
    if isinstance(value, str):  # too large an amount: the evaluator refuses it too
        with pytest.raises(FormulaError):
            evaluate_fen(formula, unit)
    else:
        assert Fraction(*value) == evaluate_fen(formula, unit)


@pytest.mark.parametrize("formula", [
    "1.*2", ".5*2", "1..2*3", "1.2.3*2", "0012*3", "1*2*3*4", "5*", "*5", "1.5*.5", "1**2", "12",
    "1" * 199 + "*2", "1" * 250 + "*2", "0." + "0" * 150 + "1*2*3", "99999999999*99999*9",
])
def test_fast_path_shapes_agree_with_the_evaluator(formula):
    """Odd shapes near the fast path: the same value, or the evaluator's own message."""
    for unit in ("wan", "yuan"):
        value = formula_fen(formula, unit)
        try:
            expected = evaluate_fen(formula, unit)
        except FormulaError as exc:
            assert value == exc.message
        else:
            assert Fraction(*value) == expected


@pytest.mark.parametrize("text, fen", [
    ("该项目年度财政资金预算安排金额78万元。", 78_000_000),
    ("该项目年度财政资金预算安排金额 23.965 万元。", 23_965_000),
    ("共两项，预算安排金额 1,200 元；另按 2.5万/人/年 计算。", 120_000),
    ("按 2.5万/人/年计算", None),
    ("一项 30 万元，一项 20 万元。", None),  # two amounts and no 合计/金额: ambiguous
    ("", None), ("没有金额", None),
])
def test_amount_in_text(text, fen):
    assert amount_in_text(text) == fen


@pytest.mark.parametrize("text, start, end", [
    ("2025年9月-2026年6月", TextDate(2025, 9), TextDate(2026, 6)),
    ("2025 年 9 月-2026 年 6 月", TextDate(2025, 9), TextDate(2026, 6)),
    ("2026年1月—2026年12月", TextDate(2026, 1), TextDate(2026, 12)),
    ("2022年 1月 1日至 2022年 12月 31日", TextDate(2022, 1, 1), TextDate(2022, 12, 31)),
    ("2022年1月至12月", TextDate(2022, 1), TextDate(2022, 12)),
    ("2026年1-12月", TextDate(2026, 1), TextDate(2026, 12)),
    ("2026-01-01至2026-12-31", TextDate(2026, 1, 1), TextDate(2026, 12, 31)),
    ("2025.9-2026.6", TextDate(2025, 9), TextDate(2026, 6)),
    ("2024-2026年", TextDate(2024), TextDate(2026)),
    ("２０２６年全年", TextDate(2026), TextDate(2026)),
])
def test_parse_period(text, start, end):
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize("text", ["全年", "", "长期", "2026年13月"])
def test_parse_period_without_a_date(text):
    assert parse_period(text) is None


def test_text_dates_agree_at_their_own_precision():
    assert TextDate(2026, 1).agrees_with(date(2026, 1, 1))
    assert TextDate(2026, 12).agrees_with(date(2026, 12, 31))
    assert TextDate(2026).agrees_with(date(2026, 7, 1))
    assert not TextDate(2026, 1, 2).agrees_with(date(2026, 1, 1))


def test_deadlines():
    assert deadline_dates("2022 年 12月 31日前完成") == (date(2022, 12, 31),)
    assert deadline_dates("2026年6月底前完成验收") == (date(2026, 6, 30),)
    assert deadline_dates("工作开展及时性") == ()
