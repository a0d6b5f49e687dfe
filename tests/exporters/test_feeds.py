"""RSS 2.0 and Atom, read back with feedparser as a feed reader would."""

from __future__ import annotations

import calendar
import datetime as dt
import time

import feedparser
import lxml.html
import pytest
from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render

from timeline.exporters.base import one_line, reference_day
from timeline.models import Timeline

FEEDS = ("rss", "atom")


def parse(name: str, timeline: Timeline, **settings) -> feedparser.FeedParserDict:
    feed = feedparser.parse(render(name, timeline, **settings))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def as_date(parsed: time.struct_time) -> dt.date:
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).date()


@pytest.mark.parametrize("name", FEEDS)
def test_one_entry_per_event_newest_first(name: str, sample: Timeline) -> None:
    feed = parse(name, sample)
    assert len(feed.entries) == len(SAMPLE_EVENTS)
    expected = newest(SAMPLE_EVENTS)
    assert [e.title for e in feed.entries] == [e.title for e in expected]
    # The "on or before 16 April" event is filed on 16 April, the others on their first day.
    assert [as_date(e.published_parsed) for e in feed.entries] == [
        dt.date(2024, 5, 1),
        dt.date(2024, 4, 28),
        dt.date(2024, 4, 16),
        dt.date(2024, 4, 14),
        dt.date(2024, 4, 13),
        dt.date(2024, 4, 8),
    ]


@pytest.mark.parametrize("name", FEEDS)
def test_entry_ids_come_from_event_ids_only(name: str, sample: Timeline) -> None:
    ids = [e.id for e in parse(name, sample).entries]
    assert len(set(ids)) == len(ids)
    by_event = {e.id: e for e in SAMPLE_EVENTS}
    for entry_id in ids:
        assert entry_id.startswith("tag:diplomatic-timeline,2024:event:")
        assert entry_id.rsplit(":", 1)[1] in by_event
    # Another base URL, title and set of events: every surviving entry keeps its id.
    other = parse(
        name, make_timeline(*SAMPLE_EVENTS[2:]), base_url="https://x.example/t", title="Other"
    )
    assert {e.id for e in other.entries} <= set(ids)


def test_rss_guid_is_not_a_permalink(sample: Timeline) -> None:
    xml = render("rss", sample).decode()
    assert xml.count('<guid isPermaLink="false">') == len(SAMPLE_EVENTS)
    for entry in parse("rss", sample).entries:
        assert entry.guidislink is False


@pytest.mark.parametrize("name", FEEDS)
def test_dates_come_from_the_input_not_the_clock(name: str, sample: Timeline) -> None:
    feed = parse(name, sample)
    latest_article = max(a.published for a in sample.articles)
    assert as_date(feed.feed.updated_parsed) == latest_article
    for entry in feed.entries:
        assert entry.published_parsed[3:6] == (12, 0, 0)
    if name == "rss":
        assert (
            "<lastBuildDate>Thu, 02 May 2024 12:00:00 +0000</lastBuildDate>"
            in render(name, sample).decode()
        )


@pytest.mark.parametrize("name", FEEDS)
def test_self_link_category_and_base_url(name: str, sample: Timeline) -> None:
    base = "https://news.example.org/timeline/"
    feed = parse(name, sample, base_url=base)
    filename = "timeline.rss" if name == "rss" else "timeline.atom"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [base + filename]
    assert feed.feed.link == base + "index.html"
    for entry, event in zip(feed.entries, newest(SAMPLE_EVENTS), strict=True):
        assert entry.link == f"{base}index.html#{event.id}"
        assert [t.term for t in entry.tags] == [event.type]


@pytest.mark.parametrize("name", FEEDS)
def test_description_has_summary_evidence_and_source_links(name: str, sample: Timeline) -> None:
    entry = next(e for e in parse(name, sample).entries if e.title.startswith("Iran launches"))
    body = entry.content[0].value if name == "atom" else entry.description
    assert "Iran launched more than 300 drones and missiles on Saturday night." in body
    assert "Iran&#x27;s mass drone" in body or "Iran's mass drone" in body
    assert '<a href="https://news.example.com/a1">Reuters, 14 April 2024</a>' in body
    assert '<a href="https://news.example.com/a2">AP, 16 April 2024</a>' in body
    assert "Where: Israel" in body


@pytest.mark.parametrize("name", FEEDS)
def test_date_precision_is_stated(name: str, sample: Timeline) -> None:
    entries = {e.title: e for e in parse(name, sample).entries}

    def body(title: str) -> str:
        entry = entries[title]
        return entry.content[0].value if name == "atom" else entry.description

    assert "When: week of 8 April 2024" in body("Austin and Gallant speak by phone")
    assert "When: on or before 16 April 2024" in body("Sunak warns against escalation")
    assert "When: May 2024" in body("Gulf states agree on a air-defence plan")
    assert "When: 28–29 April 2024" in body("Foreign ministers meet in Riyadh")


# One test per escaping case: title, summary and evidence all come back as the same text.
@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("case", ["ampersand", "script", "quotes", "non_ascii", "control_chars"])
def test_escaping(name: str, case: str) -> None:
    hostile = HOSTILE_TEXTS[case]
    feed = parse(name, make_timeline(*SAMPLE_EVENTS, hostile_event(hostile)))
    entry = next(e for e in feed.entries if e.id.endswith("e00000000hostile"))
    assert entry.title == one_line(hostile)
    body = entry.content[0].value if name == "atom" else entry.description
    # The body is HTML: the text is in it as text, never as markup.
    html = lxml.html.fragment_fromstring(body, create_parent="div")
    assert not html.xpath("//script | //img | //*[@onerror]")
    assert html.xpath("string(p[1])") == one_line(f"Summary: {hostile}")
    assert html.xpath("string(blockquote/p[1])") == one_line(hostile)


def test_summary_repeating_the_evidence_is_shown_once(sample: Timeline) -> None:
    for name in FEEDS:
        entry = next(e for e in parse(name, sample).entries if e.title.startswith("Gallant calls"))
        body = entry.content[0].value if name == "atom" else entry.description
        assert body.startswith("<ul><li>When: 14 April 2024</li>")  # summary = title: not repeated
        assert body.count("Gallant said on Sunday") == 1


def test_javascript_source_url_is_not_linked(sample: Timeline) -> None:
    sample.articles[0].url = "javascript:alert(1)"
    for name in FEEDS:
        assert "javascript:" not in render(name, sample).decode()


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "America/New_York", "Asia/Tokyo"])
def test_readers_in_other_time_zones_show_the_event_day(zone: str, sample: Timeline) -> None:
    from zoneinfo import ZoneInfo

    for name in FEEDS:
        feed = parse(name, sample)
        for entry, event in zip(feed.entries, newest(SAMPLE_EVENTS), strict=True):
            utc = dt.datetime.fromtimestamp(
                calendar.timegm(entry.published_parsed), dt.timezone.utc
            )
            assert utc.astimezone(ZoneInfo(zone)).date() == reference_day(event.date)


NEWEST_FIRST_IDS = [f"e000000000000{n}" for n in (6, 4, 5, 2, 1, 3)]


def newest(events) -> list:
    by_id = {e.id: e for e in events}
    return [by_id[i] for i in NEWEST_FIRST_IDS]


@pytest.mark.parametrize("name", FEEDS)
def test_feed_limit_keeps_the_newest_events(name: str, sample: Timeline) -> None:
    expected = newest(SAMPLE_EVENTS)
    feed = parse(name, sample, feed_limit=3)
    assert [e.title for e in feed.entries] == [e.title for e in expected[:3]]
    everything = parse(name, sample, feed_limit=0)
    assert [e.title for e in everything.entries] == [e.title for e in expected]
    # The page and the calendar keep every event whatever the feeds carry.
    assert render("ics", sample, feed_limit=3).count(b"\r\nBEGIN:VEVENT\r\n") == len(SAMPLE_EVENTS)
