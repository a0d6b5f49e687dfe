"""Plain-text and Markdown articles: scraped pages, and Markdown with YAML front matter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from timeline.errors import InputError
from timeline.ingest.article import SourceMap, make_article
from timeline.ingest.encoding import decode
from timeline.models import ArticleText, Problem

HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)


@cache
def _yaml():
    """PyYAML and its safe loader, imported when a first file has front matter (not on every
    start: 25 ms). libyaml's loader when PyYAML was built with it: the pure-Python one costs
    more than the article."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    yaml, safe_loader = _yaml()
    try:
        meta = yaml.load(head, Loader=safe_loader) or {}
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
    if HTML_START.match(decoded.text[:512]):
        # A page saved with the wrong name: markup read as words would flood the body.
        from timeline.ingest.html import read_html

        yield from read_html(path, rel, data)
        return
    text = normalise_newlines(decoded.text)
    try:
        meta, body, body_at = split_front_matter(text)
    except InputError as exc:
        # Still read the article: the text is there even if its metadata block is broken.
        yield Problem(path=rel, error=f"{exc}; read as plain text")
        meta, body, body_at = {}, text, 0
    origin = SourceMap(base=body_at)
    if path.suffix.lower() in (".md", ".markdown"):
        body, origin.chars = strip_markdown(body)
    yield make_article(rel, body, meta=meta, encoding=decoded.encoding, origin=origin)


def strip_markdown(text: str) -> tuple[str, list[int] | None]:
    """Text without the Markdown syntax that would read as words ('# ', '**', link targets),
    and for each character left its offset in the input (None if nothing was removed).

    Each pass runs only when its syntax occurs, which keeps plain Markdown as fast as text.
    """
    origin: list[int] | None = None
    for hint, pattern, rule in MARKDOWN_PASSES:
        if hint in text and pattern.search(text):
            if origin is None:
                origin = list(range(len(text)))
            text, origin = _sub_keeping_origin(pattern, rule, text, origin)
    return text, origin


def _sub_keeping_origin(pattern, rule, text: str, origin: list[int]) -> tuple[str, list[int]]:
    pieces: list[str] = []
    chars: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        pieces.append(text[pos : m.start()])
        chars.extend(origin[pos : m.start()])
        prefix, group = rule(m)
        if prefix:
            pieces.append(prefix)
            chars.extend([origin[m.start()]] * len(prefix))
        if group and m[group]:
            pieces.append(m[group])
            chars.extend(origin[m.start(group) : m.end(group)])
        pos = m.end()
    pieces.append(text[pos:])
    chars.extend(origin[pos:])
    return "".join(pieces), chars


# (a string the syntax needs, its pattern, what replaces a match: (new text, group kept)).
MARKDOWN_PASSES = [
    ("#", re.compile(r"^#{1,6}[ \t]+", re.MULTILINE), lambda m: ("", 0)),
    # An image's alt text describes the photo: marked so the cleaner sets it aside as a caption.
    (
        "](",
        re.compile(r"!\[([^\]]*)\]\([^)]*\)"),
        lambda m: ("Image: ", 1) if m[1].strip() else ("", 0),
    ),
    ("](", re.compile(r"\[([^\]]+)\]\([^)]*\)"), lambda m: ("", 1)),
    ("**", re.compile(r"\*\*(.+?)\*\*"), lambda m: ("", 1)),
    ("__", re.compile(r"__(.+?)__"), lambda m: ("", 1)),
    ("*", re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])"), lambda m: ("", 1)),
    (">", re.compile(r"^>[ \t]?", re.MULTILINE), lambda m: ("", 0)),
]
