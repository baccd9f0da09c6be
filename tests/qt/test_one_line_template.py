"""Adding a header field to a form is one line in its template file (issue 16): with that line added to a copy of a
bundled template, a new file made from it shows the field on the window's form page, keeps what is typed into it
in the file and its JSON, and prints it — and a PC without that template reads all of it from the file."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from g60desk.domain.template_catalog import bundled
from g60desk.domain.templates import get_template
from g60desk.services.documents import NewFile, new_document
from g60desk.services.session import Session

LINE = '  { key = "project_code", label = "项目编码" },\n'
ANCHOR = '  { key = "planned_end", label = "计划完成日期", type = "date", row = 3 },\n'


@pytest.fixture
def template_file(tmp_path):
    """上海2026 as a bureau would copy it: a new id, and the one added line."""
    text = get_template("上海2026").text
    assert ANCHOR in text
    text = text.replace('id = "上海2026"', 'id = "本局2027"').replace(ANCHOR, ANCHOR + LINE)
    path = tmp_path / "本局2027.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def session(template_file, tmp_path):
    path = new_document(NewFile(year=2027, department="某局", path=tmp_path / "新.g60", template_file=template_file))
    opened = Session.open(path)
    node = opened.add_node(opened.doc.departments[0], "信息化运维")
    opened.set_form_field(node, "project_code", " XM-2027-001 ")
    yield opened
    opened.close()


def test_the_line_gives_the_form_page_a_field(session, qtbot):
    from g60desk.qt.editors.form_page import FormPage
    node = session.doc.departments[0].projects[0]
    page = FormPage(session, node)
    qtbot.addWidget(page)
    editor = page.editors["project_code"]
    grid = page.form.headerGrid
    labels = [grid.itemAt(i).widget().text() for i in range(grid.count())
              if grid.itemAt(i).widget().metaObject().className() == "QLabel"]
    assert "项目编码" in labels and editor.text() == "XM-2027-001"
    page.commit("project_code", "XM-2027-002")
    assert node.form.extra == {"project_code": "XM-2027-002"}


def test_the_value_is_in_the_file_and_its_json(session, tmp_path):
    from g60desk.exchange import jsonio
    from g60desk.services.documents import load_readonly
    doc = load_readonly(session.path)
    assert doc.departments[0].projects[0].form.extra == {"project_code": "XM-2027-001"}
    data = json.loads(jsonio.dumps(doc))
    form = data["departments"][0]["projects"][0]["form"]
    assert form["extra"] == {"project_code": "XM-2027-001"} and form["template"] == "本局2027"
    assert [t["id"] for t in data["templates"]] == ["本局2027"] and LINE in data["templates"][0]["text"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_value_is_printed_in_a_row_of_its_own(session, tmp_path):
    from g60desk.report import render_pdf
    from g60desk.services.documents import load_readonly
    pdf = tmp_path / "out.pdf"
    render_pdf(load_readonly(session.path), pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    dates = next(i for i, line in enumerate(text.splitlines()) if "计划开始日期" in line)
    code = next(i for i, line in enumerate(text.splitlines()) if "项目编码" in line)
    assert code > dates and "XM-2027-001" in text.splitlines()[code]


def test_a_pc_without_the_template_reads_the_field_from_the_file(session, second_pc):
    from g60desk.services.documents import load_readonly
    assert [b.template.id for b in bundled()] == []
    doc = load_readonly(session.path)
    form = doc.departments[0].projects[0].form
    assert form.spec.field("project_code").label == "项目编码" and form.extra["project_code"] == "XM-2027-001"


def test_without_the_line_there_is_no_such_field(tmp_path):
    path = tmp_path / "plain.toml"
    path.write_text(get_template("上海2026").text.replace('id = "上海2026"', 'id = "本局2027"'), encoding="utf-8")
    made = new_document(NewFile(year=2027, department="某局", path=tmp_path / "a.g60", template_file=path))
    opened = Session.open(made)
    try:
        node = opened.add_node(opened.doc.departments[0], "信息化运维")
        with pytest.raises(KeyError):
            opened.set_form_field(node, "project_code", "XM")
    finally:
        opened.close()


def test_the_value_is_in_the_excel_form_and_comes_back(session, tmp_path):
    from openpyxl import load_workbook

    from g60desk.exchange.xlsx import HEADER_SHEET, export_xlsx
    from g60desk.exchange.xlsx_import import apply_import, read_xlsx
    path = export_xlsx(session.doc, tmp_path / "a.xlsx")
    book = load_workbook(path)
    form_sheet = book.worksheets[0]
    cells = [c for row in form_sheet.iter_rows(values_only=True) for c in row]
    at = cells.index("项目编码")
    assert cells[at + 1] == "XM-2027-001"                                # the form sheet, beside its label
    header = book[HEADER_SHEET]
    rows = [r for r in header.iter_rows(values_only=True) if r[2] == "project_code"]
    assert rows == [("某局", "信息化运维", "project_code", "项目编码", "XM-2027-001")]
    header.cell(row=next(i for i, r in enumerate(header.iter_rows(values_only=True), 1) if r[2] == "project_code"),
                column=5).value = "XM-2027-009"                         # edited in Excel
    book.save(path)
    apply_import(session, read_xlsx(path, session.doc))
    assert session.doc.departments[0].projects[0].form.extra == {"project_code": "XM-2027-009"}
