"""Annual reports in the built site and in the CLI: rendered from data, downloadable, checked."""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup
from click.testing import CliRunner

from gongkai.cli import main

from .conftest import ROOT, build

REPORT_2025 = "xxgk/ndbg/20260122-ndbg-2025/"
REPORT_2020 = "xxgk/ndbg/20210125-ndbg-2020/"


def soup(build_, path):
    return BeautifulSoup(build_.html(path), "html.parser")


def test_the_report_page_has_the_national_format(sample_build):
    page = soup(sample_build, REPORT_2025)
    headings = [h.get_text(strip=True) for h in page.select(".gk-annual-report h2")]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    captions = [c.get_text(strip=True) for c in page.select(".gk-annual-report caption")]
    assert [c[:2] for c in captions] == ["表二", "表三", "表四"]
    for table in page.select(".gk-annual-report table"):
        assert table.find_parent(class_="gk-table-scroll")["tabindex"] == "0"
        assert table.select("th[scope]")
    numbers = page.select(".gk-annual-report td.num")
    assert numbers and all(n.get_text(strip=True).replace(".", "").isdigit() for n in numbers)


def test_report_downloads_parse(sample_build):
    page = soup(sample_build, REPORT_2025)
    links = {a.get_text(strip=True): a["href"] for a in page.select(".gk-downloads a[download]")}
    assert list(links) == ["全部数据（JSON）", "表二（CSV）", "表三（CSV）", "表四（CSV）"]
    folder = sample_build.site / REPORT_2025
    data = json.loads((folder / links["全部数据（JSON）"]).resolve().read_text(encoding="utf-8"))
    assert data["年度"] == 2025
    raw = (folder / links["表三（CSV）"]).resolve().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert "自然人" in rows[0] and len(rows) > 20


def test_the_seed_report_shows_the_seed_numbers(sample_build):
    text = soup(sample_build, REPORT_2020).select_one(".gk-annual-report").get_text(" ", strip=True)
    assert "2019" in soup(sample_build, REPORT_2020).select_one(".gk-annual-report")["data-format"]
    assert "689380" in text  # 政府集中采购 总金额, as printed in seed 001


def test_the_reports_column_shows_the_trend_with_a_table(sample_build):
    page = soup(sample_build, "xxgk/ndbg/")
    svg = page.select_one(".gk-trend svg")
    assert svg["role"] == "img" and svg.get("aria-labelledby")
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in page.select(".gk-trend tbody tr")]
    assert [r[0] for r in rows] == ["2020年", "2024年", "2025年"] and rows[-1][:2] == ["2025年", "15"]


def test_a_broken_identity_fails_the_build(minimal, tmp_path):
    data = (ROOT / "content/xxgk/ndbg/files/ndbg-2025.yml").read_text(encoding="utf-8")
    files = minimal / "content/xxgk/ndbg/files"
    files.mkdir()
    broken = data.replace("四、结转下年度继续办理: {自然人: 1,", "四、结转下年度继续办理: {自然人: 2,", 1)
    assert broken != data
    (files / "ndbg-2025.yml").write_text(broken, encoding="utf-8")
    report = minimal / "content/xxgk/ndbg/20260120-ndbg-2025.md"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "公开属性: 主动公开", "公开属性: 主动公开\n年度报告数据: files/ndbg-2025.yml"), encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "content/xxgk/ndbg/files/ndbg-2025.yml:" in result.output
    assert "ndbg-2025.yml:63: 2025年 表三 “四、结转下年度继续办理” 自然人：一+二 = 13，而三（七）总计+四 = 14" in result.output


def test_cli_report_check_and_new(minimal, tmp_path):
    runner = CliRunner()
    good = runner.invoke(main, ["report", "check", str(ROOT / "content/xxgk/ndbg/files/ndbg-2020.yml")])
    assert good.exit_code == 0 and "2020年报告，2019年格式" in good.output
    bad = tmp_path / "ndbg-2025.yml"
    bad.write_text("年度: 2025\n格式: 2019\n", encoding="utf-8")
    result = runner.invoke(main, ["report", "check", str(bad)])
    assert result.exit_code == 1 and "ndbg-2025.yml:" in result.output

    made = runner.invoke(main, ["--project", str(minimal), "report", "new", "2025", "--agency", "测试市应急管理局"])
    assert made.exit_code == 0, made.output
    skeleton = minimal / "content/xxgk/ndbg/files/ndbg-2025.yml"
    unfinished = runner.invoke(main, ["report", "check", str(skeleton)])
    assert unfinished.exit_code == 1 and "还有“待填写”：报告没有写完，不能发布" in unfinished.output
    skeleton.write_text(skeleton.read_text(encoding="utf-8").replace("（待填写）", "无。"), encoding="utf-8")
    assert runner.invoke(main, ["report", "check", str(skeleton)]).exit_code == 0
    again = runner.invoke(main, ["--project", str(minimal), "report", "new", "2025"])
    assert again.exit_code == 2 and "已经存在" in again.output
    old = runner.invoke(main, ["report", "new", "2020", "-o", "-"])
    assert "格式: 2019" in old.output


def test_report_tables_name_every_header_of_every_cell_in_chromium(browser, site_url):
    """In the browser, each data cell of tables 三 and 四 resolves (by `headers`) to all the
    headers a screen reader announces for it: 申请人情况 and 法人或其他组织 over 商业企业,
    行政诉讼 over 复议后起诉, the row group over a numbered row."""
    page = browser.new_page()
    page.goto(site_url + REPORT_2025)
    cells = page.evaluate("""() => [...document.querySelectorAll(
        '.gk-report-applications td, .gk-report-appeals td')].map(td => ({
            table: td.closest('table').className,
            names: td.getAttribute('headers').split(' ').map(id => {
                const th = document.getElementById(id);
                return th && th.closest('table') === td.closest('table') ? th.textContent : null;
            })}))""")
    page.close()
    three = [c["names"] for c in cells if "applications" in c["table"]]
    four = [c["names"] for c in cells if "appeals" in c["table"]]
    assert len(three) == 25 * 7 and len(four) == 15
    assert all(None not in names for names in three + four)
    assert all(names[-3:] == ["申请人情况", "法人或其他组织", names[-1]] for names in three
               if names[-1] in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
    assert all("申请人情况" in names for names in three)
    assert ["三、本年度办理结果", "（五）不予处理", "2.重复申请", "申请人情况", "自然人"] in three
    assert four[10:] == [["行政诉讼", "复议后起诉", c] for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    assert four[0] == ["行政复议", "结果维持"]
