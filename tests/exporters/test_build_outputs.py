"""The exporters through `timeline build`: --base-url makes every link absolute, and the six
outputs of two builds of the same input are byte-identical."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import icalendar
import lxml.html
from typer.testing import CliRunner

from timeline.cli import app
from timeline.exporters import EXPORTERS
from timeline.exporters.html import webcal_link

ARTICLE = """Gallant and Austin talk after Iran's barrage

By Staff Writer | April 15, 2024

U.S. Defense Secretary Lloyd Austin spoke by phone with Israeli Defense Minister Yoav Gallant on
Sunday, the Pentagon said. Gallant met Benny Gantz in Tel Aviv on April 14, 2024.
"""


def build(tmp_path: Path, out: str, *extra: str) -> Path:
    inputs = tmp_path / "input"
    inputs.mkdir(exist_ok=True)
    (inputs / "gallant.txt").write_text(ARTICLE)
    result = CliRunner().invoke(
        app, ["build", str(inputs), "--out", str(tmp_path / out), "--no-cache", *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return tmp_path / out


def test_base_url_makes_links_absolute(tmp_path: Path) -> None:
    base = "https://example.org/timeline"
    out = build(tmp_path, "feeds", "--base-url", base, "--title", "Gallant & Austin")
    rss = feedparser.parse(out / "timeline.rss")
    assert not rss.bozo and rss.feed.title == "Gallant & Austin"
    assert [link.href for link in rss.feed.links if link.rel == "self"] == [f"{base}/timeline.rss"]
    assert rss.feed.link == f"{base}/index.html"
    for entry in rss.entries:
        assert entry.link.startswith(f"{base}/index.html#e")
    atom = feedparser.parse(out / "timeline.atom")
    assert [link.href for link in atom.feed.links if link.rel == "self"] == [
        f"{base}/timeline.atom"
    ]
    calendar = icalendar.Calendar.from_ical((out / "timeline.ics").read_bytes())
    assert str(calendar["SOURCE"]) == f"{base}/timeline.ics"
    assert str(calendar["X-WR-CALNAME"]) == "Gallant & Austin"
    page = lxml.html.document_fromstring((out / "index.html").read_text())
    assert (
        page.get_element_by_id("webcal").get("href") == "webcal://example.org/timeline/timeline.ics"
    )
    assert page.xpath("string(//title)") == "Gallant & Austin"


def test_two_builds_give_identical_bytes_in_every_format(tmp_path: Path) -> None:
    first = build(tmp_path, "one")
    second = build(tmp_path, "two")
    for exporter in EXPORTERS.values():
        assert (first / exporter.filename).read_bytes() == (second / exporter.filename).read_bytes()
    data = json.loads((first / "timeline.json").read_text())
    assert data["articles"], "the sample article was not read"


def test_webcal_needs_an_http_url() -> None:
    assert webcal_link("https://ex.org/t/timeline.ics") == "webcal://ex.org/t/timeline.ics"
    assert webcal_link("http://ex.org/timeline.ics") == "webcal://ex.org/timeline.ics"
    assert webcal_link("timeline.ics") is None


def test_base_url_must_be_absolute(tmp_path: Path) -> None:
    inputs = tmp_path / "input"
    inputs.mkdir()
    (inputs / "gallant.txt").write_text(ARTICLE)
    result = CliRunner().invoke(
        app, ["build", str(inputs), "--out", str(tmp_path / "out"), "--base-url", "example.org/t"]
    )
    assert result.exit_code == 2
    assert "--base-url must be an absolute http(s) URL" in result.output
    assert "example.org/t" in result.output
