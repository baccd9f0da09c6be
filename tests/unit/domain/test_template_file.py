"""Template files (docs/templates.md): the bundled ones read, and every problem of a bad one named by line and key."""
from __future__ import annotations

from pathlib import Path

import pytest

from g60desk.domain.template_catalog import bundled
from g60desk.domain.template_file import MAX_TEMPLATE_CHARS, TemplateError, parse_template
from g60desk.domain.templates import get_template, installed
from g60desk.domain.toml_lines import key_lines


def shanghai_text() -> str:
    return get_template("上海2026").text


def problems(text: str) -> list[str]:
    with pytest.raises(TemplateError) as refused:
        parse_template(text, "测试.toml")
    return [str(p) for p in refused.value.problems]


def test_the_bundled_templates_are_read_with_their_source():
    found = {item.template.id: item for item in bundled()}
    assert {"上海2026", "上海2022"} <= set(found)
    for item in found.values():
        assert item.template.source and item.path.suffix == ".toml"
        assert item.template.text == item.path.read_text(encoding="utf-8")


def test_shanghai_2026_declares_the_form_as_the_program_printed_it():
    t = get_template("上海2026")
    assert t.header_fields == ("name", "nature", "category", "supervising_dept", "implementing_unit",
                               "planned_start", "planned_end")
    assert [(f.key, f.row, f.pair) for f in t.funding] == [
        ("project_total_fen", 4, 1), ("annual_request_fen", 4, 2), ("fiscal_fen", 5, 1), ("appropriation_fen", 5, 2),
        ("carryover_fen", 6, 2), ("other_fen", 7, 1), ("annual_other_fen", 7, 2)]
    assert t.format_amount(78_000_000) == "780,000.00" and t.format_amount(0) == "0"
    assert get_template("上海2022").format_amount(1_058_000_000) == "10580000"
    assert [f.id for f in t.frameworks] == ["2021", "legacy"]
    assert get_template("上海2022").framework == "legacy"
    assert t.has("section:period") and t.has("overview") and not get_template("上海2022").has("nature")


def test_the_line_of_every_key_is_known():
    lines = key_lines(shanghai_text())
    text_lines = shanghai_text().splitlines()
    assert 'key = "nature"' in text_lines[lines[("header", "fields", 1)] - 1]
    assert text_lines[lines[("frameworks", 1, "levels", "产出指标")] - 1].startswith('"产出指标"')
    assert 'parts = ["appropriation_fen"' in text_lines[lines[("funding", "identities", 1, "parts")] - 1]


def test_a_wrong_type_is_named_by_line_and_key():
    text = shanghai_text().replace('{ key = "planned_start", label = "计划开始日期", type = "date", row = 3 }',
                                   '{ key = "planned_start", label = "计划开始日期", type = "datum", row = 3 }')
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"datum"' in row)
    assert problems(text) == [(f"第 {line} 行，header.fields 第 6 项的 type：“datum”不是可用的取值"
                               "（可用：text、date、month、years、choice、checks、amount）")]


def test_a_toml_syntax_error_names_its_line():
    text = shanghai_text().replace('version = 1', 'version = 1,')
    [problem] = problems(text)
    assert problem.startswith("第 5 行，第 12 列：不是有效的 TOML")


def test_every_problem_is_listed_not_only_the_first():
    text = shanghai_text().replace('label = "项目性质", row = 1', 'label = "项目性质", row = 1, colour = "red"')
    text = text.replace('{ key = "carryover_fen", label = "上年结转资金", row = 3, pair = 2 }',
                        '{ key = "carryover_fen", label = "上年结转资金", row = 3, pair = 2 },\n'
                        '  { key = "other_fen", label = "又一个其他资金", row = 9 }')
    found = problems(text)
    assert len(found) == 2
    assert "header.fields 第 2 项的 colour：不认识的键“colour”" in found[0]
    assert "键“other_fen”已在“funding.cells 第 6 项的 key”声明过：每个键只能声明一次" in found[1]


@pytest.mark.parametrize(("edit", "words"), [
    (('key = "nature"', 'key = "Nature"'), "应以小写英文字母开头"),
    (('key = "nature"', 'key = "template"'), "程序保留的名称"),
    (('key = "nature"', 'key = "fiscal_fen"'), "“fiscal_fen”应写在 [funding] 里"),
    (('parts = ["fiscal_fen", "other_fen"]', 'parts = ["fiscal_fen", "others_fen"]'),
     "不是本模板 [funding] cells 里的格子"),
    (('{ key = "value", label = "年度(/项目)指标值", span = 2 }', '{ key = "value", label = "年度(/项目)指标值" }'),
     "指标表一行占 5 列（含 label 列），但纸上有 6 列"),
    (('columns_mm = [24.5, 30.0, 31.0, 46.0, 21.0, 21.5]', 'columns_mm = [24.5, 30.0, 31.0, 46.0, 21.0, 20.5]'),
     "各列宽度之和应为 A4 版心宽 174 毫米，实际是 173 毫米"),
    (('title = "财政项目支出绩效目标申报表"', 'title = "财政项目支出绩效目标申报表{yaer}"'), "不认识的占位符“{yaer}”"),
    (('id = "legacy"', 'id = "2021"'), "指标体系“2021”声明了两次"),
    (('satisfaction = { level1 = ["满意度指标"] }', 'satisfaction = { level1 = ["群众满意度"] }'),
     "“群众满意度”不是这个指标体系的一级或二级指标"),
    (('{ key = "category", label = "项目类别", row = 1 }',
      '{ key = "category", label = "项目类别", row = 1, type = "choice" }'), "要写出可选的取值 choices"),
])
def test_mistakes_a_bureau_may_make_are_refused_in_plain_words(edit, words):
    text = shanghai_text().replace(*edit, 1)
    assert text != shanghai_text()
    assert any(words in problem for problem in problems(text)), problems(text)


LAST_YEAR = (Path(__file__).parents[2] / "fixtures" / "last-year-columns.toml").read_text(encoding="utf-8")


def test_last_year_cells_and_columns_are_read_in_each_part():
    template = parse_template(LAST_YEAR)
    assert template.last_year_funding == (("last_request_fen", "annual_request_fen"),)
    assert template.last_year_indicators == (("last_value", "value"),)
    assert template.last_year_budget == (("last_year_fen", "stated_fen"),)
    assert not get_template("上海2026").last_year_funding + get_template("上海2026").last_year_budget


@pytest.mark.parametrize(("edit", "words"), [
    (('last_year_of = "annual_request_fen"', 'last_year_of = "last_request_fen"'), "上年的格子不能是它自己的上年"),
    (('last_year_of = "annual_request_fen"', 'last_year_of = "annual_requests_fen"'),
     "“annual_requests_fen”不是这一部分的格子或列（可用：project_total_fen、annual_request_fen"),
    (('last_year_of = "value"', 'last_year_of = "name"'), "“last_value”（value）放不下“name”（text）的值"),
    (('last_year_of = "stated_fen"', 'last_year_of = "remark"'), "“remark”不是这一部分的格子或列（可用：stated_fen）"),
    (('{ key = "carryover_fen", label = "上年结转资金", row = 3, pair = 2 }',
      '{ key = "carryover_fen", label = "上年结转资金", row = 3, pair = 2, last_year_of = "annual_request_fen" }'),
     "“carryover_fen”在程序中另有含义，不能用作上年的格子"),
    (('{ key = "other_fen", label = "其他资金", row = 4, pair = 1 }',
      ('{ key = "other_fen", label = "其他资金", row = 4, pair = 1 },\n'
       '  { key = "more_fen", label = "又一个上年", row = 5, last_year_of = "annual_request_fen" }')),
     "“annual_request_fen”的上年已是“last_request_fen”"),
    (('{ key = "nature", label = "项目性质", row = 1 }',
      '{ key = "nature", label = "项目性质", row = 1, last_year_of = "name" }'),
     "只有 [funding] cells 的金额格可以是上年的格子"),
])
def test_a_last_year_column_that_cannot_hold_its_figure_is_refused(edit, words):
    text = LAST_YEAR.replace(*edit, 1)
    assert text != LAST_YEAR
    assert any(words in problem for problem in problems(text)), problems(text)


def test_a_template_that_is_too_large_is_refused_before_it_is_read():
    text = shanghai_text() + "#" * MAX_TEMPLATE_CHARS
    assert problems(text) == [f"文件太大（{len(text):,} 个字符，上限 {MAX_TEMPLATE_CHARS:,}）"]


def test_a_field_without_row_starts_a_row_of_its_own_after_the_header():
    text = shanghai_text().replace('  { key = "planned_end", label = "计划完成日期", type = "date", row = 3 },',
                                   '  { key = "planned_end", label = "计划完成日期", type = "date", row = 3 },\n'
                                   '  { key = "project_code", label = "项目编码" },')
    t = parse_template(text)
    code = t.field("project_code")
    assert code is not None and code.extra and (code.row, code.pair) == (4, 1)
    assert [f.row for f in t.funding] == [5, 5, 6, 6, 7, 8, 8]   # the funding block follows the header rows
    assert "project_code" in t.extra_keys and t.has("project_code")


def test_installed_templates_follow_the_template_folder(tmp_path, monkeypatch):
    from g60desk.domain import template_catalog
    text = shanghai_text()
    monkeypatch.setenv(template_catalog.DIR_VARIABLE, str(tmp_path))
    assert installed() == {}
    (tmp_path / "mine.toml").write_text(text.replace('id = "上海2026"', 'id = "本局2027"'), encoding="utf-8")
    (tmp_path / "broken.toml").write_text("id = ", encoding="utf-8")
    template_catalog.clear_cache()
    assert list(installed()) == ["本局2027"]


def test_problems_come_in_the_order_of_the_file():
    """A person reads the list top to bottom with the file beside it; a missing key (no line) comes last."""
    text = 'id = "x"\nversion = 0\ntitle = 1\n[header]\nfields = [ { key = "Bad Key", label = "" } ]\n'
    with pytest.raises(TemplateError) as refused:
        parse_template(text, "本局.toml")
    lines = [p.line for p in refused.value.problems]
    assert lines == sorted(lines, key=lambda n: (n == 0, n)) and lines[0] == 2 and lines[-1] == 0
    assert refused.value.message.startswith("模板“本局.toml”不能使用（共 5 处问题）：第 2 行，version")
