"""resolve_text(): detect the temporal expressions of a text and anchor each one.

Relative expressions are anchored to the publication date; anaphora ("a day earlier", "the same
day", "the quarter") to the last date the text stated. Pure: same text and date, same mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from timeline.dates import absolute, relative
from timeline.dates.context import Context, Resolved, key
from timeline.dates.detect import Found, detect, detect_between, read_parts
from timeline.models import Mention

Resolver = Callable[[Found, Context], "Resolved | None"]

RESOLVERS: dict[str, Resolver] = {
    "iso": absolute.full_date,
    "slash": absolute.full_date,
    "dotted": absolute.full_date,
    "vague_rel": relative.vague_relative,
    "mdy": absolute.full_date,
    "dmy": absolute.full_date,
    "md": absolute.month_day,
    "md_range": absolute.month_day_range,
    "md_md_range": absolute.cross_month_range,
    "year_end": absolute.year_end,
    "week_of": absolute.week_of,
    "time24": absolute.clock_time,
    "quarter_code": relative.quarter_code,
    "fiscal_year": absolute.fiscal_year,
    "end_of_the": relative.end_of_the,
    "in_the_unit": relative.in_the_unit,
    "dm": absolute.month_day,
    "my": absolute.month_year,
    "month": absolute.month_alone,
    "year": absolute.year_alone,
    "spelled_year": absolute.spelled_year,
    "decade": absolute.decade,
    "spelled_decade": absolute.decade,
    "century": absolute.century,
    "weekday": absolute.weekday,
    "weekday_range": absolute.weekday_range,
    "deictic": absolute.deictic,
    "part_rel": absolute.deictic,
    "time": absolute.clock_time,
    "season": absolute.season,
    "holiday": absolute.holiday,
    "ordinal_day": absolute.day_of_month,
    "the_weekend": absolute.the_weekend,
    "day_part": absolute.day_part,
    "the_year": relative.the_year,
    "unit_rel": relative.unit_relative,
    "counted_rel": relative.counted_relative,
    "counted_span": relative.counted_span,
    "bare_units": relative.bare_units,
    "reference": relative.reference,
    "quarter": relative.quarter,
    "quarter_ref": relative.quarter_reference,
    "year_period": relative.year_period,
    "year_ago_adj": relative.year_ago_adjective,
    "anaphor": relative.anaphor,
    "day_before": relative.day_before,
    "set_every": relative.set_every,
    "weekday_set": relative.set_every,
    "set_word": relative.set_word,
    "set_freq": relative.set_frequency,
}

# When a longer form turns out not to be one, the shorter rule it extends.
FALLBACK = {"md_range": "md", "md_md_range": "md", "weekday_range": "weekday"}

# A bare "may" is a verb unless one of these comes before it.
MAY_CUES = frozenset(
    str.split(
        "in since until till by from to through of during early late mid last next this before "
        "after on between and end beginning"
    )
)


MARCH_NOUN = re.compile(r"['’]?\s+(?:for|of|on|against|to|from)\s+(?:the\s+)?[A-Z]")

# Names that are also words: lowercase they are the word ("march", "may", "sun.", "wed.").
UNAMBIGUOUS_LOWERCASE = frozenset(
    str.split(
        "january february april june july september october november december monday tuesday "
        "wednesday thursday friday saturday sunday"
    )
)


# Rules whose words also make names of programmes and papers ("This Week", "USA Today").
TITLE_RULES = frozenset(("unit_rel", "deictic", "part_rel"))
_QUOTE_BEFORE = re.compile(r"[\"“]\Z")
_QUOTED_NAME_AFTER = re.compile(r"\W{0,2}[\"”]|\s+(?-i:[A-Z])")
_NAME_BEFORE = re.compile(r"(?<![.!?:\"“]\s)(?<![.!?:\"“])\b[A-Z][\w-]*\s+\Z")


def title(found: Found, text: str) -> bool:
    """A capitalised name: ABC's "This Week", "This Week With David Brinkley", "VOA Today"."""
    if not all(word[:1].isupper() for word in found.text.split()):
        return False
    before = text[max(0, found.start - 30) : found.start]
    if _QUOTE_BEFORE.search(before):
        return _QUOTED_NAME_AFTER.match(text, found.end) is not None
    return _NAME_BEFORE.search(before) is not None and bool(before[:-1].strip())


def plausible(found: Found, text: str) -> bool:
    """Reject look-alikes: a month or weekday name that is also a word must be capitalised
    ("march", "sun."), and a lone "May" needs a preposition before it."""
    month = found.parts.get("month")
    for name in (month, found.parts.get("weekday")):
        lowercase = name and not name[0].isdigit() and not name[0].isupper()
        if lowercase and name.lower() not in UNAMBIGUOUS_LOWERCASE:
            return False
    if found.rule == "month" and key(month) == "march" and MARCH_NOUN.match(text, found.end):
        return False  # "the March for Life", "the March of the Mothers"
    if found.rule in TITLE_RULES and title(found, text):
        return False  # ABC's "This Week", "VOA Today": a programme's name
    weekday = found.parts.get("weekday") or ""
    if found.rule in ("weekday", "weekday_range", "weekday_set") and weekday.endswith("."):
        return False  # "Sun." alone is more often the newspaper than Sunday: only "Sun., Oct. 15"
    if found.rule == "month" and key(month).rstrip(".") in ("may", "mar", "jan", "jun", "sep"):
        if key(month) != "may" and found.parts.get("lead") is None:
            return False
        before = text[max(0, found.start - 12) : found.start].lower().split()
        if found.parts.get("lead") is None and not (before and before[-1] in MAY_CUES):
            return False
    return True


def resolve_found(found: Found, ctx: Context) -> Resolved | None:
    if not plausible(found, ctx.text):
        return None
    try:
        return RESOLVERS[found.rule](found, ctx)
    except (ValueError, OverflowError):
        # Arithmetic past year 1 or 9999 ("the next day" after 12/31/9999): no date to give.
        return None


def resolve_text(text: str, published: dt.date | None) -> list[Mention]:
    """Every temporal expression in text, resolved against the publication date.

    With published=None, relative expressions are still returned, with X's in their value and
    no dates; explicit ones resolve fully.
    """
    if isinstance(published, dt.datetime):
        published = published.date()  # a timestamp's day is the reference, not its hour
    ctx = Context(text, published)
    mentions: list[Mention] = []
    queue = detect(text)
    index = 0
    while index < len(queue):
        found = queue[index]
        index += 1
        resolved = resolve_found(found, ctx)
        if resolved is None and found.rule in FALLBACK:
            # "March 3 and 2 others" is not a range: read "March 3" alone, then what follows it.
            shorter = read_parts(text, found.start, FALLBACK[found.rule])
            if shorter is not None:
                queue[index:index] = detect_between(text, shorter.end, found.end)
                found, resolved = shorter, resolve_found(shorter, ctx)
        if resolved is None:
            continue
        period = resolved.period
        mentions.append(
            Mention(
                start=found.start,
                end=found.end,
                text=found.text,
                type=resolved.type,
                value=period.value,
                date_start=period.start,
                date_end=period.end,
                granularity=period.granularity if period.start is not None else None,
                basis=resolved.basis,
                anchor=resolved.anchor,
                mod=resolved.mod,
            )
        )
        remember(ctx, found, resolved)
    return mentions


def in_quote(text: str, at: int) -> bool:
    """Whether at lies inside quoted speech of its paragraph ("...", “...”, ``...'')."""
    paragraph = text[max(text.rfind("\n\n", 0, at), at - 600, 0) : at]
    opened = paragraph.count("“") + paragraph.count("``")
    closed = paragraph.count("”") + paragraph.count("''")
    return opened > closed or paragraph.count('"') % 2 == 1


# A report's stretch of months: "the nine months", "the first six months" (P2M to P11M).
MONTHS_SPAN = re.compile(r"P(?:[2-9]|1[01])M")


def remember(ctx: Context, found: Found, resolved: Resolved) -> None:
    """Keep the last stated date (and quarter) for the anaphora that follow."""
    period = resolved.period
    if resolved.type == "DURATION" and MONTHS_SPAN.fullmatch(period.value):
        ctx.months_span_at = found.start
    if (
        period.start is None
        or resolved.type in ("DURATION", "SET")
        or period.value.endswith("_REF")
    ):
        return
    # "today" in a quote does not move the story's timeline away from its last stated date; the
    # reporter's own "yesterday" does ("Later yesterday ...", "... compared with a year earlier").
    deictic = found.rule in ("reference", "time", "part_rel") or (
        found.rule == "deictic" and in_quote(ctx.text, found.start)
    )
    if deictic and resolved.basis == "relative" and ctx.last is not None:
        return
    # "a year ago" names the comparison period, not a new point on the story's timeline: the
    # "a year earlier" that follows compares with the same period, not with one a year before it.
    if (
        found.rule == "counted_rel"
        and key(found.parts.get("dir")) == "ago"
        and ctx.last is not None
    ):
        return
    ctx.last, ctx.last_at = period, found.start
    ctx.stated.append((found.start, found.end, period))
    if found.rule == "quarter" and period.unit == "quarter":
        ctx.last_quarter, ctx.last_quarter_at = period, found.start
