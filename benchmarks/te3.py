"""Score `timeline.dates.resolve_text` TempEval-3 style on TBAQ, next to dateparser.search_dates.

Usage:
    python benchmarks/te3.py                      # both systems, figures only
    python benchmarks/te3.py --no-dateparser      # ours only (fast)
    python benchmarks/te3.py --errors 40          # plus the most frequent misses / false positives
    python benchmarks/te3.py --dir PATH           # another TimeML folder (default ../shared/eval/te3/tbaq)
    python benchmarks/te3.py --split              # also score each sub-corpus (TimeBank, AQUAINT)
    python benchmarks/te3.py --errors 40 --only TimeBank   # errors of one sub-corpus only

Figures: relaxed span F1 (overlap), strict span F1 (equal span), type accuracy over relaxed matches,
value F1 = 2C / (system + gold) with C the relaxed matches whose value string is equal, and
documents per second of CPU time (resolution only, corpus already in memory; CPU time rather
than wall time, and the fastest of --repeat runs, so that other processes on the machine do not
distort the figure).

The corpus is research data with its own licence: it is read from its folder, never copied here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "te3" / "tbaq"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class Doc:
    name: str
    text: str
    dct: dt.date
    gold: list[Timex]
    split: str = ""  # the sub-corpus folder (TimeBank, AQUAINT)


def read_timeml(path: Path) -> Doc:
    """The TEXT content of a TimeML file, its DCT and its gold TIMEX3 spans (str offsets)."""
    root = ET.parse(path).getroot()
    dct_value = root.find("DCT/TIMEX3").get("value")
    dct = dt.date.fromisoformat(dct_value[:10])
    body = root.find("TEXT")
    parts: list[str] = []
    gold: list[Timex] = []
    offset = 0

    def walk(node: ET.Element) -> None:
        nonlocal offset
        start = offset
        if node.text:
            parts.append(node.text)
            offset += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                offset += len(child.tail)
        if node.tag == "TIMEX3":
            span = "".join(parts)[start:offset]
            gold.append(Timex(start, offset, span, node.get("type"), node.get("value")))

    walk(body)
    return Doc(path.name, "".join(parts), dct, gold)


def load_corpus(folder: Path) -> list[Doc]:
    docs = []
    for path in sorted(folder.rglob("*.tml")):
        doc = read_timeml(path)
        doc.split = path.relative_to(folder).parts[0] if path.parent != folder else ""
        docs.append(doc)
    return docs


def run_ours(docs: list[Doc]) -> tuple[list[list[Timex]], float]:
    from timeline.dates import resolve_text

    resolve_text("warm up on Monday, Jan. 5, 1998.", dt.date(1998, 1, 8))
    began = time.process_time()
    out = []
    for doc in docs:
        mentions = resolve_text(doc.text, doc.dct)
        out.append([Timex(m.start, m.end, m.text, m.type, m.value) for m in mentions])
    return out, time.process_time() - began


def run_dateparser(docs: list[Doc]) -> tuple[list[list[Timex]], float]:
    """dateparser.search_dates on each text (timed), then each found phrase's value written at
    the granularity dateparser reports for it (DateData.period: day, week, month, year; untimed)."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    began = time.process_time()
    results = []
    for doc in docs:
        settings = {"RELATIVE_BASE": dt.datetime.combine(doc.dct, dt.time())}
        results.append(search_dates(doc.text, languages=["en"], settings=settings) or [])
    seconds = time.process_time() - began
    out = []
    for doc, found in zip(docs, results, strict=True):
        settings = {"RELATIVE_BASE": dt.datetime.combine(doc.dct, dt.time())}
        period_parser = DateDataParser(languages=["en"], settings=settings)
        spans, cursor = [], 0
        for words, when in found:
            start = doc.text.find(words, cursor)
            if start < 0:
                continue
            cursor = start + len(words)
            period = period_parser.get_date_data(words).period or "day"
            spans.append(Timex(start, cursor, words, "DATE", dateparser_value(when, period)))
        out.append(spans)
    return out, seconds


def dateparser_value(when: dt.datetime, period: str) -> str:
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        iso_year, iso_week, _ = when.isocalendar()
        return f"{iso_year:04d}-W{iso_week:02d}"
    return when.date().isoformat()


@dataclass
class Score:
    system: int = 0
    gold: int = 0
    relaxed: int = 0
    strict: int = 0
    typed: int = 0
    valued: int = 0

    def f1(self, hits: int) -> float:
        return 2 * hits / (self.system + self.gold) if self.system + self.gold else 0.0


def overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def score(docs: list[Doc], systems: list[list[Timex]], errors: dict[str, Counter] | None) -> Score:
    total = Score()
    for doc, found in zip(docs, systems, strict=True):
        total.system += len(found)
        total.gold += len(doc.gold)
        used: set[int] = set()
        for g in doc.gold:
            match = next((i for i, s in enumerate(found) if i not in used and overlaps(s, g)), None)
            if match is None:
                if errors is not None:
                    errors["missed"][f"{g.text.lower()!r} {g.type} {shape(g.value)}"] += 1
                continue
            used.add(match)
            s = found[match]
            total.relaxed += 1
            total.strict += (s.start, s.end) == (g.start, g.end)
            total.typed += s.type == g.type
            total.valued += s.value == g.value
            if errors is not None and s.value != g.value:
                errors["wrong value"][
                    f"{s.text.lower()!r}->{s.value} gold {g.text.lower()!r}={g.value} ({doc.dct})"
                ] += 1
            if errors is not None and (s.start, s.end) != (g.start, g.end):
                errors["span"][f"{s.text.lower()!r} gold {g.text.lower()!r}"] += 1
        if errors is not None:
            for i, s in enumerate(found):
                if i not in used:
                    errors["false positive"][f"{s.text.lower()!r} {s.type} {shape(s.value)}"] += 1
    return total


def shape(value: str) -> str:
    """A value with digits blurred, so errors group by pattern rather than by date."""
    return re.sub(r"\d", "9", value)


def report(name: str, result: Score, seconds: float | None, docs: int) -> None:
    speed = f"  {docs / seconds:,.0f} docs/s" if seconds else f"  ({docs} docs)"
    print(
        f"{name:<24} value F1 {result.f1(result.valued):.3f}  relaxed F1 {result.f1(result.relaxed):.3f}"
        f"  strict F1 {result.f1(result.strict):.3f}"
        f"  type acc {result.typed / max(result.relaxed, 1):.3f}"
        f"  (system {result.system}, gold {result.gold}, relaxed {result.relaxed},"
        f" value {result.valued}){speed}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of .tml files")
    parser.add_argument("--no-dateparser", action="store_true", help="score ours only")
    parser.add_argument("--errors", type=int, default=0, help="print the N commonest errors")
    parser.add_argument(
        "--repeat", type=int, default=3, help="time ours N times and keep the fastest (default 3)"
    )
    parser.add_argument(
        "--split", action="store_true", help="also score each sub-corpus (first-level folder)"
    )
    parser.add_argument(
        "--only", default=None, help="list errors of this sub-corpus only (e.g. TimeBank)"
    )
    args = parser.parse_args()
    if not args.dir.is_dir():
        print(f"TimeML corpus not found at {args.dir}: nothing to score.", file=sys.stderr)
        return 2
    docs = load_corpus(args.dir)
    words = sum(len(d.text.split()) for d in docs)
    print(f"{len(docs)} documents, {words:,} words, {sum(len(d.gold) for d in docs)} gold TIMEX3")
    errors = {k: Counter() for k in ("missed", "false positive", "wrong value", "span")}
    found, seconds = run_ours(docs)
    for _ in range(args.repeat - 1):  # the fastest run: least disturbed by other processes
        seconds = min(seconds, run_ours(docs)[1])
    ours = score(docs, found, None)
    report("timeline.dates", ours, seconds, len(docs))
    print(f"{'':<24} {seconds / words * 100 * 1000:.3f} ms per 100 words")
    if args.split:
        for split in sorted({d.split for d in docs}):
            chosen = [i for i, d in enumerate(docs) if d.split == split]
            part = score([docs[i] for i in chosen], [found[i] for i in chosen], None)
            report(f"  {split or '(top)'}", part, None, len(chosen))
    if args.errors:
        chosen = [i for i, d in enumerate(docs) if args.only in (None, d.split)]
        score([docs[i] for i in chosen], [found[i] for i in chosen], errors)
    if not args.no_dateparser:
        found, dp_seconds = run_dateparser(docs)
        report("dateparser.search_dates", score(docs, found, None), dp_seconds, len(docs))
        print(f"speed-up: {dp_seconds / seconds:.1f}x")
    for kind, counter in errors.items():
        if args.errors and counter:
            print(f"\n== {kind} ({sum(counter.values())}) ==")
            for key, n in counter.most_common(args.errors):
                print(f"{n:4d}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
