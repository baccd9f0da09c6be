"""The CJK font every printed page uses: 宋体/仿宋 of the machine when present, else the bundled one.

reportlab embeds a subset of a TrueType font (CFF/OpenType CJK fonts are refused); every printed
character must have a glyph, so characters the chosen font lacks are drawn with the bundled font.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

from ..errors import UserError
from ..paths import data_dir
from ..resources_path import resource

BUNDLED_FONT = "wqy-microhei.ttc"
BUNDLED_NAME = "G60Bundled"

#: 宋体 first (the forms' usual face), then 仿宋; file names as Windows, Office and Linux install them.
SYSTEM_FONT_FILES: tuple[str, ...] = (
    "simsun.ttc", "simsun.ttf", "STSONG.TTF", "FZSSK.TTF", "simfang.ttf", "STFANGSO.TTF", "FZFSK.TTF",
)


class FontNotFound(UserError, RuntimeError):
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
    files = _scan(tuple(system_font_dirs()))
    for wanted in SYSTEM_FONT_FILES:
        path = files.get(wanted.lower())
        if path is not None and _loadable(path):
            return path
    return None


@lru_cache(maxsize=8)
def _scan(folders: tuple[Path, ...]) -> dict[str, Path]:
    """Font files of ``folders`` by lower-case name, the first folder winning; once per process
    (a desktop Linux has thousands of font files; a font installed meanwhile needs a restart)."""
    files: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for name, path in _font_files(folder).items():
                files.setdefault(name, path)
    return files


def bundled_font_path() -> Path:
    path = resource("fonts", BUNDLED_FONT)
    if not path.is_file():
        raise FontNotFound(f"程序附带的字体文件缺失：{path}。请重新安装 g60desk。")
    return path


def find_cjk_font(prefer_system: bool) -> Path:
    """The font file printing uses: a machine 宋体/仿宋 when ``prefer_system`` and one is found, else the
    bundled font."""
    if prefer_system:
        found = find_system_font()
        if found is not None:
            return found
    return bundled_font_path()


@cache
def _loadable(path: Path) -> bool:
    try:
        _register(path)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        return False
    return True


@cache
def _register(path: Path) -> FontChoice:
    """Register ``path`` (face 0 of a collection) with reportlab once per process."""
    is_bundled = path == resource("fonts", BUNDLED_FONT)
    name = BUNDLED_NAME if is_bundled else f"G60System-{path.stem}"
    subfont = 0
    pdfmetrics.registerFont(_load_font(name, path, subfont))
    return FontChoice(name=name, path=path, subfont=subfont)


# ---- parsed-font cache ------------------------------------------------------------------------------
# Parsing a CJK font's tables (≈50,000 glyphs) takes ≈0.15 s, a fifth of a whole `g60desk print`. The
# parsed metrics are plain numbers and strings, kept with ``marshal`` (no code can be in it) in the
# user's own data folder, keyed by the font file, its size and time, reportlab's and Python's versions.

_UNCACHED = ("_ttf_data", "_pdfScale", "glyphToChar", "hmetrics", "glyphPos")


def _cache_path(path: Path, subfont: int) -> Path:
    stat = path.stat()
    key = "|".join(map(str, (path.resolve(), stat.st_size, stat.st_mtime_ns, subfont, reportlab.Version,
                              sys.version_info[:2], _CACHE_FORMAT)))
    return data_dir() / "cache" / "fonts" / f"{path.stem}-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"


_CACHE_FORMAT = 2


def _face_state(face: TTFontFace) -> dict:
    """The parsed face as marshal-able data. The per-glyph tables, read only for the glyphs a PDF uses,
    are packed arrays (loaded without making 100,000 Python objects); glyphToChar, which only
    reportlab's text shaping reads, stays marshalled until it is read."""
    state = {k: v for k, v in face.__dict__.items() if k not in _UNCACHED}
    names = [k for k, v in state.items() if isinstance(v, TTFNameBytes)]
    state.update({k: bytes(state[k]) for k in names})
    state["__names__"] = names
    state["__hmetrics__"] = (array("d", (aw for aw, _ in face.hmetrics)).tobytes(),
                             array("d", (lsb for _, lsb in face.hmetrics)).tobytes())
    state["__glyphPos__"] = array("q", face.glyphPos).tobytes()
    state["__glyphToChar__"] = marshal.dumps(face.glyphToChar)  # type: ignore[attr-defined]  # not in the stubs
    return state


class _Pairs:
    """hmetrics as two packed arrays: ``pairs[glyph]`` is (advance, left side bearing) as reportlab reads it."""

    def __init__(self, first: bytes, second: bytes):
        self.first, self.second = array("d"), array("d")
        self.first.frombytes(first)
        self.second.frombytes(second)

    def __getitem__(self, index: int) -> tuple[float, float]:
        return self.first[index], self.second[index]

    def __len__(self) -> int:
        return len(self.first)


class CachedFace(TTFontFace):
    """A face restored from the cache; glyphToChar is unmarshalled when first read."""

    @property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 - reportlab's name
        table = self.__dict__.get("_glyph_to_char")
        if table is None:
            table = self.__dict__["_glyph_to_char"] = marshal.loads(self.__dict__.pop("_glyph_to_char_data"))
        return table


def _face_from_state(state: dict, path: Path) -> TTFontFace:
    face = CachedFace.__new__(CachedFace)
    pdfmetrics.TypeFace.__init__(face, None)
    names = state.pop("__names__")
    state.update({k: TTFNameBytes(state[k]) for k in names})
    face.hmetrics = _Pairs(*state.pop("__hmetrics__"))
    positions = array("q")
    positions.frombytes(state.pop("__glyphPos__"))
    face.glyphPos = positions
    face.__dict__["_glyph_to_char_data"] = state.pop("__glyphToChar__")
    face.__dict__.update(state)
    # reportlab's private parts of a parsed face, which the stubs leave out
    face._ttf_data = path.read_bytes()  # type: ignore[attr-defined]
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)  # type: ignore[attr-defined]
    return face


def _font_with_face(name: str, face: TTFontFace) -> TTFont:
    """A TTFont around an already parsed face (what TTFont.__init__ does after parsing)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable  # type: ignore[attr-defined]  # set by TTFont.__init__
    font.shapable = False
    return font


def _load_font(name: str, path: Path, subfont: int) -> TTFont:
    """The font at ``path``, from the parsed-font cache when it holds it, else parsed (and cached)."""
    try:
        cache: Path | None = _cache_path(path, subfont)
    except OSError:
        cache = None
    if cache is not None and cache.is_file():
        try:
            return _font_with_face(name, _face_from_state(marshal.loads(cache.read_bytes()), path))
        except Exception:  # noqa: BLE001 - a damaged or outdated cache is parsed afresh
            pass
    font = TTFont(name, str(path), subfontIndex=subfont)
    if cache is not None:
        _save_cache(cache, font.face)
    return font


def _save_cache(cache: Path, face: TTFontFace) -> None:
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps(_face_state(face)))
        os.replace(tmp, cache)
    except (OSError, ValueError):  # a read-only or full disk only costs time
        tmp.unlink(missing_ok=True)


@cache
def _charset(name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont)   # only TrueType fonts are registered here
    return frozenset(font.face.charToGlyph)


@dataclass(frozen=True)
class FontSet:
    """The main font and the bundled fallback for characters the main font lacks."""

    main: FontChoice
    fallback: FontChoice

    @property
    def name(self) -> str:
        return self.main.name

    def simple(self, text: str) -> bool:
        """True when ``text`` is one line the main font can draw alone (no markup needed)."""
        if "\n" in text or "\r" in text:
            return False
        if self.main is self.fallback:
            return True
        have = self.main.charset
        return all(ord(ch) in have for ch in text)

    def markup(self, text: str) -> str:
        """``text`` escaped for a reportlab Paragraph, runs the main font lacks wrapped in the fallback font.
        (The printed forms draw text themselves; the 汇总 table still uses Paragraph.)"""
        if self.main is self.fallback:
            return self._escape(text)
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

    @staticmethod
    def _escape(text: str) -> str:
        # xml.sax.saxutils imports urllib.request (≈30 ms): only the 汇总 table needs it
        from xml.sax.saxutils import escape
        return escape(text)

    def _wrap(self, text: str, missing: bool) -> str:
        return f'<font face="{self.fallback.name}">{self._escape(text)}</font>' if missing else self._escape(text)


def load_fonts(prefer_system: bool) -> FontSet:
    """Register the print font (and the bundled fallback) and return them."""
    fallback = _register(bundled_font_path())
    path = find_cjk_font(prefer_system)
    main = fallback if path == fallback.path else _register(path)
    return FontSet(main=main, fallback=fallback)
