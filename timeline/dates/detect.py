"""Find temporal expressions in running text with one combined, precompiled scanner.

Each rule is a named regular expression built from the lexicon. All rules are joined into a single
alternation (earlier rules win at the same position, so longer forms come first) and the text is
scanned once; the rule that matched is then re-run on the matched words alone to read its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from timeline.dates.lexicon import (
    ABBREVIATIONS,
    DEADLINE_WORDS,
    FUTURE_MARKERS,
    HOLIDAYS,
    MONTHS,
    NOT_PAST_ED,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    PAST_MARKERS,
    REFERENCES,
    SEASONS,
    SETS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
)


def _alt(words) -> str:
    """A regex matching any of the words, written as a trie ("a(?:pr(?:il)?|ug(?:ust)?)") so the
    backtracking engine tests each letter once instead of every word in turn."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july", "march", "april")]
SHORT_MONTHS = [m for m in MONTHS if m not in FULL_MONTHS]
MONTH = rf"(?P<month>{_alt(FULL_MONTHS)}|(?:{_alt(SHORT_MONTHS)})\.?)(?![a-z])"
WEEKDAY = rf"(?P<weekday>{_alt(WEEKDAYS)})(?![a-z])"
DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)(?![\d%]|,\d|\.\d|-\w)"
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
ONES = "(?:one|two|three|four|five|six|seven|eight|nine)"
TEENS = "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
NUMBER = (
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{TENS})[\s-](?:one|two|three|four|five|six|"
    rf"seven|eight|nine)|{_alt(list(NUMBER_WORDS) + list(VAGUE_NUMBERS))})"
)
UNIT = rf"(?P<unit>{_alt(UNITS)}|centuries)(?:s)?(?![a-z])"
PART = rf"(?P<part>{_alt(PARTS_OF_DAY)})"
HALF = r"(?P<half>\s*(?:1/2|½)|\s+and\s+a\s+half)?"
APPROX = r"(?:(?P<approx>almost|nearly|about|some|more\s+than|less\s+than|over|roughly|just|only|at\s+least|up\s+to|around|fewer\s+than|under)\s+)?"
LEAD = r"early|mid|late|the\s+(?:end|beginning|start|middle|rest|remainder)\s+of"
PERIOD_MOD = rf"(?:(?P<mod>{LEAD}|earlier|later)[\s-]+)?"
CLOCK = (
    r"(?:(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
    r"|(?P<named>noon|midnight|midday))"
)
QUARTER_ORD = _alt(ORDINALS)

# Rule order matters: at one position the first rule that matches wins.
RULES: list[tuple[str, str]] = [
    ("iso", r"(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])"),
    # Numeric dates: US month/day/year; day-first when the first number cannot be a month.
    ("slash", r"(?P<month>[0-3]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d{2})(?![\d/])"),
    ("dotted", r"(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.]\d)"),
    (
        "md_range",
        rf"(?:{WEEKDAY},?\s*)?{MONTH}\s*{DAY}\s*(?:-|–|to|through|and)\s*"
        rf"(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|\s*(?:{_alt(MONTHS)})(?![a-z]))"
        rf"(?:,?\s+{YEAR})?",
    ),
    ("mdy", rf"(?:{WEEKDAY},?\s*)?{MONTH}\s*{DAY}(?:,\s*|\s+|,)(?:of\s+)?{YEAR}"),
    ("dmy", rf"(?:{WEEKDAY},?\s*)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}"),
    (
        "time24",
        r"(?P<hour>[01]?\d|2[0-3])(?:[:.h](?P<minute>[0-5]\d)|(?P<minute2>[0-5]\d))\s*"
        r"(?P<zone>(?-i:GMT|UTC|[ECMP][DS]T|CES?T|BST|IST|MSK)|local\s+time)(?![a-z])",
    ),
    (
        "time",
        rf"{CLOCK}(?:\s+(?P<zone>local\s+time|(?-i:[A-Z]{{2,4}})\b(?!\s+(?-i:[A-Z]))))?"
        rf"(?:,?\s+(?:on\s+)?{WEEKDAY}|\s+(?P<deictic>today|yesterday|tomorrow|tonight))?",
    ),
    (
        "week_of",
        rf"the\s+week\s+of\s+{MONTH}\s*{DAY}(?:,?\s+{YEAR})?"
        rf"|the\s+(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+{MONTH.replace('month>', 'month2>')}"
        rf"(?:,?\s+(?P<year2>(?:1[0-9]|20)\d\d)(?![\d%]))?",
    ),
    ("md", rf"(?:{WEEKDAY},?\s*)?{MONTH}\s*{DAY}(?![\s,]*(?:1[0-9]|20)\d\d)"),
    ("dm", rf"(?:{WEEKDAY},?\s*)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}"),
    ("my", rf"(?:(?P<mod>{LEAD})[\s-]+)?{MONTH},?\s+(?:of\s+)?{YEAR}"),
    (
        "decade",
        r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<decade>1\d\d0|20\d0|['’]\d0)['’]?s(?![a-z])",
    ),
    ("century", r"(?:the\s+)?(?P<ord>\d{1,2})(?:st|nd|rd|th)[\s-]+century"),
    (
        "quarter",
        rf"(?:the\s+)?(?:(?P<owner>this\s+year|last\s+year|next\s+year|{YEAR})['’]s\s+)?"
        rf"(?:(?P<fiscal>fiscal|calendar)[\s-]+)?(?P<ord>{QUARTER_ORD})[\s-]+(?:fiscal[\s-]+)?"
        r"(?P<unit>quarter|half)(?![a-z])(?:\s+of\s+(?:fiscal\s+)?(?P<of_year>(?:19|20)\d\d))?",
    ),
    (
        "quarter_code",
        r"(?:(?P<fy>FY)\s*)?(?P<code>Q[1-4]|[1-4]Q|H[12]|[12]H)(?:\s*(?:of\s+)?(?:FY\s*)?"
        r"(?P<year>(?:19|20)\d\d|['’]?\d\d))?(?![\w])",
    ),
    ("fiscal_year", r"FY\s*['’]?(?P<year>(?:19|20)\d\d|\d\d)(?![\w])"),
    (
        "quarter_ref",
        r"the\s+(?:(?P<which>latest|most\s+recent|year-ago|year-earlier|previous|prior|current|"
        r"same|comparable|recent|past|fiscal|first|last)\s+)?(?P<unit>quarter|period)(?![a-z])",
    ),
    (
        "spelled_year",
        rf"(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+(?P<rest>(?:{TENS})(?:[\s-]+{ONES})?"
        rf"|ten|eleven|twelve|{TEENS}|oh[\s-]+{ONES})(?![\w-])"
        rf"|(?:(?<=in\s)|the\s+year\s+)two\s+thousand(?:\s+and)?(?:[\s-]+(?P<rest2>{ONES}|ten|{TEENS}))?(?![\w-])",
    ),
    ("year_ago_adj", r"(?P<which>year-earlier|year-ago|year-before)(?![a-z])"),
    (
        "counted_rel",
        rf"{APPROX}{NUMBER}[\s-]+{UNIT}\s+(?P<dir>ago|earlier|later|from\s+now|from\s+today|hence|previously|"
        # "two days after the election" counts from an event, not from a date.
        r"(?:before|after)(?!\s+(?:the|a|an|his|her|their|its|that|this|he|she|they|it|we|I)\b"
        r"|\s+(?-i:[A-Z0-9])))",
    ),
    (
        "end_of_the",
        rf"(?P<mod>{LEAD})[\s-]+the\s+(?P<unit>week|month|year|quarter|decade|century)(?![a-z])",
    ),
    ("in_the_unit", r"(?P<pre>earlier|later)\s+in\s+the\s+(?P<unit>day|week|month|year)(?![a-z])"),
    (
        "vague_rel",
        r"(?P<unit>hours|days|weeks|months|years|decades)\s+(?P<dir>later|earlier|ago|afterwards?)"
        r"(?![a-z])",
    ),
    (
        "anaphor",
        r"(?:(?P<pre>earlier|later|late|early)\s+)?(?:on\s+)?(?P<det>that\s+same|the\s+same|that|the\s+next|"
        r"the\s+following|the\s+previous|the\s+preceding|the\s+prior)\s+"
        r"(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year)(?![a-z])",
    ),
    (
        "day_before",
        r"(?:the\s+)?(?P<unit>day|night|week|month|year)\s+(?P<dir>before|after)"
        r"(?:\s+(?P<deictic>yesterday|last\s+night|tomorrow))?"
        r"(?!\s+(?:(?:the|a|an|his|her|their|its|that|this|he|she|they|it|we|I)\b|(?-i:[A-Z])|\d))",
    ),
    (
        "part_rel",
        rf"(?P<rel>this|last|tomorrow|yesterday|early\s+this|late\s+last|late\s+this)\s+{PART}",
    ),
    (
        "deictic",
        rf"(?:(?P<mod>early|late)\s+)?(?P<word>yesterday|today|tomorrow|tonight)(?![a-z])(?:['’]s)?(?:\s+{PART})?",
    ),
    (
        "the_year",
        r"(?:(?<=for\s)|(?<=of\s)|(?<=during\s)|(?<=throughout\s)|(?<=in\s))the\s+"
        r"(?:(?P<kind>full|fiscal|calendar|current|whole|entire)\s+)?year(?![\w'’-])"
        r"(?=(?:\s+(?P<ended>ended|ending|that\s+ended|to)\b)?)",
    ),
    ("the_weekend", r"the\s+weekend(?![a-z])"),
    (
        "unit_rel",
        rf"{PERIOD_MOD}(?P<rel>this\s+past|this|last|next|the\s+past|the\s+last|the\s+next|the\s+coming|"
        r"the\s+previous|the\s+following|the\s+current|past|coming)\s+"
        rf"(?P<unit>week|weekend|month|year|quarter|decade|century|fiscal\s+year|{_alt(SEASONS)})(?![a-z])",
    ),
    (
        "month",
        rf"(?:(?P<lead>last|next|this|{LEAD}|earlier|later)[\s-]+(?:in\s+)?)?{MONTH}"
        r"(?:\s+(?:of\s+)?(?P<rel>this|last|next)\s+year)?",
    ),
    (
        "weekday",
        rf"(?:(?P<rel>this\s+past|last|next|this|coming|early|late|the\s+previous|the\s+following)\s+)?"
        rf"{WEEKDAY}(?:['’]s)?(?:\s+{PART})?",
    ),
    (
        "set_every",
        rf"(?:every|each)\s+(?:other\s+)?(?:{WEEKDAY}|{PART}|(?P<unit>day|week|month|year|quarter|hour|minute))(?![a-z])",
    ),
    ("set_word", rf"(?P<word>{_alt(SETS)})(?![a-z])"),
    (
        "set_freq",
        rf"(?P<freq>once|twice|(?:\d+|{_alt(NUMBER_WORDS)}|several|many)\s+times)\s+(?:a|an|per)\s+(?P<unit>day|week|month|year|quarter|hour|minute)(?![a-z])",
    ),
    (
        "counted_span",
        rf"{APPROX}(?P<det>the\s+)?(?:(?P<rel>past|last|next|coming|first|previous|following|final|latest|initial|remaining|other)\s+)?"
        rf"{NUMBER}{HALF}[\s-]+(?:more\s+)?{UNIT}(?P<adj>-long|-old)?",
    ),
    (
        "bare_units",
        r"(?:(?<=for\s)|(?<=in\s)|(?<=over\s)|(?<=within\s))(?P<unit>years|months|weeks|days|decades|hours|minutes)"
        r"(?!\s+(?:of|ago|old|earlier|later|before|after)\b)",
    ),
    ("reference", rf"(?P<word>{_alt(REFERENCES)})(?![a-z])"),
    (
        "season",
        rf"(?:(?P<rel>last|this|next|early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?"
        rf"(?P<season>{_alt(SEASONS)})(?![a-z])(?:\s+(?:of\s+)?{YEAR})?",
    ),
    (
        "holiday",
        rf"(?:(?P<rel>last|this|next)\s+)?(?P<name>{_alt(list(HOLIDAYS) + ['thanksgiving day', 'thanksgiving', 'easter sunday', 'easter', 'labor day', 'memorial day', 'election day'])})(?![a-z])",
    ),
    (
        "year",
        rf"(?:(?P<mod>fiscal|FY|calendar|{LEAD}|pre|post)[\s-]+)?(?:the\s+year\s+)?{YEAR}"
        r"(?!\s*(?:%|percent|per\s*cent)|[\w$])",
    ),
    (
        "ordinal_day",
        r"the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?=\s*[,.;)]|\s+(?:and|when|at|in|to|until|after|before|of\s+this\s+month)\b)",
    ),
]

_UNNAMED = re.compile(r"\(\?P<\w+>")


def _scanner(rules: list[tuple[str, str]]) -> re.Pattern:
    """One alternation of the rules, in order, each as a named group."""
    body = "|".join(f"(?P<{name}>{_UNNAMED.sub('(?:', pattern)})" for name, pattern in rules)
    # Never inside a word or an amount ("$5", the "345" of "2,345", the "5" of "4.5").
    return re.compile(r"(?<![\w$£€])(?<!\d[,.:/])(?:" + body + ")", re.IGNORECASE)


SCANNER = _scanner(RULES)
# The rules that can begin with a digit; at a digit only these are tried (same order, so the same
# first match). The property test checks this scanner pair against SCANNER.
DIGIT_RULES = frozenset(
    str.split(
        "iso slash dotted dmy time24 time dm decade century quarter_code quarter counted_rel "
        "set_freq counted_span year"
    )
)
DIGIT_SCANNER = _scanner([(name, pattern) for name, pattern in RULES if name in DIGIT_RULES])
RULE_PARTS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in RULES}


# Every expression contains one of these word beginnings; the full scanner is tried only in the
# few words before each of them, which is many times faster than trying it at every word.
_TRIGGER_WORDS = {
    word
    for table in (MONTHS, WEEKDAYS, UNITS, PARTS_OF_DAY, REFERENCES, SEASONS, HOLIDAYS, SETS)
    for phrase in table
    for word in re.findall(r"[a-z]{3,}", phrase)
} - {"the", "this", "right", "these", "new", "day's", "eve"}
_TRIGGER_WORDS |= {"nineteen", "twenty", "thousand"}
_TRIGGER_WORDS |= {"centur", "noon", "midnight", "midday", "period", "half", "tonight", "today"}
_TRIGGER_WORDS |= {
    "yesterday",
    "tomorrow",
    "labor",
    "memorial",
    "election",
    "thanksgiving",
    "easter",
}
TRIGGER = re.compile(r"(?<![a-z0-9])(?<!\d[,.:/])(?:\d|[qh][1-4]|fy|" + _alt(_TRIGGER_WORDS) + ")")
# Words that can lead up to a trigger inside one expression ("the end of last week").
LEAD_WORDS = (
    frozenset(
        str.split(
            "the a an this last next early mid late end beginning start middle rest remainder of "
            "earlier later more less than fewer about almost nearly some over roughly just only at "
            "least up to around under that same following previous preceding prior coming each every "
            "other once twice times per fiscal calendar pre post on in couple few several many dozen "
            "hundred final first second third fourth latest most comparable initial remaining new "
            "year's fy 1st 2nd 3rd 4th right these and half s full whole entire"
        )
    )
    | {w for w in NUMBER_WORDS if " " not in w}
    | {m for m in MONTHS}
    | {w.rstrip(".") for w in WEEKDAYS}
)
MAX_LEAD_WORDS = 8
_PIECE = re.compile(r"\w+")
LEAD_REACH = 64  # characters


@dataclass(frozen=True)
class Found:
    """One detected expression: its span, the rule that found it, and the rule's parts."""

    start: int
    end: int
    text: str
    rule: str
    parts: dict[str, str | None]


def candidate_starts(text: str) -> list[int]:
    """Trigger word starts and the lead words just before them, in order."""
    chosen: set[int] = set()
    for trigger in TRIGGER.finditer(text.lower()):
        at = trigger.start()
        chosen.add(at)
        if at and text[at - 1] in "'’":
            at -= 1  # "the '90s"
            chosen.add(at)
        offset = max(0, at - LEAD_REACH)
        pieces = _PIECE.findall(text, offset, at)[-MAX_LEAD_WORDS:]
        end = at
        for piece in reversed(pieces):
            end = text.rindex(piece, offset, end)
            if piece.lower() not in LEAD_WORDS:
                break
            chosen.add(end)
    return sorted(chosen)


def scan(text: str):
    """The scanner's matches, left to right, not overlapping (same as SCANNER.finditer)."""
    cursor = 0
    for at in candidate_starts(text):
        if at < cursor:
            continue
        match = (DIGIT_SCANNER if text[at].isdigit() else SCANNER).match(text, at)
        if match is not None and match.end() > match.start():
            cursor = match.end()
            yield match


def detect(text: str) -> list[Found]:
    """Every temporal expression in text, left to right, not overlapping."""
    return [read_parts(text, match.start(), match.lastgroup) for match in scan(text)]


def read_parts(text: str, at: int, rule: str) -> Found | None:
    """Run one rule at a position (lookarounds still see the text) and read its named parts."""
    parts = RULE_PARTS[rule].match(text, at)
    if parts is None:
        return None
    start, end = parts.start(), parts.end()
    # TIMEX3 spans leave out approximators ("about five hours": mod APPROX) and the possessive
    # ("Friday's meeting").
    if "approx" in parts.re.groupindex and parts.group("approx"):
        start = parts.end("approx")
        start += len(text[start:end]) - len(text[start:end].lstrip())
    if text[end - 2 : end].lower() in ("'s", "’s"):
        end -= 2
    return Found(start, end, text[start:end], rule, parts.groupdict())


def number_value(words: str | None) -> int | None:
    """'three' -> 3, 'twenty-four' -> 24, '1,000' -> 1000; None for vague amounts ('several')."""
    if not words:
        return None
    key = re.sub(r"\s+", " ", words.lower())
    if key in NUMBER_WORDS:
        return NUMBER_WORDS[key]
    if key[0].isdigit():
        number = float(key.replace(",", ""))
        return int(number) if number.is_integer() else None
    tens, _, ones = key.replace("-", " ").partition(" ")
    if tens in NUMBER_WORDS and ones in NUMBER_WORDS:
        return NUMBER_WORDS[tens] + NUMBER_WORDS[ones]
    return None


# --- tense: which way a bare weekday or month points ---------------------------------------------

# Case-sensitive: the modal "may" is not the month "May".
_FUTURE = re.compile(r"(?<![\w'])(?:" + _alt(FUTURE_MARKERS) + r")(?!\w)")
_PAST = re.compile(
    r"(?<![\w'])(?:" + _alt(PAST_MARKERS) + r"|has\s+been|have\s+been|[a-z]{2,}ed)(?!\w)"
)
_FUTURE_AUXILIARY = re.compile(r"(?:\bwill|\bwould|\bshall|'ll|\bto)\s+(?:be\s+|have\s+|not\s+)?$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])|\n\s*\n")


_WORD_BEFORE = re.compile(r"([\w.]+)$")
_CLAUSE_BREAK = re.compile(r"[;:()—–]|,\s")
# How far (in characters) a tense marker may be from the expression it governs.
TENSE_REACH = 300


@lru_cache(maxsize=64)
def sentence_bounds(text: str) -> tuple[int, ...]:
    """Offsets where sentences start, computed once per text; "Dec. 14", "5 p.m. EST",
    "Mr. Baker" and initials do not end a sentence."""
    bounds = [0]
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == ".":
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if word and (word[1].lower() + "." in ABBREVIATIONS or len(word[1]) == 1):
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
    # A marker this far away does not govern the expression; the bound keeps a text that is one
    # endless "sentence" (100k of "on Sunday") linear instead of quadratic.
    lo, hi = max(lo, start - TENSE_REACH), min(hi, end + TENSE_REACH)
    before = text[max(lo, start - 30) : start].lower().split()
    while before and before[-1] in ("on", "in", "at", "the", "as", "of", "early", "late", "mid"):
        before.pop()
    # "payable Dec. 14", "until Tuesday" point forward, unless a past verb governs them
    # ("had filed reports by Wednesday").
    deadline = bool(before) and before[-1] in DEADLINE_WORDS
    if deadline and not _PAST.search(text, max(lo, start - 60), start):
        return "future"
    # The clause's own verb first ("Blinken, who last visited in February, is expected to..."),
    # then the sentence's.
    clause_lo = max([m.end() for m in _CLAUSE_BREAK.finditer(text, lo, start)], default=lo)
    clause_end = _CLAUSE_BREAK.search(text, end, hi)
    clause_hi = clause_end.start() if clause_end else hi
    nearest = nearest_marker(text, clause_lo, clause_hi, start, end)
    if nearest is None:
        nearest = nearest_marker(text, lo, hi, start, end)
    return nearest or "past"


def nearest_marker(text: str, lo: int, hi: int, start: int, end: int) -> str | None:
    """The tense of the marker nearest the expression between lo and hi, if any."""
    best, best_distance = None, None
    for pattern, marker_tense in ((_FUTURE, "future"), (_PAST, "past")):
        for m in pattern.finditer(text, lo, hi):
            tense = marker_tense
            if tense == "past" and m.group().lower() in NOT_PAST_ED:
                continue
            if tense == "past" and _FUTURE_AUXILIARY.search(
                text, max(lo, m.start() - 24), m.start()
            ):
                tense = "future"  # "will be held", "is to be signed"
            distance = start - m.end() if m.end() <= start else m.start() - end
            if distance < 0:
                continue
            # A marker before the expression governs it more often than one after it.
            distance = distance if m.end() <= start else distance * 1.5
            if best_distance is None or distance < best_distance:
                best, best_distance = tense, distance
    return best
