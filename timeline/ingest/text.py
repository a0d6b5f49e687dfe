"""Plain-text and Markdown articles (scraped pages, front matter)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from timeline.errors import InputError
from timeline.models import Article, ArticleText
from timeline.published import find_published


def decode(data: bytes) -> str:
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    head, sep, body = text[3:].partition("\n---")
    if not sep:
        return {}, text
    meta = yaml.safe_load(head) or {}
    if not isinstance(meta, dict):
        return {}, text
    return meta, body.partition("\n")[2]


def read_text(path: Path, rel: str, data: bytes) -> Iterator[ArticleText]:
    from timeline.ingest import article_id

    text = decode(data).replace("\r\n", "\n")
    meta, body = split_front_matter(text)
    published, basis, warnings = find_published(body, meta)
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    title = str(meta.get("title") or (lines[0] if lines else path.stem))
    yield ArticleText(
        article=Article(
            id=article_id(rel),
            path=rel,
            title=title,
            url=meta.get("url"),
            publisher=meta.get("publisher"),
            published=published,
            published_basis=basis,
            warnings=warnings,
        ),
        body=body,
    )
