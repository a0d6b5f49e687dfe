"""timeline.json: the versioned JSON contract."""

from __future__ import annotations

from typing import BinaryIO

from timeline.exporters.base import Exporter
from timeline.models import Timeline

# The lists that grow with the corpus; everything else is a few bytes.
_LISTS = ("articles", "events", "problems")
_BLOCK_ITEMS = 256


class JsonExporter(Exporter):
    name = "json"
    filename = "timeline.json"
    media_type = "application/json"

    def export(self, timeline: Timeline, stream: BinaryIO) -> None:
        """Byte for byte timeline.model_dump_json(indent=2), written a few items at a time: the
        whole document is 60 MB at 10,000 articles, and was held twice (text and bytes)."""
        shell = timeline.model_copy(update={name: [] for name in _LISTS})
        rest = shell.model_dump_json(indent=2)
        for name in _LISTS:
            # At the top level, two spaces in: a key, never text inside a (quote-escaped) string.
            placeholder = f'\n  "{name}": []'
            before, rest = rest.split(placeholder, 1)
            stream.write(before.encode("utf-8"))
            items = getattr(timeline, name)
            if not items:
                stream.write(placeholder.encode("utf-8"))
                continue
            stream.write(f'\n  "{name}": [\n'.encode())
            for start in range(0, len(items), _BLOCK_ITEMS):
                block = items[start : start + _BLOCK_ITEMS]
                text = ",\n".join(_indented(item.model_dump_json(indent=2)) for item in block)
                if start + _BLOCK_ITEMS < len(items):
                    text += ",\n"
                stream.write(text.encode("utf-8"))
            stream.write(b"\n  ]")
        stream.write(rest.encode("utf-8") + b"\n")


def _indented(item_json: str) -> str:
    """An item's JSON as it sits in a top-level list: four spaces deeper (JSON text has no raw
    newline inside a string, so every line break is layout)."""
    return "    " + item_json.replace("\n", "\n    ")
