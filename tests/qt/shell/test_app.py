"""Start-up pieces: application names for tests, Chinese and a CJK font, the crash dialog and its log."""
from __future__ import annotations

import json
import sys

from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication, QMessageBox

from g60desk.qt.shell import app as app_module


def test_tests_use_their_own_application_name(application):
    assert QApplication.applicationName() == "g60desk-test"
    assert QApplication.organizationName() == "g60desk"


def test_the_ui_font_has_chinese_glyphs(application):
    font = QApplication.font()
    assert QFontMetrics(font).inFontUcs4(ord("审"))
    assert any(f in QFontDatabase.families() for f in font.families())


def test_crash_log_is_written_in_the_data_folder_and_named_in_the_dialog(isolated_home):
    try:
        raise RuntimeError("测试用的意外")
    except RuntimeError:
        details = "".join(__import__("traceback").format_exception(*sys.exc_info()))
    path = app_module.write_crash_log(details)
    assert path.parent == isolated_home / "logs"
    assert "RuntimeError: 测试用的意外" in path.read_text(encoding="utf-8")
    box = app_module.crash_box(details, path)
    assert str(path) in box.text()
    assert "不会丢失" in box.text()
    assert {"继续使用", "打开日志文件夹", "退出程序"} <= {b.text() for b in box.buttons()}
    assert "测试用的意外" in box.detailedText()


def test_crash_handler_logs_and_shows_the_box(isolated_home, monkeypatch):
    shown = []
    handler = app_module.CrashHandler()
    monkeypatch.setattr(handler, "show", lambda details, path: shown.append((details, path)))
    try:
        {}["缺少的键"]
    except KeyError:
        handler(*sys.exc_info())
    (details, path), = shown
    assert "KeyError" in details and path.is_file() and path.parent == isolated_home / "logs"


def test_crash_box_quit_button_ends_the_program(isolated_home, monkeypatch):
    exits = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda self: next(b for b in self.buttons() if b.text() == "退出程序").click() or 0)
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    app_module.CrashHandler().show("Traceback …", isolated_home / "logs" / "crash.log")
    assert exits == [1]


def test_run_opens_the_sample_on_first_start_and_exits_cleanly(tmp_path, monkeypatch):
    """``g60desk`` with no file on a new PC: the window opens on a copy of the 2026 sample and stays up."""
    import os
    import subprocess
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from g60desk.qt.shell import app\n"
        "def check():\n"
        "    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == 'MainWindow')\n"
        "    print('TITLE', window.windowTitle(), flush=True)\n"
        "    window.close()\n"
        "configure = app.configure_application\n"
        "def configure_then_check(qapp):\n"          # the timer needs the application to exist
        "    configure(qapp)\n"
        "    QTimer.singleShot(1500, check)\n"
        "app.configure_application = configure_then_check\n"
        "sys.exit(app.run(None))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", G60DESK_HOME=str(tmp_path), G60DESK_TESTING="1")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "TITLE 样例2026.g60 — 2026 年度 — 项目支出绩效目标申报" in result.stdout
    assert (tmp_path / "样例2026.g60").is_file()
    assert not (tmp_path / "样例2026.g60.lock").exists()          # released on close
    assert (tmp_path / "logs" / "g60desk.log").is_file()
    from g60desk import settings
    monkeypatch.setenv("G60DESK_HOME", str(tmp_path))
    assert settings.get("last_file") == str((tmp_path / "样例2026.g60").resolve())


def test_a_window_the_system_cannot_create_ends_the_program_with_one_line(tmp_path, sample_copy, monkeypatch):
    """Windows (or Wine without a display) refusing the native window: the program says so and ends, opening
    nothing — before, it waited unseen forever, and would have held the document's writer lock meanwhile."""
    import os
    import subprocess
    document = sample_copy("2026")
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from g60desk.qt.shell import app, main_window\n"
        "main_window.MainWindow.internalWinId = lambda self: 0\n"     # what Qt reports when CreateWindowEx failed
        "configure = app.configure_application\n"
        "def configure_then_limit(qapp):\n"
        "    configure(qapp)\n"
        "    QTimer.singleShot(5000, qapp.quit)\n"      # a program that waits on is ended here: exit status 0
        "app.configure_application = configure_then_limit\n"
        "from g60desk.cli import main\n"
        f"sys.exit(main([{str(document)!r}]))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", G60DESK_HOME=str(tmp_path / "home"), G60DESK_TESTING="1")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, (result.stdout, result.stderr)
    [line] = [line for line in result.stderr.splitlines() if line.startswith("g60desk：")]
    assert "程序窗口无法创建" in line and "没有打开也没有改动任何文件" in line and "Traceback" not in result.stderr
    log = tmp_path / "home" / "logs" / "g60desk.log"
    assert str(log) in line and "the main window could not be created" in log.read_text(encoding="utf-8")
    assert not document.with_name(document.name + ".lock").exists()       # the file was never opened
    monkeypatch.setenv("G60DESK_HOME", str(tmp_path / "home"))
    from g60desk import settings
    assert not settings.get("last_file")


def test_the_first_paint_does_not_wait_for_the_version(tmp_path, sample_copy):
    """A checkout asks git for its version (three processes, 20–30 ms here): the window is painted first, and the
    application knows its version once the start is over."""
    import os
    import subprocess
    script = (
        "import json, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from g60desk import version\n"
        "from g60desk.qt.shell import app, main_window\n"
        "seen = {}\n"
        "paint = main_window.MainWindow.paintEvent\n"
        "def paint_event(self, event):\n"
        "    seen.setdefault('asked before the first paint', version.current.cache_info().currsize > 0)\n"
        "    paint(self, event)\n"
        "main_window.MainWindow.paintEvent = paint_event\n"
        "def check():\n"
        "    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == 'MainWindow')\n"
        "    if window.loading:\n"
        "        QTimer.singleShot(10, check)\n"
        "        return\n"
        "    seen['version'] = QApplication.applicationVersion() == version.version() != ''\n"
        "    print(json.dumps(seen), flush=True)\n"
        "    window.close()\n"
        "configure = app.configure_application\n"
        "def configure_then_check(qapp):\n"
        "    configure(qapp)\n"
        "    QTimer.singleShot(10, check)\n"
        "app.configure_application = configure_then_check\n"
        f"sys.exit(app.run({str(sample_copy('2026'))!r}))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", G60DESK_HOME=str(tmp_path), G60DESK_TESTING="1")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"asked before the first paint": False,
                                                                  "version": True}
