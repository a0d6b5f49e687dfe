"""Start-up costs: what a process pays before and for its first article (a rebuild of one changed
file, `timeline resolve`, each worker) stays small, and the shortcuts that keep it small give the
same results as the work they put off."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import detect
from timeline.dates.detect import RULES, SCANNERS, full_scanner

REPO = Path(__file__).resolve().parent.parent

PIECES = [
    "on Sunday", "Monday, Oct. 16, 2023", "last week", "two days ago", "the 14th", "in May",
    "the '90s", "mid-2023", "late March", "every Monday", "3 p.m.", "the third quarter",
    "Friday's", "the day before yesterday", "2 1/2 years", "Q3", "FY2024", "the same day",
    " ", ", ", ". ", "the ", "said ", "mayor", "Mondays", "overnight", "Thanksgiving", "1990s",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=25).map("".join)


def _first_match(scanner, text: str, at: int):
    match = scanner.match(text, at)
    return None if match is None else (match.end(), match.lastgroup)


@settings(max_examples=200, deadline=None, database=None)
@given(text=texts)
def test_each_characters_own_scanner_finds_what_the_scanner_of_all_rules_finds(text: str) -> None:
    # Until a character's scanner is compiled the scanner of all rules stands in: the two must
    # give the same first match wherever an expression can begin.
    for at, char in enumerate(text):
        if char in SCANNERS:
            own = SCANNERS.compiled(char)
            assert _first_match(own, text, at) == _first_match(full_scanner(), text, at)


def test_a_character_gets_its_own_scanner_once_it_is_used_often() -> None:
    scanners = detect._ScannersByFirstCharacter(RULES)
    seen = [scanners.get("m") for _ in range(2 * scanners.COMPILE_AFTER + 2)]
    assert seen[0] is full_scanner()
    assert seen[-1] is not full_scanner() and seen[-1] is seen[-2]
    assert len(seen[-1].pattern) < len(full_scanner().pattern)
    assert scanners.get("$") is None  # no expression begins with it


_FIRST_ARTICLE = """
import json, sys
from pathlib import Path
from timeline.pipeline import analyse_file
from timeline.dates import detect
path = Path(sys.argv[1])
result = analyse_file(path, path.parent)
print(json.dumps({
    "events": len(result.events),
    "own_scanners": sum(s is not None for s in detect.SCANNERS._compiled),
    "table": detect.SCANNERS._index is not None,
    "rule_parts": len(detect.RULE_PARTS),
    "rules": len(detect.RULES),
    "modules": sorted(m for m in ("trafilatura", "htmldate", "dask", "distributed") if m in sys.modules),
}))
"""


def test_a_fresh_process_analyses_a_first_article_without_compiling_every_scanner(
    tmp_path: Path,
) -> None:
    article = tmp_path / "wire.txt"
    article.write_text(
        "date 2024-04-14\nGallant meets Austin\n\n"
        "Defense Minister Yoav Gallant met Lloyd Austin in Tel Aviv on Sunday, and said on "
        "April 12, 2024 that talks would go on next week. Two days ago Antony Blinken visited "
        "Cairo; he returns in mid-May, officials said on Monday morning.\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-c", _FIRST_ARTICLE, str(article)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    seen = json.loads(run.stdout)
    assert seen["events"] >= 1
    assert seen["own_scanners"] == 0, "a first article compiled per-character scanners"
    assert not seen["table"], "a first article read every rule's first characters"
    assert 0 < seen["rule_parts"] < seen["rules"], "every rule compiled for one article"
    # A plain-text article needs neither the HTML extractors nor Dask.
    assert seen["modules"] == []
