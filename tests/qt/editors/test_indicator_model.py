"""The 绩效指标 grid's model without a window: what a clerk would see in each cell after an edit."""
from __future__ import annotations

from PySide6.QtCore import Qt

from g60desk.qt.editors.indicator_model import LEVEL1, LEVEL2, NAME, VALUE, IndicatorTableModel, MarkRole, RepeatedRole

Display, Edit, Tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole


def _model(session):
    node = session.doc.departments[0].declared_nodes()[0]
    model = IndicatorTableModel(session, node)
    session.listeners.append(model.handle_change)
    return node, model


def test_passes_the_model_tester(qtmodeltester, session2026):
    _, model = _model(session2026)
    qtmodeltester.check(model)


def test_shows_the_first_form_as_printed(session2026):
    _, model = _model(session2026)
    assert model.indicator_count == 8
    assert model.rowCount() == 9  # and the empty row where typing adds an indicator
    assert model.headerData(VALUE, Qt.Orientation.Horizontal) == "年度(/项目)指标值"
    assert [model.index(0, c).data() for c in range(4)] == [
        "成本指标", "经济成本指标", "开展 2026 年长三角 G60 科创走廊 ESG 发展指数编制", "≤20.00(万元)"]
    assert model.index(7, VALUE).data() == "≥85.00(%)"
    assert model.index(1, LEVEL1).data(RepeatedRole) is True
    assert model.index(4, LEVEL1).data(RepeatedRole) is False


def test_2022_values_print_in_the_2022_style(session2022):
    _, model = _model(session2022)
    assert model.headerData(VALUE, Qt.Orientation.Horizontal) == "年度指标值"
    assert model.index(0, VALUE).data() == "=100%"


def test_typed_value_is_stored_in_normal_form(session2026):
    node, model = _model(session2026)
    assert model.setData(model.index(4, VALUE), "＞＝１５次")
    assert model.index(4, VALUE).data() == "≥15.00(次)"
    assert node.form.indicators[4].value.number == "15"


def test_refused_value_stays_visible_with_the_reason(session2026):
    node, model = _model(session2026)
    messages = []
    model.message.connect(messages.append)
    before = node.form.indicators[4].value
    model.setData(model.index(4, VALUE), "≥abc")
    cell = model.index(4, VALUE)
    assert cell.data() == "≥abc"
    assert cell.data(MarkRole) == "refused"
    assert "不是有效的指标值" in cell.data(Tip)
    assert node.form.indicators[4].value == before
    assert messages and "第 5 行" in messages[0]
    model.setData(cell, "≥13次")
    assert cell.data() == "≥13.00(次)" and cell.data(MarkRole) is None


def test_typing_in_the_empty_row_adds_an_indicator(session2026):
    node, model = _model(session2026)
    model.setData(model.index(8, LEVEL1), "产出指标")
    assert len(node.form.indicators) == 9
    assert model.rowCount() == 10
    assert model.index(8, LEVEL1).data() == "产出指标"


def test_paste_block_is_one_undo_step_and_grows_rows(session2026):
    node, model = _model(session2026)
    steps = session2026.undo_stack.index()
    block = [["效益指标", "社会效益指标", f"指标{i}", f"≥{i}个"] for i in range(3)]
    refusals = model.set_cells(7, LEVEL1, block)
    assert refusals == []
    assert session2026.undo_stack.index() == steps + 1
    assert model.indicator_count == 10
    assert [model.index(9, c).data() for c in range(4)] == ["效益指标", "社会效益指标", "指标2", "≥2.00(个)"]
    session2026.undo_stack.undo()
    assert model.indicator_count == 8
    assert model.index(7, NAME).data() == "企业满意度"
    session2026.undo_stack.redo()
    assert model.index(9, NAME).data() == "指标2"


def test_delete_clears_selected_cells_in_one_step(session2026):
    node, model = _model(session2026)
    steps = session2026.undo_stack.index()
    model.clear_cells([(0, NAME), (1, NAME), (1, VALUE)])
    assert session2026.undo_stack.index() == steps + 1
    assert model.index(0, NAME).data() == "" and model.index(1, VALUE).data() == ""
    assert model.index(0, VALUE).data() == "≤20.00(万元)"  # not selected: kept


def test_findings_colour_their_cells(session2026, fake_checker, finding):
    node, model = _model(session2026)
    session2026.checker = fake_checker
    fake_checker.by_path[session2026.path_of(node)] = [
        finding("indicator:3:value", "error", "成本指标合计超过预算"),
        finding("indicator:5", "warning", "质量指标宜为定量"),
    ]
    model.refresh_findings()
    assert model.index(3, VALUE).data(MarkRole) == "error"
    assert model.index(3, VALUE).data(Tip) == "成本指标合计超过预算"
    assert model.index(5, LEVEL2).data(MarkRole) == "warning"
    assert model.index(2, VALUE).data(MarkRole) is None
    assert model.index_for_field("indicator:3:value") == model.index(3, VALUE)


def test_typing_a_value_repaints_its_row_and_the_one_below_only(session2026):
    """The row typed in, the row below it (whose 一级/二级 show as repeated or not by the row above) and the rows
    whose findings changed — not the whole grid."""
    node = session2026.doc.departments[0].declared_nodes()[0]
    model = IndicatorTableModel(session2026, node)
    session2026.listeners.append(model.handle_change)

    def marks():
        return [[(model.index(r, c).data(MarkRole), model.index(r, c).data(Tip)) for c in range(4)]
                for r in range(model.rowCount())]
    before = marks()
    announced = []
    model.dataChanged.connect(lambda top, bottom, roles=(): announced.extend(range(top.row(), bottom.row() + 1)))
    model.setData(model.index(3, VALUE), "≥ 7 次")
    remarked = {r for r, (a, b) in enumerate(zip(before, marks())) if a != b}
    assert sorted(set(announced)) == sorted({3, 4} | remarked)
    assert len(set(announced)) < model.rowCount()
