"""The contract every registered exporter keeps: deterministic bytes, nothing from the clock,
stable ids across rebuilds, and hostile text that never breaks the format."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import feedparser
import icalendar
import lxml.etree
import lxml.html
import pytest
from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.exporters import EXPORTERS
from timeline.exporters.base import event_title, one_line
from timeline.models import Timeline

FORMATS = sorted(EXPORTERS)
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def test_registry_names_every_format_once() -> None:
    assert set(FORMATS) >= {"json", "ics", "rss", "atom", "html", "timelinejs"}
    filenames = [cls.filename for cls in EXPORTERS.values()]
    assert len(set(filenames)) == len(filenames)
    for name, cls in EXPORTERS.items():
        assert cls.name == name


@pytest.mark.parametrize("name", FORMATS)
class TestExporterContract:
    def test_same_input_gives_identical_bytes(self, name: str, sample: Timeline) -> None:
        first = render(name, sample)
        assert first
        assert render(name, sample) == first
        # A copy built from JSON (as a fresh process would read it) gives the same bytes too.
        assert render(name, Timeline.model_validate_json(sample.model_dump_json())) == first

    def test_output_is_utf8_and_names_no_build_time(self, name: str, sample: Timeline) -> None:
        text = render(name, sample).decode("utf-8")
        today = dt.date.today()
        for stamp in (today.isoformat(), today.strftime("%Y%m%d"), today.strftime("%d %b %Y")):
            assert stamp not in text

    def test_event_ids_appear_and_survive_a_rebuild_with_more_events(
        self, name: str, sample: Timeline
    ) -> None:
        fewer = make_timeline(*SAMPLE_EVENTS[:3])
        text_fewer = render(name, fewer).decode()
        text_all = render(name, sample).decode()
        for event in SAMPLE_EVENTS[:3]:
            assert event.id in text_fewer
            assert event.id in text_all

    def test_empty_timeline_is_still_valid(self, name: str) -> None:
        assert render(name, Timeline()).decode("utf-8")

    @pytest.mark.parametrize("case", sorted(HOSTILE_TEXTS))
    def test_hostile_text_reads_back_as_the_same_text(self, name: str, case: str) -> None:
        hostile = HOSTILE_TEXTS[case]
        timeline = make_timeline(*SAMPLE_EVENTS, hostile_event(hostile))
        titles = TITLE_READERS[name](render(name, timeline))
        assert len(titles) == len(SAMPLE_EVENTS) + 1
        # JSON keeps the text exactly; the other formats drop control characters and fold
        # whitespace, which a title cannot show anyway.
        expected = hostile if name == "json" else one_line(hostile)
        assert expected in titles
        for event in SAMPLE_EVENTS:
            assert event.title in titles


def _json_titles(data: bytes) -> list[str]:
    return [e["title"] for e in json.loads(data)["events"]]


def _ics_titles(data: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(data)
    return [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")]


def _feed_titles(data: bytes) -> list[str]:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    # feedparser "repairs" text that looks like UTF-8 read as Latin-1 ("Â¡" becomes "¡"); the
    # XML itself must hold the exact title, which is what other readers show.
    root = lxml.etree.fromstring(data)
    exact = root.xpath("//item/title/text() | //a:entry/a:title/text()", namespaces=ATOM)
    assert len(exact) == len(titles)
    return [str(t) for t in exact]


def _html_titles(data: bytes) -> list[str]:
    page = lxml.html.document_fromstring(data.decode("utf-8"))
    assert len(page.xpath("//script")) == 1  # ours, nothing injected
    assert not page.xpath("//img | //*[@onerror]")
    return [h3.text_content() for h3 in page.xpath("//article/h3")]


def _timelinejs_titles(data: bytes) -> list[str]:
    titles = []
    for slide in json.loads(data)["events"]:
        # TimelineJS renders the headline as HTML: it must hold no element, only text.
        fragment = lxml.html.fragment_fromstring(
            slide["text"]["headline"] or " ", create_parent="div"
        )
        assert len(fragment) == 0, slide["text"]["headline"]
        titles.append(fragment.text_content())
    return titles


TITLE_READERS: dict[str, Callable[[bytes], list[str]]] = {
    "json": _json_titles,
    "ics": _ics_titles,
    "rss": _feed_titles,
    "atom": _feed_titles,
    "html": _html_titles,
    "timelinejs": _timelinejs_titles,
}


def test_every_format_has_a_reader_in_this_contract() -> None:
    assert set(TITLE_READERS) == set(EXPORTERS)


RENDER_ALL = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render
from timeline.exporters import EXPORTERS
timeline = make_timeline(*SAMPLE_EVENTS, hostile_event(HOSTILE_TEXTS["non_ascii"]))
for name in sorted(EXPORTERS):
    print(name, hashlib.sha256(render(name, timeline, base_url="https://ex.org/t")).hexdigest())
"""


def test_bytes_do_not_depend_on_the_process_hash_seed_or_time_zone() -> None:
    """Set and dict order change with PYTHONHASHSEED between processes; the outputs must not."""
    here = str(Path(__file__).parent)
    outputs = []
    for seed, tz in (("1", "UTC"), ("2", "Asia/Tokyo")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": "C.UTF-8"}
        done = subprocess.run(
            [sys.executable, "-c", RENDER_ALL, here],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == len(EXPORTERS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=60))
def test_any_title_reads_back_in_every_format(text: str) -> None:
    """Property: whatever characters a scraped title holds, every format still parses and
    gives the title back (as one line of text, without control characters)."""
    expected = event_title(hostile_event(text))
    timeline = make_timeline(*SAMPLE_EVENTS[:2], hostile_event(text))
    for name in FORMATS:
        titles = TITLE_READERS[name](render(name, timeline))
        assert (text if name == "json" else expected) in titles, name
