"""Start-up of the Windows bundle under Wine: a bare PySide6 window against ``g60desk FILE`` on the 2026 sample, both
started by the bundle's own ``python.exe``, in interleaved rounds (docs/performance.md, "Start-up, the last round").

    # the slow test builds, installs and provides ICU; G60DESK_KEEP_WINE keeps its /tmp/g60desk-windows-test-*
    G60DESK_KEEP_WINE=1 G60DESK_WINE_DISPLAY=:NN .venv/bin/python -m pytest tests/installers/test_windows_build.py
    DISPLAY=:NN .venv/bin/python -m benchmarks.wine_start /tmp/g60desk-windows-test-XXXX [--rounds 7]

The times are taken inside the Windows process, from its creation (``GetProcessTimes``), so Wine's own start of
the wineserver is left out; the CPU is the process's until idle.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT

PROBE = r'''
import ctypes, ctypes.wintypes as wt, json, os, sys, time

def created():
    k32 = ctypes.windll.kernel32
    k32.GetCurrentProcess.restype = wt.HANDLE
    k32.GetProcessTimes.argtypes = [wt.HANDLE] + [ctypes.POINTER(wt.FILETIME)] * 4
    times = [wt.FILETIME() for _ in range(4)]
    k32.GetProcessTimes(k32.GetCurrentProcess(), *map(ctypes.byref, times))
    return ((times[0].dwHighDateTime << 32) | times[0].dwLowDateTime) / 1e7 - 11644473600.0

T0 = created()
marks = {}
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "painted" not in marks:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.painted)
        return False
    def painted(self):
        marks["painted"] = time.time() - T0
        self.wait_ready()
    def wait_ready(self):
        if getattr(self.window, "loading", False):
            QTimer.singleShot(0, self.wait_ready)
            return
        marks["ready"] = time.time() - T0
        marks["cpu"] = time.process_time()
        with open(sys.argv[2], "w") as out:
            out.write(json.dumps(marks))
        self.window.close()
        os._exit(0)   # a closed window can keep a process alive under Wine (installers/g60desk_entry.py)

def watch(window_class):
    original = window_class.showEvent
    def show_event(self, event):
        original(self, event)
        if not hasattr(self, "_probe"):
            self._probe = FirstPaint(self)
            self.installEventFilter(self._probe)
    window_class.showEvent = show_event

class BareWindow(QMainWindow):
    pass

app = QApplication(sys.argv[:1])
if sys.argv[1] == "bare":
    watch(BareWindow)
    window = BareWindow()
    window.resize(1280, 800)
    window.show()
    sys.exit(app.exec())
from g60desk.qt.shell.main_window import MainWindow
watch(MainWindow)
from g60desk.cli.start import main
sys.exit(main(sys.argv[3:]))
'''


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scratch", type=Path, help="the folder the slow Windows test kept (G60DESK_KEEP_WINE=1)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "installers" / "windows"))
    import wine  # installers/windows/wine.py: the prefix, its locale and its quirks

    box = wine.Prefix(args.scratch / "wine", wine.chinese_locale(args.scratch / "locale"),
                      display=os.environ.get("DISPLAY"))
    program = box.local_appdata / "Programs" / "g60desk"
    work = Path(tempfile.mkdtemp(prefix="g60wine-start-"))
    (work / "probe.py").write_text(PROBE, encoding="utf-8")
    sample = work / "sample2026.g60"
    box.run(program / "g60desk-cli.exe", "sample", "2026", "-o", wine.windows_path(sample), cwd=work)
    env = {"G60DESK_HOME": wine.windows_path(work / "home")}
    found: dict[str, list[dict[str, float]]] = {"bare": [], "g60desk": []}
    for round_ in range(args.rounds + 1):   # the first round warms the disk cache and Wine
        for which in ("bare", "g60desk"):
            out = work / f"{which}.json"
            out.unlink(missing_ok=True)
            extra = [wine.windows_path(sample)] if which == "g60desk" else []
            box.run(program / "python" / "python.exe", wine.windows_path(work / "probe.py"), which,
                    wine.windows_path(out), *extra, cwd=work, env=env, timeout=300)
            if not out.exists():
                raise SystemExit(f"{which}: the probe wrote nothing (is DISPLAY an X server? is ICU provided?)")
            if round_:
                found[which].append(json.loads(out.read_text()))
        time.sleep(0.5)
    bare, program_ = found["bare"], found["g60desk"]
    for key, what in (("painted", "first paint"), ("ready", "everything loaded, idle"), ("cpu", "CPU until idle")):
        ratios = [g[key] / b["painted" if key == "ready" else key] for b, g in zip(bare, program_)]
        print(f"{what:<26} g60desk {statistics.median(g[key] for g in program_) * 1000:6.0f} ms  "
              f"bare {statistics.median(b['painted' if key == 'ready' else key] for b in bare) * 1000:6.0f} ms  "
              f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})")


if __name__ == "__main__":
    main()
