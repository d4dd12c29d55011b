"""Update rules: the machine-readable form of a column's 维护更新要求.

Each rule is one line of text in a column's `rules:` list in columns.yml, written the way
the requirement reads in real matrices; ``FORMS`` lists every form with an example. Digits
may be written as Chinese numerals (每月至少一条) or full-width (每１２个日历日), and a rule
that starts with 尽量 (尽量做到每日更新) is advisory: it reminds, it never fails the build.

A rule on a column with sub-columns is met by the documents of all of them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Protocol

from .findings import FAIL, WARN, Finding
from .workdays import WorkCalendar, days_between


class Document(Protocol):
    """What a rule reads of a document (documents.Document has it); the rules stay below
    the loader that parses documents, which needs the matrix, which needs the rules."""

    @property
    def path(self) -> str: ...
    @property
    def published_date(self) -> dt.date: ...
    @property
    def dates(self) -> dict[str, dt.date]: ...
    @property
    def late_reason(self) -> str: ...
    @property
    def interprets(self) -> str | None: ...

KINDS = ("periodic", "deadline", "interpretation", "yearly", "not_empty")

#: Every form a rule can take, with an example from a real matrix and what it means.
FORMS: tuple[tuple[str, str, str], ...] = (
    ("每季度至少1条", "每季度不少于1次更新", "最新一条信息距今不超过一个季度（也可写 周、月、半年、年）"),
    ("每个自然季度至少1条", "每季度不少于1次更新", "每个自然季度（月、半年、年）都有信息"),
    ("每半年更新不少于1次", "每半年更新不少于1次", "同“每半年至少1条”"),
    ("每6个月至少1条", "政策文件类一级栏目6个月内须有更新", "最新一条信息距今不超过6个月"),
    ("6个月内须有更新", "政策文件类一级栏目6个月内须有更新", "同上；写在上级栏目上时，下级栏目的信息都算"),
    ("最迟1年内必须有更新", "及时更新，最迟1年内必须有更新", "最新一条信息距今不超过1年"),
    ("每12个日历日至少1条", "最大更新间隔不得超过12个日历日", "最新一条信息距今不超过12天（日历日）"),
    ("最大更新间隔不得超过12个日历日", "最大更新间隔不得超过12个日历日", "同上"),
    ("每10个工作日至少1条", "—", "最新一条信息距今不超过10个工作日（按法定节假日和调休计算）"),
    ("每日更新", "尽量做到每日更新", "每天都有信息；前面加“尽量”即为建议性要求"),
    ("成文日期后1个工作日内", "信息公开网无专门栏目公开的业务文件，1个工作日内主动公开", "每篇信息在成文日期后1个工作日内发布"),
    ("上级发布日期后1个工作日内", "国家安全监管总局、省政府规范性文件公开后1个工作日",
     "每篇信息在其“上级发布日期”后1个工作日内发布"),
    ("信息形成或变更之日起20个工作日内公开", "信息形成或变更之日起20个工作日内公开",
     "每篇信息在成文日期（有“变更日期”时按变更日期）后20个工作日内发布（条例第二十六条）"),
    ("决定日期后7个工作日内", "对审批结果进行双公示", "双公示：决定作出后7个工作日内公开"),
    ("决定日期后15日内", "在行政许可、行政处罚形成15日内在上海民防网站上公示", "按日历日计算"),
    ("事故发生日期当日", "事故发生当日", "当日发布"),
    ("征求意见函日期当日", "与印发征求意见函同步", "当日发布"),
    ("执法日期前至少3个工作日", "按执法计划提前3个工作日公开", "提前3个工作日公开"),
    ("与所解读政策同日", "同重大决策规范性文件同步解读", "政策解读与所解读政策同日发布（信息须有“解读”字段）"),
    ("所解读政策发布后3个工作日内", "相关解读材料应于文件公布后3个工作日内主动发布", "解读在政策发布后3个工作日内发布"),
    ("每年1月31日前发布上一年度", "每年1月31日前……公布上一年度政府信息公开工作年度报告（条例第四十九条）", "年度报告"),
    ("不得为空", "收集反馈意见，采纳意见予以归总，不采纳意见应予说明", "没有时限，但栏目不能为空"),
    ("根据相关文件要求及时发布", "根据相关文件要求及时发布", "没有可核对的时限：不作检查，只作记录"),
    ("可不设置本栏目", "没有相关统计数据的部门可不设置本栏目", "可选栏目：没有信息时不在网站上显示，也不算空白栏目"),
)

#: Largest numbers a rule may hold: beyond them a rule is a typo, not a requirement.
LIMITS = {"count": 1000, "month": 60, "day": 1830, "workday": 1250,
          "deadline_day": 366, "deadline_workday": 250}
UNIT_TEXT = {"month": "个月", "day": "天", "workday": "个工作日"}


@dataclass(frozen=True)
class Context:
    """What every rule needs to judge a column."""

    today: dt.date
    calendar: WorkCalendar
    horizon: int  # working days ahead that count as "due soon"
    documents: dict[str, Document]  # every public document, by path

    @cached_property
    def soon_until(self) -> dt.date:
        """The last day that is "due soon": the horizon's latest possible end (once per check)."""
        return self.calendar.limits(self.today, self.horizon)[1]


class RuleError(ValueError):
    """A rule that cannot be used; the message says why, ``hint`` what to write instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


# -- judging against a calendar that may be partly estimated ---------------------------------

MET, BROKEN, UNSURE = "met", "broken", "unsure"


def _reaches(ctx: Context, start: dt.date, end: dt.date, need: int) -> tuple[str, tuple[int, ...]]:
    """Whether (start, end] holds at least ``need`` working days: MET (always), BROKEN (never)
    or UNSURE (it depends on a year's unpublished 调休), with the years it depends on."""
    span = ctx.calendar.count(start, end)
    if span.least >= need:
        return MET, span.estimated
    if span.most < need:
        return BROKEN, span.estimated
    return UNSURE, span.estimated


def _years(years: tuple[int, ...]) -> str:
    return "、".join(f"{y}年" for y in years)


def _pending(years: tuple[int, ...], first: dt.date, last: dt.date) -> str:
    return (f"期限在 {first} 至 {last} 之间，取决于{_years(years)}的调休安排（国务院办公厅通知尚未公布）；"
            "通知公布后运行 gongkai holidays import 即可确定")


@dataclass(frozen=True)
class Rule:
    text: str
    advisory: bool = field(default=False, kw_only=True)  # 尽量…: reminds, never fails

    kind = ""
    timed = True  # it sets a limit the column can miss

    def check(self, column, documents: list[Document], ctx: Context) -> list[Finding]:
        raise NotImplementedError

    def next_due(self, documents: list[Document], ctx: Context) -> dt.date | None:
        """When the column must next be updated under this rule; None for rules on single documents."""
        return None

    def finding(self, column, status: str, **values) -> Finding:
        severity = WARN if status in ("due_soon", "provisional") or self.advisory else FAIL
        if self.advisory and status not in ("due_soon", "provisional"):
            values["note"] = "；".join(filter(None, [values.get("note", ""), "建议性要求，不影响发布"]))
        return Finding(column.id, column.title, column.lead, self.text, self.kind, status, severity, **values)

    def broken(self, column, status: str, due: dt.date, overdue: int, years: tuple[int, ...] = (),
               working: bool = True, **values) -> Finding:
        """``status`` (late, overdue): ``overdue`` days past ``due``, at least one; the years
        whose 调休 the count estimates are noted."""
        return self.finding(column, status, due=due, working_days=working, overdue=max(overdue, 1),
                            estimated=years, note=f"含{_years(years)}调休估算" if years else "", **values)

    def provisional(self, column, years: tuple[int, ...], first: dt.date, last: dt.date, **values) -> Finding:
        """Met or broken depending on a 调休 not yet announced: the limit is between ``first`` and ``last``."""
        return self.finding(column, "provisional", due=first, working_days=True,
                            note=_pending(years, first, last), estimated=years, **values)

    def judge(self, column, document: Document, base: dt.date, days: int, working: bool,
              before: bool, ctx: Context) -> list[Finding]:
        """A finding when ``document`` came out after its limit: ``days`` after ``base``, or at
        least ``days`` before it; none when on time or when its lateness is on record."""
        published = document.published_date
        if document.late_reason:
            return []
        if not working or days == 0:
            offset = dt.timedelta(days=-days if before else days)
            limit = base + offset
            if published <= limit:
                return []
            return [self.broken(column, "late", limit, days_between(limit, published, working, ctx.calendar),
                                working=working, document=document.path, last_update=published)]
        day = dt.timedelta(days=1)
        if before:  # on time when [published, base) holds `days` working days
            verdict, years = _reaches(ctx, published - day, base - day, days)
        else:  # late when (base, published) already holds `days` working days
            reached, years = _reaches(ctx, base, published - day, days)
            verdict = {MET: BROKEN, BROKEN: MET, UNSURE: UNSURE}[reached]
        if verdict == MET:
            return []
        first, last = ctx.calendar.limits(base, -days if before else days)
        if verdict == UNSURE:
            return [self.provisional(column, years, first, last, document=document.path, last_update=published)]
        return [self.broken(column, "late", last, ctx.calendar.between(last, published), years,
                            document=document.path, last_update=published)]


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
    """Due within the horizon's working days (the horizon's latest possible end)."""
    return ctx.today <= due <= ctx.soon_until


def _newest(documents: list[Document]) -> dt.date | None:
    return max((d.published_date for d in documents), default=None)


@dataclass(frozen=True)
class Periodic(Rule):
    """At least ``count`` items per interval: a rolling window (the ``count``-th newest item is at
    most ``amount`` months, days or working days old), or every calendar period."""

    count: int = 1
    amount: int = 3
    unit: str = "month"  # month, day or workday
    calendar_periods: bool = False
    kind = "periodic"

    def _due(self, base: dt.date, ctx: Context) -> tuple[dt.date, dt.date]:
        """The earliest and latest possible due date after the item of ``base``."""
        if self.unit == "month":
            due = add_months(base, self.amount)
        elif self.unit == "day":
            due = base + dt.timedelta(days=self.amount)
        else:
            return ctx.calendar.limits(base, self.amount)
        return due, due

    def check(self, column, documents, ctx):
        dates = sorted((d.published_date for d in documents), reverse=True)
        if not dates:
            return [self.finding(column, "empty")]
        last = dates[0]
        if self.calendar_periods:
            return self._check_calendar(column, dates, ctx)
        if len(dates) < self.count:
            return [self.finding(column, "overdue", last_update=last,
                                 note=f"共 {len(dates)} 条，少于 {self.count} 条")]
        base = dates[self.count - 1]
        first, latest = self._due(base, ctx)
        working = self.unit == "workday"
        if working:
            verdict, years = _reaches(ctx, base, ctx.today - dt.timedelta(days=1), self.amount)
        else:
            verdict, years = (MET if ctx.today > first else BROKEN), ()
        if verdict == MET:  # the interval has passed
            return [self.broken(column, "overdue", latest, days_between(latest, ctx.today, working, ctx.calendar),
                                years, working, last_update=last)]
        if verdict == UNSURE:
            return [self.provisional(column, years, first, latest, last_update=last)]
        if _soon(ctx, first):
            return [self.finding(column, "due_soon", last_update=last, due=first)]
        return []

    def next_due(self, documents, ctx):
        dates = sorted((d.published_date for d in documents), reverse=True)
        if self.calendar_periods:
            return self.period_of(ctx.today)[1]
        return self._due(dates[self.count - 1], ctx)[0] if len(dates) >= self.count else None

    def period_of(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The natural period (month, quarter, half-year, year) that holds ``day``."""
        first_month = (day.month - 1) // self.amount * self.amount + 1
        start = dt.date(day.year, first_month, 1)
        return start, add_months(start, self.amount) - dt.timedelta(days=1)

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
    the date in its front-matter ``field`` (or ``changed``, when the document has that one)."""

    field: str = "成文日期"
    days: int = 1
    working: bool = True
    before: bool = False
    changed: str = ""  # 信息形成或变更之日: a later 变更日期 replaces 成文日期
    kind = "deadline"

    def check(self, column, documents, ctx):
        findings = []
        for document in documents:
            base = document.dates.get(self.changed) if self.changed else None
            base = base or document.dates.get(self.field)
            if base is None:
                findings.append(self.finding(column, "missing_date", document=document.path,
                                             last_update=document.published_date,
                                             note=f"缺少“{self.field}”字段，无法核对时限"))
                continue
            findings += self.judge(column, document, base, self.days, self.working, self.before, ctx)
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
            findings += self.judge(column, document, policy.published_date, self.days, True, False, ctx)
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


@dataclass(frozen=True)
class NoTimeLimit(Rule):
    """根据相关文件要求及时发布: a requirement with no limit that can be checked; kept on record."""

    kind = "no_time_limit"
    timed = False

    def check(self, column, documents, ctx):
        return []


@dataclass(frozen=True)
class OptionalColumn(Rule):
    """…可不设置本栏目: the column may be left out; empty, it is not on the site nor a 空白栏目."""

    kind = "optional"
    timed = False

    def check(self, column, documents, ctx):
        return []


# -- reading rule text ------------------------------------------------------------------------

_NUMERAL = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
            "八": 8, "九": 9}
_POWER = {"十": 10, "百": 100, "千": 1000}
_COUNTERS = "个条次日天年周月季工"


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105."""
    total, digit = 0, None
    for char in text:
        if char in _NUMERAL:
            digit = _NUMERAL[char]
        else:
            total += (1 if digit is None else digit) * _POWER[char]
            digit = None
    return total + (digit or 0)


def normalise(text: str) -> str:
    """Full-width forms to ASCII, no spaces, Chinese numerals before a counter as digits."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return re.sub(rf"[零〇一二两三四五六七八九十百千]+(?=[{_COUNTERS}])",
                  lambda m: str(chinese_number(m[0])), text)


_UNITS = {"月": ("month", 1), "个月": ("month", 1), "季度": ("month", 3), "个季度": ("month", 3),
          "半年": ("month", 6), "年": ("month", 12), "周": ("day", 7), "个星期": ("day", 7),
          "星期": ("day", 7), "日": ("day", 1), "天": ("day", 1), "个日历日": ("day", 1),
          "日历日": ("day", 1), "个自然日": ("day", 1), "自然日": ("day", 1),
          "个工作日": ("workday", 1), "工作日": ("workday", 1)}
_UNIT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_PERIODS = {"月": 1, "季度": 3, "半年": 6, "年": 12}
_COUNT = r"(?:至少|不少于|最少)?(?:更新|发布)?(?:不少于|至少)?(\d+)(?:条|次|篇|件)(?:信息)?(?:更新)?"
_FIELD = r"(\S*?日期)"
_PUBLISH = r"(?:主动)?(?:公开|发布|更新)?"


def _interval(amount: str | None, unit: str) -> tuple[int, str]:
    kind, size = _UNITS[unit]
    return (int(amount) if amount else 1) * size, kind


def _periodic(text, amount, unit, count="1", calendar=False):
    value, kind = _interval(amount, unit)
    return Periodic(text, count=int(count), amount=value, unit=kind, calendar_periods=calendar)


_PATTERNS: list[tuple[re.Pattern, object]] = [
    (re.compile(rf"^每个?自然(月|季度|半年|年){_COUNT}$"),
     lambda m, t: Periodic(t, count=int(m[2]), amount=_PERIODS[m[1]], calendar_periods=True)),
    (re.compile(rf"^每(\d+)?({_UNIT}){_COUNT}$"), lambda m, t: _periodic(t, m[1], m[2], m[3])),
    (re.compile(rf"^每(\d+)?({_UNIT})(?:至少)?(?:有)?(?:更新|信息)(?:(\d+)(?:条|次))?$"),
     lambda m, t: _periodic(t, m[1], m[2], m[3] or "1")),
    (re.compile(rf"^(?:\S*?栏目)?(\d+)({_UNIT})内(?:须|必须|应|应当)?有(?:更新|信息)$"),
     lambda m, t: _periodic(t, m[1], m[2])),
    (re.compile(rf"^(?:及时更新,?)?最迟(\d+)({_UNIT})内(?:须|必须|应|应当)?有(?:更新|信息)$"),
     lambda m, t: _periodic(t, m[1], m[2])),
    (re.compile(rf"^(?:最大)?更新间隔不(?:得|应)?超过(\d+)({_UNIT})$"), lambda m, t: _periodic(t, m[1], m[2])),
    (re.compile(rf"^(?:自|从)?(?:该)?(?:政府)?信息形成或者?变更之日起(\d+)(个工作日|日|天)内(?:及时|予以)?{_PUBLISH}$"),
     lambda m, t: Deadline(t, "成文日期", int(m[1]), "工作日" in m[2], False, "变更日期")),
    (re.compile(rf"^{_FIELD}(?:后|起)(\d+)(个工作日|工作日)内{_PUBLISH}$"),
     lambda m, t: Deadline(t, m[1], int(m[2]), True)),
    (re.compile(rf"^{_FIELD}(?:后|起)(\d+)(日|天|个日历日|日历日)内{_PUBLISH}$"),
     lambda m, t: Deadline(t, m[1], int(m[2]), False)),
    (re.compile(rf"^{_FIELD}(?:当日|当天){_PUBLISH}$"), lambda m, t: Deadline(t, m[1], 0, False)),
    (re.compile(rf"^{_FIELD}前(?:至少)?(\d+)(个工作日|工作日){_PUBLISH}$"),
     lambda m, t: Deadline(t, m[1], int(m[2]), True, True)),
    (re.compile(rf"^{_FIELD}前(?:至少)?(\d+)(日|天|个日历日){_PUBLISH}$"),
     lambda m, t: Deadline(t, m[1], int(m[2]), False, True)),
    (re.compile(rf"^与所解读政策同(?:日|步){_PUBLISH}$"), lambda m, t: Interpretation(t, 0)),
    (re.compile(rf"^所解读政策(?:发布|公开)后(\d+)个工作日内{_PUBLISH}$"), lambda m, t: Interpretation(t, int(m[1]))),
    (re.compile(r"^每年(\d{1,2})月(\d{1,2})日前(?:发布|公开|公布)上[一1]?年度\S*$"),
     lambda m, t: Yearly(t, int(m[1]), int(m[2]))),
    (re.compile(r"^不得为空$"), lambda m, t: NotEmpty(t)),
    (re.compile(r"^根据\S*?(?:要求|规定)及时(?:发布|公开|更新)$"), lambda m, t: NoTimeLimit(t)),
    (re.compile(r"^\S*?可(?:以)?不(?:设置|设|开设)本?栏目$"), lambda m, t: OptionalColumn(t)),
]
_ADVISORY = re.compile(r"^(?:尽量|尽可能|力争|原则上)(?:做到)?")


def parse_rule(text: object) -> Rule:
    """The rule a line of text means; RuleError with a suggestion when it means none, or when
    it cannot be right (a date not in every year, a count of zero, a limit of centuries)."""
    if not isinstance(text, str):
        raise RuleError(f"规则应是一行文字，不是“{text}”", "把规则写成文字，例如 `- 每季度至少1条`")
    shown = text.strip()
    cleaned = normalise(shown)
    advisory = bool(_ADVISORY.match(cleaned))
    body = _ADVISORY.sub("", cleaned)
    for pattern, build in _PATTERNS:
        match = pattern.match(body)
        if match:
            rule = build(match, shown)
            _check_bounds(rule, shown)
            if advisory:
                if isinstance(rule, (NoTimeLimit, OptionalColumn)):
                    raise RuleError(f"规则“{shown}”前的“尽量”没有意义", f"写作“{body}”")
                rule = _with_advisory(rule)
            return rule
    suggestion = suggest(cleaned)
    raise RuleError(f"看不懂规则“{shown}”", f"是不是“{suggestion}”？" if suggestion else
                    "可用的写法：" + "；".join(form for form, _, _ in FORMS))


def _with_advisory(rule: Rule) -> Rule:
    return replace(rule, advisory=True)


def _check_bounds(rule: Rule, text: str) -> None:
    if isinstance(rule, Periodic):
        if not 1 <= rule.count <= LIMITS["count"]:
            raise RuleError(f"规则“{text}”：条数须在 1 到 {LIMITS['count']} 之间", "例如 每季度至少1条")
        if not 1 <= rule.amount <= LIMITS[rule.unit]:
            raise RuleError(f"规则“{text}”：间隔须在 1 到 {LIMITS[rule.unit]} {UNIT_TEXT[rule.unit]}之间",
                            "间隔写成几个月、几天或几个工作日，例如 每6个月至少1条")
    if isinstance(rule, Deadline):
        if rule.field == "发布日期":
            raise RuleError(f"规则“{text}”：期限不能从发布日期起算", "写成信息中另一个日期字段，例如 成文日期后1个工作日内")
        most = LIMITS["deadline_workday" if rule.working else "deadline_day"]
        if rule.days > most:
            raise RuleError(f"规则“{text}”：期限不能超过 {most} {'个工作日' if rule.working else '天'}",
                            "检查是否多写了数字")
    if isinstance(rule, Interpretation) and rule.days > LIMITS["deadline_workday"]:
        raise RuleError(f"规则“{text}”：期限不能超过 {LIMITS['deadline_workday']} 个工作日", "检查是否多写了数字")
    if isinstance(rule, Yearly):
        try:
            dt.date(2023, rule.month, rule.day)  # not a leap year: the date must exist every year
        except ValueError:
            hint = "写作 2月28日" if (rule.month, rule.day) == (2, 29) else "写一个每年都有的日期，例如 1月31日"
            raise RuleError(f"规则“{text}”：{rule.month}月{rule.day}日不是每年都有的日期", hint) from None


#: Words of a matrix's requirement text, and the rule that usually expresses them.
_KEYWORDS = (("双公示", "决定日期后7个工作日内"), ("解读", "与所解读政策同日"), ("年度报告", "每年1月31日前发布上一年度"),
             ("征求意见", "征求意见函日期当日"), ("提前", "执法日期前至少3个工作日"), ("事故", "事故发生日期当日"))
#: Forms a suggestion may take besides FORMS.
_MORE_FORMS = ("每月至少1条", "每周至少1条", "每半年至少1条", "每年至少1条", "每月更新", "每周更新",
               "每季度更新", "每半年更新", "每年更新", "每个自然月至少1条")


def suggest(text: str) -> str:
    """The form nearest to ``text``, with the numbers and the date field it was written with."""
    numbers = re.findall(r"\d+", text)
    field_match = re.match(r"^(\S*?日期)", text)
    if not numbers and not field_match:
        for word, form in _KEYWORDS:
            if word in text:
                return form
    shape = re.sub(r"\d+", "N", text)
    best, score = "", 0.0
    for form in (*(f for f, _, _ in FORMS), *_MORE_FORMS):
        candidate = re.sub(r"\d+", "N", form)
        if field_match and "日期" in form and not form.startswith(("信息", "与", "所")):
            candidate = field_match[1] + candidate[candidate.index("日期") + 2:]
        ratio = difflib.SequenceMatcher(None, shape, candidate).ratio()
        ratio += 0.1 * (candidate.count("N") == len(numbers))  # the same numbers, in their places
        if ratio > score:
            best, score = candidate, ratio
    if score < 0.5:
        return ""
    filled = iter(numbers)
    return re.sub("N", lambda _: next(filled, "1"), best)
