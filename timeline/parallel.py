"""Run a per-file stage over many files: in this process, in a local process pool, or on Dask.

Every engine yields the results in the order of its inputs, so the merge stage sees the same
sequence whichever engine ran, and the outputs stay byte-identical.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Literal, TypeVar

from timeline.errors import ConfigError, TimelineError

Item = TypeVar("Item")
Result = TypeVar("Result")
Engine = Literal["local", "dask"]

# Files per task: large enough to amortise the cost of shipping a task, small enough to balance.
MAX_BATCH = 64


class WorkerError(TimelineError):
    """A worker process or a Dask worker died or failed outside the per-file stages' own error
    handling (which turns bad input into problems)."""


def effective_jobs(jobs: int) -> int:
    """--jobs 0 means one worker per core."""
    if jobs < 0:
        raise ConfigError(f"--jobs must be 0 (all cores) or more, got {jobs}")
    return jobs or os.cpu_count() or 1


def runs_in_this_process(count: int, *, jobs: int = 1, engine: Engine = "local") -> bool:
    """Whether map_ordered would call func here rather than in other processes: the caller then
    holds only results, never the stage's own garbage, and may pause the cyclic collector."""
    return engine == "local" and (effective_jobs(jobs) == 1 or count <= 1)


def batches(items: Sequence[Item], workers: int) -> list[list[Item]]:
    """Split items into contiguous batches, about four per worker so that slow files even out."""
    size = max(1, min(MAX_BATCH, -(-len(items) // (workers * 4))))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _run_batch(func: Callable[[Item], Result], batch: list[Item]) -> list[Result]:
    return [func(item) for item in batch]


def map_ordered(
    func: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    jobs: int = 1,
    engine: Engine = "local",
    scheduler: str | None = None,
    expected_version: str | None = None,
) -> Iterator[Result]:
    """func(item) for every item, in order. func must be picklable (a module-level function or
    a functools.partial of one) when jobs > 1 or engine is dask."""
    workers = effective_jobs(jobs)
    if not items:
        return
    if engine == "dask":
        yield from _map_dask(func, items, workers, scheduler, expected_version)
    elif engine != "local":
        raise ConfigError(f"unknown engine '{engine}' (known: local, dask)")
    elif runs_in_this_process(len(items), jobs=jobs, engine=engine):
        yield from map(func, items)
    else:
        yield from _map_processes(func, items, workers)


def _exit_with_parent() -> None:
    """Worker initializer: a build killed with SIGKILL cannot tell its pool to stop, and the
    workers would wait for work forever as orphans; each watches its parent and ends with it."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="timeline-parent-watch", daemon=True).start()


def _map_processes(
    func: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> Iterator[Result]:
    workers = min(workers, len(items))
    with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent) as pool:
        try:
            for batch_results in pool.map(partial(_run_batch, func), batches(items, workers)):
                yield from batch_results
        except BrokenProcessPool as exc:
            raise WorkerError(
                "a worker process died (out of memory, or killed); "
                "the work done so far is in the cache: run the build again, maybe with fewer --jobs"
            ) from exc


def _map_dask(
    func: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    scheduler: str | None,
    expected_version: str | None,
) -> Iterator[Result]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("--engine dask needs Dask: pip install 'timeline[dask]'") from exc

    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        with client:
            if expected_version is not None:
                _check_worker_versions(client, expected_version)
            n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
            futures = client.map(partial(_run_batch, func), batches(items, n_workers), pure=False)
            for future in futures:
                try:
                    batch_results = future.result()
                except (TimelineError, GeneratorExit):
                    raise
                except Exception as exc:
                    raise WorkerError(
                        f"a Dask task failed ({type(exc).__name__}: {exc}); "
                        "the work done so far is in the cache: run the build again"
                    ) from exc
                yield from batch_results
    finally:
        if cluster is not None:
            cluster.close()


def _check_worker_versions(client, expected: str) -> None:
    """Workers running other code would fill the cache with results of another version."""
    from timeline.cache import pipeline_version

    found = client.run(pipeline_version)
    other = {addr: v for addr, v in found.items() if v != expected}
    if other:
        addr, version = next(iter(other.items()))
        raise ConfigError(
            f"Dask worker {addr} runs timeline pipeline {version}, this build {expected}: "
            "install the same timeline version on every worker"
        )


def can_fork() -> bool:
    return hasattr(os, "fork")


def run_forked(tasks: Sequence[Callable[[], None]], jobs: int) -> Iterator[int]:
    """Run each task in a forked child of this process, at most jobs at a time; yield each task's
    index as it ends. A child sees this process's memory as it was at the fork, without copying
    or pickling it (a timeline of 58,000 events), so the tasks share what they read. The first
    failure is raised here, as the child raised it, once every child has ended."""
    pending = list(enumerate(tasks))
    running: dict[int, tuple[int, int]] = {}  # read end of the child's error pipe -> (pid, index)
    failure: BaseException | None = None
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs) and failure is None:
                index, task = pending.pop(0)
                read_fd, write_fd = os.pipe()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the child; coverage does not follow it
                    os.close(read_fd)
                    _child(task, write_fd)
                os.close(write_fd)
                running[read_fd] = (pid, index)
            if not running:
                break
            ready, _, _ = select.select(list(running), [], [])
            for read_fd in ready:
                pid, index = running.pop(read_fd)
                error = _read_all(read_fd)
                _, status = os.waitpid(pid, 0)
                if failure is None:
                    failure = _child_failure(error, status)
                    if failure is None:
                        yield index
    finally:
        for read_fd, (pid, _) in running.items():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(read_fd)
    if failure is not None:
        raise failure


def _child(task: Callable[[], None], write_fd: int) -> None:
    """Run task and leave with os._exit: never back into the parent's code, its atexit handlers
    or its buffered output. A failure is sent to the parent, pickled."""
    code = 0
    try:
        _exit_with_parent()  # a build killed meanwhile leaves no orphan writing on
        task()
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
        code = 1
        try:
            data = pickle.dumps(exc)
        except Exception:  # noqa: BLE001 - an exception that does not pickle is sent as text
            data = pickle.dumps(WorkerError(f"{type(exc).__name__}: {exc}"))
        with contextlib.suppress(OSError):
            view = memoryview(data)
            while view:
                view = view[os.write(write_fd, view) :]
    finally:
        os._exit(code)


def _read_all(fd: int) -> bytes:
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _child_failure(error: bytes, status: int) -> BaseException | None:
    if error:
        try:
            return pickle.loads(error)
        except Exception as exc:  # noqa: BLE001
            return WorkerError(f"a forked child failed and its error could not be read ({exc})")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
        return WorkerError(f"a forked child died ({how})")
    return None
