"""The editor's preview (`mkdocs serve`, as scripts/serve runs it) never blocks: broken content
and overdue columns are shown in the page, in Chinese, and the page comes back once fixed;
stopping it is clean."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ARTIFACTS

COLUMN = "content/xxgk/fdgk/xzqlyx/xzcfjg"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """`mkdocs serve --dirty` on a project, as scripts/serve runs it."""

    def __init__(self, project: Path, env: dict | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{self.port}",
             "-f", str(project / "mkdocs.yml")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})

    def page(self, path: str = "", wait_for: str = "", timeout: float = 60, gone: str = "") -> str:
        """The page's HTML, once it holds ``wait_for`` and no longer ``gone`` (the server
        rebuilds after an edit)."""
        deadline, last = time.time() + timeout, ""
        while time.time() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:
                    last = response.read().decode("utf-8")
                if wait_for in last and not (gone and gone in last):
                    return last
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"no “{wait_for}” in {path} after {timeout} s:\n{last[-2000:]}\n{self.output()}")

    def stop(self, how: int = signal.SIGINT) -> str:
        os.killpg(self.process.pid, how)
        return self.output()

    def output(self) -> str:
        if self.process.poll() is None:
            try:
                out, _ = self.process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                out, _ = self.process.communicate()
            return out
        return ""  # already collected


def leftover(pgid: int) -> list[str]:
    found = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True).stdout.split()
    return [p for p in found if Path(f"/proc/{p}/stat").exists() and open(f"/proc/{p}/stat").read().split()[2] != "Z"]


def test_a_broken_document_is_shown_in_the_page_and_the_page_comes_back(minimal, browser):
    document = minimal / COLUMN / "20260901-cf.md"
    good = document.read_text(encoding="utf-8")
    serve = Serve(minimal, {"GONGKAI_AS_OF": "2027-03-01"})  # overdue columns too: shown, not fatal
    try:
        home = serve.page("", "测试市应急管理局")
        assert "预览发现" in home and "逾期未更新" in home  # findings shown, the site served
        document.write_text(good.replace("发布日期: 2026-09-01", "发布日期: 2026/9/1").replace("标题: ", "标题："),
                            encoding="utf-8")
        broken = serve.page("xxgk/fdgk/xzqlyx/xzcfjg/", "全角冒号")
        assert "20260901-cf.md:2" in broken and "改成半角冒号加一个空格" in broken
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(serve.url + "xxgk/fdgk/xzqlyx/xzcfjg/")
        assert page.get_by_text("改成半角冒号加一个空格").is_visible()  # in the page, not only the HTML
        page.screenshot(path=str(ARTIFACTS / "preview-problems.png"))
        page.close()
        document.write_text(good, encoding="utf-8")
        fixed = serve.page("xxgk/fdgk/xzqlyx/xzcfjg/", "行政处罚决定书", gone="全角冒号")
        assert "预览发现" in fixed  # the overdue columns are still shown …
        assert "行政处罚决定书（测应急罚〔2026〕1号）" in serve.page("xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf/", "测应急罚")
    finally:
        output = serve.stop(signal.SIGTERM)
    assert "Traceback" not in output and "leaked semaphore" not in output
    time.sleep(1)
    assert leftover(serve.process.pid) == []


def test_an_unreadable_matrix_is_a_page_of_problems_until_fixed(minimal):
    matrix = minimal / "columns.yml"
    good = matrix.read_text(encoding="utf-8")
    serve = Serve(minimal)
    try:
        serve.page("", "测试市应急管理局")
        matrix.write_text(good.replace("lead: 政策法规处", "lead: 政策法规科", 1), encoding="utf-8")
        page = serve.page("", "请先修改这些问题")
        assert "columns.yml:" in page and "不在 `units:` 中" in page and "是不是“政策法规处”？" in page
        matrix.write_text(good, encoding="utf-8")
        serve.page("", "法定主动公开内容", gone="请先修改这些问题")
    finally:
        output = serve.stop(signal.SIGINT)
    assert "Traceback" not in output


pytestmark = pytest.mark.browser
