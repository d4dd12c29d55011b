"""Editors' workflow and the site's outputs: new documents, column list, CODEOWNERS,
pre-commit, links, feeds, sitemap, QR codes, print."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import segno
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from gongkai import load_matrix, read_document
from gongkai.cli import main

from .conftest import FIXTURES, ROOT, build

DOCUMENT = "xxgk/fdgk/zcfg/gfxwj/20260615-zhuti-zeren-guiding/"
ATOM = "{http://www.w3.org/2005/Atom}"


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env or {})


def test_new_writes_a_complete_draft_with_the_next_index_number(minimal):
    result = run("--project", str(minimal), "new", "xzcfjg", "关于对测试公司的行政处罚决定",
                 env={"GONGKAI_AS_OF": "2026-09-15"})
    assert result.exit_code == 0, result.output
    path = minimal / "content/xxgk/fdgk/xzqlyx/xzcfjg/20260915-xzcfjg-010.md"  # date, column, serial
    assert path.is_file() and "11990000MB0000002X/2026-00010" in result.output  # after …-00009
    text = path.read_text(encoding="utf-8")
    assert "决定日期: 2026-09-15" in text and "草稿: true" in text
    matrix = load_matrix(minimal / "columns.yml")
    document, problems = read_document(path, minimal / "content", matrix.get("xzcfjg"))
    assert problems == [] and document.draft and not document.is_public
    assert document.index_number == "11990000MB0000002X/2026-00010"
    # a draft never breaks the build, and never reaches the site
    assert build(minimal, minimal.parent / "site").exit_code == 0


def test_new_refuses_an_unknown_column_with_close_matches(minimal):
    result = run("--project", str(minimal), "new", "xzcf", "标题")
    assert result.exit_code == 2
    assert "“xzcf”不是 columns.yml 中的栏目编号。是不是：xzcfjg（行政处罚结果）" in result.output


def test_columns_lists_lead_last_update_and_next_due():
    result = run("--project", str(ROOT), "columns", "--unit", "人事教育处")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "栏目（截至 2026-11-20，北京时间）"
    assert all("牵头：人事教育处" in line for line in lines[1:]) and len(lines) == 7  # 6 columns
    assert re.search(r"ldjj +领导简介｜牵头：人事教育处｜最近更新：\d{4}-\d\d-\d\d｜下次应更新：\d{4}-\d\d-\d\d｜正常", result.output)
    assert run("--project", str(ROOT), "columns", "--unit", "财务处").exit_code == 2


def test_the_checked_in_codeowners_are_up_to_date():
    result = run("--project", str(ROOT), "codeowners", "--check")
    assert result.exit_code == 0, result.output
    owners = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/content/xxgk/fdgk/xzqlyx/xzcfjg/ @yjj-example/zhengce-fagui  # 行政处罚结果" in owners
    assert "/content/xxgk/fdgk/zdly/sggpdb/ @yjj-example/jianguan-1 @yjj-example/jianguan-2 @yjj-example/jianguan-3" in owners
    assert owners == (ROOT / ".gitlab/CODEOWNERS").read_text(encoding="utf-8")


def test_codeowners_notices_a_changed_matrix(minimal):
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      per_page: 2\n", "      per_page: 2\n      team_handles: {政策法规处: \"@t/zcfg\"}\n"), encoding="utf-8")
    assert run("--project", str(minimal), "codeowners", "--check").exit_code == 1
    written = run("--project", str(minimal), "codeowners")
    assert written.exit_code == 0 and "这些单位没有对应的团队账号：办公室" in written.output
    assert run("--project", str(minimal), "codeowners", "--check").exit_code == 0
    matrix = minimal / "columns.yml"
    matrix.write_text(matrix.read_text(encoding="utf-8").replace("id: xzqz", "id: xzqzz"), encoding="utf-8")
    (minimal / "content/xxgk/fdgk/xzqlyx/xzqz").rename(minimal / "content/xxgk/fdgk/xzqlyx/xzqzz")
    result = run("--project", str(minimal), "codeowners", "--check")
    assert result.exit_code == 1 and "不是最新：.github/CODEOWNERS、.gitlab/CODEOWNERS" in result.output


def test_pre_commit_hooks_run_the_checks(minimal):
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries == {"gongkai-validate": ".venv/bin/gongkai validate",
                       "gongkai-codeowners": ".venv/bin/gongkai codeowners --check"}
    touched = minimal / "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md"
    # as pre-commit calls it: the entry, then the staged files; the columns they touch are checked
    stale = run("--project", str(minimal), "validate", str(touched), env={"GONGKAI_AS_OF": "2027-03-01"})
    assert stale.exit_code == 1 and "行政处罚结果（xzcfjg）" in stale.output and "行政强制" not in stale.output
    other = minimal / "content/xxgk/ndbg/20260120-ndbg-2025.md"
    only_reports = run("--project", str(minimal), "validate", str(other), env={"GONGKAI_AS_OF": "2026-09-10"})
    assert only_reports.exit_code == 0, only_reports.output


def test_no_broken_internal_links(sample_build, site_url):
    result = subprocess.run([str(Path(sys.executable).parent / "linkchecker"), "-f", str(ROOT / "tests/linkcheckerrc"),
                             "--no-status", "--no-warnings", site_url], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 errors found" in result.stdout


def test_site_and_column_feeds(sample_build):
    feed = ET.parse(sample_build.site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    dates = [e.find(f"{ATOM}published").text for e in entries]
    assert dates == sorted(dates, reverse=True) and dates[0].endswith("+08:00")
    assert entries[0].find(f"{ATOM}link").get("href").startswith("https://yjj.example.gov.cn/xxgk/")
    column = ET.parse(sample_build.site / "xxgk/fdgk/zcfg/bmwj/feed.xml").getroot()
    assert column.find(f"{ATOM}title").text == "示例市应急管理局 部门文件" and len(column.findall(f"{ATOM}entry")) == 20
    page = BeautifulSoup(sample_build.html("xxgk/fdgk/zcfg/bmwj/"), "html.parser")
    assert page.select_one('link[rel~=alternate][type="application/atom+xml"]')["href"] == "feed.xml"


def test_sitemap_lastmod_comes_from_publication_dates(sample_build):
    sitemap = (sample_build.site / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(rf"<loc>https://yjj.example.gov.cn/{DOCUMENT}</loc>\s*<lastmod>2026-06-15</lastmod>", sitemap)
    assert re.search(r"<loc>https://yjj.example.gov.cn/xxgk/fdgk/zcfg/gfxwj/</loc>\s*<lastmod>2026-06-15</lastmod>", sitemap)


@pytest.mark.parametrize("path", ["", DOCUMENT, "xxgk/fdgk/ml/"])
def test_every_page_has_a_qr_code_of_its_address(sample_build, path):
    image = BeautifulSoup(sample_build.html(path), "html.parser").select_one(".gk-qr img")
    address = f"https://yjj.example.gov.cn/{path}"
    assert image["alt"] == f"本页二维码，扫码在手机上浏览：{address}"
    assert image["src"] == segno.make(address, error="m", mask=0).svg_data_uri(scale=3, border=2)
    assert image["src"].startswith("data:image/svg+xml")


@pytest.mark.browser
def test_a_document_prints_cleanly(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + DOCUMENT)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".gk-reader", ".gk-breadcrumbs", ".gk-qr"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".gk-meta", "article h1", ".gk-attachments"):
        assert page.locator(shown).first.is_visible(), shown
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()


def test_a_new_files_serial_is_the_index_numbers_serial_whatever_the_pattern():
    from gongkai.catalogue import IndexPattern
    from gongkai.scaffold import file_part

    column = load_matrix(FIXTURES / "minimal" / "columns.yml").get("xzcfjg")
    assert file_part(column, "ORG-0007/2026", IndexPattern("{org_code}-{serial:04d}/{year}", "ORG")) == "xzcfjg-007"
    assert file_part(column, "ORG/2026-00012", IndexPattern("{org_code}/{year}-{serial:05d}", "ORG")) == "xzcfjg-012"
