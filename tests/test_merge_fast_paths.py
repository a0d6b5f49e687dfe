"""The merge's shortcuts give what its general code gives: a lone telling is kept as it is only when
combining it would change nothing, on the events of the sample corpus and on edited copies of them
(a repeated actor, sources out of order or repeated, an empty place, an id its actors do not give)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.events import merge
from timeline.models import Event
from timeline.pipeline import analyse_file

INPUT = Path(__file__).resolve().parents[1] / "input"


def sample_events() -> list[Event]:
    events = []
    for path in sorted(p for p in INPUT.rglob("*") if p.is_file()):
        events += analyse_file(path, INPUT).events
    return events


def edited_copies(event: Event) -> list[Event]:
    copies = [event]
    if event.actors:
        copies.append(event.model_copy(update={"actors": [*event.actors, event.actors[0]]}))
    if len(event.sources) >= 1:
        twice = [*event.sources, event.sources[0]]
        copies.append(event.model_copy(update={"sources": twice}))
        copies.append(event.model_copy(update={"sources": twice[::-1]}))
    copies.append(event.model_copy(update={"location": ""}))
    copies.append(event.model_copy(update={"id": "e000000000000000"}))
    return copies


@pytest.fixture(scope="module")
def events() -> list[Event]:
    found = sample_events()
    assert len(found) > 30
    return [copy for event in found for copy in edited_copies(event)]


def test_a_lone_telling_is_combined_as_the_general_code_combines_it(events, monkeypatch) -> None:
    fast = [merge.combine([e]) for e in events]
    monkeypatch.setattr(merge, "already_combined", lambda event: False)
    general = [merge.combine([e]) for e in events]
    kept = 0
    for event, a, b in zip(events, fast, general, strict=True):
        assert a == b
        assert (a is event) == (b is event)
        kept += a is event
    assert 0 < kept < len(events)  # both ways are taken


def test_merging_the_sample_and_its_copies_matches_the_general_combine(events, monkeypatch):
    fast = merge.merge_events(events)
    monkeypatch.setattr(merge, "already_combined", lambda event: False)
    assert merge.merge_events(events) == fast
