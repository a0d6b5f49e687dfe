"""Benchmark the exporters and `timeline serve`, on a synthetic timeline built in memory.

    python benchmarks/exporters.py                   # 1,000 and 10,000 events
    python benchmarks/exporters.py --sizes 50000 --requests 500

For each size it makes a Timeline of N events (3 sources each, actors, a mix of granularities,
one article per 5 events; not timed), then prints for every exporter the seconds to write it,
events per CPU-second and the output size. Then it serves the 10,000-event (or largest) outputs with
TimelineServer on 127.0.0.1 and times --requests sequential GETs of timeline.rss plain, gzipped
and conditional (304), printing requests/second and bytes on the wire. Targets (issue 7): every
exporter writes 10,000 events in under 10 s (iCal is the slowest: icalendar folds
lines one character at a time); a 304 or a cached gzip answer in under 5 ms.
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


def bench_exporters(timeline: Timeline, folder: Path) -> None:
    settings = Settings(base_url="https://example.org/timeline")
    for name, exporter_class in EXPORTERS.items():
        stream = io.BytesIO()
        started, cpu = time.perf_counter(), time.process_time()
        exporter_class(settings).export(timeline, stream)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        data = stream.getvalue()
        (folder / exporter_class.filename).write_bytes(data)
        # CPU time too: on a busy shared machine the wall clock mostly measures the neighbours.
        rate = len(timeline.events) / cpu if cpu else float("inf")
        print(
            f"  {name:<11} {seconds:7.3f} s wall {cpu:7.3f} s CPU  {rate:9,.0f} events/CPU-s"
            f"  {len(data) / 1e6:7.2f} MB"
        )


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
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            timeline = synthetic_timeline(size)
            folder = Path(tmp, str(size))
            folder.mkdir()
            print(f"{size:,} events, {len(timeline.articles):,} articles:")
            bench_exporters(timeline, folder)
        largest = Path(tmp, str(max(sizes)))
        print(
            f"timeline serve, timeline.rss of {max(sizes):,} events, {args.requests} requests each:"
        )
        bench_serve(largest, args.requests)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
