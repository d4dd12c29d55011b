"""The content folder of one build: read, checked and gated before anything is written;
and each page's rendered body checked before it is.

Every file the content folder holds is decided here, the same way `gongkai validate`
decides it: documents read strictly, 索引号, the publication gate, the theme folder, the
annual reports, and the update rules. A real build stops on any problem, with all of them
at once; the preview shows them and leaves out the documents they name.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from . import annual_report, catalogue, clock, freshness, pii, publishing, report_series, sanitizer
from .accessibility import check_html, wrap_tables
from .clock import ENVIRONMENT, BadDate
from .config import GongkaiConfig, publishing_rules, settings_of
from .doccache import CACHE_FOLDER, FILE_NAME
from .documents import Document, load_documents, split_front_matter
from .errors import GongkaiError, Problem, display_path
from .findings import WARN, report_text
from .matrix import check_folders
from .monitor import build_report
from .pii import load_allowlist
from .session import Session
from .site import Site
from .views import DocumentPage

log = logging.getLogger("mkdocs.plugins.gongkai")


def gate(site: Site, session: Session, options: GongkaiConfig, config: MkDocsConfig,
         sources: list[str]) -> tuple[publishing.Gate, freshness.Settings]:
    """Read and check every document and file; what this build publishes, and the update
    rules' settings. ``sources``: the content folder's Markdown files MkDocs found."""
    assert site.matrix is not None
    content_dir, preview = Path(config.docs_dir), session.preview
    problems = check_folders(site.matrix, content_dir)
    cache = session.documents(options.cache, site.project / CACHE_FOLDER / FILE_NAME, options.site.organisation)
    documents, found = load_documents(content_dir, site.matrix, options.site.organisation, sources, cache)
    cache.save()
    site.digests = cache.digests()  # each document's bytes as read now: not read again to key or scan them
    session.scans.know({content_dir / path: known for path, known in site.digests.items()})
    problems.extend(found)
    if options.catalogue:
        pattern = catalogue.IndexPattern(options.index_pattern, options.site.org_code)
        problems.extend(catalogue.check_index_numbers(documents, pattern, content_dir.name))
    settings = _settings(site, options)
    rules = site.rules = _publishing_rules(site, options)
    # The same list of files `gongkai validate` decides; a file MkDocs has beyond it (one its
    # exclude_docs lets in) is not in verdict.published, so it is not published either.
    session.scans.use(site.project / CACHE_FOLDER / publishing.SCANS_FILE if options.cache else None)
    uses = publishing.configured_files([*config.extra_css, *config.extra_javascript], config.theme,
                                       options.site.conac_image)
    verdict = publishing.gate(content_dir, publishing.site_files(content_dir), site.matrix, documents,
                              site.now, rules, uses, session.scans)
    problems.extend(verdict.problems)
    if config.theme.custom_dir:
        theme_dir = Path(config.theme.custom_dir)
        problems.extend(publishing.theme_problems(theme_dir, display_path(theme_dir, site.project),
                                                  rules, session.scans))
    session.scans.save()
    # Every identity checked, and the reports side by side: one a year, years adding up.
    site.reports, found = report_series.load_reports(verdict.documents, content_dir, site.now.date())
    problems.extend(found)
    if problems and preview is None:  # all of them at once, as `gongkai validate` tells them
        raise PluginError(str(GongkaiError(problems)))
    if problems:  # the preview shows them and leaves out the documents they name
        named = {name.split("/", 1)[-1] for name in preview.add(problems)}
        public = tuple(d for d in verdict.documents if d.path not in named)
        verdict = replace(verdict, published=verdict.published - named, documents=public)
    left = verdict.left_out(content_dir.name)
    if left:  # never silently: the editor sees why a document is not on the site
        log.info(f"gongkai: 这次不发布的信息和页面（{len(left)} 篇）：\n" + "\n".join(f"  {line}" for line in left))
    due = publishing.next_publication(documents, site.now)
    if due is not None:
        log.info(f"gongkai: 下一篇定时发布：{due.published:%Y-%m-%d %H:%M}（北京时间）“{due.title}”"
                 f"（{due.path}）；届时重新构建网站才会发布（`gongkai schedule --due-within` 可供定时任务判断）")
    if options.freshness:
        check_freshness(site, session, options, documents, content_dir, settings)
    return verdict, settings


def _settings(site: Site, options: GongkaiConfig) -> freshness.Settings:
    """The check's settings, with the rules' "today" and the publication moment fixed once
    for the whole build."""
    try:
        settings = settings_of(options, site.project)
        judged, site.today_source = clock.moment(settings.as_of)
        site.now = clock.moment()[0]  # publication follows the clock, whatever the pin
    except BadDate as error:
        raise PluginError(f"gongkai: {error}") from None
    return replace(settings, as_of=judged)


def _publishing_rules(site: Site, options: GongkaiConfig) -> publishing.Rules:
    try:
        allowlist = load_allowlist(site.project / options.allowlist, options.allowlist)
    except GongkaiError as error:
        raise PluginError(str(error)) from None
    return publishing_rules(options, frozenset(allowlist))


def check_freshness(site: Site, session: Session, options: GongkaiConfig, documents: list[Document],
                    content_dir: Path, settings: freshness.Settings) -> None:
    """Fail the build on any broken update rule; tell the due-soon ones."""
    assert site.matrix is not None
    try:
        result = freshness.run(site.matrix, documents, content_dir, settings, environ={})
    except GongkaiError as error:
        raise PluginError(f"gongkai: {error}") from None
    if site.today_source == ENVIRONMENT:
        log.info(f"gongkai: 按 {ENVIRONMENT}={result.today} 检查栏目更新")
    elif site.today_source == "configuration":
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
        if session.preview is None:  # only the real build fails on findings
            raise PluginError(text)
        session.preview.findings(result.failing, result.today)
    log.info("gongkai: " + result.standing.text().replace("\n", "\n  "))
    if options.monitor_report:
        site.monitor = build_report(site.matrix, result.documents, result.findings, result.standing,
                                    result.today, result.calendar, options.horizon)


def check_page(site: Site, html: str, page: Page, shown: str, personal_information: bool) -> str:
    """A page's rendered body cleaned and checked (problems are kept in ``site.problems``,
    told together before any page is written); the body to publish."""
    html = sanitizer.clean(html)  # raw HTML in the body: only what the allowlist keeps
    if personal_information and site.rules is not None:
        # The gate scanned the source; this scans what the page shows, in case rendering
        # made a number the source did not show (it never has: a test plants them all).
        for hit in pii.scan(html, site.rules.allowlist):
            site.problems.append(Problem(shown, None, f"页面中有个人信息：{hit.describe()}",
                                         "遮挡后再发布（例如 138****5678）"))
    report = site.reports.get(page.file.src_uri)
    if report is not None:
        html += annual_report.render_html(report)
    source = page.file.content_string
    front, _, _ = split_front_matter(source)
    offset = 0 if front is None else source[: len(source) - len(page.markdown or "")].count("\n")
    has_title = page.file.src_uri in site.views or "title" in page.meta \
        or any(line.startswith("# ") for line in (page.markdown or "").splitlines())
    for issue in check_html(html, page.markdown or "", has_title):
        site.problems.append(Problem(shown, issue.line + offset if issue.line else None, issue.message, issue.hint))
    if isinstance(site.views.get(page.file.src_uri), DocumentPage):
        page.markdown = ""  # read for the last time (not None: MkDocs then titles the page None)
    return wrap_tables(html)


def release(site: Site, page: Page) -> None:
    """After a document page is written: its body is not needed again (MkDocs keeps every
    page's Markdown and HTML until the build ends: at 50,000 documents, gigabytes)."""
    if isinstance(site.views.get(page.file.src_uri), DocumentPage):
        page.content = None
