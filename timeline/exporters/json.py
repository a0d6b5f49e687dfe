"""timeline.json: the versioned JSON contract."""

from __future__ import annotations

import re
from operator import sub
from typing import BinaryIO

from pydantic import TypeAdapter

from timeline.exporters.base import Exporter
from timeline.exporters.pieces import PieceIndex, PieceWriter, write_pieces
from timeline.models import Event, Timeline

# The lists that grow with the corpus; everything else is a few bytes.
_LISTS = ("articles", "events", "problems")
_BLOCK_ITEMS = 256
# A block of items is encoded in one call: one per item cost as much again in Python.
_LIST_JSON = {name: TypeAdapter(Timeline.model_fields[name].annotation) for name in _LISTS}


class JsonExporter(Exporter):
    name = "json"
    filename = "timeline.json"
    media_type = "application/json"
    writes_pieces = True

    def export(self, timeline: Timeline, stream: BinaryIO) -> PieceIndex:
        """Byte for byte timeline.model_dump_json(indent=2), written a few items at a time: the
        whole document is 60 MB at 10,000 articles, and was held twice (text and bytes). Each
        event's item is a piece (pieces.py)."""
        out, reuse = PieceWriter(stream), self.reuse
        index = PieceIndex()
        shell = timeline.model_copy(update={name: [] for name in _LISTS})
        rest = shell.model_dump_json(indent=2)
        for name in _LISTS:
            # At the top level, two spaces in: a key, never text inside a (quote-escaped) string.
            placeholder = f'\n  "{name}": []'
            before, rest = rest.split(placeholder, 1)
            out.write(before.encode("utf-8"))
            items = getattr(timeline, name)
            if not items:
                out.write(placeholder.encode("utf-8"))
                continue
            out.write(f'\n  "{name}": [\n'.encode())
            if name == "events":
                write_pieces(out, items, _event_items, b",\n", index, reuse)
            else:
                for start in range(0, len(items), _BLOCK_ITEMS):
                    block = _LIST_JSON[name].dump_json(
                        items[start : start + _BLOCK_ITEMS], indent=2
                    )
                    if start:
                        out.write(b",\n")
                    out.write(_indented(block))
            out.write(b"\n  ]")
        out.write(rest.encode("utf-8") + b"\n")
        return index


def _event_items(events: list[Event]) -> tuple[bytes, list[int]]:
    """The events' items as they sit in the list, joined by ",\n", and each item's length."""
    data = _indented(_LIST_JSON["events"].dump_json(events, indent=2))
    # Between two items: the first's closing brace four spaces in, the separator, the next's
    # opening brace (layout: JSON text has no raw newline inside a string). Found by one regex
    # scan: as fast as counting them, faster than split (copies) or a find per item.
    ends = [match.start() for match in _BETWEEN_ITEMS.finditer(data)]
    if not ends:
        return data, [len(data)]
    # An item runs from its "    {" to its "\n    }": the first from 0, the last to the end.
    lengths = [ends[0] + _CLOSE]
    lengths += [gap - _SEPARATOR for gap in map(sub, ends[1:], ends)]
    lengths.append(len(data) - ends[-1] - _CLOSE - _SEPARATOR)
    return data, lengths


_BETWEEN_ITEMS = re.compile(re.escape(b"\n    },\n    {"))
_CLOSE, _SEPARATOR = len(b"\n    }"), len(b",\n")


def _indented(list_json: bytes) -> bytes:
    """The items of a list's JSON (indent 2) as they sit in a top-level list: brackets off, two
    spaces deeper (JSON text has no raw newline inside a string, so every line break is layout)."""
    return b"  " + list_json[2:-2].replace(b"\n", b"\n  ")
