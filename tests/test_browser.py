"""In Debian's Chromium: a person goes home → 政府信息公开 → a column → a document."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from .conftest import ARTIFACTS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(sample_build):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(sample_build.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed: run scripts/setup"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
                         ids=["desktop", "phone"])
def test_home_to_a_document(browser, site_url, viewport):
    page = browser.new_page(viewport=viewport)
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(site_url) else None)

    page.goto(site_url)
    expect(page).to_have_title("示例市应急管理局")
    page.locator("section.gk-xxgk h2 a", has_text="政府信息公开").click()
    expect(page.locator("h1")).to_have_text("政府信息公开")

    page.locator(".gk-columns__item h2 a", has_text="法定主动公开内容").click()
    page.locator(".gk-columns__item h2 a", has_text="行政权力运行").click()
    page.locator(".gk-columns__item h2 a", has_text="行政处罚结果").click()
    expect(page.locator("h1")).to_have_text("行政处罚结果")
    expect(page.locator(".gk-breadcrumbs [aria-current=page]")).to_have_text("行政处罚结果")

    first = page.locator(".gk-list__item .gk-list__title").first
    title = first.inner_text()
    first.click()
    expect(page.locator("article h1")).to_have_text(title)
    meta = page.locator(".gk-meta")
    expect(meta).to_be_visible()
    for label in ("索引号", "发布机构", "成文日期", "发文字号", "发布日期"):
        expect(meta.locator("dt", has_text=label)).to_be_visible()
    expect(page.locator(".gk-identity")).to_contain_text("网站标识码")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"document-{viewport['width']}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert external == [], f"the page asked for outside resources: {external}"
    page.close()
