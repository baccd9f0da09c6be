"""The clerk's 指标库 across files: rows of files she opened are kept in her data folder and offered later."""
from __future__ import annotations

from g60desk.domain.indicator_library import SOURCE_EARLIER
from g60desk.domain.templates import get_template
from g60desk.exchange.samples import sample_document
from g60desk.services.library import earlier_entries, library_for, library_path, remember_document
from g60desk.services.session import Session

F2021 = get_template("上海2026").framework_by_id("2021")


def test_a_remembered_file_is_offered_with_its_year_but_not_for_itself(isolated_home, tmp_path):
    older = tmp_path / "2022年科创办.g60"
    remember_document(sample_document("2022"), older)
    entries = earlier_entries()
    assert entries and all(e.source == SOURCE_EARLIER and e.source_label == "2022 年度 2022年科创办.g60"
                           for e in entries)
    assert earlier_entries(except_path=older) == []
    doc = sample_document("2026")
    offered = library_for(doc, tmp_path / "2026.g60", F2021)
    assert {e.source for e in offered} == {0, 1, 2}


def test_a_damaged_library_file_loses_suggestions_not_the_program(isolated_home):
    library_path().parent.mkdir(parents=True, exist_ok=True)
    library_path().write_text('{"files": [{"path": "x", "rows": [{"level1": 1}]}, 7]}', encoding="utf-8")
    assert earlier_entries() == []
    library_path().write_text("not json", encoding="utf-8")
    assert earlier_entries() == []


def test_a_picked_row_fills_a_blank_row_or_goes_in_above_and_is_one_undo_step(sample_copy):
    session = Session.open(sample_copy("2026"))
    node = next(n for _, n in session.doc.iter_nodes() if n.declared)
    before = list(node.form.indicators)
    entry = next(e for e in library_for(session.doc, session.path, F2021) if e.name == "验收合格率")
    assert session.place_indicator(node, 2, entry.indicator()) == 2
    assert node.form.indicators[2].name == "验收合格率" and len(node.form.indicators) == len(before) + 1
    session.insert_indicators(node, 0, 1, "产出指标", "质量指标")
    session.place_indicator(node, 0, entry.indicator())               # the blank row is filled, not pushed down
    assert node.form.indicators[0].name == "验收合格率" and len(node.form.indicators) == len(before) + 2
    session.undo_stack.undo()
    assert node.form.indicators[0].name == "" and node.form.indicators[0].level2 == "质量指标"
    session.close()


def test_rows_of_a_form_of_another_framework_are_offered_under_this_forms_levels(isolated_home, tmp_path):
    # a 湘潭 file's satisfaction row (效益指标 / 社会公众或服务对象满意度指标), picked on a 甘肃 form, went in as
    # it was: an F-IND-02 错误 at once; 甘肃 (满意度指标 / 服务对象满意度) had no 常用 satisfaction row either
    remember_document(sample_document("湘潭2023"), tmp_path / "湘潭.g60")
    remember_document(sample_document("2022"), tmp_path / "2022.g60")          # legacy: 成本 under 产出
    gansu = get_template("甘肃2023").frameworks[0]
    offered = library_for(sample_document("甘肃2023"), tmp_path / "甘肃.g60", gansu)
    assert offered and all(e.level2 in gansu.level2_names(e.level1) for e in offered)
    by_source = {e.source for e in offered if e.level2 == "服务对象满意度"}
    assert by_source == {0, 1, 2}                     # this file's, the remembered files' and the 常用 ones
    cost = [e for e in offered if e.source == SOURCE_EARLIER and e.source_label.endswith("2022.g60")
            and e.level1 == "成本指标"]
    assert cost and {e.level2 for e in cost} == {"经济成本指标"}
