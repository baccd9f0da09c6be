"""The command-line contract of issue #2, through real subprocesses of the installed ``g60desk`` command.

Every run happens in a temporary folder with the repository elsewhere, as a script or a checker would
call it. Refusals must be exit status 2 with exactly one Chinese line on stderr, no traceback, the file
byte-identical afterwards and nothing new in its folder.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from g60desk.domain.template_catalog import DIR_VARIABLE
from g60desk.domain.templates import get_template
from g60desk.store.schema import FORMAT_VERSION

INFO_KEYS = ["format_version", "budget_year", "digest", "status", "status_label", "last_submission", "unlocked",
             "departments"]
DEPARTMENT_KEYS = ["name", "projects", "sub_projects", "declared_forms", "total_fen", "indicators", "budget_lines"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def g60desk_command() -> str:
    beside_python = Path(sys.executable).with_name("g60desk.exe" if os.name == "nt" else "g60desk")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("g60desk")
    if found is None:
        pytest.skip("the g60desk command is not installed")
    return found


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([g60desk_command(), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60, env=env)


def ok(*args: str, cwd: Path) -> str:
    result = run(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 2, one Chinese line on stderr, no traceback; returns the line."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert CJK.search(lines[0]), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def info(path: Path, cwd: Path) -> dict:
    return json.loads(ok("info", path, "--json", cwd=cwd))


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A working folder, away from the repository."""
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def samples(work) -> dict[str, Path]:
    """Both samples written once per module by ``g60desk sample YEAR -o FILE``, run inside ``work``."""
    out = {}
    for year in ("2026", "2022"):
        stdout = ok("sample", year, "-o", f"a{year}.g60", cwd=work)
        assert f"a{year}.g60" in stdout
        out[year] = work / f"a{year}.g60"
    return out


# ---- the "Done when" of issue #2 -------------------------------------------------------------------

def test_sample_2026_info_json(samples, work):
    data = info(Path("a2026.g60"), work)   # a relative path, resolved against the working folder
    assert list(data) == INFO_KEYS
    assert data["format_version"] == FORMAT_VERSION and data["budget_year"] == 2026
    assert re.fullmatch(r"[0-9a-f]{64}", data["digest"])
    [dept] = data["departments"]
    assert list(dept) == DEPARTMENT_KEYS
    assert dept["name"] == "上海市松江区长三角G60科创走廊创新研究中心"
    assert (dept["projects"], dept["sub_projects"], dept["declared_forms"]) == (1, 6, 6)
    assert (dept["total_fen"], dept["indicators"], dept["budget_lines"]) == (287_965_000, 40, 0)
    assert all(type(dept[k]) is int for k in DEPARTMENT_KEYS[1:])


def test_sample_2022_info_json(samples, work):
    data = info(samples["2022"], work)
    assert list(data) == INFO_KEYS and data["budget_year"] == 2022
    [dept] = data["departments"]
    assert list(dept) == DEPARTMENT_KEYS
    assert (dept["projects"], dept["sub_projects"], dept["declared_forms"]) == (2, 0, 2)
    assert (dept["total_fen"], dept["indicators"], dept["budget_lines"]) == (1_128_000_000, 33, 44)


def test_info_without_json_is_readable_chinese(samples, work):
    text = ok("info", samples["2026"], cwd=work)
    assert "2026 年度" in text and "申报表 6 张" in text and "2,879,650.00 元" in text


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_json_round_trip_is_byte_identical_and_keeps_the_digest(samples, work, year):
    first_json, copy, second_json = (work / f"rt{year}-1.json", work / f"rt{year}.g60", work / f"rt{year}-2.json")
    ok("export-json", samples[year], "-o", first_json, cwd=work)
    ok("import-json", first_json, "-o", copy, cwd=work)
    ok("export-json", copy, "-o", second_json, cwd=work)
    assert first_json.read_bytes() == second_json.read_bytes()
    assert info(copy, work)["digest"] == info(samples[year], work)["digest"]
    assert json.loads(first_json.read_text(encoding="utf-8"))["budget_year"] == int(year)


def test_new_file_default_template(work):
    ok("new", "n2027.g60", "--year", "2027", "--department", "测试部门", cwd=work)
    data = info(work / "n2027.g60", work)
    assert data["budget_year"] == 2027
    assert data["departments"] == [{"name": "测试部门", "projects": 0, "sub_projects": 0, "declared_forms": 0,
                                    "total_fen": 0, "indicators": 0, "budget_lines": 0}]
    exported = work / "n2027.json"
    ok("export-json", "n2027.g60", "-o", exported, cwd=work)
    assert json.loads(exported.read_text(encoding="utf-8"))["template"] == "上海2026"


def test_new_file_with_the_2022_template(work):
    ok("new", "n2022.g60", "--year", "2027", "--department", "部门乙", "--template", "上海2022", cwd=work)
    exported = work / "n2022.json"
    ok("export-json", "n2022.g60", "-o", exported, cwd=work)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert (data["budget_year"], data["template"], data["departments"][0]["name"]) == (2027, "上海2022", "部门乙")


# ---- refused files ---------------------------------------------------------------------------------

def _set_u32(data: bytearray, offset: int, value: int) -> None:
    data[offset:offset + 4] = struct.pack(">I", value)


def _copy_with_sql(good: Path, bad: Path, sql: str) -> None:
    shutil.copyfile(good, bad)
    conn = sqlite3.connect(bad)
    conn.execute(sql)
    conn.commit()
    conn.close()


def _wrong_application(good: Path, bad: Path) -> None:
    conn = sqlite3.connect(bad)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('别的程序的数据库')")
    conn.commit()
    conn.close()


def _edited_header(offset_values: dict[int, int]):
    def make(good: Path, bad: Path) -> None:
        data = bytearray(good.read_bytes())
        for offset, value in offset_values.items():
            _set_u32(data, offset, value)
        bad.write_bytes(bytes(data))
    return make


def _wal_flagged(good: Path, bad: Path) -> None:
    data = bytearray(good.read_bytes())
    data[18] = data[19] = 2
    bad.write_bytes(bytes(data))


def _page_corrupted(good: Path, bad: Path) -> None:
    data = bytearray(good.read_bytes())
    page = struct.unpack(">H", data[16:18])[0]
    data[page * 2 + 8: page * 3] = b"\xa5" * (page - 8)   # scribble over the third page
    bad.write_bytes(bytes(data))


BAD_FILES = {
    "empty": (lambda good, bad: bad.write_bytes(b""), "空"),
    "truncated": (lambda good, bad: bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2]), "不完整"),
    "random": (lambda good, bad: bad.write_bytes(random.Random(60).randbytes(16384)), "不是 g60desk"),
    "text file": (lambda good, bad: bad.write_text("项目名称,金额\n金融赋能,780000\n", encoding="utf-8"),
                  "不是 g60desk"),
    "wrong application": (_wrong_application, "不是 g60desk"),
    "newer user_version": (_edited_header({60: 99}), "更新版本"),
    "WAL flagged": (_wal_flagged, "WAL"),
    "page corrupted": (_page_corrupted, "损坏"),
    "trigger injected": (lambda good, bad: _copy_with_sql(
        good, bad, "CREATE TRIGGER evil AFTER UPDATE ON form BEGIN DELETE FROM indicator; END"), "结构"),
    "view injected": (lambda good, bad: _copy_with_sql(
        good, bad, "CREATE VIEW evil AS SELECT * FROM form"), "结构"),
}


def _listing(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in folder.iterdir()}


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("verb", ["info", "export-json"])
def test_refused_file_exits_2_and_is_left_as_it_was(samples, tmp_path, kind, verb):
    make, words = BAD_FILES[kind]
    folder = tmp_path / "received"
    folder.mkdir()
    bad = folder / "bad.g60"
    make(samples["2026"], bad)
    before = _listing(folder)
    args = [verb, bad] + (["-o", folder / "out.json"] if verb == "export-json" else ["--json"])
    result = run(*args, cwd=tmp_path)
    assert_refused(result, "bad.g60", *((words,) if verb == "info" else ()))
    assert result.stdout == ""
    assert _listing(folder) == before   # byte-identical, and no journal, backup or output created


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "a folder.g60"
    folder.mkdir()
    assert_refused(run("info", folder, "--json", cwd=tmp_path), "文件夹")
    assert list(folder.iterdir()) == []


def test_missing_path_is_refused_and_not_created(tmp_path):
    missing = tmp_path / "nowhere" / "missing.g60"
    assert_refused(run("info", missing, "--json", cwd=tmp_path), "找不到")
    assert_refused(run("export-json", tmp_path / "missing.g60", "-o", tmp_path / "x.json", cwd=tmp_path), "找不到")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ---- misuse ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["info", "a.g60", "--bogus"],
    ["sample", "2026"],                       # missing -o
    ["sample", "2019", "-o", "x.g60"],        # no such sample
    ["new", "x.g60", "--department", "部门"],  # missing --year
    ["new", "x.g60", "--year", "二〇二七", "--department", "部门"],
    ["new", "x.g60", "--year", "2027", "--department", "部门", "--template", "北京2026"],
    ["export-json", "a.g60"],                 # missing -o
    ["--no-such-option"],
    ["templtes"],                             # neither a verb nor a file: no window that waits
    ["chek", "a.g60"],
    ["missing.g60"],
])
def test_misuse_exits_2_with_one_chinese_line(tmp_path, args):
    before = _listing(tmp_path)
    assert_refused(run(*args, cwd=tmp_path))
    assert _listing(tmp_path) == before


def test_sample_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "mine.g60"
    target.write_bytes(b"a clerk's own work")
    assert_refused(run("sample", "2026", "-o", target, cwd=tmp_path), "已存在")
    assert target.read_bytes() == b"a clerk's own work"
    assert_refused(run("new", target, "--year", "2026", "--department", "部门", cwd=tmp_path), "已存在")
    assert_refused(run("sample", "2026", "-o", tmp_path, cwd=tmp_path), "已存在")   # a folder is never replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.g60"]
    ok("sample", "2026", "-o", target, "--force", cwd=tmp_path)
    assert info(target, tmp_path)["departments"][0]["declared_forms"] == 6


# ---- hostile JSON ----------------------------------------------------------------------------------

def _poison(mutate):
    def make(good_json: Path, bad: Path) -> None:
        data = json.loads(good_json.read_text(encoding="utf-8"))
        mutate(data)
        bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return make


def _first_form(data: dict) -> dict:
    return data["departments"][0]["projects"][0]["children"][0]["form"]


def _sparse(size: int):
    def make(good_json: Path, bad: Path) -> None:
        with bad.open("wb") as handle:
            handle.truncate(size)
    return make


HOSTILE_JSON = {
    "float money": (_poison(lambda d: _first_form(d)["funding"].__setitem__("fiscal_fen", 78000000.0)), "整数"),
    "string money": (_poison(lambda d: _first_form(d)["funding"].__setitem__("fiscal_fen", "78000000")), "整数"),
    "string year": (_poison(lambda d: d.__setitem__("budget_year", "2026")), "budget_year"),
    "negative money": (_poison(lambda d: _first_form(d)["funding"].__setitem__("other_fen", -1)), "负"),
    "unknown operator": (_poison(lambda d: _first_form(d)["indicators"][0]["value"].__setitem__("op", "≈")), "比较符"),
    "deep nesting": (lambda good, bad: bad.write_text("[" * 200_000 + "]" * 200_000), "嵌套"),
    "NaN": (lambda good, bad: bad.write_text('{"format": "g60desk-document", "budget_year": NaN}'), "NaN"),
    "100 MB": (_sparse(100 * 1024 * 1024), "太大"),
    "not JSON": (lambda good, bad: bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256))), "UTF-8"),
}


@pytest.mark.parametrize("kind", HOSTILE_JSON)
def test_hostile_json_is_refused_and_creates_no_file(samples, work, tmp_path, kind):
    make, words = HOSTILE_JSON[kind]
    good_json = work / "hostile-source.json"
    if not good_json.exists():
        ok("export-json", samples["2026"], "-o", good_json, cwd=work)
    bad = tmp_path / "bad.json"
    make(good_json, bad)
    before = _listing(tmp_path)
    assert_refused(run("import-json", bad, "-o", tmp_path / "out.g60", cwd=tmp_path), "bad.json", words)
    assert _listing(tmp_path) == before


def test_next_year_makes_next_years_file_and_leaves_this_one(tmp_path):
    ok("sample", "2026", "-o", "a.g60", cwd=tmp_path)
    before = (tmp_path / "a.g60").read_bytes()
    out = ok("next-year", "a.g60", "-o", "b.g60", "--years-in-text", "--amounts", "clear", cwd=tmp_path)
    assert "申报表 6 张" in out and "金额已清空" in out and "文字中的年份改了" in out
    info = json.loads(ok("info", "b.g60", "--json", cwd=tmp_path))
    assert info["budget_year"] == 2027 and info["departments"][0]["declared_forms"] == 6
    assert info["departments"][0]["total_fen"] == 0          # cleared amounts are blank, not carried
    assert (tmp_path / "a.g60").read_bytes() == before
    assert_refused(run("next-year", "a.g60", "-o", "c.g60", "--year", "2026", cwd=tmp_path), "2026", "晚于")
    assert_refused(run("next-year", "a.g60", "-o", "b.g60", cwd=tmp_path), "已存在")
    assert_refused(run("next-year", "a.g60", "-o", "d.g60", "--amounts", "move", cwd=tmp_path),
                   "没有放上年金额的列", "请选保留或清空")


def test_next_year_moves_amounts_into_the_last_year_columns_of_a_template_that_has_them(last_year_file, tmp_path):
    out = ok("next-year", str(last_year_file), "-o", "b.g60", "--amounts", "move", "--values", "move", cwd=tmp_path)
    assert "金额移入上年列 46 处" in out and "指标值移入上年列 33 个" in out


def test_info_tells_whether_the_file_was_submitted(tmp_path):
    ok("sample", "2022", "-o", "a.g60", cwd=tmp_path)
    assert json.loads(ok("info", "a.g60", "--json", cwd=tmp_path))["status"] == "draft"
    ok("submit", "a.g60", "-o", "out.g60", "--accept-errors", "金额以批复为准", cwd=tmp_path)
    info = json.loads(ok("info", "a.g60", "--json", cwd=tmp_path))
    assert info["status"] == "submitted" and info["status_label"] == "已报送"
    assert info["last_submission"]["digest"] == info["digest"] and info["unlocked"] is None
    assert "已报送" in ok("info", "a.g60", cwd=tmp_path).splitlines()[0]


def test_changes_lists_what_changed_since_the_submission(tmp_path):
    ok("sample", "2026", "-o", "a.g60", cwd=tmp_path)
    assert "还没有导出过报送文件" in ok("changes", "a.g60", cwd=tmp_path)
    ok("submit", "a.g60", "-o", "out.g60", "--accept-errors", "金额以批复为准", cwd=tmp_path)
    data = json.loads(ok("changes", "a.g60", "--json", cwd=tmp_path))
    assert data["status"] == "submitted" and data["changes"] == [] and data["problem"] is None
    assert_refused(run("changes", "missing.g60", cwd=tmp_path))

# ---- the template verbs (issue 16) ---------------------------------------------------------------------------

def test_templates_lists_the_bundled_ones_with_their_sources(tmp_path):
    listed = json.loads(ok("templates", "--json", cwd=tmp_path))
    assert {"上海2026", "上海2022", "国家2021", "湘潭2023", "甘肃2023", "四川井研2023"} <= {t["id"] for t in listed}
    assert all(list(t) == ["id", "title", "source", "path"] and t["source"] and t["path"].endswith(".toml")
               for t in listed)
    text = ok("templates", cwd=tmp_path)
    assert "湘潭2023（第 1 版）：YYYY年项目支出绩效目标申报表" in text and "xtcg.xiangtan.gov.cn" in text


def test_template_check_accepts_a_sound_file(tmp_path):
    path = tmp_path / "本局.toml"
    path.write_text(get_template("湘潭2023").text, encoding="utf-8")
    assert ok("template", "check", path, cwd=tmp_path).startswith("模板“湘潭2023”（第 1 版）可以使用")


def test_template_check_names_the_line_and_key_of_each_problem(tmp_path):
    path = tmp_path / "本局.toml"
    text = get_template("上海2026").text.replace('type = "date", row = 3 },\n  { key = "planned_end"',
                                                 'type = "datum", row = 3 },\n  { key = "planned_end"')
    path.write_text(text, encoding="utf-8")
    result = run("template", "check", path, cwd=tmp_path)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"datum"' in row)
    assert_refused(result, "模板“本局.toml”不能使用", f"第 {line} 行", "header.fields 第 6 项的 type", "“datum”")
    assert result.stdout.startswith(f"第 {line} 行，header.fields 第 6 项的 type：“datum”不是可用的取值")
    assert_refused(run("template", "check", tmp_path / "没有.toml", cwd=tmp_path), "找不到模板文件")


def test_new_from_a_template_file_carries_it_to_a_pc_without_templates(tmp_path):
    path = tmp_path / "本局2027.toml"
    path.write_text(get_template("上海2026").text.replace('id = "上海2026"', 'id = "本局2027"'), encoding="utf-8")
    ok("new", tmp_path / "a.g60", "--year", "2027", "--department", "某局", "--template-file", path, cwd=tmp_path)
    assert_refused(run("new", tmp_path / "b.g60", "--year", "2027", "--department", "某局", "--template", "上海2026",
                       "--template-file", path, cwd=tmp_path))
    empty = tmp_path / "no-templates"
    empty.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", DIR_VARIABLE: str(empty)}
    listed = subprocess.run([g60desk_command(), "templates", "--json"], capture_output=True, text=True,
                            encoding="utf-8", env=env, cwd=tmp_path)
    assert json.loads(listed.stdout) == []
    checked = subprocess.run([g60desk_command(), "check", tmp_path / "a.g60"], capture_output=True, text=True,
                             encoding="utf-8", env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
