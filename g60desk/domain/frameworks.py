"""Indicator frameworks (指标体系): which 一级/二级 indicators a form may use, in printed order.

A framework is declared in its template file (docs/templates.md): its 一级 and their 二级 names, and which names
play the roles the rules read — cost ceilings (成本), satisfaction (满意度), quantities (数量) and deadlines (时效).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    #: (一级, (二级, …)) in printed order
    levels: tuple[tuple[str, tuple[str, ...]], ...]
    #: (role, 一级 names, 二级 names) of the rows the rules read: "cost" ceilings (成本指标), "satisfaction"
    #: (满意度), "quantity" (数量指标), "deadline" (时效指标); a row plays a role when its 一级 or its 二级 is named
    roles: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()

    def __hash__(self) -> int:
        """Hashed once: the checks key their caches by the framework, thousands of times per file."""
        known: int | None = self.__dict__.get("_hash")
        if known is None:
            known = hash((self.id, self.title, self.levels, self.roles))
            object.__setattr__(self, "_hash", known)
        return known

    def level1_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.levels)

    def level2_names(self, level1: str) -> tuple[str, ...]:
        return next((subs for name, subs in self.levels if name == level1), ())

    def all_level2(self) -> tuple[str, ...]:
        return tuple(name for _, subs in self.levels for name in subs)

    def order_key(self, level1: str, level2: str) -> tuple[int, int]:
        """Sort key putting rows in printed order; unknown names go last, in their own order."""
        names = self.level1_names()
        i = names.index(level1) if level1 in names else len(names)
        subs = self.level2_names(level1)
        j = subs.index(level2) if level2 in subs else len(subs)
        return i, j

    def has_role(self, role: str, level1: str, level2: str) -> bool:
        """Whether a row of this 一级 and 二级 plays ``role`` (cost, satisfaction, quantity, deadline)."""
        roles: dict[str, tuple[frozenset[str], frozenset[str]]] | None = self.__dict__.get("_role_map")
        if roles is None:
            roles = {name: (firsts, seconds) for name, firsts, seconds in self.roles}
            object.__setattr__(self, "_role_map", roles)
        found = roles.get(role)
        return found is not None and (level1 in found[0] or level2 in found[1])

    def role_names(self, role: str) -> tuple[frozenset[str], frozenset[str]]:
        """(一级 names, 二级 names) of ``role``."""
        for name, firsts, seconds in self.roles:
            if name == role:
                return firsts, seconds
        return frozenset(), frozenset()
