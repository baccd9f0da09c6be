"""A formula's unit from the words of its line (domain/formula_unit.py)."""
from __future__ import annotations

import pytest

from g60desk.domain.formula_unit import formula_unit_from_words, writes_own_unit


@pytest.mark.parametrize(("formula", "words", "unit", "evidence"), [
    # the 2022 seed: 面积 1,469 平，物业管理费按 16 元/平/月，全年合计：1,469 平*16*12=28.20 万元
    ("1,469 平*16*12", ["面积 1,469 平，物业管理费按 16 元/平/月"], "yuan", "16 元/平/月"),
    ("1469*16*12", ["", "物业管理费按１６元／平／月"], "yuan", "16元/平/月"),     # full width, 名称 empty
    ("3.15*12", ["保洁保安费 3.15 万元/月"], "wan", "3.15 万元/月"),
    ("0.3*16*12", ["每人每月 0.3万元，16人"], "wan", "0.3万元"),
    ("0.9*12", ["单价 0.9 万元，另 500 元/次"], "wan", "0.9 万元"),           # the formula's own number first
    ("1469*192", ["按 16 元/平/月"], "yuan", "16 元/平/月"),                   # else a unit price
])
def test_the_words_of_the_line_decide(formula, words, unit, evidence):
    reading = formula_unit_from_words(formula, *words)
    assert reading is not None and reading.unit == unit and reading.evidence == evidence


@pytest.mark.parametrize(("formula", "words"), [
    ("0.9*12", []),                                          # no words
    ("0.9*12", ["保洁服务，全年"]),                            # words without a money unit
    ("3.15万*12", ["保洁保安费 3.15 万元/月"]),                 # the formula writes its unit: nothing to decide
    ("2*12", ["单价 2 万元，或 2 元/次"]),                      # both ways: the words do not decide
    ("", ["按 16 元/平/月"]),
])
def test_words_that_do_not_decide_leave_the_unit_alone(formula, words):
    assert formula_unit_from_words(formula, *words) is None


def test_a_formula_with_a_money_unit_needs_none():
    assert writes_own_unit("0.3万元/人*16人*12月") and writes_own_unit("16元/平/月*1469平*12")
    assert not writes_own_unit("1,469平*16*12")
