"""China's public holidays: the statutory days of any year, and what the State Council may
still decide about a year whose holiday notice is not out yet.

The statutory days are law, 《全国年节及纪念日放假办法》 in the version in force on the day,
and can be computed for any year: 元旦, 劳动节 and 国庆节 from the solar calendar, 春节,
端午节 and 中秋节 from the Chinese lunar calendar, 清明节 on its solar term (lunar_python,
6tail's implementation of the 寿星天文历 algorithms).

What the law does not fix is the yearly notice's 调休: which weekdays join a holiday and
which weekend days are worked instead. For a year without a notice, ``arrangements`` gives
every arrangement the State Council's published principle allows (国办发明电〔2024〕12号):

    春节自农历除夕起放假调休8天，国庆节自10月1日起放假调休7天，劳动节放假调休5天，
    元旦、清明节、端午节、中秋节分别放假调休或连休3天（如逢周三则只在当日放假），
    国庆节放假如逢中秋节则合并放假8天。

read as: each holiday is one run of days off of that length holding its statutory days
(春节 may start up to two days before 除夕 and last 9 days: 2026's did both); a weekday off
beyond the statutory days and the 补休 for statutory days on a weekend is repaid by a
weekend day worked within two weeks of the run, and the weekend days right next to a run are
worked (or the run would be longer); the short holidays and 劳动节 use the fewest repaid
days their length allows. tests/test_holidays.py holds 2025 and 2026, the years published
under this principle, to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

ONE_DAY = dt.timedelta(days=1)
#: How far from its run a holiday's repaid weekend days may fall (2026's 国庆节: 11 days before).
REPAY_WINDOW = 14
#: Years the lunar calendar is computed for; outside them only the solar-calendar holidays are known.
LUNAR_YEARS = range(1901, 2100)


@dataclass(frozen=True)
class Law:
    """One version of 《全国年节及纪念日放假办法》: the days every citizen has off."""

    since: dt.date
    name: str
    spring_festival: tuple[int, ...]  # days from 正月初一; −1 is 除夕
    labour_day: int  # days from 1 May
    national_day: int  # days from 1 October
    traditional: bool  # 清明节, 端午节 and 中秋节 are holidays


LAWS = (
    Law(dt.date(1949, 12, 23), "《全国年节及纪念日放假办法》（1949年）", (0, 1, 2), 1, 2, False),
    Law(dt.date(1999, 9, 18), "《全国年节及纪念日放假办法》（1999年修订，国务院令第270号）", (0, 1, 2), 3, 3, False),
    Law(dt.date(2008, 1, 1), "《全国年节及纪念日放假办法》（2007年修订，国务院令第513号）", (-1, 0, 1), 1, 3, True),
    Law(dt.date(2014, 1, 1), "《全国年节及纪念日放假办法》（2013年修订，国务院令第644号）", (0, 1, 2), 1, 3, True),
    Law(dt.date(2025, 1, 1), "《全国年节及纪念日放假办法》（2024年修订，国务院令第795号）", (-1, 0, 1, 2), 2, 3, True),
)


def law_on(day: dt.date) -> Law:
    """The version in force on ``day`` (the first one before 1949)."""
    return next((law for law in reversed(LAWS) if law.since <= day), LAWS[0])


@dataclass(frozen=True)
class Festival:
    """A holiday of one year and its statutory days off."""

    name: str
    days: tuple[dt.date, ...]


def _solar(lunar) -> dt.date:
    solar = lunar.getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


@cache
def lunar_dates(year: int) -> dict[str, dt.date] | None:
    """正月初一, 清明, 端午 and 中秋 of ``year``; None outside LUNAR_YEARS."""
    if year not in LUNAR_YEARS:
        return None
    from lunar_python import Lunar  # imported on first use: most runs know every year they need

    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return {
        "春节": _solar(Lunar.fromYmd(year, 1, 1)),
        "清明节": dt.date(qingming.getYear(), qingming.getMonth(), qingming.getDay()),
        "端午节": _solar(Lunar.fromYmd(year, 5, 5)),
        "中秋节": _solar(Lunar.fromYmd(year, 8, 15)),
    }


@cache
def statutory(year: int) -> tuple[Festival, ...]:
    """The holidays of ``year`` with their statutory days, in calendar order.

    Days are given by the law in force on each holiday; 春节's 除夕 may fall in the year before
    only in theory (正月初一 is never before 21 January)."""
    def days(start: dt.date, offsets) -> tuple[dt.date, ...]:
        return tuple(start + dt.timedelta(days=n) for n in offsets)

    festivals = [Festival("元旦", (dt.date(year, 1, 1),))]
    lunar = lunar_dates(year)
    if lunar:
        law = law_on(lunar["春节"])
        festivals.append(Festival("春节", days(lunar["春节"], law.spring_festival)))
        if law.traditional:
            festivals.append(Festival("清明节", (lunar["清明节"],)))
    labour = dt.date(year, 5, 1)
    festivals.append(Festival("劳动节", days(labour, range(law_on(labour).labour_day))))
    if lunar and law_on(lunar["端午节"]).traditional:
        festivals.append(Festival("端午节", (lunar["端午节"],)))
    if lunar and law_on(lunar["中秋节"]).traditional:
        festivals.append(Festival("中秋节", (lunar["中秋节"],)))
    national = dt.date(year, 10, 1)
    festivals.append(Festival("国庆节", days(national, range(law_on(national).national_day))))
    return tuple(sorted(festivals, key=lambda f: f.days[0]))


def statutory_days(year: int) -> frozenset[dt.date]:
    return frozenset(day for festival in statutory(year) for day in festival.days)


# -- the 调休 of a year without a notice ---------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One way a holiday may be arranged: its weekdays off and the weekend days worked."""

    start: dt.date
    end: dt.date
    extra: frozenset[dt.date]  # weekdays off beyond the statutory days
    forced: frozenset[dt.date]  # weekend days next to the run: worked
    free: int  # how many more weekend days are worked to repay the rest
    window: frozenset[dt.date]  # the weekend days those may be

    def bounds(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """Least and most this arrangement adds to the working days after ``start`` up to ``end``
        (compared with a calendar of weekends and statutory days only)."""
        def inside(days):
            return sum(start < day <= end for day in days)
        fixed = inside(self.forced) - inside(self.extra)
        within = inside(self.window)
        outside = len(self.window) - within
        return fixed + max(0, self.free - outside), fixed + min(self.free, within)


@dataclass(frozen=True)
class Holiday:
    """A holiday of a year without a notice: its name(s) and every plausible arrangement."""

    names: tuple[str, ...]
    days: tuple[dt.date, ...]  # statutory
    runs: tuple[Run, ...]

    @property
    def reach(self) -> tuple[dt.date, dt.date]:
        """The first and last day any arrangement touches."""
        days = [d for run in self.runs for d in (*run.extra, *run.forced, *run.window)] or list(self.days)
        return min(days), max(days)

    def bounds(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        pairs = [run.bounds(start, end) for run in self.runs]
        return min(p[0] for p in pairs), max(p[1] for p in pairs)


@dataclass(frozen=True)
class _Shape:
    """What the principle sets for one holiday."""

    lengths: tuple[int, ...]  # days in the run
    earliest_start: int  # days before the first statutory day the run may start
    fewest: bool  # only the arrangements with the fewest repaid days


def _shape(names: tuple[str, ...], days: tuple[dt.date, ...]) -> _Shape:
    if names == ("春节",):
        return _Shape((8, 9), 2, False)
    if "国庆节" in names:
        return _Shape((8,) if len(names) > 1 else (7,), 0, False)
    if names == ("劳动节",):
        return _Shape((5,), 5, True)
    if len(days) == 1 and days[0].weekday() == 2:  # a Wednesday: that day only
        return _Shape((1,), 0, True)
    return _Shape((3,), 3, True)


def _is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def _runs(days: tuple[dt.date, ...], shape: _Shape, taken: frozenset[dt.date]) -> tuple[Run, ...]:
    """Every run the shape allows around the statutory ``days`` (``taken``: other holidays' days)."""
    first, last = min(days), max(days)
    owed = sum(_is_weekend(d) for d in days) + (len(days) - len(set(days)))  # 补休
    statutory = set(days)
    runs = []
    for length in shape.lengths:
        for lead in range(shape.earliest_start + 1):
            start = first - dt.timedelta(days=lead)
            end = start + dt.timedelta(days=length - 1)
            if end < last:
                continue
            span = [start + dt.timedelta(days=n) for n in range(length)]
            if any(d in taken for d in span) or (start - ONE_DAY) in taken or (end + ONE_DAY) in taken:
                continue
            extra = frozenset(d for d in span if not _is_weekend(d) and d not in statutory)
            forced = frozenset(d for d in (start - ONE_DAY, end + ONE_DAY) if _is_weekend(d))
            repaid = len(extra) - owed
            if repaid < len(forced):
                continue
            window = frozenset(
                d for n in range(1, REPAY_WINDOW + 1)
                for d in (start - dt.timedelta(days=n), end + dt.timedelta(days=n))
                if _is_weekend(d) and d not in forced and d not in taken)
            runs.append(Run(start, end, extra, forced, repaid - len(forced), window))
    if shape.fewest and runs:
        fewest = min(len(r.forced) + r.free for r in runs)
        runs = [r for r in runs if len(r.forced) + r.free == fewest]
    # Under an older law the principle may find no run at all: then only the statutory days count.
    return tuple(dict.fromkeys(runs)) or (Run(first, last, frozenset(), frozenset(), 0, frozenset()),)


def _joins_national_day(moon: dt.date) -> bool:
    """国庆节放假如逢中秋节则合并: a 中秋节 from 29 September to 7 October joins 国庆节."""
    return dt.date(moon.year, 9, 29) <= moon <= dt.date(moon.year, 10, 7)


@cache
def arrangements(year: int) -> tuple[Holiday, ...]:
    """The holidays of ``year`` with every arrangement the 2024 principle allows."""
    festivals = list(statutory(year))
    groups: list[tuple[tuple[str, ...], tuple[dt.date, ...]]] = []
    for festival in festivals:
        days = festival.days
        if festival.name == "中秋节" and _joins_national_day(days[0]):
            continue
        if festival.name == "国庆节":
            moon = next((f for f in festivals if f.name == "中秋节"), None)
            if moon and _joins_national_day(moon.days[0]):
                groups.append((("中秋节", "国庆节"), tuple(sorted(moon.days + days))))
                continue
        groups.append(((festival.name,), days))
    holidays = []
    for names, days in groups:
        others = frozenset(d for n, ds in groups if n != names for d in ds)
        holidays.append(Holiday(names, days, _runs(days, _shape(names, days), others)))
    return tuple(holidays)
