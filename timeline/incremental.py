"""Incremental builds: which input files the cache already knows, and whether the outputs on disk
are already those this build would write."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from timeline.cache import (
    BuildCache,
    CacheCorruptError,
    CacheError,
    FileStat,
    hash_file,
    open_cache,
    output_code_version,
    remove_cache_files,
    stat_or_none,
)
from timeline.ingest import InputFile
from timeline.models import Problem, Timeline
from timeline.settings import Settings

# Settings that change how a build runs but never what it writes.
_RUN_ONLY_SETTINGS = {"jobs", "engine", "scheduler", "use_cache", "cache_path"}


def cache_path_for(settings: Settings) -> Path:
    return settings.cache_path or settings.out_dir / ".cache.sqlite"


class CacheSession:
    """The cache for one build. Corruption never stops a build: the cache is replaced by a fresh
    one, with a warning, and whatever it held is analysed again."""

    def __init__(self, settings: Settings, warnings: list[str]) -> None:
        self.path = cache_path_for(settings)
        self.input_dir = settings.input_dir
        self.warnings = warnings
        self.cache: BuildCache | None = None
        # Digests of the merge state this build's merge started from and the one it left (set
        # by the merge): the output indexes are tied to them, without reading the state again.
        self.merge_states: tuple[str, str] | None = None
        if settings.use_cache:
            self.cache = open_cache(self.path, settings.input_dir, warnings)

    def fail(self, exc: CacheError) -> None:
        """A corrupt cache is replaced by a fresh one; one that is locked or read-only is left
        alone and this build goes on without it."""
        if self.cache is not None:
            self.cache.abandon()
        self.cache = None
        if isinstance(exc, CacheCorruptError):
            self.warnings.append(f"cache {exc}; rebuilding it from scratch")
            remove_cache_files(self.path)
            self.cache = open_cache(self.path, self.input_dir, self.warnings)
        else:
            self.warnings.append(f"cache unavailable ({exc}); going on without it")

    def guarded(self, action: Callable[[BuildCache], object]) -> object:
        if self.cache is None:
            return None
        try:
            return action(self.cache)
        except CacheError as exc:
            self.fail(exc)
            return None

    def close(self) -> None:
        self.guarded(BuildCache.close)
        self.cache = None


@dataclass
class Plan:
    """The input files in build order (`order` holds their cache keys), split into indexes of
    those the cache holds and of those to analyse."""

    inputs: list[InputFile] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)
    misses: list[int] = field(default_factory=list)

    def path(self, index: int) -> Path:
        return self.inputs[index].path


def plan_files(inputs: list[InputFile], session: CacheSession) -> Plan:
    """Cheap first: a file whose stat (taken while listing the folder) matches its cached row is
    not even opened; one whose stat moved is hashed, and only a different hash sends it to the
    per-file stages."""
    plan = Plan(inputs=inputs, order=[item.rel for item in inputs])
    cache = session.cache
    for index, (location, rel, st) in enumerate(inputs):
        if cache is None or rel not in cache or st is None:
            plan.misses.append(index)
            continue
        stat = FileStat(size=st.st_size, mtime_ns=st.st_mtime_ns, inode=st.st_ino)
        if cache.is_fresh(rel, stat):
            plan.hits.append(index)
            continue
        digest = hash_file(Path(location))
        if digest is not None and cache.has_digest(rel, digest):
            plan.hits.append(index)
            session.guarded(lambda c, rel=rel, stat=stat: c.touch(rel, stat))
        else:
            plan.misses.append(index)
    return plan


def outputs_key(settings: Settings, order: list[str], session: CacheSession) -> str | None:
    """What the outputs are a function of: the code, the settings that shape them, and every
    input file's content. None when some file has no known content hash."""
    cache = session.cache
    if cache is None:
        return None
    digest = hashlib.sha256(output_code_version().encode())
    shaping = settings.model_dump(mode="json", exclude=_RUN_ONLY_SETTINGS)
    digest.update(json.dumps(shaping, sort_keys=True).encode())
    for rel in order:
        content = cache.digest_of(rel)
        if content is None:
            return None
        digest.update(f"\0{rel}\0{content}".encode())
    return digest.hexdigest()


def rendering_key(settings: Settings) -> str:
    """The code and the settings an output is rendered with (outputs_key without the inputs):
    where each event's piece lies in an output is only used by a build with the same."""
    digest = hashlib.sha256(output_code_version().encode())
    shaping = settings.model_dump(mode="json", exclude=_RUN_ONLY_SETTINGS)
    digest.update(json.dumps(shaping, sort_keys=True).encode())
    return digest.hexdigest()


@dataclass
class OutputsState:
    """What the last build wrote: enough to answer a rebuild with nothing to do."""

    key: str
    files: list[list]
    articles: int
    events: int
    problems: list[Problem]


def recorded_outputs(
    settings: Settings, key: str | None, session: CacheSession
) -> OutputsState | None:
    """The last build's outputs when they were made for the same key and none was touched
    since (their stat is unchanged); else None."""
    if key is None or session.cache is None:
        return None
    recorded = session.guarded(lambda c: c.get_meta("outputs"))
    if not isinstance(recorded, str):
        return None
    try:
        raw = json.loads(recorded)
        state = OutputsState(
            key=raw["key"],
            files=raw["files"],
            articles=int(raw["articles"]),
            events=int(raw["events"]),
            problems=[Problem.model_validate(p) for p in raw["problems"]],
        )
        if state.key != key or not state.files:
            return None
        for name, size, mtime_ns, inode in state.files:
            if stat_or_none(settings.out_dir / name) != FileStat(size, mtime_ns, inode):
                return None
    except (ValueError, KeyError, TypeError):
        return None
    return state


def record_outputs(
    key: str | None, written: list[Path], timeline: Timeline, session: CacheSession
) -> None:
    if key is None:
        return
    files = []
    for path in written:
        stat = stat_or_none(path)
        if stat is None:
            return
        files.append([path.name, stat.size, stat.mtime_ns, stat.inode])
    state = {
        "key": key,
        "files": files,
        "articles": len(timeline.articles),
        "events": len(timeline.events),
        "problems": [p.model_dump(mode="json") for p in timeline.problems],
    }
    session.guarded(lambda c: c.set_meta("outputs", json.dumps(state)))


def nothing_changed(plan: Plan, session: CacheSession) -> bool:
    """Every input file is a cache hit and no cached file is gone."""
    cache = session.cache
    return cache is not None and not plan.misses and len(cache) == len(plan.order)
