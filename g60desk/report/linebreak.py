"""Breaking Chinese text into lines as Chinese typesetting does (避头尾), with no reportlab in it.

Rules (GB/T 15834 and common practice; docs/printing.md):

- no closing punctuation at the start of a line: 。，、；：？！）》」』】〉”’… and their ASCII forms;
- no opening punctuation at the end of a line: （《「『【〈“‘ and ( [ {;
- a number is never split, nor cut from its unit: "1,469平", "57.60万", "0.3万元", "85%", "16元/平/月";
- Latin words and numbers ("G60", "ESG", "2026") stay whole; formula operators (* / = + -) stay with
  what they follow;
- a closing punctuation mark that overflows the line by itself hangs into the right margin (one mark
  at most) instead of pulling the character before it onto the next line;
- a piece wider than a whole line (a very long number) is cut between characters.

:func:`break_lines` returns the lines as (start, end) offsets into the text; the caller measures with
its fonts (``width_of`` gives the width of one character).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..domain.formula import MEASURE_WORDS

__all__ = ["CANNOT_END", "CANNOT_START", "break_lines", "segments"]

#: may not begin a line
CANNOT_START = frozenset("。，、；：？！）》」』】〉〕｝］”’…—～·%％‰℃°.,;:!?)]}>/*=+-")
#: may not end a line ("/" neither: "16元/平/月" stays whole)
CANNOT_END = frozenset("（《「『【〈〔｛［“‘([{</")
#: may hang into the right margin when it alone does not fit
HANGING = frozenset("。，、；：？！）》」』】〉”’.,;:!?)")
#: units written right after a number, longest first: the number and its unit are one piece
UNITS: tuple[str, ...] = tuple(sorted(set(MEASURE_WORDS) | {"万元", "万", "元", "亿元", "亿", "千元", "百万元",
                                                            "平方米", "公里", "米", "吨", "亩", "倍", "岁",
                                                            "分钟", "秒", "度"}, key=len, reverse=True))
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_DIGITS = frozenset("0123456789")


def _glued(text: str) -> list[bool]:
    """glue[i]: no line may break between text[i-1] and text[i] (glue[0] is True)."""
    n = len(text)
    glue = [False] * n
    if n:
        glue[0] = True
    for i in range(1, n):
        before, ch = text[i - 1], text[i]
        if ch in CANNOT_START or before in CANNOT_END or before in _WORD and ch in _WORD:
            glue[i] = True
        elif ch in _DIGITS and before in ".,":
            # "1,469" and "28.20": the separator stays between its digits
            glue[i] = i >= 2 and text[i - 2] in _DIGITS
        elif ch.isspace() or before.isspace():
            glue[i] = False
    # a number and the unit written after it
    for i in range(n - 1):
        if text[i] in _DIGITS and text[i + 1] not in _WORD:
            for unit in UNITS:
                if text.startswith(unit, i + 1):
                    for k in range(i + 1, i + 1 + len(unit)):
                        glue[k] = True
                    break
    return glue


def segments(text: str) -> list[tuple[int, int]]:
    """The unbreakable pieces of ``text`` as (start, end) offsets, in order."""
    glue = _glued(text)
    pieces: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text)):
        if not glue[i]:
            pieces.append((start, i))
            start = i
    if text:
        pieces.append((start, len(text)))
    return pieces


def break_lines(text: str, widths: Sequence[float], width_of: Callable[[str], float]) -> list[tuple[int, int]]:
    """``text`` (no newlines) broken into lines: (start, end) offsets. Line k has room ``widths[k]``
    (the last width serves every further line). Spaces at a line's end are left on it and not counted."""
    if not text:
        return [(0, 0)]
    advance = [width_of(ch) for ch in text]
    lines: list[tuple[int, int]] = []
    line_start, used = 0, 0.0

    def room() -> float:
        return widths[min(len(lines), len(widths) - 1)]

    pieces = segments(text)
    k = 0
    while k < len(pieces):
        start, end = pieces[k]
        width = sum(advance[start:end])
        if used + width <= room() + 1e-6:
            used += width
            k += 1
            continue
        if _hangs(text, advance, start, end, used, room()):
            used += width
            k += 1
            continue
        if text[start:end].isspace():          # a space where the line ends: leave it there
            used += width
            k += 1
            continue
        if start > line_start:                   # the piece goes to the next line
            lines.append((line_start, start))
            line_start, used = start, 0.0
            continue
        # the piece alone is wider than a line: cut it between characters
        cut = start
        while cut < end and used + advance[cut] <= room() + 1e-6:
            used += advance[cut]
            cut += 1
        cut = max(cut, start + 1)
        lines.append((line_start, cut))
        line_start, used = cut, 0.0
        pieces[k] = (cut, end)
        if cut >= end:
            k += 1
    lines.append((line_start, len(text)))
    return lines


def _hangs(text: str, advance: list[float], start: int, end: int, used: float, room: float) -> bool:
    """The piece fits but for one closing mark at its end, which may hang in the margin."""
    last = end - 1
    if last <= start or text[last] not in HANGING:
        return False
    return used + sum(advance[start:last]) <= room + 1e-6
