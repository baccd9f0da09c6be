"""Exchange test set-up: the command line in-process, a third department made as a clerk would, and a
folder of every kind of broken or hostile file (exchange_helpers.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))   # exchange_helpers, shared with the tests of this folder

from exchange_helpers import HOSTILE_KINDS, THIRD, make_hostile

from g60desk.cli import main
from g60desk.exchange.samples import sample_document
from g60desk.store import Store


@pytest.fixture
def cli(capsys):
    """Run ``g60desk ARGS`` in-process: (exit status, stdout, stderr)."""
    def run(*args) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def info(cli):
    def run(path: Path) -> dict:
        code, out, err = cli("info", path, "--json")
        assert code == 0, err
        return json.loads(out)
    return run


@pytest.fixture
def third_department(tmp_path, cli) -> Path:
    """A 2026 file made with ``g60desk new`` and filled in through the Session, as a clerk would."""
    from g60desk.services.session import Session

    path = tmp_path / "third.g60"
    code, _, err = cli("new", path, "--year", 2026, "--department", THIRD)
    assert code == 0, err
    session = Session.open(path)
    try:
        dept = session.doc.departments[0]
        node = session.add_node(dept, "社区科普活动")
        for name, text in (("annual_request_fen", "120,000.00"), ("appropriation_fen", "120000"),
                           ("carryover_fen", "0"), ("annual_other_fen", "0"), ("project_total_fen", "120000"),
                           ("fiscal_fen", "120000"), ("other_fen", "0"), ("category", "其他运转类"),
                           ("nature", "其他经常性项目"), ("overall_goal", "开展社区科普活动，提升居民科学素养。"),
                           ("annual_goal", "全年举办科普活动12场。")):
            session.set_form_field(node, name, text)
        session.set_indicator_cells(node, 0, 0, [
            ["成本指标", "经济成本指标", "每场活动成本", "≤1万元/场"],
            ["产出指标", "数量指标", "举办科普活动", "≥12场"],
            ["产出指标", "时效指标", "活动按计划完成", "及时"],
            ["效益指标", "社会效益指标", "居民科学素养提升", "有效"],
            ["满意度指标", "服务对象满意度指标", "参与居民满意度", "≥90%"],
        ])
        from g60desk.domain.model import BudgetGroup, BudgetLine
        session.set_budget(node, [BudgetGroup(title="科普活动", lines=[
            BudgetLine(label="场地与物料", basis="每场0.6万元，12场", formula="0.6*12", stated_fen=7_200_000),
            BudgetLine(label="讲师劳务", basis="每场0.4万元，12场", formula="0.4*12", stated_fen=4_800_000),
        ])], "预算明细")
    finally:
        session.close()
    return path


@pytest.fixture
def sample_2022_as_2026(tmp_path) -> Path:
    """The 2022 sample's department declared for 2026 (a second real department of the same year)."""
    doc = sample_document("2022")
    doc.budget_year = 2026
    path = tmp_path / "kechuang2026.g60"
    Store.create(path, doc).close()
    return path


@pytest.fixture
def hostile_files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "hostile"
    folder.mkdir()
    return {kind: make_hostile(folder, kind) for kind in HOSTILE_KINDS}
