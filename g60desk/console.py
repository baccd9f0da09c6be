"""Standard output and error that never crash the command: any code page, on a console, a pipe or a file.

Windows writes redirected output in the ANSI code page — GBK on a Chinese Windows — and a character the
code page lacks ("›", an emoji in a project name) raised UnicodeEncodeError with a traceback; on a
non-Chinese code page every Chinese line did. A reader that stops early (``| head``, a closed ``| more``)
raised BrokenPipeError. ``setup()``, called once at the top of the command's main, fixes both for the
interpreter's own streams:

* the encoding stays what the reader expects (the console's, or the code page for a pipe or a file), and
  what it cannot encode becomes a look-alike ("›" -> ">", "≥" -> ">=") or "?";
* a redirected stream whose encoding has no Chinese at all (cp1252, ASCII) writes UTF-8 instead, unless
  the user chose that encoding (PYTHONIOENCODING) — a report full of "?" helps nobody;
* once the reader has gone, the rest of the output goes nowhere and the command ends as it would have;
* a missing stream (the windowed g60desk.exe has none) becomes a sink, so that print() cannot fail.
"""
from __future__ import annotations

import codecs
import errno
import io
import os
import sys
import unicodedata

ERRORS = "g60desk-lookalike"

_LOOKALIKES = {
    "›": ">", "‹": "<", "»": ">>", "«": "<<", "→": "->", "←": "<-", "⇒": "=>", "…": "...",
    "—": "-", "–": "-", "‐": "-", "−": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "„": '"',
    "≥": ">=", "≤": "<=", "≠": "!=", "×": "x", "÷": "/", "·": ".", "•": "*", "\u00a0": " ", "\u3000": " ",
    "✓": "v", "✔": "v", "✗": "x", "✘": "x",
}
# Windows: a pipe whose reader has gone fails with ERROR_NO_DATA (232) or ERROR_BROKEN_PIPE (109), which
# Python reports as EINVAL or EPIPE.
_GONE_WINERRORS = {109, 232}


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _lookalike(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        for candidate in (_LOOKALIKES.get(char), unicodedata.normalize("NFKC", char)):
            if candidate and candidate != char and _encodes(candidate, error.encoding):
                out.append(candidate)
                break
        else:
            out.append("?")
    return "".join(out), error.end


codecs.register_error(ERRORS, _lookalike)


def reader_gone(exc: BaseException) -> bool:
    """Did this write fail because nobody reads the other end of the pipe any more?"""
    if isinstance(exc, BrokenPipeError):
        return True
    if isinstance(exc, OSError):
        return getattr(exc, "winerror", None) in _GONE_WINERRORS or (
            sys.platform == "win32" and exc.errno in (errno.EINVAL, errno.EPIPE))
    return False


class SafeStream(io.TextIOWrapper):
    """A text stream that lets nothing escape: unencodable characters are replaced (ERRORS), and after the
    reader has gone, writes go to the null device."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OSError as exc:
            if not reader_gone(exc):
                raise
            self._send_to_null()
            return len(text)

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            if not reader_gone(exc):
                raise
            self._send_to_null()
            super().flush()          # the bytes still buffered go to the null device now

    def _send_to_null(self) -> None:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, self.buffer.fileno())
        finally:
            os.close(null)


def _interactive(stream) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def choose_encoding(stream, environ=os.environ) -> str:
    """The stream's encoding, or UTF-8 for a redirected stream whose encoding cannot write Chinese."""
    current = stream.encoding
    if _interactive(stream) or _encodes("中文", current) or sys.flags.utf8_mode:
        return current
    if environ.get("PYTHONIOENCODING") and not sys.flags.ignore_environment:
        return current       # chosen on purpose: keep it, with look-alikes
    return "utf-8"


def _safe(name: str) -> None:
    stream = getattr(sys, name)
    if stream is None:       # pythonw.exe (the windowed g60desk.exe): no console at all
        sink = open(os.devnull, "w", encoding="utf-8", errors=ERRORS)  # noqa: SIM115 - lives as long as the process
        setattr(sys, name, sink)
        setattr(sys, f"__{name}__", sink)
        return
    if isinstance(stream, SafeStream) or stream is not getattr(sys, f"__{name}__"):
        return               # done already, or not the interpreter's stream (a test's capture): leave it
    if not isinstance(stream, io.TextIOWrapper):
        return
    encoding = choose_encoding(stream)
    line_buffering, write_through = stream.line_buffering, stream.write_through
    stream.flush()
    safe = SafeStream(stream.detach(), encoding=encoding, errors=ERRORS, line_buffering=line_buffering,
                      write_through=write_through)
    setattr(sys, name, safe)
    setattr(sys, f"__{name}__", safe)


def setup() -> None:
    """Make sys.stdout and sys.stderr safe (once; later calls change nothing)."""
    for name in ("stdout", "stderr"):
        _safe(name)
