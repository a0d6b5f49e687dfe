"""index.html: a static timeline page rendered with Jinja2 (autoescaped)."""

from __future__ import annotations

from typing import BinaryIO

from jinja2 import Environment, PackageLoader, select_autoescape

from timeline.exporters.base import Exporter
from timeline.models import Timeline

_env = Environment(
    loader=PackageLoader("timeline.exporters"), autoescape=select_autoescape(default=True)
)


class HtmlExporter(Exporter):
    name = "html"
    filename = "index.html"
    media_type = "text/html; charset=utf-8"

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        page = _env.get_template("index.html.j2").render(
            timeline=timeline, title=self.settings.title
        )
        stream.write(page.encode("utf-8"))
