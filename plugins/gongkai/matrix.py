"""The column-responsibility matrix (栏目责任分解): columns.yml as typed objects.

Each column has a stable id, a title, its lead and supporting units and its update
requirement, verbatim. The column's folder under the content directory is the path
of ids from the top (xxgk/fdgk/xzqlyx/xzcfjg). The top column holds the four parts of
政府信息公开, marked with ``part``.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from . import yamlfile
from .errors import GongkaiError, Problem
from .findings import units_text
from .rules import OptionalColumn, Rule, RuleError, parse_rule

T = TypeVar("T")

#: The four parts of the 政府信息公开 section, in the order the public sees them.
PARTS: dict[str, str] = {
    "guide": "政府信息公开指南",
    "system": "政府信息公开制度",
    "statutory": "法定主动公开内容",
    "annual_report": "政府信息公开工作年度报告",
}

#: A folder inside a column that holds attachments rather than a sub-column.
ATTACHMENT_FOLDER = "files"

#: Column categories the national website inspection (国办秘函〔2019〕19号) judges by.
CATEGORIES = ("动态", "要闻", "通知公告", "政策文件", "人事", "规划计划")

_TOP_KEYS = ("units", "columns")
_COLUMN_KEYS = ("id", "title", "lead", "support", "requirement", "rules", "category", "part",
                "normative", "optional", "report_row", "children")
#: How a matrix writes several units in one cell: 人事部、办公室.
_UNIT_SEPARATORS = re.compile(r"[、，,；;]")
_ID = re.compile(r"^[a-z][a-z0-9]*$")
#: The rows of the annual report's table 二 (2021 format) a column's documents can be
#: counted in: the stock of 规章 and 规范性文件, and decisions one document each.
REPORT_STOCK_ROWS = ("规章", "行政规范性文件")
REPORT_DECISION_ROWS = ("行政许可", "行政处罚", "行政强制")


@dataclass(frozen=True)
class Column:
    """One column (栏目) of the site."""

    id: str
    title: str
    lead: tuple[str, ...]
    support: tuple[str, ...] = ()
    requirement: str = ""
    part: str | None = None
    normative: bool = False
    children: tuple[Column, ...] = ()
    path: tuple[str, ...] = ()
    line: int = 0
    rules: tuple[Rule, ...] = ()
    category: str = ""
    optional: bool = False  # 可不设置本栏目: absent or empty, it is left off the site
    report_row: str = ""  # the row of the annual report's table 二 its documents count in

    @property
    def folder(self) -> str:
        """The column's folder, relative to the content directory (posix)."""
        return "/".join(self.path)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def lead_text(self) -> str:
        return units_text(self.lead)


@dataclass(frozen=True)
class Matrix:
    """Every column of the site, as a tree, with lookups by id and folder."""

    file: str
    units: tuple[str, ...]
    roots: tuple[Column, ...]
    _by_id: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.columns()})

    def columns(self) -> Iterator[Column]:
        """Every column, parents before their children, in file order."""
        for root in self.roots:
            yield from self.subtree(root)

    def leaves(self) -> Iterator[Column]:
        return (c for c in self.columns() if c.is_leaf)

    def get(self, column_id: str) -> Column | None:
        return self._by_id.get(column_id)

    @cached_property
    def _by_folder(self) -> dict[str, Column]:
        return {c.folder: c for c in self.columns()}

    def by_folder(self, folder: str) -> Column | None:
        return self._by_folder.get(folder)

    def subtree(self, column: Column) -> Iterator[Column]:
        """``column`` and every column below it."""
        stack = [column]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(current.children))

    def documents_under(self, column: Column, by_column: Mapping[str, list[T]]) -> list[T]:
        """The documents of ``column`` and of every column below it: a rule on a parent
        column, and the column's state, count them all."""
        return [d for c in self.subtree(column) for d in by_column.get(c.id, ())]

    def ancestors(self, column: Column) -> tuple[Column, ...]:
        """The columns above ``column``, from the top down."""
        return tuple(self._by_id[i] for i in column.path[:-1])

    def rules_above(self, column: Column) -> list[Rule]:
        """The rules of the columns above ``column``: they judge its documents too."""
        return [r for above in self.ancestors(column) for r in above.rules]

    def is_optional(self, column: Column) -> bool:
        """The column, or one above it, may be left out (可不设置本栏目)."""
        return column.optional or any(c.optional for c in self.ancestors(column))

    def left_out(self, columns_with_documents: set[str]) -> set[str]:
        """Ids of the optional columns (and the columns below them) that have no document."""
        hidden: set[str] = set()
        for column in self.columns():
            if column.optional and not any(c.id in columns_with_documents for c in self.subtree(column)):
                hidden.update(c.id for c in self.subtree(column))
        return hidden

    def part(self, name: str) -> Column:
        return next(c for c in self.columns() if c.part == name)

    @property
    def section(self) -> Column:
        """The 政府信息公开 column: the parent of the four parts."""
        return self.ancestors(self.part("guide"))[-1]


def load_matrix(path: Path, shown_as: str | None = None) -> Matrix:
    """Load and validate columns.yml; raise GongkaiError with every problem found."""
    name = shown_as or path.name
    if not path.is_file():
        raise GongkaiError(
            [Problem(name, None, "栏目责任分解文件不存在",
                     "按编辑指南新建 columns.yml，或在 mkdocs.yml 中用插件的 `matrix` 选项指明它的位置")])
    return _MatrixReader(name).read(yamlfile.load_file(path, name))


class _MatrixReader:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.units: tuple[str, ...] = ()
        self.seen: dict[str, int] = {}
        self.parts: dict[str, Column] = {}

    def problem(self, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, line, message, hint))

    def read(self, data: object) -> Matrix:
        if not isinstance(data, yamlfile.Mapping):
            self.problem(1, "文件应包含 `units:`（责任单位）和 `columns:`（栏目）两部分",
                         "参照示例网站的 columns.yml 填写")
            raise GongkaiError(self.problems)
        self.unknown_keys(data, _TOP_KEYS, "文件顶层")
        self.units = self.read_units(data)
        raw_columns = data.get("columns")
        roots: tuple[Column, ...] = ()
        if not isinstance(raw_columns, list) or not raw_columns:
            self.problem(data.line_of("columns"), "`columns:` 下应列出栏目", "每个栏目以 `- id: …` 开头")
        else:
            roots = tuple(filter(None, (self.read_column(c, (), data.line_of("columns"))
                                        for c in raw_columns)))
        if not self.problems:
            self.check_parts(roots)
        if self.problems:
            raise GongkaiError(self.problems)
        return Matrix(self.file, self.units, roots)

    def unknown_keys(self, mapping: yamlfile.Mapping, allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"是不是 `{close[0]}`？" if close else f"可用的键：{'、'.join(allowed)}"
                self.problem(mapping.line_of(key), f"{where}不能有 `{key}`", hint)

    def read_units(self, data: yamlfile.Mapping) -> tuple[str, ...]:
        units = data.get("units")
        line = data.line_of("units")
        if not isinstance(units, list) or not all(isinstance(u, str) and u.strip() for u in units):
            self.problem(line, "`units:` 应列出全部责任单位的名称",
                         "每个牵头和配合单位写一行，例如 `- 办公室`")
            return ()
        duplicates = sorted({u for u in units if units.count(u) > 1})
        if duplicates:
            self.problem(line, f"单位重复列出：{'、'.join(duplicates)}", "只保留一个")
        return tuple(units)

    def read_unit_list(self, raw: object, line: int, key: str, title: str) -> tuple[str, ...]:
        names = [raw] if isinstance(raw, str) else raw
        if isinstance(raw, str) and raw not in self.units and _UNIT_SEPARATORS.search(raw):
            # 人事部、办公室: several units in one cell, as the matrix writes them (unless the whole
            # text is itself a unit's name, such as 各承办处室、单位).
            names = [n.strip() for n in _UNIT_SEPARATORS.split(raw) if n.strip()]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            self.problem(line, f"“{title}”的 `{key}` 应是单位名称或单位名称的列表", "例如 `lead: 办公室` 或 `lead: 人事部、办公室`")
            return ()
        for name in names:
            if self.units and name not in self.units:
                close = difflib.get_close_matches(name, self.units, n=1, cutoff=0.5)
                hint = (f"是不是“{close[0]}”？" if close else
                        "把这个单位加到文件开头的 `units:` 中，或改正单位名称")
                self.problem(line, f"“{title}”的{'牵头' if key == 'lead' else '配合'}单位“{name}”不在 `units:` 中", hint)
        return tuple(names)

    def read_column(self, raw: object, parent: tuple[str, ...], line: int) -> Column | None:
        if not isinstance(raw, yamlfile.Mapping):
            self.problem(line, "每个栏目至少要写 `id`、`title` 和 `lead`", "例如 `- {id: xzcf, title: 行政处罚, lead: 政策法规处}`")
            return None
        line = raw.line
        self.unknown_keys(raw, _COLUMN_KEYS, "栏目中")
        column_id = raw.get("id")
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem(line, "有一个栏目没有 `title`（栏目名称）", "加上 `title: 栏目名称`")
            title = str(column_id or "?")
        if not isinstance(column_id, str) or not _ID.match(column_id):
            self.problem(raw.line_of("id"),
                         f"栏目“{title}”的 `id` 只能用小写字母和数字（现在是“{column_id}”）",
                         "用栏目名称的拼音首字母，例如 行政处罚 写 `xzcf`")
            return None
        if column_id in self.seen:
            self.problem(raw.line_of("id"),
                         f"`id: {column_id}` 已在第 {self.seen[column_id]} 行用过",
                         "整个文件中 id 不能重复：给其中一个换一个 id")
        else:
            self.seen[column_id] = raw.line_of("id")

        if "lead" not in raw or raw["lead"] in (None, "", []):
            self.problem(line, f"栏目“{title}”（{column_id}）没有牵头责任单位",
                         "加上 `lead: 单位名称`")
            lead: tuple[str, ...] = ()
        else:
            lead = self.read_unit_list(raw["lead"], raw.line_of("lead"), "lead", title)
        support = self.read_unit_list(raw.get("support") or [], raw.line_of("support"), "support", title)

        requirement = raw.get("requirement") or ""
        if not isinstance(requirement, str):
            self.problem(raw.line_of("requirement"), f"“{title}”的 `requirement`（维护更新要求）应是一段文字",
                         "如果它看起来像数字或列表，给它加上引号")
            requirement = str(requirement)

        part = raw.get("part")
        if part is not None and part not in PARTS:
            self.problem(raw.line_of("part"), f"没有 `part: {part}` 这一部分",
                         "可用的：" + "、".join(f"{k}（{v}）" for k, v in PARTS.items()))
            part = None

        normative = raw.get("normative", False)
        if not isinstance(normative, bool):
            self.problem(raw.line_of("normative"), f"“{title}”的 `normative` 只能是 true 或 false")
            normative = False

        rules = self.read_rules(raw, title)
        optional = raw.get("optional", False)
        if not isinstance(optional, bool):
            self.problem(raw.line_of("optional"), f"“{title}”的 `optional` 只能是 true 或 false")
            optional = False
        optional = optional or any(isinstance(r, OptionalColumn) for r in rules)
        category = raw.get("category") or ""
        if category and category not in CATEGORIES:
            self.problem(raw.line_of("category"), f"“{title}”的分类“{category}”不是检查指标中的分类",
                         f"可用的：{'、'.join(CATEGORIES)}")
            category = ""

        report_row = raw.get("report_row") or ""
        if report_row and report_row not in (*REPORT_STOCK_ROWS, *REPORT_DECISION_ROWS):
            self.problem(raw.line_of("report_row"), f"“{title}”的 `report_row: {report_row}` 不是年度报告"
                         "表二中可以从网站统计的一行",
                         "可用的：" + "、".join((*REPORT_STOCK_ROWS, *REPORT_DECISION_ROWS)))
            report_row = ""
        elif report_row in REPORT_STOCK_ROWS and not normative:
            self.problem(raw.line_of("report_row"), f"“{title}”计入表二“{report_row}”，但没有 `normative: true`",
                         "加上 `normative: true`：统计现行有效件数要靠每篇的“有效性”")

        path = (*parent, column_id)
        children: tuple[Column, ...] = ()
        raw_children = raw.get("children")
        if raw_children is not None:
            if not isinstance(raw_children, list) or not raw_children:
                self.problem(raw.line_of("children"), f"“{title}”的 `children:` 下应列出下级栏目",
                             "没有下级栏目时删除 `children:` 这一行")
            else:
                children = tuple(filter(None, (self.read_column(c, path, raw.line_of("children"))
                                               for c in raw_children)))
        if optional and part:
            self.problem(raw.line_of("optional") or line, f"“{title}”是政府信息公开的组成部分，不能设为可选栏目",
                         "去掉 `optional` 或“可不设置本栏目”")
        column = Column(column_id, title.strip(), lead, support, requirement.strip(), part,
                        normative, children, path, line, rules, category, optional, report_row)
        if part:
            if part in self.parts:
                self.problem(raw.line_of("part"), f"`part: {part}` 写了两次"
                             f"（另一次在第 {self.parts[part].line} 行）", "只保留一个")
            self.parts[part] = column
        return column

    def read_rules(self, raw: yamlfile.Mapping, title: str) -> tuple[Rule, ...]:
        texts = raw.get("rules")
        if texts is None:
            return ()
        if not isinstance(texts, list):
            self.problem(raw.line_of("rules"), f"“{title}”的 `rules` 应是列表",
                         "每条规则一行，以 `- ` 开头，例如 `- 每季度至少1条`")
            return ()
        rules = []
        for index, text in enumerate(texts):
            line = texts.line_of(index) if isinstance(texts, yamlfile.Sequence) else raw.line_of("rules")
            try:
                rules.append(parse_rule(text))
            except RuleError as error:
                self.problem(line, f"栏目“{title}”：{error}", error.hint)
        return tuple(rules)

    def check_parts(self, roots: tuple[Column, ...]) -> None:
        """The 政府信息公开 section must have exactly its four parts, side by side."""
        missing = [f"{title}（part: {name}）" for name, title in PARTS.items() if name not in self.parts]
        if missing:
            self.problem(None, "政府信息公开栏目缺少：" + "、".join(missing),
                         "政府信息公开栏目必须有四部分：政府信息公开指南、政府信息公开制度、"
                         "法定主动公开内容、政府信息公开工作年度报告——在它下面加上带相应 `part:` 的栏目")
            return
        parents = {c.path[:-1] for c in self.parts.values()}
        if len(parents) != 1 or not next(iter(parents)):
            lines = "、".join(str(c.line) for c in self.parts.values())
            self.problem(None, f"四个组成部分（第 {lines} 行）应在同一个上级栏目下",
                         "把它们都放在“政府信息公开”栏目的 `children:` 中")


def check_folders(matrix: Matrix, content_dir: Path) -> list[Problem]:
    """Every leaf column has a folder; every folder under a top column is a column."""
    problems: list[Problem] = []
    for column in matrix.leaves():
        if not matrix.is_optional(column) and not (content_dir / column.folder).is_dir():
            problems.append(Problem(
                matrix.file, column.line,
                f"栏目“{column.title}”（{column.id}）没有文件夹 {content_dir.name}/{column.folder}/",
                "新建这个文件夹，在其中放一个说明本栏目公开什么的 index.md；或从 columns.yml 中删除该栏目"))
    for root in matrix.roots:
        top = content_dir / root.folder
        if not top.is_dir():
            continue
        for folder in sorted(Path(parent, name) for parent, names, _ in os.walk(top) for name in names):
            relative = folder.relative_to(content_dir).as_posix()
            if matrix.by_folder(relative):
                continue
            parent = matrix.by_folder(folder.parent.relative_to(content_dir).as_posix())
            if folder.name == ATTACHMENT_FOLDER and parent is not None:
                continue
            if any(part == ATTACHMENT_FOLDER for part in folder.relative_to(top).parts):
                continue
            where = f"在“{parent.title}”（{parent.id}）下" if parent else "在 columns.yml 中"
            problems.append(Problem(
                f"{content_dir.name}/{relative}/", None,
                "这个文件夹不是 columns.yml 中的栏目",
                f"{where}加上 `id: {folder.name}` 的栏目；或把其中的文件移到已有栏目的文件夹"
                f"（附件放在栏目的 `{ATTACHMENT_FOLDER}/` 文件夹中）"))
    return problems
