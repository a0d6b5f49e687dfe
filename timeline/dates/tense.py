"""Tense: whether a bare weekday, month or day points back or forward from the publication date.

Sentences are split once per text (abbreviations such as "Dec." or "p.m." do not end one); the
tense is read from a deadline word right before the expression, else from the tense marker nearest
it in its clause, else in its sentence.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from timeline.dates.lexicon import (
    ABBREVIATIONS,
    DEADLINE_WORDS,
    FUTURE_MARKERS,
    IRREGULAR_PAST,
    NOT_PAST_ED,
    PAST_MARKERS,
    TERM_WORDS,
)
from timeline.dates.patterns import words_pattern

# Case-sensitive: the modal "may" is not the month "May".
_FUTURE_WORDS = r"(?:" + words_pattern(FUTURE_MARKERS) + r")(?!\w)"
_PAST_WORDS = (
    r"(?:"
    + words_pattern(PAST_MARKERS + IRREGULAR_PAST)
    + r"|has\s+been|have\s+been|[a-z]{2,}ed)(?!\w)"
)
# Each marker as a whole word: at the start of the text, or after a character that is not part
# of a word (matched, not looked behind at, so the engine can skip to such characters fast).
MARKER_PATTERNS = tuple(
    (re.compile(words), re.compile(r"[^\w'](" + words + ")"), tense)
    for words, tense in ((_FUTURE_WORDS, "future"), (_PAST_WORDS, "past"))
)
_FUTURE_AUXILIARY = re.compile(r"(?:\bwill|\bwould|\bshall|'ll|\bto)\s+(?:be\s+|have\s+|not\s+)?$")
_PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|being)\s+$")
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+|previously\s+)?$")
# Words that end the first half of a range "X through Y": then Y is no deadline.
RANGE_STARTS = frozenset(
    str.split(
        "year month week quarter today yesterday january february march april may june july "
        "august september october november december jan feb mar apr jun jul aug sep sept oct nov "
        "dec monday tuesday wednesday thursday friday saturday sunday"
    )
)
_HAD = re.compile(r"\bhad\b")
_POSTPONED = re.compile(
    r"\b(?:postponed|delayed|deferred|adjourned|extended|suspended|put\s+off|pushed\s+back|"
    r"rescheduled)\b(?:\s+\S+){0,4}\s+(?:until|till)\s+\S*$"
)
# A period, "!" or "?" (closing quotes after it) before a capital or digit, or a blank line. The
# one leading character class lets the engine skip straight to candidates.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])|(?<=\n)\s*\n)")


_WORD_BEFORE = re.compile(r"([\w.]+)$")
_CLAUSE_BREAK = re.compile(r"[;:()—–]|,\s")
_NEXT_CLAUSE = re.compile(
    r"\b(?:that|and|but|where|when|which|who|whom|because|if|whether|while|although|though|"
    r"unless|once)\b"
)
# How far (in characters) a tense marker may be from the expression it governs.
TENSE_REACH = 300


@lru_cache(maxsize=64)
def sentence_bounds(text: str) -> tuple[int, ...]:
    """Offsets where sentences start, computed once per text; "Dec. 14", "5 p.m. EST",
    "Mr. Baker" and initials do not end a sentence."""
    bounds = [0]
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and "\n\n" not in m.group():
            # "Dec. 14", "Mr. Baker", initials ("J. Smith"); a number ("Dec. 7.") or a blank
            # line after the period still ends the sentence.
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            initial = word and len(word[1]) == 1 and word[1].isalpha()
            if word and (word[1].lower() + "." in ABBREVIATIONS or initial):
                continue
        bounds.append(m.end())
    bounds.append(len(text) + 1)
    return tuple(bounds)


def sentence_of(text: str, start: int) -> tuple[int, int]:
    bounds = sentence_bounds(text)
    lo, hi = 0, len(bounds) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if bounds[mid] <= start:
            lo = mid
        else:
            hi = mid
    return bounds[lo], min(bounds[hi], len(text))


def tense_at(text: str, start: int, end: int) -> str:
    """'future' or 'past': a deadline word right before the expression ("until", "payable"),
    else the tense marker nearest it in its sentence; news defaults to the past."""
    lo, hi = sentence_of(text, start)
    sentence = markers(text, lo, hi)
    # A marker this far away does not govern the expression; the bound keeps a text that is one
    # endless "sentence" (100k of "on Sunday") linear instead of quadratic.
    lo, hi = max(lo, start - TENSE_REACH), min(hi, end + TENSE_REACH)
    before = text[max(lo, start - 30) : start].lower().split()
    while before and before[-1] in ("on", "in", "at", "the", "as", "of", "early", "late", "mid"):
        before.pop()
    # "payable Dec. 14", "until Tuesday" point forward, unless a past verb governs them
    # ("had filed reports by Wednesday").
    deadline = bool(before) and before[-1] in DEADLINE_WORDS
    if deadline and len(before) > 1 and before[-2].rstrip(".,") in RANGE_STARTS:
        deadline = False  # the end of a range ("this year through August"), not a deadline
    if deadline and before[-1] in TERM_WORDS and not _HAD.search(text, max(lo, start - 40), start):
        # "payable Jan. 2", "effective June 1": terms set for a coming date (unless they "had
        # been due to expire Friday").
        return "future"
    if deadline and before[-1] in ("until", "till") and _POSTPONED.search(text, lo, start):
        return "future"  # "postponed until Tuesday", "adjourned till Monday": moved ahead
    if (
        deadline
        and nearest_marker(sentence, max(lo, start - 60), start, start, end) != "past"
        and not _HAD.search(text, end, hi)
    ):
        # Unless a past verb governs it: "had filed reports by Wednesday", "Until Thursday,
        # they had not called him a suspect".
        return "future"
    # The clause's own verb first ("Blinken, who last visited in February, is expected to..."),
    # then the sentence's.
    clause_lo = max([m.end() for m in _CLAUSE_BREAK.finditer(text, lo, start)], default=lo)
    clause_end = _CLAUSE_BREAK.search(text, end, hi)
    clause_hi = clause_end.start() if clause_end else hi
    # A verb after "that", "and", "where"... belongs to another clause: "agreed on Tuesday that
    # Ukraine would be invited" is past, "flew there on Tuesday and will meet" too.
    complement = _NEXT_CLAUSE.search(text, end, clause_hi)
    clause_hi = complement.start() if complement else clause_hi
    nearest = nearest_marker(sentence, clause_lo, clause_hi, start, end)
    if nearest is None:
        nearest = nearest_marker(sentence, lo, hi, start, end)
    return nearest or "past"


Markers = tuple[list[int], list[int], list[str]]


@lru_cache(maxsize=256)
def markers(text: str, lo: int, hi: int) -> Markers:
    """Every tense marker of the sentence lo..hi of a text (starts, ends, tenses), found once
    per sentence and only for sentences that hold an expression whose tense is asked."""
    found = []
    for at_start, after_separator, marker_tense in MARKER_PATTERNS:
        for start, end in _words(text, lo, hi, at_start, after_separator):
            tense = marker_tense
            if tense == "past" and text[start:end].lower() in NOT_PAST_ED:
                continue
            if tense == "past" and _FUTURE_AUXILIARY.search(text, max(0, start - 24), start):
                tense = "future"  # "will be held", "is to be signed"
            elif tense == "past" and _PRESENT_PASSIVE.search(text, max(0, start - 12), start):
                continue  # "when the case is heard in May": a participle, not a past verb
            if tense == "future" and _PLUPERFECT.search(text, max(0, start - 16), start):
                tense = "past"  # "had been due to expire Friday", "had been scheduled"
            found.append((start, end, tense))
    found.sort()
    return [f[0] for f in found], [f[1] for f in found], [f[2] for f in found]


def _words(text: str, lo: int, hi: int, at_start: re.Pattern, after_separator: re.Pattern):
    """(start, end) of each non-overlapping match between lo and hi that begins a word."""
    pos = lo
    if lo == 0 or text[lo - 1] == "'" or _is_word_character(text[lo - 1]):
        # lo itself is a word start only at the start of the text or after a separator.
        first = at_start.match(text, lo, hi) if lo == 0 else None
        if first is not None and first.end() > first.start():
            yield first.start(), first.end()
            pos = first.end()
    else:
        pos = lo - 1  # the separator before lo
    for m in after_separator.finditer(text, pos, hi):
        yield m.start(1), m.end(1)


def _is_word_character(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


def nearest_marker(sentence: Markers, lo: int, hi: int, start: int, end: int) -> str | None:
    """The tense of the marker of the sentence nearest the expression between lo and hi."""
    starts, ends, tenses = sentence
    best, best_distance = None, None
    for i in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
        if ends[i] > hi:
            continue
        distance = start - ends[i] if ends[i] <= start else starts[i] - end
        if distance < 0:
            continue
        # A marker before the expression governs it more often than one after it, even a close
        # one ("agreed in June to buy": past).
        distance = distance if ends[i] <= start else distance * 1.5 + 8
        if best_distance is None or distance < best_distance:
            best, best_distance = tenses[i], distance
    return best
