"""Events read from real and hand-written news text, with the date of the clause that states them."""

from __future__ import annotations

import datetime as dt

from events_helpers import article, events_of, names, only
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events import extract_events

DAY = dt.date.fromisoformat


def test_seed_000_statement_on_sunday_and_the_kirya_meeting_from_the_caption(seed_events) -> None:
    events = seed_events["000"]
    statements = [e for e in events if e.type == "statement" and e.date.basis != "inferred"]
    assert [(e.date.start, e.date.end, names(e)) for e in statements] == [
        (DAY("2024-04-14"), DAY("2024-04-14"), {"Yoav Gallant"})
    ]
    meeting = only(events, "meeting")
    assert (meeting.date.start, meeting.date.end) == (DAY("2023-10-16"), DAY("2023-10-16"))
    assert names(meeting) == {"Yoav Gallant", "Antony Blinken"}
    assert meeting.title == "Gallant meets Blinken in Tel Aviv"


def test_seed_001_meeting_on_the_caption_date(seed_events) -> None:
    meetings = [e for e in seed_events["001"] if e.type == "meeting"]
    assert DAY("2023-01-31") in {e.date.start for e in meetings if e.date.end == e.date.start}
    assert all(names(e) == {"Yoav Gallant", "Antony Blinken"} for e in meetings)


def test_seed_004_undated_meeting_is_bounded_by_publication_and_the_delegation_cancelled(
    seed_events,
) -> None:
    events = seed_events["004"]
    meeting = next(e for e in events if e.type == "meeting")
    assert names(meeting) >= {"Lloyd Austin", "Yoav Gallant"}
    assert meeting.date.basis == "inferred"
    assert meeting.date.end == DAY("2024-03-27") and meeting.date.start < meeting.date.end
    cancellation = only(events, "cancellation")
    assert names(cancellation) == {"Benjamin Netanyahu"}
    assert "visit to Washington" in cancellation.title


def test_no_event_comes_from_reader_addressed_boilerplate(seed_events) -> None:
    evidence = " ".join(
        s.evidence for events in seed_events.values() for e in events for s in e.sources
    )
    for phrase in ("Read more", "dedicated page", "Miss Universe", "Donate", "Get the latest"):
        assert phrase not in evidence


def test_the_date_of_the_clause_not_of_the_sentence() -> None:
    body = (
        "Netanyahu on Wednesday rejected the conditions Hamas had attached to a deal, "
        "only hours after he had met Blinken in Jerusalem on Tuesday."
    )
    events = events_of(body, "2024-02-08")
    rejection = only(events, "rejection")
    assert rejection.date.start == DAY("2024-02-07")
    assert names(rejection) == {"Benjamin Netanyahu", "Hamas"}
    meeting = only(events, "meeting")
    assert meeting.date.start == DAY("2024-02-06")
    assert names(meeting) == {"Benjamin Netanyahu", "Antony Blinken"}
    assert meeting.location == "Jerusalem"


def test_an_undated_event_is_a_range_ending_at_publication() -> None:
    meeting = only(events_of("Austin met Gallant at the Pentagon.", "2024-03-27"), "meeting")
    assert meeting.date.basis == "inferred"
    assert meeting.date.end == DAY("2024-03-27")
    assert meeting.date.start < meeting.date.end
    assert meeting.location == "Washington"


def test_a_caption_is_a_source_with_its_own_date() -> None:
    caption = "Gallant and Blinken at the Kirya in Tel Aviv, Monday, Oct. 16, 2023. (AP Photo/Pool)"
    events = events_of(
        "Gallant said on Sunday the attack was repelled.", "2024-04-14", captions=[caption]
    )
    meeting = only(events, "meeting")
    assert (meeting.date.start, meeting.location) == (DAY("2023-10-16"), "Tel Aviv")
    assert meeting.sources[0].evidence.startswith("Gallant and Blinken at the Kirya")
    assert "AP Photo" not in meeting.sources[0].evidence


def test_an_undated_file_photo_dates_nothing() -> None:
    events = events_of(
        "The minister spoke.",
        "2024-04-14",
        captions=["FILE — Gallant and Blinken in Tel Aviv. (Pool)"],
    )
    assert events == []


def test_undated_commentary_quotes_and_plans_are_not_events() -> None:
    body = (
        "Blinken met Gallant in Tel Aviv on Monday. "
        "Blinken said the talks were useful. "
        "“We will strike back and we will meet again,” Gallant said. "
        "Dermer and Hanegbi would not travel to Washington. "
        "Biden is expected to visit Berlin."
    )
    assert [e.type for e in events_of(body, "2024-03-26")] == ["meeting"]


def test_an_undated_saying_of_someone_doing_nothing_else_is_news_before_publication() -> None:
    body = (
        "Blinken met Gallant in Tel Aviv on Monday. "
        "White House spokesman John Kirby said the United States welcomed the talks. "
        "Kirby said Washington would keep pressing for a deal."
    )
    statement = only(events_of(body, "2024-03-26"), "statement")
    assert names(statement) == {"John Kirby"}
    assert (statement.date.basis, str(statement.date.end)) == ("inferred", "2024-03-26")


def test_coordinated_verbs_share_their_subject() -> None:
    body = (
        "Israeli Prime Minister Benjamin Netanyahu on Monday criticized the United States "
        "and called off a planned visit to Washington by two of his advisers."
    )
    events = events_of(body, "2024-03-25")
    assert {e.type for e in events} == {"criticism", "cancellation"}
    assert names(only(events, "criticism")) == {"Benjamin Netanyahu", "United States"}
    cancellation = only(events, "cancellation")
    assert names(cancellation) == {"Benjamin Netanyahu"}
    assert cancellation.date.start == DAY("2024-03-25")


def test_a_relative_clause_takes_its_subject_from_the_noun_it_hangs_on() -> None:
    body = (
        "President Joe Biden, who had spoken with Prime Minister Benjamin Netanyahu late on "
        "Saturday, said US forces had helped."
    )
    call = only(events_of(body, "2024-04-14"), "call")
    assert names(call) == {"Joe Biden", "Benjamin Netanyahu"}
    assert call.date.start == DAY("2024-04-13")


def test_a_visit_names_the_visitor_and_the_host_country() -> None:
    visit = only(events_of("Blinken arrived in Tel Aviv on Thursday.", "2023-10-12"), "visit")
    assert names(visit) == {"Antony Blinken", "Israel"}
    assert (visit.location, visit.title) == ("Tel Aviv", "Blinken visits Tel Aviv")


def test_ids_are_stable_hashes_of_what_defines_the_event() -> None:
    body = "Austin met Gallant at the Pentagon on Tuesday."
    first = events_of(body, "2024-03-26", path="a.txt")
    again = events_of("On Tuesday, Gallant met Austin.", "2024-03-26", path="b.txt")
    assert first[0].id == again[0].id
    # A week later "on Tuesday" is another Tuesday, so another meeting.
    assert first[0].id != events_of(body, "2024-04-03")[0].id


def test_anniversaries_recall_history_rather_than_report_it() -> None:
    body = (
        "Zelensky hosted Meloni in Kyiv on Saturday, the second anniversary of Russia's "
        "full-scale invasion."
    )
    assert [e.type for e in events_of(body, "2024-02-24")] == ["meeting"]


def test_an_undated_article_keeps_only_events_with_dates_of_their_own() -> None:
    body = "Blinken met Gallant in Tel Aviv on Jan. 31, 2023. Gallant met Austin at the Pentagon."
    events = events_of(body, None)
    assert [(e.type, e.date.start) for e in events] == [("meeting", DAY("2023-01-31"))]


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("Bliken metGaånt İ,.;—“”'’ \n0123456789")), max_size=300)
)
def test_any_text_is_read_without_error(body: str) -> None:
    # The event stage alone (no date mentions): "İ" lowers to two characters, a classic trap.
    for event in extract_events(article(body, "2024-03-26"), []):
        assert event.sources and event.date.start <= event.date.end


def test_an_unsaid_canceller_and_its_date_come_from_the_announcement() -> None:
    body = (
        "Jordan's foreign minister, Ayman Safadi, announced on Tuesday that a summit in Amman, "
        "where King Abdullah II was to host Biden, had been called off."
    )
    cancellation = only(events_of(body, "2023-10-18"), "cancellation")
    assert names(cancellation) == {"Ayman Safadi"}
    assert cancellation.actors[0].country == "Jordan"
    assert cancellation.date.start == DAY("2023-10-17")


def test_hours_after_is_the_same_day_as_the_main_clause() -> None:
    body = (
        "Netanyahu on Wednesday rejected the conditions Hamas had set, only hours after he "
        "had met the US secretary of state, Antony Blinken, in Jerusalem."
    )
    meeting = only(events_of(body, "2024-02-08"), "meeting")
    assert names(meeting) == {"Benjamin Netanyahu", "Antony Blinken"}
    assert meeting.date.start == meeting.date.end == DAY("2024-02-07")
