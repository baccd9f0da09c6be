"""指标库: indicators to pick when adding a row — those of the open file, of files the clerk opened before
(earlier years' declarations), and a short standard list per 二级 — searchable by 一级, 二级 and words.

Each entry says where and when it was used and with which value, so the clerk can take a wording that a
reviewer already accepted. Plain data: the services keep the list of earlier files in the user's folder.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .frameworks import get_framework
from .model import Document, Indicator
from .values import IndicatorValue, parse_value

#: where an entry comes from, in the order the picker lists them
SOURCE_THIS_FILE, SOURCE_EARLIER, SOURCE_STANDARD = 0, 1, 2


@dataclass(frozen=True)
class LibraryEntry:
    level1: str
    level2: str
    name: str
    value: IndicatorValue
    source: int
    #: "本文件" / "2025 年度 某局.g60" / "常用指标"
    source_label: str
    #: the projects that used it ("G60 科创走廊建设 › 金融赋能"), at most a few
    used_in: tuple[str, ...] = ()
    year: int | None = None
    uses: int = 1

    def indicator(self) -> Indicator:
        return Indicator(level1=self.level1, level2=self.level2, name=self.name, value=self.value)

    def key(self) -> tuple[str, str, str, IndicatorValue]:
        return (self.level1, self.level2, self.name, self.value)


#: 常用指标: a short list per 二级 of the 2021 framework, wordings common in published 申报表 (财预〔2021〕101号
#: 附件 lists the 一级/二级; the 三级 are the project's own — these are starting points to be adapted)
STANDARD: tuple[tuple[str, str, str], ...] = (
    ("经济成本指标", "项目成本控制数", ""),
    ("经济成本指标", "单次活动成本", ""),
    ("社会成本指标", "对社会发展可能造成的负面影响", "无"),
    ("生态环境成本指标", "对生态环境可能造成的负面影响", "无"),
    ("数量指标", "完成活动场次", "≥1场"),
    ("数量指标", "服务对象数量", "≥1人"),
    ("数量指标", "形成研究报告数量", "≥1篇"),
    ("质量指标", "验收合格率", "=100%"),
    ("质量指标", "成果验收通过情况", "通过"),
    ("质量指标", "活动内容与主题匹配度", "匹配"),
    ("时效指标", "按计划完成率", "=100%"),
    ("时效指标", "资金支付及时率", "=100%"),
    ("时效指标", "在规定时间内完成", "及时"),
    ("经济效益指标", "带动相关产业发展", "促进"),
    ("社会效益指标", "社会知晓度", "≥80%"),
    ("社会效益指标", "政策宣传覆盖面", "有效"),
    ("生态效益指标", "对生态环境的改善作用", "有效"),
    ("可持续影响指标", "长效管理机制建立情况", "健全"),
    ("服务对象满意度指标", "服务对象满意度", "≥85%"),
    ("服务对象满意度指标", "参与单位满意度", "≥90%"),
)
#: the 2021 二级 a legacy form files under another name (成本 sat under 产出 as one 二级)
_LEGACY_LEVEL2 = {"经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标"}


def standard_entries(framework_id: str) -> list[LibraryEntry]:
    """The standard list placed in ``framework_id``'s 一级/二级 (legacy puts 成本 under 产出)."""
    framework = get_framework(framework_id)
    entries = []
    for level2, name, value in STANDARD:
        if framework_id == "legacy":
            level2 = _LEGACY_LEVEL2.get(level2, level2)
        level1 = next((l1 for l1, subs in framework.levels if level2 in subs), "")
        if level1:
            entries.append(LibraryEntry(level1, level2, name, parse_value(value) if value else IndicatorValue.empty(),
                                        SOURCE_STANDARD, "常用指标"))
    return _merged(entries)


def document_entries(doc: Document, source: int, label: str) -> list[LibraryEntry]:
    """Every filled indicator row of ``doc``, one entry per distinct row, naming the projects that used it."""
    entries = []
    for path, node in doc.iter_nodes():
        if node.form is None:
            continue
        place = " › ".join(path[1:])
        for row in node.form.indicators:
            if row.name.strip():
                entries.append(LibraryEntry(row.level1, row.level2, row.name, row.value, source, label,
                                            (place,), doc.budget_year))
    return _merged(entries)


def _merged(entries: Iterable[LibraryEntry]) -> list[LibraryEntry]:
    """One entry per (source label, row); its uses counted and up to three places kept."""
    merged: dict[tuple[str, tuple[str, str, str, IndicatorValue]], LibraryEntry] = {}
    for entry in entries:
        key = (entry.source_label, entry.key())
        seen = merged.get(key)
        if seen is None:
            merged[key] = entry
        else:
            places = seen.used_in + tuple(p for p in entry.used_in if p not in seen.used_in)
            merged[key] = LibraryEntry(seen.level1, seen.level2, seen.name, seen.value, seen.source,
                                       seen.source_label, places[:3], seen.year, seen.uses + entry.uses)
    return list(merged.values())


def search(entries: Sequence[LibraryEntry], words: str = "", level1: str = "", level2: str = "") -> list[LibraryEntry]:
    """Entries under ``level1``/``level2`` (blank: any) whose 一级, 二级, 三级 or value hold every word typed,
    this file's first, then earlier files (newest year first), then the standard list; a row already in this
    file is not offered again from elsewhere."""
    wanted = [w for w in words.replace("，", " ").split() if w]
    here = {e.key() for e in entries if e.source == SOURCE_THIS_FILE}
    found = []
    for entry in entries:
        if level1 and entry.level1 != level1 or level2 and entry.level2 != level2:
            continue
        if entry.source != SOURCE_THIS_FILE and entry.key() in here:
            continue
        text = f"{entry.level1} {entry.level2} {entry.name} {entry.value.text} {entry.value.unit}"
        if all(w in text for w in wanted):
            found.append(entry)
    found.sort(key=lambda e: (e.source, -(e.year or 0), -e.uses, e.level1, e.level2, e.name))
    return found
