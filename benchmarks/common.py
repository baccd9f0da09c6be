"""What the benchmarks share: timing, medians and ratios of interleaved rounds, child processes with their own
peak memory, and the machine's load written beside the figures.

A shared machine's speed drifts by up to 2× within minutes, so every figure is measured in rounds that time the
baseline and the program back to back; the ratio of each round is fair, and the table shows the median ratio and
the spread (min–max) of the rounds.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def elapsed_ms(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Rounds:
    """Paired figures of interleaved rounds: ``baseline[i]`` and ``program[i]`` were measured back to back."""

    baseline: list[float] = field(default_factory=list)
    program: list[float] = field(default_factory=list)

    def add(self, baseline: float, program: float) -> None:
        self.baseline.append(baseline)
        self.program.append(program)

    @property
    def ratios(self) -> list[float]:
        return [p / b for b, p in zip(self.baseline, self.program) if b]

    def summary(self) -> dict[str, float]:
        ratios = self.ratios
        return {"baseline": statistics.median(self.baseline), "program": statistics.median(self.program),
                "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
                "program_min": min(self.program), "program_max": max(self.program), "rounds": len(ratios)}

    def as_json(self) -> dict[str, list[float]]:
        return {"baseline": self.baseline, "program": self.program}

    @classmethod
    def from_json(cls, data: dict[str, list[float]]) -> Rounds:
        return cls(list(data["baseline"]), list(data["program"]))


def child_env(home: Path | None = None) -> dict[str, str]:
    """The environment of a measured child: offscreen Qt, the tests' settings name, .pyc files read."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(ROOT))
    if home is not None:
        env["G60DESK_HOME"] = str(home)
    return env


@dataclass
class ChildRun:
    wall_ms: float
    cpu_ms: float
    peak_rss_mib: float
    stdout: str


def run_child(command: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> ChildRun:
    """Run one process to its end: wall time, CPU time and peak resident memory of that process alone
    (``os.wait4`` gives the child's own rusage, not the sum over every child so far)."""
    start = time.perf_counter()
    process = subprocess.Popen(list(command), env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        detail = err.decode(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{detail}")
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    return ChildRun(wall, cpu, usage.ru_maxrss / 1024, out.decode("utf-8", errors="replace"))


def json_child(module: str, args: Iterable[str], env: dict[str, str] | None = None) -> dict:
    """Run ``python -m benchmarks.<module> args`` and read the JSON object it prints last."""
    run = run_child([sys.executable, "-m", f"benchmarks.{module}", *args], env=env or child_env(), cwd=ROOT)
    return json.loads(run.stdout.strip().splitlines()[-1])


def compile_all() -> None:
    """Write the .pyc of the program and the benchmarks (PYTHONDONTWRITEBYTECODE may be set): start-up is
    measured as a clerk's installed program starts, with compiled modules."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "g60desk"), str(ROOT / "benchmarks")],
                   check=True)


def machine() -> dict[str, str]:
    """What the figures were measured on: processor count, Python, and the load (``uptime``) when measured."""
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {"cpus": str(os.cpu_count()), "python": platform.python_version(), "platform": platform.platform(),
            "load": load, "time": time.strftime("%Y-%m-%d %H:%M")}
