"""The Chinese search index: terms, shard hashing, the index files and the segment cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai import search
from gongkai.search import Record, SegmentCache, build, markdown_text, shard_of, terms

SEARCH_JS = Path(search.__file__).parent / "theme/assets/gongkai/search.js"

RECORDS = [
    Record("xxgk/fdgk/xzcf/20260105-cf/", "示例市应急管理局行政处罚\u200b决定书\u200d", "xzcf", "行政处罚",
           "2026-01-05", "示应急罚〔2026〕3号", "11990000MB0000001X/2026-00015",
           "当事人未按规定开展安全生产教育和培训，依法给予警告并处罚款。" * 3),
    Record("xxgk/ndbg/2025/", "2025年政府信息公开工作年度报告", "ndbg", "年度报告", "2026-01-20", "",
           "11990000MB0000001X/2026-00016", "本年度报告依据《中华人民共和国政府信息公开条例》编制。"),
    Record("xxgk/fdgk/bmwj/20260110-tz/", "关于做好冬春季森林防火工作的通知", "bmwj", "部门文件",
           "2026-01-10", "示应急〔2026〕12号", "11990000MB0000001X/2026-00017",
           "各区县应急管理局：为切实做好冬春季森林防火工作，现将有关事项通知如下。" + "森林防火" * 900),
    Record("xxgk/fdgk/bmwj/20260111-fa/", "危险化学品安全专项整治工作方案", "bmwj", "部门文件",
           "2026-01-11", "示应急〔2026〕13号", "11990000MB0000001X/2026-00018",
           "开展危险化学品安全专项整治，排查重大事故隐患。"),
    Record("xxgk/gkzn/", "政府信息公开指南", "gkzn", "公开指南", "", "", "",
           "公民、法人或者其他组织可以通过网站查阅主动公开的政府信息。"),
    Record("about/", "\ufeff网站地图", text=""),
]


def postings(files: dict[str, str], term: str) -> list[tuple[int, int]]:
    """A term's (document number, weight) pairs over all its pages, as the browser reads them."""
    manifest = json.loads(files[search.MANIFEST])
    entry = json.loads(files[f"search/terms/{shard_of(term, manifest['terms'])}.json"]).get(term)
    if entry is None:
        return []
    first = entry[2] if entry[2] is not None else json.loads(files[f"search/more/{entry[3]}-0.json"])
    pages = [first] + [json.loads(files[f"search/more/{entry[3]}-{n}.json"]) for n in range(1, entry[1])]
    found = []
    for flat in pages:
        number = 0
        for i in range(0, len(flat), 2):
            number = flat[i] if i == 0 else number + flat[i]
            found.append((number, flat[i + 1]))
    assert len(found) == entry[0]
    return found


def doc(files: dict[str, str], number: int) -> list[str]:
    return json.loads(files[f"search/doc/{number}.json"])


# -- terms -------------------------------------------------------------------------------------

def test_search_mode_gives_words_and_their_sub_words():
    assert {"报告", "年度报告"} <= set(terms("年度报告"))
    assert {"报告", "年度报告", "年度"} <= set(terms("2025年度报告"))
    assert {"行政", "处罚", "行政处罚", "决定书"} <= set(terms("行政处罚决定书"))


def test_ascii_and_digits_are_lowercased_and_split_on_punctuation():
    assert terms("11990000MB0000001X/2026-00015") == ["11990000mb0000001x", "2026", "00015"]
    assert terms("示应急〔2026〕12号") == ["示", "应急", "2026", "12", "号"]
    mixed = terms("PDF 文件 (GB/T 9704-2012)\t第1号， e-mail：Office@Example.gov.cn")
    assert {"pdf", "gb", "t", "9704", "2012", "office", "example", "gov", "cn"} <= set(mixed)
    assert all(term and term == term.lower() for term in mixed)
    assert not any(ch.isspace() or ch == "-" for term in mixed for ch in term)
    assert terms("") == [] and terms("，。、 -/") == []


def test_rjieba_gives_python_jiebas_chinese_terms_on_the_sample_content():
    """rjieba (jieba-rs) replaced jieba for speed: on every sample page it must give the same
    CJK terms, so that the index and the lexicon the browser segments queries with do not change.
    (ASCII may differ: rjieba keeps more of it, e.g. file names.)"""
    import re

    import jieba

    jieba.setLogLevel(60)
    cjk = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    pages = sorted((Path(__file__).resolve().parent.parent / "content").rglob("*.md"))
    assert len(pages) > 200
    for page in pages:
        text = page.read_text(encoding="utf-8-sig")
        expected = [t for t in search._PIECE.findall("\n".join(jieba.cut_for_search(text)).lower())
                    if cjk.match(t)]
        assert [t for t in terms(text) if cjk.match(t)] == expected, page.name


def test_markdown_text_keeps_only_the_words():
    markdown = """## 一、**工作目标**

见[附件1](files/a.pdf)和![现场照片](img/a.jpg)。<span class="x">强调</span> `代码` _斜体_

| 序号 | 事项 |
| --- | :---: |
| 1 | 隐患排查 |

```text
围栏内
```
> 引用\u200b
- 列表项
"""
    assert markdown_text(markdown) == ("一、工作目标 见附件1和 。 强调 代码 斜体 序号 事项 1 隐患排查 "
                                       "围栏内 引用 列表项")


# -- shard_of ------------------------------------------------------------------------------------

def fnv1a_utf16(term: str) -> int:
    """FNV-1a written out separately: code units from code points, surrogates by hand."""
    units = []
    for char in term:
        point = ord(char)
        if point > 0xFFFF:
            point -= 0x10000
            units += [0xD800 + (point >> 10), 0xDC00 + (point & 0x3FF)]
        else:
            units.append(point)
    value = 2166136261
    for unit in units:
        value = ((value ^ unit) * 16777619) % 2**32
    return value


#: shardOf(term, 2**32) as a browser computes it (Math.imul; checked in Chromium below).
JS_HASHES = {"报告": 1339070174, "年度报告": 1624583948, "2026": 1076444563,
             "11990000mb0000001x": 3907893531, "a": 3826002220, "": 2166136261,
             "𠀀": 3072481677, "𠮷野家": 4249779706}


@pytest.mark.parametrize("term,expected", JS_HASHES.items())
def test_shard_of_is_fnv1a_over_utf16_code_units(term, expected):
    assert shard_of(term, 2**32) == fnv1a_utf16(term) == expected
    assert shard_of(term, 31) == expected % 31 and shard_of(term, 1) == 0


# -- build ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return build(RECORDS)


def test_every_kind_of_file_is_there(files):
    kinds = {path.split("/")[1] if path.count("/") > 1 else path for path in files}
    assert kinds == {"search/manifest.json", "terms", "numbers", "words", "pinyin", "sounds", "doc", "text",
                     "search/t2s.txt", "search/synonyms.json"}  # and more/, for terms with more than a page
    assert "\\u" not in files[search.MANIFEST] and ", " not in files[search.MANIFEST]


def test_documents_are_numbered_newest_first_and_years_are_ranges(files):
    manifest = json.loads(files[search.MANIFEST])
    assert manifest["version"] == search.VERSION and manifest["documents"] == 4
    assert [doc(files, n)[3] for n in range(6)] == ["2026-01-20", "2026-01-11", "2026-01-10", "2026-01-05", "", ""]
    assert manifest["years"] == {"2026": [0, 3]}
    assert doc(files, 3) == ["xxgk/fdgk/xzcf/20260105-cf/", "示例市应急管理局行政处罚决定书", "行政处罚",
                             "2026-01-05", "示应急罚〔2026〕3号"]  # zero-width characters gone
    assert doc(files, 5) == ["about/", "网站地图", "", "", ""]


def test_a_term_is_in_its_shard_only_with_every_document_and_a_weight(files):
    manifest = json.loads(files[search.MANIFEST])
    shards = [json.loads(files[f"search/terms/{k}.json"]) for k in range(manifest["terms"])]
    for term in ("安全", "森林", "处罚", "2026"):
        assert [k for k, shard in enumerate(shards) if term in shard] == [shard_of(term, manifest["terms"])]
    assert [n for n, _ in postings(files, "安全")] == [1, 3]
    assert postings(files, "量子") == []


def test_a_title_word_weighs_more_than_a_body_word_and_is_marked(files):
    notice, plan = 2, 1  # 关于做好冬春季森林防火工作的通知, 危险化学品安全专项整治工作方案
    assert dict(postings(files, "通知"))[notice] & 1 and not dict(postings(files, "如下"))[notice] & 1
    assert dict(postings(files, "通知"))[notice] > dict(postings(files, "如下"))[notice] * 5
    assert dict(postings(files, "安全"))[plan] & 1  # in the title and the body: one posting, marked
    assert dict(postings(files, "部门"))[plan] & 1 == 0  # the column title's word: no mark


def test_body_weight_grows_with_term_frequency():
    body = build([Record("a/", "甲", text="森林" * 9), Record("b/", "乙", text="森林 草原")])
    weights = dict(postings(body, "森林"))
    assert weights[0] > weights[1] > 0


def test_pages_split_a_term_and_add_up_to_the_whole(files):
    paged = build(RECORDS, page=1)
    for term in ("安全", "应急", "2026", "#bmwj", "11990000mb0000001x"):
        assert postings(paged, term) == postings(files, term)
    entry = json.loads(paged[f"search/terms/{shard_of('2026', json.loads(paged[search.MANIFEST])['terms'])}.json"])["2026"]
    assert entry[1] == entry[0] > 1 and f"search/more/{entry[3]}-1.json" in paged


def test_the_column_filter_is_a_term(files):
    assert [n for n, _ in postings(files, "#bmwj")] == [1, 2]
    assert [n for n, _ in postings(files, "#gkzn")] == [4]


def test_numbers_are_found_whole_and_by_their_tails(files):
    manifest = json.loads(files[search.MANIFEST])

    def lookup(typed: str) -> list[int]:
        key = search.normalise_number(typed)
        return json.loads(files[f"search/numbers/{shard_of(key, manifest['numbers'])}.json"]).get(key, [])

    assert lookup("示应急〔2026〕12号") == [2, 1]
    assert lookup("示应急[2026]第12号") == lookup("示应急2026年第12号") == lookup(" 示应急（2026）12号") == [2, 1]
    assert lookup("〔2026〕12号") == [2, 0]  # a tail: found, below a whole match
    assert lookup("11990000MB0000001X/2026-00015") == [3, 1] and lookup("2026-00015") == [3, 0]
    assert lookup("12号") == []


def test_words_are_sharded_by_their_first_character(files):
    manifest = json.loads(files[search.MANIFEST])
    words = [w for k in range(manifest["words"]) for w in files[f"search/words/{k}.txt"].splitlines()]
    assert words and len(words) == len(set(words))
    for k in range(manifest["words"]):
        assert all(shard_of(w[0], manifest["words"]) == k for w in files[f"search/words/{k}.txt"].splitlines())
    assert {"年度报告", "森林", "危险", "化学品"} <= set(words)
    assert all(len(w) >= 2 and w[0] >= "\u4e00" for w in words)


def test_text_files_are_truncated_plain_text(files):
    assert len(files["search/text/2.txt"]) == search.TEXT_LIMIT
    assert files["search/text/5.txt"] == ""


def test_no_pages_is_a_valid_empty_index():
    nothing = build([])
    assert json.loads(nothing[search.MANIFEST])["documents"] == 0
    assert nothing["search/terms/0.json"] == "{}" and nothing["search/words/0.txt"] == ""


def test_no_file_a_query_reads_is_over_the_limit_at_any_size():
    """3,000 documents with words every one of them has: the shards split, the pages keep
    a common word's first page small, and nothing a query reads is over SHARD_LIMIT."""
    import random

    rng = random.Random(7)
    vocabulary = ["应急", "管理", "安全", "生产", "检查", "通知", "防汛", "森林", "化工", "企业", "隐患", "整改"]
    records = [Record(f"d{i}/", f"关于{rng.choice(vocabulary)}{rng.choice(vocabulary)}的通知", "c", "栏目",
                      f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", f"示应急〔2026〕{i}号", "",
                      "".join(rng.choice(vocabulary) for _ in range(200)) + f"编号{i:05d}企业有限公司")
               for i in range(3000)]
    files = build(records)
    manifest = json.loads(files[search.MANIFEST])
    assert manifest["terms"] > 1
    read_first = [p for p in files if p.split("/")[1] in ("terms", "words", "numbers", "pinyin", "sounds", "more")]
    assert max(len(files[p].encode()) for p in read_first) <= search.SHARD_LIMIT
    entry = json.loads(files[f"search/terms/{shard_of('应急', manifest['terms'])}.json"])["应急"]
    assert entry[2] is None and len(json.loads(files[f"search/more/{entry[3]}-0.json"])) == 2 * search.PAGE
    # The shards hold light entries only: none weighs much more than aimed at.
    shards = [len(files[f"search/terms/{k}.json"].encode()) for k in range(manifest["terms"])]
    assert max(shards) < 4 * search.SHARD_BYTES


# -- segment cache ------------------------------------------------------------------------------

def test_cache_skips_segmentation_of_unchanged_texts(tmp_path, monkeypatch, files):
    file = tmp_path / ".cache" / "gongkai" / "segments.pickle"
    cache = SegmentCache(file)
    assert build(RECORDS, cache) == files
    cache.save()
    assert file.exists() and [p.name for p in file.parent.iterdir()] == ["segments.pickle"]

    def no_segmenter(text: str) -> list[str]:
        raise AssertionError(f"segmented again: {text!r}")

    monkeypatch.setattr(search, "terms", no_segmenter)
    again = SegmentCache(file)
    assert build(RECORDS, again) == files
    stamp = file.stat().st_mtime_ns
    again.save()  # nothing changed: not rewritten
    assert file.stat().st_mtime_ns == stamp


def test_cache_drops_entries_this_build_did_not_use(tmp_path):
    file = tmp_path / "segments.pickle"
    cache = SegmentCache(file)
    cache.terms("年度报告")
    cache.terms("行政处罚")
    cache.save()
    cache = SegmentCache(file)
    assert cache.terms("年度报告") == ["年度", "报告", "年度报告"] and cache.misses == 0
    cache.save()
    assert len(SegmentCache(file)._old) == 1


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01.", b"\x80\x05N."])
def test_a_damaged_cache_is_an_empty_one(tmp_path, content):
    file = tmp_path / "segments.pickle"
    file.write_bytes(content)
    cache = SegmentCache(file)
    assert cache.terms("年度报告") == ["年度", "报告", "年度报告"] and cache.misses == 1
    cache.save()
    assert SegmentCache(file).terms("年度报告") == ["年度", "报告", "年度报告"]


def test_no_cache_file_means_no_writing(tmp_path):
    cache = SegmentCache(None)
    assert cache.terms("报告") == ["报告"]
    cache.save()
    assert list(tmp_path.iterdir()) == []


# -- in the browser ----------------------------------------------------------------------------

@pytest.mark.browser
def test_the_browser_hashes_and_normalises_as_the_build(browser):
    """search.js's shardOf and normalise are copies of shard_of and normalise_number."""
    script = SEARCH_JS.read_text(encoding="utf-8")
    functions = [script[script.index(f"  function {name}("):] for name in ("shardOf", "normalise")]
    functions = [f[:f.index("\n  }\n") + 4] for f in functions]
    typed = ["示应急〔2026〕第12号", "示应急2026年第12号", " 示应急（２０２６）１２号 ", "11990000MB0000001X/2026-00015",
             "Ａｂｃ【2025】3号"]
    page = browser.new_page()
    out = page.evaluate("([code, terms, typed]) => { const f = new Function(code + "
                        "'; return [shardOf, normalise];')(); return [terms.map((t) => f[0](t, 2 ** 32)), "
                        "typed.map(f[1])]; }", ["\n".join(functions), list(JS_HASHES), typed])
    page.close()
    assert out[0] == list(JS_HASHES.values())
    assert out[1] == [search.normalise_number(t) for t in typed]


def test_names_are_indexed_by_their_character_pairs():
    """jieba cuts a name it does not know across its words; the pairs of the name find it."""
    assert search.name_pairs("责令示例市瑞丰化工贸易有限公司整改") == ["瑞丰", "丰化", "化工", "工贸", "贸易"]
    assert search.name_pairs("没有名称的句子") == []


def test_query_helpers_are_bounded_by_the_vocabulary():
    helpers = search.query_helpers(["应急", "应急管理", "专家库", "危险", "化学品", "防汛", "督办"], search.SYNONYMS)
    pairs = helpers["search/t2s.txt"].splitlines()
    assert "應应" in pairs and "專专" in pairs and all(len(p) == 2 for p in pairs)
    assert "貓猫" not in pairs  # 猫 is in no word of this site
    groups = json.loads(helpers["search/synonyms.json"])
    assert [["危化品", ["危化品"]], ["危险化学品", ["危险", "化学品"]]] in groups
    sounds = search.pinyin_lines(["应急", "应急管理", "专家库", "防汛", "督办"])
    assert sounds["fangxun"] == "fangxun\t防汛\n" and sounds["yingji"] == "yingji\t应急\n"
    assert sounds["zhuanjiaku"] == "zhuanjiaku\t专家库\n"
    readings = {line[0]: line[2:].split() for line in search.sound_lines(["督办"]).values()}
    assert set(readings["都"]) == {"du", "dou"} and "xun" in readings["讯"] and len(readings) > 6000


def _corpus(count: int) -> list[Record]:
    import random

    rng = random.Random(11)
    words = ["应急", "管理", "安全", "生产", "检查", "防汛", "森林", "化工", "企业", "隐患", "整改", "培训"]
    return [Record(f"d{i}/", f"关于{rng.choice(words)}{rng.choice(words)}工作的通知", "c" if i % 3 else "d",
                   "部门文件" if i % 3 else "通知公告", f"{2024 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                   f"示应急〔2026〕{i}号", "", "".join(rng.choice(words) for _ in range(40)))
            for i in range(80)]


RESULTS_PAGE = """<!doctype html><html lang="zh-CN"><title>搜索</title>
<form data-gk-search="page" action="/search/" data-index="/search/" data-root="">
<input name="q"><select name="column"><option value=""></option><option value="c">c</option></select>
<select name="year"><option value=""></option><option value="2025">2025</option></select></form>
<p data-gk-page-status></p><div data-gk-page-suggest></div><ol data-gk-page-results></ol>
<button data-gk-page-more hidden>more</button><script src="/assets/gongkai/search.js"></script></html>"""


def run_in_browser(browser, files: dict[str, str], queries: list[str]) -> tuple[list, list[str]]:
    """Each query's status and result addresses on a results page over these files, once the
    whole count is in; and every file the page read."""
    context = browser.new_context()
    read = []

    def serve(route):
        path = route.request.url.split("//gk.test/", 1)[1].split("?")[0]
        read.append(path)
        if path == "search/":
            return route.fulfill(body=RESULTS_PAGE, content_type="text/html; charset=utf-8")
        if path == "assets/gongkai/search.js":
            return route.fulfill(path=str(SEARCH_JS))
        if path in files:
            return route.fulfill(body=files[path], content_type="text/plain; charset=utf-8")
        return route.fulfill(status=404)

    context.route("http://gk.test/**", serve)
    page = context.new_page()
    out = []
    for query in queries:
        q, _, filters = query.partition("&")
        page.goto(f"http://gk.test/search/?q={q}&{filters}")
        page.wait_for_function("() => document.querySelector('[data-gk-page-status]').textContent.includes('找到')"
                               " && !document.querySelector('form[aria-busy]')")
        out.append((page.inner_text("[data-gk-page-status]"),
                    page.locator("[data-gk-page-results] a").evaluate_all("a => a.map(x => x.pathname)")))
    context.close()
    return out, read


@pytest.mark.browser
def test_reading_page_by_page_finds_what_reading_everything_finds(browser, monkeypatch):
    """Postings one per page: the browser reads on until it has a page of results, then to
    the end for the count; the results and their order are those of the whole index, and
    of an index whose every first page is a file of its own."""
    records = _corpus(80)
    # 鑫 is on no page: 森林 and 化工 bound the partial matches in the whole index, and are
    # read page by page in the other.
    queries = ["安全", "应急 检查", "森林防汛", "示应急〔2026〕7号", "通知&column=c", "企业&year=2025",
               "森林 化工 鑫", "量子"]
    whole, _ = run_in_browser(browser, build(records), queries)
    paged, read = run_in_browser(browser, build(records, page=2), queries)
    assert paged == whole
    assert any(r.startswith("search/more/") for r in read)
    monkeypatch.setattr(search, "OWN_PAGE_BYTES", 0)
    apart, read = run_in_browser(browser, build(records), queries)
    assert apart == whole
    assert any(r.startswith("search/more/") and r.endswith("-0.json") for r in read)
    assert all(found for status, found in whole[:-1]) and whole[-1][1] == []
    assert whole[0][0].startswith("找到 ") and "以上" not in whole[0][0]
    assert "部分" in whole[-2][0], whole[-2]  # said to be partial matches


def test_an_unchanged_site_reuses_its_whole_index(tmp_path, monkeypatch):
    """CI's daily build with no new commit: the index kept in .cache/ is used as it is; any
    change to a page's text or record builds it again."""
    page = tmp_path / "a.md"
    page.write_text("---\n标题: 甲\n---\n\n安全生产检查通知。\n", encoding="utf-8")
    pages = [(Record("a/", "安全生产检查通知"), str(page))]
    cache = str(tmp_path / "segments.pickle")
    first = search.build_site_index(pages, cache)
    assert (tmp_path / search.INDEX_CACHE).exists()

    def refused(*args, **kwargs):
        raise AssertionError("built again")

    with monkeypatch.context() as patch:
        patch.setattr(search, "build", refused)
        assert search.build_site_index(pages, cache) == first
    page.write_text("---\n标题: 甲\n---\n\n森林防火检查通知。\n", encoding="utf-8")
    changed = search.build_site_index(pages, cache)
    assert changed != first
    assert search.build_site_index([(Record("a/", "森林防火"), str(page))], cache) != changed


def test_weights_of_one_field_terms_match_the_general_sum():
    """A term found in one field takes a shorter path through ``weighted``: it must give the
    weights the general sum over fields gives (BM25 per field, title and 文号 marked)."""
    import math
    import random
    from collections import Counter

    rng = random.Random(7)
    postings = search._Postings()
    for number in range(60):
        for at, field in enumerate(search.FIELD_WEIGHTS):  # overlapping vocabularies per field
            words = [f"w{n}" for n in range(10 * at, 10 * at + 15)]
            postings.add(number, field, Counter(rng.choices(words, k=rng.randint(0, 12))))
    terms = [term for term, _ in postings.weighted()]
    assert terms == sorted(terms)  # in order: the index's files are written as they come
    fast = dict(postings.weighted())

    total = len(postings.lengths["t"])
    norms = {field: [search.K1 * (1 - search.B + search.B * length / ((sum(lengths) / total) or 1))
                     for length in lengths] for field, lengths in postings.lengths.items()}
    single = 0
    for term, flat in fast.items():
        found = [(f, p[term]) for f, p in postings.fields.items() if term in p]
        single += len(found) == 1
        documents = len(set().union(*(numbers for _, (numbers, _) in found)))
        idf = math.log(1 + abs((total - documents + 0.5) / (documents + 0.5)))
        scores: dict[int, float] = {}
        for field, (numbers, counts) in found:
            factor = 10 * search.FIELD_WEIGHTS[field] * idf * (search.K1 + 1)
            for number, tf in zip(numbers, counts, strict=True):
                scores[number] = scores.get(number, 0.0) + factor * tf / (norms[field][number] + tf)
        marked = {n for f, (numbers, _) in found if f in ("t", "n") for n in numbers}
        expected = [x for n in sorted(scores) for x in (n, 2 * max(1, round(scores[n])) + (n in marked))]
        assert flat == expected, term
    assert 0 < single < len(fast)  # both paths were taken
