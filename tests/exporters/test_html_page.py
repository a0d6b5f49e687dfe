"""index.html read with lxml (no browser needed): structure, precision labels, CSP pinning."""

from __future__ import annotations

import base64
import hashlib

import lxml.html
from exporter_samples import AUSTIN, GALLANT, IRAN, SAMPLE_EVENTS, event, make_timeline, render

from timeline.exporters.html import filter_choices
from timeline.models import Timeline


def page(timeline: Timeline, **settings) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render("html", timeline, **settings).decode("utf-8"))


def test_grouped_by_month_newest_first_with_precision(sample: Timeline) -> None:
    doc = page(sample)
    months = doc.xpath("//section[@class='month']")
    assert [m.xpath("string(h2)") for m in months] == ["May 2024", "April 2024"]
    assert [m.get("id") for m in months] == ["m2024-05", "m2024-04"]
    index = doc.xpath("//nav[@class='month-index']/a")
    assert [(a.text, a.get("href")) for a in index] == [
        ("May 2024", "#m2024-05"),
        ("Apr 2024", "#m2024-04"),
    ]
    april = [a.get("id") for a in months[1].xpath("article")]
    # The "on or before 16 April" warning is filed on 16 April, the others on their first day.
    assert april == [
        "e0000000000004",
        "e0000000000005",
        "e0000000000002",
        "e0000000000001",
        "e0000000000003",
    ]
    when = {a.get("id"): a.xpath("string(.//time)") for a in doc.xpath("//article")}
    assert when["e0000000000003"] == "week of 8 April 2024"
    assert when["e0000000000005"] == "on or before 16 April 2024"
    assert when["e0000000000004"] == "28–29 April 2024"
    assert when["e0000000000006"] == "May 2024"
    attack = doc.get_element_by_id("e0000000000001")
    assert attack.xpath("string(.//li[@class='place'])") == "Israel"
    assert [a.get("href") for a in attack.xpath(".//blockquote//a")] == [
        "https://news.example.com/a1",
        "https://news.example.com/a2",
    ]


def test_content_security_policy_pins_the_inline_style_and_script(sample: Timeline) -> None:
    doc = page(sample)
    csp = doc.xpath("string(//meta[@http-equiv='Content-Security-Policy']/@content)")
    assert "default-src 'none'" in csp
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        (element,) = doc.xpath(f"//{tag}")
        digest = base64.b64encode(hashlib.sha256(element.text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    # Nothing loads from elsewhere: no src attributes, stylesheets, icons or preloads at all.
    assert not doc.xpath("//*[@src] | //link[@rel='stylesheet' or @rel='preload' or @rel='icon']")
    assert not [u for u in doc.xpath("//@href") if not u.startswith(("#", "timeline", "https://"))]


def test_filters_are_hidden_until_the_script_runs(sample: Timeline) -> None:
    form = page(sample).get_element_by_id("filters")
    assert form.get("hidden") is not None


def test_filter_choices_count_events_not_mentions() -> None:
    twice = event(
        "e1", "meeting", "Talks", SAMPLE_EVENTS[0].date.start, actors=(GALLANT, GALLANT, IRAN)
    )
    other = event("e2", "call", "Call", SAMPLE_EVENTS[0].date.start, actors=(AUSTIN, GALLANT))
    actors, types = filter_choices(make_timeline(twice, other))
    assert actors == [("Yoav Gallant", 2), ("Iran", 1), ("Lloyd Austin", 1)]
    assert types == [("call", 1), ("meeting", 1)]


def test_calendar_link_with_and_without_base_url(sample: Timeline) -> None:
    relative = page(sample).get_element_by_id("webcal")
    assert relative.get("href") == "timeline.ics" and relative.get("data-ics") == "timeline.ics"
    absolute = page(sample, base_url="https://ex.org/t/").get_element_by_id("webcal")
    assert absolute.get("href") == "webcal://ex.org/t/timeline.ics"
    assert absolute.get("data-ics") is None


def test_empty_timeline_says_so() -> None:
    doc = page(Timeline())
    assert "No events yet." in doc.text_content()
    assert "0 events from 0 articles" in doc.xpath("string(//p[@class='lede'])")
