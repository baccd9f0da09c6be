"""Findings, rules and the rule registry: what a 审核 result is and how a rule is declared."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from ..domain.model import Acknowledgement

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

#: Rule families of DESIGN.md §4, in the order of the design brief; then what a bureau reviewer reads in the goals.
FAMILIES: dict[str, str] = {
    "funding": "一、项目资金勾稽",
    "sums": "二、合计与汇总",
    "formula": "三、测算公式",
    "cost": "四、成本指标与预算",
    "dates": "五、日期与实施周期",
    "indicators": "六、绩效指标",
    "consistency": "七、必填与前后一致",
    "blanks": "八、空白与零",
    "goals": "九、绩效目标与说明",
}


class Operand(NamedTuple):
    """A cell a rule read, with its value as the form shows it: the evidence of a finding.

    ``field`` is a place in the syntax of :mod:`places` (None: the node or department as a whole); ``path``
    names another node than the finding's own (cross-node rules), () the finding's own."""

    field: str | None
    value: str
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One result of one rule at one place. ``fingerprint`` changes when the data the rule looked at changes.

    ``operands`` are the cells the rule read with their values (the message names them too), ``fix`` a short
    hint of the correction where one is known ("" otherwise)."""

    rule: str
    severity: str
    path: tuple[str, ...]
    field: str | None
    message: str
    fingerprint: str
    operands: tuple[Operand, ...] = ()
    fix: str = ""
    #: the rule, field and data it looked at without the place: equal before and after a rename of the place
    #: when the data is unchanged, so an acknowledgement can follow the rename (services/edits/tree.py)
    data_key: str = ""


@dataclass(frozen=True)
class Rule:
    """A registered rule. ``severity`` is the most severe level it reports; ``docs`` states its
    tolerance and rounding (the function's docstring)."""

    id: str
    family: str
    severity: str
    title: str
    docs: str
    scope: str  # "node": looks at one declared node; "department": across a department
    func: Callable[..., Iterable[Finding]]


RULES: dict[str, Rule] = {}


Check = TypeVar("Check", bound=Callable[..., Iterable["Finding"]])


def rule(rule_id: str, family: str, severity: str, title: str, scope: str = "node") -> Callable[[Check], Check]:
    """Register the decorated check under a stable id; the docstring becomes the rule's docs."""
    if family not in FAMILIES or severity not in SEVERITIES or scope not in ("node", "department"):
        raise ValueError(f"bad rule declaration {rule_id}: {family} {severity} {scope}")

    def register(func: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        docs = "".join(part.strip() for part in (func.__doc__ or "").splitlines())
        RULES[rule_id] = Rule(rule_id, family, severity, title, docs, scope, func)
        return func
    return register


def fingerprint(rule_id: str, path: tuple[str, ...], field: str | None, looked_at: object) -> str:
    """Hex hash of the rule, the place and the operand values the rule looked at."""
    text = "\x1f".join((rule_id, "\x1e".join(path), field or "", repr(looked_at)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def data_key(rule_id: str, field: str | None, looked_at: object) -> str:
    """Hex hash of the rule, the field and the operand values, without the place (see ``Finding.data_key``)."""
    text = "\x1f".join((rule_id, field or "", repr(looked_at)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def make_finding(rule_id: str, path: tuple[str, ...], field: str | None, message: str,
                 looked_at: object, severity: str | None = None, evidence: Iterable[Operand] = (),
                 fix: str = "") -> Finding:
    """A finding of a registered rule; ``severity`` defaults to the rule's own.

    ``looked_at`` goes into the fingerprint (an acknowledgement lapses when it changes: keep it stable for a
    rule once released); ``evidence`` becomes ``Finding.operands``."""
    rule_ = RULES[rule_id]
    level = severity or rule_.severity
    if SEVERITY_RANK[level] < SEVERITY_RANK[rule_.severity]:
        raise ValueError(f"{rule_id} may report at most {rule_.severity}, not {level}")
    return Finding(rule_id, level, tuple(path), field, message, fingerprint(rule_id, path, field, looked_at),
                   tuple(evidence), fix, data_key(rule_id, field, looked_at))


def is_acknowledged(finding: Finding, acknowledgements: Iterable[Acknowledgement] | None) -> bool:
    """True when an acknowledgement names the same rule, place and fingerprint (the data is unchanged)."""
    return acknowledgement_for(finding, acknowledgements) is not None


def acknowledgement_for(finding: Finding,
                        acknowledgements: Iterable[Acknowledgement] | None) -> Acknowledgement | None:
    """The Acknowledgement that accepts ``finding``, or None. Only 警告 can be acknowledged."""
    if finding.severity != "warning":
        return None
    for ack in acknowledgements or ():
        if (ack.rule == finding.rule and tuple(ack.path) == finding.path and ack.field == finding.field
                and ack.fingerprint == finding.fingerprint):
            return ack
    return None


def stale_acknowledgements(acknowledgements: Iterable[Acknowledgement] | None,
                           findings: Iterable[Finding]) -> list[Acknowledgement]:
    """Acknowledgements that no longer accept any current finding (their data changed or the warning is
    gone): the window may show them as lapsed, the services layer may drop them."""
    current = {(f.rule, f.path, f.field, f.fingerprint) for f in findings if f.severity == "warning"}
    return [a for a in acknowledgements or ()
            if (a.rule, tuple(a.path), a.field, a.fingerprint) not in current]


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
