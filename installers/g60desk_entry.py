"""The bundled program's first Python code: PyInstaller's entry script (Linux bundle) and the __main__.py
inside the Windows launchers g60desk.exe / g60desk-cli.exe (installers/windows/build_windows.py).

It is `g60desk.cli:main` — the same command as the pip-installed `g60desk` — plus two things only a
bundle needs:

* the windowed Windows executable (g60desk.exe) has no console, so sys.stdout/sys.stderr are None there:
  they are pointed at os.devnull so that a verb given to it (``g60desk.exe info x.g60``) cannot crash on
  print(); clerks and scripts use g60desk-cli.exe for the verbs;
* ``G60DESK_SMOKE_QUIT_MS=N``: the window closes itself N ms after the event loop starts and reports the
  titles of its visible windows (on stdout, or appended to the file named by ``G60DESK_SMOKE_REPORT``).
  ``G60DESK_SMOKE_SCREENSHOT=FILE.png`` also saves a picture of the main window then. Should anything
  hang, a watchdog writes every thread's traceback into the report 30 s later and ends the process.
  installers/build.py uses them to prove the bundled window starts; without them nothing changes.
"""
from __future__ import annotations

import os
import sys


def _quiet_missing_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - open for the process's life


_watchdog_file = None


def _smoke_report(line: str) -> None:
    target = os.environ.get("G60DESK_SMOKE_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(line + "\n")
    else:
        print(line, flush=True)


def _install_smoke_quit(delay_ms: int) -> None:
    """Wrap QApplication.exec so that the loop ends by itself after delay_ms (Qt only imported here)."""
    import faulthandler

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec
    # Whatever hangs, the tracebacks of every thread go to the report: faulthandler's watchdog is a C thread
    # that needs neither the event loop nor the interpreter lock. Its exit ends the process on Linux; on
    # Windows it can hang in shiboken6's DLL detach while the main thread holds the lock (seen under Wine),
    # so a caller still needs a timeout of its own (tests/installers/test_windows_build.py has one).
    global _watchdog_file
    target = os.environ.get("G60DESK_SMOKE_REPORT")
    _watchdog_file = open(target, "a", encoding="utf-8") if target else sys.stderr  # noqa: SIM115 - kept open
    faulthandler.dump_traceback_later(delay_ms / 1000 + 30, exit=True, file=_watchdog_file)

    def finish() -> None:
        app = QApplication.instance()
        visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        _smoke_report(f"g60desk smoke: platform={app.platformName()} windows={[w.windowTitle() for w in visible]!r}")
        shot = os.environ.get("G60DESK_SMOKE_SCREENSHOT")
        if shot and visible:    # the main window first: what a clerk sees
            main = sorted(visible, key=lambda w: w.metaObject().className() != "MainWindow")[0]
            main.grab().save(shot)
        # Qt closes a top-level window through QWindow.close(), which does nothing when the window has no
        # native one (CreateWindowEx failed: seen under Wine without a display); closeAllWindows() and quit()
        # then start over as long as a visible window is left — forever. What close() left visible is hidden.
        for window in visible:
            window.close()
            if window.isVisible():
                window.hide()
        app.quit()

    def exec_with_deadline(*_args):
        QTimer.singleShot(delay_ms, finish)
        return original_exec()     # QApplication.exec is static in PySide6: app.exec() passes no self

    QApplication.exec = exec_with_deadline


def main() -> int:
    _quiet_missing_streams()
    delay = os.environ.get("G60DESK_SMOKE_QUIT_MS", "").strip()
    if delay.isdigit():
        _install_smoke_quit(int(delay))
    from g60desk.cli import main as g60desk_main

    return g60desk_main()


if __name__ == "__main__":
    sys.exit(main())
