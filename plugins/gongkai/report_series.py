"""The annual reports of a site side by side: one a year, titled for its year, adding up.

Each report is checked on its own by ``annual_report``; what only shows across reports is
checked here. A report's 上年结转 is last year's 结转下年度, and the 规范性文件 in force at
the end of a year are last year's plus those made, less those repealed: real reports
satisfy both, and a break is a mistake in one of the two files, unless the later report
records a real correction under `衔接说明`, which the page then shows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .annual_report import (
    ACTIVE_STOCK_ITEM,
    APPLICATION_COLUMNS,
    CARRIED_IN,
    CARRIED_OVER,
    CORRECTIONS,
    MADE,
    REPEALED,
    STOCK,
    Report,
    load_report,
)
from .errors import GongkaiError, Problem

_TITLE_YEAR = re.compile(r"([0-9]{4})\s*年")


def load_reports(documents: Iterable, content_dir: Path, today: dt.date | None = None,
                 ) -> tuple[dict[str, Report], list[Problem]]:
    """The report data of each document that names one (年度报告数据), by document path, and
    every problem: of each file, and of the reports side by side. What the build, `gongkai
    validate` and `gongkai report check` check."""
    reports: dict[str, Report] = {}
    problems: list[Problem] = []
    titles: dict[str, str] = {}
    for document in documents:
        if document.report_data:
            titles[document.path] = document.title
            try:
                reports[document.path] = load_report(content_dir / document.report_data,
                                                     f"{content_dir.name}/{document.report_data}", today)
            except GongkaiError as error:
                problems.extend(error.problems)
    shown = {path: f"{content_dir.name}/{path}" for path in reports}
    problems += check_series([(shown[path], titles[path], report) for path, report in reports.items()])
    return reports, problems


def title_years(title: str) -> set[int]:
    """The years a title names: 2025 in “…2025年政府信息公开工作年度报告”, full-width digits too."""
    return {int(year) for year in _TITLE_YEAR.findall(unicodedata.normalize("NFKC", title))}


def check_series(entries: list[tuple[str, str, Report]]) -> list[Problem]:
    """Problems across reports, given as (document shown, its title, its report)."""
    problems: list[Problem] = []
    by_year: dict[int, list[tuple[str, Report]]] = defaultdict(list)
    for document, title, report in entries:
        years = title_years(title)
        if years and report.year not in years:
            problems.append(Problem(
                document, None,
                f"标题写的是{'、'.join(map(str, sorted(years)))}年，而它的年度报告数据 "
                f"{report.file} 是 {report.year} 年的",
                "改正标题中的年份，或让 `年度报告数据` 指向标题那一年的数据文件"))
        by_year[report.year].append((document, report))

    for year, same in sorted(by_year.items()):
        if len(same) > 1:
            named = "；".join(f"{report.file}（{document}）" for document, report in same)
            problems.append(Problem(
                same[1][1].file, None, f"{year}年有 {len(same)} 份年度报告：{named}",
                "一年只发布一份年度报告：删去多余的一份，或改正其中的 `年度`；"
                "更正已发布的报告时直接修改原文件（git 留有修改记录）"))

    for year, same in sorted(by_year.items()):
        previous = by_year.get(year - 1)
        if len(same) == 1 and previous and len(previous) == 1:
            problems += _continuity(previous[0][1], same[0][1])
    return problems


def _continuity(previous: Report, report: Report) -> list[Problem]:
    """The breaks between two consecutive reports that `衔接说明` does not explain, and
    explanations of breaks that are not there."""
    breaks: dict[str, tuple[int | None, str, str]] = {}  # label → line, message, what last year says
    for column in APPLICATION_COLUMNS:
        now = report.applications[(CARRIED_IN,)][column]
        before = previous.applications[(CARRIED_OVER,)][column]
        if now != before:
            line = previous.line_of("三", (CARRIED_OVER,), column)
            breaks[f"表三 上年结转 {column}"] = (
                report.line_of("三", (CARRIED_IN,), column),
                f"{report.year}年 表三 “{CARRIED_IN}” {column} 是 {now}，而上一年的报告 "
                f"{previous.file}{_at(line)}“{CARRIED_OVER}” {column} 是 {before}",
                "上年结转的就是上一年结转下年度继续办理的申请")
    if report.format.name == previous.format.name == "2021":
        for (item, row), values in report.active.items():
            if item != ACTIVE_STOCK_ITEM:
                continue
            before = previous.active[(item, row)][STOCK]
            expected = before + values[MADE] - values[REPEALED]
            if values[STOCK] != expected:
                line = previous.line_of("二", (item, row), STOCK)
                breaks[f"表二 {row} {STOCK}"] = (
                    report.line_of("二", (item, row), STOCK),
                    f"{report.year}年 表二 “{row}” {STOCK}是 {values[STOCK]}，而上一年的报告 "
                    f"{previous.file}{_at(line)}的 {before} 件加本年制发 {values[MADE]} 件、"
                    f"减本年废止 {values[REPEALED]} 件是 {expected} 件",
                    "现行有效件数 = 上一年的现行有效件数 + 本年制发 − 本年废止")

    problems = []
    for label, (line, message, rule) in breaks.items():
        if label not in report.corrections:
            problems.append(Problem(
                report.file, line, message,
                f"{rule}：核对两份报告；如果上一年的数确实有误、本年已更正，在本报告末尾写 "
                f"`{CORRECTIONS}:`，下面缩进两格写 `{label}: 原因`（原因会显示在报告页面上）"))
    for label in report.corrections:
        if label not in breaks:
            problems.append(Problem(
                report.file, None,
                f"`{CORRECTIONS}` 中的“{label}”与上一年的报告 {previous.file} 是衔接的，不需要说明",
                "删去这一条"))
    return problems


def _at(line: int | None) -> str:
    return f" 第 {line} 行" if line else " "
