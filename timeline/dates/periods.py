"""Calendar periods with their TIMEX3 value and inclusive day range: pure date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from timeline.dates.lexicon import SEASON_START


@dataclass(frozen=True)
class Period:
    """A resolved date: TIMEX3 value, first and last day (inclusive) and granularity."""

    value: str
    start: dt.date | None
    end: dt.date | None
    granularity: str | None  # one of models.Granularity, or None for durations and references
    unit: str = "day"  # the calendar unit the value is written in: day, week, month, ...

    def with_value(self, value: str) -> Period:
        return replace(self, value=value)


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day(date: dt.date) -> Period:
    return Period(date.isoformat(), date, date, "day", "day")


def month(year: int, month_no: int) -> Period:
    first = dt.date(year, month_no, 1)
    last = dt.date(year, month_no, last_day(year, month_no))
    return Period(f"{year:04d}-{month_no:02d}", first, last, "month", "month")


def year(year_no: int) -> Period:
    return Period(
        f"{year_no:04d}", dt.date(year_no, 1, 1), dt.date(year_no, 12, 31), "year", "year"
    )


def quarter(year_no: int, number: int) -> Period:
    first = dt.date(year_no, 3 * number - 2, 1)
    last_month = 3 * number
    last = dt.date(year_no, last_month, last_day(year_no, last_month))
    return Period(f"{year_no:04d}-Q{number}", first, last, "quarter", "quarter")


def half(year_no: int, number: int) -> Period:
    first = dt.date(year_no, 6 * number - 5, 1)
    last = dt.date(year_no, 6, 30) if number == 1 else dt.date(year_no, 12, 31)
    return Period(f"{year_no:04d}-H{number}", first, last, "range", "half")


def week(date: dt.date) -> Period:
    iso_year, iso_week, weekday = date.isocalendar()
    monday = date - dt.timedelta(days=weekday - 1)
    return Period(
        f"{iso_year:04d}-W{iso_week:02d}", monday, monday + dt.timedelta(days=6), "week", "week"
    )


def weekend(date: dt.date) -> Period:
    wk = week(date)
    saturday = wk.start + dt.timedelta(days=5)
    return Period(f"{wk.value}-WE", saturday, saturday + dt.timedelta(days=1), "range", "week")


def season(year_no: int, code: str) -> Period:
    start_month = SEASON_START[code]
    first = dt.date(year_no, start_month, 1)
    end_year, end_month = (year_no + 1, 2) if code == "WI" else (year_no, start_month + 2)
    last = dt.date(end_year, end_month, last_day(end_year, end_month))
    return Period(f"{year_no:04d}-{code}", first, last, "range", "season")


def season_of(date: dt.date) -> tuple[int, str]:
    """The season a date falls in, with the year it is named after (Jan 1999 is winter 1998)."""
    if date.month in (1, 2):
        return date.year - 1, "WI"
    code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[3 * ((date.month) // 3)]
    return date.year, code


def decade(first_year: int) -> Period:
    return Period(
        f"{first_year // 10:03d}",
        dt.date(first_year, 1, 1),
        dt.date(first_year + 9, 12, 31),
        "range",
        "decade",
    )


def century(first_year: int) -> Period:
    return Period(
        f"{first_year // 100:02d}",
        dt.date(max(first_year, 1), 1, 1),
        dt.date(first_year + 99, 12, 31),
        "range",
        "century",
    )


def add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    y, m = divmod(index, 12)
    return dt.date(y, m + 1, min(date.day, last_day(y, m + 1)))


def shift(date: dt.date, amount: int, unit: str) -> dt.date:
    """date moved by amount units (negative = back); unit in day/week/month/quarter/year/..."""
    if unit in ("day", "night"):
        return date + dt.timedelta(days=amount)
    if unit in ("week", "weekend"):
        return date + dt.timedelta(weeks=amount)
    if unit == "fortnight":
        return date + dt.timedelta(weeks=2 * amount)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(unit, 0)
    return add_months(date, amount * months)


def period_of(date: dt.date, unit: str) -> Period:
    """The period of the given unit that contains date."""
    if unit in ("week", "fortnight"):
        return week(date)
    if unit == "weekend":
        return weekend(date)
    if unit == "month":
        return month(date.year, date.month)
    if unit == "quarter":
        return quarter(date.year, (date.month - 1) // 3 + 1)
    if unit == "year":
        return year(date.year)
    if unit == "decade":
        return decade(date.year - date.year % 10)
    if unit == "century":
        return century(date.year - date.year % 100)
    if unit == "season":
        return season(*season_of(date))
    if unit == "half":
        return half(date.year, 1 if date.month <= 6 else 2)
    return day(date)


def span(start: dt.date, end: dt.date, value: str) -> Period:
    """A fuzzy or counted stretch of days (PAST_REF, P3D anchored, earlier this month...)."""
    if end < start:
        start, end = end, start
    return Period(value, start, end, "range", "range")
