"""The CJK font every printed page uses: 宋体/仿宋 of the machine when present, else the bundled one.

reportlab embeds a subset of a TrueType font (CFF/OpenType CJK fonts are refused); every printed
character must have a glyph, so characters the chosen font lacks are drawn with the bundled font.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..resources_path import resource

BUNDLED_FONT = "wqy-microhei.ttc"
BUNDLED_NAME = "G60Bundled"

#: 宋体 first (the forms' usual face), then 仿宋; file names as Windows, Office and Linux install them.
SYSTEM_FONT_FILES: tuple[str, ...] = (
    "simsun.ttc", "simsun.ttf", "STSONG.TTF", "FZSSK.TTF", "simfang.ttf", "STFANGSO.TTF", "FZFSK.TTF",
)


class FontNotFound(RuntimeError):
    """The bundled font is missing: the installation is broken."""


@dataclass(frozen=True)
class FontChoice:
    """A registered reportlab font: its name, file and the characters it has glyphs for."""

    name: str
    path: Path
    subfont: int

    @property
    def charset(self) -> frozenset[int]:
        return _charset(self.name)


def system_font_dirs() -> list[Path]:
    """Folders where a machine keeps its fonts (the first ones searched first)."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"),
                Path("/System/Library/Fonts/Supplemental"), Path("/System/Library/Fonts")]
    return [home / ".local" / "share" / "fonts", home / ".fonts", Path("/usr/local/share/fonts"),
            Path("/usr/share/fonts")]


def _font_files(folder: Path) -> dict[str, Path]:
    """Lower-cased file name → path of every font file under ``folder`` (recursively)."""
    found: dict[str, Path] = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            found.setdefault(name.lower(), Path(root) / name)
    return found


def find_system_font() -> Path | None:
    """The first 宋体/仿宋 file of :data:`SYSTEM_FONT_FILES` found on the machine that reportlab can load."""
    files: dict[str, Path] = {}
    for folder in system_font_dirs():
        if folder.is_dir():
            for name, path in _font_files(folder).items():
                files.setdefault(name, path)
    for wanted in SYSTEM_FONT_FILES:
        path = files.get(wanted.lower())
        if path is not None and _loadable(path):
            return path
    return None


def bundled_font_path() -> Path:
    path = resource("fonts", BUNDLED_FONT)
    if not path.is_file():
        raise FontNotFound(f"程序附带的字体文件缺失：{path}。请重新安装 g60desk。")
    return path


def find_cjk_font(prefer_system: bool) -> Path:
    """The font file printing uses: a machine 宋体/仿宋 when ``prefer_system`` and one is found, else the bundled font."""
    if prefer_system:
        found = find_system_font()
        if found is not None:
            return found
    return bundled_font_path()


@lru_cache(maxsize=None)
def _loadable(path: Path) -> bool:
    try:
        _register(path)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        return False
    return True


@lru_cache(maxsize=None)
def _register(path: Path) -> FontChoice:
    """Register ``path`` (face 0 of a collection) with reportlab once per process."""
    is_bundled = path == resource("fonts", BUNDLED_FONT)
    name = BUNDLED_NAME if is_bundled else f"G60System-{path.stem}"
    subfont = 0
    font = TTFont(name, str(path), subfontIndex=subfont) if path.suffix.lower() == ".ttc" \
        else TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return FontChoice(name=name, path=path, subfont=subfont)


@lru_cache(maxsize=None)
def _charset(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@dataclass(frozen=True)
class FontSet:
    """The main font and the bundled fallback for characters the main font lacks."""

    main: FontChoice
    fallback: FontChoice

    @property
    def name(self) -> str:
        return self.main.name

    def markup(self, text: str) -> str:
        """``text`` escaped for a reportlab Paragraph, runs the main font lacks wrapped in the fallback font."""
        if self.main is self.fallback:
            return escape(text)
        have = self.main.charset
        out: list[str] = []
        run: list[str] = []
        run_missing = False
        for ch in text:
            missing = ord(ch) not in have and not ch.isspace()
            if missing != run_missing and run:
                out.append(self._wrap("".join(run), run_missing))
                run = []
            run.append(ch)
            run_missing = missing
        if run:
            out.append(self._wrap("".join(run), run_missing))
        return "".join(out)

    def _wrap(self, text: str, missing: bool) -> str:
        return f'<font face="{self.fallback.name}">{escape(text)}</font>' if missing else escape(text)


def load_fonts(prefer_system: bool) -> FontSet:
    """Register the print font (and the bundled fallback) and return them."""
    fallback = _register(bundled_font_path())
    path = find_cjk_font(prefer_system)
    main = fallback if path == fallback.path else _register(path)
    return FontSet(main=main, fallback=fallback)
