"""Publication date: an ordered chain of finders, cheapest and most trustworthy first."""

from __future__ import annotations

import datetime as dt
import re

from timeline.models import PublishedBasis

HEADER_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE | re.MULTILINE)


def _from_metadata(meta: dict) -> dt.date | None:
    value = meta.get("date") or meta.get("published")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def find_published(
    body: str, meta: dict | None = None
) -> tuple[dt.date | None, PublishedBasis, list[str]]:
    """Return (date, basis, warnings) for an article's publication date."""
    if meta and (found := _from_metadata(meta)):
        return found, "metadata", []
    if match := HEADER_DATE.search(body[:500]):
        return dt.date.fromisoformat(match.group(1)), "header", []
    return None, "inferred", ["no publication date found"]
