"""Direction rules: which occurrence of a weekday, month, day or season an expression means.

Small pure functions; the reference date and the clause's tense are passed in.
"""

from __future__ import annotations

import datetime as dt

from timeline.dates import periods
from timeline.dates.periods import Period

# A date without a year this close to the publication date is in its year whatever the tense.
NEAR_DAYS = 45


def weekday(reference: dt.date, target: int, tense: str, rel: str | None = None) -> dt.date:
    """The weekday (0 = Monday) an expression means, seen from reference.

    Past clause: the latest such day on or before reference; future: the next on or after.
    "last Friday" / "next Friday" exclude reference itself; "this Friday" is in reference's week.
    """
    back = (reference.weekday() - target) % 7
    forward = (target - reference.weekday()) % 7
    if rel in ("last", "the previous", "this past"):
        return reference - dt.timedelta(days=back or 7)
    if rel in ("next", "coming", "the following"):
        return reference + dt.timedelta(days=forward or 7)
    if rel == "this":
        return reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(days=target)
    if tense == "future":
        return reference + dt.timedelta(days=forward)
    return reference - dt.timedelta(days=back)


def needs_tense_for_weekday(reference: dt.date, target: int, rel: str | None) -> bool:
    """Whether weekday() reads the tense: not for "last/next/this Friday", nor for the
    reference's own weekday (the same day either way)."""
    fixed = ("last", "the previous", "this past", "next", "coming", "the following", "this")
    return rel not in fixed and reference.weekday() != target


def near_year(reference: dt.date, month: int, day: int) -> int | None:
    """The reference year when month-day falls within NEAR_DAYS of it (whatever the tense)."""
    try:
        this_year = dt.date(reference.year, month, day)
    except ValueError:
        return None
    return reference.year if abs((this_year - reference).days) <= NEAR_DAYS else None


def year_for(reference: dt.date, month: int, day: int, tense: str) -> int | None:
    """The year of a month-day stated without one: near dates stay in the reference year,
    farther ones follow the tense (past: the latest on or before, future: the next on or after)."""
    try:
        this_year = dt.date(reference.year, month, day)
    except ValueError:
        # 29 February: the nearest leap year in the tense's direction.
        step = 1 if tense == "future" else -1
        for offset in range(0, 8 * step, step):
            try:
                dt.date(reference.year + offset, month, day)
                return reference.year + offset
            except ValueError:
                continue
        return None
    if abs((this_year - reference).days) <= NEAR_DAYS:
        return reference.year
    if tense == "future":
        return reference.year if this_year >= reference else reference.year + 1
    return reference.year if this_year <= reference else reference.year - 1


def month_year(reference: dt.date, month: int, tense: str, lead: str | None) -> int:
    """The year of a month named alone ("June", "last June", "next March")."""
    delta = month - reference.month
    if lead == "last":
        return reference.year if delta < 0 else reference.year - 1
    if lead == "next":
        return reference.year if delta > 0 else reference.year + 1
    if lead == "this" or abs(delta) <= 1:
        return reference.year
    if tense == "future":
        return reference.year if delta > 0 else reference.year + 1
    return reference.year if delta < 0 else reference.year - 1


def quarter(reference: dt.date, number: int, tense: str) -> Period:
    """'the third quarter': this year's unless it has not begun yet and the clause is past."""
    candidate = periods.quarter(reference.year, number)
    if candidate.start > reference and tense != "future":
        return periods.quarter(reference.year - 1, number)
    return candidate


def season(reference: dt.date, code: str, tense: str, rel: str | None) -> Period:
    """The season meant by 'last fall', 'this summer', 'next spring' or a bare season name."""
    current = periods.season(*periods.season_of(reference))
    this_year = periods.season(reference.year, code)
    if code == "WI" and reference.month <= 2:
        this_year = periods.season(reference.year - 1, code)
    if rel == "this" or (this_year.value == current.value and rel not in ("last", "next")):
        return this_year
    if this_year.value == current.value:
        # "last spring" said in March is the spring before this one; "next winter" the one after.
        return periods.season(int(current.value[:4]) + (-1 if rel == "last" else 1), code)
    earlier = (
        this_year if this_year.start < current.start else periods.season(reference.year - 1, code)
    )
    later = (
        this_year if this_year.start > current.start else periods.season(reference.year + 1, code)
    )
    if rel == "last":
        return earlier
    if rel == "next":
        return later
    return later if tense == "future" else earlier


def part(period: Period, mod: str | None) -> tuple[dt.date, dt.date, str | None]:
    """The days of 'early', 'mid', 'late', 'the end of'... a period, and the TIMEX3 mod."""
    if not mod or period.start is None or period.end is None:
        return period.start, period.end, None
    mod = " ".join(mod.lower().split())
    length = (period.end - period.start).days + 1
    third = max(length // 3, 1)
    if mod in ("early", "start", "the beginning of", "the start of"):
        return period.start, period.start + dt.timedelta(days=third - 1), "START"
    if mod in ("late", "end", "the end of"):
        return period.end - dt.timedelta(days=third - 1), period.end, "END"
    if mod in ("mid", "the middle of"):
        return period.start + dt.timedelta(days=third), period.end - dt.timedelta(days=third), "MID"
    return period.start, period.end, None


def shift_period(period: Period, amount: int, unit: str) -> Period:
    """period moved by amount units, kept at its own granularity ('a year earlier' than Q3 1989
    is Q3 1988)."""
    if period.start is None:
        return period
    moved = periods.shift(period.start, amount, unit)
    kept = (
        period.unit if period.unit in ("day", "week", "month", "quarter", "year", "half") else unit
    )
    return periods.period_of(moved, kept)
