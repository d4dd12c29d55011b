"""QR codes of page addresses, for printed pages and for passing a page to a phone."""

from __future__ import annotations

import segno

from .background import Background, Prefetched


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


class PageCodes:
    """The QR codes of one build's pages: the new ones made on a spare core while MkDocs
    renders (or here, when there are few), all of them kept in ``known`` for the rest of the
    session."""

    def __init__(self, background: Background, known: dict[str, str], addresses: list[str]) -> None:
        self.known = known
        new = [a for a in addresses if a not in known]
        self._made = Prefetched(background if len(new) > IN_PROCESS else None, qr_codes, new)

    def get(self, address: str) -> str:
        code = self.known.get(address)
        if code is None:
            code = self.known[address] = self._made.get(address)
        return code
