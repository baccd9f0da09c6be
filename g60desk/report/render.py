"""render_pdf: the 申报材料 (or chosen nodes) of a Document as one A4 PDF, written atomically.

Document order: per department 绩效目标设置情况, then for each declared node its 项目经费情况说明 and its
申报表, each starting on a new page; optionally the 审核清单 last. Every page carries "第 N 页 共 M 页" and the
document's 校验码.
"""
from __future__ import annotations

import os
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
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


def iter_blocks(doc: Document, items: list[Item], options: PrintOptions, styles: Styles,
                mark: Callable[[], Flowable], whole: bool,
                review: ReviewList | None = None, release: bool = False) -> Iterator[list[Flowable]]:
    """The blocks of the job in order (overview, explanation, form, the 审核清单), each to start a new page, made
    one at a time: a 5,000-form job never holds the flowables of more than a block or two. ``mark()`` follows
    each item, in the last block made so far. ``release``: each node's form and explanation are let go once
    its blocks are made (see :func:`render_pdf`)."""
    forms = FormBuilder(styles, doc.budget_year)
    explanations = ExplanationBuilder(styles)
    departments = doc.departments if whole else \
        [d for d in doc.departments if any(i.department is d for i in items)]
    by_department: dict[int, list[Item]] = {}
    for item in items:
        by_department.setdefault(id(item.department), []).append(item)
    pending: list[Flowable] | None = None
    for dept in departments:
        overview = explanations.overview(dept, doc.budget_year, get_template(doc.template)) \
            if options.include_overview else []
        if overview:   # a blank 绩效目标设置情况 prints nothing
            if pending is not None:
                yield pending
            pending = overview
        for item in by_department.get(id(dept), []):
            form = item.node.form
            assert form is not None   # declared_items gives declared nodes only
            if options.include_explanations and item.node.explanation is not None:
                if pending is not None:
                    yield pending
                pending = explanations.build(item.node.explanation, item.number, get_template(form.template))
            if options.include_forms:
                if pending is not None:
                    yield pending
                pending = forms.build(item.node.name, form, item.number, options.signature)
            if pending is not None:
                pending.append(mark())
            if release:
                item.node.form = item.node.explanation = None
    if review is not None:
        if pending is not None:
            yield pending
        pending = ReviewBuilder(styles).build(review)
    if pending is not None:
        yield pending


def build_story(doc: Document, items: list[Item], options: PrintOptions, styles: Styles,
                mark: Callable[[], Flowable], whole: bool, review: ReviewList | None = None) -> list[Flowable]:
    """The flowables of the job as one list; each block (overview, explanation, form, the 审核清单) starts a new
    page."""
    story: list[Flowable] = []
    for block in iter_blocks(doc, items, options, styles, mark, whole, review):
        if story:
            story.append(PageBreak())
        story += block
    return story


class LazyStory:
    """The story handed to reportlab, made a block at a time as layout reaches it (:func:`iter_blocks`, a page
    break between blocks). reportlab takes flowables from the front and puts split parts back there: a deque
    does both at once where a list moved every flowable after the first, each time (quadratic in the job).
    At least LOOKAHEAD flowables are kept ready, so that reportlab sees what follows as it would in a list."""

    LOOKAHEAD = 64

    def __init__(self, blocks: Iterator[list[Flowable]]):
        self._head: deque[Flowable] = deque()
        self._blocks = blocks
        self._started = False

    def _fill(self, count: int) -> None:
        while len(self._head) < count:
            block = next(self._blocks, None)
            if block is None:
                return
            if self._started:
                self._head.append(PageBreak())
            self._started = True
            self._head.extend(block)

    def __len__(self) -> int:
        self._fill(self.LOOKAHEAD)
        return len(self._head)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            self._fill(index.stop if index.stop is not None else sys.maxsize)
            return list(self._head)[index]
        self._fill(index + 1)
        return self._head[index]

    def __delitem__(self, index: int | slice) -> None:
        if isinstance(index, slice):
            assert index.start in (None, 0) and index.step is None
            for _ in range(index.stop):
                self._head.popleft()
        else:
            del self._head[index]

    def __setitem__(self, index: slice, flowables: Sequence[Flowable]) -> None:
        assert isinstance(index, slice) and index.start in (None, 0) and index.step is None
        for _ in range(index.stop or 0):
            self._head.popleft()
        self._head.extendleft(reversed(list(flowables)))

    def insert(self, index: int, flowable: Flowable) -> None:
        self._head.insert(index, flowable)


def numbered_canvas(fonts: FontSet, check_code: str):
    """A canvas class that draws "第 N 页 共 M 页" and the 校验码 once the page count is known.

    Until then each page is kept small: its drawing commands joined and compressed (not the list of every
    command), and each page's stream is compressed as soon as its footer is drawn (not all of them at the end,
    uncompressed): a 5,000-form job stays within a few hundred MiB. The file is byte for byte what drawing every
    page at once gave."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[tuple[dict, bytes | None]] = []
            self._first: dict | None = None

        def showPage(self):  # noqa: N802 - reportlab's name
            state = dict(self.__dict__)
            code = state.pop("_code")
            if self._first is None:
                self._first = state
            else:   # what differs from the first page (a dozen of sixty attributes)
                state = {key: value for key, value in state.items() if self._first.get(key) is not value}
            self._pages.append((state, zlib.compress("\n".join(code).encode("utf-8")) if code else None))
            self._startPage()

        def save(self):
            total = len(self._pages)
            pages, self._pages = self._pages, []
            for i, (state, code) in enumerate(pages):
                pages[i] = ({}, None)   # let the page go once drawn
                if self._first is not None:
                    self.__dict__.update(self._first)
                self.__dict__.update(state)
                self._code = [zlib.decompress(code).decode("utf-8")] if code is not None else []
                self._footer(total)
                rl_canvas.Canvas.showPage(self)
                _compress_now(self._doc.Pages.pages[-1])
            rl_canvas.Canvas.save(self)

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setFont(fonts.name, 8)
            self.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"第 {self._pageNumber} 页 共 {total} 页")  # type: ignore[attr-defined]
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, FOOTER_Y, f"校验码 {check_code}")
            self.restoreState()

    return NumberedCanvas


def _compress_now(page: pdfdoc.PDFPage) -> None:
    """The page's content stream compressed now, exactly as reportlab would when writing the file (FlateDecode
    of the UTF-8 text; a stream that says its filter is not filtered again)."""
    text = getattr(page, "stream", None)
    if not text or page.Contents or not page.compression or rl_config.useA85:
        return
    stream = pdfdoc.PDFStream(content=zlib.compress(text.encode("utf-8") if isinstance(text, str) else text))
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    stream.__Comment__ = "page stream"   # type: ignore[attr-defined]   # as reportlab labels it
    page.Contents = stream
    page.stream = None


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
               review: ReviewList | None = None, release: bool = False) -> int:
    """Write the 申报材料 of ``doc`` (or only ``nodes``) to ``out_path`` as PDF; return the page count.

    ``review`` (checks.report.review_list) adds the 审核清单 page at the end.
    ``release`` (a one-shot print that reads the document for this alone: ``g60desk print``): each printed
    node's form and explanation are let go once its pages are made — the document is not usable afterwards —
    so that a bureau-sized job does not hold the whole file while the PDF is written.
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

    story = LazyStory(iter_blocks(doc, items, options, styles, mark, whole=nodes is None, review=review,
                                  release=release))
    check_code = short_digest(digest(doc))
    out = Path(out_path)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        template = _doc_template(str(tmp), fonts, "申报材料", check_code)
        # reportlab asks of the story only what LazyStory does (a list's front, len, insert)
        template.build(story, canvasmaker=numbered_canvas(fonts, check_code))  # type: ignore[arg-type]
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
