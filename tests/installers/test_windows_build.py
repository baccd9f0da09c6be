"""The Windows program as a clerk gets it: built here from the wheelhouse, installed silently into a fresh
Wine prefix, run from the installed folder with the GBK code page of a Chinese Windows, uninstalled.

Slow (a few minutes: makensis compresses ~100 MB): marked ``slow``; `pytest -m "not slow"` leaves it out.
One build, one prefix and one install per run (module-scoped fixtures, in the order of the tests below);
downloads are cached in ~/.cache/g60desk/windows-build, so only the first run on a machine downloads.
Wine's quirks and the ICU it lacks: installers/windows/wine.py.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installers" / "windows"))
import build_windows  # noqa: E402
import pe  # noqa: E402
import wine  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("makensis") is None or wine.wine64() is None,
                       reason="needs makensis and wine64 (Debian nsis, wine64; dev.py test installs them as root)"),
]
GBK = "gbk"
TITLE = "g60desk 绩效目标申报"
PROGRAM_FILES = ["g60desk.exe", "g60desk-cli.exe", "g60desk.ico", "BUILD-INFO.txt", "python"]


@pytest.fixture(scope="module")
def scratch():
    """Folders of this module's own, not pytest's tmp_path: other pytest sessions of the same user prune
    /tmp/pytest-of-USER while these minutes pass. Kept after a run when G60DESK_KEEP_WINE=1."""
    folder = Path(tempfile.mkdtemp(prefix="g60desk-windows-test-"))
    yield folder
    if os.environ.get("G60DESK_KEEP_WINE") != "1":
        shutil.rmtree(folder, ignore_errors=True)


def offline_prefix() -> list[str]:
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True) if shutil.which("unshare") else None
    return ["unshare", "-rn"] if probe is not None and probe.returncode == 0 else []


@pytest.fixture(scope="module")
def build(scratch):
    """download (cache) -> build from that wheelhouse with no network -> the figures build_windows printed."""
    cache = build_windows.default_cache()
    script = [sys.executable, str(ROOT / "installers" / "build.py"), "--target", "windows"]
    subprocess.run([*script, "--download-only", "--cache", str(cache)], check=True, timeout=1800)
    folder = scratch / "build"
    dist = folder / "dist"
    done = subprocess.run([*offline_prefix(), *script, "--wheelhouse", str(cache), "--work", str(folder / "work"),
                           "--dist", str(dist)], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [figures] = [json.loads(p.read_text(encoding="utf-8")) for p in dist.glob("*.json")]
    figures["log"] = done.stdout
    return figures


@pytest.fixture(scope="module")
def prefix(scratch):
    box = wine.Prefix(scratch / "wine", wine.chinese_locale(scratch / "locale"))
    box.boot()
    return box


@pytest.fixture(scope="module")
def installed(build, prefix):
    """The setup run silently on Windows 10, after it refused Windows 7 (what a Wine 8 prefix claims)."""
    prefix.set_windows_version("win7")
    assert "6.1" in prefix.windows_version()
    refused = prefix.run(build["setup"], "/S")
    prefix.wait()
    assert refused.returncode == 3 and not (prefix.local_appdata / "Programs" / "g60desk").exists()
    prefix.set_windows_version("win10")
    done = prefix.run(build["setup"], "/S")
    prefix.wait()
    assert done.returncode == 0, done.stderr
    return prefix.local_appdata / "Programs" / "g60desk"


@dataclass
class XServer:
    """The X server Wine's windows go to: ``name`` for DISPLAY; ``process`` and ``log`` when the test started it."""

    name: str
    process: subprocess.Popen | None = None
    log: Path | None = None

    def state(self) -> str:
        """For a failure message: is it still there, and what did it say."""
        if self.process is None:
            return f"X server {self.name} (G60DESK_WINE_DISPLAY)"
        ended = self.process.poll()
        said = self.log.read_text(errors="replace")[-1500:] if self.log and self.log.exists() else ""
        return f"Xvfb {self.name}: {'running' if ended is None else f'ENDED with status {ended}'}; it said: {said!r}"


@pytest.fixture(scope="module")
def display(scratch):
    """An X server for Wine's windows (without one, Wine has no display driver and no window can be made):
    G60DESK_WINE_DISPLAY names a running one, else Xvfb picks a free number itself (wine.start_xvfb)."""
    given = os.environ.get("G60DESK_WINE_DISPLAY")
    if given:
        yield XServer(given)
        return
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb (Debian package xvfb) for the window under Wine")
    log = scratch / "xvfb.log"
    name, server = wine.start_xvfb(log)
    yield XServer(name, server, log)
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def workdir(scratch):
    folder = scratch / "clerk"
    folder.mkdir()
    return folder


def cli(prefix, installed, *args, workdir):
    done = prefix.run(installed / "g60desk-cli.exe", *args, cwd=workdir)
    # Wine's own notes ("wine: configuration … updated") come from its Linux side, in UTF-8: not the program's
    program_err = b"\n".join(line for line in done.stderr.split(b"\n") if not line.startswith(b"wine: "))
    out, err = done.stdout.decode(GBK), program_err.decode(GBK)     # strict: all of it is valid GBK
    assert "Traceback" not in out + err, out + err
    return done.returncode, out, err


# ---- the build ---------------------------------------------------------------------------------------

def test_build_is_offline_and_named_by_the_growing_version(build):
    version = build["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", version) and int(version.split(".")[-1]) > 0
    assert Path(build["setup"]).name == f"g60desk-{version}-win64-setup.exe"
    assert Path(build["zip"]).name == f"g60desk-{version}-win64.zip"
    assert build["downloaded"] == []                   # the wheelhouse build fetched nothing
    assert build["installed_bytes"] < 200 * 2**20
    assert build["setup_bytes"] < build["zip_bytes"] < build["installed_bytes"]


def test_zip_is_the_program_folder(build):
    folder = Path(build["folder"])
    with zipfile.ZipFile(build["zip"]) as archive:
        names = {n for n in archive.namelist() if not n.endswith("/")}
    on_disk = {f"g60desk/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file()}
    assert names == on_disk
    assert {"g60desk/g60desk.exe", "g60desk/g60desk-cli.exe", "g60desk/python/python311._pth"} <= names
    assert any(n.endswith(".pyc") for n in names if "/g60desk/" in n)     # compiled: no compiling at start-up


def test_launchers_carry_icon_version_and_relative_python(build):
    folder = Path(build["folder"])
    numbers = tuple(int(n) for n in build["version"].split("."))
    for exe, python in (("g60desk.exe", "pythonw.exe"), ("g60desk-cli.exe", "python.exe")):
        data = (folder / exe).read_bytes()
        resources = pe.read_resources(data)
        assert any(k[0] == pe.RT_GROUP_ICON for k in resources)
        icons = [v for k, v in resources.items() if k[0] == pe.RT_ICON]
        assert len(icons) >= 4 and any(icon.startswith(b"\x89PNG") for icon in icons)   # 256 px is a PNG
        [version] = [v for k, v in resources.items() if k[0] == pe.RT_VERSION]
        fixed, strings = pe.version_strings(version)
        assert fixed == numbers and strings["ProductVersion"] == build["version"]
        assert strings["OriginalFilename"] == exe
        shebang = data[pe.PE(data).image_end():].split(b"\n", 1)[0]
        assert shebang == f"#!<launcher_dir>\\python\\{python}\r".encode()


# ---- installed, then used as a clerk would, with a GBK code page ----------------------------------------

def test_silent_install_per_user(build, prefix, installed):
    assert sorted(p.name for p in installed.iterdir()) == sorted(PROGRAM_FILES + ["uninstall.exe"])
    assert (prefix.start_menu / f"{TITLE}.lnk").is_file()
    assert (prefix.desktop / f"{TITLE}.lnk").is_file()
    registry = prefix.user_registry()
    uninstall = registry.split(r"[Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\g60desk]")[1].split("\n[")[0]
    assert f'"DisplayName"="{TITLE}"' in uninstall
    assert f'"DisplayVersion"="{build["version"]}"' in uninstall
    assert '"Publisher"="g60desk"' in uninstall
    size_kb = int(re.search(r'"EstimatedSize"=dword:([0-9a-f]+)', uninstall).group(1), 16)
    assert abs(size_kb - build["installed_bytes"] // 1024) <= 1
    assert r'[Software\\Classes\\.g60]' in registry and '@="g60desk.g60"' in registry
    assert r'g60desk.exe\" \"%1\"' in registry                          # opens with the window, the file passed
    assert r"[Software\\Classes\\Applications\\g60desk.exe\\SupportedTypes]" in registry   # 打开方式
    assert "用 g60desk 打开(&O)" in registry


def test_version_of_the_installed_program(build, prefix, installed, workdir):
    code, out, _ = cli(prefix, installed, "--version", workdir=workdir)
    assert code == 0 and out.startswith(f"g60desk {build['version']}")


def test_every_verb_under_a_chinese_code_page(prefix, installed, workdir):
    code, out, _ = cli(prefix, installed, "sample", "2026", "-o", "样例.g60", workdir=workdir)
    assert code == 0 and "已写出 2026 年样例" in out
    code, out, _ = cli(prefix, installed, "info", "样例.g60", "--json", workdir=workdir)
    [department] = json.loads(out)["departments"]
    assert code == 0 and department["declared_forms"] == 6 and department["total_fen"] == 287965000

    code, out, err = cli(prefix, installed, "check", "样例.g60", workdir=workdir)
    assert code == 1 and "审核报告" in out and err == ""      # the sample's own 错误: exit 1
    # the case: the report redirected to a file on a GBK Windows (cmd.exe does the redirect)
    exe = wine.windows_path(installed / "g60desk-cli.exe")
    done = prefix.cmd(f'"{exe}" check 样例.g60 > 审核报告.txt 2> 错误.txt', cwd=workdir)
    report = (workdir / "审核报告.txt").read_bytes().decode(GBK)
    assert done.returncode == 1 and report == out and "审核报告" in report
    assert (workdir / "错误.txt").read_bytes() == b""

    code, out, err = cli(prefix, installed, "print", "样例.g60", "-o", "申报材料.pdf", workdir=workdir)
    assert code == 0, err
    fonts = subprocess.run(["pdffonts", str(workdir / "申报材料.pdf")], capture_output=True, text=True).stdout
    fonts = [line.split() for line in fonts.splitlines()[2:]]
    assert fonts and all(f[-5] == "yes" for f in fonts), fonts          # every font embedded (subset)
    assert any("WenQuanYi" in f[0] for f in fonts), fonts                # the bundled CJK font: Wine has no 宋体
    text = subprocess.run(["pdftotext", str(workdir / "申报材料.pdf"), "-"], capture_output=True, text=True).stdout
    assert "绩效目标申报表" in text

    code, out, err = cli(prefix, installed, "submit", "样例.g60", "-o", "报送.g60", "--accept-errors",
                         "样例照原样报送", workdir=workdir)
    assert code == 0 and (workdir / "报送.g60").is_file(), out + err
    code, out, err = cli(prefix, installed, "merge", "报送.g60", "-o", "财政局.g60", workdir=workdir)
    assert code == 0 and (workdir / "财政局.g60").is_file(), out + err
    code, out, err = cli(prefix, installed, "xlsx", "样例.g60", "-o", "样例.xlsx", workdir=workdir)
    assert code == 0 and (workdir / "样例.xlsx").read_bytes()[:2] == b"PK", out + err
    code, out, err = cli(prefix, installed, "info", "没有这个文件.g60", workdir=workdir)
    assert code == 2 and err.startswith("g60desk：") and len(err.strip().splitlines()) == 1


def test_a_reader_that_stops_early_under_windows(prefix, installed, workdir):
    """`g60desk-cli check F | more`, more closed: Windows reports a closed pipe as EINVAL, not EPIPE."""
    process = subprocess.Popen([prefix.wine, str(installed / "g60desk-cli.exe"), "check", "样例.g60"],
                               cwd=workdir, env=prefix.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdin.close()
    process.stdout.close()
    err = process.stderr.read().decode(GBK)
    assert process.wait(timeout=120) == 1 and "Traceback" not in err and "Error" not in err, err


# a writer killed in the middle of a save (as tests/reliability/test_recovery.py does it), on the Linux side
CRASH = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")          # pages spill into the file before the commit
conn.execute("BEGIN")
conn.execute("UPDATE indicator SET name = name || '（半途）'")
conn.execute("UPDATE section SET text = text || text || '（半途）'")
os._exit(9)
"""


def data_of(path: Path) -> str:
    from g60desk.domain.serialize import digest
    from g60desk.store import Store
    with Store.open(path, readonly=True) as store:
        return digest(store.load())


def test_a_save_killed_half_way_is_recovered_by_the_windows_program(prefix, installed, workdir):
    """The hot journal under Windows' file locks: the CLI backs the file and its journal up, plays the journal
    back, says so in one GBK line, and the file is as its last completed save left it."""
    from g60desk.store.recovery import is_hot, journal_of
    crashed = workdir / "崩溃.g60"
    shutil.copyfile(workdir / "样例.g60", crashed)
    committed = data_of(crashed)
    subprocess.run([sys.executable, "-c", CRASH, str(crashed)], check=False)
    assert is_hot(crashed)
    code, out, err = cli(prefix, installed, "info", "崩溃.g60", "--json", workdir=workdir)
    assert code == 0 and json.loads(out)["departments"], out + err
    assert err.startswith("g60desk：注意：") and "已恢复到最后一次完整保存的内容" in err, err
    assert not journal_of(crashed).exists() and data_of(crashed) == committed
    backups = [p for p in (prefix.appdata / "g60desk" / "recovery").iterdir() if p.name.endswith(".g60")]
    assert len(backups) == 1 and journal_of(backups[0]).is_file()        # file and journal as they were found


# holds 样例.g60 open for writing through the services, as a window does, until its stdin is closed
HOLD = ("import sys; from g60desk.services.session import Session; session = Session.open(sys.argv[1]); "
        "print('held', flush=True); sys.stdin.read(); session.close()")


def test_a_second_writer_is_refused_while_another_program_has_the_file_open(prefix, installed, workdir):
    """The writer lock is msvcrt.locking on Windows: a second g60desk-cli.exe that would write the file waits,
    then is refused with one Chinese line naming the holder; a reader goes on; once the holder has closed
    the file, the same command goes through."""
    holder = subprocess.Popen([prefix.wine, str(installed / "python" / "python.exe"), "-c", HOLD, "样例.g60"],
                              cwd=workdir, env=prefix.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"held", holder.stderr.read(4000)
        code, out, err = cli(prefix, installed, "submit", "样例.g60", "-o", "报送2.g60", "--accept-errors",
                             "另一程序打开时报送", workdir=workdir)
        assert code == 2 and len(err.strip().splitlines()) == 1, out + err
        assert "文件“样例.g60”正在被电脑" in err and "的 g60desk（进程" in err and "这次没有写入" in err, err
        assert not (workdir / "报送2.g60").exists()
        code, out, err = cli(prefix, installed, "check", "样例.g60", workdir=workdir)   # readers take no lock
        assert code == 1 and "审核报告" in out and err == "", err
    finally:
        holder.stdin.close()
        holder.wait(timeout=120)
    assert holder.returncode == 0 and not (workdir / "样例.g60.lock").exists()
    code, out, err = cli(prefix, installed, "submit", "样例.g60", "-o", "报送2.g60", "--accept-errors",
                         "另一程序关闭后报送", workdir=workdir)
    assert code == 0 and (workdir / "报送2.g60").is_file(), out + err


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


#: Wine's own word when it has no display driver ("Application tried to create a window, but no driver could
#: be loaded. Make sure that your X server is running …"); everything else of Wine's stays quiet
WINE_WINDOW_DEBUG = "-all,err+winediag"


def program_logs(prefix) -> str:
    return "".join(f"\n--- {log.name}\n" + log.read_text(encoding="utf-8", errors="replace")[-2000:]
                   for log in sorted((prefix.appdata / "g60desk").rglob("*.log")))


def run_window(prefix, installed, workdir, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    """``g60desk.exe 样例.g60`` until it ends by itself, started with a fresh wineserver (whose desktop then
    has this run's display). One that does not end fails the test with what Wine and the program said."""
    prefix.wait()
    try:
        return prefix.run(installed / "g60desk.exe", "样例.g60", cwd=workdir,
                          env={"WINEDEBUG": WINE_WINDOW_DEBUG, **env}, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        subprocess.run([prefix.server, "-k"], env=prefix.env, check=False)
        wine_said = (exc.stderr or b"")[-2000:].decode("utf-8", "replace")
        pytest.fail(f"g60desk.exe did not end within {timeout:.0f} s; Wine said: {wine_said}{program_logs(prefix)}")


@pytest.fixture(scope="module")
def qt_loads(prefix, installed, workdir):
    """Wine 8 has no icuuc.dll: without one Qt cannot load; ICU from a wheel is put into the prefix."""
    qt6core = installed / "python" / "Lib" / "site-packages" / "PySide6" / "Qt6Core.dll"
    missing = prefix.run(installed / "python" / "python.exe", "-c", "import PySide6.QtCore", cwd=workdir)
    assert missing.returncode != 0 and b"QtCore" in missing.stderr
    return prefix.provide_icu(qt6core, build_windows.default_cache())


IMPORT_ALL = """
import importlib, json, pkgutil, g60desk
names = [m.name for m in pkgutil.walk_packages(g60desk.__path__, "g60desk.") if not m.name.endswith("__main__")]
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = repr(exc)
import reportlab.lib.rl_accel as accel
print(json.dumps({"modules": len(names), "failed": failed, "fp_str": accel.fp_str.__module__}))
"""


def test_the_bundle_holds_everything_the_program_imports(installed, prefix, workdir, qt_loads):
    """Every module of g60desk imports with the bundled Python (the Qt ones too), and reportlab finds its C
    accelerator: rl_accel is a dependency since the speed work, and without it reportlab quietly runs slower."""
    done = prefix.run(installed / "python" / "python.exe", "-c", IMPORT_ALL, cwd=workdir)
    assert done.returncode == 0, done.stderr.decode(GBK, "replace")[-2000:]
    found = json.loads(done.stdout.decode(GBK))
    assert found["failed"] == {} and found["modules"] > 100 and found["fp_str"] == "_rl_accel", found


def test_window_starts_under_wine_with_icu_provided(installed, prefix, workdir, display, qt_loads):
    assert "ucnv_open" in qt_loads
    smoke = workdir / "smoke.txt"
    env = {"DISPLAY": display.name, "G60DESK_SMOKE_QUIT_MS": "5000", "G60DESK_SMOKE_REPORT": wine.windows_path(smoke),
           "G60DESK_SMOKE_SCREENSHOT": wine.windows_path(workdir / "window.png")}
    done = run_window(prefix, installed, workdir, env)
    report = smoke.read_text(encoding="utf-8") if smoke.exists() else ""
    assert done.returncode == 0 and "样例.g60" in report and "项目支出绩效目标申报" in report, (
        report, done.stderr.decode("utf-8", "replace")[-2000:], display.state(), program_logs(prefix))
    width, height = png_size(workdir / "window.png")
    assert width >= 800 and height >= 500                  # the main window, drawn
    crash_logs = list((prefix.appdata / "g60desk").rglob("crash-*.log"))
    assert crash_logs == []


def test_a_window_the_system_cannot_make_ends_the_program(installed, prefix, workdir, qt_loads):
    """No display for Wine, as no desktop for a Windows session: CreateWindowEx fails (无效的窗口句柄). The
    program ends by itself with status 2, says why in its log and opens nothing. It used to wait unseen
    for ever (and this test's window with it, whenever its X server had died): the 180 s timeouts."""
    smoke = workdir / "smoke-no-display.txt"
    env = {"G60DESK_SMOKE_QUIT_MS": "5000", "G60DESK_SMOKE_REPORT": wine.windows_path(smoke)}   # no DISPLAY
    done = run_window(prefix, installed, workdir, env, timeout=120)
    assert b"no driver could be loaded" in done.stderr, done.stderr[-2000:]     # the case meant: no display
    assert done.returncode == 2, (done.stderr[-2000:], program_logs(prefix))
    logged = program_logs(prefix)
    assert "the main window could not be created" in logged and "CreateWindowEx failed" in logged, logged
    assert "g60desk smoke" not in (smoke.read_text(encoding="utf-8") if smoke.exists() else "")   # no event loop
    assert not (workdir / "样例.g60.lock").exists()


def test_silent_uninstall_keeps_the_users_data(prefix, installed, workdir):
    data = prefix.appdata / "g60desk"
    assert (data / "settings.json").is_file()         # written by the window above
    document = prefix.user_folder / "Documents" / "我的申报.g60"
    document.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(workdir / "样例.g60", document)
    done = prefix.run(installed / "uninstall.exe", "/S")
    prefix.wait()
    assert done.returncode == 0
    assert not installed.exists()
    assert not (prefix.start_menu / f"{TITLE}.lnk").exists() and not (prefix.desktop / f"{TITLE}.lnk").exists()
    registry = prefix.user_registry()
    assert "Uninstall\\\\g60desk]" not in registry and "g60desk.g60" not in registry
    assert (data / "settings.json").is_file() and document.is_file()
    assert (workdir / "样例.g60").is_file()


def test_silent_install_without_desktop_shortcut(build, prefix, installed):
    """/NODESKTOP for roll-outs that want no icon on the desktop; everything else as before."""
    done = prefix.run(build["setup"], "/S", "/NODESKTOP")
    prefix.wait()
    assert done.returncode == 0 and (installed / "g60desk.exe").is_file()
    assert (prefix.start_menu / f"{TITLE}.lnk").is_file() and not (prefix.desktop / f"{TITLE}.lnk").exists()
    prefix.run(installed / "uninstall.exe", "/S")
    prefix.wait()
    assert not installed.exists()
