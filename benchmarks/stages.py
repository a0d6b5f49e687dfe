"""CPU cost of each per-article stage, in milliseconds per article (one process, one core).

    python benchmarks/stages.py                 # 2,000 generated articles, best of 3
    python benchmarks/stages.py --articles 500 --repeat 5
    python benchmarks/stages.py --input input   # an existing folder instead
    python benchmarks/stages.py --against /tmp/old   # this tree against another checkout


Times ingest (read_file on every file), dates (resolve_text on each body and caption) and events
(extract_events) separately, each the best of --repeat runs: on a shared machine the fastest run
is the one least disturbed by other processes. Speed work on a stage must leave its output
unchanged: --fingerprint prints a hash of every article, mention and event, to compare before and
after a change (the same corpus gives the same hash).

--against DIR compares this tree with another checkout (a folder holding its timeline package,
e.g. made by `git worktree add /tmp/old HEAD~3`). On a busy machine two runs minutes apart
differ by more than most speed work gains, so both versions run at once, in two worker
processes taking turns batch by batch (50 articles), and each stage's CPU time is summed per
version: the load both see is the same. Each version's stages run on its own output (its own
dates feed its own events); the outputs' fingerprints are compared too."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import subprocess
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


BATCH = 50
STAGES = ("ingest", "dates", "events")


def serve(folder: Path) -> None:
    """A worker of --against: runs "STAGE BATCH" requests from stdin, answers CPU seconds."""
    lexicon()
    import trafilatura  # noqa: F401

    files = list(iter_input_files(folder))
    items = [i for p in files for i in read_file(p, folder)]
    docs = [i for i in items if isinstance(i, ArticleText)]
    mentions = [
        (
            resolve_text(d.body, d.article.published),
            [resolve_text(c, d.article.published) for c in d.captions],
        )
        for d in docs
    ]
    digest = hashlib.sha256()
    for item in items:
        digest.update(item.model_dump_json().encode())
    for doc, (body, captions) in zip(docs, mentions, strict=True):
        for mention in [*body, *(m for caption in captions for m in caption)]:
            digest.update(mention.model_dump_json().encode())
        for event in extract_events(doc, body, captions):
            digest.update(event.model_dump_json().encode())
    batches = {
        "ingest": [files[i : i + BATCH] for i in range(0, len(files), BATCH)],
        "dates": [docs[i : i + BATCH] for i in range(0, len(docs), BATCH)],
        "events": [
            list(zip(docs[i : i + BATCH], mentions[i : i + BATCH], strict=True))
            for i in range(0, len(docs), BATCH)
        ],
    }
    run = {
        "ingest": lambda batch: [i for p in batch for i in read_file(p, folder)],
        "dates": lambda batch: [
            (
                resolve_text(d.body, d.article.published),
                [resolve_text(c, d.article.published) for c in d.captions],
            )
            for d in batch
        ],
        "events": lambda batch: [extract_events(d, m, cm) for d, (m, cm) in batch],
    }
    print(
        len(docs),
        " ".join(str(len(batches[s])) for s in STAGES),
        digest.hexdigest()[:16],
        flush=True,
    )
    for line in sys.stdin:
        stage, index = line.split()
        start = time.process_time()
        run[stage](batches[stage][int(index)])
        print(time.process_time() - start, flush=True)


def compare(folder: Path, other: Path, repeat: int) -> None:
    """This tree against the checkout at other, in turns (see the module doc)."""
    here = Path(__file__).resolve()
    workers = {}
    for name, root in (("this", here.parent.parent), ("other", other.resolve())):
        env = {**os.environ, "PYTHONPATH": str(root)}
        workers[name] = subprocess.Popen(
            [sys.executable, str(here), "--serve", str(folder)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
    heads = {name: w.stdout.readline().split() for name, w in workers.items()}
    articles, counts = int(heads["this"][0]), [int(n) for n in heads["this"][1:4]]
    totals = {(name, stage): float("inf") for name in workers for stage in STAGES}
    turn = 0
    for _ in range(repeat):
        for stage, count in zip(STAGES, counts, strict=True):
            spent = dict.fromkeys(workers, 0.0)
            for index in range(count):
                turn += 1  # alternate who goes first
                for name in sorted(workers, reverse=turn % 2 == 0):
                    workers[name].stdin.write(f"{stage} {index}\n")
                    workers[name].stdin.flush()
                    spent[name] += float(workers[name].stdout.readline())
            for name in workers:
                totals[name, stage] = min(totals[name, stage], spent[name])
    for w in workers.values():
        w.stdin.close()
        w.wait()
    print(f"{articles} articles under {folder}; this tree against {other}, best of {repeat} (CPU):")
    for stage in STAGES:
        this, that = totals["this", stage], totals["other", stage]
        print(
            f"  {stage:7s} {this / articles * 1000:7.3f} ms/article against "
            f"{that / articles * 1000:7.3f}  ({this / that:.0%})"
        )
    same = "same" if heads["this"][4] == heads["other"][4] else "DIFFERENT"
    print(f"  fingerprints {heads['this'][4]} / {heads['other'][4]}: {same} output")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--input", type=Path, help="an existing folder instead of a generated one")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fingerprint", action="store_true")
    parser.add_argument("--against", type=Path, help="another checkout to compare with, in turns")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # a worker of --against
    args = parser.parse_args(argv)
    if args.serve is not None:
        serve(args.serve)
        return
    if args.against is not None and not (args.against / "timeline" / "__init__.py").is_file():
        parser.error(f"--against {args.against}: no timeline package in that folder")
    with tempfile.TemporaryDirectory(prefix="timeline-stages-") as tmp:
        folder = args.input
        if folder is None:
            folder = Path(tmp) / "corpus"
            generate(args.articles, folder)
        if args.against is not None:
            compare(folder, args.against, args.repeat)
        else:
            measure(folder, args.repeat, args.fingerprint)


if __name__ == "__main__":
    main()
