"""The editor's guide (README, 编辑指南), followed step by step on a copy of the sample, on a day
after the sample's pinned date: new, fill in, preview, validate, commit through the pre-commit
hooks, build, and the new document is on the site."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_preview import Serve

pytestmark = pytest.mark.browser  # it serves the preview, like the browser tests
DAY = "2026-12-10"
NOW = {"GONGKAI_NOW": f"{DAY} 09:00", "NO_MKDOCS_2_WARNING": "1"}
SITE_FILES = ("mkdocs.yml", "columns.yml", "holidays.yml", "pii-allowlist.yml", ".pre-commit-config.yaml",
              "content", "overrides", ".github", ".gitlab")


def sh(repo: Path, *args: str, date: str = f"{DAY}T09:30:00+08:00", check: bool = True):
    env = {**os.environ, **NOW, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "信息员", "GIT_AUTHOR_EMAIL": "xxy@example.gov.cn",
           "GIT_COMMITTER_NAME": "信息员", "GIT_COMMITTER_EMAIL": "xxy@example.gov.cn"}
    env.pop("GONGKAI_AS_OF", None)
    result = subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def repo(tmp_path):
    """The sample as an agency's repository, set up as scripts/setup leaves it (.venv)."""
    repo = tmp_path / "site-repo"
    repo.mkdir()
    for name in SITE_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / ".gitignore").write_text(".venv\nsite/\n.cache/\n", encoding="utf-8")
    sh(repo, "git", "init", "-q", "-b", "main")
    sh(repo, "git", "add", ".")
    sh(repo, "git", "commit", "-qm", "导入网站", date="2026-11-21T10:00:00+08:00")  # before forged_dates.since
    sh(repo, ".venv/bin/pre-commit", "install")
    return repo


def test_the_guide_works_as_written_on_a_day_after_the_pin(repo):
    gongkai = ".venv/bin/gongkai"
    # 1. 新建信息
    new = sh(repo, gongkai, "new", "xzcfjg", "示例市应急管理局行政处罚决定书（示例化工有限公司）")
    path = next(repo.glob(f"content/xxgk/fdgk/xzqlyx/xzcfjg/{DAY.replace('-', '')}-xzcfjg-*.md"))
    assert path.relative_to(repo).as_posix() in new.stdout and "是草稿" in new.stdout
    # 2. 填写：正文、发文字号；保密审查后删除“草稿”一行
    text = path.read_text(encoding="utf-8")
    text = text.replace("发文字号: ", "发文字号: 示应急罚〔2026〕88号")
    text = "\n".join(line for line in text.splitlines()
                     if not line.startswith(("草稿:", "# 保密审查")))
    text = text.replace("公开属性: 主动公开", f"公开属性: 主动公开\n保密审查: {{审查单位: 政策法规处, 审查日期: {DAY}}}")
    text = text.replace("正文从这里开始。", "当事人：示例化工有限公司。因未按规定开展安全培训，处罚款人民币2万元。")
    path.write_text(text + "\n", encoding="utf-8")
    # 3. 预览
    serve = Serve(repo, NOW)
    url = path.relative_to(repo / "content").as_posix().removesuffix(".md") + "/"
    try:
        page = serve.page(url, "示例化工有限公司")
        assert "示应急罚〔2026〕88号" in page and "预览发现" not in page
    finally:
        serve.stop(signal.SIGINT)
    # 4. 提交前自查
    validated = sh(repo, gongkai, "validate", str(path.relative_to(repo)))
    assert "检查通过" in validated.stdout
    # 5. 提交：pre-commit 钩子运行 gongkai validate
    sh(repo, "git", "add", str(path.relative_to(repo)))
    committed = sh(repo, "git", "commit", "-m", "行政处罚结果：示例化工有限公司")
    assert "gongkai validate" in committed.stdout + committed.stderr  # the hook ran, and passed
    # 6. 构建：新信息在网站上
    built = sh(repo, ".venv/bin/mkdocs", "build", "--strict")
    page = (repo / "site" / url / "index.html").read_text(encoding="utf-8")
    assert "示例化工有限公司" in page and "示应急罚〔2026〕88号" in page
    assert "示例市应急管理局行政处罚决定书（示例化工有限公司）" in (repo / "site/xxgk/fdgk/xzqlyx/xzcfjg/index.html").read_text(encoding="utf-8")
    assert "Traceback" not in built.stdout + built.stderr


def test_the_hooks_stop_a_commit_the_build_would_fail(repo):
    gongkai = ".venv/bin/gongkai"
    sh(repo, gongkai, "new", "xzcfjg", "行政处罚决定书")
    path = next(repo.glob(f"content/xxgk/fdgk/xzqlyx/xzcfjg/{DAY.replace('-', '')}-xzcfjg-*.md"))
    text = path.read_text(encoding="utf-8")
    taken = next(line for line in (repo / "content/xxgk/fdgk/xzqlyx/xzcfjg").glob("2026*.md")
                 if line != path).read_text(encoding="utf-8").split("索引号: ")[1].split("\n")[0]
    path.write_text(text.replace(text.split("索引号: ")[1].split("\n")[0], taken), encoding="utf-8")
    sh(repo, "git", "add", str(path.relative_to(repo)))
    refused = sh(repo, "git", "commit", "-m", "重复的索引号", check=False)
    assert refused.returncode != 0
    assert f"索引号 {taken} 已被" in refused.stdout + refused.stderr
