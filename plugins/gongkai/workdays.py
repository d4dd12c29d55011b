"""China's working days: the State Council's holiday notices, with their make-up days (调休),
and an honest estimate for a year whose notice is not out yet.

The `chinesecalendar` package carries the notices it knows (1.11.0: 2004–2026). The site's
holidays.yml adds a year as soon as its notice is published (`gongkai holidays import`), or
corrects a day. For a year that neither covers, the statutory holidays are computed from the
law (holidays.py) and the unknown 调休 is bounded: ``count`` gives the least and the most
working days a stretch can have under every arrangement the State Council's principle
allows, so a verdict that holds for both stands and one that does not is provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from . import holidays as law
from . import yamlfile
from .clock import YEARS
from .errors import GongkaiError, Problem

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """A number of working days: exact when ``least == most``."""

    least: int
    most: int
    estimated: tuple[int, ...] = ()  # years without a notice whose 调休 the number depends on


@dataclass(frozen=True)
class WorkCalendar:
    """Answers "is this a working day?" and does working-day arithmetic."""

    holidays: frozenset[dt.date] = frozenset()  # days off the site's notices add (holidays.yml)
    workdays: frozenset[dt.date] = frozenset()  # weekend days they make working days
    notice_years: frozenset[int] = frozenset()  # years holidays.yml holds a notice for
    _answers: dict[dt.date, bool] = field(default_factory=dict, compare=False, repr=False)
    _covered: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)
    _estimated: set[int] = field(default_factory=set, compare=False, repr=False)
    _prefixes: dict[int, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def covers(self, year: int) -> bool:
        """Whether a notice for ``year`` is known (holidays.yml or chinesecalendar)."""
        answer = self._covered.get(year)
        if answer is None:
            answer = year in self.notice_years
            if not answer:
                try:
                    chinese_calendar.is_workday(dt.date(year, 6, 1))
                    answer = True
                except NotImplementedError:
                    answer = False
            self._covered[year] = answer
        return answer

    def is_workday(self, day: dt.date) -> bool:
        """The notice's answer; for a year without one, weekdays that are not statutory holidays."""
        answer = self._answers.get(day)
        if answer is None:  # chinese_calendar validates every date it is asked: remember
            answer = self._answers[day] = self._is_workday(day)
        return answer

    def _is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year in self.notice_years:
            return day.weekday() < 5
        if self.covers(day.year):
            return chinese_calendar.is_workday(day)
        self._estimated.add(day.year)
        return day.weekday() < 5 and day not in law.statutory_days(day.year)

    @property
    def estimated_years(self) -> tuple[int, ...]:
        """Years without a notice that a calculation has looked into."""
        return tuple(sorted(self._estimated))

    def _unsettled(self, start: dt.date, end: dt.date):
        """The holidays of years without a notice whose arrangement may touch (start, end]."""
        for year in range(start.year, end.year + 2):  # next year's 元旦 may reach back into December
            if year < dt.MINYEAR or year > dt.MAXYEAR or self.covers(year):
                continue
            for holiday in law.arrangements(year):
                first, last = holiday.reach
                if last > start and first <= end:
                    yield year, holiday

    def _prefix(self, year: int) -> list[int]:
        """Working days among the first n days of ``year``, for every n (computed once a year)."""
        prefix = self._prefixes.get(year)
        if prefix is None:
            prefix, total, day = [0], 0, dt.date(year, 1, 1)
            while day.year == year:
                total += self.is_workday(day)
                prefix.append(total)
                if day == dt.date.max:
                    break
                day += ONE_DAY
            self._prefixes[year] = prefix
        return prefix

    def _base(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end] by ``is_workday``."""
        total, year = 0, start.year
        while year <= end.year:
            prefix = self._prefix(year)
            first = start.timetuple().tm_yday if year == start.year else 0
            last = end.timetuple().tm_yday if year == end.year else len(prefix) - 1
            total += prefix[last] - prefix[first]
            year += 1
        return total

    def count(self, start: dt.date, end: dt.date) -> Span:
        """Working days after ``start`` up to and including ``end`` (zero when end <= start)."""
        if end <= start:
            return Span(0, 0)
        least = most = self._base(start, end)
        estimated = set()
        for year, holiday in self._unsettled(start, end):
            low, high = holiday.bounds(start, end)
            least, most = least + low, most + high
            if low != high or low:
                estimated.add(year)
        return Span(max(least, 0), max(most, 0), tuple(sorted(estimated)))

    def limits(self, day: dt.date, count: int) -> tuple[dt.date, dt.date]:
        """The earliest and the latest date the ``count``-th working day after ``day`` (before it,
        when negative) can be; the same date twice when every notice it needs is known."""
        if count == 0:
            return day, day
        need = abs(count)

        def reached(offset: int, bound: str) -> bool:
            """Whether ``offset`` days from ``day`` hold ``need`` working days at least (bound least)
            or possibly (bound most)."""
            if count > 0:
                span = self.count(day, day + dt.timedelta(days=offset))
            else:
                span = self.count(day - dt.timedelta(days=offset + 1), day - ONE_DAY)
            return getattr(span, bound) >= need

        def first(bound: str) -> int:
            # Both bounds grow with the stretch: search for the first offset that reaches.
            high = need
            while not reached(high, bound):
                high *= 2
            low = need - 1  # fewer days than working days never reach
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (low, middle) if reached(middle, bound) else (middle, high)
            return high

        early, late = first("most"), first("least")
        if count > 0:
            return day + dt.timedelta(days=early), day + dt.timedelta(days=late)
        return day - dt.timedelta(days=late), day - dt.timedelta(days=early)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start);
        the least number where the 调休 is not known."""
        if end < start:
            return -self.between(end, start)
        return self.count(start, end).least


def load_calendar(path: Path | None, shown_as: str | None = None) -> WorkCalendar:
    """The working-day calendar, with the site's notices from holidays.yml when there is one.

    The file maps a year to its notice::

        2027:
          source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）
          holidays: [2027-01-01, …]   # every day off that falls Monday–Friday
          workdays: [2027-02-06, …]   # weekend days made into working days (调休)

    A notice may reach into the December before its year (2019's 元旦 began on 2018-12-30).
    """
    if path is None or not path.exists():
        return WorkCalendar()
    name = shown_as or path.name
    data = yamlfile.load_file(path, name)
    if data is None:
        return WorkCalendar()
    problems: list[Problem] = []
    if not isinstance(data, yamlfile.Mapping):
        raise GongkaiError([Problem(name, 1, "节假日文件应按年份列出各年的放假安排",
                                    "参照文件开头的示例，或运行 gongkai holidays import 导入通知")])
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    years: set[int] = set()
    lines: dict[dt.date, int | None] = {}
    for key, notice in data.items():
        line = data.line_of(key)
        if not str(key).isdigit() or int(key) not in YEARS or not isinstance(notice, yamlfile.Mapping):
            problems.append(Problem(name, line, f"“{key}”不是年份及其放假安排",
                                    "写作 `2027:`，下面是 `holidays:` 和 `workdays:` 两个日期列表"))
            continue
        year = int(key)
        years.add(year)
        for entry, target, meaning in (("holidays", holidays, "放假日"), ("workdays", workdays, "调休上班日")):
            days = notice.get(entry) or []
            for value in days if isinstance(days, list) else [days]:
                parsed = _date(value)
                if parsed is None or not dt.date(year - 1, 12, 1) <= parsed <= dt.date(year, 12, 31):
                    problems.append(Problem(name, notice.line_of(entry),
                                            f"{year}年的{meaning}“{value}”不是{year}年（或上一年12月）的日期",
                                            "日期写作 YYYY-MM-DD，例如 2027-01-01"))
                else:
                    target.add(parsed)
                    lines[parsed] = notice.line_of(entry)  # workdays' line, the later, for a clash
        unknown = set(notice) - {"source", "holidays", "workdays"}
        if unknown:
            problems.append(Problem(name, line, f"未知的键：{'、'.join(sorted(map(str, unknown)))}",
                                    "只能写 source、holidays 和 workdays"))
    both = holidays & workdays
    if both:
        problems.append(Problem(name, lines[min(both)], "这些日期既是放假日又是上班日："
                                + "、".join(d.isoformat() for d in sorted(both)), "每个日期只写在一个列表里"))
    if problems:
        raise GongkaiError(problems)
    return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(years))


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def days_between(start: dt.date, end: dt.date, working: bool, calendar: WorkCalendar) -> int:
    """Days from ``start`` to ``end`` in the rule's kind of days."""
    return calendar.between(start, end) if working else (end - start).days
