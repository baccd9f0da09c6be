"""汇总 of a finance bureau's merged file: ``g60desk consolidate FILE --pdf --xlsx`` against a plain read of the same
file, each a fresh process, in interleaved rounds.

    .venv/bin/python -m benchmarks.bench_consolidate [--departments 500] [--rounds 5] [--table]

The file is what ``g60desk merge`` makes of ``--departments`` clerks' files of two forms each (generate.py's
bureau_document: every department with its import record and 校验码, which 汇总 checks).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from .common import ROOT, Rounds, child_env, compile_all, run_child

READ = "import sys\nfrom g60desk.services.documents import load_readonly\nload_readonly(sys.argv[1])\n"


def measure(departments: int, rounds: int) -> dict:
    from g60desk.store import Store

    from .generate import bureau_document

    compile_all()
    folder = Path(tempfile.mkdtemp(prefix="g60consolidate-"))
    env = child_env(folder / "home")
    try:
        path = folder / "bureau.g60"
        Store.create(path, bureau_document(departments)).close()
        read = [sys.executable, "-c", READ, str(path)]
        consolidate = [sys.executable, "-m", "g60desk", "consolidate", str(path), "--pdf", str(folder / "汇总.pdf"),
                       "--xlsx", str(folder / "汇总.xlsx")]
        run_child(read, env=env, cwd=ROOT)
        run_child(consolidate, env=env, cwd=ROOT)
        result, peak = Rounds(), 0.0
        for _ in range(rounds):
            base = run_child(read, env=env, cwd=ROOT).wall_ms
            program = run_child(consolidate, env=env, cwd=ROOT)
            result.add(base, program.wall_ms)
            peak = max(peak, program.peak_rss_mib)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"departments": departments, "consolidate": result.as_json(), "peak_rss_mib": peak}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--table", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(args.departments, args.rounds)
    if not args.table:
        print(json.dumps(figures))
        return
    s = Rounds.from_json(figures["consolidate"]).summary()
    print(f"consolidate --pdf --xlsx, {args.departments} departments: {s['program']:.0f} ms, plain read "
          f"{s['baseline']:.0f} ms, {s['ratio']:.1f}× ({s['ratio_min']:.1f}–{s['ratio_max']:.1f}); "
          f"peak {figures['peak_rss_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
