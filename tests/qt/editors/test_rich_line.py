"""The line under the budget grid (六、年度预算安排合计 …): its text changes with every amount typed, and that must
not make the window lay itself out again — only a text that needs another line of height asks for room."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from g60desk.qt.editors.rich_line import RichTextLine


class LayoutRequests(QObject):
    count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _shown(qtbot, line_class):
    outer = QWidget()
    layout = QVBoxLayout(outer)
    line = line_class()
    layout.addWidget(line)
    layout.addStretch(1)   # as under the grid: the line gets the height it asks for
    outer.resize(600, 200)
    qtbot.addWidget(outer)
    outer.show()
    line.setText("六、年度预算安排合计 <b>102.5 万元</b>")
    qtbot.wait(10)
    requests = LayoutRequests()
    outer.installEventFilter(requests)
    return outer, line, requests


def test_a_new_total_of_the_same_height_lays_out_nothing(qtbot):
    _outer, line, requests = _shown(qtbot, RichTextLine)
    line.setText("六、年度预算安排合计 <b>1,234,567.8901 万元</b> ＝ 年度资金申请总额 1,234,567.8901 万元")
    qtbot.wait(10)
    assert requests.count == 0
    assert "1,234,567.8901" in line.text()


def test_a_text_that_needs_another_line_asks_for_room(qtbot):
    _outer, line, requests = _shown(qtbot, RichTextLine)
    before = line.height()
    line.setText("很长的说明文字" * 40)
    qtbot.wait(10)
    assert requests.count >= 1 and line.height() > before


def test_a_plain_label_would_lay_out_its_window_again(qtbot):
    """Why the line exists: a QLabel asks for room on every new text, even one of the same size."""
    _outer, label, requests = _shown(qtbot, QLabel)
    label.setText("六、年度预算安排合计 <b>102.6 万元</b>")
    qtbot.wait(10)
    assert requests.count >= 1
