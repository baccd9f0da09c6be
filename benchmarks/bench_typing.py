"""A keystroke in an amount, timed as the clerk waits for it: key → what the page shows (the row's 公式结果/差额,
the group and node totals, the funding block's sum line) → the repaint, until the event loop is idle again; and
the save a pause in typing makes (disk → 审核 → repaint), in a document of N forms.

    .venv/bin/python -m benchmarks.bench_typing [--forms 1000] [--rounds 7] [--keys 20] [--table]

The baseline of a keystroke is the same key typed into a plain QLineEdit of the same window, connected to nothing
(what Qt itself needs to echo a key); the baseline of the save is bench_edit's bare sqlite3 commit. Rounds
interleave the two; the figures are medians per round (benchmarks/common.py). Prints one JSON object, or a table.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from .bench_edit import LINE, BareCommit, make_file
from .common import Rounds, elapsed_ms, p95


def run(path: Path, node_path: tuple[str, ...], bare: BareCommit, rounds: int, keys: int) -> dict:
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from g60desk.qt.editors.budget_model import STATED
    from g60desk.qt.shell.app import configure_application
    from g60desk.qt.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    configure_application(app)
    window = MainWindow()
    window.warn = lambda title, text: None
    window.resize(1280, 800)
    window.show()
    dispatcher = QAbstractEventDispatcher.instance()

    def idle() -> None:
        for _ in range(200):
            if not dispatcher.processEvents(QEventLoop.ProcessEventsFlag.AllEvents):
                return

    assert window.open_path(path)
    idle()
    while getattr(window, "loading", False):
        idle()
    session = window.open_session
    node = session.doc.find(node_path)
    window.select(node)
    idle()
    editor = window.editor
    assert editor is not None
    plain = QLineEdit(window)        # the baseline: a key echoed by Qt and nothing else
    plain.setGeometry(0, 0, 200, 24)
    plain.show()

    def keystrokes(target_of, check) -> tuple[Rounds, list[float]]:
        result, every = Rounds(), []
        for _ in range(rounds):
            base, prog = [], []
            for i in range(keys):
                key = "1" if i % 2 == 0 else "\b"
                for target, times in ((plain, base), (target_of(), prog)):
                    def press(target=target, key=key) -> None:
                        if key == "\b":
                            QTest.keyClick(target, Qt.Key.Key_Backspace)
                        else:
                            QTest.keyClicks(target, key)
                        idle()
                    times.append(elapsed_ms(press))
                check()
            result.add(statistics.median(base), statistics.median(prog))
            every += prog
        return result, every

    # 经费情况说明: a 申报金额 cell being typed in
    editor.form.tabs.setCurrentIndex(2)
    idle()
    page = editor.explanation_page
    assert page is not None
    model, view = page.model, page.form.budgetView
    index = model.index_of(model.find("line", LINE[0], (LINE[1],)), STATED)
    view.scrollTo(index)
    view.setCurrentIndex(index)
    view.setFocus()
    view.edit(index)
    idle()
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit), cell
    cell.setText("12")
    totals = []
    grid, grid_every = keystrokes(lambda: cell, lambda: totals.append(page.total_text))
    assert len(set(totals)) > 1 or keys < 2, "the node total did not follow the keys"

    # the pause: save → 审核 → repaint, the cell still open
    delegate = view.itemDelegate()
    saves = Rounds()
    counter = 0
    for _ in range(rounds):
        base, prog = [], []
        for _ in range(3):
            counter += 1
            cell.setText(f"{12 + counter % 40}.{counter % 10}")
            model.preview(index, cell.text())
            base.append(elapsed_ms(bare))

            def save() -> None:
                delegate.commitData.emit(cell)
                idle()
            prog.append(elapsed_ms(save))
        saves.add(statistics.median(base), statistics.median(prog))
    view.closeEditor(cell, delegate.EndEditHint.NoHint)
    idle()

    # 基本信息: an amount of the funding block
    editor.form.tabs.setCurrentIndex(0)
    idle()
    form_page = editor.form_page
    assert form_page is not None
    amount = form_page.form.appropriationEdit
    amount.setFocus()
    amount.selectAll()
    idle()
    sums = []
    funding, funding_every = keystrokes(lambda: amount, lambda: sums.append(form_page.right_sum_text))
    assert len(set(sums)) > 1 or keys < 2, "the sum line did not follow the keys"
    window.close_document()
    window.close()
    return {"grid_key": grid.as_json(), "grid_p95": p95(grid_every), "save": saves.as_json(),
            "funding_key": funding.as_json(), "funding_p95": p95(funding_every)}


def measure(forms: int, rounds: int, keys: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="g60typing-"))
    os.environ.setdefault("G60DESK_HOME", str(folder / "home"))
    try:
        path, node_path = make_file(folder, forms)
        copy = folder / "bare.g60"
        shutil.copyfile(path, copy)
        bare = BareCommit(copy)
        try:
            figures = run(path, node_path, bare, rounds, keys)
        finally:
            bare.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"forms": forms, **figures}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keys", type=int, default=20, help="keystrokes (and baselines) per round")
    parser.add_argument("--table", action="store_true", help="print figures for people instead of JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures = measure(args.forms, args.rounds, args.keys)
    if not args.table:
        print(json.dumps(figures))
        return
    for name, label, tail in (("grid_key", "keystroke in a 申报金额 cell → row, group and node totals painted",
                               "grid_p95"),
                              ("funding_key", "keystroke in 当年财政拨款 → the sum line painted", "funding_p95"),
                              ("save", "pause → saved, 审核, repainted (baseline: bare sqlite3 commit)", None)):
        s = Rounds.from_json(figures[name]).summary()
        extra = f", p95 {figures[tail]:.1f} ms" if tail else ""
        print(f"{args.forms} forms, {label}: {s['program']:.1f} ms median{extra}; baseline {s['baseline']:.2f} ms, "
              f"ratio {s['ratio']:.1f}× ({s['ratio_min']:.1f}–{s['ratio_max']:.1f})")


if __name__ == "__main__":
    sys.exit(main())
