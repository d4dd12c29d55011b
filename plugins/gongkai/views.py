"""One view per kind of page: a document, a column (or one page of its list), the
catalogue, the search results, the home page, and the preview's page of problems.

A view owns what differs between kinds: its template and title, the Markdown it starts
from, its sitemap date, its template context and its search record. The plugin looks the
view up by the page's source path and asks it; an ordinary Markdown page has no view.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import escape

from . import annual_report
from .documents import Document, newest_first
from .listing import ListingPage, page_folder
from .matrix import Column
from .search import Record
from .site import Site

CATALOGUE_TITLE = "政府信息公开目录"
CATALOGUE_PREVIEW = 50  # entries shown on the catalogue page without JavaScript
SEARCH_TITLE = "站内搜索"
HOME_LATEST = 10


class View:
    """What every kind of page answers; the defaults are an ordinary page's."""

    template: ClassVar[str] = ""
    hide: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str] = ""  # a generated page's fixed title
    #: The page's title is written in its own Markdown (a --dirty build watches it for the nav).
    own_title: ClassVar[bool] = True

    def apply(self, meta: dict[str, Any], markdown: str) -> str:
        """Set the page's title, template and hidden parts; the Markdown to render."""
        if self.title:
            meta["title"] = self.title
        if self.template:
            meta.setdefault("template", self.template)
        if self.hide:
            meta.setdefault("hide", list(self.hide))
        return markdown

    def lastmod(self, site: Site) -> dt.date | None:
        """The sitemap's lastmod."""
        return None

    def stamp(self, page: Any, site: Site) -> None:
        """Give MkDocs' page its sitemap date (``update_date``), when this view has one."""
        lastmod = self.lastmod(site)
        if lastmod is not None:
            page.update_date = lastmod.isoformat()

    def context(self, site: Site) -> dict[str, Any]:
        """The page's part of the template context (``gk``)."""
        return {}

    def record(self, url: str, source: str, name: str) -> Record:
        """What the search index holds of the page."""
        return Record(url, page_title(source) or name)


@dataclass
class DocumentPage(View):
    """A document (信息): its metadata block, attachments, policy and interpretations."""

    document: Document
    column: Column  # the document's column
    template: ClassVar[str] = "gongkai/document.html"
    own_title: ClassVar[bool] = False

    def apply(self, meta: dict[str, Any], markdown: str) -> str:
        meta["title"] = escape(self.document.title)
        return super().apply(meta, markdown)

    def lastmod(self, site: Site) -> dt.date | None:
        return self.document.published_date

    def context(self, site: Site) -> dict[str, Any]:
        document, column = self.document, self.column
        policy = site.views.get(document.interprets)
        return {
            "kind": "document",
            "document": document,
            "column": column,
            "breadcrumbs": site.breadcrumbs(column),
            "current": document.title,
            "attachments": [{"name": a.name, "url": site.url_of(a.path),
                             "type": posixpath.splitext(a.path)[1].lstrip(".").upper()}
                            for a in document.attachments],
            "policy": site.document_link(policy.document) if isinstance(policy, DocumentPage) else None,
            "interpretations": [site.document_link(d)
                                for d in newest_first(site.interpretations.get(document.path, []))],
            "downloads": [{"name": d["name"], "url": site.url_of(d["source"])}
                          for d in site.downloads.get(document.path, [])],
        }

    def record(self, url: str, source: str, name: str) -> Record:
        d, column = self.document, self.column
        return Record(url, d.title, column.id, column.title, d.published_date.isoformat(),
                      d.doc_number, d.index_number)


@dataclass
class ColumnPage(View):
    """A column's page: its sub-columns, or one page of its document list."""

    column: Column
    listing: ListingPage | None  # None for a column with sub-columns
    template: ClassVar[str] = "gongkai/column.html"
    hide: ClassVar[tuple[str, ...]] = ("toc",)
    own_title: ClassVar[bool] = False

    @property
    def number(self) -> int:
        return self.listing.number if self.listing else 1

    def apply(self, meta: dict[str, Any], markdown: str) -> str:
        meta["title"] = escape(self.column.title + (f"（第{self.number}页）" if self.number > 1 else ""))
        super().apply(meta, markdown)
        return without_title(markdown)

    def lastmod(self, site: Site) -> dt.date | None:
        assert site.matrix is not None
        return max((d.published_date for d in site.matrix.documents_under(self.column, site.by_column)),
                   default=None)

    def context(self, site: Site) -> dict[str, Any]:
        column, number, listing = self.column, self.number, self.listing
        crumbs = site.breadcrumbs(column)
        context: dict[str, Any] = {
            "kind": "column",
            "column": column,
            "breadcrumbs": crumbs[:-1] if number == 1 else crumbs,
            "current": column.title if number == 1 else f"第{number}页",
            "listing": listing,
        }
        if column.part == "annual_report" and site.reports and number == 1:
            svg, rows = annual_report.trend(site.reports.values())
            context["trend"] = {"svg": svg, "headers": annual_report.TREND_HEADERS,
                                "rows": [row.values() for row in rows]}
        if listing is None:
            context["children"] = [self._subcolumn(site, c) for c in column.children
                                   if c.id not in site.left_out]
            return context

        def page_url(n: int | None) -> str | None:
            return site.url_of(f"{page_folder(column.folder, n)}/index.md") if n else None

        context["documents"] = [site.document_link(d) for d in listing.documents]
        if site.features.catalogue and listing.documents:
            context["downloads"] = [
                {"name": "本栏目目录（CSV）", "url": site.url_of(f"{column.folder}/catalogue.csv")},
                {"name": "本栏目目录（JSON）", "url": site.url_of(f"{column.folder}/catalogue.json")}]
        context["pages"] = [{"number": n, "url": page_url(n)} for n in range(1, listing.count + 1)]
        context["previous_url"] = page_url(listing.previous)
        context["next_url"] = page_url(listing.next)
        return context

    @staticmethod
    def _subcolumn(site: Site, column: Column) -> dict[str, Any]:
        assert site.matrix is not None
        documents = site.matrix.documents_under(column, site.by_column)
        return {**site.column_link(column), "count": len(documents), "latest": site.newest(documents, 3)}

    def record(self, url: str, source: str, name: str) -> Record:
        return Record(url, self.column.title, self.column.id, self.column.title)


class CataloguePage(View):
    """The catalogue (政府信息公开目录): a first screen of entries, filters, open data."""

    template: ClassVar[str] = "gongkai/catalogue.html"
    hide: ClassVar[tuple[str, ...]] = ("toc",)
    title: ClassVar[str] = CATALOGUE_TITLE
    own_title: ClassVar[bool] = False

    def context(self, site: Site) -> dict[str, Any]:
        assert site.matrix is not None and site.catalogue is not None
        index, folder = site.catalogue.index, site.catalogue.folder
        return {
            "kind": "catalogue",
            "breadcrumbs": site.breadcrumbs(site.matrix.part("statutory")),
            "current": CATALOGUE_TITLE,
            "preview": site.catalogue.rows[:CATALOGUE_PREVIEW],
            "index": index,
            "filters": {  # (value, text) pairs for the filter selects
                "years": [(y["year"], f"{y['year']}年（{y['count']}条）") for y in index["years"]],
                "columns": [(c["id"], c["title"]) for c in index["columns"]],
                "topics": [(t, t) for t in index["topics"]],
                "publishers": [(p, p) for p in index["publishers"]],
            },
            "data_url": site.url_of(f"{folder}/data/index.json"),
            "downloads": [{"name": "全部目录（CSV）", "url": site.url_of(f"{folder}/catalogue.csv")},
                          {"name": "全部目录（JSON）", "url": site.url_of(f"{folder}/catalogue.json")},
                          {"name": "数据说明（JSON Schema）", "url": site.url_of(f"{folder}/schema.json")}],
        }


class SearchPage(View):
    """The search results page; the index is built beside it."""

    template: ClassVar[str] = "gongkai/search.html"
    hide: ClassVar[tuple[str, ...]] = ("toc",)
    title: ClassVar[str] = SEARCH_TITLE
    own_title: ClassVar[bool] = False

    def context(self, site: Site) -> dict[str, Any]:
        return {"kind": "search"}


class HomePage(View):
    """The home page: the four parts of 政府信息公开 and the newest documents."""

    template: ClassVar[str] = "gongkai/home.html"
    hide: ClassVar[tuple[str, ...]] = ("navigation", "toc")

    def lastmod(self, site: Site) -> dt.date | None:
        return max((d.published_date for d in site.everything()), default=None)

    def context(self, site: Site) -> dict[str, Any]:
        assert site.matrix is not None
        section = site.matrix.section
        return {
            "kind": "home",
            "section": site.column_link(section),
            "parts": [site.column_link(c) for c in section.children],
            "statutory": [site.column_link(c) for c in site.matrix.part("statutory").children
                          if c.id not in site.left_out],
            "latest": site.newest(site.everything(), HOME_LATEST),
        }


class ProblemsPage(View):
    """The preview's only page while the column matrix cannot be read."""

    own_title: ClassVar[bool] = False

    def apply(self, meta: dict[str, Any], markdown: str) -> str:
        meta.update(title="预览：请先修改这些问题", template="gongkai/problems.html", hide=["navigation", "toc"])
        return ""

    def context(self, site: Site) -> dict[str, Any]:
        return {"kind": "problems"}


def page_title(source: str) -> str:
    """An ordinary page's title: `title:` in its front matter or its first `# ` heading."""
    for line in source.splitlines()[:40]:
        if line.startswith("title:"):
            return line[6:].strip().strip("\"'")
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def without_title(markdown: str) -> str:
    """Drop a leading `# 标题` line: the column page prints the column's title itself."""
    stripped = markdown.lstrip()
    if stripped.startswith("# "):
        return stripped.split("\n", 1)[1] if "\n" in stripped else ""
    return markdown
