"""scripts/keyboard_session.py in the suite: a clerk's keyboard session on the real window, with a window manager
and real key presses (Xvfb, openbox, xdotool, xclip), checked in the file after each step — what pytest-qt cannot
see (popups, window activation). It caught a regression the rest of the suite missed (the lazy tab pages, 2137250).

Slow (about two minutes): marked ``slow``. The display is one Xvfb finds free (-displayfd), or the one
G60DESK_KEYBOARD_DISPLAY names. Without the tools the test is skipped and says so in pytest's summary;
`python3 dev.py test` installs them as root. A failure names every check that failed, what it expected and what
it saw, and keeps the session's folder (the .g60 files, a screenshot of each step).
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "keyboard_session.py"
_spec = importlib.util.spec_from_file_location("keyboard_session", SCRIPT)
assert _spec is not None and _spec.loader is not None
keyboard_session = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(keyboard_session)

MISSING = [tool for tool in keyboard_session.TOOLS if shutil.which(tool) is None]
#: a whole session takes about two minutes on a busy 2-core machine; each failing check waits 10 s more
TIMEOUT = 900

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=f"keyboard session NOT RUN: {', '.join(MISSING)} missing (Debian "
                       "packages xvfb openbox xdotool xclip; `python3 dev.py test` installs them when run as root)"),
]


def run_session(folder: Path, report: Path) -> tuple[int | None, str]:
    """The script in a process group of its own, so that a session stuck past the timeout goes with its Xvfb,
    window manager and window: (exit status or None on timeout, what it printed)."""
    display = os.environ.get(keyboard_session.DISPLAY_VARIABLE) or "auto"
    process = subprocess.Popen([sys.executable, str(SCRIPT), "--keep", str(folder), "--display", display,
                                "--report", str(report)], cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = process.communicate(timeout=TIMEOUT)
        return process.returncode, out
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        return None, out + f"\n(stopped after {TIMEOUT} s)"


def failure_report(status: int | None, out: str, found: dict, folder: Path) -> str:
    """Every failed check with what it expected and what it saw; checks that never ran; where to look."""
    checks = found.get("checks", [])
    failed = [c for c in checks if not c["ok"]]
    lines = [(f"{len(failed)} of {len(checks)} checks failed; {len(checks)} of {keyboard_session.CHECKS} ran "
              f"(exit status {status}, display {found.get('display', '?')})")]
    lines += [f"FAILED: {c['check']}\n    expected: {c['expected']}\n    saw:      {c['seen']}" for c in failed]
    if found.get("broke_off"):
        lines.append(f"the session broke off after {len(checks) - 2} checks:\n{found['broke_off']}")
    lines.append(f"screenshots and files: {folder}\n--- what the script printed (end):\n{out[-4000:]}")
    return "\n".join(lines)


def test_a_clerks_keyboard_session_on_the_real_window():
    # a folder of its own, not pytest's tmp_path: other pytest sessions of the same user prune those meanwhile
    folder = Path(tempfile.mkdtemp(prefix="g60desk-keyboard-session-"))
    report = folder / "report.json"
    status, out = run_session(folder / "session", report)
    found = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {"broke_off": "no report written"}
    passed = (status == 0 and not found["broke_off"] and len(found["checks"]) == keyboard_session.CHECKS
              and all(c["ok"] for c in found["checks"]))
    assert passed, failure_report(status, out, found, folder)
    shutil.rmtree(folder, ignore_errors=True)
