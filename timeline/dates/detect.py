"""Find temporal expressions in running text with one combined, precompiled scanner.

The rules (patterns.py) are joined into a single alternation. Rather than trying it at every
position, the text is searched for trigger words (digits, month and weekday names, units, ...)
and the scanner is tried only at them and at the few lead words before them ("the end of last
week"); the result is the same as a scan at every position, many times faster. The rule that
matched is then re-run in place to read its named parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from timeline.dates.first_characters import first_characters
from timeline.dates.lexicon import (
    HOLIDAYS,
    MONTHS,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    REFERENCES,
    SEASONS,
    SETS,
    SPELLED_DECADES,
    UNITS,
    WEEKDAYS,
)
from timeline.dates.patterns import RULES, words_pattern

_UNNAMED = re.compile(r"\(\?P<\w+>")


def _scanner(rules: list[tuple[str, str]]) -> re.Pattern:
    """One alternation of the rules, in order, each as a named group."""
    body = "|".join(f"(?P<{name}>{_UNNAMED.sub('(?:', pattern)})" for name, pattern in rules)
    # Never inside a word or an amount ("$5", the "345" of "2,345", the "5" of "4.5").
    return re.compile(r"(?<![\w$£€])(?<!\d[,.:/])(?:" + body + ")", re.IGNORECASE)


@lru_cache(maxsize=1)
def full_scanner() -> re.Pattern:
    """The scanner of every rule (compiled on first use: 30 ms of every process's start)."""
    return _scanner(RULES)


class _RuleParts(dict):
    """Each rule alone, to read its named parts, compiled the first time it matched."""

    def __missing__(self, name: str) -> re.Pattern:
        compiled = self[name] = re.compile(_RULES_BY_NAME[name], re.IGNORECASE)
        return compiled


_RULES_BY_NAME = dict(RULES)
RULE_PARTS = _RuleParts()


class _ScannersByFirstCharacter:
    """For each character an expression can begin with, the scanner of only the rules that can
    begin with it (same order, so the same first match): at "t" the 60-odd rules shrink to the
    twenty that can start with t. A character not in the table can begin no expression. The
    property test checks the dispatch against SCANNER.

    Compiling the scanners is most of the start-up time that every process (a `timeline resolve`
    call, each worker, a rebuild analysing one changed file) pays: characters with the same rules
    ("M" and "m", the ten digits) share one, and each is compiled only once COMPILE_AFTER
    expressions were tried with it. Until then the scanner of all the rules stands in: the same
    first match (the character's rules are all the rules that can match there, in the same
    order), a little slower, and one compile (30 ms) where the nine a first article needs took
    0.25 s. The table itself (20 ms of reading the rules) waits for the first COMPILE_AFTER tries
    too: where no rule begins, the scanner of all rules finds nothing either."""

    COMPILE_AFTER = 32

    def __init__(self, rules: list[tuple[str, str]]) -> None:
        self._rules = rules
        self._index: dict[str, int] | None = None  # character -> subset, made by _make_table
        self._untabled_tries = 0
        self._subsets: list[list[tuple[str, str]]] = []
        self._compiled: list[re.Pattern | None] = []
        self._tries: list[int] = []
        self._anywhere: re.Pattern | None = None

    def _table(self) -> dict[str, int]:
        if self._index is None:
            self._make_table()
        return self._index

    def _make_table(self) -> None:
        rules = self._rules
        firsts = {name: first_characters(pattern) for name, pattern in rules}
        characters = set().union(*(chars for chars in firsts.values() if chars is not None))
        index: dict[str, int] = {}
        seen: dict[tuple[str, ...], int] = {}
        for char in sorted(characters):
            subset = [(n, p) for n, p in rules if firsts[n] is None or char in firsts[n]]
            key = tuple(name for name, _ in subset)
            if key not in seen:
                seen[key] = len(self._subsets)
                self._subsets.append(subset)
                self._compiled.append(None)
                self._tries.append(0)
            index[char] = seen[key]
        # The rules that could begin with any character, for a character no other rule begins with.
        anywhere = [(n, p) for n, p in rules if firsts[n] is None]
        self._anywhere = _scanner(anywhere) if anywhere else None
        self._index = index

    def __contains__(self, char: str) -> bool:
        return char in self._table()

    def get(self, char: str) -> re.Pattern | None:
        """The scanner to try where char begins a candidate; None when no rule can begin there."""
        if self._index is None:
            self._untabled_tries += 1
            if self._untabled_tries < self.COMPILE_AFTER:
                return full_scanner()
            self._make_table()
        index = self._index.get(char)
        if index is None:
            return self._anywhere
        scanner = self._compiled[index]
        if scanner is None:
            self._tries[index] += 1
            if self._tries[index] < self.COMPILE_AFTER:
                return full_scanner()
            scanner = self._compiled[index] = _scanner(self._subsets[index])
        return scanner

    def compiled(self, char: str) -> re.Pattern:
        """The character's own scanner, compiled now if it was not yet (for tests)."""
        index = self._table()[char]
        if self._compiled[index] is None:
            self._compiled[index] = _scanner(self._subsets[index])
        return self._compiled[index]


SCANNERS = _ScannersByFirstCharacter(RULES)


def __getattr__(name: str):
    # SCANNER, the scanner of every rule, as the property tests import it (compiled on demand).
    if name == "SCANNER":
        return full_scanner()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Every expression contains one of these word beginnings; the full scanner is tried only in the
# few words before each of them, which is many times faster than trying it at every word.
_TRIGGER_WORDS = {
    word
    for table in (
        MONTHS,
        WEEKDAYS,
        UNITS,
        PARTS_OF_DAY,
        REFERENCES,
        SEASONS,
        HOLIDAYS,
        SETS,
        SPELLED_DECADES,
    )
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
# A trigger word is whole, or takes a plural "s" ("Mondays", "decades"); "centur" is a stem. So
# "mayor", "market", "Janet" and "monstrous" trigger nothing: no rule can match there.
TRIGGER = re.compile(
    r"(?<![a-z0-9])(?<!\d[,.:/])(?:\d|[qh][1-4]|fy|centur|(?:"
    + words_pattern(_TRIGGER_WORDS)
    + r")(?![a-rt-z]))"
)
# Words that can lead up to a trigger inside one expression ("the end of last week").
LEAD_WORDS = (
    frozenset(
        str.split(
            "the a an this last next early mid late end beginning start middle rest remainder of "
            "earlier later more less than fewer about almost nearly some over roughly just only at "
            "least up to around under that same following previous preceding prior coming each every "
            "other once twice times per fiscal calendar pre post on in couple few several many dozen "
            "hundred final first second third fourth latest most comparable initial remaining new "
            "year's fy 1st 2nd 3rd 4th right these and half s full whole entire approximately no not well as trading business working consecutive straight additional extra further"
        )
    )
    | {w for w in NUMBER_WORDS if " " not in w}
    | {m for m in MONTHS}
    | {w.rstrip(".") for w in WEEKDAYS}
)
MAX_LEAD_WORDS = 8
LEAD_REACH = 64  # characters
_NEXT_WORD = re.compile(r"\W*(\w+)")
_REVERSED_LEAD_WORDS = frozenset(word[::-1] for word in LEAD_WORDS)


_THE_BEFORE_ADJECTIVE = re.compile(
    r"the\s+(?=(?:fiscal\s+|calendar\s+)?[\w.]+-(?:quarter|half|day|week|month|year|hour|minute|"
    r"decade|century)\Z)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """One detected expression: its span, the rule that found it, and the rule's parts."""

    start: int
    end: int
    text: str
    rule: str
    parts: dict[str, str | None]


def lower_same_length(text: str) -> str:
    """text.lower() with every offset kept: 'İ' lowers to two characters, which would shift them."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def candidate_starts(text: str) -> list[int]:
    """Trigger word starts and the lead words just before them, in order."""
    lowered = lower_same_length(text)
    # The words before a trigger are read in the reversed text (a regex reads forward only).
    reverse, size = lowered[::-1], len(text)
    next_word, chosen = _NEXT_WORD.match, set()
    for trigger in TRIGGER.finditer(lowered):
        at = trigger.start()
        chosen.add(at)
        if at and text[at - 1] in "'’":
            at -= 1  # "the '90s"
            chosen.add(at)
        stop = size - max(0, at - LEAD_REACH)
        end = at
        for _ in range(MAX_LEAD_WORDS):
            word = next_word(reverse, size - end, stop)
            if word is None or word.group(1) not in _REVERSED_LEAD_WORDS:
                break
            end = size - word.end(1)
            chosen.add(end)
    return sorted(chosen)


def scan(text: str):
    """The scanner's matches, left to right, not overlapping (same as SCANNER.finditer)."""
    cursor = 0
    for at in candidate_starts(text):
        if at < cursor:
            continue
        scanner = SCANNERS.get(text[at])
        if scanner is None:
            continue  # no rule begins with this character
        match = scanner.match(text, at)
        if match is not None and match.end() > match.start():
            cursor = match.end()
            yield match


def detect(text: str) -> list[Found]:
    """Every temporal expression in text, left to right, not overlapping."""
    return [read_parts(text, match.start(), match.lastgroup) for match in scan(text)]


def detect_between(text: str, start: int, end: int) -> list[Found]:
    """The expressions that begin between start and end (a short stretch: scanned at every
    position)."""
    found = []
    for match in full_scanner().finditer(text, start, end):
        parts = read_parts(text, match.start(), match.lastgroup)
        if parts is not None and parts.end > parts.start:
            found.append(parts)
    return found


def read_parts(text: str, at: int, rule: str) -> Found | None:
    """Run one rule at a position (lookarounds still see the text) and read its named parts."""
    parts = RULE_PARTS[rule].match(text, at)
    if parts is None:
        return None
    start, end = parts.start(), parts.end()
    # TimeML keeps a quantity's modifier inside the span ("nearly two years", mod LESS_THAN) but
    # not a focus word or preposition ("only six months", "over the past year"); nor the
    # possessive ("Friday's meeting").
    approx = parts.group("approx") if "approx" in parts.re.groupindex else None
    if approx and key_words(approx) in OUTSIDE_SPAN:
        start = parts.end("approx")
        start += len(text[start:end]) - len(text[start:end].lstrip())
    if text[end - 2 : end].lower() in ("'s", "’s"):
        end -= 2
    # "the third-quarter loss", "the two-week strike": the article belongs to the noun the
    # hyphenated adjective modifies, not to the time expression.
    adjective = _THE_BEFORE_ADJECTIVE.match(text, start, end)
    if adjective is not None:
        start = adjective.end()
    return Found(start, end, text[start:end], rule, parts.groupdict())


# Words before a number that are not part of a TIMEX3 quantity.
OUTSIDE_SPAN = frozenset(("just", "only", "over", "under"))
# The TIMEX3 mod of a quantity's modifier; "just", "only", "over" stay outside the span.
QUANTITY_MODS = {
    "almost": "LESS_THAN", "nearly": "LESS_THAN", "less than": "LESS_THAN",
    "fewer than": "LESS_THAN", "more than": "MORE_THAN", "well over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "not more than": "EQUAL_OR_LESS",
}  # fmt: skip


def key_words(words: str) -> str:
    return " ".join(words.lower().split())


def quantity_mod(approx: str | None) -> str | None:
    """TIMEX3 mod of 'about' (APPROX), 'nearly' (LESS_THAN), 'at least' (EQUAL_OR_MORE)..."""
    if not approx or key_words(approx) in OUTSIDE_SPAN:
        return None  # "only", and "over" / "under" read as prepositions, are left out
    return QUANTITY_MODS.get(key_words(approx), "APPROX")


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
