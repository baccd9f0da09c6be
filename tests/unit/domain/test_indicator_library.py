"""指标库: entries from documents and the standard list, searched by 一级, 二级 and words."""
from __future__ import annotations

from g60desk.domain.indicator_library import (
    SOURCE_EARLIER,
    SOURCE_STANDARD,
    SOURCE_THIS_FILE,
    document_entries,
    search,
    standard_entries,
)
from g60desk.domain.templates import get_template
from g60desk.domain.values import format_value
from g60desk.exchange.samples import sample_document


def framework(framework_id: str):
    return get_template("上海2026").framework_by_id(framework_id)


def test_a_document_gives_one_entry_per_distinct_row_with_the_places_that_used_it():
    entries = document_entries(sample_document("2026"), SOURCE_THIS_FILE, "本文件")
    satisfaction = [e for e in entries if e.name == "单位满意度" and format_value(e.value, "2026") == "≥90.00(%)"]
    assert len(satisfaction) == 1
    assert satisfaction[0].uses == 2 and set(satisfaction[0].used_in) == {"G60 科创走廊建设 › 建设方案成效阶段性评估",
                                                                          "G60 科创走廊建设 › 政策研究"}
    assert all(e.year == 2026 for e in entries)


def test_search_by_words_and_levels_lists_this_file_first_and_never_offers_its_rows_twice():
    this = document_entries(sample_document("2026"), SOURCE_THIS_FILE, "本文件")
    earlier = document_entries(sample_document("2022"), SOURCE_EARLIER, "2022 年度 科创办.g60")
    entries = this + earlier + standard_entries(framework("2021"))
    found = search(entries, "满意度")
    assert found and all("满意度" in f"{e.level1}{e.level2}{e.name}" for e in found)
    assert [e.source for e in found] == sorted(e.source for e in found)
    assert {e.source for e in found} == {SOURCE_THIS_FILE, SOURCE_EARLIER, SOURCE_STANDARD}
    assert search(entries, "满意度 企业") == [e for e in found if "企业" in e.name]
    cost = search(entries, level1="成本指标", level2="经济成本指标")
    assert cost and all(e.level2 == "经济成本指标" for e in cost)
    same_rows_last_year = document_entries(sample_document("2026"), SOURCE_EARLIER, "2025 年度 中心.g60")
    assert search(this + same_rows_last_year) == search(this)        # a row already in this file is not offered again


def test_the_standard_list_fits_each_framework():
    for framework_id in ("2021", "legacy"):
        entries = standard_entries(framework(framework_id))
        assert len(entries) == 20
    legacy_cost = [e for e in standard_entries(framework("legacy")) if e.name == "项目成本控制数"]
    assert (legacy_cost[0].level1, legacy_cost[0].level2) == ("产出指标", "成本指标")


def test_the_standard_list_fits_every_bundled_template():
    for template in ("上海2026", "上海2022", "湘潭2023", "甘肃2023", "四川井研2023", "国家2021"):
        for fw in get_template(template).frameworks:
            entries = standard_entries(fw)
            assert len(entries) == 20, (template, fw.id)          # 甘肃's 服务对象满意度 lost the satisfaction rows
            assert all(e.level2 in fw.level2_names(e.level1) for e in entries), template


def test_a_row_of_another_framework_is_filed_by_its_level2_or_role_or_not_offered():
    from g60desk.domain.indicator_library import LibraryEntry, fitted
    from g60desk.domain.values import parse_value
    gansu = get_template("甘肃2023").frameworks[0]

    def entry(level1, level2):
        return LibraryEntry(level1, level2, "某指标", parse_value("≥90%"), SOURCE_EARLIER, "x")

    def levels(found):
        return None if found is None else (found.level1, found.level2)

    assert levels(fitted(entry("效益指标", "社会公众或服务对象满意度指标"), gansu)) == ("满意度指标", "服务对象满意度")
    assert levels(fitted(entry("满意度指标", "服务对象满意度指标"), gansu)) == ("满意度指标", "服务对象满意度")
    assert levels(fitted(entry("产出指标", "成本指标"), gansu)) == ("成本指标", "经济成本指标")
    assert levels(fitted(entry("效益指标", "社会效益指标"), gansu)) == ("效益指标", "社会效益指标")
    assert levels(fitted(entry("产出", "社会效益指标"), gansu)) == ("效益指标", "社会效益指标")
    assert fitted(entry("其他指标", "自定义指标"), gansu) is None
    legacy = framework("legacy")
    assert levels(fitted(entry("成本指标", "经济成本指标"), legacy)) == ("产出指标", "成本指标")
