"""Shared fixtures: the repository, fixture projects copied into tmp_path, real builds."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli as mkdocs_cli

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
