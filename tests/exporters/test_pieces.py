"""write_pieces and the indexes of pieces (exporters/pieces.py), on small hand-made outputs."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest
from exporter_samples import SAMPLE_EVENTS

from timeline.exporters.pieces import (
    PieceIndex,
    PieceWriter,
    Reuse,
    StoredIndex,
    open_previous,
    write_pieces,
)
from timeline.models import Event


def events(count: int) -> list[Event]:
    base = SAMPLE_EVENTS[0]
    return [base.model_copy(update={"id": f"e{i:03d}", "title": f"t{i}"}) for i in range(count)]


def render_titles(events: list[Event]) -> tuple[bytes, list[int]]:
    pieces = [f"<{e.id}:{e.title}>".encode() for e in events]
    return b",".join(pieces), [len(p) for p in pieces]


def written(items: list[Event], reuse: Reuse | None = None, block: int = 3):
    stream = io.BytesIO()
    out = PieceWriter(stream)
    out.write(b"HEAD")
    index = PieceIndex()
    write_pieces(out, items, render_titles, b",", index, reuse, block=block)
    out.write(b"TAIL")
    return stream.getvalue(), index


def pieces_of(data: bytes, index: PieceIndex) -> list[bytes]:
    return [data[o : o + n] for o, n in zip(index.offsets, index.lengths, strict=True)]


def test_a_full_render_notes_every_piece_across_blocks():
    items = events(8)
    data, index = written(items)
    assert data == b"HEAD" + render_titles(items)[0] + b"TAIL"
    assert index.ids == [e.id for e in items]
    assert pieces_of(data, index) == [f"<{e.id}:{e.title}>".encode() for e in items]
    assert index.copied == 0


def test_unchanged_pieces_are_copied_and_the_rest_rendered():
    old_items = events(10)
    old, old_index = written(old_items)
    # Removed (e000, e005), changed (e003 gets a longer title), added first, last and between.
    new_items = events(10)
    new_items[3] = new_items[3].model_copy(update={"title": "a much longer title than before"})
    extra = [e.model_copy(update={"id": f"x{i}"}) for i, e in enumerate(events(3))]
    new_items = [extra[0], *new_items[1:5], extra[1], *new_items[6:], extra[2]]
    unchanged = frozenset(e.id for e in new_items if e.id.startswith("e") and e.id != "e003")
    data, index = written(new_items, Reuse(old, old_index, unchanged))
    assert (data, index.ids) == (written(new_items)[0], [e.id for e in new_items])
    assert pieces_of(data, index) == pieces_of(*written(new_items))
    assert index.copied == len(unchanged) == 7


def test_pieces_that_had_something_between_them_are_copied_without_it():
    """On the page, a month's heading sat between two pieces that are now side by side."""
    items = events(6)
    stream = io.BytesIO()
    out = PieceWriter(stream)
    old_index = PieceIndex()
    write_pieces(out, items[:3], render_titles, b",", old_index)
    out.write(b"<h2>a month</h2>")
    write_pieces(out, items[3:], render_titles, b",", old_index)
    old = stream.getvalue()
    reuse = Reuse(old, old_index, frozenset(e.id for e in items))
    data, index = written(items, reuse)
    assert data == written(items)[0]
    assert index.copied == 6


def test_pieces_with_the_same_id_twice_are_never_copied():
    items = events(4)
    old, old_index = written(items)
    old_index.ids[2] = old_index.ids[1]
    reuse = Reuse(old, old_index, frozenset(e.id for e in items))
    assert not reuse
    data, index = written(items, reuse)
    assert data == written(items)[0] and index.copied == 0


def test_dependent_pieces_are_copied_only_in_the_same_context():
    items = events(4)
    old, old_index = written(items)
    old_index.context, old_index.dependent = "stamp 1", ["e001"]
    unchanged = frozenset(e.id for e in items)
    same = Reuse(old, old_index, unchanged)
    same.only_in_context("stamp 1")
    data, index = written(items, same)
    assert index.copied == 4 and index.dependent == ["e001"]
    other = Reuse(old, old_index, unchanged)
    other.only_in_context("stamp 2")
    data, index = written(items, other)
    assert data == written(items)[0] and index.copied == 3 and index.dependent == []


def test_an_index_survives_its_stored_form_and_garbage_is_refused():
    items = events(5)
    _, index = written(items)
    index.dependent, index.context = ["e002"], "ctx"
    again = PieceIndex.from_bytes(index.to_bytes())
    assert (again.ids, again.offsets, again.lengths) == (index.ids, index.offsets, index.lengths)
    assert (again.dependent, again.context) == (["e002"], "ctx")
    for garbage in (b"", b"\x00\x01", index.to_bytes()[:-3], b"not marshal at all"):
        assert PieceIndex.from_bytes(garbage) is None
    negative = PieceIndex.from_bytes(index.to_bytes())
    negative.offsets[1] = -5
    assert PieceIndex.from_bytes(negative.to_bytes()) is None
    index.ids[0] = "an id with a \0 in it"
    assert PieceIndex.from_bytes(index.to_bytes()) is None


def _stored(path: Path, index: PieceIndex, key: str = "k") -> StoredIndex:
    st = path.stat()
    return StoredIndex(str(path), st.st_size, st.st_mtime_ns, st.st_ino, key, "", index.to_bytes())


@pytest.mark.parametrize("case", ["same", "key", "path", "size", "empty"])
def test_open_previous_checks_the_file_and_key(case, tmp_path):
    items = events(5)
    data, index = written(items)
    path = tmp_path / "out.txt"
    path.write_bytes(data)
    stored = _stored(path, index)
    unchanged = frozenset(e.id for e in items)
    key = "k"
    if case == "key":
        key = "other code or settings"
    elif case == "path":
        other = tmp_path / "other.txt"
        other.write_bytes(data)
        path = other
    elif case == "size":
        path.write_bytes(data + b"more")
    elif case == "empty":
        unchanged = frozenset()
    with open_previous(path, stored, key, unchanged) as reuse:
        if case == "same":
            assert reuse is not None and os.pread(reuse.source, 4, 0) == b"HEAD"
        else:
            assert reuse is None


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_pieces_are_copied_file_to_file(kernel_copy, tmp_path, monkeypatch):
    """The pipeline's case: from the old output file into the new one, by the kernel (or read
    and written, where it cannot: across file systems on old kernels)."""
    if not kernel_copy:

        def refuse(*args):
            raise OSError(errno.EXDEV, "cross-device")

        monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    items = events(9)
    old, old_index = written(items)
    (tmp_path / "old").write_bytes(old)
    fd = os.open(tmp_path / "old", os.O_RDONLY)
    try:
        changed = items[4].model_copy(update={"title": "changed"})
        new_items = [*items[:4], changed, *items[5:]]
        reuse = Reuse(fd, old_index, frozenset(e.id for e in items) - {changed.id})
        with open(tmp_path / "new", "wb") as stream:
            out = PieceWriter(stream)
            out.write(b"HEAD")
            index = PieceIndex()
            write_pieces(out, new_items, render_titles, b",", index, reuse, block=3)
            out.write(b"TAIL")
    finally:
        os.close(fd)
    assert (tmp_path / "new").read_bytes() == written(new_items)[0]
    assert index.copied == 8


def test_pieces_in_another_order_are_copied_one_by_one():
    items = events(12)
    old, old_index = written(items)
    new_items = [*reversed(items[:6]), *items[6:9], *reversed(items[9:])]
    data, index = written(new_items, Reuse(old, old_index, frozenset(e.id for e in items)))
    assert data == written(new_items)[0]
    assert index.copied == 12
