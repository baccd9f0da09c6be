"""Which unit a budget line's formula is written in, as the line's own words say.

A formula's bare numbers are in its line's unit (元 or 万元, :mod:`formula`). The seeds write many formulas in
元 beside amounts in 万元 — "面积 1,469 平，物业管理费按 16 元/平/月，全年合计：1,469 平*16*12=28.20 万元" —
so a line whose unit is guessed from the form alone shows an error ten thousand times too large. The words
around the formula say which it is:

- a formula that writes its own money unit ("3.15万*12", "0.3万元/人*16人*12月") needs no decision: a product
  with one money number comes out the same in either unit;
- a number of the formula written in the line's 测算依据 or 名称 with a money unit ("按 16 元/平/月", "0.9 万元")
  decides; without one, a unit price there ("单价 500 元/次") does;
- words that point both ways, or none, decide nothing (the line keeps its unit, which the grid shows and the
  clerk can switch).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import AmountUnit
from .textnorm import normalize

__all__ = ["UnitReading", "formula_unit_from_words", "writes_own_unit"]

_MONEY = r"(万元|万|元)"
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
#: a unit price: a number, a money word, then "/" (or 每) and something per which it is paid
_PRICE = re.compile(_NUMBER + r"\s*" + _MONEY + r"\s*[/／]\s*[^\d\s]")
_AMOUNT = re.compile(_NUMBER + r"\s*" + _MONEY)
_NUMBER_IN_FORMULA = re.compile(_NUMBER)
_UNITS: dict[str, AmountUnit] = {"万元": "wan", "万": "wan", "元": "yuan"}
_MONEY_IN_FORMULA = re.compile(_MONEY)


@dataclass(frozen=True)
class UnitReading:
    """The unit the words decide and the words that decide it ("16 元/平/月"); ``direct`` when the words name a
    number of the formula itself with its unit (else a unit price of the line decided)."""

    unit: AmountUnit
    evidence: str
    direct: bool = True


def writes_own_unit(formula: str) -> bool:
    """The formula writes a money unit itself ("3.15万*12"): its result does not depend on its line's unit."""
    return bool(_MONEY_IN_FORMULA.search(normalize(formula or "")))


def formula_unit_from_words(formula: str, *words: str) -> UnitReading | None:
    """The unit of ``formula``'s bare numbers as ``words`` (the line's 测算依据, 名称) say; None when the
    formula needs no decision or the words do not decide."""
    formula = normalize(formula or "")
    if not formula.strip() or writes_own_unit(formula):
        return None
    text = normalize(" ".join(w for w in words if w))
    if not text.strip():
        return None
    found: dict[AmountUnit, str] = {}
    numbers = {_plain(n) for n in _NUMBER_IN_FORMULA.findall(formula)}
    for match in _AMOUNT.finditer(text):            # a number of the formula written with its unit
        if _plain(match.group(1)) in numbers:
            found.setdefault(_UNITS[match.group(2)], match.group(0))
    direct = bool(found)
    if not found:                                    # else a unit price of the line
        for match in _PRICE.finditer(text):
            found.setdefault(_UNITS[match.group(2)], match.group(0))
    if len(found) != 1:
        return None
    unit, evidence = next(iter(found.items()))
    return UnitReading(unit, _evidence(text, evidence), direct)


def _plain(number: str) -> str:
    """"1,469" and "1469.0" → "1469"; "0.90" → "0.9"."""
    digits = number.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits or "0"


def _evidence(text: str, matched: str) -> str:
    """The words that decided, as they stand in the line (up to the end of the price's "/…" part)."""
    start = text.find(matched)
    if start < 0:
        return matched
    end = start + len(matched)
    while end < len(text) and end - start < 24 and text[end] not in "，,。；;：: ）)":
        end += 1
    return text[start:end]
