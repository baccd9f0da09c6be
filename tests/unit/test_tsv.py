"""Clipboard TSV as Excel/WPS write and read it: quoting, line breaks, trailing newline and columns."""
from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from g60desk.qt.editors.clipboard import format_tsv, parse_tsv


def test_excel_block_with_trailing_newline():
    assert parse_tsv("产出指标\t数量指标\t活动次数\t≥12次\r\n效益指标\t社会效益指标\t促进\t促进\r\n") == [
        ["产出指标", "数量指标", "活动次数", "≥12次"],
        ["效益指标", "社会效益指标", "促进", "促进"],
    ]


def test_quoted_cell_with_line_break_tab_and_doubled_quotes():
    text = '"第一行\n第二行"\t"含\t制表符"\t"他说""好"""\r\n'
    assert parse_tsv(text) == [["第一行\n第二行", "含\t制表符", '他说"好"']]


def test_cell_that_only_starts_with_a_quote_is_literal():
    assert parse_tsv('"好"字\t2\n') == [['"好"字', "2"]]


def test_lf_and_cr_line_breaks():
    assert parse_tsv("a\tb\nc\td") == [["a", "b"], ["c", "d"]]
    assert parse_tsv("a\rb\r") == [["a"], ["b"]]


def test_trailing_empty_columns_dropped_but_inner_empties_kept():
    assert parse_tsv("a\t\tc\t\t\r\nd\t\t\t\t\r\n") == [["a", "", "c"], ["d", "", ""]]


def test_empty_cells_and_rows_survive():
    assert parse_tsv("\r\n") == [[""]]
    assert parse_tsv("a\r\n\r\nb\r\n") == [["a"], [""], ["b"]]
    assert parse_tsv("") == []


def test_format_quotes_only_what_needs_it():
    assert format_tsv([["≥85%", 'a"b'], ["多\n行", "x\ty"]]) == '≥85%\t"a""b"\r\n"多\n行"\t"x\ty"\r\n'


_cells = st.text(alphabet=st.sampled_from(list('ab"\t\n\r 元，、≥%金融赋能')), max_size=6)


@st.composite
def _blocks(draw):
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(_cells, min_size=width, max_size=width), min_size=1, max_size=4))
    if width > 1 and all(row[-1] == "" for row in rows):
        rows[0][-1] = "末"  # a last column empty everywhere is dropped on purpose
    return rows


@given(_blocks())
def test_round_trip(rows):
    assert parse_tsv(format_tsv(rows)) == rows


@given(_blocks())
def test_round_trip_with_lf_and_no_trailing_newline(rows):
    text = format_tsv(rows)[:-2]  # a hand-copied block often lacks the final line break
    assume(any(rows[-1]))  # without the final break, a last row of empty cells cannot be told apart
    assert parse_tsv(text) == rows
