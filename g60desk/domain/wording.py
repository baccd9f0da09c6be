"""How the budget lines of 六、年度预算安排 read on paper: the clerk's words, as typed.

A line prints as the concatenation of what the clerk typed, in this order (docs/printing.md)::

    [number] label basis formula [= amount] ending [（remark）]

Nothing else is added: no "：" after the label, no "，" before the formula, no "万元" for "万", no "；"
or "。" at the end — the clerk types punctuation where they want it (it is part of the label, the basis
or the ending). The program adds only the number the clerk asked for (``numbering`` of the group or of
the parent line), the "=" that joins a formula to its amount, and the parentheses around a remark.
An amount prints as typed (``stated_text``: "57.60万", decimals and unit kept); an amount that came
without its text (a number cell from Excel) prints in the line's unit by the one formatter ("10.8万元").

A line either starts a paragraph of its own or runs on in the paragraph before it (``runs_on``); a
group's lead text may run on after its title (``text_runs_on``). Sub-lines follow their line, one level
further in. This is the ``typed`` wording. An explanation of a format-1 file keeps the ``legacy``
wording — numbers, "：", "，" and "；"/"。" added as format 1 printed them — until the clerk turns it
into typed text with :func:`typed_from_legacy`, which writes that punctuation into the texts.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .model import BudgetGroup, BudgetLine, FundingExplanation
from .money import UNIT_WORDS, format_money
from .templates import Column
from .vocabulary import chinese_number

__all__ = [
    "CIRCLED",
    "NUMBERING_STYLES",
    "WORDING_NAMES",
    "BudgetParagraph",
    "BudgetTableRow",
    "amount_as_typed",
    "amount_text",
    "budget_paragraphs",
    "budget_table_rows",
    "fen_text",
    "line_text",
    "name_of",
    "number_text",
    "typed_from_legacy",
    "typed_numbering",
]

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: numbering a clerk can ask for, by the way its first number prints, with how the window names it
NUMBERING_STYLES: dict[str, str] = {
    "": "不编号",
    "（1）": "（1）（2）（3）…",
    "(1)": "(1)(2)(3)…",
    "①": "①②③…",
    "1.": "1. 2. 3. …",
    "1、": "1、2、3、…",
}
#: how the window and messages name the two wordings of an explanation's budget lines
WORDING_NAMES: dict[str, str] = {"typed": "按填写的文字", "legacy": "旧版格式（程序加编号和标点）"}
#: the most characters the ending of a line may have ("。其中，", "：包括" …)
MAX_ENDING_CHARS = 40
_AMOUNT_UNITS = ("万元", "万", "元")
#: (after NFKC, where （1） is (1)) a typed item number and the style it asks for
_TYPED_NUMBERS = ((re.compile(r"\(\s*[0-9]{1,3}\s*\)"), "（1）"), (re.compile(r"[0-9]{1,3}\s*、"), "1、"),
                  (re.compile(r"[0-9]{1,3}\s*\.(?![0-9])"), "1."))


#: punctuation a clerk ends a label or a group title with when the sentence goes on ("保洁服务：")
_TRAILING_PUNCTUATION = "：:；;，,。、 　"


def name_of(text: str) -> str:
    """A label or group title as a name (in messages, places, the tree): without the punctuation the
    clerk wrote after it for the printed sentence — "保洁服务：" is named "保洁服务"."""
    return text.rstrip(_TRAILING_PUNCTUATION)


def typed_numbering(text: str) -> str:
    """The numbering style of an item number a clerk typed before a label ("（1）保洁服务" → "（1）",
    "②推广费" → "①", "3.其他" → "1."); "" when the text starts with none."""
    text = text.lstrip()
    if text[:1] in CIRCLED:
        return "①"
    half = unicodedata.normalize("NFKC", text)
    for pattern, style in _TYPED_NUMBERS:
        if pattern.match(half):
            return "(1)" if style == "（1）" and text.startswith("(") else style
    return ""


def number_text(style: str, n: int) -> str:
    """The n-th number (1-based) of a numbering style: "（3）", "③", "3." …; "" for no numbering."""
    if not style:
        return ""
    if style == "①":
        return CIRCLED[n - 1] if n <= len(CIRCLED) else f"({n})"
    if style not in NUMBERING_STYLES:
        raise ValueError(f"unknown numbering style {style!r}")
    return style.replace("1", str(n))


def amount_as_typed(text: str, unit: str) -> str:
    """What a typed amount prints as: the clerk's digits, decimals and unit, full-width characters read as
    half-width ("１０．８０万" → "10.80万"); a bare number gets the unit it was typed in ("10.80" → "10.80万元")."""
    typed = unicodedata.normalize("NFKC", text).strip().replace("。", ".")
    if typed.startswith("¥"):
        typed = typed[1:].lstrip()
    if not typed:
        return ""
    if not typed.endswith(_AMOUNT_UNITS):
        typed += UNIT_WORDS[unit]
    return typed


def amount_text(line: BudgetLine, unit: str) -> str:
    """The amount of a line as it prints: as typed, else its exact figure in ``unit`` ("" when it has none)."""
    if line.stated_text:
        return line.stated_text
    return fen_text(line.stated_fen, unit)


def fen_text(fen: int | None, unit: str) -> str:
    """An amount kept without its typed text, in ``unit``: "780,000.00元", "10.8万元" ("" when blank)."""
    if fen is None:
        return ""
    if unit == "yuan":
        return format_money(fen, "yuan", min_places=2, grouping=True) + UNIT_WORDS["yuan"]
    return format_money(fen, "wan") + UNIT_WORDS["wan"]


def line_text(line: BudgetLine, number: str, unit: str) -> str:
    """One line as typed: number, label, basis, formula "=" amount, ending, （remark）."""
    amount = amount_text(line, unit)
    formula = line.formula
    calc = f"{formula}={amount}" if formula and amount else formula + amount
    text = f"{number}{line.label}{line.basis}{calc}{line.ending}"
    if line.remark:
        text += f"（{line.remark}）"
    return text


@dataclass(frozen=True)
class BudgetParagraph:
    """A paragraph of 六、年度预算安排 as printed: ``depth`` 0 for group titles, texts and lines, 1… for
    sub-lines; ``kind`` "title", "text" or "line" (of the paragraph's first part)."""

    depth: int
    text: str
    kind: str


class _Paragraphs:
    def __init__(self) -> None:
        self.out: list[BudgetParagraph] = []

    def start(self, depth: int, text: str, kind: str) -> None:
        self.out.append(BudgetParagraph(depth, text, kind))

    def run_on(self, text: str, depth: int, kind: str) -> None:
        if not self.out:
            self.start(depth, text, kind)
            return
        last = self.out[-1]
        self.out[-1] = BudgetParagraph(last.depth, last.text + text, last.kind)


def _typed_lines(lines: list[BudgetLine], numbering: str, depth: int, unit: str, out: _Paragraphs) -> None:
    count = 0
    for line in lines:
        if line.runs_on:
            out.run_on(line_text(line, "", unit), depth, "line")
        else:
            count += 1
            out.start(depth, line_text(line, number_text(numbering, count), unit), "line")
        _typed_lines(line.children, line.numbering, depth + 1, unit, out)


def _typed_group(index: int, group: BudgetGroup, unit: str, out: _Paragraphs) -> None:
    out.start(0, f"{chinese_number(index)}、{group.title}", "title")
    texts = [t.strip() for t in group.text.splitlines() if t.strip()]
    for i, text in enumerate(texts):
        if i == 0 and group.text_runs_on:
            out.run_on(text, 0, "text")
        else:
            out.start(0, text, "text")
    _typed_lines(group.lines, group.numbering, 0, unit, out)


# ---- the budget lines as a table (a template's budget_layout = "table") ------------------------------------

@dataclass(frozen=True)
class BudgetTableRow:
    """A row of 六's budget lines printed as a table: a group's title or lead text across the table ("title",
    "text"), or a line ("line") with one cell per budget column, as typed. ``depth`` 1… for sub-lines."""

    kind: str
    depth: int
    cells: tuple[str, ...]


def _line_cell(line: BudgetLine, column: Column, number: str, unit: str) -> str:
    key = column.key
    if key == "label":
        return number + line.label
    if key == "stated_fen":
        return amount_text(line, unit)
    if key in ("basis", "formula", "remark"):
        return str(getattr(line, key))
    value = line.extra.get(key)
    if column.type == "amount":
        return fen_text(value if isinstance(value, int) else None, unit)
    return "" if value is None else str(value)


def budget_table_rows(explanation: FundingExplanation, columns: Sequence[Column],
                      unit: str = "wan") -> list[BudgetTableRow]:
    """The groups and lines of 六 as table rows: each cell what the clerk typed in that column (an amount as
    typed, a line's own amount columns in ``unit``); the program adds only the numbers the clerk asked for and
    the groups' 一、二、. A line's ending ("；") belongs to the sentence of the text layout and is left out."""
    rows: list[BudgetTableRow] = []

    def lines(items: list[BudgetLine], numbering: str, depth: int) -> None:
        count = 0
        for line in items:
            number = ""
            if not line.runs_on:
                count += 1
                number = number_text(numbering, count)
            rows.append(BudgetTableRow("line", depth, tuple(_line_cell(line, c, number, unit) for c in columns)))
            lines(line.children, line.numbering, depth + 1)

    for index, group in enumerate(explanation.budget_groups, start=1):
        rows.append(BudgetTableRow("title", 0, (f"{chinese_number(index)}、{group.title}",)))
        rows += [BudgetTableRow("text", 0, (text.strip(),)) for text in group.text.splitlines() if text.strip()]
        lines(group.lines, group.numbering, 0)
    return rows


# ---- the wording of format 1 ---------------------------------------------------------------------------

def _legacy_amount(fen: int | None, unit: str) -> str:
    if fen is None:
        return ""
    if unit == "yuan":
        return format_money(fen, "yuan", min_places=2, grouping=True) + "元"
    return format_money(fen, "wan") + "万元"


def _legacy_body(line: BudgetLine, unit: str) -> str:
    amount = _legacy_amount(line.stated_fen, unit)
    if line.formula:
        calc = f"{line.formula}={amount}" if amount else line.formula
        return f"{line.basis}，{calc}" if line.basis else calc
    return f"{line.basis}{amount}"


def _legacy_numbered(group: BudgetGroup) -> bool:
    """Format 1 numbered a group's lines unless the group was one unlabelled line."""
    return len(group.lines) > 1 or any(line.label for line in group.lines)


def _legacy_lines(group: BudgetGroup, unit: str) -> list[tuple[int, BudgetLine, str, str]]:
    """(depth, line, number, end) of every line as format 1 printed it: （1）… with ①… under a line, each
    ending "；" (a line with sub-lines "，其中："), the group's last printed line "。"."""
    out: list[tuple[int, BudgetLine, str, str]] = []
    numbered = _legacy_numbered(group)

    def walk(lines: list[BudgetLine], depth: int) -> None:
        for i, line in enumerate(lines, start=1):
            if depth == 0:
                number = f"（{i}）" if numbered else ""
            else:
                number = CIRCLED[i - 1] if i <= len(CIRCLED) else f"({i})"
            out.append((depth, line, number, "，其中：" if line.children else "；"))
            walk(line.children, depth + 1)

    walk(group.lines, 0)
    if out and out[-1][3] == "；":
        depth, line, number, _ = out[-1]
        out[-1] = (depth, line, number, "。")
    return out


def _legacy_group(index: int, group: BudgetGroup, unit: str, out: _Paragraphs) -> None:
    out.start(0, f"{chinese_number(index)}、{group.title}", "title")
    for text in (t.strip() for t in group.text.splitlines() if t.strip()):
        out.start(0, text, "text")
    for depth, line, number, end in _legacy_lines(group, unit):
        body = _legacy_body(line, unit)
        head = f"{number}{line.label}"
        text = f"{head}：{body}" if line.label and body else head + body
        if line.remark:
            text += f"（{line.remark}）"
        out.start(depth, text + end, "line")


def budget_paragraphs(explanation: FundingExplanation, unit: str = "wan") -> list[BudgetParagraph]:
    """The paragraphs of 六、年度预算安排 below its lead text, as the paper prints them (and the window
    previews them); ``unit`` is the template's budget unit, used only for amounts typed without text."""
    out = _Paragraphs()
    build = _legacy_group if explanation.wording == "legacy" else _typed_group
    for index, group in enumerate(explanation.budget_groups, start=1):
        build(index, group, unit, out)
    return out.out


def typed_from_legacy(explanation: FundingExplanation, unit: str = "wan") -> FundingExplanation:
    """A copy of a ``legacy`` explanation in ``typed`` wording that prints the same words: the numbers
    become the groups' numbering, the "：", "，" and "；"/"。" format 1 added are written into the
    labels, bases and endings, amounts get their text. (A remark now follows the ending.)"""
    result = copy.deepcopy(explanation)
    result.wording = "typed"
    if explanation.wording != "legacy":
        return result
    for group in result.budget_groups:
        ends = {id(line): end for _, line, _, end in _legacy_lines(group, unit)}
        group.numbering = "（1）" if _legacy_numbered(group) else ""
        for line in group.iter_lines():
            if line.children:
                line.numbering = "①"
            has_body = bool(line.basis or line.formula or line.stated_fen is not None)
            if line.label and has_body:
                line.label += "："
            if line.basis and line.formula:
                line.basis += "，"
            if not line.stated_text and line.stated_fen is not None:
                line.stated_text = _legacy_amount(line.stated_fen, unit)
            line.ending = ends[id(line)]
    return result
