"""已报送: after 导出报送文件 the file is locked; the first edit needs a written reason (解锁), kept in its history."""
from __future__ import annotations

import pytest

from g60desk.domain.status import SUBMIT_KIND, UNLOCK_KIND, status_of
from g60desk.exchange.submit import submit
from g60desk.services.session import EditRefused, Session
from g60desk.store import Store


def reopened(path):
    with Store.open(path, readonly=True) as store:
        return store.load()


@pytest.fixture
def submitted(sample_copy, tmp_path):
    path = sample_copy("2022")
    submit(path, tmp_path / "报送.g60", "金额以批复为准")
    return path


def first_form(session):
    return next(node for _, node in session.doc.iter_nodes() if node.declared)


def test_a_new_file_is_a_draft_and_a_submitted_one_is_locked(sample_copy, submitted):
    assert status_of(reopened(sample_copy("2026"))).state == "draft"
    status = status_of(reopened(submitted))
    assert status.locked and status.label == "已报送" and status.last_submission.kind == SUBMIT_KIND


def test_an_edit_of_a_submitted_file_without_a_reason_is_refused_and_changes_nothing(submitted):
    session = Session.open(submitted)
    node = first_form(session)
    with pytest.raises(EditRefused, match="已锁定"):
        session.set_form_field(node, "category", "一次性项目")
    session.unlock_asker = lambda status: None          # the clerk cancelled the unlock dialog
    with pytest.raises(EditRefused, match="解锁"):
        session.set_form_field(node, "category", "一次性项目")
    session.close()
    again = reopened(submitted)
    assert first_form_of(again).form.category == "经常性项目"
    assert [h.kind for h in again.history] == [SUBMIT_KIND]


def first_form_of(doc):
    return next(node for _, node in doc.iter_nodes() if node.declared)


def test_the_first_edit_asks_once_and_the_reason_is_in_the_history(submitted):
    session = Session.open(submitted)
    asked = []
    session.unlock_asker = lambda status: asked.append(status.label) or "财政局要求调整项目类别"
    seen = []
    session.listeners.append(lambda change: seen.append(change.scope))
    node = first_form(session)
    session.set_form_field(node, "category", "一次性项目")
    session.set_form_field(node, "nature", "新增项目")
    assert asked == ["已报送"]                                  # asked once, before the first edit
    assert seen[0] == "status" and session.status().state == "unlocked"
    session.undo_stack.undo()
    session.undo_stack.undo()                                  # 撤销 takes back the edits, not the unlock
    session.close()
    doc = reopened(submitted)
    assert [h.kind for h in doc.history] == [SUBMIT_KIND, UNLOCK_KIND]
    assert doc.history[1].detail == "财政局要求调整项目类别"
    assert status_of(doc).state == "unlocked" and first_form_of(doc).form.category == "经常性项目"


def test_a_reason_too_short_is_refused(submitted):
    session = Session.open(submitted)
    session.unlock_asker = lambda status: "改"
    with pytest.raises(EditRefused, match="至少 2 个字"):
        session.set_form_field(first_form(session), "category", "一次性项目")
    session.close()


def test_submitting_again_locks_again(submitted, tmp_path):
    session = Session.open(submitted)
    session.unlock("补充绩效指标")
    session.close()
    submit(submitted, tmp_path / "报送2.g60", "金额以批复为准")
    assert status_of(reopened(submitted)).locked
