"""Documents: the Markdown files in a column's folder, with their front matter.

A document's column is its folder. Its front matter carries the metadata the public
sees on national and provincial platforms (索引号, 发布机构, 成文日期, 发文字号 …) and
its disclosure attribute; only 主动公开 documents are ever published.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import multiprocessing
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .clock import YEARS
from .doccache import DocumentCache, Entry, cache_entry, paused_gc, read_bytes
from .errors import Problem
from .matrix import Column, Matrix

PUBLIC = "主动公开"
DISCLOSURE = (PUBLIC, "依申请公开", "不予公开")
VALIDITY = ("有效", "失效", "废止")

#: Front-matter keys of a document, and what each holds.
FIELDS: dict[str, str] = {
    "标题": "信息的标题",
    "索引号": "政府信息公开目录的索引号，例如 11990000MB0000001X/2026-00012",
    "发布机构": "发布信息的机关（不写时为网站主办单位）",
    "主题分类": "例如 安全生产、行政执法",
    "成文日期": "文件签发的日期，例如 2026-03-10",
    "发布日期": "网上发布的日期，例如 2026-03-11 或 2026-03-11 09:30",
    "发文字号": "例如 示应急〔2026〕12号",
    "公开属性": "主动公开、依申请公开 或 不予公开",
    "有效性": "有效、失效 或 废止（规范性文件必填）",
    "附件": "附件列表：每项写 名称 和 文件",
    "解读": "政策解读：所解读政策文件的路径",
    "逾期说明": "超过更新时限发布时写明原因，留档备查",
    "补录说明": "早已发布、现在才补录进网站仓库的信息，写明原委（发布日期早于首次提交不算倒填）",
    "保密审查": "先审查后公开：{审查单位: …, 审查日期: …}",
    "草稿": "草稿写 true，不会发布",
    "年度报告数据": "年度报告：数据文件的路径，例如 files/ndbg-2026.yml",
    "内容概述": "目录中的一句话概述（不写时取正文第一段）",
}
REVIEW_KEYS = ("审查单位", "审查日期")
#: Any other field whose name ends in 日期 is a date a column's rule may count from
#: (e.g. 事故发生日期, 决定日期, 上级发布日期).
DATE_SUFFIX = "日期"
REQUIRED = ("标题", "索引号", "发布日期", "公开属性")
#: The years a document's dates may lie in.
#: MkDocs' own page keys an editor may still use.
PAGE_KEYS = ("template", "hide", "search")
#: The templates front matter may name. The site's templates are the plugin's to choose; any
#: other (Material's redirect.html takes a URL from front matter) would print what an editor
#: wrote into the page unchecked.
TEMPLATES = ("main.html",)

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Attachment:
    """A file published with a document."""

    name: str
    path: str  # relative to the content directory, posix
    line: int = 0  # where the document names it


@dataclass(frozen=True)
class Document:
    """One document (文件/信息) of a column."""

    path: str  # relative to the content directory, posix
    column: str  # column id
    title: str
    index_number: str
    published: dt.datetime  # 发布日期; midnight when only a date is given
    disclosure: str
    publisher: str = ""
    topic: str = ""
    written: dt.date | None = None  # 成文日期
    doc_number: str = ""
    validity: str = ""
    attachments: tuple[Attachment, ...] = ()
    interprets: str = ""  # path of the policy this document explains
    dates: dict[str, dt.date] = field(default_factory=dict)  # 成文日期 and other …日期 fields
    late_reason: str = ""  # 逾期说明
    import_reason: str = ""  # 补录说明: published long ago, added to the repository only now
    draft: bool = False  # 草稿
    review_unit: str = ""  # 保密审查.审查单位
    review_date: dt.date | None = None  # 保密审查.审查日期
    links: tuple[str, ...] = ()  # content-relative targets of the body's relative links
    report_data: str = ""  # 年度报告数据: content-relative path of the annual report's data
    summary: str = ""  # 内容概述, or the start of the first paragraph

    @property
    def is_public(self) -> bool:
        """主动公开 and not a draft (it may still be dated in the future)."""
        return self.disclosure == PUBLIC and not self.draft

    def is_published_on(self, day: dt.date) -> bool:
        """Whether the document is on the site at the end of ``day``."""
        return self.is_public and self.published_date <= day

    def is_published_at(self, moment: dt.datetime) -> bool:
        """Whether the document is on the site at ``moment`` (Beijing time): a 发布日期 with a
        time is published from that minute."""
        return self.is_public and self.published <= moment

    @property
    def published_date(self) -> dt.date:
        return self.published.date()

    @property
    def linked(self) -> tuple[str, ...]:
        """The files it names (attachments, the policy it interprets, report data)."""
        return tuple(a.path for a in self.attachments) + tuple(
            p for p in (self.interprets, self.report_data) if p)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML or None, body, line number where the YAML starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 0
    return match.group(1) or "", text[match.end():], 2


def parse_date(value: object, *, with_time: bool = False) -> dt.datetime | None:
    """Parse YYYY-MM-DD (optionally HH:MM); None when it is not a real date."""
    if not isinstance(value, str | dt.date):
        return None
    return _parse_date(str(value).strip(), with_time)


@functools.lru_cache(maxsize=4096)  # a site's documents share a few hundred dates
def _parse_date(text: str, with_time: bool) -> dt.datetime | None:
    match = _DATE.match(text)
    if not match or (match.group(4) and not with_time):
        return None
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def read_document(file: Path | str, content_dir: Path, column: Column, default_publisher: str = "",
                  shown_as: str | None = None, data: bytes | None = None, relative: str | None = None,
                  ) -> tuple[Document | None, list[Problem]]:
    """Parse one document (``data``: its bytes, if already read; ``relative``: its path in
    ``content_dir``, if known); return it (or None) and the problems found."""
    relative = relative or file.relative_to(content_dir).as_posix()
    reader = _Reader(relative, shown_as or f"{content_dir.name}/{relative}", content_dir, column)
    return reader.read(file, data, default_publisher)


class _Reader:
    """Reads one document's front matter field by field, collecting every problem."""

    def __init__(self, relative: str, name: str, content_dir: Path, column: Column) -> None:
        self.relative, self.name, self.content_dir, self.column = relative, name, content_dir, column
        self.here = posixpath.dirname(relative)
        self.problems: list[Problem] = []
        self.meta = yamlfile.Mapping()

    def problem(self, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.name, line, message, hint))

    def read(self, file: Path, data: bytes | None, default_publisher: str) -> tuple[Document | None, list[Problem]]:
        body = self.front_matter(file, data)
        if body is None:
            return None, self.problems
        self.check_keys()
        published = self.date_field("发布日期", with_time=True)
        written = self.date_field("成文日期")
        other_dates = {key: self.date_field(key) for key in self.meta
                       if key.endswith(DATE_SUFFIX) and key not in ("发布日期", "成文日期")}
        if published and written and published.date() < written.date():
            self.problem(self.meta.line_of("发布日期"), f"发布日期 {published.date()} 早于成文日期 {written.date()}",
                         "文件签发之后才能发布：核对这两个日期")
        disclosure, validity = self.disclosure(), self.validity()
        attachments = self.attachments()
        interprets, report_data = self.optional_link("解读"), self.optional_link("年度报告数据")
        draft = self.draft()
        review_unit, review_date = self.review(published)
        if self.problems:  # in the file's order, as the editor reads it
            return None, sorted(self.problems, key=lambda p: p.line or 0)
        assert published is not None
        text = self.text_field
        return Document(
            path=self.relative, column=self.column.id, title=text("标题"),
            index_number=text("索引号"), published=published, disclosure=disclosure,
            publisher=text("发布机构") or default_publisher, topic=text("主题分类"),
            written=written.date() if written else None, doc_number=text("发文字号"),
            validity=validity, attachments=tuple(attachments), interprets=interprets,
            dates={key: value.date() for key, value in
                   {"成文日期": written, **other_dates}.items() if value is not None},
            late_reason=text("逾期说明"), import_reason=text("补录说明"), draft=draft, review_unit=review_unit,
            review_date=review_date, links=references(body, self.here), report_data=report_data,
            summary=text("内容概述") or first_paragraph(body),
        ), self.problems

    def front_matter(self, file: Path, data: bytes | None) -> str | None:
        """Read the fields into ``self.meta``; the body, or None when the fields cannot be read."""
        try:
            text = (read_bytes(file) if data is None else data).decode("utf-8-sig")
        except UnicodeDecodeError:
            self.problem(None, "文件不是 UTF-8 文本", "用 UTF-8 编码另存该文件（记事本：另存为 → 编码选 UTF-8）")
            return None
        yaml_text, body, first_line = split_front_matter(text)
        if yaml_text is None:
            self.problem(1, "文件开头没有字段块（前后两行 `---` 之间的 标题、索引号、发布日期、公开属性 等）",
                         "参照编辑指南在文件开头加上字段块，或用 `gongkai new 栏目 \"标题\"` 新建")
            return None
        # Slips YAML would name badly (and often on the wrong line) get their own message; the
        # rest is read as if they were fixed, so one round shows every problem of the file.
        slips, yaml_text = common_slips(yaml_text, self.name, first_line)
        self.problems.extend(slips)
        try:
            meta = yamlfile.load(yaml_text, self.name, first_line)
        except yamlfile.YamlProblem as error:
            self.problems.append(error.problem)
            return None
        if meta is None:
            meta = yamlfile.Mapping()
            meta.line, meta.key_lines = 1, {}
        if not isinstance(meta, yamlfile.Mapping):
            self.problem(first_line, "字段块的每一行应是“字段: 值”", "例如 `标题: 关于……的通知`")
            return None
        yamlfile.shift_lines(meta, first_line - 1)
        self.meta = meta
        return body

    def check_keys(self) -> None:
        """The template, unknown field names (with the one meant), and required fields."""
        meta = self.meta
        template = meta.get("template")
        if template is not None and template not in TEMPLATES:
            self.problem(meta.line_of("template"), f"不能指定模板“{template}”（网站的模板由 gongkai 决定）",
                         "删除 template 这一行")
        suggested = set()  # a field named by another name is not reported missing as well
        for key in meta:
            if key not in FIELDS and key not in PAGE_KEYS and not key.endswith(DATE_SUFFIX):
                meant = SYNONYMS.get(key) or next(iter(difflib.get_close_matches(key, list(FIELDS), n=1, cutoff=0.3)), "")
                suggested.add(meant)
                self.problem(meta.line_of(key), f"没有“{key}”这个字段",
                             f"是不是“{meant}”？（{FIELDS[meant]}）" if meant else
                             "可用的字段：" + "、".join(FIELDS) + "；以“日期”结尾的字段可写期限规则要核对的日期")
        for key in REQUIRED:
            if meta.get(key) in (None, "") and key not in (suggested - set(meta)):
                self.problem(meta.line_of(key) if key in meta else 1, f"缺少必填字段“{key}”",
                             f"加上 `{key}: …`（{FIELDS[key]}）")

    def text_field(self, key: str) -> str:
        value = self.meta.get(key)
        if value is None:
            return ""
        if isinstance(value, list | dict):
            self.problem(self.meta.line_of(key), f"“{key}”应是一行文字", f"例如 `{key}: …`，不要写成列表或子字段")
            return ""
        return str(value).strip()

    def date_field(self, key: str, with_time: bool = False) -> dt.datetime | None:
        value = self.meta.get(key)
        if value in (None, ""):
            return None
        parsed = parse_date(value, with_time=with_time)
        if parsed is None:
            self.problem(self.meta.line_of(key), *date_problem(key, value, with_time))
        elif parsed.year not in YEARS:
            # 0026-03-11 or 9999-12-31 is a typo, and no working-day calendar reaches it
            self.problem(self.meta.line_of(key), f"`{key}: {value}` 的年份不在 {YEARS[0]}—{YEARS[-1]} 年之间",
                         "检查年份是否写错，例如 2026-03-11")
            return None
        return parsed

    def disclosure(self) -> str:
        disclosure = self.text_field("公开属性")
        if disclosure and disclosure not in DISCLOSURE:
            self.problem(self.meta.line_of("公开属性"), f"公开属性“{disclosure}”不是可用的值",
                         "写 主动公开、依申请公开 或 不予公开（只有主动公开的信息会发布）")
        return disclosure

    def validity(self) -> str:
        """有效性, required in a normative column, and the end date that goes with it."""
        validity = self.text_field("有效性")
        if validity and validity not in VALIDITY:
            self.problem(self.meta.line_of("有效性"), f"有效性“{validity}”不是可用的值", "写 有效、失效 或 废止")
        if self.column.normative and not validity:
            self.problem(1, f"“{self.column.title}”栏目是规范性文件，必须填写“有效性”",
                         "加上 `有效性: 有效`（或 失效、废止）")
        for key, state in (("废止日期", "废止"), ("失效日期", "失效")):
            if key in self.meta and validity in VALIDITY and validity != state:
                self.problem(self.meta.line_of(key), f"写了{key}，有效性却是“{validity}”",
                             f"已经{state}的写 `有效性: {state}`；仍然有效的删去{key}")
        return validity

    def linked_path(self, value: object, key: str, line: int) -> str:
        """A path written relative to the document, as a content-relative path ("" if bad)."""
        if not isinstance(value, str) or not value.strip():
            self.problem(line, f"“{key}”应是相对于本文件的路径", "例如 `files/附件.pdf`")
            return ""
        target = posixpath.normpath(posixpath.join(self.here, value.strip()))
        if target.startswith("../") or target == ".." or posixpath.isabs(value):
            self.problem(line, f"“{value}”指向网站内容文件夹之外", "写相对于本文件的路径，例如 files/附件.pdf")
            return ""
        if not (self.content_dir / target).is_file():
            self.problem(line, f"“{key}”中的文件不存在：{value}（应在 {self.content_dir.name}/{target}）",
                         "核对文件名（大小写也要一致），或把文件放进本栏目的 files/ 文件夹")
            return ""
        return target

    def optional_link(self, key: str) -> str:
        if self.meta.get(key) in (None, ""):
            return ""
        return self.linked_path(self.meta[key], key, self.meta.line_of(key))

    def attachments(self) -> list[Attachment]:
        attachments: list[Attachment] = []
        raw = self.meta.get("附件") or []
        if not isinstance(raw, list):
            self.problem(self.meta.line_of("附件"), "“附件”应是列表",
                         "每个附件写成两行：`- 名称: 附件1` 和下一行的 `  文件: files/a.pdf`")
            raw = []
        for item in raw:
            line = getattr(item, "line", self.meta.line_of("附件"))
            if isinstance(item, str):
                item = {"文件": item}
            if not isinstance(item, dict) or "文件" not in item:
                self.problem(line, "附件缺少“文件”", "例如 `- 名称: 附件1` 下一行写 `  文件: files/a.pdf`")
                continue
            extra = set(item) - {"名称", "文件"}
            if extra:
                self.problem(line, f"附件中没有这些字段：{'、'.join(sorted(extra))}", "附件只写“名称”和“文件”")
            target = self.linked_path(item["文件"], "附件", line)
            if target:
                attachments.append(Attachment(str(item.get("名称") or posixpath.basename(target)), target, line))
        return attachments

    def draft(self) -> bool:
        draft = self.meta.get("草稿", False)
        if not isinstance(draft, bool):
            self.problem(self.meta.line_of("草稿"), "“草稿”只能写 true 或 false", "草稿写 `草稿: true`；要发布时删除这一行")
            return False
        return draft

    def review(self, published: dt.datetime | None) -> tuple[str, dt.date | None]:
        """保密审查: the unit and the day, which cannot be after 发布日期 (先审查后公开)."""
        review = self.meta.get("保密审查")
        if review is None:
            return "", None
        line = self.meta.line_of("保密审查")
        if not isinstance(review, dict) or set(review) != set(REVIEW_KEYS):
            self.problem(line, "“保密审查”应写审查单位和审查日期两项",
                         "例如 `保密审查: {审查单位: 办公室, 审查日期: 2026-03-10}`")
            return "", None
        unit = str(review["审查单位"] or "").strip()
        parsed = parse_date(review["审查日期"])
        if not unit:
            self.problem(line, "“保密审查”没有写审查单位", "写明审查该信息的单位，例如 办公室")
        if parsed is None:
            self.problem(line, *date_problem("审查日期", review["审查日期"], False))
            return unit, None
        if published and parsed.date() > published.date():
            self.problem(line, f"审查日期 {parsed.date()} 晚于发布日期 {published.date()}",
                         "先审查后公开：审查日期不能晚于发布日期")
        return unit, parsed.date()


#: Names editors reach for, and the field they mean.
SYNONYMS = {"发布时间": "发布日期", "公开日期": "发布日期", "公开时间": "发布日期", "上网日期": "发布日期",
            "成文时间": "成文日期", "印发日期": "成文日期", "签发日期": "成文日期",
            "文号": "发文字号", "发文号": "发文字号", "字号": "发文字号",
            "发文机关": "发布机构", "发布单位": "发布机构", "来源": "发布机构", "信息来源": "发布机构",
            "分类": "主题分类", "主题": "主题分类", "题目": "标题", "名称": "标题",
            "公开方式": "公开属性", "公开类型": "公开属性", "是否公开": "公开属性",
            "摘要": "内容概述", "简介": "内容概述", "概述": "内容概述", "审查": "保密审查",
            "编号": "索引号", "索引": "索引号", "时效性": "有效性", "状态": "有效性"}
_KEY_LINE = re.compile(r"^(\s*)([^\s:：#\-\[{'\"][^:：]{0,19}?)(：|:)(.*)$")
_OTHER_DATE = re.compile(r"^(\d{4})\s*(?:[/.年-])\s*(\d{1,2})\s*(?:[/.月-])\s*(\d{1,2})\s*日?(?:\s+(\d{1,2})[:：](\d{2}))?$")


def common_slips(yaml_text: str, name: str, first_line: int) -> tuple[list[Problem], str]:
    """Slips YAML would name badly: a full-width colon after a field name (`标题：…`), and
    quotes that do not pair (`标题: "…”`). Found line by line, before YAML reads anything;
    returned with the text as it would read once they are fixed."""
    problems, lines = [], yaml_text.split("\n")
    for offset, line in enumerate(lines):
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        indent, key, colon, rest = match.groups()
        number = first_line + offset
        if colon == "：":
            lines[offset] = f"{indent}{key.strip()}: {rest.strip()}"
            problems.append(Problem(name, number, f"“{key.strip()}”后面是全角冒号“：”",
                                    f"改成半角冒号加一个空格：`{lines[offset].strip()}`"))
            continue
        value = rest.strip()
        if value[:1] in ("\"", "'") and (len(value) < 2 or value[-1] != value[0]):
            lines[offset] = f"{indent}{key.strip()}: {value[1:].strip('”’“‘')}"
            problems.append(Problem(name, number, f"“{key.strip()}”的值以半角引号开头，却没有以同样的引号结尾",
                                    f"去掉开头的引号，或在结尾也用半角引号：`{lines[offset].strip()}`"))
        elif value[:1] in ("“", "‘") and value.count("“") + value.count("‘") > value.count("”") + value.count("’"):
            problems.append(Problem(name, number, f"“{key.strip()}”的值中全角引号不成对",
                                    "检查引号是否成对，例如 `标题: 关于“安全生产月”活动的通知`"))
    return problems, "\n".join(lines)


def date_problem(key: str, value: object, with_time: bool) -> tuple[str, str]:
    """What is wrong with a date an editor wrote, and the form to write it in."""
    text = str(value).strip()
    form = "2026-03-11 或 2026-03-11 09:30" if with_time else "2026-03-11"
    right = _DATE.match(text)
    if right and right.group(4) and not with_time:
        return f"“{key}”只写日期，不写时间", f"写成 `{key}: {text.split()[0]}`"
    if right:
        year, month, day = (int(g) for g in right.groups()[:3])
        why = f"没有{month}月" if not 1 <= month <= 12 else f"{month}月没有{day}日"
        if right.group(4) and (int(right.group(4)) > 23 or int(right.group(5)) > 59):
            why = f"没有 {right.group(4)}:{right.group(5)} 这个时刻"
        return f"“{key}: {text}”不是真实的日期（{why}）", f"核对后写成 {form} 的形式"
    other = _OTHER_DATE.match(text)
    if other:
        year, month, day, hour, minute = other.groups()
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            return f"“{key}: {text}”不是真实的日期", f"核对月份和日期，写成 {form} 的形式"
        fixed = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        if hour and with_time:
            fixed += f" {int(hour):02d}:{minute}"
        return f"“{key}: {text}”的写法不对", f"日期写成“年-月-日”，月和日都写两位：`{key}: {fixed}`"
    return f"“{key}: {text}”不是日期", f"写成 {form} 的形式"


SUMMARY_LENGTH = 100
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`>#]|<[^>]+>")


def first_paragraph(body: str) -> str:
    """The start of the first paragraph of prose, without Markdown marks, for 内容概述."""
    for block in _blocks(body):
        text = "".join(line.strip() for line in block.strip().splitlines())
        if not text or text.startswith(("#", "|", "---", "<", "```")):
            continue
        if text.endswith(("：", ":")) and len(text) < 60:
            continue  # the addressees of a notice (各区县应急管理局：), not its content
        text = _MARKUP.sub(lambda m: m.group(1) or "", text).strip()
        if text:
            return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH] + "…"
    return ""


_BLANK_LINE = re.compile(r"\n\s*\n")


def _blocks(body: str) -> Iterator[str]:
    """The body's blocks (between blank lines), found as they are needed."""
    start = 0
    for gap in _BLANK_LINE.finditer(body):
        yield body[start:gap.start()]
        start = gap.end()
    yield body[start:]


_REFERENCE = re.compile(
    r"\]\(\s*<?([^)\s>]+)"                                 # [text](target), ![alt](target)
    r"|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)"                  # [label]: target
    r"""|\b(?:src|href|data|poster|srcset)\s*=\s*["']?([^"'\s>]+)""",  # raw HTML
    re.M | re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def references(body: str, here: str) -> tuple[str, ...]:
    """Content-relative targets of everything the body links to or embeds in the site (Markdown
    links and images, reference definitions, raw HTML's src and href), without query or anchor."""
    if "](" not in body and "]:" not in body and "=" not in body:
        return ()  # none of the three forms can match (most bodies: a quick way out)
    targets = []
    for match in _REFERENCE.finditer(body):
        target = next(t for t in match.groups() if t is not None)
        target = target.split("#")[0].split("?")[0]
        if not target or _SCHEME.match(target) or target.startswith(("/", "\\")):
            continue
        targets.append(posixpath.normpath(posixpath.join(here, target)))
    return tuple(dict.fromkeys(targets))


def is_document_file(path: str) -> bool:
    """Markdown files in a column folder are documents, except the column's index.md."""
    return path.endswith(".md") and posixpath.basename(path) not in ("index.md", "README.md")


def markdown_files(content_dir: Path, folder: str) -> Iterator[str]:
    """The content-relative paths of the Markdown files under ``folder`` (os.walk: pathlib's
    rglob costs seconds on a 50,000-file site)."""
    for parent, _, names in os.walk(content_dir / folder):
        relative = Path(parent).relative_to(content_dir).as_posix()
        yield from (f"{relative}/{name}" for name in names if name.endswith(".md"))


def load_documents(content_dir: Path, matrix: Matrix, default_publisher: str = "",
                   paths: Iterable[str] | None = None, cache: DocumentCache | None = None,
                   workers: int = 1) -> tuple[list[Document], list[Problem]]:
    """Read every document of every column; return the documents and all problems.

    ``paths`` (relative to ``content_dir``) limits the scan, e.g. to MkDocs' file list;
    by default the column folders are walked. ``cache`` skips documents read before
    (the caller saves it). ``workers``: processes that may parse (only where fork is safe:
    no threads running).
    """
    cache = cache or DocumentCache.off()
    content = str(content_dir)
    if paths is None:
        paths = (path for root in matrix.roots for path in markdown_files(content_dir, root.folder))
    # Each path's outcome, in path order: a document, or the problems that kept it out.
    outcomes: dict[str, Document | list[Problem]] = {}
    # To parse: (path, its bytes if the cache read them to see they changed, else None).
    unread: list[tuple[str, bytes | None]] = []
    scanned: set[str] = set()
    with paused_gc():  # thousands of long-lived objects: see doccache.paused_gc
        for path in sorted(paths):
            if not is_document_file(path):
                continue
            scanned.add(path)
            column = matrix.by_folder(posixpath.dirname(path))
            if column is None:
                continue  # not in a column folder: an ordinary page, or reported by check_folders
            if not column.is_leaf:
                outcomes[path] = [Problem(
                    f"{content_dir.name}/{path}", None,
                    f"“{column.title}”有下级栏目，不能直接放信息",
                    "把文件移到它的下级栏目中："
                    + "、".join(f"{c.title} ({c.id})" for c in column.children))]
                continue
            file = os.path.join(content, path)  # str, not Path: this loop runs 50,000 times
            key = column_key(column)
            document, data = cache.get(path, file, key, content)
            if document is not None:
                outcomes[path] = document
            else:
                outcomes[path] = []  # its place in the order
                unread.append((path, data))
        for path, document, found, entry in _parse_all(unread, content_dir, matrix, default_publisher, workers):
            outcomes[path] = found or document
            if entry is not None:
                cache.keep(path, entry)
    documents = [o for o in outcomes.values() if isinstance(o, Document)]
    problems = [p for o in outcomes.values() if isinstance(o, list) for p in o]
    problems.extend(_check_links(documents, scanned, content_dir.name))
    return documents, problems


#: Fewer documents than this to parse are parsed in this process: a worker's start costs more.
PARALLEL_FROM = 2_000
_job: tuple[Path, Matrix, str] | None = None  # what forked workers inherit


def _parse_all(jobs: list[tuple[str, bytes | None]], content_dir: Path, matrix: Matrix,
               default_publisher: str, workers: int,
               ) -> Iterator[tuple[str, Document | None, list[Problem], Entry | None]]:
    """Parse the documents of ``jobs`` in their order; on ``workers`` forked processes when
    there are many (a fresh clone: 50,000 parses take 12 s on one core)."""
    global _job
    _job = (content_dir, matrix, default_publisher)
    try:
        pool = None
        if workers > 1 and len(jobs) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            with suppress(OSError):  # no processes to be had: one is enough
                # An executor, not a Pool: a worker that dies fails the load instead of hanging it.
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        if pool is None:
            yield from map(_parse_one, jobs)
        else:
            with pool:
                yield from pool.map(_parse_one, jobs, chunksize=250)
    finally:
        _job = None


def _parse_one(job: tuple[str, bytes | None]) -> tuple[str, Document | None, list[Problem], Entry | None]:
    path, data = job
    content_dir, matrix, default_publisher = _job
    column = matrix.by_folder(posixpath.dirname(path))
    file = os.path.join(content_dir, path)
    data = read_bytes(file) if data is None else data
    document, found = read_document(file, content_dir, column, default_publisher, data=data, relative=path)
    entry = cache_entry(file, data, column_key(column), document) if document and not found else None
    return path, document, found, entry


def on_site_by_column(documents: Iterable[Document], day: dt.date) -> dict[str, list[Document]]:
    """The documents on the site at the end of ``day``, by column id."""
    grouped: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        if document.is_published_on(day):
            grouped[document.column].append(document)
    return grouped


def column_key(column: Column) -> tuple:
    """What a document's parse depends on in its column (a cached parse is kept while it holds)."""
    return column.id, column.title, column.normative


def _check_links(documents: list[Document], scanned: set[str], content_name: str) -> list[Problem]:
    by_path = {d.path: d for d in documents}
    problems = []
    for document in documents:
        target = by_path.get(document.interprets) if document.interprets else None
        if document.interprets in scanned and target is None:
            continue  # the policy has problems of its own, reported already
        if document.interprets and target is None:
            problems.append(Problem(f"{content_name}/{document.path}", None,
                                    f"“解读”指向的 {document.interprets} 不是一篇信息",
                                    "写所解读政策文件的 .md 文件路径，例如 ../gfxwj/20260615-xxx.md"))
        elif target and document.is_public and not target.is_public:
            problems.append(Problem(f"{content_name}/{document.path}", None,
                                    f"这篇解读主动公开，但所解读的政策（{target.path}）是“{target.disclosure}”",
                                    "政策一并主动公开，或者不发布这篇解读"))
    return problems


def newest_first(documents: Iterable[Document]) -> list[Document]:
    """Newest 发布日期 first; ties broken by 索引号, newest serial first."""
    return sorted(documents, key=lambda d: (d.published, d.index_number), reverse=True)
