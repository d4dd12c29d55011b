"""The disclosure catalogue and its open data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from playwright.sync_api import expect

from gongkai import load_documents, load_matrix
from gongkai.catalogue import SCHEMA, IndexPattern
from gongkai.documents import first_paragraph

from .conftest import ROOT, build

CATALOGUE = "xxgk/fdgk/ml/"


@pytest.fixture(scope="module")
def published():
    matrix = load_matrix(ROOT / "columns.yml")
    documents, problems = load_documents(ROOT / "content", matrix)
    assert problems == []
    import datetime as dt
    return [d for d in documents if d.is_published_on(dt.date(2026, 11, 20))], [
        d for d in documents if not d.is_published_on(dt.date(2026, 11, 20))]


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese correctly
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_holds_exactly_the_published_documents(sample_build, published):
    public, withheld = published
    rows = read_csv(sample_build.site / CATALOGUE / "catalogue.csv")
    assert list(rows[0]) == [label for _, label, _, _ in SCHEMA]
    assert sorted(r["索引号"] for r in rows) == sorted(d.index_number for d in public)
    assert not {d.index_number for d in withheld} & {r["索引号"] for r in rows}
    dates = [r["发布日期"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    for row in rows:
        assert (sample_build.site / row["网址"] / "index.html").is_file()


def test_json_per_year_and_per_column(sample_build, published):
    public, _ = published
    folder = sample_build.site / CATALOGUE
    index = json.loads((folder / "data/index.json").read_text(encoding="utf-8"))
    assert index["total"] == len(public) == sum(y["count"] for y in index["years"])
    for year in index["years"]:
        rows = json.loads((folder / "data" / year["data"]).read_text(encoding="utf-8"))
        assert len(rows) == year["count"] and {r["published"][:4] for r in rows} == {year["year"]}
        assert set(rows[0]) == {key for key, *_ in SCHEMA}
    bmwj = read_csv(sample_build.site / "xxgk/fdgk/zcfg/bmwj/catalogue.csv")
    assert len(bmwj) == 25 and {r["栏目"] for r in bmwj} == {"部门文件"}
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    assert [s["key"] for s in schema] == [key for key, *_ in SCHEMA]


def test_the_page_works_without_javascript(sample_build):
    from bs4 import BeautifulSoup
    page = BeautifulSoup(sample_build.html(CATALOGUE), "html.parser")
    assert page.h1.get_text(strip=True) == "政府信息公开目录"
    assert len(page.select("tbody tr")) == 50
    assert [a.get_text(strip=True) for a in page.select(".gk-downloads a")][:2] == ["全部目录（CSV）", "全部目录（JSON）"]
    assert page.select_one("form[data-gk-catalogue]").has_attr("hidden")


@pytest.mark.parametrize("number,ok", [
    ("11990000MB0000001X/2026-00012", True), ("11990000MB0000001X/2026-0012", False),
    ("11990000MB0000002X/2026-00012", False), ("2026-00012", False)])
def test_index_pattern(number, ok):
    pattern = IndexPattern("{org_code}/{year}-{serial:05d}", "11990000MB0000001X")
    assert bool(pattern.regex().match(number)) is ok
    assert pattern.example() == "11990000MB0000001X/2026-00012"


def test_first_paragraph_skips_headings_and_addressees():
    body = "## 一、背景\n\n各区县应急管理局：\n\n为做好冬春季森林防火工作，\n现通知如下。\n"
    assert first_paragraph(body) == "为做好冬春季森林防火工作，现通知如下。"


def test_duplicate_and_malformed_index_numbers_fail_the_build(minimal, tmp_path):
    folder = minimal / "content/xxgk/fdgk/xzqlyx/xzcfjg"
    text = (folder / "20260902-cf.md").read_text(encoding="utf-8")
    (folder / "20260902-cf.md").write_text(text.replace("2026-00002", "2026-00001"), encoding="utf-8")
    (folder / "20260903-cf.md").write_text(
        (folder / "20260903-cf.md").read_text(encoding="utf-8").replace("2026-00003", "2026-3"), encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert ("content/xxgk/fdgk/xzqlyx/xzcfjg/20260902-cf.md: 索引号 11990000MB0000002X/2026-00001 已被 "
            "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md 使用") in result.output
    assert "索引号“11990000MB0000002X/2026-3”不符合本站的格式 {org_code}/{year}-{serial:05d}" in result.output


@pytest.mark.browser
def test_filter_by_column_and_year(browser, site_url, published):
    public, _ = published
    expected = [d for d in public if d.column == "bmwj" and d.published_date.year == 2025]
    page = browser.new_page()
    page.goto(site_url + CATALOGUE)
    filters = page.locator("form[data-gk-catalogue]")
    expect(filters).to_be_visible()
    page.get_by_label("年份").select_option("2025")
    page.get_by_label("栏目").select_option(label="部门文件")
    status = page.get_by_role("main").get_by_role("status")  # the search box has one too
    expect(status).to_have_text(f"共 {len(expected)} 条，第 1 / 1 页")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(len(expected))
    assert set(rows.locator("td:last-child").all_inner_texts()) == {"部门文件"}
    assert all(t.startswith("2025-") for t in rows.locator("td:nth-child(7)").all_inner_texts())
    assert "year=2025" in page.url and "column=bmwj" in page.url
    page.reload()  # the filters live in the URL: linkable, and kept on reload
    expect(status).to_have_text(f"共 {len(expected)} 条，第 1 / 1 页")

    page.get_by_label("栏目").select_option("")
    page.get_by_label("年份").select_option("")
    expect(status).to_have_text(f"共 {len(public)} 条，第 1 / {-(-len(public) // 20)} 页")
    page.get_by_role("button", name="下一页").press("Enter")
    expect(status).to_contain_text("第 2 /")
    page.close()
