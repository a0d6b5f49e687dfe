"""Rebuilds are byte for byte builds from scratch after metadata and settings changes, and an old
cache's rendered fragments (cache format 1) are dropped."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from builds import from_scratch, outputs
from incremental_articles import ARTICLES

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


def test_a_settings_change_rewrites_every_output(corpus, tmp_path):
    out = tmp_path / "out"
    build(Settings(input_dir=corpus, out_dir=out))
    settings = Settings(input_dir=corpus, out_dir=out, title="Another title")
    build(settings)
    scratch = tmp_path / "scratch"
    build(settings.model_copy(update={"out_dir": scratch, "use_cache": False}))
    assert outputs(out) == outputs(scratch)
