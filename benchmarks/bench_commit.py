"""What one durable commit costs on this disk, by journal mode: one amount written into a 1,000-form .g60 file and
committed, each mode on its own copy, the modes taking turns (interleaved) so that each sees the same disk.

    .venv/bin/python -m benchmarks.bench_commit [--forms 1000] [--rounds 9] [--commits 15] [--table]

Modes that survive power loss after COMMIT returns (SQLite's pager.c): ``TRUNCATE`` and ``PERSIST`` with
``synchronous=FULL`` (the journal's end is synced), ``DELETE`` only with ``synchronous=EXTRA`` (the folder is
synced after the journal is deleted; with FULL a power cut right after the commit can bring the journal back
and roll the edit back), ``WAL`` with ``FULL`` (but then the file is two files while it is open).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import tempfile
from pathlib import Path

from .common import elapsed_ms

MODES = (("DELETE", "FULL"), ("DELETE", "EXTRA"), ("TRUNCATE", "FULL"), ("PERSIST", "FULL"), ("WAL", "FULL"))


def _name(mode: tuple[str, str]) -> str:
    return f"{mode[0]}/{mode[1]}"


def measure(forms: int, rounds: int, commits: int) -> dict:
    from g60desk.store import Store

    from .generate import build_document, forms_size

    folder = Path(tempfile.mkdtemp(prefix="g60commit-"))
    try:
        source = folder / "source.g60"
        Store.create(source, build_document(forms_size(forms))).close()
        conns = {}
        for mode in MODES:
            path = folder / f"{mode[0]}-{mode[1]}.g60"
            shutil.copyfile(source, path)
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute(f"PRAGMA journal_mode={mode[0]}")
            conn.execute(f"PRAGMA synchronous={mode[1]}")
            conns[mode] = conn
        line_id = conns[MODES[0]].execute("SELECT max(id) FROM budget_line").fetchone()[0] // 2
        times: dict[str, list[float]] = {_name(m): [] for m in MODES}
        value = 0

        def commit(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN")
            conn.execute("UPDATE budget_line SET stated_fen = ? WHERE id = ?", (value, line_id))
            conn.execute("COMMIT")

        for conn in conns.values():   # each journal file made once, as in a session
            commit(conn)
        for _ in range(rounds):
            per_round: dict[str, list[float]] = {_name(m): [] for m in MODES}
            for _ in range(commits):
                for mode, conn in conns.items():
                    value += 1
                    per_round[_name(mode)].append(elapsed_ms(lambda c=conn: commit(c)))
            for name, values in per_round.items():
                times[name].append(statistics.median(values))
        for conn in conns.values():
            conn.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"forms": forms, "rounds": times}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--commits", type=int, default=15)
    parser.add_argument("--table", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(args.forms, args.rounds, args.commits)
    if not args.table:
        print(json.dumps(figures))
        return
    base = figures["rounds"][_name(MODES[0])]
    for name, values in figures["rounds"].items():
        ratios = [v / b for v, b in zip(values, base)]
        print(f"{name:<14} {statistics.median(values):6.2f} ms  (rounds {min(values):.2f}–{max(values):.2f})  "
              f"{statistics.median(ratios):.2f}× DELETE/FULL")


if __name__ == "__main__":
    main()
