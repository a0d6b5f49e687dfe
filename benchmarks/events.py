"""Event extraction quality and speed.

    python benchmarks/events.py [--input input] [--gold tests/data/events_gold.json]

Prints event precision, recall and date accuracy against the hand-annotated gold, the seeds'
expected events, extraction speed (articles/s, one core) and merge cost at growing sizes.

A system event matches a gold event when they have the same type, overlapping dates, at least
one actor in common and at least one source article in common; each event matches at most once.
Date accuracy is the share of matched events whose start and end equal the gold's exactly."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.dates import resolve_text  # noqa: E402
from timeline.events import extract_events, merge_events  # noqa: E402
from timeline.events.extract import actor_key  # noqa: E402
from timeline.events.lexicon import lexicon  # noqa: E402
from timeline.ingest import read_corpus  # noqa: E402
from timeline.models import ArticleText, Event  # noqa: E402
from timeline.pipeline import analyse_article  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def name_key(name: str) -> str:
    """The actor key a gold name stands for, through the gazetteer's aliases."""
    entry = lexicon().entries.get(name)
    if entry is not None and entry.kind is not None:
        return entry.key
    return "person:" + name.lower()


def read_articles(folder: Path) -> list[ArticleText]:
    return [item for item in read_corpus(folder) if isinstance(item, ArticleText)]


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start <= b_end and b_start <= a_end


def score(events: list[Event], gold: list[dict], paths: dict[str, str]) -> dict:
    """Greedy one-to-one matching, best candidates (exact date, most shared actors) first."""
    pairs = []
    for gi, g in enumerate(gold):
        g_start = dt.date.fromisoformat(g["date_start"])
        g_end = dt.date.fromisoformat(g["date_end"])
        g_actors = {name_key(n) for n in g["actors"]}
        g_articles = set(g["articles"])
        for si, e in enumerate(events):
            if e.type != g["type"]:
                continue
            if not overlaps(e.date.start, e.date.end, g_start, g_end):
                continue
            shared = g_actors & {actor_key(a) for a in e.actors}
            if g_actors and not shared:
                continue
            if not g_articles & {paths.get(s.article, "") for s in e.sources}:
                continue
            exact = (e.date.start, e.date.end) == (g_start, g_end)
            pairs.append((not exact, -len(shared), gi, si, exact))
    pairs.sort()
    used_gold, used_sys, exact_dates = set(), set(), 0
    for _, _, gi, si, exact in pairs:
        if gi in used_gold or si in used_sys:
            continue
        used_gold.add(gi)
        used_sys.add(si)
        exact_dates += exact
    matched = len(used_gold)
    return {
        "precision": matched / len(events) if events else 0.0,
        "recall": matched / len(gold) if gold else 0.0,
        "date_accuracy": exact_dates / matched if matched else 0.0,
        "matched": matched,
        "system": len(events),
        "gold": len(gold),
        "missed": [gold[i] for i in range(len(gold)) if i not in used_gold],
        "spurious": [events[i] for i in range(len(events)) if i not in used_sys],
    }


def seed_checks(events: list[Event], paths: dict[str, str]) -> list[tuple[str, bool]]:
    def has(prefix: str, type_: str, actors: set[str], test) -> bool:
        return any(
            e.type == type_
            and actors <= {a.name for a in e.actors}
            and any(paths[s.article].startswith(prefix) for s in e.sources)
            and test(e.date)
            for e in events
        )

    day = dt.date.fromisoformat
    return [
        (
            "000 Gallant statement on 2024-04-14",
            has(
                "000",
                "statement",
                {"Yoav Gallant"},
                lambda d: d.start == d.end == day("2024-04-14"),
            ),
        ),
        (
            "000 Blinken-Gallant Kirya meeting on 2023-10-16",
            has(
                "000",
                "meeting",
                {"Yoav Gallant", "Antony Blinken"},
                lambda d: d.start == d.end == day("2023-10-16"),
            ),
        ),
        (
            "001 Gallant-Blinken meeting on 2023-01-31",
            has(
                "001",
                "meeting",
                {"Yoav Gallant", "Antony Blinken"},
                lambda d: d.start == d.end == day("2023-01-31"),
            ),
        ),
        (
            "004 Austin-Gallant meeting on or before 2024-03-27",
            has(
                "004",
                "meeting",
                {"Yoav Gallant", "Lloyd Austin"},
                lambda d: d.end == day("2024-03-27") and d.basis == "inferred",
            ),
        ),
        (
            "004 Netanyahu cancels the delegation's visit",
            has("004", "cancellation", {"Benjamin Netanyahu"}, lambda d: True),
        ),
    ]


def speed(docs: list[ArticleText], rounds: int) -> tuple[float, float]:
    """Articles per second (CPU time, one core) through analyse_article (dates + events), and
    through the event stage alone (dates resolved beforehand)."""
    started = time.process_time()
    for _ in range(rounds):
        for doc in docs:
            analyse_article(doc)
    whole = rounds * len(docs) / (time.process_time() - started)
    resolved = [
        (
            resolve_text(d.body, d.article.published),
            [resolve_text(c, d.article.published) for c in d.captions],
        )
        for d in docs
    ]
    started = time.process_time()
    for _ in range(rounds):
        for doc, (mentions, captions) in zip(docs, resolved, strict=True):
            extract_events(doc, mentions, captions)
    return whole, rounds * len(docs) / (time.process_time() - started)


def merge_cost(events: list[Event], sizes: list[int]) -> list[tuple[int, float]]:
    """Seconds to merge n events: the corpus's events copied into later years."""
    results = []
    for size in sizes:
        copies = []
        shift = 0
        while len(copies) < size:
            delta = dt.timedelta(days=400 * shift)
            for event in events:
                date = event.date.model_copy(
                    update={"start": event.date.start + delta, "end": event.date.end + delta}
                )
                copies.append(event.model_copy(update={"date": date}))
            shift += 1
        copies = copies[:size]
        started = time.perf_counter()
        merge_events(copies)
        results.append((size, time.perf_counter() - started))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=ROOT / "input")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "events_gold.json")
    parser.add_argument("--rounds", type=int, default=20, help="passes over the corpus for speed")
    parser.add_argument(
        "--merge-sizes", default="1000,10000,100000", help="event counts to time merging at"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    args = parser.parse_args()

    docs = read_articles(args.input)
    paths = {d.article.id: d.article.path for d in docs}
    raw = [e for d in docs for e in analyse_article(d)]
    events = merge_events(raw)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    result = score(events, gold, paths)
    print(f"corpus: {args.input} ({len(docs)} articles), gold: {args.gold} ({len(gold)} events)")
    print(
        f"events: {result['system']} extracted, {result['matched']} match the gold\n"
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"date accuracy {result['date_accuracy']:.3f} (exact start and end, of matched)"
    )
    print(
        "by type (system/gold):",
        dict(sorted(Counter(e.type for e in events).items())),
        "/",
        dict(sorted(Counter(g["type"] for g in gold).items())),
    )
    if args.verbose:
        for g in result["missed"]:
            print(
                f"  MISSED {g['type']:12} {g['date_start']}..{g['date_end']} {g['actors']}"
                f" {g['articles'][0]}"
            )
        for e in result["spurious"]:
            print(
                f"  EXTRA  {e.type:12} {e.date.start}..{e.date.end} {e.title}"
                f" [{paths[e.sources[0].article]}]"
            )

    if SEEDS.is_dir():
        seed_docs = read_articles(SEEDS)
        seed_paths = {d.article.id: d.article.path for d in seed_docs}
        seed_events = merge_events([e for d in seed_docs for e in analyse_article(d)])
        checks = seed_checks(seed_events, seed_paths)
        print(f"seeds: {sum(ok for _, ok in checks)}/{len(checks)} expected events")
        for label, ok in checks:
            print(f"  {'ok ' if ok else 'MISSING'} {label}")
    else:
        print(f"seeds: {SEEDS} is absent, seed checks skipped")

    whole, events_only = speed(docs, args.rounds)
    print(
        f"speed: {whole:.0f} articles/s through analyse_article (dates + events), "
        f"{events_only:.0f} articles/s for the event stage alone (CPU time, one core)"
    )
    sizes = [int(n) for n in args.merge_sizes.split(",")]
    for size, seconds in merge_cost(raw, sizes):
        print(f"merge: {size:>7} events in {seconds:.3f}s ({size / seconds:,.0f} events/s)")
    # The same stories retold by many articles: every event repeated until there are n.
    for size in sizes:
        copies = (raw * (size // len(raw) + 1))[:size]
        started = time.perf_counter()
        merge_events(copies)
        seconds = time.perf_counter() - started
        print(f"merge: {size:>7} retellings of {len(raw)} events in {seconds:.3f}s")


if __name__ == "__main__":
    main()
