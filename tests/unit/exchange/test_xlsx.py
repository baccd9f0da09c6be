"""Excel: form sheets laid out like the paper, flat sheets of real numbers, and 导入Excel back through the
parsers typing uses — date serials and dates refused, nothing half applied, one undo step per part."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from exchange_helpers import load
from openpyxl import load_workbook

from g60desk.domain.money import parse_money
from g60desk.exchange.samples import sample_document
from g60desk.exchange.xlsx import BUDGET_SHEET, INDICATOR_SHEET, build_workbook, export_xlsx
from g60desk.exchange.xlsx_import import apply_import, budget_data, read_xlsx
from g60desk.services.session import Session
from g60desk.store import FileRefused


def indicator_values(doc):
    return [(path, i.level1, i.level2, i.name, i.value) for path, node in doc.iter_nodes() if node.declared
            for i in node.form.indicators]


def budgets(doc):
    return [(path, budget_data(node.explanation.budget_groups)) for path, node in doc.iter_nodes() if node.declared]


@pytest.fixture
def session_on(sample_copy):
    sessions = []

    def make(year: str) -> Session:
        session = Session.open(sample_copy(year))
        sessions.append(session)
        return session
    yield make
    for session in sessions:
        session.close()


def column(sheet, header: str) -> int:
    return [c.value for c in sheet[1]].index(header) + 1


# ---- export -----------------------------------------------------------------------------------------

def test_flat_sheets_hold_real_numbers(tmp_path):
    doc = sample_document("2022")
    path = export_xlsx(doc, tmp_path / "a.xlsx")
    book = load_workbook(path)
    indicators = book[INDICATOR_SHEET]
    values = list(indicators.iter_rows(min_row=2, values_only=True))
    assert len(values) == 33
    numbers = [r[6] for r in values if r[6] is not None]
    assert numbers and all(isinstance(n, (int, float)) for n in numbers)
    assert values[23][2:] == ("满意度指标", "服务对象满意度指标", "相关方满意度", "≥", 85, "%", None, ">=85%")
    assert values[0][9] == "=100%" and indicators.cell(row=2, column=10).data_type == "s"   # text, not a formula
    budget = list(book[BUDGET_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(budget) == 44
    amounts = [r[7] for r in budget]
    assert all(isinstance(a, (int, float)) for a in amounts if a is not None)
    assert budget[0][:8] == ("上海市松江区科创发展办公室 / G60 科创走廊建设", "G60日常办公经费", "1", "保洁服务：",
                             "2名保洁员，每月9000元，全年合计", "0.9*12", "万元", 10.8)
    # the clerk's wording, and what each line counts for (the one budget arithmetic)
    assert budget[0][9:] == ("10.8万", "；", None, None, 10.8)
    cadres = next(r for r in budget if r[1] == "派驻干部费用")
    assert cadres[5] == "0.3万元*16人*12月" and cadres[9] == "57.60万" and cadres[13] == 57.6
    one_net = next(r for r in budget if r[3] == "“一网通办”深化")
    assert one_net[11] == "是"
    nested = [r for r in budget if r[2].count(".") == 1]
    assert nested, "sub-lines carry their parent in 序号 (1.1)"


def test_form_sheet_is_laid_out_like_the_paper():
    doc = sample_document("2026")
    book = build_workbook(doc)
    assert book.sheetnames[:2] == ["表1 金融赋能", "表2 产业创新"]
    assert book.sheetnames[-2:] == [INDICATOR_SHEET, BUDGET_SHEET]
    sheet = book["表1 金融赋能"]
    assert sheet["A1"].value == "财政项目支出绩效目标申报表 1" and sheet["A2"].value == "(2026年度)"
    assert [sheet.cell(row=3, column=c).value for c in (1, 3, 5)] == ["项目名称", "项目性质", "项目类别"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:F1", "A6:A9", "A10:A11", "B10:C10", "D10:F10"} <= merged      # 项目资金（元）spans four rows
    assert sheet["A6"].value == "项目资金（元）" and sheet["C6"].value == 780000
    assert sheet["C6"].number_format.startswith("#,##0.00")
    assert sheet["C9"].value is None and sheet["E9"].value == 0            # blank stays blank, 0 is 0
    assert sheet["A12"].value == "绩效指标" and sheet["F12"].value == "年度(/项目)指标值"
    level1 = [str(r) for r in sheet.merged_cells.ranges if r.min_col == 2 and r.min_row > 12]
    assert level1, "一级 cells span their rows"
    assert sheet["F13"].value == "≤20.00(万元)"


def test_2022_form_sheet_uses_its_template():
    book = build_workbook(sample_document("2022"))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "财政项目支出绩效目标填报表 1" and sheet["A2"].value == "（2022 年度）"
    assert sheet["E3"].value == "项目类别" and "B3:D3" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["B10"].value == "项目总目标（2022 年- 2022 年）" and sheet["D10"].value == "年度总目标"


def test_xlsx_command(sample_files, tmp_path, cli):
    code, out, err = cli("xlsx", sample_files["2026"], "-o", tmp_path / "x.xlsx")
    assert code == 0, err
    assert load_workbook(tmp_path / "x.xlsx").sheetnames[-1] == BUDGET_SHEET


# ---- round trip ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", ["2022", "2026"])
def test_round_trip_reads_back_equal_values_and_amounts(year, tmp_path):
    doc = sample_document(year)
    path = export_xlsx(doc, tmp_path / "a.xlsx")
    plan = read_xlsx(path, doc)
    assert plan.all_refused() == []
    read_indicators = [(n.path, r.level1, r.level2, r.name, r.value) for n in plan.nodes for r in n.indicators]
    assert read_indicators == indicator_values(doc)
    read_budgets = [(n.path, budget_data(n.budget)) for n in plan.nodes if n.budget is not None]
    assert read_budgets == [b for b in budgets(doc) if b[1]]


def test_import_restores_values_through_the_session_one_step_per_part(session_on, tmp_path):
    session = session_on("2022")
    original_indicators, original_budgets = indicator_values(session.doc), budgets(session.doc)
    path = export_xlsx(session.doc, tmp_path / "a.xlsx")
    node = session.doc.departments[0].projects[1]
    session.remove_indicators(node, [0, 1, 2])
    session.set_indicator_cells(node, 0, 3, [["≥99%"]])
    session.set_budget(node, [], "清空预算")
    steps = len(session.undo_stack.texts())
    plan = read_xlsx(path, session.doc)
    result = apply_import(session, plan)
    assert result.session_refusals == []
    assert indicator_values(session.doc) == original_indicators
    assert budgets(session.doc) == original_budgets
    # unchanged forms: no step
    assert session.undo_stack.texts()[steps:] == ["导入Excel：绩效指标", "导入Excel：预算明细"]
    assert indicator_values(load(session.path)) == original_indicators                      # on disk
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert node.explanation.budget_groups == [] and len(node.form.indicators) == 6


def test_edits_made_in_excel_come_back_through_the_parsers(session_on, tmp_path):
    session = session_on("2026")
    path = export_xlsx(session.doc, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book[INDICATOR_SHEET]
    sheet.cell(row=2, column=column(sheet, "数值")).value = 25          # ≤20万元 → ≤25万元
    sheet.cell(row=2, column=column(sheet, "指标值")).value = None       # edited one side only: fine
    sheet.cell(row=3, column=column(sheet, "运算符")).value = "＜＝"      # full-width, as an IME types
    sheet.cell(row=3, column=column(sheet, "指标值")).value = None
    book.save(path)
    plan = read_xlsx(path, session.doc)
    assert plan.all_refused() == []
    apply_import(session, plan)
    first = session.doc.departments[0].projects[0].children[0].form.indicators
    assert (first[0].value.op, first[0].value.number, first[0].value.unit) == ("≤", "25", "万元")
    assert first[1].value.op == "≤"


def test_budget_amounts_read_as_exact_fen(tmp_path, session_on):
    session = session_on("2022")
    path = export_xlsx(session.doc, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book[BUDGET_SHEET]
    sheet.cell(row=2, column=column(sheet, "申报金额（万元）")).value = 0.3276 * 12     # 3.9312000000000005
    book.save(path)
    plan = read_xlsx(path, session.doc)
    assert plan.all_refused() == []
    line = plan.nodes[0].budget[0].lines[0]
    assert line.stated_fen == parse_money("3.9312", "wan") == 3_931_200
    assert line.stated_text == ""   # "10.8万" no longer says the amount changed in Excel: the number prints


def test_the_wording_columns_round_trip_and_are_checked(tmp_path, session_on):
    session = session_on("2022")
    path = export_xlsx(session.doc, tmp_path / "a.xlsx")
    _edit(path, (BUDGET_SHEET, 2, "金额原文", "10.80万"), (BUDGET_SHEET, 2, "结尾", "。"),
          (BUDGET_SHEET, 3, "接排", "不"), (BUDGET_SHEET, 4, "子项编号", "甲"))
    plan = read_xlsx(path, session.doc)
    refused = {(c.row, c.column) for c in plan.all_refused()}
    assert refused == {(3, "接排"), (4, "子项编号")}
    _edit(path, (BUDGET_SHEET, 3, "接排", "是"), (BUDGET_SHEET, 4, "子项编号", "①"))
    plan = read_xlsx(path, session.doc)
    assert plan.all_refused() == []
    lines = plan.nodes[0].budget[0].lines
    assert (lines[0].stated_text, lines[0].ending, lines[1].runs_on, lines[2].numbering) == ("10.80万", "。", True, "①")
    assert plan.nodes[0].budget[0].numbering == "（1）"   # the group's numbering stays the form's


# ---- refused cells -----------------------------------------------------------------------------------

def _edit(path, *edits):
    """Change cells (sheet, row, header, value) as a clerk would in Excel, and save once."""
    book = load_workbook(path)
    for sheet_name, row, header, value in edits:
        sheet = book[sheet_name]
        sheet.cell(row=row, column=column(sheet, header)).value = value
    book.save(path)


def _timeliness_row(path) -> int:
    sheet = load_workbook(path)[INDICATOR_SHEET]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=4).value == "时效指标")


@pytest.mark.parametrize("header,value", [("数值", 44561), ("定性值", "44561"), ("指标值", "44561")])
def test_an_excel_date_serial_as_a_timeliness_value_is_flagged(tmp_path, header, value):
    doc = sample_document("2022")
    path = export_xlsx(doc, tmp_path / "a.xlsx")
    row = _timeliness_row(path)
    _edit(path, *[(INDICATOR_SHEET, row, h, None) for h in ("运算符", "数值", "单位", "定性值", "指标值")],
          (INDICATOR_SHEET, row, header, value))
    plan = read_xlsx(path, doc)
    refused = plan.all_refused()
    assert len(refused) == 1 and refused[0].row == row
    assert "日期序号" in refused[0].message and "2021-12-31" in refused[0].message
    assert not plan.nodes[0].applicable                       # the form is not applied half-way


def test_a_date_typed_cell_is_flagged(tmp_path):
    doc = sample_document("2022")
    path = export_xlsx(doc, tmp_path / "a.xlsx")
    row = _timeliness_row(path)
    _edit(path, (INDICATOR_SHEET, row, "定性值", datetime(2022, 12, 31)), (INDICATOR_SHEET, row, "指标值", None))
    refused = read_xlsx(path, doc).all_refused()
    assert [(c.row, c.column) for c in refused] == [(row, "定性值")]
    assert "Excel 日期" in refused[0].message


def test_other_refusals_name_the_cell_and_why(tmp_path):
    doc = sample_document("2022")
    path = export_xlsx(doc, tmp_path / "a.xlsx")
    _edit(path,
          (INDICATOR_SHEET, 3, "数值", 5),                  # a qualitative row given a number too
          (INDICATOR_SHEET, 4, "指标值", ">=2次"),            # printed value disagrees with =1次
          (INDICATOR_SHEET, 5, "项目路径", "不存在的项目"),
          (BUDGET_SHEET, 2, "申报金额（万元）", "1e5"),
          (BUDGET_SHEET, 3, "计算公式", "0.3276**12"),
          (BUDGET_SHEET, 4, "申报金额（万元）", "=A1*2"),      # a formula Excel never computed
          (BUDGET_SHEET, 5, "序号", "9.1"))
    refused = {(c.sheet, c.row, c.column): c.message for c in read_xlsx(path, doc).all_refused()}
    assert "只能填一个" in refused[(INDICATOR_SHEET, 3, "定性值")]
    assert "不一致" in refused[(INDICATOR_SHEET, 4, "指标值")]
    assert "不存在的项目" in refused[(INDICATOR_SHEET, 5, "项目路径")]
    assert "科学计数法" in refused[(BUDGET_SHEET, 2, "申报金额（万元）")]
    assert (BUDGET_SHEET, 3, "计算公式") in refused
    assert "没有计算结果" in refused[(BUDGET_SHEET, 4, "申报金额（万元）")]
    assert "上一级序号 9" in refused[(BUDGET_SHEET, 5, "序号")]


def test_importing_only_one_node_skips_the_others(tmp_path, session_on):
    session = session_on("2022")
    path = export_xlsx(session.doc, tmp_path / "a.xlsx")
    node = session.doc.departments[0].projects[1]
    plan = read_xlsx(path, session.doc, only=node)
    assert [n.node for n in plan.nodes] == [node]
    assert plan.skipped_rows == 24 + 40


def test_a_workbook_that_is_not_ours_is_refused(tmp_path):
    other = tmp_path / "other.xlsx"
    from openpyxl import Workbook
    Workbook().save(other)
    with pytest.raises(FileRefused, match="绩效指标"):
        read_xlsx(other, sample_document("2022"))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(FileRefused, match="不是能读取的 Excel"):
        read_xlsx(junk, sample_document("2022"))


def test_numbers_from_excel_become_canonical_text():
    from g60desk.exchange.xlsx_import import _number_text
    assert _number_text(10.8) == "10.8"
    assert _number_text(12.0) == "12"
    assert _number_text(0.1 + 0.2) == "0.3"
    assert Decimal(_number_text(1e-7)) == Decimal("0.0000001")
