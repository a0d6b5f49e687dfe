"""index.html: a static, self-contained timeline page rendered with Jinja2 (autoescaped), each
event's <article> written by event_html with the same escaping.

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
from functools import lru_cache
from operator import attrgetter
from typing import BinaryIO
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from timeline.exporters.base import (
    MONTH_NAMES,
    Exporter,
    escape_html,
    format_day,
    newest_first,
    one_line,
    reference_day,
    short_text,
    timeline_title,
)
from timeline.exporters.pieces import PieceIndex, PieceWriter, write_pieces
from timeline.exporters.texts import EventTexts
from timeline.models import Event, Timeline

_env = Environment(
    loader=PackageLoader("timeline.exporters"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


# Where a month's <article>s go in the rendered template: the exporter writes them there, each a
# piece (pieces.py). No chunk of the page is a NUL alone: clean_text drops NULs from every text.
_MONTH_EVENTS = "\x00"


@dataclass
class MonthView:
    key: str
    label: str
    items: list[Event]  # newest first

    @property
    def short(self) -> str:
        """'Apr 2024', for the index of months."""
        name, year = self.label.split(" ")
        return f"{name[:3]} {year}"

    @property
    def events(self) -> list[Markup]:
        """What the template writes in the month's section: the mark for its events."""
        return [Markup(_MONTH_EVENTS)]


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


def group_by_month(timeline: Timeline, newest: list[Event] | None = None) -> list[MonthView]:
    """Newest month first, newest event first within it: the order of the feeds. `newest`:
    timeline.events newest first, when already sorted so."""
    months: list[MonthView] = []
    year = month = 0
    items: list[Event] = []
    # Newest first by the day each is filed under: a month's events come one after the other.
    for event in newest_first(timeline.events) if newest is None else newest:
        day = reference_day(event.date)
        if day.month != month or day.year != year:
            year, month = day.year, day.month
            label = f"{MONTH_NAMES[month - 1]} {year}"
            items = []
            months.append(MonthView(key=f"{year:04d}-{month:02d}", label=label, items=items))
        items.append(event)
    return months


def event_html(event: Event, texts: EventTexts) -> str:
    """The event's <article>, every value from the input escaped. Written out here rather than
    in a Jinja2 template: rendering one per event was half the page's time."""
    text = texts(event)
    e = escape_html
    id_, type_ = e(event.id), e(text.type)
    actors = _actors_attribute(tuple([a.name for a in event.actors]))
    html = [
        f'    <article class="event" id="{id_}" data-type="{type_}" data-actors="{actors}">\n'
        f'      <p class="when"><time datetime="{event.date.start.isoformat()}">{e(text.when)}'
        f'</time><span class="type">{type_}</span></p>\n'
        f'      <h3><a class="permalink" href="#{id_}">{e(text.title)}</a></h3>\n'
    ]
    if text.summary:
        html.append(f'      <p class="summary">{e(text.summary)}</p>\n')
    if text.actors or text.location:
        html.append('      <ul class="facts">\n')
        html += [f'        <li class="actor">{e(actor)}</li>\n' for actor in text.actors]
        if text.location:
            html.append(f'        <li class="place">{e(text.location)}</li>\n')
        html.append("      </ul>\n")
    for evidence, article in text.sources:
        cite = e(article.name)
        if article.url:
            cite = f'<a href="{e(article.url)}" rel="noopener noreferrer nofollow">{cite}</a>'
        html.append(
            '      <blockquote class="evidence">\n'
            f"        <p>{e(evidence)}</p>\n"
            f"        <footer>{cite}</footer>\n"
            "      </blockquote>\n"
        )
    html.append("    </article>\n")
    return "".join(html)


@lru_cache(maxsize=4096)  # the same actors meet again and again
def _actors_attribute(names: tuple[str, ...]) -> str:
    """The actors' names as a JSON list, escaped for an attribute, for the filter script."""
    return escape_html(json.dumps([one_line(name) for name in names], ensure_ascii=False))


_name = attrgetter("name")


def _by_count(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


def filter_choices(timeline: Timeline) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Actors and types with their event counts, most frequent first ("" means 'all')."""
    # Events are counted by their actors' names and by type as they are, in C; each distinct
    # list of names and each type is cleaned once (thousands, against 58,000 events).
    events = timeline.events
    casts = Counter([tuple(map(_name, e.actors)) for e in events])
    actors: Counter = Counter()
    for names, count in casts.items():
        cleaned = set(map(short_text, names))
        cleaned.discard("")
        for name in cleaned:
            actors[name] += count
    types: Counter = Counter()
    for type_, count in Counter([e.type for e in events]).items():
        types[short_text(type_)] += count
    del types[""]
    return _by_count(actors), _by_count(types)


class HtmlExporter(Exporter):
    name = "html"
    filename = "index.html"
    media_type = "text/html; charset=utf-8"

    writes_pieces = True
    reads_newest_first = True

    def export(self, timeline: Timeline, stream: BinaryIO) -> PieceIndex:
        """The page from its template, each event's <article> a piece (pieces.py) written where
        the template marks its month's events."""
        out, reuse = PieceWriter(stream), self.reuse
        index = PieceIndex()
        css, css_hash = _inline("page.css")
        script, script_hash = _inline("filters.js")
        actors, types = filter_choices(timeline)
        ics = self.link("timeline.ics")
        months = group_by_month(timeline, self.newest_events(timeline))
        chunks = _env.get_template("index.html.j2").generate(
            title=timeline_title(self.settings),
            months=months,
            event_count=len(timeline.events),
            article_count=len(timeline.articles),
            updated=format_day(self.latest_input_date(timeline).date())
            if timeline.articles
            else "",
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
        texts = EventTexts(timeline)

        def articles(events: list[Event]) -> tuple[bytes, list[int]]:
            pieces = [event_html(event, texts=texts) for event in events]
            # An ASCII text's length is its length in UTF-8; isascii() is a flag, not a scan.
            lengths = [len(p) if p.isascii() else len(p.encode("utf-8")) for p in pieces]
            return "".join(pieces).encode("utf-8"), lengths

        # Streamed in blocks: the page of 50,000 events is 50 MB, never held whole (nor twice).
        next_month = iter(months).__next__
        block: list[str] = []
        size = 0
        for chunk in chunks:
            if chunk == _MONTH_EVENTS:
                out.write("".join(block).encode("utf-8"))
                block, size = [], 0
                write_pieces(out, next_month().items, articles, b"", index, reuse)
                continue
            block.append(chunk)
            size += len(chunk)
            if size >= 1 << 16:
                out.write("".join(block).encode("utf-8"))
                block, size = [], 0
        out.write("".join(block).encode("utf-8"))
        return index
