#!/usr/bin/env python3
"""Reference images of the printed samples: re-render the first pages and compare them with the PNGs
committed in tests/fixtures/print/ (40 dpi, grey), within a small tolerance for anti-aliasing.

    .venv/bin/python scripts/print_refs.py            compare; exit status 1 when a page differs
    .venv/bin/python scripts/print_refs.py --update   rewrite the reference PNGs (look at them first!)
    .venv/bin/python scripts/print_refs.py --diff DIR also write current pages and difference images to DIR

Needs pdftoppm (poppler-utils) and Pillow. The samples print with the bundled font, so the pages are
the same on every machine.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE_DIR = ROOT / "tests" / "fixtures" / "print"
DPI = 40
#: the pages kept as references: overview, first explanation, first form (and its continued page); for 2022
#: the page with most of 六、年度预算安排 (the clerk's wording) instead of the first explanation page
PAGES = {"2026": (1, 2, 3, 13), "2022": (1, 4, 6, 7)}
#: a page matches when the mean grey difference and the share of clearly different pixels stay below these
MAX_MEAN_DIFFERENCE = 1.5
MAX_CHANGED_SHARE = 0.005
CHANGED_LEVEL = 64


@dataclass
class Comparison:
    name: str
    mean_difference: float
    changed_share: float
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem and self.mean_difference <= MAX_MEAN_DIFFERENCE \
            and self.changed_share <= MAX_CHANGED_SHARE

    def __str__(self) -> str:
        state = "ok" if self.ok else "DIFFERS"
        detail = self.problem or f"mean Δ {self.mean_difference:.2f}, changed {self.changed_share:.2%}"
        return f"{self.name:<16} {state:<8} {detail}"


def reference_name(year: str, page: int) -> str:
    return f"{year}-p{page:02d}.png"


def render_pages(folder: Path) -> dict[str, Path]:
    """PNG of each reference page of both samples, freshly printed, by reference name."""
    from g60desk.exchange.samples import sample_document
    from g60desk.report import PrintOptions, render_pdf

    out: dict[str, Path] = {}
    for year, pages in PAGES.items():
        pdf = folder / f"sample{year}.pdf"
        render_pdf(sample_document(year), pdf, options=PrintOptions(prefer_system_font=False))
        for page in pages:
            stem = folder / f"{year}-p{page:02d}"
            subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(page),
                            "-l", str(page), str(pdf), str(stem)], check=True)
            out[reference_name(year, page)] = stem.with_suffix(".png")
    return out


def compare_images(name: str, current: Path, reference: Path, diff_dir: Path | None = None) -> Comparison:
    from PIL import Image, ImageChops

    if not reference.is_file():
        return Comparison(name, 0, 0, "no reference image (run with --update)")
    with Image.open(current) as a, Image.open(reference) as b:
        a, b = a.convert("L"), b.convert("L")
        if a.size != b.size:
            return Comparison(name, 0, 0, f"size {a.size} ≠ reference {b.size}")
        diff = ImageChops.difference(a, b)
        histogram = diff.histogram()
        pixels = a.size[0] * a.size[1]
        mean = sum(level * count for level, count in enumerate(histogram)) / pixels
        changed = sum(histogram[CHANGED_LEVEL:]) / pixels
        if diff_dir is not None:
            diff_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(current, diff_dir / name)
            diff.point(lambda v: 255 - min(255, v * 4)).save(diff_dir / f"diff-{name}")
    return Comparison(name, mean, changed)


def compare_all(update: bool = False, diff_dir: Path | None = None) -> list[Comparison]:
    with tempfile.TemporaryDirectory(prefix="g60refs-") as tmp:
        current = render_pages(Path(tmp))
        if update:
            REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
            for name, path in current.items():
                shutil.copyfile(path, REFERENCE_DIR / name)
        return [compare_images(name, path, REFERENCE_DIR / name, diff_dir) for name, path in current.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the reference PNGs")
    parser.add_argument("--diff", type=Path, metavar="DIR", help="write current pages and difference images here")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 2
    results = compare_all(update=args.update, diff_dir=args.diff)
    for result in results:
        print(result)
    if args.update:
        print(f"references written to {REFERENCE_DIR.relative_to(ROOT)}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
