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


def resolve_lines(lines: Iterable[str | bytes]) -> Iterator[dict[str, Any]]:
    """One result per non-blank input line, in order; bad lines give an error and the rest go on.

    Lines may be bytes, so that one line that is not UTF-8 is answered on its own instead of
    stopping the whole stream."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield {"id": None, "error": f"line {number}: not UTF-8 (byte {exc.start + 1})"}
                continue
        if number == 1:
            line = line.removeprefix("\ufeff")  # a BOM from Windows editors
        if line.strip():
            try:
                yield resolve_record(line, number)
            except RecursionError:
                yield {"id": None, "error": f"line {number}: not JSON (nested too deeply)"}


def result_line(result: dict[str, Any]) -> str:
    """One result as a JSON line; escaped to ASCII only when the input held lone surrogates
    ("\\ud800"), which no UTF-8 output can carry."""
    line = json.dumps(result, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(result)
    return line
