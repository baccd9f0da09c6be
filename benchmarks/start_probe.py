"""Run inside a measured child by bench_start: start the window (g60desk's, or a bare PySide6 one), note the
wall-clock time of its first paint and of the first idle moment once everything has loaded, then close it as a
clerk would (the window saves its state) and exit. Prints one JSON line: {"painted": t, "ready": t, "painted_cpu": s,
"ready_cpu": s} (the CPU time of the process then, which a busy machine moves much less than the wall clock).

    python -m benchmarks.start_probe g60desk FILE
    python -m benchmarks.start_probe bare
"""
from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

marks: dict[str, float] = {}


class FirstPaint(QObject):
    """On the window's first paint, wait for the end of the paint pass, then for the window to finish loading
    (``window.loading`` false: editors, checks and tab pages that load after the first paint), then close it."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and "painted" not in marks:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.painted)
        return False

    def painted(self) -> None:
        marks["painted"] = time.time()
        marks["painted_cpu"] = time.process_time()
        self.wait_ready()

    def wait_ready(self) -> None:
        # every turn of the event loop until the window has built all it shows (``loading`` covers the work a
        # start leaves for later turns: the editors, the 审核, a node's other tab pages)
        if getattr(self.window, "loading", False):
            QTimer.singleShot(0, self.wait_ready)
            return
        self.ready()

    def ready(self) -> None:
        marks["ready"] = time.time()
        marks["ready_cpu"] = time.process_time()
        report()
        self.window.close()


def report() -> None:
    print(json.dumps(marks), flush=True)


def watch(window_class: type[QMainWindow]) -> None:
    """Hook the window class's showEvent, so the probe sees only that window's own events."""
    original = window_class.showEvent

    def show_event(self, event) -> None:  # noqa: N802
        original(self, event)
        if not hasattr(self, "_probe"):
            self._probe = FirstPaint(self)
            self.installEventFilter(self._probe)
    window_class.showEvent = show_event


class BareWindow(QMainWindow):
    """A bare PySide6 window: what any Qt program pays to show a window."""


def main() -> int:
    which = sys.argv[1]
    app = QApplication(sys.argv[:1])
    if which == "bare":
        watch(BareWindow)
        window = BareWindow()
        window.setWindowTitle("bare")
        window.resize(1280, 800)
        window.show()
        return app.exec()
    from g60desk.qt.shell.main_window import MainWindow
    watch(MainWindow)
    from g60desk.cli.start import main as g60desk_main
    return g60desk_main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
