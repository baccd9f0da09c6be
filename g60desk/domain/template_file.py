"""Reading a template file (TOML, docs/templates.md) into a :class:`Template`, refusing what is not sound.

The same reader checks the bundled templates, a bureau's own file (``g60desk template check``) and the copy a
.g60 file carries — the last is untrusted input, hence the size limits. Every problem is one plain Chinese
sentence naming the line of the file and the key ("第 14 行，header.fields 第 3 项的 type：…").
"""
from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..errors import UserError
from . import limits
from .frameworks import Framework
from .templates import (
    BUDGET_LAYOUTS,
    COLUMN_TYPES,
    DEFAULT_COLUMNS_MM,
    DEFAULT_FUNDING_PAIRS,
    DEFAULT_PAIRS,
    FIELD_TYPES,
    FUNDING_KEYS,
    GOAL_KEYS,
    GOAL_LAYOUTS,
    HEADER_KEYS,
    INDICATOR_KEYS,
    LAYOUTS,
    LINE_KEYS,
    PLACES,
    RESERVED_KEYS,
    SECTION_KEYS,
    VALUE_PARTS,
    VALUE_STYLES,
    Amounts,
    AmountUnit,
    Column,
    ColumnTotal,
    Field,
    Geometry,
    Identity,
    SectionDef,
    Slot,
    Template,
)
from .toml_lines import Path, key_lines

__all__ = ["MAX_TEMPLATE_CHARS", "TemplateError", "TemplateProblem", "parse_template"]

#: A template is a few KB; anything this large is not one (a file's copy is untrusted input).
MAX_TEMPLATE_CHARS = limits.TEMPLATE_CHARS
MAX_ITEMS = 200          # fields, columns, sections, levels … of one list
MAX_LABEL_CHARS = 200
MAX_CHOICES = 100
MAX_FRAMEWORKS = 10
#: the width of an A4 page between the margins, which a row of columns must fill
FRAME_WIDTH_MM = 174.0
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
UNITS: dict[str, AmountUnit] = {"元": "yuan", "万元": "wan"}

#: the rows of a framework the rules read: cost ceilings, satisfaction, quantities, deadlines
ROLES = ("cost", "satisfaction", "quantity", "deadline")
TOP_KEYS = ("id", "version", "title", "year_line", "source", "document_title", "layout", "numbered", "amounts",
            "print", "header", "funding", "goals", "indicators", "frameworks", "explanation")


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template file: the line (0 when unknown), the key, and why."""

    line: int
    where: str
    reason: str

    def __str__(self) -> str:
        head = f"第 {self.line} 行，" if self.line else ""
        place = f"{self.where}：" if self.where else ""
        return f"{head}{place}{self.reason}"


class TemplateError(UserError):
    """A template that cannot be used; ``problems`` lists every problem found, ``message`` says it in Chinese."""

    def __init__(self, name: str, problems: list[TemplateProblem]):
        self.name = name
        # in the order of the file, as a person reads it; problems of no line (a missing key) last
        self.problems = sorted(problems, key=lambda p: (p.line == 0, p.line))
        problems = self.problems
        first = str(problems[0]) if problems else "无法读取"
        more = f"（共 {len(problems)} 处问题）" if len(problems) > 1 else ""
        super().__init__(f"模板“{name}”不能使用{more}：{first}")


def describe_path(path: Path) -> str:
    """("header", "fields", 2, "type") → "header.fields 第 3 项的 type"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f" 第 {part + 1} 项"
        elif out and not out.endswith("项"):
            out += f".{part}"
        elif out:
            out += f"的 {part}"
        else:
            out = part
    return out


# ---- reading ----------------------------------------------------------------------------------------------

class _Reader:
    """Typed access to the parsed TOML that records a problem (with its line) instead of raising."""

    def __init__(self, data: dict[str, Any], lines: dict[Path, int]):
        self.data = data
        self.lines = lines
        self.problems: list[TemplateProblem] = []

    def problem(self, path: Path, reason: str) -> None:
        line = 0
        probe = path
        while probe and not line:
            line = self.lines.get(probe, 0)
            probe = probe[:-1]
        self.problems.append(TemplateProblem(line, describe_path(path), reason))

    def known(self, table: dict[str, Any], path: Path, keys: tuple[str, ...]) -> None:
        for key in table:
            if key not in keys:
                self.problem(path + (key,), f"不认识的键“{key}”（可用：{'、'.join(keys)}）")

    def text(self, table: dict[str, Any], path: Path, key: str, default: str | None = None,
             limit: int = MAX_LABEL_CHARS, fields: tuple[str, ...] = ()) -> str:
        value = table.get(key)
        where = path + (key,)
        if value is None:
            if default is None:
                self.problem(where, f"缺少“{key}”")
                return ""
            return default
        if not isinstance(value, str):
            self.problem(where, f"应为带引号的文字，实际是{_kind(value)}")
            return default or ""
        if len(value) > limit:
            self.problem(where, f"文字太长（{len(value)} 个字符，上限 {limit}）")
        elif any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
            self.problem(where, "文字中有控制字符")
        self._placeholders(value, where, fields)
        return value

    def _placeholders(self, value: str, where: Path, allowed: tuple[str, ...]) -> None:
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError:
            self.problem(where, "花括号不成对：要原样印出“{”或“}”请写成“{{”或“}}”")
            return
        for name in names:
            if name not in allowed:
                shown = "、".join("{" + n + "}" for n in allowed)
                hint = f"（这里可用：{shown}）" if allowed else "（这里不能用占位符）"
                self.problem(where, f"不认识的占位符“{{{name}}}”{hint}")

    def integer(self, table: dict[str, Any], path: Path, key: str, default: int | None, low: int,
                high: int) -> int:
        value = table.get(key)
        if value is None:
            if default is None:
                self.problem(path + (key,), f"缺少“{key}”")
                return low
            return default
        if type(value) is not int or not low <= value <= high:
            self.problem(path + (key,), f"应为 {low} 到 {high} 之间的整数，实际是{_kind(value)}")
            return default if default is not None else low
        return value

    def flag(self, table: dict[str, Any], path: Path, key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(path + (key,), f"应为 true 或 false，实际是{_kind(value)}")
            return default
        return value

    def choice(self, table: dict[str, Any], path: Path, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = table.get(key, default)
        if value not in allowed:
            self.problem(path + (key,), f"“{value}”不是可用的取值（可用：{'、'.join(allowed)}）")
            return default
        return str(value)

    def table(self, table: dict[str, Any], path: Path, key: str) -> dict[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            self.problem(path + (key,), f"应为表（[{describe_path(path + (key,))}]），实际是{_kind(value)}")
            return {}
        return value

    def items(self, table: dict[str, Any], path: Path, key: str) -> Iterator[tuple[Path, dict[str, Any]]]:
        """(path, table) of each entry of an array of tables."""
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(path + (key,), f"应为数组 [ … ]，实际是{_kind(value)}")
            return
        if len(value) > MAX_ITEMS:
            self.problem(path + (key,), f"项数太多（{len(value)} 项，上限 {MAX_ITEMS}）")
            return
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.problem(path + (key, index), f"应为 {{ key = … }} 形式的表，实际是{_kind(item)}")
                continue
            yield path + (key, index), item

    def strings(self, table: dict[str, Any], path: Path, key: str, limit: int = MAX_CHOICES) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path + (key,), "应为文字的数组，如 [\"甲\", \"乙\"]")
            return ()
        if len(value) > limit:
            self.problem(path + (key,), f"项数太多（{len(value)} 项，上限 {limit}）")
            return ()
        for index, item in enumerate(value):
            if not item.strip() or len(item) > MAX_LABEL_CHARS or "、" in item:
                self.problem(path + (key, index),
                             f"“{item}”不能用：不能为空、不能含“、”，最多 {MAX_LABEL_CHARS} 个字符")
        if len(set(value)) != len(value):
            self.problem(path + (key,), "有重复的取值")
        return tuple(value)

    def numbers(self, table: dict[str, Any], path: Path, key: str, default: tuple[float, ...]) -> tuple[float, ...]:
        value = table.get(key)
        if value is None:
            return default
        if (not isinstance(value, list) or not value or len(value) > 30
                or not all(type(v) in (int, float) and 0 < v <= 1000 for v in value)):
            self.problem(path + (key,), "应为 1 到 30 个正数（毫米）的数组，如 [24.5, 30, 31]")
            return default
        return tuple(value)   # millimetres of paper, not money: TOML's ints and floats as written


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"真假值 {str(value).lower()}"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value[:20]}”"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dict):
        return "表"
    return type(value).__name__


# ---- the parts of a template ------------------------------------------------------------------------------

class _Builder:
    """Reads each part of the template file in turn, checking as it goes and across parts at the end."""

    def __init__(self, reader: _Reader):
        self.r = reader
        self.data = reader.data
        self.keys: dict[str, Path] = {}
        self.last_year_paths: dict[str, Path] = {}

    def claim(self, key: str, path: Path) -> None:
        """A key is declared once in a template."""
        if key in self.keys:
            self.r.problem(path, f"键“{key}”已在“{describe_path(self.keys[key])}”声明过：每个键只能声明一次")
        else:
            self.keys[key] = path

    def check_key(self, key: object, path: Path) -> str:
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            self.r.problem(path, f"键“{key}”不能用：应以小写英文字母开头，只含小写字母、数字和下划线，最多 40 个字符")
            return ""
        if key in RESERVED_KEYS:
            self.r.problem(path, f"键“{key}”是程序保留的名称，请换一个")
            return ""
        return key

    # header, funding, goals
    def field(self, path: Path, item: dict[str, Any], group: str) -> Field | None:
        r = self.r
        r.known(item, path, ("key", "label", "type", "row", "pair", "place", "choices", "join", "required",
                             "last_year_of"))
        key = self.check_key(item.get("key"), path + ("key",))
        last_year_of = r.text(item, path, "last_year_of", "", limit=40)
        if last_year_of and group != "funding":
            r.problem(path + ("last_year_of",), "只有 [funding] cells 的金额格可以是上年的格子（last_year_of）")
            last_year_of = ""
        label = r.text(item, path, "label", fields=("start", "end") if group == "goals" else ())
        kind = r.choice(item, path, "type", FIELD_TYPES, "amount" if group == "funding" else "text")
        if not key:
            return None
        extra = self._semantic_or_extra(key, kind if item.get("type", kind) in FIELD_TYPES else "", group, path)
        choices = r.strings(item, path, "choices")
        if kind in ("choice", "checks") and not choices:
            r.problem(path + ("choices",), f"类型为 {kind} 的字段要写出可选的取值 choices = [ … ]")
        if choices and kind not in ("choice", "checks"):
            r.problem(path + ("choices",), "只有类型为 choice 或 checks 的字段才有 choices")
        self.claim(key, path + ("key",))
        return Field(key=key, label=label, type=kind, row=r.integer(item, path, "row", 0, 1, 200),
                     pair=r.integer(item, path, "pair", 0, 1, 20),
                     place=r.choice(item, path, "place", PLACES, "top") if group != "goals" else "top",
                     choices=choices, extra=extra, line=r.lines.get(path, 0),
                     join=r.text(item, path, "join", "", limit=10),
                     required=r.flag(item, path, "required", group == "header" and item.get("place", "top") == "top"
                                     and not item.get("join")),
                     last_year_of=self._last_year(key, last_year_of, path))

    def _semantic_or_extra(self, key: str, kind: str, group: str, path: Path) -> bool:
        r = self.r
        homes = {"header": HEADER_KEYS, "funding": FUNDING_KEYS, "goals": GOAL_KEYS}
        for home, keys in homes.items():
            if key in keys and home != group:
                r.problem(path + ("key",), f"“{key}”应写在 [{home}] 里")
                return False
        if not kind:   # an unknown type: already said
            return key not in homes[group]
        if group == "header" and key in HEADER_KEYS and kind not in HEADER_KEYS[key]:
            r.problem(path + ("type",), f"“{key}”的类型只能是 {'、'.join(HEADER_KEYS[key])}")
        if group == "funding" and kind != "amount":
            r.problem(path + ("type",), "[funding] 的格子都是金额（amount）")
        if group == "header" and kind == "amount":
            r.problem(path + ("type",), "金额字段请写在 [funding] cells 里（勾稽关系只在那里声明）")
        if group == "goals" and kind != "text":
            r.problem(path + ("type",), "绩效目标是文字（text）")
        if key in SECTION_KEYS + INDICATOR_KEYS + LINE_KEYS and key not in HEADER_KEYS:
            r.problem(path + ("key",), f"“{key}”是程序中另有含义的名称，请换一个")
        return key not in homes[group]

    def fields(self, group: str, table: dict[str, Any], path: Path, key: str) -> tuple[Field, ...]:
        out = []
        for item_path, item in self.r.items(table, path, key):
            found = self.field(item_path, item, group)
            if found is not None:
                out.append(found)
        return tuple(out)

    # print rows
    def place_rows(self, header: tuple[Field, ...], funding: tuple[Field, ...], after_row: int,
                   labelled: bool, geometry: Geometry) -> tuple[tuple[Field, ...], tuple[Field, ...]]:
        """Number the printed rows above the goals: the header's rows with the funding block's rows after header
        row ``after_row`` (0: after the last). A field without ``row`` starts a new row, one with only ``pair``
        joins the row of the field before it; a missing ``pair`` is the next free place of its row."""
        header_rows = self._rows_of(header, "header")
        funding_rows = self._rows_of(funding, "funding")
        ordered_header = sorted({f.row for f in header_rows if f.place == "top"})
        ordered_funding = sorted({f.row for f in funding_rows if f.place == "top"})
        after = after_row or (ordered_header[-1] if ordered_header else 0)
        sequence = [("header", n) for n in ordered_header if n <= after] + [("funding", n) for n in ordered_funding]
        sequence += [("header", n) for n in ordered_header if n > after]
        number = {place: i for i, place in enumerate(sequence, start=1)}

        def renumbered(fields: tuple[Field, ...], group: str) -> tuple[Field, ...]:
            return tuple(replace(f, row=number[(group, f.row)]) if f.place == "top" else f for f in fields)
        header, funding = renumbered(header_rows, "header"), renumbered(funding_rows, "funding")
        self._check_rows(header + funding, {f.key for f in funding}, labelled, geometry)
        return header, funding

    def _rows_of(self, fields: tuple[Field, ...], group: str) -> tuple[Field, ...]:
        out: list[Field] = []
        taken: dict[tuple[int, int], Field] = {}
        last = 0
        for index, f in enumerate(fields):
            if f.join:
                before = out[-1] if out else None
                if before is None or index == 0:
                    self.r.problem((group, f.key), f"“{f.label}”写了 join，但前面没有可以并入的字段")
                    continue
                out.append(replace(f, row=before.row, pair=before.pair, place=before.place))
                continue
            if f.place != "top":
                out.append(f)
                continue
            row = f.row or (last if f.pair and last else max((r_ for r_, _ in taken), default=0) + 1)
            pair = f.pair or 1 + max((p for r_, p in taken if r_ == row), default=0)
            other = taken.get((row, pair))
            if other is not None:
                self.r.problem((group, f.key), f"[{group}] 第 {row} 行第 {pair} 对格子已经放了“{other.label}”"
                                               f"（第 {other.line} 行）")
            placed = replace(f, row=row, pair=pair)
            taken[(row, pair)] = placed
            out.append(placed)
            last = row
        return tuple(out)

    def _check_rows(self, placed: tuple[Field, ...], funding_keys: set[str], labelled: bool,
                    geometry: Geometry) -> None:
        rows: dict[int, list[Field]] = {}
        for f in placed:
            if f.place == "top":
                rows.setdefault(f.row, []).append(f)
        for fields in rows.values():
            width = max(f.pair for f in fields)
            names = "、".join(f.label for f in fields)
            if labelled and any(f.key in funding_keys for f in fields):
                if width > len(geometry.funding_pairs):
                    self.r.problem(("funding", "cells"), f"有 {width} 对格子的一行（{names}），"
                                                          f"但 [print] funding_pairs 只给了 "
                                                          f"{len(geometry.funding_pairs)} 对的位置")
            elif width > len(geometry.pairs):
                self.r.problem(("header", "fields"), f"有 {width} 对格子的一行（{names}），"
                                                     f"但 [print] pairs 只给了 1 到 {len(geometry.pairs)} 对的排法")

    def _last_year(self, key: str, last_year_of: str, path: Path) -> str:
        """Remember where ``last_year_of`` was written: ``check_last_years`` checks it once the part is read."""
        if last_year_of:
            self.last_year_paths[key] = path + ("last_year_of",)
        return last_year_of

    def check_last_years(self, part: str, cells: tuple[Field, ...] | tuple[Column, ...],
                         this_year: dict[str, str]) -> None:
        """A last year's cell or column (上年预算数) is the template's own, names a cell or column of the same part
        (``this_year``: key → its type) whose type it can hold, and holds one figure that is not itself last year's."""
        r = self.r
        holders: dict[str, str] = {}
        for cell in cells:
            target = cell.last_year_of
            if not target:
                continue
            path = self.last_year_paths.get(cell.key if part == "funding" else f"{part}:{cell.key}", (part,))
            kind = "amount" if isinstance(cell, Field) else cell.type
            if not cell.extra:
                r.problem(path, f"“{cell.key}”在程序中另有含义，不能用作上年的格子："
                                "请用本模板自己的键（如 last_year_fen）")
            elif target == cell.key:
                r.problem(path, "上年的格子不能是它自己的上年")
            elif target not in this_year:
                usable = "、".join(k for k in this_year if k != cell.key)
                r.problem(path, f"“{target}”不是这一部分的格子或列（可用：{usable}）")
            elif kind != "text" and this_year[target] != kind:
                r.problem(path, f"“{cell.key}”（{kind}）放不下“{target}”（{this_year[target]}）的值："
                                "类型要相同，或写成 text")
            elif target in holders:
                r.problem(path, f"“{target}”的上年已是“{holders[target]}”：每个格子只能有一个上年的格子")
            elif any(other.key == target and other.last_year_of for other in cells):
                r.problem(path, f"“{target}”本身就是上年的格子")
            else:
                holders[target] = cell.key

    # identities
    def identities(self, table: dict[str, Any], path: Path, cells: tuple[Field, ...]) -> tuple[Identity, ...]:
        keys = {f.key for f in cells}
        out = []
        for item_path, item in self.r.items(table, path, "identities"):
            self.r.known(item, item_path, ("total", "parts"))
            total = self.r.text(item, item_path, "total")
            parts = self.r.strings(item, item_path, "parts")
            for name, where in [(total, item_path + ("total",))] + [
                    (p, item_path + ("parts", i)) for i, p in enumerate(parts)]:
                if name and name not in keys:
                    self.r.problem(where, f"“{name}”不是本模板 [funding] cells 里的格子")
            if total in parts:
                self.r.problem(item_path, "合计格不能同时是自己的分项")
            if len(parts) < 1:
                self.r.problem(item_path + ("parts",), "至少要有一个分项")
            out.append(Identity(total, parts, self.r.lines.get(item_path, 0)))
        return tuple(out)

    # columns of the indicator grid and of the budget lines
    def columns(self, table: dict[str, Any], path: Path, key: str, semantic: tuple[str, ...],
                types: tuple[str, ...]) -> tuple[Column, ...]:
        r = self.r
        out = []
        seen: set[tuple[str, str]] = set()
        for item_path, item in r.items(table, path, key):
            r.known(item, item_path, ("key", "label", "type", "span", "part", "choices", "last_year_of"))
            name = self.check_key(item.get("key"), item_path + ("key",))
            last_year_of = r.text(item, item_path, "last_year_of", "", limit=40)
            label = r.text(item, item_path, "label")
            kind = r.choice(item, item_path, "type", types, "text")
            part = r.choice(item, item_path, "part", ("",) + VALUE_PARTS, "")
            if part and name != "value":
                r.problem(item_path + ("part",), "只有指标值（key = \"value\"）可以分栏印出 op、number、unit")
            if (name, part) in seen:
                r.problem(item_path + ("key",), f"列“{name}”{'（' + part + '）' if part else ''}重复了")
            seen.add((name, part))
            choices = r.strings(item, item_path, "choices")
            if kind == "choice" and not choices:
                r.problem(item_path + ("choices",), "类型为 choice 的列要写出可选的取值 choices = [ … ]")
            extra = bool(name) and name not in semantic
            if extra:
                self.claim(f"{key}:{name}", item_path + ("key",))
            elif "type" in item:
                r.problem(item_path + ("type",), f"“{name}”的类型由程序决定，不用写 type")
            if name:
                out.append(Column(name, label, kind if extra else "text", r.integer(item, item_path, "span", 1, 1, 12),
                                  part, choices, extra, r.lines.get(item_path, 0),
                                  self._last_year(f"{key}:{name}", last_year_of, item_path)))
        return tuple(out)

    def frameworks(self) -> tuple[Framework, ...]:
        r = self.r
        out = []
        ids: set[str] = set()
        for path, item in r.items(self.data, (), "frameworks"):
            r.known(item, path, ("id", "title", "levels", "cost", "satisfaction", "quantity", "deadline"))
            framework_id = r.text(item, path, "id", limit=40)
            if framework_id in ids:
                r.problem(path + ("id",), f"指标体系“{framework_id}”声明了两次")
            ids.add(framework_id)
            levels = self._levels(r.table(item, path, "levels"), path + ("levels",))
            names = {name for name, subs in levels} | {sub for _, subs in levels for sub in subs}
            roles = tuple(self._role(item, path, role, names) for role in ROLES)
            out.append(Framework(framework_id, r.text(item, path, "title"), levels, roles))
        if len(out) > MAX_FRAMEWORKS:
            r.problem(("frameworks",), f"指标体系太多（上限 {MAX_FRAMEWORKS} 个）")
        return tuple(out)

    def _role(self, item: dict[str, Any], path: Path, role: str,
              names: set[str]) -> tuple[str, frozenset[str], frozenset[str]]:
        """cost = { level1 = ["成本指标"], level2 = ["经济成本指标"] }: the rows that play ``role``."""
        table = self.r.table(item, path, role)
        self.r.known(table, path + (role,), ("level1", "level2"))
        found = []
        for level in ("level1", "level2"):
            declared = self.r.strings(table, path + (role,), level)
            for index, name in enumerate(declared):
                if name not in names:
                    self.r.problem(path + (role, level, index), f"“{name}”不是这个指标体系的一级或二级指标")
            found.append(frozenset(declared))
        return role, found[0], found[1]

    def _levels(self, table: dict[str, Any], path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
        out = []
        if not table:
            self.r.problem(path, "要写出一级指标和它们的二级指标，如 \"产出指标\" = [\"数量指标\", \"质量指标\"]")
        if len(table) > MAX_ITEMS:
            self.r.problem(path, f"一级指标太多（上限 {MAX_ITEMS} 个）")
            return ()
        for name in table:
            if not name.strip() or len(name) > MAX_LABEL_CHARS:
                self.r.problem(path + (name,), "一级指标的名称不能为空，最多 200 个字符")
            out.append((name, self.r.strings(table, path, name, MAX_ITEMS)))
        return tuple(out)

    def sections(self, table: dict[str, Any], path: Path) -> tuple[SectionDef, ...]:
        out = []
        for item_path, item in self.r.items(table, path, "sections"):
            self.r.known(item, item_path, ("key", "heading"))
            key = self.check_key(item.get("key"), item_path + ("key",))
            heading = self.r.text(item, item_path, "heading")
            if key:
                self.claim(key, item_path + ("key",))
                out.append(SectionDef(key, heading, key not in SECTION_KEYS))
        return tuple(out)

    def geometry(self) -> Geometry:
        r = self.r
        table = r.table(self.data, (), "print")
        path: Path = ("print",)
        r.known(table, path, ("columns_mm", "goal_columns_mm", "indicator_columns_mm", "budget_columns_mm", "pairs",
                              "funding_pairs", "unit_line", "below_separator", "date_format", "month_format",
                              "signature"))
        columns = r.numbers(table, path, "columns_mm", DEFAULT_COLUMNS_MM)
        geometry = Geometry(
            columns_mm=columns,
            goal_columns_mm=r.numbers(table, path, "goal_columns_mm", (61.0, 88.5)),
            indicator_columns_mm=r.numbers(table, path, "indicator_columns_mm", ()),
            budget_columns_mm=r.numbers(table, path, "budget_columns_mm", ()),
            pairs=self._pairs(table, path, len(columns)),
            funding_pairs=self._slots(table.get("funding_pairs"), path + ("funding_pairs",), len(columns),
                                      DEFAULT_FUNDING_PAIRS),
            unit_line=self._unit_line(table, path),
            below_separator=r.text(table, path, "below_separator", "：", limit=4),
            signature=r.flag(table, path, "signature", True),
            date_format=self._day_format(table, path, "date_format", "YYYY-MM-DD", ("YYYY", "MM", "DD")),
            month_format=self._day_format(table, path, "month_format", "YYYY-MM", ("YYYY", "MM")))
        for key in ("columns_mm", "indicator_columns_mm", "budget_columns_mm"):
            widths = getattr(geometry, key)
            if widths and abs(sum(widths) - FRAME_WIDTH_MM) > 0.05:
                r.problem(path + (key,), f"各列宽度之和应为 A4 版心宽 {FRAME_WIDTH_MM:g} 毫米，"
                                         f"实际是 {sum(widths):g} 毫米")
        return geometry

    def _day_format(self, table: dict[str, Any], path: Path, key: str, default: str, parts: tuple[str, ...]) -> str:
        pattern = self.r.text(table, path, key, default, limit=20)
        if not all(part in pattern for part in parts):
            self.r.problem(path + (key,), f"应含 {'、'.join(parts)}，如“{default}”")
            return default
        return pattern

    def _unit_line(self, table: dict[str, Any], path: Path) -> tuple[str, str]:
        value = table.get("unit_line", ["", ""])
        if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, str) for v in value):
            self.r.problem(path + ("unit_line",),
                           "应为两段文字 [\"左边\", \"右边\"]，如 [\"填报单位:(盖章)\", \"单位:万元\"]")
            return "", ""
        return value[0][:MAX_LABEL_CHARS], value[1][:MAX_LABEL_CHARS]

    def _pairs(self, table: dict[str, Any], path: Path, n_cols: int) -> tuple[tuple[Slot, ...], ...]:
        value = table.get("pairs")
        if value is None:
            return DEFAULT_PAIRS if n_cols == len(DEFAULT_COLUMNS_MM) else ()
        if not isinstance(value, dict):
            self.r.problem(path + ("pairs",),
                           "应为表，如 pairs = { 1 = [[0, 1, 1, 5]], 2 = [[0, 1, 1, 1], [2, 1, 3, 3]] }")
            return DEFAULT_PAIRS
        out = []
        for count in range(1, len(value) + 1):
            slots = self._slots(value.get(str(count)), path + ("pairs", str(count)), n_cols, ())
            if len(slots) != count:
                self.r.problem(path + ("pairs",), f"pairs 应依次写出 1、2、3 … 对格子的排法（第 {count} 种有 "
                                                   f"{len(slots)} 对）")
            out.append(slots)
        return tuple(out)

    def _slots(self, value: object, path: Path, n_cols: int, default: tuple[Slot, ...]) -> tuple[Slot, ...]:
        if value is None:
            return default
        ok = isinstance(value, list) and all(
            isinstance(s, list) and len(s) == 4 and all(type(x) is int for x in s) for s in value)
        if not ok:
            self.r.problem(path, "每对格子写成 [标签列, 标签跨几列, 值列, 值跨几列]（列从 0 数起）")
            return default
        assert isinstance(value, list)
        slots = tuple(Slot(*s) for s in value)
        for slot in slots:
            if (min(slot.label_col, slot.value_col) < 0 or min(slot.label_span, slot.value_span) < 1
                    or slot.label_col + slot.label_span > n_cols or slot.value_col + slot.value_span > n_cols):
                self.r.problem(path, f"[{slot.label_col}, {slot.label_span}, {slot.value_col}, {slot.value_span}] "
                                     f"超出了 {n_cols} 列")
        return slots


def _amounts(r: _Reader, data: dict[str, Any]) -> tuple[Amounts, str, AmountUnit]:
    table = r.table(data, (), "amounts")
    path: Path = ("amounts",)
    r.known(table, path, ("unit", "decimals", "grouping", "suffix", "zero", "values", "budget_unit"))
    unit = UNITS[r.choice(table, path, "unit", tuple(UNITS), "元")]
    decimals = r.integer(table, path, "decimals", 2, 0, 6 if unit == "wan" else 2)
    amounts = Amounts(unit=unit, decimals=decimals, grouping=r.flag(table, path, "grouping", True),
                      suffix=r.text(table, path, "suffix", "", limit=4), zero=r.text(table, path, "zero", "0", limit=4))
    values = r.choice(table, path, "values", VALUE_STYLES, "2026")
    budget_unit = UNITS[r.choice(table, path, "budget_unit", tuple(UNITS), "万元")]
    return amounts, values, budget_unit


def parse_template(text: str, name: str = "模板") -> Template:
    """The template written in ``text``; :class:`TemplateError` lists every problem (line and key)."""
    if len(text) > MAX_TEMPLATE_CHARS:
        reason = f"文件太大（{len(text):,} 个字符，上限 {MAX_TEMPLATE_CHARS:,}）"
        raise TemplateError(name, [TemplateProblem(0, "", reason)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(name, [_syntax_problem(exc)]) from None
    except RecursionError:
        raise TemplateError(name, [TemplateProblem(0, "", "嵌套层数过多")]) from None
    reader = _Reader(data, key_lines(text))
    template = _build(reader, text)
    if reader.problems:
        raise TemplateError(name, reader.problems)
    return template


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _syntax_problem(exc: tomllib.TOMLDecodeError) -> TemplateProblem:
    match = _TOML_AT.search(str(exc))
    line = int(match.group(1)) if match else 0
    column = f"第 {match.group(2)} 列" if match else ""
    detail = _TOML_AT.sub("", str(exc)).strip()
    return TemplateProblem(line, column, f"不是有效的 TOML（{detail}）：检查引号、括号和逗号是否成对")


def _build(r: _Reader, text: str) -> Template:
    data = r.data
    r.known(data, (), TOP_KEYS)
    b = _Builder(r)
    amounts, values, budget_unit = _amounts(r, data)
    geometry = b.geometry()
    header_table = r.table(data, (), "header")
    r.known(header_table, ("header",), ("fields",))
    funding_table = r.table(data, (), "funding")
    r.known(funding_table, ("funding",), ("label", "after_row", "cells", "identities"))
    header = b.fields("header", header_table, ("header",), "fields")
    funding = b.fields("funding", funding_table, ("funding",), "cells")
    funding_label = r.text(funding_table, ("funding",), "label", "")
    layout = r.choice(data, (), "layout", LAYOUTS, "form")
    if layout == "form":
        after_row = r.integer(funding_table, ("funding",), "after_row", 0, 0, 200)
        header, funding = b.place_rows(header, funding, after_row, bool(funding_label), geometry)
    identities = b.identities(funding_table, ("funding",), funding)
    totals = {identity.total for identity in identities}
    funding = tuple(f if "required" in _item_of(funding_table, f.key) or f.key not in totals
                    else replace(f, required=True) for f in funding)
    goals_table = r.table(data, (), "goals")
    r.known(goals_table, ("goals",), ("layout", "label", "fields"))
    goals = b.fields("goals", goals_table, ("goals",), "fields")
    goals_layout = r.choice(goals_table, ("goals",), "layout", GOAL_LAYOUTS, "side")
    indicators = r.table(data, (), "indicators")
    r.known(indicators, ("indicators",), ("label", "grouped", "blank_rows", "columns", "totals"))
    columns = b.columns(indicators, ("indicators",), "columns", INDICATOR_KEYS, COLUMN_TYPES[:4])
    explanation = r.table(data, (), "explanation")
    r.known(explanation, ("explanation",), ("sections", "budget_columns", "budget_layout", "overview"))
    sections = b.sections(explanation, ("explanation",))
    budget_columns = b.columns(explanation, ("explanation",), "budget_columns", LINE_KEYS, ("text", "amount"))
    b.check_last_years("funding", funding, {f.key: "amount" for f in funding})
    b.check_last_years("columns", columns, {c.key: "value" if c.key == "value" else c.type for c in columns})
    b.check_last_years("budget_columns", budget_columns,
                       {c.key: "amount" if c.key == "stated_fen" else c.type for c in budget_columns
                        if c.key == "stated_fen" or c.extra})
    template = Template(
        id=r.text(data, (), "id", limit=40), version=r.integer(data, (), "version", None, 1, 1_000_000),
        title=r.text(data, (), "title", fields=("year",)),
        year_line=r.text(data, (), "year_line", "", fields=("year",)),
        source=r.text(data, (), "source", limit=2000), text=text,
        document_title=r.text(data, (), "document_title", "", fields=("department", "year")),
        layout=layout, numbered=r.flag(data, (), "numbered", True),
        header=header, funding=funding, funding_label=funding_label, identities=identities,
        goals=goals, goals_layout=goals_layout, goals_label=r.text(goals_table, ("goals",), "label", ""),
        indicators_label=r.text(indicators, ("indicators",), "label", ""), indicator_columns=columns,
        grouped=r.flag(indicators, ("indicators",), "grouped", True),
        blank_rows=r.flag(indicators, ("indicators",), "blank_rows", False),
        column_totals=_totals(r, indicators, columns), frameworks=b.frameworks(),
        sections=sections, budget_columns=budget_columns,
        budget_layout=r.choice(explanation, ("explanation",), "budget_layout", BUDGET_LAYOUTS, "text"),
        overview=r.flag(explanation, ("explanation",), "overview", False),
        amounts=amounts, value_style=values, budget_unit=budget_unit, geometry=geometry,
        list_total=_list_total(funding, layout))
    _check_whole(r, template)
    return template


def _item_of(table: dict[str, Any], key: str) -> dict[str, Any]:
    """The declaration of funding cell ``key`` as written (to tell a written ``required`` from the default)."""
    cells = table.get("cells", [])
    if isinstance(cells, list):
        return next((c for c in cells if isinstance(c, dict) and c.get("key") == key), {})
    return {}


def _totals(r: _Reader, table: dict[str, Any], columns: tuple[Column, ...]) -> tuple[ColumnTotal, ...]:
    numbers = {c.key for c in columns if c.extra and c.type == "number"}
    out = []
    for path, item in r.items(table, ("indicators",), "totals"):
        r.known(item, path, ("column", "equals"))
        column = r.text(item, path, "column")
        equals = item.get("equals")
        if column and column not in numbers:
            r.problem(path + ("column",), f"“{column}”不是本模板类型为 number 的指标列")
        if type(equals) not in (int, float) or isinstance(equals, bool):
            r.problem(path + ("equals",), "应为一个数，如 100")
            equals = 0
        out.append(ColumnTotal(column, str(equals), r.lines.get(path, 0)))
    return tuple(out)


def _list_total(funding: tuple[Field, ...], layout: str) -> str:
    """The list layout adds up its first funding column on the department's row."""
    return funding[0].key if layout == "list" and funding else ""


def _check_whole(r: _Reader, t: Template) -> None:
    """What only the whole template can tell: the grid fills the paper, the required keys are there."""
    if t.indicator_columns:
        present = {c.key for c in t.indicator_columns}
        missing = [k for k in INDICATOR_KEYS if k not in present]
        if missing:
            r.problem(("indicators", "columns"),
                      f"缺少指标列：{'、'.join(missing)}（一级、二级、三级指标和指标值都要有）")
        if not t.frameworks:
            r.problem(("frameworks",), "有绩效指标的模板要声明至少一个指标体系 [[frameworks]]")
    if not any(f.key == "name" for f in t.header):
        r.problem(("header", "fields"), "表头要有项目名称（key = \"name\"）")
    if t.layout == "form":
        _check_form_grid(r, t)
    else:
        needed = len([f for f in t.form_fields if f.place == "top"]) + sum(c.span for c in t.indicator_columns)
        if len(t.geometry.columns_mm) != needed:
            r.problem(("print", "columns_mm"), f"列表式的表有 {needed} 列（表头、金额、目标和指标各一列），"
                                               f"columns_mm 给了 {len(t.geometry.columns_mm)} 个宽度")
    if t.layout == "form" and t.goals_layout == "side" and t.goals and len(t.geometry.goal_columns_mm) != len(t.goals):
        r.problem(("print", "goal_columns_mm"), f"并排的绩效目标有 {len(t.goals)} 栏，goal_columns_mm 给了 "
                                                f"{len(t.geometry.goal_columns_mm)} 个宽度")
    if t.budget_columns and not t.has("section:budget"):
        r.problem(("explanation", "budget_columns"), "没有“budget”（年度预算安排）部分，就不能有预算明细的列")
    if t.has("section:budget") and not {"label", "stated_fen"} <= {c.key for c in t.budget_columns}:
        r.problem(("explanation", "budget_columns"), "预算明细至少要有名称（label）和金额（stated_fen）两列")
    widths = t.geometry.budget_columns_mm
    if widths and t.budget_layout != "table":
        r.problem(("print", "budget_columns_mm"), "预算明细按文字印出（budget_layout = \"text\"），不用列宽；"
                                                  "要印成表格请在 [explanation] 写 budget_layout = \"table\"")
    elif widths and len(widths) != len(t.budget_columns):
        r.problem(("print", "budget_columns_mm"), f"预算明细有 {len(t.budget_columns)} 列，budget_columns_mm 给了 "
                                                  f"{len(widths)} 个宽度")


def _check_form_grid(r: _Reader, t: Template) -> None:
    n_grid = len(t.geometry.grid_columns_mm)
    spans = (1 if t.indicators_label else 0) + sum(c.span for c in t.indicator_columns)
    if t.indicator_columns and spans != n_grid:
        r.problem(("indicators", "columns"), f"指标表一行占 {spans} 列（含 label 列），但纸上有 {n_grid} 列"
                                             "（[print] indicator_columns_mm 或 columns_mm）：调整 span 或列宽")
    n_cols = len(t.geometry.columns_mm)
    if not t.geometry.pairs and any(f.place in ("top", "after") for f in t.form_fields):
        r.problem(("print", "pairs"),
                  f"纸上有 {n_cols} 列（不是默认的 6 列），要写出 pairs（每行 1、2、3 … 对格子的排法）")
