"""The merge's decisions kept between builds, so that a rebuild re-decides only what a change
touches and gives exactly what `merge_events` over every event would.

Every extracted event has a slot (a number kept while its file is unchanged) and the state keeps,
per slot, what the merge compares (family, days, actor keys, tier), which event of its signature
decides for it (the representative), which merged event it belongs to, and whether a coarse
event joined a settled cluster or stayed loose; per merged event, its members and how it was
combined. A rebuild follows the merge's tiers (see merge.py):

- tier 0 (a stated day): a changed event re-links only the clusters of its same-day neighbours;
- tier t = 1, 2: an event re-decides only when one of the events it can fit (lower tiers, same
  family and actor, overlapping days) is in a cluster whose lower-tier members changed; the loose
  ones re-link only the loose clusters they touch.

A cluster whose members are those of the last build keeps its merged event (rebuilt from its
recipe, no sorting or hashing); the others are combined again, ids that collide re-decided as
`unique_ids` does, and the timeline order patched by bisection. A big change, a state from other
code, or anything unexpected falls back to the full merge.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import marshal
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline.events import merge
from timeline.events.extract import actor_key, family_of
from timeline.models import Event

STATE_FORMAT = 1

# Re-deciding is worth it for a few files: past this share of them the full merge is as fast.
MAX_CHANGED_SHARE = 0.05
# ... but a handful of files is always re-decided (a small corpus is cheap either way).
MIN_CHANGED_FILES = 8
# Slots of deleted or changed files are left empty until a full merge renumbers them.
MAX_EMPTY_SHARE = 0.2


@dataclass
class MergeOutcome:
    events: list[Event]  # exactly merge_events(all events): same order and values
    unchanged: frozenset[str]  # ids of merged events equal to the last build's with that id
    state: bytes  # for the next build
    incremental: bool = False  # True when only what the change touches was re-decided


@lru_cache(maxsize=1)
def code_version() -> str:
    """A state holds the decisions of this code: other merge code starts from scratch."""
    digest = hashlib.sha256()
    for module in (merge.__file__, __file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:16]


def merge_files(
    results: Sequence[tuple[str, str | None, list[Event]]],
    previous: bytes | None,
    *,
    max_changed_share: float = MAX_CHANGED_SHARE,
) -> MergeOutcome:
    """The merged events of every file's events, re-deciding only what changed files touch.

    results: (relative path, content digest, that file's events) for every input file, in path
    order. A file is unchanged when its path and digest are those of the last build (a digest
    of None is never unchanged)."""
    collecting = gc.isenabled()
    gc.disable()  # many small acyclic objects, as in merge_events
    try:
        state = _State.decode(previous) if previous else None
        if state is not None:
            outcome = _Rebuild(state, results, max_changed_share).run()
            if outcome is not None:
                return outcome
            state = _State.decode(previous)  # as it was before the attempt
        return _full(results, state)
    finally:
        if collecting:
            gc.enable()


def _full(
    results: Sequence[tuple[str, str | None, list[Event]]], previous: _State | None = None
) -> MergeOutcome:
    """merge_events over all events, its decisions recorded in a fresh state; with the previous
    build's state, the merged events that are the same as then are told too."""
    state = _State()
    events: list[Event] = []
    for path, digest, file_events in results:
        state.files[path] = (digest, len(events), len(file_events))
        events.extend(file_events)
    decided = merge.decide(events)
    order = decided.order
    n = len(events)
    state.slots = n
    # Straight into the state's arrays: the merge's own facts are freed as soon as possible
    # (the peak memory of a cold build is here).
    for name in ("fam", "start", "end", "tier", "rep", "att"):
        getattr(state, name).frombytes(bytes(n * getattr(state, name).itemsize))
    fam, start, end, tiers, rep, att = (
        state.fam,
        state.start,
        state.end,
        state.tier,
        state.rep,
        state.att,
    )
    facts = decided.facts
    keys: list[tuple] = [()] * n
    known: dict[frozenset, tuple] = {}
    for p, slot in enumerate(order):
        fam[slot] = state.family_id(facts.families[p])
        start[slot] = facts.starts[p]
        end[slot] = facts.ends[p]
        names = facts.keys[p]
        ids = known.get(names)
        if ids is None:
            ids = known[names] = state.key_ids(names)
        keys[slot] = ids
        tiers[slot] = decided.tiers[p]
        rep[slot] = order[decided.first_of[p]]
    for p in decided.attached:
        att[order[p]] = 1
    del known, facts
    # The merged events as merge._merge makes them, each group remembered under a label.
    groups: dict[int, list[int]] = defaultdict(list)
    find = decided.uf.find
    for p in range(n):
        groups[find(p)].append(order[p])
    del decided, order, find
    members = list(groups.values())
    del groups
    combined = [merge.combine([events[s] for s in group]) for group in members]
    final = merge.unique_ids(list(combined))
    ranked = sorted(range(len(final)), key=lambda g: merge.timeline_order(final[g]))
    merged = [final[g] for g in ranked]
    if len({e.id for e in final}) != len(final):
        # Two merged events with one id: their order is the groups' order, which only the full
        # merge knows. Rare; the next build is a full merge too.
        return MergeOutcome(merged, frozenset(), b"")
    by_base: dict[str, list[int]] = defaultdict(list)
    for g, event in enumerate(combined):
        by_base[event.id].append(g)
    state.collisions = {b: tuple(labels) for b, labels in by_base.items() if len(labels) > 1}
    del by_base
    label = state.label
    label.frombytes(bytes(n * label.itemsize))
    for g, group in enumerate(members):
        for slot in group:
            label[slot] = g
        reps = tuple(s for s in group if rep[s] == s)
        collided = combined[g].id in state.collisions
        state.clusters[g] = _record(reps, group, combined[g], final[g].id, events, collided)
    for slot_keys in keys:
        state.key_flat.extend(slot_keys)
        state.key_off.append(len(state.key_flat))
    del keys
    state.next_label = len(members)
    state.order = ranked
    state.ids = [final[g].id for g in ranked]
    del members, combined
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for slot in range(n):
        if rep[slot] == slot:
            for name in state.stored_blocks(slot):
                blocks[name].append(slot)
    for name, block in blocks.items():
        block.sort(key=start.__getitem__)
        state.blocks[name] = block
        state.spans[name] = max(end[s] - start[s] for s in block)
    unchanged = _same_as_before(previous, state, events) if previous else frozenset()
    return MergeOutcome(merged, unchanged, state.encode())


def _same_as_before(old: _State, new: _State, events: list[Event]) -> frozenset[str]:
    """The ids of merged events made of the same extracted events (of unchanged files) as a
    merged event of the old state, with the same id: equal to it, value for value."""
    moved: dict[int, int] = {}  # old slot -> new slot, for the events of unchanged files
    for path, (digest, first, count) in old.files.items():
        now = new.files.get(path)
        if digest is not None and now is not None and now[0] == digest and now[2] == count:
            moved.update(
                zip(range(first, first + count), range(now[1], now[1] + count), strict=True)
            )
    same = []
    for record in old.clusters.values():
        members = [moved.get(m) for m in _members(record)]
        if None in members:
            continue
        now = new.clusters[new.label[members[0]]]
        if set(_members(now)) != set(members):
            continue
        before = events[members[0]].id if record.__class__ is int else record[3]
        after = events[now].id if now.__class__ is int else now[3]
        if before == after:
            same.append(after)
    return frozenset(same)


def _record(reps, members, combined: Event, final: str, events, collided: bool = False):
    """A merged event as the state keeps it. Most are their one member itself: then the slot
    alone. Else (reps, members in content order, id before unique_ids, id after, recipe, day
    ordinal, granularity rank); the recipe is None when the merged event is its one member
    itself, else where its actors and sources come from in the members."""
    best = events[members[0]]  # members are in content order: combine's best is the first
    if combined is best and final == combined.id and not collided:
        return members[0]
    if combined is best:
        recipe = None
    else:
        actors: dict[int, tuple[int, int]] = {}
        sources: dict[int, tuple[int, int]] = {}
        for slot in members:
            event = events[slot]
            for i, actor in enumerate(event.actors):
                actors.setdefault(id(actor), (slot, i))
            for i, source in enumerate(event.sources):
                sources.setdefault(id(source), (slot, i))
        # Usually the best telling's actors, and each member's one source: then only slots.
        actor_refs = None
        if not _same_objects(combined.actors, best.actors):
            actor_refs = tuple(actors[id(a)] for a in combined.actors)
        source_refs = tuple(sources[id(s)] for s in combined.sources)
        if all(i == 0 for _, i in source_refs):
            source_refs = tuple(slot for slot, _ in source_refs)
        recipe = (members[0], actor_refs, combined.location, source_refs)
    d = combined.date
    return (
        tuple(reps),
        tuple(members),
        combined.id,
        final,
        recipe,
        d.start.toordinal(),
        merge.GRANULARITY_RANK.get(d.granularity, 9),
    )


def _same_objects(a: list, b: list) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _reps(record) -> tuple:
    return (record,) if record.__class__ is int else record[0]


def _members(record) -> tuple:
    return (record,) if record.__class__ is int else record[1]


def _as_tuple(record, events) -> tuple:
    """A record in its long form (a lone member's slot made explicit)."""
    if record.__class__ is not int:
        return record
    event = events[record]
    d = event.date
    return (
        (record,),
        (record,),
        event.id,
        event.id,
        None,
        d.start.toordinal(),
        merge.GRANULARITY_RANK.get(d.granularity, 9),
    )


# The fields combine and unique_ids replace in a copy of the best telling.
_REPLACED = frozenset({"id", "actors", "location", "sources"})


def _rebuilt(record, events) -> Event:
    """The merged event of a record, from the members' own objects."""
    if record.__class__ is int:
        return events[record]
    members, base, final, recipe = record[1], record[2], record[3], record[4]
    if recipe is None:
        event = events[members[0]]
        return event if final == base else event.model_copy(update={"id": final})
    best, actors, location, sources = recipe
    event = events[best]
    fields = event.__dict__.copy()
    fields["id"] = final
    if actors is None:
        fields["actors"] = list(event.actors)
    else:
        fields["actors"] = [events[slot].actors[i] for slot, i in actors]
    fields["location"] = location
    if sources and sources[0].__class__ is int:
        fields["sources"] = [events[slot].sources[0] for slot in sources]
    else:
        fields["sources"] = [events[slot].sources[i] for slot, i in sources]
    # event.model_copy(update=...) of the fields in _REPLACED, without its generic steps (a
    # fifth of rebuilding 12,000 merged events): same fields and fields-set, so equal.
    copied = _new_event(Event)
    _set(copied, "__dict__", fields)
    _set(copied, "__pydantic_extra__", None)
    _set(copied, "__pydantic_fields_set__", event.__pydantic_fields_set__ | _REPLACED)
    _set(copied, "__pydantic_private__", None)
    return copied


_new_event = Event.__new__
_set = object.__setattr__


class _State:
    """The decisions of the last build, as plain values (marshal: fast to load, no code in it).
    Per-slot values are arrays of ints, written and read as bytes."""

    ARRAYS = ("fam", "start", "end", "tier", "rep", "label", "att", "key_flat", "key_off")
    VALUES = (
        "files",
        "slots",
        "empty",
        "families",
        "key_names",
        "collisions",
        "order",
        "ids",
        "next_label",
    )
    # The merged events and blocks are kept in parts, each written again only when it changed:
    # re-encoding every merged event was the largest cost of a one-file rebuild's merge.
    CLUSTER_PARTS = 256
    BLOCK_PARTS = 64

    def __init__(self) -> None:
        self.files: dict[str, tuple] = {}  # path -> (digest, first slot, event count)
        self.slots = 0
        self.empty = 0  # slots of files gone or changed since the last full merge
        self.families: list[str] = []
        self.key_names: list[str] = []
        self.fam = array("h")
        self.start = array("i")  # day ordinals
        self.end = array("i")
        self.tier = array("b")
        self.rep = array("i")  # the slot deciding for this one's signature; -1: empty slot
        self.label = array("i")  # the merged event's label
        self.att = array("b")  # 1: a coarse representative that joined a settled cluster
        self.key_flat = array("i")  # actor key ids of slot s: key_flat[key_off[s]:key_off[s+1]]
        self.key_off = array("i", [0])  # a fresh state's first offset
        self.clusters: dict[int, object] = {}  # label -> _record
        self.collisions: dict[str, tuple] = {}  # id shared before unique_ids -> labels
        self.order: list[int] = []  # labels in timeline order
        self.ids: list[str] = []  # their merged events' ids
        self.blocks: dict[tuple, list[int]] = {}  # (family, key id or -1) -> reps by start day
        self.spans: dict[tuple, int] = {}  # the longest span (days) in each block
        self.next_label = 0
        self._family_ids: dict[str, int] | None = None
        self._key_ids: dict[str, int] | None = None
        # The merged events by part (label % CLUSTER_PARTS) and the parts as last encoded; parts
        # that changed since. A fresh state (from the full merge) encodes everything.
        self._cluster_dicts: list[dict] = []
        self._cluster_parts: list[bytes] = []
        self._block_parts: list[bytes] = []
        self._dirty_clusters: set[int] = set()
        self.dirty_blocks: set[int] | None = None

    def set_cluster(self, label: int, record) -> None:
        """Keep (None: forget) a label's record, in the part it is encoded with."""
        number = label % self.CLUSTER_PARTS
        part = self._cluster_dicts[number]
        if record is None:
            self.clusters.pop(label, None)
            part.pop(label, None)
        else:
            self.clusters[label] = part[label] = record
        self._dirty_clusters.add(number)

    def encode(self) -> bytes:
        arrays = tuple(getattr(self, name).tobytes() for name in self.ARRAYS)
        values = tuple(getattr(self, name) for name in self.VALUES)
        if not self._cluster_dicts:  # a fresh state
            dirty = set(range(self.CLUSTER_PARTS))
            self._cluster_dicts = [{} for _ in dirty]
            for label, record in self.clusters.items():
                self._cluster_dicts[label % self.CLUSTER_PARTS][label] = record
        else:
            dirty = self._dirty_clusters
        clusters = {number: self._cluster_dicts[number] for number in dirty}
        parts = self._cluster_parts = self._encoded(self._cluster_parts, clusters)
        blocks = self._parts(self.blocks, self.BLOCK_PARTS, self.dirty_blocks, hash)
        for number, part in blocks.items():
            blocks[number] = (part, {name: self.spans[name] for name in part})
        self._block_parts = self._encoded(self._block_parts, blocks)
        self._dirty_clusters, self.dirty_blocks = set(), set()
        return marshal.dumps(
            (STATE_FORMAT, code_version(), arrays, values, tuple(parts), tuple(self._block_parts))
        )

    @staticmethod
    def _parts(values: dict, count: int, dirty: set[int] | None, number) -> dict[int, dict]:
        """The parts (key's number % count) to encode again: the dirty ones (None: all)."""
        parts: dict[int, dict] = {n: {} for n in (range(count) if dirty is None else dirty)}
        if parts:
            for key, value in values.items():
                part = parts.get(number(key) % count)
                if part is not None:
                    part[key] = value
        return parts

    @staticmethod
    def _encoded(previous: list[bytes], parts: dict[int, object]) -> list[bytes]:
        encoded = list(previous) or [b""] * len(parts)
        for number, part in parts.items():
            encoded[number] = marshal.dumps(part)
        return encoded

    @classmethod
    def decode(cls, data: bytes) -> _State | None:
        """The state in data, or None when it is not one this code wrote."""
        try:
            fmt, version, arrays, values, cluster_parts, block_parts = marshal.loads(data)
            if fmt != STATE_FORMAT or version != code_version():
                return None
            state = cls()
            del state.key_off[:]
            for name, raw in zip(cls.ARRAYS, arrays, strict=True):
                getattr(state, name).frombytes(raw)
            for name, value in zip(cls.VALUES, values, strict=True):
                setattr(state, name, value)
            if len(cluster_parts) != cls.CLUSTER_PARTS or len(block_parts) != cls.BLOCK_PARTS:
                return None
            for raw in cluster_parts:
                part = marshal.loads(raw)
                state._cluster_dicts.append(part)
                state.clusters.update(part)
            for raw in block_parts:
                blocks, spans = marshal.loads(raw)
                state.blocks.update(blocks)
                state.spans.update(spans)
        except (EOFError, ValueError, TypeError):
            return None
        if len(state.key_off) != state.slots + 1 or len(state.rep) != state.slots:
            return None
        state._cluster_parts, state._block_parts = list(cluster_parts), list(block_parts)
        state.dirty_blocks = set()
        return state

    def family_id(self, name: str) -> int:
        if self._family_ids is None:
            self._family_ids = {n: i for i, n in enumerate(self.families)}
        found = self._family_ids.get(name)
        if found is None:
            found = self._family_ids[name] = len(self.families)
            self.families.append(name)
        return found

    def key_ids(self, keys) -> tuple:
        if self._key_ids is None:
            self._key_ids = {n: i for i, n in enumerate(self.key_names)}
        ids = []
        for key in keys:
            found = self._key_ids.get(key)
            if found is None:
                found = self._key_ids[key] = len(self.key_names)
                self.key_names.append(key)
            ids.append(found)
        return tuple(sorted(ids))

    def keys(self, slot: int) -> tuple:
        return tuple(self.key_flat[self.key_off[slot] : self.key_off[slot + 1]])

    def block_names(self, slot: int) -> list[tuple]:
        """The blocks of events that can be the same as slot's: (family, actor key id, or -1
        when it names no actor)."""
        family = self.fam[slot]
        return [(family, k) for k in self.keys(slot)] or [(family, -1)]

    def stored_blocks(self, slot: int) -> list[tuple]:
        """Where slot is kept: each block split by span, so that looking for the events that
        overlap a day does not walk back a year for every block that has a year-long event."""
        span = self.end[slot] - self.start[slot]
        part = bisect.bisect_left(SPAN_PARTS, span)
        return [(*name, part) for name in self.block_names(slot)]

    def block_add(self, slot: int) -> None:
        starts = self.start
        span = self.end[slot] - starts[slot]
        for name in self.stored_blocks(slot):
            self._block_changed(name)
            block = self.blocks.get(name)
            if block is None:
                self.blocks[name] = [slot]
                self.spans[name] = span
                continue
            bisect.insort(block, slot, key=starts.__getitem__)
            if span > self.spans[name]:
                self.spans[name] = span

    def _block_changed(self, name: tuple) -> None:
        if self.dirty_blocks is not None:
            self.dirty_blocks.add(hash(name) % self.BLOCK_PARTS)

    def block_remove(self, slot: int) -> None:
        for name in self.stored_blocks(slot):
            self._block_changed(name)
            block = self.blocks[name]
            block.remove(slot)
            if not block:
                del self.blocks[name], self.spans[name]

    def overlapping(self, name: tuple, first: int, last: int) -> list[int]:
        """Representatives in block `name` whose days overlap first..last (ordinals)."""
        found: list[int] = []
        starts, ends = self.start, self.end
        for part in range(len(SPAN_PARTS) + 1):
            block = self.blocks.get((*name, part))
            if not block:
                continue
            lo = bisect.bisect_left(
                block, first - self.spans[(*name, part)], key=starts.__getitem__
            )
            hi = bisect.bisect_right(block, last, lo=lo, key=starts.__getitem__)
            found += [s for s in block[lo:hi] if ends[s] >= first]
        return found


# Span lengths (days) that split a block, as merge.DateIndex does.
SPAN_PARTS = merge.SPAN_PARTS


class _Unsure(Exception):
    """Something the incremental merge does not handle: the full merge decides."""


class _Rebuild:
    """One incremental merge: the state's decisions, re-made where the changed files reach."""

    def __init__(self, state: _State, results, max_changed_share: float) -> None:
        self.state = state
        self.results = results
        self.max_changed_share = max_changed_share
        self._key_cache: dict[int, tuple] = {}

    def run(self) -> MergeOutcome | None:
        try:
            if not self._place_files():
                return None
            self._signatures()
            self.labels: dict[int, int] = {}  # rep -> its new label, where it changed
            self.touched: set[int] = set()  # labels whose members may have changed
            self.changed: set[int] = (
                set()
            )  # reps (old and new) of lower tiers whose cluster changed
            for level in (0, 1, 2):
                self._tier(level)
            return self._finish()
        except _Unsure:
            return None

    # -- files and slots ---------------------------------------------------------------------

    def _place_files(self) -> bool:
        """Unchanged files keep their slots; changed and new ones get new slots at the end."""
        state = self.state
        files = state.files
        events: list[Event | None] = [None] * state.slots
        kept: set[str] = set()
        changed = []
        for path, digest, file_events in self.results:
            known = files.get(path)
            if known is not None and digest is not None and known[0] == digest:
                first, count = known[1], known[2]
                if count == len(file_events):
                    events[first : first + count] = file_events
                    kept.add(path)
                    continue
            changed.append((path, digest, file_events))
        gone = [path for path in files if path not in kept]
        limit = max(MIN_CHANGED_FILES, self.max_changed_share * len(self.results))
        if len(changed) + len(gone) > limit:
            return False
        dead: set[int] = set()
        for path in gone:
            _, first, count = files.pop(path)
            dead.update(range(first, first + count))
        added = sum(len(e) for _, _, e in changed)
        if state.empty + len(dead) > MAX_EMPTY_SHARE * (state.slots + added):
            return False
        self.old_slots = state.slots
        self.dead = dead
        self.new_slots: list[int] = []
        for path, digest, file_events in changed:
            files[path] = (digest, len(events), len(file_events))
            for event in file_events:
                self._add_slot(event)
                events.append(event)
        self.events = events
        self._starts: list[tuple[int, str]] | None = None
        return True

    def _add_slot(self, event: Event) -> None:
        state = self.state
        d = event.date
        slot = len(state.fam)
        state.fam.append(state.family_id(family_of(event.type)))
        state.start.append(d.start.toordinal())
        state.end.append(d.end.toordinal())
        state.key_flat.extend(state.key_ids({actor_key(a) for a in event.actors}))
        state.key_off.append(len(state.key_flat))
        state.tier.append(merge.tier(event))
        state.rep.append(-1)
        state.label.append(-1)
        state.att.append(0)
        self.new_slots.append(slot)

    def _rank(self, slot: int) -> tuple:
        """Where the full merge would have the event among equals: its file's place in path
        order, then its place in the file."""
        if self._starts is None:
            self._starts = sorted((first, path) for path, (_, first, _) in self.state.files.items())
            self.rank_of_file = {path: i for i, (path, _, _) in enumerate(self.results)}
        i = bisect.bisect_right(self._starts, (slot, "\U0010ffff")) - 1
        first, path = self._starts[i]
        return (self.rank_of_file[path], slot - first)

    def _content_sorted(self, slots) -> list[int]:
        """Slots in the merge's content order (merge.content_key, ties as the full merge)."""
        events = self.events
        return sorted(slots, key=lambda s: (merge.content_key(events[s]), self._rank(s)))

    # -- signatures --------------------------------------------------------------------------

    def _signature(self, slot: int) -> tuple:
        s = self.state
        return (s.fam[slot], s.start[slot], s.end[slot], s.keys(slot))

    def _old_rep(self, signature: tuple) -> int | None:
        family, first, last, keys = signature
        s = self.state
        name = (family, keys[0] if keys else -1)
        for slot in s.overlapping(name, first, last):
            if slot < self.old_slots and self._signature(slot) == signature:
                return slot
        return None

    def _old_members(self, rep: int) -> list[int]:
        s = self.state
        return [m for m in _members(s.clusters[s.label[rep]]) if s.rep[m] == rep]

    def _signatures(self) -> None:
        """Groups of one signature that gained or lost events; a new representative is a
        representative removed and one added."""
        s = self.state
        arriving: dict[tuple, list[int]] = defaultdict(list)
        for slot in self.new_slots:
            arriving[self._signature(slot)].append(slot)
        affected = dict.fromkeys(self._signature(slot) for slot in sorted(self.dead))
        affected.update(dict.fromkeys(arriving))
        self.removed_reps: set[int] = set()
        self.added_reps: set[int] = set()
        self.rep_of: dict[int, int] = {}  # slot -> its new representative, where it changed
        self.members_of: dict[int, list[int]] = {}  # new representative -> its group's slots
        self.dirty: set[int] = set()  # labels whose members changed with a representative kept
        for signature in affected:
            old = self._old_rep(signature)
            before = self._old_members(old) if old is not None else []
            now = [m for m in before if m not in self.dead] + arriving.get(signature, [])
            rep = self._content_sorted(now)[0] if now else None
            if rep is not None:
                self.members_of[rep] = now
                for m in now:
                    if s.rep[m] != rep:
                        self.rep_of[m] = rep
            if rep != old:
                if old is not None:
                    self.removed_reps.add(old)
                if rep is not None:
                    self.added_reps.add(rep)
            elif old is not None:
                self.dirty.add(s.label[old])
        self.added_blocks: dict[tuple, list[int]] = defaultdict(list)
        for rep in self.added_reps:
            for name in s.block_names(rep):
                self.added_blocks[name].append(rep)

    def _alive(self, slot: int) -> bool:
        """A representative in the new build."""
        if slot in self.added_reps:
            return True
        return (
            slot not in self.removed_reps and slot < self.old_slots and self.state.rep[slot] == slot
        )

    def _near(self, name: tuple, first: int, last: int) -> Iterator[int]:
        """New-build representatives of block `name` overlapping first..last."""
        for slot in self.state.overlapping(name, first, last):
            if slot not in self.removed_reps:
                yield slot
        s = self.state
        for slot in self.added_blocks.get(name, ()):
            if s.start[slot] <= last and s.end[slot] >= first:
                yield slot

    def _keys(self, slot: int) -> tuple:
        found = self._key_cache.get(slot)
        if found is None:
            found = self._key_cache[slot] = self.state.keys(slot)
        return found

    def _label(self, rep: int) -> int:
        return self.labels.get(rep, self.state.label[rep])

    # -- the tiers ---------------------------------------------------------------------------

    def _tier(self, level: int) -> None:
        s = self.state
        tiers, keys, fam = s.tier, self._keys, s.fam
        affected = {r for r in self.added_reps if tiers[r] == level}
        for j in self.changed:
            kj = frozenset(keys(j))
            for k in keys(j):
                for r in self._near((fam[j], k), s.start[j], s.end[j]):
                    if tiers[r] == level and merge.actors_fit(frozenset(keys(r)), kj):
                        affected.add(r)
        target = {r: self._fitting(r, level) if level else None for r in affected}

        def linkable_before(x: int) -> bool:
            return level == 0 or not s.att[x]

        # The loose (for tier 0: all) clusters to link again: those that lose an event, and
        # those next to an event that now links.
        relink: set[int] = set()
        for x in self.removed_reps:
            if tiers[x] == level and linkable_before(x):
                relink.add(s.label[x])
        for r in affected:
            if r not in self.added_reps and linkable_before(r):
                relink.add(s.label[r])
        linking = [r for r in affected if target[r] is None]
        for r in linking:
            for k in keys(r):
                for x in s.overlapping((fam[r], k), s.start[r], s.end[r]):
                    if (
                        tiers[x] == level
                        and x not in affected
                        and x not in self.removed_reps
                        and linkable_before(x)
                    ):
                        relink.add(s.label[x])

        def old_part(label: int) -> set[int]:
            return {x for x in _reps(s.clusters[label]) if tiers[x] == level and linkable_before(x)}

        parts = {label: old_part(label) for label in relink}
        pool = [
            x
            for part in parts.values()
            for x in part
            if x not in affected and x not in self.removed_reps
        ]
        pool += linking
        for group in self._link(pool, loose=level > 0):
            label = s.label[group[0]] if group[0] < self.old_slots else -1
            if label not in parts or parts[label] != set(group):
                label = s.next_label
                s.next_label += 1
            self.touched.add(label)
            for x in group:
                if self._label(x) != label or x in self.added_reps:
                    self.labels[x] = label
        self.touched.update(relink)
        for r, label in target.items():
            if label is not None:
                self.labels[r] = label
                self.touched.add(label)
            if r not in self.added_reps:
                self.touched.add(s.label[r])
        for x in self.removed_reps:
            if tiers[x] == level:
                self.touched.add(s.label[x])
        for r in affected:
            if level:
                s.att[r] = int(target[r] is not None)
        # Which clusters' events up to this tier changed: the next tier's events fitting them
        # decide again.
        joined: dict[int, set[int]] = defaultdict(set)
        for x, label in self.labels.items():
            joined[label].add(x)
        self.changed = set()
        for label in self.touched:
            before = (
                {x for x in _reps(s.clusters[label]) if tiers[x] <= level}
                if label in s.clusters
                else set()
            )
            now = {x for x in before if self._alive(x) and self._label(x) == label}
            now |= {x for x in joined.get(label, ()) if tiers[x] <= level and self._alive(x)}
            if before != now:
                self.changed |= before | now

    def _fitting(self, r: int, level: int) -> int | None:
        """merge.only_fitting_cluster in the new build: the label of the one cluster of lower
        tiers r fits, or None."""
        s = self.state
        kr = frozenset(self._keys(r))
        if not kr:
            return None
        tiers = s.tier
        found = None
        for k in self._keys(r):
            for j in self._near((s.fam[r], k), s.start[r], s.end[r]):
                if tiers[j] >= level:
                    continue
                label = self._label(j)
                if label == found:
                    continue
                if not merge.actors_fit(kr, frozenset(self._keys(j))):
                    continue
                if found is not None:
                    return None
                found = label
        return found

    def _link(self, pool: list[int], loose: bool) -> list[list[int]]:
        """merge.link_overlapping over pool: its groups of linked events."""
        if not pool:
            return []
        events = [self.events[x] for x in pool]
        facts = merge.Facts(events)
        uf = merge.UnionFind(len(pool))
        merge.link_overlapping(facts, uf, merge.blocks_for(facts, list(range(len(pool)))), loose)
        groups: dict[int, list[int]] = defaultdict(list)
        for i, x in enumerate(pool):
            groups[uf.find(i)].append(x)
        return list(groups.values())

    # -- merged events -----------------------------------------------------------------------

    def _finish(self) -> MergeOutcome:
        s = self.state
        events = self.events
        joined: dict[int, set[int]] = defaultdict(set)
        for x, label in self.labels.items():
            if self._alive(x):
                joined[label].add(x)
        records: dict[int, object] = {}  # label -> its new record (None: gone)
        same: set[int] = set()  # labels whose members are the last build's
        for label in self.touched | self.dirty:
            old = s.clusters.get(label)
            before = _reps(old) if old is not None else ()
            reps = [x for x in before if self._alive(x) and self._label(x) == label]
            reps += [x for x in joined.get(label, ()) if x not in before]
            if not reps:
                records[label] = None
                continue
            members = []
            for x in reps:
                group = self.members_of.get(x)
                members += group if group is not None else self._old_members(x)
            if old is not None and set(members) == set(_members(old)):
                same.add(label)
                records[label] = old
                continue
            members = self._content_sorted(members)
            combined = merge.combine([events[m] for m in members])
            records[label] = _record(sorted(reps), members, combined, combined.id, events)
        self._unique_ids(records, same)
        # Apply: a label whose merged event changed leaves the timeline order and comes back.
        moved = {
            label
            for label, record in records.items()
            if record is None
            or label not in same
            or self._final(record) != self._final(s.clusters[label])
        }
        for label, record in records.items():
            if record is not s.clusters.get(label):
                s.set_cluster(label, record)
        if moved:
            kept = [i for i, label in enumerate(s.order) if label not in moved]
            order = [s.order[i] for i in kept]
            ids = [s.ids[i] for i in kept]
            for label in sorted(moved):
                if records[label] is not None:
                    i = bisect.bisect_left(order, self._tkey(label), key=self._tkey)
                    order.insert(i, label)
                    ids.insert(i, self._final(records[label]))
            s.order, s.ids = order, ids
        unique = frozenset(s.ids)
        if len(unique) != len(s.ids):
            raise _Unsure("two merged events with one id")
        clusters = s.clusters
        merged = [
            events[r] if r.__class__ is int else _rebuilt(r, events)
            for r in map(clusters.__getitem__, s.order)
        ]
        changed = {self._final(records[label]) for label in moved if records[label] is not None}
        # The slots' new representatives, labels and blocks.
        for x in self.removed_reps:
            s.block_remove(x)
        for x in self.added_reps:
            s.block_add(x)
        for m, rep in self.rep_of.items():
            s.rep[m] = rep
        for label in moved:
            record = records[label]
            if record is not None:
                for m in _members(record):
                    s.label[m] = label
        for x in self.dead:
            s.rep[x] = s.label[x] = -1
        s.empty += len(self.dead)
        s.slots = len(s.rep)
        return MergeOutcome(merged, unique - changed, s.encode(), incremental=True)

    def _final(self, record) -> str:
        return self.events[record].id if record.__class__ is int else record[3]

    def _tkey(self, label: int) -> tuple:
        """merge.timeline_order of a label's merged event, from its record."""
        record = self.state.clusters[label]
        if record.__class__ is int:
            event = self.events[record]
            granularity = merge.GRANULARITY_RANK.get(event.date.granularity, 9)
            return (self.state.start[record], granularity, event.id)
        return (record[5], record[6], record[3])

    def _start(self, label: int) -> int:
        record = self.state.clusters[label]
        return self.state.start[record] if record.__class__ is int else record[5]

    def _unique_ids(self, records: dict[int, object], same: set[int]) -> None:
        """merge.unique_ids where a changed merged event shares its id with another: every
        merged event of that id is decided again, in records (long form)."""
        s = self.state
        events = self.events
        bases: dict[str, int] = {}  # id before unique_ids -> the day it starts
        arriving: dict[str, list[int]] = defaultdict(list)
        for label, record in list(records.items()):
            if label in same:
                continue  # the same members, the same id before unique_ids: as if untouched
            old = s.clusters.get(label)
            if old.__class__ is tuple:  # a slot alone never shared its id
                bases[old[2]] = old[5]
            if record is not None:
                long = _as_tuple(record, events)
                bases[long[2]] = long[5]
                arriving[long[2]].append(label)
        changing = {label for label in records if label not in same}
        for base, day in bases.items():
            group = [x for x in s.collisions.get(base, ()) if x not in changing]
            if base not in s.collisions:
                namesake = self._namesake(base, day, changing)
                if namesake is not None:
                    group.append(namesake)
            group += arriving.get(base, [])
            if len(group) < 2:
                s.collisions.pop(base, None)
                for x in group:
                    long = _as_tuple(records[x] if x in records else s.clusters[x], events)
                    if long[3] != base:
                        self._keep(records, same, x, (*long[:3], base, *long[4:]))
                continue
            current = {
                x: _as_tuple(records[x] if x in records else s.clusters[x], events) for x in group
            }
            group.sort(
                key=lambda x: (
                    merge.content_key(events[current[x][1][0]]),
                    self._rank(current[x][1][0]),
                )
            )
            told = [
                _rebuilt((*current[x][:3], current[x][2], *current[x][4:]), events) for x in group
            ]
            for x, event in zip(group, merge.unique_ids(told), strict=True):
                self._keep(records, same, x, (*current[x][:3], event.id, *current[x][4:]))
            s.collisions[base] = tuple(group)

    def _keep(self, records: dict, same: set[int], label: int, record: tuple) -> None:
        """A long-form record for label; one that was not touched keeps its members."""
        if label not in records:
            same.add(label)
        records[label] = record

    def _namesake(self, base: str, day: int, records: dict) -> int | None:
        """The untouched merged event whose id is base (it started on day), if any."""
        s = self.state
        order = s.order
        i = bisect.bisect_left(order, day, key=self._start)
        while i < len(order) and self._start(order[i]) == day:
            label = order[i]
            if label not in records and s.ids[i] == base:
                return label
            i += 1
        return None
