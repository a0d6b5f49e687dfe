"""Output formats: one exporter class per format, registered by name.

Every exporter writes to a binary stream it is handed and never chooses paths itself;
adding a format is one module and one line in EXPORTERS.
"""

from __future__ import annotations

from timeline.exporters.atom import AtomExporter
from timeline.exporters.base import Exporter
from timeline.exporters.html import HtmlExporter
from timeline.exporters.ical import IcalExporter
from timeline.exporters.json import JsonExporter
from timeline.exporters.rss import RssExporter
from timeline.exporters.timelinejs import TimelineJsExporter

EXPORTERS: dict[str, type[Exporter]] = {
    "json": JsonExporter,
    "ics": IcalExporter,
    "rss": RssExporter,
    "atom": AtomExporter,
    "html": HtmlExporter,
    "timelinejs": TimelineJsExporter,
}

__all__ = ["EXPORTERS", "Exporter"]
