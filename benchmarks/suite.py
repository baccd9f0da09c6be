"""Every speed target of issue 18 in one table: baseline, program, the ratio of interleaved rounds (median and
min–max) and the goal; then how the figures scale with the file (100 / 1,000 / 5,000 forms).

    benchmarks/run [--quick] [--markdown] [--json FILE] [--only edit,start,open,consolidate,print,commit]

Each measure runs in fresh processes (benchmarks/bench_*.py), times its baseline and the program back to back in
every round, and reports medians: the machine is shared, so the load (``uptime``) before and after is printed
with the figures. ``--quick`` runs fewer rounds (a check that everything runs, not figures to keep).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .common import Rounds, child_env, json_child, machine

SIZES = (100, 1000, 5000)
MEASURES = ("edit", "open", "start", "consolidate", "print", "commit")


@dataclass
class Row:
    measure: str
    baseline: str
    program: str
    ratio: str
    goal: str
    met: bool | None

    def cells(self) -> list[str]:
        verdict = "" if self.met is None else ("yes" if self.met else "NO")
        return [self.measure, self.baseline, self.program, self.ratio, self.goal, verdict]


def _ratio(s: dict[str, float]) -> str:
    return f"{s['ratio']:.2f}× ({s['ratio_min']:.2f}–{s['ratio_max']:.2f})"


def _ms(value: float) -> str:
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


class Suite:
    def __init__(self, quick: bool, only: set[str]):
        self.quick = quick
        self.only = only
        self.figures: dict[str, dict] = {}

    def wants(self, name: str) -> bool:
        return name in self.only

    def rounds(self, normal: int, quick: int = 2) -> str:
        return str(quick if self.quick else normal)

    # ---- running ----------------------------------------------------------------------------------
    def run(self) -> None:
        env = child_env()
        if self.wants("edit") or self.wants("open"):
            for forms in SIZES:
                for mode in ("services", "window"):
                    if mode == "services" and not self.wants("edit"):
                        continue
                    big = forms >= 5000
                    args = ["--mode", mode, "--forms", str(forms),
                            "--rounds", self.rounds(5 if big else 7), "--edits", "5" if self.quick else "15",
                            "--open-rounds", self.rounds(2 if big else 3, 1)]
                    self._step(f"{mode} edit, {forms} forms")
                    self.figures[f"{mode}{forms}"] = json_child("bench_edit", args, env)
        if self.wants("start"):
            self._step("start-up")
            self.figures["start"] = json_child("bench_start", ["--rounds", self.rounds(11, 3)], env)
        if self.wants("consolidate"):
            self._step("consolidate")
            self.figures["consolidate"] = json_child("bench_consolidate", ["--rounds", self.rounds(5)], env)
        if self.wants("print"):
            self._step("print 100 / 1,000 / 5,000 forms")
            self.figures["print"] = json_child("bench_print_scale", ["--rounds", self.rounds(1, 1)], env)
        if self.wants("commit"):
            self._step("commit by journal mode")
            self.figures["commit"] = json_child("bench_commit", ["--rounds", self.rounds(9, 3)], env)

    @staticmethod
    def _step(text: str) -> None:
        print(f"… {text}", file=sys.stderr, flush=True)

    # ---- the table --------------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        rows: list[Row] = []
        f = self.figures
        edits = {"services": "one 申报金额 edit, services (set_line_cells → commit → recheck → listeners), "
                             "40-line node, 1,000 forms",
                 "window": "the same edit through the window (setData → commit → recheck → signals → repaint), "
                           "1,000 forms"}
        for mode, what in edits.items():
            data = f.get(f"{mode}1000")
            if data:
                s = Rounds.from_json(data["edit"]).summary()
                rows.append(Row(what, f"bare commit {_ms(s['baseline'])}",
                                f"{_ms(s['program'])} (p95 {_ms(data['p95'])}; gen-2 GCs {data['gen2']})",
                                _ratio(s), "≤ 16 ms", s["program"] <= 16))
        if f.get("window1000") and f.get("window5000"):
            t1 = Rounds.from_json(f["window1000"]["edit"]).summary()["program"]
            t5 = Rounds.from_json(f["window5000"]["edit"]).summary()["program"]
            rows.append(Row("window edit at 5,000 forms / at 1,000 forms", _ms(t1), _ms(t5), f"{t5 / t1:.2f}×",
                            "flat (≤ 1.15×)", t5 / t1 <= 1.15))
        start = f.get("start")
        if start:
            for name, what in (("painted", "start to the first paint, 2026 sample / bare PySide6 window (.pyc)"),
                               ("ready", "start to everything loaded and idle / bare window's first paint"),
                               ("exit", "whole process, window closed (state saved) / bare window")):
                s = Rounds.from_json(start[name]).summary()
                rows.append(Row(what, _ms(s["baseline"]), _ms(s["program"]), _ratio(s), "≤ 1.3×",
                                s["ratio"] <= 1.3 if name != "exit" else None))
            if "cpu" in start:   # (figures of runs before it have no such row)
                s = Rounds.from_json(start["cpu"]).summary()
                rows.append(Row("CPU time of the start until idle / of the bare window until its first paint",
                                _ms(s["baseline"]), _ms(s["program"]), _ratio(s), "", None))
        for forms, goal in ((1000, 500), (5000, 2500)):
            data = f.get(f"window{forms}")
            if data:
                s = Rounds.from_json(data["open"]).summary()
                rows.append(Row(f"open + full 审核 in the window, {forms:,} forms / plain load",
                                _ms(s["baseline"]), _ms(s["program"]), _ratio(s), f"≤ {goal / 1000:.1f} s",
                                s["program"] <= goal))
        data = f.get("consolidate")
        if data:
            s = Rounds.from_json(data["consolidate"]).summary()
            rows.append(Row(f"consolidate --pdf --xlsx, {data['departments']} departments / plain read (processes)",
                            _ms(s["baseline"]), f"{_ms(s['program'])} ({data['peak_rss_mib']:.0f} MiB)", _ratio(s),
                            "≤ 2 s", s["program"] <= 2000))
        data = f.get("print")
        if data and "1000" in data and "5000" in data:
            t1, t5 = statistics.median(data["1000"]["ms"]), statistics.median(data["5000"]["ms"])
            rss = max(data["5000"]["rss"])
            rows.append(Row("print of 5,000 forms / of 1,000 forms: time; peak memory", _ms(t1),
                            f"{_ms(t5)}; {rss:.0f} MiB", f"{t5 / t1:.2f}× for 5× the forms",
                            "linear (≤ 5.5×), ≤ 300 MiB", t5 / t1 <= 5.5 and rss <= 300))
        data = f.get("commit")
        if data:
            base = data["rounds"]["DELETE/FULL"]
            for name in data["rounds"]:
                if name == "DELETE/FULL":
                    continue
                values = data["rounds"][name]
                s = Rounds(base, values).summary()
                rows.append(Row(f"one commit, {name} / DELETE/FULL (bare sqlite3, 1,000 forms)",
                                _ms(s["baseline"]), _ms(s["program"]), _ratio(s), "", None))
        return rows

    def scaling(self) -> list[list[str]]:
        f = self.figures
        header = ["forms", "edit, services", "edit, window", "open + 审核, window", "print", "print per form",
                  "print peak"]
        table = [header]
        for forms in SIZES:
            cells = [f"{forms:,}"]
            for key in ("services", "window"):
                data = f.get(f"{key}{forms}")
                if data:
                    s = Rounds.from_json(data["edit"]).summary()
                    cells.append(f"{_ms(s['program'])} ({s['ratio']:.2f}× bare commit)")
                else:
                    cells.append("—")
            data = f.get(f"window{forms}")
            cells.append(_ms(Rounds.from_json(data["open"]).summary()["program"]) if data else "—")
            printed = (f.get("print") or {}).get(str(forms))
            if printed:
                ms = statistics.median(printed["ms"])
                cells += [f"{ms / 1000:.1f} s", f"{ms / forms:.1f} ms", f"{max(printed['rss']):.0f} MiB"]
            else:
                cells += ["—", "—", "—"]
            table.append(cells)
        return table


def render(table: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
        lines += ["| " + " | ".join(row) + " |" for row in table[1:]]
        return "\n".join(lines)
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    out = []
    for n, row in enumerate(table):
        out.append("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: a Chinese character takes two."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: to see that everything runs")
    parser.add_argument("--markdown", action="store_true", help="tables in Markdown (docs/performance.md)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--only", default=",".join(MEASURES), help=f"some of {','.join(MEASURES)}")
    parser.add_argument("--from-json", type=Path, help="print the tables of an earlier --json file")
    args = parser.parse_args(argv)
    only = {m.strip() for m in args.only.split(",") if m.strip()}
    suite = Suite(args.quick, only)
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        suite.figures, before, after = saved["figures"], saved["before"], saved["after"]
    else:
        before = machine()
        started = time.perf_counter()
        suite.run()
        after = machine()
        after["minutes"] = f"{(time.perf_counter() - started) / 60:.1f}"
    if args.json:
        args.json.write_text(json.dumps({"figures": suite.figures, "before": before, "after": after},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"machine: {before['cpus']} CPUs, Python {before['python']}, {before['platform']}; load (1, 5, 15 min) "
          f"{before['load']} at {before['time']}, {after['load']} at {after['time']}")
    print()
    print(render([["measure", "baseline", "program", "ratio (median, min–max)", "goal", "met"]]
                 + [row.cells() for row in suite.rows()], args.markdown))
    print()
    print(render(suite.scaling(), args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
