"""Relative expressions, tense, fuzzy ranges, anaphora, durations and sets."""

from __future__ import annotations

import pytest

from tests.dates.helpers import SUNDAY, D, days, mention, only
from timeline.dates import resolve_text


@pytest.mark.parametrize(
    ("text", "words", "value", "first", "last"),
    [
        ("Gallant said on Sunday.", "Sunday", "2024-04-14", SUNDAY, SUNDAY),
        ("It was repelled yesterday.", "yesterday", "2024-04-13", D(2024, 4, 13), D(2024, 4, 13)),
        ("He spoke today.", "today", "2024-04-14", SUNDAY, SUNDAY),
        ("They met last week.", "last week", "2024-W14", D(2024, 4, 1), D(2024, 4, 7)),
        ("They meet next month.", "next month", "2024-05", D(2024, 5, 1), D(2024, 5, 31)),
        ("It began two days ago.", "two days ago", "2024-04-12", D(2024, 4, 12), D(2024, 4, 12)),
        ("It began two years ago.", "two years ago", "2022", D(2022, 1, 1), D(2022, 12, 31)),
        ("He visited earlier this month.", "earlier this month", "2024-04", D(2024, 4, 1), SUNDAY),
        ("It will be decided later this year.", "later this year", "2024", SUNDAY, D(2024, 12, 31)),
        ("Talks resume this weekend.", "this weekend", "2024-W15-WE", D(2024, 4, 13), SUNDAY),
        ("Attacks rose in recent days.", "recent days", "PAST_REF", D(2024, 4, 4), SUNDAY),
        (
            "He will decide in the coming weeks.",
            "the coming weeks",
            "FUTURE_REF",
            SUNDAY,
            D(2024, 5, 26),
        ),
        ("He recently said so.", "recently", "PAST_REF", D(2024, 2, 14), SUNDAY),
        ("It is currently closed.", "currently", "PRESENT_REF", SUNDAY, SUNDAY),
        ("Prices fell this week.", "this week", "2024-W15", D(2024, 4, 8), SUNDAY),
        ("Growth slowed last summer.", "last summer", "2023-SU", D(2023, 6, 1), D(2023, 8, 31)),
        ("in the past two weeks", "the past two weeks", "P2W", D(2024, 3, 31), SUNDAY),
    ],
)
def test_relative_expressions_anchor_to_publication(text, words, value, first, last) -> None:
    m = mention(text, words)
    assert (m.value, m.date_start, m.date_end) == (value, first, last)
    assert m.basis == "relative" and m.anchor == SUNDAY


def test_tonight_and_parts_of_day_are_times() -> None:
    assert (only("He speaks tonight.").type, only("He speaks tonight.").value) == (
        "TIME",
        "2024-04-14TNI",
    )
    assert only("They met this morning.").value == "2024-04-14TMO"
    assert only("Sirens sounded last night.").value == "2024-04-13TNI"


def test_weekday_follows_the_tense_of_its_clause() -> None:
    # Published Sunday 14 April 2024.
    assert mention("He said on Sunday.", "Sunday").value == "2024-04-14"
    assert mention("He met Blinken on Wednesday.", "Wednesday").value == "2024-04-10"
    assert mention("He will travel on Wednesday.", "Wednesday").value == "2024-04-17"
    assert mention("Talks are due to resume on Tuesday.", "Tuesday").value == "2024-04-16"
    assert mention("The deadline runs until Friday.", "Friday").value == "2024-04-19"
    assert mention("They met last Friday.", "last Friday").value == "2024-04-12"
    assert mention("They meet next Tuesday.", "next Tuesday").value == "2024-04-16"


def test_weekday_on_a_friday_publication_is_that_friday() -> None:
    # Where dateparser and Recognizers go a week early.
    m = mention("The minister resigned Friday.", "Friday", D(2013, 3, 22))
    assert m.value == "2013-03-22"


def test_anaphora_resolve_against_the_last_stated_date() -> None:
    text = (
        "The envoys met on March 3. Later that day, talks stalled. "
        "The next morning, they left. A day earlier, a drone had struck."
    )
    assert mention(text, "Later that day").value == "2024-03-03"
    assert mention(text, "Later that day").basis == "relative"
    assert mention(text, "Later that day").anchor == D(2024, 3, 3)
    assert mention(text, "The next morning").value == "2024-03-04TMO"
    assert mention(text, "A day earlier").value == "2024-03-03"
    same = "The treaty was signed on Jan. 5, 1998. Protests began the same day."
    assert mention(same, "the same day").value == "1998-01-05"


def test_a_year_earlier_keeps_the_quarter_of_a_business_report() -> None:
    text = "Profit rose in the third quarter. A year earlier, it had fallen."
    assert mention(text, "the third quarter", D(1989, 10, 26)).value == "1989-Q3"
    assert mention(text, "A year earlier", D(1989, 10, 26)).value == "1988-Q3"


def test_day_before_yesterday() -> None:
    assert only("It happened the day before yesterday.").value == "2024-04-12"


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The strike lasted for three days.", "three days", "P3D"),
        ("It took a decade.", "a decade", "P10Y"),
        ("He will retire in five years.", "five years", "P5Y"),
        ("a five-hour meeting", "five-hour", "PT5H"),
        ("after 5 1/2 hours of talks", "5 1/2 hours", "PT5H30M"),
        ("for several years", "several years", "PXY"),
        ("It has been closed for weeks.", "weeks", "PXW"),
        ("the first nine months", "the first nine months", "P9M"),
    ],
)
def test_durations(text: str, words: str, value: str) -> None:
    m = mention(text, words)
    assert (m.type, m.value) == ("DURATION", value)


def test_approximate_duration_keeps_its_modifier_and_marks_approx() -> None:
    m = only("The talks lasted about five hours.")
    assert (m.text, m.value, m.mod) == ("about five hours", "PT5H", "APPROX")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They meet every Monday.", "XXXX-WXX-1"),
        ("Flights leave daily.", "P1D"),
        ("The council meets twice a year.", "P1Y"),
        ("It is checked each week.", "P1W"),
    ],
)
def test_sets(text: str, value: str) -> None:
    m = only(text)
    assert (m.type, m.value) == ("SET", value)


def test_without_publication_date_relative_ones_are_kept_unanchored() -> None:
    mentions = resolve_text("He said on Sunday that two days ago, in March, it rained.", None)
    values = {m.text: m for m in mentions}
    assert values["Sunday"].value == "XXXX-WXX-7"
    assert values["two days ago"].value == "XXXX-XX-XX"
    assert values["March"].value == "XXXX-03"
    for m in mentions:
        assert m.date_start is None and m.date_end is None and m.anchor is None
        assert m.basis == "relative"


def test_mentions_are_in_text_order_with_inclusive_ranges() -> None:
    text = "On Sunday, 2024-04-14, after last week and in March 2024, he said that now is the time."
    mentions = resolve_text(text, SUNDAY)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        if m.date_start:
            assert days(m)[0] <= days(m)[1]


def test_end_and_rest_of_the_period_of_publication() -> None:
    end = mention("A deal is expected by the end of the year.", "the end of the year")
    assert (end.value, end.mod, end.date_end) == ("2024", "END", D(2024, 12, 31))
    rest = mention("Schools stay shut for the rest of the month.", "the rest of the month")
    assert (rest.value, rest.date_start, rest.date_end) == ("2024-04", SUNDAY, D(2024, 4, 30))


def test_earlier_in_the_day_is_the_day_last_stated() -> None:
    m = mention("He met Sisi on Jan. 5. Earlier in the day, he flew in.", "Earlier in the day")
    assert (m.value, m.basis, m.anchor) == ("2024-01-05", "relative", D(2024, 1, 5))


def test_an_interval_after_an_event_is_a_duration_not_a_date() -> None:
    assert [(m.text, m.value) for m in resolve_text("two days after the vote", SUNDAY)] == [
        ("two days", "P2D")
    ]


def test_vague_counts_from_the_last_date_are_honest_ranges() -> None:
    text = "He arrived on Jan. 5. Days later, he left. Hours later, shots rang out."
    days_later = mention(text, "Days later")
    assert days_later.value == "FUTURE_REF" and days_later.anchor == D(2024, 1, 5)
    assert D(2024, 1, 5) < days_later.date_start <= days_later.date_end < D(2024, 2, 1)
    assert mention(text, "Hours later").value == "2024-01-05"
    assert mention("This past Sunday he spoke.", "This past Sunday").value == "2024-04-07"


def test_tense_comes_from_the_clause_of_the_expression() -> None:
    text = "Blinken, who last visited the region in February, is expected to stay until Wednesday."
    assert mention(text, "February").value == "2024-02"
    assert mention(text, "Wednesday").value == "2024-04-17"


def test_a_publication_timestamp_anchors_by_its_day() -> None:
    import datetime as dt

    m = only("He spoke yesterday.", dt.datetime(2024, 4, 14, 10, 30))
    assert (m.value, m.date_start, m.anchor) == ("2024-04-13", D(2024, 4, 13), SUNDAY)


def test_the_year_of_a_report() -> None:
    text = "For the year ended Sept. 30, sales rose. Sales for the full year were flat."
    ended = mention(text, "the year", D(1989, 10, 26))
    assert (ended.type, ended.value) == ("DURATION", "P1Y")
    full = mention(text, "the full year", D(1989, 10, 26))
    assert (full.type, full.value, full.basis) == ("DATE", "1989", "relative")


def test_weekday_to_weekday_is_one_range() -> None:
    text = "Iran sent drones toward Israel from late Saturday into the early hours of Sunday."
    m = mention(text, "late Saturday into the early hours of Sunday")
    assert (m.date_start, m.date_end, m.granularity) == (D(2024, 4, 13), SUNDAY, "range")
    ahead = mention("Talks will run Monday to Wednesday.", "Monday to Wednesday")
    assert (ahead.date_start, ahead.date_end) == (D(2024, 4, 15), D(2024, 4, 17))
