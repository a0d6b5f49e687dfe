"""Merge the same event told by several articles (or twice in one) into one entry.

Two events are the same when they are of the same type family, their dates overlap and their
actors overlap. Candidates are found by blocking on (family, actor key) and sweeping each block
in date order, so the cost grows with the corpus and the number of truly overlapping events, not
with its square. Everything is decided by the events' content, never by the order they came in."""

from __future__ import annotations

import bisect
import gc
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

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


def actors_fit(ka: frozenset[str], kb: frozenset[str]) -> bool:
    """Two events sharing an actor are about the same actors: one names all the other does, or
    they share two. "Blinken meets Gallant" and "Blinken meets Netanyahu" on one day are two
    meetings."""
    return ka <= kb or kb <= ka or len(ka & kb) >= 2


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


class Facts:
    """What the merge compares, per event (by index), read once: pydantic attribute chains and
    date arithmetic in the inner loops were a third of its time. Dates are day ordinals."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.keys = [keys_of(e) for e in events]
        dates = [e.date for e in events]
        self.starts = [d.start.toordinal() for d in dates]
        self.ends = [d.end.toordinal() for d in dates]
        self.families = [family_of(e.type) for e in events]


def link_overlapping(facts: Facts, uf: UnionFind, blocks: dict, loose: bool = False) -> None:
    """Union every overlapping pair, comparing only events sharing a block, in date order.

    Two loose events (neither dated to the day) must name the same actors, or come from the
    same article: two undated agreements a week apart in two papers are weak evidence of one."""
    events, keys, starts, ends = facts.events, facts.keys, facts.starts, facts.ends
    union = uf.union
    for (_, key), block in blocks.items():
        if not key:
            continue  # events naming no actor share none: never the same event
        block.sort(key=lambda i: (starts[i], ends[i]))
        active: list[int] = []
        for i in block:
            start = starts[i]
            if active:
                active = [j for j in active if ends[j] >= start]
            ki = keys[i]
            for j in active:
                # The dates overlap (j started no later and has not ended), both name `key`.
                kj = keys[j]
                if ki == kj:
                    union(i, j)
                    continue
                if not actors_fit(ki, kj):
                    continue
                if loose and not same_article(events[i], events[j]):
                    continue
                union(i, j)
            active.append(i)


def blocks_for(facts: Facts, members: list[int]) -> dict[tuple, list[int]]:
    """Events that can be the same share a type family and an actor: one block per pair."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    keys, families = facts.keys, facts.families
    for i in members:
        family = families[i]
        for key in keys[i] or ("",):
            blocks[(family, key)].append(i)
    return blocks


def combine(group: list[Event]) -> Event:
    """One event from several tellings: the most precise date, every actor, every source."""
    if len(group) == 1 and already_combined(group[0]):
        # Most events are told once: keep the event itself, as the general case below would
        # (half the merge's memory at 10,000 articles was copies), without its work.
        return group[0]
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
    merged_id = event_id(family_of(best.type), best.date.start, list(actors), best.date.end)
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


def already_combined(event: Event) -> bool:
    """combine([event]) is event itself: its actors are distinct, its sources distinct and in
    order, its place is set or None (not ''), and its id is the one its actors give."""
    keys = [actor_key(a) for a in event.actors]
    sources = [(s.article, s.evidence) for s in event.sources]
    return (
        len(set(keys)) == len(keys)
        and all(a < b for a, b in zip(sources, sources[1:], strict=False))
        and (event.location is None or bool(event.location))
        and event_id(family_of(event.type), event.date.start, keys, event.date.end) == event.id
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

    def __init__(self, facts: Facts, members: list[int]) -> None:
        starts, ends = facts.starts, facts.ends
        parts: dict[int, list[int]] = defaultdict(list)
        for i in members:
            parts[bisect.bisect_left(SPAN_PARTS, ends[i] - starts[i])].append(i)
        self.parts = []
        for part in parts.values():
            part.sort(key=starts.__getitem__)
            longest = max(ends[i] - starts[i] for i in part)
            self.parts.append((part, [starts[i] for i in part], longest))

    def overlapping(self, start: int, end: int) -> list[int]:
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


def only_fitting_cluster(facts: Facts, uf: UnionFind, indexes: dict, i: int) -> int | None:
    """The root of the one cluster event i overlaps, or None when it fits none or several
    (the search stops at the second: that is all the caller needs to know)."""
    keys, starts, ends = facts.keys, facts.starts, facts.ends
    ki, start, end, family = keys[i], starts[i], ends[i], facts.families[i]
    if not ki:
        return None  # an event naming no actor overlaps none
    found: int | None = None
    for key in ki:
        index = indexes.get((family, key))
        if index is None:
            continue
        for j in index.overlapping(start, end):
            if starts[j] > end or start > ends[j]:
                continue
            root = uf.find(j)
            if root == found:
                continue
            if not actors_fit(ki, keys[j]):  # they share `key`
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
    decided = decide(events)
    groups: dict[int, list[Event]] = defaultdict(list)
    for i, event in enumerate(decided.events):
        groups[decided.uf.find(i)].append(event)
    merged = unique_ids([combine(group) for group in groups.values()])
    return sorted(merged, key=timeline_order)


@dataclass
class Decisions:
    """What the merge decided, by position in content order: kept so that a rebuild can
    re-decide only what a change touches (timeline/events/merge_state.py)."""

    order: list[int]  # position in content order -> position in the list given
    events: list[Event]  # in content order
    facts: Facts
    tiers: list[int]
    uf: UnionFind
    distinct: list[int]  # the first of each signature: the one that decides for all
    first_of: list[int]  # position -> the first of its signature
    attached: set[int] = field(default_factory=set)  # coarse events that joined a settled cluster


def decide(events: list[Event]) -> Decisions:
    """Which events are one: the union-find of every decision, in content order."""
    order = sorted(range(len(events)), key=lambda i: content_key(events[i]))
    events = [events[i] for i in order]
    facts = Facts(events)
    tiers = [tier(e) for e in events]
    uf = UnionFind(len(events))
    # The same story told a thousand times is one comparison, not a thousand squared.
    firsts: dict[tuple, int] = {}
    distinct = []
    first_of = []
    for i, signature in enumerate(
        zip(facts.families, facts.starts, facts.ends, facts.keys, strict=True)
    ):
        first = firsts.setdefault(signature, i)
        first_of.append(first)
        if first != i:
            uf.union(i, first)
        else:
            distinct.append(i)
    decided = Decisions(order, events, facts, tiers, uf, distinct, first_of)
    settled = [i for i in distinct if tiers[i] == 0]
    link_overlapping(facts, uf, blocks_for(facts, settled))
    for level in (1, 2):
        indexes = {
            key: DateIndex(facts, members)
            for key, members in blocks_for(facts, settled).items()
            if key[1]
        }
        coarse = [i for i in distinct if tiers[i] == level]
        for i in coarse:
            cluster = only_fitting_cluster(facts, uf, indexes, i)
            if cluster is not None:
                uf.union(i, cluster)
                decided.attached.add(i)
        settled_roots = {uf.find(j) for j in settled}
        loose = [i for i in coarse if uf.find(i) not in settled_roots]
        link_overlapping(facts, uf, blocks_for(facts, loose), loose=True)
        settled += coarse
    return decided


def unique_ids(events: list[Event]) -> list[Event]:
    """Two events that stayed apart yet hash alike (the same family, days and actors, each
    with actors the other lacks that merged in): the one first in content order keeps the id,
    the others hash their title and sources into theirs. Feeds and calendars drop an item whose id they
    have seen."""
    seen: dict[str, list[int]] = {}
    for i, event in enumerate(events):
        seen.setdefault(event.id, []).append(i)
    for indexes in seen.values():
        if len(indexes) == 1:
            continue
        indexes.sort(key=lambda i: content_key(events[i]))
        for i in indexes[1:]:
            event = events[i]
            told = [event.id, event.title, *(f"{s.article}|{s.evidence}" for s in event.sources)]
            digest = hashlib.sha256("\n".join(told).encode("utf-8"))
            events[i] = event.model_copy(update={"id": "e" + digest.hexdigest()[:15]})
    return events


def timeline_order(event: Event) -> tuple:
    """By date, then granularity (a day before the month containing it), then id."""
    return (event.date.start, GRANULARITY_RANK.get(event.date.granularity, 9), event.id)
