#!/usr/bin/env python3
"""Screenshots of the window on both samples at 1366×768 and 1920×1080, for anyone to look at.

    python3 dev.py shots            (or: .venv/bin/python scripts/screenshots.py [--out DIR])

Runs a real X window: under the current DISPLAY, or under an Xvfb it starts itself when there is
none. Uses a temporary data folder, so the user's settings and recent files are not touched.
Writes PNGs to screenshots/ (git-ignored): the form tabs 基本信息 / 绩效目标 / 经费情况说明, the
department page, a project without its own form, and the 审核 dock after jumping to a finding.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = ((1366, 768), (1920, 1080))
XVFB_DISPLAY = ":99"


def start_xvfb() -> subprocess.Popen | None:
    """An Xvfb on :99 when no display is set; None when one is already there."""
    if os.environ.get("DISPLAY"):
        return None
    if not shutil.which("Xvfb"):
        sys.exit("screenshots: no DISPLAY and no Xvfb (apt-get install xvfb), cannot open a window")
    server = subprocess.Popen(["Xvfb", XVFB_DISPLAY, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = Path(f"/tmp/.X11-unix/X{XVFB_DISPLAY[1:]}")
    for _ in range(100):
        if socket.exists() or server.poll() is not None:
            break
        time.sleep(0.05)
    if server.poll() is not None:
        sys.exit("screenshots: Xvfb did not start (is display :99 taken?)")
    os.environ["DISPLAY"] = XVFB_DISPLAY
    return server


class Shooter:
    def __init__(self, out: Path):
        from PySide6.QtWidgets import QApplication

        from g60desk.qt.shell.app import configure_application

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        configure_application(self.app)
        self.out = out
        self.saved: list[Path] = []

    def settle(self, seconds: float = 0.25) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def save(self, window, name: str) -> None:
        self.settle()
        path = self.out / f"{name}.png"
        window.grab().save(str(path))
        self.saved.append(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    def shoot_sample(self, year: str, size: tuple[int, int], folder: Path) -> None:
        from PySide6.QtWidgets import QTabWidget

        from g60desk.exchange.samples import sample_document
        from g60desk.qt.shell.main_window import MainWindow
        from g60desk.store import Store

        # a fresh data folder per shot: each size starts with the first-start layout, not the last window's
        home = folder / f"home-{year}-{size[0]}"
        home.mkdir(exist_ok=True)
        os.environ["G60DESK_HOME"] = str(home)
        path = folder / f"样例{year}-{size[0]}.g60"
        Store.create(path, sample_document(year), overwrite=True).close()
        window = MainWindow()
        window.setGeometry(0, 0, *size)
        window.show()
        window.open_path(path)
        tag = f"{year}-{size[0]}x{size[1]}"
        doc = window.session.doc
        declared = [node for _, node in doc.iter_nodes() if node.declared]
        node = declared[0]
        window.select(node)
        tabs = window.editor.findChild(QTabWidget) if window.editor else None
        for i, name in enumerate(("basic", "goals", "explanation")):
            if tabs is not None and i < tabs.count():
                tabs.setCurrentIndex(i)
            self.save(window, f"{tag}-{i + 1}-{name}")
        window.select(doc.departments[0])
        self.save(window, f"{tag}-4-department")
        grouping = next((n for _, n in doc.iter_nodes() if not n.declared), None)
        if grouping is not None:
            window.select(grouping)
            self.save(window, f"{tag}-5-project-without-form")
        self.shoot_findings(window, tag)
        window.close()
        self.settle(0.1)

    def shoot_findings(self, window, tag: str) -> None:
        panel = window.findings
        if panel is None or panel.proxy.rowCount() == 0:
            return
        window.findings_dock.show()
        index = panel.proxy.index(0, 0)
        panel.form.findingsView.setCurrentIndex(index)
        finding = panel.selected_finding()
        window.go_to_place(tuple(finding.path), finding.field)
        panel.form.findingsView.setCurrentIndex(index)
        self.save(window, f"{tag}-6-findings-jump")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--year", choices=("2022", "2026"), action="append")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    server = start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    home = Path(tempfile.mkdtemp(prefix="g60shots-"))
    os.environ["G60DESK_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    try:
        shooter = Shooter(args.out)
        for year in args.year or ("2026", "2022"):
            for size in SIZES:
                shooter.shoot_sample(year, size, home)
        print(f"{len(shooter.saved)} screenshots in {args.out}")
        return 0
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
