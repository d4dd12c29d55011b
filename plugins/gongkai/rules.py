"""Update rules: the machine-readable form of a column's 维护更新要求.

Each rule is one line of text in the column's `rules:` list in columns.yml, written the
way the requirement reads:

    每季度至少1条                 periodic, rolling window (the newest item is at most a quarter old)
    每个自然季度至少1条           periodic, calendar periods (every natural quarter has one)
    成文日期后1个工作日内         per document: published ≤ 1 working day after its 成文日期
    决定日期后20日内              per document, calendar days
    事故发生日期当日              per document, the same calendar day
    执法日期前至少3个工作日       per document, published ≥ 3 working days before the date
    与所解读政策同日              interpretation published with the policy it explains
    所解读政策发布后3个工作日内   … or within N working days of it
    每年1月31日前发布上一年度     yearly: the item on year Y−1 published by 31 January of Y
    不得为空                      no timing, but never empty

Periods are 月, 季度, 半年 and 年. The date field of a per-document rule is any front-matter
field whose name ends in 日期.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .findings import Finding
from .workdays import WorkCalendar, days_between

if TYPE_CHECKING:
    from .documents import Document

PERIOD_MONTHS = {"月": 1, "季度": 3, "半年": 6, "年": 12}
KINDS = ("periodic", "deadline", "interpretation", "yearly", "not_empty")

FORMS = ("每季度至少1条", "每个自然季度至少1条", "成文日期后1个工作日内", "决定日期后20日内",
         "事故发生日期当日", "执法日期前至少3个工作日", "与所解读政策同日", "所解读政策发布后3个工作日内",
         "每年1月31日前发布上一年度", "不得为空")


@dataclass(frozen=True)
class Context:
    """What every rule needs to judge a column."""

    today: dt.date
    calendar: WorkCalendar
    horizon: int  # working days ahead that count as "due soon"
    documents: dict[str, Document]  # every public document, by path


@dataclass(frozen=True)
class Rule:
    text: str

    kind = ""

    def check(self, column, documents: list[Document], ctx: Context) -> list[Finding]:
        raise NotImplementedError

    def next_due(self, documents: list[Document], ctx: Context) -> dt.date | None:
        """When the column must next be updated under this rule; None for rules on single documents."""
        return None

    def late(self, column, document: Document, limit: dt.date, working: bool,
             ctx: Context) -> list[Finding]:
        """A finding when ``document`` came out after ``limit``, unless its lateness is on record."""
        if document.late_reason or document.published_date <= limit:
            return []
        overdue = days_between(limit, document.published_date, working, ctx.calendar)
        return [self.finding(column, "late", document=document.path, last_update=document.published_date,
                             due=limit, working_days=working, overdue=overdue)]

    def finding(self, column, status: str, **values) -> Finding:
        return Finding(column.id, column.title, column.lead, self.text, self.kind, status,
                       "warn" if status == "due_soon" else "fail", **values)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _soon(ctx: Context, due: dt.date) -> bool:
    """Due within the horizon's working days (only the days up to the horizon are looked at)."""
    return ctx.today <= due <= ctx.calendar.shift(ctx.today, ctx.horizon)


def _newest(documents: list[Document]) -> dt.date | None:
    return max((d.published_date for d in documents), default=None)


@dataclass(frozen=True)
class Periodic(Rule):
    """At least ``count`` items per period: rolling window, or every calendar period."""

    count: int = 1
    months: int = 3
    calendar_periods: bool = False
    kind = "periodic"

    def check(self, column, documents, ctx):
        dates = sorted((d.published_date for d in documents), reverse=True)
        last = dates[0] if dates else None
        if not dates:
            return [self.finding(column, "empty")]
        if self.calendar_periods:
            return self._check_calendar(column, dates, ctx)
        if len(dates) < self.count:
            return [self.finding(column, "overdue", last_update=last,
                                 note=f"共 {len(dates)} 条，少于 {self.count} 条")]
        due = add_months(dates[self.count - 1], self.months)
        if ctx.today > due:
            return [self.finding(column, "overdue", last_update=last, due=due,
                                 overdue=(ctx.today - due).days)]
        if _soon(ctx, due):
            return [self.finding(column, "due_soon", last_update=last, due=due)]
        return []

    def next_due(self, documents, ctx):
        dates = sorted((d.published_date for d in documents), reverse=True)
        if self.calendar_periods:
            return self.period_of(ctx.today)[1]
        return add_months(dates[self.count - 1], self.months) if len(dates) >= self.count else None

    def period_of(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The natural period (month, quarter, half-year, year) that holds ``day``."""
        first_month = (day.month - 1) // self.months * self.months + 1
        start = dt.date(day.year, first_month, 1)
        return start, add_months(start, self.months) - dt.timedelta(days=1)

    def _check_calendar(self, column, dates, ctx):
        start, end = self.period_of(ctx.today)
        previous_start, previous_end = self.period_of(start - dt.timedelta(days=1))
        last = dates[0]
        if sum(previous_start <= d <= previous_end for d in dates) < self.count and dates[-1] <= previous_end:
            return [self.finding(column, "overdue", last_update=last, due=previous_end,
                                 overdue=(ctx.today - previous_end).days,
                                 note=f"{previous_start}至{previous_end}期间不足 {self.count} 条")]
        if sum(start <= d <= end for d in dates) < self.count and _soon(ctx, end):
            return [self.finding(column, "due_soon", last_update=last, due=end)]
        return []


@dataclass(frozen=True)
class Deadline(Rule):
    """Each document published within ``days`` of (or, if ``before``, at least that long before)
    the date in its front-matter ``field``."""

    field: str = "成文日期"
    days: int = 1
    working: bool = True
    before: bool = False
    kind = "deadline"

    def limit(self, base: dt.date, ctx: Context) -> dt.date:
        offset = -self.days if self.before else self.days
        return ctx.calendar.shift(base, offset) if self.working else base + dt.timedelta(days=offset)

    def check(self, column, documents, ctx):
        findings = []
        for document in documents:
            base = document.dates.get(self.field)
            if base is None:
                findings.append(self.finding(column, "missing_date", document=document.path,
                                             last_update=document.published_date,
                                             note=f"缺少“{self.field}”字段，无法核对时限"))
                continue
            findings += self.late(column, document, self.limit(base, ctx), self.working, ctx)
        return findings


@dataclass(frozen=True)
class Interpretation(Rule):
    """An interpretation published with (or within ``days`` working days of) its policy."""

    days: int = 0
    kind = "interpretation"

    def check(self, column, documents, ctx):
        findings = []
        for document in documents:
            policy = ctx.documents.get(document.interprets)
            if policy is None:
                findings.append(self.finding(column, "missing_policy", document=document.path,
                                             last_update=document.published_date,
                                             note="用“解读”字段写明所解读政策文件的路径"))
                continue
            findings += self.late(column, document, ctx.calendar.shift(policy.published_date, self.days),
                                  True, ctx)
        return findings


@dataclass(frozen=True)
class Yearly(Rule):
    """The item on year Y−1 published by month/day of year Y."""

    month: int = 1
    day: int = 31
    kind = "yearly"

    def next_due(self, documents, ctx):
        due = dt.date(ctx.today.year, self.month, self.day)
        return due if ctx.today <= due else dt.date(ctx.today.year + 1, self.month, self.day)

    def check(self, column, documents, ctx):
        due = dt.date(ctx.today.year, self.month, self.day)
        previous_due = dt.date(ctx.today.year - 1, self.month, self.day)
        last = _newest(documents)
        on_time = [d for d in documents if previous_due < d.published_date <= due]
        if on_time:
            return []
        if ctx.today <= due:
            return [self.finding(column, "due_soon", last_update=last, due=due)] if _soon(ctx, due) else []
        late = sorted((d for d in documents if d.published_date > due), key=lambda d: d.published_date)
        if late and late[0].late_reason:
            return []
        end = late[0].published_date if late else ctx.today
        return [self.finding(column, "late" if late else "overdue", last_update=last, due=due,
                             overdue=(end - due).days, document=late[0].path if late else "")]


@dataclass(frozen=True)
class NotEmpty(Rule):
    kind = "not_empty"

    def check(self, column, documents, ctx):
        return [] if documents else [self.finding(column, "empty")]


_PATTERNS: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^每(个自然)?(月|季度|半年|年)(?:至少|不少于)(\d+)(?:条|次)(?:更新)?$"),
     lambda m, t: Periodic(t, int(m[3]), PERIOD_MONTHS[m[2]], bool(m[1]))),
    (re.compile(r"^(\S*日期)后(\d+)个工作日内$"), lambda m, t: Deadline(t, m[1], int(m[2]), True)),
    (re.compile(r"^(\S*日期)后(\d+)日内$"), lambda m, t: Deadline(t, m[1], int(m[2]), False)),
    (re.compile(r"^(\S*日期)当日$"), lambda m, t: Deadline(t, m[1], 0, False)),
    (re.compile(r"^(\S*日期)前至少(\d+)个工作日$"), lambda m, t: Deadline(t, m[1], int(m[2]), True, True)),
    (re.compile(r"^(\S*日期)前至少(\d+)日$"), lambda m, t: Deadline(t, m[1], int(m[2]), False, True)),
    (re.compile(r"^与所解读政策同日$"), lambda m, t: Interpretation(t, 0)),
    (re.compile(r"^所解读政策发布后(\d+)个工作日内$"), lambda m, t: Interpretation(t, int(m[1]))),
    (re.compile(r"^每年(\d{1,2})月(\d{1,2})日前发布上一年度$"), lambda m, t: Yearly(t, int(m[1]), int(m[2]))),
    (re.compile(r"^不得为空$"), lambda m, t: NotEmpty(t)),
]


class RuleError(ValueError):
    """A rule that does not parse; the message says which forms exist."""


def parse_rule(text: object) -> Rule:
    if not isinstance(text, str):
        raise RuleError(f"a rule must be a line of text, not {text!r}")
    cleaned = re.sub(r"\s+", "", text)
    for pattern, build in _PATTERNS:
        match = pattern.match(cleaned)
        if match:
            rule = build(match, text.strip())
            if isinstance(rule, Periodic) and rule.count < 1:
                raise RuleError(f"rule “{text}”: the count must be at least 1")
            if isinstance(rule, Yearly):
                try:
                    dt.date(2024, rule.month, rule.day)
                except ValueError:
                    raise RuleError(f"rule “{text}”: {rule.month}月{rule.day}日 is not a date") from None
            if isinstance(rule, Deadline) and rule.field == "发布日期":
                raise RuleError(f"rule “{text}”: a deadline must count from another date than 发布日期")
            return rule
    raise RuleError(f"rule “{text}” is not understood")
