"""The narrative's current day: the day that "later that day", "the same day" and "the next
morning" refer to.

A news story moves along its own timeline ("Talks began on March 3. ... Later that day, ...").
Not every date it mentions moves it: a date in an inserted relative or adverbial clause ("The
minister, who had visited Kyiv on May 2, left later that day"), in a parenthesis, or in a
pluperfect clause ("had met on May 2") is background, and so is any date coarser than a day
("In 2014 Russia annexed Crimea"): a day anaphor cannot refer to a year.
"""

from __future__ import annotations

import re

from timeline.dates.tense import TENSE_REACH, sentence_of

# Words that open an inserted subordinate clause after a comma, parenthesis or dash.
SUBORDINATORS = frozenset(
    str.split(
        "who whom whose which where when while after before since although though because "
        "whereas until"
    )
)
_CLAUSE_MARK = re.compile(r",|\(|—|–|--")
_WORD = re.compile(r"[A-Za-z]+")
_PLUPERFECT = re.compile(r"\bhad\b(?!\s+(?:to|better)\b)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:()—–]")


def is_background(text: str, start: int, end: int) -> bool:
    """Whether the date at start..end sits in an inserted subordinate clause, a parenthesis or a
    pluperfect clause of its sentence, rather than on the story's own timeline."""
    lo, hi = sentence_of(text, start)
    # Bounded like the tense's reach, so one endless "sentence" stays linear.
    lo, hi = max(lo, start - TENSE_REACH), min(hi, end + TENSE_REACH)
    before = text[lo:start]
    if before.count("(") > before.count(")"):
        return True
    # The clause the date is in: from the last clause mark before it to the next one after it.
    marks = [m.end() for m in _CLAUSE_MARK.finditer(before)]
    clause_lo = lo + marks[-1] if marks else lo
    if marks and before[: marks[-1] - 1].strip():
        # A clause inserted after the main one and opened by a subordinator: ", who had met
        # him on May 2", ", five days after gunmen attacked on Oct. 7".
        words = _WORD.findall(text, clause_lo, start)
        if any(word.lower() in SUBORDINATORS for word in words):
            return True
    after = _CLAUSE_END.search(text, end, hi)
    clause_hi = after.start() if after is not None else hi
    return _PLUPERFECT.search(text, clause_lo, clause_hi) is not None
