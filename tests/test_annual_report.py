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
        "2025年 表三 “四、结转下年度继续办理” 自然人：一+二 = 13，而三（七）总计+四 = 12",
        None, id="balance"),
    pytest.param(
        "二、上年结转政府信息公开申请数量", "总计", 2,
        "2025年 表三 “四、结转下年度继续办理” 总计：一+二 = 17，而三（七）总计+四 = 16",
        ROW_4, id="balance-of-the-total-column"),
    pytest.param(  # 总计 = the sum of the applicant columns
        "一、本年新收政府信息公开申请数量", "总计", 16,
        f"2025年 表三 “一、本年新收政府信息公开申请数量” 总计：总计是 16，而 {APPLICANTS} = 15",
        None, id="row-total"),
    pytest.param(
        "7.属于行政执法案卷", "科研机构", 2,
        f"2025年 表三 “三、本年度办理结果 （三）不予公开 7.属于行政执法案卷” 总计："
        f"总计是 1，而 {APPLICANTS} = 3",
        None, id="row-total-of-a-sub-row"),
    pytest.param(  # (七)总计 = (一)…(六), sub-rows included
        ROW_7, "自然人", 13,
        "2025年 表三 “三、本年度办理结果 （七）总计” 自然人：（七）总计是 13，而（一）至（六）之和是 12",
        None, id="results-total"),
    pytest.param(
        "2.重复申请", "自然人", 2,
        "2025年 表三 “三、本年度办理结果 （七）总计” 自然人：（七）总计是 12，而（一）至（六）之和是 13",
        ROW_7, id="results-total-counts-sub-rows"),
    pytest.param(
        "3.其他", "其他", 1,
        "2025年 表三 “三、本年度办理结果 （七）总计” 其他：（七）总计是 0，而（一）至（六）之和是 1",
        ROW_7, id="results-total-2021-sub-row-of-other"),
    pytest.param(  # 表四: each 总计 = its four parts
        "行政复议", "总计", 3,
        "2025年 表四 “行政复议” 总计：总计是 3，而 结果维持+结果纠正+其他结果+尚未审结 = 1",
        None, id="review-total"),
    pytest.param(
        "未经复议直接起诉", "尚未审结", 1,
        "2025年 表四 “行政诉讼 未经复议直接起诉” 总计：总计是 0，而 "
        "结果维持+结果纠正+其他结果+尚未审结 = 1",
        None, id="lawsuit-total"),
    pytest.param(
        "复议后起诉", "结果纠正", 2,
        "2025年 表四 “行政诉讼 复议后起诉” 总计：总计是 0，而 结果维持+结果纠正+其他结果+尚未审结 = 2",
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
        f"2025年 表三 “三、本年度办理结果 （七）总计” 总计：总计是 15，而 {APPLICANTS} = 16",
        "2025年 表三 “三、本年度办理结果 （七）总计” 自然人：（七）总计是 13，而（一）至（六）之和是 12",
        "2025年 表三 “四、结转下年度继续办理” 自然人：一+二 = 13，而三（七）总计+四 = 14",
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
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 自然人：“12.5”不是整数",
                 id="float-count"),
    pytest.param(set_cell(VALID_2025, ROW_1, "商业企业", -2), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 商业企业：“-2”是负数",
                 id="negative-count"),
    pytest.param(set_cell(VALID_2025, "行政处罚", "本年处理决定数量", -3), "行政处罚",
                 "2025年 表二 “第二十条第（六）项 行政处罚” 本年处理决定数量：“-3”是负数",
                 id="negative-in-table-2"),
    pytest.param(set_cell(VALID_2025, ROW_1, "自然人", "12件"), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 自然人：“12件”不是整数",
                 id="text-count"),
    pytest.param(set_cell(VALID_2025, ROW_1, "自然人", ""), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 自然人：空白",
                 id="empty-count"),
    pytest.param(set_cell(VALID_2025, "行政事业性收费", "本年收费金额（单位：万元）", -0.5),
                 "行政事业性收费",
                 "2025年 表二 “第二十条第（八）项 行政事业性收费” 本年收费金额（单位：万元）：“-0.5”是负数",
                 id="negative-amount"),
    pytest.param(set_cell(VALID_2025, "行政事业性收费", "本年收费金额（单位：万元）", "约3万"),
                 "行政事业性收费",
                 "2025年 表二 “第二十条第（八）项 行政事业性收费” 本年收费金额（单位：万元）："
                 "“约3万”不是金额",
                 id="text-amount"),
    pytest.param(VALID_2025.replace("  2.重复申请:", "  2.重复的申请:"), "2.重复的申请",
                 "表三 “三、本年度办理结果 （五）不予处理” 下没有“2.重复的申请”这一行",
                 id="unknown-row"),
    pytest.param(VALID_2025.replace(f"{ROW_1}: {{自然人: 12, 商业企业: 2, 科研机构:",
                                    f"{ROW_1}: {{自然人: 12, 商业企业: 2, 科研单位:"), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 中没有“科研单位”这一列",
                 id="unknown-column"),
    pytest.param(VALID_2025.replace(f"{ROW_1}: {{自然人: 12, 商业企业: 2, 科研机构: 0, ",
                                    f"{ROW_1}: {{自然人: 12, 商业企业: 2, "), ROW_1,
                 "2025年 表三 “一、本年新收政府信息公开申请数量” 科研机构 没有写",
                 id="missing-column"),
    pytest.param(VALID_2025.replace("五、存在的主要问题及改进情况:", "五、存在的问题:"), "五、存在的问题",
                 "顶层没有“五、存在的问题”这一字段", id="unknown-section"),
    pytest.param(VALID_2025.replace("格式: 2021", "格式: 2019"), "格式",
                 "2025年的报告使用2021年格式（国办公开办函〔2021〕30号），不是 `格式: 2019`",
                 id="wrong-format"),
    pytest.param(VALID_2025.replace("年度: 2025", "年度: 2024"), "年度",
                 "`年度: 2024` 与文件名中的 2025 不一致", id="year-differs-from-file-name"),
    pytest.param(VALID_2025.replace("年度: 2025", "年度: 2018"), "年度",
                 "`年度` 应写报告所属的年份（2019年或以后），现在是“2018”", id="year-too-early"),
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
    unknown = next(p for p in found if p.message.endswith("这一行") and "没有“" in p.message)
    assert unknown.hint == "是不是“3.其他”？"
    assert "2025年 表三 “三、本年度办理结果 （六）其他处理 3.其他” 这一行没有写" in [p.message for p in found]


def test_bad_yaml_names_the_line():
    text = VALID_2025.replace("行政强制: {本年处理决定数量: 8}", "行政强制: {本年处理决定数量: 8")
    (problem,) = problems(text)
    assert "写法有误" in problem.message
    assert problem.line is not None and problem.line >= line_of(text, "行政强制")


def test_an_empty_file_is_reported():
    (problem,) = problems("", "ndbg-2026.yml")
    assert (problem.line, problem.message) == (
        1, "年度报告数据文件应以 `年度:` 和 `格式:` 开头，下面是各节和各表")


def test_missing_row_and_section_are_reported():
    lines = [line for line in VALID_2025.splitlines() if not line.strip().startswith("行政强制:")]
    text = "\n".join(lines).replace("六、其他需要报告的事项:", "六、其他事项:")
    messages = [p.message for p in problems(text)]
    assert "2025年 表二 “第二十条第（六）项 行政强制” 这一行没有写" in messages
    assert "缺少“六、其他需要报告的事项”一节" in messages


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
    assert page.find("p").get_text() == "报告机关：示例市应急管理局"  # 机关 first, then 引言
    assert page.find_all("p")[1].get_text().startswith("本报告依据")  # 引言 before 一、总体情况


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
    with pytest.raises(GongkaiError) as error:  # the skeleton is not a finished report
        load_report(path)
    assert [p.message for p in error.value.problems] == [
        f"“{title}”还有“待填写”：报告没有写完，不能发布"
        for title in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")]
    path.write_text(skeleton(year).replace("（待填写）", "无。"), encoding="utf-8")
    report = load_report(path)
    assert (report.year, report.format.name) == (year, fmt)
    assert all(v == 0 for values in report.applications.values() for v in values.values())
    assert all(v == 0 for values in report.active.values() for v in values.values())
    labels = [th.get_text() for th in table(soup(report), "applications").tbody.find_all("th", scope="row")]
    assert labels == rows


def test_skeleton_names_the_agency_and_refuses_early_years():
    finished = skeleton(2026, "示例市应急管理局").replace("（待填写）", "无。")
    assert parse_report(finished, "ndbg-2026.yml").agency == "示例市应急管理局"
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


# --- issue 18: only finished reports, numbers in base 10, one message per mistake ---------


@pytest.mark.parametrize(("written", "read"), [
    ("010", 10),  # YAML 1.1 would read 8
    ("０１２", 12),  # full-width digits, as an IME types them
    ('"12"', 12),  # quoted
])
def test_cells_are_read_in_base_10(written: str, read: int):
    text = set_cell(VALID_2025, "行政许可", "本年处理决定数量", written)
    report = parse_report(text, "ndbg-2025.yml")
    assert report.active[("第二十条第（五）项", "行政许可")]["本年处理决定数量"] == read


@pytest.mark.parametrize(("written", "message"), [
    ("1:30", "“1:30”不是整数"),  # YAML 1.1 would read 90 (base 60)
    ("0x1B", "“0x1B”不是整数"),  # 27
    ("0o17", "“0o17”不是整数"),
    ("1e3", "“1e3”不是整数"),
    ("12.0", "“12.0”不是整数"),
    ("yes", "“True”不是整数"),
    (".inf", "“.inf”不是整数"),
    ("", "空白"),
    ("~", "空白"),
])
def test_anything_but_a_base_10_count_names_table_row_and_column(written: str, message: str):
    text = set_cell(VALID_2025, "行政许可", "本年处理决定数量", written)
    (problem,) = problems(text)
    assert problem.message == f"2025年 表二 “第二十条第（五）项 行政许可” 本年处理决定数量：{message}"
    assert problem.line == line_of(text, "行政许可")


def test_amounts_are_base_10_decimals():
    cell = ("行政事业性收费", "本年收费金额（单位：万元）")
    assert parse_report(set_cell(VALID_2025, *cell, "012.50"), "ndbg-2025.yml").active[
        ("第二十条第（八）项", "行政事业性收费")]["本年收费金额（单位：万元）"] == Decimal("12.50")
    for bad in ("0x1B", "1:30", "1e3", "12.5万"):
        (problem,) = problems(set_cell(VALID_2025, *cell, bad))
        assert problem.message.endswith(f"：“{bad}”不是金额"), problem


def test_a_blank_cell_is_not_a_zero():
    (problem,) = problems(set_cell(VALID_2025, ROW_1, "科研机构", ""))
    assert problem.message == "2025年 表三 “一、本年新收政府信息公开申请数量” 科研机构：空白"
    assert "空白不当作 0" in problem.hint


@pytest.mark.parametrize("section", ["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"])
@pytest.mark.parametrize("mark", ["（待填写）", "待补充", "TODO", "20××年"])
def test_a_placeholder_anywhere_in_a_section_is_unfinished(section: str, mark: str):
    text = VALID_2025.replace(f"{section}: |\n", f"{section}: |\n  本节{mark}。\n\n", 1)
    (problem,) = problems(text)
    assert problem.message.startswith(f"“{section}”还有“")
    assert problem.message.endswith("：报告没有写完，不能发布")
    assert problem.line == line_of(text, section)


def test_a_placeholder_in_the_intro_and_an_empty_section_are_unfinished():
    text = VALID_2025.replace("引言: |\n", "引言: |\n  （待填写）\n", 1)
    text = re.sub(r"六、其他需要报告的事项: \|\n.*", '六、其他需要报告的事项: ""\n', text, flags=re.S)
    messages = [p.message for p in problems(text)]
    assert messages == ["“引言”还有“待填写”：报告没有写完，不能发布",
                        "“六、其他需要报告的事项”一节是空的：报告没有写完，不能发布"]


@pytest.mark.parametrize(("year", "accepted"), [(2025, True), (2026, False), (2099, False)])
def test_a_year_not_over_cannot_be_reported(year: int, accepted: bool):
    import datetime as dt

    text = VALID_2025.replace("年度: 2025", f"年度: {year}")
    name = f"ndbg-{year}.yml"
    if accepted:
        assert parse_report(text, name, today=dt.date(2026, 11, 30)).year == year
        return
    with pytest.raises(GongkaiError) as error:
        parse_report(text, name, today=dt.date(2026, 11, 30))
    (problem,) = error.value.problems
    assert problem.message == f"`年度: {year}`：{year}年还没有过完，这一年的年度报告还不能发布"
    assert problem.line == line_of(text, "年度")


@pytest.mark.parametrize(("text", "year", "written", "expected"), [
    (VALID_2025, 2019, "2021", "2019"),  # a correct 2021-format file with the wrong year
    (VALID_2025, 2020, "2021", "2019"),
    (SEED_2020, 2025, "2019", "2021"),  # a 2019-format file for a 2021-format year
])
def test_a_file_in_the_other_format_gets_one_message(text: str, year: int, written: str, expected: str):
    text = re.sub(r"^年度: \d+", f"年度: {year}", text, flags=re.M)
    (problem,) = problems(text, f"ndbg-{year}.yml")
    assert problem.message.startswith(f"{year}年的报告应使用{expected}年格式")
    assert f"而这个文件的表格是按{written}年格式" in problem.message
    assert f"gongkai report new {year} -o -" in problem.hint
    assert problem.line == line_of(text, "年度")


def test_tables_3_and_4_tie_every_cell_to_all_its_headers():
    """A `scope` header reaches only its own row or column group; `headers`/`id` name them all
    (WCAG H43), so a screen reader announces 申请人情况 and 法人或其他组织 over every cell."""
    page = soup(load_2025())
    three = table(page, "applications")

    def names(cell) -> list[str]:
        return [page.find(id=i).get_text() for i in cell.get_attribute_list("headers")]

    assert all(td.get("headers") for td in page.select(".gk-report-table td"))
    first = three.tbody.find("tr").find_all("td")
    assert [names(td) for td in first] == [
        ["一、本年新收政府信息公开申请数量", "申请人情况", "自然人"],
        *[["一、本年新收政府信息公开申请数量", "申请人情况", "法人或其他组织", c]
          for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        ["一、本年新收政府信息公开申请数量", "申请人情况", "总计"]]
    secret = three.find("th", string="1.属于国家秘密").find_parent("tr").find_all("td")[3]
    assert names(secret) == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密",
                             "申请人情况", "法人或其他组织", "社会公益组织"]
    four = table(page, "appeals").tbody.find_all("td")
    assert [names(td) for td in four[:1] + four[5:6] + four[14:]] == [
        ["行政复议", "结果维持"], ["行政诉讼", "未经复议直接起诉", "结果维持"],
        ["行政诉讼", "复议后起诉", "总计"]]
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
