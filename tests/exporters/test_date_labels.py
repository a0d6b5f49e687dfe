"""How every output words an event's date and its precision."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.exporters.base import date_label, format_day, precision_note
from timeline.models import EventDate


def date(start: str, end: str, granularity: str, basis: str = "relative") -> EventDate:
    return EventDate(
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
        granularity=granularity,
        timex="X",
        basis=basis,
        expression="",
    )


@pytest.mark.parametrize(
    ("start", "end", "granularity", "basis", "label"),
    [
        ("2024-04-14", "2024-04-14", "day", "explicit", "14 April 2024"),
        ("2024-04-14", "2024-04-14", "day", "publication", "14 April 2024 (date of the report)"),
        ("2024-04-08", "2024-04-14", "week", "relative", "week of 8 April 2024"),
        ("2024-03-01", "2024-03-31", "month", "relative", "March 2024"),
        ("2024-02-01", "2024-02-29", "month", "explicit", "February 2024"),
        ("2024-03-22", "2024-03-31", "month", "relative", "22–31 March 2024"),
        ("2024-04-01", "2024-06-30", "quarter", "relative", "Q2 2024"),
        ("2024-01-01", "2024-12-31", "year", "explicit", "2024"),
        ("2024-09-01", "2024-12-31", "year", "relative", "1 September – 31 December 2024"),
        ("2024-04-28", "2024-04-29", "range", "explicit", "28–29 April 2024"),
        ("2024-03-30", "2024-04-02", "range", "explicit", "30 March – 2 April 2024"),
        ("2024-12-30", "2025-01-02", "range", "explicit", "30 December 2024 – 2 January 2025"),
        ("2024-04-07", "2024-04-14", "range", "inferred", "on or before 14 April 2024"),
        ("2024-04-14", "2024-04-14", "day", "inferred", "on or before 14 April 2024"),
    ],
)
def test_date_label(start: str, end: str, granularity: str, basis: str, label: str) -> None:
    assert date_label(date(start, end, granularity, basis)) == label


def test_precision_note_says_what_the_calendar_span_cannot() -> None:
    assert precision_note(date("2024-04-14", "2024-04-14", "day", "explicit")) == ""
    assert precision_note(date("2024-03-01", "2024-03-31", "month")) == (
        "The source gives only the month: March 2024 (2024-03-01 to 2024-03-31)."
    )
    assert precision_note(date("2024-03-22", "2024-03-31", "month")).startswith(
        "The source gives no exact day: 22–31 March 2024"
    )
    assert precision_note(date("2024-04-07", "2024-04-14", "range", "inferred")) == (
        "The source does not state the date; it happened on or before 14 April 2024."
    )


def test_month_names_do_not_depend_on_the_locale() -> None:
    assert format_day(dt.date(2024, 5, 2)) == "2 May 2024"
