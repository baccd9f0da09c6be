"""Compile the Designer forms ui/*.ui into g60desk/qt/ui_generated/ui_*.py with pyside6-uic.

Run at build time (setup.py's build_py hook) or by hand: ``python -m g60desk.build_ui``. A form is
rebuilt only when its .ui changed: each generated file records the SHA-256 of its source, and
tests/qt/test_ui_generated.py fails when one is stale.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
OUT_DIR = Path(__file__).resolve().parent / "qt" / "ui_generated"
HASH_PREFIX = "# source-sha256: "
PACKAGE_DOC = '"""Python forms generated from ui/*.ui by g60desk/build_ui.py — do not edit by hand."""\n'


def source_hash(ui_file: Path) -> str:
    return hashlib.sha256(ui_file.read_bytes()).hexdigest()


def target_of(ui_file: Path) -> Path:
    return OUT_DIR / f"ui_{ui_file.stem}.py"


def recorded_hash(generated: Path) -> str | None:
    try:
        first = generated.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return None
    return first[len(HASH_PREFIX):].strip() if first.startswith(HASH_PREFIX) else None


def is_stale(ui_file: Path) -> bool:
    return recorded_hash(target_of(ui_file)) != source_hash(ui_file)


def find_uic() -> list[str] | None:
    """The pyside6-uic command: beside this Python first (a venv), then on PATH."""
    name = "pyside6-uic.exe" if os.name == "nt" else "pyside6-uic"
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pyside6-uic")
    return [found] if found else None


def compile_form(uic: list[str], ui_file: Path) -> Path:
    target = target_of(ui_file)
    result = subprocess.run([*uic, "-g", "python", str(ui_file)],
                            capture_output=True, text=True, encoding="utf-8", check=True)
    target.write_text(f"{HASH_PREFIX}{source_hash(ui_file)}\n{result.stdout}", encoding="utf-8")
    return target


def build(force: bool = False, quiet: bool = False) -> list[Path]:
    """Compile every stale form; returns the files written. Raises when pyside6-uic is missing."""
    uic = find_uic()
    if uic is None:
        raise FileNotFoundError("pyside6-uic not found: install PySide6 (pip install -e .) and retry")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    init = OUT_DIR / "__init__.py"
    if not init.exists():
        init.write_text(PACKAGE_DOC, encoding="utf-8")
    written = []
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        if force or is_stale(ui_file):
            written.append(compile_form(uic, ui_file))
            if not quiet:
                print(f"uic {ui_file.relative_to(ROOT)} -> {written[-1].relative_to(ROOT)}")
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    build(force="--force" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
