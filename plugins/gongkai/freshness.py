"""The freshness check: every column's rules judged against its documents on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import clock
from .documents import Document, on_site_by_column
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

    A rule on a column with sub-columns is judged on the documents of all of them. An
    optional column without documents is left out. ``severity`` maps a rule kind (periodic,
    deadline, interpretation, yearly, not_empty) to fail or warn; unnamed kinds fail. Columns
    due within ``horizon`` working days, advisory rules and verdicts that depend on a year's
    unpublished 调休 are warnings whatever the kind.
    """
    calendar = calendar or WorkCalendar()
    by_column = on_site_by_column(documents, today)
    left_out = matrix.left_out(set(by_column))
    ctx = Context(today, calendar, horizon, {d.path: d for docs in by_column.values() for d in docs})
    severity = severity or {}
    findings = []
    for column in matrix.columns():
        if not column.rules or column.id in left_out:
            continue
        mine = matrix.documents_under(column, by_column)
        for rule in column.rules:
            for finding in rule.check(column, mine, ctx):
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
            problems.append(f"severity 中没有 `{kind}` 这种规则：可用 {'、'.join(KINDS)}、forged_date")
        elif level not in (FAIL, WARN):
            problems.append(f"severity 中 `{kind}` 只能是 fail 或 warn，不能是 `{level}`")
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
    notes: list[str]  # things to tell that are not findings and do not stop the site
    problems: list[str] = field(default_factory=list)  # conditions that stop it though no rule is broken
    documents: list[Document] = field(default_factory=list)  # those on the site at the moment judged

    @property
    def failing(self) -> list[Finding]:
        return failing(self.findings)

    @property
    def ok(self) -> bool:
        """The check passes: the build may publish (the same answer for CLI and plugin)."""
        return not self.failing and not self.problems


def run(matrix: Matrix, documents: list[Document], content_dir: Path, settings: Settings,
        environ: Mapping[str, str] | None = None) -> Result:
    """The whole check: rules, forged dates, the inspection standing.

    Raises GongkaiError for a bad holiday file, and clock.BadDate for a bad as-of date.
    """
    now, source = clock.moment(settings.as_of, environ)
    today = now.date()
    calendar = load_calendar(settings.holidays, settings.holidays.name if settings.holidays else None)
    # Only what is on the site at this moment counts (a document due at 18:00 today is not yet).
    documents = [d for d in documents if not d.is_public or d.is_published_at(now)]
    findings = evaluate(matrix, documents, today, calendar, settings.horizon, settings.severity)
    notes, problems = [], []
    if settings.forged_dates:
        history = read_history(content_dir)
        if history.shallow:
            problems.append(history.note)  # the forged-date guard cannot run: say so, and stop
        forged = forged_dates(matrix, documents, history, settings.forged_grace_days,
                              settings.forged_since)
        if settings.severity.get("forged_date") == WARN:
            forged = [replace(f, severity=WARN) for f in forged]
        findings.extend(forged)
    notes.extend(calendar_notes(calendar, today))
    result_standing = standing(matrix, documents, findings, today, settings.thresholds)
    return Result(today, source, findings, result_standing, calendar, notes, problems, documents)


def calendar_notes(calendar: WorkCalendar, today: dt.date) -> list[str]:
    """What to tell about years whose holiday notice is missing (never a failure)."""
    missing = set(calendar.estimated_years) | ({today.year} if not calendar.covers(today.year) else set())
    notes = []
    if missing:
        years = "、".join(f"{y}年" for y in sorted(missing))
        notes.append(f"{years}的节假日安排尚未收录：按《全国年节及纪念日放假办法》计算法定节假日，"
                     "调休按国务院办公厅的放假原则估算，取决于调休的结论标为“待定”、不影响发布。"
                     "通知发布后，运行 gongkai holidays import 通知.txt 导入 holidays.yml")
    if today.month >= 11 and not calendar.covers(today.year + 1) and today.year + 1 not in missing:
        notes.append(f"{today.year + 1}年的节假日安排尚未导入：国务院办公厅通知一般在11月至12月发布，"
                     "发布后运行 gongkai holidays import 通知.txt")
    return notes
