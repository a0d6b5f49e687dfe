"""A rebuild copies the unchanged events' pieces from the last outputs (exporters/pieces.py) and
its outputs are byte for byte a build from scratch's, in every format, after real edits.

Until the merge says which events are unchanged, `unchanged` is worked out here from the two
builds' timelines: events equal by value, every source from an article of an untouched file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from builds import corpus_generator, from_scratch, outputs

import timeline.pipeline as pipeline
from timeline.cache import open_cache
from timeline.exporters import EXPORTERS
from timeline.exporters.pieces import PieceIndex, StoredIndex
from timeline.models import Timeline
from timeline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
PIECE_FORMATS = [name for name, cls in EXPORTERS.items() if cls.writes_pieces]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    list(corpus_generator().generate(40, folder, seed=5, formats=["txt", "md"]))
    return folder


@pytest.fixture
def corpus(generated: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(generated, folder)
    for path in folder.rglob("*"):
        if path.is_file():  # older than the cache's racy window: stats are trusted
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 60 * 10**9))
    return folder


def unchanged_between(old: Timeline, new: Timeline, touched: set[str]) -> frozenset[str]:
    """Ids of new's events equal to old's event of that id, all of whose sources are articles
    equal in both and read from files not in touched."""
    old_articles = {a.id: a for a in old.articles}
    same_articles = {
        a.id
        for a in new.articles
        if old_articles.get(a.id) == a and a.path.split("#")[0] not in touched
    }
    old_events = {e.id: e for e in old.events}
    return frozenset(
        e.id
        for e in new.events
        if old_events.get(e.id) == e and all(s.article in same_articles for s in e.sources)
    )


class Rebuilds:
    """Builds of one corpus into one output folder with the cache, where each rebuild's
    `unchanged` is computed from the last build's timeline and the files touched since."""

    def __init__(self, corpus: Path, out: Path, monkeypatch: pytest.MonkeyPatch, **options):
        self.corpus, self.out, self.options = corpus, out, options
        self.touched: set[str] = set()
        self.unchanged: frozenset[str] = frozenset()
        self.last: Timeline | None = None
        original = pipeline._collect

        def collect_with_unchanged(settings: Settings, *args):
            timeline, unchanged = original(settings, *args)
            if settings.out_dir != self.out:  # a build from scratch, for comparison
                return timeline, unchanged
            if self.last is not None:
                self.unchanged = unchanged_between(self.last, timeline, self.touched)
            return timeline, self.unchanged

        monkeypatch.setattr(pipeline, "_collect", collect_with_unchanged)

    def settings(self) -> Settings:
        return Settings(input_dir=self.corpus, out_dir=self.out, **self.options)

    def build(self) -> dict[str, bytes]:
        result = pipeline.build(self.settings())
        assert not result.report.warnings
        self.last = result.timeline
        self.touched = set()
        return outputs(self.out)

    def edit(self, rel: str, text: str | None) -> None:
        """Write (None: delete) an input file; the next rebuild counts it as touched."""
        path = self.corpus / rel
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.touched.add(rel)

    def copied(self) -> dict[str, int]:
        """How many events each format copied from the last outputs in the last build."""
        cache = open_cache(self.out / ".cache.sqlite", self.corpus, [])
        try:
            found = {}
            for name in PIECE_FORMATS:
                stored = StoredIndex.from_bytes(cache.get_state(f"pieces:{name}"))
                index = PieceIndex.from_bytes(stored.index) if stored else None
                found[name] = index.copied if index else -1
            return found
        finally:
            cache.close()


def _files(corpus: Path) -> list[str]:
    """The input files that state their publication date as YYYY-MM-DD (those _edited edits)."""
    return sorted(
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.is_file() and _ISO_DAY.search(p.read_text(encoding="utf-8"))
    )


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _edited(text: str) -> str:
    """The article published a day later (its relative dates move, its citation reads
    differently: pieces of other lengths) and with one more event."""
    published = _ISO_DAY.search(text)
    later = dt.date.fromisoformat(published.group()) + dt.timedelta(days=1)
    text = text[: published.start()] + later.isoformat() + text[published.end() :]
    sentence = "Antony Blinken met Sameh Shoukry in Cairo on March 3, 2024 for long talks."
    return text.rstrip("\n") + "\n\n" + sentence + "\n"


EARLY = (
    "date 1991-03-04\nTalks in Cairo\n\n"
    "Annalena Baerbock met Sameh Shoukry in Cairo on March 2, 1991.\n"
)
LATE = (
    "date 2031-06-20\nA summit ahead\n\n"
    "Antony Blinken met Sameh Shoukry in Cairo on June 18, 2031.\n"
)


def test_edits_splice_the_same_bytes_as_a_build_from_scratch(corpus, tmp_path, monkeypatch):
    rebuilds = Rebuilds(corpus, tmp_path / "out", monkeypatch)
    first = rebuilds.build()
    assert rebuilds.copied() == dict.fromkeys(PIECE_FORMATS, 0)
    files = _files(corpus)
    events = len(rebuilds.last.events)

    # One article gains a sentence: its events change (their evidence, their length), the rest
    # of the timeline is copied.
    edited = files[len(files) // 2]
    rebuilds.edit(edited, _edited((corpus / edited).read_text()))
    spliced = rebuilds.build()
    assert spliced == from_scratch(corpus, tmp_path)
    assert spliced != first
    copied = rebuilds.copied()
    assert all(0 < n == len(rebuilds.unchanged) for n in copied.values()), copied
    assert len(rebuilds.unchanged) < events

    # Events before and after every other one: new first and last pieces, new months on the
    # page (at its top and at its bottom), and a file removed with its events.
    rebuilds.edit("wire/early.txt", EARLY)
    rebuilds.edit("wire/late.txt", LATE)
    rebuilds.edit(files[0], None)
    spliced = rebuilds.build()
    assert spliced == from_scratch(corpus, tmp_path)
    page = spliced["index.html"]
    assert b'id="m1991-03"' in page and b'id="m2031-06"' in page
    assert all(n > 0 for n in rebuilds.copied().values())

    # Those months go again.
    rebuilds.edit("wire/early.txt", None)
    rebuilds.edit("wire/late.txt", None)
    spliced = rebuilds.build()
    assert spliced == from_scratch(corpus, tmp_path)
    assert b'id="m1991-03"' not in spliced["index.html"]
    assert all(n > 0 for n in rebuilds.copied().values())


def test_forked_writers_splice_too(corpus, tmp_path, monkeypatch):
    rebuilds = Rebuilds(corpus, tmp_path / "out", monkeypatch, jobs=2)
    rebuilds.build()
    edited = _files(corpus)[3]
    rebuilds.edit(edited, _edited((corpus / edited).read_text()))
    spliced = rebuilds.build()
    assert spliced == from_scratch(corpus, tmp_path)
    copied = rebuilds.copied()
    assert all(0 < n == len(rebuilds.unchanged) for n in copied.values()), copied
    assert not list((tmp_path / "out").glob(".*.tmp"))  # the children's indexes are gone too


def _tamper_same_size(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4] = b"XXXX" if data[middle : middle + 4] != b"XXXX" else b"YYYY"
    stat = path.stat()
    path.write_bytes(bytes(data))
    # A write within the same clock tick could keep the mtime: make sure it moved.
    if path.stat().st_mtime_ns == stat.st_mtime_ns:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 5 * 10**9))


def _replace(path: Path) -> None:
    """The same bytes in another file (another inode) with the same mtime."""
    stat = path.stat()
    copy = path.with_name(path.name + ".copy")
    shutil.copyfile(path, copy)
    os.replace(copy, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.parametrize("change", [_tamper_same_size, _touch, _replace])
def test_an_output_changed_on_disk_is_never_spliced_from(change, corpus, tmp_path, monkeypatch):
    rebuilds = Rebuilds(corpus, tmp_path / "out", monkeypatch)
    rebuilds.build()
    edited = _files(corpus)[5]
    rebuilds.edit(edited, _edited((corpus / edited).read_text()))
    for name in PIECE_FORMATS:
        change(tmp_path / "out" / EXPORTERS[name].filename)
    spliced = rebuilds.build()
    assert spliced == from_scratch(corpus, tmp_path)
    assert rebuilds.copied() == dict.fromkeys(PIECE_FORMATS, 0)


def test_other_settings_render_everything(corpus, tmp_path, monkeypatch):
    rebuilds = Rebuilds(corpus, tmp_path / "out", monkeypatch)
    rebuilds.build()
    rebuilds.options = {"title": "Another title"}
    edited = _files(corpus)[7]
    rebuilds.edit(edited, _edited((corpus / edited).read_text()))
    spliced = rebuilds.build()
    assert spliced == from_scratch(corpus, tmp_path, title="Another title")
    assert rebuilds.copied() == dict.fromkeys(PIECE_FORMATS, 0)


def test_an_index_is_not_used_after_a_merge_that_wrote_no_outputs(corpus, tmp_path, monkeypatch):
    """A build that merged (leaving its merge state) and died before writing its outputs: the
    next build's `unchanged` compares with events the outputs on disk do not show."""
    rebuilds = Rebuilds(corpus, tmp_path / "out", monkeypatch)
    rebuilds.build()
    edited = _files(corpus)[2]
    rebuilds.edit(edited, _edited((corpus / edited).read_text()))
    cache = open_cache(tmp_path / "out" / ".cache.sqlite", corpus, [])
    cache.set_state("merge", b"the state of a build that wrote nothing")
    cache.close()
    spliced = rebuilds.build()
    assert spliced == from_scratch(corpus, tmp_path)
    assert rebuilds.copied() == dict.fromkeys(PIECE_FORMATS, 0)


def test_plain_rebuilds_splice_with_the_merges_own_unchanged(corpus, tmp_path):
    """No help from the test: the merge's state says which events are unchanged."""
    out = tmp_path / "out"
    pipeline.build(Settings(input_dir=corpus, out_dir=out))
    edited = _files(corpus)[4]
    (corpus / edited).write_text(_edited((corpus / edited).read_text()), encoding="utf-8")
    pipeline.build(Settings(input_dir=corpus, out_dir=out))
    assert outputs(out) == from_scratch(corpus, tmp_path)
    cache = open_cache(out / ".cache.sqlite", corpus, [])
    try:
        for name in PIECE_FORMATS:
            index = PieceIndex.from_bytes(
                StoredIndex.from_bytes(cache.get_state(f"pieces:{name}")).index
            )
            assert 0 < index.copied < len(index.ids), name
    finally:
        cache.close()


def test_forked_writers_leave_no_index_files_behind(corpus, tmp_path, monkeypatch):
    """Without a cache there is no index to keep; an exporter replaced at export() notes none."""
    out = tmp_path / "out"
    pipeline.build(Settings(input_dir=corpus, out_dir=out, use_cache=False, jobs=2))
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    original = EXPORTERS["ics"].export

    def wrapped(self, timeline, stream):
        original(self, timeline, stream)  # the same bytes, and no index

    monkeypatch.setattr(EXPORTERS["ics"], "export", wrapped)
    pipeline.build(Settings(input_dir=corpus, out_dir=out, jobs=2))
    assert outputs(out) == from_scratch(corpus, tmp_path)
    assert not list(out.glob(".*.tmp"))
    cache = open_cache(out / ".cache.sqlite", corpus, [])
    try:
        assert cache.get_state("pieces:ics") is None
        assert cache.get_state("pieces:json") is not None
    finally:
        cache.close()
