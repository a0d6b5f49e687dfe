"""JSON Lines exports: one article a line, with its text and metadata fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from timeline.ingest.article import make_article
from timeline.ingest.encoding import decode
from timeline.ingest.html import fragment_to_text
from timeline.models import ArticleText, Problem

TEXT_FIELDS = ("text", "content", "body", "article", "maintext")
HTML_HINT = ("<p", "<div", "<br", "<figure", "</")


def read_jsonl(path: Path, rel: str, data: bytes) -> Iterator[ArticleText | Problem]:
    """Every line of a .jsonl file as one article; path 'export.jsonl#N' names line N."""
    decoded = decode(data)
    for warning in decoded.warnings:
        yield Problem(path=rel, error=warning)
    for number, line in enumerate(decoded.text.splitlines(), start=1):
        if not line.strip():
            continue
        line_rel = f"{rel}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(
                path=line_rel, error=f"line {number} is not JSON: {exc.msg} (column {exc.colno})"
            )
            continue
        if not isinstance(record, dict):
            yield Problem(path=line_rel, error=f"line {number} is not a JSON object")
            continue
        text = next(
            (v for f in TEXT_FIELDS if isinstance(v := record.get(f), str) and v.strip()), None
        )
        if text is None:
            yield Problem(
                path=line_rel,
                error=f"line {number} has no text (none of the fields {', '.join(TEXT_FIELDS)})",
            )
            continue
        raw_captions = record.get("captions")
        captions = (
            [c for c in raw_captions if isinstance(c, str)]
            if isinstance(raw_captions, list)
            else []
        )
        if any(hint in text for hint in HTML_HINT):
            text, found = fragment_to_text(text)
            captions += found
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        yield make_article(
            line_rel, text, meta=record, captions=captions, encoding=decoded.encoding
        )
