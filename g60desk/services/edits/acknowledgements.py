"""Accepting a 警告 with a written reason, and withdrawing that acceptance."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from ...domain.model import Acknowledgement
from ...store import repository
from ..undo import ValueCommand
from .core import Change, EditCore, EditRefused, Scope, limit_text

if TYPE_CHECKING:
    from ...checks import Finding

#: The fewest characters of the reason that accepts a 警告.
MIN_ACK_REASON_CHARS = 2


def same_place(ack: Acknowledgement, finding: Finding | Acknowledgement) -> bool:
    return (ack.rule, ack.path, ack.field) == (finding.rule, tuple(finding.path), finding.field)


def carried_acknowledgements(acks: Sequence[Acknowledgement], before: Sequence[Finding], after: Sequence[Finding],
                             old_prefix: tuple[str, ...], new_prefix: tuple[str, ...]) -> list[Acknowledgement]:
    """The acknowledgements once the place ``old_prefix`` is called ``new_prefix``: one under it follows its
    finding to the new place when the finding is still there with the same data (``Finding.data_key``); any
    other is kept as it was (outside the renamed place, or already lapsed before)."""
    accepted = {(f.rule, f.path, f.field, f.fingerprint): f for f in before}
    now = {(f.rule, f.path, f.field, f.data_key): f for f in after}
    carried = []
    for ack in acks:
        found = accepted.get((ack.rule, tuple(ack.path), ack.field, ack.fingerprint))
        if found is None or tuple(ack.path[:len(old_prefix)]) != old_prefix:
            carried.append(ack)
            continue
        path = new_prefix + tuple(ack.path[len(old_prefix):])
        moved = now.get((ack.rule, path, ack.field, found.data_key))
        carried.append(ack if moved is None else replace(ack, path=path, fingerprint=moved.fingerprint))
    return carried


class AcknowledgementEdits(EditCore):
    def acknowledge(self, finding: Finding, reason: str) -> None:
        """Accept a 警告 with a written reason; kept until the data the finding looked at changes."""
        reason = reason.strip()
        if finding.severity != "warning":
            raise EditRefused("只有“警告”可以确认；“错误”必须改正。")
        if len(reason) < MIN_ACK_REASON_CHARS:
            raise EditRefused(f"请写明确认这条警告的理由（至少 {MIN_ACK_REASON_CHARS} 个字）。")
        ack = Acknowledgement(rule=finding.rule, path=tuple(finding.path), field=finding.field,
                              fingerprint=finding.fingerprint, reason=limit_text(reason, "理由"),
                              created=datetime.now().isoformat(timespec="seconds"))
        before = list(self.doc.acknowledgements)
        after = [a for a in before if not same_place(a, ack)] + [ack]
        self._push(ValueCommand(f"确认警告 {finding.rule}", self._apply_acknowledgements, before, after))

    def withdraw_acknowledgement(self, finding: Finding) -> None:
        before = list(self.doc.acknowledgements)
        after = [a for a in before if not same_place(a, finding)]
        if after != before:
            self._push(ValueCommand(f"撤销确认 {finding.rule}", self._apply_acknowledgements, before, after))

    def _apply_acknowledgements(self, acks: list[Acknowledgement]) -> None:
        with self.store.transaction() as db:
            repository.replace_acknowledgements(db, acks)
        self.doc.acknowledgements = list(acks)
        self._notify(Change(Scope.ACKNOWLEDGEMENTS))
