"""Where each event's piece lies in an output, and copying the unchanged ones from the last build.

The JSON, iCal, page and TimelineJS outputs are a head, one piece of bytes per event and a tail.
While an exporter writes, it notes each event's piece (id, byte offset, length): a PieceIndex.
The next build hands it back with the output it describes and the ids of the events that are the
same as then (Reuse); the exporter copies those events' bytes from the old file, runs of adjacent
pieces in one go, and renders everything else. The result is byte for byte a full render.
"""

from __future__ import annotations

import contextlib
import io
import marshal
import os
import stat
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from itertools import accumulate
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO

from timeline.models import Event

# Bumped whenever the stored form changes: an index of another form is not read.
INDEX_FORMAT = 2
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
        """Compact: the ids as one NUL-separated text, offsets and lengths as arrays (marshal of
        58,000 separate strings took 60 ms a format)."""
        ids, dependent = "\0".join(self.ids), "\0".join(self.dependent)
        if ids.count("\0") != max(len(self.ids) - 1, 0) or "\0" in self.context:
            return b""  # an id with a NUL in it: nothing to keep, the next build renders all
        return marshal.dumps(
            (
                INDEX_FORMAT,
                ids,
                self.offsets.tobytes(),
                self.lengths.tobytes(),
                self.context,
                dependent,
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
            index = cls(
                ids=ids.split("\0") if ids else [],
                context=context,
                dependent=dependent.split("\0") if dependent else [],
                copied=copied,
            )
            index.offsets.frombytes(offsets)
            index.lengths.frombytes(lengths)
        except (ValueError, TypeError, EOFError, AttributeError):
            return None
        if not (
            len(index.offsets) == len(index.lengths) == len(index.ids)
            and isinstance(context, str)
            and isinstance(copied, int)
            and min(index.offsets, default=0) >= 0
            and min(index.lengths, default=0) >= 0
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
    """The previous output of one format, open (a file descriptor, or bytes), and which of its
    pieces can be copied: those of events in `unchanged` (and, for a dependent piece, only in
    the same context)."""

    def __init__(self, source: int | bytes, index: PieceIndex, unchanged: frozenset[str]) -> None:
        self.source = source
        self.ids = index.ids
        self.offsets = index.offsets
        self.lengths = index.lengths
        self.context = index.context
        self.dependent = set(index.dependent)
        # id -> its piece's number in the old output; made and pruned in C, not id by id.
        position = dict(zip(index.ids, range(len(index.ids)), strict=True))
        if len(position) != len(index.ids):
            position = {}  # an id twice: which piece is whose is unclear, copy none
        for event_id in position.keys() - unchanged:
            del position[event_id]
        self.position = position

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
        reuse = Reuse(fd, index, unchanged)
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

    def copy(self, source: int | bytes, begin: int, end: int) -> None:
        """Bytes begin..end of source (an open file, or bytes) written here. File to file, the
        kernel copies them: never mapped or read into this process (no memory grows with them)."""
        if isinstance(source, bytes):
            self.write(source[begin:end])
            return
        done = begin
        target = _file_number(self.stream)
        if target is not None and hasattr(os, "copy_file_range"):
            self.stream.flush()  # what is buffered goes first; the file offset then moves on
            with contextlib.suppress(OSError):  # across file systems on old kernels: read below
                while done < end:
                    copied = os.copy_file_range(source, target, end - done, done)
                    if not copied:
                        break
                    done += copied
        while done < end:
            chunk = _read_at(source, min(end - done, 1 << 20), done)
            if not chunk:
                raise OSError("the previous output was cut short while being copied from")
            self.stream.write(chunk)
            done += len(chunk)
        self.position += end - begin


def _read_at(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows has no pread; the descriptor is ours alone
    return os.read(fd, size)


def _file_number(stream: BinaryIO) -> int | None:
    """The descriptor of a stream on a regular file, else None (a BytesIO, a pipe)."""
    try:
        fd = stream.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


_event_id = attrgetter("id")

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
    ids = list(map(_event_id, events))  # in C: no frame per event
    index.ids.extend(ids)
    step = len(separator)
    first = True

    def rendered(events: list[Event]) -> None:
        nonlocal first
        for start in range(0, len(events), block):
            data, lengths = render(events[start : start + block])
            if not first:
                out.write(separator)
            first = False
            # Each piece's offset: where the block starts, plus the pieces and separators before.
            steps = map(step.__add__, lengths[:-1])
            index.offsets.extend(accumulate(steps, initial=out.position))
            index.lengths.extend(lengths)
            out.write(data)

    if reuse is None:
        rendered(events)
        return
    offsets, lengths, dependent = reuse.offsets, reuse.lengths, reuse.dependent

    def copied(k: int, last: int) -> None:
        """Old pieces k..last, one after the other in the old output."""
        nonlocal first
        if not first:
            out.write(separator)
        first = False
        begin, end = offsets[k], offsets[last] + lengths[last]
        shift = out.position - begin
        index.offsets.extend([offset + shift for offset in offsets[k : last + 1]])
        index.lengths.extend(lengths[k : last + 1])
        index.copied += last + 1 - k
        if dependent:
            index.dependent.extend(i for i in reuse.ids[k : last + 1] if i in dependent)
        out.copy(reuse.source, begin, end)

    # Each event's old piece number (None: render it), looked up in C.
    numbers = list(map(reuse.position.get, ids))
    count = len(numbers)
    i = 0
    walk_until = 0  # a stretch found out of order is walked, never checked whole again
    while i < count:
        k = numbers[i]
        if k is None:
            j = i + 1
            while j < count and numbers[j] is None:
                j += 1
            rendered(events[i:j])
            i = j
            continue
        # Up to the next event to render, the old pieces are nearly always k, k+1, ...: checked
        # in C as a whole, else walked one by one.
        if i >= walk_until:
            try:
                j = numbers.index(None, i)
            except ValueError:
                j = count
            if numbers[i:j] != list(range(k, k + j - i)):
                walk_until = j
        if i < walk_until:
            j = i + 1
            while j < count and numbers[j] == numbers[j - 1] + 1:
                j += 1
        last = k + j - i - 1
        # Consecutive pieces lie one after the other unless something sat between two in the
        # old output (the page's month headings): copy each stretch that does.
        if offsets[last] - offsets[k] == sum(lengths[k:last]) + step * (last - k):
            copied(k, last)
        else:
            start = k
            for n in range(k + 1, last + 1):
                if offsets[n] != offsets[n - 1] + lengths[n - 1] + step:
                    copied(start, n - 1)
                    start = n
            copied(start, last)
        i = j
