"""Merge the same event told several times into one entry (walking-skeleton version)."""

from __future__ import annotations

from timeline.models import Event


def merge_events(events: list[Event]) -> list[Event]:
    """One entry per event id, sources combined, ordered by date then id."""
    merged: dict[str, Event] = {}
    for event in events:
        if event.id in merged:
            known = merged[event.id]
            known.sources.extend(s for s in event.sources if s not in known.sources)
        else:
            merged[event.id] = event.model_copy(deep=True)
    return sorted(merged.values(), key=lambda e: (e.date.start, e.id))
