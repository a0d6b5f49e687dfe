"""The publication-date finders and the cleaner on TempEval-3 news, from the text alone.

    python benchmarks/published_te3.py [--eval-dir ../shared/eval/te3/tbaq] [--show 10]

Each TBAQ document states its publication date (the DCT); the chain gets only the text of <TEXT>
(as a scraped .txt page would give it: no metadata, no file name) and its answer is compared with
the DCT. Printed: how many documents got a stated date (byline, dateline...) and how many of those
are exact; how many got an inferred date, how many of those are on or before the DCT (an inferred
date must never be later than the truth) and how far off they are; and how many got none.
The same texts measure the cleaner's false positives: TBAQ holds the story only (no menus, links
or bios), so every line the cleaner drops is printed by kind; wire credits and table rows are
expected, story sentences are not.
The data is research data read from its folder, never copied into the project; without it the
script says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from timeline.ingest.article import make_article
from timeline.models import Problem

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "te3" / "tbaq"


def load(path: Path) -> tuple[str, dt.date]:
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3").get("value")[:10]
    text = "".join(root.find("TEXT").itertext())
    return text, dt.date.fromisoformat(dct)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    args = parser.parse_args(argv)
    files = sorted(args.eval_dir.rglob("*.tml")) if args.eval_dir.is_dir() else []
    if not files:
        print(f"TempEval-3 data not found under {args.eval_dir}: nothing measured")
        return 0
    counts: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    lines = 0
    off_by: list[int] = []
    misses: list[str] = []
    started = time.process_time()
    for path in files:
        text, dct = load(path)
        # A neutral name: the TBAQ file names hold the date, and a user's files may not.
        doc = make_article("article.txt", text.strip())
        if isinstance(doc, Problem):
            counts["problem"] += 1
            continue
        lines += len(doc.removed) + len(doc.paragraphs)
        dropped.update(kind for kind, _, _ in doc.removed if kind != "title")
        basis, day = doc.article.published_basis, doc.article.published
        if day is None:
            counts["none"] += 1
        elif basis == "inferred":
            counts["inferred"] += 1
            counts["inferred, not after the DCT"] += day <= dct
            off_by.append((dct - day).days)
            if day > dct:
                misses.append(
                    f"{path.name}: inferred {day} > DCT {dct} ({doc.published_evidence!r})"
                )
        else:
            counts[f"stated ({basis})"] += 1
            counts["stated, exact"] += day == dct
            if day != dct:
                misses.append(
                    f"{path.name}: {basis} {day} != DCT {dct} ({doc.published_evidence!r})"
                )
    seconds = time.process_time() - started
    print(f"{len(files)} TBAQ documents, text only, {len(files) / seconds:.0f} docs/s (CPU)")
    for key in sorted(counts):
        print(f"  {key:<32} {counts[key]:>4}")
    if off_by:
        print(
            f"  inferred date, days before the DCT: median {statistics.median(off_by):.0f}, "
            f"within 7 days {sum(0 <= d <= 7 for d in off_by)}/{len(off_by)}"
        )
    print(
        f"  cleaner: {sum(dropped.values())} lines dropped from story-only text "
        f"(about {lines} lines): {dict(sorted(dropped.items()))}"
    )
    for line in misses[: args.show]:
        print("  miss:", re.sub(r"\s+", " ", line)[:160])
    return 0


if __name__ == "__main__":
    sys.exit(main())
