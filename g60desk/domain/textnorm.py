"""Normalising what clerks type or paste (full-width IME output, Word symbols, operator words) before parsing.

The parsers of amounts (``money``), indicator values (``values``) and budget-line formulas (``formula``)
all start here, so every input path (editor, paste, import) reads text the same way.

Stages, in order (each is a documented table below):

1. ``unicodedata.normalize("NFKC", …)`` — full-width digits and ASCII (``７８，０００．００`` → ``78,000.00``),
   ``＞＝`` → ``>=``, ``（％）`` → ``(%)``, ``￥`` → ``¥``, ideographic space → space.
2. :data:`CHAR_MAP` — characters NFKC leaves alone: dashes and minus signs, the comparison signs Word and
   IMEs produce, zero-width characters from pasted text.
3. :data:`OPERATOR_WORDS` — ``>=``/``<=`` and the Chinese operator words (大于等于, 不低于 …) → ``≥``/``≤``.

:func:`normalize` applies all three. It is meant for short values typed into a cell, not for prose
(a qualitative indicator value is stored as typed; only its parsing goes through here).

Two tables are applied only by the number parsers, never to free text:

- :data:`NUMBER_MAP` (:func:`normalize_number`): ``。`` as a decimal point, whitespace removed.
  Thousands separators are validated and removed by :func:`ungroup_thousands`.
- :data:`FORMULA_MAP` (:func:`normalize_formula_char`): ``× ✕ ✖ x X`` → ``*``, ``÷ ∕`` → ``/``.
"""
from __future__ import annotations

import re
import unicodedata

from ..errors import UserError

__all__ = [
    "CHAR_MAP",
    "FORMULA_MAP",
    "NUMBER_MAP",
    "OPERATOR_WORDS",
    "ParseError",
    "find_foreign_digit",
    "normalize",
    "normalize_char",
    "normalize_formula_char",
    "normalize_number",
    "normalize_symbols",
    "quote",
    "ungroup_thousands",
]


class ParseError(UserError, ValueError):
    """Input that cannot be read; ``message`` is one plain Chinese sentence naming the input and the reason."""


#: Stage 2: characters NFKC leaves as they are, mapped after NFKC (a value of "" deletes the character).
CHAR_MAP: dict[str, str] = {
    "\u2212": "-",  # − MINUS SIGN (Word, Excel)
    "\u2010": "-",  # ‐ HYPHEN (NFKC also folds U+2011 NON-BREAKING HYPHEN into it)
    "\u2012": "-",  # ‒ FIGURE DASH
    "\u2013": "-",  # – EN DASH
    "\u2014": "-",  # — EM DASH
    "\u2015": "-",  # ― HORIZONTAL BAR (Chinese IME dash)
    "\u2267": "≥",  # ≧
    "\u2a7e": "≥",  # ⩾
    "\u2266": "≤",  # ≦
    "\u2a7d": "≤",  # ⩽
    "\u200b": "",  # zero-width space (pasted from Word/web pages)
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte-order mark / zero-width no-break space
}

#: Stage 3, applied in this order (longer words first): operator spellings → one sign.
OPERATOR_WORDS: tuple[tuple[str, str], ...] = (
    (">=", "≥"),
    ("<=", "≤"),
    ("大于等于", "≥"),
    ("大于或等于", "≥"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("小于等于", "≤"),
    ("小于或等于", "≤"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
)

#: Applied inside numbers only (after :func:`normalize`): the IME full stop is a decimal point there.
#: :func:`normalize_number` also drops all whitespace ("3.9 万元", "1 000").
NUMBER_MAP: dict[str, str] = {"。": "."}

#: Applied inside formulas only (after NFKC and :data:`CHAR_MAP`): multiplication and division signs.
FORMULA_MAP: dict[str, str] = {
    "×": "*",
    "✕": "*",
    "✖": "*",
    "x": "*",
    "X": "*",
    "÷": "/",
    "∕": "/",  # DIVISION SLASH
}

_CHAR_TABLE = str.maketrans(CHAR_MAP)
#: Any character of CHAR_MAP: ``str.translate`` with a dict looks up every character of a text (slow on a
#: paragraph), so it runs only when there is something to map.
_CHAR_FOUND = re.compile("[" + "".join(re.escape(ch) for ch in CHAR_MAP) + "]")


def _nfkc_mapped(text: str) -> str:
    """Stages 1–2: NFKC, then :data:`CHAR_MAP`."""
    out = unicodedata.normalize("NFKC", text)
    return out.translate(_CHAR_TABLE) if _CHAR_FOUND.search(out) else out


_NUMBER_TABLE = str.maketrans(NUMBER_MAP)
_ASCII_DIGITS = frozenset("0123456789")
_FULLWIDTH_DIGITS = frozenset("０１２３４５６７８９")
#: CJK characters with a numeric value that are units, not digits, where they are allowed at all.
_NUMERIC_UNIT_CHARS = frozenset("万亿")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def normalize_symbols(text: str) -> str:
    """Stages 1–2 plus ASCII ``>=``/``<=`` → ``≥``/``≤``; Chinese operator words are left as typed."""
    return _nfkc_mapped(text).replace(">=", "≥").replace("<=", "≤")


def normalize(text: str) -> str:
    """NFKC, :data:`CHAR_MAP`, then :data:`OPERATOR_WORDS` (see the module docstring)."""
    out = _nfkc_mapped(text)
    for word, sign in OPERATOR_WORDS:
        out = out.replace(word, sign)
    return out


def normalize_number(text: str) -> str:
    """:func:`normalize`, then :data:`NUMBER_MAP` (``。`` → ``.``, whitespace removed)."""
    out = normalize(text).translate(_NUMBER_TABLE)
    return "".join(out.split())


def normalize_char(ch: str) -> str:
    """One character through NFKC and :data:`CHAR_MAP` (may return "" or several characters)."""
    return unicodedata.normalize("NFKC", ch).translate(_CHAR_TABLE)


def normalize_formula_char(ch: str) -> str:
    """One character of a formula: :func:`normalize_char`, then :data:`FORMULA_MAP`."""
    return "".join(FORMULA_MAP.get(c, c) for c in normalize_char(ch))


def find_foreign_digit(text: str) -> str | None:
    """The first character that is a digit other than 0–9 (full-width digits allowed), or None.

    Catches Arabic-Indic digits (NFKC keeps them), Chinese numerals (一百) and characters NFKC would
    silently turn into ASCII digits (², ①), which must not be read as part of a number. (Only whether
    a character *has* a numeric value is asked; the value itself is never used.)
    """
    for ch in text:
        if ch in _ASCII_DIGITS or ch in _FULLWIDTH_DIGITS or ch in _NUMERIC_UNIT_CHARS:
            continue
        if unicodedata.numeric(ch, None) is not None or ch.isdigit():
            return ch
        if any(c in _ASCII_DIGITS for c in unicodedata.normalize("NFKC", ch)):
            return ch
    return None


def ungroup_thousands(integer_part: str) -> str | None:
    """``"1,469"`` → ``"1469"``; no comma → unchanged; a misplaced comma (``"1,2345"``, ``",5"``) → None.

    Commas are accepted only in groups of three because ``78,5`` may mean 78.5 in a European paste.
    """
    if "," not in integer_part:
        return integer_part
    if _GROUPED.fullmatch(integer_part):
        return integer_part.replace(",", "")
    return None


def quote(text: str, limit: int = 24) -> str:
    """The input as a message shows it: stripped, in Chinese quotes, shortened when long."""
    shown = text.strip()
    if len(shown) > limit:
        shown = shown[:limit] + "…"
    return f"“{shown}”"
