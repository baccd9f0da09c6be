"""One 申报金额 typed into a node of 40 budget lines, timed the whole way round, in a document of N forms.

    .venv/bin/python -m benchmarks.bench_edit --mode services|window [--forms 1000] [--rounds 7] [--edits 15]

``services``: ``Session.set_line_cells`` → commit → recheck → listeners (what the command line and every view
share). ``window``: the real main window (offscreen) showing the node's 经费情况说明: ``BudgetTableModel.setData``
→ commit → recheck → every listener and signal → the paint of what changed (the grid, the tree, the 审核 dock,
the status bar), until the event loop is idle again. The window mode first times opening the file in the window
(open, full 审核, tree and editor shown, everything loaded) against a plain ``Store.open(path).load()``.

The baseline of an edit is the least any program that saves each edit at once must pay: the same amount written
into a copy of the file by sqlite3 alone (one UPDATE and COMMIT; rollback journal, ``synchronous=FULL``, as
DESIGN.md §5 first chose). Each round times one baseline and one edit back to back, ``--edits`` times; its
figures are the medians of the round. Prints one JSON object (for ``benchmarks/run``), or a table with
``--table``.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .common import Rounds, elapsed_ms, p95
from .generate import Size, build_document, forms_size, middle_node, widen_budget

AMOUNT_COLUMN = 3   # LINE_COLUMNS.index("stated_fen")
LINE = (0, 1)       # group 0, line 1 of the widened node


def make_file(folder: Path, forms: int, size: Size | None = None) -> tuple[Path, tuple[str, ...]]:
    """The document of ``forms`` forms (or of ``size``) with its middle node widened to 40 lines; returns the
    file and the node's path."""
    from g60desk.store import Store

    doc = build_document(size or forms_size(forms))
    node = middle_node(doc)
    widen_budget(node)
    path = next(p for p, n in doc.iter_nodes() if n is node)
    target = folder / f"edit{forms}.g60"
    Store.create(target, doc, overwrite=True).close()
    return target, path


class BareCommit:
    """The baseline: one amount written into a copy of the file by sqlite3 alone, committed durably."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=DELETE")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.line_id = self.conn.execute("SELECT max(id) FROM budget_line").fetchone()[0] // 2
        self.value = 0

    def __call__(self) -> None:
        self.value += 1
        self.conn.execute("BEGIN")
        self.conn.execute("UPDATE budget_line SET stated_fen = ? WHERE id = ?", (1_000_000 + self.value,
                                                                                self.line_id))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


class Gen2Counter:
    """How many full (generation 2) collections ran, and how long they took, while installed."""

    def __init__(self) -> None:
        self.count = 0
        self.ms = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.count += 1
            self.ms += (time.perf_counter() - self._start) * 1000

    def __enter__(self) -> Gen2Counter:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def amount_text(i: int) -> str:
    """A different 申报金额 each time (万元), so every edit really changes the file."""
    return f"{12 + i % 40}.{i % 10}"


def edit_rounds(edit, bare: BareCommit, rounds: int, edits: int) -> tuple[Rounds, list[float], Gen2Counter]:
    result, every = Rounds(), []
    counter = 0
    with Gen2Counter() as gen2:
        for _ in range(rounds):
            base, prog = [], []
            for _ in range(edits):
                counter += 1
                base.append(elapsed_ms(bare))
                prog.append(elapsed_ms(lambda i=counter: edit(i)))
            result.add(statistics.median(base), statistics.median(prog))
            every += prog
    return result, every, gen2


def run_services(path: Path, node_path: tuple[str, ...], bare: BareCommit, rounds: int, edits: int) -> dict:
    from g60desk.services.session import Session

    session = Session.open(path)
    node = session.doc.find(node_path)
    group, line = LINE

    def edit(i: int) -> None:
        session.set_line_cells(node, group, line, AMOUNT_COLUMN, [[amount_text(i)]])

    edit(0)   # first use: imports and memos, as after the first keystroke of a session
    result, every, gen2 = edit_rounds(edit, bare, rounds, edits)
    session.close()
    return {"edit": result.as_json(), "p95": p95(every), "gen2": gen2.count, "gen2_ms": gen2.ms,
            "edits": len(every)}


def run_window(path: Path, node_path: tuple[str, ...], bare: BareCommit, rounds: int, edits: int,
               open_rounds: int) -> dict:
    from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication

    from g60desk.qt.shell.app import configure_application
    from g60desk.qt.shell.main_window import MainWindow
    from g60desk.store import Store

    app = QApplication.instance() or QApplication([])
    configure_application(app)
    window = MainWindow()
    window.warn = lambda title, text: None   # no modal box may stop a benchmark
    window.resize(1280, 800)
    window.show()
    app.processEvents()

    dispatcher = QAbstractEventDispatcher.instance()

    def idle() -> None:
        """Until the event loop has nothing left to do: every posted event, timer and deferred layout."""
        for _ in range(200):
            if not dispatcher.processEvents(QEventLoop.ProcessEventsFlag.AllEvents):
                return

    def settle() -> None:
        idle()
        while getattr(window, "loading", False):   # editors and checks that load after the first paint
            idle()

    def plain_load() -> None:
        with Store.open(path, readonly=True) as store:
            store.load()

    def open_in_window() -> None:
        assert window.open_path(path)
        settle()

    opening = Rounds()
    for _ in range(open_rounds):
        window.close_document()
        app.processEvents()
        gc.collect()
        base = elapsed_ms(plain_load)
        opening.add(base, elapsed_ms(open_in_window))

    session = window.open_session
    node = session.doc.find(node_path)
    window.select(node)
    settle()
    editor = window.editor
    assert editor is not None
    editor.form.tabs.setCurrentIndex(2)   # 经费情况说明
    settle()
    page = editor.explanation_page
    assert page is not None
    model, view = page.model, page.form.budgetView
    from g60desk.qt.editors.budget_model import STATED
    index = model.index_of(model.find("line", LINE[0], (LINE[1],)), STATED)
    view.scrollTo(index)
    settle()

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                PaintCounter.paints += 1
            return False

    counter = PaintCounter()
    view.viewport().installEventFilter(counter)

    def edit(i: int) -> None:
        model.setData(index, amount_text(i))
        idle()   # every posted update painted (the grid, the tree, the dock, the status bar), every layout done

    edit(0)
    PaintCounter.paints = 0
    result, every, gen2 = edit_rounds(edit, bare, rounds, edits)
    assert PaintCounter.paints >= len(every), "the grid was not repainted after each edit"
    view.viewport().removeEventFilter(counter)
    shown = model.data(index)
    window.close_document()
    window.close()
    return {"edit": result.as_json(), "p95": p95(every), "gen2": gen2.count, "gen2_ms": gen2.ms,
            "edits": len(every), "open": opening.as_json(), "paints": PaintCounter.paints, "shown": shown}


def measure(mode: str, forms: int, rounds: int, edits: int, open_rounds: int = 3, size: Size | None = None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="g60edit-"))
    os.environ.setdefault("G60DESK_HOME", str(folder / "home"))
    try:
        path, node_path = make_file(folder, forms, size)
        copy = folder / "bare.g60"
        shutil.copyfile(path, copy)
        bare = BareCommit(copy)
        try:
            if mode == "services":
                figures = run_services(path, node_path, bare, rounds, edits)
            else:
                figures = run_window(path, node_path, bare, rounds, edits, open_rounds)
        finally:
            bare.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"mode": mode, "forms": forms, **figures}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("services", "window"), default="services")
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--edits", type=int, default=15, help="edits (and baselines) per round")
    parser.add_argument("--open-rounds", type=int, default=3, help="window: rounds of opening the file")
    parser.add_argument("--table", action="store_true", help="print figures for people instead of JSON")
    args = parser.parse_args(argv)
    if args.mode == "window":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures = measure(args.mode, args.forms, args.rounds, args.edits, args.open_rounds)
    if not args.table:
        print(json.dumps(figures))
        return
    edit = Rounds.from_json(figures["edit"]).summary()
    print(f"{args.mode} edit at {args.forms} forms: {edit['program']:.1f} ms median "
          f"(rounds {edit['program_min']:.1f}–{edit['program_max']:.1f}, p95 {figures['p95']:.1f}), "
          f"bare commit {edit['baseline']:.1f} ms, ratio {edit['ratio']:.2f}× "
          f"({edit['ratio_min']:.2f}–{edit['ratio_max']:.2f}); gen-2 collections {figures['gen2']} "
          f"({figures['gen2_ms']:.0f} ms) in {figures['edits']} edits")
    if "open" in figures:
        opening = Rounds.from_json(figures["open"]).summary()
        print(f"open + full 审核 in the window: {opening['program']:.0f} ms median, plain load "
              f"{opening['baseline']:.0f} ms, ratio {opening['ratio']:.2f}×")


if __name__ == "__main__":
    sys.exit(main())
