"""Fuzzing the date resolver: whatever the text, resolve_text returns well-formed mentions.

Properties checked on every mention: offsets inside the text, the mention's text is exactly the
slice it claims, start <= end for offsets and dates, a date range only with a granularity, and
the same text resolved twice gives the same mentions (the library is pure).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from timeline.dates import resolve_text
from timeline.models import Mention

from .conftest import FUZZ

# Words the detector looks for, so random text often holds something that resolves, next to
# hostile characters: controls, bidi marks, BOMs, zero-width joiners, surrogate-free astral chars.
DATE_WORDS = [
    "on Sunday",
    "last week",
    "next month",
    "March 3",
    "3 March 2024",
    "2024-04-14",
    "31/31/31",
    "12/31/1999",
    "May",
    "in May",
    "the same day",
    "a day earlier",
    "two weeks ago",
    "Q3",
    "the third quarter",
    "in 2024",
    "the 1990s",
    "the 21st century",
    "at 10:30 p.m.",
    "tonight",
    "yesterday",
    "tomorrow",
    "every Monday",
    "early March",
    "mid-May",
    "late 2023",
    "Christmas",
    "this spring",
    "99999999999999999999",
    "year 0",
    "0000-00-00",
    "9999-12-31",
    "February 30",
    "the 32nd",
    "Sunday, April 14",
    "April 14 to 16",
    "between March and May",
    "in 10000 years",
    "1e308 days ago",
    "-5 days",
    "0 days ago",
]
HOSTILE_CHARS = [
    "\x00",
    "\x01",
    "\x07",
    "\x1b",
    "\x7f",
    "\u0085",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\ufffe",
    "\ufffd",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\r\n",
    "\r",
    "\t",
    "\U0001f600",
    "\u0301",
    "\u0663",
    "\uff11",
    "\u1680",
]
fragments = st.one_of(
    st.sampled_from(DATE_WORDS),
    st.sampled_from(HOSTILE_CHARS),
    st.text(max_size=20),
    st.from_regex(r"[0-9]{1,25}([/.-][0-9]{1,25}){0,3}", fullmatch=True),
    st.sampled_from([" ", ". ", ", ", "\n\n", " the ", " said ", " met "]),
)
hostile_text = st.lists(fragments, max_size=40).map("".join)
anchors = st.one_of(
    st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
)


def check_mentions(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text), (m, len(text))
        assert text[m.start : m.end] == m.text, m
        if m.date_start is not None or m.date_end is not None:
            assert m.date_start is not None and m.date_end is not None, m
            assert m.date_start <= m.date_end, m
            assert m.granularity is not None, m
        assert m.value, m
    starts = [m.start for m in mentions]
    assert starts == sorted(starts), "mentions out of text order"


@FUZZ
@given(text=hostile_text, published=anchors)
@example(text="\ufeffOn Sunday\u200f, 31/31/31 and 99999999999999999999 days ago.", published=None)
@example(text="on Sunday " * 2000, published=dt.date(2024, 4, 14))
@example(text="The meeting on Sunday", published=dt.date(1, 1, 1))
@example(text="He left next year, on Monday.", published=dt.date(9999, 12, 31))
@example(text="He met 10000 years later, in 99999.", published=dt.date(9999, 12, 31))
@example(text="12/31/9999, the next day", published=dt.date(2024, 4, 14))
@example(text="01/01/0001, a day earlier", published=dt.date(2024, 4, 14))
def test_fuzz_resolver_hostile_text(text: str, published: dt.date | None) -> None:
    mentions = resolve_text(text, published)
    check_mentions(text, mentions)
    assert resolve_text(text, published) == mentions


@FUZZ
@given(text=st.text(max_size=400), published=anchors)
def test_fuzz_resolver_any_unicode(text: str, published: dt.date | None) -> None:
    check_mentions(text, resolve_text(text, published))


@pytest.mark.parametrize(
    "text",
    [
        "on Sunday " * 10_000,  # 100k characters of the same relative expression
        "31/31/31 " * 5_000,
        "9" * 100_000,
        "\u202e" * 50_000 + "on Sunday",
        ("Gallant said on Sunday that the 1990s ended. " * 2_000),
    ],
    ids=["on-sunday-100k", "31-31-31", "huge-number", "rtl-overrides", "long-article"],
)
def test_resolver_long_hostile_texts(text: str) -> None:
    """Big inputs finish (the benchmark shows the time is linear) and stay well-formed."""
    mentions = resolve_text(text, dt.date(2024, 4, 14))
    check_mentions(text, mentions)
    if text.startswith("on Sunday"):
        assert len(mentions) == 10_000
        assert {m.date_start for m in mentions} == {dt.date(2024, 4, 14)}
