"""Window tests: the application named for tests, Qt's offscreen quirk ignored, windows on sample copies."""
from __future__ import annotations

from pathlib import Path

import pytest

#: the offscreen platform cannot do what a window system does (resize a native window to a main window's
#: size hints, raise a window, grab the keyboard for a popup) and says so: limits of the test platform,
#: not faults of the program
OFFSCREEN_NOISE = r"^This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the (keyboard|mouse))"


def pytest_collection_modifyitems(config, items):
    marker = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
    for item in items:
        if "tests/qt" in str(item.path).replace("\\", "/"):
            item.add_marker(marker)


@pytest.fixture(autouse=True)
def application(qapp):
    from g60desk.qt.shell.app import configure_application
    configure_application(qapp)
    return qapp


class Answers:
    """What the clerk answers in message boxes, and what the boxes said."""

    def __init__(self):
        self.warnings: list[tuple[str, str]] = []
        self.confirmations: list[str] = []
        self.confirm = True


@pytest.fixture
def answers():
    return Answers()


@pytest.fixture
def make_window(qtbot, answers, monkeypatch):
    """A MainWindow on a file (or none); message boxes answered from ``answers``."""
    from g60desk.qt.shell.main_window import MainWindow

    def warn(self, title, text):
        answers.warnings.append((title, text))

    def confirm(self, title, text, yes):
        answers.confirmations.append(text)
        return answers.confirm

    monkeypatch.setattr(MainWindow, "warn", warn)
    monkeypatch.setattr(MainWindow, "confirm", confirm)
    windows = []

    def make(path: Path | None = None) -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)   # shortcuts (Ctrl+Z, Del, Ctrl+Up) need the active window
        if path is not None:
            assert window.open_path(path), answers.warnings
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close_document()


def _tree_rows(window_or_model, parent=None, depth=0) -> list[str]:
    """The tree as a clerk reads it: one line per row, indented by level, name and 万元."""
    from PySide6.QtCore import QModelIndex
    model = getattr(window_or_model, "tree_model", window_or_model)
    parent = parent if parent is not None else QModelIndex()
    lines = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        total = model.index(row, 1, parent).data()
        lines.append("  " * depth + index.data() + (f" {total}" if total else ""))
        lines.extend(_tree_rows(model, index, depth + 1))
    return lines


def _reopen(path: Path):
    from g60desk.store import Store
    with Store.open(path, readonly=True) as store:
        return store.load()


@pytest.fixture
def tree_rows():
    return _tree_rows


@pytest.fixture
def reopen():
    """The document as it is in the file now (a fresh read, as after closing and opening again)."""
    return _reopen
