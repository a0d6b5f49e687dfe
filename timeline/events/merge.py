"""Merge the same event told by several articles (or twice in one) into one entry.

Two events are the same when they are of the same type family, their dates overlap and their
actors overlap. Candidates are found by blocking on (family, actor key) and sweeping each block
in date order, so the cost grows with the corpus and the number of truly overlapping events, not
with its square. Everything is decided by the events' content, never by the order they came in."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from timeline.events.extract import PRECISION, actor_key, event_id, family_of
from timeline.models import Actor, Event

GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "range": 4, "year": 5}


def precision_rank(event: Event) -> tuple:
    """Smaller is better: a stated day beats a month, a month beats a guess from publication."""
    d = event.date
    return (
        PRECISION[d.basis] == 3,
        (d.end - d.start).days,
        GRANULARITY_RANK.get(d.granularity, 9),
        PRECISION[d.basis],
    )


def content_key(event: Event) -> tuple:
    """A total order on events that depends only on what they say."""
    return (
        precision_rank(event),
        event.date.start,
        event.type,
        event.title,
        [s.evidence for s in event.sources],
        [s.article for s in event.sources],
    )


def keys_of(event: Event) -> frozenset[str]:
    return frozenset(actor_key(a) for a in event.actors)


def overlap(a: Event, b: Event) -> bool:
    if a.date.start > b.date.end or b.date.start > a.date.end:
        return False
    ka, kb = keys_of(a), keys_of(b)
    shared = ka & kb
    if not shared:
        return False
    # "Blinken meets Gallant" and "Blinken meets Netanyahu" on one day are two meetings.
    return ka <= kb or kb <= ka or len(shared) >= 2


class UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def link_overlapping(events: list[Event], members: list[int], uf: UnionFind, blocks: dict) -> None:
    """Union every overlapping pair among members, comparing only events sharing a block."""
    for block in blocks.values():
        block.sort(key=lambda i: (events[i].date.start, events[i].date.end))
        active: list[int] = []
        for i in block:
            start = events[i].date.start
            active = [j for j in active if events[j].date.end >= start]
            for j in active:
                if overlap(events[i], events[j]):
                    uf.union(i, j)
            active.append(i)


def blocks_for(events: list[Event], members: list[int]) -> dict[tuple, list[int]]:
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in members:
        family = family_of(events[i].type)
        for key in keys_of(events[i]) or {""}:
            blocks[(family, key)].append(i)
    return blocks


def combine(group: list[Event]) -> Event:
    """One event from several tellings: the most precise date, every actor, every source."""
    group = sorted(group, key=content_key)
    best = group[0]
    actors: dict[str, Actor] = {}
    for event in group:
        for actor in event.actors:
            known = actors.get(actor_key(actor))
            if known is None or (actor.role and not known.role):
                actors[actor_key(actor)] = actor
    sources = sorted(
        {(s.article, s.evidence): s for e in group for s in e.sources}.values(),
        key=lambda s: (s.article, s.evidence),
    )
    location = best.location or next((e.location for e in group if e.location), None)
    ordered_actors = [actors[actor_key(a)] for a in best.actors if actor_key(a) in actors]
    ordered_actors += sorted(
        (a for k, a in actors.items() if k not in {actor_key(b) for b in best.actors}),
        key=actor_key,
    )
    return best.model_copy(
        update={
            "id": event_id(family_of(best.type), best.date.start, list(actors)),
            "actors": ordered_actors,
            "location": location,
            "sources": sources,
        }
    )


class DateIndex:
    """One block's events sorted by start date, to find those overlapping a range by bisection."""

    def __init__(self, events: list[Event], members: list[int]) -> None:
        self.members = sorted(members, key=lambda i: events[i].date.start)
        self.starts = [events[i].date.start for i in self.members]
        self.longest = max(
            (events[i].date.end - events[i].date.start for i in members),
            default=dt.timedelta(0),
        )

    def overlapping(self, start: dt.date, end: dt.date) -> list[int]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_right(self.starts, end)
        return self.members[lo:hi]


def merge_events(events: list[Event]) -> list[Event]:
    """One entry per event told, sources combined, in timeline order.

    Events with a stated date are merged first; an event dated only by its article's publication
    then joins the stated event it fits, so a loose range never chains two different days."""
    events = sorted(events, key=content_key)
    uf = UnionFind(len(events))
    dated = [i for i, e in enumerate(events) if e.date.basis != "inferred"]
    blocks = blocks_for(events, dated)
    link_overlapping(events, dated, uf, blocks)
    indexes = {key: DateIndex(events, members) for key, members in blocks.items()}
    undated = [i for i, e in enumerate(events) if e.date.basis == "inferred"]
    for i in undated:
        event = events[i]
        family = family_of(event.type)
        candidates = {
            uf.find(j)
            for key in keys_of(event) or {""}
            if (family, key) in indexes
            for j in indexes[(family, key)].overlapping(event.date.start, event.date.end)
            if overlap(event, events[j])
        }
        if len(candidates) == 1:
            uf.union(i, candidates.pop())
    dated_roots = {uf.find(j) for j in dated}
    loose = [i for i in undated if uf.find(i) not in dated_roots]
    link_overlapping(events, loose, uf, blocks_for(events, loose))
    groups: dict[int, list[Event]] = defaultdict(list)
    for i, event in enumerate(events):
        groups[uf.find(i)].append(event)
    merged = [combine(group) for group in groups.values()]
    return sorted(merged, key=timeline_order)


def timeline_order(event: Event) -> tuple:
    """By date, then granularity (a day before the month containing it), then id."""
    return (event.date.start, GRANULARITY_RANK.get(event.date.granularity, 9), event.id)
