"""The law's holidays for any year, and the bounds on a year's unpublished 调休.

chinesecalendar carries every State Council notice from 2004 to 2026: the statutory days the
law gives must be days off in it, under the right holiday, and the estimate for a year
without a notice must contain what the notice then said."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import chinese_calendar
import pytest

from gongkai.holidays import LAWS, arrangements, law_on, statutory
from gongkai.workdays import WorkCalendar

D = dt.date
COVERED = range(2004, 2027)
NAMES = {"元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Tomb-sweeping Day",
         "劳动节": "Labour Day", "端午节": "Dragon Boat Festival", "中秋节": "Mid-autumn Festival",
         "国庆节": "National Day"}
ONE_OFF = {"Anti-Fascist 70th Day"}  # 2015-09-03: a holiday by its own notice, not by the law


def listed(year: int) -> dict[str, set[dt.date]]:
    """chinesecalendar's days off of ``year`` by holiday (元旦 may begin the December before)."""
    days = defaultdict(set)
    for day, name in chinese_calendar.holidays.items():
        holiday_year = day.year + 1 if (day.month == 12 and str(name) == "New Year's Day") else day.year
        if holiday_year == year and str(name) not in ONE_OFF:
            days[str(name)].add(day)
    return days


@pytest.mark.parametrize("year", COVERED)
def test_every_statutory_day_is_a_day_off_of_its_holiday_in_the_published_notice(year):
    days_off = listed(year)
    festivals = statutory(year)
    for festival in festivals:
        for day in festival.days:
            assert not chinese_calendar.is_workday(day), (year, festival.name, day)
            name = chinese_calendar.get_holiday_detail(day)[1]
            # listed under its holiday, or under the one it shares the day with (2009: 中秋 on 10月3日),
            # or as a plain weekend, or (中秋节 inside 国庆节's days off) as 国庆节
            sharing = {NAMES[f.name] for f in festivals if day in f.days}
            assert name in sharing | {None, "National Day"}, (year, festival.name, day, name)
    # and the notice lists exactly the law's holidays of that year (but 中秋节 on a day of 国庆节
    # may be listed under either: 2009 under 中秋节, 2020 under 国庆节)
    ours = {NAMES[f.name] for f in festivals}
    national = next(f.days for f in festivals if f.name == "国庆节")
    shared = {NAMES[f.name] for f in festivals if f.name == "中秋节" and f.days[0] in national}
    assert ours - shared <= set(days_off) <= ours, year


def test_the_law_in_force_on_each_day():
    assert law_on(D(2007, 12, 31)).spring_festival == (0, 1, 2)
    assert law_on(D(2008, 2, 7)).spring_festival == (-1, 0, 1)      # 2007 revision: 除夕 in, 五一 one day
    assert law_on(D(2014, 1, 31)).spring_festival == (0, 1, 2)      # 2013 revision: 除夕 out
    assert law_on(D(2025, 1, 29)).spring_festival == (-1, 0, 1, 2)  # 2024 revision: 除夕 back, 5月2日 added
    assert law_on(D(2025, 5, 2)).labour_day == 2
    assert [law.since.year for law in LAWS] == [1949, 1999, 2008, 2014, 2025]


def test_2027_from_the_law():
    days = {f.name: f.days for f in statutory(2027)}
    assert days == {
        "元旦": (D(2027, 1, 1),),
        "春节": (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)),  # 除夕 to 正月初三
        "清明节": (D(2027, 4, 5),),
        "劳动节": (D(2027, 5, 1), D(2027, 5, 2)),
        "端午节": (D(2027, 6, 9),),
        "中秋节": (D(2027, 9, 15),),
        "国庆节": (D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)),
    }


def test_qingming_is_on_its_solar_term_in_every_year_chinesecalendar_computes():
    for year in range(1901, 2100):
        [qingming] = [f.days[0] for f in statutory(year) if f.name == "清明节"] or [None]
        terms = chinese_calendar.get_solar_terms(D(year, 4, 1), D(year, 4, 10))
        if law_on(D(year, 4, 5)).traditional:
            assert (qingming, "清明") in terms, year


def test_mid_autumn_joins_national_day_when_it_falls_in_it():
    assert [h.names for h in arrangements(2025)][-1] == ("中秋节", "国庆节")   # 10月6日
    assert [h.names for h in arrangements(2026)][-2:] == [("中秋节",), ("国庆节",)]   # 9月25日
    merged = arrangements(2028)[-1]                                           # 中秋 on 10月3日, with 国庆
    assert merged.names == ("中秋节", "国庆节") and len(merged.days) == 4 and len(set(merged.days)) == 3


class WithoutNotice(WorkCalendar):
    """The real calendar, but as if the notices of ``years`` (and their reach into the December
    before) were not published yet."""

    def __init__(self, years):
        super().__init__()
        object.__setattr__(self, "hidden", frozenset(years))

    def covers(self, year):
        return year not in self.hidden and super().covers(year)

    def _is_workday(self, day):
        if day.month == 12 and day.year + 1 in self.hidden and day.year not in self.hidden:
            name = chinese_calendar.get_holiday_detail(day)[1]
            if name == "New Year's Day":  # the next year's notice reached back into this December
                return day.weekday() < 5
        return super()._is_workday(day)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_estimate_holds_what_the_notice_then_said(year):
    """Every stretch of up to 60 days: the working days the notice gave lie within the estimate's
    bounds (2025 and 2026 were the first notices under the principle; 2024's fits it too)."""
    estimate, real = WithoutNotice({year}), WorkCalendar()
    first = D(year - 1, 12, 1)
    days = [first + dt.timedelta(days=n) for n in range(400)]
    uncertain = 0
    for i, start in enumerate(days):
        if start.year > year:
            break
        for length in (1, 2, 3, 4, 5, 7, 10, 14, 20, 30, 45, 60):
            end = start + dt.timedelta(days=length)
            if end.year > year:
                continue
            span, actual = estimate.count(start, end), real.between(start, end)
            assert span.least <= actual <= span.most, (start, end, actual, span)
            uncertain += span.least != span.most
    assert uncertain  # the bounds are not vacuous: most stretches are exact, not all

