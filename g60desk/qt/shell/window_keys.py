"""The window's keys for the whole file (新建, 打开, 另存为, 导出报送文件, 打印, 审核, F6, F1 …) work from any field.

Qt's text fields claim some of them before the window sees them: in the X11 key scheme of 信创 Linux desktops
Ctrl+E moves a line edit's cursor to the end of the line, so 导出报送文件 did nothing while the cursor was in
a field. The keys of the listed actions are taken back from every widget of the window."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class WindowKeysFirst(QObject):
    """An application event filter, owned by (and removed with) ``window``."""

    def __init__(self, window: QWidget, actions: list[QAction]):
        super().__init__(window)
        self._window = window
        self._actions = actions
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _is_window_key(self, event: QKeyEvent) -> bool:
        combination = QKeyCombination(event.modifiers(), Qt.Key(event.key()))
        # QKeySequence[i] is the i-th key combination (PySide6's stub has no __getitem__)
        return any(action.isEnabled() and sequence.count() == 1
                   and sequence[0] == combination  # type: ignore[index]
                   for action in self._actions for sequence in action.shortcuts())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QWidget)
                and watched.window() is self._window and isinstance(event, QKeyEvent)
                and self._is_window_key(event)):
            event.ignore()       # not claimed by the field: Qt goes on to the window's shortcut
            return True
        return False
