"""Chinese full-text search index, built with rjieba and the lunr package at build time.

The index is partitioned by term so that a browser downloads little: ``search/meta.json``
(documents and columns) first, then for each query term only the shard it hashes to
(``shard_of``): ``search/titles/{k}.json`` (a lunr index over titles, document numbers and
column titles) and ``search/body/{k}.json`` (over the body text). ``search/lexicon.txt``
lets the client, which has no segmenter, segment typed queries; ``search/text/{id}.txt``
feeds result snippets.

Segmentation is jieba's search mode as implemented by jieba-rs (the ``rjieba`` binding):
the same dictionary and the same Chinese terms as Python jieba on the sample content (a test
checks it), about 28 times faster, which turned it from the largest part of a cold build's
index into a small one.

Every lunr index is built with empty pipelines: lunr's English trimmer, stemmer and stop-word
filter would mangle Chinese terms, and an empty serialized pipeline needs no registered
functions in lunr.js. This module imports nothing from MkDocs so it can run in a worker.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import importlib.metadata
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from lunr.builder import Builder
from lunr.idf import idf
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token_set import TokenSet
from lunr.vector import Vector

from .doccache import paused_gc, read_pickle, write_pickle

#: What a browser reads; bump when a file's shape changes.
VERSION = 2
#: The file a browser reads first (documents, columns, the shard count).
META_FILE = "search/meta.json"
#: The fields of the title indexes and their boosts: a title match outranks a column match.
TITLE_FIELDS = {"t": 10, "n": 5, "c": 1}
#: Characters of plain text kept per document for snippets.
TEXT_LIMIT = 3000
MAX_SHARDS = 256
#: Aimed-at size of one body shard file, in bytes.
SHARD_BYTES = 160_000
#: Body shard bytes per character of plain text, measured on the benchmark corpus (about
#: 7 to 10 for 2 KB 公文, more with more shards); picks the shard count before segmenting.
BYTES_PER_CHAR = 8.0

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
    try:
        return importlib.metadata.version("rjieba")
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


def shard_count(records: list[Record]) -> int:
    """Body shards for these records: about SHARD_BYTES each, 1 for a small site."""
    estimate = sum(len(r.text) for r in records) * BYTES_PER_CHAR
    return max(1, min(MAX_SHARDS, math.ceil(estimate / SHARD_BYTES)))


# -- segmentation cache ------------------------------------------------------------------------

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


class _Vector(Vector):
    """A lunr Vector whose elements are rounded when they are made (as lunr.js does).

    lunr's ``Vector.serialize`` rounds every index and value again, which changes nothing
    on rounded elements and took seconds at 10,000 pages.
    """

    def serialize(self) -> list[float]:
        return self.elements


class _TermBuilder(Builder):
    """lunr's Builder fed with term counts instead of text.

    With 10,000 documents and 256 shards, the stock Builder spent most of a minute on
    work that changes nothing here: ``add`` passes every term through lunr's tokenizer
    again (deep-copying a metadata dict per token), ``build`` inserts each vector element
    by binary search and parses every field ref again. ``add_counts`` fills the structures
    that ``add`` fills with empty pipelines and no metadata, and the two steps below
    compute the same numbers in one pass; lunr's ``build``, ``Index`` and ``serialize`` do
    the rest. tests/test_search.py checks that the stock Builder gives the same JSON.
    """

    def __init__(self, fields: dict[str, int]) -> None:
        super().__init__()
        # The default English trimmer, stemmer and stop-word filter would mangle Chinese
        # terms; an empty serialized pipeline also needs no registered functions in lunr.js.
        self.pipeline = Pipeline()
        self.search_pipeline = Pipeline()
        self.metadata_whitelist = []
        self.ref("id")
        for name, boost in fields.items():
            self.field(name, boost=boost)

    def add_counts(self, ref: str, fields: dict[str, dict[str, int]]) -> None:
        """What ``add({"id": ref, field: terms...})`` does, given each field's term counts."""
        self._documents[ref] = {}
        self.document_count += 1
        inverted = self.inverted_index
        for name in self._fields:
            counts = fields.get(name) or {}
            field_ref = name + "/" + ref
            self.field_term_frequencies[field_ref] = counts
            self.field_lengths[field_ref] = sum(counts.values())
            for term in counts:
                try:
                    inverted[term][name][ref] = {}
                except KeyError:  # the term's first document
                    posting: dict = {field: {} for field in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    inverted[term] = posting
                    posting[name][ref] = {}

    def _calculate_average_field_lengths(self) -> None:
        totals = dict.fromkeys(self._fields, 0)
        for field_ref, length in self.field_lengths.items():
            totals[field_ref.split("/", 1)[0]] += length
        # Every document has every field, so each field has document_count lengths.
        self.average_field_length = {name: total / self.document_count
                                     for name, total in totals.items()}

    def _create_field_vectors(self) -> None:
        k1, b = self._k1, self._b
        # lunr scores a term idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * length / average)
        # + tf) * boost, rounded to 3 places; the same operations in the same order give
        # the same floats. Documents have no boost of their own.
        weight = {term: (posting["_index"], idf(posting, self.document_count))
                  for term, posting in self.inverted_index.items()}
        norms: dict[tuple[str, int], float] = {}
        vectors: dict[str, Vector] = {}
        for field_ref, counts in self.field_term_frequencies.items():
            elements: list[float] = []
            if counts:  # (an empty field's average length may be 0)
                name = field_ref[:field_ref.index("/")]
                boost = self._fields[name].boost
                length = self.field_lengths[field_ref]
                norm = norms.get((name, length))
                if norm is None:
                    norm = norms[name, length] = k1 * (
                        1 - b + b * (length / self.average_field_length[name]))
                pairs = []
                for term, tf in counts.items():
                    index, term_idf = weight[term]
                    pairs.append((index, round(term_idf * ((k1 + 1) * tf) / (norm + tf) * boost, 3)))
                pairs.sort()
                for pair in pairs:
                    elements += pair
            vectors[field_ref] = _Vector(elements)
        self.field_vectors = vectors


def _serialize(builder: _TermBuilder, fields: list[str]) -> str:
    """The builder's index as lunr JSON; lunr cannot build an index of no documents."""
    if builder.document_count:
        index = builder.build()
    else:
        index = Index(inverted_index={}, field_vectors={}, token_set=TokenSet(),
                      fields=fields, pipeline=Pipeline())
    return _dumps(index.serialize())


def _is_cjk(term: str) -> bool:
    return term[0] > "\x7f"


def _body_builder(partition: list) -> _TermBuilder:
    """A builder of one body shard from its flat (doc number, term, count) list."""
    builder = _TermBuilder({"b": 1})
    entries = iter(partition)
    counts: dict[str, int] = {}
    previous = -1
    for number, term, count in zip(entries, entries, entries, strict=False):  # three at a time
        if number != previous:
            if counts:
                builder.add_counts(str(previous), {"b": counts})
            counts, previous = {}, number
        counts[term] = count
    if counts:
        builder.add_counts(str(previous), {"b": counts})
    return builder


def build(records: list[Record], cache: SegmentCache | None = None,
          synonyms: dict[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """Every search file of the site, as {site-relative path: content}; ``synonyms`` adds
    the site's own to the product's."""
    with paused_gc():  # millions of small dicts, no cycles: see doccache.paused_gc
        return _build(records, cache, {**SYNONYMS, **(synonyms or {})})


def _build(records: list[Record], cache: SegmentCache | None,
           synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    segment = cache.terms if cache is not None else terms
    shards = shard_count(records)
    columns: dict[str, int] = {}
    column_list: list[list[str]] = []
    column_terms: dict[str, Counter[str]] = {}
    docs: list[list[object]] = []
    files: dict[str, str] = {}
    lexicon: set[str] = set()
    # term -> (its shard, one shared copy of the term); saves a string per occurrence.
    shard_memo: dict[str, tuple[int, str]] = {}
    # Per shard, flat: doc number, term, count, doc number, term, count... grouped by doc.
    # (A dict per doc and shard took most of a gigabyte at 10,000 pages.)
    partitions: list[list] = [[] for _ in range(shards)]
    # Titles are partitioned by term too (a 10,000-page title index is 6 MB): per shard,
    # (doc id, {field: counts of that doc's terms in the shard}).
    title_parts: list[list[tuple[str, dict[str, dict[str, int]]]]] = [[] for _ in range(shards)]

    for number, record in enumerate(records):
        ref = str(number)
        title = clean(record.title)
        column_title = clean(record.column_title)
        column = -1
        if record.column:
            if record.column not in columns:
                columns[record.column] = len(column_list)
                column_list.append([record.column, column_title])
            column = columns[record.column]
        doc_number, index_number = clean(record.doc_number), clean(record.index_number)
        docs.append([record.url, title, column, record.date, doc_number, index_number])

        if column_title not in column_terms:
            column_terms[column_title] = Counter(segment(column_title))
        title_terms = Counter(segment(title))
        number_terms = Counter(segment(f"{doc_number} {index_number}".strip()))
        parts: dict[int, dict[str, dict[str, int]]] = {}
        for name, counts in (("t", title_terms), ("n", number_terms), ("c", column_terms[column_title])):
            for term, count in counts.items():
                known = shard_memo.get(term)
                if known is None:
                    known = shard_memo[term] = (shard_of(term, shards), term)
                parts.setdefault(known[0], {}).setdefault(name, {})[known[1]] = count
        for shard, part in parts.items():
            title_parts[shard].append((ref, part))
        lexicon.update(title_terms, number_terms)

        for term, count in (Counter(segment(record.text)) + Counter(name_pairs(f"{title} {record.text}"))).items():
            known = shard_memo.get(term)
            if known is None:
                known = shard_memo[term] = (shard_of(term, shards), term)
            partitions[known[0]] += (number, known[1], count)

        files[f"search/text/{number}.txt"] = record.text[:TEXT_LIMIT]

    for counts in column_terms.values():
        lexicon.update(counts)
    lexicon.update(shard_memo)

    files[META_FILE] = _dumps({"version": VERSION, "shards": shards,
                                        "columns": column_list, "docs": docs})
    for shard, partition in enumerate(title_parts):
        titles = _TermBuilder(TITLE_FIELDS)
        for ref, part in partition:
            titles.add_counts(ref, part)
        files[f"search/titles/{shard}.json"] = _serialize(titles, list(TITLE_FIELDS))
    for shard, partition in enumerate(partitions):
        files[f"search/body/{shard}.json"] = _serialize(_body_builder(partition), ["b"])
        partition.clear()  # let it go as we go
    words = sorted(t for t in lexicon if len(t) >= 2 and _is_cjk(t))
    files["search/lexicon.txt"] = "".join(f"{word}\n" for word in words)
    files.update(query_helpers(words, synonyms))
    return files


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
      typed and as the site's words (a group is kept when one of its forms is on the site);
    - ``search/pinyin.txt``: each word's toneless pinyin (loaded only for a query in Latin
      letters or a word the site does not have: 防讯 sounds like 防汛, yingji is 应急);
    - ``search/sounds.txt``: every reading of GB 2312's characters, to hear a typed unknown word.
    """
    import rjieba
    from pypinyin import Style, lazy_pinyin

    vocabulary = set(words)
    chars = {c for word in words for c in word}
    pairs = [t + simple for t, simple in _traditional() if simple in chars]
    groups = []  # each form: its text as typed, and the site's words it is indexed as
    for word, others in sorted(synonyms.items()):
        forms = [[form, [w for w in rjieba.cut(form) if w.strip()]] for form in (word, *others)]
        if len(forms) > 1 and any(all(w in vocabulary for w in f[1]) for f in forms):
            groups.append(forms)
    by_sound: dict[str, list[str]] = {}
    for word in words:
        if len(word) <= 6:
            by_sound.setdefault("".join(lazy_pinyin(word, style=Style.NORMAL)), []).append(word)
    readings = _readings()
    extra = {c: r for c in chars - readings.keys() if (r := _readings_of(c))}
    return {
        "search/t2s.txt": "".join(f"{pair}\n" for pair in pairs),
        "search/synonyms.json": _dumps(groups),
        "search/pinyin.txt": "".join(f"{key}\t{' '.join(found)}\n" for key, found in sorted(by_sound.items())),
        "search/sounds.txt": "".join(f"{c}{' '.join(r)}\n" for c, r in sorted({**readings, **extra}.items())),
    }


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

    cache = SegmentCache(Path(cache_file) if cache_file else None)
    records = []
    for record, source in pages:
        try:
            markdown = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            markdown = ""  # the build reports unreadable pages itself
        _, body, _ = split_front_matter(markdown)
        records.append(replace(record, text=markdown_text(body)))
    files = build(records, cache, synonyms)
    cache.save()
    return files
