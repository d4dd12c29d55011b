"""QR codes of page addresses, for printed pages and for passing a page to a phone."""

from __future__ import annotations

import contextlib
from pathlib import Path

import segno

from .background import Background, Prefetched
from .doccache import read_pickle, write_pickle


def qr_code(address: str) -> str:
    """The address as a QR code (an SVG data URI). A fixed mask is still a valid code and
    skips segno's search for the best of eight, which was 45 % of a 5k-document build."""
    return segno.make(address, error="m", mask=0).svg_data_uri(scale=3, border=2)


def qr_codes(addresses: list[str]) -> list[str]:
    """Many at once: one call per batch when the work runs in another process."""
    return [qr_code(address) for address in addresses]


#: Up to this many new codes are made in the build process, as pages ask for them (about
#: 2 ms each): a build that reuses most pages then does not wait for the worker, which is
#: busy with the search index.
IN_PROCESS = 500
FILE = "qrcodes.pickle"  # in .cache/gongkai/: the codes of the last build's addresses
#: What a kept code was made with: other settings or another segno make it wrong.
_FORMAT = (1, "m", 0, 3, 2, segno.__version__)


def address(site_url: str, url: str) -> str:
    """A page's full address (``url``: its page's or its file's, which is "./" for the home page)."""
    return site_url.rstrip("/") + "/" + ("" if url in (".", "./") else url)


class PageCodes:
    """The QR codes of one build's pages: the new ones made on a spare core while MkDocs
    renders (or here, when there are few), all of them kept in ``known`` for the rest of the
    session, and in ``kept_in`` for the next build."""

    def __init__(self, known: dict[str, str], cache_folder: Path | None = None) -> None:
        """``known``: codes by address, the session's (read from the last build's file in
        ``cache_folder``, .cache/gongkai, when empty)."""
        self.known = known
        self.kept_in = kept_in = cache_folder / FILE if cache_folder is not None else None
        if kept_in is not None and not known:
            stored = read_pickle(kept_in)
            if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _FORMAT and isinstance(stored[1], dict):
                known.update(stored[1])
        self.made: dict[str, str] = {}  # the codes made in this process (a renderer hands them back)
        self._every: list[str] = []
        self._ahead = Prefetched(None, qr_codes, [])  # until ``queue``: each made when asked for

    def queue(self, background: Background, site_url: str, urls: dict[str, bool]) -> None:
        """Have the codes of the pages MkDocs renders made ahead; ``urls``: every page's, and
        whether MkDocs renders it."""
        self._every = [address(site_url, url) for url in urls]
        new = [a for a, (url, rendered) in zip(self._every, urls.items(), strict=True)
               if rendered and a not in self.known]
        self._ahead = Prefetched(background if len(new) > IN_PROCESS else None, qr_codes, new)

    def get(self, page_address: str) -> str:
        code = self.known.get(page_address)
        if code is None:
            code = self.known[page_address] = self.made[page_address] = self._ahead.get(page_address)
        return code

    def handed_over(self) -> dict[str, str]:
        """The codes made here since last asked (a renderer hands them to the build)."""
        made, self.made = self.made, {}
        return made

    def add(self, made: dict[str, str]) -> None:
        """Codes another process made (see ``renderers``)."""
        self.known.update(made)
        self.made.update(made)

    def keep(self) -> None:
        """Keep the codes of the site's addresses for the next build, when this one made any
        (a build in a fresh process then makes only those of new pages)."""
        if self.kept_in is not None and self.made:
            with contextlib.suppress(OSError):
                write_pickle(self.kept_in, (_FORMAT, {a: self.known[a] for a in self._every if a in self.known}))
