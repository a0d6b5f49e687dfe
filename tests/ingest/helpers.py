from __future__ import annotations

from pathlib import Path

import pytest

from timeline.ingest import read_file
from timeline.models import ArticleText, Problem

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def read(path: Path, root: Path = DATA) -> tuple[list[ArticleText], list[Problem]]:
    """Articles and problems of one file, in file order."""
    items = list(read_file(path, root))
    return (
        [i for i in items if isinstance(i, ArticleText)],
        [i for i in items if isinstance(i, Problem)],
    )


def only(path: Path, root: Path = DATA) -> ArticleText:
    """The single article of a file that must read without problems."""
    articles, problems = read(path, root)
    assert problems == [], problems
    assert len(articles) == 1
    return articles[0]


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS
