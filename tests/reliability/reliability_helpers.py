"""Helpers of the reliability suite (issue 14): the g60desk command, the in-process runner, fingerprints of
inputs, and a small tmpfs for disk-full tests when the suite runs as root. (A module name of its own: every
test folder has a ``conftest``.)"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))   # corpus.py, runner.py: helpers of this folder
CJK = re.compile(r"[\u4e00-\u9fff]")
#: G60DESK_UNDER_TEST=/path/to/another/checkout runs the subprocesses of this suite on that code (e.g. main's)
#: while the test process builds its inputs with this one: how the suite is shown to fail on the old code
UNDER_TEST = os.environ.get("G60DESK_UNDER_TEST", "")


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen", **extra}
    if UNDER_TEST:
        env["PYTHONPATH"] = UNDER_TEST
    return env


def g60desk_command() -> list[str]:
    if UNDER_TEST:
        return [sys.executable, "-m", "g60desk"]
    beside_python = Path(sys.executable).with_name("g60desk.exe" if os.name == "nt" else "g60desk")
    if beside_python.exists():
        return [str(beside_python)]
    return [sys.executable, "-m", "g60desk"]


def run_cli(*args, cwd: Path | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    env = subprocess_env(**kwargs.pop("env", {}))
    if UNDER_TEST and cwd is None:
        cwd = Path(UNDER_TEST)   # ``python -m`` puts the working folder first on the path
    return subprocess.run([*g60desk_command(), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, env=env, **kwargs)


def one_refusal_line(stderr: str) -> str:
    """The single Chinese line of a refusal (asserts there is exactly one and no traceback)."""
    lines = stderr.splitlines()
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    assert CJK.search(lines[0]), lines[0]
    return lines[0]


def run_cases(cases: list[dict], folder: Path) -> list[dict]:
    """Run ``cases`` (runner.py) in a fresh interpreter; returns one result per case."""
    folder.mkdir(parents=True, exist_ok=True)
    spec, answer = folder / "cases.json", folder / "results.json"
    spec.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, str(HERE / "runner.py"), str(spec), str(answer)], env=subprocess_env(),
                          capture_output=True, text=True, timeout=60 + sum(c.get("seconds", 30) for c in cases))
    assert done.returncode == 0, done.stderr
    return json.loads(answer.read_text(encoding="utf-8"))


def fingerprint(path: Path) -> tuple:
    """What a path is and holds, without opening a pipe or a device."""
    if not os.path.lexists(path):
        return ("missing",)
    info = os.lstat(path)
    if path.is_symlink():
        return ("link", os.readlink(path))
    if path.is_dir():
        return ("dir", sorted(p.name for p in path.iterdir()))
    if not path.is_file():
        return ("special", info.st_mode)
    return ("file", hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns)


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, size: str):
    """A tmpfs of ``size`` at ``folder`` (root only); skips the test when it cannot be mounted."""
    if os.name == "nt" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a tmpfs needs root")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def remount_read_only(folder: Path) -> None:
    done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
