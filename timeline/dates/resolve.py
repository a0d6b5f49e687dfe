"""Resolve temporal expressions against a reference date (walking-skeleton version)."""

from __future__ import annotations

import datetime as dt
import re

from timeline.models import Mention

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

EXPLICIT = re.compile(
    r"\b(?P<month>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s*(?P<day>\d{1,2}),\s*(?P<year>\d{4})\b",
    re.IGNORECASE,
)
WEEKDAY = re.compile(r"\bon\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)


def resolve_text(text: str, published: dt.date | None) -> list[Mention]:
    """Every temporal expression in text, resolved against the publication date."""
    mentions: list[Mention] = []
    for m in EXPLICIT.finditer(text):
        try:
            day = dt.date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
        except ValueError:
            continue
        mentions.append(
            Mention(
                start=m.start(),
                end=m.end(),
                text=m[0],
                type="DATE",
                value=day.isoformat(),
                date_start=day,
                date_end=day,
                granularity="day",
                basis="explicit",
                anchor=None,
            )
        )
    if published is not None:
        for m in WEEKDAY.finditer(text):
            back = (published.weekday() - WEEKDAYS.index(m["weekday"].lower())) % 7
            day = published - dt.timedelta(days=back)
            mentions.append(
                Mention(
                    start=m.start(),
                    end=m.end(),
                    text=m[0],
                    type="DATE",
                    value=day.isoformat(),
                    date_start=day,
                    date_end=day,
                    granularity="day",
                    basis="relative",
                    anchor=published,
                )
            )
    return sorted(mentions, key=lambda mention: mention.start)
