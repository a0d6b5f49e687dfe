"""export() sorts the events newest first once and hands that order to the page and both feeds
(also to forked writers), and works out the build's 'now' once for them and the calendar: they
write exactly what each writes when it works them out for itself."""

from __future__ import annotations

from pathlib import Path

import pytest

import timeline.exporters.base as base
import timeline.exporters.html as html
from timeline.models import Timeline
from timeline.pipeline import export
from timeline.settings import Settings

READERS = ["html", "rss", "atom", "ics"]


def _export(sample: Timeline, out: Path, formats: list[str], **settings) -> dict[str, bytes]:
    written = export(sample, Settings(out_dir=out, formats=formats, **settings))
    return {path.name: path.read_bytes() for path in written}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("feed_limit", [0, 2])
def test_shared_order_writes_what_each_format_writes_alone(
    sample: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, feed_limit: int
) -> None:
    alone: dict[str, bytes] = {}
    for name in READERS:
        alone |= _export(sample, tmp_path / name, [name], feed_limit=feed_limit)

    def no_sort(*args, **kwargs):
        raise AssertionError("an exporter worked out the order or the date itself")

    # Every reader now takes what export() worked out: working it out again fails the build.
    monkeypatch.setattr(base, "newest_first", no_sort)
    monkeypatch.setattr(html, "newest_first", no_sort)
    monkeypatch.setattr(base, "latest_input_date", no_sort)
    shared = _export(sample, tmp_path / "all", READERS, feed_limit=feed_limit, jobs=jobs)
    assert shared == alone
    assert set(shared) == {"index.html", "timeline.rss", "timeline.atom", "timeline.ics"}


def test_one_reader_sorts_for_itself(sample: Timeline, tmp_path: Path) -> None:
    # Nothing to share: no order sorted in advance, the feed sorts (only its newest) itself.
    written = _export(sample, tmp_path, ["rss", "json"], feed_limit=2)
    assert written["timeline.rss"].count(b"<item>") == 2
