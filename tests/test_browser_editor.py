"""The web editor at /admin/ in Debian's Chromium, against a local git repository through
decap-server (the local backend scripts/serve starts): a 信息员 creates a document in
行政处罚结果 with every field and a PDF, saves it (a draft: a branch, never on the site),
publishes it through the review workflow, and the next build shows it (issue 22)."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import expect

from gongkai.cli import main as gongkai_cli

from .conftest import ARTIFACTS, ROOT, _Quiet, build

pytestmark = pytest.mark.browser

COLUMN = "content/xxgk/fdgk/xzqlyx/xzcfjg"
TITLE = "示例市应急管理局行政处罚决定书（示例市宏远五金有限公司）"
DAY = "2026-11-20"
#: The sample is dated by this day; commits, builds and the editor's clock agree on it.
MOMENT = {"GONGKAI_NOW": f"{DAY}T15:00", "GONGKAI_AS_OF": DAY,
          "GIT_AUTHOR_DATE": f"{DAY}T12:00:00+08:00", "GIT_COMMITTER_DATE": f"{DAY}T12:00:00+08:00",
          "GIT_AUTHOR_NAME": "信息员", "GIT_AUTHOR_EMAIL": "xxy@yjj.example.gov.cn",
          "GIT_COMMITTER_NAME": "信息员", "GIT_COMMITTER_EMAIL": "xxy@yjj.example.gov.cn"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **MOMENT}).stdout


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """The sample project as a git repository of its own, its editor pointed at a free port."""
    for name, value in MOMENT.items():
        monkeypatch.setenv(name, value)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "columns.yml", "holidays.yml", "pii-allowlist.yml", ".gitignore"):
        (project / name).write_bytes((ROOT / name).read_bytes())
    for folder in ("content", "overrides"):
        subprocess.run(["cp", "-r", str(ROOT / folder), str(project / folder)], check=True)
    port = _free_port()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      editor:\n        enabled: true\n", f"      editor:\n        enabled: true\n        local_port: {port}\n"),
        encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "示例站点")
    return project, port


def _serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def _decap_server(project: Path, port: int) -> subprocess.Popen:
    program = ROOT / "node_modules/.bin/decap-server"
    assert program.exists(), "decap-server is not installed: run scripts/setup (npm ci)"
    env = {**os.environ, **MOMENT, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "git",
           "GIT_REPO_DIRECTORY": str(project)}
    server = subprocess.Popen([str(program)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in server.stdout:  # it says when it listens
        if "listening" in line:
            return server
    raise AssertionError("decap-server did not start")


def test_a_document_made_in_the_editor_is_reviewed_published_and_built(browser, repository, tmp_path):
    project, port = repository
    first = build(project, tmp_path / "site")
    assert first.exit_code == 0, first.output
    assert (first.site / "admin/decap-cms.js").exists()
    pdf = tmp_path / "xzcf-jueding-060.pdf"
    _blank_pdf(pdf)

    web, site_url = _serve(first.site)
    decap = _decap_server(project, port)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())  # Decap asks before it publishes
    outside = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((site_url, f"http://localhost:{port}/", "blob:", "data:")) else None)
    try:
        page.goto(site_url + "admin/")
        expect(page).to_have_title("示例市应急管理局 网页编辑器")
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_text("行政权力运行 · 行政处罚结果")).to_be_visible()
        page.screenshot(path=str(_artifact("editor-columns.png")))

        # A column's introduction (index.md) is listed too; its preview says it is not a document.
        page.goto(site_url + "admin/#/collections/xzcfjg/entries/index")
        expect(page.frame_locator("iframe").first.locator(".gk-preview-state")).to_contain_text("不是一篇信息")

        page.goto(site_url + "admin/#/collections/xzcfjg/new")
        field = lambda name: page.locator(f'[id^="{name}-field-"]').first  # noqa: E731 - Decap's ids
        expect(field("索引号")).to_have_value("11990000MB0000001X/2026-00123")  # the next free serial
        field("标题").fill(TITLE)
        field("主题分类").fill("行政执法")
        for name in ("成文日期", "发布日期", "决定日期"):
            field(name).fill(DAY)
        field("发文字号").fill("（示）应急罚〔2026〕60号")
        page.get_by_role("button", name="新增附件").click()
        field("名称").fill("行政处罚决定书")
        page.get_by_role("button", name="选择文件").click()
        page.locator("input[type=file]").set_input_files(str(pdf))
        page.get_by_role("button", name="选用已选中项目").click()
        field("审查单位").click()
        page.get_by_text("办公室", exact=True).last.click()
        field("审查日期").fill(DAY)
        expect(field("草稿")).to_have_attribute("aria-checked", "true")  # a new document is a draft
        field("草稿").click()
        page.locator("[data-slate-editor=true]").first.click()
        page.keyboard.type("当事人：示例市宏远五金有限公司。")
        page.screenshot(path=str(_artifact("editor-form.png")))
        # The preview is the site's document page: the title, the metadata block, the attachment.
        preview = page.frame_locator("iframe").first
        expect(preview.locator(".gk-document h1")).to_have_text(TITLE)
        expect(preview.locator(".gk-meta dt")).to_have_text(["索引号", "主题分类", "发布机构", "成文日期", "发文字号", "发布日期"])
        expect(preview.locator(".gk-meta dd").first).to_have_text("11990000MB0000001X/2026-00123")
        expect(preview.locator(".gk-attachments li")).to_have_text("行政处罚决定书")
        expect(preview.locator(".gk-preview-state")).to_have_text("审查后发布：网站上的样子")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("button", name="状态: 草稿")).to_be_visible()

        # Saved, not published: a branch of its own, nothing on main, nothing on the site.
        branches = _git(project, "branch", "--list", "cms/*").split()
        assert len(branches) == 1 and branches[0].startswith("cms/xzcfjg/20261120-xzcfjg-"), branches
        assert not list((project / COLUMN).glob("20261120-xzcfjg-*.md"))
        draft = build(project, tmp_path / "draft")
        assert draft.exit_code == 0, draft.output
        assert TITLE not in draft.html("xxgk/fdgk/xzqlyx/xzcfjg/")

        page.get_by_role("button", name="状态: 草稿").click()
        page.get_by_role("menuitem", name="就绪").click()
        page.get_by_role("button", name="发布", exact=True).click()
        page.get_by_role("menuitem", name="立即发布").click()
        expect(page.get_by_text("行政权力运行 · 行政处罚结果").first).to_be_visible()
        deadline = time.monotonic() + 20
        while _git(project, "branch", "--list", "cms/*").strip() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert outside == [], f"the editor asked for outside resources: {outside}"
    finally:
        page.close()
        decap.terminate()
        web.shutdown()

    # Published: merged into main, in the column's folder, the PDF in its files/.
    assert _git(project, "status", "--porcelain") == ""
    changed = _git(project, "show", "--name-only", "--format=", "main").split()
    documents = [name for name in changed if name.endswith(".md")]
    assert len(documents) == 1 and documents[0].startswith(f"{COLUMN}/20261120-xzcfjg-"), changed
    assert f"{COLUMN}/files/xzcf-jueding-060.pdf" in changed
    front = yaml.safe_load((project / documents[0]).read_text(encoding="utf-8").split("---")[1])
    assert front["标题"] == TITLE and front["公开属性"] == "主动公开" and front["草稿"] is False
    assert front["附件"] == [{"名称": "行政处罚决定书", "文件": "files/xzcf-jueding-060.pdf"}]
    assert front["保密审查"]["审查单位"] == "办公室"

    checked = CliRunner().invoke(gongkai_cli, ["--project", str(project), "validate"])
    assert checked.exit_code == 0, checked.output

    second = build(project, tmp_path / "published")
    assert second.exit_code == 0, second.output
    address = documents[0].removeprefix("content/").removesuffix(".md") + "/"
    assert TITLE in second.html("xxgk/fdgk/xzqlyx/xzcfjg/")
    assert TITLE in second.html(address)
    assert (second.site / "xxgk/fdgk/xzqlyx/xzcfjg/files/xzcf-jueding-060.pdf").exists()
    assert TITLE in second.html("xxgk/fdgk/ml/")  # the catalogue
    web, site_url = _serve(second.site)
    try:
        search = browser.new_page()
        search.goto(site_url + "search/")
        search.fill("#gk-search-q", "宏远五金")
        search.press("#gk-search-q", "End")
        expect(search.locator("[data-gk-page-status]")).to_contain_text("“宏远五金”")
        expect(search.locator("[data-gk-page-results] > li .gk-search__title").first).to_have_text(TITLE)
        search.close()
    finally:
        web.shutdown()


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def _blank_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with path.open("wb") as out:
        writer.write(out)
