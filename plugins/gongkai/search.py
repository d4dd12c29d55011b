"""Chinese full-text search index, built with rjieba at build time, read by search.js.

Nothing a browser reads before its first result grows with the number of pages. Every file
is small and found by hashing (``shard_of``) what the query holds:

- ``search/manifest.json``: shard counts, and which document numbers were published in which
  year (documents are numbered newest first, see ``_rank_order``);
- ``search/words/{k}.txt``: the site's words, by their first character: the browser, which
  has no segmenter, cuts a typed query with the shards of its characters;
- ``search/terms/{k}.json``: per term, how many pages have it, and its first page of
  postings (document number and a weight: BM25 over title, 文号, column and body, see
  ``_Postings.weighted``), or null when that page is heavy; ``search/more/{n}-{page}.json``:
  a heavy first page (page 0) and the pages after it, read only when a query needs more
  than the first page's (newest) documents;
- ``search/numbers/{k}.json``: 文号 and 索引号, whole and by their tails;
- ``search/doc/{id}.json`` and ``search/text/{id}.txt``: what a shown result says (address,
  title, column, date, 文号) and the text of its snippet, read per shown result;
- ``search/t2s.txt``, ``search/synonyms.json``, ``search/pinyin/{k}.txt`` and
  ``search/sounds/{k}.txt``: see ``query_helpers``, ``pinyin_lines`` and ``sound_lines``.

Segmentation is jieba's search mode as implemented by jieba-rs (the ``rjieba`` binding):
the same dictionary and the same Chinese terms as Python jieba on the sample content (a test
checks it), about 28 times faster. This module imports nothing from MkDocs so it can run in
a worker.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import heapq
import html
import importlib.metadata
import json
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path

from .doccache import code_fingerprint, paused_gc, read_pickle, write_pickle
from .pagecache import digest

#: What a browser reads; bump when a file's shape changes.
VERSION = 3
#: The one file a browser reads before any other: shard counts, how numbers map to years.
MANIFEST = "search/manifest.json"
#: How much a term counts in each field: title, 文号/索引号, column title, body.
FIELD_WEIGHTS = {"t": 40, "n": 20, "c": 4, "b": 1}
#: BM25's constants, as lunr and Lucene use them.
K1, B = 1.2, 0.75
#: Postings per page: a query reads the first page of a word, the next only when it needs it.
PAGE = 1000
#: Aimed-at sizes of a term shard and of a word or pinyin shard, in bytes; no shard may be
#: over SHARD_LIMIT, the most a query's word should cost to fetch.
SHARD_BYTES = 16_000
WORD_SHARD_BYTES = 8_000
SHARD_LIMIT = 100_000
#: A first page longer than this is a file of its own, not part of its term's shard: no
#: entry is then more than ~3 % of a shard, so shards weigh the same (measured: sizes vary
#: by 3 % at 10k documents, where 1,500 let mid-frequency words make them vary by 21 %).
OWN_PAGE_BYTES = 500
#: The term a column's pages are listed under, for the column filter (#gfxwj).
COLUMN_MARK = "#"
#: Characters of plain text kept per document for snippets.
TEXT_LIMIT = 3000

#: A term: a run of ASCII letters/digits or of CJK ideographs (Extension A, unified,
#: compatibility). Everything else, punctuation and whitespace included, separates terms.
_PIECE = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\ufeff]")
#: An organisation's name: what comes before 有限公司, 厂, 合作社…  jieba cuts names it does
#: not know across their words (示例市瑞丰化工贸易有限公司 → 市瑞丰/化工/…), so each such
#: name's character pairs are indexed too, and 瑞丰化工 finds it wherever it appears.
_NAME_END = re.compile(r"股份有限公司|有限责任公司|有限公司|集团公司|公司|集团|合作社|工厂|厂|商行|商店|超市|"
                       r"加油站|门市部|经营部|中心|酒店|宾馆")
_CJK = re.compile(r"[\u4e00-\u9fff]")

#: Words a government site's readers abbreviate, with the full forms they mean (a site adds
#: its own with the plugin's `search_synonyms` option). Each side finds the other.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "危化品": ("危险化学品",), "危化": ("危险化学品",), "安监": ("安全生产监督管理", "安全监管"),
    "双随机": ("双随机一公开",), "应急预案": ("预案",), "信息公开": ("政府信息公开",),
    "依申请": ("依申请公开",), "年报": ("年度报告",), "处罚": ("行政处罚",), "许可": ("行政许可",),
    "黑名单": ("失信", "联合惩戒"), "红头文件": ("规范性文件",), "消防": ("火灾",),
}
#: Words of a question that say nothing about what is sought; dropped from queries.
FILLER = ("怎么样", "怎么", "怎样", "如何", "要不要", "是不是", "能不能", "可不可以", "有没有", "需不需要",
          "需要", "是否", "哪里", "哪些", "什么", "请问", "我想", "想要", "一下", "吗", "呢", "吧", "啊", "呀")


def _segmenter_version() -> str:
    return _version("rjieba")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


@dataclass(frozen=True)
class Record:
    """One searchable page."""

    url: str  # site-relative, no leading slash
    title: str
    column: str = ""  # column id, "" outside columns
    column_title: str = ""
    date: str = ""  # 发布日期, YYYY-MM-DD
    doc_number: str = ""  # 发文字号
    index_number: str = ""  # 索引号
    text: str = ""  # plain body text (see markdown_text)


# -- text ----------------------------------------------------------------------------------

_MARKDOWN_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"^[ \t]*(?:```|~~~).*$", re.M), " "),  # fence lines; the code stays
    (re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), " "),  # images
    (re.compile(r"\[\^[^\]]*\](?::)?"), " "),  # footnote marks
    (re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]"), r"\1\2"),  # links
    (re.compile(r"^[ \t]*\[[^\]]+\]:.*$", re.M), " "),  # link reference definitions
    (re.compile(r"<[^>\n]+>"), " "),  # HTML tags
    (re.compile(r"\{:?[ \t]*[.#][^}\n]*\}"), " "),  # attribute lists { .class }
    (re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+"([^"]*)")?', re.M), r"\1"),
    (re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.M), " "),
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$|^[ \t]*=+[ \t]*$", re.M), " "),  # rules, setext
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*|[ \t]+#+[ \t]*$", re.M), ""),  # heading marks
    (re.compile(r"^[ \t]*>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"^[ \t]*(?:[-+*]|\d+[.)])[ \t]+", re.M), ""),  # list markers
    (re.compile(r"\|"), " "),  # table cells
    (re.compile(r"[`*~]+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])"), ""),  # code, emphasis
]


def markdown_text(markdown: str) -> str:
    """Plain text of a Markdown body, for indexing and snippets (not for display as HTML)."""
    text = markdown
    for pattern, replacement in _MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    text = _ZERO_WIDTH.sub("", html.unescape(text))
    return " ".join(text.split())


def clean(value: str) -> str:
    """A title or number without zero-width characters and surrounding space."""
    return _ZERO_WIDTH.sub("", value or "").strip()


def terms(text: str) -> list[str]:
    """Index and query terms of ``text``: search-mode words, split into ASCII/CJK runs.

    The client mirrors this on queries, so it must stay exactly as documented: lowercase,
    runs of [a-z0-9] or CJK ideographs, everything else dropped.
    """
    if not text:
        return []
    # Joining with a newline (never part of a term) lets one findall do every token.
    import rjieba  # here: `gongkai check` imports this module but never segments

    return _PIECE.findall("\n".join(rjieba.cut_for_search(text, True)).lower())


def shard_of(term: str, shards: int) -> int:
    """FNV-1a (32-bit) over the UTF-16 code units of ``term``, as the browser computes it."""
    data = term.encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


# -- segmentation cache ------------------------------------------------------------------------

INDEX_CACHE = "search-index.pickle"  # the last index built, beside the segments' cache


class SegmentCache:
    """Terms of texts seen in earlier builds, so that an unchanged text is not segmented again.

    Keyed by a blake2b digest of the text. Entries not used in this build are dropped on
    save, so the file tracks the site. A missing, damaged or outdated file is an empty cache.
    """

    def __init__(self, file: Path | None):
        self.file = Path(file) if file is not None else None
        # Stored in the file: another term rule or segmenter makes old entries wrong.
        self.format = [2, _PIECE.pattern, _segmenter_version()]
        self._old: dict[bytes, str] = self._load()
        self._used: dict[bytes, str] = {}
        self.misses = 0

    def _load(self) -> dict[bytes, str]:
        stored = read_pickle(self.file) if self.file is not None else None
        if isinstance(stored, dict) and stored.get("format") == self.format \
                and isinstance(stored.get("entries"), dict):
            return stored["entries"]
        return {}

    def terms(self, text: str) -> list[str]:
        """The terms of ``text``, from the cache when this text was segmented before."""
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        joined = self._used.get(key)
        if joined is None:
            joined = self._old.get(key)
            if joined is None:
                self.misses += 1
                joined = " ".join(terms(text))  # terms never contain whitespace
            self._used[key] = joined
        return joined.split()

    def save(self) -> None:
        """Write the entries used in this build atomically; nothing if they did not change."""
        if self.file is None or (self.misses == 0 and self._used.keys() == self._old.keys()):
            return
        write_pickle(self.file, {"format": self.format, "entries": self._used})
        self._old, self.misses = self._used, 0


# -- index files ---------------------------------------------------------------------------

def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def normalise_number(text: str) -> str:
    """A 文号 or 索引号 as compared: NFKC, lower case, no spaces, one kind of bracket, and
    2026年第12号 / 〔2026〕第12号 as 〔2026〕12号. search.js's ``normalise`` is the same."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").lower())
    text = re.sub(r"[〔［\[【（(]", "[", text)
    text = re.sub(r"[〕］\]】）)]", "]", text)
    text = re.sub(r"(\d{4})年第?(\d+)号", r"[\1]\2号", text)
    return re.sub(r"\]第(\d+)号", r"]\1号", text)


def number_keys(number: str) -> list[tuple[str, int]]:
    """What a typed 文号 or 索引号 is looked up by: the whole of it (1), and each tail that
    starts at a bracket or at digits after a bracket, a slash, a dash or a Chinese character,
    and still has six characters and a digit (0): 〔2026〕12号 finds 示应急〔2026〕12号, and
    2026-00015 its 索引号."""
    whole = normalise_number(number)
    if len(whole) < 4:
        return []
    keys = [(whole, 1)]
    for match in re.finditer(r"\[|(?<=[\[\]/\-\u4e00-\u9fff])\d", whole):
        tail = whole[match.start():]
        if match.start() and len(tail) >= 6 and re.search(r"\d", tail):
            keys.append((tail, 0))
    return keys


def _rank_order(records: list[Record]) -> list[int]:
    """Positions of ``records`` in the order the index numbers them: documents first, newest
    first (so a word's postings, sorted by number, are sorted by recency, and a query that
    reads only the first page of a common word sees its newest documents), then other pages."""
    dated = sorted((i for i, r in enumerate(records) if r.date), key=lambda i: (records[i].date, -i), reverse=True)
    return dated + [i for i, r in enumerate(records) if not r.date]


class _Postings:
    """Per field, each term's documents and counts in ascending document number, in arrays:
    a dict or tuple per posting took most of a gigabyte at 10,000 pages."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, tuple[array, array]]] = {f: {} for f in FIELD_WEIGHTS}
        self.lengths: dict[str, array] = {f: array("I") for f in FIELD_WEIGHTS}

    def add(self, number: int, field: str, counts: Counter[str]) -> None:
        postings = self.fields[field]
        for term, count in counts.items():
            found = postings.get(term)
            if found is None:
                found = postings[term] = (array("I"), array("I"))
            found[0].append(number)
            found[1].append(count)
        self.lengths[field].append(sum(counts.values()))

    def weighted(self) -> Iterator[tuple[str, list[int]]]:
        """Each term and its postings, in the terms' order: document number and weight, flat,
        by document number. The weight is BM25 (k1 1.2, b 0.75, as lunr) summed over the
        fields with FIELD_WEIGHTS, times 10, doubled, plus 1 when the term is in the title or
        the 文号 (a bit the browser reads with ``w & 1``). One term at a time: all of them at
        once were a quarter of the worker's memory."""
        total = len(self.lengths["t"])
        norms = {}  # per field and document: BM25's length normalisation, computed once
        for field, lengths in self.lengths.items():
            average = (sum(lengths) / total if total else 0) or 1
            norms[field] = [K1 * (1 - B + B * length / average) for length in lengths]
        for term in sorted(set().union(*self.fields.values())):
            found = [(field, postings[term]) for field, postings in self.fields.items() if term in postings]
            documents = len(found[0][1][0]) if len(found) == 1 else len(set().union(*(f[1][0] for f in found)))
            idf = math.log(1 + abs((total - documents + 0.5) / (documents + 0.5)))
            if len(found) == 1:  # most terms: the same sums without a dict, in order already
                field, (numbers, counts) = found[0]
                factor, norm, mark = 10 * FIELD_WEIGHTS[field] * idf * (K1 + 1), norms[field], field in ("t", "n")
                yield term, [x for number, tf in zip(numbers, counts, strict=True)
                             for x in (number, 2 * max(1, round(factor * tf / (norm[number] + tf))) + mark)]
                continue
            scores: dict[int, float] = {}
            marked: set[int] = set()
            for field, (numbers, counts) in found:
                factor, norm = 10 * FIELD_WEIGHTS[field] * idf * (K1 + 1), norms[field]
                for number, tf in zip(numbers, counts, strict=True):
                    scores[number] = scores.get(number, 0.0) + factor * tf / (norm[number] + tf)
                if field in ("t", "n"):
                    marked.update(numbers)
            flat: list[int] = []
            for number in sorted(scores):
                flat += (number, 2 * max(1, round(scores[number])) + (number in marked))
            yield term, flat


def _pages(flat: list[int], size: int) -> list[str]:
    """A term's postings as JSON pages of ``size`` postings: the first number of a page as
    it is, the others as the difference from the one before."""
    pages = []
    for start in range(0, len(flat), 2 * size):
        chunk = flat[start:start + 2 * size]
        numbers = chunk[0::2]
        deltas = [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:], strict=False)]
        pages.append(",".join(f"{d},{w}" for d, w in zip(deltas, chunk[1::2], strict=True)))
    return pages


def _sharded(entries: dict[str, str], aim: int, join: Callable[[list[str]], str],
             key: Callable[[str], str] = lambda k: k) -> tuple[int, dict[int, str]]:
    """Entries grouped into shards by ``shard_of(key(name))``, as many shards as it takes for
    each to be about ``aim`` bytes and none over SHARD_LIMIT (a query reads whole shards)."""
    total = sum(len(e.encode("utf-8")) + 1 for e in entries.values())
    count = max(1, math.ceil(total / aim))
    while True:
        groups: dict[int, list[str]] = {k: [] for k in range(count)}
        for name, entry in entries.items():
            groups[shard_of(key(name), count)].append(entry)
        texts = {k: join(group) for k, group in groups.items()}
        if count >= 4096 or all(len(t.encode("utf-8")) <= SHARD_LIMIT for t in texts.values()):
            return count, texts
        count *= 2


def _object(entries: list[str]) -> str:
    return "{" + ",".join(entries) + "}"


def build(records: list[Record], cache: SegmentCache | None = None,
          synonyms: dict[str, tuple[str, ...]] | None = None, page: int = PAGE) -> dict[str, str]:
    """Every search file of the site, as {site-relative path: content}; ``synonyms`` adds
    the site's own to the product's; ``page``: postings per page (small in tests)."""
    with paused_gc():  # millions of small objects, no cycles: see doccache.paused_gc
        return _build(records, cache, {**SYNONYMS, **(synonyms or {})}, page)


def _build(records: list[Record], cache: SegmentCache | None,
           synonyms: dict[str, tuple[str, ...]], page: int) -> dict[str, str]:
    segment = cache.terms if cache is not None else terms
    order = _rank_order(records)
    postings = _Postings()
    column_terms: dict[str, Counter[str]] = {}
    columns: dict[str, array] = {}
    numbers: dict[str, list[int]] = {}
    years: dict[str, list[int]] = {}
    files: dict[str, str] = {}
    lexicon: set[str] = set()
    more: list[str] = []

    for number, record in enumerate(records[i] for i in order):
        title, column_title = clean(record.title), clean(record.column_title)
        doc_number, index_number = clean(record.doc_number), clean(record.index_number)
        if column_title not in column_terms:
            column_terms[column_title] = Counter(segment(column_title))
        title_terms = Counter(segment(title))
        number_terms = Counter(segment(f"{doc_number} {index_number}".strip()))
        body_terms = Counter(segment(record.text))
        body_terms.update(name_pairs(f"{title} {record.text}"))  # as `+`, without a third Counter
        for field, counts in (("t", title_terms), ("n", number_terms), ("c", column_terms[column_title]),
                              ("b", body_terms)):
            postings.add(number, field, counts)
        lexicon.update(title_terms, number_terms, body_terms)
        if record.column:
            columns.setdefault(record.column, array("I")).append(number)
        for value in (doc_number, index_number):
            for key, exact in number_keys(value):
                numbers.setdefault(key, []).extend((number, exact))
        if record.date:
            years.setdefault(record.date[:4], [number, number])[1] = number
        files[f"search/doc/{number}.json"] = _dumps([record.url, title, column_title, record.date, doc_number])
        files[f"search/text/{number}.txt"] = record.text[:TEXT_LIMIT]
    for counts in column_terms.values():
        lexicon.update(counts)

    # The column filter is a term, #column-id (never a word's: see ``terms``), in the terms' order.
    column_filters = sorted((COLUMN_MARK + column, [x for n in members for x in (n, 0)])
                            for column, members in columns.items())
    # Each term: [documents, pages, first page] in its shard, and when it has more pages, the
    # number that names their files (search/more/{that number}-{page}.json) and where each starts.
    # A heavy first page (a common word's) is a file of its own, {that number}-0.json, and
    # its entry says null: a shard then holds light entries only and weighs about SHARD_BYTES
    # at any size, where heavy pages sharing a shard made it grow with the site.
    first_pages: dict[str, str] = {}
    for term, flat in heapq.merge(postings.weighted(), column_filters, key=itemgetter(0)):
        pages = _pages(flat, page)
        heavy = len(pages[0]) > OWN_PAGE_BYTES
        entry = f"{_dumps(term)}:[{len(flat) // 2},{len(pages)},{'null' if heavy else f'[{pages[0]}]'}"
        if len(pages) > 1 or heavy:
            slot = len(more)
            more.append(term)
            # The first document number of each later page: a query can read just the page
            # that holds a document it needs to know about.
            entry += f",{slot},{_dumps(flat[2 * page::2 * page])}"
            for n, text in enumerate(pages):
                if n or heavy:
                    files[f"search/more/{slot}-{n}.json"] = f"[{text}]"
        first_pages[term] = entry + "]"
    del postings, column_filters  # freed before the word lists load pypinyin's dictionaries
    shards, term_files = _sharded(first_pages, SHARD_BYTES, _object)
    files.update({f"search/terms/{k}.json": text for k, text in term_files.items()})

    number_entries = {key: f"{_dumps(key)}:{_dumps(ids)}" for key, ids in sorted(numbers.items())}
    number_shards, number_files = _sharded(number_entries, SHARD_BYTES, _object)
    files.update({f"search/numbers/{k}.json": text for k, text in number_files.items()})

    words = sorted(t for t in lexicon if len(t) >= 2 and _is_cjk(t))
    word_entries = {word: f"{word}\n" for word in words}
    word_shards, word_files = _sharded(word_entries, WORD_SHARD_BYTES, "".join, key=lambda w: w[0])
    files.update({f"search/words/{k}.txt": text for k, text in word_files.items()})

    pinyin_shards, pinyin_files = _sharded(pinyin_lines(words), WORD_SHARD_BYTES, "".join)
    files.update({f"search/pinyin/{k}.txt": text for k, text in pinyin_files.items()})
    sound_shards, sound_files = _sharded(sound_lines(words), WORD_SHARD_BYTES, "".join)
    files.update({f"search/sounds/{k}.txt": text for k, text in sound_files.items()})
    files.update(query_helpers(words, synonyms))
    files[MANIFEST] = _dumps({
        "version": VERSION, "terms": shards, "numbers": number_shards, "words": word_shards,
        "pinyin": pinyin_shards, "sounds": sound_shards, "documents": sum(1 for r in records if r.date),
        "years": years, "column": COLUMN_MARK,
    })
    return files


def _is_cjk(term: str) -> bool:
    return term[0] > "\x7f"


def name_pairs(text: str) -> list[str]:
    """The character pairs of every organisation name in ``text`` (the place before it and
    the kind after it left out): 瑞丰, 丰化, 化工, 工贸, 贸易 of 示例市瑞丰化工贸易有限公司."""
    pairs = []
    for match in _NAME_END.finditer(text):
        end = start = match.start()
        while start > 0 and end - start < 12 and _CJK.match(text[start - 1]):
            start -= 1
        name = text[start:end]
        # The name begins after its place (示例市, 城西区), else where the Chinese text begins.
        place = max(name.rfind(mark) for mark in "省市县区")
        core = name[place + 1:] if place >= 1 else name
        pairs += [core[i:i + 2] for i in range(len(core) - 1)]
    return pairs


def query_helpers(words: list[str], synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """What the browser needs to read a query as a person means it, all bounded by the
    site's vocabulary, never by its number of pages:

    - ``search/t2s.txt``: traditional characters and their simplified forms (OpenCC's
      table), for the characters the site's words use;
    - ``search/synonyms.json``: groups of an abbreviation and its full forms, each form as
      typed and as the site's words (a group is kept when one of its forms is on the site).
    """
    import rjieba

    vocabulary = set(words)
    chars = {c for word in words for c in word}
    pairs = [t + simple for t, simple in _traditional() if simple in chars]
    groups = []  # each form: its text as typed, and the site's words it is indexed as
    for word, others in sorted(synonyms.items()):
        forms = [[form, [w for w in rjieba.cut(form) if w.strip()]] for form in (word, *others)]
        if len(forms) > 1 and any(all(w in vocabulary for w in f[1]) for f in forms):
            groups.append(forms)
    return {"search/t2s.txt": "".join(f"{pair}\n" for pair in pairs), "search/synonyms.json": _dumps(groups)}


def sound_lines(words: list[str]) -> dict[str, str]:
    """Every reading of GB 2312's characters and of the site's others (都: du dou), as the
    lines of ``search/sounds/{k}.txt``, to hear a typed word the site does not have."""
    readings = _readings()
    chars = {c for word in words for c in word}
    extra = {c: r for c in chars - readings.keys() if (r := _readings_of(c))}
    return {c: f"{c}\t{' '.join(r)}\n" for c, r in sorted({**readings, **extra}.items())}


def pinyin_lines(words: list[str]) -> dict[str, str]:
    """Each toneless pinyin of the site's words of up to six characters, with its words, as
    the lines of ``search/pinyin/{k}.txt`` (read only for a query in Latin letters or a word the
    site does not have: 防讯 sounds like 防汛, yingji is 应急)."""
    by_sound: dict[str, list[str]] = {}
    for word in words:
        if len(word) <= 6:
            by_sound.setdefault(_sound_of(word), []).append(word)
    return {key: f"{key}\t{' '.join(found)}\n" for key, found in sorted(by_sound.items())}


@functools.lru_cache(maxsize=200_000)
def _sound_of(word: str) -> str:
    """A word's toneless pinyin, with pypinyin's phrase readings (银行: yinhang); kept for
    the process, so that a `serve` session's rebuilds do not convert the site's words again."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(word, style=Style.NORMAL))


@functools.cache
def _traditional() -> tuple[tuple[str, str], ...]:
    """OpenCC's traditional → simplified pairs of single CJK characters (the same for every
    site: made once per process, so a `serve` session's rebuilds do not redo it)."""
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    pairs = ((chr(code), to_simplified.convert(chr(code))) for code in range(0x4E00, 0xA000))
    return tuple((t, simple) for t, simple in pairs if simple != t and len(simple) == 1)


@functools.cache
def _readings() -> dict[str, tuple[str, ...]]:
    """Every reading of GB 2312's 6,763 characters, those a Chinese IME offers first
    (都: du, dou, so 挂牌都办 is heard as 督办 too); made once per process."""
    found = {}
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # the table's few empty places
                char = bytes([high, low]).decode("gb2312")
                found[char] = _readings_of(char)
    return found


def _readings_of(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
    return () if readings == [char] else tuple(readings)


def build_site_index(pages: list[tuple[Record, str]], cache_file: str | None = None,
                     synonyms: dict[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """The search files of a site, from each page's record and Markdown source file.

    Meant for a worker process while MkDocs renders pages: it reads the sources itself, so
    only the small records cross the process boundary on the way in.
    """
    from .documents import split_front_matter  # documents imports nothing heavy

    records = []
    for record, source in pages:
        try:
            markdown = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            markdown = ""  # the build reports unreadable pages itself
        _, body, _ = split_front_matter(markdown)
        records.append(replace(record, text=markdown_text(body)))
    # The whole index is kept beside the terms: a build whose pages did not change (CI's daily
    # build) uses it as it is. Keyed by every record, the synonyms and the indexing code.
    kept_file = Path(cache_file).with_name(INDEX_CACHE) if cache_file else None
    key = digest(records, synonyms, _segmenter_version(), _version("pypinyin"), code_fingerprint("search.py"))
    kept = read_pickle(kept_file) if kept_file is not None else None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key:
        return kept[1]
    cache = SegmentCache(Path(cache_file) if cache_file else None)
    files = build(records, cache, synonyms)
    cache.save()
    if kept_file is not None:
        with contextlib.suppress(OSError):
            write_pickle(kept_file, (key, files))
    return files
