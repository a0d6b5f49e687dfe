"""Small helpers shared by the date-resolution tests."""

from __future__ import annotations

import datetime as dt

from timeline.dates import resolve_text
from timeline.models import Mention

# Sunday 14 April 2024: the publication date of the Gallant seed article.
SUNDAY = dt.date(2024, 4, 14)
D = dt.date


def mention(text: str, words: str, published: dt.date | None = SUNDAY) -> Mention:
    """The mention whose text is exactly words (and check its offsets point at it)."""
    mentions = resolve_text(text, published)
    hits = [m for m in mentions if m.text == words]
    assert hits, f"{words!r} not found in {[m.text for m in mentions]}"
    found = hits[0]
    assert text[found.start : found.end] == words
    return found


def only(text: str, published: dt.date | None = SUNDAY) -> Mention:
    mentions = resolve_text(text, published)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0]


def days(m: Mention) -> tuple[dt.date | None, dt.date | None]:
    return m.date_start, m.date_end
