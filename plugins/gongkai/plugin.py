"""The gongkai MkDocs plugin: wiring only.

It turns MkDocs events into calls on the core (matrix, documents, listing) and the
core's problems into a PluginError, which MkDocs prints without a traceback.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import posixpath
import shutil
import signal
import subprocess
import threading
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import mkdocs
import mkdocs.utils
from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import clock, freshness, publishing
from .clock import ENVIRONMENT, BadDate

from . import annual_report, catalogue, feeds, mkdocswords, pii, report_series, sanitizer, search
from .accessibility import check_html, wrap_tables
from .background import Background, Prefetched
from .config import GongkaiConfig, publishing_rules, settings_of
from .doccache import CACHE_FOLDER, FILE_NAME, DocumentCache
from .documents import Document, load_documents, newest_first, split_front_matter
from .errors import GongkaiError, Problem, display_path
from .findings import WARN, report_text
from .monitor import build_report, report_html, report_json
from .pii import load_allowlist
from .preview import Preview
from .qrcodes import qr_codes
from .listing import ListingPage, page_folder, paginate
from .matrix import Column, Matrix, check_folders, load_matrix

log = logging.getLogger("mkdocs.plugins.gongkai")

THEME_DIR = Path(__file__).parent / "theme"
STYLESHEET = "assets/gongkai/gongkai.css"
READER_SCRIPT = "assets/gongkai/reader.js"
CATALOGUE_SCRIPT = "assets/gongkai/catalogue.js"
HOME_LATEST = 10


CATALOGUE_TITLE = "政府信息公开目录"
CATALOGUE_FOLDER = "ml"  # 目录, inside 法定主动公开内容
CATALOGUE_PREVIEW = 50  # entries shown on the catalogue page without JavaScript
SEARCH_SCRIPT = "assets/gongkai/search.js"
SEARCH_FOLDER = "search"  # the results page and the index files beside it
SEARCH_TITLE = "站内搜索"
SEARCH_CACHE = "segments.pickle"  # jieba's terms of each text, in .cache/gongkai/
LUNR_SOURCE = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"


@dataclass(frozen=True)
class CatalogueView:
    """The catalogue page."""


class SearchView:
    """The search results page."""


class ProblemsView:
    """The preview's only page while the column matrix cannot be read."""


@dataclass(frozen=True)
class ColumnView:
    """A column's page: its sub-columns, or one page of its document list."""

    column: Column
    listing: ListingPage | None  # None for a column with sub-columns


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    """Builds the 政府信息公开 section from columns.yml and the column folders."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.matrix: Matrix | None = None
        self.files: Files | None = None
        self.views: dict[str, Document | ColumnView] = {}
        self.by_column: dict[str, list[Document]] = {}
        self.left_out: set[str] = set()  # optional columns without documents: not on the site
        self._rules: publishing.Rules | None = None  # what this build demands of what it publishes
        self.interpretations: dict[str, list[Document]] = {}
        self._activated: Page | None = None
        self.project = Path(".")
        self.report: dict | None = None
        self.today_source = ""
        self.now: Any = None  # the publication moment of this build (Beijing time)
        self.preview: Preview | None = None  # `mkdocs serve`: problems are shown, not raised
        self.command = ""
        self.dirty = False
        self._final_site: Path | None = None
        self._lock: Any = None  # the site's lock file, held from on_config to the swap
        self._translate: Any = None  # the filter that tells MkDocs' link warnings in Chinese
        self._epoch_set = False
        self._completed = False
        self.a11y_problems: list[Problem] = []
        self.reports: dict[str, annual_report.Report] = {}  # by the report document's path
        self.downloads: dict[str, list[dict[str, str]]] = {}
        self.catalogue_rows: list[dict] = []
        self.catalogue_index: dict = {}
        self.catalogue_folder = ""
        # Kept for a whole `mkdocs serve` session (MkDocs keeps plugins across rebuilds):
        self.background = Background()  # the worker processes, closed on shutdown
        self._document_cache: DocumentCache | None = None  # parsed documents, in memory
        self._qr_known: dict[str, str] = {}  # QR code by address
        self._scans = publishing.Scans()  # personal numbers found, by file
        self._last_build: SiteState | None = None  # what the last build made, for --dirty
        self._site_changing = False  # this build has begun to change the site
        self._search_writer: threading.Thread | None = None  # a --dirty build's late index
        self._qr_codes: Prefetched | None = None
        self._search_files: Any = None  # a Future of {site path: content}
        self.search_context: dict[str, Any] | None = None
        self._nav_memo: dict[tuple[str, str], str] = {}  # rendered navs of this build

    # -- configuration -----------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """A new `mkdocs build` or `mkdocs serve` session (MkDocs may reuse this instance)."""
        self.command, self.dirty = command, dirty
        self._document_cache, self._last_build, self._qr_known = None, None, {}
        self._scans = publishing.Scans()
        self.preview = Preview() if command == "serve" else None
        if self.preview is not None and threading.current_thread() is threading.main_thread():
            # Stopped by SIGTERM (a closed terminal, a service manager): shut down as for Ctrl-C,
            # so the workers end cleanly instead of leaking their semaphores.
            signal.signal(signal.SIGTERM, _interrupt)
        if dirty:  # _plan_dirty_build makes it accurate: no warning, so --strict still works
            logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if self.config.per_page < 1:
            raise PluginError("gongkai: mkdocs.yml 中的 `per_page`（每页信息数）至少为 1")
        self.project = project = Path(config.config_file_path or ".").parent
        problems = freshness.check_severity(self.config.severity)
        if problems:
            raise PluginError("gongkai: " + "; ".join(problems))
        if self.preview is not None:
            self.preview.start()
        if self._translate is not None:
            mkdocswords.remove(self._translate)
        self._translate = mkdocswords.install(Path(config.docs_dir).name)  # a broken link, in Chinese
        # The plugin's templates sit after the site's custom_dir, before Material's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        try:
            self.matrix = load_matrix(project / self.config.matrix, shown_as=self.config.matrix)
        except GongkaiError as error:
            if self.preview is None:
                raise PluginError(str(error)) from None
            self.preview.add(error.problems)  # the preview is one page of problems until it is fixed
            self.preview.broken, self.matrix = True, None
            self._last_build = None  # then everything is rendered again, into a clean site
            config.nav = ["index.md"]
            return config
        for script in (READER_SCRIPT, CATALOGUE_SCRIPT, *([SEARCH_SCRIPT] if self.config.search else [])):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        config.nav = self._nav(config.nav)
        # MkDocs keeps this instance for the next build (serve, or tests in one process):
        # nothing of this build may come from the last one.
        self._completed = self._site_changing = False
        self.a11y_problems = []
        self.report = self.search_context = None
        self.catalogue_rows, self.catalogue_index, self.catalogue_folder = [], {}, ""
        self._reproducible(project)
        if self.config.atomic and self.command == "build" and not self.dirty:
            # Build beside the site and swap it in at the end: a failed build leaves the old site.
            final = Path(config.site_dir)
            self._lock = _lock_site(final)  # one build at a time into one site
            for left in [*final.parent.glob(f".{final.name}.building-*"), *final.parent.glob(f".{final.name}.old-*")]:
                shutil.rmtree(left, ignore_errors=True)  # what a killed build left: no build runs now
            staging = final.parent / f".{final.name}.building-{os.getpid()}"
            try:
                staging.mkdir()
            except OSError as error:
                self._unlock()
                raise PluginError(f"gongkai: 无法在 {final.parent} 中写入网站（{error.strerror}）："
                                  "检查目录是否存在、是否有写权限") from None
            self._final_site, self.staging_dir, config.site_dir = final, staging, str(staging)
        return config

    def _unlock(self) -> None:
        if self._lock is not None:
            # Removed while still held, then released: a build that opened the old file fails
            # to lock it and refuses; one that comes later makes a new lock of its own.
            with contextlib.suppress(OSError):
                os.unlink(self._lock.name)
            self._lock.close()
            self._lock = None

    def _reproducible(self, project: Path) -> None:
        """Date the build by the last commit unless SOURCE_DATE_EPOCH says otherwise, so two
        builds of one commit are byte-identical (sitemap dates, the sitemap's gzip header)."""
        if os.environ.get("SOURCE_DATE_EPOCH"):
            return
        try:
            stamp = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"],
                                   capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return
        if stamp.isdigit():
            os.environ["SOURCE_DATE_EPOCH"] = stamp
            self._epoch_set = True

    def _nav(self, nav: list | None) -> list:
        """The site's nav with each top column expanded into its columns (never documents)."""
        assert self.matrix is not None
        extra = {}
        if self.config.catalogue:
            statutory = self.matrix.part("statutory")
            extra[statutory.id] = {CATALOGUE_TITLE: f"{statutory.folder}/{CATALOGUE_FOLDER}/index.md"}
        generated = {f"{root.folder}/index.md": _column_nav(root, extra) for root in self.matrix.roots}
        if not nav:
            return ["index.md", *generated.values()]
        result, placed = [], set()
        for entry in nav:
            target = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
            key = f"{target.rstrip('/')}/index.md" if isinstance(target, str) and not target.endswith(".md") else target
            if key in generated:
                result.append(generated[key])
                placed.add(key)
            else:
                result.append(entry)
        result.extend(v for k, v in generated.items() if k not in placed)
        return result

    # -- files -------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        content_dir = Path(config.docs_dir)
        docs = os.path.abspath(config.docs_dir)
        own = [f for f in files if f.src_dir and os.path.abspath(f.src_dir) == docs]  # not the theme's
        if self.preview is not None and self.preview.broken:
            for file in own:
                files.remove(file)
            files.append(File.generated(config, "index.md", content=""))
            self.views = {"index.md": ProblemsView()}
            self.files = files
            return files
        assert self.matrix is not None
        names = publishing.bad_names([f.src_uri for f in own], content_dir.name)
        if names:  # before anything asks MkDocs for their addresses
            if self.preview is None:
                raise PluginError(str(GongkaiError(names)))
            self.preview.add(names)
            for file in [f for f in own if not publishing.utf8_name(f.src_uri)]:
                files.remove(file)
            own = [f for f in own if publishing.utf8_name(f.src_uri)]
        sources = [f.src_uri for f in own if f.is_documentation_page()]
        problems = check_folders(self.matrix, content_dir)
        cache = self._documents_cache()
        documents, found = load_documents(content_dir, self.matrix,
                                          self.config.site.organisation, sources, cache)
        cache.save()
        problems.extend(found)
        if self.config.catalogue:
            pattern = catalogue.IndexPattern(self.config.index_pattern, self.config.site.org_code)
            problems.extend(catalogue.check_index_numbers(documents, pattern, content_dir.name))
        settings = self._settings()
        # The one gate: every file of the content folder, decided before anything is written.
        self._rules = self._publishing_rules()
        # The same list of files `gongkai validate` decides; a file MkDocs has beyond it (one its
        # exclude_docs lets in) is not in verdict.published, so it is not published either.
        verdict = publishing.gate(content_dir, publishing.site_files(content_dir), self.matrix, documents,
                                  self.now, self._rules, self._uses(config), self._scans)
        problems.extend(verdict.problems)
        if config.theme.custom_dir:
            theme_dir = Path(config.theme.custom_dir)
            problems.extend(publishing.theme_problems(theme_dir, display_path(theme_dir, self.project),
                                                      self._rules, self._scans))
        public = list(verdict.documents)
        # Every identity checked, and the reports side by side: one a year, years adding up.
        self.reports, found = report_series.load_reports(public, content_dir, self.now.date())
        problems.extend(found)
        if problems and self.preview is None:  # all of them at once, as `gongkai validate` tells them
            raise PluginError(str(GongkaiError(problems)))
        if problems:  # the preview shows them and leaves out the documents they name
            named = {name.split("/", 1)[-1] for name in self.preview.add(problems)}
            public = [d for d in public if d.path not in named]
            verdict = replace(verdict, published=verdict.published - named, documents=tuple(public))
        left = verdict.left_out(content_dir.name)
        if left:  # never silently: the editor sees why a document is not on the site
            log.info(f"gongkai: 这次不发布的信息和页面（{len(left)} 篇）：\n" + "\n".join(f"  {line}" for line in left))
        due = publishing.next_publication(documents, self.now)
        if due is not None:
            log.info(f"gongkai: 下一篇定时发布：{due.published:%Y-%m-%d %H:%M}（北京时间）“{due.title}”"
                     f"（{due.path}）；届时重新构建网站才会发布（`gongkai schedule --due-within` 可供定时任务判断）")
        if self.config.freshness:
            self._check_freshness(documents, content_dir, settings)

        # Only what is published reaches any output: pages, lists, sitemap, 404, downloads.
        for file in [f for f in own if f.src_uri not in verdict.published]:
            files.remove(file)
        config.nav = _prune_nav(config.nav, {p for p in verdict.withheld if p.endswith(".md")})
        self._annual_reports(public, files, config)

        self.by_column = defaultdict(list)
        self.interpretations = defaultdict(list)
        self.views = {d.path: d for d in public}
        for document in public:
            # Documents are never in the nav (measured: 1,000 of them there make a 437 MB site).
            files.get_file_from_path(document.path).inclusion = InclusionLevel.NOT_IN_NAV
            self.by_column[document.column].append(document)
            if document.interprets:
                self.interpretations[document.interprets].append(document)
        # Optional columns (可不设置本栏目) without documents are not on the site at all.
        self.left_out = self.matrix.left_out(set(self.by_column))
        hidden = tuple(f"{self.matrix.get(i).folder}/" for i in self.left_out)
        for file in [f for f in files if f.src_uri.startswith(hidden)] if hidden else []:
            files.remove(file)
        config.nav = _prune_nav(config.nav, {f"{folder}index.md" for folder in hidden})

        if files.get_file_from_path("index.md") is None:
            files.append(File.generated(config, "index.md", content=""))
        for column in self.matrix.columns():
            if column.id in self.left_out:
                continue
            index = f"{column.folder}/index.md"
            if files.get_file_from_path(index) is None:
                files.append(File.generated(config, index, content=""))
            if not column.is_leaf:
                self.views[index] = ColumnView(column, None)
                continue
            for listing in paginate(self.by_column[column.id], self.config.per_page):
                source = f"{page_folder(column.folder, listing.number)}/index.md"
                if listing.number > 1:
                    files.append(File.generated(config, source, content="",
                                                inclusion=InclusionLevel.NOT_IN_NAV))
                self.views[source] = ColumnView(column, listing)
        self.files = files
        if self.config.catalogue:
            self._catalogue(public, files, config)
        if self.config.feeds and config.site_url:
            self._feeds(public, files, config)
        if self.config.search:
            self._search_page(public, files, config)
        if self.dirty:
            self._plan_dirty_build(files, public, config, settings.as_of.date())
        return files

    def _documents_cache(self) -> DocumentCache:
        if not self.config.cache:
            return DocumentCache.off()
        file, publisher = self.project / CACHE_FOLDER / FILE_NAME, self.config.site.organisation
        cache = self._document_cache
        if cache is None or cache.file != file or cache.publisher != publisher:
            cache = self._document_cache = DocumentCache(file, publisher)
        return cache

    def _plan_dirty_build(self, files: Files, public: list[Document], config: MkDocsConfig,
                          today: Any) -> None:
        """Make `--dirty` right: MkDocs renders again only pages whose source is newer than
        their output, so a changed title would not reach its column's list. Compared with
        the last build of this session, it decides which pages to render:

        - the first build, other settings, a new day or a document gone: everything, in a
          clean site (a withdrawn document's page must not stay behind);
        - a document's metadata changed or one added: every page that is not a document,
          and the documents that link to it as policy or interpretation;
        - only bodies changed: just the changed documents, not the generated pages;
        - the preview's problems changed: every page, for every page lists them.
        """
        state = SiteState.of(self, files, public, config, today)
        last, self._last_build, self._site_changing = self._last_build, state, True
        pages = files.documentation_pages()
        if last is None or last.settings != state.settings or last.documents.keys() - state.documents.keys():
            log.info("gongkai: --dirty: rendering every page (first build, other settings, or a document withdrawn)")
            mkdocs.utils.clean_directory(config.site_dir)
            for file in pages:
                _render_again(file, True)
            return
        changed = {path for path, document in state.documents.items() if last.documents.get(path) != document}
        if last.nav_titles != state.nav_titles or last.shown != state.shown:
            for file in pages:
                _render_again(file, True)
            return
        related = {d.interprets for d in public if d.path in changed} | \
                  {d.path for d in public if d.interprets in changed}
        for file in pages:
            view = self.views.get(file.src_uri)
            if isinstance(view, Document):
                if view.path in changed or view.path in related:
                    _render_again(file, True)
            elif changed:
                _render_again(file, True)  # lists, home, catalogue: they show document metadata
            elif file.generated_by:
                _render_again(file, False)  # a generated list page whose documents did not change

    def _search_page(self, public: list[Document], files: Files, config: MkDocsConfig) -> None:
        """The results page, lunr.js for it, and what the search box needs on every page."""
        page = f"{SEARCH_FOLDER}/index.md"
        if files.get_file_from_path(page) is None:
            files.append(File.generated(config, page, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        files.append(File.generated(config, "assets/gongkai/lunr.js", abs_src_path=str(LUNR_SOURCE)))
        self.views[page] = SearchView()
        statutory = self.matrix.part("statutory")
        self.search_context = {
            "page": f"{SEARCH_FOLDER}/", "folder": SEARCH_FOLDER,
            "catalogue": f"{statutory.folder}/{CATALOGUE_FOLDER}/" if self.config.catalogue else f"{statutory.folder}/",
            "columns": [(c.id, c.title) for c in self.matrix.leaves() if self.by_column.get(c.id)],
            "years": [(y, f"{y}年") for y in sorted({str(d.published.year) for d in public}, reverse=True)],
        }

    def _search_records(self, files: Files) -> list[tuple[search.Record, str]]:
        """Every published page to index, with its Markdown source (read in the worker)."""
        records = []
        for file in files.documentation_pages():
            if file.abs_src_path is None or file.src_uri == f"{SEARCH_FOLDER}/index.md":
                continue
            view = self.views.get(file.src_uri)
            if isinstance(view, Document):
                column = self.matrix.get(view.column)
                record = search.Record(file.url, view.title, column.id, column.title,
                                       view.published_date.isoformat(), view.doc_number, view.index_number)
            elif isinstance(view, ColumnView):
                record = search.Record(file.url, view.column.title, view.column.id, view.column.title)
            else:
                record = search.Record(file.url, _page_title(file.content_string) or file.name)
            records.append((record, file.abs_src_path))
        return records

    def _feeds(self, public: list[Document], files: Files, config: MkDocsConfig) -> None:
        """Atom feeds of the newest documents: the whole site, and each column."""
        site = config.site_url.rstrip("/") + "/"
        author = self.config.site.organisation or config.site_name

        urls = {d.path: files.get_file_from_path(d.path).url for d in public}

        def entries(documents: list[Document]) -> list[tuple[Document, str]]:
            return [(d, site + urls[d.path]) for d in newest_first(documents)]

        generated = {"feed.xml": feeds.atom(f"{config.site_name} 最新公开信息", site + "feed.xml", site,
                                            entries(public), author)}
        for column in self.matrix.leaves():
            documents = self.by_column.get(column.id)
            if documents:
                generated[f"{column.folder}/feed.xml"] = feeds.atom(
                    f"{config.site_name} {column.title}", f"{site}{column.folder}/feed.xml",
                    f"{site}{column.folder}/", entries(documents), author)
        for source, content in generated.items():
            files.append(File.generated(config, source, content=content))

    def _catalogue(self, public: list[Document], files: Files, config: MkDocsConfig) -> None:
        """The catalogue page, its data a year at a time, and CSV/JSON for the site and each column."""
        folder = f"{self.matrix.part('statutory').folder}/{CATALOGUE_FOLDER}"
        urls = {d.path: files.get_file_from_path(d.path).url for d in public}
        rows = catalogue.entries(public, self.matrix, urls.__getitem__)
        by_year: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_year[row["published"][:4]].append(row)
        index = {
            "total": len(rows),
            "years": [{"year": year, "count": len(by_year[year]), "data": f"{year}.json"}
                      for year in sorted(by_year, reverse=True)],
            "columns": [{"id": c.id, "title": c.title} for c in self.matrix.leaves() if self.by_column.get(c.id)],
            "topics": sorted({r["topic"] for r in rows if r["topic"]}),
            "publishers": sorted({r["publisher"] for r in rows if r["publisher"]}),
        }
        generated = {
            f"{folder}/index.md": "",
            f"{folder}/data/index.json": json.dumps(index, ensure_ascii=False),
            f"{folder}/catalogue.csv": catalogue.to_csv(rows),
            f"{folder}/catalogue.json": catalogue.to_json(rows),
            f"{folder}/schema.json": catalogue.schema_json(),
            **{f"{folder}/data/{year}.json": catalogue.to_json(year_rows) for year, year_rows in by_year.items()},
        }
        for column in self.matrix.leaves():
            column_rows = [r for r in rows if r["column_id"] == column.id]
            if column_rows:
                generated[f"{column.folder}/catalogue.csv"] = catalogue.to_csv(column_rows)
                generated[f"{column.folder}/catalogue.json"] = catalogue.to_json(column_rows)
        for source, content in generated.items():
            if files.get_file_from_path(source) is None:
                files.append(File.generated(config, source, content=content))
        self.views[f"{folder}/index.md"] = CatalogueView()
        self.catalogue_rows = rows
        self.catalogue_index = index
        self.catalogue_folder = folder

    def _annual_reports(self, public: list[Document], files: Files, config: MkDocsConfig) -> None:
        """Offer each published report's data (loaded and checked with the gate) as CSV and JSON."""
        self.downloads = {}
        for document in public:
            report = self.reports.get(document.path)
            if report is None:
                continue
            stem = posixpath.splitext(document.report_data)[0]
            downloads = [(f"{stem}.json", "全部数据（JSON）", annual_report.report_json(report))]
            for number, table in (("二", 2), ("三", 3), ("四", 4)):
                # The BOM lets Excel open the Chinese text correctly.
                downloads.append((f"{stem}-table{table}.csv", f"表{number}（CSV）",
                                  "\ufeff" + annual_report.table_csv(report, number)))
            for source, _, content in downloads:
                files.append(File.generated(config, source, content=content))
            self.downloads[document.path] = [{"name": name, "source": source} for source, name, _ in downloads]

    def _settings(self) -> freshness.Settings:
        """The check's settings, with the rules' "today" and the publication moment ``self.now``
        fixed once for the whole build."""
        try:
            settings = settings_of(self.config, self.project)
            judged, self.today_source = clock.moment(settings.as_of)
            self.now = clock.moment()[0]  # publication follows the clock, whatever the pin
        except BadDate as error:
            raise PluginError(f"gongkai: {error}") from None
        return replace(settings, as_of=judged)

    def _uses(self, config: MkDocsConfig) -> list[str]:
        """Files of the content folder the configuration names: published though unlinked."""
        return publishing.configured_files([*config.extra_css, *config.extra_javascript], config.theme,
                                           self.config.site.conac_image)

    def _publishing_rules(self) -> publishing.Rules:
        try:
            allowlist = load_allowlist(self.project / self.config.allowlist, self.config.allowlist)
        except GongkaiError as error:
            raise PluginError(str(error)) from None
        return publishing_rules(self.config, frozenset(allowlist))

    def _check_freshness(self, documents: list[Document], content_dir: Path,
                         settings: freshness.Settings) -> None:
        """Fail the build on any broken update rule; tell the due-soon ones."""
        try:
            result = freshness.run(self.matrix, documents, content_dir, settings, environ={})
        except GongkaiError as error:
            raise PluginError(f"gongkai: {error}") from None
        if self.today_source == ENVIRONMENT:
            log.info(f"gongkai: 按 {ENVIRONMENT}={result.today} 检查栏目更新")
        elif self.today_source == "configuration":
            log.info(f"gongkai: 按 mkdocs.yml 中固定的日期 as_of: {result.today} 检查栏目更新（不是今天）")
        # Notes and reminders are INFO: `--strict` fails on any WARNING, and they must not stop
        # the site when `gongkai check` passes on the same input.
        for note in result.notes:
            log.info(f"gongkai: 注意：{note}")
        reminders = [f for f in result.findings if f.severity == WARN]
        if reminders:
            log.info("gongkai: 提醒（不影响构建）\n" + report_text(reminders, result.today))
        if not result.ok:
            text = "\n".join([*(f"注意：{p}" for p in result.problems),
                              report_text(result.failing, result.today, result.standing.flagged),
                              result.standing.text()])
            if self.preview is None:  # only the real build fails on findings
                raise PluginError(text)
            self.preview.findings(result.failing, result.today)
        log.info("gongkai: " + result.standing.text().replace("\n", "\n  "))
        if self.config.monitor_report:
            self.report = build_report(self.matrix, result.documents, result.findings, result.standing,
                                       result.today, result.calendar, self.config.horizon)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self._search_writer is not None:  # the last --dirty build's index, still being written
            self._search_writer.join()
            self._search_writer = None

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Hand work whose inputs are now known to a spare core while MkDocs renders pages."""
        if not self.config.enabled or (self.preview is not None and self.preview.broken):
            return None
        self.background.cancel_pending()
        if self.config.qr_code and config.site_url:
            addresses = [self._address(config, f.url) for f in files.documentation_pages()]
            missing = [a for a in addresses if a not in self._qr_known]
            self._qr_codes = Prefetched(self.background, qr_codes, missing)
        if self.config.search:
            cache = str(self.project / CACHE_FOLDER / SEARCH_CACHE) if self.config.cache else None
            self._search_files = self.background.submit(search.build_site_index, self._search_records(files), cache)
        return nav

    @staticmethod
    def _address(config: MkDocsConfig, url: str) -> str:
        return config.site_url.rstrip("/") + "/" + url

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.config.enabled and self._search_files is not None:
            site, index = Path(config.site_dir), self._search_files
            self._search_files = None
            if self.dirty and (site / search.META_FILE).exists() and not index.done():
                # A --dirty rebuild reloads the edited page now; the site's search (there is one
                # from the last build) follows when the worker has indexed the edit.
                self._search_writer = threading.Thread(target=_write_later, args=(site, index), daemon=True)
                self._search_writer.start()
            else:
                _write_files(site, index)
        if self.config.enabled and self.report is not None:
            target = Path(config.site_dir) / "gongkai" / "monitor"
            target.mkdir(parents=True, exist_ok=True)
            (target / "index.html").write_text(report_html(self.report, config.site_name), encoding="utf-8")
            (target / "monitor.json").write_text(report_json(self.report), encoding="utf-8")
        if self.preview is not None and self._last_build is not None:
            # Problems found while rendering (MkDocs' warnings, accessibility) reached only the
            # pages rendered after them: compared with these, the next build renders every page.
            self._last_build = replace(self._last_build, shown=tuple(self.preview.problems))
        self._completed = True

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the matrix, the holiday file or the allowlist changes, too."""
        if self.config.enabled:
            for name in (self.config.matrix, self.config.holidays, self.config.allowlist):
                if (self.project / name).exists():
                    server.watch(str(self.project / name))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        # Also raised after on_post_build, when --strict counts warnings.
        self._completed = False
        if self._site_changing:  # pages may be half-way: the next --dirty build starts over
            self._last_build = None
        self.background.cancel_pending()
        if self._final_site is not None:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
            log.info(f"gongkai: 构建失败，{self._final_site} 中原来的网站没有改动")
            self._final_site = None
        self._unlock()
        self._restore_epoch()

    def on_shutdown(self) -> None:
        """Swap the finished site into place: only now is the whole build known to have succeeded."""
        self.background.close()
        logging.getLogger("mkdocs.commands.build").removeFilter(_without_dirty_warning)
        if self._translate is not None:
            mkdocswords.remove(self._translate)
            self._translate = None
        if self._final_site is not None and self._completed:
            final, staging = self._final_site, self.staging_dir
            old = final.parent / f".{final.name}.old-{os.getpid()}"
            try:
                if final.exists():
                    final.rename(old)
                staging.rename(final)
            except OSError as error:
                log.error(f"gongkai: 新网站未能替换 {final}（{error.strerror}），新网站留在 {staging}")
            else:
                shutil.rmtree(old, ignore_errors=True)
                log.info(f"gongkai: 新网站已生成：{final}")
        elif self._final_site is not None:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
        self._final_site = None
        self._unlock()
        self._restore_epoch()

    def _restore_epoch(self) -> None:
        if self._epoch_set:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._epoch_set = False

    # -- pages -------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if not self.config.enabled:
            return None
        view = self.views.get(page.file.src_uri)
        self._lastmod(page, view)  # before the sitemap, which MkDocs renders before the pages
        if isinstance(view, ProblemsView):
            page.meta.update(title="预览：请先修改这些问题", template="gongkai/problems.html", hide=["navigation", "toc"])
            return ""
        # Titles come from front matter and columns.yml: escaped here, for Material's templates
        # print page titles as they are (autoescape is off in MkDocs' Jinja environment).
        for key in ("title", "description", "author"):  # an ordinary page's front matter too
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        if isinstance(view, Document):
            page.meta["title"] = escape(view.title)
            page.meta.setdefault("template", "gongkai/document.html")
        elif isinstance(view, ColumnView):
            number = view.listing.number if view.listing else 1
            page.meta["title"] = escape(view.column.title + (f"（第{number}页）" if number > 1 else ""))
            page.meta.setdefault("template", "gongkai/column.html")
            page.meta.setdefault("hide", ["toc"])
            return _without_title(markdown)
        elif isinstance(view, CatalogueView):
            page.meta["title"] = CATALOGUE_TITLE
            page.meta.setdefault("template", "gongkai/catalogue.html")
            page.meta.setdefault("hide", ["toc"])
        elif isinstance(view, SearchView):
            page.meta["title"] = SEARCH_TITLE
            page.meta.setdefault("template", "gongkai/search.html")
            page.meta.setdefault("hide", ["toc"])
        elif page.file.src_uri == "index.md":
            page.meta.setdefault("template", "gongkai/home.html")
            page.meta.setdefault("hide", ["navigation", "toc"])
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Check the rendered content; problems are reported together before any page is written."""
        if not self.config.enabled or page.file.src_dir is None:
            return None
        html = sanitizer.clean(html)  # raw HTML in the body: only what the allowlist keeps
        if self.config.personal_information and self._rules is not None:
            # The gate scanned the source; this scans what the page shows, in case rendering
            # made a number the source did not show (it never has: a test plants them all).
            for hit in pii.scan(html, self._rules.allowlist):
                self.a11y_problems.append(Problem(f"{Path(config.docs_dir).name}/{page.file.src_uri}", None,
                                                  f"页面中有个人信息：{hit.describe()}",
                                                  "遮挡后再发布（例如 138****5678）"))
        report = self.reports.get(page.file.src_uri)
        if report is not None:
            html += annual_report.render_html(report)
        source = page.file.content_string
        front, _, _ = split_front_matter(source)
        offset = 0 if front is None else source[: len(source) - len(page.markdown or "")].count("\n")
        view = self.views.get(page.file.src_uri)
        has_title = view is not None or page.file.src_uri == "index.md" or "title" in page.meta \
            or any(line.startswith("# ") for line in (page.markdown or "").splitlines())
        for issue in check_html(html, page.markdown or "", has_title):
            line = issue.line + offset if issue.line else None
            self.a11y_problems.append(Problem(f"{Path(config.docs_dir).name}/{page.file.src_uri}",
                                              line, issue.message, issue.hint))
        return wrap_tables(html)

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled and self.a11y_problems:
            problems, self.a11y_problems = self.a11y_problems, []
            if self.preview is None:
                raise PluginError("无障碍（GB/T 37668）和个人信息检查：" + str(GongkaiError(problems)))
            self.preview.add(problems)
        if self.config.enabled:
            statement = files.get_file_from_path(self.config.site.accessibility_page)
            env.globals.update(
                gongkai_site=self.config.site, gk_memo=self._memo,
                gongkai_section=self._column_link(self.matrix.section) if self.matrix else None,
                gongkai_accessibility=statement.url if statement else "")
            self._nav_memo = {}
        return env

    def _memo(self, key: tuple[str, str], caller: Any) -> str:
        """``{% call gk_memo(key) %}…{% endcall %}``: the block rendered once per key and build."""
        html = self._nav_memo.get(key)
        if html is None:
            html = self._nav_memo[key] = Markup(caller())  # rendered HTML: not to be escaped again
        return html

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any] | None:
        if not self.config.enabled:
            return None
        view = self.views.get(page.file.src_uri)
        gk: dict[str, Any] = {"column_type": self.config.column_type}
        if self.preview is not None and self.preview.problems:
            gk["problems"] = self.preview.problems  # every page of the preview shows them
        if isinstance(view, ProblemsView):
            gk["kind"] = "problems"
            context["gk"] = gk
            return context
        if isinstance(view, Document):
            gk.update(self._document_context(view))
        elif isinstance(view, ColumnView):
            gk.update(self._column_context(view))
        elif isinstance(view, CatalogueView):
            gk.update(self._catalogue_context())
        elif isinstance(view, SearchView):
            gk["kind"] = "search"
        elif page.file.src_uri == "index.md":
            gk.update(self._home_context())
        column = gk.get("column")
        if column is not None:
            # A document or a later list page is not in the nav: light up its column there.
            column_page = self.files.get_file_from_path(f"{column.folder}/index.md").page
            if column_page is not None and column_page is not page:
                column_page.active = True
                self._activated = column_page
                if self.config.cache:
                    # Its nav (links relative to the page's folder, its column open) is the same
                    # for every such page in that folder: render it once.
                    gk["nav_key"] = (column.id, posixpath.dirname(page.url.rstrip("/")))
        if self.config.qr_code and config.site_url:
            address = self._address(config, page.url)
            qr = self._qr_known.get(address)
            if qr is None:
                qr = self._qr_known[address] = self._qr_codes.get(address)
            gk["qr"] = qr
            gk["address"] = address
        if self.search_context is not None:
            gk["search"] = self.search_context
        if self.config.feeds and config.site_url:
            column = gk.get("column")
            feed = f"{column.folder}/feed.xml" if column is not None and column.is_leaf \
                and self.by_column.get(column.id) else "feed.xml"
            gk["feed"] = self._url(feed)
        context["gk"] = gk
        return context

    def _lastmod(self, page: Page, view: Any) -> None:
        """The sitemap's lastmod: a document's 发布日期, a column's newest document."""
        if isinstance(view, Document):
            newest = view.published_date
        elif isinstance(view, ColumnView):
            newest = max((d.published_date for leaf in _leaves(view.column)
                          for d in self.by_column.get(leaf.id, [])), default=None)
        elif page.file.src_uri == "index.md":
            newest = max((d.published_date for docs in self.by_column.values() for d in docs), default=None)
        else:
            newest = None
        if newest is not None:
            page.update_date = newest.isoformat()

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        if self._activated is not None:
            self._activated.active = False
            self._activated = None
        return None

    # -- template context --------------------------------------------------------

    def _url(self, source: str) -> str:
        file = self.files.get_file_from_path(source)
        return file.url if file else ""

    def _column_link(self, column: Column) -> dict[str, Any]:
        return {"title": column.title, "url": self._url(f"{column.folder}/index.md"), "column": column}

    def _breadcrumbs(self, column: Column) -> list[dict[str, Any]]:
        trail = [*self.matrix.ancestors(column), column]
        return [{"title": "首页", "url": self._url("index.md")}, *map(self._column_link, trail)]

    def _document_link(self, document: Document) -> dict[str, Any]:
        return {"title": document.title, "url": self._url(document.path), "document": document,
                "column": self.matrix.get(document.column)}

    def _document_context(self, document: Document) -> dict[str, Any]:
        column = self.matrix.get(document.column)
        policy = self.views.get(document.interprets)
        return {
            "kind": "document",
            "document": document,
            "column": column,
            "breadcrumbs": self._breadcrumbs(column),
            "current": document.title,
            "attachments": [{"name": a.name, "url": self._url(a.path),
                             "type": posixpath.splitext(a.path)[1].lstrip(".").upper()}
                            for a in document.attachments],
            "policy": self._document_link(policy) if isinstance(policy, Document) else None,
            "interpretations": [self._document_link(d)
                                for d in newest_first(self.interpretations.get(document.path, []))],
            "downloads": [{"name": d["name"], "url": self._url(d["source"])}
                          for d in self.downloads.get(document.path, [])],
        }

    def _column_context(self, view: ColumnView) -> dict[str, Any]:
        column = view.column
        number = view.listing.number if view.listing else 1
        crumbs = self._breadcrumbs(column)
        context: dict[str, Any] = {
            "kind": "column",
            "column": column,
            "breadcrumbs": crumbs[:-1] if number == 1 else crumbs,
            "current": column.title if number == 1 else f"第{number}页",
            "listing": view.listing,
        }
        if column.part == "annual_report" and self.reports and number == 1:
            svg, rows = annual_report.trend(self.reports.values())
            context["trend"] = {"svg": svg, "headers": annual_report.TREND_HEADERS,
                                "rows": [row.values() for row in rows]}
        if view.listing is None:
            context["children"] = [self._subcolumn(c) for c in column.children if c.id not in self.left_out]
        else:
            listing = view.listing

            def page_url(number: int | None) -> str | None:
                return self._url(f"{page_folder(column.folder, number)}/index.md") if number else None

            context["documents"] = [self._document_link(d) for d in listing.documents]
            if self.config.catalogue and listing.documents:
                context["downloads"] = [
                    {"name": "本栏目目录（CSV）", "url": self._url(f"{column.folder}/catalogue.csv")},
                    {"name": "本栏目目录（JSON）", "url": self._url(f"{column.folder}/catalogue.json")}]
            context["pages"] = [{"number": n, "url": page_url(n)} for n in range(1, listing.count + 1)]
            context["previous_url"] = page_url(listing.previous)
            context["next_url"] = page_url(listing.next)
        return context

    def _catalogue_context(self) -> dict[str, Any]:
        statutory = self.matrix.part("statutory")
        folder = self.catalogue_folder
        return {
            "kind": "catalogue",
            "breadcrumbs": self._breadcrumbs(statutory),
            "current": CATALOGUE_TITLE,
            "preview": self.catalogue_rows[:CATALOGUE_PREVIEW],
            "index": self.catalogue_index,
            "filters": {  # (value, text) pairs for the filter selects
                "years": [(y["year"], f"{y['year']}年（{y['count']}条）") for y in self.catalogue_index["years"]],
                "columns": [(c["id"], c["title"]) for c in self.catalogue_index["columns"]],
                "topics": [(t, t) for t in self.catalogue_index["topics"]],
                "publishers": [(p, p) for p in self.catalogue_index["publishers"]],
            },
            "data_url": self._url(f"{folder}/data/index.json"),
            "downloads": [{"name": "全部目录（CSV）", "url": self._url(f"{folder}/catalogue.csv")},
                          {"name": "全部目录（JSON）", "url": self._url(f"{folder}/catalogue.json")},
                          {"name": "数据说明（JSON Schema）", "url": self._url(f"{folder}/schema.json")}],
        }

    def _subcolumn(self, column: Column) -> dict[str, Any]:
        documents = [d for leaf in _leaves(column) for d in self.by_column.get(leaf.id, [])]
        latest = newest_first(documents)[:3]
        return {**self._column_link(column), "count": len(documents),
                "latest": [self._document_link(d) for d in latest]}

    def _home_context(self) -> dict[str, Any]:
        section = self.matrix.section
        everything = [d for docs in self.by_column.values() for d in docs]
        return {
            "kind": "home",
            "section": self._column_link(section),
            "parts": [self._column_link(c) for c in section.children],
            "statutory": [self._column_link(c) for c in self.matrix.part("statutory").children
                          if c.id not in self.left_out],
            "latest": [self._document_link(d) for d in newest_first(everything)[:HOME_LATEST]],
        }


@dataclass(frozen=True)
class SiteState:
    """What decides which pages a --dirty build renders again (see _plan_dirty_build)."""

    settings: tuple  # digests of the configuration files and templates, and the day
    documents: dict[str, Document]  # the published documents: their metadata
    nav_titles: dict[str, str]  # pages in the nav that are not documents: their titles
    shown: tuple = ()  # the preview's problems, which every page of it shows

    @classmethod
    def of(cls, plugin: GongkaiPlugin, files: Files, public: list[Document], config: MkDocsConfig,
           today: Any) -> SiteState:
        watched = [Path(config.config_file_path or "mkdocs.yml")]
        watched += [plugin.project / name for name in
                    (plugin.config.matrix, plugin.config.holidays, plugin.config.allowlist)]
        for folder in filter(None, (config.theme.custom_dir, THEME_DIR)):  # the site's templates and ours
            watched += sorted(p for p in Path(folder).rglob("*") if p.is_file())
        settings = tuple((str(path), _digest(path)) for path in watched) + (str(today),)
        views = plugin.views
        titles = {f.src_uri: _page_title(f.content_string) for f in files.documentation_pages()
                  if f.abs_src_path and f.src_uri not in views}
        shown = tuple(plugin.preview.problems) if plugin.preview is not None else ()
        return cls(settings, {d.path: d for d in public}, titles, shown)


def _digest(path: Path) -> bytes:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return b""


def _without_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' "A 'dirty' build … inaccurate navigation" warning (see _plan_dirty_build)."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _render_again(file: File, again: bool) -> None:
    """Tell a --dirty build whether to render this page: MkDocs asks File.is_modified."""
    file.is_modified = lambda: again  # type: ignore[method-assign]


def _write_files(site: Path, files: Any) -> None:
    """Write a Future's {site path: content} into the site."""
    for name, content in files.result().items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def _write_later(site: Path, files: Any) -> None:
    try:
        _write_files(site, files)
    except Exception as error:  # noqa: BLE001 - a thread's error would otherwise be a bare traceback
        log.error(f"gongkai: the search index of this rebuild was not written ({error}); "
                  "the next rebuild writes it")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _lock_site(site: Path) -> Any:
    """An exclusive lock beside the site, or a clear refusal: two builds swapping one site
    into place at once would leave half of each."""
    lock_file = site.parent / f".{site.name}.lock"
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_file, "a+")  # noqa: SIM115 - held until the build ends
    except OSError as error:
        raise PluginError(f"gongkai: 无法在 {site.parent} 中写入网站（{error.strerror}）："
                          "检查目录是否存在、是否有写权限") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        raise PluginError(f"gongkai: 另一个构建正在写入 {site}（进程 {holder or '未知'}）：等它结束后再构建") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _column_nav(column: Column, extra: dict[str, dict] | None = None) -> dict[str, Any]:
    """A column's nav entry; ``extra`` adds a page first under the column with that id."""
    extra = extra or {}
    index = f"{column.folder}/index.md"
    title = escape(column.title)  # columns.yml is untrusted text in Material's nav
    if column.is_leaf:
        return {title: index}
    first = [extra[column.id]] if column.id in extra else []
    return {title: [index, *first, *(_column_nav(c, extra) for c in column.children)]}


def _prune_nav(nav: list | None, hidden: set[str]) -> list | None:
    """The nav without the entries of ``hidden`` column pages (and everything under them)."""
    if not hidden or not nav:
        return nav
    kept = []
    for entry in nav:
        if isinstance(entry, str):
            if entry not in hidden:
                kept.append(entry)
            continue
        if isinstance(entry, dict) and len(entry) == 1:
            (title, value), = entry.items()
            if isinstance(value, str) and value in hidden:
                continue
            if isinstance(value, list):
                if value and value[0] in hidden:
                    continue
                entry = {title: _prune_nav(value, hidden)}
        kept.append(entry)
    return kept


def _leaves(column: Column) -> list[Column]:
    return [column] if column.is_leaf else [leaf for c in column.children for leaf in _leaves(c)]


def _page_title(source: str) -> str:
    """An ordinary page's title: `title:` in its front matter or its first `# ` heading."""
    for line in source.splitlines()[:40]:
        if line.startswith("title:"):
            return line[6:].strip().strip("\"'")
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _without_title(markdown: str) -> str:
    """Drop a leading `# 标题` line: the column page prints the column's title itself."""
    stripped = markdown.lstrip()
    if stripped.startswith("# "):
        return stripped.split("\n", 1)[1] if "\n" in stripped else ""
    return markdown
