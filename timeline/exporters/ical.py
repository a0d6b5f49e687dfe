"""timeline.ics: one all-day VEVENT per event, built with icalendar.

Everything in it comes from the input: DTSTAMP and LAST-MODIFIED are the latest publication
date among the event's sources and SEQUENCE counts the reports after the first, so a calendar
that already has an event updates it (same UID) when a later report changes it.
"""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

import icalendar

from timeline.exporters.base import (
    ID_AUTHORITY,
    Exporter,
    actor_label,
    articles_by_id,
    date_label,
    event_datetime,
    event_title,
    latest_input_date,
    one_line,
    precision_note,
    source_dates,
    source_refs,
    summary_to_show,
    timeline_title,
)
from timeline.models import Article, Event, Timeline

PRODID = "-//diplomatic-timeline//timeline//EN"
REFRESH = dt.timedelta(hours=6)


def event_uid(event: Event) -> str:
    return f"{event.id}@{ID_AUTHORITY}"


def event_description(event: Event, articles: dict[str, Article]) -> str:
    """Plain text: summary, precision, who/where, then each evidence quote with its source."""
    summary = summary_to_show(event)
    lines = [summary, ""] if summary else []
    lines.append(f"When: {date_label(event.date)}")
    note = precision_note(event.date)
    if note:
        lines.append(note)
    if event.actors:
        lines.append("Who: " + "; ".join(actor_label(a) for a in event.actors))
    if event.location:
        lines.append(f"Where: {one_line(event.location)}")
    for ref in source_refs(event, articles):
        lines += ["", f"“{ref.evidence}”", f"— {ref.name}"]
        if ref.url:
            lines.append(ref.url)
    return "\n".join(lines).strip()


def build_vevent(
    event: Event, articles: dict[str, Article], fallback: dt.datetime
) -> icalendar.Event:
    """One all-day VEVENT; its stamps and SEQUENCE come from the event's sources."""
    dates = source_dates(event, articles)
    modified = event_datetime(dates[-1]) if dates else fallback
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", modified)
    if dates:
        vevent.add("created", event_datetime(dates[0]))
    vevent.add("last-modified", modified)
    vevent.add("sequence", max(len({s.article for s in event.sources}) - 1, 0))
    # All-day: VALUE=DATE with an exclusive end, for every granularity.
    vevent.add("dtstart", event.date.start)
    vevent.add("dtend", event.date.end + dt.timedelta(days=1))
    vevent.add("summary", event_title(event))
    vevent.add("description", event_description(event, articles))
    if event.location:
        vevent.add("location", one_line(event.location))
    vevent.add("categories", [one_line(event.type)])
    url = next((r.url for r in source_refs(event, articles) if r.url), None)
    if url:
        vevent.add("url", url)
    # News events must not show the subscriber as busy.
    vevent.add("transp", "TRANSPARENT")
    vevent.add("class", "PUBLIC")
    return vevent


class IcalExporter(Exporter):
    name = "ics"
    filename = "timeline.ics"
    media_type = "text/calendar; charset=utf-8"

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        title = timeline_title(self.settings)
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("name", title)
        cal.add("x-wr-calname", title)
        cal.add("x-wr-caldesc", "Dated diplomatic events extracted from news articles.")
        refresh = icalendar.vDuration(REFRESH)
        refresh.params["VALUE"] = "DURATION"
        cal.add("refresh-interval", refresh)
        cal.add("x-published-ttl", icalendar.vDuration(REFRESH))  # Outlook's name for it
        if self.settings.base_url:
            source = icalendar.vUri(self.link(self.filename))
            source.params["VALUE"] = "URI"
            cal.add("source", source)
        articles = articles_by_id(timeline)
        fallback = latest_input_date(timeline)
        for event in timeline.events:
            cal.add_component(build_vevent(event, articles, fallback))
        stream.write(cal.to_ical())
