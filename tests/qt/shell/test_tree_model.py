"""The tree model without a window: what each row reads, badges, totals, edits through the session,
drag and drop — each checked against the file, and the model checked by Qt's model tester."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from g60desk.qt.shell.tree_model import BADGE_ROLE, NODE_MIME, NODE_ROLE, Badge, NodeTreeModel, wan_text
from g60desk.services.session import Session


@pytest.fixture
def opened(sample_copy):
    sessions = []

    def make(year="2026"):
        path = sample_copy(year)
        session = Session.open(path, if_locked="readonly", wait=0)   # a second one: read-only
        model = NodeTreeModel(session)
        session.listeners.append(model.apply_change)
        sessions.append(session)
        return path, session, model
    yield make
    for session in sessions:
        session.close()


def test_wan_text_is_exact_with_two_decimals_at_least():
    assert wan_text(78_000_000) == "78.00"
    assert wan_text(23_965_000) == "23.965"
    assert wan_text(11_280_000_000) == "11,280.00"
    assert wan_text(None) == ""
    assert wan_text(-10_000) == "-0.01"


@pytest.mark.parametrize("year", ["2022", "2026"])
def test_model_passes_qt_model_tester(opened, qtmodeltester, year):
    _path, _session, model = opened(year)
    qtmodeltester.check(model)


def test_2026_tree_reads_like_the_document(opened, tree_rows):
    _path, _session, model = opened("2026")
    assert tree_rows(model) == [
        "上海市松江区长三角G60科创走廊创新研究中心 287.965",
        "  G60 科创走廊建设 287.965",
        "    金融赋能 78.00",
        "    产业创新 80.00",
        "    建设方案成效阶段性评估 23.965",
        "    创新合作 40.00",
        "    政策研究 45.00",
        "    宣传推广 21.00",
    ]
    assert model.headerData(1, Qt.Orientation.Horizontal) == "申请额（万元）"


def test_badges_count_the_open_findings_of_each_node(opened):
    _path, session, model = opened("2026")
    for path, node in session.doc.iter_nodes():
        index = model.index_of(node)
        own = [f for f in session.checker.findings() if tuple(f.path) == path]
        from g60desk.checks.findings import is_acknowledged
        errors = sum(1 for f in own if f.severity == "error")
        warnings = sum(1 for f in own if f.severity == "warning"
                       and not is_acknowledged(f, session.doc.acknowledgements))
        assert index.data(BADGE_ROLE) == Badge(errors, warnings)
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert node.name in tip
        if errors:
            assert f"{errors} 个错误" in tip


def test_rename_through_set_data_is_in_the_file(opened, qtmodeltester, tree_rows, reopen):
    path, session, model = opened("2022")
    qtmodeltester.check(model)
    index = model.index(1, 0, model.index(0, 0))
    assert model.setData(index, "宣传与推广（2022）")
    assert tree_rows(model)[2].startswith("  宣传与推广（2022）")
    doc = reopen(path)
    assert [n.name for n in doc.departments[0].projects] == ["G60 科创走廊建设", "宣传与推广（2022）"]


def test_refused_rename_changes_nothing_and_says_why(opened, qtbot, tree_rows):
    _path, session, model = opened("2022")
    before = tree_rows(model)
    index = model.index(1, 0, model.index(0, 0))
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(index, "G60 科创走廊建设")
    assert "已有名为“G60 科创走廊建设”" in blocker.args[0]
    assert tree_rows(model) == before


def test_structure_changes_keep_rows_and_persistent_indexes(opened, qtmodeltester, tree_rows):
    _path, session, model = opened("2026")
    qtmodeltester.check(model)
    dept = session.doc.departments[0]
    project = dept.projects[0]
    keep = model.index_of(project.children[3])   # 创新合作, followed through every change
    from PySide6.QtCore import QPersistentModelIndex
    followed = QPersistentModelIndex(keep)
    session.add_node(dept, "新项目")
    session.add_node(project, "新子项目", index=0)
    session.move_node(project.children[-1], project, 1)      # 宣传推广 up to second place
    session.delete_node(project.children[3])                 # 产业创新
    session.undo_stack.undo()
    assert followed.isValid() and followed.data() == "创新合作"
    names = [line.strip().rsplit(" ", 1)[0] if line.strip()[-1].isdigit() else line.strip()
             for line in tree_rows(model)]
    assert names == ["上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设", "新子项目", "宣传推广",
                     "金融赋能", "产业创新", "建设方案成效阶段性评估", "创新合作", "政策研究", "新项目"]


def _drag(model, node) -> QMimeData:
    return model.mimeData([model.index_of(node)])


def test_drag_and_drop_reorders_and_reparents_in_the_file(opened, qtmodeltester, reopen):
    path, session, model = opened("2026")
    qtmodeltester.check(model)
    dept = session.doc.departments[0]
    project = dept.projects[0]
    dept_index = model.index_of(dept)
    project_index = model.index_of(project)
    policy = project.children[4]                              # 政策研究
    mime = _drag(model, policy)
    assert mime.hasFormat(NODE_MIME)
    # dropped between 金融赋能 and 产业创新
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, project_index)
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, project_index)
    assert [model.index(r, 0, project_index).data() for r in range(3)] == ["金融赋能", "政策研究", "产业创新"]
    # dragged further down: the row counts the dragged node itself
    assert model.dropMimeData(_drag(model, policy), Qt.DropAction.MoveAction, 4, 0, project_index)
    assert [c.name for c in project.children][2:5] == ["建设方案成效阶段性评估", "政策研究", "创新合作"]
    # re-parented: a sub-project dropped on the department becomes a project
    promo = project.children[-1]
    assert model.dropMimeData(_drag(model, promo), Qt.DropAction.MoveAction, -1, 0, dept_index)
    assert model.index(1, 0, dept_index).data() == "宣传推广"
    doc = reopen(path)
    projects = doc.departments[0].projects
    assert [p.name for p in projects] == ["G60 科创走廊建设", "宣传推广"]
    assert [c.name for c in projects[0].children] == ["金融赋能", "产业创新", "建设方案成效阶段性评估", "政策研究",
                                                     "创新合作"]
    assert projects[1].kind == "project" and projects[1].form.funding.annual_request_fen == 21_000_000


def test_drops_that_cannot_be_are_refused(opened, sample_copy):
    path, session, model = opened("2026")
    project = session.doc.departments[0].projects[0]
    first, second = project.children[0], project.children[1]
    # a sub-project cannot receive children
    assert not model.canDropMimeData(_drag(model, first), Qt.DropAction.MoveAction, -1, 0,
                                     model.index_of(second))
    # a project with sub-projects cannot become a sub-project
    other = session.add_node(session.doc.departments[0], "另一个项目")
    assert not model.canDropMimeData(_drag(model, project), Qt.DropAction.MoveAction, -1, 0,
                                     model.index_of(other))
    # a drag from another window (another model) is not ours, even with the same path
    _path2, _session2, model2 = opened("2026")
    foreign = model2.mimeData([model2.index_of(model2.session.doc.departments[0].projects[0].children[0])])
    assert not model.canDropMimeData(foreign, Qt.DropAction.MoveAction, 0, 0, model.index_of(project))
    assert not model.dropMimeData(foreign, Qt.DropAction.MoveAction, 0, 0, model.index_of(project))
    plain = QMimeData()
    plain.setText("金融赋能")
    assert not model.canDropMimeData(plain, Qt.DropAction.MoveAction, 0, 0, model.index_of(project))


def test_totals_and_badges_repaint_after_a_form_edit(opened, qtbot):
    _path, session, model = opened("2026")
    node = session.doc.departments[0].projects[0].children[0]
    index = model.index_of(node)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        session.set_form_field(node, "annual_request_fen", "790,000.00")
    top, bottom = blocker.args[0], blocker.args[1]
    assert top.column() == 0 and bottom.column() == 1
    assert model.index(index.row(), 1, index.parent()).data() == "79.00"
    assert model.index_of(session.doc.departments[0]).siblingAtColumn(1).data() == "288.965"


def test_read_only_rows_cannot_be_edited_or_dragged(sample_copy):
    session = Session.open(sample_copy("2022"), readonly=True)
    try:
        model = NodeTreeModel(session)
        index = model.index(0, 0, model.index(0, 0))
        flags = model.flags(index)
        assert not flags & Qt.ItemFlag.ItemIsEditable
        assert not flags & Qt.ItemFlag.ItemIsDragEnabled
        assert index.data(NODE_ROLE).name == "G60 科创走廊建设"
        assert model.parent(QModelIndex()) == QModelIndex()
    finally:
        session.close()


def _two_departments(tmp_path):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from benchmarks.generate import Size, build_document
    from g60desk.store import Store

    path = tmp_path / "bureau.g60"
    size = Size(departments=2, projects_per_department=2, subprojects_per_project=2)
    Store.create(path, build_document(size)).close()
    return Session.open(path)


def test_a_form_edit_repaints_its_row_and_the_rows_above_it_and_counts_its_department_only(tmp_path):
    """An edit of one form looks at its own department (badges, totals): the cost does not grow with the file."""
    session = _two_departments(tmp_path)
    try:
        asked = []

        def badges(s, dept):
            asked.append(dept.name if dept is not None else None)
            from g60desk.qt.shell.tree_model import open_badges
            return open_badges(s, dept)
        model = NodeTreeModel(session, badges=badges)
        session.listeners.append(model.apply_change)
        first, second = session.doc.departments
        node = first.projects[1].children[0]
        repainted = []
        model.dataChanged.connect(lambda top, bottom, roles=(): repainted.append(model.payload(top)))
        asked.clear()
        session.set_form_field(node, "annual_request_fen", "1,234,567.00")
        assert asked == [first.name]
        assert repainted == [first, first.projects[1], node]   # the form, its project's and department's sums
        assert all(p is not second and p not in [n for _, n in second.iter_nodes()] for p in repainted)
        assert model.index_of(node).siblingAtColumn(1).data() == "123.4567"
        session.rename_node(second.projects[0], "改名")          # the tree changed: the whole file is counted
        assert asked[-1] is None
    finally:
        session.close()
