"""Publishing safety: what may reach the built site, and what must be true before it does.

Only 主动公开 documents that are not drafts and whose 发布日期 has come are published; their
attachments must be of an allowed type and size with URL-safe names; when the site
requires it, each records its confidentiality review (先审查后公开); and no unmasked
personal number appears in them or in their attachments.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import pii
from .attachments import Policy, problems_with, text_of
from .documents import Document
from .matrix import ATTACHMENT_FOLDER


@dataclass(frozen=True)
class Rules:
    """What the site demands of what it publishes."""

    require_review: bool = False
    attachments: Policy = Policy()
    scan_personal_numbers: bool = True
    allowlist: frozenset[str] = frozenset()


class Scans:
    """What reading a file found, kept while the file keeps its size and mtime: in a
    `mkdocs serve` session only edited documents and attachments are scanned again (the
    text of PDFs alone took 1.7 s of a 5,000-document rebuild)."""

    def __init__(self) -> None:
        self._found: dict[tuple, tuple[tuple[int, int], object]] = {}

    def get(self, path: Path, key: tuple, compute: Callable[[], object]) -> object:
        try:
            stat = os.stat(path)
        except OSError:
            return compute()  # it reports the missing file itself
        stamp, known = (stat.st_size, stat.st_mtime_ns), self._found.get((str(path), key))
        if known is not None and known[0] == stamp:
            return known[1]
        value = compute()
        self._found[(str(path), key)] = (stamp, value)
        return value


def published(documents: Iterable[Document], today: dt.date) -> list[Document]:
    return [d for d in documents if d.is_published_on(today)]


def problems(documents: list[Document], content_dir: Path, rules: Rules,
             scans: Scans | None = None) -> list:
    """Every reason not to publish these (already chosen) documents, as Problems."""
    from .errors import Problem

    found: list[Problem] = []
    shown = content_dir.name
    scans = scans or Scans()

    for document in documents:
        name = f"{shown}/{document.path}"
        if rules.require_review and not document.review_date:
            found.append(Problem(name, 1, "no record of the confidentiality review (保密审查)",
                                 "先审查后公开: add `保密审查: {审查单位: 办公室, 审查日期: YYYY-MM-DD}` "
                                 "once the document has been reviewed"))
        if rules.scan_personal_numbers:
            source = content_dir / document.path
            hits = scans.get(source, ("pii", rules.allowlist),
                             lambda: pii.scan(source.read_text(encoding="utf-8-sig"), rules.allowlist))
            for hit in hits:
                found.append(Problem(name, hit.line, f"personal information: {hit.describe()}",
                                     "mask it (e.g. 138****5678), or, if it may be published, add it "
                                     "with a reason to the allowlist (pii-allowlist.yml)"))
        for attachment in document.attachments:
            path = content_dir / attachment.path
            for message in problems_with(path, rules.attachments):
                found.append(Problem(name, attachment.line, f"attachment {attachment.path}: {message}"))
            if not rules.scan_personal_numbers:
                continue
            pieces = scans.get(path, ("text",), lambda: _text_or_error(path))
            if isinstance(pieces, ValueError):
                found.append(Problem(name, attachment.line, f"attachment {attachment.path}: {pieces}",
                                     "check that the file opens, or publish it as PDF"))
                continue
            for where, text in pieces:
                for hit in pii.scan(text, rules.allowlist):
                    found.append(Problem(f"{shown}/{attachment.path}", None,
                                         f"personal information in the attachment ({where}): {hit.describe()}",
                                         "publish a redacted copy, or add the number with a reason "
                                         "to the allowlist (pii-allowlist.yml)"))
    return found


def _text_or_error(path: Path) -> list[tuple[str, str]] | ValueError:
    try:
        return list(text_of(path))
    except ValueError as error:
        return error


def withheld_files(documents: Iterable[Document], published_documents: list[Document],
                   files: Iterable[str], column_roots: Iterable[str]) -> set[str]:
    """Content-relative paths that must not be built: unpublished documents, and every file in
    a column's files/ folder (under ``column_roots``) that no published document names or links to."""
    roots = tuple(f"{root}/" for root in column_roots)
    referenced = {a.path for d in published_documents for a in d.attachments}
    referenced |= {link for d in published_documents for link in d.links}
    paths = {d.path for d in published_documents}
    withheld = {d.path for d in documents if d.path not in paths}
    withheld |= {f for f in files if f.startswith(roots) and f not in referenced
                 and ATTACHMENT_FOLDER in posixpath.dirname(f).split("/")}
    return withheld
