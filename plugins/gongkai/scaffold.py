"""A new document's file: the right folder, complete front matter, the next 索引号.

New documents start as drafts (草稿: true) without a review record: the build publishes
them only after an editor has recorded the confidentiality review and removed 草稿.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin

from .catalogue import IndexPattern
from .documents import Document
from .matrix import Column
from .rules import Deadline, Rule

SLUG_LENGTH = 24


def next_index_number(documents: Iterable[Document], pattern: IndexPattern, year: int) -> str:
    """The pattern filled with the year and one more than the highest serial used that year.

    Without a configured organisation code, the code the existing documents use is taken.
    """
    regex = pattern.regex()
    matches = [m for m in (regex.match(d.index_number) for d in documents) if m]
    org = pattern.org_code
    if not org and "org" in regex.groupindex:
        codes = Counter(m["org"] for m in matches)
        org = codes.most_common(1)[0][0] if codes else "ORG"
    serials = [int(m["serial"]) for m in matches
               if m.groupdict().get("year", str(year)) == str(year) and m.groupdict().get("org", org) == org]
    return pattern.pattern.format(org_code=org, year=year, serial=max(serials, default=0) + 1)


def file_part(column: Column, index_number: str, pattern: IndexPattern) -> str:
    """The readable part of a new document's file name: the column and the serial of its
    索引号 (xzcfjg-012), as the editor's guide recommends."""
    match = pattern.regex().match(index_number)
    return f"{column.id}-{int(match['serial']):03d}" if match else column.id


def slug(title: str) -> str:
    """An ASCII file-name part from a Chinese title: the pinyin initials (关于做好… → gyzh…)."""
    letters = "".join(lazy_pinyin(title, style=Style.FIRST_LETTER, errors=lambda s: list(s)))
    cleaned = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")
    return cleaned[:SLUG_LENGTH].strip("-") or "doc"


def deadline_fields(column: Column, inherited: Iterable[Rule] = ()) -> list[str]:
    """The date fields, besides 成文日期, that the column's deadline rules count from (e.g.
    决定日期): its documents must carry them (``inherited``: the rules of the columns above)."""
    rules = (*column.rules, *inherited)
    return sorted({r.field for r in rules if isinstance(r, Deadline)} - {"成文日期"})


def interprets(column: Column, inherited: Iterable[Rule] = ()) -> bool:
    """Whether the column's documents interpret a policy (解读)."""
    return any(r.kind == "interpretation" for r in (*column.rules, *inherited))


def document_text(column: Column, title: str, today: dt.date, index_number: str,
                  publisher: str, inherited: Iterable[Rule] = ()) -> str:
    """The Markdown of a new draft document with every field the column needs (``inherited``:
    the rules of the columns above it, which judge its documents too)."""
    lines = ["---", f"标题: {title}", f"索引号: {index_number}", f"发布机构: {publisher}",
             "主题分类: ", f"成文日期: {today}", f"发布日期: {today}", "发文字号: "]
    for field in deadline_fields(column, inherited):
        lines.append(f"{field}: {today}  # 按实际日期填写（本栏目的时限从此日期起算）")
    if column.normative:
        lines.append("有效性: 有效")
    if interprets(column, inherited):
        lines.append("解读:   # 所解读政策文件的路径，如 ../gfxwj/20260615-xxx.md")
    lines += ["公开属性: 主动公开",
              "草稿: true  # 保密审查后删除本行，并填写下一行",
              f"# 保密审查: {{审查单位: 办公室, 审查日期: {today}}}",
              "---", "", "正文从这里开始。", ""]
    return "\n".join(lines)
