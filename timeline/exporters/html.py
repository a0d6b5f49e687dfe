"""index.html: a static, self-contained timeline page rendered with Jinja2 (autoescaped).

The page makes no network request: CSS and the small filter script are inline and allowed by a
Content-Security-Policy that lists their hashes, so nothing else can run or load. Without
JavaScript it still reads top to bottom; the filters appear only when the script runs.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache, partial
from typing import BinaryIO
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from timeline.exporters.base import (
    MONTH_NAMES,
    Exporter,
    SourceRef,
    actor_label,
    articles_by_id,
    date_label,
    event_title,
    format_day,
    latest_input_date,
    newest_first,
    one_line,
    reference_day,
    source_refs,
    summary_to_show,
    timeline_title,
)
from timeline.exporters.fragments import FragmentKeys, FragmentStore, rendered
from timeline.models import Article, Event, Timeline

_env = Environment(
    loader=PackageLoader("timeline.exporters"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass
class EventView:
    id: str
    type: str
    title: str
    summary: str
    start: str
    end: str
    when: str
    actors: list[str]
    actor_names: list[str]
    location: str
    sources: list[SourceRef]

    @property
    def actors_json(self) -> str:
        return json.dumps(self.actor_names, ensure_ascii=False)


@dataclass
class MonthView:
    key: str
    label: str
    events: list[Markup]

    @property
    def short(self) -> str:
        """'Apr 2024', for the index of months."""
        name, year = self.label.split(" ")
        return f"{name[:3]} {year}"


def _inline(name: str) -> tuple[Markup, str]:
    """An inline asset and its CSP source expression ('sha256-...') over the exact bytes."""
    text = _env.loader.get_source(_env, name)[0].strip()
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return Markup(text), f"'sha256-{digest}'"


def webcal_link(ics_link: str) -> str | None:
    """webcal:// makes calendar apps subscribe instead of importing once; needs an absolute URL."""
    parts = urlsplit(ics_link)
    if parts.scheme not in ("http", "https"):
        return None
    return "webcal://" + ics_link.split("://", 1)[1]


def event_view(event: Event, articles: dict[str, Article]) -> EventView:
    return EventView(
        id=event.id,
        type=one_line(event.type),
        title=event_title(event),
        summary=summary_to_show(event),
        start=event.date.start.isoformat(),
        end=event.date.end.isoformat(),
        when=date_label(event.date),
        actors=[actor_label(a) for a in event.actors],
        actor_names=[one_line(a.name) for a in event.actors],
        location=one_line(event.location),
        sources=source_refs(event, articles),
    )


def group_by_month(timeline: Timeline, fragments: FragmentStore | None = None) -> list[MonthView]:
    """Newest month first, newest event first within it: the order of the feeds. Each event is
    its rendered <article> (event.html.j2), from the fragment store when it has it."""
    articles = articles_by_id(timeline)
    events = newest_first(timeline.events)
    key = FragmentKeys(HtmlExporter.name, timeline, fragments) if fragments else None
    render = partial(event_html, articles=articles)
    months: dict[str, MonthView] = {}
    for event, html in zip(events, rendered(events, render, fragments, key), strict=True):
        start = reference_day(event.date)
        month = f"{start.year:04d}-{start.month:02d}"
        if month not in months:
            label = f"{MONTH_NAMES[start.month - 1]} {start.year}"
            months[month] = MonthView(key=month, label=label, events=[])
        months[month].events.append(Markup(html.decode("utf-8")))
    return list(months.values())


def event_html(event: Event, articles: dict[str, Article]) -> bytes:
    return _event_template().render(event=event_view(event, articles)).encode()


@cache
def _event_template() -> Template:
    # Fetched once: get_template checks the file's mtime on every call.
    return _env.get_template("event.html.j2")


def _by_count(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


def filter_choices(timeline: Timeline) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Actors and types with their event counts, most frequent first ("" means 'all')."""
    actors: Counter = Counter()
    for event in timeline.events:
        actors.update({one_line(a.name) for a in event.actors} - {""})
    types = Counter(one_line(e.type) for e in timeline.events if one_line(e.type))
    return _by_count(actors), _by_count(types)


class HtmlExporter(Exporter):
    name = "html"
    filename = "index.html"
    media_type = "text/html; charset=utf-8"

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        css, css_hash = _inline("page.css")
        script, script_hash = _inline("filters.js")
        actors, types = filter_choices(timeline)
        ics = self.link("timeline.ics")
        chunks = _env.get_template("index.html.j2").generate(
            title=timeline_title(self.settings),
            months=group_by_month(timeline, self.fragments),
            event_count=len(timeline.events),
            article_count=len(timeline.articles),
            updated=format_day(latest_input_date(timeline).date()) if timeline.articles else "",
            actors=actors,
            types=types,
            links={
                "rss": self.link("timeline.rss"),
                "atom": self.link("timeline.atom"),
                "ics": ics,
                "webcal": webcal_link(ics),
                "json": self.link("timeline.json"),
                "timelinejs": self.link("timeline.timelinejs.json"),
            },
            css=css,
            script=script,
            csp=(
                "default-src 'none'; "
                f"style-src {css_hash}; script-src {script_hash}; "
                "img-src 'none'; base-uri 'none'; form-action 'none'"
            ),
        )
        # Streamed in blocks: the page of 50,000 events is 50 MB, never held whole (nor twice).
        block: list[str] = []
        size = 0
        for chunk in chunks:
            block.append(chunk)
            size += len(chunk)
            if size >= 1 << 16:
                stream.write("".join(block).encode("utf-8"))
                block, size = [], 0
        stream.write("".join(block).encode("utf-8"))
