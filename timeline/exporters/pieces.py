"""Where each event's piece lies in an output, and copying the unchanged ones from the last build.

The JSON, iCal, page and TimelineJS outputs are a head, one piece of bytes per event and a tail.
While an exporter writes, it notes each event's piece (id, byte offset, length): a PieceIndex.
The next build hands it back with the output it describes and the ids of the events that are the
same as then (Reuse); the exporter copies those events' bytes from the old file, runs of adjacent
pieces in one go, and renders everything else. The result is byte for byte a full render.
"""

from __future__ import annotations

import marshal
import mmap
import os
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import BinaryIO

from timeline.models import Event

# Bumped whenever the stored form changes: an index of another form is not read.
INDEX_FORMAT = 1
# Events rendered in one call when an exporter renders them in blocks (JSON).
BLOCK_EVENTS = 256


@dataclass
class PieceIndex:
    """Where each event's bytes lie in one output: ids in output order, offsets from the start
    of the output, lengths. `context` is what the pieces of the `dependent` ids also depend on
    besides their event (the calendar's fallback stamp): they are reused only when it is equal."""

    ids: list[str] = field(default_factory=list)
    offsets: array = field(default_factory=lambda: array("q"))
    lengths: array = field(default_factory=lambda: array("q"))
    context: str = ""
    dependent: list[str] = field(default_factory=list)
    copied: int = 0  # how many pieces were copied from the last output rather than rendered

    def __len__(self) -> int:
        return len(self.ids)

    def to_bytes(self) -> bytes:
        # marshal of plain lists and bytes: 58,000 entries dump and load in a few milliseconds.
        return marshal.dumps(
            (
                INDEX_FORMAT,
                self.ids,
                self.offsets.tobytes(),
                self.lengths.tobytes(),
                self.context,
                self.dependent,
                self.copied,
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> PieceIndex | None:
        """The index, or None when data is not one of this form (never an exception)."""
        try:
            version, ids, offsets, lengths, context, dependent, copied = marshal.loads(data)
            if version != INDEX_FORMAT:
                return None
            index = cls(ids=ids, context=context, dependent=dependent, copied=copied)
            index.offsets.frombytes(offsets)
            index.lengths.frombytes(lengths)
        except (ValueError, TypeError, EOFError):
            return None
        if not (
            isinstance(ids, list)
            and len(index.offsets) == len(index.lengths) == len(ids)
            and all(isinstance(i, str) for i in ids)
            and isinstance(context, str)
            and isinstance(dependent, list)
        ):
            return None
        return index


@dataclass(frozen=True)
class StoredIndex:
    """A PieceIndex as a build keeps it for the next: with the exact file it describes (path and
    stat), the key of the code and settings that rendered it, and the merge state of that build
    (the events `unchanged` compares with must be those the file shows)."""

    path: str
    size: int
    mtime_ns: int
    inode: int
    key: str
    merge: str
    index: bytes

    def to_bytes(self) -> bytes:
        return marshal.dumps((INDEX_FORMAT, *astuple(self)))

    @classmethod
    def from_bytes(cls, data: bytes | None) -> StoredIndex | None:
        if not data:
            return None
        try:
            version, *fields = marshal.loads(data)
            stored = cls(*fields)
        except (ValueError, TypeError, EOFError):
            return None
        if version != INDEX_FORMAT or not isinstance(stored.index, bytes):
            return None
        return stored


class Reuse:
    """The previous output of one format, open, and which of its pieces can be copied: those of
    events in `unchanged` (and, for a dependent piece, only in the same context)."""

    def __init__(self, data, index: PieceIndex, unchanged: frozenset[str]) -> None:
        self.data = data
        self.ids = index.ids
        self.offsets = index.offsets
        self.lengths = index.lengths
        self.context = index.context
        self.dependent = set(index.dependent)
        self.position: dict[str, int] = {
            event_id: k for k, event_id in enumerate(index.ids) if event_id in unchanged
        }
        if len(set(index.ids)) != len(index.ids):
            self.position = {}  # an id twice: which piece is whose is unclear, copy none

    def only_in_context(self, context: str) -> None:
        """Pieces that depend on their context are copied only when it is the same as then."""
        if context != self.context:
            for event_id in self.dependent:
                self.position.pop(event_id, None)
            self.dependent = set()

    def __bool__(self) -> bool:
        return bool(self.position)


@contextmanager
def open_previous(
    path: Path, stored: StoredIndex | None, key: str, unchanged: frozenset[str]
) -> Iterator[Reuse | None]:
    """The output at path opened for copying when stored describes exactly that file (same path,
    size, mtime and inode, read from the open file so it cannot be swapped meanwhile) as rendered
    by the same code and settings (key); else None, and the exporter renders everything."""
    if stored is None or not unchanged or stored.key != key or stored.path != str(path):
        yield None
        return
    index = PieceIndex.from_bytes(stored.index)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield None
        return
    try:
        st = os.fstat(fd)
        if index is None or (st.st_size, st.st_mtime_ns, st.st_ino) != (
            stored.size,
            stored.mtime_ns,
            stored.inode,
        ):
            yield None
            return
        if not st.st_size:
            yield None
            return
        # Pieces are noted in the order they were written.
        if index.ids and index.offsets[-1] + index.lengths[-1] > st.st_size:
            yield None
            return
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as data:
            reuse = Reuse(data, index, unchanged)
            yield reuse if reuse else None
    finally:
        os.close(fd)


class PieceWriter:
    """A binary stream that counts what is written to it, so each piece's offset is known."""

    __slots__ = ("stream", "position")

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.position = 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.position += len(data)


# render(events) -> (their pieces joined by the separator, each piece's length)
Render = Callable[[list[Event]], tuple[bytes, list[int]]]


def write_pieces(
    out: PieceWriter,
    events: list[Event],
    render: Render,
    separator: bytes,
    index: PieceIndex,
    reuse: Reuse | None = None,
    block: int = BLOCK_EVENTS,
) -> None:
    """The events' pieces, separator between two, written to out and noted in index. With reuse,
    a run of events whose pieces lay one after the other in the old output is copied from it in
    one go (the separators between them are the same bytes); the others are rendered."""
    index.ids.extend([event.id for event in events])
    first = True
    if reuse is None:
        for start in range(0, len(events), block):
            data, lengths = render(events[start : start + block])
            if not first:
                out.write(separator)
            first = False
            _note(index, out.position, lengths, len(separator))
            out.write(data)
        return
    position, offsets, old_lengths = reuse.position, reuse.offsets, reuse.lengths
    dependent = reuse.dependent
    step = len(separator)
    pending: list[Event] = []  # events to render, in order
    run_first = run_last = -1  # the run of old pieces to copy

    def flush_rendered() -> None:
        nonlocal first
        for start in range(0, len(pending), block):
            data, lengths = render(pending[start : start + block])
            if not first:
                out.write(separator)
            first = False
            _note(index, out.position, lengths, step)
            out.write(data)
        pending.clear()

    def flush_copied() -> None:
        nonlocal first, run_first
        if not first:
            out.write(separator)
        first = False
        begin = offsets[run_first]
        base = out.position - begin
        index.offsets.extend([offsets[k] + base for k in range(run_first, run_last + 1)])
        index.lengths.extend(old_lengths[run_first : run_last + 1])
        index.copied += run_last + 1 - run_first
        if dependent:
            ids = reuse.ids
            index.dependent.extend(
                ids[k] for k in range(run_first, run_last + 1) if ids[k] in dependent
            )
        out.write(reuse.data[begin : offsets[run_last] + old_lengths[run_last]])
        run_first = -1

    for event in events:
        k = position.get(event.id)
        if k is None:
            if run_first >= 0:
                flush_copied()
            pending.append(event)
            continue
        if pending:
            flush_rendered()
        if run_first >= 0 and (
            k == run_last + 1 and offsets[k] == offsets[run_last] + old_lengths[run_last] + step
        ):
            run_last = k
            continue
        if run_first >= 0:
            flush_copied()
        run_first = run_last = k
    if pending:
        flush_rendered()
    if run_first >= 0:
        flush_copied()


def _note(index: PieceIndex, position: int, lengths: list[int], step: int) -> None:
    offsets = index.offsets
    for length in lengths:
        offsets.append(position)
        position += length + step
    index.lengths.extend(lengths)
