"""Git history of the content: when each document was first committed.

Used to catch forged publication dates (a national inspection veto item): a document
whose 发布日期 is well before the commit that first added it was back-dated.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .clock import SHANGHAI
from .documents import Document
from .findings import Finding
from .matrix import Matrix


@dataclass(frozen=True)
class History:
    """First-commit dates of files under the content directory, by content-relative path."""

    added: dict[str, dt.date]
    shallow: bool = False
    available: bool = True
    note: str = ""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def read_history(content_dir: Path) -> History:
    """Read the history once; never raises for a missing git or a copy outside a repository."""
    try:
        top = Path(_git(content_dir, "rev-parse", "--show-toplevel").strip())
        shallow = _git(content_dir, "rev-parse", "--is-shallow-repository").strip() == "true"
        log = _git(top, "-c", "core.quotepath=off", "log", "--diff-filter=A", "--no-renames",
                   "--name-only", "--format=%x00%ct", "--", str(content_dir.resolve()))
    except (OSError, subprocess.CalledProcessError):
        return History({}, available=False, note="不在 git 仓库中，跳过发布日期与提交日期的核对")
    prefix = content_dir.resolve().relative_to(top.resolve()).as_posix().rstrip("/") + "/"
    added: dict[str, dt.date] = {}
    for entry in log.split("\0")[1:]:
        stamp, *paths = entry.strip().splitlines()
        day = dt.datetime.fromtimestamp(int(stamp), SHANGHAI).date()
        for path in paths:
            if path.startswith(prefix):
                added[path[len(prefix):]] = day  # log runs newest first: the oldest wins
    note = ("浅克隆（shallow clone）：提交历史不完整，无法核对发布日期；"
            "CI 请使用完整历史（GitHub Actions: fetch-depth: 0；GitLab: GIT_DEPTH: 0）") if shallow else ""
    return History(added, shallow, True, note)


def forged_dates(matrix: Matrix, documents: Iterable[Document], history: History,
                 grace_days: int, since: dt.date | None) -> list[Finding]:
    """Documents whose 发布日期 is more than ``grace_days`` before their first commit.

    Documents first committed before ``since`` (e.g. an import of the old site) are not
    checked, nor one that states in 补录说明 why it was added long after it was published.
    """
    if not history.available or history.shallow:
        return []
    findings = []
    for document in documents:
        added = history.added.get(document.path)
        if added is None or (since and added < since) or not document.is_public or document.import_reason:
            continue
        gap = (added - document.published_date).days
        if gap > grace_days:
            column = matrix.get(document.column)
            findings.append(Finding(
                column.id, column.title, column.lead, f"发布日期不早于首次提交 {grace_days} 天以上",
                "forged_date", "forged_date", "fail", last_update=document.published_date,
                document=document.path, note=f"首次提交于 {added}，发布日期早 {gap} 天"))
    return findings
