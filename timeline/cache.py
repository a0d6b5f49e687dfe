"""Incremental build cache: one SQLite row per input file, holding what the per-file stages made of it.

A row is reused when the pipeline version is the same and the file is unchanged: first by its
stat (size, mtime, inode), then, when the stat moved or cannot be trusted, by a hash of its bytes.
The cache only ever saves work: a missing, stale or corrupt cache gives the same outputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import sqlite3
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pydantic_core
from pydantic import BaseModel, NonNegativeInt, TypeAdapter, ValidationError

from timeline import __version__
from timeline.models import Actor, ActorKind, Article, Event, EventDate, Problem, Source

# Bump when the table layout or the payload's shape changes (3: the actors as a table).
CACHE_FORMAT = "3"

# A file modified within this long before we looked at it may change again inside the same
# timestamp tick without its stat moving (the "racy clean" problem): such rows are re-hashed.
RACY_WINDOW_NS = 2_000_000_000

# Third-party libraries whose upgrade can change what the per-file stages produce.
STAGE_LIBRARIES = (
    "dateparser",
    "trafilatura",
    "htmldate",
    "feedparser",
    "charset-normalizer",
    "pyyaml",
    "pydantic",
)

# Package files that do not influence the per-file stages: changing them keeps the cache.
_NOT_STAGE_CODE = (
    "cli.py",
    "serve.py",
    "exporters/",
    # The merge runs on every build over all results, cached or not: the cache holds what came
    # before it.
    "events/merge.py",
    "events/merge_state.py",  # its state carries its own code version
    "cache.py",
    "incremental.py",
    "parallel.py",
    "progress.py",
)


class FileResult(BaseModel):
    """What the per-file stages made of one input file: metadata, events and problems, no text."""

    path: str
    articles: list[Article] = []
    events: list[Event] = []
    problems: list[Problem] = []


class SharedParts:
    """One object for equal actors and equal event dates across all results of a build.

    The same people and dates recur in thousands of events; as separate pydantic objects they
    were 29% of the memory the events take (10,000 generated articles: 373 MB -> 265 MB).
    Nothing changes these objects after they are made (merge copies what it changes)."""

    def __init__(self) -> None:
        self._actors: dict[tuple, Actor] = {}
        self._dates: dict[tuple, EventDate] = {}

    def share(self, results: list[FileResult]) -> list[FileResult]:
        actors, dates = self._actors, self._dates
        for result in results:
            for event in result.events:
                event.actors = [actors.setdefault(_actor_key(a), a) for a in event.actors]
                d = event.date
                key = (d.start, d.end, d.granularity, d.timex, d.basis, d.expression, d.anchor)
                event.date = dates.setdefault(key, d)
        return results

    def actor(self, key: tuple) -> Actor:
        """The actor of a cached row (an _actor_key tuple), made on its first use."""
        actor = self._actors.get(key)
        if actor is None:
            actor = self._actors[key] = Actor(**dict(zip(_ACTOR_FIELDS, key, strict=True)))
        return actor

    def decode(self, payload: bytes) -> FileResult:
        """A result from its cache payload (encode_result), with shared actors and dates.

        Raises ValueError (pydantic's ValidationError is one) or IndexError on a payload that is
        not one encode_result wrote."""
        body, newline, tail = payload.partition(b"\n")
        if not newline:
            raise ValueError("no actors table")
        result = FileResult.model_validate_json(body)
        table, numbers = _ACTORS_TAIL.validate_json(tail)
        actors = [self.actor(key) for key in table]
        dates, all_set = self._dates, _ALL_FIELDS_SET
        for event, row in zip(result.events, numbers, strict=True):
            # Straight into the fields (every one is set, see _ALL_FIELDS_SET): pydantic's
            # __setattr__ took a fifth of the load's time for the same result.
            fields = event.__dict__
            fields["actors"] = [actors[i] for i in row]
            d = fields["date"]
            key = (d.start, d.end, d.granularity, d.timex, d.basis, d.expression, d.anchor)
            shared = dates.get(key)
            if shared is None:
                shared = dates[key] = d
                _set_fields(d, all_set[EventDate])
            fields["date"] = shared
            _set_fields(event, all_set[Event])
            for source in fields["sources"]:
                _set_fields(source, all_set[Source])
        for article in result.articles:
            _set_fields(article, all_set[Article])
        return result


# The payload of a cached result: its JSON without the events' actors, a newline, then the actors
# once each and each event's actors as numbers in that table. Files name the same few actors in
# event after event (10,000 generated articles: 160,405 actors in 83,416 events, 54 different);
# read as an object each time, they were a third of the time a rebuild spent loading the cache.
_ACTOR_FIELDS = tuple(Actor.model_fields)
_WITHOUT_ACTORS = {"events": {"__all__": {"actors"}}}
_ACTORS_TAIL = TypeAdapter(
    tuple[list[tuple[str, str | None, str | None, ActorKind]], list[list[NonNegativeInt]]]
)


# A cached row holds every field of its models, so each loaded model has them all set: one set per
# class stands for all, instead of pydantic's own set per object (728 bytes for an event, more
# than the event's fields; 10,000 articles: 106 MB less at the end of the load). Pydantic only
# adds to it, and only names of fields, which it holds already; a copy gets a set of its own.
_ALL_FIELDS_SET = {model: set(model.model_fields) for model in (Article, Event, EventDate, Source)}


def _set_fields(model: BaseModel, names: set[str]) -> None:
    object.__setattr__(model, "__pydantic_fields_set__", names)


def _actor_key(actor: Actor) -> tuple:
    return (actor.name, actor.role, actor.country, actor.kind)


def encode_result(result: FileResult) -> bytes:
    """The bytes the cache keeps for a result; SharedParts.decode reads them back."""
    table: dict[tuple, int] = {}
    numbers = [
        [table.setdefault(_actor_key(a), len(table)) for a in event.actors]
        for event in result.events
    ]
    # Compact JSON never holds a raw newline (one in a string is written \n).
    body = result.model_dump_json(exclude=_WITHOUT_ACTORS).encode("utf-8")
    return body + b"\n" + pydantic_core.to_json([list(table), numbers])


def stage_code_hash(
    package: Path,
    exclude: tuple[str, ...] = _NOT_STAGE_CODE,
    libraries: tuple[str, ...] = STAGE_LIBRARIES,
) -> str:
    """A hash of the package's files (by default those the per-file stages run: code and data,
    not the exporters or the CLI) and of the given libraries' versions."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if not path.is_file() or "__pycache__" in rel or (exclude and rel.startswith(exclude)):
            continue
        if path.suffix in (".pyc", ".pyo"):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in libraries:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The package version plus a hash of the stage code, data files and stage libraries' versions;
    a cache written under another pipeline version is discarded."""
    return f"{__version__}+{stage_code_hash(Path(__file__).resolve().parent)}"


@lru_cache(maxsize=1)
def output_code_version() -> str:
    """A hash of all the package's code and templates and of every library it writes with:
    outputs made by other code are never taken as up to date."""
    libraries = (*STAGE_LIBRARIES, "feedgen", "icalendar", "jinja2", "lxml")
    return stage_code_hash(Path(__file__).resolve().parent, exclude=(), libraries=libraries)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class FileStat:
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileStat:
        st = path.stat()
        return cls(size=st.st_size, mtime_ns=st.st_mtime_ns, inode=st.st_ino)


@dataclass
class _Row:
    stat: FileStat
    checked_ns: int
    digest: str


class CacheError(Exception):
    """The cache cannot be used; the build goes on without it."""


class CacheCorruptError(CacheError):
    """The cache file is not a usable SQLite database of ours: it is replaced by a fresh one."""


class CacheUnavailableError(CacheError):
    """The cache is fine but cannot be used now (locked by another build, read-only, I/O error):
    it is left alone."""


def _db_error(path: Path, exc: sqlite3.DatabaseError) -> CacheError:
    # OperationalError covers busy, locked, read-only and I/O errors: nothing to repair there.
    if isinstance(exc, sqlite3.OperationalError):
        return CacheUnavailableError(f"{path}: {exc}")
    return CacheCorruptError(f"{path}: {exc}")


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS states (name TEXT PRIMARY KEY, data BLOB NOT NULL);
"""


class BuildCache:
    """The cache of one input folder at one pipeline version, stored in one SQLite file (WAL).

    Every method turns SQLite errors into CacheCorruptError or CacheUnavailableError; `open_cache`
    and the pipeline recover from both, so users only see a warning.
    """

    COMMIT_EVERY = 256
    COMMIT_SECONDS = 2.0
    # How long a write waits for another build holding the cache before going on without it.
    BUSY_TIMEOUT_MS = 10_000

    def __init__(self, path: Path, input_dir: Path, version: str | None = None) -> None:
        self.path = path
        self.version = version or pipeline_version()
        self.input_key = str(input_dir.resolve())
        self._pending = 0
        self._committed_at = time.monotonic()
        self._rows: dict[str, _Row] = {}
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute(f"PRAGMA busy_timeout = {int(self.BUSY_TIMEOUT_MS)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
            self._drop_legacy_fragments()
            self._check_identity()
            self._rows = {
                path: _Row(FileStat(size, mtime, inode), checked, digest)
                for path, size, mtime, inode, checked, digest in self._db.execute(
                    "SELECT path, size, mtime_ns, inode, checked_ns, digest FROM files"
                )
            }
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise _db_error(path, exc) from exc
        self._db.execute("BEGIN")

    def _drop_legacy_fragments(self) -> None:
        """Cache format 1 kept every event's rendered bytes (300 MB at 10,000 articles); they cost
        a cold build more than they saved a rebuild, and are dropped with the space they took."""
        legacy = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fragments'"
        ).fetchone()
        if legacy:
            self._db.execute("DROP TABLE fragments")
            self._db.execute("VACUUM")

    def _check_identity(self) -> None:
        """A cache made by another pipeline version or for another input folder starts empty."""
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        wanted = {"version": self.version, "input": self.input_key}
        if all(meta.get(k) == v for k, v in wanted.items()):
            return
        self._db.execute("BEGIN")
        self._db.execute("DELETE FROM files")
        self._db.execute("DELETE FROM states")
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(wanted.items()))
        self._db.execute("COMMIT")

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, rel: object) -> bool:
        return rel in self._rows

    def is_fresh(self, rel: str, stat: FileStat) -> bool:
        """True when the stat says the file is the one cached, and the stat can be trusted."""
        row = self._rows.get(rel)
        return (
            row is not None and row.stat == stat and row.checked_ns - stat.mtime_ns > RACY_WINDOW_NS
        )

    def has_digest(self, rel: str, digest: str) -> bool:
        row = self._rows.get(rel)
        return row is not None and row.digest == digest

    def digest_of(self, rel: str) -> str | None:
        row = self._rows.get(rel)
        return row.digest if row is not None else None

    def get_meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from exc
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get_state(self, name: str) -> bytes | None:
        """A state the last build left for the next one (the merge's decisions, where each
        event sits in the outputs), or None. Its owner checks that it still fits."""
        try:
            row = self._db.execute("SELECT data FROM states WHERE name = ?", (name,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from exc
        return bytes(row[0]) if row else None

    def set_state(self, name: str, data: bytes | None) -> None:
        """Keep data under name for the next build (None forgets it)."""
        if data is None:
            self._write("DELETE FROM states WHERE name = ?", (name,))
        else:
            self._write("INSERT OR REPLACE INTO states VALUES (?, ?)", (name, data))

    def load(self, paths: list[str], shared: SharedParts | None = None) -> list[FileResult]:
        """The cached results of paths, in the order given."""
        wanted = set(paths)
        found: dict[str, FileResult] = {}
        shared = shared or SharedParts()
        # One scan of the table, each row read as it arrives and its bytes dropped: the raw
        # payloads are never all held at once. One call per row beats one per JSON array of rows
        # (10,000 articles: 0.85 s against 1.1 s CPU), which also copied every payload once more.
        # Actors and dates are shared row by row, so the copies a row's validation made are
        # freed before the next row is read (10,000 articles: 140 MB less at the peak).
        try:
            for path, payload in self._db.execute("SELECT path, payload FROM files"):
                if path in wanted:
                    found[path] = self._decode(payload, shared)
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from exc
        if len(found) != len(wanted):
            missing = next(p for p in paths if p not in found)
            raise CacheCorruptError(f"{self.path}: rows vanished for {missing}")
        return [found[p] for p in paths]

    def _decode(self, payload: bytes, shared: SharedParts) -> FileResult:
        try:
            return shared.decode(payload)
        except ValidationError as exc:
            # One line: the full error would dump the cached bytes and a help URL into stderr.
            first = exc.errors()[0] if exc.error_count() else {"msg": "invalid"}
            raise CacheCorruptError(
                f"{self.path}: unreadable cached result ({first['msg']})"
            ) from exc
        except (ValueError, IndexError) as exc:
            raise CacheCorruptError(f"{self.path}: unreadable cached result ({exc})") from exc

    def touch(self, rel: str, stat: FileStat) -> None:
        """Record a new stat for a row whose content hash matched."""
        now = time.time_ns()
        self._write(
            "UPDATE files SET size = ?, mtime_ns = ?, inode = ?, checked_ns = ? WHERE path = ?",
            (stat.size, stat.mtime_ns, stat.inode, now, rel),
        )
        self._rows[rel] = _Row(stat, now, self._rows[rel].digest)

    def store(self, rel: str, stat: FileStat, digest: str, payload: bytes) -> None:
        now = time.time_ns()
        self._write(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rel, stat.size, stat.mtime_ns, stat.inode, now, digest, payload),
        )
        self._rows[rel] = _Row(stat, now, digest)

    def forget_except(self, keep: set[str]) -> int:
        """Drop the rows of files that are gone from the input folder; returns how many."""
        gone = [p for p in self._rows if p not in keep]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            self._write(f"DELETE FROM files WHERE path IN ({','.join('?' * len(chunk))})", chunk)
        for p in gone:
            del self._rows[p]
        return len(gone)

    def _write(self, sql: str, params: tuple | list) -> None:
        try:
            self._db.execute(sql, params)
            self._pending += 1
            # Commit in batches, and at least every few seconds: a killed build keeps most of
            # its work, and commits stay cheap.
            if (
                self._pending >= self.COMMIT_EVERY
                or time.monotonic() - self._committed_at > self.COMMIT_SECONDS
            ):
                self._commit_batch()
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from exc

    def _commit_batch(self) -> None:
        """Commit what is pending and open the next transaction; the caller maps sqlite errors."""
        self._db.execute("COMMIT")
        self._db.execute("BEGIN")
        self._pending = 0
        self._committed_at = time.monotonic()

    def close(self) -> None:
        try:
            self._db.execute("COMMIT")
            self._db.close()
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise _db_error(self.path, exc) from exc

    def abandon(self) -> None:
        """Close without committing, for a cache found corrupt mid-build."""
        self._close_quietly()

    def _close_quietly(self) -> None:
        with contextlib.suppress(sqlite3.Error, AttributeError):
            self._db.close()


def remove_cache_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def open_cache(path: Path, input_dir: Path, warnings: list[str]) -> BuildCache | None:
    """Open (or create) the cache at path; a corrupt one is replaced, with a warning, and one that
    cannot be used now gives None (a build without cache), with a warning."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return BuildCache(path, input_dir)
    except CacheCorruptError as exc:
        warnings.append(f"cache {exc}; rebuilding it from scratch")
    except (CacheUnavailableError, OSError) as exc:
        warnings.append(f"cache unavailable ({exc}); building without it")
        return None
    remove_cache_files(path)
    try:
        return BuildCache(path, input_dir)
    except CacheError as exc:
        warnings.append(f"cache {exc}; building without a cache")
        return None


def stat_or_none(path: Path) -> FileStat | None:
    try:
        return FileStat.of(path)
    except OSError:
        return None


def hash_file(path: Path) -> str | None:
    """The content hash of a file, or None when it cannot be read (it is then never cached)."""
    try:
        return content_hash(path.read_bytes())
    except OSError:
        return None
