"""Atom feed, one entry per event, newest first, built with feedgen."""

from __future__ import annotations

from typing import BinaryIO

from timeline.exporters.base import Exporter
from timeline.exporters.rss import build_feed
from timeline.models import Timeline


class AtomExporter(Exporter):
    name = "atom"
    filename = "timeline.atom"
    media_type = "application/atom+xml"
    reads_newest_first = True

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        fg = build_feed(self, timeline, self.filename, atom=True)
        stream.write(fg.atom_str(pretty=True))
