"""汇总: totals by department and project agree with the parts; PDF with an embedded CJK font; xlsx numbers."""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess

import pytest
from exchange_helpers import THIRD, load
from openpyxl import load_workbook

from g60desk.checks import check_document
from g60desk.domain.summary import summarize
from g60desk.exchange.consolidation import consolidate, consolidate_file, write_xlsx
from g60desk.exchange.merge import merge
from g60desk.exchange.submit import submit
from g60desk.report.consolidation import write_pdf


@pytest.fixture
def bureau(sample_copy, sample_2022_as_2026, third_department, tmp_path):
    outbox = tmp_path / "收件箱"
    outbox.mkdir()
    files = [submit(sample_copy("2026"), outbox, "成本指标上限按项目批复填写").out_path,
             submit(sample_2022_as_2026, outbox, "日期沿用2022年申报").out_path,
             submit(third_department, outbox).out_path]
    out = tmp_path / "汇总.g60"
    merge(files, out)
    return out


def test_totals_by_department_and_project_agree_with_the_parts(bureau):
    doc = load(bureau)
    c = consolidate(doc)
    assert c.budget_year == 2026
    for row, summary in zip(c.departments, summarize(doc)):
        assert row.name == summary.name
        assert (row.figures.forms, row.figures.total_fen, row.figures.indicators, row.figures.budget_lines) == (
            summary.declared_forms, summary.total_fen, summary.indicators, summary.budget_lines)
        assert row.figures.total_fen == sum(p.figures.total_fen for p in row.projects)
        assert row.digest_matches is True
    assert c.totals.total_fen == 287_965_000 + 1_128_000_000 + 12_000_000
    assert c.totals.forms == 6 + 2 + 1
    centre = c.departments[0]
    assert [p.name for p in centre.projects] == ["G60 科创走廊建设"]
    assert len(centre.forms) == 6 and centre.forms[0].name == "金融赋能"


def test_error_and_warning_counts_are_the_checks_of_each_department(bureau):
    doc = load(bureau)
    findings = check_document(doc)
    c = consolidate(doc, findings)
    for row in c.departments:
        mine = [f for f in findings if f.path[0] == row.name]
        assert row.figures.errors == sum(f.severity == "error" for f in mine)
        assert row.figures.warnings == sum(f.severity == "warning" for f in mine)
        assert row.figures.errors >= sum(form.figures.errors for form in row.forms)
    assert c.totals.errors == sum(f.severity == "error" for f in findings)


def test_a_department_edited_after_import_shows_it(bureau):
    conn = sqlite3.connect(bureau)
    conn.execute("UPDATE form SET annual_request_fen = annual_request_fen + 1 WHERE node_id = "
                 "(SELECT min(n.id) FROM node n JOIN department d ON d.id = n.department_id WHERE d.name = ?)",
                 (THIRD,))
    conn.commit()
    conn.close()
    c = consolidate_file(bureau)
    assert [d.digest_matches for d in c.departments] == [True, True, False]
    assert "导入后已改动" in c.text()


def _pdf_text(path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_pdf_embeds_a_truetype_cjk_font_and_prints_the_figures(bureau, tmp_path):
    c = consolidate_file(bureau)
    pdf = write_pdf(c, tmp_path / "汇总.pdf", prefer_system_font=False)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data                       # an embedded TrueType font program
    assert b"STSong" not in data                       # never the non-embedded CID font
    text = _pdf_text(pdf)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    flat = re.sub(r"\s+", "", text)
    assert "2026年度项目支出绩效目标申报汇总表" in flat
    for name in ("上海市松江区长三角G60科创走廊创新研究中心", THIRD, "合计（3个部门）"):
        assert name in flat
    assert "1,427.97" in flat          # 287.965 + 1128 + 12 万元, 四舍五入 to 0.01
    assert "第1页共1页" in flat


def test_the_xlsx_has_real_numbers(bureau, tmp_path):
    c = consolidate_file(bureau)
    path = write_xlsx(c, tmp_path / "汇总.xlsx")
    book = load_workbook(path)
    sheet = book["汇总"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    total = rows[-1]
    assert total[0].startswith("合计")
    assert total[1] == 9 and isinstance(total[4], float)
    assert abs(total[4] - 1427.965) < 1e-9
    forms = list(book["申报表明细"].iter_rows(min_row=2, values_only=True))
    assert len(forms) == 9 and sum(r[5] for r in forms) == pytest.approx(14_279_650.00)


def test_the_consolidate_command(bureau, tmp_path, cli):
    code, out, err = cli("consolidate", bureau, "--pdf", tmp_path / "a.pdf", "--xlsx", tmp_path / "a.xlsx")
    assert code == 0, err
    assert "合计（3 个部门）" in out and (tmp_path / "a.pdf").exists() and (tmp_path / "a.xlsx").exists()


def test_pdf_pages_carry_page_numbers_when_long(tmp_path, third_department):
    # many departments: the header row repeats and every page says 第 N 页 共 M 页
    doc = load(third_department)
    base = doc.departments[0]
    import copy
    doc.departments = []
    for i in range(60):
        dept = copy.deepcopy(base)
        dept.name = f"测试部门{i:02d}"
        doc.departments.append(dept)
    c = consolidate(doc)
    pdf = write_pdf(c, tmp_path / "long.pdf", prefer_system_font=False)
    text = _pdf_text(pdf)
    if text is None:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
        assert pages >= 2
        return
    flat = re.sub(r"\s+", "", text)
    total = int(re.search(r"第1页共(\d+)页", flat).group(1))
    assert total >= 2 and f"第{total}页共{total}页" in flat
    assert flat.count("部门/项目申报表绩效指标") == total        # the header row on every page


def _two_departments_of(amount_fen: int):
    """Two departments with one form each of ``amount_fen`` (the others zero)."""
    import copy

    from g60desk.exchange.samples import sample_document
    doc = sample_document("2026")
    base = doc.departments[0]
    for node in base.declared_nodes():
        node.form.funding.annual_request_fen = 0
    base.declared_nodes()[0].form.funding.annual_request_fen = amount_fen
    second = copy.deepcopy(base)
    second.name = "第二个部门"
    doc.departments.append(second)
    return doc


def test_a_wan_total_that_the_shown_figures_do_not_add_up_to_says_its_tail():
    """36.004 万元 twice: shown 36.00 + 36.00, the exact total 72.008 → 72.01 says 含尾差 +0.01."""
    c = consolidate(_two_departments_of(36_004_000), findings=[])
    cells = c.amount_cells()
    assert cells == ["36.00", "36.00", "36.00", "36.00", "72.01（含尾差 +0.01）"]
    text = c.text()
    assert "年度资金申请总额 72.01（含尾差 +0.01） 万元" in text and "舍入尾差" in text
    exact = consolidate(_two_departments_of(36_004_000), findings=[], unit="yuan")
    assert exact.amount_cells()[-1] == "720,080.00" and not exact.has_tail()
    assert exact.columns[4] == "年度资金申请总额（元）" and "舍入尾差" not in exact.text()
    # figures that add up as shown say nothing
    assert not consolidate(_two_departments_of(36_000_000), findings=[]).has_tail()


def test_the_tail_is_on_paper_and_in_excel(tmp_path):
    c = consolidate(_two_departments_of(36_004_000), findings=[])
    text = _pdf_text(write_pdf(c, tmp_path / "尾差.pdf", prefer_system_font=False))
    if text is not None:
        flat = re.sub(r"\s+", "", text)
        assert "72.01（含尾差+0.01）" in flat and "舍入尾差" in flat
    sheet = load_workbook(write_xlsx(c, tmp_path / "尾差.xlsx"))["汇总"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    total = next(r for r in rows if r[0] and r[0].startswith("合计"))
    assert total[4] == pytest.approx(72.008) and total[8] == "含尾差 +0.01"


def test_the_consolidate_command_in_yuan(bureau, cli):
    code, out, err = cli("consolidate", bureau, "--unit", "元")
    assert code == 0, err
    assert "年度资金申请总额 14,279,650.00 元" in out
