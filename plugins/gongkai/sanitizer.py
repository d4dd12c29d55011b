"""Raw HTML in Markdown bodies, cleaned by an allowlist before it reaches the public.

Editors may write HTML where Markdown falls short (tables with merged cells, sub/sup, a
figure); Markdown extensions add attributes (attr_list). What comes out of the Markdown
renderer goes through nh3 (Ammonia, the maintained Rust sanitiser): what government
documents need stays, scripts, event handlers, `javascript:` URLs, frames, forms, styles
that load anything, images from other hosts and HTML comments never reach a page.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp",
    "rt", "ruby", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "style"},
    "a": {"href", "name", "download", "hreflang", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align", "valign"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "align", "valign"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
    "abbr": {"title"},
}
#: Layout that tables and text need; nothing that loads a URL (no background, no content).
STYLES = {"text-align", "vertical-align", "width", "min-width", "max-width", "height", "color",
          "background-color", "font-weight", "font-style", "text-decoration", "text-indent",
          "white-space", "border", "border-collapse", "padding", "margin"}
SCHEMES = {"http", "https", "mailto", "tel"}
_OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")


def on_site(url: str) -> bool:
    """A URL of the site itself, read as a browser reads it: tabs and newlines anywhere are
    dropped and a backslash is a slash, so two leading backslashes, or a slash and a backslash,
    name other hosts too."""
    url = _EDGES.sub("", re.sub(r"[\t\n\r]", "", url)).replace("\\", "/")
    return not _OUTSIDE.match(url)


def _attribute(tag: str, name: str, value: str) -> str | None:
    # Images only from the site itself: an outside image is a request the public did not ask
    # for (blocked hosts, tracking), and the site must work with no outside request.
    if tag == "img" and name == "src" and not on_site(value):
        return None
    return value


def clean(html: str) -> str:
    """``html`` with only what the allowlist keeps; comments dropped."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     attribute_filter=_attribute, strip_comments=True, link_rel=None,
                     filter_style_properties=STYLES)
