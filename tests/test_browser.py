"""In Debian's Chromium: a person goes home → 政府信息公开 → a column → a document."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser


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


def test_a_page_does_not_download_the_sitemap(browser, site_url):
    """Material fetches sitemap.xml beside every link[rel=alternate]; the feed link must not
    be one of those, or every visitor downloads the whole sitemap (1.6 MB at 10k pages)."""
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(site_url + "xxgk/fdgk/zcfg/bmwj/", wait_until="networkidle")
    expect(page.locator("link[type='application/atom+xml']")).to_have_count(1)
    assert not [url for url in asked if url.endswith("sitemap.xml")], asked
    page.close()
