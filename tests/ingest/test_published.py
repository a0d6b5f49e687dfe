"""The publication-date finder chain: each finder on its own, their order, and the seeds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ingest.helpers import DATA, only
from timeline.ingest.clean import clean
from timeline.published import (
    PublishedHints,
    explicit_dates,
    find_published,
    numeric_dates,
    parse_date_value,
)


def published(text: str, **hints) -> tuple[dt.date | None, str, list[str]]:
    found = find_published(PublishedHints(source=text, cleaned=clean(text), **hints))
    return found.date, found.basis, found.warnings


STORY = "The ministers met in Vienna on Monday and agreed to meet again after the summer break.\n"


# --- the seeds -------------------------------------------------------------------------------


def test_seed_000_header_line(seeds) -> None:
    doc = only(seeds / "000_a7d7234df7c54015.txt", seeds)
    assert (doc.article.published, doc.article.published_basis) == (dt.date(2024, 4, 14), "header")
    assert doc.article.warnings == []


def test_seed_004_glued_byline(seeds) -> None:
    doc = only(seeds / "004_ea53efc7631f0a8e.txt", seeds)
    assert (doc.article.published, doc.article.published_basis) == (dt.date(2024, 3, 27), "byline")
    assert doc.author == "Eleanor Harrison"


def test_seed_001_has_no_date_and_is_inferred_and_flagged(seeds) -> None:
    doc = only(seeds / "001_6cbc2ccd4311eca1.txt", seeds)
    assert doc.article.published_basis == "inferred"
    assert doc.article.published is not None and doc.article.published >= dt.date(2023, 1, 31)
    assert any("no publication date stated" in w for w in doc.article.warnings)


# --- one test per finder ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 4, 14), dt.date(2024, 4, 14)),
        (dt.datetime(2024, 4, 14, 23, 0), dt.date(2024, 4, 14)),
        ("2024-04-14", dt.date(2024, 4, 14)),
        ("2024-04-14T23:30:00-04:00", dt.date(2024, 4, 14)),  # the writer's day, not UTC's
        ("Sun, 14 Apr 2024 23:30:00 -0400", dt.date(2024, 4, 14)),
        ("April 14, 2024", dt.date(2024, 4, 14)),
        ("14.04.2024", dt.date(2024, 4, 14)),
        ("14/04/2024", dt.date(2024, 4, 14)),
        (1713052800, dt.date(2024, 4, 14)),
        ("03/04/2024", None),  # March 4 or April 3: never guessed
        ("soon", None),
        ("", None),
        (True, None),
    ],
)
def test_metadata_values(value, expected) -> None:
    assert parse_date_value(value) == expected


def test_metadata_wins_over_everything_in_the_text() -> None:
    text = "date 2024-04-14\nBy Jane Doe Mar27,2024\n\n" + STORY
    assert published(text, meta={"date": "2023-01-02"})[:2] == (dt.date(2023, 1, 2), "metadata")


def test_metadata_that_is_not_a_date_is_reported_and_the_chain_goes_on() -> None:
    day, basis, warnings = published("date 2024-04-14\n\n" + STORY, meta={"published": "tbd"})
    assert (day, basis) == (dt.date(2024, 4, 14), "header")
    assert warnings == ["metadata field 'published' is not a date: 'tbd'"]


def test_placeholder_metadata_date_is_ignored_with_a_warning() -> None:
    day, basis, warnings = published(
        "date 2024-04-14\n\n" + STORY, meta={"date": "1970-01-01T00:00:00Z"}
    )
    assert (day, basis) == (dt.date(2024, 4, 14), "header")
    assert warnings == ["metadata field 'date' holds the placeholder date 1970-01-01; ignored"]


def test_header_line() -> None:
    assert published(" date 2024-04-14 Theme\n\n" + STORY)[:2] == (dt.date(2024, 4, 14), "header")


def test_html_meta_hint() -> None:
    day, basis, _ = published(STORY, html_meta=dt.date(2024, 2, 8))
    assert (day, basis) == (dt.date(2024, 2, 8), "html-meta")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("By Eleanor Harrison Mar27,2024", dt.date(2024, 3, 27)),
        ("By Jane Doe | March 27, 2024", dt.date(2024, 3, 27)),
        ("Published: 17 October 2023", dt.date(2023, 10, 17)),
        ("Posted: 15.04.2024 · 08:20 CET", dt.date(2024, 4, 15)),
        ("Published 2023.08.19 09:40 KST  |  Updated 2023.08.19 11:02 KST", dt.date(2023, 8, 19)),
        ("Updated: 10 January 2024 | Published: 9 January 2024", dt.date(2024, 1, 9)),
        ("Last updated: 30/01/2023 19:05", dt.date(2023, 1, 30)),
        ("Wednesday, March 27, 2024", dt.date(2024, 3, 27)),
        # As major sites print them, scraped.
        ("Updated 3:41 PM EDT, March 27, 2024", dt.date(2024, 3, 27)),
        ("Published On 27 Mar 2024", dt.date(2024, 3, 27)),
        ("Wed 27 Mar 2024 14.05 GMT", dt.date(2024, 3, 27)),
        ("27 March 2024, 4:15 pm", dt.date(2024, 3, 27)),
        ("March 27, 20244:15 PM GMT+9Updated 2 hours ago", dt.date(2024, 3, 27)),
    ],
)
def test_byline_and_published_labels(head: str, expected: dt.date) -> None:
    text = f"Ministers meet in Vienna\n\n{head}\n\n{STORY}"
    assert published(text)[:2] == (expected, "byline")


def test_byline_after_a_standfirst() -> None:
    text = (
        "Ministers meet in Vienna\n\nEurope's envoys try again to save the nuclear deal\n\n"
        "By Jane Doe | March 27, 2024\n\n" + STORY
    )
    assert published(text)[:2] == (dt.date(2024, 3, 27), "byline")


def test_byline_finder_ignores_dates_in_captions_and_link_lists() -> None:
    text = (
        "Ministers meet in Vienna\n\n"
        "The ministers in Vienna, March 3, 2024. (Photo: Jan Novak/Pool)\n\n"
        + STORY
        + "\nRead more:\nEU summit ends without deal – March 30, 2024\n"
    )
    day, basis, _ = published(text)
    assert basis == "inferred" and day == dt.date(2024, 3, 3)


def test_dateline_with_and_without_year() -> None:
    with_year = "GAZA CITY, Oct 7, 2023 (AFP) — " + STORY
    assert published(with_year)[:2] == (dt.date(2023, 10, 7), "dateline")
    # No year: the year that puts the date nearest the other dates of the text.
    without = "WASHINGTON, January 3 (Reuters) - " + STORY + "\nThey last met on Dec. 20, 2023.\n"
    day, basis, warnings = published(without)
    assert (day, basis) == (dt.date(2024, 1, 3), "dateline")
    assert "taken from the text" in warnings[0]


def test_dateline_without_any_year_is_flagged() -> None:
    day, basis, warnings = published("WASHINGTON, January 3 (Reuters) - " + STORY)
    assert (day, basis) == (None, "inferred")
    assert any("has no year" in w for w in warnings)


def test_file_name() -> None:
    doc = only(DATA / "2024-05-02_scholz_tusk.txt")
    assert (doc.article.published, doc.article.published_basis) == (dt.date(2024, 5, 2), "file")


def test_folder_names_date_the_article() -> None:
    assert published(STORY, folder="reuters/2024/03/27", file_name="talks.txt")[:2] == (
        dt.date(2024, 3, 27),
        "file",
    )
    # A year-month folder is not a date, but it gives a year-less dateline its year.
    assert published(STORY, folder="reuters/2024-03")[:2] == (None, "inferred")
    dateline = "WASHINGTON, March 27 (Reuters) - " + STORY
    day, basis, warnings = published(dateline, folder="reuters/2024-03")
    assert (day, basis) == (dt.date(2024, 3, 27), "dateline")
    assert warnings == [
        "year of dateline 'WASHINGTON, March 27 (Reuters) -' taken from the folder name"
    ]


def test_inferred_is_the_latest_body_date_never_a_link_or_caption() -> None:
    doc = only(DATA / "inferred_no_date.txt")
    # Body: Jan 28 and Feb 13; caption Feb 20; an ad March 31; "Read more" links March 2 and 5.
    assert (doc.article.published, doc.article.published_basis) == (
        dt.date(2024, 2, 13),
        "inferred",
    )
    assert doc.article.warnings == [
        "no publication date stated; inferred 2024-02-13 from the latest date in the text "
        "('February 13, 2024')"
    ]


def test_inferred_prefers_dates_the_story_reports_over_dates_it_looks_ahead_to() -> None:
    text = (
        "Talks in Cairo\n\nThe mediators met in Cairo on February 13, 2024, officials said.\n\n"
        "A new round is scheduled for March 3, 2024, before the elections on November 5, 2024.\n"
    )
    assert published(text)[:2] == (dt.date(2024, 2, 13), "inferred")
    only_future = (
        "Talks in Cairo\n\nThe mediators will meet again on March 3, 2024, officials said.\n"
    )
    # Only a date ahead: the article is from before it, and no date is better than a wrong one.
    assert published(only_future) == (
        None,
        "inferred",
        [
            "no publication date found; the text only looks ahead (to 'March 3, 2024'), so it is "
            "from before that"
        ],
    )


def test_no_date_anywhere() -> None:
    assert published(STORY) == (None, "inferred", ["no publication date found"])


def test_chain_order_header_before_byline() -> None:
    text = "date 2024-04-14\n\nBy Jane Doe Mar27,2024\n\n" + STORY
    assert published(text)[:2] == (dt.date(2024, 4, 14), "header")


# --- the date patterns ---------------------------------------------------------------------------


def test_explicit_date_forms() -> None:
    text = "Monday, Oct. 16, 2023; 31 January 2023; Mar27,2024; 2024-04-14; May 5; Sept 3rd, 2022"
    assert [d for d, _, _ in explicit_dates(text)] == [
        dt.date(2023, 10, 16),
        dt.date(2023, 1, 31),
        dt.date(2024, 3, 27),
        dt.date(2024, 4, 14),
        dt.date(2022, 9, 3),
    ]


def test_numeric_dates_only_when_certain() -> None:
    assert [d for d, _, _ in numeric_dates("15.04.2024 2023.08.19 30/01/2023 03/04/2024")] == [
        dt.date(2024, 4, 15),
        dt.date(2023, 8, 19),
        dt.date(2023, 1, 30),
    ]


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]  # fmt: skip


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
    form=st.sampled_from(
        ["{M} {d}, {y}", "{m}. {d}, {y}", "{d} {M} {y}", "{y}-{mm}-{dd}", "{m}{d},{y}"]
    ),
    before=st.text(alphabet=st.characters(blacklist_categories=("Nd", "L")), max_size=10),
)
def test_explicit_dates_round_trip(day: dt.date, form: str, before: str) -> None:
    name = MONTH_NAMES[day.month - 1]
    words = form.format(
        M=name, m=name[:3], d=day.day, y=day.year, mm=f"{day.month:02}", dd=f"{day.day:02}"
    )
    assert [d for d, _, _ in explicit_dates(before + " " + words + " said.")] == [day]
