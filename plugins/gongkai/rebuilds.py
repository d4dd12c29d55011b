"""`mkdocs serve --dirty` made right.

MkDocs renders again only pages whose source is newer than their output, so a changed
title would not reach its column's list. Compared with the last build of the session,
``plan`` decides which pages to render:

- the first build, other settings, a new day or a document gone: everything, in a clean
  site (a withdrawn document's page must not stay behind);
- a document's metadata changed or one added: every page that is not a document, and the
  documents that link to it as policy or interpretation;
- only bodies changed: just the changed documents, not the generated pages;
- the preview's problems changed: every page, for every page lists them.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mkdocs.utils
from mkdocs.structure.files import File, Files

from .documents import Document
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
        titles = {f.src_uri: page_title(f.content_string) for f in files.documentation_pages()
                  if f.abs_src_path and views.get(f.src_uri, View()).own_title}
        return cls(settings, {d.path: d for d in public}, titles, shown)


def watched(config_file: Path, project: Path, names: Iterable[str], theme_dirs: Iterable[Any]) -> list[Path]:
    """The files a build depends on besides the content: configuration and templates."""
    files = [config_file, *(project / name for name in names)]
    for folder in filter(None, theme_dirs):  # the site's templates and ours
        files += sorted(p for p in Path(folder).rglob("*") if p.is_file())
    return files


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
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return b""
