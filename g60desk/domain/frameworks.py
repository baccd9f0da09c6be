"""Indicator frameworks (指标体系): which 一级/二级 indicators a form may use, in printed order."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    #: (一级, (二级, …)) in printed order
    levels: tuple[tuple[str, tuple[str, ...]], ...]
    #: the 二级 under which cost ceilings (成本) are stated
    cost_level2: tuple[str, ...]

    def level1_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.levels)

    def level2_names(self, level1: str) -> tuple[str, ...]:
        return next((subs for name, subs in self.levels if name == level1), ())

    def order_key(self, level1: str, level2: str) -> tuple[int, int]:
        """Sort key putting rows in printed order; unknown names go last, in their own order."""
        names = self.level1_names()
        i = names.index(level1) if level1 in names else len(names)
        subs = self.level2_names(level1)
        j = subs.index(level2) if level2 in subs else len(subs)
        return i, j


FRAMEWORKS: dict[str, Framework] = {
    "2021": Framework(
        id="2021",
        title="财预〔2021〕101号指标体系",
        levels=(
            ("成本指标", ("经济成本指标", "社会成本指标", "生态环境成本指标")),
            ("产出指标", ("数量指标", "质量指标", "时效指标")),
            ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
            ("满意度指标", ("服务对象满意度指标",)),
        ),
        cost_level2=("经济成本指标", "社会成本指标", "生态环境成本指标"),
    ),
    "legacy": Framework(
        id="legacy",
        title="原指标体系（成本指标在产出指标下）",
        levels=(
            ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
            ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
            ("满意度指标", ("服务对象满意度指标",)),
        ),
        cost_level2=("成本指标",),
    ),
}


def get_framework(framework_id: str) -> Framework:
    try:
        return FRAMEWORKS[framework_id]
    except KeyError:
        raise KeyError(f"未知的指标体系“{framework_id}”，可用：{'、'.join(FRAMEWORKS)}") from None
