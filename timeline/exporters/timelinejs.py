"""timeline.timelinejs.json: the events in Knight Lab's TimelineJS JSON format.

TimelineJS renders headline and text as HTML, so every value from the input is escaped here.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import BinaryIO

import pydantic_core

from timeline.exporters.base import Exporter, clean_text, escape_html, short_text, timeline_title
from timeline.exporters.pieces import PieceIndex, PieceWriter, write_pieces
from timeline.exporters.rss import FEED_DESCRIPTION
from timeline.exporters.texts import EventText, EventTexts
from timeline.models import Event, Timeline


@lru_cache(maxsize=8192)  # events share days; the slides only read it
def timelinejs_date(day: dt.date, granularity: str) -> dict[str, str]:
    """A TimelineJS date object: only as precise as the source (month events carry no day).
    Keys in sorted order, as the file has them."""
    date = {}
    if granularity not in ("year", "month", "quarter"):
        date["day"] = str(day.day)
    if granularity != "year":
        date["month"] = str(day.month)
    date["year"] = str(day.year)
    return date


def slide_text(event: Event, text: EventText) -> str:
    # f-strings over Markup.format: the same escaping, without string.Formatter's cost.
    parts = [f"<p>{escape_html(clean_text(event.summary))}</p>"]
    # Actors and places recur: short_text cleans each once.
    facts = [short_text(x) for x in [*text.actors, event.location] if x]
    if facts:
        parts.append(f"<p>{escape_html(' · '.join(facts))}</p>")
    for evidence, article in text.sources:
        name, url = article.outlet, article.url
        cite = (
            f'<a href="{escape_html(url)}">{escape_html(name or url)}</a>'
            if url
            else escape_html(name)
        )
        parts.append(f"<blockquote>{escape_html(evidence)}<br>— {cite}</blockquote>")
    return "".join(parts)


def slide(event: Event, text: EventText) -> dict:
    """One TimelineJS slide, its keys (and its dates' keys) in sorted order."""
    slide = {"autolink": False, "display_date": text.when}
    if event.date.end != event.date.start:
        slide["end_date"] = timelinejs_date(event.date.end, event.date.granularity)
    slide["group"] = text.type
    slide["start_date"] = timelinejs_date(event.date.start, event.date.granularity)
    slide["text"] = {"headline": escape_html(text.title), "text": slide_text(event, text)}
    slide["unique_id"] = event.id
    return slide


def with_sorted_keys(value):
    """value with every dict's keys in sorted order (the encoder keeps insertion order)."""
    if isinstance(value, dict):
        return {key: with_sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [with_sorted_keys(item) for item in value]
    return value


class TimelineJsExporter(Exporter):
    name = "timelinejs"
    filename = "timeline.timelinejs.json"
    media_type = "application/json"

    writes_pieces = True

    def export(self, timeline: Timeline, stream: BinaryIO) -> PieceIndex:
        """What json.dumps(ensure_ascii=False, indent=2, sort_keys=True) writes, byte for byte
        (same escapes, same layout), from pydantic's Rust encoder (Python's json drops to pure
        Python when it indents), one slide at a time; each slide is a piece (pieces.py)."""
        out, reuse = PieceWriter(stream), self.reuse
        index = PieceIndex()
        shell = {
            "title": {
                "text": {
                    "headline": escape_html(timeline_title(self.settings)),
                    "text": escape_html(FEED_DESCRIPTION),
                }
            },
            "events": [],
        }
        text = pydantic_core.to_json(with_sorted_keys(shell), indent=2) + b"\n"
        # "events" sorts first: the only top-level key with an empty list, two spaces in.
        placeholder = b'\n  "events": []'
        before, after = text.split(placeholder, 1)
        out.write(before)
        if not timeline.events:
            out.write(placeholder + after)
            return index
        out.write(b'\n  "events": [\n')
        texts = EventTexts(timeline)

        def slides(events: list[Event]) -> tuple[bytes, list[int]]:
            pieces = [slide_bytes(event, texts) for event in events]
            return b",\n".join(pieces), [len(piece) for piece in pieces]

        write_pieces(out, timeline.events, slides, b",\n", index, reuse)
        out.write(b"\n  ]" + after)
        return index


def slide_bytes(event: Event, texts: EventTexts) -> bytes:
    """One slide as it sits in the events list: four spaces in."""
    data = pydantic_core.to_json(slide(event, texts(event)), indent=2)
    return b"    " + data.replace(b"\n", b"\n    ")
