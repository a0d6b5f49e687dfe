"""CPU cost of each per-article stage, in milliseconds per article (one process, one core).

    python benchmarks/stages.py                 # 2,000 generated articles, best of 3
    python benchmarks/stages.py --articles 500 --repeat 5
    python benchmarks/stages.py --input input   # an existing folder instead

Times ingest (read_file on every file), dates (resolve_text on each body and caption) and events
(extract_events) separately, each the best of --repeat runs: on a shared machine the fastest run
is the one least disturbed by other processes. Speed work on a stage must leave its output
unchanged: --fingerprint prints a hash of every article, mention and event, to compare before and
after a change (the same corpus gives the same hash)."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

from timeline.dates import resolve_text
from timeline.events import extract_events
from timeline.events.lexicon import lexicon
from timeline.ingest import iter_input_files, read_file
from timeline.models import ArticleText

HERE = Path(__file__).resolve().parent


def generate(count: int, folder: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.main([str(count), str(folder)])


def best_of(repeat: int, run):
    """(fewest CPU seconds of repeat runs, the last run's result)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result


def measure(folder: Path, repeat: int, fingerprint: bool) -> None:
    lexicon()  # built once per process, not a per-article cost
    import trafilatura  # noqa: F401 - imported on the first HTML page otherwise

    files = list(iter_input_files(folder))
    ingest_s, items = best_of(repeat, lambda: [i for p in files for i in read_file(p, folder)])
    docs = [i for i in items if isinstance(i, ArticleText)]

    def dates():
        return [
            (
                resolve_text(d.body, d.article.published),
                [resolve_text(c, d.article.published) for c in d.captions],
            )
            for d in docs
        ]

    dates_s, mentions = best_of(repeat, dates)
    events_s, events = best_of(
        repeat,
        lambda: [extract_events(d, m, cm) for d, (m, cm) in zip(docs, mentions, strict=True)],
    )
    n = max(len(docs), 1)
    print(f"{len(docs)} articles in {len(files)} files under {folder}, best of {repeat} (CPU):")
    for name, seconds in (("ingest", ingest_s), ("dates", dates_s), ("events", events_s)):
        print(f"  {name:7s} {seconds / n * 1000:7.3f} ms/article  ({n / seconds:,.0f} articles/s)")
    total = ingest_s + dates_s + events_s
    print(f"  {'total':7s} {total / n * 1000:7.3f} ms/article  ({n / total:,.0f} articles/s)")
    if fingerprint:
        digest = hashlib.sha256()
        for item in items:
            digest.update(item.model_dump_json().encode())
        for (body, captions), found in zip(mentions, events, strict=True):
            for mention in [*body, *(m for caption in captions for m in caption)]:
                digest.update(mention.model_dump_json().encode())
            for event in found:
                digest.update(event.model_dump_json().encode())
        print(f"  fingerprint {digest.hexdigest()[:16]} ({sum(map(len, events))} events)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--input", type=Path, help="an existing folder instead of a generated one")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fingerprint", action="store_true")
    args = parser.parse_args(argv)
    if args.input is not None:
        measure(args.input, args.repeat, args.fingerprint)
        return
    with tempfile.TemporaryDirectory(prefix="timeline-stages-") as tmp:
        folder = Path(tmp) / "corpus"
        generate(args.articles, folder)
        measure(folder, args.repeat, args.fingerprint)


if __name__ == "__main__":
    main()
