"""Where the bundled resources are: inside the installed package, or the source tree's resources/."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_dir() -> Path:
    try:
        return Path(str(resources.files("g60desk.resources")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
