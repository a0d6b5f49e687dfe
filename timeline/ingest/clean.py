"""Separate an article's body from the page around it: captions set aside, boilerplate dropped.

Scraped pages put one paragraph, menu item or caption per line, and blank lines between some of
them. Every line is classified on its own (the patterns are data, in patterns.py); consecutive body lines of one
blank-line-separated block form a paragraph. Paragraphs are copied verbatim from the source, so an
offset inside the body maps back into the source by one addition (`Paragraph`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from timeline.ingest.patterns import (
    AD,
    APPEAL,
    BIO,
    BIO_STARTS,
    BIO_WORDS,
    BULLET,
    BYLINE,
    CAPTION_AGENCY,
    CAPTION_CREDIT,
    CAPTION_LEAD,
    CASE_FOLDS_TO_ASCII,
    COPYRIGHT,
    CREDIT_ONLY,
    CREDITS,
    CREDITS_STARTS,
    DATE_LABEL,
    DONATION,
    GLUED_MONTH,
    HEADER,
    INLINE_LINK,
    LINK_HEADER,
    MENU_SEPARATOR,
    NAV_EXTRA,
    ONLY_DATE,
    PRINT_PAGE,
    PROMO,
    PROMO_WORDS,
    SMALL_AMOUNT,
    STRONG_BIO,
    WIRE_DATELINE,
)
from timeline.models import Paragraph, RemovedText
from timeline.published import explicit_dates, numeric_dates

BODY, CAPTION = "body", "caption"


@dataclass
class Line:
    start: int
    text: str  # for a caption joined with its credit line, both lines as in the source
    block: int
    kind: str = BODY
    words: int = 0


@dataclass
class Cleaned:
    """The result of cleaning: what the readers put into ArticleText."""

    body: str
    paragraphs: list[Paragraph]
    captions: list[str]
    caption_offsets: list[int]
    title: str | None
    author: str | None
    lines: list[Line] = field(repr=False)

    @property
    def removed(self) -> list[RemovedText]:
        return [
            RemovedText(ln.kind, ln.start, ln.text)
            for ln in self.lines
            if ln.kind not in (BODY, CAPTION)
        ]


def words(text: str) -> int:
    return len(text.split())


def is_sentence(text: str) -> bool:
    """Ends like a sentence: . ! ? … or : (before closing quotes or brackets), or a quote."""
    if text[-1] in '"”':
        return True
    return text.rstrip("\"”’')]")[-1:] in (".", "!", "?", "…", ":")


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped, with their source offsets and the index of their block."""
    lines: list[Line] = []
    block, pos = 0, 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(start=pos + lead, text=stripped, block=block))
        elif lines and lines[-1].block == block:
            block += 1
        pos += len(raw) + 1
    return lines


def is_mostly_a_date(text: str) -> bool:
    """A date with little else around it: a time, a zone, 'Updated 2 hours ago'."""
    dates = explicit_dates(text)
    return bool(dates) and len(text) - len(dates[0][2]) <= 36


def classify(text: str, n: int | None = None) -> str:
    """The kind of one line, on its own; context (link lists, boxes) is applied afterwards.

    Most lines of a page are long story paragraphs, so each pattern is guarded by a cheap test
    (length, a character it needs) before the regular expression runs.
    """
    if n is None:
        n = words(text)
    first = text[0]
    if first in "dD" and HEADER.match(text):
        return "header"
    if n <= 16 and (
        (DATE_LABEL.match(text) and (explicit_dates(text) or numeric_dates(text)))
        or ONLY_DATE.match(text)
        or (n <= 10 and not is_sentence(text) and is_mostly_a_date(text))
    ):
        return "date-line"
    if n <= 150 and (
        (text[-1] in ").\u00a0 " and CAPTION_CREDIT.search(text))
        or CAPTION_LEAD.match(text)
        or (
            ("REUTERS/" in text or "AFP/" in text or "EPA/" in text or "AP Photo/" in text)
            and CAPTION_AGENCY.search(text)
        )
    ):
        return CAPTION
    lower = text.lower()
    if n <= 40 and (first in "©(cC" or "rights reserved" in lower) and COPYRIGHT.search(text):
        return "copyright"
    if n <= 30:
        if AD.match(text):
            return "ad"
        if LINK_HEADER.match(text):
            return "link-header"
        if INLINE_LINK.match(text):
            return "link"
    elif first in "AaSsPpCc" and AD.match(text):
        return "ad"
    byline = n <= 14 and first == "B" and BYLINE.match(unglue(text))
    if byline and (byline["rest"].strip() == "" or not is_sentence(text)):
        return "byline"
    if n <= 40 and may_be_credits(text, lower) and CREDITS.search(text):
        return "credits"
    if n <= 150 and may_be_bio(text) and BIO.match(text):
        return "bio"
    if n <= 80 and (
        (
            (
                "donat" in lower
                or "support " in lower
                or "become a" in lower
                or "give to" in lower
                or "paywall" in lower
            )
            and DONATION.search(text)
        )
        or (
            ("$" in text or "€" in text or "£" in text)
            and SMALL_AMOUNT.search(text)
            and APPEAL.search(text)
        )
    ):
        return "donation"
    # any(map(...)): the substring tests run in C, without a Python frame per word.
    if n <= 60 and any(map(lower.__contains__, PROMO_WORDS)) and PROMO.search(lower):
        return "promo"
    if n > 30 or (first.isupper() and WIRE_DATELINE.match(text)):
        return BODY
    if (
        NAV_EXTRA.match(lower)
        or ("edition" in lower and PRINT_PAGE.search(lower))
        or (BULLET.match(text) and n <= 8 and not is_sentence(text))
    ):
        return "nav"
    menu = "|" in text or "•" in text or "·" in text or "  " in text
    items = [i for i in MENU_SEPARATOR.split(text) if i] if menu else []
    if len(items) >= 3 and all(words(i) <= 3 for i in items) and not is_sentence(text):
        return "nav"
    if n <= 5 and not is_sentence(text):
        return "nav"
    return BODY


# The pages of one site repeat their menus, labels, bylines and credits line for line: the kind
# of a short line is remembered (classify is a pure function of the line). Story paragraphs,
# longer, seldom repeat and are classified each time.
SHORT_LINE_WORDS = 30
short_line_kind = lru_cache(maxsize=8192)(classify)


def may_be_credits(text: str, lower: str) -> bool:
    """False when CREDITS cannot match text: cheaper than its search, which tries every word."""
    return (
        lower.startswith(CREDITS_STARTS)
        or "contributed" in lower
        or any(map(text.__contains__, CASE_FOLDS_TO_ASCII))
    )


def may_be_bio(text: str) -> bool:
    """False when BIO cannot match text, cheaply.

    Past its fixed starts, BIO is a name of at most eight words ("The", six capitalised words,
    "newsroom") then one of BIO_WORDS; none of those words can stand inside the name, so the
    first occurrence of the word must come within eight spaces of the line's start."""
    if text.startswith(BIO_STARTS):
        return True
    for word in BIO_WORDS:
        at = text.find(word)
        if at >= 0 and text.count(" ", 0, at) <= 8:
            return True
    return False


def unglue(text: str) -> str:
    """'By Sofia MarchettiJan8,2023' -> 'By Sofia Marchetti Jan8,2023': scrapers drop the space."""
    return GLUED_MONTH.sub(" ", text)


def apply_context(lines: list[Line]) -> None:
    """Link lists after their header, boxes of mostly-boilerplate lines, the tail after a bio.

    A bio or a closing byline only ends the story after its last real paragraph: "Evan
    Gershkovich is a Wall Street Journal reporter..." in the middle of a story is news.
    """
    in_links = False
    for line in lines:
        if line.kind == "link-header":
            in_links = True
        elif line.kind == BODY:
            if in_links and (
                BULLET.match(line.text) or (not is_sentence(line.text) and line.words <= 30)
            ):
                line.kind = "link"
            else:
                in_links = False
        elif in_links and (
            (line.kind == "nav" and BULLET.match(line.text)) or line.kind == "date-line"
        ):
            # "EU summit ends without deal – March 30, 2024" under "Read more:" is a link.
            line.kind = "link"
    # A block whose lines are mostly boilerplate is a box (donation, newsletter, menu): its
    # sentence-like lines ("Help us educate...") belong to the box, not to the article.
    by_block: dict[int, list[Line]] = {}
    for line in lines:
        by_block.setdefault(line.block, []).append(line)
    for block in by_block.values():
        noise = sum(ln.kind not in (BODY, CAPTION) for ln in block)
        if len(block) >= 3 and noise * 2 >= len(block):
            for ln in block:
                if ln.kind == BODY:
                    ln.kind = "box"
    last_story = max(
        (i for i, ln in enumerate(lines) if ln.kind == BODY and is_story(ln)), default=-1
    )
    body_seen = 0
    in_tail = False
    for index, line in enumerate(lines):
        if line.kind == "bio" and index < last_story and not STRONG_BIO.search(line.text):
            line.kind = BODY
        if line.kind == BODY:
            if in_tail:
                line.kind = "bio"
            else:
                body_seen += is_story(line)
        elif line.kind == "byline" and body_seen >= 2 and index > last_story:
            # A byline after the story signs it off: what follows is the author's bio.
            in_tail = True
        elif line.kind == "bio" and index > last_story:
            in_tail = True


def is_story(line: Line) -> bool:
    """A paragraph of the story itself: a sentence of a dozen words or more."""
    return line.words >= 12 and is_sentence(line.text)


def pick_title(lines: list[Line], known: str | None) -> str | None:
    """The known title, else the first headline-like body line; that line leaves the body.

    A short headline ("Scholz meets Macron") classifies as navigation; it is taken as the title
    when it stands right above the first paragraph of the story.
    """
    norm = " ".join((known or "").split()).casefold()
    previous: Line | None = None
    for line in lines:
        if line.kind != BODY:
            if line.kind not in ("caption", "duplicate-caption", "date-line", "byline"):
                previous = line
            continue
        if (
            not norm
            and previous is not None
            and previous.kind == "nav"
            and is_short_headline(previous.text)
        ):
            previous.kind = "title"
            return previous.text
        if norm:
            first = " ".join(line.text.split()).casefold()
            # The page's h1 often extends the title its meta tags give ("... as Israel readies").
            if first == norm or (first.startswith(norm) and not is_sentence(first)):
                line.kind = "title"
            return known
        if (
            3 <= line.words <= 25
            and not is_sentence(line.text)
            and not WIRE_DATELINE.match(line.text)
        ):
            line.kind = "title"
            return line.text
        return None
    return known or None


def is_short_headline(text: str) -> bool:
    """A 3-5 word line that reads like a headline: a verb-ish lowercase word, not a site name."""
    tokens = text.split()
    return (
        3 <= len(tokens) <= 5
        and not BULLET.match(text)
        and not NAV_EXTRA.search(text)
        and not text.isupper()
        and any(t.islower() for t in tokens[1:])
    )


def join_credit_lines(lines: list[Line], text: str) -> None:
    """A credit alone on its line makes the line above it a caption, kept whole with it."""
    for index, line in enumerate(lines):
        parenthesised = line.kind == CAPTION and line.text.startswith("(")
        if line.words > 8 or not (parenthesised or CREDIT_ONLY.match(line.text)):
            continue
        above = lines[index - 1] if index else None
        if (
            above
            and above.kind in (BODY, CAPTION)
            and above.words <= 80
            and above.block == line.block
        ):
            above.text = text[above.start : line.start + len(line.text)]
            above.kind = CAPTION
        line.kind = "caption-credit"


def clean(text: str, title: str | None = None) -> Cleaned:
    """Clean one article's text (newlines already normalised to \\n)."""
    lines = split_lines(text)
    for line in lines:
        n = line.words = words(line.text)
        line.kind = (short_line_kind if n <= SHORT_LINE_WORDS else classify)(line.text, n)
    join_credit_lines(lines, text)
    apply_context(lines)
    found_title = pick_title(lines, title)
    author = None
    for line in lines:
        if line.kind == "byline" and (m := BYLINE.match(unglue(line.text))):
            author = m["author"].strip(" ,&")
            break

    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    run: list[Line] = []

    def flush() -> None:
        nonlocal offset
        if not run:
            return
        first, last = run[0], run[-1]
        chunk = text[first.start : last.start + len(last.text)]
        if parts:
            offset += 2
        paragraphs.append(Paragraph(offset, first.start, len(chunk)))
        parts.append(chunk)
        offset += len(chunk)
        run.clear()

    for line in lines:
        if line.kind == BODY and (not run or run[-1].block == line.block):
            run.append(line)
            continue
        flush()
        if line.kind == BODY:
            run.append(line)
    flush()

    captions, caption_offsets = [], []
    seen: set[str] = set()
    for line in lines:
        if line.kind != CAPTION:
            continue
        # The same photo is often captioned twice, once per credit format: keep it once.
        key = CAPTION_CREDIT.sub("", line.text).strip().casefold()
        if key in seen:
            line.kind = "duplicate-caption"
            continue
        seen.add(key)
        captions.append(line.text)
        caption_offsets.append(line.start)
    return Cleaned(
        body="\n\n".join(parts),
        paragraphs=paragraphs,
        captions=captions,
        caption_offsets=caption_offsets,
        title=found_title,
        author=author,
        lines=lines,
    )
