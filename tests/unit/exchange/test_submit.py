"""导出报送文件: refused with 错误 (nothing written), sent with a recorded reason, always a verified copy."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest
from exchange_helpers import THIRD, data_digest, load

from g60desk.domain.model import Department, Document
from g60desk.exchange.submit import (
    SUBMIT_KIND,
    SubmissionRefused,
    default_name,
    last_submission,
    override_reason_of,
    submit,
)
from g60desk.store import APPLICATION_ID, FORMAT_VERSION, FileRefused, StorageError, Store


def file_hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_errors_refuse_the_submission_and_nothing_is_written(sample_copy, cli):
    source = sample_copy("2022")          # the 2022 document has genuine 错误 (DESIGN.md §4)
    before = file_hash(source)
    listing = sorted(source.parent.iterdir())
    out = source.parent / "out.g60"
    code, stdout, stderr = cli("submit", source, "-o", out)
    assert code == 1
    assert "3 条错误" in stderr and "没有导出报送文件" in stderr
    assert "保洁保安费" in stderr and "--accept-errors" in stderr      # the first findings, and the way out
    assert not out.exists()
    assert sorted(source.parent.iterdir()) == listing                 # no temp file left either
    assert file_hash(source) == before                                # history untouched


def test_accepting_errors_records_the_reason_in_both_histories(sample_copy, cli):
    source = sample_copy("2022")
    digest_before = data_digest(source)
    out = source.parent / "报送.g60"
    code, stdout, stderr = cli("submit", source, "-o", out, "--accept-errors", "金额以区财政批复为准")
    assert code == 0, stderr
    assert "校验码" in stdout and "金额以区财政批复为准" in stdout
    for path in (source, out):
        entry = last_submission(load(path))
        assert entry.kind == SUBMIT_KIND
        assert override_reason_of(entry) == "金额以区财政批复为准"
        assert "错误 3 条" in entry.detail
        assert entry.digest == digest_before
    assert load(source).history[-1] == load(out).history[-1]
    assert data_digest(source) == digest_before == data_digest(out)   # history is not data


def test_the_copy_has_the_sources_digest_and_is_a_healthy_g60(third_department):
    result = submit(third_department)
    assert result.out_path == third_department.parent / f"2026_{THIRD}_绩效目标申报.g60"
    assert result.checks.errors == 0 and result.accept_errors_reason is None
    assert data_digest(result.out_path) == data_digest(third_department) == result.digest
    conn = sqlite3.connect(result.out_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with Store.open_received(result.out_path) as received:   # as the bureau will open it
        assert received.load().departments[0].name == THIRD
    assert not [p for p in third_department.parent.iterdir() if p.name.endswith((".tmp", "-journal"))]


def test_submitting_again_replaces_the_copy_and_adds_a_history_entry(third_department):
    first = submit(third_department)
    second = submit(third_department)
    assert first.out_path == second.out_path
    history = [h for h in load(second.out_path).history if h.kind == SUBMIT_KIND]
    assert len(history) == 2 and history[-1] == second.entry


def test_a_reason_without_errors_is_not_recorded(third_department, tmp_path):
    result = submit(third_department, tmp_path / "x.g60", accept_errors_reason="无")
    assert result.accept_errors_reason is None
    assert override_reason_of(result.entry) is None


def test_a_too_short_reason_is_refused(sample_copy):
    source = sample_copy("2022")
    with pytest.raises(SubmissionRefused, match="太短"):
        submit(source, source.parent / "out.g60", accept_errors_reason="好")
    assert not (source.parent / "out.g60").exists()


def test_a_failed_verification_leaves_no_file_and_no_history(third_department, tmp_path, monkeypatch):
    import g60desk.store.export as export

    def broken(tmp, target, entry):
        raise StorageError("写出的报送文件校验码不一致")
    monkeypatch.setattr(export, "_verify", broken)
    before = file_hash(third_department)
    out = tmp_path / "out.g60"
    with pytest.raises(StorageError):
        submit(third_department, out)
    assert not out.exists()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert file_hash(third_department) == before


def test_the_copy_never_overwrites_the_source(third_department):
    with pytest.raises(FileRefused, match="原文件"):
        submit(third_department, third_department)


def test_a_folder_as_target_gets_the_default_name(third_department, tmp_path):
    folder = tmp_path / "发件"
    folder.mkdir()
    result = submit(third_department, folder)
    assert result.out_path.parent == folder and result.out_path.name.startswith("2026_")


def test_a_readonly_source_still_submits_and_says_so(third_department, tmp_path, cli):
    third_department.chmod(0o444)
    try:
        code, stdout, _ = cli("submit", third_department, "-o", tmp_path / "ro.g60")
    finally:
        third_department.chmod(0o644)
    assert code == 0
    if "只读" in stdout:      # root can write anyway; otherwise the source history cannot be written
        assert last_submission(load(third_department)) is None
    assert last_submission(load(tmp_path / "ro.g60")) is not None


def test_default_name_is_a_safe_file_name():
    doc = Document(budget_year=2026, departments=[Department('上海市/松江区:"科委"')])
    assert default_name(doc) == "2026_上海市_松江区__科委__绩效目标申报.g60"
    two = Document(budget_year=2026, departments=[Department("甲"), Department("乙")])
    assert default_name(two) == "2026_甲等2个部门_绩效目标申报.g60"
    assert default_name(Document(budget_year=2026)) == "2026_绩效目标申报.g60"


def test_missing_source_exits_2(cli, tmp_path):
    code, _, stderr = cli("submit", tmp_path / "nope.g60")
    assert code == 2 and "找不到" in stderr
    assert not (tmp_path / "nope.g60").exists()
