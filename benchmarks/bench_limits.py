"""Work on documents at the limits of domain/limits.py takes bounded time and memory (docs/reliability.md §5).

Run: ``.venv/bin/python -m benchmarks.bench_limits [form|department]``. Builds, in a fresh process each,
one 申报 at every per-form limit (500 indicators, 2,000 budget lines, 185,000 characters) or a department at
the department limits (50,000 indicators, 100,000 budget lines in 100 forms), and prints for saving, opening
(every check of a safe open), printing and the Excel export: seconds and the peak memory of the process.
The ratio to the time of opening the same file shows the work grows with the document, not faster.
"""
from __future__ import annotations

import copy
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ("save", "open", "print", "xlsx")


def build(kind: str):
    from g60desk.domain import limits
    from g60desk.domain.model import BudgetGroup, BudgetLine, Indicator, Node
    from g60desk.domain.validate import validate_document
    from g60desk.domain.values import IndicatorValue
    from g60desk.exchange.samples import sample_document
    doc = sample_document("2026")
    project = doc.departments[0].projects[0]
    proto = project.children[0]
    if kind == "form":
        per = (limits.FORM_TEXT_CHARS - 20000) // (limits.INDICATORS_PER_FORM + limits.LINES_PER_FORM)
        proto.form.indicators = [Indicator("产出指标", "数量指标", ("指标名称" * 100)[:per],
                                           IndicatorValue(op="≥", number="1", unit="个"))
                                 for _ in range(limits.INDICATORS_PER_FORM)]
        proto.explanation.budget_groups = [BudgetGroup(title=f"分组{g}", lines=[
            BudgetLine(label=("明细名称" * 100)[:per], stated_fen=100) for _ in range(limits.LINES_PER_FORM // 10)])
            for g in range(10)]
    else:
        project.children = []
        for i in range(100):
            node = Node(name=f"子项目{i}", kind="sub_project", form=copy.deepcopy(proto.form),
                        explanation=copy.deepcopy(proto.explanation))
            node.form.indicators = [Indicator("产出指标", "数量指标", f"指标{j}" * 5,
                                              IndicatorValue(op="≥", number="1", unit="个")) for j in range(500)]
            if i < 50:
                node.explanation.budget_groups = [BudgetGroup(title=f"分组{g}", lines=[
                    BudgetLine(label=f"明细{k}" * 5, stated_fen=100) for k in range(200)]) for g in range(10)]
            project.children.append(node)
    validate_document(doc)
    return doc


def step(kind: str, name: str, folder: Path) -> dict:
    """One step in this process; returns seconds and peak memory (MB)."""
    from g60desk.store import Store
    path = folder / f"{kind}.g60"
    doc = build(kind) if name in ("save", "print", "xlsx") else None
    started = time.perf_counter()
    if name == "save":
        Store.create(path, doc, overwrite=True).close()
    elif name == "open":
        with Store.open(path, readonly=True) as store:
            store.load()
    elif name == "print":
        from g60desk.report.render import render_pdf
        render_pdf(doc, folder / f"{kind}.pdf")
    else:
        from g60desk.exchange.xlsx import export_xlsx
        export_xlsx(doc, folder / f"{kind}.xlsx")
    return {"seconds": time.perf_counter() - started,
            "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    if len(sys.argv) > 3 and sys.argv[1] == "--step":
        print(json.dumps(step(sys.argv[2], sys.argv[3], Path(sys.argv[4]))))
        return 0
    kinds = sys.argv[1:] or ["form", "department"]
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            figures = {}
            for name in STEPS:
                done = subprocess.run([sys.executable, "-m", "benchmarks.bench_limits", "--step", kind, name, folder],
                                      capture_output=True, text=True, check=True)
                figures[name] = json.loads(done.stdout)
            base = figures["open"]["seconds"]
            print(f"{kind}:")
            for name, f in figures.items():
                print(f"  {name:6} {f['seconds']:7.1f} s  {f['mb']:6.0f} MB  ×{f['seconds'] / base:5.1f} of opening")
    return 0


if __name__ == "__main__":
    sys.exit(main())
