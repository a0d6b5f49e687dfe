"""Time of the date resolver against text length: the curve must be a straight line.

    python benchmarks/resolver_scaling.py [--max-chars 400000] [--repeat 3]

For each kind of text (ordinary news prose, 100k characters of "on Sunday " repeated, one endless
sentence of "the same day" anaphora, a text with no date at all, a hostile mix of numbers, bidi marks and control characters) it times
`resolve_text` at doubling lengths and prints seconds, microseconds per 1,000 characters and the
exponent k of time ~ length^k fitted over the curve (k = 1 is linear, k = 2 quadratic). The best of
--repeat runs is kept, so a busy machine does not bend the line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import time
from collections.abc import Callable

from timeline.dates import resolve_text

PUBLISHED = dt.date(2024, 4, 14)

PROSE = (
    "Defense Minister Yoav Gallant said on Sunday that Israel could form an alliance against "
    "Iran. He met Lloyd Austin on April 12, 2024 in Tel Aviv, two days after talks in Cairo were "
    "postponed. Officials said the next round would take place next week, and that the accord "
    "signed in March had held since. "
)
NO_DATES = (
    "The minister spoke to reporters outside the building and answered questions about the "
    "alliance, the talks and the aid that officials described as essential to the region. "
)
HOSTILE = (
    "\ufeff31/31/31 \u202eon Sunday\u202c 99999999999999999999 days ago \x00\x07 12/31/9999, "
    "the next day; \u200f2024-13-45 \u2066May\u2069 may, MAY. Q9 the 0th century \r\n"
)
KINDS: dict[str, str] = {
    "news prose": PROSE,
    'repeated "on Sunday"': "on Sunday ",
    # One endless sentence of day anaphora: each looks back for the narrative's day.
    "endless anaphora": "On Sunday the talks ended, and the same day the envoy, who had left, ",
    "no dates": NO_DATES,
    "hostile mix": HOSTILE,
}


def text_of(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def best_time(run: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def fitted_exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(length)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-chars", type=int, default=400_000)
    parser.add_argument("--min-chars", type=int, default=12_500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    resolve_text("warm-up on Sunday, April 12, 2024.", PUBLISHED)  # compile the lexicons once

    lengths = []
    n = args.min_chars
    while n <= args.max_chars:
        lengths.append(n)
        n *= 2
    print(f"resolve_text, published {PUBLISHED}, best of {args.repeat}")
    print(f"{'text':<22} {'chars':>9} {'mentions':>9} {'seconds':>9} {'us/1k chars':>12}")
    for kind, unit in KINDS.items():
        points = []
        for chars in lengths:
            text = text_of(unit, chars)
            mentions = len(resolve_text(text, PUBLISHED))
            seconds = best_time(lambda t=text: resolve_text(t, PUBLISHED), args.repeat)
            points.append((chars, seconds))
            print(
                f"{kind:<22} {chars:>9,} {mentions:>9,} {seconds:>9.3f} "
                f"{seconds / chars * 1e9:>12.1f}"
            )
        k = fitted_exponent(points)
        verdict = "linear" if k < 1.25 else "SUPERLINEAR"
        print(f"{kind:<22} time ~ length^{k:.2f}  ({verdict})\n")
    text = "on Sunday " * 10_000
    seconds = best_time(lambda: resolve_text(text, PUBLISHED), args.repeat)
    print(f'100,000 characters of "on Sunday " (10,000 mentions): {seconds:.2f} s')


if __name__ == "__main__":
    main()
