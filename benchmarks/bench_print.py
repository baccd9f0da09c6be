#!/usr/bin/env python3
"""Printing benchmark: in-process render time per form, and whole-process ``g60desk print`` of the 2026
sample against LibreOffice converting the same six forms from an xlsx (``soffice --headless --convert-to pdf``).

    .venv/bin/python benchmarks/bench_print.py [--runs 5] [--keep DIR]

Prints milliseconds (median of ``--runs``) and the ratio soffice / g60desk; the target is ≥ 4×.
Both sides are warmed once first (LibreOffice's profile, g60desk's font cache), as on a clerk's PC.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from g60desk.domain.money import format_yuan  # noqa: E402
from g60desk.domain.templates import get_template  # noqa: E402
from g60desk.domain.values import format_value  # noqa: E402
from g60desk.domain.vocabulary import FIELD_LABELS  # noqa: E402
from g60desk.exchange.samples import sample_document  # noqa: E402

TARGET_RATIO = 4.0


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# ---- in-process ---------------------------------------------------------------------------------

def bench_in_process(doc, folder: Path, runs: int) -> None:
    from g60desk.report import PrintOptions, render_pdf
    from g60desk.report.render import declared_items

    forms_only = PrintOptions(include_explanations=False, include_overview=False)
    render_pdf(doc, folder / "warm.pdf")  # fonts registered once per process, as in the program
    print(f"in-process render (median of {runs}):")
    for item in declared_items(doc):
        ms = median_ms(lambda path=item.path: render_pdf(doc, folder / "form.pdf", nodes=[path], options=forms_only),
                       runs)
        print(f"  申报表 {item.number} {item.node.name:<14} {ms:7.1f} ms")
    ms = median_ms(lambda: render_pdf(doc, folder / "forms.pdf", options=forms_only), runs)
    print(f"  six forms together       {ms:7.1f} ms")
    ms = median_ms(lambda: render_pdf(doc, folder / "all.pdf"), runs)
    print(f"  whole 申报材料 (13 pages) {ms:7.1f} ms")


# ---- the same forms as a spreadsheet --------------------------------------------------------------

def write_xlsx(doc, path: Path) -> None:
    """The six 申报表 as sheets laid out like the reference (merged cells, borders, wrap, A4 fit to width)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    workbook = Workbook()
    workbook.remove(workbook.active)
    from g60desk.report.render import declared_items
    for item in declared_items(doc):
        form, template = item.node.form, get_template(item.node.form.template)
        ws = workbook.create_sheet(f"表{item.number}")
        for col, width in zip("ABCDEF", (12, 15, 15, 23, 10.5, 10.5)):
            ws.column_dimensions[col].width = width
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        rows: list[list] = [
            [f"{template.form_title} {item.number}"], [template.year_line.format(year=doc.budget_year)],
            ["项目名称", item.node.name, "项目性质", form.nature, "项目类别", form.category],
            ["主管部门", form.supervising_dept, "实施单位", form.implementing_unit],
            ["计划开始日期", str(form.planned_start), "计划完成日期", str(form.planned_end)],
        ]
        f = form.funding
        amount = partial(format_yuan, style=template.amount_style)
        rows += [["项目资金（元）", FIELD_LABELS["project_total_fen"], amount(f.project_total_fen),
                  FIELD_LABELS["annual_request_fen"], amount(f.annual_request_fen)],
                 ["", FIELD_LABELS["fiscal_fen"], amount(f.fiscal_fen), FIELD_LABELS["appropriation_fen"],
                  amount(f.appropriation_fen)],
                 ["", "", "", FIELD_LABELS["carryover_fen"], amount(f.carryover_fen)],
                 ["", FIELD_LABELS["other_fen"], amount(f.other_fen), FIELD_LABELS["annual_other_fen"],
                  amount(f.annual_other_fen)],
                 ["项目绩效目标", template.overall_goal_header, "", template.annual_goal_header],
                 ["", form.overall_goal, "", form.annual_goal],
                 ["绩效指标", "一级指标", "二级指标", "三级指标", template.value_header]]
        rows += [["", i.level1, i.level2, i.name, format_value(i.value, template.value_style)]
                 for i in form.indicators]
        for row in rows:
            ws.append(row)
        merges = ["A1:F1", "A2:F2", "D4:F4", "D5:F5", "A6:A9", "E6:F6", "E7:F7", "E8:F8", "E9:F9",
                  "A10:A11", "B10:C10", "D10:F10", "B11:C11", "D11:F11", f"A12:A{len(rows)}"]
        merges += [f"E{r}:F{r}" for r in range(12, len(rows) + 1)]
        merges += _runs(ws, "B", 13, len(rows)) + _runs(ws, "C", 13, len(rows))
        for cells in merges:
            ws.merge_cells(cells)
        for row in ws.iter_rows(min_row=3, max_row=len(rows), max_col=6):
            for cell in row:
                cell.border, cell.alignment = border, wrap if cell.column in (2, 4) else center
        ws["A1"].font = Font(size=16, bold=True)
        ws["A1"].alignment = ws["A2"].alignment = center
        ws.row_dimensions[11].height = 260
    workbook.save(path)


def _runs(ws, col: str, first: int, last: int) -> list[str]:
    runs, start = [], first
    for r in range(first + 1, last + 2):
        if r > last or ws[f"{col}{r}"].value != ws[f"{col}{start}"].value:
            if r - 1 > start:
                runs.append(f"{col}{start}:{col}{r - 1}")
            start = r
    return runs


# ---- whole process --------------------------------------------------------------------------------

def timed_run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall ms, CPU ms of the process and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def bench_processes(doc, folder: Path, runs: int) -> None:
    from g60desk.store import Store

    sample = folder / "sample2026.g60"
    Store.create(sample, doc, overwrite=True).close()
    env = {**os.environ, "G60DESK_HOME": str(folder / "home")}
    g60 = [sys.executable, "-m", "g60desk", "print", str(sample), "-q"]
    forms = g60 + ["-o", str(folder / "g60-forms.pdf"), "--forms-only"]
    whole = g60 + ["-o", str(folder / "g60-all.pdf")]
    timed_run(forms, env)  # warm: the parsed-font cache, the page cache
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    lo = None
    if soffice is not None:
        xlsx = folder / "forms2026.xlsx"
        write_xlsx(doc, xlsx)
        profile = (folder / "lo-profile").as_uri()
        lo = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
              "--outdir", str(folder / "lo"), str(xlsx)]
        timed_run(lo)  # creates LibreOffice's profile
    results: dict[str, list[tuple[float, float]]] = {"forms": [], "whole": [], "lo": []}
    for _ in range(runs):  # interleaved, so that both sides see the same load on a shared machine
        results["forms"].append(timed_run(forms, env))
        results["whole"].append(timed_run(whole, env))
        if lo is not None:
            results["lo"].append(timed_run(lo))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in results.items() if v}
    print(f"whole process (median of {runs}, interleaved):      wall ms    CPU ms")
    print(f"  g60desk print, six forms           {med['forms'][0]:9.0f} {med['forms'][1]:9.0f}")
    print(f"  g60desk print, whole 申报材料        {med['whole'][0]:9.0f} {med['whole'][1]:9.0f}")
    if lo is None:
        print("  soffice not installed: no LibreOffice comparison")
        return
    print(f"  soffice --convert-to pdf, six forms {med['lo'][0]:9.0f} {med['lo'][1]:9.0f}")
    wall_ratio, cpu_ratio = med["lo"][0] / med["forms"][0], med["lo"][1] / med["forms"][1]
    verdict = "meets" if wall_ratio >= TARGET_RATIO else "MISSES"
    print(f"ratio soffice / g60desk, six forms: wall {wall_ratio:.2f}×  CPU {cpu_ratio:.2f}×  "
          f"({verdict} the {TARGET_RATIO:.0f}× wall-time target)")
    print(f"ratio soffice (six forms) / g60desk (whole 申报材料, 13 pages): wall {med['lo'][0] / med['whole'][0]:.2f}×")


STAGES = r"""
import sys, time
clock = time.perf_counter
start = clock()
import g60desk.cli.parser as parser
parser.build_parser()
t_cli = clock()
import g60desk.report.render as render
t_report = clock()
from g60desk.report.fonts import load_fonts
load_fonts(True)
t_font = clock()
from g60desk.services.documents import load_readonly
doc = load_readonly(sys.argv[1])
t_load = clock()
from g60desk.report import PrintOptions
render.render_pdf(doc, sys.argv[2], options=PrintOptions(include_explanations=False, include_overview=False))
t_render = clock()
print(f"{t_cli - start:.3f} {t_report - t_cli:.3f} {t_font - t_report:.3f} {t_load - t_font:.3f} "
      f"{t_render - t_load:.3f}")
"""


def bench_stages(doc, folder: Path, runs: int) -> None:
    """Where a whole-process print of the six forms spends its time (fresh interpreter each run)."""
    from g60desk.store import Store

    sample = folder / "stages.g60"
    Store.create(sample, doc, overwrite=True).close()
    env = {**os.environ, "G60DESK_HOME": str(folder / "home")}
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STAGES, str(sample), str(folder / "stages.pdf")], env=env,
                             check=True, capture_output=True, text=True).stdout.split()
        rows.append([float(v) * 1000 for v in out])
    names = ("import g60desk.cli + its verbs", "import reportlab + g60desk.report", "font (cached)",
             "open the .g60", "render six forms")
    print(f"stages of one process (median of {runs}):")
    for i, name in enumerate(names):
        print(f"  {name:<36} {statistics.median(r[i] for r in rows):7.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the PDFs and the xlsx in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="g60bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["G60DESK_HOME"] = str(folder / "home")
    doc = sample_document("2026")
    bench_in_process(doc, folder, args.runs)
    bench_stages(doc, folder, args.runs)
    bench_processes(doc, folder, args.runs)
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
