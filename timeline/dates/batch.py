"""Resolve many texts given as JSON lines {"id", "text", "published"}: one result line each."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from timeline.dates.resolve import resolve_text


def resolve_record(line: str, number: int) -> dict[str, Any]:
    """{"id", "mentions": [...]} for one input line, or {"id", "error"} naming what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"line {number}: not JSON ({exc.msg} at column {exc.colno})"}
    if not isinstance(record, dict):
        return {"id": None, "error": f"line {number}: expected an object with id, text, published"}
    record_id = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return {"id": record_id, "error": f"line {number}: 'text' must be a string"}
    published = record.get("published")
    try:
        anchor = dt.date.fromisoformat(published[:10]) if published else None
    except (TypeError, ValueError):
        return {
            "id": record_id,
            "error": f"line {number}: 'published' must be YYYY-MM-DD, got {published!r}",
        }
    mentions = resolve_text(text, anchor)
    return {"id": record_id, "mentions": [m.model_dump(mode="json") for m in mentions]}


def resolve_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One result per non-blank input line, in order; bad lines give an error and the rest go on."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield resolve_record(line, number)
