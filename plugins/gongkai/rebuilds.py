"""Rendering only what changed: `mkdocs build` reusing pages kept from the last build, and
`mkdocs serve --dirty` made right.

``PageReuse``: a document's page is copied from ``pagecache`` when nothing it is made from
changed (its source, what its template shows of the site, the files its body links to, the
site's settings and nav, the product), and rendered otherwise; MkDocs never sees the copied
ones (they are excluded from its page loop), except in the sitemap.

``plan``, for `mkdocs serve --dirty`:

MkDocs renders again only pages whose source is newer than their output, so a changed
title would not reach its column's list. Compared with the last build of the session, it
decides which pages to render:

- the first build, other settings, a new day or a document gone: everything, in a clean
  site (a withdrawn document's page must not stay behind);
- a document's metadata changed or one added: every page that is not a document, and the
  documents that link to it as policy or interpretation;
- only bodies changed: just the changed documents, not the generated pages;
- the preview's problems changed: every page, for every page lists them.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mkdocs.utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import renderers, search
from .doccache import digest as content_digest
from .documents import Document
from .matrix import Column
from .mkdocswords import Heard
from .pagecache import PageCache, digest, product_fingerprint
from .site import Site
from .views import DocumentPage, View, page_title

log = logging.getLogger("mkdocs.plugins.gongkai")


@dataclass(frozen=True)
class SiteState:
    """What decides which pages a --dirty build renders again."""

    settings: tuple  # digests of the configuration files and templates, and the day
    documents: dict[str, Document]  # the published documents: their metadata
    nav_titles: dict[str, str]  # pages in the nav that are not documents: their titles
    shown: tuple = ()  # the preview's problems, which every page of it shows

    @classmethod
    def of(cls, watched: Iterable[Path], today: Any, files: Files, views: dict[str, Any],
           public: list[Document], shown: tuple) -> SiteState:
        settings = tuple((str(path), _digest(path)) for path in watched) + (str(today),)
        return cls(settings, {d.path: d for d in public}, own_titles(files, views), shown)


def own_titles(files: Files, views: dict[str, Any]) -> dict[str, str]:
    """The titles pages write themselves (ordinary pages, the home page): the nav of every
    page shows them."""
    return {f.src_uri: page_title(f.content_string) for f in files.documentation_pages()
            if f.abs_src_path and views.get(f.src_uri, View()).own_title}


def watched(config: MkDocsConfig, project: Path, options: Any, theme_dir: Path) -> list[Path]:
    """The files a build depends on besides the content: mkdocs.yml, the matrix, the holidays
    and the allowlist (``options``: the plugin's), and the templates (the site's and ``theme_dir``)."""
    files = [Path(config.config_file_path or "mkdocs.yml"),
             *(project / name for name in (options.matrix, options.holidays, options.allowlist))]
    for folder in filter(None, (config.theme.custom_dir, theme_dir)):
        files += sorted(p for p in Path(folder).rglob("*") if p.is_file())
    return files


def plan_dirty_build(site: Site, session: Any, files: Files, config: MkDocsConfig, today: Any,
                     options: Any, theme_dir: Path) -> None:
    """Compare this --dirty build with the session's last one, and mark the pages to render
    (``options``, ``theme_dir``: see ``watched``)."""
    shown = tuple(session.preview.problems) if session.preview is not None else ()
    state = SiteState.of(watched(config, site.project, options, theme_dir), today, files, site.views, site.public,
                         shown)
    last, session.last_build, site.writing = session.last_build, state, True
    plan(last, state, files, site.views, site.public, config.site_dir)


def plan(last: SiteState | None, state: SiteState, files: Files, views: dict[str, Any],
         public: list[Document], site_dir: str) -> None:
    """Mark each page to render again or not (see the module's docstring)."""
    pages = files.documentation_pages()
    if last is None or last.settings != state.settings or last.documents.keys() - state.documents.keys():
        log.info("gongkai: --dirty：重新生成全部页面（首次构建、配置或模板有变化，或有信息撤下）")
        mkdocs.utils.clean_directory(site_dir)
        for file in pages:
            render_again(file, True)
        return
    changed = {path for path, document in state.documents.items() if last.documents.get(path) != document}
    if last.nav_titles != state.nav_titles or last.shown != state.shown:
        for file in pages:
            render_again(file, True)
        return
    related = {d.interprets for d in public if d.path in changed} | \
              {d.path for d in public if d.interprets in changed}
    for file in pages:
        view = views.get(file.src_uri)
        if isinstance(view, DocumentPage):
            if view.document.path in changed or view.document.path in related:
                render_again(file, True)
        elif changed:
            render_again(file, True)  # lists, home, catalogue: they show document metadata
        elif file.generated_by:
            render_again(file, False)  # a generated list page whose documents did not change


def render_again(file: File, again: bool) -> None:
    """Tell a --dirty build whether to render this page: MkDocs asks File.is_modified."""
    file.is_modified = lambda: again  # type: ignore[method-assign]


def without_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' "A 'dirty' build … inaccurate navigation" warning: ``plan`` makes it accurate."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def write_search(site: Site, session: Any, folder: Path) -> None:
    """Write the search index the worker made; a --dirty rebuild keeps the site's old index
    until the new one is ready."""
    index, site.search_files = site.search_files, None
    if session.dirty and (folder / search.MANIFEST).exists() and not index.done():
        session.search_writer = write_later(folder, index)
    else:
        write_files(folder, index)


def write_files(site: Path, files: Any) -> None:
    """Write a Future's {site path: content} into the site."""
    for name, content in files.result().items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def write_later(site: Path, files: Any) -> threading.Thread:
    """Write the files when the worker has made them, in a thread: a --dirty rebuild
    reloads the edited page now, the site's search follows."""

    def write() -> None:
        try:
            write_files(site, files)
        except Exception as error:
            log.error(f"gongkai: 这次重新构建的搜索索引没有写入（{error}）；下一次重新构建时会写入")

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _digest(path: Path) -> bytes:
    try:
        return content_digest(path.read_bytes())
    except OSError:
        return b""


#: What of the configuration a page can show (mkdocs.yml's digest is in the key too; these
#: are its values after the command line and !ENV).
_CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
                "repo_name", "edit_uri", "edit_uri_template", "use_directory_urls", "extra", "extra_css",
                "extra_javascript", "markdown_extensions", "mdx_configs", "validation")
_EXCLUDED_LINK = re.compile(r"Doc file '(?P<file>.+?)' contains a link to '(?P<link>.+?)' "
                            r"which is excluded from the built site\.")


@dataclass
class PageReuse:
    """The document pages of one `mkdocs build`: copied from the cache, or rendered and kept
    (without a cache, as in `mkdocs serve`, it does nothing)."""

    cache: PageCache | None = None
    keys: dict[str, str] = field(default_factory=dict)  # source path → key, of each page that may be kept
    reused: set[str] = field(default_factory=set)  # source paths copied from the cache
    spoilt: set[str] = field(default_factory=set)  # pages whose rendering logged a warning: never kept
    warnings: Heard = field(default_factory=lambda: Heard(logging.WARNING))
    _started: int = 0

    def plan(self, site: Site, files: Files, config: MkDocsConfig, options: Any, theme_dir: Path,
             nav: Navigation) -> None:
        """Copy each document page whose key is in the cache, render the other pages outside
        the nav on every core (see ``renderers``), and take those out of MkDocs' page loop
        (``options``, ``theme_dir``: see ``watched``)."""
        common = site_key(site, files, config, options, watched(config, site.project, options, theme_dir))
        for file in files.documentation_pages():
            view = site.views.get(file.src_uri)
            if not isinstance(view, DocumentPage) or file.src_uri in site.reports:
                continue  # lists and the home page show many documents; a report shows its data file
            key = self.keys[file.src_uri] = page_key(common, site, file, view)
            if self.cache is not None and self.cache.copy(key, file.abs_dest_path):
                self._take(site, file, config, view)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        logging.getLogger("mkdocs.structure.pages").addFilter(self.quiet_links)
        if self.reused:
            log.info(f"gongkai: 沿用上次构建的 {len(self.reused)} 个信息页面（内容和相关设置都没有变化），"
                     f"重新生成 {len(self.keys) - len(self.reused)} 个")
        renderers.render(site, files, config, nav)

    def adopt(self, site: Site, files: Files, config: MkDocsConfig, written: list[str]) -> None:
        """Take pages written (and documents' pages kept) by another process as reused (see
        ``renderers``)."""
        for uri in written:
            self._take(site, files.src_uris[uri], config, site.views[uri])
            if self.cache is not None and uri in self.keys:
                self.cache.used.add(self.keys[uri])

    def _take(self, site: Site, file: File, config: MkDocsConfig, view: View) -> None:
        self.reused.add(file.src_uri)
        file.inclusion = InclusionLevel.EXCLUDED  # MkDocs neither renders nor writes it
        view.stamp(file.page or Page(None, file, config), site)  # for the sitemap, as MkDocs would list it

    def sitemap_pages(self, files: Files) -> list[File]:
        """The pages a sitemap lists: MkDocs' own, and the reused ones in their place."""
        return [f for f in files if f.is_documentation_page()
                and (f.inclusion.is_included() or f.src_uri in self.reused)]

    def begin(self) -> None:
        """A page starts rendering (or its template does): count its warnings from here."""
        self._started = self.warnings.count

    def end(self, page: Page) -> None:
        """A page finished rendering (or its template did)."""
        if self.warnings.count != self._started:
            self.spoilt.add(page.file.src_uri)  # a cold build would warn again: render it again

    def keep(self, page: Page, output: str) -> None:
        """Keep a document page just rendered, as MkDocs writes it."""
        self.end(page)
        key = self.keys.get(page.file.src_uri)
        if self.cache is not None and key is not None and page.file.src_uri not in self.spoilt:
            self.cache.put(key, output.encode("utf-8", errors="xmlcharrefreplace"))

    def finish(self) -> None:
        """After a build that succeeded: drop what it did not use (a `serve` session builds
        again with a new PageReuse: this one stops listening)."""
        if self.cache is not None:
            self.cache.keep_only()
        self.close()

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        logging.getLogger("mkdocs.structure.pages").removeFilter(self.quiet_links)

    def quiet_links(self, record: logging.LogRecord) -> bool:
        """Drop MkDocs' note that a page links to an excluded one when that one is reused: it is on the site."""
        match = _EXCLUDED_LINK.fullmatch(record.getMessage())
        if match is None:
            return True
        return match["link"].split("#")[0] not in self.reused  # MkDocs names the target by its path in docs_dir


def reusable(config: MkDocsConfig) -> bool:
    """Whether pages may be reused: not where a broken link anchor must fail the build (MkDocs
    checks anchors only on the pages it renders; by default it only informs), nor where the
    site's templates print the build's time (a reused page would show an older one)."""
    if config.validation.links.anchors >= logging.WARNING:
        return False
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    return custom is None or not any("build_date_utc" in p.read_text(encoding="utf-8", errors="replace")
                                     for p in custom.rglob("*.html") if p.is_file())


def site_key(site: Site, files: Files, config: MkDocsConfig, options: Any, watched_files: list[Path]) -> str:
    """What every document page is made from besides its own inputs: the product, the
    configuration, the templates, the nav and what the search box offers."""
    settings = {name: config.get(name) for name in _CONFIG_KEYS}
    return digest(product_fingerprint(), [(str(p), _digest(p)) for p in watched_files], settings,
                  dict(config.theme.items()), config.theme.dirs, dict(options.items()), config.nav,
                  own_titles(files, site.views),
                  sorted(site.left_out), site.search, site.features)


def page_key(common: str, site: Site, file: File, view: DocumentPage) -> str:
    """A document page's key: the site's, its source, what its template is given of the site
    (``view.context``), and where each file its body links to is on the site."""
    document = view.document
    source = site.digests.get(file.src_uri) or content_digest(file.content_bytes)
    return digest(common, file.src_uri, file.url, file.dest_uri, source,
                  _stable(view.context(site)), [(target, site.url_of(target)) for target in document.links])


def _stable(value: Any) -> Any:
    """A view's context as plain values: a column by its id (columns.yml is in the site's key)."""
    if isinstance(value, dict):
        return tuple((key, _stable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_stable(item) for item in value)
    if isinstance(value, Column):
        return ("column", value.id)
    return value


