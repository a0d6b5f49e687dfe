"""Per-event fragments: a store handed to export() renders only what changed; rebuilds (which hand
none) are byte for byte builds from scratch after metadata and settings changes."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from incremental_articles import ARTICLES

from timeline.exporters import ical
from timeline.pipeline import build, collect, export
from timeline.settings import Settings


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for rel, text in ARTICLES.items():
        path = tmp_path / "in" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 60 * 10**9))
    return tmp_path / "in"


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def from_scratch(corpus: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "scratch"
    shutil.rmtree(out, ignore_errors=True)
    build(Settings(input_dir=corpus, out_dir=out, use_cache=False))
    return outputs(out)


def count_vevents(monkeypatch) -> list[int]:
    calls = [0]
    real = ical.vevent_bytes

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(ical, "vevent_bytes", counting)
    return calls


class MemoryStore:
    """A FragmentStore in a dict, as a library caller might hand export()."""

    salt = b"test"

    def __init__(self) -> None:
        self.data: dict[bytes, bytes] = {}
        self.digests: dict[int, bytes] = {}

    def get(self, keys: list[bytes]) -> dict[bytes, bytes]:
        return {k: self.data[k] for k in keys if k in self.data}

    def put(self, items: dict[bytes, bytes]) -> None:
        self.data.update(items)


def test_a_store_handed_to_export_renders_only_the_changed_events(corpus, tmp_path, monkeypatch):
    settings = Settings(input_dir=corpus, out_dir=tmp_path / "out", use_cache=False)
    store = MemoryStore()
    export(collect(settings), settings, fragments=store)
    total = len(collect(settings).events)
    assert total >= 3
    assert len(store.data) >= 3 * total  # ics, html and timelinejs

    edited = corpus / "wire/blinken.txt"
    edited.write_text(ARTICLES["wire/blinken.txt"] + "\nBlinken met Sameh Shoukry on Monday.\n")
    timeline = collect(settings)
    calls = count_vevents(monkeypatch)
    store.digests = {}  # keyed by id(): one build's events only
    export(timeline, settings, fragments=store)
    changed = [e for e in timeline.events if any("blinken" in s.article for s in e.sources)]
    assert 0 < calls[0] <= len(changed) + 1 < len(timeline.events)
    assert outputs(tmp_path / "out") == from_scratch(corpus, tmp_path)


def test_the_build_cache_keeps_no_rendered_fragments(corpus, tmp_path):
    """Cache format 1 kept every event's rendered bytes; an old cache loses them, and the space."""
    out = tmp_path / "out"
    out.mkdir()
    with sqlite3.connect(out / ".cache.sqlite") as db:
        db.execute("CREATE TABLE fragments (key BLOB PRIMARY KEY, data BLOB NOT NULL)")
        db.executemany(
            "INSERT INTO fragments VALUES (?, ?)", [(bytes([i]), b"x" * 50_000) for i in range(40)]
        )
    db.close()
    before = (out / ".cache.sqlite").stat().st_size
    result = build(Settings(input_dir=corpus, out_dir=out))
    assert not result.report.warnings
    with sqlite3.connect(out / ".cache.sqlite") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert "fragments" not in tables and "files" in tables
    assert (out / ".cache.sqlite").stat().st_size < before
    assert outputs(out) == from_scratch(corpus, tmp_path)


def test_an_article_renamed_in_its_metadata_renders_its_events_again(corpus, tmp_path):
    """Events show their sources' names: a new title must not leave the old one in place."""
    out = tmp_path / "out"
    build(Settings(input_dir=corpus, out_dir=out))
    lavrov = corpus / "notes/lavrov.md"
    lavrov.write_text(
        ARTICLES["notes/lavrov.md"].replace("Lavrov and Wang meet", "Talks in Beijing")
    )
    build(Settings(input_dir=corpus, out_dir=out))
    rebuilt = outputs(out)
    assert rebuilt == from_scratch(corpus, tmp_path)
    assert b"Talks in Beijing" in rebuilt["index.html"]
    assert b"Lavrov and Wang meet" not in rebuilt["index.html"]


def test_settings_that_shape_fragments_are_part_of_their_key(corpus, tmp_path):
    out = tmp_path / "out"
    build(Settings(input_dir=corpus, out_dir=out))
    settings = Settings(input_dir=corpus, out_dir=out, title="Another title")
    build(settings)
    scratch = tmp_path / "scratch"
    build(settings.model_copy(update={"out_dir": scratch, "use_cache": False}))
    assert outputs(out) == outputs(scratch)
