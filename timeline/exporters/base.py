"""The interface every exporter implements, and helpers they share."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import BinaryIO, ClassVar

from timeline.models import Timeline
from timeline.settings import Settings


class Exporter(ABC):
    name: ClassVar[str]
    filename: ClassVar[str]
    media_type: ClassVar[str]

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @abstractmethod
    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        """Write the whole timeline to stream."""

    def link(self, filename: str) -> str:
        """Absolute link when a base URL is set, else relative to the output folder."""
        base = self.settings.base_url.rstrip("/")
        return f"{base}/{filename}" if base else filename


def latest_input_date(timeline: Timeline) -> dt.datetime:
    """The build's 'now', taken from the input so that rebuilds are byte-identical."""
    dates = [a.published for a in timeline.articles if a.published]
    dates += [e.date.end for e in timeline.events]
    day = max(dates) if dates else dt.date(1970, 1, 1)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def event_datetime(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
