"""Benchmark of the 审核: the full check and a single-edit recheck of a large document, against a plain load.

Run: ``.venv/bin/python -m benchmarks.bench_checks [--repeat N]``. Prints milliseconds (median of the
runs) and the ratio to ``Store.open(path).load()`` of the same document. Targets on a 2-core machine:
full check ≤ 200 ms, single edit ≤ 16 ms.
"""
from __future__ import annotations

import argparse
import statistics
from decimal import Decimal
import tempfile
import time
from pathlib import Path

from g60desk.checks import LiveChecker, check_document, clear_caches
from g60desk.domain.summary import summarize
from g60desk.store import Store

from .generate import Size, build_document

FULL_CHECK_TARGET_MS = 200
SINGLE_EDIT_TARGET_MS = 16


def _ms(func, repeat: int, before=None) -> tuple[float, float]:
    """(median, best) wall-clock milliseconds of ``repeat`` runs. The best run is the one least disturbed
    by other processes on a shared machine; the median is what a clerk typically waits."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def _plain_load(path: Path) -> None:
    with Store.open(path) as store:
        store.load()


def _edits(doc):
    """(department, node, edit) triples touching a budget line, an indicator value and a funding cell."""
    from dataclasses import replace
    nodes = [(dept, node) for dept in doc.departments for _, node in dept.iter_nodes() if node.form is not None]
    step = max(1, len(nodes) // 60)
    for i, (dept, node) in enumerate(nodes[::step]):
        kind = i % 3
        if kind == 0:
            line = node.explanation.budget_groups[-1].lines[-1]
            edit = (lambda line=line: setattr(line, "stated_fen", (line.stated_fen or 0) + 10_000))
        elif kind == 1:
            ind = node.form.indicators[0]
            edit = (lambda ind=ind: setattr(ind, "value", replace(ind.value, number=str(Decimal(ind.value.number) + 1))))
        else:
            funding = node.form.funding
            edit = (lambda f=funding: setattr(f, "carryover_fen", None if f.carryover_fen == 0 else 0))
        yield dept, node, edit


def run(size: Size, repeat: int) -> dict[str, float]:
    build_start = time.perf_counter()
    doc = build_document(size)
    build_ms = (time.perf_counter() - build_start) * 1000
    totals = summarize(doc)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.g60"
        Store.create(path, doc).close()
        load_ms, load_best = _ms(lambda: _plain_load(path), repeat)
        with Store.open(path) as store:
            loaded = store.load()
    # check the document as loaded from the file (what the program does on open), every memo cold
    full_ms, full_best = _ms(lambda: check_document(loaded), repeat, before=clear_caches)
    again_ms, _ = _ms(lambda: check_document(loaded), repeat)  # names, formulas … already read: 审核 on demand
    findings = check_document(loaded)
    checker = LiveChecker(loaded)
    edit_times = []
    for dept, node, edit in _edits(loaded):
        edit()
        start = time.perf_counter()
        checker.recheck_node(dept, node)
        checker.counts()
        edit_times.append((time.perf_counter() - start) * 1000)
    edit_ms = statistics.median(edit_times)
    edit_max = max(edit_times)
    print(f"document: {sum(t.declared_forms for t in totals)} declared forms, "
          f"{sum(t.budget_lines for t in totals)} budget lines, {sum(t.indicators for t in totals)} indicators, "
          f"{len(doc.departments)} departments (built in memory in {build_ms:.0f} ms)")
    print(f"plain load: {load_ms:.0f} ms median, best {load_best:.0f} ms (Store.open(path).load(), {repeat} runs)")
    print(f"full check: {full_ms:.0f} ms median, best {full_best:.0f} ms ({full_ms / load_ms:.2f}× load), "
          f"{len(findings)} findings; target ≤ {FULL_CHECK_TARGET_MS} ms")
    print(f"full check again: {again_ms:.0f} ms median (memoised names and formulas warm, as for 审核 on demand)")
    print(f"single edit: {edit_ms:.1f} ms median, {edit_max:.1f} ms worst of {len(edit_times)} edits "
          f"({edit_ms / load_ms:.3f}× load); target ≤ {SINGLE_EDIT_TARGET_MS} ms")
    return {"load_ms": load_ms, "full_ms": full_ms, "full_best_ms": full_best, "again_ms": again_ms,
            "edit_ms": edit_ms, "edit_max_ms": edit_max}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--departments", type=int, default=Size.departments)
    parser.add_argument("--subprojects", type=int, default=Size.subprojects_per_project,
                        help="sub-projects per project (5 projects per department)")
    args = parser.parse_args(argv)
    run(Size(departments=args.departments, subprojects_per_project=args.subprojects), args.repeat)


if __name__ == "__main__":
    main()
