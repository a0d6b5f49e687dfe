"""Resolvers for dates named on the calendar: explicit dates, months, years, decades, weekdays,
today/yesterday, clock times. Each takes the detected expression and the context."""

from __future__ import annotations

import datetime as dt
import re

from timeline.dates import anchor, periods
from timeline.dates.context import Context, Resolved, key, unanchored
from timeline.dates.detect import Found, number_value
from timeline.dates.lexicon import (
    COUNT_WORDS,
    HOLIDAYS,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    SPELLED_DECADES,
    WEEKDAYS,
)
from timeline.dates.periods import Period
from timeline.dates.tense import tense_at

# --- explicit dates ----------------------------------------------------------------------------


def month_number(words: str) -> int:
    words = key(words).rstrip(".")
    return int(words) if words.isdigit() else MONTHS[words]


def full_date(f: Found, ctx: Context) -> Resolved | None:
    year = int(f.parts["year"])
    if year < 100:
        year += 1900 if year >= 50 else 2000
    month, day = month_number(f.parts["month"]), int(f.parts["day"])
    if f.rule == "slash" and month > 12 >= day:
        month, day = day, month  # 25/12/2023 is day-first
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return Resolved(periods.day(date), basis="explicit")


def month_day(f: Found, ctx: Context) -> Resolved | None:
    month, day = month_number(f.parts["month"]), int(f.parts["day"])
    if ctx.published is None:
        return unanchored(f"XXXX-{month:02d}-{day:02d}")
    # The tense is read only when it matters (a date more than NEAR_DAYS away).
    year = anchor.near_year(ctx.published, month, day)
    if year is None:
        year = anchor.year_for(ctx.published, month, day, tense_at(ctx.text, f.start, f.end))
    if year is None:
        return None
    if f.parts.get("weekday"):
        # "Monday, Oct. 16": the year in which Oct. 16 is a Monday, if one is near.
        target = WEEKDAYS[key(f.parts["weekday"])]
        for candidate in (year, year - 1, year + 1):
            try:
                if dt.date(candidate, month, day).weekday() == target:
                    year = candidate
                    break
            except ValueError:
                continue
    mod = "APPROX" if f.parts.get("approx") else None  # "around Nov. 1"
    return Resolved(periods.day(dt.date(year, month, day)), anchor=ctx.published, mod=mod)


def week_of(f: Found, ctx: Context) -> Resolved | None:
    """'the week of March 6' (the week holding that day), 'the first week of June' (its 1st-7th)."""
    if f.parts.get("month"):
        day = full_date(f, ctx) if f.parts.get("year") else month_day(f, ctx)
        if day is None or day.period.start is None:
            return day
        return Resolved(periods.week(day.period.start), basis=day.basis, anchor=day.anchor)
    month = month_number(f.parts["month2"])
    if f.parts.get("year2"):
        year, basis, reference = int(f.parts["year2"]), "explicit", None
    elif ctx.published is None:
        return unanchored(f"XXXX-{month:02d}")
    else:
        tense = tense_at(ctx.text, f.start, f.end)
        year, basis = anchor.month_year(ctx.published, month, tense, None), "relative"
        reference = ctx.published
    whole = periods.month(year, month)
    ordinal = key(f.parts["ord"])
    if ordinal in ("last", "final"):
        start = whole.end - dt.timedelta(days=6)
    else:
        start = whole.start + dt.timedelta(days=7 * (ORDINALS[ordinal] - 1))
    end = min(start + dt.timedelta(days=6), whole.end)
    return Resolved(
        Period(whole.value, start, end, "range", "month"), basis=basis, anchor=reference
    )


def month_day_range(f: Found, ctx: Context) -> Resolved | None:
    """'Oct. 16-17, 2023', 'April 24 and 25': one mention spanning the days."""
    first = full_date(f, ctx) if f.parts.get("year") else month_day(f, ctx)
    if first is None or first.period.start is None:
        return first
    try:
        last = first.period.start.replace(day=int(f.parts["day2"]))
    except ValueError:
        return None
    if last <= first.period.start:
        return None  # "March 3 and 2 others"
    first.period = Period(first.period.value, first.period.start, last, "range", "day")
    return first


def cross_month_range(f: Found, ctx: Context) -> Resolved | None:
    """'Jan. 30-Feb. 2, 2024': one mention from the first day to the second."""
    first = full_date(f, ctx) if f.parts.get("year") else month_day(f, ctx)
    if first is None or first.period.start is None:
        return first
    start = first.period.start
    month2 = month_number(f.parts["month2"])
    year2 = start.year + (1 if month2 < start.month else 0)
    try:
        last = dt.date(year2, month2, int(f.parts["day2"]))
    except ValueError:
        return None
    if f.parts.get("year") and month2 < start.month:
        # "Dec. 30-Jan. 2, 2024": the year belongs to the end.
        start = start.replace(year=start.year - 1)
        last = last.replace(year=last.year - 1)
    if last <= start or (last - start).days > 366:
        return None
    first.period = Period(start.isoformat(), start, last, "range", "day")
    return first


def year_end(f: Found, ctx: Context) -> Resolved:
    """'by year-end': the last day of the year, this one unless the clause looks back."""
    if ctx.published is None:
        return unanchored("XXXX-12-31")
    year = ctx.published.year
    if tense_at(ctx.text, f.start, f.end) == "past" and ctx.published.month <= 6:
        year -= 1
    return Resolved(periods.day(dt.date(year, 12, 31)), anchor=ctx.published)


def two_digit_year(digits: str) -> int:
    year = int(digits.lstrip("'’"))
    return year if year >= 100 else (1900 + year if year >= 50 else 2000 + year)


def fiscal_year(f: Found, ctx: Context) -> Resolved:
    return Resolved(periods.year(two_digit_year(f.parts["year"])), basis="explicit")


def spoken_year(words: str) -> int | None:
    """'nineteen ninety-seven' -> 1997, 'nineteen oh five' -> 1905, 'two thousand one' -> 2001."""
    words = key(words).replace("-", " ")
    if words.startswith("two thousand"):
        rest = words.removeprefix("two thousand").removeprefix(" and").strip()
        return 2000 + (number_value(rest) or 0 if rest else 0)
    century, _, rest = words.partition(" ")
    number = number_value(rest.replace("oh ", ""))
    if number is None:
        return None
    return (19 if century == "nineteen" else 20) * 100 + number


def explicit_year(f: Found) -> int | None:
    """The year a rule read, in digits or in words."""
    if f.parts.get("year"):
        return int(f.parts["year"])
    return spoken_year(f.parts["spoken"]) if f.parts.get("spoken") else None


def month_year(f: Found, ctx: Context) -> Resolved | None:
    year = explicit_year(f)
    if year is None:
        return None
    period = periods.month(year, month_number(f.parts["month"]))
    return with_mod(Resolved(period, basis="explicit"), f.parts.get("mod"))


def month_alone(f: Found, ctx: Context) -> Resolved | None:
    month, lead, rel = month_number(f.parts["month"]), key(f.parts["lead"]), key(f.parts["rel"])
    if ctx.published is None:
        return with_mod(unanchored(f"XXXX-{month:02d}"), lead)
    if rel:
        year = ctx.published.year + {"this": 0, "last": -1, "next": 1}[rel]
    else:
        tense = tense_at(ctx.text, f.start, f.end)
        year = anchor.month_year(ctx.published, month, tense, lead)
    resolved = Resolved(periods.month(year, month), anchor=ctx.published)
    return with_mod(resolved, lead)


def with_mod(resolved: Resolved, mod: str | None) -> Resolved:
    if not mod or mod in ("last", "next", "this"):
        return resolved
    start, end, code = anchor.part(resolved.period, mod)
    if code:
        resolved.period = Period(
            resolved.period.value, start, end, resolved.period.granularity, resolved.period.unit
        )
        resolved.mod = code
    return resolved


def year_alone(f: Found, ctx: Context) -> Resolved | None:
    before = ctx.text[max(0, f.start - 12) : f.start].lower().split()
    if not f.parts.get("mod") and before and before[-1] in COUNT_WORDS:
        return None  # "some 1500 troops"
    if before and before[-1][-1:] in "-–/.:#" and before[-1][:1].isdigit():
        return None  # "555-1234", "3/1998" in a reference number
    if int(f.parts["year"]) < 1500 and not f.parts.get("mod"):
        return None  # a bare number this small is a count, not a year
    period = periods.year(int(f.parts["year"]))
    mod = key(f.parts.get("mod"))
    return with_mod(Resolved(period, basis="explicit"), mod if mod not in ("pre", "post") else None)


def spelled_year(f: Found, ctx: Context) -> Resolved | None:
    """'nineteen ninety-six', 'the year two thousand' (broadcast transcripts)."""
    if f.parts.get("century"):
        rest = key(f.parts["rest"]).replace("oh ", "").replace("oh-", "")
        number = number_value(rest)
        if number is None:
            return None
        year = (19 if key(f.parts["century"]) == "nineteen" else 20) * 100 + number
    else:
        year = 2000 + (number_value(f.parts.get("rest2")) or 0)
    return Resolved(periods.year(year), basis="explicit")


def decade(f: Found, ctx: Context) -> Resolved:
    digits = f.parts["decade"].lstrip("'’")
    if not digits[0].isdigit():
        first = SPELLED_DECADES[key(digits)]
    else:
        first = int(digits) if len(digits) == 4 else 1900 + int(digits)
    return with_mod(Resolved(periods.decade(first), basis="explicit"), key(f.parts.get("mod")))


def century(f: Found, ctx: Context) -> Resolved:
    return Resolved(periods.century((int(f.parts["ord"]) - 1) * 100), basis="explicit")


# --- weekdays, deictic days, times ---------------------------------------------------------------


def weekday_date(f: Found, ctx: Context, rel: str | None = None) -> dt.date | None:
    target = WEEKDAYS[key(f.parts["weekday"])]
    if ctx.published is None:
        return None
    needed = anchor.needs_tense_for_weekday(ctx.published, target, rel)
    tense = tense_at(ctx.text, f.start, f.end) if needed else "past"
    return anchor.weekday(ctx.published, target, tense, rel)


def with_part(resolved: Resolved, part: str | None) -> Resolved:
    if part and resolved.period.value[:1].isdigit() or part and resolved.period.value[:1] == "X":
        code = PARTS_OF_DAY[key(part)]
        resolved.period = resolved.period.with_value(f"{resolved.period.value}T{code}")
        resolved.type = "TIME"
    return resolved


def weekday_range(f: Found, ctx: Context) -> Resolved | None:
    """'from late Saturday into the early hours of Sunday', 'Monday to Wednesday': one range."""
    first = weekday(f, ctx)
    if first.period.start is None:
        return first
    start = first.period.start
    days = (WEEKDAYS[key(f.parts["weekday2"])] - start.weekday()) % 7
    if days == 0:
        return None
    if (
        tense_at(ctx.text, f.start, f.end) == "past"
        and ctx.published is not None
        and start + dt.timedelta(days=days) > ctx.published
    ):
        start -= dt.timedelta(days=7)  # the range ends on or before publication
    end = start + dt.timedelta(days=days)
    period = Period(start.isoformat(), start, end, "range", "day")
    return Resolved(period, anchor=ctx.published)


def weekday(f: Found, ctx: Context) -> Resolved:
    rel = key(f.parts.get("rel")) or None
    date = weekday_date(f, ctx, rel if rel not in ("early", "late") else None)
    if date is None:
        resolved = unanchored(f"XXXX-WXX-{WEEKDAYS[key(f.parts['weekday'])] + 1}")
    else:
        resolved = Resolved(periods.day(date), anchor=ctx.published)
    resolved = with_part(resolved, f.parts.get("part"))
    if rel in ("early", "late"):
        resolved.mod = "START" if rel == "early" else "END"
    return resolved


DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last": -1, "this": 0}


def deictic(f: Found, ctx: Context) -> Resolved:
    word = key(f.parts.get("word") or f.parts.get("rel")).split()[-1]
    part = f.parts.get("part") or ("night" if word == "tonight" else None)
    if word == "last" and not part:
        return unanchored("PAST_REF")
    if ctx.published is None:
        resolved = unanchored("XXXX-XX-XX")
    else:
        date = ctx.published + dt.timedelta(days=DEICTIC_DAYS[word])
        resolved = Resolved(periods.day(date), anchor=ctx.published)
    resolved = with_part(resolved, part)
    mod = key(f.parts.get("mod") or f.parts.get("rel")).split()
    if mod and mod[0] in ("early", "late"):
        resolved.mod = "START" if mod[0] == "early" else "END"
    return resolved


def clock_time(f: Found, ctx: Context) -> Resolved:
    named = key(f.parts.get("named"))
    if named:
        hhmm = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[named]
    else:
        hour = int(f.parts["hour"])
        if f.parts.get("ampm"):
            hour = hour % 12 + (12 if key(f.parts["ampm"]).startswith("p") else 0)
        hhmm = f"{hour:02d}:{f.parts.get('minute') or f.parts.get('minute2') or '00'}"
    basis, reference = "relative", ctx.published
    if f.parts.get("month"):
        day = month_day(f, ctx)
        date = day.period.start if day is not None else None
    elif f.parts.get("weekday"):
        date = weekday_date(f, ctx)
    elif f.parts.get("deictic") and ctx.published is not None:
        date = ctx.published + dt.timedelta(days=DEICTIC_DAYS[key(f.parts["deictic"])])
    else:
        # A bare "at 10 p.m." belongs to the day the story last named, else to the publication day.
        base, base_basis = ctx.base(f.start)
        if base is not None and base.unit == "day":
            date, basis, reference = base.start, base_basis, base.start
        else:
            date = ctx.published
    if date is None:
        return unanchored(f"XXXX-XX-XXT{hhmm}", "TIME")
    period = periods.day(date).with_value(f"{date.isoformat()}T{hhmm}")
    mod = "APPROX" if f.parts.get("approx") else None  # "around 7:15 p.m."
    return Resolved(period, "TIME", basis=basis, anchor=reference, mod=mod)


# --- seasons, holidays, days of the month --------------------------------------------------------

SEASON_CUES = frozenset(
    str.split(
        "in this the during since until by through last next over early late mid of that each every"
    )
)


NOT_A_SEASON_AFTER = re.compile(r"\s+of\b(?!\s+(?:19|20)\d\d)", re.IGNORECASE)


def season(f: Found, ctx: Context) -> Resolved | None:
    code = SEASONS[key(f.parts["season"])]
    rel = key(f.parts.get("rel")) or None
    year = explicit_year(f)
    if year is not None:
        return with_mod(Resolved(periods.season(year, code), basis="explicit"), rel)
    before = ctx.text[max(0, f.start - 10) : f.start].lower().split()
    if not rel and not f.parts.get("det") and not (before and before[-1] in SEASON_CUES):
        return None  # "prices fall", "hot spring"
    if not rel and key(f.parts["season"]) == "fall" and NOT_A_SEASON_AFTER.match(ctx.text, f.end):
        return None  # "the fall of Saigon"
    if ctx.published is None:
        return unanchored(f"XXXX-{code}")
    tense = tense_at(ctx.text, f.start, f.end)
    direction = rel if rel in ("last", "this", "next") else None
    period = anchor.season(ctx.published, code, tense, direction)
    return with_mod(Resolved(period, anchor=ctx.published), rel if not direction else None)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) given weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, periods.last_day(year, month))
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month, day = divmod(h + j - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holiday_date(name: str, year: int) -> dt.date:
    if name in HOLIDAYS:
        month, day = HOLIDAYS[name]
        return dt.date(year, month, day)
    if name.startswith("thanksgiving"):
        return nth_weekday(year, 11, 3, 4)
    if name.startswith("easter"):
        return easter(year)
    if name == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if name == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    # US election day: the Tuesday after the first Monday of November.
    return nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)


def holiday(f: Found, ctx: Context) -> Resolved | None:
    name, rel = key(f.parts["name"]), key(f.parts.get("rel"))
    if not f.parts["name"][0].isupper():
        return None
    if ctx.published is None:
        return unanchored("XXXX-XX-XX")
    this_year = holiday_date(name, ctx.published.year)
    if rel == "last" or (rel != "next" and tense_at(ctx.text, f.start, f.end) == "past"):
        date = (
            this_year if this_year <= ctx.published else holiday_date(name, ctx.published.year - 1)
        )
    else:
        date = (
            this_year if this_year >= ctx.published else holiday_date(name, ctx.published.year + 1)
        )
    return Resolved(periods.day(date), anchor=ctx.published)


def day_of_month(f: Found, ctx: Context) -> Resolved:
    day = int(f.parts["day"])
    if ctx.published is None:
        return unanchored(f"XXXX-XX-{day:02d}")
    base, _ = ctx.base(f.start)
    reference = base.start if base is not None and base.unit in ("day", "month") else ctx.published
    month_first = reference.replace(day=1)
    if tense_at(ctx.text, f.start, f.end) == "past" and day > reference.day:
        month_first = periods.add_months(month_first, -1)
    elif tense_at(ctx.text, f.start, f.end) == "future" and day < reference.day:
        month_first = periods.add_months(month_first, 1)
    try:
        date = month_first.replace(day=day)
    except ValueError:
        date = month_first.replace(day=periods.last_day(month_first.year, month_first.month))
    return Resolved(periods.day(date), anchor=reference)


def the_weekend(f: Found, ctx: Context) -> Resolved:
    """'over the weekend' (past: the last one), 'ahead of the weekend' (future: the next one)."""
    if ctx.published is None:
        return unanchored("XXXX-WXX-WE")
    saturday = anchor.weekday(ctx.published, 5, tense_at(ctx.text, f.start, f.end))
    return Resolved(periods.weekend(saturday), anchor=ctx.published)


def day_part(f: Found, ctx: Context) -> Resolved:
    """'in the morning', 'mid-afternoon yesterday', 'overnight': a part of the day the story is
    on (its last stated day, else the publication day); overnight in a past clause is the night
    before it."""
    part = key(f.parts.get("part") or f.parts.get("part2") or f.parts.get("overnight"))
    code = PARTS_OF_DAY[part]
    deictic = key(f.parts.get("deictic"))
    if deictic and ctx.published is not None:
        date, basis, reference = (
            ctx.published + dt.timedelta(days=DEICTIC_DAYS[deictic]),
            "relative",
            ctx.published,
        )
    else:
        base, basis = ctx.base(f.start)
        if base is None:
            return unanchored(f"XXXX-XX-XXT{code}", "TIME")
        date = base.start if base.unit == "day" else ctx.published or base.start
        reference = date
        if part == "overnight" and tense_at(ctx.text, f.start, f.end) == "past":
            date -= dt.timedelta(days=1)
    period = periods.day(date).with_value(f"{date.isoformat()}T{code}")
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(
        key(f.parts.get("mod") or f.parts.get("mid"))
    )
    return Resolved(period, "TIME", basis=basis, anchor=reference, mod=mod)
