"""RSS 2.0 feed, one item per event, built with feedgen."""

from __future__ import annotations

from typing import BinaryIO

from feedgen.feed import FeedGenerator

from timeline.exporters.base import Exporter, event_datetime, latest_input_date
from timeline.models import Timeline


def build_feed(exporter: Exporter, timeline: Timeline, self_name: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(exporter.link("timeline.json"))
    fg.title(exporter.settings.title)
    fg.link(href=exporter.link("index.html"), rel="alternate")
    fg.link(href=exporter.link(self_name), rel="self")
    fg.description("Dated diplomatic events extracted from news articles.")
    fg.language("en")
    fg.updated(latest_input_date(timeline))
    fg.lastBuildDate(latest_input_date(timeline))
    # feedgen prepends by default; append keeps our newest-first order.
    for event in sorted(timeline.events, key=lambda e: (e.date.start, e.id), reverse=True):
        fe = fg.add_entry(order="append")
        fe.id(f"urn:timeline:event:{event.id}")
        fe.guid(f"urn:timeline:event:{event.id}", permalink=False)
        fe.title(event.title)
        fe.description(event.summary)
        fe.content(event.summary)
        fe.category(term=event.type)
        fe.pubDate(event_datetime(event.date.start))
        fe.updated(event_datetime(event.date.start))
        fe.link(href=exporter.link(f"index.html#{event.id}"))
    return fg


class RssExporter(Exporter):
    name = "rss"
    filename = "timeline.rss"
    media_type = "application/rss+xml"

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        stream.write(build_feed(self, timeline, self.filename).rss_str(pretty=True))
