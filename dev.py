#!/usr/bin/env python3
"""Set-up and daily commands for a fresh machine (Python >= 3.11), used by the README and CI.

    python3 dev.py run     install into .venv and open the window on the bundled 2026 sample
    python3 dev.py test    install what the tests need, lint (ruff), type-check (mypy), run the suite headless
    python3 dev.py shots   screenshots of the window under Xvfb (screenshots/)

Only the standard library is used here: this script runs before anything is installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# DESIGN.md §8: a real window under Xvfb needs the xcb libraries; CJK text needs a CJK font;
# pdftotext/pdftoppm/pdffonts come with poppler-utils.
DEBIAN_PACKAGES = ["xvfb", "xauth", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxcb-image0",
                   "libxcb-render-util0", "libxcb-shape0", "libxkbcommon-x11-0", "libegl1", "libgl1",
                   "libfontconfig1", "libdbus-1-3", "fonts-wqy-microhei", "poppler-utils"]
# Only for the tests: tests/installers/test_windows_build.py builds the Windows installer (makensis) and
# installs and runs it under Wine with a zh_CN.UTF-8 locale (localedef, from locales) — docs/installing.md;
# tests/qt/test_keyboard_session.py plays scripts/keyboard_session.py on the window under Xvfb with a window
# manager (openbox), real key presses (xdotool) and a clipboard (xclip).
TEST_PACKAGES = ["nsis", "wine64", "locales", "openbox", "xdotool", "xclip"]


def log(message: str) -> None:
    print(f"[dev.py] {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def venv_bin(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / name


def ensure_debian_packages(extra: list[str] | None = None) -> None:
    if os.name == "nt" or not shutil.which("apt-get") or not shutil.which("dpkg-query"):
        return
    missing = [p for p in DEBIAN_PACKAGES + (extra or [])
               if subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True,
                                 text=True).stdout.strip() != "install ok installed"]
    if not missing:
        return
    if os.geteuid() != 0:
        log(f"missing Debian packages (install them as root): {' '.join(missing)}")
        return
    log(f"apt-get install {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)


def ensure_venv(extras: str = "") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 is, to say so
        sys.exit(f"g60desk needs Python >= 3.11 (this is {sys.version.split()[0]}).")
    if not venv_python().exists():
        log("creating .venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    target = f".{extras}" if extras else "."
    log(f"pip install -e {target}")
    subprocess.run([str(venv_python()), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-e", target], check=True, cwd=ROOT)


def cmd_run(args: list[str]) -> int:
    ensure_debian_packages()
    ensure_venv()
    sample = ROOT / "out" / "样例2026.g60"
    sample.parent.mkdir(exist_ok=True)
    subprocess.run([str(venv_bin("g60desk")), "sample", "2026", "-o", str(sample), "--force"], check=True)
    return subprocess.call([str(venv_bin("g60desk")), str(sample), *args])


#: What runs before the tests, each failing the run on any finding (configured in pyproject.toml).
STATIC_CHECKS = [("ruff", ["-m", "ruff", "check", "--no-cache", "."]),
                 ("mypy", ["-m", "mypy"])]


def static_checks() -> int:
    """Lint (and type-check) the code; 0 when everything is clean."""
    for name, arguments in STATIC_CHECKS:
        started = time.perf_counter()
        code = subprocess.call([str(venv_python()), *arguments], cwd=ROOT)
        outcome = "clean" if code == 0 else "FINDINGS (fix them, see above)"
        log(f"{name}: {outcome} in {time.perf_counter() - started:.1f} s")
        if code != 0:
            return code
    return 0


def cmd_test(args: list[str]) -> int:
    ensure_debian_packages(TEST_PACKAGES)
    ensure_venv("[test]")
    code = static_checks()
    if code != 0:
        return code
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", G60DESK_TESTING="1")
    code = subprocess.call([str(venv_python()), "-m", "pytest", "-q", *args], cwd=ROOT, env=env)
    if code == 5:
        log("pytest collected no tests: that is a failure")
        return 1
    return code


def cmd_shots(args: list[str]) -> int:
    ensure_debian_packages()
    ensure_venv()
    return subprocess.call([str(venv_python()), str(ROOT / "scripts" / "screenshots.py"), *args], cwd=ROOT)


COMMANDS = {"run": cmd_run, "test": cmd_test, "shots": cmd_shots}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
