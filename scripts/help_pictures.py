#!/usr/bin/env python3
"""The pictures of 帮助 → 使用说明, taken from the real window on the 2026 sample at 1366×768.

    .venv/bin/python scripts/help_pictures.py        (writes resources/help/*.png)

Run it again when the window changes; `tests/qt/shell/test_help.py` checks that the help names only pictures
that exist. Uses an Xvfb of its own (see screenshots.py) and a temporary data folder.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "help"
WIDTH = 960   # shown at this width in the help window; ASCII names travel safely into zips and installers


def main() -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT))
    from screenshots import Shooter, start_xvfb

    server = start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    home = Path(tempfile.mkdtemp(prefix="g60help-"))
    os.environ["G60DESK_HOME"] = str(home)
    try:
        shoot(Shooter(OUT), home)
        return 0
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if server is not None:
            server.terminate()
            server.wait()


def save(shooter, widget, name: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    shooter.settle(0.4)
    image = widget.grab().toImage()
    if image.width() > WIDTH:
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    path = OUT / f"{name}.png"
    indexed = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    indexed.save(str(path), "PNG", 9)
    print(path.relative_to(ROOT), f"{path.stat().st_size // 1024} KB")


def shoot(shooter, home: Path) -> None:
    from PySide6.QtWidgets import QTabWidget

    from g60desk.exchange.submit import run_checks
    from g60desk.qt.exchange.submit_dialog import SubmitDialog
    from g60desk.qt.printing.preview import open_print_preview
    from g60desk.qt.shell.main_window import MainWindow
    from g60desk.services.documents import write_sample

    OUT.mkdir(parents=True, exist_ok=True)
    path = home / "2026年上海市松江区长三角G60科创走廊创新研究中心.g60"
    write_sample("2026", path)
    window = MainWindow()
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    window.open_path(path)
    doc = window.session.doc
    node = next(n for _, n in doc.iter_nodes() if n.declared)
    window.select(node)
    tabs = window.editor.findChild(QTabWidget)
    for index, name in enumerate(("1-form", "2-goals")):
        tabs.setCurrentIndex(index)
        save(shooter, window, name)
    panel = window.findings
    window.findings_dock.show()
    first = panel.proxy.index(0, 0)
    panel.form.findingsView.setCurrentIndex(first)
    finding = panel.selected_finding()
    window.go_to_place(tuple(finding.path), finding.field)
    panel.form.findingsView.setCurrentIndex(first)
    save(shooter, window, "4-checks")
    preview = open_print_preview(window, doc, None)
    preview.resize(1100, 740)
    save(shooter, preview, "5-print")
    preview.close()
    dialog = SubmitDialog(run_checks(doc), window)
    dialog.show()
    save(shooter, dialog, "6-submit")
    dialog.close()
    older = home / "2022年上海市松江区科创发展办公室.g60"    # the 2022 sample itemises its budget lines
    write_sample("2022", older)
    window.open_path(older)
    window.select(next(n for _, n in window.session.doc.iter_nodes() if n.declared))
    window.editor.findChild(QTabWidget).setCurrentIndex(2)
    save(shooter, window, "3-budget")
    window.close()
    shooter.settle(0.1)


if __name__ == "__main__":
    sys.exit(main())
