"""The disclosure catalogue (政府信息公开目录, 条例 Art. 12) and its open data.

Every published document is one entry: 索引号, 名称, 内容概述, 发布机构, 主题分类, 成文日期,
发布日期, 发文字号 and its column. The entries are offered as CSV (UTF-8 with a BOM, so
Excel shows the Chinese) and JSON, for the whole site and for each column, with the
schema below; the catalogue page loads them a year at a time.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .documents import Document, newest_first
from .errors import Problem
from .matrix import Matrix

#: The schema of the open data: (JSON key, CSV column, type, meaning). Stable: add, never rename.
SCHEMA: tuple[tuple[str, str, str, str], ...] = (
    ("index_number", "索引号", "string", "catalogue index number, unique"),
    ("title", "名称", "string", "the document's title"),
    ("summary", "内容概述", "string", "a one-sentence summary"),
    ("publisher", "发布机构", "string", "the publishing body"),
    ("topic", "主题分类", "string", "subject category; empty when none"),
    ("written", "成文日期", "date (YYYY-MM-DD) or null", "the date the document was signed"),
    ("published", "发布日期", "date (YYYY-MM-DD)", "the date it was published"),
    ("doc_number", "发文字号", "string", "document number; empty when none"),
    ("column_id", "栏目编号", "string", "the column's id in columns.yml"),
    ("column", "栏目", "string", "the column's title"),
    ("url", "网址", "string", "the page, relative to the site root"),
)


FOLDER = "ml"  # 目录, inside 法定主动公开内容


@dataclass(frozen=True)
class Catalogue:
    """The catalogue of one build: its entries, the index the page loads, and its files."""

    folder: str  # content-relative, e.g. xxgk/fdgk/ml
    rows: list[dict]
    index: dict
    files: dict[str, str] = field(default_factory=dict)  # content-relative path → text


def build(public: list[Document], matrix: Matrix, url_of: Callable[[str], str],
          columns_shown: Iterable[str]) -> Catalogue:
    """The catalogue page, its data a year at a time, and CSV/JSON for the site and each
    column (``columns_shown``: ids of the columns with published documents)."""
    folder = f"{matrix.part('statutory').folder}/{FOLDER}"
    rows = entries(public, matrix, url_of)
    by_year: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_year[row["published"][:4]].append(row)
    shown = set(columns_shown)
    index = {
        "total": len(rows),
        "years": [{"year": year, "count": len(by_year[year]), "data": f"{year}.json"}
                  for year in sorted(by_year, reverse=True)],
        "columns": [{"id": c.id, "title": c.title} for c in matrix.leaves() if c.id in shown],
        "topics": sorted({r["topic"] for r in rows if r["topic"]}),
        "publishers": sorted({r["publisher"] for r in rows if r["publisher"]}),
    }
    files = {
        f"{folder}/index.md": "",
        f"{folder}/data/index.json": json.dumps(index, ensure_ascii=False),
        f"{folder}/catalogue.csv": to_csv(rows),
        f"{folder}/catalogue.json": to_json(rows),
        f"{folder}/schema.json": schema_json(),
        **{f"{folder}/data/{year}.json": to_json(year_rows) for year, year_rows in by_year.items()},
    }
    for column in matrix.leaves():
        column_rows = [r for r in rows if r["column_id"] == column.id]
        if column_rows:
            files[f"{column.folder}/catalogue.csv"] = to_csv(column_rows)
            files[f"{column.folder}/catalogue.json"] = to_json(column_rows)
    return Catalogue(folder, rows, index, files)


def entries(documents: Iterable[Document], matrix: Matrix, url_of) -> list[dict]:
    """One dict per document, newest first, keyed as in SCHEMA. ``url_of(path)`` gives a page's URL."""
    rows = []
    for document in newest_first(documents):
        column = matrix.get(document.column)
        rows.append({
            "index_number": document.index_number, "title": document.title,
            "summary": document.summary, "publisher": document.publisher, "topic": document.topic,
            "written": document.written.isoformat() if document.written else None,
            "published": document.published_date.isoformat(), "doc_number": document.doc_number,
            "column_id": column.id, "column": column.title, "url": url_of(document.path),
        })
    return rows


def to_csv(rows: list[dict]) -> str:
    """CSV with the Chinese column names, and a BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _, label, _, _ in SCHEMA])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, *_ in SCHEMA])
    return "\ufeff" + buffer.getvalue()


def _cell(value: object) -> object:
    """A value as a spreadsheet will not run it: text that begins like a formula (= + - @, or a
    tab or return before one) gets a leading apostrophe (OWASP's CSV-injection advice)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def schema_json() -> str:
    return json.dumps([{"key": k, "csv": c, "type": t, "meaning": m} for k, c, t, m in SCHEMA],
                      ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class IndexPattern:
    """The form of a 索引号, e.g. ``{org_code}/{year}-{serial:05d}`` (provinces differ)."""

    pattern: str
    org_code: str = ""

    def regex(self) -> re.Pattern:
        parts = re.split(r"(\{[^}]+\})", self.pattern)
        out = []
        for part in parts:
            if part == "{org_code}":
                out.append(f"(?P<org>{re.escape(self.org_code) if self.org_code else '[0-9A-Z]+'})")
            elif part == "{year}":
                out.append(r"(?P<year>\d{4})")
            elif re.fullmatch(r"\{serial(?::0?(\d+)d)?\}", part):
                width = re.fullmatch(r"\{serial(?::0?(\d+)d)?\}", part).group(1)
                out.append(rf"(?P<serial>\d{{{width}}})" if width else r"(?P<serial>\d+)")
            else:
                out.append(re.escape(part))
        return re.compile("^" + "".join(out) + "$")

    def example(self, year: int = 2026, serial: int = 12) -> str:
        return self.pattern.format(org_code=self.org_code or "ORG", year=year, serial=serial)


def check_index_numbers(documents: Iterable[Document], pattern: IndexPattern | None,
                        content_name: str = "content") -> list[Problem]:
    """Every 索引号 is unique (across all documents, published or not) and has the site's form."""
    problems: list[Problem] = []
    seen: dict[str, Document] = {}
    regex = pattern.regex() if pattern else None
    for document in sorted(documents, key=lambda d: d.path):
        name = f"{content_name}/{document.path}"
        first = seen.setdefault(document.index_number, document)
        if first is not document:
            problems.append(Problem(name, None, f"索引号 {document.index_number} 已被 "
                                    f"{content_name}/{first.path} 使用",
                                    "每篇信息的索引号都不同：改用下一个没有用过的序号（gongkai new 会自动取号）"))
        if regex and not regex.match(document.index_number):
            problems.append(Problem(name, None, f"索引号“{document.index_number}”不符合本站的格式 {pattern.pattern}",
                                    f"写成 {pattern.example()} 这样"))
    return problems
