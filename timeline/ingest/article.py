"""From a source text and what the reader knows about it to one ArticleText (or a Problem)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from timeline.ingest.clean import clean
from timeline.models import Article, ArticleText, Problem
from timeline.published import PublishedHints, find_published

# One news article is a few thousand words; a text beyond this is a dump, a log or a book, and
# reading it as one article would flood the timeline with unrelated events.
MAX_ARTICLE_CHARS = 1_000_000


def article_id(rel_path: str) -> str:
    """Stable article id: the path is what a user names an article by."""
    return "a" + hashlib.sha256(rel_path.encode("utf-8")).hexdigest()[:15]


def _text_field(meta: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def make_article(
    rel: str,
    source: str,
    *,
    meta: Mapping[str, Any] | None = None,
    html_meta: dt.date | None = None,
    html_meta_evidence: str | None = None,
    captions: list[str] | None = None,
    encoding: str | None = None,
) -> ArticleText | Problem:
    """Clean the source, find its publication date and wrap both; a Problem if nothing is left.

    meta holds what the file states about itself (front matter, JSONL fields, feed entry):
    title, url, publisher/source/site, author and a date under one of the usual names.
    """
    meta = dict(meta or {})
    if len(source) > MAX_ARTICLE_CHARS:
        return Problem(
            path=rel,
            error=f"text too large: {len(source) / 1e6:.1f} million characters, one article is "
            f"at most {MAX_ARTICLE_CHARS / 1e6:.0f} million (not a news article?)",
        )
    title = _text_field(meta, "title", "headline")
    cleaned = clean(source, title)
    for extra in captions or []:
        if extra not in cleaned.captions:
            cleaned.captions.append(extra)
            cleaned.caption_offsets.append(-1)
    if not cleaned.body.strip():
        kinds = sorted({r.kind for r in cleaned.removed})
        what = f" (only {', '.join(kinds)})" if kinds else ""
        return Problem(path=rel, error=f"no article text found{what}")
    found = find_published(
        PublishedHints(
            source=source,
            cleaned=cleaned,
            meta=meta,
            html_meta=html_meta,
            html_meta_evidence=html_meta_evidence,
            file_name=PurePosixPath(rel.split("#", 1)[0]).name,
            folder=PurePosixPath(rel.split("#", 1)[0]).parent.as_posix().strip("."),
        )
    )
    article = Article(
        id=article_id(rel),
        path=rel,
        title=cleaned.title,
        url=_text_field(meta, "url", "link", "canonical_url"),
        publisher=_text_field(meta, "publisher", "source", "site", "sitename", "site_name"),
        published=found.date,
        published_basis=found.basis,
        warnings=found.warnings,
    )
    # Built from values made here, already of the right types: validating them again would cost
    # more than cleaning the article did.
    return ArticleText.model_construct(
        article=article,
        body=cleaned.body,
        captions=cleaned.captions,
        caption_offsets=cleaned.caption_offsets,
        paragraphs=cleaned.paragraphs,
        removed=cleaned.removed,
        author=_text_field(meta, "author", "byline") or cleaned.author,
        encoding=encoding,
        published_evidence=found.evidence,
    )
