"""Annual reports (政府信息公开工作年度报告): loading, the identities, HTML, CSV, JSON, skeleton, trend."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gongkai.annual_report import (
    Report,
    load_report,
    parse_report,
    render_html,
    report_data,
    report_json,
    skeleton,
    table_csv,
    to_yaml,
    trend,
)
from gongkai.errors import GongkaiError

from .conftest import ROOT

DATA = ROOT / "content" / "xxgk" / "ndbg" / "files"
VALID_2025 = (DATA / "ndbg-2025.yml").read_text(encoding="utf-8")
SEED_2020 = (DATA / "ndbg-2020.yml").read_text(encoding="utf-8")
APPLICANTS = "自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他"

# The printed row labels of table 三, as in 国办公开办函〔2021〕30号.
ROWS_2021 = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
    "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
    "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
# The 2019 trial format (seed 001): （六）其他处理 is one row.
ROWS_2019 = ROWS_2021[:ROWS_2021.index("（六）其他处理") + 1] + ["（七）总计", "四、结转下年度继续办理"]


def line_of(text: str, key: str) -> int:
    """The line (1-based) of the row or key ``key`` in a data file."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(f"{key}:"):
            return number
    raise AssertionError(f"no line for {key}")


def set_cell(text: str, row: str, column: str, value: object) -> str:
    """The data file with one cell of a row (a one-line `{column: n, …}` mapping) changed."""
    lines = text.splitlines()
    index = line_of(text, row) - 1
    head, _, cells = lines[index].partition(": {")
    changed, count = re.subn(rf"(?<=[{{ ]){re.escape(column)}: [^,}}]*",
                             f"{column}: {value}", "{" + cells)
    assert count == 1, (row, column)
    lines[index] = f"{head}: {changed}"
    return "\n".join(lines) + "\n"


def problems(text: str, name: str = "ndbg-2025.yml") -> list:
    with pytest.raises(GongkaiError) as error:
        parse_report(text, name)
    return list(error.value.problems)


def load_2025() -> Report:
    return load_report(DATA / "ndbg-2025.yml")


def load_2020() -> Report:
    return load_report(DATA / "ndbg-2020.yml")


# --- the sample data ----------------------------------------------------------------------


def test_sample_reports_are_valid():
    report = load_2025()
    assert (report.year, report.format.name, report.agency) == (2025, "2021", "示例市应急管理局")
    assert report.unfinished() == []
    seed = load_2020()
    assert (seed.year, seed.format.name, seed.format.document) == (2020, "2019", "国办公开办函〔2019〕60号")


def test_sample_2025_has_real_numbers():
    report = load_2025()
    assert report.total(("一、本年新收政府信息公开申请数量",)) == 15
    assert report.total(("二、上年结转政府信息公开申请数量",)) == 1
    assert report.total(("四、结转下年度继续办理",)) == 1
    assert report.active[("第二十条第（五）项", "行政许可")] == {"本年处理决定数量": 138}
    assert report.appeals[("行政复议",)]["总计"] == 1


def test_seed_001_round_trips_through_json():
    data = json.loads(report_json(load_2020()))
    assert list(data)[:5] == ["年度", "格式", "格式文件", "机关", "引言"]
    assert (data["年度"], data["格式"], data["机关"]) == (2020, "2019", "示例市应急管理局")
    active = data["二、主动公开政府信息情况"]
    assert active["第二十条第（一）项"]["规范性文件"] == {
        "本年新制作数量": 15, "本年新公开数量": 15, "对外公开总数量": 15}
    assert active["第二十条第（五）项"]["其他对外管理服务事项"] == {
        "上一年项目数量": 9, "本年增/减": 9, "处理决定数量": 9}
    assert active["第二十条第（六）项"]["行政处罚"] == {"上一年项目数量": 0, "本年增/减": 8, "处理决定数量": 8}
    assert active["第二十条第（八）项"]["行政事业性收费"] == {"上一年项目数量": 0, "本年增/减": 0}
    assert active["第二十条第（九）项"]["政府集中采购"] == {"采购项目数量": 7, "采购总金额": 689380}
    applications = data["三、收到和处理政府信息公开申请情况"]
    assert applications["一、本年新收政府信息公开申请数量"]["总计"] == 0
    assert applications["三、本年度办理结果"]["（六）其他处理"]["总计"] == 0  # one row in 2019
    assert applications["三、本年度办理结果"]["（七）总计"]["总计"] == 0
    appeals = data["四、政府信息公开行政复议、行政诉讼情况"]
    assert appeals["行政诉讼"]["复议后起诉"]["总计"] == 0
    assert "共计128条" in data["一、总体情况"]
    assert "整改措施" in data["五、存在的主要问题及改进情况"]
    assert "鞍山" not in SEED_2020


def test_yaml_round_trip():
    for report in (load_2025(), load_2020()):
        again = parse_report(to_yaml(report), f"ndbg-{report.year}.yml")
        assert report_data(again) == report_data(report)


# --- the identities -----------------------------------------------------------------------

ROW_4 = "四、结转下年度继续办理"
ROW_7 = "（七）总计"

# (row, column, new value, the message, the row it is reported at when not ``row``)
IDENTITIES = [
    pytest.param(  # 一 + 二 = 三(七)总计 + 四, the identity printed in the table
        ROW_4, "自然人", 0,
        "2025年 表三 “四、结转下年度继续办理” 自然人: 一+二 = 13 but 三(七)总计 + 四 = 12",
        None, id="balance"),
    pytest.param(
        "二、上年结转政府信息公开申请数量", "总计", 2,
        "2025年 表三 “四、结转下年度继续办理” 总计: 一+二 = 17 but 三(七)总计 + 四 = 16",
        ROW_4, id="balance-of-the-total-column"),
    pytest.param(  # 总计 = the sum of the applicant columns
        "一、本年新收政府信息公开申请数量", "总计", 16,
        f"2025年 表三 “一、本年新收政府信息公开申请数量” 总计: 总计 = 16 but {APPLICANTS} = 15",
        None, id="row-total"),
    pytest.param(
        "7.属于行政执法案卷", "科研机构", 2,
        f"2025年 表三 “三、本年度办理结果 （三）不予公开 7.属于行政执法案卷” 总计: "
        f"总计 = 1 but {APPLICANTS} = 3",
        None, id="row-total-of-a-sub-row"),
    pytest.param(  # (七)总计 = (一)…(六), sub-rows included
        ROW_7, "自然人", 13,
        "2025年 表三 “三、本年度办理结果 （七）总计” 自然人: (七)总计 = 13 but (一)…(六) = 12",
        None, id="results-total"),
    pytest.param(
        "2.重复申请", "自然人", 2,
        "2025年 表三 “三、本年度办理结果 （七）总计” 自然人: (七)总计 = 12 but (一)…(六) = 13",
        ROW_7, id="results-total-counts-sub-rows"),
    pytest.param(
        "3.其他", "其他", 1,
        "2025年 表三 “三、本年度办理结果 （七）总计” 其他: (七)总计 = 0 but (一)…(六) = 1",
        ROW_7, id="results-total-2021-sub-row-of-other"),
    pytest.param(  # 表四: each 总计 = its four parts
        "行政复议", "总计", 3,
        "2025年 表四 “行政复议” 总计: 总计 = 3 but 结果维持+结果纠正+其他结果+尚未审结 = 1",
        None, id="review-total"),
    pytest.param(
        "未经复议直接起诉", "尚未审结", 1,
        "2025年 表四 “行政诉讼 未经复议直接起诉” 总计: 总计 = 0 but "
        "结果维持+结果纠正+其他结果+尚未审结 = 1",
        None, id="lawsuit-total"),
    pytest.param(
        "复议后起诉", "结果纠正", 2,
        "2025年 表四 “行政诉讼 复议后起诉” 总计: 总计 = 0 but 结果维持+结果纠正+其他结果+尚未审结 = 2",
        None, id="lawsuit-after-review-total"),
]


@pytest.mark.parametrize(("row", "column", "value", "message", "reported_at"), IDENTITIES)
def test_each_broken_identity_is_named_with_both_sides(row, column, value, message, reported_at):
    """Break one number of the valid 2025 report; the identity it breaks is named, with
    both sides, at the line of the row where the identity is reported."""
    text = set_cell(VALID_2025, row, column, value)
    line = line_of(text, reported_at or row)
    found = problems(text)
    assert message in [p.message for p in found], [str(p) for p in found]
    problem = next(p for p in found if p.message == message)
    assert (problem.file, problem.line) == ("ndbg-2025.yml", line)
    assert str(problem).startswith(f"ndbg-2025.yml:{line}: 2025年 表")
    assert problem.hint


def test_one_broken_cell_gives_every_identity_it_breaks():
    # 自然人 of （七）总计 takes part in three identities; each is reported once.
    found = [p.message for p in problems(set_cell(VALID_2025, ROW_7, "自然人", 13))]
    assert found == [
        f"2025年 表三 “三、本年度办理结果 （七）总计” 总计: 总计 = 15 but {APPLICANTS} = 16",
        "2025年 表三 “三、本年度办理结果 （七）总计” 自然人: (七)总计 = 13 but (一)…(六) = 12",
        "2025年 表三 “四、结转下年度继续办理” 自然人: 一+二 = 13 but 三(七)总计 + 四 = 14",
    ]


def test_a_balanced_change_is_accepted():
    # One more application received and disclosed: every identity still holds.
    text = VALID_2025
    for row, column, value in [("一、本年新收政府信息公开申请数量", "其他", 1),
                               ("一、本年新收政府信息公开申请数量", "总计", 16),
                               ("（一）予以公开", "其他", 1), ("（一）予以公开", "总计", 8),
                               (ROW_7, "其他", 1), (ROW_7, "总计", 16)]:
        text = set_cell(text, row, column, value)
    assert parse_report(text, "ndbg-2025.yml").total((ROW_4,)) == 1


# --- bad input names its line --------------------------------------------------------------

ROW_1 = "一、本年新收政府信息公开申请数量"

INPUT_ERRORS = [
    pytest.param(set_cell(VALID_2025, ROW_1, "自然人", 12.5), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 自然人: 12.5 is not a whole number",
                 id="float-count"),
    pytest.param(set_cell(VALID_2025, ROW_1, "商业企业", -2), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 商业企业: -2 is negative",
                 id="negative-count"),
    pytest.param(set_cell(VALID_2025, "行政处罚", "本年处理决定数量", -3), "行政处罚",
                 "2025年 表二 “第二十条第（六）项 行政处罚” 本年处理决定数量: -3 is negative",
                 id="negative-in-table-2"),
    pytest.param(set_cell(VALID_2025, ROW_1, "自然人", "12件"), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 自然人: “12件” is text, not a number",
                 id="text-count"),
    pytest.param(set_cell(VALID_2025, ROW_1, "自然人", ""), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 自然人: no number",
                 id="empty-count"),
    pytest.param(set_cell(VALID_2025, "行政事业性收费", "本年收费金额（单位：万元）", -0.5),
                 "行政事业性收费",
                 "2025年 表二 “第二十条第（八）项 行政事业性收费” 本年收费金额（单位：万元）: -0.5 is negative",
                 id="negative-amount"),
    pytest.param(set_cell(VALID_2025, "行政事业性收费", "本年收费金额（单位：万元）", "约3万"),
                 "行政事业性收费",
                 "2025年 表二 “第二十条第（八）项 行政事业性收费” 本年收费金额（单位：万元）: "
                 "“约3万” is not a number",
                 id="text-amount"),
    pytest.param(VALID_2025.replace("  2.重复申请:", "  2.重复的申请:"), "2.重复的申请",
                 "unknown row “2.重复的申请” in 表三 under “三、本年度办理结果 （五）不予处理”",
                 id="unknown-row"),
    pytest.param(VALID_2025.replace(f"{ROW_1}: {{自然人: 12, 商业企业: 2, 科研机构:",
                                    f"{ROW_1}: {{自然人: 12, 商业企业: 2, 科研单位:"), ROW_1,
                 "unknown column “科研单位” in 2025年 表三 “一、本年新收政府信息公开申请数量”",
                 id="unknown-column"),
    pytest.param(VALID_2025.replace(f"{ROW_1}: {{自然人: 12, 商业企业: 2, 科研机构: 0, ",
                                    f"{ROW_1}: {{自然人: 12, 商业企业: 2, "), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 科研机构 is missing",
                 id="missing-column"),
    pytest.param(VALID_2025.replace("五、存在的主要问题及改进情况:", "五、存在的问题:"), "五、存在的问题",
                 "unknown key “五、存在的问题” at the top level", id="unknown-section"),
    pytest.param(VALID_2025.replace("格式: 2021", "格式: 2019"), "格式",
                 "a report on 2025 uses the 2021 format (国办公开办函〔2021〕30号), not 格式 2019",
                 id="wrong-format"),
    pytest.param(VALID_2025.replace("年度: 2025", "年度: 2024"), "年度",
                 "`年度: 2024` but the file name says 2025", id="year-differs-from-file-name"),
    pytest.param(VALID_2025.replace("年度: 2025", "年度: 2018"), "年度",
                 "`年度` must be the report's year, 2019 or later (got 2018)", id="year-too-early"),
]


@pytest.mark.parametrize(("text", "key", "message"), INPUT_ERRORS)
def test_bad_input_names_the_line(tmp_path: Path, text: str, key: str, message: str):
    path = tmp_path / "ndbg-2025.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GongkaiError) as error:
        load_report(path, shown_as="content/xxgk/ndbg/files/ndbg-2025.yml")
    found = {p.message: p for p in error.value.problems}
    assert message in found, str(error.value)
    problem = found[message]
    assert problem.file == "content/xxgk/ndbg/files/ndbg-2025.yml"
    assert problem.line == line_of(text, key)


def test_unknown_row_suggests_the_printed_one():
    found = problems(VALID_2025.replace("  3.其他:", "  3.其它:"))
    unknown = next(p for p in found if p.message.startswith("unknown row"))
    assert unknown.hint == "did you mean “3.其他”?"
    assert "2025年 表三 “三、本年度办理结果 （六）其他处理 3.其他” is missing" in [p.message for p in found]


def test_bad_yaml_names_the_line():
    text = VALID_2025.replace("行政强制: {本年处理决定数量: 8}", "行政强制: {本年处理决定数量: 8")
    (problem,) = problems(text)
    assert "写法有误" in problem.message
    assert problem.line is not None and problem.line >= line_of(text, "行政强制")


def test_an_empty_file_is_reported():
    (problem,) = problems("", "ndbg-2026.yml")
    assert (problem.line, problem.message) == (
        1, "the annual report must be a mapping starting with `年度:` and `格式:`")


def test_missing_row_and_section_are_reported():
    lines = [line for line in VALID_2025.splitlines() if not line.strip().startswith("行政强制:")]
    text = "\n".join(lines).replace("六、其他需要报告的事项:", "六、其他事项:")
    messages = [p.message for p in problems(text)]
    assert "2025年 表二 “第二十条第（六）项 行政强制” is missing" in messages
    assert "the section “六、其他需要报告的事项” is missing" in messages


def test_invalid_cells_do_not_cascade_into_identities():
    found = problems(set_cell(VALID_2025, ROW_1, "自然人", 12.5))
    assert len(found) == 1  # the sums that use the cell are skipped, not reported as broken


def test_every_problem_is_reported_at_once():
    text = set_cell(VALID_2025, ROW_1, "自然人", -1)
    text = set_cell(text, "行政复议", "总计", 5)
    text = text.replace("  3.其他:", "  3.其它:")
    assert len(problems(text)) >= 3


def test_amounts_are_decimals_and_changes_may_be_negative():
    text = set_cell(VALID_2025, "行政事业性收费", "本年收费金额（单位：万元）", 12.35)
    report = parse_report(text, "ndbg-2025.yml")
    assert report.active[("第二十条第（八）项", "行政事业性收费")]["本年收费金额（单位：万元）"] == Decimal("12.35")
    assert json.loads(report_json(report))["二、主动公开政府信息情况"]["第二十条第（八）项"][
        "行政事业性收费"]["本年收费金额（单位：万元）"] == 12.35
    assert "第二十条第（八）项,行政事业性收费,本年收费金额（单位：万元）,12.35" in table_csv(report, "二")
    # 2019 format: 本年增/减 is a change from last year and may be below 0.
    seed = parse_report(set_cell(SEED_2020, "行政强制", "本年增/减", -2), "ndbg-2020.yml")
    assert seed.active[("第二十条第（六）项", "行政强制")]["本年增/减"] == -2


# --- HTML ----------------------------------------------------------------------------------


def soup(report: Report) -> BeautifulSoup:
    return BeautifulSoup(render_html(report), "html.parser")


def table(page: BeautifulSoup, name: str):
    return page.find("table", class_=f"gk-report-{name}")


@pytest.mark.parametrize("load", [load_2025, load_2020], ids=["2021-format", "2019-format"])
def test_html_has_the_six_sections_and_wrapped_tables(load):
    page = soup(load())
    assert [h.get_text() for h in page.find_all("h2")] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    tables = page.find_all("table")
    assert len(tables) == 3
    for t in tables:
        assert t.parent.name == "div" and t.parent["class"] == ["gk-table-scroll"]
        assert t.caption and t.caption.get_text().startswith("表")
        assert all(th.get("scope") in ("col", "row", "colgroup", "rowgroup") for th in t.find_all("th"))
        assert all(td.get("class") == ["num"] for td in t.find_all("td"))


@pytest.mark.parametrize(("load", "rows", "results_span"),
                         [(load_2025, ROWS_2021, 22), (load_2020, ROWS_2019, 20)],
                         ids=["2021-format", "2019-format"])
def test_table_3_has_the_printed_structure(load, rows, results_span):
    report = load()
    t = table(soup(report), "applications")
    assert t.caption.get_text() == "表三　收到和处理政府信息公开申请情况（单位：件）"
    head = t.thead.find_all("tr")
    assert len(head) == 3
    corner, applicants = head[0].find_all("th")
    assert (corner["colspan"], corner["rowspan"], corner["scope"]) == ("3", "3", "colgroup")
    assert "第一项加第二项之和，等于第三项加第四项之和" in corner.get_text()
    assert (applicants.get_text(), applicants["colspan"], applicants["scope"]) == ("申请人情况", "7", "colgroup")
    person, legal, total = head[1].find_all("th")
    assert (person.get_text(), person["rowspan"], person["scope"]) == ("自然人", "2", "col")
    assert (legal.get_text(), legal["colspan"], legal["scope"]) == ("法人或其他组织", "5", "colgroup")
    assert (total.get_text(), total["rowspan"], total["scope"]) == ("总计", "2", "col")
    assert [(th.get_text(), th["scope"]) for th in head[2].find_all("th")] == [
        (c, "col") for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]

    labels = t.tbody.find_all("th", scope="row")
    assert [th.get_text() for th in labels] == rows
    by_text = {th.get_text(): th for th in labels}
    assert by_text["三、本年度办理结果"]["rowspan"] == str(results_span)
    assert by_text["一、本年新收政府信息公开申请数量"]["colspan"] == "3"
    assert by_text["（七）总计"]["colspan"] == "2"
    assert by_text["（三）不予公开"]["rowspan"] == "8"
    if report.format.name == "2021":
        assert by_text["（六）其他处理"]["rowspan"] == "3"
    else:
        assert by_text["（六）其他处理"]["colspan"] == "2"
    body = t.tbody.find_all("tr")
    assert len(body) == results_span + 3
    assert all(len(tr.find_all("td", class_="num")) == 7 for tr in body)
    # Every row spans ten columns once its row-spanning labels are counted.
    first = body[0]
    assert sum(int(c.get("colspan", 1)) for c in first.find_all(["th", "td"])) == 10


def test_table_3_cells_carry_the_numbers():
    t = table(soup(load_2025()), "applications")
    received = t.tbody.find("tr")
    assert [td.get_text() for td in received.find_all("td")] == ["12", "2", "0", "0", "1", "0", "15"]


def test_table_4_has_the_printed_structure():
    t = table(soup(load_2025()), "appeals")
    head = t.thead.find_all("tr")
    assert [(th.get_text(), th["colspan"], th["scope"]) for th in head[0].find_all("th")] == [
        ("行政复议", "5", "colgroup"), ("行政诉讼", "10", "colgroup")]
    second = head[1].find_all("th")
    assert [th.get_text() for th in second] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                                                "未经复议直接起诉", "复议后起诉"]
    assert all(th["rowspan"] == "2" and th["scope"] == "col" for th in second[:5])
    assert all(th["colspan"] == "5" and th["scope"] == "colgroup" for th in second[5:])
    assert len(head[2].find_all("th", scope="col")) == 10
    cells = [td.get_text() for td in t.tbody.find_all("td", class_="num")]
    assert cells == ["1", "0", "0", "0", "1"] + ["0"] * 10


def test_table_2_follows_each_format():
    new = table(soup(load_2025()), "active")
    assert [th.get_text() for th in new.find_all("th", scope="rowgroup")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert [th.get_text() for th in new.find_all("th", scope="row")] == [
        "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
    licence = new.find("th", string="行政许可").find_next_sibling("td")
    assert (licence.get_text(), licence["colspan"]) == ("138", "3")
    # The blocks have different columns, so each cell names its headers explicitly.
    headers = [new.find(id=i).get_text() for i in licence.get_attribute_list("headers")]
    assert headers == ["第二十条第（五）项", "本年处理决定数量", "行政许可"]

    old = table(soup(load_2020()), "active")
    assert [th.get_text() for th in old.find_all("th", scope="rowgroup")][-1] == "第二十条第（九）项"
    assert "其他对外管理服务事项" in [th.get_text() for th in old.find_all("th", scope="row")]
    assert "本年增/减" in [th.get_text() for th in old.find_all("th", scope="col")]
    money = old.find("th", string="政府集中采购").find_next_siblings("td")
    assert [td.get_text() for td in money] == ["7", "689380"]


def test_narrative_is_markdown_with_tables():
    text = VALID_2025.replace(
        "六、其他需要报告的事项: |\n",
        "六、其他需要报告的事项: |\n  | 事项 | 件数 |\n  | --- | --- |\n  | 建议 | 9 |\n\n")
    page = soup(parse_report(text, "ndbg-2025.yml"))
    six = page.find("h2", string="六、其他需要报告的事项")
    extra = six.find_next("table")
    assert extra is not None and extra.find("td").get_text() == "建议"
    assert "本局未收取信息处理费" in page.get_text()
    assert page.find("p").get_text().startswith("本报告依据")  # 引言 before 一、总体情况


# --- CSV -----------------------------------------------------------------------------------


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_tables_parse():
    report = load_2025()
    three = rows_of(table_csv(report, "三"))
    assert three[0] == ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(three) == 1 + 25
    assert three[1] == ["一、本年新收政府信息公开申请数量", "12", "2", "0", "0", "1", "0", "15"]
    assert three[-1][0] == "四、结转下年度继续办理"
    for row in three[1:]:
        assert sum(map(int, row[1:7])) == int(row[7])

    two = rows_of(table_csv(report, "二"))
    assert two[0] == ["项目", "信息内容", "统计项", "数值"]
    assert ["第二十条第（五）项", "行政许可", "本年处理决定数量", "138"] in two

    four = rows_of(table_csv(report, "四"))
    assert four[0] == ["类别", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [r[0] for r in four[1:]] == ["行政复议", "行政诉讼 未经复议直接起诉", "行政诉讼 复议后起诉"]

    seed_two = rows_of(table_csv(load_2020(), "二"))
    assert ["第二十条第（九）项", "政府集中采购", "采购总金额", "689380"] in seed_two
    with pytest.raises(ValueError):
        table_csv(report, "五")


# --- skeleton ------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "fmt", "rows"), [(2026, "2021", ROWS_2021), (2021, "2021", ROWS_2021),
                                                   (2020, "2019", ROWS_2019), (2019, "2019", ROWS_2019)])
def test_skeleton_loads_back_as_an_empty_report(tmp_path: Path, year: int, fmt: str, rows: list[str]):
    path = tmp_path / f"ndbg-{year}.yml"
    path.write_text(skeleton(year), encoding="utf-8")
    report = load_report(path)
    assert (report.year, report.format.name) == (year, fmt)
    assert all(v == 0 for values in report.applications.values() for v in values.values())
    assert all(v == 0 for values in report.active.values() for v in values.values())
    assert report.unfinished() == ["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    labels = [th.get_text() for th in table(soup(report), "applications").tbody.find_all("th", scope="row")]
    assert labels == rows


def test_skeleton_names_the_agency_and_refuses_early_years():
    assert parse_report(skeleton(2026, "示例市应急管理局"), "ndbg-2026.yml").agency == "示例市应急管理局"
    with pytest.raises(ValueError):
        skeleton(2018)


# --- trend ---------------------------------------------------------------------------------


def test_trend_is_an_accessible_inline_svg_with_the_same_numbers():
    svg, rows = trend([load_2025(), load_2020()])
    assert [r.values() for r in rows] == [(2020, 0, 0, 0, 0, 0), (2025, 15, 7, 3, 1, 4)]
    picture = BeautifulSoup(svg, "html.parser").svg
    assert picture["role"] == "img"
    title_id, desc_id = picture["aria-labelledby"].split()
    assert picture.find("title", id=title_id).get_text().startswith("政府信息公开申请年度对比")
    assert "2025年新收15件，予以公开7件" in picture.find("desc", id=desc_id).get_text()
    assert "<script" not in svg and "href" not in svg
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]
    assert len(picture.find_all("rect")) >= 5  # a legend and the 2025 bars


def test_trend_ids_can_be_made_unique_on_a_page():
    svg, _ = trend([load_2025()], id_prefix="ndbg-trend")
    assert 'aria-labelledby="ndbg-trend-title ndbg-trend-desc"' in svg
