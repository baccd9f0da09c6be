"""帮助 → 使用说明: the guide opens from the menu, shows its pictures, and names only what the window has."""
from __future__ import annotations

import re

from PySide6.QtGui import QImage, QPixmap, QTextDocument

from g60desk.qt.shell.help_window import GUIDE
from g60desk.resources_path import resource


def guide_html() -> str:
    return resource(*GUIDE).read_text(encoding="utf-8")


def test_the_guide_opens_from_the_help_menu_with_its_pictures(make_window, sample_copy, qtbot):
    window = make_window(sample_copy("2026"))
    window.form.actionGuide.trigger()
    guide = window._guide
    qtbot.waitUntil(guide.isVisible)
    text = guide.browser.toPlainText()
    for step in ("录入", "审核", "打印", "导出报送文件"):
        assert step in text
    pictures = re.findall(r'<img src="([^"]+)"', guide_html())
    assert len(pictures) >= 6
    for name in pictures:
        image = guide.browser.document().resource(QTextDocument.ResourceType.ImageResource, name)
        assert isinstance(image, (QImage, QPixmap)) and not image.isNull() and image.width() >= 400, name


def test_the_guide_names_menu_entries_and_keys_the_window_really_has(make_window, sample_copy):
    window = make_window(sample_copy("2026"))
    html = guide_html()
    for entry in re.findall(r"<b>(?:文件|审核|编辑|帮助) → ([^<（]+)</b>", html):
        texts = [a.text().split("(&")[0].rstrip("…") for a in window.findChildren(type(window.form.actionNew))]
        assert entry.strip() in texts, entry
    shortcuts = {a.text().split("(&")[0].rstrip("…"): a.shortcut().toString()
                 for a in window.findChildren(type(window.form.actionNew))}
    for entry, key in re.findall(r"<b>(?:文件|审核|帮助) → ([^<]+)</b>（((?:Ctrl\+)?F?\w+)）", html):
        assert shortcuts.get(entry.strip()) == key, (entry, key)
