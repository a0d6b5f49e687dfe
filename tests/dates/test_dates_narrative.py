"""Day anaphora follow the narrative's own day; a weekday takes the tense of the verb that
governs it, not of a clause that follows it."""

from __future__ import annotations

import pytest

from tests.dates.helpers import D, mention
from timeline.dates import resolve_text
from timeline.dates.narrative import is_background

# Wednesday 12 July 2023, the second day of the NATO summit in Vilnius.
WEDNESDAY = D(2023, 7, 12)


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        # A background year does not become the day "later that day" refers to.
        (
            "Talks began on March 3. The minister, who had visited Kyiv in 2019, left later "
            "that day.",
            "later that day",
            "2023-03-03",
        ),
        # Nor does a day in an inserted relative clause.
        (
            "Talks began on March 3. The minister, who had visited Kyiv on March 1, left later "
            "that day.",
            "later that day",
            "2023-03-03",
        ),
        # Nor a pluperfect sentence: the story's timeline is still at March 3.
        (
            "Talks began on March 3. The minister had visited Kyiv on March 1. He returned the "
            "next morning.",
            "the next morning",
            "2023-03-04TMO",
        ),
        (
            "On March 3 the talks opened. Russia, which annexed Crimea in 2014, objected. The "
            "same day, the envoy resigned.",
            "The same day",
            "2023-03-03",
        ),
        (
            "Talks began on March 3 (a week after the attack on Feb. 24). Later that day they "
            "stalled.",
            "Later that day",
            "2023-03-03",
        ),
        # An adverbial clause ("five days after ... on Oct. 7") is background too.
        (
            "Blinken arrived in Tel Aviv on Thursday, five days after gunmen broke through the "
            "fence on Oct. 7, and met Netanyahu.\n\nLater that day the two men spoke to reporters.",
            "Later that day",
            "2023-07-06",
        ),
        # The story moving on moves the day: "the next day" after "the next morning".
        (
            "The envoys met on March 3. The next morning, they left. The day after, they returned.",
            "The day after",
            "2023-03-05",
        ),
    ],
)
def test_day_anaphora_follow_the_narrative_day(text: str, words: str, value: str) -> None:
    m = mention(text, words, WEDNESDAY)
    assert m.value == value
    assert m.basis == "relative"


def test_a_day_anaphor_after_a_month_is_a_day_of_that_month() -> None:
    # TIMEX3 writes the day it cannot pin down as XX; the range is the whole month.
    text = "He was killed last October. His name was crossed out that same day."
    m = mention(text, "that same day", D(1999, 2, 6))
    assert m.value == "1998-10-XX"
    assert (m.date_start, m.date_end) == (D(1998, 10, 1), D(1998, 10, 31))


def test_a_day_anaphor_never_takes_a_year_as_its_day() -> None:
    # With no day before it, "the same day" is not 1 January of the year just named.
    m = mention("In 2014 Russia annexed Crimea. The same day, the envoy resigned.", "The same day")
    assert m.value == "2014-XX-XX"
    assert m.date_start == D(2014, 1, 1) and m.date_end == D(2014, 12, 31)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("The minister, who had visited Kyiv on May 2, left.", True),
        ("The talks (held on May 2) failed.", True),
        ("He had met her on May 2.", True),
        ("He met her on May 2, and left.", False),
        ("On May 2, when the talks began, he left.", False),
    ],
)
def test_background_dates(text: str, background: bool) -> None:
    at = text.index("May 2")
    assert is_background(text, at, at + len("May 2")) is background


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        # The date attaches to the past "agreed", not to the future "would be invited".
        (
            "NATO leaders agreed on Tuesday that Ukraine would be invited to join the alliance.",
            "Tuesday",
            "2023-07-11",
        ),
        ("NATO leaders on Tuesday agreed that Ukraine would be invited.", "Tuesday", "2023-07-11"),
        ("The company said on Monday it will cut 500 jobs.", "Monday", "2023-07-10"),
        ("The company said Monday that it will cut 500 jobs.", "Monday", "2023-07-10"),
        # Irregular past verbs are past too.
        (
            "Zelensky flew to Vilnius on Tuesday, where he will meet allies.",
            "Tuesday",
            "2023-07-11",
        ),
        ("Zelensky flew to Vilnius on Tuesday and will meet allies.", "Tuesday", "2023-07-11"),
        ("Putin sought on Monday to show he would stay in power.", "Monday", "2023-07-10"),
        # Future governing verbs still point forward.
        ("The bloc will decide on Monday whether Ukraine can join.", "Monday", "2023-07-17"),
        ("Leaders are expected to sign the deal on Monday.", "Monday", "2023-07-17"),
        ("Protesters planned a large rally on Saturday.", "Saturday", "2023-07-15"),
    ],
)
def test_the_governing_verb_decides_the_weekday(text: str, words: str, value: str) -> None:
    assert mention(text, words, WEDNESDAY).value == value


def test_a_present_passive_is_not_a_past_verb() -> None:
    # "is heard" is a participle: the hearing in May is still ahead in March.
    text = "He may lose when the case is heard in May in the appeals court."
    assert mention(text, "May", D(2000, 3, 29)).value == "2000-05"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Verbs of postponement move the date ahead even in a past clause.
        ("Officials postponed until Tuesday any action on the case.", "2000-04-04"),
        ("The court adjourned the hearing until Tuesday.", "2000-04-04"),
        # A deadline a pluperfect clause looks back on is past.
        ("Until Tuesday, they had not called him a suspect.", "2000-03-28"),
        # Other deadlines keep their direction.
        ("The talks lasted until Tuesday.", "2000-03-28"),
        ("He will stay until Tuesday.", "2000-04-04"),
    ],
)
def test_deadlines_follow_their_verb(text: str, value: str) -> None:
    # Thursday 30 March 2000.
    assert mention(text, "Tuesday", D(2000, 3, 30)).value == value


def test_a_year_earlier_after_a_stretch_of_months_is_the_year_before() -> None:
    # An earnings report: the quarter, then the nine months compared with "a year earlier".
    text = (
        "Net income rose in the third quarter to $5 million from $4 million a year earlier. "
        "For the nine months, net was $306 million, compared with $195 million a year earlier. "
        "Year-earlier results included a charge."
    )
    found = [m for m in resolve_text(text, D(1989, 10, 26)) if "year" in m.text.lower()]
    assert [m.value for m in found] == ["1988-Q3", "1988", "1988"]


def test_the_year_ago_third_quarter_is_one_expression() -> None:
    text = "In the year-ago third quarter it earned more. The quarter-to-quarter comparison helped."
    found = resolve_text(text, D(1989, 10, 30))
    assert [(m.text, m.value) for m in found] == [("the year-ago third quarter", "1988-Q3")]
