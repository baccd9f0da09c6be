"""Where a user's data and settings live (no Qt: the CLI needs it too)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "g60desk"


def data_dir() -> Path:
    """The user's data folder: %APPDATA%\\g60desk on Windows, $XDG_DATA_HOME/g60desk elsewhere.

    G60DESK_HOME overrides it (tests, portable installs)."""
    override = os.environ.get("G60DESK_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP_NAME


def ensure_data_dir() -> Path:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder
