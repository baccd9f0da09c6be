"""Start-up: ``g60desk FILE`` on the 2026 sample against a bare PySide6 window, both with compiled modules (.pyc),
each a fresh process, in interleaved rounds.

    .venv/bin/python -m benchmarks.bench_start [--rounds 9] [--table]

Three times per process, from the moment it is spawned: the window's first paint; the first idle moment once
everything has loaded (g60desk loads its editors, checks and tab pages after the first paint; a bare window has
nothing more to load); and the end of the process after the window is closed (g60desk saves the window's state
then). And the CPU time the process used until that idle moment (a bare window's until its first paint): on a
shared machine it moves far less than the wall clock.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, Rounds, child_env, compile_all, run_child


def one_start(which: str, sample: Path, env: dict[str, str]) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.start_probe", which] + ([str(sample)] if which == "g60desk" else [])
    spawned = time.time()
    run = run_child(command, env=env, cwd=ROOT)
    marks = json.loads(run.stdout.strip().splitlines()[-1])
    return {"painted": (marks["painted"] - spawned) * 1000, "ready": (marks["ready"] - spawned) * 1000,
            "exit": run.wall_ms, "painted_cpu": marks["painted_cpu"] * 1000, "ready_cpu": marks["ready_cpu"] * 1000}


def measure(rounds: int) -> dict:
    compile_all()
    home = Path(tempfile.mkdtemp(prefix="g60start-"))
    env = child_env(home)
    env.pop("G60DESK_TESTING", None)
    sample = home / "样例2026.g60"
    subprocess.run([sys.executable, "-m", "g60desk", "sample", "2026", "-o", str(sample)], env=env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    for which in ("bare", "g60desk"):   # warm: the disk cache, the window state file written once
        one_start(which, sample, env)
    painted, ready, exited, cpu = Rounds(), Rounds(), Rounds(), Rounds()
    for _ in range(rounds):
        bare = one_start("bare", sample, env)
        program = one_start("g60desk", sample, env)
        painted.add(bare["painted"], program["painted"])
        ready.add(bare["painted"], program["ready"])
        exited.add(bare["exit"], program["exit"])
        cpu.add(bare["painted_cpu"], program["ready_cpu"])
    return {"painted": painted.as_json(), "ready": ready.as_json(), "exit": exited.as_json(), "cpu": cpu.as_json()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--table", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(args.rounds)
    if not args.table:
        print(json.dumps(figures))
        return
    for name, what in (("painted", "first paint"), ("ready", "everything loaded, idle"),
                       ("exit", "whole process, window closed"), ("cpu", "CPU time until idle")):
        s = Rounds.from_json(figures[name]).summary()
        print(f"{what:<30} g60desk {s['program']:6.0f} ms  bare {s['baseline']:6.0f} ms  "
              f"{s['ratio']:.2f}× ({s['ratio_min']:.2f}–{s['ratio_max']:.2f})")


if __name__ == "__main__":
    main()
