"""MkDocs' own warnings an editor causes, in Chinese: a link to a file or a heading that is
not there. The build log, the CI output and the preview's list of problems then say, like
every gongkai message, the file, what is wrong and what to do. Other MkDocs messages are
developers' business and stay as MkDocs wrote them.
"""

from __future__ import annotations

import logging
import re

from .errors import Problem

_LINK = r"Doc file '(?P<file>.+?)' contains (?:a|an unrecognized relative) link '(?P<link>.+?)'"
PATTERNS = (
    (re.compile(_LINK + r", but the target(?: '.+?')? is not found among documentation files\."),
     "链接“{link}”指向的文件不存在", "检查文件名和路径：链接写相对于本文件的路径，例如 files/附件.pdf"),
    (re.compile(_LINK + r", but (?:there is no such anchor on this page|the doc '.+?' does not contain an anchor '#.+?')\."),
     "链接“{link}”中 # 后面的位置不存在", "# 后面写目标页面中小标题的编号；不确定时去掉 # 及其后的部分"),
    (re.compile(_LINK + r", it was left as is\."),
     "链接“{link}”无法识别", "链接写相对于本文件的路径，例如 ../xzcfjg/20260901-cf.md"),
)
#: The loggers those warnings come from.
LOGGERS = ("mkdocs.structure.pages",)


def problem_of(message: str, content: str) -> Problem | None:
    """The editor's problem a MkDocs warning tells of; ``content``: the docs folder's name."""
    for pattern, text, hint in PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return Problem(f"{content}/{match['file']}", None, text.format(link=match["link"]), hint)
    return None


class Translate(logging.Filter):
    """Rewrites the warnings above as gongkai problems; the record keeps the Problem too."""

    def __init__(self, content: str) -> None:
        super().__init__()
        self.content = content

    def filter(self, record: logging.LogRecord) -> bool:
        found = problem_of(record.getMessage(), self.content)
        if found is not None:
            record.msg, record.args = str(found), ()
            record.gongkai_problem = found
        return True


def install(content: str) -> Translate:
    """Translate from now on (until ``remove``)."""
    translate = Translate(content)
    for name in LOGGERS:
        logging.getLogger(name).addFilter(translate)
    return translate


def remove(translate: Translate) -> None:
    for name in LOGGERS:
        logging.getLogger(name).removeFilter(translate)


class Heard(logging.Handler):
    """Counts the messages at or above its level (a page that warned is not kept; a renderer
    that would have said anything leaves the page to the build)."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
