"""What a print job includes and how it is signed: :class:`PrintOptions`, read from the settings or built in code."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

#: The signature block's fields and their printed labels, in printed order.
SIGNATURE_LABELS: tuple[tuple[str, str], ...] = (
    ("unit", "填报单位（盖章）"),
    ("leader", "单位负责人"),
    ("preparer", "填报人"),
    ("phone", "联系电话"),
    ("date", "填报日期"),
)


@dataclass(frozen=True)
class Signature:
    """The block printed under every 申报表; a blank value leaves a line to write on."""

    unit: str = ""
    leader: str = ""
    preparer: str = ""
    phone: str = ""
    date: str = ""
    #: which of :data:`SIGNATURE_LABELS` to print
    fields: tuple[str, ...] = tuple(key for key, _ in SIGNATURE_LABELS)

    @classmethod
    def from_dict(cls, data: dict) -> Signature:
        known = {f.name for f in fields(cls)} - {"fields"}
        values: dict[str, Any] = {k: str(v) for k, v in data.items() if k in known and v is not None}
        wanted = data.get("fields")
        if isinstance(wanted, (list, tuple)):
            values["fields"] = tuple(k for k, _ in SIGNATURE_LABELS if k in wanted)
        return cls(**values)

    def items(self) -> list[tuple[str, str, str]]:
        """(key, label, value) of the printed fields, in printed order."""
        return [(key, label, getattr(self, key)) for key, label in SIGNATURE_LABELS if key in self.fields]


@dataclass(frozen=True)
class PrintOptions:
    """A print job's choices. The defaults print the whole 申报材料 with the bundled or machine font."""

    #: use 宋体/仿宋 of the machine when one is installed (else the bundled font)
    prefer_system_font: bool = True
    #: the signature block under each form; None prints none
    signature: Signature | None = field(default_factory=Signature)
    #: 绩效目标设置情况 first; None: only when the whole document (no chosen nodes) is printed
    include_overview: bool | None = None
    #: each declared node's 项目经费情况说明
    include_explanations: bool = True
    #: each declared node's 申报表
    include_forms: bool = True

    @classmethod
    def from_settings(cls, **overrides) -> PrintOptions:
        """The options the user's settings ask for (print.prefer_system_font, print.signature …)."""
        from .. import settings  # plain JSON settings: no Qt, no SQL

        values: dict = {"prefer_system_font": bool(settings.get("print.prefer_system_font")),
                        "signature": Signature.from_dict(settings.get("print.signature"))}
        if "print.signature_enabled" in settings.SETTINGS and not settings.get("print.signature_enabled"):
            values["signature"] = None
        values.update(overrides)
        return cls(**values)
