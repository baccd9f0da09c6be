"""Starting the window: the QApplication (names, Chinese, a CJK font), logging, the crash dialog, and
which file to open (``g60desk [FILE]``: the file given, else the last one, else a copy of the 2026 sample)."""
from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from collections import deque
from datetime import datetime
from pathlib import Path
from typing import NoReturn, cast

from PySide6.QtCore import QLocale, QMessageLogContext, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ... import paths, settings
from ...errors import UserError
from ...resources_path import resource
from .translations import install_translations

log = logging.getLogger("g60desk")

APP_NAME = "g60desk"
TEST_APP_NAME = "g60desk-test"
SAMPLE_NAME = "样例2026.g60"
#: UI fonts that show Chinese well, in order of preference (Windows, macOS, 信创 Linux, generic Linux)
CJK_UI_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
                   "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "SimSun")
BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")


def application_name() -> str:
    # tests never read or write the real user's settings and window state
    return TEST_APP_NAME if os.environ.get("G60DESK_TESTING") == "1" else APP_NAME


def configure_application(app: QApplication) -> None:
    """Names, Chinese for Qt's own dialogs and buttons, and a UI font that has the Chinese glyphs."""
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(application_name())
    icon = resource("icons", "g60desk.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translations(app)
    configure_font(app)


def set_version(app: QApplication) -> None:
    """The version, which a checkout asks git for (three processes; a build has it stamped): after the first
    paint, since nothing on the first screen shows it."""
    from ...version import version
    app.setApplicationVersion(version())


def configure_font(app: QApplication) -> None:
    """Prefer a Chinese UI font of the machine; when there is none, use the bundled 文泉驿微米黑."""
    families = set(QFontDatabase.families())
    chosen = [f for f in CJK_UI_FAMILIES if f in families]
    if not chosen:
        font_id = QFontDatabase.addApplicationFont(str(resource(*BUNDLED_FONT)))
        chosen = list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
    if not chosen:
        log.warning("no CJK font found: Chinese text may show as boxes")
        return
    font = QFont(app.font())
    font.setFamilies(chosen)
    if font.pointSizeF() < 9:
        font.setPointSizeF(9)
    app.setFont(font)


# ---- logs and the crash dialog ----------------------------------------------------------------------

def log_dir() -> Path:
    return paths.ensure_data_dir() / "logs"


def setup_logging() -> Path:
    import logging.handlers  # sockets, pickle, queues …: after the first paint
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "g60desk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


#: Qt's last words, for a log that is set up only after the first paint (no_window)
_recent_qt_messages: deque[str] = deque(maxlen=8)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    _recent_qt_messages.append(message)
    logging.getLogger("qt").log(level, message)


def write_crash_log(text: str) -> Path:
    """The traceback in logs/crash-YYYYMMDD-HHMMSS.log of the data folder; returns its path."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
    from ...version import version
    path.write_text(f"g60desk {version()}  {datetime.now().isoformat()}\n"
                    f"Python {sys.version.split()[0]}  {sys.platform}\n\n{text}", encoding="utf-8")
    return path


def crash_box(details: str, log_path: Path) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, "程序出现意外问题",
                      "程序遇到了一个意外的问题。\n\n"
                      "您录入的内容在每次修改后都已保存在文件中，不会丢失。\n\n"
                      f"问题的详细记录已写入：\n{log_path}\n"
                      "请把这个文件发给技术支持人员。\n\n"
                      "可以继续使用；如果问题再次出现，请退出后重新打开程序。")
    box.setObjectName("crashBox")
    box.setDetailedText(details)
    box.addButton("继续使用", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("打开日志文件夹", QMessageBox.ButtonRole.HelpRole)
    box.addButton("退出程序", QMessageBox.ButtonRole.DestructiveRole)
    return box


class CrashHandler:
    """sys.excepthook for the window: log, tell the clerk the data is safe, let them continue or quit."""

    def __init__(self) -> None:
        self._showing = False

    def __call__(self, kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", details)
        try:
            path = write_crash_log(details)
        except OSError:
            path = log_dir()
        if self._showing or QApplication.instance() is None:
            sys.__excepthook__(kind, value, tb)
            return
        self._showing = True
        try:
            self.show(details, path)
        finally:
            self._showing = False

    def show(self, details: str, path: Path) -> None:
        box = crash_box(details, path)
        box.exec()
        role = box.buttonRole(box.clickedButton()) if box.clickedButton() else None
        if role == QMessageBox.ButtonRole.HelpRole:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        elif role == QMessageBox.ButtonRole.DestructiveRole:
            QApplication.exit(1)


# ---- which file ---------------------------------------------------------------------------------------

def start_file(file: str | None) -> Path:
    """The CLI contract: FILE when given; else the last file when it still exists; else the copy of the
    2026 sample in the data folder (made on first start)."""
    if file:
        return Path(file)
    last = settings.get("last_file")
    if last and Path(last).is_file():
        return Path(last)
    return sample_copy()


def sample_copy() -> Path:
    from ...services.documents import write_sample

    path = paths.ensure_data_dir() / SAMPLE_NAME
    if not path.exists():
        write_sample("2026", path)
    return path


def no_window(app: QApplication) -> NoReturn:
    """The system gave the window no native window (Windows refused CreateWindowEx: no desktop for this
    session, its heap exhausted; Wine without a display): nothing would ever show, and the process would
    wait unseen for a close that cannot come. Say so in the log and as one line, open no file, and end."""
    path = setup_logging()
    log.error("the main window could not be created (Qt platform %s): nothing opened, the program ends; Qt said: %s",
              app.platformName(), " | ".join(_recent_qt_messages))
    raise UserError(f"程序窗口无法创建（系统没有给出窗口），程序已退出，没有打开也没有改动任何文件。"
                    f"请重新登录或重启电脑后再试；仍然如此时，请把日志文件 {path} 发给技术支持人员。")


def run(file: str | None = None) -> int:
    """Open the window on ``file`` (see start_file) and run until it is closed; returns the exit code.

    The window is painted first, with the file's tree; the 审核, the editors and the log file come right after
    (MainWindow.open_path(first_paint=True)), so that it shows as soon as a bare Qt window would."""
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv))   # tests may have made it
    configure_application(app)
    qInstallMessageHandler(_qt_message)
    sys.excepthook = CrashHandler()
    signal.signal(signal.SIGINT, signal.SIG_DFL)   # Ctrl+C in a terminal closes the window
    from .main_window import MainWindow

    window = MainWindow()
    window.show()
    if not window.internalWinId():
        no_window(app)
    window.after_first_paint(setup_logging)
    window.after_first_paint(lambda: set_version(app))
    try:
        path = start_file(file)
    except Exception as exc:  # noqa: BLE001 - the sample could not be written: the window still opens
        log.exception("no start file")
        window.warn("打开", getattr(exc, "message", str(exc)))
    else:
        window.open_path(path, first_paint=True)
    return app.exec()
