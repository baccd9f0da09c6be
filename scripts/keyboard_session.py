#!/usr/bin/env python3
"""A clerk's keyboard session on the real window, with a real window manager and real key presses.

    .venv/bin/python scripts/keyboard_session.py [--keep DIR]

pytest-qt sends keys straight to a widget and has no window manager, so it cannot see what popups (a
completer's list, a calendar, a menu) and window activation do to the keys. This script starts Xvfb and
openbox, runs g60desk on a copy of the 2026 sample, types with xdotool (and pastes with xclip) as a clerk
would, and checks the result in the .g60 file with sqlite3 and in the window's focus. It prints one line per
check and exits 1 when one fails.

Needs (Debian): xvfb openbox xdotool xclip — not part of the program's or the tests' set-up (apt-get install
-y xvfb openbox xdotool xclip). The screenshots of each step go to DIR when --keep is given.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISPLAY = ":97"
TOOLS = ("Xvfb", "openbox", "xdotool", "xclip")

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


class Session:
    def __init__(self, folder: Path):
        self.folder = folder
        self.failures: list[str] = []
        self.file = folder / "会话.g60"
        self.processes: list[subprocess.Popen] = []

    # ---- the desktop -------------------------------------------------------------------------------
    def start(self) -> None:
        env = dict(os.environ, DISPLAY=DISPLAY)
        self.env = env
        self.processes.append(subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(1)
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
        time.sleep(6)

    def stop(self) -> None:
        self.keys("ctrl+q")
        time.sleep(1.5)
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()

    # ---- input and looking -------------------------------------------------------------------------
    def keys(self, *names: str, pause: float = 0.6) -> None:
        subprocess.run(["xdotool", "key", "--delay", "120", *names], env=self.env, check=True)
        time.sleep(pause)

    def type(self, text: str, pause: float = 0.6) -> None:
        subprocess.run(["xdotool", "type", "--delay", "80", text], env=self.env, check=True)
        time.sleep(pause)

    def clipboard(self, text: str) -> None:
        subprocess.run(["xclip", "-selection", "clipboard", "-i"], input=text.encode(), env=self.env, check=True)

    def active(self) -> str:
        result = subprocess.run(["xdotool", "getactivewindow", "getwindowname"], env=self.env, capture_output=True,
                                text=True)
        return result.stdout.strip()

    def focus(self) -> str:
        answer = self.folder / "focus.txt"
        answer.unlink(missing_ok=True)
        (self.folder / "focus").touch()
        for _ in range(30):
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

    def check(self, what: str, ok: bool, seen: object) -> None:
        print(f"{'PASS' if ok else 'FAIL'}  {what}" + ("" if ok else f"  (saw: {seen})"))
        if not ok:
            self.failures.append(what)


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
    s.check("Ctrl+P opens the preview as the active window", s.active().startswith("打印预览"), s.active())
    s.shot("1-preview")
    s.keys("Escape", pause=1.5)
    s.check("Esc closes it and the field has the keyboard again", s.focus() == "CommitLineEdit:natureEdit",
            s.focus())
    # a field: Enter commits, Ctrl+Z undoes the committed edit
    s.keys("End")
    s.type("X")
    s.keys("Return")
    nature = lambda: s.sql(f"SELECT nature FROM form WHERE node_id = {FIRST_FORM}")[0][0]  # noqa: E731
    s.check("Enter in a field saves it to the file", nature() == "其他经常性项目X", nature())
    s.keys("ctrl+z", pause=1)
    s.check("Ctrl+Z after Enter undoes it in the file", nature() == "其他经常性项目", nature())
    # an amount: a pause in typing saves it (no Enter, the cursor stays), Esc puts back what was there
    for _ in range(16):
        if s.focus() == "AmountEdit:annualRequestEdit":
            break
        s.keys("Tab", pause=0.3)
    request = lambda: s.sql(f"SELECT annual_request_fen FROM form WHERE node_id = {FIRST_FORM}")[0][0]  # noqa: E731
    before = request()
    s.keys("ctrl+a", pause=0.2)
    s.type("123", pause=1.5)
    s.check("a pause in typing an amount saves it, no Enter", request() == 12_300, request())
    s.shot("1b-amount-saved-on-a-pause")
    s.keys("Escape", pause=1)
    s.check("Esc puts back the amount the field had", request() == before, (request(), before))
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
    value = s.sql(f"SELECT number, unit FROM indicator WHERE node_id = {FIRST_FORM} AND position = 0")[0]
    s.check("one Enter commits a value while the unit list is open", value == ("15", ""), value)
    # a unique choice is taken on Enter
    s.keys(*["Down"] * 7, "Home")
    s.type("产出")
    s.keys("Return", pause=1)
    level1 = s.sql(f"SELECT level1 FROM indicator WHERE node_id = {FIRST_FORM} ORDER BY position DESC LIMIT 1")
    s.check("“产出” + Enter in 一级指标 gives 产出指标", level1 == [("产出指标",)], level1)
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
    title = s.sql(f"SELECT title FROM budget_group WHERE node_id = {FIRST_FORM} ORDER BY position DESC LIMIT 1")
    s.check("a typed “三、” is not printed twice", title == [("课题研究",)], title)
    s.clipboard("（1）专家咨询费\t10人次×3000元\t10*3000元\t3\t走电子集市\n")
    s.keys("ctrl+v", pause=1.5)
    line = s.sql("SELECT label, formula, stated_fen, remark FROM budget_line ORDER BY id DESC LIMIT 1")
    s.check("a row pasted from Excel fills 名称/依据/公式/金额/备注", line == [("专家咨询费", "10*3000元", 3_000_000,
                                                                       "走电子集市")], line)
    s.shot("3-budget")
    # the 审核 list: Tab reaches its buttons, Alt+A acknowledges with a reason, Ctrl+Enter confirms
    s.keys("F9")
    s.keys("Down", "Down")
    s.keys("Tab")
    s.check("Tab in the 审核 list goes to 确认…", s.focus() == "QPushButton:acknowledgeButton", s.focus())
    s.keys("shift+Tab")
    s.keys("alt+a", pause=1)
    s.check("Alt+A asks for the reason", s.active() == "确认警告", s.active())
    s.type("已与财政局电话核对")
    s.keys("ctrl+Return", pause=1)
    acks = s.sql("SELECT reason FROM acknowledgement")
    s.check("Ctrl+Enter stores the acknowledgement", acks == [("已与财政局电话核对",)], acks)
    # the 汇总 window takes a path typed one character at a time
    s.keys("alt+f")
    s.keys("m", pause=2)
    s.type(str(s.folder / "汇总.g60"))
    s.check("typing the bureau file's path keeps the 汇总 window", s.active().startswith("导入报送文件"), s.active())
    s.keys("ctrl+w", "Escape", pause=1)
    subprocess.run(["xdotool", "search", "--name", "导入报送文件", "windowclose"], env=s.env)
    time.sleep(1)
    # 导出报送文件 from a field (Ctrl+E), with a reason for the 错误; then the file is 已报送
    s.keys("F6")
    s.keys("ctrl+e", pause=3)
    s.check("Ctrl+E opens 导出报送文件", s.active() == "导出报送文件", s.active())
    s.type("已与财政局核对")
    s.keys("ctrl+Return", pause=2)                              # 带错误报送 → the save dialog
    s.keys("ctrl+a")
    s.type(str(s.folder / "报送.g60"))
    s.keys("Return", pause=4)
    s.keys("Return", pause=1.5)                                 # the message with the 校验码
    history = s.sql("SELECT kind FROM history")
    s.check("the submission is recorded in the file", history == [("submit",)], history)
    s.check("the window says 已报送", "【已报送】" in main_title(s), main_title(s))
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
    s.check("the first edit asks 解锁修改", s.active() == "解锁修改", (s.active(), seen))
    s.type("补充说明")
    s.keys("ctrl+Return", pause=1.5)
    unlock = s.sql("SELECT kind, detail FROM history ORDER BY id DESC LIMIT 1")
    s.check("the reason is in the file's history", unlock == [("unlock", "补充说明")], unlock)
    s.shot("5-unlocked")
    # 文件 → 下一年度申报: the 2027 file is made beside this one and opened
    s.keys("alt+f")
    s.keys("y", pause=2)
    s.check("文件 → 下一年度申报 opens its dialog", s.active() == "下一年度申报", s.active())
    s.keys("Return", pause=3)                                   # 生成 with the proposed name
    s.keys("Return", pause=4)                                   # 打开新文件
    s.check("the 2027 file is open in the window", "2027 年度" in main_title(s), main_title(s))
    made = sorted(p.name for p in s.folder.glob("*2027*.g60"))
    s.check("the 2027 file is beside this year's", len(made) == 1, made)
    if made:
        s.file = s.folder / made[0]                             # the checks below read the file now open
    # F1
    s.keys("F1", pause=1)
    s.check("F1 lists the keys", s.active() == "键盘操作", s.active())
    s.shot("4-keys")
    s.keys("Escape")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the file and the screenshots in this folder")
    args = parser.parse_args(argv)
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"keyboard_session: missing {' '.join(missing)} (apt-get install -y xvfb openbox xdotool xclip)")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="g60keys-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    session = Session(folder)
    session.start()
    field = "?"
    try:
        scenario(session)
        # typed but not saved when the window closes: saved, and the window closes without a crash report
        session.keys("Escape")
        session.keys("ctrl+Tab", "ctrl+Tab")                    # back to 基本信息 (the pages go round)
        session.keys("F6", "F6")
        for _ in range(3):
            if session.focus().startswith("CommitLineEdit"):
                break
            session.keys("F6")
        if session.focus() == "CommitLineEdit:nameEdit":       # 项目名称 is the node's name: go on to a form field
            session.keys("Tab")
        field = session.focus()
        session.keys("ctrl+End")                                # the end of the text, also of a long one
        session.type("Q")
    finally:
        session.stop()
    crashes = sorted((folder / "home" / "logs").glob("crash-*.log"))
    session.check("no crash report in the whole session", not crashes, [c.name for c in crashes])
    texts = [v for table in ("form", "section")
             for row in session.sql(f"SELECT * FROM {table} WHERE node_id = {FIRST_FORM}") for v in row]
    session.check(f"text typed in {field} without Enter is saved when the window closes",
                  any(isinstance(v, str) and v.rstrip().endswith("Q") for v in texts), texts[:8])
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'all checks passed' if not session.failures else f'{len(session.failures)} checks failed'}")
    return 1 if session.failures else 0


if __name__ == "__main__":
    sys.exit(main())
