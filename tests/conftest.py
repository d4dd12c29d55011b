"""Shared fixtures: the repository, fixture projects copied into tmp_path, real builds."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli as mkdocs_cli
from mkdocs.commands import build as mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class Build:
    exit_code: int
    output: str
    site: Path

    def html(self, path: str) -> str:
        """The HTML of a built page, by its URL path (``xxgk/`` or ``a/b/`` or ``404.html``)."""
        target = self.site / path
        if path == "" or path.endswith("/"):
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


def build(project: Path, site: Path, *extra: str) -> Build:
    """Run `mkdocs build --strict` on a project, the way a user does."""
    # MkDocs drops a message it has logged before in the same process; each of our builds
    # stands for a fresh `mkdocs build`, so forget earlier ones.
    for log_filter in mkdocs_build.log.filters:
        getattr(log_filter, "msgs", set()).clear()
    result = CliRunner().invoke(
        mkdocs_cli, ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra]
    )
    return Build(result.exit_code, result.output, site)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A copy of the minimal fixture project, free to break."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    return project


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample site of the repository, built once per test session."""
    result = build(ROOT, tmp_path_factory.mktemp("sample") / "site")
    assert result.exit_code == 0, result.output
    return result


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(sample_build):
    """The sample site served over HTTP on loopback."""
    handler = functools.partial(_Quiet, directory=str(sample_build.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright. Missing Chromium is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed: run scripts/setup"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
