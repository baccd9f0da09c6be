"""The templates bundled with the program (resources/templates/*.toml), read once and checked like any other."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..resources_path import resource
from .template_file import TemplateError, parse_template
from .templates import Template

#: G60DESK_TEMPLATE_DIR replaces the bundled folder (tests: a PC without a template; portable installs)
DIR_VARIABLE = "G60DESK_TEMPLATE_DIR"


@dataclass(frozen=True)
class Bundled:
    """A bundled template and the file it was read from."""

    template: Template
    path: Path


def template_dir() -> Path:
    return Path(_folder())


def _folder() -> str:
    override = os.environ.get(DIR_VARIABLE)
    return override if override is not None else _resource_folder()


@lru_cache(maxsize=1)
def _resource_folder() -> str:
    return str(resource("templates"))


@lru_cache(maxsize=4)
def _read(folder: str) -> tuple[Bundled, ...]:
    found: list[Bundled] = []
    directory = Path(folder)
    if not directory.is_dir():
        return ()
    for path in sorted(directory.glob("*.toml")):
        try:
            template = parse_template(path.read_text(encoding="utf-8"), path.name)
        except (OSError, UnicodeDecodeError, TemplateError):
            continue   # a broken file beside the good ones is skipped; `g60desk template check` says why
        found.append(Bundled(template, path))
    return tuple(found)


def bundled() -> tuple[Bundled, ...]:
    """Every bundled template with its file, in file-name order (ids are unique: the first one wins)."""
    return _unique(_folder())


@lru_cache(maxsize=4)
def _unique(folder: str) -> tuple[Bundled, ...]:
    seen: set[str] = set()
    out = []
    for item in _read(folder):
        if item.template.id not in seen:
            seen.add(item.template.id)
            out.append(item)
    return tuple(out)


def bundled_templates() -> dict[str, Template]:
    """The bundled templates by id (worked out once per folder: forms made in memory ask for them often)."""
    return _by_id(_folder())


@lru_cache(maxsize=4)
def _by_id(folder: str) -> dict[str, Template]:
    return {item.template.id: item.template for item in _unique(folder)}


def clear_cache() -> None:
    for cached in (_read, _unique, _by_id):
        cached.cache_clear()
