"""timeline.json: the versioned JSON contract."""

from __future__ import annotations

from typing import BinaryIO

from pydantic import TypeAdapter

from timeline.exporters.base import Exporter
from timeline.models import Timeline

# The lists that grow with the corpus; everything else is a few bytes.
_LISTS = ("articles", "events", "problems")
_BLOCK_ITEMS = 256
# A block of items is encoded in one call: one per item cost as much again in Python.
_LIST_JSON = {name: TypeAdapter(Timeline.model_fields[name].annotation) for name in _LISTS}


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
                block = _LIST_JSON[name].dump_json(items[start : start + _BLOCK_ITEMS], indent=2)
                if start:
                    stream.write(b",\n")
                stream.write(_indented(block))
            stream.write(b"\n  ]")
        stream.write(rest.encode("utf-8") + b"\n")


def _indented(list_json: bytes) -> bytes:
    """The items of a list's JSON (indent 2) as they sit in a top-level list: brackets off, two
    spaces deeper (JSON text has no raw newline inside a string, so every line break is layout)."""
    return b"  " + list_json[2:-2].replace(b"\n", b"\n  ")
