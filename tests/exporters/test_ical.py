"""timeline.ics read back with icalendar, plus the raw lines a calendar client sees."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from exporter_samples import (
    HOSTILE_TEXTS,
    SAMPLE_EVENTS,
    event,
    hostile_event,
    make_timeline,
    render,
)

from timeline.exporters.base import one_line
from timeline.models import Source, Timeline


def vevents(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(v["UID"]).split("@")[0]: v for v in calendar.walk("VEVENT")}


def test_calendar_properties(sample: Timeline) -> None:
    data = render("ics", sample, title="Middle East diplomacy", base_url="https://ex.org/t")
    lines = data.decode().split("\r\n")
    assert "PRODID:-//diplomatic-timeline//timeline//EN" in lines
    assert "VERSION:2.0" in lines
    assert "X-WR-CALNAME:Middle East diplomacy" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines
    assert "X-PUBLISHED-TTL:PT6H" in lines
    assert "SOURCE;VALUE=URI:https://ex.org/t/timeline.ics" in lines
    assert data.endswith(b"END:VCALENDAR\r\n")


def test_one_all_day_vevent_per_event_with_exclusive_end(sample: Timeline) -> None:
    events = vevents(render("ics", sample))
    assert set(events) == {e.id for e in SAMPLE_EVENTS}
    for source in SAMPLE_EVENTS:
        vevent = events[source.id]
        assert str(vevent["UID"]) == f"{source.id}@diplomatic-timeline"
        start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
        assert type(start) is dt.date and type(end) is dt.date  # VALUE=DATE, not a datetime
        assert start == source.date.start
        assert end == source.date.end + dt.timedelta(days=1)
        assert str(vevent["SUMMARY"]) == source.title
        assert vevent["CATEGORIES"].cats == [source.type]
        assert vevent["TRANSP"] == "TRANSPARENT"
    raw = render("ics", sample).decode()
    assert "DTSTART;VALUE=DATE:20240413\r\nDTEND;VALUE=DATE:20240414\r\n" in raw


def test_week_and_month_events_span_and_say_their_granularity(sample: Timeline) -> None:
    events = vevents(render("ics", sample))
    week = events["e0000000000003"]
    assert (week["DTSTART"].dt, week["DTEND"].dt) == (dt.date(2024, 4, 8), dt.date(2024, 4, 15))
    assert "The source gives only the week: week of 8 April 2024" in str(week["DESCRIPTION"])
    month = events["e0000000000006"]
    assert (month["DTSTART"].dt, month["DTEND"].dt) == (dt.date(2024, 5, 1), dt.date(2024, 6, 1))
    assert "The source gives only the month: May 2024" in str(month["DESCRIPTION"])
    inferred = events["e0000000000005"]
    assert "on or before 16 April 2024" in str(inferred["DESCRIPTION"])


def test_description_location_and_url(sample: Timeline) -> None:
    vevent = vevents(render("ics", sample))["e0000000000002"]
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("When: 14 April 2024\n")  # the summary only repeats the title
    assert "Who: Yoav Gallant (Defense Minister, Israel); Iran" in description
    assert "“Gallant said on Sunday Israel has an opportunity to form an alliance.”" in description
    assert "— Reuters, 14 April 2024\nhttps://news.example.com/a1" in description
    assert str(vevent["LOCATION"]) == "Tel Aviv"
    assert str(vevent["URL"]) == "https://news.example.com/a1"


def test_stamps_come_from_the_sources_and_sequence_grows_with_them() -> None:
    first = event("e1", "meeting", "Talks", dt.date(2024, 4, 13), sources=(("a1", "They met."),))
    before = vevents(render("ics", make_timeline(first)))["e1"]
    assert before["DTSTAMP"].dt == dt.datetime(2024, 4, 14, 12, tzinfo=dt.timezone.utc)
    assert before["LAST-MODIFIED"].dt == before["DTSTAMP"].dt
    assert before["SEQUENCE"] == 0
    # A later report of the same event: same UID, so calendars update it instead of adding one.
    updated = first.model_copy(
        update={"sources": [*first.sources, Source(article="a3", evidence="The talks were held.")]}
    )
    after = vevents(render("ics", make_timeline(updated)))["e1"]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == 1
    assert after["LAST-MODIFIED"].dt == dt.datetime(2024, 5, 2, 12, tzinfo=dt.timezone.utc)
    assert after["DTSTAMP"].dt == after["LAST-MODIFIED"].dt
    assert after["CREATED"].dt == before["CREATED"].dt


@pytest.mark.parametrize("case", sorted(HOSTILE_TEXTS))
def test_hostile_text_cannot_break_the_calendar(case: str) -> None:
    hostile = HOSTILE_TEXTS[case]
    data = render("ics", make_timeline(*SAMPLE_EVENTS, hostile_event(hostile)))
    lines = data.decode("utf-8").split("\r\n")
    # Structure lines are only ours: one BEGIN/END pair per event, nothing injected.
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(SAMPLE_EVENTS) + 1
    assert lines.count("END:VCALENDAR") == 1
    assert all(len(line.encode()) <= 75 for line in lines)
    vevent = vevents(data)["e00000000hostile"]
    assert str(vevent["SUMMARY"]) == one_line(hostile)
    assert str(vevent["LOCATION"]) == one_line(hostile)
    assert one_line(hostile) in " ".join(str(vevent["DESCRIPTION"]).split())
