"""render_pdf: the 申报材料 (or chosen nodes) of a Document as one A4 PDF, written atomically.

Document order: per department 绩效目标设置情况, then for each declared node its 项目经费情况说明 and its
申报表, each starting on a new page; optionally the 审核清单 last. Every page carries "第 N 页 共 M 页" and the
document's 校验码.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from ..domain.model import Department, Document, Node
from ..domain.review import ReviewList
from ..domain.serialize import digest, short_digest
from ..domain.templates import get_template
from . import _reportlab  # noqa: F401 - first: reportlab.platypus without its slow URL pattern
from .errors import ReportError
from .explanation import ExplanationBuilder
from .fonts import FontSet, load_fonts
from .form import FormBuilder
from .options import PrintOptions
from .review import ReviewBuilder
from .styles import (
    FOOTER_Y,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Styles,
)

#: binary (compressed) streams, not ASCII85: smaller files and no time spent encoding embedded fonts
rl_config.useA85 = 0

Progress = Callable[[int, int], None]
NodePath = tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """A declared node to print with its number N within its department."""

    department: Department
    path: NodePath
    node: Node
    number: int


def declared_items(doc: Document) -> list[Item]:
    """Every declared node of the document in tree order, numbered 1, 2 … within its department."""
    items = []
    for dept in doc.departments:
        number = 0
        for path, node in dept.iter_nodes():
            if node.declared:
                number += 1
                items.append(Item(dept, (dept.name,) + path, node, number))
    return items


def select_items(doc: Document, nodes: Sequence[Sequence[str]] | None) -> list[Item]:
    """The declared nodes at or below each chosen path (department, project[, sub-project]), in document order."""
    items = declared_items(doc)
    if nodes is None:
        return items
    if not nodes:
        raise ReportError("没有选择要打印的项目。")
    chosen: list[NodePath] = []
    for path in nodes:
        path = tuple(path)
        if doc.find(path) is None:
            raise ReportError(f"文件中没有“{'/'.join(path)}”，无法打印。")
        chosen.append(path)
    picked = [item for item in items if any(item.path[:len(p)] == p for p in chosen)]
    if not picked:
        raise ReportError(f"所选的“{'、'.join('/'.join(p) for p in chosen)}”下没有填报申报表的项目，没有可打印的内容。")
    return picked


class _ProgressMark(Flowable):
    """Zero-size flowable reporting progress when layout reaches it."""

    def __init__(self, callback: Callable[[], None]):
        super().__init__()
        self.callback = callback

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self):
        self.callback()


def build_story(doc: Document, items: list[Item], options: PrintOptions, styles: Styles,
                mark: Callable[[], Flowable], whole: bool, review: ReviewList | None = None) -> list[Flowable]:
    """The flowables of the job; each block (overview, explanation, form, the 审核清单) starts a new page."""
    forms = FormBuilder(styles, doc.budget_year)
    explanations = ExplanationBuilder(styles)
    departments = doc.departments if whole else \
        [d for d in doc.departments if any(i.department is d for i in items)]
    blocks: list[list[Flowable]] = []
    for dept in departments:
        overview = explanations.overview(dept, doc.budget_year, get_template(doc.template)) \
            if options.include_overview else []
        if overview:   # a blank 绩效目标设置情况 prints nothing
            blocks.append(overview)
        for item in (i for i in items if i.department is dept):
            form = item.node.form
            assert form is not None   # declared_items gives declared nodes only
            if options.include_explanations and item.node.explanation is not None:
                blocks.append(explanations.build(item.node.explanation, item.number,
                                                 get_template(form.template)))
            if options.include_forms:
                blocks.append(forms.build(item.node.name, form, item.number, options.signature))
            if blocks:
                blocks[-1].append(mark())
    if review is not None:
        blocks.append(ReviewBuilder(styles).build(review))
    story: list[Flowable] = []
    for block in blocks:
        if story:
            story.append(PageBreak())
        story += block
    return story


def numbered_canvas(fonts: FontSet, check_code: str):
    """A canvas class that draws "第 N 页 共 M 页" and the 校验码 once the page count is known."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                rl_canvas.Canvas.showPage(self)
            rl_canvas.Canvas.save(self)

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setFont(fonts.name, 8)
            self.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"第 {self._pageNumber} 页 共 {total} 页")  # type: ignore[attr-defined]
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, FOOTER_Y, f"校验码 {check_code}")
            self.restoreState()

    return NumberedCanvas


def _doc_template(target: str, fonts: FontSet, title: str, check_code: str) -> BaseDocTemplate:
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return BaseDocTemplate(
        target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageTemplates=[PageTemplate("page", [frame])],
        title=title, author="g60desk", subject=f"校验码 {check_code}", creator="g60desk",
        invariant=1, initialFontName=fonts.name, lang="zh-CN",
    )


def render_pdf(doc: Document, out_path, *, nodes: list[tuple[str, ...]] | None = None,
               options: PrintOptions | None = None, progress: Progress | None = None,
               review: ReviewList | None = None) -> int:
    """Write the 申报材料 of ``doc`` (or only ``nodes``) to ``out_path`` as PDF; return the page count.

    ``review`` (checks.report.review_list) adds the 审核清单 page at the end.
    The file appears whole or not at all: it is written beside the target and renamed over it.
    ``progress(done, total)`` is called as each node is laid out and once the file is written.
    Raises :class:`ReportError` for a path that is not in the document.
    """
    options = options or PrintOptions()
    items = select_items(doc, nodes)
    if options.include_overview is None:
        options = replace(options, include_overview=nodes is None)
    fonts = load_fonts(options.prefer_system_font)
    styles = Styles(fonts)
    total = len(items) + 1
    done = [0]

    def mark() -> Flowable:
        def advance() -> None:
            done[0] += 1
            if progress is not None:
                progress(min(done[0], total - 1), total)
        return _ProgressMark(advance)

    story = build_story(doc, items, options, styles, mark, whole=nodes is None, review=review)
    check_code = short_digest(digest(doc))
    out = Path(out_path)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        template = _doc_template(str(tmp), fonts, "申报材料", check_code)
        template.build(story, canvasmaker=numbered_canvas(fonts, check_code))
        _fsync(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(total, total)
    return template.page


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
