"""Benchmark the exporters and `timeline serve`, on a synthetic timeline built in memory.

    python benchmarks/exporters.py                   # 1,000 and 10,000 events
    python benchmarks/exporters.py --sizes 50000 --requests 500
    python benchmarks/exporters.py --timeline feeds/timeline.json --repeat 5 --requests 0

For each size it makes a Timeline of N events (3 sources each, actors, a mix of granularities,
one article per 5 events; not timed), or reads a real one from a built timeline.json
(--timeline), then prints for every exporter the seconds to write it, CPU ms per event,
events per CPU-second and the output size (best CPU time of --repeat runs), and the total.
--keep DIR writes the outputs there, to diff two versions of the code byte for byte.
Then it serves the 10,000-event (or largest) outputs with TimelineServer on 127.0.0.1 and times
--requests sequential GETs (0: none) of timeline.rss plain, gzipped and conditional (304),
printing requests/second and bytes on the wire. Targets (issue 7): every exporter writes 10,000
events in under 10 s; a 304 or a cached gzip answer in under 5 ms. Target (issue 8): all six
formats together <= 0.1 CPU ms per event (on the 1,000-article corpus of benchmarks/corpus.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import io
import resource
import tempfile
import time
from pathlib import Path

from timeline.exporters import EXPORTERS
from timeline.models import Actor, Article, Event, EventDate, Source, Timeline
from timeline.serve import TimelineServer
from timeline.settings import Settings

ACTORS = [
    Actor(name="Antony Blinken", role="Secretary of State", country="United States", kind="person"),
    Actor(name="Yoav Gallant", role="Defense Minister", country="Israel", kind="person"),
    Actor(name="Iran", kind="state"),
    Actor(name="Olaf Scholz", role="Chancellor", country="Germany", kind="person"),
]
GRANULARITIES = ["day", "day", "day", "week", "month", "range"]
TYPES = ["meeting", "visit", "call", "statement", "agreement", "warning", "cancellation"]


def synthetic_timeline(size: int) -> Timeline:
    first = dt.date(2020, 1, 1)
    articles = [
        Article(
            id=f"a{k:07d}",
            path=f"article-{k}.txt",
            title=f"Report number {k} on talks & visits",
            url=f"https://news.example.com/{k}",
            publisher=["Reuters", "AP", "Al Arabiya"][k % 3],
            published=first + dt.timedelta(days=k // 3),
            published_basis="metadata",
        )
        for k in range(max(size // 5, 1))
    ]
    events = []
    for i in range(size):
        start = first + dt.timedelta(days=i // 5)
        granularity = GRANULARITIES[i % len(GRANULARITIES)]
        end = start + dt.timedelta(days={"week": 6, "month": 27, "range": 2}.get(granularity, 0))
        sentence = f"Officials said on Sunday that talks #{i} on security & trade <went well>."
        events.append(
            Event(
                id=f"e{i:015d}",
                type=TYPES[i % len(TYPES)],
                title=f"Talks #{i} between {ACTORS[i % 4].name} and {ACTORS[(i + 1) % 4].name}",
                summary=sentence,
                date=EventDate(
                    start=start,
                    end=end,
                    granularity=granularity,
                    timex=start.isoformat(),
                    basis="relative" if i % 7 else "inferred",
                    expression="on Sunday",
                    anchor=start,
                ),
                actors=[ACTORS[i % 4], ACTORS[(i + 1) % 4]],
                location=["Riyadh", "Tel Aviv", "Berlin", None][i % 4],
                sources=[
                    Source(article=articles[(i // 5 + j) % len(articles)].id, evidence=sentence)
                    for j in range(3)
                ],
            )
        )
    return Timeline(articles=articles, events=events)


def bench_exporters(timeline: Timeline, folder: Path, settings: Settings, repeat: int = 1) -> None:
    events = max(len(timeline.events), 1)
    total = 0.0
    for name, exporter_class in EXPORTERS.items():
        best_wall = best_cpu = float("inf")
        for _ in range(repeat):
            stream = io.BytesIO()
            started, cpu = time.perf_counter(), time.process_time()
            exporter_class(settings).export(timeline, stream)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            best_wall, best_cpu = min(best_wall, seconds), min(best_cpu, cpu)
        data = stream.getvalue()
        (folder / exporter_class.filename).write_bytes(data)
        total += best_cpu
        # CPU time too: on a busy shared machine the wall clock mostly measures the neighbours.
        rate = events / best_cpu if best_cpu else float("inf")
        print(
            f"  {name:<11} {best_wall:7.3f} s wall {best_cpu:7.3f} s CPU"
            f"  {best_cpu / events * 1000:6.3f} ms/event {rate:9,.0f} events/CPU-s"
            f"  {len(data) / 1e6:7.2f} MB"
        )
    print(f"  {'all six':<11} {'':>14} {total:7.3f} s CPU  {total / events * 1000:6.3f} ms/event")


def bench_serve(folder: Path, requests: int) -> None:
    with TimelineServer(folder, "127.0.0.1", 0, quiet=True) as server:
        conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
        conn.request("GET", "/timeline.rss")
        response = conn.getresponse()
        etag = response.getheader("ETag")
        response.read()
        cases = {
            "plain GET": {},
            "gzip GET": {"Accept-Encoding": "gzip"},
            "304": {"If-None-Match": etag},
        }
        for label, headers in cases.items():
            size = 0
            started = time.perf_counter()
            for _ in range(requests):
                conn.request("GET", "/timeline.rss", headers=headers)
                response = conn.getresponse()
                size = len(response.read())
            seconds = time.perf_counter() - started
            print(
                f"  {label:<10} {requests / seconds:8.1f} req/s  "
                f"{seconds / requests * 1000:7.2f} ms/req  {size / 1e6:7.3f} MB on the wire"
            )
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated event counts")
    parser.add_argument("--requests", type=int, default=200, help="GETs per serve case")
    parser.add_argument("--timeline", type=Path, help="a built timeline.json instead of --sizes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per format; the best counts")
    parser.add_argument("--keep", type=Path, help="write the outputs into this folder")
    parser.add_argument("--base-url", default="https://example.org/timeline")
    parser.add_argument("--feed-limit", type=int, default=200, help="RSS/Atom items (0 = all)")
    args = parser.parse_args()
    settings = Settings(base_url=args.base_url, feed_limit=args.feed_limit)
    if args.timeline:
        timelines = {"real": Timeline.model_validate_json(args.timeline.read_bytes())}
    else:
        timelines = {str(size): synthetic_timeline(int(size)) for size in args.sizes.split(",")}
    with tempfile.TemporaryDirectory() as tmp:
        largest = None
        for label, timeline in timelines.items():
            folder = Path(args.keep or tmp, label)
            folder.mkdir(parents=True, exist_ok=True)
            print(f"{len(timeline.events):,} events, {len(timeline.articles):,} articles:")
            bench_exporters(timeline, folder, settings, args.repeat)
            if largest is None or len(timeline.events) > largest[0]:
                largest = (len(timeline.events), folder)
        if args.requests > 0:
            print(
                f"timeline serve, timeline.rss of {largest[0]:,} events, "
                f"{args.requests} requests each:"
            )
            bench_serve(largest[1], args.requests)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
