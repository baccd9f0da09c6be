"""The hostile corpus × every verb: a damaged, oversized or strange input is refused with exit status 2 and
one Chinese line — never a traceback, never a hang, never more memory than the machine has — and the input
is left exactly as it was. ``merge`` refuses it and goes on with the next file of its batch."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from corpus import G60_KINDS, HOSTILE, JSON_KINDS, XLSX_KINDS, make_g60, make_json, make_xlsx
from reliability_helpers import CJK, UNDER_TEST, fingerprint, run_cases, subprocess_env

#: each verb on one input must end within this many seconds (the slowest healthy run is well under 5)
SECONDS = 20
READ_VERBS = {
    "info": lambda f, out: ["info", f],
    "check": lambda f, out: ["check", f],
    "print": lambda f, out: ["print", f, "-o", out / "out.pdf"],
    "xlsx": lambda f, out: ["xlsx", f, "-o", out / "out.xlsx"],
    "export-json": lambda f, out: ["export-json", f, "-o", out / "out.json"],
    "submit": lambda f, out: ["submit", f, "-o", out / "out.g60", "--accept-errors", "测试报送"],
    "consolidate": lambda f, out: ["consolidate", f, "--pdf", out / "sum.pdf"],
}


def _check_refused(result: dict, label: str) -> str:
    assert not result["hang"], f"{label}: still running after {SECONDS} s"
    assert not result["traceback"], f"{label}:\n{result['traceback']}"
    assert result["code"] == 2, f"{label}: exit {result['code']}, stderr {result['stderr']!r}"
    lines = result["stderr"].splitlines()
    assert len(lines) == 1 and CJK.search(lines[0]), f"{label}: {result['stderr']!r}"
    assert result["seconds"] < SECONDS
    return lines[0]


@pytest.mark.parametrize("kind", list(G60_KINDS))
def test_every_verb_refuses_a_hostile_g60_with_one_line(kind, tmp_path, samples):
    bad = make_g60(tmp_path / "in", kind)
    before = fingerprint(bad)
    out = tmp_path / "out"
    out.mkdir()
    cases = [{"argv": [str(a) for a in make(bad, out)], "seconds": SECONDS, "verb": verb}
             for verb, make in READ_VERBS.items()]
    cases.append({"window": str(bad), "seconds": SECONDS, "verb": "window"})
    cases.append({"argv": ["merge", str(bad), str(samples["third"]), "-o", str(out / "bureau.g60")],
                  "seconds": SECONDS, "verb": "merge"})
    results = run_cases(cases, tmp_path / "run")
    for result in results[:-1]:
        _check_refused(result, f"{result['case']['verb']} on {kind}")
    merged = results[-1]
    assert not merged["hang"] and not merged["traceback"], merged
    assert merged["code"] == 1, merged
    lines = merged["stdout"].splitlines()
    refused = [line for line in lines if line.startswith("[未导入]")]
    assert len(refused) == 1 and bad.name in refused[0], merged["stdout"]
    assert any(line.startswith("[已导入] third.g60") for line in lines), merged["stdout"]   # the batch went on
    assert not any(line.startswith("[已导入] 假部门") for line in lines)
    assert fingerprint(bad) == before                          # the input is untouched
    assert sorted(p.name for p in out.iterdir()) == ["bureau.g60"]   # no output, no litter
    conn = sqlite3.connect(out / "bureau.g60")
    assert conn.execute("SELECT count(*) FROM department WHERE name LIKE ?", (f"%{HOSTILE}%",)).fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("kind", list(JSON_KINDS))
def test_import_json_refuses_hostile_json_with_one_line(kind, tmp_path):
    bad = make_json(tmp_path / "in", kind)
    before = fingerprint(bad)
    out = tmp_path / "out"
    out.mkdir()
    result, = run_cases([{"argv": ["import-json", str(bad), "-o", str(out / "x.g60")], "seconds": SECONDS}],
                        tmp_path / "run")
    _check_refused(result, f"import-json on {kind}")
    assert fingerprint(bad) == before
    assert list(out.iterdir()) == []


#: the child's own peak memory: ru_maxrss of a process started from pytest also counts the peak of the pytest
#: process it was forked from (Linux keeps the larger of the two across exec), which a long suite makes large
OWN_PEAK = ("def own_peak_kb():\n"
            "    try:\n"
            "        with open('/proc/self/status') as status:\n"
            "            return next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))\n"
            "    except (OSError, StopIteration):\n"
            "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n")


@pytest.mark.parametrize("kind", list(XLSX_KINDS))
def test_excel_import_refuses_hostile_xlsx_quickly(kind, tmp_path, copy_of):
    """导入Excel reads against the open document: a refusal, never minutes of work or gigabytes of memory."""
    import json
    import subprocess
    import sys
    bad = make_xlsx(tmp_path / "in", kind)
    document = copy_of("2026")
    script = ("import json, resource, sys, time\n"
              + OWN_PEAK +
              "resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))\n"
              "from g60desk.exchange.xlsx_import import read_xlsx\n"
              "from g60desk.store import FileRefused, Store\n"
              "doc = Store.open(sys.argv[2], readonly=True).load()\n"
              "t = time.monotonic()\n"
              "try:\n"
              "    plan = read_xlsx(sys.argv[1], doc)\n"
              "    print(json.dumps({'refused': [str(c) for c in plan.all_refused()],\n"
              "                      'applicable': len(plan.applicable())}))\n"
              "except FileRefused as exc:\n"
              "    print(json.dumps({'file_refused': exc.message}))\n"
              "print(json.dumps({'seconds': time.monotonic() - t, 'rss_kb': own_peak_kb()}))\n")
    done = subprocess.run([sys.executable, "-c", script, str(bad), str(document)], capture_output=True, text=True,
                          timeout=120, env=subprocess_env(), cwd=UNDER_TEST or None)
    assert done.returncode == 0, done.stderr
    answer, cost = (json.loads(line) for line in done.stdout.splitlines())
    assert answer.get("file_refused") or (answer["refused"] and answer["applicable"] == 0), answer
    assert cost["seconds"] < SECONDS
    assert cost["rss_kb"] < 1024 * 1024, cost   # well under a gigabyte


def test_a_named_pipe_on_the_real_command_line_is_refused_at_once(tmp_path, cli):
    """Through the installed command (not the in-process runner): nothing waits on the pipe."""
    import os
    pipe = tmp_path / "管道.g60"
    os.mkfifo(pipe)
    for args in (["info", pipe], ["import-json", pipe, "-o", tmp_path / "x.g60"]):
        done = cli(*args, timeout=30)
        assert done.returncode == 2 and "管道" in done.stderr and len(done.stderr.splitlines()) == 1, done
    assert Path(pipe).exists() and not (tmp_path / "x.g60").exists()
