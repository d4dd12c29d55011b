"""Pages rendered on every core, before MkDocs' page loop.

MkDocs renders one page at a time. A page outside the nav (a document, nearly every page of
a site, or a list's later page) is made from its own source, its column and what the whole
site shares, all known by on_nav (a document page is keyed by just these inputs, see
``rebuilds.page_key``). So the pages outside the nav that no cache holds are rendered in
forked processes, one per core. Each runs MkDocs' own two steps for a page
(``_populate_page``: Markdown to HTML; ``_build_page``: the template), with every plugin's
hooks, so the page is written and kept in the page cache exactly as the build would. The
build then takes them as reused pages: out of its page loop, in the sitemap.

A renderer never speaks. A page whose rendering logged anything (a warning, a note) or
found a problem in its content is left to the build's own loop, which then logs it, or
fails, as a build on one core would. A renderer that dies, or a system without fork, leaves
its pages to the build too.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .background import renderers, worker_started
from .mkdocswords import Heard
from .site import Site

log = logging.getLogger("mkdocs.plugins.gongkai")

#: Fewer pages than this are left to the build: a renderer's start (a fork, MkDocs' on_env,
#: compiling the templates, the nav's own pages) costs about a second.
FROM_PAGES = 400
CHUNK = 25  # pages per task: small enough to keep every core busy to the end

_job: tuple[Site, Files, MkDocsConfig, Navigation] | None = None  # what forked renderers inherit
_env: Any = None  # a renderer's Jinja environment
_doc_files: Any = None  # and MkDocs' list of the pages it renders, which its context gives each page
_heard = Heard(logging.INFO)  # what a renderer would have said


def render(site: Site, files: Files, config: MkDocsConfig, nav: Navigation) -> None:
    """Render the pages ``site.reuse`` could not copy, and the others outside the nav, on
    forked processes; the ones written are then reused by the build."""
    global _job
    wanted = pages_outside_the_nav(site, files, nav)
    workers = renderers()
    if workers < 2 or len(wanted) < FROM_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return
    chunks = [wanted[start:start + CHUNK] for start in range(0, len(wanted), CHUNK)]
    _job, done, start = (site, files, config, nav), [], time.perf_counter()
    # The collector of each renderer would walk every object it inherited, again and again,
    # and copy the memory it touches: frozen, they are left alone.
    gc.freeze()
    futures: list[Future] = []
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start, initargs=(os.getpid(),))
        for chunk in chunks:
            futures.append(pool.submit(_render, chunk))  # the renderers fork at the first
    except OSError:  # no processes to be had: the build renders the pages
        pool = None
    except RuntimeError:  # a renderer died already (the pool is broken): the same
        pass
    finally:
        gc.unfreeze()
    try:
        for future in futures:
            written, codes = _written(future)
            done += written
            if site.qr_codes is not None:
                site.qr_codes.add(codes)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # a renderer never outlives its build
        _job = None
    site.reuse.adopt(site, files, config, done)
    log.info(f"gongkai: {workers} 个进程并行生成了 {len(done)} 个页面，用时 {time.perf_counter() - start:.1f} 秒")


def pages_outside_the_nav(site: Site, files: Files, nav: Navigation) -> list[str]:
    """What the build would render that a renderer can: every page outside the nav with a
    view of its own (documents not copied from the cache, a list's later pages, reports).
    A page in the nav stays with the build: other pages' navs show its title, which the
    build reads only from the pages it renders itself."""
    in_nav = {page.file.src_uri for page in nav.pages}
    return [file.src_uri for file in files.documentation_pages()
            if file.src_uri not in in_nav and file.src_uri in site.views]


def _written(future: Future) -> tuple[list[str], dict[str, str]]:
    try:
        return future.result()
    except Exception as error:  # a renderer died: the build renders its pages
        log.debug(f"gongkai: a renderer failed ({error!r}); the build renders its pages")
        return [], {}


def _start(parent: int) -> None:
    """A renderer's start: silent, the build's Jinja environment, and the nav's pages read
    (a document page's nav shows their titles). It makes the QR codes its pages need itself:
    the build has queued none yet."""
    global _env, _doc_files
    worker_started(parent)
    site, files, config, nav = _job
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        for handler in list(logger.handlers):
            if handler is not site.reuse.warnings:  # which keeps a page that warned out of the cache
                logger.removeHandler(handler)
        logger.addHandler(_heard)
    _env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    _doc_files = files.documentation_pages()
    for page in nav.pages:
        _populate_page(page, config, files)


def _render(uris: list[str]) -> tuple[list[str], dict[str, str]]:
    """Render some pages; return those written without a word logged or a problem found, and
    the QR codes made for them."""
    site, files, config, nav = _job
    written = []
    for uri in uris:
        file = files.src_uris[uri]
        page = file.page or Page(None, file, config)
        heard, problems = _heard.count, len(site.problems)
        try:
            _populate_page(page, config, files)
            if _heard.count == heard and len(site.problems) == problems:
                _build_page(page, config, _doc_files, nav, _env)
        except Exception:
            continue  # the build renders it, and reports what is wrong
        if _heard.count == heard and len(site.problems) == problems:
            written.append(uri)
    return written, site.qr_codes.handed_over() if site.qr_codes is not None else {}

