"""JSON exports: JSON Lines (one article a line) and JSON files holding a list of articles."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from timeline.errors import InputError
from timeline.ingest.article import isolated, make_article
from timeline.ingest.encoding import decode
from timeline.ingest.html import fragment_to_text
from timeline.models import ArticleText, Problem

# Full text first; a summary only when an export has nothing more.
TEXT_FIELDS = (
    "text", "content", "body", "article", "maintext", "full_text", "fulltext", "story",
    "summary", "description",
)  # fmt: skip
HTML_HINT = ("<p", "<div", "<br", "<figure", "</")
# Keys under which a .json export keeps its list of articles.
LIST_KEYS = ("articles", "items", "data", "results", "entries")


def read_jsonl(path: Path, rel: str, data: bytes | None) -> Iterator[ArticleText | Problem]:
    """Every line of a .jsonl file as one article; path 'export.jsonl#N' names line N.

    data None: the file is large and is read line by line from path, so memory holds one line
    at a time; such a file must be UTF-8 (as JSON Lines are), a line that is not is reported.
    """
    if data is None:
        yield from _stream_jsonl(path, rel)
        return
    decoded = decode(data)
    for warning in decoded.warnings:
        yield Problem(path=rel, error=warning)
    # split("\n"), not splitlines(): JSON strings may hold U+2028 and other line separators.
    for number, line in enumerate(decoded.text.split("\n"), start=1):
        if line.strip():
            yield _read_line(line, rel, number, decoded.encoding)


def _stream_jsonl(path: Path, rel: str) -> Iterator[ArticleText | Problem]:
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(
                    path=f"{rel}#{number}",
                    error=f"line {number} is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                )
                continue
            yield _read_line(line, rel, number, "utf-8")


def _read_line(line: str, rel: str, number: int, encoding: str) -> ArticleText | Problem:
    line_rel = f"{rel}#{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem(
            path=line_rel, error=f"line {number} is not JSON: {exc.msg} (column {exc.colno})"
        )
    except RecursionError:  # "[[[[..." : this line only, the lines after it are still read
        return Problem(path=line_rel, error=f"line {number} is JSON nested too deeply to read")
    return isolated(line_rel, read_record, record, line_rel, f"line {number}", encoding)


def read_json(path: Path, rel: str, data: bytes) -> Iterator[ArticleText | Problem]:
    """A .json export: a list of articles, or an object holding one under 'articles' (or
    'items', 'data', 'results', 'entries'), or a single article; 'export.json#N' names item N."""
    decoded = decode(data)
    for warning in decoded.warnings:
        yield Problem(path=rel, error=warning)
    try:
        document = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    if isinstance(document, dict):
        listed = next((document[k] for k in LIST_KEYS if isinstance(document.get(k), list)), None)
        if listed is None:
            yield read_record(document, rel, "the file", decoded.encoding)
            return
        document = listed
    if not isinstance(document, list):
        raise InputError("JSON holds neither an article nor a list of articles")
    for number, record in enumerate(document, start=1):
        item_rel = f"{rel}#{number}"
        yield isolated(item_rel, read_record, record, item_rel, f"item {number}", decoded.encoding)


def read_record(record: Any, rel: str, where: str, encoding: str | None) -> ArticleText | Problem:
    """One article from one JSON object: its text field and its metadata fields."""
    if not isinstance(record, dict):
        return Problem(path=rel, error=f"{where} is not a JSON object")
    text = next((v for f in TEXT_FIELDS if isinstance(v := record.get(f), str) and v.strip()), None)
    if text is None:
        return Problem(
            path=rel,
            error=f"{where} has no text (no {', '.join(TEXT_FIELDS[:3])} or other text field)",
        )
    raw_captions = record.get("captions")
    captions = (
        [c for c in raw_captions if isinstance(c, str)] if isinstance(raw_captions, list) else []
    )
    if any(hint in text for hint in HTML_HINT):
        text, found = fragment_to_text(text)
        captions += found
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return make_article(rel, text, meta=record, captions=captions, encoding=encoding)
