"""What a `mkdocs build` or `mkdocs serve` session keeps from one build to the next.

MkDocs keeps the plugin for a whole `serve` session and builds again on every change; what
may rightly carry over lives here (workers, caches, the last build's state for --dirty),
apart from the per-build ``site.Site``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from . import publishing
from .background import Background
from .doccache import DocumentCache
from .preview import Preview


class Session:
    """One `mkdocs build` or `mkdocs serve`, however many builds it makes."""

    def __init__(self, command: str = "build", dirty: bool = False) -> None:
        self.command, self.dirty = command, dirty
        self.preview = Preview() if command == "serve" else None  # problems shown, not raised
        self.background = Background()  # the worker processes, closed on shutdown
        self.scans = publishing.Scans()  # personal numbers found, by file and content
        self.qr_known: dict[str, str] = {}  # QR code by address
        self.last_build: Any = None  # rebuilds.SiteState: what the last build made, for --dirty
        self.search_writer: threading.Thread | None = None  # a --dirty build's late index
        self.translate: Any = None  # the filter that tells MkDocs' link warnings in Chinese
        self._documents: DocumentCache | None = None  # parsed documents, in memory

    def documents(self, enabled: bool, file: Path, publisher: str) -> DocumentCache:
        """The cache of parsed documents, kept in memory for the session."""
        if not enabled:
            return DocumentCache.off()
        cache = self._documents
        if cache is None or cache.file != file or cache.publisher != publisher:
            cache = self._documents = DocumentCache(file, publisher)
        return cache

    def wait_for_search(self) -> None:
        """Let the last --dirty build's search index finish being written."""
        if self.search_writer is not None:
            self.search_writer.join()
            self.search_writer = None
