"""Table 二 of the annual report, counted from the site's own documents.

The site holds the agency's 规范性文件, with 成文日期, 有效性 and the day they stopped
(废止日期 or 失效日期), and its 行政许可 / 行政处罚 / 行政强制 decisions, each with its
决定日期. A column says which row of table 二 (2021 format) its documents count in with
`report_row` in columns.yml. From those, ``count`` gives 本年制发件数, 本年废止件数 and
现行有效件数, and 本年处理决定数量 for columns that hold one document per decision, each
with the sentence that says how it was counted. `gongkai report new` pre-fills the table
with them; `gongkai report check` compares a report with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .annual_report import ACTIVE_STOCK_ITEM, MADE, REPEALED, STOCK, Report, format_for
from .matrix import REPORT_DECISION_ROWS, REPORT_STOCK_ROWS, Column, Matrix

DECISIONS = "本年处理决定数量"
DECISION_DATE = "决定日期"
END_DATES = ("废止日期", "失效日期")
ENDED = ("废止", "失效")


@dataclass(frozen=True)
class Figure:
    """One number of table 二 as the site counts it."""

    item: str
    row: str
    column: str
    value: int
    source: str  # how it was counted, for the editor
    documents: tuple[str, ...] = ()  # the documents counted
    caveat: str = ""  # why the site may not hold the whole year: then it is not pre-filled

    @property
    def complete(self) -> bool:
        return not self.caveat


@dataclass(frozen=True)
class Figures:
    """What the site can say about one year's table 二."""

    year: int
    figures: tuple[Figure, ...]
    notes: tuple[str, ...]  # what could not be counted, and why

    def active(self) -> dict[tuple[str, str], dict[str, int | None]]:
        """The figures to pre-fill, as ``Report.active`` holds them; None (left blank, so the
        report cannot go out until someone fills it) where the site may not hold the year."""
        values: dict[tuple[str, str], dict[str, int | None]] = {}
        for f in self.figures:
            values.setdefault((f.item, f.row), {})[f.column] = f.value if f.complete else None
        return values

    def comments(self) -> list[str]:
        """Where each number came from, as comment lines for the report's YAML."""
        lines = ["表二中以下各数由网站上的信息统计得出（gongkai report new），请核对："]
        lines += [f"  {f.row} {f.column}：{f.value}——{f.source}" if f.complete else
                  f"  {f.row} {f.column}：留空待填——{f.caveat}，请按本机关的台账填写（网站上：{f.source}）" for f in self.figures]
        lines += [f"  注意：{note}" for note in self.notes]
        return lines


def count(matrix: Matrix, documents: Iterable, year: int, agency: str = "") -> Figures:
    """Table 二's figures for the report on ``year`` from the site's documents: the
    documents of the columns marked `report_row`, drafts left out, and, given ``agency``,
    only those it published (a 规章 column may hold the government's own)."""
    if format_for(year).name != "2021":
        return Figures(year, (), (f"{year}年的报告使用2019年格式，表二不从网站统计",))
    by_column: dict[str, list] = {}
    for document in documents:
        if not document.draft:
            by_column.setdefault(document.column, []).append(document)
    items = {row: item.item for item in format_for(year).active for row in item.rows}
    figures: list[Figure] = []
    notes: list[str] = []
    for column in matrix.columns():
        if not column.report_row:
            continue
        held = matrix.documents_under(column, by_column)
        others = [d for d in held if agency and d.publisher and agency not in d.publisher]
        if others:
            notes.append(f"“{column.title}”栏目中有 {len(others)} 篇由其他机关发布（例如 "
                         f"{others[0].path}，{others[0].publisher}），不计入本机关的数")
        own = [d for d in held if d not in others]
        if column.report_row in REPORT_STOCK_ROWS:
            figures += _stock(column, own, year, notes)
        elif column.report_row in REPORT_DECISION_ROWS:
            figures.append(_decisions(column, items[column.report_row], own, year, notes))
    return Figures(year, tuple(_merge(figures)), tuple(notes))


def _stock(column: Column, documents: list, year: int, notes: list[str]) -> list[Figure]:
    """本年制发, 本年废止 and 现行有效 at the end of ``year``, from 成文日期, 有效性 and the end date."""
    end_of_year = dt.date(year, 12, 31)
    made, repealed, in_force, undated = [], [], [], []
    for d in documents:
        start = d.written or d.published.date()
        ended = d.validity in ENDED
        end = next((d.dates[f] for f in END_DATES if f in d.dates), None) if ended else None
        if ended and end is None:
            undated.append(d.path)
            continue
        if start.year == year:
            made.append(d.path)
        if end is not None and end.year == year:
            repealed.append(d.path)
        if start <= end_of_year and (end is None or end > end_of_year):
            in_force.append(d.path)
    if undated:
        notes.append(f"“{column.title}”栏目中有 {len(undated)} 篇写了有效性“废止”或“失效”，但没有写"
                     f"废止日期或失效日期，无法判断是哪一年废止的，没有计入（{'、'.join(undated)}）：给它们加上"
                     "`废止日期: YYYY-MM-DD` 或 `失效日期: YYYY-MM-DD`")
    where = f"“{column.title}”栏目"
    return [
        Figure(ACTIVE_STOCK_ITEM, column.report_row, MADE, len(made),
               f"{where}中成文日期在{year}年的 {len(made)} 篇", tuple(made)),
        Figure(ACTIVE_STOCK_ITEM, column.report_row, REPEALED, len(repealed),
               f"{where}中废止日期或失效日期在{year}年的 {len(repealed)} 篇", tuple(repealed)),
        Figure(ACTIVE_STOCK_ITEM, column.report_row, STOCK, len(in_force),
               f"{where}中成文日期不晚于{year}年12月31日、当日仍有效的 {len(in_force)} 篇",
               tuple(in_force)),
    ]


def _decisions(column: Column, item: str, documents: list, year: int, notes: list[str]) -> Figure:
    """本年处理决定数量: the documents with a 决定日期 in ``year``, one decision each."""
    decided = [d for d in documents if DECISION_DATE in d.dates]
    counted = [d.path for d in decided if d.dates[DECISION_DATE].year == year]
    if len(decided) < len(documents):
        notes.append(f"“{column.title}”栏目中有 {len(documents) - len(decided)} 篇没有决定日期，"
                     "不是处理决定，没有计入")
    first = min((d.dates[DECISION_DATE] for d in decided), default=None)
    where = f"“{column.title}”栏目中决定日期在{year}年的 {len(counted)} 篇（一篇一个决定）"
    caveat = ""
    if first is None or first.year >= year:
        since = f"最早的决定日期是{first:%Y年%-m月%-d日}" if first else "还没有处理决定"
        caveat = f"“{column.title}”栏目{since}，{year}年的决定可能没有全部在网站上"
    return Figure(item, column.report_row, DECISIONS, len(counted), where, tuple(counted), caveat)


def _merge(figures: list[Figure]) -> list[Figure]:
    """Several columns counted in one row add up (e.g. 行政处罚 in two columns)."""
    merged: dict[tuple[str, str, str], Figure] = {}
    for f in figures:
        key = (f.item, f.row, f.column)
        if key in merged:
            old = merged[key]
            f = Figure(f.item, f.row, f.column, old.value + f.value, f"{old.source}；{f.source}",
                       old.documents + f.documents, "；".join(filter(None, (old.caveat, f.caveat))))
        merged[key] = f
    return list(merged.values())


def differences(report: Report, figures: Figures) -> list[str]:
    """Where a report's table 二 and the site's own documents disagree, one line each."""
    lines = []
    for f in figures.figures:
        written = report.active.get((f.item, f.row), {}).get(f.column)
        if f.complete and written is not None and written != f.value:
            lines.append(f"表二 “{f.row}” {f.column}：报告写 {written}，网站上的信息算得 {f.value}"
                         f"（{f.source}）")
    return lines
