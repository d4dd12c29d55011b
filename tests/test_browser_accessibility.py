"""Accessibility in a real browser: axe-core on every page, the reader toolbar, reflow,
keyboard use, pages without JavaScript, and screenshots for people to look at."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DOCUMENT = "xxgk/fdgk/zcfg/gfxwj/20260615-zhuti-zeren-guiding/"
OTHER_DOCUMENT = "xxgk/fdgk/xzqlyx/xzcfjg/"


def test_axe_finds_no_violation_on_any_page(browser, site_url, sample_build):
    pages = sorted(p.relative_to(sample_build.site).as_posix() for p in sample_build.site.rglob("*.html"))
    assert len(pages) > 200
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    failures = []
    for path in pages:
        page.goto(site_url + path, wait_until="load")
        # Judge the settled page, not a colour caught halfway through Material's transitions.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        if result["violations"]:
            # On a loaded machine axe once caught the nav's link colour mid-way (CI, 2 of 245
            # pages; never reproduced). Look again at the settled page: a real fault stays.
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            failures.append(f"{path}: {violation['id']} ({violation['help']}) at {targets}")
    context.close()
    assert failures == []


def tab_to(page, predicate: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches a JS predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return
    raise AssertionError(f"never reached {predicate} with the keyboard")


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(browser, site_url):
    page = browser.new_page()
    for path in ("", OTHER_DOCUMENT, DOCUMENT):
        page.goto(site_url + path)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "跳到正文", path
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "gk-main"
    page.close()


def test_reader_toolbar_by_keyboard_and_choices_persist(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + DOCUMENT)
    toolbar = page.get_by_role("toolbar", name="阅读辅助工具")
    expect(toolbar).to_be_visible()
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    tab_to(page, "el.textContent === '特大'")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    expect(toolbar.get_by_role("button", name="特大")).to_have_attribute("aria-pressed", "true")
    expect(toolbar.get_by_role("button", name="中")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= base * 1.3

    tab_to(page, "el.textContent === '高对比度'")
    page.keyboard.press("Space")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    tab_to(page, "el.textContent === '加大行距'")
    page.keyboard.press("Enter")
    expect(page.locator("[data-gk-status]")).to_have_text("加大行距已开启")

    page.goto(site_url + OTHER_DOCUMENT)  # another page: the choices are still there
    classes = page.evaluate("document.documentElement.className")
    assert {"gk-size-xlarge", "gk-contrast", "gk-spacing"} <= set(classes.split())
    expect(page.get_by_role("button", name="高对比度")).to_have_attribute("aria-pressed", "true")
    context.close()


def test_read_aloud_speaks_the_content_in_chinese(browser, site_url):
    context = browser.new_context()
    context.add_init_script("""
        // Headless Chromium has no voices: record what would be spoken instead.
        window.__spoken = [];
        Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
            speaking: false, cancel() { this.speaking = false; },
            speak(u) { this.speaking = true; window.__spoken.push({text: u.text, lang: u.lang}); }}});
        window.SpeechSynthesisUtterance = function (text) { this.text = text; };
    """)
    page = context.new_page()
    page.goto(site_url + DOCUMENT)
    button = page.get_by_role("button", name="朗读正文")
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["lang"] == "zh-CN"
    assert "示例市生产经营单位安全生产主体责任规定" in spoken[0]["text"]
    expect(page.get_by_role("button", name="停止朗读")).to_have_attribute("aria-pressed", "true")
    context.close()


def test_without_javascript_the_page_is_still_readable(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + DOCUMENT)
    expect(page.locator("article h1")).to_have_text("示例市生产经营单位安全生产主体责任规定")
    expect(page.locator(".gk-meta")).to_be_visible()
    expect(page.locator("[data-gk-reader]")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("viewport,scale", [({"width": 320, "height": 800}, 1),
                                            ({"width": 640, "height": 450}, 2)],  # 1280 × 900 at 200 %
                         ids=["320px", "zoom200"])
@pytest.mark.parametrize("path", ["", "xxgk/", "xxgk/fdgk/zcfg/bmwj/", DOCUMENT, "xxgk/gkzn/",
                                  "xxgk/ndbg/", "wza/", "404.html"])
def test_no_horizontal_scrolling(browser, site_url, viewport, scale, path):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    page.goto(site_url + path)
    for size in ("", "xlarge"):
        page.evaluate("s => { document.documentElement.className = s ? 'gk-size-' + s : ''; }", size)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} is {width}px wide at {viewport['width']}px ({size or 'normal'})"
    context.close()


def test_basics_language_titles_landmarks(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + DOCUMENT)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.title() == "示例市生产经营单位安全生产主体责任规定 - 规范性文件立改废（制定、备案、清理） - 示例市应急管理局"
    for role in ("banner", "main", "contentinfo", "navigation"):
        assert page.get_by_role(role).count() >= 1, role
    assert page.locator("h1").count() == 1
    page.goto(site_url + "wza/")
    expect(page.locator("h1")).to_have_text("无障碍声明")
    page.close()


@pytest.mark.parametrize("name,viewport,script", [
    ("desktop", {"width": 1280, "height": 900}, ""),
    ("phone", {"width": 375, "height": 800}, ""),
    ("xlarge", {"width": 1280, "height": 900}, "localStorage.setItem('gongkai-reader', '{\"size\":\"xlarge\"}')"),
    ("contrast", {"width": 1280, "height": 900}, "localStorage.setItem('gongkai-reader', '{\"contrast\":true}')"),
])
def test_screenshots_of_a_document_page(browser, site_url, name, viewport, script):
    context = browser.new_context(viewport=viewport)
    if script:
        context.add_init_script(script)
    page = context.new_page()
    page.goto(site_url + DOCUMENT)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"a11y-document-{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    context.close()
