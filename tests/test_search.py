"""The Chinese search index: terms, shard hashing, the lunr files and the segment cache."""

from __future__ import annotations

import json
from pathlib import Path

import mkdocs
import pytest
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline

from gongkai import search
from gongkai.search import Record, SegmentCache, build, markdown_text, shard_of, terms

#: lunr.js 2.3.9 as MkDocs ships it (the version the lunr package targets).
LUNR_JS = Path(mkdocs.__file__).parent / "contrib/search/templates/search/lunr.js"

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


def load(files: dict[str, str], path: str) -> Index:
    return Index.load(json.loads(files[path]))


def refs(index: Index, term: str, fields: list[str] | None = None) -> list[str]:
    """Refs of a one-term query, best first (the pipelines are empty: the term is used as is)."""
    query = index.create_query(fields)
    query.term(term)
    return [match["ref"] for match in index.query(query)]


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


def test_shard_count_grows_with_the_text_and_is_capped():
    assert search.shard_count([]) == 1
    assert search.shard_count(RECORDS) == 1
    mid = search.shard_count([Record("x/", "t", text="字" * 700)] * 1000)
    assert 10 <= mid <= 100
    assert search.shard_count([Record("x/", "t", text="字" * 100_000)] * 1000) == 256


# -- build ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return build(RECORDS)


@pytest.fixture(scope="module")
def sharded() -> dict[str, str]:
    """The same records over four body shards."""
    patch = pytest.MonkeyPatch()
    patch.setattr(search, "shard_count", lambda records: 4)
    try:
        return build(RECORDS)
    finally:
        patch.undo()


def test_every_file_is_there(files):
    assert set(files) == ({"search/meta.json", "search/titles/0.json", "search/lexicon.txt",
                           "search/body/0.json", "search/t2s.txt", "search/synonyms.json", "search/pinyin.txt",
                           "search/sounds.txt"}
                          | {f"search/text/{n}.txt" for n in range(len(RECORDS))})


def test_meta_lists_documents_and_columns_with_clean_titles(files):
    meta = json.loads(files["search/meta.json"])
    assert meta["version"] == search.VERSION and meta["shards"] == 1
    assert meta["columns"] == [["xzcf", "行政处罚"], ["ndbg", "年度报告"], ["bmwj", "部门文件"],
                               ["gkzn", "公开指南"]]
    assert meta["docs"][0] == ["xxgk/fdgk/xzcf/20260105-cf/", "示例市应急管理局行政处罚决定书", 0,
                               "2026-01-05", "示应急罚〔2026〕3号", "11990000MB0000001X/2026-00015"]
    assert meta["docs"][3][2] == 2 and meta["docs"][5] == ["about/", "网站地图", -1, "", "", ""]
    assert "\\u" not in files["search/meta.json"] and ", " not in files["search/meta.json"]


def test_titles_index_finds_titles_numbers_and_columns(files):
    titles = load(files, "search/titles/0.json")  # one shard: the whole title index
    assert titles.fields == ["t", "n", "c"]
    assert refs(titles, "处罚")[0] == "0"
    assert refs(titles, "决定书") == ["0"]  # the zero-width space was gone before segmenting
    assert refs(titles, "年度报告")[0] == "1"  # the title (boost 10) before the column title
    assert refs(titles, "00017") == ["2"]
    assert sorted(refs(titles, "11990000mb0000001x", ["n"])) == ["0", "1", "2", "3"]
    assert refs(titles, "部门", ["c"]) == ["2", "3"]
    assert refs(titles, "地图") == ["5"]


def test_no_pipeline_so_lunr_js_needs_no_registered_functions(files, sharded):
    for path, text in {**files, **sharded}.items():
        if path.endswith(".json") and path not in ("search/meta.json", "search/synonyms.json"):
            index = json.loads(text)
            assert index["pipeline"] == [] and index["version"] == "2.3.9"


def test_a_body_term_is_in_its_shard_and_no_other(sharded):
    assert json.loads(sharded["search/meta.json"])["shards"] == 4
    shards = [load(sharded, f"search/body/{k}.json") for k in range(4)]
    for term, docs in {"森林": ["2"], "隐患": ["3"], "安全": ["0", "3"], "公民": ["4"]}.items():
        home = shard_of(term, 4)
        assert sorted(refs(shards[home], term)) == docs
        assert all(not refs(index, term) for k, index in enumerate(shards) if k != home)
    # A doc is only in the shards where it has terms: about/ (no text) is in none.
    assert all("b/5" not in index.field_vectors for index in shards)


def test_body_keeps_term_frequency():
    """Repeated terms count: of two texts of four terms, the one with 森林 thrice ranks first."""
    body = build([Record("a/", "甲", text="森林 草原 湿地 调查"), Record("b/", "乙", text="森林 森林 森林 调查")])
    assert refs(load(body, "search/body/0.json"), "森林") == ["1", "0"]


def test_empty_shards_are_valid_lunr_indexes(sharded):
    empty = search.build([Record("x/", "只有标题")])
    assert json.loads(empty["search/body/0.json"]) == {
        "version": "2.3.9", "fields": ["b"], "fieldVectors": [], "invertedIndex": [], "pipeline": []}
    assert refs(load(empty, "search/body/0.json"), "标题") == []
    assert refs(load(empty, "search/titles/0.json"), "标题") == ["0"]
    nothing = search.build([])
    assert json.loads(nothing["search/meta.json"])["docs"] == []
    assert nothing["search/lexicon.txt"] == ""


def test_lexicon_holds_sorted_cjk_words_of_every_field(files):
    words = files["search/lexicon.txt"].splitlines()
    assert words == sorted(set(words)) and files["search/lexicon.txt"].endswith("\n")
    expected = {term for r in RECORDS
                for field in (r.title, r.doc_number, r.index_number, r.column_title, r.text)
                for term in terms(field) if len(term) >= 2 and not term.isascii()}
    assert set(words) == expected
    assert {"行政处罚", "决定书", "年度报告", "部门", "森林", "公民"} <= expected


def test_text_files_are_truncated_plain_text(files):
    assert files["search/text/0.txt"] == RECORDS[0].text
    assert files["search/text/2.txt"] == RECORDS[2].text[:3000]
    assert files["search/text/5.txt"] == ""


def test_indexes_equal_what_the_stock_lunr_builder_makes(files, sharded):
    """The fast builder only skips re-tokenising: the JSON is the stock Builder's."""

    def stock(fields: dict[str, int], docs: list[dict]) -> str:
        builder = Builder()
        builder.pipeline, builder.search_pipeline = Pipeline(), Pipeline()
        builder.ref("id")
        for name, boost in fields.items():
            builder.field(name, boost=boost)
        for doc in docs:
            builder.add(doc)
        return json.dumps(builder.build().serialize(), ensure_ascii=False, separators=(",", ":"))

    def joined(text: str) -> str:
        return " ".join(terms(search.clean(text)))

    titles = [{"id": str(n), "t": joined(r.title), "n": joined(f"{r.doc_number} {r.index_number}"),
               "c": joined(r.column_title)} for n, r in enumerate(RECORDS)]
    assert stock({"t": 10, "n": 5, "c": 1}, titles) == files["search/titles/0.json"]
    for k in range(4):  # each title shard: the stock index of the terms that hash to it
        docs = []
        for doc in titles:
            mine = {f: " ".join(t for t in doc[f].split() if shard_of(t, 4) == k) for f in ("t", "n", "c")}
            if any(mine.values()):
                docs.append({"id": doc["id"], **mine})
        assert stock({"t": 10, "n": 5, "c": 1}, docs) == sharded[f"search/titles/{k}.json"]
    for k in range(4):
        docs = []
        for n, record in enumerate(RECORDS):
            mine = [term for term in terms(record.text) if shard_of(term, 4) == k]
            if mine:
                docs.append({"id": str(n), "b": " ".join(mine)})
        assert stock({"b": 1}, docs) == sharded[f"search/body/{k}.json"]


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


# -- lunr.js ------------------------------------------------------------------------------------

@pytest.mark.browser
def test_lunr_js_in_chromium_loads_the_files_and_hashes_alike(sharded, browser):
    """What the browser does: hash a term to its shard, load that shard's indexes, query."""
    page = browser.new_page()
    page.set_content("<!doctype html><title>lunr</title>")
    page.add_script_tag(path=str(LUNR_JS))
    out = page.evaluate("""([files, terms]) => {
      const read = (path) => JSON.parse(files["search/" + path]);
      function shardOf(term, shards) { let h = 0x811c9dc5; for (let i = 0; i < term.length; i++) {
        h ^= term.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; } return h % shards; }
      const meta = read("meta.json"), out = {hashes: {}, body: {}};
      for (const term of terms) out.hashes[term] = shardOf(term, 2 ** 32);
      const titles = lunr.Index.load(read("titles/" + shardOf("处罚", meta.shards) + ".json"));
      out.titles = titles.query((q) => q.term("处罚")).map((r) => r.ref);
      for (const term of ["森林", "安全"]) {
        const index = lunr.Index.load(read("body/" + shardOf(term, meta.shards) + ".json"));
        out.body[term] = index.query((q) => q.term(term)).map((r) => r.ref).sort();
      }
      return out;
    }""", [sharded, list(JS_HASHES)])
    page.close()
    assert out["hashes"] == JS_HASHES
    assert out["titles"][0] == "0"
    assert out["body"] == {"森林": ["2"], "安全": ["0", "3"]}


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
    sounds = dict(line.split("\t") for line in helpers["search/pinyin.txt"].splitlines())
    assert sounds["fangxun"] == "防汛" and sounds["yingji"] == "应急" and sounds["zhuanjiaku"] == "专家库"
    readings = {line[0]: line[1:].split() for line in helpers["search/sounds.txt"].splitlines()}
    assert set(readings["都"]) == {"du", "dou"} and "xun" in readings["讯"] and len(readings) > 6000
