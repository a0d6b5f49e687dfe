from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_events():
    """Events of the real scraped seed articles through ingest and analyse_article, by number."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    from timeline.ingest import read_corpus
    from timeline.models import ArticleText
    from timeline.pipeline import analyse_article

    return {
        doc.article.path[:3]: analyse_article(doc)
        for doc in read_corpus(SEEDS)
        if isinstance(doc, ArticleText)
    }
