"""Fast checks of the installer files (installers/, docs/installing.md): no PyInstaller, no dpkg, no Wine.

The real builds are `python installers/build.py` (bundle + smoke test), `--target windows` (built, installed
and run under Wine by tests/installers/test_windows_build.py, marked slow) and installers/linux/build_deb.sh;
these tests keep the files consistent with each other and with the program.
"""
from __future__ import annotations

import ast
import configparser
import re
import shutil
import struct
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


# ---- Windows: NSIS script, PE resources, the folder's pieces (the real build: test_windows_build.py) -----

NSI = INSTALLERS / "windows" / "g60desk.nsi"
sys.path.insert(0, str(INSTALLERS / "windows"))


def nsi_text() -> str:
    return NSI.read_text(encoding="utf-8")


def test_nsis_installs_per_user_without_admin_in_chinese():
    text = nsi_text()
    for line in ("Unicode true", "Target amd64-unicode", "RequestExecutionLevel user",
                 r'InstallDir "$LOCALAPPDATA\Programs\${APP}"', '!insertmacro MUI_LANGUAGE "SimpChinese"',
                 'VIProductVersion "${VERSION4}"'):
        assert line in text, line
    registry_writes = r"^\s*(?:WriteReg\w+|DeleteReg\w+(?: /ifempty)?|ReadRegStr \$\d)\s+(\w+)"
    registry_roots = set(re.findall(registry_writes, text, re.M))
    assert registry_roots == {"HKCU"}, "HKLM/HKCR need an administrator"


def test_nsis_file_type_opens_with_the_window_and_is_in_open_with():
    text = nsi_text()
    assert '!define PROGID "g60desk.g60"' in text and '!define EXE "g60desk.exe"' in text
    assert 'WriteRegStr HKCU "Software\\Classes\\.g60" "" "${PROGID}"' in text
    assert '"$INSTDIR\\${EXE}" "%1"' in text
    assert r'Software\Classes\Applications\${EXE}\SupportedTypes' in text      # 打开方式
    assert r'Software\Classes\${PROGID}\DefaultIcon' in text


def test_nsis_uninstall_keeps_user_data():
    uninstall = nsi_text().split('Section "Uninstall"')[1]
    assert "APPDATA" not in uninstall.replace("%APPDATA%", "")          # only named in the comment
    assert "RMDir /r \"$INSTDIR\"" not in uninstall and 'RMDir "$INSTDIR"' in uninstall
    for value in ("DisplayName", "DisplayVersion", "Publisher", "EstimatedSize", "QuietUninstallString"):
        assert f'"${{UNINST_KEY}}" "{value}"' in nsi_text()


@pytest.mark.skipif(shutil.which("makensis") is None, reason="needs makensis (Debian package nsis)")
def test_nsis_script_compiles_and_names_its_version(tmp_path):
    """makensis on a one-file folder: the script is valid, the setup carries the four-number version."""
    import pe
    bundle = tmp_path / "g60desk"
    bundle.mkdir()
    (bundle / "g60desk.exe").write_bytes(b"MZ")
    out = tmp_path / "setup.exe"
    done = subprocess.run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", "-DVERSION=0.1.0.7", "-DVERSION4=0.1.0.7",
                           f"-DBUNDLE={bundle}", f"-DOUTFILE={out}", "-DINSTALLED_KB=1",
                           f"-DICON={INSTALLERS / 'g60desk.ico'}", str(NSI)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    [version] = [v for k, v in pe.read_resources(out.read_bytes()).items() if k[0] == pe.RT_VERSION]
    fixed, strings = pe.version_strings(version)
    assert fixed == (0, 1, 0, 7) and strings["ProductVersion"] == "0.1.0.7"
    missing = subprocess.run(["makensis", "-V1", str(NSI)], capture_output=True, text=True)
    assert missing.returncode != 0          # without the build's defines it refuses, saying why


def test_pe_resources_round_trip_on_a_launcher():
    """The icon and version written into pip's launcher read back; the image stays a valid PE."""
    import pe
    pip_dir = Path(__import__("pip").__file__).parent
    stub = (pip_dir / "_vendor" / "distlib" / "w64.exe").read_bytes()
    version = pe.version_resource((0, 1, 0, 42),
                                  {"ProductVersion": "0.1.0.42", "FileDescription": "g60desk 绩效目标申报"})
    exe = pe.set_resources(stub, icon=(INSTALLERS / "g60desk.ico").read_bytes(), version=version)
    image = pe.PE(exe)
    assert pe.pe_checksum(exe, image.opt + 64) == struct.unpack_from("<I", exe, image.opt + 64)[0]
    assert pe.imported_dlls(exe) == pe.imported_dlls(stub)           # the code is untouched
    resources = pe.read_resources(exe)
    assert resources[(pe.RT_MANIFEST, 1, 1033)] == pe.read_resources(stub)[(pe.RT_MANIFEST, 1, 1033)]
    groups = [k for k in resources if k[0] == pe.RT_GROUP_ICON]
    assert groups == [(pe.RT_GROUP_ICON, 1, 0)]
    count = struct.unpack_from("<H", resources[groups[0]], 4)[0]
    assert count == len([k for k in resources if k[0] == pe.RT_ICON]) == 7
    assert pe.version_strings(resources[(pe.RT_VERSION, 1, pe.LANG_ZH_CN)]) == (
        (0, 1, 0, 42), {"ProductVersion": "0.1.0.42", "FileDescription": "g60desk 绩效目标申报"})
    relocations = image.directory(pe.DIR_BASERELOC)
    moved = next(s for s in image.sections if s.name == b".reloc")
    assert moved.rva == relocations[0] and moved.rva >= image.sections[-2].rva + image.sections[-2].virtual_size


def test_forwarder_dll_exports_sorted_forwards():
    import pe
    forwards = {"ucnv_open": "icuuc77.ucnv_open_77",
                "UCNV_TO_U_CALLBACK_SUBSTITUTE": "icuuc77.UCNV_TO_U_CALLBACK_SUBSTITUTE_77",
                "ucnv_close": "icuuc77.ucnv_close_77"}
    dll = pe.forwarder_dll("icuuc.dll", forwards)
    assert pe.exported_names(dll) == forwards
    names = list(pe.exported_names(dll))
    assert names == sorted(names, key=str.encode)                     # the loader binary-searches them


def test_the_display_number_is_read_up_to_xvfb_s_second_write():
    """Xvfb -displayfd writes "N" and "\\n" separately and dies when the pipe closes in between ("Cannot write
    display number to fd"): the Wine test's X server was dead before its first window about one run in three."""
    import os
    import threading
    import time

    import wine
    read, write = os.pipe()
    second: list[object] = []

    def xvfb() -> None:
        os.write(write, b"7")
        time.sleep(0.3)                     # a busy machine: the reader runs between the two writes
        try:
            second.append(os.write(write, b"\n"))
        except BrokenPipeError as exc:
            second.append(exc)
        os.close(write)

    writer = threading.Thread(target=xvfb)
    writer.start()
    number = wine.read_display_number(read)
    os.close(read)
    writer.join()
    assert number == "7" and second == [1]


def test_windows_folder_keeps_only_the_qt_in_use():
    import build_windows
    for name, kept in [("PySide6/QtCore.pyd", True), ("PySide6/QtPdfWidgets.pyd", True),
                       ("PySide6/QtQuick.pyd", False), ("PySide6/QtWebEngineCore.pyd", False),
                       ("PySide6/Qt6Core.dll", True), ("PySide6/designer.exe", False),
                       ("PySide6/plugins/platforms/qwindows.dll", True),
                       ("PySide6/plugins/sqldrivers/qsqlite.dll", False),
                       ("PySide6/translations/qtbase_zh_CN.qm", True), ("PySide6/translations/qtbase_de.qm", False),
                       ("PySide6/qml/QtQuick/qmldir", False), ("PySide6/include/QtCore/qglobal.h", False),
                       ("shiboken6/files.dir/shibokensupport/signature/loader.py", True),
                       ("pyside6_essentials-6.11.3.dist-info/METADATA", True)]:
        assert build_windows.qt_file_needed(name) is kept, name
    assert not build_windows.shipped("PIL/_avif.cp311-win_amd64.pyd")
    assert not build_windows.shipped("PySide6/QtCore.pyi")
    assert build_windows.shipped("reportlab/fonts/Vera.ttf")


def test_windows_requirements_are_pyprojects():
    import build_windows
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert build_windows.requirements(ROOT) == project["dependencies"]


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
    for needle in ("python3 installers/build.py --target windows", "--wheelhouse", "/S", "%APPDATA%\\g60desk",
                   "%LOCALAPPDATA%\\Programs\\g60desk", "Windows 7", "icuuc.dll", "glibc", "6.9.3", "build_deb.sh"):
        assert needle in doc, needle
