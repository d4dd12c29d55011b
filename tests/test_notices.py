"""`gongkai holidays import`: the State Council's notice read from its text, day for day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from click.testing import CliRunner

from gongkai.cli import main
from gongkai.errors import GongkaiError
from gongkai.notices import read_notice
from gongkai.workdays import WorkCalendar, load_calendar

from .conftest import FIXTURES

NOTICES = FIXTURES / "notices"
YEARS = sorted(int(p.stem) for p in NOTICES.glob("*.txt"))
D = dt.date


#: Days a later notice of its own changed, which the yearly notice therefore cannot give:
#: 国务院办公厅关于调整2019年劳动节假期安排的通知 (March 2019) made 1–4 May 2019 days off and
#: 28 April and 5 May working days.
ADJUSTED = {D(2019, 4, 28) + dt.timedelta(days=n) for n in range(8)}


def owner(day: dt.date) -> int | None:
    """The year whose notice decides ``day`` in chinesecalendar (a 元旦 may begin in December);
    None for a day set by another notice (2015's 抗战胜利70周年纪念日, 2019's 劳动节 adjustment)."""
    name = chinese_calendar.holidays.get(day) or chinese_calendar.workdays.get(day)
    if (name is not None and "Anti-Fascist" in str(name)) or day in ADJUSTED:
        return None
    if day.month == 12 and name is not None and str(name) == "New Year's Day":
        return day.year + 1
    return day.year


@pytest.mark.parametrize("year", YEARS)
def test_a_real_notice_gives_chinesecalendars_days_day_for_day(year):
    notice = read_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))
    assert notice.year == year
    imported = WorkCalendar(frozenset(notice.holidays), frozenset(notice.workdays), frozenset({year}))
    day, checked = D(year - 1, 12, 1), 0
    while day <= D(year, 12, 31):
        if owner(day) == year:
            assert imported.is_workday(day) == chinese_calendar.is_workday(day), day
            checked += 1
        day += dt.timedelta(days=1)
    assert checked >= 355


def test_the_wordings_that_differ():
    notice = read_notice((NOTICES / "2019.txt").read_text(encoding="utf-8"))
    assert D(2018, 12, 31) in notice.holidays and D(2018, 12, 29) in notice.workdays  # 元旦 from December
    notice = read_notice((NOTICES / "2017.txt").read_text(encoding="utf-8"))
    assert notice.items[0].days_off == (D(2017, 1, 1), D(2017, 1, 2))                  # 1月2日（星期一）补休
    assert notice.items[-1].names == ("中秋节", "国庆节") and len(notice.items[-1].days_off) == 8
    assert notice.source == "国务院办公厅关于2017年部分节假日安排的通知（国办发明电〔2016〕17号）"
    notice = read_notice((NOTICES / "2024.txt").read_text(encoding="utf-8"))
    assert D(2024, 2, 9) not in notice.holidays   # 鼓励…安排职工在除夕（2月9日）休息: not a day off
    notice = read_notice((NOTICES / "2008.txt").read_text(encoding="utf-8"))
    assert notice.items[1].days_off[0] == D(2008, 2, 6)  # 2月6日—12日（即农历除夕至正月初六）


@pytest.mark.parametrize("edit,message", [
    (("2月14日（周六）", "2月14日（周日）"), "“2月14日(周日)”与日期不符：2026年2月14日是星期六"),
    (("七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。", ""),
     "通知中没有国庆节"),
    (("4月4日（周六）至6日（周一）放假", "4月6日（周一）放假"), "清明节的法定假日 2026-04-05"),
    (("2026年元旦", "元旦"), ""),  # the title still says 2026: fine
    (("关于2026年部分节假日安排", "关于部分节假日安排"), ""),
    (("9月20日（周日）", "9月21日（周一）"), "上班日 2026-09-21 是星期一"),
])
def test_a_notice_that_does_not_add_up_is_refused_naming_what(edit, message):
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8").replace(*edit)
    if not message:
        assert read_notice(text).year == 2026
        return
    with pytest.raises(GongkaiError) as caught:
        read_notice(text)
    assert message in str(caught.value)


def test_text_without_a_year_or_items_is_refused():
    with pytest.raises(GongkaiError, match="读不出通知的年份"):
        read_notice("一、元旦：1月1日放假。")
    with pytest.raises(GongkaiError, match="读不出放假安排的各项"):
        read_notice("国务院办公厅关于2027年部分节假日安排的通知")


def project(tmp_path: Path) -> Path:
    (tmp_path / "holidays.yml").write_text("# 节假日安排\n", encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["--project", str(root), "holidays", *args], input=stdin)


def test_import_writes_the_year_and_shows_what_it_adds(tmp_path):
    root = project(tmp_path)
    # pasted on standard input
    notice_2026 = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    result = run(root, "import", "-", stdin=notice_2026)
    assert result.exit_code == 0, result.output
    assert "国庆节：2026-10-01（星期四） 至 2026-10-07（星期三） 放假，共 7 天；2026-09-20（星期日）、2026-10-10（星期六） 上班" in result.output
    assert "已写入 holidays.yml" in result.output
    calendar = load_calendar(root / "holidays.yml")
    assert calendar.covers(2026) and not calendar.is_workday(D(2026, 10, 7)) and calendar.is_workday(D(2026, 10, 10))
    assert (root / "holidays.yml").read_text(encoding="utf-8").startswith("# 节假日安排\n")
    again = run(root, "import", "-", stdin=notice_2026)
    assert again.exit_code == 2 and "已有2026年" in again.output and "--replace" in again.output
    assert run(root, "import", "--replace", "-", stdin=notice_2026).exit_code == 0
    assert (root / "holidays.yml").read_text(encoding="utf-8").count("2026:") == 1


def test_import_dry_run_writes_nothing_and_a_bad_notice_exits_2(tmp_path):
    root = project(tmp_path)
    notice = NOTICES / "2025.txt"
    result = run(root, "import", "--dry-run", str(notice))
    assert result.exit_code == 0 and "未写入" in result.output
    assert "2025" not in (root / "holidays.yml").read_text(encoding="utf-8")
    bad = run(root, "import", "-", stdin="国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周四）放假。")
    assert bad.exit_code == 2 and "与日期不符" in bad.output and "Traceback" not in bad.output
    missing = run(root, "import", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "nope.txt" in missing.output
