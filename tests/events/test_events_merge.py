"""One entry per event however many articles tell it, in an order that never depends on reading."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from pathlib import Path

import pytest
from events_helpers import events_of, names
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events import merge_events
from timeline.events.extract import event_id, family_of
from timeline.events.merge import GRANULARITY_RANK, content_key, keys_of, unique_ids
from timeline.models import Event

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date.fromisoformat

TELLINGS = [
    (
        "Defense Secretary Lloyd Austin received Yoav Gallant at the Pentagon on Tuesday.",
        "2024-03-26",
    ),
    ("Lloyd Austin and Yoav Gallant held talks at the Pentagon yesterday.", "2024-03-27"),
    ("Austin met Gallant to discuss aid for Gaza.", "2024-03-27"),
    ("Blinken met Gallant on Monday.", "2024-03-26"),
    ("Blinken met Netanyahu on Monday.", "2024-03-26"),
]


def told(index: int) -> list[Event]:
    body, published = TELLINGS[index]
    return events_of(body, published, path=f"article{index}.txt")


def test_the_same_meeting_told_three_times_is_one_event_with_three_sources() -> None:
    merged = merge_events(told(0) + told(1) + told(2))
    assert len(merged) == 1
    meeting = merged[0]
    assert (meeting.date.start, meeting.date.end, meeting.date.basis) == (
        DAY("2024-03-26"),
        DAY("2024-03-26"),
        "relative",
    )
    assert names(meeting) == {"Lloyd Austin", "Yoav Gallant"}
    assert {s.article for s in meeting.sources} == {
        "a-article0.txt",
        "a-article1.txt",
        "a-article2.txt",
    }


def test_one_shared_actor_on_the_same_day_is_not_the_same_meeting() -> None:
    merged = merge_events(told(3) + told(4))
    assert sorted(tuple(sorted(names(e))) for e in merged) == [
        ("Antony Blinken", "Benjamin Netanyahu"),
        ("Antony Blinken", "Yoav Gallant"),
    ]


def test_an_undated_telling_fitting_two_days_stays_apart_rather_than_chaining_them() -> None:
    monday = events_of("Blinken met Gallant on Monday.", "2024-03-26", path="m.txt")
    wednesday = events_of("Blinken met Gallant on Wednesday.", "2024-03-27", path="w.txt")
    undated = events_of("Blinken met Gallant.", "2024-03-27", path="u.txt")
    merged = merge_events(monday + wednesday + undated)
    assert sorted(e.date.start for e in merged if e.date.basis != "inferred") == [
        DAY("2024-03-25"),
        DAY("2024-03-27"),
    ]
    assert len(merged) == 3


def test_ids_and_output_do_not_depend_on_the_order_articles_are_read() -> None:
    tellings = [told(i) for i in range(len(TELLINGS))]
    outputs = {
        json.dumps([e.model_dump(mode="json") for e in merge_events(sum(order, []))])
        for order in itertools.permutations(tellings)
    }
    assert len(outputs) == 1


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(len(TELLINGS))))
def test_merging_is_idempotent_and_order_free(order: list[int]) -> None:
    events = sum((told(i) for i in order), [])
    once = merge_events(events)
    assert merge_events(once) == once
    assert once == merge_events(sum((told(i) for i in range(len(TELLINGS))), []))


def test_timeline_order_is_date_then_granularity_then_id() -> None:
    body = "Blinken met Gallant in March. Austin met Gallant on March 1, 2024."
    merged = merge_events(events_of(body, "2024-03-26"))
    order = [(e.date.start, GRANULARITY_RANK[e.date.granularity], e.id) for e in merged]
    assert order == sorted(order)
    assert [e.date.granularity for e in merged][:2] == ["day", "month"]


@pytest.mark.skipif(
    not (REPO / "tests" / "data" / "events_gold.json").is_file(), reason="no events gold"
)
def test_quality_on_the_annotated_sample_corpus() -> None:
    """The benchmark's own scorer on input/: a floor under precision and recall, not a target."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import events as benchmark

    docs = benchmark.read_articles(REPO / "input")
    paths = {d.article.id: d.article.path for d in docs}
    merged = merge_events([e for d in docs for e in benchmark.analyse_article(d)])
    gold = json.loads((REPO / "tests" / "data" / "events_gold.json").read_text(encoding="utf-8"))
    result = benchmark.score(merged, gold, paths)
    assert result["precision"] >= 0.8, [e.title for e in result["spurious"]]
    assert result["recall"] >= 0.7, [(g["type"], g["actors"]) for g in result["missed"]]


def test_events_left_apart_on_the_same_first_day_get_two_ids() -> None:
    """ "On Monday" and "last week" (starting that Monday) fit two meetings and stay apart; one
    guid for both would make feed readers and calendars drop one."""
    monday = events_of("Blinken met Gallant on Monday.", "2024-03-26", path="m.txt")
    wednesday = events_of("Blinken met Gallant on Wednesday.", "2024-03-27", path="w.txt")
    week = events_of("Blinken met Gallant last week.", "2024-04-02", path="k.txt")
    merged = merge_events(monday + wednesday + week)
    starts = sorted((e.date.start, e.date.granularity) for e in merged)
    assert starts[:2] == [(DAY("2024-03-25"), "day"), (DAY("2024-03-25"), "week")]
    assert len({e.id for e in merged}) == len(merged) == 3
    # A day's id is what it always was: family, day and actors.
    day = next(e for e in merged if e.date.granularity == "day")
    assert (
        day.id
        == monday[0].id
        == event_id(family_of(day.type), day.date.start, sorted(keys_of(day)))
    )


@settings(max_examples=20, deadline=None)
@given(st.permutations(range(3)))
def test_colliding_ids_are_told_apart_by_content_in_any_order(order: list[int]) -> None:
    tellings = [told(0)[0], told(3)[0], told(4)[0]]
    clashing = [e.model_copy(update={"id": "e000000000000000"}) for e in tellings]
    renamed = unique_ids([clashing[i] for i in order])
    ids = {e.title: e.id for e in renamed}
    assert len(set(ids.values())) == 3
    first = min(clashing, key=content_key)
    assert ids[first.title] == "e000000000000000"
    assert ids == {e.title: e.id for e in unique_ids(list(clashing))}
