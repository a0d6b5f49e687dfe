"""The date of an event: the temporal expression governing the clause its trigger is in.

Never a date from another sentence, another clause with its own time ("after X met Y on
Monday"), the reported content of a statement ("said the talks would resume next week"), or a
caption of another picture. With no such expression the event happened on or before the
article's publication: a range ending at publication, basis "inferred"."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence

from timeline.events.arguments import STRONG_STATEMENT, Found
from timeline.events.text import Sentence
from timeline.models import EventDate, Mention, prevalidated

# News reports rarely reach back more than a week without saying when.
INFERRED_WINDOW = dt.timedelta(days=7)
# How far after a speech verb its own date may stand: "said on Sunday", "told reporters on Monday".
SPEECH_DATE_REACH = 30
# Sayings without a date of their own: news only when the article has their speaker do nothing
# else (extract.without_commentary); "X met Y ... X said" is the meeting's commentary.
NEEDS_OWN_DATE = frozenset({"statement", "warning", "demand"})
FUTURE_BETWEEN = re.compile(
    r"(?i)\b(?:will|would|next|to be|shall|scheduled|planned|due|set for|expected)\b"
)
# "for now", "currently": the state of things at writing, not the day anything happened.
TIMELESS_NOW = frozenset({"now", "currently", "right now", "for now", "at present", "presently"})
# A dateline: the city in capitals, a comma, the date, the agency, a dash.
DATELINE_BEFORE = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ .'-]+,\s*$")
DATELINE_AFTER = re.compile(r"(?:\s*\([^)]{1,40}\))?\s*[-–—]")
SPEECH_ACTS = frozenset({"statement", "warning", "demand", "criticism", "rejection"})


def clause_mention(
    text: str, item: Found, mentions: list[Mention], rivals: Sequence[int]
) -> Mention | None:
    """The date nearest the trigger in its clause, unless another trigger stands between them
    ("after gunmen killed 1,200 on Oct. 7, and went into a meeting"); a coordinated verb shares
    its subject's date ("on Monday criticized the US and called off the visit")."""
    clause = item.clause
    if clause is None or not mentions:
        return None
    start, trigger_end = item.trigger.start, item.trigger.end
    speech = item.type in SPEECH_ACTS
    others: list[int] | None = None  # the clause's other triggers, listed on first need
    nearest, distance = None, 0
    for m in mentions:  # the first of the nearest wins, as min() would pick it
        at = m.start
        if not clause.start <= at < clause.end:
            continue
        # The date of the saying, not of what was said.
        if speech and m.end > start and at - trigger_end > SPEECH_DATE_REACH:
            continue
        # "discussed the summit that Washington will host in July": July is the summit's.
        if at > start and FUTURE_BETWEEN.search(text, trigger_end, at):
            continue
        if not item.coordinated:
            if others is None:
                others = [r for r in rivals if clause.start <= r < clause.end and r != start]
            low, high = (at, start) if at < start else (start, at)
            if others and any(low < r < high for r in others):
                continue
        if nearest is None or abs(at - start) < distance:
            nearest, distance = m, abs(at - start)
    return nearest


def event_date(
    text: str,
    item: Found,
    sentence: Sentence,
    mentions: list[Mention],
    published: dt.date | None,
    rivals: Sequence[int] = (),
    dated: list[Mention] | None = None,
) -> EventDate | None:
    """The event's date, or None when the event is not news of its own (see module doc).

    dated: the sentence's mentions that carry a date, when the caller has them already."""
    if dated is None:
        dated = sentence_dates(sentence, mentions)
    if sentence.caption:
        # A caption dates its own picture; an undated (FILE) picture dates nothing.
        return mention_date(dated[-1]) if dated else None
    mention = clause_mention(text, item, dated, rivals)
    if mention is None and item.date_from is not None:
        span = item.date_from
        borrowed = [m for m in dated if span.start <= m.start < span.end]
        if borrowed:
            mention = min(borrowed, key=lambda m: abs(m.start - item.trigger.start))
    if mention is not None:
        return mention_date(mention)
    if item.nominal:
        return None  # "Israel's offensive in Gaza": background, not a reported event
    if item.hypothetical():
        return None  # "will travel", "plans to meet": only a dated plan is on the timeline
    if published is None:
        return None
    return inferred_date(published)


def undated_saying(item: Found, date: EventDate) -> bool:
    """A statement, warning or demand the article does not date (see NEEDS_OWN_DATE)."""
    return (
        date.basis == "inferred"
        and item.type in NEEDS_OWN_DATE
        and item.phrase not in STRONG_STATEMENT
        and not item.nominal
    )


def sentence_dates(
    sentence: Sentence, mentions: list[Mention], starts: list[int] | None = None
) -> list[Mention]:
    """The mentions inside the sentence that carry a date, in their order; a dateline's date
    ("KYIV, July 18 (Reuters) -") is the day of writing, not of the events told after it.

    starts: the mentions' starts when they come in order of start (resolve_text's order): the
    sentence's are then found by bisection instead of a pass over the whole text's."""
    if starts is not None:
        mentions = mentions[
            bisect.bisect_left(starts, sentence.start) : bisect.bisect_left(starts, sentence.end)
        ]
    return [
        m
        for m in mentions
        if sentence.start <= m.start < sentence.end
        and m.date_start is not None
        and m.text.lower() not in TIMELESS_NOW
        and not (
            m.start - sentence.start < 40
            and DATELINE_BEFORE.match(sentence.text, 0, m.start - sentence.start)
            and DATELINE_AFTER.match(sentence.text, m.end - sentence.start)
        )
    ]


def inferred_date(published: dt.date) -> EventDate:
    return prevalidated(
        EventDate,
        {
            "start": published - INFERRED_WINDOW,
            "end": published,
            "granularity": "range",
            "timex": "PAST_REF",
            "basis": "inferred",
            "expression": "",
            "anchor": published,
        },
    )


def mention_date(mention: Mention) -> EventDate:
    """The date a mention carries (date_start set): its fields are a validated Mention's."""
    return prevalidated(
        EventDate,
        {
            "start": mention.date_start,
            "end": mention.date_end or mention.date_start,
            "granularity": mention.granularity or "day",
            "timex": mention.value,
            "basis": mention.basis,
            "expression": mention.text,
            "anchor": mention.anchor,
        },
    )
