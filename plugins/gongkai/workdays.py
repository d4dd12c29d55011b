"""China's working days: the State Council's holiday notices, with their make-up days (调休).

The `chinesecalendar` package carries the notices it knows (1.11.0: 2004–2026). A
checked-in override file (holidays.yml) adds a year as soon as its notice is published,
or corrects a day. A year that neither covers is counted Monday–Friday and reported, so
a deadline in 2027 never crashes the build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from . import yamlfile
from .errors import GongkaiError, Problem

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Answers "is this a working day?" and does working-day arithmetic."""

    holidays: frozenset[dt.date] = frozenset()  # days off that would be working days
    workdays: frozenset[dt.date] = frozenset()  # make-up working days on a weekend
    override_years: frozenset[int] = frozenset()  # years the override file covers in full
    _guessed: set[int] = field(default_factory=set, compare=False, repr=False)
    _answers: dict[dt.date, bool] = field(default_factory=dict, compare=False, repr=False)

    def is_workday(self, day: dt.date) -> bool:
        answer = self._answers.get(day)
        if answer is None:  # chinese_calendar validates every date it is asked: remember
            answer = self._answers[day] = self._is_workday(day)
        return answer

    def _is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year not in self.override_years:
            try:
                return chinese_calendar.is_workday(day)
            except NotImplementedError:
                self._guessed.add(day.year)
        return day.weekday() < 5

    @property
    def guessed_years(self) -> tuple[int, ...]:
        """Years asked about that no notice covers: counted Monday–Friday."""
        return tuple(sorted(self._guessed))

    def covers(self, year: int) -> bool:
        if year in self.override_years:
            return True
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
            return True
        except NotImplementedError:
            return False

    def shift(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (before it when negative); ``day`` for 0."""
        step = ONE_DAY if count > 0 else -ONE_DAY
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_workday(day)
        return count


def load_calendar(path: Path | None, shown_as: str | None = None) -> WorkCalendar:
    """The working-day calendar, with the override file when there is one.

    The file maps a year to its notice::

        2027:
          source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）
          holidays: [2027-01-01, …]   # every day off that falls Monday–Friday
          workdays: [2027-02-06, …]   # weekend days made into working days (调休)
    """
    if path is None or not path.exists():
        return WorkCalendar()
    name = shown_as or path.name
    data = yamlfile.load_file(path, name)
    if data is None:
        return WorkCalendar()
    problems: list[Problem] = []
    if not isinstance(data, yamlfile.Mapping):
        raise GongkaiError([Problem(name, 1, "the holiday file must map years to their notices",
                                    "see the example at the top of the file")])
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    years: set[int] = set()
    for key, notice in data.items():
        line = data.line_of(key)
        if not str(key).isdigit() or not isinstance(notice, yamlfile.Mapping):
            problems.append(Problem(name, line, f"`{key}` is not a year with its notice",
                                    "write `2027:` with `holidays:` and `workdays:` lists below it"))
            continue
        year = int(key)
        years.add(year)
        for entry, target in (("holidays", holidays), ("workdays", workdays)):
            days = notice.get(entry) or []
            for value in days if isinstance(days, list) else [days]:
                parsed = _date(value)
                if parsed is None or parsed.year != year:
                    problems.append(Problem(name, notice.line_of(entry),
                                            f"`{value}` in {year} {entry} is not a date of {year}",
                                            "write dates as YYYY-MM-DD"))
                else:
                    target.add(parsed)
        unknown = set(notice) - {"source", "holidays", "workdays"}
        if unknown:
            problems.append(Problem(name, line, f"unknown key(s) {', '.join(sorted(unknown))}",
                                    "use source, holidays and workdays"))
    if problems:
        raise GongkaiError(problems)
    return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(years))


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def days_between(start: dt.date, end: dt.date, working: bool, calendar: WorkCalendar) -> int:
    """Days from ``start`` to ``end`` in the rule's kind of days."""
    return calendar.between(start, end) if working else (end - start).days

