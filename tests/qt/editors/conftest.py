"""Sessions on copies of the samples for the editor tests, a node editor shown on one of their nodes, and a checker
whose findings a test chooses."""
from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class FakeFinding:
    field: str
    severity: str
    message: str
    rule: str = "TEST"


class FakeChecker:
    """Stands in for the 审核 engine: findings by node path, set by the test."""

    def __init__(self, doc=None):
        self.by_path: dict[tuple, list[FakeFinding]] = {}

    def recheck_all(self):
        pass

    def recheck_node(self, dept, node):
        pass

    def for_path(self, path):
        return list(self.by_path.get(tuple(path), []))


@pytest.fixture
def open_session(sample_copy):
    from g60desk.services.session import Session

    opened = []

    def make(year: str = "2026"):
        session = Session.open(sample_copy(year))
        opened.append(session)
        return session
    yield make
    for session in opened:
        session.close()


@pytest.fixture
def session2026(open_session):
    return open_session("2026")


@pytest.fixture
def session2022(open_session):
    return open_session("2022")


@pytest.fixture
def fake_checker():
    return FakeChecker()


@pytest.fixture
def finding():
    """Build a finding as the 审核 engine reports it: finding(field, severity, message)."""
    return FakeFinding


def first_declared(session):
    return session.doc.departments[0].declared_nodes()[0]


@pytest.fixture
def declared():
    """declared(session, i=0) → the i-th declared node of the first department."""
    return lambda session, i=0: session.doc.departments[0].declared_nodes()[i]


@pytest.fixture
def make_editor(qtbot):
    """make_editor(session, target, wide=False, tab=None) → a NodeEditor on ``target``, shown in the active window
    (focus, and so committing on leaving a field, needs it); ``wide`` gives the 六、年度预算安排 grid its room,
    ``tab`` is the page chosen before it shows."""
    from g60desk.qt.editors.node_editor import NodeEditor

    def make(session, target, wide: bool = False, tab: int | None = None):
        editor = NodeEditor(session)
        qtbot.addWidget(editor)
        editor.resize(*((1266, 800) if wide else (1066, 700)))
        editor.show_target(target)
        if tab is not None:
            editor.form.tabs.setCurrentIndex(tab)
        editor.show()
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)
        return editor
    return make
