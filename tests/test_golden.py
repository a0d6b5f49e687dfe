"""feeds/ is the committed output of `timeline build input`: a fresh build must match it byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema

from timeline.models import Timeline

OUTPUTS = (
    "timeline.json",
    "timeline.ics",
    "timeline.rss",
    "timeline.atom",
    "index.html",
    "timeline.timelinejs.json",
)


def test_committed_feeds_match_a_fresh_build(repo: Path, sample_build: Path) -> None:
    for name in OUTPUTS:
        committed = (repo / "feeds" / name).read_bytes()
        fresh = (sample_build / name).read_bytes()
        assert committed == fresh, f"feeds/{name} is stale: run `timeline build input --out feeds`"


def test_two_builds_are_byte_identical(tmp_path: Path, repo: Path, sample_build: Path) -> None:
    from timeline.pipeline import build
    from timeline.settings import Settings

    build(Settings(input_dir=repo / "input", out_dir=tmp_path))
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (sample_build / name).read_bytes(), name


def test_json_validates_against_the_published_schema(sample_build: Path) -> None:
    data = json.loads((sample_build / "timeline.json").read_text())
    jsonschema.validate(data, Timeline.model_json_schema())
    assert data["schema_version"] == "1"
    # Timeline order: by date, then granularity (a day before the month containing it), then id.
    from timeline.events.merge import GRANULARITY_RANK

    order = [
        (e["date"]["start"], GRANULARITY_RANK[e["date"]["granularity"]], e["id"])
        for e in data["events"]
    ]
    assert order == sorted(order)


def test_rss_parses_in_feedparser(sample_build: Path) -> None:
    data = json.loads((sample_build / "timeline.json").read_text())
    feed = feedparser.parse(str(sample_build / "timeline.rss"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(data["events"]) > 0
