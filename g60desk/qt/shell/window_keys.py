"""The window's keys for the whole file (新建, 打开, 另存为, 导出报送文件, 打印, 审核, F6, F1 …) work from any field.

Qt's text fields claim some of them before the window sees them: in the X11 key scheme of 信创 Linux desktops
Ctrl+E moves a line edit's cursor to the end of the line, so 导出报送文件 did nothing while the cursor was in
a field. The keys of the listed actions are taken back from every widget of the window."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class WindowKeysFirst(QObject):
    """An event filter on the widget that has the keyboard focus (moved with it), owned by (and removed with)
    ``window``.

    Qt asks the focus widget first whether it claims a key (ShortcutOverride), so the focus widget is the one place
    to take the window's keys back. An application-wide filter did the same but brought every event of every
    object of the program into Python (some 4,000 during a start, and a tenth of its CPU time)."""

    def __init__(self, window: QWidget, actions: list[QAction]):
        super().__init__(window)
        self._window = window
        self._actions = actions
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
            self._follow_focus(None, app.focusWidget())

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self):
            return
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = new
        if new is not None:
            new.installEventFilter(self)

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
