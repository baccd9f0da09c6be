"""文件 → 下一年度申报 in the window: the dialog's proposals, and the new file opened on request."""
from __future__ import annotations

from g60desk.domain.next_year import NextYearOptions
from g60desk.qt.shell.next_year_dialog import NextYearDialog


def test_the_dialog_proposes_next_year_beside_the_file_and_counts_the_years_in_the_texts(make_window, sample_copy,
                                                                                         qtbot, tmp_path):
    path = sample_copy("2026")
    window = make_window(path)
    dialog = NextYearDialog(window.session.doc, path, window)
    qtbot.addWidget(dialog)
    assert dialog.year() == 2027
    assert dialog.target() == tmp_path / "copy2027.g60"       # the year in the name moves on
    assert "“2026年”改为“2027年”（共 15 处）" in dialog.years_box.text()
    assert dialog.options() == NextYearOptions()          # keep amounts and values, dates a year on
    dialog.year_spin.setValue(2028)
    assert "（共 15 处）" in dialog.years_box.text() and dialog.target().name == "copy2028.g60"
    dialog.path_edit.setText(str(path))
    dialog._target_typed = True
    dialog.accept()
    assert "已存在" in dialog.message.text() and dialog.result() == 0


def test_the_new_file_is_made_and_opened_in_the_window(make_window, sample_copy, answers, tmp_path, reopen):
    path = sample_copy("2022")
    window = make_window(path)
    target = tmp_path / "2023.g60"
    answers.confirm = True
    assert window.form.actionNextYear.isEnabled()
    made = window.make_next_year(target, 2023, NextYearOptions(years_in_text=True))
    assert made == target and "2023 年度申报文件" in answers.confirmations[-1]
    assert window.session.path == target and window.session.doc.budget_year == 2023
    assert window.windowTitle().startswith("2023.g60 — 2023 年度")
    assert reopen(path).budget_year == 2022          # this year's file is unchanged


def _move_item(combo):
    return combo.model().item(combo.findData("move"))


def test_move_into_last_year_columns_can_be_picked_only_when_a_template_has_them(make_window, sample_copy,
                                                                                  last_year_file, qtbot, tmp_path):
    path = sample_copy("2026")
    window = make_window(path)
    dialog = NextYearDialog(window.session.doc, path, window)
    qtbot.addWidget(dialog)
    for combo in (dialog.amounts, dialog.values):
        assert not _move_item(combo).isEnabled() and "没有上年的列" in _move_item(combo).toolTip()
    own = NextYearDialog(make_window(last_year_file).session.doc, last_year_file, window)
    qtbot.addWidget(own)
    assert _move_item(own.amounts).isEnabled() and _move_item(own.values).isEnabled()
    own.amounts.setCurrentIndex(own.amounts.findData("move"))
    own.values.setCurrentIndex(own.values.findData("move"))
    assert own.options() == NextYearOptions(amounts="move", values="move")
