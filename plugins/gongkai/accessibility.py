"""Build-time accessibility checks (GB/T 37668-2019, WCAG 2.1) on a page's rendered HTML.

Each problem is traced back to its line in the Markdown source, so an editor can fix it:
an image without alt text, a data table without a header row, a link with no text,
a heading that skips a level, a page without a title.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(frozen=True)
class Issue:
    line: int | None  # in the Markdown source
    message: str
    hint: str


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str | None]
    text: list[str] = field(default_factory=list)
    has_named_image: bool = False
    has_header: bool = False


class _Scanner(HTMLParser):
    """Walks the HTML once and records what each check needs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []
        self.empty_links: list[dict[str, str | None]] = []
        self.headless_tables: list[str] = []  # the first cell's text of each
        self.headings: list[tuple[int, str]] = []
        self.stack: list[_Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.images.append(values)
            alt = (values.get("alt") or "").strip()
            for element in self.stack:
                if element.tag == "a" and alt:
                    element.has_named_image = True
            return
        if tag in ("br", "hr", "input", "meta", "link", "source", "wbr", "col"):
            return
        self.stack.append(_Element(tag, values))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            element = self.stack.pop()
            text = "".join(element.text).strip()
            if self.stack:
                self.stack[-1].text.append(text)
            if element.tag == "a" and element.attrs.get("href") is not None and not text \
                    and not element.has_named_image and not (element.attrs.get("aria-label") or "").strip() \
                    and not (element.attrs.get("title") or "").strip():
                self.empty_links.append(element.attrs)
            elif element.tag == "th" and text:
                table = next((e for e in reversed(self.stack) if e.tag == "table"), None)
                if table is not None:
                    table.has_header = True
            elif element.tag == "table" and not element.has_header:
                self.headless_tables.append(text[:20])
            elif len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1] in "123456":
                self.headings.append((int(element.tag[1]), text))
            if element.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].text.append(data)


def _line(markdown: str, *needles: str | None) -> int | None:
    """The first line of the source holding one of the needles."""
    for needle in needles:
        if not needle:
            continue
        for number, line in enumerate(markdown.splitlines(), 1):
            if needle in line:
                return number
    return None


def check_html(html: str, markdown: str, has_title: bool = True) -> list[Issue]:
    """Every accessibility problem of one page's content."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    issues: list[Issue] = []
    # MkDocs rewrites relative URLs (files/a.png becomes ../files/a.png): match by file name too.
    for image in scanner.images:
        if not (image.get("alt") or "").strip():
            src = image.get("src") or ""
            name = posixpath.basename(src)
            issues.append(Issue(_line(markdown, f"]({src}", src, name), f"图片 {name} 没有文字说明（读屏软件读不出它）",
                                "在方括号中写明图片内容：![示意图：事故现场位置](map.png)"))
    for link in scanner.empty_links:
        href = link.get("href") or ""
        name = posixpath.basename(href.rstrip("/")) or href
        issues.append(Issue(_line(markdown, f"]({href}", href, name), f"指向 {name} 的链接没有文字",
                            "在方括号中写明链接指向什么：[附件1](files/a.pdf)"))
    for first_cell in scanner.headless_tables:
        issues.append(Issue(_line(markdown, first_cell or None, "<table"),
                            "表格没有表头行",
                            "给表格加表头行（Markdown 表格的第一行就是表头）"))
    previous = 1  # the page's title is its h1
    for level, text in scanner.headings:
        if level > previous + 1:
            issues.append(Issue(_line(markdown, text), f"标题“{text}”（第 {level} 级）跳过了第 {previous + 1} 级",
                                f"改用 {'#' * (previous + 1)}，或在它前面补上缺少的那一级标题"))
        previous = level
    if not has_title:
        issues.append(Issue(1, "页面没有标题",
                            "在第一行写 `# 标题`（信息的标题写在“标题”字段里）"))
    return issues


SCROLL_BOX = '<div class="gk-table-scroll" tabindex="0" role="region" aria-label="表格，可左右滚动">'


def scrollable(table_html: str) -> str:
    """A table in a box that scrolls sideways on a narrow screen and that a keyboard can
    reach (WCAG 2.1.1): the page itself never scrolls sideways (reflow, WCAG 1.4.10)."""
    return f"{SCROLL_BOX}\n{table_html}\n</div>"


_PLAIN_TABLE = re.compile(r"<table>.*?</table>", re.S)


def wrap_tables(html: str) -> str:
    """Put every plain (Markdown) table of a page into a scroll box."""
    return _PLAIN_TABLE.sub(lambda m: scrollable(m[0].replace("<table>", '<table class="gk-table">', 1)), html)
