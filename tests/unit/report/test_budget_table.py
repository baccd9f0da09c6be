"""六、年度预算安排 as a table (a template's ``budget_layout = "table"``): a column for each budget column, the
template's own too (上年预算数), each cell what the clerk typed, the column labels again on each page."""
from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import needs_poppler, pdftotext, squeeze

from g60desk.domain.model import BudgetGroup, BudgetLine, FundingExplanation
from g60desk.domain.template_file import TemplateError, parse_template
from g60desk.domain.wording import budget_table_rows
from g60desk.exchange.samples import sample_document
from g60desk.report import PrintOptions, render_pdf
from g60desk.report.explanation import budget_widths_mm

FIXTURE = Path(__file__).parents[2] / "fixtures" / "last-year-columns.toml"
TEXT = FIXTURE.read_text(encoding="utf-8")


def table_template():
    return parse_template(TEXT, FIXTURE.name)


def test_each_cell_is_what_the_clerk_typed_in_its_column_and_the_numbers_she_asked_for():
    template = table_template()
    assert template.budget_layout == "table"
    keys = [c.key for c in template.budget_columns]
    assert keys == ["label", "basis", "formula", "stated_fen", "last_year_fen", "remark"]
    explanation = FundingExplanation(budget_groups=[BudgetGroup(
        title="日常办公经费", text="按 41 人计。", numbering="（1）", lines=[
            BudgetLine(label="保洁服务：", basis="2名保洁员，每月9000元，全年合计", formula="0.9*12",
                       stated_fen=10_800_000, stated_text="10.80万", ending="；", remark="走电子集市",
                       extra={"last_year_fen": 9_600_000}, numbering="①",
                       children=[BudgetLine(label="保洁员", stated_fen=100)]),
            BudgetLine(label="绿化服务", stated_fen=3_931_200)])])
    rows = budget_table_rows(explanation, template.budget_columns, template.budget_unit)
    assert [(r.kind, r.depth) for r in rows] == [("title", 0), ("text", 0), ("line", 0), ("line", 1), ("line", 0)]
    assert rows[0].cells == ("一、日常办公经费",) and rows[1].cells == ("按 41 人计。",)
    assert rows[2].cells == ("（1）保洁服务：", "2名保洁员，每月9000元，全年合计", "0.9*12", "10.80万", "9.6万元",
                             "走电子集市")                    # the amount as typed; the ending "；" is the sentence's
    assert rows[3].cells[0] == "①保洁员" and rows[3].cells[3] == "0.0001万元"
    assert rows[4].cells[0] == "（2）绿化服务" and rows[4].cells[4] == ""      # blank stays blank


def test_widths_are_the_templates_or_the_page_shared_out():
    shared = budget_widths_mm(table_template())
    assert len(shared) == 6 and abs(sum(shared) - 174) < 0.01 and shared[1] > shared[3]
    text = TEXT.replace('goal_columns_mm = [61.0, 88.5]',
                        'goal_columns_mm = [61.0, 88.5]\nbudget_columns_mm = [30.0, 40.0, 30.0, 25.0, 25.0, 24.0]', 1)
    assert budget_widths_mm(parse_template(text)) == (30.0, 40.0, 30.0, 25.0, 25.0, 24.0)


@pytest.mark.parametrize(("edit", "words"), [
    (('budget_layout = "table"', 'budget_layout = "grid"'), "“grid”不是可用的取值（可用：text、table）"),
    (('goal_columns_mm = [61.0, 88.5]', 'goal_columns_mm = [61.0, 88.5]\nbudget_columns_mm = [30.0, 40.0, 104.0]'),
     "预算明细有 6 列，budget_columns_mm 给了 3 个宽度"),
    (('goal_columns_mm = [61.0, 88.5]',
      'goal_columns_mm = [61.0, 88.5]\nbudget_columns_mm = [30.0, 40.0, 30.0, 25.0, 25.0, 20.0]'),
     "各列宽度之和应为 A4 版心宽 174 毫米，实际是 170 毫米"),
])
def test_a_budget_table_that_does_not_fit_is_refused(edit, words):
    text = TEXT.replace(*edit, 1)
    assert text != TEXT
    with pytest.raises(TemplateError) as refused:
        parse_template(text)
    assert any(words in str(p) for p in refused.value.problems), refused.value.problems


@needs_poppler
def test_the_table_prints_every_column_and_its_labels_on_each_page(tmp_path):
    template = table_template()
    doc = sample_document("2022")                 # 43 budget lines over two pages
    doc.template, doc.templates = template.id, {template.id: template}
    for _, node in doc.iter_nodes():
        if node.form is not None:
            node.form.template, node.form.spec = template.id, template
    lines = [line for _, n in doc.iter_nodes() if n.explanation for line in n.explanation.iter_lines()]
    lines[0].extra = {"last_year_fen": 9_600_000}
    pdf = tmp_path / "table.pdf"
    render_pdf(doc, pdf, options=PrintOptions(prefer_system_font=False))
    pages = pdftotext(pdf, "-layout").split("\f")
    budget_pages = [p for p in pages if "上年预算数" in p]
    assert len(budget_pages) >= 3                   # two explanations, the first over two pages: labels again
    text = squeeze(pdftotext(pdf, "-raw"))           # each cell's lines together, cells in drawing order
    assert "名称测算依据计算公式申报金额上年预算数备注" in text
    assert "（1）保洁服务：2名保洁员，每月9000元，全年合计0.9*1210.8万9.6万元" in text   # 10.8万 as typed
    assert "0.9*12=10.8万" not in text               # not the sentence of the text layout
