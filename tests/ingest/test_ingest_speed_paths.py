"""Ingest's fast paths read what the plain code they replaced read.

The kinds of short lines are remembered (clean.short_line_kind): checked against classifying
every line afresh, on the real seed and input articles and on generated lines.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.ingest import read_corpus

clean_module = importlib.import_module("timeline.ingest.clean")  # the package exports clean()

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


def read_all() -> list[str]:
    folders = [SEEDS, ROOT / "input", ROOT / "tests" / "data" / "heldout" / "input"]
    return [
        item.model_dump_json()
        for folder in folders
        if folder.is_dir()
        for item in read_corpus(folder)
    ]


def test_real_articles_read_as_with_every_line_classified() -> None:
    clean_module.short_line_kind.cache_clear()
    fast = read_all()
    again = read_all()  # now from the remembered kinds
    if not fast:
        pytest.skip("no real articles found (seeds, input/, held-out set)")
    assert clean_module.short_line_kind.cache_info().hits > 100  # the pages do repeat lines
    with mock.patch.object(clean_module, "short_line_kind", clean_module.classify):
        slow = read_all()
    assert fast == slow
    assert again == slow


# Short lines of the kinds classify tells apart: menus, labels, bylines, credits, dates, ads.
PARTS = [
    "Home", "World", "|", "•", "Advertisement", "By", "Sofia Marchetti", "Jan 8, 2024",
    "Updated", "2 hours ago", "(AP Photo/Jane Doe)", "Reuters", "Read more:", "Share",
    "© 2024", "All rights reserved", "Donate now", "Subscribe to our newsletter", "Photo:",
    "The minister said", "talks were held in Vienna", ".", ":", "Date 2024-03-01", "FILE -",
    "Reporting by Dana Kell; Editing by Tom Ardis", "is a reporter", "$5", "support us",
]  # fmt: skip
SHORT_LINE = st.lists(st.sampled_from(PARTS), min_size=1, max_size=10).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(SHORT_LINE)
def test_short_line_kind_is_the_classified_kind(line: str) -> None:
    n = clean_module.words(line)
    kind = clean_module.classify(line, n)
    assert clean_module.short_line_kind(line, n) == kind
    assert clean_module.short_line_kind(line, n) == kind  # remembered


def test_generated_lines_reach_several_kinds() -> None:
    """The generator reaches the rules: its lines are of several kinds."""
    kinds: set[str] = set()

    @settings(max_examples=200, deadline=None, database=None)
    @given(SHORT_LINE)
    def collect(line: str) -> None:
        kinds.add(clean_module.classify(line))

    collect()
    assert len(kinds) >= 5, kinds
