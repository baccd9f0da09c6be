"""Machine instructions of one cold full check, counted by valgrind: a figure that does not drift with a shared
machine's speed, for comparing two versions of the checks.

Run: ``.venv/bin/python -m benchmarks.count_instructions [--departments N]`` (needs ``valgrind`` on PATH).
Runs the same Python twice under callgrind, once building the document only and once also checking it
cold four times; prints the difference divided by four. Hash seeds are fixed, so two runs of the same code
print the same number.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHECKS = 4


def _child(departments: int, checks: int) -> None:
    from g60desk.checks import check_document, clear_caches

    from .generate import Size, build_document
    doc = build_document(Size(departments=departments))
    check_document(doc)  # both runs pay the interpreter's first pass over the code
    for _ in range(checks):
        clear_caches()
        check_document(doc)


def _instructions(departments: int, checks: int) -> int:
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(root))
    with tempfile.TemporaryDirectory() as folder:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={Path(folder) / 'out'}",
                   sys.executable, "-m", "benchmarks.count_instructions", "--child", str(checks),
                   "--departments", str(departments)]
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=True)
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--departments", type=int, default=8, help="25 forms each (default 8: 200 forms)")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        _child(args.departments, args.child)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    base = _instructions(args.departments, 0)
    checked = _instructions(args.departments, CHECKS)
    per_check = (checked - base) / CHECKS
    forms = args.departments * 25
    print(f"cold full check of {forms} forms: {per_check / 1e6:.1f} million instructions "
          f"({per_check / forms / 1e3:.0f} thousand per form)")


if __name__ == "__main__":
    main()
