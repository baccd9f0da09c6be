"""A crash during a save never locks the clerk out (issue 14 §1): the user's own file with a hot journal is
recovered — a backup copy first, then the journal rolled back as SQLite intends — by every verb and the
window, with nothing committed lost; a received file with a journal is read as its sender last committed
it; temporary files of killed runs are removed on the next run, and nothing else is."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import one_refusal_line, remount_read_only, run_cases

from g60desk.domain.serialize import digest
from g60desk.store import Store
from g60desk.store.recovery import is_hot, journal_of

CRASH = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")          # pages spill into the file before the commit
conn.execute("BEGIN")
conn.execute("UPDATE indicator SET name = name || '（半途）'")
conn.execute("UPDATE section SET text = text || text || '（半途）'")
os._exit(9)                                   # killed in the middle of the save
"""


def data_of(path: Path) -> str:
    with Store.open(path, readonly=True) as store:
        return digest(store.load())


def crash_mid_save(path: Path) -> None:
    subprocess.run([sys.executable, "-c", CRASH, str(path)], check=False)
    assert journal_of(path).stat().st_size > 0 and is_hot(path)


@pytest.fixture
def crashed(copy_of, tmp_path):
    """make(name) → (a copy of the 2026 sample whose save was killed half way, its committed digest)."""
    committed = data_of(copy_of("2026", "committed.g60"))

    def make(name: str, folder: Path | None = None) -> tuple[Path, str]:
        path = copy_of("2026", name, folder)
        crash_mid_save(path)
        return path, committed
    return make


VERBS = {
    "info": lambda f, o: ["info", f, "--json"],
    "check": lambda f, o: ["check", f],
    "print": lambda f, o: ["print", f, "-o", o / "p.pdf"],
    "xlsx": lambda f, o: ["xlsx", f, "-o", o / "x.xlsx"],
    "export-json": lambda f, o: ["export-json", f, "-o", o / "j.json"],
    "submit": lambda f, o: ["submit", f, "-o", o / "s.g60", "--accept-errors", "恢复后报送"],
}


def test_every_verb_and_the_window_recover_the_clerks_file_with_nothing_lost(crashed, tmp_path, isolated_home):
    cases = []
    for verb, make in VERBS.items():
        path, committed = crashed(f"{verb}.g60", tmp_path / verb)
        cases.append({"argv": [str(a) for a in make(path, path.parent)], "verb": verb, "path": str(path)})
    window_file, committed = crashed("window.g60", tmp_path / "window")
    cases.append({"window": str(window_file), "verb": "window", "path": str(window_file)})
    results = run_cases(cases, tmp_path / "run")
    for result in results:
        verb, path = result["case"]["verb"], Path(result["case"]["path"])
        assert not result["traceback"], result["traceback"]
        assert result["code"] in (0, 1), (verb, result["stderr"])   # check: 1 = the sample's own 错误
        assert "已恢复到最后一次完整保存的内容" in result["stderr"] or verb == "window", (verb, result["stderr"])
        assert not journal_of(path).exists(), verb
        assert data_of(path) == committed, verb                   # the half save is gone, nothing else
    backups = sorted((isolated_home / "recovery").iterdir())
    assert len([b for b in backups if b.name.endswith(".g60")]) == len(cases)
    assert all(journal_of(b).exists() for b in backups if b.name.endswith(".g60"))   # file and journal as found


def test_the_window_opens_a_recovered_file_for_editing(crashed, tmp_path, qtbot):
    from g60desk.qt.shell.files import open_document
    path, committed = crashed("mine.g60")
    opened = open_document(path)
    try:
        assert not opened.session.readonly and opened.readonly_reason is None
        assert opened.session.store.recovery is not None and digest(opened.session.doc) == committed
        node = opened.session.doc.departments[0].projects[0]
        opened.session.rename_node(node, "恢复后继续编辑")
    finally:
        opened.close()
    with Store.open(path, readonly=True) as store:
        assert store.load().departments[0].projects[0].name == "恢复后继续编辑"


def test_a_received_file_with_a_journal_is_merged_as_its_sender_last_committed_it(crashed, tmp_path, cli):
    path, committed = crashed("收到的.g60", tmp_path / "inbox")
    before = (path.read_bytes(), journal_of(path).read_bytes())
    out = tmp_path / "bureau.g60"
    done = cli("merge", path, "-o", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[已导入]" in done.stdout
    assert (path.read_bytes(), journal_of(path).read_bytes()) == before   # the received file is not touched
    with Store.open(out, readonly=True) as store:
        bureau = store.load()
    from g60desk.exchange.merge import department_digest
    assert department_digest(bureau, bureau.departments[0]) == committed  # never half a transaction
    assert "（半途）" not in repr(bureau.departments[0])


def test_a_crashed_file_on_read_only_media_opens_read_only_as_last_committed(crashed, tmpfs, cli):
    media = tmpfs("media", "4m")
    path, committed = crashed("光盘上的.g60", media)
    remount_read_only(media)
    done = cli("info", path, "--json")
    assert done.returncode == 0, done.stderr
    import json
    assert json.loads(done.stdout)["digest"] == committed
    assert journal_of(path).exists()                                      # nothing could be written there
    assert data_of(path) == committed


HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE department SET overview = '另一个程序正在写'")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def test_the_journal_of_a_live_writer_is_not_rolled_back(copy_of, cli):
    path = copy_of("2026")
    before = data_of(path)
    writer = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        assert journal_of(path).exists() and not is_hot(path)
        done = cli("info", path, "--json")
        assert done.returncode == 0, done.stderr
        assert "恢复" not in done.stderr
    finally:
        writer.stdin.write("\n")
        writer.stdin.flush()
        writer.wait(timeout=30)
    with Store.open(path, readonly=True) as store:
        assert store.load().departments[0].overview == "另一个程序正在写"   # its commit went through
    assert data_of(path) != before


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_files_of_killed_runs_are_removed_on_the_next_run(copy_of, tmp_path, cli):
    from g60desk.store.tempfiles import host_tag
    path = copy_of("2026")
    folder = path.parent
    dead, alive = _dead_pid(), os.getpid()
    stale = [folder / f".copy2026.g60.{host_tag()}-{dead}.abcd1234.g60tmp",
             folder / f".copy2026.g60.{host_tag()}-{dead}.abcd1234.g60tmp-journal",
             folder / f".报送.g60.{host_tag()}-{dead}.zz99zz99.g60tmp.lock"]
    kept = [folder / f".copy2026.g60.{host_tag()}-{alive}.efgh5678.g60tmp",   # a live process of ours
            folder / ".copy2026-abcdefgh.g60.tmp",                            # an older program's, still fresh
            folder / "草稿.tmp", folder / "other.g60tmp.bak", folder / "笔记.txt"]   # not ours at all
    for p in stale + kept:
        p.write_bytes(b"x")
    old = time.time() - 2 * 24 * 3600
    ancient = folder / ".copy2026-ijklmnop.g60.tmp"   # an older program's, two days old
    ancient.write_bytes(b"x")
    os.utime(ancient, (old, old))
    done = cli("info", path)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in stale + [ancient] if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_private_copies_of_received_files_left_by_a_killed_merge_are_removed(tmp_path, copy_of, cli):
    import tempfile

    from g60desk.store.tempfiles import RECEIVED_PREFIX, host_tag
    leftover = Path(tempfile.gettempdir()) / f"{RECEIVED_PREFIX}{host_tag()}-{_dead_pid()}-abcd1234.g60"
    leftover.write_bytes(b"x")
    done = cli("merge", copy_of("third"), "-o", tmp_path / "b.g60")
    assert done.returncode == 0, done.stdout
    assert not leftover.exists()


def test_a_journal_that_is_not_a_file_is_refused_not_followed(copy_of, cli):
    path = copy_of("2026")
    os.mkfifo(journal_of(path))
    done = cli("info", path, timeout=30)
    assert done.returncode == 2 and "journal" in one_refusal_line(done.stderr)


def test_a_backup_is_made_before_the_journal_is_played_back(crashed, isolated_home, monkeypatch):
    """If the roll-back itself went wrong, the file and journal as they were are still there."""
    from g60desk.store import recovery
    path, _ = crashed("mine.g60")
    raw, journal = path.read_bytes(), journal_of(path).read_bytes()

    def failing_roll_back(p):
        raise recovery.StorageError("模拟：回滚失败")
    monkeypatch.setattr(recovery, "roll_back", failing_roll_back)
    with pytest.raises(recovery.StorageError):
        Store.open(path)
    backup = next(p for p in (isolated_home / "recovery").iterdir() if p.name.endswith(".g60"))
    assert backup.read_bytes() == raw and journal_of(backup).read_bytes() == journal
    shutil.rmtree(isolated_home / "recovery")


GROWING = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")          # pages spill into the file before the commit
conn.execute("BEGIN")
conn.execute("UPDATE section SET text = text || text || text || text || '（半途）'")   # the file grows
os._exit(9)
"""


def test_a_save_killed_while_the_file_grew_is_recovered_not_refused_as_truncated(copy_of):
    """Killed after page 1 (with the new page count) was written but before the last pages were: the file is
    shorter than its header says until the journal is rolled back. It is the clerk's last save, not a file cut
    short by e-mail (the kill loop met this once in 40 kills of 汇总)."""
    committed = data_of(copy_of("2026", "committed.g60"))
    path = copy_of("2026", "grew.g60")
    before = path.stat().st_size
    subprocess.run([sys.executable, "-c", GROWING, str(path)], check=False)
    assert is_hot(path) and path.stat().st_size > before
    with path.open("r+b") as f:                  # the header counts pages the kill did not let reach the disk
        page_size = int.from_bytes(f.read(18)[16:18], "big")
        f.seek(28)
        f.write((path.stat().st_size // page_size + 3).to_bytes(4, "big"))
    with Store.open(path) as store:
        assert digest(store.load()) == committed and store.recovery is not None
    assert not journal_of(path).exists() and path.stat().st_size == before
