"""What every format shows of an event, worked out once per event and format.

Formats show the same pieces (title, date in words, actors, place, evidence quotes with their
sources); cleaning them was most of an exporter's time. EventTexts builds them for one timeline.
What recurs across events is memoized across formats too: an article's citation, a date's words
(and, in base.py, an actor's label, a type, a place), each worked out once, not once per event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from timeline.exporters.base import (
    actor_label,
    clean_text,
    date_label,
    event_title,
    format_day,
    one_line,
    precision_note,
    safe_url,
    short_text,
)
from timeline.models import Article, Event, EventDate, Timeline


@dataclass(frozen=True, slots=True)
class Cited:
    """How one article is cited."""

    outlet: str  # its publisher, else its title, else its path
    name: str  # 'Publisher, 14 April 2024'
    url: str | None  # http(s) only
    published: dt.date | None


# A source whose article id is not in the timeline.
UNKNOWN_ARTICLE = Cited(outlet="", name="unknown source", url=None, published=None)


def cited(article: Article) -> Cited:
    return _cited(
        article.publisher or article.title or article.path, article.published, article.url
    )


@lru_cache(maxsize=65536)  # every format, and every build of a process, cites the same articles
def _cited(outlet: str, published: dt.date | None, url: str | None) -> Cited:
    parts = [outlet]
    if published:
        parts.append(format_day(published))
    return Cited(
        outlet=one_line(outlet),
        name=one_line(", ".join(p for p in parts if p)),
        url=safe_url(url),
        published=published,
    )


# date_label and precision_note by (start, end, granularity, basis): events share dates (2,485
# distinct among 6,960 events of the 1k benchmark corpus) and every format shows them.
_DATE_WORDS: dict[tuple, tuple[str, str]] = {}
_DATE_WORDS_MAX = 65536


def _date_words(date: EventDate) -> tuple[str, str]:
    key = (date.start, date.end, date.granularity, date.basis)
    words = _DATE_WORDS.get(key)
    if words is None:
        if len(_DATE_WORDS) >= _DATE_WORDS_MAX:  # bounded: a long-lived process sees many builds
            _DATE_WORDS.clear()
        words = _DATE_WORDS[key] = (date_label(date), precision_note(date))
    return words


# One source of an event: its evidence sentence (clean) and how its article is cited. A pair
# rather than a class: thousands are made a second, and a tuple is made five times faster.
SourceRef = tuple[str, Cited]


@dataclass(slots=True)  # not frozen: a frozen dataclass is made three times slower
class EventText:
    """An event's text as the formats show it, cleaned; ids and dates are read from the event."""

    title: str  # never empty
    type: str
    when: str  # the date in words: 'week of 8 April 2024'
    summary: str  # "" when it only repeats the title or an evidence sentence
    actors: list[str]  # labels: 'Lloyd Austin (Secretary of Defense, United States)'
    location: str
    sources: list[SourceRef]


class EventTexts:
    """EventText of the events of one timeline."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._articles: dict[str, Article] | None = None  # made on first use: a rebuild that
        self._cited: dict[str, Cited] = {}  # copies nearly every event needs few or none

    def article(self, article_id: str) -> Cited:
        known = self._cited.get(article_id)
        if known is None:
            if self._articles is None:
                self._articles = {a.id: a for a in self._timeline.articles}
            article = self._articles.get(article_id)
            known = cited(article) if article else UNKNOWN_ARTICLE
            self._cited[article_id] = known
        return known

    def sources(self, event: Event) -> list[SourceRef]:
        known = self._cited
        return [
            (clean_text(s.evidence), known.get(s.article) or self.article(s.article))
            for s in event.sources
        ]

    def date_label(self, date: EventDate) -> str:
        return _date_words(date)[0]

    def precision_note(self, date: EventDate) -> str:
        return _date_words(date)[1]

    def __call__(self, event: Event) -> EventText:
        sources = self.sources(event)
        when = self.date_label(event.date)
        return EventText(
            title=one_line(event.title) or event_title(event),
            type=short_text(event.type),
            when=when,
            summary=summary_to_show(event, sources),
            actors=[actor_label(a) for a in event.actors],
            location=short_text(event.location),
            sources=sources,
        )


def summary_to_show(event: Event, sources: list[SourceRef]) -> str:
    """The summary, unless it only repeats the title or an evidence sentence shown anyway."""
    summary = event.summary
    if not summary or summary == event.title:
        return ""
    # Most summaries are their evidence sentence itself: equal text, equal cleaned text.
    for source in event.sources:
        if summary == source.evidence:
            return ""
    summary = clean_text(summary).strip()
    line = one_line(summary)
    if line == one_line(event.title):
        return ""
    # The evidence is already clean: one_line of it is one_line of the raw sentence.
    return "" if any(line == one_line(evidence) for evidence, _ in sources) else summary
