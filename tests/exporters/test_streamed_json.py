"""timeline.json is written a block of items at a time; the bytes must be the model's own dump."""

from __future__ import annotations

from exporter_samples import HOSTILE_TEXTS, SAMPLE_EVENTS, hostile_event, make_timeline, render

from timeline.models import Problem, Timeline


def expected(timeline: Timeline) -> bytes:
    return timeline.model_dump_json(indent=2).encode("utf-8") + b"\n"


def test_streamed_json_is_the_models_dump():
    events = [*SAMPLE_EVENTS, *(hostile_event(text) for text in HOSTILE_TEXTS.values())]
    timeline = make_timeline(*events)
    # A problem whose text looks like a placeholder of the layout must not fool the writer.
    timeline.problems.append(Problem(path="x.txt", error='bad\n  "events": []\n  ]'))
    assert render("json", timeline) == expected(timeline)


def test_streamed_json_of_an_empty_timeline():
    assert render("json", Timeline()) == expected(Timeline())


def test_streamed_json_across_blocks():
    # More events than one written block (256), so block joins are exercised.
    events = [SAMPLE_EVENTS[i % len(SAMPLE_EVENTS)] for i in range(600)]
    timeline = make_timeline(*events)
    assert render("json", timeline) == expected(timeline)
