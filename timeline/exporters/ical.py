"""timeline.ics: one all-day VEVENT per event, built with icalendar.

Everything in it comes from the input: DTSTAMP and LAST-MODIFIED are the latest publication
date among the event's sources and SEQUENCE counts the reports after the first, so a calendar
that already has an event updates it (same UID) when a later report changes it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import BinaryIO

import icalendar

from timeline.exporters.base import (
    ID_AUTHORITY,
    Exporter,
    event_datetime,
    timeline_title,
)
from timeline.exporters.pieces import PieceIndex, PieceWriter, write_pieces
from timeline.exporters.texts import EventText, EventTexts
from timeline.models import Event, Timeline

PRODID = "-//diplomatic-timeline//timeline//EN"
REFRESH = dt.timedelta(hours=6)


def event_uid(event: Event) -> str:
    return f"{event.id}@{ID_AUTHORITY}"


def event_description(event: Event, text: EventText, note: str) -> str:
    """Plain text: summary, precision (note), who/where, then each evidence quote with its
    source."""
    lines = [text.summary, ""] if text.summary else []
    lines.append(f"When: {text.when}")
    if note:
        lines.append(note)
    if text.actors:
        lines.append("Who: " + "; ".join(text.actors))
    if event.location:
        lines.append(f"Where: {text.location}")
    for evidence, article in text.sources:
        lines += ["", f"“{evidence}”", f"— {article.name}"]
        if article.url:
            lines.append(article.url)
    return "\n".join(lines).strip()


def escape_text(value: str) -> str:
    """RFC 5545 TEXT escaping, exactly what icalendar's vText writes. Its replacements, in its
    order, except that those for backslashes and CRs, which are rare, run only when there is one."""
    if "\\" in value:
        value = value.replace("\\N", "\n").replace("\\", "\\\\")
    value = value.replace(";", "\\;").replace(",", "\\,")
    if "\r" in value:  # CRLF and CR are line ends as LF is: one escaped newline each
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def fold_line(line: str) -> bytes:
    """One content line folded as icalendar folds it (RFC 5545 3.1): pieces of at most 74 octets,
    never splitting a UTF-8 character, nor a backslash or caret from the character it escapes.

    Works on the encoded bytes, a slice per piece: icalendar's fold walks every character in
    Python and was 40% of writing a calendar."""
    data = line.encode("utf-8")
    if len(data) < 75:
        return data
    pieces = []
    start = 0
    while len(data) - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def fold_text(line: str) -> str:
    """fold_line's result as text. A short ASCII line, nearly every one, needs no folding."""
    if len(line) < 75 and line.isascii():
        return line
    return fold_line(line).decode("utf-8")


@lru_cache(maxsize=8192)  # a few thousand distinct days, formatted for every event
def _day(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


@lru_cache(maxsize=8192)
def _day_after(day: dt.date) -> str:
    return _day(day + dt.timedelta(days=1))


def _utc_stamp(moment: dt.datetime) -> str:
    return f"{_day(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"


@lru_cache(maxsize=8192)
def _noon_stamp(day: dt.date) -> str:
    return _utc_stamp(event_datetime(day))


def vevent_bytes(event: Event, texts: EventTexts, fallback: dt.datetime) -> bytes:
    """One all-day VEVENT, folded, ending in CRLF; its stamps and SEQUENCE come from the event's
    sources. Written line by line in the order and escaping icalendar gives them (its canonical
    property order), byte for byte what icalendar.Event().to_ical() would write, ten times faster.
    Only lines with text from the input can reach 75 octets: only they go through fold_text."""
    return vevent_piece(event, texts, fallback)[0]


def vevent_piece(event: Event, texts: EventTexts, fallback: dt.datetime) -> tuple[bytes, bool]:
    """vevent_bytes, and whether it used fallback (none of its sources is dated): such a VEVENT
    depends on the whole timeline, not only on its event."""
    text = texts(event)
    # The sources' publication dates, earliest first, from the citations EventText has.
    dates = sorted({article.published for _, article in text.sources if article.published})
    modified = _noon_stamp(dates[-1]) if dates else _utc_stamp(fallback)
    lines = [
        "BEGIN:VEVENT",
        fold_text(f"SUMMARY:{escape_text(text.title)}"),
        # All-day: VALUE=DATE with an exclusive end, for every granularity.
        f"DTSTART;VALUE=DATE:{_day(event.date.start)}",
        f"DTEND;VALUE=DATE:{_day_after(event.date.end)}",
        f"DTSTAMP:{modified}",
        fold_text(f"UID:{escape_text(event_uid(event))}"),
        f"SEQUENCE:{max(len({s.article for s in event.sources}) - 1, 0)}",
        fold_text(f"CATEGORIES:{escape_text(text.type)}"),
        # News events must not show the subscriber as busy.
        "CLASS:PUBLIC",
    ]
    if dates:
        lines.append(f"CREATED:{_noon_stamp(dates[0])}")
    description = event_description(event, text, texts.precision_note(event.date))
    lines.append(fold_text(f"DESCRIPTION:{escape_text(description)}"))
    lines.append(f"LAST-MODIFIED:{modified}")
    if event.location:
        lines.append(fold_text(f"LOCATION:{escape_text(text.location)}"))
    lines.append("TRANSP:TRANSPARENT")
    url = next((article.url for _, article in text.sources if article.url), None)
    if url:
        lines.append(fold_text(f"URL:{url}"))
    lines.append("END:VEVENT\r\n")
    return "\r\n".join(lines).encode("utf-8"), not dates


class IcalExporter(Exporter):
    name = "ics"
    filename = "timeline.ics"
    media_type = "text/calendar; charset=utf-8"

    writes_pieces = True

    def export(self, timeline: Timeline, stream: BinaryIO) -> PieceIndex:
        """The calendar's own properties, then one VEVENT per event, each a piece (pieces.py)."""
        out, reuse = PieceWriter(stream), self.reuse
        title = timeline_title(self.settings)
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("name", title)
        cal.add("x-wr-calname", title)
        cal.add("x-wr-caldesc", "Dated diplomatic events extracted from news articles.")
        refresh = icalendar.vDuration(REFRESH)
        refresh.params["VALUE"] = "DURATION"
        cal.add("refresh-interval", refresh)
        cal.add("x-published-ttl", icalendar.vDuration(REFRESH))  # Outlook's name for it
        if self.settings.base_url:
            source = icalendar.vUri(self.link(self.filename))
            source.params["VALUE"] = "URI"
            cal.add("source", source)
        # icalendar writes the calendar's own properties; the events are streamed after them.
        head = cal.to_ical()
        end = b"END:VCALENDAR\r\n"
        out.write(head.removesuffix(end))
        texts = EventTexts(timeline)
        fallback = self.latest_input_date(timeline)
        # VEVENTs of events with no dated source are stamped with the timeline's latest date:
        # they are copied only while that is the same.
        index = PieceIndex(context=_utc_stamp(fallback))
        if reuse is not None:
            reuse.only_in_context(index.context)

        def vevents(events: list[Event]) -> tuple[bytes, list[int]]:
            pieces = []
            for event in events:
                piece, stamped = vevent_piece(event, texts, fallback)
                pieces.append(piece)
                if stamped:
                    index.dependent.append(event.id)
            return b"".join(pieces), [len(piece) for piece in pieces]

        write_pieces(out, timeline.events, vevents, b"", index, reuse)
        out.write(end)
        return index
