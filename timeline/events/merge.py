"""Merge the same event told by several articles (or twice in one) into one entry.

Two events are the same when they are of the same type family, their dates overlap and their
actors overlap. Candidates are found by blocking on (family, actor key) and sweeping each block
in date order, so the cost grows with the corpus and the number of truly overlapping events, not
with its square. Everything is decided by the events' content, never by the order they came in."""

from __future__ import annotations

import bisect
import datetime as dt
import gc
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


def overlap(a: Event, b: Event, ka: frozenset[str], kb: frozenset[str]) -> bool:
    """Same event: overlapping dates and actors (ka, kb: the events' actor keys)."""
    if a.date.start > b.date.end or b.date.start > a.date.end:
        return False
    shared = ka & kb
    if not shared:
        return False
    # "Blinken meets Gallant" and "Blinken meets Netanyahu" on one day are two meetings.
    return ka <= kb or kb <= ka or len(shared) >= 2


def same_article(a: Event, b: Event) -> bool:
    return bool({s.article for s in a.sources} & {s.article for s in b.sources})


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


def link_overlapping(
    events: list[Event],
    keys: list[frozenset[str]],
    uf: UnionFind,
    blocks: dict,
    loose: bool = False,
) -> None:
    """Union every overlapping pair, comparing only events sharing a block, in date order.

    Two loose events (neither dated to the day) must name the same actors, or come from the
    same article: two undated agreements a week apart in two papers are weak evidence of one."""
    for block in blocks.values():
        block.sort(key=lambda i: (events[i].date.start, events[i].date.end))
        active: list[int] = []
        for i in block:
            start = events[i].date.start
            if active:
                active = [j for j in active if events[j].date.end >= start]
            for j in active:
                if not overlap(events[i], events[j], keys[i], keys[j]):
                    continue
                if loose and keys[i] != keys[j] and not same_article(events[i], events[j]):
                    continue
                uf.union(i, j)
            active.append(i)


def blocks_for(
    events: list[Event], keys: list[frozenset[str]], members: list[int]
) -> dict[tuple, list[int]]:
    """Events that can be the same share a type family and an actor: one block per pair."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in members:
        family = family_of(events[i].type)
        for key in keys[i] or {""}:
            blocks[(family, key)].append(i)
    return blocks


def combine(group: list[Event]) -> Event:
    """One event from several tellings: the most precise date, every actor, every source."""
    group = sorted(group, key=content_key)
    best = group[0]
    actors: dict[str, Actor] = {}
    for event in group:
        for actor in event.actors:
            key = actor_key(actor)
            known = actors.get(key)
            if known is None or (actor.role and not known.role):
                actors[key] = actor
    sources = sorted(
        {(s.article, s.evidence): s for e in group for s in e.sources}.values(),
        key=lambda s: (s.article, s.evidence),
    )
    location = best.location or next((e.location for e in group if e.location), None)
    first = [actor_key(a) for a in best.actors]
    ordered_actors = [actors[k] for k in first]
    ordered_actors += [actors[k] for k in sorted(actors) if k not in first]
    merged_id = event_id(family_of(best.type), best.date.start, list(actors))
    if (
        len(group) == 1
        and merged_id == best.id
        and location is best.location
        and _same_objects(ordered_actors, best.actors)
        and _same_objects(sources, best.sources)
    ):
        # Most events are told once: the copy would equal the event, so keep the event itself
        # (half the merge's memory at 10,000 articles is these copies).
        return best
    return best.model_copy(
        update={
            "id": merged_id,
            "actors": ordered_actors,
            "location": location,
            "sources": sources,
        }
    )


# Span lengths (days) that split a block's date index: a query window reaches back by the longest
# span of each part only, so a few year-long events do not make every query scan the whole block.
SPAN_PARTS = (0, 1, 7, 31, 92, 366)


def _same_objects(a: list, b: list) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class DateIndex:
    """One block's events sorted by start date, to find those overlapping a range by bisection.

    Kept in parts by span length: a part's events all start at most its longest span before any
    event of it that overlaps a range, so each part is searched with its own window."""

    def __init__(self, events: list[Event], members: list[int]) -> None:
        parts: dict[int, list[int]] = defaultdict(list)
        for i in members:
            span = (events[i].date.end - events[i].date.start).days
            parts[bisect.bisect_left(SPAN_PARTS, span)].append(i)
        self.parts = []
        for part in parts.values():
            part.sort(key=lambda i: events[i].date.start)
            starts = [events[i].date.start for i in part]
            longest = max(events[i].date.end - events[i].date.start for i in part)
            self.parts.append((part, starts, longest))

    def overlapping(self, start: dt.date, end: dt.date) -> list[int]:
        found: list[int] = []
        for part, starts, longest in self.parts:
            lo = bisect.bisect_left(starts, start - longest)
            hi = bisect.bisect_right(starts, end)
            found.extend(part[lo:hi])
        return found


def tier(event: Event) -> int:
    """0: a stated day; 1: a stated longer span (week, month, range); 2: inferred."""
    if event.date.basis == "inferred":
        return 2
    return 0 if event.date.start == event.date.end else 1


def only_fitting_cluster(
    events: list[Event], keys: list[frozenset[str]], uf: UnionFind, indexes: dict, i: int
) -> int | None:
    """The root of the one cluster event i overlaps, or None when it fits none or several
    (the search stops at the second: that is all the caller needs to know)."""
    event = events[i]
    family = family_of(event.type)
    found: int | None = None
    for key in keys[i] or {""}:
        index = indexes.get((family, key))
        if index is None:
            continue
        for j in index.overlapping(event.date.start, event.date.end):
            root = uf.find(j)
            if root == found or not overlap(event, events[j], keys[i], keys[j]):
                continue
            if found is not None:
                return None
            found = root
    return found


def merge_events(events: list[Event]) -> list[Event]:
    """One entry per event told, sources combined, in timeline order.

    Events stated to the day are merged first. A coarser event (a month, a range, a date inferred
    from publication) then joins the one cluster it fits, or stays apart when it fits several, so
    "in October" never chains "on Oct. 12" and "on Oct. 16" into one meeting."""
    collecting = gc.isenabled()
    gc.disable()  # many small acyclic objects: the cyclic collector would make this quadratic
    try:
        return _merge(events)
    finally:
        if collecting:
            gc.enable()


def _merge(events: list[Event]) -> list[Event]:
    events = sorted(events, key=content_key)
    keys = [keys_of(e) for e in events]
    tiers = [tier(e) for e in events]
    uf = UnionFind(len(events))
    # The same story told a thousand times is one comparison, not a thousand squared.
    firsts: dict[tuple, int] = {}
    distinct = []
    for i, event in enumerate(events):
        signature = (family_of(event.type), event.date.start, event.date.end, keys[i])
        if signature in firsts:
            uf.union(i, firsts[signature])
        else:
            firsts[signature] = i
            distinct.append(i)
    settled = [i for i in distinct if tiers[i] == 0]
    link_overlapping(events, keys, uf, blocks_for(events, keys, settled))
    for level in (1, 2):
        indexes = {
            key: DateIndex(events, members)
            for key, members in blocks_for(events, keys, settled).items()
        }
        coarse = [i for i in distinct if tiers[i] == level]
        for i in coarse:
            cluster = only_fitting_cluster(events, keys, uf, indexes, i)
            if cluster is not None:
                uf.union(i, cluster)
        settled_roots = {uf.find(j) for j in settled}
        loose = [i for i in coarse if uf.find(i) not in settled_roots]
        link_overlapping(events, keys, uf, blocks_for(events, keys, loose), loose=True)
        settled += coarse
    groups: dict[int, list[Event]] = defaultdict(list)
    for i, event in enumerate(events):
        groups[uf.find(i)].append(event)
    merged = [combine(group) for group in groups.values()]
    return sorted(merged, key=timeline_order)


def timeline_order(event: Event) -> tuple:
    """By date, then granularity (a day before the month containing it), then id."""
    return (event.date.start, GRANULARITY_RANK.get(event.date.granularity, 9), event.id)
