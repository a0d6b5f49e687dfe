"""From a source text and what the reader knows about it to one ArticleText (or a Problem)."""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress, repeat
from pathlib import PurePosixPath
from typing import Any

from timeline.ingest.clean import clean
from timeline.models import Article, ArticleText, Paragraph, Problem
from timeline.published import PublishedHints, find_published

# One news article is a few thousand words; a text beyond this is a dump, a log or a book, and
# reading it as one article would flood the timeline with unrelated events.
MAX_ARTICLE_CHARS = 1_000_000


@dataclass
class SourceMap:
    """Where each character of a reader's source text came from in the file's text.

    base: the offset the source starts at (after front matter); chars: per character, its offset
    from base, or None when the source was not changed inside (plain text).
    """

    base: int = 0
    chars: list[int] | None = None

    def at(self, offset: int) -> int:
        if self.chars is None:
            return self.base + offset
        return self.base + (self.chars[offset] if offset < len(self.chars) else len(self.chars))

    def map_paragraphs(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        """Paragraphs re-pointed into the file; split where markup was cut out of them."""
        if self.chars is None:
            return [Paragraph(p.start, self.base + p.source_start, p.length) for p in paragraphs]
        chars, runs = self.chars, []
        # Where the copy jumps: markup was cut out just before these source offsets.
        # (itertools and operator keep the scan of every character in C.)
        steps = map(operator.sub, chars[1:], chars)
        breaks = list(compress(range(1, len(chars)), map(operator.ne, steps, repeat(1))))
        for p in paragraphs:
            end = p.source_start + p.length
            cuts = breaks[bisect_right(breaks, p.source_start) : bisect_left(breaks, end)]
            start = p.source_start
            for cut in [*cuts, end]:
                runs.append(
                    Paragraph(
                        p.start + start - p.source_start, self.base + chars[start], cut - start
                    )
                )
                start = cut
        return runs


def isolated(rel: str, read, *args, **kwargs) -> ArticleText | Problem:
    """One entry of a multi-article file read on its own: a bug it triggers becomes a Problem
    naming the entry, and the file's other entries are still read."""
    try:
        return read(*args, **kwargs)
    except RecursionError:
        return Problem(path=rel, error="cannot parse: structure nested too deeply")
    except Exception as exc:  # a parser's own bug must not cost the other entries
        return Problem(path=rel, error=f"cannot parse: {type(exc).__name__}: {exc}")


def article_id(rel_path: str) -> str:
    """Stable article id: the path is what a user names an article by."""
    return "a" + hashlib.sha256(rel_path.encode("utf-8")).hexdigest()[:15]


def _text_field(meta: Mapping[str, Any], *keys: str) -> str | None:
    """The first of keys holding text; {"name": ...} objects count (NewsAPI's "source",
    JSON-LD's "author"), lists give their first such item."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name")
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
    origin: SourceMap | None = None,
) -> ArticleText | Problem:
    """Clean the source, find its publication date and wrap both; a Problem if nothing is left.

    meta holds what the file states about itself (front matter, JSONL fields, feed entry):
    title, url, publisher/source/site, author and a date under one of the usual names.
    origin maps source back to the file's text when the reader changed it (front matter cut,
    Markdown markup removed), so the article's offsets point into the file.
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
    file = PurePosixPath(rel.split("#", 1)[0])
    found = find_published(
        PublishedHints(
            source=source,
            cleaned=cleaned,
            meta=meta,
            html_meta=html_meta,
            html_meta_evidence=html_meta_evidence,
            file_name=file.name,
            folder=file.parent.as_posix().strip("."),
        )
    )
    article = Article(
        id=article_id(rel),
        path=rel,
        title=cleaned.title,
        url=_text_field(meta, "url", "link", "canonical_url", "source_url", "uri"),
        publisher=_text_field(
            meta, "publisher", "source", "site", "sitename", "site_name", "outlet", "source_name"
        ),
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
        caption_offsets=(
            [origin.at(o) if o >= 0 else o for o in cleaned.caption_offsets]
            if origin
            else cleaned.caption_offsets
        ),
        paragraphs=origin.map_paragraphs(cleaned.paragraphs) if origin else cleaned.paragraphs,
        removed=cleaned.removed,
        author=_text_field(meta, "author", "authors", "byline", "creator") or cleaned.author,
        encoding=encoding,
        published_evidence=found.evidence,
    )
