"""``g60desk [FILE | VERB]``: the window or a verb, chosen from a list of names before anything heavy loads.

A double-click (``g60desk FILE``) must start the window without argparse, reportlab, openpyxl or the rule
catalog; an argument that is neither a verb nor a file is one Chinese line and exit 2, never a window
that waits.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from g60desk.cli import start as cli_main
from g60desk.cli.parser import build_parser, verbs_of
from g60desk.cli.start import VERBS, main


def test_the_verbs_main_knows_are_the_parser_s():
    assert list(VERBS) == verbs_of(build_parser())


@pytest.fixture
def window(monkeypatch):
    """Replaces the window: records what it was asked to open."""
    opened = []
    monkeypatch.setattr(cli_main, "open_window", lambda file: opened.append(file) or 0)
    return opened


def test_a_file_opens_the_window(window, tmp_path):
    path = tmp_path / "文件.g60"
    path.write_bytes(b"whatever: the window says why it cannot open it")
    assert main([str(path)]) == 0
    assert window == [str(path)]


def test_no_argument_opens_the_window(window):
    assert main([]) == 0
    assert window == [None]


@pytest.mark.parametrize("word, expected", [
    ("chek", "是不是要用“g60desk check”"),
    ("Sampel", "是不是要用“g60desk sample”"),
    ("consolidte", "是不是要用“g60desk consolidate”"),
    ("templtes", "没有“templtes”这个命令，也没有这个文件"),
    ("missing.g60", "找不到文件“missing.g60”"),
    (os.path.join("nowhere", "x"), "找不到文件"),
])
def test_neither_a_verb_nor_a_file_is_one_line_and_exit_2(window, capsys, tmp_path, monkeypatch, word, expected):
    monkeypatch.chdir(tmp_path)
    assert main([word]) == 2
    out, err = capsys.readouterr()
    assert out == "" and window == []
    assert err.count("\n") == 1 and err.startswith("g60desk："), err
    assert expected in err, err


def test_a_folder_is_refused(window, capsys, tmp_path):
    assert main([str(tmp_path)]) == 2
    assert "是一个文件夹" in capsys.readouterr().err and window == []


LOADED_BEFORE_THE_WINDOW = r"""
import json, sys
import g60desk.cli.start as m
m.open_window = lambda file: print(json.dumps(sorted(sys.modules))) or 0
sys.exit(m.main([sys.argv[1]]))
"""


def test_a_double_click_loads_no_verb_before_the_window(tmp_path):
    path = tmp_path / "a.g60"
    path.write_bytes(b"x")
    out = subprocess.run([sys.executable, "-c", LOADED_BEFORE_THE_WINDOW, str(path)], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    loaded = set(json.loads(out))
    heavy = {"argparse", "reportlab", "openpyxl", "g60desk.checks", "g60desk.cli.parser", "g60desk.cli.files",
             "g60desk.report", "g60desk.exchange", "g60desk.store"}
    assert loaded & heavy == set()
    assert "g60desk.cli.start" in loaded    # the script did run main
