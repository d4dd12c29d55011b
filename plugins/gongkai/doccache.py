"""A cache of parsed documents, so that `gongkai check`, pre-commit and `mkdocs serve` read
only what changed.

Parsing a document's front matter and checking it costs about 0.4 ms on a small machine:
20 s for a 50,000-document site on every check and every rebuild. The cache keeps each
document that parsed without problems under its path, with the file's size, mtime and
content digest and the column it was read for. Every file is read and hashed (a parse is
never reused for other bytes, even with the same size and mtime), but only a file whose
digest changed is parsed again. The whole cache is dropped when gongkai's reading code, the
default publisher or the cache format changes.

It lives in the project's `.cache/gongkai/` (ignored by git), like MkDocs plugins' caches,
and is a pickle: it is trusted exactly as far as the project's mkdocs.yml, whose hooks and
plugins run code anyway. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

log = logging.getLogger("mkdocs.plugins.gongkai")

FORMAT = 2
CACHE_FOLDER = ".cache/gongkai"  # in the project, beside mkdocs.yml
FILE_NAME = "documents.pickle"
#: The modules whose code decides what a document parses to.
_READERS = ("documents.py", "yamlfile.py", "matrix.py")


class Entry(NamedTuple):
    size: int
    mtime_ns: int
    digest: bytes
    column: tuple  # what the parse depends on in its column (documents.column_key)
    document: Any  # the parsed documents.Document (its `linked` files must still exist)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class DocumentCache:
    """Parsed documents by content path; ``get`` and ``keep`` during a load, then ``save``."""

    def __init__(self, file: Path | None, publisher: str) -> None:
        self.file = file
        self.publisher = publisher
        self._context = (FORMAT, code_fingerprint(*_READERS), publisher)
        self._old: dict[str, Entry] = {}
        self._new: dict[str, Entry] = {}
        self._changed = False
        if file is not None:
            self._old = self._read(file)

    @classmethod
    def off(cls) -> DocumentCache:
        """A cache that never hits and never writes."""
        return cls(None, "")

    def get(self, path: str, file: str, column: tuple, content_dir: str) -> tuple[Any, bytes | None]:
        """The cached document, or (None, the file's bytes if they had to be read);
        ``column``: the key of the column it is read for."""
        entry = self._old.get(path)
        if entry is None or entry.column != column:
            return None, None
        try:
            stat = os.stat(file)
        except OSError:
            return None, None
        # Always the bytes, never size and mtime alone: flipping 公开属性 in place can keep both,
        # and what is published must never be decided on an old parse.
        data = read_bytes(file)
        if stat.st_size != entry.size or digest(data) != entry.digest:
            return None, data
        if stat.st_mtime_ns != entry.mtime_ns:
            entry = entry._replace(mtime_ns=stat.st_mtime_ns)
            self._changed = True
        if not all(os.path.isfile(os.path.join(content_dir, target)) for target in entry.document.linked):
            return None, data  # read it again: the missing file gets its own message
        self._new[path] = entry
        return entry.document, data

    def keep(self, path: str, entry: Entry | None) -> None:
        """Keep an entry made by ``cache_entry`` (perhaps in another process) for a document
        parsed without problems."""
        if self.file is not None and entry is not None:
            self._new[path] = entry
            self._changed = True

    def save(self) -> None:
        """Write the entries used in this load (others are gone from the site). The cache is
        then ready for the next load in this process (``mkdocs serve`` keeps it in memory)."""
        if self.file is not None and (self._changed or self._new.keys() != self._old.keys()):
            try:
                write_pickle(self.file, (self._context, self._new))
            except OSError as error:
                log.debug(f"gongkai: document cache not written: {error}")
        self._old, self._new, self._changed = self._new, {}, False

    def digests(self) -> dict[str, bytes]:
        """After ``save``: the digest of each document's bytes as this load read them (those
        that parsed without problems), by content path."""
        return {path: entry.digest for path, entry in self._old.items()}

    def _read(self, file: Path) -> dict[str, Entry]:
        stored = read_pickle(file)
        if not (isinstance(stored, tuple) and len(stored) == 2):
            return {}
        context, entries = stored
        return entries if context == self._context else {}


def cache_entry(file: str, data: bytes, column: tuple, document: Any) -> Entry | None:
    """The entry for ``document`` parsed from ``data``, the bytes of ``file``."""
    try:
        stat = os.stat(file)
    except OSError:
        return None
    return Entry(stat.st_size, stat.st_mtime_ns, digest(data), column, document)


def read_pickle(file: Path) -> object:
    """A cache file's contents; None when it is missing or cannot be read (a damaged cache is
    only a slower run). The caches' files are trusted: see the module docstring."""
    try:
        with open(file, "rb") as handle, paused_gc():
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:
        log.debug(f"gongkai: cache {file} ignored: {error}")
        return None


def write_pickle(file: Path, value: object) -> None:
    """Write a cache file atomically: a reader sees the old file or the new one, never half."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.stem}-")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
    except BaseException:
        os.unlink(temporary)
        raise


@contextmanager
def paused_gc() -> Iterator[None]:
    """Without the cyclic collector while many objects that stay alive are made: Python
    otherwise walks them again and again (half the time of loading 50,000 documents)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_bytes(file: str | Path) -> bytes:
    """A file's bytes; os.read is several times quicker than Path.read_text for small files."""
    descriptor = os.open(file, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def code_fingerprint(*modules: str) -> bytes:
    """A digest of some of gongkai's own files (``documents.py`` …): a cache made by other
    code is not used."""
    here = Path(__file__).parent
    fingerprint = hashlib.blake2b(digest_size=16)
    for name in modules:
        fingerprint.update((here / name).read_bytes())
    return fingerprint.digest()
