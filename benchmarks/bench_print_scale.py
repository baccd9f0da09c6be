"""Printing a bureau-sized file: ``g60desk print FILE -o OUT.pdf`` of 100, 1,000 and 5,000 forms (the whole 申报材料:
绩效目标设置情况, 项目经费情况说明 and 申报表), each a fresh process, in interleaved rounds: time, time per form and
peak resident memory.

    .venv/bin/python -m benchmarks.bench_print_scale [--forms 100,1000,5000] [--rounds 1] [--table]

Printing should take time in proportion to the forms (the 5,000-form print 5× the 1,000-form one) and memory
that does not grow with them.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from .common import ROOT, child_env, compile_all, run_child


def measure(sizes: list[int], rounds: int) -> dict:
    from g60desk.store import Store

    from .generate import build_document, forms_size

    compile_all()
    folder = Path(tempfile.mkdtemp(prefix="g60print-"))
    env = child_env(folder / "home")
    figures: dict[str, dict[str, list[float]]] = {}
    try:
        files = {}
        for forms in sizes:
            files[forms] = folder / f"print{forms}.g60"
            Store.create(files[forms], build_document(forms_size(forms))).close()
        run_child([sys.executable, "-m", "g60desk", "print", str(files[sizes[0]]), "-o", str(folder / "warm.pdf"),
                   "-q"], env=env, cwd=ROOT)   # the parsed-font cache, as on a clerk's PC
        for _ in range(rounds):
            for forms in sizes:
                out = folder / f"print{forms}.pdf"
                run = run_child([sys.executable, "-m", "g60desk", "print", str(files[forms]), "-o", str(out), "-q"],
                                env=env, cwd=ROOT)
                entry = figures.setdefault(str(forms), {"ms": [], "rss": [], "pages": []})
                entry["ms"].append(run.wall_ms)
                entry["rss"].append(run.peak_rss_mib)
                entry["pages"].append(float(_pages(out)))
                out.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def _pages(pdf: Path) -> int:
    """The page count the PDF's trailer-side page tree states (/Type /Pages … /Count N)."""
    import re
    data = pdf.read_bytes()
    counts = [int(m) for m in re.findall(rb"/Type /Pages[^>]*?/Count (\d+)", data)]
    counts += [int(m) for m in re.findall(rb"/Count (\d+)[^>]*?/Type /Pages", data)]
    return max(counts) if counts else 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", default="100,1000,5000")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--table", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.forms.split(",")]
    figures = measure(sizes, args.rounds)
    if not args.table:
        print(json.dumps(figures))
        return
    import statistics
    for forms in sizes:
        f = figures[str(forms)]
        ms = statistics.median(f["ms"])
        print(f"{forms:>6} forms: {ms / 1000:7.1f} s  {ms / forms:6.1f} ms/form  {max(f['rss']):6.0f} MiB  "
              f"{int(f['pages'][0])} pages")


if __name__ == "__main__":
    main()
