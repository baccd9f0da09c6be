"""Amounts as clerks type and paste them become exact 分, and print the way the paper prints them."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60desk.domain.money import (
    FEN_PER_WAN,
    FEN_PER_YUAN,
    MAX_FEN,
    format_wan,
    format_wan_exact,
    format_yuan,
    parse_money,
    round_fen_to_wan_step,
)
from g60desk.domain.textnorm import ParseError

FEN = st.integers(min_value=0, max_value=10**13)


def test_unit_constants():
    assert FEN_PER_YUAN == 100
    assert FEN_PER_WAN == 1_000_000
    assert MAX_FEN == 10**15


class TestParseMoney:
    @pytest.mark.parametrize(
        ("typed", "fen"),
        [
            ("780,000.00", 78_000_000),
            ("１０５８００００", 1_058_000_000),
            ("７８，０００．００", 7_800_000),
            ("¥780000", 78_000_000),
            ("￥780,000.00", 78_000_000),
            ("78万", 78_000_000),
            ("78万元", 78_000_000),
            ("23.965万元", 23_965_000),
            ("10.8万", 10_800_000),
            ("3.9 万元", 3_900_000),
            ("780000元", 78_000_000),
            (" 0 ", 0),
            ("0.00", 0),
            ("0", 0),
            ("1,234,567.89", 123_456_789),
            ("0.01", 1),
            (".5", 50),
            ("5.", 500),
            ("780000。00", 78_000_000),
            ("1 000", 100_000),
            ("1,469", 146_900),
            ("\u200b780000\u200b", 78_000_000),
            ("９９９９９９９９９９９９９.９９", MAX_FEN - 1),
        ],
    )
    def test_accepts_every_spelling_in_yuan(self, typed, fen):
        assert parse_money(typed) == fen
        assert parse_money(typed, "yuan") == fen

    @pytest.mark.parametrize(
        ("typed", "fen"),
        [
            ("78", 78_000_000),
            ("23.965", 23_965_000),
            ("0.3276", 327_600),
            ("0.000001", 1),
            ("1,128.00", 1_128_000_000),
            ("780000元", 78_000_000),  # an explicit 元 overrides the bare-number unit
            ("78万元", 78_000_000),
        ],
    )
    def test_bare_numbers_in_wan(self, typed, fen):
        assert parse_money(typed, "wan") == fen

    def test_explicit_suffix_overrides_unit(self):
        assert parse_money("78万", "yuan") == parse_money("78", "wan")
        assert parse_money("780000元", "wan") == parse_money("780000", "yuan")

    @pytest.mark.parametrize("blank", ["", " ", "\t", "\u3000", "\n "])
    def test_blank_is_none_not_zero(self, blank):
        assert parse_money(blank) is None
        assert parse_money(blank, "wan") is None

    @pytest.mark.parametrize(
        ("typed", "reason"),
        [
            ("-5", "金额不能为负"),
            ("−5", "金额不能为负"),
            ("-0", "金额不能为负"),
            ("¥-5", "金额不能为负"),
            ("+5", "“+”"),
            ("1e5", "科学计数法"),
            ("1E5", "科学计数法"),
            ("2.5e-3", "科学计数法"),
            ("NaN", "不是一个具体的数字"),
            ("nan", "不是一个具体的数字"),
            ("inf", "不是一个具体的数字"),
            ("Infinity", "不是一个具体的数字"),
            ("1_000", "下划线"),
            ("١٢٣", "阿拉伯数字"),
            ("一百", "阿拉伯数字"),
            ("5²", "阿拉伯数字"),
            ("①", "阿拉伯数字"),
            ("1.2.3", "小数点"),
            ("78.5.0万", "小数点"),
            ("abc", "“a”"),
            ("78万元整", "“整”"),
            ("5-3", "“-”"),
            ("RMB100", "“R”"),
            ("1" * 41, "太长"),
            ("1" * 16, "金额过大"),
            ("10000000000000", "金额过大"),
            ("1000000000万", "金额过大"),
            ("0.001", "精度细于1分"),
            ("0.0000001万", "精度细于1分"),
            ("1.2345万元", None),  # exact: 12345 元, accepted (see below)
            ("1,2345", "千分位逗号"),
            ("12,34.5", "千分位逗号"),
            ("1234,567", "千分位逗号"),
            ("1,", "千分位逗号"),
            ("1.234,5", "逗号"),
            ("万元", "没有数字"),
            ("¥", "没有数字"),
            (".", "没有数字"),
            ("78元万", "只能写在数字"),
        ],
    )
    def test_refusals_name_the_input_and_the_reason(self, typed, reason):
        if reason is None:
            assert parse_money(typed) == 1_234_500
            return
        with pytest.raises(ParseError) as caught:
            parse_money(typed)
        message = caught.value.message
        assert reason in message
        shown = typed.strip()
        assert f"“{shown[:24]}" in message

    def test_wan_with_more_than_six_decimals_is_finer_than_a_fen(self):
        with pytest.raises(ParseError, match="精度细于1分"):
            parse_money("0.0000001", "wan")
        assert parse_money("0.0000010", "wan") == 1

    def test_misplaced_thousands_separators_are_refused_consistently(self):
        # Commas are only thousands separators in groups of three: "1,2345" and "78,5" are refused
        # (a European paste "78,5" means 78.5), in yuan and in wan alike.
        for unit in ("yuan", "wan"):
            for typed in ("1,2345", "78,5", "12,34,567", "7,8万"):
                with pytest.raises(ParseError, match="千分位逗号"):
                    parse_money(typed, unit)

    def test_forty_characters_are_still_read(self):
        assert parse_money(" " * 10 + "0" * 39 + "1" + " " * 10) == 100

    def test_unknown_unit_is_a_programming_error(self):
        with pytest.raises(ValueError):
            parse_money("1", "fen")

    @given(FEN)
    def test_round_trip_through_yuan_styles(self, fen):
        assert parse_money(format_yuan(fen)) == fen
        assert parse_money(format_yuan(fen, "thousands2")) == fen
        assert parse_money(format_yuan(fen, "plain")) == fen

    @given(FEN)
    def test_round_trip_through_exact_wan(self, fen):
        assert parse_money(format_wan_exact(fen) + "万") == fen
        assert parse_money(format_wan_exact(fen) + "万元") == fen
        assert parse_money(format_wan_exact(fen), "wan") == fen

    @given(st.text(max_size=50))
    def test_any_text_is_an_amount_none_or_a_parse_error(self, text):
        try:
            result = parse_money(text)
        except ParseError as error:
            assert error.message
        else:
            assert result is None or (isinstance(result, int) and 0 <= result < MAX_FEN)


class TestFormatYuan:
    @pytest.mark.parametrize(
        ("fen", "thousands2", "plain"),
        [
            (78_000_000, "780,000.00", "780000"),
            (1_058_000_000, "10,580,000.00", "10580000"),
            (1_058_000_050, "10,580,000.50", "10580000.5"),
            (1_058_000_005, "10,580,000.05", "10580000.05"),
            (1, "0.01", "0.01"),
            (99, "0.99", "0.99"),
            (100, "1.00", "1"),
            (-150, "-1.50", "-1.5"),
        ],
    )
    def test_styles(self, fen, thousands2, plain):
        assert format_yuan(fen) == thousands2
        assert format_yuan(fen, "thousands2") == thousands2
        assert format_yuan(fen, "plain") == plain

    def test_zero_prints_zero_in_both_styles(self):
        assert format_yuan(0) == "0"
        assert format_yuan(0, "plain") == "0"
        assert format_yuan(0, zero="0.00") == "0.00"

    def test_blank_prints_blank(self):
        assert format_yuan(None) == ""
        assert format_yuan(None, "plain") == ""

    def test_unknown_style(self):
        with pytest.raises(ValueError):
            format_yuan(1, "wan")


class TestFormatWan:
    @pytest.mark.parametrize(
        ("fen", "text"),
        [
            (287_965_000, "287.97"),
            (2_396_500, "2.40"),
            (23_965_000, "23.97"),  # Python's round(23.965, 2) gives 23.96; paper gives 23.97
            (23_964_999, "23.96"),
            (78_000_000, "78.00"),
            (5_000, "0.01"),
            (4_999, "0.00"),
            (0, "0.00"),
            (-23_965_000, "-23.97"),
        ],
    )
    def test_rounds_half_up_to_two_places(self, fen, text):
        assert format_wan(fen) == text

    def test_places_and_grouping(self):
        assert format_wan(23_965_000, places=0) == "24"
        assert format_wan(23_965_000, places=3) == "23.965"
        assert format_wan(23_965_432, places=6) == "23.965432"
        assert format_wan(1_128_000_000, grouping=True) == "1,128.00"
        with pytest.raises(ValueError):
            format_wan(1, places=7)

    def test_blank(self):
        assert format_wan(None) == ""
        assert format_wan_exact(None) == ""

    @pytest.mark.parametrize(
        ("fen", "text"),
        [(23_965_000, "23.965"), (78_000_000, "78"), (327_600, "0.3276"), (1, "0.000001"), (0, "0"),
         (-500_000, "-0.5")],
    )
    def test_exact(self, fen, text):
        assert format_wan_exact(fen) == text

    @given(st.integers(min_value=-(10**14), max_value=10**14), st.integers(min_value=0, max_value=6))
    def test_matches_decimal_half_up(self, fen, places):
        expected = (Decimal(str(fen)) / Decimal("1000000")).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        if expected.is_zero():
            expected = abs(expected)  # a rounded-away small negative prints "0.00", not "-0.00"
        assert format_wan(fen, places) == f"{expected:f}"


class TestRoundToWanStep:
    @pytest.mark.parametrize(
        ("fen", "places", "rounded"),
        [
            (23_965_000, 2, 23_970_000),
            (23_964_999, 2, 23_960_000),
            (2_396_500, 2, 2_400_000),
            (5_000, 2, 10_000),
            (4_999, 2, 0),
            (-5_000, 2, -10_000),
            (23_965_000, 0, 24_000_000),
            (23_965_001, 6, 23_965_001),
        ],
    )
    def test_examples(self, fen, places, rounded):
        assert round_fen_to_wan_step(fen, places) == rounded

    @given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(min_value=0, max_value=6))
    def test_nearest_multiple_of_the_step(self, fen, places):
        step = 10 ** (6 - places)
        rounded = round_fen_to_wan_step(fen, places)
        assert rounded % step == 0
        assert 2 * abs(rounded - fen) <= step


# ---- the one formatter ------------------------------------------------------------------------------

def test_format_money_exact_and_rounded():
    from g60desk.domain.money import format_money
    assert format_money(23_965_000) == "23.965"                       # 万元, exact, zeros trimmed
    assert format_money(78_000_000) == "78"
    assert format_money(85_000_000, min_places=2) == "85.00"
    assert format_money(1_058_000_000, min_places=2, grouping=True) == "1,058.00"
    assert format_money(23_965_000, places=2) == "23.97"              # 四舍五入, not Python's round
    assert format_money(-23_965_000, places=2) == "-23.97"
    assert format_money(28_204_800, places=0) == "28"
    assert format_money(78_000_000, "yuan", min_places=2, grouping=True) == "780,000.00"
    assert format_money(1_058_000_050, "yuan") == "10580000.5"
    assert format_money(None) == ""
    with pytest.raises(ValueError):
        format_money(1, "jin")
    with pytest.raises(ValueError):
        format_money(1, "yuan", places=3)


def test_the_named_styles_are_the_one_formatter():
    from g60desk.domain.money import format_money, format_wan, format_wan_exact, format_yuan
    for fen in (0, 1, 99, 10_000, 23_965_000, 1_058_000_050, 123_456_789_012):
        assert format_wan_exact(fen) == format_money(fen, "wan")
        assert format_wan(fen, 2, grouping=True) == format_money(fen, "wan", places=2, grouping=True)
        if fen:
            assert format_yuan(fen, "thousands2") == format_money(fen, "yuan", min_places=2, grouping=True)
            assert format_yuan(fen, "plain") == format_money(fen, "yuan")
