"""A .g60 file (and a JSON export) carries the templates its forms use: another PC opens, checks and prints it
without having them installed; a carried template is untrusted input, checked before use."""
from __future__ import annotations

import sqlite3

import pytest

from g60desk.checks import check_document
from g60desk.domain.serialize import digest
from g60desk.domain.templates import get_template, installed
from g60desk.exchange import jsonio
from g60desk.store import FileRefused, Store


def test_a_file_opens_checks_and_prints_where_its_template_is_not_installed(sample_copy, second_pc, tmp_path):
    from g60desk.report import render_pdf
    path = sample_copy("2026")
    assert installed() == {}
    with Store.open(path) as store:
        doc = store.load()
    assert doc.templates["上海2026"].id == "上海2026"
    assert all(node.form.spec is doc.templates["上海2026"] for _, node in doc.iter_nodes() if node.form)
    assert {f.rule for f in check_document(doc)}   # the same rules run as on the PC that made it
    assert render_pdf(doc, tmp_path / "out.pdf") > 0


def test_the_second_pc_finds_what_the_first_found(sample_files, tmp_path, monkeypatch):
    from g60desk.domain import template_catalog

    def findings() -> list[tuple]:
        with Store.open(sample_files["2026"], readonly=True) as store:
            return [(f.rule, f.severity, f.path, f.field, f.message) for f in check_document(store.load())]
    here = findings()
    monkeypatch.setenv(template_catalog.DIR_VARIABLE, str(tmp_path))
    assert installed() == {}
    assert findings() == here and here


def test_json_carries_the_templates_to_a_pc_without_them(sample_files, second_pc):
    with Store.open(sample_files["2022"]) as store:
        doc = store.load()
    text = jsonio.dumps(doc)
    again = jsonio.loads(text)
    assert digest(again) == digest(doc)
    assert again.templates["上海2022"].text == doc.templates["上海2022"].text


def test_older_json_without_templates_needs_the_installed_template(sample_files, second_pc):
    import json
    with Store.open(sample_files["2022"]) as store:
        data = json.loads(jsonio.dumps(store.load()))
    del data["templates"]
    with pytest.raises(jsonio.JsonRefused) as refused:
        jsonio.loads(json.dumps(data, ensure_ascii=False), "旧.json")
    assert refused.value.message == ("“旧.json”不能导入：模板“上海2022”既不在文件中，也没有安装在这台电脑上："
                                     "请用带有模板定义的文件，或安装这个模板。")


def _tamper(path, text: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE template SET text = ?", (text,))
    conn.commit()
    conn.close()


def test_a_broken_carried_template_is_refused_naming_its_line(sample_copy):
    path = sample_copy("2026")
    _tamper(path, get_template("上海2026").text.replace('type = "date"', 'type = "datum"', 1))
    with pytest.raises(FileRefused) as refused, Store.open(path) as store:
        store.load()
    assert refused.value.message.startswith("文件中的模板有错误，无法使用：模板“上海2026（第 1 版）”不能使用")
    assert "header.fields 第 6 项的 type：“datum”不是可用的取值" in refused.value.message


def test_a_carried_template_under_another_name_is_refused(sample_copy):
    path = sample_copy("2026")
    _tamper(path, get_template("上海2026").text.replace('id = "上海2026"', 'id = "别的模板"'))
    with pytest.raises(FileRefused) as refused, Store.open(path) as store:
        store.load()
    assert "标为“上海2026”第 1 版的模板，内容却是“别的模板”第 1 版" in refused.value.message


def test_a_huge_carried_template_is_refused(sample_copy):
    path = sample_copy("2026")
    _tamper(path, get_template("上海2026").text + "#" * 300_000)
    with pytest.raises(FileRefused) as refused, Store.open(path) as store:
        store.load()
    assert "携带的模板长达" in refused.value.message and "超过上限 200,000" in refused.value.message


def test_a_form_whose_template_fields_together_pass_one_text_limit_opens_again(tmp_path):
    """Each field a template adds may hold limits.TEXT_CHARS; the form keeps them together in one column, which is
    held to the 申报's limit on open (what the services accept must always open again)."""
    from g60desk.domain import limits
    from g60desk.exchange.samples import sample_document
    from g60desk.services.session import Session
    path = tmp_path / "甘肃.g60"
    Store.create(path, sample_document("甘肃2023")).close()
    long_text = "项目基本情况说明。" * (limits.TEXT_CHARS // 10)
    session = Session.open(path)
    node = next(n for _, n in session.doc.iter_nodes() if n.declared)
    session.set_form_values(node, {"situation": long_text, "necessity": long_text, "measures": long_text})
    session.close()
    with Store.open(path) as store:
        form = next(n for _, n in store.load().iter_nodes() if n.declared).form
    assert form.extra["situation"] == form.extra["measures"] == long_text
    assert 3 * len(long_text) > limits.TEXT_CHARS


def test_a_file_carrying_more_templates_than_the_limit_is_refused_before_it_is_read(sample_copy):
    from g60desk.domain import limits
    path = sample_copy("2026")
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO template (id, version, text) VALUES (?, 1, 'x')",
                     [(f"模板{i}",) for i in range(limits.TEMPLATES_PER_FILE)])
    conn.commit()
    conn.close()
    with pytest.raises(FileRefused) as refused, Store.open(path):
        pass
    assert "携带的模板超过上限 1,000 个" in refused.value.message


def test_rows_without_template_fields_share_one_unchangeable_extra(tmp_path):
    """An empty dict per indicator and budget line was 12 MB of a 5,000-form document: rows read without fields of
    their template's own share NO_EXTRA, which refuses changes; setting a field gives that row a dict of its own."""
    import copy

    from g60desk.domain.model import NO_EXTRA
    from g60desk.exchange.samples import sample_document
    from g60desk.services.session import Session
    path = tmp_path / "申报2022.g60"
    doc = sample_document("2022")
    Store.create(path, doc).close()
    with Store.open(path, readonly=True) as store:
        loaded = store.load()
    rows = [i for _, n in loaded.iter_nodes() if n.form for i in n.form.indicators]
    lines = [line for _, n in loaded.iter_nodes() if n.explanation
             for g in n.explanation.budget_groups for line in g.lines]
    assert rows and lines and all(r.extra is NO_EXTRA for r in rows + lines)
    with pytest.raises(TypeError):
        rows[0].extra["standard"] = "计划标准"
    assert copy.deepcopy(rows[0]).extra == {} and type(copy.deepcopy(rows[0]).extra) is dict
    assert loaded == doc   # equal to the document written: NO_EXTRA is an empty dict
    xiangtan = tmp_path / "湘潭2.g60"
    Store.create(xiangtan, sample_document("湘潭2023")).close()
    session = Session.open(xiangtan)
    try:
        node = next(n for _, n in session.doc.iter_nodes() if n.declared)
        blank = next(i for i, ind in enumerate(node.form.indicators) if ind.extra is NO_EXTRA)
        session.set_indicator_cells(node, blank, 3, [["", "行业标准"]])
        assert node.form.indicators[blank].extra == {"standard": "行业标准"}
        assert NO_EXTRA == {} and all(ind.extra is NO_EXTRA or ind.extra for ind in node.form.indicators)
    finally:
        session.close()
