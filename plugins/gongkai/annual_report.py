"""政府信息公开工作年度报告: one YAML data file per report year, checked and rendered.

The State Council's disclosure office fixes what an annual report contains: six
sections, and three tables whose rows and columns are printed in the format itself.
Two formats are in use: the 2019 trial format (国办公开办函〔2019〕60号) for reports
on 2019 and 2020, and the 2021 format (国办公开办函〔2021〕30号) from 2021 on. The
row and column texts of both live in ``FORMATS`` below, as data; everything else
(loading, checking, HTML, CSV, JSON, the skeleton) reads them from there.

The data file mirrors the printed report: its keys are the section titles and the
printed row and column texts, so an editor can hold the file next to last year's
report. Evaluations often find published reports whose numbers do not add up; the
loader checks every identity the table layout implies, and names both sides of a
broken one with its line.

This module has no MkDocs imports: the plugin and the CLI call it.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import html
import io
import json
import math
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import markdown
import yaml

from . import sanitizer, yamlfile
from .accessibility import scrollable
from .errors import GongkaiError, Problem

Number = int | Decimal

# --- The formats ----------------------------------------------------------------------

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
#: The sections written as prose (Markdown); 二, 三 and 四 are tables.
NARRATIVE = (SECTIONS[0], SECTIONS[4], SECTIONS[5])
ACTIVE, APPLICATIONS, APPEALS = SECTIONS[1], SECTIONS[2], SECTIONS[3]

#: Table names as used in messages and for ``table_csv``.
TABLES = {"二": ACTIVE, "三": APPLICATIONS, "四": APPEALS}
_TABLE_NUMBERS = {title: number for number, title in TABLES.items()}

TOTAL = "总计"

# Table 三: applicant columns, the first of them a natural person, the other five the
# printed group 法人或其他组织.
NATURAL_PERSON = "自然人"
LEGAL_PERSONS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
LEGAL_GROUP = "法人或其他组织"
APPLICANTS = (NATURAL_PERSON, *LEGAL_PERSONS)
APPLICATION_COLUMNS = (*APPLICANTS, TOTAL)

RECEIVED = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
CARRIED_OVER = "四、结转下年度继续办理"
DISCLOSED = "（一）予以公开"
PARTLY = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
REFUSED = "（三）不予公开"
RESULTS_TOTAL = "（七）总计"
#: Printed in the corner of table 三.
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Table 四: the same five columns for 行政复议 and for both kinds of 行政诉讼.
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")
APPEAL_COLUMNS = (*OUTCOMES, TOTAL)
REVIEW = "行政复议"
LAWSUIT = "行政诉讼"
APPEAL_ROWS = ((REVIEW,), (LAWSUIT, "未经复议直接起诉"), (LAWSUIT, "复议后起诉"))

PLACEHOLDER = "（待填写）"
#: The 2021 format's column of documents in force, which continues from year to year.
STOCK = "现行有效件数"
MADE, REPEALED = "本年制发件数", "本年废止件数"
#: The block of table 二 on 规章 and 规范性文件 (条例 Art. 20 (一)) in both formats.
ACTIVE_STOCK_ITEM = "第二十条第（一）项"


@dataclass(frozen=True)
class Field:
    """A column of table 二 and the kind of number it holds."""

    name: str
    kind: str = "count"  # count: 0, 1, 2 …; change: may be negative; amount: a decimal ≥ 0


@dataclass(frozen=True)
class ActiveItem:
    """One block of table 二: an item of 条例 Art. 20, its columns and its rows."""

    item: str
    columns: tuple[Field, ...]
    rows: tuple[str, ...]


@dataclass(frozen=True)
class Format:
    """One official report format."""

    name: str  # "2019" or "2021", as written after `格式:`
    document: str
    sections: tuple[str, ...]
    active: tuple[ActiveItem, ...]
    #: 三、本年度办理结果: each printed row with its numbered sub-rows (none: a row of its own).
    results: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def label(self) -> str:
        return f"{self.name}年格式（{self.document}）"

    @property
    def years(self) -> str:
        """The report years the format is for, as a message says them."""
        return "2019、2020年" if self.name == "2019" else "2021年及以后"


_REFUSED_ROWS = (
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
)
_UNAVAILABLE_ROWS = ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
_NOT_PROCESSED_ROWS = (
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
)
# The first five result rows are the same in both formats; the 2021 format split
# （六）其他处理 into three numbered rows.
_COMMON_RESULTS = (
    (DISCLOSED, ()),
    (PARTLY, ()),
    (REFUSED, _REFUSED_ROWS),
    ("（四）无法提供", _UNAVAILABLE_ROWS),
    ("（五）不予处理", _NOT_PROCESSED_ROWS),
)

_DECISIONS_2019 = (Field("上一年项目数量"), Field("本年增/减", "change"), Field("处理决定数量"))
_DECISIONS_2021 = (Field("本年处理决定数量"),)

FORMATS: dict[str, Format] = {
    "2019": Format(
        name="2019",
        document="国办公开办函〔2019〕60号",
        sections=SECTIONS,
        active=(
            ActiveItem("第二十条第（一）项",
                       (Field("本年新制作数量"), Field("本年新公开数量"), Field("对外公开总数量")),
                       ("规章", "规范性文件")),
            ActiveItem("第二十条第（五）项", _DECISIONS_2019, ("行政许可", "其他对外管理服务事项")),
            ActiveItem("第二十条第（六）项", _DECISIONS_2019, ("行政处罚", "行政强制")),
            ActiveItem("第二十条第（八）项", (Field("上一年项目数量"), Field("本年增/减", "change")),
                       ("行政事业性收费",)),
            ActiveItem("第二十条第（九）项", (Field("采购项目数量"), Field("采购总金额", "amount")),
                       ("政府集中采购",)),
        ),
        results=(*_COMMON_RESULTS, ("（六）其他处理", ())),
    ),
    "2021": Format(
        name="2021",
        document="国办公开办函〔2021〕30号",
        sections=SECTIONS,
        active=(
            ActiveItem(ACTIVE_STOCK_ITEM,
                       (Field(MADE), Field(REPEALED), Field(STOCK)),
                       ("规章", "行政规范性文件")),
            ActiveItem("第二十条第（五）项", _DECISIONS_2021, ("行政许可",)),
            ActiveItem("第二十条第（六）项", _DECISIONS_2021, ("行政处罚", "行政强制")),
            ActiveItem("第二十条第（八）项", (Field("本年收费金额（单位：万元）", "amount"),),
                       ("行政事业性收费",)),
        ),
        results=(
            *_COMMON_RESULTS,
            ("（六）其他处理", (
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.其他",
            )),
        ),
    ),
}
FIRST_YEAR = 2019  # the first year either format covers (the 条例 as revised in 2019)


def format_for(year: int) -> Format:
    """The format a report on ``year`` must use."""
    return FORMATS["2021" if year >= 2021 else "2019"]


RowPath = tuple[str, ...]  # a row as the keys leading to it from its table


def application_rows(fmt: Format) -> tuple[RowPath, ...]:
    """Every numbered row of table 三, top to bottom, as key paths."""
    rows: list[RowPath] = [(RECEIVED,), (CARRIED_IN,)]
    for row, subrows in fmt.results:
        rows.extend([(RESULTS, row, s) for s in subrows] if subrows else [(RESULTS, row)])
    return (*rows, (RESULTS, RESULTS_TOTAL), (CARRIED_OVER,))


def result_rows(fmt: Format) -> tuple[RowPath, ...]:
    """The rows that add up to （七）总计: （一）…（六）, sub-rows in place of their group."""
    return tuple(r for r in application_rows(fmt) if r[0] == RESULTS and r[1] != RESULTS_TOTAL)


# --- The report -------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One year's annual report, validated."""

    year: int
    format: Format
    agency: str  # 机关; may be empty (the site's organisation is then shown)
    intro: str  # 引言: Markdown before 一、总体情况
    texts: dict[str, str]  # NARRATIVE section title → Markdown
    active: dict[tuple[str, str], dict[str, Number]]  # (item, row) → column → value
    applications: dict[RowPath, dict[str, int]]  # table 三 row path → column → count
    appeals: dict[RowPath, dict[str, int]]  # table 四 row path → column → count
    file: str = ""
    #: 衔接说明: a break with last year's report that is a real correction → the reason.
    corrections: dict[str, str] = field(default_factory=dict)
    #: (table, row, column) → line in the file, for messages about one cell.
    lines: dict[tuple[str, RowPath, str], int] = field(default_factory=dict, compare=False)

    def total(self, row: RowPath) -> int:
        """The 总计 of a row of table 三."""
        return self.applications[row][TOTAL]

    def line_of(self, table: str, row: RowPath, column: str) -> int | None:
        return self.lines.get((table, row, column))


def _row_name(path: RowPath) -> str:
    return " ".join(path)


# --- Loading and checking ---------------------------------------------------------------

CORRECTIONS = "衔接说明"
_TOP_KEYS = ("年度", "格式", "机关", "引言", *SECTIONS, CORRECTIONS)
_FILE_YEAR = re.compile(r"ndbg-(\d{4})")
#: What a template leaves for the editor to fill in: none of it may be published.
UNFINISHED = re.compile(r"待填写|待补充|TODO|FIXME|×{2,}|[XＸ]{3,}")
_INTEGER = re.compile(r"[0-9]+")  # base 10, leading zeros and all
_SIGNED = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")

Tree = tuple[tuple[str, "Tree | None"], ...]  # nested row keys; None marks a row of numbers


def _application_tree(fmt: Format) -> Tree:
    results = tuple((row, tuple((s, None) for s in subs) or None) for row, subs in fmt.results)
    return ((RECEIVED, None), (CARRIED_IN, None),
            (RESULTS, (*results, (RESULTS_TOTAL, None))), (CARRIED_OVER, None))


_APPEAL_TREE: Tree = ((REVIEW, None), (LAWSUIT, tuple((p[1], None) for p in APPEAL_ROWS[1:])))


def _active_tree(fmt: Format) -> Tree:
    return tuple((a.item, tuple((row, None) for row in a.rows)) for a in fmt.active)


def _keys(tree: Tree) -> set[str]:
    return {key for key, children in tree for key in (key, *(_keys(children) if children else ()))}


def _format_keys(fmt: Format) -> set[str]:
    """Every row and column text of a format's tables 二 and 三."""
    columns = {f.name for a in fmt.active for f in a.columns}
    return _keys(_active_tree(fmt)) | _keys(_application_tree(fmt)) | columns


def _written_in(data: yamlfile.Mapping) -> Format | None:
    """The format whose own rows and columns a file's tables use, if they point to one."""
    found: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                found.add(key)
                collect(value)

    collect({key: data.get(key) for key in (ACTIVE, APPLICATIONS)})
    hits = {}
    for name, fmt in FORMATS.items():
        others = set().union(*(_format_keys(f) for f in FORMATS.values() if f is not fmt))
        hits[name] = len(found & (_format_keys(fmt) - others))
    best = max(hits, key=hits.get)
    return FORMATS[best] if hits[best] and sorted(hits.values())[-2] == 0 else None


def correction_labels(fmt: Format) -> tuple[str, ...]:
    """The cells where a report must continue last year's, as `衔接说明` names them."""
    stocks = [f"表二 {row} 现行有效件数" for a in fmt.active for row in a.rows
              if any(f.name == STOCK for f in a.columns)]
    return (*stocks, *(f"表三 上年结转 {column}" for column in APPLICATION_COLUMNS))


def load_report(path: Path, shown_as: str | None = None, today: dt.date | None = None) -> Report:
    """Load and check one report's YAML; raise GongkaiError with every problem found.
    With ``today``, a report on this year or a later one is refused: it cannot be finished."""
    name = shown_as or path.name
    if not path.is_file():
        raise GongkaiError([Problem(name, None, "年度报告数据文件不存在",
                                    "用 gongkai report new 年份 生成这一年的报告数据文件")])
    return _Reader(name, today).read(yamlfile.load_file(path, name, numbers_as_text=True))


def parse_report(text: str, name: str, today: dt.date | None = None) -> Report:
    """Check a report given as YAML text; ``name`` is the file shown in messages."""
    try:
        data = yamlfile.load(text, name, numbers_as_text=True)
    except yamlfile.YamlProblem as error:
        raise GongkaiError([error.problem]) from None
    return _Reader(name, today).read(data)


class _Reader:
    def __init__(self, file: str, today: dt.date | None = None):
        self.file = file
        self.today = today
        self.problems: list[Problem] = []
        self.year: int | None = None
        self.lines: dict[tuple[str, RowPath, str], int] = {}  # (table, row, column) → line

    def problem(self, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, line, message, hint))

    def where(self, table: str, row: RowPath, column: str = "") -> str:
        """How a message names a cell: 2025年 表三 “四、结转下年度继续办理” 自然人."""
        year = f"{self.year}年 " if self.year else ""
        return f"{year}表{table} “{_row_name(row)}”" + (f" {column}" if column else "")

    def read(self, data: object) -> Report:
        if not isinstance(data, yamlfile.Mapping):
            self.problem(1, "年度报告数据文件应以 `年度:` 和 `格式:` 开头，下面是各节和各表",
                         "用 gongkai report new 年份 生成这一年的报告数据文件，再填写")
            raise GongkaiError(self.problems)
        self.unknown_keys(data, _TOP_KEYS, "顶层")
        fmt, readable = self.read_year_and_format(data)
        agency = self.read_text(data, "机关", required=False)
        intro = self.read_text(data, "引言", required=False)
        texts = {title: self.read_text(data, title, required=True) for title in NARRATIVE}
        if fmt is None or not readable:  # the tables cannot be read, or only into noise
            raise GongkaiError(self.problems)

        active = self.read_active(data, fmt)
        applications = self.read_table(data, "三", APPLICATIONS, _application_tree(fmt),
                                       lambda row: [(c, "count") for c in APPLICATION_COLUMNS])
        appeals = self.read_table(data, "四", APPEALS, _APPEAL_TREE,
                                  lambda row: [(c, "count") for c in APPEAL_COLUMNS])
        corrections = self.read_corrections(data, fmt)
        _check_applications(self, fmt, applications)
        _check_appeals(self, appeals)
        if self.problems:
            raise GongkaiError(self.problems)
        assert self.year is not None
        return Report(self.year, fmt, agency, intro, texts, active, applications,  # type: ignore[arg-type]
                      appeals, self.file, corrections, self.lines)

    # -- top level --

    def unknown_keys(self, mapping: yamlfile.Mapping, allowed: Iterable[str], where: str,
                     what: str = "字段") -> None:
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.4)
                hint = f"是不是“{close[0]}”？" if close else "这里可以写：" + "、".join(allowed)
                self.problem(mapping.line_of(key), f"{where}没有“{key}”这一{what}", hint)

    def read_year_and_format(self, data: yamlfile.Mapping) -> tuple[Format | None, bool]:
        """The format to read the tables with, and whether reading them makes sense."""
        line = data.line_of("年度") if "年度" in data else 1
        raw_year = data.get("年度")
        text = unicodedata.normalize("NFKC", str(raw_year)).strip() if raw_year is not None else ""
        year = int(text) if re.fullmatch(r"[0-9]{4}", text) else None
        if year is None or year < FIRST_YEAR:
            self.problem(line, f"`年度` 应写报告所属的年份（{FIRST_YEAR}年或以后）"
                         + (f"，现在是“{raw_year}”" if raw_year is not None else ""),
                         "例如 2026年1月发布的、关于2025年的报告写 `年度: 2025`")
            year = None
        elif self.today is not None and year >= self.today.year:
            self.problem(line, f"`年度: {year}`：{year}年还没有过完，这一年的年度报告还不能发布",
                         f"年度报告在下一年1月31日前发布上一年的情况：现在最晚是 `年度: "
                         f"{self.today.year - 1}`；检查年份")
            year = None
        self.year = year
        match = _FILE_YEAR.search(self.file)
        if year and match and int(match.group(1)) != year:
            self.problem(line, f"`年度: {year}` 与文件名中的 {match.group(1)} 不一致",
                         "一年一个文件：改正 `年度`，或改文件名")

        raw = data.get("格式")
        given = FORMATS.get(str(raw).strip()) if raw is not None else None
        expected = format_for(year) if year else None
        written = _written_in(data)
        if expected and written and written is not expected:
            # One message for the whole file, not one for every row of the other format.
            reason = ("如果 `年度` 写错了，改正它" if given is written or given is None else
                      "改正 `年度` 或 `格式`")
            self.problem(line, f"{year}年的报告应使用{expected.label}，而这个文件的表格是按"
                         f"{written.label}写的",
                         f"{reason}（{written.name}年格式用于{written.years}的报告）；如果确是"
                         f"{year}年的报告，用 `gongkai report new {year} -o -` 看{expected.name}"
                         "年格式的各行，把数字抄过去")
            return expected, False
        if raw is None:
            self.problem(data.line_of("格式") if "格式" in data else data.line, "缺少 `格式`",
                         "2021年及以后的报告写 `格式: 2021`，2019、2020年的报告写 `格式: 2019`")
        elif given is None:
            self.problem(data.line_of("格式"), f"没有“{raw}”这种格式",
                         "写 2021（国办公开办函〔2021〕30号）或 2019（国办公开办函〔2019〕60号）")
        elif expected and given is not expected:
            self.problem(data.line_of("格式"),
                         f"{year}年的报告使用{expected.label}，不是 `格式: {given.name}`",
                         f"写 `格式: {expected.name}`")
        return expected or written or given, True

    def read_text(self, data: yamlfile.Mapping, key: str, required: bool) -> str:
        if key not in data:
            if required:
                self.problem(data.line, f"缺少“{key}”一节",
                             f"加上 `{key}: |`，从下一行起缩进两格写这一节的正文")
            return ""
        value, line = data[key], data.line_of(key)
        if isinstance(value, list | dict):
            self.problem(line, f"“{key}”应是一段文字",
                         f"写 `{key}: |`，从下一行起缩进两格写正文")
            return ""
        text = "" if value is None else str(value).strip()
        mark = UNFINISHED.search(text)
        if mark:
            self.problem(line, f"“{key}”还有“{mark.group()}”：报告没有写完，不能发布",
                         f"写完这一节并删去“{mark.group()}”；写完以前，引用它的那篇信息标 "
                         "`草稿: 是`")
        elif not text and required:
            self.problem(line, f"“{key}”一节是空的：报告没有写完，不能发布",
                         "写上这一节的内容；确实没有要报告的，写“无。”")
        return text

    def read_corrections(self, data: yamlfile.Mapping, fmt: Format) -> dict[str, str]:
        """`衔接说明`: label → why this cell does not continue last year's report."""
        raw = data.get(CORRECTIONS)
        if raw is None:
            return {}
        labels = correction_labels(fmt)
        if not isinstance(raw, yamlfile.Mapping):
            self.problem(data.line_of(CORRECTIONS), f"“{CORRECTIONS}”应是“格子: 原因”的列表",
                         f"例如 `{labels[0]}: 2024年度报告漏计1件，已在本年更正`，一行一条")
            return {}
        self.unknown_keys(raw, labels, f"“{CORRECTIONS}”中", "项")
        corrections = {}
        for label in labels:
            reason = raw.get(label)
            if label in raw and not (isinstance(reason, str) and reason.strip()):
                self.problem(raw.line_of(label), f"“{CORRECTIONS}”中“{label}”没有写原因",
                             "写明与上一年报告不衔接的原因，例如哪一年的报告漏计或多计了几件")
            elif label in raw:
                corrections[label] = reason.strip()
        return corrections

    # -- tables --

    def read_active(self, data: yamlfile.Mapping, fmt: Format) -> dict[tuple[str, str], dict]:
        columns = {a.item: a.columns for a in fmt.active}
        rows = self.read_table(data, "二", ACTIVE, _active_tree(fmt),
                               lambda row: [(f.name, f.kind) for f in columns[row[0]]])
        return {(row[0], row[1]): values for row, values in rows.items()}

    def read_table(self, data: yamlfile.Mapping, table: str, key: str, tree: Tree,
                   columns: Callable[[RowPath], list[tuple[str, str]]]) -> dict[RowPath, dict]:
        """Read a table's nested rows; every cell that reads well lands in the result."""
        rows: dict[RowPath, dict] = {}
        if key not in data:
            self.problem(data.line, f"缺少“{key}”（表{table}）",
                         "从这一年格式的空白报告中复制（gongkai report new 年份 -o -）")
            return rows

        def walk(node: object, tree: Tree, path: RowPath, line: int) -> None:
            if not isinstance(node, yamlfile.Mapping):
                where = f"表{table}" + (f" “{_row_name(path)}”" if path else "")
                self.problem(line, f"{where} 下面应是这些行：" + "、".join(k for k, _ in tree),
                             "一行一项，缩进两格，同空白报告")
                return
            self.unknown_keys(node, [k for k, _ in tree],
                              f"表{table}" + (f" “{_row_name(path)}” 下" if path else ""), "行")
            for row_key, children in tree:
                row = (*path, row_key)
                if row_key not in node:
                    self.problem(node.line, f"{self.where(table, row)} 这一行没有写",
                                 "格式中的每一行都要写，没有的写 0")
                elif children is None:
                    rows[row] = self.read_row(table, row, node[row_key], node.line_of(row_key),
                                              columns(row))
                else:
                    walk(node[row_key], children, row, node.line_of(row_key))

        walk(data[key], tree, (), data.line_of(key))
        return rows

    def read_row(self, table: str, row: RowPath, raw: object, line: int,
                 columns: list[tuple[str, str]]) -> dict[str, Number | None]:
        names = [name for name, _ in columns]
        if not isinstance(raw, yamlfile.Mapping):
            example = ", ".join(f"{n}: 0" for n in names)
            self.problem(line, f"{self.where(table, row)} 应按列名写出各数",
                         f"写成 {{{example}}}")
            return dict.fromkeys(names)
        self.unknown_keys(raw, names, f"{self.where(table, row)} 中", "列")
        values: dict[str, Number | None] = {}
        for name, kind in columns:
            cell_line = raw.line_of(name)
            self.lines[(table, row, name)] = cell_line
            if name not in raw:
                self.problem(line, f"{self.where(table, row, name)} 没有写",
                             f"没有的写 `{name}: 0`")
                values[name] = None
            else:
                values[name] = self.read_number(raw[name], kind, self.where(table, row, name),
                                                cell_line)
        return values

    def read_number(self, value: object, kind: str, where: str, line: int) -> Number | None:
        """A cell in base 10, whatever YAML would make of it: `010` is 10, `0x1B` an error."""
        if value is None or (isinstance(value, str) and not value.strip()):
            # A blank is not taken as 0: a cell forgotten must not go out as a zero.
            self.problem(line, f"{where}：空白", "没有的写 0（空白不当作 0，以免漏填的格子被发布）")
            return None
        text = unicodedata.normalize("NFKC", str(value)).strip() \
            if isinstance(value, str) else None
        if kind == "amount":
            if text is None or not _DECIMAL.fullmatch(text):
                negative = text is not None and _DECIMAL.fullmatch(text.lstrip("-"))
                self.problem(line, f"{where}：“{value}”" + ("是负数" if negative else "不是金额"),
                             "金额不能小于 0" if negative else
                             "只写阿拉伯数字和小数点，不带单位，例如 12.5（单位是万元）")
                return None
            return Decimal(text)
        pattern = _SIGNED if kind == "change" else _INTEGER
        if text is None or not pattern.fullmatch(text):
            negative = kind == "count" and text is not None and _INTEGER.fullmatch(text.lstrip("-"))
            self.problem(line, f"{where}：“{value}”" + ("是负数" if negative else "不是整数"),
                         "件数不能小于 0" if negative else
                         "只写十进制的阿拉伯数字（件），例如 0 或 12；不带单位、小数点或其他符号")
            return None
        return int(text)


# The identities the printed tables imply, checked once the cells are read.

def _check_applications(reader: _Reader, fmt: Format, rows: dict[RowPath, dict]) -> None:
    """The identities of table 三, each checked only where all its numbers read well."""
    all_rows = application_rows(fmt)
    for row in all_rows:  # 总计 = the sum of the applicant columns, in every row
        values = rows.get(row, {})
        parts = [values.get(c) for c in APPLICANTS]
        total = values.get(TOTAL)
        if total is None or None in parts or total == sum(parts):
            continue
        reader.problem(reader.lines.get(("三", row, TOTAL)),
                     f"{reader.where('三', row, TOTAL)}：总计是 {total}，而 "
                     f"{'+'.join(APPLICANTS)} = {sum(parts)}",
                     "总计是六类申请人之和：核对这一行的每个数")

    results = result_rows(fmt)
    total_row = (RESULTS, RESULTS_TOTAL)
    for column in APPLICATION_COLUMNS:
        def cell(row: RowPath) -> int | None:
            return rows.get(row, {}).get(column)  # noqa: B023 - used at once

        parts = [cell(r) for r in results]
        total = cell(total_row)
        if total is not None and None not in parts and total != sum(parts):
            reader.problem(reader.lines.get(("三", total_row, column)),
                         f"{reader.where('三', total_row, column)}："
                         f"（七）总计是 {total}，而（一）至（六）之和是 {sum(parts)}",
                         "（七）总计是（一）至（六）各行之和，有序号的分项逐项相加")

        # The identity printed in the table itself: 一 + 二 = 三 + 四.
        terms = [cell((RECEIVED,)), cell((CARRIED_IN,)), total, cell((CARRIED_OVER,))]
        if None in terms:
            continue
        received, carried_in, handled, carried_over = terms
        if received + carried_in != handled + carried_over:
            reader.problem(reader.lines.get(("三", (CARRIED_OVER,), column)),
                         f"{reader.where('三', (CARRIED_OVER,), column)}："
                         f"一+二 = {received + carried_in}，而三（七）总计+四 = "
                         f"{handled + carried_over}",
                         "表中印明的勾稽关系：一、本年新收 + 二、上年结转 = "
                         "三、本年度办理结果（七）总计 + 四、结转下年度继续办理，每一列都成立")

def _check_appeals(reader: _Reader, rows: dict[RowPath, dict]) -> None:
    for row in APPEAL_ROWS:
        values = rows.get(row, {})
        parts = [values.get(c) for c in OUTCOMES]
        total = values.get(TOTAL)
        if total is not None and None not in parts and total != sum(parts):
            reader.problem(reader.lines.get(("四", row, TOTAL)),
                         f"{reader.where('四', row, TOTAL)}：总计是 {total}，而 "
                         f"{'+'.join(OUTCOMES)} = {sum(parts)}",
                         "总计是四种结果之和")


# --- HTML -------------------------------------------------------------------------------

_esc = html.escape


def _show(value: Number) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _markdown(text: str) -> str:
    """A text section: Markdown, its raw HTML cleaned like a document's body."""
    return sanitizer.clean(markdown.markdown(text, extensions=["tables"])) if text.strip() else ""


def _td(value: Number, extra: str = "") -> str:
    return f'<td class="num"{extra}>{_show(value)}</td>'


def _scroll(table: str) -> str:
    # Wide tables scroll inside their box instead of widening the page on phones.
    return scrollable(table)


def render_html(report: Report) -> str:
    """The report body in the national format: six titled sections, three tables."""
    fmt = report.format
    parts = [f'<div class="gk-annual-report" data-year="{report.year}" '
             f'data-format="{fmt.name}">']
    if report.agency:
        parts.append(f'<p class="gk-report-agency">报告机关：{_esc(report.agency)}</p>')
    if report.intro:
        parts.append(_markdown(report.intro))
    tables = {ACTIVE: _active_html, APPLICATIONS: _applications_html, APPEALS: _appeals_html}
    for number, title in enumerate(fmt.sections, 1):
        parts.append(f'<h2 id="gk-ndbg-{number}">{_esc(title)}</h2>')
        if title in tables:
            parts.append(_scroll(tables[title](report)))
            parts.extend(_notes(report, "表" + _TABLE_NUMBERS[title]))
        else:
            parts.append(_markdown(report.texts.get(title, "")) or "<p>无。</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _caption(table: str, unit: str = "") -> str:
    title = TABLES[table].split("、", 1)[1]
    return f"<caption>表{table}　{_esc(title)}{_esc(unit)}</caption>"


def _active_html(report: Report) -> str:
    """Table 二: one block per 第二十条 item, as printed. The blocks have different
    columns, so every data cell names its headers explicitly (WCAG technique H43)."""
    width = 1 + max(len(a.columns) for a in report.format.active)
    prefix = f"gk-ndbg{report.year}-t2"
    out = ['<table class="gk-report-table gk-report-active">', _caption("二")]
    for g, item in enumerate(report.format.active, 1):
        group_id = f"{prefix}-{g}"
        out.append("<tbody>")
        out.append(f'<tr><th scope="rowgroup" colspan="{width}" id="{group_id}">'
                   f"{_esc(item.item)}</th></tr>")
        heads = [f'<th scope="col" id="{group_id}-h0">信息内容</th>']
        for c, column in enumerate(item.columns, 1):
            span = width - len(item.columns) if c == len(item.columns) else 1
            colspan = f' colspan="{span}"' if span > 1 else ""
            heads.append(f'<th scope="col"{colspan} id="{group_id}-h{c}">{_esc(column.name)}</th>')
        out.append("<tr>" + "".join(heads) + "</tr>")
        for r, row in enumerate(item.rows, 1):
            row_id = f"{group_id}-r{r}"
            cells = [f'<th scope="row" id="{row_id}">{_esc(row)}</th>']
            for c, column in enumerate(item.columns, 1):
                span = width - len(item.columns) if c == len(item.columns) else 1
                colspan = f' colspan="{span}"' if span > 1 else ""
                headers = f' headers="{group_id} {group_id}-h{c} {row_id}"'
                cells.append(_td(report.active[(item.item, row)][column.name], colspan + headers))
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _ids(prefix: str, names: Iterable[str]) -> dict[str, str]:
    return {name: f"{prefix}-{n}" for n, name in enumerate(names, 1)}


def _th(text: str, id_: str, scope: str, span: str = "") -> str:
    return f'<th scope="{scope}"{span} id="{id_}">{_esc(text)}</th>'


def _applications_html(report: Report) -> str:
    """Table 三 with the printed three-level header and three levels of row labels. A
    ``scope`` reaches only the cells below or beside its own header, not those of the
    groups around it, so every data cell names all its headers (WCAG technique H43)."""
    fmt = report.format
    p = f"gk-ndbg{report.year}-t3"
    col = _ids(f"{p}-c", APPLICATION_COLUMNS)
    top, legal = f"{p}-applicants", f"{p}-legal"
    column_headers = {c: " ".join([top, *([legal] if c in LEGAL_PERSONS else []), col[c]])
                      for c in APPLICATION_COLUMNS}
    out = ['<table class="gk-report-table gk-report-applications">', _caption("三", "（单位：件）"),
           '<colgroup span="3"></colgroup><colgroup span="1"></colgroup>'
           '<colgroup span="5"></colgroup><colgroup span="1"></colgroup>',
           "<thead>",
           f'<tr><th scope="colgroup" colspan="3" rowspan="3">{_esc(BALANCE_NOTE)}</th>'
           + _th("申请人情况", top, "colgroup", ' colspan="7"') + "</tr>",
           "<tr>" + _th(NATURAL_PERSON, col[NATURAL_PERSON], "col", ' rowspan="2"')
           + _th(LEGAL_GROUP, legal, "colgroup", ' colspan="5"')
           + _th(TOTAL, col[TOTAL], "col", ' rowspan="2"') + "</tr>",
           "<tr>" + "".join(_th(c, col[c], "col") for c in LEGAL_PERSONS) + "</tr>",
           "</thead>", "<tbody>"]
    results = [r for r in application_rows(fmt) if r[0] == RESULTS]
    groups = {row: len(subs) for row, subs in fmt.results}
    group_ids = _ids(f"{p}-g", groups)
    results_id = f"{p}-results"
    for n, row in enumerate(application_rows(fmt), 1):
        row_id = f"{p}-r{n}"
        heads, names = [], [row_id]
        if len(row) == 1:  # 一、二、四: one label across the three label columns
            heads.append(_th(row[0], row_id, "row", ' colspan="3"'))
        else:
            names.insert(0, results_id)
            if row == results[0]:
                heads.append(_th(RESULTS, results_id, "row", f' rowspan="{len(results)}"'))
            if len(row) == 2:  # （一）（二）（七）, and the 2019 format's （六）
                heads.append(_th(row[1], row_id, "row", ' colspan="2"'))
            else:
                names.insert(1, group_ids[row[1]])
                if row[2] == dict(fmt.results)[row[1]][0]:
                    heads.append(_th(row[1], group_ids[row[1]], "row",
                                     f' rowspan="{groups[row[1]]}"'))
                heads.append(_th(row[2], row_id, "row"))
        cells = "".join(_td(report.applications[row][c],
                            f' headers="{" ".join(names)} {column_headers[c]}"')
                        for c in APPLICATION_COLUMNS)
        out.append("<tr>" + "".join(heads) + cells + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _appeals_html(report: Report) -> str:
    """Table 四: 行政复议 and the two kinds of 行政诉讼, five columns each, one row; each
    cell names its kind, its 行政诉讼 branch and its column (as table 三)."""
    p = f"gk-ndbg{report.year}-t4"
    review, lawsuit = f"{p}-review", f"{p}-lawsuit"
    branches = _ids(f"{p}-b", [row[1] for row in APPEAL_ROWS[1:]])
    col = {row: _ids(f"{p}-{i}-c", APPEAL_COLUMNS) for i, row in enumerate(APPEAL_ROWS)}
    headers = {row: [review] if len(row) == 1 else [lawsuit, branches[row[1]]] for row in APPEAL_ROWS}
    out = ['<table class="gk-report-table gk-report-appeals">', _caption("四", "（单位：件）"),
           '<colgroup span="5"></colgroup><colgroup span="5"></colgroup>'
           '<colgroup span="5"></colgroup>',
           "<thead>",
           "<tr>" + _th(REVIEW, review, "colgroup", ' colspan="5"')
           + _th(LAWSUIT, lawsuit, "colgroup", ' colspan="10"') + "</tr>",
           "<tr>" + "".join(_th(c, col[APPEAL_ROWS[0]][c], "col", ' rowspan="2"') for c in APPEAL_COLUMNS)
           + "".join(_th(row[1], branches[row[1]], "colgroup", ' colspan="5"') for row in APPEAL_ROWS[1:])
           + "</tr>",
           "<tr>" + "".join(_th(c, col[row][c], "col") for row in APPEAL_ROWS[1:]
                            for c in APPEAL_COLUMNS) + "</tr>",
           "</thead>", "<tbody>",
           "<tr>" + "".join(_td(report.appeals[row][c],
                                f' headers="{" ".join([*headers[row], col[row][c]])}"')
                            for row in APPEAL_ROWS for c in APPEAL_COLUMNS) + "</tr>",
           "</tbody>", "</table>"]
    return "\n".join(out)


def _notes(report: Report, table: str) -> list[str]:
    """`衔接说明` under the table they concern: why a figure does not follow last year's."""
    notes = [(label, reason) for label, reason in report.corrections.items()
             if label.startswith(table)]
    return [f'<p class="gk-report-note">注：{_esc(label.split(" ", 1)[1])}与上一年度报告不衔接，'
            f"原因：{_esc(reason)}</p>" for label, reason in notes]


# --- CSV and JSON -----------------------------------------------------------------------


def table_csv(report: Report, table: str) -> str:
    """Table 二, 三 or 四 as CSV text with a header row (the caller adds a BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if table == "二":  # the blocks have different columns: one line per number
        writer.writerow(["项目", "信息内容", "统计项", "数值"])
        for item in report.format.active:
            for row in item.rows:
                for column in item.columns:
                    writer.writerow([item.item, row, column.name,
                                     _show(report.active[(item.item, row)][column.name])])
    elif table == "三":
        writer.writerow(["项目", *APPLICATION_COLUMNS])
        for row in application_rows(report.format):
            writer.writerow([_row_name(row), *(report.applications[row][c]
                                               for c in APPLICATION_COLUMNS)])
    elif table == "四":
        writer.writerow(["类别", *APPEAL_COLUMNS])
        for row in APPEAL_ROWS:
            writer.writerow([_row_name(row), *(report.appeals[row][c] for c in APPEAL_COLUMNS)])
    else:
        raise ValueError(f"no table {table!r}: use 二, 三 or 四")
    return buffer.getvalue()


def _nest(rows: dict[RowPath, dict], order: Iterable[RowPath]) -> dict:
    """Rows keyed by path → the nested mapping of the YAML file, in format order."""
    nested: dict = {}
    for path in order:
        node = nested
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = dict(rows[path])
    return nested


def _plain(value: object) -> object:
    """Decimals as JSON numbers (whole amounts as integers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def report_data(report: Report) -> dict:
    """The whole report as plain data, with the keys of the YAML file, in format order."""
    fmt = report.format
    data: dict = {"年度": report.year, "格式": fmt.name, "格式文件": fmt.document,
                  "机关": report.agency, "引言": report.intro}
    active_order = [(a.item, row) for a in fmt.active for row in a.rows]
    tables = {
        ACTIVE: _nest(report.active, active_order),
        APPLICATIONS: _nest(report.applications, application_rows(fmt)),
        APPEALS: _nest(report.appeals, APPEAL_ROWS),
    }
    for title in fmt.sections:
        data[title] = tables[title] if title in tables else report.texts.get(title, "")
    if report.corrections:
        data[CORRECTIONS] = dict(report.corrections)
    return _plain(data)  # type: ignore[return-value]


def downloads(report: Report, data_file: str) -> list[tuple[str, str, str]]:
    """The report's data to download, beside its data file: (content-relative path, link
    text, content) for the whole report as JSON and each table as CSV (with a BOM, which
    lets Excel open the Chinese text correctly)."""
    stem = posixpath.splitext(data_file)[0]
    files = [(f"{stem}.json", "全部数据（JSON）", report_json(report))]
    for number, table in (("二", 2), ("三", 3), ("四", 4)):
        files.append((f"{stem}-table{table}.csv", f"表{number}（CSV）", "\ufeff" + table_csv(report, number)))
    return files


def report_json(report: Report) -> str:
    """The whole report as JSON (UTF-8 text, keys in the printed order)."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


# --- Skeleton ---------------------------------------------------------------------------


def _yaml_row(values: dict[str, object]) -> str:
    # A cell left blank (None) is written `列:` with nothing after it: read back, it is blank.
    return "{" + ", ".join(f"{k}: {_show(v)}" if isinstance(v, int | Decimal) else f"{k}: "
                           for k, v in values.items()) + "}"


def _yaml_tree(nested: dict, indent: int) -> list[str]:
    lines = []
    for key, value in nested.items():
        pad = "  " * indent
        first = next(iter(value.values()), None)
        if isinstance(first, dict):  # a group of rows
            lines.append(f"{pad}{key}:")
            lines.extend(_yaml_tree(value, indent + 1))
        else:  # a row: its columns on one line, like the printed table
            lines.append(f"{pad}{key}: {_yaml_row(value)}")
    return lines


def _scalar(text: str) -> str:
    """A one-line YAML value; quoted (a JSON string is valid YAML) unless it reads back as is."""
    try:
        plain = bool(text) and "\n" not in text and yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _yaml_text(key: str, text: str) -> list[str]:
    if not text:
        return [f'{key}: ""']
    # An indentation indicator keeps Markdown that starts indented (code) intact.
    head = "|2" if text[0] == " " else "|"
    return [f"{key}: {head}", *(f"  {line}" if line.strip() else "" for line in text.splitlines())]


def to_yaml(report: Report, notes: dict[str, list[str]] | None = None) -> str:
    """A report as the YAML an editor keeps (comments are not kept); ``notes`` are comment
    lines to write above a section, by its title."""
    fmt = report.format
    notes = notes or {}
    data = report_data(report)
    lines = [
        f"# {report.year}年政府信息公开工作年度报告：{fmt.name}年格式（{fmt.document}）",
        "# 表三的勾稽关系：一 + 二 = 三（七）总计 + 四；每行总计 = 各申请人列之和；",
        "# （七）总计 = （一）至（六）各行之和；表四每个总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。",
        f"年度: {report.year}",
        f"格式: {fmt.name}",
        f"机关: {_scalar(report.agency)}",
        *_yaml_text("引言", report.intro),
    ]
    for title in fmt.sections:
        value = data[title]
        lines.extend(f"# {note}" for note in notes.get(title, ()))
        if isinstance(value, dict):
            lines.append(f"{title}:")
            lines.extend(_yaml_tree(value, 1))
        else:
            lines.extend(_yaml_text(title, value))
    if report.corrections:
        lines.append(f"{CORRECTIONS}:")
        lines.extend(f"  {label}: {_scalar(reason)}" for label, reason in report.corrections.items())
    return "\n".join(lines) + "\n"


def empty_report(year: int, agency: str = "",
                 active: dict[tuple[str, str], dict[str, Number]] | None = None) -> Report:
    """A report for ``year`` in its format with every number 0 but those of table 二 given
    in ``active``, and every text section still to be written."""
    fmt = format_for(year)
    given = active or {}
    return Report(
        year=year, format=fmt, agency=agency, intro="",
        texts=dict.fromkeys(NARRATIVE, PLACEHOLDER),
        active={(a.item, row): {f.name: given.get((a.item, row), {}).get(f.name, 0)  # type: ignore[misc]
                                for f in a.columns} for a in fmt.active for row in a.rows},
        applications={row: dict.fromkeys(APPLICATION_COLUMNS, 0) for row in application_rows(fmt)},
        appeals={row: dict.fromkeys(APPEAL_COLUMNS, 0) for row in APPEAL_ROWS},
    )


def skeleton(year: int, agency: str = "", active: dict | None = None,
             notes: list[str] | None = None) -> str:
    """The YAML of a report on ``year`` to fill in, in the format for that year: its text
    sections say （待填写）, so it cannot be published until they are written. ``active``
    pre-fills table 二 and ``notes`` (comments above it) say where those numbers came from."""
    if year < FIRST_YEAR:
        raise ValueError(f"年度报告格式从 {FIRST_YEAR} 年的报告开始，没有 {year} 年的格式")
    return to_yaml(empty_report(year, agency, active), {ACTIVE: notes or []})


# --- Trend ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendRow:
    """One year of the trend: applications received and how they were handled."""

    year: int
    received: int  # 一、本年新收 总计
    disclosed: int  # （一）予以公开
    partly: int  # （二）部分公开
    refused: int  # （三）不予公开, all eight reasons
    other: int  # （四）…（六）: the rest of （七）总计

    def values(self) -> tuple[int, ...]:
        return (self.year, self.received, self.disclosed, self.partly, self.refused, self.other)


TREND_HEADERS = ("年度", "本年新收申请", "予以公开", "部分公开", "不予公开", "其他办理结果")
#: Bar colours (Okabe–Ito: told apart with common colour-vision deficiencies).
_COLOURS = {"received": "#0072B2", "disclosed": "#009E73", "partly": "#E69F00",
            "refused": "#D55E00", "other": "#8C8C8C"}


def trend_rows(reports: Iterable[Report]) -> list[TrendRow]:
    rows = []
    for r in sorted(reports, key=lambda r: r.year):
        results = r.total((RESULTS, RESULTS_TOTAL))
        disclosed, partly = r.total((RESULTS, DISCLOSED)), r.total((RESULTS, PARTLY))
        refused = sum(r.total(p) for p in application_rows(r.format) if p[:2] == (RESULTS, REFUSED))
        rows.append(TrendRow(r.year, r.total((RECEIVED,)), disclosed, partly, refused,
                             max(results - disclosed - partly - refused, 0)))
    return rows


def _nice_step(top: int) -> int:
    """A round tick step giving four or five gridlines up to ``top``."""
    raw = max(top, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return max(int(factor * magnitude), 1)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def trend(reports: Iterable[Report], id_prefix: str = "gk-trend") -> tuple[str, list[TrendRow]]:
    """Year-over-year applications as an inline SVG bar chart, and the same numbers as rows.

    Each year has two bars: applications received, and the results of the year's
    handling stacked by kind. The SVG needs no script or outside resource; the rows
    are for the accessible table shown with it.
    """
    rows = trend_rows(reports)
    names = dict(zip(("received", "disclosed", "partly", "refused", "other"),
                     TREND_HEADERS[1:], strict=True))
    top = max([max(r.received, r.disclosed + r.partly + r.refused + r.other) for r in rows] + [1])
    step = _nice_step(top)
    axis_top = step * math.ceil(top / step)
    left, right, plot_top, plot_height, group = 48, 16, 56, 200, 96
    width = left + right + group * max(len(rows), 1)
    height = plot_top + plot_height + 32
    bottom = plot_top + plot_height

    def y(value: int) -> float:
        return bottom - plot_height * value / axis_top

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    years = "、".join(str(r.year) for r in rows) or "无"
    summary = "；".join(f"{r.year}年新收{r.received}件，予以公开{r.disclosed}件，部分公开"
                       f"{r.partly}件，不予公开{r.refused}件，其他{r.other}件" for r in rows)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-trend" role="img" '
           f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
           f'font-size="12" fill="currentColor">',
           f'<title id="{title_id}">政府信息公开申请年度对比（{years}年）</title>',
           f'<desc id="{desc_id}">{_esc(summary or "没有数据")}。</desc>']
    # Legend, in two lines so it fits a one-year chart too.
    for i, key in enumerate(names):
        lx, ly = 8 + (i % 3) * 92, 8 + (i // 3) * 20
        out.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{_COLOURS[key]}"/>'
                   f'<text x="{lx + 16}" y="{ly + 10}">{names[key]}</text>')
    for tick in range(0, axis_top + 1, step):
        ty = y(tick)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
                   f'stroke="currentColor" stroke-opacity="{0.6 if tick == 0 else 0.15}"/>'
                   f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, row in enumerate(rows):
        x = left + group * i + 16
        out.append(f'<rect x="{x}" y="{y(row.received):.1f}" width="28" '
                   f'height="{bottom - y(row.received):.1f}" fill="{_COLOURS["received"]}">'
                   f'<title>{row.year}年{names["received"]}：{row.received}件</title></rect>'
                   f'<text x="{x + 14}" y="{y(row.received) - 4:.1f}" '
                   f'text-anchor="middle">{row.received}</text>')
        base = 0
        for key in ("disclosed", "partly", "refused", "other"):
            value = getattr(row, key)
            if value:
                out.append(f'<rect x="{x + 32}" y="{y(base + value):.1f}" width="28" '
                           f'height="{y(base) - y(base + value):.1f}" fill="{_COLOURS[key]}" '
                           f'stroke="#fff" stroke-width="0.5">'
                           f'<title>{row.year}年{names[key]}：{value}件</title></rect>')
            base += value
        out.append(f'<text x="{x + 46}" y="{y(base) - 4:.1f}" text-anchor="middle">{base}</text>'
                   f'<text x="{x + 30}" y="{bottom + 18}" text-anchor="middle">{row.year}年</text>')
    out.append("</svg>")
    return "\n".join(out), rows


__all__ = [
    "FORMATS", "Format", "Report", "TrendRow", "TREND_HEADERS", "application_rows",
    "empty_report", "format_for", "load_report", "parse_report", "render_html", "report_data",
    "report_json", "skeleton", "table_csv", "to_yaml", "trend", "trend_rows",
]
