"""One lock for every writer (issue 14 §2): two writers never work on one file at once, so no acknowledged
edit is ever lost; a second writer waits briefly, then is refused with the holder named; a lock left by a
killed program is taken over at once."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import UNDER_TEST, one_refusal_line, subprocess_env

APPEND = """
import sys, time
from pathlib import Path
from g60desk.services.session import Session
path, tag, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
try:
    session = Session.open(path)
except Exception as exc:          # refused: another writer has the file
    print("REFUSED", getattr(exc, "message", exc), flush=True)
    sys.exit(3)
node = session.doc.departments[0].projects[0].children[0]
for i in range(150):
    session.set_indicator_cells(node, len(node.form.indicators), 0, [["产出指标", "数量指标", f"{tag}-{i}", "1"]])
    print("ACK", f"{tag}-{i}", flush=True)   # the edit returned: it is acknowledged
session.close()
"""

HOLD = """
import sys, time
from g60desk.services.session import Session
session = Session.open(sys.argv[1])
print("holding", flush=True)
seconds = float(sys.argv[2])
if seconds < 0:
    sys.stdin.readline()
else:
    time.sleep(seconds)
session.close()
"""


def spawn(script: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=subprocess_env(),
                            cwd=UNDER_TEST or None)


def names_in(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM indicator")}
    finally:
        conn.close()


@pytest.mark.parametrize("trial", range(2))
def test_two_processes_appending_rows_lose_nothing(trial, copy_of, tmp_path):
    path = copy_of("2026")
    go = tmp_path / "go"
    writers = [spawn(APPEND, path, tag, go) for tag in ("甲", "乙")]
    time.sleep(0.5)                       # both interpreters up and waiting
    go.write_text("go")
    outputs = [w.communicate(timeout=120) for w in writers]
    acknowledged = {line.split()[1] for out, _ in outputs for line in out.splitlines() if line.startswith("ACK")}
    refused = [out for out, _ in outputs if "REFUSED" in out]
    present = names_in(path)
    assert acknowledged <= present, f"{len(acknowledged - present)} acknowledged rows lost"
    assert len(acknowledged) == 300 or (len(acknowledged) == 150 and len(refused) == 1), (len(acknowledged), refused)
    for text in refused:
        assert "正在被" in text and "进程" in text      # the holder is named


def test_submit_while_another_writer_holds_the_file_is_refused_with_the_holder_named(copy_of, tmp_path, cli):
    path = copy_of("2026")
    holder = spawn(HOLD, path, -1)
    try:
        assert holder.stdout.readline().strip() == "holding"
        before = path.read_bytes()
        started = time.monotonic()
        done = cli("submit", path, "-o", tmp_path / "报送.g60", "--accept-errors", "测试报送")
        waited = time.monotonic() - started
        line = one_refusal_line(done.stderr)
        assert done.returncode == 2
        assert f"进程 {holder.pid}" in line and "正在被" in line, line
        assert 4 <= waited < 30                                   # it waited briefly first
        assert not (tmp_path / "报送.g60").exists() and path.read_bytes() == before
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def test_a_writer_that_finishes_soon_is_waited_for(copy_of, tmp_path, cli):
    path = copy_of("2026")
    holder = spawn(HOLD, path, 1.5)
    assert holder.stdout.readline().strip() == "holding"
    done = cli("submit", path, "-o", tmp_path / "报送.g60", "--accept-errors", "测试报送")
    holder.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "报送.g60").exists()


def test_a_lock_left_by_a_killed_writer_is_taken_over_at_once(copy_of, tmp_path, cli):
    path = copy_of("2026")
    holder = spawn(HOLD, path, -1)
    assert holder.stdout.readline().strip() == "holding"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    started = time.monotonic()
    done = cli("submit", path, "-o", tmp_path / "报送.g60", "--accept-errors", "测试报送")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 4                       # no waiting for a dead holder


def test_a_file_another_writer_holds_is_never_replaced_or_written(copy_of, tmp_path, cli):
    path = copy_of("2026")
    source_json = tmp_path / "in.json"
    assert cli("export-json", copy_of("2022", "other.g60"), "-o", source_json).returncode == 0
    holder = spawn(HOLD, path, -1)
    try:
        assert holder.stdout.readline().strip() == "holding"
        before = path.read_bytes()
        commands = {"sample": ["sample", "2022", "-o", path, "--force"],
                    "import-json": ["import-json", source_json, "-o", path, "--force"],
                    "merge": ["merge", copy_of("third"), "-o", path]}
        from reliability_helpers import g60desk_command
        running = {verb: subprocess.Popen([*g60desk_command(), *map(str, args)], stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True, env=subprocess_env(),
                                          cwd=UNDER_TEST or None)
                   for verb, args in commands.items()}   # at once: each waits its few seconds in parallel
        for verb, process in running.items():
            _out, err = process.communicate(timeout=60)
            line = one_refusal_line(err)
            assert process.returncode == 2 and f"进程 {holder.pid}" in line, (verb, line)
        assert path.read_bytes() == before
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def test_the_window_of_a_second_instance_opens_read_only_naming_the_holder(copy_of, qtbot):
    from g60desk.qt.shell.files import LOCKED_TEXT, open_document
    path = copy_of("2026")
    holder = spawn(HOLD, path, -1)
    try:
        assert holder.stdout.readline().strip() == "holding"
        opened = open_document(path)
        try:
            assert opened.session.readonly
            assert f"进程 {holder.pid}" in opened.readonly_reason
            assert opened.readonly_reason.endswith(LOCKED_TEXT.split("，", 1)[1])
        finally:
            opened.close()
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def test_the_lock_file_says_who_holds_it(copy_of):
    from g60desk.store.lock import is_held, read_holder
    path = copy_of("2026")
    holder = spawn(HOLD, path, -1)
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert is_held(path)
        who = read_holder(path)
        assert who.pid == holder.pid and who.host and who.since
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert not is_held(path) and not Path(str(path) + ".lock").exists()
