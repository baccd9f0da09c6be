"""Fast checks of the installer files (installers/, docs/installing.md): no PyInstaller, Inno Setup or dpkg run.

The real build is `python installers/build.py` (bundle + smoke test) and installers/linux/build_deb.sh;
these tests only keep the files consistent with each other and with the program.
"""
from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
SPEC = INSTALLERS / "g60desk.spec"
ENTRY = INSTALLERS / "g60desk_entry.py"
ISS = INSTALLERS / "windows" / "g60desk.iss"
DESKTOP = INSTALLERS / "linux" / "g60desk.desktop"
MIME = INSTALLERS / "linux" / "g60desk-mime.xml"
DEB = INSTALLERS / "linux" / "build_deb.sh"
MIME_TYPE = "application/x-g60desk"


def assigned_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "string" assignments."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


# ---- PyInstaller spec and entry script ---------------------------------------------------------------

def test_spec_parses_and_names_entry_point_and_resources():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    names = assigned_strings(tree)
    assert names["ENTRY_POINT"] == "g60desk.cli:main"
    assert names["RESOURCES_PACKAGE"] == "g60desk.resources"
    assert names["APP_NAME"] == "g60desk"
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "collect_data_files", "collect_submodules"} <= called
    text = SPEC.read_text(encoding="utf-8")
    for module in ("PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport"):
        assert f'"{module}"' in text
    for unused in ("QtWebEngineCore", "Qt3DCore", "QtMultimedia", "QtQuick", "QtQml"):
        assert f'"{unused}"' in text, f"{unused} should be excluded from the bundle"
    assert 'executable(f"{APP_NAME}-cli", console=True)' in text     # the console twin on Windows
    assert "upx=False" in text


def test_project_entry_point_is_the_one_the_spec_bundles():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["g60desk"] == "g60desk.cli:main"


def test_entry_script_calls_the_cli_main():
    tree = ast.parse(ENTRY.read_text(encoding="utf-8"), filename=str(ENTRY))
    imports = [(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
    assert ("g60desk.cli", "main") in imports


def test_resources_the_spec_collects_exist():
    resources = ROOT / "resources"
    assert sorted(p.name for p in (resources / "samples").glob("*.toml")) >= ["2022.toml", "2026.toml"]
    fonts = resources / "fonts"
    assert list(fonts.glob("*.tt[fc]")), "the bundled CJK font is missing"
    assert list(fonts.glob("*LICENSE*")), "the font's licence must ship with it"


def test_build_extra_in_pyproject():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert any(req.replace(" ", "").lower().startswith("pyinstaller>=6,<7") for req in extras["build"])


def test_build_script_compiles_and_finds_the_cli_verbs():
    source = (INSTALLERS / "build.py").read_text(encoding="utf-8")
    compile(source, "build.py", "exec")
    from g60desk.cli.parser import build_parser

    help_text = build_parser().format_help()
    match = re.search(r"\{([a-z0-9,-]+)\}", help_text)    # what build.py's Smoke.verbs() reads
    assert match and {"sample", "info"} <= set(match.group(1).split(","))


def test_icons_are_small_and_complete():
    from PIL import Image

    png = Image.open(INSTALLERS / "g60desk.png")
    assert png.size == (256, 256)
    ico = Image.open(INSTALLERS / "g60desk.ico")
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    for name in ("g60desk.png", "g60desk.ico"):
        assert (INSTALLERS / name).stat().st_size < 100_000


# ---- Inno Setup ----------------------------------------------------------------------------------------

def iss_text() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), \
        "keep the UTF-8 BOM: older Inno Setup 6 reads the Chinese texts only with it"
    return raw.decode("utf-8-sig")


def iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";") or stripped.startswith("#"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", stripped)
        if header:
            current = header.group(1)
            sections.setdefault(current, [])
        elif current:
            sections[current].append(stripped)
    return sections


def iss_params(entry: str) -> dict[str, str]:
    """'Name: "x"; Flags: a b' -> {'Name': 'x', 'Flags': 'a b'} (quoted values may contain ; and "")."""
    params = {}
    for match in re.finditer(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)\s*(?:;|$)', entry):
        value = match.group(2).strip()
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        params[match.group(1)] = value
    return params


def iss_defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^\s*#define\s+(\w+)\s+"([^"]*)"', text, re.MULTILINE))


def test_iss_per_user_install_without_admin():
    sections = iss_sections(iss_text())
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    # {autopf} is {userpf} = %LOCALAPPDATA%\Programs when the install is per user
    assert setup["DefaultDirName"] in (r"{autopf}\{#AppName}", r"{userpf}\{#AppName}",
                                       r"{localappdata}\Programs\{#AppName}")
    assert setup["ArchitecturesAllowed"] == "x64compatible"
    assert setup["ChangesAssociations"] == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    for entry in sections["Registry"]:
        assert iss_params(entry)["Root"] == "HKA", "HKA = HKCU for a per-user install; HKLM/HKCR need admin"
    for entry in sections["Icons"]:
        assert iss_params(entry)["Name"].startswith(("{autoprograms}", "{autodesktop}"))


def test_iss_file_association_opens_with_the_windowed_exe():
    text = iss_text()
    defines = iss_defines(text)
    assert defines["FileExt"] == ".g60"
    assert defines["AppExe"] == "g60desk.exe"
    assert defines["FileTypeName"] == "g60desk 申报文件"
    registry = [iss_params(e) for e in iss_sections(text)["Registry"]]
    by_key = {r["Subkey"]: r for r in registry}
    ext = by_key[r"Software\Classes\{#FileExt}"]
    assert ext["ValueData"] == "{#FileProgId}" and "uninsdeletevalue" in ext["Flags"]
    assert by_key[r"Software\Classes\{#FileProgId}"]["ValueData"] == "{#FileTypeName}"
    command = by_key[r"Software\Classes\{#FileProgId}\shell\open\command"]["ValueData"]
    assert command == '"{app}\\{#AppExe}" "%1"'


def test_iss_keeps_user_data_and_has_languages():
    text = iss_text()
    sections = iss_sections(text)
    assert "UninstallDelete" not in sections
    assert not any("{userappdata}" in line or "{localappdata}" in line for s in sections.values() for line in s)
    assert "ChineseSimplified.isl" in text and 'MessagesFile: "compiler:Default.isl"' in text
    tasks = {iss_params(e)["Name"] for e in sections["Tasks"]}
    assert {"desktopicon", "assoc"} <= tasks
    opened = len(re.findall(r"^\s*#if(n?def)?\b", text, re.MULTILINE))
    assert opened == len(re.findall(r"^\s*#endif\b", text, re.MULTILINE)), "unbalanced #if/#endif"
    files = [iss_params(e) for e in sections["Files"]]
    assert files[0]["Source"] == r"{#BundleDir}\*" and "recursesubdirs" in files[0]["Flags"]


# ---- Linux: .desktop, MIME type, .deb script ----------------------------------------------------------

def test_desktop_file_is_valid():
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "g60desk 绩效目标申报"
    assert entry["Exec"].split()[0] == "/opt/g60desk/g60desk" and entry["Exec"].split()[-1] in ("%f", "%F")
    assert entry["MimeType"].rstrip(";").split(";") == [MIME_TYPE]
    assert entry["Icon"] == "g60desk" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_mime_type_matches_the_file_format():
    from g60desk.store.schema import APPLICATION_ID

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(MIME).getroot().find("m:mime-type", ns)
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.g60"]
    outer = mime.find("m:magic/m:match", ns)
    inner = outer.find("m:match", ns)
    assert (outer.get("value"), outer.get("offset")) == ("SQLite format 3", "0")
    assert (inner.get("type"), inner.get("offset"), int(inner.get("value"), 16)) == ("big32", "68", APPLICATION_ID)
    assert any(c.text == "g60desk 申报文件" for c in mime.findall("m:comment", ns))


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("bash"), reason="bash script")
def test_deb_script_is_valid_bash_and_installs_the_linux_files():
    subprocess.run(["bash", "-n", str(DEB)], check=True)
    text = DEB.read_text(encoding="utf-8")
    for needle in ("g60desk.desktop", "g60desk-mime.xml", "/usr/share/mime/packages/", "/opt/g60desk",
                   "usr/share/icons/hicolor/256x256/apps", "dpkg-deb"):
        assert needle in text


def test_installing_doc_covers_the_essentials():
    doc = (ROOT / "docs" / "installing.md").read_text(encoding="utf-8")
    for needle in ("py -3.11 installers\\build.py", "iscc installers\\windows\\g60desk.iss", "%APPDATA%\\g60desk",
                   "glibc", "6.9.3", "build_deb.sh", "ChineseSimplified.isl"):
        assert needle in doc, needle
