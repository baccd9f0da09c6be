"""下一年度申报 from this year's document: what is carried over, and what the clerk's choices do."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from g60desk.domain.model import HistoryEntry
from g60desk.domain.next_year import DERIVED_KIND, NextYearOptions, YearWords, movable, next_year_document
from g60desk.domain.serialize import digest, short_digest
from g60desk.domain.template_file import parse_template
from g60desk.domain.values import format_value
from g60desk.exchange.samples import sample_document

NOW = datetime(2026, 12, 6, 9, 30)


def forms(doc):
    return [(path, node) for path, node in doc.iter_nodes() if node.declared]


def test_everything_the_clerk_wrote_is_carried_over_by_default():
    doc = sample_document("2026")
    new, report = next_year_document(doc, 2027, "样例2026.g60", NextYearOptions(), now=NOW)
    assert new.budget_year == 2027 and report.forms == 6
    assert [p for p, _ in forms(new)] == [p for p, _ in forms(doc)]
    for (_, old), (_, made) in zip(forms(doc), forms(new)):
        assert made.form.funding == old.form.funding
        assert made.form.annual_goal == old.form.annual_goal
        assert [(i.level1, i.level2, i.name, i.value) for i in made.form.indicators] == \
               [(i.level1, i.level2, i.name, i.value) for i in old.form.indicators]
        assert made.explanation.sections["period"].text == old.explanation.sections["period"].text
        assert made.form.planned_start == old.form.planned_start.replace(year=2027)   # dates move a year on
    assert digest(doc) == digest(sample_document("2026"))   # this year's document is untouched


def test_history_and_acknowledgements_stay_with_this_years_file_and_the_new_one_says_where_it_came_from():
    doc = sample_document("2022")
    doc.history.append(HistoryEntry("2022-01-20T10:00:00", "submitted", "ab" * 32))
    new, _ = next_year_document(doc, 2023, "2022年科创办.g60", NextYearOptions(), now=NOW)
    assert new.acknowledgements == []
    assert len(new.history) == 1 and new.history[0].kind == DERIVED_KIND
    assert new.history[0].digest == digest(doc)
    assert "2022年科创办.g60" in new.history[0].detail and short_digest(digest(doc)) in new.history[0].detail
    assert all(node.id is None for _, node in new.iter_nodes())


def test_cleared_amounts_leave_blank_cells_not_zeros_and_keep_the_formulas():
    doc = sample_document("2022")
    new, report = next_year_document(doc, 2023, "x.g60", NextYearOptions(amounts="clear"), now=NOW)
    for _, node in forms(new):
        assert set(node.form.funding.as_dict().values()) == {None}
        lines = list(node.explanation.iter_lines())
        assert all(line.stated_fen is None and line.stated_text == "" for line in lines)
    old_formulas = [line.formula for _, n in forms(doc) for line in n.explanation.iter_lines()]
    assert [line.formula for _, n in forms(new) for line in n.explanation.iter_lines()] == old_formulas
    assert report.amounts_cleared > 40


def test_dates_cleared_or_kept_and_29_february_moves_to_28():
    doc = sample_document("2026")
    node = forms(doc)[0][1]
    node.form.planned_end = date(2024, 2, 29)
    doc.budget_year = 2024
    new, _ = next_year_document(doc, 2025, "x.g60", NextYearOptions(), now=NOW)
    assert forms(new)[0][1].form.planned_end == date(2025, 2, 28)
    kept, _ = next_year_document(doc, 2025, "x.g60", NextYearOptions(dates="keep"), now=NOW)
    assert forms(kept)[0][1].form.planned_end == date(2024, 2, 29)
    cleared, report = next_year_document(doc, 2025, "x.g60", NextYearOptions(dates="clear"), now=NOW)
    assert all(n.form.planned_start is None and n.form.planned_end is None for _, n in forms(cleared))
    assert report.dates_changed == 12


def test_values_cleared_keep_the_qualitative_words_when_asked():
    doc = sample_document("2026")
    new, report = next_year_document(doc, 2027, "x.g60", NextYearOptions(values="clear_numbers"), now=NOW)
    values = [i.value for _, n in forms(new) for i in n.form.indicators]
    assert all(v.number is None for v in values)
    assert {v.text for v in values} >= {"匹配", "促进", "通过"}
    everything, _ = next_year_document(doc, 2027, "x.g60", NextYearOptions(values="clear"), now=NOW)
    assert all(i.value.kind == "empty" for _, n in forms(everything) for i in n.form.indicators)
    assert report.values_cleared == sum(1 for _, n in forms(doc) for i in n.form.indicators if i.value.number)


def test_years_in_the_clerks_words_move_on_only_when_asked_and_only_before_年():
    doc = sample_document("2026")
    plain, _ = next_year_document(doc, 2027, "x.g60", NextYearOptions(), now=NOW)
    assert "2026年" in forms(plain)[0][1].explanation.sections["period"].text.replace(" ", "")
    new, report = next_year_document(doc, 2027, "x.g60", NextYearOptions(years_in_text=True), now=NOW)
    period = forms(new)[0][1].explanation.sections["period"].text
    assert "2026" not in period and period.replace(" ", "").startswith("2027年1月")
    assert report.years_replaced >= 12


def test_only_a_year_followed_by_年_is_a_year():
    words = YearWords(2026, 2027)
    assert words.replace("2026年1月至2026 年12月，经费12026元，编号20261，2026-01-01") == \
        "2027年1月至2027 年12月，经费12026元，编号20261，2026-01-01"
    assert words.count == 2


# ---- 移入上年列: a template may give a cell or column for last year's figure (docs/templates.md) ----------------

LAST_YEAR = Path(__file__).parents[2] / "fixtures" / "last-year-columns.toml"


def on_last_year_template(doc, count=None):
    """The document's first ``count`` forms (all when None) on a template with 上年 columns."""
    template = parse_template(LAST_YEAR.read_text(encoding="utf-8"), LAST_YEAR.name)
    for _, node in forms(doc)[:count]:
        node.form.template, node.form.spec = template.id, template
    return doc


def test_move_puts_this_years_amounts_into_the_last_year_cells_and_clears_this_years():
    doc = on_last_year_template(sample_document("2022"))        # 43 budget lines with amounts
    new, report = next_year_document(doc, 2027, "x.g60", NextYearOptions(amounts="move"), now=NOW)
    for (_, old), (_, made) in zip(forms(doc), forms(new)):
        assert set(made.form.funding.as_dict().values()) == {None}
        assert made.form.extra.get("last_request_fen") == old.form.funding.annual_request_fen
        old_lines, new_lines = list(old.explanation.iter_lines()), list(made.explanation.iter_lines())
        assert [line.extra.get("last_year_fen") for line in new_lines] == [line.stated_fen for line in old_lines]
        assert all(line.stated_fen is None and line.stated_text == "" for line in new_lines)
        assert [line.formula for line in new_lines] == [line.formula for line in old_lines]
    assert report.amounts_moved == sum(
        (n.form.funding.annual_request_fen is not None)
        + sum(line.stated_fen is not None for line in n.explanation.iter_lines()) for _, n in forms(doc))
    assert report.amounts_moved > 20
    funding_cleared = sum(v is not None for _, n in forms(doc) for v in n.form.funding.as_dict().values())
    requests = sum(n.form.funding.annual_request_fen is not None for _, n in forms(doc))
    assert report.amounts_cleared == funding_cleared - requests    # the 年度资金申请总额 moved, not cleared
    assert "金额移入上年列" in report.describe(NextYearOptions(amounts="move"))


def test_last_years_figures_of_the_year_before_are_replaced_and_clear_clears_the_templates_own_amounts():
    doc = on_last_year_template(sample_document("2022"))
    form = forms(doc)[0][1].form
    form.extra["last_request_fen"] = 1            # 2025's figure, stale in 2027
    line = next(forms(doc)[0][1].explanation.iter_lines())
    line.extra = {"last_year_fen": 2}
    moved, _ = next_year_document(doc, 2027, "x.g60", NextYearOptions(amounts="move"), now=NOW)
    assert forms(moved)[0][1].form.extra["last_request_fen"] == form.funding.annual_request_fen
    assert next(forms(moved)[0][1].explanation.iter_lines()).extra.get("last_year_fen") == line.stated_fen
    cleared, _ = next_year_document(doc, 2027, "x.g60", NextYearOptions(amounts="clear"), now=NOW)
    assert "last_request_fen" not in forms(cleared)[0][1].form.extra
    assert "last_year_fen" not in next(forms(cleared)[0][1].explanation.iter_lines()).extra
    kept, _ = next_year_document(doc, 2027, "x.g60", NextYearOptions(), now=NOW)
    assert forms(kept)[0][1].form.extra["last_request_fen"] == 1


def test_a_form_whose_template_has_no_last_year_column_is_cleared_and_movable_says_what_can_move():
    assert movable(sample_document("2026")) == (False, False)
    doc = on_last_year_template(sample_document("2022"), count=1)
    assert movable(doc) == (True, True)
    new, _ = next_year_document(doc, 2023, "x.g60", NextYearOptions(amounts="move"), now=NOW)
    shanghai = forms(new)[1][1]
    assert any(line.stated_fen for line in forms(doc)[1][1].explanation.iter_lines())
    assert set(shanghai.form.funding.as_dict().values()) == {None} and not shanghai.form.extra
    assert all(line.stated_fen is None and not line.extra for line in shanghai.explanation.iter_lines())


def test_move_puts_this_years_indicator_values_into_the_last_year_column_and_keeps_the_words():
    doc = on_last_year_template(sample_document("2026"))
    new, report = next_year_document(doc, 2027, "x.g60", NextYearOptions(values="move"), now=NOW)
    template = forms(doc)[0][1].form.spec
    for (_, old), (_, made) in zip(forms(doc), forms(new)):
        for before, after in zip(old.form.indicators, made.form.indicators):
            if before.value.kind == "empty":
                assert "last_value" not in after.extra
                continue
            assert after.extra["last_value"] == format_value(before.value, template.value_style)
            assert after.value.number is None                          # this year's number is to be written
            if before.value.kind != "quantitative":
                assert after.value == before.value                     # 完成, 及时 stay
    assert report.values_moved == sum(i.value.kind != "empty" for _, n in forms(doc) for i in n.form.indicators)
    first = forms(new)[0][1].form.indicators[0].extra["last_value"]
    assert first and any(ch.isdigit() for ch in first)
