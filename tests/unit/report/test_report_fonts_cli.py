"""The print font (machine 宋体 preferred, bundled font otherwise, licence beside it) and `g60desk print`."""
from __future__ import annotations

import shutil

import pytest
from report_helpers import needs_poppler, pdftotext, squeeze

from g60desk.report import fonts
from g60desk.report.fonts import BUNDLED_FONT, bundled_font_path, find_cjk_font, load_fonts


def test_the_bundled_font_has_its_licence_beside_it():
    path = bundled_font_path()
    assert path.is_file() and path.stat().st_size < 20 * 1024 * 1024
    licence = path.parent / "wqy-microhei-LICENSE-Apache-2.0.txt"
    assert "Apache License" in licence.read_text(encoding="utf-8")
    assert "WenQuanYi" in (path.parent / "README.md").read_text(encoding="utf-8")


def test_the_bundled_font_has_every_character_the_samples_print():
    from g60desk.domain.serialize import canonical_bytes, data_of
    from g60desk.exchange.samples import sample_document

    charset = load_fonts(False).fallback.charset
    text = "".join(canonical_bytes(data_of(sample_document(y))).decode() for y in ("2026", "2022"))
    text += "第页共校验码填报单位（盖章）单位负责人填报人联系电话填报日期①②③④⑤⑥⑦⑧⑨⑩（）：；。，≥≤"
    assert sorted({ch for ch in text if ord(ch) not in charset and not ch.isspace()}) == []


@pytest.fixture
def machine_fonts(tmp_path, monkeypatch):
    folder = tmp_path / "Fonts"
    folder.mkdir()
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [folder])
    return folder


def test_without_a_machine_font_the_bundled_one_is_used(machine_fonts):
    assert find_cjk_font(True) == bundled_font_path()
    assert find_cjk_font(False) == bundled_font_path()


def test_a_machine_songti_is_preferred_when_the_setting_says_so(machine_fonts):
    (machine_fonts / "sub").mkdir()
    simsun = machine_fonts / "sub" / "SimSun.ttc"  # any case, any depth
    shutil.copyfile(bundled_font_path(), simsun)
    assert find_cjk_font(True) == simsun
    assert find_cjk_font(False) == bundled_font_path()


def test_songti_comes_before_fangsong(machine_fonts):
    shutil.copyfile(bundled_font_path(), machine_fonts / "simfang.ttc")
    shutil.copyfile(bundled_font_path(), machine_fonts / "simsun.ttc")
    assert find_cjk_font(True).name == "simsun.ttc"


def test_a_machine_font_reportlab_cannot_read_is_skipped(machine_fonts):
    (machine_fonts / "simsun.ttc").write_bytes(b"OTTO not a truetype font")
    assert find_cjk_font(True) == bundled_font_path()


def test_characters_the_main_font_lacks_use_the_bundled_font(monkeypatch):
    font_set = load_fonts(False)
    assert fonts.FontSet(main=font_set.main, fallback=font_set.main).markup("a<b") == "a&lt;b"
    original = fonts._charset
    monkeypatch.setattr(fonts, "_charset", lambda name: frozenset(range(128)) if name == "Narrow" else original(name))
    narrow = fonts.FontChoice(name="Narrow", path=font_set.main.path, subfont=0)
    mixed = fonts.FontSet(main=narrow, fallback=font_set.fallback)
    face = font_set.fallback.name
    assert mixed.markup("G60 科创&走廊") == f'G60 <font face="{face}">科创</font>&amp;<font face="{face}">走廊</font>'


def test_the_parsed_font_cache_gives_the_same_font(isolated_home):
    path = bundled_font_path()
    parsed = fonts._load_font("CacheA", path, 0)
    cache = fonts._cache_path(path, 0)
    assert cache.is_file()
    cached = fonts._load_font("CacheB", path, 0)
    a, b = parsed.face, cached.face
    plain = set(a.__dict__) - {"_pdfScale", "hmetrics", "glyphPos", "glyphToChar"}
    assert plain <= set(b.__dict__)
    assert [k for k in plain if a.__dict__[k] != b.__dict__[k]] == []
    assert [b.hmetrics[g] for g in range(a.numGlyphs)] == list(a.hmetrics)
    assert list(b.glyphPos) == list(a.glyphPos)
    assert b.glyphToChar == a.glyphToChar
    assert a._pdfScale(2048) == b._pdfScale(2048)
    assert cached.stringWidth("财政项目 780,000.00", 9) == parsed.stringWidth("财政项目 780,000.00", 9)


def test_a_damaged_font_cache_is_ignored(isolated_home):
    path = bundled_font_path()
    cache = fonts._cache_path(path, 0)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"\x00garbage")
    font = fonts._load_font("CacheC", path, 0)
    assert font.face.numGlyphs > 30000
    assert cache.read_bytes() != b"\x00garbage"  # rewritten


# ---- the command ---------------------------------------------------------------------------------

@pytest.fixture
def g60(capsys):
    from g60desk.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


@needs_poppler
def test_print_command_writes_the_whole_document(sample_files, tmp_path, g60):
    out = tmp_path / "all.pdf"
    code, stdout, _ = g60("print", str(sample_files["2026"]), "-o", str(out), "--bundled-font")
    assert code == 0 and "13 页" in stdout
    assert "绩效目标设置情况" in pdftotext(out)


@needs_poppler
def test_print_command_with_nodes_with_and_without_department(sample_files, tmp_path, g60):
    out = tmp_path / "two.pdf"
    code, _, _ = g60("print", str(sample_files["2026"]), "-o", str(out), "--bundled-font",
                     "--node", "G60 科创走廊建设/金融赋能",
                     "--node", "上海市松江区长三角G60科创走廊创新研究中心/G60 科创走廊建设/宣传推广")
    assert code == 0
    text = squeeze(pdftotext(out))
    assert "财政项目支出绩效目标申报表1" in text and "财政项目支出绩效目标申报表6" in text
    assert "项目经费情况说明2" not in text and "财政项目支出绩效目标申报表2" not in text


def test_print_command_refuses_an_unknown_node(sample_files, tmp_path, g60):
    code, _, err = g60("print", str(sample_files["2026"]), "-o", str(tmp_path / "x.pdf"), "--node", "没有的项目")
    assert code == 2 and "没有的项目" in err and "无法打印" in err
    assert not (tmp_path / "x.pdf").exists()


def test_print_command_reports_an_unwritable_target(sample_files, tmp_path, g60):
    code, _, err = g60("print", str(sample_files["2022"]), "-o", str(tmp_path / "no" / "such" / "x.pdf"))
    assert code == 2 and "无法写出" in err and "文件夹不存在" in err


def test_forms_only_and_no_signature(sample_files, tmp_path, g60):
    code, stdout, _ = g60("print", str(sample_files["2022"]), "-o", str(tmp_path / "f.pdf"), "--forms-only",
                          "--no-signature", "--bundled-font")
    assert code == 0 and "已打印 3 页" in stdout


def test_the_bundled_font_file_name():
    assert bundled_font_path().name == BUNDLED_FONT


def test_a_node_path_without_the_inner_spaces_of_a_name(sample_files):
    from g60desk.cli.printing import parse_node_path
    from g60desk.report.errors import ReportError
    from g60desk.services.documents import load_readonly

    doc = load_readonly(sample_files["2026"])
    dept, project = "上海市松江区长三角G60科创走廊创新研究中心", "G60 科创走廊建设"
    assert parse_node_path(doc, "G60科创走廊建设/金融赋能") == (dept, project, "金融赋能")
    assert parse_node_path(doc, "上海市松江区长三角 G60 科创走廊创新研究中心 / G60　科创走廊建设") == (dept, project)
    assert parse_node_path(doc, "Ｇ６０ 科创走廊建设/金融赋能") == (dept, project, "金融赋能")   # full-width
    with pytest.raises(ReportError, match="没有“上海市松江区长三角G60科创走廊创新研究中心/G60 科创走廊建设/金融"):
        parse_node_path(doc, "G60科创走廊建设/金融")
    doc.departments[0].projects[0].children[1].name = "金融 赋能"   # two names that differ only by a space
    with pytest.raises(ReportError, match="可以指“金融赋能”、“金融 赋能”"):
        parse_node_path(doc, "G60科创走廊建设/金 融赋能")
    assert parse_node_path(doc, "G60科创走廊建设/金融 赋能")[-1] == "金融 赋能"   # the exact spelling wins


@needs_poppler
def test_print_with_findings_adds_the_review_list(sample_files, tmp_path, g60):
    from g60desk.checks import check_document
    from g60desk.domain.model import Acknowledgement
    from g60desk.services.documents import create_document, load_readonly

    doc = load_readonly(sample_files["2026"])
    warning = next(f for f in check_document(doc) if f.severity == "warning")
    doc.acknowledgements.append(Acknowledgement(warning.rule, warning.path, warning.field, warning.fingerprint,
                                                "按批复文件的简称填写，已核对", "2026-03-02T10:15:00"))
    path = create_document(tmp_path / "acked.g60", doc)
    out = tmp_path / "with.pdf"
    code, stdout, _ = g60("print", str(path), "-o", str(out), "--bundled-font", "--with-findings")
    assert code == 0 and "14 页" in stdout
    flat = squeeze(pdftotext(out, "-raw").split("\f")[13])
    assert "审核清单" in flat and "未处理：错误2个、警告6个；已确认的警告1个" in flat
    assert "F-COST-01" in flat and "超出12.00万元" in flat               # an open 错误 with its figures
    assert "按批复文件的简称填写，已核对" in flat and "2026-03-0210:15:00" in flat   # the reason and its time
    assert "F-ZERO-01" not in flat                                        # 提示 are left out
    code, stdout, _ = g60("print", str(path), "-o", str(tmp_path / "without.pdf"), "--bundled-font")
    assert "13 页" in stdout and "审核清单" not in pdftotext(tmp_path / "without.pdf")
    # one node: only its findings
    g60("print", str(path), "-o", str(tmp_path / "one.pdf"), "--bundled-font", "--with-findings",
        "--node", "G60科创走廊建设/创新合作")
    flat = squeeze(pdftotext(tmp_path / "one.pdf"))
    assert "审核清单" in flat and "创新合作" in flat and "金融赋能" not in flat.split("审核清单")[1]
