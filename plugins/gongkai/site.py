"""What one build knows of the site: made fresh in the plugin's on_config, filled in as
the build reads the content, and read by every page's view.

Nothing here outlives the build (what a `mkdocs serve` session keeps is in ``session``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import Document, newest_first
from .errors import Problem
from .matrix import Column, Matrix


@dataclass(frozen=True)
class Features:
    """The plugin's switches a build's pages depend on."""

    per_page: int = 20
    catalogue: bool = True
    feeds: bool = True
    search: bool = True
    qr_code: bool = True
    cache: bool = True
    column_type: str = "信息公开"


@dataclass
class Site:
    """The model of the site for one build."""

    project: Path
    features: Features
    matrix: Matrix | None = None
    now: dt.datetime | None = None  # the publication moment of this build (Beijing time)
    today_source: str = ""  # where the rules' "today" came from
    rules: Any = None  # publishing.Rules: what this build demands of what it publishes
    public: list[Document] = field(default_factory=list)  # what this build publishes
    digests: dict[str, bytes] = field(default_factory=dict)  # each document's bytes, as this build read them
    by_column: dict[str, list[Document]] = field(default_factory=dict)
    interpretations: dict[str, list[Document]] = field(default_factory=dict)  # policy → its 解读
    left_out: set[str] = field(default_factory=set)  # optional columns without documents
    reports: dict[str, Any] = field(default_factory=dict)  # annual reports by document path
    downloads: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # by document path
    views: dict[str, Any] = field(default_factory=dict)  # each page's view, by source path
    url_of: Callable[[str], str] = lambda source: ""  # a source path's URL ("" if none)
    catalogue: Any = None  # catalogue.Catalogue, when the site has one
    search: dict[str, Any] | None = None  # what the search box needs on every page
    monitor: dict | None = None  # the monitoring report, when it is published
    problems: list[Problem] = field(default_factory=list)  # found while rendering pages
    nav_memo: dict[tuple[str, str], str] = field(default_factory=dict)  # rendered navs
    # The build's own progress:
    files: Any = None  # MkDocs' Files of this build
    qr_codes: Any = None  # qrcodes.PageCodes, while pages render
    search_files: Any = None  # a Future of the search index's {site path: content}
    atomic: Any = None  # sitewrite.AtomicSite: the staging folder swapped in at the end
    reuse: Any = None  # rebuilds.PageReuse: pages copied from the last build's, or kept for the next
    activated: Any = None  # the column page lit up in the nav for the page being rendered
    writing: bool = False  # this build has begun to change the site
    completed: bool = False  # on_post_build ran: the site may be swapped in

    # -- links, as the templates want them --

    def column_link(self, column: Column) -> dict[str, Any]:
        return {"title": column.title, "url": self.url_of(f"{column.folder}/index.md"), "column": column}

    def breadcrumbs(self, column: Column) -> list[dict[str, Any]]:
        assert self.matrix is not None
        trail = [*self.matrix.ancestors(column), column]
        return [{"title": "首页", "url": self.url_of("index.md")}, *map(self.column_link, trail)]

    def document_link(self, document: Document) -> dict[str, Any]:
        assert self.matrix is not None
        return {"title": document.title, "url": self.url_of(document.path), "document": document,
                "column": self.matrix.get(document.column)}

    def everything(self) -> list[Document]:
        return [d for documents in self.by_column.values() for d in documents]

    def newest(self, documents: list[Document], count: int) -> list[dict[str, Any]]:
        return [self.document_link(d) for d in newest_first(documents)[:count]]

