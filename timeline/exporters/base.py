"""The interface every exporter implements, and the helpers they share: links, the build's
deterministic 'now', human date labels and clean text (texts.py puts an event's together)."""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from functools import lru_cache
from typing import BinaryIO, ClassVar
from urllib.parse import urlsplit

from timeline.errors import ConfigError
from timeline.exporters.pieces import PieceIndex, Reuse
from timeline.models import Actor, Event, EventDate, Timeline
from timeline.settings import Settings

# Stable identity of this tool's items (RSS guid, Atom id, iCal UID). A tag URI (RFC 4151) is a
# valid IRI everywhere and never depends on --base-url, so moving the feeds never duplicates items.
ID_AUTHORITY = "diplomatic-timeline"
TAG_PREFIX = f"tag:{ID_AUTHORITY},2024:"

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# XML 1.0 forbids C0 controls and lxml refuses them; calendars choke on them too. C1 controls
# (\x80-\x9f) are legal but feed readers take them for cp1252 ("\x80" shows as "€").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# The same, and \r: a text with none of these is clean as it is.
_CONTROL_OR_CR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


class Exporter(ABC):
    name: ClassVar[str]
    filename: ClassVar[str]
    media_type: ClassVar[str]

    def __init__(self, settings: Settings) -> None:
        check_base_url(settings.base_url)
        self.settings = settings
        self.reuse: Reuse | None = None
        # The timeline's events newest first, when export() sorted them once for every format
        # that reads them so (the page and both feeds); None: the exporter sorts them itself.
        self.newest: list[Event] | None = None
        # The timeline's latest_input_date, when export() worked it out once for every format.
        self.latest: dt.datetime | None = None

    # True for the formats written as a head, one piece per event and a tail (pieces.py): their
    # export() returns where each piece lies (a PieceIndex), and copies the pieces of unchanged
    # events from self.reuse, the last output, when the pipeline sets it.
    writes_pieces: ClassVar[bool] = False
    # True for the formats that read the events newest first (newest_events).
    reads_newest_first: ClassVar[bool] = False

    @abstractmethod
    def export(self, timeline: Timeline, stream: BinaryIO) -> PieceIndex | None:
        """Write the whole timeline to stream."""

    def newest_events(self, timeline: Timeline, limit: int = 0) -> list[Event]:
        """timeline.events newest first (the newest `limit` when not 0), from self.newest when
        set: read only, never changed by the caller."""
        order = self.newest
        if order is None or len(order) != len(timeline.events):
            return newest_first(timeline.events, limit)
        return order[:limit] if limit else order

    def latest_input_date(self, timeline: Timeline) -> dt.datetime:
        """latest_input_date(timeline), from self.latest when set."""
        return self.latest if self.latest is not None else latest_input_date(timeline)

    def link(self, filename: str) -> str:
        """Absolute link when a base URL is set, else relative to the output folder."""
        base = self.settings.base_url.rstrip("/")
        return f"{base}/{filename}" if base else filename


def check_base_url(base_url: str) -> None:
    """Feeds and calendar subscriptions need an absolute http(s) address, or none at all."""
    parts = urlsplit(base_url)
    if base_url and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise ConfigError(
            f"--base-url must be an absolute http(s) URL such as https://example.org/timeline, "
            f"got '{base_url}'"
        )


def clean_text(text: str | None) -> str:
    """Text safe for every format: no control characters, normalised line ends."""
    if not text:
        return ""
    if _CONTROL_OR_CR.search(text) is None:  # nearly always: one scan, nothing copied
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str | None) -> str:
    """Titles and names: control characters removed, any run of whitespace made one space."""
    return " ".join(clean_text(text).split())


def escape_html(text: str) -> str:
    """What markupsafe.escape (so Jinja2's autoescape) writes, as a plain str: the same five
    replacements in the same order, without a Markup object per value."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


@lru_cache(maxsize=16384)
def short_text(text: str | None) -> str:
    """one_line of a text that recurs across events (a type, a place): worked out once."""
    return one_line(text)


def timeline_title(settings: Settings) -> str:
    return one_line(settings.title) or "Diplomatic timeline"


def event_title(event: Event) -> str:
    """The title every format shows: never empty, since feeds and calendars need one."""
    title = one_line(event.title) or one_line(event.summary)[:120].rstrip()
    return title or f"{one_line(event.type).capitalize() or 'Event'}, {date_label(event.date)}"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown: a javascript: or data: URL from an input is dropped."""
    url = one_line(url)
    return url if url.lower().startswith(("http://", "https://")) else None


def latest_input_date(timeline: Timeline) -> dt.datetime:
    """The build's 'now', taken from the input so that rebuilds are byte-identical.

    The latest publication date; event dates only when no article is dated, since an
    article may announce an event in the future."""
    dates = [a.published for a in timeline.articles if a.published]
    if not dates:
        dates = [e.date.end for e in timeline.events]
    day = max(dates) if dates else dt.date(1970, 1, 1)
    return event_datetime(day)


def event_datetime(day: dt.date) -> dt.datetime:
    """Noon UTC of day. Feeds need aware datetimes (feedgen raises on naive ones), and at noon
    UTC a reader anywhere from UTC-11 to UTC+11 shows the same calendar day; midnight would put
    an event of 14 April on the 13th in the Americas."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)


def reference_day(date: EventDate) -> dt.date:
    """The day an event is filed under in the feeds and on the page: its first day, except for
    an undated event known only to have happened "on or before" its report, filed on that day."""
    return date.end if date.basis == "inferred" else date.start


def newest_first(events: list[Event], limit: int = 0) -> list[Event]:
    """The events newest first; only the newest `limit` when it is not 0: the same events in the
    same order as sorting them all and cutting."""
    if limit and limit < len(events):
        # The newest `limit` are all filed on or after the limit-th latest day: only those are
        # sorted. (A heap over all events, which come oldest first, replaced its top for
        # nearly every one: 0.13 s at 58,000 events, for each feed.)
        days = [d.end if d.basis == "inferred" else d.start for d in [e.date for e in events]]
        cutoff = sorted(days)[-limit]  # a C sort of dates, mostly in order already
        events = [event for event, day in zip(events, days, strict=True) if day >= cutoff]
        return sorted(events, key=_newest_key, reverse=True)[:limit]
    return sorted(events, key=_newest_key, reverse=True)


def _newest_key(event: Event) -> tuple:
    date = event.date
    # reference_day(date), inline: this runs for every event, three times a build.
    return (date.end if date.basis == "inferred" else date.start, date.start, date.end, event.id)


def format_day(day: dt.date) -> str:
    """'14 April 2024': written out by hand because strftime depends on the locale."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _format_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return format_day(start)
    if start.year != end.year:
        return f"{format_day(start)} – {format_day(end)}"
    if start.month != end.month:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {format_day(end)}"
    return f"{start.day}–{format_day(end)}"


def _whole_months(start: dt.date, end: dt.date, months: int) -> bool:
    """Whether start..end is exactly `months` calendar months from the first of one."""
    following = end + dt.timedelta(days=1)
    span = (following.year - start.year) * 12 + following.month - start.month
    return start.day == 1 and following.day == 1 and span == months


def whole_period_label(date: EventDate) -> str | None:
    """'week of 8 April 2024', 'March 2024', 'Q2 2024', '2024' when the dates span exactly
    that period; None for days, ranges and parts of a period."""
    start, end = date.start, date.end
    if date.granularity == "week" and (end - start).days == 6:
        return f"week of {format_day(start)}"
    if date.granularity == "month" and _whole_months(start, end, 1):
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    if date.granularity == "quarter" and _whole_months(start, end, 3):
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if date.granularity == "year" and _whole_months(start, end, 12):
        return str(start.year)
    return None


def date_label(date: EventDate) -> str:
    """How precise the date is, in words: 'week of 8 April 2024', 'on or before 2 May 2024'."""
    if date.basis == "inferred":
        # Not stated in the source: all we know is that it happened by then.
        return f"on or before {format_day(date.end)}"
    # A part of a period ("late March" = 22-31 March) or a range: say exactly which days.
    label = whole_period_label(date) or _format_range(date.start, date.end)
    if date.basis == "publication":
        label += " (date of the report)"
    return label


def precision_note(date: EventDate) -> str:
    """A sentence for calendars, whose all-day spans cannot say 'sometime in that week'."""
    if date.basis == "inferred":
        return (
            f"The source does not state the date; it happened on or before {format_day(date.end)}."
        )
    if date.granularity in ("week", "month", "quarter", "year"):
        whole = whole_period_label(date)
        what = f"only the {date.granularity}" if whole else "no exact day"
        return (
            f"The source gives {what}: {date_label(date)} "
            f"({date.start.isoformat()} to {date.end.isoformat()})."
        )
    if date.basis == "publication":
        return "Dated by the report that states it."
    return ""


def actor_label(actor: Actor) -> str:
    """'Lloyd Austin (Secretary of Defense, United States)'."""
    return _actor_label(actor.name, actor.role, actor.country)


@lru_cache(maxsize=16384)  # the same few hundred actors recur in thousands of events
def _actor_label(name: str, role: str | None, country: str | None) -> str:
    name = one_line(name)
    # A state's country is itself: "Iran", not "Iran (Iran)".
    details = [one_line(x) for x in (role, country) if x and one_line(x) != name]
    details = list(dict.fromkeys(details))
    return f"{name} ({', '.join(details)})" if details else name
