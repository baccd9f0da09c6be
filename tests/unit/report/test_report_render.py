"""render_pdf: what it includes, how it numbers, progress, and an atomic file."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from report_helpers import needs_poppler, pdftotext, squeeze

from g60desk.domain.model import BudgetGroup, BudgetLine, FundingExplanation
from g60desk.domain.wording import budget_paragraphs
from g60desk.exchange.samples import sample_document
from g60desk.report import PrintOptions, ReportError, Signature, render_pdf
from g60desk.report.render import declared_items, select_items

BUNDLED = PrintOptions(prefer_system_font=False)
DEPT26 = "上海市松江区长三角G60科创走廊创新研究中心"
PROJECT26 = "G60 科创走廊建设"


def test_chosen_nodes_print_only_their_explanation_and_form(tmp_path):
    doc = sample_document("2026")
    pages = render_pdf(doc, tmp_path / "one.pdf", nodes=[(DEPT26, PROJECT26, "政策研究")], options=BUNDLED)
    assert pages == 2


@needs_poppler
def test_a_chosen_node_keeps_its_number(tmp_path):
    doc = sample_document("2026")
    render_pdf(doc, tmp_path / "one.pdf", nodes=[(DEPT26, PROJECT26, "政策研究")], options=BUNDLED)
    text = squeeze(pdftotext(tmp_path / "one.pdf"))
    assert "项目经费情况说明5" in text and "财政项目支出绩效目标申报表5" in text
    assert "绩效目标设置情况" not in text and "金融赋能" not in text


def test_a_project_path_takes_all_its_declared_sub_projects():
    doc = sample_document("2026")
    items = select_items(doc, [(DEPT26, PROJECT26)])
    assert [i.number for i in items] == [1, 2, 3, 4, 5, 6]
    asked = [(DEPT26, PROJECT26, "宣传推广"), (DEPT26, PROJECT26, "金融赋能")]
    # document order, not the order asked
    assert [i.node.name for i in select_items(doc, asked)] == ["金融赋能", "宣传推广"]


def test_an_unknown_path_is_refused_in_chinese(tmp_path):
    doc = sample_document("2026")
    with pytest.raises(ReportError, match="文件中没有“上海市松江区长三角G60科创走廊创新研究中心/不存在”"):
        render_pdf(doc, tmp_path / "x.pdf", nodes=[(DEPT26, "不存在")], options=BUNDLED)
    assert not (tmp_path / "x.pdf").exists()


def test_an_empty_choice_is_refused():
    with pytest.raises(ReportError, match="没有选择要打印的项目"):
        select_items(sample_document("2026"), [])


def test_forms_only(tmp_path):
    doc = sample_document("2026")
    options = PrintOptions(prefer_system_font=False, include_explanations=False, include_overview=False)
    assert render_pdf(doc, tmp_path / "forms.pdf", options=options) == 6


def test_numbers_run_per_department():
    doc = sample_document("2022")
    assert [(i.number, i.node.name) for i in declared_items(doc)] == [(1, "G60 科创走廊建设"), (2, "宣传与推广")]


def test_progress_counts_nodes_then_the_written_file(tmp_path):
    calls = []
    render_pdf(sample_document("2026"), tmp_path / "p.pdf", options=BUNDLED,
               progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (7, 7)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) == 7


def test_the_file_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    import g60desk.report.render as render

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(render.BaseDocTemplate, "build", broken)
    with pytest.raises(RuntimeError):
        render_pdf(sample_document("2026"), target, options=BUNDLED)
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left


def test_an_existing_pdf_is_replaced(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    render_pdf(sample_document("2022"), target, options=BUNDLED)
    assert target.read_bytes().startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == [target]


def test_the_same_document_prints_the_same_bytes(tmp_path):
    doc = sample_document("2026")
    render_pdf(doc, tmp_path / "a.pdf", options=BUNDLED)
    render_pdf(doc, tmp_path / "b.pdf", options=BUNDLED)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@needs_poppler
def test_signature_values_and_choice_of_fields(tmp_path):
    signature = Signature(unit="上海市松江区科创发展办公室", leader="张三", phone="021-12345678",
                          fields=("unit", "leader", "phone"))
    options = PrintOptions(prefer_system_font=False, signature=signature, include_explanations=False,
                           include_overview=False)
    render_pdf(sample_document("2022"), tmp_path / "s.pdf", options=options)
    text = pdftotext(tmp_path / "s.pdf", "-layout")
    assert "填报单位（盖章）：上海市松江区科创发展办公室" in text and "单位负责人：张三" in text
    assert "联系电话：021-12345678" in text and "填报人" not in text and "填报日期" not in text


@needs_poppler
def test_no_signature_block(tmp_path):
    options = PrintOptions(prefer_system_font=False, signature=None)
    render_pdf(sample_document("2026"), tmp_path / "n.pdf", options=options)
    assert "填报单位（盖章）" not in pdftotext(tmp_path / "n.pdf")


def test_options_from_settings(isolated_home):
    from g60desk import settings

    settings.set("print.prefer_system_font", False)
    settings.set("print.signature", {"unit": "某单位", "preparer": "李四", "phone": "", "leader": "", "date": ""})
    options = PrintOptions.from_settings()
    assert options.prefer_system_font is False
    assert options.signature.unit == "某单位" and options.signature.preparer == "李四"
    assert PrintOptions.from_settings(signature=None).signature is None


@needs_poppler
def test_a_blank_overview_prints_nothing(tmp_path):
    """The derived paragraph is a proposal in the window, never put on paper unasked."""
    doc = sample_document("2026")
    doc.departments[0].overview = ""
    pages = render_pdf(doc, tmp_path / "o.pdf", options=BUNDLED)
    text = squeeze(pdftotext(tmp_path / "o.pdf"))
    assert "绩效目标设置情况" not in text and "涉及项目预算资金" not in text
    assert pages == 12 and squeeze(pdftotext(tmp_path / "o.pdf").split("\f")[0]).startswith("项目经费情况说明1")


@needs_poppler
def test_an_empty_section_prints_no_heading(tmp_path):
    doc = sample_document("2026")
    doc.departments[0].projects[0].children[0].explanation.sections["plan"].text = ""
    render_pdf(doc, tmp_path / "e.pdf", nodes=[(DEPT26, PROJECT26, "金融赋能")], options=BUNDLED)
    text = squeeze(pdftotext(tmp_path / "e.pdf"))
    assert "四、实施方案" not in text and "三、实施主体" in text and "五、实施周期" in text


# ---- budget lines (format 1's wording, kept for files of format 1) -----------------------------------

def _legacy(*groups: BudgetGroup) -> list[tuple[int, str]]:
    explanation = FundingExplanation(budget_groups=list(groups), wording="legacy")
    return [(p.depth, p.text) for p in budget_paragraphs(explanation, "wan") if p.kind == "line"]


def test_format_1_wording_of_a_line():
    line = BudgetLine(label="保洁服务", basis="2名保洁员，每月9000元", formula="0.9*12", stated_fen=10_800_000)
    remark = BudgetLine(label="采购台式计算机", stated_fen=3_000_000, remark="走电子集市")
    blank = BudgetLine(label="其他", stated_fen=None)
    assert _legacy(BudgetGroup(lines=[line, remark, blank])) == [
        (0, "（1）保洁服务：2名保洁员，每月9000元，0.9*12=10.8万元；"),
        (0, "（2）采购台式计算机：3万元（走电子集市）；"),
        (0, "（3）其他。")]
    in_yuan = FundingExplanation(wording="legacy", budget_groups=[BudgetGroup(lines=[
        BudgetLine(label="能源费", basis="按9元/平/月", formula="1469*9*12", stated_fen=15_865_200)])])
    assert budget_paragraphs(in_yuan, "yuan")[1].text == "（1）能源费：按9元/平/月，1469*9*12=158,652.00元。"


def test_format_1_numbering_and_closing_punctuation():
    group = BudgetGroup(title="科创要素对接", lines=[
        BudgetLine(label="G60科创云运营", stated_fen=75_000_000, children=[
            BudgetLine(label="栏目信息更新稿费", stated_fen=10_000_000),
            BudgetLine(label="推广费", stated_fen=20_000_000)]),
        BudgetLine(label="工业互联网项目评选及调研", stated_fen=5_000_000)])
    assert _legacy(group) == [
        (0, "（1）G60科创云运营：75万元，其中："), (1, "①栏目信息更新稿费：10万元；"), (1, "②推广费：20万元；"),
        (0, "（2）工业互联网项目评选及调研：5万元。")]
    assert _legacy(BudgetGroup(title="九城巡礼", lines=[BudgetLine(basis="报道费用", stated_fen=30_000_000)])) == [
        (0, "报道费用30万元。")]


# ---- layering ------------------------------------------------------------------------------------

def test_report_imports_no_qt_and_no_sql():
    package = Path(__file__).resolve().parents[3] / "g60desk" / "report"
    offenders = []
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] in ("PySide6", "shiboken6", "sqlite3", "sqlite_utils")]
    assert offenders == []


def test_reportlabs_url_pattern_still_works_when_compiled_late():
    import re

    from reportlab.platypus import paragraph

    from g60desk.report import _reportlab

    assert re.compile is not None and re.compile.__module__ == "re"  # restored after the import
    pairs = paragraph._uri_split_pairs("https://example.com/a/b")
    assert pairs and pairs[-1] == ("https://", "example.com/a/b")
    assert isinstance(paragraph.uri_pat, (_reportlab.LazyPattern, re.Pattern))


@needs_poppler
def test_a_formula_only_line_gives_the_same_total_on_paper(tmp_path):
    """The issue's line "0.9*12" without a typed amount: printed as typed, and counted on the 审核清单 as the
    window and 审核 count it (1,068.80 万元, not 1,058)."""
    from g60desk.checks import check_document
    from g60desk.checks.report import review_list
    from g60desk.domain.budget import budget_total_fen

    doc = sample_document("2022")
    node = doc.departments[0].projects[0]
    node.explanation.budget_groups[0].lines.append(BudgetLine(label="预备费：", formula="0.9*12", ending="。"))
    assert budget_total_fen(node.explanation) == 1_068_800_000
    path = tmp_path / "formula-only.pdf"
    render_pdf(doc, path, options=BUNDLED, review=review_list(doc, check_document(doc)))
    text = squeeze(pdftotext(path, "-raw"))
    assert "预备费：0.9*12。" in text                                   # the words as typed, no amount added
    assert "六、年度预算安排合计1,068.80万元" in text and "≠年度资金申请总额1,058.00万元" in text
