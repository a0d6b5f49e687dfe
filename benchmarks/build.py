"""Benchmark `timeline build` at scale, in one process and one run.

    python benchmarks/build.py                       # 1,000 and 10,000 articles
    python benchmarks/build.py --sizes 1000 --profile /tmp/build.prof
    python benchmarks/build.py --jobs 2              # also a cold build with 2 worker processes

For each size it generates a corpus with benchmarks/corpus.py (not timed), then times:
  cold         a first build (empty cache), the cost a user pays once
  no-change    a rebuild with nothing changed
  incremental  a rebuild after one article was edited
  new process  a rebuild after one more edit, run as `timeline build` in a new process (imports
               and start-up included: what a user waits for)
and checks that the incremental outputs are byte-identical to a build from scratch.
Then it times dateparser.search_dates alone over the same cleaned texts (a sample, by default,
since it is slow; the rate is what is compared) and prints articles/second, the ratios and the
peak memory (RSS) of this process. Targets (issue 8): cold >= 10x search_dates and >= 300
articles/s on one core; incremental at 10,000 articles < 1 s; peak RSS < 500 MB at 10,000.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import importlib.util
import io
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline.ingest import iter_input_files, read_file
from timeline.models import Problem
from timeline.pipeline import build
from timeline.settings import Settings

HERE = Path(__file__).resolve().parent


def load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / 2**20


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


class Timed:
    """Wall and CPU seconds of a block: on a shared machine the CPU time is the steadier figure."""

    def __enter__(self) -> Timed:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f}s wall, {self.cpu:.2f}s CPU"


def timed_build(settings: Settings, profile: cProfile.Profile | None = None):
    with Timed() as timed:
        if profile:
            profile.enable()
        result = build(settings)
        if profile:
            profile.disable()
    return result, timed


def edit_one_article(corpus: Path, nth: int = 0) -> Path:
    """Append an event sentence to the nth plain-text article, as a correction would."""
    texts = (p for p in iter_input_files(corpus) if p.suffix == ".txt")
    target = next(p for i, p in enumerate(texts) if i == nth)
    with target.open("a", encoding="utf-8") as stream:
        stream.write("\nUpdate: Antony Blinken met Sameh Shoukry in Cairo on Monday.\n")
    return target


def bench_size(
    count: int, workdir: Path, jobs: int, profile_path: Path | None, corpus_module
) -> dict:
    corpus = workdir / f"corpus-{count}"
    out = workdir / f"out-{count}"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    files = sum(1 for _ in corpus_module.generate(count, corpus))
    print(f"[{count}] generated {files} files in {time.perf_counter() - started:.1f}s", flush=True)

    settings = Settings(input_dir=corpus, out_dir=out)
    cold, cold_s = timed_build(settings)
    articles = len(cold.timeline.articles)
    print(f"[{count}] cold: {cold.summary()}; {cold_s}", flush=True)
    print(f"[{count}]   stages: {_stages(cold)}", flush=True)
    peak_after_cold = peak_rss_mb()

    same, same_s = timed_build(settings)
    print(f"[{count}] no-change: {same.summary()}; {same_s}", flush=True)
    print(f"[{count}]   stages: {_stages(same)}", flush=True)
    edited = edit_one_article(corpus)
    incr, incr_s = timed_build(settings)
    print(f"[{count}] incremental ({edited.name}): {incr.summary()}; {incr_s}", flush=True)
    print(f"[{count}]   stages: {_stages(incr)}", flush=True)

    fresh = fresh_process_rebuild(corpus, out, edit_one_article(corpus, nth=1))
    print(f"[{count}] one change, new process: {fresh['summary']}; {fresh['timed']}", flush=True)

    scratch = workdir / f"scratch-{count}"
    shutil.rmtree(scratch, ignore_errors=True)
    identical = None
    if count <= 2000:
        build(Settings(input_dir=corpus, out_dir=scratch, use_cache=False))
        identical = outputs(scratch) == outputs(out)
        shutil.rmtree(scratch)
    if profile_path:
        # A separate build: the profiler's overhead must not leak into the figures above.
        profile = cProfile.Profile()
        timed_build(Settings(input_dir=corpus, out_dir=scratch, use_cache=False), profile)
        profile.dump_stats(profile_path)
        shutil.rmtree(scratch)
    row = {
        "articles": articles,
        "events": len(cold.timeline.events),
        "problems": len(cold.timeline.problems),
        "cold": cold_s,
        "nochange": same_s,
        "incremental": incr_s,
        "incremental_analysed": incr.report.analysed,
        "fresh": fresh["timed"],
        "cold_stages": dict(cold.report.cpu_timings),
        "nochange_stages": dict(same.report.cpu_timings),
        "incremental_stages": dict(incr.report.cpu_timings),
        "identical": identical,
        "peak_rss_mb": peak_after_cold,
    }
    if jobs > 1:
        serial = outputs(out) if count <= 2000 else None
        shutil.rmtree(out)
        par, par_s = timed_build(Settings(input_dir=corpus, out_dir=out, jobs=jobs))
        row["jobs"] = par_s
        row["jobs_stages"] = dict(par.report.cpu_timings)
        # The CPU figure is this process's only: in a parallel build, what the workers cannot share.
        print(f"[{count}] cold --jobs {jobs}: {par.summary()}; {par_s}", flush=True)
        print(f"[{count}]   stages: {_stages(par)}", flush=True)
        if serial is not None and outputs(out) != serial:
            print(f"[{count}] --jobs {jobs} outputs DIFFER from the serial build's", flush=True)
    return row


def fresh_process_rebuild(corpus: Path, out: Path, edited: Path) -> dict:
    """`timeline build` after one more edit, in a new process as a user runs it: the imports and
    the first article's start-up costs count too. CPU is the child's (getrusage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from timeline.cli import app; app()", "build", str(corpus)]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    timed = Timed()
    timed.wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timed.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"timed": timed, "summary": done.stdout.strip().splitlines()[-1], "edited": edited}


def _stages(result) -> str:
    """CPU seconds per stage (wall in brackets)."""
    report = result.report
    return " ".join(
        f"{k}={report.cpu_timings[k]:.2f}s ({v:.2f})" for k, v in report.timings.items()
    )


STAGES = ("scan", "load", "analyse", "merge", "export")


def print_stage_table(rows: dict) -> None:
    print("\nCPU seconds per stage (wall seconds of the whole build in brackets):\n")
    print("| articles | build | " + " | ".join(STAGES) + " | total |")
    print("|---|---|" + "---|" * (len(STAGES) + 1))
    for row in rows.values():
        for scenario in ("cold", "nochange", "incremental", "jobs"):
            if scenario not in row:
                continue
            cpu = row[f"{scenario}_stages"]
            cells = " | ".join(f"{cpu[s]:.2f}" if s in cpu else "-" for s in STAGES)
            timed = row[scenario]
            print(
                f"| {row['articles']:,} | {scenario} | {cells} "
                f"| {timed.cpu:.2f} ({timed.wall:.2f}) |"
            )


def bench_search_dates(corpus: Path, sample: int) -> tuple[int, Timed]:
    """dateparser.search_dates over the cleaned bodies of the first `sample` articles."""
    from dateparser.search import search_dates

    texts = []
    for path in iter_input_files(corpus):
        for item in read_file(path, corpus):
            if not isinstance(item, Problem):
                texts.append((item.body, item.article.published))
        if len(texts) >= sample:
            break
    texts = texts[:sample]
    search_dates("warm-up on Sunday", languages=["en"])  # first call loads the language data
    with Timed() as timed:
        for body, published in texts:
            base = dt.datetime.combine(published or dt.date(2024, 1, 1), dt.time())
            search_dates(body, languages=["en"], settings={"RELATIVE_BASE": base})
    return len(texts), timed


def print_profile(path: Path, limit: int = 25) -> None:
    for key in ("cumulative", "tottime"):
        stream = io.StringIO()
        stats = pstats.Stats(str(path), stream=stream)
        stats.strip_dirs().sort_stats(key).print_stats(limit)
        print(f"\n--- cProfile of a cold build of the first corpus, by {key} ---")
        print("\n".join(stream.getvalue().splitlines()[4:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--workdir", type=Path, help="where corpora and outputs go (temp dir)")
    parser.add_argument(
        "--search-dates-sample",
        type=int,
        default=300,
        help="articles given to dateparser.search_dates (0 = all of the largest corpus)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="also time a cold build with N jobs")
    parser.add_argument(
        "--profile", type=Path, help="also cProfile a cold build of the first corpus into FILE"
    )
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus_module = load_corpus_module()
    print(f"workdir {workdir}; baseline RSS {current_rss_mb():.0f} MB", flush=True)

    rows = {}
    for i, count in enumerate(sizes):
        profile = args.profile if i == 0 else None
        rows[count] = bench_size(count, workdir, args.jobs, profile, corpus_module)

    largest = max(sizes)
    sample = args.search_dates_sample or largest
    n_texts, sd = bench_search_dates(workdir / f"corpus-{largest}", sample)
    sd_rate = n_texts / sd.cpu

    print(
        "\nRates are articles per CPU second of this process (wall seconds in brackets)."
        "\n\n| articles | events | cold s | articles/s | x search_dates | no-change s "
        "| incremental s | one change, new process s | identical | peak RSS MB |"
        + (" --jobs wall s | --jobs main-process CPU s |" if args.jobs > 1 else "")
    )
    print("|---|---|---|---|---|---|---|---|---|---|" + ("---|---|" if args.jobs > 1 else ""))
    for row in rows.values():
        cold, same, incr = row["cold"], row["nochange"], row["incremental"]
        rate = row["articles"] / cold.cpu
        identical = {None: "not checked", True: "yes", False: "NO"}[row["identical"]]
        line = (
            f"| {row['articles']:,} | {row['events']:,} | {cold.cpu:.2f} ({cold.wall:.2f}) "
            f"| {rate:,.0f} | {rate / sd_rate:.2f} | {same.cpu:.2f} ({same.wall:.2f}) "
            f"| {incr.cpu:.2f} ({incr.wall:.2f}), {row['incremental_analysed']} analysed "
            f"| {row['fresh'].cpu:.2f} ({row['fresh'].wall:.2f}) "
            f"| {identical} | {row['peak_rss_mb']:.0f} |"
        )
        if args.jobs > 1:
            line += f" {row['jobs'].wall:.2f} | {row['jobs'].cpu:.2f} |"
        print(line)
    print(
        f"\ndateparser.search_dates alone: {n_texts} articles in {sd} = {sd_rate:.1f} "
        f"articles/CPU s (extrapolated to {largest:,}: {largest / sd_rate:,.0f}s)"
    )
    print(f"peak RSS of the whole run (after search_dates): {peak_rss_mb():.0f} MB")
    print_stage_table(rows)
    if args.profile:
        print_profile(args.profile)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
