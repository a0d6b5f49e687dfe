"""TIMEX3 conventions (TimeML 1.2.1 / TIDES guidelines) for spans, values and vague words."""

from __future__ import annotations

import pytest

from tests.dates.helpers import mention, only


@pytest.mark.parametrize(
    ("text", "words", "value", "mod"),
    [
        ("He ruled for nearly two years.", "nearly two years", "P2Y", "LESS_THAN"),
        ("It happened almost two years ago.", "almost two years ago", "2022", "LESS_THAN"),
        ("The strike lasted more than four hours.", "more than four hours", "PT4H", "MORE_THAN"),
        ("Notice of at least 30 days is due.", "at least 30 days", "P30D", "EQUAL_OR_MORE"),
        ("Detention of up to 180 days.", "up to 180 days", "P180D", "EQUAL_OR_LESS"),
        ("A term of no more than sixty days.", "no more than sixty days", "P60D", "EQUAL_OR_LESS"),
        ("It took approximately three weeks.", "approximately three weeks", "P3W", "APPROX"),
    ],
)
def test_a_quantity_keeps_its_modifier_inside_the_span(text, words, value, mod) -> None:
    m = mention(text, words)
    assert (m.value, m.mod) == (value, mod)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("He served for only six months.", "six months"),
        ("Prices rose over three years.", "three years"),
        ("It ended just two days ago.", "two days ago"),
    ],
)
def test_focus_words_and_prepositions_stay_outside_the_span(text, words) -> None:
    assert only(text).text == words
