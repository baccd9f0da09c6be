"""Where each key of a TOML text is: tomllib reads a file but gives no positions, and a person fixing a template
needs the line ("第 14 行，header.fields 第 3 项的 type：…")."""
from __future__ import annotations

import re
import tomllib

Path = tuple[str | int, ...]


class _Scanner:
    """Line numbers of the keys and array items of a TOML text that tomllib has already accepted.

    tomllib gives no positions; this walks the text once, following strings, comments, tables, arrays and inline
    tables, and records the line where each key path (("header", "fields", 2, "type")) starts."""

    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.array_tables: dict[Path, int] = {}

    def scan(self) -> dict[Path, int]:
        table: Path = ()
        while self._skip_blank():
            if self._peek() == "[":
                table = self._table_header()
            else:
                self._key_value(table)
        return self.lines

    # characters
    def _peek(self, n: int = 1) -> str:
        return self.text[self.i:self.i + n]

    def _advance(self, n: int = 1) -> None:
        chunk = self.text[self.i:self.i + n]
        self.line += chunk.count("\n")
        self.i += n

    def _skip_blank(self, newlines: bool = True) -> bool:
        """Skip spaces, comments (and newlines); False at the end of the text."""
        while self.i < len(self.text):
            ch = self.text[self.i]
            if ch == "#":
                end = self.text.find("\n", self.i)
                self.i = len(self.text) if end < 0 else end
            elif ch in " \t\r" or (newlines and ch == "\n"):
                self._advance()
            else:
                return True
        return False

    def _string(self) -> None:
        quote = self._peek()
        if self._peek(3) == quote * 3:
            self._advance(3)
            end = self.text.find(quote * 3, self.i)
            while quote == '"' and end > 0 and _escaped(self.text, end):
                end = self.text.find(quote * 3, end + 1)
            end = len(self.text) if end < 0 else end
            while self.text[end + 3:end + 4] == quote:   # up to two quotes may end the content
                end += 1
            self._advance(end + 3 - self.i)
            return
        self._advance()
        while self.i < len(self.text) and self._peek() != quote:
            self._advance(2 if quote == '"' and self._peek() == "\\" else 1)
        self._advance()

    def _key(self) -> tuple[str, ...]:
        parts: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            if self._peek() in "\"'":
                start = self.i
                self._string()
                parts.append(tomllib.loads(f"k = {self.text[start:self.i]}")["k"])
            else:
                match = re.compile(r"[A-Za-z0-9_-]+").match(self.text, self.i)
                end = match.end() if match else self.i + 1
                parts.append(self.text[self.i:end])
                self._advance(end - self.i)
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return tuple(parts)
            self._advance()

    def _table_header(self) -> Path:
        double = self._peek(2) == "[["
        self._advance(2 if double else 1)
        line = self.line
        path = self._within_arrays(self._key())
        self._skip_blank(newlines=False)
        self._advance(2 if double else 1)
        if double:
            index = self.array_tables.get(path, 0)
            self.array_tables[path] = index + 1
            self.lines.setdefault(path, line)
            path = path + (index,)
        self.lines.setdefault(path, line)
        return path

    def _within_arrays(self, key: tuple[str, ...]) -> Path:
        """[frameworks.levels] after [[frameworks]] is a table of the array's last entry: insert its index."""
        path: Path = ()
        for part in key:
            path = path + (part,)
            if path in self.array_tables and len(path) < len(key):
                path = path + (self.array_tables[path] - 1,)
        return path

    def _key_value(self, table: Path) -> None:
        line = self.line
        path = table + self._key()
        self.lines.setdefault(path, line)
        self._skip_blank(newlines=False)
        self._advance()   # "="
        self._value(path)

    def _value(self, path: Path) -> None:
        self._skip_blank(newlines=False)
        ch = self._peek()
        if ch in "\"'":
            self._string()
        elif ch == "[":
            self._array(path)
        elif ch == "{":
            self._inline_table(path)
        else:
            match = re.compile(r"[^,\]}\n#]*").match(self.text, self.i)
            self._advance((match.end() if match else self.i) - self.i)

    def _array(self, path: Path) -> None:
        self._advance()
        index = 0
        while self._skip_blank() and self._peek() != "]":
            if self._peek() == ",":
                self._advance()
                index += 1
                continue
            self.lines.setdefault(path + (index,), self.line)
            self._value(path + (index,))
        self._advance()

    def _inline_table(self, path: Path) -> None:
        self._advance()
        while self._skip_blank() and self._peek() != "}":
            if self._peek() == ",":
                self._advance()
                continue
            line = self.line
            key = path + self._key()
            self.lines.setdefault(key, line)
            self._skip_blank(newlines=False)
            self._advance()   # "="
            self._value(key)
        self._advance()


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def key_lines(text: str) -> dict[Path, int]:
    """Line (from 1) of every key path and array item of ``text`` (valid TOML); {} when it cannot be followed."""
    try:
        return _Scanner(text).scan()
    except (IndexError, tomllib.TOMLDecodeError, RecursionError):
        return {}
