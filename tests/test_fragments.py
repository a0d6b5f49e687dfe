"""Per-event fragments kept in the cache: a rebuild renders only what changed, and its outputs are
byte for byte those of a build from scratch."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from incremental_articles import ARTICLES

from timeline.exporters import ical
from timeline.pipeline import build
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


def test_a_rebuild_renders_only_the_changed_events(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = build(Settings(input_dir=corpus, out_dir=out))
    total = len(first.timeline.events)
    assert total >= 3
    with sqlite3.connect(out / ".cache.sqlite") as db:
        (kept,) = db.execute("SELECT COUNT(*) FROM fragments").fetchone()
    assert kept >= 3 * total  # ics, html and timelinejs

    calls = count_vevents(monkeypatch)
    edited = corpus / "wire/blinken.txt"
    edited.write_text(ARTICLES["wire/blinken.txt"] + "\nBlinken met Sameh Shoukry on Monday.\n")
    result = build(Settings(input_dir=corpus, out_dir=out))
    assert result.report.analysed == 1
    changed = [e for e in result.timeline.events if any("blinken" in s.article for s in e.sources)]
    assert 0 < calls[0] < len(result.timeline.events)
    assert calls[0] <= len(changed) + 1
    assert outputs(out) == from_scratch(corpus, tmp_path)


def test_an_article_renamed_in_its_metadata_renders_its_events_again(corpus, tmp_path):
    """Fragments show their sources' names: a new title must not leave the old one in place."""
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
