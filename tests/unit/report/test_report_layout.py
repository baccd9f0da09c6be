"""Long texts and many rows break across pages like the paper form, never with a LayoutError."""
from __future__ import annotations

import re

import pytest
from report_helpers import needs_poppler, pdftotext, squeeze
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from g60desk.domain.model import Indicator
from g60desk.domain.values import parse_value
from g60desk.exchange.samples import sample_document
from g60desk.report import PrintOptions, render_pdf
from g60desk.report.fonts import load_fonts
from g60desk.report.grid import Cell, Grid, GridPart, Row, merge_runs
from g60desk.report.styles import FORM_COLUMNS, Styles

BUNDLED = PrintOptions(prefer_system_font=False)
GOAL_SENTENCE = "充分发挥金融服务实体经济特别是先进制造业的功能，打造产融结合新高地，服务 G60 科创走廊。"


def huge_document():
    """The 2026 sample with a 20,000-character goal and 300 indicators under one 一级/二级 on form 1."""
    doc = sample_document("2026")
    form = doc.departments[0].projects[0].children[0].form
    form.annual_goal = (GOAL_SENTENCE * 400)[:20_000]
    form.indicators = [Indicator("产出指标", "数量指标", f"第{i:03d}项产融对接活动" + "内容" * (i % 9),
                                 parse_value(f"≥{i}次")) for i in range(1, 301)]
    return doc


@pytest.fixture(scope="module")
def huge_pdf(tmp_path_factory):
    pdf = tmp_path_factory.mktemp("huge") / "huge.pdf"
    node = ("上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设", "金融赋能")
    pages = render_pdf(huge_document(), pdf, nodes=[node],
                       options=PrintOptions(prefer_system_font=False, include_explanations=False))
    return pdf, pages


def test_a_20000_character_goal_and_300_indicators_print(huge_pdf):
    _pdf, pages = huge_pdf
    assert 20 < pages < 80


@needs_poppler
def test_the_long_goal_is_printed_whole_across_pages(huge_pdf):
    pdf, _ = huge_pdf
    raw = squeeze(re.sub(r"第\s*\d+\s*页\s*共\s*\d+\s*页\s*校验码\s*\S+", "", pdftotext(pdf, "-raw")))
    goal = squeeze((GOAL_SENTENCE * 400)[:20_000])
    # each page repeats the form's title, its 项目名称 row and the goal headers between the pieces of the text
    caption = squeeze("财政项目支出绩效目标申报表 1（续）项目名称金融赋能项目性质其他经常性项目项目类别其他运转类")
    assert raw.count(caption) >= 5
    pieces = re.sub(r"项目绩效目标|项目总目标|年度总体目标", "", raw.replace(caption, ""))
    assert goal in pieces


@needs_poppler
def test_each_continued_page_repeats_the_headers_and_the_labels(huge_pdf):
    pdf, pages = huge_pdf
    texts = pdftotext(pdf, "-layout").split("\f")[:pages]
    indicator_pages = [t for t in texts if re.search(r"第\d{3}项产融对接活动", t)]
    assert len(indicator_pages) >= 5
    for text in indicator_pages[1:]:   # every page that continues the form: its title and 项目名称 again
        assert "财政项目支出绩效目标申报表 1（续）" in text and re.search(r"项目名称\s+金融赋能", text)
    for text in indicator_pages:
        assert "三级指标" in text and "年度(/项目)指标值" in text  # the header row again
        assert "绩效指标" in text and "产出指标" in text and "数量指标" in text  # labels cut at the page
    goal_pages = [t for t in texts if "服务 G60 科创走廊" in t]
    assert len(goal_pages) >= 5
    assert all("年度总体目标" in t and "项目绩效目标" in t for t in goal_pages)
    names = squeeze("".join(texts))
    for i in (1, 150, 300):
        assert f"第{i:03d}项产融对接活动" in names
    # the signature block comes once, after the last row
    assert sum(t.count("填报单位（盖章）") for t in texts) == 1
    assert "填报单位（盖章）" in indicator_pages[-1]


def test_a_cell_longer_than_a_page_is_cut_between_lines(tmp_path):
    doc = sample_document("2026")
    form = doc.departments[0].projects[0].children[1].form
    form.indicators[0].name = "超长三级指标文字" * 900
    form.supervising_dept = "上海市松江区" * 300
    node = ("上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设", "产业创新")
    pages = render_pdf(doc, tmp_path / "long-cell.pdf", nodes=[node], options=BUNDLED)
    assert pages >= 4


def test_a_long_explanation_flows_over_pages(tmp_path):
    doc = sample_document("2022")
    explanation = doc.departments[0].projects[0].explanation
    explanation.sections["plan"].text = "\n".join(["按照区科创发展办内控要求，合理合规使用经费。" * 30] * 40)
    pages = render_pdf(doc, tmp_path / "long.pdf", options=BUNDLED)
    assert pages > 20


def test_a_form_without_indicators_still_has_its_grid(tmp_path):
    doc = sample_document("2026")
    doc.departments[0].projects[0].children[0].form.indicators = []
    assert render_pdf(doc, tmp_path / "empty.pdf", options=BUNDLED) == 13


# ---- the grid itself -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def styles():
    return Styles(load_fonts(False))


def label_row(styles, level1, level2, name, height=None):
    p = lambda text: [Paragraph(text, styles.cell)]  # noqa: E731
    row = Row([Cell(p("绩效指标"), 0, merge="all"), Cell(p(level1), 1, merge=("l1", level1)),
               Cell(p(level2), 2, merge=("l2", level1, level2)), Cell(p(name), 3), Cell(p("完成"), 4, 2)])
    if height:
        row.min_height = height
    return row


def test_merge_runs_join_equal_neighbours_only(styles):
    rows = [label_row(styles, "产出指标", "数量指标", "a"), label_row(styles, "产出指标", "数量指标", "b"),
            label_row(styles, "产出指标", "质量指标", "c"), label_row(styles, "效益指标", "社会效益指标", "d")]
    runs = {(cell.col, first, last) for cell, first, last in merge_runs(rows)}
    assert (0, 0, 3) in runs                        # 绩效指标 spans all
    assert (1, 0, 2) in runs and (1, 3, 3) in runs  # 产出 over three rows, 效益 one
    assert (2, 0, 1) in runs and (2, 2, 2) in runs and (2, 3, 3) in runs


def test_a_group_cut_by_the_page_shows_its_label_on_both_parts(styles):
    body = [label_row(styles, "产出指标", "数量指标", f"指标{i}", height=20 * mm) for i in range(30)]
    grid = Grid(body, FORM_COLUMNS, 250 * mm, styles.fonts.name, header=[label_row(styles, "一级", "二级", "三级")])
    first, rest = grid.split(sum(FORM_COLUMNS), 100 * mm)
    assert isinstance(first, GridPart) and isinstance(rest, Grid)
    assert first.wrap(sum(FORM_COLUMNS), 100 * mm)[1] <= 100 * mm
    assert len(first.rows) == 1 + 4  # header + the four rows that fit
    assert len(rest.body) == 26 and rest.header == grid.header
    for part_rows in (first.rows[1:], rest.body):
        assert {(c.col, a, b) for c, a, b in merge_runs(part_rows) if c.col == 1} == {(1, 0, len(part_rows) - 1)}


def test_a_row_that_fits_a_fresh_page_moves_there_whole(styles):
    grid = Grid([label_row(styles, "产出指标", "数量指标", "x", height=60 * mm)], FORM_COLUMNS, 250 * mm,
                styles.fonts.name)
    assert grid.split(sum(FORM_COLUMNS), 40 * mm) == []


def test_a_row_taller_than_a_page_is_cut(styles):
    long = label_row(styles, "产出指标", "数量指标", "很长的三级指标" * 600)
    grid = Grid([long], FORM_COLUMNS, 250 * mm, styles.fonts.name)
    parts = grid.split(sum(FORM_COLUMNS), 250 * mm)
    assert len(parts) == 2
    assert parts[0].wrap(sum(FORM_COLUMNS), 250 * mm)[1] <= 250 * mm
    labels = [c for c in parts[1].body[0].cells if c.merge is not None]
    assert len(labels) == 3  # 绩效指标, 一级, 二级 again on the next page


# ---- the forms' own widths and continued pages --------------------------------------------------------

def test_the_2022_goal_columns_have_the_papers_widths(styles):
    from g60desk.domain.templates import get_template
    from g60desk.report.form import FormBuilder

    builder = FormBuilder(styles, 2022)
    widths = {year: builder.goals_grid(sample_document(year).departments[0].declared_nodes()[0].form,
                                       get_template(f"上海{year}")).widths for year in ("2022", "2026")}
    label, overall, annual = widths["2022"]
    assert label == pytest.approx(24.5 * mm) and overall + annual == pytest.approx(149.5 * mm)
    assert overall / annual == pytest.approx(85 / 64.5)           # the left goal column is the wider one
    label, overall, annual = widths["2026"]
    assert (overall, annual) == (pytest.approx(61 * mm), pytest.approx(88.5 * mm))


def test_a_grid_moved_whole_to_the_next_page_shows_the_forms_title_and_name_row(styles):
    from g60desk.report.grid import Caption

    caption = Caption(styles.bold("财政项目支出绩效目标申报表 1（续）", styles.title),
                      [label_row(styles, "项目名称", "金融赋能", "项目类别")], FORM_COLUMNS)
    grid = Grid([label_row(styles, "产出指标", "数量指标", f"指标{i}") for i in range(3)], FORM_COLUMNS, 250 * mm,
                styles.fonts.name, header=[label_row(styles, "一级", "二级", "三级")], caption=caption)
    alone = grid.wrap(sum(FORM_COLUMNS), 250 * mm)[1]
    assert grid.split(sum(FORM_COLUMNS), 10 * mm) == []           # no room here: the grid moves on
    moved = grid.wrap(sum(FORM_COLUMNS), 250 * mm)[1]
    assert moved == pytest.approx(alone + caption.height(sum(FORM_COLUMNS)))   # now with title and 项目名称
    first, rest = Grid(grid.body * 20, FORM_COLUMNS, 250 * mm, styles.fonts.name, header=grid.header,
                       caption=caption).split(sum(FORM_COLUMNS), 100 * mm)
    assert first.caption is None and rest.continued and rest.caption is caption   # only the continued part
