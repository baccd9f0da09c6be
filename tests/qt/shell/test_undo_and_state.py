"""The services' commands on a QUndoStack, and the window state kept between runs (clamped to the screen)."""
from __future__ import annotations

import contextlib

from PySide6.QtCore import QRect
from PySide6.QtGui import QUndoStack

from g60desk.qt.shell import settings_state
from g60desk.qt.shell.undo_bridge import UndoBridge
from g60desk.services.undo import ValueCommand
from g60desk.store import StorageError


class Box:
    def __init__(self):
        self.value = "旧"
        self.fail = False
        self.applied = []

    def apply(self, value):
        if self.fail:
            raise StorageError("磁盘已满或无法写入，文件“x.g60”的这次修改没有保存：请腾出磁盘空间后重试。")
        self.value = value
        self.applied.append(value)


def test_push_runs_redo_once_then_undo_and_redo_follow_the_stack(qtbot):
    bridge = UndoBridge()
    box = Box()
    bridge.push(ValueCommand("修改名称", box.apply, "旧", "新"))
    assert box.applied == ["新"] and bridge.stack.count() == 1 and bridge.stack.undoText() == "修改名称"
    bridge.undo()
    assert box.value == "旧"
    bridge.redo()
    assert box.applied == ["新", "旧", "新"]


def test_a_refused_first_step_never_reaches_the_stack(qtbot):
    bridge = UndoBridge()
    box = Box()
    box.fail = True
    with contextlib.suppress(StorageError):
        bridge.push(ValueCommand("修改名称", box.apply, "旧", "新"))
    assert bridge.stack.count() == 0 and box.value == "旧"


def test_a_failed_undo_is_reported_and_the_history_dropped(qtbot):
    bridge = UndoBridge(QUndoStack())
    box = Box()
    bridge.push(ValueCommand("修改名称", box.apply, "旧", "新"))
    box.fail = True
    with qtbot.waitSignal(bridge.failed) as blocker:
        bridge.undo()
    assert blocker.args[0].startswith("撤销没有完成：磁盘已满")
    assert box.value == "新"                              # the file still holds the last good state
    qtbot.waitUntil(lambda: bridge.stack.count() == 0)


def test_clamped_moves_and_shrinks_a_window_into_a_smaller_screen():
    screen = QRect(0, 0, 1366, 738)
    assert settings_state.clamped(QRect(1500, 900, 1600, 1000), screen) == QRect(0, 0, 1366, 738)
    assert settings_state.clamped(QRect(800, 100, 800, 600), screen) == QRect(566, 100, 800, 600)
    assert settings_state.clamped(QRect(-50, -20, 400, 300), screen) == QRect(0, 0, 400, 300)


def test_window_state_is_kept_in_the_data_folder_keyed_by_qt_version(make_window, isolated_home, qtbot):
    window = make_window()
    window.resize(700, 500)
    window.form.mainSplitter.setSizes([250, 450])
    saved = window.form.mainSplitter.sizes()
    window.save_state()
    state_file = isolated_home / settings_state.STATE_FILE
    from PySide6.QtCore import qVersion
    assert f"qt{qVersion()}" in state_file.read_text(encoding="latin-1")
    from g60desk.qt.shell.main_window import MainWindow
    again = MainWindow()
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (700, 500)
    again.show()
    qtbot.waitUntil(again.isVisible)
    assert again.form.mainSplitter.sizes() == saved


def test_a_window_saved_on_a_bigger_screen_is_brought_inside_this_one(make_window, qtbot):
    window = make_window()
    available = window.screen().availableGeometry()
    window.setGeometry(available.right() - 100, available.bottom() - 100,
                       available.width() + 400, available.height() + 300)
    window.save_state()
    from g60desk.qt.shell.main_window import MainWindow
    again = MainWindow()
    qtbot.addWidget(again)
    assert available.contains(again.geometry()), (again.geometry(), available)


def test_the_first_window_leaves_room_for_its_title_bar_on_a_small_screen(qtbot, isolated_home):
    from PySide6.QtWidgets import QApplication

    from g60desk.qt.shell.main_window import MainWindow
    window = MainWindow()                      # nothing saved: the first start
    qtbot.addWidget(window)
    available = QApplication.primaryScreen().availableGeometry()
    frame_w, frame_h = settings_state.FRAME_ALLOWANCE
    client = window.geometry()
    # a window manager draws the title bar above the client area: there must be room for it on the screen
    border = frame_w // 2
    assert client.top() - available.top() >= frame_h - border
    assert client.bottom() + border <= available.bottom()
    assert available.left() <= client.left() and client.right() <= available.right()
