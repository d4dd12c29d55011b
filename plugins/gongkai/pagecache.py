"""Rendered pages kept between builds, by the digest of everything they were made from.

An editor's commit changes one document; CI then builds again in a fresh process. A page
whose inputs did not change is taken from here instead of rendered again (see
``rebuilds.PageReuse`` for which pages and which inputs). The key is a digest of the
inputs, never a path or a time: the same key gives the same bytes, so a build that reuses
pages is byte-identical to one that renders them all.

Entries live in the project's `.cache/gongkai/pages/` (ignored by git), one file per key,
each written whole (a temporary file renamed into place), so a build killed half-way never
leaves half a page to copy. A cache that cannot be read or written is simply not used.

A page is hard-linked into the site, not copied: at 5,000 pages copying wrote 250 MB on
every build and took seconds. The site's file and the entry are then one file, so a tool
that rewrote a site's page in place would change the entry too; each entry's modification
time therefore carries a mark made from its key (in the nanoseconds), and an entry whose
mark is gone (written since) is dropped, never reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import shutil
import time
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
        """Put the page kept under ``key`` at ``target`` (a new file: the site is built afresh);
        False when there is none, or when it was written since it was kept."""
        entry = os.path.join(self.folder, key + SUFFIX)  # os.path, not pathlib: this runs for every page
        try:
            written = os.stat(entry).st_mtime_ns
            if written != _marked(key, written):
                os.unlink(entry)  # changed in place through a site's link to it: never reuse it
                return False
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                os.link(entry, target)
            except OSError:  # another file system, or one without hard links
                shutil.copyfile(entry, target)
        except OSError:
            return False
        self.used.add(key)
        return True

    def put(self, key: str, data: bytes) -> None:
        """Keep a page just rendered."""
        temporary = self.folder / f".new-{os.getpid()}-{key}"  # renderers put pages too, each its own
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Made as MkDocs makes a page (0666 less the umask), for the site shares this file:
            # a web server must be able to read it.
            with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), "wb") as out:
                out.write(data)
            now = time.time_ns()
            os.utime(temporary, ns=(now, _marked(key, now)))
            os.replace(temporary, self.folder / (key + SUFFIX))
        except OSError:
            with contextlib.suppress(OSError):
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


def _marked(key: str, time_ns: int) -> int:
    """``time_ns`` in the same second with the key's mark as its nanoseconds: a write to the
    file sets another time, which loses the mark (1 in 10⁹ to keep it by chance). Where a file
    system keeps coarser times, no entry keeps its mark, and none is reused: slower, never wrong."""
    return time_ns - time_ns % 1_000_000_000 + int(key[:15], 16) % 1_000_000_000
