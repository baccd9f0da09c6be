"""The bureau trusts no date a file writes about itself (issue 14 §4): which of two submissions of a
department is kept rests on what the bureau saw (the file's time on its disk, the order of import); a
submission time in the future or before the file's own history is flagged, both submissions are shown, and
the bureau chooses (``--prefer``)."""
from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from g60desk.domain.serialize import digest
from g60desk.store import Store

CENTRE = "上海市松江区长三角G60科创走廊创新研究中心"


def submit(cli, source: Path, out: Path) -> Path:
    done = cli("submit", source, "-o", out, "--accept-errors", "测试报送", "--force")
    assert done.returncode == 0, done.stderr
    return out


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def touch(path: Path, seconds_from_now: float) -> None:
    when = time.time() + seconds_from_now
    os.utime(path, (when, when))


def bureau_total(path: Path) -> tuple[int, str]:
    with Store.open(path, readonly=True) as store:
        doc = store.load()
    dept = next(d for d in doc.departments if d.name == CENTRE)
    from g60desk.domain.summary import summarize_department
    from g60desk.exchange.merge import department_digest
    return summarize_department(dept).total_fen, department_digest(doc, dept)


def data_digest(path: Path) -> str:
    with Store.open(path, readonly=True) as store:
        return digest(store.load())


def test_a_file_claiming_a_submission_in_2099_does_not_beat_the_real_resubmission(copy_of, tmp_path, cli):
    clerk = copy_of("2026", "我的申报.g60")
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    genuine = submit(cli, clerk, inbox / "第一次.g60")
    touch(genuine, -3600)
    forged = inbox / "伪造.g60"                                # someone's copy with other figures and a date
    forged.write_bytes(genuine.read_bytes())
    sql(forged, "UPDATE form SET annual_request_fen = 1 WHERE annual_request_fen = 78000000",
        "UPDATE history SET time = '2099-12-31T23:59:59' WHERE kind = 'submit'")
    touch(forged, -1800)
    resubmitted = submit(cli, clerk, inbox / "重新报送.g60")    # the clerk's real re-submission, sent last
    out = tmp_path / "汇总.g60"

    assert cli("merge", genuine, "-o", out).returncode == 0
    done = cli("merge", forged, "-o", out)
    assert done.returncode == 1, done.stdout                     # in doubt: the bureau must choose
    assert "[待确认] 伪造.g60" in done.stdout and "2099-12-31" in done.stdout and "--prefer" in done.stdout
    assert "晚于财政局电脑的当前时间" in done.stdout
    assert bureau_total(out)[0] == 287_965_000                   # the genuine data stayed
    done = cli("merge", resubmitted, "-o", out)
    assert done.returncode == 0, done.stdout
    total, department = bureau_total(out)
    assert total == 287_965_000 and department == data_digest(resubmitted)


def test_the_bureau_chooses_a_file_in_doubt_with_prefer(copy_of, tmp_path, cli):
    clerk = copy_of("2026", "我的申报.g60")
    first = submit(cli, clerk, tmp_path / "第一次.g60")
    touch(first, -3600)
    odd = tmp_path / "有疑问.g60"
    odd.write_bytes(first.read_bytes())
    sql(odd, "UPDATE form SET annual_request_fen = annual_request_fen + 100 WHERE annual_request_fen = 78000000",
        "UPDATE history SET time = '2099-01-01T00:00:00' WHERE kind = 'submit'")
    out = tmp_path / "汇总.g60"
    cli("merge", first, "-o", out)
    assert cli("merge", odd, "-o", out).returncode == 1
    assert bureau_total(out)[1] == data_digest(first)
    done = cli("merge", odd, "-o", out, "--prefer", odd)
    assert done.returncode == 0, done.stdout
    assert "财政局指定使用本文件" in done.stdout
    assert bureau_total(out)[1] == data_digest(odd)
    with Store.open(out, readonly=True) as store:
        record = json.loads(store.load().history[-1].detail)
    assert record["chosen_by_bureau"] and record["flags"] and record["claimed"].startswith("2099-01-01")


def test_the_later_file_wins_by_what_the_bureau_saw_not_by_what_it_claims(copy_of, tmp_path, cli):
    """Two honest submissions whose own dates are equal (the history was copied): the one written later on
    the bureau's disk is kept, whatever order they are named in."""
    clerk = copy_of("2026", "我的申报.g60")
    older = submit(cli, clerk, tmp_path / "旧.g60")
    newer = tmp_path / "新.g60"
    newer.write_bytes(older.read_bytes())
    sql(newer, "UPDATE form SET annual_request_fen = annual_request_fen + 100 WHERE annual_request_fen = 78000000")
    touch(older, -7200)
    touch(newer, -60)
    out = tmp_path / "汇总.g60"
    done = cli("merge", newer, older, "-o", out)               # named in the "wrong" order
    assert done.returncode == 0, done.stdout
    assert bureau_total(out)[1] == data_digest(newer)
    assert "文件时间" in done.stdout


def test_a_submission_dated_before_the_files_own_history_is_flagged(copy_of, tmp_path, cli):
    clerk = copy_of("2026", "我的申报.g60")
    sent = submit(cli, clerk, tmp_path / "报送.g60")
    sql(sent, "INSERT INTO history (time, kind, digest, detail) VALUES ('2026-06-01T10:00:00', 'create', '', '新建')",
        "UPDATE history SET id = 1000 WHERE kind = 'submit'",
        "UPDATE history SET time = '2020-01-01T00:00:00' WHERE kind = 'submit'")
    done = cli("merge", sent, "-o", tmp_path / "汇总.g60")
    assert done.returncode == 0                                   # nothing to choose between: imported
    assert "早于文件自己更早记下的时间" in done.stdout, done.stdout


def test_import_records_keep_what_the_bureau_saw_apart_from_what_the_file_claims(copy_of, tmp_path, cli):
    sent = submit(cli, copy_of("2026", "我的申报.g60"), tmp_path / "报送.g60")
    out = tmp_path / "汇总.g60"
    assert cli("merge", sent, "-o", out).returncode == 0
    with Store.open(out, readonly=True) as store:
        entry = store.load().history[-1]
    record = json.loads(entry.detail)
    assert entry.kind == "import" and entry.time                   # when the bureau imported it
    assert record["file_time"] and record["claimed"] and record["flags"] == []
