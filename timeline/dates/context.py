"""What resolving one text knows as it reads left to right, and what each rule returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from timeline.dates import periods
from timeline.dates.lexicon import UNIT_PLURALS, UNITS
from timeline.dates.narrative import is_background
from timeline.dates.periods import Period

# How far back an anaphor ("a year earlier", "the quarter") may look for the date it refers to.
ANAPHOR_REACH = 600


@dataclass
class Context:
    """What resolution of one text knows as it reads left to right."""

    text: str
    published: dt.date | None
    last: Period | None = None  # the last date the text stated or implied
    last_at: int = -(10**9)
    last_quarter: Period | None = None
    last_quarter_at: int = -(10**9)
    # Where the text last named a stretch of months of a report ("for the nine months"): "a
    # year earlier" then compares with the same months of the year before (relative.py).
    months_span_at: int = -(10**9)
    # Every date the text stated, in order (start, end, period): the narrative's current day is
    # worked out from them only when a day anaphor asks, as few texts have one.
    stated: list[tuple[int, int, Period]] = field(default_factory=list)

    def base(self, at: int) -> tuple[Period | None, str]:
        """The date an anaphor refers to: the last stated one, else the publication date."""
        # Counted from a stated date is still "relative" (its anchor says to what): "inferred" is
        # kept for dates guessed from the publication date, which the events stage ranks last.
        if self.last is not None and at - self.last_at <= ANAPHOR_REACH:
            return self.last, "relative"
        if self.published is not None:
            return periods.day(self.published), "relative"
        return None, "relative"

    def narrative(self, at: int) -> Period | None:
        """The date the story's own timeline is at: the last stated date within reach that is
        not background (narrative.py), at day precision when it names a day."""
        for start, end, period in reversed(self.stated):
            if at - start > ANAPHOR_REACH:
                return None
            if not is_background(self.text, start, end):
                return periods.day(period.start) if period.unit == "day" else period
        return None

    def day_base(self, at: int) -> tuple[Period | None, str]:
        """The date a day anaphor ("later that day", "the next morning") refers to: the date the
        narrative is at (a day, or a month or year whose day the text does not say), else the
        last stated day, else the publication date."""
        narrative = self.narrative(at)
        if narrative is not None and narrative.unit in ("day", "month", "year"):
            return narrative, "relative"
        base, basis = self.base(at)
        if base is not None and base.unit != "day" and self.published is not None:
            return periods.day(self.published), "relative"
        return base, basis


@dataclass
class Resolved:
    period: Period
    type: str = "DATE"
    basis: str = "relative"
    anchor: dt.date | None = None
    mod: str | None = None


@lru_cache(maxsize=4096)
def key(words: str | None) -> str:
    """Words as the lexicon spells them: lowercase, single spaces, straight apostrophe."""
    return " ".join((words or "").lower().replace("’", "'").split())


def unit_of(words: str | None) -> str:
    word = key(words)
    word = UNIT_PLURALS.get(word, word)
    return word[:-1] if word not in UNITS and word.endswith("s") else word


def unknown_day(period: Period) -> Resolved:
    """A day in a month or year the text does not pin down: "that same day" after "last
    October" is 1998-10-XX, its range the whole month."""
    value = period.value + ("-XX" if period.unit == "month" else "-XX-XX")
    period = Period(value, period.start, period.end, period.granularity, period.unit)
    return Resolved(period, anchor=period.start)


def unanchored(value: str, type_: str = "DATE") -> Resolved:
    return Resolved(Period(value, None, None, None), type_, "relative")
