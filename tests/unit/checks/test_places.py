"""The field syntax the window jumps with: parsed, described in Chinese, ordered as printed."""
from __future__ import annotations

import pytest

from g60desk.checks import check_document, describe_field, parse_field
from g60desk.checks.places import Place, field_rank
from g60desk.exchange.samples import sample_document


@pytest.mark.parametrize("text, place", [
    ("annual_request_fen", Place("form", name="annual_request_fen")),
    ("supervising_dept", Place("form", name="supervising_dept")),
    ("section:period", Place("section", name="period")),
    ("indicators", Place("indicators")),
    ("indicator:2:value", Place("indicator", row=2, column="value")),
    ("group:6", Place("group", group=6)),
    ("line:5:0:stated_fen", Place("line", group=5, line=(0,), column="stated_fen")),
    ("line:5:0.1:formula", Place("line", group=5, line=(0, 1), column="formula")),
    ("overview", Place("form", name="overview")),
])
def test_parse_field(text, place):
    assert parse_field(text) == place


@pytest.mark.parametrize("text", ["", "section:foo", "indicator:x:value", "indicator:1:colour", "line:1:2",
                                  "line:1:a.b:label", "group:-1", "nonsense", "indicator:１:value"])
def test_parse_field_refuses_other_text(text):
    with pytest.raises(ValueError):
        parse_field(text)


def test_describe_field_in_the_clerks_words():
    doc = sample_document("2022")
    project = doc.departments[0].projects[0]
    assert describe_field(project, "indicator:2:value") == "第3行指标·指标值"
    assert describe_field(project, "supervising_dept") == "主管部门"
    assert describe_field(project, "other_fen") == "项目资金·其他资金（左栏）"
    assert describe_field(project, "annual_goal") == "年度总目标"  # the 2022 template's header
    assert describe_field(project, "section:period") == "项目经费情况说明·五、实施周期"
    assert describe_field(project, "group:6") == "六、年度预算安排·七、展示馆运维"
    assert (describe_field(project, "line:5:0.1:stated_fen")
            == "六、年度预算安排·六、展示馆物业管理、能源费、水电费·（1）展示馆物业管理、保洁保安费 › "
               "其中第2项“保洁保安费”·金额")
    assert describe_field(doc.departments[0], "overview") == "绩效目标设置情况"
    assert describe_field(project, None) == "本项目"


def test_every_finding_of_the_samples_has_a_parseable_field_and_a_place_to_jump_to():
    for year in ("2022", "2026"):
        doc = sample_document(year)
        for finding in check_document(doc):
            target = doc.find(finding.path)
            assert target is not None
            if finding.field is not None:
                parse_field(finding.field)
                assert describe_field(target, finding.field)


def test_field_rank_orders_explanation_before_form_and_rows_in_order():
    fields = ["indicator:10:value", "section:overview", "line:0:1:stated_fen", "annual_request_fen",
              "indicator:2:value", "supervising_dept", None, "line:0:0.1:stated_fen"]
    assert sorted(fields, key=field_rank) == [None, "section:overview", "line:0:0.1:stated_fen",
                                              "line:0:1:stated_fen", "supervising_dept", "annual_request_fen",
                                              "indicator:2:value", "indicator:10:value"]
