"""Publication date: an ordered chain of finders, cheapest and most trustworthy first.

metadata (front matter, JSONL field, feed entry) -> header line ("date 2024-04-14") -> HTML meta
tags -> byline ("By Jane DoeMar27,2024", "Published: ...") -> dateline ("WASHINGTON, March 27
(Reuters) -") -> a date in the file name -> inferred: the latest explicit date of the body, never
one from a caption or a link list unless nothing else is left. Each finder returns the date with
the words it was read from; the chain stops at the first one that answers.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from timeline.models import PublishedBasis

if TYPE_CHECKING:
    from timeline.ingest.clean import Cleaned

MONTHS = {
    name: number
    for number, names in enumerate(
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
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# Explicit dates with a year, matched backwards from the year. The month-first form allows no
# space at all, as scrapers glue bylines together: "Mar27,2024".
# A time glued to the year by a scraper: "March 27, 20244:15 PM".
GLUED_TIME = re.compile(r"\d{1,2}:\d{2}")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}")
MONTH_DAY_YEAR = re.compile(rf"{_MONTH}\s*(?<!\d){_DAY},?\s*{_YEAR}$", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(rf"(?<!\d){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$", re.IGNORECASE)
ISO_DATE = re.compile(rf"{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
# Numeric dates, read only where a label says they are dates ("Posted: 15.04.2024"). Year first
# is always Y-M-D; dots are the European D.M.Y; slashes only when the day is above 12.
NUMERIC_DATES = [
    (re.compile(r"\b(?P<year>(?:19|20)\d{2})[./](?P<month>\d{1,2})[./](?P<day>\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})\b"), "dmy"),
    (re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d{2})\b"), "slash"),
]
HEADER_LINE = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
PUBLISHED_LABEL = re.compile(
    r"\b(?P<label>published|posted|first published|date|updated|last updated|modified)"
    r"(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
# "WASHINGTON, March 27 (Reuters) -", "GAZA CITY, Oct 7, 2023 (AFP) —", "JERUSALEM, April 14 —".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.'’ ]+)?),\s+"
    + f"(?i:{_MONTH})"
    + r"\s+"
    + _DAY
    + r"(?:,\s*"
    + _YEAR
    + r")?\s*(?:\([A-Za-z .]+\)\s*)?[-–—]"
)
FOLDER_MONTH = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/_](?P<month>[01]\d)(?!\d)")
FILE_NAME_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})-?(?P<month>[01]\d)-?(?P<day>[0-3]\d)(?!\d)"
)
METADATA_KEYS = (
    "published",
    "date",
    "pubDate",
    "pubdate",
    "published_at",
    "publishedAt",
    "datePublished",
    "publication_date",
    "date_published",
    "publish_date",
    "pub_date",
    "timestamp",
    "datetime",
    "created",
    "created_at",
    "updated",
    "modified",
)
FUTURE_CONTEXT = re.compile(
    r"\b(?:will|shall|scheduled|due|is set to|are set to|expir\w*|deadline|planned for|"
    r"upcoming|next|until|ahead of|matur\w*|ending|expects?|expected|forecasts?)\b",
    re.IGNORECASE,
)
# What content systems write when they have no date: the Unix epoch, Excel's and SQL's zero days.
PLACEHOLDER_DATES = {dt.date(1970, 1, 1), dt.date(1900, 1, 1), dt.date(1899, 12, 30)}
# Lines a byline or a "Published:" label may stand on: the top of the article, before the story.
HEAD_LINES = 40


@dataclass
class Found:
    date: dt.date | None
    basis: PublishedBasis
    evidence: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class PublishedHints:
    """What the reader knows besides the text: one options object threaded through the chain."""

    source: str = ""
    cleaned: Cleaned | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    html_meta: dt.date | None = None
    html_meta_evidence: str | None = None
    file_name: str = ""
    folder: str = ""  # the file's folder relative to the input folder: "reuters/2024-03"


def _date(year: int | str, month: int | str, day: int | str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _month(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def _starts_a_word(text: str, at: int) -> bool:
    """True if a date may start at text[at]: after a non-letter, or glued to a lowercase word
    by a scraper when the month is capitalised ("By Sofia MarchettiJan8,2023")."""
    if at == 0 or not text[at - 1].isalnum():
        return True
    return text[at - 1].islower() and text[at].isupper()


def explicit_dates(text: str) -> list[tuple[dt.date, int, str]]:
    """Every full date (day, month and year) in text: (date, offset, words), in text order.

    Years are rare in text and cheap to find, so each year is found first and the words before
    (or, for ISO dates, the characters around) it are matched; this keeps a page's scan linear.
    """
    found: list[tuple[dt.date, int, str]] = []
    for y in YEAR.finditer(text):
        start, end = y.span()
        if end < len(text) and text[end].isalnum() and not GLUED_TIME.match(text, end):
            continue
        window_start = max(0, start - 32)
        window = text[window_start:end]
        for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR):
            m = pattern.search(window)
            if m and _starts_a_word(text, window_start + m.start()):
                day = _date(m["year"], _month(m["month"]), m["day"])
                if day:
                    found.append((day, window_start + m.start(), m[0]))
                    break
        else:
            m = ISO_DATE.match(text, start)
            if (
                m
                and _starts_a_word(text, start)
                and (day := _date(m["year"], m["month"], m["day"]))
            ):
                found.append((day, start, m[0]))
    return found


def numeric_dates(text: str) -> list[tuple[dt.date, int, str]]:
    """Numeric dates whose reading is certain: 2023.08.19, 15.04.2024, 30/01/2023 (not 03/04/2024)."""
    found = []
    for pattern, order in NUMERIC_DATES:
        for m in pattern.finditer(text):
            if order == "slash":
                a, b = int(m["a"]), int(m["b"])
                if a > 12 >= b:
                    day = _date(m["year"], b, a)
                elif b > 12 >= a:
                    day = _date(m["year"], a, b)
                else:
                    day = None
            else:
                day = _date(m["year"], m["month"], m["day"])
            if day:
                found.append((day, m.start(), m[0]))
    return sorted(found, key=lambda f: f[1])


def parse_date_value(value: Any) -> dt.date | None:
    """A date from a metadata value: date, datetime, epoch seconds, ISO 8601, RFC 822 or words.

    A timestamp keeps the calendar date it was written with; only epoch numbers are read as UTC.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 0 < value < 1e11:
            return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).date()
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if m := re.match(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ]|$)", text):
        return _date(*m.groups())
    if re.match(r"^[A-Za-z]{3},?\s+\d", text) or re.search(
        r"\d{2}:\d{2}(:\d{2})?\s*(GMT|UT|[+-]\d{4}|[A-Z]{3})$", text
    ):
        try:
            return email.utils.parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            pass
    if dates := explicit_dates(text) or numeric_dates(text):
        return dates[0][0]
    return None


def from_metadata(hints: PublishedHints) -> Found | None:
    warnings = []
    for key in METADATA_KEYS:
        value = hints.meta.get(key)
        if value in (None, ""):
            continue
        day = parse_date_value(value)
        if day in PLACEHOLDER_DATES:
            warnings.append(f"metadata field '{key}' holds the placeholder date {day}; ignored")
        elif day:
            return Found(day, "metadata", f"{key}: {value}", warnings)
        else:
            warnings.append(f"metadata field '{key}' is not a date: {str(value)[:60]!r}")
    return Found(None, "metadata", None, warnings) if warnings else None


def _head_lines(hints: PublishedHints) -> list[tuple[str, str]]:
    """(kind, text) of the lines at the top of the story: where bylines, labels and headers stand,
    up to its second paragraph (a standfirst may come before the byline)."""
    if hints.cleaned is None:
        return [("body", ln.strip()) for ln in hints.source.split("\n")[:HEAD_LINES] if ln.strip()]
    head = []
    paragraphs = 0
    for line in hints.cleaned.lines[:HEAD_LINES]:
        head.append((line.kind, line.text))
        paragraphs += line.kind == "body"
        if paragraphs == 2:
            break
    return head


def from_header(hints: PublishedHints) -> Found | None:
    for _, text in _head_lines(hints)[:5]:
        if (m := HEADER_LINE.match(text)) and (day := _date(*m[1].split("-"))):
            return Found(day, "header", m[0].strip())
    return None


def from_html_meta(hints: PublishedHints) -> Found | None:
    if hints.html_meta:
        return Found(hints.html_meta, "html-meta", hints.html_meta_evidence)
    return None


def _rank_in_head(kind: str, text: str, offset: int, words: str) -> int | None:
    """0 for a byline or 'Published:' date, 1 for a bare date line, 2 for 'Updated:'; None if neither."""
    labels = list(PUBLISHED_LABEL.finditer(text[:offset]))
    if labels and offset - labels[-1].end() <= 12:
        return 2 if labels[-1]["label"].lower() in ("updated", "last updated", "modified") else 0
    if kind == "byline":
        return 0
    if kind == "date-line":  # a line that is only a date (and a time): the cleaner says so
        return 1
    return None


def from_byline(hints: PublishedHints) -> Found | None:
    """A date on the byline or after a 'Published:' label above the story; 'Updated' last."""
    candidates: list[tuple[int, int, dt.date, str]] = []
    for index, (kind, text) in enumerate(_head_lines(hints)):
        if kind in (
            "caption",
            "duplicate-caption",
            "link",
            "link-header",
            "promo",
            "donation",
            "ad",
        ):
            continue
        for day, offset, words in explicit_dates(text) or numeric_dates(text):
            rank = _rank_in_head(kind, text, offset, words)
            if rank is not None:
                candidates.append((rank, index, day, text))
    if not candidates:
        return None
    _, _, day, text = min(candidates, key=lambda c: (c[0], c[1]))
    return Found(day, "byline", text)


def from_dateline(hints: PublishedHints) -> Found | None:
    if hints.cleaned is None or not hints.cleaned.body:
        return None
    m = DATELINE.match(hints.cleaned.body[:300])
    if not m:
        return None
    month, day_of_month = _month(m["month"]), int(m["day"])
    if m["year"]:
        day = _date(m["year"], month, day_of_month)
        return Found(day, "dateline", m[0]) if day else None
    # Wire datelines omit the year. The dates a story mentions are mostly past, a few weeks ahead
    # at most: take the first year that puts the dateline no earlier than 60 days before the
    # latest of them. A photo caption is from the same story; a "2024-03" folder is a last resort.
    references = [
        ("the text", [d for d, _, _ in explicit_dates(hints.cleaned.body)]),
        (
            "a photo caption",
            [d for c in hints.cleaned.captions for d, _, _ in explicit_dates(c)],
        ),
        ("the folder name", [d] if (d := _folder_month(hints.folder)) else []),
    ]
    source, dates = next(((s, d) for s, d in references if d), ("", []))
    if not dates:
        return Found(
            None,
            "dateline",
            m[0],
            [f"dateline '{m[0].strip()}' has no year and the text gives none"],
        )
    latest = max(dates)
    earliest = latest - dt.timedelta(days=45 if source == "the folder name" else 60)
    best = next(
        d
        for y in range(latest.year - 1, latest.year + 3)
        if (d := _date(y, month, day_of_month)) and d >= earliest
    )
    return Found(best, "dateline", m[0], [f"year of dateline '{m[0].strip()}' taken from {source}"])


def from_file_name(hints: PublishedHints) -> Found | None:
    """A full date in the file name, else in its folders ("2024/03/27/talks.txt")."""
    for where, text in (("file name", hints.file_name), ("folder", hints.folder)):
        for m in FILE_NAME_DATE.finditer(text.replace("/", "-")):
            if day := _date(m["year"], m["month"], m["day"]):
                return Found(day, "file", f"{where} {text}")
    return None


def _folder_month(folder: str) -> dt.date | None:
    """Mid-month of a 'YYYY-MM' or 'YYYY/MM' folder: a year reference for a year-less dateline."""
    if m := FOLDER_MONTH.search(folder):
        return _date(m["year"], m["month"], 15)
    return None


def _sentence_before(text: str, offset: int) -> str:
    """The words of the sentence that lead up to offset."""
    start = max(text.rfind(". ", 0, offset), text.rfind("\n", 0, offset)) + 1
    return text[start:offset]


def infer_from_text(hints: PublishedHints) -> Found:
    """The latest explicit date of the body: the article cannot predate what it reports."""
    body = hints.cleaned.body if hints.cleaned else hints.source
    dates = explicit_dates(body)
    # A date the story looks ahead to ("elections on November 5, 2024", "notes due Nov. 1, 2009")
    # is after its writing: it never counts, so an inferred date is never later than the truth.
    ahead = [d for d in dates if FUTURE_CONTEXT.search(_sentence_before(body, d[1]))]
    if dates := [d for d in dates if d not in ahead]:
        day, _, words = max(dates)
        return Found(
            day,
            "inferred",
            words,
            [
                f"no publication date stated; inferred {day} from the latest date in the text ('{words}')"
            ],
        )
    captions = hints.cleaned.captions if hints.cleaned else []
    if caption_dates := [d for c in captions for d in explicit_dates(c)]:
        day, _, words = max(caption_dates)
        return Found(
            day,
            "inferred",
            words,
            [
                f"no publication date stated; inferred {day} from a photo caption ('{words}'): "
                "the article is from that day or later"
            ],
        )
    if ahead:
        _, _, words = min(ahead)
        return Found(
            None,
            "inferred",
            None,
            [
                f"no publication date found; the text only looks ahead (to '{words}'), so it is "
                "from before that"
            ],
        )
    return Found(None, "inferred", None, ["no publication date found"])


FINDERS: list[Callable[[PublishedHints], Found | None]] = [
    from_metadata,
    from_header,
    from_html_meta,
    from_byline,
    from_dateline,
    from_file_name,
]


def find_published(hints: PublishedHints) -> Found:
    """Run the finder chain; the first finder with a date wins, warnings of the others are kept."""
    warnings: list[str] = []
    for finder in FINDERS:
        found = finder(hints)
        if found is None:
            continue
        warnings.extend(found.warnings)
        if found.date is not None:
            return Found(found.date, found.basis, found.evidence, warnings)
    inferred = infer_from_text(hints)
    return Found(inferred.date, "inferred", inferred.evidence, warnings + inferred.warnings)
