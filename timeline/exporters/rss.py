"""RSS 2.0 feed, one item per event, newest first, built with feedgen (also used by atom.py)."""

from __future__ import annotations

from typing import BinaryIO

from feedgen.feed import FeedGenerator

from timeline.exporters.base import (
    TAG_PREFIX,
    Exporter,
    escape_html,
    event_datetime,
    one_line,
    reference_day,
    timeline_title,
)
from timeline.exporters.texts import EventText, EventTexts
from timeline.models import Event, Timeline

FEED_DESCRIPTION = "Dated diplomatic events extracted from news articles."
# How often readers should poll, the same as the calendar's REFRESH-INTERVAL.
REFRESH_MINUTES = 360


def entry_id(event: Event) -> str:
    """Never changes across rebuilds: derived from the event id only."""
    return f"{TAG_PREFIX}event:{event.id}"


def feed_id(title: str) -> str:
    return f"{TAG_PREFIX}feed:" + "-".join(one_line(title).split())


def entry_html(event: Event, text: EventText) -> str:
    """The item body: summary, when/who/where, evidence quotes and source links, all escaped.
    f-strings over Markup.format: the same escaping, without string.Formatter's cost."""
    e = escape_html
    parts = [f"<p>{e(text.summary)}</p>"] if text.summary else []
    facts = [f"<li>When: {e(text.when)}</li>"]
    if text.actors:
        facts.append(f"<li>Who: {e('; '.join(text.actors))}</li>")
    if event.location:
        facts.append(f"<li>Where: {e(text.location)}</li>")
    parts.append(f"<ul>{''.join(facts)}</ul>")
    for evidence, article in text.sources:
        name, url = article.name, article.url
        cite = f'<a href="{e(url)}">{e(name)}</a>' if url else e(name)
        parts.append(f"<blockquote><p>{e(evidence)}</p><p>— {cite}</p></blockquote>")
    return "\n".join(parts)


def build_feed(
    exporter: Exporter, timeline: Timeline, self_name: str, *, atom: bool = False
) -> FeedGenerator:
    """One FeedGenerator that renders as both RSS and Atom; nothing in it comes from the clock."""
    settings = exporter.settings
    texts = EventTexts(timeline)
    built = exporter.latest_input_date(timeline)
    fg = FeedGenerator()
    fg.id(feed_id(settings.title))
    fg.title(timeline_title(settings))
    fg.link(href=exporter.link(self_name), rel="self")
    # RSS's channel <link> is the last link set: the page, not the feed itself.
    fg.link(href=exporter.link("index.html"), rel="alternate")
    fg.description(FEED_DESCRIPTION)
    fg.language("en")
    # Atom requires an author on the feed when entries have none.
    fg.author(name=timeline_title(settings))
    fg.ttl(REFRESH_MINUTES)
    # feedgen would use the current time for both when left unset.
    fg.updated(built)
    fg.lastBuildDate(built)
    # Only the newest feed_limit events (all when 0): a feed is what is new, and readers fetch it
    # every few hours; 40,000 items would be megabytes on every poll.
    for event in exporter.newest_events(timeline, settings.feed_limit):
        # feedgen prepends by default; append keeps our newest-first order.
        fe = fg.add_entry(order="append")
        fe.id(entry_id(event))
        fe.guid(entry_id(event), permalink=False)
        text = texts(event)
        fe.title(text.title)
        fe.link(href=exporter.link(f"index.html#{event.id}"))
        body = entry_html(event, text)
        if atom:
            fe.content(body, type="html")
        else:
            fe.description(body)
        fe.category(term=text.type)
        when = event_datetime(reference_day(event.date))
        fe.pubDate(when)
        fe.updated(when)
    return fg


class RssExporter(Exporter):
    name = "rss"
    filename = "timeline.rss"
    media_type = "application/rss+xml"
    reads_newest_first = True

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        fg = build_feed(self, timeline, self.filename)
        stream.write(fg.rss_str(pretty=True))
