"""Stored XSS, tried in Chromium: script payloads in every field an editor writes (front matter,
columns.yml, an annual report's data, raw HTML and attributes in the body) and a listener for
dialogs on every page type; then the DOM is searched for any handler or script they left."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest

from gongkai.annual_report import skeleton

from .conftest import FIXTURES, _Quiet, build
from .files import pdf_with

pytestmark = pytest.mark.browser

COLUMN = "content/xxgk/fdgk/xzqlyx/xzcfjg"
ATTRIBUTE = '" autofocus onfocus="alert(11)" x="'
SCRIPT = "<script>alert(12)</script>"
IMAGE = "<img src=x alt=a onerror=alert(13)>"
PAYLOAD = f"{SCRIPT}{IMAGE}{ATTRIBUTE}'><svg onload=alert(14)>"
QUOTED = PAYLOAD.replace("'", "''")  # inside a single-quoted YAML string

DOCUMENT = f"""---
标题: '标题{QUOTED}'
索引号: 11990000MB0000002X/2026-00077
发布日期: 2026-09-05
决定日期: 2026-09-05
发文字号: '文号{QUOTED}'
发布机构: '机构{QUOTED}'
主题分类: '主题{QUOTED}'
内容概述: '概述{QUOTED}'
公开属性: 主动公开
附件:
  - 名称: '附件{QUOTED}'
    文件: files/fujian.pdf
---

正文 <script>alert(21)</script> <img src="x" alt="图" onerror="alert(22)">
<a href="javascript:alert(23)">链接</a> <iframe src="javascript:alert(24)"></iframe>
<!-- 内部意见：不宜公开 -->

## 小标题 <img src=x alt=a onerror=alert(25)>

段落 {{: onmouseover="alert(26)" autofocus onfocus="alert(27)" tabindex="0" }}

[链接](javascript:alert(28))
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    project = root / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    matrix = project / "columns.yml"
    matrix.write_text(matrix.read_text(encoding="utf-8").replace(
        "title: 行政处罚结果", f"title: '行政处罚结果{QUOTED}'"), encoding="utf-8")
    (project / COLUMN / "files").mkdir(exist_ok=True)
    (project / COLUMN / "files/fujian.pdf").write_bytes(pdf_with("Notice"))
    (project / COLUMN / "20260905-xss.md").write_text(DOCUMENT, encoding="utf-8")
    (project / "content/about.md").write_text(  # an ordinary page: Material prints these as they are
        f"---\ntitle: '关于{QUOTED}'\ndescription: '说明{QUOTED}'\nauthor: '作者{QUOTED}'\n---\n\n正文\n",
        encoding="utf-8")
    report = skeleton(2025, "测试市应急管理局").replace("（待填写）", f"总体情况{PAYLOAD.replace(chr(39), '')}")
    (project / "content/xxgk/ndbg/files").mkdir(exist_ok=True)
    (project / "content/xxgk/ndbg/files/ndbg-2025.yml").write_text(report, encoding="utf-8")
    ndbg = project / "content/xxgk/ndbg/20260120-ndbg-2025.md"
    ndbg.write_text(ndbg.read_text(encoding="utf-8").replace("公开属性: 主动公开",
                                                             "公开属性: 主动公开\n年度报告数据: files/ndbg-2025.yml"),
                    encoding="utf-8")
    result = build(project, root / "site")
    assert result.exit_code == 0, result.output
    handler = functools.partial(_Quiet, directory=str(result.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", result
    server.shutdown()


PAGES = {
    "home": "",
    "column list": "xxgk/fdgk/xzqlyx/xzcfjg/",
    "parent column": "xxgk/fdgk/xzqlyx/",
    "document": "xxgk/fdgk/xzqlyx/xzcfjg/20260905-xss/",
    "annual report": "xxgk/ndbg/20260120-ndbg-2025/",
    "report column": "xxgk/ndbg/",
    "catalogue": "xxgk/fdgk/ml/",
    "search": "search/?q=%E6%A0%87%E9%A2%98",
    "404": "no-such-page/",
    "ordinary page": "about/",
}

LEFTOVERS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on') || /javascript:/i.test(attr.value)) found.push(el.tagName + ' ' + attr.name);
    }
  }
  for (const s of document.querySelectorAll('script')) if (/alert\\(/.test(s.textContent)) found.push('script');
  for (const f of document.querySelectorAll('iframe, svg[onload], object, embed')) found.push(f.tagName);
  return found;
}"""


@pytest.mark.parametrize("name", PAGES)
def test_no_payload_runs_on_any_page_type(browser, hostile_site, name):
    url, _ = hostile_site
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + PAGES[name], wait_until="networkidle")
    if name == "search":
        page.wait_for_selector("[data-gk-page-results] > li", timeout=10_000)
    # tab through the page and hover everything: handlers that need a person would fire now
    for _ in range(12):
        page.keyboard.press("Tab")
    for element in page.locator("h1, h2, a, p, li, dd, td, th, span").all()[:200]:
        try:
            element.hover(timeout=200)
        except Exception:  # noqa: BLE001 - hidden or detached: nothing to hover
            pass
    assert dialogs == []
    assert page.evaluate(LEFTOVERS) == []
    page.close()


def test_payloads_are_shown_as_text_and_comments_are_gone(browser, hostile_site):
    url, result = hostile_site
    page = browser.new_page()
    page.goto(url + PAGES["document"])
    assert "<script>alert(12)</script>" in page.locator("article h1").inner_text()
    assert SCRIPT in page.locator(".gk-meta").inner_text()
    assert "附件<script>" in page.locator(".gk-attachments").inner_text()
    page.close()
    assert "内部意见" not in (result.site / "xxgk/fdgk/xzqlyx/xzcfjg/20260905-xss/index.html").read_text(encoding="utf-8")
