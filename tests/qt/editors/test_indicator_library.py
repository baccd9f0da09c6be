"""从指标库插入 in the window: last year's rows are offered after that file was open, and a pick is one undo step."""
from __future__ import annotations

from PySide6.QtCore import Qt

from g60desk.qt.editors.goals_page import GoalsPage
from g60desk.qt.editors.indicator_library_dialog import IndicatorLibraryDialog
from g60desk.services.library import library_for


def test_a_row_of_a_file_opened_before_is_picked_into_this_years_form(make_window, sample_copy, monkeypatch, qtbot):
    window = make_window(sample_copy("2022"))
    window.close_document()                            # last year's file was open once: its rows are remembered
    window.open_path(sample_copy("2026"))
    node = window.current_target()
    page = window.editor.goals_page
    offered = {}

    def pick(self, entries, framework_id, value_style, level1, level2):
        offered["labels"] = {e.source_label for e in entries}
        return next(e for e in entries if e.name == "邀请一定数量主流媒体")
    monkeypatch.setattr(GoalsPage, "pick_from_library", pick)
    rows = len(node.form.indicators)
    page.form.indicatorView.setCurrentIndex(page.model.index(rows, 0))
    page.library_action.trigger()
    assert "2022 年度 copy2022.g60" in offered["labels"] and "本文件" in offered["labels"]
    added = node.form.indicators[rows]
    assert (added.level2, added.name, added.value.number, added.value.unit) == ("数量指标", "邀请一定数量主流媒体",
                                                                                "50", "家")
    window.form.actionUndo.trigger()
    assert len(node.form.indicators) == rows


def test_the_picker_narrows_by_level_and_words_and_enter_takes_the_row(sample_copy, qtbot):
    from g60desk.services.documents import load_readonly
    path = sample_copy("2026")
    entries = library_for(load_readonly(path), path, "2021")
    dialog = IndicatorLibraryDialog(entries, "2021", "2026", "满意度指标", "")
    qtbot.addWidget(dialog)
    assert dialog.model.row_count() > 0 and {e.level1 for e in dialog.model.entries} == {"满意度指标"}
    dialog.search_edit.setText("单位 满意度")
    assert all("单位" in e.name for e in dialog.model.entries)
    assert dialog.model.index(0, 1).data() == "≥90.00(%)"
    dialog.show()
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.view
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.picked().name == dialog.model.entries[0].name
