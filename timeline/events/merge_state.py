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
        return _full(results)
    finally:
        if collecting:
            gc.enable()


def _full(results: Sequence[tuple[str, str | None, list[Event]]]) -> MergeOutcome:
    """merge_events over all events, its decisions recorded in a fresh state."""
    state = _State()
    events: list[Event] = []
    for path, digest, file_events in results:
        state.files[path] = (digest, len(events), len(file_events))
        events.extend(file_events)
    decided = merge.decide(events)
    order = decided.order
    facts = decided.facts
    n = len(events)
    state.slots = n
    fam, start, end, keys = [0] * n, [0] * n, [0] * n, [()] * n
    tiers, rep, att = [0] * n, [0] * n, [0] * n
    for p, slot in enumerate(order):
        fam[slot] = state.family_id(facts.families[p])
        start[slot] = facts.starts[p]
        end[slot] = facts.ends[p]
        keys[slot] = state.key_ids(facts.keys[p])
        tiers[slot] = decided.tiers[p]
        rep[slot] = order[decided.first_of[p]]
        att[slot] = int(p in decided.attached)
    state.fam, state.start, state.end, state.keys = fam, start, end, keys
    state.tier, state.rep, state.att = tiers, rep, att
    # The merged events as merge._merge makes them, each group remembered under a label.
    groups: dict[int, list[int]] = defaultdict(list)
    find = decided.uf.find
    for p in range(n):
        groups[find(p)].append(p)
    members = [[order[p] for p in group] for group in groups.values()]
    combined = [merge.combine([events[s] for s in group]) for group in members]
    final = merge.unique_ids(list(combined))
    ranked = sorted(range(len(final)), key=lambda g: merge.timeline_order(final[g]))
    merged = [final[g] for g in ranked]
    if len({e.id for e in final}) != len(final):
        # Two merged events with one id: their order is the groups' order, which only the full
        # merge knows. Rare; the next build is a full merge too.
        return MergeOutcome(merged, frozenset(), b"")
    label = [0] * n
    for g, group in enumerate(members):
        for slot in group:
            label[slot] = g
        reps = tuple(s for s in group if rep[s] == s)
        state.clusters[g] = _record(reps, group, combined[g], final[g].id, events)
        state.finals[final[g].id] = g
        state.add_base(combined[g].id, g)
    state.label = label
    state.next_label = len(members)
    state.order = ranked
    state.tkeys = [_timeline_key(final[g]) for g in ranked]
    for slot in range(n):
        if rep[slot] == slot:
            state.block_add(slot)
    return MergeOutcome(merged, frozenset(), state.encode())


def _timeline_key(event: Event) -> tuple:
    """merge.timeline_order as plain values (day ordinal, granularity rank, id)."""
    d = event.date
    return (d.start.toordinal(), merge.GRANULARITY_RANK.get(d.granularity, 9), event.id)


def _record(reps, members, combined: Event, final: str, events) -> tuple:
    """A merged event as the state keeps it: (reps, members in content order, id before
    unique_ids, id after, recipe, day ordinal, granularity rank). The recipe is None when the
    merged event is its one member itself, else where its actors and sources come from."""
    best = events[members[0]]  # members are in content order: combine's best is the first
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
        recipe = (
            members[0],
            tuple(x for a in combined.actors for x in actors[id(a)]),
            combined.location,
            tuple(x for s in combined.sources for x in sources[id(s)]),
        )
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


def _rebuilt(record: tuple, events) -> Event:
    """The merged event of a record, from the members' own objects."""
    members, base, final, recipe = record[1], record[2], record[3], record[4]
    if recipe is None:
        event = events[members[0]]
        return event if final == base else event.model_copy(update={"id": final})
    best, actor_refs, location, source_refs = recipe
    return events[best].model_copy(
        update={
            "id": final,
            "actors": [
                events[actor_refs[i]].actors[actor_refs[i + 1]]
                for i in range(0, len(actor_refs), 2)
            ],
            "location": location,
            "sources": [
                events[source_refs[i]].sources[source_refs[i + 1]]
                for i in range(0, len(source_refs), 2)
            ],
        }
    )


class _State:
    """The decisions of the last build, as plain values (marshal: fast to load, no code in it)."""

    FIELDS = (
        "files",
        "slots",
        "empty",
        "families",
        "key_names",
        "fam",
        "start",
        "end",
        "keys",
        "tier",
        "rep",
        "label",
        "att",
        "clusters",
        "finals",
        "bases",
        "order",
        "tkeys",
        "blocks",
        "spans",
        "next_label",
    )

    def __init__(self) -> None:
        self.files: dict[str, tuple] = {}  # path -> (digest, first slot, event count)
        self.slots = 0
        self.empty = 0  # slots of files gone or changed since the last full merge
        self.families: list[str] = []
        self.key_names: list[str] = []
        self.fam: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.keys: list[tuple] = []  # sorted actor key ids
        self.tier: list[int] = []
        self.rep: list[int] = []  # the slot deciding for this one's signature; -1: empty slot
        self.label: list[int] = []  # the merged event's label
        self.att: list[int] = []  # 1: a coarse representative that joined a settled cluster
        self.clusters: dict[int, tuple] = {}  # label -> _record
        self.finals: dict[str, int] = {}  # merged id -> label
        self.bases: dict[str, object] = {}  # id before unique_ids -> label, or tuple of labels
        self.order: list[int] = []  # labels in timeline order
        self.tkeys: list[tuple] = []  # their _timeline_key
        self.blocks: dict[tuple, list[int]] = {}  # (family, key id or -1) -> reps by start day
        self.spans: dict[tuple, int] = {}  # the longest span (days) in each block
        self.next_label = 0
        self._family_ids: dict[str, int] | None = None
        self._key_ids: dict[str, int] | None = None

    def encode(self) -> bytes:
        values = tuple(getattr(self, name) for name in self.FIELDS)
        return marshal.dumps((STATE_FORMAT, code_version(), values))

    @classmethod
    def decode(cls, data: bytes) -> _State | None:
        """The state in data, or None when it is not one this code wrote."""
        try:
            fmt, version, values = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        if fmt != STATE_FORMAT or version != code_version() or len(values) != len(cls.FIELDS):
            return None
        state = cls()
        for name, value in zip(cls.FIELDS, values, strict=True):
            setattr(state, name, value)
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

    def block_names(self, slot: int) -> list[tuple]:
        family = self.fam[slot]
        return [(family, k) for k in self.keys[slot]] or [(family, -1)]

    def block_add(self, slot: int) -> None:
        starts = self.start
        span = self.end[slot] - starts[slot]
        for name in self.block_names(slot):
            block = self.blocks.get(name)
            if block is None:
                self.blocks[name] = [slot]
                self.spans[name] = span
                continue
            bisect.insort(block, slot, key=starts.__getitem__)
            if span > self.spans[name]:
                self.spans[name] = span

    def block_remove(self, slot: int) -> None:
        for name in self.block_names(slot):
            block = self.blocks[name]
            block.remove(slot)
            if not block:
                del self.blocks[name], self.spans[name]

    def overlapping(self, name: tuple, first: int, last: int) -> list[int]:
        """Representatives in block `name` whose days overlap first..last (ordinals)."""
        block = self.blocks.get(name)
        if not block:
            return []
        starts, ends = self.start, self.end
        lo = bisect.bisect_left(block, first - self.spans[name], key=starts.__getitem__)
        hi = bisect.bisect_right(block, last, lo=lo, key=starts.__getitem__)
        return [s for s in block[lo:hi] if ends[s] >= first]

    def add_base(self, base: str, label: int) -> None:
        known = self.bases.get(base)
        if known is None:
            self.bases[base] = label
        elif isinstance(known, int):
            self.bases[base] = (known, label)
        else:
            self.bases[base] = (*known, label)

    def remove_base(self, base: str, label: int) -> None:
        known = self.bases[base]
        if isinstance(known, int):
            del self.bases[base]
            return
        rest = tuple(x for x in known if x != label)
        self.bases[base] = rest[0] if len(rest) == 1 else rest

    def labels_of_base(self, base: str) -> tuple:
        known = self.bases.get(base)
        if known is None:
            return ()
        return (known,) if isinstance(known, int) else known


class _Unsure(Exception):
    """Something the incremental merge does not handle: the full merge decides."""


class _Rebuild:
    """One incremental merge: the state's decisions, re-made where the changed files reach."""

    def __init__(self, state: _State, results, max_changed_share: float) -> None:
        self.state = state
        self.results = results
        self.max_changed_share = max_changed_share

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
        self.rank_of_file = {path: i for i, (path, _, _) in enumerate(self.results)}
        self._starts: list[tuple[int, str]] | None = None
        return True

    def _add_slot(self, event: Event) -> None:
        state = self.state
        d = event.date
        slot = len(state.fam)
        state.fam.append(state.family_id(family_of(event.type)))
        state.start.append(d.start.toordinal())
        state.end.append(d.end.toordinal())
        state.keys.append(state.key_ids({actor_key(a) for a in event.actors}))
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
        return (s.fam[slot], s.start[slot], s.end[slot], s.keys[slot])

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
        return [m for m in s.clusters[s.label[rep]][1] if s.rep[m] == rep]

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

    def _label(self, rep: int) -> int:
        return self.labels.get(rep, self.state.label[rep])

    # -- the tiers ---------------------------------------------------------------------------

    def _tier(self, level: int) -> None:
        s = self.state
        tiers, keys, fam = s.tier, s.keys, s.fam
        affected = {r for r in self.added_reps if tiers[r] == level}
        for j in self.changed:
            kj = frozenset(keys[j])
            for k in keys[j]:
                for r in self._near((fam[j], k), s.start[j], s.end[j]):
                    if tiers[r] == level and merge.actors_fit(frozenset(keys[r]), kj):
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
            for k in keys[r]:
                for x in s.overlapping((fam[r], k), s.start[r], s.end[r]):
                    if (
                        tiers[x] == level
                        and x not in affected
                        and x not in self.removed_reps
                        and linkable_before(x)
                    ):
                        relink.add(s.label[x])

        def old_part(label: int) -> set[int]:
            return {x for x in s.clusters[label][0] if tiers[x] == level and linkable_before(x)}

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
                {x for x in s.clusters[label][0] if tiers[x] <= level}
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
        kr = frozenset(s.keys[r])
        if not kr:
            return None
        tiers = s.tier
        found = None
        for k in s.keys[r]:
            for j in self._near((s.fam[r], k), s.start[r], s.end[r]):
                if tiers[j] >= level:
                    continue
                label = self._label(j)
                if label == found:
                    continue
                if not merge.actors_fit(kr, frozenset(s.keys[j])):
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
        touched = self.touched | self.dirty
        joined: dict[int, set[int]] = defaultdict(set)
        for x, label in self.labels.items():
            if self._alive(x):
                joined[label].add(x)
        records: dict[int, tuple | None] = {}  # label -> new record (None: gone)
        same: set[int] = set()  # labels whose members are the last build's
        for label in touched:
            old = s.clusters.get(label)
            reps = [x for x in old[0] if self._alive(x) and self._label(x) == label] if old else []
            reps += [x for x in joined.get(label, ()) if not old or x not in old[0]]
            if not reps:
                records[label] = None
                continue
            members = []
            for x in reps:
                group = self.members_of.get(x)
                members += group if group is not None else self._old_members(x)
            if old is not None and set(members) == set(old[1]):
                same.add(label)
                records[label] = old
                continue
            members = self._content_sorted(members)
            combined = merge.combine([events[m] for m in members])
            records[label] = _record(sorted(reps), members, combined, combined.id, events)
        # Ids that collide, decided again as unique_ids does.
        bases: set[str] = set()
        for label, record in records.items():
            old = s.clusters.get(label)
            if old is not None:
                bases.add(old[2])
                s.remove_base(old[2], label)
            if record is not None:
                bases.add(record[2])
                s.add_base(record[2], label)
        finals: dict[int, str] = {}
        for base in sorted(bases):
            labels = s.labels_of_base(base)
            if len(labels) == 1:
                finals[labels[0]] = base
                continue
            current = [records[x] if x in records else s.clusters[x] for x in labels]
            ordered = sorted(
                zip(labels, current, strict=True),
                key=lambda item: (
                    merge.content_key(events[item[1][1][0]]),
                    self._rank(item[1][1][0]),
                ),
            )
            told = [self._combined(record) for _, record in ordered]
            for (x, _), event in zip(ordered, merge.unique_ids(told), strict=True):
                finals[x] = event.id
        # Apply: every label whose record or final id moved leaves the order and comes back.
        moved: set[int] = set()
        unchanged_ids: set[str] = set()
        for label, final in finals.items():
            record = records[label] if label in records else s.clusters[label]
            if record is not None and record[3] != final:
                record = (*record[:3], final, *record[4:])
            records[label] = record
        for label, record in records.items():
            old = s.clusters.get(label)
            if old is not None and record is old:
                continue
            if label in same and old is not None and record is not None and old[3] == record[3]:
                continue
            moved.add(label)
        for label in moved:
            old = s.clusters.get(label)
            if old is not None:
                key = (old[5], old[6], old[3])
                i = bisect.bisect_left(s.tkeys, key)
                if i >= len(s.tkeys) or s.tkeys[i] != key:
                    raise _Unsure(f"merged event {old[3]} not in the timeline order")
                del s.tkeys[i], s.order[i]
                if s.finals.get(old[3]) == label:
                    del s.finals[old[3]]
        for label in moved:
            record = records[label]
            if record is None:
                del s.clusters[label]
                continue
            if record[3] in s.finals:
                raise _Unsure(f"two merged events with id {record[3]}")
            s.clusters[label] = record
            s.finals[record[3]] = label
            key = (record[5], record[6], record[3])
            i = bisect.bisect_left(s.tkeys, key)
            s.tkeys.insert(i, key)
            s.order.insert(i, label)
        for label in same:
            if label not in moved:
                unchanged_ids.add(s.clusters[label][3])
        changed_ids = {s.clusters[label][3] for label in moved if label in s.clusters}
        # The slots' new representatives, labels and blocks.
        for x in self.removed_reps:
            s.block_remove(x)
        for x in self.added_reps:
            s.block_add(x)
        for m, rep in self.rep_of.items():
            s.rep[m] = rep
        for label in moved:
            record = s.clusters.get(label)
            if record is not None:
                for m in record[1]:
                    s.label[m] = label
        for x in self.dead:
            s.rep[x] = s.label[x] = -1
            s.keys[x] = ()
        s.empty += len(self.dead)
        s.slots = len(s.fam)
        clusters = s.clusters
        merged = [_rebuilt(clusters[label], events) for label in s.order]
        unchanged = frozenset(s.finals.keys() - changed_ids)
        return MergeOutcome(merged, unchanged, s.encode(), incremental=True)

    def _combined(self, record: tuple) -> Event:
        """A record's merged event before unique_ids renamed it."""
        return _rebuilt((*record[:3], record[2], *record[4:]), self.events)
