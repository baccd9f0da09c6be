"""The benchmark's document generator makes documents of the promised size, and the benchmark prints its figures
(timings are printed, never asserted: tests stay deterministic)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from benchmarks import bench_checks  # noqa: E402
from benchmarks.generate import Size, build_document  # noqa: E402
from g60desk.checks import LiveChecker, check_document  # noqa: E402
from g60desk.domain.summary import summarize  # noqa: E402


def test_default_document_has_the_promised_size():
    totals = summarize(build_document())
    assert sum(t.declared_forms for t in totals) >= 1_000
    assert sum(t.budget_lines for t in totals) >= 20_000
    assert sum(t.indicators for t in totals) >= 15_000


def test_generated_documents_are_deterministic_and_mostly_clean():
    size = Size(departments=2, projects_per_department=2, subprojects_per_project=3)
    first, second = build_document(size, seed=7), build_document(size, seed=7)
    assert check_document(first) == check_document(second)
    findings = check_document(first)
    assert len(findings) < 12 * 3  # a few sprinkled mistakes, not noise on every form
    assert LiveChecker(first).findings() == findings


@pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")   # the offscreen window's limit
def test_benchmark_prints_its_figures(capsys):
    figures = bench_checks.run(Size(departments=1, projects_per_department=2, subprojects_per_project=2), repeat=1)
    out = capsys.readouterr().out
    assert "plain load:" in out and "full check:" in out and "× load" in out and "single edit," in out
    assert set(figures) == {"load_ms", "full_ms", "full_best_ms", "full_ratio", "again_ms", "edit_ms",
                           "edit_max_ms", "recheck_ms"}
    assert "the window's whole round trip" in out and "bare commit" in out
