"""The characters a case-insensitive regular expression can begin a match with.

detect.py keeps, for each such character, a scanner of only the rules that can start with it.
Read from the parsed pattern (the standard library's own parser); anything this reader does not
know, or a pattern that can match the empty string, gives None: "any character", which only
costs speed, never a match.
"""

from __future__ import annotations

import re

try:  # the parser's home since Python 3.11
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

DIGITS = frozenset("0123456789")
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = tuple(
    getattr(sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(sre, name)
)


def first_characters(pattern: str) -> frozenset[str] | None:
    """Every character a match of pattern (compiled with re.IGNORECASE) can begin with, in both
    cases; None when it could be any (or the pattern can match nothing at all)."""
    try:
        chars, can_be_empty = _first(list(sre_parse.parse(pattern, re.IGNORECASE)))
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - another parser's shape
        return None
    if chars is None or can_be_empty:
        return None
    return frozenset(chars)


def _both_cases(code: int) -> set[str]:
    char = chr(code)
    return {char, char.lower(), char.upper()}


def _charset(items) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            chars |= _both_cases(arg)
        elif op is sre.RANGE:
            for code in range(arg[0], arg[1] + 1):
                chars |= _both_cases(code)
        elif op is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
            chars |= DIGITS
        else:
            return None  # a negated set, a category of letters: any character
    return chars


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(the first characters of the sequence, whether it can match the empty string)."""
    chars: set[str] = set()
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue  # lookarounds and anchors consume nothing
        if op is sre.LITERAL:
            return chars | _both_cases(arg), False
        if op is sre.CATEGORY:
            return (chars | DIGITS, False) if arg is sre.CATEGORY_DIGIT else (None, False)
        if op is sre.IN:
            found = _charset(arg)
            return (None, False) if found is None else (chars | found, False)
        if op is sre.SUBPATTERN:
            found, empty = _first(list(arg[-1]))
        elif op is sre.BRANCH:
            found, empty = set(), False
            for alternative in arg[1]:
                sub, sub_empty = _first(list(alternative))
                if sub is None:
                    return None, False
                found |= sub
                empty = empty or sub_empty
        elif op in _REPEATS:
            low, _, body = arg
            found, empty = _first(list(body))
            empty = empty or low == 0
        else:
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return chars, False
    return chars, True
