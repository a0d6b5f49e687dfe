"""Plain-text and Markdown articles: scraped pages, and Markdown with YAML front matter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from timeline.errors import InputError
from timeline.ingest.article import make_article
from timeline.ingest.encoding import decode
from timeline.models import ArticleText, Problem


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(metadata, rest, offset of rest) for text opening with a '---' YAML block."""
    if not text.startswith("---"):
        return {}, text, 0
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        return {}, text, 0
    end = text.find("\n---", first_newline)
    if end < 0:
        raise InputError("front matter opened with '---' is never closed")
    head = text[first_newline + 1 : end]
    after = text.find("\n", end + 4)
    rest_at = len(text) if after < 0 else after + 1
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise InputError(f"front matter is not valid YAML{where}") from exc
    if not isinstance(meta, dict):
        raise InputError("front matter is not a mapping of 'key: value' lines")
    return meta, text[rest_at:], rest_at


def read_text(path: Path, rel: str, data: bytes) -> Iterator[ArticleText | Problem]:
    """One article per .txt or .md file; front matter (title, date, url, publisher) if present."""
    decoded = decode(data)
    for warning in decoded.warnings:
        yield Problem(path=rel, error=warning)
    text = normalise_newlines(decoded.text)
    try:
        meta, body, _ = split_front_matter(text)
    except InputError as exc:
        # Still read the article: the text is there even if its metadata block is broken.
        yield Problem(path=rel, error=f"{exc}; read as plain text")
        meta, body = {}, text
    if path.suffix.lower() == ".md":
        body = strip_markdown(body)
    yield make_article(rel, body, meta=meta, encoding=decoded.encoding)


def strip_markdown(text: str) -> str:
    """Remove the Markdown syntax that would read as words ('# ', '**', link targets).

    Replacements keep every line's length or shorten it within the line, so paragraph offsets
    stay valid line by line relative to the stripped text the article is built from.
    """
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)
    # An image's alt text describes the photo: mark it so the cleaner sets it aside as a caption.
    text = re.sub(
        r"!\[([^\]]*)\]\([^)]*\)", lambda m: f"Image: {m[1]}" if m[1].strip() else "", text
    )
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])", r"\1", text)
    text = re.sub(r"^>\s?", "", text, flags=re.MULTILINE)
    return text
