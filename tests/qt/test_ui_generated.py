"""Every Designer form in ui/ has a compiled form in g60desk/qt/ui_generated/ made from its current text."""
from __future__ import annotations

import pytest

from g60desk import build_ui

UI_FILES = sorted(build_ui.UI_DIR.glob("*.ui"))


def test_there_are_forms():
    assert any(f.name == "main_window.ui" for f in UI_FILES)


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_generated_form_is_not_older_than_its_ui(ui_file):
    generated = build_ui.target_of(ui_file)
    assert generated.exists(), f"{generated.name} missing: run python -m g60desk.build_ui"
    assert build_ui.recorded_hash(generated) == build_ui.source_hash(ui_file), (
        f"{generated.name} is stale (ui/{ui_file.name} changed): run python -m g60desk.build_ui")
    assert generated.stat().st_mtime >= ui_file.stat().st_mtime or not build_ui.is_stale(ui_file)


def test_build_skips_fresh_forms_and_rebuilds_stale_ones(tmp_path, monkeypatch):
    source = tmp_path / "ui"
    source.mkdir()
    (source / "tiny.ui").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><ui version="4.0"><class>Tiny</class>'
        '<widget class="QWidget" name="Tiny"/><resources/><connections/></ui>', encoding="utf-8")
    monkeypatch.setattr(build_ui, "UI_DIR", source)
    monkeypatch.setattr(build_ui, "OUT_DIR", tmp_path / "out")
    assert [p.name for p in build_ui.build(quiet=True)] == ["ui_tiny.py"]
    assert build_ui.build(quiet=True) == []
    text = (tmp_path / "out" / "ui_tiny.py").read_text(encoding="utf-8")
    assert text.startswith(build_ui.HASH_PREFIX) and "class Ui_Tiny" in text
    (source / "tiny.ui").write_text((source / "tiny.ui").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build_ui.is_stale(source / "tiny.ui")
    assert [p.name for p in build_ui.build(quiet=True)] == ["ui_tiny.py"]
