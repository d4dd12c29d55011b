"""Rebuilds: `mkdocs serve --dirty` renders only what an edit changed, and nothing goes stale;
the in-build nav memo changes no byte of the site."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .conftest import ROOT, build

COLUMN = "xxgk/fdgk/xzqlyx/xzcfjg"
EDITED = f"{COLUMN}/20260902-cf"  # listed on page 1 of its column (per_page: 2, newest first)
OTHER = f"{COLUMN}/20260901-cf"
SERVE_URL = "http://127.0.0.1:8000/"


def test_the_nav_memo_changes_no_byte_of_the_sample_site(sample_build, tmp_path):
    """Pages outside the nav share their column's rendered nav; with `cache: false` (no memo,
    no caches) every page is rendered in full, and both sites must be identical."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      matrix: columns.yml\n" in config
    uncached = ROOT / "mkdocs-uncached-test.yml"
    uncached.write_text(config.replace("      matrix: columns.yml\n", "      matrix: columns.yml\n      cache: false\n"),
                        encoding="utf-8")
    try:
        result = build(ROOT, tmp_path / "site", "-f", str(uncached))
    finally:
        uncached.unlink()
    assert result.exit_code == 0, result.output
    ours = {p.relative_to(sample_build.site): p for p in sample_build.site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(result.site): p for p in result.site.rglob("*") if p.is_file()}
    assert ours.keys() == theirs.keys()
    documents = [path for path in ours if str(path).startswith("xxgk/") and "page" not in path.parts]
    assert len(documents) > 150
    assert [path for path in ours if ours[path].read_bytes() != theirs[path].read_bytes()] == []


class DirtySession:
    """What `mkdocs serve --dirty` does, in this process: one plugin for the session, the
    configuration loaded again for each build, builds into one folder."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugins = config.plugins

    def _config(self):
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def build(self) -> set[str]:
        """Build; the pages rendered (by their output file)."""
        before = self._stamps()
        time.sleep(0.02)  # a rendered page gets a newer mtime than any page before
        mkdocs_build(self._config(), serve_url=SERVE_URL, dirty=True)
        plugin = self.plugins["gongkai"]
        plugin.session.wait_for_search()  # what the next build waits for
        after = self._stamps()
        return {page for page, stamp in after.items() if before.get(page) != stamp}

    def html(self, page: str) -> str:
        return (self.site / page / "index.html").read_text(encoding="utf-8")

    def _stamps(self) -> dict[str, int]:
        return {str(p.parent.relative_to(self.site)): p.stat().st_mtime_ns
                for p in self.site.rglob("index.html")}

    def close(self) -> None:
        self.plugins.on_shutdown()


@pytest.fixture
def session(minimal, tmp_path):
    session = DirtySession(minimal, tmp_path / "site")
    yield session
    session.close()


def edit(project: Path, document: str, old: str, new: str) -> None:
    path = project / "content" / f"{document}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    stamp = time.time() + 1  # newer than the page built from it, on any file system
    os.utime(path, (stamp, stamp))


def search_titles(site: Path) -> list[str]:
    return [json.loads(path.read_text(encoding="utf-8"))[1] for path in (site / "search" / "doc").glob("*.json")]


@pytest.mark.parametrize("workers", ["1", "0"])  # 0: the index is built in the build process
def test_a_body_edit_renders_only_its_document(session, minimal, monkeypatch, workers):
    monkeypatch.setenv("GONGKAI_WORKERS", workers)
    first = session.build()
    assert {EDITED, OTHER, COLUMN, f"{COLUMN}/page/2", "."} <= first
    assert session.build() == set()  # nothing changed: not even the generated list pages

    # A new paragraph (the first one is the summary that lists may show).
    edit(minimal, EDITED, "处罚款人民币2万元。\n", "处罚款人民币2万元。\n\n当事人已缴纳罚款。\n")
    assert session.build() == {EDITED}
    assert "当事人已缴纳罚款" in session.html(EDITED)


def test_a_title_edit_reaches_the_column_lists_home_and_search(session, minimal):
    session.build()
    edit(minimal, EDITED, "标题: 行政处罚决定书（测应急罚〔2026〕2号）", "标题: 行政处罚决定书（更正）")
    rendered = session.build()
    assert {EDITED, COLUMN, f"{COLUMN}/page/2", "."} <= rendered
    assert OTHER not in rendered  # another document of the column shows nothing of this one
    for page in (EDITED, COLUMN):
        assert "行政处罚决定书（更正）" in session.html(page)
    assert "行政处罚决定书（测应急罚〔2026〕2号）" not in "".join(
        session.html(page) for page in (COLUMN, f"{COLUMN}/page/2", "."))
    assert "行政处罚决定书（更正）" in search_titles(session.site)


def test_a_broken_document_is_shown_in_every_page_of_the_session_until_fixed(session, minimal):
    """The preview never stops on an editor's mistake: an impossible date leaves the document
    out and every page lists the problem; after the fix, no page still shows it."""
    first = session.build()
    edit(minimal, EDITED, "发布日期: 2026-09-02", "发布日期: 2026-02-30")
    session.build()
    assert not (session.site / EDITED / "index.html").exists()
    for page in first - {EDITED}:
        if not (session.site / page / "index.html").exists():
            continue  # a list's last page: one document fewer
        assert "2026-02-30" in session.html(page) and "20260902-cf.md" in session.html(page), page
    edit(minimal, EDITED, "发布日期: 2026-02-30", "发布日期: 2026-09-02")
    assert session.build() == first
    for page in first:
        assert "2026-02-30" not in session.html(page) and "预览发现" not in session.html(page), page


def test_a_problem_found_while_rendering_reaches_every_page_next_time(session, minimal):
    """A broken link is found by MkDocs while pages are written: the pages written before it
    do not list it, so the next build renders them all again."""
    session.build()
    edit(minimal, EDITED, "当事人：", "当事人（[依据](missing.md)）：")
    session.build()
    session.build()
    pages = [str(p.parent.relative_to(session.site)) for p in session.site.rglob("index.html")]
    assert pages and all("missing.md" in session.html(page) for page in pages)


def test_a_withdrawn_document_leaves_the_site(session, minimal):
    session.build()
    assert (session.site / EDITED / "index.html").exists()
    edit(minimal, EDITED, "公开属性: 主动公开", "公开属性: 不予公开")
    session.build()
    assert not (session.site / EDITED / "index.html").exists()
    assert "测应急罚〔2026〕2号" not in session.html(COLUMN) + session.html(".")
    assert "行政处罚决定书（测应急罚〔2026〕2号）" not in search_titles(session.site)


def test_a_changed_matrix_renders_every_page(session, minimal):
    first = session.build()
    matrix = minimal / "columns.yml"
    matrix.write_text(matrix.read_text(encoding="utf-8").replace("title: 行政强制", "title: 行政强制措施"),
                      encoding="utf-8")
    assert session.build() == first
    assert "行政强制措施" in session.html(EDITED)  # in the nav of every page


def test_build_dirty_works_with_strict_and_leaves_nothing_stale(minimal, tmp_path):
    """`mkdocs build --strict --dirty`: MkDocs' "inaccurate navigation" warning would abort
    it; with no session to compare with, gongkai renders every page into a clean site."""
    site = tmp_path / "site"
    assert build(minimal, site).exit_code == 0
    edit(minimal, EDITED, "公开属性: 主动公开", "公开属性: 不予公开")
    result = build(minimal, site, "--dirty")
    assert result.exit_code == 0, result.output
    assert "inaccurate navigation" not in result.output
    assert not (site / EDITED / "index.html").exists()
    assert (site / OTHER / "index.html").exists()


def test_a_build_keeps_nothing_of_the_last_one_in_this_process(minimal, tmp_path):
    """MkDocs reuses the plugin instance for every build in a process (as `mkdocs serve`
    does): the monitoring report and the search box of a build must not leak into the next."""
    config = minimal / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("      per_page: 2\n", "      per_page: 2\n      monitor_report: true\n"),
                      encoding="utf-8")
    first = build(minimal, tmp_path / "first")
    assert first.exit_code == 0, first.output
    assert (first.site / "gongkai" / "monitor" / "index.html").exists()
    config.write_text(original.replace("      per_page: 2\n", "      per_page: 2\n      search: false\n"),
                      encoding="utf-8")
    second = build(minimal, tmp_path / "second")
    assert second.exit_code == 0, second.output
    assert not (second.site / "gongkai").exists()
    assert "gk-search" not in second.html(EDITED + "/")


def test_a_redacted_attachment_is_scanned_again_in_a_session(session, minimal):
    """The session keeps what scanning unchanged files found; a replaced file is read again.
    Until then the preview leaves the attachment out and says why."""
    from .test_publishing import attach, pdf_with, write_doc

    write_doc(minimal, "20260904-att.md", extra=attach(minimal, "list.pdf", pdf_with("Tel 13912345678")))
    session.build()
    published = session.site / COLUMN / "files" / "list.pdf"
    assert not published.exists() and "list.pdf" in session.html(".") and "手机号" in session.html(".")
    redacted = minimal / "content" / COLUMN / "files" / "list.pdf"
    redacted.write_bytes(pdf_with("Tel 139****5678"))  # the same size
    os.utime(redacted, (time.time() + 1, time.time() + 1))
    assert f"{COLUMN}/20260904-att" in session.build()
    assert b"139****5678" in published.read_bytes() and "预览发现" not in session.html(".")


def test_scans_are_kept_by_content_never_by_size_and_time(tmp_path):
    import os

    from gongkai.publishing import Scans

    path, scans, calls = tmp_path / "a.md", Scans(), []
    path.write_text("一", encoding="utf-8")

    def compute(data: bytes) -> int:
        calls.append(data)
        return len(calls)

    assert scans.get(path, ("pii",), compute) == 1
    assert scans.get(path, ("pii",), compute) == 1
    assert scans.get(path, ("pii", frozenset({"13812345678"})), compute) == 2  # another allowlist
    stat = path.stat()
    path.write_text("二", encoding="utf-8")  # the same size …
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # … and the same mtime
    assert scans.get(path, ("pii",), compute) == 3
    assert calls[-1] == "二".encode()


def test_the_site_nav_block_is_materials_own_but_for_the_memo():
    """main.html copies Material's site_nav block to wrap the nav in the memo: after a
    Material upgrade that changes the block, this fails until the copy is updated."""
    import re

    import material

    def block(text: str) -> str:
        body = re.search(r"{% block site_nav %}(.*?){% endblock %}", text, re.S).group(1)
        return " ".join(body.split())

    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"))
    ours = block((ROOT / "plugins" / "gongkai" / "theme" / "main.html").read_text(encoding="utf-8"))
    memo = ('{% if gk and gk.nav_key %} {% call gk_memo(gk.nav_key) %}{% include "partials/nav.html" %}'
            '{% endcall %} {% else %} {% include "partials/nav.html" %} {% endif %}')
    assert memo in ours
    assert ours.replace(memo, '{% include "partials/nav.html" %}') == theirs
