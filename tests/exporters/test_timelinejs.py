"""timeline.timelinejs.json in Knight Lab's TimelineJS format (timeline.knightlab.com/docs/json-format)."""

from __future__ import annotations

import json

import lxml.html
from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render

from timeline.exporters.base import actor_label
from timeline.models import Actor, Timeline


def slides(timeline: Timeline) -> dict[str, dict]:
    document = json.loads(render("timelinejs", timeline, title="Iran & Israel"))
    assert document["title"]["text"]["headline"] == "Iran &amp; Israel"
    return {s["unique_id"]: s for s in document["events"]}


def test_one_slide_per_event_with_its_dates_as_precise_as_the_source(sample: Timeline) -> None:
    by_id = slides(sample)
    assert set(by_id) == {e.id for e in SAMPLE_EVENTS}
    day = by_id["e0000000000002"]
    assert day["start_date"] == {"year": "2024", "month": "4", "day": "14"}
    assert "end_date" not in day
    assert day["group"] == "statement"
    assert day["display_date"] == "14 April 2024"
    week = by_id["e0000000000003"]
    assert week["start_date"] == {"year": "2024", "month": "4", "day": "8"}
    assert week["end_date"] == {"year": "2024", "month": "4", "day": "14"}
    assert week["display_date"] == "week of 8 April 2024"
    month = by_id["e0000000000006"]
    assert month["start_date"] == {"year": "2024", "month": "5"}
    assert month["display_date"] == "May 2024"
    assert by_id["e0000000000005"]["display_date"] == "on or before 16 April 2024"


def test_slide_text_holds_evidence_and_source_links(sample: Timeline) -> None:
    text = slides(sample)["e0000000000001"]["text"]["text"]
    html = lxml.html.fragment_fromstring(text, create_parent="div")
    links = [(a.get("href"), a.text_content()) for a in html.xpath("//a")]
    assert links == [
        ("https://news.example.com/a1", "Reuters"),
        ("https://news.example.com/a2", "AP"),
    ]
    quotes = [q.text_content() for q in html.xpath("//blockquote")]
    assert quotes[0].startswith("Iran's mass drone and missile attack was jointly repelled.")


def test_hostile_text_is_escaped_for_timelinejs_html() -> None:
    hostile = HOSTILE_TEXTS["script"]
    slide = slides(make_timeline(*SAMPLE_EVENTS, hostile_event(hostile)))["e00000000hostile"]
    headline = lxml.html.fragment_fromstring(slide["text"]["headline"], create_parent="div")
    assert len(headline) == 0 and headline.text_content() == hostile
    body = lxml.html.fragment_fromstring(slide["text"]["text"], create_parent="div")
    assert not body.xpath("//script | //img")
    assert slide["autolink"] is False


def test_actor_labels_do_not_repeat_a_state_as_its_own_country() -> None:
    assert actor_label(Actor(name="Iran", country="Iran", kind="state")) == "Iran"
    assert (
        actor_label(
            Actor(
                name="Lloyd Austin",
                role="Secretary of Defense",
                country="United States",
                kind="person",
            )
        )
        == "Lloyd Austin (Secretary of Defense, United States)"
    )
