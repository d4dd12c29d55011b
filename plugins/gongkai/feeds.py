"""Atom feeds of newly published documents, for the site and for each column.

Written with the standard library's ElementTree: Atom is a few elements, and this keeps
the output byte-stable for reproducible builds.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from .documents import Document
from .clock import SHANGHAI

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
