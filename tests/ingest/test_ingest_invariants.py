"""What every article from every reader must satisfy, checked on every fixture and seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.helpers import DATA, SEEDS
from timeline.ingest import iter_input_files, read_file
from timeline.ingest.article import article_id
from timeline.ingest.encoding import decode
from timeline.ingest.text import normalise_newlines
from timeline.models import ArticleText

FILES = [(DATA, p) for p in iter_input_files(DATA)] + (
    [(SEEDS, p) for p in iter_input_files(SEEDS)] if SEEDS.is_dir() else []
)


@pytest.mark.parametrize(("root", "path"), FILES, ids=[p.name for _, p in FILES])
def test_every_article_is_well_formed(root: Path, path: Path) -> None:
    articles = [i for i in read_file(path, root) if isinstance(i, ArticleText)]
    for doc in articles:
        a = doc.article
        assert a.id == article_id(a.path)
        assert doc.body.strip() and "\r" not in doc.body and "\n\n\n" not in doc.body
        if a.published_basis == "inferred":
            assert a.warnings, "an inferred or missing date always comes with a warning"
        else:
            assert a.published is not None and doc.published_evidence
        for caption in doc.captions:
            assert caption not in doc.body
        # Paragraph spans tile the body: in order, inside it, and joined by blank lines.
        ends = 0
        for para in doc.paragraphs:
            assert para.start >= ends and para.length > 0
            ends = para.start + para.length
        assert ends == len(doc.body)
        if path.suffix in (".txt", ".md"):
            source = normalise_newlines(decode(path.read_bytes()).text)
            for para in doc.paragraphs:
                assert (
                    doc.body[para.start : para.start + para.length]
                    == (source[para.source_start : para.source_start + para.length])
                )


def test_reading_twice_gives_the_same_articles() -> None:
    first = [i.model_dump() for _, p in FILES for i in read_file(p, p.parent)]
    second = [i.model_dump() for _, p in FILES for i in read_file(p, p.parent)]
    assert first == second


def test_articles_survive_json_and_pickle_round_trips() -> None:
    """The cache and the worker processes store and ship ArticleText: nothing may be lost."""
    import pickle

    for root, path in FILES:
        for item in read_file(path, root):
            if isinstance(item, ArticleText):
                assert ArticleText.model_validate_json(item.model_dump_json()) == item
                assert pickle.loads(pickle.dumps(item)) == item


def test_no_gold_evidence_sentence_is_cleaned_away() -> None:
    """Every sentence the hand-checked events cite stays in a body or a caption of its article."""
    import json

    from timeline.ingest import read_corpus

    repo = Path(__file__).resolve().parents[2]
    gold_path = repo / "tests" / "data" / "events_gold.json"
    if not gold_path.is_file() or not (repo / "input").is_dir():
        pytest.skip("no sample corpus with gold events")
    docs = {i.article.path: i for i in read_corpus(repo / "input") if isinstance(i, ArticleText)}

    def norm(text: str) -> str:
        return " ".join(text.split())

    lost = []
    for event in json.loads(gold_path.read_text(encoding="utf-8")):
        evidence = norm(event["evidence"])
        texts = [
            norm(t)
            for path in event["articles"]
            if (doc := docs.get(path))
            for t in (doc.body, *doc.captions)
        ]
        if not any(evidence in t for t in texts):
            lost.append((event["articles"], evidence[:80]))
    assert lost == []


PAGE_FURNITURE = [
    "Sponsored", "Subscribe", "Sign in", "©", "All rights reserved", "Read more", "Related",
    "Most Read", "Editor's", "Newsletter", "$5", "Menu", "Theme", "min read", "previously reported",
]  # fmt: skip


def test_no_page_furniture_in_the_sample_corpus_bodies() -> None:
    from timeline.ingest import read_corpus

    repo = Path(__file__).resolve().parents[2]
    if not (repo / "input").is_dir():
        pytest.skip("no sample corpus")
    found = [
        (doc.article.path, junk)
        for doc in read_corpus(repo / "input")
        if isinstance(doc, ArticleText)
        for junk in PAGE_FURNITURE
        if junk in doc.body
    ]
    assert found == []
