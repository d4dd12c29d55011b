"""Attachments: what may be published (type, size, a URL-safe name), and the text inside them.

The text is read so the personal-information guard can see into PDF, DOCX and XLSX files.
DOCX and XLSX are zipped XML: their text is the XML's text, read with the standard
library; PDF text comes from pypdf.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

DEFAULT_TYPES = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "csv", "zip", "rar",
                 "jpg", "jpeg", "png", "gif")
DEFAULT_MAX_MB = 50
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Policy:
    types: tuple[str, ...] = DEFAULT_TYPES
    max_mb: float = DEFAULT_MAX_MB


def problems_with(path: Path, policy: Policy) -> list[str]:
    """What is wrong with publishing this file; empty when nothing is."""
    problems = []
    name = path.name
    extension = path.suffix.lower().lstrip(".")
    if not SAFE_NAME.match(name):
        problems.append(f"the file name “{name}” is not safe in a URL: use lowercase letters, "
                        "digits, hyphens and dots only (e.g. 2026-jueding-12.pdf); the 名称 field "
                        "holds the Chinese title")
    if extension not in policy.types:
        problems.append(f"files of type .{extension or '(none)'} may not be published: "
                        f"allowed types are {', '.join(policy.types)}")
    size = path.stat().st_size
    if size > policy.max_mb * 1024 * 1024:
        problems.append(f"the file is {size / 1024 / 1024:.1f} MB, over the {policy.max_mb:g} MB limit")
    return problems


def text_of(path: Path) -> Iterable[tuple[str, str]]:
    """(where, text) pieces of a PDF, DOCX or XLSX file; nothing for other types.

    Raises ValueError when a file of such a type cannot be read.
    """
    kind = path.suffix.lower()
    try:
        if kind == ".pdf":
            from pypdf import PdfReader

            for number, page in enumerate(PdfReader(path).pages, 1):
                yield f"第{number}页", page.extract_text() or ""
        elif kind in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    if member.endswith(".xml") and member.startswith(("word/", "xl/")):
                        yield member, _xml_text(archive.read(member))
    except Exception as error:  # pypdf and zipfile raise many kinds; all mean "unreadable"
        raise ValueError(f"cannot read the file's text ({type(error).__name__}: {error})") from None


def _xml_text(data: bytes) -> str:
    # One line per paragraph / cell keeps numbers in separate cells apart.
    root = ElementTree.fromstring(data)
    return "\n".join(t.strip() for t in root.itertext() if t.strip())
