"""build(): ingest -> analyse_article() [dates -> events] -> merge -> export.

The per-file stages (ingest, analyse_article) run once per changed input file, in this process, a
process pool or on Dask, and their results are kept in an SQLite cache; merge and export run on
every build over all articles' metadata and events, which are small: article texts are never held
together in memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import glob
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from timeline.cache import (
    CacheError,
    FileResult,
    FileStat,
    SharedParts,
    encode_result,
    hash_file,
    pipeline_version,
    stat_or_none,
)
from timeline.dates import resolve_text
from timeline.errors import ConfigError, StrictModeError
from timeline.events import extract_events, merge_events
from timeline.events.merge_state import merge_files
from timeline.exporters import EXPORTERS
from timeline.exporters.base import latest_input_date, newest_first
from timeline.exporters.pieces import PieceIndex, StoredIndex, open_previous
from timeline.incremental import (
    CacheSession,
    OutputsState,
    Plan,
    cache_path_for,
    nothing_changed,
    outputs_key,
    plan_files,
    record_outputs,
    recorded_outputs,
    rendering_key,
)
from timeline.ingest import read_file, relative_name, scan_input_files
from timeline.models import Article, ArticleText, Event, Problem, Timeline
from timeline.parallel import (
    can_fork,
    effective_jobs,
    map_ordered,
    run_forked,
)
from timeline.settings import Settings

# progress(stage, done, total): called as work advances; the CLI draws a bar with it.
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build did besides its outputs: counts, timings and warnings for the summary line."""

    files: int = 0
    cached: int = 0
    analysed: int = 0
    forgotten: int = 0
    outputs_unchanged: bool = False
    merged_incrementally: bool = False  # the merge re-decided only what the changed files touch
    warnings: list[str] = field(default_factory=list)
    # Seconds per stage: wall clock, and CPU of this process (steadier on a busy machine).
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)

    def record(self, stage: str, started: tuple[float, float]) -> None:
        """The time since started (a _clock() reading) as the stage's."""
        wall, cpu = _clock()
        self.timings[stage] = wall - started[0]
        self.cpu_timings[stage] = cpu - started[1]


def _clock() -> tuple[float, float]:
    """Wall and CPU seconds now, for the stage timings of the summary (never in an output)."""
    return time.perf_counter(), time.process_time()


class BuildResult:
    """What build() did: the timeline, the files written, the time, counts and warnings.

    When nothing changed since the last build, the outputs are left alone and the timeline is
    only assembled (from the cache) if someone asks for it; counts and problems come from the
    last build's record.
    """

    def __init__(
        self,
        timeline: Timeline | None = None,
        written: list[Path] | None = None,
        seconds: float = 0.0,
        report: BuildReport | None = None,
        *,
        recorded: OutputsState | None = None,
        load_timeline: Callable[[], Timeline] | None = None,
    ) -> None:
        self._timeline = timeline
        self._load_timeline = load_timeline
        self.written = written or []
        self.seconds = seconds
        self.report = report or BuildReport()
        if timeline is not None:
            self.articles, self.events = len(timeline.articles), len(timeline.events)
            self.problems = list(timeline.problems)
        elif recorded is not None and load_timeline is not None:
            self.articles, self.events = recorded.articles, recorded.events
            self.problems = list(recorded.problems)
        else:
            raise ValueError("BuildResult needs a timeline, or a record and a way to load it")

    @property
    def timeline(self) -> Timeline:
        if self._timeline is None:
            self._timeline = self._load_timeline()
        return self._timeline

    def summary(self) -> str:
        report = self.report
        outputs = (
            "outputs already up to date"
            if report.outputs_unchanged
            else f"{len(self.written)} files written"
        )
        return (
            f"{self.articles} articles, {self.events} events, {len(self.problems)} problems; "
            f"{outputs} in {self.seconds:.2f}s "
            f"({report.files} input files: {report.analysed} analysed, {report.cached} from cache)"
        )


def analyse_article(doc: ArticleText) -> list[Event]:
    """The per-article stages: resolve dates in the body and in each caption, extract events.

    Pure and picklable: same article, same events, in any process."""
    published = doc.article.published
    mentions = resolve_text(doc.body, published)
    caption_mentions = [resolve_text(caption, published) for caption in doc.captions]
    return extract_events(doc, mentions, caption_mentions)


def analyse_file(path: Path, input_dir: Path) -> FileResult:
    """The per-file stages for one input file: its articles' metadata, events and problems."""
    result = FileResult(path=relative_name(path, input_dir))
    for item in read_file(path, input_dir):
        if isinstance(item, Problem):
            result.problems.append(item)
            continue
        result.articles.append(item.article)
        try:
            result.events.extend(analyse_article(item))
        except Exception as exc:  # noqa: BLE001 - one bad article must not sink the build
            result.problems.append(
                Problem(
                    path=item.article.path,
                    error=f"analysis failed ({type(exc).__name__}: {exc}); its events are missing",
                )
            )
    return result


@dataclass(frozen=True)
class AnalysedFile:
    """analyse_file's result as the cache stores it, with the stat and hash read before it; in
    the process that analysed it, the result itself too."""

    stat: FileStat | None
    digest: str | None
    payload: bytes
    result: FileResult | None = None

    def __reduce__(self):
        # Sent from a worker as its payload only: bytes pickle faster than the models.
        return (AnalysedFile, (self.stat, self.digest, self.payload))

    def file_result(self) -> FileResult:
        """The result, parsed from the payload unless this process made it (no round trip)."""
        if self.result is not None:
            return self.result
        return SharedParts().decode(self.payload)


def analyse_file_for_cache(path: Path, input_dir: Path) -> AnalysedFile:
    """analyse_file, serialised; stat and hash are taken first, so a file edited meanwhile is
    seen as changed on the next build."""
    stat = stat_or_none(path)
    digest = hash_file(path)
    result = analyse_file(path, input_dir)
    payload = encode_result(result)
    return AnalysedFile(stat=stat, digest=digest, payload=payload, result=result)


def collect(
    settings: Settings,
    progress: Progress | None = None,
    report: BuildReport | None = None,
) -> Timeline:
    """Read and analyse every article (unchanged files come from the cache); no output written."""
    report = report if report is not None else BuildReport()
    session, plan = _scan(settings, report)
    try:
        with _frozen_heap():
            return _collect(settings, session, plan, report, progress)[0]
    finally:
        session.close()


def _scan(settings: Settings, report: BuildReport) -> tuple[CacheSession, Plan]:
    if not settings.input_dir.is_dir():
        raise ConfigError(f"input folder not found: {settings.input_dir}")
    started = _clock()
    cache = cache_path_for(settings)
    # The cache's own files, should it live inside the input folder (a killed build leaves -wal).
    exclude = [settings.out_dir, *(Path(f"{cache}{s}") for s in ("", "-wal", "-shm", "-journal"))]
    # Tens of thousands of small objects (stats, cache rows): in a process that already holds a
    # timeline, a collector pass over it cost a rebuild with nothing to do 1 s of its 1.1 s.
    with _no_cyclic_gc():
        inputs = scan_input_files(settings.input_dir, exclude=exclude)
        report.files = len(inputs)
        session = CacheSession(settings, report.warnings)
        try:
            plan = plan_files(inputs, session)
        except BaseException:
            session.close()
            raise
    report.record("scan", started)
    return session, plan


def _collect(
    settings: Settings,
    session: CacheSession,
    plan: Plan,
    report: BuildReport,
    progress: Progress | None,
) -> tuple[Timeline, frozenset[str]]:
    """The timeline, and the ids of its events that are the same as in the last build (empty
    when that is not known): the exporters copy what they wrote for those."""
    started = _clock()
    count, misses = len(plan.order), plan.misses
    # Keyed by position in the build order, never by a name recomputed from the result.
    results: dict[int, FileResult] = {}
    shared = SharedParts()
    if plan.hits and session.cache is not None:
        try:
            with _no_cyclic_gc():
                loaded = session.cache.load([plan.order[i] for i in plan.hits], shared)
                # The loaded results live until the end of the build: out of the collector's
                # sight before it runs again. Its first passes over them otherwise cost a
                # one-change rebuild at 10,000 articles 2.6 s CPU (0.7 s at once, the rest while
                # the changed file was analysed).
                gc.freeze()
            results.update(zip(plan.hits, loaded, strict=True))
        except CacheError as exc:
            session.fail(exc)
            misses = list(range(count))
    report.cached = len(results)
    report.record("load", started)
    _check_strict(settings, results.values())

    started = _clock()
    done = len(results)
    if progress:
        progress("analysing", done, count)
    analysed_files = map_ordered(
        partial(analyse_file_for_cache, input_dir=settings.input_dir),
        [plan.path(i) for i in misses],
        jobs=settings.jobs,
        engine=settings.engine,
        scheduler=settings.scheduler,
        expected_version=pipeline_version() if settings.engine == "dask" else None,
    )
    digests: dict[int, str | None] = {}  # of the files analysed here, for the merge's state
    for index, analysed in zip(misses, analysed_files, strict=True):
        (result,) = shared.share([analysed.file_result()])
        results[index] = result
        digests[index] = analysed.digest
        _check_strict(settings, [result])
        if analysed.stat is not None and analysed.digest is not None:
            rel = plan.order[index]
            session.guarded(
                lambda c, a=analysed, rel=rel: c.store(rel, a.stat, a.digest, a.payload)
            )
        done += 1
        if progress:
            progress("analysing", done, count)
        if done % 256 == 0:
            gc.freeze()  # results so far are long-lived: keep the collector's passes short
    report.analysed = len(misses)
    keep = set(plan.order)
    report.forgotten = session.guarded(lambda c: c.forget_except(keep)) or 0
    report.record("analyse", started)

    started = _clock()
    with _no_cyclic_gc():
        ordered = [results[i] for i in range(count)]
        if session.cache is None:
            timeline, unchanged = assemble(ordered), frozenset()
        else:
            timeline, unchanged = _merge_with_state(session, plan, ordered, digests, report)
    report.record("merge", started)
    return timeline, unchanged


def _merge_with_state(
    session: CacheSession,
    plan: Plan,
    ordered: list[FileResult],
    digests: dict[int, str | None],
    report: BuildReport,
) -> tuple[Timeline, frozenset[str]]:
    """The merge, re-deciding only what the changed files touch when the cache holds the last
    build's decisions; they are replaced by this build's once it has merged.

    The state names each file's content digest: a file whose digest moved is a changed one, so
    a build killed before this point leaves a state that still tells the truth about the files
    it names, whatever rows the build stored."""
    cache = session.cache
    for i in plan.hits:
        if i not in digests:
            digests[i] = cache.digest_of(plan.order[i]) if cache is not None else None
    previous = session.guarded(lambda c: c.get_state("merge"))
    outcome = merge_files(
        [(rel, digests.get(i), ordered[i].events) for i, rel in enumerate(plan.order)],
        previous if isinstance(previous, bytes) else None,
    )
    report.merged_incrementally = outcome.incremental
    session.guarded(lambda c: c.set_state("merge", outcome.state or None))
    before = previous if isinstance(previous, bytes) else None
    session.merge_states = (_merge_state_digest(before), _merge_state_digest(outcome.state))
    return assemble(ordered, merged=outcome.events), outcome.unchanged


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small acyclic objects are made:
    its passes over the growing heap cost 4x the work itself (cache load at 10,000 articles:
    4.1 s CPU with it, 0.8 s without). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the collector off the (large, long-lived) timeline while exporters allocate."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _check_strict(settings: Settings, results) -> None:
    if not settings.strict:
        return
    for result in results:
        for problem in result.problems:
            raise StrictModeError(f"{problem.path}: {problem.error}")


def assemble(results, merged: list[Event] | None = None) -> Timeline:
    """One timeline from per-file results given in path order: the merge stage (`merged`: their
    events already merged, by merge_files)."""
    articles: list[Article] = []
    events: list[Event] = []
    problems: list[Problem] = []
    for result in results:
        articles.extend(result.articles)
        if merged is None:
            events.extend(result.events)
        problems.extend(result.problems)
    articles.sort(key=lambda a: a.path)
    problems.sort(key=lambda p: p.path)
    if merged is None:
        merged = merge_events(events)
    return Timeline(articles=articles, events=merged, problems=problems)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temp file beside path and rename it into place, so readers never see half a file."""
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temp_beside(target: Path) -> tuple[int, str]:
    """A temp file in target's folder with the permissions target has (or would get from open()):
    mkstemp's 0600 would hide a published feed from the web server."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.fchmod(fd, mode)
    return fd, tmp


@dataclass
class OutputPieces:
    """Where each event's piece lies in the outputs (exporters/pieces.py): `previous` as the last
    build left it, by format; `written` filled by export() for the files it wrote."""

    previous: dict[str, StoredIndex] = field(default_factory=dict)
    written: dict[str, StoredIndex] = field(default_factory=dict)
    # The merge state this build's merge started from: an index is used only if it was stored
    # with the same (else a build in between merged without writing these outputs); None, when
    # this build merged without a state, matches no index.
    merge_before: str | None = None


def export(
    timeline: Timeline,
    settings: Settings,
    progress: Progress | None = None,
    unchanged: frozenset[str] = frozenset(),
    pieces: OutputPieces | None = None,
) -> list[Path]:
    """Write every requested format into settings.out_dir, all or nothing.

    Each exporter streams into a temp file beside its target; only when every format has been
    written are they renamed into place, so a failed or killed build leaves the previous outputs
    whole, and no output is ever held twice in memory. With pieces, the events in `unchanged`
    (the same as in the last build) are copied from the outputs `pieces.previous` describes,
    when it describes them exactly; where every event's piece now lies goes to `pieces.written`.
    """
    for name in settings.formats:
        if name not in EXPORTERS:
            raise ConfigError(f"unknown format '{name}' (known: {', '.join(EXPORTERS)})")
    out_dir = settings.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, str]] = []
    plan = _PieceSplice(pieces, settings, unchanged)
    plan.newest = _shared_newest_first(timeline, settings)
    # The build's 'now' for the page, the feeds and the calendar: one pass over the articles.
    plan.latest = latest_input_date(timeline) if len(settings.formats) > 1 else None
    processes = _export_processes(settings)
    try:
        if processes > 1:
            _export_forked(timeline, settings, staged, processes, progress, plan)
        else:
            for done, name in enumerate(settings.formats):
                if progress:
                    progress("writing", done, len(settings.formats))
                exporter = plan.exporter(name, settings)
                target = out_dir / exporter.filename
                fd, tmp = _temp_beside(target)
                staged.append((target, tmp))
                with os.fdopen(fd, "wb") as stream:
                    plan.indexes[name] = _write_format(exporter, timeline, stream, plan, target)
        if progress:
            progress("writing", len(staged), len(settings.formats))
        # Each index describes its file as written, stat-ed before anyone else can reach it.
        plan.stats = {target.name: stat_or_none(Path(tmp)) for target, tmp in staged}
        for target, tmp in staged:
            os.replace(tmp, target)
    except BaseException:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
            Path(_index_beside(tmp)).unlink(missing_ok=True)
        raise
    _fsync_dir(out_dir)
    remove_stale_temps(out_dir, [target.name for target, _ in staged])
    plan.record(out_dir)
    return [target for target, _ in staged]


class _PieceSplice:
    """What export() needs to copy unchanged pieces and to keep where the new ones lie."""

    def __init__(
        self, pieces: OutputPieces | None, settings: Settings, unchanged: frozenset[str]
    ) -> None:
        self.pieces = pieces
        self.unchanged = unchanged
        # Only when the indexes are kept: the code hash is worked out once per process.
        self.key = rendering_key(settings) if pieces is not None else ""
        self.indexes: dict[str, bytes | None] = {}  # by format, as each was written
        self.stats: dict[str, FileStat | None] = {}  # by file name, of the staged files
        self.newest: list[Event] | None = None  # the events newest first, sorted once
        self.latest: dt.datetime | None = None  # latest_input_date, worked out once

    def exporter(self, name: str, settings: Settings):
        """The format's exporter, handed the shared newest-first order if it reads one."""
        exporter = EXPORTERS[name](settings)
        if getattr(exporter, "reads_newest_first", False):
            exporter.newest = self.newest
        if hasattr(exporter, "latest"):
            exporter.latest = self.latest
        return exporter

    def previous(self, name: str, target: Path):
        """The last output of this format opened for copying (a Reuse), or a null context."""
        if self.pieces is None or not self.unchanged:
            return contextlib.nullcontext()
        stored = self.pieces.previous.get(name)
        if stored is not None and stored.merge != self.pieces.merge_before:
            stored = None
        return open_previous(target.absolute(), stored, self.key, self.unchanged)

    def record(self, out_dir: Path) -> None:
        """Tie each new index to the file it describes, as renamed into place."""
        if self.pieces is None:
            return
        self.pieces.written.clear()
        for name, data in self.indexes.items():
            if data is None:
                continue
            target = (out_dir / EXPORTERS[name].filename).absolute()
            stat = self.stats.get(target.name)
            if stat is not None:
                self.pieces.written[name] = StoredIndex(
                    str(target), stat.size, stat.mtime_ns, stat.inode, self.key, "", data
                )


def read_output_pieces(session: CacheSession) -> OutputPieces | None:
    """The indexes the last build left, each with the merge state it was stored with (None
    without a cache: nothing to read or keep). Only reads: a cache that fails here gives no
    index and stays as it is for the stages after."""
    cache = session.cache
    if cache is None:
        return None
    pieces = OutputPieces()
    try:
        for name, exporter in EXPORTERS.items():
            if exporter.writes_pieces:
                stored = StoredIndex.from_bytes(cache.get_state(f"pieces:{name}"))
                if stored is not None:
                    pieces.previous[name] = stored
    except CacheError:
        return OutputPieces()
    return pieces


def keep_output_pieces(session: CacheSession, indexes: dict[str, StoredIndex]) -> None:
    """Store the indexes for the next build, with the merge state this build leaves."""
    if not indexes or session.merge_states is None:
        return
    digest = session.merge_states[1]
    for name, stored in indexes.items():
        data = replace(stored, merge=digest).to_bytes()
        session.guarded(lambda c, n=name, d=data: c.set_state(f"pieces:{n}", d))


def _merge_state_digest(state: bytes | None) -> str:
    """What identifies a merge state ('' for none)."""
    return hashlib.blake2b(state, digest_size=16).hexdigest() if state else ""


def _shared_newest_first(timeline: Timeline, settings: Settings) -> list[Event] | None:
    """The events newest first, sorted once here (before any fork) when two or more formats
    read them so: the page and both feeds each sorted all 58,000 events at 10,000 articles."""
    readers = [n for n in settings.formats if getattr(EXPORTERS.get(n), "reads_newest_first", 0)]
    return newest_first(timeline.events) if len(readers) > 1 else None


def _export_processes(settings: Settings) -> int:
    """Formats are written side by side, in forked children, when the build runs --jobs on
    this machine: merge and export are the part of a parallel build its workers cannot share."""
    if settings.engine != "local" or len(settings.formats) < 2 or not can_fork():
        return 1
    return min(effective_jobs(settings.jobs), len(settings.formats))


def _write_format(
    exporter, timeline: Timeline, stream, plan: _PieceSplice, target: Path
) -> bytes | None:
    """Write one format; where its pieces lie, stored, for the formats that write pieces."""
    if exporter.writes_pieces:
        with plan.previous(exporter.name, target) as reuse:
            exporter.reuse = reuse
            try:
                index = exporter.export(timeline, stream)
            finally:
                exporter.reuse = None
    else:
        index = exporter.export(timeline, stream)
    stream.flush()
    os.fsync(stream.fileno())
    if plan.pieces is None or not isinstance(index, PieceIndex):
        return None  # no cache to keep it in, or an exporter that noted nothing
    return index.to_bytes()


def _export_forked(
    timeline: Timeline,
    settings: Settings,
    staged: list[tuple[Path, str]],
    processes: int,
    progress: Progress | None,
    plan: _PieceSplice,
) -> None:
    """Each format written by a forked child into its temp file, which this process staged;
    the children read the timeline as it is in this process's memory, never copied or pickled.
    A child leaves where its pieces lie in a file beside its temp file."""
    tasks = []
    for name in settings.formats:
        exporter = plan.exporter(name, settings)
        target = settings.out_dir / exporter.filename
        fd, tmp = _temp_beside(target)
        os.close(fd)
        staged.append((target, tmp))
        tasks.append(partial(_write_format_to, exporter, timeline, tmp, plan, target))
    if progress:
        progress("writing", 0, len(tasks))
    for done, index in enumerate(run_forked(tasks, processes), start=1):
        name, (_, tmp) = settings.formats[index], staged[index]
        side = Path(_index_beside(tmp))
        with contextlib.suppress(FileNotFoundError):  # none when there is nothing to keep
            plan.indexes[name] = side.read_bytes()
            side.unlink()
        if progress:
            progress("writing", done, len(tasks))


def _write_format_to(
    exporter, timeline: Timeline, tmp: str, plan: _PieceSplice, target: Path
) -> None:
    with open(tmp, "wb") as stream:
        index = _write_format(exporter, timeline, stream, plan, target)
    if index is not None:
        with open(_index_beside(tmp), "wb") as side:
            side.write(index)


def _index_beside(tmp: str) -> str:
    """Where a forked child leaves its index: '.NAME.XXXX.pieces.tmp', a temp file as
    remove_stale_temps knows them."""
    return tmp.removesuffix(".tmp") + ".pieces.tmp"


# A temp file older than this was left by a killed build, not staged by one running now.
STALE_TEMP_SECONDS = 3600


def remove_stale_temps(out_dir: Path, names: list[str]) -> None:
    """Delete the temp files that killed builds left beside these outputs."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for name in names:
        for leftover in out_dir.glob(f".{glob.escape(name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable; not every platform can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def build(settings: Settings, progress: Progress | None = None) -> BuildResult:
    """Build the timeline from settings.input_dir and write every format to settings.out_dir.

    Outputs already on disk for the same inputs, settings and code are left as they are."""
    started = time.perf_counter()
    report = BuildReport()
    session, plan = _scan(settings, report)
    try:
        if nothing_changed(plan, session):
            key = outputs_key(settings, plan.order, session)
            recorded = recorded_outputs(settings, key, session)
            if recorded is not None:
                # The cheapest rebuild: no file opened, nothing loaded, merged or written.
                if settings.strict and recorded.problems:
                    first = recorded.problems[0]
                    raise StrictModeError(f"{first.path}: {first.error}")
                report.cached = len(plan.hits)
                report.outputs_unchanged = True
                return BuildResult(
                    seconds=time.perf_counter() - started,
                    report=report,
                    recorded=recorded,
                    load_timeline=partial(collect, settings),
                )
        pieces = read_output_pieces(session)
        with _frozen_heap():
            timeline, unchanged = _collect(settings, session, plan, report, progress)
            if pieces is not None and session.merge_states is not None:
                # `unchanged` compares with the build that left the state the merge started
                # from: only the indexes stored with that state may be copied from.
                pieces.merge_before = session.merge_states[0]
            key = outputs_key(settings, plan.order, session)
            export_started = _clock()
            if recorded_outputs(settings, key, session) is not None:
                report.outputs_unchanged = True
                written = []
                # The same inputs as the build that wrote them: they still describe the outputs.
                keep_output_pieces(session, pieces.previous if pieces else {})
            else:
                gc.freeze()  # the timeline is read by every exporter, never freed before the end
                written = export(timeline, settings, progress, unchanged, pieces)
                record_outputs(key, written, timeline, session)
                keep_output_pieces(session, pieces.written if pieces else {})
            report.record("export", export_started)
    finally:
        session.close()
    return BuildResult(
        timeline=timeline,
        written=written,
        seconds=time.perf_counter() - started,
        report=report,
    )
