"""timeline.json: the versioned JSON contract."""

from __future__ import annotations

from typing import BinaryIO

from timeline.exporters.base import Exporter
from timeline.models import Timeline


class JsonExporter(Exporter):
    name = "json"
    filename = "timeline.json"
    media_type = "application/json"

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        stream.write(timeline.model_dump_json(indent=2).encode("utf-8") + b"\n")
