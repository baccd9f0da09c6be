"""已报送 in the window: the title and the tree say so, and the first edit asks to 解锁 with a reason."""
from __future__ import annotations

import pytest

from g60desk.domain.status import UNLOCK_KIND
from g60desk.exchange.submit import submit
from g60desk.qt.shell.main_window import MainWindow
from g60desk.qt.shell.tree_model import BADGE_ROLE


@pytest.fixture
def submitted(sample_copy, tmp_path):
    path = sample_copy("2026")
    submit(path, tmp_path / "报送.g60", "成本指标上限按批复")
    return path


def test_the_title_and_the_tree_show_a_submitted_file(make_window, submitted):
    window = make_window(submitted)
    assert "【已报送】" in window.windowTitle()
    dept = window.session.doc.departments[0]
    badge = window.tree_model.index_of(dept).data(BADGE_ROLE)
    assert badge.status == "已报送" and "文件状态：已报送" in window.tree_model.index_of(dept).data(3)


def test_the_first_edit_asks_for_the_reason_and_then_the_window_says_unlocked(make_window, submitted, monkeypatch,
                                                                            reopen):
    asked = []
    monkeypatch.setattr(MainWindow, "ask_unlock_reason",
                        lambda self, status: asked.append(status.label) or "财政局要求调整成本指标")
    window = make_window(submitted)
    node = window.current_target()
    window.session.set_form_field(node, "category", "一次性项目")
    assert asked == ["已报送"] and "【已报送后解锁修改】" in window.windowTitle()
    badge = window.tree_model.index_of(window.session.doc.departments[0]).data(BADGE_ROLE)
    assert badge.status == "已报送后解锁修改"
    doc = reopen(submitted)
    assert doc.history[-1].kind == UNLOCK_KIND and doc.history[-1].detail == "财政局要求调整成本指标"


def test_cancelling_the_unlock_leaves_the_file_as_submitted(make_window, submitted, monkeypatch, reopen):
    monkeypatch.setattr(MainWindow, "ask_unlock_reason", lambda self, status: None)
    window = make_window(submitted)
    from g60desk.services.session import EditRefused
    with pytest.raises(EditRefused):
        window.session.set_form_field(window.current_target(), "category", "一次性项目")
    assert "【已报送】" in window.windowTitle()
    assert [h.kind for h in reopen(submitted).history] == ["submit"]


def test_the_unlock_dialog_waits_for_a_reason(make_window, submitted, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    window = make_window(submitted)
    seen = {}

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "unlockDialog" and w.isVisible())
        seen["ok_before"] = dialog.ok_button.isEnabled()
        dialog.reason.setPlainText("补充绩效指标")
        seen["ok_after"] = dialog.ok_button.isEnabled()
        dialog.accept()
    QTimer.singleShot(50, answer)
    reason = window.ask_unlock_reason(window.session.status())
    assert reason == "补充绩效指标" and seen["ok_before"] is False and seen["ok_after"] is True
