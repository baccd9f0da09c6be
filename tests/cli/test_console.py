"""Output that never crashes the command (g60desk/console.py): GBK and other code pages, a pipe, a file, a
terminal, and a reader that stops early.

Each case runs the verbs in a real subprocess whose stdout/stderr are set up as a clerk's would be: on
Windows a redirected stream uses the code page (GBK on a Chinese Windows), which PYTHONIOENCODING
reproduces here. tests/installers/test_windows_build.py runs the same verbs in the Windows program under
Wine with a real GBK code page.
"""
from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from g60desk import console

# One subprocess runs every verb through g60desk.cli.main, as the command would, and records the exit
# statuses in a file (stdout and stderr are what is under test).
VERBS = textwrap.dedent("""
    import json, sys
    from g60desk.cli import main
    runs = [
        ["sample", "2026", "-o", "a.g60"],
        ["info", "a.g60"],
        ["info", "a.g60", "--json"],
        ["check", "a.g60"],
        ["check", "a.g60", "--json"],
        ["print", "a.g60", "-o", "a.pdf"],
        ["submit", "a.g60", "-o", "报送.g60", "--accept-errors", "样例照原样报送"],
        ["merge", "报送.g60", "-o", "财政局.g60"],
        ["consolidate", "财政局.g60"],
        ["xlsx", "a.g60", "-o", "a.xlsx"],
        ["new", "b.g60", "--year", "2027", "--department", "测试部门›一"],
        ["info", "missing.g60"],
        ["check", "a.g60", "--bogus-›"],
    ]
    codes = []
    for argv in runs:
        print(f"== {' '.join(argv)}", file=sys.stderr, flush=True)
        try:
            codes.append(main(argv))
        except SystemExit as exc:
            codes.append(exc.code)
    with open("codes.json", "w", encoding="utf-8") as out:
        json.dump(codes, out)
""")
EXPECTED_CODES = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2]


def run_verbs(folder: Path, encoding: str, stdout, stderr) -> tuple[list, subprocess.CompletedProcess]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "G60DESK_HOME": str(folder / "home")}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run([sys.executable, "-c", VERBS], cwd=folder, env=env, stdout=stdout, stderr=stderr,
                          timeout=300)
    codes = json.loads((folder / "codes.json").read_text(encoding="utf-8"))
    return codes, done


def assert_clean(stderr: str, codes: list, returncode: int) -> None:
    assert "Traceback" not in stderr and "Error" not in stderr, stderr[-3000:]
    assert returncode == 0, stderr[-3000:]
    assert codes == EXPECTED_CODES, stderr[-3000:]


@pytest.mark.parametrize("encoding", ["gbk", "cp1252", "ascii"])
def test_every_verb_writes_to_pipes_in_any_code_page(tmp_path, encoding):
    codes, done = run_verbs(tmp_path, encoding, subprocess.PIPE, subprocess.PIPE)
    out, err = done.stdout.decode(encoding), done.stderr.decode(encoding)   # strict: what was written decodes
    assert_clean(err, codes, done.returncode)
    if encoding == "gbk":
        assert "审核报告" in out and "已写出 2026 年样例" in out
        assert "g60desk：" in err                       # the refusals, in Chinese
    else:   # what the code page lacks became "?" or a look-alike, never an exception
        assert "?" in out and "a.g60" in out


@pytest.mark.parametrize("encoding", ["gbk", "cp1252"])
def test_every_verb_writes_to_files_in_any_code_page(tmp_path, encoding):
    with open(tmp_path / "out.txt", "wb") as out, open(tmp_path / "err.txt", "wb") as err:
        codes, done = run_verbs(tmp_path, encoding, out, err)
    report = (tmp_path / "out.txt").read_bytes().decode(encoding)
    assert_clean((tmp_path / "err.txt").read_bytes().decode(encoding), codes, done.returncode)
    assert ("审核报告" in report) == (encoding == "gbk")


def test_a_report_redirected_to_a_gbk_file_is_readable(tmp_path, sample_files):
    """The issue's case: `g60desk check F > report.txt` on a Chinese Windows died on "›"."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    with open(tmp_path / "report.txt", "wb") as report:
        done = subprocess.run([sys.executable, "-m", "g60desk", "check", str(sample_files["2026"])],
                              stdout=report, stderr=subprocess.PIPE, env=env, timeout=120)
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr.decode("gbk", "replace")
    text = (tmp_path / "report.txt").read_bytes().decode("gbk")
    assert "审核报告" in text and "错误" in text


def test_every_verb_writes_to_a_terminal(tmp_path):
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:     # read while the verbs write: a full terminal buffer would block them
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:      # EIO: the terminal has no writer any more
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        codes, done = run_verbs(tmp_path, "gbk", follower, follower)
        os.close(follower)
        reader.join(timeout=30)
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode("gbk")
    assert_clean(shown, codes, done.returncode)
    assert "审核报告" in shown


@pytest.mark.parametrize("args", [["check", "{file}"], ["info", "{file}"], ["--help"]])
def test_a_reader_that_stops_early_causes_no_traceback(sample_files, args):
    """`g60desk check F | head`: the reader is gone before the command writes (a closed pipe, certainly)."""
    argv = [a.format(file=sample_files["2026"]) for a in args]
    process = subprocess.Popen([sys.executable, "-m", "g60desk", *argv], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", "replace")
    code = process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert code == (1 if argv[0] == "check" else 0)


# ---- the pieces --------------------------------------------------------------------------------------

def fake_stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


@pytest.mark.parametrize("encoding, environ, expected", [
    ("gbk", {}, "gbk"),                                  # a Chinese code page is kept: Notepad/findstr read it
    ("utf-8", {}, "utf-8"),
    ("cp1252", {}, "utf-8"),                             # no Chinese at all: UTF-8 rather than "????"
    ("cp1252", {"PYTHONIOENCODING": "cp1252"}, "cp1252"),   # the user's explicit choice is kept
])
def test_redirected_encoding(encoding, environ, expected):
    assert console.choose_encoding(fake_stream(encoding), environ) == expected


@pytest.mark.parametrize("text, encoding, expected", [
    ("审核 › 错误", "gbk", "审核 > 错误"),
    ("≥85% “完成”", "cp1252", ">=85% “完成”".replace("完成", "??")),
    ("≥85%　（元）", "ascii", ">=85% (?)"),
    ("😀", "gbk", "?"),
])
def test_unencodable_characters_become_lookalikes(text, encoding, expected):
    assert text.encode(encoding, console.ERRORS).decode(encoding) == expected


def test_missing_streams_become_sinks(monkeypatch):
    """pythonw.exe (the windowed g60desk.exe) has no stdout/stderr: print() must still work."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "__stdout__", None)
    console.setup()
    print("审核报告 ›")
    assert sys.stdout is not None and sys.stdout.errors == console.ERRORS
    sys.stdout.close()


def test_a_test_capture_is_left_alone(capsys):
    before = sys.stdout
    console.setup()
    assert sys.stdout is before
