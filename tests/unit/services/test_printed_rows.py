"""A block copied from a form printed with the value in parts (四川: 指标性质 · 指标值 · 度量单位) fits the grid."""
from __future__ import annotations

from g60desk.domain.templates import get_template
from g60desk.services.edits.indicators import grid_rows

SICHUAN = get_template("四川井研2023")
PRINTED = ["产出指标", "数量指标", "养护里程", "≥", "120", "公里", "30", "正向指标"]


def test_a_printed_row_at_the_first_column_has_its_value_parts_joined():
    assert grid_rows(SICHUAN, 0, [PRINTED]) == [["产出指标", "数量指标", "养护里程", "≥120公里", "30", "正向指标"]]


def test_other_blocks_paste_as_they_are():
    grid_row = ["产出指标", "数量指标", "养护里程", "≥120公里", "30", "正向指标"]
    assert grid_rows(SICHUAN, 0, [grid_row]) == [grid_row]              # copied from the grid itself
    assert grid_rows(SICHUAN, 1, [PRINTED]) == [PRINTED]                # not at the first column
    assert grid_rows(get_template("上海2026"), 0, [PRINTED]) == [PRINTED]   # a template printing one value column
