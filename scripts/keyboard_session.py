#!/usr/bin/env python3
"""A clerk's keyboard session on the real window, with a real window manager and real key presses.

    .venv/bin/python scripts/keyboard_session.py [--keep DIR] [--display :N|auto] [--report FILE.json]

pytest-qt sends keys straight to a widget and has no window manager, so it cannot see what popups (a
completer's list, a calendar, a menu) and window activation do to the keys. This script starts Xvfb and
openbox, runs g60desk on a copy of the 2026 sample, types with xdotool (and pastes with xclip) as a clerk
would, and checks the result in the .g60 file with sqlite3 and in the window's focus. It prints one line per
check (a failed one with what was expected and what was seen) and exits 1 when one fails or the session
breaks off. tests/qt/test_keyboard_session.py runs it as a slow test, on a display Xvfb finds free.

Needs (Debian): xvfb openbox xdotool xclip (`python3 dev.py test` installs them as root). The Xvfb display is
:97 unless --display (or G60DESK_KEYBOARD_DISPLAY) names another; "auto" lets Xvfb take the first free one.
Each check waits a few seconds for what it expects, so a busy machine does not fail it; a wrong outcome still
fails. The screenshots of each step go to DIR when --keep is given; --report writes every check as JSON.
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISPLAY = ":97"
DISPLAY_VARIABLE = "G60DESK_KEYBOARD_DISPLAY"
TOOLS = ("Xvfb", "openbox", "xdotool", "xclip")
#: how many checks a whole session makes: fewer in a report means the session broke off
CHECKS = 25
#: how long a check waits for what it expects (the file saved, a window come up) before it fails
WITHIN = 10.0

#: Runs inside the program: "touch DIR/grab-NAME" saves the screen as NAME.png, "touch DIR/focus" writes the
#: focused widget's class and name to DIR/focus.txt.
LAUNCHER = r'''
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
folder = Path(sys.argv[2])
app = QApplication(sys.argv[:1])
def poll():
    for request in folder.glob("grab-*"):
        request.unlink()
        app.primaryScreen().grabWindow(0).save(str(folder / (request.name[5:] + ".png")))
    if (folder / "focus").exists():
        (folder / "focus").unlink()
        widget = app.focusWidget()
        (folder / "focus.txt").write_text(f"{type(widget).__name__}:{widget.objectName()}" if widget else "None")
timer = QTimer()
timer.timeout.connect(poll)
timer.start(100)
from g60desk.qt.shell.app import run
sys.exit(run(sys.argv[1]))
'''


def start_xvfb(display: str, log: Path) -> tuple[str, subprocess.Popen]:
    """Xvfb on ``display`` (":N"), or on the first free number for "auto" (-displayfd): (":N", its process)."""
    command = ["Xvfb", "-screen", "0", "1366x768x24", "-nolisten", "tcp"]
    if display != "auto" and Path(f"/tmp/.X{display[1:]}-lock").exists():
        raise SystemExit(f"keyboard_session: display {display} is taken (--display chooses another, or auto)")
    with open(log, "ab") as said:
        if display != "auto":
            server = subprocess.Popen([*command, display], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=said)
            name = display
        else:
            read, write = os.pipe()
            server = subprocess.Popen([*command, "-displayfd", str(write)], pass_fds=(write,),
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=said)
            os.close(write)
            with os.fdopen(read, "rb") as pipe:                 # the number, then (a second write) a newline
                name = ":" + pipe.readline().decode("ascii", "replace").strip()
    socket = Path(f"/tmp/.X11-unix/X{name[1:]}")
    deadline = time.monotonic() + 30
    while server.poll() is None and not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if server.poll() is not None or not socket.exists():
        server.kill()
        server.wait()
        raise SystemExit(f"keyboard_session: Xvfb did not start on {name} (taken? --display chooses another): "
                         f"{log.read_text(errors='replace')[-1000:]}")
    return name, server


class Keymap:
    """A keycode of its own for each character outside the keyboard's layout (Chinese), given before it is first
    typed and kept: an empty one or one of a media key. xdotool would otherwise bind one spare keycode to each
    such character in turn, and a window slow to read the changed keymap (a busy machine) reads the next
    character's binding or none: “三、课题研究” arrived as “三课课题研究” and “已与财政局电话核对” as “已与政局电”
    under three suites' load."""

    SPARE = 4                                                   # empty keycodes left for xdotool's own binding
    VENDOR = range(0x1008FF00, 0x1008FFFF + 1)                  # XF86 media keys: not used by the session

    def __init__(self, display: str):
        x11 = self.x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDisplayKeycodes.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
        x11.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
        x11.XGetKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int,
                                            ctypes.POINTER(ctypes.c_int)]
        x11.XChangeKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                               ctypes.POINTER(ctypes.c_ulong), ctypes.c_int]
        x11.XFree.argtypes = [ctypes.c_void_p]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.connection = x11.XOpenDisplay(display.encode())
        if not self.connection:
            raise RuntimeError(f"cannot open display {display} for its keymap")
        low, high, per = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        x11.XDisplayKeycodes(self.connection, ctypes.byref(low), ctypes.byref(high))
        count = high.value - low.value + 1
        symbols = x11.XGetKeyboardMapping(self.connection, low.value, count, ctypes.byref(per))
        keys = [[symbols[i * per.value + j] for j in range(per.value) if symbols[i * per.value + j]]
                for i in range(count)]
        x11.XFree(symbols)
        empty = [low.value + i for i, key in enumerate(keys) if not key]
        media = [low.value + i for i, key in enumerate(keys) if key and all(k in self.VENDOR for k in key)]
        self.free = media + empty[self.SPARE:]                  # Xvfb's keymap: 91 and 15 of them
        self.given: set[str] = set()

    def give(self, text: str) -> bool:
        """Bind the characters of ``text`` that have no keycode yet (as many as there are keycodes to give): True
        when the keymap changed."""
        new = sorted({c for c in text if ord(c) > 0x7F} - self.given)[:len(self.free)]
        for char in new:
            keysym = 0x01000000 + ord(char)                     # X's keysym for a Unicode character
            self.x11.XChangeKeyboardMapping(self.connection, self.free.pop(), 2, (ctypes.c_ulong * 2)(keysym, keysym),
                                            1)
            self.given.add(char)
        self.x11.XSync(self.connection, 0)
        return bool(new)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.connection)


class Session:
    def __init__(self, folder: Path, display: str, report: Path | None = None):
        self.folder = folder
        self.display = display
        self.report = report
        self.checks: list[dict] = []
        self.broke_off = ""
        self.file = folder / "会话.g60"
        self.processes: list[subprocess.Popen] = []

    @property
    def failures(self) -> list[str]:
        return [c["check"] for c in self.checks if not c["ok"]]

    # ---- the desktop -------------------------------------------------------------------------------
    def start(self) -> None:
        self.display, server = start_xvfb(self.display, self.folder / "xvfb.log")
        self.processes.append(server)
        env = dict(os.environ, DISPLAY=self.display)
        self.env = env
        self.keymap = Keymap(self.display)
        print(f"keyboard_session: Xvfb on {self.display}, files in {self.folder}", flush=True)
        self.processes.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
        time.sleep(1)
        subprocess.run([sys.executable, "-m", "g60desk", "sample", "2026", "-o", str(self.file), "--force"], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        launcher = self.folder / "launcher.py"
        launcher.write_text(LAUNCHER, encoding="utf-8")
        home = self.folder / "home"
        home.mkdir()
        app_env = dict(env, G60DESK_HOME=str(home), QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        self.processes.append(subprocess.Popen([sys.executable, str(launcher), str(self.file), str(self.folder)],
                                               env=app_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        if not self.wait(lambda: " 年度 — " in self.active(), within=90):
            raise RuntimeError(f"the window did not come up within 90 s (active window: {self.active()!r})")
        time.sleep(2)                                           # the other tabs' pages, built on the next turn

    def stop(self) -> None:
        if len(self.processes) == 3:
            subprocess.run(["xdotool", "key", "ctrl+q"], env=self.env, check=False)
            try:
                self.processes[-1].wait(60)                         # saving what was typed can take a while
            except subprocess.TimeoutExpired:
                print("keyboard_session: the window did not close within 60 s of Ctrl+Q", flush=True)
        if hasattr(self, "keymap"):
            self.keymap.close()
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    # ---- input and looking -------------------------------------------------------------------------
    def keys(self, *names: str, pause: float = 0.6) -> None:
        subprocess.run(["xdotool", "key", "--delay", "120", *names], env=self.env, check=True)
        time.sleep(pause)

    def type(self, text: str, pause: float = 0.6) -> None:
        if self.keymap.give(text):
            self.focus()                                        # the window has read the new keymap
        subprocess.run(["xdotool", "type", "--delay", "80", text], env=self.env, check=True)
        time.sleep(pause)

    def clipboard(self, text: str) -> None:
        subprocess.run(["xclip", "-selection", "clipboard", "-i"], input=text.encode(), env=self.env, check=True,
                       stderr=subprocess.DEVNULL)

    def active(self) -> str:
        result = subprocess.run(["xdotool", "getactivewindow", "getwindowname"], env=self.env, capture_output=True,
                                text=True)
        return result.stdout.strip()

    def active_id(self) -> str:
        return subprocess.run(["xdotool", "getactivewindow"], env=self.env, capture_output=True,
                              text=True).stdout.strip()

    def wait(self, condition: Callable[[], bool], within: float = WITHIN) -> bool:
        """True as soon as ``condition`` holds, False when it still does not after ``within`` seconds."""
        deadline = time.monotonic() + within
        while not condition():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    def new_window(self, before: str, within: float = 30) -> None:
        """Wait until another window than ``before`` (an id) has the keyboard: a dialog has come up."""
        self.wait(lambda: self.active_id() not in ("", before), within)

    def focus(self) -> str:
        answer = self.folder / "focus.txt"
        answer.unlink(missing_ok=True)
        (self.folder / "focus").touch()
        for _ in range(50):
            if answer.exists():
                return answer.read_text()
            time.sleep(0.1)
        return "?"

    def shot(self, name: str) -> None:
        (self.folder / f"grab-{name}").touch()
        time.sleep(0.4)

    def sql(self, query: str) -> list[tuple]:
        with sqlite3.connect(f"file:{self.file}?mode=ro", uri=True) as db:
            return db.execute(query).fetchall()

    def check(self, what: str, seen: Callable[[], object], expected: object,
              ok: Callable[[object], bool] | None = None, within: float = WITHIN) -> bool:
        """One check: ``seen()`` is asked again until it is ``expected`` (or ``ok(seen)`` holds, ``expected`` then
        saying in words what was wanted) or ``within`` seconds have passed; PASS or FAIL with both, in the report."""
        holds = ok or (lambda value: value == expected)
        value: object = None

        def passes() -> bool:
            nonlocal value
            try:
                value = seen()
            except Exception as exc:  # noqa: BLE001 - what was seen is the error, e.g. a row not in the file
                value = f"{type(exc).__name__}: {exc}"
                return False
            return holds(value)
        passed = self.wait(passes, within)
        if not passed and len(self.processes) == 3 and self.processes[-1].poll() is None:
            self.shot(f"failed-{len(self.checks) + 1:02d}")       # the screen as the check failed
        wanted = expected if ok is not None and isinstance(expected, str) else repr(expected)   # words or a value
        print(f"PASS  {what}" if passed else f"FAIL  {what} — expected: {wanted}; saw: {value!r}", flush=True)
        self.checks.append({"check": what, "ok": passed, "expected": wanted, "seen": repr(value)})
        self.write_report()
        return passed

    def write_report(self) -> None:
        if self.report is not None:
            self.report.write_text(json.dumps({"checks": self.checks, "expected_checks": CHECKS,
                                               "broke_off": self.broke_off, "display": self.display,
                                               "folder": str(self.folder)}, ensure_ascii=False, indent=1),
                                   encoding="utf-8")


FIRST_FORM = "(SELECT MIN(node_id) FROM form)"


def main_title(s: Session) -> str:
    result = subprocess.run(["xdotool", "search", "--name", "项目支出绩效目标申报"], env=s.env, capture_output=True,
                            text=True)
    names = [subprocess.run(["xdotool", "getwindowname", w], env=s.env, capture_output=True, text=True).stdout.strip()
             for w in result.stdout.split()]
    return next((n for n in names if " 年度 — " in n), "")


def scenario(s: Session) -> None:
    # 打印预览 gets the keyboard; Esc gives it back to the field that had it
    s.keys("F6")
    s.keys("Tab")                                               # 项目性质
    s.keys("ctrl+p", pause=4)
    s.check("Ctrl+P opens the preview as the active window", s.active, "a window titled 打印预览…",
            lambda title: title.startswith("打印预览"))
    s.shot("1-preview")
    s.keys("Escape", pause=1.5)
    s.check("Esc closes it and the field has the keyboard again", s.focus, "CommitLineEdit:natureEdit")
    # a field: Enter commits, Ctrl+Z undoes the committed edit
    s.keys("End")
    s.type("X")
    s.keys("Return")
    nature = lambda: s.sql(f"SELECT nature FROM form WHERE node_id = {FIRST_FORM}")[0][0]  # noqa: E731
    s.check("Enter in a field saves it to the file", nature, "其他经常性项目X")
    s.keys("ctrl+z", pause=1)
    s.check("Ctrl+Z after Enter undoes it in the file", nature, "其他经常性项目")
    # an amount: a pause in typing saves it (no Enter, the cursor stays), Esc puts back what was there
    for _ in range(16):
        if s.focus() == "AmountEdit:annualRequestEdit":
            break
        s.keys("Tab", pause=0.3)
    request = lambda: s.sql(f"SELECT annual_request_fen FROM form WHERE node_id = {FIRST_FORM}")[0][0]  # noqa: E731
    before = request()
    s.keys("ctrl+a", pause=0.2)
    s.type("123", pause=1.5)
    s.check("a pause in typing an amount saves it, no Enter", request, 12_300)
    s.shot("1b-amount-saved-on-a-pause")
    s.keys("Escape", pause=1)
    s.check("Esc puts back the amount the field had", request, before)
    for _ in range(16):                                         # back to 项目性质 for what follows
        if s.focus() == "CommitLineEdit:natureEdit":
            break
        s.keys("shift+Tab", pause=0.3)
    # the 指标值 grid: one Enter commits a number although the unit suggestions are open
    s.keys("ctrl+Tab")
    s.keys("Tab", "Tab")                                        # the two goals, then the grid
    s.keys("End")
    s.type("15")
    s.shot("2-suggestions")
    s.keys("Return", pause=1)
    s.check("one Enter commits a value while the unit list is open",
            lambda: s.sql(f"SELECT number, unit FROM indicator WHERE node_id = {FIRST_FORM} AND position = 0")[0],
            ("15", ""))
    # a unique choice is taken on Enter
    s.keys(*["Down"] * 7, "Home")
    s.type("产出")
    s.keys("Return", pause=1)
    s.check("“产出” + Enter in 一级指标 gives 产出指标",
            lambda: s.sql(f"SELECT level1 FROM indicator WHERE node_id = {FIRST_FORM} ORDER BY position DESC LIMIT 1"),
            [("产出指标",)])
    # the budget grid: a group typed with its number, a block pasted from Excel
    s.keys("ctrl+Tab")
    for _ in range(12):                                         # the sections 一 … 七, then the grid
        if "budgetView" in s.focus():
            break
        s.keys("Tab")
    s.keys("ctrl+End", pause=0.3)
    s.keys("Home")
    s.type("三、课题研究")
    s.keys("Return", pause=1)
    s.check("a typed “三、” is not printed twice",
            lambda: s.sql(f"SELECT title FROM budget_group WHERE node_id = {FIRST_FORM} ORDER BY position DESC "
                          "LIMIT 1"), [("课题研究",)])
    s.clipboard("（1）专家咨询费\t10人次×3000元\t10*3000元\t3\t走电子集市\n")
    s.keys("ctrl+v", pause=1.5)
    s.check("a row pasted from Excel fills 名称/依据/公式/金额/备注",
            lambda: s.sql("SELECT label, formula, stated_fen, remark FROM budget_line ORDER BY id DESC LIMIT 1"),
            [("专家咨询费", "10*3000元", 3_000_000, "走电子集市")])
    s.shot("3-budget")
    # the 审核 list: Tab reaches its buttons, Alt+A acknowledges with a reason, Ctrl+Enter confirms
    s.keys("F9")
    s.keys("Down", "Down")
    s.keys("Tab")
    s.check("Tab in the 审核 list goes to 确认…", s.focus, "QPushButton:acknowledgeButton")
    s.keys("shift+Tab")
    s.keys("alt+a", pause=1)
    s.check("Alt+A asks for the reason", s.active, "确认警告")
    s.type("已与财政局电话核对")
    s.keys("ctrl+Return", pause=1)
    s.check("Ctrl+Enter stores the acknowledgement", lambda: s.sql("SELECT reason FROM acknowledgement"),
            [("已与财政局电话核对",)])
    # the 汇总 window takes a path typed one character at a time
    main_window = s.active_id()
    s.keys("alt+f")
    s.keys("m", pause=2)
    s.new_window(main_window)
    s.type(str(s.folder / "汇总.g60"))
    s.check("typing the bureau file's path keeps the 汇总 window", s.active, "a window titled 导入报送文件…",
            lambda title: title.startswith("导入报送文件"))
    s.keys("ctrl+w", "Escape", pause=1)
    subprocess.run(["xdotool", "search", "--name", "导入报送文件", "windowclose"], env=s.env)
    s.wait(lambda: s.active_id() == main_window)
    time.sleep(1)
    # 导出报送文件 from a field (Ctrl+E), with a reason for the 错误; then the file is 已报送
    s.keys("F6")
    s.keys("ctrl+e", pause=3)
    s.check("Ctrl+E opens 导出报送文件", s.active, "导出报送文件")
    s.type("已与财政局核对")
    dialog = s.active_id()
    s.keys("ctrl+Return", pause=2)                              # 带错误报送 → the save dialog
    s.new_window(dialog)
    s.keys("ctrl+a")
    s.type(str(s.folder / "报送.g60"))
    save = s.active_id()
    s.keys("Return", pause=4)
    s.new_window(save)                                          # the message with the 校验码
    s.keys("Return", pause=1.5)
    s.check("the submission is recorded in the file", lambda: s.sql("SELECT kind FROM history"), [("submit",)])
    s.check("the window says 已报送", lambda: main_title(s), "a title with 【已报送】",
            lambda title: "【已报送】" in title)
    # the first edit of a submitted file asks to 解锁 with a reason
    seen = []
    for _ in range(6):                                          # the editor pane shows the 说明 page: 一、项目概述
        seen.append(s.focus())
        if seen[-1] == "CommitPlainTextEdit:section_overview":
            break
        s.keys("F6")
    s.keys("ctrl+End")
    s.type("Y")
    s.keys("ctrl+Return", pause=2)
    s.check("the first edit asks 解锁修改", lambda: (s.active(), seen), "解锁修改",
            lambda answer: answer[0] == "解锁修改")
    s.type("补充说明")
    s.keys("ctrl+Return", pause=1.5)
    s.check("the reason is in the file's history", lambda: s.sql("SELECT kind, detail FROM history ORDER BY id DESC "
                                                                 "LIMIT 1"), [("unlock", "补充说明")])
    s.shot("5-unlocked")
    # 文件 → 下一年度申报: the 2027 file is made beside this one and opened
    s.keys("alt+f")
    s.keys("y", pause=2)
    s.check("文件 → 下一年度申报 opens its dialog", s.active, "下一年度申报")
    dialog = s.active_id()
    s.keys("Return", pause=3)                                   # 生成 with the proposed name
    s.new_window(dialog)                                        # 现在打开新文件吗？
    s.keys("Return", pause=4)                                   # 打开新文件
    s.check("the 2027 file is open in the window", lambda: main_title(s), "a title with “2027 年度”",
            lambda title: "2027 年度" in title, within=30)
    made = lambda: sorted(p.name for p in s.folder.glob("*2027*.g60"))  # noqa: E731
    if s.check("the 2027 file is beside this year's", made, "one file named …2027….g60",
               lambda names: len(names) == 1):
        s.file = s.folder / made()[0]                           # the checks below read the file now open
    # F1
    s.keys("F1", pause=1)
    s.check("F1 lists the keys", s.active, "键盘操作")
    s.shot("4-keys")
    s.keys("Escape")


def end_of_session(s: Session) -> str:
    """Text typed but not saved when the window closes: the field it is typed into (the file is checked after)."""
    s.keys("Escape")
    s.keys("ctrl+Tab", "ctrl+Tab")                              # back to 基本信息 (the pages go round)
    s.keys("F6", "F6")
    for _ in range(3):
        if s.focus().startswith("CommitLineEdit"):
            break
        s.keys("F6")
    if s.focus() == "CommitLineEdit:nameEdit":                  # 项目名称 is the node's name: go on to a form field
        s.keys("Tab")
    field = s.focus()
    s.keys("ctrl+End")                                          # the end of the text, also of a long one
    s.type("Q")
    return field


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the file and the screenshots in this folder")
    parser.add_argument("--display", default=os.environ.get(DISPLAY_VARIABLE, DISPLAY),
                        help=f"the Xvfb display: :N, or auto for the first free one (default {DISPLAY_VARIABLE} "
                             f"or {DISPLAY})")
    parser.add_argument("--report", type=Path, help="write every check (expected, seen) to this JSON file")
    args = parser.parse_args(argv)
    if args.display != "auto" and not (args.display.startswith(":") and args.display[1:].isdigit()):
        parser.error(f"--display: “{args.display}” is neither :N nor auto")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"keyboard_session: missing {' '.join(missing)} (apt-get install -y xvfb openbox xdotool xclip)")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="g60keys-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    session = Session(folder, args.display, args.report)
    field = "?"
    try:
        session.start()
        scenario(session)
        field = end_of_session(session)
    except Exception:  # noqa: BLE001 - reported with the checks that did run, then the session is ended
        session.broke_off = traceback.format_exc()
        print(f"BROKE OFF after {len(session.checks)} of {CHECKS} checks:\n{session.broke_off}", flush=True)
    finally:
        session.stop()
    crashes = sorted((folder / "home" / "logs").glob("crash-*.log"))
    session.check("no crash report in the whole session", lambda: [c.name for c in crashes], [], within=0)
    session.check(f"text typed in {field} without Enter is saved when the window closes",
                  lambda: [v for table in ("form", "section")
                           for row in session.sql(f"SELECT * FROM {table} WHERE node_id = {FIRST_FORM}")
                           for v in row if isinstance(v, str)][:8],
                  "a text of the first form ending in Q",
                  lambda texts: any(v.rstrip().endswith("Q") for v in texts), within=0)
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    failed = len(session.failures)
    broke_off = " (the session broke off)" if session.broke_off else ""
    print(f"{failed} of {len(session.checks)} checks failed{broke_off}" if failed or broke_off else "all checks passed")
    return 1 if failed or session.broke_off else 0


if __name__ == "__main__":
    sys.exit(main())
