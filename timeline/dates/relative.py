"""Resolvers for expressions counted from a reference: 'last week', 'two years ago', 'a day
earlier', 'the third quarter', durations, vague references and repetitions (sets)."""

from __future__ import annotations

import datetime as dt
import re

from timeline.dates import anchor, periods
from timeline.dates.absolute import two_digit_year, with_mod
from timeline.dates.context import Context, Resolved, key, unanchored, unit_of, unknown_day
from timeline.dates.detect import Found, number_value, quantity_mod
from timeline.dates.lexicon import (
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    REFERENCES,
    SEASONS,
    SETS,
    UNITS,
    WEEKDAYS,
)
from timeline.dates.patterns import words_pattern
from timeline.dates.periods import Period
from timeline.dates.tense import tense_at

UNIT_ORDER = ["day", "week", "month", "quarter", "half", "season", "year", "decade", "century"]
# "the past week" / "the coming month" are stretches of time (DURATION); "last week" is a date.
STRETCH_WORDS = ("the past", "the last", "the next", "the coming", "past", "coming")
DIRECTION = {
    "this": 0, "the current": 0, "current": 0, "last": -1, "the previous": -1, "this past": -1,
    "next": 1, "the following": 1,
}  # fmt: skip


# A half of each unit in the next smaller one: "2 1/2 years" = P2Y6M.
HALF_OF = {"Y": "6M", "M": "15D", "W": "3DT12H", "D": "T12H", "H": "30M", "S": ""}


def duration_value(amount: int | None, unit: str, half: bool = False) -> str:
    """TIMEX3 duration: P3D, PT5H, P10Y (a decade), PXY (several years), PT5H30M (5 1/2 hours)."""
    letter, multiplier, grain = UNITS[unit]
    prefix = "PT" if grain == "time" else "P"
    if amount is None:
        return f"{prefix}X{letter}"
    if half and multiplier > 1:
        return f"{prefix}{amount * multiplier + multiplier // 2}{letter}"
    extra = HALF_OF[letter] if half else ""
    if grain == "time" and letter == "M" and half:
        extra = "30S"
    return f"{prefix}{amount * multiplier}{letter}{extra}"


def stretch(ctx: Context, amount: int | None, unit: str, direction: int, value: str) -> Period:
    """A duration counted back (-1) or forward (+1) from the publication date, as a day range."""
    if ctx.published is None or amount is None or UNITS[unit][2] == "time":
        return Period(value, None, None, None)
    other = periods.shift(ctx.published, direction * amount, unit)
    return periods.span(ctx.published, other, value)


def hedge(f: Found) -> str | None:
    """'or so' after an amount of time: TIMEX3 mod APPROX."""
    return "APPROX" if f.parts.get("or_so") else None


def unit_relative(f: Found, ctx: Context) -> Resolved | None:
    rel, unit, mod = key(f.parts["rel"]), key(f.parts["unit"]), key(f.parts.get("mod")) or None
    unit = "year" if unit == "fiscal year" else unit
    if rel in STRETCH_WORDS and unit not in SEASONS:
        value = duration_value(1, unit)
        direction = 1 if rel in ("the next", "the coming", "coming") else -1
        return Resolved(
            stretch(ctx, 1, unit, direction, value), "DURATION", anchor=ctx.published, mod=hedge(f)
        )
    step = DIRECTION.get(rel, 0)
    if unit in SEASONS:
        code = SEASONS[unit]
        if ctx.published is None:
            return unanchored(f"XXXX-{code}")
        direction = {-1: "last", 0: "this", 1: "next"}[step]
        period = anchor.season(ctx.published, code, "past", direction)
    elif ctx.published is None:
        return unanchored({"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE"}.get(unit, "XXXX"))
    else:
        period = periods.period_of(periods.shift(ctx.published, step, unit), unit)
    resolved = Resolved(period, anchor=ctx.published)
    if mod in ("earlier", "later") and step == 0 and period.start is not None:
        # "earlier this month": from the first of the month up to the publication date.
        start, end = (
            (period.start, ctx.published) if mod == "earlier" else (ctx.published, period.end)
        )
        resolved.period = Period(period.value, start, end, "range", period.unit)
        return resolved
    if mod in ("earlier", "later"):
        return resolved
    return with_mod(resolved, mod)


def counted_relative(f: Found, ctx: Context) -> Resolved | None:
    """'two years ago' (from the publication date), 'a day earlier' (from the last date)."""
    unit, direction = unit_of(f.parts["unit"]), key(f.parts["dir"])
    amount = number_value(f.parts["num"])
    if unit not in UNITS:
        return None
    sign = -1 if direction in ("ago", "earlier", "before", "previously") else 1
    mod = quantity_mod(f.parts.get("approx")) or hedge(f)
    if amount is None:
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Resolved(Period(value, None, None, None), anchor=ctx.published, mod=mod)
    from_publication = direction in ("ago", "from now", "from today", "hence")
    if from_publication:
        base = periods.day(ctx.published) if ctx.published is not None else None
        basis = "relative"
    elif unit in ("day", "night") or UNITS[unit][2] == "time":
        base, basis = ctx.day_base(f.start)  # "a day later": from the narrative's day
    else:
        base, basis = ctx.base(f.start)
    year = months_span_year(ctx) if unit == "year" and amount == 1 else None
    if year is not None and months_span_nearby(ctx, f.start):
        ctx.months_span_at = f.start  # the months stay the subject of the comparisons after it
        return Resolved(periods.year(year - 1), basis=basis, anchor=ctx.published, mod=mod)
    # "a year ago" in a report about a quarter means the same quarter a year before.
    if unit == "year" and amount == 1 and quarter_nearby(ctx, f.start):
        base = ctx.last_quarter
    if base is None:
        return unanchored("XXXX-XX-XX")
    if UNITS[unit][2] == "time":
        return Resolved(periods.day(base.start), anchor=base.start, basis=basis, mod=mod)
    grain = {"decade": "year", "century": "year", "weekend": "week", "night": "day"}.get(unit, unit)
    # Counted from a stated date, the result keeps that date's precision when it is finer.
    keeps_precision = base.unit in UNIT_ORDER and (not from_publication or base.unit != "day")
    if keeps_precision and UNIT_ORDER.index(base.unit) < UNIT_ORDER.index(grain):
        grain = base.unit
    moved = periods.shift(base.start, sign * amount, unit)
    return Resolved(periods.period_of(moved, grain), basis=basis, anchor=base.start, mod=mod)


def quarter_nearby(ctx: Context, at: int) -> bool:
    """A quarter the text named shortly before, and one already over: results are reported for
    finished quarters, so a quarter still running is a forecast, not the report's subject."""
    quarter = ctx.last_quarter
    if quarter is None or at - ctx.last_quarter_at > QUARTER_REACH:
        return False
    return ctx.published is None or quarter.end < ctx.published


def months_span_nearby(ctx: Context, at: int) -> bool:
    """The text named a stretch of months ("For the nine months, ...") shortly before, and no
    quarter since: "a year earlier" then compares with those months of the year before, which
    TIMEX3 writes as that year (TempEval-3's reports: "compared with $382 million a year
    earlier" after "the first nine months" is 1988)."""
    # Named after the last quarter and the last date ("For the six months ended Aug. 12, ...
    # a year earlier" counts from Aug. 12).
    latest = ctx.months_span_at > ctx.last_quarter_at and ctx.months_span_at >= ctx.last_at
    return latest and at - ctx.months_span_at <= QUARTER_REACH


def months_span_year(ctx: Context) -> int | None:
    """The year whose months a report covers: the year of its quarter, else of publication."""
    if ctx.last_quarter is not None and ctx.last_quarter.start is not None:
        return ctx.last_quarter.start.year
    return ctx.published.year if ctx.published is not None else None


# A quarter stays the subject of a business report for a few sentences.
QUARTER_REACH = 800


# How far "days later", "weeks earlier" reach from their base, in their unit.
VAGUE_REACH = (2, 9)


def vague_relative(f: Found, ctx: Context) -> Resolved | None:
    """'hours later' (the same day), 'days later', 'years ago': an honest range, no exact day."""
    unit, direction = unit_of(f.parts["unit"]), key(f.parts["dir"])
    if direction == "ago":
        base, basis = (periods.day(ctx.published), "relative") if ctx.published else (None, "")
    else:
        base, basis = ctx.base(f.start)
    sign = -1 if direction in ("ago", "earlier") else 1
    value = "PAST_REF" if sign < 0 else "FUTURE_REF"
    if base is None:
        return unanchored(value)
    if unit == "hour":
        return Resolved(periods.day(base.start), basis=basis, anchor=base.start)
    near = periods.shift(base.start, sign * VAGUE_REACH[0], unit)
    far = periods.shift(base.start, sign * VAGUE_REACH[1], unit)
    return Resolved(periods.span(near, far, value), basis=basis, anchor=base.start)


# An amount right before "a year", "a week" makes it a rate ("$1.76 a year", "700 seats a week").
RATE_BEFORE = re.compile(
    r"(?:\d%?|\b(?:million|billion|thousand|hundred|percent|cents?|dollars?|pence|yen|euros?)"
    r"|\b(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?)"
    r"\s+[a-z]+s)\s+\Z",
    re.IGNORECASE,
)
SPAN_OF_QUARTERS = re.compile(r"\b(?:several|few|many|consecutive|straight)\b", re.IGNORECASE)
AGE_AFTER = re.compile(r"\s+old\b", re.IGNORECASE)  # "52 years old": an age
PROPER_NEXT = re.compile(r"['’]?\s+[A-Z]")


def counted_span(f: Found, ctx: Context) -> Resolved | None:
    unit = unit_of(f.parts["unit"])
    num = key(f.parts["num"])
    if unit not in UNITS:
        return None
    if unit == "quarter" and not f.parts.get("rel") and not SPAN_OF_QUARTERS.search(f.text):
        return None  # "a quarter of the vote", "three quarters"; "several quarters" is time
    if key(f.parts.get("adj")) == "-old" or AGE_AFTER.match(ctx.text, f.end):
        return None  # an age ("a 6-year-old boy") is not a time expression
    named = f.parts["num"][:1].isupper() and f.text.split()[-1][:1].isupper()
    if named and PROPER_NEXT.match(ctx.text, f.end):
        return None  # a name: "the Six-Day War", "the Hundred Years' War", "Sixty Minutes"
    if unit == "second" and (
        num in ("a", "an", "one") or not f.text.lower().rstrip().endswith("s")
    ):
        return None  # "a second term"
    if (
        num in ("a", "an")
        and not f.parts.get("rel")
        and RATE_BEFORE.search(ctx.text, max(0, f.start - 40), f.start)
    ):
        return None  # a rate, not a stretch of time: "$2 million a year", "four flights a week"
    amount = number_value(num)
    half = bool(f.parts.get("half") or f.parts.get("half2"))  # "a minute and a half"
    value = duration_value(amount, unit, half=half)
    rel = key(f.parts.get("rel"))
    mod = quantity_mod(f.parts.get("approx")) or hedge(f)
    if rel in ("past", "last", "previous") or rel in ("next", "coming", "following", "remaining"):
        direction = -1 if rel in ("past", "last", "previous") else 1
        return Resolved(
            stretch(ctx, amount, unit, direction, value), "DURATION", anchor=ctx.published, mod=mod
        )
    return Resolved(Period(value, None, None, None), "DURATION", mod=mod)


def bare_units(f: Found, ctx: Context) -> Resolved:
    return Resolved(
        Period(duration_value(None, unit_of(f.parts["unit"])), None, None, None), "DURATION"
    )


# "as soon as", "soon after" are conjunctions and prepositions, not a time.
NOT_SOON = re.compile(r"\s+(?:as|after|before|thereafter|afterwards?|enough)\b", re.IGNORECASE)


DISCOURSE_NOW = re.compile(r",|\s+for\b")


def opens_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 4) : at].rstrip(" \"“'‘")
    return not before.strip() or before[-1] in ".!?\n:"


def reference(f: Found, ctx: Context) -> Resolved | None:
    word = key(f.parts["word"])
    if word == "soon" and (
        NOT_SOON.match(ctx.text, f.end) or ctx.text[max(0, f.start - 3) : f.start].lower() == "as "
    ):
        return None
    if word == "now" and DISCOURSE_NOW.match(ctx.text, f.end) and opens_sentence(ctx.text, f.start):
        return None  # "Now, he says, ...", "Now for the news": a discourse marker, not a time
    value, reach = REFERENCES[word.removeprefix("in ")]
    if ctx.published is None:
        return unanchored(value)
    other = ctx.published + dt.timedelta(days=reach)
    return Resolved(periods.span(ctx.published, other, value), anchor=ctx.published)


# --- quarters and other business periods ---------------------------------------------------------


def quarter(f: Found, ctx: Context) -> Resolved | None:
    number = ORDINALS[key(f.parts["ord"])]
    is_half = key(f.parts["unit"]) == "half"
    if is_half and key(f.parts["ord"]) in ("last", "final"):
        number = 2  # "the last half of 1989"
    if is_half and number > 2:
        return None
    owner = key(f.parts.get("owner") or f.parts.get("of_owner"))
    if owner == "the year":
        # "the first half of the year": of the year the story is in.
        base, _ = ctx.base(f.start)
        if base is not None and ctx.published is not None:
            owner = {0: "this year", -1: "last year", 1: "next year"}.get(
                base.start.year - ctx.published.year, ""
            )
        else:
            owner = "this year" if ctx.published is not None else ""
    year = f.parts.get("year") or f.parts.get("of_year") or f.parts.get("year_adj")
    if year:
        year_no = int(year)
    elif ctx.published is None:
        return unanchored(f"XXXX-{'H' if is_half else 'Q'}{number}")
    elif owner:
        year_no = ctx.published.year + {"this year": 0, "last year": -1, "next year": 1}[owner]
    else:
        tense = tense_at(ctx.text, f.start, f.end)
        if is_half:
            year_no = ctx.published.year
            if periods.half(year_no, number).start > ctx.published and tense != "future":
                year_no -= 1
        else:
            return Resolved(anchor.quarter(ctx.published, number, tense), anchor=ctx.published)
    period = periods.half(year_no, number) if is_half else periods.quarter(year_no, number)
    return Resolved(
        period, basis="explicit" if year else "relative", anchor=None if year else ctx.published
    )


def year_period(f: Found, ctx: Context) -> Resolved:
    """'the 1988 quarter', 'the 1989 period': the quarter the report is about, in that year."""
    year_no = int(f.parts["year"])
    quarter_ = latest_quarter(ctx, f.start) if ctx.last_quarter is not None else None
    if quarter_ is None:
        whole = periods.year(year_no)
        if key(f.parts["unit"]) == "quarter":
            whole = whole.with_value(f"{year_no}-QX")  # some quarter of that year
        return Resolved(whole, basis="explicit")
    number = (quarter_.start.month - 1) // 3 + 1
    return Resolved(periods.quarter(year_no, number), anchor=quarter_.start)


def quarter_code(f: Found, ctx: Context) -> Resolved | None:
    """'Q3 2024', 'Q3', '3Q24', 'H1 2024', 'FY Q2'."""
    code = f.parts["code"].upper()
    letter, number = (code[0], int(code[1])) if code[0] in "QH" else (code[1], int(code[0]))
    if f.parts.get("year"):
        year_no = two_digit_year(f.parts["year"])
        period = (
            periods.quarter(year_no, number) if letter == "Q" else periods.half(year_no, number)
        )
        return Resolved(period, basis="explicit")
    if ctx.published is None:
        return unanchored(f"XXXX-{letter}{number}")
    if letter == "Q":
        tense = tense_at(ctx.text, f.start, f.end)
        return Resolved(anchor.quarter(ctx.published, number, tense), anchor=ctx.published)
    year_no = ctx.published.year
    if periods.half(year_no, number).start > ctx.published:
        year_no -= 1
    return Resolved(periods.half(year_no, number), anchor=ctx.published)


def the_year(f: Found, ctx: Context) -> Resolved | None:
    """'for the year' (the story's year), 'the fiscal year ended Sept. 30' (a year's length)."""
    if f.parts.get("ended"):
        return Resolved(Period("P1Y", None, None, None), "DURATION")
    if key(f.parts.get("kind")) == "current" and ctx.published is not None:
        # "the current year" is the year of publication, whatever date the story last named.
        return Resolved(periods.year(ctx.published.year), anchor=ctx.published)
    base, basis = ctx.base(f.start)
    if base is None:
        return unanchored("XXXX")
    return Resolved(periods.year(base.start.year), basis=basis, anchor=base.start)


def end_of_the(f: Found, ctx: Context) -> Resolved:
    """'by the end of the year', 'the rest of the week': part of the period of publication."""
    unit, mod = key(f.parts["unit"]), key(f.parts["mod"])
    if ctx.published is None:
        return unanchored({"week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"))
    period = periods.period_of(ctx.published, unit)
    resolved = Resolved(period, anchor=ctx.published)
    if mod in ("the rest of", "the remainder of"):
        resolved.period = Period(period.value, ctx.published, period.end, "range", period.unit)
        return resolved
    return with_mod(resolved, mod)


def in_the_unit(f: Found, ctx: Context) -> Resolved:
    """'earlier in the day', 'later in the week': the period of the last stated date."""
    unit = key(f.parts["unit"])
    base, basis = ctx.day_base(f.start) if unit == "day" else ctx.base(f.start)
    if base is None:
        return unanchored("XXXX-XX-XX")
    if unit == "day" and base.unit != "day":
        return unknown_day(base)
    return Resolved(periods.period_of(base.start, unit), basis=basis, anchor=base.start)


def latest_quarter(ctx: Context, at: int) -> Period | None:
    """The quarter a report means by 'the quarter': the one it last named, else the last one
    completed before publication."""
    if quarter_nearby(ctx, at):
        return ctx.last_quarter
    if ctx.published is None:
        return None
    return periods.period_of(periods.shift(ctx.published, -1, "quarter"), "quarter")


ENDED_ON = re.compile(
    rf"\s+end(?:ed|ing)\s+(?P<month>{words_pattern(MONTHS)})\.?\s*(?P<day>[12]\d|3[01]|0?[1-9])(?!\d)",
    re.IGNORECASE,
)


def quarter_reference(f: Found, ctx: Context) -> Resolved | None:
    which, unit = key(f.parts.get("which")), key(f.parts["unit"])
    if unit == "period" and which not in (
        "latest",
        "year-ago",
        "year-earlier",
        "comparable",
        "same",
    ):
        return None
    if which in ("first", "past", "recent"):
        return None
    if which == "current" and ctx.published is not None:
        return Resolved(periods.period_of(ctx.published, "quarter"), anchor=ctx.published)
    ended = ENDED_ON.match(ctx.text, f.end)
    if unit == "quarter" and which in ("", "latest", "fiscal") and ended and ctx.published:
        # "the quarter ended Sept. 30": the three months that end on that day.
        month, day = MONTHS[key(ended["month"]).rstrip(".")], int(ended["day"])
        year = anchor.year_for(ctx.published, month, day, "past")
        if year is not None:
            last = dt.date(year, month, min(day, periods.last_day(year, month)))
            return Resolved(periods.period_of(last, "quarter"), anchor=ctx.published)
    ordinal = key(f.parts.get("ord") or f.parts.get("ord2"))
    if ordinal and ctx.published is not None:
        # "the year-ago third quarter": the third quarter of the year before the report's.
        reported = latest_quarter(ctx, f.start)
        this = anchor.quarter(ctx.published, ORDINALS[ordinal], "past")
        year = reported.start.year if reported is not None else this.start.year
        return Resolved(periods.quarter(year - 1, ORDINALS[ordinal]), anchor=ctx.published)
    base = latest_quarter(ctx, f.start)
    if base is None:
        return unanchored("XXXX-QX")
    if which in ("year-ago", "year-earlier"):
        base = anchor.shift_period(base, -1, "year")
    elif which in ("previous", "prior", "last"):
        base = anchor.shift_period(base, -1, "quarter")
    return Resolved(base, anchor=ctx.published)


def year_ago_adjective(f: Found, ctx: Context) -> Resolved | None:
    if months_span_nearby(ctx, f.start) and months_span_year(ctx) is not None:
        # "compared with year-earlier net of ..." after "For the nine months": the year before.
        ctx.months_span_at = f.start
        return Resolved(periods.year(months_span_year(ctx) - 1), anchor=ctx.published)
    base = latest_quarter(ctx, f.start) if ctx.last_quarter is not None else None
    if base is None:
        if ctx.published is None:
            return unanchored("XXXX")
        base = periods.year(ctx.published.year)
    return Resolved(anchor.shift_period(base, -1, "year"), anchor=ctx.published)


# --- anaphora: dates counted from the last date the text stated ----------------------------------

ANAPHOR_STEP = {
    "that": 0, "that same": 0, "the same": 0, "the next": 1, "the following": 1,
    "the previous": -1, "the preceding": -1, "the prior": -1,
}  # fmt: skip


def anaphor(f: Found, ctx: Context) -> Resolved | None:
    det, unit = key(f.parts["det"]), key(f.parts["unit"])
    day_level = unit == "day" or unit in PARTS_OF_DAY
    base, basis = ctx.day_base(f.start) if day_level else ctx.base(f.start)
    if base is None:
        return unanchored("XXXX-XX-XX")
    if day_level and base.unit != "day":
        return unknown_day(base)
    part = unit if unit in PARTS_OF_DAY else None
    step_unit = "day" if part else unit
    moved = periods.shift(base.start, ANAPHOR_STEP[det], step_unit)
    period = periods.period_of(moved, step_unit)
    resolved = Resolved(period, basis=basis, anchor=base.start)
    if part:
        code = PARTS_OF_DAY[part]
        resolved.period = period.with_value(f"{period.value}T{code}")
        resolved.type = "TIME"
    return resolved


def day_before(f: Found, ctx: Context) -> Resolved | None:
    unit, direction = key(f.parts["unit"]), key(f.parts["dir"])
    deictic = key(f.parts.get("deictic"))
    if deictic:
        if ctx.published is None:
            return unanchored("XXXX-XX-XX")
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}[deictic]
        base, basis = periods.day(ctx.published + dt.timedelta(days=shift)), "relative"
    else:
        day_level = unit in ("day", "night")
        base, basis = ctx.day_base(f.start) if day_level else ctx.base(f.start)
        if base is None:
            return unanchored("XXXX-XX-XX")
        if day_level and base.unit != "day":
            return unknown_day(base)
    step = -1 if direction == "before" else 1
    step_unit = "day" if unit == "night" else unit
    moved = periods.shift(base.start, step, step_unit)
    resolved = Resolved(periods.period_of(moved, step_unit), basis=basis, anchor=base.start)
    if unit == "night":
        resolved.period = resolved.period.with_value(resolved.period.value + "TNI")
        resolved.type = "TIME"
    return resolved


# --- sets ----------------------------------------------------------------------------------------


def set_every(f: Found, ctx: Context) -> Resolved:
    if f.parts.get("weekday"):
        value = f"XXXX-WXX-{WEEKDAYS[key(f.parts['weekday'])] + 1}"
        if f.parts.get("part"):
            value += f"T{PARTS_OF_DAY[key(f.parts['part'])]}"
    elif f.parts.get("month"):
        value = f"XXXX-{MONTHS[key(f.parts['month']).rstrip('.')]:02d}"
    elif f.parts.get("part"):
        value = f"XXXX-XX-XXT{PARTS_OF_DAY[key(f.parts['part'])]}"
    else:
        value = duration_value(1, unit_of(f.parts["unit"]))
    return Resolved(Period(value, None, None, None), "SET")


def set_word(f: Found, ctx: Context) -> Resolved:
    return Resolved(Period(SETS[key(f.parts["word"])], None, None, None), "SET")


def set_frequency(f: Found, ctx: Context) -> Resolved:
    return Resolved(Period(duration_value(1, unit_of(f.parts["unit"])), None, None, None), "SET")
