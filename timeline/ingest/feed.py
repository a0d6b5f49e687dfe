"""RSS and Atom files of news sites: one article per entry, parsed with feedparser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from timeline.ingest.article import isolated, make_article
from timeline.ingest.encoding import refuse_binary
from timeline.ingest.html import fragment_to_text
from timeline.models import ArticleText, Problem


def _entry_html(entry) -> str:
    """The fullest text an entry carries: content:encoded / Atom content, else the summary."""
    for content in entry.get("content") or []:
        if (content.get("value") or "").strip():
            return content["value"]
    return entry.get("summary") or entry.get("description") or ""


def read_feed(path: Path, rel: str, data: bytes) -> Iterator[ArticleText | Problem]:
    """Every entry of an RSS 2.0, RSS 1.0 or Atom feed; path 'feed.xml#N' names entry N."""
    import feedparser  # for feeds only: 60 ms of every start otherwise

    refuse_binary(data)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            reason = str(parsed.get("bozo_exception") or "unreadable").strip()
            yield Problem(path=rel, error=f"not a valid RSS/Atom feed: {reason}")
        elif not parsed.version:
            yield Problem(path=rel, error="not an RSS or Atom feed (no <rss>, <feed> or <rdf>)")
        return
    # A declared charset that differs from the transport's is noise, not a broken feed.
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), benign):
        reason = str(parsed.get("bozo_exception") or "unreadable").strip()
        yield Problem(
            path=rel,
            error=f"feed is not well-formed XML ({reason}); read the {len(parsed.entries)} "
            "entries found before the error",
        )
    publisher = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        entry_rel = f"{rel}#{number}"
        yield isolated(entry_rel, read_entry, entry, entry_rel, publisher)


def read_entry(entry, rel: str, publisher: str | None) -> ArticleText | Problem:
    """One feed entry as an article."""
    text, captions = fragment_to_text(_entry_html(entry))
    if not text.strip():
        return Problem(path=rel, error="feed entry has no text (no content or summary)")
    # The raw date strings keep the publisher's own calendar day; *_parsed is UTC.
    meta = {
        "title": entry.get("title"),
        "url": entry.get("link"),
        "publisher": publisher,
        "author": entry.get("author"),
        "published": entry.get("published") or entry.get("dc_date"),
        # dict.get: feedparser's own get() maps a missing "updated" to "published", warning.
        "updated": dict.get(entry, "updated"),
    }
    return make_article(rel, text, meta=meta, captions=captions)
