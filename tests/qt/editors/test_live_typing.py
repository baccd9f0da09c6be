"""Typing an amount as a clerk does: the sums follow every keystroke, the amount is saved and checked (审核) a
moment after typing stops, the stint is one undo step, and Esc puts back what was there."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from g60desk.qt.editors.fields import PAUSE_MS
from g60desk.qt.editors.node_editor import NodeEditor


@pytest.fixture
def form_editor(qtbot, session2026, declared):
    node = declared(session2026)
    editor = NodeEditor(session2026)
    qtbot.addWidget(editor)
    editor.resize(1066, 700)
    editor.show_target(node)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return session2026, node, editor


def _start_typing(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_the_sum_line_follows_each_keystroke_before_anything_is_saved(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.appropriation_fen
    steps = session.undo_stack.index()
    edit = page.form.appropriationEdit
    _start_typing(qtbot, edit, "1")
    first = page.right_sum_text
    qtbot.keyClicks(edit, "234")
    assert page.right_sum_text != first                 # every keystroke, not only Tab
    other = node.form.funding.carryover_fen or 0
    rest = node.form.funding.annual_other_fen or 0
    expected = f"{(123_400 + other + rest) // 100:,}.00"
    assert f"= {expected}" in page.right_sum_text
    assert node.form.funding.appropriation_fen == before  # not saved yet
    assert session.undo_stack.index() == steps


def test_a_pause_saves_and_checks_the_amount_and_the_stint_is_one_undo_step(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.annual_request_fen
    steps = session.undo_stack.index()
    edit = page.form.annualRequestEdit
    _start_typing(qtbot, edit, "5")
    qtbot.waitUntil(lambda: node.form.funding.annual_request_fen == 500, timeout=PAUSE_MS * 4)
    assert edit.text() == "5" and edit.hasFocus()       # saved, still as typed, the cursor stays
    found = [f for f in session.checker.for_path(session.path_of(node)) if f.field == "annual_request_fen"]
    assert found, "审核 followed the saved amount"
    qtbot.keyClicks(edit, "00")
    qtbot.waitUntil(lambda: node.form.funding.annual_request_fen == 50_000, timeout=PAUSE_MS * 4)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert node.form.funding.annual_request_fen == 50_000
    assert session.undo_stack.index() == steps + 1      # two saves and Tab: one step
    session.undo_stack.undo()
    assert node.form.funding.annual_request_fen == before


def test_esc_puts_back_the_amount_the_stint_started_from(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.annual_request_fen
    steps = session.undo_stack.index()
    edit = page.form.annualRequestEdit
    _start_typing(qtbot, edit, "77")
    qtbot.waitUntil(lambda: node.form.funding.annual_request_fen == 7_700, timeout=PAUSE_MS * 4)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert node.form.funding.annual_request_fen == before
    assert session.undo_stack.index() == steps
    assert "77" not in edit.text()


def test_text_that_is_not_an_amount_yet_is_not_saved_on_a_pause(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.carryover_fen
    edit = page.form.carryoverEdit
    _start_typing(qtbot, edit, "12abc")
    assert "上年结转资金正在输入" in page.right_sum_text
    qtbot.wait(PAUSE_MS * 2)
    assert node.form.funding.carryover_fen == before and not edit.refused   # no red while still typing
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.refused and edit.text() == "12abc"
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not edit.refused and node.form.funding.carryover_fen == before
