"""index.html in headless Chromium, served by `timeline serve` on 127.0.0.1: it loads with no
console error and no request but itself, shows every event, keeps hostile text as text, filters
by actor and type, and reads without JavaScript. Set TIMELINE_SCREENSHOTS=DIR to keep the
screenshots for a look."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp_browser import Browser, chromium_path
from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render

from timeline.exporters import EXPORTERS
from timeline.serve import TimelineServer

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="no Chromium at /usr/bin/chromium (CI installs it with apt)"
)

HOSTILE = HOSTILE_TEXTS["script"].replace("alert(1)", "window.pwned=1")
# Newest first; the "on or before 16 April" warning is filed on 16 April.
_BY_ID = {e.id: e for e in [*SAMPLE_EVENTS, hostile_event(HOSTILE)]}
NEWEST_FIRST = [
    _BY_ID[i]
    for i in (
        "e0000000000006",
        "e0000000000004",
        "e0000000000005",
        "e00000000hostile",
        "e0000000000002",
        "e0000000000001",
        "e0000000000003",
    )
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    timeline = make_timeline(*SAMPLE_EVENTS, hostile_event(HOSTILE))
    for name, exporter in EXPORTERS.items():
        (folder / exporter.filename).write_bytes(
            render(name, timeline, title="Iran–Israel diplomacy")
        )
    with TimelineServer(folder, "127.0.0.1", 0, quiet=True) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    browser = Browser()
    yield browser
    browser.close()


def keep_screenshot(browser: Browser, path: Path) -> None:
    browser.screenshot(path)
    assert path.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("TIMELINE_SCREENSHOTS"):
        target = Path(os.environ["TIMELINE_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.name)


VISIBLE_TITLES = """
Array.from(document.querySelectorAll("article.event"))
  .filter(el => el.getBoundingClientRect().height > 0 && getComputedStyle(el).display !== "none")
  .map(el => el.querySelector("h3").textContent)
"""


def test_page_loads_clean_and_shows_every_event(
    browser: Browser, site: str, tmp_path: Path
) -> None:
    mark = len(browser.events)
    browser.load(site)
    assert browser.problems(since=mark) == []
    # Nothing but the page itself: no font, script, image or tracker from anywhere.
    assert [
        u
        for e in browser.events[mark:]
        if e["method"] == "Network.requestWillBeSent"
        for u in [e["params"]["request"]["url"]]
    ] == [site]
    assert browser.evaluate(VISIBLE_TITLES) == [e.title for e in NEWEST_FIRST]
    assert browser.evaluate("document.title") == "Iran–Israel diplomacy"
    months = browser.evaluate(
        "Array.from(document.querySelectorAll('section.month h2')).map(h => h.textContent)"
    )
    assert months == ["May 2024", "April 2024"]
    when = browser.evaluate(
        "Array.from(document.querySelectorAll('article.event time')).map(t => t.textContent)"
    )
    assert "week of 8 April 2024" in when and "on or before 16 April 2024" in when
    assert (
        browser.evaluate("document.getElementById('filter-count').textContent") == "7 of 7 events"
    )
    keep_screenshot(browser, tmp_path / "timeline-page.png")


def test_hostile_title_is_shown_as_text(browser: Browser, site: str) -> None:
    mark = len(browser.events)
    browser.load(site)
    hostile = browser.evaluate(
        "document.getElementById('e00000000hostile').querySelector('h3').textContent"
    )
    assert hostile == HOSTILE
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert browser.evaluate("document.scripts.length") == 1
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert browser.problems(since=mark) == []


def test_filters_by_actor_type_and_words(browser: Browser, site: str, tmp_path: Path) -> None:
    mark = len(browser.events)
    browser.load(site)
    choose = """(function (id, value) {
      const el = document.getElementById(id); el.value = value;
      el.dispatchEvent(new Event(id === "filter-text" ? "input" : "change"));
      return document.getElementById("filter-count").textContent;
    })"""
    assert browser.evaluate(f"{choose}('filter-actor', 'Yoav Gallant')") == "2 of 7 events"
    assert browser.evaluate(VISIBLE_TITLES) == [
        "Gallant calls for a strategic alliance against Iran",
        "Austin and Gallant speak by phone",
    ]
    # The month with no match left is hidden too, and the filter is in the address for sharing.
    assert browser.evaluate("document.getElementById('m2024-05').hidden") is True
    assert browser.evaluate("location.search") == "?actor=Yoav+Gallant"
    keep_screenshot(browser, tmp_path / "timeline-filtered.png")
    assert browser.evaluate(f"{choose}('filter-type', 'call')") == "1 of 7 events"
    assert browser.evaluate(f"{choose}('filter-actor', '')") == "1 of 7 events"
    assert browser.evaluate(f"{choose}('filter-type', '')") == "7 of 7 events"
    assert browser.evaluate(f"{choose}('filter-text', 'riyadh')") == "1 of 7 events"
    assert browser.evaluate(f"{choose}('filter-text', 'nothing-like-this')") == "0 of 7 events"
    assert browser.evaluate("document.getElementById('no-match').hidden") is False
    # A shared link opens with its filter applied.
    browser.load(site + "?type=attack")
    assert browser.evaluate(VISIBLE_TITLES) == ["Iran launches drones and missiles at Israel"]
    assert browser.problems(since=mark) == []


def test_subscribe_links(browser: Browser, site: str) -> None:
    browser.load(site)
    links = browser.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('nav.subscribe a')).map(a => [a.textContent, a.href]))"
    )
    assert links["RSS"] == site + "timeline.rss"
    assert links["Atom"] == site + "timeline.atom"
    assert links["JSON"] == site + "timeline.json"
    assert links["Subscribe in a calendar"] == "webcal://" + site.split("://")[1] + "timeline.ics"
    alternates = browser.evaluate(
        "Array.from(document.querySelectorAll('link[rel=alternate]')).map(l => l.type)"
    )
    assert alternates == [
        "application/rss+xml",
        "application/atom+xml",
        "text/calendar",
        "application/json",
    ]


def test_page_reads_without_javascript(browser: Browser, site: str, tmp_path: Path) -> None:
    browser.load(site, javascript=False)
    try:
        assert browser.evaluate(VISIBLE_TITLES) == [e.title for e in NEWEST_FIRST]
        assert (
            browser.evaluate("getComputedStyle(document.getElementById('filters')).display")
            == "none"
        )
        keep_screenshot(browser, tmp_path / "timeline-no-js.png")
    finally:
        browser.call("Emulation.setScriptExecutionDisabled", session=True, value=False)


def test_actor_data_survives_quotes_in_names(site: str, browser: Browser) -> None:
    browser.load(site)
    actors = browser.evaluate(
        "JSON.parse(document.getElementById('e00000000hostile').getAttribute('data-actors'))"
    )
    assert actors == [HOSTILE]
    assert json.dumps(actors)


def test_page_opened_from_disk(browser: Browser, tmp_path: Path) -> None:
    """Someone double-clicks index.html: file:// works too, filters included."""
    page = tmp_path / "index.html"
    page.write_bytes(render("html", make_timeline(*SAMPLE_EVENTS)))
    mark = len(browser.events)
    browser.load(page.as_uri())
    assert browser.problems(since=mark) == []
    assert browser.evaluate("document.querySelectorAll('article.event').length") == len(
        SAMPLE_EVENTS
    )
    choose = "(() => { const s = document.getElementById('filter-type'); s.value = 'call';"
    choose += " s.dispatchEvent(new Event('change'));"
    choose += " return document.getElementById('filter-count').textContent; })()"
    assert browser.evaluate(choose) == f"1 of {len(SAMPLE_EVENTS)} events"
    assert (
        browser.evaluate("document.getElementById('webcal').getAttribute('href')") == "timeline.ics"
    )
