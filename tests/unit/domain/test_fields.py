"""A template field's value as a person types it: a choice is taken from the first characters of one choice."""
from __future__ import annotations

import pytest

from g60desk.domain.fields import parse_column, parse_field, sole_choice
from g60desk.domain.templates import get_template
from g60desk.domain.textnorm import ParseError


def typed(template_id: str, key: str, text: str):
    template = get_template(template_id)
    found = template.field(key)
    assert found is not None
    return parse_field(template, found, text)


def test_a_word_that_begins_one_choice_is_that_choice():
    choices = ("经济效益指标", "社会效益指标", "生态效益指标")
    assert sole_choice("社会", choices) == "社会效益指标"
    assert sole_choice("效益", choices) == "效益"                        # begins none: kept, and refused or flagged
    assert sole_choice("", choices) == ""
    assert sole_choice("经济效益指标", choices) == "经济效益指标"
    assert sole_choice("经", ("经济成本指标", "经济效益指标")) == "经"     # begins two: no guess


def test_a_header_choice_typed_by_its_first_characters_is_taken():
    # 甘肃2023's 项目类型: “延续” was refused (“不是“项目类型”的可选值”) though only 延续项目 begins so
    assert typed("甘肃2023", "project_type", "延续") == "延续项目"
    assert typed("甘肃2023", "project_type", " 新增 ") == "新增项目"
    with pytest.raises(ParseError, match="不是“项目类型”的可选值"):
        typed("甘肃2023", "project_type", "项目")


def test_check_boxes_typed_by_their_first_characters_are_taken():
    assert typed("国家2021", "attribute", "延续、新增") == "新增项目、延续项目"


def test_a_choice_column_of_the_grid_takes_the_first_characters_too():
    template = get_template("湘潭2023")
    standard = next(c for c in template.indicator_columns if c.key == "standard")
    assert parse_column(template, standard, "计划") == "计划标准"            # a pasted block as a typed cell
    with pytest.raises(ParseError):
        parse_column(template, standard, "标准")
