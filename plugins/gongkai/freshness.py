"""The freshness check: every column's rules judged against its documents on a given day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import clock
from .documents import Document
from .findings import FAIL, WARN, Finding
from .history import forged_dates, read_history
from .inspection import Standing, standing
from .matrix import Matrix
from .rules import KINDS, Context
from .workdays import WorkCalendar, load_calendar

DEFAULT_HORIZON = 5


def evaluate(matrix: Matrix, documents: Iterable[Document], today: dt.date,
             calendar: WorkCalendar | None = None, horizon: int = DEFAULT_HORIZON,
             severity: Mapping[str, str] | None = None) -> list[Finding]:
    """Every finding of every column on ``today``; only public documents count.

    ``severity`` maps a rule kind (periodic, deadline, interpretation, yearly, not_empty)
    to fail or warn; unnamed kinds fail. Columns due within ``horizon`` working days are
    warnings whatever the kind.
    """
    calendar = calendar or WorkCalendar()
    public = [d for d in documents if d.is_published_on(today)]
    by_column: dict[str, list[Document]] = defaultdict(list)
    for document in public:
        by_column[document.column].append(document)
    ctx = Context(today, calendar, horizon, {d.path: d for d in public})
    severity = severity or {}
    findings = []
    for column in matrix.leaves():
        for rule in column.rules:
            for finding in rule.check(column, by_column[column.id], ctx):
                if finding.severity == FAIL and severity.get(rule.kind, FAIL) == WARN:
                    finding = replace(finding, severity=WARN)
                findings.append(finding)
    return findings


def failing(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == FAIL]


def check_severity(severity: Mapping[str, str]) -> list[str]:
    """Problems in a severity setting, as messages."""
    problems = []
    for kind, level in severity.items():
        if kind not in (*KINDS, "forged_date"):
            problems.append(f"unknown rule kind `{kind}` in severity: use {', '.join(KINDS)}, forged_date")
        elif level not in (FAIL, WARN):
            problems.append(f"severity of `{kind}` must be fail or warn, not `{level}`")
    return problems


@dataclass(frozen=True)
class Settings:
    """How the check runs: the same for the plugin and the CLI."""

    as_of: str | dt.date | None = None  # a pinned evaluation date
    horizon: int = DEFAULT_HORIZON
    severity: Mapping[str, str] = field(default_factory=dict)
    holidays: Path | None = None  # the override file of the working-day calendar
    forged_dates: bool = True
    forged_grace_days: int = 3
    forged_since: dt.date | None = None
    thresholds: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    today: dt.date
    today_source: str
    findings: list[Finding]
    standing: Standing
    calendar: WorkCalendar
    notes: list[str]  # things to tell loudly that are not findings

    @property
    def failing(self) -> list[Finding]:
        return failing(self.findings)


def run(matrix: Matrix, documents: list[Document], content_dir: Path, settings: Settings,
        environ: Mapping[str, str] | None = None) -> Result:
    """The whole check: rules, forged dates, the inspection standing.

    Raises GongkaiError for a bad holiday file, and clock.BadDate for a bad as-of date.
    """
    today, source = clock.today(settings.as_of, environ)
    calendar = load_calendar(settings.holidays, settings.holidays.name if settings.holidays else None)
    findings = evaluate(matrix, documents, today, calendar, settings.horizon, settings.severity)
    notes = []
    if settings.forged_dates:
        history = read_history(content_dir)
        if history.shallow:
            notes.append(history.note)
        forged = forged_dates(matrix, documents, history, settings.forged_grace_days,
                              settings.forged_since)
        if settings.severity.get("forged_date") == WARN:
            forged = [replace(f, severity=WARN) for f in forged]
        findings.extend(forged)
    guessed = set(calendar.guessed_years) | ({today.year} if not calendar.covers(today.year) else set())
    if guessed:
        years = "、".join(str(y) for y in sorted(guessed))
        notes.append(f"{years}年的节假日安排尚未收录：这些年份暂按周一至周五计算工作日。"
                     f"国务院办公厅发布节假日安排通知后，请把放假和调休上班日期写入 holidays.yml")
    result_standing = standing(matrix, documents, findings, today, settings.thresholds)
    return Result(today, source, findings, result_standing, calendar, notes)
