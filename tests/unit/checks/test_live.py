"""Live checking: after an edit only the edited node's rules and its department's rules run again, and the
result is always what a whole-file check would say. Acknowledged 警告 stay acknowledged until their data changes."""
from __future__ import annotations

from dataclasses import replace

import pytest

from g60desk.checks import LiveChecker, acknowledgement_for, check_document, is_acknowledged, stale_acknowledgements
from g60desk.checks import live as live_module
from g60desk.checks.findings import count_by_severity
from g60desk.domain.model import Acknowledgement, Department, Node
from g60desk.exchange.samples import sample_document
from g60desk.store import Store

from .conftest import good_node


@pytest.fixture
def count_node_checks(monkeypatch):
    calls: list[tuple[str, ...]] = []
    original = live_module.check_node

    def counting(doc, dept, path, node):
        calls.append(tuple(path))
        return original(doc, dept, path, node)

    monkeypatch.setattr(live_module, "check_node", counting)
    return calls


@pytest.mark.parametrize("year", ["2022", "2026"])
def test_live_checker_starts_with_the_whole_file_check(year):
    doc = sample_document(year)
    checker = LiveChecker(doc)
    assert checker.findings() == check_document(doc)
    assert checker.counts() == count_by_severity(check_document(doc))


def test_an_edit_reruns_only_the_edited_node_and_its_department(count_node_checks):
    doc = sample_document("2022")
    dept = doc.departments[0]
    checker = LiveChecker(doc)
    count_node_checks.clear()
    second = dept.projects[1]
    funding = second.form.funding
    for name in ("project_total_fen", "fiscal_fen", "annual_request_fen", "appropriation_fen"):
        setattr(funding, name, 85_000_000)
    checker.recheck_node(dept, second)
    assert count_node_checks == [(dept.name, "宣传与推广")]
    assert checker.findings() == check_document(doc)
    assert not any(f.rule == "F-SUM-01" for f in checker.findings())
    # the overview's 1,128.00 万元 is now wrong: a department rule, re-run with the node
    assert any(f.rule == "F-SUM-07" and "1,143.00 万元" in f.message for f in checker.findings())
    assert checker.counts()["error"] == 3


def test_department_rules_follow_an_edit_of_one_node(count_node_checks):
    doc = sample_document("2026")
    dept = doc.departments[0]
    checker = LiveChecker(doc)
    first = dept.projects[0].children[0]
    first.form.supervising_dept = first.form.implementing_unit = dept.name
    count_node_checks.clear()
    checker.recheck_node(dept, first)
    assert len(count_node_checks) == 1
    assert not any(f.rule == "F-CONS-01" for f in checker.findings())
    assert checker.findings() == check_document(doc)


def test_department_only_edit_runs_no_node_rules(count_node_checks):
    doc = sample_document("2026")
    dept = doc.departments[0]
    checker = LiveChecker(doc)
    dept.overview = dept.overview.replace("287.97", "290.00")
    count_node_checks.clear()
    checker.recheck_node(dept, None)
    assert count_node_checks == []
    assert [f.rule for f in checker.for_path((dept.name,))] == ["F-SUM-07"]
    assert checker.findings() == check_document(doc)


def test_nodes_added_renamed_and_removed_are_picked_up():
    doc = sample_document("2026")
    dept = doc.departments[0]
    checker = LiveChecker(doc)
    project = dept.projects[0]
    project.children.append(replace(good_node("新子项目"), kind="sub_project"))
    checker.recheck_node(dept, None)
    assert checker.findings() == check_document(doc)
    project.name = "改名后的项目"  # every sub-project's path changes
    checker.recheck_node(dept, None)
    assert checker.findings() == check_document(doc)
    assert all(f.path[1] == "改名后的项目" for f in checker.findings() if len(f.path) > 1)
    del project.children[0]
    checker.recheck_node(dept, None)
    assert checker.findings() == check_document(doc)


def test_departments_added_and_removed():
    doc = sample_document("2022")
    checker = LiveChecker(doc)
    extra = Department(name="另一个部门", projects=[good_node()])
    doc.departments.append(extra)
    checker.recheck_node(extra, extra.projects[0])
    assert checker.findings() == check_document(doc)
    doc.departments.pop()
    checker.recheck_all()
    assert checker.findings() == check_document(doc)


def test_for_path_with_and_without_descendants():
    doc = sample_document("2026")
    checker = LiveChecker(doc)
    dept, project = doc.departments[0].name, "G60 科创走廊建设"
    assert checker.for_path((dept, project)) == []
    below = checker.for_path((dept, project), descendants=True)
    assert below == checker.findings()
    assert {f.rule for f in checker.for_path((dept, project, "政策研究"))} == {"F-ZERO-01", "F-IND-06"}


# ---- acknowledgements --------------------------------------------------------------------------------

def _ack(finding, reason="实施周期为整个研究周期，本年度申报 2026 年的部分"):
    return Acknowledgement(rule=finding.rule, path=finding.path, field=finding.field,
                           fingerprint=finding.fingerprint, reason=reason, created="2026-01-05 09:30")


def _period_warning(doc):
    return next(f for f in check_document(doc) if f.rule == "F-DATE-03")


def test_an_acknowledged_warning_stays_acknowledged_while_its_data_is_unchanged():
    doc = sample_document("2026")
    doc.acknowledgements.append(_ack(_period_warning(doc)))
    node = doc.find(_period_warning(doc).path)
    node.form.indicators[3].name = "研究成果验收情况"  # unrelated edit
    assert is_acknowledged(_period_warning(doc), doc.acknowledgements)


def test_an_acknowledgement_lapses_when_the_data_it_refers_to_changes():
    doc = sample_document("2026")
    doc.acknowledgements.append(_ack(_period_warning(doc)))
    node = doc.find(_period_warning(doc).path)
    node.explanation.sections["period"].text = "2025年10月-2026年6月"
    assert not is_acknowledged(_period_warning(doc), doc.acknowledgements)


def test_lapsed_acknowledgements_are_listed_as_stale():
    doc = sample_document("2026")
    ack = _ack(_period_warning(doc))
    doc.acknowledgements.append(ack)
    assert stale_acknowledgements(doc.acknowledgements, check_document(doc)) == []
    doc.find(_period_warning(doc).path).explanation.sections["period"].text = "2026年1月—2026年12月"
    assert stale_acknowledgements(doc.acknowledgements, check_document(doc)) == [ack]


def test_only_warnings_can_be_acknowledged():
    doc = sample_document("2022")
    error = next(f for f in check_document(doc) if f.severity == "error")
    assert acknowledgement_for(error, [_ack(error)]) is None


def test_acknowledgements_are_kept_in_the_file(tmp_path):
    doc = sample_document("2026")
    doc.acknowledgements.append(_ack(_period_warning(doc)))
    path = tmp_path / "acked.g60"
    Store.create(path, doc).close()
    with Store.open(path, readonly=True) as store:
        loaded = store.load()
    ack = acknowledgement_for(_period_warning(loaded), loaded.acknowledgements)
    assert ack is not None and ack.reason.startswith("实施周期为整个研究周期")


def test_fingerprints_are_stable_and_differ_between_findings():
    first = check_document(sample_document("2022"))
    second = check_document(sample_document("2022"))
    assert [f.fingerprint for f in first] == [f.fingerprint for f in second]
    assert len({f.fingerprint for f in first}) == len(first)
    assert all(len(f.fingerprint) == 32 and int(f.fingerprint, 16) >= 0 for f in first)


def test_a_new_node_object_with_the_same_path_is_checked_again():
    doc = sample_document("2022")
    dept = doc.departments[0]
    checker = LiveChecker(doc)
    dept.projects[1] = Node(name="宣传与推广", form=dept.projects[0].form, explanation=dept.projects[0].explanation)
    checker.recheck_node(dept, None)
    assert checker.findings() == check_document(doc)
