"""导入 on the bureau's side: totals add up, hostile files are refused beside good ones, duplicates keep the
later submission and say what changed, and each input is imported whole or not at all."""
from __future__ import annotations

import json
import os
import sqlite3
import time

import pytest
from exchange_helpers import HOSTILE, HOSTILE_KINDS, THIRD, data_digest, load, make_hostile

from g60desk.domain.serialize import short_digest
from g60desk.exchange.merge import IMPORT_KIND, merge
from g60desk.exchange.submit import submit
from g60desk.store import FileRefused, Store

G60_CENTRE = "上海市松江区长三角G60科创走廊创新研究中心"
KECHUANG = "上海市松江区科创发展办公室"


@pytest.fixture
def submitted(sample_copy, sample_2022_as_2026, third_department, tmp_path):
    """Three 2026 departments, each submitted as a clerk would (with a reason where the check has 错误)."""
    outbox = tmp_path / "收件箱"
    outbox.mkdir()
    files = [submit(sample_copy("2026"), outbox, "成本指标上限按项目批复填写").out_path,
             submit(sample_2022_as_2026, outbox, "日期沿用2022年申报，待更新").out_path,
             submit(third_department, outbox).out_path]
    return files


def test_submit_merge_info_totals_are_the_sum_of_the_parts(submitted, tmp_path, cli, info):
    out = tmp_path / "财政局汇总.g60"
    code, stdout, stderr = cli("merge", *submitted, "-o", out)
    assert code == 0, stdout + stderr
    assert stdout.count("[已导入]") == 3 and "已导入 3 个" in stdout
    parts = [info(path)["departments"][0] for path in submitted]
    merged = info(out)
    assert merged["budget_year"] == 2026
    assert merged["departments"] == parts
    assert sum(d["total_fen"] for d in merged["departments"]) == 287_965_000 + 1_128_000_000 + 12_000_000
    assert [d["name"] for d in merged["departments"]] == [G60_CENTRE, KECHUANG, THIRD]


def test_the_import_table_shows_each_files_digest_and_checks(submitted, tmp_path):
    report = merge(submitted, tmp_path / "b.g60")
    for path, result in zip(submitted, report.results):
        assert result.status == "imported"
        assert result.digest == data_digest(path)
        assert result.short_digest == short_digest(data_digest(path))
        assert result.submitted_from == "报送记录"
    centre = report.results[0]
    assert (centre.departments, centre.forms, centre.total_fen) == ([G60_CENTRE], 6, 287_965_000)
    assert centre.errors == 2 and centre.warnings > 0
    assert any("成本指标上限按项目批复填写" in note for note in centre.notes)
    third = report.results[2]
    assert (third.errors, third.notes) == (0, [])


def test_imported_department_keeps_its_digest_and_acknowledgements_come_along(submitted, tmp_path):
    out = tmp_path / "b.g60"
    merge(submitted, out)
    bureau = load(out)
    records = [h for h in bureau.history if h.kind == IMPORT_KIND]
    assert [json.loads(h.detail)["department"] for h in records] == [G60_CENTRE, KECHUANG, THIRD]
    for path, record in zip(submitted, records):
        assert record.digest == data_digest(path)     # the 校验码 printed on the clerk's paper


def test_a_copy_changed_by_one_amount_is_a_changed_duplicate_with_the_field_diff(submitted, tmp_path):
    original = submitted[0]
    changed = tmp_path / "改过的副本.g60"
    changed.write_bytes(original.read_bytes())
    conn = sqlite3.connect(changed)
    conn.execute("UPDATE form SET annual_request_fen = annual_request_fen + 100 "
                 "WHERE node_id = (SELECT id FROM node WHERE name = '金融赋能')")
    conn.commit()
    conn.close()
    later = time.time() + 60
    os.utime(changed, (later, later))
    assert data_digest(changed) != data_digest(original)

    out = tmp_path / "b.g60"
    report = merge([original, changed], out)
    first, second = report.results
    assert first.status == "imported"
    assert second.status == "duplicate" and second.replaced
    assert second.digest != first.digest
    assert any("报送后被改动" in note for note in second.notes)
    assert [str(c) for c in second.changes] == [
        "G60 科创走廊建设 › 金融赋能 · 年度资金申请总额：780,000.00 元 → 780,001.00 元"]
    assert "已替换" in second.reason and "共 1 处不同" in second.reason
    assert report.exit_code == 0
    bureau = load(out)
    node = bureau.find((G60_CENTRE, "G60 科创走廊建设", "金融赋能"))
    assert node.form.funding.annual_request_fen == 78_000_100
    assert [d.name for d in bureau.departments] == [G60_CENTRE]


def test_an_older_submission_does_not_replace_a_newer_one(third_department, tmp_path):
    older = submit(third_department, tmp_path / "旧.g60").out_path
    from g60desk.services.session import Session
    session = Session.open(third_department)
    session.unlock("调高满意度目标")                # 已报送: a submitted file is edited after 解锁
    node = session.doc.departments[0].projects[0]
    session.set_indicator_cells(node, 4, 3, [["≥95%"]])
    session.close()
    newer = submit(third_department, tmp_path / "新.g60").out_path
    conn = sqlite3.connect(older)      # sent a day earlier (the history is not data: the digest stays)
    conn.execute("UPDATE history SET time = '2026-03-01T09:00:00' WHERE kind = 'submit'")
    conn.commit()
    conn.close()
    out = tmp_path / "b.g60"
    merge([newer], out)
    report = merge([older], out)                 # arrives later by email, but was sent earlier
    result = report.results[0]
    assert result.status == "duplicate" and not result.replaced
    assert "较旧，未导入" in result.reason
    assert [(c.field, c.old, c.new) for c in result.changes] == [
        ("绩效指标（满意度指标/服务对象满意度指标/参与居民满意度）", "≥95.00(%)", "≥90.00(%)")]
    assert data_digest(out) == data_digest(newer)


def test_the_same_file_twice_is_an_identical_duplicate(submitted, tmp_path):
    report = merge([submitted[2], submitted[2]], tmp_path / "b.g60")
    assert [r.status for r in report.results] == ["imported", "duplicate"]
    assert "完全相同" in report.results[1].reason and report.results[1].changes == []


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_each_broken_or_hostile_kind_is_refused_with_its_reason(kind, submitted, tmp_path):
    bad = make_hostile(tmp_path, kind)
    report = merge([submitted[2], bad], tmp_path / "b.g60")
    good, refused = report.results
    assert good.status == "imported"
    assert refused.status == "refused" and HOSTILE_KINDS[kind] in refused.reason
    assert bad.name in refused.reason
    assert report.exit_code == 1


def test_hostile_files_are_refused_while_good_ones_go_in_and_leave_no_trace(submitted, hostile_files, tmp_path, cli,
                                                                            info):
    bad = list(hostile_files.values())
    out = tmp_path / "b.g60"
    before = {p: (p.read_bytes() if p.is_file() else None) for p in bad}
    code, stdout, _ = cli("merge", submitted[0], *bad[:6], submitted[1], *bad[6:], submitted[2], "-o", out)
    assert code == 1
    assert stdout.count("[已导入]") == 3 and stdout.count("[未导入]") == len(bad)
    for kind, path in hostile_files.items():
        line = next(x for x in stdout.splitlines() if path.name in x and x.startswith("[未导入]"))
        assert HOSTILE_KINDS[kind] in line, line
        assert (path.read_bytes() if path.is_file() else None) == before[path]     # left as it was
    assert [d["name"] for d in info(out)["departments"]] == [G60_CENTRE, KECHUANG, THIRD]
    assert HOSTILE.encode("utf-8") not in out.read_bytes()
    bureau = load(out)
    assert not any(p.name in h.detail for h in bureau.history for p in bad)
    conn = sqlite3.connect(out)
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'evil'").fetchall()
    conn.close()


def test_a_different_year_is_refused_with_a_reason(submitted, sample_copy, tmp_path):
    report = merge([submitted[0], sample_copy("2022")], tmp_path / "b.g60")
    assert report.results[1].status == "refused"
    assert "2022 年度" in report.results[1].reason and "2026 年度" in report.results[1].reason


def test_an_existing_bureau_file_is_added_to(submitted, tmp_path):
    out = tmp_path / "b.g60"
    assert merge(submitted[:1], out).created
    report = merge(submitted[1:], out)
    assert not report.created
    assert [d.name for d in load(out).departments] == [G60_CENTRE, KECHUANG, THIRD]


def test_the_bureau_file_itself_is_not_an_input(submitted, tmp_path):
    out = tmp_path / "b.g60"
    merge(submitted[:1], out)
    report = merge([out, submitted[1]], out)
    assert report.results[0].status == "refused" and "汇总文件本身" in report.results[0].reason
    assert report.results[1].status == "imported"


def test_an_input_that_fails_to_write_leaves_nothing_half_imported(submitted, tmp_path, monkeypatch):
    import g60desk.store.merge_writer as writer
    real = writer.repository.insert_history
    calls = []

    def fail_on_second(db, entry):
        calls.append(entry)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(db, entry)
    monkeypatch.setattr(writer.repository, "insert_history", fail_on_second)
    out = tmp_path / "b.g60"
    report = merge(submitted, out)
    assert [r.status for r in report.results] == ["imported", "refused", "imported"]
    assert "磁盘" in report.results[1].reason
    bureau = load(out)
    assert [d.name for d in bureau.departments] == [G60_CENTRE, THIRD]
    conn = sqlite3.connect(out)
    departments = {r[0] for r in conn.execute("SELECT DISTINCT department_id FROM node")}
    assert departments == {d for (d,) in conn.execute("SELECT id FROM department")}   # no orphan rows
    conn.close()


def test_replacing_a_department_removes_every_row_of_the_old_one(submitted, tmp_path):
    out = tmp_path / "b.g60"
    merge([submitted[1]], out)
    changed = tmp_path / "changed.g60"
    changed.write_bytes(submitted[1].read_bytes())
    conn = sqlite3.connect(changed)
    conn.execute("UPDATE budget_line SET stated_fen = stated_fen + 1, stated_text = '' WHERE parent_id IS NOT NULL "
                 "AND id = (SELECT min(id) FROM budget_line WHERE parent_id IS NOT NULL)")
    conn.commit()
    conn.close()
    later = time.time() + 60
    os.utime(changed, (later, later))
    report = merge([changed], out)
    assert report.results[0].replaced
    assert len(report.results[0].changes) == 1 and "预算明细" in report.results[0].changes[0].field
    with Store.open(out, readonly=True) as store:
        counts = [store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("department", "form", "indicator", "budget_line")]
    original = load(submitted[1])
    assert counts == [1, 2, 33, sum(1 for n in original.departments[0].declared_nodes()
                                     for _ in n.explanation.iter_lines())]


def test_a_missing_output_folder_is_an_error_for_the_whole_merge(submitted, tmp_path, cli):
    code, _, stderr = cli("merge", submitted[0], "-o", tmp_path / "nope" / "b.g60")
    assert code == 2 and stderr.strip()


def test_a_broken_bureau_file_is_refused(submitted, tmp_path):
    out = tmp_path / "b.g60"
    out.write_bytes(b"not a database at all" * 10)
    with pytest.raises(FileRefused):
        merge(submitted, out)


@pytest.mark.parametrize("sql,words", [
    ("UPDATE form SET planned_start = '明年春天' WHERE rowid = (SELECT min(rowid) FROM form)", "无法读取"),
    ("DELETE FROM meta WHERE key = 'budget_year'", "无法读取"),
    ("UPDATE node SET name = (SELECT min(name) FROM node) WHERE kind = 'sub_project'", "不符合 g60desk 格式"),
])
def test_a_well_formed_file_with_impossible_content_is_refused(sql, words, submitted, tmp_path):
    bad = tmp_path / "odd.g60"
    bad.write_bytes(submitted[0].read_bytes())
    conn = sqlite3.connect(bad)
    conn.execute(sql)
    conn.commit()
    conn.close()
    report = merge([bad, submitted[2]], tmp_path / "b.g60")
    assert report.results[0].status == "refused" and words in report.results[0].reason
    assert "odd.g60" in report.results[0].reason
    assert report.results[1].status == "imported"
