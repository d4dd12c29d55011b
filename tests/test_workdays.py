"""China's working days, make-up days, years the package does not cover, and 'today'."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai import clock
from gongkai.errors import GongkaiError
from gongkai.workdays import Span, WorkCalendar, load_calendar

D = dt.date


@pytest.mark.parametrize("day,working", [
    (D(2026, 10, 1), False),   # National Day
    (D(2026, 10, 7), False),
    (D(2026, 10, 10), True),   # Saturday made a working day (调休)
    (D(2026, 2, 14), True),    # Saturday before the Spring Festival, working
    (D(2026, 2, 16), False),   # Spring Festival, a Monday
    (D(2026, 11, 23), True),   # an ordinary Monday
    (D(2026, 11, 22), False),  # an ordinary Sunday
])
def test_official_calendar(day, working):
    assert WorkCalendar().is_workday(day) is working


@pytest.mark.parametrize("start,count,expected", [
    (D(2026, 9, 30), 1, D(2026, 10, 8)),    # over the National Day week
    (D(2026, 10, 9), 1, D(2026, 10, 10)),   # onto the make-up Saturday
    (D(2026, 10, 12), -3, D(2026, 10, 8)),  # backwards, through the make-up Saturday
    (D(2026, 2, 13), 1, D(2026, 2, 14)),
    (D(2026, 11, 23), 0, D(2026, 11, 23)),
])
def test_shift(start, count, expected):
    assert WorkCalendar().limits(start, count)[0] == expected


def test_between_counts_working_days():
    calendar = WorkCalendar()
    assert calendar.between(D(2026, 9, 30), D(2026, 10, 9)) == 2
    assert calendar.between(D(2026, 10, 9), D(2026, 9, 30)) == -2
    assert calendar.between(D(2026, 11, 23), D(2026, 11, 23)) == 0


def test_a_year_without_a_notice_keeps_its_statutory_holidays():
    calendar = WorkCalendar()
    assert not calendar.covers(2027) and calendar.covers(2026)
    assert calendar.is_workday(D(2027, 1, 1)) is False   # 元旦, a Friday: law, not a guess
    assert calendar.is_workday(D(2027, 2, 8)) is False   # 正月初三, a Monday
    assert calendar.is_workday(D(2027, 1, 4)) is True
    assert calendar.limits(D(2026, 12, 31), 1)[0] == D(2027, 1, 4)
    assert calendar.count(D(2026, 12, 31), D(2027, 1, 4)) == Span(1, 1)
    assert calendar.estimated_years == (2027,)


def test_a_year_without_a_notice_bounds_what_the_tiaoxiu_may_change():
    calendar = WorkCalendar()
    # 劳动节 2027 (Sat 1 – Sun 2 May) is five days off under the principle: three weekdays off
    # around it (which ones is not known) and one weekend day worked (perhaps 24 or 25 April).
    span = calendar.count(D(2027, 4, 23), D(2027, 5, 7))
    assert (span.least, span.most) == (7, 8) and span.estimated == (2027,)
    # A stretch that holds the whole arrangement is exact: 3 weekdays off, 1 weekend day worked.
    assert calendar.count(D(2027, 4, 1), D(2027, 5, 31)).least == calendar.count(D(2027, 4, 1), D(2027, 5, 31)).most
    assert calendar.limits(D(2027, 4, 26), 5) == (D(2027, 5, 6), D(2027, 5, 6))
    first, last = calendar.limits(D(2027, 4, 28), 2)
    assert first < last


def test_the_override_file_adds_a_year(tmp_path):
    path = tmp_path / "holidays.yml"
    path.write_text("2027:\n  source: 测试通知\n  holidays: [2027-01-01]\n  workdays: [2027-01-02]\n",
                    encoding="utf-8")
    calendar = load_calendar(path)
    assert calendar.covers(2027)
    assert calendar.limits(D(2026, 12, 31), 1)[0] == D(2027, 1, 2)
    assert calendar.estimated_years == ()


def test_a_notice_may_reach_into_the_december_before_its_year(tmp_path):
    path = tmp_path / "holidays.yml"
    path.write_text("2019:\n  holidays: [2018-12-31, 2019-01-01]\n  workdays: [2018-12-29]\n", encoding="utf-8")
    calendar = load_calendar(path)
    assert calendar.is_workday(D(2018, 12, 29)) and not calendar.is_workday(D(2018, 12, 31))


@pytest.mark.parametrize("text,message", [
    ("2027:\n  holidays: [2027-02-30]\n", "holidays.yml:2: 2027年的放假日“2027-02-30”不是2027年（或上一年12月）的日期"),
    ("2027:\n  holidays: [2026-11-30]\n", "不是2027年（或上一年12月）的日期"),
    ("next:\n  holidays: []\n", "holidays.yml:1: “next”不是年份及其放假安排"),
    ("99999:\n  holidays: []\n", "“99999”不是年份"),
    ("2027:\n  holiday: []\n", "未知的键：holiday"),
    ("2027:\n  holidays: [2027-01-04]\n  workdays: [2027-01-04]\n", "既是放假日又是上班日：2027-01-04"),
    ("2027: [\n", "holidays.yml:"),
])
def test_a_bad_override_file_is_named(tmp_path, text, message):
    path = tmp_path / "holidays.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GongkaiError) as caught:
        load_calendar(path)
    assert message in str(caught.value)


def test_the_checked_in_override_file_loads():
    from .conftest import ROOT
    load_calendar(ROOT / "holidays.yml")


@pytest.mark.parametrize("now,expected", [
    (dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.timezone.utc), D(2027, 1, 1)),   # Shanghai midnight
    (dt.datetime(2026, 12, 31, 15, 59, tzinfo=dt.timezone.utc), D(2026, 12, 31)),
    (dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.timezone.utc), D(2026, 11, 24)),  # CI at 17:00 UTC
])
def test_today_is_the_date_in_shanghai(now, expected):
    assert _today(None, {}, now) == (expected, "Asia/Shanghai clock")


def test_environment_wins_over_configuration():
    assert _today("2026-01-05", {"GONGKAI_AS_OF": "2026-03-01"}) == (D(2026, 3, 1), "GONGKAI_AS_OF")
    assert _today("2026-01-05", {}) == (D(2026, 1, 5), "configuration")
    assert _today(D(2026, 1, 6), {}) == (D(2026, 1, 6), "configuration")
    with pytest.raises(clock.BadDate, match="GONGKAI_AS_OF：“2026-13-01”不是真实的日期"):
        _today(None, {"GONGKAI_AS_OF": "2026-13-01"})


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "holidays.yml"
    path.write_bytes("2027:\n  source: 国务院通知\n".encode("gbk"))
    with pytest.raises(GongkaiError, match="holidays.yml: 文件不是 UTF-8 文本"):
        load_calendar(path)


def _today(*args):
    """The day of clock.moment, and where it came from."""
    when, source = clock.moment(*args)
    return when.date(), source
