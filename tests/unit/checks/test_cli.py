"""``g60desk check FILE [--json]``: a 审核报告 grouped by node, exit 0/1/2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from g60desk.checks import check_document
from g60desk.cli import main as g60desk
from g60desk.domain.model import Acknowledgement
from g60desk.exchange.samples import sample_document
from g60desk.store import Store

from .conftest import good_document

G60DESK = Path(sys.executable).with_name("g60desk")


def main(argv: list[str]) -> int:
    return g60desk(argv)


def test_2022_sample_has_errors_exit_1(sample_files, capsys):
    assert main(["check", str(sample_files["2022"])]) == 1
    out = capsys.readouterr().out
    assert out.startswith("审核报告")
    # 28 警告: 3 as before, 24 lines without 测算依据, 进博会 250 vs 215
    assert "共 3 个错误、28 个警告（已确认 0 个）、8 个提示。" in out
    assert "【上海市松江区科创发展办公室】" in out
    assert "■ 宣传与推广" in out
    assert "[错误] F-SUM-01  年度资金申请总额" in out
    assert "六、年度预算安排合计 85.00 万元" in out and "≠ 年度资金申请总额 70.00 万元" in out
    assert "[警告] F-CALC-02  六、年度预算安排·一、G60日常办公经费·（2）绿化服务·金额" in out
    assert out.index("■ G60 科创走廊建设") < out.index("■ 宣传与推广")
    assert "结论：有 3 个错误" in out


def test_json_output(sample_files, capsys):
    assert main(["check", str(sample_files["2026"]), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["findings"]
    first = data["findings"][0]
    path = ["上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设", "金融赋能"]
    assert first == {
        "rule": "F-CONS-01", "severity": "warning", "path": path,
        "field": "supervising_dept", "message": first["message"], "acknowledged": False,
        "operands": [{"place": "主管部门", "value": "上海市松江区长三角G60科创走廊创新中心", "path": path,
                      "field": "supervising_dept"}],
        "fix": "改为“上海市松江区长三角G60科创走廊创新研究中心”。"}
    assert {f["severity"] for f in data["findings"]} == {"error", "warning", "info"}
    keys = {"rule", "severity", "path", "field", "message", "acknowledged", "operands", "fix"}
    assert all(set(f) == keys and f["operands"] for f in data["findings"])
    cost = next(f for f in data["findings"] if f["rule"] == "F-COST-01")
    assert [(o["place"], o["value"]) for o in cost["operands"]] == [
        ("第1行指标·指标值", "≤20.00(万元)"), ("第2行指标·指标值", "≤30.00(万元)"),
        ("第3行指标·指标值", "≤2.50(万元/次)"),
        ("第5行指标·指标值", "≥12.00(次)"), ("第4行指标·指标值", "≤10.00(万元)"), ("年度资金申请总额", "780,000.00 元")]


def test_a_clean_file_exits_0(tmp_path, capsys):
    path = tmp_path / "clean.g60"
    Store.create(path, good_document()).close()
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "共 0 个错误、0 个警告（已确认 0 个）、0 个提示。" in out and "结论：没有错误。" in out


def test_acknowledged_warnings_are_shown_with_their_reason(tmp_path, capsys):
    doc = sample_document("2026")
    warning = next(f for f in check_document(doc) if f.rule == "F-DATE-03")
    doc.acknowledgements.append(Acknowledgement(warning.rule, warning.path, warning.field, warning.fingerprint,
                                                "实施周期含 2025 年的前期调研", "2026-01-05 09:30"))
    path = tmp_path / "acked.g60"
    Store.create(path, doc).close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "（已确认 1 个）" in out
    assert "已确认（2026-01-05 09:30）：实施周期含 2025 年的前期调研" in out
    assert main(["check", str(path), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["rule"] for f in findings if f["acknowledged"]] == ["F-DATE-03"]


def test_junk_file_exits_2_with_one_chinese_line(tmp_path, capsys):
    junk = tmp_path / "junk.g60"
    junk.write_bytes(b"this is not a g60desk file at all" * 10)
    assert main(["check", str(junk)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("g60desk：") and captured.err.count("\n") == 1


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere.g60")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_the_installed_command(sample_files, tmp_path):
    done = subprocess.run([str(G60DESK), "check", str(sample_files["2022"]), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    rules = [f["rule"] for f in json.loads(done.stdout)["findings"]]
    assert "F-SUM-01" in rules and "F-REQ-01" in rules
    junk = tmp_path / "junk.g60"
    junk.write_text("垃圾", encoding="utf-8")
    done = subprocess.run([str(G60DESK), "check", str(junk)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == "" and "g60desk：" in done.stderr
