"""What the templates get: the ``gk`` context of every page, and the Jinja globals.

The page's view gives its own part (see ``views``); this adds what every page shows: the
preview's problems, its column lit up in the nav (documents and later list pages are not
in the nav), the QR code of its address, the search box and the feed link.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.structure.pages import Page

from .preview import Preview
from .qrcodes import address
from .site import Site
from .views import ProblemsPage


def page_context(site: Site, page: Page, site_url: str, options: Any, preview: Preview | None) -> dict[str, Any]:
    """The ``gk`` context of one page. ``options``: the plugin's options."""
    view = site.views.get(page.file.src_uri)
    gk: dict[str, Any] = {"column_type": options.column_type}
    if preview is not None and preview.problems:
        gk["problems"] = preview.problems  # every page of the preview shows them
    if view is not None:
        gk.update(view.context(site))
    if isinstance(view, ProblemsPage):
        return gk
    column = gk.get("column")
    if column is not None:
        # A document or a later list page is not in the nav: light up its column there.
        column_page = site.files.src_uris[f"{column.folder}/index.md"].page
        if column_page is not None and column_page is not page:
            column_page.active = True
            site.activated = column_page
            if options.cache:
                # Its nav (links relative to the page's folder, its column open) is the same
                # for every such page in that folder: render it once.
                gk["nav_key"] = (column.id, posixpath.dirname(page.url.rstrip("/")))
    if options.qr_code and site_url:
        gk["address"] = address(site_url, page.url)
        gk["qr"] = site.qr_codes.get(gk["address"])
    if site.search is not None:
        gk["search"] = site.search
    if options.feeds and site_url:
        feed = f"{column.folder}/feed.xml" if column is not None and column.is_leaf \
            and site.by_column.get(column.id) else "feed.xml"
        gk["feed"] = site.url_of(feed)
    return gk


def after_page(site: Site) -> None:
    """Put out the column lit up for the page just rendered."""
    if site.activated is not None:
        site.activated.active = False
        site.activated = None


def globals_for(env: Environment, site: Site, options: Any, accessibility_url: str,
                compiled: Path | None = None) -> None:
    """The Jinja globals of this build: the site's identity, the 政府信息公开 section, the
    accessibility statement, and ``gk_memo`` (a block rendered once per key and build);
    ``compiled``: where to keep the compiled templates (see ``compile_once``)."""
    if compiled is not None:
        compile_once(env, compiled)

    def memo(key: tuple[str, str], caller: Any) -> str:
        html = site.nav_memo.get(key)
        if html is None:
            html = site.nav_memo[key] = Markup(caller())  # rendered HTML: not to be escaped again
        return html

    env.globals.update(
        gongkai_site=options.site, gk_memo=memo,
        gongkai_section=site.column_link(site.matrix.section) if site.matrix else None,
        gongkai_accessibility=accessibility_url)
    site.nav_memo = {}


def compile_once(env: Environment, folder: Path) -> None:
    """Keep the templates' compiled code in ``folder`` for the next build: compiling Material's
    templates costs about a second per process. Jinja checks each one's source before use."""
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
