"""`mkdocs build` with `.cache/` kept reuses every document page whose inputs did not change,
and its site is byte-identical to a cold build of the same content (issue: build speed II)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gongkai.pagecache import FOLDER, PageCache, digest

from .conftest import ROOT, build

PENALTY = "content/xxgk/fdgk/xzqlyx/xzcfjg/20251114-xzcf-jueding-058.md"
POLICY = "content/xxgk/fdgk/zcfg/gfxwj/20251105-jubao-jiangli-banfa.md"  # its 解读 shows its title


def _replace(project: Path, name: str, old: str, new: str) -> None:
    file = project / name
    text = file.read_text(encoding="utf-8")
    assert old in text, (name, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


#: Each edit, and how many document pages it renders again (None: every one).
EDITS = {
    "body": (lambda p: _replace(p, PENALTY, "被处罚单位：", "被处罚单位（名称）："), 1),
    "title": (lambda p: _replace(p, POLICY, "标题: 示例市安全生产领域举报奖励实施办法",
                                 "标题: 示例市安全生产领域举报奖励办法（修订）"), 2),
    "date": (lambda p: _replace(p, PENALTY, "成文日期: 2025-11-11", "成文日期: 2025-11-10"), 1),
    "disclosure": (lambda p: _replace(p, PENALTY, "公开属性: 主动公开", "公开属性: 依申请公开"), 0),
    "column": (lambda p: _replace(p, "columns.yml", "title: 行政处罚结果,", "title: 行政处罚结果公示,"), None),
    # A nav entry without a title shows the page's own: then the home page's heading is in
    # every page's nav.
    "nav": (lambda p: _replace(p, "mkdocs.yml", "  - 首页: index.md", "  - index.md"), None),
    "home title": (lambda p: _replace(p, "content/index.md", "示例市应急管理局负责", "# 本局概况\n\n示例市应急管理局负责"),
                   None),
    "template": (lambda p: (p / "overrides/partials").mkdir(parents=True, exist_ok=True) or
                 (p / "overrides/partials/copyright.html").write_text(
                     '<div class="md-copyright">示例市应急管理局 主办</div>\n', encoding="utf-8"), None),
}


def _site(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _reused(output: str) -> tuple[int, int] | None:
    match = re.search(r"沿用上次构建的 (\d+) 个信息页面.*?重新生成 (\d+) 个", output)
    return (int(match[1]), int(match[2])) if match else None


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the sample project, dated by a fixed commit time (the sitemap's gzip header)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    target = tmp_path / "project"
    for name in ("mkdocs.yml", "columns.yml", "holidays.yml", "pii-allowlist.yml"):
        shutil.copy(ROOT / name, target / name if target.exists() else _made(target) / name)
    for folder in ("content", "overrides"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder


def test_a_rebuild_after_each_kind_of_edit_equals_a_cold_build(project, tmp_path):
    first = build(project, tmp_path / "first")
    assert first.exit_code == 0, first.output
    assert _reused(first.output) is None  # nothing kept yet: every page rendered
    cache = project / ".cache/gongkai" / FOLDER
    documents = len(list(cache.glob("*.html")))
    assert documents > 150
    for name, (edit, rendered) in EDITS.items():
        edit(project)
        warm = build(project, tmp_path / f"warm-{name}")
        assert warm.exit_code == 0, (name, warm.output)
        # The same content built with nothing kept: the cache set aside, then put back.
        cache.rename(cache.with_name("kept"))
        cold = build(project, tmp_path / f"cold-{name}")
        shutil.rmtree(cache)
        cache.with_name("kept").rename(cache)
        assert cold.exit_code == 0, (name, cold.output)
        assert _reused(cold.output) is None
        ours, theirs = _site(warm.site), _site(cold.site)
        assert ours.keys() == theirs.keys(), name
        assert [path for path in ours if ours[path] != theirs[path]] == [], name
        if rendered is None:
            assert _reused(warm.output) is None, (name, warm.output)  # the edit touches every page
        else:
            reused = _reused(warm.output)
            assert reused is not None and reused[1] == rendered and reused[0] > 140, (name, reused)
    assert len(list(cache.glob("*.html"))) == documents - 1  # one withheld: its page is dropped too


def test_a_page_that_warned_is_rendered_again(minimal, tmp_path):
    """A page whose rendering logged a warning is not kept: the next build warns again (and
    `--strict` fails again) instead of copying it silently."""
    document = next(p for p in (minimal / "content").rglob("*.md") if p.name != "index.md")
    document.write_text(document.read_text(encoding="utf-8") + "\n[附件](files/none.pdf)\n", encoding="utf-8")
    for run in ("first", "second"):
        result = build(minimal, tmp_path / run)
        assert result.exit_code != 0, result.output
        assert "none.pdf" in result.output


def test_entries_are_written_whole_and_unused_ones_dropped(tmp_path):
    cache = PageCache(tmp_path / "pages")
    key, other = digest("a"), digest("b")
    cache.put(key, "页面".encode())
    cache.put(other, b"old")
    assert [p.name for p in (tmp_path / "pages").iterdir() if p.name.startswith(".")] == []
    later = PageCache(tmp_path / "pages")
    assert later.copy(key, tmp_path / "out" / "index.html")
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "页面"
    assert not later.copy(digest("c"), tmp_path / "missing.html")
    later.keep_only()
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == [key + ".html"]


def test_a_page_is_linked_readable_and_never_reused_once_written_through_the_site(tmp_path):
    """Reused pages are hard links to the cache (no copying); a file the site shares with the
    cache is as readable as a page MkDocs writes, and a tool that rewrites a site's page in
    place cannot make the next build reuse the rewritten bytes."""
    import os
    import stat

    cache = PageCache(tmp_path / "pages")
    key = digest("page")
    cache.put(key, b"<p>kept</p>")
    site = tmp_path / "site" / "a" / "index.html"
    assert cache.copy(key, site)
    entry = tmp_path / "pages" / (key + ".html")
    assert site.stat().st_ino == entry.stat().st_ino  # one file, nothing copied
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o666 & ~umask
    assert PageCache(tmp_path / "pages").copy(key, tmp_path / "again" / "index.html")  # kept and marked

    with open(site, "r+b") as page:  # as a minifier or `sed` without -i would rewrite it
        page.write(b"<p>XXXX</p>")
    later = PageCache(tmp_path / "pages")
    assert not later.copy(key, tmp_path / "third" / "index.html")
    assert not entry.exists()  # dropped: the next build renders the page again
    assert not (tmp_path / "third" / "index.html").exists()


def test_nothing_is_reused_where_a_reused_page_could_differ(tmp_path):
    """Where a broken anchor must fail the build (MkDocs checks only the pages it renders), or
    where the site's templates print the build's time, every page is rendered."""
    import logging
    from types import SimpleNamespace

    from gongkai.rebuilds import reusable

    def config(anchors: int, custom_dir: str | None = None) -> SimpleNamespace:
        return SimpleNamespace(validation=SimpleNamespace(links=SimpleNamespace(anchors=anchors)),
                               theme=SimpleNamespace(custom_dir=custom_dir))

    assert reusable(config(logging.INFO))
    assert not reusable(config(logging.WARNING))
    overrides = tmp_path / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "copyright.html").write_text("<p>示例</p>\n", encoding="utf-8")
    assert reusable(config(logging.INFO, str(tmp_path / "overrides")))
    (overrides / "copyright.html").write_text("<p>生成于 {{ build_date_utc }}</p>\n", encoding="utf-8")
    assert not reusable(config(logging.INFO, str(tmp_path / "overrides")))
