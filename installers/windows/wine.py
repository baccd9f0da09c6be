"""Run the Windows program under Wine on Linux, as a clerk's Chinese Windows would: used by
tests/installers/test_windows_build.py and by hand (docs/installing.md, "Trying it under Wine").

What Wine 8 (Debian 12) needs, measured here:
* a fresh prefix reports Windows 7 (6.1.7601): ``set_windows_version("win10")`` before installing;
* ``LANG=zh_CN.UTF-8`` gives the GBK code page (936) only when that glibc locale exists: without root,
  ``localedef`` builds it into a folder named by LOCPATH (``chinese_locale``);
* the standard handles must be pipes or a terminal: Python in Wine dies in init_sys_streams ("invalid
  handle") when one is /dev/null or a regular file, so ``run`` gives pipes, and a redirect to a file is
  done inside Wine by cmd.exe (``cmd``), as on Windows;
* Qt 6.11's Qt6Core.dll imports 20 ucnv_* functions from the system's icuuc.dll (Windows 10 1703+), which
  Wine lacks: ``provide_icu`` puts ICU 77 DLLs from a PyPI wheel (pyicu-wheels, win_amd64) into the
  prefix's system32 plus an icuuc.dll that forwards the plain names to them (ICU's DLLs export
  ``ucnv_open_77``; Windows' own exports ``ucnv_open``). Only for Wine: Windows brings its own ICU.
* winemenubuilder would write menu entries into the real home: it is switched off, and HOME is private.
* windows need an X server; without one Wine loads no display driver and every CreateWindowEx fails
  ("无效的窗口句柄"; ``WINEDEBUG=err+winediag`` says "Make sure that your X server is running").
  ``start_xvfb`` starts one on a free display number.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from pe import forwarder_dll, imported_names

ICU_WHEEL = "pyicu-wheels==2.15.2"      # icu/icuuc77.dll, icu/icudt77.dll (ICU 77, win_amd64)


def wine64() -> str | None:
    return shutil.which("wine64") or next((p for p in ("/usr/lib/wine/wine64", "/usr/bin/wine64")
                                           if os.access(p, os.X_OK)), None)


def has_locale(name: str = "zh_CN.utf8") -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return False
    return name.lower() in out.lower().split()


def chinese_locale(folder: Path) -> dict[str, str]:
    """Environment for a zh_CN.UTF-8 glibc locale: the system's, or one compiled into folder (LOCPATH)."""
    env = {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"}
    if has_locale():
        return env
    target = folder / "zh_CN.UTF-8"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["localedef", "-i", "zh_CN", "-f", "UTF-8", str(target)], capture_output=True,
                              text=True, timeout=300)
        if not target.exists():
            raise RuntimeError(f"localedef could not build zh_CN.UTF-8 (Debian package locales): {done.stderr}")
    return {**env, "LOCPATH": str(folder)}


def windows_path(path: Path) -> str:
    """The Wine path of a Linux path (drive Z: is the Linux root)."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


class Prefix:
    """A Wine prefix of its own (WINEPREFIX), with a private HOME."""

    def __init__(self, folder: Path, locale_env: dict[str, str], display: str | None = None) -> None:
        self.folder = Path(folder)
        self.root = self.folder / "prefix"
        self.home = self.folder / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        binary = wine64()
        if binary is None:
            raise RuntimeError("wine64 is missing (Debian package wine64)")
        self.wine = binary
        self.server = str(Path(binary).with_name("wineserver"))
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("PYTHON", "QT_", "G60DESK", "LC_", "DISPLAY", "WAYLAND"))}
        self.env.update(locale_env)
        self.env.update({
            "WINEPREFIX": str(self.root), "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"), "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "winemenubuilder.exe=d;mscoree=d;mshtml=d",
            "PATH": f"{Path(binary).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        })
        if display:
            self.env["DISPLAY"] = display

    # ---- running --------------------------------------------------------------------------------------
    def run(self, program: str | Path, *args: str, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
        """program under Wine with pipes for stdin/stdout/stderr (bytes: decode with the code page)."""
        return subprocess.run([self.wine, str(program), *map(str, args)], input=b"", capture_output=True,
                              cwd=cwd, env={**self.env, **(env or {})}, timeout=timeout)

    def cmd(self, line: str, cwd: Path, env: dict | None = None, timeout: float = 300,
            encoding: str = "gbk") -> subprocess.CompletedProcess:
        """A command line as typed into cmd.exe (redirections done by Windows itself: `prog > report.txt`).

        It is run from a batch file in cwd, written in the code page: Wine quotes each Linux argument, so
        a line passed as `cmd /c LINE` reaches cmd.exe with its quotes escaped as \\"."""
        batch = Path(cwd) / "g60desk-wine-cmd.bat"
        batch.write_bytes(f"@echo off\r\n{line}\r\nexit /b %errorlevel%\r\n".encode(encoding))
        try:
            return self.run("cmd", "/c", batch.name, cwd=cwd, env=env, timeout=timeout)
        finally:
            batch.unlink()

    def wait(self) -> None:
        """Until every process of the prefix has ended (an uninstaller re-runs itself from %TEMP%)."""
        subprocess.run([self.server, "-w"], env=self.env, timeout=300, check=False)

    def boot(self) -> None:
        done = self.run("wineboot", "-i", timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"wineboot failed: {done.stderr[-2000:]!r}")
        self.wait()

    def set_windows_version(self, version: str) -> None:
        self.run("reg", "add", r"HKCU\Software\Wine", "/v", "Version", "/d", version, "/f")
        self.wait()

    def windows_version(self) -> str:
        return self.run("cmd", "/c", "ver").stdout.decode("ascii", "replace").strip()

    # ---- where things are ------------------------------------------------------------------------------
    @property
    def user_folder(self) -> Path:
        users = self.root / "drive_c" / "users"
        return next(p for p in users.iterdir() if p.name not in ("Public", "public"))

    @property
    def local_appdata(self) -> Path:
        return self.user_folder / "AppData" / "Local"

    @property
    def appdata(self) -> Path:
        return self.user_folder / "AppData" / "Roaming"

    @property
    def start_menu(self) -> Path:
        return self.appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs"

    @property
    def desktop(self) -> Path:
        return self.user_folder / "Desktop"

    @property
    def system32(self) -> Path:
        return self.root / "drive_c" / "windows" / "system32"

    def user_registry(self) -> str:
        """HKEY_CURRENT_USER as Wine stores it (user.reg), with its \\x escapes of non-ASCII decoded."""
        self.wait()
        text = (self.root / "user.reg").read_text(encoding="utf-8", errors="replace")
        return re.sub(r"\\x([0-9a-fA-F]{1,4})", lambda m: chr(int(m.group(1), 16)), text)

    # ---- ICU for Qt --------------------------------------------------------------------------------------
    def provide_icu(self, qt6core: Path, cache: Path) -> list[str]:
        """Make Qt6Core.dll loadable under Wine (see the module doc); returns the functions forwarded."""
        wheel = icu_wheel(cache)
        with zipfile.ZipFile(wheel) as archive:
            names = {Path(n).name.lower(): n for n in archive.namelist() if n.lower().endswith(".dll")}
            common = next(n for n in names if re.fullmatch(r"icuuc\d+\.dll", n))
            version = re.search(r"\d+", common).group()
            for wanted in (common, f"icudt{version}.dll"):
                (self.system32 / wanted).write_bytes(archive.read(names[wanted]))
        functions = imported_names(qt6core.read_bytes(), "icuuc.dll")
        forwards = {name: f"icuuc{version}.{name}_{version}" for name in functions}
        (self.system32 / "icuuc.dll").write_bytes(forwarder_dll("icuuc.dll", forwards))
        return functions


def icu_wheel(cache: Path) -> Path:
    """The win_amd64 wheel with ICU's DLLs, from the cache or downloaded into it once."""
    pattern = ICU_WHEEL.split("==")[0].replace("-", "_") + "-" + ICU_WHEEL.split("==")[1] + "-*win_amd64.whl"
    found = sorted(cache.glob(pattern))
    if found:
        return found[-1]
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--platform",
                    "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--dest", str(cache),
                    ICU_WHEEL], check=True, capture_output=True, timeout=600)
    return sorted(cache.glob(pattern))[-1]


# ---- an X server for the windows ----------------------------------------------------------------------

def read_display_number(fd: int) -> str:
    """The number Xvfb writes to its -displayfd, read up to its newline. Xvfb writes the number and the
    newline in two writes, and a pipe closed between them kills it ("Cannot write display number to fd"):
    a reader that stopped at the first read left a dead server behind about one start in three on a busy
    machine, and every window of the Wine test then failed."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 64)
        if not chunk:
            break
        data += chunk
    return data.decode("ascii", "replace").strip()


def start_xvfb(log: Path, screen: str = "1280x800x24") -> tuple[str, subprocess.Popen]:
    """An Xvfb on the first free display number: (":N", its process); its messages go to ``log``."""
    read, write = os.pipe()
    try:
        with open(log, "ab") as err:
            server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
                                      pass_fds=(write,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=err)
    finally:
        os.close(write)
    try:
        number = read_display_number(read)
    finally:
        os.close(read)
    if not number.isdigit():
        server.kill()
        server.wait()
        raise RuntimeError(f"Xvfb did not start: {log.read_text(errors='replace')[-2000:]}")
    return f":{number}", server
