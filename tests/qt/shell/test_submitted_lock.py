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


def test_changes_since_the_submission_are_listed_and_printed(make_window, submitted, monkeypatch, qtbot):
    monkeypatch.setattr(MainWindow, "ask_unlock_reason", lambda self, status: "调整年度资金")
    window = make_window(submitted)
    assert window.form.actionChanges.isEnabled()
    window.session.set_form_field(window.current_target(), "annual_request_fen", "80万")
    window.form.actionChanges.trigger()
    dialog = window._changes_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "有 1 处变化" in dialog.heading.text()
    assert [dialog.model.index(0, c).data() for c in range(4)] == [
        "G60 科创走廊建设 › 金融赋能", "年度资金申请总额", "780,000.00 元", "800,000.00 元"]
    preview = dialog.print_changes()
    qtbot.addWidget(preview)
    assert preview.pdf_path.is_file() and preview.pdf_path.read_bytes().startswith(b"%PDF")
    preview.close()
    dialog.close()


def test_a_draft_offers_no_comparison(make_window, sample_copy):
    window = make_window(sample_copy("2022"))
    assert not window.form.actionChanges.isEnabled()
