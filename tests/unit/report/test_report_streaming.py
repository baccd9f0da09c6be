"""Printing a bureau-sized job in bounded memory: the story is made a block at a time, the held-back pages are
kept compressed — and the PDF is byte for byte what drawing every page at once from one list gave."""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import PageBreak, Spacer

from g60desk.domain.serialize import digest, short_digest
from g60desk.report.fonts import load_fonts
from g60desk.report.options import PrintOptions
from g60desk.report.render import (
    FOOTER_Y,
    MARGIN_RIGHT,
    PAGE_WIDTH,
    LazyStory,
    _doc_template,
    _ProgressMark,
    build_story,
    declared_items,
    render_pdf,
)
from g60desk.report.styles import Styles

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from benchmarks.generate import Size, build_document  # noqa: E402


def _all_at_once(doc, out: Path) -> None:
    """The job as it was printed before: one list of flowables, every page held whole until the count is known."""
    fonts = load_fonts(False)
    code = short_digest(digest(doc))
    story = build_story(doc, declared_items(doc), PrintOptions(include_overview=True, prefer_system_font=False),
                        Styles(fonts), lambda: _ProgressMark(lambda: None), whole=True)

    class HeldPages(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held = []

        def showPage(self):  # noqa: N802
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._held:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(fonts.name, 8)
                self.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"第 {self._pageNumber} 页 共 {len(self._held)} 页")
                self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, FOOTER_Y, f"校验码 {code}")
                self.restoreState()
                rl_canvas.Canvas.showPage(self)
            rl_canvas.Canvas.save(self)
    _doc_template(str(out), fonts, "申报材料", code).build(story, canvasmaker=HeldPages)


def test_a_job_printed_a_block_at_a_time_is_the_same_file(tmp_path):
    doc = build_document(Size(departments=2, projects_per_department=2, subprojects_per_project=3))
    streamed, whole = tmp_path / "streamed.pdf", tmp_path / "whole.pdf"
    pages = render_pdf(doc, streamed, options=PrintOptions(prefer_system_font=False))
    _all_at_once(doc, whole)
    assert pages > 12 * 2                               # overviews, explanations and forms of 12 nodes
    assert streamed.read_bytes() == whole.read_bytes()


def test_the_story_is_made_as_layout_reaches_it_and_behaves_as_a_list():
    pulled = []

    def blocks():
        for i in range(1000):
            pulled.append(i)
            yield [Spacer(1, i), Spacer(1, i + 0.5)]
    story = LazyStory(blocks())
    assert len(story) >= 1 and len(pulled) < 100        # a few blocks ahead, not the job
    first = story[0]
    del story[0]
    story.insert(0, first)                              # reportlab puts back what did not fit
    story[0:0] = [Spacer(1, -1)]                        # and the parts of a split flowable
    assert story[0].height == -1 and story[1] is first
    del story[:2]
    assert story[0].height == 0.5 and isinstance(story[1], PageBreak)   # a page break between blocks
    seen = 0
    while len(story):
        del story[0]
        seen += 1
    assert len(pulled) == 1000 and seen == 1000 * 3 - 2


def test_a_one_shot_print_lets_go_of_each_node_and_prints_the_same(tmp_path):
    """g60desk print: each node's form and explanation are let go once its pages are made (the document is
    read for this print alone); the file is the same as a print that keeps them."""
    import copy
    doc = build_document(Size(departments=2, projects_per_department=2, subprojects_per_project=2))
    kept, released = tmp_path / "kept.pdf", tmp_path / "released.pdf"
    render_pdf(doc, kept, options=PrintOptions(prefer_system_font=False))
    consumed = copy.deepcopy(doc)
    render_pdf(consumed, released, options=PrintOptions(prefer_system_font=False), release=True)
    assert kept.read_bytes() == released.read_bytes()
    assert all(node.form is None and node.explanation is None for _, node in consumed.iter_nodes())
    assert all(node.form is not None for _, node in doc.iter_nodes() if node.explanation is not None)
