"""Window, splitter and column state kept between runs (QSettings, keyed by Qt version, clamped to the screen).

Everything else a user sets lives in g60desk.settings (declared once). This file only keeps how the
window looked; the QSettings file sits in the user's data folder so tests and portable installs stay
apart from each other.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, qVersion
from PySide6.QtWidgets import QApplication, QHeaderView, QMainWindow, QSplitter, QWidget

from ...paths import data_dir

STATE_FILE = "window-state.ini"


_OPEN: list[QSettings] = []


def _settings() -> QSettings:
    """The state file, read once (again only when the data folder changes: tests each have their own)."""
    path = str(data_dir() / STATE_FILE)
    if not _OPEN or _OPEN[0].fileName() != path:
        _OPEN[:] = [QSettings(path, QSettings.Format.IniFormat)]
    return _OPEN[0]


def flush() -> None:
    """Write what was saved to the state file, once (the window saves five things on quit)."""
    _settings().sync()


def _key(name: str, what: str) -> str:
    # Qt's saved state formats change between versions: a state from another Qt is ignored, not misread.
    return f"qt{qVersion()}/{name}/{what}"


def _read(name: str, what: str) -> QByteArray | None:
    value = _settings().value(_key(name, what))
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def _write(name: str, what: str, value: QByteArray) -> None:
    _settings().setValue(_key(name, what), value)   # on disk at flush() (or when Qt writes it by itself)


def save_window(name: str, window: QMainWindow) -> None:
    _write(name, "geometry", window.saveGeometry())
    _write(name, "state", window.saveState())


def restore_window(name: str, window: QMainWindow) -> bool:
    """Restore geometry and docks; returns False when nothing was saved (the caller sizes the window)."""
    geometry = _read(name, "geometry")
    restored = geometry is not None and window.restoreGeometry(geometry)
    state = _read(name, "state")
    if state is not None:
        window.restoreState(state)
    clamp_to_screen(window)
    return restored


def save_splitter(name: str, splitter: QSplitter) -> None:
    _write(name, "splitter", splitter.saveState())


def restore_splitter(name: str, splitter: QSplitter) -> None:
    state = _read(name, "splitter")
    if state is not None:
        splitter.restoreState(state)


def save_header(name: str, header: QHeaderView) -> None:
    _write(name, "header", header.saveState())


def restore_header(name: str, header: QHeaderView) -> None:
    state = _read(name, "header")
    if state is not None:
        header.restoreState(state)


def clamped(rect: QRect, available: QRect) -> QRect:
    """``rect`` moved and shrunk so that it lies inside ``available`` (a smaller screen than last time)."""
    width = min(rect.width(), available.width())
    height = min(rect.height(), available.height())
    left = min(max(rect.left(), available.left()), available.right() - width + 1)
    top = min(max(rect.top(), available.top()), available.bottom() - height + 1)
    return QRect(left, top, width, height)


#: room left on the screen for a window's frame and title bar, which Qt does not know before the window is shown
FRAME_ALLOWANCE = (16, 48)


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Give a new window its preferred size, but no larger than the screen it will open on (its parent's, else
    the primary one) less room for the frame: a 1000-pixel-high preview on a 1366×768 laptop keeps its lower
    edge and scroll bar on the screen."""
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - FRAME_ALLOWANCE[0])
        height = min(height, available.height() - FRAME_ALLOWANCE[1])
    window.resize(width, height)


def place_first_time(window: QWidget, width: int, height: int) -> None:
    """A window never opened before: its preferred size within the screen, centred, its client area placed
    below room for the title bar. (A client area put at the screen's top edge left the title bar above the
    screen, where the clerk cannot grab it.)"""
    resize_within_screen(window, width, height)
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame_w, frame_h = FRAME_ALLOWANCE
    side, bottom = frame_w // 2, frame_w // 2
    left = available.left() + side + max(0, (available.width() - frame_w - window.width()) // 2)
    top = available.top() + (frame_h - bottom) + max(0, (available.height() - frame_h - window.height()) // 2)
    window.setGeometry(left, top, window.width(), window.height())


def clamp_to_screen(window: QWidget) -> None:
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    inner = QRect(available.left(), available.top(), available.width() - extra_w, available.height() - extra_h)
    target = clamped(window.geometry(), inner)
    if target != window.geometry():
        window.setGeometry(target)
