"""Files in the window: the lock (a second window is read-only with a banner), read-only media, a refused
file, 另存为, 新建, 最近打开, and the first start without a file."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from g60desk import settings
from g60desk.domain.serialize import digest
from g60desk.qt import file_dialogs
from g60desk.qt.shell import files
from g60desk.qt.shell.app import SAMPLE_NAME, start_file
from g60desk.store import Store
from g60desk.store.lock import lock_path


def test_second_window_on_the_same_file_is_read_only_with_the_banner(make_window, sample_copy, qtbot):
    path = sample_copy("2026")
    first = make_window(path)
    assert not first.session.readonly and not first.form.readonlyBanner.isVisible()
    second = make_window(path)
    assert second.session.readonly
    assert second.form.readonlyBanner.isVisible()
    banner = second.form.readonlyLabel.text()
    assert banner.startswith("此文件正在另一个窗口或另一台电脑上编辑（电脑“") and f"进程 {os.getpid()}" in banner
    assert banner.endswith("现以只读方式打开。如需修改，请先关闭另一个窗口，或用“另存为”保存一份副本。")
    assert second.windowTitle().startswith("copy2026.g60（只读）")
    second.select(second.session.doc.departments[0].projects[0])
    for action in (second.form.actionAddProject, second.form.actionDelete, second.form.actionRename,
                   second.form.actionMoveDown, second.form.actionToggleDeclared):
        assert not action.isEnabled(), action.text()
    assert second.form.actionSaveAs.isEnabled() and second.form.readonlySaveAsButton.isVisible()
    # once the first window lets go, the file opens for editing again
    first.close_document()
    third = make_window(path)
    assert not third.session.readonly and not third.form.readonlyBanner.isVisible()


def test_a_lock_left_by_a_killed_program_is_taken_over(sample_copy, make_window):
    path = sample_copy("2022")
    holder = subprocess.Popen(
        [sys.executable, "-c", ("import sys, time\nfrom g60desk.store.lock import WriterLock\n"
                                "lock = WriterLock(sys.argv[1])\n"
                                "print(lock.try_acquire(), flush=True); time.sleep(60)"),
         str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "True"
        assert files.lock_is_held(path)
    finally:
        holder.kill()                      # the program is killed: its lock file stays behind
        holder.wait()
    assert lock_path(path).exists()
    window = make_window(path)
    assert not window.session.readonly and not window.form.readonlyBanner.isVisible()


def test_read_only_media_opens_read_only_with_its_own_banner(make_window, sample_copy, monkeypatch):
    path = sample_copy("2022")
    real_access = os.access
    # as on a CD or a write-protected stick: the store finds it cannot write and falls back by itself
    monkeypatch.setattr("g60desk.store.os.access",
                        lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    window = make_window(path)
    assert window.session.readonly
    assert window.form.readonlyLabel.text() == files.READONLY_TEXT
    assert window.form.readonlyBanner.isVisible()


def test_save_as_from_read_only_continues_in_the_copy(make_window, sample_copy, tmp_path, reopen):
    path = sample_copy("2026")
    make_window(path)
    second = make_window(path)
    assert second.session.readonly
    target = tmp_path / "我的副本.g60"
    assert second.save_as_path(target)
    assert second.session.path == target and not second.session.readonly
    assert not second.form.readonlyBanner.isVisible()
    assert digest(reopen(target)) == digest(reopen(path))
    second.session.rename_node(second.session.doc.departments[0].projects[0], "G60 科创走廊")
    assert reopen(target).departments[0].projects[0].name == "G60 科创走廊"
    assert reopen(path).departments[0].projects[0].name == "G60 科创走廊建设"
    assert settings.get("last_file") == str(target.resolve())


def test_save_as_will_not_overwrite_a_file_open_elsewhere(make_window, sample_copy, answers):
    busy = sample_copy("2022")
    make_window(busy)
    window = make_window(sample_copy("2026"))
    assert not window.save_as_path(busy)
    assert "正在另一个窗口中打开" in answers.warnings[-1][1]


def test_save_as_onto_itself_is_refused(make_window, sample_copy, answers):
    path = sample_copy("2026")
    window = make_window(path)
    window.opened.lock.release()          # so only the "same file" rule can refuse it
    assert not window.save_as_path(path)
    assert "就是当前打开的文件" in answers.warnings[-1][1]


def _answer_next_box(button_text: str, seen: list) -> None:
    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, press)


def test_a_refused_file_says_why_and_the_window_stays(qtbot, tmp_path):
    from g60desk.qt.shell.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    bad = tmp_path / "来自邮件.g60"
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a g60 file" * 10)
    seen: list[str] = []
    _answer_next_box("关闭", seen)
    assert not window.open_path(bad)
    assert seen and "来自邮件.g60" in seen[0]
    assert window.session is None and window.form.emptyLabel.isVisible()
    assert window.windowTitle() == "项目支出绩效目标申报"
    assert not window.form.actionSaveAs.isEnabled()


def test_a_refused_file_leaves_the_open_document_open(make_window, sample_copy, tmp_path, answers):
    # a wrong file picked by mistake must not cost the clerk the document they were working in
    path = sample_copy("2026")
    window = make_window(path)
    bad = tmp_path / "乱码.g60"
    bad.write_bytes(b"\x00garbage" * 500)
    seen: list[str] = []
    _answer_next_box("关闭", seen)
    assert not window.open_path(bad)
    assert seen and "乱码.g60" in seen[0]
    assert window.session is not None and window.session.path == path and window.editor.isVisible()
    window.close_document()

def test_a_missing_file_offers_to_open_another(qtbot, tmp_path, sample_copy, monkeypatch):
    from g60desk.qt.shell.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    other = sample_copy("2022")
    monkeypatch.setattr(files, "choose_open_path", lambda parent: other)
    seen: list[str] = []
    _answer_next_box("打开其他文件…", seen)
    assert not window.open_path(tmp_path / "不存在.g60")
    assert "找不到文件" in seen[0]
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session.path == other
    window.close_document()


def test_new_file_dialog_creates_the_department_file(make_window, tmp_path, qtbot, reopen, monkeypatch):
    window = make_window()
    target = tmp_path / "2027年测试局.g60"

    def fill(dialog_self):
        form = dialog_self.form
        form.yearSpin.setValue(2027)
        form.departmentEdit.setText("上海市松江区测试局")
        form.templateCombo.setCurrentIndex(form.templateCombo.findData("上海2022"))
        form.pathEdit.setText(str(tmp_path / "2027年测试局"))          # .g60 is added
        dialog_self._path_typed = True
        assert dialog_self.problem() is None
        return files.NewFileDialog.DialogCode.Accepted
    monkeypatch.setattr(files.NewFileDialog, "exec", fill)
    window.form.actionNew.trigger()
    assert window.session is not None and window.session.path == target
    doc = reopen(target)
    assert (doc.budget_year, doc.template) == (2027, "上海2022")
    assert [d.name for d in doc.departments] == ["上海市松江区测试局"]
    assert window.current_target().name == "上海市松江区测试局"
    window.form.actionAddProject.trigger()
    assert reopen(target).departments[0].projects[0].name == "新项目"


def test_new_file_dialog_says_what_is_missing(qtbot, tmp_path):
    dialog = files.NewFileDialog()
    qtbot.addWidget(dialog)
    dialog.form.pathEdit.setText(str(tmp_path / "x.g60"))
    dialog._path_typed = True
    dialog.accept()
    assert dialog.form.messageLabel.text() == "请填写部门名称。"
    dialog.form.departmentEdit.setText("某局")
    (tmp_path / "x.g60").write_bytes(b"")
    dialog.accept()
    assert "已存在" in dialog.form.messageLabel.text()
    dialog.form.departmentEdit.setText("上海市松江区某局")
    dialog._path_typed = False
    dialog._suggest_path()
    assert dialog.form.pathEdit.text().endswith(f"{dialog.form.yearSpin.value()}年上海市松江区某局.g60")


def test_recent_menu_lists_remembered_files(make_window, sample_copy, tmp_path):
    a, b = sample_copy("2022"), sample_copy("2026")
    window = make_window(a)
    window.open_path(b)
    gone = tmp_path / "已删除.g60"
    settings.set("recent_files", [str(b), str(gone), str(a)])
    menu = window.form.menuRecent
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions() if action.text()]
    assert texts == ["&1 copy2026.g60", "&2 copy2022.g60", "清除列表"]
    next(action for action in menu.actions() if action.text() == "&2 copy2022.g60").trigger()
    assert window.session.path == a


def test_first_start_creates_the_sample_copy_in_the_data_folder(isolated_home):
    path = start_file(None)
    assert path == isolated_home / SAMPLE_NAME and path.is_file()
    with Store.open(path, readonly=True) as store:
        assert store.load().budget_year == 2026
    mtime = path.stat().st_mtime_ns
    assert start_file(None) == path and path.stat().st_mtime_ns == mtime     # not written again


def test_later_starts_open_the_last_file(isolated_home, sample_copy):
    last = sample_copy("2022")
    settings.remember_file(last)
    assert start_file(None) == last.resolve()
    assert str(start_file("其他.g60")) == "其他.g60"
    last.unlink()
    assert start_file(None) == isolated_home / SAMPLE_NAME


@pytest.mark.parametrize("name", ["a.g60", "a", "a.G60"])
def test_suffix_is_added_when_missing(name, tmp_path):
    assert file_dialogs.with_suffix(str(tmp_path / name), ".g60").suffix.lower() == ".g60"


def test_the_first_new_file_is_proposed_in_documents_not_in_the_program_folder(qtbot, isolated_home):
    from g60desk.qt.shell.app import sample_copy
    settings.remember_file(sample_copy())          # the first start opened the sample in the data folder
    dialog = files.NewFileDialog()
    qtbot.addWidget(dialog)
    proposed = Path(dialog.form.pathEdit.text())
    assert not proposed.resolve().is_relative_to(isolated_home.resolve())
    assert proposed.parent == file_dialogs.documents_folder()


def test_every_file_dialog_starts_in_the_folder_last_chosen(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    chosen = tmp_path / "申报" / "2027"
    chosen.mkdir(parents=True)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, *a, **k: (asked.append(start), (str(chosen / "汇总"), ""))[1])
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, title, start, *a, **k: (asked.append(start), ("", ""))[1])
    assert file_dialogs.ask_save(None, "导出Excel", "汇总.xlsx", "", ".xlsx") == chosen / "汇总.xlsx"
    file_dialogs.ask_open(None, "打开申报文件", "")
    assert Path(asked[-1]) == chosen
    dialog = files.NewFileDialog()
    qtbot.addWidget(dialog)
    assert Path(dialog.form.pathEdit.text()).parent == chosen


CRASH_MID_SAVE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")
conn.execute("BEGIN")
conn.execute("UPDATE indicator SET name = name || '（半途）'")
conn.execute("UPDATE section SET text = text || text")
os._exit(9)
"""


def test_a_file_whose_save_was_killed_opens_for_editing_and_says_it_was_recovered(make_window, sample_copy, answers,
                                                                                  qtbot):
    """Issue 14 §1: the window recovers the clerk's own file (a backup first) instead of refusing it."""
    path = sample_copy("2026")
    with Store.open(path, readonly=True) as store:
        before = digest(store.load())
    subprocess.run([sys.executable, "-c", CRASH_MID_SAVE, str(path)], check=False)
    assert Path(str(path) + "-journal").stat().st_size > 0
    window = make_window(path)
    assert window.session is not None and not window.session.readonly
    assert digest(window.session.doc) == before
    qtbot.waitUntil(lambda: any(title == "文件已恢复" for title, _ in answers.warnings))
    text = next(text for title, text in answers.warnings if title == "文件已恢复")
    assert "已恢复到最后一次完整保存的内容" in text and "recovery" in text
    assert "已恢复" in window.statusBar().currentMessage()
