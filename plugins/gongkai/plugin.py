"""The gongkai MkDocs plugin: wiring only.

Each hook, in the order MkDocs calls them, hands its event to the module that owns the
work: ``content`` (read and gate the content folder), ``sitefiles`` (the files and pages
of the site), ``views`` (each kind of page), ``dirty`` (`serve --dirty`), ``sitewrite``
(a site swapped in only when the build succeeded), and the features (search, feeds,
catalogue, annual reports, QR codes, the monitoring report). Per-build state is one
``site.Site`` made fresh in on_config; what a `serve` session keeps is ``session.Session``.
Problems become a PluginError, which MkDocs prints without a traceback.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import catalogue, content, mkdocswords, monitor, navigation, publishing, rebuilds, search, sitefiles, templates
from .config import GongkaiConfig
from .doccache import CACHE_FOLDER
from .errors import GongkaiError
from .matrix import load_matrix
from .pagecache import PageCache
from .qrcodes import PageCodes
from .session import Session
from .site import Features, Site
from .sitewrite import AtomicSite, SiteUnwritable, SourceDateEpoch
from .views import CATALOGUE_TITLE, ProblemsPage

log = logging.getLogger("mkdocs.plugins.gongkai")

THEME_DIR = Path(__file__).parent / "theme"
STYLESHEET = "assets/gongkai/gongkai.css"
SCRIPTS = ("assets/gongkai/reader.js", "assets/gongkai/catalogue.js")
SEARCH_SCRIPT = "assets/gongkai/search.js"
SEARCH_CACHE = "segments.pickle"  # jieba's terms of each text, in .cache/gongkai/


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    """Builds the 政府信息公开 section from columns.yml and the column folders."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.session = Session()
        self.site = Site(Path("."), Features(), reuse=rebuilds.PageReuse())
        self._epoch = SourceDateEpoch()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """on_startup: a new `mkdocs build` or `mkdocs serve` (MkDocs may reuse this instance)."""
        self.session = Session(command, dirty)
        if self.session.preview is not None and threading.current_thread() is threading.main_thread():
            # Stopped by SIGTERM (a closed terminal, a service manager): shut down as for Ctrl-C,
            # so the workers end cleanly instead of leaking their semaphores.
            signal.signal(signal.SIGTERM, _interrupt)
        if dirty:  # rebuilds.plan makes it accurate: no warning, so --strict still works
            logging.getLogger("mkdocs.commands.build").addFilter(rebuilds.without_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """on_config: a fresh Site for this build, the matrix, the nav, the theme and a staging folder."""
        if not self.config.enabled:
            return None
        options, session = self.config, self.session
        project = Path(config.config_file_path or ".").parent
        site = self.site = Site(project, Features(options.per_page, options.catalogue, options.feeds,
                                                  options.search, options.qr_code, options.cache,
                                                  options.column_type), reuse=rebuilds.PageReuse())
        if session.preview is not None:
            session.preview.start()
        if session.translate is not None:
            mkdocswords.remove(session.translate)
        session.translate = mkdocswords.install(Path(config.docs_dir).name)  # a broken link, in Chinese
        # The plugin's templates sit after the site's custom_dir, before Material's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        try:
            site.matrix = load_matrix(project / options.matrix, shown_as=options.matrix)
        except GongkaiError as error:
            if session.preview is None:
                raise PluginError(str(error)) from None
            session.preview.add(error.problems)  # the preview is one page of problems until it is fixed
            session.preview.broken = True
            session.last_build = None  # then everything is rendered again, into a clean site
            config.nav = ["index.md"]
            return config
        for script in (*SCRIPTS, *([SEARCH_SCRIPT] if options.search else [])):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        extra = {}
        if options.catalogue:
            statutory = site.matrix.part("statutory")
            extra[statutory.id] = {CATALOGUE_TITLE: f"{statutory.folder}/{catalogue.FOLDER}/index.md"}
        config.nav = navigation.expand(config.nav, site.matrix, extra)
        self._epoch.set_from(project)
        if options.atomic and session.command == "build" and not session.dirty:
            # Build beside the site and swap it in at the end: a failed build leaves the old site.
            try:
                site.atomic = AtomicSite(Path(config.site_dir))
            except SiteUnwritable as error:
                raise PluginError(str(error)) from None
            config.site_dir = str(site.atomic.staging)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """on_pre_build: the last --dirty build's search index written; a worker started meanwhile."""
        self.session.wait_for_search()
        if self.config.enabled:
            self.session.background.start("gongkai.search", "gongkai.qrcodes")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        """on_files: every file gated (see content), the site's files and pages made (see sitefiles)."""
        if not self.config.enabled:
            return None
        site, session = self.site, self.session
        docs = os.path.abspath(config.docs_dir)
        own = [f for f in files if f.src_dir and os.path.abspath(f.src_dir) == docs]  # not the theme's
        site.files = files
        if session.preview is not None and session.preview.broken:
            for file in own:
                files.remove(file)
            files.append(File.generated(config, "index.md", content=""))
            site.views = {"index.md": ProblemsPage()}
            site.url_of = lambda source: file.url if (file := files.get_file_from_path(source)) else ""
            return files
        names = publishing.bad_names([f.src_uri for f in own], Path(config.docs_dir).name)
        if names:  # before anything asks MkDocs for their addresses
            if session.preview is None:
                raise PluginError(str(GongkaiError(names)))
            session.preview.add(names)
            for file in [f for f in own if not publishing.utf8_name(f.src_uri)]:
                files.remove(file)
            own = [f for f in own if publishing.utf8_name(f.src_uri)]
        verdict, settings = content.gate(site, session, self.config, config,
                                         [f.src_uri for f in own if f.is_documentation_page()])
        sitefiles.publish(site, files, config, own, verdict, self.config.site.organisation)
        sitefiles.add_editor(site, files, config, self.config)
        if session.dirty:
            rebuilds.plan_dirty_build(site, session, files, config, settings.as_of.date(), self.config, THEME_DIR)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        """on_nav: work whose inputs are now known (QR codes, the search index) goes to a spare core."""
        if not self.config.enabled or (self.session.preview is not None and self.session.preview.broken):
            return None
        site, session = self.site, self.session
        session.background.cancel_pending()
        if self.config.search:  # before any page leaves MkDocs' loop, and before keying them
            records = sitefiles.search_records(site, files)
            cache = str(site.project / CACHE_FOLDER / SEARCH_CACHE) if self.config.cache else None
            synonyms = {word: tuple(full) for word, full in self.config.search_synonyms.items()}
            site.search_files = session.background.submit(search.build_site_index, records, cache, synonyms)
        if self.config.qr_code and config.site_url:  # before the renderers, which make their pages' codes
            site.qr_codes = PageCodes(session.qr_known, site.project / CACHE_FOLDER if self.config.cache else None)
        if self.config.cache and session.command == "build" and not session.dirty and rebuilds.reusable(config):
            site.reuse = rebuilds.PageReuse(PageCache.within(site.project / CACHE_FOLDER))
            site.reuse.plan(site, files, config, self.config, THEME_DIR, nav)
        if site.qr_codes is not None:  # those of the pages MkDocs renders, on a spare core
            site.qr_codes.queue(session.background, config.site_url,
                                {f.url: f.inclusion.is_included() for f in files if f.is_documentation_page()})
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment | None:
        """on_env: problems found in page content stop the build before any page is written."""
        if not self.config.enabled:
            return None
        site = self.site
        if site.problems:
            problems, site.problems = site.problems, []
            if self.session.preview is None:
                raise PluginError("无障碍（GB/T 37668）和个人信息检查：" + str(GongkaiError(problems)))
            self.session.preview.add(problems)
        statement = files.get_file_from_path(self.config.site.accessibility_page)
        templates.globals_for(env, site, self.config, statement.url if statement else "",
                              site.project / CACHE_FOLDER / "templates" if self.config.cache else None)
        return env

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """on_pre_page: a page starts rendering (warnings from here on are its own)."""
        self.site.reuse.begin()

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """on_page_markdown: the page's view sets its title, template and Markdown."""
        if not self.config.enabled:
            return None
        view = self.site.views.get(page.file.src_uri)
        if view is not None:  # before the sitemap, which MkDocs renders before the pages
            view.stamp(page, self.site)
        if isinstance(view, ProblemsPage):
            return view.apply(page.meta, markdown)
        # Titles come from front matter and columns.yml: escaped here, for Material's templates
        # print page titles as they are (autoescape is off in MkDocs' Jinja environment).
        for key in ("title", "description", "author"):  # an ordinary page's front matter too
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        return view.apply(page.meta, markdown) if view is not None else markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """on_page_content: the rendered body cleaned and checked; problems are told together in on_env."""
        if not self.config.enabled or page.file.src_dir is None:
            return None
        shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        html = content.check_page(self.site, html, page, shown, self.config.personal_information)
        self.site.reuse.end(page)
        return html

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any] | None:
        """on_page_context: ``gk``, the page's view's context and what every page shows."""
        if not self.config.enabled:
            return None
        context["gk"] = templates.page_context(self.site, page, config.site_url, self.config, self.session.preview)
        self.site.reuse.begin()
        return context

    def on_template_context(self, context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict | None:
        """on_template_context: the sitemap lists the reused pages too."""
        if template_name == "sitemap.xml" and self.site.reuse.reused:
            context["pages"] = self.site.reuse.sitemap_pages(self.site.files)
        return context

    @event_priority(-100)  # last: the page is kept as MkDocs writes it, after every plugin's changes
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        """on_post_page: the column lit up is put out again; the page kept for the next build; a document's body let go."""
        templates.after_page(self.site)
        self.site.reuse.keep(page, output)
        content.release(self.site, page)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """on_post_build: the search index and the monitoring report are written."""
        site, session = self.site, self.session
        if self.config.enabled and site.search_files is not None:
            rebuilds.write_search(site, session, Path(config.site_dir))
        if self.config.enabled and site.monitor is not None:
            monitor.write_site(Path(config.site_dir) / "gongkai" / "monitor", site.monitor, config.site_name)
        site.reuse.finish()
        if site.qr_codes is not None:
            site.qr_codes.keep()
        if session.preview is not None and session.last_build is not None:
            # Problems found while rendering (MkDocs' warnings, accessibility) reached only the
            # pages rendered after them: compared with these, the next build renders every page.
            session.last_build = replace(session.last_build, shown=tuple(session.preview.problems))
        site.completed = True

    def on_build_error(self, *, error: Exception) -> None:
        """on_build_error (also after on_post_build, when --strict counts warnings): the old site stays."""
        site = self.site
        site.completed = False
        site.reuse.close()
        if site.writing:  # pages may be half-way: the next --dirty build starts over
            self.session.last_build = None
        self.session.background.cancel_pending()
        if site.atomic is not None:
            site.atomic.abort()
            log.info(f"gongkai: 构建失败，{site.atomic.final} 中原来的网站没有改动")
            site.atomic = None
        self._epoch.restore()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """on_serve: rebuild when the matrix, the holiday file or the allowlist changes, too."""
        if self.config.enabled:
            for name in (self.config.matrix, self.config.holidays, self.config.allowlist):
                if (self.site.project / name).exists():
                    server.watch(str(self.site.project / name))
        return server

    def on_shutdown(self) -> None:
        """on_shutdown: the finished site swapped into place (only now is the build known to have succeeded)."""
        self.session.background.close()
        self.site.reuse.close()
        logging.getLogger("mkdocs.commands.build").removeFilter(rebuilds.without_dirty_warning)
        if self.session.translate is not None:
            mkdocswords.remove(self.session.translate)
            self.session.translate = None
        atomic, self.site.atomic = self.site.atomic, None
        if atomic is not None and self.site.completed:
            swapped, message = atomic.commit()
            (log.info if swapped else log.error)(message)
        elif atomic is not None:
            atomic.abort()
        self._epoch.restore()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
