"""What one 申报 file may hold — every limit in one place (docs/reliability.md lists them for people).

Every way in enforces the same numbers: typing and pasting through the services, import-json, Excel
import, merge, and opening a file. A file within these limits can be opened, checked, printed, exported and
merged in bounded time and memory; anything beyond them is refused with a sentence naming the place, the
size found and the limit. The limits are generous: the larger seed (2022) uses about 1 % of each.

Names are single-line: a 部门, 项目 or unit name with a line break, a control character or a bidi override
(which turns "gpj.exe" into "exe.jpg" on screen) could forge lines in a report or a misleading file name.
Such characters are refused on input, and :func:`safe_line` neutralises them wherever a name (or a file
name) is written into an output line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import UserError

# ---- sizes of whole files ------------------------------------------------------------------------------
#: a .g60 file (a bureau file of ~100 departments is a few tens of MB)
FILE_BYTES = 200 * 1024 * 1024
#: a JSON file given to import-json
JSON_BYTES = 64 * 1024 * 1024
#: an Excel file given to 导入Excel, and the rows read from one of its sheets
XLSX_BYTES = 20 * 1024 * 1024
XLSX_ROWS = 100_000
#: what the parts of that Excel file may unpack to (a small file can hide gigabytes of XML)
XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
#: columns read from a sheet of 导入Excel (g60desk writes 10), and the cells a sheet read may hold
XLSX_COLUMNS = 30
XLSX_CELLS = 1_500_000
# ---- texts ------------------------------------------------------------------------------------------------
#: a name: 部门, 项目/子项目, 主管部门, 实施单位, 项目性质, 项目类别 — one line
NAME_CHARS = 200
#: any other text field (a section of the 经费情况说明, a goal, an indicator, a budget line's basis …)
TEXT_CHARS = 20_000
#: all the text of one 申报 (its form, its seven sections and its budget lines) together
FORM_TEXT_CHARS = 200_000
#: all the text of one department (a clerk's file, one submission)
DEPARTMENT_TEXT_CHARS = 10_000_000
#: all the text of a file
FILE_TEXT_CHARS = 60_000_000
# ---- rows and nodes ------------------------------------------------------------------------------------
#: 绩效指标 rows of one 申报表
INDICATORS_PER_FORM = 500
#: 预算明细 lines of one 申报 (all levels) and its groups
LINES_PER_FORM = 2_000
GROUPS_PER_FORM = 200
#: 项目 and 子项目 of one department, and 申报表 of one department
NODES_PER_DEPARTMENT = 2_000
#: 绩效指标 and 预算明细 of one department
INDICATORS_PER_DEPARTMENT = 50_000
LINES_PER_DEPARTMENT = 100_000
#: per file
DEPARTMENTS_PER_FILE = 1_000
NODES_PER_FILE = 100_000
INDICATORS_PER_FILE = 300_000
LINES_PER_FILE = 600_000
ACKNOWLEDGEMENTS_PER_FILE = 100_000
HISTORY_PER_FILE = 100_000
# ---- templates (docs/templates.md) ---------------------------------------------------------------------
#: the text of one template (a template file, or the copy a .g60 file carries; the bundled ones are 3–5 thousand)
TEMPLATE_CHARS = 200_000
#: the templates one file carries (one definition per template id)
TEMPLATES_PER_FILE = 1_000


class LimitExceeded(UserError, ValueError):
    """Something that would go beyond a limit; ``message`` is one Chinese sentence."""


@dataclass(frozen=True)
class Limit:
    """One row of the table of limits: what is counted, where, and how many are allowed."""

    what: str
    scope: str
    value: int
    unit: str


#: the table the documentation shows (docs/reliability.md) and a test compares with these constants
TABLE: tuple[Limit, ...] = (
    Limit("g60desk 文件大小", "每个文件", FILE_BYTES, "字节"),
    Limit("导入的 JSON 文件大小", "每个文件", JSON_BYTES, "字节"),
    Limit("导入的 Excel 文件大小", "每个文件", XLSX_BYTES, "字节"),
    Limit("导入的 Excel 文件解压后的大小", "每个文件", XLSX_UNPACKED_BYTES, "字节"),
    Limit("导入的 Excel 工作表行数", "每个工作表", XLSX_ROWS, "行"),
    Limit("导入的 Excel 工作表读取的列数", "每个工作表", XLSX_COLUMNS, "列"),
    Limit("导入的 Excel 工作表的单元格", "每个工作表", XLSX_CELLS, "个"),
    Limit("名称（部门、项目、子项目、主管部门、实施单位、项目性质、项目类别），单行", "每个名称", NAME_CHARS, "字"),
    Limit("其他文字（说明各部分、目标、指标、预算明细各栏……）", "每一栏", TEXT_CHARS, "字"),
    Limit("一张申报表及其经费情况说明的全部文字", "每个申报", FORM_TEXT_CHARS, "字"),
    Limit("绩效指标", "每张申报表", INDICATORS_PER_FORM, "行"),
    Limit("预算明细（各级合计）", "每个申报", LINES_PER_FORM, "条"),
    Limit("预算分组", "每个申报", GROUPS_PER_FORM, "组"),
    Limit("项目和子项目", "每个部门", NODES_PER_DEPARTMENT, "个"),
    Limit("绩效指标", "每个部门", INDICATORS_PER_DEPARTMENT, "行"),
    Limit("预算明细", "每个部门", LINES_PER_DEPARTMENT, "条"),
    Limit("全部文字", "每个部门", DEPARTMENT_TEXT_CHARS, "字"),
    Limit("部门", "每个文件", DEPARTMENTS_PER_FILE, "个"),
    Limit("项目和子项目", "每个文件", NODES_PER_FILE, "个"),
    Limit("绩效指标", "每个文件", INDICATORS_PER_FILE, "行"),
    Limit("预算明细", "每个文件", LINES_PER_FILE, "条"),
    Limit("全部文字", "每个文件", FILE_TEXT_CHARS, "字"),
    Limit("已确认的警告", "每个文件", ACKNOWLEDGEMENTS_PER_FILE, "条"),
    Limit("历史记录", "每个文件", HISTORY_PER_FILE, "条"),
    Limit("模板（模板文件或文件携带的模板定义）的文字", "每个模板", TEMPLATE_CHARS, "字"),
    Limit("携带的模板", "每个文件", TEMPLATES_PER_FILE, "个"),
)


def too_many(what: str, found: int, limit: int, unit: str) -> str:
    """"绩效指标太多（612 行，上限 500 行）" — the reason part of a refusal."""
    return f"{what}太多（{found:,} {unit}，上限 {limit:,} {unit}）"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} 字节"


# ---- single-line names ---------------------------------------------------------------------------------
#: bidi embedding/override/isolate marks: they reorder what is shown (U+202E turns "gpj.exe" around)
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def forbidden_in_name(ch: str) -> bool:
    """A control character (line breaks and tabs included), a bidi control, or a line/paragraph separator."""
    return ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp")


#: every character forbidden_in_name refuses, as one pattern: a whole column of names is searched at once (Cc is
#: U+0000–U+001F and U+007F–U+009F, Zl U+2028, Zp U+2029; tests/unit/domain/test_validate_screen.py compares the
#: two over every code point)
FORBIDDEN_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


def name_problem(text: str) -> str | None:
    """Why ``text`` cannot be a name (one line, printable), or None."""
    for ch in text:
        if forbidden_in_name(ch):
            what = "换行" if ch in "\r\n\u2028\u2029\x0b\x0c\x85" else ("方向控制字符" if ch in BIDI_CONTROLS
                                                                          else "控制字符")
            return f"名称中不能有{what}（U+{ord(ch):04X}）：名称只能是一行可见的文字"
    return None


def safe_line(text: str) -> str:
    """``text`` fit for one line of output or a file name: line breaks, tabs and other control characters
    become spaces, direction marks are dropped."""
    if not any(forbidden_in_name(ch) for ch in text):
        return text
    out = []
    for ch in text:
        if ch in BIDI_CONTROLS:
            continue
        out.append(" " if forbidden_in_name(ch) else ch)
    return "".join(out)
