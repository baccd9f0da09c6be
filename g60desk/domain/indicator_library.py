"""指标库: indicators to pick when adding a row — those of the open file, of files the clerk opened before
(earlier years' declarations), and a short standard list per 二级 — searchable by 一级, 二级 and words.

Each entry says where and when it was used and with which value, so the clerk can take a wording that a
reviewer already accepted. Plain data: the services keep the list of earlier files in the user's folder.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .frameworks import Framework
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
#: the 二级 (and 一级) names that play a role in the bundled frameworks, by which a row from a form of another 指标体系
#: is filed under this one's 二级 of that role (legacy: 成本 sat under 产出 as one 二级 "成本指标"; 湘潭: satisfaction
#: is "社会公众或服务对象满意度指标", 甘肃 "服务对象满意度")
_ROLE_LEVEL2 = {"经济成本指标": "cost", "社会成本指标": "cost", "生态环境成本指标": "cost", "成本指标": "cost",
                "服务对象满意度指标": "satisfaction", "服务对象满意度": "satisfaction",
                "社会公众或服务对象满意度指标": "satisfaction", "满意度指标": "satisfaction"}


def _placed(framework: Framework, level2: str) -> str:
    """The 二级 of ``framework`` a row of ``level2`` goes under: its own when the framework has it, else the
    framework's first 二级 of the same role (named by 二级, or the first 二级 under the role's 一级)."""
    all_level2 = framework.all_level2()
    role = _ROLE_LEVEL2.get(level2)
    if level2 in all_level2 or role is None:
        return level2
    firsts, seconds = framework.role_names(role)
    own = [name for name in all_level2 if name in seconds]
    own += [name for first in framework.level1_names() if first in firsts for name in framework.level2_names(first)]
    return own[0] if own else level2


def fitted(entry: LibraryEntry, framework: Framework | None) -> LibraryEntry | None:
    """``entry`` under ``framework``'s own 一级/二级 — a row from a form of another 指标体系 (湘潭's, last year's
    legacy form) filed by its 二级 or by the role it plays — or None when it has no place there (inserted as it
    was, the row was an F-IND-02 错误 at once)."""
    if framework is None or entry.level2 in framework.level2_names(entry.level1):
        return entry
    level2 = _placed(framework, entry.level2)
    level1 = [first for first, subs in framework.levels if level2 in subs]
    if len(level1) != 1:
        return None
    return LibraryEntry(level1[0], level2, entry.name, entry.value, entry.source, entry.source_label,
                        entry.used_in, entry.year, entry.uses)


def standard_entries(framework: Framework | None) -> list[LibraryEntry]:
    """The standard list placed in ``framework``'s 一级/二级 (legacy puts 成本 under 产出)."""
    if framework is None:
        return []
    entries = []
    for level2, name, value in STANDARD:
        level2 = _placed(framework, level2)
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
