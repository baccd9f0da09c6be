"""Chinese line breaking (避头尾) of the printed text: punctuation, numbers with their units, indents."""
from __future__ import annotations

import functools
import re

import pytest

from g60desk.exchange.samples import sample_document
from g60desk.report.linebreak import CANNOT_END, CANNOT_START, break_lines, segments


def width_of(ch: str) -> float:
    """A CJK character is one em, an ASCII one half."""
    return 0.5 if ord(ch) < 128 else 1.0


def lines_of(text: str, width: float) -> list[str]:
    return [text[a:b] for a, b in break_lines(text, [width], width_of)]


#: a number with the unit written after it: never split
NUMBER_WITH_UNIT = re.compile(r"[0-9][0-9,.]*(?:万元|万|亿元|元|平|人|月|个|次|家|篇|场|天|年|%)")


@functools.cache
def all_texts() -> list[str]:
    """Every paragraph the samples print: sections, goals, indicator names and budget lines."""
    from g60desk.domain.wording import budget_paragraphs
    texts = []
    for year in ("2022", "2026"):
        for _, node in sample_document(year).iter_nodes():
            if not node.declared:
                continue
            texts += [s.text for s in node.explanation.sections.values() if s.text]
            texts += [node.form.overall_goal, node.form.annual_goal] + [i.name for i in node.form.indicators]
            texts += [p.text for p in budget_paragraphs(node.explanation)]
    return [line for text in texts for line in text.splitlines() if line]


@pytest.mark.parametrize("width", [7, 11.5, 16, 23, 38])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width):
    checked = 0
    for text in all_texts():
        lines = lines_of(text, width)
        assert "".join(lines) == text                         # nothing lost, nothing added
        for line in lines[1:]:
            assert line[0] not in CANNOT_START, (line, text)
        for line in lines[:-1]:
            assert line.rstrip()[-1:] not in CANNOT_END, (line, text)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("width", [7, 11.5, 16, 23, 38])
def test_a_number_stays_with_its_unit_and_a_word_stays_whole(width):
    for text in all_texts():
        cuts = set()
        position = 0
        for line in lines_of(text, width)[:-1]:
            position += len(line)
            cuts.add(position)
        for match in list(NUMBER_WITH_UNIT.finditer(text)) + list(re.finditer(r"[A-Za-z0-9]+", text)):
            inside = set(range(match.start() + 1, match.end()))
            assert not (cuts & inside), (match.group(0), text)


def pieces(text: str) -> list[str]:
    return [text[a:b] for a, b in segments(text)]


def test_the_unbreakable_pieces_of_real_lines():
    assert pieces("每人每月0.3万元*16人*12月=57.60万") == [
        "每", "人", "每", "月", "0.3万元*", "16人*", "12月=", "57.60万"]
    assert pieces("1,469平*16*12=28.20万元；") == ["1,469平*", "16*", "12=", "28.20万元；"]
    assert pieces("按16元/平/月，") == ["按", "16元/平/月，"]
    assert pieces("《建设方案》指出")[:1] == ["《建"]       # 《 never ends a line
    assert pieces("（估）：每月") == ["（估）：", "每", "月"]
    assert pieces("G60科创") == ["G60", "科", "创"] and pieces("≥85%")[-1] == "85%"


def test_a_closing_mark_may_hang_but_a_character_never_does():
    assert lines_of("一二三四。五六", 4) == ["一二三四。", "五六"]     # the 。 hangs past the edge
    assert lines_of("一二三四五。六", 4) == ["一二三四", "五。六"]     # 。 may not start a line: 五 takes it along


def test_a_piece_wider_than_a_line_is_cut_between_characters():
    assert lines_of("1234567890123456", 4) == ["12345678", "90123456"]
    assert "".join(lines_of("甲" + "9" * 40 + "乙", 5)) == "甲" + "9" * 40 + "乙"


def test_spaces_at_a_line_end_stay_there():
    assert lines_of("一二三 四五六", 3) == ["一二三 ", "四五六"]


class RecordingCanvas:
    """Records where each line of a Text starts."""

    def __init__(self):
        self.starts = []

    def saveState(self):  # noqa: N802 - reportlab's names
        pass

    def restoreState(self):  # noqa: N802
        pass

    def setFillColor(self, colour):  # noqa: N802
        pass

    def beginText(self, x, y):  # noqa: N802
        self.starts.append((x, y))
        from reportlab.pdfgen.canvas import Canvas
        from reportlab.pdfgen.textobject import PDFTextObject
        return PDFTextObject(Canvas("unused.pdf"), x, y)

    def drawText(self, text):  # noqa: N802
        pass


def test_wrapped_budget_lines_keep_their_indent():
    from g60desk.report.fonts import load_fonts
    from g60desk.report.styles import BODY_FONT_SIZE, Styles

    styles = Styles(load_fonts(False))
    text = "展示馆面积1,469平，物业管理费按16元/平/月，全年合计：1,469平*16*12=28.20万元；" * 3
    for level in (0, 1, 2):
        style = styles.indented(level)
        flowable = styles.p(text, style)
        flowable.wrap(300, 1000)
        canvas = RecordingCanvas()
        flowable.canv = canvas
        flowable.draw()
        xs = [x for x, _ in canvas.starts]
        assert len(xs) >= 3
        assert xs[0] == pytest.approx(2 * BODY_FONT_SIZE * level + 2 * BODY_FONT_SIZE)   # first-line indent
        assert all(x == pytest.approx(2 * BODY_FONT_SIZE * level) for x in xs[1:])       # the level's indent


def test_a_split_paragraph_continues_at_its_indent_without_a_first_line_indent():
    from g60desk.report.fonts import load_fonts
    from g60desk.report.styles import BODY_LEADING, Styles

    styles = Styles(load_fonts(False))
    text = "按照区科创发展办内控要求，结合2022年年度工作计划，合理合规使用经费。" * 6
    flowable = styles.p(text, styles.indented(1))
    flowable.wrap(300, 1000)
    head, rest = flowable.split(300, 2 * BODY_LEADING + 1)
    assert head.wrap(300, 1000)[1] == 2 * BODY_LEADING
    assert head.text + rest.text == text
    assert rest.style.firstLineIndent == 0 and rest.style.leftIndent == flowable.style.leftIndent
