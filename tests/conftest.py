from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
INPUT = REPO / "input"
FEEDS = REPO / "feeds"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh build of input/ shared by the tests that only read its outputs."""
    from timeline.pipeline import build
    from timeline.settings import Settings

    out = tmp_path_factory.mktemp("feeds")
    build(Settings(input_dir=INPUT, out_dir=out))
    return out
