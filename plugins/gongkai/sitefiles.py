"""The files and pages of one build: MkDocs' files made to match what is published, the
generated pages (column lists, catalogue, search, home) with their views, and each
feature's generated files (annual-report data, catalogue open data, feeds).

Only what the gate published reaches any output: pages, lists, sitemap, 404, downloads.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from . import annual_report, catalogue, cms, feeds, navigation, publishing
from .documents import Document
from .listing import page_folder, paginate
from .site import Site
from .views import CataloguePage, ColumnPage, DocumentPage, HomePage, SearchPage, View

SEARCH_FOLDER = "search"  # the results page and the index files beside it


def publish(site: Site, files: Files, config: MkDocsConfig, own: list[File], verdict: publishing.Gate,
            organisation: str) -> None:
    """Make ``files`` the site this build publishes, and give each page its view."""
    assert site.matrix is not None
    matrix, features = site.matrix, site.features
    for file in [f for f in own if f.src_uri not in verdict.published]:
        files.remove(file)
    config.nav = navigation.prune(config.nav, {p for p in verdict.withheld if p.endswith(".md")})
    # By the exact path (gongkai's paths are normalised already): get_file_from_path parses
    # each one with pathlib, 1.7 s of a 5,000-document build.
    site.url_of = lambda source: file.url if (file := files.src_uris.get(source)) else ""
    public = site.public = list(verdict.documents)
    _add(files, config, _report_downloads(site, public))

    site.by_column, site.interpretations = defaultdict(list), defaultdict(list)
    site.views = {}
    for document in public:
        site.views[document.path] = DocumentPage(document, matrix.get(document.column))
        # Documents are never in the nav (measured: 1,000 of them there make a 437 MB site).
        files.src_uris[document.path].inclusion = InclusionLevel.NOT_IN_NAV
        site.by_column[document.column].append(document)
        if document.interprets:
            site.interpretations[document.interprets].append(document)
    # Optional columns (可不设置本栏目) without documents are not on the site at all.
    site.left_out = matrix.left_out(set(site.by_column))
    hidden = tuple(f"{matrix.get(i).folder}/" for i in site.left_out)
    for file in [f for f in files if f.src_uri.startswith(hidden)] if hidden else []:
        files.remove(file)
    config.nav = navigation.prune(config.nav, {f"{folder}index.md" for folder in hidden})

    if files.get_file_from_path("index.md") is None:
        files.append(File.generated(config, "index.md", content=""))
    site.views["index.md"] = HomePage()
    for column in matrix.columns():
        if column.id not in site.left_out:
            _column_pages(site, files, config, column)
    if features.catalogue:
        shown = [column for column, documents in site.by_column.items() if documents]
        site.catalogue = catalogue.build(public, matrix, site.url_of, shown)
        _add(files, config, site.catalogue.files, if_missing=True)
        site.views[f"{site.catalogue.folder}/index.md"] = CataloguePage()
    if features.feeds and config.site_url:
        _add(files, config, feeds.site_feeds(config.site_url, config.site_name, organisation or config.site_name,
                                             public, matrix, site.by_column, site.url_of))
    if features.search:
        _search_page(site, files, config)


def add_editor(site: Site, files: Files, config: MkDocsConfig, options: Any) -> None:
    """The web editor at /admin/ (see cms), when the plugin's ``editor`` option turns it on:
    its page, its configuration made from the matrix and what this build publishes, and Decap
    CMS's own files from node_modules (``options``: the plugin's)."""
    editor = options.editor
    if not editor.enabled:
        return
    assert site.matrix is not None and site.now is not None
    dist = cms.decap_files(site.project)
    if dist is None:
        raise PluginError(f"gongkai: 网页编辑器（editor）需要 Decap CMS，但 {cms.DECAP_PACKAGE} 中没有："
                          "在项目目录运行 npm ci（scripts/setup 会运行它），或在 mkdocs.yml 中关闭 editor")
    taken = [f.src_uri for f in files if f.dest_uri.startswith(f"{cms.FOLDER}/")]
    if taken:  # the editor's address must be its own: never a page or file of the content
        raise PluginError(f"gongkai: 网页编辑器在网站的 /{cms.FOLDER}/，但内容中已有这个位置的文件（{taken[0]}）："
                          f"把它移到别的文件夹，或在 mkdocs.yml 中关闭 editor")
    if editor.review and editor.backend in cms.NO_REVIEW:
        raise PluginError(f"gongkai: 网页编辑器的 {editor.backend} 后端不支持审核流程（editor.review）：改用 forgejo 后端"
                          "（Forgejo 和新版 Gitea），或设 review: false 并保护 main 分支，让每次修改都经合并请求")
    settings = cms.EditorSettings(editor.backend, editor.repo, editor.branch, editor.base_url,
                                  editor.api_root, editor.app_id, editor.review, editor.local_port)
    content = Path(os.path.relpath(config.docs_dir, site.project)).as_posix()
    pattern = catalogue.IndexPattern(options.index_pattern, options.site.org_code)
    data = cms.configuration(site.matrix, site.public, content, settings, pattern,
                             options.site.organisation or config.site_name, site.now.date(),
                             options.attachment_types, config.site_url or "")
    # The preview wears the site's own styles: Material's (named by their hash), ours, the site's.
    styles = sorted(f.dest_uri for f in files if re.fullmatch(r"assets/stylesheets/(main|palette)\.\w+\.min\.css",
                                                              f.dest_uri))
    styles += [str(css) for css in config.extra_css]  # gongkai's stylesheet is among them
    page = cms.page(config.site_name, [f"../{href}" for href in styles], [c.id for c in site.matrix.leaves()])
    _add(files, config, {f"{cms.FOLDER}/index.html": page,
                         f"{cms.FOLDER}/config.yml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False)})
    own = Path(cms.__file__).parent / "editor"
    for folder, name in [*((dist, n) for n in sorted(os.listdir(dist)) if cms.served(n)), (own, cms.PREVIEW)]:
        files.append(File(name, src_dir=str(folder), dest_dir=config.site_dir, use_directory_urls=False,
                          dest_uri=f"{cms.FOLDER}/{name}"))


def _column_pages(site: Site, files: Files, config: MkDocsConfig, column) -> None:
    """A column's page, and for a leaf column every page of its document list."""
    index = f"{column.folder}/index.md"
    if files.get_file_from_path(index) is None:
        files.append(File.generated(config, index, content=""))
    if not column.is_leaf:
        site.views[index] = ColumnPage(column, None)
        return
    for listing in paginate(site.by_column[column.id], site.features.per_page):
        source = f"{page_folder(column.folder, listing.number)}/index.md"
        if listing.number > 1:
            files.append(File.generated(config, source, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        site.views[source] = ColumnPage(column, listing)


def _report_downloads(site: Site, public: list[Document]) -> dict[str, str]:
    """Each published report's data (loaded and checked with the gate) as CSV and JSON."""
    files, site.downloads = {}, {}
    for document in public:
        report = site.reports.get(document.path)
        if report is not None:
            downloads = annual_report.downloads(report, document.report_data)
            files.update({source: content for source, _, content in downloads})
            site.downloads[document.path] = [{"name": name, "source": source} for source, name, _ in downloads]
    return files


def _search_page(site: Site, files: Files, config: MkDocsConfig) -> None:
    """The results page, and what the search box needs on every page."""
    assert site.matrix is not None
    page = f"{SEARCH_FOLDER}/index.md"
    if files.get_file_from_path(page) is None:
        files.append(File.generated(config, page, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    site.views[page] = SearchPage()
    statutory = site.matrix.part("statutory")
    site.search = {
        "page": f"{SEARCH_FOLDER}/", "folder": SEARCH_FOLDER,
        "catalogue": f"{statutory.folder}/{catalogue.FOLDER}/" if site.features.catalogue else f"{statutory.folder}/",
        "columns": [(c.id, c.title) for c in site.matrix.leaves() if site.by_column.get(c.id)],
        "years": [(y, f"{y}年") for y in sorted({str(d.published.year) for d in site.public}, reverse=True)],
    }


def search_records(site: Site, files: Files) -> list:
    """Every published page to index (search.Record), with its Markdown source (read in the worker)."""
    records = []
    for file in files.documentation_pages():
        if file.abs_src_path is None or file.src_uri == f"{SEARCH_FOLDER}/index.md":
            continue
        view = site.views.get(file.src_uri) or View()
        source = "" if isinstance(view, DocumentPage) else file.content_string  # a document's record is its metadata
        records.append((view.record(file.url, source, file.name), file.abs_src_path))
    return records


def _add(files: Files, config: MkDocsConfig, generated: dict[str, str], if_missing: bool = False) -> None:
    for source, content in generated.items():
        if not if_missing or files.get_file_from_path(source) is None:
            files.append(File.generated(config, source, content=content))
