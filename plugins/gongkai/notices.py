"""The State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知), read
from its text into days off and make-up working days, for holidays.yml.

The wording changes from year to year: "1月1日放假，1月2日（星期一）补休" (2017), "10月1日至8日
放假调休，共8天。9月30日（星期六）上班" (2017), "2月6日—12日（即农历除夕至正月初六）放假"
(2008), "1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班" (2026), a 元旦 that
begins in the December before (2019). So the reader works clause by clause: a clause that
says 放假 gives its dates or date ranges as days off, one that says 补休 its dates, one that says
上班 its dates as working days; everything else (其中…为法定节假日, …调至…, 鼓励…休息) is
commentary. What it reads is checked against the notice's own weekdays and against the law:
every statutory day must be a day off.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from . import holidays as law
from .clock import YEARS
from .errors import GongkaiError, Problem

ONE_DAY = dt.timedelta(days=1)
WEEKDAYS = "一二三四五六日"
#: The holidays a notice names, by words that identify them.
FESTIVALS = (("元旦", "元旦"), ("春节", "春节"), ("清明", "清明节"), ("劳动", "劳动节"), ("五一", "劳动节"),
             ("端午", "端午节"), ("中秋", "中秋节"), ("国庆", "国庆节"), ("十一", "国庆节"))

_ITEM = re.compile(r"([一二三四五六七八九十]{1,2})、([^:。]{1,24}?):")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?")
_RANGE = re.compile(r"^(?:至|—+|–|-|~|－)$")
_YEAR = re.compile(r"关于(\d{4})年部分节假日安排|现将(\d{4})年")
_NUMBER = re.compile(r"(国办发明电〔\d{4}〕\d+号)")
_CLAUSE = re.compile(r"[,;](?![^(]*\))")  # a comma outside brackets: 6月8日（农历五月初五，端午节）


@dataclass(frozen=True)
class Item:
    """One holiday of the notice: its names, days off and make-up working days."""

    names: tuple[str, ...]
    days_off: tuple[dt.date, ...]
    workdays: tuple[dt.date, ...]
    text: str  # the item as the notice words it


@dataclass(frozen=True)
class Notice:
    year: int
    source: str
    items: tuple[Item, ...]

    @property
    def days_off(self) -> frozenset[dt.date]:
        return frozenset(d for item in self.items for d in item.days_off)

    @property
    def holidays(self) -> tuple[dt.date, ...]:
        """Days off on Monday–Friday: what holidays.yml lists (weekends are off anyway)."""
        return tuple(sorted(d for d in self.days_off if d.weekday() < 5))

    @property
    def workdays(self) -> tuple[dt.date, ...]:
        """Weekend days made working days."""
        return tuple(sorted({d for item in self.items for d in item.workdays if d.weekday() >= 5}))


def normalise(text: str) -> str:
    """Full-width punctuation and digits to ASCII, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class _Clause:
    """Reads the dates of one clause; a date without a year or month takes the last one's."""

    def __init__(self, year: int, problems: list[str], item: str, new_year: bool):
        self.year, self.month = year, None
        self.notice_year, self.new_year = year, new_year
        self.problems, self.item = problems, item

    def dates(self, clause: str) -> list[tuple[dt.date, int, int]]:
        """(date, start, end) of every date in the clause, in order."""
        found = []
        for match in _DATE.finditer(clause):
            year = int(match[1]) if match[1] else self.year
            month = int(match[2]) if match[2] else self.month
            if self.new_year and not match[1] and month == 12:
                year = self.notice_year - 1  # 元旦's 12月30日 is in the year before
            if month is None:
                self.problems.append(f"“{self.item}”中的“{match[0]}”缺少月份")
                continue
            try:
                day = dt.date(year, month, int(match[3]))
            except ValueError:
                self.problems.append(f"“{self.item}”中的“{match[0]}”不是真实的日期")
                continue
            self.year, self.month = year, month
            weekday = re.search(r"(?:星期|周)([一二三四五六日天])", match[4] or "")
            if weekday and WEEKDAYS.index(weekday[1].replace("天", "日")) != day.weekday():
                self.problems.append(f"“{self.item}”中的“{match[0]}”与日期不符：{day:%Y年%-m月%-d日}是星期"
                                     f"{WEEKDAYS[day.weekday()]}")
            found.append((day, match.start(), match.end()))
        return found

    def days_off(self, clause: str) -> list[dt.date]:
        """Every day a 放假 clause gives: ranges A至B in full, single dates as they are."""
        dates = self.dates(clause)
        days, index = [], 0
        while index < len(dates):
            day, _, end = dates[index]
            if index + 1 < len(dates) and _RANGE.match(clause[end:dates[index + 1][1]]):
                last = dates[index + 1][0]
                if last < day and last.month < day.month:  # 12月30日至1月1日: into the next year
                    last = last.replace(year=last.year + 1)
                    self.year = last.year
                if not day <= last <= day + dt.timedelta(days=15):
                    self.problems.append(f"“{self.item}”中的日期范围 {day} 至 {last} 不合理")
                days.extend(day + dt.timedelta(days=n) for n in range(max((last - day).days, 0) + 1))
                index += 2
            else:
                days.append(day)
                index += 1
        return days


def read_notice(text: str, year: int | None = None, shown_as: str = "通知") -> Notice:
    """The notice in ``text``; GongkaiError naming what could not be read or does not add up."""
    flat = normalise(text)
    found = _YEAR.search(flat)
    year = year or (int(found[1] or found[2]) if found else None)
    if year is None:
        raise GongkaiError([Problem(shown_as, None, "读不出通知的年份",
                                    "粘贴通知全文（含“关于2027年部分节假日安排的通知”或“现将2027年…”），或用 --year 指定")])
    if year not in YEARS:
        raise GongkaiError([Problem(shown_as, None, f"{year}年不是可以导入的年份", "检查通知的年份")])
    heads = list(_ITEM.finditer(flat))
    if not heads:
        raise GongkaiError([Problem(shown_as, None, "读不出放假安排的各项（“一、元旦：…”）",
                                    "粘贴通知正文的各项，保留“一、”“二、”等序号")])
    problems: list[str] = []
    items = []
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(flat)
        body = flat[head.end():end]
        label = f"{head[1]}、{head[2]}"
        names = tuple(dict.fromkeys(name for word, name in FESTIVALS if word in head[2]))
        if not names:
            problems.append(f"“{label}”不是通知中的节日")
            continue
        reader = _Clause(year, problems, label, "元旦" in names)
        off: list[dt.date] = []
        work: list[dt.date] = []
        for sentence in body.split("。"):
            for clause in _CLAUSE.split(sentence):
                if "上班" in clause:
                    work.extend(day for day, _, _ in reader.dates(clause))
                elif "放假" in clause:
                    off.extend(reader.days_off(clause))
                elif "补休" in clause:
                    off.extend(day for day, _, _ in reader.dates(clause))
                else:
                    reader.dates(clause)  # commentary: only keeps the month for the next clause
        if not off:
            problems.append(f"读不出“{label}”的放假日期")
        items.append(Item(names, tuple(sorted(set(off))), tuple(sorted(set(work))), f"{label}:{body}"))
    notice = Notice(year, _source(flat, year), tuple(items))
    problems.extend(_inconsistencies(notice))
    if problems:
        raise GongkaiError([Problem(shown_as, None, p, "核对粘贴的通知是否完整、无误") for p in problems])
    return notice


def _source(flat: str, year: int) -> str:
    number = _NUMBER.search(flat)
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"
    return f"{title}({number[1]})".replace("(", "（").replace(")", "）") if number else title


def _inconsistencies(notice: Notice) -> list[str]:
    problems = []
    first, last = dt.date(notice.year - 1, 12, 1), dt.date(notice.year, 12, 31)
    everything = {d for item in notice.items for d in (*item.days_off, *item.workdays)}
    for day in sorted(d for d in everything if not first <= d <= last):
        problems.append(f"{day} 不在{notice.year}年（或上一年12月）之内")
    both = notice.days_off & {d for item in notice.items for d in item.workdays}
    for day in sorted(both):
        problems.append(f"{day} 既是放假日又是上班日")
    for day in sorted(d for item in notice.items for d in item.workdays if d.weekday() < 5):
        problems.append(f"上班日 {day} 是星期{WEEKDAYS[day.weekday()]}，本来就是工作日")
    named = {name for item in notice.items for name in item.names}
    for festival in law.statutory(notice.year):
        if festival.name not in named and not (festival.name == "中秋节" and "国庆节" in named):
            problems.append(f"通知中没有{festival.name}（依法放假的节日）")
            continue
        for day in festival.days:
            if day not in notice.days_off:
                problems.append(f"{festival.name}的法定假日 {day} 不在通知的放假日期中")
    return problems


def yaml_block(notice: Notice) -> str:
    """The notice as a holidays.yml entry."""
    def dates(days):
        return "[" + ", ".join(d.isoformat() for d in days) + "]"
    return (f"{notice.year}:\n  source: {notice.source}\n"
            f"  holidays: {dates(notice.holidays)}   # 放假的工作日（周末本来就休息）\n"
            f"  workdays: {dates(notice.workdays)}   # 调休上班的周末\n")


def with_notice(existing: str, notice: Notice, replace: bool) -> str:
    """holidays.yml's text with the notice's year added (or, with ``replace``, replaced)."""
    lines = existing.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"^['\"]?{notice.year}['\"]?\s*:", line)), None)
    if start is not None:
        if not replace:
            raise ValueError(f"holidays.yml 中已有{notice.year}年")
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        return "".join(lines[:start]) + yaml_block(notice) + "".join(lines[end:])
    text = "".join(lines)
    if text and not text.endswith("\n"):
        text += "\n"
    return text + ("\n" if text.strip() else "") + yaml_block(notice)


def summary(notice: Notice) -> list[str]:
    """What the notice says, a line per holiday, for the terminal."""
    def day(d: dt.date) -> str:
        return f"{d:%Y-%m-%d}（星期{WEEKDAYS[d.weekday()]}）"
    lines = []
    for item in notice.items:
        off = sorted(item.days_off)
        text = f"{'、'.join(item.names)}：{day(off[0])} 至 {day(off[-1])} 放假，共 {len(off)} 天"
        if item.workdays:
            text += "；" + "、".join(day(d) for d in item.workdays) + " 上班"
        lines.append(text)
    return lines
