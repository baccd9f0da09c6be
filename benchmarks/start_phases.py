"""Where a start's time goes: ``g60desk FILE`` on the 2026 sample with time marks at each step, from the spawn of the
process, next to a bare PySide6 window's, in interleaved rounds (medians).

    .venv/bin/python -m benchmarks.start_phases [--rounds 9]

Each mark is the wall-clock time since the process was spawned when a step ended (the imports of a step are in it).
The steps are functions of the window wrapped as their modules load (an import hook: nothing is imported earlier than
the program imports it), so the marks do not move the work they time. For the modules' own share, run one start
with ``-X importtime`` (docs/performance.md, "Start-up").
"""
from __future__ import annotations

import argparse
import functools
import importlib.abc
import importlib.machinery
import json
import os
import statistics
import sys
import time

#: (module, attribute path, mark name): the steps of a start, in the order they end
STEPS = (
    ("g60desk.qt.shell.main_window", None, "the main window's modules imported"),
    ("g60desk.qt.shell.app", "configure_application", "app configured (names, translations, font)"),
    ("g60desk.qt.shell.main_window", "MainWindow.__init__", "main window built"),
    ("g60desk.qt.shell.files", "open_document", "file opened (safe open, read, lock)"),
    ("g60desk.qt.shell.main_window", "MainWindow.install", "tree installed"),
    ("g60desk.qt.shell.main_window", "MainWindow._install_editors", "editors and 审核 installed"),
    ("g60desk.qt.editors.node_editor", "NodeEditor._build_other_tabs", "other tabs built"),
)

#: step → (wall-clock ms since the spawn, CPU ms of the process so far)
marks: dict[str, tuple[float, float]] = {}


def _spawned() -> float:
    return float(os.environ["G60DESK_SPAWNED"])


def mark(name: str) -> None:
    if name not in marks:
        marks[name] = ((time.time() - _spawned()) * 1000, time.process_time() * 1000)


def _wrap(owner, attr: str, name: str) -> None:
    original = getattr(owner, attr)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        try:
            return original(*args, **kwargs)
        finally:
            mark(name)
    setattr(owner, attr, timed)


class _Hook(importlib.abc.MetaPathFinder):
    """Wraps the steps of a module as soon as it has loaded."""

    def find_spec(self, fullname, path, target=None):
        wanted = [(a, n) for m, a, n in STEPS if m == fullname]
        if not wanted:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            for dotted, name in wanted:
                if dotted is None:   # the module's import itself
                    mark(name)
                    continue
                owner = module
                *parents, attr = dotted.split(".")
                for parent in parents:
                    owner = getattr(owner, parent)
                _wrap(owner, attr, name)
        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def child(which: str, file: str | None) -> None:
    mark("python started (site, before the first import of the program)")
    sys.meta_path.insert(0, _Hook())
    from PySide6.QtWidgets import QApplication  # noqa: F401 - timed: as start_probe imports it
    mark("PySide6 QtCore/QtGui/QtWidgets imported")
    from . import start_probe

    def application(argv):
        app = QApplication(argv)
        mark("QApplication made")
        return app
    start_probe.QApplication = application  # type: ignore[misc,assignment]
    original_painted = start_probe.FirstPaint.painted
    original_ready = start_probe.FirstPaint.ready

    def painted(self) -> None:
        mark("first paint")
        original_painted(self)

    def ready(self) -> None:
        mark("idle, everything loaded")
        original_ready(self)
    start_probe.FirstPaint.painted = painted  # type: ignore[method-assign]
    start_probe.FirstPaint.ready = ready  # type: ignore[method-assign]
    start_probe.report = lambda: print(json.dumps(marks), flush=True)
    sys.argv = [sys.argv[0], which, *([file] if file else [])]
    start_probe.main()


def measure(rounds: int) -> dict[str, dict[str, list[tuple[float, float]]]]:
    import subprocess
    import tempfile
    from pathlib import Path

    from .common import ROOT, child_env, compile_all
    compile_all()
    home = Path(tempfile.mkdtemp(prefix="g60phases-"))
    env = child_env(home)
    env.pop("G60DESK_TESTING", None)
    sample = home / "样例2026.g60"
    subprocess.run([sys.executable, "-m", "g60desk", "sample", "2026", "-o", str(sample)], env=env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    found: dict[str, dict[str, list[tuple[float, float]]]] = {"bare": {}, "g60desk": {}}
    for round_ in range(rounds + 1):   # the first round warms the disk cache and writes the window state
        for which in ("bare", "g60desk"):
            env["G60DESK_SPAWNED"] = repr(time.time())
            run = subprocess.run([sys.executable, "-m", "benchmarks.start_phases", "--child", which, str(sample)],
                                 env=env, cwd=ROOT, capture_output=True, text=True, check=True)
            if round_:
                for name, (wall, cpu) in json.loads(run.stdout.strip().splitlines()[-1]).items():
                    found[which].setdefault(name, []).append((wall, cpu))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        which, file = args.child
        child(which, file if which == "g60desk" else None)
        return
    found = measure(args.rounds)
    print(f"{'step ended (median of the rounds, ms)':<62} {'wall from the spawn':>19}   {'CPU of the process':>18}")
    print(f"{'':<62} {'bare':>9} {'g60desk':>9}   {'bare':>8} {'g60desk':>9}")

    def median(which: str, name: str, i: int) -> str:
        values = found[which].get(name)
        return f"{statistics.median(v[i] for v in values):.0f}" if values else ""
    names = list(dict.fromkeys([*found["g60desk"], *found["bare"]]))
    names.sort(key=lambda n: statistics.median(v[0] for v in found["g60desk"].get(n) or found["bare"][n]))
    for name in names:
        print(f"{name:<62} {median('bare', name, 0):>9} {median('g60desk', name, 0):>9}   "
              f"{median('bare', name, 1):>8} {median('g60desk', name, 1):>9}")

if __name__ == "__main__":
    main()
