"""与上次报送比较 on paper: what changed since the last 导出报送文件, place by place (报送时 → 现在), with the
file's 校验码 now on every page — for the clerk's head of unit, or for the bureau with the new 报送文件."""
from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..domain.model import Document
from ..domain.serialize import digest, short_digest
from ..exchange.diff import FieldChange
from . import _reportlab  # noqa: F401 - first: reportlab.platypus without its slow URL pattern
from .fonts import load_fonts
from .grid import Cell, Grid, Row
from .render import _doc_template, _fsync, numbered_canvas
from .styles import FRAME_HEIGHT, Styles

CHANGES_TITLE = "与上次报送比较"
#: 序号 · 项目 · 内容 · 报送时 · 现在 (174 mm)
CHANGE_COLUMNS = tuple(w * mm for w in (10.0, 40.0, 40.0, 42.0, 42.0))
CHANGE_HEADERS = ("序号", "项目", "内容", "报送时", "现在")


def changes_story(styles: Styles, heading: str, changes: list[FieldChange]) -> list[Flowable]:
    def cell(text: str, col: int, center: bool = False) -> Cell:
        return Cell(styles.lines(text, styles.cell_center if center else styles.cell), col,
                    valign="MIDDLE" if center else "TOP")

    story: list[Flowable] = [styles.bold(CHANGES_TITLE, styles.title), styles.p(heading, styles.subtitle)]
    if not changes:
        return story
    header = Row([cell(text, col, center=True) for col, text in enumerate(CHANGE_HEADERS)])
    rows = [Row([cell(str(n), 0, center=True), cell(" › ".join(c.path) or "（部门）", 1), cell(c.field, 2),
                 cell(c.old, 3), cell(c.new, 4)]) for n, c in enumerate(changes, start=1)]
    story.append(Grid(rows, CHANGE_COLUMNS, FRAME_HEIGHT, styles.fonts.name, header=[header]))
    return story


def render_changes_pdf(doc: Document, heading: str, changes: list[FieldChange], out_path: str | Path,
                       prefer_system_font: bool = True) -> int:
    """The comparison as an A4 PDF written whole or not at all; returns the page count."""
    fonts = load_fonts(prefer_system_font)
    check_code = short_digest(digest(doc))
    out = Path(out_path)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        template = _doc_template(str(tmp), fonts, CHANGES_TITLE, check_code)
        template.build(changes_story(Styles(fonts), heading, changes), canvasmaker=numbered_canvas(fonts, check_code))
        _fsync(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return int(template.page)
