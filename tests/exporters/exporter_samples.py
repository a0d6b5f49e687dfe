"""Hand-made timelines for the exporter tests, so they do not depend on the events stage."""

from __future__ import annotations

import datetime as dt
import io

from timeline.exporters import EXPORTERS
from timeline.models import Actor, Article, Event, EventDate, Source, Timeline
from timeline.settings import Settings

GALLANT = Actor(name="Yoav Gallant", role="Defense Minister", country="Israel", kind="person")
AUSTIN = Actor(
    name="Lloyd Austin", role="Secretary of Defense", country="United States", kind="person"
)
SUNAK = Actor(name="Rishi Sunak", role="Prime Minister", country="United Kingdom", kind="person")
IRAN = Actor(name="Iran", kind="state")


def article(id_: str, day: dt.date, publisher: str, title: str, url: str | None = None) -> Article:
    return Article(
        id=id_,
        path=f"{id_}.txt",
        title=title,
        url=url or f"https://news.example.com/{id_}",
        publisher=publisher,
        published=day,
        published_basis="metadata",
    )


def event(
    id_: str,
    type_: str,
    title: str,
    start: dt.date,
    end: dt.date | None = None,
    *,
    granularity: str = "day",
    basis: str = "explicit",
    actors: tuple[Actor, ...] = (),
    location: str | None = None,
    sources: tuple[tuple[str, str], ...] = (),
    summary: str | None = None,
) -> Event:
    return Event(
        id=id_,
        type=type_,
        title=title,
        summary=summary or title,
        date=EventDate(
            start=start,
            end=end or start,
            granularity=granularity,
            timex=start.isoformat(),
            basis=basis,
            expression="on Sunday",
            anchor=dt.date(2024, 4, 14),
        ),
        actors=list(actors),
        location=location,
        sources=[Source(article=a, evidence=text) for a, text in sources],
    )


def make_timeline(*events: Event) -> Timeline:
    """Events ordered as the pipeline orders them: by date.start, then id."""
    return Timeline(
        articles=[
            article("a1", dt.date(2024, 4, 14), "Reuters", "Israel has chance to form alliance"),
            article("a2", dt.date(2024, 4, 16), "AP", "UK jets shot down Iranian drones"),
            article("a3", dt.date(2024, 5, 2), "Al Arabiya", "Talks in Riyadh"),
        ],
        events=sorted(events, key=lambda e: (e.date.start, e.id)),
    )


SAMPLE_EVENTS = (
    event(
        "e0000000000001",
        "attack",
        "Iran launches drones and missiles at Israel",
        dt.date(2024, 4, 13),
        actors=(IRAN,),
        location="Israel",
        sources=(
            ("a1", "Iran's mass drone and missile attack was jointly repelled."),
            ("a2", "Iran launched more than 300 drones and missiles on Saturday night."),
        ),
    ),
    event(
        "e0000000000002",
        "statement",
        "Gallant calls for a strategic alliance against Iran",
        dt.date(2024, 4, 14),
        actors=(GALLANT, IRAN),
        location="Tel Aviv",
        sources=(("a1", "Gallant said on Sunday Israel has an opportunity to form an alliance."),),
    ),
    event(
        "e0000000000003",
        "call",
        "Austin and Gallant speak by phone",
        dt.date(2024, 4, 8),
        dt.date(2024, 4, 14),
        granularity="week",
        basis="relative",
        actors=(AUSTIN, GALLANT),
        sources=(("a2", "Austin spoke with Gallant last week."),),
    ),
    event(
        "e0000000000004",
        "meeting",
        "Foreign ministers meet in Riyadh",
        dt.date(2024, 4, 28),
        dt.date(2024, 4, 29),
        granularity="range",
        location="Riyadh",
        sources=(("a3", "Ministers met in Riyadh on April 28-29."),),
    ),
    event(
        "e0000000000005",
        "warning",
        "Sunak warns against escalation",
        dt.date(2024, 4, 1),
        dt.date(2024, 4, 16),
        basis="inferred",
        actors=(SUNAK,),
        sources=(("a2", "Sunak has warned against escalation."),),
    ),
    event(
        "e0000000000006",
        "agreement",
        "Gulf states agree on a air-defence plan",
        dt.date(2024, 5, 1),
        dt.date(2024, 5, 31),
        granularity="month",
        basis="relative",
        sources=(("a3", "An air-defence plan is to be agreed next month."),),
    ),
)

HOSTILE_TEXTS = {
    "ampersand": "Talks on trade & security; Q&A at 5 < 6 > 4",
    "script": "<script>alert('pwned')</script><img src=x onerror=alert(1)>",
    "quotes": "He said \"no\" and 'never' — `again`",
    "non_ascii": "Zürich, 北京, Тегеран, القاهرة and 🇮🇱 talks",
    "ical_breaker": "Comma, semi;colon\\back\nnew line\r\nEND:VEVENT\nEND:VCALENDAR\nBEGIN:VEVENT",
    "control_chars": "bell\x07 null\x00 form\x0cfeed\x1b[31m",
}


def hostile_event(text: str) -> Event:
    return event(
        "e00000000hostile",
        "statement",
        text,
        dt.date(2024, 4, 15),
        actors=(Actor(name=text, role=text, country=text, kind="person"),),
        location=text,
        sources=(("a1", text),),
        summary=f"Summary: {text}",
    )


def render(name: str, timeline: Timeline, **settings) -> bytes:
    stream = io.BytesIO()
    EXPORTERS[name](Settings(**settings)).export(timeline, stream)
    return stream.getvalue()
