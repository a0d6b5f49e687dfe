"""Benchmark reading articles (ingest: decode, clean, publication date), one format at a time.

    python benchmarks/ingest.py                 # 2,000 .txt, 500 .md, 200 .html, 2,000 in .jsonl
    python benchmarks/ingest.py --txt 10000 --profile /tmp/ingest.prof

Generates each corpus with benchmarks/corpus.py (not timed), then times `read_file` over every
file on one core and prints articles/second per format, plus how many articles came out with a
publication date found (not inferred) and how many problems were reported. Also times the three
seed articles if ../shared/seeds is present. Target (issue 5): well over 1,000 small .txt
articles/s on one core; .html goes through trafilatura and is expected to be much slower.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import pstats
import sys
import tempfile
import time
from pathlib import Path

from timeline.ingest import iter_input_files, read_file
from timeline.models import Problem

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"


def load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module
    spec.loader.exec_module(module)
    return module


def time_reading(folder: Path) -> tuple[int, int, int, float, float]:
    """(articles, with a stated date, problems, wall seconds, CPU seconds) for every file."""
    articles = dated = problems = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in iter_input_files(folder):
        for item in read_file(path, folder):
            if isinstance(item, Problem):
                problems += 1
                continue
            articles += 1
            dated += item.article.published_basis != "inferred"
    return (
        articles,
        dated,
        problems,
        time.perf_counter() - started,
        time.process_time() - cpu_started,
    )


def report(label: str, articles: int, dated: int, problems: int, wall: float, cpu: float) -> None:
    # CPU time is what one core costs; wall time also counts whatever else runs on the machine.
    rate, cpu_rate = (articles / t if t else float("inf") for t in (wall, cpu))
    print(
        f"{label:<7} {articles:>6} articles  wall {wall:6.2f} s {rate:7.0f}/s  "
        f"cpu {cpu:6.2f} s {cpu_rate:7.0f}/s  {dated:>6} dated  {problems:>3} problems"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--txt", type=int, default=2000)
    parser.add_argument("--md", type=int, default=500)
    parser.add_argument("--html", type=int, default=200)
    parser.add_argument("--jsonl", type=int, default=2000)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the .txt run here")
    args = parser.parse_args(argv)
    corpus = load_corpus_module()

    # Warm the imports (trafilatura, feedparser, lxml) so they are not billed to the first file.
    for path in iter_input_files(HERE.parent / "tests" / "data" / "ingest"):
        list(read_file(path, HERE.parent / "tests" / "data" / "ingest"))

    print(f"python {sys.version.split()[0]}, one process, one core")
    for fmt in ("txt", "md", "html", "jsonl"):
        count = getattr(args, fmt)
        if not count:
            continue
        with tempfile.TemporaryDirectory(prefix=f"ingest-{fmt}-") as tmp:
            folder = Path(tmp)
            for _ in corpus.generate(count, folder, formats=[fmt]):
                pass
            if fmt == "txt" and args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                figures = time_reading(folder)
                profiler.disable()
                profiler.dump_stats(args.profile)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(12)
            else:
                figures = time_reading(folder)
            report(f".{fmt}", *figures)
    if SEEDS.is_dir():
        report("seeds", *time_reading(SEEDS))
    else:
        print(f"seeds: not found at {SEEDS}, skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
