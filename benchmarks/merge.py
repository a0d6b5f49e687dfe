"""Benchmark the merge of a rebuild: the full merge against the incremental one (merge_state).

    python benchmarks/merge.py CORPUS --out OUT [--changes 5]

CORPUS must have been built into OUT once (`timeline build CORPUS --out OUT`): its cache holds
every file's extracted events. For each of --changes files, one after the other, the script drops
that file's last event (a new digest), then times in this process, interleaved, CPU seconds:
  full         merge_events over all events (what every rebuild did before the merge state)
  incremental  merge_files with the previous state (what a rebuild does now)
  state        decoding and encoding the state alone, and its size
and checks that both give the same events. Figures vary with the load of the machine: compare
the two columns of one run, not runs on different days.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

from timeline.cache import SharedParts
from timeline.events.merge import merge_events
from timeline.events.merge_state import _State, merge_files
from timeline.incremental import CacheSession, plan_files
from timeline.ingest import scan_input_files
from timeline.settings import Settings


def cached_results(corpus: Path, out: Path) -> list[tuple[str, str | None, list]]:
    settings = Settings(input_dir=corpus, out_dir=out)
    session = CacheSession(settings, [])
    try:
        if session.cache is None:
            raise SystemExit(f"no cache for {corpus} in {out}: build it first")
        plan = plan_files(scan_input_files(corpus, exclude=[out]), session)
        if plan.misses:
            raise SystemExit(f"{len(plan.misses)} files not in the cache: build {corpus} first")
        paths = [plan.order[i] for i in plan.hits]
        loaded = session.cache.load(paths, SharedParts())
        return [
            (path, session.cache.digest_of(path), result.events)
            for path, result in zip(paths, loaded, strict=True)
        ]
    finally:
        session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="where CORPUS was built")
    parser.add_argument("--changes", type=int, default=5, help="one-file changes to time")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    gc.disable()  # as in a build: the merge runs with the collector paused
    results = cached_results(args.corpus, args.out)
    events = sum(len(e) for _, _, e in results)
    print(f"{len(results)} files, {events} events", file=sys.stderr)
    state = merge_files(results, None).state
    print(f"state: {len(state) / 1e6:.1f} MB", file=sys.stderr)
    started = time.process_time()
    decoded = _State.decode(state)
    decode = time.process_time() - started
    started = time.process_time()
    decoded.encode()
    print(f"state: decode {decode:.3f} s, encode {time.process_time() - started:.3f} s CPU")
    rng = random.Random(args.seed)
    print("file                                          events  full (s)  incremental (s)")
    for _ in range(args.changes):
        i = rng.randrange(len(results))
        path, _, file_events = results[i]
        results[i] = (path, f"edited-{i}", file_events[:-1])
        started = time.process_time()
        full = merge_events([e for _, _, evs in results for e in evs])
        full_seconds = time.process_time() - started
        started = time.process_time()
        outcome = merge_files(results, state)
        incremental_seconds = time.process_time() - started
        if outcome.events != full or not outcome.incremental:
            print(f"{path}: the incremental merge differs from the full one", file=sys.stderr)
            return 1
        state = outcome.state
        print(
            f"{path[-45:]:<45} {len(file_events):>6} {full_seconds:>9.3f} {incremental_seconds:>16.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
