"""Where the bundled resources are: inside the installed package, or the source tree's resources/."""
from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    try:
        # resources/ installed as the package g60desk.resources (pyproject.toml); not in the source tree
        from . import resources  # type: ignore[attr-defined,unused-ignore]
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"
    return Path(resources.__file__).resolve().parent


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
