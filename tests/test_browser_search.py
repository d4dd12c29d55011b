"""Search in Debian's Chromium, typed the way a person with an IME types: the text arrives
in one go (fill), then a key event (End)."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS
from .test_browser_accessibility import AXE, AXE_TAGS

pytestmark = pytest.mark.browser

RESULTS = "[data-gk-page-results] > li"
STATUS = "[data-gk-page-status]"


def type_like_an_ime(page, selector: str, text: str) -> None:
    page.fill(selector, text)
    page.press(selector, "End")


def titles(page, query: str) -> list[str]:
    """The result titles, once the status announces the outcome for this query."""
    expect(page.locator(STATUS)).to_contain_text(f"“{query}”")
    return page.locator(f"{RESULTS} .gk-search__title").all_inner_texts()


@pytest.fixture
def search_page(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "search/")
    yield page
    page.close()


@pytest.mark.parametrize("query, first", [
    ("示应急〔2026〕12号", "示例市应急管理局关于开展2026年度安全生产执法检查的通知"),  # 发文字号
    ("示应急[2026]12号", "示例市应急管理局关于开展2026年度安全生产执法检查的通知"),  # other brackets
    ("（示）应急罚〔2026〕15号", "示例市应急管理局行政处罚决定书（示例市恒达化工有限公司）"),
    ("11990000MB0000001X/2026-00020", "示例市应急管理局行政处罚决定书（示例市恒达化工有限公司）"),  # 索引号
    ("恒达化工", "示例市应急管理局行政处罚决定书（示例市恒达化工有限公司）"),
    ("烟花爆竹安全管理", "示例市应急管理局关于加强2026年元旦春节期间烟花爆竹安全管理工作的通知"),
])
def test_a_query_finds_its_document_first(search_page, query, first):
    type_like_an_ime(search_page, "#gk-search-q", query)
    found = titles(search_page, query)
    assert found and found[0] == first, found[:5]


def test_a_word_inside_a_compound_matches_and_titles_rank_first(search_page):
    type_like_an_ime(search_page, "#gk-search-q", "报告")  # inside 年度报告, 评估报告
    found = titles(search_page, "报告")
    assert any("年度报告" in t for t in found)
    assert all("报告" in t for t in found[:4]), found[:6]
    type_like_an_ime(search_page, "#gk-search-q", "处罚")  # inside 行政处罚决定书
    found = titles(search_page, "处罚")
    assert all("处罚" in t for t in found[:5]), found[:6]
    assert any("行政处罚决定书" in t for t in found[:5]), found[:6]


def test_results_show_clean_title_column_date_and_a_highlighted_snippet(search_page):
    type_like_an_ime(search_page, "#gk-search-q", "森林防灭火")
    titles(search_page, "森林防灭火")
    first = search_page.locator(RESULTS).first
    title = first.locator(".gk-search__title").inner_text()
    assert not re.search("[\u200b-\u200d\ufeff]", title)
    expect(first.locator(".gk-search__facts")).to_have_text(re.compile(r"^\S+ · \d{4}-\d{2}-\d{2}"))
    expect(first.locator(".gk-search__snippet mark").first).to_be_visible()
    assert "防灭火" in first.locator(".gk-search__snippet mark").first.inner_text() \
        or "森林" in first.locator(".gk-search__snippet mark").first.inner_text()
    expect(search_page.locator(STATUS)).to_contain_text("找到")


def test_no_result_says_so_in_chinese(search_page):
    type_like_an_ime(search_page, "#gk-search-q", "量子计算机")
    assert titles(search_page, "量子计算机") == []
    expect(search_page.locator(STATUS)).to_contain_text("未找到与“量子计算机”相关的信息")


def test_filters_by_column_and_year_and_the_address_carries_them(search_page, site_url):
    type_like_an_ime(search_page, "#gk-search-q", "通知")
    everything = titles(search_page, "通知")
    search_page.select_option("#gk-search-column", "bmwj")
    search_page.select_option("#gk-search-year", "2025")
    expect(search_page).to_have_url(re.compile(r"column=bmwj.*year=2025|year=2025.*column=bmwj"))
    expect(search_page.locator(f"{RESULTS} .gk-search__facts").first).to_contain_text("2025-")
    filtered = titles(search_page, "通知")
    assert 0 < len(filtered) < len(everything)
    for facts in search_page.locator(f"{RESULTS} .gk-search__facts").all_inner_texts():
        assert facts.startswith("部门文件 · 2025-"), facts


def test_the_address_is_linkable_and_the_back_button_works(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "search/?q=" + quote("烟花爆竹"))
    expect(page.locator("#gk-search-q")).to_have_value("烟花爆竹")
    first = titles(page, "烟花爆竹")
    assert first and "烟花爆竹" in first[0]
    page.fill("#gk-search-q", "防汛")
    page.press("#gk-search-q", "Enter")
    expect(page).to_have_url(re.compile(r"q=%E9%98%B2%E6%B1%9B"))
    second = titles(page, "防汛")
    assert second != first
    page.go_back()
    expect(page.locator("#gk-search-q")).to_have_value("烟花爆竹")
    assert titles(page, "烟花爆竹") == first
    page.close()


def test_the_quick_box_on_every_page_shows_results_and_goes_to_the_results_page(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "xxgk/")
    type_like_an_ime(page, "#gk-quick-q", "恒达化工")
    panel = page.locator("[data-gk-quick-panel]")
    expect(panel).to_be_visible()
    expect(panel.locator(".gk-search__title").first).to_contain_text("恒达化工")
    expect(page.locator(".gk-quick [data-gk-search-status]")).to_contain_text("找到")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    page.press("#gk-quick-q", "Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    assert "恒达化工" in titles(page, "恒达化工")[0]
    page.close()


def test_the_quick_box_searches_when_the_ime_commits_and_not_while_it_composes(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "xxgk/")
    page.focus("#gk-quick-q")
    panel = page.locator("[data-gk-quick-panel]")
    # While composing, the field holds pinyin and every event says isComposing: no search.
    page.evaluate("""() => {
      const box = document.querySelector("#gk-quick-q");
      box.dispatchEvent(new CompositionEvent("compositionstart", {data: ""}));
      box.value = "hengda";
      box.dispatchEvent(new InputEvent("input", {data: "hengda", isComposing: true}));
      box.dispatchEvent(new KeyboardEvent("keyup", {key: "a", isComposing: true}));
    }""")
    page.wait_for_timeout(600)
    expect(panel).to_be_hidden()
    # The commit: the characters arrive in one input event, and no key follows it.
    page.evaluate("""() => {
      const box = document.querySelector("#gk-quick-q");
      box.value = "恒达化工";
      box.dispatchEvent(new InputEvent("input", {data: "恒达化工", isComposing: true}));
      box.dispatchEvent(new CompositionEvent("compositionend", {data: "恒达化工"}));
    }""")
    expect(panel.locator(".gk-search__title").first).to_contain_text("恒达化工")
    page.close()


def test_typing_on_the_results_page_keeps_the_query_opened_in_history(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "search/?q=" + quote("防汛"))
    first = titles(page, "防汛")
    type_like_an_ime(page, "#gk-search-q", "烟花")
    type_like_an_ime(page, "#gk-search-q", "烟花爆竹")
    expect(page).to_have_url(re.compile(r"q=%E7%83%9F%E8%8A%B1%E7%88%86%E7%AB%B9"))
    assert titles(page, "烟花爆竹")
    page.go_back()  # the typing was one entry, not one per pause
    expect(page.locator("#gk-search-q")).to_have_value("防汛")
    assert titles(page, "防汛") == first
    page.close()


def test_search_by_keyboard_alone(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "search/")
    page.focus("#gk-search-q")
    page.keyboard.insert_text("年度报告")
    page.keyboard.press("Enter")
    titles(page, "年度报告")
    for _ in range(8):  # Tab from the field through the filters to the first result
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('gk-search__title')"):
            break
    assert "年度报告" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    expect(page.locator("article h1")).to_contain_text("年度报告")
    page.close()


def test_search_pages_with_results_pass_axe(browser, site_url):
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(site_url + "search/?q=" + quote("安全生产"))
    titles(page, "安全生产")
    page.wait_for_timeout(300)  # snippets
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
    violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)["violations"]
    assert [v["id"] for v in violations] == []
    page.goto(site_url)
    type_like_an_ime(page, "#gk-quick-q", "安全")
    expect(page.locator("[data-gk-quick-panel]")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "search-quick.png"))
    violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)["violations"]
    assert [v["id"] for v in violations] == []
    context.close()


def test_only_published_pages_are_in_the_index(sample_build):
    docs = [json.loads(path.read_text(encoding="utf-8")) for path in (sample_build.site / "search" / "doc").glob("*.json")]
    assert len(docs) > 150
    assert all((sample_build.site / url / "index.html").exists() or (sample_build.site / url).exists() for url, *_ in docs)
    assert not any("neibu" in url or "不予公开" in title for url, title, *_ in docs)


def test_buttons_that_lead_nowhere_are_not_shown(browser, site_url):
    """"显示更多结果" with fewer results than a page, and the quick box's "查看全部搜索结果"
    when the box already shows them all (or none), are hidden, whatever the theme's button style."""
    page = browser.new_page()
    page.goto(site_url + "search/?q=" + "恒达化工")
    titles(page, "恒达化工")
    expect(page.locator("[data-gk-page-more]")).to_be_hidden()
    page.goto(site_url + "xxgk/")
    for query in ("量子计算机", "恒达化工"):
        type_like_an_ime(page, "#gk-quick-q", query)
        expect(page.locator("[data-gk-quick-panel]")).to_be_visible()
        expect(page.locator(".gk-quick [data-gk-search-status]")).to_contain_text(query)
        expect(page.locator("[data-gk-quick-all]")).to_be_hidden()
    type_like_an_ime(page, "#gk-quick-q", "应急")  # more than the box shows: the link is there
    expect(page.locator(".gk-quick [data-gk-search-status]")).to_contain_text("应急")
    expect(page.locator("[data-gk-quick-all]")).to_be_visible()
    page.close()


def test_a_correction_is_said_where_it_is_seen(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "search/?q=" + "防讯")
    expect(page.locator(STATUS)).to_contain_text("没有找到“防讯”，已按“防汛”搜索")
    page.goto(site_url + "xxgk/")
    type_like_an_ime(page, "#gk-quick-q", "專家庫")  # traditional characters are simply read as simplified
    expect(page.locator("[data-gk-quick-panel] .gk-search__title").first).to_contain_text("专家库")
    page.close()


def test_a_word_on_no_page_gets_a_did_you_mean_that_leads_to_it(browser, site_url):
    """应急管埋 (a slip of the shape, not of the sound: 埋 for 理) has no sound-alike; the site's
    word one character away is offered, on the results page and in the quick box. It is an
    offer, not a result: a no-answer query stays without results."""
    page = browser.new_page()
    page.goto(site_url + "search/?q=" + quote("应急管埋"))
    suggestion = page.locator("[data-gk-page-suggest] a")
    expect(suggestion).to_have_text("应急管理")
    expect(page.locator("[data-gk-page-suggest]")).to_contain_text("您是不是要找：应急管理？")
    suggestion.click()
    assert titles(page, "应急管理")
    assert "q=" + quote("应急管理") in page.url
    page.goto(site_url + "xxgk/")
    type_like_an_ime(page, "#gk-quick-q", "危险化学口")  # 口 for 品: partial matches, and the offer above them
    expect(page.locator("[data-gk-quick-panel] .gk-search__suggest a")).to_have_text("危险化学品")
    expect(page.locator("[data-gk-quick-panel] .gk-search__result").first).to_be_visible()
    page.close()
