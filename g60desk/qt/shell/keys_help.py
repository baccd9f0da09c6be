"""帮助 → 键盘操作 (F1): every key of the window in one list, for the clerk who works without the mouse.

The window's and the grids' commands are read from their actions, so the list always shows the keys the
program really has; the keys of the grids and text fields that are no action are listed beside them.
"""
from __future__ import annotations

import re
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from . import settings_state

#: Keys that are no action: how the tree, the fields, the grids and the 审核 list behave.
MOVING = (
    ("F6 / Shift+F6", "在左侧项目树、右侧申报表和下方审核结果之间移动"),
    ("Tab / Shift+Tab", "按填表顺序到下一个 / 上一个输入框；表格中到右边 / 左边一格"),
    ("Ctrl+Tab / Ctrl+PgDn", "申报表的下一页（基本信息 → 绩效目标 → 经费情况说明，表上有说明时）"),
    ("F9", "全部审核，光标到审核结果"),
    ("Enter（审核结果中）", "转到出错的位置"),
    ("Alt+A / Alt+W", "确认所选警告（写明理由）/ 取消确认"),
)
FIELDS = (
    ("Enter、Tab 或离开输入框", "保存输入；金额按表的单位（元或万元）写数，也可带单位：78万、780000元"),
    ("Ctrl+Enter", "多行文字（目标、经费说明、理由）中保存 / 确定"),
    ("Alt+↓ 或 F4", "日期：打开日历（方向键选日，Enter 确定）"),
    ("Ctrl+Z（刚输入、未保存时）", "撤销输入框中的输入；保存之后撤销这一步修改"),
    ("Esc（输入框中）", "放弃刚才的输入，恢复原来的内容（单行、多行文字和金额都一样）"),
)
GRIDS = (
    ("直接打字", "替换当前格的内容；F2 修改当前格"),
    ("Enter", "保存并到下一行；提示列表打开时，选中的一项或唯一匹配的一项"),
    ("Tab / Shift+Tab", "保存并到右边 / 左边一格（可选的格同 Enter 取唯一匹配的一项），最后一格之后离开表格"),
    ("Alt+↓", "一级/二级指标：打开可选列表"),
    ("Delete", "清除所选的格"),
    ("Ctrl+C / Ctrl+V", "复制 / 粘贴一块格子（与 Excel 互通）"),
)


_MNEMONIC = re.compile(r"\(&[A-Za-z0-9]\)")


def _plain(text: str) -> str:
    """An action's text as a list shows it: no menu key ("新建(&N)…" → "新建"), no trailing "…"."""
    text = _MNEMONIC.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def action_keys(actions: list[QAction]) -> list[tuple[str, str]]:
    """(keys, what) for every action that has a shortcut, in the given order, each once."""
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for action in actions:
        keys = " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                          if not s.isEmpty())
        row = (keys, _plain(action.text()))
        if keys and row not in seen:
            seen.add(row)
            rows.append(row)
    return rows


def _section(title: str, rows) -> str:
    head = f"<tr><td colspan='2' style='padding-top:12px'><h3>{escape(title)}</h3></td></tr>"
    return head + "".join(f"<tr><td style='padding-right:24px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
                          for k, v in rows)


def keyboard_help_html(window_actions: list[QAction], grid_actions: list[QAction]) -> str:
    """One table, so that the keys of every section line up."""
    sections = [("窗口和菜单", action_keys(window_actions)), ("移动", MOVING), ("输入框", FIELDS),
                ("表格（绩效指标、年度预算明细）", GRIDS)]
    if grid_actions:
        sections.append(("表格中的命令（光标在表格中时）", action_keys(grid_actions)))
    body = "".join(_section(title, rows) for title, rows in sections)
    return f"<table cellspacing='0' cellpadding='3'>{body}</table>"


def show_keyboard_help(parent: QWidget, window_actions: list[QAction], grid_actions: list[QAction]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("键盘操作")
    layout = QVBoxLayout(dialog)
    text = QTextBrowser()
    text.setObjectName("keysText")
    text.setHtml(keyboard_help_html(window_actions, grid_actions))
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    settings_state.resize_within_screen(dialog, 640, 720)
    dialog.show()
    return dialog
