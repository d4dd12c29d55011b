"""A cold `mkdocs build` renders document pages on every core (forked renderers), and its
site is byte-identical to one rendered on one core; whatever a renderer would have said, the
build says itself, once (issue: build speed II)."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from gongkai import renderers

from .conftest import build
from .files import png_with
from .test_page_reuse import _replace, _reused, _site, project  # noqa: F401 - the fixture

PENALTY = "content/xxgk/fdgk/xzqlyx/xzcfjg/20251114-xzcf-jueding-058.md"


def _parallel(output: str) -> int | None:
    match = re.search(r"(\d+) 个进程并行生成了 (\d+) 个页面", output)
    return int(match[2]) if match else None


@pytest.fixture
def everywhere(monkeypatch):
    """Renderers for any number of pages, two of them, whatever the machine has."""
    monkeypatch.setattr(renderers, "FROM_PAGES", 0)
    monkeypatch.setenv("GONGKAI_WORKERS", "2")


def _serial(project, site, monkeypatch):
    with monkeypatch.context() as serial:
        serial.setenv("GONGKAI_WORKERS", "0")
        result = build(project, site)
    shutil.rmtree(project / ".cache")
    return result


@pytest.mark.parametrize("own_title", [False, True])
def test_pages_rendered_on_every_core_equal_pages_rendered_on_one(project, tmp_path, monkeypatch, everywhere,
                                                                  own_title):
    if own_title:  # the nav shows the home page's own heading: renderers must read that page too
        _replace(project, "mkdocs.yml", "  - 首页: index.md", "  - index.md")
        _replace(project, "content/index.md", "示例市应急管理局负责", "# 本局概况\n\n示例市应急管理局负责")
    one = _serial(project, tmp_path / "one", monkeypatch)
    assert one.exit_code == 0, one.output
    assert _parallel(one.output) is None
    several = build(project, tmp_path / "several")
    assert several.exit_code == 0, several.output
    rendered = _parallel(several.output)
    documents = len(list((project / ".cache/gongkai/pages").glob("*.html")))  # the pages kept
    later = [p for p in several.site.rglob("page/*/index.html")]  # a list's later pages: not kept
    assert documents > 150 and later and rendered >= documents + len(later), several.output
    assert "excluded from the built site" not in several.output  # MkDocs' note on links to them
    ours, theirs = _site(several.site), _site(one.site)
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if ours[path] != theirs[path]] == []
    # What the renderers kept is what the next build reuses; the later list pages are rendered again.
    again = build(project, tmp_path / "again")
    assert again.exit_code == 0 and _reused(again.output) == (documents, 0), again.output
    assert _parallel(again.output) == rendered - documents, again.output
    assert "excluded from the built site" not in again.output


def test_a_page_that_warns_is_left_to_the_build_and_warns_once(project, tmp_path, monkeypatch, everywhere):
    document = project / PENALTY
    document.write_text(document.read_text(encoding="utf-8") + "\n[附件](files/none.pdf)\n", encoding="utf-8")
    one = _serial(project, tmp_path / "one", monkeypatch)
    several = build(project, tmp_path / "several")
    assert one.exit_code == several.exit_code != 0
    assert one.output.count("none.pdf") == several.output.count("none.pdf") >= 1, several.output
    assert _parallel(several.output) > 150  # the others were rendered on both cores


def test_a_page_with_a_problem_fails_the_build_as_on_one_core(project, tmp_path, monkeypatch, everywhere):
    document = project / PENALTY
    document.write_text(document.read_text(encoding="utf-8") + "\n![](files/map.png)\n", encoding="utf-8")
    (document.parent / "files").mkdir(exist_ok=True)
    (document.parent / "files/map.png").write_bytes(png_with())
    one = _serial(project, tmp_path / "one", monkeypatch)
    several = build(project, tmp_path / "several")
    assert one.exit_code == several.exit_code == 1
    problem = f"{PENALTY}:"
    assert "图片 map.png 没有文字说明" in several.output and problem in several.output, several.output
    assert [line for line in one.output.splitlines() if "map.png" in line] == \
        [line for line in several.output.splitlines() if "map.png" in line]
    assert not (tmp_path / "several").exists()  # a failed build leaves no site


def _die(*args: object) -> list[str]:
    os._exit(3)


@pytest.mark.parametrize("when", ["_start", "_render"])  # as it starts, or at its first pages
def test_a_renderer_that_dies_leaves_its_pages_to_the_build(project, tmp_path, monkeypatch, everywhere, when):
    one = _serial(project, tmp_path / "one", monkeypatch)
    monkeypatch.setattr(renderers, when, _die)  # the forks inherit it
    several = build(project, tmp_path / "several")
    assert several.exit_code == 0, several.output
    assert _parallel(several.output) == 0
    ours, theirs = _site(several.site), _site(one.site)
    assert [path for path in ours if ours.get(path) != theirs.get(path)] == [] and ours.keys() == theirs.keys()


def test_one_renderer_per_core_up_to_eight(monkeypatch):
    from gongkai import background

    monkeypatch.delenv("GONGKAI_WORKERS", raising=False)
    monkeypatch.setattr(background, "_cores", lambda: 64)
    assert background.renderers() == background.MAX_RENDERERS == 8
    monkeypatch.setattr(background, "_cores", lambda: 2)
    assert background.renderers() == 2 and background.spare_cores() == 1
    monkeypatch.setenv("GONGKAI_WORKERS", "12")
    assert background.renderers() == 12
    monkeypatch.setenv("GONGKAI_WORKERS", "0")
    assert background.renderers() == 0 and background.spare_cores() == 0


def test_the_codes_renderers_make_are_kept_for_the_next_build(project, tmp_path, monkeypatch, everywhere):
    """The renderers hand back the QR codes they made; the build keeps every page's code, so a
    rebuild after an edit makes none (issue: build speed II, a rebuild's time)."""
    from gongkai import qrcodes

    first = build(project, tmp_path / "first")
    assert first.exit_code == 0 and _parallel(first.output) > 150, first.output
    monkeypatch.setattr(qrcodes, "qr_codes", lambda addresses: pytest.fail(f"made again: {addresses[:3]}"))
    _replace(project, PENALTY, "被处罚单位：", "被处罚单位（名称）：")
    again = build(project, tmp_path / "again")
    assert again.exit_code == 0, again.output
    assert _reused(again.output)[1] == 1  # the edited document was rendered, with its kept code
    page = (again.site / PENALTY.removeprefix("content/").removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    address = "https://yjj.example.gov.cn/" + PENALTY.removeprefix("content/").removesuffix(".md") + "/"
    assert f'<img src="{qrcodes.qr_code(address)}"' in page.replace("&#43;", "+") or qrcodes.qr_code(address) in page
