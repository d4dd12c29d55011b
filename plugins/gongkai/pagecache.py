"""Rendered pages kept between builds, by the digest of everything they were made from.

An editor's commit changes one document; CI then builds again in a fresh process. A page
whose inputs did not change is copied from here instead of rendered again (see
``rebuilds.PageReuse`` for which pages and which inputs). The key is a digest of the
inputs, never a path or a time: the same key gives the same bytes, so a build that reuses
pages is byte-identical to one that renders them all.

Entries live in the project's `.cache/gongkai/pages/` (ignored by git), one file per key,
each written whole (a temporary file renamed into place), so a build killed half-way never
leaves half a page to copy. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

FOLDER = "pages"  # in .cache/gongkai/
SUFFIX = ".html"


def digest(*parts: object) -> str:
    """The key of some inputs: a digest of their repr (strings, numbers, tuples, dataclasses)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def product_fingerprint() -> str:
    """What the product is made of: gongkai's own files (code, templates, scripts, styles) and
    every installed package's version (MkDocs, Material, Markdown, their extensions)."""
    here = Path(__file__).parent
    fingerprint = hashlib.blake2b(digest_size=20)
    for file in sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        fingerprint.update(file.relative_to(here).as_posix().encode() + b"\0" + file.read_bytes())
    versions = sorted({(d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions()})
    fingerprint.update(repr(versions).encode())
    return fingerprint.hexdigest()


class PageCache:
    """Pages by key in one folder; ``copy`` and ``put`` during a build, ``keep_only`` after it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @classmethod
    def within(cls, cache_folder: Path) -> PageCache:
        """The pages kept in a project's cache folder (.cache/gongkai)."""
        return cls(cache_folder / FOLDER)

    def copy(self, key: str, target: str | Path) -> bool:
        """Write the page kept under ``key`` to ``target``; False when there is none."""
        try:  # os.path, not pathlib: this runs for every page of the site
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(self.folder, key + SUFFIX), target)
        except OSError:
            return False
        self.used.add(key)
        return True

    def put(self, key: str, data: bytes) -> None:
        """Keep a page just rendered."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self.folder / (key + SUFFIX))
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)
            return
        self.used.add(key)

    def keep_only(self, keys: Iterable[str] | None = None) -> None:
        """Drop every entry this build did not use or make (pages since edited or removed)."""
        kept = {key + SUFFIX for key in (self.used if keys is None else keys)}
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name not in kept:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
