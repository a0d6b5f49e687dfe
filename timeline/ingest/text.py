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

# libyaml's loader when PyYAML was built with it: the pure-Python one costs more than the article.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        meta = yaml.load(head, Loader=SAFE_LOADER) or {}
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

    The article's offsets then point into this stripped text. Each pass runs only when its
    syntax occurs, which keeps plain Markdown as fast to read as plain text.
    """
    if "#" in text:
        text = HEADING.sub("", text)
    if "](" in text:
        # An image's alt text describes the photo: mark it so the cleaner sets it aside as a caption.
        text = IMAGE.sub(lambda m: f"Image: {m[1]}" if m[1].strip() else "", text)
        text = LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = STRONG.sub(r"\2", text)
    if "*" in text:
        text = EMPHASIS.sub(r"\1", text)
    if ">" in text:
        text = QUOTE.sub("", text)
    return text


HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
STRONG = re.compile(r"(\*\*|__)(.+?)\1")
EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
QUOTE = re.compile(r"^>\s?", re.MULTILINE)
