"""Atom feeds of newly published documents, for the site and for each column.

Written with the standard library's ElementTree: Atom is a few elements, and this keeps
the output byte-stable for reproducible builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from xml.etree import ElementTree as ET

from .clock import SHANGHAI
from .documents import Document, newest_first
from .matrix import Matrix

ATOM = "http://www.w3.org/2005/Atom"
FEED_LENGTH = 20


def _stamp(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=SHANGHAI).isoformat()


def atom(title: str, feed_url: str, site_url: str, entries: list[tuple[Document, str]],
         author: str) -> str:
    """An Atom feed; ``entries`` are (document, absolute URL), newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": site_url})
    newest = max((d.published for d, _ in entries), default=dt.datetime(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    for document, url in entries[:FEED_LENGTH]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = document.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": url})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(document.published)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(document.published)
        if document.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = document.summary
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def site_feeds(site_url: str, site_name: str, author: str, public: list[Document], matrix: Matrix,
               by_column: dict[str, list[Document]], url_of: Callable[[str], str]) -> dict[str, str]:
    """Atom feeds of the newest documents: feed.xml for the whole site and for each column
    with documents, by content-relative path."""
    site = site_url.rstrip("/") + "/"

    def entries(documents: list[Document]) -> list[tuple[Document, str]]:
        return [(d, site + url_of(d.path)) for d in newest_first(documents)]

    files = {"feed.xml": atom(f"{site_name} 最新公开信息", site + "feed.xml", site, entries(public), author)}
    for column in matrix.leaves():
        documents = by_column.get(column.id)
        if documents:
            files[f"{column.folder}/feed.xml"] = atom(
                f"{site_name} {column.title}", f"{site}{column.folder}/feed.xml",
                f"{site}{column.folder}/", entries(documents), author)
    return files
