"""帮助 → 关于 names the version every build carries (g60desk/version.py), with its commit."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from g60desk.version import current


def test_about_shows_the_growing_version(make_window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    window = make_window()
    window.about()
    [(title, text)] = shown
    assert title == "关于 g60desk"
    assert current().describe() in text
    assert f"g60desk {current().version}" in text and current().version.count(".") == 3
