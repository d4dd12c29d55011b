"""Today and now, as the law counts them: Asia/Shanghai, overridable for tests and CI.

There are two moments. What is published follows the clock: documents appear when their
发布日期 comes. The update rules are judged on "today", which a site may pin (the plugin's
`as_of` option, the CLI's --as-of): the sample pins the day its content was written for, so
its columns do not go stale while it stays a sample, and new documents still appear.

GONGKAI_AS_OF=YYYY-MM-DD (or YYYY-MM-DD HH:MM) in the environment sets both, for a what-if or
a test; GONGKAI_NOW sets the clock alone (tests of the editor's day). A date without a time
stands for that whole day: its last minute; the clock gives the minute itself.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENVIRONMENT = "GONGKAI_AS_OF"
CLOCK = "GONGKAI_NOW"


class BadDate(ValueError):
    """An as-of date that is not YYYY-MM-DD."""


#: The years gongkai computes dates in: "today", documents' dates, holiday notices. The
#: holidays law of the PRC starts in 1949; the lunar calendar is computed to 2099.
YEARS = range(1949, 2100)


def parse_as_of(value: str, source: str) -> dt.date | dt.datetime:
    """A date (YYYY-MM-DD), or a moment (YYYY-MM-DD HH:MM), in Beijing time."""
    text = value.strip()
    try:
        day = dt.datetime.strptime(text, "%Y-%m-%d %H:%M") if " " in text else dt.date.fromisoformat(text)
    except ValueError:
        raise BadDate(f"{source}：“{value}”不是真实的日期：写成 YYYY-MM-DD（例如 2026-11-20），"
                      "或 YYYY-MM-DD HH:MM（例如 2026-11-20 09:30）") from None
    if day.year not in YEARS:
        raise BadDate(f"{source}：“{value}”的年份不在 {YEARS[0]}—{YEARS[-1]} 年之间")
    return day


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time(23, 59, 59))


def moment(configured: str | dt.date | None = None, environ: Mapping[str, str] | None = None,
           now: dt.datetime | None = None) -> tuple[dt.datetime, str]:
    """Return (the evaluation moment, naive Beijing time; where it came from)."""
    environ = os.environ if environ is None else environ
    if environ.get(ENVIRONMENT):
        return _moment(parse_as_of(environ[ENVIRONMENT], ENVIRONMENT)), ENVIRONMENT
    if isinstance(configured, dt.date):
        return _moment(configured), "configuration"
    if configured:
        return _moment(parse_as_of(str(configured), "as_of")), "configuration"
    if environ.get(CLOCK):
        return _moment(parse_as_of(environ[CLOCK], CLOCK)), "Asia/Shanghai clock"
    instant = now or dt.datetime.now(dt.UTC)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(SHANGHAI).replace(tzinfo=None, second=0, microsecond=0), "Asia/Shanghai clock"
