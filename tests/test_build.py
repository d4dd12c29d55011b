"""Real `mkdocs build` runs: the sample site's pages, and builds that must fail clearly."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from gongkai import load_documents, load_matrix

from .conftest import ROOT, build

BMWJ = "xxgk/fdgk/zcfg/bmwj/"
POLICY = "xxgk/fdgk/zcfg/gfxwj/20260615-zhuti-zeren-guiding/"
INTERPRETATION = "xxgk/fdgk/zcfg/zcjdbj/20260615-zhuti-zeren-guiding-jiedu/"


def soup(build_, path: str) -> BeautifulSoup:
    return BeautifulSoup(build_.html(path), "html.parser")


def nav_links(page: BeautifulSoup) -> dict[str, str]:
    nav = page.select_one("nav.md-nav--primary")
    return {a.get_text(" ", strip=True): a["href"] for a in nav.select("a.md-nav__link[href]")}


@pytest.fixture(scope="module")
def sample_documents():
    matrix = load_matrix(ROOT / "columns.yml")
    documents, problems = load_documents(ROOT / "content", matrix)
    assert problems == []
    return documents


# -- the sample site --------------------------------------------------------------

def test_home_puts_the_four_parts_up_front(sample_build):
    home = soup(sample_build, "")
    block = home.select_one("section.gk-xxgk")
    assert block.h2.get_text(strip=True) == "政府信息公开"
    parts = [a.get_text(strip=True) for a in block.select(".gk-parts a")]
    assert parts == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"]
    assert len(block.select(".gk-statutory a")) == 19
    assert len(home.select(".gk-latest .gk-list__item")) == 10


def test_nav_has_the_four_parts_and_every_column_but_no_document(sample_build, sample_documents):
    links = nav_links(soup(sample_build, BMWJ))
    for part in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"):
        assert part in links
    # navigation.prune: a page carries the open branch only, so each column is in the nav of
    # its parent's page (and of its own), and links to its folder from there.
    matrix = load_matrix(ROOT / "columns.yml")
    titles = {d.title for d in sample_documents}
    for column in matrix.columns():
        page = f"{matrix.get(column.path[-2]).folder}/" if len(column.path) > 1 else ""
        links = nav_links(soup(sample_build, page))
        assert column.title in links, (column.title, page)
        assert not titles & set(links), f"a document is in the nav of {page}"
        hrefs = " ".join(links.values())
        assert not re.search(r"/\d{8}-", hrefs), f"a document URL is in the nav of {page}"


def test_column_list_is_newest_first_and_paginated(sample_build, sample_documents):
    bmwj = sorted((d for d in sample_documents if d.column == "bmwj" and d.is_public),
                  key=lambda d: (d.published, d.index_number), reverse=True)
    assert len(bmwj) > 20
    first, second = soup(sample_build, BMWJ), soup(sample_build, BMWJ + "page/2/")
    items = first.select(".gk-list__item") + second.select(".gk-list__item")
    assert len(first.select(".gk-list__item")) == 20
    assert [i.select_one(".gk-list__title").get_text(strip=True) for i in items] == [d.title for d in bmwj]
    top = first.select_one(".gk-list__item")
    assert top.time["datetime"] == bmwj[0].published_date.isoformat()
    if bmwj[0].doc_number:
        assert top.select_one(".gk-list__number").get_text(strip=True) == bmwj[0].doc_number
    pager = first.select_one("nav.gk-pagination[aria-label=分页]")
    assert pager.select_one("[aria-current=page]").get_text(strip=True) == "1"
    assert pager.select_one("a[rel=next]")["href"] == "page/2/"
    back = second.select_one("nav.gk-pagination a[rel=prev]")["href"]
    assert back == "../../"
    assert second.h1.get_text(strip=True) == "部门文件（第2页）"


def test_document_page_shows_the_metadata_block(sample_build):
    page = soup(sample_build, POLICY)
    meta = {div.dt.get_text(strip=True): div.dd.get_text(strip=True)
            for div in page.select(".gk-meta dl > div")}
    assert list(meta) == ["索引号", "主题分类", "发布机构", "成文日期", "发文字号", "发布日期", "有效性"]
    assert meta["发文字号"] == "示应急规〔2026〕1号"
    assert meta["有效性"] == "有效"
    assert meta["成文日期"] == "2026-06-10" and meta["发布日期"] == "2026-06-15"
    assert page.h1.get_text(strip=True) == "示例市生产经营单位安全生产主体责任规定"
    # the attachment is linked and published
    link = page.select_one(".gk-attachments a[download]")
    assert link["href"].endswith(".pdf")
    assert (sample_build.site / POLICY / link["href"]).resolve().is_file()
    # the interpretation links back, and the policy lists it
    interpretations = [a["href"] for a in page.select(".gk-interpretations a")]
    assert interpretations == ["../../zcjdbj/20260615-zhuti-zeren-guiding-jiedu/"]
    related = soup(sample_build, INTERPRETATION).select_one(".gk-related a")
    assert related["href"] == "../../gfxwj/20260615-zhuti-zeren-guiding/"


def test_breadcrumbs_follow_the_matrix(sample_build):
    crumbs = soup(sample_build, POLICY).select(".gk-breadcrumbs li")
    assert [c.get_text(strip=True) for c in crumbs] == [
        "首页", "政府信息公开", "法定主动公开内容", "政策法规", "规范性文件立改废（制定、备案、清理）",
        "示例市生产经营单位安全生产主体责任规定"]
    assert crumbs[-1]["aria-current"] == "page"


def test_monitoring_meta_tags_and_title(sample_build):
    page = soup(sample_build, POLICY)
    meta = {m["name"]: m["content"] for m in page.select("meta[name]")}
    assert meta["SiteName"] == "示例市应急管理局"
    assert meta["SiteDomain"] == "yjj.example.gov.cn"
    assert meta["SiteIDCode"] == "9999000001"
    assert meta["ColumnName"] == "规范性文件立改废（制定、备案、清理）"
    assert meta["ColumnType"] == "信息公开"
    assert meta["ArticleTitle"] == "示例市生产经营单位安全生产主体责任规定"
    assert meta["PubDate"] == "2026-06-15 00:00"
    assert meta["ContentSource"] == "示例市应急管理局"
    assert page.title.get_text() == ("示例市生产经营单位安全生产主体责任规定 - "
                                     "规范性文件立改废（制定、备案、清理） - 示例市应急管理局")
    column = {m["name"]: m["content"] for m in soup(sample_build, BMWJ).select("meta[name]")}
    assert column["ColumnName"] == "部门文件" and "ArticleTitle" not in column


@pytest.mark.parametrize("path", ["", BMWJ, POLICY, "xxgk/gkzn/", "404.html"])
def test_footer_identity_on_every_kind_of_page(sample_build, path):
    footer = soup(sample_build, path).select_one(".gk-identity").get_text(" ", strip=True)
    for text in ("主办单位：示例市应急管理局", "网站标识码：9999000001", "示ICP备20260001号",
                 "示公网安备99000002000001号", "0999-12345678", "党政机关"):
        assert text in footer


def test_guide_page_has_what_article_12_asks(sample_build):
    text = soup(sample_build, "xxgk/gkzn/").select_one("article").get_text()
    for needed in ("主动公开", "依申请公开", "办公地址", "办公时间", "联系电话", "传真", "电子邮箱", "20个工作日"):
        assert needed in text, needed


def test_non_public_documents_are_not_built(sample_build, sample_documents):
    withheld = [d for d in sample_documents if not d.is_public]
    assert withheld
    every_file = [p for p in sample_build.site.rglob("*") if p.is_file()]
    text = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in every_file
                     if p.suffix in (".html", ".xml", ".json", ".js", ".txt"))
    for document in withheld:
        assert document.title not in text
        assert not (sample_build.site / document.path.removesuffix(".md")).exists()


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_external_requests(sample_build):
    """Every asset a page loads comes from the site itself (links to other sites are fine)."""
    offenders = []
    for html in sample_build.site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("script[src], img[src], iframe[src], source[src], audio[src], video[src]"):
            if EXTERNAL.match(tag["src"]):
                offenders.append(f"{html}: <{tag.name} src={tag['src']}>")
        for tag in page.select("link[href]"):
            rel = set(tag.get("rel", []))
            if rel & {"stylesheet", "preload", "preconnect", "icon", "modulepreload", "dns-prefetch"} \
                    and EXTERNAL.match(tag["href"]):
                offenders.append(f"{html}: <link rel={rel} href={tag['href']}>")
        for style in page.select("style"):
            offenders += [f"{html}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style.text)]
    for css in sample_build.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        offenders += [f"{css}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text)]
        offenders += [f"{css}: @import" for _ in re.findall(r"@import\s+['\"]?(?:https?:)?//", text)]
    assert offenders == []
    assert "fonts.googleapis" not in sample_build.html("")


# -- builds that must fail, on a copy of the minimal fixture ----------------------

def test_minimal_fixture_builds(minimal, tmp_path):
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert (result.site / "xxgk/fdgk/xzqlyx/xzcfjg/page/2/index.html").is_file()
    assert "CANARY-WITHHELD" not in "".join(
        p.read_text(errors="ignore") for p in result.site.rglob("*") if p.is_file())
    assert not list(result.site.rglob("canary-withheld.pdf"))


def test_build_fails_when_a_part_is_missing(minimal, tmp_path):
    matrix = minimal / "columns.yml"
    matrix.write_text(matrix.read_text(encoding="utf-8").replace(
        "      - {id: ndbg, title: 政府信息公开工作年度报告, part: annual_report, lead: 办公室, "
        "rules: [每年1月31日前发布上一年度]}\n", ""),
        encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "政府信息公开栏目缺少：政府信息公开工作年度报告（part: annual_report）" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_build_fails_on_bad_front_matter_naming_file_and_line(minimal, tmp_path):
    document = minimal / "content/xxgk/fdgk/xzqlyx/xzcfjg/20260902-cf.md"
    document.write_text(document.read_text(encoding="utf-8").replace("成文日期: 2026-09-02", "成文日期: 2026-09-31"),
                        encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "content/xxgk/fdgk/xzqlyx/xzcfjg/20260902-cf.md:7: “成文日期: 2026-09-31”不是真实的日期（9月没有31日）" in result.output
    assert "Traceback" not in result.output


def test_build_fails_on_a_folder_without_column(minimal, tmp_path):
    stray = minimal / "content/xxgk/fdgk/xzqlyx/xzxk"
    stray.mkdir()
    (stray / "index.md").write_text("行政许可", encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "content/xxgk/fdgk/xzqlyx/xzxk/: 这个文件夹不是 columns.yml 中的栏目" in result.output


def test_normative_column_needs_validity(minimal, tmp_path):
    document = minimal / "content/xxgk/fdgk/xzqlyx/xzqz/20260801-qz.md"
    document.write_text(document.read_text(encoding="utf-8").replace("有效性: 有效\n", ""), encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "“行政强制”栏目是规范性文件，必须填写“有效性”" in result.output


def test_site_nav_entries_are_kept_around_the_generated_columns(minimal, tmp_path):
    (minimal / "content/about.md").write_text("# 关于本站\n", encoding="utf-8")
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") +
                      "nav:\n  - 首页: index.md\n  - 政府信息公开: xxgk/\n  - 关于本站: about.md\n",
                      encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 0, result.output
    links = list(nav_links(soup(result, "about/")))
    assert links.index("首页") < links.index("政府信息公开指南") < links.index("关于本站")
