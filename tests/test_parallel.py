"""--jobs and --engine dask give the same outputs as the serial build, byte for byte."""

from __future__ import annotations

import os
import signal
from functools import partial
from pathlib import Path

import pytest
from builds import corpus_generator, outputs

from timeline.errors import ConfigError
from timeline.exporters import EXPORTERS
from timeline.parallel import (
    WorkerError,
    batches,
    effective_jobs,
    map_ordered,
    run_forked,
    runs_in_this_process,
)
from timeline.pipeline import build
from timeline.settings import Settings

REPO = Path(__file__).resolve().parent.parent
FORMATS = ["json", "ics", "rss", "atom"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus of the benchmark generator: several outlets, formats and date styles."""
    folder = tmp_path_factory.mktemp("generated")
    list(corpus_generator().generate(60, folder, seed=3, formats=["txt", "md"]))
    return folder


@pytest.fixture(scope="module")
def serial(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    result = build(Settings(input_dir=generated, out_dir=out, formats=FORMATS, use_cache=False))
    assert len(result.timeline.articles) == 60
    assert len(result.timeline.events) > 0
    return outputs(out)


def _square(n: int) -> int:
    return n * n


def _pid(_: int) -> int:
    return os.getpid()


def test_map_ordered_keeps_input_order_across_processes() -> None:
    items = list(range(200))
    assert list(map_ordered(_square, items, jobs=2)) == [n * n for n in items]
    assert len(set(map_ordered(_pid, items, jobs=2)) - {os.getpid()}) >= 1


@pytest.mark.parametrize(("jobs", "count"), [(1, 5), (2, 1), (2, 5)])
def test_runs_in_this_process_says_where_map_ordered_runs(jobs: int, count: int) -> None:
    # map_ordered decides by it whether to start workers at all.
    pids = set(map_ordered(_pid, list(range(count)), jobs=jobs))
    here = pids == {os.getpid()}
    assert runs_in_this_process(count, jobs=jobs) is here
    assert runs_in_this_process(count, jobs=jobs, engine="dask") is False


def test_batches_are_contiguous_and_cover_every_item() -> None:
    items = list(range(1003))
    parts = batches(items, workers=2)
    assert [x for part in parts for x in part] == items
    assert max(len(p) for p in parts) <= 64
    assert len(batches(items[:5], workers=2)) == 5


def test_jobs_zero_means_one_per_core_and_negative_is_refused() -> None:
    assert effective_jobs(0) == (os.cpu_count() or 1)
    assert effective_jobs(3) == 3
    with pytest.raises(ConfigError, match="--jobs"):
        effective_jobs(-1)


def test_jobs_build_equals_serial_build(
    generated: Path, serial: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "jobs"
    result = build(
        Settings(input_dir=generated, out_dir=out, formats=FORMATS, use_cache=False, jobs=2)
    )
    assert result.report.analysed == result.report.files
    assert outputs(out) == serial


def test_jobs_build_fills_a_cache_the_serial_build_reuses(
    generated: Path, serial: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "jobs-cache"
    build(Settings(input_dir=generated, out_dir=out, formats=FORMATS, jobs=2))
    again = build(Settings(input_dir=generated, out_dir=out, formats=FORMATS))
    assert again.report.analysed == 0
    assert outputs(out) == serial


def test_progress_reaches_the_number_of_files(generated: Path, tmp_path: Path) -> None:
    seen: dict[str, list[tuple[int, int]]] = {}
    result = build(
        Settings(
            input_dir=generated, out_dir=tmp_path / "p", formats=["json", "ics"], use_cache=False
        ),
        progress=lambda stage, done, total: seen.setdefault(stage, []).append((done, total)),
    )
    files = result.report.files
    assert list(seen) == ["analysing", "writing"]
    assert seen["analysing"][0] == (0, files)
    assert seen["analysing"][-1] == (files, files)
    assert [done for done, _ in seen["analysing"]] == list(range(files + 1))
    assert seen["writing"] == [(0, 2), (1, 2), (2, 2)]


def test_dask_engine_equals_serial_build(
    generated: Path, serial: dict[str, bytes], tmp_path: Path
) -> None:
    pytest.importorskip("dask.distributed")
    from timeline.cache import pipeline_version

    # Workers hash the code files when they start: so must this process, or a file edited since
    # its first build (several people share this working tree) looks like another version.
    pipeline_version.cache_clear()
    out = tmp_path / "dask"
    result = build(
        Settings(
            input_dir=generated,
            out_dir=out,
            formats=FORMATS,
            use_cache=False,
            engine="dask",
            jobs=2,
        )
    )
    assert result.report.analysed == result.report.files
    assert outputs(out) == serial


def _die(n: int) -> int:
    if n == 7:
        os._exit(1)  # a worker killed mid-build (OOM killer, kill -9)
    return n


def test_a_dead_worker_process_is_a_clear_error_not_a_traceback() -> None:
    from timeline.errors import TimelineError

    with pytest.raises(TimelineError, match="worker process died"):
        list(map_ordered(_die, list(range(20)), jobs=2))


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()))


def _fail() -> None:
    raise ValueError("bad format settings")


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_run_forked_runs_every_task_in_a_child(tmp_path: Path) -> None:
    files = [tmp_path / f"{i}.pid" for i in range(5)]
    done = list(run_forked([partial(_write_pid, f) for f in files], jobs=2))
    assert sorted(done) == list(range(5))
    pids = {int(f.read_text()) for f in files}
    assert len(pids) == 5 and os.getpid() not in pids


def test_run_forked_raises_the_childs_error_and_a_death(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bad format settings"):
        list(run_forked([partial(_write_pid, tmp_path / "a"), _fail], jobs=2))
    with pytest.raises(WorkerError, match="killed by signal 9"):
        list(run_forked([_kill_self], jobs=2))


def test_failed_forked_export_keeps_the_oldoutputs(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(Settings(input_dir=generated, out_dir=out, formats=FORMATS, jobs=2))
    before = outputs(out)

    def broken(self, timeline, stream) -> None:
        stream.write(b"half a feed")
        raise OSError("disk full")

    monkeypatch.setattr(EXPORTERS["rss"], "export", broken)
    with pytest.raises(OSError, match="disk full"):
        build(Settings(input_dir=generated, out_dir=out, formats=FORMATS, jobs=2, use_cache=False))
    assert outputs(out) == before
    assert not list(out.glob(".*.tmp"))
