"""Properties: any text resolves without error into well-formed mentions, and the fast
trigger-window scan finds exactly what a scan at every position finds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import resolve_text
from timeline.dates.detect import SCANNER, scan

PIECES = [
    "on Sunday", "Monday, Oct. 16, 2023", "Mar27,2024", "last week", "two days ago", "the 14th",
    "about five hours", "the past two weeks", "a year earlier", "the same day", "in May", "may",
    "the '90s", "mid-2023", "late March", "every Monday", "$5", "1/2", "555-1234", "3 p.m.",
    "the third quarter", "Friday's", "``Right now", "the day before yesterday", "2 1/2 years",
    " ", ", ", ". ", "\n\n", "the ", "said ", "will ", "more than a decade ago", "-", "'",
    "mayor", "Market", "Janet", "Mondays", "decades", "centuries", "weekend", "nightly",
    "nightlife", "Marchers", "currently", "Sept30", "yearslong", "two-day", "Friday's",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30).map("".join)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


@settings(max_examples=300, deadline=None, database=None)
@given(text=texts, published=dates)
def test_any_text_gives_well_formed_mentions(text: str, published: dt.date | None) -> None:
    mentions = resolve_text(text, published)
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        if m.date_start is not None:
            assert m.date_end is not None and m.date_start <= m.date_end
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert resolve_text(text, published) == mentions


@settings(max_examples=300, deadline=None, database=None)
@given(text=texts)
def test_trigger_window_scan_equals_full_scan(text: str) -> None:
    full = [(m.start(), m.end(), m.lastgroup) for m in SCANNER.finditer(text)]
    fast = [(m.start(), m.end(), m.lastgroup) for m in scan(text)]
    assert fast == full


def test_first_characters_of_the_rules() -> None:
    from timeline.dates.detect import SCANNERS
    from timeline.dates.first_characters import first_characters

    assert first_characters(r"(?:the\s+)?week") == frozenset("tTwW")
    assert first_characters(r"\d+\s+days") == frozenset("0123456789")
    assert first_characters(r"(?<!\w)[a-c]x") == frozenset("abcABC")
    assert first_characters(r"x?") is None  # can match nothing: any position
    assert first_characters(r".y") is None
    # Month and weekday names begin at their capital too; "$" begins no expression.
    assert "M" in SCANNERS and "m" in SCANNERS and "$" not in SCANNERS


@settings(max_examples=300, deadline=None, database=None)
@given(text=texts, data=st.data())
def test_marker_words_equal_a_lookbehind_scan(text: str, data) -> None:
    # tense.py finds markers after a matched separator (fast); a lookbehind finds the same.
    import re

    from timeline.dates.tense import MARKER_PATTERNS, _words

    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for at_start, after_separator, _ in MARKER_PATTERNS:
        plain = re.compile(r"(?<![\w'])" + at_start.pattern)
        expected = [m.span() for m in plain.finditer(text, lo, hi)]
        assert list(_words(text, lo, hi, at_start, after_separator)) == expected
