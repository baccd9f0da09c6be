"""Files through services/documents.py: one 新建 with one validation for the window and the command line alike."""
from __future__ import annotations

from pathlib import Path

import pytest

from g60desk.cli import main as g60desk
from g60desk.services.documents import (
    InvalidDocument,
    NewFile,
    create_document,
    import_json,
    load_readonly,
    new_document,
    write_sample,
)


def request(tmp_path: Path, **changes) -> NewFile:
    fields = {"year": 2027, "department": "上海市松江区测试局", "path": tmp_path / "新.g60", "template": "上海2026"}
    return NewFile(**{**fields, **changes})


def test_a_new_file_holds_one_empty_department(tmp_path):
    path = new_document(request(tmp_path, department="  上海市松江区测试局 "))
    doc = load_readonly(path)
    assert (doc.budget_year, doc.template) == (2027, "上海2026")
    assert [d.name for d in doc.departments] == ["上海市松江区测试局"]
    assert doc.departments[0].projects == []


@pytest.mark.parametrize("changes, words", [
    ({"department": "  "}, "请填写部门名称。"),
    ({"path": None}, "请选择保存位置。"),
    ({"path": Path(__file__).parent / "no such folder" / "新.g60"}, "no such folder”不存在"),
    ({"year": 12027}, "预算年度"),                          # what validate_document refuses, for the window too
    ({"template": "北京2026"}, "模板"),
])
def test_what_cannot_be_made_is_said_before_anything_is_written(tmp_path, changes, words):
    wanted = request(tmp_path, **changes)
    assert words in wanted.problem()
    with pytest.raises(InvalidDocument, match=words):
        new_document(wanted)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_asked(tmp_path):
    target = tmp_path / "新.g60"
    target.write_bytes(b"a clerk's own work")
    assert "已存在" in request(tmp_path).problem()
    with pytest.raises(InvalidDocument, match="已存在"):
        new_document(request(tmp_path))
    assert target.read_bytes() == b"a clerk's own work"
    new_document(request(tmp_path), overwrite=True)
    assert load_readonly(target).budget_year == 2027


def test_a_folder_is_never_replaced(tmp_path):
    (tmp_path / "新.g60").mkdir()
    assert "已存在" in request(tmp_path).problem(overwrite=True)


def test_the_command_line_says_the_same_as_the_window(tmp_path, capsys):
    assert g60desk(["new", str(tmp_path / "x.g60"), "--year", "2027", "--department", " "]) == 2
    assert capsys.readouterr().err == "g60desk：请填写部门名称。\n"
    assert g60desk(["new", str(tmp_path / "no" / "x.g60"), "--year", "2027", "--department", "局"]) == 2
    assert "不存在" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_samples_and_json_become_files_through_services(tmp_path):
    from g60desk.exchange import jsonio

    sample = write_sample("2022", tmp_path / "a.g60")
    jsonio.write(load_readonly(sample), tmp_path / "a.json")
    copy = import_json(tmp_path / "a.json", tmp_path / "b.g60")
    assert load_readonly(copy) == load_readonly(sample)
    with pytest.raises(Exception, match="已存在"):
        create_document(copy, load_readonly(sample))


def test_next_year_reads_the_source_and_writes_a_new_file_that_says_where_it_came_from(sample_copy, tmp_path):
    from g60desk.domain.next_year import DERIVED_KIND, NextYearOptions
    from g60desk.domain.serialize import digest
    from g60desk.services.documents import load_readonly, next_year
    source = sample_copy("2022")
    before = digest(load_readonly(source))
    report = next_year(source, tmp_path / "2023.g60", options=NextYearOptions(dates="clear"))
    made = load_readonly(tmp_path / "2023.g60")
    assert made.budget_year == 2023 and report.forms == 2 and report.dates_changed == 4
    assert [h.kind for h in made.history] == [DERIVED_KIND] and made.history[0].digest == before
    assert digest(load_readonly(source)) == before


def test_next_year_moves_amounts_and_values_into_the_templates_last_year_columns_and_they_are_on_disk(
        last_year_file, tmp_path):
    from g60desk.domain.next_year import NextYearOptions
    from g60desk.services.documents import load_readonly, next_year
    before = load_readonly(last_year_file)
    report = next_year(last_year_file, tmp_path / "2023.g60", options=NextYearOptions(amounts="move", values="move"))
    made = load_readonly(tmp_path / "2023.g60")
    old_forms = [n for _, n in before.iter_nodes() if n.form is not None]
    new_forms = [n for _, n in made.iter_nodes() if n.form is not None]
    for old, new in zip(old_forms, new_forms, strict=True):
        assert new.form.extra["last_request_fen"] == old.form.funding.annual_request_fen
        assert new.form.funding.annual_request_fen is None
        assert [line.extra.get("last_year_fen") for line in new.explanation.iter_lines()] == \
               [line.stated_fen for line in old.explanation.iter_lines()]
        assert [i.extra.get("last_value", "") != "" for i in new.form.indicators] == \
               [i.value.kind != "empty" for i in old.form.indicators]
    assert report.amounts_moved == 46 and report.values_moved == 33


def test_moving_into_last_year_columns_a_template_does_not_have_is_refused_and_nothing_is_written(
        sample_copy, tmp_path):
    from g60desk.domain.next_year import NextYearOptions
    from g60desk.domain.validate import InvalidDocument
    from g60desk.services.documents import next_year
    for options, words in ((NextYearOptions(amounts="move"), "没有放上年金额的列（如“上年预算数”）"),
                           (NextYearOptions(values="move"), "没有放上年指标值的列（如“上年实际水平”）")):
        with pytest.raises(InvalidDocument) as refused:
            next_year(sample_copy("2026"), tmp_path / "2027.g60", options=options)
        assert words in str(refused.value) and "上海2026" in str(refused.value)
        assert not (tmp_path / "2027.g60").exists()
