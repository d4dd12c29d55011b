"""Accessibility checks at build time: each problem named with its file and line."""

from __future__ import annotations

import pytest

from gongkai.accessibility import check_html, wrap_tables

from .files import png_with
from .conftest import build


@pytest.mark.parametrize("html,markdown,message,line", [
    ('<p><img src="map.png" alt=""></p>', "正文\n![](map.png)", "图片 map.png 没有文字说明（读屏软件读不出它）", 2),
    ('<p><img src="map.png"></p>', "![](map.png)", "图片 map.png 没有文字说明（读屏软件读不出它）", 1),
    ('<p><a href="../files/a.pdf"></a></p>', "见\n[](files/a.pdf)", "指向 a.pdf 的链接没有文字", 2),
    ("<table><tr><td>甲</td></tr></table>", "<table><tr><td>甲</td></tr></table>", "表格没有表头行", 1),
    ("<table><thead><tr><th></th></tr></thead><tbody><tr><td>甲</td></tr></tbody></table>", "|  |\n|--|\n| 甲 |",
     "表格没有表头行", 3),
    ("<h2>一、总则</h2><h4>细则</h4>", "## 一、总则\n#### 细则", "标题“细则”（第 4 级）跳过了第 3 级", 2),
    ("<h3>概况</h3>", "### 概况", "标题“概况”（第 3 级）跳过了第 2 级", 1),
])
def test_each_problem_is_found_with_its_line(html, markdown, message, line):
    [issue] = check_html(html, markdown)
    assert issue.message == message and issue.line == line


@pytest.mark.parametrize("html", [
    '<p><img src="map.png" alt="事故现场位置示意图"></p>',
    '<p><a href="x"><img src="i.png" alt="下载"></a><a href="y" aria-label="下一页"></a></p>',
    "<table><thead><tr><th>项目</th></tr></thead><tbody><tr><td>甲</td></tr></tbody></table>",
    "<h2>一</h2><h3>二</h3><h2>三</h2><h3>四</h3><h4>五</h4><h2>六</h2>",
])
def test_good_content_passes(html):
    assert check_html(html, "") == []


def test_a_page_without_title():
    [issue] = check_html("<p>正文</p>", "正文", has_title=False)
    assert issue.message == "页面没有标题"


def test_tables_scroll_in_a_keyboard_reachable_box():
    html = wrap_tables("<p>前</p><table>\n<tr><th>a</th></tr></table><table><tr><th>b</th></tr></table>")
    assert html.count('<div class="gk-table-scroll" tabindex="0" role="region"') == 2
    assert html.count('<table class="gk-table">') == 2 and html.count("</div>") == 2


def test_the_build_fails_naming_file_and_line(minimal, tmp_path):
    document = minimal / "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md"
    document.write_text(document.read_text(encoding="utf-8") + "\n![](files/map.png)\n\n#### 附则\n",
                        encoding="utf-8")
    (document.parent / "files").mkdir(exist_ok=True)
    (document.parent / "files/map.png").write_bytes(png_with())
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "无障碍（GB/T 37668）" in result.output
    assert "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md:15: 图片 map.png 没有文字说明" in result.output
    assert "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md:17: 标题“附则”（第 4 级）跳过了第 2 级" in result.output


def test_a_plain_page_needs_a_title(minimal, tmp_path):
    (minimal / "content/about.md").write_text("关于本站的说明。\n", encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1 and "content/about.md:1: 页面没有标题" in result.output
