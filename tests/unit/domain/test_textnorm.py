"""What clerks type with a Chinese IME or paste from Word reads the same as plain ASCII."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60desk.domain.textnorm import (
    CHAR_MAP,
    FORMULA_MAP,
    OPERATOR_WORDS,
    ParseError,
    find_foreign_digit,
    normalize,
    normalize_char,
    normalize_formula_char,
    normalize_number,
    normalize_symbols,
    quote,
    ungroup_thousands,
)


class TestParseError:
    def test_is_a_value_error_carrying_its_message(self):
        error = ParseError("“x”不是金额：含有不能识别的字符“x”。")
        assert isinstance(error, ValueError)
        assert error.message == "“x”不是金额：含有不能识别的字符“x”。"
        assert str(error) == error.message


class TestNormalize:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("７８，０００．００", "78,000.00"),
            ("１０５８００００", "10580000"),
            ("＞＝85％", "≥85%"),
            ("＜＝30天", "≤30天"),
            (">=85%", "≥85%"),
            ("<=30天", "≤30天"),
            ("≧85", "≥85"),
            ("⩾85", "≥85"),
            ("≦5", "≤5"),
            ("⩽5", "≤5"),
            ("大于等于90%", "≥90%"),
            ("大于或等于90%", "≥90%"),
            ("不低于85%", "≥85%"),
            ("不少于10次", "≥10次"),
            ("不小于3个", "≥3个"),
            ("小于等于5万元", "≤5万元"),
            ("不高于5万元", "≤5万元"),
            ("不超过30天", "≤30天"),
            ("不多于2次", "≤2次"),
            ("不大于2次", "≤2次"),
            ("≥85.00（%）", "≥85.00(%)"),
            ("￥780000", "¥780000"),
            ("−5", "-5"),
            ("–5", "-5"),
            ("—5", "-5"),
            ("‐5", "-5"),
            ("‑5", "-5"),
            ("―5", "-5"),
            ("－5", "-5"),
            ("85\u200b%", "85%"),
            ("\ufeff85", "85"),
            ("3.9\u3000万元", "3.9 万元"),
        ],
    )
    def test_maps_ime_and_word_spellings(self, typed, expected):
        assert normalize(typed) == expected

    def test_leaves_the_ideographic_full_stop_and_multiplication_signs_alone(self):
        # 。 and × are only read by the number and formula parsers, never rewritten in free text.
        assert normalize("完成。") == "完成。"
        assert normalize("3×4") == "3×4"
        assert normalize("Excel") == "Excel"

    def test_symbols_stage_keeps_operator_words(self):
        assert normalize_symbols("不低于85％") == "不低于85%"
        assert normalize_symbols("＞＝85") == "≥85"

    def test_tables_are_documented_data(self):
        assert CHAR_MAP["\u2212"] == "-"
        assert dict(OPERATOR_WORDS)["不低于"] == "≥"
        assert FORMULA_MAP["×"] == "*"
        words = [word for word, _ in OPERATOR_WORDS]
        # a longer spelling must be replaced before any spelling it contains
        for i, word in enumerate(words):
            for later in words[i + 1 :]:
                assert word not in later

    @given(st.text(max_size=60))
    def test_normalize_is_idempotent(self, text):
        once = normalize(text)
        assert normalize(once) == once


class TestNumberAndFormulaCharacters:
    def test_number_maps_full_stop_and_drops_spaces(self):
        assert normalize_number(" 78 000。5 ") == "78000.5"
        assert normalize_number("3.9 万元") == "3.9万元"
        assert normalize_number("7\u30008") == "78"

    @pytest.mark.parametrize("sign", ["×", "✕", "✖", "x", "X", "ｘ", "Ｘ", "*", "＊"])
    def test_multiplication_signs(self, sign):
        assert normalize_formula_char(sign) == "*"

    @pytest.mark.parametrize("sign", ["÷", "/", "／", "∕"])
    def test_division_signs(self, sign):
        assert normalize_formula_char(sign) == "/"

    def test_single_characters(self):
        assert normalize_char("（") == "("
        assert normalize_char("\u200b") == ""
        assert normalize_char("９") == "9"


class TestForeignDigits:
    @pytest.mark.parametrize("text", ["123", "１２３", "78万", "1亿", "¥780,000.00", "完成"])
    def test_accepts_ascii_and_fullwidth_digits(self, text):
        assert find_foreign_digit(text) is None

    @pytest.mark.parametrize(
        ("text", "culprit"),
        [("١٢٣", "١"), ("一百", "一"), ("5²", "²"), ("①", "①"), ("零", "零"), ("१२", "१"), ("½", "½")],
    )
    def test_names_the_first_foreign_digit(self, text, culprit):
        assert find_foreign_digit(text) == culprit


class TestThousands:
    @pytest.mark.parametrize(
        ("part", "digits"),
        [("1469", "1469"), ("1,469", "1469"), ("780,000", "780000"), ("1,234,567", "1234567"), ("", "")],
    )
    def test_groups_of_three(self, part, digits):
        assert ungroup_thousands(part) == digits

    @pytest.mark.parametrize("part", ["1,2345", "12,34", ",123", "123,", "1,,234", "1234,567", ","])
    def test_misplaced_commas_are_refused(self, part):
        assert ungroup_thousands(part) is None


def test_quote_shortens_long_input():
    assert quote("  1e5 ") == "“1e5”"
    assert quote("x" * 30) == "“" + "x" * 24 + "…”"
