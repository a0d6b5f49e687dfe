"""Cut an article into the units events are read from: paragraphs, sentences and clauses, keeping
offsets into the original text so date mentions (which carry offsets) can be matched to them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from timeline.events.lexicon import trie_regex

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "sgt",
        "adm",
        "capt",
        "sen",
        "rep",
        "gov",
        "st",
        "jr",
        "sr",
        "prof",
        "rev",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "dept",
    ]
)
SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
PARAGRAPH = re.compile(r"[^\n]+")
LAST_WORD = re.compile(r"([\w.]+)\.*[\"”’')\]]*$")  # the word a sentence end follows: last_word()
CLOSERS = "\"”’')]"  # LAST_WORD's closing characters
WORD_RUN = re.compile(r"[\w.]+")
NON_SPACE = re.compile(r"\S")
# Subordinators that open a clause with its own time ("came after X criticised Y"), and
# punctuation that separates independent clauses; a bare comma does not.
SUBORDINATORS = [
    "after", "before", "since", "following", "until", "ahead of", "while", "whereas", "although",
    "because",
]  # fmt: skip
RELATIVES = ["which", "who", "whose"]
# Written as ";...|,...|\s..." so the engine knows the characters a break starts with and skips
# to them, with the words after a break as tries: the breaks of
#   ;\s*|\s[—–]\s+|\s--\s+|,?\s(?=SUBORDINATOR\s)|,\s(?=(?:RELATIVE|where|but|as|and then)\s)
#   |\s(?=RELATIVE\s)
# (inside a lookahead only whether some word follows matters, not which).
CLAUSE_BREAK = re.compile(
    r";\s*"
    r"|,\s(?=(?:"
    + trie_regex([*SUBORDINATORS, *RELATIVES, "where", "but", "as", "and then"])
    + r")\s)"
    r"|\s(?:[—–]\s+|--\s+|(?=(?:" + trie_regex([*SUBORDINATORS, *RELATIVES]) + r")\s))",
)
# A photo caption ends with its credit: "(AP Photo/Jacquelyn Martin, Pool)", "(Photo: ...)".
PHOTO_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:photo|photograph|picture|image|credit|afp|ap|reuters|getty|epa|"
    r"pool|via)\b[^()]*)\)\s*$",
    re.IGNORECASE,
)
# Sentences that address the reader (links, subscriptions, ads) never state an event.
BOILERPLATE = re.compile(  # matched against the lowercased text
    r"\b(?:read more|click here|subscribe|sign up|newsletter|visit our|our dedicated page|"
    r"follow us|download (?:the|our) app|cookies?\b|all rights reserved|related (?:post|articles?)|"
    r"latest (?:updates|stories|news)|share this|advertisement|sponsored|editor'?s choice|"
    r"top content|trending|most popular|log in|donate to|support us\b)",
)
# Every alternative of BOILERPLATE holds one of these: a text without any (most cleaned bodies)
# skips the search, which tries every word.
BOILERPLATE_WORDS = (
    "read more", "click here", "subscribe", "sign up", "newsletter", "visit our",
    "our dedicated page", "follow us", "download", "cookie", "all rights reserved", "related ",
    "latest ", "share this", "advertisement", "sponsored", "editor", "top content", "trending",
    "most popular", "log in", "donate to", "support us",
)  # fmt: skip
# "..., Israeli Defense Minister Yoav Gallant said on Sunday." closes a sentence with its
# attribution: the main clause, even after a fronted "after ..." clause.
ATTRIBUTION = re.compile(
    r",\s+(?=[^,]{2,90}?\b(?:said|says|told|added|stated|announced|wrote)\b[^,]*$)", re.IGNORECASE
)
TERMINAL = re.compile(r"[.!?][\"”’')\]]*\s*$")


class Caseless:
    """A case-insensitive pattern, written in lowercase, that runs on the lowercased text
    (text.lower(), see lowercase) where the part searched is ASCII: there it finds what
    IGNORECASE finds in the original, at a quarter of the cost (case folding is most of the time
    of these short searches). Other text is searched with IGNORECASE. Spans are the same in both
    texts; the text of a match is lowercased in the first case."""

    __slots__ = ("folded", "lower", "pattern")

    def __init__(self, pattern: str) -> None:
        # A capital outside an escape (\W, \S) would never match lowercased text.
        if re.search(r"(?<!\\)[A-Z]", pattern):
            raise ValueError(f"a Caseless pattern is written in lowercase: {pattern}")
        self.pattern = pattern
        self.lower = re.compile(pattern)
        self.folded = re.compile(pattern, re.IGNORECASE)

    def search(
        self, text: str, lowered: str, start: int = 0, end: int | None = None
    ) -> re.Match[str] | None:
        """pattern.search(text, start, end) with IGNORECASE; lowered is lowercase(text)."""
        if end is None:  # the whole of text (a slice the caller made): no copy to test
            if text.isascii() if start == 0 else text[start:].isascii():
                return self.lower.search(lowered, start)
            return self.folded.search(text, start)
        if text[start:end].isascii():
            return self.lower.search(lowered, start, end)
        return self.folded.search(text, start, end)


# The units below are never changed once made, yet not frozen: a frozen dataclass's __init__
# costs four times as much and hundreds are made per article. unsafe_hash keeps them hashable.
@dataclass(slots=True, unsafe_hash=True)
class Span:
    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    start: int
    end: int
    text: str
    caption: bool


def last_word(text: str, start: int, end: int) -> str:
    """LAST_WORD's word in text[start:end], or "": the run of word characters and dots before the
    closing quotes and brackets that end it, read backwards in one match instead of searching
    from every position."""
    core = text[start:end].rstrip(CLOSERS)
    run = WORD_RUN.match(core[::-1])
    return core[len(core) - run.end() :] if run else ""


def sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence inside text[start:end], not cut after abbreviations or
    initials."""
    bounds: list[tuple[int, int]] = []
    begin = start
    for match in SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        token = last_word(text, max(begin, stop - 24), stop).rstrip(".").lower()
        if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        bounds.append((begin, stop))
        # Past the spaces (\s is str.isspace): SENTENCE_END's lookahead saw a character after
        # them, so no copy of the rest of the paragraph is needed to find it.
        after = NON_SPACE.search(text, stop, end)
        begin = after.start() if after else end
    if begin < end and text[begin:end].strip():
        bounds.append((begin, end))
    return bounds


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside text[start:end], not cut after abbreviations or initials."""
    return [Span(begin, stop) for begin, stop in sentence_bounds(text, start, end)]


def lowercase(text: str) -> str:
    """text.lower() with every offset kept (a few characters lower to two, like "İ")."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def split_clauses(text: str, span: Span, lowered: str | None = None) -> tuple[Span, ...]:
    """The clauses of a sentence; lowered is text.lower() when the caller has it already."""
    clauses: list[Span] = []
    begin = span.start
    breaks = list(CLAUSE_BREAK.finditer(lowered or lowercase(text), span.start, span.end))
    # ATTRIBUTION's lookahead holds no comma up to the sentence's end: only the last comma can
    # start it, so one match there replaces a search from every comma.
    comma = text.rfind(",", span.start, span.end)
    attribution = ATTRIBUTION.match(text, comma, span.end) if comma >= 0 else None
    if attribution and all(b.end() <= attribution.start() for b in breaks):
        breaks.append(attribution)
    for match in breaks:
        if match.start() > begin:
            clauses.append(Span(begin, match.start()))
        begin = match.end()
    if begin < span.end:
        clauses.append(Span(begin, span.end))
    return tuple(clauses)


def is_caption(paragraph: str) -> bool:
    # PHOTO_CREDIT ends in ")": a paragraph that does not is no caption, without the search.
    return paragraph.rstrip().endswith(")") and bool(PHOTO_CREDIT.search(paragraph))


def is_prose(paragraph: str) -> bool:
    """A paragraph of running text, not a headline, menu, link list or byline."""
    # TERMINAL read from the end (the search tries every "." of the paragraph): final
    # punctuation, then closing quotes or brackets, then spaces.
    if paragraph.rstrip().rstrip("\"”’')]")[-1:] in (".", "!", "?"):
        return True
    return len(paragraph.split()) >= 25


def sentences(text: str, caption: bool = False, lowered: str | None = None) -> list[Sentence]:
    """Every sentence of text worth reading for events, with its clauses.

    Headlines, link lists and menus (short lines without final punctuation) and sentences that
    address the reader are skipped; a paragraph that ends with a photo credit is a caption."""
    result: list[Sentence] = []
    # One pass for the whole text: cheaper than a search per sentence.
    lowered = lowered or lowercase(text)
    boilerplate = (
        [m.start() for m in BOILERPLATE.finditer(lowered)]
        if any(map(lowered.__contains__, BOILERPLATE_WORDS))  # in C: no frame per word
        else []
    )
    for paragraph in PARAGRAPH.finditer(text):
        line = paragraph[0]
        in_caption = caption or is_caption(line)
        if not in_caption and not is_prose(line):
            continue
        start = paragraph.start() + len(line) - len(line.lstrip())
        units = (
            [(start, paragraph.end())]
            if in_caption
            else sentence_bounds(text, start, paragraph.end())
        )
        for begin, stop in units:
            sentence = text[begin:stop].rstrip()
            end = begin + len(sentence)
            if boilerplate:
                hit = bisect.bisect_left(boilerplate, begin)
                if hit < len(boilerplate) and boilerplate[hit] < end:
                    continue
            result.append(Sentence(begin, end, sentence, in_caption))
    return result
