"""Today, as the law counts it: the date in Asia/Shanghai, overridable for tests and CI.

GONGKAI_AS_OF=YYYY-MM-DD in the environment wins over a configured date (the plugin's
`as_of` option or the CLI's --as-of), which wins over the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENVIRONMENT = "GONGKAI_AS_OF"


class BadDate(ValueError):
    """An as-of date that is not YYYY-MM-DD."""


#: The years "today" may be set to (no working-day calendar reaches further).
YEARS = range(1949, 2101)


def parse_as_of(value: str, source: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadDate(f"{source}: “{value}” is not a date in the form YYYY-MM-DD") from None
    if day.year not in YEARS:
        raise BadDate(f"{source}: “{value}” 的年份不在 {YEARS[0]}—{YEARS[-1]} 年之间")
    return day


def today(configured: str | dt.date | None = None, environ: Mapping[str, str] | None = None,
          now: dt.datetime | None = None) -> tuple[dt.date, str]:
    """Return (the evaluation date, where it came from)."""
    environ = os.environ if environ is None else environ
    if environ.get(ENVIRONMENT):
        return parse_as_of(environ[ENVIRONMENT], ENVIRONMENT), ENVIRONMENT
    if isinstance(configured, dt.date):
        return configured, "configuration"
    if configured:
        return parse_as_of(configured, "as_of"), "configuration"
    moment = now or dt.datetime.now(dt.timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(SHANGHAI).date(), "Asia/Shanghai clock"
