"""Build articles for the event tests: the real pipeline stage on a given text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from timeline.models import Article, ArticleText, Event
from timeline.pipeline import analyse_article


def article(
    body: str,
    published: str | None = "2024-03-26",
    captions: list[str] | None = None,
    path: str = "sample.txt",
) -> ArticleText:
    return ArticleText(
        article=Article(
            id="a-" + path,
            path=path,
            published=dt.date.fromisoformat(published) if published else None,
            published_basis="metadata" if published else "inferred",
        ),
        body=body,
        captions=captions or [],
    )


def events_of(body: str, published: str | None = "2024-03-26", **kwargs) -> list[Event]:
    return analyse_article(article(body, published, **kwargs))


def names(event: Event) -> set[str]:
    return {a.name for a in event.actors}


def only(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.title) for e in events]
    return found[0]


def real_articles() -> list[ArticleText]:
    """Every article of the real corpora at hand: the seeds, input/ and the held-out set (a test
    is skipped when none is)."""
    import pytest

    from timeline.ingest import read_corpus

    root = Path(__file__).resolve().parents[2]
    folders = [root.parent / "shared" / "seeds", root / "input", root / "tests/data/heldout/input"]
    docs = [
        doc
        for folder in folders
        if folder.is_dir()
        for doc in read_corpus(folder)
        if isinstance(doc, ArticleText)
    ]
    if not docs:
        pytest.skip("no real articles found (seeds, input/, held-out set)")
    return docs
