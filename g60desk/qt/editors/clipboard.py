"""Tab-separated text as Excel and WPS put it on (and read it from) the clipboard.

A cell holding a tab, a line break or a double quote is written in double quotes with inner quotes
doubled; rows end with CRLF. Reading accepts LF, CRLF or CR, drops the one trailing line break Excel
adds, and drops columns on the right that are empty in every row (WPS copies an extra empty column).
"""
from __future__ import annotations

__all__ = ["format_tsv", "parse_tsv"]

_NEEDS_QUOTES = ("\t", "\n", "\r", '"')


def _quote(cell: str) -> str:
    if any(ch in cell for ch in _NEEDS_QUOTES):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def format_tsv(rows: list[list[str]]) -> str:
    """Rows of cells → clipboard text the way Excel writes it (CRLF after every row)."""
    return "".join("\t".join(_quote(cell) for cell in row) + "\r\n" for row in rows)


def _read_quoted(text: str, start: int) -> tuple[str, int] | None:
    """The quoted cell starting at ``text[start] == '"'`` → (cell, index after the closing quote).

    None when the quotes do not close right before a tab, a line break or the end: Excel then
    takes the cell literally (a cell that merely starts with a quote, like ``"好"字``)."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == '"':
            if text.startswith('""', i):
                out.append('"')
                i += 2
                continue
            end = i + 1
            if end == len(text) or text[end] in "\t\r\n":
                return "".join(out), end
            return None
        out.append(ch)
        i += 1
    return None


def _read_plain(text: str, start: int) -> tuple[str, int]:
    end = start
    while end < len(text) and text[end] not in "\t\r\n":
        end += 1
    return text[start:end], end


def _split(text: str) -> list[list[str]]:
    rows: list[list[str]] = []
    row: list[str] = []
    i = 0
    while True:
        quoted = _read_quoted(text, i) if i < len(text) and text[i] == '"' else None
        cell, i = quoted if quoted is not None else _read_plain(text, i)
        row.append(cell)
        if i >= len(text):
            rows.append(row)
            return rows
        sep = text[i]
        if sep == "\t":
            i += 1
            continue
        i += 2 if text.startswith("\r\n", i) else 1
        rows.append(row)
        row = []
        if i >= len(text):
            return rows  # the trailing line break ends the last row, it does not start a new one


def parse_tsv(text: str) -> list[list[str]]:
    """Clipboard text → rows of cells; empty text → []."""
    if text == "":
        return []
    rows = _split(text)
    width = max(len(row) for row in rows)
    while width > 1 and all(len(row) < width or row[width - 1] == "" for row in rows):
        width -= 1
    return [row[:width] for row in rows]
