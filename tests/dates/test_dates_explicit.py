"""Explicit dates in the forms news uses, and the look-alikes that are not dates."""

from __future__ import annotations

import pytest

from tests.dates.helpers import SUNDAY, D, days, mention, only
from timeline.dates import resolve_text


@pytest.mark.parametrize(
    ("text", "words", "day"),
    [
        (
            "at the Kirya, Monday, Oct. 16, 2023, in Tel Aviv.",
            "Monday, Oct. 16, 2023",
            D(2023, 10, 16),
        ),
        ("Gallant meets with Blinken, Jan 31, 2023 (Photo)", "Jan 31, 2023", D(2023, 1, 31)),
        ("signed on 31 January 2023 in Rome", "31 January 2023", D(2023, 1, 31)),
        ("By Eleanor Harrison Mar27,2024\nThe urgency", "Mar27,2024", D(2024, 3, 27)),
        ("date 2024-04-14 Theme", "2024-04-14", D(2024, 4, 14)),
        ("the ceasefire of 12/25/2023 held", "12/25/2023", D(2023, 12, 25)),
        ("on Thursday, April 6, 2000, he left", "Thursday, April 6, 2000", D(2000, 4, 6)),
        ("SEPT. 30, 1989: results", "SEPT. 30, 1989", D(1989, 9, 30)),
        ("the 14th of April 2024", "the 14th of April 2024", D(2024, 4, 14)),
    ],
)
def test_full_dates_resolve_to_their_day(text: str, words: str, day: D) -> None:
    m = mention(text, words)
    assert (m.type, m.value, m.granularity, m.basis) == ("DATE", day.isoformat(), "day", "explicit")
    assert days(m) == (day, day)
    assert m.anchor is None


def test_caption_date_is_one_mention_not_two_wrong_ones() -> None:
    # dateparser.search_dates splits this into 2024-10-14 and 2023-04-16.
    text = "Ministry of Defense, Monday, Oct. 16, 2023, in Tel Aviv. (AP Photo)"
    mentions = resolve_text(text, SUNDAY)
    assert [(m.text, m.value) for m in mentions] == [("Monday, Oct. 16, 2023", "2023-10-16")]


def test_the_seed_articles_give_their_stated_dates(seed_texts: dict[str, str]) -> None:
    gallant = resolve_text(seed_texts["000"], SUNDAY)
    assert ("Monday, Oct. 16, 2023", "2023-10-16") in [(m.text, m.value) for m in gallant]
    said = [m for m in gallant if m.text == "Sunday"]
    assert said and said[0].value == "2024-04-14"  # "said on Sunday", published that Sunday
    blinken = resolve_text(seed_texts["001"], D(2023, 1, 31))
    assert ("Jan 31, 2023", "2023-01-31") in [(m.text, m.value) for m in blinken]
    recent = [m for m in blinken if m.text == "recent days"][0]
    assert recent.value == "PAST_REF" and recent.date_end == D(2023, 1, 31)
    austin = resolve_text(seed_texts["004"], D(2024, 3, 27))
    assert austin[0].text == "Mar27,2024" and austin[0].value == "2024-03-27"


@pytest.mark.parametrize(
    ("text", "words", "value", "first", "last", "granularity"),
    [
        ("It ends Dec. 19.", "Dec. 19", "2023-12-19", D(2023, 12, 19), D(2023, 12, 19), "day"),
        ("payable Dec. 19", "Dec. 19", "2024-12-19", D(2024, 12, 19), D(2024, 12, 19), "day"),
        ("the vote in March 2024", "March 2024", "2024-03", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("in late March", "late March", "2024-03", D(2024, 3, 22), D(2024, 3, 31), "month"),
        ("growth by mid-2023", "mid-2023", "2023", D(2023, 5, 2), D(2023, 9, 1), "year"),
        ("In 1998 they met.", "1998", "1998", D(1998, 1, 1), D(1998, 12, 31), "year"),
        (
            "in the first quarter",
            "the first quarter",
            "2024-Q1",
            D(2024, 1, 1),
            D(2024, 3, 31),
            "quarter",
        ),
        (
            "in the third quarter",
            "the third quarter",
            "2023-Q3",
            D(2023, 7, 1),
            D(2023, 9, 30),
            "quarter",
        ),
        (
            "in the spring of 2023",
            "the spring of 2023",  # TIMEX3 keeps the article of a season
            "2023-SP",
            D(2023, 3, 1),
            D(2023, 5, 31),
            "range",
        ),
        ("in the 1990s", "the 1990s", "199", D(1990, 1, 1), D(1999, 12, 31), "range"),
        ("music of the '80s", "the '80s", "198", D(1980, 1, 1), D(1989, 12, 31), "range"),
        ("the 20th century", "the 20th century", "19", D(1900, 1, 1), D(1999, 12, 31), "range"),
        (
            "He said it happened on the 14th.",
            "the 14th",
            "2024-04-14",
            D(2024, 4, 14),
            D(2024, 4, 14),
            "day",
        ),
        ("until Christmas", "Christmas", "2024-12-25", D(2024, 12, 25), D(2024, 12, 25), "day"),
        ("fiscal 1999 results", "fiscal 1999", "1999", D(1999, 1, 1), D(1999, 12, 31), "year"),
    ],
)
def test_partial_and_period_dates(text, words, value, first, last, granularity) -> None:
    m = mention(text, words)
    assert (m.value, m.date_start, m.date_end, m.granularity) == (value, first, last, granularity)


def test_month_without_year_takes_its_year_from_tense() -> None:
    published = D(2013, 3, 22)
    assert mention("The summit will be held in June.", "June", published).value == "2013-06"
    assert mention("The summit was held in June.", "June", published).value == "2012-06"
    assert mention("It happened last June.", "last June", published).value == "2012-06"


def test_times_of_day() -> None:
    m = mention("The sirens sounded at 3 p.m. local time.", "3 p.m. local time")
    assert (m.type, m.value, m.date_start) == ("TIME", "2024-04-14T15:00", SUNDAY)
    early = mention("Drones were launched early Friday.", "early Friday")
    assert (early.value, early.mod) == ("2024-04-12", "START")
    assert (
        mention("He arrived at 10:35 a.m. Tuesday.", "10:35 a.m. Tuesday").value
        == "2024-04-09T10:35"
    )
    assert mention("talks ran past midnight", "midnight").value == "2024-04-14T24:00"


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and a ticket is $27.",
        "We may go, and they may not.",
        "Half of them, 1/2 of the vote, 50% of seats.",
        "The score was 3-2 and then 21-14.",
        "Call 555-1234 or (202) 555-0199.",
        "See page 12, chapter 3, line 1998-a.",
        "They march on the capital; the sun. sat on the mat.",
        "Some 1500 troops and about 1800 police were deployed.",
        "The mon key and the wed ding.",
        "A second round and a second term; a quarter of the vote.",
        "A 6-year-old boy and his 44-year-old mother.",
        "Since the Six-Day War and the Hundred Years' War.",
        "G7 leaders, COP28, Resolution 2334 and Flight 370.",
        "He spoke at the annual March for Life and the March of the Mothers.",
    ],
)
def test_non_dates_give_nothing(text: str) -> None:
    assert resolve_text(text, SUNDAY) == []


def test_may_is_a_month_only_where_a_month_fits() -> None:
    assert [m.value for m in resolve_text("Elections are due in May.", SUNDAY)] == ["2024-05"]
    assert [m.value for m in resolve_text("May 5 was quiet.", SUNDAY)] == ["2024-05-05"]
    assert resolve_text("Officials may meet again.", SUNDAY) == []


def test_explicit_dates_resolve_without_a_publication_date() -> None:
    m = only("It was signed on Oct. 16, 2023.", None)
    assert (m.value, m.date_start, m.basis) == ("2023-10-16", D(2023, 10, 16), "explicit")


def test_invalid_calendar_dates_are_not_dates() -> None:
    assert resolve_text("on February 30, 2023 and 2023-13-45", SUNDAY) == []


@pytest.mark.parametrize(
    ("text", "words", "value", "first", "last"),
    [
        (
            "The summit runs Oct. 16-17, 2023 in Rome.",
            "Oct. 16-17, 2023",
            "2023-10-16",
            D(2023, 10, 16),
            D(2023, 10, 17),
        ),
        (
            "at the NATO summit on April 24 and 25.",
            "April 24 and 25",
            "2024-04-24",
            D(2024, 4, 24),
            D(2024, 4, 25),
        ),
        ("Revenue rose in Q3 2024.", "Q3 2024", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30)),
        ("Sales fell in 3Q24.", "3Q24", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30)),
        ("Profit in H1 2024 doubled.", "H1 2024", "2024-H1", D(2024, 1, 1), D(2024, 6, 30)),
        ("Results for FY2023 were flat.", "FY2023", "2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("Sirens at 0930 GMT.", "0930 GMT", "2024-04-14T09:30", SUNDAY, SUNDAY),
        ("Talks at 14:30 local time.", "14:30 local time", "2024-04-14T14:30", SUNDAY, SUNDAY),
    ],
)
def test_ranges_business_periods_and_24_hour_clock(text, words, value, first, last) -> None:
    m = mention(text, words)
    assert (m.value, m.date_start, m.date_end) == (value, first, last)


def test_a_number_after_a_date_is_not_a_range() -> None:
    assert [m.text for m in resolve_text("On March 3 and 2 others left.", SUNDAY)] == ["March 3"]


def test_numeric_dates_day_first_when_the_month_cannot_come_first() -> None:
    values = [m.value for m in resolve_text("on 25/12/2023, 12/25/2023 and 16.10.2023", SUNDAY)]
    assert values == ["2023-12-25", "2023-12-25", "2023-10-16"]


def test_spelled_out_years_of_broadcast_transcripts() -> None:
    found = [
        (m.text, m.value)
        for m in resolve_text("by the year two thousand, as in nineteen ninety-six", SUNDAY)
    ]
    assert found == [("the year two thousand", "2000"), ("nineteen ninety-six", "1996")]
    assert resolve_text("twenty two people and two thousand soldiers", SUNDAY) == []


def test_weeks_named_by_a_day_or_an_ordinal() -> None:
    week = mention("a hearing the week of March 6, he said", "the week of March 6")
    assert (week.value, week.date_start, week.date_end) == (
        "2024-W10",
        D(2024, 3, 4),
        D(2024, 3, 10),
    )
    first = mention("Talks will resume in the first week of June.", "the first week of June")
    assert (first.value, first.date_start, first.date_end) == (
        "2024-06",
        D(2024, 6, 1),
        D(2024, 6, 7),
    )
    last = mention("in the last week of May 2023", "the last week of May 2023")
    assert (last.date_start, last.date_end) == (D(2023, 5, 25), D(2023, 5, 31))


def test_cross_month_ranges_reuters_ends_and_year_end() -> None:
    m = mention("Talks run Jan. 30-Feb. 2, 2024 in Paris.", "Jan. 30-Feb. 2, 2024")
    assert (m.date_start, m.date_end, m.granularity) == (D(2024, 1, 30), D(2024, 2, 2), "range")
    end = mention("a deal by end-March", "end-March")
    assert (end.value, end.mod, end.date_end) == ("2024-03", "END", D(2024, 3, 31))
    assert mention("Cuts are planned by year-end.", "year-end").value == "2024-12-31"


def test_a_range_that_is_not_one_still_finds_what_follows() -> None:
    found = [
        (m.text, m.value) for m in resolve_text("On March 3 and 2 others left on Friday.", SUNDAY)
    ]
    assert found == [("March 3", "2024-03-03"), ("Friday", "2024-04-12")]


def test_lowercase_names_count_only_when_they_cannot_be_words() -> None:
    found = [
        (m.text, m.value)
        for m in resolve_text("he said on sunday that talks resume october 3", SUNDAY)
    ]
    assert found == [("sunday", "2024-04-14"), ("october 3", "2023-10-03")]
    assert resolve_text("they march on; the sun. set; an august body", SUNDAY) == []


def test_a_weekday_picks_the_year_of_a_date_without_one() -> None:
    # Published 2024-04-14: Oct. 16 was a Monday in 2023, a Wednesday in 2024.
    assert mention("He spoke on Monday, Oct. 16.", "Monday, Oct. 16").value == "2023-10-16"
    assert mention("Talks open Wednesday, Oct. 16.", "Wednesday, Oct. 16").value == "2024-10-16"
    assert resolve_text("according to the Sun. He left", SUNDAY) == []
