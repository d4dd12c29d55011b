"""Annual reports side by side (one a year, titled for its year, years that add up), table 二
counted from the site itself, and both in `gongkai report` and in the build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai import report_figures
from gongkai.annual_report import load_report, parse_report
from gongkai.cli import main
from gongkai.documents import load_documents
from gongkai.matrix import load_matrix
from gongkai.report_series import check_series

from .conftest import ROOT, build

DATA = ROOT / "content/xxgk/ndbg/files"
NOW = {"GONGKAI_NOW": "2026-11-30 10:00"}
TITLE = "示例市应急管理局{}年政府信息公开工作年度报告"


def report(year: int, edit=lambda text: text):
    name = f"content/xxgk/ndbg/files/ndbg-{year}.yml"
    return parse_report(edit((DATA / f"ndbg-{year}.yml").read_text(encoding="utf-8")), name)


def entry(year: int, edit=lambda text: text, title: str | None = None):
    return (f"content/xxgk/ndbg/{year}.md", TITLE.format(year) if title is None else title, report(year, edit))


def test_the_sample_reports_add_up():
    assert check_series([entry(2024), entry(2025), entry(2020)]) == []


def test_carried_in_must_be_last_years_carried_over():
    later = entry(2025, lambda t: t.replace("二、上年结转政府信息公开申请数量: {自然人: 1,", "二、上年结转政府信息公开申请数量: {自然人: 2,")
                  .replace("一、本年新收政府信息公开申请数量: {自然人: 12,", "一、本年新收政府信息公开申请数量: {自然人: 11,")
                  .replace("商业企业: 2, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 1, 其他: 0, 总计: 15}",
                           "商业企业: 2, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 1, 其他: 0, 总计: 14}", 1)
                  .replace("其他: 0, 总计: 1}\n  三、", "其他: 0, 总计: 2}\n  三、"))
    problems = check_series([entry(2024), later])
    assert [p.message for p in problems] == [
        "2025年 表三 “二、上年结转政府信息公开申请数量” 自然人 是 2，而上一年的报告 "
        "content/xxgk/ndbg/files/ndbg-2024.yml 第 63 行“四、结转下年度继续办理” 自然人 是 1",
        "2025年 表三 “二、上年结转政府信息公开申请数量” 总计 是 2，而上一年的报告 "
        "content/xxgk/ndbg/files/ndbg-2024.yml 第 63 行“四、结转下年度继续办理” 总计 是 1"]
    assert problems[0].file == "content/xxgk/ndbg/files/ndbg-2025.yml" and problems[0].line == 35
    assert "`衔接说明:`" in problems[0].hint and "表三 上年结转 自然人: 原因" in problems[0].hint


def test_documents_in_force_follow_from_last_year():
    later = entry(2025, lambda t: t.replace("现行有效件数: 6}", "现行有效件数: 7}"))
    (problem,) = check_series([entry(2024), later])
    assert problem.message == (
        "2025年 表二 “行政规范性文件” 现行有效件数是 7，而上一年的报告 content/xxgk/ndbg/files/ndbg-2024.yml "
        "第 25 行的 5 件加本年制发 2 件、减本年废止 1 件是 6 件")
    assert problem.line == 25


def test_a_real_correction_is_recorded_and_shown():
    from bs4 import BeautifulSoup

    from gongkai.annual_report import render_html, report_json, to_yaml

    fixed = entry(2025, lambda t: t.replace("现行有效件数: 6}", "现行有效件数: 7}")
                  + "衔接说明:\n  表二 行政规范性文件 现行有效件数: 2024年度报告漏计示应急规〔2022〕1号\n")
    assert check_series([entry(2024), fixed]) == []
    page = BeautifulSoup(render_html(fixed[2]), "html.parser")
    note = page.select_one(".gk-report-note")
    assert note.get_text() == "注：行政规范性文件 现行有效件数与上一年度报告不衔接，原因：2024年度报告漏计示应急规〔2022〕1号"
    assert note.find_previous("h2").get_text() == "二、主动公开政府信息情况"
    assert '"衔接说明"' in report_json(fixed[2])
    assert parse_report(to_yaml(fixed[2]), "ndbg-2025.yml").corrections == fixed[2].corrections
    # An explanation of a break that is not there is a mistake too.
    needless = entry(2025, lambda t: t + "衔接说明:\n  表三 上年结转 自然人: 多余\n")
    (problem,) = check_series([entry(2024), needless])
    assert "是衔接的，不需要说明" in problem.message


def test_a_correction_names_a_real_cell_and_a_reason():
    for tail, message in [("衔接说明:\n  表二 规章 现行有效: 原因\n", "“衔接说明”中没有“表二 规章 现行有效”这一项"),
                          ("衔接说明:\n  表三 上年结转 自然人: \n", "“衔接说明”中“表三 上年结转 自然人”没有写原因")]:
        with pytest.raises(Exception) as error:
            report(2025, lambda t, tail=tail: t + tail)
        assert message in str(error.value)


def test_two_reports_for_one_year_name_both_files():
    twin = ("content/xxgk/ndbg/again.md", TITLE.format(2025), report(2025))
    problems = check_series([entry(2024), entry(2025), twin])
    (problem,) = [p for p in problems if "份年度报告" in p.message]
    assert problem.message == ("2025年有 2 份年度报告：content/xxgk/ndbg/files/ndbg-2025.yml（content/xxgk/ndbg/2025.md）；"
                               "content/xxgk/ndbg/files/ndbg-2025.yml（content/xxgk/ndbg/again.md）")


@pytest.mark.parametrize(("title", "wrong"), [
    ("示例市应急管理局2022年度政府信息公开工作年度报告", True),
    ("示例市应急管理局２０２２年政府信息公开工作年度报告", True),  # full-width digits
    ("示例市应急管理局2025年度政府信息公开工作年度报告（2026年1月）", False),
    ("示例市应急管理局政府信息公开工作年度报告", False),
])
def test_a_title_for_another_year_is_refused(title: str, wrong: bool):
    problems = check_series([entry(2025, title=title)])
    assert bool(problems) is wrong
    if wrong:
        assert problems[0].message == ("标题写的是2022年，而它的年度报告数据 content/xxgk/ndbg/files/ndbg-2025.yml "
                                       "是 2025 年的")


# --- table 二 from the site ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site():
    matrix = load_matrix(ROOT / "columns.yml")
    documents, problems = load_documents(ROOT / "content", matrix, "示例市应急管理局")
    assert problems == []
    return matrix, documents


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_sample_reports_table_2_is_what_the_site_counts(site, year):
    figures = report_figures.count(*site, year, "示例市应急管理局")
    published = load_report(DATA / f"ndbg-{year}.yml")
    normative = {f.column: f.value for f in figures.figures if f.row == "行政规范性文件"}
    assert normative == published.active[("第二十条第（一）项", "行政规范性文件")]
    assert report_figures.differences(published, figures) == []


def test_each_number_says_where_it_came_from(site):
    figures = report_figures.count(*site, 2025, "示例市应急管理局")
    by_cell = {(f.row, f.column): f for f in figures.figures}
    repealed = by_cell[("行政规范性文件", "本年废止件数")]
    assert repealed.documents == ("xxgk/fdgk/zcfg/gfxwj/20210416-weixian-zuoye-guanli-banfa.md",)
    assert "废止日期或失效日期在2025年的 1 篇" in repealed.source
    # 行政处罚结果 holds one document per decision, but only from November 2025 on.
    penalties = by_cell[("行政处罚", "本年处理决定数量")]
    assert not penalties.complete and "最早的决定日期是2025年11月11日" in penalties.caveat
    assert figures.active()[("第二十条第（六）项", "行政处罚")] == {"本年处理决定数量": None}
    assert report_figures.count(*site, 2026, "示例市应急管理局").active()[
        ("第二十条第（六）项", "行政处罚")] == {"本年处理决定数量": 4}
    assert any("1 篇没有决定日期" in note for note in figures.notes)  # the internal approval form


def test_documents_of_other_agencies_and_repeals_without_a_date(site):
    matrix, documents = site
    from dataclasses import replace

    undated = [replace(d, dates={k: v for k, v in d.dates.items() if k != "废止日期"})
               if d.path.endswith("weixian-zuoye-guanli-banfa.md") else d for d in documents]
    figures = report_figures.count(matrix, undated, 2025, "示例市应急管理局")
    assert any("没有写废止日期或失效日期" in n and "weixian-zuoye-guanli-banfa.md" in n for n in figures.notes)
    other = report_figures.count(matrix, documents, 2025, "示例市人民政府")
    assert {f.value for f in other.figures if f.row == "行政规范性文件"} == {0}
    assert any("由其他机关发布" in n for n in other.notes)
    assert report_figures.count(matrix, documents, 2020).figures == ()  # the 2019 format


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample site's sources, free to change."""
    project = tmp_path / "sample"
    project.mkdir()
    for name in ("mkdocs.yml", "columns.yml", "holidays.yml", "pii-allowlist.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    return project


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), *args], env=NOW)


def test_report_new_prefills_table_2_and_says_from_where(sample):
    (sample / "content/xxgk/ndbg/files/ndbg-2025.yml").unlink()
    made = run(sample, "report", "new", "2025")
    assert made.exit_code == 0, made.output
    text = (sample / "content/xxgk/ndbg/files/ndbg-2025.yml").read_text(encoding="utf-8")
    assert "行政规范性文件: {本年制发件数: 2, 本年废止件数: 1, 现行有效件数: 6}" in text
    assert "行政处罚: {本年处理决定数量: }" in text  # left blank: the site does not hold 2025 whole
    assert "# 表二中以下各数由网站上的信息统计得出" in text
    assert "机关: 示例市应急管理局" in text
    assert "行政规范性文件 现行有效件数：6——“规范性文件立改废（制定、备案、清理）”栏目中" in made.output
    assert "`年度报告数据: files/ndbg-2025.yml`" in made.output
    checked = run(sample, "report", "check", str(sample / "content/xxgk/ndbg/files/ndbg-2025.yml"))
    assert checked.exit_code == 1
    assert "“一、总体情况”还有“待填写”" in checked.output
    assert "本年处理决定数量：空白" in checked.output


def test_report_new_to_another_path_says_how_to_link_it(sample):
    inside = run(sample, "report", "new", "2023", "-o", str(sample / "content/xxgk/ndbg/data/2023.yml"))
    assert "`年度报告数据: data/2023.yml`" in inside.output, inside.output
    outside = run(sample, "report", "new", "2023", "-o", str(sample / "draft-2023.yml"))
    assert "把它移到年度报告栏目的 files/ 文件夹" in outside.output
    assert "`年度报告数据: files/draft-2023.yml`" in outside.output
    soon = run(sample, "report", "new", "2026", "-o", "-")
    assert soon.exit_code == 0 and "年度: 2026" in soon.output


def test_report_check_compares_with_the_site_and_the_neighbours(sample):
    data = sample / "content/xxgk/ndbg/files/ndbg-2025.yml"
    good = run(sample, "report", "check", str(data))
    assert good.exit_code == 0, good.output
    assert "与网站上2024年的报告衔接" in good.output and "表二与网站上的信息统计一致" in good.output
    assert "没有比较 行政处罚 本年处理决定数量" in good.output
    # The report is changed on both sides of 2025/2024, so only the site disagrees.
    data.write_text(data.read_text(encoding="utf-8").replace(
        "本年制发件数: 2, 本年废止件数: 1", "本年制发件数: 3, 本年废止件数: 2"), encoding="utf-8")
    differs = run(sample, "report", "check", str(data))
    assert differs.exit_code == 0, differs.output
    assert "表二 “行政规范性文件” 本年制发件数：报告写 3，网站上的信息算得 2" in differs.output
    # A break with the 2024 report fails, naming both files.
    data.write_text(data.read_text(encoding="utf-8").replace("现行有效件数: 6}", "现行有效件数: 9}"), encoding="utf-8")
    broken = run(sample, "report", "check", str(data))
    assert broken.exit_code == 1
    assert "content/xxgk/ndbg/files/ndbg-2024.yml 第 25 行" in broken.output


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace("六、其他需要报告的事项: |\n", "六、其他需要报告的事项: |\n  （待填写）\n"),
     "“六、其他需要报告的事项”还有“待填写”"),
    (lambda t: t.replace("年度: 2025", "年度: 2026"), "2026年还没有过完"),
])
def test_report_check_and_the_build_refuse_an_unfinished_report(sample, tmp_path, change, message):
    data = sample / "content/xxgk/ndbg/files/ndbg-2025.yml"
    data.write_text(change(data.read_text(encoding="utf-8")), encoding="utf-8")
    checked = run(sample, "report", "check", str(data))
    assert checked.exit_code == 1 and message in checked.output
    validated = run(sample, "validate")
    assert validated.exit_code == 1 and message in validated.output
    result = build(sample, tmp_path / "site")
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "site" / "xxgk").exists()  # nothing half-written


def test_the_build_refuses_two_reports_for_a_year_and_a_title_for_another(sample, tmp_path):
    twin = sample / "content/xxgk/ndbg/20260123-ndbg-2025-again.md"
    text = (sample / "content/xxgk/ndbg/20260122-ndbg-2025.md").read_text(encoding="utf-8")
    twin.write_text(re.sub(r"2026-00004", "2026-00099", text.replace("2025年", "2024年")), encoding="utf-8")
    result = build(sample, tmp_path / "site")
    assert result.exit_code == 1
    assert "2025年有 2 份年度报告" in result.output
    assert "标题写的是2024年，而它的年度报告数据 content/xxgk/ndbg/files/ndbg-2025.yml 是 2025 年的" in result.output
